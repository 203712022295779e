/*
 * support.c — helpers shared by the issue-4 suites; see support.h.
 */
#include "support.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keys and units ---------------------------------------------------------------------- */

char *tu_bearer(const char *key)
{
    return th_format("Authorization: Bearer %s", key);
}

void tu_create_key(tu_key *out, const char *role, const char *unit_id, const char *nip)
{
    char name[64];
    json_t *body;
    th_response *r;
    const char *id;
    const char *secret;

    th_unique(name, sizeof name, "[Uji] kunci ");
    body = json_pack("{s:s, s:s}", "role", role, "name", name);
    if (unit_id)
        json_object_set_new(body, "unit_id", json_string(unit_id));
    if (nip)
        json_object_set_new(body, "nip", json_string(nip));
    r = th_request_json("POST", "/v1/api-keys", body, (const char *const[]){th_admin_auth(), NULL});
    if (r->status != 201)
        th_fail("creating a %s key: expected 201, got %s", role, th_describe(r));
    id = th_json_str(r->json, "id");
    secret = th_json_str(r->json, "key");
    if (!th_is_uuid(id) || !secret || strlen(secret) >= sizeof out->secret)
        th_fail("a created key without id or secret: %s", th_describe(r));
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->secret, sizeof out->secret, "%s", secret);
    snprintf(out->auth, sizeof out->auth, "Authorization: Bearer %s", secret);
    th_response_free(r);
    json_decref(body);
}

void tu_revoke_key(const char *id)
{
    char *path = th_format("/v1/api-keys/%s", id);
    th_response *r = th_request("DELETE", path, NULL, (const char *const[]){th_admin_auth(), NULL});

    th_assert_status(r, 200);
    th_response_free(r);
    free(path);
}

void tu_create_unit(tu_unit *out, const char *auth)
{
    char code[64];
    char *body;
    th_response *r;
    const char *id;

    th_unique(code, sizeof code, "zt-");
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] unit %s\",\"kind\":\"other\",\"staff_count\":1}", code,
                     code);
    r = th_request("POST", "/v1/units", body, (const char *const[]){auth ? auth : th_admin_auth(), NULL});
    th_assert_status(r, 201);
    id = th_json_str(r->json, "id");
    if (!th_is_uuid(id))
        th_fail("created unit without id: %s", th_describe(r));
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->code, sizeof out->code, "%s", code);
    th_response_free(r);
    free(body);
}

char *tu_url(const char *base, const char *path)
{
    return th_format("%s%s", base ? base : th_base_url(), path);
}

const json_t *tu_data(const th_response *r)
{
    const json_t *data = json_is_object(r->json) ? json_object_get(r->json, "data") : NULL;

    if (!json_is_array(data))
        th_fail("a list without a data array: %s", th_describe(r));
    return data;
}

long long tu_feed_end(void)
{
    long long last = 0;

    for (int page = 0; page < 10000; page++) {
        char *path = th_format("/v1/events?after=%lld&limit=1000", last);
        th_response *r = th_request("GET", path, NULL, (const char *const[]){th_admin_auth(), NULL});
        size_t n;

        th_assert_status(r, 200);
        n = json_array_size(tu_data(r));
        if (n > 0)
            last = th_json_int(json_array_get(tu_data(r), n - 1), "seq");
        th_response_free(r);
        free(path);
        if (n == 0)
            return last;
    }
    th_fail("the feed did not end after 10000 pages");
}

long tu_keys_named(const char *name)
{
    char *sql = th_format("SELECT count(*) FROM api_keys WHERE name = '%s'", name);
    long n = th_psql_count(sql);

    free(sql);
    return n;
}

/* ---- servers of a test's own ---------------------------------------------------------------- */

char *tu_scratch_with_admin(th_scratch *db, const char *prefix)
{
    th_scratch_create(db, prefix);
    th_proc *p = th_run((const char *const[]){th_server_bin(), "migrate", "--database-url", db->url, NULL}, NULL,
                        120000);
    if (p->exit_code != 0)
        th_fail("migrating the scratch database %s failed: %.1000s", db->name, p->err);
    th_proc_free(p);
    p = th_run((const char *const[]){th_server_bin(), "create-key", "--role", "admin", "--name", "scratch admin",
                                     "--database-url", db->url, NULL},
               NULL, 60000);
    if (p->exit_code != 0)
        th_fail("create-key on the scratch database %s failed: %.1000s", db->name, p->err);
    char *auth = th_format("Authorization: Bearer %.*s", (int)strcspn(p->out, "\r\n"), p->out);
    th_proc_free(p);
    return auth;
}

