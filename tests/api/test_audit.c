/*
 * test_audit.c — the hash-chained audit log (issue 4 item 5): every write through the
 * API appends one record naming the key that acted and the fields it changed (before /
 * after); GET /v1/audit/verify says the chain is sound and GET /v1/audit/head (public)
 * matches it; concurrent writers leave one unforked chain with contiguous sequence
 * numbers; and tampering through psql — an edited, a deleted, a reordered record, a cut
 * tail — is found at exactly that sequence, by the API and by `zi-server audit-verify`.
 *
 * The tampering happens in a scratch database of the test cluster (migrated with the
 * binary under test, served by a zi-server of the test's own), never in the database of
 * the server under test. The journal is append-only by trigger, so the edits run with
 * session_replication_role = replica (the test cluster's user is a superuser).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WRITERS = 16, WRITES_EACH = 10 };

static bool is_hex64(const char *s)
{
    return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* The audit records of resource id (admin key, one page: tests make few). Owned. */
static th_response *audit_of(const char *id)
{
    char *path = th_format("/v1/audit?resource_id=%s&limit=200", id);
    th_response *r = th_request("GET", path, NULL, (const char *const[]){th_admin_auth(), NULL});

    th_assert_status(r, 200);
    free(path);
    return r;
}

static const json_t *only_record(const th_response *r, size_t index, size_t count, const char *action,
                                 const char *actor, const char *resource_type)
{
    const json_t *data = tu_data(r);
    const json_t *rec = json_array_get(data, index);

    if (json_array_size(data) != count)
        th_fail("expected %zu audit records, got %zu: %s", count, json_array_size(data), th_describe(r));
    if (!th_json_str(rec, "action") || strcmp(th_json_str(rec, "action"), action) != 0)
        th_fail("audit record %zu: action is %s, expected %s: %s", index, th_json_str(rec, "action"), action,
                th_describe(r));
    if (!th_json_str(rec, "actor_key_id") || strcmp(th_json_str(rec, "actor_key_id"), actor) != 0)
        th_fail("audit record %zu (%s): actor_key_id is %s, expected the acting key %s", index, action,
                th_json_str(rec, "actor_key_id") ? th_json_str(rec, "actor_key_id") : "null", actor);
    if (!th_json_str(rec, "resource_type") || strcmp(th_json_str(rec, "resource_type"), resource_type) != 0)
        th_fail("audit record %zu: resource_type is not %s: %s", index, resource_type, th_describe(r));
    if (!is_hex64(th_json_str(rec, "hash")) || !is_hex64(th_json_str(rec, "prev_hash")) ||
        th_json_int(rec, "seq") < 1 || !th_json_str(rec, "at") || !json_is_object(json_object_get(rec, "changes")) ||
        !json_is_boolean(json_object_get(rec, "personal")))
        th_fail("audit record %zu lacks seq, at, changes, personal, prev_hash or hash: %s", index, th_describe(r));
    /* A unit holds no reporter's personal data. */
    if (strcmp(resource_type, "unit") == 0 && !json_is_false(json_object_get(rec, "personal")))
        th_fail("audit record %zu of a unit is marked personal: %s", index, th_describe(r));
    return rec;
}

/* Fail unless record rec (of log) changes field from null (before) to a time (after). */
static void assert_set_from_null(const th_response *log, const json_t *rec, const char *field)
{
    const json_t *change = json_object_get(json_object_get(rec, "changes"), field);

    if (!change || !json_is_null(json_object_get(change, "before")) ||
        !json_is_string(json_object_get(change, "after")))
        th_fail("%s does not record %s before null, after a time: %s", th_json_str(rec, "action"), field,
                th_describe(log));
}

static long long head_seq(void)
{
    th_response *r = th_request("GET", "/v1/audit/head", NULL, NULL);
    long long seq;

    th_assert_status(r, 200);
    seq = th_json_int(r->json, "seq");
    th_response_free(r);
    return seq;
}

