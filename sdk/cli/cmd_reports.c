/*
 * cmd_reports.c — `zi reports …`: gratification reports: assess (advice on a gift, public),
 * file, list, show, update, transition (one step of the workflow), transitions (the steps
 * taken), accesses (who saw a report) and export (the list as CSV).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define VALUE_MAX 1000000000000L /* the contract's largest value_idr */

static const cli_column report_columns[] = {
    {"RECEIVED", "received_on"}, {"TYPE", "type"},         {"STATE", "state"},
    {"KIND", "kind"},            {"VALUE", "value_idr"},   {"NEXT DUE", "next_due"},
    {"UNIT", "unit_id"},         {"VERSION", "version"},   {"ID", "id"},
};

static const cli_column transition_columns[] = {
    {"AT", "at"}, {"OCCURRED ON", "occurred_on"}, {"FROM", "from"},
    {"TO", "to"}, {"ACTOR", "actor_key_id"},      {"NOTE", "note"},
};

static const cli_column access_columns[] = {
    {"SEQ", "seq"},       {"AT", "at"},          {"WAY", "way"},
    {"ROLE", "key_role"}, {"KEY", "key_name"},   {"KEY ID", "key_id"},
};

/* The members of a report; unit_id and type (the first two) are create-only. */
static const cli_field report_fields[] = {
    {"unit-id", "unit_id", CLI_FIELD_STRING, 0, 0},
    {"type", "type", CLI_FIELD_STRING, 0, 0},
    {"reporter-nik", "reporter_nik", CLI_FIELD_STRING, 0, 0},
    {"reporter-nip", "reporter_nip", CLI_FIELD_STRING, 0, 0},
    {"reporter-name", "reporter_name", CLI_FIELD_STRING, 0, 0},
    {"reporter-address", "reporter_address", CLI_FIELD_STRING, 0, 0},
    {"reporter-phone", "reporter_phone", CLI_FIELD_STRING, 0, 0},
    {"reporter-position", "reporter_position", CLI_FIELD_STRING, 0, 0},
    {"giver-name", "giver_name", CLI_FIELD_STRING, 0, 0},
    {"giver-address", "giver_address", CLI_FIELD_STRING, 0, 0},
    {"giver-relationship", "giver_relationship", CLI_FIELD_STRING, 0, 0},
    {"kind", "kind", CLI_FIELD_STRING, 0, 0},
    {"description", "description", CLI_FIELD_STRING, 0, 0},
    {"value-idr", "value_idr", CLI_FIELD_INT, 0, VALUE_MAX},
    {"received-on", "received_on", CLI_FIELD_STRING, 0, 0},
    {"place", "place", CLI_FIELD_STRING, 0, 0},
    {"occasion", "occasion", CLI_FIELD_STRING, 0, 0},
    {"chronology", "chronology", CLI_FIELD_STRING, 0, 0},
    {"job-related", "job_related", CLI_FIELD_BOOL, 0, 0},
    {"perishable", "perishable", CLI_FIELD_BOOL, 0, 0},
    {"deposit-receipt-number", "deposit_receipt_number", CLI_FIELD_STRING, 0, 0},
    {"found-by-audit", "found_by_audit", CLI_FIELD_BOOL, 0, 0},
};

