/*
 * test_keys_audit_events.c — the API keys, audit and events functions of libzi against the
 * live server, and what they make observable: roles and unit scope (401/403), idempotent
 * POSTs (replay, key reuse), the audit trail of a write, the change feed and its long poll.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- API keys ----------------------------------------------------------------------------- */

START_TEST(test_keys_create_get_list_revoke)
{
    zi_client *admin = th_client_admin();
    zi_client *holder;
    json_t *body = json_pack("{s:s, s:s}", "role", "evaluator", "name", "[SDK] evaluator");
    json_t *key = NULL;
    json_t *got = NULL;
    json_t *again = NULL;
    zi_etag etag;
    zi_pager *pager = NULL;
    zi_key_list_params p = ZI_KEY_LIST_PARAMS_INIT;
    char id[64];
    char *secret;
    int found = 0;

    th_assert_status(admin, zi_keys_create(admin, body, NULL, &key, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(key, "role"), "evaluator");
    ck_assert_int_eq(strncmp(th_str(key, "key"), "zi_", 3), 0);
    ck_assert_int_eq(strncmp(th_str(key, "key"), th_str(key, "prefix"), 8), 0);
    snprintf(id, sizeof id, "%s", th_str(key, "id"));
    secret = strdup(th_str(key, "key"));

    th_assert_status(admin, zi_keys_get(admin, id, &got, &etag), ZI_OK);
    ck_assert_ptr_null(json_object_get(got, "key")); /* the secret is shown once */
    ck_assert(json_is_true(json_object_get(got, "active")));
    json_decref(got);

    p.role = "evaluator";
    p.active = ZI_TRUE;
    p.limit = 5;
    th_assert_status(admin, zi_keys_pager_new(admin, &p, &pager), ZI_OK);
    for (;;) {
        json_t *k = NULL;
        th_assert_status(admin, zi_pager_next(pager, &k), ZI_OK);
        if (!k)
            break;
        ck_assert_str_eq(th_str(k, "role"), "evaluator");
        ck_assert_ptr_null(json_object_get(k, "key"));
        if (strcmp(th_str(k, "id"), id) == 0)
            found = 1;
        json_decref(k);
    }
    ck_assert(found);
    zi_pager_free(pager);
    th_assert_status(admin, zi_keys_list(admin, &p, &got), ZI_OK);
    ck_assert_uint_le(json_array_size(json_object_get(got, "data")), 5);
    json_decref(got);

    /* The new key reads; once revoked it is refused. */
    holder = th_client_for(th_url(), secret, NULL);
    th_assert_status(holder, zi_units_get_by_code(holder, "PKM-WATES", &got, NULL), ZI_OK);
    json_decref(got);
    th_assert_status(admin, zi_keys_revoke(admin, id, &got, &etag), ZI_OK);
    ck_assert(json_is_false(json_object_get(got, "active")));
    ck_assert_str_eq(etag.value, "\"2\"");
    th_assert_status(holder, zi_units_get_by_code(holder, "PKM-WATES", &again, NULL),
                     ZI_E_UNAUTHORIZED);
    /* Revoking again changes nothing and answers the same. */
    th_assert_status(admin, zi_keys_revoke(admin, id, &again, NULL), ZI_OK);
    ck_assert_str_eq(th_str(again, "revoked_at"), th_str(got, "revoked_at"));
    json_decref(again);
    json_decref(got);
    zi_client_free(holder);
    free(secret);
    json_decref(key);
    json_decref(body);
    zi_client_free(admin);
}
END_TEST

START_TEST(test_keys_rules_and_roles)
{
    zi_client *admin = th_client_admin();
    zi_client *reader = th_client_reader();
    zi_client *anon = th_client_anonymous();
    json_t *body = json_pack("{s:s, s:s}", "role", "unit_officer", "name", "[SDK] no unit");
    json_t *out = NULL;
    const zi_error *e;

    th_assert_status(admin, zi_keys_create(admin, body, NULL, &out, NULL), ZI_E_UNPROCESSABLE);
    e = zi_last_error(admin);
    ck_assert_uint_eq(e->n_field_errors, 1);
    ck_assert_str_eq(e->field_errors[0].field, "/unit_id");
    ck_assert_str_eq(e->field_errors[0].code, "required");
    json_decref(body);

    body = json_pack("{s:s, s:s, s:s}", "role", "admin", "name", "[SDK] bad nip", "nip", "123");
    th_assert_status(admin, zi_keys_create(admin, body, NULL, &out, NULL), ZI_E_BAD_REQUEST);
    ck_assert_str_eq(zi_last_error(admin)->field_errors[0].field, "/nip");
    json_decref(body);

    th_assert_status(admin, zi_keys_get(admin, "00000000-0000-4000-8000-000000000000", &out, NULL),
                     ZI_E_NOT_FOUND);
    /* Roles: an evaluator may read units but not manage keys or units; no key is a 401. */
    th_assert_status(reader, zi_keys_list(reader, NULL, &out), ZI_E_FORBIDDEN);
    ck_assert_str_eq(zi_last_error(reader)->type, "urn:zi:problem:forbidden");
    body = json_pack("{s:s, s:s, s:s}", "code", "SDK-FORBIDDEN", "name", "x", "kind", "sd");
    th_assert_status(reader, zi_units_create(reader, body, NULL, &out, NULL), ZI_E_FORBIDDEN);
    json_decref(body);
    th_assert_status(anon, zi_keys_list(anon, NULL, &out), ZI_E_UNAUTHORIZED);
    ck_assert_ptr_null(out);
    zi_client_free(anon);
    zi_client_free(reader);
    zi_client_free(admin);
}
END_TEST

START_TEST(test_unit_officer_scope)
{
    zi_client *admin = th_client_admin();
    zi_client *officer;
    char code[48];
    zi_etag etag;
    json_t *own = th_create_unit(admin, th_unique_code(code, sizeof code, "own"), &etag);
    json_t *other = NULL;
    json_t *patch = json_pack("{s:i}", "staff_count", 11);
    json_t *out = NULL;
    zi_if_match m = {.version = 1};
    char *secret = th_new_key("unit_officer", th_str(own, "id"), NULL, NULL);

    officer = th_client_for(th_url(), secret, NULL);
    th_assert_status(officer, zi_units_update(officer, th_str(own, "id"), &m, patch, &out, NULL),
                     ZI_OK);
    ck_assert_int_eq(json_integer_value(json_object_get(out, "staff_count")), 11);
    json_decref(out);
    /* Another unit: 403, whatever the unit. */
    th_assert_status(officer, zi_units_get_by_code(officer, "PKM-WATES", &other, NULL), ZI_OK);
    m.version = json_integer_value(json_object_get(other, "version"));
    th_assert_status(officer, zi_units_update(officer, th_str(other, "id"), &m, patch, &out, NULL),
                     ZI_E_FORBIDDEN);
    /* Its own unit, but a field its role may not change: 403 not_allowed. */
    json_decref(patch);
    patch = json_pack("{s:s}", "name", "Renamed");
    m.version = 2;
    th_assert_status(officer, zi_units_update(officer, th_str(own, "id"), &m, patch, &out, NULL),
                     ZI_E_FORBIDDEN);
    ck_assert_uint_eq(zi_last_error(officer)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(officer)->field_errors[0].code, "not_allowed");
    json_decref(patch);
    json_decref(other);
    json_decref(own);
    zi_client_free(officer);
    free(secret);
    zi_client_free(admin);
}
END_TEST

/* ---- idempotent POSTs ------------------------------------------------------------------------ */

START_TEST(test_idempotent_create_replays)
{
    zi_client *c = th_client_admin();
    char code[48];
    char idem[64];
    json_t *body;
    json_t *first = NULL;
    json_t *second = NULL;
    json_t *out = NULL;
    zi_etag e1;
    zi_etag e2;

    th_unique_code(code, sizeof code, "idem");
    snprintf(idem, sizeof idem, "idem-%s", code);
    body = json_pack("{s:s, s:s, s:s}", "code", code, "name", "[Contoh] idempotent", "kind", "sd");
    th_assert_status(c, zi_units_create(c, body, idem, &first, &e1), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->replayed, 0);
    th_assert_status(c, zi_units_create(c, body, idem, &second, &e2), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->replayed, 1);
    ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    ck_assert(json_equal(first, second));
    ck_assert_str_eq(e1.value, e2.value);
    /* The same key for a different request: 422 idempotency_key_reused. */
    json_object_set_new(body, "name", json_string("something else"));
    th_assert_status(c, zi_units_create(c, body, idem, &out, NULL), ZI_E_UNPROCESSABLE);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].field, "Idempotency-Key");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].in, "header");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "idempotency_key_reused");
    /* Keys the contract would refuse never leave the client. */
    th_assert_status(c, zi_units_create(c, body, "has space", &out, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 0);
    json_decref(body);
    json_decref(first);
    json_decref(second);
    zi_client_free(c);
}
END_TEST