TH_TEST(test_every_write_through_the_api_adds_one_audit_record_with_its_key_and_the_changed_fields)
{
    tu_key actor;
    tu_key made;
    char code[64];
    char *body;
    char *path;
    th_response *r;
    th_response *log;
    const json_t *rec;
    const json_t *changes;
    char unit_id[37];
    long long before;

    tu_create_key(&actor, "admin", NULL, NULL);
    th_unique(code, sizeof code, "zt-audit-");

    /* create */
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] diaudit\",\"kind\":\"other\",\"staff_count\":5}", code);
    r = th_request("POST", "/v1/units", body, (const char *const[]){actor.auth, NULL});
    th_assert_status(r, 201);
    snprintf(unit_id, sizeof unit_id, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    log = audit_of(unit_id);
    rec = only_record(log, 0, 1, "unit.created", actor.id, "unit");
    changes = json_object_get(rec, "changes");
    if (!json_object_get(rec, "resource_id") || strcmp(th_json_str(rec, "resource_id"), unit_id) != 0)
        th_fail("the record names another resource: %s", th_describe(log));
    if (!th_json_str(json_object_get(changes, "code"), "after") ||
        strcmp(th_json_str(json_object_get(changes, "code"), "after"), code) != 0 ||
        th_json_int(json_object_get(changes, "staff_count"), "after") != 5 ||
        json_object_get(json_object_get(changes, "code"), "before"))
        th_fail("unit.created does not record the new fields (after, no before): %s", th_describe(log));
    th_response_free(log);

    /* update: exactly the changed fields, before and after */
    path = th_format("/v1/units/%s", unit_id);
    r = th_request("PATCH", path, "{\"staff_count\":9,\"name\":\"[Uji] diaudit lagi\",\"kind\":\"other\"}",
                   (const char *const[]){actor.auth, "If-Match: *", NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    log = audit_of(unit_id);
    rec = only_record(log, 1, 2, "unit.updated", actor.id, "unit");
    {
        json_t *want = json_loads("{\"staff_count\":{\"before\":5,\"after\":9},"
                                  "\"name\":{\"before\":\"[Uji] diaudit\",\"after\":\"[Uji] diaudit lagi\"}}",
                                  0, NULL);
        const json_t *first = json_array_get(tu_data(log), 0);

        if (!json_equal(want, json_object_get(rec, "changes")))
            th_fail("unit.updated must hold exactly the changed fields (kind did not change) with before and "
                    "after: %s",
                    th_describe(log));
        json_decref(want);
        /* Consecutive records are linked. */
        if (th_json_int(rec, "seq") == th_json_int(first, "seq") + 1 &&
            strcmp(th_json_str(rec, "prev_hash"), th_json_str(first, "hash")) != 0)
            th_fail("record %lld's prev_hash is not record %lld's hash", th_json_int(rec, "seq"),
                    th_json_int(first, "seq"));
        if (th_json_int(rec, "seq") <= th_json_int(first, "seq"))
            th_fail("audit sequence numbers do not increase: %s", th_describe(log));
    }
    th_response_free(log);

    /* failed writes add nothing */
    before = head_seq();
    r = th_request("PATCH", path, "{\"staff_count\":-1}", (const char *const[]){actor.auth, "If-Match: *", NULL});
    th_assert_status(r, 400);
    th_response_free(r);
    r = th_request("PATCH", path, "{\"staff_count\":9}", (const char *const[]){actor.auth, "If-Match: \"1\"", NULL});
    th_assert_status(r, 412);
    th_response_free(r);
    if (head_seq() != before)
        th_fail("failed writes added audit records (head %lld -> %lld)", before, head_seq());

    /* archive */
    free(path);
    path = th_format("/v1/units/%s/archive", unit_id);
    r = th_request("POST", path, NULL, (const char *const[]){actor.auth, "If-Match: *", NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    log = audit_of(unit_id);
    rec = only_record(log, 2, 3, "unit.archived", actor.id, "unit");
    assert_set_from_null(log, rec, "archived_at");
    th_response_free(log);

    /* api keys: created and revoked, by the acting key; never the secret or its hash */
    {
        json_t *kb = json_pack("{s:s, s:s}", "role", "evaluator", "name", "[Uji] dibuat oleh aktor");

        r = th_request_json("POST", "/v1/api-keys", kb, (const char *const[]){actor.auth, NULL});
        th_assert_status(r, 201);
        snprintf(made.id, sizeof made.id, "%s", th_json_str(r->json, "id"));
        snprintf(made.secret, sizeof made.secret, "%s", th_json_str(r->json, "key"));
        th_response_free(r);
        json_decref(kb);
    }
    free(path);
    path = th_format("/v1/api-keys/%s", made.id);
    r = th_request("DELETE", path, NULL, (const char *const[]){actor.auth, NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    log = audit_of(made.id);
    rec = only_record(log, 0, 2, "api_key.created", actor.id, "api_key");
    if (json_object_get(json_object_get(rec, "changes"), "key_hash") || strstr(log->body, made.secret))
        th_fail("the audit of a key holds its secret or its hash: %s", th_describe(log));
    rec = only_record(log, 1, 2, "api_key.revoked", actor.id, "api_key");
    assert_set_from_null(log, rec, "revoked_at");
    th_response_free(log);

    /* Revoking again changes nothing, so it records nothing. */
    before = head_seq();
    r = th_request("DELETE", path, NULL, (const char *const[]){actor.auth, NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    if (head_seq() != before)
        th_fail("revoking a revoked key added an audit record");

    /* The filters find the actor's records. */
    {
        char *p = th_format("/v1/audit?actor_key_id=%s&limit=200", actor.id);
        const json_t *item;
        size_t i;

        r = th_request("GET", p, NULL, (const char *const[]){th_admin_auth(), NULL});
        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != 5)
            th_fail("GET /v1/audit?actor_key_id= lists %zu records of the actor, expected 5: %s",
                    json_array_size(tu_data(r)), th_describe(r));
        json_array_foreach(tu_data(r), i, item) {
            if (strcmp(th_json_str(item, "actor_key_id"), actor.id) != 0)
                th_fail("the actor filter lists another actor's record: %s", th_describe(r));
        }
        th_response_free(r);
        free(p);
    }
    free(path);
    free(body);
}

TH_TEST(test_audit_verify_is_ok_and_the_public_head_matches_it)
{
    for (int attempt = 0;; attempt++) {
        th_response *v = th_request("GET", "/v1/audit/verify", NULL, (const char *const[]){th_admin_auth(), NULL});
        th_response *h = th_request("GET", "/v1/audit/head", NULL, NULL);
        bool same;

        th_assert_status(v, 200);
        th_assert_status(h, 200);
        if (!json_is_true(json_object_get(v->json, "ok")) ||
            !json_is_null(json_object_get(v->json, "first_broken_seq")))
            th_fail("the audit chain of the server under test does not verify: %s", th_describe(v));
        if (th_json_int(v->json, "checked") != th_json_int(v->json, "head_seq") || th_json_int(v->json, "checked") < 1)
            th_fail("verify checked %lld records but the head is at %lld", th_json_int(v->json, "checked"),
                    th_json_int(v->json, "head_seq"));
        if (!is_hex64(th_json_str(v->json, "head_hash")) || !is_hex64(th_json_str(h->json, "hash")) ||
            !th_json_str(h->json, "at"))
            th_fail("verify or head without a hash (or head without at): %s / %s", v->body, h->body);
        same = th_json_int(h->json, "seq") == th_json_int(v->json, "head_seq") &&
               strcmp(th_json_str(h->json, "hash"), th_json_str(v->json, "head_hash")) == 0;
        th_response_free(h);
        th_response_free(v);
        if (same)
            break;
        if (attempt >= 3)
            th_fail("GET /v1/audit/head never matched the head GET /v1/audit/verify reported");
        th_sleep_ms(100); /* a write came between the two requests */
    }
}

/* ---- concurrent writers ------------------------------------------------------------------ */

typedef struct writers {
    char auth[160];
    char urls[WRITERS][256];
    char errors[WRITERS][300];
} writers;

static void patch_many(int i, void *arg)
{
    writers *w = arg;

    for (int k = 0; k < WRITES_EACH && !w->errors[i][0]; k++) {
        char body[64];
        th_response *r;

        snprintf(body, sizeof body, "{\"staff_count\":%d}", 1000 + i * 100 + k);
        r = th_try_request("PATCH", w->urls[i], body, (const char *const[]){w->auth, "If-Match: *", NULL});
        if (!r || r->status != 200)
            snprintf(w->errors[i], sizeof w->errors[i], "writer %d, write %d: %s", i, k,
                     r ? th_describe(r) : "no answer");
        th_response_free(r);
    }
}

TH_TEST(test_concurrent_writers_leave_one_unbroken_chain_with_contiguous_seqs)
{
    writers *w = calloc(1, sizeof *w);
    tu_unit units[WRITERS];
    char *stats;
    long long count = 0, lo = 0, hi = 0, head = 0, forks = -1;
    th_response *r;

    if (!w)
        th_fail("out of memory");
    snprintf(w->auth, sizeof w->auth, "%s", th_admin_auth());
    for (int i = 0; i < WRITERS; i++) {
        tu_create_unit(&units[i], NULL);
        snprintf(w->urls[i], sizeof w->urls[i], "%s/v1/units/%s", th_base_url(), units[i].id);
    }
    tu_parallel(WRITERS, patch_many, w);
    for (int i = 0; i < WRITERS; i++)
        if (w->errors[i][0])
            th_fail("%s", w->errors[i]);

    r = th_request("GET", "/v1/audit/verify", NULL, (const char *const[]){th_admin_auth(), NULL});
    th_assert_status(r, 200);
    if (!json_is_true(json_object_get(r->json, "ok")))
        th_fail("after %d concurrent writers the chain does not verify: %s", WRITERS, th_describe(r));
    th_response_free(r);

    stats = th_psql(th_database_url(),
                    "SELECT count(*) || ' ' || min(seq) || ' ' || max(seq) || ' ' || "
                    "(SELECT audit_seq FROM journal_head) || ' ' || (count(*) - count(DISTINCT prev_hash)) "
                    "FROM audit_log");
    if (sscanf(stats, "%lld %lld %lld %lld %lld", &count, &lo, &hi, &head, &forks) != 5)
        th_fail("cannot read the journal's numbers: %s", stats);
    if (lo != 1 || hi != count || head != hi)
        th_fail("audit seqs are not 1..N without gaps: %lld records from %lld to %lld, head at %lld", count, lo, hi,
                head);
    if (forks != 0)
        th_fail("%lld audit records share a prev_hash with another: the chain forked", forks);
    for (int i = 0; i < WRITERS; i++) {
        char *path = th_format("/v1/audit?resource_id=%s&action=unit.updated&limit=200", units[i].id);

        r = th_request("GET", path, NULL, (const char *const[]){th_admin_auth(), NULL});
        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != WRITES_EACH)
            th_fail("unit %d: %zu unit.updated records after %d writes", i, json_array_size(tu_data(r)),
                    WRITES_EACH);
        th_response_free(r);
        free(path);
    }
    free(stats);
    free(w);
}

/* ---- tampering, in a scratch database ------------------------------------------------------ */

typedef struct verdict {
    bool ok;
    long long first_broken;
    long long checked;
    char head_hash[65];
} verdict;

static void read_verdict(const json_t *doc, const char *what, verdict *v)
{
    const json_t *fb = json_object_get(doc, "first_broken_seq");

    if (!json_is_boolean(json_object_get(doc, "ok")) || !(json_is_null(fb) || json_is_integer(fb)) ||
        !json_is_integer(json_object_get(doc, "checked")))
        th_fail("%s: not a verdict {ok, checked, first_broken_seq}", what);
    v->ok = json_is_true(json_object_get(doc, "ok"));
    v->first_broken = json_is_integer(fb) ? (long long)json_integer_value(fb) : 0;
    v->checked = th_json_int(doc, "checked");
    snprintf(v->head_hash, sizeof v->head_hash, "%s",
             th_json_str(doc, "head_hash") ? th_json_str(doc, "head_hash") : "");
    if (v->ok == json_is_integer(fb))
        th_fail("%s: ok and first_broken_seq disagree", what);
}

/* Verify the scratch database both ways; both must say the same. */
static void verify_both(const char *url, const char *base, const char *auth, verdict *out)
{
    const char *argv[] = {th_server_bin(), "audit-verify", "--database-url", url, NULL};
    th_proc *p = th_run(argv, NULL, 60000);
    json_t *cli = json_loads(p->out ? p->out : "", 0, NULL);
    char *verify_url = tu_url(base, "/v1/audit/verify");
    th_response *r = th_request("GET", verify_url, NULL, (const char *const[]){auth, NULL});
    verdict api;

    th_assert_no_sanitizer_report(p);
    if (!cli)
        th_fail("zi-server audit-verify printed no JSON (exit %d): %.500s %.500s", p->exit_code, p->out, p->err);
    read_verdict(cli, "zi-server audit-verify", out);
    if (p->exit_code != (out->ok ? 0 : 1))
        th_fail("zi-server audit-verify exited %d with ok=%s (expected %d)", p->exit_code, out->ok ? "true" : "false",
                out->ok ? 0 : 1);
    th_assert_status(r, 200);
    read_verdict(r->json, "GET /v1/audit/verify", &api);
    if (api.ok != out->ok || api.first_broken != out->first_broken || api.checked != out->checked)
        th_fail("the API and the offline verifier disagree: %s vs %s", r->body, p->out);
    th_response_free(r);
    free(verify_url);
    json_decref(cli);
    th_proc_free(p);
}

static void psql_as_superuser(const char *url, const char *sql)
{
    char *all = th_format("SET session_replication_role = replica; %s", sql);

    free(th_psql(url, all));
    free(all);
}

static void restore(const char *url)
{
    psql_as_superuser(url, "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM zt_audit_copy; "
                           "UPDATE journal_head h SET audit_seq = c.audit_seq, audit_hash = c.audit_hash "
                           "FROM zt_head_copy c");
}

TH_TEST(test_tampering_with_the_audit_log_is_found_at_exactly_that_seq_by_api_and_offline_verify)
{
    static const struct {
        const char *what;
        const char *sql; /* run with triggers off */
        long long broken;
    } cases[] = {
        {"an edited record (changes)",
         "UPDATE audit_log SET changes = jsonb_set(changes, '{staff_count,after}', '777') WHERE seq = 4", 4},
        {"an edited record (actor)", "UPDATE audit_log SET actor_key_id = NULL WHERE seq = 7", 7},
        {"an edited record (time)", "UPDATE audit_log SET at = at - interval '1 day' WHERE seq = 9", 9},
        {"a deleted record in the middle", "DELETE FROM audit_log WHERE seq = 5", 5},
        {"two records swapped (3 and 6)",
         "UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 6; "
         "UPDATE audit_log SET seq = 6 WHERE seq = -1",
         3},
        {"two neighbours swapped (8 and 9)",
         "UPDATE audit_log SET seq = -1 WHERE seq = 8; UPDATE audit_log SET seq = 8 WHERE seq = 9; "
         "UPDATE audit_log SET seq = 9 WHERE seq = -1",
         8},
        {"the first record deleted", "DELETE FROM audit_log WHERE seq = 1", 1},
        {"the last record deleted (tail cut)", "DELETE FROM audit_log WHERE seq = 10", 10},
        {"the last two records deleted (tail cut)", "DELETE FROM audit_log WHERE seq >= 9", 9},
    };
    th_scratch db;
    const char *url;
    tu_server server;
    char *auth;
    verdict v;
    char published[65];

    auth = tu_scratch_with_admin(&db, TU_SCRATCH_PREFIX);
    url = db.url;
    tu_server_start(&server, url, NULL);

    /* 10 records: the key (1), three units (2-4), two changes of each (5-10). */
    {
        char ids[3][37];

        for (int i = 0; i < 3; i++) {
            char *u = tu_url(server.base, "/v1/units");
            char *body = th_format("{\"code\":\"zt-tamper-%d\",\"name\":\"[Uji] rantai %d\",\"kind\":\"other\","
                                   "\"staff_count\":%d}",
                                   i, i, i);
            th_response *r = th_request("POST", u, body, (const char *const[]){auth, NULL});

            th_assert_status(r, 201);
            snprintf(ids[i], sizeof ids[i], "%s", th_json_str(r->json, "id"));
            th_response_free(r);
            free(body);
            free(u);
        }
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                char *path = th_format("/v1/units/%s", ids[i]);
                char *u = tu_url(server.base, path);
                char *body = th_format("{\"staff_count\":%d}", 10 * (k + 1) + i);
                th_response *r = th_request("PATCH", u, body, (const char *const[]){auth, "If-Match: *", NULL});

                th_assert_status(r, 200);
                th_response_free(r);
                free(body);
                free(u);
                free(path);
            }
        }
    }
    verify_both(url, server.base, auth, &v);
    if (!v.ok || v.checked != 10)
        th_fail("the fresh scratch chain does not verify with 10 records (ok %d, checked %lld)", v.ok, v.checked);
    snprintf(published, sizeof published, "%s", v.head_hash);

    /* Without bypassing the triggers the journal cannot be changed at all. */
    {
        const char *argv[] = {"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                              "UPDATE audit_log SET changes = '{}' WHERE seq = 2", NULL};
        const char *argv2[] = {"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                               "DELETE FROM audit_log WHERE seq = 2", NULL};
        th_proc *p = th_run(argv, NULL, 30000);
        th_proc *p2 = th_run(argv2, NULL, 30000);

        if (p->exit_code == 0 || !strstr(p->err, "append-only") || p2->exit_code == 0 ||
            !strstr(p2->err, "append-only"))
            th_fail("UPDATE/DELETE on audit_log was not refused as append-only: %s / %s", p->err, p2->err);
        th_proc_free(p2);
        th_proc_free(p);
    }

    free(th_psql(url, "CREATE TABLE zt_audit_copy AS SELECT * FROM audit_log; "
                      "CREATE TABLE zt_head_copy AS SELECT * FROM journal_head"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        psql_as_superuser(url, cases[i].sql);
        verify_both(url, server.base, auth, &v);
        if (v.ok || v.first_broken != cases[i].broken)
            th_fail("%s: verify says ok=%s, first_broken_seq=%lld; expected the break at %lld", cases[i].what,
                    v.ok ? "true" : "false", v.first_broken, cases[i].broken);
        if (v.checked != cases[i].broken - 1)
            th_fail("%s: verify checked %lld records before the break at %lld", cases[i].what, v.checked,
                    cases[i].broken);
        restore(url);
        verify_both(url, server.base, auth, &v);
        if (!v.ok || v.checked != 10)
            th_fail("after undoing \"%s\" the chain does not verify again", cases[i].what);
    }

    /*
     * What the chain does not prove: a superuser who edits a record and recomputes every
     * hash after it (and the head) leaves a chain that verifies. Only the head published
     * before the edit shows it: this is why GET /v1/audit/head exists.
     */
    psql_as_superuser(url,
                      "UPDATE audit_log SET changes = jsonb_set(changes, '{staff_count,after}', '777') WHERE seq = 4; "
                      "DO $$ DECLARE r record; prev bytea; BEGIN "
                      "SELECT hash INTO prev FROM audit_log WHERE seq = 3; "
                      "FOR r IN SELECT * FROM audit_log WHERE seq >= 4 ORDER BY seq LOOP "
                      "UPDATE audit_log SET prev_hash = prev, hash = sha256(prev || convert_to(zi_audit_canonical("
                      "r.seq, r.at, r.actor_key_id, r.action, r.resource_type, r.resource_id, r.changes, r.personal), "
                      "'UTF8')) WHERE seq = r.seq RETURNING hash INTO prev; END LOOP; "
                      "UPDATE journal_head SET audit_hash = prev; END $$");
    verify_both(url, server.base, auth, &v);
    if (!v.ok)
        th_fail("a fully recomputed chain should verify (the README's stated limit); got first_broken_seq %lld",
                v.first_broken);
    if (strcmp(v.head_hash, published) == 0)
        th_fail("the recomputed chain has the head hash published before the edit: the head proves nothing");
    {
        char *head_url = tu_url(server.base, "/v1/audit/head");
        th_response *r = th_request("GET", head_url, NULL, NULL);

        th_assert_status(r, 200);
        if (!th_json_str(r->json, "hash") || strcmp(th_json_str(r->json, "hash"), published) == 0 ||
            strcmp(th_json_str(r->json, "hash"), v.head_hash) != 0)
            th_fail("GET /v1/audit/head after the recomputation should show the new head %s (published: %s): %s",
                    v.head_hash, published, th_describe(r));
        th_response_free(r);
        free(head_url);
    }

    tu_server_stop(&server);
    th_scratch_drop(&db);
    free(auth);
}

Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("audit");

    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, th_remember_runner, tu_drop_leftover_databases);
    tcase_add_test(tc, test_every_write_through_the_api_adds_one_audit_record_with_its_key_and_the_changed_fields);
    tcase_add_test(tc, test_audit_verify_is_ok_and_the_public_head_matches_it);
    tcase_add_test(tc, test_concurrent_writers_leave_one_unbroken_chain_with_contiguous_seqs);
    tcase_add_test(tc, test_tampering_with_the_audit_log_is_found_at_exactly_that_seq_by_api_and_offline_verify);
    suite_add_tcase(s, tc);
    return s;
}
