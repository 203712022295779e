#ifndef ZI_UNITS_DB_H
#define ZI_UNITS_DB_H
/*
 * Units and their predicate history in PostgreSQL. Reads return JSON built by
 * PostgreSQL (one text column per row) that handlers pass through unchanged. Writes take
 * the validated request body as one JSON document and read its members by name, so no
 * list of columns has to stay in step with another. All functions run on a connection
 * checked out by the caller, inside the caller's transaction for writes (http/route.h).
 */
#include <libpq-fe.h>

#include "../domain/errors.h"
#include "pool.h"
#include "sql_common.h"

/* The JSON representation, as an SQL expression over the table aliased as in the FROM of the
 * statements that use it. */
#define UNITS_DB_PREDICATE_JSON                                                                                        \
    "json_build_object('id', p.id, 'unit_id', p.unit_id, 'level', p.level, 'year', p.year, "                 \
    "'decree_number', p.decree_number, 'decree_date', to_char(p.decree_date, 'YYYY-MM-DD'), "                \
    "'status', p.status, 'revoked_at', " TS("p.revoked_at") ", 'revoke_reason', p.revoke_reason, "          \
    "'source', p.source, 'created_at', " TS("p.created_at") ")::text"

extern const db_stmt units_db_statements[];
/* The orders of GET /v1/units (the first is the default) and of the predicate history. */
extern const zi_sort units_db_sorts[];
extern const zi_sort units_db_history_sorts[];

typedef struct {
    const char *kind, *predicate, *parent_id, *q; /* NULL = no filter */
    int active;                                   /* -1 = no filter */
    const char *after_value, *after_id;           /* keyset position, NULL = first page */
    long limit;                                   /* page size */
} unit_filter;

/* The unit's JSON and version: ZI_OK with *json (owned, free()) or ZI_E_NOT_FOUND. */
zi_result units_db_get(db_conn *c, const char *id, const char *code, char **json, long *version);
/* One page of units in the order `sort` (a row of units_db_sorts). */
zi_result units_db_list(db_conn *c, const zi_sort *sort, const unit_filter *f, db_page *page);
/* One page of a unit's predicate history, newest first. ZI_E_NOT_FOUND when the unit does
 * not exist. */
zi_result units_db_predicates(db_conn *c, const char *unit_id, const char *after_value, const char *after_id,
                              long limit, db_page *page);

/* The one check that a unit named by a request may be used: it exists and is not archived.
 * Takes a FOR SHARE lock until the transaction ends, so an archive cannot slip in between
 * the check and the write that relies on it (a key created for a unit being archived).
 * Adds `not_found` or `archived` on `field` (a JSON pointer) and returns ZI_E_UNPROCESSABLE. */
zi_result units_db_require_active(db_conn *c, const char *unit_id, const char *field, zi_errors *errs);
/* The same lock for a unit the path names: ZI_E_NOT_FOUND, or ZI_OK with *archived. */
zi_result units_db_share(db_conn *c, const char *unit_id, int *archived);

/* Creates a unit from the validated body (JSON text). /parent_id not_found|archived →
 * ZI_E_UNPROCESSABLE; /code duplicate → ZI_E_CONFLICT. *json and *id are owned. */
zi_result units_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version, char **id);

/* Locks the row until the transaction ends; the state a change is checked against. */
zi_result units_db_lock(db_conn *c, const char *id, long *version, int *archived);
/* Checks a new parent: not_found, archived or cycle → errs, ZI_E_UNPROCESSABLE. */
zi_result units_db_check_parent(db_conn *c, const char *id, const char *parent_id, zi_errors *errs);
/* Applies the members present in the validated body (JSON text). */
zi_result units_db_update(db_conn *c, const char *id, const char *body, zi_errors *errs, char **json,
                          long *version);
/* Number of active children of a unit. */
zi_result units_db_active_children(db_conn *c, const char *id, long *count);
zi_result units_db_archive(db_conn *c, const char *id, char **json, long *version);

#endif
