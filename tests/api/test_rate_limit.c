/*
 * test_rate_limit.c — rate limits (issue 4 item 8): a token bucket per API key, and per
 * client address for requests without a key; the request over the limit gets 429
 * (problem urn:zi:problem:rate-limited) with Retry-After and RateLimit-Limit /
 * -Remaining / -Reset; another key, or another address, has its own bucket; the probes
 * (/healthz) are never limited; the bucket refills at the configured rate.
 *
 * tests/run-all.sh turns rate limiting off for the server under test
 * (ZI_RATE_LIMIT_PER_MIN=0), so each test starts a zi-server of its own with
 * --rate-limit-per-min 60 --rate-limit-burst 5 (1 token a second, 5 at once) on the same
 * database, configured by flags alone (th_spawn passes no ZI_* variable). Requests from a
 * second client address go out from 127.0.0.2 (all of 127/8 is loopback on Linux).
 */
#include "support.h"

#include <curl/curl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { BURST = 5 };

static const char *const LIMITED[] = {"--rate-limit-per-min", "60", "--rate-limit-burst", "5", NULL};

/* The answer to a GET sent from a chosen source address. */
typedef struct answer {
    long status;
    char limit[16];
    char remaining[16];
    char reset[16];
    char retry_after[16];
    char type[64];
    char body[512]; /* the start of the body */
    size_t body_len;
} answer;

static size_t keep_header(char *ptr, size_t size, size_t n, void *userdata)
{
    answer *a = userdata;
    size_t len = size * n;
    static const struct {
        const char *name;
        size_t offset;
    } wanted[] = {
        {"RateLimit-Limit:", offsetof(answer, limit)},
        {"RateLimit-Remaining:", offsetof(answer, remaining)},
        {"RateLimit-Reset:", offsetof(answer, reset)},
        {"Retry-After:", offsetof(answer, retry_after)},
    };

    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        size_t nl = strlen(wanted[i].name);

        if (len > nl && strncasecmp(ptr, wanted[i].name, nl) == 0) {
            char *dst = (char *)a + wanted[i].offset;
            size_t v = nl;

            while (v < len && ptr[v] == ' ')
                v++;
            snprintf(dst, 16, "%.*s", (int)strcspn(ptr + v, "\r\n"), ptr + v);
        }
    }
    return len;
}

static size_t keep_body(char *ptr, size_t size, size_t n, void *userdata)
{
    answer *a = userdata;
    size_t len = size * n;
    size_t room = sizeof a->body - 1 - a->body_len;
    const char *t;

    memcpy(a->body + a->body_len, ptr, len < room ? len : room);
    a->body_len += len < room ? len : room;
    a->body[a->body_len] = '\0';
    t = strstr(a->body, "\"type\":\"");
    if (t && !a->type[0] && strchr(t + 8, '"'))
        snprintf(a->type, sizeof a->type, "%.*s", (int)strcspn(t + 8, "\""), t + 8);
    return len;
}

/* GET url from source address source (NULL: any) with auth (NULL: no key). */
static answer get_from(const char *url, const char *source, const char *auth)
{
    answer a;
    CURL *c = curl_easy_init();
    struct curl_slist *h = auth ? curl_slist_append(NULL, auth) : NULL;
    char iface[64];
    CURLcode rc;

    memset(&a, 0, sizeof a);
    if (!c)
        th_fail("curl_easy_init");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, keep_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
    if (h)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (source) {
        snprintf(iface, sizeof iface, "host!%s", source);
        curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
    }
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        th_fail("GET %s from %s: %s", url, source ? source : "127.0.0.1", curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return a;
}

/* get_from, failing unless the answer's status is want; fmt... says which request it was. */
static answer get_expecting(long want, const char *url, const char *source, const char *auth, const char *fmt, ...)
    TH_PRINTF(5, 6);

static answer get_expecting(long want, const char *url, const char *source, const char *auth, const char *fmt, ...)
{
    answer a = get_from(url, source, auth);

    if (a.status != want) {
        char *what;
        va_list ap;

        va_start(ap, fmt);
        what = th_vformat(fmt, ap);
        va_end(ap);
        th_fail("%s: expected %ld, got %ld", what, want, a.status);
    }
    return a;
}

/* An evaluator key (made on the server under test), then a zi-server of the test's own with
 * the LIMITED budgets on the same database. */
static void start_limited_server(tu_server *server, tu_key *key)
{
    tu_create_key(key, "evaluator", NULL, NULL);
    tu_server_start(server, th_database_url(), LIMITED);
}

static long number(const char *s, const char *what, const answer *a)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (!*s || *end)
        th_fail("%s is \"%s\", not a number of seconds / requests (HTTP %ld)", what, s, a->status);
    return v;
}

/* Spend a bucket of BURST: each answer 200 with Remaining counting down; the next 429. */
static void exhaust(const char *url, const char *source, const char *auth, const char *who)
{
    answer a;
    double t0 = th_now_ms();

    for (int i = 0; i < BURST; i++) {
        a = get_from(url, source, auth);
        if (a.status != 200)
            th_fail("%s: request %d of a burst of %d got %ld", who, i + 1, BURST, a.status);
        if (number(a.limit, "RateLimit-Limit", &a) != BURST || number(a.remaining, "RateLimit-Remaining", &a) !=
                                                                   BURST - 1 - i)
            th_fail("%s: request %d: RateLimit-Limit %s, RateLimit-Remaining %s (expected %d, %d)", who, i + 1,
                    a.limit, a.remaining, BURST, BURST - 1 - i);
        number(a.reset, "RateLimit-Reset", &a);
    }
    a = get_from(url, source, auth);
    if (th_now_ms() - t0 > 900)
        th_fail("%s: the burst took %.0f ms, too slow to prove a limit of 1 request/s", who, th_now_ms() - t0);
    if (a.status != 429 || strcmp(a.type, "urn:zi:problem:rate-limited") != 0)
        th_fail("%s: request %d: expected 429 urn:zi:problem:rate-limited, got %ld %s", who, BURST + 1, a.status,
                a.type);
    if (number(a.retry_after, "Retry-After", &a) < 1 || number(a.limit, "RateLimit-Limit", &a) != BURST ||
        number(a.remaining, "RateLimit-Remaining", &a) != 0 || number(a.reset, "RateLimit-Reset", &a) < 1)
        th_fail("%s: the 429 has Retry-After %s, RateLimit-Limit %s, RateLimit-Remaining %s, RateLimit-Reset %s",
                who, a.retry_after, a.limit, a.remaining, a.reset);
}

