/*
 * test_migrate.c — `zi-server migrate` against scratch databases of the test cluster
 * (README "Subcommands"; sql/migrations/ "compiled into the binary, applied once with
 * a checksum").
 *
 * Runs the binary under test (ZI_TEST_SERVER_BIN) against databases it creates and
 * drops through ZI_TEST_ADMIN_DATABASE_URL, using psql; the migration files are read
 * from $ZI_TEST_ROOT/sql/migrations. Every scratch database is named
 * zt_mig_<runner pid>_..., dropped by its test and, should a test fail half-way,
 * by the suite's teardown.
 */
#include "harness.h"

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
    MIGRATE_TIMEOUT_MS = 120000,
    MAX_MIGRATIONS = 512,
    RACE_ROUNDS = 8,
};

/* The prefix of this suite's scratch databases (th_scratch_create). */
#define SCRATCH_PREFIX "zt_mig_"

typedef struct migration_file {
    char version[8];
    char name[128];
    char checksum[65];
} migration_file;

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const migration_file *)a)->version, ((const migration_file *)b)->version);
}

/* The files of sql/migrations (NNNN_name.sql), sorted, with their SHA-256. Returns the count. */
static size_t migration_files(migration_file *out, size_t cap)
{
    char *dir_path = th_format("%s/sql/migrations", th_repo_root());
    DIR *dir = opendir(dir_path);
    struct dirent *e;
    size_t n = 0;
    regex_t re;

    if (!dir)
        th_fail("cannot open %s (ZI_TEST_ROOT should be the repository root)", dir_path);
    if (regcomp(&re, "^([0-9]{4})_([a-z0-9_]+)\\.sql$", REG_EXTENDED) != 0)
        th_fail("regcomp");
    while ((e = readdir(dir)) != NULL) {
        regmatch_t m[3];

        if (regexec(&re, e->d_name, 3, m, 0) != 0)
            continue;
        if (n >= cap)
            th_fail("more than %zu migration files", cap);
        snprintf(out[n].version, sizeof out[n].version, "%.*s", (int)(m[1].rm_eo - m[1].rm_so),
                 e->d_name + m[1].rm_so);
        snprintf(out[n].name, sizeof out[n].name, "%.*s", (int)(m[2].rm_eo - m[2].rm_so),
                 e->d_name + m[2].rm_so);
        {
            char *path = th_format("%s/%s", dir_path, e->d_name);
            const char *argv[] = {"sha256sum", path, NULL};
            th_proc *p = th_run(argv, NULL, 10000);

            if (p->exit_code != 0 || p->out_len < 64)
                th_fail("sha256sum %s failed: %s", path, p->err);
            snprintf(out[n].checksum, sizeof out[n].checksum, "%.64s", p->out);
            th_proc_free(p);
            free(path);
        }
        n++;
    }
    closedir(dir);
    regfree(&re);
    free(dir_path);
    if (n == 0)
        th_fail("no migration files under %s/sql/migrations", th_repo_root());
    qsort(out, n, sizeof *out, compare_files);
    return n;
}

/* Run `zi-server migrate` against database url; the test fails on a hang or a sanitizer report. */
static th_proc *run_migrate(const char *url)
{
    const char *argv[] = {th_server_bin(), "migrate", "--database-url", url, NULL};
    th_proc *p = th_run(argv, NULL, MIGRATE_TIMEOUT_MS);

    th_assert_no_sanitizer_report(p);
    return p;
}

/* The first migrate of a test's database, which must succeed. */
static void first_migrate(const char *url)
{
    th_proc *p = run_migrate(url);

    if (p->exit_code != 0)
        th_fail("first migrate exited %d: %s", p->exit_code, p->err);
    th_proc_free(p);
}

/* The line migrate writes for applying file f; malloc'ed. */
static char *applied_line(const migration_file *f)
{
    return th_format("applied %s_%s.sql", f->version, f->name);
}

