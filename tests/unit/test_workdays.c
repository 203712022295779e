/* Working days (domain/workdays.c) and the gratification workflow, deadlines and advice
 * (domain/gratification.c), against hand-checked dates of the 2025 and 2026 calendars. */
#include <check.h>
#include <string.h>

#include "domain/gratification.h"
#include "domain/principal.h"
#include "domain/workdays.h"
#include "suites.h"

/* DOMAIN §5, holidays and cuti bersama together. */
static const char *const off_2025[] = {"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-03-28",
                                       "2025-03-29", "2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03",
                                       "2025-04-04", "2025-04-07", "2025-04-18", "2025-04-20", "2025-05-01",
                                       "2025-05-12", "2025-05-13", "2025-05-29", "2025-05-30", "2025-06-01",
                                       "2025-06-06", "2025-06-09", "2025-06-27", "2025-08-17", "2025-08-18",
                                       "2025-09-05", "2025-12-25", "2025-12-26", NULL};
static const char *const off_2026[] = {"2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18",
                                       "2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22", "2026-03-23",
                                       "2026-03-24", "2026-04-03", "2026-04-05", "2026-05-01", "2026-05-14",
                                       "2026-05-15", "2026-05-27", "2026-05-28", "2026-05-31", "2026-06-01",
                                       "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-24", "2026-12-25", NULL};

static wd_day day(const char *ymd)
{
    wd_day d = 0;
    ck_assert_int_eq(wd_parse(ymd, &d), 0);
    return d;
}

static void calendar(wd_calendar *c, int with_2026)
{
    wd_init(c, 2024, 6);
    wd_mark_complete(c, 2025);
    for (const char *const *p = off_2025; *p; p++)
        ck_assert_int_eq(wd_add_off(c, day(*p)), 0);
    if (with_2026) {
        wd_mark_complete(c, 2026);
        for (const char *const *p = off_2026; *p; p++)
            ck_assert_int_eq(wd_add_off(c, day(*p)), 0);
    }
}

static void assert_add(const wd_calendar *c, const char *from, int n, const char *want, int want_complete)
{
    int complete = -1;
    char got[11];
    wd_format(wd_add(c, day(from), n, &complete), got);
    ck_assert_str_eq(got, want);
    ck_assert_int_eq(complete, want_complete);
}

START_TEST(dates_round_trip_and_weekdays_are_right)
{
    char out[11];
    const char *dates[] = {"1970-01-01", "2000-02-29", "2024-12-31", "2026-03-17", "1969-12-31", "2100-03-01"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        wd_format(day(dates[i]), out);
        ck_assert_str_eq(out, dates[i]);
    }
    ck_assert_int_eq(day("1970-01-01"), 0);
    ck_assert_int_eq(wd_weekday(day("2026-03-17")), 1); /* a Tuesday */
    ck_assert_int_eq(wd_weekday(day("2026-12-05")), 5); /* a Saturday */
    ck_assert_int_eq(wd_year(day("2025-12-31")), 2025);
    wd_day d;
    ck_assert_int_ne(wd_parse("2026-02-29", &d), 0);
    ck_assert_int_ne(wd_parse("2026-3-1", &d), 0);
    ck_assert_int_ne(wd_parse(NULL, &d), 0);
}
END_TEST

START_TEST(day_one_is_the_first_working_day_after_the_start)
{
    wd_calendar c;
    calendar(&c, 1);
    assert_add(&c, "2026-03-09", 1, "2026-03-10", 1); /* Monday → Tuesday */
    assert_add(&c, "2026-03-13", 1, "2026-03-16", 1); /* Friday → Monday: the weekend skipped */
    assert_add(&c, "2026-03-14", 1, "2026-03-16", 1); /* from a Saturday */
}
END_TEST

START_TEST(thirty_working_days_from_17_march_2026_skip_the_lebaran_run)
{
    wd_calendar c;
    calendar(&c, 1);
    /* 03-18 cb, 03-19 Nyepi, 03-20 cb, weekend (Idul Fitri), 03-23 and 03-24 cb: day 1 is 03-25;
     * 04-03 Good Friday and 05-01 are skipped too. */
    assert_add(&c, "2026-03-17", 1, "2026-03-25", 1);
    assert_add(&c, "2026-03-17", 30, "2026-05-07", 1);
    ck_assert_int_eq(wd_between(&c, day("2026-03-17"), day("2026-05-07"), NULL), 30);
}
END_TEST

