/*
 * test_proposals.c — the WBK/WBBM programme functions of libzi against the live server:
 * programme years (create with PUT, change with If-Match, 428/412, the window rule), LKE
 * threshold rows (create, duplicate, If-Match update, frozen once confirmed), and a proposal
 * from draft to awarded: the eligibility rules of createProposal, the workflow with its 409
 * (state and allowed_next in the problem), 403 and 412, the TPI's score sheets (a failing
 * one refused at submission with thresholds_not_met, a passing one, versions and history),
 * the award setting the unit's predicate, the summary of the year, the public directory,
 * and the revocation of the predicate afterwards.
 *
 * Every test works on units, programme years (a random free one from 2040 to 2099) and
 * threshold rows of its own, so the suite can run twice against one database (run.sh does:
 * forked, then in-process under valgrind).
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const no_such_id = "00000000-0000-4000-8000-000000000000";

/* Does the last error of c have a field error (field, code)? */
static int has_field_error(zi_client *c, const char *field, const char *code)
{
    const zi_error *e = zi_last_error(c);
    size_t i;

    for (i = 0; i < e->n_field_errors; i++)
        if (strcmp(e->field_errors[i].field, field) == 0 &&
            strcmp(e->field_errors[i].code, code) == 0)
            return 1;
    return 0;
}

#define assert_field_error(c, field, code)                                                    \
    ck_assert_msg(has_field_error(c, field, code), "no field error %s %s in %s: %s", field,    \
                  code, zi_last_error(c)->type, zi_last_error(c)->detail)

/* Is number member key of obj within 0.001 of want? */
#define assert_number(obj, key, want)                                                         \
    ck_assert_msg(fabs(json_number_value(json_object_get(obj, key)) - (want)) < 0.001,        \
                  "%s is %g, want %g", key, json_number_value(json_object_get(obj, key)),     \
                  (double)(want))

/* Does array hold the string s? */
static int array_has(const json_t *array, const char *s)
{
    size_t i;
    const json_t *v;

    json_array_foreach(array, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return 1;
    return 0;
}

/* The body of a programme year whose conditions allow WBK and whose window covers today. */
static json_t *open_year_body(void)
{
    char opens[16];
    char closes[16];

    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "bpk_opinion", "WTP", "sakip_grade", "B",
                     "rb_index_grade", "CC", "submission_opens", th_date(opens, sizeof opens, -30),
                     "submission_closes", th_date(closes, sizeof closes, 30), "source",
                     "[Contoh] SDK test: assumed figures");
}

/* A threshold row body with the seeded WBK minima (75, 40, 60 %, 15.75, 3.60, 2.50, 14.00,
 * 3.20, 18.25). */
static json_t *wbk_threshold_body(const char *predicate, const char *effective_from)
{
    return json_pack("{s:s, s:s, s:s, s:f, s:f, s:i, s:f, s:f, s:f, s:f, s:f, s:f}", "predicate",
                     predicate, "effective_from", effective_from, "source",
                     "[Contoh] SDK test row (the seeded WBK minima)", "total_min", 75.0,
                     "enablers_min", 40.0, "area_min_pct", 60, "ipak_min", 15.75,
                     "ipak_survey_min", 3.6, "performance_min", 2.5, "ipkp_min", 14.0,
                     "ipkp_survey_min", 3.2, "ipak_performance_min", 18.25);
}

/* A score sheet: each area's halves at 80 % of half its weight (enablers 48), the surveys and
 * performance as given. With ipak 3.7, ipkp 3.4, performance 4.2 the total is 83.27 and every
 * WBK minimum is met; with ipkp 3.0 the IPKP minima are not. */
static json_t *score_sheet(double ipak_survey, double ipkp_survey, double performance)
{
    return json_pack("{s:{s:{s:f, s:f}, s:{s:f, s:f}, s:{s:f, s:f}, s:{s:f, s:f}, s:{s:f, s:f},"
                     " s:{s:f, s:f}}, s:f, s:f, s:f, s:s}",
                     "enablers", "change_management", "fulfilment", 3.2, "reform", 3.2,
                     "business_process", "fulfilment", 2.8, "reform", 2.8, "hr_management",
                     "fulfilment", 4.0, "reform", 4.0, "performance_accountability", "fulfilment",
                     4.0, "reform", 4.0, "supervision", "fulfilment", 6.0, "reform", 6.0,
                     "public_service", "fulfilment", 4.0, "reform", 4.0, "ipak_survey",
                     ipak_survey, "ipkp_survey", ipkp_survey, "performance", performance, "note",
                     "[Contoh] LKE SDK");
}

/* A new unit of kind other, designated designated_days_ago days ago (< 0: no designation).
 * Returns the Unit (new). */
static json_t *new_unit(zi_client *admin, const char *tag, int designated_days_ago)
{
    char code[48];
    char date[16];
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", th_unique_code(code, sizeof code, tag),
                             "name", "[Contoh] SDK proposals unit", "kind", "other");
    json_t *unit = NULL;
    zi_status st;

    if (designated_days_ago >= 0) {
        json_object_set_new(body, "designated_on",
                            json_string(th_date(date, sizeof date, -designated_days_ago)));
        json_object_set_new(body, "designation_decree", json_string("[Contoh] SK/ZI/SDK"));
    }
    st = zi_units_create(admin, body, NULL, &unit, NULL);
    json_decref(body);
    th_assert_status(admin, st, ZI_OK);
    return unit;
}

/* The check of rule in a score sheet's "checks" (borrowed), or NULL. */
static const json_t *check_of(const json_t *sheet, const char *rule)
{
    size_t i;
    const json_t *c;

    json_array_foreach(json_object_get(sheet, "checks"), i, c)
        if (strcmp(th_str(c, "rule"), rule) == 0)
            return c;
    return NULL;
}

