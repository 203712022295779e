/* Webhook subscriptions (issue 14): the admin's side — subscribe a URL to event types, see
 * the delivery log, ping, redeliver. The deliveries themselves are made by the workers in
 * delivery/webhooks.c, from the same journal as /v1/events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../db/webhooks_db.h"
#include "../delivery/webhooks.h"
#include "../domain/cursor.h"
#include "../domain/webhook.h"
#include "api.h"

static const char *const hook_statuses[] = {"active", "paused", "failing", "archived", NULL};
static const char *const delivery_statuses[] = {"pending", "succeeded", "failed", NULL};
static const char *const delivery_kinds[] = {"event", "ping", "redelivery", NULL};

static const zi_field_spec hook_field_specs[] = {
    {"url", FT_STRING, F_REQUIRED, 1, WEBHOOK_URL_MAX, NULL, "https://…", NULL, 0, 0},
    {"description", FT_STRING, F_NULLABLE, 1, 500, NULL, NULL, NULL, 0, 0},
    {"event_types", FT_LIST, F_REQUIRED, 1, WEBHOOK_MAX_PATTERNS, NULL, "*, unit.*, unit.created", NULL, 0,
     WEBHOOK_PATTERN_MAX},
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("secret", FT_STRING),
    ZI_FIELD_READ_ONLY_ENUM("status", hook_statuses),
    ZI_FIELD_READ_ONLY("failing_since", FT_STRING),
    ZI_FIELD_READ_ONLY("created_by", FT_UUID),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("archived_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset hook_fields = ZI_FIELDSET("webhook", hook_field_specs, NULL, NULL);

static const zi_field_spec delivery_field_specs[] = {
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("webhook_id", FT_UUID),
    ZI_FIELD_READ_ONLY_ENUM("kind", delivery_kinds),
    ZI_FIELD_READ_ONLY("event_seq", FT_INT),
    ZI_FIELD_READ_ONLY("event_type", FT_STRING),
    ZI_FIELD_READ_ONLY_ENUM("status", delivery_statuses),
    ZI_FIELD_READ_ONLY("attempts", FT_INT),
    ZI_FIELD_READ_ONLY("response_code", FT_INT),
    ZI_FIELD_READ_ONLY("duration_ms", FT_INT),
    ZI_FIELD_READ_ONLY("error", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("last_attempt_at", FT_STRING),
    ZI_FIELD_READ_ONLY("next_attempt_at", FT_STRING),
    ZI_FIELD_READ_ONLY("completed_at", FT_STRING),
};
static const zi_fieldset delivery_fields = ZI_FIELDSET("webhook_delivery", delivery_field_specs, NULL, NULL);

/* An action's body: nothing may be sent but an empty object. */
static const zi_fieldset no_fields = {"webhook", NULL, 0, NULL, NULL};

static const zi_text MSG_WEBHOOK_NOT_FOUND[1] = {{"Langganan webhook tidak ditemukan.", "Webhook subscription not found."}};
static const zi_text MSG_DELIVERY_NOT_FOUND[1] = {
    {"Pengiriman ini tidak ditemukan pada langganan webhook ini.", "No such delivery of this webhook subscription."}};
static const zi_text MSG_WEBHOOK_ARCHIVED[1] = {
    {"Langganan webhook sudah dihapus dan tidak dapat diubah atau dikirimi.",
     "The webhook subscription is deleted and can no longer be changed or sent to."}};
static const zi_msg hook_messages[] = {MSG_WEBHOOK_NOT_FOUND, MSG_DELIVERY_NOT_FOUND, MSG_WEBHOOK_ARCHIVED, NULL};

