#include "sealer.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "pool.h"

/* Records per sealing transaction: large enough that a burst of writes is sealed in a few
 * transactions, small enough that one never holds journal_head for long. */
#define SEAL_BATCH 2000
#define SEAL_SQL "SELECT zi_seal(2000)"
/* The shortest time between two seals (see the loop): the feed's and webhooks' extra delay
 * under load, at most this plus one sealing transaction. */
#define SEAL_GATHER_MS 10

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int kicked;
    int stop;
    int running;
    int interval_ms;
    pthread_t thread;
    char *url;
} s = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

void sealer_kick(void)
{
    pthread_mutex_lock(&s.lock);
    if (!s.kicked) {
        s.kicked = 1;
        pthread_cond_signal(&s.wake);
    }
    pthread_mutex_unlock(&s.lock);
}

/* Seals until a batch comes back short. -1 when the connection failed (reconnect). */
static int seal_all(PGconn *pg)
{
    for (;;) {
        PGresult *res = PQexecParams(pg, SEAL_SQL, 0, NULL, NULL, NULL, NULL, 0);
        int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
        long n = ok ? strtol(PQgetvalue(res, 0, 0), NULL, 10) : 0;
        if (!ok && PQstatus(pg) == CONNECTION_OK)
            zlog(LOG_WARN, "journal sealer: %s", PQresultErrorMessage(res));
        PQclear(res);
        if (!ok)
            return PQstatus(pg) == CONNECTION_OK ? 0 : -1;
        if (n < SEAL_BATCH)
            return 0;
    }
}

static void deadline_in(struct timespec *t, int ms)
{
    clock_gettime(CLOCK_REALTIME, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static void *sealer(void *arg)
{
    (void)arg;
    PGconn *pg = NULL;
    pthread_mutex_lock(&s.lock);
    for (;;) {
        int stopping = s.stop;
        s.kicked = 0;
        pthread_mutex_unlock(&s.lock);
        if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
            PQfinish(pg);
            pg = db_connect_quiet(s.url);
        }
        if (pg != NULL && seal_all(pg) != 0) {
            PQfinish(pg);
            pg = NULL;
        }
        pthread_mutex_lock(&s.lock);
        if (stopping)
            break;
        struct timespec t;
        /* Under a stream of writes every commit kicks: a sealing transaction costs a WAL flush,
         * a NOTIFY and a wake-up of every listener, so gather what commits for a moment and
         * seal it in one batch. An isolated write is still sealed at once. */
        deadline_in(&t, SEAL_GATHER_MS);
        while (!s.stop && pthread_cond_timedwait(&s.wake, &s.lock, &t) == 0)
            ;
        if (!s.kicked && !s.stop) {
            /* Unreachable database: retry sooner than the interval, as the listener does. */
            deadline_in(&t, pg == NULL && s.interval_ms > 500 ? 500 : s.interval_ms);
            while (!s.kicked && !s.stop && pthread_cond_timedwait(&s.wake, &s.lock, &t) == 0)
                ;
        }
    }
    pthread_mutex_unlock(&s.lock);
    PQfinish(pg);
    return NULL;
}

int sealer_start(const char *url, int interval_ms)
{
    s.url = strdup(url);
    if (s.url == NULL)
        return -1;
    s.interval_ms = interval_ms > 0 ? interval_ms : 1000;
    s.stop = 0;
    if (pthread_create(&s.thread, NULL, sealer, NULL) != 0) {
        free(s.url);
        s.url = NULL;
        return -1;
    }
    s.running = 1;
    return 0;
}

void sealer_stop(void)
{
    if (!s.running)
        return;
    pthread_mutex_lock(&s.lock);
    s.stop = 1;
    pthread_cond_signal(&s.wake);
    pthread_mutex_unlock(&s.lock);
    pthread_join(s.thread, NULL);
    s.running = 0;
    free(s.url);
    s.url = NULL;
}
