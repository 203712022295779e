/*
 * cmd_keys.c — `zi keys …`: create, list, get, revoke (admin key).
 */
#include "cli.h"

#include <stdio.h>

static const cli_column key_columns[] = {
    {"PREFIX", "prefix"}, {"ROLE", "role"},   {"NAME", "name"},          {"UNIT", "unit_id"},
    {"ACTIVE", "active"}, {"LAST USED", "last_used_at"}, {"ID", "id"},
};

static int run_create(cli_ctx *ctx)
{
    static const struct {
        const char *opt;
        const char *member;
    } fields[] = {{"role", "role"}, {"name", "name"}, {"unit-id", "unit_id"}, {"nip", "nip"}};
    json_t *body = NULL;
    json_t *key = NULL;
    zi_etag etag;
    zi_status st;
    size_t i;

    if (cli_read_data(&ctx->args, &body) != 0)
        return cli_usage_error(ctx, NULL);
    if (!body)
        body = json_object();
    for (i = 0; body && i < N_COLS(fields); i++) {
        const char *v = cli_opt_value(&ctx->args, fields[i].opt);
        if (v)
            json_object_set_new(body, fields[i].member, json_string(v));
    }
    if (!body)
        return CLI_EXIT_INTERNAL;
    if (json_object_size(body) == 0) {
        json_decref(body);
        return cli_usage_error(ctx, "give the key: --role and --name (or --data)");
    }
    st = zi_keys_create(ctx->client, body, cli_opt_value(&ctx->args, "idempotency-key"), &key,
                        &etag);
    json_decref(body);
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    cli_print_resource(ctx, key, &etag);
    if (!ctx->json)
        fprintf(stderr, "(the secret \"key\" is shown only now: keep it)\n");
    json_decref(key);
    return CLI_EXIT_OK;
}

static int run_list(cli_ctx *ctx)
{
    zi_key_list_params p = ZI_KEY_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0 ||
        cli_opt_tristate(&ctx->args, "active", &p.active) != 0)
        return cli_usage_error(ctx, NULL);
    p.role = cli_opt_value(&ctx->args, "role");
    p.unit_id = cli_opt_value(&ctx->args, "unit-id");
    if (cli_want_all(ctx, &p.limit))
        st = cli_drain_new(zi_keys_pager_new(ctx->client, &p, &pager), &pager, &page);
    else
        st = zi_keys_list(ctx->client, &p, &page);
    return cli_finish_page(ctx, st, page, key_columns, N_COLS(key_columns));
}

static int run_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_keys_get);
}

static int run_revoke(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_keys_revoke);
}

static const cli_opt create_opts[] = {
    {"role", "ROLE", "admin, upg, evaluator, unit_officer or employee"},
    {"name", "NAME", "who or what holds the key"},
    {"unit-id", "ID", "the unit of a unit_officer or employee key"},
    {"nip", "NIP", "the 18-digit NIP of an employee key's holder"},
    {"data", "JSON", "the body as JSON, @FILE or - (stdin); the options above override it"},
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt list_opts[] = {
    {"role", "ROLE", "only keys with this role"},
    {"unit-id", "ID", "only keys bound to this unit"},
    {"active", "BOOL", "true: only keys not revoked; false: only revoked ones"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_keys_commands[] = {
    {"keys", "create", "--role ROLE --name NAME [--unit-id ID] [--nip NIP]",
     "create an API key and print its secret, once (admin key)",
     "unit_officer and employee keys need --unit-id; employee keys also --nip.", create_opts, 0,
     0, run_create},
    {"keys", "list", "[options]", "list API keys, oldest first (admin key)", NULL, list_opts, 0, 0,
     run_list},
    {"keys", "get", "<id>", "show one API key (admin key)", NULL, NULL, 1, 1, run_get},
    {"keys", "revoke", "<id>", "revoke an API key: refused from the next request on (admin key)",
     NULL, NULL, 1, 1, run_revoke},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
