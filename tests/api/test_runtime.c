/*
 * test_runtime.c — how the running server behaves around its requests (README
 * "Configuration"; DESIGN §4): the statement timeout turns a blocked statement into
 * a quick 503, every request leaves one access-log line through Yder, and /metrics
 * exposes the pool gauges and the latency histogram.
 *
 * tests/run-api.sh starts the server under test with --statement-timeout-ms 1000 and
 * --log-level info, its stderr in ZI_TEST_SERVER_LOG; the row lock is taken with psql
 * on ZI_TEST_DATABASE_URL.
 */
#include "harness.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    STATEMENT_TIMEOUT_MS = 1000, /* as run-api.sh starts the server */
    LOCK_HELD_S = 4,             /* the lock outlives the timeout by far */
    QUICK_MS = 3000,             /* the 503 comes before this */
};

/* Create a unit with a fresh code; the response (201) is owned by the caller. */
static th_response *create_unit(const char *name)
{
    char code[64];
    char *body;
    th_response *r;

    th_unique(code, sizeof code, "zt-");
    body = th_format("{\"code\":\"%s\",\"name\":\"%s\",\"kind\":\"other\",\"staff_count\":7}", code, name);
    r = th_request("POST", "/v1/units", body, (const char *const[]){th_admin_auth(), NULL});
    th_assert_status(r, 201);
    free(body);
    return r;
}

/* ---- statement timeout ---------------------------------------------------------------- */

