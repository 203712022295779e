/*
 * test_journal.c — a journal that does not serialise commits (issue 12 item 1,
 * sql/migrations/0008_journal_sealing.sql). Writers append unsealed records in their own
 * transactions and commit without waiting for one another; a sealer moves them into the
 * audit chain and the feed afterwards. What must still hold:
 *   - writes commit while journal_head is locked (nothing waits for the sealer), and once it
 *     is free the sealer thread seals all of them by itself: contiguous seqs, one record and
 *     one event per write, times that never decrease, a chain that verifies and that still
 *     shows an edit at exactly its seq;
 *   - a crash between commits and their seal loses nothing: the records wait in
 *     journal_pending and the next instance seals them without being asked, and a record
 *     written directly in SQL is sealed within the interval;
 *   - a read of the journal that arrives before a write is sealed waits for the seal rather
 *     than miss the write.
 * Each test has a scratch database and servers of its own (64 writers at once, a killed
 * instance), so the shared server and its journal are not involved.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

enum {
    WRITERS = 64,       /* the bar: 64 concurrent writers */
    HOLD_S = 8,         /* journal_head locked this long: every write must be answered within it */
    SEAL_WITHIN_MS = 3000,
};

#define SCRATCH "zt_journal_"

typedef struct burst {
    char base[64];
    char auth[200];
    char tag[32];
    char ids[WRITERS][37];
    char errors[WRITERS][300];
} burst;

static void create_one(int i, void *arg)
{
    burst *b = arg;
    char *url = tu_url(b->base, "/v1/units");
    char *body = th_format("{\"code\":\"%s-%d\",\"name\":\"[Uji] jurnal %d\",\"kind\":\"other\"}", b->tag, i, i);
    th_response *r = th_try_request("POST", url, body, (const char *const[]){b->auth, NULL});

    if (r && r->status == 201 && th_json_str(r->json, "id"))
        snprintf(b->ids[i], sizeof b->ids[i], "%s", th_json_str(r->json, "id"));
    else
        snprintf(b->errors[i], sizeof b->errors[i], "writer %d: %s", i, r ? th_describe(r) : "no answer");
    th_response_free(r);
    free(body);
    free(url);
}

/* 64 POST /v1/units at once through server base; fails the test unless all are 201. */
static void write_burst(burst *b, const char *base, const char *auth)
{
    snprintf(b->base, sizeof b->base, "%s", base);
    snprintf(b->auth, sizeof b->auth, "%s", auth);
    th_unique(b->tag, sizeof b->tag, "zt-j");
    tu_parallel(WRITERS, create_one, b);
    for (int i = 0; i < WRITERS; i++)
        if (b->errors[i][0])
            th_fail("%s", b->errors[i]);
}

/* Waits (without asking any zi-server) until nothing is pending; fails after ms. */
static void await_sealed(const char *url, int ms, const char *who)
{
    double deadline = th_now_ms() + ms;

    while (th_psql_count_on(url, "SELECT count(*) FROM journal_pending") > 0) {
        if (th_now_ms() > deadline)
            th_fail("%s: %ld records still unsealed %d ms later", who,
                    th_psql_count_on(url, "SELECT count(*) FROM journal_pending"), ms);
        th_sleep_ms(50);
    }
}

static th_response *get_on(const char *base, const char *path, const char *auth)
{
    char *url = tu_url(base, path);
    th_response *r = th_request("GET", url, NULL, (const char *const[]){auth, NULL});

    free(url);
    return r;
}

/*
 * The feed after `after` holds exactly the burst's 64 unit.created events, at after+1 …
 * after+64, each unit once, with times that never decrease; the audit chain verifies and
 * has one unit.created record per unit.
 */
