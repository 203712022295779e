/*
 * test_events.c — the change feed (issue 4 item 6): GET /v1/events?after=SEQ returns
 * the events after SEQ in order; every write makes exactly one event (type, resource,
 * version) and a failed or empty write none; events carry no personal data; the feed
 * needs a key; a reader following the feed while 8 writers and a slow SQL transaction
 * commit sees every committed write exactly once, in strictly increasing seq without
 * gaps; wait=S long-polls: it answers soon after a write, and empty after S seconds.
 */
#include "support.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    FEED_WRITERS = 8,
    FEED_WRITES_EACH = 16, /* 128 writes through the API, plus one through psql */
    MAX_SEEN = 4096,
    SLOW_TX_MS = 400,      /* the slow transaction's sleep: below the server's 1 s statement timeout */
};

static const char *const EVENT_MEMBERS[] = {"seq", "type", "resource_type", "resource_id", "version", "at"};

static th_response *events_after(long long after, const char *extra)
{
    char *path = th_format("/v1/events?after=%lld%s", after, extra ? extra : "");
    th_response *r = th_request("GET", path, NULL, (const char *const[]){th_admin_auth(), NULL});

    th_assert_status(r, 200);
    free(path);
    return r;
}

/* Fail unless event e has exactly the documented members, and no more. */
static void assert_event_shape(const json_t *e, const th_response *r)
{
    const char *k;
    const json_t *v;

    json_object_foreach((json_t *)e, k, v) {
        bool known = false;

        for (size_t i = 0; i < sizeof EVENT_MEMBERS / sizeof EVENT_MEMBERS[0]; i++)
            known = known || strcmp(k, EVENT_MEMBERS[i]) == 0;
        if (!known)
            th_fail("an event carries \"%s\", beyond type, resource and version: %s", k, th_describe(r));
    }
    if (th_json_int(e, "seq") < 1 || !th_json_str(e, "type") || !th_json_str(e, "resource_type") ||
        !th_is_uuid(th_json_str(e, "resource_id")) || !th_json_str(e, "at"))
        th_fail("an event lacks seq, type, resource_type, resource_id or at: %s", th_describe(r));
}

static void assert_event(const th_response *r, size_t index, long long seq, const char *type,
                         const char *resource_type, const char *id, long long version)
{
    const json_t *e = json_array_get(tu_data(r), index);

    assert_event_shape(e, r);
    if (th_json_int(e, "seq") != seq || strcmp(th_json_str(e, "type"), type) != 0 ||
        strcmp(th_json_str(e, "resource_type"), resource_type) != 0 || strcmp(th_json_str(e, "resource_id"), id) != 0 ||
        th_json_int(e, "version") != version)
        th_fail("event %zu should be seq %lld, %s of %s %s version %lld: %s", index, seq, type, resource_type, id,
                version, th_describe(r));
}

