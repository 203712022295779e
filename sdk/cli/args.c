/*
 * args.c — long options for the zi command: --name VALUE, --name=VALUE, --flag, "--" ends
 * the options; -h is --help. Options are checked against the command's table plus the
 * global ones, so an unknown or misspelt option is a usage error, never ignored.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cli_global_opts[] = {
    {"url", "URL", "API base URL (env ZI_URL; default http://127.0.0.1:8080)"},
    {"key", "KEY", "API key (env ZI_API_KEY); reads need none"},
    {"json", NULL, "print JSON (the default when stdout is not a terminal)"},
    {"table", NULL, "print aligned tables (the default on a terminal)"},
    {"timeout", "MS", "total timeout of one attempt in milliseconds (default 30000)"},
    {"lang", "LANG", "language of error texts: id or en (env ZI_LANG, else the terminal's LC_ALL/LC_MESSAGES/LANG)"},
    {"help", NULL, "show help"},
    {NULL, NULL, NULL},
};

static const cli_opt *find(const cli_args *a, const char *name, size_t len, size_t *idx)
{
    size_t i;

    for (i = 0; i < a->n_spec; i++) {
        if (strlen(a->spec[i]->name) == len && strncmp(a->spec[i]->name, name, len) == 0) {
            *idx = i;
            return a->spec[i];
        }
    }
    return NULL;
}

int cli_global_takes_value(const char *arg)
{
    size_t i;

    if (strncmp(arg, "--", 2) != 0 || strchr(arg, '='))
        return 0;
    for (i = 0; cli_global_opts[i].name; i++)
        if (strcmp(arg + 2, cli_global_opts[i].name) == 0)
            return cli_global_opts[i].arg != NULL;
    return 0;
}

static void add_specs(cli_args *a, const cli_opt *opts)
{
    size_t i;

    for (i = 0; opts && opts[i].name && a->n_spec < CLI_MAX_OPTS; i++)
        a->spec[a->n_spec++] = &opts[i];
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *out)
{
    int i;
    int only_pos = 0;

    memset(out, 0, sizeof *out);
    add_specs(out, cmd ? cmd->opts : NULL);
    add_specs(out, cli_global_opts);
    for (i = 0; i < argc; i++) {
        char *arg = argv[i];
        const cli_opt *o;
        const char *eq;
        size_t idx = 0;

        if (!only_pos && strcmp(arg, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (!only_pos && strcmp(arg, "-h") == 0)
            arg = "--help";
        if (only_pos || arg[0] != '-' || arg[1] == '\0') {
            if (out->n_pos >= CLI_MAX_POS) {
                fprintf(stderr, "zi: too many arguments\n");
                return -1;
            }
            out->pos[out->n_pos++] = arg;
            continue;
        }
        if (arg[1] != '-') {
            fprintf(stderr, "zi: unknown option %s (options are long: --name)\n", arg);
            return -1;
        }
        eq = strchr(arg + 2, '=');
        o = find(out, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2), &idx);
        if (!o) {
            fprintf(stderr, "zi: unknown option %.*s\n", eq ? (int)(eq - arg) : (int)strlen(arg),
                    arg);
            return -1;
        }
        if (!o->arg) {
            if (eq) {
                fprintf(stderr, "zi: option --%s takes no value\n", o->name);
                return -1;
            }
            out->value[idx] = "";
        } else if (eq) {
            out->value[idx] = eq + 1;
        } else if (i + 1 < argc) {
            out->value[idx] = argv[++i];
        } else {
            fprintf(stderr, "zi: option --%s needs a value (%s)\n", o->name, o->arg);
            return -1;
        }
    }
    return 0;
}

const char *cli_opt_value(const cli_args *a, const char *name)
{
    size_t idx;

    if (!find(a, name, strlen(name), &idx))
        return NULL;
    return a->value[idx];
}

int cli_opt_long(const cli_args *a, const char *name, long min, long max, long *out)
{
    const char *v = cli_opt_value(a, name);
    char *end;
    long n;

    if (!v)
        return 0;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "zi: --%s must be an integer from %ld to %ld, not \"%s\"\n", name, min,
                max, v);
        return -1;
    }
    *out = n;
    return 0;
}

int cli_page_opts(const cli_ctx *ctx, int *limit, const char **cursor)
{
    long n = 0;

    if (cli_opt_long(&ctx->args, "limit", 1, 200, &n) != 0)
        return -1;
    *limit = (int)n;
    *cursor = cli_opt_value(&ctx->args, "cursor");
    return 0;
}

int cli_want_all(const cli_ctx *ctx, int *limit)
{
    if (!cli_opt_value(&ctx->args, "all"))
        return 0;
    if (!*limit)
        *limit = 200;
    return 1;
}

int cli_opt_tristate(const cli_args *a, const char *name, zi_tristate *out)
{
    const char *v = cli_opt_value(a, name);

    *out = ZI_ANY;
    if (!v)
        return 0;
    if (strcmp(v, "true") == 0) {
        *out = ZI_TRUE;
        return 0;
    }
    if (strcmp(v, "false") == 0) {
        *out = ZI_FALSE;
        return 0;
    }
    fprintf(stderr, "zi: --%s takes true or false, not \"%s\"\n", name, v);
    return -1;
}

int cli_opt_year(const cli_args *a, int *out)
{
    long year = 0;

    if (cli_opt_long(a, "year", 2000, 2100, &year) != 0)
        return -1;
    if (year)
        *out = (int)year;
    return 0;
}

int cli_pos_year(const cli_args *a, int i, int *out)
{
    const char *v = i < a->n_pos ? a->pos[i] : NULL;
    char *end;
    long n;

    if (!v) {
        fprintf(stderr, "zi: give a year (2000-2100)\n");
        return -1;
    }
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < 2000 || n > 2100) {
        fprintf(stderr, "zi: the year must be an integer from 2000 to 2100, not \"%s\"\n", v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

/* A JSON number option into a new number (integers stay integers); NULL after saying why. */
static json_t *number_value(const char *opt, const char *v)
{
    json_t *n = json_loads(v, JSON_DECODE_ANY, NULL);

    if (!json_is_number(n)) {
        fprintf(stderr, "zi: --%s must be a number, not \"%s\"\n", opt, v);
        json_decref(n);
        return NULL;
    }
    return n;
}

