/*
 * cmd_proposals.c — `zi proposals …`: WBK/WBBM proposals: list, get, create, transition (one
 * step of the workflow), transitions (the steps taken), score (show or save the TPI's score
 * sheet) and score-history (every version of the sheet).
 */
#include "cli.h"

static const cli_column proposal_columns[] = {
    {"YEAR", "year"},     {"TARGET", "target"}, {"STATE", "state"},
    {"UNIT", "unit_id"},  {"SCORE", "score"},   {"VERSION", "version"},
    {"ID", "id"},
};

static const cli_column transition_columns[] = {
    {"AT", "at"},     {"OCCURRED ON", "occurred_on"}, {"FROM", "from"},
    {"TO", "to"},     {"ACTOR", "actor_key_id"},      {"NOTE", "note"},
};

static const cli_column sheet_columns[] = {
    {"VERSION", "version"}, {"ALL MET", "all_met"},   {"SCORED BY", "scored_by"},
    {"CREATED", "created_at"}, {"NOTE", "note"},
};

static const cli_field proposal_fields[] = {
    {"unit-id", "unit_id", CLI_FIELD_STRING, 0, 0},
    {"year", "year", CLI_FIELD_INT, 2000, 2100},
    {"target", "target", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
};

static const cli_field step_fields[] = {
    {"to", "to", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
    {"occurred-on", "occurred_on", CLI_FIELD_STRING, 0, 0},
    {"decree-number", "decree_number", CLI_FIELD_STRING, 0, 0},
    {"decree-date", "decree_date", CLI_FIELD_STRING, 0, 0},
};

/* The flat members of a score sheet; the enablers come with --data. */
static const cli_field sheet_fields[] = {
    {"ipak-survey", "ipak_survey", CLI_FIELD_NUMBER, 0, 0},
    {"ipkp-survey", "ipkp_survey", CLI_FIELD_NUMBER, 0, 0},
    {"performance", "performance", CLI_FIELD_NUMBER, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
};

static int run_list(cli_ctx *ctx)
{
    zi_proposal_list_params p = ZI_PROPOSAL_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0 || cli_opt_year(&ctx->args, &p.year) != 0)
        return cli_usage_error(ctx, NULL);
    p.unit_id = cli_opt_value(&ctx->args, "unit-id");
    p.state = cli_opt_value(&ctx->args, "state");
    p.target = cli_opt_value(&ctx->args, "target");
    st = cli_want_all(ctx, &p.limit) ? zi_proposals_pager_new(ctx->client, &p, &pager)
                                     : zi_proposals_list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, proposal_columns, N_COLS(proposal_columns));
}

static int run_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_proposals_get);
}

static int run_create(cli_ctx *ctx)
{
    return cli_run_create(ctx, proposal_fields, N_COLS(proposal_fields), "proposal",
                          "give the proposal: --unit-id, --year and --target (or --data)",
                          zi_proposals_create);
}

static int run_transition(cli_ctx *ctx)
{
    return cli_run_transition(ctx, "zi proposals get", step_fields, N_COLS(step_fields), "proposal",
                              zi_proposals_transition);
}

static int run_transitions(cli_ctx *ctx)
{
    return cli_run_sub_list(ctx, zi_proposals_transitions_pager_new, zi_proposals_transitions,
                            transition_columns, N_COLS(transition_columns));
}

/* Without a sheet (no --data, no field option): show the newest one. With one: save it, as the
 * first version (no precondition) or over the version read. */
static int run_score(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *sheet = NULL;
    zi_etag etag;
    zi_status st;

    if (cli_precondition_optional(&ctx->args, "zi proposals score", &m) != 0)
        return cli_usage_error(ctx, "invalid precondition");
    if (cli_build_body(&ctx->args, sheet_fields, N_COLS(sheet_fields), &body) != 0)
        return cli_usage_error(ctx, "invalid score sheet fields");
    if (json_object_size(body) == 0) {
        json_decref(body);
        if (m.etag || m.version)
            return cli_usage_error(ctx, "nothing to save: give the sheet with --data");
        st = zi_proposals_score_get(ctx->client, ctx->args.pos[0], &sheet, &etag);
        return cli_finish_resource(ctx, st, sheet, &etag);
    }
    st = zi_proposals_score_put(ctx->client, ctx->args.pos[0], &m, body, &sheet, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, sheet, &etag);
}

static int run_score_history(cli_ctx *ctx)
{
    return cli_run_sub_list(ctx, zi_proposals_score_history_pager_new, zi_proposals_score_history,
                            sheet_columns, N_COLS(sheet_columns));
}

