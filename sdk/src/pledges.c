/*
 * pledges.c — the service pledge operations of openapi/openapi.yaml (tag Service pledges):
 * the city-wide pledges (the 7S), each unit's own, and deactivation; one function each, see
 * internal.h. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listCityPledges / listUnitPledges after the path, except the cursor. */
static void pledges_list_params(zi_call *call, const zi_pledge_list_params *p)
{
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PLEDGE_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_pledge_list_params, limit));
    zi_call_query_tristate(call, "active", ZI_MEMBER(p, zi_pledge_list_params, active));
}

/* listCityPledges except the cursor, shared by the list and its pager (a zi_list_query; the
 * path has no placeholder). */
static void city_pledges_query(zi_call *call, const char *unused, const void *params)
{
    (void)unused;
    zi_call_path(call, "/v1/service-pledges");
    pledges_list_params(call, params);
}

/* listUnitPledges except the cursor, shared by the list and its pager (a zi_list_query). */
static void unit_pledges_query(zi_call *call, const char *unit_id, const void *params)
{
    zi_call_path(call, "/v1/units/{unit_id}/service-pledges", unit_id);
    pledges_list_params(call, params);
}

ZI_EXPORT zi_status zi_pledges_list_city(zi_client *client, const zi_pledge_list_params *params,
                                         json_t **page_out)
{
    return zi_call_list(client, city_pledges_query, NULL, params,
                        ZI_CURSOR(params, zi_pledge_list_params), page_out);
}

ZI_EXPORT zi_status zi_pledges_list_unit(zi_client *client, const char *unit_id,
                                         const zi_pledge_list_params *params, json_t **page_out)
{
    return zi_call_list(client, unit_pledges_query, unit_id, params,
                        ZI_CURSOR(params, zi_pledge_list_params), page_out);
}

ZI_EXPORT zi_status zi_pledges_city_pager_new(zi_client *client,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out)
{
    return zi_call_list_pager(client, city_pledges_query, NULL, params,
                              ZI_CURSOR(params, zi_pledge_list_params), out);
}

ZI_EXPORT zi_status zi_pledges_unit_pager_new(zi_client *client, const char *unit_id,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out)
{
    return zi_call_list_pager(client, unit_pledges_query, unit_id, params,
                              ZI_CURSOR(params, zi_pledge_list_params), out);
}

ZI_EXPORT zi_status zi_pledges_create_city(zi_client *client, const json_t *pledge,
                                           const char *idempotency_key, json_t **pledge_out,
                                           zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/service-pledges", NULL, pledge, "pledge",
                          idempotency_key, pledge_out, etag_out);
}

ZI_EXPORT zi_status zi_pledges_create_unit(zi_client *client, const char *unit_id,
                                           const json_t *pledge, const char *idempotency_key,
                                           json_t **pledge_out, zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/units/{unit_id}/service-pledges", unit_id, pledge,
                          "pledge", idempotency_key, pledge_out, etag_out);
}

ZI_EXPORT zi_status zi_pledges_get(zi_client *client, const char *id, json_t **pledge_out,
                                   zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/service-pledges/{id}", id, pledge_out, etag_out);
}

ZI_EXPORT zi_status zi_pledges_deactivate(zi_client *client, const char *id,
                                          const zi_if_match *if_match,
                                          const char *idempotency_key, json_t **pledge_out,
                                          zi_etag *etag_out)
{
    return zi_call_action(client, "/v1/service-pledges/{id}/deactivate", id, if_match,
                          idempotency_key, pledge_out, etag_out);
}