START_TEST(year_ends_count_across_into_the_next_year)
{
    wd_calendar c;
    calendar(&c, 1);
    /* 12-24 is a working day in 2025 (12-25 holiday, 12-26 cb, weekend). */
    assert_add(&c, "2025-12-23", 3, "2025-12-30", 1);
    assert_add(&c, "2025-12-23", 5, "2026-01-02", 1); /* 12-31 is day 4, 01-01 skipped */
    /* 2026: 12-24 cb and 12-25; 2027 has no calendar: complete says so. */
    assert_add(&c, "2026-12-23", 1, "2026-12-28", 1);
    assert_add(&c, "2026-12-31", 1, "2027-01-01", 0);
}
END_TEST

START_TEST(a_missing_year_still_skips_weekends_but_says_it_is_incomplete)
{
    wd_calendar c;
    calendar(&c, 0); /* 2026 not loaded */
    assert_add(&c, "2026-03-17", 1, "2026-03-18", 0); /* the cuti bersama is unknown */
    assert_add(&c, "2026-03-13", 1, "2026-03-16", 0);
    int complete = 1;
    ck_assert_int_eq(wd_between(&c, day("2026-03-13"), day("2026-03-20"), &complete), 5);
    ck_assert_int_eq(complete, 0);
    /* Outside the calendar's window entirely. */
    assert_add(&c, "2031-01-06", 1, "2031-01-07", 0);
}
END_TEST

START_TEST(between_is_negative_after_the_due_date_and_zero_on_it)
{
    wd_calendar c;
    calendar(&c, 1);
    ck_assert_int_eq(wd_between(&c, day("2026-05-07"), day("2026-05-07"), NULL), 0);
    ck_assert_int_eq(wd_between(&c, day("2026-05-11"), day("2026-05-07"), NULL), -2); /* Fri 8, Mon 11 */
    ck_assert_int_eq(wd_between(&c, day("2026-05-08"), day("2026-05-11"), NULL), 1);
    ck_assert_int_eq(wd_is_working(&c, day("2026-05-14")), 0);
    ck_assert_int_eq(wd_is_working(&c, day("2026-05-13")), 1);
}
END_TEST

START_TEST(listing_a_day_twice_keeps_one_and_a_full_calendar_refuses_more)
{
    wd_calendar c;
    wd_init(&c, 2026, 1);
    ck_assert_int_eq(wd_add_off(&c, day("2026-01-01")), 0);
    ck_assert_int_eq(wd_add_off(&c, day("2026-01-01")), 0);
    ck_assert_uint_eq(c.noff, 1);
    for (int i = 1; i < WD_MAX_DAYS; i++)
        ck_assert_int_eq(wd_add_off(&c, day("2026-01-01") + i), 0);
    ck_assert_int_eq(wd_add_off(&c, day("2030-01-01")), -1);
}
END_TEST

/* ---- the workflow ---- */

static grat_facts facts(const char *type, const char *state)
{
    grat_facts f;
    memset(&f, 0, sizeof f);
    f.type = type;
    f.state = state;
    return f;
}

START_TEST(refusals_are_recorded_and_receipts_forwarded)
{
    grat_facts refusal = facts("refusal", "verifying"), receipt = facts("receipt", "verifying");
    ck_assert(grat_step_exists(&refusal, "recorded"));
    ck_assert(!grat_step_exists(&refusal, "forwarded"));
    ck_assert(!grat_step_exists(&refusal, "social_aid"));
    ck_assert(grat_step_exists(&receipt, "forwarded"));
    ck_assert(!grat_step_exists(&receipt, "recorded"));
    ck_assert(!grat_step_exists(&receipt, "social_aid")); /* not perishable */
    receipt.perishable = 1;
    ck_assert(grat_step_exists(&receipt, "social_aid"));
    const char *next[16];
    ck_assert_uint_eq(grat_next(&refusal, next, 16), 2);
    ck_assert_str_eq(next[0], "incomplete");
    ck_assert_str_eq(next[1], "recorded");
}
END_TEST

