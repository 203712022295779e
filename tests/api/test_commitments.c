/*
 * test_commitments.c — integrity commitments (issue 9; DOMAIN.md §2), proven through real
 * HTTP against the spec of the issue (declarations, integrity pact signatures signed one by
 * one or in bulk from CSV or JSON with coverage per unit and for the city, service pledges):
 *
 *   - declarations (pencanangan): city-wide by an admin, per unit by an admin or the unit's
 *     own officer; one per unit (or city) and year; dates not in the future and in the
 *     declared year; PATCH under If-Match; a public list filtered by year, unit and scope;
 *   - pact signatures: the issue's "done when" — a unit officer signs the pact for 12 staff
 *     (civil servants and others) with ONE CSV upload, coverage shows 12 of the unit's staff
 *     count, a second upload with a duplicate and an invalid NIP is refused naming both rows
 *     by line and writes nothing; personal fields (NIP, name, position, witness) reach only
 *     admins, the UPG, the unit's officer and the signer; CSV quoting, BOM, line ends and
 *     header rules; the 5,000-row and 2 MiB limits; one audit record per signature and ONE
 *     event per upload; coverage with an unknown staff count; the city's coverage;
 *   - service pledges: the city's 7S, unit pledges based on it, one active pledge per unit
 *     (and city-wide), deactivation under If-Match.
 *
 * Tests share one database with each other and with earlier runs: every unit they make is
 * fresh, names carry a unique tag, and city-wide declarations take a year no city-wide
 * declaration holds yet. The suite's last test makes the city's 7S (as the demo seed has
 * it) the active city pledge again after the tests (and the authorization walk) made
 * others.
 */
#include "support.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define P_INVALID "urn:zi:problem:invalid-request"
#define P_UNPROCESSABLE "urn:zi:problem:unprocessable"
#define P_CONFLICT "urn:zi:problem:conflict"
#define P_FORBIDDEN "urn:zi:problem:forbidden"
#define P_NOT_FOUND "urn:zi:problem:not-found"
#define P_UNAUTHORIZED "urn:zi:problem:unauthorized"

#define OTHER_NIP "198001012005012001" /* valid: born 1980-01-01, appointed 2005-01, female, #001 */
#define CT_CSV "Content-Type: text/csv"
#define CT_JSON "Content-Type: application/json"

static const char *const PERSONAL[] = {"nip", "name", "position", "witness_name", "witness_position"};
enum { N_PERSONAL = sizeof PERSONAL / sizeof PERSONAL[0], MAX_PAGES = 1000 };

/* ---- small helpers -------------------------------------------------------------------- */

/* The current year, UTC (the default year of the coverage). */
static int this_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

/* A growable string. */
typedef struct sbuf {
    char *p;
    size_t len;
    size_t cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) TH_PRINTF(2, 3);

static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    size_t n;

    va_start(ap, fmt);
    s = th_vformat(fmt, ap);
    va_end(ap);
    n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        char *p;

        while (b->len + n + 1 > cap)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p)
            th_fail("sb_add: out of memory");
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
    free(s);
}

static void sb_free(sbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/*
 * Send method path (fmt ...) as auth (NULL: no key), with the extra header h (NULL: none)
 * and body (NULL: none; JSON unless h names another Content-Type). Owned response.
 */
static th_response *vcall(const char *method, const char *auth, const char *h, const char *body, const char *fmt,
                          va_list ap) TH_PRINTF(5, 0);

static th_response *vcall(const char *method, const char *auth, const char *h, const char *body, const char *fmt,
                          va_list ap)
{
    char *path = th_vformat(fmt, ap);
    const char *headers[3] = {auth ? auth : h, auth ? h : NULL, NULL}; /* those given, in this order */
    th_response *r = th_request(method, path, body, headers);

    free(path);
    return r;
}

static th_response *call(const char *method, const char *auth, const char *h, const char *body, const char *fmt,
                         ...) TH_PRINTF(5, 6);

static th_response *call(const char *method, const char *auth, const char *h, const char *body, const char *fmt, ...)
{
    va_list ap;
    th_response *r;

    va_start(ap, fmt);
    r = vcall(method, auth, h, body, fmt, ap);
    va_end(ap);
    return r;
}

/* GET path (fmt ...) as auth (NULL: no key), asserting 200; the JSON body (new reference). */
static json_t *get_json(const char *auth, const char *fmt, ...) TH_PRINTF(2, 3);

static json_t *get_json(const char *auth, const char *fmt, ...)
{
    va_list ap;
    th_response *r;
    json_t *v;

    va_start(ap, fmt);
    r = vcall("GET", auth, NULL, NULL, fmt, ap);
    va_end(ap);
    th_assert_status(r, 200);
    v = json_incref(r->json);
    th_response_free(r);
    return v;
}

/* Assert r is the problem (status, type) with, when field or code is not NULL, such an error; frees r. */
#define refused(r, status, type, field, code) refused_at(__FILE__, __LINE__, (r), (status), (type), (field), (code))

static void refused_at(const char *file, int line, th_response *r, long status, const char *type, const char *field,
                       const char *code)
{
    th_assert_problem_at(file, line, r, status, type);
    if (field || code)
        th_assert_field_error_at(file, line, r, field, code);
    th_response_free(r);
}

/* Assert r is 201 with a uuid id and an ETag; copies the id into id (when not NULL). Returns r. */
#define created(r, id) created_at(__FILE__, __LINE__, (r), (id))

static th_response *created_at(const char *file, int line, th_response *r, char *id)
{
    if (r->status != 201)
        th_fail_at(file, line, "expected 201, got %s", th_describe(r));
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail_at(file, line, "created without a uuid id: %s", th_describe(r));
    if (!th_header(r, "ETag"))
        th_fail_at(file, line, "created without an ETag: %s", th_describe(r));
    if (id)
        snprintf(id, 37, "%s", th_json_str(r->json, "id"));
    return r;
}

/* Assert status of r, then free it. */
#define status_is(r, status) status_is_at(__FILE__, __LINE__, (r), (status))

static void status_is_at(const char *file, int line, th_response *r, long status)
{
    th_assert_status_at(file, line, r, status);
    th_response_free(r);
}

static bool has_member(const json_t *obj, const char *name)
{
    return json_object_get(obj, name) != NULL;
}

/* Assert member key of obj is the integer want (what: for the message). */
#define int_is(obj, key, want, what) int_is_at(__FILE__, __LINE__, (obj), (key), (want), (what))

static void int_is_at(const char *file, int line, const json_t *obj, const char *key, long long want,
                      const char *what)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_integer(v) || json_integer_value(v) != want) {
        char *dump = json_dumps(obj, JSON_COMPACT);

        th_fail_at(file, line, "%s: %s should be %lld: %.1500s", what, key, want, dump ? dump : "?");
    }
}

#define str_is(obj, key, want, what) str_is_at(__FILE__, __LINE__, (obj), (key), (want), (what))

static void str_is_at(const char *file, int line, const json_t *obj, const char *key, const char *want,
                      const char *what)
{
    const char *got = th_json_str(obj, key);

    if (!got || strcmp(got, want) != 0) {
        char *dump = json_dumps(obj, JSON_COMPACT);

        th_fail_at(file, line, "%s: %s should be \"%s\": %.1500s", what, key, want, dump ? dump : "?");
    }
}

#define null_is(obj, key, what) null_is_at(__FILE__, __LINE__, (obj), (key), (what))

static void null_is_at(const char *file, int line, const json_t *obj, const char *key, const char *what)
{
    if (!json_is_null(json_object_get(obj, key))) {
        char *dump = json_dumps(obj, JSON_COMPACT);

        th_fail_at(file, line, "%s: %s should be present and null: %.1500s", what, key, dump ? dump : "?");
    }
}

/* Every item of all pages of GET path_query (which holds a '?') as auth; new reference. */
static json_t *list_all(const char *auth, const char *path_query)
{
    json_t *all = json_array();
    char *cursor = NULL;

    for (int page = 0;; page++) {
        char *target = cursor ? th_format("%s&cursor=%s", path_query, cursor) : th_format("%s", path_query);
        th_response *r = call("GET", auth, NULL, NULL, "%s", target);
        const char *next;

        th_assert_status(r, 200);
        json_array_extend(all, (json_t *)tu_data(r));
        next = th_json_str(r->json, "next_cursor");
        if (next && (!th_header(r, "Link") || !strstr(th_header(r, "Link"), "next")))
            th_fail("%s: a page with next_cursor but no Link rel=\"next\": %s", target, th_describe(r));
        free(cursor);
        cursor = next ? th_urlencode(next) : NULL;
        th_response_free(r);
        free(target);
        if (!cursor)
            break;
        if (page > MAX_PAGES)
            th_fail("%s: more than %d pages", path_query, MAX_PAGES);
    }
    return all;
}

/* The item of items whose id is id; NULL when none. */
static const json_t *item_by_id(const json_t *items, const char *id)
{
    size_t i;
    const json_t *item;

    json_array_foreach(items, i, item) {
        if (th_json_str(item, "id") && strcmp(th_json_str(item, "id"), id) == 0)
            return item;
    }
    return NULL;
}

/* The arguments want, n of ids_in_order and lists: IDS(a, b, c). */
#define IDS(...) (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)

/* Assert items hold exactly the ids of want (n of them) in that order. */
#define ids_in_order(items, want_n, what) ids_in_order_at(__FILE__, __LINE__, (items), want_n, (what))

static void ids_in_order_at(const char *file, int line, const json_t *items, const char *const *want, size_t n,
                            const char *what)
{
    char *dump;

    if (json_array_size(items) == n) {
        size_t i;

        for (i = 0; i < n; i++) {
            const char *id = th_json_str(json_array_get(items, i), "id");

            if (!id || strcmp(id, want[i]) != 0)
                break;
        }
        if (i == n)
            return;
    }
    dump = json_dumps(items, JSON_COMPACT);
    th_fail_at(file, line, "%s: expected %zu items in order (first %s), got %.1500s", what, n, n ? want[0] : "-",
               dump ? dump : "?");
}

/* Assert every page of GET path (fmt ..., holding a '?') as auth lists exactly the ids of
 * want_n (IDS(...), or NONE) in that order. */
#define lists(auth, want_n, what, ...) lists_at(__FILE__, __LINE__, (auth), want_n, (what), __VA_ARGS__)
#define NONE NULL, 0

static void lists_at(const char *file, int line, const char *auth, const char *const *want, size_t n,
                     const char *what, const char *fmt, ...) TH_PRINTF(7, 8);

static void lists_at(const char *file, int line, const char *auth, const char *const *want, size_t n,
                     const char *what, const char *fmt, ...)
{
    va_list ap;
    char *q;
    json_t *items;

    va_start(ap, fmt);
    q = th_vformat(fmt, ap);
    va_end(ap);
    items = list_all(auth, q);
    ids_in_order_at(file, line, items, want, n, what);
    json_decref(items);
    free(q);
}

/* A fresh unit with staff_count (< 0: none, left unknown). */
static void make_unit(tu_unit *out, long staff_count)
{
    char code[64];
    char *body;
    th_response *r;

    th_unique(code, sizeof code, "zt-");
    if (staff_count >= 0)
        body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] unit %s\",\"kind\":\"other\",\"staff_count\":%ld}", code,
                         code, staff_count);
    else
        body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] unit %s\",\"kind\":\"other\"}", code, code);
    r = call("POST", th_admin_auth(), NULL, body, "/v1/units");
    th_assert_status(r, 201);
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", th_json_str(r->json, "id"));
    snprintf(out->code, sizeof out->code, "%s", code);
    if (staff_count < 0 && !json_is_null(json_object_get(r->json, "staff_count")))
        th_fail("a unit created without staff_count has one: %s", th_describe(r));
    th_response_free(r);
    free(body);
}

/* Keys bound to unit u, each made unless NULL: its officer's, and an employee's with nip. */
static void unit_keys(const tu_unit *u, tu_key *officer, tu_key *employee, const char *nip)
{
    if (officer)
        tu_create_key(officer, "unit_officer", u->id, NULL);
    if (employee)
        tu_create_key(employee, "employee", u->id, nip);
}

/* Keys bound to no unit, each made unless NULL: an UPG's and an evaluator's. */
static void city_keys(tu_key *upg, tu_key *evaluator)
{
    if (upg)
        tu_create_key(upg, "upg", NULL, NULL);
    if (evaluator)
        tu_create_key(evaluator, "evaluator", NULL, NULL);
}

static void archive_unit(const char *unit_id)
{
    status_is(call("POST", th_admin_auth(), "If-Match: *", NULL, "/v1/units/%s/archive", unit_id), 200);
}

/* The events after seq after (one page of up to 1000; the tests make fewer); new reference. */
static json_t *events_after(long long after)
{
    th_response *r = call("GET", th_admin_auth(), NULL, NULL, "/v1/events?after=%lld&limit=1000", after);
    json_t *data;

    th_assert_status(r, 200);
    data = json_incref((json_t *)tu_data(r));
    th_response_free(r);
    return data;
}

/* The audit records of resource id (as the admin); new reference. */
static json_t *audit_of(const char *id)
{
    char *q = th_format("/v1/audit?resource_id=%s&limit=200", id);
    json_t *items = list_all(th_admin_auth(), q);

    free(q);
    return items;
}

static long pact_audit_count(void)
{
    return th_journal_count("SELECT count(*) FROM audit_log WHERE resource_type = 'pact_signature'");
}

/* ---- declarations ------------------------------------------------------------------------ */

/* A createDeclaration body: unit_id NULL = city-wide (the member left out). */
static char *declaration_body(const char *unit_id, int year, const char *declared_on)
{
    if (unit_id)
        return th_format("{\"unit_id\":\"%s\",\"year\":%d,\"declared_on\":\"%s\",\"place\":\"[Uji] Aula Unit\","
                         "\"signer_name\":\"[Uji] Kepala Unit\",\"signer_position\":\"Kepala Unit\","
                         "\"witnesses\":[\"[Uji] Saksi Satu\",\"[Uji] Saksi Dua\"],\"document_ref\":\"SK 1/%d\"}",
                         unit_id, year, declared_on, year);
    return th_format("{\"year\":%d,\"declared_on\":\"%s\",\"place\":\"[Uji] Ballroom\","
                     "\"signer_name\":\"[Uji] Wali Kota\",\"signer_position\":\"Wali Kota Mojokerto\"}",
                     year, declared_on);
}

static th_response *post_declaration(const char *auth, const char *unit_id, int year, const char *declared_on)
{
    char *body = declaration_body(unit_id, year, declared_on);
    th_response *r = call("POST", auth, NULL, body, "/v1/declarations");

    free(body);
    return r;
}

