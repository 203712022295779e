/*
 * declarations.c — the declarations operations of openapi/openapi.yaml (tag Declarations:
 * pencanangan ZI, city-wide or of one unit), one function each; see internal.h. Thread
 * rules: those of the client.
 */
#include "internal.h"

/* The query of listDeclarations except the cursor, shared by the list and its pager (a
 * zi_list_query; the path has no placeholder). */
static void declarations_list_query(zi_call *call, const char *unused, const void *params)
{
    const zi_declaration_list_params *p = params;

    (void)unused;
    zi_call_path(call, "/v1/declarations");
    if (!zi_call_params_ok(call, p, p ? p->struct_size : 0, "ZI_DECLARATION_LIST_PARAMS_INIT"))
        return;
    zi_call_query_int(call, "limit", ZI_MEMBER(p, zi_declaration_list_params, limit));
    zi_call_query_str(call, "sort", ZI_MEMBER(p, zi_declaration_list_params, sort));
    zi_call_query_int(call, "year", ZI_MEMBER(p, zi_declaration_list_params, year));
    zi_call_query_str(call, "unit_id", ZI_MEMBER(p, zi_declaration_list_params, unit_id));
    zi_call_query_str(call, "scope", ZI_MEMBER(p, zi_declaration_list_params, scope));
}

ZI_EXPORT zi_status zi_declarations_list(zi_client *client,
                                         const zi_declaration_list_params *params,
                                         json_t **page_out)
{
    return zi_call_list(client, declarations_list_query, NULL, params,
                        ZI_CURSOR(params, zi_declaration_list_params), page_out);
}

ZI_EXPORT zi_status zi_declarations_create(zi_client *client, const json_t *declaration,
                                           const char *idempotency_key,
                                           json_t **declaration_out, zi_etag *etag_out)
{
    return zi_call_create(client, "/v1/declarations", NULL, declaration, "declaration",
                          idempotency_key, declaration_out, etag_out);
}

ZI_EXPORT zi_status zi_declarations_get(zi_client *client, const char *id,
                                        json_t **declaration_out, zi_etag *etag_out)
{
    return zi_call_simple(client, ZI_GET, "/v1/declarations/{id}", id, declaration_out,
                          etag_out);
}

ZI_EXPORT zi_status zi_declarations_update(zi_client *client, const char *id,
                                           const zi_if_match *if_match, const json_t *patch,
                                           json_t **declaration_out, zi_etag *etag_out)
{
    return zi_call_update(client, "/v1/declarations/{id}", id, if_match, patch,
                          declaration_out, etag_out);
}

ZI_EXPORT zi_status zi_declarations_pager_new(zi_client *client,
                                              const zi_declaration_list_params *params,
                                              zi_pager **out)
{
    return zi_call_list_pager(client, declarations_list_query, NULL, params,
                              ZI_CURSOR(params, zi_declaration_list_params), out);
}
