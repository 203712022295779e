#ifndef ZI_KEYS_DB_H
#define ZI_KEYS_DB_H
/* API keys in PostgreSQL. Thread-safe through the pool's rules. */
#include <libpq-fe.h>
#include <stddef.h>

#include "../domain/principal.h"
#include "pool.h"

extern const db_stmt keys_db_statements[];

/* Looks up an unrevoked key by the hex SHA-256 of its text: ZI_OK and *who filled,
 * ZI_E_NOT_FOUND, or ZI_E_UNAVAILABLE / ZI_E_INTERNAL. */
zi_result keys_db_lookup(db_conn *c, const char *hash_hex, zi_principal *who);

/* Inserts a key on a standalone connection (create-key). unit_code and nip may be empty.
 * 0 on success; -1 with a message in err. */
int keys_db_insert(PGconn *pg, const char *hash_hex, const char *prefix, const char *role, const char *name,
                   const char *unit_code, const char *nip, char *err, size_t errcap);

#endif
