#include "reports_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../domain/digest.h"
#include "sql_common.h"

#define DATE(col) "to_char(" col ", 'YYYY-MM-DD')"

#define RULE_SET_JSON                                                                                      \
    "json_build_object('id', rs.id, 'code', rs.code, 'name', rs.name, 'regulation', rs.regulation, "       \
    "'effective_from', " DATE("rs.effective_from") ", 'confirmed', rs.confirmed, 'source', rs.source, "   \
    "'legal_days', rs.legal_days, 'staff_days', rs.staff_days, 'upg_days', rs.upg_days, 'lapse_days', "    \
    "rs.lapse_days, 'kpk_decision_days', rs.kpk_decision_days, 'handover_days', rs.handover_days, "        \
    "'high_value_idr', rs.high_value_idr, 'exceptions', rs.exceptions, 'created_at', " TS("rs.created_at") \
    ", 'updated_at', " TS("rs.updated_at") ", 'version', rs.version)::text"

/* The rule set's numbers ride inside `rule_set` for the deadline computation (trimmed to id
 * and code before the report leaves the server). */
#define REPORT_JSON                                                                                        \
    "json_build_object('id', g.id, 'unit_id', g.unit_id, 'type', g.type, 'state', g.state, "               \
    "'reporter_nik', g.reporter_nik, 'reporter_nip', g.reporter_nip, 'reporter_name', g.reporter_name, "   \
    "'reporter_address', g.reporter_address, 'reporter_phone', g.reporter_phone, 'reporter_position', "    \
    "g.reporter_position, 'giver_name', g.giver_name, 'giver_address', g.giver_address, "                  \
    "'giver_relationship', g.giver_relationship, 'kind', g.kind, 'description', g.description, "           \
    "'value_idr', g.value_idr, 'high_value', g.high_value, 'received_on', " DATE("g.received_on") ", "    \
    "'place', g.place, 'occasion', g.occasion, 'chronology', g.chronology, 'job_related', g.job_related, " \
    "'perishable', g.perishable, 'deposit_receipt_number', g.deposit_receipt_number, 'reported_on', "      \
    DATE("g.reported_on") ", 'late', g.late, 'found_by_audit', g.found_by_audit, 'rule_set', "            \
    "json_build_object('id', rs.id, 'code', rs.code, 'legal_days', rs.legal_days, 'staff_days', "          \
    "rs.staff_days, 'upg_days', rs.upg_days, 'lapse_days', rs.lapse_days, 'kpk_decision_days', "           \
    "rs.kpk_decision_days, 'handover_days', rs.handover_days), 'returned_on', " DATE("g.returned_on") ", " \
    "'gol_reference', g.gol_reference, 'forwarded_on', " DATE("g.forwarded_on") ", 'kpk_letter_number', "  \
    "g.kpk_letter_number, 'kpk_letter_date', " DATE("g.kpk_letter_date") ", 'outcome', g.outcome, "        \
    "'closed_on', " DATE("g.closed_on") ", 'identity_erased_at', " TS("g.identity_erased_at") ", "   \
    "'sample', g.sample, 'created_at', " TS("g.created_at") ", "    \
    "'updated_at', " TS("g.updated_at") ", 'version', g.version)::text"

#define REPORT_FROM " FROM gratification_reports g JOIN gratification_rule_sets rs ON rs.id = g.rule_set_id "

#define LIST_WHERE                                                                                         \
    "WHERE ($1::text IS NULL OR g.state = $1) AND ($2::text IS NULL OR g.type = $2) "                      \
    "AND ($3::text IS NULL OR g.kind = $3) AND ($4::uuid IS NULL OR g.unit_id = $4::uuid) "                \
    "AND ($5::bigint IS NULL OR g.value_idr >= $5::bigint) AND ($6::bigint IS NULL OR g.value_idr <= $6::bigint) " \
    "AND ($7::date IS NULL OR g.received_on >= $7::date) AND ($8::date IS NULL OR g.received_on <= $8::date) " \
    "AND ($9::text IS NULL OR g.reporter_nip = $9) "                                                       \
    "AND ($10::boolean IS NULL OR ($10::boolean AND g.next_due < $11::date) "                              \
    "     OR (NOT $10::boolean AND (g.next_due IS NULL OR g.next_due >= $11::date))) "                     \
    "AND ($12::date IS NULL OR g.next_due <= $12::date) "

