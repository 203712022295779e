#include "pacts_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"

#define PACT_JSON                                                                                          \
    "json_build_object('id', p.id, 'unit_id', p.unit_id, 'year', p.year, 'civil_servant', p.nip IS NOT NULL, " \
    "'nip', p.nip, 'name', p.name, 'position', p.position, 'signed_on', to_char(p.signed_on, 'YYYY-MM-DD'), "  \
    "'witness_name', p.witness_name, 'witness_position', p.witness_position, 'trigger', p.trigger, "        \
    "'created_at', " TS("p.created_at") ", 'updated_at', " TS("p.updated_at") ", 'version', p.version)::text"
/* The columns of a signature from a JSON object j (a validated body or upload row). */
#define ROW_VALUES                                                                                         \
    "(j ->> 'year')::int, j ->> 'nip', j ->> 'name', j ->> 'position', (j ->> 'signed_on')::date, "        \
    "j ->> 'witness_name', j ->> 'witness_position', j ->> 'trigger'"
#define ROW_COLUMNS "unit_id, year, nip, name, position, signed_on, witness_name, witness_position, trigger"

enum { S_GET, S_LIST, S_SIGN, S_DUPES, S_EVENTS_OFF, S_IMPORT, S_IMPORTED, S_COVERAGE, S_CITY };

const db_stmt pacts_db_statements[] = {
    [S_GET] = {"pacts_get",
               "SELECT " PACT_JSON ", p.version FROM pact_signatures p WHERE p.unit_id = $1::uuid AND p.id = $2::uuid",
               2, 1},
    [S_LIST] = {"pacts_list",
                "SELECT " PACT_JSON " AS json, " MICROS("p.created_at") " AS sort_key, p.id::text AS id "
                "FROM pact_signatures p WHERE p.unit_id = $1::uuid AND ($2::int IS NULL OR p.year = $2::int) "
                "AND ($3::boolean IS NULL OR (p.nip IS NOT NULL) = $3::boolean) "
                "AND ($5::uuid IS NULL OR (p.created_at, p.id) > (" FROM_MICROS("$4") ", $5::uuid)) "
                "ORDER BY p.created_at, p.id LIMIT $6::int",
                6, 1},
    [S_SIGN] = {"pacts_sign",
                "INSERT INTO pact_signatures AS p (" ROW_COLUMNS ") SELECT $1::uuid, " ROW_VALUES
                " FROM (SELECT $2::jsonb AS j) AS b RETURNING " PACT_JSON ", p.version, p.id::text",
                2, 0},
    /* Duplicates inside the upload (every repeat after the first) and against stored ones. */
    [S_DUPES] = {"pacts_duplicates",
                 "WITH upload AS (SELECT (j ->> 'i')::int AS i, (j ->> 'year')::int AS year, j ->> 'nip' AS nip, "
                 "lower(j ->> 'name') AS name, lower(j ->> 'position') AS position "
                 "FROM jsonb_array_elements($2::jsonb) AS e(j)), "
                 "ranked AS (SELECT r.*, row_number() OVER (PARTITION BY year, nip, "
                 "CASE WHEN nip IS NULL THEN name END, CASE WHEN nip IS NULL THEN position END ORDER BY i) AS n "
                 "FROM upload r) "
                 "SELECT i FROM ranked r WHERE n > 1 OR EXISTS (SELECT 1 FROM pact_signatures p "
                 "WHERE p.unit_id = $1::uuid AND p.year = r.year AND ((r.nip IS NOT NULL AND p.nip = r.nip) OR "
                 "(r.nip IS NULL AND p.nip IS NULL AND lower(p.name) = r.name AND lower(p.position) = r.position))) "
                 "ORDER BY i",
                 2, 1},
    /* A bulk upload journals every row but announces itself once (0003_commitments.sql), and
     * may take longer than one request's statement timeout: 5,000 journalled rows take about a
     * second. Both settings end with the transaction. */
    [S_EVENTS_OFF] = {"pacts_bulk_begin",
                      "SELECT set_config('zi.events_off', 'on', true), set_config('statement_timeout', '60s', true)",
                      0, 0},
    [S_IMPORT] = {"pacts_import",
                  "WITH src AS MATERIALIZED (SELECT gen_random_uuid() AS id, e.i, e.j "
                  "FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(j, i)), "
                  "ins AS (INSERT INTO pact_signatures (id, " ROW_COLUMNS ") SELECT id, $1::uuid, " ROW_VALUES
                  " FROM src ORDER BY i RETURNING 1) "
                  "SELECT (SELECT count(*) FROM ins), (SELECT coalesce(json_agg(id ORDER BY i), '[]') FROM src)::text",
                  2, 0},
    [S_IMPORTED] = {"pacts_imported",
                    "SELECT set_config('zi.events_off', 'off', true), "
                    "zi_event('pact_signature.imported', 'unit', $1::uuid, NULL)",
                    1, 0},
    /* No row for an unknown unit (the expression alone would be one NULL row). */
    [S_COVERAGE] = {"pacts_coverage",
                    "SELECT c::text FROM (SELECT " PACTS_DB_COVERAGE("$1::uuid", "$2::int") " AS c) AS s "
                    "WHERE c IS NOT NULL",
                    2, 1},
    [S_CITY] = {"pacts_city_coverage", "SELECT " PACTS_DB_CITY_COVERAGE("$1::int") "::text", 1, 1},
    {NULL, NULL, 0, 0},
};

