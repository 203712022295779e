#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../zi_limits.h"
#include "../log.h"
#include "sealer.h"

struct db_conn {
    PGconn *pg;
    int busy;
    int prepared;      /* statements prepared on the current session */
    int in_tx;         /* a transaction the dispatcher opened is in progress */
    int tx_write;      /* … and it may journal: wake the sealer when it commits */
    char actor[37];    /* API key id recorded by the journal triggers, or empty */
};

/* The pool's own statements, prepared before the modules' ones. */
static const db_stmt pool_statements[] = {
    {"pool_set_actor", "SELECT set_config('zi.actor_key_id', $1::text, true)", 1, 0},
    {"pool_seal", "SELECT zi_seal()", 0, 0},
    {NULL, NULL, 0, 0},
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    db_conn *conns;
    int size;
    int in_use;
    int waiting;
    char *url;
    int statement_timeout_ms;
    const db_stmt *const *tables;
    atomic_long down_until_ms; /* fail fast until then after a failed connect */
    atomic_int up;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .freed = PTHREAD_COND_INITIALIZER};

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static PGconn *connect_with_options(const char *url, int statement_timeout_ms)
{
    char options[160], timeout[16];
    /* Times leave the database in UTC so that every timestamp we render is UTC;
     * idle transactions cannot hold locks for long. */
    snprintf(options, sizeof options,
             "-c statement_timeout=%d -c idle_in_transaction_session_timeout=%d -c TimeZone=UTC -c DateStyle=ISO",
             statement_timeout_ms, statement_timeout_ms * 2);
    snprintf(timeout, sizeof timeout, "%d", ZI_DB_CONNECT_TIMEOUT_S);
    /* dbname first: expand_dbname parses it as a URI/conninfo and the later keywords win. */
    const char *keys[] = {"dbname", "connect_timeout", "options", "application_name",
                          "keepalives", "keepalives_idle", "tcp_user_timeout", NULL};
    const char *vals[] = {url, timeout, options, "zi-server", "1", "30", "10000", NULL};
    return PQconnectdbParams(keys, vals, 1);
}

PGconn *db_connect_quiet(const char *url)
{
    PGconn *pg = connect_with_options(url, pool.statement_timeout_ms > 0 ? pool.statement_timeout_ms : 5000);
    if (pg && PQstatus(pg) != CONNECTION_OK) {
        PQfinish(pg);
        pg = NULL;
    }
    return pg;
}

PGconn *db_connect_once(const char *url, int statement_timeout_ms)
{
    PGconn *pg = connect_with_options(url, statement_timeout_ms);
    if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "zi-server: cannot connect to the database: %s",
                pg ? PQerrorMessage(pg) : "out of memory\n");
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

static int prepare_table(PGconn *pg, const db_stmt *table)
{
    for (const db_stmt *st = table; st->name; st++) {
            PGresult *res = PQprepare(pg, st->name, st->sql, st->nparams, NULL);
            int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
            if (!ok)
                zlog(LOG_ERROR, "prepare %s failed: %s", st->name, PQerrorMessage(pg));
            PQclear(res);
            if (!ok)
                return -1;
    }
    return 0;
}

static int prepare_all(PGconn *pg)
{
    if (prepare_table(pg, pool_statements) != 0)
        return -1;
    for (const db_stmt *const *t = pool.tables; t && *t; t++) {
        if (prepare_table(pg, *t) != 0)
            return -1;
    }
    return 0;
}

/* Makes c usable: (re)connects and prepares when needed. Called without the pool lock. */
static int ensure_connected(db_conn *c)
{
    if (c->pg && PQstatus(c->pg) == CONNECTION_OK && c->prepared)
        return 0;
    if (now_ms() < atomic_load(&pool.down_until_ms))
        return -1;
    if (c->pg == NULL) {
        c->pg = connect_with_options(pool.url, pool.statement_timeout_ms);
    } else if (PQstatus(c->pg) != CONNECTION_OK) {
        PQreset(c->pg);
    }
    c->prepared = 0;
    if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
        atomic_store(&pool.down_until_ms, now_ms() + ZI_DB_DOWN_BACKOFF_MS);
        if (atomic_exchange(&pool.up, 0))
            zlog(LOG_ERROR, "database unreachable: %s", c->pg ? PQerrorMessage(c->pg) : "out of memory");
        return -1;
    }
    if (prepare_all(c->pg) != 0) {
        /* A statement that does not prepare means a schema mismatch (migrations missing):
         * drop the session, so the next try prepares on a clean one. */
        PQfinish(c->pg);
        c->pg = NULL;
        atomic_store(&pool.down_until_ms, now_ms() + ZI_DB_DOWN_BACKOFF_MS);
        return -1;
    }
    c->prepared = 1;
    if (!atomic_exchange(&pool.up, 1))
        zlog(LOG_INFO, "database connection established");
    return 0;
}

