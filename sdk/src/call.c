/*
 * call.c — describing a request (zi_call_*) and performing it on the client's one easy
 * handle: headers, retries with backoff and Retry-After, the response size cap, parsing the
 * result, and the record of the last call (problem document, field errors, request id).
 * Thread rules: those of the client (one thread at a time per client).
 */
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- describing a call ------------------------------------------------------------------- */

void zi_call_fail(zi_call *call, zi_status st, const char *what)
{
    if (call->status != ZI_OK)
        return;
    call->status = st;
    call->what = zi_strdup(what);
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return zi_buf_append(data, buffer, size);
}

static void latch_nomem(zi_call *call)
{
    zi_call_fail(call, ZI_E_NOMEM, "out of memory while building the request");
}

void zi_call_init(zi_call *call, zi_method method, json_t **result, zi_etag *etag_out)
{
    memset(call, 0, sizeof *call);
    call->method = method;
    call->result_kind = ZI_RESULT_OBJECT;
    call->result = result;
    call->etag_out = etag_out;
    if (result)
        *result = NULL;
    else
        zi_call_fail(call, ZI_E_ARGUMENT, "the result pointer is NULL");
    if (etag_out)
        etag_out->value[0] = '\0';
    if (method == ZI_POST) {
        static const char hex[] = "0123456789abcdef";
        unsigned char rnd[16];
        size_t i;

        if (zi_random_bytes(rnd, sizeof rnd) != 0) {
            zi_call_fail(call, ZI_E_TRANSPORT, "no randomness for the Idempotency-Key");
            return;
        }
        for (i = 0; i < sizeof rnd; i++) {
            call->idempotency_key[2 * i] = hex[rnd[i] >> 4];
            call->idempotency_key[2 * i + 1] = hex[rnd[i] & 15];
        }
        call->idempotency_key[2 * sizeof rnd] = '\0';
    }
}

void zi_call_path(zi_call *call, const char *tmpl, ...)
{
    va_list ap;
    const char *p = tmpl;

    va_start(ap, tmpl);
    while (*p) {
        const char *open = strchr(p, '{');
        const char *close;
        const char *arg;
        char what[96];
        size_t lit = open ? (size_t)(open - p) : strlen(p);

        if (zi_buf_append(&call->target, p, lit) != 0)
            latch_nomem(call);
        if (!open)
            break;
        close = strchr(open, '}');
        if (!close)
            break; /* a malformed template is a bug in libzi; the server will say 404 */
        arg = va_arg(ap, const char *);
        if (!arg || !*arg || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0) {
            snprintf(what, sizeof what, "%.*s is required (a non-empty string)",
                     (int)(close - open - 1), open + 1);
            zi_call_fail(call, ZI_E_ARGUMENT, what);
        } else if (zi_buf_put_escaped(&call->target, arg) != 0) {
            latch_nomem(call);
        }
        p = close + 1;
    }
    va_end(ap);
}

void zi_call_query_str(zi_call *call, const char *name, const char *value)
{
    if (!value)
        return;
    if (zi_buf_puts(&call->target, call->n_query ? "&" : "?") != 0 ||
        zi_buf_puts(&call->target, name) != 0 || zi_buf_puts(&call->target, "=") != 0 ||
        zi_buf_put_escaped(&call->target, value) != 0) {
        latch_nomem(call);
        return;
    }
    call->n_query++;
}

void zi_call_query_int(zi_call *call, const char *name, long long value)
{
    char num[24];

    if (value == 0)
        return;
    snprintf(num, sizeof num, "%lld", value);
    zi_call_query_str(call, name, num);
}

void zi_call_query_tristate(zi_call *call, const char *name, zi_tristate value)
{
    switch (value) {
    case ZI_ANY:
        return;
    case ZI_TRUE:
        zi_call_query_str(call, name, "true");
        return;
    case ZI_FALSE:
        zi_call_query_str(call, name, "false");
        return;
    }
    zi_call_fail(call, ZI_E_ARGUMENT, "a zi_tristate filter is not ZI_ANY, ZI_TRUE or ZI_FALSE");
}

void zi_call_next_cursor(zi_call *call, json_t **next_out)
{
    call->next_out = next_out;
    if (next_out)
        *next_out = NULL;
}

void zi_call_query_long(zi_call *call, const char *name, long long value)
{
    char num[24];

    snprintf(num, sizeof num, "%lld", value);
    zi_call_query_str(call, name, num);
}

void zi_call_query_opt_int(zi_call *call, const char *name, zi_opt_int value)
{
    if (value.set)
        zi_call_query_long(call, name, (long long)value.value);
}

/* A body argument: 1 when given, else 0 with "<what> is required (<kind>)" latched. */
static int body_given(zi_call *call, const void *body, const char *what, const char *kind)
{
    char msg[96];

    if (body)
        return 1;
    snprintf(msg, sizeof msg, "%s is required (%s)", what, kind);
    zi_call_fail(call, ZI_E_ARGUMENT, msg);
    return 0;
}