/* ---- audit ----------------------------------------------------------------------------------- */

START_TEST(test_audit_trail_verify_head)
{
    zi_client *admin = th_client_admin();
    zi_client *reader = th_client_reader();
    zi_client *anon = th_client_anonymous();
    char code[48];
    zi_etag etag;
    json_t *unit = th_create_unit(admin, th_unique_code(code, sizeof code, "audit"), &etag);
    json_t *patch = json_pack("{s:s}", "address", "Jl. Audit 1");
    json_t *out = NULL;
    json_t *page = NULL;
    json_t *verdict = NULL;
    json_t *head = NULL;
    zi_if_match m = {.etag = etag.value};
    zi_audit_list_params p = ZI_AUDIT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t n = 0;

    th_assert_status(admin, zi_units_update(admin, th_str(unit, "id"), &m, patch, &out, NULL), ZI_OK);
    json_decref(out);
    p.resource_id = th_str(unit, "id");
    th_assert_status(admin, zi_audit_list(admin, &p, &page), ZI_OK);
    ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 2);
    {
        json_t *created = json_array_get(json_object_get(page, "data"), 0);
        json_t *updated = json_array_get(json_object_get(page, "data"), 1);
        ck_assert_str_eq(th_str(created, "action"), "unit.created");
        ck_assert_str_eq(th_str(updated, "action"), "unit.updated");
        ck_assert(json_is_string(json_object_get(updated, "actor_key_id")));
        ck_assert_str_eq(th_str(json_object_get(json_object_get(updated, "changes"), "address"),
                                "after"),
                         "Jl. Audit 1");
        ck_assert_str_eq(th_str(updated, "prev_hash"), th_str(created, "hash"));
    }
    json_decref(page);

    /* Paging the chain: the seeded units' creations. */
    p = (zi_audit_list_params)ZI_AUDIT_LIST_PARAMS_INIT;
    p.action = "unit.created";
    p.resource_type = "unit";
    p.limit = 40;
    th_assert_status(admin, zi_audit_pager_new(admin, &p, &pager), ZI_OK);
    for (;;) {
        json_t *rec = NULL;
        th_assert_status(admin, zi_pager_next(pager, &rec), ZI_OK);
        if (!rec)
            break;
        n++;
        json_decref(rec);
    }
    ck_assert_uint_ge(n, 100);
    ck_assert_uint_ge(zi_pager_pages(pager), 3);
    zi_pager_free(pager);

    th_assert_status(admin, zi_audit_verify(admin, &verdict), ZI_OK);
    ck_assert(json_is_true(json_object_get(verdict, "ok")));
    ck_assert(json_is_null(json_object_get(verdict, "first_broken_seq")));
    th_assert_status(anon, zi_audit_head(anon, &head), ZI_OK); /* public */
    ck_assert_uint_eq(strlen(th_str(head, "hash")), 64);
    ck_assert_int_ge(json_integer_value(json_object_get(head, "seq")),
                     json_integer_value(json_object_get(verdict, "head_seq")));
    json_decref(verdict);
    json_decref(head);

    th_assert_status(reader, zi_audit_list(reader, NULL, &page), ZI_E_FORBIDDEN);
    th_assert_status(anon, zi_audit_verify(anon, &verdict), ZI_E_UNAUTHORIZED);
    json_decref(patch);
    json_decref(unit);
    zi_client_free(anon);
    zi_client_free(reader);
    zi_client_free(admin);
}
END_TEST

