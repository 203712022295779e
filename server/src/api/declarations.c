/* ZI declarations (pencanangan; issue 9, DOMAIN §2): city-wide or for one unit, one per year. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/declarations_db.h"
#include "../db/units_db.h"
#include "api.h"

#define DECLARERS (ROLE_ADMIN | ROLE_UNIT_OFFICER)

static const char *const scopes[] = {"city", "unit", NULL};

static const zi_field_spec declaration_field_specs[] = {
    {"unit_id", FT_UUID, F_NULLABLE | F_CREATE_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
    {"year", FT_INT, F_REQUIRED | F_CREATE_ONLY, 2000, 2100, NULL, NULL, NULL, 0, 0},
    {"declared_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"place", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"signer_name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"signer_position", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"witnesses", FT_LIST, 0, 0, 20, NULL, NULL, NULL, 0, 200},
    {"document_ref", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY_ENUM("scope", scopes),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset declaration_fields = ZI_FIELDSET("declaration", declaration_field_specs, "unit_id", NULL);

static const zi_text MSG_DECLARATION_NOT_FOUND[1] = {{"Pencanangan tidak ditemukan.", "Declaration not found."}};
static const zi_text MSG_DECLARATION_TAKEN[1] = {
    {"Unit ini (atau kota) sudah mencanangkan ZI untuk tahun tersebut.",
     "This unit (or the city) already has a declaration for that year."}};
static const zi_text MSG_CITY_IS_ADMINS[1] = {{"Pencanangan tingkat kota hanya dicatat oleh admin.",
                                               "Only an admin records the city-wide declaration."}};
static const zi_msg declaration_messages[] = {MSG_DECLARATION_NOT_FOUND, MSG_DECLARATION_TAKEN, MSG_CITY_IS_ADMINS,
                                              NULL};

static zi_result list_declarations(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, declarations_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    declaration_filter f = {
        .year = req_query_str(r, "year"),
        .unit_id = req_query_str(r, "unit_id"),
        .scope = req_query_str(r, "scope"),
        .after_value = p.after_value,
        .after_id = p.after_id,
        .limit = p.limit,
    };
    db_page page;
    rc = declarations_db_list(r->db, p.sort, &f, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result get_declaration(zi_req *r)
{
    return api_record_by_id(r, declarations_db_get, MSG_DECLARATION_NOT_FOUND);
}

static zi_result create_declaration(zi_req *r)
{
    const char *unit_id = json_string_value(req_field(r, "unit_id"));
    if (unit_id == NULL && r->who.role != ROLE_ADMIN) {
        req_detail(r, MSG_CITY_IS_ADMINS, 0, NULL);
        return ZI_E_FORBIDDEN;
    }
    long year = (long)json_integer_value(req_field(r, "year"));
    if (api_check_date(r, "/declared_on", json_string_value(req_field(r, "declared_on")), year))
        return ZI_E_UNPROCESSABLE;
    zi_result rc = unit_id ? units_db_require_active(r->db, r->scope_unit, "/unit_id", &r->errors) : ZI_OK;
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL, *id = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? declarations_db_create(r->db, body, &r->errors, &json, &version, &id) : ZI_E_INTERNAL;
    free(body);
    if (rc == ZI_E_CONFLICT)
        req_detail(r, MSG_DECLARATION_TAKEN, 0, NULL);
    char location[80];
    snprintf(location, sizeof location, "/v1/declarations/%s", id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

static zi_result update_declaration(zi_req *r)
{
    const char *id = req_path(r, "id");
    long current = 0, year = 0;
    zi_result rc = declarations_db_lock(r->db, id, &current, &year);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, current);
    if (rc == ZI_OK && api_check_date(r, "/declared_on", json_string_value(req_field(r, "declared_on")), year))
        rc = ZI_E_UNPROCESSABLE;
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? declarations_db_update(r->db, id, body, &json, &version) : ZI_E_INTERNAL;
    free(body);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_DECLARATION_NOT_FOUND);
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    ZI_QP_SORT(declarations_db_sorts),
    {"year", QP_INT, 2000, 2100, NULL, NULL, 0},
    {"unit_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"scope", QP_ENUM, 0, 0, scopes, NULL, 0},
    ZI_QP_END,
};

#define RESOLVER (&declarations_db_statements[DECLARATIONS_DB_RESOLVE])

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/declarations", .operation_id = "listDeclarations",
     .handler = list_declarations, .roles = ROLE_PUBLIC, .query = list_query, .shows = &declaration_fields},
    {.method = "POST", .pattern = "/v1/declarations", .operation_id = "createDeclaration",
     .handler = create_declaration, .roles = DECLARERS, .body = BODY_JSON, .scope = SCOPE_UNIT_BODY("unit_id"),
     .fields = &declaration_fields, .shows = &declaration_fields},
    {.method = "GET", .pattern = "/v1/declarations/{id}", .operation_id = "getDeclaration",
     .handler = get_declaration, .roles = ROLE_PUBLIC, .shows = &declaration_fields},
    {.method = "PATCH", .pattern = "/v1/declarations/{id}", .operation_id = "updateDeclaration",
     .handler = update_declaration, .roles = DECLARERS, .body = BODY_JSON, .scope = SCOPE_RESOLVED("id", RESOLVER, 0),
     .fields = &declaration_fields, .shows = &declaration_fields},
};

const zi_module declarations_module =
    ZI_MODULE("declarations", routes, declarations_db_statements, &declaration_fields, declaration_messages);
