#include "errors.h"

#include <string.h>

void errors_init(zi_errors *e)
{
    e->count = 0;
    e->dropped = 0;
}

void errors_add(zi_errors *e, zi_location in, const char *field, const char *code, long a, long b,
                const char *hint)
{
    if (e->count >= ZI_MAX_FIELD_ERRORS) {
        e->dropped++;
        return;
    }
    zi_field_error *fe = &e->items[e->count++];
    fe->in = in;
    size_t n = strlen(field);
    if (n >= sizeof fe->field) {
        n = sizeof fe->field - 1;
        /* Never cut a UTF-8 sequence in half: the field goes into a JSON response. */
        while (n > 0 && ((unsigned char)field[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(fe->field, field, n);
    fe->field[n] = '\0';
    fe->code = code;
    fe->a = a;
    fe->b = b;
    n = hint ? strlen(hint) : 0;
    if (n >= sizeof fe->hint) {
        n = sizeof fe->hint - 1;
        while (n > 0 && ((unsigned char)hint[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(fe->hint, hint, n);
    fe->hint[n] = '\0';
}

void errors_add_member(zi_errors *e, const char *name, const char *code, long a, long b, const char *hint)
{
    char ptr[96];
    size_t j = 0;
    ptr[j++] = '/';
    for (const char *p = name; *p;) {
        unsigned char c = (unsigned char)*p;
        /* Copy whole code points (or a two-byte escape); stop before one that does not fit. */
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c == '~' || c == '/')
            len = 2;
        if (j + len >= sizeof ptr)
            break;
        if (c == '~' || c == '/') {
            ptr[j++] = '~';
            ptr[j++] = c == '~' ? '0' : '1';
            p++;
            continue;
        }
        for (size_t k = 0; k < len && *p; k++)
            ptr[j++] = *p++;
    }
    ptr[j] = '\0';
    errors_add(e, ZI_IN_BODY, ptr, code, a, b, hint);
}

const char *errors_location_name(zi_location in)
{
    switch (in) {
    case ZI_IN_BODY: return "body";
    case ZI_IN_QUERY: return "query";
    case ZI_IN_PATH: return "path";
    case ZI_IN_HEADER: return "header";
    }
    return "body";
}

char *errors_join(const char *const *values, char *buf, size_t cap)
{
    size_t j = 0;
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    for (const char *const *v = values; v && *v; v++) {
        size_t n = strlen(*v);
        size_t sep = v == values ? 0 : 2;
        if (j + sep + n + 1 > cap)
            break;
        if (sep) {
            memcpy(buf + j, ", ", 2);
            j += 2;
        }
        memcpy(buf + j, *v, n);
        j += n;
        buf[j] = '\0';
    }
    return buf;
}
