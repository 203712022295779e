/*
 * test_framework.c — the resource framework (issue 8), proven through real HTTP on the
 * test-only fixture resource (/v1/test-fixtures, served with --test-fixtures; table from
 * tests/api/fixture.sql), a second kind of unit-scoped record beside units:
 *
 *   - unit scope resolved from the record's own id: a unit-bound role gets 404 on another
 *     unit's private record (the same answer as for no record at all) and 403 on a public
 *     action; a body naming another unit is 403; lists are confined to the caller's unit;
 *   - field visibility on every way out: a confidential field (seen by its owner and the
 *     UPG only, not even by admins) is absent from single reads, lists, CSV exports, audit
 *     records and the change feed for everyone else;
 *   - the dispatcher's transaction: a handler that fails after writing leaves no row, no
 *     audit record and no event;
 *   - the unit-state race: a key created while its unit is being archived waits for the
 *     archive and is refused;
 *   - every log line of a request carries its request id.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OTHER_NIP "198001012005012001" /* valid: born 1980-01-01, appointed 2005-01, female, #001 */

typedef struct world {
    tu_unit a, b;
    tu_key upg, evaluator, officer_a, officer_b, employee_a, employee_b;
} world;

static void make_world(world *w)
{
    tu_create_unit(&w->a, NULL);
    tu_create_unit(&w->b, NULL);
    tu_create_key(&w->upg, "upg", NULL, NULL);
    tu_create_key(&w->evaluator, "evaluator", NULL, NULL);
    tu_create_key(&w->officer_a, "unit_officer", w->a.id, NULL);
    tu_create_key(&w->officer_b, "unit_officer", w->b.id, NULL);
    tu_create_key(&w->employee_a, "employee", w->a.id, TU_NIP);
    tu_create_key(&w->employee_b, "employee", w->b.id, OTHER_NIP);
}

/* POST /v1/test-fixtures as auth; the created record (owned) or the failed response. */
static th_response *post_fixture(const char *auth, const char *unit_id, const char *title, const char *secret,
                                 const char *note)
{
    json_t *body = json_pack("{s:s, s:s}", "unit_id", unit_id, "title", title);
    if (secret)
        json_object_set_new(body, "secret", json_string(secret));
    if (note)
        json_object_set_new(body, "unit_note", json_string(note));
    th_response *r = th_request_json("POST", "/v1/test-fixtures", body, (const char *const[]){auth, NULL});
    json_decref(body);
    return r;
}

