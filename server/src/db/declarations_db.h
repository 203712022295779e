#ifndef ZI_DECLARATIONS_DB_H
#define ZI_DECLARATIONS_DB_H
/* ZI declarations (pencanangan) in PostgreSQL. Writes run inside the caller's transaction. */
#include "../domain/errors.h"
#include "pool.h"
#include "sql_common.h"

/* The JSON representation, as an SQL expression over the table aliased as in the FROM of the
 * statements that use it. */
#define DECLARATIONS_DB_JSON                                                                                   \
    "json_build_object('id', d.id, 'scope', CASE WHEN d.unit_id IS NULL THEN 'city' ELSE 'unit' END, "    \
    "'unit_id', d.unit_id, 'year', d.year, 'declared_on', to_char(d.declared_on, 'YYYY-MM-DD'), "         \
    "'place', d.place, 'signer_name', d.signer_name, 'signer_position', d.signer_position, "              \
    "'witnesses', d.witnesses, 'document_ref', d.document_ref, 'note', d.note, "                          \
    "'created_at', " TS("d.created_at") ", 'updated_at', " TS("d.updated_at") ", 'version', d.version)::text"

extern const db_stmt declarations_db_statements[];
extern const zi_sort declarations_db_sorts[];
/* Scope resolver (a row of the table): $1 = a declaration's id → its unit (NULL: city-wide). */
enum { DECLARATIONS_DB_RESOLVE = 0 };

typedef struct {
    const char *year, *unit_id, *scope; /* NULL = no filter; scope "city" | "unit" */
    const char *after_value, *after_id;
    long limit;
} declaration_filter;

zi_result declarations_db_get(db_conn *c, const char *id, char **json, long *version);
zi_result declarations_db_list(db_conn *c, const zi_sort *sort, const declaration_filter *f, db_page *page);
/* The validated body (JSON text). A second one for the unit (or city) and year → /year
 * duplicate, ZI_E_CONFLICT. */
zi_result declarations_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version,
                                 char **id);
/* Locks the row for a change: its version and year. */
zi_result declarations_db_lock(db_conn *c, const char *id, long *version, long *year);
zi_result declarations_db_update(db_conn *c, const char *id, const char *body, char **json, long *version);

#endif