START_TEST(only_a_state_property_decision_is_handed_over)
{
    grat_facts f = facts("receipt", "decided");
    f.outcome = "recipient_property";
    ck_assert(!grat_step_exists(&f, "handed_over"));
    f.outcome = "state_property";
    ck_assert(grat_step_exists(&f, "handed_over"));
    ck_assert(grat_closing("decided", "recipient_property"));
    ck_assert(!grat_closing("decided", "state_property"));
    ck_assert(grat_closing("handed_over", NULL));
}
END_TEST

START_TEST(the_reporter_submits_and_resubmits_the_upg_does_the_rest)
{
    ck_assert(grat_step_roles("draft", "submitted") & ROLE_EMPLOYEE);
    ck_assert(grat_step_roles("incomplete", "verifying") & ROLE_EMPLOYEE);
    ck_assert(!(grat_step_roles("submitted", "verifying") & ROLE_EMPLOYEE));
    ck_assert(grat_step_roles("verifying", "forwarded") & ROLE_UPG);
    ck_assert(!(grat_step_roles("verifying", "forwarded") & (ROLE_UNIT_OFFICER | ROLE_EVALUATOR)));
    ck_assert_uint_eq(grat_step_roles("draft", "recorded"), 0);
    ck_assert(grat_editable("draft") && grat_editable("incomplete") && !grat_editable("verifying"));
    unsigned required, taken;
    grat_step_members("decided", &required, &taken);
    ck_assert_uint_eq(required, GRAT_M_LETTER_NUMBER | GRAT_M_LETTER_DATE | GRAT_M_OUTCOME);
    grat_step_members("verifying", &required, &taken);
    ck_assert_uint_eq(required, 0);
    ck_assert_uint_eq(taken, GRAT_M_NOTE);
}
END_TEST

static const grat_rules rules_2026 = {"kpk-2026", 30, 10, 10, 20, 30, 7, 10000000};

START_TEST(a_submitted_receipt_runs_the_legal_and_the_upg_deadline)
{
    wd_calendar c;
    calendar(&c, 1);
    grat_facts f = facts("receipt", "submitted");
    f.received_on = "2026-03-17";
    f.reported_on = "2026-03-26";
    grat_deadline d[GRAT_MAX_DEADLINES];
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 2);
    char due[11];
    ck_assert_str_eq(d[0].kind, "legal_report_to_kpk");
    wd_format(d[0].due, due);
    ck_assert_str_eq(due, "2026-05-07");
    ck_assert_str_eq(d[1].kind, "upg_to_kpk");
    wd_format(d[1].due, due);
    ck_assert_str_eq(due, "2026-04-10"); /* 27 30 31 1 2 6 7 8 9 10 (04-03 Good Friday) */
    f.state = "draft";
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 2);
    ck_assert_str_eq(d[0].kind, "staff_to_upg");
    f.state = "incomplete";
    f.returned_on = "2026-04-01";
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 3);
    ck_assert_str_eq(d[2].kind, "incomplete_lapse");
    ck_assert_int_eq(d[2].days, 20);
    f.state = "recorded";
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 0);
}
END_TEST

START_TEST(a_refusal_has_no_legal_deadline)
{
    wd_calendar c;
    calendar(&c, 1);
    grat_facts f = facts("refusal", "draft");
    f.received_on = "2026-03-17";
    grat_deadline d[GRAT_MAX_DEADLINES];
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 0);
    f.state = "verifying";
    f.reported_on = "2026-03-17";
    ck_assert_uint_eq(grat_deadlines(&f, &rules_2026, &c, d), 1);
    ck_assert_str_eq(d[0].kind, "upg_review");
}
END_TEST

/* ---- advice ---- */

static const char *const colleague[] = {"colleague", NULL};
static const char *const celebrations[] = {"wedding", "birth", "religious", NULL};
static const grat_exception exceptions_2026[] = {
    {"celebration", NULL, celebrations, 0, 1500000, 0},
    {"colleague_gift", colleague, NULL, 1, 500000, 1500000},
};

