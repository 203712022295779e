#include "config.h"

#include <stdio.h>
#include <string.h>

#include "domain/validate.h"
#include "zi_limits.h"
#include "log.h"

typedef enum { OPT_STRING, OPT_INT, OPT_LISTEN, OPT_LEVEL } opt_kind;

typedef struct {
    const char *env;   /* NULL: flag only */
    const char *flag;
    opt_kind kind;
    size_t offset;
    size_t size;       /* buffer size for strings */
    long min, max;
    const char *dflt;
    const char *help;
} opt;

#define STR(field) offsetof(zi_config, field), sizeof(((zi_config *)0)->field)
#define INT(field) offsetof(zi_config, field), sizeof(int)

static const opt opts[] = {
    {"ZI_DATABASE_URL", "--database-url", OPT_STRING, STR(database_url), 0, 0, "",
     "libpq URI or conninfo of the database (required for serve, migrate, create-key)"},
    {"ZI_LISTEN", "--listen", OPT_LISTEN, STR(listen_host), 0, 0, "127.0.0.1:8080", "address:port to serve on"},
    {"ZI_POOL_SIZE", "--pool-size", OPT_INT, INT(pool_size), 1, 256, "8", "database connections"},
    {"ZI_THREADS", "--threads", OPT_INT, INT(threads), 1, 256, "8",
     "ignored: every connection has its own thread (issue 13); still accepted so that old settings start"},
    {"ZI_LOG_LEVEL", "--log-level", OPT_LEVEL, 0, 0, 0, 0, "info", "none, error, warning, info or debug"},
    {"ZI_MAX_BODY_BYTES", "--max-body-bytes", OPT_INT, offsetof(zi_config, max_body_bytes), sizeof(long), 1024,
     ZI_MAX_BODY_BYTES_CEILING, "65536", "largest request body accepted (413 above)"},
    {"ZI_CORS_ORIGINS", "--cors-origins", OPT_STRING, STR(cors_origins), 0, 0, "",
     "comma-separated origins allowed by CORS, or *"},
    {"ZI_STATEMENT_TIMEOUT_MS", "--statement-timeout-ms", OPT_INT, INT(statement_timeout_ms), 100, 600000, "5000",
     "longest SQL statement before it is cancelled (503)"},
    {"ZI_RATE_LIMIT_PER_MIN", "--rate-limit-per-min", OPT_INT, offsetof(zi_config, rate_limit_per_min),
     sizeof(long), 0, 6000000, "1200", "requests a minute per API key (or client address without a key); 0 = off"},
    {"ZI_RATE_LIMIT_BURST", "--rate-limit-burst", OPT_INT, offsetof(zi_config, rate_limit_burst), sizeof(long), 1,
     1000000, "120", "requests allowed at once before the per-minute rate applies"},
    {"ZI_MAX_CONNECTIONS_PER_ADDRESS", "--max-connections-per-address", OPT_INT, INT(max_connections_per_address), 1,
     ZI_MAX_CONNECTIONS, "256",
     "open connections one client address may hold (raise it behind a reverse proxy, which is one address)"},
    /* A waiting reader holds a connection and its thread, nothing else: the cap keeps at least
     * half of the connections for everyone else. */
    {"ZI_MAX_LONG_POLLS", "--max-long-polls", OPT_INT, INT(max_long_polls), 1, ZI_MAX_CONNECTIONS / 2, "256",
     "readers of GET /v1/events?wait= waiting at once; more are answered 503 with Retry-After"},
    {"ZI_JOURNAL_SEAL_INTERVAL_MS", "--journal-seal-interval-ms", OPT_INT, INT(seal_interval_ms), 10, 60000, "1000",
     "how often the journal is sealed besides right after this instance's writes (records written in SQL, or by "
     "an instance that stopped before sealing)"},
    {"ZI_WEBHOOK_WORKERS", "--webhook-workers", OPT_INT, INT(webhook_workers), 0, 64, "2",
     "threads delivering webhooks (0: this instance delivers none)"},
    {"ZI_WEBHOOK_TIMEOUT_MS", "--webhook-timeout-ms", OPT_INT, INT(webhook_timeout_ms), 100, 60000, "10000",
     "longest wait for a webhook receiver, connecting included"},
    {"ZI_WEBHOOK_RETRY_BASE_MS", "--webhook-retry-base-ms", OPT_INT, offsetof(zi_config, webhook_retry_base_ms),
     sizeof(long), 10, 3600000, "10000", "first retry of a failed delivery; doubled per failure, with jitter"},
    {"ZI_WEBHOOK_RETRY_MAX_MS", "--webhook-retry-max-ms", OPT_INT, offsetof(zi_config, webhook_retry_max_ms),
     sizeof(long), 10, 86400000, "3600000", "longest wait between retries"},
    {"ZI_WEBHOOK_RETRY_FOR_S", "--webhook-retry-for-s", OPT_INT, offsetof(zi_config, webhook_retry_for_s),
     sizeof(long), 1, 2592000, "86400", "retry one event this long, then mark the subscription failing"},
    {"ZI_WEBHOOK_POLL_MS", "--webhook-poll-ms", OPT_INT, INT(webhook_poll_ms), 10, 60000, "1000",
     "look for due deliveries at least this often (new events wake the workers at once)"},
    {"ZI_WEBHOOK_KEEP_DAYS", "--webhook-keep-days", OPT_INT, INT(webhook_keep_days), 1, 3650, "30",
     "days the delivery log keeps finished deliveries"},
    {"ZI_WEBHOOK_ALLOW_HTTP", "--webhook-allow-http", OPT_INT, INT(webhook_allow_http), 0, 1, "0",
     "1 = plain http to any host (default: https, http only to loopback)"},
    {"ZI_WEBHOOK_ALLOW_ADDRESSES", "--webhook-allow-addresses", OPT_STRING, STR(webhook_allow_addresses), 0, 0, "",
     "comma-separated CIDR ranges webhooks may reach although blocked (link-local, metadata)"},
    {NULL, "--test-fixtures", OPT_INT, INT(test_fixtures), 0, 1, "0",
     "1 = also serve the test-only resource /v1/test-fixtures (table from tests/api/fixture.sql); tests only"},
    {NULL, "--role", OPT_STRING, STR(role), 0, 0, "", "create-key: admin, upg, evaluator, unit_officer, employee"},
    {NULL, "--name", OPT_STRING, STR(name), 0, 0, "", "create-key: who or what holds the key"},
    {NULL, "--unit", OPT_STRING, STR(unit), 0, 0, "", "create-key: unit code (unit_officer, employee)"},
    {NULL, "--nip", OPT_STRING, STR(nip), 0, 0, "", "create-key: NIP (employee)"},
};
#define NOPTS (sizeof opts / sizeof opts[0])

