/*
 * test_nip.c — structure of the 18-digit NIP (DOMAIN §2): birth date YYYYMMDD,
 * appointment YYYYMM, sex digit, 3-digit sequence.
 */
#include <string.h>

#include "domain/nip.h"
#include "suites.h"

typedef struct {
    const char *nip;
    nip_status expected;
} nip_row;

static const nip_row valid[] = {
    {"198507142010011002", NIP_OK}, /* born 1985-07-14, appointed 2010-01, male, #002 */
    {"198507142010012002", NIP_OK}, /* female */
    {"199602292015121999", NIP_OK}, /* born on a leap day */
    {"200002292020061001", NIP_OK}, /* 2000 is a leap year */
    {"193001011950011001", NIP_OK}, /* first accepted birth year */
    {"201512312031121001", NIP_OK}, /* last accepted birth year, appointed at 16 */
    {"198507142000121001", NIP_OK}, /* appointed after the 15th birthday */
};

START_TEST(nip_with_real_dates_sex_and_sequence_is_valid)
{
    ck_assert_msg(nip_check(valid[_i].nip) == NIP_OK, "%s: %s", valid[_i].nip,
                  nip_status_name(nip_check(valid[_i].nip)));
}
END_TEST

static const nip_row invalid[] = {
    {"19850714201001100", NIP_BAD_LENGTH},
    {"1985071420100110020", NIP_BAD_LENGTH},
    {"", NIP_BAD_LENGTH},
    {"1985 0714 201001 1 002", NIP_BAD_LENGTH},
    {"19850714201001100a", NIP_NOT_DIGITS},
    {"19850714 201001102", NIP_NOT_DIGITS},
    {"198507142010-11002", NIP_NOT_DIGITS},
    {"+98507142010011002", NIP_NOT_DIGITS},
    {"198502302010011002", NIP_BAD_BIRTH_DATE}, /* 30 February */
    {"199702292012011001", NIP_BAD_BIRTH_DATE}, /* 29 February of a common year */
    {"198513012010011002", NIP_BAD_BIRTH_DATE}, /* month 13 */
    {"198500142010011002", NIP_BAD_BIRTH_DATE}, /* month 0 */
    {"198507002010011002", NIP_BAD_BIRTH_DATE}, /* day 0 */
    {"198504312010011002", NIP_BAD_BIRTH_DATE}, /* 31 April */
    {"192912311950011001", NIP_BAD_BIRTH_DATE}, /* before 1930 */
    {"201601012031011001", NIP_BAD_BIRTH_DATE}, /* after 2015 */
    {"000000002010011002", NIP_BAD_BIRTH_DATE},
    {"198507142010001002", NIP_BAD_APPOINTMENT}, /* month 0 */
    {"198507142010131002", NIP_BAD_APPOINTMENT}, /* month 13 */
    {"198507141999011002", NIP_BAD_APPOINTMENT}, /* age 13 */
    {"198507141985071002", NIP_BAD_APPOINTMENT}, /* appointed at birth */
    {"198507141970011002", NIP_BAD_APPOINTMENT}, /* before birth */
    {"198507142010013002", NIP_BAD_SEX},         /* sex digit 3 */
    {"198507142010010002", NIP_BAD_SEX},
    {"198507142010019002", NIP_BAD_SEX},
    {"198507142010011000", NIP_BAD_SEQUENCE},    /* sequence 000 */
};

START_TEST(nip_reports_the_first_structural_defect)
{
    nip_status got = nip_check(invalid[_i].nip);
    ck_assert_msg(got == invalid[_i].expected, "%s: got \"%s\", expected \"%s\"", invalid[_i].nip,
                  nip_status_name(got), nip_status_name(invalid[_i].expected));
}
END_TEST

/* Age is counted in months as well as years: born July 1985, appointed June 2000 is 14. */
static const nip_row under_15_by_months[] = {
    {"198507142000011002", NIP_BAD_APPOINTMENT}, /* 14 years 6 months */
    {"198507142000061002", NIP_BAD_APPOINTMENT}, /* 14 years 11 months */
    {"198512312000111001", NIP_BAD_APPOINTMENT}, /* 14 years 11 months */
};

START_TEST(nip_appointment_months_before_15th_birthday_is_rejected)
{
    nip_status got = nip_check(under_15_by_months[_i].nip);
    ck_assert_msg(got == NIP_BAD_APPOINTMENT, "%s: got \"%s\"", under_15_by_months[_i].nip, nip_status_name(got));
}
END_TEST

START_TEST(nip_null_is_a_length_error)
{
    ck_assert_int_eq(nip_check(NULL), NIP_BAD_LENGTH);
}
END_TEST

START_TEST(nip_every_status_has_a_distinct_hint)
{
    static const nip_status all[] = {NIP_OK,         NIP_BAD_LENGTH, NIP_NOT_DIGITS,  NIP_BAD_BIRTH_DATE,
                                     NIP_BAD_APPOINTMENT, NIP_BAD_SEX, NIP_BAD_SEQUENCE};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const char *a = nip_status_name(all[i]);
        ck_assert_ptr_nonnull(a);
        ck_assert_uint_gt(strlen(a), 0);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(a, nip_status_name(all[j]));
    }
    ck_assert_str_eq(nip_status_name(NIP_OK), "ok");
}
END_TEST

Suite *nip_suite(void)
{
    Suite *s = suite_create("nip");
    TCase *tc = tcase_create("nip");
    tcase_add_loop_test(tc, nip_with_real_dates_sex_and_sequence_is_valid, 0, N_ROWS(valid));
    tcase_add_loop_test(tc, nip_reports_the_first_structural_defect, 0, N_ROWS(invalid));
    tcase_add_loop_test(tc, nip_appointment_months_before_15th_birthday_is_rejected, 0, N_ROWS(under_15_by_months));
    tcase_add_test(tc, nip_null_is_a_length_error);
    tcase_add_test(tc, nip_every_status_has_a_distinct_hint);
    suite_add_tcase(s, tc);
    return s;
}
