/*
 * Gratification reports (issue 11, DOMAIN §3): staff report a gift they refused or received;
 * the UPG works them through to KPK against deadlines counted in working days; the advice
 * endpoint says whether a gift must be refused or reported. The reporter's identity is
 * confidential by construction: its fields are declared visible to admins, the UPG and the
 * reporter only, every other role is refused the reports outright, the journal keeps only
 * salted digests of them, and every response that carries them leaves an access record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/reports_db.h"
#include "../db/units_db.h"
#include "../common/strbuf.h"
#include "../domain/digest.h"
#include "../domain/etag.h"
#include "../domain/evidence.h"
#include "../domain/gratification.h"
#include "../domain/nip.h"
#include "../domain/validate.h"
#include "../log.h"
#include "api.h"

#define RS_READERS ROLE_PUBLIC
#define REPORT_READERS (ROLE_ADMIN | ROLE_UPG | ROLE_EMPLOYEE)
/* A report belongs to its unit, privately: another unit's employee gets 404 (route.h). */
#define REPORT_SCOPE SCOPE_RESOLVED("id", &reports_db_statements[REPORTS_DB_RESOLVE], 1)
#define MAX_IDR 1000000000000L
#define STALE_BATCH 200

/* ---- fields ---- */

/* The reporter: admins, the UPG and the reporter themself (owner = reporter_nip). */
static const zi_visibility reporter_only = {ROLE_ADMIN | ROLE_UPG, 0, 1};
#define IDENTITY(name, min, max, flags) {name, FT_STRING, flags, min, max, NULL, NULL, &reporter_only, 0, 0}

static const zi_field_spec report_field_specs[] = {
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    {"unit_id", FT_UUID, F_REQUIRED | F_CREATE_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
    {"type", FT_ENUM, F_REQUIRED | F_CREATE_ONLY, 0, 0, grat_types, NULL, NULL, 0, 0},
    IDENTITY("reporter_nik", 16, 16, F_REQUIRED),
    IDENTITY("reporter_nip", 18, 18, F_NULLABLE),
    IDENTITY("reporter_name", 1, 200, F_REQUIRED),
    IDENTITY("reporter_address", 1, 500, F_REQUIRED),
    IDENTITY("reporter_phone", 6, 20, F_REQUIRED),
    IDENTITY("reporter_position", 1, 200, F_REQUIRED),
    {"giver_name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"giver_address", FT_STRING, F_NULLABLE, 0, 500, NULL, NULL, NULL, 0, 0},
    {"giver_relationship", FT_ENUM, F_REQUIRED, 0, 0, grat_relationships, NULL, NULL, 0, 0},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, grat_kinds, NULL, NULL, 0, 0},
    {"description", FT_TEXT, F_REQUIRED, 1, 1000, NULL, NULL, NULL, 0, 0},
    {"value_idr", FT_INT, F_REQUIRED, 0, MAX_IDR, NULL, NULL, NULL, 0, 0},
    {"received_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"place", FT_STRING, F_REQUIRED, 1, 300, NULL, NULL, NULL, 0, 0},
    {"occasion", FT_ENUM, F_REQUIRED, 0, 0, grat_occasions, NULL, NULL, 0, 0},
    {"chronology", FT_TEXT, F_REQUIRED, 1, 10000, NULL, NULL, NULL, 0, 0},
    {"job_related", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"perishable", FT_BOOL, 0, 0, 0, NULL, NULL, NULL, 0, 0},
    {"deposit_receipt_number", FT_STRING, F_NULLABLE, 1, 100, NULL, NULL, NULL, 0, 0},
    {"found_by_audit", FT_BOOL, 0, 0, 0, NULL, NULL, NULL, ROLE_ADMIN | ROLE_UPG, 0},
    ZI_FIELD_READ_ONLY_ENUM("state", grat_states),
    ZI_FIELD_READ_ONLY("allowed_next", FT_LIST),
    ZI_FIELD_READ_ONLY("high_value", FT_BOOL),
    ZI_FIELD_READ_ONLY("reported_on", FT_DATE),
    ZI_FIELD_READ_ONLY("late", FT_BOOL),
    ZI_FIELD_READ_ONLY("rule_set", FT_STRING),
    ZI_FIELD_READ_ONLY("returned_on", FT_DATE),
    ZI_FIELD_READ_ONLY("gol_reference", FT_STRING),
    ZI_FIELD_READ_ONLY("forwarded_on", FT_DATE),
    ZI_FIELD_READ_ONLY("kpk_letter_number", FT_STRING),
    ZI_FIELD_READ_ONLY("kpk_letter_date", FT_DATE),
    ZI_FIELD_READ_ONLY_ENUM("outcome", grat_outcomes),
    ZI_FIELD_READ_ONLY("closed_on", FT_DATE),
    ZI_FIELD_READ_ONLY("deadlines", FT_LIST),
    ZI_FIELD_READ_ONLY("next_due", FT_DATE),
    ZI_FIELD_READ_ONLY("identity_erased_at", FT_STRING),
    ZI_FIELD_READ_ONLY("sample", FT_BOOL),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset report_fields = ZI_FIELDSET("gratification_report", report_field_specs, "unit_id",
                                                     "reporter_nip");

static const zi_field_spec step_field_specs[] = {
    {"to", FT_ENUM, F_REQUIRED, 0, 0, grat_states, NULL, NULL, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL, 0, 0},
    {"occurred_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"gol_reference", FT_STRING, 0, 1, 100, NULL, NULL, NULL, 0, 0},
    {"kpk_letter_number", FT_STRING, 0, 1, 100, NULL, NULL, NULL, 0, 0},
    {"kpk_letter_date", FT_DATE, 0, 0, 0, NULL, NULL, NULL, 0, 0},
    {"outcome", FT_ENUM, 0, 0, 0, grat_outcomes, NULL, NULL, 0, 0},
};
static const zi_fieldset step_fields = ZI_FIELDSET("gratification_report_transition", step_field_specs, NULL, NULL);

static const zi_field_spec assess_field_specs[] = {
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, grat_kinds, NULL, NULL, 0, 0},
    {"value_idr", FT_INT, F_REQUIRED, 0, MAX_IDR, NULL, NULL, NULL, 0, 0},
    {"giver_relationship", FT_ENUM, F_REQUIRED, 0, 0, grat_relationships, NULL, NULL, 0, 0},
    {"occasion", FT_ENUM, F_REQUIRED, 0, 0, grat_occasions, NULL, NULL, 0, 0},
    {"job_related", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"date", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"given_this_year_idr", FT_INT, 0, 0, MAX_IDR, NULL, NULL, NULL, 0, 0},
};
static const zi_fieldset assess_fields = ZI_FIELDSET("gratification_assessment", assess_field_specs, NULL, NULL);

static const zi_field_spec rule_set_field_specs[] = {
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("code", FT_STRING),
    ZI_FIELD_READ_ONLY("effective_from", FT_DATE),
};
static const zi_fieldset rule_set_fields = ZI_FIELDSET("gratification_rule_set", rule_set_field_specs, NULL, NULL);

/* ---- messages ---- */

static const zi_text MSG_REPORT_NOT_FOUND[1] = {{"Laporan gratifikasi tidak ditemukan.",
                                                 "Gratification report not found."}};
static const zi_text MSG_RULE_SET_NOT_FOUND[1] = {{"Aturan KPK tidak ditemukan.", "KPK rule set not found."}};
static const zi_text MSG_NOT_EDITABLE[1] = {
    {"Laporan berstatus {s}; hanya draf atau laporan yang dikembalikan (incomplete) yang dapat diubah.",
     "The report is in state {s}; only a draft or a report returned as incomplete can be edited."}};
static const zi_text MSG_BAD_STEP[1] = {
    {"Laporan berstatus {s}; langkah yang mungkin ada di `allowed_next`.",
     "The report is in state {s}; the possible next states are in `allowed_next`."}};
static const zi_text MSG_NOT_YOUR_STEP[1] = {{"Langkah ini milik peran lain.", "This step belongs to another role."}};
static const zi_text MSG_NOT_LAPSED[1] = {
    {"Laporan belum gugur: batas melengkapi jatuh pada {s}.",
     "The report has not lapsed: the deadline to complete it is {s}."}};
static const zi_text MSG_NOT_OWN[1] = {{"Pegawai hanya melapor atas namanya sendiri; lihat `errors`.",
                                        "Employees report in their own name only; see `errors`."}};
static const zi_text MSG_STEP_MEMBERS[1] = {{"Isian langkah ini tidak lengkap atau tidak berlaku; lihat `errors`.",
                                             "The step's members are missing or do not apply; see `errors`."}};
static const zi_text REASON_JOB_RELATED[1] = {
    {"Pemberian ini berhubungan dengan jabatan: tolak; bila tidak dapat ditolak, laporkan.",
     "The gift is linked to the job: refuse it; if it could not be refused, report it."}};
static const zi_text REASON_SERVICE_USER[1] = {
    {"Pemberi adalah pengguna layanan: tolak berapa pun nilainya (misalnya Rp2.000 untuk parkir).",
     "The giver is a service user: refuse it whatever its value (even Rp2,000 for parking)."}};
static const zi_text REASON_VENDOR[1] = {{"Pemberi adalah rekanan/vendor: ada konflik kepentingan, tolak.",
                                          "The giver is a vendor: a conflict of interest, refuse it."}};
static const zi_text REASON_EXCEPTION[1] = {
    {"Termasuk pengecualian {s}; ini hanya saran, bukan penghentian laporan.",
     "Falls under exception {s}; this is advice only, not a dismissal."}};
static const zi_text REASON_OVER_LIMIT[1] = {{"Melebihi batas pengecualian {s}: wajib dilaporkan.",
                                              "Exceeds the limit of exception {s}: it must be reported."}};
static const zi_text REASON_NO_EXCEPTION[1] = {{"Tidak ada pengecualian yang berlaku: wajib dilaporkan.",
                                                "No exception applies: it must be reported."}};


/* ---- deadlines and the workflow on a representation ---- */

static const char *member(const json_t *obj, const char *name)
{
    return json_string_value(json_object_get(obj, name));
}

static int rule_days(const json_t *rs, const char *name)
{
    return (int)json_integer_value(json_object_get(rs, name));
}

/* The facts and the rule numbers of a report's representation. */
static void read_facts(const json_t *obj, grat_facts *f, grat_rules *rules)
{
    f->type = member(obj, "type");
    f->state = member(obj, "state");
    f->perishable = json_is_true(json_object_get(obj, "perishable"));
    f->outcome = member(obj, "outcome");
    f->received_on = member(obj, "received_on");
    f->reported_on = member(obj, "reported_on");
    f->returned_on = member(obj, "returned_on");
    f->forwarded_on = member(obj, "forwarded_on");
    f->kpk_letter_date = member(obj, "kpk_letter_date");
    const json_t *rs = json_object_get(obj, "rule_set");
    memset(rules, 0, sizeof *rules);
    snprintf(rules->code, sizeof rules->code, "%s", member(rs, "code") ? member(rs, "code") : "");
    rules->legal_days = rule_days(rs, "legal_days");
    rules->staff_days = rule_days(rs, "staff_days");
    rules->upg_days = rule_days(rs, "upg_days");
    rules->lapse_days = rule_days(rs, "lapse_days");
    rules->kpk_decision_days = rule_days(rs, "kpk_decision_days");
    rules->handover_days = rule_days(rs, "handover_days");
}

static json_t *state_list(const grat_facts *f)
{
    const char *next[16];
    size_t n = grat_next(f, next, 16);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_string(next[i]));
    return list;
}

/* Adds deadlines, next_due and allowed_next to a report (issue 11 §3) and trims its rule set to
 * id and code. next_due (11 bytes) receives the earliest due date, "" when none runs. */
static void decorate(json_t *obj, const wd_calendar *cal, wd_day today, char next_due[11])
{
    grat_facts f;
    grat_rules rules;
    read_facts(obj, &f, &rules);
    grat_deadline d[GRAT_MAX_DEADLINES];
    size_t n = grat_deadlines(&f, &rules, cal, d);
    json_t *list = json_array();
    wd_day earliest = 0;
    for (size_t i = 0; i < n; i++) {
        char start[11], due[11];
        wd_format(d[i].start, start);
        wd_format(d[i].due, due);
        int complete_left = 1;
        long left = wd_between(cal, today, d[i].due, &complete_left);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:i, s:s, s:I, s:b, s:b, s:s, s:s}", "kind", d[i].kind, "start_on", start,
                            "working_days", d[i].days, "due_on", due, "working_days_left", (json_int_t)left,
                            "overdue", today > d[i].due, "calendar_complete", d[i].complete && complete_left,
                            "rule_set", rules.code, "counting", "day 1 is the first working day after start_on"));
        if (i == 0 || d[i].due < earliest)
            earliest = d[i].due;
    }
    next_due[0] = '\0';
    if (n)
        wd_format(earliest, next_due);
    json_object_set_new(obj, "deadlines", list);
    json_object_set_new(obj, "next_due", n ? json_string(next_due) : json_null());
    json_object_set_new(obj, "allowed_next", state_list(&f));
    const json_t *rs = json_object_get(obj, "rule_set");
    json_object_set_new(obj, "rule_set", json_pack("{s:s?, s:s?}", "id", member(rs, "id"), "code", member(rs, "code")));
}

