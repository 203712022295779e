/*
 * test_units.c — the units resource (openapi/openapi.yaml: Unit, the Units operations):
 * create, read, conditional requests, update, archive, lists with keyset
 * pagination and filters, predicate history and the demo seed.
 *
 * Tests share one database with each other and with earlier runs, so every unit
 * a test creates has a code starting "zt" (see new_code) and every list a test
 * checks exactly is narrowed by a unique tag with ?q=.
 */
#include "harness.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const SORTS[] = {"name", "-name", "code", "-code", "created_at", "-created_at"};
enum { N_SORTS = sizeof SORTS / sizeof SORTS[0], MAX_PAGES = 2000 };

/* ---- helpers ------------------------------------------------------------------------ */

/* A fresh unit code (always starting "zt-"). */
static void new_code(char *out, size_t size)
{
    th_unique(out, size, "zt-");
}

/* s with ASCII letters upper-cased; malloc'ed. */
static char *upper(const char *s)
{
    char *u = th_format("%s", s);

    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

static th_response *post_unit(const json_t *body)
{
    return th_request_json("POST", "/v1/units", body,
                           (const char *const[]){th_admin_auth(), NULL});
}

/* Assert r (a POST /v1/units) created the unit: 201 with a uuid id and an ETag; returns r. */
static th_response *assert_created(th_response *r)
{
    th_assert_status(r, 201);
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail("created unit has no uuid id: %s", th_describe(r));
    if (!th_header(r, "ETag"))
        th_fail("created unit has no ETag: %s", th_describe(r));
    return r;
}

/* Create a unit from body (borrowed), asserting 201; owned response. */
static th_response *must_create(const json_t *body)
{
    return assert_created(post_unit(body));
}

/* The createUnit body of code, name, kind and parent (NULL: none); new reference. */
static json_t *unit_body(const char *code, const char *name, const char *kind,
                         const char *parent_id)
{
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", code, "name", name, "kind", kind);

    if (parent_id)
        json_object_set_new(body, "parent_id", json_string(parent_id));
    return body;
}

/* POST the unit_body of these members, whatever the answer; owned response. */
static th_response *post_members(const char *code, const char *name, const char *kind,
                                 const char *parent_id)
{
    json_t *body = unit_body(code, name, kind, parent_id);
    th_response *r = post_unit(body);

    json_decref(body);
    return r;
}

/* Create a unit with the given code, name, kind and parent (NULL: none). */
static th_response *create_unit(const char *code, const char *name, const char *kind,
                                const char *parent_id)
{
    return assert_created(post_members(code, name, kind, parent_id));
}

/* Create a unit with a fresh code. */
static th_response *create_simple(const char *name, const char *kind, const char *parent_id)
{
    char code[64];

    new_code(code, sizeof code);
    return create_unit(code, name, kind, parent_id);
}

static const char *id_of(const th_response *r)
{
    const char *id = th_json_str(r->json, "id");

    if (!id)
        th_fail("no id in %s", th_describe(r));
    return id;
}

static const char *etag_of(const th_response *r)
{
    const char *etag = th_header(r, "ETag");

    if (!etag || !*etag)
        th_fail("no ETag on %s", th_describe(r));
    return etag;
}

/* GET target with If-None-Match (NULL: none); owned response. */
static th_response *get_target(const char *target, const char *if_none_match)
{
    char *h = if_none_match ? th_format("If-None-Match: %s", if_none_match) : NULL;
    th_response *r = th_request("GET", target, NULL, (const char *const[]){h, NULL});

    free(h);
    return r;
}

/* GET prefix + arg + suffix (arg is a path segment the caller trusts). */
static th_response *get_path(const char *prefix, const char *arg, const char *suffix,
                             const char *if_none_match)
{
    char *target = th_format("%s%s%s", prefix, arg, suffix);
    th_response *r = get_target(target, if_none_match);

    free(target);
    return r;
}

/* A unique tag for names and codes, ending in 'x' so no other tag contains it. */
static void new_tag(char *out, size_t size, const char *prefix)
{
    char raw[64];

    th_unique(raw, sizeof raw, prefix);
    if ((size_t)snprintf(out, size, "%sx", raw) >= size)
        th_fail("new_tag: buffer too small");
}

static th_response *get_unit(const char *id)
{
    return get_path("/v1/units/", id, "", NULL);
}

/* PATCH /v1/units/{id} with the admin key and If-Match (NULL: none). */
static th_response *patch_unit(const char *id, const json_t *body, const char *if_match)
{
    char *path = th_format("/v1/units/%s", id);
    char *h = if_match ? th_format("If-Match: %s", if_match) : NULL;
    th_response *r =
        th_request_json("PATCH", path, body, (const char *const[]){th_admin_auth(), h, NULL});

    free(h);
    free(path);
    return r;
}

static th_response *patch_text(const char *id, const char *body, const char *if_match)
{
    json_t *doc = json_loads(body, 0, NULL);
    th_response *r;

    if (!doc)
        th_fail("bad JSON in test: %s", body);
    r = patch_unit(id, doc, if_match);
    json_decref(doc);
    return r;
}

/* POST /v1/units/{id}/archive with the admin key and If-Match (NULL: none). */
static th_response *archive_unit(const char *id, const char *if_match)
{
    char *path = th_format("/v1/units/%s/archive", id);
    char *h = if_match ? th_format("If-Match: %s", if_match) : NULL;
    th_response *r =
        th_request("POST", path, NULL, (const char *const[]){th_admin_auth(), h, NULL});

    free(h);
    free(path);
    return r;
}

static void assert_str_member(const th_response *r, const char *key, const char *want)
{
    const char *got = th_json_str(r->json, key);

    if (!got || strcmp(got, want) != 0)
        th_fail("member %s is \"%s\", expected \"%s\" in %s", key, got ? got : "(missing)", want,
                th_describe(r));
}

static void assert_int_member(const th_response *r, const char *key, long long want)
{
    const json_t *v = json_object_get(r->json, key);

    if (!json_is_integer(v) || json_integer_value(v) != want)
        th_fail("member %s is not %lld in %s", key, want, th_describe(r));
}

/* The "data" array of a list response, asserting the list shape. */
static const json_t *data_of(const th_response *r)
{
    const json_t *data = json_is_object(r->json) ? json_object_get(r->json, "data") : NULL;
    const json_t *next = json_is_object(r->json) ? json_object_get(r->json, "next_cursor") : NULL;

    if (!json_is_array(data))
        th_fail("list without a data array: %s", th_describe(r));
    if (!next || !(json_is_null(next) || json_is_string(next)))
        th_fail("list without next_cursor (string or null): %s", th_describe(r));
    return data;
}

static const char *next_cursor_of(const th_response *r)
{
    return th_json_str(r->json, "next_cursor");
}

/* The URL of the rel="next" link of r, malloc'ed; NULL when r has none. */
static char *next_link(const th_response *r)
{
    const char *link = th_header(r, "Link");
    const char *lt;
    const char *gt;

    if (!link)
        return NULL;
    lt = strchr(link, '<');
    gt = lt ? strchr(lt, '>') : NULL;
    if (!lt || !gt)
        th_fail("Link header without <url>: %s", link);
    if (!strstr(gt, "rel=\"next\"") && !strstr(gt, "rel=next"))
        return NULL;
    return th_format("%.*s", (int)(gt - lt - 1), lt + 1);
}

/* GET the target fmt... (a page of a list), asserting 200; owned response. */
static th_response *get_page(const char *fmt, ...) TH_PRINTF(1, 2);

static th_response *get_page(const char *fmt, ...)
{
    va_list ap;
    char *target;
    th_response *r;

    va_start(ap, fmt);
    target = th_vformat(fmt, ap);
    va_end(ap);
    r = th_request("GET", target, NULL, NULL);
    th_assert_status(r, 200);
    free(target);
    return r;
}

/* Assert r (what: which page) is a last page: next_cursor null, no Link rel=next. */
static void assert_last_page(const th_response *r, const char *what)
{
    if (!json_is_null(json_object_get(r->json, "next_cursor")))
        th_fail("%s has next_cursor: %s", what, th_describe(r));
    if (th_header(r, "Link") && strstr(th_header(r, "Link"), "next"))
        th_fail("%s has Link %s", what, th_header(r, "Link"));
}

/* Assert the Link header agrees with next_cursor: present exactly when it is set. */
static void assert_link_matches_cursor(const th_response *r)
{
    char *link = next_link(r);

    if (next_cursor_of(r) && !link)
        th_fail("page with next_cursor but no Link rel=\"next\": %s", th_describe(r));
    if (!next_cursor_of(r) && link)
        th_fail("last page (next_cursor null) still has Link %s", link);
    free(link);
}

/*
 * Walk every page of path_query (which has a '?' and a limit, and no cursor) by
 * next_cursor; return all items in order (new reference). Each page must be 200,
 * hold at most limit items, and carry a Link exactly when next_cursor is set.
 */
static json_t *walk(const char *path_query, size_t limit, size_t *pages)
{
    json_t *all = json_array();
    char *cursor = NULL;
    size_t n = 0;

    for (;;) {
        char *enc = cursor ? th_urlencode(cursor) : NULL;
        char *target =
            enc ? th_format("%s&cursor=%s", path_query, enc) : th_format("%s", path_query);
        th_response *r = th_request("GET", target, NULL, NULL);
        const json_t *data;

        th_assert_status(r, 200);
        data = data_of(r);
        if (json_array_size(data) > limit)
            th_fail("%s gave %zu items, over the limit %zu", target, json_array_size(data), limit);
        if (next_cursor_of(r) && json_array_size(data) == 0)
            th_fail("%s: an empty page with a next_cursor", target);
        assert_link_matches_cursor(r);
        json_array_extend(all, (json_t *)data);
        free(cursor);
        cursor = next_cursor_of(r) ? th_format("%s", next_cursor_of(r)) : NULL;
        th_response_free(r);
        free(target);
        free(enc);
        if (++n > MAX_PAGES)
            th_fail("%s: more than %d pages; is the cursor advancing?", path_query, MAX_PAGES);
        if (!cursor)
            break;
    }
    if (pages)
        *pages = n;
    return all;
}

/* Item i of a list's items: its member key. */
static const char *item_str(const json_t *items, size_t i, const char *key)
{
    return th_json_str(json_array_get(items, i), key);
}

/* Assert items (a list) hold exactly the ids in want, in that order. */
static void assert_ids_in_order(const json_t *items, const char *const *want, size_t n,
                                const char *what)
{
    if (json_array_size(items) != n)
        th_fail("%s: %zu items, expected %zu", what, json_array_size(items), n);
    for (size_t i = 0; i < n; i++) {
        const char *id = item_str(items, i, "id");

        if (!id || strcmp(id, want[i]) != 0)
            th_fail("%s: item %zu is %s (%s), expected %s", what, i, id ? id : "(no id)",
                    item_str(items, i, "name") ? item_str(items, i, "name") : "?", want[i]);
    }
}

/* Assert items hold exactly the ids in want, in any order. */
static void assert_id_set(const json_t *items, const char *const *want, size_t n, const char *what)
{
    if (json_array_size(items) != n)
        th_fail("%s: %zu items, expected %zu", what, json_array_size(items), n);
    for (size_t k = 0; k < n; k++) {
        bool found = false;

        for (size_t i = 0; i < json_array_size(items) && !found; i++)
            found = item_str(items, i, "id") && strcmp(item_str(items, i, "id"), want[k]) == 0;
        if (!found)
            th_fail("%s: unit %s is missing", what, want[k]);
    }
}

/* GET /v1/units?<query> (one page, limit 200); new reference to the data array. */
static json_t *list_all(const char *query)
{
    char *target = th_format("/v1/units?limit=200&%s", query);
    json_t *items = walk(target, 200, NULL);

    free(target);
    return items;
}

/* Assert GET /v1/units?<fmt...> (all pages) lists exactly the ids in want, in any order. */
static void assert_list_ids(const char *const *want, size_t n, const char *what, const char *fmt,
                            ...) TH_PRINTF(4, 5);

static void assert_list_ids(const char *const *want, size_t n, const char *what, const char *fmt,
                            ...)
{
    va_list ap;
    char *query;
    json_t *items;

    va_start(ap, fmt);
    query = th_vformat(fmt, ap);
    va_end(ap);
    items = list_all(query);
    assert_id_set(items, want, n, what);
    json_decref(items);
    free(query);
}

/* Assert GET /v1/units?<key>=<value> lists something (the seed has seed_has), and only
 * units whose member key is value. */
static void assert_all_listed_have(const char *key, const char *value, const char *seed_has)
{
    char *query = th_format("%s=%s", key, value);
    json_t *items = list_all(query);

    if (json_array_size(items) == 0)
        th_fail("%s gave nothing; the seed has %s", query, seed_has);
    for (size_t i = 0; i < json_array_size(items); i++)
        if (!item_str(items, i, key) || strcmp(item_str(items, i, key), value) != 0)
            th_fail("%s listed %s with %s %s", query, item_str(items, i, "code"), key,
                    item_str(items, i, key));
    json_decref(items);
    free(query);
}

/* ---- create ------------------------------------------------------------------------- */

TH_TEST(test_create_unit_returns_201_with_location_etag_and_body)
{
    th_response *parent = create_simple("[Uji] induk", "dinas", NULL);
    char code[64];
    json_t *body;
    th_response *r;
    th_response *again;
    const char *key;
    json_t *value;
    const char *location;
    char *suffix;

    new_code(code, sizeof code);
    body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "code", code, "name",
                     "[Uji] Puskesmas Ünït Contoh", "kind", "puskesmas", "parent_id",
                     id_of(parent), "address", "Jl. Contoh 1, Kota Mojokerto", "head_name",
                     "dr. Contoh Saja", "staff_count", 42, "designation_decree",
                     "SK 100/2024", "designated_on", "2024-03-15");
    r = post_unit(body);
    th_assert_status(r, 201);
    if (!th_header(r, "Content-Type") || strncasecmp(th_header(r, "Content-Type"),
                                                     "application/json", 16) != 0)
        th_fail("201 is not application/json: %s", th_describe(r));
    json_object_foreach (body, key, value) {
        if (!json_equal(json_object_get(r->json, key), value))
            th_fail("member %s does not match the input: %s", key, th_describe(r));
    }
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail("id is not a uuid: %s", th_describe(r));
    assert_int_member(r, "version", 1);
    assert_str_member(r, "predicate", "none");
    ck_assert(json_is_true(json_object_get(r->json, "active")));
    ck_assert(json_is_null(json_object_get(r->json, "archived_at")));
    ck_assert_ptr_nonnull(th_json_str(r->json, "created_at"));
    ck_assert_ptr_nonnull(th_json_str(r->json, "updated_at"));

    location = th_header(r, "Location");
    suffix = th_format("/v1/units/%s", id_of(r));
    if (!location || strlen(location) < strlen(suffix) ||
        strcmp(location + strlen(location) - strlen(suffix), suffix) != 0)
        th_fail("Location \"%s\" does not point at %s", location ? location : "(none)", suffix);
    etag_of(r);

    /* Following Location gives the same representation and ETag. */
    again = th_request("GET", location, NULL, NULL);
    th_assert_status(again, 200);
    if (!json_equal(again->json, r->json))
        th_fail("GET Location differs from the 201 body: %s", th_describe(again));
    ck_assert_str_eq(etag_of(again), etag_of(r));

    th_response_free(again);
    th_response_free(r);
    th_response_free(parent);
    json_decref(body);
    free(suffix);
}

