/*
 * cmd_events.c — `zi events …`: one page of the change feed, or follow it.
 */
#include "cli.h"

#include <stdio.h>

static const cli_column event_columns[] = {
    {"SEQ", "seq"},      {"TYPE", "type"}, {"RESOURCE", "resource_id"},
    {"VERSION", "version"}, {"AT", "at"},
};

/* --after, --limit, --wait into params. 0 ok, -1 usage error. */
static int feed_params(const cli_ctx *ctx, zi_event_list_params *p, long default_wait)
{
    long after = 0;
    long limit = 0;
    long wait = default_wait;

    if (cli_opt_long(&ctx->args, "after", 0, 9223372036854775807L, &after) != 0 ||
        cli_opt_long(&ctx->args, "limit", 1, 1000, &limit) != 0 ||
        cli_opt_long(&ctx->args, "wait", 0, 25, &wait) != 0)
        return -1;
    p->after = after;
    p->limit = (int)limit;
    p->wait_s = (int)wait;
    return 0;
}

static int run_list(cli_ctx *ctx)
{
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    json_t *page = NULL;
    zi_status st;

    if (feed_params(ctx, &p, 0) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_events_list(ctx->client, &p, &page);
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    if (ctx->json) {
        cli_print_json(page);
    } else {
        cli_print_rows(json_object_get(page, "data"), event_columns, N_COLS(event_columns));
        fprintf(stderr, "(next: --after %lld)\n",
                json_integer_value(json_object_get(page, "last_seq")));
    }
    json_decref(page);
    return CLI_EXIT_OK;
}

/* One event per line: compact JSON (NDJSON), or fixed columns on a terminal. */
static void print_event(const cli_ctx *ctx, const json_t *ev)
{
    if (ctx->json) {
        json_dumpf(ev, stdout, JSON_COMPACT);
        fputc('\n', stdout);
    } else {
        json_t *version = json_object_get(ev, "version");
        char v[24] = "-";
        if (json_is_integer(version))
            snprintf(v, sizeof v, "%lld", json_integer_value(version));
        printf("%-8lld  %-24s  %-36s  %-7s  %s\n",
               json_integer_value(json_object_get(ev, "seq")),
               json_string_value(json_object_get(ev, "type")),
               json_string_value(json_object_get(ev, "resource_id")), v,
               json_string_value(json_object_get(ev, "at")));
    }
    fflush(stdout);
}

static int run_follow(cli_ctx *ctx)
{
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    int until_idle = cli_opt_value(&ctx->args, "until-idle") != NULL;
    long max = 0;
    long seen = 0;
    zi_pager *pager = NULL;
    zi_status st;

    if (feed_params(ctx, &p, until_idle ? 0 : 25) != 0 ||
        cli_opt_long(&ctx->args, "max", 1, 2147483647L, &max) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_events_pager_new(ctx->client, &p, &pager);
    if (st == ZI_OK && !ctx->json)
        printf("%-8s  %-24s  %-36s  %-7s  %s\n", "SEQ", "TYPE", "RESOURCE", "VERSION", "AT");
    while (st == ZI_OK && (max == 0 || seen < max)) {
        json_t *ev = NULL;
        st = zi_pager_next(pager, &ev);
        if (st != ZI_OK)
            break;
        if (!ev) {
            if (until_idle)
                break; /* caught up */
            continue;  /* the long poll ended without news: ask again */
        }
        print_event(ctx, ev);
        json_decref(ev);
        seen++;
    }
    zi_pager_free(pager);
    return st == ZI_OK ? CLI_EXIT_OK : cli_fail(ctx, st);
}

static const cli_opt list_opts[] = {
    {"after", "SEQ", "only events after this sequence number (default 0: the start)"},
    {"limit", "N", "at most N events, 1-1000 (default 50)"},
    {"wait", "S", "with nothing new yet, wait up to S seconds (0-25; default 0)"},
    {NULL, NULL, NULL},
};

static const cli_opt follow_opts[] = {
    {"after", "SEQ", "start after this sequence number (default 0: the start)"},
    {"limit", "N", "events per request, 1-1000 (default 50)"},
    {"wait", "S", "seconds each request waits for news, 0-25 (default 25)"},
    {"until-idle", NULL, "stop once caught up instead of waiting for more"},
    {"max", "N", "stop after N events"},
    {NULL, NULL, NULL},
};

const cli_command cli_events_commands[] = {
    {"events", "list", "[--after SEQ] [--limit N] [--wait S]",
     "one page of the change feed (any API key)",
     "In JSON mode the output is the page as the API returns it: {\"data\": [...], \"last_seq\": n};\n"
     "pass last_seq as --after next time.",
     list_opts, 0, 0, run_list},
    {"events", "follow", "[--after SEQ] [--until-idle] [--max N]",
     "print events as they are committed (any API key)",
     "Long-polls the feed and prints each event as it arrives: one JSON object per line when\n"
     "stdout is not a terminal, columns on a terminal. Runs until interrupted, --max events,\n"
     "or (--until-idle) until caught up. Resume with --after <the last seq printed>.",
     follow_opts, 0, 0, run_follow},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
