/*
 * Unit tests of the pure server code: one runner over every suite, CK_NORMAL output
 * (Check's summary line "NN%: Checks: X, Failures: Y, Errors: Z" is what
 * tests/run-all.sh counts), exit status non-zero when any test fails.
 * CK_FORK=no runs everything in one process (used under valgrind).
 */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    Suite *(*const suites[])(void) = {
        validate_suite, cursor_suite, etag_suite,      nip_suite,   messages_suite,
        fields_suite,   errors_suite, principal_suite, strbuf_suite, config_suite, audit_suite, csv_suite, lke_suite, workdays_suite, webhook_suite,
    };
    SRunner *sr = srunner_create(suites[0]());
    for (size_t i = 1; i < sizeof suites / sizeof suites[0]; i++)
        srunner_add_suite(sr, suites[i]());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