TH_TEST(test_create_name_length_counts_characters_not_bytes)
{
    char code[64];
    char name[2 * 201 + 1];
    th_response *r;

    for (int i = 0; i < 200; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2); /* U+00E9, two bytes */
    name[400] = '\0';
    new_code(code, sizeof code);
    r = post_members(code, name, "other", NULL);
    th_assert_status(r, 201); /* 200 characters, 400 bytes */
    assert_str_member(r, "name", name);
    th_response_free(r);

    memcpy(name + 400, "\xc3\xa9", 2);
    name[402] = '\0';
    new_code(code, sizeof code);
    r = post_members(code, name, "other", NULL);
    th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
    th_assert_field_error(r, "/name", "too_long");
    th_response_free(r);
}

TH_TEST(test_create_duplicate_code_ignoring_case_is_409)
{
    char code[64];
    char *other_case;
    th_response *first;

    new_code(code, sizeof code);
    other_case = upper(code);
    first = create_unit(code, "[Uji] kode kembar", "other", NULL);

    /* The code in another case, then the very same code. */
    for (int i = 0; i < 2; i++) {
        char *name = th_format("[Uji] kode kembar %d", i + 2);
        th_response *r = post_members(i == 0 ? other_case : code, name, "other", NULL);

        th_assert_problem(r, 409, "urn:zi:problem:conflict");
        th_assert_field_error(r, "/code", "duplicate");
        th_response_free(r);
        free(name);
    }

    th_response_free(first);
    free(other_case);
}