/* Create a declaration (asserting 201); its id into id. */
static void make_declaration(const char *auth, const char *unit_id, int year, char id[37])
{
    char date[24];

    snprintf(date, sizeof date, "%d-04-01", year);
    th_response_free(created(post_declaration(auth, unit_id, year, date), id));
}

/* A year (2000 … this year) that no city-wide declaration holds yet. */
static int free_city_year(void)
{
    json_t *items = list_all(NULL, "/v1/declarations?scope=city&limit=200");
    bool used[101] = {false};
    size_t i;
    const json_t *item;

    json_array_foreach(items, i, item) {
        long long y = th_json_int(item, "year");

        if (y >= 2000 && y <= 2100)
            used[y - 2000] = true;
    }
    json_decref(items);
    for (int y = 2000; y <= this_year(); y++) {
        if (!used[y - 2000])
            return y;
    }
    th_fail("every year from 2000 has a city-wide declaration: the tests cannot make another");
}

static void assert_declaration_shape(const json_t *d, const char *what)
{
    static const char *const MEMBERS[] = {"id", "scope", "unit_id", "year", "declared_on", "place", "signer_name",
                                          "signer_position", "witnesses", "document_ref", "note", "created_at",
                                          "updated_at", "version"};

    for (size_t i = 0; i < sizeof MEMBERS / sizeof MEMBERS[0]; i++) {
        if (!has_member(d, MEMBERS[i])) {
            char *dump = json_dumps(d, JSON_COMPACT);

            th_fail("%s: the declaration lacks %s: %.1200s", what, MEMBERS[i], dump ? dump : "?");
        }
    }
}

TH_TEST(test_admin_declares_city_wide_and_for_a_unit_and_the_declaration_reads_back_with_audit_and_event)
{
    tu_unit u;
    int city_year = free_city_year();
    char city_date[24];
    char id[37];
    long long feed;
    th_response *r;
    json_t *items;

    make_unit(&u, 10);
    feed = tu_feed_end();
    snprintf(city_date, sizeof city_date, "%d-11-15", city_year);
    r = created(post_declaration(th_admin_auth(), NULL, city_year, city_date), id);
    assert_declaration_shape(r->json, "city-wide declaration");
    str_is(r->json, "scope", "city", "city-wide declaration");
    null_is(r->json, "unit_id", "city-wide declaration");
    int_is(r->json, "year", city_year, "city-wide declaration");
    str_is(r->json, "declared_on", city_date, "city-wide declaration");
    str_is(r->json, "place", "[Uji] Ballroom", "city-wide declaration");
    str_is(r->json, "signer_position", "Wali Kota Mojokerto", "city-wide declaration");
    int_is(r->json, "version", 1, "city-wide declaration");
    if (!json_is_array(json_object_get(r->json, "witnesses")) || json_array_size(json_object_get(r->json, "witnesses")))
        th_fail("witnesses default to []: %s", th_describe(r));
    null_is(r->json, "document_ref", "city-wide declaration");
    null_is(r->json, "note", "city-wide declaration");
    if (strcmp(th_header(r, "ETag"), "\"1\"") != 0)
        th_fail("a new declaration's ETag should be \"1\": %s", th_header(r, "ETag"));
    {
        const char *loc = th_header(r, "Location");
        char *want = th_format("/v1/declarations/%s", id);

        if (!loc || !strstr(loc, want))
            th_fail("Location should name %s: %s", want, loc ? loc : "(none)");
        free(want);
    }
    {
        /* Public read: the same object. */
        th_response *g = call("GET", NULL, NULL, NULL, "/v1/declarations/%s", id);

        th_assert_status(g, 200);
        if (!json_equal(g->json, r->json))
            th_fail("GET after create differs: %s vs %s", g->body, r->body);
        th_response_free(g);
    }
    th_response_free(r);

    /* For a unit: scope unit, the unit's id, the witnesses kept in order. */
    {
        char uid[37];

        r = created(post_declaration(th_admin_auth(), u.id, 2023, "2023-11-15"), uid);
        str_is(r->json, "scope", "unit", "unit declaration");
        str_is(r->json, "unit_id", u.id, "unit declaration");
        str_is(r->json, "document_ref", "SK 1/2023", "unit declaration");
        if (json_array_size(json_object_get(r->json, "witnesses")) != 2 ||
            strcmp(json_string_value(json_array_get(json_object_get(r->json, "witnesses"), 1)), "[Uji] Saksi Dua") != 0)
            th_fail("the witnesses were not kept: %s", th_describe(r));
        th_response_free(r);

        /* One audit record and one event per declaration. */
        items = audit_of(uid);
        if (json_array_size(items) != 1 || strcmp(th_json_str(json_array_get(items, 0), "action"), "declaration.created") ||
            strcmp(th_json_str(json_array_get(items, 0), "resource_type"), "declaration"))
            th_fail("expected one declaration.created audit record of %s", uid);
        json_decref(items);
        items = events_after(feed);
        if (json_array_size(items) != 2 || strcmp(th_json_str(json_array_get(items, 1), "type"), "declaration.created") ||
            strcmp(th_json_str(json_array_get(items, 1), "resource_id"), uid) ||
            strcmp(th_json_str(json_array_get(items, 0), "resource_id"), id))
            th_fail("expected two declaration.created events, of %s and %s", id, uid);
        json_decref(items);
    }
}

TH_TEST(test_unit_officer_declares_for_its_own_unit_but_not_for_another_unit_nor_city_wide)
{
    tu_unit a, b;
    tu_key officer, employee, upg, evaluator;
    char id[37];

    make_unit(&a, 5);
    make_unit(&b, 5);
    unit_keys(&a, &officer, &employee, TU_NIP);
    city_keys(&upg, &evaluator);

    th_response *r = created(post_declaration(officer.auth, a.id, 2024, "2024-02-02"), id);
    str_is(r->json, "unit_id", a.id, "the officer's declaration");
    th_response_free(r);

    refused(post_declaration(officer.auth, b.id, 2024, "2024-02-02"), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_declaration(officer.auth, NULL, 2024, "2024-02-02"), 403, P_FORBIDDEN, NULL, NULL);
    {
        /* unit_id given as null is city-wide too. */
        char *body = th_format("{\"unit_id\":null,\"year\":2024,\"declared_on\":\"2024-02-02\",\"place\":\"[Uji] x\","
                               "\"signer_name\":\"[Uji] x\",\"signer_position\":\"x\"}");

        refused(call("POST", officer.auth, NULL, body, "/v1/declarations"), 403, P_FORBIDDEN, NULL, NULL);
        free(body);
    }
    refused(post_declaration(employee.auth, a.id, 2025, "2025-02-02"), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_declaration(upg.auth, a.id, 2025, "2025-02-02"), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_declaration(evaluator.auth, a.id, 2025, "2025-02-02"), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_declaration(NULL, a.id, 2025, "2025-02-02"), 401, P_UNAUTHORIZED, NULL, NULL);

    /* Nothing was written for b, nor for a beyond the officer's one. */
    lists(NULL, NONE, "refused declarations written for unit b", "/v1/declarations?unit_id=%s&limit=200", b.id);
    lists(NULL, IDS(id), "declarations of unit a", "/v1/declarations?unit_id=%s&limit=200", a.id);
}

TH_TEST(test_a_second_declaration_for_the_same_unit_or_the_city_and_year_is_409_duplicate)
{
    tu_unit u, v;
    char id[37];
    int city_year;
    char date[24];

    make_unit(&u, 5);
    make_unit(&v, 5);
    make_declaration(th_admin_auth(), u.id, 2022, id);
    refused(post_declaration(th_admin_auth(), u.id, 2022, "2022-09-09"), 409, P_CONFLICT, "/year", "duplicate");
    /* The officer meets the same rule. */
    {
        tu_key officer;

        tu_create_key(&officer, "unit_officer", u.id, NULL);
        refused(post_declaration(officer.auth, u.id, 2022, "2022-10-10"), 409, P_CONFLICT, "/year", "duplicate");
    }
    /* Another year of the same unit, and the same year of another unit, are no duplicates. */
    make_declaration(th_admin_auth(), u.id, 2021, id);
    make_declaration(th_admin_auth(), v.id, 2022, id);

    city_year = free_city_year();
    snprintf(date, sizeof date, "%d-01-20", city_year);
    th_response_free(created(post_declaration(th_admin_auth(), NULL, city_year, date), id));
    snprintf(date, sizeof date, "%d-06-20", city_year);
    refused(post_declaration(th_admin_auth(), NULL, city_year, date), 409, P_CONFLICT, "/year", "duplicate");
    /* A unit's declaration in the city's year is no duplicate of the city's. */
    {
        tu_unit w;

        make_unit(&w, 5);
        th_response_free(created(post_declaration(th_admin_auth(), w.id, city_year, date), id));
    }
}

TH_TEST(test_declared_on_in_the_future_or_outside_the_declared_year_is_422)
{
    tu_unit u;
    char date[24];
    int next = this_year() + 1;

    make_unit(&u, 5);
    snprintf(date, sizeof date, "%d-06-01", next);
    refused(post_declaration(th_admin_auth(), u.id, next, date), 422, P_UNPROCESSABLE, "/declared_on", "in_future");
    refused(post_declaration(th_admin_auth(), u.id, 2099, "2099-12-31"), 422, P_UNPROCESSABLE, "/declared_on",
            "in_future");
    /* Its year must be the declared year (the field may be either date or year). */
    refused(post_declaration(th_admin_auth(), u.id, 2024, "2023-12-31"), 422, P_UNPROCESSABLE, NULL, "year_mismatch");
    refused(post_declaration(th_admin_auth(), u.id, 2023, "2024-01-01"), 422, P_UNPROCESSABLE, NULL, "year_mismatch");
    /* None of them was written. */
    lists(NULL, NONE, "refused declarations written", "/v1/declarations?unit_id=%s&limit=200", u.id);
}

TH_TEST(test_declaration_for_an_archived_or_unknown_unit_is_422)
{
    tu_unit u;
    char missing[37];

    make_unit(&u, 5);
    archive_unit(u.id);
    th_random_uuid(missing);
    refused(post_declaration(th_admin_auth(), u.id, 2024, "2024-03-03"), 422, P_UNPROCESSABLE, "/unit_id", "archived");
    refused(post_declaration(th_admin_auth(), missing, 2024, "2024-03-03"), 422, P_UNPROCESSABLE, "/unit_id",
            "not_found");
}

TH_TEST(test_declaration_patch_needs_if_match_refuses_a_stale_one_and_create_only_members)
{
    tu_unit u;
    char id[37];
    th_response *r;
    long long feed;

    make_unit(&u, 5);
    make_declaration(th_admin_auth(), u.id, 2019, id);
    refused(call("PATCH", th_admin_auth(), NULL, "{\"place\":\"[Uji] Pendopo\"}", "/v1/declarations/%s", id), 428,
            "urn:zi:problem:precondition-required", NULL, NULL);
    refused(call("PATCH", th_admin_auth(), "If-Match: \"99\"", "{\"place\":\"[Uji] Pendopo\"}", "/v1/declarations/%s", id),
            412, "urn:zi:problem:precondition-failed", NULL, NULL);
    /* Create-only and read-only members. */
    refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", "{\"year\":2018}", "/v1/declarations/%s", id), 400,
            P_INVALID, "/year", "read_only");
    {
        char *body = th_format("{\"unit_id\":\"%s\"}", u.id);

        refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", body, "/v1/declarations/%s", id), 400, P_INVALID,
                "/unit_id", "read_only");
        free(body);
    }
    refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", "{\"scope\":\"city\"}", "/v1/declarations/%s", id), 400,
            P_INVALID, "/scope", "read_only");
    refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", "{\"color\":\"red\"}", "/v1/declarations/%s", id), 400,
            P_INVALID, "/color", "unknown_field");
    /* A new date must stay in the declared year, and not in the future. */
    refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", "{\"declared_on\":\"2020-01-01\"}", "/v1/declarations/%s",
                 id),
            422, P_UNPROCESSABLE, NULL, "year_mismatch");

    feed = tu_feed_end();
    r = call("PATCH", th_admin_auth(), "If-Match: \"1\"",
             "{\"place\":\"[Uji] Pendopo\",\"declared_on\":\"2019-08-17\",\"witnesses\":[\"[Uji] Saksi Tiga\"],"
             "\"note\":\"[Uji] catatan\",\"document_ref\":null}",
             "/v1/declarations/%s", id);
    th_assert_status(r, 200);
    int_is(r->json, "version", 2, "patched declaration");
    str_is(r->json, "place", "[Uji] Pendopo", "patched declaration");
    str_is(r->json, "declared_on", "2019-08-17", "patched declaration");
    str_is(r->json, "note", "[Uji] catatan", "patched declaration");
    null_is(r->json, "document_ref", "patched declaration");
    int_is(r->json, "year", 2019, "patched declaration");
    str_is(r->json, "unit_id", u.id, "patched declaration");
    if (!th_header(r, "ETag") || strcmp(th_header(r, "ETag"), "\"2\"") != 0)
        th_fail("the patched declaration's ETag should be \"2\": %s", th_describe(r));
    th_response_free(r);
    {
        json_t *events = events_after(feed);

        if (json_array_size(events) != 1 ||
            strcmp(th_json_str(json_array_get(events, 0), "type"), "declaration.updated") != 0)
            th_fail("the PATCH should make one declaration.updated event");
        json_decref(events);
    }
    /* The old ETag is stale now; If-None-Match with the current one gives 304. */
    refused(call("PATCH", th_admin_auth(), "If-Match: \"1\"", "{\"note\":null}", "/v1/declarations/%s", id), 412,
            "urn:zi:problem:precondition-failed", NULL, NULL);
    status_is(call("GET", NULL, "If-None-Match: \"2\"", NULL, "/v1/declarations/%s", id), 304);
    {
        char missing[37];

        th_random_uuid(missing);
        refused(call("GET", NULL, NULL, NULL, "/v1/declarations/%s", missing), 404, P_NOT_FOUND, NULL, NULL);
        refused(call("PATCH", th_admin_auth(), "If-Match: *", "{\"note\":null}", "/v1/declarations/%s", missing), 404,
                P_NOT_FOUND, NULL, NULL);
    }
}

