#include "test_fixture_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"

#define FIXTURE_JSON                                                                                       \
    "json_build_object('id', f.id, 'unit_id', f.unit_id, 'title', f.title, 'secret', f.secret, "          \
    "'unit_note', f.unit_note, 'owner', f.owner, 'flagged', f.flagged, 'created_at', " TS("f.created_at") \
    ", 'updated_at', " TS("f.updated_at") ", 'version', f.version)::text"

enum { S_RESOLVE = TEST_FIXTURE_DB_RESOLVE, S_GET, S_LIST, S_CREATE, S_LOCK, S_UPDATE, S_FLAG };

const db_stmt test_fixture_db_statements[] = {
    [S_RESOLVE] = {"fixture_unit", "SELECT unit_id::text FROM test_fixtures WHERE id = $1::uuid", 1, 1},
    [S_GET] = {"fixture_get", "SELECT " FIXTURE_JSON ", f.version FROM test_fixtures f WHERE f.id = $1::uuid", 1, 1},
    [S_LIST] = {"fixture_list",
                "SELECT " FIXTURE_JSON " AS json, " MICROS("f.created_at") " AS sort_key, f.id::text AS id "
                "FROM test_fixtures f WHERE ($1::uuid IS NULL OR f.unit_id = $1::uuid) "
                "AND ($3::uuid IS NULL OR (f.created_at, f.id) > (" FROM_MICROS("$2") ", $3::uuid)) "
                "ORDER BY f.created_at, f.id LIMIT $4::int",
                4, 1},
    [S_CREATE] = {"fixture_create",
                  "INSERT INTO test_fixtures AS f (unit_id, title, secret, unit_note, owner) "
                  "SELECT (b.j ->> 'unit_id')::uuid, b.j ->> 'title', b.j ->> 'secret', b.j ->> 'unit_note', $2 "
                  "FROM (SELECT $1::jsonb AS j) AS b RETURNING " FIXTURE_JSON ", f.version, f.id::text",
                  2, 0},
    [S_LOCK] = {"fixture_lock", "SELECT version FROM test_fixtures WHERE id = $1::uuid FOR UPDATE", 1, 0},
    [S_UPDATE] = {"fixture_update",
                  "UPDATE test_fixtures AS f SET " SET_IF("f", "title", MEMBER("title")) ", " SET_IF("f", "secret", MEMBER("secret")) ", " SET_IF("f", "unit_note", MEMBER("unit_note"))
                  " FROM (SELECT $2::jsonb AS j) AS b WHERE f.id = $1::uuid RETURNING " FIXTURE_JSON ", f.version",
                  2, 0},
    [S_FLAG] = {"fixture_flag",
                "UPDATE test_fixtures AS f SET flagged = true WHERE f.id = $1::uuid RETURNING " FIXTURE_JSON
                ", f.version",
                1, 0},
    {NULL, NULL, 0, 0},
};

const zi_sort test_fixture_db_sorts[] = {
    {"created_at", &test_fixture_db_statements[S_LIST], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result test_fixture_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &test_fixture_db_statements[S_GET], params, json, version);
}

zi_result test_fixture_db_list(db_conn *c, const char *unit_only, const char *after_value, const char *after_id,
                               long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *params[] = {unit_only, after_value, after_id, lim};
    return db_exec_page(c, &test_fixture_db_statements[S_LIST], params, limit, page);
}

zi_result test_fixture_db_create(db_conn *c, const char *body, const char *owner, char **json, long *version,
                                 char **id)
{
    const char *params[] = {body, owner};
    PGresult *res;
    *json = NULL;
    *id = NULL;
    zi_result rc = db_exec(c, &test_fixture_db_statements[S_CREATE], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    return db_take_created(res, json, version, id);
}

zi_result test_fixture_db_lock(db_conn *c, const char *id, long *version)
{
    return db_lock_version(c, &test_fixture_db_statements[S_LOCK], id, version);
}

zi_result test_fixture_db_update(db_conn *c, const char *id, const char *body, char **json, long *version)
{
    const char *params[] = {id, body};
    return db_exec_row(c, &test_fixture_db_statements[S_UPDATE], params, json, version);
}

zi_result test_fixture_db_flag(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &test_fixture_db_statements[S_FLAG], params, json, version);
}