static wd_day today_day(void)
{
    char today[11];
    api_today(today);
    wd_day d = 0;
    wd_parse(today, &d);
    return d;
}

/* The calendar and today, lent to the list's item function for one reply. */
typedef struct {
    wd_calendar cal;
    wd_day today;
} report_ctx;

static char *decorated_text(const char *json, size_t len, const wd_calendar *cal, wd_day today, char next_due[11])
{
    json_t *obj = json_loadb(json, len, 0, NULL);
    if (obj == NULL)
        return NULL;
    decorate(obj, cal, today, next_due);
    char *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return out;
}

static char *decorated_item(const zi_req *r, const char *item, size_t len)
{
    const report_ctx *ctx = r->handler_ctx;
    char next_due[11];
    char *out = decorated_text(item, len, &ctx->cal, ctx->today, next_due);
    return out ? api_visible(r, r->route->shows, out) : NULL;
}

zi_result api_refresh_due_dates(zi_req *r)
{
    report_ctx *ctx = malloc(sizeof *ctx);
    if (ctx == NULL)
        return ZI_E_INTERNAL;
    zi_result rc = api_load_calendar(r, 0, &ctx->cal);
    ctx->today = today_day();
    for (int rounds = 0; rc == ZI_OK; rounds++) {
        db_page page;
        rc = reports_db_stale(r->db, STALE_BATCH, &page);
        if (rc != ZI_OK || page.count == 0) {
            if (rc == ZI_OK)
                db_page_clear(&page);
            break;
        }
        for (int i = 0; i < page.count && rc == ZI_OK; i++) {
            size_t len;
            const char *item = db_page_item(&page, i, &len);
            json_t *obj = json_loadb(item, len, 0, NULL);
            char next_due[11];
            if (obj == NULL) {
                rc = ZI_E_INTERNAL;
                break;
            }
            decorate(obj, &ctx->cal, ctx->today, next_due);
            rc = reports_db_set_due(r->db, member(obj, "id"), next_due[0] ? next_due : NULL);
            json_decref(obj);
        }
        db_page_clear(&page);
    }
    free(ctx);
    return rc;
}

/* ---- who may see a report ---- */

static int is_reporter(const zi_req *r, const char *reporter_nip)
{
    return r->who.role == ROLE_EMPLOYEE && reporter_nip && reporter_nip[0] && strcmp(reporter_nip, r->who.nip) == 0;
}

/* An employee sees their own reports only; any other is answered as if it did not exist —
 * byte for byte as the dispatcher answers an employee for a missing one (its default detail). */
static zi_result reporter_gate(zi_req *r, const char *reporter_nip)
{
    if (r->who.role != ROLE_EMPLOYEE || is_reporter(r, reporter_nip))
        return ZI_OK;
    req_detail(r, MSG_RESOURCE_NOT_FOUND, 0, NULL);
    return ZI_E_NOT_FOUND;
}

/* The access record of a response that carries the reporters' identities (issue 11 §10):
 * written before the response leaves, or the response does not leave. */
static zi_result record_access(zi_req *r, const char *way, const char *const *ids, size_t n)
{
    if (n == 0)
        return ZI_OK;
    zi_result rc = reports_db_access(r->db, way, ids, n, r->who.key_id);
    return rc == ZI_OK ? ZI_OK : ZI_E_UNAVAILABLE;
}

/* Replies with report `id` as it now is: deadlines computed, the stored due date refreshed
 * (writes only), an access record for reads. */