#define DUE_KEY "coalesce(g.next_due, 'infinity'::date)"

#define PATCH_SET(col) SET_IF("g", col, MEMBER(col))
#define PATCH_SET_AS(col, type) SET_IF("g", col, MEMBER(col) "::" type)

enum {
    S_RESOLVE = REPORTS_DB_RESOLVE,
    S_RS_GET, S_RS_LIST, S_RS_ON, S_GET, S_LIST_CREATED, S_LIST_DUE, S_CREATE, S_UPDATE, S_LOCK, S_OWNER, S_MOVE,
    S_LOG, S_STEPS, S_SET_DUE, S_MARK_STALE, S_STALE, S_ACCESS, S_ACCESSES, S_EV_ADD, S_EV_LIST, S_EV_GET,
    S_EV_ALL, S_STATS, S_POLICIES, S_POLICY_GET, S_POLICY_LOCK, S_POLICY_SET, S_ERASE_IDENTITY, S_ERASE_EVIDENCE,
};

#define EVIDENCE_JSON                                                                                      \
    "json_build_object('id', e.id, 'report_id', e.report_id, 'filename', e.filename, 'media_type', "        \
    "e.media_type, 'size_bytes', e.size_bytes, 'sha256', e.sha256, 'erased', e.erased_at IS NOT NULL, "      \
    "'uploaded_by', e.uploaded_by, 'created_at', " TS("e.created_at") ")"

#define POLICY_JSON                                                                                        \
    "json_build_object('kind', p.kind, 'keep_days', p.keep_days, 'source', p.source, 'created_at', "       \
    TS("p.created_at") ", 'updated_at', " TS("p.updated_at") ", 'version', p.version)::text"

/* Counts of one year's reports (drafts are the reporter's own business and not counted). */
#define STATS_OF(g)                                                                                        \
    "json_build_object('year', $1::int, 'total', (SELECT count(*) FROM " g "), "                           \
    "'by_state', (SELECT json_object_agg(s.state, (SELECT count(*) FROM " g " WHERE " g ".state = s.state)) " \
    "FROM unnest(ARRAY['submitted','verifying','incomplete','lapsed','forwarded','recorded','decided',"     \
    "'handed_over','social_aid','returned_to_giver']) AS s(state)), "                                      \
    "'by_type', json_build_object('refusal', (SELECT count(*) FROM " g " WHERE " g ".type = 'refusal'), "   \
    "'receipt', (SELECT count(*) FROM " g " WHERE " g ".type = 'receipt')), "                              \
    "'value_by_kind', (SELECT json_object_agg(k.kind, json_build_object('count', (SELECT count(*) FROM " g   \
    " WHERE " g ".kind = k.kind), 'total_idr', (SELECT coalesce(sum(" g ".value_idr), 0) FROM " g          \
    " WHERE " g ".kind = k.kind))) FROM unnest(ARRAY['money','goods','service','facility','discount',"      \
    "'loan','ticket','lodging','food','other']) AS k(kind)), "                                             \
    "'overdue', (SELECT count(*) FROM " g " WHERE " g ".next_due < $3::date), "                            \
    "'high_value', (SELECT count(*) FROM " g " WHERE " g ".high_value))::text"


