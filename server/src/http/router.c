#include "edge.h"
#include "mhd_guard.h"
#include "router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <ulfius.h>
#include <unistd.h>

#include "../common/strbuf.h"
#include "../domain/digest.h"
#include "../domain/validate.h"
#include "../zi_limits.h"
#include "../log.h"
#include "auth.h"
#include "body.h"
#include "cors.h"
#include "idempotency.h"
#include "metrics.h"
#include "problem.h"
#include "ratelimit.h"
#include "request.h"

static const zi_route **routes;
static size_t nroutes;
static const char **route_names;
static atomic_int accepting = 1;
static atomic_int inflight = 0;
static long max_body_bytes = ZI_DEFAULT_MAX_BODY_BYTES;

int router_init(const zi_module *const *modules)
{
    size_t n = 0;
    for (const zi_module *const *m = modules; *m; m++)
        n += (*m)->nroutes;
    if (n > ZI_MAX_ROUTES)
        return -1;
    routes = calloc(n, sizeof *routes);
    route_names = calloc(n, sizeof *route_names);
    if (routes == NULL || route_names == NULL)
        return -1;
    for (const zi_module *const *m = modules; *m; m++) {
        for (size_t i = 0; i < (*m)->nroutes; i++) {
            routes[nroutes] = &(*m)->routes[i];
            route_names[nroutes] = (*m)->routes[i].operation_id;
            nroutes++;
        }
    }
    return metrics_init(nroutes);
}

void router_free(void)
{
    free(routes);
    free(route_names);
    routes = NULL;
    route_names = NULL;
    nroutes = 0;
    metrics_free();
}

const zi_route *router_route(size_t i)
{
    return i < nroutes ? routes[i] : NULL;
}

size_t router_count(void)
{
    return nroutes;
}

int router_accepting(void)
{
    return atomic_load(&accepting);
}

char *router_metrics_text(size_t *len);
char *router_metrics_text(size_t *len)
{
    return metrics_render(route_names, len);
}

/* ---- request ids ------------------------------------------------------------------ */

static _Thread_local unsigned long long rng_state;