int db_pool_start(const char *url, int size, int statement_timeout_ms, const db_stmt *const *tables)
{
    pool.conns = calloc((size_t)size, sizeof *pool.conns);
    pool.url = strdup(url);
    if (pool.conns == NULL || pool.url == NULL) {
        free(pool.conns);
        free(pool.url);
        return -1;
    }
    pool.size = size;
    pool.statement_timeout_ms = statement_timeout_ms;
    pool.tables = tables;
    atomic_store(&pool.down_until_ms, 0);
    atomic_store(&pool.up, 1);
    for (int i = 0; i < size; i++) {
        if (ensure_connected(&pool.conns[i]) != 0)
            break; /* the database is down; checkouts will retry */
    }
    return 0;
}

void db_pool_stop(void)
{
    for (int i = 0; i < pool.size; i++)
        PQfinish(pool.conns[i].pg);
    free(pool.conns);
    free(pool.url);
    pool.conns = NULL;
    pool.url = NULL;
    pool.size = 0;
}

zi_result db_acquire(db_conn **out)
{
    *out = NULL;
    if (now_ms() < atomic_load(&pool.down_until_ms))
        return ZI_E_UNAVAILABLE;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += (long)(ZI_POOL_WAIT_MS % 1000) * 1000000L;
    deadline.tv_sec += ZI_POOL_WAIT_MS / 1000 + deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;

    db_conn *c = NULL;
    pthread_mutex_lock(&pool.lock);
    while (c == NULL) {
        for (int i = 0; i < pool.size; i++) {
            if (!pool.conns[i].busy) {
                c = &pool.conns[i];
                break;
            }
        }
        if (c)
            break;
        pool.waiting++;
        int rc = pthread_cond_timedwait(&pool.freed, &pool.lock, &deadline);
        pool.waiting--;
        if (rc != 0)
            break;
    }
    if (c) {
        c->busy = 1;
        pool.in_use++;
    }
    pthread_mutex_unlock(&pool.lock);
    if (c == NULL)
        return ZI_E_UNAVAILABLE;
    if (ensure_connected(c) != 0) {
        db_release(c);
        return ZI_E_UNAVAILABLE;
    }
    *out = c;
    return ZI_OK;
}

void db_release(db_conn *c)
{
    if (c == NULL)
        return;
    if (c->pg && PQstatus(c->pg) == CONNECTION_OK) {
        PGresult *res;
        while ((res = PQgetResult(c->pg)) != NULL)
            PQclear(res);
        if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
            PQclear(PQexec(c->pg, "ROLLBACK"));
    }
    c->in_tx = 0;
    c->actor[0] = '\0';
    pthread_mutex_lock(&pool.lock);
    c->busy = 0;
    pool.in_use--;
    pthread_cond_signal(&pool.freed);
    pthread_mutex_unlock(&pool.lock);
}

/* SQLSTATE classes that mean the session is gone rather than the statement wrong. */
static int connection_lost(PGconn *pg, const char *state)
{
    if (PQstatus(pg) != CONNECTION_OK)
        return 1;
    /* 25P03: the server ended a session left idle in a transaction (a request thread that was
     * not scheduled for idle_in_transaction_session_timeout); the error can reach us before
     * libpq notices the socket closing. */
    return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                     strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0 || strcmp(state, "25P03") == 0);
}

