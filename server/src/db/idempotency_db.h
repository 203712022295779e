#ifndef ZI_IDEMPOTENCY_DB_H
#define ZI_IDEMPOTENCY_DB_H
/* Stored responses of POSTs made with an Idempotency-Key (24 h). Run inside the
 * transaction that performs the request's effect. */
#include "pool.h"

extern const db_stmt idempotency_db_statements[];

typedef struct {
    int claimed;         /* 1: this request owns the key and must act */
    int same_request;    /* when not claimed: the stored request hash equals ours */
    int status;          /* when not claimed */
    char *location, *etag, *body; /* owned; NULL when absent */
} idem_record;

/* Claims (scope, key) for a request whose hash is hash_hex, waiting for a concurrent
 * holder of the same key to finish. An expired record is taken over. */
zi_result idem_claim(db_conn *c, const char *scope, const char *key, const char *hash_hex, idem_record *out);
/* Stores the response of the claimed key. */
zi_result idem_store(db_conn *c, const char *scope, const char *key, int status, const char *location,
                     const char *etag, const char *body);
/* Deletes records older than 24 h. */
zi_result idem_purge(db_conn *c);
void idem_record_free(idem_record *r);

#endif