int cli_read_data(const cli_args *a, json_t **out)
{
    const char *v = cli_opt_value(a, "data");
    json_error_t err;
    json_t *j;

    *out = NULL;
    if (!v)
        return 0;
    if (strcmp(v, "-") == 0)
        j = json_loadf(stdin, 0, &err);
    else if (v[0] == '@')
        j = json_load_file(v + 1, 0, &err);
    else
        j = json_loads(v, 0, &err);
    if (!j || !json_is_object(j)) {
        fprintf(stderr, "zi: --data is not a JSON object: %s\n", j ? "another JSON value" : err.text);
        json_decref(j);
        return -1;
    }
    *out = j;
    return 0;
}

/* A JSON value inline or, with @FILE, from a file, into a new value; NULL after saying why. */
static json_t *json_value(const char *opt, const char *v)
{
    json_error_t err;
    json_t *j = v[0] == '@' ? json_load_file(v + 1, JSON_DECODE_ANY, &err)
                            : json_loads(v, JSON_DECODE_ANY, &err);

    if (!j)
        fprintf(stderr, "zi: --%s is not JSON%s%s: %s\n", opt, v[0] == '@' ? " in " : "",
                v[0] == '@' ? v + 1 : "", err.text);
    return j;
}

/* "a; b; c" or a JSON array of strings into a new array; NULL after saying why. */
static json_t *string_list(const char *opt, const char *v)
{
    json_t *list;

    if (v[strspn(v, " \t")] == '[') {
        json_error_t err;
        size_t i;
        json_t *item;

        list = json_loads(v, 0, &err);
        if (!json_is_array(list)) {
            fprintf(stderr, "zi: --%s is not a JSON array: %s\n", opt,
                    list ? "another JSON value" : err.text);
            json_decref(list);
            return NULL;
        }
        json_array_foreach(list, i, item) {
            if (!json_is_string(item)) {
                fprintf(stderr, "zi: --%s must be an array of strings\n", opt);
                json_decref(list);
                return NULL;
            }
        }
        return list;
    }
    list = json_array();
    while (list && *v) {
        const char *end = strchr(v, ';');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        const char *p = v;

        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n > 0 && json_array_append_new(list, json_stringn(p, n)) != 0) {
            json_decref(list);
            return NULL;
        }
        v = end ? end + 1 : v + strlen(v);
    }
    return list;
}