static int set_opt(zi_config *cfg, const opt *o, const char *value, const char *origin, char *err, size_t errcap)
{
    char *base = (char *)cfg;
    switch (o->kind) {
    case OPT_STRING:
        if (strlen(value) >= o->size) {
            snprintf(err, errcap, "%s is too long (at most %zu bytes)", origin, o->size - 1);
            return -1;
        }
        memcpy(base + o->offset, value, strlen(value) + 1);
        return 0;
    case OPT_INT: {
        long v;
        if (parse_long(value, o->min, o->max, &v) != 0) {
            snprintf(err, errcap, "%s must be an integer from %ld to %ld, not \"%s\"", origin, o->min, o->max, value);
            return -1;
        }
        if (o->size == sizeof(long))
            *(long *)(void *)(base + o->offset) = v;
        else
            *(int *)(void *)(base + o->offset) = (int)v;
        return 0;
    }
    case OPT_LISTEN: {
        const char *colon = strrchr(value, ':');
        long port;
        if (colon == NULL || colon == value || (size_t)(colon - value) >= sizeof cfg->listen_host ||
            parse_long(colon + 1, 0, 65535, &port) != 0) {
            snprintf(err, errcap, "%s must be host:port (e.g. 127.0.0.1:8080), not \"%s\"", origin, value);
            return -1;
        }
        memcpy(cfg->listen_host, value, (size_t)(colon - value));
        cfg->listen_host[colon - value] = '\0';
        cfg->listen_port = (int)port;
        return 0;
    }
    case OPT_LEVEL:
        if (log_parse_level(value, &cfg->log_level) != 0) {
            snprintf(err, errcap, "%s must be none, error, warning, info or debug, not \"%s\"", origin, value);
            return -1;
        }
        return 0;
    }
    return -1;
}

