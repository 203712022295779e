/* The ways a representation leaves the server: one record, a page, a CSV export. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/strbuf.h"
#include "../domain/cursor.h"
#include "../domain/etag.h"
#include "../db/units_db.h"
#include "../domain/validate.h"
#include "api.h"

zi_result api_page_start(zi_req *r, const zi_sort *sorts, api_page *p)
{
    const char *cursor = req_query_str(r, "cursor");
    long micros;
    p->sort = req_sort(r, sorts);
    p->after_value = NULL;
    p->after_id = NULL;
    p->limit = req_query_int(r, "limit", ZI_PAGE_DEFAULT);
    if (cursor == NULL)
        return ZI_OK;
    /* An integer key is a sequence number or microseconds since 1970: not before 4713 BC,
     * PostgreSQL's first timestamp. A list whose rows carry an id needs one in its cursor. */
    if (cursor_decode(cursor, p->sort->name, p->value_buf, sizeof p->value_buf, p->id_buf) != 0 ||
        (p->sort->key == PAGE_KEY_INTEGER &&
         parse_long(p->value_buf, -210866803200000000L, 1L << 62, &micros) != 0) ||
        (p->id_buf[0] == '\0' && p->sort->stmt && strstr(p->sort->stmt->sql, " AS id ") != NULL)) {
        req_field_error(r, ZI_IN_QUERY, "cursor", "invalid_cursor", 0, 0, NULL);
        return ZI_E_INVALID;
    }
    p->after_value = p->value_buf;
    p->after_id = p->id_buf;
    return ZI_OK;
}

char *api_visible(const zi_req *r, const zi_fieldset *fs, char *json)
{
    if (json == NULL || fs == NULL || !fields_may_hide(fs, &r->who))
        return json;
    json_t *obj = json_loads(json, 0, NULL);
    free(json);
    if (obj == NULL)
        return NULL;
    fields_filter(obj, fs, &r->who);
    char *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return out;
}

/* Could the caller see field i on some record of this list (of list_unit's records, when
 * the path names a unit)? Decides the columns of a CSV export, so that every row of one
 * export has the same columns and a caller who can see none of a field's values does not
 * get its column. Owners are people: employees, filing or signing for themselves. */
static int column_shown(const zi_fieldset *fs, size_t i, const zi_principal *who, const char *list_unit)
{
    const zi_visibility *v = fs->fields[i].vis;
    if (v == NULL || (v->roles & who->role))
        return 1;
    int own_list = list_unit == NULL || strcmp(list_unit, who->unit_id) == 0;
    return own_list && (((v->own_unit & who->role) != 0) || (v->owner && who->role == ROLE_EMPLOYEE));
}

/* One CSV cell (RFC 4180): quoted when it holds a separator, a quote or a line break. */
void api_csv_cell(strbuf *sb, const json_t *v)
{
    char *owned = NULL;
    const char *text = "";
    char num[32];
    if (json_is_string(v)) {
        text = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        text = num;
    } else if (json_is_true(v) || json_is_false(v)) {
        text = json_is_true(v) ? "true" : "false";
    } else if (v && !json_is_null(v)) {
        owned = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        text = owned ? owned : "";
    }
    if (strpbrk(text, ",\"\r\n") == NULL) {
        sb_puts(sb, text);
    } else {
        sb_putc(sb, '"');
        for (const char *p = text; *p; p++) {
            if (*p == '"')
                sb_putc(sb, '"');
            sb_putc(sb, *p);
        }
        sb_putc(sb, '"');
    }
    free(owned);
}

void api_csv_header(strbuf *sb, const zi_fieldset *fs, const zi_principal *who, const char *list_unit)
{
    int first = 1;
    for (size_t c = 0; c < fs->count; c++) {
        if (!column_shown(fs, c, who, list_unit))
            continue;
        if (!first)
            sb_putc(sb, ',');
        sb_puts(sb, fs->fields[c].name);
        first = 0;
    }
    sb_puts(sb, "\r\n");
}