static grat_advice advise(const char *kind, const char *relationship, const char *occasion, long long value,
                          long long given, int job)
{
    grat_gift g = {kind, relationship, occasion, value, given, job};
    grat_advice a;
    grat_assess(&g, exceptions_2026, 2, &a);
    return a;
}

START_TEST(job_related_gifts_must_be_refused_whatever_the_value)
{
    grat_advice a = advise("money", "service_user", "service", 2000, 0, 1);
    ck_assert_int_eq(a.advice, GRAT_MUST_REFUSE);
    ck_assert_uint_eq(a.nreasons, 2);
    ck_assert_str_eq(a.reasons[0], "job_related");
    ck_assert_str_eq(a.reasons[1], "giver_service_user");
    a = advise("goods", "vendor", "wedding", 100000, 0, 0);
    ck_assert_int_eq(a.advice, GRAT_MUST_REFUSE);
    ck_assert_str_eq(a.reasons[0], "giver_vendor");
    ck_assert_str_eq(grat_advice_name(a.advice), "must_refuse");
}
END_TEST

START_TEST(limits_hold_at_the_boundary_and_fail_one_rupiah_over)
{
    grat_advice a = advise("goods", "colleague", "other", 500000, 0, 0);
    ck_assert_int_eq(a.advice, GRAT_MAY_BE_EXEMPT);
    ck_assert_int_eq(a.exception, 1);
    a = advise("goods", "colleague", "other", 500001, 0, 0);
    ck_assert_int_eq(a.advice, GRAT_MUST_REPORT);
    ck_assert_str_eq(a.reasons[0], "exceeds_limit");
    ck_assert_int_eq(a.exception, 1);
    /* The yearly cap from the same giver. */
    a = advise("goods", "colleague", "other", 400000, 1100000, 0);
    ck_assert_int_eq(a.advice, GRAT_MAY_BE_EXEMPT);
    a = advise("goods", "colleague", "other", 400000, 1100001, 0);
    ck_assert_int_eq(a.advice, GRAT_MUST_REPORT);
    /* Cash from a colleague is no non-cash gift. */
    a = advise("money", "colleague", "other", 1000, 0, 0);
    ck_assert_int_eq(a.advice, GRAT_MUST_REPORT);
    ck_assert_str_eq(a.reasons[0], "no_exception");
    /* A wedding gift from a colleague in cash: the celebration exception. */
    a = advise("money", "colleague", "wedding", 1500000, 0, 0);
    ck_assert_int_eq(a.advice, GRAT_MAY_BE_EXEMPT);
    ck_assert_int_eq(a.exception, 0);
}
END_TEST

Suite *workdays_suite(void)
{
    Suite *s = suite_create("workdays");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, dates_round_trip_and_weekdays_are_right);
    tcase_add_test(tc, day_one_is_the_first_working_day_after_the_start);
    tcase_add_test(tc, thirty_working_days_from_17_march_2026_skip_the_lebaran_run);
    tcase_add_test(tc, year_ends_count_across_into_the_next_year);
    tcase_add_test(tc, a_missing_year_still_skips_weekends_but_says_it_is_incomplete);
    tcase_add_test(tc, between_is_negative_after_the_due_date_and_zero_on_it);
    tcase_add_test(tc, listing_a_day_twice_keeps_one_and_a_full_calendar_refuses_more);
    tcase_add_test(tc, refusals_are_recorded_and_receipts_forwarded);
    tcase_add_test(tc, only_a_state_property_decision_is_handed_over);
    tcase_add_test(tc, the_reporter_submits_and_resubmits_the_upg_does_the_rest);
    tcase_add_test(tc, a_submitted_receipt_runs_the_legal_and_the_upg_deadline);
    tcase_add_test(tc, a_refusal_has_no_legal_deadline);
    tcase_add_test(tc, job_related_gifts_must_be_refused_whatever_the_value);
    tcase_add_test(tc, limits_hold_at_the_boundary_and_fail_one_rupiah_over);
    suite_add_tcase(s, tc);
    return s;
}
