/*
 * db/pool.h for the fuzz targets: a database that is always down. Fuzzing must not need
 * PostgreSQL, yet handlers are where some bodies are validated (calendars, score sheets,
 * NIK and phone shapes, cursors against a list's own sorts), and they validate before their
 * first statement. So a checkout succeeds and a transaction "opens" (the dispatcher's part),
 * but every statement fails as a lost connection does (ZI_E_UNAVAILABLE, 503): a handler runs
 * up to its first query, through code the API tests reach only with a live database.
 * The fuzz build links this object instead of server/src/db/pool.c.
 */
#include <stdlib.h>
#include <string.h>

#include "db/pool.h"

struct db_conn {
    int unused;
};

static db_conn down;

int db_pool_start(const char *url, int size, int statement_timeout_ms, const db_stmt *const *tables)
{
    (void)url;
    (void)size;
    (void)statement_timeout_ms;
    (void)tables;
    return 0;
}

void db_pool_stop(void)
{
}

zi_result db_acquire(db_conn **out)
{
    *out = &down;
    return ZI_OK;
}

void db_release(db_conn *c)
{
    (void)c;
}

zi_result db_exec(db_conn *c, const db_stmt *st, const char *const *params, PGresult **res, char *sqlstate)
{
    (void)c;
    (void)st;
    (void)params;
    *res = NULL;
    if (sqlstate)
        sqlstate[0] = '\0';
    return ZI_E_UNAVAILABLE;
}

zi_result db_begin(db_conn *c, db_tx_mode mode)
{
    (void)c;
    (void)mode;
    return ZI_OK;
}

zi_result db_commit(db_conn *c, char *sqlstate)
{
    (void)c;
    if (sqlstate)
        sqlstate[0] = '\0';
    return ZI_OK;
}

void db_rollback(db_conn *c)
{
    (void)c;
}

zi_result db_seal(db_conn *c)
{
    (void)c;
    return ZI_E_UNAVAILABLE;
}

void db_set_actor(db_conn *c, const char *key_id)
{
    (void)c;
    (void)key_id;
}

PGconn *db_pgconn(db_conn *c)
{
    (void)c;
    return NULL;
}

void db_stats(db_pool_stats *out)
{
    memset(out, 0, sizeof *out);
    out->size = 1;
}

zi_result db_take_row(PGresult *res, char **text, long *number)
{
    PQclear(res);
    *text = NULL;
    if (number)
        *number = 0;
    return ZI_E_UNAVAILABLE;
}

zi_result db_take_created(PGresult *res, char **json, long *version, char **id)
{
    PQclear(res);
    *json = NULL;
    *id = NULL;
    *version = 0;
    return ZI_E_UNAVAILABLE;
}

zi_result db_exec_row(db_conn *c, const db_stmt *st, const char *const *params, char **text, long *number)
{
    PGresult *res;
    zi_result rc = db_exec(c, st, params, &res, NULL);
    *text = NULL;
    if (number)
        *number = 0;
    return rc;
}

zi_result db_exec_page(db_conn *c, const db_stmt *st, const char *const *params, long limit, db_page *out)
{
    (void)limit;
    memset(out, 0, sizeof *out);
    PGresult *res;
    return db_exec(c, st, params, &res, NULL);
}

const char *db_page_item(const db_page *p, int i, size_t *len)
{
    (void)p;
    (void)i;
    *len = 0;
    return "";
}

const char *db_page_last_sort(const db_page *p)
{
    (void)p;
    return "";
}

const char *db_page_last_id(const db_page *p)
{
    (void)p;
    return "";
}

const char *db_page_id(const db_page *p, int i)
{
    (void)p;
    (void)i;
    return "";
}

void db_page_clear(db_page *p)
{
    PQclear(p->res);
    memset(p, 0, sizeof *p);
}

zi_result db_lock_version_and(db_conn *c, const db_stmt *st, const char *id, long *version, long *other)
{
    const char *params[] = {id};
    PGresult *res;
    *version = 0;
    if (other)
        *other = 0;
    return db_exec(c, st, params, &res, NULL);
}

zi_result db_lock_version(db_conn *c, const db_stmt *st, const char *id, long *version)
{
    return db_lock_version_and(c, st, id, version, NULL);
}

PGconn *db_connect_once(const char *url, int statement_timeout_ms)
{
    (void)url;
    (void)statement_timeout_ms;
    return NULL;
}

PGconn *db_connect_quiet(const char *url)
{
    (void)url;
    return NULL;
}
