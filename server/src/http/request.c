#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../domain/etag.h"

const char *req_path(const zi_req *r, const char *name)
{
    /* Walk the pattern and the request's segments side by side. */
    const char *p = r->route->pattern;
    for (int i = 0; i < r->nsegs && *p; i++) {
        p++; /* '/' */
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (p[0] == '{' && len - 2 == strlen(name) && strncmp(p + 1, name, len - 2) == 0)
            return r->segs[i];
        p += len;
    }
    return NULL;
}

static const zi_qvalue *find_query(const zi_req *r, const char *name)
{
    for (int i = 0; i < r->nquery; i++) {
        if (strcmp(r->query[i].name, name) == 0)
            return &r->query[i];
    }
    return NULL;
}

long req_query_int(const zi_req *r, const char *name, long dflt)
{
    const zi_qvalue *q = find_query(r, name);
    return q ? q->ival : dflt;
}

const char *req_query_str(const zi_req *r, const char *name)
{
    const zi_qvalue *q = find_query(r, name);
    return q ? q->value : NULL;
}

int req_query_bool(const zi_req *r, const char *name)
{
    const zi_qvalue *q = find_query(r, name);
    return q ? (int)q->ival : -1;
}

const char *req_header(const zi_req *r, const char *name)
{
    return u_map_get_case(r->u->map_header, name);
}

void req_detail(zi_req *r, zi_msg msg, long a, const char *s)
{
    r->detail = msg;
    r->detail_a = a;
    snprintf(r->detail_s, sizeof r->detail_s, "%s", s ? s : "");
}

void req_field_error(zi_req *r, zi_location in, const char *field, const char *code, long a, long b,
                     const char *hint)
{
    errors_add(&r->errors, in, field, code, a, b, hint);
}

void reply_header(zi_req *r, const char *name, const char *value)
{
    u_map_put(r->resp->map_header, name, value);
}

zi_result reply_raw(zi_req *r, int status, const char *content_type, const char *body, size_t len)
{
    /* Ulfius refuses a zero-length binary body: an empty answer (204) has its own call. */
    if (len == 0)
        return ulfius_set_empty_body_response(r->resp, (unsigned)status) == U_OK ? ZI_OK : ZI_E_INTERNAL;
    reply_header(r, "Content-Type", content_type);
    if (ulfius_set_binary_body_response(r->resp, (unsigned)status, body, len) != U_OK)
        return ZI_E_INTERNAL;
    return ZI_OK;
}

zi_result reply_json(zi_req *r, int status, const char *body, size_t len, long version, const char *location)
{
    if (version > 0) {
        char etag[32];
        reply_header(r, "ETag", etag_format(version, etag, sizeof etag));
    }
    if (location)
        reply_header(r, "Location", location);
    return reply_raw(r, status, "application/json; charset=utf-8", body, len);
}

zi_result reply_json_owned(zi_req *r, int status, char *json, long version, const char *location)
{
    zi_result rc = reply_json(r, status, json, strlen(json), version, location);
    free(json);
    return rc;
}

zi_result reply_not_modified(zi_req *r, long version)
{
    char etag[32];
    reply_header(r, "ETag", etag_format(version, etag, sizeof etag));
    r->resp->status = 304;
    return ZI_OK;
}

/* The URL of the next page: the same path and query with the cursor replaced. */
static char *next_link(const zi_req *r, const char *cursor)
{
    strbuf sb;
    sb_init(&sb);
    sb_putc(&sb, '<');
    sb_puts(&sb, r->raw_path);
    char sep = '?';
    for (int i = 0; i < r->nquery; i++) {
        if (strcmp(r->query[i].name, "cursor") == 0)
            continue;
        sb_putc(&sb, sep);
        sep = '&';
        sb_url_encode(&sb, r->query[i].name);
        sb_putc(&sb, '=');
        sb_url_encode(&sb, r->query[i].value);
    }
    sb_putc(&sb, sep);
    sb_puts(&sb, "cursor=");
    sb_url_encode(&sb, cursor);
    sb_puts(&sb, ">; rel=\"next\"");
    return sb_take(&sb, NULL);
}

zi_result reply_next_link(zi_req *r, const char *cursor)
{
    char *link = next_link(r, cursor);
    if (link == NULL)
        return ZI_E_INTERNAL;
    reply_header(r, "Link", link);
    free(link);
    return ZI_OK;
}

zi_result reply_list(zi_req *r, const char *items, size_t items_len, const char *next_cursor)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"data\":[");
    sb_append(&sb, items, items_len);
    sb_puts(&sb, "],\"next_cursor\":");
    if (next_cursor) {
        sb_json_string(&sb, next_cursor);
        if (reply_next_link(r, next_cursor) != ZI_OK) {
            sb_free(&sb);
            return ZI_E_INTERNAL;
        }
    } else {
        sb_puts(&sb, "null");
    }
    sb_putc(&sb, '}');
    return reply_strbuf(r, 200, &sb);
}

zi_result reply_strbuf(zi_req *r, int status, strbuf *sb)
{
    size_t len;
    char *body = sb_take(sb, &len);
    if (body == NULL)
        return ZI_E_INTERNAL;
    zi_result rc = reply_json(r, status, body, len, 0, NULL);
    free(body);
    return rc;
}

zi_result req_check_if_match(zi_req *r, long version)
{
    const char *h = req_header(r, "If-Match");
    if (h == NULL) {
        req_detail(r, MSG_IF_MATCH_REQUIRED, 0, NULL);
        return ZI_E_PRECONDITION_REQUIRED;
    }
    if (!etag_if_match(h, version)) {
        req_detail(r, MSG_IF_MATCH_STALE, version, NULL);
        return ZI_E_PRECONDITION_FAILED;
    }
    return ZI_OK;
}

const json_t *req_field(const zi_req *r, const char *name)
{
    const zi_fieldset *fs = r->route ? r->route->fields : NULL;
    int i = fs ? fields_index(fs, name) : -1;
    return i >= 0 ? r->got[i] : NULL;
}

char *req_body_text(const zi_req *r)
{
    return r->body ? json_dumps(r->body, JSON_COMPACT) : strdup("{}");
}

const char *req_unit_filter(const zi_req *r)
{
    if (r->route->scope.kind != SCOPE_LIST || !(r->who.role & ROLE_UNIT_BOUND))
        return NULL;
    return r->who.unit_id;
}

const zi_sort *req_sort(const zi_req *r, const zi_sort *sorts)
{
    const char *name = req_query_str(r, "sort");
    for (const zi_sort *s = sorts; name && s->name; s++) {
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return &sorts[0];
}
