/*
 * test_longpoll.c — a long-poll blocks no one (issue 13 item 2). Readers waiting on the change
 * feed (GET /v1/events?wait=S) must not hold a worker that other connections depend on:
 * keep-alive clients connected before the waits arrive answer /healthz as fast as before while
 * twice as many readers wait as a thread pool would have workers (this fails on the epoll pool
 * zi-server used before); many waiters all wake on one write, and all time out empty when
 * nothing is written; beyond ZI_MAX_LONG_POLLS a reader is told 503 at once; a server told to
 * stop answers its waiting readers at once instead of staying up for the rest of their wait.
 *
 * The clients are raw sockets driven by poll(2) from the test's one thread: each keep-alive
 * connection stays the same TCP connection from its first request to its last (no client
 * library reconnecting behind our back), and many requests are in flight at the same moment.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"

enum {
    SERVER_THREADS = 4,                  /* tu_server_start's --threads: the workers a pool would have */
    KEEPALIVE = 2 * SERVER_THREADS,      /* so that every worker of a thread pool would own one */
    WAITERS = 2 * SERVER_THREADS,        /* more than those workers, and than the old cap (half of them) */
    WAIT_S = 6,                          /* the long-polls' wait=; the measurement fits well inside it */
    SETTLE_MS = 400,                     /* for the waits to reach the server before we measure */
    ROUNDS = 5,                          /* /healthz on every keep-alive connection at once, per phase */
    STALL_MS = 2000,                     /* an answer later than this is a stall, not a slow answer */
    LATENCY_CEILING_MS = 500,            /* each /healthz during the waits, at most */
    LATENCY_FLOOR_MS = 150,              /* ... and within max(floor, factor × worst baseline) */
    LATENCY_FACTOR = 10,
    WAKE_MS = 1500,                      /* waiters answer within this of a write */
    STOP_ANSWER_MS = 3000,               /* ... and within this of SIGTERM */
};

/* ---- a raw HTTP/1.1 client on a socket ------------------------------------------------------ */

typedef struct lp_conn {
    int fd;
    char *buf;          /* the bytes of the current response */
    size_t len, cap;
    double sent_ms;     /* when the current request went out */
    double answered_ms; /* when its response was complete; 0 while it is pending */
    long status;
    const char *body;   /* into buf, NUL-terminated */
    json_t *json;       /* the body parsed, when it is JSON */
} lp_conn;

static int port_of(const char *base)
{
    const char *colon = strrchr(base, ':');

    if (!colon)
        th_fail("no port in %s", base);
    return (int)strtol(colon + 1, NULL, 10);
}

static void lp_open(lp_conn *c, int port)
{
    struct sockaddr_in a;

    memset(c, 0, sizeof *c);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0)
        th_fail("cannot connect to 127.0.0.1:%d", port);
}

static void lp_reset(lp_conn *c)
{
    json_decref(c->json);
    c->json = NULL;
    c->len = 0;
    c->answered_ms = 0;
    c->status = 0;
    c->body = NULL;
}

static void lp_close(lp_conn *c)
{
    lp_reset(c);
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->buf);
    c->buf = NULL;
}

static void lp_send(lp_conn *c, const char *request)
{
    size_t len = strlen(request), off = 0;

    lp_reset(c);
    c->sent_ms = th_now_ms();
    while (off < len) {
        ssize_t n = write(c->fd, request + off, len - off);

        if (n <= 0)
            th_fail("the server closed a connection we were about to use");
        off += (size_t)n;
    }
}

/* True once buf holds a whole response (status line, headers, Content-Length bytes of body). */
static bool lp_complete(lp_conn *c)
{
    char *end = c->buf ? strstr(c->buf, "\r\n\r\n") : NULL;
    long length = 0;

    if (!end)
        return false;
    for (char *line = strstr(c->buf, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0)
            length = strtol(line + 15, NULL, 10);
    }
    if (c->len < (size_t)(end + 4 - c->buf) + (size_t)length)
        return false;
    if (strncmp(c->buf, "HTTP/1.1 ", 9) != 0)
        th_fail("not an HTTP/1.1 response: %.80s", c->buf);
    c->status = strtol(c->buf + 9, NULL, 10);
    c->body = end + 4;
    c->json = json_loads(c->body, 0, NULL);
    return true;
}

/* Reads from the n connections until each has a whole response or the deadline passes;
 * returns how many have one. A connection the server closes fails the test. */
