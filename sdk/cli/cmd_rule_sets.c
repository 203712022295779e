/*
 * cmd_rule_sets.c — `zi rule-sets …`: the KPK rule sets that decide gratification deadlines,
 * the high-value threshold and the exceptions (list; show by id or by code).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const cli_column rule_set_columns[] = {
    {"CODE", "code"},           {"EFFECTIVE FROM", "effective_from"}, {"CONFIRMED", "confirmed"},
    {"LEGAL DAYS", "legal_days"}, {"LAPSE DAYS", "lapse_days"},         {"NAME", "name"},
    {"ID", "id"},
};

static int run_list(cli_ctx *ctx)
{
    return cli_run_page_list(ctx, zi_rule_sets_pager_new, zi_rule_sets_list, rule_set_columns,
                             N_COLS(rule_set_columns));
}

/* Does s look like a UUID (36 characters, hyphens at 8, 13, 18 and 23, hex elsewhere)? */
static int looks_like_uuid(const char *s)
{
    size_t i;

    if (strlen(s) != 36)
        return 0;
    for (i = 0; i < 36; i++) {
        int hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]))
            return 0;
    }
    return 1;
}

/* The id of the rule set whose code is code (copied into id, 64 bytes): ZI_OK, or
 * ZI_E_NOT_FOUND after saying so, or the failure of the list. */
static zi_status id_of_code(cli_ctx *ctx, const char *code, char id[64])
{
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    zi_status st;

    p.limit = 200;
    st = zi_rule_sets_pager_new(ctx->client, &p, &pager);
    while (st == ZI_OK) {
        json_t *item = NULL;
        st = zi_pager_next(pager, &item);
        if (st != ZI_OK)
            break;
        if (!item) {
            st = ZI_E_NOT_FOUND;
            break;
        }
        if (strcmp(json_string_value(json_object_get(item, "code")) ?
                       json_string_value(json_object_get(item, "code")) : "",
                   code) == 0) {
            snprintf(id, 64, "%s", json_string_value(json_object_get(item, "id")) ?
                                      json_string_value(json_object_get(item, "id")) : "");
            json_decref(item);
            break;
        }
        json_decref(item);
    }
    zi_pager_free(pager);
    return st;
}

static int run_show(cli_ctx *ctx)
{
    const char *arg = ctx->args.pos[0];
    char id[64];
    json_t *rule_set = NULL;
    zi_etag etag;
    zi_status st;

    if (looks_like_uuid(arg))
        return cli_run_by_id(ctx, zi_rule_sets_get);
    st = id_of_code(ctx, arg, id);
    if (st == ZI_E_NOT_FOUND) {
        fprintf(stderr, "zi: no rule set has the code \"%s\" (zi rule-sets list shows them)\n",
                arg);
        return CLI_EXIT_API;
    }
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    st = zi_rule_sets_get(ctx->client, id, &rule_set, &etag);
    return cli_finish_resource(ctx, st, rule_set, &etag);
}

static const cli_opt page_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

const cli_command cli_rule_sets_commands[] = {
    {"rule-sets", "list", "[--limit N] [--cursor C] [--all]",
     "list the KPK gratification rule sets, oldest effective date first (public)",
     "The rule set applying to a report or an advice is the one with the latest\n"
     "effective_from on or before its received date (or date).",
     page_opts, 0, 0, run_list},
    {"rule-sets", "show", "<id | code>",
     "show one rule set: deadlines, high-value threshold, exceptions (public)",
     "The argument is the rule set's id or its code, e.g. kpk-2026.", NULL, 1, 1, run_show},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
