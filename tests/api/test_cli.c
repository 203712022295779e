/*
 * test_cli.c — the zi-server command line (README "Configuration", "Subcommands"):
 * --help, --version, refusal of invalid settings, create-key, and the graceful stop
 * on SIGTERM while requests are in flight.
 *
 * Runs the binary under test (ZI_TEST_SERVER_BIN). create-key writes to the database
 * of the server under test (ZI_TEST_DATABASE_URL), so that the key it prints can be
 * tried against that server. The graceful-stop test starts a zi-server of its own on a
 * free port (sql/free-port.sh) against the same database, and holds one of its requests
 * in flight with a row lock taken by psql.
 */
#include "support.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    CLI_TIMEOUT_MS = 20000,
    BURST = 20,                  /* concurrent requests while SIGTERM arrives */
    STOP_LIMIT_MS = 5000,        /* SIGTERM → exit 0 within this */
    AFTER_SIGNAL_MS = 300,       /* keep sending new requests this long after SIGTERM */
    LOCK_AFTER_SIGNAL_MS = 500,  /* the PATCH in flight is held this long after SIGTERM */
    BURST_MS = 300,              /* SIGTERM this long into the burst at the latest */
    MAX_RESPONSE = 4 * 1024 * 1024,
};

/* Run the binary under test with args (NULL-terminated) and env ("NAME=value", or NULL). */
static th_proc *run_server_bin(const char *const *args, const char *const *env)
{
    const char *argv[16];
    size_t n = 0;
    th_proc *p;

    argv[n++] = th_server_bin();
    for (const char *const *a = args; *a; a++) {
        if (n + 1 >= sizeof argv / sizeof argv[0])
            th_fail("too many arguments");
        argv[n++] = *a;
    }
    argv[n] = NULL;
    p = th_run(argv, env, CLI_TIMEOUT_MS);
    th_assert_no_sanitizer_report(p);
    return p;
}

