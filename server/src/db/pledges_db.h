#ifndef ZI_PLEDGES_DB_H
#define ZI_PLEDGES_DB_H
/* Service pledges (the city's 7S and the units' own) in PostgreSQL. Writes run inside the
 * caller's transaction. */
#include "../domain/errors.h"
#include "pool.h"
#include "sql_common.h"

/* The JSON representation, as an SQL expression over the table aliased as in the FROM of the
 * statements that use it. */
#define PLEDGES_DB_JSON                                                                                        \
    "json_build_object('id', s.id, 'scope', CASE WHEN s.unit_id IS NULL THEN 'city' ELSE 'unit' END, "    \
    "'unit_id', s.unit_id, 'name', s.name, 'principles', s.principles, "                                  \
    "'adopted_on', to_char(s.adopted_on, 'YYYY-MM-DD'), 'document_ref', s.document_ref, "                 \
    "'based_on_id', s.based_on_id, 'active', s.active, 'created_at', " TS("s.created_at")                 \
    ", 'updated_at', " TS("s.updated_at") ", 'version', s.version)::text"

extern const db_stmt pledges_db_statements[];
extern const zi_sort pledges_db_sorts[];
/* Scope resolver (a row of the table): $1 = a pledge's id → its unit (NULL: city-wide). */
enum { PLEDGES_DB_RESOLVE = 0 };

zi_result pledges_db_get(db_conn *c, const char *id, char **json, long *version);
/* unit_id NULL = the city-wide pledges; active -1 = any. */
zi_result pledges_db_list(db_conn *c, const char *unit_id, int active, const char *after_value, const char *after_id,
                          long limit, db_page *page);
/* The principles (JSON text, owned) of a city-wide pledge; ZI_E_NOT_FOUND when id names none. */
zi_result pledges_db_city_principles(db_conn *c, const char *id, char **principles);
/* Creates the active pledge of a unit (NULL: the city) from the validated body, whose
 * `principles` is filled; the one active before becomes inactive. */
zi_result pledges_db_create(db_conn *c, const char *unit_id, const char *body, char **json, long *version,
                            char **id);
zi_result pledges_db_lock(db_conn *c, const char *id, long *version);
zi_result pledges_db_deactivate(db_conn *c, const char *id, char **json, long *version);

#endif