TH_TEST(test_sixth_quick_request_with_one_key_is_429_with_retry_after_and_other_keys_go_on)
{
    tu_server server;
    tu_key a;
    tu_key b;
    char *url;
    answer r;

    tu_create_key(&b, "evaluator", NULL, NULL);
    start_limited_server(&server, &a);
    url = tu_url(server.base, "/v1/units?limit=1");

    exhaust(url, NULL, a.auth, "key A");
    /* Another key has its own bucket; no key (this address) too. */
    r = get_from(url, NULL, b.auth);
    if (r.status != 200 || strcmp(r.remaining, "4") != 0)
        th_fail("key B after key A was limited: %ld, RateLimit-Remaining %s (expected 200, 4)", r.status, r.remaining);
    get_expecting(200, url, NULL, NULL, "a request without a key after key A was limited");
    /* The same key on any operation is the same bucket. */
    {
        char *feed = tu_url(server.base, "/v1/events?limit=1");

        get_expecting(429, feed, NULL, a.auth, "key A on another operation");
        free(feed);
    }
    /* The probes are never limited. */
    {
        char *health = tu_url(server.base, "/healthz");

        for (int i = 0; i < 3 * BURST; i++)
            get_expecting(200, health, NULL, a.auth, "/healthz request %d (key A limited)", i + 1);
        free(health);
    }
    /* The bucket refills at 1 a second: after Retry-After, key A is served again. */
    r = get_expecting(429, url, NULL, a.auth, "key A should still be limited");
    th_sleep_ms(1000 * number(r.retry_after, "Retry-After", &r) + 150);
    get_expecting(200, url, NULL, a.auth, "key A after waiting Retry-After (%s s)", r.retry_after);
    tu_server_stop(&server);
    free(url);
}

TH_TEST(test_requests_without_a_valid_key_are_limited_per_client_address_and_healthz_never)
{
    tu_server server;
    tu_key a;
    char *url;
    char *health;
    answer r;

    start_limited_server(&server, &a);
    url = tu_url(server.base, "/v1/units?limit=1");
    health = tu_url(server.base, "/healthz");

    exhaust(url, "127.0.0.1", NULL, "no key from 127.0.0.1");
    /* Another address has its own bucket. */
    r = get_from(url, "127.0.0.2", NULL);
    if (r.status != 200 || strcmp(r.remaining, "4") != 0)
        th_fail("no key from 127.0.0.2 after 127.0.0.1 was limited: %ld, RateLimit-Remaining %s", r.status,
                r.remaining);
    /* A key from the limited address is not limited by the address. */
    get_expecting(200, url, "127.0.0.1", a.auth, "key A from the limited address 127.0.0.1");
    for (int i = 0; i < 3 * BURST; i++)
        get_expecting(200, health, "127.0.0.1", NULL, "/healthz request %d from the limited address", i + 1);
    get_expecting(429, url, "127.0.0.1", NULL, "no key from 127.0.0.1 should still be limited");
    /* Guessing keys is no way around it: an unknown key counts against the address. */
    get_expecting(429, url, "127.0.0.1", "Authorization: Bearer zi_QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
                  "an unknown key from the limited address 127.0.0.1");
    get_expecting(401, url, "127.0.0.2", "Authorization: Bearer zi_QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
                  "an unknown key from 127.0.0.2");
    tu_server_stop(&server);
    free(health);
    free(url);
}

TH_TEST(test_refused_requests_of_a_valid_key_count_against_that_key_not_against_the_address)
{
    tu_server server;
    tu_key a;
    char *admin_only;
    char *url;
    answer r;

    start_limited_server(&server, &a);
    admin_only = tu_url(server.base, "/v1/api-keys");
    url = tu_url(server.base, "/v1/units?limit=1");

    /* An evaluator asking for an admin-only list: 403 for the burst, then 429. */
    for (int i = 0; i <= BURST; i++)
        get_expecting(i < BURST ? 403 : 429, admin_only, "127.0.0.1", a.auth,
                      "evaluator key on GET /v1/api-keys, request %d", i + 1);
    /* That was the key's budget: the address (other clients behind it, without a key) still has its own. */
    r = get_from(url, "127.0.0.1", NULL);
    if (r.status != 200)
        th_fail("a request without a key from 127.0.0.1 got %ld after a valid key's refused requests from that "
                "address: they were charged to the address, not to the key",
                r.status);
    tu_server_stop(&server);
    free(url);
    free(admin_only);
}

Suite *rate_limit_suite(void)
{
    Suite *s = suite_create("rate_limit");
    TCase *tc = tcase_create("rate_limit");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sixth_quick_request_with_one_key_is_429_with_retry_after_and_other_keys_go_on);
    tcase_add_test(tc, test_requests_without_a_valid_key_are_limited_per_client_address_and_healthz_never);
    tcase_add_test(tc, test_refused_requests_of_a_valid_key_count_against_that_key_not_against_the_address);
    suite_add_tcase(s, tc);
    return s;
}