TH_TEST(test_unit_officer_patches_its_own_units_declaration_but_not_another_units_nor_the_citys)
{
    tu_unit a, b;
    tu_key officer, employee;
    char da[37], db[37];
    const char *city_id;
    json_t *city;
    th_response *r;

    make_unit(&a, 5);
    make_unit(&b, 5);
    unit_keys(&a, &officer, &employee, TU_NIP);
    make_declaration(th_admin_auth(), a.id, 2024, da);
    make_declaration(th_admin_auth(), b.id, 2024, db);

    r = call("PATCH", officer.auth, "If-Match: \"1\"", "{\"note\":\"[Uji] oleh petugas\"}", "/v1/declarations/%s", da);
    th_assert_status(r, 200);
    str_is(r->json, "note", "[Uji] oleh petugas", "the officer's PATCH");
    th_response_free(r);
    refused(call("PATCH", officer.auth, "If-Match: *", "{\"note\":\"[Uji] x\"}", "/v1/declarations/%s", db), 403,
            P_FORBIDDEN, NULL, NULL);
    refused(call("PATCH", employee.auth, "If-Match: *", "{\"note\":\"[Uji] x\"}", "/v1/declarations/%s", da), 403,
            P_FORBIDDEN, NULL, NULL);
    refused(call("PATCH", NULL, "If-Match: *", "{\"note\":\"[Uji] x\"}", "/v1/declarations/%s", da), 401,
            P_UNAUTHORIZED, NULL, NULL);

    /* A city-wide declaration (the seed's, or one of the tests'). */
    city = list_all(NULL, "/v1/declarations?scope=city&limit=200");
    if (json_array_size(city) == 0) {
        char date[24];
        int y = free_city_year();
        char id[37];

        snprintf(date, sizeof date, "%d-05-05", y);
        th_response_free(created(post_declaration(th_admin_auth(), NULL, y, date), id));
        json_decref(city);
        city = list_all(NULL, "/v1/declarations?scope=city&limit=200");
    }
    city_id = th_json_str(json_array_get(city, 0), "id");
    refused(call("PATCH", officer.auth, "If-Match: *", "{\"note\":\"[Uji] x\"}", "/v1/declarations/%s", city_id), 403,
            P_FORBIDDEN, NULL, NULL);

    /* Unchanged: b's declaration and the city's. */
    r = call("GET", NULL, NULL, NULL, "/v1/declarations/%s", db);
    int_is(r->json, "version", 1, "another unit's declaration after the refused PATCH");
    th_response_free(r);
    r = call("GET", NULL, NULL, NULL, "/v1/declarations/%s", city_id);
    if (!json_equal(r->json, json_array_get(city, 0)))
        th_fail("the refused PATCH changed the city's declaration: %s", th_describe(r));
    th_response_free(r);
    json_decref(city);
}

TH_TEST(test_public_declaration_list_filters_by_year_unit_and_scope_sorts_and_pages)
{
    tu_unit u1, u2;
    char d19[37], d20[37], d21[37], e20[37];
    json_t *items;
    size_t i;
    const json_t *item;

    make_unit(&u1, 5);
    make_unit(&u2, 5);
    make_declaration(th_admin_auth(), u1.id, 2020, d20);
    make_declaration(th_admin_auth(), u1.id, 2019, d19);
    make_declaration(th_admin_auth(), u1.id, 2021, d21);
    make_declaration(th_admin_auth(), u2.id, 2020, e20);

    /* By unit: newest declared first by default; sort=declared_on the other way. */
    lists(NULL, IDS(d21, d20, d19), "unit_id filter, default sort", "/v1/declarations?unit_id=%s", u1.id);
    lists(NULL, IDS(d21, d20, d19), "sort=-declared_on", "/v1/declarations?unit_id=%s&sort=-declared_on", u1.id);
    lists(NULL, IDS(d19, d20, d21), "sort=declared_on", "/v1/declarations?unit_id=%s&sort=declared_on", u1.id);

    /* Pages of one: the same order, each page linking the next. */
    lists(NULL, IDS(d21, d20, d19), "pages of one", "/v1/declarations?unit_id=%s&limit=1", u1.id);
    {
        th_response *r = call("GET", NULL, NULL, NULL, "/v1/declarations?unit_id=%s&limit=2", u1.id);

        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != 2 || !th_json_str(r->json, "next_cursor"))
            th_fail("limit=2 of three: two items and a next_cursor expected: %s", th_describe(r));
        th_response_free(r);
    }

    /* By unit and year. */
    lists(NULL, IDS(d20), "unit_id and year", "/v1/declarations?unit_id=%s&year=2020", u1.id);

    /* By year and scope unit: both units' 2020 declarations, nothing of another year or the city. */
    items = list_all(NULL, "/v1/declarations?year=2020&scope=unit&limit=200");
    if (!item_by_id(items, d20) || !item_by_id(items, e20))
        th_fail("year=2020&scope=unit lacks a 2020 unit declaration");
    json_array_foreach(items, i, item) {
        if (th_json_int(item, "year") != 2020 || strcmp(th_json_str(item, "scope"), "unit") != 0 ||
            !th_is_uuid(th_json_str(item, "unit_id")))
            th_fail("year=2020&scope=unit lists a declaration of another year or scope: %s", th_json_str(item, "id"));
    }
    json_decref(items);

    /* Scope city: city-wide declarations only. */
    items = list_all(NULL, "/v1/declarations?scope=city&limit=200");
    json_array_foreach(items, i, item) {
        if (strcmp(th_json_str(item, "scope"), "city") != 0 || !json_is_null(json_object_get(item, "unit_id")))
            th_fail("scope=city lists a unit's declaration: %s", th_json_str(item, "id"));
    }
    if (item_by_id(items, d20))
        th_fail("scope=city lists a unit's declaration");
    json_decref(items);

    /* The whole list, unfiltered, holds them all, newest declared first. */
    items = list_all(NULL, "/v1/declarations?limit=200");
    if (!item_by_id(items, d19) || !item_by_id(items, e20))
        th_fail("the unfiltered list lacks a declaration");
    for (i = 1; i < json_array_size(items); i++) {
        if (strcmp(th_json_str(json_array_get(items, i - 1), "declared_on"),
                   th_json_str(json_array_get(items, i), "declared_on")) < 0)
            th_fail("the unfiltered list is not newest declared first at item %zu", i);
    }
    json_decref(items);
}

/* ---- pact signatures ------------------------------------------------------------------------ */

/* A signPact / bulk row as JSON text: nip NULL = not a civil servant. */
static char *signature_row(int year, const char *nip, const char *name, const char *position, const char *signed_on,
                           const char *trigger)
{
    char *nip_json = nip ? th_format("\"%s\"", nip) : th_format("null");
    char *row = th_format("{\"year\":%d,\"nip\":%s,\"name\":\"%s\",\"position\":\"%s\",\"signed_on\":\"%s\","
                          "\"trigger\":\"%s\"}",
                          year, nip_json, name, position, signed_on, trigger);

    free(nip_json);
    return row;
}

static th_response *sign(const char *auth, const char *unit_id, int year, const char *nip, const char *name,
                         const char *position, const char *signed_on)
{
    char *body = signature_row(year, nip, name, position, signed_on, "annual");
    th_response *r = call("POST", auth, NULL, body, "/v1/units/%s/pact-signatures", unit_id);

    free(body);
    return r;
}

/* Sign (asserting 201); its id into id (when not NULL). */
static void make_signature(const char *unit_id, int year, const char *nip, const char *name, const char *position,
                           char *id)
{
    char date[24];

    snprintf(date, sizeof date, "%d-01-01", year);
    th_response_free(created(sign(th_admin_auth(), unit_id, year, nip, name, position, date), id));
}

/* POST a bulk upload of len bytes as auth with the given Content-Type header. */
static th_response *upload(const char *auth, const char *unit_id, const char *content_type, const char *body,
                           size_t len)
{
    char *path = th_format("/v1/units/%s/pact-signatures/bulk", unit_id);
    th_response *r = th_request_bytes("POST", path, body, len, (const char *const[]){auth, content_type, NULL});

    free(path);
    return r;
}

static th_response *upload_csv(const char *auth, const char *unit_id, const sbuf *csv)
{
    return upload(auth, unit_id, CT_CSV, csv->p, csv->len);
}

/* The element of the 422's "rows" for line; NULL when none. */
static const json_t *bad_row(const th_response *r, long long line)
{
    size_t i;
    const json_t *row;

    json_array_foreach(json_object_get(r->json, "rows"), i, row) {
        if (th_json_int(row, "line") == line)
            return row;
    }
    return NULL;
}

/* Assert the bulk 422 names line with an error of field (bare name) and code, in "rows" and in errors[]. */
#define row_error(r, line, field, code) row_error_at(__FILE__, __LINE__, (r), (line), (field), (code))

static void row_error_at(const char *file, int line_no, const th_response *r, long long line, const char *field,
                         const char *code)
{
    const json_t *row = bad_row(r, line);
    size_t i;
    const json_t *e;
    bool found = false;
    char *pointer = th_format("/rows/%lld/%s", line, field);

    if (!row)
        th_fail_at(file, line_no, "the bulk 422 does not name line %lld in rows: %s", line, th_describe(r));
    json_array_foreach(json_object_get(row, "errors"), i, e) {
        found = found || (th_json_str(e, "field") && strcmp(th_json_str(e, "field"), field) == 0 &&
                          th_json_str(e, "code") && strcmp(th_json_str(e, "code"), code) == 0);
    }
    if (!found)
        th_fail_at(file, line_no, "line %lld of the bulk 422 lacks the error %s %s: %s", line, field, code,
                   th_describe(r));
    if (!th_find_field_error(r, pointer, code))
        th_fail_at(file, line_no, "the bulk 422's errors[] lack %s %s: %s", pointer, code, th_describe(r));
    free(pointer);
}

/* Assert r is the bulk 422 with rows_total and rows_invalid, and rows naming exactly n_invalid lines. */
#define bulk_refused(r, total, invalid) bulk_refused_at(__FILE__, __LINE__, (r), (total), (invalid))

static void bulk_refused_at(const char *file, int line, const th_response *r, long long total, long long invalid)
{
    th_assert_problem_at(file, line, r, 422, P_UNPROCESSABLE);
    if (!json_is_array(json_object_get(r->json, "rows")) ||
        (long long)json_array_size(json_object_get(r->json, "rows")) != invalid)
        th_fail_at(file, line, "the bulk 422 should list %lld bad rows in rows: %s", invalid, th_describe(r));
    int_is_at(file, line, r->json, "rows_total", total, "bulk 422");
    int_is_at(file, line, r->json, "rows_invalid", invalid, "bulk 422");
    if (json_array_size(json_object_get(r->json, "errors")) == 0 ||
        json_array_size(json_object_get(r->json, "errors")) > 16)
        th_fail_at(file, line, "the bulk 422's errors[] should hold 1-16 field errors: %s", th_describe(r));
}

/* GET the coverage of unit for year (0: no year parameter), public; new reference. */
static json_t *coverage(const char *unit_id, int year)
{
    return year ? get_json(NULL, "/v1/units/%s/pact-coverage?year=%d", unit_id, year)
                : get_json(NULL, "/v1/units/%s/pact-coverage", unit_id);
}

/* Assert the coverage of unit_id for year counts want signatures (what: for the message). */
#define signed_is(unit_id, year, want, what) signed_is_at(__FILE__, __LINE__, (unit_id), (year), (want), (what))

static void signed_is_at(const char *file, int line, const char *unit_id, int year, long long want, const char *what)
{
    json_t *c = coverage(unit_id, year);

    int_is_at(file, line, c, "signed", want, what);
    json_decref(c);
}

static bool ratio_is(const json_t *v, double want)
{
    return json_is_number(v) && fabs(json_number_value(v) - want) < 1e-9;
}

/* Assert a unit's coverage: staff < 0 means unknown (staff_count, unsigned and ratio null). */
#define coverage_is(c, unit_id, year, signed_, civil, staff, unsigned_, ratio) \
    coverage_is_at(__FILE__, __LINE__, (c), (unit_id), (year), (signed_), (civil), (staff), (unsigned_), (ratio))

static void coverage_is_at(const char *file, int line, const json_t *c, const char *unit_id, int year, long long signed_,
                           long long civil, long long staff, long long unsigned_, double ratio)
{
    str_is_at(file, line, c, "unit_id", unit_id, "coverage");
    int_is_at(file, line, c, "year", year, "coverage");
    int_is_at(file, line, c, "signed", signed_, "coverage");
    int_is_at(file, line, c, "civil_servants", civil, "coverage");
    int_is_at(file, line, c, "non_civil_servants", signed_ - civil, "coverage");
    if (staff < 0) {
        null_is_at(file, line, c, "staff_count", "coverage of a unit without a staff count");
        null_is_at(file, line, c, "unsigned", "coverage of a unit without a staff count");
        null_is_at(file, line, c, "ratio", "coverage of a unit without a staff count");
        if (!json_is_false(json_object_get(c, "staff_count_known")))
            th_fail_at(file, line, "staff_count_known should be false");
        return;
    }
    int_is_at(file, line, c, "staff_count", staff, "coverage");
    int_is_at(file, line, c, "unsigned", unsigned_, "coverage");
    if (!json_is_true(json_object_get(c, "staff_count_known")))
        th_fail_at(file, line, "staff_count_known should be true");
    if (!ratio_is(json_object_get(c, "ratio"), ratio)) {
        char *dump = json_dumps(c, JSON_COMPACT);

        th_fail_at(file, line, "coverage ratio should be %.4f: %s", ratio, dump ? dump : "?");
    }
}

/* coverage_is of the coverage of unit_id for year, as GET answers it. */
#define coverage_of_is(unit_id, year, signed_, civil, staff, unsigned_, ratio) \
    coverage_of_is_at(__FILE__, __LINE__, (unit_id), (year), (signed_), (civil), (staff), (unsigned_), (ratio))

static void coverage_of_is_at(const char *file, int line, const char *unit_id, int year, long long signed_,
                              long long civil, long long staff, long long unsigned_, double ratio)
{
    json_t *c = coverage(unit_id, year);

    coverage_is_at(file, line, c, unit_id, year, signed_, civil, staff, unsigned_, ratio);
    json_decref(c);
}

/* A unit with 12 staff signed through one CSV upload by its officer (the issue's "done when"). */
typedef struct staff12 {
    tu_unit unit;
    tu_key officer;
    int year;
    char tag[48];
    char nips[9][19];      /* the 9 civil servants; nips[0] is TU_NIP (an employee key's) */
    char names[12][128];   /* rows 0-8 civil servants, 9-11 not */
    char ids[12][37];
    char witness[64];
} staff12;

