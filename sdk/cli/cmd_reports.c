/*
 * cmd_reports.c — `zi reports …`: gratification reports: assess (advice on a gift, public),
 * file, list, show, update, transition (one step of the workflow), transitions (the steps
 * taken), accesses (who saw a report), export (the queue as CSV, streamed), evidence (add,
 * list, get a report's files) and packet (what goes to the KPK, JSON or CSV).
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const cli_column evidence_columns[] = {
    {"CREATED", "created_at"}, {"TYPE", "media_type"}, {"BYTES", "size_bytes"},
    {"NAME", "filename"},      {"ERASED", "erased"},  {"SHA-256", "sha256"},
    {"ID", "id"},
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

/* The filters of list and export into *p; 0 ok, -1 usage error (said). */
static int filter_params(const cli_ctx *ctx, zi_report_list_params *p)
{
    const cli_args *a = &ctx->args;

    if (cli_opt_tristate(a, "overdue", &p->overdue) != 0 ||
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
    return 0;
}

/* The filters, sort and paging of list into *p; 0 ok, -1 usage error (said). */
static int list_params(const cli_ctx *ctx, zi_report_list_params *p)
{
    if (cli_page_opts(ctx, &p->limit, &p->cursor) != 0 || filter_params(ctx, p) != 0)
        return -1;
    p->sort = cli_opt_value(&ctx->args, "sort");
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

/* zi_data_fn of the export: each chunk straight to stdout (userdata: a size_t counting the
 * bytes written); a failed write stops the transfer. */
static int put_chunk(const char *data, size_t len, void *userdata)
{
    *(size_t *)userdata += len;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* Every matching report as CSV on stdout, as the server streams it. */
static int run_export(cli_ctx *ctx)
{
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    size_t written = 0;
    zi_status st;

    if (filter_params(ctx, &p) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_reports_export_csv_stream(ctx->client, &p, put_chunk, &written);
    if (st == ZI_E_ABORTED || (fflush(stdout) != 0 && st == ZI_OK)) {
        fprintf(stderr, "zi: cannot write the CSV: %s\n", strerror(errno));
        return CLI_EXIT_INTERNAL;
    }
    if (st != ZI_OK && written > 0)
        fprintf(stderr, "zi: the export was cut short after %zu bytes: what was written is "
                        "incomplete\n", written);
    return st == ZI_OK ? CLI_EXIT_OK : cli_fail(ctx, st);
}

/* The packet of a report: JSON (or a table), or with --csv its CSV on stdout. */
static int run_packet(cli_ctx *ctx)
{
    const char *id = ctx->args.pos[0];
    json_t *v = NULL;
    zi_status st;

    if (cli_opt_value(&ctx->args, "csv") == NULL) {
        st = zi_reports_packet(ctx->client, id, &v);
        return cli_finish_result(ctx, st, v);
    }
    st = zi_reports_packet_csv(ctx->client, id, &v);
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    fwrite(json_string_value(v), 1, json_string_length(v), stdout);
    json_decref(v);
    return CLI_EXIT_OK;
}

/* ---- evidence ---- */

/* The media type of a file by its first bytes, as the server decides it; NULL: none of
 * the accepted types. */
static const char *sniff_type(const unsigned char *d, size_t n)
{
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 12 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return "image/webp";
    if (n >= 8 && memcmp(d, "%PDF-", 5) == 0)
        return "application/pdf";
    return NULL;
}

/* Is every option given one of allowed (NULL-terminated) or a global one? Else say which is
 * not for this action; 0 ok, -1 usage error (said). */
static int only_options(const cli_ctx *ctx, const char *action, const char *const *allowed)
{
    const cli_args *a = &ctx->args;
    size_t i;

    for (i = 0; i < a->n_spec; i++) {
        const char *const *ok;
        const cli_opt *g;
        int fine = 0;

        if (!a->value[i])
            continue;
        for (ok = allowed; *ok && !fine; ok++)
            fine = strcmp(*ok, a->spec[i]->name) == 0;
        for (g = cli_global_opts; g->name && !fine; g++)
            fine = g == a->spec[i];
        if (!fine) {
            fprintf(stderr, "zi: --%s is not an option of zi reports evidence %s\n",
                    a->spec[i]->name, action);
            return -1;
        }
    }
    return 0;
}

static int evidence_add(cli_ctx *ctx)
{
    static const char *const allowed[] = {"type", "filename", "idempotency-key", NULL};
    const char *id = ctx->args.pos[0];
    const char *path = ctx->args.pos[1];
    const char *type = cli_opt_value(&ctx->args, "type");
    const char *name = cli_opt_value(&ctx->args, "filename");
    char *data = NULL;
    size_t len = 0;
    json_t *v = NULL;
    zi_status st;

    if (ctx->args.n_pos != 2)
        return cli_usage_error(ctx, "evidence add takes <report-id> <FILE | ->");
    if (only_options(ctx, "add", allowed) != 0 || cli_read_file(path, &data, &len) != 0)
        return cli_usage_error(ctx, NULL);
    if (!type)
        type = sniff_type((const unsigned char *)data, len);
    if (!type) {
        free(data);
        return cli_usage_error(ctx, "the file is not JPEG, PNG, WebP or PDF by its content "
                                    "(give --type to send it anyway)");
    }
    if (!name && strcmp(path, "-") != 0) {
        const char *slash = strrchr(path, '/');
        name = slash ? slash + 1 : path;
    }
    st = zi_reports_evidence_add(ctx->client, id, data, len, type, name,
                                 cli_opt_value(&ctx->args, "idempotency-key"), &v);
    free(data);
    return cli_finish_result(ctx, st, v);
}

static int evidence_list(cli_ctx *ctx)
{
    static const char *const allowed[] = {"limit", "cursor", "all", NULL};

    if (ctx->args.n_pos != 1)
        return cli_usage_error(ctx, "evidence list takes <report-id>");
    if (only_options(ctx, "list", allowed) != 0)
        return cli_usage_error(ctx, NULL);
    return cli_run_sub_list(ctx, zi_reports_evidence_pager_new, zi_reports_evidence_list,
                            evidence_columns, N_COLS(evidence_columns));
}

/* Write the file to path (created or truncated); 0 ok, -1 after saying why. */
static int write_file(const char *path, const zi_file *f)
{
    FILE *out = fopen(path, "wb");
    int bad;

    if (!out) {
        fprintf(stderr, "zi: cannot create %s: %s\n", path, strerror(errno));
        return -1;
    }
    bad = fwrite(f->data, 1, f->size, out) != f->size;
    bad |= fclose(out) != 0;
    if (bad) {
        fprintf(stderr, "zi: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int evidence_get(cli_ctx *ctx)
{
    static const char *const allowed[] = {"output", NULL};
    const char *output = cli_opt_value(&ctx->args, "output");
    zi_file *f = NULL;
    json_t *v;
    zi_status st;
    int rc = CLI_EXIT_OK;

    if (ctx->args.n_pos != 2)
        return cli_usage_error(ctx, "evidence get takes <report-id> <evidence-id>");
    if (only_options(ctx, "get", allowed) != 0)
        return cli_usage_error(ctx, NULL);
    if (!output && isatty(STDOUT_FILENO))
        return cli_usage_error(ctx, "the file is binary: give --output FILE or redirect stdout");
    st = zi_reports_evidence_get(ctx->client, ctx->args.pos[0], ctx->args.pos[1], &f);
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    if (!output) {
        if (fwrite(f->data, 1, f->size, stdout) != f->size || fflush(stdout) != 0) {
            fprintf(stderr, "zi: cannot write the file: %s\n", strerror(errno));
            rc = CLI_EXIT_INTERNAL;
        }
        zi_file_free(f);
        return rc;
    }
    if (write_file(output, f) != 0) {
        zi_file_free(f);
        return CLI_EXIT_INTERNAL;
    }
    /* What was written where, as the command's answer. */
    v = json_pack("{s:s, s:I, s:s, s:s?, s:s}", "output", output, "size_bytes",
                  (json_int_t)f->size, "media_type", f->media_type, "filename", f->filename,
                  "sha256", f->sha256);
    zi_file_free(f);
    return cli_finish_result(ctx, v ? ZI_OK : ZI_E_NOMEM, v);
}

/* zi reports evidence add|list|get ...: the action word, then its own arguments. */
static int run_evidence(cli_ctx *ctx)
{
    cli_args *a = &ctx->args;
    const char *action = a->pos[0];
    int i;

    for (i = 1; i < a->n_pos; i++)
        a->pos[i - 1] = a->pos[i];
    a->n_pos--;
    if (strcmp(action, "add") == 0)
        return evidence_add(ctx);
    if (strcmp(action, "list") == 0)
        return evidence_list(ctx);
    if (strcmp(action, "get") == 0)
        return evidence_get(ctx);
    fprintf(stderr, "zi: unknown action %s (add, list or get)\n", action);
    return cli_usage_error(ctx, NULL);
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
        {"received-to", "DATE", "received on or before DATE (YYYY-MM-DD)"}

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
    {"sort", "ORDER", "created_at (default) or next_due (soonest deadline first)"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt export_opts[] = {
    LIST_FILTER_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt packet_opts[] = {
    {"csv", NULL, "the packet as CSV (field,value rows) instead of JSON"},
    {NULL, NULL, NULL},
};

static const cli_opt evidence_opts[] = {
    {"type", "MEDIA", "add: image/jpeg, image/png, image/webp or application/pdf (default: "
                      "from the content)"},
    {"filename", "NAME", "add: the file's name on record (default: FILE's base name)"},
    CLI_IDEMPOTENCY_OPT,
    {"output", "FILE", "get: write the file there (default: stdout, not a terminal)"},
    CLI_PAGE_OPTS,
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
    {"reports", "export", "[filters]",
     "write every matching report as CSV on stdout (admin, upg; an employee: their own)",
     "The filters of zi reports list; the oldest report first. The output is CSV (RFC 4180,\n"
     "UTF-8, a header row) whatever --json/--table say, written as the server streams it\n"
     "(GET /v1/gratification-reports/export), so any number of reports fits. If the server\n"
     "cuts the stream, zi says so and exits 3: what was written is incomplete.\n"
     "Example: zi reports export --received-from 2026-01-01 > laporan.csv",
     export_opts, 0, 0, run_export},
    {"reports", "evidence", "add <report-id> <FILE | -> | list <report-id> | get <report-id> "
                            "<evidence-id>",
     "add, list or download a report's evidence files (admin, upg, reporter)",
     "add: uploads a JPEG, PNG, WebP or PDF file (at most 5 MiB, 20 per report; the type is\n"
     "     read from the content unless --type says it) and prints its record: size_bytes,\n"
     "     sha256, ...\n"
     "list: the report's files, oldest first ([--limit N] [--cursor C] [--all]).\n"
     "get: writes the file to --output FILE (and prints what was written) or to stdout;\n"
     "     the bytes are checked against the SHA-256 the server sends.\n"
     "Example: zi reports evidence add <id> kuitansi.pdf\n"
     "         zi reports evidence get <id> <evidence-id> --output kuitansi.pdf",
     evidence_opts, 2, 3, run_evidence},
    {"reports", "packet", "<id> [--csv]",
     "the packet for the KPK: reporter, giver, object, chronology, evidence (admin, upg)",
     "Only once the UPG has verified the report (else HTTP 409). With --csv, field,value\n"
     "rows on stdout whatever --json/--table say.",
     packet_opts, 1, 1, run_packet},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
