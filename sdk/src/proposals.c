/*
 * proposals.c — the WBK/WBBM proposal operations of openapi/openapi.yaml (tag Proposals):
 * proposals and their workflow steps, the TPI's score sheet and its versions; one function
 * each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listProposals except the cursor (a zi_list_query; no placeholder). */
static void proposals_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_proposal_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/proposals");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PROPOSAL_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_proposal_list_params, limit));
    zi_call_query_int(call, "year", ZI_MEMBER(p, zi_proposal_list_params, year));
    zi_call_query_str(call, "unit_id", ZI_MEMBER(p, zi_proposal_list_params, unit_id));
    zi_call_query_str(call, "state", ZI_MEMBER(p, zi_proposal_list_params, state));
    zi_call_query_str(call, "target", ZI_MEMBER(p, zi_proposal_list_params, target));
}

/* The query of listProposalTransitions except the cursor (a zi_list_query). */
static void transitions_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, "/v1/proposals/{id}/transitions", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* The query of listScoreSheetVersions except the cursor (a zi_list_query). */
static void score_history_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, "/v1/proposals/{id}/score-sheet/history", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

ZI_EXPORT zi_status zi_proposals_list(zi_client *client, const zi_proposal_list_params *params,
                                      json_t **page_out)
{
    return zi_call_list(client, proposals_list_query, NULL, params,
                        ZI_CURSOR(params, zi_proposal_list_params), page_out);
}

ZI_EXPORT zi_status zi_proposals_create(zi_client *client, const json_t *proposal,
                                        const char *idempotency_key, json_t **proposal_out,
                                        zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/proposals", NULL, proposal, "proposal", idempotency_key,
                          proposal_out, etag_out);
}

ZI_EXPORT zi_status zi_proposals_get(zi_client *client, const char *id, json_t **proposal_out,
                                     zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/proposals/{id}", id, proposal_out, etag_out);
}

ZI_EXPORT zi_status zi_proposals_transition(zi_client *client, const char *id,
                                            const zi_if_match *if_match, const json_t *step,
                                            const char *idempotency_key, json_t **proposal_out,
                                            zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, proposal_out, etag_out);
    zi_call_path(&call, "/v1/proposals/{id}/transitions", id);
    zi_call_if_match(&call, if_match);
    zi_call_body(&call, step, "step");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_proposals_transitions(zi_client *client, const char *id,
                                             const zi_page_params *params, json_t **page_out)
{
    return zi_call_list(client, transitions_query, id, params, ZI_CURSOR(params, zi_page_params),
                        page_out);
}

ZI_EXPORT zi_status zi_proposals_score_put(zi_client *client, const char *id,
                                           const zi_if_match *if_match, const json_t *sheet,
                                           json_t **sheet_out, zi_etag *etag_out)
{
    return zi_call_put(client, "/v1/proposals/{id}/score-sheet", id, if_match, sheet, "sheet",
                       sheet_out, etag_out);
}

ZI_EXPORT zi_status zi_proposals_score_get(zi_client *client, const char *id,
                                           json_t **sheet_out, zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/proposals/{id}/score-sheet", id, sheet_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_proposals_score_history(zi_client *client, const char *id,
                                               const zi_page_params *params, json_t **page_out)
{
    return zi_call_list(client, score_history_query, id, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_proposals_pager_new(zi_client *client,
                                           const zi_proposal_list_params *params,
                                           zi_pager **out)
{
    return zi_call_list_pager(client, proposals_list_query, NULL, params,
                              ZI_CURSOR(params, zi_proposal_list_params), out);
}

ZI_EXPORT zi_status zi_proposals_transitions_pager_new(zi_client *client, const char *id,
                                                       const zi_page_params *params,
                                                       zi_pager **out)
{
    return zi_call_list_pager(client, transitions_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

ZI_EXPORT zi_status zi_proposals_score_history_pager_new(zi_client *client, const char *id,
                                                         const zi_page_params *params,
                                                         zi_pager **out)
{
    return zi_call_list_pager(client, score_history_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}
