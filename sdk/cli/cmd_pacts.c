/*
 * cmd_pacts.c — `zi pacts …`: integrity pact signatures: sign, import (CSV or JSON), list,
 * get, coverage (of a unit or of the city).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const cli_column pact_columns[] = {
    {"YEAR", "year"},         {"SIGNED ON", "signed_on"}, {"CIVIL SERVANT", "civil_servant"},
    {"NIP", "nip"},           {"NAME", "name"},           {"POSITION", "position"},
    {"TRIGGER", "trigger"},   {"ID", "id"},
};

static const cli_field pact_fields[] = {
    {"year", "year", CLI_FIELD_INT, 2000, 2100},
    {"nip", "nip", CLI_FIELD_STRING, 0, 0},
    {"name", "name", CLI_FIELD_STRING, 0, 0},
    {"position", "position", CLI_FIELD_STRING, 0, 0},
    {"signed-on", "signed_on", CLI_FIELD_STRING, 0, 0},
    {"witness-name", "witness_name", CLI_FIELD_STRING, 0, 0},
    {"witness-position", "witness_position", CLI_FIELD_STRING, 0, 0},
    {"trigger", "trigger", CLI_FIELD_STRING, 0, 0},
};

static int run_sign(cli_ctx *ctx)
{
    json_t *body = NULL;
    json_t *signature = NULL;
    zi_etag etag;
    zi_status st;
    int rc = cli_command_body(ctx, pact_fields, N_COLS(pact_fields), "signature",
                              "give the signature: --year, --name, --position, --signed-on and "
                              "--trigger (or --data)",
                              &body);

    if (rc != 0)
        return rc;
    st = zi_pacts_sign(ctx->client, ctx->args.pos[0], body,
                       cli_opt_value(&ctx->args, "idempotency-key"), &signature, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, signature, &etag);
}

/* Is the upload JSON? --format wins; else a file name ending in .json. -1: bad --format. */
static int is_json_upload(const cli_ctx *ctx, const char *path)
{
    const char *format = cli_opt_value(&ctx->args, "format");
    size_t n = strlen(path);

    if (format) {
        if (strcmp(format, "json") == 0)
            return 1;
        if (strcmp(format, "csv") == 0)
            return 0;
        fprintf(stderr, "zi: --format takes csv or json, not \"%s\"\n", format);
        return -1;
    }
    return n >= 5 && strcasecmp(path + n - 5, ".json") == 0;
}

/* A failed upload: the problem (cli_fail), then every bad row it lists in "rows". */
static int import_failed(const cli_ctx *ctx, zi_status st)
{
    const json_t *problem = zi_last_error(ctx->client)->problem;
    const json_t *rows = json_object_get(problem, "rows");
    int rc = cli_fail(ctx, st);
    size_t i;
    const json_t *row;

    if (!json_is_array(rows) || json_array_size(rows) == 0)
        return rc;
    fprintf(stderr, "%lld of %lld rows are invalid (nothing was written):\n",
            json_integer_value(json_object_get(problem, "rows_invalid")),
            json_integer_value(json_object_get(problem, "rows_total")));
    json_array_foreach(rows, i, row) {
        size_t j;
        const json_t *e;

        json_array_foreach(json_object_get(row, "errors"), j, e) {
            const char *field = json_string_value(json_object_get(e, "field"));
            const char *code = json_string_value(json_object_get(e, "code"));
            const char *message = json_string_value(json_object_get(e, "message"));

            fprintf(stderr, "  line %lld: %s: %s: %s\n",
                    json_integer_value(json_object_get(row, "line")), field ? field : "-",
                    code ? code : "-", message ? message : "");
        }
    }
    return rc;
}

static int run_import(cli_ctx *ctx)
{
    const char *unit_id = ctx->args.pos[0];
    const char *path = ctx->args.pos[1];
    const char *idem = cli_opt_value(&ctx->args, "idempotency-key");
    int as_json = is_json_upload(ctx, path);
    char *data = NULL;
    size_t len = 0;
    json_t *result = NULL;
    zi_status st;

    if (as_json < 0)
        return cli_usage_error(ctx, NULL);
    if (cli_read_file(path, &data, &len) != 0)
        return cli_usage_error(ctx, NULL);
    if (as_json) {
        json_error_t err;
        json_t *doc = json_loadb(data, len, 0, &err);
        json_t *rows = json_is_object(doc) ? json_object_get(doc, "signatures") : doc;

        if (!json_is_array(rows)) {
            fprintf(stderr, "zi: %s is not a JSON array of signatures (nor {\"signatures\": "
                            "[...]})%s%s\n",
                    path, doc ? "" : ": ", doc ? "" : err.text);
            json_decref(doc);
            free(data);
            return cli_usage_error(ctx, NULL);
        }
        st = zi_pacts_import_json(ctx->client, unit_id, rows, idem, &result);
        json_decref(doc);
    } else {
        st = zi_pacts_import_csv(ctx->client, unit_id, data, len, idem, &result);
    }
    free(data);
    if (st != ZI_OK)
        return import_failed(ctx, st);
    return cli_finish_result(ctx, st, result);
}

