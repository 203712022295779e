#ifndef ZI_UNITS_DB_H
#define ZI_UNITS_DB_H
/*
 * Units and their predicate history in PostgreSQL. Reads return JSON built by
 * PostgreSQL (one text column per row) that handlers pass through unchanged.
 * All functions run on a connection checked out by the caller.
 */
#include <libpq-fe.h>

#include "../domain/errors.h"
#include "pool.h"

extern const db_stmt units_db_statements[];

typedef enum { UNIT_SORT_NAME, UNIT_SORT_NAME_DESC, UNIT_SORT_CODE, UNIT_SORT_CODE_DESC,
               UNIT_SORT_CREATED, UNIT_SORT_CREATED_DESC } unit_sort;

typedef struct {
    const char *kind, *predicate, *parent_id, *q; /* NULL = no filter */
    int active;                                   /* -1 = no filter */
    const char *after_value, *after_id;           /* keyset position, NULL = first page */
    long limit;                                   /* rows to fetch (page size + 1) */
} unit_filter;

/* The unit's JSON and version: ZI_OK with *json (owned, free()) or ZI_E_NOT_FOUND. */
zi_result units_db_get(db_conn *c, const char *id, const char *code, char **json, long *version);
/* Rows of (json, sort value, id) for a page. *res is owned by the caller. */
zi_result units_db_list(db_conn *c, unit_sort sort, const unit_filter *f, PGresult **res);
/* Rows of (json, sort value, id) of a unit's predicate history, newest first.
 * ZI_E_NOT_FOUND when the unit does not exist. */
zi_result units_db_predicates(db_conn *c, const char *unit_id, const char *after_value, const char *after_id,
                              long limit, PGresult **res);

/* Writable columns in the order units_db_create / units_db_update take them. */
enum { UCOL_CODE, UCOL_NAME, UCOL_KIND, UCOL_PARENT_ID, UCOL_ADDRESS, UCOL_HEAD_NAME, UCOL_STAFF_COUNT,
       UCOL_DESIGNATION_DECREE, UCOL_DESIGNATED_ON, UCOL__COUNT };

/* Creates a unit from text values (NULL = SQL NULL). Field errors go to errs:
 * /parent_id not_found|archived → ZI_E_UNPROCESSABLE; /code duplicate → ZI_E_CONFLICT. */
zi_result units_db_create(db_conn *c, const char *const vals[UCOL__COUNT], zi_errors *errs, char **json,
                          long *version, char **id);

/* The state a change is checked against: locks the row until the transaction ends.
 * Call inside db_begin. */
zi_result units_db_lock(db_conn *c, const char *id, long *version, int *archived);
/* Checks a new parent inside the transaction: not_found, archived or cycle → errs. */
zi_result units_db_check_parent(db_conn *c, const char *id, const char *parent_id, zi_errors *errs);
/* Applies the columns whose bit is set in mask (1 << UCOL_*). */
zi_result units_db_update(db_conn *c, const char *id, unsigned mask, const char *const vals[UCOL__COUNT],
                          zi_errors *errs, char **json, long *version);
/* Number of active children of a unit. */
zi_result units_db_active_children(db_conn *c, const char *id, long *count);
zi_result units_db_archive(db_conn *c, const char *id, char **json, long *version);

#endif
