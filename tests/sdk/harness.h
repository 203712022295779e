/*
 * harness.h — shared helpers of the SDK tests (tests/sdk): configuration from the
 * environment, clients, unique unit codes, a tiny in-process TCP server (scripted answers,
 * a silent listener, or a connection-counting proxy), and running programs.
 *
 * Environment (tests/sdk/run.sh sets it):
 *   ZI_TEST_URL        base URL of a live zi-server on a real PostgreSQL (required)
 *   ZI_TEST_ADMIN_KEY  an admin key of that server (required)
 *   ZI_SDK_BUILD       the build directory (default "build")
 *   ZI_SDK_TEST_WRAP   optional command prefix for the programs the tests run (run.sh puts
 *                      valgrind there when the test binary itself is not under valgrind)
 *
 * Ownership: th_client_* return new clients (zi_client_free); th_new_key returns and th_run
 * fills *out with a new string (free). Strings from th_url(), th_admin_key(), th_build() are borrowed, valid for
 * the process. Thread rules: th_* may be used from several test threads except
 * th_unique_code's counter, which is atomic.
 */
#ifndef ZI_TESTS_SDK_HARNESS_H
#define ZI_TESTS_SDK_HARNESS_H

#include <zi/zi.h>

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* ---- configuration --------------------------------------------------------------------- */

const char *th_url(void);
const char *th_admin_key(void);
const char *th_build(void);
/* "" when unset. */
const char *th_wrap(void);

/*
 * The server rate-limits per API key (and per address without one), so every test works
 * with keys of its own: th_new_key creates one with the bootstrap admin key
 * (ZI_TEST_ADMIN_KEY) and returns its secret (new, free), id_out (may be NULL, cap 64) gets
 * its id. unit_id and nip may be NULL. Fails the test on error.
 */
char *th_new_key(const char *role, const char *unit_id, const char *nip, char *id_out);
/* Clients for th_url() with default options: a fresh admin key; a fresh evaluator key (reads);
 * no key at all (sharing the per-address bucket, so it retries 429s patiently). */
zi_client *th_client_admin(void);
zi_client *th_client_reader(void);
zi_client *th_client_anonymous(void);
/* A client for th_url() with a fresh key of role for unit_id and nip (both may be NULL). */
zi_client *th_client_with(const char *role, const char *unit_id, const char *nip);
/* A client for url with key (may be NULL) and opts (may be NULL); fails the test on error. */
zi_client *th_client_for(const char *url, const char *key, const zi_options *opts);

/* A unit code nobody used: "SDK-<pid>-<n>-<tag>" (tag: up to 12 characters). Written to buf. */
const char *th_unique_code(char *buf, size_t cap, const char *tag);
/* Create a unit (kind "other") with that code; returns the new Unit (json_decref), etag
 * filled when etag is not NULL. Fails the test on error. */
json_t *th_create_unit(zi_client *c, const char *code, zi_etag *etag);

/* Milliseconds from a monotonic clock. */
long th_now_ms(void);
/* The current year in UTC: the server's default year, and a year whose 1 January is never in
 * the future. */
int th_utc_year(void);

/* The UTC date days_from_today days from today (negative: before) as YYYY-MM-DD in buf. */
const char *th_date(char *buf, size_t cap, int days_from_today);
/* A programme year (2050-2099, picked at random) that c finds not recorded yet (404), so a
 * test can create it without meeting another test's or another run's. Not before 2050: the
 * API tests, on the same database, add a WBK threshold on a random day of 2040-2049, which
 * would then be the threshold applying to such a year instead of the one the SDK test made
 * for it on 1 January. Fails the test when none is found. */
int th_free_programme_year(zi_client *c);

/* Member key of obj as a string ("" when absent or not a string) / an integer (0 likewise). */
const char *th_str(const json_t *obj, const char *key);
long long th_int(const json_t *obj, const char *key);
/* The number of items in the "data" array of a list page. */
size_t th_data_size(const json_t *page);

/* Every item pager yields from here on, asserting ZI_OK from each zi_pager_next (c: the
 * client it borrows, for the error details); a new array. The pager stays the caller's. */
json_t *th_drain(zi_client *c, zi_pager *pager);

/* Assert st == want, printing the last error's details when not. */
#define th_assert_status(c, st, want)                                                          \
    do {                                                                                       \
        zi_status got_ = (st);                                                                 \
        const zi_error *e_ = zi_last_error(c);                                                 \
        ck_assert_msg(got_ == (want), "status %d (%s), want %d (%s); HTTP %ld %s: %s %s %s %s",\
                      (int)got_, zi_strerror(got_), (int)(want), zi_strerror(want),            \
                      e_->http_status, e_->type, e_->title, e_->detail,                        \
                      e_->n_field_errors ? e_->field_errors[0].field : "",                    \
                      e_->n_field_errors ? e_->field_errors[0].code : "");                    \
    } while (0)

/* ---- a tiny TCP server on 127.0.0.1, one thread --------------------------------------------- */

typedef enum th_server_mode {
    TH_SILENT, /* accept and never answer */
    TH_SCRIPT, /* answer each request with the next scripted response (the last repeats) */
    TH_PROXY   /* relay every connection to 127.0.0.1:upstream_port */
} th_server_mode;

#define TH_MAX_CONNS 64
#define TH_MAX_SCRIPT 8
#define TH_MAX_RECORDED 8

typedef struct th_server {
    th_server_mode mode;
    int port;          /* where it listens (chosen by the kernel) */
    int upstream_port; /* TH_PROXY */
    const char *script[TH_MAX_SCRIPT]; /* raw HTTP responses (borrowed; keep them alive) */
    size_t n_script;
    /* Read these after th_server_stop (the server thread has ended). */
    int accepted; /* connections accepted */
    int requests; /* requests answered (TH_SCRIPT) */
    char recorded[TH_MAX_RECORDED][2048]; /* the first requests' heads (TH_SCRIPT) */
    /* private */
    int listen_fd;
    atomic_int stop;
    pthread_t thread;
} th_server;

/* Start s (mode, upstream_port and script set by the caller); fails the test on error. */
void th_server_start(th_server *s);
/* Stop it, close every connection, join the thread. */
void th_server_stop(th_server *s);

/* A port on 127.0.0.1 where nothing listens right now (bound, then closed). */
int th_closed_port(void);

/* The value of header name in a recorded request head, copied to buf; NULL when absent. */
const char *th_header_of(const char *head, const char *name, char *buf, size_t cap);

/* ---- programs --------------------------------------------------------------------------- */

/* Sign a webhook delivery as a sender would, with the openssl command (an implementation
 * independent of libzi's): "v1=" and the lower-case hex HMAC-SHA256, keyed with secret (a
 * base64url secret: no shell quoting needed), of "<timestamp>.<body>", into out. Fails the
 * test when openssl is missing (make deps-test installs it). */
void th_webhook_sign(const char *secret, const char *timestamp, const void *body,
                     size_t body_len, char out[68]);

/* Run a shell command line, capturing stdout (and stderr when merge is set) into *out (new,
 * free). Returns the exit status (128+signal when killed, -1 when it could not run). */
int th_run(const char *cmdline, int merge, char **out);

/* Suites. */
Suite *units_suite(void);
Suite *service_suite(void);
Suite *transport_suite(void);
Suite *threads_suite(void);
Suite *keys_audit_events_suite(void);
Suite *tools_suite(void);
Suite *commitments_suite(void);
Suite *proposals_suite(void);
Suite *reports_suite(void);
Suite *webhooks_suite(void);

#endif
