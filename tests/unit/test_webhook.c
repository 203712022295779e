/*
 * test_webhook.c — the rules of webhook deliveries (domain/webhook.c): which event types a
 * subscription may name, the retry schedule with its jitter, the signature (known answer,
 * computed independently with `openssl dgst -sha256 -hmac`), and the addresses a delivery
 * may not reach.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "domain/webhook.h"
#include "suites.h"

static const struct {
    const char *pattern;
    const char *problem; /* NULL: accepted */
} patterns[] = {
    {"*", NULL},
    {"unit.*", NULL},
    {"unit.created", NULL},
    {"gratification_report.accessed", NULL},
    {"webhook.failing", NULL},
    {"unti.*", "unknown_event_type"},
    {"report.created", "unknown_event_type"},
    {"unit", "invalid_format"},
    {"unit.", "invalid_format"},
    {".created", "invalid_format"},
    {"Unit.created", "invalid_format"},
    {"unit.created.x", "invalid_format"},
    {"unit.*x", "invalid_format"},
    {"*.created", "invalid_format"},
    {"unit. created", "invalid_format"},
    {"**", "invalid_format"},
    {"", "invalid_format"},
};

START_TEST(event_type_patterns_are_star_type_star_or_exact_types_of_the_journal)
{
    const char *got = webhook_pattern_problem(patterns[_i].pattern);
    if (patterns[_i].problem == NULL)
        ck_assert_msg(got == NULL, "\"%s\" refused: %s", patterns[_i].pattern, got);
    else
        ck_assert_msg(got && strcmp(got, patterns[_i].problem) == 0, "\"%s\": expected %s, got %s",
                      patterns[_i].pattern, patterns[_i].problem, got ? got : "(accepted)");
}
END_TEST

START_TEST(a_pattern_longer_than_the_limit_is_refused)
{
    char p[WEBHOOK_PATTERN_MAX + 8];
    memset(p, 'u', sizeof p - 1);
    p[sizeof p - 1] = '\0';
    memcpy(p + 20, ".*", 2);
    ck_assert_str_eq(webhook_pattern_problem(p), "invalid_format");
}
END_TEST