const db_stmt reports_db_statements[] = {
    [S_RESOLVE] = {"reports_unit", "SELECT unit_id::text FROM gratification_reports WHERE id = $1::uuid", 1, 1},
    [S_RS_GET] = {"rule_sets_get",
                  "SELECT " RULE_SET_JSON ", rs.version FROM gratification_rule_sets rs WHERE rs.id = $1::uuid", 1, 1},
    [S_RS_LIST] = {"rule_sets_list",
                   "SELECT " RULE_SET_JSON " AS json, " DATE("rs.effective_from") " AS sort_key, rs.id::text AS id "
                   "FROM gratification_rule_sets rs WHERE ($2::uuid IS NULL OR (rs.effective_from, rs.id) > "
                   "($1::date, $2::uuid)) ORDER BY rs.effective_from, rs.id LIMIT $3::int",
                   3, 1},
    [S_RS_ON] = {"rule_sets_on",
                 "SELECT " RULE_SET_JSON " FROM gratification_rule_sets rs WHERE rs.effective_from <= $1::date "
                 "ORDER BY rs.effective_from DESC LIMIT 1",
                 1, 1},
    [S_GET] = {"reports_get", "SELECT " REPORT_JSON ", g.version" REPORT_FROM "WHERE g.id = $1::uuid", 1, 1},
    [S_LIST_CREATED] = {"reports_list_created",
                        "SELECT " REPORT_JSON " AS json, " MICROS("g.created_at") " AS sort_key, g.id::text AS id"
                        REPORT_FROM LIST_WHERE "AND ($14::uuid IS NULL OR (g.created_at, g.id) > ("
                        FROM_MICROS("$13") ", $14::uuid)) ORDER BY g.created_at, g.id LIMIT $15::int",
                        15, 1},
    [S_LIST_DUE] = {"reports_list_due",
                    "SELECT " REPORT_JSON " AS json, " DUE_KEY "::text AS sort_key, g.id::text AS id" REPORT_FROM
                    LIST_WHERE "AND ($14::uuid IS NULL OR (" DUE_KEY ", g.id) > ($13::date, $14::uuid)) "
                    "ORDER BY " DUE_KEY ", g.id LIMIT $15::int",
                    15, 1},
    [S_CREATE] = {"reports_create",
                  "INSERT INTO gratification_reports (unit_id, type, reporter_nik, reporter_nip, reporter_name, "
                  "reporter_address, reporter_phone, reporter_position, filed_by_key_id, giver_name, giver_address, "
                  "giver_relationship, kind, description, value_idr, received_on, place, occasion, chronology, "
                  "job_related, perishable, deposit_receipt_number, found_by_audit) SELECT "
                  MEMBER("unit_id") "::uuid, " MEMBER("type") ", " MEMBER("reporter_nik") ", " MEMBER("reporter_nip")
                  ", " MEMBER("reporter_name") ", " MEMBER("reporter_address") ", " MEMBER("reporter_phone") ", "
                  MEMBER("reporter_position") ", nullif($2, '')::uuid, " MEMBER("giver_name") ", "
                  MEMBER("giver_address") ", " MEMBER("giver_relationship") ", " MEMBER("kind") ", "
                  MEMBER("description") ", " MEMBER("value_idr") "::bigint, " MEMBER("received_on") "::date, "
                  MEMBER("place") ", " MEMBER("occasion") ", " MEMBER("chronology") ", " MEMBER("job_related")
                  "::boolean, coalesce(" MEMBER("perishable") "::boolean, false), " MEMBER("deposit_receipt_number")
                  ", coalesce(" MEMBER("found_by_audit") "::boolean, false) FROM (SELECT $1::jsonb AS j) AS b "
                  "RETURNING id::text",
                  2, 0},
    [S_UPDATE] = {"reports_update",
                  "UPDATE gratification_reports AS g SET " PATCH_SET("reporter_nik") ", " PATCH_SET("reporter_nip") ", "
                  PATCH_SET("reporter_name") ", " PATCH_SET("reporter_address") ", " PATCH_SET("reporter_phone") ", "
                  PATCH_SET("reporter_position") ", " PATCH_SET("giver_name") ", " PATCH_SET("giver_address") ", "
                  PATCH_SET("giver_relationship") ", " PATCH_SET("kind") ", " PATCH_SET("description") ", "
                  PATCH_SET_AS("value_idr", "bigint") ", " PATCH_SET_AS("received_on", "date") ", "
                  PATCH_SET("place") ", " PATCH_SET("occasion") ", " PATCH_SET("chronology") ", "
                  PATCH_SET_AS("job_related", "boolean") ", " PATCH_SET_AS("perishable", "boolean") ", "
                  PATCH_SET("deposit_receipt_number") ", " PATCH_SET_AS("found_by_audit", "boolean")
                  " FROM (SELECT $2::jsonb AS j) AS b WHERE g.id = $1::uuid",
                  2, 0},
    [S_LOCK] = {"reports_lock", "SELECT " REPORT_JSON ", g.version" REPORT_FROM "WHERE g.id = $1::uuid FOR UPDATE OF g",
                1, 0},
    [S_OWNER] = {"reports_owner", "SELECT coalesce(reporter_nip, '') FROM gratification_reports WHERE id = $1::uuid",
                 1, 1},
    [S_MOVE] = {"reports_move",
                "UPDATE gratification_reports SET state = $2, "
                "reported_on = CASE WHEN $2 = 'submitted' THEN $3::date ELSE reported_on END, "
                "late = CASE WHEN $2 = 'submitted' THEN $9::boolean ELSE late END, "
                "returned_on = CASE WHEN $2 = 'incomplete' THEN $3::date ELSE returned_on END, "
                "forwarded_on = CASE WHEN $2 = 'forwarded' THEN $3::date ELSE forwarded_on END, "
                "gol_reference = coalesce($4, gol_reference), kpk_letter_number = coalesce($5, kpk_letter_number), "
                "kpk_letter_date = coalesce($6::date, kpk_letter_date), outcome = coalesce($7, outcome), "
                "closed_on = CASE WHEN $8::boolean THEN $3::date ELSE closed_on END WHERE id = $1::uuid",
                9, 0},
    [S_LOG] = {"reports_log",
               "INSERT INTO gratification_report_transitions (report_id, from_state, to_state, actor_key_id, "
               "occurred_on, note) VALUES ($1::uuid, $2, $3, nullif($4, '')::uuid, $5::date, $6)",
               6, 0},
    [S_STEPS] = {"reports_steps",
                 "SELECT json_build_object('id', t.id, 'from', t.from_state, 'to', t.to_state, 'actor_key_id', "
                 "t.actor_key_id, 'occurred_on', " DATE("t.occurred_on") ", 'note', t.note, 'at', " TS("t.at")
                 ")::text AS json, " MICROS("t.at") " AS sort_key, t.id::text AS id FROM "
                 "gratification_report_transitions t WHERE t.report_id = $1::uuid AND ($3::uuid IS NULL OR "
                 "(t.at, t.id) > (" FROM_MICROS("$2") ", $3::uuid)) ORDER BY t.at, t.id LIMIT $4::int",
                 4, 1},
    [S_SET_DUE] = {"reports_set_due",
                   "UPDATE gratification_reports SET next_due = $2::date, due_stale = false WHERE id = $1::uuid", 2, 0},
    [S_MARK_STALE] = {"reports_mark_stale",
                      "UPDATE gratification_reports SET due_stale = true WHERE closed_on IS NULL AND NOT due_stale", 0,
                      0},
    [S_STALE] = {"reports_stale",
                 "SELECT " REPORT_JSON " AS json, g.id::text AS sort_key" REPORT_FROM
                 "WHERE g.due_stale ORDER BY g.id LIMIT $1::int",
                 1, 1},
    [S_ACCESS] = {"reports_access", "SELECT zi_report_access($1, $2::uuid[], nullif($3, '')::uuid)", 3, 0},
    [S_ACCESSES] = {"reports_accesses",
                    "SELECT json_build_object('seq', a.seq, 'at', " TS("a.at") ", 'key_id', a.key_id, 'key_name', "
                    "k.name, 'key_role', k.role, 'way', a.way)::text AS json, a.seq::text AS sort_key "
                    "FROM gratification_report_accesses a LEFT JOIN api_keys k ON k.id = a.key_id "
                    "WHERE a.report_id = $1::uuid AND ($2::bigint IS NULL OR a.seq > $2::bigint) "
                    "ORDER BY a.seq LIMIT $3::int",
                    3, 1},
    [S_EV_ADD] = {"evidence_add",
                  "INSERT INTO gratification_report_evidence AS e (report_id, filename, media_type, size_bytes, "
                  "sha256, content, uploaded_by) VALUES ($1::uuid, $2, $3, $4::int, $5, decode($6, 'hex'), "
                  "nullif($7, '')::uuid) RETURNING " EVIDENCE_JSON "::text, 0, e.id::text",
                  7, 0},
    [S_EV_LIST] = {"evidence_list",
                   "SELECT " EVIDENCE_JSON "::text AS json, " MICROS("e.created_at") " AS sort_key, e.id::text AS id "
                   "FROM gratification_report_evidence e WHERE e.report_id = $1::uuid AND ($3::uuid IS NULL OR "
                   "(e.created_at, e.id) > (" FROM_MICROS("$2") ", $3::uuid)) ORDER BY e.created_at, e.id "
                   "LIMIT $4::int",
                   4, 1},
    [S_EV_GET] = {"evidence_get",
                  "SELECT e.media_type, e.sha256, encode(e.content, 'hex'), coalesce(e.filename, '') "
                  "FROM gratification_report_evidence e WHERE e.report_id = $1::uuid AND e.id = $2::uuid",
                  2, 1},
    [S_EV_ALL] = {"evidence_all",
                  "SELECT coalesce(json_agg(" EVIDENCE_JSON " ORDER BY e.created_at, e.id), '[]')::text "
                  "FROM gratification_report_evidence e WHERE e.report_id = $1::uuid",
                  1, 1},
    [S_STATS] = {"reports_stats",
                 "WITH g AS (SELECT * FROM gratification_reports WHERE state <> 'draft' AND received_on >= "
                 "make_date($1::int, 1, 1) AND received_on <= make_date($1::int, 12, 31) AND "
                 "($2::uuid IS NULL OR unit_id = $2::uuid)) SELECT " STATS_OF("g"),
                 3, 1},
    [S_POLICIES] = {"retention_list",
                    "SELECT " POLICY_JSON " AS json, p.kind AS sort_key FROM retention_policies p "
                    "WHERE ($1::text IS NULL OR p.kind > $1) ORDER BY p.kind LIMIT $2::int",
                    2, 1},
    [S_POLICY_GET] = {"retention_get", "SELECT " POLICY_JSON ", p.version FROM retention_policies p WHERE p.kind = $1",
                      1, 1},
    [S_POLICY_LOCK] = {"retention_lock", "SELECT version FROM retention_policies WHERE kind = $1 FOR UPDATE", 1, 0},
    [S_POLICY_SET] = {"retention_set",
                      "UPDATE retention_policies AS p SET " SET_IF("p", "keep_days", MEMBER("keep_days") "::int") ", "
                      SET_IF("p", "source", MEMBER("source")) " FROM (SELECT $2::jsonb AS j) AS b "
                      "WHERE p.kind = $1 RETURNING " POLICY_JSON ", p.version",
                      2, 0},
    /* Erasure after the retention period (issue 11 §10): identities with the salt of their
     * journal digests; evidence bytes. Counted in days from closed_on, as of $1 (today). */
    [S_ERASE_IDENTITY] = {"retention_erase_identity",
                          "WITH due AS (SELECT g.id FROM gratification_reports g, retention_policies p "
                          "WHERE p.kind = 'gratification_reporter_identity' AND g.identity_erased_at IS NULL "
                          "AND g.closed_on IS NOT NULL AND g.closed_on + p.keep_days <= $1::date FOR UPDATE OF g) "
                          "UPDATE gratification_reports g SET reporter_nik = NULL, reporter_nip = NULL, "
                          "reporter_name = NULL, reporter_address = NULL, reporter_phone = NULL, "
                          "reporter_position = NULL, identity_salt = NULL, filed_by_key_id = NULL, "
                          "identity_erased_at = now() FROM due WHERE g.id = due.id RETURNING g.id",
                          1, 0},
    [S_ERASE_EVIDENCE] = {"retention_erase_evidence",
                          "UPDATE gratification_report_evidence e SET content = NULL, erased_at = now() "
                          "FROM gratification_reports g, retention_policies p WHERE g.id = e.report_id "
                          "AND p.kind = 'gratification_evidence' AND e.erased_at IS NULL AND g.closed_on IS NOT NULL "
                          "AND g.closed_on + p.keep_days <= $1::date RETURNING e.id",
                          1, 0},
    {NULL, NULL, 0, 0},
};

