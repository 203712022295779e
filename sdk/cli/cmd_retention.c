/*
 * cmd_retention.c — `zi retention …`: how long personal data of closed gratification reports
 * is kept (list, update) and the run that erases what is due (run). Admin keys.
 */
#include "cli.h"

static const cli_column policy_columns[] = {
    {"KIND", "kind"},       {"KEEP DAYS", "keep_days"}, {"VERSION", "version"},
    {"UPDATED", "updated_at"}, {"SOURCE", "source"},
};

static const cli_field policy_fields[] = {
    {"keep-days", "keep_days", CLI_FIELD_INT, 1, 36500},
    {"source", "source", CLI_FIELD_STRING, 0, 0},
};

static int run_list(cli_ctx *ctx)
{
    return cli_run_page_list(ctx, zi_retention_policies_pager_new, zi_retention_policies_list,
                             policy_columns, N_COLS(policy_columns));
}

static int run_update(cli_ctx *ctx)
{
    return cli_run_update(ctx, "zi retention list", policy_fields, N_COLS(policy_fields),
                          "policy", "nothing to change: give --keep-days, --source or --data",
                          zi_retention_policy_update);
}

static int run_run(cli_ctx *ctx)
{
    json_t *result = NULL;
    zi_status st = zi_retention_run(ctx->client, cli_opt_value(&ctx->args, "idempotency-key"),
                                    &result);

    return cli_finish_result(ctx, st, result);
}

static const cli_opt list_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt update_opts[] = {
    CLI_PRECONDITION_OPTS("1", "zi retention list", "policy"),
    {"keep-days", "N", "days to keep the data after the report was closed (1-36500)"},
    {"source", "TEXT", "the rule this period comes from (1-500 characters)"},
    CLI_DATA_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt run_opts[] = {
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

const cli_command cli_retention_commands[] = {
    {"retention", "list", "[--limit N] [--cursor C] [--all]",
     "the retention policies: how long personal data is kept (admin)",
     "Kinds: gratification_reporter_identity (the reporter's six identity fields) and\n"
     "gratification_evidence (the evidence files' bytes), each kept keep_days after the\n"
     "report was closed.",
     list_opts, 0, 0, run_list},
    {"retention", "update", "<kind> (--if-match ETAG | --version N) [--keep-days N] [--source TEXT]",
     "change a retention policy (admin)",
     "Example: zi retention update gratification_evidence --version 1 --keep-days 3653 \\\n"
     "           --source 'Keputusan ...'",
     update_opts, 1, 1, run_update},
    {"retention", "run", "",
     "erase what is due today: reporters' identities and evidence files of old closed reports "
     "(admin)",
     "Not undoable. Prints {\"as_of\", \"identities_erased\", \"evidence_erased\"}; the audit\n"
     "chain still verifies afterwards.",
     run_opts, 0, 0, run_run},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