void zi_call_body(zi_call *call, const json_t *body, const char *what)
{
    if (body_given(call, body, what, "a JSON object"))
        call->body = body;
}

void zi_call_raw_body(zi_call *call, const char *data, size_t len, const char *media_type,
                      const char *what)
{
    if (!body_given(call, data, what, "not NULL"))
        return;
    call->raw = data;
    call->raw_len = len;
    call->raw_type = media_type;
}

void zi_call_body_member(zi_call *call, const char *member, const json_t *value,
                         const char *what)
{
    json_t *key;
    int bad;

    if (!body_given(call, value, what, "not NULL"))
        return;
    key = json_string(member);
    bad = !key || zi_buf_puts(&call->raw_buf, "{") != 0 ||
          json_dump_callback(key, dump_cb, &call->raw_buf, JSON_ENCODE_ANY) != 0 ||
          zi_buf_puts(&call->raw_buf, ":") != 0 ||
          json_dump_callback(value, dump_cb, &call->raw_buf, JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
          zi_buf_puts(&call->raw_buf, "}") != 0;
    json_decref(key);
    if (bad) {
        zi_call_fail(call, ZI_E_NOMEM, "out of memory while encoding the request body");
        return;
    }
    call->raw = call->raw_buf.data;
    call->raw_len = call->raw_buf.len;
    call->raw_type = "application/json";
}

void zi_call_if_match(zi_call *call, const zi_if_match *m)
{
    if (!m)
        return;
    if (m->etag) {
        size_t n = strlen(m->etag);
        if (n == 0 || n >= sizeof call->if_match || zi_has_ctl(m->etag)) {
            zi_call_fail(call, ZI_E_ARGUMENT,
                         "if_match->etag must be a non-empty ETag without control characters");
            return;
        }
        memcpy(call->if_match, m->etag, n + 1);
        return;
    }
    if (m->version < 1) {
        zi_call_fail(call, ZI_E_ARGUMENT, "if_match needs an etag or a version >= 1");
        return;
    }
    snprintf(call->if_match, sizeof call->if_match, "\"%lld\"", (long long)m->version);
}

void zi_call_idempotency_key(zi_call *call, const char *key)
{
    size_t n;
    size_t i;

    if (!key)
        return;
    n = strlen(key);
    for (i = 0; i < n; i++)
        if ((unsigned char)key[i] < 0x21 || (unsigned char)key[i] > 0x7e)
            break;
    if (n == 0 || n > ZI_IDEMPOTENCY_KEY_MAX || i < n) {
        zi_call_fail(call, ZI_E_ARGUMENT,
                     "idempotency_key must be 1-255 visible ASCII characters (no spaces)");
        return;
    }
    memcpy(call->idempotency_key, key, n + 1);
}

int zi_call_params_ok(zi_call *call, const void *params, size_t struct_size, const char *init)
{
    char msg[128];

    if (!params)
        return 0;
    if (struct_size == 0) {
        snprintf(msg, sizeof msg, "params->struct_size is 0: declare params with %s", init);
        zi_call_fail(call, ZI_E_ARGUMENT, msg);
        return 0;
    }
    return 1;
}

void zi_call_dispose(zi_call *call)
{
    zi_buf_free(&call->target);
    zi_buf_free(&call->raw_buf);
    call->raw = NULL;
    free(call->what);
    call->what = NULL;
}

/* ---- the response of one attempt ----------------------------------------------------------- */

static void reset_response(zi_client *c)
{
    zi_buf_clear(&c->body);
    c->body_too_large = 0;
    c->body_nomem = 0;
    c->etag[0] = '\0';
    c->etag_too_long = 0;
    free(c->resp_request_id);
    c->resp_request_id = NULL;
    c->resp_replayed = 0;
    free(c->resp_link);
    c->resp_link = NULL;
    free(c->resp_disposition);
    c->resp_disposition = NULL;
    c->sink_state = ZI_SINK_UNDECIDED;
    c->sink_aborted = 0;
    c->sink_bad_type = 0;
    c->errbuf[0] = '\0';
    c->err.retry_after_s = -1;
}

/* Is the media type of content_type (parameters ignored, any case) want? */
static int media_type_is(const char *content_type, const char *want)
{
    size_t n = strlen(want);

    return content_type && strncasecmp(content_type, want, n) == 0 &&
           (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

/* A streaming call's first body bytes of an attempt: a 2xx answer of the wanted type goes to
 * the sink from now on, any other answer is buffered (a problem document). 0, or -1 for a
 * 2xx answer of another type (the transfer stops; ZI_E_PROTOCOL). */
static int sink_decide(zi_client *c)
{
    long http = 0;
    char *ct = NULL;

    if (curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &http) != CURLE_OK || http < 200 ||
        http > 299) {
        c->sink_state = ZI_SINK_BUFFER;
        return 0;
    }
    if (c->sink_type && (curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct) != CURLE_OK ||
                         !media_type_is(ct, c->sink_type))) {
        c->sink_bad_type = 1;
        return -1;
    }
    c->sink_state = ZI_SINK_PASS;
    return 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    zi_client *c = userdata;
    size_t n = size * nmemb;

    if (c->sink && c->sink_state == ZI_SINK_UNDECIDED && sink_decide(c) != 0)
        return 0; /* CURLE_WRITE_ERROR */
    if (c->sink_state == ZI_SINK_PASS) {
        if (n > 0 && c->sink(data, n, c->sink_data) != 0) {
            c->sink_aborted = 1;
            return 0;
        }
        c->sink_delivered += n;
        return n;
    }
    if (n > c->max_response_bytes || c->body.len > c->max_response_bytes - n) {
        c->body_too_large = 1;
        return 0; /* CURLE_WRITE_ERROR: the transfer stops here */
    }
    if (zi_buf_append(&c->body, data, n) != 0) {
        c->body_nomem = 1;
        return 0;
    }
    return n;
}

/* Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). -1 when unusable. */
static long parse_retry_after(const char *v)
{
    char *end;
    long s;
    time_t when;
    time_t now;

    if (*v >= '0' && *v <= '9') {
        errno = 0;
        s = strtol(v, &end, 10);
        if (errno != 0 || *end != '\0')
            return -1;
        return s > LONG_MAX / 1000 ? LONG_MAX / 1000 : s;
    }
    when = curl_getdate(v, NULL);
    if (when < 0)
        return -1;
    now = time(NULL);
    return when > now ? (long)(when - now) : 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    zi_client *c = userdata;
    size_t n = size * nmemb;
    size_t name_len;
    const char *colon;
    const char *v;
    size_t vlen;
    char tmp[512];

    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        /* A new response (e.g. after a 100 Continue): forget the previous one's headers. */
        c->etag[0] = '\0';
        c->etag_too_long = 0;
        free(c->resp_request_id);
        c->resp_request_id = NULL;
        c->resp_replayed = 0;
        free(c->resp_link);
        c->resp_link = NULL;
        free(c->resp_disposition);
        c->resp_disposition = NULL;
        c->err.retry_after_s = -1;
        return n;
    }
    colon = memchr(data, ':', n);
    if (!colon)
        return n;
    name_len = (size_t)(colon - data);
    v = colon + 1;
    vlen = n - name_len - 1;
    while (vlen > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        vlen--;
    }
    while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' ' ||
                        v[vlen - 1] == '\t'))
        vlen--;
    if (name_len == 4 && strncasecmp(data, "ETag", 4) == 0) {
        if (vlen >= sizeof c->etag) {
            c->etag_too_long = 1;
        } else {
            memcpy(c->etag, v, vlen);
            c->etag[vlen] = '\0';
        }
    } else if (name_len == 12 && strncasecmp(data, "X-Request-Id", 12) == 0) {
        char *id = malloc(vlen + 1);
        if (id) {
            memcpy(id, v, vlen);
            id[vlen] = '\0';
            free(c->resp_request_id);
            c->resp_request_id = id;
        }
    } else if (name_len == 4 && strncasecmp(data, "Link", 4) == 0) {
        /* Several Link headers are one comma-separated list (RFC 8288 §3). */
        size_t old = c->resp_link ? strlen(c->resp_link) : 0;
        char *link = realloc(c->resp_link, old + (old ? 2 : 0) + vlen + 1);
        if (link) {
            if (old)
                memcpy(link + old, ", ", 2);
            memcpy(link + old + (old ? 2 : 0), v, vlen);
            link[old + (old ? 2 : 0) + vlen] = '\0';
            c->resp_link = link;
        }
    } else if (name_len == 19 && strncasecmp(data, "Content-Disposition", 19) == 0) {
        char *d = malloc(vlen + 1);
        if (d) {
            memcpy(d, v, vlen);
            d[vlen] = '\0';
            free(c->resp_disposition);
            c->resp_disposition = d;
        }
    } else if (name_len == 19 && strncasecmp(data, "Idempotent-Replayed", 19) == 0) {
        c->resp_replayed = vlen == 4 && strncasecmp(v, "true", 4) == 0;
    } else if (name_len == 11 && strncasecmp(data, "Retry-After", 11) == 0 && vlen < sizeof tmp) {
        memcpy(tmp, v, vlen);
        tmp[vlen] = '\0';
        c->err.retry_after_s = parse_retry_after(tmp);
    }
    return n;
}

