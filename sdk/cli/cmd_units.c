/*
 * cmd_units.c — `zi units …`: list, get, create, update, archive, history, revoke,
 * gratification-summary.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_column unit_columns[] = {
    {"CODE", "code"}, {"NAME", "name"}, {"KIND", "kind"},
    {"PREDICATE", "predicate"}, {"ACTIVE", "active"}, {"ID", "id"},
};

static const cli_column history_columns[] = {
    {"LEVEL", "level"},          {"STATUS", "status"},           {"YEAR", "year"},
    {"DECREE", "decree_number"}, {"DECREE DATE", "decree_date"}, {"SOURCE", "source"},
    {"CREATED", "created_at"},
};

/* The writable fields of a unit, as options: --head-name sets "head_name". */
static const cli_field unit_fields[] = {
    {"code", "code", CLI_FIELD_STRING, 0, 0},
    {"name", "name", CLI_FIELD_STRING, 0, 0},
    {"kind", "kind", CLI_FIELD_STRING, 0, 0},
    {"parent-id", "parent_id", CLI_FIELD_STRING, 0, 0},
    {"address", "address", CLI_FIELD_STRING, 0, 0},
    {"head-name", "head_name", CLI_FIELD_STRING, 0, 0},
    {"staff-count", "staff_count", CLI_FIELD_INT, 0, 100000},
    {"designation-decree", "designation_decree", CLI_FIELD_STRING, 0, 0},
    {"designated-on", "designated_on", CLI_FIELD_STRING, 0, 0},
};

#define FIELD_OPTS                                                                   \
    {"code", "CODE", "unit code: a letter or digit, then up to 39 of A-Z a-z 0-9 . _ -"}, \
        {"name", "NAME", "unit name (1-200 characters)"},                            \
        {"kind", "KIND", "sd, smp, puskesmas, rsud, dinas, kecamatan, kelurahan, mpp, other"}, \
        {"parent-id", "ID", "id of the unit this one belongs to"},                  \
        {"address", "TEXT", "address"}, {"head-name", "NAME", "name of the unit's head"}, \
        {"staff-count", "N", "number of staff (0-100000)"},                          \
        {"designation-decree", "TEXT", "number of the ZI designation decree"},       \
        {"designated-on", "DATE", "date of that decree, YYYY-MM-DD"},                \
        CLI_DATA_OPT

#define PRECONDITION_OPTS CLI_PRECONDITION_OPTS("3", "zi units get", "unit")

/* The request body: --data, then each field option on top (cli_command_body). */
static int build_body(const cli_ctx *ctx, const char *empty_msg, json_t **out)
{
    return cli_command_body(ctx, unit_fields, N_COLS(unit_fields), "unit", empty_msg, out);
}

/* --if-match or --version, exactly one. */
static int precondition(const cli_ctx *ctx, zi_if_match *m)
{
    return cli_precondition(&ctx->args, "zi units get", m);
}

static int run_list(cli_ctx *ctx)
{
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, "invalid --limit");
    p.sort = cli_opt_value(&ctx->args, "sort");
    p.kind = cli_opt_value(&ctx->args, "kind");
    p.predicate = cli_opt_value(&ctx->args, "predicate");
    p.parent_id = cli_opt_value(&ctx->args, "parent-id");
    p.q = cli_opt_value(&ctx->args, "q");
    if (cli_opt_tristate(&ctx->args, "active", &p.active) != 0)
        return cli_usage_error(ctx, NULL);
    if (cli_want_all(ctx, &p.limit))
        st = cli_drain_new(zi_units_pager_new(ctx->client, &p, &pager), &pager, &page);
    else
        st = zi_units_list(ctx->client, &p, &page);
    return cli_finish_page(ctx, st, page, unit_columns, N_COLS(unit_columns));
}

static int run_get(cli_ctx *ctx)
{
    const char *code = cli_opt_value(&ctx->args, "code");
    json_t *unit = NULL;
    zi_etag etag;
    zi_status st;

    if ((code != NULL) == (ctx->args.n_pos == 1))
        return cli_usage_error(ctx, "give a unit id or --code CODE");
    if (code)
        st = zi_units_get_by_code(ctx->client, code, &unit, &etag);
    else
        st = zi_units_get(ctx->client, ctx->args.pos[0], &unit, &etag);
    return cli_finish_resource(ctx, st, unit, &etag);
}

static int run_create(cli_ctx *ctx)
{
    json_t *body = NULL;
    json_t *unit = NULL;
    zi_etag etag;
    zi_status st;
    int rc = build_body(ctx, "give the unit: --code, --name and --kind (or --data)", &body);

    if (rc != 0)
        return rc;
    st = zi_units_create(ctx->client, body, cli_opt_value(&ctx->args, "idempotency-key"), &unit,
                         &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, unit, &etag);
}