static void assert_burst_journalled(const burst *b, const char *base, const char *auth, long long after)
{
    char *path = th_format("/v1/events?after=%lld&limit=200", after);
    th_response *r = get_on(base, path, auth);
    const json_t *data;
    const json_t *e;
    size_t i;
    const char *prev_at = "";
    int seen[WRITERS] = {0};

    th_assert_status(r, 200);
    data = tu_data(r);
    if (json_array_size(data) != WRITERS)
        th_fail("the feed after %lld has %zu events for %d writes: %.600s", after, json_array_size(data), WRITERS,
                r->body);
    json_array_foreach(data, i, e) {
        const char *at = th_json_str(e, "at");
        const char *id = th_json_str(e, "resource_id");
        int k;

        if (th_json_int(e, "seq") != after + 1 + (long long)i)
            th_fail("event %zu of the burst has seq %lld, expected %lld (no gaps)", i, th_json_int(e, "seq"),
                    after + 1 + (long long)i);
        if (!th_json_str(e, "type") || strcmp(th_json_str(e, "type"), "unit.created") != 0)
            th_fail("event %lld is %s, not unit.created", th_json_int(e, "seq"), th_json_str(e, "type"));
        /* RFC 3339 with fixed microseconds and Z: text order is time order. */
        if (!at || strcmp(at, prev_at) < 0)
            th_fail("event %lld has time %s, before the previous event's %s", th_json_int(e, "seq"), at, prev_at);
        prev_at = at;
        for (k = 0; k < WRITERS && (!id || strcmp(b->ids[k], id) != 0); k++)
            ;
        if (k == WRITERS || seen[k]++)
            th_fail("event %lld is for %s: not one of the burst's units, or seen twice", th_json_int(e, "seq"), id);
    }
    th_response_free(r);
    free(path);

    r = get_on(base, "/v1/audit?resource_type=unit&action=unit.created&limit=200", auth);
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != WRITERS)
        th_fail("the audit log has %zu unit.created records for %d writes", json_array_size(tu_data(r)), WRITERS);
    th_response_free(r);
    r = get_on(base, "/v1/audit/verify", auth);
    th_assert_status(r, 200);
    if (!json_is_true(json_object_get(r->json, "ok")) || th_json_int(r->json, "checked") != th_json_int(r->json, "head_seq"))
        th_fail("the chain does not verify after sealing: %s", th_describe(r));
    th_response_free(r);
}

TH_TEST(test_64_writers_commit_while_the_journal_head_is_locked_and_are_sealed_in_order_once_it_is_free)
{
    th_scratch db;
    tu_server a;
    burst *b = calloc(1, sizeof *b);
    char app[48];
    char *auth = tu_scratch_with_admin(&db, SCRATCH);
    th_proc *holder;
    double t0, took;

    if (!b)
        th_fail("out of memory");
    tu_server_start(&a, db.url, (const char *const[]){"--rate-limit-per-min", "0", NULL});
    th_unique(app, sizeof app, "zt-head-");
    holder = th_psql_hold_on(db.url, app, "SELECT 1 FROM journal_head FOR UPDATE", HOLD_S);
    t0 = th_now_ms();
    write_burst(b, a.base, auth);
    /* Before this design every one of them waited here for the lock, i.e. for HOLD_S. The
     * margin covers the time between the lock being taken and th_psql_hold_on seeing it. */
    took = th_now_ms() - t0;
    if (took > HOLD_S * 1000 - 1000)
        th_fail("the 64 writes took %.0f ms: about as long as journal_head was held (%d s), so they queued "
                "behind it",
                took, HOLD_S);
    if (th_psql_count_on(db.url, "SELECT count(*) FROM journal_pending") != WRITERS ||
        th_psql_count_on(db.url, "SELECT count(*) FROM audit_log") != 1)
        th_fail("while journal_head is locked the 64 acknowledged writes should wait unsealed (pending %ld, "
                "sealed %ld)",
                th_psql_count_on(db.url, "SELECT count(*) FROM journal_pending"),
                th_psql_count_on(db.url, "SELECT count(*) FROM audit_log"));
    th_psql_release(holder, app);
    th_proc_free(holder);
    await_sealed(db.url, SEAL_WITHIN_MS, "after journal_head was released, the sealer thread");
    assert_burst_journalled(b, a.base, auth, 1);

    /* The chain sealed this way still shows an edit at exactly its seq. */
    free(th_psql(db.url, "SET session_replication_role = replica; "
                         "UPDATE audit_log SET changes = jsonb_set(changes, '{name,after}', '\"x\"') WHERE seq = 33"));
    {
        th_response *r = get_on(a.base, "/v1/audit/verify", auth);

        th_assert_status(r, 200);
        if (json_is_true(json_object_get(r->json, "ok")) || th_json_int(r->json, "first_broken_seq") != 33)
            th_fail("an edited record 33 among 64 sealed together should break the chain at 33: %s", th_describe(r));
        th_response_free(r);
    }
    tu_server_stop(&a);
    th_scratch_drop(&db);
    free(auth);
    free(b);
}

