/*
 * harness.c — HTTP client, response log and problem assertions for the API tests.
 * See harness.h for the contract of each function.
 */
#include "harness.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Limits of the client itself: generous, but a runaway server cannot eat the machine. */
enum {
    TH_CONNECT_TIMEOUT_MS = 5000,
    TH_REQUEST_TIMEOUT_MS = 30000,
    TH_MAX_BODY = 16 * 1024 * 1024,
    TH_MAX_HEADERS = 200,
};

static char current_test[256] = "(no test)";

void th_set_test(const char *name)
{
    snprintf(current_test, sizeof current_test, "%s", name ? name : "(no test)");
}

const char *th_current_test(void)
{
    return current_test;
}

/* ---- failure reporting ------------------------------------------------------------- */

void th_fail_at(const char *file, int line, const char *fmt, ...)
{
    char msg[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    _ck_assert_failed(file, line, "Failed", "%s", msg);
    /* In no-fork mode _ck_assert_failed longjmps; in fork mode it exits. */
    abort();
}

char *th_vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *out;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        th_fail("th_format: bad format");
    out = malloc((size_t)n + 1);
    if (!out)
        th_fail("th_format: out of memory");
    vsnprintf(out, (size_t)n + 1, fmt, ap);
    return out;
}

char *th_format(const char *fmt, ...)
{
    va_list ap;
    char *out;

    va_start(ap, fmt);
    out = th_vformat(fmt, ap);
    va_end(ap);
    return out;
}

/* ---- configuration ----------------------------------------------------------------- */

static const char *base_url_or_null(void)
{
    static char url[1024];
    const char *env = getenv("ZI_TEST_URL");
    size_t n;

    if (!env || !*env)
        return NULL;
    snprintf(url, sizeof url, "%s", env);
    n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    return url;
}

const char *th_base_url(void)
{
    const char *url = base_url_or_null();

    if (!url)
        th_fail("ZI_TEST_URL is not set (e.g. http://127.0.0.1:8080)");
    return url;
}

const char *th_admin_key(void)
{
    const char *key = getenv("ZI_TEST_ADMIN_KEY");

    if (!key || !*key)
        th_fail("ZI_TEST_ADMIN_KEY is not set (an admin API key of the server under test)");
    return key;
}

const char *th_admin_auth(void)
{
    static char header[1024];
    int n = snprintf(header, sizeof header, "Authorization: Bearer %s", th_admin_key());

    if (n < 0 || (size_t)n >= sizeof header)
        th_fail("ZI_TEST_ADMIN_KEY is too long");
    return header;
}

/* ---- HTTP exchange ----------------------------------------------------------------- */

struct growbuf {
    char *data;
    size_t len;
    size_t cap;
    bool overflow;
};

struct upload {
    const char *data;
    size_t len;
    size_t pos;
};

