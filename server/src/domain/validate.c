#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t len;
        unsigned cp;
        if (c < 0x80) {
            p++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if ((size_t)(end - p) < len)
            return 0;
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += len;
    }
    return 1;
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80)
            n++;
    }
    return n;
}

/* Code points that are invisible or reorder what is shown around them, beyond the C0/C1
 * controls: soft hyphen, the Arabic letter mark, the Mongolian vowel separator, zero width
 * space, LRM/RLM, the bidirectional embeddings, overrides and isolates ("Trojan Source"),
 * word joiner and invisible operators, line/paragraph separators, the BOM, interlinear
 * annotation, tags. ZWNJ and ZWJ (U+200C, U+200D) stay allowed: scripts and emoji need them. */
static int invisible(unsigned long cp)
{
    static const unsigned long ranges[][2] = {
        {0x80, 0x9f},     {0xad, 0xad},       {0x61c, 0x61c},     {0x180e, 0x180e},   {0x200b, 0x200b},
        {0x200e, 0x200f}, {0x2028, 0x202e},   {0x2060, 0x2064},   {0x2066, 0x206f},   {0xfdd0, 0xfdef},
        {0xfeff, 0xfeff}, {0xfff9, 0xfffb},   {0x1d173, 0x1d17a}, {0xe0000, 0xe007f},
    };
    if ((cp & 0xfffe) == 0xfffe) /* the noncharacters U+xFFFE and U+xFFFF of every plane */
        return 1;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return 1;
    }
    return 0;
}

int has_control_chars(const char *s, int allow_newlines)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            if (allow_newlines && (*p == '\n' || *p == '\r' || *p == '\t'))
                continue;
            return 1;
        }
        if (*p < 0xc2 || *p > 0xf4)
            continue; /* ASCII, or not the start of a valid sequence (utf8_valid judges those) */
        int extra = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : 1;
        unsigned long cp = *p & (0x3f >> extra);
        int k = 1;
        for (; k <= extra && (p[k] & 0xc0) == 0x80; k++)
            cp = (cp << 6) | (p[k] & 0x3f);
        if (k <= extra)
            continue;
        if (invisible(cp))
            return 1;
        p += extra;
    }
    return 0;
}

int parse_uuid(const char *s, char out[37])
{
    static const int dash[] = {8, 13, 18, 23};
    if (s == NULL || strlen(s) != 36)
        return -1;
    for (int i = 0, k = 0; i < 36; i++) {
        if (k < 4 && i == dash[k]) {
            if (s[i] != '-')
                return -1;
            out[i] = '-';
            k++;
            continue;
        }
        if (!isxdigit((unsigned char)s[i]))
            return -1;
        out[i] = (char)tolower((unsigned char)s[i]);
    }
    out[36] = '\0';
    return 0;
}

int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int parse_date(const char *s, int *y, int *m, int *d)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    if (digits(s, 4, y) || digits(s + 5, 2, m) || digits(s + 8, 2, d))
        return -1;
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

int parse_long(const char *s, long min, long max, long *out)
{
    if (s == NULL || *s == '\0')
        return -1;
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '\0')
        return -1;
    for (const char *q = p; *q; q++) {
        if (*q < '0' || *q > '9')
            return -1;
    }
    if ((strlen(p) > 1 && p[0] == '0') || (p != s && strcmp(p, "0") == 0))
        return -1; /* no leading zeros, no "-0": one spelling per number */
    errno = 0;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int unit_code_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 40 || !isalnum((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c < 0x80 && (isalnum(c) || c == '.' || c == '_' || c == '-')))
            return 0;
    }
    return 1;
}

int request_id_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 128)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c < 0x80 && (isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-')))
            return 0;
    }
    return 1;
}

int json_nesting_depth(const char *buf, size_t n, int limit)
{
    int depth = 0, deepest = 0, in_string = 0;
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > deepest) {
                deepest = depth;
                if (deepest > limit)
                    return deepest;
            }
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return deepest;
}

const char *date_rule_violation(const char *ymd, const char *today, long year)
{
    int y, m, d;
    if (parse_date(ymd, &y, &m, &d) != 0)
        return "invalid_format";
    /* ISO dates order as text. */
    if (today && strcmp(ymd, today) > 0)
        return "in_future";
    if (year > 0 && y != year)
        return "year_mismatch";
    return NULL;
}
