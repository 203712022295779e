/*
 * test_webhooks.c — webhook subscriptions as an admin manages them (issue 14): create with a
 * secret shown once (never again: not in GET, lists, an Idempotency-Key replay, the audit
 * trail or the idempotency table), the list's order, filter and cursors, PATCH under
 * If-Match, DELETE as a final archive, ping and redeliver, the rules for target URLs and
 * event types, and admin-only access. The deliveries themselves (receivers, signatures,
 * retries) are test_webhook_delivery.c's.
 *
 * So that the delivery workers of the server under test have nothing to chase, the
 * subscriptions made here point at 127.0.0.1:9 (nothing listens: a refused connection, at
 * once) and are paused unless a test needs them active; those are deleted at the end.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A loopback target nobody listens on: plain http is allowed to loopback. */
#define DEAD_TARGET "http://127.0.0.1:9/zt-hook"

static const char *const ROLES[] = {"upg", "evaluator", "unit_officer", "employee"};
enum { N_ROLES = sizeof ROLES / sizeof ROLES[0] };

static const char *admin_headers[] = {NULL, NULL};

static const char *const *admin(void)
{
    admin_headers[0] = th_admin_auth();
    return admin_headers;
}

static th_response *post_hook(const char *body, const char *const *headers)
{
    return th_request("POST", "/v1/webhooks", body, headers ? headers : admin());
}

/* POST a paused subscription of DEAD_TARGET (path suffix tag, so that each is findable) for
 * types (a JSON array text); asserts 201 and copies the id (and the secret when secret is
 * not NULL, 64 bytes). */
static void make_hook(char id[37], char *secret, const char *tag, const char *types, bool active)
{
    char *body = th_format("{\"url\":\"" DEAD_TARGET "/%s\",\"event_types\":%s,\"active\":%s}", tag, types,
                           active ? "true" : "false");
    th_response *r = post_hook(body, NULL);

    if (r->status != 201 || !th_is_uuid(th_json_str(r->json, "id")))
        th_fail("creating a webhook %s: expected 201 with an id, got %s", body, th_describe(r));
    snprintf(id, 37, "%s", th_json_str(r->json, "id"));
    if (secret)
        snprintf(secret, 64, "%s", th_json_str(r->json, "secret") ? th_json_str(r->json, "secret") : "");
    th_response_free(r);
    free(body);
}

static char *hook_path(const char *id, const char *rest)
{
    return th_format("/v1/webhooks/%s%s", id, rest ? rest : "");
}

static th_response *get_hook(const char *id)
{
    char *path = hook_path(id, NULL);
    th_response *r = th_request("GET", path, NULL, admin());

    free(path);
    return r;
}

/* PATCH body with If-Match "<version>" (version < 0: no If-Match at all). */
static th_response *patch_hook(const char *id, long version, const char *body)
{
    char *path = hook_path(id, NULL);
    char *if_match = th_format("If-Match: \"%ld\"", version);
    th_response *r = th_request("PATCH", path, body,
                                (const char *const[]){th_admin_auth(), version < 0 ? NULL : if_match, NULL});

    free(if_match);
    free(path);
    return r;
}

static th_response *delete_hook(const char *id)
{
    char *path = hook_path(id, NULL);
    th_response *r = th_request("DELETE", path, NULL, admin());

    free(path);
    return r;
}

/* POST /v1/webhooks/{id}<rest> (ping, redeliver) with body (NULL: none). */
static th_response *post_action(const char *id, const char *rest, const char *body)
{
    char *path = hook_path(id, rest);
    th_response *r = th_request("POST", path, body, admin());

    free(path);
    return r;
}

/* Archive a subscription a test made active, so that the workers stop trying it. */
static void retire(const char *id)
{
    th_response *r = delete_hook(id);

    th_assert_status(r, 200);
    th_response_free(r);
}

static bool str_is(const json_t *obj, const char *key, const char *want)
{
    const char *got = th_json_str(obj, key);
    return got && want && strcmp(got, want) == 0;
}

/* True when the raw body of r holds needle (bodies are NUL-terminated by the harness). */
static bool body_holds(const th_response *r, const char *needle)
{
    return r->body && needle && needle[0] && strstr(r->body, needle) != NULL;
}