static bool growbuf_append(struct growbuf *b, const char *src, size_t n)
{
    if (b->len + n > TH_MAX_BODY) {
        b->overflow = true;
        return false;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
            return false;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, src, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct growbuf *b = userdata;
    size_t n = size * nmemb;

    return growbuf_append(b, ptr, n) ? n : 0;
}

static size_t on_upload(char *buffer, size_t size, size_t nitems, void *userdata)
{
    struct upload *u = userdata;
    size_t room = size * nitems;
    size_t left = u->len - u->pos;
    size_t n = left < room ? left : room;

    memcpy(buffer, u->data + u->pos, n);
    u->pos += n;
    return n;
}

static char *dup_range(const char *s, size_t n)
{
    char *out = malloc(n + 1);

    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

static void free_headers(th_response *r)
{
    for (size_t i = 0; i < r->n_headers; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    r->n_headers = 0;
}

static size_t on_header(char *ptr, size_t size, size_t nitems, void *userdata)
{
    th_response *r = userdata;
    size_t n = size * nitems;
    size_t end = n;
    const char *colon;
    size_t name_len;
    size_t v;

    /* A new status line (after 100 Continue, or a redirect) starts a new header set. */
    if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) {
        free_headers(r);
        return n;
    }
    while (end > 0 && (ptr[end - 1] == '\r' || ptr[end - 1] == '\n'))
        end--;
    if (end == 0)
        return n;
    colon = memchr(ptr, ':', end);
    if (!colon || r->n_headers >= TH_MAX_HEADERS)
        return n;
    name_len = (size_t)(colon - ptr);
    v = name_len + 1;
    while (v < end && (ptr[v] == ' ' || ptr[v] == '\t'))
        v++;
    while (end > v && (ptr[end - 1] == ' ' || ptr[end - 1] == '\t'))
        end--;
    r->headers[r->n_headers].name = dup_range(ptr, name_len);
    r->headers[r->n_headers].value = dup_range(ptr + v, end - v);
    if (!r->headers[r->n_headers].name || !r->headers[r->n_headers].value)
        return 0;
    r->n_headers++;
    return n;
}

const char *th_header(const th_response *resp, const char *name)
{
    if (!resp)
        return NULL;
    for (size_t i = 0; i < resp->n_headers; i++)
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

void th_response_free(th_response *resp)
{
    if (!resp)
        return;
    free_headers(resp);
    free(resp->headers);
    free(resp->method);
    free(resp->path);
    free(resp->target);
    free(resp->body);
    json_decref(resp->json);
    free(resp);
}

/* True when header line h is "name: ..." (case-insensitive name). */
static bool header_is(const char *h, const char *name)
{
    size_t n = strlen(name);

    return strncasecmp(h, name, n) == 0 && (h[n] == ':' || h[n] == ';');
}

/* The media type of a Content-Type value is JSON (application/json or +json). */
static bool is_json_media_type(const char *ct)
{
    size_t n = 0;

    if (!ct)
        return false;
    while (ct[n] && ct[n] != ';' && ct[n] != ' ')
        n++;
    if (n == strlen("application/json") && strncasecmp(ct, "application/json", n) == 0)
        return true;
    return n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0;
}

/* The path of a request target (absolute URL or origin-form), without query/fragment. */
static char *target_path(const char *target)
{
    const char *p = target;
    size_t n = 0;

    if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0) {
        p = strstr(p, "://") + 3;
        p += strcspn(p, "/?#");
    }
    while (p[n] && p[n] != '?' && p[n] != '#')
        n++;
    if (n == 0)
        return dup_range("/", 1);
    return dup_range(p, n);
}

static void log_response(const th_response *r)
{
    const char *file = getenv("ZI_TEST_RESPONSE_LOG");
    const char *ct;
    json_t *ct_json;
    json_t *line;
    char *text;
    size_t len;
    size_t off = 0;
    int fd;

    if (!file || !*file)
        return;
    ct = th_header(r, "Content-Type");
    ct_json = ct ? json_string(ct) : NULL;
    if (!ct_json)
        ct_json = json_null();
    line = json_pack("{s:s, s:s, s:I, s:o, s:O, s:s}", "method", r->method, "path", r->path,
                     "status", (json_int_t)r->status, "content_type", ct_json,
                     "body", r->json ? r->json : json_null(), "test", current_test);
    if (!line)
        return;
    text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    if (!text)
        return;
    len = strlen(text);
    text[len] = '\n'; /* replaces the NUL; json_dumps allocates len + 1 bytes */
    len++;
    fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        /* One write of a whole line: O_APPEND keeps lines intact across processes. */
        while (off < len) {
            ssize_t w = write(fd, text + off, len - off);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        close(fd);
    }
    free(text);
}

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/*
 * The one place that talks HTTP. Returns an owned response, or NULL with the
 * reason in err. add_json_type: add "Content-Type: application/json" to a body
 * when the caller named no Content-Type.
 */
static th_response *exchange(const char *method, const char *target, const char *body,
                             size_t body_len, const char *const *headers, bool add_json_type,
                             char *err, size_t err_size)
{
    const char *base = NULL;
    char *url = NULL;
    CURL *curl = NULL;
    struct curl_slist *list = NULL;
    struct growbuf buf = {0};
    struct upload up = {body, body_len, 0};
    bool has_type = false;
    bool has_expect = false;
    bool chunked = false;
    th_response *r = NULL;
    CURLcode rc;
    double t0;

    err[0] = '\0';
    if (strncmp(target, "http://", 7) == 0 || strncmp(target, "https://", 8) == 0) {
        url = strdup(target);
    } else {
        base = base_url_or_null();
        if (!base) {
            snprintf(err, err_size, "ZI_TEST_URL is not set");
            return NULL;
        }
        url = malloc(strlen(base) + strlen(target) + 1);
        if (url) {
            memcpy(url, base, strlen(base));
            memcpy(url + strlen(base), target, strlen(target) + 1);
        }
    }
    r = calloc(1, sizeof *r);
    if (r)
        r->headers = calloc(TH_MAX_HEADERS, sizeof *r->headers);
    curl = curl_easy_init();
    if (!url || !r || !r->headers || !curl) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    r->method = strdup(method);
    r->path = target_path(target);
    r->target = strdup(target);
    if (!r->method || !r->path || !r->target) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }

    for (const char *const *h = headers; h && *h; h++) {
        struct curl_slist *next;

        if (header_is(*h, "Content-Type"))
            has_type = true;
        if (header_is(*h, "Expect"))
            has_expect = true;
        if (header_is(*h, "Transfer-Encoding") && strstr(*h, "chunked"))
            chunked = true;
        next = curl_slist_append(list, *h);
        if (!next) {
            snprintf(err, err_size, "out of memory");
            goto fail;
        }
        list = next;
    }
    if (body && !has_type) {
        /* "Content-Type:" removes the form type curl would otherwise add to a body. */
        list = curl_slist_append(list, add_json_type ? "Content-Type: application/json"
                                                     : "Content-Type:");
    }
    if (!has_expect)
        list = curl_slist_append(list, "Expect:");
    if (!list) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }

    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)TH_CONNECT_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)TH_REQUEST_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buf);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, r);
    /* Raw target as given: a test may send odd paths on purpose. */
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);

    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (body && chunked) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_upload);
        curl_easy_setopt(curl, CURLOPT_READDATA, &up);
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    } else if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
               strcmp(method, "PUT") == 0) {
        /* No body: send an explicit Content-Length: 0 and no Content-Type. */
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        if (strcmp(method, "POST") != 0)
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        if (!has_type) {
            struct curl_slist *next = curl_slist_append(list, "Content-Type:");

            if (next)
                list = next;
        }
    } else if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    }

    t0 = now_ms();
    rc = curl_easy_perform(curl);
    r->elapsed_ms = now_ms() - t0;
    if (rc != CURLE_OK) {
        snprintf(err, err_size, "%s %s: %s%s (after %.0f ms)", method, url,
                 curl_easy_strerror(rc), buf.overflow ? " (response body too large)" : "",
                 r->elapsed_ms);
        goto fail;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
    if (!buf.data && !growbuf_append(&buf, "", 0)) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    r->body = buf.data;
    r->body_len = buf.len;
    buf.data = NULL;
    if (is_json_media_type(th_header(r, "Content-Type")))
        r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
    log_response(r);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    free(url);
    return r;

fail:
    free(buf.data);
    curl_slist_free_all(list);
    if (curl)
        curl_easy_cleanup(curl);
    free(url);
    th_response_free(r);
    return NULL;
}