/* ---- events ---------------------------------------------------------------------------------- */

/* The feed's current end, by paging it with the follower until it is caught up. Checks that
 * sequence numbers come without gaps. */
static long long feed_end(zi_client *c)
{
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    zi_pager *feed = NULL;
    long long last = 0;

    p.limit = 1000;
    th_assert_status(c, zi_events_pager_new(c, &p, &feed), ZI_OK);
    for (;;) {
        json_t *ev = NULL;
        th_assert_status(c, zi_pager_next(feed, &ev), ZI_OK);
        if (!ev)
            break;
        ck_assert_int_eq(json_integer_value(json_object_get(ev, "seq")), last + 1);
        last++;
        json_decref(ev);
    }
    zi_pager_free(feed);
    return last;
}

START_TEST(test_events_list_and_follow)
{
    zi_client *admin = th_client_admin();
    zi_client *reader = th_client_reader();
    zi_client *anon = th_client_anonymous();
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    zi_pager *feed = NULL;
    json_t *page = NULL;
    json_t *unit;
    json_t *ev = NULL;
    char code[48];
    long long end;
    int found = 0;

    p.limit = 2;
    th_assert_status(reader, zi_events_list(reader, &p, &page), ZI_OK);
    ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(page, "last_seq")), 2);
    json_decref(page);

    end = feed_end(reader);
    ck_assert_int_ge(end, 100);
    p.after = end;
    p.limit = 10;
    th_assert_status(reader, zi_events_pager_new(reader, &p, &feed), ZI_OK);
    th_assert_status(reader, zi_pager_next(feed, &ev), ZI_OK);
    ck_assert_ptr_null(ev); /* caught up */

    /* A write shows up on the next call of the same follower. */
    unit = th_create_unit(admin, th_unique_code(code, sizeof code, "feed"), NULL);
    for (;;) {
        th_assert_status(reader, zi_pager_next(feed, &ev), ZI_OK);
        if (!ev)
            break;
        ck_assert_int_gt(json_integer_value(json_object_get(ev, "seq")), end);
        if (strcmp(th_str(ev, "resource_id"), th_str(unit, "id")) == 0) {
            ck_assert_str_eq(th_str(ev, "type"), "unit.created");
            ck_assert_int_eq(json_integer_value(json_object_get(ev, "version")), 1);
            found = 1;
        }
        json_decref(ev);
    }
    ck_assert(found);
    zi_pager_free(feed);

    th_assert_status(anon, zi_events_list(anon, NULL, &page), ZI_E_UNAUTHORIZED);
    json_decref(unit);
    zi_client_free(anon);
    zi_client_free(reader);
    zi_client_free(admin);
}
END_TEST