/* "whsec_" and 43 base64url characters (32 random bytes, unpadded). */
static bool secret_shaped(const char *s)
{
    return s && strlen(s) == 49 && strncmp(s, "whsec_", 6) == 0 &&
           strspn(s + 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == 43;
}

/* A page walker over GET /v1/webhooks<query>: calls fn on every item of every page, each page
 * checked for a secret's presence and for Link rel="next" agreeing with next_cursor. */
typedef void (*item_fn)(const json_t *item, void *arg);

static void walk_list(const char *query, long limit, const char *secret, item_fn fn, void *arg)
{
    char *cursor = NULL;

    for (int page = 0; page < 10000; page++) {
        char *path = cursor ? th_format("/v1/webhooks?limit=%ld%s&cursor=%s", limit, query, cursor)
                            : th_format("/v1/webhooks?limit=%ld%s", limit, query);
        th_response *r = th_request("GET", path, NULL, admin());
        const json_t *data;
        const json_t *item;
        const char *next;
        const char *link;
        size_t i;

        th_assert_status(r, 200);
        data = tu_data(r);
        if (json_array_size(data) > (size_t)limit)
            th_fail("%s answered %zu items, more than limit %ld", path, json_array_size(data), limit);
        if (secret && body_holds(r, secret))
            th_fail("a webhook's secret is in the list: %s", th_describe(r));
        json_array_foreach(data, i, item) {
            if (json_object_get(item, "secret"))
                th_fail("a listed webhook carries a secret member: %s", th_describe(r));
            fn(item, arg);
        }
        next = th_json_str(r->json, "next_cursor");
        link = th_header(r, "Link");
        if ((next != NULL) != (link != NULL && strstr(link, "rel=\"next\"") != NULL))
            th_fail("%s: next_cursor %s but Link %s", path, next ? next : "null", link ? link : "(none)");
        free(cursor);
        cursor = next ? th_urlencode(next) : NULL;
        th_response_free(r);
        free(path);
        if (!cursor)
            return;
    }
    th_fail("GET /v1/webhooks%s did not end within 10000 pages", query);
}

static void ignore_item(const json_t *item, void *arg)
{
    (void)item;
    (void)arg;
}

/* ---- create, read, the secret ------------------------------------------------------------ */

TH_TEST(test_create_answers_201_with_location_etag_and_a_secret_that_no_later_read_shows)
{
    char tag[64];
    char *url;
    char *body;
    char *want_location;
    char id[37];
    char secret[64];
    th_response *r;

    th_unique(tag, sizeof tag, "zt-create-");
    url = th_format(DEAD_TARGET "/%s", tag);
    body = th_format("{\"url\":\"%s\",\"event_types\":[\"unit.*\",\"proposal.created\"],"
                     "\"description\":\"[Uji] %s\",\"active\":false}",
                     url, tag);
    r = post_hook(body, NULL);
    th_assert_status(r, 201);
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail("created webhook without id: %s", th_describe(r));
    snprintf(id, sizeof id, "%s", th_json_str(r->json, "id"));
    want_location = th_format("/v1/webhooks/%s", id);
    if (!th_header(r, "Location") || strcmp(th_header(r, "Location"), want_location) != 0)
        th_fail("Location of the created webhook is %s, expected %s",
                th_header(r, "Location") ? th_header(r, "Location") : "(none)", want_location);
    if (!th_header(r, "ETag") || strcmp(th_header(r, "ETag"), "\"1\"") != 0)
        th_fail("the created webhook's ETag is not \"1\": %s", th_describe(r));
    if (!secret_shaped(th_json_str(r->json, "secret")))
        th_fail("the 201 does not carry a secret of whsec_ and 43 base64url characters: %s", th_describe(r));
    snprintf(secret, sizeof secret, "%s", th_json_str(r->json, "secret"));
    {
        const json_t *types = json_object_get(r->json, "event_types");

        if (!str_is(r->json, "url", url) || json_array_size(types) != 2 ||
            strcmp(json_string_value(json_array_get(types, 0)) ? json_string_value(json_array_get(types, 0)) : "",
                   "unit.*") != 0 ||
            !json_is_false(json_object_get(r->json, "active")) || !str_is(r->json, "status", "paused") ||
            !json_is_null(json_object_get(r->json, "failing_since")) ||
            !json_is_null(json_object_get(r->json, "archived_at")) || th_json_int(r->json, "version") != 1 ||
            !th_is_uuid(th_json_str(r->json, "created_by")) || !th_json_str(r->json, "created_at") ||
            !th_json_str(r->json, "updated_at"))
            th_fail("the created webhook does not say what was sent (url, event_types, paused, version 1, "
                    "created_by ...): %s",
                    th_describe(r));
    }
    th_response_free(r);

    /* The secret is the one stored: the key of the subscription's signatures. */
    {
        char *sql = th_format("SELECT secret FROM webhook_subscriptions WHERE id = '%s'", id);
        char *stored = th_psql(th_database_url(), sql);

        if (strcmp(stored, secret) != 0)
            th_fail("the secret shown (%s) is not the one stored", secret);
        free(stored);
        free(sql);
    }

    /* GET shows the record, never the secret; If-None-Match with its ETag gives 304. */
    r = get_hook(id);
    th_assert_status(r, 200);
    if (json_object_get(r->json, "secret") || body_holds(r, secret))
        th_fail("GET shows the webhook's secret: %s", th_describe(r));
    if (!str_is(r->json, "url", url) || !th_header(r, "ETag") || strcmp(th_header(r, "ETag"), "\"1\"") != 0)
        th_fail("GET does not show the webhook with ETag \"1\": %s", th_describe(r));
    th_response_free(r);
    r = th_request("GET", want_location, NULL, (const char *const[]){th_admin_auth(), "If-None-Match: \"1\"", NULL});
    th_assert_status(r, 304);
    th_response_free(r);

    /* Nor does any page of the list. */
    walk_list("", 200, secret, ignore_item, NULL);

    /* The audit trail records what was asked for, not the secret. */
    {
        char *path = th_format("/v1/audit?resource_type=webhook&resource_id=%s", id);
        const json_t *rec;
        const json_t *changes;

        r = th_request("GET", path, NULL, admin());
        th_assert_status(r, 200);
        if (body_holds(r, secret) || body_holds(r, "whsec_"))
            th_fail("the audit trail holds the webhook's secret: %s", th_describe(r));
        rec = json_array_get(tu_data(r), 0);
        changes = json_object_get(rec, "changes");
        if (!str_is(rec, "action", "webhook.created") ||
            !str_is(json_object_get(changes, "url"), "after", url) ||
            json_array_size(json_object_get(json_object_get(changes, "event_types"), "after")) != 2 ||
            json_object_get(changes, "secret"))
            th_fail("the audit record of the create does not hold url and event_types (or holds a secret): %s",
                    th_describe(r));
        th_response_free(r);
        free(path);
    }
    free(want_location);
    free(body);
    free(url);
}

TH_TEST(test_create_without_active_makes_an_active_subscription)
{
    char tag[64];
    char *body;
    th_response *r;
    char id[37];

    th_unique(tag, sizeof tag, "zt-default-");
    body = th_format("{\"url\":\"" DEAD_TARGET "/%s\",\"event_types\":[\"webhook.ping\"]}", tag);
    r = post_hook(body, NULL);
    th_assert_status(r, 201);
    if (!json_is_true(json_object_get(r->json, "active")) || !str_is(r->json, "status", "active") ||
        !json_is_null(json_object_get(r->json, "description")))
        th_fail("a webhook created without active/description is not active with description null: %s",
                th_describe(r));
    snprintf(id, sizeof id, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    retire(id);
    free(body);
}

TH_TEST(test_idempotency_key_replay_of_the_create_returns_the_same_record_without_the_secret)
{
    char tag[64];
    char *body;
    char *other;
    char *idem;
    char id[37];
    char secret[64];
    th_response *first;
    th_response *again;

    th_unique(tag, sizeof tag, "zt-idem-");
    body = th_format("{\"url\":\"" DEAD_TARGET "/%s\",\"event_types\":[\"unit.*\"],\"active\":false}", tag);
    idem = th_format("Idempotency-Key: %s", tag);
    first = post_hook(body, (const char *const[]){th_admin_auth(), idem, NULL});
    th_assert_status(first, 201);
    if (!secret_shaped(th_json_str(first->json, "secret")))
        th_fail("the first create shows no secret: %s", th_describe(first));
    snprintf(id, sizeof id, "%s", th_json_str(first->json, "id"));
    snprintf(secret, sizeof secret, "%s", th_json_str(first->json, "secret"));

    again = post_hook(body, (const char *const[]){th_admin_auth(), idem, NULL});
    th_assert_status(again, 201);
    if (!str_is(again->json, "id", id))
        th_fail("the replay names another webhook than %s: %s", id, th_describe(again));
    if (json_object_get(again->json, "secret") || body_holds(again, secret))
        th_fail("the replay shows the secret again: %s", th_describe(again));
    {
        json_t *without = json_deep_copy(first->json);

        json_object_del(without, "secret");
        if (!json_equal(without, again->json))
            th_fail("the replay is not the first answer less the secret: %s", th_describe(again));
        json_decref(without);
    }
    if (!th_header(again, "Location") || !strstr(th_header(again, "Location"), id))
        th_fail("the replay has no Location of the webhook: %s", th_describe(again));
    th_response_free(again);

    /* Acted once; and the secret rests in no stored answer. */
    {
        char *sql = th_format("SELECT count(*) FROM webhook_subscriptions WHERE url = '" DEAD_TARGET "/%s'", tag);

        if (th_psql_count(sql) != 1)
            th_fail("a replayed create made %ld webhooks", th_psql_count(sql));
        free(sql);
        sql = th_format("SELECT count(*) FROM idempotency_keys WHERE strpos(coalesce(body, ''), '%s') > 0", secret);
        if (th_psql_count(sql) != 0)
            th_fail("the idempotency table stores the webhook's secret");
        free(sql);
    }

    /* The same key with another body is refused. */
    other = th_format("{\"url\":\"" DEAD_TARGET "/%s-other\",\"event_types\":[\"unit.*\"],\"active\":false}", tag);
    again = post_hook(other, (const char *const[]){th_admin_auth(), idem, NULL});
    th_assert_problem(again, 422, "urn:zi:problem:unprocessable");
    th_response_free(again);
    th_response_free(first);
    free(other);
    free(idem);
    free(body);
}

/* ---- the list --------------------------------------------------------------------------- */

/* What a list walk collects: the order of everything, and where the test's own ones are. */
typedef struct seen {
    const char (*ids)[37]; /* the test's subscriptions, in creation order */
    int n_ids;
    int position[8];       /* index in the walk of ids[i], -1 when not seen */
    int count;
    char last_created[40];
    char last_id[37];
    const char *status;    /* when not NULL, every item must have it */
} seen;

static void collect(const json_t *item, void *arg)
{
    seen *s = arg;
    const char *created = th_json_str(item, "created_at");
    const char *id = th_json_str(item, "id");
    int cmp;

    if (!created || !th_is_uuid(id))
        th_fail("a listed webhook without created_at or id");
    cmp = s->count == 0 ? 1 : strcmp(created, s->last_created);
    if (cmp < 0 || (cmp == 0 && strcmp(id, s->last_id) <= 0))
        th_fail("the list is not ordered by created_at, id: %s %s after %s %s", created, id, s->last_created,
                s->last_id);
    if (s->status && !str_is(item, "status", s->status))
        th_fail("GET /v1/webhooks?status=%s lists %s with status %s", s->status, id,
                th_json_str(item, "status") ? th_json_str(item, "status") : "(none)");
    for (int i = 0; i < s->n_ids; i++)
        if (strcmp(id, s->ids[i]) == 0)
            s->position[i] = s->count;
    snprintf(s->last_created, sizeof s->last_created, "%s", created);
    snprintf(s->last_id, sizeof s->last_id, "%s", id);
    s->count++;
}

static seen walk_ids(const char *query, long limit, const char (*ids)[37], int n, const char *status)
{
    seen s = {.ids = ids, .n_ids = n, .status = status};

    for (int i = 0; i < n; i++)
        s.position[i] = -1;
    walk_list(query, limit, NULL, collect, &s);
    return s;
}

TH_TEST(test_list_is_ordered_by_creation_filters_by_status_and_pages_with_cursors)
{
    enum { ACTIVE, PAUSED1, PAUSED2, ARCHIVED, FAILING, N };
    static const char *const status_of[N] = {"active", "paused", "paused", "archived", "failing"};
    char ids[N][37];
    char tag[64];
    seen s;

    th_unique(tag, sizeof tag, "zt-list-");
    make_hook(ids[ACTIVE], NULL, tag, "[\"webhook.ping\"]", true);
    make_hook(ids[PAUSED1], NULL, tag, "[\"*\"]", false);
    make_hook(ids[PAUSED2], NULL, tag, "[\"*\"]", false);
    make_hook(ids[ARCHIVED], NULL, tag, "[\"*\"]", false);
    retire(ids[ARCHIVED]);
    /* Failing comes only after a day of failed retries: the test sets it as the worker would. */
    make_hook(ids[FAILING], NULL, tag, "[\"webhook.ping\"]", true);
    {
        char *sql = th_format("UPDATE webhook_subscriptions SET failing_since = now() WHERE id = '%s' "
                              "RETURNING 1",
                              ids[FAILING]);

        free(th_psql(th_database_url(), sql));
        free(sql);
    }

    /* Everything, two at a time: ordered by created_at then id, and ours in creation order. */
    s = walk_ids("", 2, (const char (*)[37])ids, N, NULL);
    for (int i = 0; i < N; i++) {
        if (s.position[i] < 0)
            th_fail("the %s webhook %s is missing from GET /v1/webhooks", status_of[i], ids[i]);
        if (i > 0 && s.position[i] <= s.position[i - 1])
            th_fail("webhook %d is listed before webhook %d, which was created earlier", i, i - 1);
    }
    if (s.count < N)
        th_fail("the list walked %d webhooks", s.count);

    /* Each status filter lists exactly the webhooks with that status (ours among them). */
    {
        static const char *const statuses[] = {"active", "paused", "failing", "archived"};

        for (size_t k = 0; k < sizeof statuses / sizeof statuses[0]; k++) {
            char *query = th_format("&status=%s", statuses[k]);

            s = walk_ids(query, 200, (const char (*)[37])ids, N, statuses[k]);
            for (int i = 0; i < N; i++)
                if ((s.position[i] >= 0) != (strcmp(status_of[i], statuses[k]) == 0))
                    th_fail("GET /v1/webhooks?status=%s %s the %s webhook %s", statuses[k],
                            s.position[i] >= 0 ? "lists" : "misses", status_of[i], ids[i]);
            free(query);
        }
    }

    /* Each record says its status as the list filtered it. */
    for (int i = 0; i < N; i++) {
        th_response *r = get_hook(ids[i]);

        th_assert_status(r, 200);
        if (!str_is(r->json, "status", status_of[i]))
            th_fail("webhook %s: expected status %s, got %s", ids[i], status_of[i], th_describe(r));
        if (i == FAILING && !th_json_str(r->json, "failing_since"))
            th_fail("a failing webhook without failing_since: %s", th_describe(r));
        th_response_free(r);
    }

    /* Set active again, a failing subscription is forgiven: failing_since cleared, status active. */
    {
        th_response *r = get_hook(ids[FAILING]);
        long version = th_json_int(r->json, "version");

        th_response_free(r);
        r = patch_hook(ids[FAILING], version, "{\"active\":true}");
        th_assert_status(r, 200);
        if (!str_is(r->json, "status", "active") || !json_is_null(json_object_get(r->json, "failing_since")))
            th_fail("PATCH {\"active\":true} on a failing webhook leaves it failing: %s", th_describe(r));
        th_response_free(r);
    }
    retire(ids[ACTIVE]);
    retire(ids[FAILING]);
}

/* ---- PATCH -------------------------------------------------------------------------------- */

TH_TEST(test_patch_needs_if_match_refuses_a_stale_one_and_changes_each_member_with_a_new_version)
{
    char tag[64];
    char id[37];
    char *new_url;
    char *body;
    th_response *r;
    char updated[40];

    th_unique(tag, sizeof tag, "zt-patch-");
    make_hook(id, NULL, tag, "[\"unit.*\"]", false);

    r = patch_hook(id, -1, "{\"description\":\"[Uji] tanpa If-Match\"}");
    th_assert_problem(r, 428, "urn:zi:problem:precondition-required");
    th_response_free(r);
    r = patch_hook(id, 7, "{\"description\":\"[Uji] usang\"}");
    th_assert_problem(r, 412, "urn:zi:problem:precondition-failed");
    th_response_free(r);
    r = get_hook(id);
    if (th_json_int(r->json, "version") != 1 || !json_is_null(json_object_get(r->json, "description")))
        th_fail("a refused PATCH changed the webhook: %s", th_describe(r));
    snprintf(updated, sizeof updated, "%s", th_json_str(r->json, "updated_at") ? th_json_str(r->json, "updated_at")
                                                                                 : "");
    th_response_free(r);

    /* url, event_types and description at once. */
    new_url = th_format("https://hooks.example/%s", tag);
    body = th_format("{\"url\":\"%s\",\"event_types\":[\"proposal.*\",\"unit.archived\"],"
                     "\"description\":\"[Uji] %s\"}",
                     new_url, tag);
    r = patch_hook(id, 1, body);
    th_assert_status(r, 200);
    if (!str_is(r->json, "url", new_url) || json_array_size(json_object_get(r->json, "event_types")) != 2 ||
        strcmp(json_string_value(json_array_get(json_object_get(r->json, "event_types"), 1))
                   ? json_string_value(json_array_get(json_object_get(r->json, "event_types"), 1))
                   : "",
               "unit.archived") != 0 ||
        !th_json_str(r->json, "description") || th_json_int(r->json, "version") != 2 ||
        !th_header(r, "ETag") || strcmp(th_header(r, "ETag"), "\"2\"") != 0 ||
        !th_json_str(r->json, "updated_at") || strcmp(th_json_str(r->json, "updated_at"), updated) <= 0 ||
        json_object_get(r->json, "secret"))
        th_fail("PATCH of url, event_types and description did not apply as version 2 (ETag, updated_at): %s",
                th_describe(r));
    th_response_free(r);

    /* description back to null. */
    r = patch_hook(id, 2, "{\"description\":null}");
    th_assert_status(r, 200);
    if (!json_is_null(json_object_get(r->json, "description")) || th_json_int(r->json, "version") != 3)
        th_fail("PATCH {\"description\":null} did not clear it as version 3: %s", th_describe(r));
    th_response_free(r);

    /* active: paused -> active -> paused, each a version. */
    r = patch_hook(id, 3, "{\"active\":true}");
    th_assert_status(r, 200);
    if (!json_is_true(json_object_get(r->json, "active")) || !str_is(r->json, "status", "active") ||
        th_json_int(r->json, "version") != 4)
        th_fail("PATCH {\"active\":true} did not make it active as version 4: %s", th_describe(r));
    th_response_free(r);
    r = patch_hook(id, 4, "{\"active\":false}");
    th_assert_status(r, 200);
    if (!json_is_false(json_object_get(r->json, "active")) || !str_is(r->json, "status", "paused") ||
        th_json_int(r->json, "version") != 5)
        th_fail("PATCH {\"active\":false} did not make it paused as version 5: %s", th_describe(r));
    th_response_free(r);

    /* A refused target changes nothing. */
    r = patch_hook(id, 5, "{\"url\":\"http://hooks.example/plain\",\"description\":\"[Uji] ditolak\"}");
    th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
    th_assert_field_error(r, "/url", "scheme_not_allowed");
    th_response_free(r);
    r = get_hook(id);
    if (!str_is(r->json, "url", new_url) || th_json_int(r->json, "version") != 5 ||
        !json_is_null(json_object_get(r->json, "description")))
        th_fail("a refused PATCH changed the webhook: %s", th_describe(r));
    th_response_free(r);

    /* The journal recorded each change, the secret never. */
    {
        char *path = th_format("/v1/audit?resource_type=webhook&resource_id=%s", id);

        r = th_request("GET", path, NULL, admin());
        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != 5 || body_holds(r, "whsec_"))
            th_fail("expected 5 audit records of the webhook (create, 4 changes) and no secret: %s",
                    th_describe(r));
        th_response_free(r);
        free(path);
    }
    free(body);
    free(new_url);
}

/* ---- DELETE ------------------------------------------------------------------------------- */

TH_TEST(test_delete_archives_for_good_a_second_delete_answers_the_same_and_changes_answer_409)
{
    char tag[64];
    char id[37];
    char delivery[37];
    char archived_at[40];
    long version;
    th_response *r;
    char *rest;

    th_unique(tag, sizeof tag, "zt-delete-");
    /* Active (no event is ever of type webhook.ping: the workers have nothing to send). */
    make_hook(id, NULL, tag, "[\"webhook.ping\"]", true);
    r = post_action(id, "/ping", NULL);
    th_assert_status(r, 202);
    snprintf(delivery, sizeof delivery, "%s", th_json_str(r->json, "id") ? th_json_str(r->json, "id") : "");
    th_response_free(r);

    r = delete_hook(id);
    th_assert_status(r, 200);
    if (!str_is(r->json, "status", "archived") || !th_json_str(r->json, "archived_at") ||
        !json_is_false(json_object_get(r->json, "active")) || json_object_get(r->json, "secret"))
        th_fail("DELETE did not answer the archived webhook: %s", th_describe(r));
    snprintf(archived_at, sizeof archived_at, "%s", th_json_str(r->json, "archived_at"));
    version = th_json_int(r->json, "version");
    th_response_free(r);

    r = delete_hook(id);
    th_assert_status(r, 200);
    if (!str_is(r->json, "status", "archived") || !str_is(r->json, "archived_at", archived_at) ||
        th_json_int(r->json, "version") != version)
        th_fail("a second DELETE changed the webhook (archived_at was %s, version %ld): %s", archived_at, version,
                th_describe(r));
    th_response_free(r);

    r = get_hook(id);
    th_assert_status(r, 200);
    if (!str_is(r->json, "status", "archived") || !str_is(r->json, "archived_at", archived_at))
        th_fail("GET of a deleted webhook does not show it archived: %s", th_describe(r));
    th_response_free(r);

    r = patch_hook(id, version, "{\"active\":true}");
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    r = post_action(id, "/ping", NULL);
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    rest = th_format("/deliveries/%s/redeliver", delivery);
    r = post_action(id, rest, NULL);
    th_assert_problem(r, 409, "urn:zi:problem:conflict");
    th_response_free(r);
    free(rest);
    r = get_hook(id);
    if (!str_is(r->json, "status", "archived") || th_json_int(r->json, "version") != version)
        th_fail("a refused change touched the deleted webhook: %s", th_describe(r));
    th_response_free(r);

    /* Its delivery log stays readable. */
    rest = hook_path(id, "/deliveries");
    r = th_request("GET", rest, NULL, admin());
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != 1)
        th_fail("the deleted webhook's log does not show its one ping: %s", th_describe(r));
    th_response_free(r);
    free(rest);
}

