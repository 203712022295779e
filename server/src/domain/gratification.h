#ifndef ZI_GRATIFICATION_H
#define ZI_GRATIFICATION_H
/*
 * Gratification reports (UU 31/1999 jo. 20/2001 Art. 12B–12C, Peraturan KPK 2/2019 as amended
 * by 1/2026; DOMAIN §3): the workflow from draft to a closed report, who owns each step, the
 * deadlines that run in each state, and the advice on whether a gift must be refused or
 * reported. Numbers (days, limits) come from the rule set (data) the caller passes. Pure, no
 * I/O, thread-safe.
 */
#include <jansson.h>
#include <stddef.h>

#include "workdays.h"

/* NULL-terminated enumerations of the contract. */
extern const char *const grat_types[];
extern const char *const grat_relationships[];
extern const char *const grat_kinds[];
extern const char *const grat_occasions[];
extern const char *const grat_states[];
extern const char *const grat_outcomes[];

/* The numbers of a rule set (DOMAIN §3), in working days and rupiah. */
typedef struct {
    char code[32];
    int legal_days, staff_days, upg_days, lapse_days, kpk_decision_days, handover_days;
    long long high_value_idr;
} grat_rules;

/* The facts of a report the workflow and the deadlines depend on (dates YYYY-MM-DD or NULL). */
typedef struct {
    const char *type;     /* "refusal" | "receipt" */
    const char *state;
    int perishable;
    const char *outcome;  /* NULL until decided */
    const char *received_on, *reported_on, *returned_on, *forwarded_on, *kpk_letter_date;
} grat_facts;

/* 1 when the step from f->state to `to` exists for this report (type, perishable, outcome). */
int grat_step_exists(const grat_facts *f, const char *to);
/* The ROLE_* bits owning that step (the reporter acts as ROLE_EMPLOYEE); 0 when none. */
unsigned grat_step_roles(const char *from, const char *to);
/* The states reachable from f->state for this report, into out; returns the count. */
size_t grat_next(const grat_facts *f, const char **out, size_t cap);
/* 1 when the state ends the report (closed_on is set on entering it). */
int grat_closing(const char *to, const char *outcome);
/* 1 while a report in `state` may be edited (draft, incomplete). */
int grat_editable(const char *state);

/* Which body members a step requires and which it takes at all (bit per member below). */
enum {
    GRAT_M_NOTE = 1u << 0,
    GRAT_M_GOL = 1u << 1,
    GRAT_M_LETTER_NUMBER = 1u << 2,
    GRAT_M_LETTER_DATE = 1u << 3,
    GRAT_M_OUTCOME = 1u << 4,
};
void grat_step_members(const char *to, unsigned *required, unsigned *taken);

/* One running deadline. */
typedef struct {
    const char *kind;   /* "legal_report_to_kpk", … (static) */
    wd_day start, due;
    int days;
    int complete;       /* the calendar covered every year the count crossed */
} grat_deadline;

#define GRAT_MAX_DEADLINES 4
/* The deadlines running for f under rules r; returns the count (≤ GRAT_MAX_DEADLINES). */
size_t grat_deadlines(const grat_facts *f, const grat_rules *r, const wd_calendar *c,
                      grat_deadline out[GRAT_MAX_DEADLINES]);

/* One exception of a rule set (no report needed; DOMAIN §3). Lists are NULL-terminated;
 * NULL = any. Limits ≤ 0 = none. */
typedef struct {
    const char *code;
    const char *const *relationships;
    const char *const *occasions;
    int non_cash_only;
    long long max_per_gift_idr, max_per_giver_year_idr;
} grat_exception;

typedef struct {
    const char *kind, *relationship, *occasion;
    long long value_idr, given_this_year_idr;
    int job_related;
} grat_gift;

typedef enum { GRAT_MUST_REFUSE, GRAT_MUST_REPORT, GRAT_MAY_BE_EXEMPT } grat_advice_kind;

#define GRAT_MAX_REASONS 4
typedef struct {
    grat_advice_kind advice;
    const char *reasons[GRAT_MAX_REASONS]; /* static codes: job_related, giver_service_user,
                                              giver_vendor, exception_applies, exceeds_limit,
                                              no_exception */
    size_t nreasons;
    int exception;   /* index into the exceptions given, or -1 */
} grat_advice;

/* The advice for a gift under exceptions[0..n). Advice only: it never closes a report. */
void grat_assess(const grat_gift *g, const grat_exception *exceptions, size_t n, grat_advice *out);
const char *grat_advice_name(grat_advice_kind k);

/* Statistics for readers who may not see small groups (issue 11 §9: the public, and keys that
 * are not admin or UPG): every count in 1..min-1 of the document made by the summary (total,
 * by_state, by_type, value_by_kind, overdue, high_value) becomes null, and so does the total
 * value of a kind whose count does; where one cell of a group is hidden, the smallest other
 * non-zero one is hidden too (the cells add up to the total). Sets "suppressed_below": min.
 * Returns the number of counts removed. */
size_t grat_stats_suppress(json_t *stats, long min);

#endif
