#include "units_db.h"

#include "sql_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_JSON                                                                                           \
    "json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'parent_id', u.parent_id, " \
    "'address', u.address, 'head_name', u.head_name, 'staff_count', u.staff_count, "                       \
    "'designation_decree', u.designation_decree, 'designated_on', to_char(u.designated_on, 'YYYY-MM-DD'), "  \
    "'predicate', u.predicate, 'active', u.archived_at IS NULL, 'archived_at', " TS("u.archived_at") ", "    \
    "'created_at', " TS("u.created_at") ", 'updated_at', " TS("u.updated_at") ", 'version', u.version)::text"


/* q matches name or code case-insensitively, with % and _ taken literally. */
#define LIKE_Q "('%' || replace(replace(replace($4::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"

#define LIST_SQL(sortval, key, keyparam, op, dir)                                                  \
    "SELECT " UNIT_JSON " AS json, " sortval " AS sort_key, u.id::text AS id FROM units u"        \
    " WHERE ($1::text IS NULL OR u.kind = $1) AND ($2::text IS NULL OR u.predicate = $2)"          \
    " AND ($3::uuid IS NULL OR u.parent_id = $3)"                                                  \
    " AND ($4::text IS NULL OR u.name ILIKE " LIKE_Q " OR u.code ILIKE " LIKE_Q ")"                \
    " AND ($5::boolean IS NULL OR (u.archived_at IS NULL) = $5)"                                   \
    " AND ($7::uuid IS NULL OR (" key ", u.id) " op " (" keyparam ", $7::uuid))"                   \
    " ORDER BY " key " " dir ", u.id " dir " LIMIT $8::int"

/* A member of the request body ($n::jsonb, aliased b.j) set only when present. */

enum {
    S_GET, S_GET_CODE, S_EXISTS, S_ACTIVE, S_CYCLE, S_CREATE, S_LOCK, S_UPDATE, S_CHILDREN, S_ARCHIVE,
    S_LIST_NAME, S_LIST_NAME_DESC, S_LIST_CODE, S_LIST_CODE_DESC, S_LIST_CREATED, S_LIST_CREATED_DESC, S_PREDICATES
};