/* True when text says "<n> applied" (n not part of a longer number). */
static bool says_applied(const char *text, size_t n)
{
    char *want = th_format("%zu applied", n);
    const char *hit = text;
    bool found = false;

    while ((hit = strstr(hit, want)) != NULL) {
        if (hit == text || hit[-1] < '0' || hit[-1] > '9') {
            found = true;
            break;
        }
        hit++;
    }
    free(want);
    return found;
}

/* Occurrences of needle in text. */
static int count_occurrences(const char *text, const char *needle)
{
    int n = 0;

    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Fail unless schema_migrations in url holds exactly one row per file, with its checksum. */
static void assert_rows_match_files(const char *url, const migration_file *files, size_t n)
{
    char *rows = th_psql(url, "SELECT version || '|' || name || '|' || checksum FROM schema_migrations "
                              "ORDER BY version");
    char *want = th_format("%s", "");

    for (size_t i = 0; i < n; i++) {
        char *next = th_format("%s%s%s|%s|%s", want, i ? "\n" : "", files[i].version, files[i].name,
                               files[i].checksum);

        free(want);
        want = next;
    }
    if (strcmp(rows, want) != 0)
        th_fail("schema_migrations should hold one row per migration file with the file's SHA-256:\n"
                "expected:\n%s\ngot:\n%s",
                want, rows);
    free(want);
    free(rows);
}

/* Everything migrate could change: the recorded rows (with their row versions) and the
 * objects of the public schema (with their oids, so that a re-created one differs). */
static char *database_state(const char *url)
{
    return th_psql(url,
                   "SELECT (SELECT string_agg(version || '|' || name || '|' || checksum || '|' || "
                   "applied_at::text || '|' || xmin::text, ',' ORDER BY version) FROM schema_migrations)"
                   " || ' / ' || "
                   "(SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || c.oid::text, ',' "
                   "ORDER BY c.relname) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                   "WHERE s.nspname = 'public')"
                   " || ' / ' || "
                   "(SELECT coalesce(string_agg(p.proname || ':' || p.oid::text, ',' ORDER BY p.proname), "
                   "'') FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace "
                   "WHERE s.nspname = 'public')");
}

/* ---- tests --------------------------------------------------------------------------- */

TH_TEST(test_migrate_on_empty_database_applies_every_migration_with_its_checksum)
{
    migration_file files[MAX_MIGRATIONS];
    size_t n = migration_files(files, MAX_MIGRATIONS);
    th_scratch db;
    th_proc *p;
    char *units;
    char *bad;

    th_scratch_create(&db, SCRATCH_PREFIX);
    p = run_migrate(db.url);
    if (p->exit_code != 0)
        th_fail("migrate on an empty database exited %d: %s", p->exit_code, p->err);
    if (!says_applied(p->err, n))
        th_fail("migrate on an empty database does not say \"%zu applied\": %s", n, p->err);
    for (size_t i = 0; i < n; i++) {
        char *line = applied_line(&files[i]);

        if (count_occurrences(p->err, line) != 1)
            th_fail("migrate should report \"%s\" once: %s", line, p->err);
        free(line);
    }
    assert_rows_match_files(db.url, files, n);
    bad = th_psql(db.url, "SELECT count(*) FROM schema_migrations WHERE checksum !~ '^[0-9a-f]{64}$'");
    ck_assert_str_eq(bad, "0");
    /* The schema is really there. */
    units = th_psql(db.url, "SELECT to_regclass('public.units') IS NOT NULL");
    ck_assert_str_eq(units, "t");
    free(units);
    free(bad);
    th_proc_free(p);
    th_scratch_drop(&db);
}

TH_TEST(test_second_migrate_is_a_no_op_that_says_0_applied)
{
    migration_file files[MAX_MIGRATIONS];
    size_t n = migration_files(files, MAX_MIGRATIONS);
    th_scratch db;
    th_proc *p;
    char *before;
    char *after;

    th_scratch_create(&db, SCRATCH_PREFIX);
    first_migrate(db.url);
    before = database_state(db.url);

    p = run_migrate(db.url);
    if (p->exit_code != 0)
        th_fail("second migrate exited %d: %s", p->exit_code, p->err);
    if (!says_applied(p->err, 0))
        th_fail("second migrate does not say \"0 applied\": %s", p->err);
    for (size_t i = 0; i < n; i++) {
        char *line = applied_line(&files[i]);

        if (strstr(p->err, line))
            th_fail("second migrate says \"%s\": %s", line, p->err);
        free(line);
    }
    after = database_state(db.url);
    if (strcmp(before, after) != 0)
        th_fail("second migrate changed the database:\nbefore: %s\nafter:  %s", before, after);
    assert_rows_match_files(db.url, files, n);
    free(before);
    free(after);
    th_proc_free(p);
    th_scratch_drop(&db);
}

