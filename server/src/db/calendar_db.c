#include "calendar_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"

#define CALENDAR_JSON                                                                                      \
    "json_build_object('year', y.year, 'complete', y.complete, 'source', y.source, 'note', y.note, "       \
    "'days', y.days, 'created_at', " TS("y.created_at") ", "            \
    "'updated_at', " TS("y.updated_at") ", 'version', y.version)::text"

enum { S_GET, S_LIST, S_LOCK, S_INSERT, S_UPDATE, S_LOAD };

const db_stmt calendar_db_statements[] = {
    [S_GET] = {"calendar_get", "SELECT " CALENDAR_JSON ", y.version FROM calendar_years y WHERE y.year = $1::int", 1,
               1},
    [S_LIST] = {"calendar_list",
                "SELECT " CALENDAR_JSON " AS json, y.year::text AS sort_key FROM calendar_years y "
                "WHERE ($1::int IS NULL OR y.year > $1::int) ORDER BY y.year LIMIT $2::int",
                2, 1},
    [S_LOCK] = {"calendar_lock", "SELECT version FROM calendar_years WHERE year = $1::int FOR UPDATE", 1, 0},
    [S_INSERT] = {"calendar_insert",
                  "INSERT INTO calendar_years AS y (year, complete, source, note, days) VALUES ($1::int, "
                  "$2::boolean, $3, $4, $5::jsonb) RETURNING " CALENDAR_JSON ", y.version",
                  5, 0},
    [S_UPDATE] = {"calendar_update",
                  "UPDATE calendar_years AS y SET complete = $2::boolean, source = $3, note = $4, days = $5::jsonb "
                  "WHERE y.year = $1::int RETURNING " CALENDAR_JSON ", y.version",
                  5, 0},
    [S_LOAD] = {"calendar_load",
                "SELECT y.year, y.complete::int, d.value ->> 'date' FROM calendar_years y "
                "LEFT JOIN LATERAL jsonb_array_elements(y.days) AS d ON true "
                "WHERE y.year BETWEEN $1::int AND $2::int",
                2, 1},
    {NULL, NULL, 0, 0},
};

const zi_sort calendar_db_sorts[] = {{"year", &calendar_db_statements[S_LIST], PAGE_KEY_INTEGER},
                                     {NULL, NULL, PAGE_KEY_TEXT}};

zi_result calendar_db_get(db_conn *c, const char *year, char **json, long *version)
{
    const char *params[] = {year};
    return db_exec_row(c, &calendar_db_statements[S_GET], params, json, version);
}

zi_result calendar_db_list(db_conn *c, const char *after_value, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *params[] = {after_value, lim};
    return db_exec_page(c, &calendar_db_statements[S_LIST], params, limit, page);
}

zi_result calendar_db_lock(db_conn *c, const char *year, long *version)
{
    return db_lock_version(c, &calendar_db_statements[S_LOCK], year, version);
}

zi_result calendar_db_put(db_conn *c, const char *year, int exists, const char *complete, const char *source,
                          const char *note, const char *days, char **json, long *version)
{
    const char *params[] = {year, complete, source, note, days};
    return db_exec_row(c, &calendar_db_statements[exists ? S_UPDATE : S_INSERT], params, json, version);
}

zi_result calendar_db_load(db_conn *c, int first_year, wd_calendar *cal)
{
    char from[16], to[16];
    snprintf(from, sizeof from, "%d", first_year);
    snprintf(to, sizeof to, "%d", first_year + WD_MAX_YEARS - 1);
    const char *params[] = {from, to};
    PGresult *res;
    zi_result rc = db_exec(c, &calendar_db_statements[S_LOAD], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    wd_init(cal, first_year, WD_MAX_YEARS);
    for (int i = 0; i < PQntuples(res); i++) {
        if (strcmp(PQgetvalue(res, i, 1), "1") == 0)
            wd_mark_complete(cal, (int)strtol(PQgetvalue(res, i, 0), NULL, 10));
        wd_day d;
        if (!PQgetisnull(res, i, 2) && wd_parse(PQgetvalue(res, i, 2), &d) == 0 && wd_add_off(cal, d) != 0) {
            rc = ZI_E_INTERNAL;
            break;
        }
    }
    PQclear(res);
    return rc;
}
