#include "body.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../domain/validate.h"

/* `type`, optionally with charset=utf-8; nothing else. */
static int media_type_is(const char *ct, const char *type)
{
    if (ct == NULL)
        return 0;
    while (*ct == ' ')
        ct++;
    size_t n = strlen(type);
    if (strncasecmp(ct, type, n) != 0)
        return 0;
    const char *p = ct + n;
    while (*p == ' ')
        p++;
    if (*p == '\0')
        return 1;
    if (*p != ';')
        return 0;
    p++;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "charset=", 8) != 0)
        return 0;
    p += 8;
    if (*p == '"')
        p++;
    if (strncasecmp(p, "utf-8", 5) != 0)
        return 0;
    p += 5;
    if (*p == '"')
        p++;
    while (*p == ' ')
        p++;
    return *p == '\0';
}

zi_result body_parse(zi_req *r, long max_bytes)
{
    const char *cl = req_header(r, "Content-Length");
    long declared = -1;
    if (cl && parse_long(cl, 0, 0x7fffffffL, &declared) == 0 && declared > max_bytes) {
        req_detail(r, MSG_BODY_TOO_LARGE, max_bytes, NULL);
        return ZI_E_TOO_LARGE;
    }
    size_t len = r->u->binary_body_length;
    if ((long)len > max_bytes) {
        req_detail(r, MSG_BODY_TOO_LARGE, max_bytes, NULL);
        return ZI_E_TOO_LARGE;
    }
    const char *buf = r->u->binary_body;
    if (len == 0 || buf == NULL) {
        if (r->route->body == BODY_OPTIONAL_JSON)
            return ZI_OK;
        if (r->route->body == BODY_FILE) {
            req_detail(r, MSG_FILE_REQUIRED, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "required", 0, 0, NULL);
            return ZI_E_INVALID;
        }
        if (r->route->body == BODY_JSON_OR_CSV) {
            req_detail(r, MSG_BODY_REQUIRED_ANY, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "required", 0, 0, NULL);
            return ZI_E_INVALID;
        }
        req_detail(r, MSG_BODY_REQUIRED, 0, NULL);
        return ZI_E_MALFORMED;
    }
    if (r->route->body == BODY_FILE) {
        r->raw = (const unsigned char *)buf;
        r->raw_len = len;
        return ZI_OK;
    }
    const char *ct = req_header(r, "Content-Type");
    if (r->route->body == BODY_JSON_OR_CSV && media_type_is(ct, "text/csv")) {
        /* Kept as sent: the handler parses it against its own columns. */
        if (!utf8_valid(buf, len) || memchr(buf, '\0', len) != NULL) {
            req_detail(r, MSG_JSON_UTF8, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "invalid_utf8", 0, 0, NULL);
            return ZI_E_MALFORMED;
        }
        r->csv = buf;
        r->csv_len = len;
        return ZI_OK;
    }
    if (!media_type_is(ct, "application/json")) {
        req_detail(r, MSG_MEDIA_TYPE, 0, NULL);
        return ZI_E_MEDIA_TYPE;
    }
    if (!utf8_valid(buf, len)) {
        req_detail(r, MSG_JSON_UTF8, 0, NULL);
        errors_add(&r->errors, ZI_IN_BODY, "", "invalid_utf8", 0, 0, NULL);
        return ZI_E_MALFORMED;
    }
    if (json_nesting_depth(buf, len, ZI_MAX_JSON_DEPTH) > ZI_MAX_JSON_DEPTH) {
        req_detail(r, MSG_JSON_DEPTH, ZI_MAX_JSON_DEPTH, NULL);
        errors_add(&r->errors, ZI_IN_BODY, "", "too_deep", ZI_MAX_JSON_DEPTH, 0, NULL);
        return ZI_E_MALFORMED;
    }
    json_error_t err;
    json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL) {
        switch (json_error_code(&err)) {
        case json_error_duplicate_key:
            req_detail(r, MSG_JSON_DUPLICATE, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "duplicate_key", 0, 0, NULL);
            break;
        case json_error_null_character:
        case json_error_null_byte_in_key:
            req_detail(r, MSG_JSON_NUL, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "nul_character", 0, 0, NULL);
            break;
        case json_error_invalid_utf8:
            req_detail(r, MSG_JSON_UTF8, 0, NULL);
            errors_add(&r->errors, ZI_IN_BODY, "", "invalid_utf8", 0, 0, NULL);
            break;
        case json_error_unknown:
        case json_error_out_of_memory:
        case json_error_stack_overflow:
        case json_error_cannot_open_file:
        case json_error_invalid_argument:
        case json_error_premature_end_of_input:
        case json_error_end_of_input_expected:
        case json_error_invalid_syntax:
        case json_error_invalid_format:
        case json_error_wrong_type:
        case json_error_null_value:
        case json_error_numeric_overflow:
        case json_error_item_not_found:
        case json_error_index_out_of_range:
        default:
            req_detail(r, MSG_JSON_SYNTAX, (long)err.position, err.text);
            break;
        }
        return ZI_E_MALFORMED;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        req_detail(r, MSG_JSON_NOT_OBJECT, 0, NULL);
        return ZI_E_MALFORMED;
    }
    r->body = doc;
    return ZI_OK;
}
