/*
 * Service pledges (issue 9, DOMAIN §2): a published service standard as an ordered list of
 * principles — the city's 7S (Senyum, Salam, Sapa, Semangat, Sopan, Santun, Solutif) and the
 * units' own, usually adopted from it. One active pledge per unit, and one for the city.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/pledges_db.h"
#include "../db/units_db.h"
#include "api.h"

#define PLEDGERS (ROLE_ADMIN | ROLE_UNIT_OFFICER)

static const char *const scopes[] = {"city", "unit", NULL};

static const zi_field_spec pledge_field_specs[] = {
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"principles", FT_LIST, 0, 1, 20, NULL, NULL, NULL, 0, 100},
    {"adopted_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"document_ref", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, 0, 0},
    {"based_on_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY_ENUM("scope", scopes),
    ZI_FIELD_READ_ONLY("unit_id", FT_UUID),
    ZI_FIELD_READ_ONLY("active", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset pledge_fields = ZI_FIELDSET("service_pledge", pledge_field_specs, "unit_id", NULL);
/* Deactivating says nothing: its body, if any, is an empty object. */
static const zi_fieldset no_fields = {"service_pledge", NULL, 0, NULL, NULL};

static const zi_text MSG_PLEDGE_NOT_FOUND[1] = {{"Janji layanan tidak ditemukan.", "Service pledge not found."}};
static const zi_text MSG_PLEDGE_INVALID[1] = {
    {"Janji layanan tidak lengkap; lihat `errors`.", "The pledge is incomplete; see `errors`."}};
static const zi_msg pledge_messages[] = {MSG_PLEDGE_NOT_FOUND, MSG_PLEDGE_INVALID, NULL};

static zi_result list_pledges(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, pledges_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    const char *unit_id = req_path(r, "id");
    if (unit_id && (rc = api_path_unit(r, 0)) != ZI_OK)
        return rc;
    db_page page;
    rc = pledges_db_list(r->db, unit_id, req_query_bool(r, "active"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result get_pledge(zi_req *r)
{
    return api_record_by_id(r, pledges_db_get, MSG_PLEDGE_NOT_FOUND);
}

/* The body to store: with the principles of the city pledge it is based on when it gives
 * none. Owned JSON text in *out. */
static zi_result complete_body(zi_req *r, char **out)
{
    const json_t *principles = req_field(r, "principles");
    const char *based_on = json_string_value(req_field(r, "based_on_id"));
    char *copied = NULL;
    zi_result rc = ZI_OK;
    if (based_on) {
        rc = pledges_db_city_principles(r->db, based_on, &copied);
        if (rc == ZI_E_NOT_FOUND) {
            req_field_error(r, ZI_IN_BODY, "/based_on_id", "not_found", 0, 0, NULL);
            rc = ZI_E_UNPROCESSABLE;
        }
    } else if (principles == NULL) {
        req_field_error(r, ZI_IN_BODY, "/principles", "required", 0, 0, NULL);
        rc = ZI_E_UNPROCESSABLE;
    }
    if (rc != ZI_OK) {
        req_detail(r, MSG_PLEDGE_INVALID, 0, NULL);
        return rc;
    }
    json_t *body = json_deep_copy(r->body);
    if (principles == NULL && copied)
        json_object_set_new(body, "principles", json_loads(copied, 0, NULL));
    free(copied);
    *out = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    return *out ? ZI_OK : ZI_E_INTERNAL;
}

static zi_result create_pledge(zi_req *r)
{
    const char *unit_id = req_path(r, "id"); /* NULL: the city-wide pledge */
    zi_result rc = ZI_OK;
    if (api_check_date(r, "/adopted_on", json_string_value(req_field(r, "adopted_on")), 0))
        return ZI_E_UNPROCESSABLE;
    if (unit_id)
        rc = api_path_unit(r, 1);
    char *body = NULL, *json = NULL, *id = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = complete_body(r, &body);
    if (rc == ZI_OK)
        rc = pledges_db_create(r->db, unit_id, body, &json, &version, &id);
    free(body);
    char location[80];
    snprintf(location, sizeof location, "/v1/service-pledges/%s", id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

static zi_result deactivate_pledge(zi_req *r)
{
    const char *id = req_path(r, "id");
    long current = 0;
    zi_result rc = pledges_db_lock(r->db, id, &current);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, current);
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = pledges_db_deactivate(r->db, id, &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_PLEDGE_NOT_FOUND);
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"active", QP_BOOL, 0, 0, NULL, NULL, 0},
    ZI_QP_END,
};

#define RESOLVER (&pledges_db_statements[PLEDGES_DB_RESOLVE])

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/service-pledges", .operation_id = "listCityPledges", .handler = list_pledges,
     .roles = ROLE_PUBLIC, .query = list_query, .shows = &pledge_fields},
    {.method = "POST", .pattern = "/v1/service-pledges", .operation_id = "createCityPledge",
     .handler = create_pledge, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &pledge_fields,
     .shows = &pledge_fields},
    {.method = "GET", .pattern = "/v1/service-pledges/{id}", .operation_id = "getServicePledge",
     .handler = get_pledge, .roles = ROLE_PUBLIC, .shows = &pledge_fields},
    {.method = "POST", .pattern = "/v1/service-pledges/{id}/deactivate", .operation_id = "deactivateServicePledge",
     .handler = deactivate_pledge, .roles = PLEDGERS, .body = BODY_OPTIONAL_JSON,
     .scope = SCOPE_RESOLVED("id", RESOLVER, 0), .fields = &no_fields, .shows = &pledge_fields},
    {.method = "GET", .pattern = "/v1/units/{id}/service-pledges", .operation_id = "listUnitPledges",
     .handler = list_pledges, .roles = ROLE_PUBLIC, .query = list_query, .shows = &pledge_fields},
    {.method = "POST", .pattern = "/v1/units/{id}/service-pledges", .operation_id = "createUnitPledge",
     .handler = create_pledge, .roles = PLEDGERS, .body = BODY_JSON, .scope = SCOPE_UNIT_PATH("id"),
     .fields = &pledge_fields, .shows = &pledge_fields},
};

const zi_module service_pledges_module =
    ZI_MODULE("service-pledges", routes, pledges_db_statements, &pledge_fields, pledge_messages);
