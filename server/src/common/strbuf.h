#ifndef ZI_STRBUF_H
#define ZI_STRBUF_H
/*
 * A growable byte buffer for building response bodies and SQL-free text. The buffer
 * owns its memory; sb_take() hands it to the caller (free with free()). On allocation
 * failure the buffer remembers it (sb->failed) and further appends do nothing, so a
 * caller checks once at the end. Not thread-safe; one owner at a time.
 */
#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_append(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_putc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sb_json_string(strbuf *sb, const char *s);
/* Appends s percent-encoded for a URL query component (RFC 3986 unreserved kept). */
void sb_url_encode(strbuf *sb, const char *s);
/* Returns the NUL-terminated contents (owned by the caller) or NULL if any append failed. */
char *sb_take(strbuf *sb, size_t *len_out);

#endif
