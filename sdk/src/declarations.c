/*
 * declarations.c — the declarations operations of openapi/openapi.yaml (tag Declarations:
 * pencanangan ZI, city-wide or of one unit), one function each; see internal.h. Thread
 * rules: those of the client.
 */
#include "internal.h"

/* The query of listDeclarations except the cursor, shared by the list and its pager. */
static void declarations_list_query(zi_call *call, const zi_declaration_list_params *p)
{
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
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, page_out, NULL);
    declarations_list_query(&call, params);
    if (params && params->struct_size)
        zi_call_query_str(&call, "cursor",
                          ZI_MEMBER(params, zi_declaration_list_params, cursor));
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_declarations_create(zi_client *client, const json_t *declaration,
                                           const char *idempotency_key,
                                           json_t **declaration_out, zi_etag *etag_out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_POST, declaration_out, etag_out);
    zi_call_path(&call, "/v1/declarations");
    zi_call_body(&call, declaration, "declaration");
    zi_call_idempotency_key(&call, idempotency_key);
    return zi_call_run(client, &call);
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
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_PATCH, declaration_out, etag_out);
    zi_call_path(&call, "/v1/declarations/{id}", id);
    zi_call_if_match(&call, if_match);
    zi_call_body(&call, patch, "patch");
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_declarations_pager_new(zi_client *client,
                                              const zi_declaration_list_params *params,
                                              zi_pager **out)
{
    zi_call call;
    json_t *unused = NULL;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, &unused, NULL);
    declarations_list_query(&call, params);
    return zi_pager_from_call(client, &call,
                              params && params->struct_size
                                  ? ZI_MEMBER(params, zi_declaration_list_params, cursor)
                                  : NULL,
                              out);
}
