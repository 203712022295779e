/*
 * keys.c — the API keys operations of openapi/openapi.yaml (tag API keys), one function
 * each; see internal.h for the shape. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listApiKeys except the cursor, shared by zi_keys_list and its pager. */
static void keys_list_query(zi_call *call, const zi_key_list_params *p)
{
    zi_call_path(call, "/v1/api-keys");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_KEY_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_key_list_params, limit));
    zi_call_query_str(call, "role", ZI_MEMBER(p, zi_key_list_params, role));
    zi_call_query_str(call, "unit_id", ZI_MEMBER(p, zi_key_list_params, unit_id));
    zi_call_query_tristate(call, "active", ZI_MEMBER(p, zi_key_list_params, active));
}

ZI_EXPORT zi_status zi_keys_create(zi_client *client, const json_t *key,
                                   const char *idempotency_key, json_t **key_out,
                                   zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, key_out, etag_out);
    zi_call_path(&call, "/v1/api-keys");
    zi_call_body(&call, key, "key");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_keys_list(zi_client *client, const zi_key_list_params *params,
                                 json_t **page_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    keys_list_query(&call, params);
    if (params && params->struct_size)
        zi_call_query_str(&call, "cursor", ZI_MEMBER(params, zi_key_list_params, cursor));
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_keys_get(zi_client *client, const char *id, json_t **key_out,
                                zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/api-keys/{id}", id, key_out, etag_out);
}

ZI_EXPORT zi_status zi_keys_revoke(zi_client *client, const char *id, json_t **key_out,
                                   zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_DELETE, "/v1/api-keys/{id}", id, key_out, etag_out);
}

ZI_EXPORT zi_status zi_keys_pager_new(zi_client *client, const zi_key_list_params *params,
                                      zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    keys_list_query(&call, params);
    return zi_pager_from_call(client, &call,
                              params && params->struct_size
                                  ? ZI_MEMBER(params, zi_key_list_params, cursor)
                                  : NULL,
                              out);
}
