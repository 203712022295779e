/* Units (DESIGN §3, DOMAIN §1): list, get, by code, create, patch, archive, predicate history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/units_db.h"
#include "../domain/etag.h"
#include "../domain/fields.h"
#include "../domain/validate.h"
#include "api.h"

static const char *const kinds[] = {"sd", "smp", "puskesmas", "rsud", "dinas", "kecamatan", "kelurahan", "mpp",
                                    "other", NULL};
#define KINDS_HINT "sd, smp, puskesmas, rsud, dinas, kecamatan, kelurahan, mpp, other"
static const char *const predicates[] = {"none", "wbk", "wbbm", NULL};
static const char *const sorts[] = {"name", "-name", "code", "-code", "created_at", "-created_at", NULL};

/* Writable fields first, in UCOL_* order, then the read-only part of the representation. */
static const zi_field_spec unit_fields[] = {
    {"code", FT_CODE, F_REQUIRED, 1, 40, NULL, "1-40 of A-Z a-z 0-9 . _ -, starting with a letter or digit"},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, kinds, KINDS_HINT},
    {"parent_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL},
    {"address", FT_TEXT, F_NULLABLE, 0, 500, NULL, NULL},
    {"head_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL},
    {"staff_count", FT_INT, F_NULLABLE, 0, 100000, NULL, NULL},
    {"designation_decree", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL},
    {"designated_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL},
    {"id", FT_UUID, F_READ_ONLY, 0, 0, NULL, NULL},
    {"predicate", FT_ENUM, F_READ_ONLY, 0, 0, predicates, NULL},
    {"active", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"archived_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"created_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"updated_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"version", FT_INT, F_READ_ONLY, 0, 0, NULL, NULL},
};
#define NFIELDS (sizeof unit_fields / sizeof unit_fields[0])

/* Validates the body and turns it into text parameters; mask gets the fields present. */
static zi_result unit_params(zi_req *r, zi_fmode mode, const char *vals[UCOL__COUNT], unsigned *mask,
                             char bufs[UCOL__COUNT][40])
{
    const json_t *got[NFIELDS];
    if (fields_validate(r->body, unit_fields, NFIELDS, mode, got, &r->errors) > 0)
        return ZI_E_INVALID;
    *mask = 0;
    for (int i = 0; i < UCOL__COUNT; i++) {
        vals[i] = fields_param(got[i], &unit_fields[i], bufs[i], sizeof bufs[i]);
        if (got[i])
            *mask |= 1u << i;
    }
    return ZI_OK;
}

static zi_result get_unit(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    const char *id = req_path(r, "id");
    const char *code = req_path(r, "code");
    zi_result rc = units_db_get(r->db, id, code, &json, &version);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    if (rc != ZI_OK)
        return rc;
    if (etag_if_none_match(req_header(r, "If-None-Match"), version)) {
        free(json);
        return reply_not_modified(r, version);
    }
    return reply_json_owned(r, 200, json, version, NULL);
}

static zi_result list_units(zi_req *r)
{
    const char *sort = req_query_str(r, "sort");
    if (sort == NULL)
        sort = "name";
    int sort_index = 0;
    while (strcmp(sorts[sort_index], sort) != 0)
        sort_index++;
    unit_filter f = {
        .kind = req_query_str(r, "kind"),
        .predicate = req_query_str(r, "predicate"),
        .parent_id = req_query_str(r, "parent_id"),
        .q = req_query_str(r, "q"),
        .active = req_query_bool(r, "active"),
    };
    api_page page;
    zi_result rc = api_page_start(r, sort, strstr(sort, "created_at") ? PAGE_KEY_INTEGER : PAGE_KEY_TEXT, &page);
    if (rc != ZI_OK)
        return rc;
    f.after_value = page.after_value;
    f.after_id = page.after_id;
    f.limit = page.limit + 1;
    PGresult *res;
    rc = units_db_list(r->db, (unit_sort)sort_index, &f, &res);
    return rc == ZI_OK ? api_reply_page(r, res, page.limit, sort) : rc;
}

static zi_result create_unit(zi_req *r)
{
    const char *vals[UCOL__COUNT];
    char bufs[UCOL__COUNT][40];
    unsigned mask;
    zi_result rc = unit_params(r, FV_CREATE, vals, &mask, bufs);
    if (rc != ZI_OK)
        return rc;
    char *json = NULL, *id = NULL;
    long version = 0;
    rc = units_db_create(r->db, vals, &r->errors, &json, &version, &id);
    if (rc == ZI_E_CONFLICT)
        req_detail(r, MSG_CODE_TAKEN, 0, NULL);
    else if (rc == ZI_E_UNPROCESSABLE)
        req_detail(r, MSG_PARENT_INVALID, 0, NULL);
    if (rc != ZI_OK)
        return rc;
    char location[64];
    snprintf(location, sizeof location, "/v1/units/%s", id);
    free(id);
    return reply_json_owned(r, 201, json, version, location);
}

/* Opens the transaction of a change to one unit: locks it, checks If-Match and that it is
 * not archived. On failure the transaction is rolled back. */
static zi_result begin_unit_change(zi_req *r, const char *id)
{
    long version;
    int archived;
    zi_result rc = db_begin(r->db);
    if (rc == ZI_OK)
        rc = units_db_lock(r->db, id, &version, &archived);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, version);
    if (rc == ZI_OK && archived) {
        req_detail(r, MSG_UNIT_ARCHIVED, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    if (rc != ZI_OK)
        db_rollback(r->db);
    return rc;
}

/* Commits and replies with the changed unit, or rolls back. */
static zi_result end_unit_change(zi_req *r, zi_result rc, char *json, long version)
{
    char state[6];
    if (rc == ZI_OK)
        rc = db_commit(r->db, state);
    if (rc != ZI_OK) {
        db_rollback(r->db);
        free(json);
        return rc;
    }
    return reply_json_owned(r, 200, json, version, NULL);
}

/* A unit officer keeps the unit's own facts current (address, head, staff count: the
 * denominator of integrity-pact coverage); identity and place in the tree stay with admins. */
static zi_result officer_may_change(zi_req *r, unsigned mask)
{
    const unsigned officer_fields = 1u << UCOL_ADDRESS | 1u << UCOL_HEAD_NAME | 1u << UCOL_STAFF_COUNT;
    for (int i = 0; i < UCOL__COUNT; i++) {
        if ((mask & (1u << i)) && !(officer_fields & (1u << i)))
            errors_add_member(&r->errors, unit_fields[i].name, "not_allowed", 0, 0, NULL);
    }
    if (r->errors.count == 0)
        return ZI_OK;
    req_detail(r, MSG_FORBIDDEN_FIELD, 0, NULL);
    return ZI_E_FORBIDDEN;
}

static zi_result update_unit(zi_req *r)
{
    const char *id = req_path(r, "id");
    const char *vals[UCOL__COUNT];
    char bufs[UCOL__COUNT][40];
    unsigned mask;
    /* Validate before taking locks: a bad body never waits on a busy row. */
    zi_result rc = unit_params(r, FV_PATCH, vals, &mask, bufs);
    if (rc == ZI_OK && r->who.role == ROLE_UNIT_OFFICER)
        rc = officer_may_change(r, mask);
    if (rc == ZI_OK)
        rc = begin_unit_change(r, id);
    if (rc != ZI_OK)
        return rc;
    if ((mask & (1u << UCOL_PARENT_ID)) && vals[UCOL_PARENT_ID]) {
        rc = units_db_check_parent(r->db, id, vals[UCOL_PARENT_ID], &r->errors);
        if (rc == ZI_E_UNPROCESSABLE)
            req_detail(r, MSG_PARENT_INVALID, 0, NULL);
    }
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = units_db_update(r->db, id, mask, vals, &r->errors, &json, &version);
    if (rc == ZI_E_CONFLICT)
        req_detail(r, MSG_CODE_TAKEN, 0, NULL);
    return end_unit_change(r, rc, json, version);
}

static zi_result archive_unit(zi_req *r)
{
    const char *id = req_path(r, "id");
    const json_t *none[1];
    /* The body, if any, must be an empty object: there is nothing to say when archiving. */
    if (r->body && fields_validate(r->body, NULL, 0, FV_CREATE, none, &r->errors) > 0)
        return ZI_E_INVALID;
    zi_result rc = begin_unit_change(r, id);
    if (rc != ZI_OK)
        return rc;
    long children = 0;
    rc = units_db_active_children(r->db, id, &children);
    if (rc == ZI_OK && children > 0) {
        req_detail(r, MSG_UNIT_HAS_CHILDREN, children, NULL);
        rc = ZI_E_CONFLICT;
    }
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = units_db_archive(r->db, id, &json, &version);
    return end_unit_change(r, rc, json, version);
}

static zi_result predicate_history(zi_req *r)
{
    api_page page;
    zi_result rc = api_page_start(r, "-created_at", PAGE_KEY_INTEGER, &page);
    if (rc != ZI_OK)
        return rc;
    PGresult *res;
    rc = units_db_predicates(r->db, req_path(r, "id"), page.after_value, page.after_id, page.limit + 1, &res);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    return rc == ZI_OK ? api_reply_page(r, res, page.limit, "-created_at") : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"sort", QP_ENUM, 0, 0, sorts, "name, -name, code, -code, created_at, -created_at"},
    {"kind", QP_ENUM, 0, 0, kinds, KINDS_HINT},
    {"predicate", QP_ENUM, 0, 0, predicates, "none, wbk, wbbm"},
    {"parent_id", QP_UUID, 0, 0, NULL, NULL},
    {"q", QP_STRING, 1, 100, NULL, NULL},
    {"active", QP_BOOL, 0, 0, NULL, NULL},
    ZI_QP_END,
};

static const zi_qparam page_query[] = {
    ZI_QP_PAGE,
    ZI_QP_END,
};

static const zi_route routes[] = {
    {"GET", "/v1/units", "listUnits", list_units, ROLE_PUBLIC, BODY_NONE, 0, list_query},
    {"POST", "/v1/units", "createUnit", create_unit, ROLE_ADMIN, BODY_JSON, 0, NULL},
    {"GET", "/v1/units/{id}", "getUnit", get_unit, ROLE_PUBLIC, BODY_NONE, 0, NULL},
    {"PATCH", "/v1/units/{id}", "updateUnit", update_unit, ROLE_ADMIN | ROLE_UNIT_OFFICER, BODY_JSON, RF_OWN_UNIT, NULL},
    {"POST", "/v1/units/{id}/archive", "archiveUnit", archive_unit, ROLE_ADMIN, BODY_OPTIONAL_JSON, 0, NULL},
    {"GET", "/v1/units/by-code/{code}", "getUnitByCode", get_unit, ROLE_PUBLIC, BODY_NONE, 0, NULL},
    {"GET", "/v1/units/{id}/predicate-history", "listUnitPredicateHistory", predicate_history, ROLE_PUBLIC,
     BODY_NONE, 0, page_query},
};

const zi_route_table units_table = {routes, sizeof routes / sizeof routes[0]};