/* ---- status mapping ----------------------------------------------------------------------- */

static zi_status status_of_http(long http)
{
    switch (http) {
    case 400:
        return ZI_E_BAD_REQUEST;
    case 401:
        return ZI_E_UNAUTHORIZED;
    case 403:
        return ZI_E_FORBIDDEN;
    case 404:
        return ZI_E_NOT_FOUND;
    case 409:
        return ZI_E_CONFLICT;
    case 412:
        return ZI_E_PRECONDITION_FAILED;
    case 422:
        return ZI_E_UNPROCESSABLE;
    case 428:
        return ZI_E_PRECONDITION_REQUIRED;
    case 429:
        return ZI_E_RATE_LIMITED;
    case 503:
        return ZI_E_UNAVAILABLE;
    default:
        break;
    }
    if (http >= 200 && http <= 299)
        return ZI_OK;
    if (http >= 500 && http <= 599)
        return ZI_E_SERVER;
    return ZI_E_HTTP;
}

static zi_status status_of_curl(const zi_client *c, CURLcode rc)
{
    switch (rc) {
    case CURLE_OK:
        return ZI_OK;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return ZI_E_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        return ZI_E_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
        return ZI_E_TLS;
    case CURLE_FILESIZE_EXCEEDED:
        return ZI_E_TOO_LARGE;
    case CURLE_OUT_OF_MEMORY:
        return ZI_E_NOMEM;
    case CURLE_WRITE_ERROR:
        if (c->sink_aborted)
            return ZI_E_ABORTED;
        if (c->sink_bad_type)
            return ZI_E_PROTOCOL;
        if (c->body_too_large)
            return ZI_E_TOO_LARGE;
        if (c->body_nomem)
            return ZI_E_NOMEM;
        return ZI_E_TRANSPORT;
    case CURLE_URL_MALFORMAT:
        return ZI_E_ARGUMENT;
    default:
        return ZI_E_TRANSPORT;
    }
}

