/*
 * output.c — how the zi command prints: indented JSON, or aligned tables for people; and
 * how it reports failures (stderr) and maps them to exit codes.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_print_json(const json_t *v)
{
    json_dumpf(v, stdout, JSON_INDENT(2) | JSON_ENCODE_ANY);
    fputc('\n', stdout);
}

/* Text of a cell: strings as they are, null as "-", other scalars as JSON. *owned is set
 * when the text must be freed. */
static const char *cell_text(const json_t *v, char **owned)
{
    *owned = NULL;
    if (!v || json_is_null(v))
        return "-";
    if (json_is_string(v))
        return json_string_value(v);
    *owned = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    return *owned ? *owned : "?";
}

/* Display width of UTF-8 text: code points (good enough for Latin and Indonesian text).
 * Control characters are printed as '?', one column each. */
static size_t width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            w++;
    return w;
}

static void put_cell(const char *s, size_t pad_to, int last)
{
    size_t w = width(s);
    const char *p;

    for (p = s; *p; p++)
        fputc((unsigned char)*p < 0x20 ? '?' : *p, stdout);
    if (last)
        return;
    for (; w < pad_to + 2; w++)
        fputc(' ', stdout);
}

void cli_print_rows(const json_t *items, const cli_column *cols, size_t n_cols)
{
    size_t widths[16] = {0};
    size_t i;
    size_t c;
    char *owned;

    if (n_cols > 16)
        n_cols = 16;
    for (c = 0; c < n_cols; c++)
        widths[c] = width(cols[c].header);
    for (i = 0; i < json_array_size(items); i++) {
        for (c = 0; c < n_cols; c++) {
            size_t w = width(cell_text(json_object_get(json_array_get(items, i), cols[c].key), &owned));
            if (w > widths[c])
                widths[c] = w;
            free(owned);
        }
    }
    for (c = 0; c < n_cols; c++)
        put_cell(cols[c].header, widths[c], c + 1 == n_cols);
    fputc('\n', stdout);
    for (i = 0; i < json_array_size(items); i++) {
        for (c = 0; c < n_cols; c++) {
            put_cell(cell_text(json_object_get(json_array_get(items, i), cols[c].key), &owned),
                     widths[c], c + 1 == n_cols);
            free(owned);
        }
        fputc('\n', stdout);
    }
}

void cli_print_object(const json_t *obj, const char *extra_key, const char *extra_value)
{
    const char *key;
    json_t *v;
    size_t w = extra_key ? width(extra_key) : 0;
    char *owned;

    json_object_foreach((json_t *)obj, key, v) {
        if (width(key) > w)
            w = width(key);
    }
    json_object_foreach((json_t *)obj, key, v) {
        put_cell(key, w, 0);
        put_cell(cell_text(v, &owned), 0, 1);
        free(owned);
        fputc('\n', stdout);
    }
    if (extra_key && extra_value) {
        put_cell(extra_key, w, 0);
        put_cell(extra_value, 0, 1);
        fputc('\n', stdout);
    }
}

void cli_print_result(const cli_ctx *ctx, const json_t *v)
{
    if (ctx->json || !json_is_object(v))
        cli_print_json(v);
    else
        cli_print_object(v, NULL, NULL);
}

void cli_print_resource(const cli_ctx *ctx, const json_t *obj, const zi_etag *etag)
{
    if (ctx->json)
        cli_print_json(obj);
    else
        cli_print_object(obj, "etag", etag && etag->value[0] ? etag->value : NULL);
}

void cli_print_page(const cli_ctx *ctx, const json_t *page, const cli_column *cols,
                    size_t n_cols)
{
    const char *next = json_string_value(json_object_get(page, "next_cursor"));

    if (ctx->json) {
        cli_print_json(page);
        return;
    }
    cli_print_rows(json_object_get(page, "data"), cols, n_cols);
    if (next)
        fprintf(stderr, "(more: add --cursor %s, or use --all)\n", next);
}

zi_status cli_drain(zi_pager *pager, json_t **out)
{
    json_t *items = json_array();
    zi_status st = ZI_OK;

    *out = NULL;
    while (items) {
        json_t *item = NULL;
        st = zi_pager_next(pager, &item);
        if (st != ZI_OK || !item)
            break;
        json_array_append_new(items, item);
    }
    if (!items)
        return ZI_E_NOMEM;
    if (st != ZI_OK) {
        json_decref(items);
        return st;
    }
    *out = json_pack("{s:o, s:n}", "data", items, "next_cursor");
    return *out ? ZI_OK : ZI_E_NOMEM;
}

zi_status cli_drain_new(zi_status made, zi_pager **pager, json_t **out)
{
    zi_status st = made;

    if (st == ZI_OK)
        st = cli_drain(*pager, out);
    zi_pager_free(*pager);
    *pager = NULL;
    return st;
}

