#include "gratification.h"

#include <string.h>

#include "principal.h"

const char *const grat_types[] = {"refusal", "receipt", NULL};
const char *const grat_relationships[] = {"family", "colleague", "service_user", "vendor", "other_official", "other",
                                          NULL};
const char *const grat_kinds[] = {"money", "goods", "service", "facility", "discount", "loan",
                                  "ticket", "lodging", "food", "other", NULL};
const char *const grat_occasions[] = {"wedding",    "birth",       "religious", "farewell",       "birthday",
                                      "seminar",    "promotion",   "public_prize", "honorarium",  "flowers",
                                      "shared_food", "to_institution", "service", "other",         NULL};
const char *const grat_states[] = {"draft",    "submitted", "verifying", "incomplete",  "lapsed",           "forwarded",
                                   "recorded", "decided",   "handed_over", "social_aid", "returned_to_giver", NULL};
const char *const grat_outcomes[] = {"state_property", "state_property_compensated", "recipient_property",
                                     "not_followed_up", NULL};

#define UPG_STEP (ROLE_ADMIN | ROLE_UPG)
#define REPORTER_STEP (ROLE_ADMIN | ROLE_UPG | ROLE_EMPLOYEE)

/* What a step needs beyond its place in the graph. */
enum { NEEDS_NOTHING, NEEDS_RECEIPT, NEEDS_REFUSAL, NEEDS_PERISHABLE_RECEIPT, NEEDS_STATE_PROPERTY };

static const struct step {
    const char *from, *to;
    unsigned roles;
    int needs;
    unsigned required, taken; /* GRAT_M_* */
} steps[] = {
    {"draft", "submitted", REPORTER_STEP, NEEDS_NOTHING, 0, GRAT_M_NOTE},
    {"submitted", "verifying", UPG_STEP, NEEDS_NOTHING, 0, GRAT_M_NOTE},
    {"incomplete", "verifying", REPORTER_STEP, NEEDS_NOTHING, 0, GRAT_M_NOTE},
    {"verifying", "incomplete", UPG_STEP, NEEDS_NOTHING, GRAT_M_NOTE, GRAT_M_NOTE},
    {"incomplete", "lapsed", UPG_STEP, NEEDS_NOTHING, 0, GRAT_M_NOTE},
    {"verifying", "forwarded", UPG_STEP, NEEDS_RECEIPT, GRAT_M_GOL, GRAT_M_NOTE | GRAT_M_GOL},
    {"verifying", "recorded", UPG_STEP, NEEDS_REFUSAL, 0, GRAT_M_NOTE},
    {"forwarded", "decided", UPG_STEP, NEEDS_NOTHING, GRAT_M_LETTER_NUMBER | GRAT_M_LETTER_DATE | GRAT_M_OUTCOME,
     GRAT_M_NOTE | GRAT_M_LETTER_NUMBER | GRAT_M_LETTER_DATE | GRAT_M_OUTCOME},
    {"decided", "handed_over", UPG_STEP, NEEDS_STATE_PROPERTY, 0, GRAT_M_NOTE},
    {"verifying", "social_aid", UPG_STEP, NEEDS_PERISHABLE_RECEIPT, GRAT_M_NOTE, GRAT_M_NOTE},
    {"forwarded", "social_aid", UPG_STEP, NEEDS_PERISHABLE_RECEIPT, GRAT_M_NOTE, GRAT_M_NOTE},
    {"verifying", "returned_to_giver", UPG_STEP, NEEDS_RECEIPT, GRAT_M_NOTE, GRAT_M_NOTE},
    {"forwarded", "returned_to_giver", UPG_STEP, NEEDS_RECEIPT, GRAT_M_NOTE, GRAT_M_NOTE},
};
#define NSTEPS (sizeof steps / sizeof steps[0])

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int facts_allow(const grat_facts *f, int needs)
{
    int receipt = is(f->type, "receipt");
    switch (needs) {
    case NEEDS_RECEIPT:
        return receipt;
    case NEEDS_REFUSAL:
        return is(f->type, "refusal");
    case NEEDS_PERISHABLE_RECEIPT:
        return receipt && f->perishable;
    case NEEDS_STATE_PROPERTY:
        return is(f->outcome, "state_property");
    default:
        return 1;
    }
}