static zi_result reply_report(zi_req *r, zi_result rc, int status, const char *id, const char *location, int write)
{
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = reports_db_get(r->db, id, &json, &version);
    json_t *obj = rc == ZI_OK ? json_loads(json, 0, NULL) : NULL;
    free(json);
    json = NULL;
    if (rc == ZI_OK && obj == NULL)
        rc = ZI_E_INTERNAL;
    if (rc == ZI_OK && !write && reporter_gate(r, member(obj, "reporter_nip")) != ZI_OK) {
        json_decref(obj);
        return ZI_E_NOT_FOUND;
    }
    if (rc == ZI_OK && !write && etag_if_none_match(req_header(r, "If-None-Match"), version)) {
        json_decref(obj);
        return reply_not_modified(r, version);
    }
    wd_calendar *cal = rc == ZI_OK ? malloc(sizeof *cal) : NULL;
    if (rc == ZI_OK && cal == NULL)
        rc = ZI_E_INTERNAL;
    if (rc == ZI_OK)
        rc = api_load_calendar(r, 0, cal);
    char next_due[11] = "";
    if (rc == ZI_OK) {
        decorate(obj, cal, today_day(), next_due);
        json = json_dumps(obj, JSON_COMPACT);
        if (json == NULL)
            rc = ZI_E_INTERNAL;
    }
    free(cal);
    if (rc == ZI_OK && write)
        rc = reports_db_set_due(r->db, id, next_due[0] ? next_due : NULL);
    if (rc == ZI_OK && !write)
        rc = record_access(r, "read", &id, 1);
    json_decref(obj);
    return api_reply_record(r, rc, status, json, version, location, MSG_REPORT_NOT_FOUND);
}

static zi_result get_report(zi_req *r)
{
    return reply_report(r, ZI_OK, 200, req_path(r, "id"), NULL, 0);
}

/* ---- checks shared by create and update ---- */

static int digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

/* "+"? then a digit, then digits, spaces and hyphens (6–20 characters in all). */
static int phone_valid(const char *s)
{
    const char *p = s + (*s == '+');
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p; p++) {
        if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '-'))
            return 0;
    }
    return 1;
}

/* The shapes beyond length: NIK, NIP and phone. 400 errors. */
static void check_identity(zi_req *r)
{
    const char *nik = json_string_value(req_field(r, "reporter_nik"));
    if (nik && strlen(nik) == 16 && !digits(nik, 16))
        req_field_error(r, ZI_IN_BODY, "/reporter_nik", "invalid_format", 0, 0, "16 digits");
    const char *nip = json_string_value(req_field(r, "reporter_nip"));
    if (nip && strlen(nip) == 18) {
        nip_status ns = nip_check(nip);
        if (ns != NIP_OK)
            req_field_error(r, ZI_IN_BODY, "/reporter_nip", "invalid_format", 0, 0, nip_status_name(ns));
    }
    const char *phone = json_string_value(req_field(r, "reporter_phone"));
    if (phone && !phone_valid(phone))
        req_field_error(r, ZI_IN_BODY, "/reporter_phone", "invalid_format", 0, 0, "+62 812-3456-7890");
}

/* An employee files and edits in their own name: reporter_nip absent or their own. */
static zi_result check_own(zi_req *r)
{
    if (r->who.role != ROLE_EMPLOYEE)
        return ZI_OK;
    const json_t *nip = req_field(r, "reporter_nip");
    if (nip == NULL || (json_is_string(nip) && strcmp(json_string_value(nip), r->who.nip) == 0))
        return ZI_OK;
    req_field_error(r, ZI_IN_BODY, "/reporter_nip", "not_allowed", 0, 0, NULL);
    req_detail(r, MSG_NOT_OWN, 0, NULL);
    return ZI_E_FORBIDDEN;
}

/* received_on: not in the future, under some rule set, not after the date it was reported. */
static zi_result check_received(zi_req *r, const char *reported_on)
{
    const char *received = json_string_value(req_field(r, "received_on"));
    if (received == NULL)
        return ZI_OK;
    if (api_check_date(r, "/received_on", received, 0))
        return ZI_E_UNPROCESSABLE;
    char *rs = NULL;
    zi_result rc = rule_sets_db_on(r->db, received, &rs);
    free(rs);
    if (rc == ZI_E_NOT_FOUND) {
        req_field_error(r, ZI_IN_BODY, "/received_on", "no_rule_set", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    if (rc == ZI_OK && reported_on && strcmp(received, reported_on) > 0) {
        req_field_error(r, ZI_IN_BODY, "/received_on", "in_future", 0, 0, reported_on);
        return ZI_E_UNPROCESSABLE;
    }
    return rc;
}

static zi_result create_report(zi_req *r)
{
    zi_result rc = check_own(r);
    if (rc != ZI_OK)
        return rc;
    check_identity(r);
    if (r->errors.count)
        return ZI_E_INVALID;
    rc = check_received(r, NULL);
    if (rc == ZI_OK)
        rc = units_db_require_active(r->db, r->scope_unit[0] ? r->scope_unit : json_string_value(req_field(r, "unit_id")),
                                     "/unit_id", &r->errors);
    if (rc != ZI_OK)
        return rc;
    /* An employee's report names them even when the body leaves reporter_nip out. */
    json_t *body = json_deep_copy(r->body);
    if (body && r->who.role == ROLE_EMPLOYEE)
        json_object_set_new(body, "reporter_nip", json_string(r->who.nip));
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    char *id = NULL;
    rc = text ? reports_db_create(r->db, text, r->who.key_id, &id) : ZI_E_INTERNAL;
    free(text);
    char location[96];
    snprintf(location, sizeof location, "/v1/gratification-reports/%s", id ? id : "");
    rc = reply_report(r, rc, 201, id, location, 1);
    free(id);
    return rc;
}

/* The report the path names as the caller may have it (with the rule numbers that deadlines
 * need): 404 when it is missing or, for employees, someone else's. With `lock` its row stays
 * locked until the transaction ends. *obj owned; *version when non-NULL. */
static zi_result report_for(zi_req *r, int lock, json_t **obj, long *version)
{
    const char *id = req_path(r, "id");
    char *json = NULL;
    long v = 0;
    zi_result rc = lock ? reports_db_lock(r->db, id, &json, &v) : reports_db_get(r->db, id, &json, &v);
    *obj = NULL;
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_REPORT_NOT_FOUND, 0, NULL);
    if (rc == ZI_OK && (*obj = json_loads(json, 0, NULL)) == NULL)
        rc = ZI_E_INTERNAL;
    free(json);
    if (rc == ZI_OK)
        rc = reporter_gate(r, member(*obj, "reporter_nip"));
    if (rc != ZI_OK) {
        json_decref(*obj);
        *obj = NULL;
    }
    if (version)
        *version = v;
    return rc;
}

/* The report locked for a change by the caller: report_for, then If-Match (428/412). */
static zi_result lock_for_change(zi_req *r, json_t **obj)
{
    long version = 0;
    zi_result rc = report_for(r, 1, obj, &version);
    if (rc == ZI_OK && (rc = req_check_if_match(r, version)) != ZI_OK) {
        json_decref(*obj);
        *obj = NULL;
    }
    return rc;
}

static zi_result update_report(zi_req *r)
{
    const char *id = req_path(r, "id");
    json_t *obj = NULL;
    zi_result rc = lock_for_change(r, &obj);
    if (rc == ZI_OK && !grat_editable(member(obj, "state"))) {
        req_detail(r, MSG_NOT_EDITABLE, 0, member(obj, "state"));
        rc = ZI_E_CONFLICT;
    }
    if (rc == ZI_OK)
        rc = check_own(r);
    if (rc == ZI_OK)
        check_identity(r);
    if (rc == ZI_OK && r->errors.count)
        rc = ZI_E_INVALID;
    if (rc == ZI_OK)
        rc = check_received(r, member(obj, "reported_on"));
    json_decref(obj);
    if (rc != ZI_OK)
        return rc;
    char *body = req_body_text(r);
    rc = body ? reports_db_update(r->db, id, body) : ZI_E_INTERNAL;
    free(body);
    return reply_report(r, rc, 200, id, NULL, 1);
}

/* ---- transitions ---- */

static zi_result bad_step(zi_req *r, const grat_facts *f)
{
    r->problem_extra = json_pack("{s:s, s:o}", "state", f->state, "allowed_next", state_list(f));
    req_detail(r, MSG_BAD_STEP, 0, f->state);
    return ZI_E_CONFLICT;
}

/* The step's own members: each required one present, none it does not take (422). */
static int check_step_members(zi_req *r, const char *to)
{
    static const struct {
        unsigned bit;
        const char *name, *pointer;
    } members[] = {
        {GRAT_M_NOTE, "note", "/note"},
        {GRAT_M_GOL, "gol_reference", "/gol_reference"},
        {GRAT_M_LETTER_NUMBER, "kpk_letter_number", "/kpk_letter_number"},
        {GRAT_M_LETTER_DATE, "kpk_letter_date", "/kpk_letter_date"},
        {GRAT_M_OUTCOME, "outcome", "/outcome"},
    };
    unsigned required, taken;
    grat_step_members(to, &required, &taken);
    size_t before = r->errors.count;
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++) {
        const json_t *v = req_field(r, members[i].name);
        int given = v != NULL && !json_is_null(v);
        if (given && !(taken & members[i].bit))
            req_field_error(r, ZI_IN_BODY, members[i].pointer, "not_applicable", 0, 0, NULL);
        else if (!given && (required & members[i].bit))
            req_field_error(r, ZI_IN_BODY, members[i].pointer, "required", 0, 0, NULL);
    }
    return r->errors.count > before;
}

