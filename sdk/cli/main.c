/*
 * main.c — the zi command: finds the command in the tables, parses its options, answers
 * --help, creates the client and runs the command. See cli.h for how to add commands.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CLI_DEFAULT_URL "http://127.0.0.1:8080"

/* Every command table; a new resource adds its table here. */
static const cli_command *const cli_tables[] = {
    cli_service_commands,
    cli_units_commands,
    cli_keys_commands,
    cli_audit_commands,
    cli_events_commands,
    cli_declarations_commands,
    cli_pacts_commands,
    cli_pledges_commands,
    cli_programme_commands,
    cli_proposals_commands,
    cli_summary_commands,
    cli_calendar_commands,
    cli_rule_sets_commands,
    cli_reports_commands,
    cli_retention_commands,
    cli_webhooks_commands,
    NULL,
};

static const char exit_codes_help[] =
    "Exit codes:\n"
    "  0  success\n"
    "  1  the server answered with an error (a 4xx/5xx problem document; details on stderr,\n"
    "     and the problem document on stdout in JSON mode); zi webhooks verify: rejected\n"
    "  2  usage error (unknown command or option, missing or invalid argument)\n"
    "  3  transport error: could not connect, timed out, TLS failure, response too large\n"
    "  4  the server's answer does not follow the contract (e.g. not JSON)\n"
    "  5  internal error (e.g. out of memory, or the output could not be written)\n"
    "  6  a check failed: zi audit verify found the audit chain broken\n";

/* Find the command whose words are w1 (and w2 for grouped commands). *is_group is set when
 * w1 names a group. */
static const cli_command *lookup(const char *w1, const char *w2, int *is_group)
{
    size_t t;
    const cli_command *c;

    *is_group = 0;
    for (t = 0; cli_tables[t]; t++) {
        for (c = cli_tables[t]; c->name; c++) {
            if (!c->group && strcmp(c->name, w1) == 0)
                return c;
            if (c->group && strcmp(c->group, w1) == 0) {
                *is_group = 1;
                if (w2 && strcmp(c->name, w2) == 0)
                    return c;
            }
        }
    }
    return NULL;
}

static void print_opts(FILE *f, const cli_opt *opts)
{
    size_t i;
    char left[64];

    for (i = 0; opts && opts[i].name; i++) {
        snprintf(left, sizeof left, "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
                 opts[i].arg ? opts[i].arg : "");
        fprintf(f, "  %-26s %s\n", left, opts[i].help);
    }
}

static void print_command_line(FILE *f, const cli_command *c)
{
    char words[64];

    snprintf(words, sizeof words, "%s%s%s", c->group ? c->group : "", c->group ? " " : "",
             c->name);
    fprintf(f, "  %-26s %s\n", words, c->summary);
}

static void main_help(FILE *f)
{
    size_t t;
    const cli_command *c;

    fprintf(f, "zi %s — command line client of the Zona Integritas API (libzi %s)\n\n",
            ZI_VERSION_STRING, zi_version());
    fprintf(f, "usage: zi [global options] <command> [options] [arguments]\n\nCommands:\n");
    for (t = 0; cli_tables[t]; t++)
        for (c = cli_tables[t]; c->name; c++)
            print_command_line(f, c);
    fprintf(f, "\nGlobal options (accepted by every command):\n");
    print_opts(f, cli_global_opts);
    fprintf(f, "  %-26s %s\n", "--version", "print the version and exit");
    fprintf(f, "\nOutput is JSON when stdout is not a terminal and aligned tables on a terminal;\n"
               "--json and --table force either. Errors go to stderr.\n\n"
               "Environment: ZI_URL, ZI_API_KEY, ZI_LANG, then LC_ALL / LC_MESSAGES / LANG for the language "
               "(the flags win).\n\n%s\n"
               "zi <command> --help shows the options of a command.\n",
            exit_codes_help);
}

static void group_help(FILE *f, const char *group)
{
    size_t t;
    const cli_command *c;

    fprintf(f, "usage: zi %s <command> [options]\n\nCommands:\n", group);
    for (t = 0; cli_tables[t]; t++)
        for (c = cli_tables[t]; c->name; c++)
            if (c->group && strcmp(c->group, group) == 0)
                print_command_line(f, c);
    fprintf(f, "\nzi %s <command> --help shows the options of a command.\n", group);
}

static void command_help(const cli_command *c)
{
    fprintf(stdout, "usage: zi %s%s%s %s\n\n%s\n", c->group ? c->group : "", c->group ? " " : "",
            c->name, c->synopsis, c->summary);
    if (c->details)
        fprintf(stdout, "\n%s\n", c->details);
    if (c->opts && c->opts[0].name) {
        fprintf(stdout, "\nOptions:\n");
        print_opts(stdout, c->opts);
    }
    fprintf(stdout, "\nGlobal options:\n");
    print_opts(stdout, cli_global_opts);
    fprintf(stdout, "\n%s", exit_codes_help);
}

/* The terminal's language as POSIX orders its variables (LC_ALL, then LC_MESSAGES, then
 * LANG; the first that is set and not empty decides): the letters before '_', '.' or '@'
 * ("id_ID.UTF-8" → "id", "en_GB" → "en") into buf; NULL for C, POSIX or nothing usable. */
