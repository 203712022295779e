#include "etag.h"

#include <stdio.h>
#include <string.h>

char *etag_format(long version, char *out, size_t cap)
{
    snprintf(out, cap, "\"%ld\"", version);
    return out;
}

/* Walks a comma-separated list of entity tags; returns 1 if one matches. A list that
 * does not parse matches nothing. */
static int etag_list_matches(const char *header, long version, int allow_weak)
{
    char want[32];
    etag_format(version, want, sizeof want);
    size_t want_len = strlen(want);
    const char *p = header;
    int matched = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '*') {
            p++;
            matched = 1;
        } else {
            int weak = 0;
            if (p[0] == 'W' && p[1] == '/') {
                weak = 1;
                p += 2;
            }
            if (*p != '"')
                return 0;
            const char *close = strchr(p + 1, '"');
            if (close == NULL)
                return 0;
            size_t len = (size_t)(close - p) + 1;
            if ((allow_weak || !weak) && len == want_len && memcmp(p, want, len) == 0)
                matched = 1;
            p = close + 1;
        }
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0')
            return matched;
        if (*p != ',')
            return 0;
        p++;
    }
}

int etag_if_match(const char *header, long version)
{
    return header != NULL && etag_list_matches(header, version, 0);
}

int etag_if_none_match(const char *header, long version)
{
    return header != NULL && etag_list_matches(header, version, 1);
}
