/* Infrastructure endpoints: liveness, readiness, metrics and the contract itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/migrate.h"
#include "../http/router.h"
#include "api.h"

/* Generated at build time from openapi/openapi.yaml (tools/embed.py). */
extern const char zi_openapi_json[];
extern const size_t zi_openapi_json_len;
/* Generated at build time from openapi/openapi.yaml (tools/render-docs.py). */
extern const char zi_docs_html[];
extern const size_t zi_docs_html_len;

char *router_metrics_text(size_t *len);

static zi_result healthz(zi_req *r)
{
    static const char body[] = "{\"status\":\"ok\"}";
    return reply_json(r, 200, body, sizeof body - 1, 0, NULL);
}

static zi_result readyz(zi_req *r)
{
    char reason[128] = "";
    zi_result rc = migrate_current(r->db, reason, sizeof reason);
    if (rc == ZI_E_CONFLICT) {
        req_detail(r, MSG_NOT_READY, 0, reason);
        return ZI_E_UNAVAILABLE;
    }
    if (rc != ZI_OK)
        return rc;
    static const char body[] = "{\"status\":\"ready\",\"database\":\"ok\",\"migrations\":\"current\"}";
    return reply_json(r, 200, body, sizeof body - 1, 0, NULL);
}

static zi_result metrics(zi_req *r)
{
    size_t len;
    char *text = router_metrics_text(&len);
    if (text == NULL)
        return ZI_E_INTERNAL;
    zi_result rc = reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
    free(text);
    return rc;
}

static zi_result openapi(zi_req *r)
{
    return reply_json(r, 200, zi_openapi_json, zi_openapi_json_len, 0, NULL);
}

static zi_result docs(zi_req *r)
{
    return reply_raw(r, 200, "text/html; charset=utf-8", zi_docs_html, zi_docs_html_len);
}

#define PROBE(path, op, fn, fl)                                                                 \
    {.method = "GET", .pattern = path, .operation_id = op, .handler = fn, .roles = ROLE_PUBLIC, .flags = fl}

static const zi_route routes[] = {
    PROBE("/healthz", "health", healthz, RF_NO_DB | RF_NO_AUTH),
    PROBE("/readyz", "ready", readyz, RF_NO_AUTH),
    PROBE("/metrics", "metrics", metrics, RF_NO_DB | RF_NO_AUTH),
    PROBE("/v1/openapi.json", "openapi", openapi, RF_NO_DB | RF_NO_AUTH),
    PROBE("/docs", "docs", docs, RF_NO_DB | RF_NO_AUTH),
};

const zi_module system_module = ZI_MODULE("system", routes, NULL, NULL, NULL);
