#ifndef ZI_PACTS_DB_H
#define ZI_PACTS_DB_H
/* Integrity pact signatures and their coverage in PostgreSQL. Writes run inside the
 * caller's transaction. */
#include "../domain/errors.h"
#include "pool.h"

extern const db_stmt pacts_db_statements[];
extern const zi_sort pacts_db_sorts[];

zi_result pacts_db_get(db_conn *c, const char *unit_id, const char *id, char **json, long *version);
/* year NULL = any; civil_servant -1 = any. */
zi_result pacts_db_list(db_conn *c, const char *unit_id, const char *year, int civil_servant, const char *after_value,
                        const char *after_id, long limit, db_page *page);
/* One signature from the validated body (JSON text). A duplicate → /nip (or /name without
 * a NIP) duplicate, ZI_E_CONFLICT. */
zi_result pacts_db_sign(db_conn *c, const char *unit_id, const char *body, int has_nip, zi_errors *errs,
                        char **json, long *version, char **id);
/* Of rows (a JSON array of validated rows, each with "i": its 1-based place in the upload),
 * the places that repeat an earlier row of the upload or a stored signature. *res owned:
 * one column (i). */
zi_result pacts_db_duplicates(db_conn *c, const char *unit_id, const char *rows, PGresult **res);
/* Inserts rows (a JSON array) in order, one audit record each and ONE event
 * pact_signature.imported for the unit, with a statement timeout of 60 s for the rest of the
 * transaction. *ids_json (owned) is the JSON array of new ids in
 * row order. A concurrent duplicate → ZI_E_CONFLICT. */
zi_result pacts_db_import(db_conn *c, const char *unit_id, const char *rows, long *created, char **ids_json);
zi_result pacts_db_coverage(db_conn *c, const char *unit_id, long year, char **json);
zi_result pacts_db_city_coverage(db_conn *c, long year, char **json);

#endif
