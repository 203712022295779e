#include "proposals_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "declarations_db.h"
#include "pacts_db.h"
#include "pledges_db.h"
#include "sql_common.h"
#include "units_db.h"

#define DATE(col) "to_char(" col ", 'YYYY-MM-DD')"
#define OPEN_STATE "state NOT IN ('tpi_rejected', 'awarded', 'not_awarded')"

#define YEAR_JSON                                                                                          \
    "json_build_object('year', y.year, 'bpk_opinion', y.bpk_opinion, 'sakip_grade', y.sakip_grade, "      \
    "'rb_index_grade', y.rb_index_grade, 'submission_opens', " DATE("y.submission_opens") ", "           \
    "'submission_closes', " DATE("y.submission_closes") ", 'source', y.source, 'note', y.note, "          \
    "'created_at', " TS("y.created_at") ", 'updated_at', " TS("y.updated_at") ", 'version', y.version)::text"

#define THRESHOLD_JSON                                                                                     \
    "json_build_object('id', t.id, 'predicate', t.predicate, 'effective_from', " DATE("t.effective_from")  \
    ", 'source', t.source, 'confirmed', t.confirmed, 'total_min', t.total_min, 'enablers_min', "           \
    "t.enablers_min, 'area_min_pct', t.area_min_pct, 'ipak_min', t.ipak_min, 'ipak_survey_min', "          \
    "t.ipak_survey_min, 'performance_min', t.performance_min, 'ipkp_min', t.ipkp_min, 'ipkp_survey_min', " \
    "t.ipkp_survey_min, 'ipak_performance_min', t.ipak_performance_min, 'created_at', " TS("t.created_at") \
    ", 'updated_at', " TS("t.updated_at") ", 'version', t.version)::text"

/* The newest score sheet of proposal pr, summed up. */
#define SCORE_SUMMARY                                                                                      \
    "(SELECT json_build_object('version', s.version, 'total', s.total, 'all_met', s.all_met) "             \
    "FROM score_sheets s WHERE s.proposal_id = pr.id ORDER BY s.version DESC LIMIT 1)"

#define PROPOSAL_FIELDS                                                                                    \
    "'id', pr.id, 'unit_id', pr.unit_id, 'year', pr.year, 'target', pr.target, 'state', pr.state, "       \
    "'note', pr.note, 'decree_number', pr.decree_number, 'decree_date', " DATE("pr.decree_date") ", "     \
    "'score', " SCORE_SUMMARY ", 'created_at', " TS("pr.created_at") ", 'updated_at', " TS("pr.updated_at") \
    ", 'version', pr.version"

/* What the evaluators look at (issue 10 §5): the unit's declaration for the year, its pact
 * coverage that year, its active service pledge. */
#define EVIDENCE                                                                                           \
    "json_build_object('declaration', (SELECT (" DECLARATIONS_DB_JSON ")::json FROM declarations d "      \
    "WHERE d.unit_id = pr.unit_id AND d.year = pr.year), "                                                \
    "'pact_coverage', " PACTS_DB_COVERAGE("pr.unit_id", "pr.year") ", "                                   \
    "'service_pledge', (SELECT (" PLEDGES_DB_JSON ")::json FROM service_pledges s "                        \
    "WHERE s.unit_id = pr.unit_id AND s.active))"

#define SHEET_JSON                                                                                         \
    "(s.inputs || jsonb_build_object('proposal_id', s.proposal_id, 'version', s.version, "                \
    "'computed', s.computed, 'checks', s.checks, 'all_met', s.all_met, 'scored_by', s.scored_by, "         \
    "'thresholds', (SELECT jsonb_build_object('id', t.id, 'predicate', t.predicate, 'effective_from', "    \
    DATE("t.effective_from") ", 'source', t.source, 'confirmed', t.confirmed) FROM lke_thresholds t "     \
    "WHERE t.id = s.threshold_id), 'created_at', " TS("s.created_at") ", 'updated_at', "                  \
    TS("s.created_at") "))::text"