TH_TEST(test_create_with_missing_parent_is_422)
{
    char code[64];
    char parent[37];
    th_response *r;

    new_code(code, sizeof code);
    th_random_uuid(parent);
    r = post_members(code, "[Uji] yatim", "sd", parent);
    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/parent_id", "not_found");
    th_response_free(r);
}

TH_TEST(test_create_with_archived_parent_is_422)
{
    th_response *parent = create_simple("[Uji] induk diarsipkan", "dinas", NULL);
    th_response *archived = archive_unit(id_of(parent), etag_of(parent));
    char code[64];
    th_response *r;

    th_assert_status(archived, 200);
    new_code(code, sizeof code);
    r = post_members(code, "[Uji] anak", "sd", id_of(parent));
    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/parent_id", NULL);
    th_response_free(r);
    th_response_free(archived);
    th_response_free(parent);
}

TH_TEST(test_create_without_required_fields_names_each)
{
    th_response *r = th_request("POST", "/v1/units", "{}",
                                (const char *const[]){th_admin_auth(), NULL});

    th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
    th_assert_field_error(r, "/code", "required");
    th_assert_field_error(r, "/name", "required");
    th_assert_field_error(r, "/kind", "required");
    th_response_free(r);
}

/* ---- read --------------------------------------------------------------------------- */

TH_TEST(test_get_unit_by_id_returns_unit_and_etag)
{
    th_response *created = create_simple("[Uji] dibaca", "smp", NULL);
    th_response *r = get_unit(id_of(created));

    th_assert_status(r, 200);
    if (!json_equal(r->json, created->json))
        th_fail("GET differs from the created unit: %s", th_describe(r));
    ck_assert_str_eq(etag_of(r), etag_of(created));
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_get_unit_by_code_ignores_case)
{
    char code[64];
    th_response *created;
    char *up;

    new_code(code, sizeof code);
    up = upper(code);
    created = create_unit(code, "[Uji] dicari kodenya", "sd", NULL);
    for (int variant = 0; variant < 3; variant++) {
        char *c = th_format("%s", variant == 0 ? code : up);
        th_response *r;

        if (variant == 2)
            c[0] = (char)tolower((unsigned char)c[0]); /* mixed case */
        r = get_path("/v1/units/by-code/", c, "", NULL);
        th_assert_status(r, 200);
        assert_str_member(r, "id", id_of(created));
        assert_str_member(r, "code", code); /* stored as given */
        etag_of(r);
        th_response_free(r);
        free(c);
    }
    th_response_free(created);
    free(up);
}

TH_TEST(test_get_unknown_unit_is_404)
{
    char uuid[37];
    char code[64];
    th_response *r;

    th_random_uuid(uuid);
    r = get_unit(uuid);
    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    th_response_free(r);

    new_code(code, sizeof code);
    r = get_path("/v1/units/by-code/", code, "", NULL);
    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    th_response_free(r);
}

TH_TEST(test_get_malformed_id_is_400_naming_path_parameter)
{
    static const char *const ids[] = {"not-a-uuid", "123", "4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2",
                                      "4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2cc",
                                      "4b7e2a8c3f1d4e5a9c6b7d8e9f0a1b2cxxxx"};

    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        th_response *r = get_unit(ids[i]);
        const json_t *e;

        th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
        e = th_find_field_error(r, "id", NULL);
        if (!e)
            th_fail("no error for path parameter id: %s", th_describe(r));
        if (!th_json_str(e, "in") || strcmp(th_json_str(e, "in"), "path") != 0)
            th_fail("error for id is not \"in\": \"path\": %s", th_describe(r));
        th_response_free(r);
    }
}

/* ---- conditional requests ------------------------------------------------------------ */

TH_TEST(test_if_none_match_current_etag_is_304_without_body)
{
    th_response *created = create_simple("[Uji] tidak berubah", "sd", NULL);
    const char *etag = etag_of(created);
    char *listed = th_format("\"zi-no-such-tag\", %s", etag);
    th_response *r;

    r = get_path("/v1/units/", id_of(created), "", etag);
    th_assert_status(r, 304);
    if (r->body_len != 0)
        th_fail("304 with a body of %zu bytes", r->body_len);
    if (!th_header(r, "ETag") || strcmp(th_header(r, "ETag"), etag) != 0)
        th_fail("304 without the current ETag: %s", th_describe(r));
    th_response_free(r);

    r = get_path("/v1/units/by-code/", th_json_str(created->json, "code"), "", etag);
    th_assert_status(r, 304);
    ck_assert_uint_eq(r->body_len, 0);
    th_response_free(r);

    /* If-None-Match is a list; any member matching is enough (RFC 9110 §13.1.2). */
    r = get_path("/v1/units/", id_of(created), "", listed);
    th_assert_status(r, 304);
    th_response_free(r);

    free(listed);
    th_response_free(created);
}

TH_TEST(test_if_none_match_old_etag_is_200)
{
    th_response *created = create_simple("[Uji] berubah", "sd", NULL);
    th_response *patched = patch_text(id_of(created), "{\"name\":\"[Uji] sudah berubah\"}",
                                      etag_of(created));
    th_response *r;

    th_assert_status(patched, 200);
    r = get_path("/v1/units/", id_of(created), "", etag_of(created));
    th_assert_status(r, 200);
    assert_int_member(r, "version", 2);
    ck_assert_str_eq(etag_of(r), etag_of(patched));
    ck_assert_str_ne(etag_of(r), etag_of(created));
    th_response_free(r);
    th_response_free(patched);
    th_response_free(created);
}

