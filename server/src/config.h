#ifndef ZI_CONFIG_H
#define ZI_CONFIG_H
/*
 * Configuration from ZI_* environment variables, each overridable by a flag of the
 * same name (ZI_POOL_SIZE ↔ --pool-size). Parsing is pure: the environment is passed
 * in as a lookup function, so tests can drive it. Not thread-safe; parse once at start.
 */
#include <stddef.h>

typedef struct {
    char database_url[1024];
    char listen_host[64];
    int listen_port;
    int pool_size;
    int threads;
    int max_connections_per_address; /* libmicrohttpd's per-IP cap (issue 13) */
    int max_long_polls;              /* readers of GET /v1/events?wait= waiting at once (issue 13) */
    int seal_interval_ms;            /* the journal sealer's idle interval (issue 12; db/sealer.h) */
    unsigned long log_level;
    long max_body_bytes;
    char cors_origins[1024];
    int statement_timeout_ms;
    long rate_limit_per_min;
    long rate_limit_burst;
    /* webhook deliveries (issue 14; delivery/webhooks.h) */
    int webhook_workers;
    int webhook_timeout_ms;
    long webhook_retry_base_ms;
    long webhook_retry_max_ms;
    long webhook_retry_for_s;
    int webhook_poll_ms;
    int webhook_keep_days;
    int webhook_allow_http;
    char webhook_allow_addresses[512];
    int test_fixtures;  /* serve the test-only fixture resource (api/test_fixture.c) */
    /* create-key */
    char role[32];
    char name[201];
    char unit[64];
    char nip[32];
    /* the subcommand: "serve", "migrate", "create-key", "help", "version" */
    char command[32];
} zi_config;

typedef const char *(*zi_getenv_fn)(const char *name);

/* Fills cfg from defaults, then env, then argv (argv[0] is the program). On error returns
 * -1 and writes a one-line message to err. */
int config_parse(zi_config *cfg, int argc, char **argv, zi_getenv_fn env, char *err, size_t errcap);
/* Writes the --help text (every variable with its default) to a stream. */
void config_usage(void *stream);

#endif
