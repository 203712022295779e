#ifndef ZI_PROPOSAL_H
#define ZI_PROPOSAL_H
/*
 * WBK/WBBM proposals (PermenPAN-RB 90/2021, DOMAIN §4): the workflow from draft to award, who
 * owns each step, and the rules that make a unit eligible. Pure (no I/O), thread-safe: the
 * facts (dates, grades, predicates) come from the caller.
 */
#include <stddef.h>

/* The states, in workflow order; NULL-terminated. */
extern const char *const proposal_states[];

/* 1 when a proposal in `state` is still open (may move on). */
int proposal_open(const char *state);
/* The ROLE_* bits that may move a proposal from `from` to `to`; 0 when that is no step of
 * the workflow. */
unsigned proposal_step_roles(const char *from, const char *to);
/* The states reachable from `from`, NULL-terminated, into out (cap entries). Returns the count. */
size_t proposal_next(const char *from, const char **out, size_t cap);

/* Grades of SAKIP and the RB index, best first: AA > A > BB > B > CC > C > D. -1 for an unknown
 * grade; lower is better. */
int proposal_grade_rank(const char *grade);

/* What the eligibility rules need to know, all dates YYYY-MM-DD (NULL: unknown / none). */
typedef struct {
    const char *target;          /* "wbk" | "wbbm" */
    const char *on;              /* the date the rules are checked at */
    const char *designated_on;   /* the unit's designation */
    const char *predicate;       /* the unit's predicate now: "none" | "wbk" | "wbbm" */
    const char *last_revoked_on; /* the latest revocation of a predicate of the unit */
    int other_open;              /* another open proposal for the unit and year exists */
    int check_window;            /* 1: `on` must lie within the year's submission window */
    const char *window_opens, *window_closes;
    const char *bpk_opinion, *sakip_grade, *rb_index_grade; /* the year's city conditions */
} proposal_facts;

/* The rule codes that refuse (see the contract: designation_missing, designation_too_recent,
 * wbk_required, already_holds, revoked_recently, open_proposal_exists, outside_window,
 * city_conditions), in that order, into codes (static strings); returns the count. When
 * city_conditions refuses, which_condition names the first failing one ("bpk_opinion",
 * "sakip_grade" or "rb_index_grade"). */
size_t proposal_refusals(const proposal_facts *f, const char *codes[8], const char **which_condition);

#endif