/* The clients of the programme-year and threshold tests: a fresh admin key, a fresh
 * evaluator key (not an admin) and no key. */
typedef struct clients {
    zi_client *admin;
    zi_client *evaluator;
    zi_client *anon;
} clients;

static clients clients_open(void)
{
    clients c;

    c.admin = th_client_admin();
    c.evaluator = th_client_reader();
    c.anon = th_client_anonymous();
    return c;
}

static void clients_close(clients *c)
{
    zi_client_free(c->anon);
    zi_client_free(c->evaluator);
    zi_client_free(c->admin);
}

/* ---- programme years ------------------------------------------------------------------------ */

START_TEST(test_programme_years)
{
    clients c = clients_open();
    int year = th_free_programme_year(c.anon);
    json_t *body = open_year_body();
    json_t *y = NULL;
    json_t *got = NULL;
    json_t *patch;
    json_t *items;
    json_t *page = NULL;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t i;
    int found = 0;
    long long last = 3000;

    th_assert_status(c.anon, zi_programme_years_get(c.anon, year, &y, &etag), ZI_E_NOT_FOUND);
    ck_assert_ptr_null(y);
    ck_assert_str_eq(etag.value, "");

    /* Not an admin: 403. Created without If-Match: 201. */
    th_assert_status(c.evaluator, zi_programme_years_put(c.evaluator, year, NULL, body, &y, NULL),
                     ZI_E_FORBIDDEN);
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, NULL, body, &y, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_int_eq(th_int(y, "year"), year);
    ck_assert_str_eq(th_str(y, "bpk_opinion"), "WTP");
    ck_assert_str_eq(th_str(y, "sakip_grade"), "B");
    ck_assert_str_eq(th_str(y, "rb_index_grade"), "CC");
    ck_assert(json_is_null(json_object_get(y, "note")));
    ck_assert_int_eq(th_int(y, "version"), 1);

    /* Public read, same ETag and representation. */
    th_assert_status(c.anon, zi_programme_years_get(c.anon, year, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"1\"");
    ck_assert_msg(json_equal(got, y), "getProgrammeYear differs from what the PUT answered");
    json_decref(got);
    json_decref(y);

    /* It exists now: without If-Match (NULL, or version 0) 428; with it 200, only the given
     * members change; the old ETag is then stale. */
    patch = json_pack("{s:s, s:s}", "note", "[Contoh] Diperbarui oleh SDK", "sakip_grade", "BB");
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, NULL, patch, &y, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, patch, &y, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 428);
    m.etag = etag.value;
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, patch, &y, &etag2), ZI_OK);
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 200);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_str_eq(th_str(y, "note"), "[Contoh] Diperbarui oleh SDK");
    ck_assert_str_eq(th_str(y, "sakip_grade"), "BB");
    ck_assert_str_eq(th_str(y, "bpk_opinion"), "WTP"); /* unchanged */
    ck_assert_int_eq(th_int(y, "version"), 2);
    json_decref(y);
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, patch, &y, NULL),
                     ZI_E_PRECONDITION_FAILED);
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 412);
    json_decref(patch);

    /* A window that closes before it opens: 422; year in the body: 400 read_only. */
    m.etag = NULL;
    m.version = 2;
    patch = json_pack("{s:s, s:s}", "submission_opens", "2030-02-01", "submission_closes",
                      "2030-01-01");
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, patch, &y, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(c.admin, "/submission_closes", "before_opens");
    json_decref(patch);
    patch = json_pack("{s:i}", "year", year);
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, patch, &y, NULL),
                     ZI_E_BAD_REQUEST);
    assert_field_error(c.admin, "/year", "read_only");
    json_decref(patch);

    /* {year} out of range: 400 naming the path parameter. */
    th_assert_status(c.anon, zi_programme_years_get(c.anon, 1999, &y, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(c.anon, "year", "out_of_range");
    ck_assert_str_eq(zi_last_error(c.anon)->field_errors[0].in, "path");

    /* The list, newest year first, across pages of 2. */
    th_assert_status(c.anon, zi_programme_years_list(c.anon, NULL, &page), ZI_OK);
    ck_assert_uint_ge(th_data_size(page), 2);
    json_decref(page);
    p.limit = 2;
    th_assert_status(c.anon, zi_programme_years_pager_new(c.anon, &p, &pager), ZI_OK);
    items = th_drain(c.anon, pager);
    ck_assert_uint_ge(zi_pager_pages(pager), 1);
    for (i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        ck_assert_int_lt(th_int(item, "year"), last);
        last = th_int(item, "year");
        if (last == year) {
            found = 1;
            ck_assert_int_eq(th_int(item, "version"), 2);
        }
        if (last == 2023)
            ck_assert_str_eq(th_str(item, "bpk_opinion"), "WTP"); /* the demo data's */
    }
    ck_assert_msg(found, "programme year %d not in the list", year);
    json_decref(items);
    zi_pager_free(pager);

    /* Arguments. */
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, NULL, NULL, &y, NULL),
                     ZI_E_ARGUMENT);
    m.version = -1;
    th_assert_status(c.admin, zi_programme_years_put(c.admin, year, &m, body, &y, NULL),
                     ZI_E_ARGUMENT);
    th_assert_status(c.admin, zi_programme_years_get(c.admin, year, NULL, NULL), ZI_E_ARGUMENT);
    p.struct_size = 0;
    th_assert_status(c.anon, zi_programme_years_list(c.anon, &p, &page), ZI_E_ARGUMENT);
    ck_assert_ptr_null(page);

    json_decref(body);
    clients_close(&c);
}
END_TEST

/* ---- LKE thresholds ------------------------------------------------------------------------ */