/* The CSV of the 12 (CRLF line ends, as RFC 4180 has them). */
static void staff12_csv(staff12 *s, sbuf *csv)
{
    static const char *const OTHERS[] = {"Satpam", "Petugas Kebersihan", "Tenaga Kontrak"};

    sb_add(csv, "nip,name,position,signed_on,year,trigger,witness_name,witness_position\r\n");
    for (int i = 0; i < 12; i++) {
        if (i < 9)
            sb_add(csv, "%s,%s,Staf Pelaksana,%d-01-01,%d,annual,%s,Kepala Unit\r\n", s->nips[i], s->names[i], s->year,
                   s->year, s->witness);
        else
            sb_add(csv, ",%s,%s,%d-01-01,%d,annual,,\r\n", s->names[i], OTHERS[i - 9], s->year, s->year);
    }
}

static void staff12_make(staff12 *s, long staff_count)
{
    sbuf csv = {0};
    th_response *r;

    memset(s, 0, sizeof *s);
    make_unit(&s->unit, staff_count);
    tu_create_key(&s->officer, "unit_officer", s->unit.id, NULL);
    s->year = this_year();
    th_unique(s->tag, sizeof s->tag, "ztsig");
    snprintf(s->witness, sizeof s->witness, "[Uji] Kepala %s", s->tag);
    for (int i = 0; i < 9; i++)
        snprintf(s->nips[i], sizeof s->nips[i], "198507142010011%03d", i == 0 ? 2 : i + 2);
    for (int i = 0; i < 12; i++)
        snprintf(s->names[i], sizeof s->names[i], "[Uji] %s %s %d", i < 9 ? "ASN" : "Non-ASN", s->tag, i + 1);
    staff12_csv(s, &csv);
    r = upload_csv(s->officer.auth, s->unit.id, &csv);
    if (r->status != 201)
        th_fail("the CSV upload of 12 signatures: expected 201, got %s", th_describe(r));
    str_is(r->json, "unit_id", s->unit.id, "bulk upload");
    int_is(r->json, "created", 12, "bulk upload");
    if (json_array_size(json_object_get(r->json, "ids")) != 12)
        th_fail("the bulk answer should list 12 ids: %s", th_describe(r));
    for (int i = 0; i < 12; i++) {
        const char *id = json_string_value(json_array_get(json_object_get(r->json, "ids"), (size_t)i));

        if (!th_is_uuid(id))
            th_fail("id %d of the bulk answer is not a uuid: %s", i, th_describe(r));
        snprintf(s->ids[i], sizeof s->ids[i], "%s", id);
        for (int k = 0; k < i; k++) {
            if (strcmp(s->ids[k], id) == 0)
                th_fail("the bulk answer repeats an id: %s", th_describe(r));
        }
    }
    th_response_free(r);
    sb_free(&csv);
}

TH_TEST(test_unit_officer_signs_the_pact_for_12_staff_with_one_csv_upload_and_coverage_counts_12_of_40)
{
    staff12 s;
    long long feed = tu_feed_end();
    long audit_before = pact_audit_count();
    json_t *c;
    json_t *events;

    staff12_make(&s, 40);

    /* Coverage (public): 12 of 40 signed, 9 civil servants; the year defaults to this one. */
    coverage_of_is(s.unit.id, s.year, 12, 9, 40, 28, 0.3);
    c = coverage(s.unit.id, 0);
    coverage_is(c, s.unit.id, s.year, 12, 9, 40, 28, 0.3);
    json_decref(c);
    coverage_of_is(s.unit.id, s.year - 1, 0, 0, 40, 40, 0.0);

    /* ONE event for the upload, naming the unit; one audit record per signature, personal. */
    events = events_after(feed);
    {
        /* The feed also has the unit's and the officer key's creation (staff12_make). */
        size_t i;
        const json_t *e;
        int pact_events = 0;
        const json_t *imported = NULL;

        json_array_foreach(events, i, e) {
            if (strncmp(th_json_str(e, "type"), "pact_signature.", 15) == 0) {
                pact_events++;
                imported = e;
            }
        }
        if (pact_events != 1 || strcmp(th_json_str(imported, "type"), "pact_signature.imported") ||
            strcmp(th_json_str(imported, "resource_type"), "unit") ||
            strcmp(th_json_str(imported, "resource_id"), s.unit.id)) {
            char *dump = json_dumps(events, JSON_COMPACT);

            th_fail("the upload should make exactly one pact_signature event, pact_signature.imported of the unit: "
                    "%.1500s",
                    dump ? dump : "?");
        }
    }
    json_decref(events);
    if (pact_audit_count() != audit_before + 12)
        th_fail("the upload of 12 should make 12 pact_signature audit records, made %ld",
                pact_audit_count() - audit_before);
    for (int i = 0; i < 12; i++) {
        json_t *records = audit_of(s.ids[i]);
        const json_t *rec = json_array_get(records, 0);

        if (json_array_size(records) != 1 || strcmp(th_json_str(rec, "action"), "pact_signature.created") ||
            strcmp(th_json_str(rec, "resource_type"), "pact_signature") ||
            !json_is_true(json_object_get(rec, "personal")))
            th_fail("signature %d should have one personal pact_signature.created audit record", i);
        json_decref(records);
    }

    /* The rows read back in row order, with their values. */
    {
        char *q = th_format("/v1/units/%s/pact-signatures?limit=200", s.unit.id);
        json_t *items = list_all(th_admin_auth(), q);

        /* Listed by created_at, id: one upload is one transaction, so its rows may come in any
         * order; the answer's ids are in row order. */
        if (json_array_size(items) != 12)
            th_fail("the unit should list 12 signatures after the upload, lists %zu", json_array_size(items));
        for (int i = 0; i < 12; i++) {
            const json_t *it = item_by_id(items, s.ids[i]);

            if (!it)
                th_fail("the unit's list lacks the signature of row %d (%s)", i + 1, s.ids[i]);

            str_is(it, "name", s.names[i], "an uploaded signature");
            int_is(it, "year", s.year, "an uploaded signature");
            str_is(it, "trigger", "annual", "an uploaded signature");
            if (i < 9) {
                str_is(it, "nip", s.nips[i], "an uploaded civil servant's signature");
                str_is(it, "witness_name", s.witness, "an uploaded civil servant's signature");
                if (!json_is_true(json_object_get(it, "civil_servant")))
                    th_fail("a signature with a NIP is a civil servant's");
            } else {
                null_is(it, "nip", "an uploaded non-civil servant's signature");
                null_is(it, "witness_name", "an empty CSV cell");
                if (!json_is_false(json_object_get(it, "civil_servant")))
                    th_fail("a signature without a NIP is not a civil servant's");
            }
        }
        json_decref(items);
        free(q);
    }

    /* A second upload with one duplicate NIP (line 3) and one invalid NIP (line 4): 422 naming
     * both lines, and nothing written — not even the good rows. */
    {
        sbuf csv = {0};
        th_response *r;
        long audit_mid = pact_audit_count();
        long long feed_mid = tu_feed_end();

        sb_add(&csv, "nip,name,position,signed_on,year,trigger\r\n");
        sb_add(&csv, "198507142010011050,[Uji] %s Baru,Staf,%d-01-01,%d,annual\r\n", s.tag, s.year, s.year);
        sb_add(&csv, "%s,[Uji] %s Ganda,Staf,%d-01-01,%d,annual\r\n", s.nips[3], s.tag, s.year, s.year);
        sb_add(&csv, "198502302010011003,[Uji] %s Salah,Staf,%d-01-01,%d,annual\r\n", s.tag, s.year, s.year);
        sb_add(&csv, ",[Uji] %s Kontrak Baru,Sopir,%d-01-01,%d,annual\r\n", s.tag, s.year, s.year);
        r = upload_csv(s.officer.auth, s.unit.id, &csv);
        bulk_refused(r, 4, 2);
        row_error(r, 3, "nip", "duplicate");
        row_error(r, 4, "nip", "invalid_format");
        if (bad_row(r, 2) || bad_row(r, 5))
            th_fail("the 422 names a good row: %s", th_describe(r));
        th_response_free(r);
        sb_free(&csv);
        coverage_of_is(s.unit.id, s.year, 12, 9, 40, 28, 0.3);
        if (pact_audit_count() != audit_mid)
            th_fail("the refused upload wrote audit records");
        if (tu_feed_end() != feed_mid)
            th_fail("the refused upload made an event");
    }
}

/* The row (0-11) of the signature id, -1 when it is none of the 12. */
static int staff12_row(const staff12 *s, const char *id)
{
    for (int i = 0; id && i < 12; i++) {
        if (strcmp(s->ids[i], id) == 0)
            return i;
    }
    return -1;
}

typedef struct caller {
    const char *label;
    const char *auth;
    int sees; /* 0 nothing personal, 1 only the signer's own (row 0), 2 everything */
} caller;

TH_TEST(test_personal_fields_of_signatures_reach_only_admin_upg_the_units_officer_and_the_signer)
{
    staff12 s;
    tu_unit other;
    tu_key other_employee, other_officer, evaluator, upg, signer, colleague;
    char *list;
    caller callers[8];
    size_t n = 0;
    char column_failure[600] = "";

    staff12_make(&s, 40);
    make_unit(&other, 5);
    unit_keys(&other, &other_officer, &other_employee, OTHER_NIP);
    city_keys(&upg, &evaluator);
    unit_keys(&s.unit, NULL, &signer, TU_NIP);
    unit_keys(&s.unit, NULL, &colleague, OTHER_NIP);
    callers[n++] = (caller){"an employee of another unit", other_employee.auth, 0};
    callers[n++] = (caller){"the officer of another unit", other_officer.auth, 0};
    callers[n++] = (caller){"an evaluator", evaluator.auth, 0};
    callers[n++] = (caller){"a colleague who signed nothing", colleague.auth, 0};
    callers[n++] = (caller){"the signer", signer.auth, 1};
    callers[n++] = (caller){"the unit's officer", s.officer.auth, 2};
    callers[n++] = (caller){"the UPG", upg.auth, 2};
    callers[n++] = (caller){"an admin", th_admin_auth(), 2};
    list = th_format("/v1/units/%s/pact-signatures?limit=200", s.unit.id);

    for (size_t k = 0; k < n; k++) {
        th_response *r = call("GET", callers[k].auth, NULL, NULL, "%s", list);
        const json_t *items;
        size_t i;
        const json_t *it;

        th_assert_status(r, 200);
        items = tu_data(r);
        /* Everyone sees the 12 signatures and whether each is a civil servant's. */
        if (json_array_size(items) != 12)
            th_fail("%s lists %zu signatures, expected 12: %s", callers[k].label, json_array_size(items),
                    th_describe(r));
        json_array_foreach(items, i, it) {
            int row = staff12_row(&s, th_json_str(it, "id"));
            bool own = row == 0; /* row 0 carries TU_NIP, the signer's */
            bool may = callers[k].sees == 2 || (callers[k].sees == 1 && own);

            if (!json_is_boolean(json_object_get(it, "civil_servant")) || !th_is_uuid(th_json_str(it, "id")) ||
                th_json_int(it, "year") != s.year || !th_json_str(it, "signed_on") || !th_json_str(it, "trigger"))
                th_fail("%s: signature %zu lacks its public members: %s", callers[k].label, i, th_describe(r));
            if (row < 0)
                th_fail("%s: the list holds a signature not uploaded: %s", callers[k].label, th_describe(r));
            if (json_is_true(json_object_get(it, "civil_servant")) != (row < 9))
                th_fail("%s: signature of row %d has the wrong civil_servant", callers[k].label, row + 1);
            for (int m = 0; m < N_PERSONAL; m++) {
                bool present = has_member(it, PERSONAL[m]);

                if (!may && present)
                    th_fail("%s sees %s of signature %zu: %s", callers[k].label, PERSONAL[m], i, th_describe(r));
                if (may && !present)
                    th_fail("%s does not see %s of signature %zu: %s", callers[k].label, PERSONAL[m], i,
                            th_describe(r));
            }
        }
        if (callers[k].sees == 0) {
            /* Not a trace in the raw body either. */
            for (int j = 0; j < 9; j++) {
                if (strstr(r->body, s.nips[j]))
                    th_fail("%s: the list body holds the NIP %s", callers[k].label, s.nips[j]);
            }
            if (strstr(r->body, s.tag) || strstr(r->body, "Staf Pelaksana") || strstr(r->body, "Satpam"))
                th_fail("%s: the list body holds a name, position or witness: %.800s", callers[k].label, r->body);
        }
        if (callers[k].sees == 1) {
            if (strstr(r->body, s.nips[1]) || strstr(r->body, s.names[1]) || strstr(r->body, s.names[10]))
                th_fail("the signer sees another's NIP or name: %.800s", r->body);
            str_is(item_by_id(items, s.ids[0]), "nip", TU_NIP, "the signer's own signature");
        }
        th_response_free(r);

        /* The CSV export: the same rule. */
        r = call("GET", callers[k].auth, "Accept: text/csv", NULL, "%s", list);
        th_assert_status(r, 200);
        if (!th_header(r, "Content-Type") || strncmp(th_header(r, "Content-Type"), "text/csv", 8) != 0)
            th_fail("Accept: text/csv did not give CSV: %s", th_describe(r));
        if (!strstr(r->body, s.ids[0]) || !strstr(r->body, s.ids[11]))
            th_fail("%s: the CSV export lacks the signatures: %.600s", callers[k].label, r->body);
        for (int j = 0; j < 9; j++) {
            bool may = callers[k].sees == 2 || (callers[k].sees == 1 && j == 0);

            if (!may && strstr(r->body, s.nips[j]))
                th_fail("%s: the CSV export holds the NIP %s", callers[k].label, s.nips[j]);
            if (may && !strstr(r->body, s.nips[j]))
                th_fail("%s: the CSV export lacks the NIP %s", callers[k].label, s.nips[j]);
        }
        if (callers[k].sees == 0 && (strstr(r->body, s.tag) || strstr(r->body, "Satpam")))
            th_fail("%s: the CSV export holds a name or position: %.600s", callers[k].label, r->body);
        if (callers[k].auth == evaluator.auth || callers[k].auth == other_officer.auth) {
            /* "The same columns the caller may see": a key without a NIP can be no signer, and
             * these roles see no personal field of this unit, so the header has none (checked
             * last: a column without values leaks nothing, the checks above matter more). */
            const char *eol = strchr(r->body, '\n');
            char *header = th_format(",%.*s,", eol ? (int)(eol - r->body) : (int)strlen(r->body), r->body);

            for (char *p = header; *p; p++)
                if (*p == '\r')
                    *p = ',';
            for (int m = 0; m < N_PERSONAL; m++) {
                char *col = th_format(",%s,", PERSONAL[m]);

                if (strstr(header, col) && !column_failure[0])
                    snprintf(column_failure, sizeof column_failure,
                             "%s: the CSV header has the column %s it may never see: %s", callers[k].label,
                             PERSONAL[m], header);
                free(col);
            }
            free(header);
        }
        if (callers[k].sees == 2 && !strstr(r->body, s.names[11]))
            th_fail("%s: the CSV export lacks a name: %.600s", callers[k].label, r->body);
        th_response_free(r);

        /* Single reads: the signer's own signature and another's. */
        for (int which = 0; which < 2; which++) {
            const char *id = s.ids[which == 0 ? 0 : 5];
            bool may = callers[k].sees == 2 || (callers[k].sees == 1 && which == 0);

            r = call("GET", callers[k].auth, NULL, NULL, "/v1/units/%s/pact-signatures/%s", s.unit.id, id);
            th_assert_status(r, 200);
            for (int m = 0; m < N_PERSONAL; m++) {
                if (has_member(r->json, PERSONAL[m]) != may)
                    th_fail("%s reading signature %s: %s is %s: %s", callers[k].label, id, PERSONAL[m],
                            may ? "missing" : "shown", th_describe(r));
            }
            th_response_free(r);
        }
    }
    /* No key: no signatures at all; coverage stays public. */
    refused(call("GET", NULL, NULL, NULL, "%s", list), 401, P_UNAUTHORIZED, NULL, NULL);
    refused(call("GET", NULL, NULL, NULL, "/v1/units/%s/pact-signatures/%s", s.unit.id, s.ids[0]), 401, P_UNAUTHORIZED,
            NULL, NULL);
    free(list);
    if (column_failure[0])
        th_fail("%s", column_failure);
}

