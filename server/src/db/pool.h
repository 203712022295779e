#ifndef ZI_POOL_H
#define ZI_POOL_H
/*
 * A fixed-size libpq connection pool (DESIGN §4). Connections are opened with a
 * connect timeout, statement and idle-in-transaction timeouts, and every registered
 * statement prepared; after PostgreSQL restarts, a broken connection is reset and
 * re-prepared on its next use. While the database is unreachable, checkout fails in
 * milliseconds (ZI_E_UNAVAILABLE → 503 + Retry-After) instead of hanging.
 *
 * Thread-safety: the pool functions are thread-safe; a db_conn belongs to the one
 * thread that acquired it until db_release.
 */
#include <libpq-fe.h>

#include "../domain/result.h"

typedef struct db_conn db_conn;

/* A statement prepared on every connection. `name` must be unique; `readonly`
 * statements are retried once after a reconnect. Tables end with a NULL name. */
typedef struct {
    const char *name;
    const char *sql;
    int nparams;
    int readonly;
} db_stmt;

/* A named keyset order of a list: the statement that reads in that order and the kind of
 * value its cursor carries. Tables end with a row whose name is NULL; the first row is the
 * default order. */
typedef enum { PAGE_KEY_TEXT, PAGE_KEY_INTEGER } zi_page_key;
typedef struct {
    const char *name;      /* "name", "-created_at": the value of the `sort` parameter */
    const db_stmt *stmt;   /* selects columns named json, sort_key and id, in this order */
    zi_page_key key;
} zi_sort;

/* One page of a keyset list, read by a statement whose columns are named `json` (the
 * item), `sort_key` and `id` (the keyset position; `id` may be absent for lists keyed by
 * one unique value). Owns its PGresult until db_page_clear. */
typedef struct {
    PGresult *res;
    int count;  /* items on this page */
    int more;   /* another page follows */
    int col_json, col_sort, col_id;
} db_page;

typedef struct {
    int in_use;
    int waiting;
    int size;
    int up; /* 1 when the last connection attempt succeeded */
} db_pool_stats;

/* Builds the pool: `size` connections to `url` (a libpq URI or conninfo), each with the
 * statement timeout, preparing the statements of every table in `tables` (NULL-terminated).
 * Connection failures at start are not fatal: the pool retries on checkout. 0 on success. */
int db_pool_start(const char *url, int size, int statement_timeout_ms, const db_stmt *const *tables);
/* Closes every connection; no checkout may be in progress. */
void db_pool_stop(void);
/* Checks out a connection within the pool's deadline. ZI_E_UNAVAILABLE when the database is
 * down or every connection stays busy. */
zi_result db_acquire(db_conn **out);
/* Returns a connection: rolls back a transaction left open, discards pending results. NULL-safe. */
void db_release(db_conn *c);
/* Executes a prepared statement with text parameters (NULL = SQL NULL). On ZI_OK *res is an
 * owned PGresult (PQclear it). On an SQL error returns ZI_E_INTERNAL, writes the SQLSTATE
 * to sqlstate (if non-NULL, 6 bytes) and logs; on a lost connection returns ZI_E_UNAVAILABLE. */
zi_result db_exec(db_conn *c, const db_stmt *st, const char *const *params, PGresult **res, char *sqlstate);
/* Transactions have one owner, the dispatcher (http/route.h explains the rule): db_*
 * functions run inside the transaction it opened and never begin, commit or roll back.
 * DB_TX_WRITE records the actor set by db_set_actor for the journal triggers;
 * DB_TX_SNAPSHOT is REPEATABLE READ, READ ONLY (a read that needs one consistent view).
 * A second db_begin without commit or rollback is refused (ZI_E_INTERNAL). A failed commit
 * leaves the connection idle. */
typedef enum { DB_TX_WRITE, DB_TX_SNAPSHOT } db_tx_mode;
zi_result db_begin(db_conn *c, db_tx_mode mode);
zi_result db_commit(db_conn *c, char *sqlstate);
void db_rollback(db_conn *c);
/* Seals the journal's pending records (db/sealer.h) in a transaction of its own, outside any
 * the dispatcher opened: a reader of the journal calls it first, so that every write
 * acknowledged before the request is in what it reads. */
zi_result db_seal(db_conn *c);
/* The API key id the journal records as the actor of this connection's next transaction
 * (NULL or "" for none). Cleared by db_release. */
void db_set_actor(db_conn *c, const char *key_id);
/* The underlying libpq connection, for code that streams (audit verification). Borrowed. */
PGconn *db_pgconn(db_conn *c);
void db_stats(db_pool_stats *out);
/* Takes row 0 of res: column 0 as owned text (*text, free()) and column 1 as a number
 * (*number, if non-NULL). Clears res. ZI_E_NOT_FOUND when res has no rows. */
zi_result db_take_row(PGresult *res, char **text, long *number);
/* Takes row 0 of an INSERT … RETURNING json, version, id: *json and *id owned (free()).
 * Clears res. On failure both are NULL. */
zi_result db_take_created(PGresult *res, char **json, long *version, char **id);
/* Runs a "SELECT version … FOR UPDATE" statement for one id: ZI_E_NOT_FOUND, or ZI_OK with
 * the row's version (column 0). The row stays locked until the transaction ends. */
zi_result db_lock_version(db_conn *c, const db_stmt *st, const char *id, long *version);
/* The same for a statement that also selects an integer (column 1) into *other. */
zi_result db_lock_version_and(db_conn *c, const db_stmt *st, const char *id, long *version, long *other);
/* db_exec then db_take_row: the common "one statement, one row of (json, version)" read. */
zi_result db_exec_row(db_conn *c, const db_stmt *st, const char *const *params, char **text, long *number);

/* Runs a list statement whose params ask for limit + 1 rows and keeps at most `limit`
 * items; `more` tells whether the extra row came. */
zi_result db_exec_page(db_conn *c, const db_stmt *st, const char *const *params, long limit, db_page *out);
/* Item i's JSON text (borrowed, valid until db_page_clear). */
const char *db_page_item(const db_page *p, int i, size_t *len);
/* Keyset position after the last item shown (borrowed): sort value and id ("" when the
 * list has no id column). */
const char *db_page_last_sort(const db_page *p);
const char *db_page_last_id(const db_page *p);
/* Item i's id column (borrowed; "" when the list has none). */
const char *db_page_id(const db_page *p, int i);
void db_page_clear(db_page *p);

/* Opens one standalone connection with the same options (for migrate and create-key).
 * Returns NULL and prints the reason to stderr on failure. */
PGconn *db_connect_once(const char *url, int statement_timeout_ms);
/* The same with the pool's options and no message: NULL when the database is unreachable. */
PGconn *db_connect_quiet(const char *url);

#endif
