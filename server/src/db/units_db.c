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

#define PREDICATE_JSON                                                                                        \
    "json_build_object('id', p.id, 'unit_id', p.unit_id, 'level', p.level, 'year', p.year, "                 \
    "'decree_number', p.decree_number, 'decree_date', to_char(p.decree_date, 'YYYY-MM-DD'), "                \
    "'status', p.status, 'revoked_at', " TS("p.revoked_at") ", 'revoke_reason', p.revoke_reason, "          \
    "'source', p.source, 'created_at', " TS("p.created_at") ")::text"

/* q matches name or code case-insensitively, with % and _ taken literally. */
#define LIKE_Q "('%' || replace(replace(replace($4::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')"

#define LIST_SQL(sortval, key, keyparam, op, dir)                                                  \
    "SELECT " UNIT_JSON ", " sortval ", u.id::text FROM units u"                                  \
    " WHERE ($1::text IS NULL OR u.kind = $1) AND ($2::text IS NULL OR u.predicate = $2)"          \
    " AND ($3::uuid IS NULL OR u.parent_id = $3)"                                                  \
    " AND ($4::text IS NULL OR u.name ILIKE " LIKE_Q " OR u.code ILIKE " LIKE_Q ")"                \
    " AND ($5::boolean IS NULL OR (u.archived_at IS NULL) = $5)"                                   \
    " AND ($7::uuid IS NULL OR (" key ", u.id) " op " (" keyparam ", $7::uuid))"                   \
    " ORDER BY " key " " dir ", u.id " dir " LIMIT $8::int"

#define UNIT_LOCK "SELECT version, archived_at IS NOT NULL FROM units WHERE id = $1::uuid FOR UPDATE"

enum {
    S_GET, S_GET_CODE, S_LIST_NAME, S_LIST_NAME_DESC, S_LIST_CODE, S_LIST_CODE_DESC, S_LIST_CREATED,
    S_LIST_CREATED_DESC, S_EXISTS, S_PREDICATES, S_PARENT, S_CYCLE, S_CREATE, S_LOCK, S_UPDATE, S_CHILDREN,
    S_ARCHIVE
};

const db_stmt units_db_statements[] = {
    [S_GET] = {"units_get", "SELECT " UNIT_JSON ", u.version FROM units u WHERE u.id = $1::uuid", 1, 1},
    [S_GET_CODE] = {"units_get_by_code", "SELECT " UNIT_JSON ", u.version FROM units u WHERE lower(u.code) = lower($1::text)", 1, 1},
    [S_LIST_NAME] = {"units_list_name", LIST_SQL("u.name", "u.name", "$6::text", ">", "ASC"), 8, 1},
    [S_LIST_NAME_DESC] = {"units_list_name_desc", LIST_SQL("u.name", "u.name", "$6::text", "<", "DESC"), 8, 1},
    [S_LIST_CODE] = {"units_list_code", LIST_SQL("u.code", "u.code", "$6::text", ">", "ASC"), 8, 1},
    [S_LIST_CODE_DESC] = {"units_list_code_desc", LIST_SQL("u.code", "u.code", "$6::text", "<", "DESC"), 8, 1},
    [S_LIST_CREATED] = {"units_list_created",
                        LIST_SQL(MICROS("u.created_at"), "u.created_at", FROM_MICROS("$6"), ">", "ASC"), 8, 1},
    [S_LIST_CREATED_DESC] = {"units_list_created_desc",
                             LIST_SQL(MICROS("u.created_at"), "u.created_at", FROM_MICROS("$6"), "<", "DESC"), 8, 1},
    [S_EXISTS] = {"units_exists", "SELECT 1 FROM units WHERE id = $1::uuid", 1, 1},
    [S_PREDICATES] = {"units_predicates",
                      "SELECT " PREDICATE_JSON ", " MICROS("p.created_at") ", p.id::text FROM unit_predicates p "
                      "WHERE p.unit_id = $1::uuid AND ($3::uuid IS NULL OR (p.created_at, p.id) < ("
                      FROM_MICROS("$2") ", $3::uuid)) ORDER BY p.created_at DESC, p.id DESC LIMIT $4::int",
                      4, 1},
    [S_PARENT] = {"units_parent", "SELECT archived_at IS NOT NULL FROM units WHERE id = $1::uuid FOR SHARE", 1, 0},
    /* Walk up from the proposed parent; meeting the unit itself means a cycle. UNION
     * (not UNION ALL) stops on a cycle that already exists. */
    [S_CYCLE] = {"units_cycle",
                 "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM units WHERE id = $2::uuid "
                 "UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id) "
                 "SELECT EXISTS (SELECT 1 FROM up WHERE id = $1::uuid)",
                 2, 1},
    [S_CREATE] = {"units_create",
                  "INSERT INTO units AS u (code, name, kind, parent_id, address, head_name, staff_count, "
                  "designation_decree, designated_on) VALUES ($1, $2, $3, $4::uuid, $5, $6, $7::int, $8, $9::date) "
                  "RETURNING " UNIT_JSON ", u.version, u.id::text",
                  9, 0},
    [S_LOCK] = {"units_lock", UNIT_LOCK, 1, 0},
    [S_UPDATE] = {"units_update",
                  "UPDATE units AS u SET "
                  "code = CASE WHEN $2::int & 1 <> 0 THEN $3 ELSE u.code END, "
                  "name = CASE WHEN $2::int & 2 <> 0 THEN $4 ELSE u.name END, "
                  "kind = CASE WHEN $2::int & 4 <> 0 THEN $5 ELSE u.kind END, "
                  "parent_id = CASE WHEN $2::int & 8 <> 0 THEN $6::uuid ELSE u.parent_id END, "
                  "address = CASE WHEN $2::int & 16 <> 0 THEN $7 ELSE u.address END, "
                  "head_name = CASE WHEN $2::int & 32 <> 0 THEN $8 ELSE u.head_name END, "
                  "staff_count = CASE WHEN $2::int & 64 <> 0 THEN $9::int ELSE u.staff_count END, "
                  "designation_decree = CASE WHEN $2::int & 128 <> 0 THEN $10 ELSE u.designation_decree END, "
                  "designated_on = CASE WHEN $2::int & 256 <> 0 THEN $11::date ELSE u.designated_on END "
                  "WHERE u.id = $1::uuid RETURNING " UNIT_JSON ", u.version",
                  11, 0},
    [S_CHILDREN] = {"units_active_children",
                    "SELECT count(*) FROM units WHERE parent_id = $1::uuid AND archived_at IS NULL", 1, 1},
    [S_ARCHIVE] = {"units_archive",
                   "UPDATE units AS u SET archived_at = now() WHERE u.id = $1::uuid "
                   "RETURNING " UNIT_JSON ", u.version",
                   1, 0},
    {NULL, NULL, 0, 0},
};

