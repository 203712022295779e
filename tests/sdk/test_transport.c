/*
 * test_transport.c — what libcurl does for libzi: server down, timeouts, the size cap,
 * retries (backoff, Retry-After, Idempotency-Key reuse, what is never retried), keep-alive
 * (1,000 calls, one TCP connection), TLS verification, handle creation, versions.
 *
 * Scripted answers come from th_server (harness.c), an in-process server on 127.0.0.1 whose
 * requests the tests can read back. The keep-alive proof puts a th_server proxy between the
 * client and the live zi-server: the proxy counts the TCP connections it accepts, which is
 * independent of anything libcurl reports; zi_client_connections() is checked against it.
 */
#include "harness.h"

#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A raw HTTP/1.1 response with a correct Content-Length. */
static const char *response(char *buf, size_t cap, const char *status, const char *headers,
                            const char *body)
{
    snprintf(buf, cap, "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n\r\n%s", status, headers,
             strlen(body), body);
    return buf;
}

static const char problem_503[] =
    "{\"type\":\"urn:zi:problem:service-unavailable\",\"title\":\"Unavailable\",\"status\":503,"
    "\"detail\":\"database down\",\"instance\":\"req-503\"}";
static const char unit_json[] =
    "{\"id\":\"0b4c3c5e-7a8f-4d51-9a41-3c1f0e2d9b77\",\"code\":\"FAKE\",\"version\":1}";

static char url_buf[64];

static const char *local_url(const char *scheme, int port)
{
    snprintf(url_buf, sizeof url_buf, "%s://127.0.0.1:%d", scheme, port);
    return url_buf;
}

/* ---- server down, timeouts --------------------------------------------------------------- */

/* A PATCH of a unit on c fails with want after attempts attempts. */
static void assert_patch_attempts(zi_client *c, zi_status want, int attempts)
{
    json_t *patch = json_pack("{s:i}", "staff_count", 1);
    zi_if_match m = {.version = 1};
    json_t *v = NULL;

    th_assert_status(c, zi_units_update(c, "0b4c3c5e-7a8f-4d51-9a41-3c1f0e2d9b77", &m, patch, &v,
                                        NULL),
                     want);
    ck_assert_int_eq(zi_last_error(c)->attempts, attempts);
    json_decref(patch);
}

START_TEST(test_server_down_is_connect_error)
{
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = (json_t *)1;
    long t0;

    o.max_retries = 1;
    o.retry_base_ms = 20;
    c = th_client_for(local_url("http", th_closed_port()), NULL, &o);
    t0 = th_now_ms();
    th_assert_status(c, zi_health(c, &v), ZI_E_CONNECT);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(zi_last_error(c)->http_status, 0);
    ck_assert_int_eq(zi_last_error(c)->attempts, 2); /* a refused connect is always retried */
    ck_assert_str_ne(zi_last_error(c)->detail, "");
    ck_assert_int_lt(th_now_ms() - t0, 5000);
    /* Even a PATCH: the request never left. */
    assert_patch_attempts(c, ZI_E_CONNECT, 2);
    zi_client_free(c);
}
END_TEST

START_TEST(test_timeout_on_a_silent_server)
{
    th_server s = {.mode = TH_SILENT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;
    long t0;
    long took;

    th_server_start(&s);
    o.timeout_ms = 300;
    o.max_retries = ZI_RETRIES_NONE;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    t0 = th_now_ms();
    th_assert_status(c, zi_health(c, &v), ZI_E_TIMEOUT);
    took = th_now_ms() - t0;
    ck_assert_int_ge(took, 250);
    ck_assert_int_lt(took, 5000);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    zi_client_free(c);

    /* GET is retried after a timeout; PATCH is not. */
    o.max_retries = 1;
    o.retry_base_ms = 10;
    c = th_client_for(local_url("http", s.port), "k", &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_TIMEOUT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 2);
    assert_patch_attempts(c, ZI_E_TIMEOUT, 1);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_ge(s.accepted, 1);
}
END_TEST

/* ---- the response size cap ----------------------------------------------------------------- */

START_TEST(test_oversized_response_from_the_server)
{
    char *key;
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;

    o.max_response_bytes = 256; /* a page of 50 units is ~20 KiB */
    key = th_new_key("evaluator", NULL, NULL, NULL);
    c = th_client_for(th_url(), key, &o);
    free(key);
    th_assert_status(c, zi_units_list(c, NULL, &v), ZI_E_TOO_LARGE);
    ck_assert_ptr_null(v);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "256 bytes"));
    ck_assert_int_eq(zi_last_error(c)->attempts, 1); /* never retried */
    /* The client is still usable. */
    th_assert_status(c, zi_health(c, &v), ZI_OK);
    json_decref(v);
    zi_client_free(c);
}
END_TEST