TH_TEST(test_each_write_makes_exactly_one_event_in_order_with_type_and_version)
{
    long long last = tu_feed_end();
    tu_unit unit;
    tu_key key;
    char *path;
    th_response *r;

    tu_create_unit(&unit, NULL);                                  /* unit.created v1 */
    path = th_format("/v1/units/%s", unit.id);
    r = th_request("PATCH", path, "{\"staff_count\":2}", (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);                                     /* unit.updated v2 */
    th_response_free(r);
    r = th_request("PATCH", path, "{\"staff_count\":2}", (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);                                     /* nothing changed: no event */
    if (th_json_int(r->json, "version") != 2)
        th_fail("a PATCH that changes nothing bumped the version (so the feed would skip one): %s", th_describe(r));
    th_response_free(r);
    r = th_request("PATCH", path, "{\"staff_count\":-2}", (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 400);                                     /* failed: no event */
    th_response_free(r);
    free(path);
    path = th_format("/v1/units/%s/archive", unit.id);
    r = th_request("POST", path, NULL, (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);                                     /* unit.archived v3 */
    th_response_free(r);
    tu_create_key(&key, "evaluator", NULL, NULL);                 /* api_key.created v1 */
    tu_revoke_key(key.id);                                        /* api_key.revoked v2 */
    tu_revoke_key(key.id);                                        /* again: nothing changed */

    r = events_after(last, NULL);
    if (json_array_size(tu_data(r)) != 5)
        th_fail("5 writes that changed something should make 5 events after %lld, got %zu: %s", last,
                json_array_size(tu_data(r)), th_describe(r));
    assert_event(r, 0, last + 1, "unit.created", "unit", unit.id, 1);
    assert_event(r, 1, last + 2, "unit.updated", "unit", unit.id, 2);
    assert_event(r, 2, last + 3, "unit.archived", "unit", unit.id, 3);
    assert_event(r, 3, last + 4, "api_key.created", "api_key", key.id, 1);
    assert_event(r, 4, last + 5, "api_key.revoked", "api_key", key.id, 2);
    if (th_json_int(r->json, "last_seq") != last + 5)
        th_fail("last_seq should be %lld: %s", last + 5, th_describe(r));
    {
        const char *link = th_header(r, "Link");
        char *want = th_format("after=%lld", last + 5);

        if (!link || !strstr(link, want) || !strstr(link, "rel=\"next\""))
            th_fail("the Link rel=next should continue after %lld: %s", last + 5, link ? link : "(none)");
        free(want);
    }
    th_response_free(r);

    /* Pages: limit=2 from the same point gives the same events, two at a time. */
    r = events_after(last, "&limit=2");
    if (json_array_size(tu_data(r)) != 2 || th_json_int(r->json, "last_seq") != last + 2)
        th_fail("limit=2 should give 2 events up to %lld: %s", last + 2, th_describe(r));
    assert_event(r, 1, last + 2, "unit.updated", "unit", unit.id, 2);
    th_response_free(r);
    r = events_after(last + 2, "&limit=2");
    assert_event(r, 0, last + 3, "unit.archived", "unit", unit.id, 3);
    th_response_free(r);

    /* Nothing after the end: an empty page that says where the reader is. */
    r = events_after(last + 5, NULL);
    if (json_array_size(tu_data(r)) != 0 || th_json_int(r->json, "last_seq") != last + 5)
        th_fail("after the last event: expected no events and last_seq %lld: %s", last + 5, th_describe(r));
    th_response_free(r);
    free(path);
}

TH_TEST(test_events_carry_no_personal_data)
{
    long long last = tu_feed_end();
    tu_unit unit;
    char name[64];
    char *path;
    char *body;
    th_response *r;
    size_t i;
    const json_t *e;

    tu_create_unit(&unit, NULL);
    th_unique(name, sizeof name, "Budi Santoso ");
    {
        json_t *kb = json_pack("{s:s, s:s, s:s, s:s}", "role", "employee", "name", name, "unit_id", unit.id, "nip",
                               TU_NIP);

        r = th_request_json("POST", "/v1/api-keys", kb, (const char *const[]){th_admin_auth(), NULL});
        th_assert_status(r, 201);
        th_response_free(r);
        json_decref(kb);
    }
    path = th_format("/v1/units/%s", unit.id);
    body = th_format("{\"head_name\":\"%s\"}", name);
    r = th_request("PATCH", path, body, (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);
    th_response_free(r);

    r = events_after(last, NULL);
    if (json_array_size(tu_data(r)) != 3)
        th_fail("expected 3 events (unit, key, head of unit): %s", th_describe(r));
    json_array_foreach(tu_data(r), i, e) {
        assert_event_shape(e, r);
    }
    if (strstr(r->body, TU_NIP) || strstr(r->body, name))
        th_fail("the feed shows a NIP or a person's name: %s", th_describe(r));
    th_response_free(r);
    free(body);
    free(path);
}

TH_TEST(test_events_need_a_key_and_valid_parameters)
{
    static const char *const bad[] = {"/v1/events?after=-1", "/v1/events?wait=26", "/v1/events?limit=0",
                                      "/v1/events?limit=1001", "/v1/events?after=abc", "/v1/events?since=1"};
    th_response *r = th_request("GET", "/v1/events", NULL, NULL);

    th_assert_problem(r, 401, "urn:zi:problem:unauthorized");
    th_response_free(r);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = th_request("GET", bad[i], NULL, (const char *const[]){th_admin_auth(), NULL});
        th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
        th_response_free(r);
    }
}

/* ---- a reader following writers ---------------------------------------------------------- */

typedef struct seen_event {
    long long seq;
    char type[32];
    char id[37];
    long long version;
} seen_event;

typedef struct follow {
    char auth[160];
    char base[128];
    long long start;
    char unit_urls[FEED_WRITERS][256];
    char unit_ids[FEED_WRITERS][37];
    /* writers */
    long long versions[FEED_WRITERS][FEED_WRITES_EACH];
    char errors[FEED_WRITERS + 1][400];
    atomic_int writers_done;
    atomic_int writes_ok;
    /* reader */
    seen_event seen[MAX_SEEN];
    int n_seen;
    int polls;
} follow;

static void feed_reader(follow *f)
{
    long long after = f->start;
    double deadline = th_now_ms() + 60000;
    int expected = -1;

    while (th_now_ms() < deadline) {
        char url[256];
        th_response *r;
        const json_t *data;
        const json_t *e;
        size_t i;

        snprintf(url, sizeof url, "%s/v1/events?after=%lld&limit=20&wait=1", f->base, after);
        r = th_try_request("GET", url, NULL, (const char *const[]){f->auth, NULL});
        f->polls++;
        data = r && r->status == 200 && json_is_object(r->json) ? json_object_get(r->json, "data") : NULL;
        if (!json_is_array(data)) {
            snprintf(f->errors[FEED_WRITERS], sizeof f->errors[0], "reader: %s", r ? th_describe(r) : "no answer");
            th_response_free(r);
            return;
        }
        json_array_foreach(data, i, e) {
            long long seq = th_json_int(e, "seq");

            if (seq != after + 1) {
                snprintf(f->errors[FEED_WRITERS], sizeof f->errors[0],
                         "reader: after seq %lld the feed gave seq %lld (must be strictly increasing without gaps)",
                         after, seq);
                th_response_free(r);
                return;
            }
            if (f->n_seen < MAX_SEEN) {
                seen_event *s = &f->seen[f->n_seen++];

                s->seq = seq;
                snprintf(s->type, sizeof s->type, "%s", th_json_str(e, "type") ? th_json_str(e, "type") : "");
                snprintf(s->id, sizeof s->id, "%s", th_json_str(e, "resource_id") ? th_json_str(e, "resource_id") : "");
                s->version = th_json_int(e, "version");
            }
            after = seq;
        }
        if (th_json_int(r->json, "last_seq") != after) {
            snprintf(f->errors[FEED_WRITERS], sizeof f->errors[0], "reader: last_seq %lld, last event %lld",
                     th_json_int(r->json, "last_seq"), after);
            th_response_free(r);
            return;
        }
        th_response_free(r);
        /* Once the writers are done, everything they wrote (and the slow transaction, which
         * committed before them) is committed: read until all of it has been seen. */
        if (atomic_load(&f->writers_done) == FEED_WRITERS) {
            if (expected < 0)
                expected = atomic_load(&f->writes_ok) + 1;
            if (f->n_seen >= expected)
                return;
        }
    }
    snprintf(f->errors[FEED_WRITERS], sizeof f->errors[0], "reader: saw %d events in 60 s, expected %d", f->n_seen,
             expected);
}

static void feed_writer(follow *f, int i)
{
    for (int k = 0; k < FEED_WRITES_EACH; k++) {
        char body[64];
        th_response *r;

        snprintf(body, sizeof body, "{\"staff_count\":%d}", 2000 + i * 100 + k);
        r = th_try_request("PATCH", f->unit_urls[i], body, (const char *const[]){f->auth, "If-Match: *", NULL});
        if (!r || r->status != 200) {
            snprintf(f->errors[i], sizeof f->errors[0], "writer %d, write %d: %s", i, k,
                     r ? th_describe(r) : "no answer");
            th_response_free(r);
            break;
        }
        f->versions[i][k] = th_json_int(r->json, "version");
        atomic_fetch_add(&f->writes_ok, 1);
        th_response_free(r);
    }
    atomic_fetch_add(&f->writers_done, 1);
}

static void follow_thread(int i, void *arg)
{
    if (i == FEED_WRITERS)
        feed_reader(arg);
    else
        feed_writer(arg, i);
}

TH_TEST(test_feed_reader_sees_every_committed_write_once_in_order_while_writers_and_a_slow_tx_commit)
{
    follow *f = calloc(1, sizeof *f);
    tu_unit slow;
    char app[64];
    char *update_sql;
    th_proc *holder;
    int slow_events = 0;

    if (!f)
        th_fail("out of memory");
    snprintf(f->auth, sizeof f->auth, "%s", th_admin_auth());
    snprintf(f->base, sizeof f->base, "%s", th_base_url());
    for (int i = 0; i < FEED_WRITERS; i++) {
        tu_unit u;

        tu_create_unit(&u, NULL);
        snprintf(f->unit_ids[i], sizeof f->unit_ids[i], "%s", u.id);
        snprintf(f->unit_urls[i], sizeof f->unit_urls[i], "%s/v1/units/%s", th_base_url(), u.id);
    }
    tu_create_unit(&slow, NULL);
    f->start = tu_feed_end();

    /*
     * A transaction that journals first and commits last: it writes (appending the first
     * pending record), then sleeps before COMMIT while the API writers go and are sealed. A
     * feed whose seqs were handed out at write time, without regard to commit order, would
     * let the reader pass that seq before it is visible and never see it.
     */
    th_unique(app, sizeof app, "zt-slow-");
    update_sql = th_format("UPDATE units SET staff_count = 4242 WHERE id = '%s'", slow.id);
    holder = th_psql_hold(app, update_sql, SLOW_TX_MS / 1000.0);

    tu_parallel(FEED_WRITERS + 1, follow_thread, f);
    if (!th_proc_wait(holder, 10000) || holder->exit_code != 0)
        th_fail("the slow transaction failed: %s", holder->err);
    for (int i = 0; i <= FEED_WRITERS; i++)
        if (f->errors[i][0])
            th_fail("%s", f->errors[i]);

    /* Every write exactly once; the slow one too; nothing else. */
    if (f->n_seen != FEED_WRITERS * FEED_WRITES_EACH + 1)
        th_fail("the reader saw %d events for %d writes", f->n_seen, FEED_WRITERS * FEED_WRITES_EACH + 1);
    for (int i = 0; i < FEED_WRITERS; i++) {
        for (int k = 0; k < FEED_WRITES_EACH; k++) {
            int found = 0;

            for (int s = 0; s < f->n_seen; s++)
                found += strcmp(f->seen[s].id, f->unit_ids[i]) == 0 && f->seen[s].version == f->versions[i][k] &&
                         strcmp(f->seen[s].type, "unit.updated") == 0;
            if (found != 1)
                th_fail("writer %d's write %d (version %lld) was seen %d times by the reader", i, k,
                        f->versions[i][k], found);
        }
    }
    for (int s = 0; s < f->n_seen; s++)
        slow_events += strcmp(f->seen[s].id, slow.id) == 0;
    if (slow_events != 1)
        th_fail("the slow transaction's write was seen %d times by the reader", slow_events);
    printf("change feed: %d events followed in %d polls, %d writers and one slow transaction\n", f->n_seen,
           f->polls, FEED_WRITERS);

    th_proc_free(holder);
    free(update_sql);
    free(f);
}

/* ---- long-poll ---------------------------------------------------------------------------- */

typedef struct poll_race {
    char auth[160];
    char poll_url[256];
    char patch_url[256];
    double t_write;
    double t_answer;
    long status;
    size_t n;
    char error[400];
} poll_race;

static void poll_or_write(int i, void *arg)
{
    poll_race *p = arg;

    if (i == 0) {
        th_response *r = th_try_request("GET", p->poll_url, NULL, (const char *const[]){p->auth, NULL});

        p->t_answer = th_now_ms();
        if (!r) {
            snprintf(p->error, sizeof p->error, "the long poll got no answer");
            return;
        }
        p->status = r->status;
        p->n = json_array_size(json_object_get(r->json, "data"));
        th_response_free(r);
    } else {
        th_response *r;

        th_sleep_ms(500);
        p->t_write = th_now_ms();
        r = th_try_request("PATCH", p->patch_url, "{\"staff_count\":55}",
                           (const char *const[]){p->auth, "If-Match: *", NULL});
        if (!r || r->status != 200)
            snprintf(p->error, sizeof p->error, "the write failed: %s", r ? th_describe(r) : "no answer");
        th_response_free(r);
    }
}

TH_TEST(test_long_poll_answers_soon_after_a_write_and_empty_after_the_wait)
{
    poll_race *p = calloc(1, sizeof *p);
    tu_unit unit;
    long long last;
    double t0;
    th_response *r;

    if (!p)
        th_fail("out of memory");
    tu_create_unit(&unit, NULL);
    last = tu_feed_end();
    snprintf(p->auth, sizeof p->auth, "%s", th_admin_auth());
    snprintf(p->poll_url, sizeof p->poll_url, "%s/v1/events?after=%lld&wait=5", th_base_url(), last);
    snprintf(p->patch_url, sizeof p->patch_url, "%s/v1/units/%s", th_base_url(), unit.id);
    t0 = th_now_ms();
    tu_parallel(2, poll_or_write, p);
    if (p->error[0])
        th_fail("%s", p->error);
    if (p->status != 200 || p->n != 1)
        th_fail("the long poll answered %ld with %zu events, expected 200 with the write's event", p->status, p->n);
    if (p->t_answer - p->t_write > 1000)
        th_fail("the long poll answered %.0f ms after the write (limit 1000 ms)", p->t_answer - p->t_write);
    if (p->t_answer - t0 < 400)
        th_fail("the long poll answered after %.0f ms, before the write came", p->t_answer - t0);

    /* Nothing happens: empty after about wait seconds. */
    last = tu_feed_end();
    t0 = th_now_ms();
    r = events_after(last, "&wait=1");
    if (json_array_size(tu_data(r)) != 0 || th_json_int(r->json, "last_seq") != last)
        th_fail("a long poll without writes should be empty with last_seq %lld: %s", last, th_describe(r));
    if (th_now_ms() - t0 < 900 || th_now_ms() - t0 > 3000)
        th_fail("a long poll with wait=1 and no writes answered after %.0f ms (expected about 1000)",
                th_now_ms() - t0);
    th_response_free(r);

    /* wait=0 (the default) does not wait. */
    t0 = th_now_ms();
    r = events_after(last, NULL);
    if (th_now_ms() - t0 > 700)
        th_fail("GET /v1/events without wait took %.0f ms", th_now_ms() - t0);
    th_response_free(r);
    free(p);
}

Suite *events_suite(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("events");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_each_write_makes_exactly_one_event_in_order_with_type_and_version);
    tcase_add_test(tc, test_events_carry_no_personal_data);
    tcase_add_test(tc, test_events_need_a_key_and_valid_parameters);
    tcase_add_test(tc, test_feed_reader_sees_every_committed_write_once_in_order_while_writers_and_a_slow_tx_commit);
    tcase_add_test(tc, test_long_poll_answers_soon_after_a_write_and_empty_after_the_wait);
    suite_add_tcase(s, tc);
    return s;
}