zi_result units_db_get(db_conn *c, const char *id, const char *code, char **json, long *version)
{
    const char *params[] = {id ? id : code};
    return db_exec_row(c, &units_db_statements[id ? S_GET : S_GET_CODE], params, json, version);
}

zi_result units_db_list(db_conn *c, unit_sort sort, const unit_filter *f, PGresult **res)
{
    char limit[24];
    snprintf(limit, sizeof limit, "%ld", f->limit);
    const char *active = f->active < 0 ? NULL : f->active ? "true" : "false";
    const char *params[] = {f->kind, f->predicate, f->parent_id, f->q, active, f->after_value, f->after_id, limit};
    return db_exec(c, &units_db_statements[S_LIST_NAME + (int)sort], params, res, NULL);
}

zi_result units_db_predicates(db_conn *c, const char *unit_id, const char *after_value, const char *after_id,
                              long limit, PGresult **res)
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
    snprintf(lim, sizeof lim, "%ld", limit);
    const char *params[] = {unit_id, after_value, after_id, lim};
    return db_exec(c, &units_db_statements[S_PREDICATES], params, res, NULL);
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

zi_result units_db_check_parent(db_conn *c, const char *id, const char *parent_id, zi_errors *errs)
{
    const char *params[] = {parent_id};
    PGresult *res;
    zi_result rc = db_exec(c, &units_db_statements[S_PARENT], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    int archived = found && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!found || archived) {
        errors_add(errs, ZI_IN_BODY, "/parent_id", found ? "archived" : "not_found", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    if (id == NULL)
        return ZI_OK;
    const char *cyc[] = {id, parent_id};
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

zi_result units_db_create(db_conn *c, const char *const vals[UCOL__COUNT], zi_errors *errs, char **json,
                          long *version, char **id)
{
    zi_result rc = db_begin(c);
    if (rc == ZI_OK && vals[UCOL_PARENT_ID])
        rc = units_db_check_parent(c, NULL, vals[UCOL_PARENT_ID], errs);
    PGresult *res = NULL;
    char state[6] = "";
    if (rc == ZI_OK)
        rc = map_write_error(db_exec(c, &units_db_statements[S_CREATE], vals, &res, state), state, errs);
    if (rc == ZI_OK) {
        *id = strdup(PQgetvalue(res, 0, 2));
        rc = db_take_row(res, json, version);
        if (rc == ZI_OK && *id == NULL)
            rc = ZI_E_INTERNAL;
    }
    if (rc == ZI_OK)
        rc = map_write_error(db_commit(c, state), state, errs);
    if (rc != ZI_OK) {
        db_rollback(c);
        free(*json);
        free(*id);
        *json = NULL;
        *id = NULL;
    }
    return rc;
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

zi_result units_db_update(db_conn *c, const char *id, unsigned mask, const char *const vals[UCOL__COUNT],
                          zi_errors *errs, char **json, long *version)
{
    char maskbuf[16];
    snprintf(maskbuf, sizeof maskbuf, "%u", mask);
    const char *params[2 + UCOL__COUNT] = {id, maskbuf};
    for (int i = 0; i < UCOL__COUNT; i++)
        params[2 + i] = vals[i];
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
