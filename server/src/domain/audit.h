#ifndef ZI_AUDIT_H
#define ZI_AUDIT_H
/*
 * The audit chain's arithmetic (issue 4): record i's hash is
 * SHA-256(hash of record i-1 || canonical text of record i), the first record chaining
 * from 32 zero bytes. The canonical text must equal what the SQL function
 * zi_audit_canonical (sql/migrations/0002_journal.sql) produces; the verifier rebuilds it
 * here from the stored columns. Pure, thread-safe.
 */
#include <stddef.h>

typedef struct {
    long long seq;
    const char *at;        /* RFC 3339 UTC with microseconds, as stored */
    const char *actor;     /* key id, or "-" */
    const char *action;
    const char *resource_type;
    const char *resource_id;
    int personal;
    const char *changes;   /* jsonb's text form */
} audit_fields;

/* Computes the record's hash from the previous one. 0 on success. */
int audit_hash(const unsigned char prev[32], const audit_fields *f, unsigned char out[32]);

typedef struct {
    int ok;
    long long checked;          /* records verified */
    long long first_broken_seq; /* 0 when ok */
} audit_verdict;

/* Incremental verifier: feed records in sequence order. */
typedef struct {
    unsigned char prev[32];
    long long next_seq;
    audit_verdict v;
} audit_verifier;

void audit_verifier_init(audit_verifier *av);
/* Checks one record (its stored prev_hash and hash); returns 0 to continue, 1 once broken. */
int audit_verifier_feed(audit_verifier *av, const audit_fields *f, const unsigned char stored_prev[32],
                        const unsigned char stored_hash[32]);
/* Final check against the journal head (last seq and hash); truncated tails are caught here. */
void audit_verifier_finish(audit_verifier *av, long long head_seq, const unsigned char head_hash[32]);

#endif