/* The URL and event types of a create or patch body, beyond what the field table says. */
static zi_result check_target(zi_req *r)
{
    const char *url = json_string_value(req_field(r, "url"));
    if (url) {
        char hint[200];
        const char *code = webhooks_url_problem(url, hint, sizeof hint);
        if (code)
            req_field_error(r, ZI_IN_BODY, "/url", code, 0, 0, hint);
    }
    const json_t *types = req_field(r, "event_types");
    size_t i;
    const json_t *t;
    json_array_foreach(types, i, t)
    {
        const char *code = webhook_pattern_problem(json_string_value(t));
        if (code) {
            char pointer[48];
            snprintf(pointer, sizeof pointer, "/event_types/%zu", i);
            req_field_error(r, ZI_IN_BODY, pointer, code, 0, 0, "*, unit.*, unit.created");
        }
    }
    if (r->errors.count == 0)
        return ZI_OK;
    req_detail(r, MSG_INVALID_FIELDS, 0, NULL);
    return ZI_E_UNPROCESSABLE;
}

/* whsec_ and 32 random bytes, base64url: the HMAC key of the subscription's signatures. */
static int new_secret(char out[64])
{
    unsigned char raw[32];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return -1;
    memcpy(out, "whsec_", 6);
    b64url_encode(raw, sizeof raw, out + 6);
    return 0;
}

static zi_result create_hook(zi_req *r)
{
    zi_result rc = check_target(r);
    char secret[64];
    if (rc == ZI_OK && new_secret(secret) != 0)
        rc = ZI_E_INTERNAL;
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL, *id = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? webhooks_db_create(r->db, body, secret, r->who.key_id, &json, &version, &id) : ZI_E_INTERNAL;
    free(body);
    if (rc != ZI_OK)
        return rc;
    return api_reply_created_with_secret(r, json, version, id, "/v1/webhooks", "secret", secret);
}

static zi_result get_hook(zi_req *r)
{
    return api_record_by_id(r, webhooks_db_get, MSG_WEBHOOK_NOT_FOUND);
}

static zi_result list_hooks(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, webhooks_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = webhooks_db_list(r->db, req_query_str(r, "status"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* Locks the subscription of the path for a change: 404 when there is none, 409 when it is
 * deleted, and with if_match, 428/412 unless If-Match names its version. */
static zi_result lock_hook(zi_req *r, int if_match)
{
    long version = 0;
    int archived = 0;
    zi_result rc = webhooks_db_lock(r->db, req_path(r, "id"), &version, &archived);
    if (rc == ZI_E_NOT_FOUND) {
        req_detail(r, MSG_WEBHOOK_NOT_FOUND, 0, NULL);
        return rc;
    }
    if (rc == ZI_OK && archived) {
        req_detail(r, MSG_WEBHOOK_ARCHIVED, 0, NULL);
        return ZI_E_CONFLICT;
    }
    return rc == ZI_OK && if_match ? req_check_if_match(r, version) : rc;
}

static zi_result update_hook(zi_req *r)
{
    zi_result rc = lock_hook(r, 1);
    if (rc == ZI_OK)
        rc = check_target(r);
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? webhooks_db_update(r->db, req_path(r, "id"), body, &json, &version) : ZI_E_INTERNAL;
    free(body);
    /* Set active again, a failing subscription is due now: tell this instance's workers. */
    r->after_commit = webhooks_kick;
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_WEBHOOK_NOT_FOUND);
}

static zi_result delete_hook(zi_req *r)
{
    return api_record_by_id(r, webhooks_db_archive, MSG_WEBHOOK_NOT_FOUND);
}

/* A ping or a redelivery: queued, taken by a worker within moments; 202 with the delivery
 * (follow its Location to see how it went). */
static zi_result reply_queued(zi_req *r, zi_result rc, char *json, char *delivery_id, zi_msg not_found)
{
    char location[128];
    snprintf(location, sizeof location, "/v1/webhooks/%s/deliveries/%s", req_path(r, "id"),
             delivery_id ? delivery_id : "");
    free(delivery_id);
    if (rc == ZI_OK)
        r->after_commit = webhooks_kick;
    return api_reply_record(r, rc, 202, json, 0, location, not_found);
}

static zi_result ping_hook(zi_req *r)
{
    char *json = NULL, *delivery_id = NULL;
    zi_result rc = lock_hook(r, 0);
    if (rc == ZI_OK)
        rc = webhooks_db_ping(r->db, req_path(r, "id"), &json, &delivery_id);
    return reply_queued(r, rc, json, delivery_id, NULL);
}

static zi_result redeliver(zi_req *r)
{
    char *json = NULL, *delivery_id = NULL;
    zi_result rc = lock_hook(r, 0);
    if (rc != ZI_OK)
        return reply_queued(r, rc, json, delivery_id, NULL); /* lock_hook said which */
    rc = webhooks_db_redeliver(r->db, req_path(r, "id"), req_path(r, "delivery_id"), &json, &delivery_id);
    return reply_queued(r, rc, json, delivery_id, MSG_DELIVERY_NOT_FOUND);
}

/* 404 naming the subscription when the path's does not exist (a read: no lock). */
static zi_result hook_exists(zi_req *r)
{
    char *json = NULL;
    zi_result rc = webhooks_db_get(r->db, req_path(r, "id"), &json, NULL);
    free(json);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_WEBHOOK_NOT_FOUND, 0, NULL);
    return rc;
}

static zi_result get_delivery(zi_req *r)
{
    zi_result rc = hook_exists(r);
    if (rc != ZI_OK)
        return rc; /* hook_exists said which */
    char *json = NULL;
    rc = webhooks_db_delivery(r->db, req_path(r, "id"), req_path(r, "delivery_id"), &json);
    return api_reply_record(r, rc, 200, json, 0, NULL, MSG_DELIVERY_NOT_FOUND);
}

static zi_result list_deliveries(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, webhooks_db_delivery_sorts, &p);
    if (rc == ZI_OK)
        rc = hook_exists(r);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = webhooks_db_deliveries(r->db, req_path(r, "id"), req_query_str(r, "status"), p.after_value, p.after_id,
                                p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"status", QP_ENUM, 0, 0, hook_statuses, NULL, 0},
    ZI_QP_END,
};

