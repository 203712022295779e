/* The audit chain (issue 4): list, verify, and the head to publish. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../db/audit_db.h"
#include "api.h"

static zi_result list_audit(zi_req *r)
{
    api_page page;
    zi_result rc = api_page_start(r, "seq", PAGE_KEY_INTEGER, &page);
    if (rc != ZI_OK)
        return rc;
    audit_filter f = {
        .resource_type = req_query_str(r, "resource_type"),
        .resource_id = req_query_str(r, "resource_id"),
        .actor_key_id = req_query_str(r, "actor_key_id"),
        .action = req_query_str(r, "action"),
        .after_seq = page.after_value,
        .limit = page.limit + 1,
    };
    PGresult *res;
    rc = audit_db_list(r->db, &f, &res);
    return rc == ZI_OK ? api_reply_page(r, res, page.limit, "seq") : rc;
}

static zi_result verify_audit(zi_req *r)
{
    audit_verdict v;
    long long head_seq = 0;
    char head_hash[65], err[256];
    if (audit_db_verify(db_pgconn(r->db), &v, &head_seq, head_hash, err, sizeof err) != 0)
        return ZI_E_UNAVAILABLE;
    strbuf sb;
    sb_init(&sb);
    sb_printf(&sb, "{\"ok\":%s,\"checked\":%lld,\"first_broken_seq\":", v.ok ? "true" : "false", v.checked);
    if (v.ok)
        sb_puts(&sb, "null");
    else
        sb_printf(&sb, "%lld", v.first_broken_seq);
    sb_printf(&sb, ",\"head_seq\":%lld,\"head_hash\":\"%s\"}", head_seq, head_hash);
    return reply_strbuf(r, 200, &sb);
}

static zi_result audit_head(zi_req *r)
{
    char *json = NULL;
    zi_result rc = audit_db_head(r->db, &json);
    return rc == ZI_OK ? reply_json_owned(r, 200, json, 0, NULL) : rc;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"resource_type", QP_STRING, 1, 64, NULL, NULL},
    {"resource_id", QP_UUID, 0, 0, NULL, NULL},
    {"actor_key_id", QP_UUID, 0, 0, NULL, NULL},
    {"action", QP_STRING, 1, 64, NULL, NULL},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {"GET", "/v1/audit", "listAudit", list_audit, ROLE_ADMIN, BODY_NONE, 0, list_query},
    {"GET", "/v1/audit/verify", "verifyAudit", verify_audit, ROLE_ADMIN, BODY_NONE, 0, NULL},
    /* Public on purpose: publishing the head (e.g. daily) is what makes a recomputed chain detectable. */
    {"GET", "/v1/audit/head", "getAuditHead", audit_head, ROLE_PUBLIC, BODY_NONE, 0, NULL},
};

const zi_route_table audit_table = {routes, sizeof routes / sizeof routes[0]};