zi_result db_exec(db_conn *c, const db_stmt *st, const char *const *params, PGresult **res, char *sqlstate)
{
    *res = NULL;
    if (sqlstate)
        sqlstate[0] = '\0';
    for (int attempt = 0; attempt < 2; attempt++) {
        int in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
        PGresult *r = PQexecPrepared(c->pg, st->name, st->nparams, params, NULL, NULL, 0);
        ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            *res = r;
            return ZI_OK;
        }
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        if (connection_lost(c->pg, state)) {
            PQclear(r);
            c->prepared = 0;
            if (PQstatus(c->pg) == CONNECTION_OK)
                PQreset(c->pg); /* the server said it is going away: start a fresh session */
            if (ensure_connected(c) != 0 || in_tx || !st->readonly)
                return ZI_E_UNAVAILABLE;
            continue; /* a read is safe to run again on the new session */
        }
        if (state && strcmp(state, "57014") == 0) {
            zlog(LOG_WARN, "statement %s cancelled by statement_timeout", st->name);
            PQclear(r);
            return ZI_E_UNAVAILABLE;
        }
        if (sqlstate && state)
            snprintf(sqlstate, 6, "%s", state);
        zlog(LOG_DEBUG, "statement %s failed (%s): %s", st->name, state ? state : "?",
             r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg));
        PQclear(r);
        return ZI_E_INTERNAL;
    }
    return ZI_E_UNAVAILABLE;
}

static zi_result simple(db_conn *c, const char *sql, char *sqlstate)
{
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    zi_result out = ZI_OK;
    if (status != PGRES_COMMAND_OK) {
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        if (sqlstate)
            snprintf(sqlstate, 6, "%s", state ? state : "");
        out = connection_lost(c->pg, state) ? ZI_E_UNAVAILABLE : ZI_E_INTERNAL;
        if (out == ZI_E_UNAVAILABLE)
            c->prepared = 0;
    }
    PQclear(r);
    return out;
}

void db_set_actor(db_conn *c, const char *key_id)
{
    snprintf(c->actor, sizeof c->actor, "%s", key_id ? key_id : "");
}

/* BEGIN and the transaction-local actor setting the journal triggers read, sent together in
 * libpq's pipeline mode: one round trip instead of two on every write with a key. */
static zi_result begin_with_actor(db_conn *c)
{
    PGconn *pg = c->pg;
    const char *params[] = {c->actor};
    zi_result out = ZI_OK;
    if (PQenterPipelineMode(pg) != 1)
        return ZI_E_INTERNAL;
    if (PQsendQueryParams(pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) != 1 ||
        PQsendQueryPrepared(pg, pool_statements[0].name, 1, params, NULL, NULL, 0) != 1 || PQpipelineSync(pg) != 1)
        out = ZI_E_UNAVAILABLE;
    /* Each query's results end with NULL; the sync's result ends the pipeline. A broken
     * connection yields NULL without a sync: stop at the third NULL. */
    for (int ends = 0;;) {
        PGresult *r = PQgetResult(pg);
        if (r == NULL) {
            if (++ends >= 3 || PQstatus(pg) != CONNECTION_OK)
                break;
            continue;
        }
        ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_SYNC && out == ZI_OK) {
            const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            out = connection_lost(pg, state) ? ZI_E_UNAVAILABLE : ZI_E_INTERNAL;
            zlog(LOG_DEBUG, "BEGIN with the actor failed (%s): %s", state ? state : "?", PQresultErrorMessage(r));
        }
        PQclear(r);
        if (st == PGRES_PIPELINE_SYNC)
            break;
    }
    if (PQexitPipelineMode(pg) != 1 && out == ZI_OK)
        out = ZI_E_INTERNAL;
    if (out == ZI_E_UNAVAILABLE)
        c->prepared = 0;
    return out;
}