static void create_fixture(const char *auth, const char *unit_id, const char *secret, const char *note,
                           char id[37])
{
    th_response *r = post_fixture(auth, unit_id, "[Uji] fixture", secret, note);
    th_assert_status(r, 201);
    snprintf(id, 37, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
}

/* ---- the authorization walk of the fixture resource ----------------------------------- */

typedef struct who {
    const char *label;
    const char *auth; /* NULL: no key */
} who;

enum { W_PUBLIC, W_ADMIN, W_UPG, W_EVALUATOR, W_OFFICER_A, W_OFFICER_B, W_EMPLOYEE_A, W_EMPLOYEE_B, N_WHO };

static void principals(const world *w, who out[N_WHO])
{
    out[W_PUBLIC] = (who){"public", NULL};
    out[W_ADMIN] = (who){"admin", th_admin_auth()};
    out[W_UPG] = (who){"upg", w->upg.auth};
    out[W_EVALUATOR] = (who){"evaluator", w->evaluator.auth};
    out[W_OFFICER_A] = (who){"officer of the record's unit", w->officer_a.auth};
    out[W_OFFICER_B] = (who){"officer of another unit", w->officer_b.auth};
    out[W_EMPLOYEE_A] = (who){"employee of the record's unit", w->employee_a.auth};
    out[W_EMPLOYEE_B] = (who){"employee of another unit", w->employee_b.auth};
}

TH_TEST(test_fixture_walk_unit_bound_roles_get_404_on_private_and_403_on_public_records_of_other_units)
{
    world w;
    who p[N_WHO];
    char id[37], missing[37];
    make_world(&w);
    principals(&w, p);
    create_fixture(w.officer_a.auth, w.a.id, "s3cret", "note", id);
    th_random_uuid(missing);

    char *one = th_format("/v1/test-fixtures/%s", id);
    char *flag = th_format("/v1/test-fixtures/%s/flag", id);
    char *create_a = th_format("{\"unit_id\":\"%s\",\"title\":\"[Uji] walk\"}", w.a.id);
    static const struct {
        const char *method;
        int target; /* 0 list/create, 1 the record, 2 its flag action */
        long expect[N_WHO];
    } ops[] = {
        /*                  public admin upg evaluator offA offB empA empB */
        {"GET", 1, {401, 200, 200, 403, 200, 404, 200, 404}},
        {"PATCH", 1, {401, 200, 200, 403, 200, 404, 200, 404}},
        {"POST", 2, {401, 200, 403, 403, 200, 403, 403, 403}},
        {"POST", 0, {401, 201, 201, 403, 201, 403, 201, 403}},
        {"GET", 0, {401, 200, 200, 403, 200, 200, 200, 200}},
    };
    char failures[2048] = "";
    size_t used = 0;
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
        for (int i = 0; i < N_WHO; i++) {
            const char *path = ops[o].target == 1 ? one : ops[o].target == 2 ? flag : "/v1/test-fixtures";
            const char *body = strcmp(ops[o].method, "PATCH") == 0   ? "{\"title\":\"[Uji] walked\"}"
                               : strcmp(ops[o].method, "POST") == 0 && ops[o].target == 0 ? create_a
                               : NULL;
            th_response *r = th_request(ops[o].method, path, body,
                                        (const char *const[]){p[i].auth ? p[i].auth : "X-No-Key: 1",
                                                              "If-Match: *", NULL});
            if (r->status != ops[o].expect[i]) {
                int n = snprintf(failures + used, sizeof failures - used, "\n  %s %s as %s: %ld, expected %ld",
                                 ops[o].method, path, p[i].label, r->status, ops[o].expect[i]);
                if (n > 0 && used + (size_t)n < sizeof failures)
                    used += (size_t)n;
            }
            th_response_free(r);
        }
    }
    if (used)
        th_fail("the fixture's authorization matrix differs:%s", failures);

    /* Another unit's private record and no record at all are told apart by nothing. */
    char *gone = th_format("/v1/test-fixtures/%s", missing);
    th_response *foreign = th_request("GET", one, NULL, (const char *const[]){w.officer_b.auth, NULL});
    th_response *absent = th_request("GET", gone, NULL, (const char *const[]){w.officer_b.auth, NULL});
    th_assert_problem(foreign, 404, "urn:zi:problem:not-found");
    th_assert_problem(absent, 404, "urn:zi:problem:not-found");
    if (strcmp(th_json_str(foreign->json, "detail"), th_json_str(absent->json, "detail")) != 0 ||
        strcmp(th_json_str(foreign->json, "title"), th_json_str(absent->json, "title")) != 0)
        th_fail("another unit's record answers differently from a missing one: %s vs %s", foreign->body, absent->body);
    th_response_free(foreign);
    th_response_free(absent);
    free(gone);
    free(one);
    free(flag);
    free(create_a);
}

TH_TEST(test_fixture_list_shows_a_unit_bound_caller_only_its_own_units_records)
{
    world w;
    char id_a[37], id_b[37];
    make_world(&w);
    create_fixture(w.officer_a.auth, w.a.id, NULL, NULL, id_a);
    create_fixture(w.officer_b.auth, w.b.id, NULL, NULL, id_b);
    const char *auths[] = {w.officer_b.auth, w.employee_b.auth, th_admin_auth()};
    for (size_t k = 0; k < 3; k++) {
        int seen_a = 0, seen_b = 0;
        char *cursor = NULL;
        do {
            char *path = cursor ? th_format("/v1/test-fixtures?limit=200&cursor=%s", cursor)
                                : th_format("/v1/test-fixtures?limit=200");
            th_response *r = th_request("GET", path, NULL, (const char *const[]){auths[k], NULL});
            th_assert_status(r, 200);
            size_t i;
            const json_t *item;
            json_array_foreach(tu_data(r), i, item) {
                seen_a |= strcmp(th_json_str(item, "id"), id_a) == 0;
                seen_b |= strcmp(th_json_str(item, "id"), id_b) == 0;
                if (k < 2 && strcmp(th_json_str(item, "unit_id"), w.b.id) != 0)
                    th_fail("a unit-bound caller of unit B sees a record of unit %s", th_json_str(item, "unit_id"));
            }
            free(cursor);
            const char *next = th_json_str(r->json, "next_cursor");
            cursor = next ? th_urlencode(next) : NULL;
            th_response_free(r);
            free(path);
        } while (cursor);
        if (!seen_b || seen_a != (k == 2))
            th_fail("caller %zu: record of A seen %d, of B seen %d", k, seen_a, seen_b);
    }
}

