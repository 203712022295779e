/*
 * cmd_pledges.c — `zi pledges …`: service pledges (the city's 7S and each unit's own):
 * list, get, create, deactivate. --unit ID picks a unit's pledges; without it, the city's.
 */
#include "cli.h"

#include <stdio.h>

static const cli_column pledge_columns[] = {
    {"NAME", "name"},     {"SCOPE", "scope"},           {"ADOPTED ON", "adopted_on"},
    {"ACTIVE", "active"}, {"PRINCIPLES", "principles"}, {"BASED ON", "based_on_id"},
    {"ID", "id"},
};

static const cli_field pledge_fields[] = {
    {"name", "name", CLI_FIELD_STRING, 0, 0},
    {"principles", "principles", CLI_FIELD_LIST, 0, 0},
    {"adopted-on", "adopted_on", CLI_FIELD_STRING, 0, 0},
    {"document-ref", "document_ref", CLI_FIELD_STRING, 0, 0},
    {"based-on-id", "based_on_id", CLI_FIELD_STRING, 0, 0},
};

static int run_list(cli_ctx *ctx)
{
    zi_pledge_list_params p = ZI_PLEDGE_LIST_PARAMS_INIT;
    const char *unit = cli_opt_value(&ctx->args, "unit");
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0 ||
        cli_opt_tristate(&ctx->args, "active", &p.active) != 0)
        return cli_usage_error(ctx, NULL);
    if (cli_want_all(ctx, &p.limit))
        st = cli_drain_new(unit ? zi_pledges_unit_pager_new(ctx->client, unit, &p, &pager)
                                : zi_pledges_city_pager_new(ctx->client, &p, &pager),
                           &pager, &page);
    else if (unit)
        st = zi_pledges_list_unit(ctx->client, unit, &p, &page);
    else
        st = zi_pledges_list_city(ctx->client, &p, &page);
    return cli_finish_page(ctx, st, page, pledge_columns, N_COLS(pledge_columns));
}

static int run_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_pledges_get);
}

static int run_create(cli_ctx *ctx)
{
    const char *unit = cli_opt_value(&ctx->args, "unit");
    const char *idem = cli_opt_value(&ctx->args, "idempotency-key");
    json_t *body = NULL;
    json_t *pledge = NULL;
    zi_etag etag;
    zi_status st;
    int rc = cli_command_body(ctx, pledge_fields, N_COLS(pledge_fields), "pledge",
                              "give the pledge: --name, --principles and --adopted-on (or --data)",
                              &body);

    if (rc != 0)
        return rc;
    if (unit)
        st = zi_pledges_create_unit(ctx->client, unit, body, idem, &pledge, &etag);
    else
        st = zi_pledges_create_city(ctx->client, body, idem, &pledge, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, pledge, &etag);
}

static int run_deactivate(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *pledge = NULL;
    zi_etag etag;
    zi_status st;

    if (cli_precondition(&ctx->args, "zi pledges get", &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    st = zi_pledges_deactivate(ctx->client, ctx->args.pos[0], &m,
                               cli_opt_value(&ctx->args, "idempotency-key"), &pledge, &etag);
    return cli_finish_resource(ctx, st, pledge, &etag);
}

static const cli_opt list_opts[] = {
    {"unit", "ID", "this unit's pledges (default: the city-wide ones)"},
    {"active", "BOOL", "true: only the active pledge; false: only inactive ones"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt create_opts[] = {
    {"unit", "ID", "the unit adopting it (default: a city-wide pledge, admin only)"},
    {"name", "NAME", "the pledge's name, e.g. 7S"},
    {"principles", "LIST", "'Senyum; Salam; Sapa' or a JSON array (1-20; optional with "
                           "--based-on-id)"},
    {"adopted-on", "DATE", "YYYY-MM-DD (not in the future)"},
    {"document-ref", "TEXT", "decree number"},
    {"based-on-id", "ID", "the city-wide pledge this one follows (its principles by default)"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt deactivate_opts[] = {
    CLI_PRECONDITION_OPTS("1", "zi pledges get", "pledge"),
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

const cli_command cli_pledges_commands[] = {
    {"pledges", "list", "[--unit ID] [options]",
     "list service pledges, newest first: the city's or a unit's (public)", NULL, list_opts, 0,
     0, run_list},
    {"pledges", "get", "<id>", "show one service pledge and its ETag (public)", NULL, NULL, 1, 1,
     run_get},
    {"pledges", "create",
     "[--unit ID] --name NAME --principles LIST --adopted-on DATE [options]",
     "adopt a service pledge of the city (admin) or of a unit (admin, unit officer)",
     "The new pledge becomes the active one (of the unit, or of the city); the previous one\n"
     "becomes inactive.\n"
     "Example: zi pledges create --unit <id> --name 7S --based-on-id <city pledge id> \\\n"
     "           --adopted-on 2026-01-02",
     create_opts, 0, 0, run_create},
    {"pledges", "deactivate", "<id> (--if-match ETAG | --version N)",
     "make a pledge inactive (admin, unit officer)",
     "An inactive pledge stays as it is.", deactivate_opts, 1, 1, run_deactivate},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