const zi_sort rule_sets_db_sorts[] = {{"effective_from", &reports_db_statements[S_RS_LIST], PAGE_KEY_TEXT},
                                      {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort reports_db_sorts[] = {{"created_at", &reports_db_statements[S_LIST_CREATED], PAGE_KEY_INTEGER},
                                    {"next_due", &reports_db_statements[S_LIST_DUE], PAGE_KEY_TEXT},
                                    {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort report_steps_db_sorts[] = {{"at", &reports_db_statements[S_STEPS], PAGE_KEY_INTEGER},
                                         {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort evidence_db_sorts[] = {{"created_at", &reports_db_statements[S_EV_LIST], PAGE_KEY_INTEGER},
                                     {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort retention_db_sorts[] = {{"kind", &reports_db_statements[S_POLICIES], PAGE_KEY_TEXT},
                                      {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort report_accesses_db_sorts[] = {{"seq", &reports_db_statements[S_ACCESSES], PAGE_KEY_INTEGER},
                                            {NULL, NULL, PAGE_KEY_TEXT}};

static const db_stmt *st(int i)
{
    return &reports_db_statements[i];
}

static void limit_text(char buf[24], long limit)
{
    snprintf(buf, 24, "%ld", limit + 1);
}

zi_result rule_sets_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_RS_GET), params, json, version);
}

zi_result rule_sets_db_list(db_conn *c, const char *after_value, const char *after_id, long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {after_value, after_id, lim};
    return db_exec_page(c, st(S_RS_LIST), params, limit, page);
}

zi_result rule_sets_db_on(db_conn *c, const char *date, char **json)
{
    const char *params[] = {date};
    return db_exec_row(c, st(S_RS_ON), params, json, NULL);
}

zi_result reports_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_GET), params, json, version);
}

zi_result reports_db_list(db_conn *c, const zi_sort *sort, const report_filter *f, db_page *page)
{
    char lim[24];
    limit_text(lim, f->limit);
    const char *params[] = {f->state,       f->type,        f->kind,     f->unit_id,  f->value_min,
                            f->value_max,   f->received_from, f->received_to, f->reporter_nip, f->overdue,
                            f->today,       f->due_by,      f->after_value, f->after_id, lim};
    return db_exec_page(c, sort->stmt, params, f->limit, page);
}

zi_result reports_db_create(db_conn *c, const char *body, const char *filed_by_key_id, char **id)
{
    const char *params[] = {body, filed_by_key_id};
    return db_exec_row(c, st(S_CREATE), params, id, NULL);
}

static zi_result exec_done(db_conn *c, int stmt, const char *const *params)
{
    PGresult *res;
    zi_result rc = db_exec(c, st(stmt), params, &res, NULL);
    if (rc == ZI_OK)
        PQclear(res);
    return rc;
}

zi_result reports_db_update(db_conn *c, const char *id, const char *body)
{
    const char *params[] = {id, body};
    return exec_done(c, S_UPDATE, params);
}

zi_result reports_db_lock(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_LOCK), params, json, version);
}

zi_result reports_db_owner(db_conn *c, const char *id, char nip[19])
{
    const char *params[] = {id};
    char *text = NULL;
    zi_result rc = db_exec_row(c, st(S_OWNER), params, &text, NULL);
    if (rc == ZI_OK)
        snprintf(nip, 19, "%s", text ? text : "");
    free(text);
    return rc;
}

zi_result reports_db_move(db_conn *c, const char *id, const char *from, const report_step *s,
                          const char *actor_key_id)
{
    const char *params[] = {id,
                            s->to,
                            s->occurred_on,
                            s->gol_reference,
                            s->kpk_letter_number,
                            s->kpk_letter_date,
                            s->outcome,
                            s->closing ? "true" : "false",
                            s->late ? "true" : "false"};
    zi_result rc = exec_done(c, S_MOVE, params);
    const char *log[] = {id, from, s->to, actor_key_id, s->occurred_on, s->note};
    return rc == ZI_OK ? exec_done(c, S_LOG, log) : rc;
}

zi_result reports_db_steps(db_conn *c, const char *id, const char *after_value, const char *after_id, long limit,
                           db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {id, after_value, after_id, lim};
    return db_exec_page(c, st(S_STEPS), params, limit, page);
}

zi_result reports_db_set_due(db_conn *c, const char *id, const char *next_due)
{
    const char *params[] = {id, next_due};
    return exec_done(c, S_SET_DUE, params);
}

zi_result reports_db_mark_stale(db_conn *c)
{
    return exec_done(c, S_MARK_STALE, NULL);
}

zi_result reports_db_stale(db_conn *c, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit);
    const char *params[] = {lim};
    zi_result rc = db_exec_page(c, st(S_STALE), params, limit, page);
    return rc;
}

zi_result reports_db_access(db_conn *c, const char *way, const char *const *ids, size_t n, const char *key_id)
{
    /* The ids as a PostgreSQL array literal: they are canonical UUIDs, nothing to quote. */
    strbuf sb;
    sb_init(&sb);
    sb_putc(&sb, '{');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_putc(&sb, ',');
        sb_puts(&sb, ids[i]);
    }
    sb_putc(&sb, '}');
    size_t len;
    char *list = sb_take(&sb, &len);
    if (list == NULL)
        return ZI_E_INTERNAL;
    const char *params[] = {way, list, key_id};
    zi_result rc = exec_done(c, S_ACCESS, params);
    free(list);
    return rc;
}

