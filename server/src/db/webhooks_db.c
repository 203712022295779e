#include "webhooks_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_common.h"

#define STATUS_OF(w)                                                                                         \
    "CASE WHEN " w ".archived_at IS NOT NULL THEN 'archived' WHEN NOT " w ".active THEN 'paused' WHEN " w \
    ".failing_since IS NOT NULL THEN 'failing' ELSE 'active' END"

#define HOOK_JSON                                                                                                \
    "json_build_object('id', w.id, 'url', w.url, 'description', w.description, 'event_types', "                 \
    "to_json(w.event_types), 'active', w.active, 'status', " STATUS_OF("w") ", "                                \
    "'failing_since', " TS("w.failing_since") ", 'created_by', w.created_by, 'created_at', " TS("w.created_at")  \
    ", 'updated_at', " TS("w.updated_at") ", 'archived_at', " TS("w.archived_at") ", 'version', w.version)::text"

#define DELIVERY_JSON                                                                                               \
    "json_build_object('id', d.id, 'webhook_id', d.webhook_id, 'kind', d.kind, 'event_seq', d.event_seq, "         \
    "'event_type', d.event_type, 'status', d.status, 'attempts', d.attempts, 'response_code', d.response_code, "    \
    "'duration_ms', d.duration_ms, 'error', d.error, 'created_at', " TS("d.created_at") ", 'last_attempt_at', "     \
    TS("d.last_attempt_at") ", 'next_attempt_at', " TS("d.next_attempt_at") ", 'completed_at', "                   \
    TS("d.completed_at") ")::text"

/* What a receiver gets: the event exactly as GET /v1/events shows it. */
#define EVENT_JSON(e)                                                                                           \
    "json_build_object('seq', " e ".seq, 'type', " e ".type, 'resource_type', " e ".resource_type, "           \
    "'resource_id', " e ".resource_id, 'version', " e ".version, 'at', " TS(e ".at") ")::text"

enum {
    S_CREATE, S_GET, S_LIST, S_LOCK, S_UPDATE, S_ARCHIVE, S_PING, S_REDELIVER, S_DELIVERY, S_DELIVERIES,
    S_CLAIM, S_NEXT_MANUAL, S_NEXT_EVENT, S_ENSURE, S_SKIP, S_RECORD_EVENT, S_RECORD_MANUAL, S_PRUNE
};

