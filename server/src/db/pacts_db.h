#ifndef ZI_PACTS_DB_H
#define ZI_PACTS_DB_H
/* Integrity pact signatures and their coverage in PostgreSQL. Writes run inside the
 * caller's transaction. */
#include "../domain/errors.h"
#include "pool.h"

/* A unit's pact coverage in a year, as a JSON-valued SQL expression (NULL when the unit does
 * not exist): `unit` and `year` are SQL expressions. */
#define PACTS_DB_COVERAGE(unit, year)                                                                      \
    "(SELECT json_build_object('unit_id', u.id, 'year', " year ", 'signed', count(p.id), "                 \
    "'civil_servants', count(p.nip), 'non_civil_servants', count(p.id) - count(p.nip), "                  \
    "'staff_count', u.staff_count, 'staff_count_known', u.staff_count IS NOT NULL, "                      \
    "'unsigned', CASE WHEN u.staff_count IS NULL THEN NULL ELSE greatest(u.staff_count - count(p.id), 0) END, " \
    "'ratio', CASE WHEN coalesce(u.staff_count, 0) = 0 THEN NULL "                                         \
    "ELSE round(count(p.id)::numeric / u.staff_count, 4) END) "                                            \
    "FROM units u LEFT JOIN pact_signatures p ON p.unit_id = u.id AND p.year = " year " "                 \
    "WHERE u.id = " unit " GROUP BY u.id)"

/* The city's pact coverage in a year (active units), as a JSON-valued SQL expression. */
#define PACTS_DB_CITY_COVERAGE(year)                                                                       \
    "(WITH per AS (SELECT u.id, u.staff_count, count(p.id) AS signed FROM units u "                         \
    "LEFT JOIN pact_signatures p ON p.unit_id = u.id AND p.year = " year " "                                \
    "WHERE u.archived_at IS NULL GROUP BY u.id) "                                                           \
    "SELECT json_build_object('year', " year ", 'units', count(*), "                                       \
    "'units_with_signatures', count(*) FILTER (WHERE signed > 0), "                                         \
    "'units_with_staff_count', count(staff_count), 'signed', coalesce(sum(signed), 0), "                   \
    "'signed_in_units_with_staff_count', coalesce(sum(signed) FILTER (WHERE staff_count IS NOT NULL), 0), " \
    "'staff_count', coalesce(sum(staff_count), 0), "                                                        \
    "'ratio', CASE WHEN coalesce(sum(staff_count), 0) = 0 THEN NULL ELSE round("                            \
    "coalesce(sum(signed) FILTER (WHERE staff_count IS NOT NULL), 0)::numeric / sum(staff_count), 4) END) " \
    "FROM per)"

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