static const cli_field step_fields[] = {
    {"to", "to", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
    {"occurred-on", "occurred_on", CLI_FIELD_STRING, 0, 0},
    {"gol-reference", "gol_reference", CLI_FIELD_STRING, 0, 0},
    {"kpk-letter-number", "kpk_letter_number", CLI_FIELD_STRING, 0, 0},
    {"kpk-letter-date", "kpk_letter_date", CLI_FIELD_STRING, 0, 0},
    {"outcome", "outcome", CLI_FIELD_STRING, 0, 0},
};

static const cli_field assess_fields[] = {
    {"kind", "kind", CLI_FIELD_STRING, 0, 0},
    {"value-idr", "value_idr", CLI_FIELD_INT, 0, VALUE_MAX},
    {"giver-relationship", "giver_relationship", CLI_FIELD_STRING, 0, 0},
    {"occasion", "occasion", CLI_FIELD_STRING, 0, 0},
    {"job-related", "job_related", CLI_FIELD_BOOL, 0, 0},
    {"date", "date", CLI_FIELD_STRING, 0, 0},
    {"given-this-year-idr", "given_this_year_idr", CLI_FIELD_INT, 0, VALUE_MAX},
};

/* An optional integer option into *out (absent: left unset); 0 ok, -1 usage error. */
static int opt_int(const cli_args *a, const char *name, long min, long max, zi_opt_int *out)
{
    long n = 0;

    if (!cli_opt_value(a, name))
        return 0;
    if (cli_opt_long(a, name, min, max, &n) != 0)
        return -1;
    *out = ZI_INT(n);
    return 0;
}

/* The filters, sort and paging of list and export into *p; 0 ok, -1 usage error (said). */
static int list_params(const cli_ctx *ctx, zi_report_list_params *p)
{
    const cli_args *a = &ctx->args;

    if (cli_page_opts(ctx, &p->limit, &p->cursor) != 0 ||
        cli_opt_tristate(a, "overdue", &p->overdue) != 0 ||
        opt_int(a, "due-within", 0, 260, &p->due_within) != 0 ||
        opt_int(a, "value-min", 0, VALUE_MAX, &p->value_min) != 0 ||
        opt_int(a, "value-max", 0, VALUE_MAX, &p->value_max) != 0)
        return -1;
    p->state = cli_opt_value(a, "state");
    p->type = cli_opt_value(a, "type");
    p->kind = cli_opt_value(a, "kind");
    p->unit_id = cli_opt_value(a, "unit-id");
    p->received_from = cli_opt_value(a, "received-from");
    p->received_to = cli_opt_value(a, "received-to");
    p->sort = cli_opt_value(a, "sort");
    return 0;
}

static int run_assess(cli_ctx *ctx)
{
    json_t *body = NULL;
    json_t *advice = NULL;
    zi_status st;
    int rc = cli_command_body(ctx, assess_fields, N_COLS(assess_fields), "gift",
                              "describe the gift: --kind, --value-idr, --giver-relationship, "
                              "--occasion, --job-related and --date (or --data)",
                              &body);

    if (rc != 0)
        return rc;
    st = zi_reports_assess(ctx->client, body, &advice);
    json_decref(body);
    return cli_finish_result(ctx, st, advice);
}

static int run_file(cli_ctx *ctx)
{
    return cli_run_create(ctx, report_fields, N_COLS(report_fields), "report",
                          "give the report's fields as options or with --data", zi_reports_create);
}

static int run_list(cli_ctx *ctx)
{
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (list_params(ctx, &p) != 0)
        return cli_usage_error(ctx, NULL);
    st = cli_want_all(ctx, &p.limit) ? zi_reports_pager_new(ctx->client, &p, &pager)
                                     : zi_reports_list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, report_columns, N_COLS(report_columns));
}

static int run_show(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_reports_get);
}

static int run_update(cli_ctx *ctx)
{
    /* unit_id and type are create-only: not offered (--data may still send them, and the
     * server answers 400 read_only). */
    return cli_run_update(ctx, "zi reports show", report_fields + 2, N_COLS(report_fields) - 2,
                          "report", "nothing to change: give field options or --data",
                          zi_reports_update);
}

static int run_transition(cli_ctx *ctx)
{
    return cli_run_transition(ctx, "zi reports show", step_fields, N_COLS(step_fields), "report",
                              zi_reports_transition);
}

static int run_transitions(cli_ctx *ctx)
{
    return cli_run_sub_list(ctx, zi_reports_transitions_pager_new, zi_reports_transitions,
                            transition_columns, N_COLS(transition_columns));
}

static int run_accesses(cli_ctx *ctx)
{
    return cli_run_sub_list(ctx, zi_reports_accesses_pager_new, zi_reports_accesses,
                            access_columns, N_COLS(access_columns));
}

/* The CSV text of one page on stdout, without its header row when skip_header is set. */
static void put_csv(const json_t *csv, int skip_header)
{
    const char *text = json_string_value(csv);
    size_t len = json_string_length(csv);

    if (skip_header) {
        const char *nl = memchr(text, '\n', len);
        size_t header = nl ? (size_t)(nl - text) + 1 : len;
        text += header;
        len -= header;
    }
    fwrite(text, 1, len, stdout);
}

/* One page of CSV, or with --all every page under one header row. */
static int run_export(cli_ctx *ctx)
{
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    json_t *csv = NULL;
    json_t *next = NULL;
    int all;
    int pages = 0;
    zi_status st;

    if (list_params(ctx, &p) != 0)
        return cli_usage_error(ctx, NULL);
    all = cli_want_all(ctx, &p.limit);
    for (;;) {
        json_t *cursor = next;

        p.cursor = cursor ? json_string_value(cursor) : p.cursor;
        st = zi_reports_export_csv(ctx->client, &p, &csv, &next);
        json_decref(cursor);
        if (st != ZI_OK)
            return cli_fail(ctx, st);
        put_csv(csv, pages++ > 0);
        json_decref(csv);
        csv = NULL;
        if (!next)
            return CLI_EXIT_OK;
        if (!all) {
            fprintf(stderr, "(more: add --cursor %s, or use --all)\n", json_string_value(next));
            json_decref(next);
            return CLI_EXIT_OK;
        }
    }
}