void api_csv_row(strbuf *sb, const zi_fieldset *fs, const zi_principal *who, const char *list_unit, json_t *obj)
{
    fields_filter(obj, fs, who);
    int first = 1;
    for (size_t c = 0; c < fs->count; c++) {
        if (!column_shown(fs, c, who, list_unit))
            continue;
        if (!first)
            sb_putc(sb, ',');
        api_csv_cell(sb, json_object_get(obj, fs->fields[c].name));
        first = 0;
    }
    sb_puts(sb, "\r\n");
}

static zi_result reply_csv(zi_req *r, const db_page *page, const char *next_cursor, api_item_fn item_fn)
{
    const zi_fieldset *fs = r->route->shows;
    const char *list_unit = strncmp(r->route->pattern, "/v1/units/{id}/", 15) == 0 ? req_path(r, "id") : NULL;
    strbuf sb;
    sb_init(&sb);
    api_csv_header(&sb, fs, &r->who, list_unit);
    for (int i = 0; i < page->count; i++) {
        size_t len;
        const char *item = db_page_item(page, i, &len);
        /* The item as a JSON list would show it (an item function may add to it). */
        char *shown = item_fn ? item_fn(r, item, len) : NULL;
        json_t *obj = item_fn ? (shown ? json_loads(shown, 0, NULL) : NULL) : json_loadb(item, len, 0, NULL);
        free(shown);
        if (obj == NULL) {
            sb_free(&sb);
            return ZI_E_INTERNAL;
        }
        api_csv_row(&sb, fs, &r->who, list_unit, obj);
        json_decref(obj);
    }
    if (next_cursor && reply_next_link(r, next_cursor) != ZI_OK) {
        sb_free(&sb);
        return ZI_E_INTERNAL;
    }
    size_t len;
    char *text = sb_take(&sb, &len);
    zi_result rc = text ? reply_raw(r, 200, "text/csv; charset=utf-8; header=present", text, len) : ZI_E_INTERNAL;
    free(text);
    return rc;
}

int api_wants_csv(const zi_req *r)
{
    const char *accept = req_header(r, "Accept");
    return (r->route->flags & RF_CSV) && accept && strstr(accept, "text/csv") != NULL;
}

static char *visible_item(const zi_req *r, const char *item, size_t len)
{
    char *copy = strndup(item, len);
    return copy ? api_visible(r, r->route->shows, copy) : NULL;
}

zi_result api_reply_page(zi_req *r, db_page *page, const api_page *p)
{
    const zi_fieldset *fs = r->route->shows;
    return api_reply_page_with(r, page, p, fs && fields_may_hide(fs, &r->who) ? visible_item : NULL);
}

zi_result api_reply_page_with(zi_req *r, db_page *page, const api_page *p, api_item_fn item_fn)
{
    char *cursor = NULL;
    if (page->more && page->count > 0) {
        cursor = cursor_encode(p->sort->name, db_page_last_sort(page), db_page_last_id(page));
        if (cursor == NULL) {
            db_page_clear(page);
            return ZI_E_INTERNAL;
        }
    }
    zi_result rc;
    if (api_wants_csv(r) && r->route->shows) {
        rc = reply_csv(r, page, cursor, item_fn);
    } else {
        strbuf items;
        sb_init(&items);
        for (int i = 0; i < page->count; i++) {
            size_t len;
            const char *item = db_page_item(page, i, &len);
            if (i)
                sb_putc(&items, ',');
            if (item_fn == NULL) {
                sb_append(&items, item, len);
                continue;
            }
            char *shown = item_fn(r, item, len);
            if (shown == NULL)
                items.failed = 1;
            else
                sb_puts(&items, shown);
            free(shown);
        }
        size_t len;
        char *text = sb_take(&items, &len);
        rc = text ? reply_list(r, text, len, cursor) : ZI_E_INTERNAL;
        free(text);
    }
    free(cursor);
    db_page_clear(page);
    return rc;
}