/* May this failed attempt be repeated? Connect failures never reached the server: always.
 * Otherwise only requests that are safe to repeat: GET; DELETE (revoking is idempotent in
 * the contract); POST, which always carries an Idempotency-Key, so the server replays
 * instead of acting twice. PATCH and PUT are not: If-Match would refuse a replay of a change
 * that was applied, and the caller would see a 412 (or, for a PUT that created the record, a
 * 428) for its own success. */
static int retryable(const zi_call *call, zi_status st, long http)
{
    int safe = call->method != ZI_PATCH && call->method != ZI_PUT;

    if (st == ZI_E_CONNECT)
        return 1;
    if (!safe)
        return 0;
    if (st == ZI_E_TIMEOUT || st == ZI_E_TRANSPORT)
        return 1;
    return http == 429 || http == 502 || http == 503 || http == 504;
}

/* Milliseconds to wait before retry number n (1-based): exponential backoff with jitter in
 * [d/2, d], at least the server's Retry-After. -1: the server asked for longer than
 * retry_after_max_ms, so do not retry. */
static long retry_delay(const zi_client *c, int n, long retry_after_s)
{
    long d = c->retry_base_ms;
    unsigned int rnd = 0;
    long delay;
    int i;

    for (i = 1; i < n && d < ZI_MAX_BACKOFF_MS; i++)
        d *= 2;
    if (d > ZI_MAX_BACKOFF_MS)
        d = ZI_MAX_BACKOFF_MS;
    (void)zi_random_bytes(&rnd, sizeof rnd);
    delay = d / 2 + (long)(rnd % (unsigned int)(d / 2 + 1));
    if (retry_after_s >= 0) {
        if (retry_after_s > c->retry_after_max_ms / 1000 ||
            retry_after_s * 1000 > c->retry_after_max_ms)
            return -1;
        if (retry_after_s * 1000 > delay)
            delay = retry_after_s * 1000;
    }
    return delay;
}

static void sleep_ms(long ms)
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---- the record of the last call ------------------------------------------------------------- */

static const char *member_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* Fill the record from the final attempt's status line, headers and (problem) body. */
static void record_response(zi_client *c, long http)
{
    c->err.http_status = http;
    c->err.replayed = c->resp_replayed;
    if (c->resp_request_id) {
        free(c->err_request_id);
        c->err_request_id = c->resp_request_id;
        c->resp_request_id = NULL;
        c->err.request_id = c->err_request_id;
    }
}

static zi_status record_problem(zi_client *c, zi_status st, long http)
{
    json_t *doc = NULL;
    json_t *errors;
    char msg[96];

    c->err.status = st;
    if (c->body.len > 0)
        doc = json_loadb(c->body.data, c->body.len, 0, NULL);
    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    if (!doc) {
        snprintf(msg, sizeof msg, "HTTP %ld without a problem document", http);
        return zi_record(c, st, msg);
    }
    c->problem = doc;
    c->err.problem = doc;
    c->err.type = member_str(doc, "type");
    c->err.title = member_str(doc, "title");
    c->err.detail = member_str(doc, "detail");
    if (!*c->err.request_id)
        c->err.request_id = member_str(doc, "instance");
    errors = json_object_get(doc, "errors");
    if (json_is_array(errors) && json_array_size(errors) > 0) {
        size_t i;
        size_t n = json_array_size(errors);

        c->field_errors = calloc(n, sizeof *c->field_errors);
        if (!c->field_errors)
            return st; /* the problem itself is still there */
        for (i = 0; i < n; i++) {
            const json_t *e = json_array_get(errors, i);
            c->field_errors[i].field = member_str(e, "field");
            c->field_errors[i].in = member_str(e, "in");
            c->field_errors[i].code = member_str(e, "code");
            c->field_errors[i].message = member_str(e, "message");
        }
        c->err.field_errors = c->field_errors;
        c->err.n_field_errors = n;
    }
    return st;
}