zi_result reports_db_accesses(db_conn *c, const char *id, const char *after_value, long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {id, after_value, lim};
    return db_exec_page(c, st(S_ACCESSES), params, limit, page);
}

zi_result evidence_db_add(db_conn *c, const char *report_id, const char *filename, const char *media_type,
                          size_t size, const char *sha256_hex, const unsigned char *data, const char *key_id,
                          char **json, char **id)
{
    char *text = malloc(size * 2 + 1);
    if (text == NULL)
        return ZI_E_INTERNAL;
    hex_encode(data, size, text);
    char n[24];
    snprintf(n, sizeof n, "%zu", size);
    const char *params[] = {report_id, filename, media_type, n, sha256_hex, text, key_id};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_EV_ADD), params, &res, NULL);
    free(text);
    long version = 0;
    return rc == ZI_OK ? db_take_created(res, json, &version, id) : rc;
}

zi_result evidence_db_list(db_conn *c, const char *report_id, const char *after_value, const char *after_id,
                           long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {report_id, after_value, after_id, lim};
    return db_exec_page(c, st(S_EV_LIST), params, limit, page);
}

zi_result evidence_db_get(db_conn *c, const char *report_id, const char *evidence_id, evidence_file *out)
{
    const char *params[] = {report_id, evidence_id};
    PGresult *res;
    memset(out, 0, sizeof *out);
    zi_result rc = db_exec(c, st(S_EV_GET), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    snprintf(out->media_type, sizeof out->media_type, "%s", PQgetvalue(res, 0, 0));
    snprintf(out->sha256, sizeof out->sha256, "%s", PQgetvalue(res, 0, 1));
    snprintf(out->filename, sizeof out->filename, "%s", PQgetvalue(res, 0, 3));
    out->erased = PQgetisnull(res, 0, 2);
    if (!out->erased) {
        const char *h = PQgetvalue(res, 0, 2);
        size_t n = strlen(h) / 2;
        out->data = malloc(n ? n : 1);
        if (out->data == NULL) {
            PQclear(res);
            return ZI_E_INTERNAL;
        }
        if (hex_decode(h, out->data, n) != 0) {
            free(out->data);
            out->data = NULL;
            PQclear(res);
            return ZI_E_INTERNAL;
        }
        out->len = n;
    }
    PQclear(res);
    return ZI_OK;
}

zi_result evidence_db_all(db_conn *c, const char *report_id, char **json)
{
    const char *params[] = {report_id};
    return db_exec_row(c, st(S_EV_ALL), params, json, NULL);
}

zi_result reports_db_stats(db_conn *c, long year, const char *unit_id, const char *today, char **json)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {y, unit_id, today};
    return db_exec_row(c, st(S_STATS), params, json, NULL);
}