/* ---- update ------------------------------------------------------------------------- */

TH_TEST(test_patch_without_if_match_is_428)
{
    th_response *created = create_simple("[Uji] tanpa If-Match", "sd", NULL);
    th_response *r = patch_text(id_of(created), "{\"name\":\"[Uji] x\"}", NULL);
    th_response *now;

    th_assert_problem(r, 428, "urn:zi:problem:precondition-required");
    now = get_unit(id_of(created));
    assert_int_member(now, "version", 1);
    th_response_free(now);
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_patch_with_stale_if_match_is_412)
{
    th_response *created = create_simple("[Uji] basi", "sd", NULL);
    th_response *first = patch_text(id_of(created), "{\"name\":\"[Uji] basi 2\"}",
                                    etag_of(created));
    th_response *r;
    th_response *now;

    th_assert_status(first, 200);
    r = patch_text(id_of(created), "{\"name\":\"[Uji] basi 3\"}", etag_of(created));
    th_assert_problem(r, 412, "urn:zi:problem:precondition-failed");
    now = get_unit(id_of(created));
    assert_int_member(now, "version", 2);
    assert_str_member(now, "name", "[Uji] basi 2");
    th_response_free(now);
    th_response_free(r);
    th_response_free(first);
    th_response_free(created);
}

TH_TEST(test_patch_with_current_if_match_updates_version_and_etag)
{
    th_response *created = create_simple("[Uji] diubah", "sd", NULL);
    th_response *r = patch_text(id_of(created),
                                "{\"name\":\"[Uji] sesudah diubah\",\"staff_count\":7,"
                                "\"designated_on\":\"2023-11-15\"}",
                                etag_of(created));
    th_response *now;

    th_assert_status(r, 200);
    assert_int_member(r, "version", 2);
    assert_str_member(r, "name", "[Uji] sesudah diubah");
    assert_int_member(r, "staff_count", 7);
    assert_str_member(r, "designated_on", "2023-11-15");
    assert_str_member(r, "code", th_json_str(created->json, "code"));
    assert_str_member(r, "kind", "sd");
    assert_str_member(r, "created_at", th_json_str(created->json, "created_at"));
    ck_assert_str_ne(etag_of(r), etag_of(created));

    now = get_unit(id_of(created));
    if (!json_equal(now->json, r->json))
        th_fail("GET after PATCH differs from the PATCH response: %s", th_describe(now));
    ck_assert_str_eq(etag_of(now), etag_of(r));
    th_response_free(now);
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_patch_with_if_match_star_updates)
{
    th_response *created = create_simple("[Uji] bintang", "sd", NULL);
    th_response *r = patch_text(id_of(created), "{\"head_name\":\"Bu Contoh\"}", "*");

    th_assert_status(r, 200);
    assert_int_member(r, "version", 2);
    assert_str_member(r, "head_name", "Bu Contoh");
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_patch_read_only_members_is_400_read_only)
{
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        {"{\"predicate\":\"wbk\"}", "/predicate"},
        {"{\"version\":9}", "/version"},
        {"{\"id\":\"4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c\"}", "/id"},
        {"{\"created_at\":\"2020-01-01T00:00:00Z\"}", "/created_at"},
        {"{\"name\":\"[Uji] boleh\",\"predicate\":\"wbbm\"}", "/predicate"},
    };
    th_response *created = create_simple("[Uji] hanya baca", "puskesmas", NULL);
    th_response *now;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_response *r = patch_text(id_of(created), cases[i].body, etag_of(created));

        th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
        th_assert_field_error(r, cases[i].field, "read_only");
        th_response_free(r);
    }
    now = get_unit(id_of(created));
    assert_str_member(now, "predicate", "none");
    assert_int_member(now, "version", 1);
    th_response_free(now);
    th_response_free(created);
}

TH_TEST(test_patch_empty_object_is_400)
{
    th_response *created = create_simple("[Uji] kosong", "sd", NULL);
    th_response *r = patch_text(id_of(created), "{}", etag_of(created));

    th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
    th_assert_field_error(r, NULL, "empty_patch");
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_patch_parent_to_own_descendant_is_cycle)
{
    th_response *a = create_simple("[Uji] kakek", "dinas", NULL);
    th_response *b = create_simple("[Uji] anak", "puskesmas", id_of(a));
    th_response *c = create_simple("[Uji] cucu", "other", id_of(b));
    json_t *body = json_pack("{s:s}", "parent_id", id_of(c));
    th_response *r = patch_unit(id_of(a), body, etag_of(a));
    th_response *now;

    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/parent_id", "cycle");
    th_response_free(r);
    json_decref(body);

    body = json_pack("{s:s}", "parent_id", id_of(a)); /* its own parent */
    r = patch_unit(id_of(a), body, etag_of(a));
    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/parent_id", "cycle");
    th_response_free(r);
    json_decref(body);

    now = get_unit(id_of(a));
    ck_assert(json_is_null(json_object_get(now->json, "parent_id")));
    assert_int_member(now, "version", 1);
    th_response_free(now);
    th_response_free(c);
    th_response_free(b);
    th_response_free(a);
}

TH_TEST(test_patch_null_clears_nullable_member)
{
    char code[64];
    json_t *body;
    th_response *created;
    th_response *r;

    new_code(code, sizeof code);
    body = json_pack("{s:s, s:s, s:s, s:s, s:i}", "code", code, "name", "[Uji] dikosongkan",
                     "kind", "kelurahan", "address", "Jl. Hapus", "staff_count", 5);
    created = must_create(body);
    r = patch_text(id_of(created), "{\"address\":null,\"staff_count\":null}", etag_of(created));
    th_assert_status(r, 200);
    ck_assert(json_is_null(json_object_get(r->json, "address")));
    ck_assert(json_is_null(json_object_get(r->json, "staff_count")));
    th_response_free(r);
    th_response_free(created);
    json_decref(body);
}

TH_TEST(test_patch_code_taken_is_409)
{
    th_response *a = create_simple("[Uji] pemilik kode", "sd", NULL);
    th_response *b = create_simple("[Uji] peminta kode", "sd", NULL);
    char *taken = upper(th_json_str(a->json, "code"));
    json_t *body = json_pack("{s:s}", "code", taken);
    th_response *r = patch_unit(id_of(b), body, etag_of(b));

    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_assert_field_error(r, "/code", "duplicate");
    th_response_free(r);
    json_decref(body);
    free(taken);
    th_response_free(b);
    th_response_free(a);
}

/* ---- archive ------------------------------------------------------------------------ */

TH_TEST(test_archive_without_if_match_is_428)
{
    th_response *created = create_simple("[Uji] arsip tanpa If-Match", "sd", NULL);
    th_response *r = archive_unit(id_of(created), NULL);
    th_response *now;

    th_assert_problem(r, 428, "urn:zi:problem:precondition-required");
    now = get_unit(id_of(created));
    ck_assert(json_is_true(json_object_get(now->json, "active")));
    th_response_free(now);
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_archive_sets_inactive_and_archived_at)
{
    th_response *created = create_simple("[Uji] diarsipkan", "sd", NULL);
    th_response *r = archive_unit(id_of(created), etag_of(created));
    th_response *now;

    th_assert_status(r, 200);
    ck_assert(json_is_false(json_object_get(r->json, "active")));
    if (!th_json_str(r->json, "archived_at"))
        th_fail("archived unit has no archived_at: %s", th_describe(r));
    assert_int_member(r, "version", 2);
    ck_assert_str_ne(etag_of(r), etag_of(created));
    now = get_unit(id_of(created));
    if (!json_equal(now->json, r->json))
        th_fail("GET after archive differs from the archive response: %s", th_describe(now));
    th_response_free(now);
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_archive_twice_is_409)
{
    th_response *created = create_simple("[Uji] arsip dua kali", "sd", NULL);
    th_response *first = archive_unit(id_of(created), etag_of(created));
    th_response *r;

    th_assert_status(first, 200);
    r = archive_unit(id_of(created), etag_of(first));
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    th_response_free(first);
    th_response_free(created);
}

