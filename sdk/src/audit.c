/*
 * audit.c — the audit chain operations of openapi/openapi.yaml (tag Audit), one function
 * each; see internal.h for the shape. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listAudit except the cursor, shared by zi_audit_list and its pager (a
 * zi_list_query; the path has no placeholder). */
static void audit_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_audit_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/audit");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_AUDIT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_audit_list_params, limit));
    zi_call_query_str(call, "resource_type", ZI_MEMBER(p, zi_audit_list_params, resource_type));
    zi_call_query_str(call, "resource_id", ZI_MEMBER(p, zi_audit_list_params, resource_id));
    zi_call_query_str(call, "actor_key_id", ZI_MEMBER(p, zi_audit_list_params, actor_key_id));
    zi_call_query_str(call, "action", ZI_MEMBER(p, zi_audit_list_params, action));
}

ZI_EXPORT zi_status zi_audit_list(zi_client *client, const zi_audit_list_params *params,
                                  json_t **page_out)
{
    return zi_call_list(client, audit_list_query, NULL, params,
                        ZI_CURSOR(params, zi_audit_list_params), page_out);
}

ZI_EXPORT zi_status zi_audit_verify(zi_client *client, json_t **verdict_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/audit/verify", NULL, verdict_out, NULL);
}

ZI_EXPORT zi_status zi_audit_head(zi_client *client, json_t **head_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/audit/head", NULL, head_out, NULL);
}

ZI_EXPORT zi_status zi_audit_pager_new(zi_client *client, const zi_audit_list_params *params,
                                       zi_pager **out)
{
    return zi_call_list_pager(client, audit_list_query, NULL, params,
                              ZI_CURSOR(params, zi_audit_list_params), out);
}
