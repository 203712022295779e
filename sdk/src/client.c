/*
 * client.c — the zi_client handle: creation with options, the last-call record, status
 * texts, versions, and the process-wide libcurl setup.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- process-wide setup ------------------------------------------------------------------ */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_refs; /* zi_global_init references, plus one implicit from zi_client_new */

/* Takes one reference, initialising libcurl on the first. Caller holds g_lock. */
static zi_status global_ref_locked(void)
{
    if (g_refs == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return ZI_E_NOMEM;
    g_refs++;
    return ZI_OK;
}

ZI_EXPORT zi_status zi_global_init(void)
{
    zi_status st;

    pthread_mutex_lock(&g_lock);
    st = global_ref_locked();
    pthread_mutex_unlock(&g_lock);
    return st;
}

ZI_EXPORT void zi_global_cleanup(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_refs > 0) {
        g_refs--;
        if (g_refs == 0)
            curl_global_cleanup();
    }
    pthread_mutex_unlock(&g_lock);
}

/* The implicit reference of the first client when nobody called zi_global_init. */
static zi_status global_ensure(void)
{
    zi_status st = ZI_OK;

    pthread_mutex_lock(&g_lock);
    if (g_refs == 0)
        st = global_ref_locked();
    pthread_mutex_unlock(&g_lock);
    return st;
}

/* ---- versions and texts -------------------------------------------------------------------- */

ZI_EXPORT const char *zi_version(void)
{
    return ZI_VERSION_STRING;
}

ZI_EXPORT unsigned long zi_version_num(void)
{
    return ZI_VERSION_NUM;
}

ZI_EXPORT const char *zi_strerror(zi_status status)
{
    switch (status) {
    case ZI_OK:
        return "no error";
    case ZI_E_ARGUMENT:
        return "invalid argument";
    case ZI_E_NOMEM:
        return "out of memory";
    case ZI_E_CONNECT:
        return "could not connect to the server";
    case ZI_E_TIMEOUT:
        return "timed out";
    case ZI_E_TLS:
        return "TLS handshake or certificate verification failed";
    case ZI_E_TRANSPORT:
        return "transport error";
    case ZI_E_TOO_LARGE:
        return "response exceeds the size limit";
    case ZI_E_PROTOCOL:
        return "response not understood";
    case ZI_E_ABORTED:
        return "stopped by the callback";
    case ZI_E_BAD_REQUEST:
        return "invalid request (400)";
    case ZI_E_UNAUTHORIZED:
        return "missing or invalid API key (401)";
    case ZI_E_FORBIDDEN:
        return "not allowed for this API key (403)";
    case ZI_E_NOT_FOUND:
        return "not found (404)";
    case ZI_E_CONFLICT:
        return "conflicts with the current state (409)";
    case ZI_E_PRECONDITION_FAILED:
        return "the resource changed since it was read (412)";
    case ZI_E_UNPROCESSABLE:
        return "a rule is violated (422)";
    case ZI_E_PRECONDITION_REQUIRED:
        return "If-Match is required (428)";
    case ZI_E_RATE_LIMITED:
        return "rate limited (429)";
    case ZI_E_UNAVAILABLE:
        return "service unavailable (503)";
    case ZI_E_SERVER:
        return "server error (5xx)";
    case ZI_E_HTTP:
        return "unexpected HTTP status";
    case ZI_E_WEBHOOK_MALFORMED:
        return "webhook signature or timestamp header missing or malformed";
    case ZI_E_WEBHOOK_SIGNATURE:
        return "webhook signature does not match";
    case ZI_E_WEBHOOK_STALE:
        return "webhook timestamp too old";
    case ZI_E_WEBHOOK_FUTURE:
        return "webhook timestamp too far in the future";
    }
    return "unknown status";
}

/* ---- the last-call record ------------------------------------------------------------------ */

static const zi_error invalid_handle_error = {
    .status = ZI_E_ARGUMENT,
    .http_status = 0,
    .type = "",
    .title = "",
    .detail = "invalid zi_client handle",
    .request_id = "",
    .field_errors = NULL,
    .n_field_errors = 0,
    .problem = NULL,
    .retry_after_s = -1,
    .attempts = 0,
    .replayed = 0,
};

