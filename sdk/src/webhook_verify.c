/*
 * webhook_verify.c — the receiver's side of webhook deliveries: zi_webhook_verify checks the
 * Zi-Signature of a delivery against the subscription's secret and its Zi-Timestamp against
 * the clock. The HMAC is GnuTLS's; only the comparison is ours, because GnuTLS exports no
 * constant-time one. Thread-safe: no shared state.
 */
#include "internal.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>
#include <time.h>

#define MAC_LEN 32            /* HMAC-SHA256 */
#define SIGNATURE_PREFIX "v1="
#define TIMESTAMP_DIGITS_MAX 18 /* fits an int64_t whatever the digits */

/* s without the spaces and tabs around it: *start and *len. */
static void trim(const char *s, const char **start, size_t *len)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    *len = n;
}

/* The Zi-Timestamp value: 1-18 decimal digits, into *out; -1 when it is anything else. Its
 * text (start, len) is what was signed, so the caller signs exactly those bytes. */
static int parse_timestamp(const char *start, size_t len, int64_t *out)
{
    int64_t v = 0;
    size_t i;

    if (len == 0 || len > TIMESTAMP_DIGITS_MAX)
        return -1;
    for (i = 0; i < len; i++) {
        if (start[i] < '0' || start[i] > '9')
            return -1;
        v = v * 10 + (start[i] - '0');
    }
    *out = v;
    return 0;
}

static int hex_value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* The Zi-Signature value: "v1=" and 64 hex digits, decoded into mac; -1 when it is anything
 * else. Decoding what the sender chose need not be constant-time: nothing secret is in it. */
static int parse_signature(const char *start, size_t len, unsigned char mac[MAC_LEN])
{
    size_t plen = strlen(SIGNATURE_PREFIX);
    size_t i;

    if (len != plen + 2 * MAC_LEN || strncmp(start, SIGNATURE_PREFIX, plen) != 0)
        return -1;
    start += plen;
    for (i = 0; i < MAC_LEN; i++) {
        int hi = hex_value(start[2 * i]);
        int lo = hex_value(start[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        mac[i] = (unsigned char)(hi << 4 | lo);
    }
    return 0;
}

/* HMAC-SHA256 keyed with secret of "<timestamp text>.<body>". 0, or -1 when GnuTLS fails. */
static int compute_mac(const char *secret, const char *ts, size_t ts_len, const void *body,
                       size_t body_len, unsigned char mac[MAC_LEN])
{
    gnutls_hmac_hd_t h;
    int rc;

    if (gnutls_hmac_get_len(GNUTLS_MAC_SHA256) != MAC_LEN ||
        gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, secret, strlen(secret)) < 0)
        return -1;
    rc = gnutls_hmac(h, ts, ts_len);
    if (rc >= 0)
        rc = gnutls_hmac(h, ".", 1);
    if (rc >= 0 && body_len > 0)
        rc = gnutls_hmac(h, body, body_len);
    gnutls_hmac_deinit(h, mac);
    return rc < 0 ? -1 : 0;
}

/* 1 when the n bytes at a and b are equal, in a time that does not depend on where they
 * differ (an early exit would tell a forger how many leading bytes were right). */
static int equal_constant_time(const unsigned char *a, const unsigned char *b, size_t n)
{
    volatile unsigned char diff = 0;
    size_t i;

    for (i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

ZI_EXPORT zi_status zi_webhook_verify(const char *secret, const char *timestamp,
                                      const char *signature, const void *body, size_t body_len,
                                      long tolerance_s, int64_t now)
{
    unsigned char given[MAC_LEN];
    unsigned char expected[MAC_LEN];
    const char *ts;
    const char *sig;
    size_t ts_len;
    size_t sig_len;
    int64_t when;
    int same;

    /* now >= 0 and at most 18 digits of timestamp keep the window arithmetic in range. */
    if (!secret || !*secret || (!body && body_len > 0) || tolerance_s < 0 || now < 0)
        return ZI_E_ARGUMENT;
    if (!timestamp || !signature)
        return ZI_E_WEBHOOK_MALFORMED;
    trim(timestamp, &ts, &ts_len);
    trim(signature, &sig, &sig_len);
    if (parse_timestamp(ts, ts_len, &when) != 0 || parse_signature(sig, sig_len, given) != 0)
        return ZI_E_WEBHOOK_MALFORMED;
    if (compute_mac(secret, ts, ts_len, body, body_len, expected) != 0)
        return ZI_E_NOMEM; /* GnuTLS could not set up the HMAC: no memory, in practice */
    same = equal_constant_time(given, expected, MAC_LEN);
    gnutls_memset(expected, 0, sizeof expected);
    if (!same)
        return ZI_E_WEBHOOK_SIGNATURE;
    /* Only an authentic delivery learns whether its time was off. */
    if (tolerance_s == 0)
        tolerance_s = ZI_WEBHOOK_TOLERANCE_DEFAULT_S;
    if (now == 0)
        now = (int64_t)time(NULL);
    if (now - when > tolerance_s)
        return ZI_E_WEBHOOK_STALE;
    if (when - now > tolerance_s)
        return ZI_E_WEBHOOK_FUTURE;
    return ZI_OK;
}
