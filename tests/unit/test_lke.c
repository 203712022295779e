/* The LKE worksheet (domain/lke.c) and the proposal workflow and rules (domain/proposal.c). */
#include <check.h>
#include <jansson.h>
#include <string.h>

#include "domain/lke.h"
#include "domain/principal.h"
#include "domain/proposal.h"
#include "suites.h"

static const lke_thresholds wbk = {7500, 4000, 60, 1575, 360, 250, 1400, 320, 1825};
static const lke_thresholds wbbm = {8500, 4800, 75, 1575, 360, 375, 1575, 360, 1950};

/* Every area at `pct` of its weight, surveys and performance as given (hundredths). */
static lke_sheet sheet(long pct, long ipak, long ipkp, long performance)
{
    lke_sheet s;
    memset(&s, 0, sizeof s);
    for (int a = 0; a < LKE_AREAS; a++) {
        s.fulfilment[a] = lke_areas[a].weight * pct / 200;
        s.reform[a] = lke_areas[a].weight * pct / 200;
    }
    s.ipak_survey = ipak;
    s.ipkp_survey = ipkp;
    s.performance = performance;
    return s;
}

START_TEST(weights_sum_to_sixty_enabler_points)
{
    long sum = 0;
    for (int a = 0; a < LKE_AREAS; a++)
        sum += lke_areas[a].weight;
    ck_assert_int_eq(sum, 6000);
    ck_assert_int_eq(sum + LKE_IPAK_WEIGHT + LKE_IPKP_WEIGHT + LKE_PERFORMANCE_WEIGHT, 10000);
}
END_TEST

START_TEST(totals_add_areas_and_turn_surveys_into_points)
{
    lke_sheet s = sheet(80, 370, 340, 420);
    lke_totals t;
    lke_check c[LKE_MAX_CHECKS];
    size_t n;
    int all = lke_compute(&s, &wbk, &t, c, &n);
    ck_assert_int_eq(t.area[LKE_SUPERVISION], 1200); /* 80 % of 15 */
    ck_assert_int_eq(t.enablers, 4800);
    ck_assert_int_eq(t.ipak, 1619);                  /* 3.70 / 4 × 17.5 = 16.1875 → 16.19 */
    ck_assert_int_eq(t.ipkp, 1488);                  /* 3.40 / 4 × 17.5 = 14.875 → 14.88 */
    ck_assert_int_eq(t.results, 1619 + 420 + 1488);
    ck_assert_int_eq(t.total, 4800 + 3527);
    ck_assert_int_eq(n, 14);
    ck_assert_int_eq(all, 1);
}
END_TEST

START_TEST(every_threshold_is_checked_and_one_miss_fails_the_sheet)
{
    lke_totals t;
    lke_check c[LKE_MAX_CHECKS];
    size_t n;
    /* Surveys exactly at the WBK minimum pass; just below fail two checks each. */
    lke_sheet s = sheet(80, 360, 320, 250);
    ck_assert_int_eq(lke_compute(&s, &wbk, &t, c, &n), 1);
    s.ipkp_survey = 319;
    ck_assert_int_eq(lke_compute(&s, &wbk, &t, c, &n), 0);
    int failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !c[i].met;
    ck_assert_int_eq(failed, 2);
    /* One area below 60 % of its weight fails WBK even with a high total. */
    s = sheet(95, 400, 400, 500);
    s.fulfilment[LKE_BUSINESS_PROCESS] = 100;
    s.reform[LKE_BUSINESS_PROCESS] = 100;
    ck_assert_int_eq(lke_compute(&s, &wbk, &t, c, &n), 0);
    ck_assert_str_eq(c[3].rule, "area_min_pct.business_process");
    ck_assert_int_eq(c[3].required, 420);
    ck_assert_int_eq(c[3].met, 0);
    /* A sheet that passes WBK can fail WBBM. */
    s = sheet(78, 370, 350, 300);
    ck_assert_int_eq(lke_compute(&s, &wbk, &t, c, &n), 1);
    ck_assert_int_eq(lke_compute(&s, &wbbm, &t, c, &n), 0);
}
END_TEST

START_TEST(scores_take_at_most_two_decimals)
{
    long v;
    json_t *a = json_real(3.6), *b = json_integer(4), *c = json_real(3.605), *d = json_string("3");
    ck_assert_int_eq(lke_centi(a, &v), 0);
    ck_assert_int_eq(v, 360);
    ck_assert_int_eq(lke_centi(b, &v), 0);
    ck_assert_int_eq(v, 400);
    ck_assert_int_eq(lke_centi(c, &v), -1);
    ck_assert_int_eq(lke_centi(d, &v), -1);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    json_decref(d);
}
END_TEST