int grat_step_exists(const grat_facts *f, const char *to)
{
    for (size_t i = 0; i < NSTEPS; i++) {
        if (is(steps[i].from, f->state) && is(steps[i].to, to))
            return facts_allow(f, steps[i].needs);
    }
    return 0;
}

unsigned grat_step_roles(const char *from, const char *to)
{
    for (size_t i = 0; i < NSTEPS; i++) {
        if (is(steps[i].from, from) && is(steps[i].to, to))
            return steps[i].roles;
    }
    return 0;
}

size_t grat_next(const grat_facts *f, const char **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < NSTEPS && n < cap; i++) {
        if (is(steps[i].from, f->state) && facts_allow(f, steps[i].needs))
            out[n++] = steps[i].to;
    }
    return n;
}

int grat_closing(const char *to, const char *outcome)
{
    if (is(to, "decided"))
        return !is(outcome, "state_property");
    return is(to, "lapsed") || is(to, "recorded") || is(to, "handed_over") || is(to, "social_aid") ||
           is(to, "returned_to_giver");
}

int grat_editable(const char *state)
{
    return is(state, "draft") || is(state, "incomplete");
}

void grat_step_members(const char *to, unsigned *required, unsigned *taken)
{
    *required = 0;
    *taken = GRAT_M_NOTE;
    for (size_t i = 0; i < NSTEPS; i++) {
        if (is(steps[i].to, to)) {
            *required = steps[i].required;
            *taken = steps[i].taken;
            return;
        }
    }
}

/* Appends a deadline of `days` working days after `start` (skipped when the start is unknown). */
static void add_deadline(grat_deadline *out, size_t *n, const wd_calendar *c, const char *kind, const char *start,
                         int days)
{
    wd_day s;
    if (*n >= GRAT_MAX_DEADLINES || days <= 0 || wd_parse(start, &s) != 0)
        return;
    grat_deadline *d = &out[(*n)++];
    d->kind = kind;
    d->start = s;
    d->days = days;
    d->due = wd_add(c, s, days, &d->complete);
}

static int in_state(const char *state, const char *const *states)
{
    for (; *states; states++) {
        if (is(state, *states))
            return 1;
    }
    return 0;
}

size_t grat_deadlines(const grat_facts *f, const grat_rules *r, const wd_calendar *c,
                      grat_deadline out[GRAT_MAX_DEADLINES])
{
    static const char *const before_kpk[] = {"draft", "submitted", "verifying", "incomplete", NULL};
    static const char *const at_upg[] = {"submitted", "verifying", "incomplete", NULL};
    size_t n = 0;
    int receipt = is(f->type, "receipt");
    if (receipt && is(f->state, "draft"))
        add_deadline(out, &n, c, "staff_to_upg", f->received_on, r->staff_days);
    if (receipt && in_state(f->state, before_kpk))
        add_deadline(out, &n, c, "legal_report_to_kpk", f->received_on, r->legal_days);
    if (in_state(f->state, at_upg))
        add_deadline(out, &n, c, receipt ? "upg_to_kpk" : "upg_review", f->reported_on, r->upg_days);
    if (is(f->state, "incomplete"))
        add_deadline(out, &n, c, "incomplete_lapse", f->returned_on, r->lapse_days);
    if (receipt && is(f->state, "forwarded"))
        add_deadline(out, &n, c, "kpk_decision", f->forwarded_on, r->kpk_decision_days);
    if (receipt && is(f->state, "decided") && is(f->outcome, "state_property"))
        add_deadline(out, &n, c, "handover", f->kpk_letter_date, r->handover_days);
    return n;
}

static int listed(const char *const *list, const char *v)
{
    if (list == NULL)
        return 1;
    for (; *list; list++) {
        if (is(*list, v))
            return 1;
    }
    return 0;
}

static void reason(grat_advice *a, const char *code)
{
    if (a->nreasons < GRAT_MAX_REASONS)
        a->reasons[a->nreasons++] = code;
}

