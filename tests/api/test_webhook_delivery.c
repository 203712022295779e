/*
 * test_webhook_delivery.c — webhook deliveries end to end (issue 14): zi-server instances of
 * the test's own, on a scratch database each, POST to receivers that run in this process on
 * loopback. Proven here: two instances deliver every event once per subscription, in
 * sequence order, with valid signatures; a receiver that is down is retried and gets
 * everything after it returns; a receiver that keeps failing marks its subscription
 * failing (with an event) until an admin resumes it; pings and redeliveries; a receiver
 * that hangs does not slow the API down.
 */
#include <arpa/inet.h>
#include <check.h>
#include <gnutls/crypto.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "support.h"

#define SCRATCH_PREFIX "zt_wh_"

/* ---- a receiver on loopback --------------------------------------------------------- */

typedef enum { RX_OK, RX_FAIL, RX_HANG } rx_mode;

typedef struct {
    char path[64];
    char event_id[64];
    char delivery_id[40];
    char timestamp[24];
    char signature[80];
    char attempt[8];
    char *body;
} rx_hit;

typedef struct {
    int fd;
    int port;
    pthread_t thread;
    atomic_int mode;
    atomic_int stop;
    atomic_int hung; /* requests being held in RX_HANG */
    pthread_mutex_t lock;
    rx_hit *hits;
    size_t n, cap;
} receiver;

static void header_value(const char *head, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    size_t nl = strlen(name);
    for (const char *line = strstr(head, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
            const char *v = h + nl + 1;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r");
            snprintf(out, cap, "%.*s", (int)len, v);
            return;
        }
    }
}

/* Reads one request (headers and Content-Length bytes of body); NULL on a short read. */
static char *read_request(int fd, size_t *head_len, size_t *total)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    long want = -1;
    while (buf && n < cap) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 5000) <= 0)
            break;
        ssize_t got = read(fd, buf + n, cap - n);
        if (got <= 0)
            break;
        n += (size_t)got;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end && want < 0) {
            char cl[24];
            *head_len = (size_t)(end - buf) + 4;
            char saved = buf[*head_len];
            buf[*head_len] = '\0';
            header_value(buf, "Content-Length", cl, sizeof cl);
            buf[*head_len] = saved;
            want = (long)*head_len + strtol(cl, NULL, 10);
        }
        if (want >= 0 && (long)n >= want) {
            *total = (size_t)want;
            return buf;
        }
    }
    free(buf);
    return NULL;
}

static void record(receiver *rx, char *req, size_t head_len, size_t total)
{
    rx_hit h;
    memset(&h, 0, sizeof h);
    char saved = req[head_len];
    req[head_len] = '\0';
    sscanf(req, "POST %63s", h.path);
    header_value(req, "Zi-Event-Id", h.event_id, sizeof h.event_id);
    header_value(req, "Zi-Delivery-Id", h.delivery_id, sizeof h.delivery_id);
    header_value(req, "Zi-Timestamp", h.timestamp, sizeof h.timestamp);
    header_value(req, "Zi-Signature", h.signature, sizeof h.signature);
    header_value(req, "Zi-Attempt", h.attempt, sizeof h.attempt);
    req[head_len] = saved;
    h.body = strndup(req + head_len, total - head_len);
    pthread_mutex_lock(&rx->lock);
    if (rx->n == rx->cap) {
        rx->cap = rx->cap ? 2 * rx->cap : 64;
        rx->hits = realloc(rx->hits, rx->cap * sizeof *rx->hits);
    }
    rx->hits[rx->n++] = h;
    pthread_mutex_unlock(&rx->lock);
}

/* One connection at a time: a hanging answer holds every later request in the backlog,
 * as a receiver stuck on its database would. */
