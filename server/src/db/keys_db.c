#include "keys_db.h"

#include <stdio.h>
#include <string.h>

const db_stmt keys_db_statements[] = {
    {"keys_lookup",
     "SELECT id::text, role, coalesce(unit_id::text, ''), coalesce(nip, '') FROM api_keys "
     "WHERE key_hash = decode($1::text, 'hex') AND revoked_at IS NULL",
     1, 1},
    {NULL, NULL, 0, 0},
};

zi_result keys_db_lookup(db_conn *c, const char *hash_hex, zi_principal *who)
{
    const char *params[] = {hash_hex};
    PGresult *res;
    zi_result rc = db_exec(c, &keys_db_statements[0], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    snprintf(who->key_id, sizeof who->key_id, "%s", PQgetvalue(res, 0, 0));
    who->role = principal_role_from_name(PQgetvalue(res, 0, 1));
    snprintf(who->unit_id, sizeof who->unit_id, "%s", PQgetvalue(res, 0, 2));
    snprintf(who->nip, sizeof who->nip, "%s", PQgetvalue(res, 0, 3));
    PQclear(res);
    return who->role ? ZI_OK : ZI_E_INTERNAL;
}

int keys_db_insert(PGconn *pg, const char *hash_hex, const char *prefix, const char *role, const char *name,
                   const char *unit_code, const char *nip, char *err, size_t errcap)
{
    const char *params[] = {hash_hex, prefix, role, name, unit_code[0] ? unit_code : NULL, nip[0] ? nip : NULL};
    PGresult *res = PQexecParams(pg,
                                 "INSERT INTO api_keys (key_hash, prefix, role, name, unit_id, nip) "
                                 "SELECT decode($1::text, 'hex'), $2, $3, $4, u.id, $6 "
                                 "FROM (SELECT NULL) AS one "
                                 "LEFT JOIN units u ON lower(u.code) = lower($5::text) "
                                 "WHERE $5::text IS NULL OR u.id IS NOT NULL RETURNING id",
                                 6, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (ok && PQntuples(res) != 1) {
        snprintf(err, errcap, "no unit has the code \"%s\"", unit_code);
        ok = 0;
    } else if (!ok) {
        snprintf(err, errcap, "%s", PQresultErrorMessage(res));
        err[strcspn(err, "\n")] = '\0';
    }
    PQclear(res);
    return ok ? 0 : -1;
}
