/*
 * cmd_audit.c — `zi audit …`: list, verify, head.
 */
#include "cli.h"

#include <stdio.h>

static const cli_column audit_columns[] = {
    {"SEQ", "seq"},         {"AT", "at"},
    {"ACTION", "action"},   {"RESOURCE", "resource_id"},
    {"ACTOR", "actor_key_id"},
};

static int run_list(cli_ctx *ctx)
{
    zi_audit_list_params p = ZI_AUDIT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, NULL);
    p.resource_type = cli_opt_value(&ctx->args, "resource-type");
    p.resource_id = cli_opt_value(&ctx->args, "resource-id");
    p.actor_key_id = cli_opt_value(&ctx->args, "actor-key-id");
    p.action = cli_opt_value(&ctx->args, "action");
    if (cli_want_all(ctx, &p.limit))
        st = cli_drain_new(zi_audit_pager_new(ctx->client, &p, &pager), &pager, &page);
    else
        st = zi_audit_list(ctx->client, &p, &page);
    return cli_finish_page(ctx, st, page, audit_columns, N_COLS(audit_columns));
}

static int run_verify(cli_ctx *ctx)
{
    json_t *verdict = NULL;
    zi_status st = zi_audit_verify(ctx->client, &verdict);
    int ok;

    if (st != ZI_OK)
        return cli_fail(ctx, st);
    cli_print_result(ctx, verdict);
    ok = json_is_true(json_object_get(verdict, "ok"));
    if (!ok)
        fprintf(stderr, "zi: the audit chain is broken at seq %lld\n",
                json_integer_value(json_object_get(verdict, "first_broken_seq")));
    json_decref(verdict);
    return ok ? CLI_EXIT_OK : CLI_EXIT_CHECK;
}

static int run_head(cli_ctx *ctx)
{
    return cli_run_simple(ctx, zi_audit_head);
}

static const cli_opt list_opts[] = {
    {"resource-type", "TYPE", "only records about this resource type (unit, api_key, ...)"},
    {"resource-id", "ID", "only records about this resource"},
    {"actor-key-id", "ID", "only records written with this API key"},
    {"action", "ACTION", "only records of this action, e.g. unit.archived"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_audit_commands[] = {
    {"audit", "list", "[options]", "list audit records in chain order (admin key)", NULL,
     list_opts, 0, 0, run_list},
    {"audit", "verify", "", "have the server recompute the audit chain (admin key)",
     "Exit code 0 when the chain is sound, 6 when it is broken (first_broken_seq says where).",
     NULL, 0, 0, run_verify},
    {"audit", "head", "", "show the head of the audit chain, the value to publish", NULL, NULL, 0,
     0, run_head},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