int config_parse(zi_config *cfg, int argc, char **argv, zi_getenv_fn env, char *err, size_t errcap)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->command, sizeof cfg->command, "serve");
    for (size_t i = 0; i < NOPTS; i++) {
        if (set_opt(cfg, &opts[i], opts[i].dflt, opts[i].flag, err, errcap) != 0)
            return -1;
    }
    for (size_t i = 0; i < NOPTS; i++) {
        const char *v = opts[i].env && env ? env(opts[i].env) : NULL;
        if (v && *v && set_opt(cfg, &opts[i], v, opts[i].env, err, errcap) != 0)
            return -1;
    }
    int have_command = 0;
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            snprintf(cfg->command, sizeof cfg->command, "help");
            return 0;
        }
        if (strcmp(arg, "--version") == 0) {
            snprintf(cfg->command, sizeof cfg->command, "version");
            return 0;
        }
        if (arg[0] != '-') {
            if (have_command || (strcmp(arg, "serve") != 0 && strcmp(arg, "migrate") != 0 &&
                                 strcmp(arg, "create-key") != 0 && strcmp(arg, "routes") != 0 &&
                                 strcmp(arg, "audit-verify") != 0)) {
                snprintf(err, errcap, "unknown command \"%s\" (serve, migrate, create-key, routes, audit-verify)", arg);
                return -1;
            }
            snprintf(cfg->command, sizeof cfg->command, "%s", arg);
            have_command = 1;
            continue;
        }
        const char *eq = strchr(arg, '=');
        size_t flen = eq ? (size_t)(eq - arg) : strlen(arg);
        const opt *o = NULL;
        for (size_t i = 0; i < NOPTS; i++) {
            if (strlen(opts[i].flag) == flen && strncmp(opts[i].flag, arg, flen) == 0)
                o = &opts[i];
        }
        if (o == NULL) {
            snprintf(err, errcap, "unknown option \"%.*s\" (see --help)", (int)flen, arg);
            return -1;
        }
        const char *value = eq ? eq + 1 : (a + 1 < argc ? argv[++a] : NULL);
        if (value == NULL) {
            snprintf(err, errcap, "option %s needs a value", o->flag);
            return -1;
        }
        if (set_opt(cfg, o, value, o->flag, err, errcap) != 0)
            return -1;
    }
    return 0;
}

void config_usage(void *stream)
{
    FILE *f = stream;
    fputs("usage: zi-server [serve|migrate|create-key] [options]\n\n"
          "  serve        run the API (default)\n"
          "  migrate      apply pending migrations and exit\n"
          "  create-key   create an API key and print it (only the key) on stdout\n"
          "               --role ROLE --name NAME [--unit CODE] [--nip NIP]\n"
          "  routes       print the route table as JSON (checked against the OpenAPI document)\n"
          "  audit-verify verify the audit hash chain offline (exit 0 sound, 1 broken)\n"
          "  --help, --version\n\n"
          "Configuration (environment variable, flag, default):\n",
          f);
    for (size_t i = 0; i < NOPTS; i++) {
        if (opts[i].env == NULL)
            continue;
        fprintf(f, "  %-24s %-24s %-16s %s\n", opts[i].env, opts[i].flag,
                opts[i].dflt[0] ? opts[i].dflt : "(unset)", opts[i].help);
    }
}