#define DIRECTORY_JSON                                                                                     \
    "json_build_object('id', u.id, 'code', u.code, 'name', u.name, 'kind', u.kind, 'predicate', u.predicate, " \
    "'predicate_year', ap.year, 'decree_number', ap.decree_number, 'decree_date', " DATE("ap.decree_date")   \
    ", 'declared_on', (SELECT " DATE("max(d.declared_on)") " FROM declarations d WHERE d.unit_id = u.id), "  \
    "'pledge', (SELECT s.name FROM service_pledges s WHERE s.unit_id = u.id AND s.active))::text"

enum {
    S_RESOLVE = PROPOSALS_DB_RESOLVE,
    S_YEAR_GET, S_YEAR_LIST, S_YEAR_LOCK, S_YEAR_INSERT, S_YEAR_UPDATE,
    S_T_GET, S_T_LIST, S_T_CREATE, S_T_LOCK, S_T_UPDATE, S_T_FOR,
    S_FACTS, S_P_GET, S_P_LIST, S_P_CREATE, S_P_LOCK, S_P_MOVE, S_P_LOG, S_P_SUPERSEDE, S_P_AWARD, S_P_STEPS,
    S_SHEET_GET, S_SHEET_HISTORY, S_SHEET_PUT, S_REVOKE, S_SUMMARY, S_DIRECTORY, S_SHEET_VERSION,
};