/* ---- field visibility on every way out ---------------------------------------------- */

static bool has_member(const json_t *obj, const char *name)
{
    return json_object_get(obj, name) != NULL;
}

static const json_t *find_item(const th_response *r, const char *id)
{
    size_t i;
    const json_t *item;
    json_array_foreach(tu_data(r), i, item) {
        if (strcmp(th_json_str(item, "id"), id) == 0)
            return item;
    }
    return NULL;
}

/* GET path as auth with extra header h (NULL: none); asserts 200. */
static th_response *get_as(const char *path, const char *auth, const char *h)
{
    th_response *r = th_request("GET", path, NULL, (const char *const[]){auth, h, NULL});
    th_assert_status(r, 200);
    return r;
}

TH_TEST(test_confidential_field_leaves_through_no_way_out_but_to_its_owner_and_the_upg)
{
    world w;
    char id[37], secret[64], note[64];
    make_world(&w);
    long long feed_before = tu_feed_end();
    th_unique(secret, sizeof secret, "rahasia-");
    th_unique(note, sizeof note, "catatan-");
    create_fixture(w.employee_a.auth, w.a.id, secret, note, id);
    /* A change of the secret is journalled too: its audit record must not carry it either. */
    char *one = th_format("/v1/test-fixtures/%s", id);
    char *patch = th_format("{\"secret\":\"%s-2\"}", secret);
    th_response *r = th_request("PATCH", one, patch, (const char *const[]){w.employee_a.auth, "If-Match: \"1\"", NULL});
    th_assert_status(r, 200);
    if (!has_member(r->json, "secret"))
        th_fail("the owner's own PATCH answer lacks the secret: %s", r->body);
    th_response_free(r);

    /* Single reads. */
    static const struct {
        int who; /* 0 admin, 1 upg, 2 owner, 3 officer of the unit */
        bool secret, note;
    } reads[] = {{0, false, true}, {1, true, true}, {2, true, true}, {3, false, true}};
    const char *auths[] = {th_admin_auth(), w.upg.auth, w.employee_a.auth, w.officer_a.auth};
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        r = get_as(one, auths[reads[i].who], NULL);
        if (has_member(r->json, "secret") != reads[i].secret || has_member(r->json, "owner") != reads[i].secret ||
            has_member(r->json, "unit_note") != reads[i].note)
            th_fail("single read as caller %d: %s", reads[i].who, r->body);
        if (!reads[i].secret && strstr(r->body, secret))
            th_fail("the secret leaks in a single read: %s", r->body);
        th_response_free(r);
    }

    /* Lists: an admin's page lacks the member; the UPG's holds it. */
    r = get_as("/v1/test-fixtures?limit=200", th_admin_auth(), NULL);
    const json_t *item = find_item(r, id);
    if (!item || has_member(item, "secret") || has_member(item, "owner") || strstr(r->body, secret))
        th_fail("the admin's list shows the secret (or lacks the record): %s", r->body);
    th_response_free(r);
    r = get_as("/v1/test-fixtures?limit=200", w.upg.auth, NULL);
    item = find_item(r, id);
    if (!item || !has_member(item, "secret"))
        th_fail("the UPG's list lacks the secret: %s", r->body);
    th_response_free(r);

    /* CSV exports: the admin's holds no such value (the column stays, empty on records the
     * admin did not file: one export has the same columns on every row); the UPG's has it. */
    r = get_as("/v1/test-fixtures?limit=200", th_admin_auth(), "Accept: text/csv");
    if (!th_header(r, "Content-Type") || strncmp(th_header(r, "Content-Type"), "text/csv", 8) != 0)
        th_fail("Accept: text/csv did not give CSV: %s", th_describe(r));
    if (strstr(r->body, secret) || strstr(r->body, TU_NIP) || !strstr(r->body, id) || !strstr(r->body, note))
        th_fail("the admin's CSV export: %.600s", r->body);
    th_response_free(r);
    r = get_as("/v1/test-fixtures?limit=200", w.upg.auth, "Accept: text/csv");
    if (!strstr(r->body, secret) || !strstr(r->body, ",secret"))
        th_fail("the UPG's CSV export lacks the secret: %.600s", r->body);
    th_response_free(r);

    /* Audit records: the created and the updated record, without the secret's values. */
    char *audit = th_format("/v1/audit?resource_type=test_fixture&resource_id=%s", id);
    r = get_as(audit, th_admin_auth(), NULL);
    if (json_array_size(tu_data(r)) != 2)
        th_fail("expected the created and the updated audit records: %s", r->body);
    size_t i;
    json_array_foreach(tu_data(r), i, item) {
        const json_t *changes = json_object_get(item, "changes");
        if (has_member(changes, "secret") || has_member(changes, "owner"))
            th_fail("an audit record carries the secret or the owner: %s", r->body);
    }
    if (!has_member(json_object_get(json_array_get(tu_data(r), 0), "changes"), "title") || strstr(r->body, secret))
        th_fail("the audit records: %s", r->body);
    th_response_free(r);
    free(audit);

    /* The change feed names the record and carries none of its values. */
    char *feed = th_format("/v1/events?after=%lld&limit=1000", feed_before);
    r = get_as(feed, th_admin_auth(), NULL);
    if (!strstr(r->body, id) || strstr(r->body, secret) || strstr(r->body, note))
        th_fail("the change feed: %.800s", r->body);
    th_response_free(r);
    free(feed);
    free(patch);
    free(one);
}

