/*
 * harness.h — a tiny HTTP client and assertion kit for the API tests.
 *
 * The tests run against a live zi-server (base URL from ZI_TEST_URL) backed by a
 * real PostgreSQL. Every response is appended, as one JSON line, to the file named
 * by ZI_TEST_RESPONSE_LOG so that tests/contract/ can check each of them against
 * openapi/openapi.yaml.
 *
 * Ownership: th_request*() return an owned th_response that the caller releases
 * with th_response_free() (NULL-safe). Strings returned by th_header(),
 * th_admin_auth(), th_base_url() ... are borrowed: valid until the response is freed
 * or, for process-wide values, until the process ends.
 *
 * Thread rules: none. Check runs each test in its own forked process; the harness
 * keeps process-wide state (current test name, unique counter) in plain statics.
 */
#ifndef ZI_TESTS_API_HARNESS_H
#define ZI_TESTS_API_HARNESS_H

#include <check.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__GNUC__)
#define TH_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#define TH_NORETURN __attribute__((noreturn))
#else
#define TH_NORETURN
#define TH_PRINTF(fmt, first)
#endif

/* One response header, as received (name without the colon, value trimmed). */
typedef struct th_header_field {
    char *name;
    char *value;
} th_header_field;

/* A received response. All members are owned by the response. */
typedef struct th_response {
    char *method;            /* request method */
    char *path;              /* request path without query */
    char *target;            /* request target as sent (path and query, or URL) */
    long status;             /* HTTP status */
    char *body;              /* body bytes, NUL-terminated for convenience */
    size_t body_len;         /* number of body bytes (not counting the NUL) */
    json_t *json;            /* parsed body when the Content-Type is JSON, else NULL */
    double elapsed_ms;       /* wall time of the exchange, connect included */
    th_header_field *headers;
    size_t n_headers;
} th_response;

/* ---- test naming ------------------------------------------------------------------ */

/*
 * Define a test. Use instead of START_TEST; no END_TEST is needed:
 *
 *     TH_TEST(test_unknown_route_is_404_problem) { ... }
 *
 * It records the test name for the response log before the body runs.
 */
