/* API keys (issue 4): create (the secret is shown once), list, get, revoke. Admin only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/keys_db.h"
#include "../domain/fields.h"
#include "../domain/nip.h"
#include "../domain/validate.h"
#include "../http/auth.h"
#include "../db/keycache.h"
#include "api.h"

static const char *const roles[] = {"admin", "upg", "evaluator", "unit_officer", "employee", NULL};

static const zi_field_spec key_field_specs[] = {
    {"role", FT_ENUM, F_REQUIRED, 0, 0, roles, NULL, NULL, 0, 0},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"unit_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"nip", FT_STRING, F_NULLABLE, 18, 18, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("key", FT_STRING),
    ZI_FIELD_READ_ONLY("prefix", FT_STRING),
    ZI_FIELD_READ_ONLY("active", FT_STRING),
    ZI_FIELD_READ_ONLY("created_by", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("last_used_at", FT_STRING),
    ZI_FIELD_READ_ONLY("revoked_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset key_fields = ZI_FIELDSET("api_key", key_field_specs, "unit_id", NULL);

static const zi_text MSG_KEY_NOT_FOUND[1] = {{"Kunci API tidak ditemukan.", "API key not found."}};
static const zi_text MSG_ROLE_NEEDS_UNIT[1] = {{"Peran ini memerlukan unit (dan pegawai juga NIP); lihat `errors`.",
                                                "This role needs a unit (and an employee also a NIP); see `errors`."}};
static const zi_msg key_messages[] = {MSG_KEY_NOT_FOUND, MSG_ROLE_NEEDS_UNIT, NULL};

static const char *member(const zi_req *r, const char *name)
{
    return json_string_value(req_field(r, name));
}

/* Which roles are bound to a unit and to a person: the rules of DESIGN §2. */
static zi_result check_binding(zi_req *r, const char *role, const char *unit_id, const char *nip)
{
    unsigned bit = principal_role_from_name(role);
    int needs_unit = (bit & (ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)) != 0;
    int needs_nip = bit == ROLE_EMPLOYEE;
    if (needs_unit && unit_id == NULL)
        req_field_error(r, ZI_IN_BODY, "/unit_id", "required", 0, 0, NULL);
    if (!needs_unit && unit_id)
        req_field_error(r, ZI_IN_BODY, "/unit_id", "not_applicable", 0, 0, NULL);
    if (needs_nip && nip == NULL)
        req_field_error(r, ZI_IN_BODY, "/nip", "required", 0, 0, NULL);
    if (!needs_nip && nip)
        req_field_error(r, ZI_IN_BODY, "/nip", "not_applicable", 0, 0, NULL);
    if (r->errors.count) {
        req_detail(r, MSG_ROLE_NEEDS_UNIT, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    return ZI_OK;
}

static zi_result create_key(zi_req *r)
{
    const char *role = member(r, "role"), *name = member(r, "name");
    const char *unit_id = member(r, "unit_id"), *nip = member(r, "nip");
    char canon[37];
    if (unit_id && parse_uuid(unit_id, canon) == 0)
        unit_id = canon;
    if (nip) {
        nip_status ns = nip_check(nip);
        if (ns != NIP_OK) {
            req_field_error(r, ZI_IN_BODY, "/nip", "invalid_format", 0, 0, nip_status_name(ns));
            return ZI_E_INVALID;
        }
    }
    zi_result rc = check_binding(r, role, unit_id, nip);
    if (rc != ZI_OK)
        return rc;
    char key[ZI_KEY_LEN + 1], hash[65], prefix[12];
    if (apikey_generate(key) != 0 || apikey_hash_hex(key, hash) != 0)
        return ZI_E_INTERNAL;
    snprintf(prefix, sizeof prefix, "%.8s", key);
    char *json = NULL, *id = NULL;
    long version = 0;
    rc = keys_db_create(r->db, hash, prefix, role, name, unit_id, nip, r->who.key_id, &r->errors, &json, &version,
                        &id);
    if (rc == ZI_E_UNPROCESSABLE)
        req_detail(r, MSG_INVALID_FIELDS, 0, NULL);
    if (rc != ZI_OK)
        return rc;
    return api_reply_created_with_secret(r, json, version, id, "/v1/api-keys", "key", key);
}

static zi_result get_key(zi_req *r)
{
    return api_record_by_id(r, keys_db_get, MSG_KEY_NOT_FOUND);
}

static zi_result revoke_key(zi_req *r)
{
    /* This instance forgets the key before answering; the others when PostgreSQL's notice
     * reaches them (db/keycache.h). */
    r->after_commit = keycache_flush;
    return api_record_by_id(r, keys_db_revoke, MSG_KEY_NOT_FOUND);
}

static zi_result list_keys(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, keys_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = keys_db_list(r->db, req_query_str(r, "role"), req_query_str(r, "unit_id"), req_query_bool(r, "active"),
                      p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"role", QP_ENUM, 0, 0, roles, NULL, 0},
    {"unit_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"active", QP_BOOL, 0, 0, NULL, NULL, 0},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "POST", .pattern = "/v1/api-keys", .operation_id = "createApiKey", .handler = create_key,
     .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &key_fields, .shows = &key_fields},
    {.method = "GET", .pattern = "/v1/api-keys", .operation_id = "listApiKeys", .handler = list_keys,
     .roles = ROLE_ADMIN, .query = list_query, .shows = &key_fields},
    {.method = "GET", .pattern = "/v1/api-keys/{id}", .operation_id = "getApiKey", .handler = get_key,
     .roles = ROLE_ADMIN, .shows = &key_fields},
    {.method = "DELETE", .pattern = "/v1/api-keys/{id}", .operation_id = "revokeApiKey", .handler = revoke_key,
     .roles = ROLE_ADMIN, .shows = &key_fields},
};

const zi_module api_keys_module = ZI_MODULE("api-keys", routes, keys_db_statements, &key_fields, key_messages);
