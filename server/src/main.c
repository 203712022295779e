/* zi-server: subcommands serve (default), migrate, create-key; --help; --version. */
#include <curl/curl.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ulfius.h>

#include "api/module.h"
#include "config.h"
#include "db/audit_db.h"
#include "db/idempotency_db.h"
#include "db/notify.h"
#include "db/sealer.h"
#include "db/keys_db.h"
#include "db/migrate.h"
#include "db/pool.h"
#include "delivery/webhooks.h"
#include "domain/nip.h"
#include "domain/principal.h"
#include "http/auth.h"
#include "http/router.h"
#include "log.h"
#include "version.h"

static const char *env_lookup(const char *name)
{
    return getenv(name);
}

static int need_database(const zi_config *cfg)
{
    if (cfg->database_url[0])
        return 0;
    fprintf(stderr, "zi-server: set ZI_DATABASE_URL or --database-url\n");
    return -1;
}

static int cmd_migrate(const zi_config *cfg)
{
    if (need_database(cfg) != 0)
        return 2;
    PGconn *pg = db_connect_once(cfg->database_url, 600000);
    if (pg == NULL)
        return 1;
    int rc = migrate_run(pg);
    PQfinish(pg);
    return rc == 0 ? 0 : 1;
}

static int cmd_create_key(const zi_config *cfg)
{
    if (need_database(cfg) != 0)
        return 2;
    unsigned role = principal_role_from_name(cfg->role);
    if (role == 0) {
        fprintf(stderr, "zi-server create-key: --role must be admin, upg, evaluator, unit_officer or employee\n");
        return 2;
    }
    if (cfg->name[0] == '\0') {
        fprintf(stderr, "zi-server create-key: --name is required\n");
        return 2;
    }
    if ((role & (ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)) && cfg->unit[0] == '\0') {
        fprintf(stderr, "zi-server create-key: --unit CODE is required for %s\n", cfg->role);
        return 2;
    }
    if (!(role & (ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)) && cfg->unit[0]) {
        fprintf(stderr, "zi-server create-key: --unit is only for unit_officer and employee keys\n");
        return 2;
    }
    if (role == ROLE_EMPLOYEE && cfg->nip[0] == '\0') {
        fprintf(stderr, "zi-server create-key: --nip is required for employee keys\n");
        return 2;
    }
    if (cfg->nip[0]) {
        nip_status ns = nip_check(cfg->nip);
        if (ns != NIP_OK) {
            fprintf(stderr, "zi-server create-key: --nip is not a valid NIP (%s)\n", nip_status_name(ns));
            return 2;
        }
    }
    char key[ZI_KEY_LEN + 1], hash[65], prefix[12], err[256];
    if (apikey_generate(key) != 0 || apikey_hash_hex(key, hash) != 0) {
        fprintf(stderr, "zi-server create-key: no randomness available\n");
        return 1;
    }
    snprintf(prefix, sizeof prefix, "%.8s", key);
    PGconn *pg = db_connect_once(cfg->database_url, 10000);
    if (pg == NULL)
        return 1;
    int rc = keys_db_insert(pg, hash, prefix, cfg->role, cfg->name, cfg->unit, cfg->nip, err, sizeof err);
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "zi-server create-key: %s\n", err);
        return 1;
    }
    printf("%s\n", key);
    return 0;
}

/* Offline verification of the audit chain: exit 0 when it holds, 1 when broken, 2 on errors. */
static int cmd_audit_verify(const zi_config *cfg)
{
    if (need_database(cfg) != 0)
        return 2;
    PGconn *pg = db_connect_once(cfg->database_url, 600000);
    if (pg == NULL)
        return 2;
    audit_verdict v;
    long long head_seq = 0;
    char head_hash[65], err[256] = "cannot open a snapshot";
    /* One snapshot for the rows and the head (audit_db.h). */
    PGresult *res = PQexec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    PQclear(res);
    if (rc == 0)
        rc = audit_db_verify(pg, &v, &head_seq, head_hash, err, sizeof err);
    PQfinish(pg);
    if (rc != 0) {
        fprintf(stderr, "zi-server audit-verify: %s\n", err);
        return 2;
    }
    if (v.ok)
        printf("{\"ok\":true,\"checked\":%lld,\"first_broken_seq\":null,\"head_seq\":%lld,\"head_hash\":\"%s\"}\n",
               v.checked, head_seq, head_hash);
    else
        printf("{\"ok\":false,\"checked\":%lld,\"first_broken_seq\":%lld,\"head_seq\":%lld,\"head_hash\":\"%s\"}\n",
               v.checked, v.first_broken_seq, head_seq, head_hash);
    return v.ok ? 0 : 1;
}

static int register_routes(const zi_config *cfg)
{
    modules_use(cfg->test_fixtures);
    if (modules_check() != 0)
        return -1;
    return router_init(modules_in_service());
}

