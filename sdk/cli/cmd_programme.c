/*
 * cmd_programme.c — `zi programme-years …` (list, get, put: the city's conditions and
 * submission window of each year) and `zi thresholds …` (list, get, create, update: the LKE
 * threshold rows).
 */
#include "cli.h"

#include <stdio.h>

static const cli_column year_columns[] = {
    {"YEAR", "year"},          {"BPK", "bpk_opinion"},           {"SAKIP", "sakip_grade"},
    {"RB", "rb_index_grade"},  {"OPENS", "submission_opens"},    {"CLOSES", "submission_closes"},
    {"VERSION", "version"},
};

static const cli_column threshold_columns[] = {
    {"PREDICATE", "predicate"}, {"EFFECTIVE FROM", "effective_from"}, {"TOTAL", "total_min"},
    {"ENABLERS", "enablers_min"}, {"AREA %", "area_min_pct"},       {"CONFIRMED", "confirmed"},
    {"ID", "id"},
};

static const cli_field year_fields[] = {
    {"bpk-opinion", "bpk_opinion", CLI_FIELD_STRING, 0, 0},
    {"sakip-grade", "sakip_grade", CLI_FIELD_STRING, 0, 0},
    {"rb-index-grade", "rb_index_grade", CLI_FIELD_STRING, 0, 0},
    {"submission-opens", "submission_opens", CLI_FIELD_STRING, 0, 0},
    {"submission-closes", "submission_closes", CLI_FIELD_STRING, 0, 0},
    {"source", "source", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
};

/* predicate and effective_from are create-only: update does not offer them. */
static const cli_field threshold_fields[] = {
    {"predicate", "predicate", CLI_FIELD_STRING, 0, 0},
    {"effective-from", "effective_from", CLI_FIELD_STRING, 0, 0},
    {"source", "source", CLI_FIELD_STRING, 0, 0},
    {"confirmed", "confirmed", CLI_FIELD_BOOL, 0, 0},
    {"total-min", "total_min", CLI_FIELD_NUMBER, 0, 0},
    {"enablers-min", "enablers_min", CLI_FIELD_NUMBER, 0, 0},
    {"area-min-pct", "area_min_pct", CLI_FIELD_INT, 0, 100},
    {"ipak-min", "ipak_min", CLI_FIELD_NUMBER, 0, 0},
    {"ipak-survey-min", "ipak_survey_min", CLI_FIELD_NUMBER, 0, 0},
    {"performance-min", "performance_min", CLI_FIELD_NUMBER, 0, 0},
    {"ipkp-min", "ipkp_min", CLI_FIELD_NUMBER, 0, 0},
    {"ipkp-survey-min", "ipkp_survey_min", CLI_FIELD_NUMBER, 0, 0},
    {"ipak-performance-min", "ipak_performance_min", CLI_FIELD_NUMBER, 0, 0},
};

#define YEAR_OPTS                                                                          \
    {"bpk-opinion", "OPINION", "the BPK audit opinion: WTP, WDP, TW or TMP"},              \
        {"sakip-grade", "GRADE", "the SAKIP grade: AA, A, BB, B, CC, C or D"},             \
        {"rb-index-grade", "GRADE", "the RB index grade: AA, A, BB, B, CC, C or D"},       \
        {"submission-opens", "DATE", "first day of the submission window, YYYY-MM-DD"},    \
        {"submission-closes", "DATE", "last day of the submission window, YYYY-MM-DD"},    \
        {"source", "TEXT", "where the figures come from (up to 500 characters)"},          \
        {"note", "TEXT", "a note (up to 2000 characters)"}, CLI_DATA_OPT

#define THRESHOLD_OPTS                                                                      \
    {"source", "TEXT", "the regulation or document the figures come from (1-500)"},        \
        {"confirmed", "BOOL", "true once checked against the regulation (then frozen)"},    \
        {"total-min", "N", "minimum total score (e.g. 75)"},                                 \
        {"enablers-min", "N", "minimum of the enablers (of 60)"},                            \
        {"area-min-pct", "PCT", "minimum of each area, % of its weight (0-100)"},            \
        {"ipak-min", "N", "minimum IPAK points (of 17.5)"},                                  \
        {"ipak-survey-min", "N", "minimum IPAK survey index (1-4)"},                         \
        {"performance-min", "N", "minimum performance points (of 5)"},                       \
        {"ipkp-min", "N", "minimum IPKP points (of 17.5)"},                                  \
        {"ipkp-survey-min", "N", "minimum IPKP survey index (1-4)"},                         \
        {"ipak-performance-min", "N", "minimum of IPAK + performance points"}, CLI_DATA_OPT

/* ---- programme years ---- */

static int run_years_list(cli_ctx *ctx)
{
    return cli_run_page_list(ctx, zi_programme_years_pager_new, zi_programme_years_list,
                             year_columns, N_COLS(year_columns));
}

static int run_years_get(cli_ctx *ctx)
{
    json_t *year = NULL;
    zi_etag etag;
    zi_status st;
    int y = 0;

    if (cli_pos_year(&ctx->args, 0, &y) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_programme_years_get(ctx->client, y, &year, &etag);
    return cli_finish_resource(ctx, st, year, &etag);
}

static int run_years_put(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *year = NULL;
    zi_etag etag;
    zi_status st;
    int y = 0;
    int rc;

    if (cli_pos_year(&ctx->args, 0, &y) != 0)
        return cli_usage_error(ctx, NULL);
    if (cli_precondition_optional(&ctx->args, "zi programme-years get", &m) != 0)
        return cli_usage_error(ctx, "invalid precondition");
    rc = cli_command_body(ctx, year_fields, N_COLS(year_fields), "programme year",
                          "nothing to record: give field options or --data", &body);
    if (rc != 0)
        return rc;
    st = zi_programme_years_put(ctx->client, y, &m, body, &year, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, year, &etag);
}

/* ---- thresholds ---- */

static int run_thresholds_list(cli_ctx *ctx)
{
    zi_threshold_list_params p = ZI_THRESHOLD_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, "invalid --limit");
    p.predicate = cli_opt_value(&ctx->args, "predicate");
    st = cli_want_all(ctx, &p.limit) ? zi_thresholds_pager_new(ctx->client, &p, &pager)
                                     : zi_thresholds_list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, threshold_columns, N_COLS(threshold_columns));
}

