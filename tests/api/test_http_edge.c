/*
 * test_http_edge.c — the framing of a request (issue 13, server/src/http/edge.h), sent as raw
 * bytes on a socket because no HTTP client library will send an ambiguous request: two
 * Content-Length headers, or Transfer-Encoding with Content-Length, are refused with a problem
 * document and the connection is closed, so the bytes smuggled after the first request never
 * run as a second one; an unknown transfer coding is never dispatched at all.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "support.h"

/* Connects to the server at base (NULL: the server under test; http://127.0.0.1:<port>). */
static int connect_to(const char *base)
{
    if (base == NULL)
        base = th_base_url();
    const char *colon = strrchr(base, ':');
    ck_assert_ptr_nonnull(colon);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)strtol(colon + 1, NULL, 10));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static int connect_server(void)
{
    return connect_to(NULL);
}

/* 1 when the server closes fd within ms milliseconds without sending anything. */
static int closed_within(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char c;
    return poll(&p, 1, ms) == 1 && read(fd, &c, 1) == 0;
}

/* Sends raw, then reads until the server closes the connection or 3 s pass. Returns what was
 * read (malloc'ed) and whether the server closed it. */
static char *exchange(const char *raw, int *closed)
{
    int fd = connect_server();
    size_t len = strlen(raw), off = 0;
    while (off < len) {
        ssize_t n = write(fd, raw + off, len - off);
        ck_assert_int_gt(n, 0);
        off += (size_t)n;
    }
    size_t cap = 65536, got = 0;
    char *buf = malloc(cap + 1);
    ck_assert_ptr_nonnull(buf);
    *closed = 0;
    double t0 = th_now_ms();
    while (th_now_ms() - t0 < 3000 && got < cap) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = read(fd, buf + got, cap - got);
        if (n <= 0) {
            *closed = 1;
            break;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    close(fd);
    return buf;
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The smuggled second request: a GET of a path that answers 404 if it ever runs. */
#define SMUGGLED "GET /v1/smuggled HTTP/1.1\r\nHost: x\r\n\r\n"

static void assert_refused_and_closed(const char *raw, const char *status_line, const char *what)
{
    int closed = 0;
    char *out = exchange(raw, &closed);
    ck_assert_msg(strncmp(out, status_line, strlen(status_line)) == 0, "%s: expected %s, got: %.300s", what,
                  status_line, out);
    ck_assert_msg(strstr(out, "application/problem+json") != NULL, "%s: no problem document: %.300s", what, out);
    ck_assert_msg(count_of(out, "HTTP/1.1 ") == 1, "%s: more than one response came back (smuggled?): %.600s",
                  what, out);
    ck_assert_msg(closed, "%s: the server kept the connection open after refusing its framing", what);
    free(out);
}

START_TEST(test_two_different_content_lengths_are_refused_and_the_connection_closed)
{
    assert_refused_and_closed("POST /v1/gratification-reports/assess HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 41\r\n\r\n"
                              "{}" SMUGGLED,
                              "HTTP/1.1 400", "two Content-Length");
    assert_refused_and_closed("POST /v1/gratification-reports/assess HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\n"
                              "{}" SMUGGLED,
                              "HTTP/1.1 400", "the same Content-Length twice, spelt two ways");
}
END_TEST

START_TEST(test_transfer_encoding_with_content_length_is_refused_and_the_connection_closed)
{
    assert_refused_and_closed("POST /v1/gratification-reports/assess HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "2\r\n{}\r\n0\r\n\r\n" SMUGGLED,
                              "HTTP/1.1 400", "Transfer-Encoding with Content-Length");
}
END_TEST

/* libmicrohttpd does not dispatch a request in a transfer coding it does not know: it reads the
 * body until the client closes (then drops the connection) or, when more bytes follow, until
 * its connection timeout. Either way no answer comes, and nothing smuggled after it runs. */
START_TEST(test_an_unknown_transfer_coding_never_reaches_the_api_and_nothing_after_it_runs)
{
    int fd = connect_server();
    static const char raw[] = "POST /v1/gratification-reports/assess HTTP/1.1\r\nHost: x\r\n"
                              "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                              "2\r\n{}\r\n0\r\n\r\n" SMUGGLED;
    ck_assert_int_eq(write(fd, raw, sizeof raw - 1), (ssize_t)(sizeof raw - 1));
    shutdown(fd, SHUT_WR);
    char buf[4096];
    size_t got = 0;
    double t0 = th_now_ms();
    int closed = 0;
    while (!closed && th_now_ms() - t0 < 3000 && got < sizeof buf - 1) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
        if (n <= 0)
            closed = 1;
        else
            got += (size_t)n;
    }
    buf[got] = '\0';
    close(fd);
    ck_assert_msg(count_of(buf, "HTTP/1.1 ") == 0, "an answer came back: %.600s", buf);
}
END_TEST

START_TEST(test_a_well_framed_keep_alive_pair_still_gets_two_answers)
{
    /* The control: the same bytes, framed unambiguously, are two requests on one connection. */
    int closed = 0;
    char *out = exchange("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                         "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                         &closed);
    ck_assert_msg(count_of(out, "HTTP/1.1 200") == 2, "expected two 200 answers: %.600s", out);
    free(out);
}
END_TEST

START_TEST(test_one_address_cannot_hold_more_connections_than_its_cap)
{
    static const char *const args[] = {"--max-connections-per-address", "4", NULL};
    tu_server capped;
    tu_server_start(&capped, th_database_url(), args);
    int held[4];
    /* The start-up health checks' connections free their slots only once their threads have
     * ended (a thread per connection): until four are held open, try again. */
    for (int attempt = 0;; attempt++) {
        int dropped = 0;
        for (int i = 0; i < 4; i++)
            held[i] = connect_to(capped.base);
        for (int i = 0; i < 4; i++)
            dropped |= closed_within(held[i], 100);
        if (!dropped)
            break;
        for (int i = 0; i < 4; i++)
            close(held[i]);
        ck_assert_msg(attempt < 30, "four connections could not be held with a cap of 4");
        th_sleep_ms(100);
    }
    /* The fifth from the same address is closed at once; the four still work. */
    int fifth = connect_to(capped.base);
    int refused = closed_within(fifth, 2000);
    close(fifth);
    static const char ping[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    ck_assert_int_eq(write(held[0], ping, sizeof ping - 1), (ssize_t)(sizeof ping - 1));
    char buf[256];
    struct pollfd p = {.fd = held[0], .events = POLLIN};
    ssize_t n = poll(&p, 1, 3000) == 1 ? read(held[0], buf, sizeof buf - 1) : -1;
    buf[n > 0 ? n : 0] = '\0';
    for (int i = 0; i < 4; i++)
        close(held[i]);
    tu_server_stop(&capped);
    ck_assert_msg(refused, "a fifth connection from one address was kept with a cap of 4");
    ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "a held connection no longer works: %s", buf);
}
END_TEST

Suite *http_edge_suite(void)
{
    Suite *s = suite_create("http_edge");
    TCase *tc = tcase_create("framing");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_two_different_content_lengths_are_refused_and_the_connection_closed);
    tcase_add_test(tc, test_transfer_encoding_with_content_length_is_refused_and_the_connection_closed);
    tcase_add_test(tc, test_an_unknown_transfer_coding_never_reaches_the_api_and_nothing_after_it_runs);
    tcase_add_test(tc, test_a_well_framed_keep_alive_pair_still_gets_two_answers);
    tcase_add_test(tc, test_one_address_cannot_hold_more_connections_than_its_cap);
    suite_add_tcase(s, tc);
    return s;
}
