#ifndef ZI_REPORTS_DB_H
#define ZI_REPORTS_DB_H
/*
 * Gratification reports in PostgreSQL (issue 11): the KPK rule sets, the reports with their
 * workflow log, the stored due date the queue sorts by, and the record of who saw a
 * reporter's identity. Writes run inside the caller's transaction.
 */
#include "../domain/errors.h"
#include "pool.h"

extern const db_stmt reports_db_statements[];
extern const zi_sort rule_sets_db_sorts[], reports_db_sorts[], report_steps_db_sorts[], report_accesses_db_sorts[];
/* Scope resolver (a row of the table): $1 = a report's id → its unit. */
enum { REPORTS_DB_RESOLVE = 0 };

/* ---- rule sets ---- */
zi_result rule_sets_db_get(db_conn *c, const char *id, char **json, long *version);
zi_result rule_sets_db_list(db_conn *c, const char *after_value, const char *after_id, long limit, db_page *page);
/* The rule set in force on a date (YYYY-MM-DD): its representation. ZI_E_NOT_FOUND when none. */
zi_result rule_sets_db_on(db_conn *c, const char *date, char **json);

/* ---- reports ---- */
/* A report's representation with its rule set's numbers inside `rule_set` (the handler
 * turns them into deadlines and trims them). */
zi_result reports_db_get(db_conn *c, const char *id, char **json, long *version);

typedef struct {
    const char *state, *type, *kind, *unit_id, *value_min, *value_max, *received_from, *received_to;
    const char *reporter_nip; /* an employee's own reports only */
    const char *overdue;      /* "true", "false" or NULL */
    const char *today;        /* YYYY-MM-DD */
    const char *due_by;       /* next_due ≤ this date, or NULL */
    const char *after_value, *after_id;
    long limit;
} report_filter;
zi_result reports_db_list(db_conn *c, const zi_sort *sort, const report_filter *f, db_page *page);

/* Inserts a report from the validated body (JSON text); *id owned. */
zi_result reports_db_create(db_conn *c, const char *body, const char *filed_by_key_id, char **id);
/* Applies the body's members to the report. */
zi_result reports_db_update(db_conn *c, const char *id, const char *body);

/* reports_db_get, with the report's row locked until the transaction ends. */
zi_result reports_db_lock(db_conn *c, const char *id, char **json, long *version);
/* The reporter's NIP ("" when none) of an existing report; ZI_E_NOT_FOUND when absent. */
zi_result reports_db_owner(db_conn *c, const char *id, char nip[19]);

typedef struct {
    const char *to, *occurred_on, *note, *gol_reference, *kpk_letter_number, *kpk_letter_date, *outcome;
    int closing, late;
} report_step;
/* Moves the report to step->to and logs the step with its actor. */
zi_result reports_db_move(db_conn *c, const char *id, const char *from, const report_step *step,
                          const char *actor_key_id);
zi_result reports_db_steps(db_conn *c, const char *id, const char *after_value, const char *after_id, long limit,
                           db_page *page);

/* Stores the earliest running due date (NULL: none) — bookkeeping, no new version. */
zi_result reports_db_set_due(db_conn *c, const char *id, const char *next_due);
/* Marks every open report's due date for recomputation (a calendar changed). */
zi_result reports_db_mark_stale(db_conn *c);
/* Up to `limit` reports whose due date must be recomputed, as a page of representations. */
zi_result reports_db_stale(db_conn *c, long limit, db_page *page);

/* Appends one access record for the reports ids[0..n) (way: read, list, csv). */
zi_result reports_db_access(db_conn *c, const char *way, const char *const *ids, size_t n, const char *key_id);
zi_result reports_db_accesses(db_conn *c, const char *id, const char *after_value, long limit, db_page *page);

/* ---- evidence files ---- */
extern const zi_sort evidence_db_sorts[], retention_db_sorts[];
/* Stores a file (sha256_hex: 64 lowercase hex digits); *json (metadata) and *id owned. */
zi_result evidence_db_add(db_conn *c, const char *report_id, const char *filename, const char *media_type,
                          size_t size, const char *sha256_hex, const unsigned char *data, const char *key_id,
                          char **json, char **id);
zi_result evidence_db_list(db_conn *c, const char *report_id, const char *after_value, const char *after_id,
                           long limit, db_page *page);
typedef struct {
    char media_type[32], sha256[65], filename[801];
    int erased;          /* the bytes were erased after the retention period */
    unsigned char *data; /* owned (free()); NULL when erased */
    size_t len;
} evidence_file;
/* One file of one report; ZI_E_NOT_FOUND when either does not exist. */
zi_result evidence_db_get(db_conn *c, const char *report_id, const char *evidence_id, evidence_file *out);
/* Every file's metadata of a report as a JSON array (owned). */
zi_result evidence_db_all(db_conn *c, const char *report_id, char **json);

/* ---- statistics and retention ---- */
/* One year's counts (issue 11 §9), of one unit or (unit_id NULL) the city; owned JSON. */
zi_result reports_db_stats(db_conn *c, long year, const char *unit_id, const char *today, char **json);
zi_result retention_db_list(db_conn *c, const char *after_value, long limit, db_page *page);
zi_result retention_db_get(db_conn *c, const char *kind, char **json, long *version);
zi_result retention_db_lock(db_conn *c, const char *kind, long *version);
zi_result retention_db_set(db_conn *c, const char *kind, const char *body, char **json, long *version);
/* Erases what the retention policies say is due as of today; counts what it erased. */
zi_result retention_db_run(db_conn *c, const char *today, long *identities, long *files);

#endif