void grat_assess(const grat_gift *g, const grat_exception *ex, size_t n, grat_advice *a)
{
    memset(a, 0, sizeof *a);
    a->exception = -1;
    /* No exception ever covers a gift linked to the job (DOMAIN §3): a service user's or a
     * vendor's gift is linked by who gives it. */
    if (g->job_related)
        reason(a, "job_related");
    if (is(g->relationship, "service_user"))
        reason(a, "giver_service_user");
    if (is(g->relationship, "vendor"))
        reason(a, "giver_vendor");
    if (a->nreasons) {
        a->advice = GRAT_MUST_REFUSE;
        return;
    }
    int over = -1;
    for (size_t i = 0; i < n; i++) {
        const grat_exception *e = &ex[i];
        if (!listed(e->relationships, g->relationship) || !listed(e->occasions, g->occasion) ||
            (e->non_cash_only && is(g->kind, "money")))
            continue;
        int within = (e->max_per_gift_idr <= 0 || g->value_idr <= e->max_per_gift_idr) &&
                     (e->max_per_giver_year_idr <= 0 ||
                      g->given_this_year_idr + g->value_idr <= e->max_per_giver_year_idr);
        if (within) {
            a->advice = GRAT_MAY_BE_EXEMPT;
            a->exception = (int)i;
            reason(a, "exception_applies");
            return;
        }
        if (over < 0)
            over = (int)i;
    }
    a->advice = GRAT_MUST_REPORT;
    a->exception = over;
    reason(a, over >= 0 ? "exceeds_limit" : "no_exception");
}

const char *grat_advice_name(grat_advice_kind k)
{
    switch (k) {
    case GRAT_MUST_REFUSE:
        return "must_refuse";
    case GRAT_MAY_BE_EXEMPT:
        return "may_be_exempt";
    default:
        return "must_report";
    }
}

/* Nulls a count in 1..min-1 (a person could be picked out of so small a group). */
static int suppress_count(json_t *obj, const char *key, long min)
{
    json_int_t n = json_integer_value(json_object_get(obj, key));
    if (!json_is_integer(json_object_get(obj, key)) || n <= 0 || n >= min)
        return 0;
    json_object_set_new(obj, key, json_null());
    return 1;
}

/* The count of group member `key` (for value_by_kind, the member's own count). */
static json_t *cell_holder(json_t *group, const char *key, const char **count_key)
{
    json_t *v = json_object_get(group, key);
    if (json_is_object(v)) {
        *count_key = "count";
        return v;
    }
    *count_key = key;
    return group;
}

/* Primary suppression of a group's cells, then secondary: a group's cells add up to the total,
 * so one hidden cell could be worked out from the others — the smallest other non-zero cell is
 * hidden with it. */
static size_t suppress_group(json_t *group, long min)
{
    if (!json_is_object(group))
        return 0;
    size_t hidden = 0;
    const char *key;
    json_t *v;
    json_object_foreach(group, key, v) {
        const char *ck;
        json_t *holder = cell_holder(group, key, &ck);
        if (suppress_count(holder, ck, min)) {
            hidden++;
            if (holder != group)
                json_object_set_new(holder, "total_idr", json_null());
        }
    }
    if (hidden != 1)
        return hidden;
    json_t *smallest = NULL;
    const char *smallest_key = NULL;
    json_int_t least = 0;
    json_object_foreach(group, key, v) {
        const char *ck;
        json_t *holder = cell_holder(group, key, &ck);
        json_t *n = json_object_get(holder, ck);
        if (json_is_integer(n) && json_integer_value(n) > 0 && (smallest == NULL || json_integer_value(n) < least)) {
            smallest = holder;
            smallest_key = ck;
            least = json_integer_value(n);
        }
    }
    if (smallest) {
        json_object_set_new(smallest, smallest_key, json_null());
        if (smallest != group)
            json_object_set_new(smallest, "total_idr", json_null());
        hidden++;
    }
    return hidden;
}

size_t grat_stats_suppress(json_t *stats, long min)
{
    if (!json_is_object(stats))
        return 0;
    size_t n = (size_t)suppress_count(stats, "total", min) + (size_t)suppress_count(stats, "overdue", min) +
               (size_t)suppress_count(stats, "high_value", min);
    n += suppress_group(json_object_get(stats, "by_state"), min);
    n += suppress_group(json_object_get(stats, "by_type"), min);
    n += suppress_group(json_object_get(stats, "value_by_kind"), min);
    json_object_set_new(stats, "suppressed_below", json_integer(min));
    return n;
}