/* ---- the dispatcher's transaction ----------------------------------------------------- */

TH_TEST(test_a_handler_failing_after_its_write_leaves_no_row_no_audit_record_and_no_event)
{
    world w;
    make_world(&w);
    long long feed_before = tu_feed_end();
    long rows_before = th_psql_count("SELECT count(*) FROM test_fixtures WHERE title = 'fail-after-write'");
    long audit_before = th_journal_count("SELECT count(*) FROM audit_log WHERE resource_type = 'test_fixture'");
    th_response *r = post_fixture(th_admin_auth(), w.a.id, "fail-after-write", NULL, NULL);
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    if (th_psql_count("SELECT count(*) FROM test_fixtures WHERE title = 'fail-after-write'") != rows_before)
        th_fail("the failed request's row was committed");
    if (th_journal_count("SELECT count(*) FROM audit_log WHERE resource_type = 'test_fixture'") != audit_before)
        th_fail("the failed request's audit record was committed");
    if (tu_feed_end() != feed_before)
        th_fail("the failed request's event was committed");
    /* The same request with an Idempotency-Key: the claim is taken back too, so a corrected
     * retry with the key acts. */
    char idem[64];
    th_unique(idem, sizeof idem, "Idempotency-Key: zt-idem-");
    char *failing = th_format("{\"unit_id\":\"%s\",\"title\":\"fail-after-write\"}", w.a.id);
    char *corrected = th_format("{\"unit_id\":\"%s\",\"title\":\"[Uji] diperbaiki\"}", w.a.id);
    r = th_request("POST", "/v1/test-fixtures", failing, (const char *const[]){th_admin_auth(), idem, NULL});
    th_assert_status(r, 409);
    th_response_free(r);
    r = th_request("POST", "/v1/test-fixtures", corrected, (const char *const[]){th_admin_auth(), idem, NULL});
    if (r->status != 201 || th_header(r, "Idempotent-Replayed"))
        th_fail("the corrected retry with the key of a failed request: expected a fresh 201, got %s", th_describe(r));
    th_response_free(r);
    free(failing);
    free(corrected);
}

/* ---- the unit-state race -------------------------------------------------------------- */

