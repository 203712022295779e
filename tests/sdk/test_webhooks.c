/*
 * test_webhooks.c — the webhook functions of libzi against the live server: subscriptions
 * (the secret shown once, the list and its pager, If-Match, pause, delete), pings and
 * redeliveries read back from the delivery log, the 400/401/403/404/409/412/422/428 refusals;
 * and zi_webhook_verify against signatures made by an independent implementation (the
 * openssl command). Receivers are http://127.0.0.1:<a closed port>/: the server may try to
 * deliver there and fail, which is no concern here (the API tests cover delivery), and no
 * test waits for a delivery.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const no_such_id = "00000000-0000-4000-8000-000000000000";

/* A URL the server accepts (http to a loopback host) where nothing listens. */
static const char *receiver_url(char *buf, size_t cap)
{
    snprintf(buf, cap, "http://127.0.0.1:%d/zi-hook", th_closed_port());
    return buf;
}

/* Create a subscription to event_types (a JSON array text) with c; description tags it.
 * Returns the new Webhook (with its secret); fails the test on error. */
static json_t *create_hook(zi_client *c, const char *event_types, const char *description,
                           int active, zi_etag *etag)
{
    char url[64];
    json_error_t err;
    json_t *types = json_loads(event_types, 0, &err);
    json_t *body = json_pack("{s:s, s:o, s:s, s:b}", "url", receiver_url(url, sizeof url),
                             "event_types", types, "description", description, "active", active);
    json_t *hook = NULL;

    ck_assert_ptr_nonnull(body);
    th_assert_status(c, zi_webhooks_create(c, body, NULL, &hook, etag), ZI_OK);
    json_decref(body);
    ck_assert_ptr_nonnull(hook);
    return hook;
}

/* Whether the array items holds an object whose "id" is id. */
static int holds_id(const json_t *items, const char *id)
{
    size_t i;
    const json_t *item;

    json_array_foreach(items, i, item)
        if (strcmp(th_str(item, "id"), id) == 0)
            return 1;
    return 0;
}

/* ---- subscriptions ------------------------------------------------------------------------ */