/* ---- ping, deliveries, redeliver ---------------------------------------------------------- */

/* The delivery in r (a 202 of ping or redeliver): Location names it under webhook id, and it
 * is pending, of kind kind; copies its id. */
static void assert_queued(const th_response *r, const char *id, const char *kind, char out[37])
{
    const char *location = th_header(r, "Location");
    char *prefix = th_format("/v1/webhooks/%s/deliveries/", id);

    if (r->status != 202)
        th_fail("expected 202 for a queued %s, got %s", kind, th_describe(r));
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail("the queued %s has no id: %s", kind, th_describe(r));
    snprintf(out, 37, "%s", th_json_str(r->json, "id"));
    if (!location || strncmp(location, prefix, strlen(prefix)) != 0 || strcmp(location + strlen(prefix), out) != 0)
        th_fail("the 202's Location %s does not name delivery %s of webhook %s", location ? location : "(none)", out,
                id);
    if (!str_is(r->json, "webhook_id", id) || !str_is(r->json, "kind", kind) ||
        !str_is(r->json, "status", "pending") || !str_is(r->json, "event_type", "webhook.ping") ||
        !json_is_null(json_object_get(r->json, "event_seq")) || th_json_int(r->json, "attempts") != 0)
        th_fail("the queued delivery is not a pending %s of webhook.ping: %s", kind, th_describe(r));
    free(prefix);
}

