/*
 * cmd_webhooks.c — `zi webhooks …`: subscriptions (create, list, get, update, delete), their
 * deliveries (ping, deliveries, delivery, redeliver), all with an admin key; and verify, for
 * shell scripts that receive deliveries (no key, nothing sent).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_column hook_columns[] = {
    {"STATUS", "status"},   {"URL", "url"},         {"EVENTS", "event_types"},
    {"VERSION", "version"}, {"CREATED", "created_at"}, {"DESCRIPTION", "description"},
    {"ID", "id"},
};

static const cli_column delivery_columns[] = {
    {"CREATED", "created_at"}, {"KIND", "kind"},       {"EVENT", "event_type"},
    {"SEQ", "event_seq"},      {"STATUS", "status"},   {"ATTEMPTS", "attempts"},
    {"HTTP", "response_code"}, {"ERROR", "error"},     {"ID", "id"},
};

/* The members of a subscription that are plain options; --events and --inactive are read
 * by hook_body. The receiver's URL is --webhook-url: --url is the API's, for every command. */
static const cli_field hook_fields[] = {
    {"webhook-url", "url", CLI_FIELD_STRING, 0, 0},
    {"description", "description", CLI_FIELD_STRING, 0, 0},
    {"active", "active", CLI_FIELD_BOOL, 0, 0},
};

#define EVENT_SEPARATORS ",; \t"

/* --events: "unit.*,proposal.created" (commas, semicolons or spaces between) or a JSON array
 * of strings, into a new array; NULL after saying why. */
static json_t *event_list(const char *v)
{
    json_t *list;

    if (v[strspn(v, " \t")] == '[') {
        json_error_t err;
        size_t i;
        json_t *item;

        list = json_loads(v, 0, &err);
        if (!json_is_array(list)) {
            fprintf(stderr, "zi: --events is not a JSON array: %s\n",
                    list ? "another JSON value" : err.text);
            json_decref(list);
            return NULL;
        }
        json_array_foreach(list, i, item) {
            if (!json_is_string(item)) {
                fprintf(stderr, "zi: --events must be an array of strings\n");
                json_decref(list);
                return NULL;
            }
        }
        return list;
    }
    list = json_array();
    while (list && *v) {
        size_t n;

        v += strspn(v, EVENT_SEPARATORS);
        n = strcspn(v, EVENT_SEPARATORS);
        if (n > 0 && json_array_append_new(list, json_stringn(v, n)) != 0) {
            fprintf(stderr, "zi: --events is not valid UTF-8 text\n");
            json_decref(list);
            return NULL;
        }
        v += n;
    }
    if (list && json_array_size(list) == 0) {
        fprintf(stderr, "zi: --events names no event type\n");
        json_decref(list);
        return NULL;
    }
    return list;
}

/* The body of create or update: --data, the plain field options, --events and (create)
 * --inactive. 0 with *out = new object; else the exit code of a usage error, after saying
 * why (empty_msg when nothing was given). */
static int hook_body(const cli_ctx *ctx, const char *empty_msg, json_t **out)
{
    const char *events = cli_opt_value(&ctx->args, "events");
    json_t *body = NULL;

    *out = NULL;
    if (cli_build_body(&ctx->args, hook_fields, N_COLS(hook_fields), &body) != 0)
        return cli_usage_error(ctx, "invalid webhook fields");
    if (events) {
        json_t *list = event_list(events);
        if (!list) {
            json_decref(body);
            return cli_usage_error(ctx, NULL);
        }
        json_object_set_new(body, "event_types", list);
    }
    if (cli_opt_value(&ctx->args, "inactive"))
        json_object_set_new(body, "active", json_false());
    if (json_object_size(body) == 0) {
        json_decref(body);
        return cli_usage_error(ctx, empty_msg);
    }
    *out = body;
    return 0;
}

