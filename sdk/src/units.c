/*
 * units.c — the units operations of openapi/openapi.yaml (tag Units, revocation of a unit's
 * predicate included), one function each.
 * Each describes its request in a zi_call and lets zi_call_run() do the rest; see
 * internal.h. Thread rules: those of the client.
 */
#include "internal.h"

/* The query of listUnits except the cursor, shared by zi_units_list and its pager (a
 * zi_list_query; the path has no placeholder). */
static void units_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_unit_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/units");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_UNIT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_unit_list_params, limit));
    zi_call_query_str(call, "sort", ZI_MEMBER(p, zi_unit_list_params, sort));
    zi_call_query_str(call, "kind", ZI_MEMBER(p, zi_unit_list_params, kind));
    zi_call_query_str(call, "predicate", ZI_MEMBER(p, zi_unit_list_params, predicate));
    zi_call_query_str(call, "parent_id", ZI_MEMBER(p, zi_unit_list_params, parent_id));
    zi_call_query_str(call, "q", ZI_MEMBER(p, zi_unit_list_params, q));
    zi_call_query_tristate(call, "active", ZI_MEMBER(p, zi_unit_list_params, active));
}

/* The query of listUnitPredicateHistory except the cursor (a zi_list_query). */
static void history_query(zi_call *call, const char *id, const void *params)
{
    const zi_page_params *p = params;

    zi_call_path(call, "/v1/units/{id}/predicate-history", id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PAGE_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_page_params, limit));
}

ZI_EXPORT zi_status zi_units_list(zi_client *client, const zi_unit_list_params *params,
                                  json_t **page_out)
{
    return zi_call_list(client, units_list_query, NULL, params,
                        ZI_CURSOR(params, zi_unit_list_params), page_out);
}

ZI_EXPORT zi_status zi_units_create(zi_client *client, const json_t *unit,
                                    const char *idempotency_key, json_t **unit_out,
                                    zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/units", NULL, unit, "unit", idempotency_key, unit_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_units_get(zi_client *client, const char *id, json_t **unit_out,
                                 zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/units/{id}", id, unit_out, etag_out);
}

ZI_EXPORT zi_status zi_units_get_by_code(zi_client *client, const char *code,
                                         json_t **unit_out, zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/units/by-code/{code}", code, unit_out, etag_out);
}

ZI_EXPORT zi_status zi_units_update(zi_client *client, const char *id,
                                    const zi_if_match *if_match, const json_t *patch,
                                    json_t **unit_out, zi_etag *etag_out)
{
    return zi_call_update(client, "/v1/units/{id}", id, if_match, patch, unit_out, etag_out);
}

ZI_EXPORT zi_status zi_units_archive(zi_client *client, const char *id,
                                     const zi_if_match *if_match, const char *idempotency_key,
                                     json_t **unit_out, zi_etag *etag_out)
{
    return zi_call_action(client, "/v1/units/{id}/archive", id, if_match, idempotency_key,
                          unit_out, etag_out);
}

ZI_EXPORT zi_status zi_units_revoke(zi_client *client, const char *id, const json_t *revocation,
                                    const char *idempotency_key, json_t **record_out)
{
    return zi_call_create(client, "/v1/units/{id}/revocations", id, revocation, "revocation",
                          idempotency_key, record_out, NULL);
}

ZI_EXPORT zi_status zi_units_predicate_history(zi_client *client, const char *id,
                                               const zi_page_params *params,
                                               json_t **page_out)
{
    return zi_call_list(client, history_query, id, params, ZI_CURSOR(params, zi_page_params),
                        page_out);
}

ZI_EXPORT zi_status zi_units_pager_new(zi_client *client, const zi_unit_list_params *params,
                                       zi_pager **out)
{
    return zi_call_list_pager(client, units_list_query, NULL, params,
                              ZI_CURSOR(params, zi_unit_list_params), out);
}

ZI_EXPORT zi_status zi_units_predicate_history_pager_new(zi_client *client, const char *id,
                                                         const zi_page_params *params,
                                                         zi_pager **out)
{
    return zi_call_list_pager(client, history_query, id, params,
                              ZI_CURSOR(params, zi_page_params), out);
}