static zi_status record_transport(zi_client *c, zi_status st, CURLcode rc)
{
    char msg[CURL_ERROR_SIZE + 160];
    char *ct = NULL;

    if (st == ZI_E_TOO_LARGE) {
        snprintf(msg, sizeof msg, "the response is larger than %zu bytes (max_response_bytes)",
                 c->max_response_bytes);
        return zi_record(c, st, msg);
    }
    if (st == ZI_E_ABORTED) {
        snprintf(msg, sizeof msg, "the callback stopped the transfer after %zu bytes",
                 c->sink_delivered);
        return zi_record(c, st, msg);
    }
    if (c->sink_bad_type) {
        curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
        snprintf(msg, sizeof msg, "the response is %.100s, not %s", ct ? ct : "untyped",
                 c->sink_type);
        return zi_record(c, st, msg);
    }
    if (c->sink_delivered > 0) {
        snprintf(msg, sizeof msg,
                 "the transfer broke after %zu bytes had reached the callback (not retried; "
                 "discard them): %s",
                 c->sink_delivered, c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
        return zi_record(c, st, msg);
    }
    return zi_record(c, st, c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
}

/* ---- performing a call ----------------------------------------------------------------------- */

static struct curl_slist *add_header(struct curl_slist *list, const char *line, int *bad)
{
    struct curl_slist *l;

    if (*bad)
        return list;
    l = curl_slist_append(list, line);
    if (!l) {
        *bad = 1;
        return list;
    }
    return l;
}

static struct curl_slist *add_header2(struct curl_slist *list, const char *name,
                                      const char *value, int *bad)
{
    zi_buf b = {0};

    if (zi_buf_puts(&b, name) != 0 || zi_buf_puts(&b, ": ") != 0 || zi_buf_puts(&b, value) != 0)
        *bad = 1;
    else
        list = add_header(list, b.data, bad);
    zi_buf_free(&b);
    return list;
}

/* URL, body and headers of the call: new, released by the caller. */
static zi_status build_request(zi_client *c, const zi_call *call, char **url, zi_buf *body,
                               struct curl_slist **headers)
{
    zi_buf u = {0};
    int bad = 0;
    struct curl_slist *h = NULL;

    if (zi_buf_puts(&u, c->base_url) != 0 ||
        zi_buf_append(&u, call->target.data ? call->target.data : "", call->target.len) != 0) {
        zi_buf_free(&u);
        return zi_record(c, ZI_E_NOMEM, "out of memory while building the request");
    }
    *url = zi_buf_take(&u);
    if (!call->raw && call->body && json_dump_callback(call->body, dump_cb, body, JSON_COMPACT) != 0)
        return zi_record(c, ZI_E_NOMEM, "out of memory while encoding the request body");

    if (call->accept) {
        zi_buf a = {0};
        if (zi_buf_puts(&a, "Accept: ") != 0 || zi_buf_puts(&a, call->accept) != 0 ||
            zi_buf_puts(&a, ", application/problem+json") != 0)
            bad = 1;
        else
            h = add_header(h, a.data, &bad);
        zi_buf_free(&a);
    } else {
        h = add_header(h,
                       call->result_kind == ZI_RESULT_TEXT
                           ? "Accept: text/plain, application/problem+json"
                           : "Accept: application/json, application/problem+json",
                       &bad);
    }
    if (c->auth_header)
        h = add_header(h, c->auth_header, &bad);
    if (c->lang_header)
        h = add_header(h, c->lang_header, &bad);
    if (call->raw)
        h = add_header2(h, "Content-Type", call->raw_type, &bad);
    else if (call->body)
        h = add_header(h, "Content-Type: application/json", &bad);
    else if (call->method == ZI_POST || call->method == ZI_PATCH || call->method == ZI_PUT)
        h = add_header(h, "Content-Type:", &bad); /* no body: drop curl's form type */
    h = add_header(h, "Expect:", &bad); /* no 100-continue round trip */
    if (call->if_match[0])
        h = add_header2(h, "If-Match", call->if_match, &bad);
    if (call->method == ZI_POST && call->idempotency_key[0])
        h = add_header2(h, "Idempotency-Key", call->idempotency_key, &bad);
    *headers = h;
    if (bad)
        return zi_record(c, ZI_E_NOMEM, "out of memory while building the request headers");
    return ZI_OK;
}

static zi_status set_request(zi_client *c, const zi_call *call, const char *url,
                             const zi_buf *body, struct curl_slist *headers)
{
    CURL *h = c->curl;
    int bad = 0;
    const char *fields = call->raw ? call->raw : body->data ? body->data : "";
    size_t fields_len = call->raw ? call->raw_len : body->len;

    bad |= curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, (void *)c) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_HEADERDATA, (void *)c) != CURLE_OK;
    switch (call->method) {
    case ZI_GET:
        bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, (char *)NULL) != CURLE_OK;
        bad |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L) != CURLE_OK;
        break;
    case ZI_POST:
    case ZI_PATCH:
    case ZI_PUT:
        bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)fields_len) != CURLE_OK;
        bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, fields) != CURLE_OK;
        bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                                call->method == ZI_PATCH ? "PATCH"
                                : call->method == ZI_PUT ? "PUT"
                                                         : (char *)NULL) != CURLE_OK;
        break;
    case ZI_DELETE:
        bad |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L) != CURLE_OK; /* no body */
        bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE") != CURLE_OK;
        break;
    }
    if (bad)
        return zi_record(c, ZI_E_NOMEM, "could not set up the request");
    return ZI_OK;
}