static int run_create(cli_ctx *ctx)
{
    json_t *body = NULL;
    json_t *hook = NULL;
    const char *secret;
    zi_etag etag;
    zi_status st;
    int rc = hook_body(ctx, "give the subscription: --webhook-url and --events (or --data)", &body);

    if (rc != 0)
        return rc;
    st = zi_webhooks_create(ctx->client, body, cli_opt_value(&ctx->args, "idempotency-key"),
                            &hook, &etag);
    json_decref(body);
    if (st != ZI_OK)
        return cli_fail(ctx, st);
    secret = json_string_value(json_object_get(hook, "secret"));
    if (ctx->json) {
        cli_print_json(hook); /* the secret is a member, for scripts */
    } else {
        /* For a person: the secret apart from the other members, where it cannot be missed. */
        json_t *shown = json_copy(hook);
        json_object_del(shown, "secret");
        cli_print_resource(ctx, shown ? shown : hook, &etag);
        if (secret && shown)
            printf("\nSigning secret, shown only now (store it for the receiver):\n  %s\n",
                   secret);
        else if (!secret && fflush(stdout) == 0)
            fprintf(stderr, "(a replay of an earlier identical request: its answer had the "
                            "secret, this one has not)\n");
        json_decref(shown);
    }
    json_decref(hook);
    return CLI_EXIT_OK;
}

static int run_list(cli_ctx *ctx)
{
    zi_webhook_list_params p = ZI_WEBHOOK_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, "invalid --limit");
    p.status = cli_opt_value(&ctx->args, "status");
    if (cli_want_all(ctx, &p.limit))
        st = zi_webhooks_pager_new(ctx->client, &p, &pager);
    else
        st = zi_webhooks_list(ctx->client, &p, &page);
    return cli_finish_list(ctx, st, pager, page, hook_columns, N_COLS(hook_columns));
}

static int run_get(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_webhooks_get);
}

static int run_update(cli_ctx *ctx)
{
    zi_if_match m;
    json_t *body = NULL;
    json_t *hook = NULL;
    zi_etag etag;
    zi_status st;
    int rc;

    if (cli_precondition(&ctx->args, "zi webhooks get", &m) != 0)
        return cli_usage_error(ctx, "missing or invalid precondition");
    rc = hook_body(ctx, "nothing to change: give --webhook-url, --events, --description, --active or "
                        "--data", &body);
    if (rc != 0)
        return rc;
    st = zi_webhooks_update(ctx->client, ctx->args.pos[0], &m, body, &hook, &etag);
    json_decref(body);
    return cli_finish_resource(ctx, st, hook, &etag);
}

static int run_delete(cli_ctx *ctx)
{
    return cli_run_by_id(ctx, zi_webhooks_delete);
}

/* The end of ping and redeliver: the queued delivery, then where to see how it went. */
static int finish_queued(cli_ctx *ctx, zi_status st, json_t *delivery)
{
    const char *id = json_string_value(json_object_get(delivery, "id"));

    if (st != ZI_OK)
        return cli_finish_resource(ctx, st, delivery, NULL);
    cli_print_resource(ctx, delivery, NULL);
    if (!ctx->json && id) {
        fflush(stdout);
        fprintf(stderr, "(queued; see how it went: zi webhooks delivery %s %s)\n",
                ctx->args.pos[0], id);
    }
    json_decref(delivery);
    return CLI_EXIT_OK;
}

static int run_ping(cli_ctx *ctx)
{
    json_t *delivery = NULL;
    zi_status st = zi_webhooks_ping(ctx->client, ctx->args.pos[0],
                                    cli_opt_value(&ctx->args, "idempotency-key"), &delivery);

    return finish_queued(ctx, st, delivery);
}