static void *serve(void *arg)
{
    receiver *rx = arg;
    while (!atomic_load(&rx->stop)) {
        struct pollfd p = {.fd = rx->fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int c = accept(rx->fd, NULL, NULL);
        if (c < 0)
            continue;
        size_t head_len = 0, total = 0;
        char *req = read_request(c, &head_len, &total);
        rx_mode mode = (rx_mode)atomic_load(&rx->mode);
        if (req && mode == RX_HANG) {
            atomic_fetch_add(&rx->hung, 1);
            while (!atomic_load(&rx->stop) && atomic_load(&rx->mode) == RX_HANG)
                th_sleep_ms(20);
            atomic_fetch_sub(&rx->hung, 1);
        } else if (req) {
            if (mode == RX_OK)
                record(rx, req, head_len, total);
            const char *answer = mode == RX_OK ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                               : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n"
                                                 "Connection: close\r\n\r\noops";
            ssize_t ignored = write(c, answer, strlen(answer));
            (void)ignored;
        }
        free(req);
        close(c);
    }
    return NULL;
}

/* Listens on port (0: any free one). */
static void receiver_start(receiver *rx, int port, rx_mode mode)
{
    memset(rx, 0, sizeof *rx);
    pthread_mutex_init(&rx->lock, NULL);
    atomic_store(&rx->mode, mode);
    rx->fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(rx->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(rx->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(rx->fd, 64) != 0)
        th_fail("receiver: cannot listen on port %d", port);
    socklen_t len = sizeof a;
    getsockname(rx->fd, (struct sockaddr *)&a, &len);
    rx->port = ntohs(a.sin_port);
    pthread_create(&rx->thread, NULL, serve, rx);
}

static void receiver_stop(receiver *rx)
{
    atomic_store(&rx->stop, 1);
    pthread_join(rx->thread, NULL);
    close(rx->fd);
    for (size_t i = 0; i < rx->n; i++)
        free(rx->hits[i].body);
    free(rx->hits);
    pthread_mutex_destroy(&rx->lock);
}

static size_t hits_on(receiver *rx, const char *path)
{
    size_t n = 0;
    pthread_mutex_lock(&rx->lock);
    for (size_t i = 0; i < rx->n; i++)
        n += strcmp(rx->hits[i].path, path) == 0;
    pthread_mutex_unlock(&rx->lock);
    return n;
}

/* Waits until path has at least want hits (distinct event ids not required); false on timeout. */
static bool wait_hits(receiver *rx, const char *path, size_t want, double timeout_ms)
{
    double deadline = th_now_ms() + timeout_ms;
    while (hits_on(rx, path) < want) {
        if (th_now_ms() > deadline)
            return false;
        th_sleep_ms(50);
    }
    return true;
}

/* ---- a scratch database with two instances on it ----------------------------------- */

typedef struct {
    th_scratch db;
    char auth[200];
    tu_server a, b;
} wh_env;

static void env_start(wh_env *e, int instances, const char *const *extra)
{
    memset(e, 0, sizeof *e);
    char *auth = tu_scratch_with_admin(&e->db, SCRATCH_PREFIX);
    snprintf(e->auth, sizeof e->auth, "%s", auth);
    free(auth);
    const char *args[24] = {"--rate-limit-per-min", "0", "--webhook-retry-base-ms", "200", "--webhook-retry-max-ms",
                            "800", NULL};
    size_t n = 6;
    for (const char *const *x = extra; x && *x && n < 22; x++)
        args[n++] = *x;
    args[n] = NULL;
    tu_server_start(&e->a, e->db.url, args);
    if (instances > 1)
        tu_server_start(&e->b, e->db.url, args);
}

static void env_stop(wh_env *e)
{
    tu_server_stop(&e->a);
    if (e->b.proc)
        tu_server_stop(&e->b);
    th_scratch_drop(&e->db);
}

static th_response *call(const char *base, const char *method, const char *path, const char *body, const char *auth,
                         const char *extra_header)
{
    char *url = tu_url(base, path);
    const char *headers[] = {auth, extra_header, NULL};
    th_response *r = th_request(method, url, body, headers);
    free(url);
    return r;
}

typedef struct {
    char id[40];
    char secret[80];
} hook;

static void subscribe(wh_env *e, hook *h, int port, const char *path, const char *types)
{
    char *body = th_format("{\"url\":\"http://127.0.0.1:%d%s\",\"event_types\":%s}", port, path, types);
    th_response *r = call(e->a.base, "POST", "/v1/webhooks", body, e->auth, NULL);
    th_assert_status(r, 201);
    snprintf(h->id, sizeof h->id, "%s", th_json_str(r->json, "id"));
    snprintf(h->secret, sizeof h->secret, "%s", th_json_str(r->json, "secret"));
    th_response_free(r);
    free(body);
}

static void write_unit(const char *base, const char *auth)
{
    char code[48];
    th_unique(code, sizeof code, "zt-wh-");
    char *body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] webhook %s\",\"kind\":\"other\"}", code, code);
    th_response *r = call(base, "POST", "/v1/units", body, auth, NULL);
    th_assert_status(r, 201);
    th_response_free(r);
    free(body);
}

