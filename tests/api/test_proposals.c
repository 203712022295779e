/*
 * test_proposals.c — WBK/WBBM proposals (issue 10), proven through real HTTP against the
 * spec of the issue: programme years, LKE thresholds, proposals and their workflow, score
 * sheets, revocation, the summary (public, cached) and the public unit directory.
 *
 * The first test takes the demo seed's three 2023 proposals all the way to "awarded", so
 * it must run first: later tests award and revoke predicates of units of their own, which
 * changes the number of holders. Every other test works on fresh units and on programme
 * years of its own (a random unused year in 2040–2099) whose submission window holds today.
 */
#include "support.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define P_INVALID "urn:zi:problem:invalid-request"
#define P_UNPROCESSABLE "urn:zi:problem:unprocessable"
#define P_CONFLICT "urn:zi:problem:conflict"
#define P_FORBIDDEN "urn:zi:problem:forbidden"

/* Total 83.27, every threshold of the seeded rows met. */
#define SHEET_ENABLERS                                                                                          \
    "{\"enablers\":{\"change_management\":{\"fulfilment\":3.2,\"reform\":3.2},"                                 \
    "\"business_process\":{\"fulfilment\":2.8,\"reform\":2.8},\"hr_management\":{\"fulfilment\":4,\"reform\":4}," \
    "\"performance_accountability\":{\"fulfilment\":4,\"reform\":4},"                                           \
    "\"supervision\":{\"fulfilment\":6,\"reform\":6},\"public_service\":{\"fulfilment\":4,\"reform\":4}},"
#define SHEET_PASS SHEET_ENABLERS "\"ipak_survey\":3.7,\"ipkp_survey\":3.4,\"performance\":4.2}"
/* The same with an IPKP survey of 3.0: below ipkp_survey_min 3.20 (and ipkp_min 14). */
#define SHEET_FAIL SHEET_ENABLERS "\"ipak_survey\":3.7,\"ipkp_survey\":3.0,\"performance\":4.2}"

/* Conditions met for WBK, a window from 2020 to 2099 (so today lies in it). */
#define YEAR_OPEN                                                                                       \
    "{\"bpk_opinion\":\"WTP\",\"sakip_grade\":\"B\",\"rb_index_grade\":\"CC\",\"submission_opens\":\"2020-01-01\"," \
    "\"submission_closes\":\"2099-12-31\",\"source\":\"[Uji] tahun program\"}"

/* ---- small helpers -------------------------------------------------------------------- */

/* method path (fmt ...) as auth (NULL: the admin key), with If-Match: "<if_match>" when if_match >= 0. */
static th_response *call(const char *method, const char *auth, long if_match, const char *body, const char *fmt,
                         ...) TH_PRINTF(5, 6);

static th_response *call(const char *method, const char *auth, long if_match, const char *body, const char *fmt, ...)
{
    va_list ap;
    char *path;
    char im[64];
    th_response *r;

    va_start(ap, fmt);
    path = th_vformat(fmt, ap);
    va_end(ap);
    snprintf(im, sizeof im, "If-Match: \"%ld\"", if_match);
    r = th_request(method, path, body,
                   (const char *const[]){auth ? auth : th_admin_auth(), if_match >= 0 ? im : NULL, NULL});
    free(path);
    return r;
}

static int str_is(const char *s, const char *want)
{
    return s && strcmp(s, want) == 0;
}