static int run_deliveries(cli_ctx *ctx)
{
    zi_webhook_delivery_list_params p = ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    zi_status st;

    if (cli_page_opts(ctx, &p.limit, &p.cursor) != 0)
        return cli_usage_error(ctx, "invalid --limit");
    p.status = cli_opt_value(&ctx->args, "status");
    if (cli_want_all(ctx, &p.limit))
        st = zi_webhook_deliveries_pager_new(ctx->client, ctx->args.pos[0], &p, &pager);
    else
        st = zi_webhook_deliveries_list(ctx->client, ctx->args.pos[0], &p, &page);
    return cli_finish_list(ctx, st, pager, page, delivery_columns, N_COLS(delivery_columns));
}

static int run_delivery(cli_ctx *ctx)
{
    json_t *delivery = NULL;
    zi_status st = zi_webhook_deliveries_get(ctx->client, ctx->args.pos[0], ctx->args.pos[1],
                                             &delivery);

    return cli_finish_resource(ctx, st, delivery, NULL);
}

static int run_redeliver(cli_ctx *ctx)
{
    json_t *delivery = NULL;
    zi_status st = zi_webhook_deliveries_redeliver(ctx->client, ctx->args.pos[0],
                                                   ctx->args.pos[1],
                                                   cli_opt_value(&ctx->args, "idempotency-key"),
                                                   &delivery);

    return finish_queued(ctx, st, delivery);
}

static int run_verify(cli_ctx *ctx)
{
    const char *secret = cli_opt_value(&ctx->args, "secret");
    const char *timestamp = cli_opt_value(&ctx->args, "timestamp");
    const char *signature = cli_opt_value(&ctx->args, "signature");
    long tolerance = 0;
    char *body = NULL;
    size_t len = 0;
    zi_status st;

    /* From the environment, the secret stays out of `ps`. */
    if (!secret)
        secret = getenv("ZI_WEBHOOK_SECRET");
    if (!secret || !*secret)
        return cli_usage_error(ctx, "give the subscription's secret: --secret or ZI_WEBHOOK_SECRET");
    if (!timestamp || !signature)
        return cli_usage_error(ctx, "give the delivery's --timestamp and --signature headers");
    if (cli_opt_long(&ctx->args, "tolerance", 1, 31536000L, &tolerance) != 0)
        return cli_usage_error(ctx, NULL);
    if (cli_read_file("-", &body, &len) != 0)
        return CLI_EXIT_INTERNAL;
    st = zi_webhook_verify(secret, timestamp, signature, body, len, tolerance, 0);
    free(body);
    if (st == ZI_OK)
        return CLI_EXIT_OK;
    fprintf(stderr, "zi: rejected: %s\n", zi_strerror(st));
    return st == ZI_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_API;
}

#define HOOK_FIELD_OPTS                                                                      \
    {"webhook-url", "URL", "where deliveries are POSTed: https://... (http only to localhost)"}, \
        {"events", "TYPES", "event types, comma-separated: '*', 'unit.*', 'unit.created', ..."}, \
        {"description", "TEXT", "what the subscription is for (1-500 characters)"}

