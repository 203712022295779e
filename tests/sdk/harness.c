/*
 * harness.c — see harness.h.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- configuration --------------------------------------------------------------------- */

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);

    ck_assert_msg(v && *v, "%s is not set (see tests/sdk/run.sh)", name);
    return v;
}

const char *th_url(void)
{
    return env_or_fail("ZI_TEST_URL");
}

const char *th_admin_key(void)
{
    return env_or_fail("ZI_TEST_ADMIN_KEY");
}

const char *th_build(void)
{
    const char *v = getenv("ZI_SDK_BUILD");
    return v && *v ? v : "build";
}

const char *th_wrap(void)
{
    const char *v = getenv("ZI_SDK_TEST_WRAP");
    return v ? v : "";
}

zi_client *th_client_for(const char *url, const char *key, const zi_options *opts)
{
    zi_client *c = NULL;
    zi_status st = zi_client_new(url, key, opts, &c);

    ck_assert_msg(st == ZI_OK, "zi_client_new(%s): %s", url, zi_strerror(st));
    ck_assert_ptr_nonnull(c);
    return c;
}

char *th_new_key(const char *role, const char *unit_id, const char *nip, char *id_out)
{
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *boot;
    json_t *body;
    json_t *key = NULL;
    char name[64];
    char *secret;
    zi_status st;

    o.max_retries = 6; /* the bootstrap key is shared with every other test: ride out a 429 */
    boot = th_client_for(th_url(), th_admin_key(), &o);
    th_unique_code(name, sizeof name, role);
    body = json_pack("{s:s, s:s}", "role", role, "name", name);
    if (unit_id)
        json_object_set_new(body, "unit_id", json_string(unit_id));
    if (nip)
        json_object_set_new(body, "nip", json_string(nip));
    st = zi_keys_create(boot, body, NULL, &key, NULL);
    json_decref(body);
    th_assert_status(boot, st, ZI_OK);
    secret = strdup(json_string_value(json_object_get(key, "key")));
    ck_assert_ptr_nonnull(secret);
    if (id_out)
        snprintf(id_out, 64, "%s", json_string_value(json_object_get(key, "id")));
    json_decref(key);
    zi_client_free(boot);
    return secret;
}

zi_client *th_client_with(const char *role, const char *unit_id, const char *nip)
{
    char *secret = th_new_key(role, unit_id, nip, NULL);
    zi_client *c = th_client_for(th_url(), secret, NULL);

    free(secret); /* the client copied it */
    return c;
}

zi_client *th_client_admin(void)
{
    return th_client_with("admin", NULL, NULL);
}

zi_client *th_client_reader(void)
{
    return th_client_with("evaluator", NULL, NULL);
}

zi_client *th_client_anonymous(void)
{
    zi_options o = ZI_OPTIONS_INIT;

    o.max_retries = 6;
    return th_client_for(th_url(), NULL, &o);
}

const char *th_unique_code(char *buf, size_t cap, const char *tag)
{
    static atomic_int counter;
    int n = atomic_fetch_add(&counter, 1);

    snprintf(buf, cap, "SDK-%ld-%ld-%d-%.12s", (long)getpid(), (long)(time(NULL) % 100000), n,
             tag);
    return buf;
}

json_t *th_create_unit(zi_client *c, const char *code, zi_etag *etag)
{
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", code, "name", "[Contoh] SDK test unit",
                             "kind", "other");
    json_t *unit = NULL;
    zi_status st = zi_units_create(c, body, NULL, &unit, etag);

    json_decref(body);
    th_assert_status(c, st, ZI_OK);
    ck_assert_ptr_nonnull(unit);
    return unit;
}

long th_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int th_utc_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return tm.tm_year + 1900;
}

const char *th_date(char *buf, size_t cap, int days_from_today)
{
    time_t t = time(NULL) + (time_t)days_from_today * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d", &tm);
    return buf;
}

int th_free_programme_year(zi_client *c)
{
    struct timespec ts;
    unsigned int seed;
    int i;

    clock_gettime(CLOCK_REALTIME, &ts);
    seed = (unsigned int)ts.tv_nsec ^ (unsigned int)getpid() * 2654435761u;
    for (i = 0; i < 50; i++) {
        int year = 2050 + (int)((seed + (unsigned int)i * 7u) % 50u);
        json_t *y = NULL;
        zi_status st = zi_programme_years_get(c, year, &y, NULL);

        json_decref(y);
        if (st == ZI_E_NOT_FOUND)
            return year;
        th_assert_status(c, st, ZI_OK);
    }
    ck_abort_msg("every programme year from 2050 to 2099 is recorded already");
    return 0;
}

const char *th_str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