const db_stmt proposals_db_statements[] = {
    [S_RESOLVE] = {"proposals_unit", "SELECT unit_id::text FROM proposals WHERE id = $1::uuid", 1, 1},
    [S_YEAR_GET] = {"years_get", "SELECT " YEAR_JSON ", y.version FROM programme_years y WHERE y.year = $1::int", 1,
                    1},
    [S_YEAR_LIST] = {"years_list",
                     "SELECT " YEAR_JSON " AS json, y.year::text AS sort_key FROM programme_years y "
                     "WHERE ($1::int IS NULL OR y.year < $1::int) ORDER BY y.year DESC LIMIT $2::int",
                     2, 1},
    [S_YEAR_LOCK] = {"years_lock", "SELECT version FROM programme_years WHERE year = $1::int FOR UPDATE", 1, 0},
    [S_YEAR_INSERT] = {"years_insert",
                       "INSERT INTO programme_years AS y (year, bpk_opinion, sakip_grade, rb_index_grade, "
                       "submission_opens, submission_closes, source, note) SELECT $1::int, " MEMBER("bpk_opinion") ", "
                       MEMBER("sakip_grade") ", " MEMBER("rb_index_grade") ", " MEMBER("submission_opens") "::date, "
                       MEMBER("submission_closes") "::date, " MEMBER("source") ", " MEMBER("note")
                       " FROM (SELECT $2::jsonb AS j) AS b RETURNING " YEAR_JSON ", y.version",
                       2, 0},
    [S_YEAR_UPDATE] = {"years_update",
                       "UPDATE programme_years AS y SET " SET_IF("y", "bpk_opinion", MEMBER("bpk_opinion")) ", "
                       SET_IF("y", "sakip_grade", MEMBER("sakip_grade")) ", "
                       SET_IF("y", "rb_index_grade", MEMBER("rb_index_grade")) ", "
                       SET_IF("y", "submission_opens", MEMBER("submission_opens") "::date") ", "
                       SET_IF("y", "submission_closes", MEMBER("submission_closes") "::date") ", "
                       SET_IF("y", "source", MEMBER("source")) ", " SET_IF("y", "note", MEMBER("note"))
                       " FROM (SELECT $2::jsonb AS j) AS b WHERE y.year = $1::int RETURNING " YEAR_JSON ", y.version",
                       2, 0},
    [S_T_GET] = {"thresholds_get", "SELECT " THRESHOLD_JSON ", t.version FROM lke_thresholds t WHERE t.id = $1::uuid",
                 1, 1},
    [S_T_LIST] = {"thresholds_list",
                  "SELECT " THRESHOLD_JSON " AS json, " DATE("t.effective_from") " AS sort_key, t.id::text AS id "
                  "FROM lke_thresholds t WHERE ($1::text IS NULL OR t.predicate = $1) "
                  "AND ($3::uuid IS NULL OR (t.effective_from, t.id) < ($2::date, $3::uuid)) "
                  "ORDER BY t.effective_from DESC, t.id DESC LIMIT $4::int",
                  4, 1},
    [S_T_CREATE] = {"thresholds_create",
                    "INSERT INTO lke_thresholds AS t (predicate, effective_from, source, confirmed, total_min, "
                    "enablers_min, area_min_pct, ipak_min, ipak_survey_min, performance_min, ipkp_min, "
                    "ipkp_survey_min, ipak_performance_min) SELECT " MEMBER("predicate") ", "
                    MEMBER("effective_from") "::date, " MEMBER("source") ", coalesce(" MEMBER("confirmed")
                    "::boolean, false), " MEMBER("total_min") "::numeric, " MEMBER("enablers_min") "::numeric, "
                    MEMBER("area_min_pct") "::int, " MEMBER("ipak_min") "::numeric, " MEMBER("ipak_survey_min")
                    "::numeric, " MEMBER("performance_min") "::numeric, " MEMBER("ipkp_min") "::numeric, "
                    MEMBER("ipkp_survey_min") "::numeric, " MEMBER("ipak_performance_min") "::numeric "
                    "FROM (SELECT $1::jsonb AS j) AS b RETURNING " THRESHOLD_JSON ", t.version, t.id::text",
                    1, 0},
    [S_T_LOCK] = {"thresholds_lock", "SELECT version, confirmed::int FROM lke_thresholds WHERE id = $1::uuid FOR UPDATE",
                  1, 0},
    [S_T_UPDATE] = {"thresholds_update",
                    "UPDATE lke_thresholds AS t SET " SET_IF("t", "source", MEMBER("source")) ", "
                    SET_IF("t", "confirmed", MEMBER("confirmed") "::boolean") ", "
                    SET_IF("t", "total_min", MEMBER("total_min") "::numeric") ", "
                    SET_IF("t", "enablers_min", MEMBER("enablers_min") "::numeric") ", "
                    SET_IF("t", "area_min_pct", MEMBER("area_min_pct") "::int") ", "
                    SET_IF("t", "ipak_min", MEMBER("ipak_min") "::numeric") ", "
                    SET_IF("t", "ipak_survey_min", MEMBER("ipak_survey_min") "::numeric") ", "
                    SET_IF("t", "performance_min", MEMBER("performance_min") "::numeric") ", "
                    SET_IF("t", "ipkp_min", MEMBER("ipkp_min") "::numeric") ", "
                    SET_IF("t", "ipkp_survey_min", MEMBER("ipkp_survey_min") "::numeric") ", "
                    SET_IF("t", "ipak_performance_min", MEMBER("ipak_performance_min") "::numeric")
                    " FROM (SELECT $2::jsonb AS j) AS b WHERE t.id = $1::uuid RETURNING " THRESHOLD_JSON ", t.version",
                    2, 0},
    /* Minima in hundredths, so that the domain compares integers. */
    [S_T_FOR] = {"thresholds_for",
                 "SELECT t.id::text, (t.total_min * 100)::bigint, (t.enablers_min * 100)::bigint, t.area_min_pct, "
                 "(t.ipak_min * 100)::bigint, (t.ipak_survey_min * 100)::bigint, (t.performance_min * 100)::bigint, "
                 "(t.ipkp_min * 100)::bigint, (t.ipkp_survey_min * 100)::bigint, "
                 "(t.ipak_performance_min * 100)::bigint FROM lke_thresholds t WHERE t.predicate = $1 "
                 "AND t.effective_from <= make_date($2::int, 12, 31) ORDER BY t.effective_from DESC LIMIT 1",
                 2, 1},
    [S_FACTS] = {"proposals_facts",
                 "SELECT " DATE("u.designated_on") ", u.predicate, "
                 "(SELECT " DATE("max(p.revoked_at AT TIME ZONE 'UTC')") " FROM unit_predicates p "
                 "WHERE p.unit_id = u.id AND p.status = 'revoked'), "
                 "EXISTS (SELECT 1 FROM proposals x WHERE x.unit_id = u.id AND x.year = $2::int AND x." OPEN_STATE
                 " AND x.id IS DISTINCT FROM $3::uuid), " DATE("y.submission_opens") ", "
                 DATE("y.submission_closes") ", y.bpk_opinion, y.sakip_grade, y.rb_index_grade, "
                 "u.archived_at IS NOT NULL FROM units u LEFT JOIN programme_years y ON y.year = $2::int "
                 "WHERE u.id = $1::uuid FOR SHARE OF u",
                 3, 0},
    [S_P_GET] = {"proposals_get",
                 "SELECT json_build_object(" PROPOSAL_FIELDS ", 'evidence', " EVIDENCE ")::text, pr.version "
                 "FROM proposals pr WHERE pr.id = $1::uuid",
                 1, 1},
    [S_P_LIST] = {"proposals_list",
                  "SELECT json_build_object(" PROPOSAL_FIELDS ")::text AS json, " MICROS("pr.created_at")
                  " AS sort_key, pr.id::text AS id FROM proposals pr WHERE ($1::int IS NULL OR pr.year = $1::int) "
                  "AND ($2::uuid IS NULL OR pr.unit_id = $2::uuid) AND ($3::text IS NULL OR pr.state = $3) "
                  "AND ($4::text IS NULL OR pr.target = $4) "
                  "AND ($6::uuid IS NULL OR (pr.created_at, pr.id) > (" FROM_MICROS("$5") ", $6::uuid)) "
                  "ORDER BY pr.created_at, pr.id LIMIT $7::int",
                  7, 1},
    [S_P_CREATE] = {"proposals_create",
                    "INSERT INTO proposals (unit_id, year, target, note) SELECT " MEMBER("unit_id") "::uuid, "
                    MEMBER("year") "::int, " MEMBER("target") ", " MEMBER("note")
                    " FROM (SELECT $1::jsonb AS j) AS b RETURNING id::text",
                    1, 0},
    [S_P_LOCK] = {"proposals_lock",
                  "SELECT state, unit_id::text, target, year, version FROM proposals WHERE id = $1::uuid FOR UPDATE", 1,
                  0},
    [S_P_MOVE] = {"proposals_move",
                  "UPDATE proposals SET state = $2, decree_number = coalesce($3, decree_number), "
                  "decree_date = coalesce($4::date, decree_date) WHERE id = $1::uuid",
                  4, 0},
    [S_P_LOG] = {"proposals_log",
                 "INSERT INTO proposal_transitions (proposal_id, from_state, to_state, actor_key_id, occurred_on, note) "
                 "VALUES ($1::uuid, $2, $3, nullif($4, '')::uuid, $5::date, $6)",
                 6, 0},
    [S_P_SUPERSEDE] = {"proposals_supersede",
                       "UPDATE unit_predicates SET status = 'superseded' WHERE unit_id = $1::uuid AND status = 'active'",
                       1, 0},
    [S_P_AWARD] = {"proposals_award",
                   "INSERT INTO unit_predicates (unit_id, level, year, decree_number, decree_date, source) "
                   "VALUES ($1::uuid, $2, $3::int, $4, $5::date, 'proposal ' || $6)",
                   6, 0},
    [S_P_STEPS] = {"proposals_steps",
                   "SELECT json_build_object('id', t.id, 'from', t.from_state, 'to', t.to_state, 'actor_key_id', "
                   "t.actor_key_id, 'occurred_on', " DATE("t.occurred_on") ", 'note', t.note, 'at', " TS("t.at")
                   ")::text AS json, " MICROS("t.at") " AS sort_key, t.id::text AS id FROM proposal_transitions t "
                   "WHERE t.proposal_id = $1::uuid AND ($3::uuid IS NULL OR (t.at, t.id) > (" FROM_MICROS("$2")
                   ", $3::uuid)) ORDER BY t.at, t.id LIMIT $4::int",
                   4, 1},
    [S_SHEET_GET] = {"sheets_get",
                     "SELECT " SHEET_JSON ", s.version FROM score_sheets s WHERE s.proposal_id = $1::uuid "
                     "ORDER BY s.version DESC LIMIT 1",
                     1, 1},
    [S_SHEET_HISTORY] = {"sheets_history",
                         "SELECT " SHEET_JSON " AS json, s.version::text AS sort_key FROM score_sheets s "
                         "WHERE s.proposal_id = $1::uuid AND ($2::int IS NULL OR s.version < $2::int) "
                         "ORDER BY s.version DESC LIMIT $3::int",
                         3, 1},
    [S_SHEET_PUT] = {"sheets_put",
                     "INSERT INTO score_sheets AS s (proposal_id, version, inputs, computed, checks, threshold_id, "
                     "all_met, total, scored_by) VALUES ($1::uuid, $2::int, $3::jsonb, $4::jsonb, $5::jsonb, "
                     "$6::uuid, $7::boolean, $8::numeric, nullif($9, '')::uuid) RETURNING " SHEET_JSON,
                     9, 0},
    [S_REVOKE] = {"predicates_revoke",
                  "UPDATE unit_predicates AS p SET status = 'revoked', revoked_at = $2::date::timestamp AT TIME ZONE "
                  "'UTC', revoke_reason = $3 WHERE p.unit_id = $1::uuid AND p.status = 'active' RETURNING "
                  UNITS_DB_PREDICATE_JSON,
                  3, 0},
    /* The mayor's figures (issue 10 §7): active units only; "proposed" leaves out drafts and
     * proposals that ended without an award. */
    [S_SUMMARY] = {"summary_get",
                   "WITH u AS (SELECT * FROM units WHERE archived_at IS NULL), "
                   "pr AS (SELECT * FROM proposals WHERE year = $1::int) "
                   "SELECT json_build_object('year', $1::int, "
                   "'units', json_build_object('total', (SELECT count(*) FROM u), "
                   "'by_kind', (SELECT coalesce(json_object_agg(k.kind, (SELECT count(*) FROM u WHERE u.kind = k.kind)), '{}') "
                   "FROM unnest(ARRAY['sd','smp','puskesmas','rsud','dinas','kecamatan','kelurahan','mpp','other']) AS k(kind)), "
                   "'by_predicate', json_build_object('none', (SELECT count(*) FROM u WHERE predicate = 'none'), "
                   "'wbk', (SELECT count(*) FROM u WHERE predicate = 'wbk'), "
                   "'wbbm', (SELECT count(*) FROM u WHERE predicate = 'wbbm'))), "
                   "'holders', (SELECT count(*) FROM u WHERE predicate <> 'none'), "
                   "'declarations', json_build_object('city', EXISTS (SELECT 1 FROM declarations "
                   "WHERE unit_id IS NULL AND year = $1::int), 'units', (SELECT count(*) FROM declarations d "
                   "JOIN u ON u.id = d.unit_id WHERE d.year = $1::int)), "
                   "'pact_coverage', " PACTS_DB_CITY_COVERAGE("$1::int") ", "
                   "'proposals', json_build_object('by_state', (SELECT json_object_agg(s.state, "
                   "(SELECT count(*) FROM pr WHERE pr.state = s.state)) FROM unnest(ARRAY['draft','tpi_review',"
                   "'tpi_rejected','submitted','selection_passed','selection_passed_with_notes','revision',"
                   "'selection_failed','appeal','desk_evaluation','field_evaluation','awarded','not_awarded']) "
                   "AS s(state)), 'proposed', (SELECT count(*) FROM pr WHERE pr.state NOT IN ('draft', "
                   "'tpi_rejected', 'not_awarded')), 'open', (SELECT count(*) FROM pr WHERE pr." OPEN_STATE ")), "
                   "'projected_holders', (SELECT count(*) FROM u WHERE predicate <> 'none') + "
                   "(SELECT count(DISTINCT pr.unit_id) FROM pr JOIN u ON u.id = pr.unit_id "
                   "WHERE pr." OPEN_STATE " AND u.predicate = 'none'))::text",
                   1, 1},
    [S_DIRECTORY] = {"directory_list",
                     "SELECT " DIRECTORY_JSON " AS json, u.name AS sort_key, u.id::text AS id FROM units u "
                     "LEFT JOIN unit_predicates ap ON ap.unit_id = u.id AND ap.status = 'active' "
                     "WHERE u.archived_at IS NULL AND ($2::uuid IS NULL OR (u.name, u.id) > ($1::text, $2::uuid)) "
                     "ORDER BY u.name, u.id LIMIT $3::int",
                     3, 1},
    [S_SHEET_VERSION] = {"sheets_version",
                         "SELECT coalesce(max(version), 0) FROM score_sheets WHERE proposal_id = $1::uuid", 1, 1},
    {NULL, NULL, 0, 0},
};

