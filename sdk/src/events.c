/*
 * events.c — the change feed of openapi/openapi.yaml (tag Events): one page, and a
 * follower built on the generic pager in feed mode. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listEvents except the position (after), shared by both functions. */
static void events_query(zi_call *call, const zi_event_list_params *p)
{
    zi_call_path(call, "/v1/events");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_EVENT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_event_list_params, limit));
    zi_call_query_int(call, "wait", ZI_MEMBER(p, zi_event_list_params, wait_s));
}

ZI_EXPORT zi_status zi_events_list(zi_client *client, const zi_event_list_params *params,
                                   json_t **page_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    events_query(&call, params);
    if (params && params->struct_size)
        zi_call_query_int(&call, "after", ZI_MEMBER(params, zi_event_list_params, after));
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_events_pager_new(zi_client *client, const zi_event_list_params *params,
                                        zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    events_query(&call, params);
    return zi_pager_feed_from_call(
        client, &call, params && params->struct_size ? ZI_MEMBER(params, zi_event_list_params, after) : 0,
        out);
}
