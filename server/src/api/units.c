/* Units (DESIGN §3, DOMAIN §1): list, get, by code, create, patch, archive, predicate history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/units_db.h"
#include "../domain/fields.h"
#include "api.h"

static const char *const kinds[] = {"sd", "smp", "puskesmas", "rsud", "dinas", "kecamatan", "kelurahan", "mpp",
                                    "other", NULL};
static const char *const predicates[] = {"none", "wbk", "wbbm", NULL};

/* A unit officer keeps the unit's own facts current (address, head, staff count: the
 * denominator of integrity-pact coverage); identity and place in the tree stay with admins. */
#define OFFICER (ROLE_ADMIN | ROLE_UNIT_OFFICER)

static const zi_field_spec unit_field_specs[] = {
    {"code", FT_CODE, F_REQUIRED, 1, 40, NULL, "1-40 of A-Z a-z 0-9 . _ -, starting with a letter or digit", NULL,
     ROLE_ADMIN, 0},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, ROLE_ADMIN, 0},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, kinds, NULL, NULL, ROLE_ADMIN, 0},
    {"parent_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL, NULL, ROLE_ADMIN, 0},
    {"address", FT_TEXT, F_NULLABLE, 0, 500, NULL, NULL, NULL, OFFICER, 0},
    {"head_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, OFFICER, 0},
    {"staff_count", FT_INT, F_NULLABLE, 0, 100000, NULL, NULL, NULL, OFFICER, 0},
    {"designation_decree", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, ROLE_ADMIN, 0},
    {"designated_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, ROLE_ADMIN, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY_ENUM("predicate", predicates),
    ZI_FIELD_READ_ONLY("active", FT_STRING),
    ZI_FIELD_READ_ONLY("archived_at", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset unit_fields = ZI_FIELDSET("unit", unit_field_specs, "id", NULL);
/* Archiving says nothing: its body, if any, must be an empty object. */
static const zi_fieldset no_fields = {"unit", NULL, 0, NULL, NULL};

static const zi_text MSG_CODE_TAKEN[1] = {{"Kode unit sudah dipakai unit lain (huruf besar/kecil tidak dibedakan).",
                                           "The unit code is already used by another unit (case-insensitively)."}};
static const zi_text MSG_UNIT_HAS_CHILDREN[1] = {
    {"Unit masih memiliki {a} unit anak yang aktif; arsipkan atau pindahkan dahulu.",
     "The unit still has {a} active child units; archive or move them first."}};
static const zi_text MSG_PARENT_INVALID[1] = {
    {"Induk unit tidak sah; lihat `errors`.", "The parent unit is not valid; see `errors`."}};
static const zi_msg unit_messages[] = {MSG_CODE_TAKEN, MSG_UNIT_HAS_CHILDREN, MSG_PARENT_INVALID, NULL};

static zi_result get_unit(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = units_db_get(r->db, req_path(r, "id"), req_path(r, "code"), &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_UNIT_NOT_FOUND);
}

static zi_result list_units(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, units_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    unit_filter f = {
        .kind = req_query_str(r, "kind"),
        .predicate = req_query_str(r, "predicate"),
        .parent_id = req_query_str(r, "parent_id"),
        .q = req_query_str(r, "q"),
        .active = req_query_bool(r, "active"),
        .after_value = p.after_value,
        .after_id = p.after_id,
        .limit = p.limit,
    };
    db_page page;
    rc = units_db_list(r->db, p.sort, &f, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result create_unit(zi_req *r)
{
    const json_t *parent = req_field(r, "parent_id");
    zi_result rc = ZI_OK;
    if (parent && !json_is_null(parent))
        rc = units_db_check_parent(r->db, NULL, json_string_value(parent), &r->errors);
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL, *id = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? units_db_create(r->db, body, &r->errors, &json, &version, &id) : ZI_E_INTERNAL;
    free(body);
    if (rc == ZI_E_CONFLICT)
        req_detail(r, MSG_CODE_TAKEN, 0, NULL);
    else if (rc == ZI_E_UNPROCESSABLE)
        req_detail(r, MSG_PARENT_INVALID, 0, NULL);
    char location[64];
    snprintf(location, sizeof location, "/v1/units/%s", id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

/* The state every change to a unit is checked against, in the request's transaction:
 * locks the row, checks If-Match and that it is not archived. */
static zi_result lock_for_change(zi_req *r, const char *id)
{
    long version;
    int archived;
    zi_result rc = units_db_lock(r->db, id, &version, &archived);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, version);
    if (rc == ZI_OK && archived) {
        req_detail(r, MSG_UNIT_ARCHIVED, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    return rc;
}

static zi_result update_unit(zi_req *r)
{
    const char *id = req_path(r, "id");
    zi_result rc = lock_for_change(r, id);
    const json_t *parent = req_field(r, "parent_id");
    if (rc == ZI_OK && parent && !json_is_null(parent)) {
        rc = units_db_check_parent(r->db, id, json_string_value(parent), &r->errors);
        if (rc == ZI_E_UNPROCESSABLE)
            req_detail(r, MSG_PARENT_INVALID, 0, NULL);
    }
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? units_db_update(r->db, id, body, &r->errors, &json, &version) : ZI_E_INTERNAL;
    free(body);
    if (rc == ZI_E_CONFLICT && r->detail == MSG_NONE)
        req_detail(r, MSG_CODE_TAKEN, 0, NULL);
    return api_reply_record(r, rc, 200, json, version, NULL, NULL);
}

static zi_result archive_unit(zi_req *r)
{
    const char *id = req_path(r, "id");
    zi_result rc = lock_for_change(r, id);
    long children = 0;
    if (rc == ZI_OK)
        rc = units_db_active_children(r->db, id, &children);
    if (rc == ZI_OK && children > 0) {
        req_detail(r, MSG_UNIT_HAS_CHILDREN, children, NULL);
        rc = ZI_E_CONFLICT;
    }
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = units_db_archive(r->db, id, &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, NULL);
}

static zi_result predicate_history(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, units_db_history_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = units_db_predicates(r->db, req_path(r, "id"), p.after_value, p.after_id, p.limit, &page);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    ZI_QP_SORT(units_db_sorts),
    {"kind", QP_ENUM, 0, 0, kinds, NULL, 0},
    {"predicate", QP_ENUM, 0, 0, predicates, NULL, 0},
    {"parent_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"q", QP_STRING, 1, 100, NULL, NULL, 0},
    {"active", QP_BOOL, 0, 0, NULL, NULL, 0},
    ZI_QP_END,
};

static const zi_qparam page_query[] = {
    ZI_QP_PAGE,
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/units", .operation_id = "listUnits", .handler = list_units,
     .roles = ROLE_PUBLIC, .query = list_query, .shows = &unit_fields},
    {.method = "POST", .pattern = "/v1/units", .operation_id = "createUnit", .handler = create_unit,
     .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &unit_fields, .shows = &unit_fields},
    {.method = "GET", .pattern = "/v1/units/{id}", .operation_id = "getUnit", .handler = get_unit,
     .roles = ROLE_PUBLIC, .shows = &unit_fields},
    {.method = "PATCH", .pattern = "/v1/units/{id}", .operation_id = "updateUnit", .handler = update_unit,
     .roles = ROLE_ADMIN | ROLE_UNIT_OFFICER, .body = BODY_JSON, .scope = SCOPE_UNIT_PATH("id"),
     .fields = &unit_fields, .shows = &unit_fields},
    {.method = "POST", .pattern = "/v1/units/{id}/archive", .operation_id = "archiveUnit", .handler = archive_unit,
     .roles = ROLE_ADMIN, .body = BODY_OPTIONAL_JSON, .fields = &no_fields, .shows = &unit_fields},
    {.method = "GET", .pattern = "/v1/units/by-code/{code}", .operation_id = "getUnitByCode", .handler = get_unit,
     .roles = ROLE_PUBLIC, .shows = &unit_fields},
    {.method = "GET", .pattern = "/v1/units/{id}/predicate-history", .operation_id = "listUnitPredicateHistory",
     .handler = predicate_history, .roles = ROLE_PUBLIC, .query = page_query},
};

const zi_module units_module = ZI_MODULE("units", routes, units_db_statements, &unit_fields, unit_messages);