TH_TEST(test_archive_parent_with_active_child_is_409)
{
    th_response *parent = create_simple("[Uji] induk aktif", "dinas", NULL);
    th_response *child = create_simple("[Uji] anak aktif", "puskesmas", id_of(parent));
    th_response *r = archive_unit(id_of(parent), etag_of(parent));
    th_response *child_done;

    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    r = get_unit(id_of(parent));
    ck_assert(json_is_true(json_object_get(r->json, "active")));
    th_response_free(r);

    /* With the child archived the parent may go too. */
    child_done = archive_unit(id_of(child), etag_of(child));
    th_assert_status(child_done, 200);
    r = archive_unit(id_of(parent), etag_of(parent));
    th_assert_status(r, 200);
    th_response_free(r);
    th_response_free(child_done);
    th_response_free(child);
    th_response_free(parent);
}

TH_TEST(test_archived_units_filtered_by_active)
{
    char tag[64];
    char *name_a;
    char *name_b;
    th_response *a;
    th_response *b;
    th_response *archived;

    new_tag(tag, sizeof tag, "ztact");
    name_a = th_format("[Uji] %s aktif", tag);
    name_b = th_format("[Uji] %s arsip", tag);
    a = create_simple(name_a, "sd", NULL);
    b = create_simple(name_b, "sd", NULL);
    archived = archive_unit(id_of(b), etag_of(b));
    th_assert_status(archived, 200);

    assert_list_ids((const char *const[]){id_of(b)}, 1, "active=false", "q=%s&active=false", tag);
    assert_list_ids((const char *const[]){id_of(a)}, 1, "active=true", "q=%s&active=true", tag);

    th_response_free(archived);
    th_response_free(b);
    th_response_free(a);
    free(name_a);
    free(name_b);
}

TH_TEST(test_patch_archived_unit_is_409)
{
    th_response *created = create_simple("[Uji] arsip lalu diubah", "sd", NULL);
    th_response *archived = archive_unit(id_of(created), etag_of(created));
    th_response *r;

    th_assert_status(archived, 200);
    r = patch_text(id_of(created), "{\"name\":\"[Uji] tidak boleh\"}", etag_of(archived));
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    th_response_free(archived);
    th_response_free(created);
}

/* ---- lists -------------------------------------------------------------------------- */

/*
 * A set of n units sharing tag (in name and code), created in index order; the
 * name and code orders are other permutations, so that each sort gives a
 * different sequence: name suffix (i * 5 + 3) % n, code suffix (i * 7 + 11) % n
 * (n must be prime to 5 and 7). Names and codes differ only in a two-digit
 * suffix, so every collation orders them the same way.
 */
typedef struct tagged_set {
    char tag[64];
    size_t n;
    char ids[32][37];
    int name_rank[32];
    int code_rank[32];
} tagged_set;

static void make_tagged_set(tagged_set *set, size_t n)
{
    ck_assert_uint_le(n, 32);
    ck_assert_msg(n % 5 != 0 && n % 7 != 0, "make_tagged_set: n must be prime to 5 and 7");
    new_tag(set->tag, sizeof set->tag, "ztl");
    set->n = n;
    for (size_t i = 0; i < n; i++) {
        char *name;
        char *code;
        th_response *r;

        set->name_rank[i] = (int)((i * 5 + 3) % n);
        set->code_rank[i] = (int)((i * 7 + 11) % n);
        name = th_format("ZZ %s N%02d", set->tag, set->name_rank[i]);
        code = th_format("%s-C%02d", set->tag, set->code_rank[i]);
        r = create_unit(code, name, i % 2 ? "sd" : "smp", NULL);
        snprintf(set->ids[i], sizeof set->ids[i], "%s", id_of(r));
        th_response_free(r);
        free(code);
        free(name);
    }
}

/* The ids of set in the order sort should give; want has room for set->n. */
static void expected_order(const tagged_set *set, const char *sort, const char **want)
{
    bool desc = sort[0] == '-';
    const char *key = desc ? sort + 1 : sort;

    for (size_t i = 0; i < set->n; i++) {
        size_t pos;

        if (strcmp(key, "name") == 0)
            pos = (size_t)set->name_rank[i];
        else if (strcmp(key, "code") == 0)
            pos = (size_t)set->code_rank[i];
        else
            pos = i; /* created_at: creation order */
        if (desc)
            pos = set->n - 1 - pos;
        want[pos] = set->ids[i];
    }
}

TH_TEST(test_list_default_sort_is_by_name)
{
    tagged_set set;
    const char *want[32];
    th_response *r;

    make_tagged_set(&set, 6);
    expected_order(&set, "name", want);
    r = get_page("/v1/units?q=%s", set.tag);
    assert_ids_in_order(data_of(r), want, set.n, "default sort");
    th_response_free(r);
}

TH_TEST(test_list_limit_2_gives_next_cursor_and_link_to_next_page)
{
    tagged_set set;
    const char *want[32];
    char *link;
    char *enc;
    th_response *page1;
    th_response *page2;
    th_response *by_cursor;

    make_tagged_set(&set, 6);
    expected_order(&set, "name", want);
    page1 = get_page("/v1/units?q=%s&limit=2", set.tag);
    assert_ids_in_order(data_of(page1), want, 2, "page 1");
    if (!next_cursor_of(page1))
        th_fail("page 1 of 3 has no next_cursor: %s", th_describe(page1));
    link = next_link(page1);
    if (!link)
        th_fail("page 1 of 3 has no Link rel=\"next\" header");

    page2 = get_page("%s", link);
    assert_ids_in_order(data_of(page2), want + 2, 2, "page 2 by Link");

    enc = th_urlencode(next_cursor_of(page1));
    by_cursor = get_page("/v1/units?q=%s&limit=2&cursor=%s", set.tag, enc);
    assert_ids_in_order(data_of(by_cursor), want + 2, 2, "page 2 by next_cursor");

    th_response_free(by_cursor);
    th_response_free(page2);
    th_response_free(page1);
    free(enc);
    free(link);
}

TH_TEST(test_list_links_keep_sort_and_filters)
{
    tagged_set set;
    const char *want[32];
    json_t *seen = json_array();
    char *target;
    int pages = 0;

    make_tagged_set(&set, 8); /* pages of 3, 3, 2 */
    expected_order(&set, "-code", want);
    target = th_format("/v1/units?q=%s&sort=-code&limit=3", set.tag);
    while (target) {
        th_response *r = get_page("%s", target);

        json_array_extend(seen, (json_t *)data_of(r));
        assert_link_matches_cursor(r);
        free(target);
        target = next_link(r);
        th_response_free(r);
        if (++pages > 10)
            th_fail("more than 10 pages following Link");
    }
    ck_assert_int_eq(pages, 3);
    assert_ids_in_order(seen, want, set.n, "following Link with sort=-code");
    json_decref(seen);
}