const db_stmt units_db_statements[] = {
    [S_GET] = {"units_get", "SELECT " UNIT_JSON ", u.version FROM units u WHERE u.id = $1::uuid", 1, 1},
    [S_GET_CODE] = {"units_get_by_code", "SELECT " UNIT_JSON ", u.version FROM units u WHERE lower(u.code) = lower($1::text)", 1, 1},
    [S_EXISTS] = {"units_exists", "SELECT id::text FROM units WHERE id = $1::uuid", 1, 1},
    [S_ACTIVE] = {"units_active", "SELECT archived_at IS NOT NULL FROM units WHERE id = $1::uuid FOR SHARE", 1, 0},
    /* Walk up from the proposed parent; meeting the unit itself means a cycle. UNION
     * (not UNION ALL) stops on a cycle that already exists. */
    [S_CYCLE] = {"units_cycle",
                 "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM units WHERE id = $2::uuid "
                 "UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id) "
                 "SELECT EXISTS (SELECT 1 FROM up WHERE id = $1::uuid)",
                 2, 1},
    [S_CREATE] = {"units_create",
                  "INSERT INTO units AS u (code, name, kind, parent_id, address, head_name, staff_count, "
                  "designation_decree, designated_on) SELECT " MEMBER("code") ", " MEMBER("name") ", "
                  MEMBER("kind") ", " MEMBER("parent_id") "::uuid, " MEMBER("address") ", " MEMBER("head_name") ", "
                  MEMBER("staff_count") "::int, " MEMBER("designation_decree") ", " MEMBER("designated_on") "::date "
                  "FROM (SELECT $1::jsonb AS j) AS b RETURNING " UNIT_JSON ", u.version, u.id::text",
                  1, 0},
    [S_LOCK] = {"units_lock", "SELECT version, archived_at IS NOT NULL FROM units WHERE id = $1::uuid FOR UPDATE", 1, 0},
    [S_UPDATE] = {"units_update",
                  "UPDATE units AS u SET " SET_IF("u", "code", MEMBER("code")) ", " SET_IF("u", "name", MEMBER("name")) ", "
                  SET_IF("u", "kind", MEMBER("kind")) ", " SET_IF("u", "parent_id", MEMBER("parent_id") "::uuid") ", "
                  SET_IF("u", "address", MEMBER("address")) ", " SET_IF("u", "head_name", MEMBER("head_name")) ", "
                  SET_IF("u", "staff_count", MEMBER("staff_count") "::int") ", "
                  SET_IF("u", "designation_decree", MEMBER("designation_decree")) ", "
                  SET_IF("u", "designated_on", MEMBER("designated_on") "::date") " "
                  "FROM (SELECT $2::jsonb AS j) AS b WHERE u.id = $1::uuid RETURNING " UNIT_JSON ", u.version",
                  2, 0},
    [S_CHILDREN] = {"units_active_children",
                    "SELECT count(*) FROM units WHERE parent_id = $1::uuid AND archived_at IS NULL", 1, 1},
    [S_ARCHIVE] = {"units_archive",
                   "UPDATE units AS u SET archived_at = now() WHERE u.id = $1::uuid "
                   "RETURNING " UNIT_JSON ", u.version",
                   1, 0},
    [S_LIST_NAME] = {"units_list_name", LIST_SQL("u.name", "u.name", "$6::text", ">", "ASC"), 8, 1},
    [S_LIST_NAME_DESC] = {"units_list_name_desc", LIST_SQL("u.name", "u.name", "$6::text", "<", "DESC"), 8, 1},
    [S_LIST_CODE] = {"units_list_code", LIST_SQL("u.code", "u.code", "$6::text", ">", "ASC"), 8, 1},
    [S_LIST_CODE_DESC] = {"units_list_code_desc", LIST_SQL("u.code", "u.code", "$6::text", "<", "DESC"), 8, 1},
    [S_LIST_CREATED] = {"units_list_created",
                        LIST_SQL(MICROS("u.created_at"), "u.created_at", FROM_MICROS("$6"), ">", "ASC"), 8, 1},
    [S_LIST_CREATED_DESC] = {"units_list_created_desc",
                             LIST_SQL(MICROS("u.created_at"), "u.created_at", FROM_MICROS("$6"), "<", "DESC"), 8, 1},
    [S_PREDICATES] = {"units_predicates",
                      "SELECT " UNITS_DB_PREDICATE_JSON " AS json, " MICROS("p.created_at") " AS sort_key, p.id::text AS id "
                      "FROM unit_predicates p WHERE p.unit_id = $1::uuid AND ($3::uuid IS NULL OR (p.created_at, p.id) < ("
                      FROM_MICROS("$2") ", $3::uuid)) ORDER BY p.created_at DESC, p.id DESC LIMIT $4::int",
                      4, 1},
    {NULL, NULL, 0, 0},
};


