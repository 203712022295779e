/*
 * WBK/WBBM proposals (issue 10, DOMAIN §4): the city's conditions and window per year, the LKE
 * threshold table, proposals with their eligibility rules and workflow, the TPI's score sheets,
 * awards (in the transaction of the final step) and revocations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/proposals_db.h"
#include "../db/units_db.h"
#include "../domain/lke.h"
#include "../domain/proposal.h"
#include "../domain/validate.h"
#include "api.h"

#define RESOLVER (&proposals_db_statements[PROPOSALS_DB_RESOLVE])

static const char *const opinions[] = {"WTP", "WDP", "TW", "TMP", NULL};
static const char *const grades[] = {"AA", "A", "BB", "B", "CC", "C", "D", NULL};
static const char *const predicates[] = {"wbk", "wbbm", NULL};

/* ---- fields ---- */

static const zi_field_spec year_field_specs[] = {
    {"bpk_opinion", FT_ENUM, F_NULLABLE, 0, 0, opinions, NULL, NULL, 0, 0},
    {"sakip_grade", FT_ENUM, F_NULLABLE, 0, 0, grades, NULL, NULL, 0, 0},
    {"rb_index_grade", FT_ENUM, F_NULLABLE, 0, 0, grades, NULL, NULL, 0, 0},
    {"submission_opens", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"submission_closes", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"source", FT_STRING, F_NULLABLE, 0, 500, NULL, NULL, NULL, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("year", FT_INT),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset year_fields = ZI_FIELDSET("programme_year", year_field_specs, NULL, NULL);

#define MINIMUM(name, max) {name, FT_DECIMAL, F_REQUIRED, 0, max, NULL, NULL, NULL, 0, 0}
static const zi_field_spec threshold_field_specs[] = {
    {"predicate", FT_ENUM, F_REQUIRED | F_CREATE_ONLY, 0, 0, predicates, NULL, NULL, 0, 0},
    {"effective_from", FT_DATE, F_REQUIRED | F_CREATE_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
    {"source", FT_STRING, F_REQUIRED, 1, 500, NULL, NULL, NULL, 0, 0},
    {"confirmed", FT_BOOL, 0, 0, 0, NULL, NULL, NULL, 0, 0},
    MINIMUM("total_min", 10000),
    MINIMUM("enablers_min", 6000),
    {"area_min_pct", FT_INT, F_REQUIRED, 0, 100, NULL, NULL, NULL, 0, 0},
    MINIMUM("ipak_min", 1750),
    MINIMUM("ipak_survey_min", 400),
    MINIMUM("performance_min", 500),
    MINIMUM("ipkp_min", 1750),
    MINIMUM("ipkp_survey_min", 400),
    MINIMUM("ipak_performance_min", 2250),
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset threshold_fields = ZI_FIELDSET("lke_threshold", threshold_field_specs, NULL, NULL);

static const zi_field_spec proposal_field_specs[] = {
    {"unit_id", FT_UUID, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"year", FT_INT, F_REQUIRED, 2010, 2100, NULL, NULL, NULL, 0, 0},
    {"target", FT_ENUM, F_REQUIRED, 0, 0, predicates, NULL, NULL, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY_ENUM("state", proposal_states),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset proposal_fields = ZI_FIELDSET("proposal", proposal_field_specs, "unit_id", NULL);

static const zi_field_spec step_field_specs[] = {
    {"to", FT_ENUM, F_REQUIRED, 0, 0, proposal_states, NULL, NULL, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL, 0, 0},
    {"occurred_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"decree_number", FT_STRING, F_NULLABLE, 1, 200, NULL, NULL, NULL, 0, 0},
    {"decree_date", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
};
static const zi_fieldset step_fields = ZI_FIELDSET("proposal_transition", step_field_specs, NULL, NULL);

static const zi_field_spec revocation_field_specs[] = {
    {"reason", FT_TEXT, F_REQUIRED, 1, 2000, NULL, NULL, NULL, 0, 0},
    {"revoked_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"decree_number", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, 0, 0},
};
static const zi_fieldset revocation_fields = ZI_FIELDSET("unit_predicate", revocation_field_specs, NULL, NULL);

/* ---- messages ---- */

static const zi_text MSG_YEAR_NOT_FOUND[1] = {{"Tahun program belum dicatat.", "No programme data for that year."}};
static const zi_text MSG_THRESHOLD_NOT_FOUND[1] = {{"Ambang LKE tidak ditemukan.", "LKE threshold row not found."}};
static const zi_text MSG_THRESHOLD_CONFIRMED[1] = {
    {"Ambang yang sudah dikonfirmasi tidak diubah; tambahkan baris dengan tanggal berlaku baru.",
     "A confirmed threshold row is not edited; add a row with a new effective date."}};
static const zi_text MSG_PROPOSAL_NOT_FOUND[1] = {{"Usulan tidak ditemukan.", "Proposal not found."}};
static const zi_text MSG_NOT_ELIGIBLE[1] = {{"Usulan melanggar {a} aturan; lihat `errors`.",
                                             "The proposal breaks {a} rule(s); see `errors`."}};
static const zi_text MSG_BAD_STEP[1] = {
    {"Usulan berstatus {s}; langkah yang mungkin ada di `allowed_next`.",
     "The proposal is in state {s}; the possible next states are in `allowed_next`."}};
static const zi_text MSG_NOT_YOUR_STEP[1] = {{"Langkah ini milik peran lain.", "This step belongs to another role."}};
static const zi_text MSG_NOT_SCORING[1] = {{"Nilai LKE hanya diisi selama reviu TPI (status tpi_review).",
                                            "LKE scores are entered only during the TPI review (state tpi_review)."}};
static const zi_text MSG_NO_THRESHOLDS[1] = {{"Belum ada ambang LKE yang berlaku untuk predikat dan tahun ini.",
                                              "No LKE threshold row applies to this predicate and year."}};
static const zi_text MSG_SHEET_NOT_FOUND[1] = {{"Lembar nilai belum ada.", "No score sheet yet."}};
static const zi_text MSG_NO_PREDICATE[1] = {{"Unit tidak memegang predikat aktif.", "The unit holds no active predicate."}};
static const zi_msg proposal_messages[] = {MSG_YEAR_NOT_FOUND,  MSG_THRESHOLD_NOT_FOUND, MSG_THRESHOLD_CONFIRMED,
                                           MSG_PROPOSAL_NOT_FOUND, MSG_NOT_ELIGIBLE,   MSG_BAD_STEP,
                                           MSG_NOT_YOUR_STEP,   MSG_NOT_SCORING,         MSG_NO_THRESHOLDS,
                                           MSG_SHEET_NOT_FOUND, MSG_NO_PREDICATE,        NULL};

/* ---- programme years ---- */

static zi_result get_year(zi_req *r)
{
    long year;
    if (api_path_year(r, &year) != 0)
        return ZI_E_INVALID;
    char *json = NULL;
    long version = 0;
    zi_result rc = programme_years_db_get(r->db, req_path(r, "year"), &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_YEAR_NOT_FOUND);
}

static zi_result list_years(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, programme_years_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = programme_years_db_list(r->db, p.after_value, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result put_year(zi_req *r)
{
    long year, current = 0;
    if (api_path_year(r, &year) != 0)
        return ZI_E_INVALID;
    const char *y = req_path(r, "year");
    zi_result rc = programme_years_db_lock(r->db, y, &current);
    int exists = rc == ZI_OK;
    if (rc == ZI_E_NOT_FOUND)
        rc = ZI_OK;
    if (rc == ZI_OK && exists)
        rc = req_check_if_match(r, current);
    const char *opens = json_string_value(req_field(r, "submission_opens"));
    const char *closes = json_string_value(req_field(r, "submission_closes"));
    if (rc == ZI_OK && opens && closes && strcmp(closes, opens) < 0) {
        req_field_error(r, ZI_IN_BODY, "/submission_closes", "before_opens", 0, 0, NULL);
        rc = ZI_E_UNPROCESSABLE;
    }
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? programme_years_db_put(r->db, y, body, exists, &json, &version) : ZI_E_INTERNAL;
    free(body);
    /* A stored date on the other side of the one sent: the table's check refuses it. */
    if (rc == ZI_E_INTERNAL && json == NULL && r->errors.count == 0 && (opens || closes)) {
        req_field_error(r, ZI_IN_BODY, "/submission_closes", "before_opens", 0, 0, NULL);
        rc = ZI_E_UNPROCESSABLE;
    }
    char location[48];
    snprintf(location, sizeof location, "/v1/programme-years/%ld", year);
    return api_reply_record(r, rc, exists ? 200 : 201, json, version, exists ? NULL : location, NULL);
}

/* ---- thresholds ---- */

static zi_result list_thresholds(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, thresholds_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = thresholds_db_list(r->db, req_query_str(r, "predicate"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result get_threshold(zi_req *r)
{
    return api_record_by_id(r, thresholds_db_get, MSG_THRESHOLD_NOT_FOUND);
}

static zi_result create_threshold(zi_req *r)
{
    char *body = req_body_text(r);
    char *json = NULL, *id = NULL;
    long version = 0;
    zi_result rc = body ? thresholds_db_create(r->db, body, &r->errors, &json, &version, &id) : ZI_E_INTERNAL;
    free(body);
    char location[80];
    snprintf(location, sizeof location, "/v1/lke-thresholds/%s", id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

static zi_result update_threshold(zi_req *r)
{
    const char *id = req_path(r, "id");
    long current = 0;
    int confirmed = 0;
    zi_result rc = thresholds_db_lock(r->db, id, &current, &confirmed);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, current);
    if (rc == ZI_OK && confirmed) {
        req_detail(r, MSG_THRESHOLD_CONFIRMED, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? thresholds_db_update(r->db, id, body, &json, &version) : ZI_E_INTERNAL;
    free(body);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_THRESHOLD_NOT_FOUND);
}

/* ---- proposals ---- */

/* The proposal's representation with the states reachable from its own. */
static char *with_next(const char *json, size_t len)
{
    json_t *obj = json_loadb(json, len, 0, NULL);
    if (obj == NULL)
        return NULL;
    const char *next[16];
    const char *state = json_string_value(json_object_get(obj, "state"));
    size_t n = state ? proposal_next(state, next, 16) : 0;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_string(next[i]));
    json_object_set_new(obj, "allowed_next", list);
    char *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return out;
}

static char *next_item(const zi_req *r, const char *item, size_t len)
{
    (void)r;
    return with_next(item, len);
}

static zi_result reply_proposal(zi_req *r, zi_result rc, int status, const char *id, const char *location)
{
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = proposals_db_get(r->db, id, &json, &version);
    char *shown = json ? with_next(json, strlen(json)) : NULL;
    free(json);
    if (rc == ZI_OK && shown == NULL)
        rc = ZI_E_INTERNAL;
    return api_reply_record(r, rc, status, shown, version, location, MSG_PROPOSAL_NOT_FOUND);
}

static zi_result get_proposal(zi_req *r)
{
    return reply_proposal(r, ZI_OK, 200, req_path(r, "id"), NULL);
}

static zi_result list_proposals(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, proposals_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    proposal_filter f = {
        .year = req_query_str(r, "year"),
        .unit_id = req_query_str(r, "unit_id"),
        .state = req_query_str(r, "state"),
        .target = req_query_str(r, "target"),
        .after_value = p.after_value,
        .after_id = p.after_id,
        .limit = p.limit,
    };
    db_page page;
    rc = proposals_db_list(r->db, &f, &page);
    return rc == ZI_OK ? api_reply_page_with(r, &page, &p, next_item) : rc;
}

/* Where each rule's refusal points in the request. */
static const char *rule_field(const char *code)
{
    if (strcmp(code, "outside_window") == 0)
        return "/occurred_on";
    if (strcmp(code, "city_conditions") == 0)
        return "/year";
    return "/unit_id";
}

/* The eligibility rules at date `on` (domain/proposal.h); every refusal becomes a field error.
 * ZI_OK when none refuses. */
static zi_result check_rules(zi_req *r, const char *unit_id, long year, const char *target, const char *on,
                             const char *except_id, int check_window)
{
    proposal_facts_db db;
    zi_result rc = proposals_db_facts(r->db, unit_id, year, except_id, &db);
    if (rc == ZI_E_NOT_FOUND) {
        req_field_error(r, ZI_IN_BODY, "/unit_id", "not_found", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    if (rc != ZI_OK)
        return rc;
    if (db.archived) {
        proposal_facts_db_free(&db);
        req_field_error(r, ZI_IN_BODY, "/unit_id", "archived", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    proposal_facts f = {target, on, db.designated_on, db.predicate, db.last_revoked_on, db.other_open, check_window,
                        db.window_opens, db.window_closes, db.bpk, db.sakip, db.rb};
    const char *codes[8], *which = NULL;
    size_t n = proposal_refusals(&f, codes, &which);
    for (size_t i = 0; i < n; i++)
        req_field_error(r, ZI_IN_BODY, rule_field(codes[i]), codes[i], 0, 0,
                        strcmp(codes[i], "city_conditions") == 0 ? which : NULL);
    proposal_facts_db_free(&db);
    if (n == 0)
        return ZI_OK;
    req_detail(r, MSG_NOT_ELIGIBLE, (long)n, NULL);
    return ZI_E_UNPROCESSABLE;
}

static zi_result create_proposal(zi_req *r)
{
    char today[11];
    api_today(today);
    const char *target = json_string_value(req_field(r, "target"));
    long year = (long)json_integer_value(req_field(r, "year"));
    zi_result rc = check_rules(r, r->scope_unit, year, target, today, NULL, 0);
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *id = NULL;
    if (rc == ZI_OK)
        rc = body ? proposals_db_create(r->db, body, &id) : ZI_E_INTERNAL;
    free(body);
    if (rc == ZI_E_CONFLICT) {
        /* Another request opened one between the check and the insert. */
        req_field_error(r, ZI_IN_BODY, "/unit_id", "open_proposal_exists", 0, 0, NULL);
        req_detail(r, MSG_NOT_ELIGIBLE, 1, NULL);
        rc = ZI_E_UNPROCESSABLE;
    }
    char location[80];
    snprintf(location, sizeof location, "/v1/proposals/%s", id ? id : "");
    rc = reply_proposal(r, rc, 201, id, location);
    free(id);
    return rc;
}

/* The score sheet must exist and meet every threshold before the TPI forwards a proposal. */
static zi_result check_sheet(zi_req *r, const char *id)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = score_sheets_db_get(r->db, id, &json, &version);
    if (rc != ZI_OK && rc != ZI_E_NOT_FOUND)
        return rc;
    json_t *sheet = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    int met = json_is_true(json_object_get(sheet, "all_met"));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(sheet, "checks"), i, c) {
        if (json_is_true(json_object_get(c, "met")))
            continue;
        char field[96], hint[96];
        snprintf(field, sizeof field, "/score_sheet/checks/%.60s", json_string_value(json_object_get(c, "rule")));
        snprintf(hint, sizeof hint, "%.2f < %.2f", json_number_value(json_object_get(c, "actual")),
                 json_number_value(json_object_get(c, "required")));
        req_field_error(r, ZI_IN_BODY, field, "thresholds_not_met", 0, 0, hint);
    }
    json_decref(sheet);
    if (met)
        return ZI_OK;
    req_field_error(r, ZI_IN_BODY, "/score_sheet", "thresholds_not_met", 0, 0, "/score_sheet/checks");
    req_detail(r, MSG_NOT_ELIGIBLE, 1, NULL);
    return ZI_E_UNPROCESSABLE;
}

/* A step that is no step of the workflow from here: 409 naming the state and the way on. */
static zi_result bad_step(zi_req *r, const char *state)
{
    const char *next[16];
    size_t n = proposal_next(state, next, 16);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_string(next[i]));
    r->problem_extra = json_pack("{s:s, s:o}", "state", state, "allowed_next", list);
    req_detail(r, MSG_BAD_STEP, 0, state);
    return ZI_E_CONFLICT;
}

static zi_result transition_proposal(zi_req *r)
{
    const char *id = req_path(r, "id");
    proposal_row p;
    zi_result rc = proposals_db_lock(r->db, id, &p);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_PROPOSAL_NOT_FOUND, 0, NULL);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, p.version);
    if (rc != ZI_OK)
        return rc;
    const char *to = json_string_value(req_field(r, "to"));
    unsigned roles = proposal_step_roles(p.state, to);
    if (roles == 0)
        return bad_step(r, p.state);
    if (!(roles & r->who.role)) {
        req_detail(r, MSG_NOT_YOUR_STEP, 0, NULL);
        return ZI_E_FORBIDDEN;
    }
    char today[11];
    api_today(today);
    const char *on = json_string_value(req_field(r, "occurred_on"));
    if (on == NULL)
        on = today;
    else if (api_check_date(r, "/occurred_on", on, 0))
        return ZI_E_UNPROCESSABLE;
    const char *decree_number = json_string_value(req_field(r, "decree_number"));
    const char *decree_date = json_string_value(req_field(r, "decree_date"));
    int award = strcmp(to, "awarded") == 0;
    if (award && (decree_number == NULL || decree_date == NULL)) {
        if (decree_number == NULL)
            req_field_error(r, ZI_IN_BODY, "/decree_number", "required", 0, 0, NULL);
        if (decree_date == NULL)
            req_field_error(r, ZI_IN_BODY, "/decree_date", "required", 0, 0, NULL);
        return ZI_E_INVALID;
    }
    if (strcmp(to, "submitted") == 0) {
        /* Forwarding to the national team: every rule again, at the date it happened, the
         * window included; and the TPI's sheet must meet every threshold. */
        rc = check_rules(r, p.unit_id, p.year, p.target, on, id, 1);
        zi_result sheet = check_sheet(r, id);
        if (rc == ZI_OK)
            rc = sheet;
        if (rc != ZI_OK) {
            req_detail(r, MSG_NOT_ELIGIBLE, (long)r->errors.count, NULL);
            return rc;
        }
    }
    rc = proposals_db_move(r->db, id, p.state, to, r->who.key_id, on, json_string_value(req_field(r, "note")),
                           award ? decree_number : NULL, award ? decree_date : NULL);
    if (rc == ZI_OK && award)
        rc = proposals_db_award(r->db, &p, id, decree_number, decree_date);
    return reply_proposal(r, rc, 200, id, NULL);
}

/* A nested list of a proposal: 404 when the proposal does not exist. */
static zi_result proposal_exists(zi_req *r)
{
    zi_result rc = proposals_db_exists(r->db, req_path(r, "id"));
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_PROPOSAL_NOT_FOUND, 0, NULL);
    return rc;
}

static zi_result list_transitions(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, transitions_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    if ((rc = proposal_exists(r)) != ZI_OK)
        return rc;
    db_page page;
    rc = proposals_db_transitions(r->db, req_path(r, "id"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* ---- score sheets ---- */

static void sheet_error(zi_req *r, const char *pointer, const char *code, long a, long b, const char *hint)
{
    req_field_error(r, ZI_IN_BODY, pointer, code, a, b, hint);
}

/* One score in hundredths within [0, max]; errors name the pointer. */
static void read_score(zi_req *r, const json_t *v, const char *pointer, long min, long max, long *out)
{
    if (v == NULL) {
        sheet_error(r, pointer, "required", 0, 0, NULL);
    } else if (!json_is_number(v)) {
        sheet_error(r, pointer, "invalid_type", 0, 0, "number");
    } else if (lke_centi(v, out) != 0) {
        sheet_error(r, pointer, "invalid_format", 0, 0, "at most 2 decimals");
    } else if (*out < min || *out > max) {
        char hint[64];
        snprintf(hint, sizeof hint, "%.2f-%.2f", (double)min / 100.0, (double)max / 100.0);
        sheet_error(r, pointer, "invalid_value", 0, 0, hint);
    }
}

/* Reads the sheet body (issue 10 §4): every member checked, unknown ones refused. */
static zi_result read_sheet(zi_req *r, lke_sheet *s)
{
    static const char *const members[] = {"enablers", "ipak_survey", "ipkp_survey", "performance", "note", NULL};
    const char *key;
    json_t *value;
    memset(s, 0, sizeof *s);
    json_object_foreach(r->body, key, value) {
        int known = 0;
        for (const char *const *m = members; *m; m++)
            known |= strcmp(*m, key) == 0;
        if (!known)
            errors_add_member(&r->errors, key, "unknown_field", 0, 0, NULL);
    }
    const json_t *enablers = json_object_get(r->body, "enablers");
    if (!json_is_object(enablers)) {
        sheet_error(r, "/enablers", enablers ? "invalid_type" : "required", 0, 0, enablers ? "object" : NULL);
    } else {
        json_object_foreach((json_t *)enablers, key, value) {
            int known = 0;
            for (int a = 0; a < LKE_AREAS; a++)
                known |= strcmp(lke_areas[a].name, key) == 0;
            if (!known) {
                char pointer[96];
                snprintf(pointer, sizeof pointer, "/enablers/%.60s", key);
                sheet_error(r, pointer, "unknown_field", 0, 0, NULL);
            }
        }
        for (int a = 0; a < LKE_AREAS; a++) {
            const json_t *area = json_object_get(enablers, lke_areas[a].name);
            char pointer[96];
            snprintf(pointer, sizeof pointer, "/enablers/%s", lke_areas[a].name);
            if (!json_is_object(area)) {
                sheet_error(r, pointer, area ? "invalid_type" : "required", 0, 0, area ? "object" : NULL);
                continue;
            }
            char half[192];
            snprintf(half, sizeof half, "%s/fulfilment", pointer);
            read_score(r, json_object_get(area, "fulfilment"), half, 0, lke_areas[a].weight / 2, &s->fulfilment[a]);
            snprintf(half, sizeof half, "%s/reform", pointer);
            read_score(r, json_object_get(area, "reform"), half, 0, lke_areas[a].weight / 2, &s->reform[a]);
            const char *member;
            json_t *ignored;
            json_object_foreach((json_t *)area, member, ignored) {
                if (strcmp(member, "fulfilment") != 0 && strcmp(member, "reform") != 0) {
                    snprintf(half, sizeof half, "%s/%.60s", pointer, member);
                    sheet_error(r, half, "unknown_field", 0, 0, NULL);
                }
            }
        }
    }
    read_score(r, json_object_get(r->body, "ipak_survey"), "/ipak_survey", LKE_SURVEY_MIN, LKE_SURVEY_MAX,
               &s->ipak_survey);
    read_score(r, json_object_get(r->body, "ipkp_survey"), "/ipkp_survey", LKE_SURVEY_MIN, LKE_SURVEY_MAX,
               &s->ipkp_survey);
    read_score(r, json_object_get(r->body, "performance"), "/performance", 0, LKE_PERFORMANCE_WEIGHT,
               &s->performance);
    const json_t *note = json_object_get(r->body, "note");
    if (note && !json_is_null(note) && (!json_is_string(note) || utf8_length(json_string_value(note)) > 2000))
        sheet_error(r, "/note", json_is_string(note) ? "too_long" : "invalid_type", 2000, 0,
                    json_is_string(note) ? NULL : "string");
    return r->errors.count ? ZI_E_INVALID : ZI_OK;
}

static json_t *points(long centi)
{
    return json_real((double)centi / 100.0);
}

static zi_result put_sheet(zi_req *r)
{
    const char *id = req_path(r, "id");
    proposal_row p;
    zi_result rc = proposals_db_lock(r->db, id, &p);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_PROPOSAL_NOT_FOUND, 0, NULL);
    if (rc != ZI_OK)
        return rc;
    if (strcmp(p.state, "tpi_review") != 0) {
        req_detail(r, MSG_NOT_SCORING, 0, NULL);
        return ZI_E_CONFLICT;
    }
    long current = 0;
    rc = score_sheets_db_version(r->db, id, &current);
    if (rc == ZI_OK && current > 0)
        rc = req_check_if_match(r, current);
    lke_sheet s;
    if (rc == ZI_OK)
        rc = read_sheet(r, &s);
    char threshold_id[37];
    long m[9];
    if (rc == ZI_OK) {
        rc = thresholds_db_for(r->db, p.target, p.year, threshold_id, m);
        if (rc == ZI_E_NOT_FOUND) {
            req_detail(r, MSG_NO_THRESHOLDS, 0, NULL);
            rc = ZI_E_UNPROCESSABLE;
        }
    }
    if (rc != ZI_OK)
        return rc;
    lke_thresholds t = {m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]};
    lke_totals totals;
    lke_check checks[LKE_MAX_CHECKS];
    size_t n;
    int all_met = lke_compute(&s, &t, &totals, checks, &n);

    json_t *inputs = json_object(), *enablers = json_object(), *areas = json_object(), *list = json_array();
    for (int a = 0; a < LKE_AREAS; a++) {
        json_object_set_new(enablers, lke_areas[a].name,
                            json_pack("{s:o, s:o}", "fulfilment", points(s.fulfilment[a]), "reform", points(s.reform[a])));
        json_object_set_new(areas, lke_areas[a].name, points(totals.area[a]));
    }
    json_object_set_new(inputs, "enablers", enablers);
    json_object_set_new(inputs, "ipak_survey", points(s.ipak_survey));
    json_object_set_new(inputs, "ipkp_survey", points(s.ipkp_survey));
    json_object_set_new(inputs, "performance", points(s.performance));
    const json_t *note = json_object_get(r->body, "note");
    json_object_set_new(inputs, "note", json_is_string(note) ? json_string(json_string_value(note)) : json_null());
    json_t *computed = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "areas", areas, "enablers", points(totals.enablers),
                                 "ipak", points(totals.ipak), "ipkp", points(totals.ipkp), "results",
                                 points(totals.results), "total", points(totals.total));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:b}", "rule", checks[i].rule, "required",
                                              points(checks[i].required), "actual", points(checks[i].actual), "met",
                                              checks[i].met));
    /* Two decimals of a double print exactly with 15 significant digits. */
    size_t flags = JSON_COMPACT | JSON_REAL_PRECISION(15);
    char *in_text = json_dumps(inputs, flags), *computed_text = json_dumps(computed, flags);
    char *checks_text = json_dumps(list, flags);
    char total[32];
    snprintf(total, sizeof total, "%ld.%02ld", totals.total / 100, totals.total % 100);
    char *json = NULL;
    if (in_text && computed_text && checks_text)
        rc = score_sheets_db_put(r->db, id, current + 1, in_text, computed_text, checks_text, threshold_id, all_met,
                                 total, r->who.key_id, &json);
    else
        rc = ZI_E_INTERNAL;
    json_decref(inputs);
    json_decref(computed);
    json_decref(list);
    free(in_text);
    free(computed_text);
    free(checks_text);
    char location[96];
    snprintf(location, sizeof location, "/v1/proposals/%s/score-sheet", id);
    return api_reply_record(r, rc, current ? 200 : 201, json, current + 1, current ? NULL : location, NULL);
}

static zi_result get_sheet(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = score_sheets_db_get(r->db, req_path(r, "id"), &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_SHEET_NOT_FOUND);
}

static zi_result list_sheets(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, score_sheets_db_sorts, &p);
    if (rc == ZI_OK)
        rc = proposal_exists(r);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = score_sheets_db_history(r->db, req_path(r, "id"), p.after_value, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* ---- revocation ---- */

static zi_result revoke_predicate(zi_req *r)
{
    const char *revoked_on = json_string_value(req_field(r, "revoked_on"));
    if (api_check_date(r, "/revoked_on", revoked_on, 0))
        return ZI_E_UNPROCESSABLE;
    zi_result rc = api_path_unit(r, 0);
    if (rc != ZI_OK)
        return rc;
    const char *reason = json_string_value(req_field(r, "reason"));
    const char *decree = json_string_value(req_field(r, "decree_number"));
    /* The decree of a revocation has no column of its own: it is kept with the reason. */
    char buf[2400];
    if (decree)
        snprintf(buf, sizeof buf, "%s (SK %s)", reason, decree);
    char *json = NULL;
    rc = proposals_db_revoke(r->db, req_path(r, "id"), revoked_on, decree ? buf : reason, &json);
    if (rc == ZI_E_NOT_FOUND) {
        req_detail(r, MSG_NO_PREDICATE, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    return api_reply_record(r, rc, 201, json, 0, NULL, NULL);
}

/* ---- routes ---- */

static const zi_qparam page_query[] = {ZI_QP_PAGE, ZI_QP_END};
static const zi_qparam threshold_query[] = {ZI_QP_PAGE, {"predicate", QP_ENUM, 0, 0, predicates, NULL, 0}, ZI_QP_END};
static const zi_qparam proposal_query[] = {
    ZI_QP_PAGE,
    {"year", QP_INT, 2000, 2100, NULL, NULL, 0},
    {"unit_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"state", QP_ENUM, 0, 0, proposal_states, NULL, 0},
    {"target", QP_ENUM, 0, 0, predicates, NULL, 0},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/programme-years", .operation_id = "listProgrammeYears", .handler = list_years,
     .roles = ROLE_PUBLIC, .query = page_query, .shows = &year_fields},
    {.method = "GET", .pattern = "/v1/programme-years/{year}", .operation_id = "getProgrammeYear",
     .handler = get_year, .roles = ROLE_PUBLIC, .shows = &year_fields},
    {.method = "PUT", .pattern = "/v1/programme-years/{year}", .operation_id = "putProgrammeYear",
     .handler = put_year, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &year_fields, .shows = &year_fields},
    {.method = "GET", .pattern = "/v1/lke-thresholds", .operation_id = "listLkeThresholds",
     .handler = list_thresholds, .roles = ROLE_PUBLIC, .query = threshold_query, .shows = &threshold_fields},
    {.method = "POST", .pattern = "/v1/lke-thresholds", .operation_id = "createLkeThreshold",
     .handler = create_threshold, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &threshold_fields,
     .shows = &threshold_fields},
    {.method = "GET", .pattern = "/v1/lke-thresholds/{id}", .operation_id = "getLkeThreshold",
     .handler = get_threshold, .roles = ROLE_PUBLIC, .shows = &threshold_fields},
    {.method = "PATCH", .pattern = "/v1/lke-thresholds/{id}", .operation_id = "updateLkeThreshold",
     .handler = update_threshold, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &threshold_fields,
     .shows = &threshold_fields},
    {.method = "GET", .pattern = "/v1/proposals", .operation_id = "listProposals", .handler = list_proposals,
     .roles = ROLE_ANY_KEY, .query = proposal_query, .shows = &proposal_fields},
    {.method = "POST", .pattern = "/v1/proposals", .operation_id = "createProposal", .handler = create_proposal,
     .roles = ROLE_ADMIN | ROLE_UNIT_OFFICER, .body = BODY_JSON, .scope = SCOPE_UNIT_BODY("unit_id"),
     .fields = &proposal_fields, .shows = &proposal_fields},
    {.method = "GET", .pattern = "/v1/proposals/{id}", .operation_id = "getProposal", .handler = get_proposal,
     .roles = ROLE_ANY_KEY, .shows = &proposal_fields},
    {.method = "POST", .pattern = "/v1/proposals/{id}/transitions", .operation_id = "transitionProposal",
     .handler = transition_proposal, .roles = ROLE_ADMIN | ROLE_EVALUATOR | ROLE_UNIT_OFFICER, .body = BODY_JSON,
     .scope = SCOPE_RESOLVED("id", RESOLVER, 0), .fields = &step_fields, .shows = &proposal_fields},
    {.method = "GET", .pattern = "/v1/proposals/{id}/transitions", .operation_id = "listProposalTransitions",
     .handler = list_transitions, .roles = ROLE_ANY_KEY, .query = page_query},
    {.method = "PUT", .pattern = "/v1/proposals/{id}/score-sheet", .operation_id = "putScoreSheet",
     .handler = put_sheet, .roles = ROLE_EVALUATOR, .body = BODY_JSON},
    {.method = "GET", .pattern = "/v1/proposals/{id}/score-sheet", .operation_id = "getScoreSheet",
     .handler = get_sheet, .roles = ROLE_ANY_KEY},
    {.method = "GET", .pattern = "/v1/proposals/{id}/score-sheet/history", .operation_id = "listScoreSheetVersions",
     .handler = list_sheets, .roles = ROLE_ANY_KEY, .query = page_query},
    {.method = "POST", .pattern = "/v1/units/{id}/revocations", .operation_id = "revokeUnitPredicate",
     .handler = revoke_predicate, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &revocation_fields},
};

const zi_module proposals_module = ZI_MODULE("proposals", routes, proposals_db_statements, &proposal_fields,
                                             proposal_messages);