START_TEST(test_create_shows_the_secret_once)
{
    char key_id[64];
    char *secret_key = th_new_key("admin", NULL, NULL, key_id);
    zi_client *c = th_client_for(th_url(), secret_key, NULL);
    char url[64];
    char idem[64];
    json_t *body = json_pack("{s:s, s:[s, s]}", "url", receiver_url(url, sizeof url),
                             "event_types", "unit.*", "proposal.created");
    json_t *hook = NULL;
    json_t *again = NULL;
    json_t *got = NULL;
    zi_etag etag;
    const char *secret;

    snprintf(idem, sizeof idem, "sdk-webhook-%ld-%ld", (long)getpid(), (long)time(NULL));
    th_assert_status(c, zi_webhooks_create(c, body, idem, &hook, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    secret = th_str(hook, "secret");
    ck_assert_int_eq(strncmp(secret, "whsec_", 6), 0);
    ck_assert_uint_eq(strlen(secret), 6 + 43); /* 32 random bytes, base64url */
    ck_assert_uint_eq(strspn(secret + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                         "0123456789-_"),
                      43);
    ck_assert_str_eq(th_str(hook, "url"), url);
    ck_assert_str_eq(th_str(hook, "status"), "active");
    ck_assert(json_is_true(json_object_get(hook, "active")));
    ck_assert(json_is_null(json_object_get(hook, "description")));
    ck_assert(json_is_null(json_object_get(hook, "failing_since")));
    ck_assert(json_is_null(json_object_get(hook, "archived_at")));
    ck_assert_str_eq(th_str(hook, "created_by"), key_id);
    ck_assert_int_eq(th_int(hook, "version"), 1);
    ck_assert(json_equal(json_object_get(hook, "event_types"), json_object_get(body, "event_types")));

    /* Read back: everything but the secret. */
    th_assert_status(c, zi_webhooks_get(c, th_str(hook, "id"), &got, &etag), ZI_OK);
    ck_assert_ptr_null(json_object_get(got, "secret"));
    ck_assert_str_eq(etag.value, "\"1\"");
    json_object_del(hook, "secret");
    ck_assert(json_equal(got, hook));
    json_decref(got);

    /* The same request, same Idempotency-Key: the first answer replayed, without the secret. */
    th_assert_status(c, zi_webhooks_create(c, body, idem, &again, NULL), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->replayed, 1);
    ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    ck_assert_ptr_null(json_object_get(again, "secret"));
    ck_assert_str_eq(th_str(again, "id"), th_str(hook, "id"));
    json_decref(again);

    json_decref(hook);
    json_decref(body);
    zi_client_free(c);
    free(secret_key);
}
END_TEST

START_TEST(test_list_pager_and_status_filter)
{
    zi_client *c = th_client_admin();
    zi_webhook_list_params p = ZI_WEBHOOK_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *hooks[3];
    json_t *paused = create_hook(c, "[\"*\"]", "[SDK] paused", 0, NULL);
    json_t *page = NULL;
    json_t *items;
    json_t *item;
    size_t i;
    size_t at[3];
    size_t n_found = 0;

    for (i = 0; i < 3; i++)
        hooks[i] = create_hook(c, "[\"unit.created\"]", "[SDK] list", 1, NULL);
    ck_assert_str_eq(th_str(paused, "status"), "paused");

    /* One page: at most limit items, a cursor to the next, no secrets. */
    p.limit = 2;
    th_assert_status(c, zi_webhooks_list(c, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    json_decref(page);

    /* Every page: ours among them, oldest first, never a secret. */
    th_assert_status(c, zi_webhooks_pager_new(c, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    ck_assert_uint_ge(zi_pager_pages(pager), 2);
    zi_pager_free(pager);
    json_array_foreach(items, i, item) {
        size_t k;
        ck_assert_ptr_null(json_object_get(item, "secret"));
        for (k = 0; k < 3; k++)
            if (strcmp(th_str(item, "id"), th_str(hooks[k], "id")) == 0)
                at[n_found++] = i;
    }
    ck_assert_uint_eq(n_found, 3);
    ck_assert_uint_lt(at[0], at[1]);
    ck_assert_uint_lt(at[1], at[2]);
    ck_assert(holds_id(items, th_str(paused, "id")));
    json_decref(items);

    /* The status filter, on a page and through a pager. */
    p = (zi_webhook_list_params)ZI_WEBHOOK_LIST_PARAMS_INIT;
    p.status = "paused";
    p.limit = 200;
    th_assert_status(c, zi_webhooks_pager_new(c, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    zi_pager_free(pager);
    ck_assert(holds_id(items, th_str(paused, "id")));
    ck_assert(!holds_id(items, th_str(hooks[0], "id")));
    json_array_foreach(items, i, item)
        ck_assert_str_eq(th_str(item, "status"), "paused");
    json_decref(items);
    p.status = "active";
    th_assert_status(c, zi_webhooks_list(c, &p, &page), ZI_OK);
    ck_assert(!holds_id(json_object_get(page, "data"), th_str(paused, "id")));
    json_decref(page);
    p.status = "sleeping";
    th_assert_status(c, zi_webhooks_list(c, &p, &page), ZI_E_BAD_REQUEST);
    ck_assert_ptr_null(page);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].field, "status");

    for (i = 0; i < 3; i++)
        json_decref(hooks[i]);
    json_decref(paused);
    zi_client_free(c);
}
END_TEST

START_TEST(test_update_needs_the_current_version)
{
    zi_client *c = th_client_admin();
    zi_etag etag;
    json_t *hook = create_hook(c, "[\"unit.*\"]", "[SDK] update", 1, &etag);
    const char *id = th_str(hook, "id");
    json_t *patch = json_pack("{s:s, s:[s]}", "description", "[SDK] updated", "event_types",
                              "gratification_report.*");
    json_t *out = NULL;
    zi_if_match m = {.etag = etag.value};
    zi_if_match stale = {.version = 1};
    zi_etag etag2;

    th_assert_status(c, zi_webhooks_update(c, id, &m, patch, &out, &etag2), ZI_OK);
    ck_assert_str_eq(th_str(out, "description"), "[SDK] updated");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(out, "event_types"), 0)),
                     "gratification_report.*");
    ck_assert_int_eq(th_int(out, "version"), 2);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_ptr_null(json_object_get(out, "secret"));
    json_decref(out);

    /* The version read before that change: 412, and nothing changes. */
    json_object_set_new(patch, "description", json_string("[SDK] lost update"));
    th_assert_status(c, zi_webhooks_update(c, id, &stale, patch, &out, NULL),
                     ZI_E_PRECONDITION_FAILED);
    ck_assert_ptr_null(out);
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:precondition-failed");
    th_assert_status(c, zi_webhooks_update(c, id, NULL, patch, &out, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    th_assert_status(c, zi_webhooks_get(c, id, &out, NULL), ZI_OK);
    ck_assert_str_eq(th_str(out, "description"), "[SDK] updated");
    ck_assert_int_eq(th_int(out, "version"), 2);
    json_decref(out);

    /* Pause and resume, by version. */
    json_decref(patch);
    patch = json_pack("{s:b}", "active", 0);
    m = (zi_if_match){.version = 2};
    th_assert_status(c, zi_webhooks_update(c, id, &m, patch, &out, NULL), ZI_OK);
    ck_assert_str_eq(th_str(out, "status"), "paused");
    ck_assert(json_is_false(json_object_get(out, "active")));
    json_decref(out);
    json_object_set_new(patch, "active", json_true());
    m.version = 3;
    th_assert_status(c, zi_webhooks_update(c, id, &m, patch, &out, NULL), ZI_OK);
    ck_assert_str_eq(th_str(out, "status"), "active");
    json_decref(out);

    /* Members the server keeps to itself. */
    json_decref(patch);
    patch = json_pack("{s:s}", "secret", "whsec_mine");
    m.version = 4;
    th_assert_status(c, zi_webhooks_update(c, id, &m, patch, &out, NULL), ZI_E_BAD_REQUEST);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].field, "/secret");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "read_only");

    json_decref(patch);
    json_decref(hook);
    zi_client_free(c);
}
END_TEST

START_TEST(test_delete_archives_and_stops_everything)
{
    zi_client *c = th_client_admin();
    json_t *hook = create_hook(c, "[\"*\"]", "[SDK] delete", 1, NULL);
    const char *id = th_str(hook, "id");
    json_t *gone = NULL;
    json_t *again = NULL;
    json_t *out = NULL;
    json_t *patch = json_pack("{s:s}", "description", "[SDK] too late");
    zi_if_match m = {.version = 2};
    zi_etag etag;

    th_assert_status(c, zi_webhooks_delete(c, id, &gone, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 200);
    ck_assert_str_eq(th_str(gone, "status"), "archived");
    ck_assert(json_is_string(json_object_get(gone, "archived_at")));
    ck_assert_ptr_null(json_object_get(gone, "secret"));
    /* Twice: the same answer, archived_at unchanged. */
    th_assert_status(c, zi_webhooks_delete(c, id, &again, NULL), ZI_OK);
    ck_assert_str_eq(th_str(again, "archived_at"), th_str(gone, "archived_at"));
    json_decref(again);
    /* Still readable; no longer changed or sent to. */
    th_assert_status(c, zi_webhooks_get(c, id, &again, NULL), ZI_OK);
    ck_assert_str_eq(th_str(again, "status"), "archived");
    m.version = th_int(again, "version");
    json_decref(again);
    th_assert_status(c, zi_webhooks_ping(c, id, NULL, &out), ZI_E_CONFLICT);
    ck_assert_ptr_null(out);
    th_assert_status(c, zi_webhooks_update(c, id, &m, patch, &out, NULL), ZI_E_CONFLICT);
    ck_assert_ptr_null(out);

    json_decref(patch);
    json_decref(gone);
    json_decref(hook);
    zi_client_free(c);
}
END_TEST

/* ---- deliveries --------------------------------------------------------------------------- */

START_TEST(test_ping_queues_a_delivery_to_read_back)
{
    zi_client *c = th_client_admin();
    json_t *hook = create_hook(c, "[\"unit.created\"]", "[SDK] ping", 1, NULL);
    json_t *other = create_hook(c, "[\"unit.created\"]", "[SDK] other", 1, NULL);
    const char *id = th_str(hook, "id");
    zi_webhook_delivery_list_params p = ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *first = NULL;
    json_t *second = NULL;
    json_t *again = NULL;
    json_t *page = NULL;
    json_t *items;
    char first_id[64];
    const char *status;

    th_assert_status(c, zi_webhooks_ping(c, id, NULL, &first), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 202);
    ck_assert_str_eq(th_str(first, "webhook_id"), id);
    ck_assert_str_eq(th_str(first, "kind"), "ping");
    ck_assert_str_eq(th_str(first, "event_type"), "webhook.ping");
    ck_assert_str_eq(th_str(first, "status"), "pending");
    ck_assert(json_is_null(json_object_get(first, "event_seq")));
    snprintf(first_id, sizeof first_id, "%s", th_str(first, "id"));

    /* Read back by id: the same delivery, pending or already failed (nobody listens). */
    th_assert_status(c, zi_webhook_deliveries_get(c, id, first_id, &again), ZI_OK);
    ck_assert_str_eq(th_str(again, "id"), first_id);
    ck_assert_str_eq(th_str(again, "kind"), "ping");
    status = th_str(again, "status");
    ck_assert_msg(strcmp(status, "pending") == 0 || strcmp(status, "failed") == 0,
                  "a delivery to a closed port is %s", status);
    json_decref(again);

    /* The log, newest first, on one page and through a pager of one item per page. */
    th_assert_status(c, zi_webhooks_ping(c, id, NULL, &second), ZI_OK);
    th_assert_status(c, zi_webhook_deliveries_list(c, id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "id"),
                     th_str(second, "id"));
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 1), "id"), first_id);
    json_decref(page);
    p.limit = 1;
    th_assert_status(c, zi_webhook_deliveries_pager_new(c, id, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    ck_assert_uint_eq(json_array_size(items), 2);
    ck_assert_uint_ge(zi_pager_pages(pager), 2);
    ck_assert_str_eq(th_str(json_array_get(items, 0), "id"), th_str(second, "id"));
    zi_pager_free(pager);
    json_decref(items);
    /* Nothing can have succeeded. */
    p = (zi_webhook_delivery_list_params)ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT;
    p.status = "succeeded";
    th_assert_status(c, zi_webhook_deliveries_list(c, id, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 0);
    json_decref(page);

    /* A redelivery of a ping is another ping, a new delivery. */
    th_assert_status(c, zi_webhook_deliveries_redeliver(c, id, first_id, NULL, &again), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 202);
    ck_assert_str_ne(th_str(again, "id"), first_id);
    ck_assert_str_eq(th_str(again, "kind"), "ping");
    ck_assert_str_eq(th_str(again, "webhook_id"), id);
    {
        json_t *read = NULL;
        th_assert_status(c, zi_webhook_deliveries_get(c, id, th_str(again, "id"), &read), ZI_OK);
        ck_assert_str_eq(th_str(read, "id"), th_str(again, "id"));
        json_decref(read);
    }
    json_decref(again);

    /* A delivery of another subscription is not found through this one. */
    th_assert_status(c, zi_webhook_deliveries_get(c, th_str(other, "id"), first_id, &again),
                     ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhook_deliveries_redeliver(c, th_str(other, "id"), first_id, NULL,
                                                        &again),
                     ZI_E_NOT_FOUND);
    ck_assert_ptr_null(again);

    json_decref(first);
    json_decref(second);
    json_decref(other);
    json_decref(hook);
    zi_client_free(c);
}
END_TEST

START_TEST(test_unknown_ids_and_refusals)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, &(zi_options){
        .struct_size = sizeof(zi_options), .accept_language = "en"});
    zi_client *reader = th_client_reader();
    zi_client *anon = th_client_anonymous();
    json_t *hook = create_hook(c, "[\"unit.*\"]", "[SDK] refusals", 1, NULL);
    const char *id = th_str(hook, "id");
    json_t *patch = json_pack("{s:s}", "description", "x");
    json_t *out = (json_t *)1;
    zi_if_match m = {.version = 1};
    const zi_error *e;
    char url[64];
    struct {
        const char *url;
        const char *code;
    } bad_urls[] = {
        {"ftp://example.org/hook", "scheme_not_allowed"},
        {"http://example.org/hook", "scheme_not_allowed"},
        {"https://user:pw@example.org/hook", "credentials_not_allowed"},
        {"https://169.254.169.254/latest/meta-data", "blocked_address"},
        {"https://example.org/hook#part", "invalid_format"},
        {"not a url", "invalid_format"},
    };
    size_t i;

    /* Unknown subscription: 404 from every operation on it. */
    th_assert_status(c, zi_webhooks_get(c, no_such_id, &out, NULL), ZI_E_NOT_FOUND);
    ck_assert_ptr_null(out);
    e = zi_last_error(c);
    ck_assert_str_eq(e->type, "urn:zi:problem:not-found");
    ck_assert_str_eq(e->detail, "Webhook subscription not found.");
    th_assert_status(c, zi_webhooks_update(c, no_such_id, &m, patch, &out, NULL), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhooks_delete(c, no_such_id, &out, NULL), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhooks_ping(c, no_such_id, NULL, &out), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhook_deliveries_list(c, no_such_id, NULL, &out), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhook_deliveries_get(c, no_such_id, no_such_id, &out),
                     ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhook_deliveries_redeliver(c, no_such_id, no_such_id, NULL, &out),
                     ZI_E_NOT_FOUND);
    /* A known subscription, an unknown delivery. */
    th_assert_status(c, zi_webhook_deliveries_get(c, id, no_such_id, &out), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_webhook_deliveries_redeliver(c, id, no_such_id, NULL, &out),
                     ZI_E_NOT_FOUND);
    /* Not a UUID: 400, like every {id}. */
    th_assert_status(c, zi_webhooks_get(c, "hook-1", &out, NULL), ZI_E_BAD_REQUEST);

    /* URLs and event types the server refuses (422), each naming its field. */
    for (i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++) {
        json_t *body = json_pack("{s:s, s:[s]}", "url", bad_urls[i].url, "event_types", "*");
        th_assert_status(c, zi_webhooks_create(c, body, NULL, &out, NULL), ZI_E_UNPROCESSABLE);
        e = zi_last_error(c);
        ck_assert_uint_ge(e->n_field_errors, 1);
        ck_assert_str_eq(e->field_errors[0].field, "/url");
        ck_assert_msg(strcmp(e->field_errors[0].code, bad_urls[i].code) == 0, "%s: %s, want %s",
                      bad_urls[i].url, e->field_errors[0].code, bad_urls[i].code);
        json_decref(body);
    }
    {
        json_t *body = json_pack("{s:s, s:[s, s]}", "url", receiver_url(url, sizeof url),
                                 "event_types", "unit.*", "castle.stormed");
        th_assert_status(c, zi_webhooks_create(c, body, NULL, &out, NULL), ZI_E_UNPROCESSABLE);
        e = zi_last_error(c);
        ck_assert_uint_eq(e->n_field_errors, 1);
        ck_assert_str_eq(e->field_errors[0].field, "/event_types/1");
        ck_assert_str_eq(e->field_errors[0].code, "unknown_event_type");
        json_decref(body);
        /* Field rules: missing members, unknown ones (400). */
        body = json_pack("{s:s}", "url", url);
        th_assert_status(c, zi_webhooks_create(c, body, NULL, &out, NULL), ZI_E_BAD_REQUEST);
        ck_assert_str_eq(zi_last_error(c)->field_errors[0].field, "/event_types");
        ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "required");
        json_object_set_new(body, "event_types", json_pack("[s]", "*"));
        json_object_set_new(body, "colour", json_string("blue"));
        th_assert_status(c, zi_webhooks_create(c, body, NULL, &out, NULL), ZI_E_BAD_REQUEST);
        ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "unknown_field");
        json_decref(body);
    }

    /* Admin only. */
    th_assert_status(reader, zi_webhooks_list(reader, NULL, &out), ZI_E_FORBIDDEN);
    th_assert_status(reader, zi_webhooks_get(reader, id, &out, NULL), ZI_E_FORBIDDEN);
    th_assert_status(reader, zi_webhooks_ping(reader, id, NULL, &out), ZI_E_FORBIDDEN);
    th_assert_status(anon, zi_webhooks_list(anon, NULL, &out), ZI_E_UNAUTHORIZED);

    /* Arguments the library refuses before sending anything. */
    th_assert_status(c, zi_webhooks_get(c, NULL, &out, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 0);
    th_assert_status(c, zi_webhooks_create(c, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_webhook_deliveries_get(c, id, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_webhook_deliveries_redeliver(c, id, "", NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_webhooks_ping(c, id, "two words", &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_webhooks_list(c, &(zi_webhook_list_params){0}, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_webhook_deliveries_list(c, id, &(zi_webhook_delivery_list_params){0},
                                                   &out),
                     ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 0);
    th_assert_status(c, zi_webhooks_delete(c, id, NULL, NULL), ZI_E_ARGUMENT);
    {
        zi_pager *pager = (zi_pager *)1;
        th_assert_status(c, zi_webhook_deliveries_pager_new(c, NULL, NULL, &pager), ZI_E_ARGUMENT);
        ck_assert_ptr_null(pager);
    }

    json_decref(patch);
    json_decref(hook);
    zi_client_free(anon);
    zi_client_free(reader);
    zi_client_free(c);
    free(key);
}
END_TEST

/* ---- zi_webhook_verify ---------------------------------------------------------------------- */

/* A secret as the server makes them: from a real subscription. */
static char *real_secret(void)
{
    zi_client *c = th_client_admin();
    json_t *hook = create_hook(c, "[\"webhook.*\"]", "[SDK] verify", 0, NULL);
    char *secret = strdup(th_str(hook, "secret"));

    ck_assert_ptr_nonnull(secret);
    json_decref(hook);
    zi_client_free(c);
    return secret;
}

static const char event_body[] =
    "{\"seq\":149,\"type\":\"unit.updated\",\"resource_type\":\"unit\","
    "\"resource_id\":\"6f1c2f4e-0d43-4d2a-9a43-1c3f5e7a9b10\",\"version\":2,"
    "\"at\":\"2026-12-04T08:15:00Z\",\"note\":\"Dinas Kesehatan \\u00e9 \xc3\xa9\"}";

START_TEST(test_verify_accepts_what_a_sender_signs)
{
    char *secret = real_secret();
    const int64_t now = (int64_t)time(NULL);
    size_t len = strlen(event_body);
    char ts[32];
    char sig[68];
    char padded[96];

    snprintf(ts, sizeof ts, "%lld", (long long)now);
    th_webhook_sign(secret, ts, event_body, len, sig);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now), ZI_OK);
    /* now 0: the system clock; tolerance 0: five minutes. */
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, 0), ZI_OK);
    /* Headers as a server framework may hand them over: spaces around, hex in capitals. */
    snprintf(padded, sizeof padded, " %s\t", sig);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, padded, event_body, len, 0, now), ZI_OK);
    {
        char upper[68];
        size_t i;
        snprintf(upper, sizeof upper, "%s", sig);
        for (i = 3; upper[i]; i++)
            if (upper[i] >= 'a' && upper[i] <= 'f')
                upper[i] = (char)(upper[i] - 'a' + 'A');
        ck_assert_int_eq(zi_webhook_verify(secret, ts, upper, event_body, len, 0, now), ZI_OK);
    }
    /* The body's length counts, not its first NUL; an empty body is signed too. */
    {
        static const char binary[] = {'a', '\0', 'b', '\n'};
        th_webhook_sign(secret, ts, binary, sizeof binary, sig);
        ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, binary, sizeof binary, 0, now), ZI_OK);
        ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, binary, 1, 0, now),
                         ZI_E_WEBHOOK_SIGNATURE);
        th_webhook_sign(secret, ts, "", 0, sig);
        ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, NULL, 0, 0, now), ZI_OK);
    }
    free(secret);
}
END_TEST