static const char *const role_names[] = {"public", "admin", "upg", "evaluator", "unit_officer", "employee"};

static json_t *role_list(unsigned roles)
{
    json_t *out = json_array();
    for (unsigned b = 0; b < sizeof role_names / sizeof role_names[0]; b++) {
        if (roles & (1u << b))
            json_array_append_new(out, json_string(role_names[b]));
    }
    return out;
}

static json_t *string_list(const char *const *values)
{
    json_t *out = json_array();
    for (const char *const *v = values; v && *v; v++)
        json_array_append_new(out, json_string(*v));
    return out;
}

/* The query allowlist as tests/contract/check-routes.mjs reads it. */
static json_t *query_json(const zi_qparam *q)
{
    static const char *const types[] = {[QP_INT] = "integer", [QP_STRING] = "string", [QP_ENUM] = "enum",
                                        [QP_UUID] = "uuid", [QP_BOOL] = "boolean", [QP_CURSOR] = "cursor",
                                        [QP_SORT] = "enum", [QP_DATE] = "date"};
    json_t *out = json_array();
    for (; q && q->name; q++) {
        json_t *p = json_pack("{s:s, s:s}", "name", q->name, "type", types[q->type]);
        if (q->required)
            json_object_set_new(p, "required", json_true());
        if (q->type == QP_INT || q->type == QP_STRING) {
            json_object_set_new(p, "min", json_integer(q->min));
            json_object_set_new(p, "max", json_integer(q->max));
        }
        if (q->type == QP_ENUM)
            json_object_set_new(p, "values", string_list(q->values));
        if (q->type == QP_SORT) {
            json_t *v = json_array();
            for (const zi_sort *s = q->sorts; s->name; s++)
                json_array_append_new(v, json_string(s->name));
            json_object_set_new(p, "values", v);
        }
        json_array_append_new(out, p);
    }
    return out;
}

static json_t *body_json(const zi_route *rt)
{
    static const char *const types[] = {[FT_STRING] = "string", [FT_TEXT] = "text", [FT_INT] = "integer",
                                        [FT_DATE] = "date", [FT_UUID] = "uuid", [FT_ENUM] = "enum",
                                        [FT_CODE] = "code", [FT_LIST] = "list", [FT_BOOL] = "boolean",
                                        [FT_DECIMAL] = "decimal"};
    /* A JSON body the handler reads itself (nested, as a score sheet): nothing to compare. */
    if (rt->fields == NULL)
        return rt->body == BODY_JSON ? json_pack("{s:s}", "mode", "custom") : json_null();
    json_t *fields = json_array();
    for (size_t i = 0; i < rt->fields->count; i++) {
        const zi_field_spec *f = &rt->fields->fields[i];
        json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:b, s:b}", "name", f->name, "type", types[f->type], "required",
                              (f->flags & F_REQUIRED) != 0, "nullable", (f->flags & F_NULLABLE) != 0, "read_only",
                              (f->flags & F_READ_ONLY) != 0, "create_only", (f->flags & F_CREATE_ONLY) != 0);
        if (f->type == FT_INT || ((f->type == FT_STRING || f->type == FT_TEXT || f->type == FT_CODE) &&
                                  !(f->flags & F_READ_ONLY))) {
            json_object_set_new(o, "min", json_integer(f->min));
            json_object_set_new(o, "max", json_integer(f->max));
        }
        if (f->type == FT_ENUM)
            json_object_set_new(o, "values", string_list(f->values));
        if (f->type == FT_DECIMAL) {
            json_object_set_new(o, "min", json_real((double)f->min / 100.0));
            json_object_set_new(o, "max", json_real((double)f->max / 100.0));
        }
        if (f->type == FT_LIST) {
            json_object_set_new(o, "min", json_integer(f->min));
            json_object_set_new(o, "max", json_integer(f->max));
            json_object_set_new(o, "item_min", json_integer(1));
            json_object_set_new(o, "item_max", json_integer(f->item_max));
        }
        json_array_append_new(fields, o);
    }
    return json_pack("{s:s, s:o}", "mode", strcmp(rt->method, "PATCH") == 0 ? "patch" : "create", "fields", fields);
}

/* The route tables as JSON, for the check against openapi/openapi.yaml. */
static int cmd_routes(const zi_config *cfg)
{
    if (register_routes(cfg) != 0)
        return 1;
    json_t *out = json_array();
    for (size_t i = 0; i < router_count(); i++) {
        const zi_route *rt = router_route(i);
        const char *scope = rt->scope.kind == SCOPE_NONE ? NULL : rt->scope.private_record ? "own-private" : "own";
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:o, s:s?, s:b, s:o, s:o}", "method", rt->method,
                                             "path", rt->pattern, "operationId", rt->operation_id, "roles",
                                             role_list(rt->roles), "unit_scope", scope, "reads_keys",
                                             !(rt->flags & RF_NO_AUTH), "query", query_json(rt->query), "body",
                                             body_json(rt)));
    }
    json_dumpf(out, stdout, JSON_INDENT(1));
    putchar('\n');
    json_decref(out);
    router_free();
    return 0;
}

