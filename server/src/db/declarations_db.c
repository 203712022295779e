#include "declarations_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"


#define LIST_SQL(op, dir)                                                                                  \
    "SELECT " DECLARATIONS_DB_JSON " AS json, to_char(d.declared_on, 'YYYY-MM-DD') AS sort_key, d.id::text AS id " \
    "FROM declarations d WHERE ($1::int IS NULL OR d.year = $1::int) "                                     \
    "AND ($2::uuid IS NULL OR d.unit_id = $2::uuid) "                                                     \
    "AND ($3::text IS NULL OR ($3 = 'city') = (d.unit_id IS NULL)) "                                      \
    "AND ($5::uuid IS NULL OR (d.declared_on, d.id) " op " ($4::date, $5::uuid)) "                         \
    "ORDER BY d.declared_on " dir ", d.id " dir " LIMIT $6::int"

enum { S_RESOLVE = DECLARATIONS_DB_RESOLVE, S_GET, S_CREATE, S_LOCK, S_UPDATE, S_LIST_DESC, S_LIST_ASC };

const db_stmt declarations_db_statements[] = {
    [S_RESOLVE] = {"declarations_unit", "SELECT unit_id::text FROM declarations WHERE id = $1::uuid", 1, 1},
    [S_GET] = {"declarations_get", "SELECT " DECLARATIONS_DB_JSON ", d.version FROM declarations d WHERE d.id = $1::uuid",
               1, 1},
    [S_CREATE] = {"declarations_create",
                  "INSERT INTO declarations AS d (unit_id, year, declared_on, place, signer_name, signer_position, "
                  "witnesses, document_ref, note) SELECT " MEMBER("unit_id") "::uuid, " MEMBER("year") "::int, "
                  MEMBER("declared_on") "::date, " MEMBER("place") ", " MEMBER("signer_name") ", "
                  MEMBER("signer_position") ", coalesce(b.j -> 'witnesses', '[]'::jsonb), " MEMBER("document_ref")
                  ", " MEMBER("note") " FROM (SELECT $1::jsonb AS j) AS b "
                  "RETURNING " DECLARATIONS_DB_JSON ", d.version, d.id::text",
                  1, 0},
    [S_LOCK] = {"declarations_lock", "SELECT version, year FROM declarations WHERE id = $1::uuid FOR UPDATE", 1, 0},
    [S_UPDATE] = {"declarations_update",
                  "UPDATE declarations AS d SET " SET_IF("d", "declared_on", MEMBER("declared_on") "::date") ", "
                  SET_IF("d", "place", MEMBER("place")) ", " SET_IF("d", "signer_name", MEMBER("signer_name")) ", "
                  SET_IF("d", "signer_position", MEMBER("signer_position")) ", "
                  SET_IF("d", "witnesses", "(b.j -> 'witnesses')") ", " SET_IF("d", "document_ref", MEMBER("document_ref"))
                  ", " SET_IF("d", "note", MEMBER("note")) " FROM (SELECT $2::jsonb AS j) AS b WHERE d.id = $1::uuid "
                  "RETURNING " DECLARATIONS_DB_JSON ", d.version",
                  2, 0},
    [S_LIST_DESC] = {"declarations_list_desc", LIST_SQL("<", "DESC"), 6, 1},
    [S_LIST_ASC] = {"declarations_list_asc", LIST_SQL(">", "ASC"), 6, 1},
    {NULL, NULL, 0, 0},
};

const zi_sort declarations_db_sorts[] = {
    {"-declared_on", &declarations_db_statements[S_LIST_DESC], PAGE_KEY_TEXT},
    {"declared_on", &declarations_db_statements[S_LIST_ASC], PAGE_KEY_TEXT},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result declarations_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &declarations_db_statements[S_GET], params, json, version);
}

zi_result declarations_db_list(db_conn *c, const zi_sort *sort, const declaration_filter *f, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", f->limit + 1);
    const char *params[] = {f->year, f->unit_id, f->scope, f->after_value, f->after_id, lim};
    return db_exec_page(c, sort->stmt, params, f->limit, page);
}

zi_result declarations_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version,
                                 char **id)
{
    const char *params[] = {body};
    PGresult *res;
    char state[6] = "";
    *json = NULL;
    *id = NULL;
    zi_result rc = db_exec(c, &declarations_db_statements[S_CREATE], params, &res, state);
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0) {
        errors_add(errs, ZI_IN_BODY, "/year", "duplicate", 0, 0, NULL);
        return ZI_E_CONFLICT;
    }
    return rc == ZI_OK ? db_take_created(res, json, version, id) : rc;
}

zi_result declarations_db_lock(db_conn *c, const char *id, long *version, long *year)
{
    return db_lock_version_and(c, &declarations_db_statements[S_LOCK], id, version, year);
}

zi_result declarations_db_update(db_conn *c, const char *id, const char *body, char **json, long *version)
{
    const char *params[] = {id, body};
    return db_exec_row(c, &declarations_db_statements[S_UPDATE], params, json, version);
}
