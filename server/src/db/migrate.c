#include "migrate.h"

#include "../domain/digest.h"

#include <stdio.h>
#include <string.h>

/* Any constant works as long as every zi-server uses the same one. */
#define MIGRATE_LOCK_KEY "7236110001"

const db_stmt migrate_statements[] = {
    {"migrations_applied", "SELECT version, checksum FROM schema_migrations ORDER BY version", 0, 1},
    {NULL, NULL, 0, 0},
};

int migrate_checksum(const char *sql, char out[65])
{
    return sha256_hex(sql, strlen(sql), out);
}

static int exec_ok(PGconn *pg, const char *sql, const char *what)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "zi-server migrate: %s failed: %s", what, PQerrorMessage(pg));
    PQclear(res);
    return ok ? 0 : -1;
}

static int apply_one(PGconn *pg, const zi_migration *m, const char *sum)
{
    if (exec_ok(pg, "BEGIN", "BEGIN") != 0)
        return -1;
    PGresult *res = PQexec(pg, m->sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "zi-server migrate: %s_%s.sql failed: %s", m->version, m->name, PQerrorMessage(pg));
        PQclear(res);
        exec_ok(pg, "ROLLBACK", "ROLLBACK");
        return -1;
    }
    PQclear(res);
    const char *params[] = {m->version, m->name, sum};
    res = PQexecParams(pg, "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", 3, NULL,
                       params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "zi-server migrate: recording %s failed: %s", m->version, PQerrorMessage(pg));
    PQclear(res);
    if (!ok) {
        exec_ok(pg, "ROLLBACK", "ROLLBACK");
        return -1;
    }
    if (exec_ok(pg, "COMMIT", "COMMIT") != 0)
        return -1;
    fprintf(stderr, "zi-server migrate: applied %s_%s.sql\n", m->version, m->name);
    return 0;
}

static int migrate_locked(PGconn *pg)
{
    if (exec_ok(pg, "SET client_min_messages = warning", "quieting notices") != 0)
        return -1;
    if (exec_ok(pg,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, name text NOT NULL, "
                "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                "creating schema_migrations") != 0)
        return -1;
    PGresult *res = PQexec(pg, "SELECT version, checksum FROM schema_migrations ORDER BY version");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "zi-server migrate: reading schema_migrations failed: %s", PQerrorMessage(pg));
        PQclear(res);
        return -1;
    }
    int rows = PQntuples(res), rc = 0, applied = 0;
    for (int i = 0; i < rows && rc == 0; i++) {
        const char *v = PQgetvalue(res, i, 0);
        int known = 0;
        for (size_t k = 0; k < zi_migrations_count; k++)
            known |= strcmp(zi_migrations[k].version, v) == 0;
        if (!known) {
            fprintf(stderr,
                    "zi-server migrate: the database has migration %s, which this zi-server does not know "
                    "(is it older than the one that migrated the database?)\n",
                    v);
            rc = -1;
        }
    }
    for (size_t k = 0; k < zi_migrations_count && rc == 0; k++) {
        const zi_migration *m = &zi_migrations[k];
        char sum[65];
        if (migrate_checksum(m->sql, sum) != 0) {
            rc = -1;
            break;
        }
        int found = -1;
        for (int i = 0; i < rows; i++) {
            if (strcmp(PQgetvalue(res, i, 0), m->version) == 0)
                found = i;
        }
        if (found >= 0) {
            if (strcmp(PQgetvalue(res, found, 1), sum) != 0) {
                fprintf(stderr,
                        "zi-server migrate: migration %s_%s.sql was edited after it was applied "
                        "(recorded checksum %.12s…, file %.12s…); never edit an applied migration, "
                        "add a new one instead\n",
                        m->version, m->name, PQgetvalue(res, found, 1), sum);
                rc = -1;
            }
            continue;
        }
        rc = apply_one(pg, m, sum);
        applied += rc == 0;
    }
    PQclear(res);
    if (rc == 0)
        fprintf(stderr, "zi-server migrate: %d applied, %zu total, schema is current\n", applied, zi_migrations_count);
    return rc;
}

int migrate_run(PGconn *pg)
{
    /* Session-level lock: a second migrate waits here, then finds nothing to do. */
    if (exec_ok(pg, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "taking the migration lock") != 0)
        return -1;
    int rc = migrate_locked(pg);
    exec_ok(pg, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", "releasing the migration lock");
    return rc;
}

zi_result migrate_current(db_conn *c, char *reason, size_t cap)
{
    PGresult *res;
    char state[6];
    zi_result rc = db_exec(c, &migrate_statements[0], NULL, &res, state);
    if (rc == ZI_E_INTERNAL) {
        snprintf(reason, cap, "migrations not applied");
        return ZI_E_CONFLICT;
    }
    if (rc != ZI_OK)
        return rc;
    rc = ZI_OK;
    if ((size_t)PQntuples(res) != zi_migrations_count) {
        snprintf(reason, cap, "database has %d migrations, this zi-server expects %zu", PQntuples(res),
                 zi_migrations_count);
        rc = ZI_E_CONFLICT;
    }
    for (size_t k = 0; rc == ZI_OK && k < zi_migrations_count; k++) {
        char sum[65];
        if (migrate_checksum(zi_migrations[k].sql, sum) != 0 ||
            strcmp(PQgetvalue(res, (int)k, 0), zi_migrations[k].version) != 0 ||
            strcmp(PQgetvalue(res, (int)k, 1), sum) != 0) {
            snprintf(reason, cap, "migration %s differs", zi_migrations[k].version);
            rc = ZI_E_CONFLICT;
        }
    }
    PQclear(res);
    return rc;
}
