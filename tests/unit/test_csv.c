/* RFC 4180 reading of bulk uploads (domain/csv.c): records, fields, line numbers, refusals. */
#include <check.h>
#include <string.h>

#include "domain/csv.h"
#include "suites.h"

static csv_doc parse_ok(const char *text, size_t expect_records)
{
    csv_doc d;
    long line = 0;
    ck_assert_int_eq(csv_parse(text, strlen(text), 100, 20, &d, &line), CSV_OK);
    ck_assert_uint_eq(d.count, expect_records);
    return d;
}

START_TEST(header_and_rows_with_crlf_or_lf_give_one_record_per_line)
{
    csv_doc d = parse_ok("a,b,c\r\n1,2,3\r\n4,5,6", 3);
    ck_assert_str_eq(d.records[2].fields[2], "6");
    ck_assert_int_eq(d.records[2].line, 3);
    csv_doc_free(&d);
    d = parse_ok("a,b\n1,2\n", 2);
    ck_assert_uint_eq(d.records[1].count, 2);
    csv_doc_free(&d);
}
END_TEST

START_TEST(quoted_fields_hold_commas_doubled_quotes_and_line_breaks_and_lines_stay_physical)
{
    csv_doc d = parse_ok("name,note\n\"Siti, S.Pd\",\"kata \"\"jujur\"\"\"\n\"dua\nbaris\",x\nlast,y\n", 4);
    ck_assert_str_eq(d.records[1].fields[0], "Siti, S.Pd");
    ck_assert_str_eq(d.records[1].fields[1], "kata \"jujur\"");
    ck_assert_str_eq(d.records[2].fields[0], "dua\nbaris");
    ck_assert_int_eq(d.records[2].line, 3);
    ck_assert_int_eq(d.records[3].line, 5); /* the quoted line break took line 4 */
    csv_doc_free(&d);
}
END_TEST

START_TEST(byte_order_mark_and_empty_lines_are_skipped_and_empty_cells_kept)
{
    csv_doc d = parse_ok("\xEF\xBB\xBFnip,name\n\n,Budi\n\n", 2);
    ck_assert_str_eq(d.records[0].fields[0], "nip");
    ck_assert_str_eq(d.records[1].fields[0], "");
    ck_assert_int_eq(d.records[1].line, 3);
    csv_doc_free(&d);
    d = parse_ok("a,b\n1,\n", 2);
    ck_assert_uint_eq(d.records[1].count, 2);
    ck_assert_str_eq(d.records[1].fields[1], "");
    csv_doc_free(&d);
}
END_TEST

static const struct {
    const char *text;
    csv_status status;
    long line;
} refused[] = {
    {"a,b\n\"open,2\n", CSV_UNTERMINATED_QUOTE, 2},
    {"a,b\nx\"y,2\n", CSV_BAD_QUOTE, 2},
    {"a,b\n1,2\n\"q\"z,3\n", CSV_BAD_QUOTE, 3},
    {"a\n1\n2\n3\n4\n5\n", CSV_TOO_MANY_RECORDS, 5},
    {"a,b,c,d\n", CSV_TOO_MANY_FIELDS, 1},
};

START_TEST(malformed_input_is_refused_with_the_line)
{
    csv_doc d;
    long line = 0;
    ck_assert_int_eq(csv_parse(refused[_i].text, strlen(refused[_i].text), 4, 3, &d, &line), refused[_i].status);
    ck_assert_int_eq(line, refused[_i].line);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_ptr_null(d.records);
    csv_doc_free(&d);
}
END_TEST

START_TEST(empty_input_has_no_records)
{
    csv_doc d = parse_ok("", 0);
    csv_doc_free(&d);
    d = parse_ok("\xEF\xBB\xBF", 0);
    csv_doc_free(&d);
}
END_TEST

Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, header_and_rows_with_crlf_or_lf_give_one_record_per_line);
    tcase_add_test(tc, quoted_fields_hold_commas_doubled_quotes_and_line_breaks_and_lines_stay_physical);
    tcase_add_test(tc, byte_order_mark_and_empty_lines_are_skipped_and_empty_cells_kept);
    tcase_add_loop_test(tc, malformed_input_is_refused_with_the_line, 0, N_ROWS(refused));
    tcase_add_test(tc, empty_input_has_no_records);
    suite_add_tcase(s, tc);
    return s;
}
