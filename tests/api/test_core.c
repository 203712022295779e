/*
 * test_core.c — conventions every endpoint shares (openapi/openapi.yaml introduction, DESIGN.md §2):
 * routing errors, request ids, language of texts, authentication, operational
 * endpoints and the body size limit.
 */
#include "harness.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { BODY_LIMIT = 64 * 1024 };

/* A body that createUnit accepts, with a fresh code; malloc'ed. */
static char *valid_unit_body(void)
{
    char code[64];

    th_unique(code, sizeof code, "zt-");
    return th_format("{\"code\":\"%s\",\"name\":\"[Uji] unit inti %s\",\"kind\":\"other\"}", code,
                     code);
}

/* True when the comma-separated Allow value lists method as a token. */
static bool allow_lists(const char *allow, const char *method)
{
    size_t n = strlen(method);
    const char *p = allow;

    while (p && *p) {
        size_t len;

        while (*p == ' ' || *p == ',')
            p++;
        len = strcspn(p, ", ");
        if (len == n && strncmp(p, method, n) == 0)
            return true;
        p += len;
    }
    return false;
}

/* ---- routing ------------------------------------------------------------------------ */

TH_TEST(test_unknown_route_is_404_problem)
{
    static const char *const paths[] = {
        "/v1/no-such-resource",
        "/no-such-thing",
        "/v1/units/4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c/no-such-child",
        "/v2/units",
    };

    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        th_response *r = th_request("GET", paths[i], NULL, NULL);

        th_assert_problem(r, 404, "urn:zi:problem:not-found");
        th_response_free(r);
    }
    /* Not 401 or 405 either: an unknown path is unknown whatever the method. */
    th_response *r = th_request("POST", "/v1/no-such-resource", "{}", NULL);
    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    th_response_free(r);
}

TH_TEST(test_known_path_wrong_method_is_405_with_allow)
{
    static const struct {
        const char *method;
        const char *path;
        const char *allowed[3];
    } cases[] = {
        {"DELETE", "/v1/units/4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c", {"GET", "PATCH", NULL}},
        {"PUT", "/v1/units", {"GET", "POST", NULL}},
        {"DELETE", "/v1/units/4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c/archive", {"POST", NULL, NULL}},
        {"POST", "/healthz", {"GET", NULL, NULL}},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_response *r = th_request(cases[i].method, cases[i].path, NULL,
                                    (const char *const[]){th_admin_auth(), NULL});
        const char *allow;

        th_assert_problem(r, 405, "urn:zi:problem:method-not-allowed");
        allow = th_header(r, "Allow");
        if (!allow)
            th_fail("%s %s: 405 without an Allow header", cases[i].method, cases[i].path);
        for (size_t k = 0; k < 3 && cases[i].allowed[k]; k++)
            if (!allow_lists(allow, cases[i].allowed[k]))
                th_fail("%s %s: Allow \"%s\" does not list %s", cases[i].method, cases[i].path,
                        allow, cases[i].allowed[k]);
        if (allow_lists(allow, cases[i].method))
            th_fail("%s %s: Allow \"%s\" lists the refused method", cases[i].method,
                    cases[i].path, allow);
        th_response_free(r);
    }
}

/* ---- request ids -------------------------------------------------------------------- */