static int run_list(cli_ctx *ctx)
{
    zi_pact_list_params p = ZI_PACT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0 || cli_opt_year(&ctx->args, &p.year) != 0 ||
        cli_opt_tristate(&ctx->args, "civil-servant", &p.civil_servant) != 0)
        return cli_usage_error(ctx, NULL);
    if (cli_want_all(ctx, &p.limit))
        st = cli_drain_new(zi_pacts_pager_new(ctx->client, ctx->args.pos[0], &p, &pager), &pager,
                           &page);
    else
        st = zi_pacts_list(ctx->client, ctx->args.pos[0], &p, &page);
    return cli_finish_page(ctx, st, page, pact_columns, N_COLS(pact_columns));
}

static int run_get(cli_ctx *ctx)
{
    json_t *signature = NULL;
    zi_etag etag;
    zi_status st = zi_pacts_get(ctx->client, ctx->args.pos[0], ctx->args.pos[1], &signature,
                                &etag);

    return cli_finish_resource(ctx, st, signature, &etag);
}

static int run_coverage(cli_ctx *ctx)
{
    int city = cli_opt_value(&ctx->args, "city") != NULL;
    json_t *coverage = NULL;
    int year = 0;
    zi_status st;

    if (cli_opt_year(&ctx->args, &year) != 0)
        return cli_usage_error(ctx, NULL);
    if (city == (ctx->args.n_pos == 1))
        return cli_usage_error(ctx, "give a unit id or --city");
    if (city)
        st = zi_pacts_city_coverage(ctx->client, year, &coverage);
    else
        st = zi_pacts_coverage(ctx->client, ctx->args.pos[0], year, &coverage);
    return cli_finish_result(ctx, st, coverage);
}

static const cli_opt sign_opts[] = {
    {"year", "YEAR", "the year signed for (2000-2100)"},
    {"nip", "NIP", "the signer's 18-digit NIP; leave out for staff who are not civil servants"},
    {"name", "NAME", "the signer's name"},
    {"position", "TEXT", "the signer's position"},
    {"signed-on", "DATE", "YYYY-MM-DD (not in the future; in YEAR)"},
    {"witness-name", "NAME", "the witness"},
    {"witness-position", "TEXT", "the witness's position"},
    {"trigger", "WHY", "annual, appointment, transfer or declaration"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt import_opts[] = {
    {"format", "FMT", "csv or json (default: json for a *.json file, else csv)"},
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt list_opts[] = {
    {"year", "YEAR", "only signatures of this year"},
    {"civil-servant", "BOOL", "true: only signers with a NIP; false: only those without"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt coverage_opts[] = {
    {"city", NULL, "the whole city (active units) instead of one unit"},
    {"year", "YEAR", "the year (default: the current one)"},
    {NULL, NULL, NULL},
};

const cli_command cli_pacts_commands[] = {
    {"pacts", "sign", "<unit-id> --year Y --name NAME --position TEXT --signed-on DATE "
                      "--trigger WHY [options]",
     "record one signed integrity pact (admin, unit officer)",
     "The same NIP (or, without one, the same name and position) twice for a unit and year\n"
     "fails with HTTP 409.",
     sign_opts, 1, 1, run_sign},
    {"pacts", "import", "<unit-id> <FILE.csv | FILE.json | -> [--format csv|json]",
     "upload signatures from CSV or JSON, all or nothing (admin, unit officer)",
     "CSV (sent as text/csv; charset=utf-8): a header record naming the columns (year, nip,\n"
     "name, position, signed_on, witness_name, witness_position, trigger; any order; year,\n"
     "name, position, signed_on and trigger required), then one record per signature; an\n"
     "empty cell is null. JSON: an array of signature objects (or {\"signatures\": [...]}).\n"
     "At most 5000 rows and 2 MiB. If any row is bad nothing is written: the command exits 1\n"
     "and lists every bad row (CSV line numbers count the header as line 1).",
     import_opts, 2, 2, run_import},
    {"pacts", "list", "<unit-id> [options]", "list a unit's pact signatures, oldest first",
     "Names, NIPs, positions and witnesses are shown only to admin and upg keys, the unit's\n"
     "officers and the signer; other keys see the rows without them.",
     list_opts, 1, 1, run_list},
    {"pacts", "get", "<unit-id> <signature-id>", "show one pact signature", NULL, NULL, 2, 2,
     run_get},
    {"pacts", "coverage", "(<unit-id> | --city) [--year Y]",
     "how many staff signed: of a unit, or of the whole city (public)",
     "ratio = signed / staff_count (null when the unit's staff count is unknown).",
     coverage_opts, 0, 1, run_coverage},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