static int lp_await(lp_conn *cs, int n, double deadline_ms)
{
    for (;;) {
        struct pollfd pfd[64];
        int map[64], waiting = 0, answered = 0;

        for (int i = 0; i < n && waiting < 64; i++) {
            if (cs[i].answered_ms > 0) {
                answered++;
                continue;
            }
            pfd[waiting] = (struct pollfd){.fd = cs[i].fd, .events = POLLIN};
            map[waiting++] = i;
        }
        double left = deadline_ms - th_now_ms();
        if (waiting == 0 || left <= 0)
            return answered;
        if (poll(pfd, (nfds_t)waiting, (int)left + 1) <= 0)
            continue;
        for (int k = 0; k < waiting; k++) {
            lp_conn *c = &cs[map[k]];

            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (c->cap - c->len < 4097) {
                c->cap = c->cap ? 2 * c->cap : 16384;
                c->buf = realloc(c->buf, c->cap);
                if (!c->buf)
                    th_fail("out of memory");
            }
            ssize_t got = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
            if (got <= 0)
                th_fail("the server closed connection %d before answering", map[k]);
            c->len += (size_t)got;
            c->buf[c->len] = '\0';
            if (lp_complete(c))
                c->answered_ms = th_now_ms();
        }
    }
}

/* The value of the response header name, or NULL (borrowed from c->buf). */
static const char *lp_header(const lp_conn *c, const char *name)
{
    size_t n = strlen(name);

    for (const char *line = strstr(c->buf, "\r\n"); line && line + 2 < c->body; line = strstr(line + 2, "\r\n")) {
        if (strncasecmp(line + 2, name, n) == 0 && line[2 + n] == ':')
            return line + 3 + n;
    }
    return NULL;
}

static const char HEALTHZ[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

static char *events_request(long long after, int wait_s)
{
    return th_format("GET /v1/events?after=%lld&wait=%d HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n\r\n", after, wait_s,
                     th_admin_auth());
}

/* The feed's end, read through the server of our own at base: its database connections and
 * the admin key's cache entry are warm before the timing starts. */
static long long warm_feed_end(const char *base)
{
    long long after = tu_feed_end();
    char *url = th_format("%s/v1/events?after=%lld", base, after);
    th_response *r = th_request("GET", url, NULL, (const char *const[]){th_admin_auth(), NULL});

    th_assert_status(r, 200);
    th_response_free(r);
    free(url);
    return after;
}

/* ---- /healthz on every keep-alive connection at once ---------------------------------------- */

typedef struct phase {
    double worst_ms;
    double latency_ms[ROUNDS][KEEPALIVE]; /* STALL_MS + 1 for none within STALL_MS */
    int stalled;
} phase;

static void healthz_rounds(lp_conn *keep, phase *p)
{
    memset(p, 0, sizeof *p);
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < KEEPALIVE; i++)
            lp_send(&keep[i], HEALTHZ);
        lp_await(keep, KEEPALIVE, th_now_ms() + STALL_MS);
        for (int i = 0; i < KEEPALIVE; i++) {
            double ms = keep[i].answered_ms > 0 ? keep[i].answered_ms - keep[i].sent_ms : STALL_MS + 1;

            if (keep[i].answered_ms > 0 && keep[i].status != 200)
                th_fail("GET /healthz on keep-alive connection %d answered %ld", i, keep[i].status);
            p->latency_ms[r][i] = ms;
            if (ms > p->worst_ms)
                p->worst_ms = ms;
            p->stalled += keep[i].answered_ms == 0;
        }
        if (p->stalled)
            return; /* a stalled connection still owes its answer: it cannot be asked again */
    }
}

static char *describe_phase(const phase *p)
{
    char *text = th_format("%s", "");

    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < KEEPALIVE; i++) {
            char *next;

            if (p->latency_ms[r][i] == 0)
                continue;
            next = p->latency_ms[r][i] > STALL_MS ? th_format("%s >%d", text, STALL_MS)
                                                  : th_format("%s %.1f", text, p->latency_ms[r][i]);
            free(text);
            text = next;
        }
    }
    return text;
}