TH_TEST(test_every_response_carries_a_request_id)
{
    char *body = valid_unit_body();
    const struct {
        const char *method;
        const char *path;
        const char *body;
    } reqs[] = {
        {"GET", "/healthz", NULL},
        {"GET", "/readyz", NULL},
        {"GET", "/metrics", NULL},
        {"GET", "/v1/openapi.json", NULL},
        {"GET", "/v1/units?limit=1", NULL},
        {"GET", "/v1/units?foo=1", NULL},
        {"GET", "/v1/no-such-resource", NULL},
        {"DELETE", "/v1/units/4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c", NULL},
        {"POST", "/v1/units", body},
    };
    enum { N = sizeof reqs / sizeof reqs[0] };
    char *ids[N];

    for (size_t i = 0; i < N; i++) {
        th_response *r = th_request(reqs[i].method, reqs[i].path, reqs[i].body, NULL);
        const char *rid = th_header(r, "X-Request-Id");

        if (!rid || !*rid)
            th_fail("no X-Request-Id on %s", th_describe(r));
        ids[i] = th_format("%s", rid);
        for (size_t k = 0; k < i; k++)
            if (strcmp(ids[k], ids[i]) == 0)
                th_fail("two responses share the request id %s", rid);
        th_response_free(r);
    }
    for (size_t i = 0; i < N; i++)
        free(ids[i]);
    free(body);
}

TH_TEST(test_valid_request_id_is_echoed_and_is_problem_instance)
{
    char rid[64];
    char *header;
    th_response *r;

    th_unique(rid, sizeof rid, "zi-test-");
    header = th_format("X-Request-Id: %s", rid);
    r = th_request("GET", "/v1/no-such-resource", NULL, (const char *const[]){header, NULL});
    ck_assert_ptr_nonnull(th_header(r, "X-Request-Id"));
    ck_assert_str_eq(th_header(r, "X-Request-Id"), rid);
    th_assert_problem(r, 404, "urn:zi:problem:not-found"); /* instance == X-Request-Id */
    ck_assert_str_eq(th_json_str(r->json, "instance"), rid);
    th_response_free(r);

    r = th_request("GET", "/healthz", NULL, (const char *const[]){header, NULL});
    th_assert_status(r, 200);
    ck_assert_ptr_nonnull(th_header(r, "X-Request-Id"));
    ck_assert_str_eq(th_header(r, "X-Request-Id"), rid);
    th_response_free(r);
    free(header);
}

TH_TEST(test_invalid_request_id_is_replaced)
{
    char long_id[301];
    const char *bad[] = {long_id, "has spaces in it"};

    memset(long_id, 'a', 300);
    long_id[300] = '\0';
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *header = th_format("X-Request-Id: %s", bad[i]);
        th_response *r =
            th_request("GET", "/v1/no-such-resource", NULL, (const char *const[]){header, NULL});
        const char *rid = th_header(r, "X-Request-Id");

        if (!rid || !*rid)
            th_fail("no X-Request-Id after sending \"%.40s...\"", bad[i]);
        if (strcmp(rid, bad[i]) == 0)
            th_fail("the invalid request id \"%.40s...\" was echoed", bad[i]);
        if (strlen(rid) > 200 || strchr(rid, ' '))
            th_fail("the replacement request id \"%s\" is itself not a sane id", rid);
        th_assert_problem(r, 404, "urn:zi:problem:not-found"); /* instance == replacement */
        th_response_free(r);
        free(header);
    }
}

/* ---- language ----------------------------------------------------------------------- */

/* GET /v1/units?foo=1 with the given Accept-Language (NULL: none); owned response. */
static th_response *unknown_parameter_problem(const char *accept_language)
{
    char *header = accept_language ? th_format("Accept-Language: %s", accept_language) : NULL;
    th_response *r = th_request("GET", "/v1/units?foo=1", NULL,
                                (const char *const[]){header, NULL});

    th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
    th_assert_field_error(r, "foo", "unknown_parameter");
    free(header);
    return r;
}

static const char *title_of(const th_response *r)
{
    return th_json_str(r->json, "title");
}

static const char *first_message(const th_response *r)
{
    return th_json_str(th_find_field_error(r, "foo", "unknown_parameter"), "message");
}