START_TEST(workflow_steps_belong_to_their_roles)
{
    ck_assert_uint_eq(proposal_step_roles("draft", "tpi_review"), ROLE_ADMIN | ROLE_UNIT_OFFICER);
    ck_assert_uint_eq(proposal_step_roles("tpi_review", "submitted"), ROLE_EVALUATOR);
    ck_assert_uint_eq(proposal_step_roles("field_evaluation", "awarded"), ROLE_ADMIN);
    ck_assert_uint_eq(proposal_step_roles("draft", "awarded"), 0);
    ck_assert_uint_eq(proposal_step_roles("awarded", "not_awarded"), 0);
    const char *next[8];
    ck_assert_uint_eq(proposal_next("submitted", next, 8), 3);
    ck_assert_str_eq(next[0], "selection_passed");
    ck_assert_ptr_null(next[3]);
    ck_assert_uint_eq(proposal_next("awarded", next, 8), 0);
    ck_assert_int_eq(proposal_open("tpi_review"), 1);
    ck_assert_int_eq(proposal_open("not_awarded"), 0);
    /* Every state is reachable from draft, and every state but the final ones leads on. */
    for (const char *const *s = proposal_states; *s; s++) {
        int reachable = strcmp(*s, "draft") == 0;
        for (const char *const *f = proposal_states; *f && !reachable; f++)
            reachable = proposal_step_roles(*f, *s) != 0;
        ck_assert_msg(reachable, "%s cannot be reached", *s);
        ck_assert_msg(proposal_open(*s) == (proposal_next(*s, next, 8) > 0), "%s", *s);
    }
}
END_TEST

static proposal_facts eligible(const char *target)
{
    proposal_facts f = {target, "2023-07-20", "2022-01-10", "none", NULL, 0, 1, "2023-01-01", "2023-12-31",
                        "WTP", "B", "CC"};
    if (strcmp(target, "wbbm") == 0) {
        f.predicate = "wbk";
        f.sakip_grade = "BB";
        f.rb_index_grade = "B";
    }
    return f;
}

START_TEST(eligible_units_pass_and_each_rule_refuses_alone)
{
    const char *codes[8], *which;
    proposal_facts f = eligible("wbk");
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 0);
    f = eligible("wbbm");
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 0);

    static const struct {
        const char *field, *value, *code;
    } cases[] = {
        {"designated_on", NULL, "designation_missing"},     {"designated_on", "2022-07-21", "designation_too_recent"},
        {"predicate", "wbk", "already_holds"},             {"last_revoked_on", "2021-07-21", "revoked_recently"},
        {"on", "2024-01-01", "outside_window"},            {"bpk_opinion", "WDP", "city_conditions"},
        {"sakip_grade", "CC", "city_conditions"},          {"rb_index_grade", "C", "city_conditions"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f = eligible("wbk");
        const char **slot = strcmp(cases[i].field, "designated_on") == 0     ? &f.designated_on
                            : strcmp(cases[i].field, "predicate") == 0       ? &f.predicate
                            : strcmp(cases[i].field, "last_revoked_on") == 0 ? &f.last_revoked_on
                            : strcmp(cases[i].field, "on") == 0              ? &f.on
                            : strcmp(cases[i].field, "bpk_opinion") == 0     ? &f.bpk_opinion
                            : strcmp(cases[i].field, "sakip_grade") == 0     ? &f.sakip_grade
                                                                            : &f.rb_index_grade;
        *slot = cases[i].value;
        /* outside_window and later: "on" moved out of the designation's and revocation's way */
        ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 1);
        ck_assert_str_eq(codes[0], cases[i].code);
    }
    /* The day a year after designation is eligible; the day before is not. */
    f = eligible("wbk");
    f.designated_on = "2022-07-20";
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 0);
    f.last_revoked_on = "2021-07-20";
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 0);
    /* WBBM needs an active WBK, and the stricter city grades. */
    f = eligible("wbbm");
    f.predicate = "none";
    f.sakip_grade = "B";
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 2);
    ck_assert_str_eq(codes[0], "wbk_required");
    ck_assert_str_eq(codes[1], "city_conditions");
    ck_assert_str_eq(which, "sakip_grade");
    f = eligible("wbk");
    f.other_open = 1;
    f.check_window = 0;
    f.window_opens = NULL;
    ck_assert_uint_eq(proposal_refusals(&f, codes, &which), 1);
    ck_assert_str_eq(codes[0], "open_proposal_exists");
}
END_TEST

Suite *lke_suite(void)
{
    Suite *s = suite_create("lke");
    TCase *tc = tcase_create("worksheet");
    tcase_add_test(tc, weights_sum_to_sixty_enabler_points);
    tcase_add_test(tc, totals_add_areas_and_turn_surveys_into_points);
    tcase_add_test(tc, every_threshold_is_checked_and_one_miss_fails_the_sheet);
    tcase_add_test(tc, scores_take_at_most_two_decimals);
    suite_add_tcase(s, tc);
    tc = tcase_create("proposal");
    tcase_add_test(tc, workflow_steps_belong_to_their_roles);
    tcase_add_test(tc, eligible_units_pass_and_each_rule_refuses_alone);
    suite_add_tcase(s, tc);
    return s;
}