th_response *th_request_bytes(const char *method, const char *path_and_query, const char *body,
                              size_t body_len, const char *const *headers)
{
    char err[1024];
    th_response *r;

    th_base_url(); /* fail with the clear message when unset */
    r = exchange(method, path_and_query, body, body_len, headers, false, err, sizeof err);
    if (!r)
        th_fail("request failed: %s", err);
    return r;
}

th_response *th_request(const char *method, const char *path_and_query, const char *body,
                        const char *const *headers)
{
    char err[1024];
    th_response *r;

    th_base_url();
    r = exchange(method, path_and_query, body, body ? strlen(body) : 0, headers, true, err,
                 sizeof err);
    if (!r)
        th_fail("request failed: %s", err);
    return r;
}

th_response *th_request_json(const char *method, const char *path_and_query, const json_t *body,
                             const char *const *headers)
{
    char *text = json_dumps(body, JSON_COMPACT);
    th_response *r;

    if (!text)
        th_fail("th_request_json: cannot serialise the body");
    r = th_request(method, path_and_query, text, headers);
    free(text);
    return r;
}

th_response *th_try_request(const char *method, const char *path_and_query, const char *body,
                            const char *const *headers)
{
    char err[1024];

    return exchange(method, path_and_query, body, body ? strlen(body) : 0, headers, true, err,
                    sizeof err);
}

