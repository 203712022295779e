/*
 * cmd_declarations.c — `zi declarations …`: list, get, create, update (pencanangan ZI).
 */
#include "cli.h"

#include <stdio.h>

static const cli_column declaration_columns[] = {
    {"YEAR", "year"},          {"SCOPE", "scope"}, {"DECLARED ON", "declared_on"},
    {"SIGNER", "signer_name"}, {"PLACE", "place"}, {"UNIT", "unit_id"},
    {"ID", "id"},
};

/* The body fields as options. unit_id and year are create-only: update does not offer
 * them (an option a command does not offer is never given). */
static const cli_field declaration_fields[] = {
    {"unit-id", "unit_id", CLI_FIELD_STRING, 0, 0},
    {"year", "year", CLI_FIELD_INT, 2000, 2100},
    {"declared-on", "declared_on", CLI_FIELD_STRING, 0, 0},
    {"place", "place", CLI_FIELD_STRING, 0, 0},
    {"signer-name", "signer_name", CLI_FIELD_STRING, 0, 0},
    {"signer-position", "signer_position", CLI_FIELD_STRING, 0, 0},
    {"witnesses", "witnesses", CLI_FIELD_LIST, 0, 0},
    {"document-ref", "document_ref", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
};

#define CHANGEABLE_OPTS                                                                    \
    {"declared-on", "DATE", "date of the declaration, YYYY-MM-DD (not in the future; in YEAR)"}, \
        {"place", "TEXT", "where it was declared (1-200 characters)"},                     \
        {"signer-name", "NAME", "who signed it"},                                          \
        {"signer-position", "TEXT", "the signer's position, e.g. 'Wali Kota Mojokerto'"},  \
        {"witnesses", "LIST", "witnesses: 'A; B; C' or a JSON array (0-20)"},              \
        {"document-ref", "TEXT", "decree or charter number"},                              \
        {"note", "TEXT", "a note (up to 2000 characters)"},                                \
        CLI_DATA_OPT

static int run_list(cli_ctx *ctx)
{
    zi_declaration_list_params p = ZI_DECLARATION_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0 || cli_opt_year(&ctx->args, &p.year) != 0)
        return cli_usage_error(ctx, NULL);
    p.sort = cli_opt_value(&ctx->args, "sort");
    p.unit_id = cli_opt_value(&ctx->args, "unit-id");
    p.scope = cli_opt_value(&ctx->args, "scope");
    st = cli_want_all(ctx, &p.limit) ? zi_declarations_pager_new(ctx->client, &p, &pager)
                                     : zi_declarations_list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, declaration_columns, N_COLS(declaration_columns));
}

static int run_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_declarations_get);
}

static int run_create(cli_ctx *ctx)
{
    return cli_run_create(ctx, declaration_fields, N_COLS(declaration_fields), "declaration",
                          "give the declaration: --year, --declared-on, --place, --signer-name and "
                          "--signer-position (or --data)",
                          zi_declarations_create);
}

static int run_update(cli_ctx *ctx)
{
    return cli_run_update(ctx, "zi declarations get", declaration_fields,
                          N_COLS(declaration_fields), "declaration",
                          "nothing to change: give field options or --data",
                          zi_declarations_update);
}

static const cli_opt list_opts[] = {
    {"year", "YEAR", "only declarations of this year"},
    {"unit-id", "ID", "only this unit's declarations"},
    {"scope", "SCOPE", "city (city-wide only) or unit (units' only)"},
    {"sort", "KEY", "-declared_on (default, newest first) or declared_on"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt create_opts[] = {
    {"unit-id", "ID", "the unit declaring; leave out for the city-wide declaration"},
    {"year", "YEAR", "the year declared for (2000-2100)"},
    CHANGEABLE_OPTS,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt update_opts[] = {
    CLI_PRECONDITION_OPTS("3", "zi declarations get", "declaration"),
    CHANGEABLE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_declarations_commands[] = {
    {"declarations", "list", "[options]", "list ZI declarations, newest first (public)",
     "In JSON mode the output is the page as the API returns it: {\"data\": [...],\n"
     "\"next_cursor\": ...}.",
     list_opts, 0, 0, run_list},
    {"declarations", "get", "<id>", "show one declaration and its ETag (public)", NULL, NULL, 1,
     1, run_get},
    {"declarations", "create",
     "--year Y --declared-on DATE --place TEXT --signer-name NAME --signer-position TEXT "
     "[--unit-id ID] [options]",
     "declare ZI for a unit or, without --unit-id, the city (admin, unit officer)",
     "One declaration per unit (or for the city) and year: a second one fails with HTTP 409.\n"
     "Example: zi declarations create --unit-id <id> --year 2026 --declared-on 2026-01-15 \\\n"
     "           --place 'Aula' --signer-name 'Nama' --signer-position 'Kepala' \\\n"
     "           --witnesses 'Saksi Satu; Saksi Dua'",
     create_opts, 0, 0, run_create},
    {"declarations", "update", "<id> (--if-match ETAG | --version N) [field options]",
     "change fields of a declaration (admin, unit officer)",
     "unit_id and year cannot change. To clear a nullable field use\n"
     "--data '{\"note\": null}'. A stale --if-match/--version fails with HTTP 412.",
     update_opts, 1, 1, run_update},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
