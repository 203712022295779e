/* The audit chain (issue 4): list, verify, and the head to publish. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../db/audit_db.h"
#include "api.h"

/* An audit record carries before/after values of its resource's fields: they leave the
 * server through the same visibility rules as the resource itself (modules_fieldset). */
static char *visible_record(const zi_req *r, const char *item, size_t len)
{
    json_t *rec = json_loadb(item, len, 0, NULL);
    if (rec == NULL)
        return NULL;
    const zi_fieldset *fs = modules_fieldset(json_string_value(json_object_get(rec, "resource_type")));
    if (fs)
        fields_filter_changes(json_object_get(rec, "changes"), fs, &r->who);
    char *out = json_dumps(rec, JSON_COMPACT);
    json_decref(rec);
    return out;
}

static zi_result list_audit(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, audit_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    audit_filter f = {
        .resource_type = req_query_str(r, "resource_type"),
        .resource_id = req_query_str(r, "resource_id"),
        .actor_key_id = req_query_str(r, "actor_key_id"),
        .action = req_query_str(r, "action"),
        .after_seq = p.after_value,
        .limit = p.limit,
    };
    db_page page;
    rc = audit_db_list(r->db, &f, &page);
    return rc == ZI_OK ? api_reply_page_with(r, &page, &p, visible_record) : rc;
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
    {"resource_type", QP_STRING, 1, 64, NULL, NULL, 0},
    {"resource_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"actor_key_id", QP_UUID, 0, 0, NULL, NULL, 0},
    {"action", QP_STRING, 1, 64, NULL, NULL, 0},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/audit", .operation_id = "listAudit", .handler = list_audit,
     .roles = ROLE_ADMIN, .flags = RF_SEALED, .query = list_query},
    {.method = "GET", .pattern = "/v1/audit/verify", .operation_id = "verifyAudit", .handler = verify_audit,
     .roles = ROLE_ADMIN, .flags = RF_SNAPSHOT | RF_SEALED},
    /* Public on purpose: publishing the head (e.g. daily) is what makes a recomputed chain detectable. */
    {.method = "GET", .pattern = "/v1/audit/head", .operation_id = "getAuditHead", .handler = audit_head,
     .roles = ROLE_PUBLIC, .flags = RF_SEALED},
};

const zi_module audit_module = ZI_MODULE("audit", routes, audit_db_statements, NULL, NULL);