static const zi_qparam deliveries_query[] = {
    ZI_QP_PAGE,
    {"status", QP_ENUM, 0, 0, delivery_statuses, NULL, 0},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "POST", .pattern = "/v1/webhooks", .operation_id = "createWebhook", .handler = create_hook,
     .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &hook_fields, .shows = &hook_fields},
    {.method = "GET", .pattern = "/v1/webhooks", .operation_id = "listWebhooks", .handler = list_hooks,
     .roles = ROLE_ADMIN, .query = list_query, .shows = &hook_fields},
    {.method = "GET", .pattern = "/v1/webhooks/{id}", .operation_id = "getWebhook", .handler = get_hook,
     .roles = ROLE_ADMIN, .shows = &hook_fields},
    {.method = "PATCH", .pattern = "/v1/webhooks/{id}", .operation_id = "updateWebhook", .handler = update_hook,
     .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &hook_fields, .shows = &hook_fields},
    {.method = "DELETE", .pattern = "/v1/webhooks/{id}", .operation_id = "deleteWebhook", .handler = delete_hook,
     .roles = ROLE_ADMIN, .shows = &hook_fields},
    {.method = "POST", .pattern = "/v1/webhooks/{id}/ping", .operation_id = "pingWebhook", .handler = ping_hook,
     .roles = ROLE_ADMIN, .body = BODY_OPTIONAL_JSON, .fields = &no_fields, .shows = &delivery_fields},
    {.method = "GET", .pattern = "/v1/webhooks/{id}/deliveries", .operation_id = "listWebhookDeliveries",
     .handler = list_deliveries, .roles = ROLE_ADMIN, .query = deliveries_query, .shows = &delivery_fields},
    {.method = "GET", .pattern = "/v1/webhooks/{id}/deliveries/{delivery_id}", .operation_id = "getWebhookDelivery",
     .handler = get_delivery, .roles = ROLE_ADMIN, .shows = &delivery_fields},
    {.method = "POST", .pattern = "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
     .operation_id = "redeliverWebhookDelivery", .handler = redeliver, .roles = ROLE_ADMIN,
     .body = BODY_OPTIONAL_JSON, .fields = &no_fields, .shows = &delivery_fields},
};

const zi_module webhooks_module = ZI_MODULE("webhooks", routes, webhooks_db_statements, &hook_fields, hook_messages);
