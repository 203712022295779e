/*
 * support.h — shared helpers of the suites that prove issue 4 (keys and roles, the
 * authorization walk, Idempotency-Key, the audit chain, the change feed, CORS, rate
 * limits), also used by the cli suite: keys and units made through the API, servers of
 * a test's own, scratch databases, and threads started together.
 *
 * Every helper fails the test (th_fail) on an unexpected answer, except those named
 * *_try_*, which are safe in threads other than the test's own: they never fail the
 * test and report through their return value instead.
 */
#ifndef ZI_TESTS_API_SUPPORT_H
#define ZI_TESTS_API_SUPPORT_H

#include "harness.h"

/* ---- suites (test_api_keys.c, test_authz_walk.c, ...) -------------------------------- */
Suite *api_keys_suite(void);
Suite *authz_walk_suite(void);
Suite *idempotency_suite(void);
Suite *audit_suite(void);
Suite *events_suite(void);
Suite *cors_suite(void);
Suite *rate_limit_suite(void);
Suite *framework_suite(void);
Suite *proposals_suite(void);
Suite *commitments_suite(void); /* issue 9: declarations, pact signatures, service pledges */
Suite *http_edge_suite(void);  /* issue 13: request framing */
Suite *longpoll_suite(void);   /* issue 13: a long-poll blocks no one */
Suite *journal_suite(void);    /* issue 12: the journal sealed after commit */
Suite *key_cache_suite(void);  /* issue 12: keys cached per instance, invalidated by NOTIFY */
Suite *reports_suite(void);     /* issue 11: calendar, rule sets, advice, gratification reports */
Suite *report_files_suite(void); /* issue 11, slice B: evidence, KPK packet, statistics, retention */
Suite *webhooks_suite(void);     /* issue 14: webhook subscriptions, the admin's side */
Suite *webhook_delivery_suite(void); /* issue 14: deliveries through instances of its own */

/* The NIP used for employee keys (valid: born 1985-07-14, appointed 2010-01, male, #002). */
#define TU_NIP "198507142010011002"

/* ---- keys and units made through the API (with the admin key) ------------------------- */

typedef struct tu_key {
    char id[37];
    char secret[128];
    char auth[160]; /* "Authorization: Bearer <secret>", ready for a header list */
} tu_key;

/*
 * POST /v1/api-keys with the admin key: role, unit_id (NULL: none), nip (NULL: none).
 * Asserts 201 and fills out.
 */
void tu_create_key(tu_key *out, const char *role, const char *unit_id, const char *nip);

/* DELETE /v1/api-keys/{id} with the admin key; asserts 200. */
void tu_revoke_key(const char *id);

typedef struct tu_unit {
    char id[37];
    char code[64];
} tu_unit;

/* POST /v1/units (kind "other", a fresh "zt-" code) with auth (NULL: the admin key). */
void tu_create_unit(tu_unit *out, const char *auth);

/* "Authorization: Bearer <key>"; malloc'ed. */
char *tu_bearer(const char *key);

/* The full URL of path on the server under test (or on base when not NULL); malloc'ed.
 * Requests with full URLs are what threads send (harness.h keeps no state for them). */
char *tu_url(const char *base, const char *path);

/* The "data" array of a list response (asserting that shape); borrowed. */
const json_t *tu_data(const th_response *r);

/* The last event seq of the feed, paging GET /v1/events to its end with the admin key. */
long long tu_feed_end(void);

/* Stored API keys named name (psql on ZI_TEST_DATABASE_URL). */
long tu_keys_named(const char *name);

/* ---- servers of a test's own --------------------------------------------------------- */

/* A scratch database named after prefix, migrated by the binary under test, with one admin
 * key: returns "Authorization: Bearer <key>" (malloc'ed). Drop db with th_scratch_drop. */
char *tu_scratch_with_admin(th_scratch *db, const char *prefix);

typedef struct tu_server {
    th_proc *proc;
    int port;
    char base[64]; /* http://127.0.0.1:<port> */
} tu_server;

/*
 * Start the binary under test on a free port against database_url, with extra_args
 * (NULL-terminated, may be NULL) after the usual ones; returns once /healthz answers.
 * The child gets no ZI_* variable (th_spawn): only what the arguments say.
 */
void tu_server_start(tu_server *s, const char *database_url, const char *const *extra_args);

/* SIGTERM, then assert exit 0 within 10 s and no sanitizer report; NULL-safe proc. */
void tu_server_stop(tu_server *s);

/* ---- scratch databases (harness.h th_scratch_*) ---------------------------------------- */

/* The prefix of the issue-4 suites' scratch databases: zt_i4_<runner>_<pid>_<n>. */
#define TU_SCRATCH_PREFIX "zt_i4_"

/* Drop this run's TU_SCRATCH_PREFIX databases a failed test left (unchecked fixture teardown;
 * th_remember_runner is the setup). */
void tu_drop_leftover_databases(void);

/* ---- threads ---------------------------------------------------------------------------- */

/* Run fn(i, arg) for i in 0..n-1, each in its own thread, released together; joins all. */
void tu_parallel(int n, void (*fn)(int i, void *arg), void *arg);

#endif