TH_TEST(test_migrate_refuses_applied_migration_whose_checksum_differs)
{
    migration_file files[MAX_MIGRATIONS];
    size_t n = migration_files(files, MAX_MIGRATIONS);
    th_scratch db;
    th_proc *p;
    const migration_file *edited = &files[n - 1]; /* the newest: most likely to be edited */
    char *sql;
    char *file_name;
    char *after;
    char *lower_err;

    th_scratch_create(&db, SCRATCH_PREFIX);
    first_migrate(db.url);
    /* As if the file had been edited after it was applied. */
    sql = th_format("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = '%s'",
                    edited->version);
    free(th_psql(db.url, sql));
    free(sql);

    p = run_migrate(db.url);
    if (p->exit_code <= 0)
        th_fail("migrate with an edited migration %s_%s.sql exited %d (expected a failure): %s",
                edited->version, edited->name, p->exit_code, p->err);
    file_name = th_format("%s_%s", edited->version, edited->name);
    if (!strstr(p->err, file_name))
        th_fail("the refusal does not name the migration %s: %s", file_name, p->err);
    lower_err = th_format("%s", p->err);
    for (char *c = lower_err; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    if (!strstr(lower_err, "edited"))
        th_fail("the refusal does not say the migration was edited: %s", p->err);
    if (says_applied(p->err, 0) && strstr(p->err, "schema is current"))
        th_fail("migrate refused but also claims the schema is current: %s", p->err);
    /* Refused, not repaired: the record stays as it was. */
    sql = th_format("SELECT checksum FROM schema_migrations WHERE version = '%s'", edited->version);
    after = th_psql(db.url, sql);
    if (strcmp(after, "0000000000000000000000000000000000000000000000000000000000000000") != 0)
        th_fail("the refused migrate rewrote the recorded checksum to %s", after);
    free(after);
    free(sql);
    free(lower_err);
    free(file_name);
    th_proc_free(p);
    th_scratch_drop(&db);
}

TH_TEST(test_migrate_refuses_database_with_unknown_migration_version)
{
    th_scratch db;
    th_proc *p;
    char *state;
    char *state_after;

    th_scratch_create(&db, SCRATCH_PREFIX);
    first_migrate(db.url);
    /* A newer zi-server migrated this database. */
    free(th_psql(db.url, "INSERT INTO schema_migrations (version, name, checksum) "
                         "VALUES ('9999', 'from_a_newer_server', repeat('a', 64))"));
    state = database_state(db.url);
    p = run_migrate(db.url);
    if (p->exit_code <= 0)
        th_fail("migrate on a database with the unknown migration 9999 exited %d: %s", p->exit_code,
                p->err);
    if (!strstr(p->err, "9999"))
        th_fail("the refusal does not name the unknown migration 9999: %s", p->err);
    state_after = database_state(db.url);
    if (strcmp(state, state_after) != 0)
        th_fail("the refused migrate changed the database:\nbefore: %s\nafter:  %s", state, state_after);
    free(state);
    free(state_after);
    th_proc_free(p);
    th_scratch_drop(&db);
}

TH_TEST(test_migrate_refuses_unknown_version_before_applying_anything)
{
    th_scratch db;
    th_proc *p;
    char *units;
    char *rows;

    th_scratch_create(&db, SCRATCH_PREFIX);
    free(th_psql(db.url, "CREATE TABLE schema_migrations (version text PRIMARY KEY, name text NOT NULL, "
                         "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); "
                         "INSERT INTO schema_migrations (version, name, checksum) "
                         "VALUES ('9999', 'from_a_newer_server', repeat('a', 64))"));
    p = run_migrate(db.url);
    if (p->exit_code <= 0)
        th_fail("migrate on a database with only the unknown migration 9999 exited %d: %s",
                p->exit_code, p->err);
    if (!strstr(p->err, "9999"))
        th_fail("the refusal does not name the unknown migration 9999: %s", p->err);
    units = th_psql(db.url, "SELECT to_regclass('public.units') IS NULL");
    if (strcmp(units, "t") != 0)
        th_fail("migrate refused the database but applied migrations anyway: %s", p->err);
    rows = th_psql(db.url, "SELECT string_agg(version, ',') FROM schema_migrations");
    ck_assert_str_eq(rows, "9999");
    free(rows);
    free(units);
    th_proc_free(p);
    th_scratch_drop(&db);
}

TH_TEST(test_two_migrates_started_together_both_succeed_and_apply_each_migration_once)
{
    migration_file files[MAX_MIGRATIONS];
    size_t n = migration_files(files, MAX_MIGRATIONS);

    for (int round = 0; round < RACE_ROUNDS; round++) {
        th_scratch db;
        th_proc *p[2];
        int gate[2];
        char *both;

        th_scratch_create(&db, SCRATCH_PREFIX);
        {
            const char *argv[] = {th_server_bin(), "migrate", "--database-url", db.url, NULL};

            if (pipe(gate) != 0)
                th_fail("pipe");
            p[0] = th_spawn(argv, NULL, gate);
            p[1] = th_spawn(argv, NULL, gate);
        }
        /* Both children wait on the gate: closing it starts them at the same moment. */
        close(gate[0]);
        close(gate[1]);
        for (int i = 0; i < 2; i++) {
            if (!th_proc_wait(p[i], MIGRATE_TIMEOUT_MS))
                th_fail("round %d: migrate %d did not end: %s", round, i, p[i]->err);
            th_assert_no_sanitizer_report(p[i]);
        }
        for (int i = 0; i < 2; i++)
            if (p[i]->exit_code != 0)
                th_fail("round %d: of two concurrent migrates, one exited %d: %s\n(the other: %s)",
                        round, p[i]->exit_code, p[i]->err, p[1 - i]->err);
        assert_rows_match_files(db.url, files, n);
        both = th_format("%s%s", p[0]->err, p[1]->err);
        for (size_t k = 0; k < n; k++) {
            char *line = applied_line(&files[k]);

            if (count_occurrences(both, line) != 1)
                th_fail("round %d: \"%s\" should be reported by exactly one of the two:\n%s\n---\n%s",
                        round, line, p[0]->err, p[1]->err);
            free(line);
        }
        free(both);
        th_proc_free(p[0]);
        th_proc_free(p[1]);
        th_scratch_drop(&db);
    }
}

/* ---- fixture --------------------------------------------------------------------------- */

/* Unchecked teardown (runner process, after the tests): drop whatever scratch database a
 * failed test left. */
static void drop_leftovers(void)
{
    th_drop_leftover_databases(SCRATCH_PREFIX, "migrations teardown");
}

Suite *migrations_suite(void)
{
    Suite *s = suite_create("migrations");
    TCase *tc = tcase_create("migrate");

    tcase_set_timeout(tc, 120);
    tcase_add_unchecked_fixture(tc, th_remember_runner, drop_leftovers);
    tcase_add_test(tc, test_migrate_on_empty_database_applies_every_migration_with_its_checksum);
    tcase_add_test(tc, test_second_migrate_is_a_no_op_that_says_0_applied);
    tcase_add_test(tc, test_migrate_refuses_applied_migration_whose_checksum_differs);
    tcase_add_test(tc, test_migrate_refuses_database_with_unknown_migration_version);
    tcase_add_test(tc, test_migrate_refuses_unknown_version_before_applying_anything);
    tcase_add_test(tc, test_two_migrates_started_together_both_succeed_and_apply_each_migration_once);
    suite_add_tcase(s, tc);
    return s;
}
