#include "../db/keycache.h"
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "../db/keys_db.h"
#include "../domain/cursor.h"
#include "../domain/digest.h"
#include "../domain/validate.h"
#include "request.h"

int apikey_well_formed(const char *key)
{
    if (key == NULL || strlen(key) != ZI_KEY_LEN || strncmp(key, ZI_KEY_PREFIX, 3) != 0)
        return 0;
    for (const char *p = key + 3; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

int apikey_hash_hex(const char *key, char out[65])
{
    return sha256_hex(key, strlen(key), out);
}

int apikey_generate(char out[ZI_KEY_LEN + 1])
{
    unsigned char raw[ZI_KEY_RANDOM_BYTES];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return -1;
    memcpy(out, ZI_KEY_PREFIX, 3);
    b64url_encode(raw, sizeof raw, out + 3);
    return 0;
}

zi_result auth_check(zi_req *r)
{
    const char *h = req_header(r, "Authorization");
    r->who.role = ROLE_PUBLIC;
    if (h == NULL) {
        if (r->route->roles & ROLE_PUBLIC)
            return ZI_OK;
        req_detail(r, MSG_MISSING_KEY, 0, NULL);
        return ZI_E_UNAUTHORIZED;
    }
    /* A key that is sent is always checked, even on public routes: a client with a
     * broken key should learn it on its first call, not on its first write. */
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        req_detail(r, MSG_MISSING_KEY, 0, NULL);
        return ZI_E_UNAUTHORIZED;
    }
    const char *key = h + 7;
    while (*key == ' ')
        key++;
    char hash[65];
    if (!apikey_well_formed(key) || apikey_hash_hex(key, hash) != 0) {
        req_detail(r, MSG_BAD_KEY, 0, NULL);
        return ZI_E_UNAUTHORIZED;
    }
    zi_result rc = ZI_OK;
    if (!keycache_get(hash, &r->who)) {
        unsigned long gen = keycache_generation();
        rc = keys_db_lookup(r->db, hash, &r->who);
        if (rc == ZI_OK)
            keycache_put(hash, &r->who, gen);
    }
    if (rc == ZI_E_NOT_FOUND) {
        req_detail(r, MSG_BAD_KEY, 0, NULL);
        return ZI_E_UNAUTHORIZED;
    }
    if (rc != ZI_OK)
        return rc;
    if (!(r->route->roles & (r->who.role | ROLE_PUBLIC))) {
        req_detail(r, MSG_FORBIDDEN_ROLE, 0, NULL);
        return ZI_E_FORBIDDEN;
    }
    return ZI_OK;
}

static int unit_bound(const zi_req *r)
{
    return (r->who.role & ROLE_UNIT_BOUND) != 0;
}

/* The verdict on a record of unit scope_unit for the caller: its own unit passes; another
 * unit's private record is "not found" (its existence is not the caller's to learn), a
 * public one is forbidden. */
static zi_result own_unit_only(zi_req *r)
{
    if (!unit_bound(r) || strcmp(r->scope_unit, r->who.unit_id) == 0)
        return ZI_OK;
    if (r->route->scope.private_record) {
        req_detail(r, MSG_RESOURCE_NOT_FOUND, 0, NULL);
        return ZI_E_NOT_FOUND;
    }
    req_detail(r, MSG_FORBIDDEN_UNIT, 0, NULL);
    return ZI_E_FORBIDDEN;
}

/* Runs the route's resolver: the unit of the record the path names. */
static zi_result resolve_unit(zi_req *r, const char *id)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(r->db, r->route->scope.resolve, params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    /* A record found with no unit (city-wide) belongs to no unit-bound caller. */
    int found = PQntuples(res) == 1;
    if (found)
        snprintf(r->scope_unit, sizeof r->scope_unit, "%s", PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
    PQclear(res);
    if (found)
        return ZI_OK;
    req_detail(r, MSG_RESOURCE_NOT_FOUND, 0, NULL);
    return ZI_E_NOT_FOUND;
}

zi_result auth_check_scope(zi_req *r)
{
    const zi_scope *s = &r->route->scope;
    const char *v;
    r->scope_unit[0] = '\0';
    switch (s->kind) {
    case SCOPE_NONE:
    case SCOPE_LIST:
    case SCOPE_BODY:
        return ZI_OK;
    case SCOPE_PATH:
        v = req_path(r, s->param);
        snprintf(r->scope_unit, sizeof r->scope_unit, "%s", v ? v : "");
        return own_unit_only(r);
    case SCOPE_RESOLVE:
        /* Roles that are not unit-bound need no answer here; their handler reports a
         * missing record in its own words. */
        if (!unit_bound(r) || r->db == NULL)
            return ZI_OK;
        v = req_path(r, s->param);
        zi_result rc = resolve_unit(r, v ? v : "");
        return rc == ZI_OK ? own_unit_only(r) : rc;
    }
    return ZI_E_INTERNAL;
}

zi_result auth_check_body_scope(zi_req *r)
{
    const zi_scope *s = &r->route->scope;
    if (s->kind != SCOPE_BODY)
        return ZI_OK;
    const char *v = json_string_value(req_field(r, s->param));
    char canon[37];
    if (v && parse_uuid(v, canon) == 0)
        snprintf(r->scope_unit, sizeof r->scope_unit, "%s", canon);
    else if (unit_bound(r))
        snprintf(r->scope_unit, sizeof r->scope_unit, "%s", r->who.unit_id); /* the caller's own, by default */
    return own_unit_only(r);
}