TH_TEST(test_csv_upload_keeps_quoted_commas_and_quotes_ignores_a_bom_and_takes_lf_and_any_column_order)
{
    tu_unit u;
    tu_key officer;
    sbuf csv = {0};
    char tag[48];
    char names[4][160];
    th_response *r;
    int y = 2025;

    make_unit(&u, 10);
    tu_create_key(&officer, "unit_officer", u.id, NULL);
    th_unique(tag, sizeof tag, "ztcsv");
    snprintf(names[0], sizeof names[0], "[Uji] Sari, S.Kep %s", tag);
    snprintf(names[1], sizeof names[1], "[Uji] Dedi \"Dd\" Kurniawan %s", tag);
    snprintf(names[2], sizeof names[2], "\"Ani\" Baris, Dua [Uji] %s", tag);
    snprintf(names[3], sizeof names[3], "[Uji] Siti Nur\xE2\x80\x99" "aini %s", tag);
    /* BOM, LF line ends, columns in another order, witness columns left out. */
    sb_add(&csv, "\xEF\xBB\xBF" "trigger,signed_on,name,position,year,nip\n");
    sb_add(&csv, "annual,%d-02-03,\"[Uji] Sari, S.Kep %s\",Perawat,%d,198507142010011021\n", y, tag, y);
    sb_add(&csv, "appointment,%d-02-03,\"[Uji] Dedi \"\"Dd\"\" Kurniawan %s\",\"Satpam, Pos 1\",%d,\n", y, tag, y);
    sb_add(&csv, "transfer,%d-02-03,\"\"\"Ani\"\" Baris, Dua [Uji] %s\",Staf,%d,198507142010012022\n", y, tag, y);
    sb_add(&csv, "declaration,%d-02-03,%s,Bidan,%d,\n", y, names[3], y);
    r = upload(officer.auth, u.id, "Content-Type: text/csv; charset=utf-8", csv.p, csv.len);
    if (r->status != 201)
        th_fail("the CSV upload: expected 201, got %s", th_describe(r));
    int_is(r->json, "created", 4, "CSV upload");
    {
        static const char *const TRIGGERS[] = {"annual", "appointment", "transfer", "declaration"};
        static const char *const POSITIONS[] = {"Perawat", "Satpam, Pos 1", "Staf", "Bidan"};
        static const char *const NIPS[] = {"198507142010011021", NULL, "198507142010012022", NULL};

        for (int i = 0; i < 4; i++) {
            const char *id = json_string_value(json_array_get(json_object_get(r->json, "ids"), (size_t)i));
            th_response *g = call("GET", officer.auth, NULL, NULL, "/v1/units/%s/pact-signatures/%s", u.id, id ? id : "-");

            th_assert_status(g, 200);
            str_is(g->json, "name", names[i], "a CSV row read back (in row order)");
            str_is(g->json, "position", POSITIONS[i], "a CSV row read back");
            str_is(g->json, "trigger", TRIGGERS[i], "a CSV row read back");
            str_is(g->json, "signed_on", "2025-02-03", "a CSV row read back");
            str_is(g->json, "unit_id", u.id, "a CSV row read back");
            if (NIPS[i])
                str_is(g->json, "nip", NIPS[i], "a CSV row read back");
            else
                null_is(g->json, "nip", "an empty NIP cell");
            null_is(g->json, "witness_name", "a CSV without witness columns");
            th_response_free(g);
        }
    }
    th_response_free(r);
    sb_free(&csv);
}

TH_TEST(test_csv_errors_name_the_physical_line_where_each_bad_record_starts)
{
    tu_unit u;
    sbuf csv = {0};
    th_response *r;
    char tag[48];
    int y = 2025;
    int next = this_year() + 1;

    make_unit(&u, 10);
    th_unique(tag, sizeof tag, "ztline");
    /* Line 1 header; lines 2-3 one record (a quoted line break: the CSV holds it, but a name is
     * a one-line string, so the record is refused with control_character, at its first line);
     * line 4 a bad trigger; line 5 good; line 6 a date in the future; line 7 a date of another
     * year; line 8 no name; line 9 a NIP of 17 digits; line 10 a year out of range. CRLF line
     * ends. */
    sb_add(&csv, "year,nip,name,position,signed_on,trigger\r\n");
    sb_add(&csv, "%d,,\"[Uji] %s dua\r\nbaris\",Staf,%d-03-01,annual\r\n", y, tag, y);
    sb_add(&csv, "%d,,[Uji] %s pemicu,Staf,%d-03-01,yearly\r\n", y, tag, y);
    sb_add(&csv, "%d,,[Uji] %s baik,Staf,%d-03-01,annual\r\n", y, tag, y);
    sb_add(&csv, "%d,,[Uji] %s masa depan,Staf,%d-06-01,annual\r\n", next, tag, next);
    sb_add(&csv, "%d,,[Uji] %s tahun lain,Staf,%d-03-01,annual\r\n", y, tag, y - 1);
    sb_add(&csv, "%d,,,Staf,%d-03-01,annual\r\n", y, y);
    sb_add(&csv, "%d,19850714201001100,[Uji] %s pendek,Staf,%d-03-01,annual\r\n", y, tag, y);
    sb_add(&csv, "1999,,[Uji] %s tahun,Staf,1999-03-01,annual\r\n", tag);
    r = upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len);
    bulk_refused(r, 8, 7);
    row_error(r, 2, "name", "control_character");
    row_error(r, 4, "trigger", "invalid_value");
    row_error(r, 6, "signed_on", "in_future");
    if (!bad_row(r, 7) || !bad_row(r, 8) || !bad_row(r, 9) || !bad_row(r, 10))
        th_fail("lines 7-10 should each be named: %s", th_describe(r));
    row_error(r, 8, "name", "required");
    row_error(r, 7, "signed_on", "year_mismatch");
    if (bad_row(r, 3) || bad_row(r, 5))
        th_fail("line 3 (inside a record) or the good record on line 5 is named: %s", th_describe(r));
    th_response_free(r);
    sb_free(&csv);
    coverage_of_is(u.id, y, 0, 0, 10, 10, 0.0);
}

TH_TEST(test_csv_header_with_an_unknown_repeated_or_missing_column_an_upload_without_rows_or_a_broken_csv_is_400)
{
    tu_unit u;
    sbuf csv = {0};

    make_unit(&u, 10);
    sb_add(&csv, "year,name,position,signed_on,trigger,email\r\n2025,[Uji] a,Staf,2025-01-02,annual,a@b.c\r\n");
    refused(upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len), 400, P_INVALID, "/header", "unknown_field");
    sb_free(&csv);
    sb_add(&csv, "year,name,position,signed_on,trigger,name\r\n2025,[Uji] a,Staf,2025-01-02,annual,[Uji] b\r\n");
    refused(upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len), 400, P_INVALID, "/header", "duplicate");
    sb_free(&csv);
    sb_add(&csv, "year,name,position,signed_on\r\n2025,[Uji] a,Staf,2025-01-02\r\n");
    refused(upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len), 400, P_INVALID, "/header", "required");
    sb_free(&csv);
    /* A header without rows, and a JSON upload without rows: 400 (1 to 5,000 rows). */
    sb_add(&csv, "year,name,position,signed_on,trigger\r\n");
    status_is(upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len), 400);
    sb_free(&csv);
    refused(call("POST", th_admin_auth(), NULL, "{\"signatures\":[]}", "/v1/units/%s/pact-signatures/bulk", u.id), 400,
            P_INVALID, NULL, NULL);
    /* A CSV that cannot be parsed (an unterminated quote on line 3): 400 naming the line. */
    sb_add(&csv, "year,name,position,signed_on,trigger\r\n2025,[Uji] a,Staf,2025-01-02,annual\r\n"
                 "2025,\"[Uji] b,Staf,2025-01-02,annual\r\n");
    {
        th_response *r = upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len);
        const char *detail = th_json_str(r->json, "detail");

        th_assert_status(r, 400);
        if (!detail || !strstr(detail, "3"))
            th_fail("the 400 of a broken CSV should name its line (3) in detail: %s", th_describe(r));
        th_response_free(r);
    }
    sb_free(&csv);
    signed_is(u.id, 2025, 0, "coverage after refused uploads");
}

TH_TEST(test_bulk_422_lists_every_bad_row_in_rows_but_only_the_first_16_field_errors)
{
    tu_unit u;
    sbuf csv = {0};
    th_response *r;

    make_unit(&u, 10);
    /* 20 rows without a name (lines 2-21) and a good one (line 22). */
    sb_add(&csv, "year,name,position,signed_on,trigger\n");
    for (int i = 0; i < 20; i++)
        sb_add(&csv, "2025,,Staf,2025-01-02,annual\n");
    sb_add(&csv, "2025,[Uji] baik,Staf,2025-01-02,annual\n");
    r = upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len);
    bulk_refused(r, 21, 20);
    if (json_array_size(json_object_get(r->json, "errors")) != 16)
        th_fail("errors[] should hold the first 16 of 20 field errors: %s", th_describe(r));
    for (int line = 2; line <= 21; line++) {
        if (!bad_row(r, line))
            th_fail("rows should name line %d: %s", line, th_describe(r));
    }
    row_error(r, 2, "name", "required");
    if (!th_find_field_error(r, "/rows/17/name", "required") || th_find_field_error(r, "/rows/18/name", NULL))
        th_fail("errors[] should be those of lines 2-17: %s", th_describe(r));
    th_response_free(r);
    sb_free(&csv);

    /* An unknown unit: 404; an archived one: 409. */
    {
        char missing[37];
        const char *one = "year,name,position,signed_on,trigger\n2025,[Uji] a,Staf,2025-01-02,annual\n";

        th_random_uuid(missing);
        refused(upload(th_admin_auth(), missing, CT_CSV, one, strlen(one)), 404, P_NOT_FOUND, NULL, NULL);
        archive_unit(u.id);
        refused(upload(th_admin_auth(), u.id, CT_CSV, one, strlen(one)), 409, P_CONFLICT, NULL, NULL);
    }
}

TH_TEST(test_json_bulk_upload_creates_every_row_or_names_bad_rows_by_index_plus_one)
{
    tu_unit u;
    tu_key officer;
    char tag[48];
    char *body;
    th_response *r;

    make_unit(&u, 10);
    tu_create_key(&officer, "unit_officer", u.id, NULL);
    th_unique(tag, sizeof tag, "ztjson");
    body = th_format("{\"signatures\":["
                     "{\"year\":2025,\"nip\":\"198507142010011031\",\"name\":\"[Uji] %s a\",\"position\":\"Guru\","
                     "\"signed_on\":\"2025-07-14\",\"trigger\":\"annual\",\"witness_name\":\"[Uji] Kepala\","
                     "\"witness_position\":\"Kepala Sekolah\"},"
                     "{\"year\":2025,\"name\":\"[Uji] %s b\",\"position\":\"Penjaga Sekolah\","
                     "\"signed_on\":\"2025-07-14\",\"trigger\":\"appointment\"},"
                     "{\"year\":2025,\"nip\":null,\"name\":\"[Uji] %s c\",\"position\":\"Guru Honorer\","
                     "\"signed_on\":\"2025-07-15\",\"trigger\":\"transfer\",\"witness_name\":null}]}",
                     tag, tag, tag);
    r = call("POST", officer.auth, NULL, body, "/v1/units/%s/pact-signatures/bulk", u.id);
    if (r->status != 201)
        th_fail("the JSON upload: expected 201, got %s", th_describe(r));
    int_is(r->json, "created", 3, "JSON upload");
    th_response_free(r);
    free(body);
    coverage_of_is(u.id, 2025, 3, 1, 10, 7, 0.3);

    /* Row 2 (index 1) lacks its name, row 3 has a NIP with sex digit 3: lines 2 and 3. */
    body = th_format("{\"signatures\":["
                     "{\"year\":2025,\"name\":\"[Uji] %s d\",\"position\":\"Guru\",\"signed_on\":\"2025-07-14\","
                     "\"trigger\":\"annual\"},"
                     "{\"year\":2025,\"position\":\"Guru\",\"signed_on\":\"2025-07-14\",\"trigger\":\"annual\"},"
                     "{\"year\":2025,\"nip\":\"198507142010013002\",\"name\":\"[Uji] %s e\",\"position\":\"Guru\","
                     "\"signed_on\":\"2025-07-14\",\"trigger\":\"annual\"}]}",
                     tag, tag);
    r = call("POST", officer.auth, NULL, body, "/v1/units/%s/pact-signatures/bulk", u.id);
    bulk_refused(r, 3, 2);
    row_error(r, 2, "name", "required");
    row_error(r, 3, "nip", "invalid_format");
    th_response_free(r);
    free(body);

    /* Members other than signatures: 400. */
    body = th_format("{\"signatures\":[{\"year\":2025,\"name\":\"[Uji] %s f\",\"position\":\"Guru\","
                     "\"signed_on\":\"2025-07-14\",\"trigger\":\"annual\"}],\"dry_run\":true}",
                     tag);
    refused(call("POST", officer.auth, NULL, body, "/v1/units/%s/pact-signatures/bulk", u.id), 400, P_INVALID,
            "/dry_run", "unknown_field");
    free(body);
    signed_is(u.id, 2025, 3, "coverage after refused JSON uploads");
}

