#include "idempotency.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../db/idempotency_db.h"
#include "../domain/digest.h"

#define IDEM_MAX_KEY 255
#define IDEM_PURGE_EVERY 1000 /* claims between purges of expired records */

static atomic_uint claims;

static int key_valid(const char *k)
{
    size_t n = strlen(k);
    if (n < 1 || n > IDEM_MAX_KEY)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (k[i] < 0x21 || k[i] > 0x7e)
            return 0;
    }
    return 1;
}

/* Method, target and body: what makes two requests "the same". */
static int request_hash(const zi_req *r, char out[65])
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, r->u->http_verb);
    sb_putc(&sb, '\n');
    sb_puts(&sb, r->u->http_url ? r->u->http_url : "");
    sb_putc(&sb, '\n');
    if (r->u->binary_body_length)
        sb_append(&sb, r->u->binary_body, r->u->binary_body_length);
    size_t len;
    char *text = sb_take(&sb, &len);
    int rc = text ? sha256_hex(text, len, out) : -1;
    free(text);
    return rc;
}

static zi_result replay(zi_req *r, idem_record *rec)
{
    if (rec->location)
        reply_header(r, "Location", rec->location);
    if (rec->etag)
        reply_header(r, "ETag", rec->etag);
    reply_header(r, "Idempotent-Replayed", "true");
    const char *body = rec->body ? rec->body : "";
    return reply_raw(r, rec->status, "application/json; charset=utf-8", body, strlen(body));
}

static zi_result store(zi_req *r, const char *scope, const char *key)
{
    const struct _u_response *resp = r->resp;
    char *body = r->idem_body ? strdup(r->idem_body)
                              : strndup(resp->binary_body ? resp->binary_body : "", resp->binary_body_length);
    if (body == NULL)
        return ZI_E_INTERNAL;
    zi_result rc = idem_store(r->db, scope, key, (int)resp->status, u_map_get(resp->map_header, "Location"),
                              u_map_get(resp->map_header, "ETag"), body);
    free(body);
    return rc;
}

zi_result idempotent_call(zi_req *r, zi_handler handler)
{
    const char *key = req_header(r, "Idempotency-Key");
    if (key == NULL || r->db == NULL)
        return handler(r);
    if (!key_valid(key)) {
        req_field_error(r, ZI_IN_HEADER, "Idempotency-Key", "invalid_format", 0, 0,
                        "1-255 visible ASCII characters");
        return ZI_E_INVALID;
    }
    static const char anonymous[] = "00000000-0000-0000-0000-000000000000";
    const char *scope = r->who.key_id[0] ? r->who.key_id : anonymous;
    char hash[65];
    if (request_hash(r, hash) != 0)
        return ZI_E_INTERNAL;

    /* Inside the dispatcher's transaction: the claim, the handler's writes and the stored
     * response commit together, or none does. */
    zi_result rc = ZI_OK;
    if (atomic_fetch_add(&claims, 1) % IDEM_PURGE_EVERY == 0)
        rc = idem_purge(r->db);
    idem_record rec;
    if (rc == ZI_OK)
        rc = idem_claim(r->db, scope, key, hash, &rec);
    if (rc != ZI_OK)
        return rc;
    if (!rec.claimed) {
        if (!rec.same_request) {
            idem_record_free(&rec);
            req_field_error(r, ZI_IN_HEADER, "Idempotency-Key", "idempotency_key_reused", 0, 0, NULL);
            req_detail(r, MSG_IDEMPOTENCY_MISMATCH, 0, NULL);
            return ZI_E_UNPROCESSABLE;
        }
        rc = replay(r, &rec);
        idem_record_free(&rec);
        return rc;
    }
    rc = handler(r);
    if (rc == ZI_OK && r->resp->status >= 200 && r->resp->status < 300)
        rc = store(r, scope, key);
    return rc;
}