void zi_record_clear(zi_client *c)
{
    json_decref(c->problem);
    c->problem = NULL;
    free(c->field_errors);
    c->field_errors = NULL;
    free(c->err_detail);
    c->err_detail = NULL;
    free(c->err_request_id);
    c->err_request_id = NULL;
    c->err.status = ZI_OK;
    c->err.http_status = 0;
    c->err.type = "";
    c->err.title = "";
    c->err.detail = "";
    c->err.request_id = "";
    c->err.field_errors = NULL;
    c->err.n_field_errors = 0;
    c->err.problem = NULL;
    c->err.retry_after_s = -1;
    c->err.attempts = 0;
    c->err.replayed = 0;
}

zi_status zi_record(zi_client *c, zi_status st, const char *detail)
{
    c->err.status = st;
    if (detail && *detail) {
        free(c->err_detail);
        c->err_detail = zi_strdup(detail);
        c->err.detail = c->err_detail ? c->err_detail : "";
    }
    return st;
}

zi_status zi_enter(zi_client *c)
{
    if (!c || c->magic != ZI_CLIENT_MAGIC)
        return ZI_E_ARGUMENT;
    zi_record_clear(c);
    return ZI_OK;
}

ZI_EXPORT const zi_error *zi_last_error(const zi_client *client)
{
    if (!client || client->magic != ZI_CLIENT_MAGIC)
        return &invalid_handle_error;
    return &client->err;
}

ZI_EXPORT long zi_client_connections(const zi_client *client)
{
    if (!client || client->magic != ZI_CLIENT_MAGIC)
        return -1;
    return client->connections;
}

/* ---- creation ---------------------------------------------------------------------------- */

/* The base URL must parse, use http or https, and carry no query, fragment or credentials
 * (the key goes in a header, never in the URL). */
static int base_url_ok(const char *url)
{
    CURLU *u = curl_url();
    char *scheme = NULL;
    char *query = NULL;
    char *fragment = NULL;
    char *user = NULL;
    int ok = 0;

    if (!u)
        return 0;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)) {
        ok = curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK &&
             curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0) != CURLUE_OK &&
             curl_url_get(u, CURLUPART_USER, &user, 0) != CURLUE_OK;
    }
    curl_free(scheme);
    curl_free(query);
    curl_free(fragment);
    curl_free(user);
    curl_url_cleanup(u);
    return ok;
}

/* "<name>: <prefix><value>" (new, free()), or NULL when out of memory. */
static char *header_line(const char *name, const char *prefix, const char *value)
{
    zi_buf b = {0};

    if (zi_buf_puts(&b, name) != 0 || zi_buf_puts(&b, ": ") != 0 || zi_buf_puts(&b, prefix) != 0 ||
        zi_buf_puts(&b, value) != 0) {
        zi_buf_free(&b);
        return NULL;
    }
    return zi_buf_take(&b);
}

/* An option given as a positive value replaces the default in *dst. */
static void set_if_positive(long *dst, long v)
{
    if (v > 0)
        *dst = v;
}

/* Copy the options, applying defaults for zero members. */
static void apply_options(zi_client *c, const zi_options *o)
{
    int r;
    size_t cap;

    c->connect_timeout_ms = ZI_DEFAULT_CONNECT_TIMEOUT_MS;
    c->timeout_ms = ZI_DEFAULT_TIMEOUT_MS;
    c->max_response_bytes = ZI_DEFAULT_MAX_RESPONSE_BYTES;
    c->max_retries = ZI_DEFAULT_MAX_RETRIES;
    c->retry_base_ms = ZI_DEFAULT_RETRY_BASE_MS;
    c->retry_after_max_ms = ZI_DEFAULT_RETRY_AFTER_MAX_MS;
    if (!o)
        return;
    set_if_positive(&c->connect_timeout_ms, ZI_MEMBER(o, zi_options, connect_timeout_ms));
    set_if_positive(&c->timeout_ms, ZI_MEMBER(o, zi_options, timeout_ms));
    cap = ZI_MEMBER(o, zi_options, max_response_bytes);
    if (cap > 0)
        c->max_response_bytes = cap;
    r = ZI_MEMBER(o, zi_options, max_retries);
    if (r < 0)
        c->max_retries = 0;
    else if (r > 0)
        c->max_retries = r > ZI_MAX_RETRIES_LIMIT ? ZI_MAX_RETRIES_LIMIT : r;
    set_if_positive(&c->retry_base_ms, ZI_MEMBER(o, zi_options, retry_base_ms));
    set_if_positive(&c->retry_after_max_ms, ZI_MEMBER(o, zi_options, retry_after_max_ms));
    c->insecure = ZI_MEMBER(o, zi_options, insecure_skip_tls_verify) != 0;
}