START_TEST(test_verify_rejects_forgeries)
{
    char *secret = real_secret();
    char *other = real_secret();
    const int64_t now = (int64_t)time(NULL);
    size_t len = strlen(event_body);
    char *tampered = strdup(event_body);
    char ts[32];
    char ts_later[32];
    char sig[68];
    char flipped[68];

    ck_assert_ptr_nonnull(tampered);
    snprintf(ts, sizeof ts, "%lld", (long long)now);
    snprintf(ts_later, sizeof ts_later, "%lld", (long long)now + 1);
    th_webhook_sign(secret, ts, event_body, len, sig);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now), ZI_OK);

    /* One byte of the body changed ("seq":149 → 049). */
    *strstr(tampered, "149") = '0';
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, tampered, len, 0, now),
                     ZI_E_WEBHOOK_SIGNATURE);
    /* Another subscription's secret, or a secret one character short. */
    ck_assert_int_eq(zi_webhook_verify(other, ts, sig, event_body, len, 0, now),
                     ZI_E_WEBHOOK_SIGNATURE);
    secret[strlen(secret) - 1] = '\0';
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now),
                     ZI_E_WEBHOOK_SIGNATURE);
    free(secret);
    secret = strdup(other);
    th_webhook_sign(secret, ts, event_body, len, sig);
    /* The timestamp moved by a second: it is signed, so the signature no longer matches. */
    ck_assert_int_eq(zi_webhook_verify(secret, ts_later, sig, event_body, len, 0, now),
                     ZI_E_WEBHOOK_SIGNATURE);
    /* The last hex digit changed. */
    snprintf(flipped, sizeof flipped, "%s", sig);
    flipped[66] = flipped[66] == '0' ? '1' : '0';
    ck_assert_int_eq(zi_webhook_verify(secret, ts, flipped, event_body, len, 0, now),
                     ZI_E_WEBHOOK_SIGNATURE);

    free(tampered);
    free(other);
    free(secret);
}
END_TEST