TH_TEST(test_english_texts_differ_but_type_and_code_do_not)
{
    th_response *id = unknown_parameter_problem(NULL);
    th_response *en = unknown_parameter_problem("en");
    char path[128];
    char uuid[37];

    /* Both carry the same type and field code (asserted by the helper). */
    if (strcmp(title_of(id), title_of(en)) == 0)
        th_fail("same title \"%s\" in Indonesian and English", title_of(id));
    if (first_message(id) && first_message(en) && strcmp(first_message(id), first_message(en)) == 0)
        th_fail("same field message \"%s\" in Indonesian and English", first_message(id));
    th_response_free(id);
    th_response_free(en);

    /* And for another kind of problem. */
    th_random_uuid(uuid);
    snprintf(path, sizeof path, "/v1/units/%s", uuid);
    id = th_request("GET", path, NULL, NULL);
    en = th_request("GET", path, NULL, (const char *const[]){"Accept-Language: en", NULL});
    th_assert_problem(id, 404, "urn:zi:problem:not-found");
    th_assert_problem(en, 404, "urn:zi:problem:not-found");
    if (strcmp(title_of(id), title_of(en)) == 0)
        th_fail("same 404 title \"%s\" in Indonesian and English", title_of(id));
    th_response_free(id);
    th_response_free(en);
}

/* Assert that Accept-Language value gives the same title as reference. */
static void assert_same_language(const char *accept_language, const th_response *reference,
                                 const char *language)
{
    th_response *r = unknown_parameter_problem(accept_language);

    if (strcmp(title_of(r), title_of(reference)) != 0)
        th_fail("Accept-Language: %s gave title \"%s\", expected the %s title \"%s\"",
                accept_language, title_of(r), language, title_of(reference));
    th_response_free(r);
}

/*
 * Assert that the titles differ between Indonesian (the default) and English, and that
 * each of the three Accept-Language values gives the title of language (English or
 * Indonesian).
 */
static void assert_languages_pick(const char *const values[3], bool english)
{
    th_response *id = unknown_parameter_problem(NULL);
    th_response *en = unknown_parameter_problem("en");

    ck_assert_str_ne(title_of(id), title_of(en));
    for (int i = 0; i < 3; i++)
        assert_same_language(values[i], english ? en : id, english ? "English" : "Indonesian");
    th_response_free(id);
    th_response_free(en);
}

TH_TEST(test_accept_language_quality_picks_english)
{
    assert_languages_pick(
        (const char *const[]){"fr;q=1, en;q=0.5", "en-US,en;q=0.9", "id;q=0.2, en;q=0.8"}, true);
}

TH_TEST(test_accept_language_quality_picks_indonesian)
{
    assert_languages_pick((const char *const[]){"en;q=0.1, id;q=0.9", "id", "fr"}, false);
}

TH_TEST(test_accept_language_q0_is_never_chosen)
{
    assert_languages_pick((const char *const[]){"en;q=0", "fr, en;q=0.000", "en;q=0, fr;q=0.8"},
                          false);
}

/* ---- authentication ----------------------------------------------------------------- */

/* The unit with code from body must not exist (a refused create acted anyway). */
static void assert_not_created(const char *body)
{
    json_t *doc = json_loads(body, 0, NULL);
    char *path = th_format("/v1/units/by-code/%s", th_json_str(doc, "code"));
    th_response *r = th_request("GET", path, NULL, NULL);

    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    th_response_free(r);
    free(path);
    json_decref(doc);
}

static void assert_unauthorized(const th_response *r)
{
    const char *challenge;

    th_assert_problem(r, 401, "urn:zi:problem:unauthorized");
    challenge = th_header(r, "WWW-Authenticate");
    if (!challenge || strncasecmp(challenge, "Bearer", 6) != 0)
        th_fail("401 without a Bearer WWW-Authenticate challenge: %s", th_describe(r));
}

TH_TEST(test_create_without_key_is_401)
{
    char *body = valid_unit_body();
    th_response *r = th_request("POST", "/v1/units", body, NULL);

    assert_unauthorized(r);
    th_response_free(r);
    assert_not_created(body);
    free(body);
}

