/*
 * cmd_calendar.c — `zi calendar …`: the working-day calendar (list, show and put a year's
 * holidays and cuti bersama) and `zi calendar add`, the working-day arithmetic on it.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static const cli_column year_columns[] = {
    {"YEAR", "year"},     {"COMPLETE", "complete"}, {"WORKING DAYS", "working_days"},
    {"SOURCE", "source"}, {"VERSION", "version"},
};

static const cli_field year_fields[] = {
    {"complete", "complete", CLI_FIELD_BOOL, 0, 0},
    {"source", "source", CLI_FIELD_STRING, 0, 0},
    {"note", "note", CLI_FIELD_STRING, 0, 0},
    {"days", "days", CLI_FIELD_JSON, 0, 0},
};

static int run_list(cli_ctx *ctx)
{
    return cli_run_page_list(ctx, zi_calendar_pager_new, zi_calendar_list, year_columns,
                             N_COLS(year_columns));
}

static int run_show(cli_ctx *ctx)
{
    json_t *year = NULL;
    zi_etag etag;
    zi_status st;
    int y = 0;

    if (cli_pos_year(&ctx->args, 0, &y) != 0)
        return cli_usage_error(ctx, NULL);
    st = zi_calendar_get(ctx->client, y, &year, &etag);
    return cli_finish_resource(ctx, st, year, &etag);
}

static int run_put(cli_ctx *ctx)
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
    if (cli_precondition_optional(&ctx->args, "zi calendar show", &m) != 0)
        return cli_usage_error(ctx, "invalid precondition");
    rc = cli_command_body(ctx, year_fields, N_COLS(year_fields), "calendar",
                          "give the year: --complete, --source and --days (or --data)", &body);
    if (rc != 0)
        return rc;
    st = zi_calendar_put(ctx->client, y, &m, body, &year, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, year, &etag);
}

static int run_add(cli_ctx *ctx)
{
    const char *v = ctx->args.pos[1];
    json_t *answer = NULL;
    zi_status st;
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < 1 || n > 400) {
        fprintf(stderr, "zi: the number of working days must be an integer from 1 to 400, "
                        "not \"%s\"\n", v);
        return cli_usage_error(ctx, NULL);
    }
    st = zi_working_days_add(ctx->client, ctx->args.pos[0], (int)n, &answer);
    return cli_finish_result(ctx, st, answer);
}

static const cli_opt page_opts[] = {
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt put_opts[] = {
    {"if-match", "ETAG", "the ETag you read (leave out for a year without a calendar)"},
    {"version", "N", "the version you read, instead of --if-match"},
    {"complete", "BOOL", "true once every holiday and cuti bersama of the year is in"},
    {"source", "TEXT", "where the dates come from, e.g. the SKB (1-500 characters)"},
    {"note", "TEXT", "a note (up to 2000 characters)"},
    {"days", "JSON", "the days: a JSON array or @FILE (replaces the year's days)"},
    CLI_DATA_OPT,
    {NULL, NULL, NULL},
};

const cli_command cli_calendar_commands[] = {
    {"calendar", "list", "[--limit N] [--cursor C] [--all]",
     "list the years of the working-day calendar, oldest first (public)", NULL, page_opts, 0, 0,
     run_list},
    {"calendar", "show", "<year>",
     "show a year's holidays and cuti bersama, its working days and ETag (public)", NULL, NULL,
     1, 1, run_show},
    {"calendar", "put", "<year> [--if-match ETAG | --version N] --complete BOOL --source TEXT "
                        "--days JSON|@FILE",
     "record a year's holidays and cuti bersama (admin)",
     "A year without a calendar is created (no --if-match/--version); a recorded one is\n"
     "replaced as a whole and needs the ETag or version you read. --days is a JSON array of\n"
     "{\"date\": \"YYYY-MM-DD\", \"kind\": \"holiday\" | \"cuti_bersama\", \"name\": \"...\"},\n"
     "inline or @FILE. Saving recomputes the due dates of open gratification reports.\n"
     "Example: zi calendar put 2027 --complete false --source 'SKB 3 Menteri (draft)' \\\n"
     "           --days '[{\"date\": \"2027-01-01\", \"kind\": \"holiday\",\n"
     "                     \"name\": \"Tahun Baru\"}]'",
     put_opts, 1, 1, run_put},
    {"calendar", "add", "<from YYYY-MM-DD> <working days 1-400>",
     "the date N working days after a date (public)",
     "Day 1 is the first working day after <from>; working days are Monday to Friday minus\n"
     "the calendar's holidays and cuti bersama. calendar_complete is false when a year on the\n"
     "way has no complete calendar (weekends are still skipped).\n"
     "Example: zi calendar add 2026-03-17 30",
     NULL, 2, 2, run_add},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