TH_TEST(test_a_duplicate_within_one_upload_is_422_naming_the_repeated_row)
{
    tu_unit u;
    char tag[48];
    sbuf csv = {0};
    th_response *r;

    make_unit(&u, 10);
    th_unique(tag, sizeof tag, "ztdup");
    /* The same NIP twice (lines 2 and 4); the same person without a NIP twice, by name and
     * position in another case (lines 3 and 5). */
    sb_add(&csv, "year,nip,name,position,signed_on,trigger\r\n");
    sb_add(&csv, "2025,198507142010011041,[Uji] %s Budi,Guru,2025-01-06,annual\r\n", tag);
    sb_add(&csv, "2025,,[Uji] %s Joko,Satpam,2025-01-06,annual\r\n", tag);
    sb_add(&csv, "2025,198507142010011041,[Uji] %s Budi Lagi,Guru,2025-01-06,annual\r\n", tag);
    sb_add(&csv, "2025,,[UJI] %s JOKO,SATPAM,2025-01-06,annual\r\n", tag);
    sb_add(&csv, "2025,,[Uji] %s Joko,Sopir,2025-01-06,annual\r\n", tag);
    r = upload(th_admin_auth(), u.id, CT_CSV, csv.p, csv.len);
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    row_error(r, 4, "nip", "duplicate");
    row_error(r, 5, "name", "duplicate");
    if (bad_row(r, 6))
        th_fail("the same name in another position is no duplicate: %s", th_describe(r));
    int_is(r->json, "rows_total", 5, "bulk 422");
    th_response_free(r);
    sb_free(&csv);
    signed_is(u.id, 2025, 0, "coverage after the refused upload");
}

TH_TEST(test_bulk_upload_of_5000_rows_succeeds_5001_rows_is_422_too_many_and_over_2_mib_is_413)
{
    tu_unit u;
    char tag[48];
    sbuf csv = {0};
    th_response *r;
    long audit_before;

    make_unit(&u, 6000);
    th_unique(tag, sizeof tag, "ztmax");
    sb_add(&csv, "year,name,position,signed_on,trigger\n");
    for (int i = 1; i <= 5001; i++)
        sb_add(&csv, "2024,[Uji] %s %04d,Staf,2024-05-06,annual\n", tag, i);
    /* 5001 rows: 422 /rows too_many, nothing written. */
    audit_before = pact_audit_count();
    r = upload_csv(th_admin_auth(), u.id, &csv);
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/rows", "too_many");
    th_response_free(r);
    if (pact_audit_count() != audit_before)
        th_fail("the refused upload of 5001 rows wrote audit records");

    /* The same without its last row: exactly 5000, over the 64 KiB of other bodies, accepted. */
    {
        char *last = csv.p + csv.len - 1;

        while (last > csv.p && last[-1] != '\n')
            last--;
        csv.len = (size_t)(last - csv.p);
        csv.p[csv.len] = '\0';
    }
    if (csv.len <= 64 * 1024)
        th_fail("the 5000-row CSV should be larger than 64 KiB (%zu bytes)", csv.len);
    /* Sent to a server of the test's own on the same database, with a statement timeout of
     * 60 s: the shared server runs with 1 s for the runtime suite, and one INSERT of 5000
     * journalled rows takes about that long; under ASan on a loaded CI machine it once took
     * over the default 5 s. What is tested is the limit, not the speed. */
    {
        tu_server own;
        char *full;

        tu_server_start(&own, th_database_url(), (const char *const[]){"--statement-timeout-ms", "60000", NULL});
        full = th_format("%s/v1/units/%s/pact-signatures/bulk", own.base, u.id);
        r = th_request_bytes("POST", full, csv.p, csv.len, (const char *const[]){th_admin_auth(), CT_CSV, NULL});
        if (r->status != 201)
            th_fail("an upload of exactly 5000 rows (%zu bytes): expected 201, got %s", csv.len, th_describe(r));
        int_is(r->json, "created", 5000, "upload of 5000");
        th_response_free(r);
        tu_server_stop(&own);
        free(full);
    }
    if (pact_audit_count() != audit_before + 5000)
        th_fail("the upload of 5000 should make 5000 audit records, made %ld", pact_audit_count() - audit_before);
    coverage_of_is(u.id, 2024, 5000, 0, 6000, 1000, 0.8333);
    sb_free(&csv);

    /* Over 2 MiB (with fewer than 5000 rows of long cells): 413. */
    {
        char cell[201];
        tu_unit v;

        make_unit(&v, 10);
        memset(cell, 'x', 200);
        cell[200] = '\0';
        sb_add(&csv, "year,name,position,signed_on,trigger,witness_name,witness_position\n");
        for (int i = 1; csv.len <= 2 * 1024 * 1024 + 4096; i++)
            sb_add(&csv, "2024,[Uji] %04d %.180s,%s,2024-05-06,annual,%s,%s\n", i, cell, cell, cell, cell);
        r = upload_csv(th_admin_auth(), v.id, &csv);
        th_assert_problem(r, 413, "urn:zi:problem:payload-too-large");
        th_response_free(r);
        sb_free(&csv);
        signed_is(v.id, 2024, 0, "coverage after the 413");
    }
}

TH_TEST(test_single_signing_returns_the_signature_with_location_etag_audit_and_event)
{
    tu_unit u;
    tu_key officer;
    char tag[48];
    char *body;
    char *name;
    th_response *r;
    char id[37];
    long long feed;

    make_unit(&u, 20);
    tu_create_key(&officer, "unit_officer", u.id, NULL);
    feed = tu_feed_end();
    th_unique(tag, sizeof tag, "ztone");
    name = th_format("[Uji] %s", tag);
    body = th_format("{\"year\":2025,\"nip\":\"%s\",\"name\":\"%s\",\"position\":\"Analis Kebijakan\","
                     "\"signed_on\":\"2025-03-04\",\"witness_name\":\"[Uji] Atasan\",\"witness_position\":\"Kepala Dinas\","
                     "\"trigger\":\"appointment\"}",
                     TU_NIP, name);
    r = created(call("POST", officer.auth, NULL, body, "/v1/units/%s/pact-signatures", u.id), id);
    str_is(r->json, "unit_id", u.id, "signature");
    int_is(r->json, "year", 2025, "signature");
    str_is(r->json, "nip", TU_NIP, "signature");
    str_is(r->json, "name", name, "signature");
    str_is(r->json, "position", "Analis Kebijakan", "signature");
    str_is(r->json, "signed_on", "2025-03-04", "signature");
    str_is(r->json, "witness_name", "[Uji] Atasan", "signature");
    str_is(r->json, "witness_position", "Kepala Dinas", "signature");
    str_is(r->json, "trigger", "appointment", "signature");
    int_is(r->json, "version", 1, "signature");
    if (!json_is_true(json_object_get(r->json, "civil_servant")) || !th_json_str(r->json, "created_at") ||
        !th_json_str(r->json, "updated_at"))
        th_fail("signature lacks civil_servant true or its timestamps: %s", th_describe(r));
    if (strcmp(th_header(r, "ETag"), "\"1\"") != 0)
        th_fail("a new signature's ETag should be \"1\": %s", th_header(r, "ETag"));
    {
        char *want = th_format("/v1/units/%s/pact-signatures/%s", u.id, id);
        const char *loc = th_header(r, "Location");

        if (!loc || !strstr(loc, want))
            th_fail("Location should name %s: %s", want, loc ? loc : "(none)");
        free(want);
    }
    {
        th_response *g = call("GET", officer.auth, NULL, NULL, "/v1/units/%s/pact-signatures/%s", u.id, id);

        th_assert_status(g, 200);
        if (!json_equal(g->json, r->json))
            th_fail("GET after signing differs: %s vs %s", g->body, r->body);
        th_response_free(g);
    }
    th_response_free(r);
    {
        json_t *events = events_after(feed);
        json_t *records = audit_of(id);

        if (json_array_size(events) != 1 ||
            strcmp(th_json_str(json_array_get(events, 0), "type"), "pact_signature.created") ||
            strcmp(th_json_str(json_array_get(events, 0), "resource_id"), id))
            th_fail("single signing should make one pact_signature.created event of the signature");
        if (json_array_size(records) != 1 || !json_is_true(json_object_get(json_array_get(records, 0), "personal")))
            th_fail("single signing should make one audit record marked personal");
        json_decref(events);
        json_decref(records);
    }
    /* civil_servant is read-only. */
    free(body);
    body = th_format("{\"year\":2025,\"civil_servant\":false,\"name\":\"%s x\",\"position\":\"Staf\","
                     "\"signed_on\":\"2025-03-04\",\"trigger\":\"annual\"}",
                     name);
    refused(call("POST", officer.auth, NULL, body, "/v1/units/%s/pact-signatures", u.id), 400, P_INVALID,
            "/civil_servant", "read_only");
    free(body);
    free(name);
}

TH_TEST(test_single_signing_refuses_an_impossible_nip_with_400_invalid_format)
{
    tu_unit u;
    static const char *const BAD[] = {
        "198502302010011002", /* born 30 February */
        "198507142010013002", /* sex digit 3 */
        "198513142010011002", /* birth month 13 */
        "198507141990011002", /* appointed before birth */
        "198507142010131002", /* appointment month 13 */
        "19850714201001100A", /* not all digits */
    };

    make_unit(&u, 20);
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++)
        refused(sign(th_admin_auth(), u.id, 2025, BAD[i], "[Uji] NIP salah", "Staf", "2025-01-02"), 400, P_INVALID,
                "/nip", "invalid_format");
    signed_is(u.id, 2025, 0, "coverage after refused signatures");
}

TH_TEST(test_one_signature_per_person_unit_and_year_by_nip_or_by_name_and_position)
{
    tu_unit u, v;
    char tag[48];
    char *name;
    char *upper_name;

    make_unit(&u, 20);
    make_unit(&v, 20);
    th_unique(tag, sizeof tag, "ztone");
    name = th_format("[Uji] Rina %s", tag);
    upper_name = th_format("[UJI] RINA %s", tag);
    for (char *p = upper_name; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);

    make_signature(u.id, 2025, OTHER_NIP, name, "Bidan", NULL);
    /* The same NIP again, even under another name: 409 /nip duplicate. */
    refused(sign(th_admin_auth(), u.id, 2025, OTHER_NIP, "[Uji] lain", "Perawat", "2025-05-05"), 409, P_CONFLICT, "/nip",
            "duplicate");
    /* Another year, another unit: fine. */
    make_signature(u.id, 2024, OTHER_NIP, name, "Bidan", NULL);
    make_signature(v.id, 2025, OTHER_NIP, name, "Bidan", NULL);

    /* Without a NIP: the same name and position, in any case, is the same person. */
    make_signature(u.id, 2025, NULL, name, "Satpam", NULL);
    refused(sign(th_admin_auth(), u.id, 2025, NULL, name, "Satpam", "2025-02-02"), 409, P_CONFLICT, "/name",
            "duplicate");
    refused(sign(th_admin_auth(), u.id, 2025, NULL, upper_name, "SATPAM", "2025-02-02"), 409, P_CONFLICT, "/name",
            "duplicate");
    /* Another position, or a civil servant of that name: another person. */
    make_signature(u.id, 2025, NULL, name, "Sopir", NULL);
    make_signature(u.id, 2025, TU_NIP, name, "Satpam", NULL);
    coverage_of_is(u.id, 2025, 4, 2, 20, 16, 0.2);
    free(name);
    free(upper_name);
}

TH_TEST(test_signed_on_in_the_future_or_in_another_year_is_422_and_other_rules_answer_as_specified)
{
    tu_unit u, archived;
    char date[24];
    char missing[37];
    int next = this_year() + 1;

    make_unit(&u, 20);
    snprintf(date, sizeof date, "%d-01-01", next);
    refused(sign(th_admin_auth(), u.id, next, NULL, "[Uji] masa depan", "Staf", date), 422, P_UNPROCESSABLE,
            "/signed_on", "in_future");
    refused(sign(th_admin_auth(), u.id, 2025, NULL, "[Uji] tahun lain", "Staf", "2024-12-31"), 422, P_UNPROCESSABLE,
            NULL, "year_mismatch");
    /* Bad values: 400. */
    refused(sign(th_admin_auth(), u.id, 1999, NULL, "[Uji] tahun", "Staf", "1999-01-01"), 400, P_INVALID, "/year",
            NULL);
    {
        char *body = signature_row(2025, NULL, "[Uji] pemicu", "Staf", "2025-01-01", "yearly");

        refused(call("POST", th_admin_auth(), NULL, body, "/v1/units/%s/pact-signatures", u.id), 400, P_INVALID,
                "/trigger", NULL);
        free(body);
    }
    refused(call("POST", th_admin_auth(), NULL, "{\"year\":2025,\"position\":\"Staf\",\"signed_on\":\"2025-01-01\","
                                                "\"trigger\":\"annual\"}",
                 "/v1/units/%s/pact-signatures", u.id),
            400, P_INVALID, "/name", "required");

    /* An archived unit: 409; an unknown one: 404. */
    make_unit(&archived, 20);
    archive_unit(archived.id);
    refused(sign(th_admin_auth(), archived.id, 2025, NULL, "[Uji] arsip", "Staf", "2025-01-01"), 409, P_CONFLICT, NULL,
            NULL);
    th_random_uuid(missing);
    refused(sign(th_admin_auth(), missing, 2025, NULL, "[Uji] hilang", "Staf", "2025-01-01"), 404, P_NOT_FOUND, NULL,
            NULL);
    refused(call("GET", th_admin_auth(), NULL, NULL, "/v1/units/%s/pact-signatures", missing), 404, P_NOT_FOUND, NULL,
            NULL);
    signed_is(u.id, 2025, 0, "coverage after refused signatures");
}