/* A date d days from today (UTC), YYYY-MM-DD. */
static void date_from_today(char out[11], int d)
{
    time_t t = time(NULL) + (time_t)d * 86400;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int rand_int(int lo, int hi)
{
    static int seeded;

    if (!seeded) {
        srand((unsigned)time(NULL) ^ (unsigned)getpid() << 8);
        seeded = 1;
    }
    return lo + rand() % (hi - lo + 1);
}

/* PUT a programme year no row holds yet (random, 2040–2099) with body; asserts 201. */
static int new_year(const char *body)
{
    for (int attempt = 0; attempt < 500; attempt++) {
        int y = rand_int(2040, 2099);
        th_response *r = call("GET", NULL, -1, NULL, "/v1/programme-years/%d", y);
        long st = r->status;

        th_response_free(r);
        if (st != 404)
            continue;
        r = call("PUT", NULL, -1, body, "/v1/programme-years/%d", y);
        th_assert_status(r, 201);
        th_response_free(r);
        return y;
    }
    th_fail("no free programme year left in 2040-2099");
}

/* A fresh puskesmas designated on 2020-01-15 (or not designated when designated is false). */
static void fresh_unit(tu_unit *u, int designated)
{
    char *body;
    th_response *r;

    th_unique(u->code, sizeof u->code, "zt-pkm-");
    body = th_format("{\"code\":\"%s\",\"name\":\"[Uji] puskesmas %s\",\"kind\":\"puskesmas\",\"staff_count\":10%s}",
                     u->code, u->code, designated ? ",\"designated_on\":\"2020-01-15\"" : "");
    r = call("POST", NULL, -1, body, "/v1/units");
    th_assert_status(r, 201);
    snprintf(u->id, sizeof u->id, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    free(body);
}

/* POST /v1/proposals as admin; the response (owned). */
static th_response *propose(const char *unit_id, int year, const char *target)
{
    char *body = th_format("{\"unit_id\":\"%s\",\"year\":%d,\"target\":\"%s\",\"note\":\"[Uji] usulan\"}", unit_id,
                           year, target);
    th_response *r = call("POST", NULL, -1, body, "/v1/proposals");

    free(body);
    return r;
}

/* A new WBK proposal of unit for year (asserting 201, draft); its id into out. */
static void new_proposal(char out[37], const char *unit_id, int year)
{
    th_response *r = propose(unit_id, year, "wbk");

    th_assert_status(r, 201);
    if (!str_is(th_json_str(r->json, "state"), "draft"))
        th_fail("a new proposal must start in draft: %s", th_describe(r));
    snprintf(out, 37, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
}

static long proposal_version(const char *id)
{
    th_response *r = call("GET", NULL, -1, NULL, "/v1/proposals/%s", id);
    long v;

    th_assert_status(r, 200);
    v = (long)th_json_int(r->json, "version");
    th_response_free(r);
    return v;
}

/* A transition of proposal id to state to as auth (NULL: admin) with the current version;
 * extra: more body members ("" for none, else starting with a comma). Owned response. */
static th_response *transition(const char *id, const char *auth, const char *to, const char *extra)
{
    char *body = th_format("{\"to\":\"%s\"%s}", to, extra);
    th_response *r = call("POST", auth, proposal_version(id), body, "/v1/proposals/%s/transitions", id);

    free(body);
    return r;
}

/* transition(), asserting 200 and the new state. */
static void step(const char *id, const char *auth, const char *to, const char *extra)
{
    th_response *r = transition(id, auth, to, extra);

    th_assert_status(r, 200);
    if (!str_is(th_json_str(r->json, "state"), to))
        th_fail("transition to %s: the proposal says %s", to, th_describe(r));
    th_response_free(r);
}

/* A fresh unit, a proposal of it for year, moved to tpi_review; ids into unit and id. */
static void proposal_in_review(tu_unit *unit, char id[37], int year)
{
    fresh_unit(unit, 1);
    new_proposal(id, unit->id, year);
    step(id, NULL, "tpi_review", "");
}

/* First score sheet of proposal id (asserting 201). */
static void first_sheet(const char *id, const tu_key *ev, const char *sheet)
{
    th_response *r = call("PUT", ev->auth, -1, sheet, "/v1/proposals/%s/score-sheet", id);

    th_assert_status(r, 201);
    th_response_free(r);
}

/* From tpi_review with a passing sheet to awarded (occurred today) under decree decree. */
static void award(const char *id, const tu_key *ev, const char *decree)
{
    char today[11];
    char *extra;

    date_from_today(today, 0);
    extra = th_format(",\"decree_number\":\"%s\",\"decree_date\":\"%s\"", decree, today);
    first_sheet(id, ev, SHEET_PASS);
    step(id, ev->auth, "submitted", "");
    step(id, NULL, "selection_passed", "");
    step(id, NULL, "desk_evaluation", "");
    step(id, NULL, "field_evaluation", "");
    step(id, NULL, "awarded", extra);
    free(extra);
}

static json_t *get_json(const char *fmt, ...) TH_PRINTF(1, 2);

static json_t *get_json(const char *fmt, ...)
{
    va_list ap;
    char *path;
    th_response *r;
    json_t *v;

    va_start(ap, fmt);
    path = th_vformat(fmt, ap);
    va_end(ap);
    r = th_request("GET", path, NULL, NULL);
    th_assert_status(r, 200);
    v = json_incref(r->json);
    th_response_free(r);
    free(path);
    return v;
}

static void expect_int(const json_t *doc, const char *what, long long got, long long want)
{
    if (got != want)
        th_fail("%s: expected %lld, got %lld in %.1500s", what, want, got, json_dumps(doc, JSON_COMPACT));
}

/* ---- 1. the seed's 2023 proposals ----------------------------------------------------- */

TH_TEST(test_seed_summary_2023_says_4_holders_3_proposed_projected_7_and_the_awards_make_7)
{
    static const char *const CODES[] = {"PKM-MENTIKAN", "PKM-KEDUNDUNG", "PKM-BLOOTO"};
    int seen[3] = {0, 0, 0};
    char units[3][37];
    tu_key ev;
    json_t *s = get_json("/v1/public/summary?year=2023");
    th_response *r;
    size_t i;
    const json_t *p;

    expect_int(s, "holders", th_json_int(s, "holders"), 4);
    expect_int(s, "proposals.proposed", th_json_int(json_object_get(s, "proposals"), "proposed"), 3);
    expect_int(s, "projected_holders", th_json_int(s, "projected_holders"), 7);
    json_decref(s);

    tu_create_key(&ev, "evaluator", NULL, NULL);
    r = call("GET", NULL, -1, NULL, "/v1/proposals?year=2023&state=tpi_review");
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != 3)
        th_fail("expected the seed's 3 proposals of 2023 in tpi_review: %s", th_describe(r));
    json_array_foreach(tu_data(r), i, p) {
        const char *id = th_json_str(p, "id");
        json_t *unit = get_json("/v1/units/%s", th_json_str(p, "unit_id"));
        const char *code = th_json_str(unit, "code");
        char *extra;
        char *decree = th_format("[Uji] SK 2023/%zu", i + 1);
        int k;

        for (k = 0; k < 3 && !(code && strcmp(code, CODES[k]) == 0); k++)
            ;
        if (k == 3 || seen[k]++)
            th_fail("unexpected unit %s among the seed's proposals", code ? code : "(none)");
        snprintf(units[i], sizeof units[i], "%s", th_json_str(p, "unit_id"));
        json_decref(unit);

        first_sheet(id, &ev, SHEET_PASS);
        step(id, ev.auth, "submitted", ",\"occurred_on\":\"2023-07-20\"");
        step(id, NULL, "selection_passed", ",\"occurred_on\":\"2023-09-01\"");
        step(id, NULL, "desk_evaluation", ",\"occurred_on\":\"2023-10-02\"");
        step(id, NULL, "field_evaluation", ",\"occurred_on\":\"2023-11-01\"");
        extra = th_format(",\"occurred_on\":\"2023-12-06\",\"decree_number\":\"%s\",\"decree_date\":\"2023-12-06\"",
                          decree);
        step(id, NULL, "awarded", extra);
        free(extra);

        /* The unit now holds an active WBK under that decree. */
        {
            th_response *h = call("GET", NULL, -1, NULL, "/v1/units/%s/predicate-history", units[i]);
            const json_t *row;
            size_t j;
            int found = 0;

            th_assert_status(h, 200);
            json_array_foreach(tu_data(h), j, row) {
                const char *st = th_json_str(row, "status");
                const char *lv = th_json_str(row, "level");
                const char *dn = th_json_str(row, "decree_number");
                if (str_is(st, "active") && str_is(lv, "wbk") && str_is(dn, decree))
                    found++;
            }
            if (found != 1)
                th_fail("unit %s: expected one active wbk row with decree %s: %s", code, decree, th_describe(h));
            th_response_free(h);
        }
        free(decree);
    }
    th_response_free(r);

    s = get_json("/v1/public/summary?year=2023");
    expect_int(s, "holders after the awards", th_json_int(s, "holders"), 7);
    expect_int(s, "projected_holders after the awards", th_json_int(s, "projected_holders"), 7);
    json_decref(s);
}

/* ---- 3. refusals ---------------------------------------------------------------------- */

TH_TEST(test_proposal_refusals_name_the_rule_wbk_required_open_proposal_designation_missing_city_conditions)
{
    int y = new_year(YEAR_OPEN);
    int wdp = new_year("{\"bpk_opinion\":\"WDP\",\"sakip_grade\":\"B\",\"rb_index_grade\":\"CC\","
                       "\"submission_opens\":\"2020-01-01\",\"submission_closes\":\"2099-12-31\"}");
    tu_unit u;
    tu_unit bare;
    char id[37];
    th_response *r;

    fresh_unit(&u, 1);
    r = propose(u.id, y, "wbbm");
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/unit_id", "wbk_required");
    th_response_free(r);

    new_proposal(id, u.id, y);
    r = propose(u.id, y, "wbk");
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/unit_id", "open_proposal_exists");
    th_response_free(r);

    fresh_unit(&bare, 0);
    r = propose(bare.id, y, "wbk");
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/unit_id", "designation_missing");
    th_response_free(r);

    r = propose(u.id, wdp, "wbk");
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/year", "city_conditions");
    th_response_free(r);
}

TH_TEST(test_a_unit_whose_wbk_was_revoked_10_days_ago_is_refused_revoked_recently)
{
    int y = new_year(YEAR_OPEN);
    tu_unit u;
    tu_key ev;
    char id[37];
    char when[11];
    char *body;
    th_response *r;

    tu_create_key(&ev, "evaluator", NULL, NULL);
    proposal_in_review(&u, id, y);
    award(id, &ev, "[Uji] SK dicabut");

    date_from_today(when, -10);
    body = th_format("{\"reason\":\"[Uji] dicabut\",\"revoked_on\":\"%s\"}", when);
    r = call("POST", NULL, -1, body, "/v1/units/%s/revocations", u.id);
    th_assert_status(r, 201);
    th_response_free(r);
    free(body);

    r = propose(u.id, y, "wbk");
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/unit_id", "revoked_recently");
    th_response_free(r);
}

TH_TEST(test_submission_outside_the_window_or_below_a_threshold_is_422)
{
    int y = new_year(YEAR_OPEN);
    int closed = new_year("{\"bpk_opinion\":\"WTP\",\"sakip_grade\":\"B\",\"rb_index_grade\":\"CC\","
                          "\"submission_opens\":\"2020-01-01\",\"submission_closes\":\"2020-12-31\"}");
    tu_unit u1;
    tu_unit u2;
    tu_key ev;
    char id1[37];
    char id2[37];
    char today[11];
    char *extra;
    th_response *r;

    tu_create_key(&ev, "evaluator", NULL, NULL);
    date_from_today(today, 0);
    extra = th_format(",\"occurred_on\":\"%s\"", today);

    proposal_in_review(&u1, id1, closed);
    first_sheet(id1, &ev, SHEET_PASS);
    r = transition(id1, ev.auth, "submitted", extra);
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/occurred_on", "outside_window");
    th_response_free(r);

    proposal_in_review(&u2, id2, y);
    first_sheet(id2, &ev, SHEET_FAIL);
    r = transition(id2, ev.auth, "submitted", extra);
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/score_sheet", "thresholds_not_met");
    th_assert_field_error(r, "/score_sheet/checks/ipkp_survey_min", "thresholds_not_met");
    th_response_free(r);
    free(extra);
}

/* ---- 4. the workflow ------------------------------------------------------------------ */

TH_TEST(test_workflow_refuses_unreachable_steps_other_roles_and_missing_or_stale_versions_and_versions_sheets)
{
    int y = new_year(YEAR_OPEN);
    tu_unit u;
    tu_key ev;
    char id[37];
    const json_t *next;
    th_response *r;
    const char *etag;
    char *path;
    char im[96];

    tu_create_key(&ev, "evaluator", NULL, NULL);
    fresh_unit(&u, 1);
    new_proposal(id, u.id, y);

    r = transition(id, NULL, "awarded", ",\"decree_number\":\"[Uji] SK\",\"decree_date\":\"2040-01-01\"");
    th_assert_problem(r, 409, P_CONFLICT);
    next = json_object_get(r->json, "allowed_next");
    if (!str_is(th_json_str(r->json, "state"), "draft") || json_array_size(next) != 1 ||
        !str_is(json_string_value(json_array_get(next, 0)), "tpi_review"))
        th_fail("the 409 must carry state draft and allowed_next [tpi_review]: %s", th_describe(r));
    th_response_free(r);

    r = transition(id, ev.auth, "tpi_review", "");
    th_assert_problem(r, 403, P_FORBIDDEN);
    th_response_free(r);

    r = call("POST", NULL, -1, "{\"to\":\"tpi_review\"}", "/v1/proposals/%s/transitions", id);
    th_assert_status(r, 428);
    th_response_free(r);
    r = call("POST", NULL, proposal_version(id) + 7, "{\"to\":\"tpi_review\"}", "/v1/proposals/%s/transitions", id);
    th_assert_status(r, 412);
    th_response_free(r);

    /* A score sheet only while in tpi_review. */
    r = call("PUT", ev.auth, -1, SHEET_PASS, "/v1/proposals/%s/score-sheet", id);
    th_assert_problem(r, 409, P_CONFLICT);
    th_response_free(r);

    step(id, NULL, "tpi_review", "");
    r = call("PUT", ev.auth, -1, SHEET_FAIL, "/v1/proposals/%s/score-sheet", id);
    th_assert_status(r, 201);
    etag = th_header(r, "ETag");
    if (!etag)
        th_fail("a score sheet without ETag: %s", th_describe(r));
    snprintf(im, sizeof im, "If-Match: %s", etag);
    th_response_free(r);
    r = call("PUT", ev.auth, -1, SHEET_PASS, "/v1/proposals/%s/score-sheet", id);
    th_assert_status(r, 428);
    th_response_free(r);
    path = th_format("/v1/proposals/%s/score-sheet", id);
    r = th_request("PUT", path, SHEET_PASS, (const char *const[]){ev.auth, im, NULL});
    free(path);
    th_assert_status(r, 200);
    expect_int(r->json, "score sheet version", th_json_int(r->json, "version"), 2);
    if (!json_is_true(json_object_get(r->json, "all_met")))
        th_fail("the passing sheet must meet every threshold: %s", th_describe(r));
    th_response_free(r);
    r = call("GET", NULL, -1, NULL, "/v1/proposals/%s/score-sheet/history", id);
    th_assert_status(r, 200);
    if (json_array_size(tu_data(r)) != 2 || th_json_int(json_array_get(tu_data(r), 0), "version") != 2)
        th_fail("the history must hold both versions, newest first: %s", th_describe(r));
    th_response_free(r);

    step(id, ev.auth, "submitted", "");
    step(id, NULL, "selection_passed", "");
    step(id, NULL, "desk_evaluation", "");
    step(id, NULL, "field_evaluation", "");
    r = transition(id, NULL, "awarded", "");
    th_assert_problem(r, 400, P_INVALID);
    th_assert_field_error(r, "/decree_number", "required");
    th_response_free(r);
}

/* ---- 5. concurrent transitions --------------------------------------------------------- */

typedef struct race {
    char *url;
    const char *auth;
    char if_match[64];
    long status[2];
} race;

static void race_reject(int i, void *arg)
{
    race *rc = arg;
    th_response *r = th_try_request("POST", rc->url, "{\"to\":\"tpi_rejected\",\"note\":\"[Uji] balapan\"}",
                                    (const char *const[]){rc->auth, rc->if_match, NULL});

    rc->status[i] = r ? r->status : -1;
    th_response_free(r);
}

TH_TEST(test_two_concurrent_transitions_with_the_same_if_match_one_wins_the_other_gets_412)
{
    int y = new_year(YEAR_OPEN);
    tu_unit u;
    tu_key ev;
    char id[37];
    char *path;
    race rc;

    tu_create_key(&ev, "evaluator", NULL, NULL);
    proposal_in_review(&u, id, y);
    path = th_format("/v1/proposals/%s/transitions", id);
    rc.url = tu_url(NULL, path);
    rc.auth = ev.auth;
    snprintf(rc.if_match, sizeof rc.if_match, "If-Match: \"%ld\"", proposal_version(id));
    rc.status[0] = rc.status[1] = 0;
    tu_parallel(2, race_reject, &rc);
    if (!((rc.status[0] == 200 && rc.status[1] == 412) || (rc.status[0] == 412 && rc.status[1] == 200)))
        th_fail("expected one 200 and one 412; got %ld and %ld", rc.status[0], rc.status[1]);
    free(rc.url);
    free(path);
}

/* ---- 6. thresholds --------------------------------------------------------------------- */

TH_TEST(test_thresholds_list_the_seeded_wbk_row_and_a_new_row_is_unique_per_date_and_frozen_once_confirmed)
{
    json_t *list = get_json("/v1/lke-thresholds?predicate=wbk");
    const json_t *row;
    size_t i;
    int seeded = 0;
    char date[11];
    char *body;
    char id[37];
    th_response *r;

    json_array_foreach(json_object_get(list, "data"), i, row) {
        const char *src = th_json_str(row, "source");
        if (str_is(th_json_str(row, "effective_from"), "2021-01-01") &&
            fabs(json_number_value(json_object_get(row, "total_min")) - 75.0) < 0.001 && src &&
            strstr(src, "PermenPAN-RB 90/2021") && json_is_false(json_object_get(row, "confirmed")))
            seeded++;
    }
    if (seeded != 1)
        th_fail("expected the seeded wbk row (2021-01-01, total 75, PermenPAN-RB 90/2021, unconfirmed): %.1500s",
                json_dumps(list, JSON_COMPACT));
    json_decref(list);

    snprintf(date, sizeof date, "20%d-%02d-%02d", rand_int(40, 49), rand_int(1, 12), rand_int(1, 28));
    /* The seeded wbk minima, so that proposals of later years are judged as before. */
    body = th_format("{\"predicate\":\"wbk\",\"effective_from\":\"%s\",\"source\":\"[Uji] ambang\","
                     "\"total_min\":75,\"enablers_min\":40,\"area_min_pct\":60,\"ipak_min\":15.75,"
                     "\"ipak_survey_min\":3.6,\"performance_min\":2.5,\"ipkp_min\":14,\"ipkp_survey_min\":3.2,"
                     "\"ipak_performance_min\":18.25}",
                     date);
    r = call("POST", NULL, -1, body, "/v1/lke-thresholds");
    th_assert_status(r, 201);
    snprintf(id, sizeof id, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    r = call("POST", NULL, -1, body, "/v1/lke-thresholds");
    th_assert_problem(r, 409, P_CONFLICT);
    th_assert_field_error(r, "/effective_from", "duplicate");
    th_response_free(r);
    free(body);

    r = call("PATCH", NULL, 1, "{\"confirmed\":true}", "/v1/lke-thresholds/%s", id);
    th_assert_status(r, 200);
    if (!json_is_true(json_object_get(r->json, "confirmed")))
        th_fail("the row must read back confirmed: %s", th_describe(r));
    th_response_free(r);
    r = call("PATCH", NULL, 2, "{\"source\":\"[Uji] diubah\"}", "/v1/lke-thresholds/%s", id);
    th_assert_problem(r, 409, P_CONFLICT);
    th_response_free(r);
}

/* ---- 7. programme years ---------------------------------------------------------------- */

TH_TEST(test_programme_year_put_creates_then_replaces_under_if_match_and_checks_the_window_and_path)
{
    int y;
    char loc[32];
    th_response *r;

    for (;;) {
        y = rand_int(2040, 2099);
        r = call("GET", NULL, -1, NULL, "/v1/programme-years/%d", y);
        if (r->status == 404)
            break;
        th_response_free(r);
    }
    th_response_free(r);
    snprintf(loc, sizeof loc, "/v1/programme-years/%d", y);
    r = call("PUT", NULL, -1, YEAR_OPEN, "/v1/programme-years/%d", y);
    th_assert_status(r, 201);
    if (!th_header(r, "Location") || !strstr(th_header(r, "Location"), loc))
        th_fail("a created programme year needs its Location: %s", th_describe(r));
    th_response_free(r);

    r = call("PUT", NULL, -1, "{\"sakip_grade\":\"BB\"}", "/v1/programme-years/%d", y);
    th_assert_status(r, 428);
    th_response_free(r);
    r = call("PUT", NULL, 1, "{\"sakip_grade\":\"BB\"}", "/v1/programme-years/%d", y);
    th_assert_status(r, 200);
    if (!str_is(th_json_str(r->json, "sakip_grade"), "BB") || !str_is(th_json_str(r->json, "bpk_opinion"), "WTP") ||
        th_json_int(r->json, "version") != 2)
        th_fail("the PUT replaces only the given members: %s", th_describe(r));
    th_response_free(r);

    r = call("PUT", NULL, 2, "{\"submission_opens\":\"2030-06-01\",\"submission_closes\":\"2030-01-01\"}",
             "/v1/programme-years/%d", y);
    th_assert_problem(r, 422, P_UNPROCESSABLE);
    th_assert_field_error(r, "/submission_closes", "before_opens");
    th_response_free(r);

    r = call("GET", NULL, -1, NULL, "/v1/programme-years/1999");
    th_assert_problem(r, 400, P_INVALID);
    th_assert_field_error(r, "year", NULL);
    th_response_free(r);
}

/* ---- 8. the summary cache and the public directory ------------------------------------- */

TH_TEST(test_public_summary_answers_304_to_its_etag_and_the_public_directory_speaks_csv)
{
    th_response *r = th_request("GET", "/v1/public/summary?year=2023", NULL, NULL);
    char inm[160];
    const char *ct;

    th_assert_status(r, 200);
    if (!th_header(r, "ETag"))
        th_fail("the summary needs an ETag: %s", th_describe(r));
    snprintf(inm, sizeof inm, "If-None-Match: %s", th_header(r, "ETag"));
    th_response_free(r);
    r = th_request("GET", "/v1/public/summary?year=2023", NULL, (const char *const[]){inm, NULL});
    th_assert_status(r, 304);
    th_response_free(r);

    r = th_request("GET", "/v1/public/units?limit=5", NULL, (const char *const[]){"Accept: text/csv", NULL});
    th_assert_status(r, 200);
    ct = th_header(r, "Content-Type");
    if (!ct || strncmp(ct, "text/csv", 8) != 0 || strncmp(r->body, "id,code,name", 12) != 0)
        th_fail("expected CSV with a header row id,code,name...: %s", th_describe(r));
    th_response_free(r);
}

Suite *proposals_suite(void)
{
    Suite *s = suite_create("proposals");
    TCase *tc = tcase_create("proposals");

    tcase_set_timeout(tc, 120);
    /* First: the others award and revoke predicates, which changes the holders. */
    tcase_add_test(tc, test_seed_summary_2023_says_4_holders_3_proposed_projected_7_and_the_awards_make_7);
    tcase_add_test(tc, test_proposal_refusals_name_the_rule_wbk_required_open_proposal_designation_missing_city_conditions);
    tcase_add_test(tc, test_a_unit_whose_wbk_was_revoked_10_days_ago_is_refused_revoked_recently);
    tcase_add_test(tc, test_submission_outside_the_window_or_below_a_threshold_is_422);
    tcase_add_test(tc, test_workflow_refuses_unreachable_steps_other_roles_and_missing_or_stale_versions_and_versions_sheets);
    tcase_add_test(tc, test_two_concurrent_transitions_with_the_same_if_match_one_wins_the_other_gets_412);
    tcase_add_test(tc, test_thresholds_list_the_seeded_wbk_row_and_a_new_row_is_unique_per_date_and_frozen_once_confirmed);
    tcase_add_test(tc, test_programme_year_put_creates_then_replaces_under_if_match_and_checks_the_window_and_path);
    tcase_add_test(tc, test_public_summary_answers_304_to_its_etag_and_the_public_directory_speaks_csv);
    suite_add_tcase(s, tc);
    return s;
}
