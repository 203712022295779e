/*
 * test_etag.c — entity tags from row versions and the If-Match (strong) and
 * If-None-Match (weak) comparisons of RFC 9110 §13.1.
 */
#include <string.h>

#include "domain/etag.h"
#include "suites.h"

static const struct {
    long version;
    const char *tag;
} formats[] = {
    {1, "\"1\""},
    {0, "\"0\""},
    {42, "\"42\""},
    {9223372036854775807L, "\"9223372036854775807\""},
};

START_TEST(etag_is_the_quoted_version)
{
    char out[32];
    ck_assert_ptr_eq(etag_format(formats[_i].version, out, sizeof out), out);
    ck_assert_str_eq(out, formats[_i].tag);
}
END_TEST

START_TEST(etag_format_truncates_to_the_buffer)
{
    char out[4];
    etag_format(12345, out, sizeof out);
    ck_assert_str_eq(out, "\"12");
}
END_TEST

typedef struct {
    const char *header;
    long version;
    int expected;
} match_row;

static const match_row if_match[] = {
    {"\"5\"", 5, 1},
    {"\"5\"", 6, 0},
    {"\"5\"", 55, 0},
    {"\"55\"", 5, 0},
    {"\"05\"", 5, 0},
    {"*", 5, 1},
    {" * ", 5, 1},
    {"*", 1, 1},
    {"\"4\", \"5\"", 5, 1},            /* a list */
    {"\"4\",\"5\",\"6\"", 5, 1},
    {"  \"4\" ,\t\"5\"  ", 5, 1},
    {"\"4\", \"6\"", 5, 0},
    {"W/\"5\"", 5, 0},                /* strong comparison: a weak tag never matches */
    {"W/\"4\", W/\"5\"", 5, 0},
    {"W/\"5\", \"5\"", 5, 1},
    {"w/\"5\"", 5, 0},                /* not a weak prefix, not a tag either */
    {"5", 5, 0},                      /* unquoted */
    {"\"5", 5, 0},                    /* unterminated */
    {"\"a,5\"", 5, 0},                /* comma inside a tag */
    {"\"a,\"5\"\"", 5, 0},
    {"", 5, 0},
    {" , ,", 5, 0},
    {"**", 5, 0},
};

START_TEST(if_match_uses_strong_comparison_over_lists_and_star)
{
    const match_row *r = &if_match[_i];
    ck_assert_msg(etag_if_match(r->header, r->version) == r->expected, "If-Match: %s with version %ld", r->header,
                  r->version);
}
END_TEST

START_TEST(if_match_absent_never_matches)
{
    ck_assert_int_eq(etag_if_match(NULL, 5), 0);
}
END_TEST

static const match_row if_none_match[] = {
    {"\"5\"", 5, 1},
    {"W/\"5\"", 5, 1},                /* weak comparison: W/ is ignored */
    {"W/\"4\", W/\"5\"", 5, 1},
    {"\"4\", W/\"5\"", 5, 1},
    {"W/\"4\"", 5, 0},
    {"\"6\"", 5, 0},
    {"*", 5, 1},
    {"\"4\" , *", 5, 1},
    {"W/5", 5, 0},
    {"w/\"5\"", 5, 0},               /* the weak indicator is case-sensitive */
    {"", 5, 0},
};

START_TEST(if_none_match_uses_weak_comparison)
{
    const match_row *r = &if_none_match[_i];
    ck_assert_msg(etag_if_none_match(r->header, r->version) == r->expected, "If-None-Match: %s with version %ld",
                  r->header, r->version);
}
END_TEST

START_TEST(if_none_match_absent_never_matches)
{
    ck_assert_int_eq(etag_if_none_match(NULL, 5), 0);
}
END_TEST

START_TEST(etag_round_trips_through_both_headers)
{
    char tag[32], weak[40];
    for (long v = 1; v < 2000; v += 37) {
        etag_format(v, tag, sizeof tag);
        ck_assert_int_eq(etag_if_match(tag, v), 1);
        ck_assert_int_eq(etag_if_match(tag, v + 1), 0);
        ck_assert_int_eq(etag_if_none_match(tag, v), 1);
        weak[0] = 'W';
        weak[1] = '/';
        memcpy(weak + 2, tag, strlen(tag) + 1);
        ck_assert_int_eq(etag_if_match(weak, v), 0);
        ck_assert_int_eq(etag_if_none_match(weak, v), 1);
    }
}
END_TEST

Suite *etag_suite(void)
{
    Suite *s = suite_create("etag");
    TCase *tc = tcase_create("etag");
    tcase_add_loop_test(tc, etag_is_the_quoted_version, 0, N_ROWS(formats));
    tcase_add_test(tc, etag_format_truncates_to_the_buffer);
    tcase_add_loop_test(tc, if_match_uses_strong_comparison_over_lists_and_star, 0, N_ROWS(if_match));
    tcase_add_test(tc, if_match_absent_never_matches);
    tcase_add_loop_test(tc, if_none_match_uses_weak_comparison, 0, N_ROWS(if_none_match));
    tcase_add_test(tc, if_none_match_absent_never_matches);
    tcase_add_test(tc, etag_round_trips_through_both_headers);
    suite_add_tcase(s, tc);
    return s;
}
