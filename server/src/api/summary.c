/*
 * The mayor's figures as one call (issue 10 §7) and the public unit directory (§8): no personal
 * data in either, so both may be cached — their ETag is a digest of the body (RF_DIGEST).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/proposals_db.h"
#include "api.h"


static const zi_field_spec directory_field_specs[] = {
    ZI_FIELD_READ_ONLY("id", FT_UUID),           ZI_FIELD_READ_ONLY("code", FT_STRING),
    ZI_FIELD_READ_ONLY("name", FT_STRING),       ZI_FIELD_READ_ONLY("kind", FT_STRING),
    ZI_FIELD_READ_ONLY("predicate", FT_STRING),  ZI_FIELD_READ_ONLY("predicate_year", FT_INT),
    ZI_FIELD_READ_ONLY("decree_number", FT_STRING), ZI_FIELD_READ_ONLY("decree_date", FT_STRING),
    ZI_FIELD_READ_ONLY("declared_on", FT_STRING), ZI_FIELD_READ_ONLY("pledge", FT_STRING),
};
static const zi_fieldset directory_fields = ZI_FIELDSET("unit", directory_field_specs, NULL, NULL);

/* The programme's figures and the year's gratification statistics (issue 11 §9): aggregates
 * only, groups under three suppressed for every reader but admins and the UPG. */
static zi_result summary(zi_req *r)
{
    char today[11];
    api_today(today);
    long year = req_query_int(r, "year", strtol(today, NULL, 10));
    char *json = NULL;
    json_t *stats = NULL;
    zi_result rc = summary_db_get(r->db, year, &json);
    if (rc == ZI_OK)
        rc = api_report_stats(r, year, NULL, strcmp(r->route->pattern, "/v1/public/summary") == 0, &stats);
    json_t *doc = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    char *text = NULL;
    if (rc == ZI_OK && doc) {
        json_object_set(doc, "gratification", stats);
        text = json_dumps(doc, JSON_COMPACT);
    }
    json_decref(doc);
    json_decref(stats);
    if (rc != ZI_OK)
        return rc;
    return text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
}

static zi_result directory(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, directory_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = directory_db_list(r->db, p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static const zi_qparam year_query[] = {{"year", QP_INT, 2000, 2100, NULL, NULL, 0}, ZI_QP_END};
static const zi_qparam page_query[] = {ZI_QP_PAGE, ZI_QP_END};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/summary", .operation_id = "getSummary", .handler = summary, .roles = ROLE_ANY_KEY,
     .flags = RF_DIGEST, .query = year_query},
    {.method = "GET", .pattern = "/v1/public/summary", .operation_id = "getPublicSummary", .handler = summary,
     .roles = ROLE_PUBLIC, .flags = RF_DIGEST, .query = year_query},
    {.method = "GET", .pattern = "/v1/public/units", .operation_id = "listPublicUnits", .handler = directory,
     .roles = ROLE_PUBLIC, .flags = RF_CSV | RF_DIGEST, .query = page_query, .shows = &directory_fields},
};

const zi_module summary_module = ZI_MODULE("summary", routes, NULL, NULL, NULL);