TH_TEST(test_create_with_malformed_key_is_401)
{
    char *body = valid_unit_body();
    char huge[3000];
    char *with_bang = th_format("Authorization: Bearer %s!", th_admin_key());
    const char *headers[] = {
        "Authorization: Bearer",
        "Authorization: Bearer not a key",
        "Authorization: Basic YWRtaW46YWRtaW4=",
        "Authorization: bearer-but-not-bearer",
        huge,
        with_bang,
    };

    snprintf(huge, sizeof huge, "Authorization: Bearer %0*d", 2900, 0);
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
        th_response *r =
            th_request("POST", "/v1/units", body, (const char *const[]){headers[i], NULL});

        assert_unauthorized(r);
        th_response_free(r);
    }
    assert_not_created(body);
    free(with_bang);
    free(body);
}

/* Change the last four letters or digits of key, each within its class. */
static char *unknown_key_like(const char *key)
{
    char *k = th_format("%s", key);
    int changed = 0;

    for (size_t i = strlen(k); i > 0 && changed < 4; i--) {
        char c = k[i - 1];

        if (isdigit((unsigned char)c))
            k[i - 1] = (char)('0' + (c - '0' + 5) % 10);
        else if (islower((unsigned char)c))
            k[i - 1] = (char)('a' + (c - 'a' + 13) % 26);
        else if (isupper((unsigned char)c))
            k[i - 1] = (char)('A' + (c - 'A' + 13) % 26);
        else
            continue;
        changed++;
    }
    if (changed == 0 || strcmp(k, key) == 0)
        th_fail("cannot derive an unknown key from ZI_TEST_ADMIN_KEY");
    return k;
}

TH_TEST(test_create_with_unknown_well_formed_key_is_401)
{
    char *body = valid_unit_body();
    char *key = unknown_key_like(th_admin_key());
    char *header = th_format("Authorization: Bearer %s", key);
    th_response *r = th_request("POST", "/v1/units", body, (const char *const[]){header, NULL});

    assert_unauthorized(r);
    th_response_free(r);
    assert_not_created(body);
    free(header);
    free(key);
    free(body);
}

/* ---- operational endpoints ---------------------------------------------------------- */

TH_TEST(test_healthz_is_200)
{
    th_response *r = th_request("GET", "/healthz", NULL, NULL);

    th_assert_status(r, 200);
    ck_assert_ptr_nonnull(th_json_str(r->json, "status"));
    ck_assert_str_eq(th_json_str(r->json, "status"), "ok");
    th_response_free(r);
}

TH_TEST(test_readyz_is_200_with_database_ok)
{
    th_response *r = th_request("GET", "/readyz", NULL, NULL);

    th_assert_status(r, 200);
    if (!th_json_str(r->json, "database") || strcmp(th_json_str(r->json, "database"), "ok") != 0)
        th_fail("readyz does not report database ok: %s", th_describe(r));
    if (!th_json_str(r->json, "status") || strcmp(th_json_str(r->json, "status"), "ready") != 0)
        th_fail("readyz does not report status ready: %s", th_describe(r));
    if (!th_json_str(r->json, "migrations") ||
        strcmp(th_json_str(r->json, "migrations"), "current") != 0)
        th_fail("readyz does not report migrations current: %s", th_describe(r));
    th_response_free(r);
}

/* Is a label value naming the units list route? */
static bool names_list_route(const char *v, size_t n)
{
    static const char *const names[] = {"/v1/units", "/v1/units/", "GET /v1/units", "listUnits"};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (n == strlen(names[i]) && strncmp(v, names[i], n) == 0)
            return true;
    return false;
}

/*
 * Sum of the request-counter samples (name containing "request", ending "_total")
 * whose labels name the units list route (and, if they carry a method, GET).
 * Sets *samples to the number of such lines.
 */