int cli_build_body(const cli_args *a, const cli_field *fields, size_t n, json_t **out)
{
    json_t *body;
    size_t i;

    *out = NULL;
    if (cli_read_data(a, &body) != 0)
        return -1;
    if (!body)
        body = json_object();
    for (i = 0; body && i < n; i++) {
        const char *v = cli_opt_value(a, fields[i].opt);
        json_t *member = NULL;
        long num = 0;

        if (!v)
            continue;
        switch (fields[i].kind) {
        case CLI_FIELD_STRING:
            member = json_string(v);
            break;
        case CLI_FIELD_INT:
            if (cli_opt_long(a, fields[i].opt, fields[i].min, fields[i].max, &num) != 0) {
                json_decref(body);
                return -1;
            }
            member = json_integer(num);
            break;
        case CLI_FIELD_LIST:
            member = string_list(fields[i].opt, v);
            if (!member) {
                json_decref(body);
                return -1;
            }
            break;
        case CLI_FIELD_NUMBER:
            member = number_value(fields[i].opt, v);
            if (!member) {
                json_decref(body);
                return -1;
            }
            break;
        case CLI_FIELD_JSON:
            member = json_value(fields[i].opt, v);
            if (!member) {
                json_decref(body);
                return -1;
            }
            break;
        case CLI_FIELD_BOOL:
            if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
                fprintf(stderr, "zi: --%s takes true or false, not \"%s\"\n", fields[i].opt, v);
                json_decref(body);
                return -1;
            }
            member = json_boolean(v[0] == 't');
            break;
        }
        if (!member) {
            fprintf(stderr, "zi: --%s is not valid UTF-8 text\n", fields[i].opt);
            json_decref(body);
            return -1;
        }
        json_object_set_new(body, fields[i].member, member);
    }
    *out = body;
    return body ? 0 : -1;
}

int cli_command_body(const cli_ctx *ctx, const cli_field *fields, size_t n, const char *what,
                     const char *empty_msg, json_t **out)
{
    char msg[96];

    if (cli_build_body(&ctx->args, fields, n, out) != 0) {
        snprintf(msg, sizeof msg, "invalid %s fields", what);
        return cli_usage_error(ctx, msg);
    }
    if (json_object_size(*out) == 0) {
        json_decref(*out);
        *out = NULL;
        return cli_usage_error(ctx, empty_msg);
    }
    return 0;
}

int cli_precondition(const cli_args *a, const char *read_with, zi_if_match *m)
{
    const char *etag = cli_opt_value(a, "if-match");
    long version = 0;

    if (cli_opt_long(a, "version", 1, 2147483647L, &version) != 0)
        return -1;
    if ((etag != NULL) == (version != 0)) {
        fprintf(stderr, "zi: give exactly one of --if-match ETAG and --version N "
                        "(what you read with %s)\n", read_with);
        return -1;
    }
    m->etag = etag;
    m->version = version;
    return 0;
}

int cli_precondition_optional(const cli_args *a, const char *read_with, zi_if_match *m)
{
    m->etag = NULL;
    m->version = 0;
    if (!cli_opt_value(a, "if-match") && !cli_opt_value(a, "version"))
        return 0;
    return cli_precondition(a, read_with, m);
}

int cli_read_file(const char *path, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *data = NULL;
    size_t n = 0;
    size_t cap = 0;

    *out = NULL;
    *len = 0;
    if (!f) {
        fprintf(stderr, "zi: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (;;) {
        size_t got;

        if (cap - n < 65536) {
            char *bigger = realloc(data, cap + 65536 + 1);
            if (!bigger) {
                fprintf(stderr, "zi: out of memory while reading %s\n", path);
                free(data);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            data = bigger;
            cap += 65536;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "zi: cannot read %s: %s\n", path, strerror(errno));
        free(data);
        if (f != stdin)
            fclose(f);
        return -1;
    }
    if (f != stdin)
        fclose(f);
    data[n] = '\0';
    *out = data;
    *len = n;
    return 0;
}