START_TEST(test_verify_checks_the_timestamp_window)
{
    char *secret = real_secret();
    const int64_t now = 1796371200; /* a fixed clock: 2026-12-04T08:00:00Z */
    size_t len = strlen(event_body);
    char ts[32];
    char sig[68];

    /* Signed 301 s ago: authentic but stale (a replay); 300 s ago: still inside the window. */
    snprintf(ts, sizeof ts, "%lld", (long long)(now - 301));
    th_webhook_sign(secret, ts, event_body, len, sig);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now),
                     ZI_E_WEBHOOK_STALE);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 301, now), ZI_OK);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now - 1), ZI_OK);
    /* Against the real clock (now 0), a delivery signed in 2001 is long stale. */
    th_webhook_sign(secret, "1000000000", event_body, len, sig);
    ck_assert_int_eq(zi_webhook_verify(secret, "1000000000", sig, event_body, len, 0, 0),
                     ZI_E_WEBHOOK_STALE);
    /* Dated ahead of the clock. */
    snprintf(ts, sizeof ts, "%lld", (long long)(now + 301));
    th_webhook_sign(secret, ts, event_body, len, sig);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now),
                     ZI_E_WEBHOOK_FUTURE);
    ck_assert_int_eq(zi_webhook_verify(secret, ts, sig, event_body, len, 0, now + 1), ZI_OK);
    /* A forged old delivery is a bad signature, not a stale one: the time is not told to a
     * sender who does not hold the secret. */
    ck_assert_int_eq(zi_webhook_verify("whsec_someone_else", ts, sig, event_body, len, 0, 1),
                     ZI_E_WEBHOOK_SIGNATURE);
    free(secret);
}
END_TEST

