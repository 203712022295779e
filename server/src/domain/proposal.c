#include "proposal.h"

#include <stdio.h>
#include <string.h>

#include "principal.h"

const char *const proposal_states[] = {
    "draft",           "tpi_review",         "tpi_rejected",    "submitted",        "selection_passed",
    "selection_passed_with_notes", "revision", "selection_failed", "appeal", "desk_evaluation",
    "field_evaluation", "awarded",           "not_awarded",     NULL,
};

#define OFFICER (ROLE_ADMIN | ROLE_UNIT_OFFICER)

/* Every step: to ← from, and who owns it (the unit prepares, the TPI scores and forwards, the
 * admin records what the national team decided). */
static const struct {
    const char *from, *to;
    unsigned roles;
} steps[] = {
    {"draft", "tpi_review", OFFICER},
    {"tpi_review", "tpi_rejected", ROLE_EVALUATOR},
    {"tpi_review", "submitted", ROLE_EVALUATOR},
    {"submitted", "selection_passed", ROLE_ADMIN},
    {"submitted", "selection_passed_with_notes", ROLE_ADMIN},
    {"submitted", "selection_failed", ROLE_ADMIN},
    {"selection_passed_with_notes", "revision", OFFICER},
    {"selection_failed", "appeal", ROLE_ADMIN},
    {"selection_passed", "desk_evaluation", ROLE_ADMIN},
    {"revision", "desk_evaluation", ROLE_ADMIN},
    {"appeal", "desk_evaluation", ROLE_ADMIN},
    {"appeal", "not_awarded", ROLE_ADMIN},
    {"desk_evaluation", "field_evaluation", ROLE_ADMIN},
    {"desk_evaluation", "not_awarded", ROLE_ADMIN},
    {"field_evaluation", "awarded", ROLE_ADMIN},
    {"field_evaluation", "not_awarded", ROLE_ADMIN},
};
#define NSTEPS (sizeof steps / sizeof steps[0])

int proposal_open(const char *state)
{
    return strcmp(state, "tpi_rejected") != 0 && strcmp(state, "awarded") != 0 && strcmp(state, "not_awarded") != 0;
}

unsigned proposal_step_roles(const char *from, const char *to)
{
    for (size_t i = 0; i < NSTEPS; i++) {
        if (strcmp(steps[i].from, from) == 0 && strcmp(steps[i].to, to) == 0)
            return steps[i].roles;
    }
    return 0;
}

size_t proposal_next(const char *from, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < NSTEPS && n + 1 < cap; i++) {
        if (strcmp(steps[i].from, from) == 0)
            out[n++] = steps[i].to;
    }
    if (cap)
        out[n] = NULL;
    return n;
}

int proposal_grade_rank(const char *grade)
{
    static const char *const grades[] = {"AA", "A", "BB", "B", "CC", "C", "D"};
    for (size_t i = 0; grade && i < sizeof grades / sizeof grades[0]; i++) {
        if (strcmp(grades[i], grade) == 0)
            return (int)i;
    }
    return -1;
}

/* The date `years` after ymd (YYYY-MM-DD), as text that compares with other dates (a
 * 29 February stays 29 February: it then compares after the 28th and before 1 March). */
static void years_after(const char *ymd, int years, char out[16])
{
    int y = 0;
    sscanf(ymd, "%4d", &y);
    snprintf(out, 16, "%04d%.6s", (y + years) % 10000, ymd + 4);
}

/* Is grade at least as good as minimum? */
static int at_least(const char *grade, const char *minimum)
{
    int g = proposal_grade_rank(grade);
    return g >= 0 && g <= proposal_grade_rank(minimum);
}

size_t proposal_refusals(const proposal_facts *f, const char *codes[8], const char **which_condition)
{
    size_t n = 0;
    int wbbm = strcmp(f->target, "wbbm") == 0;
    char limit[16];
    *which_condition = NULL;
    if (f->designated_on == NULL) {
        codes[n++] = "designation_missing";
    } else {
        years_after(f->designated_on, 1, limit);
        if (strcmp(limit, f->on) > 0)
            codes[n++] = "designation_too_recent";
    }
    const char *have = f->predicate ? f->predicate : "none";
    if (wbbm && strcmp(have, "wbk") != 0 && strcmp(have, "wbbm") != 0)
        codes[n++] = "wbk_required";
    if (strcmp(have, "wbbm") == 0 || (!wbbm && strcmp(have, "wbk") == 0))
        codes[n++] = "already_holds";
    if (f->last_revoked_on) {
        years_after(f->last_revoked_on, 2, limit);
        if (strcmp(limit, f->on) > 0)
            codes[n++] = "revoked_recently";
    }
    if (f->other_open)
        codes[n++] = "open_proposal_exists";
    if (f->check_window && (f->window_opens == NULL || f->window_closes == NULL ||
                            strcmp(f->on, f->window_opens) < 0 || strcmp(f->on, f->window_closes) > 0))
        codes[n++] = "outside_window";
    if (f->bpk_opinion == NULL || strcmp(f->bpk_opinion, "WTP") != 0)
        *which_condition = "bpk_opinion";
    else if (!at_least(f->sakip_grade, wbbm ? "BB" : "B"))
        *which_condition = "sakip_grade";
    else if (!at_least(f->rb_index_grade, wbbm ? "B" : "CC"))
        *which_condition = "rb_index_grade";
    if (*which_condition)
        codes[n++] = "city_conditions";
    return n;
}