TH_TEST(test_only_admins_and_the_units_own_officer_sign_and_upload)
{
    tu_unit a, b;
    tu_key officer_b, employee_a, upg, evaluator;
    const char *row = "{\"signatures\":[{\"year\":2025,\"name\":\"[Uji] x\",\"position\":\"Staf\","
                      "\"signed_on\":\"2025-01-01\",\"trigger\":\"annual\"}]}";

    make_unit(&a, 20);
    make_unit(&b, 20);
    unit_keys(&b, &officer_b, NULL, NULL);
    unit_keys(&a, NULL, &employee_a, TU_NIP);
    city_keys(&upg, &evaluator);
    {
        const char *auths[] = {officer_b.auth, employee_a.auth, upg.auth, evaluator.auth};

        for (size_t i = 0; i < 4; i++) {
            refused(sign(auths[i], a.id, 2025, TU_NIP, "[Uji] x", "Staf", "2025-01-01"), 403, P_FORBIDDEN, NULL, NULL);
            refused(call("POST", auths[i], NULL, row, "/v1/units/%s/pact-signatures/bulk", a.id), 403, P_FORBIDDEN,
                    NULL, NULL);
        }
    }
    refused(sign(NULL, a.id, 2025, TU_NIP, "[Uji] x", "Staf", "2025-01-01"), 401, P_UNAUTHORIZED, NULL, NULL);
    refused(call("POST", NULL, NULL, row, "/v1/units/%s/pact-signatures/bulk", a.id), 401, P_UNAUTHORIZED, NULL, NULL);
    signed_is(a.id, 2025, 0, "coverage after refused signing");
    /* The officer of b signs for b. */
    {
        char id[37];

        th_response_free(created(sign(officer_b.auth, b.id, 2025, TU_NIP, "[Uji] x", "Staf", "2025-01-01"), id));
    }
}

TH_TEST(test_signature_list_filters_by_year_and_civil_servant_in_signing_order_and_reads_only_through_its_unit)
{
    tu_unit u, v;
    char s25[37], n25[37], s24[37], other[37];

    make_unit(&u, 20);
    make_unit(&v, 20);
    make_signature(u.id, 2025, TU_NIP, "[Uji] A", "Staf", s25);
    make_signature(u.id, 2025, NULL, "[Uji] B", "Satpam", n25);
    make_signature(u.id, 2024, OTHER_NIP, "[Uji] C", "Staf", s24);
    make_signature(v.id, 2025, TU_NIP, "[Uji] D", "Staf", other);

    lists(th_admin_auth(), IDS(s25, n25, s24), "all of the unit's signatures",
          "/v1/units/%s/pact-signatures?limit=200", u.id);
    lists(th_admin_auth(), IDS(s25, n25, s24), "pages of one", "/v1/units/%s/pact-signatures?limit=1", u.id);
    lists(th_admin_auth(), IDS(s25, n25), "year=2025", "/v1/units/%s/pact-signatures?year=2025", u.id);
    lists(th_admin_auth(), IDS(s25, s24), "civil_servant=true",
          "/v1/units/%s/pact-signatures?civil_servant=true", u.id);
    lists(th_admin_auth(), IDS(n25), "civil_servant=false&year=2025",
          "/v1/units/%s/pact-signatures?civil_servant=false&year=2025", u.id);

    /* A signature is found only under its own unit. */
    refused(call("GET", th_admin_auth(), NULL, NULL, "/v1/units/%s/pact-signatures/%s", u.id, other), 404, P_NOT_FOUND,
            NULL, NULL);
    {
        char missing[37];

        th_random_uuid(missing);
        refused(call("GET", th_admin_auth(), NULL, NULL, "/v1/units/%s/pact-signatures/%s", u.id, missing), 404,
                P_NOT_FOUND, NULL, NULL);
    }
    status_is(call("GET", th_admin_auth(), NULL, NULL, "/v1/units/%s/pact-signatures/%s", v.id, other), 200);
}

TH_TEST(test_coverage_of_a_unit_without_staff_count_is_unknown_and_never_invented)
{
    tu_unit u, w;

    make_unit(&u, -1);
    make_signature(u.id, 2025, TU_NIP, "[Uji] A", "Staf", NULL);
    make_signature(u.id, 2025, NULL, "[Uji] B", "Satpam", NULL);
    coverage_of_is(u.id, 2025, 2, 1, -1, -1, 0);

    /* A stale roster: more signed than staff. The ratio may exceed 1; unsigned stays 0. */
    make_unit(&w, 3);
    for (int i = 0; i < 4; i++) {
        char name[32];

        snprintf(name, sizeof name, "[Uji] staf %d", i);
        make_signature(w.id, 2025, NULL, name, "Staf", NULL);
    }
    coverage_of_is(w.id, 2025, 4, 0, 3, 0, 1.3333);
    /* A bad year is refused. */
    refused(call("GET", NULL, NULL, NULL, "/v1/units/%s/pact-coverage?year=1999", w.id), 400, P_INVALID, "year", NULL);
}

/* Sum of the city's coverage for year; new reference. */
static json_t *city_coverage(int year)
{
    return get_json(NULL, "/v1/pact-coverage?year=%d", year);
}

static void city_ratio_consistent(const json_t *c)
{
    long long staff = th_json_int(c, "staff_count");
    long long signed_known = th_json_int(c, "signed_in_units_with_staff_count");

    if (staff == 0) {
        null_is(c, "ratio", "city coverage without staff");
        return;
    }
    if (!ratio_is(json_object_get(c, "ratio"), round((double)signed_known / (double)staff * 10000.0) / 10000.0)) {
        char *dump = json_dumps(c, JSON_COMPACT);

        th_fail("the city's ratio is not signed_in_units_with_staff_count / staff_count to 4 decimals: %s",
                dump ? dump : "?");
    }
}

/* The counts of the city's coverage, in the order of city_coverage_moved's deltas. */
static const char *const CITY_COUNTS[] = {"units", "units_with_signatures", "units_with_staff_count", "signed",
                                          "signed_in_units_with_staff_count", "staff_count"};

/* Assert the city's coverage for year now differs from before by deltas (one per CITY_COUNTS),
 * its ratio consistent. */
static void city_coverage_moved(int year, const json_t *before, const long long *deltas, const char *what)
{
    json_t *after = city_coverage(year);

    for (size_t i = 0; i < sizeof CITY_COUNTS / sizeof CITY_COUNTS[0]; i++) {
        long long moved = th_json_int(after, CITY_COUNTS[i]) - th_json_int(before, CITY_COUNTS[i]);

        if (moved != deltas[i])
            th_fail("%s: %s changed by %lld, expected %lld", what, CITY_COUNTS[i], moved, deltas[i]);
    }
    city_ratio_consistent(after);
    json_decref(after);
}

TH_TEST(test_city_coverage_counts_the_signatures_and_staff_of_active_units)
{
    /* Deltas after: a unit of 10 staff with 3 signatures, a unit without staff count with 2. */
    static const long long GROWN[] = {2, 2, 1, 5, 3, 10};
    /* ... and after archiving the first. */
    static const long long SHRUNK[] = {1, 1, 0, 2, 0, 0};
    int year = 2022;
    json_t *before;
    tu_unit known, unknown;

    before = city_coverage(year);
    int_is(before, "year", year, "city coverage");
    city_ratio_consistent(before);
    make_unit(&known, 10);
    make_unit(&unknown, -1);
    for (int i = 0; i < 3; i++) {
        char name[32];

        snprintf(name, sizeof name, "[Uji] k%d", i);
        make_signature(known.id, year, NULL, name, "Staf", NULL);
    }
    make_signature(unknown.id, year, NULL, "[Uji] u1", "Staf", NULL);
    make_signature(unknown.id, year, TU_NIP, "[Uji] u2", "Staf", NULL);
    /* Another year's signature counts for that year only. */
    make_signature(known.id, year - 1, NULL, "[Uji] lalu", "Staf", NULL);

    city_coverage_moved(year, before, GROWN, "city coverage");
    archive_unit(known.id);
    city_coverage_moved(year, before, SHRUNK, "city coverage after archiving a unit");
    json_decref(before);

    /* The year defaults to this one. */
    {
        th_response *r = call("GET", NULL, NULL, NULL, "/v1/pact-coverage");

        th_assert_status(r, 200);
        int_is(r->json, "year", this_year(), "city coverage without year");
        th_response_free(r);
    }
    refused(call("GET", NULL, NULL, NULL, "/v1/pact-coverage?year=2101"), 400, P_INVALID, "year", NULL);
}

/* ---- service pledges --------------------------------------------------------------------- */

static const char *const SEVEN_S[] = {"Senyum", "Salam", "Sapa", "Semangat", "Sopan", "Santun", "Solutif"};

static char *pledge_body(const char *name, const char *principles_json, const char *adopted_on, const char *based_on)
{
    sbuf b = {0};

    sb_add(&b, "{\"name\":\"%s\",\"adopted_on\":\"%s\"", name, adopted_on);
    if (principles_json)
        sb_add(&b, ",\"principles\":%s", principles_json);
    if (based_on)
        sb_add(&b, ",\"based_on_id\":\"%s\"", based_on);
    sb_add(&b, "}");
    return b.p;
}

/* POST a pledge to the city (unit_id NULL) or to a unit, as auth. */
static th_response *post_pledge(const char *auth, const char *unit_id, const char *name, const char *principles_json,
                                const char *adopted_on, const char *based_on)
{
    char *body = pledge_body(name, principles_json, adopted_on, based_on);
    th_response *r = unit_id ? call("POST", auth, NULL, body, "/v1/units/%s/service-pledges", unit_id)
                             : call("POST", auth, NULL, body, "/v1/service-pledges");

    free(body);
    return r;
}

static void make_pledge(const char *auth, const char *unit_id, const char *name, const char *principles_json,
                        const char *adopted_on, const char *based_on, char id[37])
{
    th_response_free(created(post_pledge(auth, unit_id, name, principles_json, adopted_on, based_on), id));
}

static json_t *get_pledge(const char *id)
{
    return get_json(NULL, "/v1/service-pledges/%s", id);
}

static void active_is(const char *id, bool want, const char *what)
{
    json_t *p = get_pledge(id);

    if (json_is_true(json_object_get(p, "active")) != want) {
        char *dump = json_dumps(p, JSON_COMPACT);

        th_fail("%s should be %s: %s", what, want ? "active" : "inactive", dump ? dump : "?");
    }
    json_decref(p);
}

TH_TEST(test_unit_pledge_based_on_the_city_pledge_copies_its_principles_and_leaves_the_city_pledge_active)
{
    tu_unit u;
    tu_key officer;
    char tag[48];
    char *principles;
    char *name;
    char city[37], unit_pledge[37], own[37];
    th_response *r;

    make_unit(&u, 5);
    tu_create_key(&officer, "unit_officer", u.id, NULL);
    th_unique(tag, sizeof tag, "zt7s");
    principles = th_format("[\"Senyum %s\",\"Salam\",\"Sapa\"]", tag);
    name = th_format("[Uji] 7S %s", tag);
    make_pledge(th_admin_auth(), NULL, name, principles, "2024-09-01", NULL, city);

    r = created(post_pledge(officer.auth, u.id, "[Uji] Janji Layanan Unit", NULL, "2025-01-15", city), unit_pledge);
    str_is(r->json, "scope", "unit", "unit pledge");
    str_is(r->json, "unit_id", u.id, "unit pledge");
    str_is(r->json, "based_on_id", city, "unit pledge");
    str_is(r->json, "adopted_on", "2025-01-15", "unit pledge");
    if (!json_is_true(json_object_get(r->json, "active")))
        th_fail("a new unit pledge is active: %s", th_describe(r));
    {
        json_t *want = json_loads(principles, 0, NULL);

        if (!json_equal(json_object_get(r->json, "principles"), want))
            th_fail("the unit pledge should copy the city pledge's principles %s: %s", principles, th_describe(r));
        json_decref(want);
    }
    th_response_free(r);
    active_is(city, true, "the city pledge after a unit pledge based on it");

    /* Principles given with based_on_id are the unit's own. */
    r = created(post_pledge(th_admin_auth(), u.id, "[Uji] Janji Sendiri", "[\"Cepat\",\"Tepat\"]", "2025-02-01", city),
                own);
    if (json_array_size(json_object_get(r->json, "principles")) != 2 ||
        strcmp(json_string_value(json_array_get(json_object_get(r->json, "principles"), 0)), "Cepat") != 0)
        th_fail("given principles should be kept: %s", th_describe(r));
    str_is(r->json, "based_on_id", city, "unit pledge with its own principles");
    th_response_free(r);
    free(principles);
    free(name);
}

TH_TEST(test_a_new_pledge_deactivates_the_previous_one_of_its_unit_only)
{
    tu_unit u, v;
    char u1[37], u2[37], v1[37];
    long long feed;

    make_unit(&u, 5);
    make_unit(&v, 5);
    make_pledge(th_admin_auth(), v.id, "[Uji] Janji V", "[\"Ramah\"]", "2024-01-01", NULL, v1);
    make_pledge(th_admin_auth(), u.id, "[Uji] Janji U1", "[\"Ramah\"]", "2024-01-01", NULL, u1);
    feed = tu_feed_end();
    make_pledge(th_admin_auth(), u.id, "[Uji] Janji U2", "[\"Ramah\",\"Cepat\"]", "2025-01-01", NULL, u2);
    {
        json_t *p = get_pledge(u1);

        if (!json_is_false(json_object_get(p, "active")) || th_json_int(p, "version") != 2)
            th_fail("the previous pledge should be inactive at version 2");
        json_decref(p);
    }
    active_is(u2, true, "the new pledge");
    active_is(v1, true, "another unit's pledge");
    {
        /* The new pledge and the previous one's change, each journalled. */
        json_t *events = events_after(feed);
        bool created_u2 = false, updated_u1 = false;
        size_t i;
        const json_t *e;

        json_array_foreach(events, i, e) {
            created_u2 |= strcmp(th_json_str(e, "type"), "service_pledge.created") == 0 &&
                          strcmp(th_json_str(e, "resource_id"), u2) == 0;
            updated_u1 |= strcmp(th_json_str(e, "type"), "service_pledge.updated") == 0 &&
                          strcmp(th_json_str(e, "resource_id"), u1) == 0;
        }
        if (json_array_size(events) != 2 || !created_u2 || !updated_u1)
            th_fail("expected service_pledge.created of the new and service_pledge.updated of the previous pledge");
        json_decref(events);
    }

    lists(NULL, IDS(u2), "the unit's active pledges", "/v1/units/%s/service-pledges?active=true", u.id);
    lists(NULL, IDS(u1), "the unit's inactive pledges", "/v1/units/%s/service-pledges?active=false", u.id);
    lists(NULL, IDS(u2, u1), "the unit's pledges, newest first", "/v1/units/%s/service-pledges?limit=1", u.id);
}

