#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
    sb->failed = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

static int sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->failed)
        return -1;
    if (extra > ((size_t)-1) - sb->len - 1) {
        sb->failed = 1;
        return -1;
    }
    if (sb->len + extra + 1 <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            sb->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(sb->data, cap);
    if (p == NULL) {
        sb->failed = 1;
        return -1;
    }
    sb->data = p;
    sb->cap = cap;
    return 0;
}

void sb_append(strbuf *sb, const char *s, size_t n)
{
    if (sb_reserve(sb, n) != 0)
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_append(sb, s, strlen(s));
}

void sb_putc(strbuf *sb, char c)
{
    sb_append(sb, &c, 1);
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        sb->failed = 1;
        return;
    }
    if (sb_reserve(sb, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_json_string(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(sb, '"');
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sb_append(sb, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        default: {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_append(sb, esc, sizeof esc);
        }
        }
    }
    sb_append(sb, run, strlen(run));
    sb_putc(sb, '"');
}

void sb_url_encode(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            sb_putc(sb, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            sb_append(sb, esc, sizeof esc);
        }
    }
}

char *sb_take(strbuf *sb, size_t *len_out)
{
    if (sb->failed) {
        sb_free(sb);
        return NULL;
    }
    if (sb->data == NULL && sb_reserve(sb, 0) != 0)
        return NULL;
    if (sb->data)
        sb->data[sb->len] = '\0';
    char *out = sb->data;
    if (len_out)
        *len_out = sb->len;
    sb_init(sb);
    return out;
}
