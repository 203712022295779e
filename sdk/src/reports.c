/*
 * reports.c — the gratification operations of openapi/openapi.yaml (tag Gratification): the
 * KPK rule sets, the advice on a gift, and the reports with their workflow, their steps,
 * who saw them, their CSV pages and streamed export, their evidence files and the KPK
 * packet; one function each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

#define REPORTS_PATH "/v1/gratification-reports"
#define CSV_MEDIA_TYPE "text/csv"

/* The query of listGratificationRuleSets except the cursor (a zi_list_query). */
static void rule_sets_query(zi_call *call, const char *unused, const void *params)
{
    const zi_page_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/gratification-rule-sets");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* The filters of zi_report_list_params (p initialised, or the call latched the error). */
static void report_filters(zi_call *call, const zi_report_list_params *p)
{
    zi_opt_int unset = {0, 0};

    zi_call_query_str(call, "state", ZI_MEMBER(p, zi_report_list_params, state));
    zi_call_query_str(call, "type", ZI_MEMBER(p, zi_report_list_params, type));
    zi_call_query_str(call, "kind", ZI_MEMBER(p, zi_report_list_params, kind));
    zi_call_query_str(call, "unit_id", ZI_MEMBER(p, zi_report_list_params, unit_id));
    zi_call_query_tristate(call, "overdue", ZI_MEMBER(p, zi_report_list_params, overdue));
    zi_call_query_opt_int(call, "due_within",
                          ZI_MEMBER_OR(p, zi_report_list_params, due_within, unset));
    zi_call_query_opt_int(call, "value_min",
                          ZI_MEMBER_OR(p, zi_report_list_params, value_min, unset));
    zi_call_query_opt_int(call, "value_max",
                          ZI_MEMBER_OR(p, zi_report_list_params, value_max, unset));
    zi_call_query_str(call, "received_from", ZI_MEMBER(p, zi_report_list_params, received_from));
    zi_call_query_str(call, "received_to", ZI_MEMBER(p, zi_report_list_params, received_to));
}

/* The query of listGratificationReports except the cursor (a zi_list_query; no
 * placeholder): every filter of zi_report_list_params, the page size and the sort. */
static void reports_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_report_list_params *p = params;

    (void)unused;
    zi_call_path(call, REPORTS_PATH);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_REPORT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_report_list_params, limit));
    report_filters(call, p);
    zi_call_query_str(call, "sort", ZI_MEMBER(p, zi_report_list_params, sort));
}

/* The request of exportGratificationReports: the filters only (the export has no pages and
 * one order, so a page size, cursor or sort is an argument error, not silently dropped). */
static void reports_export_query(zi_call *call, const zi_report_list_params *p)
{
    zi_call_path(call, REPORTS_PATH "/export");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_REPORT_LIST_PARAMS_INIT"))
        return;
    if (ZI_MEMBER(p, zi_report_list_params, limit) != 0 ||
        ZI_MEMBER(p, zi_report_list_params, cursor) != NULL ||
        ZI_MEMBER(p, zi_report_list_params, sort) != NULL)
        zi_call_fail(call, ZI_E_ARGUMENT,
                     "the export takes filters only: leave params->limit, cursor and sort unset");
    report_filters(call, p);
}

/* The query of listGratificationEvidence except the cursor (a zi_list_query). */
static void evidence_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, REPORTS_PATH "/{id}/evidence", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* The query of listGratificationReportTransitions except the cursor (a zi_list_query). */
static void report_transitions_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, REPORTS_PATH "/{id}/transitions", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* The query of listGratificationReportAccesses except the cursor (a zi_list_query). */
static void report_accesses_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, REPORTS_PATH "/{id}/accesses", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* ---- rule sets ---- */

ZI_EXPORT zi_status zi_rule_sets_list(zi_client *client, const zi_page_params *params,
                                      json_t **page_out)
{
    return zi_call_list(client, rule_sets_query, NULL, params, ZI_CURSOR(params, zi_page_params),
                        page_out);
}