TH_TEST(test_deactivating_a_pledge_needs_if_match_and_an_inactive_pledge_stays_unchanged)
{
    tu_unit u;
    char id[37];
    char missing[37];
    th_response *r;

    make_unit(&u, 5);
    make_pledge(th_admin_auth(), u.id, "[Uji] Janji", "[\"Ramah\"]", "2024-01-01", NULL, id);
    refused(call("POST", th_admin_auth(), NULL, NULL, "/v1/service-pledges/%s/deactivate", id), 428,
            "urn:zi:problem:precondition-required", NULL, NULL);
    refused(call("POST", th_admin_auth(), "If-Match: \"7\"", "{}", "/v1/service-pledges/%s/deactivate", id), 412,
            "urn:zi:problem:precondition-failed", NULL, NULL);
    refused(call("POST", th_admin_auth(), "If-Match: \"1\"", "{\"active\":true}", "/v1/service-pledges/%s/deactivate", id),
            400, P_INVALID, NULL, NULL);
    active_is(id, true, "a pledge after refused deactivations");

    r = call("POST", th_admin_auth(), "If-Match: \"1\"", NULL, "/v1/service-pledges/%s/deactivate", id);
    th_assert_status(r, 200);
    if (!json_is_false(json_object_get(r->json, "active")) || th_json_int(r->json, "version") != 2 ||
        !th_header(r, "ETag") || strcmp(th_header(r, "ETag"), "\"2\"") != 0)
        th_fail("deactivation should answer the pledge inactive at version 2: %s", th_describe(r));
    th_response_free(r);
    /* Again: 200, unchanged. */
    r = call("POST", th_admin_auth(), "If-Match: \"2\"", "{}", "/v1/service-pledges/%s/deactivate", id);
    th_assert_status(r, 200);
    if (!json_is_false(json_object_get(r->json, "active")) || th_json_int(r->json, "version") != 2)
        th_fail("deactivating an inactive pledge should change nothing: %s", th_describe(r));
    th_response_free(r);
    lists(NULL, NONE, "the active pledges of a unit whose only pledge was deactivated",
          "/v1/units/%s/service-pledges?active=true", u.id);
    th_random_uuid(missing);
    refused(call("POST", th_admin_auth(), "If-Match: *", NULL, "/v1/service-pledges/%s/deactivate", missing), 404,
            P_NOT_FOUND, NULL, NULL);
    refused(call("GET", NULL, NULL, NULL, "/v1/service-pledges/%s", missing), 404, P_NOT_FOUND, NULL, NULL);
}

TH_TEST(test_unit_officer_acts_only_on_its_own_units_pledges_and_never_on_the_citys)
{
    tu_unit a, b;
    tu_key officer, employee, upg;
    char pa[37], pb[37];
    json_t *city;
    th_response *r;

    make_unit(&a, 5);
    make_unit(&b, 5);
    unit_keys(&a, &officer, &employee, TU_NIP);
    city_keys(&upg, NULL);
    make_pledge(th_admin_auth(), b.id, "[Uji] Janji B", "[\"Ramah\"]", "2024-01-01", NULL, pb);

    refused(post_pledge(officer.auth, b.id, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 403, P_FORBIDDEN, NULL, NULL);
    refused(call("POST", officer.auth, "If-Match: *", NULL, "/v1/service-pledges/%s/deactivate", pb), 403, P_FORBIDDEN,
            NULL, NULL);
    active_is(pb, true, "another unit's pledge after the officer's refused deactivation");
    refused(post_pledge(officer.auth, NULL, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_pledge(upg.auth, NULL, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_pledge(NULL, NULL, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 401, P_UNAUTHORIZED, NULL, NULL);
    refused(post_pledge(employee.auth, a.id, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 403, P_FORBIDDEN, NULL, NULL);
    refused(post_pledge(upg.auth, a.id, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 403, P_FORBIDDEN, NULL, NULL);

    city = list_all(NULL, "/v1/service-pledges?active=true");
    if (json_array_size(city) == 1)
        refused(call("POST", officer.auth, "If-Match: *", NULL, "/v1/service-pledges/%s/deactivate",
                     th_json_str(json_array_get(city, 0), "id")),
                403, P_FORBIDDEN, NULL, NULL);
    else if (json_array_size(city) > 1)
        th_fail("more than one active city pledge: %zu", json_array_size(city));
    json_decref(city);

    /* Its own unit: create and deactivate. */
    make_pledge(officer.auth, a.id, "[Uji] Janji A", "[\"Ramah\"]", "2024-01-01", NULL, pa);
    r = call("POST", officer.auth, "If-Match: \"1\"", NULL, "/v1/service-pledges/%s/deactivate", pa);
    th_assert_status(r, 200);
    th_response_free(r);
    active_is(pa, false, "the officer's deactivated pledge");
}

TH_TEST(test_pledge_based_on_a_unit_pledge_or_an_unknown_one_or_without_principles_is_422)
{
    tu_unit u;
    char up[37];
    char missing[37];
    char date[24];

    make_unit(&u, 5);
    make_pledge(th_admin_auth(), u.id, "[Uji] Janji", "[\"Ramah\"]", "2024-01-01", NULL, up);
    th_random_uuid(missing);
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", NULL, "2024-02-01", up), 422, P_UNPROCESSABLE, "/based_on_id",
            "not_found");
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", "[\"x\"]", "2024-02-01", up), 422, P_UNPROCESSABLE,
            "/based_on_id", "not_found");
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", NULL, "2024-02-01", missing), 422, P_UNPROCESSABLE,
            "/based_on_id", "not_found");
    refused(post_pledge(th_admin_auth(), NULL, "[Uji] x", "[\"x\"]", "2024-02-01", up), 422, P_UNPROCESSABLE,
            "/based_on_id", "not_found");
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", NULL, "2024-02-01", NULL), 422, P_UNPROCESSABLE,
            "/principles", "required");
    snprintf(date, sizeof date, "%d-01-01", this_year() + 1);
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", "[\"x\"]", date, NULL), 422, P_UNPROCESSABLE, "/adopted_on",
            "in_future");
    /* The unit's pledge is still its only, active one. */
    active_is(up, true, "the unit's pledge after refused pledges");
    lists(NULL, IDS(up), "the unit's pledges after refused ones", "/v1/units/%s/service-pledges", u.id);
}

TH_TEST(test_unit_pledges_of_an_unknown_unit_are_404_and_of_an_archived_unit_409)
{
    tu_unit u;
    char missing[37];

    make_unit(&u, 5);
    archive_unit(u.id);
    th_random_uuid(missing);
    refused(post_pledge(th_admin_auth(), missing, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 404, P_NOT_FOUND, NULL,
            NULL);
    refused(post_pledge(th_admin_auth(), u.id, "[Uji] x", "[\"x\"]", "2024-01-01", NULL), 409, P_CONFLICT, NULL, NULL);
}

/* Last: leaves the city's 7S (as seeded) the active city pledge. */
TH_TEST(test_admin_adopts_the_citys_7s_which_alone_is_active_city_wide_and_lists_only_city_pledges)
{
    json_t *before = list_all(NULL, "/v1/service-pledges?active=true");
    json_t *want = json_array();
    char id[37];
    char unit_pledge[37];
    tu_unit u;
    th_response *r;
    json_t *items;
    size_t i;
    const json_t *item;

    if (json_array_size(before) > 1)
        th_fail("more than one active city pledge before the test: %zu", json_array_size(before));
    for (size_t k = 0; k < 7; k++)
        json_array_append_new(want, json_string(SEVEN_S[k]));
    make_unit(&u, 5);
    make_pledge(th_admin_auth(), u.id, "[Uji] Janji Unit", "[\"Ramah\"]", "2025-01-01", NULL, unit_pledge);

    {
        char *principles = json_dumps(want, JSON_COMPACT);

        r = created(post_pledge(th_admin_auth(), NULL, "7S", principles, "2025-09-01", NULL), id);
        free(principles);
    }
    str_is(r->json, "scope", "city", "the city's 7S");
    null_is(r->json, "unit_id", "the city's 7S");
    null_is(r->json, "based_on_id", "the city's 7S");
    null_is(r->json, "document_ref", "the city's 7S");
    str_is(r->json, "name", "7S", "the city's 7S");
    str_is(r->json, "adopted_on", "2025-09-01", "the city's 7S");
    if (!json_equal(json_object_get(r->json, "principles"), want) || !json_is_true(json_object_get(r->json, "active")))
        th_fail("the 7S should be active with its seven principles in order: %s", th_describe(r));
    {
        char *loc = th_format("/v1/service-pledges/%s", id);

        if (!th_header(r, "Location") || !strstr(th_header(r, "Location"), loc))
            th_fail("Location should name %s: %s", loc, th_describe(r));
        free(loc);
    }
    th_response_free(r);

    /* The previous city pledge is inactive now: one active city pledge. */
    if (json_array_size(before) == 1)
        active_is(th_json_str(json_array_get(before, 0), "id"), false, "the previous city pledge");
    lists(NULL, IDS(id), "the active city pledges", "/v1/service-pledges?active=true");
    active_is(unit_pledge, true, "a unit's pledge after a new city pledge");

    /* The city list holds city pledges only, newest adopted first; a unit's pledge is read by id. */
    items = list_all(NULL, "/v1/service-pledges?limit=2");
    json_array_foreach(items, i, item) {
        if (strcmp(th_json_str(item, "scope"), "city") != 0 || !json_is_null(json_object_get(item, "unit_id")))
            th_fail("the city pledge list holds a unit's pledge: %s", th_json_str(item, "id"));
        if (i > 0 && strcmp(th_json_str(json_array_get(items, i - 1), "adopted_on"), th_json_str(item, "adopted_on")) < 0)
            th_fail("the city pledge list is not newest adopted first at item %zu", i);
    }
    if (!item_by_id(items, id) || item_by_id(items, unit_pledge))
        th_fail("the city pledge list should hold the 7S and not the unit's pledge");
    json_decref(items);
    {
        json_t *p = get_pledge(unit_pledge);

        str_is(p, "unit_id", u.id, "a unit's pledge read by id");
        json_decref(p);
    }
    json_decref(before);
    json_decref(want);
}

Suite *commitments_suite(void)
{
    Suite *s = suite_create("commitments");
    TCase *decl = tcase_create("declarations");
    TCase *pact = tcase_create("pact-signatures");
    TCase *limits = tcase_create("pact-limits");
    TCase *pledges = tcase_create("service-pledges");

    tcase_set_timeout(decl, 60);
    tcase_add_test(decl, test_admin_declares_city_wide_and_for_a_unit_and_the_declaration_reads_back_with_audit_and_event);
    tcase_add_test(decl, test_unit_officer_declares_for_its_own_unit_but_not_for_another_unit_nor_city_wide);
    tcase_add_test(decl, test_a_second_declaration_for_the_same_unit_or_the_city_and_year_is_409_duplicate);
    tcase_add_test(decl, test_declared_on_in_the_future_or_outside_the_declared_year_is_422);
    tcase_add_test(decl, test_declaration_for_an_archived_or_unknown_unit_is_422);
    tcase_add_test(decl, test_declaration_patch_needs_if_match_refuses_a_stale_one_and_create_only_members);
    tcase_add_test(decl, test_unit_officer_patches_its_own_units_declaration_but_not_another_units_nor_the_citys);
    tcase_add_test(decl, test_public_declaration_list_filters_by_year_unit_and_scope_sorts_and_pages);
    suite_add_tcase(s, decl);

    tcase_set_timeout(pact, 120);
    tcase_add_test(pact, test_unit_officer_signs_the_pact_for_12_staff_with_one_csv_upload_and_coverage_counts_12_of_40);
    tcase_add_test(pact, test_personal_fields_of_signatures_reach_only_admin_upg_the_units_officer_and_the_signer);
    tcase_add_test(
        pact, test_csv_upload_keeps_quoted_commas_and_quotes_ignores_a_bom_and_takes_lf_and_any_column_order);
    tcase_add_test(pact, test_csv_errors_name_the_physical_line_where_each_bad_record_starts);
    tcase_add_test(pact, test_csv_header_with_an_unknown_repeated_or_missing_column_an_upload_without_rows_or_a_broken_csv_is_400);
    tcase_add_test(pact, test_bulk_422_lists_every_bad_row_in_rows_but_only_the_first_16_field_errors);
    tcase_add_test(pact, test_json_bulk_upload_creates_every_row_or_names_bad_rows_by_index_plus_one);
    tcase_add_test(pact, test_a_duplicate_within_one_upload_is_422_naming_the_repeated_row);
    tcase_add_test(pact, test_single_signing_returns_the_signature_with_location_etag_audit_and_event);
    tcase_add_test(pact, test_single_signing_refuses_an_impossible_nip_with_400_invalid_format);
    tcase_add_test(pact, test_one_signature_per_person_unit_and_year_by_nip_or_by_name_and_position);
    tcase_add_test(pact, test_signed_on_in_the_future_or_in_another_year_is_422_and_other_rules_answer_as_specified);
    tcase_add_test(pact, test_only_admins_and_the_units_own_officer_sign_and_upload);
    tcase_add_test(pact,
                   test_signature_list_filters_by_year_and_civil_servant_in_signing_order_and_reads_only_through_its_unit);
    tcase_add_test(pact, test_coverage_of_a_unit_without_staff_count_is_unknown_and_never_invented);
    tcase_add_test(pact, test_city_coverage_counts_the_signatures_and_staff_of_active_units);
    suite_add_tcase(s, pact);

    /* 5000 rows through every trigger of the journal, twice over: room for the ASan build. */
    tcase_set_timeout(limits, 300);
    tcase_add_test(limits, test_bulk_upload_of_5000_rows_succeeds_5001_rows_is_422_too_many_and_over_2_mib_is_413);
    suite_add_tcase(s, limits);

    tcase_set_timeout(pledges, 60);
    tcase_add_test(pledges, test_unit_pledge_based_on_the_city_pledge_copies_its_principles_and_leaves_the_city_pledge_active);
    tcase_add_test(pledges, test_a_new_pledge_deactivates_the_previous_one_of_its_unit_only);
    tcase_add_test(pledges, test_deactivating_a_pledge_needs_if_match_and_an_inactive_pledge_stays_unchanged);
    tcase_add_test(pledges, test_unit_officer_acts_only_on_its_own_units_pledges_and_never_on_the_citys);
    tcase_add_test(pledges, test_pledge_based_on_a_unit_pledge_or_an_unknown_one_or_without_principles_is_422);
    tcase_add_test(pledges, test_unit_pledges_of_an_unknown_unit_are_404_and_of_an_archived_unit_409);
    /* Last: the city's 7S becomes the active city pledge again, as the demo seed has it. */
    tcase_add_test(pledges, test_admin_adopts_the_citys_7s_which_alone_is_active_city_wide_and_lists_only_city_pledges);
    suite_add_tcase(s, pledges);
    return s;
}