static double list_route_requests(const char *text, int *samples)
{
    double sum = 0;
    const char *line = text;

    *samples = 0;
    while (line && *line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *brace = memchr(line, '{', len);
        size_t name_len = brace ? (size_t)(brace - line) : strcspn(line, " ");
        bool route = false;
        bool other_method = false;
        char name[256];

        if (len == 0 || line[0] == '#' || !brace || name_len >= sizeof name)
            goto next;
        memcpy(name, line, name_len);
        name[name_len] = '\0';
        for (size_t i = 0; i < name_len; i++)
            name[i] = (char)tolower((unsigned char)name[i]);
        if (!strstr(name, "request") || name_len < 6 || strcmp(name + name_len - 6, "_total") != 0)
            goto next;
        /* Walk label pairs key="value", values may hold \" escapes. */
        {
            const char *p = brace + 1;
            const char *end = line + len;

            while (p < end && *p != '}') {
                const char *key = p;
                size_t key_len = strcspn(p, "=");
                const char *v;
                size_t v_len = 0;

                p += key_len;
                if (p + 1 >= end || p[0] != '=' || p[1] != '"')
                    goto next;
                p += 2;
                v = p;
                while (p < end && *p != '"') {
                    if (*p == '\\')
                        p++;
                    p++;
                }
                v_len = (size_t)(p - v);
                if (names_list_route(v, v_len))
                    route = true;
                if (key_len == 6 && strncmp(key, "method", 6) == 0 &&
                    !(v_len == 3 && strncmp(v, "GET", 3) == 0))
                    other_method = true;
                p++; /* closing quote */
                if (p < end && *p == ',')
                    p++;
            }
            if (route && !other_method && p < end) {
                char *num_end;
                double value = strtod(p + 1, &num_end);

                if (num_end != p + 1) {
                    sum += value;
                    (*samples)++;
                }
            }
        }
    next:
        line = eol ? eol + 1 : NULL;
    }
    return sum;
}

TH_TEST(test_metrics_counts_units_list_requests)
{
    th_response *m1 = th_request("GET", "/metrics", NULL, NULL);
    th_response *m2;
    double before;
    double after;
    int samples;
    const char *ct;

    th_assert_status(m1, 200);
    ct = th_header(m1, "Content-Type");
    if (!ct || strncasecmp(ct, "text/plain", 10) != 0)
        th_fail("/metrics is not text/plain: %s", th_describe(m1));
    before = list_route_requests(m1->body, &samples);
    for (int i = 0; i < 3; i++) {
        th_response *r = th_request("GET", "/v1/units?limit=1", NULL, NULL);

        th_assert_status(r, 200);
        th_response_free(r);
    }
    m2 = th_request("GET", "/metrics", NULL, NULL);
    th_assert_status(m2, 200);
    after = list_route_requests(m2->body, &samples);
    if (samples == 0)
        th_fail("no request counter (…request…_total) labelled with the units list route in:\n%.1500s",
                m2->body);
    if (after - before < 3)
        th_fail("the units list request counter grew by %g after 3 requests", after - before);
    th_response_free(m1);
    th_response_free(m2);
}

TH_TEST(test_openapi_json_is_openapi_3_1)
{
    th_response *r = th_request("GET", "/v1/openapi.json", NULL, NULL);
    const char *version;

    th_assert_status(r, 200);
    if (!json_is_object(r->json))
        th_fail("/v1/openapi.json is not a JSON object: %s", th_describe(r));
    version = th_json_str(r->json, "openapi");
    if (!version || strncmp(version, "3.1", 3) != 0)
        th_fail("openapi member is \"%s\", expected 3.1.x", version ? version : "(missing)");
    ck_assert(json_is_object(json_object_get(r->json, "paths")));
    th_response_free(r);
}

/* ---- body size limit ---------------------------------------------------------------- */