zi_result api_reply_record(zi_req *r, zi_result rc, int status, char *json, long version, const char *location,
                           zi_msg not_found)
{
    if (rc == ZI_E_NOT_FOUND && not_found)
        req_detail(r, not_found, 0, NULL);
    if (rc != ZI_OK) {
        free(json);
        return rc;
    }
    /* Only a versioned record has an ETag to match (coverage figures have none). */
    if (version > 0 && strcmp(r->route->method, "GET") == 0 &&
        etag_if_none_match(req_header(r, "If-None-Match"), version)) {
        free(json);
        return reply_not_modified(r, version);
    }
    json = api_visible(r, r->route->shows, json);
    return json ? reply_json_owned(r, status, json, version, location) : ZI_E_INTERNAL;
}

zi_result api_update_record(zi_req *r, const char *key, api_lock_fn lock, api_update_fn update, zi_msg not_found)
{
    long current = 0;
    zi_result rc = lock(r->db, key, &current);
    if (rc == ZI_OK)
        rc = req_check_if_match(r, current);
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = body ? update(r->db, key, body, &json, &version) : ZI_E_INTERNAL;
    free(body);
    return api_reply_record(r, rc, 200, json, version, NULL, not_found);
}

zi_result api_record_by_id(zi_req *r, api_record_fn fn, zi_msg not_found)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = fn(r->db, req_path(r, "id"), &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, not_found);
}

void api_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int api_check_date(zi_req *r, const char *pointer, const char *ymd, long year)
{
    char today[11];
    api_today(today);
    const char *code = ymd ? date_rule_violation(ymd, today, year) : NULL;
    if (code == NULL)
        return 0;
    req_field_error(r, ZI_IN_BODY, pointer, code, 0, 0, strcmp(code, "invalid_format") == 0 ? "YYYY-MM-DD" : NULL);
    return 1;
}

int api_path_year(zi_req *r, long *year)
{
    if (parse_long(req_path(r, "year"), 2000, 2100, year) == 0)
        return 0;
    req_field_error(r, ZI_IN_PATH, "year", "out_of_range", 2000, 2100, NULL);
    return -1;
}

zi_result api_path_unit(zi_req *r, int for_change)
{
    int archived = 0;
    zi_result rc = units_db_share(r->db, req_path(r, "id"), &archived);
    if (rc == ZI_E_NOT_FOUND)
        req_detail(r, MSG_UNIT_NOT_FOUND, 0, NULL);
    if (rc == ZI_OK && archived && for_change) {
        req_detail(r, MSG_UNIT_ARCHIVED, 0, NULL);
        rc = ZI_E_CONFLICT;
    }
    return rc;
}

/* json with the string member name: value appended (owned; NULL on allocation failure). */
static char *with_secret(const char *json, const char *name, const char *value)
{
    size_t n = strlen(json);
    size_t cap = n + strlen(name) + strlen(value) + 16;
    char *out = malloc(cap);
    if (out == NULL || n == 0 || json[n - 1] != '}') {
        free(out);
        return NULL;
    }
    snprintf(out, cap, "%.*s, \"%s\" : \"%s\"}", (int)(n - 1), json, name, value);
    return out;
}

zi_result api_reply_created_with_secret(zi_req *r, char *json, long version, char *id, const char *collection,
                                        const char *member, const char *secret)
{
    char *shown = with_secret(json, member, secret);
    /* An Idempotency-Key replay returns the record without the secret (nor may the secret
     * rest in the idempotency table). */
    r->idem_body = json;
    char location[160];
    snprintf(location, sizeof location, "%s/%s", collection, id);
    free(id);
    return api_reply_record(r, shown ? ZI_OK : ZI_E_INTERNAL, 201, shown, version, location, NULL);
}
