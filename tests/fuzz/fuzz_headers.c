/*
 * The request headers the server reads, each through the function that reads it:
 *   0 If-Match (req_check_if_match) and If-None-Match (etag_if_none_match), strong and weak;
 *   1 Accept-Language (msg_pick_language: tags, q-values);
 *   2 Authorization (auth_check: the Bearer scheme, the key's shape; the fuzz keys of
 *     support.c are cached, so a well-formed known key reaches the role check);
 *   3 Idempotency-Key (idempotent_call on a POST: the key's shape, the request hash);
 *   4 X-Request-Id (request_id_valid: what may be echoed);
 *   5 the framing headers (edge_check_framing: repeated, comma-joined or non-numeric
 *     Content-Length, Transfer-Encoding with Content-Length, any spelling).
 * Input: one byte choosing the header (and, for 0 and 2, the version or the route's roles),
 * then the value; for 5, "Name: value" lines.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "domain/etag.h"
#include "domain/validate.h"
#include "fuzz.h"
#include "http/auth.h"
#include "http/edge.h"
#include "http/idempotency.h"

static zi_result created(zi_req *r)
{
    return reply_json(r, 201, "{}", 2, 1, "/v1/fuzz/1");
}

static void if_match(fuzz_request *f, const char *v, unsigned sel)
{
    static const long versions[] = {1, 7, 42, 1000000, LONG_MAX};
    long version = versions[sel % (sizeof versions / sizeof versions[0])];
    fuzz_req_header(f, "If-Match", v);
    (void)req_check_if_match(&f->r, version);
    (void)etag_if_none_match(v, version);
}

static void authorization(fuzz_request *f, const char *v, unsigned sel)
{
    zi_route route = {.method = "GET", .pattern = "/v1/fuzz", .operation_id = "fuzzAuth"};
    route.roles = fuzz_roles[sel % fuzz_nroles] | ((sel & 0x80) ? ROLE_PUBLIC : 0);
    f->r.route = &route;
    fuzz_prime_keys();
    fuzz_req_header(f, "Authorization", v);
    (void)auth_check(&f->r);
    f->r.route = NULL;
}

static void idempotency_key(fuzz_request *f, const char *v)
{
    zi_route route = {.method = "POST", .pattern = "/v1/fuzz", .operation_id = "fuzzIdempotency"};
    f->r.route = &route;
    fuzz_principal(&f->r.who, ROLE_ADMIN);
    fuzz_req_header(f, "Idempotency-Key", v);
    if (db_acquire(&f->r.db) == ZI_OK) {
        (void)idempotent_call(&f->r, created);
        db_release(f->r.db);
    }
    f->r.route = NULL;
}

static void framing(fuzz_request *f, char *lines)
{
    for (char *line = lines; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *colon = strchr(line, ':');
        if (colon && colon != line) {
            *colon = '\0';
            fuzz_req_header(f, line, colon + 1 + (colon[1] == ' '));
        }
        line = nl ? nl + 1 : NULL;
    }
    (void)edge_check_framing(&f->r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_init_server();
    if (n < 1)
        return 0;
    unsigned sel = data[0];
    char *v = fuzz_strndup(data + 1, n - 1);
    fuzz_request f;
    fuzz_req_init(&f, "POST", "/v1/fuzz");
    switch ((sel >> 4) % 6) {
    case 0:
        if_match(&f, v, sel);
        break;
    case 1:
        (void)msg_pick_language(v);
        break;
    case 2:
        authorization(&f, v, sel);
        break;
    case 3:
        idempotency_key(&f, v);
        break;
    case 4:
        (void)request_id_valid(v);
        break;
    default:
        framing(&f, v);
        break;
    }
    fuzz_req_free(&f);
    free(v);
    return 0;
}
