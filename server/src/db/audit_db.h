#ifndef ZI_AUDIT_DB_H
#define ZI_AUDIT_DB_H
/* The audit log and the change feed in PostgreSQL (written by triggers; read here). */
#include <libpq-fe.h>

#include "../domain/audit.h"
#include "pool.h"

extern const db_stmt audit_db_statements[];
/* The one order of GET /v1/audit: by sequence number. */
extern const zi_sort audit_db_sorts[];

typedef struct {
    const char *resource_type, *resource_id, *actor_key_id, *action; /* NULL = any */
    const char *after_seq;                                            /* keyset, NULL = start */
    long limit;
} audit_filter;

/* One page of records in sequence order. */
zi_result audit_db_list(db_conn *c, const audit_filter *f, db_page *page);
/* The chain's head: *json owned ({"seq", "hash", "at"}). */
zi_result audit_db_head(db_conn *c, char **json);
/* Verifies the whole chain on a plain libpq connection (the API's or a standalone one).
 * The caller opens one REPEATABLE READ snapshot around it (the dispatcher for the route,
 * cmd_audit_verify for the command), so concurrent writers cannot make a sound chain look
 * broken. 0 on success (the verdict says whether the chain holds),
 * -1 when the database could not be read (message in err). */
int audit_db_verify(PGconn *pg, audit_verdict *out, long long *head_seq, char head_hash_hex[65], char *err,
                    size_t errcap);
/* Events after a sequence number (sort_key = seq); the feed has no end, so `more` means
 * nothing here. */
zi_result events_db_list(db_conn *c, const char *after, long limit, db_page *page);
/* The sequence number of the newest event (0 when none). */
zi_result events_db_head(db_conn *c, long long *seq);

#endif
