#include "pledges_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"


enum { S_RESOLVE = PLEDGES_DB_RESOLVE, S_GET, S_LIST, S_CITY_PRINCIPLES, S_RETIRE, S_CREATE, S_LOCK, S_DEACTIVATE };

const db_stmt pledges_db_statements[] = {
    [S_RESOLVE] = {"pledges_unit", "SELECT unit_id::text FROM service_pledges WHERE id = $1::uuid", 1, 1},
    [S_GET] = {"pledges_get", "SELECT " PLEDGES_DB_JSON ", s.version FROM service_pledges s WHERE s.id = $1::uuid", 1, 1},
    [S_LIST] = {"pledges_list",
                "SELECT " PLEDGES_DB_JSON " AS json, to_char(s.adopted_on, 'YYYY-MM-DD') AS sort_key, s.id::text AS id "
                "FROM service_pledges s WHERE s.unit_id IS NOT DISTINCT FROM $1::uuid "
                "AND ($2::boolean IS NULL OR s.active = $2::boolean) "
                "AND ($4::uuid IS NULL OR (s.adopted_on, s.id) < ($3::date, $4::uuid)) "
                "ORDER BY s.adopted_on DESC, s.id DESC LIMIT $5::int",
                5, 1},
    [S_CITY_PRINCIPLES] = {"pledges_city_principles",
                           "SELECT principles::text FROM service_pledges WHERE id = $1::uuid AND unit_id IS NULL", 1,
                           1},
    /* One active pledge per unit (and one for the city): the new one replaces it. */
    [S_RETIRE] = {"pledges_retire",
                  "UPDATE service_pledges SET active = false WHERE unit_id IS NOT DISTINCT FROM $1::uuid AND active",
                  1, 0},
    [S_CREATE] = {"pledges_create",
                  "INSERT INTO service_pledges AS s (unit_id, name, principles, adopted_on, document_ref, based_on_id) "
                  "SELECT $1::uuid, b.j ->> 'name', b.j -> 'principles', (b.j ->> 'adopted_on')::date, "
                  "b.j ->> 'document_ref', (b.j ->> 'based_on_id')::uuid FROM (SELECT $2::jsonb AS j) AS b "
                  "RETURNING " PLEDGES_DB_JSON ", s.version, s.id::text",
                  2, 0},
    [S_LOCK] = {"pledges_lock", "SELECT version FROM service_pledges WHERE id = $1::uuid FOR UPDATE", 1, 0},
    [S_DEACTIVATE] = {"pledges_deactivate",
                      "UPDATE service_pledges AS s SET active = false WHERE s.id = $1::uuid "
                      "RETURNING " PLEDGES_DB_JSON ", s.version",
                      1, 0},
    {NULL, NULL, 0, 0},
};

const zi_sort pledges_db_sorts[] = {
    {"-adopted_on", &pledges_db_statements[S_LIST], PAGE_KEY_TEXT},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result pledges_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &pledges_db_statements[S_GET], params, json, version);
}

zi_result pledges_db_list(db_conn *c, const char *unit_id, int active, const char *after_value, const char *after_id,
                          long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *act = active < 0 ? NULL : active ? "true" : "false";
    const char *params[] = {unit_id, act, after_value, after_id, lim};
    return db_exec_page(c, &pledges_db_statements[S_LIST], params, limit, page);
}

zi_result pledges_db_city_principles(db_conn *c, const char *id, char **principles)
{
    const char *params[] = {id};
    return db_exec_row(c, &pledges_db_statements[S_CITY_PRINCIPLES], params, principles, NULL);
}

zi_result pledges_db_create(db_conn *c, const char *unit_id, const char *body, char **json, long *version,
                            char **id)
{
    const char *unit[] = {unit_id};
    PGresult *res;
    *json = NULL;
    *id = NULL;
    zi_result rc = db_exec(c, &pledges_db_statements[S_RETIRE], unit, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    PQclear(res);
    const char *params[] = {unit_id, body};
    rc = db_exec(c, &pledges_db_statements[S_CREATE], params, &res, NULL);
    return rc == ZI_OK ? db_take_created(res, json, version, id) : rc;
}

zi_result pledges_db_lock(db_conn *c, const char *id, long *version)
{
    return db_lock_version(c, &pledges_db_statements[S_LOCK], id, version);
}

zi_result pledges_db_deactivate(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &pledges_db_statements[S_DEACTIVATE], params, json, version);
}