START_TEST(test_oversized_chunked_response)
{
    static char big[8192];
    th_server s = {.mode = TH_SCRIPT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;
    size_t n;

    /* No Content-Length: only the write callback can stop it. */
    n = (size_t)snprintf(big, sizeof big,
                         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n%x\r\n{\"pad\":\"",
                         8 + 4000 + 2); /* {"pad":" + 4000 x + "} */
    memset(big + n, 'x', 4000);
    snprintf(big + n + 4000, sizeof big - n - 4000, "\"}\r\n0\r\n\r\n");
    s.script[0] = big;
    s.n_script = 1;
    th_server_start(&s);
    o.max_response_bytes = 1024;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_TOO_LARGE);
    zi_client_free(c);
    /* And under the cap the same answer is fine. */
    o.max_response_bytes = 5000;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_OK);
    json_decref(v);
    zi_client_free(c);
    th_server_stop(&s);
}
END_TEST

/* ---- retries ------------------------------------------------------------------------------- */

START_TEST(test_post_retried_after_503_with_the_same_idempotency_key)
{
    char r1[512];
    char r2[512];
    char k1[256];
    char k2[256];
    char auth[256];
    th_server s = {.mode = TH_SCRIPT};
    zi_client *c;
    json_t *body = json_pack("{s:s}", "code", "FAKE");
    json_t *unit = NULL;
    zi_etag etag;
    long t0;
    size_t i;

    s.script[0] = response(r1, sizeof r1, "503 Service Unavailable",
                           "Retry-After: 1\r\nContent-Type: application/problem+json\r\n",
                           problem_503);
    s.script[1] = response(r2, sizeof r2, "201 Created",
                           "ETag: \"1\"\r\nX-Request-Id: fake-201\r\n"
                           "Content-Type: application/json\r\n",
                           unit_json);
    s.n_script = 2;
    th_server_start(&s);
    c = th_client_for(local_url("http", s.port), "secret-key", NULL);
    t0 = th_now_ms();
    th_assert_status(c, zi_units_create(c, body, NULL, &unit, &etag), ZI_OK);
    ck_assert_int_ge(th_now_ms() - t0, 950); /* waited Retry-After: 1 */
    ck_assert_int_eq(zi_last_error(c)->attempts, 2);
    ck_assert_str_eq(zi_last_error(c)->request_id, "fake-201");
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(json_string_value(json_object_get(unit, "code")), "FAKE");
    zi_client_free(c);
    th_server_stop(&s);

    ck_assert_int_eq(s.requests, 2);
    ck_assert_ptr_nonnull(th_header_of(s.recorded[0], "Idempotency-Key", k1, sizeof k1));
    ck_assert_ptr_nonnull(th_header_of(s.recorded[1], "Idempotency-Key", k2, sizeof k2));
    ck_assert_str_eq(k1, k2);
    ck_assert_uint_eq(strlen(k1), 32);
    for (i = 0; k1[i]; i++)
        ck_assert(strchr("0123456789abcdef", k1[i]) != NULL);
    ck_assert_ptr_nonnull(th_header_of(s.recorded[0], "Authorization", auth, sizeof auth));
    ck_assert_str_eq(auth, "Bearer secret-key");
    ck_assert_ptr_nonnull(th_header_of(s.recorded[0], "Content-Type", auth, sizeof auth));
    ck_assert_str_eq(auth, "application/json");
    ck_assert_int_eq(strncmp(s.recorded[0], "POST /v1/units HTTP/1.1\r\n", 25), 0);
    json_decref(unit);
    json_decref(body);
}
END_TEST