long long th_int(const json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

size_t th_data_size(const json_t *page)
{
    return json_array_size(json_object_get(page, "data"));
}

json_t *th_drain(zi_client *c, zi_pager *pager)
{
    json_t *items = json_array();

    ck_assert_ptr_nonnull(items);
    for (;;) {
        json_t *item = NULL;
        th_assert_status(c, zi_pager_next(pager, &item), ZI_OK);
        if (!item)
            break;
        json_array_append_new(items, item);
    }
    return items;
}

/* ---- the tiny server ------------------------------------------------------------------------ */

typedef struct th_conn {
    int cfd; /* client side; -1: slot closed */
    int ufd; /* upstream side (TH_PROXY), else -1 */
    char *in;
    size_t in_len;
    size_t in_cap;
} th_conn;

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void conn_close(th_conn *c)
{
    if (c->cfd >= 0)
        close(c->cfd);
    if (c->ufd >= 0)
        close(c->ufd);
    free(c->in);
    memset(c, 0, sizeof *c);
    c->cfd = -1;
    c->ufd = -1;
}

static int connect_local(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;

    if (fd < 0)
        return -1;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Content-Length of a request head, 0 when absent. */
static size_t content_length(const char *head, size_t head_len)
{
    const char *p = head;
    const char *end = head + head_len;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            break;
        if ((size_t)(eol - p) > 15 && strncasecmp(p, "Content-Length:", 15) == 0)
            return (size_t)strtoul(p + 15, NULL, 10);
        p = eol + 1;
    }
    return 0;
}

/* TH_SCRIPT: answer every complete request buffered on c. 0, or -1 to close. */
static int script_serve(th_server *s, th_conn *c)
{
    for (;;) {
        char *hend;
        size_t head_len;
        size_t total;
        const char *resp;

        if (c->in_len == 0)
            return 0;
        c->in[c->in_len] = '\0';
        hend = strstr(c->in, "\r\n\r\n");
        if (!hend)
            return 0;
        head_len = (size_t)(hend - c->in) + 4;
        total = head_len + content_length(c->in, head_len);
        if (c->in_len < total)
            return 0;
        if (s->requests < TH_MAX_RECORDED)
            snprintf(s->recorded[s->requests], sizeof s->recorded[0], "%.*s", (int)head_len, c->in);
        resp = s->script[(size_t)s->requests < s->n_script ? (size_t)s->requests : s->n_script - 1];
        s->requests++;
        memmove(c->in, c->in + total, c->in_len - total);
        c->in_len -= total;
        if (write_all(c->cfd, resp, strlen(resp)) != 0)
            return -1;
        if (strstr(resp, "Connection: close"))
            return -1;
    }
}

/* Read what fd has; TH_SCRIPT buffers it, TH_PROXY relays it to `to`, TH_SILENT drops it.
 * 0, or -1 when the connection is over. */
static int pump(th_server *s, th_conn *c, int from, int to)
{
    char buf[65536];
    ssize_t n = recv(from, buf, sizeof buf, 0);

    if (n < 0 && errno == EINTR)
        return 0;
    if (n <= 0)
        return -1;
    switch (s->mode) {
    case TH_SILENT:
        return 0;
    case TH_PROXY:
        return write_all(to, buf, (size_t)n);
    case TH_SCRIPT:
        if (c->in_len + (size_t)n + 1 > c->in_cap) {
            size_t cap = (c->in_len + (size_t)n + 1) * 2;
            char *p = realloc(c->in, cap);
            if (!p)
                return -1;
            c->in = p;
            c->in_cap = cap;
        }
        memcpy(c->in + c->in_len, buf, (size_t)n);
        c->in_len += (size_t)n;
        return script_serve(s, c);
    }
    return -1;
}

static void *server_main(void *arg)
{
    th_server *s = arg;
    th_conn conns[TH_MAX_CONNS];
    struct pollfd pfd[1 + 2 * TH_MAX_CONNS];
    int i;

    for (i = 0; i < TH_MAX_CONNS; i++) {
        memset(&conns[i], 0, sizeof conns[i]);
        conns[i].cfd = -1;
        conns[i].ufd = -1;
    }
    while (!atomic_load(&s->stop)) {
        pfd[0].fd = s->listen_fd;
        pfd[0].events = POLLIN;
        for (i = 0; i < TH_MAX_CONNS; i++) {
            pfd[1 + 2 * i].fd = conns[i].cfd;
            pfd[1 + 2 * i].events = POLLIN;
            pfd[2 + 2 * i].fd = conns[i].ufd;
            pfd[2 + 2 * i].events = POLLIN;
            pfd[1 + 2 * i].revents = 0;
            pfd[2 + 2 * i].revents = 0;
        }
        pfd[0].revents = 0;
        if (poll(pfd, 1 + 2 * TH_MAX_CONNS, 50) <= 0)
            continue;
        for (i = 0; i < TH_MAX_CONNS; i++) {
            th_conn *c = &conns[i];
            if (c->cfd >= 0 && (pfd[1 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                pump(s, c, c->cfd, c->ufd) != 0) {
                conn_close(c);
                continue;
            }
            if (c->ufd >= 0 && (pfd[2 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR)) &&
                pump(s, c, c->ufd, c->cfd) != 0)
                conn_close(c);
        }
        if (pfd[0].revents & POLLIN) {
            int fd = accept(s->listen_fd, NULL, NULL);
            int one = 1;
            if (fd < 0)
                continue;
            s->accepted++;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            for (i = 0; i < TH_MAX_CONNS && conns[i].cfd >= 0; i++) {
            }
            if (i == TH_MAX_CONNS) {
                close(fd);
                continue;
            }
            conns[i].cfd = fd;
            if (s->mode == TH_PROXY) {
                conns[i].ufd = connect_local(s->upstream_port);
                if (conns[i].ufd < 0)
                    conn_close(&conns[i]);
            }
        }
    }
    for (i = 0; i < TH_MAX_CONNS; i++)
        if (conns[i].cfd >= 0)
            conn_close(&conns[i]);
    return NULL;
}

void th_server_start(th_server *s)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int one = 1;

    s->accepted = 0;
    s->requests = 0;
    atomic_store(&s->stop, 0);
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(s->listen_fd, 0);
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(listen(s->listen_fd, 16), 0);
    ck_assert_int_eq(getsockname(s->listen_fd, (struct sockaddr *)&a, &len), 0);
    s->port = ntohs(a.sin_port);
    ck_assert_int_eq(pthread_create(&s->thread, NULL, server_main, s), 0);
}

void th_server_stop(th_server *s)
{
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
    s->listen_fd = -1;
}

int th_closed_port(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int port;

    ck_assert_int_ge(fd, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    port = ntohs(a.sin_port);
    close(fd); /* bound but never listening, and now closed: connections are refused */
    return port;
}

const char *th_header_of(const char *head, const char *name, char *buf, size_t cap)
{
    size_t n = strlen(name);
    const char *p = strstr(head, "\r\n");

    while (p) {
        p += 2;
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            const char *e;
            while (*v == ' ')
                v++;
            e = strstr(v, "\r\n");
            snprintf(buf, cap, "%.*s", e ? (int)(e - v) : (int)strlen(v), v);
            return buf;
        }
        p = strstr(p, "\r\n");
    }
    return NULL;
}

/* ---- programs ------------------------------------------------------------------------------- */

int th_run(const char *cmdline, int merge, char **out)
{
    char full[8192];
    FILE *f;
    char *buf = NULL;
    size_t len = 0;
    size_t cap = 0;
    char chunk[4096];
    size_t n;
    int status;

    *out = NULL;
    snprintf(full, sizeof full, "%s%s", cmdline, merge ? " 2>&1" : "");
    fflush(NULL);
    f = popen(full, "r");
    if (!f)
        return -1;
    for (;;) {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        if (len + n + 1 > cap) {
            char *p;
            cap = (len + n + 1) * 2;
            p = realloc(buf, cap);
            ck_assert_ptr_nonnull(p);
            buf = p;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    if (!buf)
        buf = calloc(1, 1);
    else
        buf[len] = '\0';
    *out = buf;
    status = pclose(f);
    if (status < 0)
        return -1;
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

void th_webhook_sign(const char *secret, const char *timestamp, const void *body,
                     size_t body_len, char out[68])
{
    char path[] = "/tmp/zi-sdk-webhook-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    char cmd[512];
    char *text = NULL;
    const char *hex = NULL;
    const char *p;
    int rc;

    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%s.", timestamp);
    if (body_len)
        ck_assert_uint_eq(fwrite(body, 1, body_len, f), body_len);
    ck_assert_int_eq(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "openssl dgst -sha256 -hmac '%s' < '%s'", secret, path);
    rc = th_run(cmd, 1, &text);
    unlink(path);
    ck_assert_msg(rc == 0, "`%s` exited %d (make deps-test installs openssl): %s", cmd, rc,
                  text ? text : "");
    /* "HMAC-SHA2-256(stdin)= <hex>" or the like, as openssl versions word it: the hex. */
    for (p = text; *p && !hex; p++)
        if (strspn(p, "0123456789abcdef") == 64)
            hex = p;
    ck_assert_msg(hex != NULL, "no HMAC in openssl's output: %s", text);
    snprintf(out, 68, "v1=%.64s", hex);
    free(text);
}