TH_TEST(test_ping_answers_202_with_a_pending_ping_delivery_and_redeliver_queues_it_again)
{
    char tag[64];
    char id[37];
    char other[37];
    char ping[37];
    char ping2[37];
    char again[37];
    char other_ping[37];
    th_response *r;
    char *path;

    th_unique(tag, sizeof tag, "zt-ping-");
    make_hook(id, NULL, tag, "[\"unit.*\"]", false);
    make_hook(other, NULL, tag, "[\"unit.*\"]", false);

    /* Pings work on a paused subscription; no body or {} alike. */
    r = post_action(id, "/ping", NULL);
    assert_queued(r, id, "ping", ping);
    path = th_format("%s", th_header(r, "Location"));
    th_response_free(r);
    r = th_request("GET", path, NULL, admin());
    th_assert_status(r, 200);
    if (!str_is(r->json, "id", ping) || !str_is(r->json, "kind", "ping") || !str_is(r->json, "webhook_id", id))
        th_fail("GET of the ping's Location does not show the ping: %s", th_describe(r));
    th_response_free(r);
    free(path);
    r = post_action(id, "/ping", "{}");
    assert_queued(r, id, "ping", ping2);
    th_response_free(r);

    /* Redelivering a ping is another ping. */
    path = th_format("/deliveries/%s/redeliver", ping);
    r = post_action(id, path, "{}");
    assert_queued(r, id, "ping", again);
    th_response_free(r);
    free(path);
    if (strcmp(again, ping) == 0 || strcmp(again, ping2) == 0)
        th_fail("redeliver answered an existing delivery %s instead of a new one", again);

    /* The log, newest first. */
    path = hook_path(id, "/deliveries?limit=2");
    r = th_request("GET", path, NULL, admin());
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != 2 || !str_is(json_array_get(tu_data(r), 0), "id", again) ||
        !str_is(json_array_get(tu_data(r), 1), "id", ping2) || !th_json_str(r->json, "next_cursor"))
        th_fail("the first page of the delivery log is not [redelivery, second ping] with a next cursor: %s",
                th_describe(r));
    {
        char *cursor = th_urlencode(th_json_str(r->json, "next_cursor"));
        char *next = th_format("/v1/webhooks/%s/deliveries?limit=2&cursor=%s", id, cursor);

        th_response_free(r);
        r = th_request("GET", next, NULL, admin());
        th_assert_status(r, 200);
        if (json_array_size(tu_data(r)) != 1 || !str_is(json_array_get(tu_data(r), 0), "id", ping) ||
            !json_is_null(json_object_get(r->json, "next_cursor")))
            th_fail("the second page of the delivery log is not [first ping]: %s", th_describe(r));
        free(next);
        free(cursor);
    }
    th_response_free(r);
    free(path);

    /* A delivery that is not this webhook's: unknown, or another webhook's. */
    r = post_action(other, "/ping", NULL);
    assert_queued(r, other, "ping", other_ping);
    th_response_free(r);
    {
        char unknown[37];
        const char *const targets[] = {unknown, other_ping};

        th_random_uuid(unknown);
        for (size_t i = 0; i < 2; i++) {
            path = th_format("/deliveries/%s/redeliver", targets[i]);
            r = post_action(id, path, NULL);
            th_assert_problem(r, 404, "urn:zi:problem:not-found");
            th_response_free(r);
            free(path);
            path = th_format("/v1/webhooks/%s/deliveries/%s", id, targets[i]);
            r = th_request("GET", path, NULL, admin());
            th_assert_problem(r, 404, "urn:zi:problem:not-found");
            th_response_free(r);
            free(path);
        }
    }
    path = hook_path(id, "/deliveries?limit=200");
    r = th_request("GET", path, NULL, admin());
    if (json_array_size(tu_data(r)) != 3)
        th_fail("a refused redeliver added to the log: %s", th_describe(r));
    th_response_free(r);
    free(path);

    /* A ping takes no members. */
    r = post_action(id, "/ping", "{\"url\":\"https://hooks.example/elsewhere\"}");
    th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
    th_assert_field_error(r, "/url", "unknown_field");
    th_response_free(r);
}