START_TEST(test_caller_idempotency_key_and_archive_request_shape)
{
    char r1[512];
    char h[256];
    th_server s = {.mode = TH_SCRIPT};
    zi_client *c;
    json_t *unit = NULL;
    zi_if_match m = {.version = 41};

    s.script[0] = response(r1, sizeof r1, "200 OK", "ETag: \"42\"\r\n", unit_json);
    s.n_script = 1;
    th_server_start(&s);
    c = th_client_for(local_url("http", s.port), "k", NULL);
    th_assert_status(c, zi_units_archive(c, "u 1/2", &m, "my-key-1", &unit, NULL), ZI_OK);
    json_decref(unit);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(strncmp(s.recorded[0], "POST /v1/units/u%201%2F2/archive HTTP/1.1\r\n", 43), 0);
    ck_assert_str_eq(th_header_of(s.recorded[0], "Idempotency-Key", h, sizeof h), "my-key-1");
    ck_assert_str_eq(th_header_of(s.recorded[0], "If-Match", h, sizeof h), "\"41\"");
    ck_assert_str_eq(th_header_of(s.recorded[0], "Content-Length", h, sizeof h), "0");
    ck_assert_ptr_null(th_header_of(s.recorded[0], "Content-Type", h, sizeof h)); /* no body */
    ck_assert_ptr_null(th_header_of(s.recorded[0], "Expect", h, sizeof h));
}
END_TEST

START_TEST(test_retry_after_beyond_the_cap_is_not_waited_for)
{
    char r1[512];
    th_server s = {.mode = TH_SCRIPT};
    zi_client *c;
    json_t *v = NULL;
    long t0;

    s.script[0] = response(r1, sizeof r1, "429 Too Many Requests",
                           "Retry-After: 3600\r\nContent-Type: application/problem+json\r\n",
                           "{\"type\":\"urn:zi:problem:rate-limited\",\"title\":\"Slow down\","
                           "\"status\":429,\"detail\":\"later\",\"instance\":\"r429\"}");
    s.n_script = 1;
    th_server_start(&s);
    c = th_client_for(local_url("http", s.port), NULL, NULL);
    t0 = th_now_ms();
    th_assert_status(c, zi_health(c, &v), ZI_E_RATE_LIMITED);
    ck_assert_int_lt(th_now_ms() - t0, 2000);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    ck_assert_int_eq(zi_last_error(c)->retry_after_s, 3600);
    ck_assert_str_eq(zi_last_error(c)->request_id, "r429"); /* from the problem's instance */
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(s.requests, 1);
}
END_TEST

START_TEST(test_get_backoff_until_success_patch_never)
{
    char r1[512];
    char r2[512];
    th_server s = {.mode = TH_SCRIPT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;
    json_t *patch = json_pack("{s:i}", "staff_count", 3);
    zi_if_match m = {.etag = "\"1\""};

    s.script[0] = response(r1, sizeof r1, "503 Service Unavailable",
                           "Content-Type: application/problem+json\r\n", problem_503);
    s.script[1] = r1;
    s.script[2] = response(r2, sizeof r2, "200 OK", "Content-Type: application/json\r\n",
                           "{\"status\":\"ok\"}");
    s.n_script = 3;
    th_server_start(&s);
    o.retry_base_ms = 10;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_OK); /* 503, 503, 200 */
    ck_assert_int_eq(zi_last_error(c)->attempts, 3);
    json_decref(v);
    th_assert_status(c, zi_units_update(c, "x", &m, patch, &v, NULL), ZI_OK); /* 200 repeats */
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    json_decref(v);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(s.requests, 4);

    /* Every answer a 503: a PATCH gives up at once, a GET after max_retries. */
    s.script[0] = r1;
    s.n_script = 1;
    th_server_start(&s);
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_units_update(c, "x", &m, patch, &v, NULL), ZI_E_UNAVAILABLE);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    th_assert_status(c, zi_health(c, &v), ZI_E_UNAVAILABLE);
    ck_assert_int_eq(zi_last_error(c)->attempts, 3);
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:service-unavailable");
    ck_assert_str_eq(zi_last_error(c)->detail, "database down");
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(s.requests, 4);
    json_decref(patch);
}
END_TEST

