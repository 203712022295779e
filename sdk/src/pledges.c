/*
 * pledges.c — the service pledge operations of openapi/openapi.yaml (tag Service pledges):
 * the city-wide pledges (the 7S), each unit's own, and deactivation; one function each, see
 * internal.h. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listCityPledges / listUnitPledges except the cursor; unit_id NULL: the
 * city-wide list. */
static void pledges_list_query(zi_call *call, const char *unit_id, int of_unit,
                               const zi_pledge_list_params *p)
{
    if (of_unit)
        zi_call_path(call, "/v1/units/{unit_id}/service-pledges", unit_id);
    else
        zi_call_path(call, "/v1/service-pledges");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PLEDGE_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_pledge_list_params, limit));
    zi_call_query_tristate(call, "active", ZI_MEMBER(p, zi_pledge_list_params, active));
}

static zi_status pledges_list(zi_client *client, const char *unit_id, int of_unit,
                              const zi_pledge_list_params *params, json_t **page_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    pledges_list_query(&call, unit_id, of_unit, params);
    if (params && params->struct_size)
        zi_call_query_str(&call, "cursor", ZI_MEMBER(params, zi_pledge_list_params, cursor));
    return zi_call_run(client, &call);
}

static zi_status pledges_pager(zi_client *client, const char *unit_id, int of_unit,
                               const zi_pledge_list_params *params, zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    pledges_list_query(&call, unit_id, of_unit, params);
    return zi_pager_from_call(client, &call,
                              params && params->struct_size
                                  ? ZI_MEMBER(params, zi_pledge_list_params, cursor)
                                  : NULL,
                              out);
}

ZI_EXPORT zi_status zi_pledges_list_city(zi_client *client, const zi_pledge_list_params *params,
                                         json_t **page_out)
{
    return pledges_list(client, NULL, 0, params, page_out);
}

ZI_EXPORT zi_status zi_pledges_list_unit(zi_client *client, const char *unit_id,
                                         const zi_pledge_list_params *params, json_t **page_out)
{
    return pledges_list(client, unit_id, 1, params, page_out);
}

ZI_EXPORT zi_status zi_pledges_city_pager_new(zi_client *client,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out)
{
    return pledges_pager(client, NULL, 0, params, out);
}

ZI_EXPORT zi_status zi_pledges_unit_pager_new(zi_client *client, const char *unit_id,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out)
{
    return pledges_pager(client, unit_id, 1, params, out);
}

ZI_EXPORT zi_status zi_pledges_create_city(zi_client *client, const json_t *pledge,
                                           const char *idempotency_key, json_t **pledge_out,
                                           zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, pledge_out, etag_out);
    zi_call_path(&call, "/v1/service-pledges");
    zi_call_body(&call, pledge, "pledge");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pledges_create_unit(zi_client *client, const char *unit_id,
                                           const json_t *pledge, const char *idempotency_key,
                                           json_t **pledge_out, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, pledge_out, etag_out);
    zi_call_path(&call, "/v1/units/{unit_id}/service-pledges", unit_id);
    zi_call_body(&call, pledge, "pledge");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
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
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, pledge_out, etag_out);
    zi_call_path(&call, "/v1/service-pledges/{id}/deactivate", id);
    zi_call_if_match(&call, if_match);
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}