zi_result db_begin(db_conn *c, db_tx_mode mode)
{
    if (c->in_tx)
        return ZI_E_INTERNAL; /* one owner: the dispatcher (http/route.h) */
    zi_result rc;
    if (c->actor[0] && mode == DB_TX_WRITE)
        rc = begin_with_actor(c);
    else
        rc = simple(c, mode == DB_TX_SNAPSHOT ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", NULL);
    if (rc == ZI_OK) {
        c->in_tx = 1;
        c->tx_write = mode == DB_TX_WRITE;
        return ZI_OK;
    }
    if (PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        (void)simple(c, "ROLLBACK", NULL);
    return rc;
}

zi_result db_commit(db_conn *c, char *sqlstate)
{
    if (!c->in_tx)
        return ZI_E_INTERNAL;
    c->in_tx = 0;
    zi_result rc = simple(c, "COMMIT", sqlstate);
    if (rc != ZI_OK && PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        (void)simple(c, "ROLLBACK", NULL);
    if (rc == ZI_OK && c->tx_write)
        sealer_kick();
    return rc;
}

zi_result db_seal(db_conn *c)
{
    if (c->in_tx)
        return ZI_E_INTERNAL; /* the seal must commit on its own, before the reader's snapshot */
    PGresult *res;
    zi_result rc = db_exec(c, &pool_statements[1], NULL, &res, NULL);
    if (rc == ZI_OK)
        PQclear(res);
    return rc;
}

void db_rollback(db_conn *c)
{
    c->in_tx = 0;
    if (PQstatus(c->pg) == CONNECTION_OK && PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        (void)simple(c, "ROLLBACK", NULL);
}

PGconn *db_pgconn(db_conn *c)
{
    return c->pg;
}

void db_stats(db_pool_stats *out)
{
    pthread_mutex_lock(&pool.lock);
    out->in_use = pool.in_use;
    out->waiting = pool.waiting;
    out->size = pool.size;
    pthread_mutex_unlock(&pool.lock);
    out->up = atomic_load(&pool.up);
}

zi_result db_take_row(PGresult *res, char **text, long *number)
{
    if (PQntuples(res) == 0) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    *text = strdup(PQgetvalue(res, 0, 0));
    if (number)
        *number = strtol(PQgetvalue(res, 0, 1), NULL, 10);
    PQclear(res);
    return *text ? ZI_OK : ZI_E_INTERNAL;
}

zi_result db_take_created(PGresult *res, char **json, long *version, char **id)
{
    *json = NULL;
    *id = PQntuples(res) > 0 && PQnfields(res) > 2 ? strdup(PQgetvalue(res, 0, 2)) : NULL;
    zi_result rc = db_take_row(res, json, version);
    if (rc == ZI_OK && *id == NULL)
        rc = ZI_E_INTERNAL;
    if (rc != ZI_OK) {
        free(*json);
        free(*id);
        *json = NULL;
        *id = NULL;
    }
    return rc;
}

zi_result db_exec_row(db_conn *c, const db_stmt *st, const char *const *params, char **text, long *number)
{
    PGresult *res;
    zi_result rc = db_exec(c, st, params, &res, NULL);
    return rc == ZI_OK ? db_take_row(res, text, number) : rc;
}

zi_result db_exec_page(db_conn *c, const db_stmt *st, const char *const *params, long limit, db_page *out)
{
    memset(out, 0, sizeof *out);
    zi_result rc = db_exec(c, st, params, &out->res, NULL);
    if (rc != ZI_OK) {
        out->res = NULL;
        return rc;
    }
    out->col_json = PQfnumber(out->res, "json");
    out->col_sort = PQfnumber(out->res, "sort_key");
    out->col_id = PQfnumber(out->res, "id");
    if (out->col_json < 0 || out->col_sort < 0) {
        zlog(LOG_ERROR, "statement %s: a list needs columns json and sort_key", st->name);
        db_page_clear(out);
        return ZI_E_INTERNAL;
    }
    int rows = PQntuples(out->res);
    out->more = rows > limit;
    out->count = out->more ? (int)limit : rows;
    return ZI_OK;
}

const char *db_page_item(const db_page *p, int i, size_t *len)
{
    *len = (size_t)PQgetlength(p->res, i, p->col_json);
    return PQgetvalue(p->res, i, p->col_json);
}

const char *db_page_last_sort(const db_page *p)
{
    return p->count > 0 ? PQgetvalue(p->res, p->count - 1, p->col_sort) : "";
}

const char *db_page_last_id(const db_page *p)
{
    return p->count > 0 && p->col_id >= 0 ? PQgetvalue(p->res, p->count - 1, p->col_id) : "";
}

const char *db_page_id(const db_page *p, int i)
{
    return i < p->count && p->col_id >= 0 ? PQgetvalue(p->res, i, p->col_id) : "";
}

void db_page_clear(db_page *p)
{
    PQclear(p->res);
    p->res = NULL;
    p->count = 0;
    p->more = 0;
}

zi_result db_lock_version_and(db_conn *c, const db_stmt *st, const char *id, long *version, long *other)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(c, st, params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    if (found) {
        *version = strtol(PQgetvalue(res, 0, 0), NULL, 10);
        if (other)
            *other = PQnfields(res) > 1 ? strtol(PQgetvalue(res, 0, 1), NULL, 10) : 0;
    }
    PQclear(res);
    return found ? ZI_OK : ZI_E_NOT_FOUND;
}

zi_result db_lock_version(db_conn *c, const db_stmt *st, const char *id, long *version)
{
    return db_lock_version_and(c, st, id, version, NULL);
}