TH_TEST(test_list_walk_limit_7_gives_each_unit_once_in_order_for_every_sort)
{
    tagged_set set;
    const char *want[32];

    make_tagged_set(&set, 17); /* pages of 7, 7, 3 */
    for (size_t s = 0; s < N_SORTS; s++) {
        char *target = th_format("/v1/units?q=%s&sort=%s&limit=7", set.tag, SORTS[s]);
        size_t pages;
        json_t *items = walk(target, 7, &pages);
        char *what = th_format("walk sort=%s", SORTS[s]);

        expected_order(&set, SORTS[s], want);
        assert_ids_in_order(items, want, set.n, what);
        if (pages != 3)
            th_fail("%s: %zu pages, expected 3", what, pages);
        json_decref(items);
        free(what);
        free(target);
    }
}

/* Microseconds since the epoch of an RFC 3339 date-time; false when malformed. */
static bool parse_timestamp(const char *s, long long *out)
{
    int y, mo, d, h, mi, sec;
    long long frac = 0;
    int frac_digits = 0;
    long long days;
    int off = 0;
    const char *p;
    char *end;

    if (!s || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':')
        return false;
    y = (int)strtol(s, NULL, 10);
    mo = (int)strtol(s + 5, NULL, 10);
    d = (int)strtol(s + 8, NULL, 10);
    h = (int)strtol(s + 11, NULL, 10);
    mi = (int)strtol(s + 14, NULL, 10);
    sec = (int)strtol(s + 17, &end, 10);
    p = end;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            if (frac_digits < 6) {
                frac = frac * 10 + (*p - '0');
                frac_digits++;
            }
            p++;
        }
        while (frac_digits < 6) {
            frac *= 10;
            frac_digits++;
        }
    }
    if (*p == '+' || *p == '-') {
        int oh = (int)strtol(p + 1, NULL, 10);
        int om = (int)strtol(p + 4, NULL, 10);

        off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
    } else if (*p != 'Z' && *p != 'z') {
        return false;
    }
    /* days from civil (proleptic Gregorian), H. Hinnant's algorithm */
    {
        int yy = y - (mo <= 2);
        int era = (yy >= 0 ? yy : yy - 399) / 400;
        int yoe = yy - era * 400;
        int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

        days = (long long)era * 146097 + doe - 719468;
    }
    *out = ((days * 86400 + h * 3600 + mi * 60 + sec) - off * 60LL) * 1000000LL + frac;
    return true;
}

TH_TEST(test_list_walk_whole_table_matches_one_page_walk_for_every_sort)
{
    for (size_t s = 0; s < N_SORTS; s++) {
        char *small = th_format("/v1/units?sort=%s&limit=7", SORTS[s]);
        char *big = th_format("/v1/units?sort=%s&limit=200", SORTS[s]);
        json_t *a = walk(small, 7, NULL);
        json_t *b = walk(big, 200, NULL);
        size_t n = json_array_size(a);

        if (n < 90)
            th_fail("sort=%s: only %zu units in the whole table", SORTS[s], n);
        if (json_array_size(b) != n)
            th_fail("sort=%s: %zu units by pages of 7, %zu by pages of 200", SORTS[s], n,
                    json_array_size(b));
        for (size_t i = 0; i < n; i++) {
            const char *ida = item_str(a, i, "id");
            const char *idb = item_str(b, i, "id");

            if (!ida || !idb || strcmp(ida, idb) != 0)
                th_fail("sort=%s: item %zu differs between pages of 7 (%s) and of 200 (%s)",
                        SORTS[s], i, ida ? ida : "?", idb ? idb : "?");
            for (size_t k = 0; k < i; k++)
                if (strcmp(item_str(a, k, "id"), ida) == 0)
                    th_fail("sort=%s: unit %s listed twice (items %zu and %zu)", SORTS[s], ida,
                            k, i);
            /* created_at order can be checked here: no collation involved. */
            if (i > 0 && strstr(SORTS[s], "created_at")) {
                long long t0;
                long long t1;

                if (!parse_timestamp(item_str(a, i - 1, "created_at"), &t0) ||
                    !parse_timestamp(item_str(a, i, "created_at"), &t1))
                    th_fail("sort=%s: bad created_at near item %zu", SORTS[s], i);
                if (SORTS[s][0] == '-' ? t1 > t0 : t1 < t0)
                    th_fail("sort=%s: item %zu (%s) out of order after %s", SORTS[s], i,
                            item_str(a, i, "created_at"), item_str(a, i - 1, "created_at"));
            }
        }
        json_decref(a);
        json_decref(b);
        free(small);
        free(big);
    }
}

TH_TEST(test_list_last_page_has_null_cursor_and_no_link)
{
    tagged_set set;
    th_response *r;
    th_response *r2;
    char *enc;

    make_tagged_set(&set, 3);
    /* Exactly limit items and nothing after: still the last page. */
    r = get_page("/v1/units?q=%s&limit=3", set.tag);
    ck_assert_uint_eq(json_array_size(data_of(r)), 3);
    assert_last_page(r, "a full last page");
    th_response_free(r);

    r = get_page("/v1/units?q=%s&limit=2", set.tag);
    ck_assert_ptr_nonnull(next_cursor_of(r));
    enc = th_urlencode(next_cursor_of(r));
    r2 = get_page("/v1/units?q=%s&limit=2&cursor=%s", set.tag, enc);
    ck_assert_uint_eq(json_array_size(data_of(r2)), 1);
    assert_last_page(r2, "last page");
    th_response_free(r2);
    th_response_free(r);
    free(enc);
}

TH_TEST(test_list_filters_by_kind)
{
    tagged_set set;
    const char *smp[32];
    size_t n_smp = 0;

    make_tagged_set(&set, 6); /* even indexes are smp, odd ones sd */
    for (size_t i = 0; i < set.n; i += 2)
        smp[n_smp++] = set.ids[i];
    assert_list_ids(smp, n_smp, "kind=smp", "q=%s&kind=smp", set.tag);
    assert_all_listed_have("kind", "puskesmas", "puskesmas");
}

TH_TEST(test_list_filters_by_predicate)
{
    tagged_set set;
    const char *all[32];

    make_tagged_set(&set, 3);
    for (size_t i = 0; i < set.n; i++)
        all[i] = set.ids[i];
    assert_list_ids(all, set.n, "predicate=none", "q=%s&predicate=none", set.tag);
    assert_list_ids(NULL, 0, "predicate=wbk among new units", "q=%s&predicate=wbk", set.tag);
    assert_all_listed_have("predicate", "wbk", "wbk units");
}

TH_TEST(test_list_filters_by_parent_id)
{
    th_response *parent = create_simple("[Uji] induk daftar", "dinas", NULL);
    th_response *c1 = create_simple("[Uji] anak 1", "puskesmas", id_of(parent));
    th_response *c2 = create_simple("[Uji] anak 2", "other", id_of(parent));
    th_response *grandchild = create_simple("[Uji] cucu", "other", id_of(c1));
    char uuid[37];

    /* Direct children only. */
    assert_list_ids((const char *const[]){id_of(c1), id_of(c2)}, 2, "parent_id", "parent_id=%s",
                    id_of(parent));
    th_random_uuid(uuid);
    assert_list_ids(NULL, 0, "parent_id of no unit", "parent_id=%s", uuid);

    th_response_free(grandchild);
    th_response_free(c2);
    th_response_free(c1);
    th_response_free(parent);
}