const zi_sort pacts_db_sorts[] = {
    {"created_at", &pacts_db_statements[S_LIST], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result pacts_db_get(db_conn *c, const char *unit_id, const char *id, char **json, long *version)
{
    const char *params[] = {unit_id, id};
    return db_exec_row(c, &pacts_db_statements[S_GET], params, json, version);
}

zi_result pacts_db_list(db_conn *c, const char *unit_id, const char *year, int civil_servant, const char *after_value,
                        const char *after_id, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *cs = civil_servant < 0 ? NULL : civil_servant ? "true" : "false";
    const char *params[] = {unit_id, year, cs, after_value, after_id, lim};
    return db_exec_page(c, &pacts_db_statements[S_LIST], params, limit, page);
}

zi_result pacts_db_sign(db_conn *c, const char *unit_id, const char *body, int has_nip, zi_errors *errs,
                        char **json, long *version, char **id)
{
    const char *params[] = {unit_id, body};
    PGresult *res;
    char state[6] = "";
    *json = NULL;
    *id = NULL;
    zi_result rc = db_exec(c, &pacts_db_statements[S_SIGN], params, &res, state);
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0) {
        errors_add(errs, ZI_IN_BODY, has_nip ? "/nip" : "/name", "duplicate", 0, 0, NULL);
        return ZI_E_CONFLICT;
    }
    return rc == ZI_OK ? db_take_created(res, json, version, id) : rc;
}

zi_result pacts_db_duplicates(db_conn *c, const char *unit_id, const char *rows, PGresult **res)
{
    const char *params[] = {unit_id, rows};
    return db_exec(c, &pacts_db_statements[S_DUPES], params, res, NULL);
}

zi_result pacts_db_import(db_conn *c, const char *unit_id, const char *rows, long *created, char **ids_json)
{
    PGresult *res;
    char state[6] = "";
    *ids_json = NULL;
    zi_result rc = db_exec(c, &pacts_db_statements[S_EVENTS_OFF], NULL, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    PQclear(res);
    const char *params[] = {unit_id, rows};
    rc = db_exec(c, &pacts_db_statements[S_IMPORT], params, &res, state);
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0)
        return ZI_E_CONFLICT;
    if (rc != ZI_OK)
        return rc;
    *created = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    *ids_json = strdup(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (*ids_json == NULL)
        return ZI_E_INTERNAL;
    const char *unit[] = {unit_id};
    rc = db_exec(c, &pacts_db_statements[S_IMPORTED], unit, &res, NULL);
    if (rc != ZI_OK) {
        free(*ids_json);
        *ids_json = NULL;
        return rc;
    }
    PQclear(res);
    return ZI_OK;
}

zi_result pacts_db_coverage(db_conn *c, const char *unit_id, long year, char **json)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {unit_id, y};
    return db_exec_row(c, &pacts_db_statements[S_COVERAGE], params, json, NULL);
}

zi_result pacts_db_city_coverage(db_conn *c, long year, char **json)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {y};
    return db_exec_row(c, &pacts_db_statements[S_CITY], params, json, NULL);
}
