/* API keys (issue 4): create (the secret is shown once), list, get, revoke. Admin only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/keys_db.h"
#include "../domain/etag.h"
#include "../domain/fields.h"
#include "../domain/nip.h"
#include "../http/auth.h"
#include "api.h"

static const char *const roles[] = {"admin", "upg", "evaluator", "unit_officer", "employee", NULL};
#define ROLES_HINT "admin, upg, evaluator, unit_officer, employee"

enum { KF_ROLE, KF_NAME, KF_UNIT_ID, KF_NIP, KF__WRITABLE };
static const zi_field_spec key_fields[] = {
    [KF_ROLE] = {"role", FT_ENUM, F_REQUIRED, 0, 0, roles, ROLES_HINT},
    [KF_NAME] = {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL},
    [KF_UNIT_ID] = {"unit_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL},
    [KF_NIP] = {"nip", FT_STRING, F_NULLABLE, 18, 18, NULL, NULL},
    {"id", FT_UUID, F_READ_ONLY, 0, 0, NULL, NULL},
    {"key", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"prefix", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"active", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"created_by", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"created_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"updated_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"last_used_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"revoked_at", FT_STRING, F_READ_ONLY, 0, 0, NULL, NULL},
    {"version", FT_INT, F_READ_ONLY, 0, 0, NULL, NULL},
};
#define NKEYFIELDS (sizeof key_fields / sizeof key_fields[0])

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

/* Splices "key" into the representation: the only response that ever carries the secret. */
static char *with_secret(const char *json, const char *key)
{
    size_t n = strlen(json);
    size_t cap = n + strlen(key) + 16;
    char *out = malloc(cap);
    if (out == NULL || n == 0 || json[n - 1] != '}') {
        free(out);
        return NULL;
    }
    snprintf(out, cap, "%.*s, \"key\" : \"%s\"}", (int)(n - 1), json, key);
    return out;
}

static zi_result create_key(zi_req *r)
{
    const json_t *got[NKEYFIELDS];
    if (fields_validate(r->body, key_fields, NKEYFIELDS, FV_CREATE, got, &r->errors) > 0)
        return ZI_E_INVALID;
    char ubuf[40];
    const char *role = json_string_value(got[KF_ROLE]);
    const char *name = json_string_value(got[KF_NAME]);
    const char *unit_id = fields_param(got[KF_UNIT_ID], &key_fields[KF_UNIT_ID], ubuf, sizeof ubuf);
    const char *nip = fields_param(got[KF_NIP], &key_fields[KF_NIP], NULL, 0);
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
    char *body = with_secret(json, key);
    /* An Idempotency-Key replay must not hand the secret out again (nor may the secret rest
     * in the idempotency table): it returns the record without `key`. */
    r->idem_body = json;
    char location[64];
    snprintf(location, sizeof location, "/v1/api-keys/%s", id);
    free(id);
    if (body == NULL)
        return ZI_E_INTERNAL;
    rc = reply_json(r, 201, body, strlen(body), version, location);
    free(body);
    return rc;
}

static zi_result reply_key(zi_req *r, zi_result rc, char *json, long version)
{
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_KEY_NOT_FOUND, 0, NULL);
    if (rc != ZI_OK)
        return rc;
    return reply_json_owned(r, 200, json, version, NULL);
}

static zi_result get_key(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = keys_db_get(r->db, req_path(r, "id"), &json, &version);
    if (rc == ZI_OK && etag_if_none_match(req_header(r, "If-None-Match"), version)) {
        free(json);
        return reply_not_modified(r, version);
    }
    return reply_key(r, rc, json, version);
}

static zi_result revoke_key(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = keys_db_revoke(r->db, req_path(r, "id"), &json, &version);
    return reply_key(r, rc, json, version);
}

static zi_result list_keys(zi_req *r)
{
    api_page page;
    zi_result rc = api_page_start(r, "created_at", PAGE_KEY_INTEGER, &page);
    if (rc != ZI_OK)
        return rc;
    PGresult *res;
    rc = keys_db_list(r->db, req_query_str(r, "role"), req_query_str(r, "unit_id"), req_query_bool(r, "active"),
                      page.after_value, page.after_id, page.limit + 1, &res);
    return rc == ZI_OK ? api_reply_page(r, res, page.limit, "created_at") : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"role", QP_ENUM, 0, 0, roles, ROLES_HINT},
    {"unit_id", QP_UUID, 0, 0, NULL, NULL},
    {"active", QP_BOOL, 0, 0, NULL, NULL},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {"POST", "/v1/api-keys", "createApiKey", create_key, ROLE_ADMIN, BODY_JSON, 0, NULL},
    {"GET", "/v1/api-keys", "listApiKeys", list_keys, ROLE_ADMIN, BODY_NONE, 0, list_query},
    {"GET", "/v1/api-keys/{id}", "getApiKey", get_key, ROLE_ADMIN, BODY_NONE, 0, NULL},
    {"DELETE", "/v1/api-keys/{id}", "revokeApiKey", revoke_key, ROLE_ADMIN, BODY_NONE, 0, NULL},
};

const zi_route_table api_keys_table = {routes, sizeof routes / sizeof routes[0]};
