/*
 * main.c — the SDK test runner: every suite against a live zi-server (see harness.h for the
 * environment). Check's variables work too (CK_RUN_SUITE, CK_RUN_CASE, CK_FORK,
 * CK_VERBOSITY). Exit status: 0 when every test passed, 1 otherwise, 2 when not configured.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    SRunner *runner;
    int failed;
    const char *url = getenv("ZI_TEST_URL");
    const char *key = getenv("ZI_TEST_ADMIN_KEY");

    if (!url || !*url || !key || !*key) {
        fprintf(stderr, "zi sdk tests: set ZI_TEST_URL and ZI_TEST_ADMIN_KEY (see tests/sdk/run.sh)\n");
        return 2;
    }
    /* Explicit process-wide setup, released at the end, so valgrind sees no leftovers. */
    if (zi_global_init() != ZI_OK) {
        fprintf(stderr, "zi sdk tests: zi_global_init failed\n");
        return 2;
    }
    runner = srunner_create(service_suite());
    srunner_add_suite(runner, units_suite());
    srunner_add_suite(runner, keys_audit_events_suite());
    srunner_add_suite(runner, commitments_suite());
    srunner_add_suite(runner, proposals_suite());
    srunner_add_suite(runner, reports_suite());
    srunner_add_suite(runner, webhooks_suite());
    srunner_add_suite(runner, transport_suite());
    srunner_add_suite(runner, threads_suite());
    srunner_add_suite(runner, tools_suite());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    zi_global_cleanup();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