/*
 * Every operation on a webhook that does not exist answers 404 naming the subscription, in
 * the language asked for (the spec's detail), not a delivery.
 */
TH_TEST(test_operations_on_an_unknown_webhook_answer_404_naming_the_subscription)
{
    char unknown[37];
    char delivery[37];
    /* path after the webhook's id: before and after a delivery id ("" after: none) */
    static const char *const ops[][3] = {
        {"GET", "", ""},
        {"PATCH", "", ""},
        {"DELETE", "", ""},
        {"POST", "/ping", ""},
        {"GET", "/deliveries", ""},
        {"GET", "/deliveries/", "."},
        {"POST", "/deliveries/", "/redeliver"},
    };

    char wrong[1000] = "";
    size_t len = 0;

    th_random_uuid(unknown);
    th_random_uuid(delivery);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        const char *after = strcmp(ops[i][2], ".") == 0 ? "" : ops[i][2];
        char *rest = ops[i][2][0] ? th_format("%s%s%s", ops[i][1], delivery, after) : th_format("%s", ops[i][1]);
        char *path = hook_path(unknown, rest);
        bool write = strcmp(ops[i][0], "GET") != 0;
        th_response *r = th_request(ops[i][0], path, strcmp(ops[i][0], "PATCH") == 0 ? "{\"active\":true}" : NULL,
                                    (const char *const[]){th_admin_auth(), "Accept-Language: en",
                                                          write ? "If-Match: *" : NULL, NULL});

        th_assert_problem(r, 404, "urn:zi:problem:not-found");
        if (!str_is(r->json, "detail", "Webhook subscription not found."))
            len += (size_t)snprintf(wrong + len, len < sizeof wrong ? sizeof wrong - len : 0, "\n  %s %s%s%s: \"%s\"",
                                    ops[i][0], ops[i][1][0] ? ops[i][1] : "/{id}",
                                    ops[i][2][0] ? "{delivery_id}" : "", ops[i][2][0] == '/' ? ops[i][2] : "",
                                    th_json_str(r->json, "detail") ? th_json_str(r->json, "detail") : "(none)");
        th_response_free(r);
        free(path);
        free(rest);
    }
    if (len)
        th_fail("404s on an unknown webhook that do not say \"Webhook subscription not found.\":%s", wrong);
}

