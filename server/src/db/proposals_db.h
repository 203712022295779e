#ifndef ZI_PROPOSALS_DB_H
#define ZI_PROPOSALS_DB_H
/*
 * WBK/WBBM proposals in PostgreSQL: programme years, LKE thresholds, proposals, their
 * transitions and score sheets, awards and revocations, the summary and the public unit
 * directory. Writes run inside the caller's transaction.
 */
#include "../domain/errors.h"
#include "pool.h"

extern const db_stmt proposals_db_statements[];
extern const zi_sort programme_years_db_sorts[], thresholds_db_sorts[], proposals_db_sorts[],
    transitions_db_sorts[], score_sheets_db_sorts[], directory_db_sorts[];
/* Scope resolver (a row of the table): $1 = a proposal's id → its unit. */
enum { PROPOSALS_DB_RESOLVE = 0 };

/* ---- programme years ---- */
zi_result programme_years_db_get(db_conn *c, const char *year, char **json, long *version);
zi_result programme_years_db_list(db_conn *c, const char *after_value, long limit, db_page *page);
/* Locks the year's row: ZI_E_NOT_FOUND when the year has none yet. */
zi_result programme_years_db_lock(db_conn *c, const char *year, long *version);
/* Creates the year, or applies the body's members to it (JSON text). */
zi_result programme_years_db_put(db_conn *c, const char *year, const char *body, int exists, char **json,
                                 long *version);

/* ---- LKE thresholds ---- */
zi_result thresholds_db_get(db_conn *c, const char *id, char **json, long *version);
zi_result thresholds_db_list(db_conn *c, const char *predicate, const char *after_value, const char *after_id,
                             long limit, db_page *page);
/* A second row for a predicate and date → /effective_from duplicate, ZI_E_CONFLICT. */
zi_result thresholds_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version,
                               char **id);
zi_result thresholds_db_lock(db_conn *c, const char *id, long *version, int *confirmed);
zi_result thresholds_db_update(db_conn *c, const char *id, const char *body, char **json, long *version);
/* The row that applies to a predicate in a year: its id and minima in hundredths, in the
 * order of lke_thresholds (total, enablers, area_min_pct (a percentage), ipak, ipak_survey,
 * performance, ipkp, ipkp_survey, ipak_performance). ZI_E_NOT_FOUND when none applies. */
zi_result thresholds_db_for(db_conn *c, const char *predicate, long year, char id[37], long minima[9]);

/* ---- proposals ---- */
typedef struct {
    char state[32], unit_id[37], target[8];
    long year, version;
} proposal_row;

/* What the eligibility rules read about a unit, a year and a target (domain/proposal.h), as
 * owned text (free with proposal_facts_db_free). ZI_E_NOT_FOUND for an unknown unit. */
typedef struct {
    char *designated_on, *predicate, *last_revoked_on, *window_opens, *window_closes, *bpk, *sakip, *rb;
    int other_open, archived;
} proposal_facts_db;
zi_result proposals_db_facts(db_conn *c, const char *unit_id, long year, const char *except_id,
                             proposal_facts_db *out);
void proposal_facts_db_free(proposal_facts_db *f);

zi_result proposals_db_get(db_conn *c, const char *id, char **json, long *version);
typedef struct {
    const char *year, *unit_id, *state, *target;
    const char *after_value, *after_id;
    long limit;
} proposal_filter;
zi_result proposals_db_list(db_conn *c, const proposal_filter *f, db_page *page);
/* A concurrent open proposal for the unit and year → ZI_E_CONFLICT. */
zi_result proposals_db_create(db_conn *c, const char *body, char **id);
zi_result proposals_db_lock(db_conn *c, const char *id, proposal_row *out);
/* ZI_OK when the proposal exists, ZI_E_NOT_FOUND otherwise (no lock). */
zi_result proposals_db_exists(db_conn *c, const char *id);
/* Moves the proposal and logs the step. decree_* only for an award (else NULL). */
zi_result proposals_db_move(db_conn *c, const char *id, const char *from, const char *to, const char *actor,
                            const char *occurred_on, const char *note, const char *decree_number,
                            const char *decree_date);
/* The award's effect on the unit: the active predicate superseded, a new active one. */
zi_result proposals_db_award(db_conn *c, const proposal_row *p, const char *id, const char *decree_number,
                             const char *decree_date);
zi_result proposals_db_transitions(db_conn *c, const char *id, const char *after_value, const char *after_id,
                                   long limit, db_page *page);

/* ---- score sheets ---- */
/* The newest sheet: ZI_E_NOT_FOUND when none. */
zi_result score_sheets_db_get(db_conn *c, const char *proposal_id, char **json, long *version);
/* The newest sheet's version, 0 when none (no representation built). */
zi_result score_sheets_db_version(db_conn *c, const char *proposal_id, long *version);
zi_result score_sheets_db_history(db_conn *c, const char *proposal_id, const char *after_value, long limit,
                                  db_page *page);
/* Stores version `version` of the sheet (inputs, computed, checks: JSON texts). */
zi_result score_sheets_db_put(db_conn *c, const char *proposal_id, long version, const char *inputs,
                              const char *computed, const char *checks, const char *threshold_id, int all_met,
                              const char *total, const char *scored_by, char **json);

/* ---- revocation, summary, directory ---- */
/* Revokes the unit's active predicate: ZI_E_NOT_FOUND when it has none. */
zi_result proposals_db_revoke(db_conn *c, const char *unit_id, const char *revoked_on, const char *reason,
                              char **json);
zi_result summary_db_get(db_conn *c, long year, char **json);
zi_result directory_db_list(db_conn *c, const char *after_value, const char *after_id, long limit, db_page *page);

#endif