const zi_sort units_db_sorts[] = {
    {"name", &units_db_statements[S_LIST_NAME], PAGE_KEY_TEXT},
    {"-name", &units_db_statements[S_LIST_NAME_DESC], PAGE_KEY_TEXT},
    {"code", &units_db_statements[S_LIST_CODE], PAGE_KEY_TEXT},
    {"-code", &units_db_statements[S_LIST_CODE_DESC], PAGE_KEY_TEXT},
    {"created_at", &units_db_statements[S_LIST_CREATED], PAGE_KEY_INTEGER},
    {"-created_at", &units_db_statements[S_LIST_CREATED_DESC], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

const zi_sort units_db_history_sorts[] = {
    {"-created_at", &units_db_statements[S_PREDICATES], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};


zi_result units_db_get(db_conn *c, const char *id, const char *code, char **json, long *version)
{
    const char *params[] = {id ? id : code};
    return db_exec_row(c, &units_db_statements[id ? S_GET : S_GET_CODE], params, json, version);
}

zi_result units_db_list(db_conn *c, const zi_sort *sort, const unit_filter *f, db_page *page)
{
    char limit[24];
    snprintf(limit, sizeof limit, "%ld", f->limit + 1);
    const char *active = f->active < 0 ? NULL : f->active ? "true" : "false";
    const char *params[] = {f->kind, f->predicate, f->parent_id, f->q, active, f->after_value, f->after_id, limit};
    return db_exec_page(c, sort->stmt, params, f->limit, page);
}

zi_result units_db_predicates(db_conn *c, const char *unit_id, const char *after_value, const char *after_id,
                              long limit, db_page *page)
{
    const char *exists[] = {unit_id};
    PGresult *r;
    zi_result rc = db_exec(c, &units_db_statements[S_EXISTS], exists, &r, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(r) == 1;
    PQclear(r);
    if (!found)
        return ZI_E_NOT_FOUND;
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *params[] = {unit_id, after_value, after_id, lim};
    return db_exec_page(c, &units_db_statements[S_PREDICATES], params, limit, page);
}

static zi_result map_write_error(zi_result rc, const char *state, zi_errors *errs)
{
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0) {
        errors_add(errs, ZI_IN_BODY, "/code", "duplicate", 0, 0, NULL);
        return ZI_E_CONFLICT;
    }
    if (rc == ZI_E_INTERNAL && strcmp(state, "23503") == 0) {
        errors_add(errs, ZI_IN_BODY, "/parent_id", "not_found", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    return rc;
}

zi_result units_db_share(db_conn *c, const char *unit_id, int *archived)
{
    const char *params[] = {unit_id};
    PGresult *res;
    zi_result rc = db_exec(c, &units_db_statements[S_ACTIVE], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    *archived = found && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return found ? ZI_OK : ZI_E_NOT_FOUND;
}

zi_result units_db_require_active(db_conn *c, const char *unit_id, const char *field, zi_errors *errs)
{
    int archived = 0;
    zi_result rc = units_db_share(c, unit_id, &archived);
    if (rc == ZI_OK && !archived)
        return ZI_OK;
    if (rc != ZI_OK && rc != ZI_E_NOT_FOUND)
        return rc;
    errors_add(errs, ZI_IN_BODY, field, rc == ZI_E_NOT_FOUND ? "not_found" : "archived", 0, 0, NULL);
    return ZI_E_UNPROCESSABLE;
}

zi_result units_db_check_parent(db_conn *c, const char *id, const char *parent_id, zi_errors *errs)
{
    zi_result rc = units_db_require_active(c, parent_id, "/parent_id", errs);
    if (rc != ZI_OK || id == NULL)
        return rc;
    const char *cyc[] = {id, parent_id};
    PGresult *res;
    rc = db_exec(c, &units_db_statements[S_CYCLE], cyc, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int cycle = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (cycle) {
        errors_add(errs, ZI_IN_BODY, "/parent_id", "cycle", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    return ZI_OK;
}

zi_result units_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version, char **id)
{
    const char *params[] = {body};
    PGresult *res = NULL;
    char state[6] = "";
    *json = NULL;
    *id = NULL;
    zi_result rc = map_write_error(db_exec(c, &units_db_statements[S_CREATE], params, &res, state), state, errs);
    if (rc != ZI_OK)
        return rc;
    return db_take_created(res, json, version, id);
}

zi_result units_db_lock(db_conn *c, const char *id, long *version, int *archived)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(c, &units_db_statements[S_LOCK], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    *version = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    *archived = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    PQclear(res);
    return ZI_OK;
}

zi_result units_db_update(db_conn *c, const char *id, const char *body, zi_errors *errs, char **json,
                          long *version)
{
    const char *params[] = {id, body};
    PGresult *res;
    char state[6] = "";
    zi_result rc = map_write_error(db_exec(c, &units_db_statements[S_UPDATE], params, &res, state), state, errs);
    return rc == ZI_OK ? db_take_row(res, json, version) : rc;
}

zi_result units_db_active_children(db_conn *c, const char *id, long *count)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(c, &units_db_statements[S_CHILDREN], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    *count = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return ZI_OK;
}

zi_result units_db_archive(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &units_db_statements[S_ARCHIVE], params, json, version);
}
