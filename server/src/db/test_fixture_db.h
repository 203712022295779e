#ifndef ZI_TEST_FIXTURE_DB_H
#define ZI_TEST_FIXTURE_DB_H
/* The test-only fixture resource in PostgreSQL (table from tests/api/fixture.sql). Runs
 * inside the caller's transaction for writes. */
#include "pool.h"

extern const db_stmt test_fixture_db_statements[];
extern const zi_sort test_fixture_db_sorts[];
/* Scope resolver (a row of the table, so it is prepared with it): $1 = a fixture's id → its
 * unit. Use as &test_fixture_db_statements[TEST_FIXTURE_DB_RESOLVE]. */
enum { TEST_FIXTURE_DB_RESOLVE = 0 };

zi_result test_fixture_db_get(db_conn *c, const char *id, char **json, long *version);
/* unit_only NULL = every unit. */
zi_result test_fixture_db_list(db_conn *c, const char *unit_only, const char *after_value, const char *after_id,
                               long limit, db_page *page);
/* Creates from the validated body; owner = the caller's key id or NIP. */
zi_result test_fixture_db_create(db_conn *c, const char *body, const char *owner, char **json, long *version,
                                 char **id);
zi_result test_fixture_db_lock(db_conn *c, const char *id, long *version);
zi_result test_fixture_db_update(db_conn *c, const char *id, const char *body, char **json, long *version);
zi_result test_fixture_db_flag(db_conn *c, const char *id, char **json, long *version);

#endif