static const cli_opt list_opts[] = {
    {"year", "YEAR", "only proposals of this year"},
    {"unit-id", "ID", "only this unit's proposals"},
    {"state", "STATE", "only proposals in this state (draft, tpi_review, submitted, ...)"},
    {"target", "PRED", "only proposals for wbk or wbbm"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt create_opts[] = {
    {"unit-id", "ID", "the unit proposed"},
    {"year", "YEAR", "the programme year (2000-2100)"},
    {"target", "PRED", "wbk or wbbm"},
    {"note", "TEXT", "a note (up to 2000 characters)"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt transition_opts[] = {
    CLI_PRECONDITION_OPTS("2", "zi proposals get", "proposal"),
    {"to", "STATE", "the next state (zi proposals get shows allowed_next)"},
    {"note", "TEXT", "a note on the step (up to 2000 characters)"},
    {"occurred-on", "DATE", "when it happened, YYYY-MM-DD (default today, not in the future)"},
    {"decree-number", "TEXT", "the award decree's number (required for --to awarded)"},
    {"decree-date", "DATE", "the award decree's date (required for --to awarded)"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt page_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt score_opts[] = {
    {"if-match", "ETAG", "the sheet's ETag you read (leave out for the first sheet)"},
    {"version", "N", "the sheet's version you read, instead of --if-match"},
    {"ipak-survey", "N", "IPAK survey index, 1.00-4.00"},
    {"ipkp-survey", "N", "IPKP survey index, 1.00-4.00"},
    {"performance", "N", "performance points, 0-5"},
    {"note", "TEXT", "a note (up to 2000 characters)"},
    CLI_DATA_OPT,
    {NULL, NULL, NULL},
};

const cli_command cli_proposals_commands[] = {
    {"proposals", "list", "[options]", "list WBK/WBBM proposals, oldest first (any key)",
     "In JSON mode the output is the page as the API returns it: {\"data\": [...],\n"
     "\"next_cursor\": ...}.",
     list_opts, 0, 0, run_list},
    {"proposals", "get", "<id>",
     "show one proposal with its evidence, allowed next states and ETag (any key)", NULL, NULL, 1,
     1, run_get},
    {"proposals", "create", "--unit-id ID --year Y --target wbk|wbbm [--note TEXT]",
     "propose a unit for WBK or WBBM (admin, unit officer)",
     "The proposal starts as draft. A unit that breaks an eligibility rule is refused with\n"
     "HTTP 422 listing every failing rule.",
     create_opts, 0, 0, run_create},
    {"proposals", "transition", "<id> (--if-match ETAG | --version N) --to STATE [options]",
     "move a proposal one step on (admin, evaluator, unit officer: each its own steps)",
     "A state not reachable from the current one fails with HTTP 409 and lists the allowed\n"
     "next states; a step of another role with HTTP 403; a stale --if-match/--version with\n"
     "HTTP 412. --to submitted (evaluator) checks every rule again and needs a score sheet\n"
     "that meets every threshold. --to awarded needs --decree-number and --decree-date and\n"
     "sets the unit's predicate.\n"
     "Example: zi proposals transition <id> --version 6 --to awarded \\\n"
     "           --decree-number 'SK/123/2026' --decree-date 2026-12-01",
     transition_opts, 1, 1, run_transition},
    {"proposals", "transitions", "<id> [--limit N] [--cursor C] [--all]",
     "list the steps a proposal has taken, oldest first (any key)", NULL, page_opts, 1, 1,
     run_transitions},
    {"proposals", "score", "<id> [--data SHEET [--if-match ETAG | --version N] [options]]",
     "show the TPI's score sheet of a proposal, or save a new version (evaluator)",
     "Without a sheet the newest version is shown (any key). With --data (the sheet as JSON,\n"
     "@FILE or -; the options override its members) a new version is saved, only while the\n"
     "proposal is in tpi_review: the first without --if-match/--version, later ones with\n"
     "the sheet's. The sheet:\n"
     "  {\"enablers\": {\"change_management\": {\"fulfilment\": 3.2, \"reform\": 3.2},\n"
     "                \"business_process\": {...}, \"hr_management\": {...},\n"
     "                \"performance_accountability\": {...}, \"supervision\": {...},\n"
     "                \"public_service\": {...}},\n"
     "   \"ipak_survey\": 3.7, \"ipkp_survey\": 3.4, \"performance\": 4.2}\n"
     "The answer has the computed totals and every threshold check (all_met).",
     score_opts, 1, 1, run_score},
    {"proposals", "score-history", "<id> [--limit N] [--cursor C] [--all]",
     "list every version of a proposal's score sheet, newest first (any key)", NULL, page_opts, 1,
     1, run_score_history},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