TH_TEST(test_patch_of_a_locked_unit_is_quick_503_not_a_hang_and_changes_nothing)
{
    th_response *created = create_unit("[Uji] baris terkunci");
    const char *id = th_json_str(created->json, "id");
    char *path = th_format("/v1/units/%s", id);
    char app[64];
    char *lock_sql;
    th_proc *holder;
    th_response *r;
    const char *retry;

    th_unique(app, sizeof app, "zt-lock-");
    lock_sql = th_format("SELECT id FROM units WHERE id = '%s' FOR UPDATE", id);
    holder = th_psql_hold(app, lock_sql, LOCK_HELD_S);

    r = th_request("PATCH", path, "{\"staff_count\":99}",
                   (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    if (r->status != 503)
        th_fail("PATCH of a unit locked for %d s with a %d ms statement timeout: expected 503, got %s "
                "after %.0f ms",
                LOCK_HELD_S, STATEMENT_TIMEOUT_MS, th_describe(r), r->elapsed_ms);
    th_assert_problem(r, 503, "urn:zi:problem:service-unavailable");
    retry = th_header(r, "Retry-After");
    if (!retry || !*retry || strspn(retry, "0123456789") != strlen(retry))
        th_fail("503 without a Retry-After number of seconds: %s", th_describe(r));
    if (r->elapsed_ms >= QUICK_MS)
        th_fail("the 503 took %.0f ms (limit %d ms)", r->elapsed_ms, QUICK_MS);
    th_response_free(r);
    if (!th_proc_running(holder))
        th_fail("the lock was released before the 503 came: the test proved nothing");

    /* Reads are not blocked by a row lock: the unit is as it was. */
    r = th_request("GET", path, NULL, NULL);
    th_assert_status(r, 200);
    if (!json_equal(r->json, created->json))
        th_fail("the timed-out PATCH changed the unit: %s", th_describe(r));
    th_response_free(r);

    /* End the lock holder (rolls back) instead of waiting out its sleep. */
    th_psql_release(holder, app);

    /* Still unchanged once the lock is gone: the cancelled PATCH was rolled back, not queued. */
    r = th_request("GET", path, NULL, NULL);
    th_assert_status(r, 200);
    if (!json_equal(r->json, created->json))
        th_fail("after the lock was released the unit had changed: %s", th_describe(r));
    th_response_free(r);

    /* And the server answers normally, the connection that timed out included. */
    for (int i = 0; i < 3; i++) {
        r = th_request("PATCH", path, "{\"staff_count\":100}",
                       (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
        th_assert_status(r, 200);
        if (th_json_int(r->json, "staff_count") != 100)
            th_fail("PATCH after the timeout did not apply: %s", th_describe(r));
        th_response_free(r);
    }
    r = th_request("GET", "/readyz", NULL, NULL);
    th_assert_status(r, 200);
    th_response_free(r);

    th_proc_free(holder);
    free(lock_sql);
    free(path);
    th_response_free(created);
}

/* ---- access log ------------------------------------------------------------------------ */

/* The lines of the server log holding needle, joined by '\n'; *count gets their number. */
static char *log_lines_with(const char *needle, int *count)
{
    char *text = th_read_file(th_server_log(), NULL);
    char *out = th_format("%s", "");
    const char *line = text;

    if (!text)
        th_fail("cannot read the server log %s", th_server_log());
    *count = 0;
    while (line && *line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char *one = th_format("%.*s", (int)len, line);

        if (strstr(one, needle)) {
            char *next = th_format("%s%s%s", out, *count ? "\n" : "", one);

            free(out);
            out = next;
            (*count)++;
        }
        free(one);
        line = eol ? eol + 1 : NULL;
    }
    free(text);
    return out;
}

/* A character that could continue a word, number or path. */
static bool wordish(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '.';
}

/* Does line hold token on its own (not inside a longer word, number or path)? "status=200"
 * and "\"GET /v1/units\"" hold 200 and GET and /v1/units; "1.200ms" does not hold 200. */
static bool has_word(const char *line, const char *token)
{
    size_t n = strlen(token);

    for (const char *p = strstr(line, token); p; p = strstr(p + 1, token)) {
        if ((p == line || !wordish(p[-1])) && !wordish(p[n]))
            return true;
    }
    return false;
}

/* Send method path with request id rid, then find its single access-log line. */
static void assert_logged(const char *method, const char *path, const char *body, long status)
{
    char rid[64];
    char *rid_header;
    char *line = NULL;
    int count = 0;
    th_response *r;
    double deadline;

    th_unique(rid, sizeof rid, "zt-log-");
    rid_header = th_format("X-Request-Id: %s", rid);
    r = th_request(method, path, body, (const char *const[]){th_admin_auth(), rid_header, NULL});
    th_assert_status(r, status);
    if (!th_header(r, "X-Request-Id") || strcmp(th_header(r, "X-Request-Id"), rid) != 0)
        th_fail("the request id was not echoed: %s", th_describe(r));
    th_response_free(r);
    /* The line is written before the response goes out; allow a moment all the same. */
    deadline = th_now_ms() + 2000;
    for (;;) {
        free(line);
        line = log_lines_with(rid, &count);
        if (count > 0 || th_now_ms() > deadline)
            break;
        th_sleep_ms(50);
    }
    if (count != 1)
        th_fail("request id %s should appear on exactly one line of %s, found %d:\n%s", rid,
                th_server_log(), count, line);
    {
        char *status_text = th_format("%ld", status);
        const char *q = strchr(path, '?');
        char *bare_path = th_format("%.*s", (int)(q ? (size_t)(q - path) : strlen(path)), path);

        if (!has_word(line, method) || !has_word(line, bare_path) || !has_word(line, status_text))
            th_fail("the access-log line of %s does not hold the method %s, the path %s and the status "
                    "%s: %s",
                    rid, method, bare_path, status_text, line);
        free(bare_path);
        free(status_text);
    }
    free(line);
    free(rid_header);
}

TH_TEST(test_access_log_has_one_line_with_request_id_method_path_and_status)
{
    char unknown[37];
    char *path;
    char code[64];
    char *body;

    th_random_uuid(unknown);
    path = th_format("/v1/units/%s", unknown);
    assert_logged("GET", "/v1/units/by-code/PKM-WATES", NULL, 200);
    assert_logged("GET", path, NULL, 404);
    assert_logged("GET", "/v1/units?limit=1", NULL, 200);
    th_unique(code, sizeof code, "zt-");
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] dicatat\",\"kind\":\"other\"}", code);
    assert_logged("POST", "/v1/units", body, 201);
    free(body);
    free(path);
}

/* ---- metrics ---------------------------------------------------------------------------- */

/*
 * The value of the sample whose name-and-labels part is exactly series (e.g.
 * "zi_db_pool_in_use" or "x_bucket{route=\"getUnit\",le=\"+Inf\"}"); -1 when absent.
 */
static double sample(const char *text, const char *series)
{
    size_t n = strlen(series);
    const char *line = text;

    while (line && *line) {
        const char *eol = strchr(line, '\n');

        if (strncmp(line, series, n) == 0 && line[n] == ' ') {
            char *end;
            double v = strtod(line + n + 1, &end);

            if (end == line + n + 1)
                th_fail("sample %s has no number: %.200s", series, line);
            return v;
        }
        line = eol ? eol + 1 : NULL;
    }
    return -1;
}

static bool has_line(const char *text, const char *want)
{
    size_t n = strlen(want);

    for (const char *p = strstr(text, want); p; p = strstr(p + 1, want))
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

static char *metrics_text(void)
{
    th_response *r = th_request("GET", "/metrics", NULL, NULL);
    char *text;

    th_assert_status(r, 200);
    text = th_format("%s", r->body);
    th_response_free(r);
    return text;
}

TH_TEST(test_metrics_expose_pool_gauges)
{
    static const char *const gauges[] = {"zi_db_pool_connections", "zi_db_pool_in_use", "zi_db_pool_waiting"};
    char *text = metrics_text();
    double connections;

    for (size_t i = 0; i < sizeof gauges / sizeof gauges[0]; i++) {
        char *type = th_format("# TYPE %s gauge", gauges[i]);
        double v = sample(text, gauges[i]);

        if (!has_line(text, type))
            th_fail("/metrics lacks \"%s\":\n%.2000s", type, text);
        if (v < 0 || v != (double)(long)v)
            th_fail("/metrics: %s is %g, not a count:\n%.2000s", gauges[i], v, text);
        free(type);
    }
    connections = sample(text, "zi_db_pool_connections");
    if (connections < 1)
        th_fail("zi_db_pool_connections is %g: the pool has no connection", connections);
    if (sample(text, "zi_db_pool_in_use") > connections)
        th_fail("more connections in use than in the pool:\n%.2000s", text);
    free(text);
}

TH_TEST(test_metrics_latency_histogram_of_get_unit_grows)
{
    static const char *const inf = "zi_http_request_duration_seconds_bucket{route=\"getUnit\",le=\"+Inf\"}";
    static const char *const count = "zi_http_request_duration_seconds_count{route=\"getUnit\"}";
    th_response *created = create_unit("[Uji] diukur");
    char *path = th_format("/v1/units/%s", th_json_str(created->json, "id"));
    char *before = metrics_text();
    char *after;
    double b = sample(before, inf);
    double a;

    if (b < 0)
        b = 0; /* no getUnit request yet: the series appears with the first */
    for (int i = 0; i < 2; i++) {
        th_response *r = th_request("GET", path, NULL, NULL);

        th_assert_status(r, 200);
        th_response_free(r);
    }
    after = metrics_text();
    a = sample(after, inf);
    if (!has_line(after, "# TYPE zi_http_request_duration_seconds histogram"))
        th_fail("/metrics does not declare zi_http_request_duration_seconds a histogram:\n%.2000s", after);
    if (a - b < 2)
        th_fail("%s went from %g to %g after 2 GET /v1/units/{id}:\n%.3000s", inf, b, a, after);
    if (sample(after, count) != a)
        th_fail("the getUnit histogram's _count (%g) differs from its +Inf bucket (%g)", sample(after, count), a);
    /* Buckets are cumulative: never decreasing with le, ending at the +Inf one. */
    {
        const char *prefix = "zi_http_request_duration_seconds_bucket{route=\"getUnit\",le=\"";
        double last = 0;
        int buckets = 0;

        for (const char *p = strstr(after, prefix); p; p = strstr(p + 1, prefix)) {
            const char *sp = strchr(p, ' ');
            double v = sp ? strtod(sp + 1, NULL) : -1;

            if (v < last)
                th_fail("getUnit buckets decrease (%g after %g):\n%.3000s", v, last, after);
            last = v;
            buckets++;
        }
        if (buckets < 2 || last != a)
            th_fail("getUnit histogram has %d buckets, last %g, +Inf %g", buckets, last, a);
    }
    free(after);
    free(before);
    free(path);
    th_response_free(created);
}

Suite *runtime_suite(void)
{
    Suite *s = suite_create("runtime");
    TCase *tc;

    tc = tcase_create("statement_timeout");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_patch_of_a_locked_unit_is_quick_503_not_a_hang_and_changes_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("access_log");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_access_log_has_one_line_with_request_id_method_path_and_status);
    suite_add_tcase(s, tc);

    tc = tcase_create("metrics");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_metrics_expose_pool_gauges);
    tcase_add_test(tc, test_metrics_latency_histogram_of_get_unit_grows);
    suite_add_tcase(s, tc);
    return s;
}
