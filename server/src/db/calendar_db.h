#ifndef ZI_CALENDAR_DB_H
#define ZI_CALENDAR_DB_H
/*
 * The working-day calendar in PostgreSQL: one row per year with its holidays and cuti
 * bersama (DOMAIN §5), and the load of a window of years into a domain calendar.
 */
#include "../domain/workdays.h"
#include "pool.h"

extern const db_stmt calendar_db_statements[];
extern const zi_sort calendar_db_sorts[];

zi_result calendar_db_get(db_conn *c, const char *year, char **json, long *version);
zi_result calendar_db_list(db_conn *c, const char *after_value, long limit, db_page *page);
/* Locks the year's row: ZI_E_NOT_FOUND when the year has none yet. */
zi_result calendar_db_lock(db_conn *c, const char *year, long *version);
/* Creates or replaces the year: complete "true"/"false", days a JSON array (sorted). */
zi_result calendar_db_put(db_conn *c, const char *year, int exists, const char *complete, const char *source,
                          const char *note, const char *days, char **json, long *version);
/* Loads the years [first_year, first_year + WD_MAX_YEARS) into cal: every listed day, and
 * which years are complete. */
zi_result calendar_db_load(db_conn *c, int first_year, wd_calendar *cal);

#endif