START_TEST(test_thresholds)
{
    clients c = clients_open();
    char effective[16];
    char id[64];
    json_t *body;
    json_t *row = NULL;
    json_t *got = NULL;
    json_t *patch;
    json_t *items;
    json_t *page = NULL;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_threshold_list_params p = ZI_THRESHOLD_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    zi_status st;
    size_t i;
    int found = 0;
    int tries;

    /* A wbbm row from a date no proposal (years 2000-2100) ever reaches, so it changes nothing
     * for anyone (dates go up to 2999); a date nobody used (a taken one is a 409
     * /effective_from duplicate). */
    for (tries = 0;; tries++) {
        struct timespec ts;

        ck_assert_int_lt(tries, 20);
        clock_gettime(CLOCK_REALTIME, &ts);
        snprintf(effective, sizeof effective, "%04d-%02d-%02d",
                 2101 + (int)((ts.tv_nsec / 1000 + getpid()) % 899), 1 + (int)(ts.tv_nsec % 12),
                 1 + (int)(ts.tv_nsec / 7 % 28));
        body = wbk_threshold_body("wbbm", effective);
        st = zi_thresholds_create(c.admin, body, NULL, &row, &etag);
        if (st == ZI_OK)
            break;
        th_assert_status(c.admin, st, ZI_E_CONFLICT);
        json_decref(body);
    }
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(row, "predicate"), "wbbm");
    ck_assert_str_eq(th_str(row, "effective_from"), effective);
    ck_assert(json_is_false(json_object_get(row, "confirmed")));
    assert_number(row, "total_min", 75.0);
    assert_number(row, "ipak_performance_min", 18.25);
    ck_assert_int_eq(th_int(row, "area_min_pct"), 60);
    snprintf(id, sizeof id, "%s", th_str(row, "id"));

    /* The same predicate and date again: 409 /effective_from duplicate. Not an admin: 403. A
     * minimum missing: 400 required. */
    th_assert_status(c.admin, zi_thresholds_create(c.admin, body, NULL, &got, NULL), ZI_E_CONFLICT);
    assert_field_error(c.admin, "/effective_from", "duplicate");
    th_assert_status(c.evaluator, zi_thresholds_create(c.evaluator, body, NULL, &got, NULL),
                     ZI_E_FORBIDDEN);
    json_object_del(body, "ipkp_min");
    th_assert_status(c.admin, zi_thresholds_create(c.admin, body, NULL, &got, NULL),
                     ZI_E_BAD_REQUEST);
    assert_field_error(c.admin, "/ipkp_min", "required");
    ck_assert_ptr_null(got);
    json_decref(body);

    /* Public read. */
    th_assert_status(c.anon, zi_thresholds_get(c.anon, id, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"1\"");
    ck_assert_msg(json_equal(got, row), "getLkeThreshold differs from what the create answered");
    json_decref(got);
    th_assert_status(c.anon, zi_thresholds_get(c.anon, no_such_id, &got, NULL), ZI_E_NOT_FOUND);

    /* Correct it with If-Match; stale: 412; predicate: 400 read_only; then confirm it, after
     * which it is frozen (409). */
    patch = json_pack("{s:f, s:s}", "performance_min", 3.75, "source",
                      "[Contoh] SDK test row, corrected");
    m.etag = etag.value;
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, patch, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"2\"");
    assert_number(got, "performance_min", 3.75);
    ck_assert_int_eq(th_int(got, "version"), 2);
    json_decref(got);
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, patch, &got, NULL),
                     ZI_E_PRECONDITION_FAILED);
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, NULL, patch, &got, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    json_decref(patch);
    m.etag = NULL;
    m.version = 2;
    patch = json_pack("{s:s}", "predicate", "wbk");
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, patch, &got, NULL),
                     ZI_E_BAD_REQUEST);
    assert_field_error(c.admin, "/predicate", "read_only");
    json_decref(patch);
    patch = json_pack("{s:b}", "confirmed", 1);
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, patch, &got, NULL), ZI_OK);
    ck_assert(json_is_true(json_object_get(got, "confirmed")));
    json_decref(got);
    m.version = 3;
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, patch, &got, NULL),
                     ZI_E_CONFLICT);
    ck_assert_int_eq(zi_last_error(c.admin)->http_status, 409);
    json_decref(patch);

    /* Lists: wbbm only, newest effective date first, across pages of 1. */
    p.predicate = "wbbm";
    p.limit = 1;
    th_assert_status(c.anon, zi_thresholds_list(c.anon, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    json_decref(page);
    th_assert_status(c.anon, zi_thresholds_pager_new(c.anon, &p, &pager), ZI_OK);
    items = th_drain(c.anon, pager);
    ck_assert_uint_ge(json_array_size(items), 2); /* the seeded row and ours */
    for (i = 0; i < json_array_size(items); i++) {
        const json_t *item = json_array_get(items, i);
        ck_assert_str_eq(th_str(item, "predicate"), "wbbm");
        if (i > 0)
            ck_assert_msg(strcmp(th_str(json_array_get(items, i - 1), "effective_from"),
                                 th_str(item, "effective_from")) >= 0,
                          "not newest first");
        found |= strcmp(th_str(item, "id"), id) == 0;
    }
    ck_assert_msg(found, "our threshold row is not in the wbbm list");
    ck_assert_str_eq(th_str(json_array_get(items, json_array_size(items) - 1), "effective_from"),
                     "2021-01-01"); /* the seeded row is the oldest */
    json_decref(items);
    zi_pager_free(pager);

    th_assert_status(c.anon, zi_thresholds_get(c.anon, NULL, &got, NULL), ZI_E_ARGUMENT);
    th_assert_status(c.admin, zi_thresholds_update(c.admin, id, &m, NULL, &got, NULL),
                     ZI_E_ARGUMENT);

    json_decref(row);
    clients_close(&c);
}
END_TEST

/* ---- a proposal from draft to awarded -------------------------------------------------------- */

/* Move proposal id one step as c with the body (released here), If-Match version; *out gets
 * the answer (new; NULL on failure). Returns the status. */
static zi_status step(zi_client *c, const char *id, int64_t version, json_t *body, json_t **out)
{
    zi_if_match m = {NULL, version};
    zi_status st = zi_proposals_transition(c, id, &m, body, NULL, out, NULL);

    json_decref(body);
    return st;
}

/* Move *proposal on to state `to` as c, asserting ZI_OK; *proposal becomes the answer (the
 * previous one released). */
static void step_ok(zi_client *c, const char *id, const char *to, json_t **proposal)
{
    int64_t version = th_int(*proposal, "version");
    json_t *body = json_pack("{s:s, s:s}", "to", to, "note", "[Contoh] langkah SDK");
    json_t *next = NULL;

    th_assert_status(c, step(c, id, version, body, &next), ZI_OK);
    json_decref(*proposal);
    *proposal = next;
    ck_assert_str_eq(th_str(*proposal, "state"), to);
    ck_assert_int_eq(th_int(*proposal, "version"), version + 1);
}

START_TEST(test_proposal_workflow)
{
    zi_client *admin = th_client_admin();
    zi_client *anon = th_client_anonymous();
    zi_client *reader = th_client_with("upg", NULL, NULL);
    char evaluator_key_id[64];
    char *evaluator_secret = th_new_key("evaluator", NULL, NULL, evaluator_key_id);
    zi_client *evaluator = th_client_for(th_url(), evaluator_secret, NULL);
    zi_client *officer;
    int year = th_free_programme_year(anon);
    char effective[16];
    char today[16];
    char tomorrow[16];
    char threshold_id[64];
    char id[64];
    char decree[64];
    json_t *body;
    json_t *unit;
    json_t *other_unit;
    const char *unit_id;
    json_t *row = NULL;
    json_t *proposal = NULL;
    json_t *got = NULL;
    json_t *sheet = NULL;
    json_t *page = NULL;
    json_t *items;
    json_t *summary = NULL;
    json_t *public_summary = NULL;
    const json_t *problem;
    const json_t *c;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_proposal_list_params lp = ZI_PROPOSAL_LIST_PARAMS_INIT;
    zi_page_params pp = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t i;
    int found;

    th_date(today, sizeof today, 0);
    th_date(tomorrow, sizeof tomorrow, 1);

    /* The year: WBK conditions met, window open today; its own WBK threshold row (the seeded
     * minima), which is the one applying to proposals of the year. */
    body = open_year_body();
    th_assert_status(admin, zi_programme_years_put(admin, year, NULL, body, &row, NULL), ZI_OK);
    json_decref(body);
    json_decref(row);
    snprintf(effective, sizeof effective, "%04d-01-01", year);
    body = wbk_threshold_body("wbk", effective);
    th_assert_status(admin, zi_thresholds_create(admin, body, NULL, &row, NULL), ZI_OK);
    json_decref(body);
    snprintf(threshold_id, sizeof threshold_id, "%s", th_str(row, "id"));
    json_decref(row);

    /* A unit designated two years ago, and one without a designation. */
    unit = new_unit(admin, "prop", 730);
    unit_id = th_str(unit, "id");
    other_unit = new_unit(admin, "propnd", -1);

    /* Refusals of createProposal: every failing rule at once. */
    body = json_pack("{s:s, s:i, s:s}", "unit_id", th_str(other_unit, "id"), "year", year - 1,
                     "target", "wbk");
    if (year - 1 >= 2040) {
        json_t *y = NULL;
        if (zi_programme_years_get(anon, year - 1, &y, NULL) == ZI_E_NOT_FOUND) {
            th_assert_status(admin, zi_proposals_create(admin, body, NULL, &proposal, NULL),
                             ZI_E_UNPROCESSABLE);
            assert_field_error(admin, "/unit_id", "designation_missing");
            assert_field_error(admin, "/year", "city_conditions"); /* no such year recorded */
        }
        json_decref(y);
    }
    json_object_set_new(body, "year", json_integer(year));
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &proposal, NULL),
                     ZI_E_UNPROCESSABLE);
    ck_assert_str_eq(zi_last_error(admin)->type, "urn:zi:problem:unprocessable");
    assert_field_error(admin, "/unit_id", "designation_missing");
    json_object_set_new(body, "unit_id", json_string(unit_id));
    json_object_set_new(body, "target", json_string("wbbm"));
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &proposal, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/unit_id", "wbk_required");
    json_object_set_new(body, "unit_id", json_string(no_such_id));
    json_object_set_new(body, "target", json_string("wbk"));
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &proposal, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/unit_id", "not_found");
    ck_assert_ptr_null(proposal);
    /* A unit officer of another unit: 403. */
    json_object_set_new(body, "unit_id", json_string(unit_id));
    officer = th_client_with("unit_officer", th_str(other_unit, "id"), NULL);
    th_assert_status(officer, zi_proposals_create(officer, body, NULL, &proposal, NULL),
                     ZI_E_FORBIDDEN);
    zi_client_free(officer);

    /* The proposal: draft, with its evidence. A second one for the unit and year: 422. */
    json_object_set_new(body, "note", json_string("[Contoh] Usulan WBK oleh SDK"));
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &proposal, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(proposal, "state"), "draft");
    ck_assert_str_eq(th_str(proposal, "target"), "wbk");
    ck_assert_str_eq(th_str(proposal, "unit_id"), unit_id);
    ck_assert_int_eq(th_int(proposal, "year"), year);
    ck_assert(json_is_null(json_object_get(proposal, "score")));
    ck_assert_uint_eq(json_array_size(json_object_get(proposal, "allowed_next")), 1);
    ck_assert(array_has(json_object_get(proposal, "allowed_next"), "tpi_review"));
    ck_assert(json_is_object(json_object_get(proposal, "evidence")));
    snprintf(id, sizeof id, "%s", th_str(proposal, "id"));
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &got, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/unit_id", "open_proposal_exists");
    json_decref(body);

    /* Reads by any key: one with evidence, lists without. */
    th_assert_status(reader, zi_proposals_get(reader, id, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"1\"");
    c = json_object_get(got, "evidence");
    ck_assert(json_is_object(json_object_get(c, "pact_coverage")));
    ck_assert_int_eq(th_int(json_object_get(c, "pact_coverage"), "year"), year);
    ck_assert(json_is_null(json_object_get(c, "declaration")));
    json_decref(got);
    th_assert_status(anon, zi_proposals_get(anon, id, &got, NULL), ZI_E_UNAUTHORIZED);
    th_assert_status(reader, zi_proposals_get(reader, no_such_id, &got, NULL), ZI_E_NOT_FOUND);
    lp.unit_id = unit_id;
    th_assert_status(reader, zi_proposals_list(reader, &lp, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    c = json_array_get(json_object_get(page, "data"), 0);
    ck_assert_str_eq(th_str(c, "id"), id);
    ck_assert_ptr_null(json_object_get(c, "evidence"));
    ck_assert(array_has(json_object_get(c, "allowed_next"), "tpi_review"));
    json_decref(page);

    /* draft → tpi_review (admin), with an Idempotency-Key: sent again, the first answer is
     * replayed (not a 412 for the now stale If-Match). Stale If-Match: 412; none: 428. */
    {
        char key[96];
        json_t *again = NULL;

        snprintf(key, sizeof key, "sdk-step-%s", id);
        m.version = 1;
        body = json_pack("{s:s}", "to", "tpi_review");
        th_assert_status(admin, zi_proposals_transition(admin, id, &m, body, key, &got, &etag),
                         ZI_OK);
        ck_assert_str_eq(etag.value, "\"2\"");
        ck_assert_int_eq(zi_last_error(admin)->replayed, 0);
        th_assert_status(admin, zi_proposals_transition(admin, id, &m, body, key, &again, NULL),
                         ZI_OK);
        ck_assert_int_eq(zi_last_error(admin)->replayed, 1);
        ck_assert_str_eq(th_str(again, "state"), "tpi_review");
        ck_assert_int_eq(th_int(again, "version"), 2);
        json_decref(again);
        json_decref(body);
        json_decref(proposal);
        proposal = got;
        got = NULL;
        m.version = 0;
    }
    ck_assert_str_eq(th_str(proposal, "state"), "tpi_review");
    ck_assert(array_has(json_object_get(proposal, "allowed_next"), "submitted"));
    ck_assert(array_has(json_object_get(proposal, "allowed_next"), "tpi_rejected"));
    th_assert_status(admin, step(admin, id, 1, json_pack("{s:s}", "to", "tpi_review"), &got),
                     ZI_E_PRECONDITION_FAILED);
    ck_assert_int_eq(zi_last_error(admin)->http_status, 412);
    body = json_pack("{s:s}", "to", "submitted");
    th_assert_status(evaluator, zi_proposals_transition(evaluator, id, NULL, body, NULL, &got, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    json_decref(body);

    /* A step that is no step from here: 409 with state and allowed_next. One of another role:
     * 403. A date in the future: 422. */
    th_assert_status(admin, step(admin, id, 2, json_pack("{s:s}", "to", "awarded"), &got),
                     ZI_E_CONFLICT);
    problem = zi_last_error(admin)->problem;
    ck_assert_str_eq(th_str(problem, "type"), "urn:zi:problem:conflict");
    ck_assert_str_eq(th_str(problem, "state"), "tpi_review");
    ck_assert(json_is_array(json_object_get(problem, "allowed_next")));
    ck_assert_uint_eq(json_array_size(json_object_get(problem, "allowed_next")), 2);
    ck_assert(array_has(json_object_get(problem, "allowed_next"), "submitted"));
    ck_assert(array_has(json_object_get(problem, "allowed_next"), "tpi_rejected"));
    th_assert_status(admin, step(admin, id, 2, json_pack("{s:s}", "to", "submitted"), &got),
                     ZI_E_FORBIDDEN);
    th_assert_status(evaluator,
                     step(evaluator, id, 2,
                          json_pack("{s:s, s:s}", "to", "submitted", "occurred_on", tomorrow),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(evaluator, "/occurred_on", "in_future");

    /* No score sheet yet: 404, an empty history; forwarding is refused. */
    th_assert_status(reader, zi_proposals_score_get(reader, id, &sheet, NULL), ZI_E_NOT_FOUND);
    th_assert_status(reader, zi_proposals_score_history(reader, id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 0);
    json_decref(page);
    th_assert_status(evaluator, step(evaluator, id, 2, json_pack("{s:s}", "to", "submitted"), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(evaluator, "/score_sheet", "thresholds_not_met");

    /* A failing sheet (IPKP survey 3.0): saved (201) with all_met false; an admin may not
     * score (403). */
    body = score_sheet(3.7, 3.0, 4.2);
    th_assert_status(admin, zi_proposals_score_put(admin, id, NULL, body, &sheet, NULL),
                     ZI_E_FORBIDDEN);
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &sheet, &etag),
                     ZI_OK);
    ck_assert_int_eq(zi_last_error(evaluator)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_int_eq(th_int(sheet, "version"), 1);
    ck_assert(json_is_false(json_object_get(sheet, "all_met")));
    ck_assert_str_eq(th_str(json_object_get(sheet, "thresholds"), "id"), threshold_id);
    ck_assert_str_eq(th_str(sheet, "scored_by"), evaluator_key_id);
    assert_number(json_object_get(sheet, "computed"), "ipkp", 13.13);
    ck_assert(json_is_false(json_object_get(check_of(sheet, "ipkp_survey_min"), "met")));
    ck_assert(json_is_false(json_object_get(check_of(sheet, "ipkp_min"), "met")));
    ck_assert(json_is_true(json_object_get(check_of(sheet, "total_min"), "met")));
    /* It exists now: a second PUT without If-Match is 428. */
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, NULL, body, &got, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    json_decref(body);
    json_decref(sheet);

    /* Forwarding with the failing sheet: 422 naming thresholds_not_met, one field error per
     * failed check. */
    th_assert_status(evaluator, step(evaluator, id, 2, json_pack("{s:s}", "to", "submitted"), &got),
                     ZI_E_UNPROCESSABLE);
    ck_assert_str_eq(zi_last_error(evaluator)->type, "urn:zi:problem:unprocessable");
    assert_field_error(evaluator, "/score_sheet", "thresholds_not_met");
    assert_field_error(evaluator, "/score_sheet/checks/ipkp_survey_min", "thresholds_not_met");
    assert_field_error(evaluator, "/score_sheet/checks/ipkp_min", "thresholds_not_met");
    ck_assert(!has_field_error(evaluator, "/score_sheet/checks/total_min", "thresholds_not_met"));

    /* Bad sheets: out of range, 3 decimals: 400 naming the member. */
    body = score_sheet(3.7, 3.4, 4.2);
    json_object_set_new(json_object_get(json_object_get(body, "enablers"), "change_management"),
                        "fulfilment", json_real(4.5)); /* half of 8 is 4 */
    m.version = 1;
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &got, NULL),
                     ZI_E_BAD_REQUEST);
    ck_assert_uint_ge(zi_last_error(evaluator)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(evaluator)->field_errors[0].field,
                     "/enablers/change_management/fulfilment");
    json_object_set_new(json_object_get(json_object_get(body, "enablers"), "change_management"),
                        "fulfilment", json_real(3.125));
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &got, NULL),
                     ZI_E_BAD_REQUEST);
    assert_field_error(evaluator, "/enablers/change_management/fulfilment", "invalid_format");
    json_decref(body);

    /* The passing sheet, over version 1: 200, version 2, total 83.27, every minimum met. The
     * version-1 ETag is stale now. */
    body = score_sheet(3.7, 3.4, 4.2);
    m.version = 0;
    m.etag = etag.value;
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &sheet, &etag2),
                     ZI_OK);
    ck_assert_int_eq(zi_last_error(evaluator)->http_status, 200);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_int_eq(th_int(sheet, "version"), 2);
    ck_assert(json_is_true(json_object_get(sheet, "all_met")));
    c = json_object_get(sheet, "computed");
    assert_number(c, "enablers", 48.0);
    assert_number(c, "ipak", 16.19);
    assert_number(c, "ipkp", 14.88);
    assert_number(c, "results", 35.27);
    assert_number(c, "total", 83.27);
    assert_number(json_object_get(c, "areas"), "supervision", 12.0);
    ck_assert_uint_eq(json_array_size(json_object_get(sheet, "checks")), 14);
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &got, NULL),
                     ZI_E_PRECONDITION_FAILED);
    json_decref(body);

    /* Reads of the sheet: the newest, the history newest first (also with the pager). */
    th_assert_status(reader, zi_proposals_score_get(reader, id, &got, &etag), ZI_OK);
    ck_assert_str_eq(etag.value, "\"2\"");
    ck_assert_msg(json_equal(got, sheet), "getScoreSheet differs from what the PUT answered");
    json_decref(got);
    json_decref(sheet);
    th_assert_status(reader, zi_proposals_score_history(reader, id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    ck_assert_int_eq(th_int(json_array_get(json_object_get(page, "data"), 0), "version"), 2);
    ck_assert_int_eq(th_int(json_array_get(json_object_get(page, "data"), 1), "version"), 1);
    ck_assert(json_is_false(
        json_object_get(json_array_get(json_object_get(page, "data"), 1), "all_met")));
    json_decref(page);
    pp.limit = 1;
    th_assert_status(reader, zi_proposals_score_history_pager_new(reader, id, &pp, &pager), ZI_OK);
    items = th_drain(reader, pager);
    ck_assert_uint_eq(json_array_size(items), 2);
    ck_assert_uint_eq(zi_pager_pages(pager), 2);
    json_decref(items);
    zi_pager_free(pager);
    th_assert_status(reader, zi_proposals_score_history(reader, no_such_id, NULL, &page),
                     ZI_E_NOT_FOUND);
    th_assert_status(reader, zi_proposals_get(reader, id, &got, NULL), ZI_OK);
    c = json_object_get(got, "score");
    ck_assert_int_eq(th_int(c, "version"), 2);
    assert_number(c, "total", 83.27);
    ck_assert(json_is_true(json_object_get(c, "all_met")));
    json_decref(got);

    /* tpi_review → submitted (the evaluator): every rule holds today, the sheet passes. No
     * more scoring then (409). */
    step_ok(evaluator, id, "submitted", &proposal);
    body = score_sheet(3.7, 3.4, 4.2);
    m.etag = NULL;
    m.version = 2;
    th_assert_status(evaluator, zi_proposals_score_put(evaluator, id, &m, body, &got, NULL),
                     ZI_E_CONFLICT);
    json_decref(body);

    /* The national team's steps (admin); awarded needs the decree (400 required). */
    step_ok(admin, id, "selection_passed", &proposal);
    step_ok(admin, id, "desk_evaluation", &proposal);
    step_ok(admin, id, "field_evaluation", &proposal);
    th_assert_status(admin,
                     step(admin, id, th_int(proposal, "version"),
                          json_pack("{s:s}", "to", "awarded"), &got),
                     ZI_E_BAD_REQUEST);
    assert_field_error(admin, "/decree_number", "required");
    assert_field_error(admin, "/decree_date", "required");
    snprintf(decree, sizeof decree, "[Contoh] SK/WBK/%d/%s", year, id + 24);
    body = json_pack("{s:s, s:s, s:s, s:s}", "to", "awarded", "decree_number", decree,
                     "decree_date", today, "note", "[Contoh] Predikat WBK");
    th_assert_status(admin, step(admin, id, th_int(proposal, "version"), body, &got), ZI_OK);
    json_decref(proposal);
    proposal = got;
    got = NULL;
    ck_assert_str_eq(th_str(proposal, "state"), "awarded");
    ck_assert_str_eq(th_str(proposal, "decree_number"), decree);
    ck_assert_str_eq(th_str(proposal, "decree_date"), today);
    ck_assert_uint_eq(json_array_size(json_object_get(proposal, "allowed_next")), 0);

    /* A final state: any step is a 409 with allowed_next []. */
    th_assert_status(admin,
                     step(admin, id, th_int(proposal, "version"),
                          json_pack("{s:s}", "to", "not_awarded"), &got),
                     ZI_E_CONFLICT);
    ck_assert_str_eq(th_str(zi_last_error(admin)->problem, "state"), "awarded");
    ck_assert_uint_eq(json_array_size(json_object_get(zi_last_error(admin)->problem, "allowed_next")),
                      0);

    /* The unit holds WBK now, from the proposal. */
    th_assert_status(anon, zi_units_get(anon, unit_id, &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "predicate"), "wbk");
    json_decref(got);
    th_assert_status(anon, zi_units_predicate_history(anon, unit_id, NULL, &page), ZI_OK);
    c = json_array_get(json_object_get(page, "data"), 0);
    ck_assert_str_eq(th_str(c, "level"), "wbk");
    ck_assert_str_eq(th_str(c, "status"), "active");
    ck_assert_int_eq(th_int(c, "year"), year);
    ck_assert_str_eq(th_str(c, "decree_number"), decree);
    ck_assert_ptr_nonnull(strstr(th_str(c, "source"), id));
    json_decref(page);

    /* The steps, oldest first; the evaluator forwarded it. */
    th_assert_status(reader, zi_proposals_transitions(reader, id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 6);
    {
        static const char *const tos[] = {"tpi_review", "submitted", "selection_passed",
                                          "desk_evaluation", "field_evaluation", "awarded"};
        const json_t *data = json_object_get(page, "data");

        ck_assert_str_eq(th_str(json_array_get(data, 0), "from"), "draft");
        for (i = 0; i < 6; i++)
            ck_assert_str_eq(th_str(json_array_get(data, i), "to"), tos[i]);
        ck_assert_str_eq(th_str(json_array_get(data, 1), "actor_key_id"), evaluator_key_id);
        ck_assert_str_eq(th_str(json_array_get(data, 1), "occurred_on"), today);
        ck_assert_str_eq(th_str(json_array_get(data, 5), "note"), "[Contoh] Predikat WBK");
    }
    json_decref(page);
    pp.limit = 4;
    th_assert_status(reader, zi_proposals_transitions_pager_new(reader, id, &pp, &pager), ZI_OK);
    items = th_drain(reader, pager);
    ck_assert_uint_eq(json_array_size(items), 6);
    ck_assert_uint_eq(zi_pager_pages(pager), 2);
    json_decref(items);
    zi_pager_free(pager);

    /* The year's lists: by year and state, and with the pager. */
    lp = (zi_proposal_list_params)ZI_PROPOSAL_LIST_PARAMS_INIT;
    lp.year = year;
    lp.state = "awarded";
    lp.target = "wbk";
    th_assert_status(reader, zi_proposals_list(reader, &lp, &page), ZI_OK);
    ck_assert_uint_ge(th_data_size(page), 1);
    json_decref(page);
    lp.state = NULL;
    lp.limit = 1;
    th_assert_status(reader, zi_proposals_pager_new(reader, &lp, &pager), ZI_OK);
    items = th_drain(reader, pager);
    found = 0;
    for (i = 0; i < json_array_size(items); i++) {
        ck_assert_int_eq(th_int(json_array_get(items, i), "year"), year);
        found |= strcmp(th_str(json_array_get(items, i), "id"), id) == 0;
    }
    ck_assert(found);
    json_decref(items);
    zi_pager_free(pager);

    /* The summary of the year: the award counted; the public one is the same document. */
    th_assert_status(reader, zi_summary(reader, year, &summary, &etag), ZI_OK);
    ck_assert_int_eq(th_int(summary, "year"), year);
    ck_assert_int_ge(th_int(json_object_get(json_object_get(summary, "proposals"), "by_state"),
                            "awarded"),
                     1);
    ck_assert_int_ge(th_int(summary, "holders"), 1);
    ck_assert_int_ge(th_int(json_object_get(json_object_get(summary, "units"), "by_predicate"),
                            "wbk"),
                     1);
    ck_assert_int_ge(th_int(summary, "projected_holders"), th_int(summary, "holders"));
    ck_assert(json_is_object(json_object_get(summary, "pact_coverage")));
    ck_assert_msg(etag.value[0] == '"', "summary ETag: %s", etag.value);
    th_assert_status(anon, zi_public_summary(anon, year, &public_summary, &etag2), ZI_OK);
    /* The gratification figures hide small groups from callers other than admin and upg
     * (reader is the UPG's key); everything else is the same document. */
    ck_assert_int_eq(th_int(json_object_get(public_summary, "gratification"), "suppressed_below"),
                     3);
    ck_assert_ptr_null(
        json_object_get(json_object_get(summary, "gratification"), "suppressed_below"));
    ck_assert_int_eq(th_int(json_object_get(public_summary, "gratification"), "year"), year);
    json_object_del(summary, "gratification");
    json_object_del(public_summary, "gratification");
    ck_assert_msg(json_equal(summary, public_summary), "public summary differs");
    ck_assert_msg(etag2.value[0] == '"', "public summary ETag: %s", etag2.value);
    json_decref(public_summary);
    json_decref(summary);
    th_assert_status(anon, zi_summary(anon, year, &summary, NULL), ZI_E_UNAUTHORIZED);
    th_assert_status(reader, zi_summary(reader, 0, &summary, NULL), ZI_OK);
    ck_assert_int_eq(th_int(summary, "year"), th_utc_year());
    json_decref(summary);
    th_assert_status(anon, zi_public_summary(anon, 1999, &summary, NULL), ZI_E_BAD_REQUEST);

    /* The public directory: the unit with its predicate and decree. */
    pp.limit = 200;
    th_assert_status(anon, zi_public_units_pager_new(anon, &pp, &pager), ZI_OK);
    items = th_drain(anon, pager);
    found = 0;
    for (i = 0; i < json_array_size(items); i++) {
        const json_t *u = json_array_get(items, i);
        ck_assert_ptr_null(json_object_get(u, "head_name"));
        if (strcmp(th_str(u, "id"), unit_id) != 0)
            continue;
        found = 1;
        ck_assert_str_eq(th_str(u, "predicate"), "wbk");
        ck_assert_int_eq(th_int(u, "predicate_year"), year);
        ck_assert_str_eq(th_str(u, "decree_number"), decree);
    }
    ck_assert_msg(found, "the unit is not in the public directory");
    json_decref(items);
    zi_pager_free(pager);
    pp.limit = 2;
    th_assert_status(anon, zi_public_units(anon, &pp, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    json_decref(page);

    /* Holding WBK: a new WBK proposal is refused (already_holds). */
    body = json_pack("{s:s, s:i, s:s}", "unit_id", unit_id, "year", year, "target", "wbk");
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &got, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/unit_id", "already_holds");

    /* Revocation: not an admin 403, a future date 422; then revoked (201), the unit holds
     * none, a second revocation is a 409, and a new proposal is refused for two years. */
    {
        json_t *rev = json_pack("{s:s, s:s, s:s}", "reason",
                                "[Contoh] Contoh hipotetis pencabutan oleh SDK", "revoked_on",
                                tomorrow, "decree_number", "[Contoh] SK/CABUT/1");
        json_t *record = NULL;

        th_assert_status(evaluator, zi_units_revoke(evaluator, unit_id, rev, NULL, &record),
                         ZI_E_FORBIDDEN);
        th_assert_status(admin, zi_units_revoke(admin, unit_id, rev, NULL, &record),
                         ZI_E_UNPROCESSABLE);
        assert_field_error(admin, "/revoked_on", "in_future");
        json_object_set_new(rev, "revoked_on", json_string(today));
        th_assert_status(admin, zi_units_revoke(admin, unit_id, rev, NULL, &record), ZI_OK);
        ck_assert_int_eq(zi_last_error(admin)->http_status, 201);
        ck_assert_str_eq(th_str(record, "status"), "revoked");
        ck_assert_str_eq(th_str(record, "level"), "wbk");
        ck_assert_int_eq(th_int(record, "year"), year);
        json_decref(record);
        th_assert_status(admin, zi_units_revoke(admin, unit_id, rev, NULL, &record),
                         ZI_E_CONFLICT);
        th_assert_status(admin, zi_units_revoke(admin, no_such_id, rev, NULL, &record),
                         ZI_E_NOT_FOUND);
        th_assert_status(admin, zi_units_revoke(admin, unit_id, NULL, NULL, &record),
                         ZI_E_ARGUMENT);
        json_decref(rev);
    }
    th_assert_status(anon, zi_units_get(anon, unit_id, &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "predicate"), "none");
    json_decref(got);
    th_assert_status(admin, zi_proposals_create(admin, body, NULL, &got, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/unit_id", "revoked_recently");
    json_decref(body);

    /* Arguments. */
    th_assert_status(admin, zi_proposals_transition(admin, id, &m, NULL, NULL, &got, NULL),
                     ZI_E_ARGUMENT);
    th_assert_status(admin, zi_proposals_get(admin, NULL, &got, NULL), ZI_E_ARGUMENT);
    th_assert_status(admin, zi_proposals_score_put(admin, "", NULL, NULL, &got, NULL),
                     ZI_E_ARGUMENT);
    lp.struct_size = 0;
    th_assert_status(admin, zi_proposals_list(admin, &lp, &page), ZI_E_ARGUMENT);
    th_assert_status(admin, zi_proposals_pager_new(admin, &lp, &pager), ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);

    json_decref(proposal);
    json_decref(other_unit);
    json_decref(unit);
    zi_client_free(evaluator);
    free(evaluator_secret);
    zi_client_free(reader);
    zi_client_free(anon);
    zi_client_free(admin);
}
END_TEST

Suite *proposals_suite(void)
{
    Suite *s = suite_create("proposals");
    TCase *tc = tcase_create("proposals");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_programme_years);
    tcase_add_test(tc, test_thresholds);
    tcase_add_test(tc, test_proposal_workflow);
    suite_add_tcase(s, tc);
    return s;
}