static bool matches(const char *text, const char *pattern)
{
    regex_t re;
    bool ok;

    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        th_fail("bad pattern %s", pattern);
    ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* The line of text whose first word is word; malloc'ed, NULL when none. */
static char *line_starting_with_word(const char *text, const char *word)
{
    const char *line = text;
    size_t wl = strlen(word);

    while (line && *line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *p = line;

        while (p < line + len && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(line + len - p) >= wl && strncmp(p, word, wl) == 0 &&
            (p + wl == line + len || p[wl] == ' ' || p[wl] == '\t'))
            return th_format("%.*s", (int)len, line);
        line = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* Does line hold token as a whole whitespace-separated word? */
static bool has_token(const char *line, const char *token)
{
    size_t n = strlen(token);

    for (const char *p = strstr(line, token); p; p = strstr(p + 1, token)) {
        bool start = p == line || p[-1] == ' ' || p[-1] == '\t';
        bool end = p[n] == '\0' || p[n] == ' ' || p[n] == '\t';

        if (start && end)
            return true;
    }
    return false;
}

/* ---- --help, --version, invalid settings ------------------------------------------------ */

TH_TEST(test_help_lists_every_variable_with_flag_and_default_and_exits_0)
{
    static const struct {
        const char *var;
        const char *flag;
        const char *dflt; /* NULL: no default ("(unset)" or "(none)") */
    } vars[] = {
        {"ZI_DATABASE_URL", "--database-url", NULL},
        {"ZI_LISTEN", "--listen", "127.0.0.1:8080"},
        {"ZI_POOL_SIZE", "--pool-size", "8"},
        {"ZI_THREADS", "--threads", "8"},
        {"ZI_LOG_LEVEL", "--log-level", "info"},
        {"ZI_MAX_BODY_BYTES", "--max-body-bytes", "65536"},
        {"ZI_CORS_ORIGINS", "--cors-origins", NULL},
        {"ZI_STATEMENT_TIMEOUT_MS", "--statement-timeout-ms", "5000"},
    };
    th_proc *p = run_server_bin((const char *const[]){"--help", NULL}, NULL);

    if (p->exit_code != 0)
        th_fail("--help exited %d: %s", p->exit_code, p->err);
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        char *line = line_starting_with_word(p->out, vars[i].var);

        if (!line)
            th_fail("--help has no line for %s:\n%s", vars[i].var, p->out);
        if (!has_token(line, vars[i].flag))
            th_fail("--help line of %s does not name the flag %s: %s", vars[i].var, vars[i].flag, line);
        if (vars[i].dflt && !has_token(line, vars[i].dflt))
            th_fail("--help line of %s does not give the default %s: %s", vars[i].var, vars[i].dflt,
                    line);
        if (!vars[i].dflt && !has_token(line, "(unset)") && !has_token(line, "(none)"))
            th_fail("--help line of %s does not say it has no default: %s", vars[i].var, line);
        free(line);
    }
    th_proc_free(p);
}

TH_TEST(test_version_prints_a_version_and_exits_0)
{
    th_proc *p = run_server_bin((const char *const[]){"--version", NULL}, NULL);

    if (p->exit_code != 0)
        th_fail("--version exited %d: %s", p->exit_code, p->err);
    if (!matches(p->out, "^zi-server [0-9]+\\.[0-9]+\\.[0-9]+[^\n]*\n$"))
        th_fail("--version should print one line \"zi-server X.Y.Z\", not: %s", p->out);
    th_proc_free(p);
}

TH_TEST(test_invalid_setting_exits_2_naming_the_variable_or_flag)
{
    static const struct {
        const char *env;   /* NAME=value, or NULL */
        const char *flag;  /* flag, or NULL */
        const char *value; /* the flag's value */
        const char *named; /* what the message must name */
    } cases[] = {
        {"ZI_POOL_SIZE=0", NULL, NULL, "ZI_POOL_SIZE"},
        {"ZI_POOL_SIZE=eight", NULL, NULL, "ZI_POOL_SIZE"},
        {"ZI_THREADS=0", NULL, NULL, "ZI_THREADS"},
        {"ZI_LISTEN=nonsense", NULL, NULL, "ZI_LISTEN"},
        {"ZI_LOG_LEVEL=loud", NULL, NULL, "ZI_LOG_LEVEL"},
        {"ZI_MAX_BODY_BYTES=-1", NULL, NULL, "ZI_MAX_BODY_BYTES"},
        {"ZI_STATEMENT_TIMEOUT_MS=soon", NULL, NULL, "ZI_STATEMENT_TIMEOUT_MS"},
        {NULL, "--listen", "nonsense", "--listen"},
        {NULL, "--listen", "127.0.0.1:99999", "--listen"},
        {NULL, "--pool-size", "0", "--pool-size"},
        {NULL, "--threads", "-3", "--threads"},
        {NULL, "--log-level", "loud", "--log-level"},
        {NULL, "--statement-timeout-ms", "0", "--statement-timeout-ms"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* A database URL that cannot be reached: a wrongly accepted setting must not
         * leave a server running, and "set ZI_DATABASE_URL" is not the answer we want. */
        const char *env[] = {"ZI_DATABASE_URL=postgresql://nobody@127.0.0.1:1/none?connect_timeout=1",
                             cases[i].env, NULL};
        const char *args[] = {"serve", cases[i].flag, cases[i].value, NULL};
        th_proc *p = run_server_bin(args, env);
        const char *what = cases[i].env ? cases[i].env : cases[i].flag;

        if (p->exit_code != 2)
            th_fail("%s %s: exit %d, expected 2; stderr: %s", what, cases[i].value ? cases[i].value : "",
                    p->exit_code, p->err);
        if (!strstr(p->err, cases[i].named))
            th_fail("%s %s: the message does not name %s: %s", what, cases[i].value ? cases[i].value : "",
                    cases[i].named, p->err);
        if (p->out_len != 0)
            th_fail("%s: something on stdout: %s", what, p->out);
        th_proc_free(p);
    }
}

/* ---- create-key ------------------------------------------------------------------------ */

static char *database_url_env(void)
{
    return th_format("ZI_DATABASE_URL=%s", th_database_url());
}

TH_TEST(test_create_key_prints_only_a_key_that_works)
{
    char name[64];
    char *env_url = database_url_env();
    th_proc *p;
    char key[64];
    char *auth;
    char code[64];
    char *body;
    th_response *r;

    th_unique(name, sizeof name, "zt-key-");
    p = run_server_bin((const char *const[]){"create-key", "--role", "admin", "--name", name, NULL},
                       (const char *const[]){env_url, NULL});
    if (p->exit_code != 0)
        th_fail("create-key exited %d: %s", p->exit_code, p->err);
    if (!matches(p->out, "^zi_[A-Za-z0-9_-]{32}\n$"))
        th_fail("create-key should print exactly one line with the key (zi_ + 32 characters), not: \"%s\"",
                p->out);
    snprintf(key, sizeof key, "%.35s", p->out);
    if (tu_keys_named(name) != 1)
        th_fail("create-key did not store exactly one key named %s", name);

    th_unique(code, sizeof code, "zt-");
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] kunci baru\",\"kind\":\"other\"}", code);
    auth = th_format("Authorization: Bearer %s", key);
    r = th_request("POST", "/v1/units", body, (const char *const[]){auth, NULL});
    if (r->status == 401)
        th_fail("the new key is refused: %s", th_describe(r));
    th_assert_status(r, 201);
    th_response_free(r);
    free(auth);
    free(body);
    th_proc_free(p);
    free(env_url);
}

TH_TEST(test_create_key_refuses_bad_input_and_prints_nothing)
{
    static const struct {
        const char *why;
        const char *args[8];
    } cases[] = {
        {"unknown role", {"--role", "root", NULL}},
        {"unit_officer without --unit", {"--role", "unit_officer", NULL}},
        {"unknown unit code", {"--role", "unit_officer", "--unit", "NO-SUCH-UNIT-ZT", NULL}},
        {"employee with an invalid NIP", {"--role", "employee", "--unit", "PKM-WATES", "--nip", "123", NULL}},
        {"employee with an 18-digit NIP whose birth month is 13",
         {"--role", "employee", "--unit", "PKM-WATES", "--nip", "198513012010011001", NULL}},
        {"employee with a non-numeric NIP",
         {"--role", "employee", "--unit", "PKM-WATES", "--nip", "19850101201001100X", NULL}},
        {"employee without --nip", {"--role", "employee", "--unit", "PKM-WATES", NULL}},
        {"admin with --unit", {"--role", "admin", "--unit", "PKM-WATES", NULL}},
    };
    char *env_url = database_url_env();

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[64];
        const char *args[16];
        size_t n = 0;
        th_proc *p;

        th_unique(name, sizeof name, "zt-badkey-");
        args[n++] = "create-key";
        args[n++] = "--name";
        args[n++] = name;
        for (const char *const *a = cases[i].args; *a; a++)
            args[n++] = *a;
        args[n] = NULL;
        p = run_server_bin(args, (const char *const[]){env_url, NULL});
        if (p->exit_code <= 0)
            th_fail("create-key with %s: exit %d, expected a failure; stdout: %s", cases[i].why,
                    p->exit_code, p->out);
        if (p->out_len != 0)
            th_fail("create-key with %s printed on stdout: %s", cases[i].why, p->out);
        if (p->err_len == 0)
            th_fail("create-key with %s failed without saying why", cases[i].why);
        if (tu_keys_named(name) != 0)
            th_fail("create-key with %s stored a key", cases[i].why);
        th_proc_free(p);
    }
    free(env_url);
}

