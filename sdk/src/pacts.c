/*
 * pacts.c — the integrity pact operations of openapi/openapi.yaml (tag Pact signatures):
 * single signing, the bulk upload as CSV or JSON, the lists, and coverage; one function
 * each, see internal.h. Thread rules: those of the client.
 */
#include "internal.h"

#define CSV_MEDIA_TYPE "text/csv; charset=utf-8"

/* The query of listPactSignatures except the cursor, shared by the list and its pager. */
static void pacts_list_query(zi_call *call, const char *unit_id, const zi_pact_list_params *p)
{
    zi_call_path(call, "/v1/units/{unit_id}/pact-signatures", unit_id);
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_PACT_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_pact_list_params, limit));
    zi_call_query_int(call, "year", ZI_MEMBER(p, zi_pact_list_params, year));
    zi_call_query_tristate(call, "civil_servant", ZI_MEMBER(p, zi_pact_list_params, civil_servant));
}

ZI_EXPORT zi_status zi_pacts_sign(zi_client *client, const char *unit_id,
                                  const json_t *signature, const char *idempotency_key,
                                  json_t **signature_out, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, signature_out, etag_out);
    zi_call_path(&call, "/v1/units/{unit_id}/pact-signatures", unit_id);
    zi_call_body(&call, signature, "signature");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
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
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    pacts_list_query(&call, unit_id, params);
    if (params && params->struct_size)
        zi_call_query_str(&call, "cursor", ZI_MEMBER(params, zi_pact_list_params, cursor));
    return zi_call_run(client, &call);
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
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, coverage_out, NULL);
    zi_call_path(&call, "/v1/units/{unit_id}/pact-coverage", unit_id);
    zi_call_query_int(&call, "year", year);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_city_coverage(zi_client *client, int year, json_t **coverage_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, coverage_out, NULL);
    zi_call_path(&call, "/v1/pact-coverage");
    zi_call_query_int(&call, "year", year);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_pacts_pager_new(zi_client *client, const char *unit_id,
                                       const zi_pact_list_params *params, zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    pacts_list_query(&call, unit_id, params);
    return zi_pager_from_call(client, &call,
                              params && params->struct_size
                                  ? ZI_MEMBER(params, zi_pact_list_params, cursor)
                                  : NULL,
                              out);
}