/* Statements every connection prepares besides the modules' own. */
static const db_stmt *const core_statements[] = {migrate_statements, idempotency_db_statements};

static int cmd_serve(const zi_config *cfg)
{
    if (need_database(cfg) != 0)
        return 2;
    if (register_routes(cfg) != 0) {
        fprintf(stderr, "zi-server: the resource modules do not hold together (see above), or out of memory\n");
        router_free();
        return 1;
    }
    enum { MAX_TABLES = 40 };
    const db_stmt *statements[MAX_TABLES + 1];
    size_t n = 0;
    for (size_t i = 0; i < sizeof core_statements / sizeof core_statements[0]; i++)
        statements[n++] = core_statements[i];
    for (const zi_module *const *m = modules_in_service(); *m && n < MAX_TABLES; m++) {
        if ((*m)->statements)
            statements[n++] = (*m)->statements;
    }
    statements[n] = NULL;
    if (db_pool_start(cfg->database_url, cfg->pool_size, cfg->statement_timeout_ms, statements) != 0) {
        fprintf(stderr, "zi-server: out of memory at start\n");
        router_free();
        return 1;
    }
    /* Long-poll readers each hold a connection and its thread (http/router.c), no worker others need. */
    notify_set_max_waiters(cfg->max_long_polls);
    if (notify_start(cfg->database_url) != 0 || sealer_start(cfg->database_url, cfg->seal_interval_ms) != 0) {
        fprintf(stderr, "zi-server: cannot start the change-feed listener or the journal sealer\n");
        notify_stop();
        db_pool_stop();
        router_free();
        return 1;
    }
    webhook_settings hooks = {.workers = cfg->webhook_workers, .timeout_ms = cfg->webhook_timeout_ms,
                              .retry_base_ms = cfg->webhook_retry_base_ms, .retry_max_ms = cfg->webhook_retry_max_ms,
                              .retry_for_s = cfg->webhook_retry_for_s, .poll_ms = cfg->webhook_poll_ms,
                              .keep_days = cfg->webhook_keep_days, .allow_http = cfg->webhook_allow_http};
    if (webhook_allowlist_parse(cfg->webhook_allow_addresses, &hooks.allow) != 0 || webhooks_start(&hooks) != 0) {
        fprintf(stderr, "zi-server: ZI_WEBHOOK_ALLOW_ADDRESSES must be comma-separated CIDR ranges (at most %d), "
                        "or the webhook workers cannot start\n", WEBHOOK_MAX_CIDRS);
        sealer_stop();
        notify_stop();
        db_pool_stop();
        router_free();
        return 2;
    }
    /* A new event may be due somewhere: the listener wakes this instance's delivery workers. */
    notify_on_event(webhooks_kick);
    int rc = server_run(cfg);
    notify_on_event(NULL);
    webhooks_stop();
    sealer_stop();
    notify_stop();
    db_pool_stop();
    router_free();
    return rc;
}

int main(int argc, char **argv)
{
    zi_config cfg;
    char err[256];
    if (config_parse(&cfg, argc, argv, env_lookup, err, sizeof err) != 0) {
        fprintf(stderr, "zi-server: %s\n", err);
        return 2;
    }
    if (strcmp(cfg.command, "help") == 0) {
        config_usage(stdout);
        return 0;
    }
    if (strcmp(cfg.command, "version") == 0) {
        printf("zi-server %s\n", ZI_SERVER_VERSION);
        return 0;
    }
    /* Once, before any thread: Jansson's allocators, GnuTLS, Yder's statics. */
    ulfius_global_init();
    gnutls_global_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    log_init("zi-server", strcmp(cfg.command, "serve") == 0 ? cfg.log_level : Y_LOG_LEVEL_ERROR);
    int rc;
    if (strcmp(cfg.command, "migrate") == 0)
        rc = cmd_migrate(&cfg);
    else if (strcmp(cfg.command, "create-key") == 0)
        rc = cmd_create_key(&cfg);
    else if (strcmp(cfg.command, "routes") == 0)
        rc = cmd_routes(&cfg);
    else if (strcmp(cfg.command, "audit-verify") == 0)
        rc = cmd_audit_verify(&cfg);
    else
        rc = cmd_serve(&cfg);
    log_close();
    curl_global_cleanup();
    gnutls_global_deinit();
    ulfius_global_close();
    return rc;
}