static int run_thresholds_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_thresholds_get);
}

static int run_thresholds_create(cli_ctx *ctx)
{
    return cli_run_create(ctx, threshold_fields, N_COLS(threshold_fields), "threshold",
                          "give the row: --predicate, --effective-from, --source and every "
                          "minimum (or --data)",
                          zi_thresholds_create);
}

static int run_thresholds_update(cli_ctx *ctx)
{
    return cli_run_update(ctx, "zi thresholds get", threshold_fields, N_COLS(threshold_fields),
                          "threshold", "nothing to change: give field options or --data",
                          zi_thresholds_update);
}

static const cli_opt page_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt years_put_opts[] = {
    {"if-match", "ETAG", "the ETag you read, e.g. '\"1\"' (zi programme-years get shows it); "
                         "leave out to record a new year"},
    {"version", "N", "the version you read, instead of --if-match"},
    YEAR_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt thresholds_list_opts[] = {
    {"predicate", "PRED", "only the rows of wbk or wbbm"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt thresholds_create_opts[] = {
    {"predicate", "PRED", "wbk or wbbm"},
    {"effective-from", "DATE", "the date the row applies from, YYYY-MM-DD"},
    THRESHOLD_OPTS,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt thresholds_update_opts[] = {
    CLI_PRECONDITION_OPTS("1", "zi thresholds get", "row"),
    THRESHOLD_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_programme_commands[] = {
    {"programme-years", "list", "[options]",
     "list programme years, newest first: city conditions and submission window (public)", NULL,
     page_opts, 0, 0, run_years_list},
    {"programme-years", "get", "<year>", "show one programme year and its ETag (public)", NULL,
     NULL, 1, 1, run_years_get},
    {"programme-years", "put", "<year> [--if-match ETAG | --version N] [field options]",
     "record a programme year, or change one (admin)",
     "Without --if-match/--version the year is created (it must not exist yet); a recorded\n"
     "year needs one of them and only the given fields change. To clear a field use\n"
     "--data '{\"note\": null}'.\n"
     "Example: zi programme-years put 2027 --bpk-opinion WTP --sakip-grade B \\\n"
     "           --rb-index-grade CC --submission-opens 2027-07-18 --submission-closes 2027-07-31",
     years_put_opts, 1, 1, run_years_put},
    {"thresholds", "list", "[--predicate wbk|wbbm] [options]",
     "list LKE threshold rows, newest effective date first (public)", NULL, thresholds_list_opts,
     0, 0, run_thresholds_list},
    {"thresholds", "get", "<id>", "show one LKE threshold row and its ETag (public)", NULL, NULL, 1,
     1, run_thresholds_get},
    {"thresholds", "create",
     "--predicate wbk|wbbm --effective-from DATE --source TEXT --total-min N ... [options]",
     "record LKE thresholds from a date on (admin)",
     "Every minimum is required. A proposal is scored against the row of its target with the\n"
     "latest effective date on or before 31 December of its year. A second row for the same\n"
     "predicate and date fails with HTTP 409.",
     thresholds_create_opts, 0, 0, run_thresholds_create},
    {"thresholds", "update", "<id> (--if-match ETAG | --version N) [field options]",
     "correct an LKE threshold row while it is not confirmed (admin)",
     "predicate and effective_from cannot change. A confirmed row fails with HTTP 409.",
     thresholds_update_opts, 1, 1, run_thresholds_update},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