/* ---- problem assertions ------------------------------------------------------------- */

const char *th_describe(const th_response *resp)
{
    static char text[1800];
    char body[900];
    size_t n = 0;
    const char *ct;

    if (!resp)
        return "(no response)";
    for (size_t i = 0; i < resp->body_len && n + 5 < sizeof body; i++) {
        unsigned char c = (unsigned char)resp->body[i];

        if (c >= 0x20 && c != 0x7f) {
            body[n++] = (char)c;
        } else {
            n += (size_t)snprintf(body + n, sizeof body - n, "\\x%02x", c);
        }
    }
    body[n] = '\0';
    ct = th_header(resp, "Content-Type");
    snprintf(text, sizeof text, "%s %.300s -> HTTP %ld, Content-Type: %s, X-Request-Id: %s, body: %s%s",
             resp->method, resp->target, resp->status, ct ? ct : "(none)",
             th_header(resp, "X-Request-Id") ? th_header(resp, "X-Request-Id") : "(none)", body,
             n < resp->body_len ? "..." : "");
    return text;
}

/* The media type of ct (before ';', trimmed) equals want, ignoring case. */
static bool media_type_is(const char *ct, const char *want)
{
    size_t n = 0;

    if (!ct)
        return false;
    while (ct[n] && ct[n] != ';')
        n++;
    while (n > 0 && ct[n - 1] == ' ')
        n--;
    return n == strlen(want) && strncasecmp(ct, want, n) == 0;
}

bool th_check_problem(const th_response *resp, long status, const char *type, char *why,
                      size_t why_size)
{
    const json_t *doc;
    const char *rid;
    const char *title;
    const json_t *st;

    why[0] = '\0';
    if (!resp) {
        snprintf(why, why_size, "no response");
        return false;
    }
    if (resp->status != status) {
        snprintf(why, why_size, "HTTP status %ld, expected %ld", resp->status, status);
        return false;
    }
    if (!media_type_is(th_header(resp, "Content-Type"), "application/problem+json")) {
        snprintf(why, why_size, "Content-Type is not application/problem+json");
        return false;
    }
    doc = resp->json;
    if (!json_is_object(doc)) {
        snprintf(why, why_size, "body is not a JSON object");
        return false;
    }
    if (!th_json_str(doc, "type") || strcmp(th_json_str(doc, "type"), type) != 0) {
        snprintf(why, why_size, "problem type is %s, expected %s",
                 th_json_str(doc, "type") ? th_json_str(doc, "type") : "(missing)", type);
        return false;
    }
    title = th_json_str(doc, "title");
    if (!title || !*title) {
        snprintf(why, why_size, "problem title is missing or empty");
        return false;
    }
    st = json_object_get(doc, "status");
    if (!json_is_integer(st) || json_integer_value(st) != resp->status) {
        snprintf(why, why_size, "problem member \"status\" does not equal the HTTP status %ld",
                 resp->status);
        return false;
    }
    rid = th_header(resp, "X-Request-Id");
    if (!rid || !*rid) {
        snprintf(why, why_size, "no X-Request-Id header");
        return false;
    }
    if (!th_json_str(doc, "instance") || strcmp(th_json_str(doc, "instance"), rid) != 0) {
        snprintf(why, why_size, "problem instance %s differs from X-Request-Id %s",
                 th_json_str(doc, "instance") ? th_json_str(doc, "instance") : "(missing)", rid);
        return false;
    }
    return true;
}

void th_assert_problem_at(const char *file, int line, const th_response *resp, long status,
                          const char *type)
{
    char why[512];

    if (!th_check_problem(resp, status, type, why, sizeof why))
        th_fail_at(file, line, "expected a %ld %s problem: %s; got %s", status, type, why,
                   th_describe(resp));
}

