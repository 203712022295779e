#include "edge.h"

#include <string.h>
#include <strings.h>

#include "../zi_limits.h"

/* A header's values as the client sent them: Ulfius joins repeats of one spelling with ','
 * and keeps other spellings ("content-length") as separate keys; *count says how many keys. */
static const char *header_any_case(const zi_req *r, const char *name, int *count)
{
    const char **keys = u_map_enum_keys(r->u->map_header);
    const char *value = NULL;
    *count = 0;
    for (int i = 0; keys && keys[i]; i++) {
        if (strcasecmp(keys[i], name) == 0) {
            (*count)++;
            value = u_map_get(r->u->map_header, keys[i]);
        }
    }
    return value;
}

static int digits_only(const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
    }
    return 1;
}

/* RFC 9110 token characters: a header name with whitespace before its colon
 * ("Content-Length : 5") is one a proxy may read as Content-Length and we would not. */
static int token(const char *s)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || strchr(extra, c)))
            return 0;
    }
    return 1;
}

/* A malformed header name (framing), or more header bytes than ZI_MAX_HEADER_BYTES. */
static zi_result check_headers(zi_req *r)
{
    const char **keys = u_map_enum_keys(r->u->map_header);
    size_t total = 0;
    for (int i = 0; keys && keys[i]; i++) {
        if (!token(keys[i])) {
            req_field_error(r, ZI_IN_HEADER, "(header name)", "ambiguous_framing", 0, 0, NULL);
            req_detail(r, MSG_FRAMING, 0, NULL);
            reply_header(r, "Connection", "close");
            return ZI_E_INVALID;
        }
        const char *v = u_map_get(r->u->map_header, keys[i]);
        total += strlen(keys[i]) + (v ? strlen(v) : 0) + 4;
    }
    if (total > ZI_MAX_HEADER_BYTES) {
        req_field_error(r, ZI_IN_HEADER, "(all headers)", "too_long", 0, ZI_MAX_HEADER_BYTES, NULL);
        return ZI_E_INVALID;
    }
    return ZI_OK;
}

zi_result edge_check_framing(zi_req *r)
{
    zi_result hrc = check_headers(r);
    if (hrc != ZI_OK)
        return hrc;
    int cl_count = 0, te_count = 0;
    const char *cl = header_any_case(r, "Content-Length", &cl_count);
    header_any_case(r, "Transfer-Encoding", &te_count);
    zi_result rc = ZI_OK;
    if (cl_count > 1 || (cl && !digits_only(cl))) {
        req_field_error(r, ZI_IN_HEADER, "Content-Length", "ambiguous_framing", 0, 0, NULL);
        rc = ZI_E_INVALID;
    } else if (te_count > 0 && cl_count > 0) {
        req_field_error(r, ZI_IN_HEADER, "Transfer-Encoding", "ambiguous_framing", 0, 0, NULL);
        rc = ZI_E_INVALID;
    }
    if (rc != ZI_OK) {
        req_detail(r, MSG_FRAMING, 0, NULL);
        reply_header(r, "Connection", "close");
    }
    return rc;
}