static int exit_code_of(zi_status st)
{
    switch (st) {
    case ZI_OK:
        return CLI_EXIT_OK;
    case ZI_E_ARGUMENT:
        return CLI_EXIT_USAGE;
    case ZI_E_NOMEM:
    case ZI_E_ABORTED: /* a callback of zi's own stopped: writing the output failed */
        return CLI_EXIT_INTERNAL;
    case ZI_E_CONNECT:
    case ZI_E_TIMEOUT:
    case ZI_E_TLS:
    case ZI_E_TRANSPORT:
    case ZI_E_TOO_LARGE:
        return CLI_EXIT_TRANSPORT;
    case ZI_E_PROTOCOL:
        return CLI_EXIT_RESPONSE;
    case ZI_E_BAD_REQUEST:
    case ZI_E_UNAUTHORIZED:
    case ZI_E_FORBIDDEN:
    case ZI_E_NOT_FOUND:
    case ZI_E_CONFLICT:
    case ZI_E_PRECONDITION_FAILED:
    case ZI_E_UNPROCESSABLE:
    case ZI_E_PRECONDITION_REQUIRED:
    case ZI_E_RATE_LIMITED:
    case ZI_E_UNAVAILABLE:
    case ZI_E_SERVER:
    case ZI_E_HTTP:
    /* Not from a request: zi webhooks verify's "no", which its help documents as 1. */
    case ZI_E_WEBHOOK_MALFORMED:
    case ZI_E_WEBHOOK_SIGNATURE:
    case ZI_E_WEBHOOK_STALE:
    case ZI_E_WEBHOOK_FUTURE:
        return CLI_EXIT_API;
    }
    return CLI_EXIT_INTERNAL;
}

int cli_fail(const cli_ctx *ctx, zi_status st)
{
    const zi_error *e = zi_last_error(ctx->client);
    size_t i;

    if (e->http_status && *e->title) {
        fprintf(stderr, "zi: %s: %s (HTTP %ld, %s", e->title, e->detail, e->http_status, e->type);
        if (*e->request_id)
            fprintf(stderr, ", request id %s", e->request_id);
        fprintf(stderr, ")\n");
    } else if (*e->detail) {
        fprintf(stderr, "zi: %s: %s\n", zi_strerror(st), e->detail);
    } else {
        fprintf(stderr, "zi: %s\n", zi_strerror(st));
    }
    for (i = 0; i < e->n_field_errors; i++) {
        const zi_field_error *f = &e->field_errors[i];
        fprintf(stderr, "  %s (%s): %s: %s\n", *f->field ? f->field : "(body)", f->in, f->code,
                f->message);
    }
    if (ctx->json && e->problem)
        cli_print_json(e->problem);
    return exit_code_of(st);
}

int cli_fail_transition(const cli_ctx *ctx, zi_status st, const char *thing)
{
    const json_t *problem = zi_last_error(ctx->client)->problem;
    const json_t *next = json_object_get(problem, "allowed_next");
    const char *state = json_string_value(json_object_get(problem, "state"));
    int rc = cli_fail(ctx, st);
    size_t i;
    const json_t *s;

    if (!json_is_array(next))
        return rc;
    fprintf(stderr, "the %s is in state %s; allowed next:", thing, state ? state : "?");
    json_array_foreach(next, i, s)
        fprintf(stderr, " %s", json_string_value(s) ? json_string_value(s) : "?");
    fprintf(stderr, "%s\n", json_array_size(next) ? "" : " none (a final state)");
    return rc;
}