const json_t *th_find_field_error(const th_response *resp, const char *field, const char *code)
{
    const json_t *errors;
    size_t i;
    const json_t *e;

    if (!resp || !json_is_object(resp->json))
        return NULL;
    errors = json_object_get(resp->json, "errors");
    if (!json_is_array(errors))
        return NULL;
    json_array_foreach (errors, i, e) {
        const char *f = th_json_str(e, "field");
        const char *c = th_json_str(e, "code");

        if (field && (!f || strcmp(f, field) != 0))
            continue;
        if (code && (!c || strcmp(c, code) != 0))
            continue;
        return e;
    }
    return NULL;
}

void th_assert_field_error_at(const char *file, int line, const th_response *resp,
                              const char *field, const char *code)
{
    if (!th_find_field_error(resp, field, code))
        th_fail_at(file, line, "expected an error with field %s and code %s; got %s",
                   field ? field : "(any)", code ? code : "(any)", th_describe(resp));
}

void th_assert_status_at(const char *file, int line, const th_response *resp, long status)
{
    if (!resp || resp->status != status)
        th_fail_at(file, line, "expected HTTP %ld; got %s", status, th_describe(resp));
}

/* ---- data helpers ------------------------------------------------------------------- */

void th_unique(char *out, size_t out_size, const char *prefix)
{
    static unsigned long counter;
    static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char stamp[16];
    size_t n = 0;
    unsigned long long t = (unsigned long long)time(NULL);
    int w;

    /* The time in base 36 tells runs apart when a database outlives a run. */
    do {
        stamp[n++] = digits[t % 36];
        t /= 36;
    } while (t && n < sizeof stamp - 1);
    for (size_t i = 0; i < n / 2; i++) {
        char c = stamp[i];

        stamp[i] = stamp[n - 1 - i];
        stamp[n - 1 - i] = c;
    }
    stamp[n] = '\0';
    counter++;
    w = snprintf(out, out_size, "%s%s-%ld-%lu", prefix, stamp, (long)getpid(), counter);
    if (w < 0 || (size_t)w >= out_size)
        th_fail("th_unique: buffer of %zu bytes too small", out_size);
}

const char *th_json_str(const json_t *object, const char *key)
{
    const json_t *v = json_is_object(object) ? json_object_get(object, key) : NULL;

    return json_is_string(v) ? json_string_value(v) : NULL;
}

long long th_json_int(const json_t *object, const char *key)
{
    const json_t *v = json_is_object(object) ? json_object_get(object, key) : NULL;

    return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

bool th_is_uuid(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

void th_random_uuid(char out[37])
{
    unsigned char b[16];
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(b, 1, sizeof b, f) : 0;

    if (f)
        fclose(f);
    if (got != sizeof b)
        th_fail("cannot read /dev/urandom");
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

char *th_urlencode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1);
    size_t o = 0;

    if (!out)
        th_fail("th_urlencode: out of memory");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- processes ---------------------------------------------------------------------- */

double th_now_ms(void)
{
    return now_ms();
}

void th_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

char *th_read_file(const char *path, size_t *len)
{
    struct growbuf b = {0};
    char chunk[65536];
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n > 0 && !growbuf_append(&b, chunk, (size_t)n))) {
            close(fd);
            free(b.data);
            return NULL;
        }
        if (n == 0)
            break;
    }
    close(fd);
    if (!b.data && !growbuf_append(&b, "", 0))
        return NULL;
    if (len)
        *len = b.len;
    return b.data;
}

static const char *required_env(const char *name, const char *what)
{
    const char *v = getenv(name);

    if (!v || !*v)
        th_fail("%s is not set (%s; tests/run-api.sh exports it)", name, what);
    return v;
}

const char *th_server_bin(void)
{
    return required_env("ZI_TEST_SERVER_BIN", "the zi-server binary under test");
}

const char *th_database_url(void)
{
    return required_env("ZI_TEST_DATABASE_URL", "the database of the server under test");
}

const char *th_admin_database_url(void)
{
    return required_env("ZI_TEST_ADMIN_DATABASE_URL", "the test cluster's postgres database");
}