void tu_server_start(tu_server *s, const char *database_url, const char *const *extra_args)
{
    memset(s, 0, sizeof *s);
    for (int attempt = 0; attempt < 3; attempt++) {
        int port = th_free_port();
        char *listen = th_format("127.0.0.1:%d", port);
        const char *argv[40] = {th_server_bin(), "serve", "--database-url", database_url, "--listen", listen,
                                "--log-level", "warning", "--pool-size", "4", "--threads", "4"};
        size_t n = 12;
        char *health = th_format("http://127.0.0.1:%d/healthz", port);
        double deadline = th_now_ms() + 20000;
        th_proc *p;

        for (const char *const *a = extra_args; a && *a; a++) {
            if (n + 1 >= sizeof argv / sizeof argv[0])
                th_fail("tu_server_start: too many arguments");
            argv[n++] = *a;
        }
        argv[n] = NULL;
        p = th_spawn(argv, NULL, NULL);
        while (th_now_ms() < deadline && th_proc_running(p)) {
            th_response *r = th_try_request("GET", health, NULL, NULL);
            long status = r ? r->status : 0;

            th_response_free(r);
            if (status == 200) {
                s->proc = p;
                s->port = port;
                snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", port);
                free(health);
                free(listen);
                return;
            }
            th_sleep_ms(30);
        }
        free(health);
        free(listen);
        if (th_proc_running(p))
            th_fail("own zi-server on port %d did not become healthy within 20 s", port);
        th_proc_wait(p, 1000);
        fprintf(stderr, "own zi-server could not start on port %d (exit %d): %.500s; trying another\n", port,
                p->exit_code, p->err);
        th_proc_free(p);
    }
    th_fail("could not start a zi-server of our own");
}

void tu_server_stop(tu_server *s)
{
    if (!s->proc)
        return;
    th_proc_signal(s->proc, SIGTERM);
    if (!th_proc_wait(s->proc, 10000))
        th_fail("own zi-server did not exit within 10 s of SIGTERM; stderr: %.1500s", s->proc->err);
    th_assert_no_sanitizer_report(s->proc);
    if (s->proc->exit_code != 0)
        th_fail("own zi-server exited with %d (signal %d) after SIGTERM; stderr: %.1500s", s->proc->exit_code,
                s->proc->term_signal, s->proc->err);
    th_proc_free(s->proc);
    s->proc = NULL;
}

/* ---- scratch databases -------------------------------------------------------------------- */

void tu_drop_leftover_databases(void)
{
    th_drop_leftover_databases(TU_SCRATCH_PREFIX, "issue-4 suites teardown");
}

/* ---- threads -------------------------------------------------------------------------------- */

typedef struct parallel_arg {
    pthread_barrier_t *start;
    void (*fn)(int i, void *arg);
    void *arg;
    int i;
} parallel_arg;

static void *parallel_main(void *p)
{
    parallel_arg *a = p;

    pthread_barrier_wait(a->start);
    a->fn(a->i, a->arg);
    return NULL;
}

void tu_parallel(int n, void (*fn)(int i, void *arg), void *arg)
{
    pthread_barrier_t start;
    pthread_t *threads = calloc((size_t)n, sizeof *threads);
    parallel_arg *args = calloc((size_t)n, sizeof *args);

    if (!threads || !args || pthread_barrier_init(&start, NULL, (unsigned)n) != 0)
        th_fail("tu_parallel: out of memory");
    for (int i = 0; i < n; i++) {
        args[i] = (parallel_arg){&start, fn, arg, i};
        if (pthread_create(&threads[i], NULL, parallel_main, &args[i]) != 0)
            th_fail("tu_parallel: pthread_create failed for thread %d", i);
    }
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start);
    free(args);
    free(threads);
}
