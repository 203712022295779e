/*
 * test_principal.c — role names of API keys (domain/principal.h).
 */
#include "domain/principal.h"
#include "suites.h"

static const struct {
    const char *name;
    unsigned bit;
} roles[] = {
    {"admin", ROLE_ADMIN},
    {"upg", ROLE_UPG},
    {"evaluator", ROLE_EVALUATOR},
    {"unit_officer", ROLE_UNIT_OFFICER},
    {"employee", ROLE_EMPLOYEE},
    {"Admin", 0}, /* names are exact */
    {"ADMIN", 0},
    {"admin ", 0},
    {"unit-officer", 0},
    {"public", 0}, /* public is the absence of a key, never a key's role */
    {"", 0},
    {NULL, 0},
};

START_TEST(role_names_map_to_exactly_one_bit)
{
    ck_assert_uint_eq(principal_role_from_name(roles[_i].name), roles[_i].bit);
}
END_TEST

START_TEST(role_bits_are_distinct)
{
    unsigned seen = 0;
    for (int i = 0; i < N_ROWS(roles); i++) {
        unsigned b = roles[i].bit;
        if (b == 0)
            continue;
        ck_assert_uint_eq(b & (b - 1), 0); /* a single bit */
        ck_assert_uint_eq(seen & b, 0);
        ck_assert_uint_ne(b, ROLE_PUBLIC);
        seen |= b;
    }
}
END_TEST

Suite *principal_suite(void)
{
    Suite *s = suite_create("principal");
    TCase *tc = tcase_create("roles");
    tcase_add_loop_test(tc, role_names_map_to_exactly_one_bit, 0, N_ROWS(roles));
    tcase_add_test(tc, role_bits_are_distinct);
    suite_add_tcase(s, tc);
    return s;
}