const char *th_server_log(void)
{
    return required_env("ZI_TEST_SERVER_LOG", "the log file of the server under test");
}

const char *th_repo_root(void)
{
    const char *v = getenv("ZI_TEST_ROOT");

    return v && *v ? v : ".";
}

char *th_cluster_database_url(const char *dbname)
{
    const char *admin = th_admin_database_url();
    const char *scheme = strstr(admin, "://");
    const char *slash;
    size_t end;

    if (!scheme)
        th_fail("ZI_TEST_ADMIN_DATABASE_URL is not a postgresql:// URI: %s", admin);
    slash = strchr(scheme + 3, '/');
    if (!slash)
        th_fail("ZI_TEST_ADMIN_DATABASE_URL names no database: %s", admin);
    end = (size_t)(slash - admin) + 1 + strcspn(slash + 1, "?#");
    return th_format("%.*s%s%s", (int)(slash - admin + 1), admin, dbname, admin + end);
}

/* Kills the child; used when the test gives up on it. */
static void proc_kill_and_reap(th_proc *p)
{
    int status;

    if (p->pid <= 0)
        return;
    kill(p->pid, SIGKILL);
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR) {
    }
    p->pid = 0;
    p->exit_code = -1;
    p->term_signal = SIGKILL;
}

static void proc_record_status(th_proc *p, int status)
{
    p->pid = 0;
    p->elapsed_ms = now_ms() - p->started_ms;
    if (WIFEXITED(status)) {
        p->exit_code = WEXITSTATUS(status);
        p->term_signal = 0;
    } else {
        p->exit_code = -1;
        p->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
}

th_proc *th_spawn(const char *const *argv, const char *const *env, const int *gate)
{
    extern char **environ;
    th_proc *p = calloc(1, sizeof *p);
    size_t n_env = 0;
    size_t n_extra = 0;
    char **envp;
    size_t k = 0;
    int out_fd;
    int err_fd;
    pid_t parent = getpid();
    pid_t pid;

    if (!p)
        th_fail("th_spawn: out of memory");
    for (char **e = environ; *e; e++)
        n_env++;
    for (const char *const *e = env; e && *e; e++)
        n_extra++;
    envp = calloc(n_env + n_extra + 1, sizeof *envp);
    if (!envp)
        th_fail("th_spawn: out of memory");
    /* The configuration of the child is what the test says, not what the shell had;
     * a variable in env replaces the inherited one of the same name. */
    for (char **e = environ; *e; e++) {
        size_t name_len = strcspn(*e, "=");
        bool replaced = false;

        if (strncmp(*e, "ZI_", 3) == 0 && strncmp(*e, "ZI_TEST_", 8) != 0)
            continue;
        for (const char *const *o = env; o && *o && !replaced; o++)
            replaced = strncmp(*o, *e, name_len) == 0 && (*o)[name_len] == '=';
        if (!replaced)
            envp[k++] = *e;
    }
    for (const char *const *e = env; e && *e; e++)
        envp[k++] = (char *)*e;
    envp[k] = NULL;

    {
        char out_path[] = "/tmp/zi-api-test-out-XXXXXX";
        char err_path[] = "/tmp/zi-api-test-err-XXXXXX";

        out_fd = mkstemp(out_path);
        err_fd = mkstemp(err_path);
        if (out_fd < 0 || err_fd < 0)
            th_fail("th_spawn: cannot create temporary files: %s", strerror(errno));
        /* Nameless from the start: nothing is left behind, whatever happens to the test. */
        unlink(out_path);
        unlink(err_path);
        fcntl(out_fd, F_SETFD, FD_CLOEXEC);
        fcntl(err_fd, F_SETFD, FD_CLOEXEC);
    }
    p->exit_code = -1;
    p->started_ms = now_ms();
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        th_fail("th_spawn: fork: %s", strerror(errno));
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);

        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        if (devnull >= 0) {
            dup2(devnull, STDIN_FILENO);
            if (devnull != STDIN_FILENO)
                close(devnull);
        }
        dup2(out_fd, STDOUT_FILENO);
        dup2(err_fd, STDERR_FILENO);
        if (gate) {
            char c;

            close(gate[1]);
            while (read(gate[0], &c, 1) < 0 && errno == EINTR) {
            }
            close(gate[0]);
        }
        environ = envp;
        execvp(argv[0], (char *const *)argv);
        fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    free(envp);
    p->out_fd = out_fd;
    p->err_fd = err_fd;
    p->pid = pid;
    return p;
}

