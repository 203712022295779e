#include "webhook.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"

/* Every prefix of an event type the journal writes (the triggers' resource types, and the
 * summary events of bulk writes). A new journalled table adds its name here; the API test
 * of webhooks checks every type in the events table against this list. */
const char *const webhook_resource_types[] = {
    "unit", "unit_predicate", "api_key", "declaration", "pact_signature", "service_pledge", "programme_year",
    "lke_threshold", "proposal", "proposal_transition", "score_sheet", "calendar_year", "gratification_rule_set",
    "gratification_report", "gratification_report_transition", "gratification_evidence", "retention_policy",
    "webhook", NULL,
};

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '_';
}

const char *webhook_pattern_problem(const char *p)
{
    if (strcmp(p, "*") == 0)
        return NULL;
    const char *dot = strchr(p, '.');
    size_t n = strlen(p);
    if (dot == NULL || dot == p || n > WEBHOOK_PATTERN_MAX || dot[1] == '\0')
        return "invalid_format";
    for (const char *c = p; c < dot; c++) {
        if (!word_char(*c))
            return "invalid_format";
    }
    if (strcmp(dot + 1, "*") != 0) {
        for (const char *c = dot + 1; *c; c++) {
            if (!word_char(*c))
                return "invalid_format";
        }
    }
    size_t tlen = (size_t)(dot - p);
    for (const char *const *t = webhook_resource_types; *t; t++) {
        if (strlen(*t) == tlen && strncmp(*t, p, tlen) == 0)
            return NULL;
    }
    return "unknown_event_type";
}

long webhook_backoff_ms(int attempt, long base_ms, long max_ms, unsigned rnd)
{
    long d = base_ms > 0 ? base_ms : 1;
    for (int i = 1; i < attempt && d < max_ms; i++)
        d = d > max_ms / 2 ? max_ms : d * 2;
    if (d > max_ms)
        d = max_ms;
    long half = d / 2;
    return d - half + (long)(((unsigned long long)half * rnd) >> 32);
}

int webhook_sign(const char *secret, long long timestamp, const char *body, size_t len,
                 char out[WEBHOOK_SIGNATURE_LEN + 1])
{
    char prefix[32];
    int plen = snprintf(prefix, sizeof prefix, "%lld.", timestamp);
    gnutls_hmac_hd_t h;
    if (plen < 0 || gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, secret, strlen(secret)) != 0)
        return -1;
    int rc = gnutls_hmac(h, prefix, (size_t)plen);
    if (rc == 0 && len)
        rc = gnutls_hmac(h, body, len);
    unsigned char mac[32];
    gnutls_hmac_deinit(h, mac);
    if (rc != 0)
        return -1;
    memcpy(out, "v1=", 3);
    hex_encode(mac, sizeof mac, out + 3);
    return 0;
}

static int prefix_match(const unsigned char *a, const unsigned char *b, int bits)
{
    int bytes = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)bytes) != 0)
        return 0;
    if (rest == 0)
        return 1;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (a[bytes] & mask) == (b[bytes] & mask);
}

int webhook_allowlist_parse(const char *list, webhook_allowlist *out)
{
    memset(out, 0, sizeof *out);
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char item[64];
        if (n == 0 || n >= sizeof item || out->count >= WEBHOOK_MAX_CIDRS)
            return -1;
        memcpy(item, p, n);
        item[n] = '\0';
        char *slash = strchr(item, '/');
        if (slash)
            *slash = '\0';
        int family = strchr(item, ':') ? 6 : 4;
        int maxbits = family == 4 ? 32 : 128;
        long bits = maxbits;
        if (slash) {
            char *e;
            bits = strtol(slash + 1, &e, 10);
            if (slash[1] == '\0' || *e || bits < 0 || bits > maxbits)
                return -1;
        }
        if (inet_pton(family == 4 ? AF_INET : AF_INET6, item, out->cidr[out->count].addr) != 1)
            return -1;
        out->cidr[out->count].family = family;
        out->cidr[out->count].bits = (int)bits;
        out->count++;
        p += n;
        if (*p == ',')
            p++;
        if (end && *p == '\0')
            return -1; /* a trailing comma is a typo, not an empty range */
    }
    return 0;
}

static const char *ipv4_problem(const unsigned char *a)
{
    if (a[0] == 169 && a[1] == 254)
        return "link_local";
    if (a[0] == 0)
        return "unspecified";
    if (a[0] >= 224 && a[0] <= 239)
        return "multicast";
    if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
        return "broadcast";
    /* Alibaba Cloud's metadata service answers on an ordinary-looking shared address. */
    if (a[0] == 100 && a[1] == 100 && a[2] == 100 && a[3] == 200)
        return "metadata";
    return NULL;
}

static const char *ipv6_problem(const unsigned char *a)
{
    static const unsigned char zero[16];
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    /* fd00:ec2::254, AWS's metadata service over IPv6 */
    static const unsigned char aws[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
    /* IPv6 forms that carry an IPv4 address in their last four bytes are judged as that
     * address: IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, the deprecated
     * IPv4-compatible ::/96, and the NAT64 prefix 64:ff9b::/96. */
    static const unsigned char translated[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0};
    static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(a, zero, sizeof zero) == 0)
        return "unspecified";
    if (memcmp(a, zero, 15) == 0 && a[15] == 1)
        return NULL; /* ::1, loopback */
    if (memcmp(a, mapped, sizeof mapped) == 0 || memcmp(a, translated, sizeof translated) == 0 ||
        memcmp(a, zero, 12) == 0 || memcmp(a, nat64, sizeof nat64) == 0)
        return ipv4_problem(a + 12);
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
        return "link_local";
    if (a[0] == 0xff)
        return "multicast";
    if (memcmp(a, aws, sizeof aws) == 0)
        return "metadata";
    return NULL;
}

const char *webhook_address_problem(int family, const unsigned char *addr, const webhook_allowlist *allow)
{
    const char *why = family == 4 ? ipv4_problem(addr) : family == 6 ? ipv6_problem(addr) : "unspecified";
    if (why == NULL || allow == NULL)
        return why;
    for (int i = 0; i < allow->count; i++) {
        if (allow->cidr[i].family == family && prefix_match(addr, allow->cidr[i].addr, allow->cidr[i].bits))
            return NULL;
    }
    return why;
}

int webhook_host_is_loopback(const char *host)
{
    if (strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0)
        return 1;
    unsigned char a[4];
    return inet_pton(AF_INET, host, a) == 1 && a[0] == 127;
}