static int run_update(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *unit = NULL;
    zi_etag etag;
    zi_status st;
    int rc;

    if (precondition(ctx, &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    rc = build_body(ctx, "nothing to change: give field options or --data", &body);
    if (rc != 0)
        return rc;
    st = zi_units_update(ctx->client, ctx->args.pos[0], &m, body, &unit, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, unit, &etag);
}

static int run_archive(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *unit = NULL;
    zi_etag etag;
    zi_status st;

    if (precondition(ctx, &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    st = zi_units_archive(ctx->client, ctx->args.pos[0], &m,
                          cli_opt_value(&ctx->args, "idempotency-key"), &unit, &etag);
    return cli_finish_resource(ctx, st, unit, &etag);
}

static int run_history(cli_ctx *ctx)
{
    return cli_run_sub_list(ctx, zi_units_predicate_history_pager_new, zi_units_predicate_history,
                            history_columns, N_COLS(history_columns));
}

/* The body of a revocation, as options. */
static const cli_field revocation_fields[] = {
    {"reason", "reason", CLI_FIELD_STRING, 0, 0},
    {"revoked-on", "revoked_on", CLI_FIELD_STRING, 0, 0},
    {"decree-number", "decree_number", CLI_FIELD_STRING, 0, 0},
};

static int run_revoke(cli_ctx *ctx)
{
    json_t *body = NULL;
    json_t *record = NULL;
    zi_status st;
    int rc = cli_command_body(ctx, revocation_fields, N_COLS(revocation_fields), "revocation",
                              "give the revocation: --reason and --revoked-on (or --data)", &body);

    if (rc != 0)
        return rc;
    st = zi_units_revoke(ctx->client, ctx->args.pos[0], body,
                         cli_opt_value(&ctx->args, "idempotency-key"), &record);
    json_decref(body);
    return cli_finish_resource(ctx, st, record, NULL);
}

static const cli_opt list_opts[] = {
    {"kind", "KIND", "only this kind: sd, smp, puskesmas, rsud, dinas, kecamatan, kelurahan, mpp, other"},
    {"predicate", "PRED", "only units holding this predicate: none, wbk, wbbm"},
    {"parent-id", "ID", "only the direct children of this unit"},
    {"q", "TEXT", "case-insensitive substring of the name or code"},
    {"active", "BOOL", "true: only units not archived; false: only archived ones"},
    {"sort", "KEY", "name (default), -name, code, -code, created_at, -created_at"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt get_opts[] = {
    {"code", "CODE", "find the unit by its code (ignoring case) instead of its id"},
    {NULL, NULL, NULL},
};

static const cli_opt create_opts[] = {
    FIELD_OPTS,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt update_opts[] = {
    PRECONDITION_OPTS,
    FIELD_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt archive_opts[] = {
    PRECONDITION_OPTS,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt history_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt gratification_summary_opts[] = {
    {"year", "YEAR", "the year of received dates (default: the current one)"},
    {NULL, NULL, NULL},
};

static const cli_opt revoke_opts[] = {
    {"reason", "TEXT", "why the predicate is revoked (1-2000 characters)"},
    {"revoked-on", "DATE", "date of the revocation, YYYY-MM-DD (not in the future)"},
    {"decree-number", "TEXT", "number of the revocation decree"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static int run_gratification_summary(cli_ctx *ctx)
{
    json_t *summary = NULL;
    int year = 0;
    zi_status st;

    if (cli_opt_year(&ctx->args, &year) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_units_gratification_summary(ctx->client, ctx->args.pos[0], year, &summary);
    return cli_finish_result(ctx, st, summary);
}

const cli_command cli_units_commands[] = {
    {"units", "list", "[options]", "list units (one page, or --all)",
     "Archived units are included unless --active true is given. In JSON mode the output is\n"
     "the page as the API returns it: {\"data\": [...], \"next_cursor\": ...}.",
     list_opts, 0, 0, run_list},
    {"units", "get", "<id> | --code CODE", "show one unit and its ETag", NULL, get_opts, 0, 1,
     run_get},
    {"units", "create", "--code CODE --name NAME --kind KIND [options]", "create a unit (admin key)",
     "The unit's predicate starts as none. The request carries an Idempotency-Key (yours or a\n"
     "random one), so it is retried safely when the connection fails.",
     create_opts, 0, 0, run_create},
    {"units", "update", "<id> (--if-match ETAG | --version N) [field options]",
     "change fields of a unit (admin key)",
     "Only the given fields change. To clear a nullable field use --data '{\"address\": null}'.\n"
     "A stale --if-match/--version fails with HTTP 412 and changes nothing: read the unit again.",
     update_opts, 1, 1, run_update},
    {"units", "archive", "<id> (--if-match ETAG | --version N)", "archive a unit (admin key)", NULL,
     archive_opts, 1, 1, run_archive},
    {"units", "history", "<id> [--limit N] [--cursor C] [--all]",
     "list a unit's predicate history, newest first", NULL, history_opts, 1, 1, run_history},
    {"units", "revoke", "<id> --reason TEXT --revoked-on DATE [--decree-number TEXT]",
     "revoke a unit's WBK/WBBM predicate (admin key)",
     "The unit's active predicate becomes revoked and its predicate none; for two years after\n"
     "the date no new proposal for the unit is accepted. A unit without an active predicate\n"
     "fails with HTTP 409. Prints the revoked predicate history row.",
     revoke_opts, 1, 1, run_revoke},
    {"units", "gratification-summary", "<id> [--year Y]",
     "a unit's gratification reports of a year in figures (admin, upg, its unit officer)",
     "Reports by received date, drafts not counted: total, by state, by type, count and value\n"
     "by kind, overdue, high value. Figures only, never identities; small counts are shown\n"
     "as they are (the city-wide figures of zi summary hide them from other keys).",
     gratification_summary_opts, 1, 1, run_gratification_summary},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