TH_TEST(test_keep_alive_clients_see_no_extra_latency_while_more_long_polls_wait_than_threads)
{
    tu_server s;
    lp_conn keep[KEEPALIVE], polls[WAITERS];
    phase before, during;
    char *request;
    long long after;
    double measured_ms, limit;

    tu_server_start(&s, th_database_url(), NULL); /* --threads SERVER_THREADS */
    for (int i = 0; i < KEEPALIVE; i++)
        lp_open(&keep[i], s.port);
    /* Each keep-alive connection is served before the waits come: on a thread pool, each is
     * now owned by a worker thread. */
    healthz_rounds(keep, &before);
    if (before.stalled)
        th_fail("/healthz stalled before any long-poll was sent");

    after = warm_feed_end(s.base);
    request = events_request(after, WAIT_S);
    for (int i = 0; i < WAITERS; i++) {
        lp_open(&polls[i], s.port);
        lp_send(&polls[i], request);
    }
    th_sleep_ms(SETTLE_MS);
    healthz_rounds(keep, &during);
    measured_ms = th_now_ms();

    limit = LATENCY_FACTOR * before.worst_ms;
    if (limit < LATENCY_FLOOR_MS)
        limit = LATENCY_FLOOR_MS;
    if (limit > LATENCY_CEILING_MS)
        limit = LATENCY_CEILING_MS;
    if (during.stalled || during.worst_ms > limit) {
        char *b = describe_phase(&before), *d = describe_phase(&during);

        th_fail("while %d long-polls waited, /healthz on %d keep-alive connections took up to %.1f ms (%d stalled "
                "over %d ms); the limit is %.0f ms (before the waits: worst %.1f ms).\nbefore (ms):%s\nduring (ms):%s",
                WAITERS, KEEPALIVE, during.worst_ms, during.stalled, STALL_MS, limit, before.worst_ms, b, d);
    }

    /* The long-polls were waiting all through the measurement: each answers empty, after its
     * wait, and none before the measurement ended. */
    if (lp_await(polls, WAITERS, polls[WAITERS - 1].sent_ms + WAIT_S * 1000 + 5000) != WAITERS)
        th_fail("not every long-poll answered within %d s", WAIT_S + 5);
    for (int i = 0; i < WAITERS; i++) {
        lp_conn *c = &polls[i];
        double waited = c->answered_ms - c->sent_ms;

        if (c->status != 200 || json_array_size(json_object_get(c->json, "data")) != 0)
            th_fail("long-poll %d answered %ld: %.300s", i, c->status, c->body);
        if (waited < WAIT_S * 1000 - 300 || c->answered_ms < measured_ms)
            th_fail("long-poll %d answered after %.0f ms, before its wait of %d s or before the measurement ended: "
                    "it was not waiting while we measured",
                    i, waited, WAIT_S);
    }
    printf("long-poll: /healthz worst %.1f ms before, %.1f ms while %d long-polls waited (limit %.0f ms)\n",
           before.worst_ms, during.worst_ms, WAITERS, limit);
    for (int i = 0; i < KEEPALIVE; i++)
        lp_close(&keep[i]);
    for (int i = 0; i < WAITERS; i++)
        lp_close(&polls[i]);
    free(request);
    tu_server_stop(&s);
}

