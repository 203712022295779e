/*
 * cmd_service.c — `zi health`, `zi ready`, `zi metrics`, `zi openapi`, `zi docs`.
 */
#include "cli.h"

#include <stdio.h>

static int run_health(cli_ctx *ctx)
{
    return cli_run_simple(ctx, zi_health);
}

static int run_ready(cli_ctx *ctx)
{
    return cli_run_simple(ctx, zi_ready);
}

static int run_metrics(cli_ctx *ctx)
{
    json_t *text = NULL;
    zi_status st = zi_metrics(ctx->client, &text);

    if (st != ZI_OK)
        return cli_fail(ctx, st);
    /* Prometheus text is printed as it came, in both output modes. */
    fputs(json_string_value(text), stdout);
    json_decref(text);
    return CLI_EXIT_OK;
}

static int run_openapi(cli_ctx *ctx)
{
    json_t *doc = NULL;
    zi_status st = zi_openapi(ctx->client, &doc);

    if (st != ZI_OK)
        return cli_fail(ctx, st);
    cli_print_json(doc); /* a document, not a table: JSON in both modes */
    json_decref(doc);
    return CLI_EXIT_OK;
}

static int run_docs(cli_ctx *ctx)
{
    json_t *html = NULL;
    zi_status st = zi_docs(ctx->client, &html);

    if (st != ZI_OK)
        return cli_fail(ctx, st);
    fputs(json_string_value(html), stdout); /* HTML as it came: zi docs > api.html */
    json_decref(html);
    return CLI_EXIT_OK;
}

const cli_command cli_service_commands[] = {
    {NULL, "health", "", "is the server process up? (GET /healthz)", NULL, NULL, 0, 0, run_health},
    {NULL, "ready", "", "can it serve: database reachable, migrations current? (GET /readyz)",
     "Exit code 1 when the server answers 503 (not ready).", NULL, 0, 0, run_ready},
    {NULL, "metrics", "", "print the Prometheus metrics (GET /metrics)", NULL, NULL, 0, 0,
     run_metrics},
    {NULL, "openapi", "", "print the API contract as JSON (GET /v1/openapi.json)", NULL, NULL, 0,
     0, run_openapi},
    {NULL, "docs", "", "print the API reference page as HTML (GET /docs)",
     "Save it for offline reading: zi docs > zi-api.html", NULL, 0, 0, run_docs},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
