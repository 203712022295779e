#include "digest.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

int sha256_two(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[32])
{
    gnutls_hash_hd_t h;
    if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) != 0)
        return -1;
    int rc = gnutls_hash(h, a, alen);
    if (rc == 0 && b && blen)
        rc = gnutls_hash(h, b, blen);
    gnutls_hash_deinit(h, out);
    return rc == 0 ? 0 : -1;
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char d[32];
    if (sha256_two(data, n, NULL, 0, d) != 0)
        return -1;
    hex_encode(d, sizeof d, out);
    return 0;
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int hex_decode(const char *in, unsigned char *out, size_t n)
{
    if (in[0] == '\\' && in[1] == 'x')
        in += 2;
    if (strlen(in) != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_digit(in[2 * i]), lo = hex_digit(in[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}