static long long feed_head(wh_env *e)
{
    th_seal(e->db.url);
    char *out = th_psql(e->db.url, "SELECT event_seq FROM journal_head");
    long long v = strtoll(out, NULL, 10);
    free(out);
    return v;
}

/* The sequence numbers of events after `after` whose type starts with prefix ("" = all). */
static long long *expected_events(wh_env *e, long long after, const char *prefix, size_t *n)
{
    char *sql = th_format("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM events WHERE seq > %lld "
                          "AND starts_with(type, '%s')",
                          after, prefix);
    th_seal(e->db.url);
    char *out = th_psql(e->db.url, sql);
    free(sql);
    long long *seqs = calloc(strlen(out) / 2 + 2, sizeof *seqs);
    *n = 0;
    for (char *p = out; *p;) {
        seqs[(*n)++] = strtoll(p, &p, 10);
        if (*p == ',')
            p++;
    }
    free(out);
    return seqs;
}

static bool signature_valid(const char *secret, const rx_hit *h)
{
    char *msg = th_format("%s.%s", h->timestamp, h->body);
    unsigned char mac[32];
    int rc = gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, strlen(secret), msg, strlen(msg), mac);
    free(msg);
    char hex[3 + 65] = "v1=";
    for (int i = 0; i < 32; i++)
        snprintf(hex + 3 + 2 * i, 3, "%02x", mac[i]);
    return rc == 0 && strcmp(hex, h->signature) == 0;
}

/* Checks what path received for subscription h: after dropping repeats of an event id
 * (at least once), exactly the expected events, in increasing order, each signed. Returns
 * the number of repeats. */
static size_t check_received(receiver *rx, const char *path, const hook *h, const long long *want, size_t nwant)
{
    size_t got = 0, repeats = 0;
    long long last = 0;
    pthread_mutex_lock(&rx->lock);
    for (size_t i = 0; i < rx->n; i++) {
        const rx_hit *x = &rx->hits[i];
        if (strcmp(x->path, path) != 0)
            continue;
        ck_assert_msg(signature_valid(h->secret, x), "%s: bad signature on event %s", path, x->event_id);
        long long seq = strtoll(x->event_id, NULL, 10);
        json_t *ev = json_loads(x->body, 0, NULL);
        ck_assert_msg(ev && json_integer_value(json_object_get(ev, "seq")) == seq, "%s: body %s under id %s", path,
                      x->body, x->event_id);
        json_decref(ev);
        if (seq <= last) {
            ck_assert_msg(seq == last, "%s: event %lld after %lld (out of order)", path, seq, last);
            repeats++;
            continue;
        }
        ck_assert_msg(got < nwant && want[got] == seq, "%s: event %lld where %lld was expected", path, seq,
                      got < nwant ? want[got] : -1);
        got++;
        last = seq;
    }
    pthread_mutex_unlock(&rx->lock);
    ck_assert_msg(got == nwant, "%s: %zu of %zu events", path, got, nwant);
    return repeats;
}

/* ---- the tests ------------------------------------------------------------------------- */

START_TEST(test_two_instances_deliver_200_writes_once_per_subscription_in_order_and_signed)
{
    wh_env e;
    env_start(&e, 2, NULL);
    receiver rx;
    receiver_start(&rx, 0, RX_OK);
    hook units, all;
    long long before_units = feed_head(&e);
    subscribe(&e, &units, rx.port, "/units", "[\"unit.*\"]");
    long long before_all = feed_head(&e);
    subscribe(&e, &all, rx.port, "/all", "[\"*\"]");
    for (int i = 0; i < 200; i++)
        write_unit(i % 2 ? e.b.base : e.a.base, e.auth);
    size_t n_units, n_all;
    long long *want_units = expected_events(&e, before_units, "unit.", &n_units);
    long long *want_all = expected_events(&e, before_all, "", &n_all);
    ck_assert_int_eq(n_units, 200);
    ck_assert_int_ge(n_all, 201); /* its own webhook.created, then the units */
    double t0 = th_now_ms();
    bool done = wait_hits(&rx, "/units", n_units, 60000) && wait_hits(&rx, "/all", n_all, 60000);
    double took = th_now_ms() - t0;
    ck_assert_msg(done, "deliveries incomplete after 60 s: %zu/%zu and %zu/%zu", hits_on(&rx, "/units"), n_units,
                  hits_on(&rx, "/all"), n_all);
    th_sleep_ms(500); /* anything sent twice would arrive now */
    size_t repeats = check_received(&rx, "/units", &units, want_units, n_units) +
                     check_received(&rx, "/all", &all, want_all, n_all);
    printf("webhooks: %zu + %zu events through two instances, all delivered %.0f ms after the last write; "
           "%zu repeats\n", n_units, n_all, took, repeats);
    /* Nothing crashed or lost its lease in the normal case: every event went out once. */
    ck_assert_int_eq(repeats, 0);
    char *path = th_format("/v1/webhooks/%s/deliveries?status=succeeded&limit=200", units.id);
    th_response *r = call(e.a.base, "GET", path, NULL, e.auth, NULL);
    th_assert_status(r, 200);
    ck_assert_int_eq(json_array_size(tu_data(r)), 200);
    th_response_free(r);
    free(path);
    free(want_units);
    free(want_all);
    receiver_stop(&rx);
    env_stop(&e);
}
END_TEST