/* Drop the handle's pointers into memory the call is about to free. */
static void clear_request(zi_client *c)
{
    curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
    curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, (char *)NULL);
}

/* Attempts until success, a failure that may not be retried, or the retry budget is spent.
 * The final attempt's response stays in c (body, ETag) and in the record. */
static zi_status exchange(zi_client *c, const zi_call *call)
{
    int attempt;

    for (attempt = 1;; attempt++) {
        CURLcode rc;
        long http = 0;
        long connects = 0;
        long delay;
        zi_status st;

        reset_response(c);
        c->err.attempts = attempt;
        rc = curl_easy_perform(c->curl);
        if (curl_easy_getinfo(c->curl, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK)
            c->connections += connects;
        if (rc == CURLE_OK)
            curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &http);
        st = rc == CURLE_OK ? status_of_http(http) : status_of_curl(c, rc);
        if (st == ZI_OK) {
            record_response(c, http);
            return ZI_OK;
        }
        /* Bytes the caller's callback has seen cannot be taken back: no retry then. */
        if (attempt <= c->max_retries && retryable(call, st, http) && c->sink_delivered == 0) {
            delay = retry_delay(c, attempt, c->err.retry_after_s);
            if (delay >= 0) {
                sleep_ms(delay);
                continue;
            }
        }
        if (rc != CURLE_OK)
            return record_transport(c, st, rc);
        record_response(c, http);
        return record_problem(c, st, http);
    }
}

/* ---- Link: rel="next" ----------------------------------------------------------------------- */

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Does the parameter list params[0..n) of a link-value (";"-separated) say rel="next"? */
static int rel_is_next(const char *params, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t start;
        size_t end;

        while (i < n && (params[i] == ';' || params[i] == ' ' || params[i] == '\t'))
            i++;
        start = i;
        while (i < n && params[i] != ';')
            i++;
        end = i;
        while (end > start && (params[end - 1] == ' ' || params[end - 1] == '\t'))
            end--;
        if (end - start > 4 && strncasecmp(params + start, "rel=", 4) == 0) {
            const char *v = params + start + 4;
            size_t vlen = end - start - 4;
            size_t j = 0;

            if (vlen > 0 && v[0] == '"') {
                v++;
                vlen--;
                if (vlen > 0 && v[vlen - 1] == '"')
                    vlen--;
            }
            /* A space-separated list of relation types. */
            while (j < vlen) {
                size_t k = j;
                while (k < vlen && v[k] != ' ')
                    k++;
                if (k - j == 4 && strncasecmp(v + j, "next", 4) == 0)
                    return 1;
                j = k + 1;
            }
        }
    }
    return 0;
}

/* The value of query parameter "cursor" of url[0..n), percent-decoded: 0 with *out = new
 * string or -1 (no such parameter, a bad escape, out of memory). */
static int cursor_of(const char *url, size_t n, char **out)
{
    const char *q = memchr(url, '?', n);
    const char *end = url + n;

    while (q && q < end) {
        const char *p = q + 1;
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;

        if (stop - p >= 7 && memcmp(p, "cursor=", 7) == 0) {
            zi_buf b = {0};
            const char *s;

            for (s = p + 7; s < stop; s++) {
                char ch = *s;
                if (ch == '%') {
                    int hi = s + 2 < stop ? hex_value(s[1]) : -1;
                    int lo = hi >= 0 ? hex_value(s[2]) : -1;
                    if (lo < 0) {
                        zi_buf_free(&b);
                        return -1;
                    }
                    ch = (char)(hi * 16 + lo);
                    s += 2;
                }
                if (zi_buf_append(&b, &ch, 1) != 0) {
                    zi_buf_free(&b);
                    return -1;
                }
            }
            if (!b.data)
                return -1; /* an empty cursor */
            *out = zi_buf_take(&b);
            return 0;
        }
        q = amp;
    }
    return -1;
}

