/*
 * calendar.c — the working-day operations of openapi/openapi.yaml (tag Calendar): the
 * calendar of each year (its holidays and cuti bersama) and the working-day arithmetic on
 * it; one function each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

#include <stdio.h>

#define YEAR_TEMPLATE "/v1/calendar/{year}"

/* The decimal text of a {year} placeholder (the server checks the range: 400 field year). */
static const char *year_text(char buf[24], int year)
{
    snprintf(buf, 24, "%d", year);
    return buf;
}

/* The query of listCalendarYears except the cursor (a zi_list_query; no placeholder). */
static void years_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_page_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/calendar");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

ZI_EXPORT zi_status zi_calendar_list(zi_client *client, const zi_page_params *params,
                                     json_t **page_out)
{
    return zi_call_list(client, years_list_query, NULL, params,
                        ZI_CURSOR(params, zi_page_params), page_out);
}

ZI_EXPORT zi_status zi_calendar_get(zi_client *client, int year, json_t **year_out,
                                    zi_etag *etag_out)
{
    char buf[24];

    return zi_call_simple(client, ZI_GET, YEAR_TEMPLATE, year_text(buf, year), year_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_calendar_put(zi_client *client, int year, const zi_if_match *if_match,
                                    const json_t *body, json_t **year_out, zi_etag *etag_out)
{
    char buf[24];

    return zi_call_put(client, YEAR_TEMPLATE, year_text(buf, year), if_match, body, "body",
                       year_out, etag_out);
}

ZI_EXPORT zi_status zi_working_days_add(zi_client *client, const char *from, int add,
                                        json_t **answer_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, answer_out, NULL);
    zi_call_path(&call, "/v1/working-days");
    if (!from || !*from)
        zi_call_fail(&call, ZI_E_ARGUMENT, "from is required (a date, YYYY-MM-DD)");
    zi_call_query_str(&call, "from", from);
    zi_call_query_long(&call, "add", add); /* 0 and negative too: the server says why not */
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_calendar_pager_new(zi_client *client, const zi_page_params *params,
                                          zi_pager **out)
{
    return zi_call_list_pager(client, years_list_query, NULL, params,
                              ZI_CURSOR(params, zi_page_params), out);
}
