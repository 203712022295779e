/*
 * programme.c — the programme operations of openapi/openapi.yaml (tag Programme): the city's
 * conditions and submission window of each year, and the LKE threshold rows; one function
 * each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

#include <stdio.h>

#define YEAR_TEMPLATE "/v1/programme-years/{year}"

/* The decimal text of a {year} placeholder (the server checks the range: 400 field year). */
static const char *year_text(char buf[24], int year)
{
    snprintf(buf, 24, "%d", year);
    return buf;
}

/* The query of listProgrammeYears except the cursor (a zi_list_query; no placeholder). */
static void years_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_page_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/programme-years");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

/* The query of listLkeThresholds except the cursor (a zi_list_query; no placeholder). */
static void thresholds_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_threshold_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/lke-thresholds");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_THRESHOLD_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_threshold_list_params, limit));
    zi_call_query_str(call, "predicate", ZI_MEMBER(p, zi_threshold_list_params, predicate));
}

ZI_EXPORT zi_status zi_programme_years_list(zi_client *client, const zi_page_params *params,
                                            json_t **page_out)
{
    return zi_call_list(client, years_list_query, NULL, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_programme_years_get(zi_client *client, int year, json_t **year_out,
                                           zi_etag *etag_out)
{
    char buf[24];

    return zi_call_simple(client, ZI_GET, YEAR_TEMPLATE, year_text(buf, year), year_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_programme_years_put(zi_client *client, int year,
                                           const zi_if_match *if_match, const json_t *body,
                                           json_t **year_out, zi_etag *etag_out)
{
    char buf[24];

    return zi_call_put(client, YEAR_TEMPLATE, year_text(buf, year), if_match, body, "body",
                       year_out, etag_out);
}

ZI_EXPORT zi_status zi_programme_years_pager_new(zi_client *client, const zi_page_params *params,
                                                 zi_pager **out)
{
    return zi_call_list_pager(client, years_list_query, NULL, params,
                              ZI_CURSOR(params, zi_page_params), out);
}

ZI_EXPORT zi_status zi_thresholds_list(zi_client *client,
                                       const zi_threshold_list_params *params,
                                       json_t **page_out)
{
    return zi_call_list(client, thresholds_list_query, NULL, params,
                        ZI_CURSOR(params, zi_threshold_list_params), page_out);
}

ZI_EXPORT zi_status zi_thresholds_create(zi_client *client, const json_t *threshold,
                                         const char *idempotency_key, json_t **threshold_out,
                                         zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/lke-thresholds", NULL, threshold, "threshold",
                          idempotency_key, threshold_out, etag_out);
}

ZI_EXPORT zi_status zi_thresholds_get(zi_client *client, const char *id, json_t **threshold_out,
                                      zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/lke-thresholds/{id}", id, threshold_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_thresholds_update(zi_client *client, const char *id,
                                         const zi_if_match *if_match, const json_t *patch,
                                         json_t **threshold_out, zi_etag *etag_out)
{
    return zi_call_update(client, "/v1/lke-thresholds/{id}", id, if_match, patch, threshold_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_thresholds_pager_new(zi_client *client,
                                            const zi_threshold_list_params *params,
                                            zi_pager **out)
{
    return zi_call_list_pager(client, thresholds_list_query, NULL, params,
                              ZI_CURSOR(params, zi_threshold_list_params), out);
}