int zi_link_next_cursor(const char *link, char **out)
{
    const char *p = link;

    *out = NULL;
    while (p && *p) {
        const char *open = strchr(p, '<');
        const char *close = open ? strchr(open, '>') : NULL;
        const char *next_open;
        size_t params_len;

        if (!close)
            return 0;
        next_open = strchr(close, '<');
        /* The link's parameters end at the comma before the next link. */
        params_len = strcspn(close + 1, ",");
        if (next_open && params_len > (size_t)(next_open - close - 1))
            params_len = (size_t)(next_open - close - 1);
        if (rel_is_next(close + 1, params_len))
            return cursor_of(open + 1, (size_t)(close - open - 1), out);
        p = next_open;
    }
    return 0;
}

/* The file name of a Content-Disposition value (filename="..." with its escapes undone, or
 * a bare token): new string, or NULL when there is none, it is empty, or memory ran out
 * (the file is still delivered, without a name). */
static char *disposition_filename(const char *v)
{
    const char *p = v;

    while (p && *p) {
        const char *semi;

        p += strspn(p, "; \t");
        if (strncasecmp(p, "filename=", 9) == 0) {
            zi_buf b = {0};
            int bad = 0;

            p += 9;
            if (*p == '"') {
                for (p++; *p && *p != '"' && !bad; p++) {
                    if (*p == '\\' && p[1])
                        p++;
                    bad = zi_buf_append(&b, p, 1) != 0;
                }
            } else {
                size_t n = strcspn(p, "; \t");
                bad = zi_buf_append(&b, p, n) != 0;
            }
            if (bad || !b.data) {
                zi_buf_free(&b);
                return NULL;
            }
            return zi_buf_take(&b);
        }
        semi = strchr(p, ';');
        p = semi;
    }
    return NULL;
}

/* The SHA-256 an ETag carries ("\"<64 hex>\"", a weak W/ prefix allowed), lowercased into
 * out; "" when it carries none. */
static void etag_sha256(const char *etag, char out[65])
{
    size_t i;

    out[0] = '\0';
    if (strncmp(etag, "W/", 2) == 0)
        etag += 2;
    if (strlen(etag) != 66 || etag[0] != '"' || etag[65] != '"')
        return;
    for (i = 0; i < 64; i++) {
        char ch = etag[i + 1];
        if (ch >= 'A' && ch <= 'F')
            ch = (char)(ch - 'A' + 'a');
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            out[0] = '\0';
            return;
        }
        out[i] = ch;
    }
    out[64] = '\0';
}

/* The successful response of a download as a new zi_file in *out. */
static zi_status deliver_file(zi_client *c, zi_file **out)
{
    char *ct = NULL;
    char hex[65];
    zi_file *f = calloc(1, sizeof *f);

    if (!f)
        return zi_record(c, ZI_E_NOMEM, "out of memory while receiving the file");
    f->size = c->body.len;
    f->data = (unsigned char *)zi_buf_take(&c->body);
    if (!f->data)
        f->data = calloc(1, 1); /* an empty body: still a NUL-terminated buffer */
    curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
    f->media_type = zi_strdup(ct ? ct : "application/octet-stream");
    if (c->resp_disposition)
        f->filename = disposition_filename(c->resp_disposition);
    memcpy(f->etag.value, c->etag, strlen(c->etag) + 1);
    if (!f->data || !f->media_type) {
        zi_file_free(f);
        return zi_record(c, ZI_E_NOMEM, "out of memory while receiving the file");
    }
    etag_sha256(c->etag, f->sha256);
    if (f->sha256[0]) {
        zi_sha256_hex(f->data, f->size, hex);
        if (strcmp(hex, f->sha256) != 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "the file's SHA-256 is %s, not %s as its ETag says", hex,
                     f->sha256);
            zi_file_free(f);
            return zi_record(c, ZI_E_PROTOCOL, msg);
        }
    }
    *out = f;
    return ZI_OK;
}

ZI_EXPORT void zi_file_free(zi_file *file)
{
    if (!file)
        return;
    free(file->data);
    free(file->media_type);
    free(file->filename);
    free(file);
}

