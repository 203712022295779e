#include "idempotency_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDEM_TTL "interval '24 hours'"

enum { S_CLAIM, S_FETCH, S_TAKEOVER, S_STORE, S_PURGE };

const db_stmt idempotency_db_statements[] = {
    /* A concurrent uncommitted claim of the same key makes this wait for its outcome. */
    [S_CLAIM] = {"idem_claim",
                 "INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1::uuid, $2, decode($3, 'hex')) "
                 "ON CONFLICT (scope, key) DO NOTHING RETURNING 1",
                 3, 0},
    [S_FETCH] = {"idem_fetch",
                 "SELECT request_hash = decode($3, 'hex'), status, location, etag, body, "
                 "created_at < now() - " IDEM_TTL " FROM idempotency_keys WHERE scope = $1::uuid AND key = $2 "
                 "FOR UPDATE",
                 3, 0},
    [S_TAKEOVER] = {"idem_takeover",
                    "UPDATE idempotency_keys SET request_hash = decode($3, 'hex'), status = NULL, location = NULL, "
                    "etag = NULL, body = NULL, created_at = now() WHERE scope = $1::uuid AND key = $2",
                    3, 0},
    [S_STORE] = {"idem_store",
                 "UPDATE idempotency_keys SET status = $3::int, location = $4, etag = $5, body = $6 "
                 "WHERE scope = $1::uuid AND key = $2",
                 6, 0},
    [S_PURGE] = {"idem_purge", "DELETE FROM idempotency_keys WHERE created_at < now() - " IDEM_TTL, 0, 0},
    {NULL, NULL, 0, 0},
};

static char *dup_or_null(PGresult *res, int col)
{
    return PQgetisnull(res, 0, col) ? NULL : strdup(PQgetvalue(res, 0, col));
}

zi_result idem_claim(db_conn *c, const char *scope, const char *key, const char *hash_hex, idem_record *out)
{
    memset(out, 0, sizeof *out);
    const char *params[] = {scope, key, hash_hex};
    for (int attempt = 0; attempt < 2; attempt++) {
        PGresult *res;
        zi_result rc = db_exec(c, &idempotency_db_statements[S_CLAIM], params, &res, NULL);
        if (rc != ZI_OK)
            return rc;
        out->claimed = PQntuples(res) == 1;
        PQclear(res);
        if (out->claimed)
            return ZI_OK;
        rc = db_exec(c, &idempotency_db_statements[S_FETCH], params, &res, NULL);
        if (rc != ZI_OK)
            return rc;
        if (PQntuples(res) == 0) {
            PQclear(res); /* purged in between: claim again */
            continue;
        }
        int expired = strcmp(PQgetvalue(res, 0, 5), "t") == 0;
        if (expired) {
            PQclear(res);
            rc = db_exec(c, &idempotency_db_statements[S_TAKEOVER], params, &res, NULL);
            PQclear(res);
            out->claimed = rc == ZI_OK;
            return rc;
        }
        out->same_request = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        out->status = PQgetisnull(res, 0, 1) ? 0 : (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
        out->location = dup_or_null(res, 2);
        out->etag = dup_or_null(res, 3);
        out->body = dup_or_null(res, 4);
        PQclear(res);
        return ZI_OK;
    }
    return ZI_E_UNAVAILABLE;
}

zi_result idem_store(db_conn *c, const char *scope, const char *key, int status, const char *location,
                     const char *etag, const char *body)
{
    char st[16];
    snprintf(st, sizeof st, "%d", status);
    const char *params[] = {scope, key, st, location, etag, body};
    PGresult *res;
    zi_result rc = db_exec(c, &idempotency_db_statements[S_STORE], params, &res, NULL);
    PQclear(res);
    return rc;
}

zi_result idem_purge(db_conn *c)
{
    PGresult *res;
    zi_result rc = db_exec(c, &idempotency_db_statements[S_PURGE], NULL, &res, NULL);
    PQclear(res);
    return rc;
}

void idem_record_free(idem_record *r)
{
    free(r->location);
    free(r->etag);
    free(r->body);
    memset(r, 0, sizeof *r);
}