#define LIST_FILTER_OPTS                                                                        \
    {"state", "STATE", "only reports in this state (draft, submitted, verifying, ...)"},      \
        {"type", "TYPE", "only refusal or receipt reports"},                                    \
        {"kind", "KIND", "only gifts of this kind (money, goods, service, ...)"},                \
        {"unit-id", "ID", "only this unit's reports"},                                          \
        {"overdue", "BOOL", "true: the next deadline has passed; false: it has not (or none)"}, \
        {"due-within", "N", "next deadline within N working days (0-260; overdue included)"},   \
        {"value-min", "IDR", "value at least IDR rupiah"},                                      \
        {"value-max", "IDR", "value at most IDR rupiah"},                                       \
        {"received-from", "DATE", "received on or after DATE (YYYY-MM-DD)"},                    \
        {"received-to", "DATE", "received on or before DATE (YYYY-MM-DD)"},                     \
        {"sort", "ORDER", "created_at (default) or next_due (soonest deadline first)"},         \
        CLI_PAGE_OPTS

/* The options of file (all) and update (all but --unit-id and --type). */
#define REPORT_FIELD_OPTS                                                                        \
    {"reporter-nik", "NIK", "the reporter's NIK (16 digits)"},                                   \
        {"reporter-nip", "NIP", "the reporter's NIP (18 digits; an employee's own by default)"}, \
        {"reporter-name", "TEXT", "the reporter's name"},                                        \
        {"reporter-address", "TEXT", "the reporter's address"},                                  \
        {"reporter-phone", "PHONE", "the reporter's phone, e.g. +62 812-3456-7890"},             \
        {"reporter-position", "TEXT", "the reporter's position"},                                \
        {"giver-name", "TEXT", "who gave or offered it"},                                        \
        {"giver-address", "TEXT", "the giver's address"},                                        \
        {"giver-relationship", "REL", "family, colleague, service_user, vendor, "                \
                                      "other_official or other"},                                \
        {"kind", "KIND", "money, goods, service, facility, discount, loan, ticket, lodging, "    \
                         "food or other"},                                                       \
        {"description", "TEXT", "what it is (up to 1000 characters)"},                           \
        {"value-idr", "IDR", "its estimated value in whole rupiah"},                             \
        {"received-on", "DATE", "when it was received (a refusal: offered), YYYY-MM-DD"},        \
        {"place", "TEXT", "where"},                                                              \
        {"occasion", "OCCASION", "wedding, birth, religious, farewell, birthday, seminar, "      \
                                 "promotion, public_prize, honorarium, flowers, shared_food, "   \
                                 "to_institution, service or other"},                            \
        {"chronology", "TEXT", "what happened (up to 10000 characters)"},                        \
        {"job-related", "BOOL", "true when it is related to the reporter's office"},             \
        {"perishable", "BOOL", "true for perishable goods such as food (default false)"},        \
        {"deposit-receipt-number", "TEXT", "the receipt number when handed to the UPG"},         \
        {"found-by-audit", "BOOL", "true when found by an audit (admin, upg only)"},             \
        CLI_DATA_OPT