START_TEST(test_a_receiver_down_for_ten_seconds_gets_every_event_in_order_after_it_returns)
{
    wh_env e;
    env_start(&e, 2, NULL);
    int port = th_free_port(); /* nothing listens there yet */
    hook h;
    long long before = feed_head(&e);
    subscribe(&e, &h, port, "/down", "[\"unit.*\"]");
    for (int i = 0; i < 5; i++)
        write_unit(e.a.base, e.auth);
    size_t n;
    long long *want = expected_events(&e, before, "unit.", &n);
    th_sleep_ms(10000);
    receiver rx;
    receiver_start(&rx, port, RX_OK);
    double t0 = th_now_ms();
    ck_assert_msg(wait_hits(&rx, "/down", n, 20000), "only %zu of %zu events after the receiver came back",
                  hits_on(&rx, "/down"), n);
    printf("webhooks: receiver back after 10 s; %zu events delivered within %.0f ms\n", n, th_now_ms() - t0);
    check_received(&rx, "/down", &h, want, n);
    /* The first event was tried while the receiver was down, and says so. */
    ck_assert_int_gt(strtol(rx.hits[0].attempt, NULL, 10), 1);
    char *path = th_format("/v1/webhooks/%s/deliveries?limit=200", h.id);
    th_response *r = call(e.a.base, "GET", path, NULL, e.auth, NULL);
    const json_t *first = json_array_get(tu_data(r), json_array_size(tu_data(r)) - 1);
    ck_assert_str_eq(th_json_str(first, "status"), "succeeded");
    ck_assert_int_gt(th_json_int(first, "attempts"), 1);
    ck_assert_int_eq(th_json_int(json_array_get(tu_data(r), 0), "response_code"), 200);
    th_response_free(r);
    free(path);
    free(want);
    receiver_stop(&rx);
    env_stop(&e);
}
END_TEST

static const char *hook_status(wh_env *e, const hook *h, long long *version)
{
    static char status[16];
    char *path = th_format("/v1/webhooks/%s", h->id);
    th_response *r = call(e->a.base, "GET", path, NULL, e->auth, NULL);
    th_assert_status(r, 200);
    snprintf(status, sizeof status, "%s", th_json_str(r->json, "status"));
    if (version)
        *version = th_json_int(r->json, "version");
    th_response_free(r);
    free(path);
    return status;
}

static long long events_of_type(wh_env *e, const char *type, const hook *h)
{
    char *sql = th_format("SELECT count(*) FROM events WHERE type = '%s' AND resource_id = '%s'", type, h->id);
    th_seal(e->db.url);
    char *out = th_psql(e->db.url, sql);
    long long n = strtoll(out, NULL, 10);
    free(out);
    free(sql);
    return n;
}

