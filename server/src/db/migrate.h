#ifndef ZI_MIGRATE_H
#define ZI_MIGRATE_H
/*
 * Schema migrations (DESIGN §4). The SQL files of sql/migrations/ are compiled into the
 * binary (build/gen/migrations.c), so a zi-server always carries the schema it expects.
 * Each is applied in one transaction and recorded with its SHA-256 in schema_migrations;
 * an applied migration whose text changed is refused; concurrent runs serialise on an
 * advisory lock.
 */
#include <libpq-fe.h>
#include <stddef.h>

#include "pool.h"

typedef struct {
    const char *version; /* "0001" */
    const char *name;    /* "units" */
    const char *sql;
} zi_migration;

extern const zi_migration zi_migrations[];
extern const size_t zi_migrations_count;
extern const db_stmt migrate_statements[];

/* Applies pending migrations; progress on stderr. 0 on success, -1 with a message on stderr. */
int migrate_run(PGconn *pg);
/* Readiness: ZI_OK when the database holds exactly the migrations of this binary;
 * ZI_E_CONFLICT with a short reason otherwise; ZI_E_UNAVAILABLE when unreachable. */
zi_result migrate_current(db_conn *c, char *reason, size_t cap);
/* Lowercase hex SHA-256 of a migration's text. */
int migrate_checksum(const char *sql, char out[65]);

#endif
