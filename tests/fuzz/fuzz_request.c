/*
 * A whole request, as the dispatcher takes it apart: framing headers, the request target
 * (path segments, route, UUID path parameters, query allowlist), Accept-Language,
 * X-Request-Id, Authorization, unit scope, the body (media type, UTF-8, depth, JSON, the
 * route's field set and who may write each field), Idempotency-Key on POST, then the route's
 * own handler — with a database that is down, so each handler runs its own checks up to its
 * first statement — and the problem document of whatever was refused.
 *
 * Input: an HTTP/1.1-like text. The first line is "METHOD TARGET"; header lines "Name: value"
 * follow up to an empty line; the rest is the body. The keys of tests/fuzz/support.c
 * authenticate (Authorization: Bearer zi_fuzzadmin…). A first line "@" + one byte + text
 * names a registered route instead (the byte modulo their number): its method and its
 * pattern with the parameters filled in, then the text (a query string) — so every route,
 * a newly registered one too, is reached without spelling its path.
 */
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "fuzz.h"
#include "http/auth.h"
#include "http/body.h"
#include "http/edge.h"
#include "http/idempotency.h"
#include "http/problem.h"
#include "http/router.h"
#include "domain/validate.h"

/* What http/router.c does before a route's handler: the body's fields against the route's
 * field set, who may write them, the unit a body names. */
static zi_result checked_handler(zi_req *r)
{
    const zi_fieldset *fs = r->route->fields;
    if (fs && r->body) {
        zi_fmode mode = strcmp(r->route->method, "PATCH") == 0 ? FV_PATCH : FV_CREATE;
        if (fields_validate(r->body, fs->fields, fs->count, mode, r->got, &r->errors) > 0)
            return ZI_E_INVALID;
        if (fields_check_writers(r->got, fs, r->who.role, &r->errors) > 0)
            return ZI_E_FORBIDDEN;
    }
    zi_result rc = auth_check_body_scope(r);
    return rc == ZI_OK ? r->route->handler(r) : rc;
}

static zi_result dispatch(zi_req *r, const char *method, const char *query)
{
    zi_result rc = edge_check_framing(r);
    if (rc == ZI_OK)
        rc = router_match_target(r, method, query);
    if (rc != ZI_OK)
        return rc;
    if ((rc = db_acquire(&r->db)) != ZI_OK)
        return rc;
    if (r->route->flags & RF_NO_AUTH)
        return r->route->handler(r);
    if ((rc = auth_check(r)) != ZI_OK || (rc = auth_check_scope(r)) != ZI_OK)
        return rc;
    if (r->route->body != BODY_NONE &&
        (rc = body_parse(r, r->route->max_body > 0 ? r->route->max_body : ZI_DEFAULT_MAX_BODY_BYTES)) != ZI_OK)
        return rc;
    if ((rc = db_begin(r->db, DB_TX_WRITE)) != ZI_OK)
        return rc;
    rc = strcmp(r->route->method, "POST") == 0 ? idempotent_call(r, checked_handler) : checked_handler(r);
    if (rc == ZI_OK)
        (void)db_commit(r->db, NULL);
    else
        db_rollback(r->db);
    return rc;
}

/* "@" + index byte + rest: the method and a concrete target of a registered route. */
static char *route_line(const char *line)
{
    size_t count = router_count();
    const zi_route *rt = router_route((unsigned char)line[1] % count);
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, rt->method);
    sb_putc(&sb, ' ');
    for (const char *p = rt->pattern; *p;) {
        if (*p != '{') {
            sb_putc(&sb, *p++);
            continue;
        }
        const char *end = strchr(p, '}');
        size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
        if (strncmp(p, "{year}", len) == 0)
            sb_puts(&sb, "2026");
        else if (strncmp(p, "{code}", len) == 0)
            sb_puts(&sb, "DINKES");
        else
            sb_puts(&sb, "11111111-1111-4111-8111-111111111111");
        p += len;
    }
    sb_puts(&sb, line + 2);
    char *out = sb_take(&sb, NULL);
    if (out == NULL)
        abort();
    return out;
}

/* The next line of data[*at..n) (without CR LF) as an owned string; NULL at the end. */
static char *next_line(const uint8_t *data, size_t n, size_t *at)
{
    if (*at >= n)
        return NULL;
    const uint8_t *start = data + *at;
    const uint8_t *nl = memchr(start, '\n', n - *at);
    size_t len = nl ? (size_t)(nl - start) : n - *at;
    *at += len + (nl != NULL);
    if (len > 0 && start[len - 1] == '\r')
        len--;
    return fuzz_strndup(start, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_init_server();
    fuzz_prime_keys();
    size_t at = 0;
    char *line = next_line(data, n, &at);
    if (line == NULL)
        return 0;
    if (line[0] == '@' && line[1] != '\0') {
        char *named = route_line(line);
        free(line);
        line = named;
    }
    char *sp = strchr(line, ' ');
    const char *target = sp ? sp + 1 : "/";
    if (sp)
        *sp = '\0';
    fuzz_request f;
    fuzz_req_init(&f, line, target);
    char *h;
    while ((h = next_line(data, n, &at)) != NULL && h[0] != '\0') {
        char *colon = strchr(h, ':');
        if (colon && colon != h) {
            *colon = '\0';
            const char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            fuzz_req_header(&f, h, v);
        }
        free(h);
    }
    free(h);
    fuzz_req_body(&f, data + at, n - at);

    zi_req *r = &f.r;
    r->lang = msg_pick_language(req_header(r, "Accept-Language"));
    (void)request_id_valid(req_header(r, "X-Request-Id"));
    const char *qmark = strchr(target, '?');
    char *path = strndup(target, qmark ? (size_t)(qmark - target) : strlen(target));
    if (path == NULL)
        abort();
    r->raw_path = path;
    zi_result rc = dispatch(r, line, qmark ? qmark + 1 : NULL);
    db_release(r->db);
    r->db = NULL;
    if (rc != ZI_OK)
        problem_send(r, rc);
    fuzz_req_free(&f);
    free(path);
    free(line);
    return 0;
}