START_TEST(test_a_receiver_failing_past_the_retry_window_marks_the_subscription_failing_until_resumed)
{
    wh_env e;
    env_start(&e, 1, (const char *const[]){"--webhook-retry-for-s", "2", NULL});
    receiver rx;
    receiver_start(&rx, 0, RX_FAIL);
    hook h;
    subscribe(&e, &h, rx.port, "/failing", "[\"unit.created\"]");
    write_unit(e.a.base, e.auth);
    double deadline = th_now_ms() + 15000;
    while (strcmp(hook_status(&e, &h, NULL), "failing") != 0 && th_now_ms() < deadline)
        th_sleep_ms(100);
    long long version;
    ck_assert_str_eq(hook_status(&e, &h, &version), "failing");
    ck_assert_int_eq(events_of_type(&e, "webhook.failing", &h), 1);
    char *path = th_format("/v1/webhooks/%s/deliveries", h.id);
    th_response *r = call(e.a.base, "GET", path, NULL, e.auth, NULL);
    const json_t *d = json_array_get(tu_data(r), 0);
    ck_assert_str_eq(th_json_str(d, "status"), "failed");
    ck_assert_int_eq(th_json_int(d, "response_code"), 500);
    ck_assert_int_ge(th_json_int(d, "attempts"), 2);
    ck_assert_ptr_nonnull(strstr(th_json_str(d, "error"), "500"));
    th_response_free(r);
    /* While failing, later events wait; nothing reaches the receiver once it is well again. */
    atomic_store(&rx.mode, RX_OK);
    write_unit(e.a.base, e.auth);
    th_sleep_ms(1500);
    ck_assert_int_eq(hits_on(&rx, "/failing"), 0);
    /* Resumed: the failed event first, then the one that waited. */
    char *hookpath = th_format("/v1/webhooks/%s", h.id);
    char *if_match = th_format("If-Match: \"%lld\"", version);
    r = call(e.a.base, "PATCH", hookpath, "{\"active\":true}", e.auth, if_match);
    th_assert_status(r, 200);
    ck_assert_str_eq(th_json_str(r->json, "status"), "active");
    th_response_free(r);
    ck_assert_msg(wait_hits(&rx, "/failing", 2, 10000), "resumed subscription delivered %zu of 2",
                  hits_on(&rx, "/failing"));
    ck_assert_int_lt(strtoll(rx.hits[0].event_id, NULL, 10), strtoll(rx.hits[1].event_id, NULL, 10));
    ck_assert_int_eq(events_of_type(&e, "webhook.recovered", &h), 1);
    free(if_match);
    free(hookpath);
    free(path);
    receiver_stop(&rx);
    env_stop(&e);
}
END_TEST

START_TEST(test_ping_and_redelivery_reach_the_receiver_with_the_same_event_id)
{
    wh_env e;
    env_start(&e, 1, NULL);
    receiver rx;
    receiver_start(&rx, 0, RX_OK);
    hook h;
    subscribe(&e, &h, rx.port, "/ping", "[\"unit.*\"]");
    char *ping = th_format("/v1/webhooks/%s/ping", h.id);
    th_response *r = call(e.a.base, "POST", ping, NULL, e.auth, NULL);
    th_assert_status(r, 202);
    char location[200];
    snprintf(location, sizeof location, "%s", th_header(r, "Location"));
    char ping_id[40];
    snprintf(ping_id, sizeof ping_id, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    ck_assert(wait_hits(&rx, "/ping", 1, 10000));
    ck_assert_str_eq(rx.hits[0].event_id, ping_id);
    ck_assert(signature_valid(h.secret, &rx.hits[0]));
    json_t *body = json_loads(rx.hits[0].body, 0, NULL);
    ck_assert_str_eq(th_json_str(body, "type"), "webhook.ping");
    ck_assert_str_eq(th_json_str(body, "resource_id"), h.id);
    json_decref(body);
    /* The delivery log says how it went (recorded just after the receiver answered). */
    double deadline = th_now_ms() + 5000;
    const char *status = "pending";
    while (strcmp(status, "pending") == 0 && th_now_ms() < deadline) {
        r = call(e.a.base, "GET", location, NULL, e.auth, NULL);
        th_assert_status(r, 200);
        status = strcmp(th_json_str(r->json, "status"), "succeeded") == 0 ? "succeeded" : "pending";
        if (*status == 's') {
            ck_assert_int_eq(th_json_int(r->json, "response_code"), 200);
            ck_assert_int_eq(th_json_int(r->json, "attempts"), 1);
        }
        th_response_free(r);
        th_sleep_ms(50);
    }
    ck_assert_str_eq(status, "succeeded");
    /* An event, then its redelivery: the same Zi-Event-Id under a new Zi-Delivery-Id. */
    write_unit(e.a.base, e.auth);
    ck_assert(wait_hits(&rx, "/ping", 2, 10000));
    char *list = th_format("/v1/webhooks/%s/deliveries?limit=1", h.id);
    th_response *l = NULL;
    deadline = th_now_ms() + 5000;
    do {
        th_response_free(l);
        th_sleep_ms(50);
        l = call(e.a.base, "GET", list, NULL, e.auth, NULL);
    } while (strcmp(th_json_str(json_array_get(tu_data(l), 0), "status"), "succeeded") != 0 &&
             th_now_ms() < deadline);
    const char *event_delivery = th_json_str(json_array_get(tu_data(l), 0), "id");
    char *again = th_format("/v1/webhooks/%s/deliveries/%s/redeliver", h.id, event_delivery);
    r = call(e.a.base, "POST", again, NULL, e.auth, NULL);
    th_assert_status(r, 202);
    ck_assert_str_eq(th_json_str(r->json, "kind"), "redelivery");
    th_response_free(r);
    ck_assert(wait_hits(&rx, "/ping", 3, 10000));
    ck_assert_str_eq(rx.hits[2].event_id, rx.hits[1].event_id);
    ck_assert_str_ne(rx.hits[2].delivery_id, rx.hits[1].delivery_id);
    ck_assert(signature_valid(h.secret, &rx.hits[2]));
    th_response_free(l);
    free(again);
    free(list);
    free(ping);
    receiver_stop(&rx);
    env_stop(&e);
}
END_TEST

static double p99_of_gets(const char *base, const char *path, int n)
{
    double *ms = calloc((size_t)n, sizeof *ms);
    for (int i = 0; i < n; i++) {
        double t0 = th_now_ms();
        th_response *r = call(base, "GET", path, NULL, NULL, NULL);
        ms[i] = th_now_ms() - t0;
        th_assert_status(r, 200);
        th_response_free(r);
    }
    /* insertion sort: n is small */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && ms[j] < ms[j - 1]; j--) {
            double t = ms[j];
            ms[j] = ms[j - 1];
            ms[j - 1] = t;
        }
    double p = ms[(n * 99) / 100];
    free(ms);
    return p;
}