/* Options set once on the easy handle; per-call ones are set in call.c. */
static int setup_curl(zi_client *c)
{
    CURL *h = c->curl;
    int bad = 0;

    bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
    bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
#else
    bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK;
#endif
    bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, c->insecure ? 0L : 1L) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c->insecure ? 0L : 2L) != CURLE_OK;
    if (c->ca_file)
        bad |= curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent) != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf) != CURLE_OK;
    /* A Content-Length above the cap fails before the body arrives; the write callback
     * enforces the cap for chunked bodies. */
    bad |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_response_bytes) !=
           CURLE_OK;
    /* Compressed answers would be welcome, but the cap must apply to what we hold in
     * memory, and that is what the write callback sees: ask for any encoding. */
    bad |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
    bad |= curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) != CURLE_OK;
    return bad ? -1 : 0;
}

ZI_EXPORT zi_status zi_client_new(const char *base_url, const char *api_key,
                                  const zi_options *opts, zi_client **out)
{
    zi_client *c;
    size_t n;
    const char *ua;
    const char *lang;
    const char *ca;

    if (!out)
        return ZI_E_ARGUMENT;
    *out = NULL;
    if (!base_url || !base_url_ok(base_url))
        return ZI_E_ARGUMENT;
    if (opts && opts->struct_size == 0)
        return ZI_E_ARGUMENT;
    if (api_key && zi_has_ctl(api_key))
        return ZI_E_ARGUMENT;
    ua = opts ? ZI_MEMBER(opts, zi_options, user_agent) : NULL;
    lang = opts ? ZI_MEMBER(opts, zi_options, accept_language) : NULL;
    ca = opts ? ZI_MEMBER(opts, zi_options, ca_file) : NULL;
    if ((ua && zi_has_ctl(ua)) || (lang && zi_has_ctl(lang)))
        return ZI_E_ARGUMENT;
    if (global_ensure() != ZI_OK)
        return ZI_E_NOMEM;

    c = calloc(1, sizeof *c);
    if (!c)
        return ZI_E_NOMEM;
    c->magic = ZI_CLIENT_MAGIC;
    zi_record_clear(c);
    apply_options(c, opts);
    c->base_url = zi_strdup(base_url);
    c->user_agent = zi_strdup(ua && *ua ? ua : "libzi/" ZI_VERSION_STRING);
    if (api_key && *api_key)
        c->auth_header = header_line("Authorization", "Bearer ", api_key);
    if (lang && *lang)
        c->lang_header = header_line("Accept-Language", "", lang);
    if (ca && *ca)
        c->ca_file = zi_strdup(ca);
    c->curl = curl_easy_init();
    if (!c->base_url || !c->user_agent || !c->curl || (api_key && *api_key && !c->auth_header) ||
        (lang && *lang && !c->lang_header) || (ca && *ca && !c->ca_file) || setup_curl(c) != 0) {
        zi_client_free(c);
        return ZI_E_NOMEM;
    }
    n = strlen(c->base_url);
    while (n > 0 && c->base_url[n - 1] == '/')
        c->base_url[--n] = '\0';
    *out = c;
    return ZI_OK;
}

ZI_EXPORT void zi_client_free(zi_client *client)
{
    if (!client || client->magic != ZI_CLIENT_MAGIC)
        return;
    zi_record_clear(client);
    if (client->curl)
        curl_easy_cleanup(client->curl);
    zi_buf_free(&client->body);
    free(client->resp_request_id);
    free(client->resp_link);
    free(client->resp_disposition);
    free(client->base_url);
    if (client->auth_header) {
        /* The key should not linger in freed memory. */
        volatile char *p = client->auth_header;
        while (*p)
            *p++ = '\0';
        free(client->auth_header);
    }
    free(client->lang_header);
    free(client->user_agent);
    free(client->ca_file);
    client->magic = ZI_FREED_MAGIC;
    free(client);
}
