#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "../db/keys_db.h"
#include "../domain/cursor.h"
#include "../domain/digest.h"
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
    zi_result rc = keys_db_lookup(r->db, hash, &r->who);
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

zi_result auth_check_unit(zi_req *r)
{
    if (!(r->route->flags & RF_OWN_UNIT) || !(r->who.role & (ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)))
        return ZI_OK;
    const char *target = req_path(r, "id");
    if (target && strcmp(target, r->who.unit_id) == 0)
        return ZI_OK;
    req_detail(r, MSG_FORBIDDEN_UNIT, 0, NULL);
    return ZI_E_FORBIDDEN;
}
