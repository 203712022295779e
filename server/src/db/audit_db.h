#ifndef ZI_AUDIT_DB_H
#define ZI_AUDIT_DB_H
/* The audit log and the change feed in PostgreSQL (written by triggers; read here). */
#include <libpq-fe.h>

#include "../domain/audit.h"
#include "pool.h"

extern const db_stmt audit_db_statements[];

typedef struct {
    const char *resource_type, *resource_id, *actor_key_id, *action; /* NULL = any */
    const char *after_seq;                                            /* keyset, NULL = start */
    long limit;
} audit_filter;

/* Rows of (json, seq). */
zi_result audit_db_list(db_conn *c, const audit_filter *f, PGresult **res);
/* The chain's head: *json owned ({"seq", "hash", "at"}). */
zi_result audit_db_head(db_conn *c, char **json);
/* Verifies the whole chain on a plain libpq connection (the API's or a standalone one),
 * in one consistent snapshot. 0 on success (the verdict says whether the chain holds),
 * -1 when the database could not be read (message in err). */
int audit_db_verify(PGconn *pg, audit_verdict *out, long long *head_seq, char head_hash_hex[65], char *err,
                    size_t errcap);
/* Rows of (json, seq) of the change feed after a sequence number. */
zi_result events_db_list(db_conn *c, const char *after, long limit, PGresult **res);
/* The sequence number of the newest event (0 when none). */
zi_result events_db_head(db_conn *c, long long *seq);

#endif