/* The dates of a step: occurred_on (default today) not in the future nor before receipt; a
 * KPK letter not in the future nor before forwarding. */
static int check_step_dates(zi_req *r, const grat_facts *f, const char *on)
{
    size_t before = r->errors.count;
    if (api_check_date(r, "/occurred_on", on, 0) == 0 && f->received_on && strcmp(on, f->received_on) < 0)
        req_field_error(r, ZI_IN_BODY, "/occurred_on", "before_received", 0, 0, f->received_on);
    const char *letter = json_string_value(req_field(r, "kpk_letter_date"));
    if (letter && api_check_date(r, "/kpk_letter_date", letter, 0) == 0 && f->forwarded_on &&
        strcmp(letter, f->forwarded_on) < 0)
        req_field_error(r, ZI_IN_BODY, "/kpk_letter_date", "before_forwarded", 0, 0, f->forwarded_on);
    return r->errors.count > before;
}

static zi_result transition_report(zi_req *r)
{
    const char *id = req_path(r, "id");
    json_t *obj = NULL;
    zi_result rc = lock_for_change(r, &obj);
    if (rc != ZI_OK)
        return rc;
    grat_facts f;
    grat_rules rules;
    read_facts(obj, &f, &rules);
    const char *to = json_string_value(req_field(r, "to"));
    char today[11];
    api_today(today);
    const char *on = json_string_value(req_field(r, "occurred_on"));
    wd_calendar *cal = NULL;
    if (!grat_step_exists(&f, to)) {
        rc = bad_step(r, &f);
    } else if (!(grat_step_roles(f.state, to) & r->who.role)) {
        req_detail(r, MSG_NOT_YOUR_STEP, 0, NULL);
        rc = ZI_E_FORBIDDEN;
    } else if (check_step_members(r, to) | check_step_dates(r, &f, on ? on : today)) {
        req_detail(r, MSG_STEP_MEMBERS, 0, NULL);
        rc = ZI_E_UNPROCESSABLE;
    } else if ((cal = malloc(sizeof *cal)) == NULL) {
        rc = ZI_E_INTERNAL;
    } else {
        rc = api_load_calendar(r, 0, cal);
    }
    int late = 0;
    if (rc == ZI_OK) {
        wd_day received = 0, due = 0, at = 0, now = today_day();
        wd_parse(on ? on : today, &at);
        if (strcmp(to, "lapsed") == 0 && wd_parse(f.returned_on, &due) == 0) {
            /* Lapsed only once the time to complete it has run out. */
            due = wd_add(cal, due, rules.lapse_days, NULL);
            if (now <= due || at <= due) {
                char when[11];
                wd_format(due, when);
                req_detail(r, MSG_NOT_LAPSED, 0, when);
                rc = ZI_E_CONFLICT;
            }
        }
        if (strcmp(to, "submitted") == 0 && strcmp(f.type, "receipt") == 0 && wd_parse(f.received_on, &received) == 0)
            late = at > wd_add(cal, received, rules.legal_days, NULL);
    }
    free(cal);
    if (rc == ZI_OK) {
        const char *outcome = json_string_value(req_field(r, "outcome"));
        report_step step = {
            .to = to,
            .occurred_on = on ? on : today,
            .note = json_string_value(req_field(r, "note")),
            .gol_reference = json_string_value(req_field(r, "gol_reference")),
            .kpk_letter_number = json_string_value(req_field(r, "kpk_letter_number")),
            .kpk_letter_date = json_string_value(req_field(r, "kpk_letter_date")),
            .outcome = outcome,
            .closing = grat_closing(to, outcome ? outcome : f.outcome),
            .late = late,
        };
        rc = reports_db_move(r->db, id, f.state, &step, r->who.key_id);
    }
    json_decref(obj);
    return rc == ZI_OK ? reply_report(r, rc, 200, id, NULL, 1) : rc;
}

/* ---- lists ---- */

/* A next_due cursor holds a date or "infinity" (reports without a running deadline). */
static int due_cursor_valid(const char *v)
{
    int y, m, d;
    return v == NULL || strcmp(v, "infinity") == 0 || parse_date(v, &y, &m, &d) == 0;
}

/* The queue's filters from the query (issue 11 §6); today and the due_within limit are
 * written into the caller's buffers the filter points at. */
static void read_filter(zi_req *r, const wd_calendar *cal, wd_day today, report_filter *f, char today_s[11],
                        char due_by[11])
{
    wd_format(today, today_s);
    long within = req_query_int(r, "due_within", -1);
    if (within >= 0)
        wd_format(within ? wd_add(cal, today, (int)within, NULL) : today, due_by);
    int overdue = req_query_bool(r, "overdue");
    memset(f, 0, sizeof *f);
    f->state = req_query_str(r, "state");
    f->type = req_query_str(r, "type");
    f->kind = req_query_str(r, "kind");
    f->unit_id = req_query_str(r, "unit_id");
    f->value_min = req_query_str(r, "value_min");
    f->value_max = req_query_str(r, "value_max");
    f->received_from = req_query_str(r, "received_from");
    f->received_to = req_query_str(r, "received_to");
    f->reporter_nip = r->who.role == ROLE_EMPLOYEE ? r->who.nip : NULL;
    f->overdue = overdue < 0 ? NULL : overdue ? "true" : "false";
    f->today = today_s;
    f->due_by = within >= 0 ? due_by : NULL;
}

/* Unit-bound callers (employees) see their own unit's reports only: 0 when the filter asks
 * for another unit (nothing to list). */
static int confine_to_unit(const zi_req *r, report_filter *f)
{
    const char *own_unit = req_unit_filter(r);
    if (own_unit && f->unit_id && strcmp(own_unit, f->unit_id) != 0)
        return 0;
    if (own_unit)
        f->unit_id = own_unit;
    return 1;
}

static zi_result list_reports(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, reports_db_sorts, &p);
    if (rc == ZI_OK && p.sort->key == PAGE_KEY_TEXT && !due_cursor_valid(p.after_value)) {
        req_field_error(r, ZI_IN_QUERY, "cursor", "invalid_cursor", 0, 0, NULL);
        rc = ZI_E_INVALID;
    }
    if (rc != ZI_OK)
        return rc;
    /* Rows whose due date is not yet computed (demo data, a changed calendar) first. */
    if ((rc = api_refresh_due_dates(r)) != ZI_OK)
        return rc;
    report_ctx *ctx = malloc(sizeof *ctx);
    if (ctx == NULL)
        return ZI_E_INTERNAL;
    rc = api_load_calendar(r, 0, &ctx->cal);
    ctx->today = today_day();
    char today[11], due_by[11];
    report_filter f;
    read_filter(r, &ctx->cal, ctx->today, &f, today, due_by);
    f.after_value = p.after_value;
    f.after_id = p.after_id;
    f.limit = p.limit;
    if (rc == ZI_OK && !confine_to_unit(r, &f)) {
        free(ctx);
        return reply_list(r, "", 0, NULL);
    }
    db_page page;
    if (rc == ZI_OK)
        rc = reports_db_list(r->db, p.sort, &f, &page);
    if (rc == ZI_OK) {
        const char *ids[ZI_PAGE_MAX];
        int n = 0;
        for (int i = 0; i < page.count && n < ZI_PAGE_MAX; i++)
            ids[n++] = db_page_id(&page, i);
        rc = record_access(r, api_wants_csv(r) ? "csv" : "list", ids, (size_t)n);
        if (rc != ZI_OK)
            db_page_clear(&page);
    }
    if (rc == ZI_OK) {
        r->handler_ctx = ctx;
        rc = api_reply_page_with(r, &page, &p, decorated_item);
        r->handler_ctx = NULL;
    }
    free(ctx);
    return rc;
}