static const char *terminal_language(char buf[16])
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *v = NULL;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !(v && *v); i++)
        v = getenv(vars[i]);
    if (!v || !*v || strcmp(v, "C") == 0 || strncmp(v, "C.", 2) == 0 || strcmp(v, "POSIX") == 0)
        return NULL;
    size_t n = 0;
    while (n < 8 && ((v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z'))) {
        buf[n] = (char)(v[n] | 0x20);
        n++;
    }
    buf[n] = '\0';
    return n >= 2 && n <= 3 ? buf : NULL;
}

zi_client *cli_client(cli_ctx *ctx, int *exit_code)
{
    char terminal[16];
    const char *url = cli_opt_value(&ctx->args, "url");
    const char *key = cli_opt_value(&ctx->args, "key");
    const char *lang = cli_opt_value(&ctx->args, "lang");
    zi_options opts = ZI_OPTIONS_INIT;
    long timeout = 0;
    zi_status st;

    if (ctx->client)
        return ctx->client;
    if (!url)
        url = getenv("ZI_URL");
    if (!url || !*url)
        url = CLI_DEFAULT_URL;
    if (!key)
        key = getenv("ZI_API_KEY");
    if (!lang || !*lang)
        lang = getenv("ZI_LANG");
    /* --lang, then ZI_LANG, then the terminal's own language (issue 14). */
    if (!lang || !*lang)
        lang = terminal_language(terminal);
    if (cli_opt_long(&ctx->args, "timeout", 1, 86400000L, &timeout) != 0) {
        *exit_code = CLI_EXIT_USAGE;
        return NULL;
    }
    opts.timeout_ms = timeout;
    opts.accept_language = lang && *lang ? lang : NULL;
    st = zi_client_new(url, key, &opts, &ctx->client);
    if (st != ZI_OK) {
        if (st == ZI_E_ARGUMENT) {
            fprintf(stderr, "zi: invalid base URL \"%s\" (want http://host:port or https://...)"
                            " or API key\n", url);
            *exit_code = CLI_EXIT_USAGE;
        } else {
            fprintf(stderr, "zi: %s\n", zi_strerror(st));
            *exit_code = CLI_EXIT_INTERNAL;
        }
        return NULL;
    }
    return ctx->client;
}

int main(int argc, char **argv)
{
    cli_ctx ctx;
    const cli_command *cmd;
    const char *w1 = NULL;
    const char *w2 = NULL;
    int i1 = -1;
    int i2 = -1;
    int i;
    int is_group = 0;
    int help = 0;
    int version = 0;
    int rc;
    char **rest;
    int n_rest = 0;

    memset(&ctx, 0, sizeof ctx);
    /* The command words are the first two words that are not options or option values. */
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help = 1;
            continue;
        }
        if (strcmp(a, "--version") == 0 && i1 < 0) {
            version = 1;
            continue;
        }
        if (a[0] == '-') {
            if (cli_global_takes_value(a))
                i++;
            continue;
        }
        if (i1 < 0) {
            i1 = i;
            w1 = a;
            continue;
        }
        i2 = i;
        w2 = a;
        break;
    }
    if (version) {
        printf("zi %s (libzi %s)\n", ZI_VERSION_STRING, zi_version());
        return CLI_EXIT_OK;
    }
    if (!w1) {
        main_help(help ? stdout : stderr);
        return help ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    }
    cmd = lookup(w1, w2, &is_group);
    if (!cmd && is_group) {
        if (help && !w2) {
            group_help(stdout, w1);
            return CLI_EXIT_OK;
        }
        if (w2)
            fprintf(stderr, "zi: unknown command \"%s %s\"\n\n", w1, w2);
        group_help(stderr, w1);
        return CLI_EXIT_USAGE;
    }
    if (!cmd) {
        fprintf(stderr, "zi: unknown command \"%s\" (zi --help lists them)\n", w1);
        return CLI_EXIT_USAGE;
    }
    if (!cmd->group)
        i2 = -1; /* a top-level command: the second word is its argument */
    ctx.cmd = cmd;
    rest = calloc((size_t)argc, sizeof *rest);
    if (!rest)
        return CLI_EXIT_INTERNAL;
    for (i = 1; i < argc; i++)
        if (i != i1 && i != i2)
            rest[n_rest++] = argv[i];
    rc = cli_parse(cmd, n_rest, rest, &ctx.args);
    if (rc != 0) {
        free(rest);
        return cli_usage_error(&ctx, NULL); /* cli_parse said why */
    }
    if (cli_opt_value(&ctx.args, "help")) {
        command_help(cmd);
        free(rest);
        return CLI_EXIT_OK;
    }
    if (ctx.args.n_pos < cmd->min_pos || ctx.args.n_pos > cmd->max_pos) {
        free(rest);
        return cli_usage_error(&ctx, ctx.args.n_pos < cmd->min_pos ? "missing argument"
                                                                    : "too many arguments");
    }
    ctx.json = !isatty(STDOUT_FILENO);
    if (cli_opt_value(&ctx.args, "json"))
        ctx.json = 1;
    if (cli_opt_value(&ctx.args, "table"))
        ctx.json = 0;
    if (cli_opt_value(&ctx.args, "json") && cli_opt_value(&ctx.args, "table")) {
        free(rest);
        return cli_usage_error(&ctx, "--json and --table exclude each other");
    }
    rc = CLI_EXIT_OK;
    if (cli_client(&ctx, &rc))
        rc = cmd->run(&ctx);
    zi_client_free(ctx.client);
    zi_global_cleanup();
    free(rest);
    fflush(stdout);
    if (ferror(stdout) && rc == CLI_EXIT_OK) {
        fprintf(stderr, "zi: could not write the output\n");
        rc = CLI_EXIT_INTERNAL;
    }
    return rc;
}
