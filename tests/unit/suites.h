#ifndef ZI_UNIT_SUITES_H
#define ZI_UNIT_SUITES_H
/*
 * One Check suite per module of the pure server code (server/src/domain, common/strbuf.c,
 * config.c). main.c runs them all in one runner. Each suite is defined in test_<module>.c.
 */
#include <check.h>

Suite *validate_suite(void);
Suite *cursor_suite(void);
Suite *etag_suite(void);
Suite *nip_suite(void);
Suite *messages_suite(void);
Suite *fields_suite(void);
Suite *errors_suite(void);
Suite *principal_suite(void);
Suite *strbuf_suite(void);
Suite *config_suite(void);
Suite *audit_suite(void);
Suite *csv_suite(void);
Suite *lke_suite(void);
Suite *workdays_suite(void);
Suite *webhook_suite(void);

/* LONG_MIN/LONG_MAX, spelled out. */
#define ZT_LONG_MAX ((long)(~0UL >> 1))
#define ZT_LONG_MIN (-ZT_LONG_MAX - 1)

/* Number of rows of a static table. */
#define N_ROWS(t) ((int)(sizeof(t) / sizeof((t)[0])))

#endif