/* ---- target URLs and event types ----------------------------------------------------------- */

TH_TEST(test_url_rules_allow_https_and_loopback_http_and_refuse_other_schemes_credentials_and_blocked_addresses)
{
    static const struct {
        const char *url;
        const char *code; /* NULL: accepted */
    } cases[] = {
        {"https://hooks.example/zt", NULL},
        {"https://hooks.example:8443/zt?x=1", NULL},
        {"http://127.0.0.1:9/zt", NULL},
        {"http://127.200.0.1:9/zt", NULL},
        {"http://localhost:9/zt", NULL},
        {"http://[::1]:9/zt", NULL},
        {"http://hooks.example/zt", "scheme_not_allowed"},
        {"http://example.com/zt", "scheme_not_allowed"},
        {"ftp://hooks.example/zt", "scheme_not_allowed"},
        {"file:///etc/passwd", "invalid_format"}, /* no host: not a target at all */
        {"gopher://hooks.example/zt", "scheme_not_allowed"},
        {"https://user:pass@hooks.example/zt", "credentials_not_allowed"},
        {"https://user@hooks.example/zt", "credentials_not_allowed"},
        {"https://169.254.169.254/latest/meta-data", "blocked_address"},
        {"https://169.254.1.1/zt", "blocked_address"},
        {"https://[fe80::1]/zt", "blocked_address"},
        {"https://[::ffff:169.254.169.254]/zt", "blocked_address"},
        {"https://[::ffff:a9fe:a9fe]/zt", "blocked_address"},
        {"https://0.0.0.0/zt", "blocked_address"},
        {"https://224.0.0.1/zt", "blocked_address"},
        {"https://255.255.255.255/zt", "blocked_address"},
        {"https://100.100.100.200/zt", "blocked_address"},
        {"https://[::]/zt", "blocked_address"},
        {"https://[ff02::1]/zt", "blocked_address"},
        {"https://[fd00:ec2::254]/zt", "blocked_address"},
        /* other spellings of 169.254.169.254 that resolvers and curl take as the same address */
        {"https://2852039166/zt", "blocked_address"},
        {"https://0xa9.0xfe.0xa9.0xfe/zt", "blocked_address"},
        {"https://0251.0376.0251.0376/zt", "blocked_address"},
        {"not a url", "invalid_format"},
        {"hooks.example/zt", "invalid_format"},
        {"https://hooks.example/zt#fragment", "invalid_format"},
        {"https://hooks.example/with space", "invalid_format"},
        {"https://", "invalid_format"},
        {"https://hooks.example:99999/zt", "invalid_format"},
    };
    char tag[64];

    th_unique(tag, sizeof tag, "zt-url-");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *body = json_pack("{s:s, s:[s], s:s, s:b}", "url", cases[i].url, "event_types", "unit.*",
                                 "description", tag, "active", 0);
        th_response *r = th_request_json("POST", "/v1/webhooks", body, admin());

        if (!cases[i].code) {
            if (r->status != 201 || !str_is(r->json, "url", cases[i].url))
                th_fail("url %s: expected 201 keeping the url, got %s", cases[i].url, th_describe(r));
        } else {
            if (r->status != 422 || !th_find_field_error(r, "/url", cases[i].code))
                th_fail("url %s: expected 422 with /url %s, got %s", cases[i].url, cases[i].code, th_describe(r));
            th_assert_problem(r, 422, "urn:zi:problem:unprocessable");
        }
        th_response_free(r);
        json_decref(body);
    }
    /* Only the accepted ones were stored. */
    {
        char *sql = th_format("SELECT count(*) FROM webhook_subscriptions WHERE description = '%s'", tag);
        long want = 0;

        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            want += cases[i].code == NULL;
        if (th_psql_count(sql) != want)
            th_fail("%ld webhooks stored for %ld accepted urls", th_psql_count(sql), want);
        free(sql);
    }
}