START_TEST(test_receivers_that_hang_do_not_slow_the_api_down)
{
    wh_env e;
    env_start(&e, 1, (const char *const[]){"--webhook-timeout-ms", "5000", NULL});
    write_unit(e.a.base, e.auth);
    char *one = th_format("/v1/units?limit=1");
    p99_of_gets(e.a.base, one, 50); /* warm up */
    double before = p99_of_gets(e.a.base, one, 300);
    receiver rx;
    receiver_start(&rx, 0, RX_HANG);
    hook h[3];
    for (int i = 0; i < 3; i++) {
        char path[16];
        snprintf(path, sizeof path, "/hang%d", i);
        subscribe(&e, &h[i], rx.port, path, "[\"unit.*\"]");
    }
    write_unit(e.a.base, e.auth);
    double deadline = th_now_ms() + 5000;
    while (atomic_load(&rx.hung) == 0 && th_now_ms() < deadline)
        th_sleep_ms(20);
    ck_assert_msg(atomic_load(&rx.hung) > 0, "no delivery reached the hanging receiver");
    double during = p99_of_gets(e.a.base, one, 300);
    printf("webhooks: p99 of GET /v1/units?limit=1: %.2f ms before, %.2f ms while the delivery threads wait on a "
           "receiver that does not answer\n", before, during);
    /* Within noise: the deliveries wait on threads of their own, with no database connection. */
    ck_assert_msg(during <= 3 * before + 20, "p99 %.2f ms with hanging receivers vs %.2f ms before", during, before);
    atomic_store(&rx.mode, RX_OK);
    receiver_stop(&rx);
    free(one);
    env_stop(&e);
}
END_TEST

static void drop_leftovers(void)
{
    th_drop_leftover_databases(SCRATCH_PREFIX, "webhook_delivery");
}

Suite *webhook_delivery_suite(void)
{
    Suite *s = suite_create("webhook_delivery");
    TCase *tc = tcase_create("webhook_delivery");
    tcase_set_timeout(tc, 180);
    tcase_add_unchecked_fixture(tc, th_remember_runner, drop_leftovers);
    tcase_add_test(tc, test_two_instances_deliver_200_writes_once_per_subscription_in_order_and_signed);
    tcase_add_test(tc, test_a_receiver_down_for_ten_seconds_gets_every_event_in_order_after_it_returns);
    tcase_add_test(tc, test_a_receiver_failing_past_the_retry_window_marks_the_subscription_failing_until_resumed);
    tcase_add_test(tc, test_ping_and_redelivery_reach_the_receiver_with_the_same_event_id);
    tcase_add_test(tc, test_receivers_that_hang_do_not_slow_the_api_down);
    suite_add_tcase(s, tc);
    return s;
}