/* A create-or-replace (PUT) is sent as PUT with its JSON body, If-Match only when a version
 * or ETag is given (version 0: none), no Idempotency-Key; and like a PATCH it is not repeated
 * after a 503 (a replayed create would be refused as a change). */
START_TEST(test_put_request_shape_and_no_retry)
{
    char r1[512];
    char buf[128];
    th_server s = {.mode = TH_SCRIPT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;
    json_t *body = json_pack("{s:s}", "note", "x");
    zi_if_match none = {NULL, 0};
    zi_if_match m = {NULL, 3};

    s.script[0] = response(r1, sizeof r1, "503 Service Unavailable",
                           "Content-Type: application/problem+json\r\n", problem_503);
    s.n_script = 1;
    th_server_start(&s);
    o.retry_base_ms = 10;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_programme_years_put(c, 2030, &none, body, &v, NULL), ZI_E_UNAVAILABLE);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    ck_assert_ptr_null(v);
    th_assert_status(c, zi_proposals_score_put(c, "p/1", &m, body, &v, NULL), ZI_E_UNAVAILABLE);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(s.requests, 2);
    ck_assert_msg(strncmp(s.recorded[0], "PUT /v1/programme-years/2030 HTTP/1.1\r\n", 39) == 0,
                  "%s", s.recorded[0]);
    ck_assert_ptr_null(th_header_of(s.recorded[0], "If-Match", buf, sizeof buf));
    ck_assert_ptr_null(th_header_of(s.recorded[0], "Idempotency-Key", buf, sizeof buf));
    ck_assert_str_eq(th_header_of(s.recorded[0], "Content-Type", buf, sizeof buf),
                     "application/json");
    ck_assert_msg(strncmp(s.recorded[1], "PUT /v1/proposals/p%2F1/score-sheet HTTP/1.1\r\n", 46) == 0,
                  "%s", s.recorded[1]);
    ck_assert_str_eq(th_header_of(s.recorded[1], "If-Match", buf, sizeof buf), "\"3\"");
    json_decref(body);
}
END_TEST

