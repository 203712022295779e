#ifndef ZI_KEYS_DB_H
#define ZI_KEYS_DB_H
/* API keys in PostgreSQL: only the SHA-256 of a key is stored. Functions taking a db_conn
 * run on a connection the caller checked out. */
#include <libpq-fe.h>
#include <stddef.h>

#include "../domain/errors.h"
#include "../domain/principal.h"
#include "pool.h"

extern const db_stmt keys_db_statements[];
/* The one order of GET /v1/api-keys. */
extern const zi_sort keys_db_sorts[];

/* Looks up an unrevoked key by the hex SHA-256 of its text (and notes, at most once a
 * minute, that it was used): ZI_OK and *who filled, ZI_E_NOT_FOUND, or ZI_E_UNAVAILABLE. */
zi_result keys_db_lookup(db_conn *c, const char *hash_hex, zi_principal *who);

/* Inserts a key on a standalone connection (create-key). unit_code and nip may be empty.
 * 0 on success; -1 with a message in err. */
int keys_db_insert(PGconn *pg, const char *hash_hex, const char *prefix, const char *role, const char *name,
                   const char *unit_code, const char *nip, char *err, size_t errcap);

/* Creates a key through the API, inside the caller's transaction. unit_id and nip may be
 * NULL; created_by is the admin's key id. *json (owned) is the key's representation without
 * the secret. /unit_id not_found|archived → ZI_E_UNPROCESSABLE (units_db_require_active: the
 * unit stays locked against archiving until the transaction ends). */
zi_result keys_db_create(db_conn *c, const char *hash_hex, const char *prefix, const char *role, const char *name,
                         const char *unit_id, const char *nip, const char *created_by, zi_errors *errs, char **json,
                         long *version, char **id);
zi_result keys_db_get(db_conn *c, const char *id, char **json, long *version);
/* One page after a keyset position, oldest first. role/unit_id NULL = any; active -1 = any. */
zi_result keys_db_list(db_conn *c, const char *role, const char *unit_id, int active, const char *after_value,
                       const char *after_id, long limit, db_page *page);
/* Revokes (idempotently); ZI_E_NOT_FOUND when there is no such key. */
zi_result keys_db_revoke(db_conn *c, const char *id, char **json, long *version);

#endif