const zi_sort programme_years_db_sorts[] = {{"-year", &proposals_db_statements[S_YEAR_LIST], PAGE_KEY_INTEGER},
                                            {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort thresholds_db_sorts[] = {{"-effective_from", &proposals_db_statements[S_T_LIST], PAGE_KEY_TEXT},
                                       {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort proposals_db_sorts[] = {{"created_at", &proposals_db_statements[S_P_LIST], PAGE_KEY_INTEGER},
                                      {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort transitions_db_sorts[] = {{"at", &proposals_db_statements[S_P_STEPS], PAGE_KEY_INTEGER},
                                        {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort score_sheets_db_sorts[] = {{"-version", &proposals_db_statements[S_SHEET_HISTORY], PAGE_KEY_INTEGER},
                                         {NULL, NULL, PAGE_KEY_TEXT}};
const zi_sort directory_db_sorts[] = {{"name", &proposals_db_statements[S_DIRECTORY], PAGE_KEY_TEXT},
                                      {NULL, NULL, PAGE_KEY_TEXT}};

static const db_stmt *st(int i)
{
    return &proposals_db_statements[i];
}

static void limit_text(char buf[24], long limit)
{
    snprintf(buf, 24, "%ld", limit + 1);
}

zi_result programme_years_db_get(db_conn *c, const char *year, char **json, long *version)
{
    const char *params[] = {year};
    return db_exec_row(c, st(S_YEAR_GET), params, json, version);
}

zi_result programme_years_db_list(db_conn *c, const char *after_value, long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {after_value, lim};
    return db_exec_page(c, st(S_YEAR_LIST), params, limit, page);
}

zi_result programme_years_db_lock(db_conn *c, const char *year, long *version)
{
    return db_lock_version(c, st(S_YEAR_LOCK), year, version);
}

zi_result programme_years_db_put(db_conn *c, const char *year, const char *body, int exists, char **json,
                                 long *version)
{
    const char *params[] = {year, body};
    return db_exec_row(c, st(exists ? S_YEAR_UPDATE : S_YEAR_INSERT), params, json, version);
}

zi_result thresholds_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_T_GET), params, json, version);
}

zi_result thresholds_db_list(db_conn *c, const char *predicate, const char *after_value, const char *after_id,
                             long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {predicate, after_value, after_id, lim};
    return db_exec_page(c, st(S_T_LIST), params, limit, page);
}

zi_result thresholds_db_create(db_conn *c, const char *body, zi_errors *errs, char **json, long *version,
                               char **id)
{
    const char *params[] = {body};
    PGresult *res;
    char state[6] = "";
    *json = NULL;
    *id = NULL;
    zi_result rc = db_exec(c, st(S_T_CREATE), params, &res, state);
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0) {
        errors_add(errs, ZI_IN_BODY, "/effective_from", "duplicate", 0, 0, NULL);
        return ZI_E_CONFLICT;
    }
    return rc == ZI_OK ? db_take_created(res, json, version, id) : rc;
}

zi_result thresholds_db_lock(db_conn *c, const char *id, long *version, int *confirmed)
{
    long flag = 0;
    zi_result rc = db_lock_version_and(c, st(S_T_LOCK), id, version, &flag);
    *confirmed = flag != 0;
    return rc;
}

zi_result thresholds_db_update(db_conn *c, const char *id, const char *body, char **json, long *version)
{
    const char *params[] = {id, body};
    return db_exec_row(c, st(S_T_UPDATE), params, json, version);
}

zi_result thresholds_db_for(db_conn *c, const char *predicate, long year, char id[37], long minima[9])
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {predicate, y};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_T_FOR), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    if (found) {
        snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
        for (int i = 0; i < 9; i++)
            minima[i] = strtol(PQgetvalue(res, 0, i + 1), NULL, 10);
    }
    PQclear(res);
    return found ? ZI_OK : ZI_E_NOT_FOUND;
}

static char *text_or_null(const PGresult *res, int col)
{
    return PQgetisnull(res, 0, col) ? NULL : strdup(PQgetvalue(res, 0, col));
}

zi_result proposals_db_facts(db_conn *c, const char *unit_id, long year, const char *except_id,
                             proposal_facts_db *out)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {unit_id, y, except_id};
    PGresult *res;
    memset(out, 0, sizeof *out);
    zi_result rc = db_exec(c, st(S_FACTS), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    out->designated_on = text_or_null(res, 0);
    out->predicate = text_or_null(res, 1);
    out->last_revoked_on = text_or_null(res, 2);
    out->other_open = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    out->window_opens = text_or_null(res, 4);
    out->window_closes = text_or_null(res, 5);
    out->bpk = text_or_null(res, 6);
    out->sakip = text_or_null(res, 7);
    out->rb = text_or_null(res, 8);
    out->archived = strcmp(PQgetvalue(res, 0, 9), "t") == 0;
    PQclear(res);
    return ZI_OK;
}

void proposal_facts_db_free(proposal_facts_db *f)
{
    free(f->designated_on);
    free(f->predicate);
    free(f->last_revoked_on);
    free(f->window_opens);
    free(f->window_closes);
    free(f->bpk);
    free(f->sakip);
    free(f->rb);
    memset(f, 0, sizeof *f);
}

zi_result proposals_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_P_GET), params, json, version);
}