START_TEST(test_answers_outside_the_contract)
{
    char r1[512];
    char r2[512];
    char r3[512];
    th_server s = {.mode = TH_SCRIPT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;

    s.script[0] = response(r1, sizeof r1, "502 Bad Gateway", "Content-Type: text/html\r\n",
                           "<html>bad gateway</html>");
    s.script[1] = response(r2, sizeof r2, "200 OK", "Content-Type: application/json\r\n",
                           "not json");
    s.script[2] = response(r3, sizeof r3, "200 OK", "Content-Type: application/json\r\n", "[1]");
    s.n_script = 3;
    th_server_start(&s);
    o.max_retries = ZI_RETRIES_NONE;
    c = th_client_for(local_url("http", s.port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_SERVER);
    ck_assert_int_eq(zi_last_error(c)->http_status, 502);
    ck_assert_str_eq(zi_last_error(c)->type, "");
    ck_assert_str_eq(zi_last_error(c)->detail, "HTTP 502 without a problem document");
    ck_assert_ptr_null(zi_last_error(c)->problem);
    th_assert_status(c, zi_health(c, &v), ZI_E_PROTOCOL);
    ck_assert_int_eq(zi_last_error(c)->http_status, 200);
    th_assert_status(c, zi_health(c, &v), ZI_E_PROTOCOL);
    ck_assert_ptr_null(v);
    zi_client_free(c);
    th_server_stop(&s);
}
END_TEST

/* ---- keep-alive -------------------------------------------------------------------------------- */

START_TEST(test_1000_calls_one_tcp_connection)
{
    char *key;
    th_server proxy = {.mode = TH_PROXY};
    zi_client *c;
    int upstream;
    int i;
    long t0;
    long took;
    const char *colon = strrchr(th_url(), ':');

    ck_assert_ptr_nonnull(colon);
    upstream = (int)strtol(colon + 1, NULL, 10);
    proxy.upstream_port = upstream;
    th_server_start(&proxy);
    /* Its own key: the 100 rate-limited calls below fit in its bucket (burst 120); the
     * probes (health, ready) are not rate limited. */
    key = th_new_key("evaluator", NULL, NULL, NULL);
    c = th_client_for(local_url("http", proxy.port), key, NULL);
    free(key);
    t0 = th_now_ms();
    for (i = 0; i < 1000; i++) {
        json_t *v = NULL;
        switch (i % 20) {
        case 5:
            th_assert_status(c, zi_units_get_by_code(c, "PKM-WATES", &v, NULL), ZI_OK);
            break;
        case 15: /* error answers keep the connection too */
            th_assert_status(c, zi_units_get(c, "00000000-0000-4000-8000-000000000000", &v, NULL),
                             ZI_E_NOT_FOUND);
            break;
        default:
            th_assert_status(c, i % 2 ? zi_ready(c, &v) : zi_health(c, &v), ZI_OK);
            break;
        }
        json_decref(v);
    }
    took = th_now_ms() - t0;
    ck_assert_int_eq(zi_client_connections(c), 1);
    zi_client_free(c);
    th_server_stop(&proxy);
    fprintf(stderr, "keep-alive: 1000 sequential calls, %d TCP connection(s) accepted by the "
                    "counting proxy, zi_client_connections() = 1, %ld ms\n",
            proxy.accepted, took);
    ck_assert_int_eq(proxy.accepted, 1);
}
END_TEST

/* ---- the server's rate limit --------------------------------------------------------------------- */

START_TEST(test_rate_limited_reads_wait_and_succeed)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, NULL);
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    int i;
    int retried_at = -1;

    /* A fresh key's bucket holds 120 requests and refills at 20/s (the server's defaults):
     * calling faster than that gets a 429 with Retry-After, which the client waits out. */
    p.limit = 1;
    for (i = 0; i < 400 && retried_at < 0; i++) {
        json_t *page = NULL;
        th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
        json_decref(page);
        if (zi_last_error(c)->attempts > 1)
            retried_at = i;
    }
    fprintf(stderr, "rate limit: call %d met a 429 and succeeded after %d attempts\n", retried_at,
            zi_last_error(c)->attempts);
    ck_assert_msg(retried_at >= 0, "400 quick calls never met the rate limit (is it off?)");
    zi_client_free(c);
    free(key);
}
END_TEST

/* ---- TLS --------------------------------------------------------------------------------------- */

/* The TLS server of the running test and its directory; the teardown of the "tls" case
 * stops and removes them even when the test failed half-way. */
static pid_t tls_pid = -1;
static char tls_dir[64];

static void tls_teardown(void)
{
    char cmd[128];
    char *out = NULL;

    if (tls_pid > 0) {
        kill(tls_pid, SIGTERM);
        waitpid(tls_pid, NULL, 0);
        tls_pid = -1;
    }
    if (tls_dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tls_dir);
        th_run(cmd, 1, &out);
        free(out);
        tls_dir[0] = '\0';
    }
}

/* Start `openssl s_server -www` with a fresh self-signed certificate for 127.0.0.1 in dir and
 * return its pid. A missing openssl fails the test: it is a test dependency that `make
 * deps-test` installs, and a skip here would pass without ever checking TLS verification. */
