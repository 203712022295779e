/*
 * main.c — the API test runner: every suite against a live zi-server.
 *
 * Environment (set by the runner script):
 *   ZI_TEST_URL            base URL of the server, e.g. http://127.0.0.1:18080
 *   ZI_TEST_ADMIN_KEY      an admin API key of that server
 *   ZI_TEST_CASES_DIR      path of tests/api/cases
 *   ZI_TEST_PG_STOP        shell command stopping the server's PostgreSQL
 *   ZI_TEST_PG_START       shell command starting it again
 *   ZI_TEST_RESPONSE_LOG   optional: file that receives one JSON line per response
 *   ZI_TEST_SERVER_BIN     the zi-server binary under test (the variant the server runs)
 *   ZI_TEST_SERVER_LOG     the server's log file (stderr, --log-level info)
 *   ZI_TEST_DATABASE_URL   libpq URL of the server's database
 *   ZI_TEST_ADMIN_DATABASE_URL  libpq URL of the test cluster's postgres database
 *                          (scratch databases for the migrations suite)
 *   ZI_TEST_ROOT           the repository root (sql/free-port.sh, sql/migrations)
 * The server runs with --statement-timeout-ms 1000 (the runtime suite relies on it).
 * Check's own variables work too (CK_RUN_SUITE, CK_RUN_CASE, CK_FORK, CK_VERBOSITY).
 *
 * Exit status: 0 when every test passed, 1 otherwise, 2 when not configured.
 */
#include "harness.h"
#include "support.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    SRunner *runner;
    int failed;
    const char *url = getenv("ZI_TEST_URL");

    if (!url || !*url) {
        fprintf(stderr, "zi api tests: ZI_TEST_URL is not set (see tests/api/main.c)\n");
        return 2;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "zi api tests: curl_global_init failed\n");
        return 2;
    }
    runner = srunner_create(core_suite());
    srunner_add_suite(runner, units_suite());
    srunner_add_suite(runner, bad_input_suite());
    srunner_add_suite(runner, migrations_suite());
    srunner_add_suite(runner, cli_suite());
    srunner_add_suite(runner, runtime_suite());
    /* Issue 4: keys and roles, the authorization walk, Idempotency-Key, the audit chain,
     * the change feed, CORS, rate limits (support.h). */
    srunner_add_suite(runner, api_keys_suite());
    srunner_add_suite(runner, authz_walk_suite());
    srunner_add_suite(runner, idempotency_suite());
    srunner_add_suite(runner, audit_suite());
    srunner_add_suite(runner, events_suite());
    srunner_add_suite(runner, cors_suite());
    srunner_add_suite(runner, rate_limit_suite());
    /* Issue 8: unit scope, field visibility, transactions, request ids in logs. */
    srunner_add_suite(runner, framework_suite());
    srunner_add_suite(runner, proposals_suite());
    /* Issue 9: integrity commitments (declarations, pact signatures, service pledges). */
    srunner_add_suite(runner, commitments_suite());
    /* Issue 11: working days, KPK rule sets, advice, gratification reports. */
    srunner_add_suite(runner, reports_suite());
    /* Issue 11, slice B: evidence files, the KPK packet, statistics, retention. */
    srunner_add_suite(runner, report_files_suite());
    srunner_add_suite(runner, webhooks_suite()); /* issue 14: webhook subscriptions */
    srunner_add_suite(runner, key_cache_suite());
    srunner_add_suite(runner, http_edge_suite());
    srunner_add_suite(runner, longpoll_suite());
    /* Issue 12: the journal sealed after commit (scratch databases and servers of its own). */
    srunner_add_suite(runner, journal_suite());
    /* Issue 14: webhook deliveries (scratch databases and servers of its own). */
    srunner_add_suite(runner, webhook_delivery_suite());
    /* Last: it stops and restarts PostgreSQL under the server. */
    srunner_add_suite(runner, database_down_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    curl_global_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