zi_result proposals_db_list(db_conn *c, const proposal_filter *f, db_page *page)
{
    char lim[24];
    limit_text(lim, f->limit);
    const char *params[] = {f->year, f->unit_id, f->state, f->target, f->after_value, f->after_id, lim};
    return db_exec_page(c, st(S_P_LIST), params, f->limit, page);
}

zi_result proposals_db_create(db_conn *c, const char *body, char **id)
{
    const char *params[] = {body};
    PGresult *res;
    char state[6] = "";
    zi_result rc = db_exec(c, st(S_P_CREATE), params, &res, state);
    if (rc == ZI_E_INTERNAL && strcmp(state, "23505") == 0)
        return ZI_E_CONFLICT;
    if (rc != ZI_OK)
        return rc;
    *id = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return *id ? ZI_OK : ZI_E_INTERNAL;
}

zi_result proposals_db_lock(db_conn *c, const char *id, proposal_row *out)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_P_LOCK), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    if (found) {
        snprintf(out->state, sizeof out->state, "%s", PQgetvalue(res, 0, 0));
        snprintf(out->unit_id, sizeof out->unit_id, "%s", PQgetvalue(res, 0, 1));
        snprintf(out->target, sizeof out->target, "%s", PQgetvalue(res, 0, 2));
        out->year = strtol(PQgetvalue(res, 0, 3), NULL, 10);
        out->version = strtol(PQgetvalue(res, 0, 4), NULL, 10);
    }
    PQclear(res);
    return found ? ZI_OK : ZI_E_NOT_FOUND;
}

