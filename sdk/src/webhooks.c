/*
 * webhooks.c — the webhook operations of openapi/openapi.yaml (tag Webhooks): the
 * subscriptions, their delivery log, ping and redelivery; one function each, see internal.h.
 * The receiver's side, verifying a delivery, is in webhook_verify.c. Thread rules: those of
 * the client.
 */
#include "internal.h"

/* The query of listWebhooks except the cursor, shared by the list and its pager (a
 * zi_list_query; the path has no placeholder). */
static void hooks_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_webhook_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/webhooks");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_WEBHOOK_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_webhook_list_params, limit));
    zi_call_query_str(call, "status", ZI_MEMBER(p, zi_webhook_list_params, status));
}

/* The query of listWebhookDeliveries except the cursor (a zi_list_query). */
static void deliveries_query(zi_call *call, const char *id, const void *params)
{
    const zi_webhook_delivery_list_params *p = params;

    zi_call_path(call, "/v1/webhooks/{id}/deliveries", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0,
                           "ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_webhook_delivery_list_params, limit));
    zi_call_query_str(call, "status", ZI_MEMBER(p, zi_webhook_delivery_list_params, status));
}

ZI_EXPORT zi_status zi_webhooks_create(zi_client *client, const json_t *webhook,
                                       const char *idempotency_key, json_t **webhook_out,
                                       zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/webhooks", NULL, webhook, "webhook", idempotency_key,
                          webhook_out, etag_out);
}

ZI_EXPORT zi_status zi_webhooks_list(zi_client *client, const zi_webhook_list_params *params,
                                     json_t **page_out)
{
    return zi_call_list(client, hooks_list_query, NULL, params,
                        ZI_CURSOR(params, zi_webhook_list_params), page_out);
}

ZI_EXPORT zi_status zi_webhooks_get(zi_client *client, const char *id, json_t **webhook_out,
                                    zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/webhooks/{id}", id, webhook_out, etag_out);
}

ZI_EXPORT zi_status zi_webhooks_update(zi_client *client, const char *id,
                                       const zi_if_match *if_match, const json_t *patch,
                                       json_t **webhook_out, zi_etag *etag_out)
{
    return zi_call_update(client, "/v1/webhooks/{id}", id, if_match, patch, webhook_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_webhooks_delete(zi_client *client, const char *id, json_t **webhook_out,
                                       zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_DELETE, "/v1/webhooks/{id}", id, webhook_out, etag_out);
}

ZI_EXPORT zi_status zi_webhooks_ping(zi_client *client, const char *id,
                                     const char *idempotency_key, json_t **delivery_out)
{
    return zi_call_action(client, "/v1/webhooks/{id}/ping", id, NULL, idempotency_key,
                          delivery_out, NULL);
}

ZI_EXPORT zi_status zi_webhook_deliveries_list(zi_client *client, const char *id,
                                               const zi_webhook_delivery_list_params *params,
                                               json_t **page_out)
{
    return zi_call_list(client, deliveries_query, id, params,
                        ZI_CURSOR(params, zi_webhook_delivery_list_params), page_out);
}

ZI_EXPORT zi_status zi_webhook_deliveries_get(zi_client *client, const char *id,
                                              const char *delivery_id, json_t **delivery_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, delivery_out, NULL);
    zi_call_path(&call, "/v1/webhooks/{id}/deliveries/{delivery_id}", id, delivery_id);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_webhook_deliveries_redeliver(zi_client *client, const char *id,
                                                    const char *delivery_id,
                                                    const char *idempotency_key,
                                                    json_t **delivery_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, delivery_out, NULL);
    zi_call_path(&call, "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", id,
                 delivery_id);
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_webhooks_pager_new(zi_client *client, const zi_webhook_list_params *params,
                                          zi_pager **out)
{
    return zi_call_list_pager(client, hooks_list_query, NULL, params,
                              ZI_CURSOR(params, zi_webhook_list_params), out);
}

ZI_EXPORT zi_status zi_webhook_deliveries_pager_new(zi_client *client, const char *id,
                                                    const zi_webhook_delivery_list_params *params,
                                                    zi_pager **out)
{
    return zi_call_list_pager(client, deliveries_query, id, params,
                              ZI_CURSOR(params, zi_webhook_delivery_list_params), out);
}