static const cli_opt assess_opts[] = {
    {"kind", "KIND", "money, goods, service, facility, discount, loan, ticket, lodging, food "
                     "or other"},
    {"value-idr", "IDR", "its estimated value in whole rupiah"},
    {"giver-relationship", "REL", "family, colleague, service_user, vendor, other_official or "
                                  "other"},
    {"occasion", "OCCASION", "wedding, birth, religious, farewell, birthday, seminar, ... or "
                             "other"},
    {"job-related", "BOOL", "true when it is related to your office"},
    {"date", "DATE", "when it is (or was) given, YYYY-MM-DD"},
    {"given-this-year-idr", "IDR", "what the same giver already gave this year (default 0)"},
    CLI_DATA_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt file_opts[] = {
    {"unit-id", "ID", "the reporter's unit (an employee: their own)"},
    {"type", "TYPE", "refusal or receipt"},
    REPORT_FIELD_OPTS,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt list_opts[] = {
    LIST_FILTER_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt update_opts[] = {
    CLI_PRECONDITION_OPTS("2", "zi reports show", "report"),
    REPORT_FIELD_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt transition_opts[] = {
    CLI_PRECONDITION_OPTS("2", "zi reports show", "report"),
    {"to", "STATE", "the next state (zi reports show shows allowed_next)"},
    {"note", "TEXT", "a note on the step (required for incomplete, social_aid, "
                     "returned_to_giver)"},
    {"occurred-on", "DATE", "when it happened, YYYY-MM-DD (default today, not in the future)"},
    {"gol-reference", "REF", "the GOL (KPK online) reference (required for forwarded)"},
    {"kpk-letter-number", "TEXT", "the KPK decision letter's number (decided)"},
    {"kpk-letter-date", "DATE", "the KPK decision letter's date (decided)"},
    {"outcome", "OUTCOME", "state_property, state_property_compensated, recipient_property or "
                           "not_followed_up (decided)"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt page_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_reports_commands[] = {
    {"reports", "assess", "--kind K --value-idr IDR --giver-relationship R --occasion O "
                          "--job-related BOOL --date DATE",
     "advice on a gift: refuse, report, or exempt (public; nothing is stored)",
     "The answer: advice (must_refuse, must_report or may_be_exempt), the reasons, the\n"
     "exception that applies, the KPK rule set of the date, high_value and report_due_on\n"
     "(the date plus the rule set's legal working days). Advisory only.\n"
     "Example: zi reports assess --kind money --value-idr 1500000 --giver-relationship vendor \\\n"
     "           --occasion service --job-related true --date 2026-03-17",
     assess_opts, 0, 0, run_assess},
    {"reports", "file", "--unit-id ID --type refusal|receipt [field options | --data JSON]",
     "file a gratification report; it starts as draft (admin, upg, employee)",
     "An employee files for themselves: their unit, and --reporter-nip left out (it becomes\n"
     "the key's NIP). The UPG and admins file on anyone's behalf. Then submit it with\n"
     "zi reports transition <id> --version 1 --to submitted.",
     file_opts, 0, 0, run_file},
    {"reports", "list", "[filters] [--sort created_at|next_due] [--limit N] [--cursor C] [--all]",
     "list gratification reports (admin, upg; an employee: their own)",
     "In JSON mode the output is the page as the API returns it: {\"data\": [...],\n"
     "\"next_cursor\": ...}. Each report carries its running deadlines and next_due.\n"
     "Example: zi reports list --overdue true --sort next_due",
     list_opts, 0, 0, run_list},
    {"reports", "show", "<id>",
     "show one report with its deadlines, allowed next states and ETag (admin, upg, reporter)",
     NULL, NULL, 1, 1, run_show},
    {"reports", "update", "<id> (--if-match ETAG | --version N) [field options | --data JSON]",
     "change a report in draft or incomplete (admin, upg, reporter)",
     "--unit-id and --type cannot change. A report in another state fails with HTTP 409.",
     update_opts, 1, 1, run_update},
    {"reports", "transition", "<id> (--if-match ETAG | --version N) --to STATE [options]",
     "move a report one step on (admin, upg; the reporter: submitted, and verifying again)",
     "A state not reachable from the current one fails with HTTP 409 and lists the allowed\n"
     "next states; a step of another role with HTTP 403; a stale --if-match/--version with\n"
     "HTTP 412; a member the step needs and lacks (or does not take) with HTTP 422.\n"
     "Example: zi reports transition <id> --version 4 --to forwarded --gol-reference GOL-123",
     transition_opts, 1, 1, run_transition},
    {"reports", "transitions", "<id> [--limit N] [--cursor C] [--all]",
     "list the steps a report has taken, oldest first (admin, upg, reporter)", NULL, page_opts, 1,
     1, run_transitions},
    {"reports", "accesses", "<id> [--limit N] [--cursor C] [--all]",
     "list who saw a report and how (read, list, csv), oldest first (admin, reporter)", NULL,
     page_opts, 1, 1, run_accesses},
    {"reports", "export", "[filters] [--limit N] [--cursor C] [--all]",
     "write reports as CSV on stdout (admin, upg; an employee: their own)",
     "The filters of zi reports list. The output is CSV (RFC 4180, UTF-8, a header row)\n"
     "whatever --json/--table say; with --all every page follows under one header row.\n"
     "Example: zi reports export --received-from 2026-01-01 --all > laporan.csv",
     list_opts, 0, 0, run_export},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
