/*
 * pacts.c — the integrity pact operations of openapi/openapi.yaml (tag Pact signatures):
 * single signing, the bulk upload as CSV or JSON, the lists, and coverage; one function
 * each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

#define CSV_MEDIA_TYPE "text/csv; charset=utf-8"

/* The query of listPactSignatures except the cursor, shared by the list and its pager (a
 * zi_list_query). */
static void pacts_list_query(zi_call *call, const char *unit_id, const void *params)
{
    const zi_pact_list_params *p = params;

    zi_call_path(call, "/v1/units/{unit_id}/pact-signatures", unit_id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PACT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_pact_list_params, limit));
    zi_call_query_int(call, "year", ZI_MEMBER(p, zi_pact_list_params, year));
    zi_call_query_tristate(call, "civil_servant", ZI_MEMBER(p, zi_pact_list_params, civil_servant));
}

/* getPactCoverage (tmpl naming the unit) or getCityPactCoverage (unit_id unused). */
static zi_status coverage(zi_client *client, const char *tmpl, const char *unit_id, int year,
                          json_t **coverage_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, coverage_out, NULL);
    zi_call_path(&call, tmpl, unit_id);
    zi_call_query_int(&call, "year", year);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_sign(zi_client *client, const char *unit_id,
                                  const json_t *signature, const char *idempotency_key,
                                  json_t **signature_out, zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/units/{unit_id}/pact-signatures", unit_id, signature,
                          "signature", idempotency_key, signature_out, etag_out);
}

ZI_EXPORT zi_status zi_pacts_import_csv(zi_client *client, const char *unit_id,
                                        const char *csv, size_t csv_len,
                                        const char *idempotency_key, json_t **result_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, result_out, NULL);
    zi_call_path(&call, "/v1/units/{unit_id}/pact-signatures/bulk", unit_id);
    zi_call_raw_body(&call, csv, csv_len, CSV_MEDIA_TYPE, "csv");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_import_json(zi_client *client, const char *unit_id,
                                         const json_t *rows, const char *idempotency_key,
                                         json_t **result_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, result_out, NULL);
    zi_call_path(&call, "/v1/units/{unit_id}/pact-signatures/bulk", unit_id);
    if (rows && !json_is_array(rows))
        zi_call_fail(&call, ZI_E_ARGUMENT, "rows must be a JSON array of signatures");
    else
        zi_call_body_member(&call, "signatures", rows, "rows");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_list(zi_client *client, const char *unit_id,
                                  const zi_pact_list_params *params, json_t **page_out)
{
    return zi_call_list(client, pacts_list_query, unit_id, params,
                        ZI_CURSOR(params, zi_pact_list_params), page_out);
}

ZI_EXPORT zi_status zi_pacts_get(zi_client *client, const char *unit_id,
                                 const char *signature_id, json_t **signature_out,
                                 zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, signature_out, etag_out);
    zi_call_path(&call, "/v1/units/{unit_id}/pact-signatures/{signature_id}", unit_id,
                 signature_id);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_coverage(zi_client *client, const char *unit_id, int year,
                                      json_t **coverage_out)
{
    return coverage(client, "/v1/units/{unit_id}/pact-coverage", unit_id, year, coverage_out);
}

ZI_EXPORT zi_status zi_pacts_city_coverage(zi_client *client, int year, json_t **coverage_out)
{
    return coverage(client, "/v1/pact-coverage", NULL, year, coverage_out);
}

ZI_EXPORT zi_status zi_pacts_pager_new(zi_client *client, const char *unit_id,
                                       const zi_pact_list_params *params, zi_pager **out)
{
    return zi_call_list_pager(client, pacts_list_query, unit_id, params,
                              ZI_CURSOR(params, zi_pact_list_params), out);
}