START_TEST(test_verify_rejects_malformed_headers)
{
    static const char *const bad_timestamps[] = {
        "", "   ", "abc", "-1796371200", "+1796371200", "1796371200.5", "0x6b1e", "17963 71200",
        "1234567890123456789", /* 19 digits */
    };
    static const char *const bad_signatures[] = {
        "",
        "v1=",
        "v2=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
        "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
        "v1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4",   /* 63 */
        "v1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4bb", /* 65 */
        "v1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4g",  /* not hex */
        "v1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b,v1=00",
        "V1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b",
    };
    const char *secret = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const char *good_sig = "v1=6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";
    size_t i;

    for (i = 0; i < sizeof bad_timestamps / sizeof bad_timestamps[0]; i++)
        ck_assert_msg(zi_webhook_verify(secret, bad_timestamps[i], good_sig, "{}", 2, 0, 0) ==
                          ZI_E_WEBHOOK_MALFORMED,
                      "timestamp \"%s\" was not refused as malformed", bad_timestamps[i]);
    for (i = 0; i < sizeof bad_signatures / sizeof bad_signatures[0]; i++)
        ck_assert_msg(zi_webhook_verify(secret, "1796371200", bad_signatures[i], "{}", 2, 0, 0) ==
                          ZI_E_WEBHOOK_MALFORMED,
                      "signature \"%s\" was not refused as malformed", bad_signatures[i]);
    /* A header that is not there. */
    ck_assert_int_eq(zi_webhook_verify(secret, NULL, good_sig, "{}", 2, 0, 0),
                     ZI_E_WEBHOOK_MALFORMED);
    ck_assert_int_eq(zi_webhook_verify(secret, "1796371200", NULL, "{}", 2, 0, 0),
                     ZI_E_WEBHOOK_MALFORMED);
    /* Well-formed but wrong: a signature mismatch, not a format error. */
    ck_assert_int_eq(zi_webhook_verify(secret, "1796371200", good_sig, "{}", 2, 0, 0),
                     ZI_E_WEBHOOK_SIGNATURE);
    /* Programming errors. */
    ck_assert_int_eq(zi_webhook_verify(NULL, "1", good_sig, "{}", 2, 0, 0), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_webhook_verify("", "1", good_sig, "{}", 2, 0, 0), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_webhook_verify(secret, "1", good_sig, NULL, 2, 0, 0), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_webhook_verify(secret, "1", good_sig, "{}", 2, -1, 0), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_webhook_verify(secret, "1", good_sig, "{}", 2, 0, -1), ZI_E_ARGUMENT);
    /* Every outcome has its text. */
    ck_assert_str_ne(zi_strerror(ZI_E_WEBHOOK_MALFORMED), "unknown status");
    ck_assert_str_ne(zi_strerror(ZI_E_WEBHOOK_SIGNATURE), "unknown status");
    ck_assert_str_ne(zi_strerror(ZI_E_WEBHOOK_STALE), "unknown status");
    ck_assert_str_ne(zi_strerror(ZI_E_WEBHOOK_FUTURE), "unknown status");
}
END_TEST

Suite *webhooks_suite(void)
{
    Suite *s = suite_create("webhooks");
    TCase *tc = tcase_create("webhooks");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_create_shows_the_secret_once);
    tcase_add_test(tc, test_list_pager_and_status_filter);
    tcase_add_test(tc, test_update_needs_the_current_version);
    tcase_add_test(tc, test_delete_archives_and_stops_everything);
    tcase_add_test(tc, test_ping_queues_a_delivery_to_read_back);
    tcase_add_test(tc, test_unknown_ids_and_refusals);
    tcase_add_test(tc, test_verify_accepts_what_a_sender_signs);
    tcase_add_test(tc, test_verify_rejects_forgeries);
    tcase_add_test(tc, test_verify_checks_the_timestamp_window);
    tcase_add_test(tc, test_verify_rejects_malformed_headers);
    suite_add_tcase(s, tc);
    return s;
}