TH_TEST(test_list_q_is_case_insensitive_on_name_and_code)
{
    char tag[64];
    char code_a[64];
    char *tag_up;
    char *name_a;
    char *code_b;
    char *mid;
    th_response *a;
    th_response *b;
    const char *queries[4];

    new_tag(tag, sizeof tag, "ztq");
    tag_up = upper(tag);
    new_code(code_a, sizeof code_a);
    name_a = th_format("[Uji] nama %s saja", tag_up); /* tag only in the name, upper case */
    code_b = th_format("%s-kode", tag);                /* tag only in the code, lower case */
    a = create_unit(code_a, name_a, "sd", NULL);
    b = create_unit(code_b, "[Uji] penanda di kode", "sd", NULL);
    mid = th_format("%s", tag + 3); /* a substring, not a prefix */
    mid[0] = (char)toupper((unsigned char)mid[0]);
    queries[0] = tag;
    queries[1] = tag_up;
    queries[2] = mid;
    queries[3] = NULL;
    for (int i = 0; queries[i]; i++) {
        char *enc = th_urlencode(queries[i]);
        char *what = th_format("q=%s", queries[i]);

        assert_list_ids((const char *const[]){id_of(a), id_of(b)}, 2, what, "q=%s", enc);
        free(what);
        free(enc);
    }
    th_response_free(b);
    th_response_free(a);
    free(mid);
    free(code_b);
    free(name_a);
    free(tag_up);
}

TH_TEST(test_list_q_percent_underscore_and_backslash_are_literal)
{
    /* name = (tagged ? tag : "") + name_tail, code = tag + code_tail */
    static const struct {
        bool tagged;
        const char *name_tail;
        const char *code_tail;
    } units[] = {
        {true, " 100% ok", "-p"},      /* 0 */
        {true, " 100X ok", "-x"},      /* 1 */
        {true, " a_b", "-u"},          /* 2 */
        {true, " axb", "-v"},          /* 3 */
        {true, " back\\slash", "-b"},  /* 4 */
        {false, "[Uji] kode garis bawah", "_w"}, /* 5 */
        {false, "[Uji] kode tanpa garis", "yw"}, /* 6 */
    };
    /* q = (tagged ? tag : "") + q_tail; exactly unit want must match */
    static const struct {
        bool tagged;
        const char *q_tail;
        int want;
    } queries[] = {
        {true, " 100%", 0}, /* as a wildcard it would match "100X" too */
        {true, " a_b", 2},  /* as a wildcard it would match "axb" too */
        {false, "k\\s", 4}, /* a backslash is not an escape; no tag: see below */
        {true, "_w", 5},    /* in codes too: as a wildcard it would match "...yw" */
    };
    enum { N_UNITS = sizeof units / sizeof units[0] };
    char tag[64];
    th_response *u[N_UNITS];

    new_tag(tag, sizeof tag, "ztw");
    for (size_t i = 0; i < N_UNITS; i++) {
        char *name = th_format("%s%s", units[i].tagged ? tag : "", units[i].name_tail);
        char *code = th_format("%s%s", tag, units[i].code_tail);

        u[i] = create_unit(code, name, "other", NULL);
        free(code);
        free(name);
    }
    for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
        char *q = th_format("%s%s", queries[k].tagged ? tag : "", queries[k].q_tail);
        char *enc = th_urlencode(q);
        char *query = th_format("q=%s", enc);
        json_t *items = list_all(query);
        char *what = th_format("q=%s", q);

        if (!queries[k].tagged) {
            /* Other runs may hold such names too: ours must be there, and no near miss. */
            bool found = false;

            for (size_t i = 0; i < json_array_size(items); i++) {
                const char *name = item_str(items, i, "name");

                if (strcmp(item_str(items, i, "id"), id_of(u[queries[k].want])) == 0)
                    found = true;
                else if (!name || !strstr(name, q))
                    th_fail("%s listed \"%s\"", what, name ? name : "?");
            }
            if (!found)
                th_fail("%s did not list the unit named \"...%s\"", what,
                        units[queries[k].want].name_tail);
        } else {
            assert_id_set(items, (const char *const[]){id_of(u[queries[k].want])}, 1, what);
        }
        json_decref(items);
        free(what);
        free(query);
        free(enc);
        free(q);
    }
    for (size_t i = 0; i < N_UNITS; i++)
        th_response_free(u[i]);
}

TH_TEST(test_list_cursor_after_longest_name_is_accepted)
{
    /* A cursor the server issues must be accepted back, whatever the last row holds:
     * here a name of 200 characters, most of them 4 bytes long in UTF-8. */
    char tag[64];
    char *names[2];
    th_response *units[2];
    const char *want[2];
    char *target;
    json_t *items;

    new_tag(tag, sizeof tag, "ztc");
    for (int i = 0; i < 2; i++) {
        size_t chars = strlen(tag) + 2;
        size_t len;

        names[i] = malloc(200 * 4 + 1);
        if (!names[i])
            th_fail("out of memory");
        len = (size_t)snprintf(names[i], 200 * 4 + 1, "%s%c ", tag, 'A' + i);
        for (; chars < 200; chars++) {
            memcpy(names[i] + len, "\xf0\x9f\x98\x80", 4); /* U+1F600 */
            len += 4;
        }
        names[i][len] = '\0';
        units[i] = create_simple(names[i], "other", NULL);
        want[i] = id_of(units[i]);
    }
    for (size_t s = 0; s < N_SORTS; s++) {
        char *what = th_format("q=tag&sort=%s&limit=1", SORTS[s]);

        target = th_format("/v1/units?q=%s&sort=%s&limit=1", tag, SORTS[s]);
        items = walk(target, 1, NULL);
        if (json_array_size(items) != 2)
            th_fail("%s: %zu items, expected 2", what, json_array_size(items));
        if (strcmp(SORTS[s], "name") == 0)
            assert_ids_in_order(items, want, 2, what);
        json_decref(items);
        free(target);
        free(what);
    }
    for (int i = 0; i < 2; i++) {
        th_response_free(units[i]);
        free(names[i]);
    }
}