/* ---- the streamed CSV export (issue 11 §6) ---- */

#define EXPORT_PAGE 200

/* What the stream needs after the handler has returned: the caller, the filter (owned
 * copies), the calendar, where the next page starts, and the bytes not yet sent. */
typedef struct {
    zi_principal who;
    char *text[12];   /* owned copies of the filter's strings */
    report_filter f;
    wd_calendar cal;
    wd_day today;
    char after_value[32], after_id[37];
    strbuf pending;
    size_t sent;      /* bytes of pending already handed to the connection */
    int finished;
} csv_export;

static const char *keep(csv_export *x, int slot, const char *v)
{
    x->text[slot] = v ? strdup(v) : NULL;
    return x->text[slot];
}

static void export_free(void *ud)
{
    csv_export *x = ud;
    for (size_t i = 0; i < sizeof x->text / sizeof x->text[0]; i++)
        free(x->text[i]);
    sb_free(&x->pending);
    free(x);
}

/* Appends the next page's rows to pending, after writing their access record; the whole
 * export ends (finished) after a short page. -1 on any failure: the stream is cut, and no
 * identity leaves without its record. */
static int export_page(csv_export *x)
{
    db_conn *c = NULL;
    if (db_acquire(&c) != ZI_OK)
        return -1;
    x->f.after_value = x->after_value[0] ? x->after_value : NULL;
    x->f.after_id = x->after_id[0] ? x->after_id : NULL;
    x->f.limit = EXPORT_PAGE;
    db_page page;
    int rc = reports_db_list(c, &reports_db_sorts[0], &x->f, &page) == ZI_OK ? 0 : -1;
    if (rc == 0) {
        const char *ids[EXPORT_PAGE];
        for (int i = 0; i < page.count; i++)
            ids[i] = db_page_id(&page, i);
        if (reports_db_access(c, "csv", ids, (size_t)page.count, x->who.key_id) != ZI_OK)
            rc = -1;
        for (int i = 0; rc == 0 && i < page.count; i++) {
            size_t len;
            const char *item = db_page_item(&page, i, &len);
            json_t *obj = json_loadb(item, len, 0, NULL);
            char next_due[11];
            if (obj == NULL) {
                rc = -1;
                break;
            }
            decorate(obj, &x->cal, x->today, next_due);
            api_csv_row(&x->pending, &report_fields, &x->who, NULL, obj);
            json_decref(obj);
        }
        if (page.count > 0) {
            snprintf(x->after_value, sizeof x->after_value, "%s", db_page_last_sort(&page));
            snprintf(x->after_id, sizeof x->after_id, "%s", db_page_last_id(&page));
        }
        x->finished = !page.more;
        db_page_clear(&page);
    }
    db_release(c);
    return rc == 0 && !x->pending.failed ? 0 : -1;
}

static ssize_t export_next(void *ud, uint64_t offset, char *out, size_t max)
{
    (void)offset;
    csv_export *x = ud;
    while (x->sent == x->pending.len && !x->finished) {
        sb_free(&x->pending);
        sb_init(&x->pending);
        x->sent = 0;
        if (export_page(x) != 0) {
            zlog(LOG_ERROR, "CSV export cut short: a page could not be read or its access recorded");
            return U_STREAM_ERROR;
        }
    }
    size_t left = x->pending.len - x->sent;
    if (left == 0)
        return U_STREAM_END;
    size_t n = left < max ? left : max;
    memcpy(out, x->pending.data + x->sent, n);
    x->sent += n;
    return (ssize_t)n;
}

static zi_result export_reports(zi_req *r)
{
    zi_result rc = api_refresh_due_dates(r);
    if (rc != ZI_OK)
        return rc;
    csv_export *x = calloc(1, sizeof *x);
    if (x == NULL)
        return ZI_E_INTERNAL;
    sb_init(&x->pending);
    x->who = r->who;
    x->today = today_day();
    rc = api_load_calendar(r, 0, &x->cal);
    char today[11], due_by[11];
    report_filter f;
    read_filter(r, &x->cal, x->today, &f, today, due_by);
    int any = confine_to_unit(r, &f);
    x->f.state = keep(x, 0, f.state);
    x->f.type = keep(x, 1, f.type);
    x->f.kind = keep(x, 2, f.kind);
    x->f.unit_id = keep(x, 3, f.unit_id);
    x->f.value_min = keep(x, 4, f.value_min);
    x->f.value_max = keep(x, 5, f.value_max);
    x->f.received_from = keep(x, 6, f.received_from);
    x->f.received_to = keep(x, 7, f.received_to);
    /* An employee's own reports; "" matches none (another unit was asked for). */
    x->f.reporter_nip = keep(x, 8, any ? f.reporter_nip : "");
    x->f.overdue = keep(x, 9, f.overdue);
    x->f.today = keep(x, 10, f.today);
    x->f.due_by = keep(x, 11, f.due_by);
    x->finished = !any;
    api_csv_header(&x->pending, &report_fields, &r->who, NULL);
    if (rc == ZI_OK && x->pending.failed)
        rc = ZI_E_INTERNAL;
    if (rc != ZI_OK) {
        export_free(x);
        return rc;
    }
    reply_header(r, "Content-Type", "text/csv; charset=utf-8; header=present");
    reply_header(r, "Content-Disposition", "attachment; filename=\"gratification-reports.csv\"");
    if (ulfius_set_stream_response(r->resp, 200, export_next, export_free, U_STREAM_SIZE_UNKNOWN, 16384, x) != U_OK) {
        export_free(x);
        return ZI_E_INTERNAL;
    }
    return ZI_OK;
}

/* A list nested under one report: the page, and 404 for a missing report or (employees)
 * someone else's. */
static zi_result nested_start(zi_req *r, const zi_sort *sorts, api_page *p)
{
    zi_result rc = api_page_start(r, sorts, p);
    char nip[19];
    if (rc == ZI_OK)
        rc = reports_db_owner(r->db, req_path(r, "id"), nip);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_REPORT_NOT_FOUND, 0, NULL);
    return rc == ZI_OK ? reporter_gate(r, nip) : rc;
}

