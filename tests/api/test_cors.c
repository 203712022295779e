/*
 * test_cors.c — CORS from ZI_CORS_ORIGINS (issue 4 item 7): a preflight from an allowed
 * origin is answered (204) with the origin, the path's methods and the request headers
 * a client needs; actual responses name the origin and expose ETag, Link, Location,
 * Retry-After and X-Request-Id; other origins get nothing; credentials are never
 * allowed; with "*" every origin is allowed, still without credentials.
 *
 * tests/run-api.sh starts the server under test with --cors-origins https://app.example;
 * the "*" configuration runs on a zi-server of the test's own.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ORIGIN "https://app.example"

/* Does the comma-separated header value list hold token (ignoring case and spaces)? */
static bool list_has(const char *list, const char *token)
{
    size_t n = strlen(token);
    const char *p = list;

    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (strncasecmp(p, token, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
        p = strchr(p, ',');
    }
    return false;
}

static void assert_no_credentials(const th_response *r)
{
    if (th_header(r, "Access-Control-Allow-Credentials"))
        th_fail("Access-Control-Allow-Credentials must never be sent: %s", th_describe(r));
}

static void assert_list_has(const th_response *r, const char *header, const char *const *tokens)
{
    const char *v = th_header(r, header);

    if (!v)
        th_fail("no %s in %s", header, th_describe(r));
    for (const char *const *t = tokens; *t; t++)
        if (!list_has(v, *t))
            th_fail("%s \"%s\" does not list %s", header, v, *t);
}

static th_response *preflight(const char *base, const char *path, const char *origin, const char *method)
{
    char *url = tu_url(base, path);
    char *o = th_format("Origin: %s", origin);
    char *m = th_format("Access-Control-Request-Method: %s", method);
    th_response *r = th_request(
        "OPTIONS", url, NULL,
        (const char *const[]){
            o, m, "Access-Control-Request-Headers: authorization, content-type, idempotency-key, if-match", NULL});

    free(m);
    free(o);
    free(url);
    return r;
}

TH_TEST(test_preflight_from_an_allowed_origin_is_204_with_methods_and_headers)
{
    tu_unit unit;
    char *unit_path;
    struct {
        const char *path;
        const char *method;
        const char *methods[4];
    } cases[] = {
        {"/v1/units", "POST", {"GET", "POST", NULL}},
        {NULL, "PATCH", {"GET", "PATCH", NULL}},
        {"/v1/api-keys", "POST", {"GET", "POST", NULL}},
    };

    tu_create_unit(&unit, NULL);
    unit_path = th_format("/v1/units/%s", unit.id);
    cases[1].path = unit_path;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_response *r = preflight(NULL, cases[i].path, ORIGIN, cases[i].method);
        const char *acao = th_header(r, "Access-Control-Allow-Origin");

        if (r->status != 204)
            th_fail("preflight of %s %s from %s: expected 204, got %s", cases[i].method, cases[i].path, ORIGIN,
                    th_describe(r));
        if (!acao || strcmp(acao, ORIGIN) != 0)
            th_fail("preflight: Access-Control-Allow-Origin is %s, expected %s", acao ? acao : "(none)", ORIGIN);
        assert_list_has(r, "Access-Control-Allow-Methods", cases[i].methods);
        assert_list_has(r, "Access-Control-Allow-Headers",
                        (const char *const[]){"Authorization", "Content-Type", "Idempotency-Key", "If-Match", NULL});
        assert_list_has(r, "Vary", (const char *const[]){"Origin", NULL});
        assert_no_credentials(r);
        th_response_free(r);
    }
    free(unit_path);
}