START_TEST(backoff_doubles_from_the_base_up_to_the_cap_with_jitter_in_the_upper_half)
{
    /* rnd 0 gives the lower bound (half the delay), rnd 2^32-1 nearly the whole delay. */
    const long base = 1000, cap = 60000;
    long expect[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
    for (int a = 1; a <= N_ROWS(expect); a++) {
        long lo = webhook_backoff_ms(a, base, cap, 0);
        long hi = webhook_backoff_ms(a, base, cap, 0xffffffffu);
        ck_assert_int_eq(lo, expect[a - 1] / 2);
        ck_assert_int_ge(hi, expect[a - 1] - 1);
        ck_assert_int_le(hi, expect[a - 1]);
    }
    /* Far past the cap nothing overflows. */
    ck_assert_int_le(webhook_backoff_ms(1000000, base, cap, 0xffffffffu), cap);
    ck_assert_int_ge(webhook_backoff_ms(1000000, base, cap, 0), cap / 2);
}
END_TEST

START_TEST(signature_is_hmac_sha256_of_timestamp_dot_body_in_hex)
{
    char sig[WEBHOOK_SIGNATURE_LEN + 1];
    const char *body = "{\"seq\":1}";
    ck_assert_int_eq(webhook_sign("whsec_test", 1796449965, body, strlen(body), sig), 0);
    ck_assert_str_eq(sig, "v1=bafe496bbbe9d0067da5072761ef693a5b52dbac508fbb543c1dfc52e6b0791e");
    /* Another secret, timestamp or body changes it. */
    char other[WEBHOOK_SIGNATURE_LEN + 1];
    ck_assert_int_eq(webhook_sign("whsec_tesu", 1796449965, body, strlen(body), other), 0);
    ck_assert_str_ne(sig, other);
    ck_assert_int_eq(webhook_sign("whsec_test", 1796449966, body, strlen(body), other), 0);
    ck_assert_str_ne(sig, other);
    ck_assert_int_eq(webhook_sign("whsec_test", 1796449965, body, strlen(body) - 1, other), 0);
    ck_assert_str_ne(sig, other);
}
END_TEST

static const struct {
    const char *addr;
    const char *problem;
} addresses[] = {
    {"169.254.169.254", "link_local"},
    {"169.254.0.1", "link_local"},
    {"0.0.0.0", "unspecified"},
    {"224.0.0.1", "multicast"},
    {"255.255.255.255", "broadcast"},
    {"100.100.100.200", "metadata"},
    {"fe80::1", "link_local"},
    {"febf::1", "link_local"},
    {"::", "unspecified"},
    {"ff02::1", "multicast"},
    {"fd00:ec2::254", "metadata"},
    {"::ffff:169.254.169.254", "link_local"},
    {"::ffff:0:169.254.169.254", "link_local"},
    {"64:ff9b::169.254.169.254", "link_local"},
    {"::169.254.169.254", "link_local"},
    {"64:ff9b::10.0.0.1", NULL},
    {"127.0.0.1", NULL},
    {"::1", NULL},
    {"10.1.2.3", NULL},
    {"192.168.1.1", NULL},
    {"93.184.216.34", NULL},
    {"fec0::1", NULL},
    {"2001:db8::1", NULL},
    {"::ffff:10.0.0.1", NULL},
};

static int to_bytes(const char *text, unsigned char out[16])
{
    if (inet_pton(AF_INET, text, out) == 1)
        return 4;
    ck_assert_int_eq(inet_pton(AF_INET6, text, out), 1);
    return 6;
}

START_TEST(link_local_metadata_unspecified_and_multicast_addresses_are_blocked)
{
    unsigned char a[16];
    int family = to_bytes(addresses[_i].addr, a);
    const char *got = webhook_address_problem(family, a, NULL);
    if (addresses[_i].problem == NULL)
        ck_assert_msg(got == NULL, "%s blocked as %s", addresses[_i].addr, got);
    else
        ck_assert_msg(got && strcmp(got, addresses[_i].problem) == 0, "%s: expected %s, got %s",
                      addresses[_i].addr, addresses[_i].problem, got ? got : "(allowed)");
}
END_TEST

START_TEST(an_allowlisted_range_lets_a_blocked_address_through_and_no_other)
{
    webhook_allowlist allow;
    ck_assert_int_eq(webhook_allowlist_parse("169.254.10.0/24,fe80::/16", &allow), 0);
    ck_assert_int_eq(allow.count, 2);
    unsigned char a[16];
    int f = to_bytes("169.254.10.7", a);
    ck_assert_ptr_null(webhook_address_problem(f, a, &allow));
    f = to_bytes("169.254.11.7", a);
    ck_assert_str_eq(webhook_address_problem(f, a, &allow), "link_local");
    f = to_bytes("169.254.169.254", a);
    ck_assert_str_eq(webhook_address_problem(f, a, &allow), "link_local");
    f = to_bytes("fe80::99", a);
    ck_assert_ptr_null(webhook_address_problem(f, a, &allow));
    f = to_bytes("fe81::99", a);
    ck_assert_str_eq(webhook_address_problem(f, a, &allow), "link_local");
}
END_TEST

START_TEST(allowlists_parse_cidrs_and_refuse_anything_else)
{
    webhook_allowlist allow;
    ck_assert_int_eq(webhook_allowlist_parse("", &allow), 0);
    ck_assert_int_eq(allow.count, 0);
    ck_assert_int_eq(webhook_allowlist_parse("169.254.169.254", &allow), 0);
    ck_assert_int_eq(allow.cidr[0].bits, 32);
    const char *bad[] = {"169.254.0.0/33", "fe80::/129", "169.254.0.0/", "x.y.z.w", "10.0.0.0/8,", ",10.0.0.0/8",
                         "10.0.0.0/8,,10.0.0.0/8", "10.0.0.0/-1", "10.0.0.0/8x"};
    for (int i = 0; i < N_ROWS(bad); i++)
        ck_assert_msg(webhook_allowlist_parse(bad[i], &allow) != 0, "accepted \"%s\"", bad[i]);
    char many[WEBHOOK_MAX_CIDRS * 16 + 32];
    size_t used = 0;
    for (int i = 0; i <= WEBHOOK_MAX_CIDRS; i++)
        used += (size_t)snprintf(many + used, sizeof many - used, "%s10.0.0.0/8", i ? "," : "");
    ck_assert_int_ne(webhook_allowlist_parse(many, &allow), 0);
}
END_TEST

START_TEST(loopback_hosts_are_localhost_127_slash_8_and_ipv6_one)
{
    ck_assert_int_eq(webhook_host_is_loopback("localhost"), 1);
    ck_assert_int_eq(webhook_host_is_loopback("127.0.0.1"), 1);
    ck_assert_int_eq(webhook_host_is_loopback("127.9.8.7"), 1);
    ck_assert_int_eq(webhook_host_is_loopback("::1"), 1);
    ck_assert_int_eq(webhook_host_is_loopback("128.0.0.1"), 0);
    ck_assert_int_eq(webhook_host_is_loopback("localhost.example"), 0);
    ck_assert_int_eq(webhook_host_is_loopback("127.0.0.1.nip.io"), 0);
}
END_TEST

Suite *webhook_suite(void)
{
    Suite *s = suite_create("webhook");
    TCase *tc = tcase_create("rules");
    tcase_add_loop_test(tc, event_type_patterns_are_star_type_star_or_exact_types_of_the_journal, 0, N_ROWS(patterns));
    tcase_add_test(tc, a_pattern_longer_than_the_limit_is_refused);
    tcase_add_test(tc, backoff_doubles_from_the_base_up_to_the_cap_with_jitter_in_the_upper_half);
    tcase_add_test(tc, signature_is_hmac_sha256_of_timestamp_dot_body_in_hex);
    tcase_add_loop_test(tc, link_local_metadata_unspecified_and_multicast_addresses_are_blocked, 0, N_ROWS(addresses));
    tcase_add_test(tc, an_allowlisted_range_lets_a_blocked_address_through_and_no_other);
    tcase_add_test(tc, allowlists_parse_cidrs_and_refuse_anything_else);
    tcase_add_test(tc, loopback_hosts_are_localhost_127_slash_8_and_ipv6_one);
    suite_add_tcase(s, tc);
    return s;
}