typedef struct delayed_write {
    char *key;
    char unit_id[64];
    zi_status st;
} delayed_write;

static void *write_later(void *arg)
{
    delayed_write *w = arg;
    zi_client *c = NULL;
    json_t *body;
    json_t *unit = NULL;
    char code[48];
    struct timespec ts = {0, 400 * 1000 * 1000};

    nanosleep(&ts, NULL);
    w->st = zi_client_new(th_url(), w->key, NULL, &c);
    if (w->st != ZI_OK)
        return NULL;
    body = json_pack("{s:s, s:s, s:s}", "code", th_unique_code(code, sizeof code, "poll"), "name",
                     "[Contoh] long poll", "kind", "other");
    w->st = zi_units_create(c, body, NULL, &unit, NULL);
    if (w->st == ZI_OK)
        snprintf(w->unit_id, sizeof w->unit_id, "%s", th_str(unit, "id"));
    json_decref(unit);
    json_decref(body);
    zi_client_free(c);
    return NULL;
}

START_TEST(test_events_long_poll)
{
    zi_client *reader = th_client_reader();
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    json_t *page = NULL;
    delayed_write w = {0};
    pthread_t t;
    long t0;
    long took;

    w.key = th_new_key("admin", NULL, NULL, NULL); /* an event too: before we take the end */
    p.after = feed_end(reader);
    /* Nothing new: the answer comes after the wait, empty, with last_seq = after. */
    p.wait_s = 1;
    t0 = th_now_ms();
    th_assert_status(reader, zi_events_list(reader, &p, &page), ZI_OK);
    took = th_now_ms() - t0;
    ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(page, "last_seq")), p.after);
    ck_assert_int_ge(took, 900);
    json_decref(page);

    /* A write while we wait: the answer comes as soon as it commits, long before 20 s. */
    ck_assert_int_eq(pthread_create(&t, NULL, write_later, &w), 0);
    p.wait_s = 20;
    t0 = th_now_ms();
    th_assert_status(reader, zi_events_list(reader, &p, &page), ZI_OK);
    took = th_now_ms() - t0;
    pthread_join(t, NULL);
    ck_assert_int_eq(w.st, ZI_OK);
    ck_assert_int_lt(took, 10000);
    ck_assert_uint_ge(json_array_size(json_object_get(page, "data")), 1);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "resource_id"),
                     w.unit_id);
    fprintf(stderr, "long poll: woken by a write after %ld ms\n", took);
    json_decref(page);
    free(w.key);
    zi_client_free(reader);
}
END_TEST

Suite *keys_audit_events_suite(void)
{
    Suite *s = suite_create("keys-audit-events");
    TCase *tc = tcase_create("keys-audit-events");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_keys_create_get_list_revoke);
    tcase_add_test(tc, test_keys_rules_and_roles);
    tcase_add_test(tc, test_unit_officer_scope);
    tcase_add_test(tc, test_idempotent_create_replays);
    tcase_add_test(tc, test_audit_trail_verify_head);
    tcase_add_test(tc, test_events_list_and_follow);
    tcase_add_test(tc, test_events_long_poll);
    suite_add_tcase(s, tc);
    return s;
}