/* A valid createUnit body padded with spaces to exactly size bytes; malloc'ed. */
static char *padded_unit_body(size_t size)
{
    char *core = valid_unit_body();
    size_t n = strlen(core);
    char *body;

    if (n > size)
        th_fail("padded_unit_body: %zu is too small", size);
    body = malloc(size + 1);
    if (!body)
        th_fail("out of memory");
    memcpy(body, core, n - 1);             /* without the closing brace */
    memset(body + n - 1, ' ', size - n);   /* JSON whitespace */
    body[size - 1] = '}';
    body[size] = '\0';
    free(core);
    return body;
}

TH_TEST(test_body_of_exactly_64k_is_accepted)
{
    char *body = padded_unit_body(BODY_LIMIT);
    th_response *r = th_request("POST", "/v1/units", body,
                                (const char *const[]){th_admin_auth(), NULL});

    th_assert_status(r, 201);
    th_response_free(r);
    free(body);
}

TH_TEST(test_body_over_64k_is_413)
{
    char *body = padded_unit_body(BODY_LIMIT + 1);
    th_response *r = th_request("POST", "/v1/units", body,
                                (const char *const[]){th_admin_auth(), NULL});

    th_assert_problem(r, 413, "urn:zi:problem:payload-too-large");
    th_response_free(r);
    assert_not_created(body);
    free(body);
}

TH_TEST(test_chunked_body_over_64k_is_413)
{
    char *body = padded_unit_body(BODY_LIMIT + 4096);
    th_response *r = th_request(
        "POST", "/v1/units", body,
        (const char *const[]){th_admin_auth(), "Transfer-Encoding: chunked", NULL});

    th_assert_problem(r, 413, "urn:zi:problem:payload-too-large");
    th_response_free(r);
    assert_not_created(body);
    free(body);
}

TH_TEST(test_chunked_body_within_limit_is_accepted)
{
    char *body = valid_unit_body();
    th_response *r = th_request(
        "POST", "/v1/units", body,
        (const char *const[]){th_admin_auth(), "Transfer-Encoding: chunked", NULL});

    th_assert_status(r, 201);
    th_response_free(r);
    free(body);
}

Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc;

    tc = tcase_create("routing");
    tcase_add_test(tc, test_unknown_route_is_404_problem);
    tcase_add_test(tc, test_known_path_wrong_method_is_405_with_allow);
    suite_add_tcase(s, tc);

    tc = tcase_create("request_id");
    tcase_add_test(tc, test_every_response_carries_a_request_id);
    tcase_add_test(tc, test_valid_request_id_is_echoed_and_is_problem_instance);
    tcase_add_test(tc, test_invalid_request_id_is_replaced);
    suite_add_tcase(s, tc);

    tc = tcase_create("language");
    tcase_add_test(tc, test_english_texts_differ_but_type_and_code_do_not);
    tcase_add_test(tc, test_accept_language_quality_picks_english);
    tcase_add_test(tc, test_accept_language_quality_picks_indonesian);
    tcase_add_test(tc, test_accept_language_q0_is_never_chosen);
    suite_add_tcase(s, tc);

    tc = tcase_create("auth");
    tcase_add_test(tc, test_create_without_key_is_401);
    tcase_add_test(tc, test_create_with_malformed_key_is_401);
    tcase_add_test(tc, test_create_with_unknown_well_formed_key_is_401);
    suite_add_tcase(s, tc);

    tc = tcase_create("operations");
    tcase_add_test(tc, test_healthz_is_200);
    tcase_add_test(tc, test_readyz_is_200_with_database_ok);
    tcase_add_test(tc, test_metrics_counts_units_list_requests);
    tcase_add_test(tc, test_openapi_json_is_openapi_3_1);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_body_of_exactly_64k_is_accepted);
    tcase_add_test(tc, test_body_over_64k_is_413);
    tcase_add_test(tc, test_chunked_body_over_64k_is_413);
    tcase_add_test(tc, test_chunked_body_within_limit_is_accepted);
    suite_add_tcase(s, tc);
    return s;
}
