/*
 * test_errors.c — the fixed-capacity field-error list of domain/errors.h: JSON pointers
 * for body members (RFC 6901), truncation of long names, the dropped count.
 */
#include <string.h>

#include "domain/errors.h"
#include "domain/validate.h"
#include "suites.h"

static const struct {
    const char *name;
    const char *pointer;
} pointers[] = {
    {"name", "/name"},
    {"", "/"},
    {"a/b", "/a~1b"},
    {"a~b", "/a~0b"},
    {"~1", "/~01"},  /* escape ~ first, or "~1" would read back as "/" */
    {"/~/", "/~1~0~1"},
    {"caf\xc3\xa9", "/caf\xc3\xa9"},
};

START_TEST(member_names_become_escaped_json_pointers)
{
    zi_errors e;
    errors_init(&e);
    errors_add_member(&e, pointers[_i].name, "unknown_field", 0, 0, NULL);
    ck_assert_uint_eq(e.count, 1);
    ck_assert_str_eq(e.items[0].field, pointers[_i].pointer);
    ck_assert_int_eq(e.items[0].in, ZI_IN_BODY);
    ck_assert_str_eq(e.items[0].code, "unknown_field");
}
END_TEST

START_TEST(error_keeps_location_code_numbers_and_hint)
{
    zi_errors e;
    errors_init(&e);
    errors_add(&e, ZI_IN_QUERY, "limit", "out_of_range", 1, 200, "hint");
    ck_assert_uint_eq(e.count, 1);
    ck_assert_uint_eq(e.dropped, 0);
    ck_assert_int_eq(e.items[0].in, ZI_IN_QUERY);
    ck_assert_str_eq(e.items[0].field, "limit");
    ck_assert_str_eq(e.items[0].code, "out_of_range");
    ck_assert_int_eq(e.items[0].a, 1);
    ck_assert_int_eq(e.items[0].b, 200);
    ck_assert_str_eq(e.items[0].hint, "hint");
}
END_TEST

START_TEST(errors_beyond_capacity_are_dropped_and_counted)
{
    zi_errors e;
    errors_init(&e);
    for (int k = 0; k < ZI_MAX_FIELD_ERRORS + 3; k++)
        errors_add(&e, ZI_IN_BODY, k < ZI_MAX_FIELD_ERRORS ? "kept" : "lost", "required", k, 0, NULL);
    ck_assert_uint_eq(e.count, ZI_MAX_FIELD_ERRORS);
    ck_assert_uint_eq(e.dropped, 3);
    ck_assert_int_eq(e.items[ZI_MAX_FIELD_ERRORS - 1].a, ZI_MAX_FIELD_ERRORS - 1);
    errors_init(&e);
    ck_assert_uint_eq(e.count, 0);
    ck_assert_uint_eq(e.dropped, 0);
}
END_TEST

START_TEST(long_field_names_are_truncated_and_terminated)
{
    char name[300];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    zi_errors e;
    errors_init(&e);
    errors_add(&e, ZI_IN_QUERY, name, "unknown_parameter", 0, 0, NULL);
    errors_add_member(&e, name, "unknown_field", 0, 0, NULL);
    ck_assert_uint_eq(strlen(e.items[0].field), sizeof e.items[0].field - 1);
    ck_assert_uint_lt(strlen(e.items[1].field), sizeof e.items[1].field);
    ck_assert_int_eq(e.items[1].field[0], '/');
}
END_TEST

START_TEST(escapes_are_never_cut_in_half)
{
    /* 200 slashes: every one becomes "~1"; the pointer must not end in a lone "~" */
    char name[201];
    memset(name, '/', 200);
    name[200] = '\0';
    zi_errors e;
    errors_init(&e);
    errors_add_member(&e, name, "unknown_field", 0, 0, NULL);
    size_t n = strlen(e.items[0].field);
    ck_assert_uint_gt(n, 1);
    ck_assert_int_ne(e.items[0].field[n - 1], '~');
    ck_assert_uint_eq((n - 1) % 2, 0);
}
END_TEST

/* The field is echoed in the problem document (http/problem.c: sb_json_string), so a
 * truncated name must still be valid UTF-8: cutting must not split a character. Names
 * come from JSON keys (any UTF-8) and query parameter names. */
static const struct {
    const char *prefix; /* shifts the multi-byte characters against the cut */
    const char *ch;
} utf8_cuts[] = {
    {"", "\xc3\xa9"}, {"a", "\xc3\xa9"}, {"", "\xe2\x82\xac"}, {"a", "\xe2\x82\xac"}, {"ab", "\xe2\x82\xac"},
    {"", "\xf0\x9f\x98\x80"}, {"a", "\xf0\x9f\x98\x80"}, {"ab", "\xf0\x9f\x98\x80"}, {"abc", "\xf0\x9f\x98\x80"},
};

START_TEST(truncated_field_is_still_valid_utf8)
{
    char name[400];
    size_t j = strlen(utf8_cuts[_i].prefix), w = strlen(utf8_cuts[_i].ch);
    memcpy(name, utf8_cuts[_i].prefix, j);
    while (j + w < sizeof name) {
        memcpy(name + j, utf8_cuts[_i].ch, w);
        j += w;
    }
    name[j] = '\0';
    zi_errors e;
    errors_init(&e);
    errors_add_member(&e, name, "unknown_field", 0, 0, NULL);
    errors_add(&e, ZI_IN_QUERY, name, "unknown_parameter", 0, 0, NULL);
    const char *member = e.items[0].field, *param = e.items[1].field;
    ck_assert_msg(utf8_valid(member, strlen(member)), "body pointer cut inside a character (prefix \"%s\")",
                  utf8_cuts[_i].prefix);
    ck_assert_msg(utf8_valid(param, strlen(param)), "parameter name cut inside a character (prefix \"%s\")",
                  utf8_cuts[_i].prefix);
}
END_TEST

START_TEST(location_names_are_the_contracts_words)
{
    ck_assert_str_eq(errors_location_name(ZI_IN_BODY), "body");
    ck_assert_str_eq(errors_location_name(ZI_IN_QUERY), "query");
    ck_assert_str_eq(errors_location_name(ZI_IN_PATH), "path");
    ck_assert_str_eq(errors_location_name(ZI_IN_HEADER), "header");
}
END_TEST

Suite *errors_suite(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("errors");
    tcase_add_loop_test(tc, member_names_become_escaped_json_pointers, 0, N_ROWS(pointers));
    tcase_add_test(tc, error_keeps_location_code_numbers_and_hint);
    tcase_add_test(tc, errors_beyond_capacity_are_dropped_and_counted);
    tcase_add_test(tc, long_field_names_are_truncated_and_terminated);
    tcase_add_test(tc, escapes_are_never_cut_in_half);
    tcase_add_loop_test(tc, truncated_field_is_still_valid_utf8, 0, N_ROWS(utf8_cuts));
    tcase_add_test(tc, location_names_are_the_contracts_words);
    suite_add_tcase(s, tc);
    return s;
}