TH_TEST(test_actual_responses_to_an_allowed_origin_name_it_and_expose_the_headers)
{
    static const char *const exposed[] = {"ETag", "Link", "Location", "Retry-After", "X-Request-Id", NULL};
    char unknown[37];
    char *unknown_path;
    const char *targets[3];

    th_random_uuid(unknown);
    unknown_path = th_format("/v1/units/%s", unknown);
    targets[0] = "/v1/units?limit=1";  /* 200 */
    targets[1] = unknown_path;         /* 404 problem: errors must be readable too */
    targets[2] = "/v1/api-keys";       /* 401 problem */
    for (size_t i = 0; i < 3; i++) {
        th_response *r = th_request("GET", targets[i], NULL, (const char *const[]){"Origin: " ORIGIN, NULL});
        const char *acao = th_header(r, "Access-Control-Allow-Origin");

        if (!acao || strcmp(acao, ORIGIN) != 0)
            th_fail("GET %s from %s: Access-Control-Allow-Origin is %s: %s", targets[i], ORIGIN,
                    acao ? acao : "(none)", th_describe(r));
        assert_list_has(r, "Access-Control-Expose-Headers", exposed);
        assert_list_has(r, "Vary", (const char *const[]){"Origin", NULL});
        assert_no_credentials(r);
        th_response_free(r);
    }
    {
        /* A write too (Location, ETag are what the client reads). */
        char code[64];
        char *body;
        th_response *r;

        th_unique(code, sizeof code, "zt-cors-");
        body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] CORS\",\"kind\":\"other\"}", code);
        r = th_request("POST", "/v1/units", body, (const char *const[]){th_admin_auth(), "Origin: " ORIGIN, NULL});
        th_assert_status(r, 201);
        if (!th_header(r, "Access-Control-Allow-Origin") || strcmp(th_header(r, "Access-Control-Allow-Origin"), ORIGIN))
            th_fail("POST from %s without Access-Control-Allow-Origin: %s", ORIGIN, th_describe(r));
        assert_list_has(r, "Access-Control-Expose-Headers", exposed);
        assert_no_credentials(r);
        th_response_free(r);
        free(body);
    }
    free(unknown_path);
}

TH_TEST(test_other_origins_get_no_cors_headers)
{
    static const char *const others[] = {"https://evil.example", "https://app.example.evil.com",
                                         "http://app.example", "https://app.exampl", "null"};

    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        char *o = th_format("Origin: %s", others[i]);
        th_response *r = th_request("GET", "/v1/units?limit=1", NULL, (const char *const[]){o, NULL});
        th_response *p;

        th_assert_status(r, 200);
        if (th_header(r, "Access-Control-Allow-Origin") || th_header(r, "Access-Control-Expose-Headers"))
            th_fail("GET from the origin %s got CORS headers: %s", others[i], th_describe(r));
        assert_no_credentials(r);
        p = preflight(NULL, "/v1/units", others[i], "POST");
        if (th_header(p, "Access-Control-Allow-Origin") || th_header(p, "Access-Control-Allow-Methods") ||
            th_header(p, "Access-Control-Allow-Headers"))
            th_fail("a preflight from the origin %s was allowed: %s", others[i], th_describe(p));
        assert_no_credentials(p);
        th_response_free(p);
        th_response_free(r);
        free(o);
    }
}

TH_TEST(test_options_on_an_unknown_path_is_404)
{
    th_response *r = preflight(NULL, "/v1/no-such-thing", ORIGIN, "GET");

    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    if (th_header(r, "Access-Control-Allow-Methods"))
        th_fail("a preflight of an unknown path lists methods: %s", th_describe(r));
    th_response_free(r);
}

TH_TEST(test_star_allows_every_origin_without_credentials)
{
    tu_server server;
    th_response *r;
    char *url;

    tu_server_start(&server, th_database_url(), (const char *const[]){"--cors-origins", "*", NULL});
    url = tu_url(server.base, "/v1/units?limit=1");
    r = th_request("GET", url, NULL, (const char *const[]){"Origin: https://anyone.example", NULL});
    th_assert_status(r, 200);
    if (!th_header(r, "Access-Control-Allow-Origin") || strcmp(th_header(r, "Access-Control-Allow-Origin"), "*") != 0)
        th_fail("with --cors-origins '*': Access-Control-Allow-Origin should be *: %s", th_describe(r));
    assert_list_has(r, "Access-Control-Expose-Headers",
                    (const char *const[]){"ETag", "Link", "Location", "Retry-After", "X-Request-Id", NULL});
    assert_no_credentials(r);
    th_response_free(r);
    r = preflight(server.base, "/v1/units", "https://anyone.example", "POST");
    if (r->status != 204 || !th_header(r, "Access-Control-Allow-Origin"))
        th_fail("with --cors-origins '*' a preflight should be 204 and allowed: %s", th_describe(r));
    assert_no_credentials(r);
    th_response_free(r);
    tu_server_stop(&server);
    free(url);
}

Suite *cors_suite(void)
{
    Suite *s = suite_create("cors");
    TCase *tc = tcase_create("cors");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_preflight_from_an_allowed_origin_is_204_with_methods_and_headers);
    tcase_add_test(tc, test_actual_responses_to_an_allowed_origin_name_it_and_expose_the_headers);
    tcase_add_test(tc, test_other_origins_get_no_cors_headers);
    tcase_add_test(tc, test_options_on_an_unknown_path_is_404);
    tcase_add_test(tc, test_star_allows_every_origin_without_credentials);
    suite_add_tcase(s, tc);
    return s;
}