int cli_run_transition(cli_ctx *ctx, const char *read_with, const cli_field *fields, size_t n,
                       const char *thing,
                       zi_status (*op)(zi_client *, const char *, const zi_if_match *,
                                       const json_t *, const char *, json_t **, zi_etag *))
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *obj = NULL;
    zi_etag etag;
    zi_status st;
    int rc;

    if (cli_precondition(&ctx->args, read_with, &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    rc = cli_command_body(ctx, fields, n, "step", "give the step: --to STATE (or --data)", &body);
    if (rc != 0)
        return rc;
    st = op(ctx->client, ctx->args.pos[0], &m, body, cli_opt_value(&ctx->args, "idempotency-key"),
            &obj, &etag);
    json_decref(body);
    if (st != ZI_OK) {
        json_decref(obj);
        return cli_fail_transition(ctx, st, thing);
    }
    return cli_finish_resource(ctx, st, obj, &etag);
}

int cli_usage_error(const cli_ctx *ctx, const char *msg)
{
    const cli_command *c = ctx->cmd;

    if (msg)
        fprintf(stderr, "zi: %s\n", msg);
    if (c)
        fprintf(stderr, "usage: zi %s%s%s %s\n       (zi %s%s%s --help for more)\n",
                c->group ? c->group : "", c->group ? " " : "", c->name, c->synopsis,
                c->group ? c->group : "", c->group ? " " : "", c->name);
    return CLI_EXIT_USAGE;
}

int cli_finish_resource(const cli_ctx *ctx, zi_status st, json_t *obj, const zi_etag *etag)
{
    int rc = CLI_EXIT_OK;
    if (st == ZI_OK)
        cli_print_resource(ctx, obj, etag);
    else
        rc = cli_fail(ctx, st);
    json_decref(obj);
    return rc;
}

int cli_finish_page(const cli_ctx *ctx, zi_status st, json_t *page, const cli_column *cols,
                    size_t n_cols)
{
    int rc = CLI_EXIT_OK;
    if (st == ZI_OK)
        cli_print_page(ctx, page, cols, n_cols);
    else
        rc = cli_fail(ctx, st);
    json_decref(page);
    return rc;
}

int cli_finish_result(const cli_ctx *ctx, zi_status st, json_t *v)
{
    int rc = CLI_EXIT_OK;
    if (st == ZI_OK)
        cli_print_result(ctx, v);
    else
        rc = cli_fail(ctx, st);
    json_decref(v);
    return rc;
}

int cli_run_simple(cli_ctx *ctx, zi_status (*op)(zi_client *, json_t **))
{
    json_t *v = NULL;
    zi_status st = op(ctx->client, &v);

    return cli_finish_result(ctx, st, v);
}

int cli_run_by_id(cli_ctx *ctx, zi_status (*op)(zi_client *, const char *, json_t **, zi_etag *))
{
    json_t *obj = NULL;
    zi_etag etag;
    zi_status st = op(ctx->client, ctx->args.pos[0], &obj, &etag);

    return cli_finish_resource(ctx, st, obj, &etag);
}

int cli_finish_list(const cli_ctx *ctx, zi_status st, zi_pager *pager, json_t *page,
                    const cli_column *cols, size_t n_cols)
{
    if (pager)
        st = cli_drain_new(st, &pager, &page);
    return cli_finish_page(ctx, st, page, cols, n_cols);
}

/* The SDK calls of a list command: pager_new and list, or (a list of the resource named by
 * the first argument) pager_new_of and list_of. */
typedef struct list_calls {
    zi_status (*pager_new)(zi_client *, const zi_page_params *, zi_pager **);
    zi_status (*list)(zi_client *, const zi_page_params *, json_t **);
    zi_status (*pager_new_of)(zi_client *, const char *, const zi_page_params *, zi_pager **);
    zi_status (*list_of)(zi_client *, const char *, const zi_page_params *, json_t **);
} list_calls;

static int run_list(cli_ctx *ctx, const list_calls *calls, const cli_column *cols,
                    size_t n_cols)
{
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    const char *id = ctx->args.n_pos > 0 ? ctx->args.pos[0] : NULL;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, "invalid --limit");
    if (cli_want_all(ctx, &p.limit))
        st = calls->pager_new_of ? calls->pager_new_of(ctx->client, id, &p, &pager)
                                 : calls->pager_new(ctx->client, &p, &pager);
    else
        st = calls->list_of ? calls->list_of(ctx->client, id, &p, &page)
                            : calls->list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, cols, n_cols);
}

int cli_run_page_list(cli_ctx *ctx,
                      zi_status (*pager_new)(zi_client *, const zi_page_params *, zi_pager **),
                      zi_status (*list)(zi_client *, const zi_page_params *, json_t **),
                      const cli_column *cols, size_t n_cols)
{
    const list_calls calls = {pager_new, list, NULL, NULL};

    return run_list(ctx, &calls, cols, n_cols);
}

int cli_run_sub_list(cli_ctx *ctx,
                     zi_status (*pager_new)(zi_client *, const char *, const zi_page_params *,
                                            zi_pager **),
                     zi_status (*list)(zi_client *, const char *, const zi_page_params *,
                                       json_t **),
                     const cli_column *cols, size_t n_cols)
{
    const list_calls calls = {NULL, NULL, pager_new, list};

    return run_list(ctx, &calls, cols, n_cols);
}

int cli_run_create(cli_ctx *ctx, const cli_field *fields, size_t n, const char *what,
                   const char *empty_msg,
                   zi_status (*op)(zi_client *, const json_t *, const char *, json_t **, zi_etag *))
{
    json_t *body = NULL;
    json_t *obj = NULL;
    zi_etag etag;
    zi_status st;
    int rc = cli_command_body(ctx, fields, n, what, empty_msg, &body);

    if (rc != 0)
        return rc;
    st = op(ctx->client, body, cli_opt_value(&ctx->args, "idempotency-key"), &obj, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, obj, &etag);
}

int cli_run_update(cli_ctx *ctx, const char *read_with, const cli_field *fields, size_t n,
                   const char *what, const char *empty_msg,
                   zi_status (*op)(zi_client *, const char *, const zi_if_match *, const json_t *,
                                   json_t **, zi_etag *))
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *obj = NULL;
    zi_etag etag;
    zi_status st;
    int rc;

    if (cli_precondition(&ctx->args, read_with, &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    rc = cli_command_body(ctx, fields, n, what, empty_msg, &body);
    if (rc != 0)
        return rc;
    st = op(ctx->client, ctx->args.pos[0], &m, body, &obj, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, obj, &etag);
}
