/*
 * A test-only fixture resource (served only with --test-fixtures; its table comes from
 * tests/api/fixture.sql, never from a migration). It exercises what no real resource does
 * yet: a private record whose unit is resolved from its own id, a public action on it, a
 * list confined to the caller's unit, a CSV export, and fields of every visibility class —
 * so the framework's unit scope and field visibility are proven through real HTTP before
 * the first real resource relies on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/test_fixture_db.h"
#include "../db/units_db.h"
#include "api.h"

/* The owner and the UPG see `secret` and `owner` — not even admins: the strictest class,
 * so every way out is tested against a caller (admin) who reads everything else. */
static const zi_visibility owner_and_upg = {ROLE_UPG, 0, 1};
/* The record's own unit, admins and the UPG see `unit_note`. */
static const zi_visibility own_unit = {ROLE_ADMIN | ROLE_UPG, ROLE_UNIT_OFFICER | ROLE_EMPLOYEE, 0};

static const zi_field_spec fixture_field_specs[] = {
    {"unit_id", FT_UUID, F_REQUIRED | F_CREATE_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
    {"title", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"secret", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, &owner_and_upg, 0, 0},
    {"unit_note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, &own_unit, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY_SEEN_BY("owner", FT_STRING, &owner_and_upg),
    ZI_FIELD_READ_ONLY("flagged", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset fixture_fields = ZI_FIELDSET("test_fixture", fixture_field_specs, "unit_id", "owner");
static const zi_fieldset no_fields = {"test_fixture", NULL, 0, NULL, NULL};

static const zi_text MSG_FIXTURE_NOT_FOUND[1] = {{"Fixture uji tidak ditemukan.", "Test fixture not found."}};
static const zi_text MSG_FIXTURE_FAILED[1] = {{"Gagal setelah menulis, sesuai permintaan uji.",
                                               "Failed after writing, as the test asked."}};
static const zi_msg fixture_messages[] = {MSG_FIXTURE_NOT_FOUND, MSG_FIXTURE_FAILED, NULL};

#define FILERS (ROLE_ADMIN | ROLE_UPG | ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)
#define RESOLVER (&test_fixture_db_statements[TEST_FIXTURE_DB_RESOLVE])

static zi_result list_fixtures(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, test_fixture_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = test_fixture_db_list(r->db, req_unit_filter(r), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* A title that makes the handler fail after its write: proves that the dispatcher's
 * transaction takes the write, its audit record and its event back with it. */
#define FAIL_AFTER_WRITE "fail-after-write"

static zi_result create_fixture(zi_req *r)
{
    zi_result rc = units_db_require_active(r->db, r->scope_unit[0] ? r->scope_unit : "", "/unit_id", &r->errors);
    if (rc != ZI_OK)
        return rc;
    char *body = req_body_text(r);
    if (body == NULL)
        return ZI_E_INTERNAL;
    /* An employee files in their own name (NIP); everyone else under their key. */
    const char *owner = r->who.nip[0] ? r->who.nip : r->who.key_id;
    char *json = NULL, *id = NULL;
    long version = 0;
    rc = test_fixture_db_create(r->db, body, owner, &json, &version, &id);
    free(body);
    if (rc == ZI_OK && strcmp(json_string_value(req_field(r, "title")), FAIL_AFTER_WRITE) == 0) {
        free(json);
        free(id);
        req_detail(r, MSG_FIXTURE_FAILED, 0, NULL);
        return ZI_E_CONFLICT;
    }
    char location[80];
    snprintf(location, sizeof location, "/v1/test-fixtures/%s", id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

static zi_result get_fixture(zi_req *r)
{
    return api_record_by_id(r, test_fixture_db_get, MSG_FIXTURE_NOT_FOUND);
}

static zi_result update_fixture(zi_req *r)
{
    return api_update_record(r, req_path(r, "id"), test_fixture_db_lock, test_fixture_db_update, MSG_FIXTURE_NOT_FOUND);
}

static zi_result flag_fixture(zi_req *r)
{
    return api_record_by_id(r, test_fixture_db_flag, MSG_FIXTURE_NOT_FOUND);
}

static const zi_qparam page_query[] = {
    ZI_QP_PAGE,
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/test-fixtures", .operation_id = "testListFixtures", .handler = list_fixtures,
     .roles = FILERS, .flags = RF_CSV, .query = page_query, .scope = SCOPE_OWN_LIST, .shows = &fixture_fields},
    {.method = "POST", .pattern = "/v1/test-fixtures", .operation_id = "testCreateFixture",
     .handler = create_fixture, .roles = FILERS, .body = BODY_JSON, .scope = SCOPE_UNIT_BODY("unit_id"),
     .fields = &fixture_fields, .shows = &fixture_fields},
    {.method = "GET", .pattern = "/v1/test-fixtures/{id}", .operation_id = "testGetFixture", .handler = get_fixture,
     .roles = FILERS, .scope = SCOPE_RESOLVED("id", RESOLVER, 1), .shows = &fixture_fields},
    {.method = "PATCH", .pattern = "/v1/test-fixtures/{id}", .operation_id = "testUpdateFixture",
     .handler = update_fixture, .roles = FILERS, .body = BODY_JSON, .scope = SCOPE_RESOLVED("id", RESOLVER, 1),
     .fields = &fixture_fields, .shows = &fixture_fields},
    /* A public action: another unit's officer is told 403, not 404. */
    {.method = "POST", .pattern = "/v1/test-fixtures/{id}/flag", .operation_id = "testFlagFixture",
     .handler = flag_fixture, .roles = ROLE_ADMIN | ROLE_UNIT_OFFICER, .body = BODY_OPTIONAL_JSON,
     .scope = SCOPE_RESOLVED("id", RESOLVER, 0), .fields = &no_fields, .shows = &fixture_fields},
};

const zi_module test_fixture_module =
    ZI_MODULE("test-fixtures", routes, test_fixture_db_statements, &fixture_fields, fixture_messages);
