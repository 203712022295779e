#include "problem.h"

#include <stdio.h>
#include <stdlib.h>

#include "../common/strbuf.h"
#include "../zi_limits.h"

void problem_send(zi_req *r, zi_result rc)
{
    int status = msg_http_status(rc);
    char text[512];
    strbuf sb;
    sb_init(&sb);

    if (r->detail == MSG_NONE) {
        r->detail = msg_default_detail(rc);
        if (rc == ZI_E_UNAVAILABLE)
            r->detail_a = ZI_DB_RETRY_AFTER_S;
    }
    /* A handler's ETag or Location belongs to a success, never to a problem. */
    u_map_remove_from_key(r->resp->map_header, "ETag");
    u_map_remove_from_key(r->resp->map_header, "Location");
    u_map_remove_from_key(r->resp->map_header, "Link");

    sb_puts(&sb, "{\"type\":\"urn:zi:problem:");
    sb_puts(&sb, msg_problem_slug(rc));
    sb_puts(&sb, "\",\"title\":");
    sb_json_string(&sb, msg_title(rc, r->lang));
    sb_printf(&sb, ",\"status\":%d,\"detail\":", status);
    msg_render(text, sizeof text, msg_detail_template(r->detail, r->lang), r->detail_a, 0, r->detail_s);
    sb_json_string(&sb, text);
    sb_puts(&sb, ",\"instance\":");
    sb_json_string(&sb, r->request_id);
    if (r->errors.count > 0) {
        sb_puts(&sb, ",\"errors\":[");
        for (size_t i = 0; i < r->errors.count; i++) {
            const zi_field_error *fe = &r->errors.items[i];
            sb_puts(&sb, i ? ",{\"field\":" : "{\"field\":");
            sb_json_string(&sb, fe->field);
            sb_puts(&sb, ",\"in\":\"");
            sb_puts(&sb, errors_location_name(fe->in));
            sb_puts(&sb, "\",\"code\":");
            sb_json_string(&sb, fe->code);
            sb_puts(&sb, ",\"message\":");
            msg_render(text, sizeof text, msg_field_template(fe->code, r->lang), fe->a, fe->b, fe->hint);
            sb_json_string(&sb, text);
            sb_putc(&sb, '}');
        }
        sb_putc(&sb, ']');
    }
    const char *key;
    json_t *value;
    json_object_foreach(r->problem_extra, key, value) {
        char *member = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        sb_putc(&sb, ',');
        sb_json_string(&sb, key);
        sb_putc(&sb, ':');
        if (member == NULL)
            sb.failed = 1;
        else
            sb_puts(&sb, member);
        free(member);
    }
    sb_putc(&sb, '}');

    if (rc == ZI_E_UNAVAILABLE) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after > 0 ? r->retry_after : ZI_DB_RETRY_AFTER_S);
        reply_header(r, "Retry-After", ra);
    } else if (rc == ZI_E_RATE_LIMITED) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after > 0 ? r->retry_after : 1);
        reply_header(r, "Retry-After", ra);
    } else if (rc == ZI_E_UNAUTHORIZED) {
        reply_header(r, "WWW-Authenticate", "Bearer realm=\"zi\"");
    }
    size_t len;
    char *body = sb_take(&sb, &len);
    if (body == NULL) {
        static const char oom[] = "{\"type\":\"urn:zi:problem:internal\",\"title\":\"Internal error\",\"status\":500}";
        status = 500;
        reply_raw(r, status, "application/problem+json", oom, sizeof oom - 1);
    } else {
        reply_raw(r, status, "application/problem+json", body, len);
        free(body);
    }
    r->status = status;
}