static unsigned long long next_random(void)
{
    /* splitmix64: request ids need uniqueness, not secrecy; seeded per thread. */
    if (rng_state == 0) {
        if (getrandom(&rng_state, sizeof rng_state, 0) != (ssize_t)sizeof rng_state)
            rng_state = (unsigned long long)time(NULL) ^ (unsigned long long)(uintptr_t)&rng_state;
        rng_state |= 1;
    }
    unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void set_request_id(zi_req *r)
{
    const char *given = req_header(r, "X-Request-Id");
    if (given && request_id_valid(given)) {
        snprintf(r->request_id, sizeof r->request_id, "%s", given);
        return;
    }
    snprintf(r->request_id, sizeof r->request_id, "%016llx%016llx", next_random(), next_random());
}

/* ---- path and query --------------------------------------------------------------- */

/* Percent-decodes src[0..n) into out (cap bytes); '+' becomes a space when plus_space.
 * Returns 0, or -1 on a bad escape, an embedded NUL, overflow or invalid UTF-8. */
static int pct_decode(const char *src, size_t n, char *out, size_t cap, int plus_space)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int hi = hex_digit(src[i + 1]), lo = hex_digit(src[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
            if (c == '\0')
                return -1;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if (j + 1 >= cap)
            return -1;
        out[j++] = c;
    }
    out[j] = '\0';
    return utf8_valid(out, j) ? 0 : -1;
}

/* Splits the raw path into decoded segments. -1 when it cannot name any resource. */
static int split_path(zi_req *r, const char *path)
{
    if (path[0] != '/')
        return -1;
    r->nsegs = 0;
    if (path[1] == '\0')
        return 0;
    const char *p = path + 1;
    for (;;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (r->nsegs >= ZI_MAX_PATH_SEGMENTS || len == 0 ||
            pct_decode(p, len, r->segs[r->nsegs], sizeof r->segs[0], 0) != 0)
            return -1;
        r->nsegs++;
        if (end == NULL)
            return 0;
        p = end + 1;
    }
}

/* Does the route's pattern match the request's segments? Returns the number of literal
 * segments (specificity) or -1. */
static int match_pattern(const char *pattern, const zi_req *r)
{
    const char *p = pattern;
    int literal = 0, i = 0;
    while (*p) {
        if (*p != '/' || i >= r->nsegs)
            return -1;
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (p[0] != '{') {
            if (strlen(r->segs[i]) != len || strncmp(p, r->segs[i], len) != 0)
                return -1;
            literal++;
        }
        p += len;
        i++;
    }
    return i == r->nsegs ? literal : -1;
}

static int method_is(const char *method, const char *route_method)
{
    return strcmp(method, route_method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

/* Finds the route; fills allow (for 405) with the methods the path supports. */
static zi_result find_route(zi_req *r, const char *method, size_t *index, strbuf *allow)
{
    int score[ZI_MAX_ROUTES];
    int best = -1, best_any = -1;
    for (size_t i = 0; i < nroutes; i++) {
        score[i] = match_pattern(routes[i]->pattern, r);
        if (score[i] > best_any)
            best_any = score[i];
    }
    if (best_any < 0)
        return ZI_E_NOT_FOUND;
    /* Only the most specific pattern(s) own this path: /units/by-code/x never falls back
     * to /units/{id}/x. */
    for (size_t i = 0; i < nroutes; i++) {
        if (score[i] != best_any)
            continue;
        if (allow->len)
            sb_puts(allow, ", ");
        sb_puts(allow, routes[i]->method);
        if (strcmp(routes[i]->method, "GET") == 0)
            sb_puts(allow, ", HEAD");
        if (method_is(method, routes[i]->method) && best < 0) {
            best = best_any;
            *index = i;
        }
    }
    return best < 0 ? ZI_E_METHOD : ZI_OK;
}

static zi_result check_path_params(zi_req *r)
{
    const char *p = r->route->pattern;
    for (int i = 0; i < r->nsegs && *p; i++) {
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (p[0] == '{') {
            char name[32];
            snprintf(name, sizeof name, "%.*s", (int)(len - 2), p + 1);
            size_t nl = strlen(name);
            if (strcmp(name, "id") == 0 || (nl > 3 && strcmp(name + nl - 3, "_id") == 0)) {
                char canon[37];
                if (parse_uuid(r->segs[i], canon) != 0)
                    req_field_error(r, ZI_IN_PATH, name, "invalid_format", 0, 0, "UUID");
                else
                    memcpy(r->segs[i], canon, sizeof canon);
            }
        }
        p += len;
    }
    return r->errors.count ? ZI_E_INVALID : ZI_OK;
}

static void check_query_value(zi_req *r, const zi_qparam *spec, zi_qvalue *q)
{
    const char *v = q->value;
    switch (spec->type) {
    case QP_INT:
        if (parse_long(v, spec->min, spec->max, &q->ival) != 0) {
            long any;
            if (parse_long(v, -2147483647L, 2147483647L, &any) == 0)
                req_field_error(r, ZI_IN_QUERY, spec->name, "out_of_range", spec->min, spec->max, NULL);
            else
                req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_type", 0, 0, "integer");
        }
        return;
    case QP_STRING: {
        size_t len = utf8_length(v);
        if (has_control_chars(v, 0))
            req_field_error(r, ZI_IN_QUERY, spec->name, "control_character", 0, 0, NULL);
        else if ((long)len < spec->min)
            req_field_error(r, ZI_IN_QUERY, spec->name, "too_short", spec->min, 0, NULL);
        else if ((long)len > spec->max)
            req_field_error(r, ZI_IN_QUERY, spec->name, "too_long", spec->max, 0, NULL);
        return;
    }
    case QP_ENUM: {
        for (const char *const *e = spec->values; *e; e++) {
            if (strcmp(*e, v) == 0)
                return;
        }
        char hint[192];
        req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_value", 0, 0, errors_join(spec->values, hint, sizeof hint));
        return;
    }
    case QP_SORT: {
        const char *names[32];
        size_t n = 0;
        for (const zi_sort *s = spec->sorts; s->name && n + 1 < sizeof names / sizeof names[0]; s++) {
            if (strcmp(s->name, v) == 0)
                return;
            names[n++] = s->name;
        }
        names[n] = NULL;
        char hint[192];
        req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_value", 0, 0, errors_join(names, hint, sizeof hint));
        return;
    }
    case QP_UUID: {
        char canon[37];
        if (parse_uuid(v, canon) != 0)
            req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_format", 0, 0, "UUID");
        else
            memcpy(q->value, canon, sizeof canon);
        return;
    }
    case QP_BOOL:
        if (strcmp(v, "true") == 0)
            q->ival = 1;
        else if (strcmp(v, "false") == 0)
            q->ival = 0;
        else
            req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_value", 0, 0, "true, false");
        return;
    case QP_DATE: {
        int y, m, d;
        if (parse_date(v, &y, &m, &d) != 0)
            req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_format", 0, 0, "YYYY-MM-DD");
        return;
    }
    case QP_CURSOR:
        if (strlen(v) == 0 || strlen(v) > ZI_MAX_CURSOR_BYTES)
            req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_cursor", 0, 0, NULL);
        return;
    }
}

static zi_result parse_query(zi_req *r, const char *qs)
{
    const zi_qparam *allowed = r->route->query;
    char key[64];
    char value[ZI_MAX_PARAM_BYTES + 1];
    while (qs && *qs) {
        const char *amp = strchr(qs, '&');
        size_t len = amp ? (size_t)(amp - qs) : strlen(qs);
        const char *eq = memchr(qs, '=', len);
        size_t klen = eq ? (size_t)(eq - qs) : len;
        const char *next = amp ? amp + 1 : NULL;
        if (len == 0) {
            qs = next;
            continue;
        }
        if (pct_decode(qs, klen, key, sizeof key, 1) != 0) {
            req_field_error(r, ZI_IN_QUERY, "?", "invalid_format", 0, 0, "name=value");
            qs = next;
            continue;
        }
        const zi_qparam *spec = NULL;
        for (const zi_qparam *a = allowed; a && a->name; a++) {
            if (strcmp(a->name, key) == 0)
                spec = a;
        }
        if (spec == NULL) {
            req_field_error(r, ZI_IN_QUERY, key, "unknown_parameter", 0, 0, NULL);
            qs = next;
            continue;
        }
        int seen = 0;
        for (int i = 0; i < r->nquery; i++)
            seen |= strcmp(r->query[i].name, spec->name) == 0;
        if (seen) {
            req_field_error(r, ZI_IN_QUERY, spec->name, "repeated_parameter", 0, 0, NULL);
            qs = next;
            continue;
        }
        const char *v = eq ? eq + 1 : qs + len;
        size_t vlen = eq ? len - klen - 1 : 0;
        if (pct_decode(v, vlen, value, sizeof value, 1) != 0) {
            req_field_error(r, ZI_IN_QUERY, spec->name, "invalid_format", 0, 0, "UTF-8, percent-encoded");
            qs = next;
            continue;
        }
        if (r->nquery >= ZI_MAX_QUERY_PARAMS) {
            req_field_error(r, ZI_IN_QUERY, spec->name, "too_many", ZI_MAX_QUERY_PARAMS, 0, NULL);
            break;
        }
        zi_qvalue *q = &r->query[r->nquery];
        q->name = spec->name;
        q->value = strdup(value);
        q->ival = 0;
        if (q->value == NULL)
            return ZI_E_INTERNAL;
        r->nquery++;
        check_query_value(r, spec, q);
        qs = next;
    }
    for (const zi_qparam *spec = allowed; spec && spec->name; spec++) {
        if (spec->required && req_query_str(r, spec->name) == NULL)
            req_field_error(r, ZI_IN_QUERY, spec->name, "required", 0, 0, NULL);
    }
    return r->errors.count ? ZI_E_INVALID : ZI_OK;
}

zi_result router_match_target(zi_req *r, const char *method, const char *query)
{
    strbuf allow;
    sb_init(&allow);
    size_t index = 0;
    zi_result rc = split_path(r, r->raw_path) == 0 ? find_route(r, method, &index, &allow) : ZI_E_NOT_FOUND;
    sb_free(&allow);
    if (rc != ZI_OK)
        return rc;
    r->route = routes[index];
    rc = check_path_params(r);
    return rc == ZI_OK ? parse_query(r, query) : rc;
}

/* ---- the one Ulfius callback ------------------------------------------------------- */

static double elapsed_s(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* OPTIONS: the methods of a known path, and the CORS preflight answer when asked. */
static zi_result options(zi_req *r, const char *allow)
{
    reply_header(r, "Allow", allow);
    cors_apply(r, req_header(r, "Access-Control-Request-Method") != NULL, allow);
    return reply_raw(r, 204, "text/plain", "", 0);
}

static int is_write(const zi_route *rt)
{
    return strcmp(rt->method, "GET") != 0;
}

/* The route's body fields, validated before the handler and before any lock is taken:
 * 400 for bad values, 403 for a field the caller's role may not write. */
static zi_result check_body_fields(zi_req *r)
{
    const zi_fieldset *fs = r->route->fields;
    if (fs == NULL || r->body == NULL)
        return ZI_OK;
    zi_fmode mode = strcmp(r->route->method, "PATCH") == 0 ? FV_PATCH : FV_CREATE;
    if (fields_validate(r->body, fs->fields, fs->count, mode, r->got, &r->errors) > 0)
        return ZI_E_INVALID;
    if (fields_check_writers(r->got, fs, r->who.role, &r->errors) > 0) {
        req_detail(r, MSG_FORBIDDEN_FIELD, 0, NULL);
        return ZI_E_FORBIDDEN;
    }
    return ZI_OK;
}

/* RF_DIGEST: the ETag of a 200 is a digest of its body (and of its content type, so that the
 * JSON and CSV forms differ); a client holding it gets 304 without a body. */
static void digest_etag(zi_req *r)
{
    struct _u_response *resp = r->resp;
    if (resp->status != 200)
        return;
    const char *ctype = u_map_get(resp->map_header, "Content-Type");
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, ctype ? ctype : "");
    sb_putc(&sb, '\n');
    if (resp->binary_body_length)
        sb_append(&sb, resp->binary_body, resp->binary_body_length);
    size_t len;
    char *text = sb_take(&sb, &len);
    char hex[65], etag[24];
    if (text == NULL || sha256_hex(text, len, hex) != 0) {
        free(text);
        return;
    }
    free(text);
    snprintf(etag, sizeof etag, "\"%.16s\"", hex);
    reply_header(r, "ETag", etag);
    const char *inm = req_header(r, "If-None-Match");
    if (inm && (strstr(inm, etag) || strcmp(inm, "*") == 0)) {
        ulfius_set_empty_body_response(resp, 304);
        u_map_remove_from_key(resp->map_header, "Content-Type");
    }
}

/* The body's fields and the unit it names, then the handler. An Idempotency-Key is
 * looked at before this runs: a key reused with another body is 422 even when that body
 * is also invalid. */
static zi_result checked_handler(zi_req *r)
{
    zi_result rc = check_body_fields(r);
    if (rc == ZI_OK)
        rc = auth_check_body_scope(r);
    return rc == ZI_OK ? r->route->handler(r) : rc;
}

/* Ends the transaction the dispatcher opened: COMMIT after a 2xx, ROLLBACK otherwise. A
 * commit that fails turns the answer into a problem (the handler's reply is replaced). */
static zi_result finish_transaction(zi_req *r, zi_result rc)
{
    unsigned status = r->resp->status;
    if (rc != ZI_OK || status < 200 || status >= 300) {
        db_rollback(r->db);
        return rc;
    }
    char state[6] = "";
    rc = db_commit(r->db, state);
    if (rc == ZI_E_INTERNAL && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)) {
        req_detail(r, MSG_CONFLICT_RETRY, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    if (rc == ZI_OK && r->after_commit)
        r->after_commit();
    return rc;
}

static zi_result dispatch(zi_req *r, const char *method, const char *query, size_t *route_index)
{
    /* Framing first: an ambiguous request is answered and its connection closed before any
     * of it is trusted (http/edge.h). */
    zi_result rc = edge_check_framing(r);
    if (rc != ZI_OK)
        return rc;
    strbuf allow;
    sb_init(&allow);
    rc = split_path(r, r->raw_path) == 0 ? find_route(r, method, route_index, &allow) : ZI_E_NOT_FOUND;
    if (rc == ZI_E_METHOD) {
        char *text = sb_take(&allow, NULL);
        if (text == NULL)
            return ZI_E_INTERNAL;
        if (strcmp(method, "OPTIONS") == 0) {
            rc = options(r, text);
        } else {
            reply_header(r, "Allow", text);
            req_detail(r, MSG_METHOD, 0, method);
        }
        free(text);
        return rc;
    }
    sb_free(&allow);
    if (rc != ZI_OK)
        return rc;
    r->route = routes[*route_index];
    if (!atomic_load(&accepting)) {
        req_detail(r, MSG_SHUTTING_DOWN, 0, NULL);
        r->retry_after = 1;
        return ZI_E_UNAVAILABLE;
    }
    if (r->route->flags & RF_NO_AUTH) {
        /* Infrastructure probes: no key, no limit; a database only if they read it. */
        if (!(r->route->flags & RF_NO_DB) && (rc = db_acquire(&r->db)) != ZI_OK)
            return rc;
        return r->route->handler(r);
    }
    const char *auth = req_header(r, "Authorization");
    if (auth == NULL) {
        /* Without a key: limit by address before spending a database connection. */
        if ((rc = ratelimit_take(r)) != ZI_OK || (rc = auth_check(r)) != ZI_OK)
            return rc;
        if (!(r->route->flags & RF_NO_DB) && (rc = db_acquire(&r->db)) != ZI_OK)
            return rc;
    } else {
        if ((rc = db_acquire(&r->db)) != ZI_OK)
            return rc;
        if ((rc = auth_check(r)) != ZI_OK) {
            /* Guessing keys costs the guesser's address its budget; a known key's refused
             * requests (403) cost that key's. */
            if (rc == ZI_E_UNAUTHORIZED)
                r->who.key_id[0] = '\0';
            zi_result limited = ratelimit_take(r);
            return limited != ZI_OK ? limited : rc;
        }
        if ((rc = ratelimit_take(r)) != ZI_OK)
            return rc;
        db_set_actor(r->db, r->who.key_id);
    }
    /* Order: who may call (above), which unit the record belongs to, then what was sent —
     * a caller kept out of a unit learns nothing about the validity of its request. */
    if ((rc = check_path_params(r)) != ZI_OK || (rc = auth_check_scope(r)) != ZI_OK)
        return rc;
    if ((rc = parse_query(r, query)) != ZI_OK)
        return rc;
    if (r->route->body != BODY_NONE &&
        (rc = body_parse(r, r->route->max_body > 0 ? r->route->max_body : max_body_bytes)) != ZI_OK)
        return rc;
    if (r->db && (r->route->flags & RF_SEALED) && (rc = db_seal(r->db)) != ZI_OK)
        return rc;
    /* The one place a transaction begins and ends (http/route.h). */
    int tx = r->db && (is_write(r->route) || (r->route->flags & RF_SNAPSHOT));
    if (tx && (rc = db_begin(r->db, is_write(r->route) ? DB_TX_WRITE : DB_TX_SNAPSHOT)) != ZI_OK)
        return rc;
    rc = strcmp(r->route->method, "POST") == 0 ? idempotent_call(r, checked_handler) : checked_handler(r);
    if (rc == ZI_OK && (r->route->flags & RF_DIGEST))
        digest_etag(r);
    return tx ? finish_transaction(r, rc) : rc;
}

static int on_request(const struct _u_request *request, struct _u_response *response, void *user_data)
{
    (void)user_data;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    atomic_fetch_add(&inflight, 1);

    zi_req r;
    memset(&r, 0, sizeof r);
    r.u = request;
    r.resp = response;
    r.lang = msg_pick_language(req_header(&r, "Accept-Language"));
    errors_init(&r.errors);
    set_request_id(&r);
    log_set_request(r.request_id);

    /* http_url is the request target as received (still percent-encoded). */
    const char *target = request->http_url ? request->http_url : "/";
    const char *qmark = strchr(target, '?');
    size_t plen = qmark ? (size_t)(qmark - target) : strlen(target);
    char *path = strndup(target, plen);
    size_t route_index = nroutes;
    zi_result rc = ZI_E_INTERNAL;
    if (path) {
        r.raw_path = path;
        rc = dispatch(&r, request->http_verb, qmark ? qmark + 1 : NULL, &route_index);
    }
    db_release(r.db);
    r.db = NULL;
    if (rc != ZI_OK)
        problem_send(&r, rc);
    else
        r.status = (int)response->status;
    if (strcmp(request->http_verb, "OPTIONS") != 0 || rc != ZI_OK)
        cors_apply(&r, 0, NULL);
    reply_header(&r, "X-Request-Id", r.request_id);

    double secs = elapsed_s(&t0);
    metrics_observe(route_index, r.status, secs);
    zlog(LOG_INFO, "%s %s %d %.3fms", request->http_verb, path ? path : "?", r.status, secs * 1000.0);

    for (int i = 0; i < r.nquery; i++)
        free(r.query[i].value);
    json_decref(r.body);
    json_decref(r.problem_extra);
    free(r.idem_body);
    free(path);
    log_set_request(NULL);
    atomic_fetch_sub(&inflight, 1);
    return U_CALLBACK_COMPLETE;
}

/* ---- lifecycle ---------------------------------------------------------------------- */

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    zlog(LOG_WARN, "libmicrohttpd: %s", line);
}

/* The stack of each connection's thread: every API suite passes with 64 KiB, under ASan too
 * (16 KiB crashes at the first request); four times that. */
enum { CONNECTION_STACK_BYTES = 256 * 1024 };

int server_run(const zi_config *cfg)
{
    max_body_bytes = cfg->max_body_bytes;
    if (cors_init(cfg->cors_origins) != 0 || ratelimit_init(cfg->rate_limit_per_min, cfg->rate_limit_burst) != 0) {
        zlog(LOG_ERROR, "bad ZI_CORS_ORIGINS (at most 32 origins) or out of memory");
        return 2;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->listen_port);
    if (inet_pton(AF_INET, cfg->listen_host, &addr.sin_addr) != 1) {
        zlog(LOG_ERROR, "ZI_LISTEN host \"%s\" is not an IPv4 address", cfg->listen_host);
        return 2;
    }

    /* Block the signals in every thread; the main thread waits for them with sigwait. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct _u_instance instance;
    if (ulfius_init_instance(&instance, (unsigned)cfg->listen_port, &addr, NULL) != U_OK) {
        zlog(LOG_ERROR, "cannot initialise the HTTP instance");
        return 1;
    }
    /* Ulfius truncates silently at max_post_body_size: one byte more lets body.c see
     * that the limit was crossed and answer 413. */
    long largest = cfg->max_body_bytes;
    for (size_t i = 0; i < nroutes; i++) {
        if (routes[i]->max_body > largest)
            largest = routes[i]->max_body;
    }
    instance.max_post_body_size = (size_t)largest + 1;
    instance.allowed_post_processor = U_POST_PROCESS_NONE;
    ulfius_add_endpoint_by_val(&instance, "*", NULL, "*", 0, &on_request, NULL);

    /*
     * One thread per connection (issue 13). A long-poll reader (GET /v1/events?wait=) blocks the
     * thread its handler runs on for up to 25 s; on the epoll thread pool used before, that thread
     * owned many keep-alive connections, and every one of them, /healthz included, waited with
     * it. Suspending the connection instead is not open to us: Ulfius hands a handler no
     * MHD_Connection (one could be caught in the URI-log callback) and queues the answer as soon
     * as the handler returns; only a streamed body could be deferred, with the status and the
     * headers (Link) sent before the wait. Now a waiting reader holds its own connection's thread
     * and nothing else. ZI_MAX_CONNECTIONS and ZI_MAX_CONNECTIONS_PER_ADDRESS bound the threads,
     * poll() rather than select() serves descriptors above 1024, and stacks are small.
     * The price, against the pool, measured with wrk in interleaved runs on a shared 2-core
     * machine (README, "Following changes"): about 1.5-2 times the server's CPU per cheap request
     * (context switches: 16 -> 32 us for /healthz, 54 -> 87 us for GET one unit), 0.8-0.9 times
     * the requests a second for API reads at 64 connections (0.7-0.8 for /healthz), writes
     * unchanged, a lower p99.
     */
    struct MHD_OptionItem ops[] = {
        /* libmicrohttpd wants its logger first, or it logs to stderr until it sees it. */
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
        {MHD_OPTION_THREAD_STACK_SIZE, CONNECTION_STACK_BYTES, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, ZI_CONNECTION_TIMEOUT_S, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, ZI_MAX_CONNECTIONS, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)ZI_MHD_CONNECTION_MEMORY, NULL},
        /* RFC 9112's musts libmicrohttpd enforces only when strict: 400 for an HTTP/1.1
         * request without Host, and for whitespace in the request target. */
        {MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL},
        /* One address cannot take every connection (issue 13). */
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)cfg->max_connections_per_address, NULL},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        /* Ulfius's two callbacks, wrapped so that a request libmicrohttpd drops before
         * dispatching does not leak (http/mhd_guard.h). */
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)mhd_guard_completed, NULL},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)mhd_guard_uri_logged, NULL},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)mhd_guard_connection, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (ulfius_start_framework_with_mhd_options(&instance, flags, ops) != U_OK) {
        zlog(LOG_ERROR, "cannot listen on %s:%d (in use? not a local address?)", cfg->listen_host, cfg->listen_port);
        ulfius_clean_instance(&instance);
        ratelimit_free();
        cors_free();
        return 1;
    }
    zlog(LOG_INFO, "serving on http://%s:%d, a thread per connection (at most %d), %d database connections",
         cfg->listen_host, cfg->listen_port, ZI_MAX_CONNECTIONS, cfg->pool_size);
    /* Test harnesses and scripts wait for this line on stdout. */
    printf("zi-server listening on %s:%d\n", cfg->listen_host, cfg->listen_port);
    fflush(stdout);

    int sig = 0;
    sigwait(&sigs, &sig);
    zlog(LOG_INFO, "signal %d: draining", sig);
    /* New requests are answered 503 from here on while in-flight ones finish. (Not
     * MHD_quiesce_daemon: with the epoll thread pool, libmicrohttpd 0.9.75 can abort
     * removing the listening socket from a worker's epoll set.) */
    atomic_store(&accepting, 0);
    for (int i = 0; i < ZI_SHUTDOWN_DRAIN_S * 100 && atomic_load(&inflight) > 0; i++)
        usleep(10000);
    /* libmicrohttpd writes an answer after its handler returns, and stopping the daemon in
     * between loses it: give the answers a moment to go out. Bounded, because the count also
     * holds requests still being received (a slow client must not hold the stop). */
    for (int i = 0; i < ZI_SHUTDOWN_SEND_MS / 10 && mhd_guard_open_requests() > 0; i++)
        usleep(10000);
    ulfius_stop_framework(&instance);
    ulfius_clean_instance(&instance);
    ratelimit_free();
    cors_free();
    zlog(LOG_INFO, "stopped");
    return 0;
}