zi_result proposals_db_exists(db_conn *c, const char *id)
{
    const char *params[] = {id};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_RESOLVE), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    int found = PQntuples(res) == 1;
    PQclear(res);
    return found ? ZI_OK : ZI_E_NOT_FOUND;
}

static zi_result exec_only(db_conn *c, int i, const char *const *params)
{
    PGresult *res;
    zi_result rc = db_exec(c, st(i), params, &res, NULL);
    if (rc == ZI_OK)
        PQclear(res);
    return rc;
}

zi_result proposals_db_move(db_conn *c, const char *id, const char *from, const char *to, const char *actor,
                            const char *occurred_on, const char *note, const char *decree_number,
                            const char *decree_date)
{
    const char *move[] = {id, to, decree_number, decree_date};
    const char *log[] = {id, from, to, actor, occurred_on, note};
    zi_result rc = exec_only(c, S_P_MOVE, move);
    return rc == ZI_OK ? exec_only(c, S_P_LOG, log) : rc;
}

zi_result proposals_db_award(db_conn *c, const proposal_row *p, const char *id, const char *decree_number,
                             const char *decree_date)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", p->year);
    const char *unit[] = {p->unit_id};
    const char *award[] = {p->unit_id, p->target, y, decree_number, decree_date, id};
    zi_result rc = exec_only(c, S_P_SUPERSEDE, unit);
    return rc == ZI_OK ? exec_only(c, S_P_AWARD, award) : rc;
}