/*
 * Invisible and control characters in a target URL: the URL an admin reads in the list
 * must be the URL deliveries go to. A zero-width space in the host, a C1 control (NEL) or
 * a right-to-left override in the path are refused as invalid_format, as a raw space is.
 */
TH_TEST(test_url_with_invisible_or_control_characters_is_invalid_format)
{
    static const char *const urls[] = {
        "https://hoo\xe2\x80\x8bks.example/zt",     /* U+200B zero-width space in the host */
        "https://hooks.example/zt\xc2\x85",         /* U+0085 next line (C1 control) */
        "https://hooks.example/\xe2\x80\xaezt",     /* U+202E right-to-left override */
        "https://hooks.example/zt\x7f",             /* DEL */
        "https://hooks.example/zt\x01",             /* a C0 control */
    };
    static const char *const what[] = {"U+200B in the host", "U+0085 in the path", "U+202E in the path",
                                       "DEL in the path", "U+0001 in the path"};
    char wrong[1000] = "";
    size_t len = 0;

    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        json_t *body = json_pack("{s:s, s:[s], s:b}", "url", urls[i], "event_types", "unit.*", "active", 0);
        th_response *r = th_request_json("POST", "/v1/webhooks", body, admin());

        if ((r->status != 400 && r->status != 422) ||
            (!th_find_field_error(r, "/url", "invalid_format") && !th_find_field_error(r, "/url", "control_character")))
            len += (size_t)snprintf(wrong + len, len < sizeof wrong ? sizeof wrong - len : 0, "\n  %s: HTTP %ld",
                                    what[i], r->status);
        th_response_free(r);
        json_decref(body);
    }
    if (len)
        th_fail("urls with an invisible or control character not refused with /url invalid_format (or "
                "control_character):%s",
                wrong);
}

TH_TEST(test_event_type_rules_take_wildcards_and_known_types_and_refuse_the_rest)
{
    static const struct {
        const char *type;
        const char *code; /* NULL: accepted */
    } cases[] = {
        {"*", NULL},
        {"unit.*", NULL},
        {"unit.created", NULL},
        {"gratification_report.accessed", NULL},
        {"webhook.failing", NULL},
        {"unti.*", "unknown_event_type"},
        {"units.*", "unknown_event_type"},
        {"test_fixture.*", "unknown_event_type"},
        {"unit", "invalid_format"},
        {"*.created", "invalid_format"},
        {"Unit.*", "invalid_format"},
        {"unit.Created", "invalid_format"},
        {"unit.*.x", "invalid_format"},
        {"unit..x", "invalid_format"},
        {".created", "invalid_format"},
        {"unit.", "invalid_format"},
        {"**", "invalid_format"},
        {"unit-x.*", "invalid_format"},
        {" unit.*", "invalid_format"},
    };
    char tag[64];

    th_unique(tag, sizeof tag, "zt-types-");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* The bad pattern second, so that the error names its index. */
        json_t *body = json_pack("{s:s, s:[s,s], s:s, s:b}", "url", "https://hooks.example/zt", "event_types",
                                 "proposal.*", cases[i].type, "description", tag, "active", 0);
        th_response *r = th_request_json("POST", "/v1/webhooks", body, admin());

        if (!cases[i].code) {
            if (r->status != 201 ||
                !json_equal(json_object_get(r->json, "event_types"), json_object_get(body, "event_types")))
                th_fail("event type %s: expected 201 keeping the types, got %s", cases[i].type, th_describe(r));
        } else if (r->status != 422 || !th_find_field_error(r, "/event_types/1", cases[i].code) ||
                   th_find_field_error(r, "/event_types/0", NULL)) {
            th_fail("event type \"%s\": expected 422 with /event_types/1 %s (and nothing on /event_types/0), got %s",
                    cases[i].type, cases[i].code, th_describe(r));
        }
        th_response_free(r);
        json_decref(body);
    }

    /* The list's own limits: 1 to 20 items, each a string of at most 100 characters. */
    {
        json_t *body = json_pack("{s:s, s:[], s:b}", "url", "https://hooks.example/zt", "event_types", "active", 0);
        json_t *types = json_object_get(body, "event_types");
        th_response *r;
        char long_type[120];

        r = th_request_json("POST", "/v1/webhooks", body, admin());
        th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
        th_assert_field_error(r, "/event_types", "item_count");
        th_response_free(r);
        for (int i = 0; i < 20; i++)
            json_array_append_new(types, json_string("unit.*"));
        r = th_request_json("POST", "/v1/webhooks", body, admin());
        th_assert_status(r, 201);
        th_response_free(r);
        json_array_append_new(types, json_string("unit.*"));
        r = th_request_json("POST", "/v1/webhooks", body, admin());
        th_assert_problem(r, 400, "urn:zi:problem:invalid-request");
        th_assert_field_error(r, "/event_types", "item_count");
        th_response_free(r);
        memset(long_type, 'a', 101);
        memcpy(long_type, "unit.", 5);
        long_type[101] = '\0';
        json_array_clear(types);
        json_array_append_new(types, json_string(long_type));
        r = th_request_json("POST", "/v1/webhooks", body, admin());
        if (r->status != 400 || !th_find_field_error(r, "/event_types/0", "too_long"))
            th_fail("an event type of 101 characters: expected 400 with /event_types/0 too_long, got %s",
                    th_describe(r));
        th_response_free(r);
        json_decref(body);
    }
}