TH_TEST(test_list_cursor_with_other_sort_is_400)
{
    static const struct {
        const char *from;
        const char *to; /* NULL: no sort parameter (the default, name) */
    } cases[] = {
        {"name", "code"}, {"name", "-name"}, {"code", NULL}, {"-created_at", "created_at"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        th_response *r = get_page("/v1/units?sort=%s&limit=2", cases[i].from);
        char *enc;
        char *second;
        th_response *r2;

        if (!next_cursor_of(r))
            th_fail("sort=%s&limit=2 has no next_cursor", cases[i].from);
        enc = th_urlencode(next_cursor_of(r));
        second = cases[i].to ? th_format("/v1/units?sort=%s&limit=2&cursor=%s", cases[i].to, enc)
                             : th_format("/v1/units?limit=2&cursor=%s", enc);
        r2 = th_request("GET", second, NULL, NULL);
        th_assert_problem(r2, 400, "urn:zi:problem:invalid-request");
        th_assert_field_error(r2, "cursor", "invalid_cursor");
        th_response_free(r2);
        th_response_free(r);
        free(second);
        free(enc);
    }
}

/* ---- predicate history and seed ----------------------------------------------------- */

TH_TEST(test_seeded_unit_has_predicate_and_history)
{
    th_response *unit = get_path("/v1/units/by-code/", "PKM-WATES", "", NULL);
    th_response *lower;
    th_response *hist;
    const json_t *data;
    const json_t *rec;

    th_assert_status(unit, 200);
    assert_str_member(unit, "code", "PKM-WATES");
    assert_str_member(unit, "predicate", "wbk");
    lower = get_path("/v1/units/by-code/", "pkm-wates", "", NULL);
    th_assert_status(lower, 200);
    assert_str_member(lower, "id", id_of(unit));

    hist = get_path("/v1/units/", id_of(unit), "/predicate-history", NULL);
    th_assert_status(hist, 200);
    data = data_of(hist);
    if (json_array_size(data) != 1)
        th_fail("PKM-WATES history has %zu records, expected 1: %s", json_array_size(data),
                th_describe(hist));
    rec = json_array_get(data, 0);
    if (!th_json_str(rec, "level") || strcmp(th_json_str(rec, "level"), "wbk") != 0 ||
        !th_json_str(rec, "status") || strcmp(th_json_str(rec, "status"), "active") != 0 ||
        !th_json_str(rec, "unit_id") || strcmp(th_json_str(rec, "unit_id"), id_of(unit)) != 0 ||
        !th_is_uuid(th_json_str(rec, "id")) || !json_is_null(json_object_get(rec, "revoked_at")))
        th_fail("unexpected history record: %s", th_describe(hist));
    ck_assert(json_is_null(json_object_get(hist->json, "next_cursor")));
    th_response_free(hist);
    th_response_free(lower);
    th_response_free(unit);
}

TH_TEST(test_predicate_history_of_unknown_unit_is_404)
{
    char uuid[37];
    th_response *r;

    th_random_uuid(uuid);
    r = get_path("/v1/units/", uuid, "/predicate-history", NULL);
    th_assert_problem(r, 404, "urn:zi:problem:not-found");
    th_response_free(r);
}

TH_TEST(test_predicate_history_of_new_unit_is_empty)
{
    th_response *created = create_simple("[Uji] tanpa predikat", "sd", NULL);
    th_response *r = get_path("/v1/units/", id_of(created), "/predicate-history", NULL);

    th_assert_status(r, 200);
    ck_assert_uint_eq(json_array_size(data_of(r)), 0);
    ck_assert(json_is_null(json_object_get(r->json, "next_cursor")));
    th_response_free(r);
    th_response_free(created);
}

TH_TEST(test_seed_has_at_least_90_units_and_exactly_4_wbk)
{
    static const char *const wbk[] = {"PKM-WATES", "RSUD-WAHIDIN", "DISPENDUKCAPIL",
                                      "PKM-GEDONGAN"};
    json_t *items = walk("/v1/units?limit=50", 50, NULL);
    size_t seeded = 0;

    for (size_t i = 0; i < json_array_size(items); i++) {
        const char *code = item_str(items, i, "code");

        if (code && strncasecmp(code, "zt", 2) != 0) /* every test unit's code starts "zt" */
            seeded++;
    }
    if (seeded < 90)
        th_fail("only %zu seeded units listed, expected at least 90", seeded);
    json_decref(items);

    items = walk("/v1/units?predicate=wbk&limit=2", 2, NULL);
    if (json_array_size(items) != 4)
        th_fail("%zu units with predicate wbk, expected 4", json_array_size(items));
    for (size_t k = 0; k < 4; k++) {
        bool found = false;

        for (size_t i = 0; i < 4 && !found; i++)
            found = item_str(items, i, "code") && strcmp(item_str(items, i, "code"), wbk[k]) == 0;
        if (!found)
            th_fail("%s is not among the wbk units", wbk[k]);
    }
    json_decref(items);
}

Suite *units_suite(void)
{
    Suite *s = suite_create("units");
    TCase *tc;

    tc = tcase_create("create");
    tcase_add_test(tc, test_create_unit_returns_201_with_location_etag_and_body);
    tcase_add_test(tc, test_create_name_length_counts_characters_not_bytes);
    tcase_add_test(tc, test_create_duplicate_code_ignoring_case_is_409);
    tcase_add_test(tc, test_create_with_missing_parent_is_422);
    tcase_add_test(tc, test_create_with_archived_parent_is_422);
    tcase_add_test(tc, test_create_without_required_fields_names_each);
    suite_add_tcase(s, tc);

    tc = tcase_create("read");
    tcase_add_test(tc, test_get_unit_by_id_returns_unit_and_etag);
    tcase_add_test(tc, test_get_unit_by_code_ignores_case);
    tcase_add_test(tc, test_get_unknown_unit_is_404);
    tcase_add_test(tc, test_get_malformed_id_is_400_naming_path_parameter);
    tcase_add_test(tc, test_if_none_match_current_etag_is_304_without_body);
    tcase_add_test(tc, test_if_none_match_old_etag_is_200);
    suite_add_tcase(s, tc);

    tc = tcase_create("update");
    tcase_add_test(tc, test_patch_without_if_match_is_428);
    tcase_add_test(tc, test_patch_with_stale_if_match_is_412);
    tcase_add_test(tc, test_patch_with_current_if_match_updates_version_and_etag);
    tcase_add_test(tc, test_patch_with_if_match_star_updates);
    tcase_add_test(tc, test_patch_read_only_members_is_400_read_only);
    tcase_add_test(tc, test_patch_empty_object_is_400);
    tcase_add_test(tc, test_patch_parent_to_own_descendant_is_cycle);
    tcase_add_test(tc, test_patch_null_clears_nullable_member);
    tcase_add_test(tc, test_patch_code_taken_is_409);
    suite_add_tcase(s, tc);

    tc = tcase_create("archive");
    tcase_add_test(tc, test_archive_without_if_match_is_428);
    tcase_add_test(tc, test_archive_sets_inactive_and_archived_at);
    tcase_add_test(tc, test_archive_twice_is_409);
    tcase_add_test(tc, test_archive_parent_with_active_child_is_409);
    tcase_add_test(tc, test_archived_units_filtered_by_active);
    tcase_add_test(tc, test_patch_archived_unit_is_409);
    suite_add_tcase(s, tc);

    tc = tcase_create("list");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_list_default_sort_is_by_name);
    tcase_add_test(tc, test_list_limit_2_gives_next_cursor_and_link_to_next_page);
    tcase_add_test(tc, test_list_links_keep_sort_and_filters);
    tcase_add_test(tc, test_list_walk_limit_7_gives_each_unit_once_in_order_for_every_sort);
    tcase_add_test(tc, test_list_walk_whole_table_matches_one_page_walk_for_every_sort);
    tcase_add_test(tc, test_list_last_page_has_null_cursor_and_no_link);
    tcase_add_test(tc, test_list_filters_by_kind);
    tcase_add_test(tc, test_list_filters_by_predicate);
    tcase_add_test(tc, test_list_filters_by_parent_id);
    tcase_add_test(tc, test_list_q_is_case_insensitive_on_name_and_code);
    tcase_add_test(tc, test_list_q_percent_underscore_and_backslash_are_literal);
    tcase_add_test(tc, test_list_cursor_after_longest_name_is_accepted);
    tcase_add_test(tc, test_list_cursor_with_other_sort_is_400);
    suite_add_tcase(s, tc);

    tc = tcase_create("predicate_history");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_seeded_unit_has_predicate_and_history);
    tcase_add_test(tc, test_predicate_history_of_unknown_unit_is_404);
    tcase_add_test(tc, test_predicate_history_of_new_unit_is_empty);
    tcase_add_test(tc, test_seed_has_at_least_90_units_and_exactly_4_wbk);
    suite_add_tcase(s, tc);
    return s;
}