bool th_proc_running(th_proc *p)
{
    int status;
    pid_t r;

    if (!p || p->pid <= 0)
        return false;
    do {
        r = waitpid(p->pid, &status, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
        return true;
    if (r == p->pid)
        proc_record_status(p, status);
    else
        p->pid = 0;
    return false;
}

/* The whole content of the temporary file fd; malloc'ed, NUL-terminated. */
static char *read_back(int fd, size_t *len)
{
    struct growbuf b = {0};
    char chunk[65536];
    off_t off = 0;

    for (;;) {
        ssize_t n = pread(fd, chunk, sizeof chunk, off);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || !growbuf_append(&b, chunk, (size_t)n))
            break;
        off += n;
    }
    if (!b.data && !growbuf_append(&b, "", 0))
        th_fail("out of memory");
    *len = b.len;
    return b.data;
}

static void proc_collect(th_proc *p)
{
    if (!p->out)
        p->out = read_back(p->out_fd, &p->out_len);
    if (!p->err)
        p->err = read_back(p->err_fd, &p->err_len);
}

bool th_proc_wait(th_proc *p, int timeout_ms)
{
    double deadline = now_ms() + timeout_ms;

    while (th_proc_running(p)) {
        if (now_ms() > deadline) {
            proc_kill_and_reap(p);
            p->timed_out = true;
            p->elapsed_ms = now_ms() - p->started_ms;
            break;
        }
        th_sleep_ms(5);
    }
    proc_collect(p);
    return !p->timed_out;
}

void th_proc_signal(th_proc *p, int sig)
{
    if (!p || p->pid <= 0 || kill(p->pid, sig) != 0)
        th_fail("cannot send signal %d to the child: it is not running", sig);
}

void th_proc_free(th_proc *p)
{
    if (!p)
        return;
    proc_kill_and_reap(p);
    close(p->out_fd);
    close(p->err_fd);
    free(p->out);
    free(p->err);
    free(p);
}

th_proc *th_run(const char *const *argv, const char *const *env, int timeout_ms)
{
    th_proc *p = th_spawn(argv, env, NULL);

    if (!th_proc_wait(p, timeout_ms))
        th_fail("%s %s did not end within %d ms; stderr: %.1500s", argv[0], argv[1] ? argv[1] : "",
                timeout_ms, p->err);
    return p;
}

void th_assert_no_sanitizer_report_at(const char *file, int line, const th_proc *p)
{
    static const char *const marks[] = {"AddressSanitizer", "LeakSanitizer", "runtime error:"};

    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        const char *hit = p && p->err ? strstr(p->err, marks[i]) : NULL;

        if (hit)
            th_fail_at(file, line, "sanitizer report in the child's stderr: %.2500s", hit);
    }
}

