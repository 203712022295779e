/*
 * cmd_summary.c — `zi summary` (the programme figures of a year) and `zi public-units` (the
 * public unit directory).
 */
#include "cli.h"

#include <stdio.h>

static const cli_column public_unit_columns[] = {
    {"CODE", "code"},       {"NAME", "name"},                   {"KIND", "kind"},
    {"PREDICATE", "predicate"}, {"YEAR", "predicate_year"},     {"DECREE", "decree_number"},
    {"DECLARED ON", "declared_on"}, {"PLEDGE", "pledge"},
};

static int run_summary(cli_ctx *ctx)
{
    int public_ = cli_opt_value(&ctx->args, "public") != NULL;
    json_t *summary = NULL;
    int year = 0;
    zi_status st;

    if (cli_opt_year(&ctx->args, &year) != 0)
        return cli_usage_error(ctx, NULL);
    if (public_)
        st = zi_public_summary(ctx->client, year, &summary, NULL);
    else
        st = zi_summary(ctx->client, year, &summary, NULL);
    return cli_finish_result(ctx, st, summary);
}

static int run_public_units(cli_ctx *ctx)
{
    return cli_run_page_list(ctx, zi_public_units_pager_new, zi_public_units, public_unit_columns,
                             N_COLS(public_unit_columns));
}

static const cli_opt summary_opts[] = {
    {"year", "YEAR", "the year (default: the current one)"},
    {"public", NULL, "the public summary (no key needed) instead of the one for API keys"},
    {NULL, NULL, NULL},
};

static const cli_opt public_units_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_summary_commands[] = {
    {NULL, "summary", "[--year Y] [--public]",
     "the programme figures of a year: units, holders, proposals (any key; --public: anyone)",
     "Units in total, by kind and by predicate; WBK/WBBM holders; declarations; pact\n"
     "coverage; proposals by state; and the projected holders if every open proposal\n"
     "succeeds. Active units only.",
     summary_opts, 0, 0, run_summary},
    {NULL, "public-units", "[--limit N] [--cursor C] [--all]",
     "the public unit directory by name: predicate, decree, declaration, pledge (public)", NULL,
     public_units_opts, 0, 0, run_public_units},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