/* ---- graceful stop ---------------------------------------------------------------------- */

typedef struct transfer {
    CURL *h;
    char *body;
    size_t len;
    bool overflow;
    bool retry_after;
    bool active_at_signal;
    bool started_after_signal;
} transfer;

static size_t on_transfer_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    transfer *t = userdata;
    size_t n = size * nmemb;
    char *grown;

    if (t->len + n > MAX_RESPONSE) {
        t->overflow = true;
        return 0;
    }
    grown = realloc(t->body, t->len + n + 1);
    if (!grown)
        return 0;
    t->body = grown;
    memcpy(t->body + t->len, ptr, n);
    t->len += n;
    t->body[t->len] = '\0';
    return n;
}

static size_t on_transfer_header(char *ptr, size_t size, size_t nitems, void *userdata)
{
    transfer *t = userdata;
    size_t n = size * nitems;

    if (n > 12 && strncasecmp(ptr, "Retry-After:", 12) == 0)
        t->retry_after = true;
    if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0)
        t->retry_after = false;
    return n;
}

static void transfer_start(CURLM *multi, transfer *t, const char *url, bool after_signal)
{
    free(t->body);
    t->body = NULL;
    t->len = 0;
    t->overflow = false;
    t->retry_after = false;
    t->active_at_signal = false;
    t->started_after_signal = after_signal;
    if (!t->h)
        t->h = curl_easy_init();
    else
        curl_easy_reset(t->h);
    if (!t->h)
        th_fail("curl_easy_init");
    curl_easy_setopt(t->h, CURLOPT_URL, url);
    curl_easy_setopt(t->h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(t->h, CURLOPT_TIMEOUT_MS, 15000L);
    curl_easy_setopt(t->h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(t->h, CURLOPT_WRITEFUNCTION, on_transfer_body);
    curl_easy_setopt(t->h, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(t->h, CURLOPT_HEADERFUNCTION, on_transfer_header);
    curl_easy_setopt(t->h, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(t->h, CURLOPT_PRIVATE, t);
    /* A fresh connection each time: the requests really run side by side. */
    curl_easy_setopt(t->h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(t->h, CURLOPT_FORBID_REUSE, 1L);
    if (curl_multi_add_handle(multi, t->h) != CURLM_OK)
        th_fail("curl_multi_add_handle");
}

/*
 * Check one finished transfer: a transfer that got a response must have got all of it,
 * and it must be a valid answer (200 with the page, or 503 problem with Retry-After while
 * shutting down). One that got nothing (refused, reset before any byte) is allowed.
 * Returns true when it got a response.
 */
static bool check_transfer(const transfer *t, CURLcode rc)
{
    long status = 0;
    json_t *doc;

    curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 0) {
        if (rc == CURLE_OK || rc == CURLE_OPERATION_TIMEDOUT)
            th_fail("a request ended with %s and no response: the server hung", curl_easy_strerror(rc));
        if (t->len != 0)
            th_fail("a request got %zu body bytes without a status line", t->len);
        return false;
    }
    if (rc != CURLE_OK) {
        th_fail("a request got HTTP %ld and then %s after %zu body bytes (%s SIGTERM): truncated response",
                status, curl_easy_strerror(rc), t->len,
                t->active_at_signal ? "in flight at" : t->started_after_signal ? "sent after" : "before");
    }
    doc = json_loadb(t->body ? t->body : "", t->len, 0, NULL);
    if (status == 200) {
        if (!json_is_array(json_object_get(doc, "data")) || json_array_size(json_object_get(doc, "data")) == 0)
            th_fail("a 200 answer is not a complete page of units (%zu bytes): %.300s", t->len,
                    t->body ? t->body : "");
    } else if (status == 503) {
        const char *type = th_json_str(doc, "type");

        if (!type || strcmp(type, "urn:zi:problem:service-unavailable") != 0 || !t->retry_after)
            th_fail("a 503 answer while stopping is not a service-unavailable problem with Retry-After: %.300s",
                    t->body ? t->body : "");
    } else {
        th_fail("unexpected HTTP %ld while stopping: %.300s", status, t->body ? t->body : "");
    }
    json_decref(doc);
    return true;
}

static bool port_accepts(int port)
{
    struct sockaddr_in addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool ok;

    if (fd < 0)
        th_fail("socket: %s", strerror(errno));
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok = connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
    close(fd);
    return ok;
}

/* Has t's request gone out completely (so that it is the server's to answer)? */
static bool request_sent(const transfer *t)
{
    long sent = 0;

    return curl_easy_getinfo(t->h, CURLINFO_REQUEST_SIZE, &sent) == CURLE_OK && sent > 0;
}

/*
 * SIGTERM arrives while (a) a PATCH is certainly on the server's desk, held there by a
 * row lock that is released only after the signal, and (b) a burst of list requests is
 * under way. The PATCH must still be answered completely, every burst request that got
 * an answer must have got all of it, the process exits 0 soon, and the port is closed.
 */
TH_TEST(test_sigterm_under_load_completes_responses_exits_0_and_closes_port)
{
    tu_server own;
    th_proc *server;
    int port;
    char *url;
    CURLM *multi = curl_multi_init();
    transfer t[BURST];
    transfer slow;
    struct curl_slist *slow_headers = NULL;
    char *slow_url;
    char *auth = th_format("Authorization: Bearer %s", th_admin_key());
    char app[64];
    char *lock_sql;
    th_proc *holder;
    th_response *created;
    char code[64];
    char *body;
    long slow_status = 0;
    CURLcode slow_rc = CURLE_OK;
    bool slow_done = false;
    bool lock_released = false;
    int running = 0;
    int done_before = 0;
    int in_flight_at_signal = 0;
    int drained = 0;          /* burst requests in flight at the signal, answered completely */
    int answered_after = 0;   /* sent after the signal and answered (503 while draining) */
    int unanswered = 0;       /* no response at all (refused, or closed before any byte) */
    int sent_after = 0;       /* requests started after the signal */
    double t_signal = 0;
    double burst_started = 0;
    double deadline = th_now_ms() + 30000;
    double exited_at = 0;
    double limit_ms;

    memset(t, 0, sizeof t);
    memset(&slow, 0, sizeof slow);
    if (!multi)
        th_fail("curl_multi_init");
    tu_server_start(&own, th_database_url(), (const char *const[]){"--statement-timeout-ms", "20000", NULL});
    server = own.proc;
    port = own.port;
    url = th_format("http://127.0.0.1:%d/v1/units?limit=200", port);

    /* The unit the PATCH will wait for. */
    th_unique(code, sizeof code, "zt-");
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] berhenti dengan tertib\",\"kind\":\"other\"}", code);
    created = th_request("POST", "/v1/units", body, (const char *const[]){th_admin_auth(), NULL});
    th_assert_status(created, 201);
    th_unique(app, sizeof app, "zt-stop-");
    lock_sql = th_format("SELECT id FROM units WHERE id = '%s' FOR UPDATE", th_json_str(created->json, "id"));
    holder = th_psql_hold(app, lock_sql, 30);

    slow_url = th_format("http://127.0.0.1:%d/v1/units/%s", port, th_json_str(created->json, "id"));
    transfer_start(multi, &slow, slow_url, false);
    slow_headers = curl_slist_append(slow_headers, auth);
    slow_headers = curl_slist_append(slow_headers, "If-Match: *");
    slow_headers = curl_slist_append(slow_headers, "Content-Type: application/json");
    curl_multi_remove_handle(multi, slow.h); /* set the PATCH up before it goes */
    curl_easy_setopt(slow.h, CURLOPT_HTTPHEADER, slow_headers);
    curl_easy_setopt(slow.h, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(slow.h, CURLOPT_POSTFIELDS, "{\"staff_count\":31}");
    curl_multi_add_handle(multi, slow.h);
    /* First the PATCH, until it waits for the lock inside the server. */
    for (;;) {
        curl_multi_perform(multi, &running);
        if (running == 0)
            break; /* answered already: reported below */
        if (th_psql_count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND query LIKE '%FOR UPDATE%' AND datname = current_database()") > 0)
            break;
        if (th_now_ms() > deadline)
            th_fail("the PATCH never waited for the row lock");
        curl_multi_poll(multi, NULL, 0, 10, NULL);
    }
    /* Then the burst. (Requests that the server's worker holding the PATCH accepted wait
     * behind it: the signal does not wait for them.) */
    burst_started = th_now_ms();
    for (int i = 0; i < BURST; i++)
        transfer_start(multi, &t[i], url, false);

    for (;;) {
        CURLMsg *msg;
        int left;

        if (curl_multi_perform(multi, &running) != CURLM_OK)
            th_fail("curl_multi_perform");
        while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
            transfer *x = NULL;

            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_multi_remove_handle(multi, x->h);
            if (x == &slow) {
                slow_done = true;
                slow_rc = msg->data.result;
                curl_easy_getinfo(slow.h, CURLINFO_RESPONSE_CODE, &slow_status);
                if (t_signal == 0)
                    th_fail("the PATCH of the locked unit ended before SIGTERM: HTTP %ld, %s: %.300s",
                            slow_status, curl_easy_strerror(slow_rc), slow.body ? slow.body : "");
                continue;
            }
            if (check_transfer(x, msg->data.result)) {
                if (t_signal == 0)
                    done_before++;
                else if (x->active_at_signal)
                    drained++;
                else
                    answered_after++;
            } else if (t_signal == 0) {
                th_fail("a request failed before SIGTERM: %s", curl_easy_strerror(msg->data.result));
            } else {
                unanswered++;
            }
            /* Keep the load up until shortly after the signal (a bounded number of
             * requests then: once the port is closed they fail at once). */
            if (t_signal == 0 || (th_now_ms() < t_signal + AFTER_SIGNAL_MS && sent_after < 2 * BURST)) {
                sent_after += t_signal != 0;
                transfer_start(multi, x, url, t_signal != 0);
            }
        }
        /* Signal while the burst runs and the PATCH waits for the lock inside the server. */
        if (t_signal == 0 && (done_before >= BURST || th_now_ms() > burst_started + BURST_MS)) {
            curl_multi_perform(multi, &running);
            for (int i = 0; i < BURST; i++) {
                t[i].active_at_signal = request_sent(&t[i]);
                in_flight_at_signal += t[i].active_at_signal;
            }
            th_proc_signal(server, SIGTERM);
            t_signal = th_now_ms();
        }
        /* Release the PATCH only after the server has begun to stop. */
        if (t_signal != 0 && !lock_released && th_now_ms() > t_signal + LOCK_AFTER_SIGNAL_MS) {
            th_psql_release(holder, app);
            lock_released = true;
        }
        if (t_signal != 0 && exited_at == 0 && !th_proc_running(server))
            exited_at = th_now_ms();
        if (lock_released && running == 0)
            break;
        if (th_now_ms() > deadline)
            th_fail("requests still running 30 s after the burst started (%d running, signal %s)", running,
                    t_signal != 0 ? "sent" : "not sent: the PATCH never waited for the lock");
        curl_multi_poll(multi, NULL, 0, 10, NULL);
    }

    limit_ms = t_signal + STOP_LIMIT_MS - th_now_ms();
    if (!th_proc_wait(server, limit_ms > 1 ? (int)limit_ms : 1))
        th_fail("zi-server did not exit within %d ms of SIGTERM; stderr: %.1500s", STOP_LIMIT_MS, server->err);
    th_assert_no_sanitizer_report(server);
    if (server->term_signal != 0 || server->exit_code != 0)
        th_fail("zi-server ended with exit %d, signal %d after SIGTERM (expected exit 0); stderr: %.1500s",
                server->exit_code, server->term_signal, server->err);
    if (exited_at == 0)
        exited_at = server->started_ms + server->elapsed_ms;
    if (exited_at - t_signal > STOP_LIMIT_MS)
        th_fail("zi-server took %.0f ms to exit after SIGTERM", exited_at - t_signal);
    if (port_accepts(port))
        th_fail("port %d still accepts connections after zi-server exited", port);

    /* The request on the server's desk at the signal was finished, and completely. */
    if (!slow_done || slow_rc != CURLE_OK || slow_status != 200)
        th_fail("the PATCH in flight at SIGTERM was not finished: HTTP %ld, %s, %zu bytes: %.300s "
                "(burst: %d in flight at the signal, %d of them answered, %d unanswered)",
                slow_status, curl_easy_strerror(slow_rc), slow.len, slow.body ? slow.body : "",
                in_flight_at_signal, drained, unanswered);
    {
        json_t *doc = json_loadb(slow.body ? slow.body : "", slow.len, 0, NULL);

        if (json_integer_value(json_object_get(doc, "staff_count")) != 31)
            th_fail("the PATCH finished during the stop answered %.300s", slow.body ? slow.body : "");
        json_decref(doc);
    }

    curl_easy_cleanup(slow.h);
    free(slow.body);
    curl_slist_free_all(slow_headers);
    for (int i = 0; i < BURST; i++) {
        if (t[i].h)
            curl_easy_cleanup(t[i].h);
        free(t[i].body);
    }
    curl_multi_cleanup(multi);
    th_proc_free(holder);
    free(lock_sql);
    th_response_free(created);
    free(body);
    free(slow_url);
    free(auth);
    free(url);
    th_proc_free(server);
    (void)answered_after;
}

Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc;

    tc = tcase_create("options");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_help_lists_every_variable_with_flag_and_default_and_exits_0);
    tcase_add_test(tc, test_version_prints_a_version_and_exits_0);
    tcase_add_test(tc, test_invalid_setting_exits_2_naming_the_variable_or_flag);
    suite_add_tcase(s, tc);

    tc = tcase_create("create_key");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_create_key_prints_only_a_key_that_works);
    tcase_add_test(tc, test_create_key_refuses_bad_input_and_prints_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("graceful_stop");
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, test_sigterm_under_load_completes_responses_exits_0_and_closes_port);
    suite_add_tcase(s, tc);
    return s;
}