static zi_result list_steps(zi_req *r)
{
    api_page p;
    zi_result rc = nested_start(r, report_steps_db_sorts, &p);
    db_page page;
    if (rc == ZI_OK)
        rc = reports_db_steps(r->db, req_path(r, "id"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result list_accesses(zi_req *r)
{
    api_page p;
    zi_result rc = nested_start(r, report_accesses_db_sorts, &p);
    db_page page;
    if (rc == ZI_OK)
        rc = reports_db_accesses(r->db, req_path(r, "id"), p.after_value, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* ---- rule sets and advice ---- */

static zi_result list_rule_sets(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, rule_sets_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = rule_sets_db_list(r->db, p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result get_rule_set(zi_req *r)
{
    return api_record_by_id(r, rule_sets_db_get, MSG_RULE_SET_NOT_FOUND);
}

/* A NULL-terminated list of the strings of a JSON array (NULL for JSON null), into buf. */
static const char *const *string_list(const json_t *arr, const char **buf, size_t cap)
{
    if (!json_is_array(arr))
        return NULL;
    size_t n = 0, i;
    const json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v) && n + 1 < cap)
            buf[n++] = json_string_value(v);
    }
    buf[n] = NULL;
    return buf;
}

static zi_msg reason_text(const char *code)
{
    static const struct {
        const char *code;
        zi_msg msg;
    } texts[] = {{"job_related", REASON_JOB_RELATED},   {"giver_service_user", REASON_SERVICE_USER},
                 {"giver_vendor", REASON_VENDOR},       {"exception_applies", REASON_EXCEPTION},
                 {"exceeds_limit", REASON_OVER_LIMIT},  {"no_exception", REASON_NO_EXCEPTION}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (strcmp(texts[i].code, code) == 0)
            return texts[i].msg;
    }
    return REASON_NO_EXCEPTION;
}

#define MAX_EXCEPTIONS 32
#define MAX_LISTED 16

static zi_result assess(zi_req *r)
{
    const char *date = json_string_value(req_field(r, "date"));
    char *rs_text = NULL;
    zi_result rc = rule_sets_db_on(r->db, date, &rs_text);
    if (rc == ZI_E_NOT_FOUND) {
        req_field_error(r, ZI_IN_BODY, "/date", "no_rule_set", 0, 0, NULL);
        return ZI_E_UNPROCESSABLE;
    }
    if (rc != ZI_OK)
        return rc;
    json_t *rs = json_loads(rs_text, 0, NULL);
    free(rs_text);
    if (rs == NULL)
        return ZI_E_INTERNAL;
    const json_t *list = json_object_get(rs, "exceptions");
    grat_exception ex[MAX_EXCEPTIONS];
    const char *rel[MAX_EXCEPTIONS][MAX_LISTED], *occ[MAX_EXCEPTIONS][MAX_LISTED];
    size_t n = 0, i;
    const json_t *e;
    json_array_foreach(list, i, e) {
        if (n == MAX_EXCEPTIONS)
            break;
        ex[n].code = member(e, "code");
        ex[n].relationships = string_list(json_object_get(e, "relationships"), rel[n], MAX_LISTED);
        ex[n].occasions = string_list(json_object_get(e, "occasions"), occ[n], MAX_LISTED);
        ex[n].non_cash_only = json_is_true(json_object_get(e, "non_cash_only"));
        ex[n].max_per_gift_idr = json_integer_value(json_object_get(e, "max_per_gift_idr"));
        ex[n].max_per_giver_year_idr = json_integer_value(json_object_get(e, "max_per_giver_year_idr"));
        n++;
    }
    const json_t *given = req_field(r, "given_this_year_idr");
    grat_gift g = {
        .kind = json_string_value(req_field(r, "kind")),
        .relationship = json_string_value(req_field(r, "giver_relationship")),
        .occasion = json_string_value(req_field(r, "occasion")),
        .value_idr = json_integer_value(req_field(r, "value_idr")),
        .given_this_year_idr = given ? json_integer_value(given) : 0,
        .job_related = json_is_true(req_field(r, "job_related")),
    };
    grat_advice a;
    grat_assess(&g, ex, n, &a);
    const char *exception_code = a.exception >= 0 ? ex[a.exception].code : NULL;
    json_t *reasons = json_array();
    for (size_t k = 0; k < a.nreasons; k++) {
        char text[512];
        msg_render(text, sizeof text, msg_detail_template(reason_text(a.reasons[k]), r->lang), 0, 0,
                   exception_code ? exception_code : "");
        json_array_append_new(reasons, json_pack("{s:s, s:s}", "code", a.reasons[k], "message", text));
    }
    wd_day start = 0;
    wd_parse(date, &start);
    wd_calendar *cal = malloc(sizeof *cal);
    rc = cal ? api_load_calendar(r, wd_year(start) - 1, cal) : ZI_E_INTERNAL;
    int complete = 0;
    char due[11] = "";
    if (rc == ZI_OK)
        wd_format(wd_add(cal, start, rule_days(rs, "legal_days"), &complete), due);
    free(cal);
    json_t *exception = a.exception >= 0 ? json_deep_copy(json_array_get(list, (size_t)a.exception)) : json_null();
    long long high = json_integer_value(json_object_get(rs, "high_value_idr"));
    json_t *out = json_pack("{s:s, s:o, s:o, s:{s:s?, s:s?, s:s?, s:s?}, s:b, s:s, s:b, s:b}", "advice",
                            grat_advice_name(a.advice), "reasons", reasons, "exception", exception, "rule_set", "id",
                            member(rs, "id"), "code", member(rs, "code"), "name", member(rs, "name"),
                            "effective_from", member(rs, "effective_from"), "high_value",
                            high > 0 && g.value_idr >= high, "report_due_on", due, "calendar_complete", complete,
                            "advisory_only", 1);
    json_decref(rs);
    char *text = rc == ZI_OK && out ? json_dumps(out, JSON_COMPACT) : NULL;
    json_decref(out);
    if (rc != ZI_OK)
        return rc;
    return text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
}


/* ---- evidence files ---- */

#define EVIDENCE_MAX_BYTES (5L * 1024 * 1024)
#define EVIDENCE_MAX_FILES 20

static const zi_text MSG_CLOSED[1] = {{"Laporan sudah ditutup ({s}); berkas bukti tidak dapat ditambahkan.",
                                       "The report is closed ({s}); no evidence can be added."}};
static const zi_text MSG_FILE_TYPE[1] = {
    {"Isi berkas bukan jenis yang diterima ({s}), atau tidak sesuai dengan Content-Type.",
     "The file's content is not an accepted type ({s}), or does not match its Content-Type."}};
static const zi_text MSG_TOO_MANY_FILES[1] = {{"Satu laporan paling banyak {a} berkas bukti.",
                                               "A report holds at most {a} evidence files."}};
static const zi_text MSG_EVIDENCE_NOT_FOUND[1] = {{"Berkas bukti tidak ditemukan.", "Evidence file not found."}};
static const zi_text MSG_EVIDENCE_ERASED[1] = {
    {"Isi berkas bukti telah dihapus setelah masa retensi; hash-nya tetap tercatat.",
     "The evidence file's content was erased after the retention period; its hash stays on record."}};
static const zi_text MSG_NO_PACKET[1] = {
    {"Paket KPK dibuat untuk laporan yang sudah diverifikasi UPG (status {s}).",
     "A KPK packet is made for a report the UPG has verified (the report is {s})."}};

/* The declared Content-Type without parameters, lowercased into out. */
static void declared_type(const zi_req *r, char out[64])
{
    const char *ct = req_header(r, "Content-Type");
    size_t n = 0;
    for (; ct && ct[n] && ct[n] != ';' && ct[n] != ' ' && n < 63; n++)
        out[n] = (char)(ct[n] >= 'A' && ct[n] <= 'Z' ? ct[n] + 32 : ct[n]);
    out[n] = '\0';
}

static zi_result add_evidence(zi_req *r)
{
    const char *id = req_path(r, "id");
    json_t *obj = NULL;
    zi_result rc = report_for(r, 1, &obj, NULL);
    if (rc == ZI_OK && member(obj, "closed_on")) {
        req_detail(r, MSG_CLOSED, 0, member(obj, "closed_on"));
        rc = ZI_E_CONFLICT;
    }
    json_decref(obj);
    if (rc != ZI_OK)
        return rc;
    const char *filename = req_query_str(r, "filename");
    if (filename && !evidence_filename_valid(filename)) {
        req_field_error(r, ZI_IN_QUERY, "filename", "invalid_format", 0, 0, "a name without / or \\");
        return ZI_E_INVALID;
    }
    /* The content decides, and the declared type must agree with it. */
    const char *sniffed = evidence_sniff(r->raw, r->raw_len);
    char declared[64];
    declared_type(r, declared);
    if (sniffed == NULL || strcmp(sniffed, declared) != 0) {
        char hint[128];
        req_detail(r, MSG_FILE_TYPE, 0, errors_join(evidence_types, hint, sizeof hint));
        return ZI_E_MEDIA_TYPE;
    }
    char *all = NULL;
    rc = evidence_db_all(r->db, id, &all);
    json_t *files = all ? json_loads(all, 0, NULL) : NULL;
    free(all);
    size_t count = json_array_size(files);
    json_decref(files);
    if (rc == ZI_OK && count >= EVIDENCE_MAX_FILES) {
        req_detail(r, MSG_TOO_MANY_FILES, EVIDENCE_MAX_FILES, NULL);
        rc = ZI_E_CONFLICT;
    }
    char hash[65];
    if (rc == ZI_OK && sha256_hex(r->raw, r->raw_len, hash) != 0)
        rc = ZI_E_INTERNAL;
    char *json = NULL, *eid = NULL;
    if (rc == ZI_OK)
        rc = evidence_db_add(r->db, id, filename, sniffed, r->raw_len, hash, r->raw, r->who.key_id, &json, &eid);
    char location[160];
    snprintf(location, sizeof location, "/v1/gratification-reports/%s/evidence/%s", id, eid ? eid : "");
    free(eid);
    if (rc != ZI_OK) {
        free(json);
        return rc;
    }
    return reply_json_owned(r, 201, json, 0, location);
}

static zi_result list_evidence(zi_req *r)
{
    api_page p;
    zi_result rc = nested_start(r, evidence_db_sorts, &p);
    db_page page;
    if (rc == ZI_OK)
        rc = evidence_db_list(r->db, req_path(r, "id"), p.after_value, p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

/* A file name for Content-Disposition: printable ASCII without quotes or backslashes ("" when
 * the file has none). */
static void disposition_name(const char *name, char out[96])
{
    size_t n = 0;
    for (; name && *name && n < 95; name++) {
        unsigned char ch = (unsigned char)*name;
        out[n++] = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != ';' ? (char)ch : '_';
    }
    out[n] = '\0';
}

static zi_result get_evidence(zi_req *r)
{
    json_t *obj = NULL;
    zi_result rc = report_for(r, 0, &obj, NULL);
    json_decref(obj);
    if (rc != ZI_OK)
        return rc;
    evidence_file f;
    rc = evidence_db_get(r->db, req_path(r, "id"), req_path(r, "evidence_id"), &f);
    if (rc == ZI_E_NOT_FOUND || (rc == ZI_OK && f.erased)) {
        req_detail(r, rc == ZI_OK ? MSG_EVIDENCE_ERASED : MSG_EVIDENCE_NOT_FOUND, 0, NULL);
        free(f.data);
        return ZI_E_NOT_FOUND;
    }
    if (rc != ZI_OK)
        return rc;
    char etag[72];
    snprintf(etag, sizeof etag, "\"%s\"", f.sha256);
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strstr(inm, f.sha256)) {
        free(f.data);
        reply_header(r, "ETag", etag);
        return reply_raw(r, 304, f.media_type, "", 0);
    }
    const char *id = req_path(r, "id");
    rc = record_access(r, "evidence", &id, 1);
    if (rc == ZI_OK) {
        char name[96], disposition[160];
        disposition_name(f.filename, name);
        /* A file sent without a name gets none: the client cannot mistake one for a name. */
        if (name[0])
            snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", name);
        else
            snprintf(disposition, sizeof disposition, "attachment");
        reply_header(r, "Content-Disposition", disposition);
        reply_header(r, "X-Content-Type-Options", "nosniff");
        reply_header(r, "ETag", etag);
        rc = reply_raw(r, 200, f.media_type, (const char *)f.data, f.len);
    }
    free(f.data);
    return rc;
}

/* ---- the packet for KPK ---- */

static json_t *pick(const json_t *from, const char *const *names, const char *prefix)
{
    json_t *out = json_object();
    size_t skip = prefix ? strlen(prefix) : 0;
    for (; *names; names++) {
        const json_t *v = json_object_get(from, *names);
        json_object_set_new(out, *names + skip, v ? json_deep_copy(v) : json_null());
    }
    return out;
}

/* KPK's reporting form as one document (issue 11 §8): every field it asks for, from the report,
 * its unit and its evidence. Owned. */
static json_t *packet_of(const json_t *rep, const json_t *unit, const json_t *evidence)
{
    static const char *const reporter[] = {"reporter_nik", "reporter_nip", "reporter_name", "reporter_address",
                                           "reporter_phone", "reporter_position", NULL};
    static const char *const giver[] = {"giver_name", "giver_address", "giver_relationship", NULL};
    static const char *const object[] = {"kind", "description", "value_idr", "high_value", "received_on", "place",
                                         "occasion", "job_related", "perishable", NULL};
    static const char *const report[] = {"type", "state", "reported_on", "late", "found_by_audit",
                                         "deposit_receipt_number", "gol_reference", "forwarded_on", NULL};
    static const char *const unit_members[] = {"id", "code", "name", NULL};
    static const char *const file_members[] = {"id", "filename", "media_type", "size_bytes", "sha256", NULL};
    json_t *who = pick(rep, reporter, "reporter_");
    json_object_set_new(who, "unit", pick(unit, unit_members, NULL));
    json_t *files = json_array();
    size_t i;
    const json_t *f;
    json_array_foreach(evidence, i, f) {
        json_array_append_new(files, pick(f, file_members, NULL));
    }
    char generated[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(generated, sizeof generated, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_pack("{s:O?, s:s, s:O?, s:o, s:o, s:o, s:O?, s:o, s:o}", "report_id", json_object_get(rep, "id"),
                     "generated_at", generated, "rule_set", json_object_get(json_object_get(rep, "rule_set"), "code"),
                     "reporter", who, "giver", pick(rep, giver, "giver_"), "object", pick(rep, object, NULL),
                     "chronology", json_object_get(rep, "chronology"), "report", pick(rep, report, NULL),
                     "evidence", files);
}

/* The packet as CSV: one "field,value" row per member, nested names joined with dots. */
static void packet_rows(strbuf *sb, const char *prefix, const json_t *v)
{
    if (json_is_object(v) || json_is_array(v)) {
        const char *key;
        json_t *m;
        size_t i;
        char name[160];
        if (json_is_object(v)) {
            json_object_foreach((json_t *)v, key, m) {
                snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", key);
                packet_rows(sb, name, m);
            }
        } else {
            json_array_foreach(v, i, m) {
                snprintf(name, sizeof name, "%s.%zu", prefix, i + 1);
                packet_rows(sb, name, m);
            }
        }
        return;
    }
    json_t *name = json_string(prefix);
    api_csv_cell(sb, name);
    json_decref(name);
    sb_putc(sb, ',');
    api_csv_cell(sb, v);
    sb_puts(sb, "\r\n");
}

static zi_result get_packet(zi_req *r)
{
    json_t *rep = NULL;
    zi_result rc = report_for(r, 0, &rep, NULL);
    if (rc != ZI_OK)
        return rc;
    const char *state = member(rep, "state");
    static const char *const unverified[] = {"draft", "submitted", "incomplete", "lapsed", NULL};
    for (const char *const *s = unverified; *s; s++) {
        if (strcmp(*s, state) == 0) {
            req_detail(r, MSG_NO_PACKET, 0, state);
            json_decref(rep);
            return ZI_E_CONFLICT;
        }
    }
    char *unit_text = NULL, *files_text = NULL;
    long version = 0;
    rc = units_db_get(r->db, member(rep, "unit_id"), NULL, &unit_text, &version);
    if (rc == ZI_OK)
        rc = evidence_db_all(r->db, req_path(r, "id"), &files_text);
    json_t *unit = unit_text ? json_loads(unit_text, 0, NULL) : NULL;
    json_t *files = files_text ? json_loads(files_text, 0, NULL) : NULL;
    free(unit_text);
    free(files_text);
    json_t *packet = rc == ZI_OK ? packet_of(rep, unit, files) : NULL;
    json_decref(unit);
    json_decref(files);
    json_decref(rep);
    const char *id = req_path(r, "id");
    int csv = api_wants_csv(r);
    if (rc == ZI_OK && packet == NULL)
        rc = ZI_E_INTERNAL;
    if (rc == ZI_OK)
        rc = record_access(r, "packet", &id, 1);
    if (rc == ZI_OK && csv) {
        strbuf sb;
        sb_init(&sb);
        sb_puts(&sb, "field,value\r\n");
        packet_rows(&sb, "", packet);
        size_t len;
        char *text = sb_take(&sb, &len);
        rc = text ? reply_raw(r, 200, "text/csv; charset=utf-8; header=present", text, len) : ZI_E_INTERNAL;
        free(text);
    } else if (rc == ZI_OK) {
        char *text = json_dumps(packet, JSON_COMPACT);
        rc = text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
    }
    json_decref(packet);
    return rc;
}

/* ---- statistics of one unit, retention ---- */

static const zi_text MSG_POLICY_NOT_FOUND[1] = {{"Kebijakan retensi tidak ditemukan.", "Retention policy not found."}};

zi_result api_report_stats(zi_req *r, long year, const char *unit_id, int public_figures, json_t **out)
{
    zi_result rc = api_refresh_due_dates(r);
    char today[11];
    api_today(today);
    char *json = NULL;
    if (rc == ZI_OK)
        rc = reports_db_stats(r->db, year, unit_id, today, &json);
    *out = json ? json_loads(json, 0, NULL) : NULL;
    free(json);
    if (rc == ZI_OK && *out == NULL)
        rc = ZI_E_INTERNAL;
    /* Only admins and the UPG see groups smaller than three, and never in the public figures. */
    if (rc == ZI_OK && unit_id == NULL && (public_figures || !(r->who.role & (ROLE_ADMIN | ROLE_UPG))))
        grat_stats_suppress(*out, 3);
    return rc;
}

static zi_result unit_stats(zi_req *r)
{
    zi_result rc = api_path_unit(r, 0);
    if (rc != ZI_OK)
        return rc;
    char today[11];
    api_today(today);
    json_t *stats = NULL;
    rc = api_report_stats(r, req_query_int(r, "year", strtol(today, NULL, 10)), req_path(r, "id"), 0, &stats);
    char *text = stats ? json_dumps(stats, JSON_COMPACT) : NULL;
    json_decref(stats);
    if (rc != ZI_OK) {
        free(text);
        return rc;
    }
    return text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
}

static const char *const retention_kinds[] = {"gratification_reporter_identity", "gratification_evidence", NULL};
static const zi_field_spec policy_field_specs[] = {
    ZI_FIELD_READ_ONLY_ENUM("kind", retention_kinds),
    {"keep_days", FT_INT, 0, 1, 36500, NULL, NULL, NULL, 0, 0},
    {"source", FT_STRING, 0, 1, 500, NULL, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset policy_fields = ZI_FIELDSET("retention_policy", policy_field_specs, NULL, NULL);

static zi_result list_policies(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, retention_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = retention_db_list(r->db, p.after_value, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static zi_result update_policy(zi_req *r)
{
    return api_update_record(r, req_path(r, "kind"), retention_db_lock, retention_db_set, MSG_POLICY_NOT_FOUND);
}

static zi_result run_retention(zi_req *r)
{
    char today[11];
    api_today(today);
    long identities = 0, files = 0;
    zi_result rc = retention_db_run(r->db, today, &identities, &files);
    if (rc != ZI_OK)
        return rc;
    char *text = NULL;
    json_t *out = json_pack("{s:s, s:I, s:I}", "as_of", today, "identities_erased", (json_int_t)identities,
                            "evidence_erased", (json_int_t)files);
    if (out)
        text = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    return text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
}

/* ---- routes ---- */

static const zi_msg report_messages[] = {MSG_REPORT_NOT_FOUND, MSG_RULE_SET_NOT_FOUND, MSG_NOT_EDITABLE,
                                         MSG_BAD_STEP,         MSG_NOT_YOUR_STEP,      MSG_NOT_LAPSED,
                                         MSG_NOT_OWN,          MSG_STEP_MEMBERS,       REASON_JOB_RELATED,
                                         REASON_SERVICE_USER,  REASON_VENDOR,          REASON_EXCEPTION,
                                         REASON_OVER_LIMIT,    REASON_NO_EXCEPTION,    MSG_CLOSED,
                                         MSG_FILE_TYPE,        MSG_TOO_MANY_FILES,     MSG_EVIDENCE_NOT_FOUND,
                                         MSG_EVIDENCE_ERASED,  MSG_NO_PACKET,          MSG_POLICY_NOT_FOUND,
                                         NULL};


static const zi_qparam page_query[] = {ZI_QP_PAGE, ZI_QP_END};
/* The queue's filters, in the list and in the export. */
#define REPORT_FILTERS                                                                                     \
    {"state", QP_ENUM, 0, 0, grat_states, NULL, 0}, {"type", QP_ENUM, 0, 0, grat_types, NULL, 0},          \
        {"kind", QP_ENUM, 0, 0, grat_kinds, NULL, 0}, {"unit_id", QP_UUID, 0, 0, NULL, NULL, 0},            \
        {"overdue", QP_BOOL, 0, 0, NULL, NULL, 0}, {"due_within", QP_INT, 0, 260, NULL, NULL, 0},           \
        {"value_min", QP_INT, 0, MAX_IDR, NULL, NULL, 0}, {"value_max", QP_INT, 0, MAX_IDR, NULL, NULL, 0}, \
        {"received_from", QP_DATE, 0, 0, NULL, NULL, 0}, {"received_to", QP_DATE, 0, 0, NULL, NULL, 0}
static const zi_qparam export_query[] = {REPORT_FILTERS, ZI_QP_END};
static const zi_qparam report_query[] = {
    ZI_QP_PAGE,
    ZI_QP_SORT(reports_db_sorts),
    REPORT_FILTERS,
    ZI_QP_END,
};

static const zi_qparam evidence_query[] = {{"filename", QP_STRING, 1, 200, NULL, NULL, 0}, ZI_QP_END};
static const zi_qparam year_query[] = {{"year", QP_INT, 2000, 2100, NULL, NULL, 0}, ZI_QP_END};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/gratification-rule-sets", .operation_id = "listGratificationRuleSets",
     .handler = list_rule_sets, .roles = RS_READERS, .query = page_query, .shows = &rule_set_fields},
    {.method = "GET", .pattern = "/v1/gratification-rule-sets/{id}", .operation_id = "getGratificationRuleSet",
     .handler = get_rule_set, .roles = RS_READERS, .shows = &rule_set_fields},
    {.method = "POST", .pattern = "/v1/gratification-reports/assess", .operation_id = "assessGratification",
     .handler = assess, .roles = ROLE_PUBLIC, .body = BODY_JSON, .fields = &assess_fields},
    {.method = "POST", .pattern = "/v1/gratification-reports", .operation_id = "createGratificationReport",
     .handler = create_report, .roles = REPORT_READERS, .body = BODY_JSON, .scope = SCOPE_UNIT_BODY("unit_id"),
     .fields = &report_fields, .shows = &report_fields},
    {.method = "GET", .pattern = "/v1/gratification-reports", .operation_id = "listGratificationReports",
     .handler = list_reports, .roles = REPORT_READERS, .flags = RF_CSV, .query = report_query,
     .shows = &report_fields, .scope = SCOPE_OWN_LIST},
    {.method = "GET", .pattern = "/v1/gratification-reports/export", .operation_id = "exportGratificationReports",
     .handler = export_reports, .roles = REPORT_READERS, .query = export_query, .shows = &report_fields,
     .scope = SCOPE_OWN_LIST},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}", .operation_id = "getGratificationReport",
     .handler = get_report, .roles = REPORT_READERS, .shows = &report_fields, .scope = REPORT_SCOPE},
    {.method = "PATCH", .pattern = "/v1/gratification-reports/{id}", .operation_id = "updateGratificationReport",
     .handler = update_report, .roles = REPORT_READERS, .body = BODY_JSON, .fields = &report_fields,
     .shows = &report_fields, .scope = REPORT_SCOPE},
    {.method = "POST", .pattern = "/v1/gratification-reports/{id}/transitions",
     .operation_id = "transitionGratificationReport", .handler = transition_report, .roles = REPORT_READERS,
     .body = BODY_JSON, .fields = &step_fields, .shows = &report_fields, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}/transitions",
     .operation_id = "listGratificationReportTransitions", .handler = list_steps, .roles = REPORT_READERS,
     .query = page_query, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}/accesses",
     .operation_id = "listGratificationReportAccesses", .handler = list_accesses,
     .roles = ROLE_ADMIN | ROLE_EMPLOYEE, .flags = RF_SEALED, .query = page_query, .scope = REPORT_SCOPE},
    {.method = "POST", .pattern = "/v1/gratification-reports/{id}/evidence", .operation_id = "addGratificationEvidence",
     .handler = add_evidence, .roles = REPORT_READERS, .body = BODY_FILE, .query = evidence_query,
     .max_body = EVIDENCE_MAX_BYTES, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}/evidence", .operation_id = "listGratificationEvidence",
     .handler = list_evidence, .roles = REPORT_READERS, .query = page_query, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}/evidence/{evidence_id}",
     .operation_id = "getGratificationEvidence", .handler = get_evidence, .roles = REPORT_READERS, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/gratification-reports/{id}/packet", .operation_id = "getGratificationPacket",
     .handler = get_packet, .roles = ROLE_ADMIN | ROLE_UPG, .flags = RF_CSV, .scope = REPORT_SCOPE},
    {.method = "GET", .pattern = "/v1/units/{id}/gratification-summary", .operation_id = "getUnitGratificationSummary",
     .handler = unit_stats, .roles = ROLE_ADMIN | ROLE_UPG | ROLE_UNIT_OFFICER, .query = year_query,
     .scope = SCOPE_UNIT_PATH("id")},
    {.method = "GET", .pattern = "/v1/retention-policies", .operation_id = "listRetentionPolicies",
     .handler = list_policies, .roles = ROLE_ADMIN, .query = page_query, .shows = &policy_fields},
    {.method = "PATCH", .pattern = "/v1/retention-policies/{kind}", .operation_id = "updateRetentionPolicy",
     .handler = update_policy, .roles = ROLE_ADMIN, .body = BODY_JSON, .fields = &policy_fields,
     .shows = &policy_fields},
    {.method = "POST", .pattern = "/v1/retention/run", .operation_id = "runRetention", .handler = run_retention,
     .roles = ROLE_ADMIN},
};

const zi_module gratification_reports_module = ZI_MODULE("gratification_reports", routes, reports_db_statements,
                                                         &report_fields, report_messages);