ZI_EXPORT zi_status zi_rule_sets_get(zi_client *client, const char *id, json_t **rule_set_out,
                                     zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/gratification-rule-sets/{id}", id, rule_set_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_rule_sets_pager_new(zi_client *client, const zi_page_params *params,
                                           zi_pager **out)
{
    return zi_call_list_pager(client, rule_sets_query, NULL, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

/* ---- advice ---- */

ZI_EXPORT zi_status zi_reports_assess(zi_client *client, const json_t *facts,
                                      json_t **advice_out)
{
    return zi_call_create(client, REPORTS_PATH "/assess", NULL, facts, "facts", NULL, advice_out,
                          NULL);
}

/* ---- reports ---- */

ZI_EXPORT zi_status zi_reports_create(zi_client *client, const json_t *report,
                                      const char *idempotency_key, json_t **report_out,
                                      zi_etag *etag_out)
{
    return zi_call_create(client, REPORTS_PATH, NULL, report, "report", idempotency_key,
                          report_out, etag_out);
}

ZI_EXPORT zi_status zi_reports_list(zi_client *client, const zi_report_list_params *params,
                                    json_t **page_out)
{
    return zi_call_list(client, reports_list_query, NULL, params,
                        ZI_CURSOR(params, zi_report_list_params), page_out);
}

ZI_EXPORT zi_status zi_reports_list_csv(zi_client *client, const zi_report_list_params *params,
                                        json_t **csv_out, json_t **next_cursor_out)
{
    zi_call call;

    if (next_cursor_out)
        *next_cursor_out = NULL;
    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, csv_out, NULL);
    call.result_kind = ZI_RESULT_TEXT;
    call.accept = CSV_MEDIA_TYPE;
    call.want_type = CSV_MEDIA_TYPE;
    zi_call_next_cursor(&call, next_cursor_out);
    reports_list_query(&call, NULL, params);
    zi_call_query_str(&call, "cursor", ZI_CURSOR(params, zi_report_list_params));
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_export_csv(zi_client *client,
                                          const zi_report_list_params *params, json_t **csv_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, csv_out, NULL);
    call.result_kind = ZI_RESULT_TEXT;
    call.accept = CSV_MEDIA_TYPE;
    call.want_type = CSV_MEDIA_TYPE;
    reports_export_query(&call, params);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_export_csv_stream(zi_client *client,
                                                 const zi_report_list_params *params,
                                                 zi_data_fn on_data, void *userdata)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    call.result_kind = ZI_RESULT_STREAM;
    call.accept = CSV_MEDIA_TYPE;
    call.want_type = CSV_MEDIA_TYPE;
    if (!on_data)
        zi_call_fail(&call, ZI_E_ARGUMENT, "on_data is required (a callback)");
    call.sink = on_data;
    call.sink_data = userdata;
    reports_export_query(&call, params);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_get(zi_client *client, const char *id, json_t **report_out,
                                   zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, REPORTS_PATH "/{id}", id, report_out, etag_out);
}

ZI_EXPORT zi_status zi_reports_update(zi_client *client, const char *id,
                                      const zi_if_match *if_match, const json_t *patch,
                                      json_t **report_out, zi_etag *etag_out)
{
    return zi_call_update(client, REPORTS_PATH "/{id}", id, if_match, patch, report_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_reports_transition(zi_client *client, const char *id,
                                          const zi_if_match *if_match, const json_t *step,
                                          const char *idempotency_key, json_t **report_out,
                                          zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, report_out, etag_out);
    zi_call_path(&call, REPORTS_PATH "/{id}/transitions", id);
    zi_call_if_match(&call, if_match);
    zi_call_body(&call, step, "step");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_transitions(zi_client *client, const char *id,
                                           const zi_page_params *params, json_t **page_out)
{
    return zi_call_list(client, report_transitions_query, id, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_reports_accesses(zi_client *client, const char *id,
                                        const zi_page_params *params, json_t **page_out)
{
    return zi_call_list(client, report_accesses_query, id, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_reports_pager_new(zi_client *client, const zi_report_list_params *params,
                                         zi_pager **out)
{
    return zi_call_list_pager(client, reports_list_query, NULL, params,
                              ZI_CURSOR(params, zi_report_list_params), out);
}

ZI_EXPORT zi_status zi_reports_transitions_pager_new(zi_client *client, const char *id,
                                                     const zi_page_params *params,
                                                     zi_pager **out)
{
    return zi_call_list_pager(client, report_transitions_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

ZI_EXPORT zi_status zi_reports_accesses_pager_new(zi_client *client, const char *id,
                                                  const zi_page_params *params, zi_pager **out)
{
    return zi_call_list_pager(client, report_accesses_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

/* ---- evidence files and the packet ---- */

ZI_EXPORT zi_status zi_reports_evidence_add(zi_client *client, const char *id, const void *data,
                                            size_t len, const char *media_type,
                                            const char *filename, const char *idempotency_key,
                                            json_t **evidence_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, evidence_out, NULL);
    zi_call_path(&call, REPORTS_PATH "/{id}/evidence", id);
    zi_call_query_str(&call, "filename", filename);
    if (!media_type || !*media_type || zi_has_ctl(media_type))
        zi_call_fail(&call, ZI_E_ARGUMENT,
                     "media_type is required (e.g. \"image/png\"; no control characters)");
    zi_call_raw_body(&call, data, len, media_type, "data");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_evidence_list(zi_client *client, const char *id,
                                             const zi_page_params *params, json_t **page_out)
{
    return zi_call_list(client, evidence_query, id, params, ZI_CURSOR(params, zi_page_params),
                        page_out);
}

ZI_EXPORT zi_status zi_reports_evidence_pager_new(zi_client *client, const char *id,
                                                  const zi_page_params *params, zi_pager **out)
{
    return zi_call_list_pager(client, evidence_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

ZI_EXPORT zi_status zi_reports_evidence_get(zi_client *client, const char *id,
                                            const char *evidence_id, zi_file **file_out)
{
    zi_call call;
    json_t *unused = NULL;

    if (file_out)
        *file_out = NULL;
    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    call.result_kind = ZI_RESULT_FILE;
    call.accept = "*/*";
    call.file_out = file_out;
    if (!file_out)
        zi_call_fail(&call, ZI_E_ARGUMENT, "the result pointer is NULL");
    zi_call_path(&call, REPORTS_PATH "/{id}/evidence/{evidence_id}", id, evidence_id);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_reports_packet(zi_client *client, const char *id, json_t **packet_out)
{
    return zi_call_simple(client, ZI_GET, REPORTS_PATH "/{id}/packet", id, packet_out, NULL);
}

ZI_EXPORT zi_status zi_reports_packet_csv(zi_client *client, const char *id, json_t **csv_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, csv_out, NULL);
    call.result_kind = ZI_RESULT_TEXT;
    call.accept = CSV_MEDIA_TYPE;
    call.want_type = CSV_MEDIA_TYPE;
    zi_call_path(&call, REPORTS_PATH "/{id}/packet", id);
    return zi_call_run(client, &call);
}