const db_stmt webhooks_db_statements[] = {
    [S_CREATE] = {"webhooks_create",
                  "INSERT INTO webhook_subscriptions AS w (url, description, event_types, active, secret, created_by) "
                  "SELECT b.j ->> 'url', b.j ->> 'description', "
                  "ARRAY(SELECT jsonb_array_elements_text(b.j -> 'event_types')), "
                  "coalesce((b.j ->> 'active')::boolean, true), $2, $3::uuid FROM (SELECT $1::jsonb AS j) AS b "
                  "RETURNING " HOOK_JSON ", w.version, w.id::text",
                  3, 0},
    [S_GET] = {"webhooks_get", "SELECT " HOOK_JSON ", w.version FROM webhook_subscriptions w WHERE w.id = $1::uuid",
               1, 1},
    [S_LIST] = {"webhooks_list",
                "SELECT " HOOK_JSON " AS json, " MICROS("w.created_at") " AS sort_key, w.id::text AS id "
                "FROM webhook_subscriptions w WHERE ($1::text IS NULL OR " STATUS_OF("w") " = $1) "
                "AND ($3::uuid IS NULL OR (w.created_at, w.id) > (" FROM_MICROS("$2") ", $3::uuid)) "
                "ORDER BY w.created_at, w.id LIMIT $4::int",
                4, 1},
    [S_LOCK] = {"webhooks_lock",
                "SELECT version, (archived_at IS NOT NULL)::int FROM webhook_subscriptions WHERE id = $1::uuid "
                "FOR UPDATE",
                1, 0},
    /* Setting active (again) also forgives the past: a failing subscription starts over
     * with its head-of-line event, now. */
    [S_UPDATE] = {"webhooks_update",
                  "UPDATE webhook_subscriptions AS w SET " SET_IF("w", "url", MEMBER("url")) ", "
                  SET_IF("w", "description", MEMBER("description")) ", "
                  "event_types = CASE WHEN b.j ? 'event_types' THEN "
                  "ARRAY(SELECT jsonb_array_elements_text(b.j -> 'event_types')) ELSE w.event_types END, "
                  SET_IF("w", "active", MEMBER("active") "::boolean") ", "
                  "failing_since = CASE WHEN (b.j ->> 'active')::boolean THEN NULL ELSE w.failing_since END, "
                  "attempt = CASE WHEN (b.j ->> 'active')::boolean THEN 0 ELSE w.attempt END, "
                  "first_failed_at = CASE WHEN (b.j ->> 'active')::boolean THEN NULL ELSE w.first_failed_at END, "
                  "next_attempt_at = CASE WHEN (b.j ->> 'active')::boolean THEN now() ELSE w.next_attempt_at END "
                  "FROM (SELECT $2::jsonb AS j) AS b WHERE w.id = $1::uuid RETURNING " HOOK_JSON ", w.version",
                  2, 0},
    /* What was still to be sent will not be: the log says so rather than "pending" forever. */
    [S_ARCHIVE] = {"webhooks_archive",
                   "WITH d AS (UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, "
                   "error = 'not sent: the subscription was deleted' WHERE webhook_id = $1::uuid AND status = 'pending') "
                   "UPDATE webhook_subscriptions AS w SET archived_at = coalesce(w.archived_at, now()), active = false "
                   "WHERE w.id = $1::uuid RETURNING " HOOK_JSON ", w.version",
                   1, 0},
    [S_PING] = {"webhooks_ping",
                "INSERT INTO webhook_deliveries AS d (webhook_id, kind, event_type, next_attempt_at) "
                "VALUES ($1::uuid, 'ping', 'webhook.ping', now()) RETURNING " DELIVERY_JSON ", d.id::text",
                1, 0},
    [S_REDELIVER] = {"webhooks_redeliver",
                     "INSERT INTO webhook_deliveries AS d (webhook_id, kind, event_seq, event_type, next_attempt_at) "
                     "SELECT o.webhook_id, CASE WHEN o.event_seq IS NULL THEN 'ping' ELSE 'redelivery' END, "
                     "o.event_seq, o.event_type, now() FROM webhook_deliveries o "
                     "WHERE o.id = $2::uuid AND o.webhook_id = $1::uuid RETURNING " DELIVERY_JSON ", d.id::text",
                     2, 0},
    [S_DELIVERY] = {"webhooks_delivery",
                    "SELECT " DELIVERY_JSON " FROM webhook_deliveries d WHERE d.id = $2::uuid AND d.webhook_id = $1::uuid",
                    2, 1},
    [S_DELIVERIES] = {"webhooks_deliveries",
                      "SELECT " DELIVERY_JSON " AS json, " MICROS("d.created_at") " AS sort_key, d.id::text AS id "
                      "FROM webhook_deliveries d WHERE d.webhook_id = $1::uuid AND ($2::text IS NULL OR d.status = $2) "
                      "AND ($4::uuid IS NULL OR (d.created_at, d.id) < (" FROM_MICROS("$3") ", $4::uuid)) "
                      "ORDER BY d.created_at DESC, d.id DESC LIMIT $5::int",
                      5, 1},
    /* A subscription with work due that no live lease holds. The feed's head orders commits
     * (0002_journal.sql): every event up to it is visible, so "after_seq < head" is the
     * cheap test for new events; whether they match the types is the next statement's. */
    [S_CLAIM] = {"webhooks_claim",
                 "WITH c AS (SELECT s.id FROM webhook_subscriptions s, journal_head h "
                 "WHERE s.archived_at IS NULL AND (s.lease_until IS NULL OR s.lease_until < now()) "
                 "AND ((s.active AND s.failing_since IS NULL AND s.next_attempt_at <= now() AND s.after_seq < h.event_seq) "
                 "OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = s.id AND d.kind <> 'event' "
                 "AND d.status = 'pending')) "
                 "ORDER BY s.next_attempt_at, s.id LIMIT 1 FOR UPDATE OF s SKIP LOCKED) "
                 "UPDATE webhook_subscriptions s SET lease_owner = $1, "
                 "lease_until = now() + $2::bigint * interval '1 millisecond' FROM c WHERE s.id = c.id "
                 "RETURNING s.id::text, s.url, s.secret, s.attempt, s.after_seq::text, s.event_types::text, "
                 "(s.active AND s.failing_since IS NULL AND s.next_attempt_at <= now())::int",
                 2, 0},
    [S_NEXT_MANUAL] = {"webhooks_next_manual",
                       "SELECT d.id::text, d.kind, coalesce(d.event_seq, 0)::text, CASE WHEN d.event_seq IS NULL THEN "
                       "json_build_object('seq', NULL, 'type', 'webhook.ping', 'resource_type', 'webhook', "
                       "'resource_id', d.webhook_id, 'version', NULL, 'at', " TS("d.created_at") ")::text "
                       "ELSE " EVENT_JSON("e") " END "
                       "FROM webhook_deliveries d LEFT JOIN events e ON e.seq = d.event_seq "
                       "WHERE d.webhook_id = $1::uuid AND d.kind <> 'event' AND d.status = 'pending' "
                       "ORDER BY d.created_at, d.id LIMIT 1",
                       1, 1},
    [S_NEXT_EVENT] = {"webhooks_next_event",
                      "SELECT h.event_seq::text, e.seq::text, e.type, e.json FROM journal_head h LEFT JOIN LATERAL "
                      "(SELECT e.seq, e.type, " EVENT_JSON("e") " AS json FROM events e WHERE e.seq > $1::bigint "
                      "AND e.seq <= h.event_seq AND zi_webhook_matches($2::text[], e.type) ORDER BY e.seq LIMIT 1) e "
                      "ON true",
                      2, 1},
    [S_ENSURE] = {"webhooks_ensure",
                  "INSERT INTO webhook_deliveries (webhook_id, kind, event_seq, event_type) "
                  "VALUES ($1::uuid, 'event', $2::bigint, $3) ON CONFLICT (webhook_id, event_seq) WHERE kind = 'event' "
                  "DO UPDATE SET status = 'pending' RETURNING id::text",
                  3, 0},
    /* Nothing of its types up to the head: move past it and let go. */
    [S_SKIP] = {"webhooks_skip",
                "UPDATE webhook_subscriptions SET after_seq = greatest(after_seq, $3::bigint), lease_owner = NULL, "
                "lease_until = NULL WHERE id = $1::uuid AND lease_owner = $2",
                3, 0},
    [S_RECORD_EVENT] = {"webhooks_record_event",
                        "WITH s AS (UPDATE webhook_subscriptions w SET "
                        "after_seq = CASE WHEN $4::boolean THEN greatest(w.after_seq, $10::bigint) ELSE w.after_seq END, "
                        "attempt = CASE WHEN $4::boolean THEN 0 ELSE w.attempt + 1 END, "
                        "first_failed_at = CASE WHEN $4::boolean THEN NULL ELSE coalesce(w.first_failed_at, now()) END, "
                        "next_attempt_at = CASE WHEN $4::boolean THEN now() "
                        "ELSE now() + $8::bigint * interval '1 millisecond' END, "
                        "failing_since = CASE WHEN NOT $4::boolean AND coalesce(w.first_failed_at, now()) <= "
                        "now() - $9::bigint * interval '1 second' THEN now() ELSE w.failing_since END, "
                        "lease_owner = NULL, lease_until = NULL WHERE w.id = $1::uuid AND w.lease_owner = $2 "
                        "RETURNING w.failing_since IS NOT NULL AS gave_up, w.next_attempt_at) "
                        "UPDATE webhook_deliveries d SET attempts = d.attempts + 1, response_code = $5::int, "
                        "duration_ms = $6::int, error = left($7, 300), last_attempt_at = now(), "
                        "status = CASE WHEN $4::boolean THEN 'succeeded' WHEN s.gave_up THEN 'failed' ELSE 'pending' END, "
                        "next_attempt_at = CASE WHEN $4::boolean OR s.gave_up THEN NULL ELSE s.next_attempt_at END, "
                        "completed_at = CASE WHEN $4::boolean THEN now() ELSE NULL END FROM s WHERE d.id = $3::uuid",
                        10, 0},
    [S_RECORD_MANUAL] = {"webhooks_record_manual",
                         "WITH s AS (UPDATE webhook_subscriptions w SET lease_owner = NULL, lease_until = NULL "
                         "WHERE w.id = $1::uuid AND w.lease_owner = $2 RETURNING w.id) "
                         "UPDATE webhook_deliveries d SET attempts = d.attempts + 1, response_code = $5::int, "
                         "duration_ms = $6::int, error = left($7, 300), last_attempt_at = now(), next_attempt_at = NULL, "
                         "status = CASE WHEN $4::boolean THEN 'succeeded' ELSE 'failed' END, completed_at = now() "
                         "FROM s WHERE d.id = $3::uuid",
                         7, 0},
    [S_PRUNE] = {"webhooks_prune",
                 "DELETE FROM webhook_deliveries WHERE status <> 'pending' "
                 "AND created_at < now() - $1::int * interval '1 day'",
                 1, 0},
    {NULL, NULL, 0, 0},
};