static const cli_opt create_opts[] = {
    HOOK_FIELD_OPTS,
    {"inactive", NULL, "create it paused (deliveries start with --active true)"},
    CLI_DATA_OPT,
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt list_opts[] = {
    {"status", "STATUS", "only active, paused, failing or archived subscriptions"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt update_opts[] = {
    CLI_PRECONDITION_OPTS("1", "zi webhooks get", "subscription"),
    HOOK_FIELD_OPTS,
    {"active", "BOOL", "false pauses deliveries; true resumes them (and retries a failing one)"},
    CLI_DATA_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt action_opts[] = {
    CLI_IDEMPOTENCY_OPT,
    {NULL, NULL, NULL},
};

static const cli_opt deliveries_opts[] = {
    {"status", "STATUS", "only pending, succeeded or failed deliveries"},
    CLI_PAGE_OPTS,
    {NULL, NULL, NULL},
};

static const cli_opt verify_opts[] = {
    {"secret", "SECRET", "the subscription's secret, whsec_... (default: env ZI_WEBHOOK_SECRET)"},
    {"timestamp", "T", "the delivery's Zi-Timestamp header"},
    {"signature", "SIG", "the delivery's Zi-Signature header (v1=...)"},
    {"tolerance", "SECONDS", "how old (or early) the timestamp may be (default 300)"},
    {NULL, NULL, NULL},
};

const cli_command cli_webhooks_commands[] = {
    {"webhooks", "create", "--webhook-url URL --events TYPES [--description TEXT] [--inactive]",
     "subscribe a URL to events and print its signing secret, once (admin)",
     "Example: zi webhooks create --webhook-url https://hooks.example.go.id/zi \\\n"
     "           --events 'gratification_report.*,unit.updated' --description 'UPG inbox'\n"
     "Deliveries are POSTs of one event each, as zi events list shows them, signed with the\n"
     "secret (header Zi-Signature; zi webhooks verify checks one). Only events journalled\n"
     "after the subscription was made are sent.",
     create_opts, 0, 0, run_create},
    {"webhooks", "list", "[--status STATUS] [--limit N] [--cursor C] [--all]",
     "list webhook subscriptions, oldest first (admin)", NULL, list_opts, 0, 0, run_list},
    {"webhooks", "get", "<id>", "show one webhook subscription and its ETag (admin)", NULL, NULL,
     1, 1, run_get},
    {"webhooks", "update",
     "<id> (--if-match ETAG | --version N) [--webhook-url URL] [--events TYPES] [--description TEXT] "
     "[--active BOOL]",
     "change a webhook subscription, or pause or resume it (admin)",
     "Example: zi webhooks update <id> --version 1 --active false\n"
     "--data '{\"description\": null}' clears the description.",
     update_opts, 1, 1, run_update},
    {"webhooks", "delete", "<id>",
     "delete a webhook subscription: deliveries stop for good; the record stays, archived "
     "(admin)",
     NULL, NULL, 1, 1, run_delete},
    {"webhooks", "ping", "<id>",
     "queue a test delivery (event type webhook.ping) and print it (admin)",
     "The delivery is tried once, within moments; zi webhooks delivery <id> <delivery-id>\n"
     "shows how it went (status, HTTP code, error).",
     action_opts, 1, 1, run_ping},
    {"webhooks", "deliveries", "<id> [--status STATUS] [--limit N] [--cursor C] [--all]",
     "a subscription's deliveries, newest first (admin)", NULL, deliveries_opts, 1, 1,
     run_deliveries},
    {"webhooks", "delivery", "<id> <delivery-id>", "show one delivery (admin)", NULL, NULL, 2, 2,
     run_delivery},
    {"webhooks", "redeliver", "<id> <delivery-id>",
     "send a delivery's event again, as a new delivery tried once (admin)",
     "The receiver gets the same Zi-Event-Id as before, so one that deduplicates ignores it\n"
     "if it had it.",
     action_opts, 2, 2, run_redeliver},
    {"webhooks", "verify", "[--secret SECRET] --timestamp T --signature SIG < BODY",
     "check a received delivery: exit 0 if authentic and recent, 1 if not (no key needed)",
     "Reads the request body, exactly as received, on stdin. Exit 1 says why on stderr:\n"
     "a header missing or malformed, a signature that does not match (another secret, or an\n"
     "altered body or timestamp), or a timestamp more than --tolerance seconds away (a\n"
     "replay, or a clock that is off). For a CGI script:\n"
     "  ZI_WEBHOOK_SECRET=whsec_... zi webhooks verify --timestamp \"$HTTP_ZI_TIMESTAMP\" \\\n"
     "      --signature \"$HTTP_ZI_SIGNATURE\" < body.json\n"
     "Prefer ZI_WEBHOOK_SECRET to --secret: other users can read command lines (ps).",
     verify_opts, 0, 0, run_verify},
    {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL},
};
