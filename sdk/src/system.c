/*
 * system.c — the service operations of openapi/openapi.yaml (tag Service): liveness,
 * readiness, metrics, the contract itself and its HTML rendering. Thread rules: those of the
 * client.
 */
#include "internal.h"

/* A parameterless GET of path whose result is of the given kind (accept: NULL, or the
 * media type to ask for). */
static zi_status get_simple(zi_client *client, const char *path, zi_result_kind kind,
                            const char *accept, json_t **out)
{
    zi_call call;

    ZI_ENTER(client);
    zi_call_init(&call, ZI_GET, out, NULL);
    call.result_kind = kind;
    call.accept = accept;
    zi_call_path(&call, path);
    return zi_call_run(client, &call);
}

ZI_EXPORT zi_status zi_health(zi_client *client, json_t **out)
{
    return get_simple(client, "/healthz", ZI_RESULT_OBJECT, NULL, out);
}

ZI_EXPORT zi_status zi_ready(zi_client *client, json_t **out)
{
    return get_simple(client, "/readyz", ZI_RESULT_OBJECT, NULL, out);
}

ZI_EXPORT zi_status zi_metrics(zi_client *client, json_t **text_out)
{
    return get_simple(client, "/metrics", ZI_RESULT_TEXT, NULL, text_out);
}

ZI_EXPORT zi_status zi_openapi(zi_client *client, json_t **doc_out)
{
    return get_simple(client, "/v1/openapi.json", ZI_RESULT_OBJECT, NULL, doc_out);
}

ZI_EXPORT zi_status zi_docs(zi_client *client, json_t **html_out)
{
    return get_simple(client, "/docs", ZI_RESULT_TEXT, "text/html", html_out);
}