static const db_stmt *st(int i)
{
    return &webhooks_db_statements[i];
}

const zi_sort webhooks_db_sorts[] = {
    {"created_at", &webhooks_db_statements[S_LIST], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

const zi_sort webhooks_db_delivery_sorts[] = {
    {"-created_at", &webhooks_db_statements[S_DELIVERIES], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result webhooks_db_create(db_conn *c, const char *body, const char *secret, const char *created_by, char **json,
                             long *version, char **id)
{
    const char *params[] = {body, secret, created_by && created_by[0] ? created_by : NULL};
    PGresult *res;
    zi_result rc = db_exec(c, st(S_CREATE), params, &res, NULL);
    if (rc != ZI_OK) {
        *json = *id = NULL;
        return rc;
    }
    return db_take_created(res, json, version, id);
}

zi_result webhooks_db_get(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_GET), params, json, version);
}

zi_result webhooks_db_list(db_conn *c, const char *status, const char *after_value, const char *after_id, long limit,
                           db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *params[] = {status, after_value, after_id, lim};
    return db_exec_page(c, st(S_LIST), params, limit, page);
}

zi_result webhooks_db_lock(db_conn *c, const char *id, long *version, int *archived)
{
    long a = 0;
    zi_result rc = db_lock_version_and(c, st(S_LOCK), id, version, &a);
    *archived = a != 0;
    return rc;
}

zi_result webhooks_db_update(db_conn *c, const char *id, const char *body, char **json, long *version)
{
    const char *params[] = {id, body};
    return db_exec_row(c, st(S_UPDATE), params, json, version);
}

zi_result webhooks_db_archive(db_conn *c, const char *id, char **json, long *version)
{
    const char *params[] = {id};
    return db_exec_row(c, st(S_ARCHIVE), params, json, version);
}

static zi_result take_delivery(db_conn *c, int stmt, const char *const *params, char **json, char **id)
{
    PGresult *res;
    *json = *id = NULL;
    zi_result rc = db_exec(c, st(stmt), params, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    /* db_take_created wants a version column between; a delivery has none. */
    if (PQntuples(res) != 1) {
        PQclear(res);
        return ZI_E_NOT_FOUND;
    }
    *json = strdup(PQgetvalue(res, 0, 0));
    *id = strdup(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (*json == NULL || *id == NULL) {
        free(*json);
        free(*id);
        *json = *id = NULL;
        return ZI_E_INTERNAL;
    }
    return ZI_OK;
}

zi_result webhooks_db_ping(db_conn *c, const char *id, char **json, char **delivery_id)
{
    const char *params[] = {id};
    return take_delivery(c, S_PING, params, json, delivery_id);
}

zi_result webhooks_db_redeliver(db_conn *c, const char *id, const char *delivery_id, char **json, char **new_id)
{
    const char *params[] = {id, delivery_id};
    return take_delivery(c, S_REDELIVER, params, json, new_id);
}

zi_result webhooks_db_delivery(db_conn *c, const char *id, const char *delivery_id, char **json)
{
    const char *params[] = {id, delivery_id};
    return db_exec_row(c, st(S_DELIVERY), params, json, NULL);
}

zi_result webhooks_db_deliveries(db_conn *c, const char *id, const char *status, const char *after_value,
                                 const char *after_id, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit + 1);
    const char *params[] = {id, status, after_value, after_id, lim};
    return db_exec_page(c, st(S_DELIVERIES), params, limit, page);
}

/* ---- the delivery workers ---- */

void webhook_job_clear(webhook_job *j)
{
    free(j->url);
    free(j->secret);
    free(j->body);
    memset(j, 0, sizeof *j);
}

static zi_result exec(db_conn *c, int stmt, const char *const *params, PGresult **res)
{
    return db_exec(c, st(stmt), params, res, NULL);
}

/* The subscription's next delivery: a manual one first, then its next event when events
 * are due. ZI_E_NOT_FOUND (and the lease let go) when it has none. */
static zi_result next_delivery(db_conn *c, const char *owner, const char *after_seq, const char *types, int events_due,
                               webhook_job *j)
{
    const char *id_param[] = {j->id};
    PGresult *res;
    zi_result rc = exec(c, S_NEXT_MANUAL, id_param, &res);
    if (rc != ZI_OK)
        return rc;
    if (PQntuples(res) == 1) {
        snprintf(j->delivery_id, sizeof j->delivery_id, "%s", PQgetvalue(res, 0, 0));
        snprintf(j->kind, sizeof j->kind, "%s", PQgetvalue(res, 0, 1));
        j->seq = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
        j->body = strdup(PQgetvalue(res, 0, 3));
        PQclear(res);
        return j->body ? ZI_OK : ZI_E_INTERNAL;
    }
    PQclear(res);
    const char *head = NULL;
    if (events_due) {
        const char *params[] = {after_seq, types};
        rc = exec(c, S_NEXT_EVENT, params, &res);
        if (rc != ZI_OK)
            return rc;
        if (!PQgetisnull(res, 0, 1)) {
            snprintf(j->kind, sizeof j->kind, "event");
            j->seq = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
            j->body = strdup(PQgetvalue(res, 0, 3));
            const char *ensure[] = {j->id, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2)};
            PGresult *row;
            rc = j->body ? exec(c, S_ENSURE, ensure, &row) : ZI_E_INTERNAL;
            PQclear(res);
            if (rc != ZI_OK)
                return rc;
            snprintf(j->delivery_id, sizeof j->delivery_id, "%s", PQntuples(row) ? PQgetvalue(row, 0, 0) : "");
            PQclear(row);
            return j->delivery_id[0] ? ZI_OK : ZI_E_INTERNAL;
        }
        head = PQgetvalue(res, 0, 0);
    }
    const char *skip[] = {j->id, owner, head ? head : after_seq};
    PGresult *done;
    rc = exec(c, S_SKIP, skip, &done);
    if (events_due)
        PQclear(res);
    if (rc == ZI_OK)
        PQclear(done);
    return rc == ZI_OK ? ZI_E_NOT_FOUND : rc;
}

zi_result webhooks_db_claim(db_conn *c, const char *owner, long lease_ms, webhook_job *job)
{
    memset(job, 0, sizeof *job);
    char lease[24];
    snprintf(lease, sizeof lease, "%ld", lease_ms);
    /* A subscription let go for having nothing of its types is not work: look again, a few
     * times, before saying that nothing is due. */
    for (int tries = 0; tries < 8; tries++) {
        const char *params[] = {owner, lease};
        PGresult *res;
        zi_result rc = exec(c, S_CLAIM, params, &res);
        if (rc != ZI_OK)
            return rc;
        if (PQntuples(res) != 1) {
            PQclear(res);
            return ZI_E_NOT_FOUND;
        }
        snprintf(job->id, sizeof job->id, "%s", PQgetvalue(res, 0, 0));
        job->url = strdup(PQgetvalue(res, 0, 1));
        job->secret = strdup(PQgetvalue(res, 0, 2));
        job->attempt = (int)strtol(PQgetvalue(res, 0, 3), NULL, 10);
        if (job->url == NULL || job->secret == NULL) {
            PQclear(res);
            webhook_job_clear(job);
            return ZI_E_INTERNAL;
        }
        rc = next_delivery(c, owner, PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 5),
                           strcmp(PQgetvalue(res, 0, 6), "1") == 0, job);
        PQclear(res);
        if (rc != ZI_E_NOT_FOUND) {
            if (rc != ZI_OK)
                webhook_job_clear(job);
            return rc;
        }
        webhook_job_clear(job);
    }
    return ZI_E_NOT_FOUND;
}

zi_result webhooks_db_record(db_conn *c, const char *owner, const webhook_job *job, const webhook_outcome *o)
{
    char code[16], duration[24], retry_in[24], retry_for[24], seq[24];
    snprintf(code, sizeof code, "%d", o->code);
    snprintf(duration, sizeof duration, "%ld", o->duration_ms);
    snprintf(retry_in, sizeof retry_in, "%ld", o->retry_in_ms);
    snprintf(retry_for, sizeof retry_for, "%ld", o->retry_for_s);
    snprintf(seq, sizeof seq, "%lld", job->seq);
    const char *ok = o->ok ? "true" : "false";
    const char *params[] = {job->id, owner, job->delivery_id, ok, o->code ? code : NULL, duration, o->error,
                            retry_in, retry_for, seq};
    PGresult *res;
    zi_result rc = exec(c, strcmp(job->kind, "event") == 0 ? S_RECORD_EVENT : S_RECORD_MANUAL, params, &res);
    if (rc == ZI_OK)
        PQclear(res);
    return rc;
}

zi_result webhooks_db_prune(db_conn *c, long keep_days, long *deleted)
{
    char days[24];
    snprintf(days, sizeof days, "%ld", keep_days);
    const char *params[] = {days};
    PGresult *res;
    zi_result rc = exec(c, S_PRUNE, params, &res);
    if (rc != ZI_OK)
        return rc;
    *deleted = strtol(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return ZI_OK;
}