TH_TEST(test_many_waiters_all_wake_on_one_write)
{
    lp_conn polls[WAITERS];
    tu_unit unit;
    char *request, *path;
    long long after;
    double t_write;
    th_response *r;

    tu_create_unit(&unit, NULL);
    after = tu_feed_end();
    request = events_request(after, 20);
    for (int i = 0; i < WAITERS; i++) {
        lp_open(&polls[i], port_of(th_base_url()));
        lp_send(&polls[i], request);
    }
    /* Nobody answers before there is something to say. */
    if (lp_await(polls, WAITERS, th_now_ms() + 500) != 0) {
        for (int i = 0; i < WAITERS; i++) {
            if (polls[i].answered_ms > 0)
                th_fail("long-poll %d answered before any write: %ld %.300s", i, polls[i].status, polls[i].body);
        }
    }

    path = th_format("/v1/units/%s", unit.id);
    t_write = th_now_ms();
    r = th_request("PATCH", path, "{\"staff_count\":77}", (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    if (lp_await(polls, WAITERS, t_write + WAKE_MS) != WAITERS)
        th_fail("not every one of %d waiters answered within %d ms of a write", WAITERS, WAKE_MS);
    for (int i = 0; i < WAITERS; i++) {
        const json_t *e = json_array_get(json_object_get(polls[i].json, "data"), 0);

        if (polls[i].status != 200 || th_json_int(e, "seq") != after + 1 ||
            strcmp(th_json_str(e, "resource_id") ? th_json_str(e, "resource_id") : "", unit.id) != 0)
            th_fail("waiter %d answered %ld without the write's event (seq %lld): %.300s", i, polls[i].status,
                    after + 1, polls[i].body);
        lp_close(&polls[i]);
    }
    free(path);
    free(request);
}

TH_TEST(test_many_waiters_all_time_out_empty_when_nothing_is_written)
{
    lp_conn polls[WAITERS];
    long long after = tu_feed_end();
    char *request = events_request(after, 2);

    for (int i = 0; i < WAITERS; i++) {
        lp_open(&polls[i], port_of(th_base_url()));
        lp_send(&polls[i], request);
    }
    if (lp_await(polls, WAITERS, polls[0].sent_ms + 7000) != WAITERS)
        th_fail("not every one of %d waiters with wait=2 answered within 7 s", WAITERS);
    for (int i = 0; i < WAITERS; i++) {
        double waited = polls[i].answered_ms - polls[i].sent_ms;

        if (polls[i].status != 200 || json_array_size(json_object_get(polls[i].json, "data")) != 0 ||
            th_json_int(polls[i].json, "last_seq") != after)
            th_fail("waiter %d should answer 200, empty, last_seq %lld: %ld %.300s", i, after, polls[i].status,
                    polls[i].body);
        if (waited < 1900 || waited > 4500)
            th_fail("waiter %d with wait=2 answered after %.0f ms", i, waited);
        lp_close(&polls[i]);
    }
    free(request);
}

TH_TEST(test_a_reader_beyond_max_long_polls_gets_503_at_once)
{
    tu_server s;
    lp_conn polls[3];
    char *request;
    const char *retry;
    double t_sent;

    tu_server_start(&s, th_database_url(), (const char *const[]){"--max-long-polls", "2", NULL});
    request = events_request(warm_feed_end(s.base), 3);
    for (int i = 0; i < 2; i++) {
        lp_open(&polls[i], s.port);
        lp_send(&polls[i], request);
    }
    th_sleep_ms(SETTLE_MS);
    lp_open(&polls[2], s.port);
    lp_send(&polls[2], request);
    t_sent = polls[2].sent_ms;
    if (lp_await(&polls[2], 1, t_sent + 1000) != 1) {
        lp_await(&polls[2], 1, t_sent + 6000);
        th_fail("the third reader (max 2) was not answered within 1 s, but after %.0f ms with %ld; the first two after %.0f and %.0f ms",
                polls[2].answered_ms - t_sent, polls[2].status, polls[0].answered_ms - polls[0].sent_ms, polls[1].answered_ms - polls[1].sent_ms);
    }
    if (polls[2].status != 503 || !polls[2].json ||
        strcmp(th_json_str(polls[2].json, "type") ? th_json_str(polls[2].json, "type") : "",
               "urn:zi:problem:service-unavailable") != 0)
        th_fail("the third reader (max 2) should get a 503 problem: %ld %.300s", polls[2].status, polls[2].body);
    retry = lp_header(&polls[2], "Retry-After");
    if (!retry || strtol(retry, NULL, 10) < 1)
        th_fail("the 503 for a reader beyond the cap has no Retry-After: %.500s", polls[2].buf);
    if (lp_await(polls, 2, t_sent + 6000) != 2 || polls[0].status != 200 || polls[1].status != 200)
        th_fail("the two readers within the cap should wait and answer 200: %ld, %ld", polls[0].status,
                polls[1].status);
    for (int i = 0; i < 3; i++)
        lp_close(&polls[i]);
    free(request);
    tu_server_stop(&s);
}

TH_TEST(test_a_stopping_server_answers_its_waiting_readers_at_once)
{
    tu_server s;
    lp_conn polls[WAITERS];
    char *request;
    double t_stop;

    tu_server_start(&s, th_database_url(), NULL);
    request = events_request(warm_feed_end(s.base), 20);
    for (int i = 0; i < WAITERS; i++) {
        lp_open(&polls[i], s.port);
        lp_send(&polls[i], request);
    }
    th_sleep_ms(SETTLE_MS);
    t_stop = th_now_ms();
    th_proc_signal(s.proc, SIGTERM);
    /* Their wait was 20 s: a server that let them run it out would stay up that long. */
    if (lp_await(polls, WAITERS, t_stop + STOP_ANSWER_MS) != WAITERS)
        th_fail("not every waiting reader was answered within %d ms of SIGTERM", STOP_ANSWER_MS);
    for (int i = 0; i < WAITERS; i++) {
        if (polls[i].status != 200 || json_array_size(json_object_get(polls[i].json, "data")) != 0)
            th_fail("a reader waiting when the server stopped should get its (empty) page: %ld %.300s",
                    polls[i].status, polls[i].body);
        lp_close(&polls[i]);
    }
    if (!th_proc_wait(s.proc, 5000))
        th_fail("zi-server did not exit within 5 s of SIGTERM once its readers were answered: %.1500s", s.proc->err);
    th_assert_no_sanitizer_report(s.proc);
    if (s.proc->exit_code != 0)
        th_fail("zi-server exited with %d after SIGTERM: %.1500s", s.proc->exit_code, s.proc->err);
    th_proc_free(s.proc);
    free(request);
}

Suite *longpoll_suite(void)
{
    Suite *s = suite_create("longpoll");
    TCase *tc = tcase_create("longpoll");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_keep_alive_clients_see_no_extra_latency_while_more_long_polls_wait_than_threads);
    tcase_add_test(tc, test_many_waiters_all_wake_on_one_write);
    tcase_add_test(tc, test_many_waiters_all_time_out_empty_when_nothing_is_written);
    tcase_add_test(tc, test_a_reader_beyond_max_long_polls_gets_503_at_once);
    tcase_add_test(tc, test_a_stopping_server_answers_its_waiting_readers_at_once);
    suite_add_tcase(s, tc);
    return s;
}
