#include "cursor.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../zi_limits.h"
#include "validate.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
    size_t j = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[j++] = b64[v >> 18];
        out[j++] = b64[(v >> 12) & 63];
        out[j++] = b64[(v >> 6) & 63];
        out[j++] = b64[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[j++] = b64[v >> 18];
        out[j++] = b64[(v >> 12) & 63];
    } else if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[j++] = b64[v >> 18];
        out[j++] = b64[(v >> 12) & 63];
        out[j++] = b64[(v >> 6) & 63];
    }
    out[j] = '\0';
    return j;
}

static int b64_value(char c)
{
    const char *p = c ? strchr(b64, c) : NULL;
    return p ? (int)(p - b64) : -1;
}

long b64url_decode(const char *in, unsigned char *out, size_t cap)
{
    size_t n = strlen(in), j = 0;
    if (n % 4 == 1)
        return -1;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64_value(in[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (j >= cap)
                return -1;
            out[j++] = (unsigned char)((acc >> bits) & 0xFF);
        }
    }
    /* Leftover bits must be zero, so each cursor has exactly one spelling. */
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return -1;
    return (long)j;
}

char *cursor_encode(const char *sort, const char *value, const char *id)
{
    json_t *arr = json_pack("[sss]", sort, value, id);
    if (arr == NULL)
        return NULL;
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (text == NULL)
        return NULL;
    size_t n = strlen(text);
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    if (out)
        b64url_encode((const unsigned char *)text, n, out);
    free(text);
    return out;
}

int cursor_decode(const char *cursor, const char *sort, char *value, size_t value_cap, char id[37])
{
    unsigned char raw[ZI_MAX_CURSOR_BYTES];
    if (cursor == NULL || strlen(cursor) > ZI_MAX_CURSOR_BYTES)
        return -1;
    long n = b64url_decode(cursor, raw, sizeof raw);
    if (n <= 0)
        return -1;
    json_error_t err;
    json_t *arr = json_loadb((const char *)raw, (size_t)n, JSON_REJECT_DUPLICATES, &err);
    int rc = -1;
    const char *s, *v, *i;
    if (arr && json_unpack(arr, "[sss!]", &s, &v, &i) == 0 && strcmp(s, sort) == 0 && strlen(v) < value_cap) {
        if (i[0] == '\0')
            id[0] = '\0';
        if (i[0] == '\0' || parse_uuid(i, id) == 0) {
            memcpy(value, v, strlen(v) + 1);
            rc = 0;
        }
    }
    json_decref(arr);
    return rc;
}
