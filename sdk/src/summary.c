/*
 * summary.c — the summary operations of openapi/openapi.yaml (tag Summary): the programme
 * summary of a year (for API keys and for the public), a unit's gratification figures and
 * the public unit directory; one function each, see internal.h. Thread rules: those of the
 * client.
 */
#include "internal.h"

/* getSummary or getPublicSummary (path): GET with year (0: not sent, the current year). */
static zi_status summary(zi_client *client, const char *path, int year, json_t **summary_out,
                         zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, summary_out, etag_out);
    zi_call_path(&call, path);
    zi_call_query_int(&call, "year", year);
    return zi_call_run(client, &call);
}

/* The query of listPublicUnits except the cursor (a zi_list_query; no placeholder). */
static void public_units_query(zi_call *call, const char *unused, const void *params)
{
    const zi_page_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/public/units");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

ZI_EXPORT zi_status zi_summary(zi_client *client, int year, json_t **summary_out,
                               zi_etag *etag_out)
{
    return summary(client, "/v1/summary", year, summary_out, etag_out);
}

ZI_EXPORT zi_status zi_public_summary(zi_client *client, int year, json_t **summary_out,
                                      zi_etag *etag_out)
{
    return summary(client, "/v1/public/summary", year, summary_out, etag_out);
}

ZI_EXPORT zi_status zi_units_gratification_summary(zi_client *client, const char *id, int year,
                                                   json_t **summary_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, summary_out, NULL);
    zi_call_path(&call, "/v1/units/{id}/gratification-summary", id);
    zi_call_query_int(&call, "year", year);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_public_units(zi_client *client, const zi_page_params *params,
                                    json_t **page_out)
{
    return zi_call_list(client, public_units_query, NULL, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_public_units_pager_new(zi_client *client, const zi_page_params *params,
                                              zi_pager **out)
{
    return zi_call_list_pager(client, public_units_query, NULL, params,
                              ZI_CURSOR(params, zi_page_params), out);
}
