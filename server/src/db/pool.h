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
/* Transactions nest: only the outermost db_begin sends BEGIN (and records the actor set
 * by db_set_actor for the journal triggers), only the outermost db_commit sends COMMIT.
 * An inner db_rollback makes the outer commit fail (ZI_E_INTERNAL) and roll back, so a
 * handler can run inside a transaction the router opened (idempotent POSTs). */
zi_result db_begin(db_conn *c);
zi_result db_commit(db_conn *c, char *sqlstate);
void db_rollback(db_conn *c);
int db_in_transaction(const db_conn *c);
/* The API key id the journal records as the actor of this connection's next transaction
 * (NULL or "" for none). Cleared by db_release. */
void db_set_actor(db_conn *c, const char *key_id);
/* The underlying libpq connection, for code that streams (audit verification). Borrowed. */
PGconn *db_pgconn(db_conn *c);
void db_stats(db_pool_stats *out);
/* Takes row 0 of res: column 0 as owned text (*text, free()) and column 1 as a number
 * (*number, if non-NULL). Clears res. ZI_E_NOT_FOUND when res has no rows. */
zi_result db_take_row(PGresult *res, char **text, long *number);
/* db_exec then db_take_row: the common "one statement, one row of (json, version)" read. */
zi_result db_exec_row(db_conn *c, const db_stmt *st, const char *const *params, char **text, long *number);

/* Opens one standalone connection with the same options (for migrate and create-key).
 * Returns NULL and prints the reason to stderr on failure. */
PGconn *db_connect_once(const char *url, int statement_timeout_ms);
/* The same with the pool's options and no message: NULL when the database is unreachable. */
PGconn *db_connect_quiet(const char *url);

#endif