zi_result retention_db_list(db_conn *c, const char *after_value, long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {after_value, lim};
    return db_exec_page(c, st(S_POLICIES), params, limit, page);
}

zi_result retention_db_get(db_conn *c, const char *kind, char **json, long *version)
{
    const char *params[] = {kind};
    return db_exec_row(c, st(S_POLICY_GET), params, json, version);
}

zi_result retention_db_lock(db_conn *c, const char *kind, long *version)
{
    return db_lock_version(c, st(S_POLICY_LOCK), kind, version);
}

zi_result retention_db_set(db_conn *c, const char *kind, const char *body, char **json, long *version)
{
    const char *params[] = {kind, body};
    return db_exec_row(c, st(S_POLICY_SET), params, json, version);
}

static zi_result exec_count(db_conn *c, int stmt, const char *today, long *count)
{
    const char *params[] = {today};
    PGresult *res;
    zi_result rc = db_exec(c, st(stmt), params, &res, NULL);
    if (rc == ZI_OK) {
        *count = PQntuples(res);
        PQclear(res);
    }
    return rc;
}

zi_result retention_db_run(db_conn *c, const char *today, long *identities, long *files)
{
    zi_result rc = exec_count(c, S_ERASE_IDENTITY, today, identities);
    return rc == ZI_OK ? exec_count(c, S_ERASE_EVIDENCE, today, files) : rc;
}