TH_TEST(test_key_creation_racing_an_archive_of_its_unit_waits_and_is_refused)
{
    tu_unit u;
    tu_create_unit(&u, NULL);
    char *archive = th_format("UPDATE units SET archived_at = now() WHERE id = '%s'", u.id);
    th_proc *holder = th_psql_hold("zt-archive-race", archive, 0.6);
    /* The archive is made but not committed: a check that reads without a lock sees an
     * active unit and creates a key for a unit that is archived a moment later. */
    json_t *body = json_pack("{s:s, s:s, s:s}", "role", "unit_officer", "name", "[Uji] balapan", "unit_id", u.id);
    th_response *r = th_request_json("POST", "/v1/api-keys", body, (const char *const[]){th_admin_auth(), NULL});
    json_decref(body);
    if (!th_proc_wait(holder, 10000))
        th_fail("the archiving session did not end");
    th_proc_free(holder);
    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/unit_id", "archived");
    if (r->elapsed_ms < 300)
        th_fail("the key creation did not wait for the archive (%.0f ms)", r->elapsed_ms);
    th_response_free(r);
    char *count = th_format("SELECT count(*) FROM api_keys WHERE unit_id = '%s'", u.id);
    if (th_psql_count(count) != 0)
        th_fail("a key exists for the archived unit");
    free(count);
    free(archive);
}

/* ---- request ids in the log ------------------------------------------------------------- */

TH_TEST(test_every_log_line_of_a_request_carries_its_request_id)
{
    world w;
    char id[37], rid[64];
    make_world(&w);
    create_fixture(th_admin_auth(), w.a.id, NULL, NULL, id);
    /* Hold the record's row lock past the server's 1 s statement timeout: the request then
     * logs the cancelled statement as well as its access line. */
    char *lock = th_format("SELECT 1 FROM test_fixtures WHERE id = '%s' FOR UPDATE", id);
    th_proc *holder = th_psql_hold("zt-log-rid", lock, 3);
    th_unique(rid, sizeof rid, "zt-rid-");
    char *rid_header = th_format("X-Request-Id: %s", rid);
    char *path = th_format("/v1/test-fixtures/%s", id);
    th_response *r = th_request("PATCH", path, "{\"title\":\"[Uji] terkunci\"}",
                                (const char *const[]){th_admin_auth(), "If-Match: *", rid_header, NULL});
    th_psql_release(holder, "zt-log-rid");
    th_proc_free(holder);
    th_assert_status(r, 503);
    th_response_free(r);
    char *log = NULL;
    int lines = 0, timeout_lines = 0;
    for (int attempt = 0; attempt < 40 && timeout_lines == 0; attempt++) {
        free(log);
        log = th_read_file(th_server_log(), NULL);
        lines = timeout_lines = 0;
        for (const char *p = log ? strstr(log, rid) : NULL; p; p = strstr(p + 1, rid)) {
            const char *bol = p;
            while (bol > log && bol[-1] != '\n')
                bol--;
            const char *eol = strchr(p, '\n');
            char *line = th_format("%.*s", (int)(eol ? (size_t)(eol - bol) : strlen(bol)), bol);
            lines++;
            if (strstr(line, "statement_timeout"))
                timeout_lines++;
            free(line);
        }
        if (timeout_lines == 0)
            th_sleep_ms(50);
    }
    if (timeout_lines != 1 || lines < 2)
        th_fail("expected the cancelled statement's line and the access line to name %s: %d lines, %d about the "
                "timeout",
                rid, lines, timeout_lines);
    free(log);
    free(path);
    free(rid_header);
    free(lock);
}

Suite *framework_suite(void)
{
    Suite *s = suite_create("framework");
    TCase *tc = tcase_create("fixture");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fixture_walk_unit_bound_roles_get_404_on_private_and_403_on_public_records_of_other_units);
    tcase_add_test(tc, test_fixture_list_shows_a_unit_bound_caller_only_its_own_units_records);
    tcase_add_test(tc, test_confidential_field_leaves_through_no_way_out_but_to_its_owner_and_the_upg);
    tcase_add_test(tc, test_a_handler_failing_after_its_write_leaves_no_row_no_audit_record_and_no_event);
    tcase_add_test(tc, test_key_creation_racing_an_archive_of_its_unit_waits_and_is_refused);
    tcase_add_test(tc, test_every_log_line_of_a_request_carries_its_request_id);
    suite_add_tcase(s, tc);
    return s;
}