zi_result proposals_db_transitions(db_conn *c, const char *id, const char *after_value, const char *after_id,
                                   long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {id, after_value, after_id, lim};
    return db_exec_page(c, st(S_P_STEPS), params, limit, page);
}

zi_result score_sheets_db_get(db_conn *c, const char *proposal_id, char **json, long *version)
{
    const char *params[] = {proposal_id};
    return db_exec_row(c, st(S_SHEET_GET), params, json, version);
}

zi_result score_sheets_db_version(db_conn *c, const char *proposal_id, long *version)
{
    const char *params[] = {proposal_id};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_SHEET_VERSION), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    *version = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return ZI_OK;
}

zi_result score_sheets_db_history(db_conn *c, const char *proposal_id, const char *after_value, long limit,
                                  db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {proposal_id, after_value, lim};
    return db_exec_page(c, st(S_SHEET_HISTORY), params, limit, page);
}

zi_result score_sheets_db_put(db_conn *c, const char *proposal_id, long version, const char *inputs,
                              const char *computed, const char *checks, const char *threshold_id, int all_met,
                              const char *total, const char *scored_by, char **json)
{
    char v[16];
    snprintf(v, sizeof v, "%ld", version);
    const char *params[] = {proposal_id, v, inputs, computed, checks, threshold_id, all_met ? "true" : "false", total,
                            scored_by};
    return db_exec_row(c, st(S_SHEET_PUT), params, json, NULL);
}

zi_result proposals_db_revoke(db_conn *c, const char *unit_id, const char *revoked_on, const char *reason,
                              char **json)
{
    const char *params[] = {unit_id, revoked_on, reason};
    return db_exec_row(c, st(S_REVOKE), params, json, NULL);
}

zi_result summary_db_get(db_conn *c, long year, char **json)
{
    char y[16];
    snprintf(y, sizeof y, "%ld", year);
    const char *params[] = {y};
    return db_exec_row(c, st(S_SUMMARY), params, json, NULL);
}

zi_result directory_db_list(db_conn *c, const char *after_value, const char *after_id, long limit, db_page *page)
{
    char lim[24];
    limit_text(lim, limit);
    const char *params[] = {after_value, after_id, lim};
    return db_exec_page(c, st(S_DIRECTORY), params, limit, page);
}
