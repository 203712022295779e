#include "keys_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"
#include "units_db.h"

#define KEY_JSON                                                                                          \
    "json_build_object('id', k.id, 'prefix', k.prefix, 'role', k.role, 'name', k.name, 'unit_id', k.unit_id, " \
    "'nip', k.nip, 'active', k.revoked_at IS NULL, 'created_by', k.created_by, 'created_at', " TS("k.created_at") \
    ", 'updated_at', " TS("k.updated_at") ", 'last_used_at', " TS("k.last_used_at") ", 'revoked_at', "        \
    TS("k.revoked_at") ", 'version', k.version)::text"

enum { S_LOOKUP, S_CREATE, S_GET, S_LIST, S_REVOKE };

const db_stmt keys_db_statements[] = {
    /* last_used_at is bookkeeping: written at most once a minute per key, and ignored by
     * the journal, so authenticating stays a read in practice. */
    [S_LOOKUP] = {"keys_lookup",
                  "WITH k AS (SELECT id, role, unit_id, nip, last_used_at FROM api_keys "
                  "WHERE key_hash = decode($1::text, 'hex') AND revoked_at IS NULL), "
                  "touch AS (UPDATE api_keys SET last_used_at = now() WHERE id = (SELECT id FROM k) "
                  "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')) "
                  "SELECT id::text, role, coalesce(unit_id::text, ''), coalesce(nip, '') FROM k",
                  1, 1},
    [S_CREATE] = {"keys_create",
                  "INSERT INTO api_keys AS k (key_hash, prefix, role, name, unit_id, nip, created_by) "
                  "VALUES (decode($1, 'hex'), $2, $3, $4, $5::uuid, $6, $7::uuid) "
                  "RETURNING " KEY_JSON ", k.version, k.id::text",
                  7, 0},
    [S_GET] = {"keys_get", "SELECT " KEY_JSON ", k.version FROM api_keys k WHERE k.id = $1::uuid", 1, 1},
    [S_LIST] = {"keys_list",
                "SELECT " KEY_JSON " AS json, " MICROS("k.created_at") " AS sort_key, k.id::text AS id FROM api_keys k "
                "WHERE ($1::text IS NULL OR k.role = $1) AND ($2::uuid IS NULL OR k.unit_id = $2) "
                "AND ($3::boolean IS NULL OR (k.revoked_at IS NULL) = $3) "
                "AND ($5::uuid IS NULL OR (k.created_at, k.id) > (" FROM_MICROS("$4") ", $5::uuid)) "
                "ORDER BY k.created_at, k.id LIMIT $6::int",
                6, 1},
    [S_REVOKE] = {"keys_revoke",
                  "UPDATE api_keys AS k SET revoked_at = coalesce(k.revoked_at, now()) WHERE k.id = $1::uuid "
                  "RETURNING " KEY_JSON ", k.version",
                  1, 0},
    {NULL, NULL, 0, 0},
};

zi_result keys_db_lookup(db_conn *c, const char *hash_hex, zi_principal *who)
{
    const char *params[] = {hash_hex};
    PGresult *res;
    zi_result rc = db_exec(c, &keys_db_statements[S_LOOKUP], params, &res, NULL);
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

zi_result keys_db_create(db_conn *c, const char *hash_hex, const char *prefix, const char *role, const char *name,
                         const char *unit_id, const char *nip, const char *created_by, zi_errors *errs, char **json,
                         long *version, char **id)
{
    *json = NULL;
    *id = NULL;
    zi_result rc = unit_id ? units_db_require_active(c, unit_id, "/unit_id", errs) : ZI_OK;
    if (rc != ZI_OK)
        return rc;
    const char *params[] = {hash_hex, prefix, role, name, unit_id, nip, created_by};
    PGresult *res;
    rc = db_exec(c, &keys_db_statements[S_CREATE], params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    return db_take_created(res, json, version, id);
}

zi_result keys_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &keys_db_statements[S_GET], params, json, version);
}

const zi_sort keys_db_sorts[] = {
    {"created_at", &keys_db_statements[S_LIST], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result keys_db_list(db_conn *c, const char *role, const char *unit_id, int active, const char *after_value,
                       const char *after_id, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *act = active < 0 ? NULL : active ? "true" : "false";
    const char *params[] = {role, unit_id, act, after_value, after_id, lim};
    return db_exec_page(c, &keys_db_statements[S_LIST], params, limit, page);
}

zi_result keys_db_revoke(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, &keys_db_statements[S_REVOKE], params, json, version);
}
