#include "audit_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/digest.h"
#include "sql_common.h"

#define AUDIT_BATCH "1000"

#define AUDIT_JSON                                                                                            \
    "json_build_object('seq', a.seq, 'at', " TS("a.at") ", 'actor_key_id', a.actor_key_id, 'action', a.action, " \
    "'resource_type', a.resource_type, 'resource_id', a.resource_id, 'personal', a.personal, "                  \
    "'changes', a.changes, 'prev_hash', encode(a.prev_hash, 'hex'), 'hash', encode(a.hash, 'hex'))::text"

enum { S_LIST, S_HEAD, S_EVENTS, S_EVENTS_HEAD };

const db_stmt audit_db_statements[] = {
    [S_LIST] = {"audit_list",
                "SELECT " AUDIT_JSON " AS json, a.seq::text AS sort_key FROM audit_log a "
                "WHERE ($1::text IS NULL OR a.resource_type = $1) AND ($2::uuid IS NULL OR a.resource_id = $2) "
                "AND ($3::uuid IS NULL OR a.actor_key_id = $3) AND ($4::text IS NULL OR a.action = $4) "
                "AND ($5::bigint IS NULL OR a.seq > $5) ORDER BY a.seq LIMIT $6::int",
                6, 1},
    [S_HEAD] = {"audit_head",
                "SELECT json_build_object('seq', h.audit_seq, 'hash', encode(h.audit_hash, 'hex'), 'at', "
                "(SELECT " TS("a.at") " FROM audit_log a WHERE a.seq = h.audit_seq))::text FROM journal_head h",
                0, 1},
    [S_EVENTS] = {"events_list",
                  "SELECT json_build_object('seq', e.seq, 'type', e.type, 'resource_type', e.resource_type, "
                  "'resource_id', e.resource_id, 'version', e.version, 'at', " TS("e.at") ")::text AS json, e.seq::text AS sort_key "
                  "FROM events e WHERE e.seq > $1::bigint ORDER BY e.seq LIMIT $2::int",
                  2, 1},
    [S_EVENTS_HEAD] = {"events_head", "SELECT event_seq FROM journal_head", 0, 1},
    {NULL, NULL, 0, 0},
};

const zi_sort audit_db_sorts[] = {
    {"seq", &audit_db_statements[S_LIST], PAGE_KEY_INTEGER},
    {NULL, NULL, PAGE_KEY_TEXT},
};

zi_result audit_db_list(db_conn *c, const audit_filter *f, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", f->limit + 1);
    const char *params[] = {f->resource_type, f->resource_id, f->actor_key_id, f->action, f->after_seq, lim};
    return db_exec_page(c, &audit_db_statements[S_LIST], params, f->limit, page);
}

zi_result audit_db_head(db_conn *c, char **json)
{
    return db_exec_row(c, &audit_db_statements[S_HEAD], NULL, json, NULL);
}

zi_result events_db_list(db_conn *c, const char *after, long limit, db_page *page)
{
    char lim[24];
    snprintf(lim, sizeof lim, "%ld", limit);
    const char *params[] = {after, lim};
    return db_exec_page(c, &audit_db_statements[S_EVENTS], params, limit, page);
}

zi_result events_db_head(db_conn *c, long long *seq)
{
    PGresult *res;
    zi_result rc = db_exec(c, &audit_db_statements[S_EVENTS_HEAD], NULL, &res, NULL);
    if (rc != ZI_OK)
        return rc;
    *seq = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return ZI_OK;
}

static int fail(PGconn *pg, const char *what, char *err, size_t errcap)
{
    snprintf(err, errcap, "%s: %s", what, PQerrorMessage(pg));
    err[strcspn(err, "\n")] = '\0';
    return -1;
}

int audit_db_verify(PGconn *pg, audit_verdict *out, long long *head_seq, char head_hash_hex[65], char *err,
                    size_t errcap)
{
    PGresult *res;
    audit_verifier av;
    audit_verifier_init(&av);
    char after[24] = "0";
    for (;;) {
        const char *params[] = {after};
        res = PQexecParams(pg,
                           "SELECT seq, " TS("at") ", coalesce(actor_key_id::text, '-'), action, resource_type, "
                           "resource_id::text, personal, changes::text, encode(prev_hash, 'hex'), "
                           "encode(hash, 'hex') FROM audit_log WHERE seq > $1::bigint ORDER BY seq LIMIT " AUDIT_BATCH,
                           1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            PQclear(res);
            return fail(pg, "reading audit_log", err, errcap);
        }
        int rows = PQntuples(res);
        for (int i = 0; i < rows; i++) {
            audit_fields f = {
                .seq = strtoll(PQgetvalue(res, i, 0), NULL, 10),
                .at = PQgetvalue(res, i, 1),
                .actor = PQgetvalue(res, i, 2),
                .action = PQgetvalue(res, i, 3),
                .resource_type = PQgetvalue(res, i, 4),
                .resource_id = PQgetvalue(res, i, 5),
                .personal = strcmp(PQgetvalue(res, i, 6), "t") == 0,
                .changes = PQgetvalue(res, i, 7),
            };
            unsigned char prev[32], hash[32];
            if (hex_decode(PQgetvalue(res, i, 8), prev, 32) != 0 || hex_decode(PQgetvalue(res, i, 9), hash, 32) != 0) {
                memset(prev, 0xff, sizeof prev); /* a damaged hash column is a broken record */
                memset(hash, 0xff, sizeof hash);
            }
            if (audit_verifier_feed(&av, &f, prev, hash))
                break;
        }
        if (rows > 0)
            snprintf(after, sizeof after, "%s", PQgetvalue(res, rows - 1, 0));
        PQclear(res);
        if (rows < 1000 || !av.v.ok)
            break;
    }
    res = PQexec(pg, "SELECT audit_seq, encode(audit_hash, 'hex') FROM journal_head");
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        PQclear(res);
        return fail(pg, "reading journal_head", err, errcap);
    }
    *head_seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    snprintf(head_hash_hex, 65, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    unsigned char head_hash[32];
    if (hex_decode(head_hash_hex, head_hash, 32) != 0)
        memset(head_hash, 0xff, sizeof head_hash);
    audit_verifier_finish(&av, *head_seq, head_hash);
    *out = av.v;
    return 0;
}
