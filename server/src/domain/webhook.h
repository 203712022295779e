#ifndef ZI_WEBHOOK_H
#define ZI_WEBHOOK_H
/*
 * The rules of webhook deliveries (issue 14), without I/O: which event types a subscription
 * may name, the retry schedule, the signature, and which addresses a delivery may reach.
 * Pure and thread-safe (webhook_sign uses GnuTLS's HMAC, which keeps no state).
 */
#include <stddef.h>

enum {
    WEBHOOK_MAX_PATTERNS = 20,
    WEBHOOK_PATTERN_MAX = 100,
    WEBHOOK_URL_MAX = 2048,
    WEBHOOK_SIGNATURE_LEN = 3 + 64, /* "v1=" and 64 hex digits */
    WEBHOOK_MAX_CIDRS = 16,
};

/* NULL when p is "*", "<resource_type>.*" or "<resource_type>.<action>" with a resource
 * type the journal writes; otherwise the field error code ("invalid_format" for the shape,
 * "unknown_event_type" for a resource type no event carries). */
const char *webhook_pattern_problem(const char *p);

/* The resource types events carry, NULL-terminated (for messages and tests). */
extern const char *const webhook_resource_types[];

/* Milliseconds to wait before retrying after the attempt-th failure (1, 2, …): base doubled
 * per failure up to max_ms, then "equal jitter": a random share (rnd / 2^32) of the second
 * half, so that receivers coming back are not hit by every sender at the same instant. */
long webhook_backoff_ms(int attempt, long base_ms, long max_ms, unsigned rnd);

/* The Zi-Signature header value: "v1=" and the lower-case hex HMAC-SHA256, keyed with the
 * secret's bytes, of "<timestamp>.<body>". out holds WEBHOOK_SIGNATURE_LEN + 1. 0 on success. */
int webhook_sign(const char *secret, long long timestamp, const char *body, size_t len,
                 char out[WEBHOOK_SIGNATURE_LEN + 1]);

/* A list of address ranges a delivery may reach although they are blocked by default
 * (ZI_WEBHOOK_ALLOW_ADDRESSES: "169.254.10.0/24,fd00::/8"). */
typedef struct {
    int count;
    struct {
        int family; /* 4 or 6 */
        unsigned char addr[16];
        int bits;
    } cidr[WEBHOOK_MAX_CIDRS];
} webhook_allowlist;

/* Parses a comma-separated list ("" = none); -1 on a malformed or too long list. */
int webhook_allowlist_parse(const char *list, webhook_allowlist *out);

/* Why a delivery may not connect to the address (family 4: 4 bytes, 6: 16 bytes): NULL when
 * it may; "link_local" (169.254/16, fe80::/10 — where cloud metadata services answer),
 * "metadata" (fd00:ec2::254 and the like), "unspecified", "multicast", "broadcast"; an
 * IPv4-mapped IPv6 address is judged as its IPv4 address. Ranges in allow pass. */
const char *webhook_address_problem(int family, const unsigned char *addr, const webhook_allowlist *allow);

/* 1 when host (as in a URL, IPv6 without brackets) is a loopback name or literal: localhost,
 * 127.0.0.0/8, ::1. Plain http is allowed to those without configuration. */
int webhook_host_is_loopback(const char *host);

#endif
