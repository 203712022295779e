#include "notify.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../log.h"
#include "keycache.h"
#include "pool.h"

static struct {
    pthread_mutex_t lock;
    pthread_cond_t announced;
    long long latest;
    int waiters;
    int max_waiters;
    atomic_int stop;
    pthread_t thread;
    int running;
    char *url;
} n = {.lock = PTHREAD_MUTEX_INITIALIZER, .announced = PTHREAD_COND_INITIALIZER, .max_waiters = 4};

static _Atomic(notify_hook) event_hook;

void notify_on_event(notify_hook fn)
{
    atomic_store(&event_hook, fn);
}

static void announce(long long seq)
{
    pthread_mutex_lock(&n.lock);
    if (seq > n.latest)
        n.latest = seq;
    pthread_cond_broadcast(&n.announced);
    pthread_mutex_unlock(&n.lock);
    notify_hook hook = atomic_load(&event_hook);
    if (hook)
        hook();
}

static PGconn *listen_connect(void)
{
    PGconn *pg = db_connect_quiet(n.url);
    if (pg == NULL)
        return NULL;
    PGresult *res = PQexec(pg, "LISTEN zi_events; LISTEN zi_keys");
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) {
        PQfinish(pg);
        return NULL;
    }
    /* Whatever happened while we were away: wake everyone to re-read, and trust no key
     * read before (the cache comes back on, empty). */
    announce(0);
    keycache_set_enabled(1);
    return pg;
}

static void *listener(void *arg)
{
    (void)arg;
    PGconn *pg = NULL;
    while (!atomic_load(&n.stop)) {
        if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
            /* No notices can reach us now: every key is read from the database. */
            keycache_set_enabled(0);
            PQfinish(pg);
            pg = listen_connect();
            if (pg == NULL) {
                struct timespec ts = {0, 500 * 1000000L};
                nanosleep(&ts, NULL);
                continue;
            }
        }
        struct pollfd pfd = {.fd = PQsocket(pg), .events = POLLIN};
        int rc = poll(&pfd, 1, 250);
        if (rc < 0 && errno != EINTR)
            break;
        if (rc > 0 && PQconsumeInput(pg) == 0)
            continue; /* the connection is gone; reconnect above */
        PGnotify *note;
        while ((note = PQnotifies(pg)) != NULL) {
            if (strcmp(note->relname, "zi_keys") == 0)
                keycache_flush();
            else
                announce(strtoll(note->extra, NULL, 10));
            PQfreemem(note);
        }
    }
    keycache_set_enabled(0);
    PQfinish(pg);
    return NULL;
}

int notify_start(const char *url)
{
    n.url = strdup(url);
    if (n.url == NULL)
        return -1;
    atomic_store(&n.stop, 0);
    if (pthread_create(&n.thread, NULL, listener, NULL) != 0) {
        free(n.url);
        n.url = NULL;
        return -1;
    }
    n.running = 1;
    return 0;
}

void notify_stop(void)
{
    if (!n.running)
        return;
    atomic_store(&n.stop, 1);
    pthread_join(n.thread, NULL);
    n.running = 0;
    free(n.url);
    n.url = NULL;
}

void notify_set_max_waiters(int max)
{
    n.max_waiters = max > 0 ? max : 1;
}

int notify_wait(long long after, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&n.lock);
    if (n.waiters >= n.max_waiters) {
        pthread_mutex_unlock(&n.lock);
        return -1;
    }
    n.waiters++;
    int got = n.latest > after;
    while (!got) {
        long long before = n.latest;
        int rc = pthread_cond_timedwait(&n.announced, &n.lock, &deadline);
        /* announce(0) after a reconnect wakes us without a new sequence: re-read then. */
        got = n.latest > after || (n.latest == before && rc == 0);
        if (rc != 0)
            break;
    }
    n.waiters--;
    pthread_mutex_unlock(&n.lock);
    return got ? 1 : 0;
}