char *th_psql(const char *url, const char *sql)
{
    const char *argv[] = {"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql, NULL};
    th_proc *p = th_run(argv, NULL, 60000);
    char *out;
    size_t n;

    if (p->exit_code != 0)
        th_fail("psql failed (exit %d) on: %.500s\n%.1500s", p->exit_code, sql, p->err);
    n = p->out_len;
    while (n > 0 && (p->out[n - 1] == '\n' || p->out[n - 1] == '\r'))
        n--;
    out = dup_range(p->out, n);
    th_proc_free(p);
    if (!out)
        th_fail("th_psql: out of memory");
    return out;
}

long th_psql_count(const char *sql)
{
    return th_psql_count_on(th_database_url(), sql);
}

long th_psql_count_on(const char *url, const char *sql)
{
    char *out = th_psql(url, sql);
    long n = strtol(out, NULL, 10);

    free(out);
    return n;
}

void th_seal(const char *url)
{
    free(th_psql(url, "SELECT zi_seal(1000000)"));
}

long th_journal_count(const char *sql)
{
    th_seal(th_database_url());
    return th_psql_count(sql);
}

th_proc *th_psql_hold(const char *app, const char *statement, double seconds)
{
    return th_psql_hold_on(th_database_url(), app, statement, seconds);
}

th_proc *th_psql_hold_on(const char *url, const char *app, const char *statement, double seconds)
{
    char *env_app = th_format("PGAPPNAME=%s", app);
    char *sleep_sql = th_format("SELECT pg_sleep(%g)", seconds);
    const char *argv[] = {"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", "BEGIN",
                          "-c", statement, "-c", sleep_sql, "-c", "COMMIT", NULL};
    th_proc *holder = th_spawn(argv, (const char *const[]){env_app, NULL}, NULL);
    char *sleeping = th_format("SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s' "
                               "AND state = 'active' AND query LIKE 'SELECT pg_sleep%%'",
                               app);
    double deadline = now_ms() + 10000;

    while (th_psql_count(sleeping) == 0) {
        if (!th_proc_running(holder)) {
            th_proc_wait(holder, 1000);
            th_fail("the psql holding the lock ended early (exit %d): %s", holder->exit_code, holder->err);
        }
        if (now_ms() > deadline)
            th_fail("the psql holding the lock never got to pg_sleep");
        th_sleep_ms(10);
    }
    free(sleeping);
    free(sleep_sql);
    free(env_app);
    return holder;
}

void th_psql_release(th_proc *holder, const char *app)
{
    char *sql = th_format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = '%s'",
                          app);

    free(th_psql(th_database_url(), sql));
    free(sql);
    if (!th_proc_wait(holder, 10000))
        th_fail("the psql holding the lock did not end");
}

/* ---- scratch databases ------------------------------------------------------------- */

static long runner_pid;

void th_remember_runner(void)
{
    runner_pid = (long)getpid();
}

void th_scratch_create(th_scratch *db, const char *prefix)
{
    static unsigned counter;
    char *sql;

    db->name = th_format("%s%ld_%ld_%u", prefix, runner_pid, (long)getpid(), ++counter);
    db->url = th_cluster_database_url(db->name);
    sql = th_format("CREATE DATABASE %s", db->name);
    free(th_psql(th_admin_database_url(), sql));
    free(sql);
}

void th_scratch_drop(th_scratch *db)
{
    char *sql = th_format("DROP DATABASE IF EXISTS %s WITH (FORCE)", db->name);

    free(th_psql(th_admin_database_url(), sql));
    free(sql);
    free(db->url);
    free(db->name);
    db->url = NULL;
    db->name = NULL;
}

void th_drop_leftover_databases(const char *prefix, const char *who)
{
    const char *admin = getenv("ZI_TEST_ADMIN_DATABASE_URL");
    char *cmd;
    FILE *f;
    char line[256];

    if (!admin || !*admin)
        return;
    cmd = th_format("psql -X -q -A -t -d '%s' -c \"SELECT datname FROM pg_database WHERE "
                    "starts_with(datname, '%s%ld_')\"",
                    admin, prefix, runner_pid);
    f = popen(cmd, "r");
    while (f && fgets(line, sizeof line, f)) {
        char *drop;

        line[strcspn(line, "\n")] = '\0';
        if (!*line)
            continue;
        drop = th_format("psql -X -q -d '%s' -c 'DROP DATABASE IF EXISTS %s WITH (FORCE)' >/dev/null", admin,
                         line);
        if (system(drop) != 0)
            fprintf(stderr, "%s: could not drop %s\n", who, line);
        free(drop);
    }
    if (f)
        pclose(f);
    free(cmd);
}

int th_free_port(void)
{
    char *script = th_format("%s/sql/free-port.sh", th_repo_root());
    const char *argv[] = {script, NULL};
    th_proc *p = th_run(argv, NULL, 20000);
    char *end;
    long port = strtol(p->out, &end, 10);

    if (p->exit_code != 0 || end == p->out || port < 1024 || port > 65535)
        th_fail("%s failed (exit %d): %s %s", script, p->exit_code, p->out, p->err);
    th_proc_free(p);
    free(script);
    return (int)port;
}