/* Turn the successful final response into the call's results. */
static zi_status deliver(zi_client *c, const zi_call *call)
{
    json_t *v;
    json_t *next = NULL;
    json_error_t jerr;
    char msg[256];

    if (call->etag_out && c->etag_too_long)
        return zi_record(c, ZI_E_PROTOCOL, "the response's ETag is longer than ZI_ETAG_MAX");
    if (call->want_type) {
        char *ct = NULL;

        if (curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct) != CURLE_OK ||
            !media_type_is(ct, call->want_type)) {
            snprintf(msg, sizeof msg, "the response is %.100s, not %s", ct ? ct : "untyped",
                     call->want_type);
            return zi_record(c, ZI_E_PROTOCOL, msg);
        }
    }
    if (call->next_out && c->resp_link) {
        char *cursor = NULL;

        if (zi_link_next_cursor(c->resp_link, &cursor) != 0)
            return zi_record(c, ZI_E_PROTOCOL, "the Link rel=\"next\" has no usable cursor");
        if (cursor) {
            next = json_string(cursor);
            free(cursor);
            if (!next)
                return zi_record(c, ZI_E_PROTOCOL, "the Link rel=\"next\" cursor is not UTF-8");
        }
    }
    if (call->result_kind == ZI_RESULT_STREAM)
        return ZI_OK; /* the body went to the sink */
    if (call->result_kind == ZI_RESULT_FILE)
        return deliver_file(c, call->file_out);
    if (call->result_kind == ZI_RESULT_TEXT) {
        v = json_stringn(c->body.data ? c->body.data : "", c->body.len);
        if (!v) {
            json_decref(next);
            return zi_record(c, ZI_E_PROTOCOL, "the response is not UTF-8 text");
        }
    } else {
        v = json_loadb(c->body.data ? c->body.data : "", c->body.len, 0, &jerr);
        if (!v) {
            json_decref(next);
            snprintf(msg, sizeof msg, "the response is not JSON: %s (line %d)", jerr.text,
                     jerr.line);
            return zi_record(c, ZI_E_PROTOCOL, msg);
        }
        if (!json_is_object(v)) {
            json_decref(next);
            json_decref(v);
            return zi_record(c, ZI_E_PROTOCOL, "the response is not a JSON object");
        }
    }
    if (call->etag_out)
        memcpy(call->etag_out->value, c->etag, strlen(c->etag) + 1);
    *call->result = v;
    if (call->next_out)
        *call->next_out = next;
    return ZI_OK;
}

zi_status zi_call_run(zi_client *c, zi_call *call)
{
    zi_status st = call->status;
    char *url = NULL;
    zi_buf body = {0};
    struct curl_slist *headers = NULL;

    if (st != ZI_OK) {
        zi_record(c, st, call->what);
    } else {
        c->sink = call->sink;
        c->sink_data = call->sink_data;
        c->sink_type = call->want_type;
        c->sink_delivered = 0;
        st = build_request(c, call, &url, &body, &headers);
        if (st == ZI_OK)
            st = set_request(c, call, url, &body, headers);
        if (st == ZI_OK)
            st = exchange(c, call);
        clear_request(c);
        if (st == ZI_OK)
            st = deliver(c, call);
        c->sink = NULL;
        c->sink_data = NULL;
        c->sink_state = ZI_SINK_UNDECIDED;
    }
    curl_slist_free_all(headers);
    free(url);
    zi_buf_free(&body);
    zi_call_dispose(call);
    return st;
}

zi_status zi_call_simple(zi_client *c, zi_method method, const char *tmpl, const char *arg,
                         json_t **result, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, method, result, etag_out);
    zi_call_path(&call, tmpl, arg);
    return zi_call_run(c, &call);
}

zi_status zi_call_list(zi_client *c, zi_list_query query, const char *arg, const void *params,
                       const char *cursor, json_t **page_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    query(&call, arg, params);
    zi_call_query_str(&call, "cursor", cursor);
    return zi_call_run(c, &call);
}

zi_status zi_call_list_pager(zi_client *c, zi_list_query query, const char *arg,
                             const void *params, const char *cursor, zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    query(&call, arg, params);
    return zi_pager_from_call(c, &call, cursor, out);
}

zi_status zi_call_create(zi_client *c, const char *tmpl, const char *arg, const json_t *body,
                         const char *what, const char *idempotency_key, json_t **result,
                         zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_POST, result, etag_out);
    zi_call_path(&call, tmpl, arg);
    zi_call_body(&call, body, what);
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(c, &call);
}

zi_status zi_call_update(zi_client *c, const char *tmpl, const char *id,
                         const zi_if_match *if_match, const json_t *patch, json_t **result,
                         zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_PATCH, result, etag_out);
    zi_call_path(&call, tmpl, id);
    zi_call_if_match(&call, if_match);
    zi_call_body(&call, patch, "patch");
    return zi_call_run(c, &call);
}

zi_status zi_call_put(zi_client *c, const char *tmpl, const char *arg, const zi_if_match *if_match,
                      const json_t *body, const char *what, json_t **result, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_PUT, result, etag_out);
    zi_call_path(&call, tmpl, arg);
    if (if_match && (if_match->etag || if_match->version != 0))
        zi_call_if_match(&call, if_match);
    zi_call_body(&call, body, what);
    return zi_call_run(c, &call);
}

zi_status zi_call_action(zi_client *c, const char *tmpl, const char *id,
                         const zi_if_match *if_match, const char *idempotency_key,
                         json_t **result, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(c);
    zi_call_init(&call, ZI_POST, result, etag_out);
    zi_call_path(&call, tmpl, id);
    zi_call_if_match(&call, if_match);
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(c, &call);
}