/*
 * Every resource type the journal writes (every prefix in the events table, and every table
 * journalled by trigger) is accepted as "<type>.*": a new journalled table without its row in
 * server/src/domain/webhook.c fails here, and subscribers could not ask for its events.
 */
TH_TEST(test_every_resource_type_the_journal_writes_is_accepted_as_a_wildcard)
{
    char *types = th_psql(th_database_url(),
                          "SELECT string_agg(t, ',' ORDER BY t) FROM ("
                          "SELECT split_part(type, '.', 1) AS t FROM events "
                          "UNION SELECT split_part(encode(g.tgargs, 'escape'), '\\000', 1) FROM pg_trigger g "
                          "JOIN pg_proc p ON p.oid = g.tgfoid WHERE p.proname = 'zi_journal_row') AS x "
                          "WHERE t <> 'test_fixture'");
    json_t *list = json_array();
    int n = 0;
    char *save = types;

    /* Some types are surely there: the seed writes units; every table has its trigger. */
    if (!strstr(types, "unit") || !strstr(types, "webhook") || !strstr(types, "api_key"))
        th_fail("the journal's types look incomplete: %s", types);
    while (save && *save) {
        char *comma = strchr(save, ',');
        char *pattern;

        if (comma)
            *comma = '\0';
        pattern = th_format("%s.*", save);
        json_array_append_new(list, json_string(pattern));
        free(pattern);
        n++;
        save = comma ? comma + 1 : NULL;
    }
    /* Twenty per subscription: the list's limit. */
    for (size_t from = 0; from < json_array_size(list); from += 20) {
        json_t *chunk = json_array();
        json_t *body;
        th_response *r;

        for (size_t i = from; i < from + 20 && i < json_array_size(list); i++)
            json_array_append(chunk, json_array_get(list, i));
        body = json_pack("{s:s, s:o, s:b}", "url", "https://hooks.example/zt-journal", "event_types", chunk,
                         "active", 0);
        r = th_request_json("POST", "/v1/webhooks", body, admin());
        if (r->status != 201) {
            char *dump = json_dumps(json_object_get(body, "event_types"), JSON_COMPACT);

            th_fail("the journal writes these types, but a subscription to %s is refused (add the type to "
                    "webhook_resource_types in server/src/domain/webhook.c): %s",
                    dump, th_describe(r));
        }
        th_response_free(r);
        json_decref(body);
    }
    if (n < 18)
        th_fail("only %d journalled types found: %s", n, types);
    json_decref(list);
    free(types);
}

/* ---- who may ------------------------------------------------------------------------------- */

TH_TEST(test_webhooks_are_admin_only_403_for_every_other_role_and_401_without_a_key)
{
    tu_unit unit;
    tu_key keys[N_ROLES];
    char tag[64];
    char *body;

    tu_create_unit(&unit, NULL);
    th_unique(tag, sizeof tag, "zt-roles-");
    body = th_format("{\"url\":\"" DEAD_TARGET "/%s\",\"event_types\":[\"*\"],\"active\":false}", tag);
    for (int i = 0; i < N_ROLES; i++) {
        bool bound = strcmp(ROLES[i], "unit_officer") == 0 || strcmp(ROLES[i], "employee") == 0;

        tu_create_key(&keys[i], ROLES[i], bound ? unit.id : NULL, strcmp(ROLES[i], "employee") == 0 ? TU_NIP : NULL);
    }
    for (int i = 0; i <= N_ROLES; i++) {
        const char *auth = i < N_ROLES ? keys[i].auth : NULL;
        long want = i < N_ROLES ? 403 : 401;
        const char *type = i < N_ROLES ? "urn:zi:problem:forbidden" : "urn:zi:problem:unauthorized";
        th_response *r = th_request("GET", "/v1/webhooks", NULL, (const char *const[]){auth, NULL});

        th_assert_problem(r, want, type);
        th_response_free(r);
        r = th_request("POST", "/v1/webhooks", body, (const char *const[]){auth, NULL});
        th_assert_problem(r, want, type);
        if (body_holds(r, "whsec_"))
            th_fail("a refused create shows a secret: %s", th_describe(r));
        th_response_free(r);
    }
    {
        char *sql = th_format("SELECT count(*) FROM webhook_subscriptions WHERE url = '" DEAD_TARGET "/%s'", tag);

        if (th_psql_count(sql) != 0)
            th_fail("a refused create stored a webhook");
        free(sql);
    }
    free(body);
}

Suite *webhooks_suite(void)
{
    Suite *s = suite_create("webhooks");
    TCase *tc = tcase_create("webhooks");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_create_answers_201_with_location_etag_and_a_secret_that_no_later_read_shows);
    tcase_add_test(tc, test_create_without_active_makes_an_active_subscription);
    tcase_add_test(tc, test_idempotency_key_replay_of_the_create_returns_the_same_record_without_the_secret);
    tcase_add_test(tc, test_list_is_ordered_by_creation_filters_by_status_and_pages_with_cursors);
    tcase_add_test(tc, test_patch_needs_if_match_refuses_a_stale_one_and_changes_each_member_with_a_new_version);
    tcase_add_test(tc, test_delete_archives_for_good_a_second_delete_answers_the_same_and_changes_answer_409);
    tcase_add_test(tc, test_ping_answers_202_with_a_pending_ping_delivery_and_redeliver_queues_it_again);
    tcase_add_test(tc, test_operations_on_an_unknown_webhook_answer_404_naming_the_subscription);
    tcase_add_test(tc, test_url_rules_allow_https_and_loopback_http_and_refuse_other_schemes_credentials_and_blocked_addresses);
    tcase_add_test(tc, test_url_with_invisible_or_control_characters_is_invalid_format);
    tcase_add_test(tc, test_event_type_rules_take_wildcards_and_known_types_and_refuse_the_rest);
    tcase_add_test(tc, test_every_resource_type_the_journal_writes_is_accepted_as_a_wildcard);
    tcase_add_test(tc, test_webhooks_are_admin_only_403_for_every_other_role_and_401_without_a_key);
    suite_add_tcase(s, tc);
    return s;
}