static pid_t start_tls_server(const char *dir, int port)
{
    char cmd[1024];
    char out_port[32];
    char cert[512];
    char key[512];
    char why[600];
    char *out = NULL;
    pid_t pid;
    int i;
    int rc;
    char *argv[] = {"openssl", "s_server", "-quiet", "-www", "-accept", out_port,
                    "-cert",   cert,       "-key",   key,    NULL};

    /* 127: the shell found no openssl on PATH. Each failure below cleans up first: in Check's
     * fork mode a failing test's process ends at once, without the checked teardown. */
    if (th_run("openssl version", 1, &out) == 127) {
        free(out);
        tls_teardown();
        ck_abort_msg("openssl is not installed: `make deps-test` installs it (DEPS_TEST in the Makefile)");
    }
    free(out);
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "-keyout '%s/key.pem' -out '%s/cert.pem' -subj /CN=127.0.0.1 -days 1 "
             "-addext subjectAltName=IP:127.0.0.1",
             dir, dir);
    rc = th_run(cmd, 1, &out);
    if (rc != 0) {
        /* Copied first: ck_abort_msg does not return, and out must not leak under valgrind. */
        snprintf(why, sizeof why, "openssl req exited %d: %.400s", rc, out ? out : "");
        free(out);
        tls_teardown();
        ck_abort_msg("%s", why);
    }
    free(out);
    snprintf(out_port, sizeof out_port, "127.0.0.1:%d", port);
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    if (posix_spawnp(&pid, "openssl", NULL, NULL, argv, environ) != 0) {
        tls_teardown();
        ck_abort_msg("cannot start openssl s_server (`make deps-test` installs openssl)");
    }
    for (i = 0; i < 100; i++) { /* wait until it listens */
        zi_options o = ZI_OPTIONS_INIT;
        zi_client *probe;
        json_t *v = NULL;
        o.max_retries = ZI_RETRIES_NONE;
        o.insecure_skip_tls_verify = 1;
        o.connect_timeout_ms = 60000;
        o.timeout_ms = 60000;
        probe = th_client_for(local_url("https", port), NULL, &o);
        if (zi_health(probe, &v) != ZI_E_CONNECT) {
            zi_client_free(probe);
            break;
        }
        zi_client_free(probe);
        usleep(50000);
    }
    return pid;
}