#define TH_TEST(name)                        \
    static void name##_body(void);           \
    START_TEST(name)                         \
    {                                        \
        th_set_test(#name);                  \
        name##_body();                       \
    }                                        \
    END_TEST                                 \
    static void name##_body(void)

/* Set / read the name written into each response-log line (copied). */
void th_set_test(const char *name);
const char *th_current_test(void);

/* ---- configuration ---------------------------------------------------------------- */

/* ZI_TEST_URL without a trailing slash; fails the test when unset. */
const char *th_base_url(void);
/* ZI_TEST_ADMIN_KEY; fails the test when unset. */
const char *th_admin_key(void);
/* "Authorization: Bearer <admin key>", ready for a header list. */
const char *th_admin_auth(void);

/* ---- requests --------------------------------------------------------------------- */

/*
 * Send one request and return the response; fails the test on a transport error
 * (connection refused, timeout ...). path_and_query starts with '/', or is a full
 * http(s) URL (as found in Link or Location headers). headers is a NULL-terminated
 * list of "Name: value" strings, or NULL.
 *
 * When body is not NULL and headers carry no Content-Type, "Content-Type:
 * application/json" is added. A header "Transfer-Encoding: chunked" makes the
 * body go out chunked, without Content-Length.
 */
th_response *th_request(const char *method, const char *path_and_query, const char *body,
                        const char *const *headers);

/*
 * Like th_request, but the body is body_len exact bytes (may hold NUL or invalid
 * UTF-8; NULL means none) and no Content-Type is added: the request carries only
 * the caller's headers plus Host, Accept and, with a body, Content-Length.
 */
th_response *th_request_bytes(const char *method, const char *path_and_query, const char *body,
                              size_t body_len, const char *const *headers);

/* Like th_request, with the body serialised from a JSON value (borrowed). */
th_response *th_request_json(const char *method, const char *path_and_query, const json_t *body,
                             const char *const *headers);

/*
 * Like th_request, but returns NULL on a transport error instead of failing, and
 * never fails the test: safe outside a running test (fixtures, polling loops).
 */
th_response *th_try_request(const char *method, const char *path_and_query, const char *body,
                            const char *const *headers);

/* First header named name (case-insensitive); borrowed, NULL when absent. */
const char *th_header(const th_response *resp, const char *name);

/* Release a response; NULL is allowed. */
void th_response_free(th_response *resp);

/* ---- assertions ------------------------------------------------------------------- */

/*
 * Check that resp is an RFC 9457 problem: HTTP status, Content-Type
 * application/problem+json, "type" equal to type, "title" a non-empty string,
 * "status" equal to the HTTP status, "instance" equal to the X-Request-Id header.
 * Returns true when it is; otherwise false with the reason in why.
 */
bool th_check_problem(const th_response *resp, long status, const char *type, char *why,
                      size_t why_size);

/* Fail the test (at the caller's line) unless th_check_problem holds. */
#define th_assert_problem(resp, status, type) \
    th_assert_problem_at(__FILE__, __LINE__, (resp), (status), (type))
void th_assert_problem_at(const char *file, int line, const th_response *resp, long status,
                          const char *type);

/*
 * The first element of the problem's "errors" whose "field" equals field and "code"
 * equals code; NULL for either means "any". Borrowed; NULL when there is none.
 */
const json_t *th_find_field_error(const th_response *resp, const char *field, const char *code);

/* Fail the test (at the caller's line) unless th_find_field_error finds one. */
#define th_assert_field_error(resp, field, code) \
    th_assert_field_error_at(__FILE__, __LINE__, (resp), (field), (code))
void th_assert_field_error_at(const char *file, int line, const th_response *resp,
                              const char *field, const char *code);

/* Fail the test (at the caller's line) unless resp has the given status. */
#define th_assert_status(resp, status) \
    th_assert_status_at(__FILE__, __LINE__, (resp), (status))
void th_assert_status_at(const char *file, int line, const th_response *resp, long status);

/* Fail the test at file:line with a formatted message; never returns. */
void th_fail_at(const char *file, int line, const char *fmt, ...) TH_PRINTF(3, 4) TH_NORETURN;
#define th_fail(...) th_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* A short description of resp (status, content type, start of body) for messages. */
const char *th_describe(const th_response *resp);

/* ---- data helpers ----------------------------------------------------------------- */

/*
 * Write prefix + a suffix unique to this run, this process and this call into out
 * (e.g. "zt-k3x9a2-41233-7"): letters, digits and '-', so it is a valid unit code
 * when prefix is. Fails the test if out is too small.
 */
void th_unique(char *out, size_t out_size, const char *prefix);

/* malloc'ed formatted string; fails the test on allocation failure. */
char *th_format(const char *fmt, ...) TH_PRINTF(1, 2);
/* The same from a va_list (for helpers that take a format themselves). */
char *th_vformat(const char *fmt, va_list ap) TH_PRINTF(1, 0);

/* Member key of object as a string / integer / boolean; NULL / -1 / false when absent. */
const char *th_json_str(const json_t *object, const char *key);
long long th_json_int(const json_t *object, const char *key);

/* True when s has the 8-4-4-4-12 hexadecimal UUID shape. */
bool th_is_uuid(const char *s);

/* A fresh random (version 4) UUID string that no row should carry. */
void th_random_uuid(char out[37]);

/* Percent-encode s for use in a query string; malloc'ed. */
char *th_urlencode(const char *s);

/* ---- processes (zi-server subcommands, psql) -------------------------------------- */

/*
 * A child process started by th_spawn. stdout and stderr go to unlinked temporary
 * files that th_proc_wait reads into out / err. Owned; release with th_proc_free (NULL-safe),
 * which kills (SIGKILL) and reaps a child still running. Children also get SIGKILL
 * when the test process dies (PR_SET_PDEATHSIG), so a failed test leaves no server
 * or psql behind.
 */
typedef struct th_proc {
    int pid;                 /* 0 once reaped */
    int exit_code;           /* exit status; -1 when killed by a signal or not yet reaped */
    int term_signal;         /* signal that ended it, else 0 */
    bool timed_out;          /* th_proc_wait gave up and killed it */
    char *out;               /* stdout, NUL-terminated (after th_proc_wait) */
    size_t out_len;
    char *err;               /* stderr, NUL-terminated (after th_proc_wait) */
    size_t err_len;
    double elapsed_ms;       /* from th_spawn to reaping */
    int out_fd;              /* the (already unlinked) files that receive stdout, stderr */
    int err_fd;
    double started_ms;
} th_proc;

/*
 * Start argv[0] (found on PATH unless it holds a '/') with argv. The child's
 * environment is the test's, without any ZI_* variable other than ZI_TEST_*, plus
 * env: a NULL-terminated list of "NAME=value" (NULL for none). When gate is not
 * NULL (a pipe from pipe(2)) the child waits until both ends are closed by the
 * caller before it execs: that releases several children at the same moment.
 * Fails the test when it cannot fork.
 */
th_proc *th_spawn(const char *const *argv, const char *const *env, const int *gate);

/*
 * Wait at most timeout_ms for p to end (SIGKILL after that, timed_out set), then
 * read its stdout and stderr. Returns true when it ended by itself.
 */
bool th_proc_wait(th_proc *p, int timeout_ms);

/* Send sig to a running child; fails the test when it is not running. */
void th_proc_signal(th_proc *p, int sig);

/* True while the child has not ended (reaps it when it has; then th_proc_wait reads output). */
bool th_proc_running(th_proc *p);

void th_proc_free(th_proc *p);

/* th_spawn + th_proc_wait; the test fails when the child does not end within timeout_ms. */
th_proc *th_run(const char *const *argv, const char *const *env, int timeout_ms);

/* Fail the test when the child's stderr holds a sanitizer report (ASan/UBSan/LSan). */
#define th_assert_no_sanitizer_report(p) th_assert_no_sanitizer_report_at(__FILE__, __LINE__, (p))
void th_assert_no_sanitizer_report_at(const char *file, int line, const th_proc *p);

/* ZI_TEST_SERVER_BIN: the zi-server variant under test; fails when unset. */
const char *th_server_bin(void);
/* ZI_TEST_DATABASE_URL: the database of the server under test; fails when unset. */
const char *th_database_url(void);
/* ZI_TEST_ADMIN_DATABASE_URL: the test cluster's postgres database; fails when unset. */
const char *th_admin_database_url(void);
/* ZI_TEST_ROOT: the repository root (for sql/free-port.sh, sql/migrations); "." when unset. */
const char *th_repo_root(void);
/* ZI_TEST_SERVER_LOG: the log file of the server under test; fails when unset. */
const char *th_server_log(void);

/* The URL of database dbname in the test cluster (ZI_TEST_ADMIN_DATABASE_URL with its
 * database replaced); malloc'ed. */
char *th_cluster_database_url(const char *dbname);

/*
 * Run sql with psql against url (-X, ON_ERROR_STOP, unaligned tuples only) and return
 * its stdout without the trailing newline; malloc'ed. Fails the test when psql fails.
 */
char *th_psql(const char *url, const char *sql);

/* The number psql prints for sql (a count ...) on ZI_TEST_DATABASE_URL, or on url. */
long th_psql_count(const char *sql);
long th_psql_count_on(const char *url, const char *sql);

/* Writes reach audit_log and events when the journal's sealer gets to them, right after
 * commit but not before the response (sql/migrations/0008_journal_sealing.sql): a test that
 * reads those tables in SQL seals first, as the API's own readers do. th_seal runs zi_seal()
 * on url until nothing is pending; th_journal_count is th_psql_count after th_seal. */
void th_seal(const char *url);
long th_journal_count(const char *sql);

/*
 * Start psql on ZI_TEST_DATABASE_URL as the session app (PGAPPNAME) running BEGIN,
 * statement, SELECT pg_sleep(seconds), COMMIT, and return once it sleeps inside that
 * transaction (whatever statement locked stays locked). Fails the test when psql ends
 * first or does not get there within 10 s. Release with th_psql_release, or wait for it.
 */
th_proc *th_psql_hold(const char *app, const char *statement, double seconds);
/* The same on the database at url (of the test cluster: application names are looked up
 * cluster-wide, so th_psql_release ends it too). */
th_proc *th_psql_hold_on(const char *url, const char *app, const char *statement, double seconds);

/* End the session app (pg_terminate_backend: its transaction rolls back) and reap holder;
 * fails the test when holder does not end within 10 s. holder stays the caller's. */
void th_psql_release(th_proc *holder, const char *app);

/* ---- scratch databases (of the test cluster) ---------------------------------------- */

/* A scratch database: name <prefix><runner pid>_<pid>_<n>, and its URL; both owned. */
typedef struct th_scratch {
    char *name;
    char *url;
} th_scratch;

/* Remember the runner's pid (unchecked fixture setup): it names this run's scratch databases. */
void th_remember_runner(void);
/* Create an empty scratch database named after prefix. */
void th_scratch_create(th_scratch *db, const char *prefix);
/* Drop it (WITH (FORCE)) and free its name and URL. */
void th_scratch_drop(th_scratch *db);
/* Unchecked fixture teardown: drop this run's <prefix>... databases a failed test left;
 * who names the suite in messages on stderr. No assertions: it is not inside a test. */
void th_drop_leftover_databases(const char *prefix, const char *who);

/* A free TCP port on 127.0.0.1 (sql/free-port.sh). */
int th_free_port(void);

/* Sleep ms milliseconds. */
void th_sleep_ms(long ms);

/* Milliseconds of a monotonic clock. */
double th_now_ms(void);

/* Read a whole file; malloc'ed, NUL-terminated; NULL when it cannot be read. */
char *th_read_file(const char *path, size_t *len);

/* ---- suites (one per test_*.c), in the order main.c runs them --------------------- */
Suite *core_suite(void);
Suite *units_suite(void);
Suite *bad_input_suite(void);
Suite *migrations_suite(void);
Suite *cli_suite(void);
Suite *runtime_suite(void);
Suite *database_down_suite(void);

#endif