TH_TEST(test_writes_acknowledged_before_a_crash_are_sealed_by_the_next_instance_without_being_asked)
{
    th_scratch db;
    tu_server a, b2;
    burst *b = calloc(1, sizeof *b);
    char app[48];
    char *auth = tu_scratch_with_admin(&db, SCRATCH);
    th_proc *holder;
    const char *const args[] = {"--rate-limit-per-min", "0", "--journal-seal-interval-ms", "200", NULL};

    if (!b)
        th_fail("out of memory");
    tu_server_start(&a, db.url, args);
    th_unique(app, sizeof app, "zt-crash-");
    holder = th_psql_hold_on(db.url, app, "SELECT 1 FROM journal_head FOR UPDATE", HOLD_S);
    write_burst(b, a.base, auth);
    /* The instance dies after acknowledging, before it could seal anything. Its sealer's
     * session is waiting for journal_head and PostgreSQL would only notice the client is gone
     * after that wait (then it would seal, and the crash would come after the seal): end its
     * sessions as a lost machine's are ended, every one but the holder's. */
    th_proc_signal(a.proc, SIGKILL);
    th_proc_wait(a.proc, 10000);
    th_proc_free(a.proc);
    {
        char *sql = th_format("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND pid <> pg_backend_pid() AND application_name <> '%s'",
                              app);

        free(th_psql(db.url, sql));
        free(sql);
    }
    th_psql_release(holder, app);
    th_proc_free(holder);

    th_sleep_ms(1000);
    if (th_psql_count_on(db.url, "SELECT count(*) FROM journal_pending") != WRITERS ||
        th_psql_count_on(db.url, "SELECT count(*) FROM audit_log") != 1)
        th_fail("with no instance running, the 64 acknowledged writes should wait unsealed (pending %ld)",
                th_psql_count_on(db.url, "SELECT count(*) FROM journal_pending"));
    /* No request reaches the new instance before they are sealed (/healthz does not touch the
     * database): its sealer thread finds them on its interval. */
    tu_server_start(&b2, db.url, args);
    await_sealed(db.url, SEAL_WITHIN_MS, "a new instance's sealer thread");
    assert_burst_journalled(b, b2.base, auth, 1);

    /* A write made directly in SQL is sealed within the interval too, in the feed after them. */
    free(th_psql(db.url, "INSERT INTO units (code, name, kind) VALUES ('zt-j-sql', '[Uji] lewat SQL', 'other')"));
    await_sealed(db.url, SEAL_WITHIN_MS, "a record written in SQL");
    {
        th_response *r = get_on(b2.base, "/v1/events?after=65", auth);

        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != 1 || th_json_int(json_array_get(tu_data(r), 0), "seq") != 66)
            th_fail("the SQL write should be event 66: %s", th_describe(r));
        th_response_free(r);
    }
    tu_server_stop(&b2);
    th_scratch_drop(&db);
    free(auth);
    free(b);
}

TH_TEST(test_a_read_of_the_feed_waits_for_the_seal_of_a_write_acknowledged_before_it)
{
    th_scratch db;
    tu_server a;
    char app[48];
    char *auth = tu_scratch_with_admin(&db, SCRATCH);
    th_proc *holder;
    th_response *r;
    char *url;
    double t_locked, t_read;

    tu_server_start(&a, db.url, (const char *const[]){"--rate-limit-per-min", "0", NULL});
    th_unique(app, sizeof app, "zt-read-");
    /* Locked for 2 s, then the holder commits by itself. */
    holder = th_psql_hold_on(db.url, app, "SELECT 1 FROM journal_head FOR UPDATE", 2);
    t_locked = th_now_ms();
    url = tu_url(a.base, "/v1/units");
    r = th_request("POST", url, "{\"code\":\"zt-j-read\",\"name\":\"[Uji] baca\",\"kind\":\"other\"}",
                   (const char *const[]){auth, NULL});
    th_assert_status(r, 201);
    th_response_free(r);
    free(url);
    if (th_now_ms() - t_locked > 1500)
        th_fail("the write should have been answered while journal_head was still locked");
    t_read = th_now_ms();
    r = get_on(a.base, "/v1/events?after=1", auth);
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != 1 || strcmp(th_json_str(json_array_get(tu_data(r), 0), "type"), "unit.created"))
        th_fail("a read after an acknowledged write must show it, even unsealed when the read came: %s",
                th_describe(r));
    /* The lock was taken at most a poll of th_psql_hold_on before t_locked. */
    if (th_now_ms() - t_locked < 2000 - 300)
        th_fail("the feed answered %.0f ms after the request, while the write could not be sealed yet",
                th_now_ms() - t_read);
    th_response_free(r);
    th_proc_wait(holder, 10000);
    th_proc_free(holder);
    tu_server_stop(&a);
    th_scratch_drop(&db);
    free(auth);
}

static void drop_leftovers(void)
{
    th_drop_leftover_databases(SCRATCH, "journal");
}

Suite *journal_suite(void)
{
    Suite *s = suite_create("journal");
    TCase *tc = tcase_create("sealing");

    tcase_set_timeout(tc, 180);
    tcase_add_unchecked_fixture(tc, th_remember_runner, drop_leftovers);
    tcase_add_test(tc, test_64_writers_commit_while_the_journal_head_is_locked_and_are_sealed_in_order_once_it_is_free);
    tcase_add_test(tc, test_writes_acknowledged_before_a_crash_are_sealed_by_the_next_instance_without_being_asked);
    tcase_add_test(tc, test_a_read_of_the_feed_waits_for_the_seal_of_a_write_acknowledged_before_it);
    suite_add_tcase(s, tc);
    return s;
}