START_TEST(test_tls_verification_is_on_by_default)
{
    char path[600];
    int port = th_closed_port();
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    json_t *v = NULL;
    const char *dir;

    snprintf(tls_dir, sizeof tls_dir, "/tmp/zi-sdk-tls-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tls_dir));
    dir = tls_dir;
    tls_pid = start_tls_server(dir, port);
    o.max_retries = ZI_RETRIES_NONE;
    o.connect_timeout_ms = 60000; /* handshakes are slow under valgrind */
    o.timeout_ms = 60000;
    /* Default: the self-signed certificate is refused. */
    c = th_client_for(local_url("https", port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_TLS);
    zi_client_free(c);
    /* Trusting it through ca_file: TLS passes, and the answer (s_server's HTML page) is not
     * the contract's JSON. */
    snprintf(path, sizeof path, "%s/cert.pem", dir);
    o.ca_file = path;
    c = th_client_for(local_url("https", port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_PROTOCOL);
    zi_client_free(c);
    /* Opting out of verification (tests only). */
    o.ca_file = NULL;
    o.insecure_skip_tls_verify = 1;
    c = th_client_for(local_url("https", port), NULL, &o);
    th_assert_status(c, zi_health(c, &v), ZI_E_PROTOCOL);
    zi_client_free(c);
}
END_TEST

/* ---- handles, versions, texts ------------------------------------------------------------------- */

START_TEST(test_client_new_validates)
{
    zi_client *c = (zi_client *)1;
    zi_options zero = {0};
    zi_options o = ZI_OPTIONS_INIT;
    json_t *v = NULL;
    char url[128];

    ck_assert_int_eq(zi_client_new(NULL, NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(zi_client_new("http://127.0.0.1:1", NULL, NULL, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("ftp://127.0.0.1/", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("127.0.0.1:8080", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("not a url", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("http://h/?x=1", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("http://h/#f", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("http://user:pw@h/", NULL, NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("http://h", "key\r\nX: y", NULL, &c), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_client_new("http://h", NULL, &zero, &c), ZI_E_ARGUMENT);
    o.accept_language = "en\n";
    ck_assert_int_eq(zi_client_new("http://h", NULL, &o, &c), ZI_E_ARGUMENT);
    ck_assert_ptr_null(c);
    zi_client_free(NULL);

    /* Trailing slashes are dropped; an empty key means none. */
    snprintf(url, sizeof url, "%s//", th_url());
    c = th_client_for(url, "", NULL);
    th_assert_status(c, zi_health(c, &v), ZI_OK);
    json_decref(v);
    zi_client_free(c);
}
END_TEST

START_TEST(test_versions_and_texts)
{
    int s;

    ck_assert_str_eq(zi_version(), ZI_VERSION_STRING);
    ck_assert_uint_eq(zi_version_num(), ZI_VERSION_NUM);
    ck_assert_uint_eq(ZI_VERSION_NUM,
                      (ZI_VERSION_MAJOR << 16) | (ZI_VERSION_MINOR << 8) | ZI_VERSION_PATCH);
    ck_assert(ZI_AT_LEAST_VERSION(0, 1, 0));
    ck_assert(ZI_AT_LEAST_VERSION(ZI_VERSION_MAJOR, ZI_VERSION_MINOR, ZI_VERSION_PATCH));
    ck_assert(!ZI_AT_LEAST_VERSION(ZI_VERSION_MAJOR, ZI_VERSION_MINOR, ZI_VERSION_PATCH + 1));
    ck_assert(!ZI_AT_LEAST_VERSION(ZI_VERSION_MAJOR + 1, 0, 0));
    for (s = 0; s <= 50; s++) {
        const char *t = zi_strerror((zi_status)s);
        ck_assert_ptr_nonnull(t);
        if ((s >= 3 && s <= 9) || (s >= 17 && s <= 19) || (s >= 32 && s <= 39) || s >= 44)
            ck_assert_str_eq(t, "unknown status");
        else
            ck_assert_str_ne(t, "unknown status");
    }
    ck_assert_str_eq(zi_strerror(ZI_OK), "no error");
    /* Reference counting of the global state. */
    ck_assert_int_eq(zi_global_init(), ZI_OK);
    ck_assert_int_eq(zi_global_init(), ZI_OK);
    zi_global_cleanup();
    zi_global_cleanup();
}
END_TEST

Suite *transport_suite(void)
{
    Suite *s = suite_create("transport");
    TCase *tc = tcase_create("transport");
    TCase *tls;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_server_down_is_connect_error);
    tcase_add_test(tc, test_timeout_on_a_silent_server);
    tcase_add_test(tc, test_oversized_response_from_the_server);
    tcase_add_test(tc, test_oversized_chunked_response);
    tcase_add_test(tc, test_post_retried_after_503_with_the_same_idempotency_key);
    tcase_add_test(tc, test_caller_idempotency_key_and_archive_request_shape);
    tcase_add_test(tc, test_retry_after_beyond_the_cap_is_not_waited_for);
    tcase_add_test(tc, test_get_backoff_until_success_patch_never);
    tcase_add_test(tc, test_put_request_shape_and_no_retry);
    tcase_add_test(tc, test_answers_outside_the_contract);
    tcase_add_test(tc, test_1000_calls_one_tcp_connection);
    tcase_add_test(tc, test_rate_limited_reads_wait_and_succeed);
    tcase_add_test(tc, test_client_new_validates);
    tcase_add_test(tc, test_versions_and_texts);
    suite_add_tcase(s, tc);

    tls = tcase_create("tls");
    tcase_set_timeout(tls, 180);
    tcase_add_checked_fixture(tls, NULL, tls_teardown);
    tcase_add_test(tls, test_tls_verification_is_on_by_default);
    suite_add_tcase(s, tls);
    return s;
}
