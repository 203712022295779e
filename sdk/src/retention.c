/*
 * retention.c — the retention operations of openapi/openapi.yaml (tag Gratification): how
 * long personal data of closed gratification reports is kept, and the run that erases what
 * is due; one function each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listRetentionPolicies except the cursor (a zi_list_query; no placeholder). */
static void policies_query(zi_call *call, const char *unused, const void *params)
{
    const zi_page_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/retention-policies");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

ZI_EXPORT zi_status zi_retention_policies_list(zi_client *client, const zi_page_params *params,
                                               json_t **page_out)
{
    return zi_call_list(client, policies_query, NULL, params, ZI_CURSOR(params, zi_page_params),
                        page_out);
}

ZI_EXPORT zi_status zi_retention_policies_pager_new(zi_client *client,
                                                    const zi_page_params *params,
                                                    zi_pager **out)
{
    return zi_call_list_pager(client, policies_query, NULL, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

ZI_EXPORT zi_status zi_retention_policy_update(zi_client *client, const char *kind,
                                               const zi_if_match *if_match, const json_t *patch,
                                               json_t **policy_out, zi_etag *etag_out)
{
    return zi_call_update(client, "/v1/retention-policies/{kind}", kind, if_match, patch,
                          policy_out, etag_out);
}

ZI_EXPORT zi_status zi_retention_run(zi_client *client, const char *idempotency_key,
                                     json_t **result_out)
{
    return zi_call_action(client, "/v1/retention/run", NULL, NULL, idempotency_key, result_out,
                          NULL);
}
