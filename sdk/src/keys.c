/*
 * keys.c — the API keys operations of openapi/openapi.yaml (tag API keys), one function
 * each; see internal.h for the shape. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listApiKeys except the cursor, shared by zi_keys_list and its pager (a
 * zi_list_query; the path has no placeholder). */
static void keys_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_key_list_params *p = params;

    (void)unused;
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
    return zi_call_create(client, "/v1/api-keys", NULL, key, "key", idempotency_key, key_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_keys_list(zi_client *client, const zi_key_list_params *params,
                                 json_t **page_out)
{
    return zi_call_list(client, keys_list_query, NULL, params,
                        ZI_CURSOR(params, zi_key_list_params), page_out);
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
    return zi_call_list_pager(client, keys_list_query, NULL, params,
                              ZI_CURSOR(params, zi_key_list_params), out);
}
