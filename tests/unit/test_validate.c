/*
 * test_validate.c — the strict scalar parsers of domain/validate.h. Each behaviour is a
 * table of (input, expected) run as a loop test, so a failure names the row.
 */
#include <string.h>

#include "domain/validate.h"
#include "suites.h"

/* A byte string with its length (sizeof - 1 keeps embedded NULs). */
typedef struct {
    const char *s;
    size_t n;
} bytes;
#define B(lit) {lit, sizeof(lit) - 1}

/* ---- UTF-8 ------------------------------------------------------------------------- */

static const bytes utf8_good[] = {
    B(""),
    B("abc"),
    B("a\0b"),                          /* U+0000 is a valid code point */
    B("\x7f"),                          /* last one-byte code point */
    B("\xc2\x80"),                      /* U+0080, first two-byte */
    B("\xc3\xa9"),                      /* é */
    B("\xdf\xbf"),                      /* U+07FF, last two-byte */
    B("\xe0\xa0\x80"),                  /* U+0800, first three-byte */
    B("\xe2\x82\xac"),                  /* € */
    B("\xed\x9f\xbf"),                  /* U+D7FF, just below the surrogates */
    B("\xee\x80\x80"),                  /* U+E000, just above the surrogates */
    B("\xef\xbf\xbf"),                  /* U+FFFF */
    B("\xf0\x90\x80\x80"),              /* U+10000, first four-byte */
    B("\xf0\x9f\x98\x80"),              /* 😀 */
    B("\xf4\x8f\xbf\xbf"),              /* U+10FFFF, the last code point */
    B("Kota Mojokerto \xe2\x80\x94 Zona Integritas \xf0\x9f\x87\xae\xf0\x9f\x87\xa9"),
};

START_TEST(utf8_accepts_well_formed_text_up_to_u10ffff)
{
    const bytes *t = &utf8_good[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 1, "row %d should be valid UTF-8", _i);
}
END_TEST

static const bytes utf8_overlong[] = {
    B("\xc0\x80"),         /* U+0000 in two bytes */
    B("\xc0\xaf"),         /* '/' in two bytes */
    B("\xc1\xbf"),         /* U+007F in two bytes */
    B("\xe0\x80\x80"),     /* U+0000 in three bytes */
    B("\xe0\x80\xaf"),     /* '/' in three bytes */
    B("\xe0\x9f\xbf"),     /* U+07FF in three bytes */
    B("\xf0\x80\x80\x80"), /* U+0000 in four bytes */
    B("\xf0\x80\x80\xaf"), /* '/' in four bytes */
    B("\xf0\x8f\xbf\xbf"), /* U+FFFF in four bytes */
    B("ok\xc0\xafok"),
};

START_TEST(utf8_rejects_overlong_encodings)
{
    const bytes *t = &utf8_overlong[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 0, "overlong row %d accepted", _i);
}
END_TEST

static const bytes utf8_surrogate[] = {
    B("\xed\xa0\x80"),             /* U+D800 */
    B("\xed\xad\xbf"),             /* U+DB7F */
    B("\xed\xb0\x80"),             /* U+DC00 */
    B("\xed\xbf\xbf"),             /* U+DFFF */
    B("\xed\xa0\xbd\xed\xb8\x80"), /* CESU-8 pair for U+1F600 */
};

START_TEST(utf8_rejects_surrogates)
{
    const bytes *t = &utf8_surrogate[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 0, "surrogate row %d accepted", _i);
}
END_TEST

static const bytes utf8_too_big[] = {
    B("\xf4\x90\x80\x80"),         /* U+110000 */
    B("\xf4\xbf\xbf\xbf"),
    B("\xf5\x80\x80\x80"),
    B("\xf7\xbf\xbf\xbf"),         /* U+1FFFFF */
    B("\xf8\x88\x80\x80\x80"),     /* five-byte form */
    B("\xfc\x84\x80\x80\x80\x80"), /* six-byte form */
    B("\xfe"),
    B("\xff"),
};

START_TEST(utf8_rejects_code_points_above_u10ffff)
{
    const bytes *t = &utf8_too_big[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 0, "row %d above U+10FFFF accepted", _i);
}
END_TEST

static const bytes utf8_truncated[] = {
    B("\xc3"),
    B("a\xc3"),
    B("\xe2\x82"),
    B("\xe2"),
    B("\xf0\x9f\x98"),
    B("\xf0\x9f"),
    B("\xf0"),
    B("\xe2\x82" "a"),     /* sequence cut by an ASCII byte */
    B("\xf0\x9f\x98" "a"),
    B("\xc3" "(" ),        /* continuation byte of the wrong shape */
    B("\xe2\x28\xa1"),
    B("\xf0\x28\x8c\xbc"),
};

START_TEST(utf8_rejects_truncated_sequences)
{
    const bytes *t = &utf8_truncated[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 0, "truncated row %d accepted", _i);
}
END_TEST

static const bytes utf8_stray[] = {B("\x80"), B("\xbf"), B("a\x80" "b"), B("\xc3\xa9\xa9")};

START_TEST(utf8_rejects_stray_continuation_bytes)
{
    const bytes *t = &utf8_stray[_i];
    ck_assert_msg(utf8_valid(t->s, t->n) == 0, "stray continuation row %d accepted", _i);
}
END_TEST

START_TEST(utf8_checks_only_the_given_length)
{
    /* The bad byte lies past n, so it must not be looked at. */
    ck_assert_int_eq(utf8_valid("ab\xff", 2), 1);
    /* n cuts a valid é in half. */
    ck_assert_int_eq(utf8_valid("\xc3\xa9", 1), 0);
}
END_TEST

static const struct {
    const char *s;
    size_t len;
} utf8_lengths[] = {
    {"", 0},
    {"abc", 3},
    {"\xc3\xa9", 1},
    {"caf\xc3\xa9", 4},
    {"\xe2\x82\xac" "5", 2},
    {"\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 2},
};

START_TEST(utf8_length_counts_code_points_not_bytes)
{
    ck_assert_uint_eq(utf8_length(utf8_lengths[_i].s), utf8_lengths[_i].len);
}
END_TEST

/* ---- control characters ------------------------------------------------------------ */

static const struct {
    const char *s;
    int allow_newlines;
    int expected;
} control_rows[] = {
    {"plain text", 0, 0},
    {"", 0, 0},
    {"caf\xc3\xa9 \xe2\x82\xac", 0, 0},
    {"a\nb", 0, 1},
    {"a\rb", 0, 1},
    {"a\tb", 0, 1},
    {"a\nb", 1, 0},
    {"a\r\nb", 1, 0},
    {"a\tb", 1, 0},
    {"a\x01" "b", 0, 1},
    {"a\x01" "b", 1, 1},
    {"\x1f", 1, 1},
    {"\x1b[31m", 1, 1}, /* ESC */
    {"a\x7f", 0, 1},     /* DEL */
    {"a\x7f", 1, 1},
    {"\x0b", 1, 1},      /* vertical tab is not a newline */
    {"\x0c", 1, 1},      /* form feed neither */
    {"a\xc2\x85" "b", 1, 1},         /* NEL, a C1 control */
    {"a\xc2\x9b" "31m", 0, 1},       /* CSI */
    {"a\xc2\xa0" "b", 0, 0},         /* no-break space is visible space */
    {"soft\xc2\xad" "hyphen", 0, 1}, /* U+00AD */
    {"a\xe2\x80\x8b" "b", 0, 1},     /* zero width space */
    {"a\xe2\x80\x8c" "b", 0, 0},     /* ZWNJ: scripts need it */
    {"\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", 0, 0}, /* an emoji ZWJ sequence */
    {"a\xe2\x80\x8f" "b", 0, 1},     /* RLM */
    {"evil\xe2\x80\xae" "txt.exe", 0, 1}, /* RIGHT-TO-LEFT OVERRIDE */
    {"a\xe2\x81\xa6" "b", 0, 1},     /* LEFT-TO-RIGHT ISOLATE */
    {"a\xe2\x80\xa8" "b", 1, 1},     /* LINE SEPARATOR */
    {"a\xe2\x81\xa0" "b", 0, 1},     /* WORD JOINER */
    {"\xef\xbb\xbf" "bom", 0, 1},    /* BOM */
    {"a\xef\xbf\xbe", 0, 1},         /* U+FFFE */
    {"a\xef\xb7\x90", 0, 1},         /* U+FDD0 */
    {"a\xf3\xa0\x80\x81", 0, 1},     /* TAG LANGUAGE */
    {"a\xef\xbf\xbd" "b", 0, 0},     /* the replacement character is visible */
    {"Kelurahan Sentanan \xe2\x80\x94 Magersari", 0, 0}, /* an em dash */
};

START_TEST(control_characters_rejected_but_newlines_allowed_in_text)
{
    ck_assert_msg(has_control_chars(control_rows[_i].s, control_rows[_i].allow_newlines) ==
                      control_rows[_i].expected,
                  "row %d", _i);
}
END_TEST

/* ---- UUID -------------------------------------------------------------------------- */

static const struct {
    const char *in;
    const char *canonical;
} uuid_good[] = {
    {"123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000"},
    {"123E4567-E89B-12D3-A456-426614174000", "123e4567-e89b-12d3-a456-426614174000"},
    {"AbCdEf01-2345-6789-aBcD-eF0123456789", "abcdef01-2345-6789-abcd-ef0123456789"},
    {"00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"},
    {"ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff"},
};

START_TEST(uuid_accepted_in_any_case_and_written_lowercase)
{
    char out[37];
    memset(out, 'x', sizeof out);
    ck_assert_int_eq(parse_uuid(uuid_good[_i].in, out), 0);
    ck_assert_str_eq(out, uuid_good[_i].canonical);
}
END_TEST

static const char *const uuid_bad[] = {
    "",
    "123e4567-e89b-12d3-a456-42661417400",    /* 35 characters */
    "123e4567-e89b-12d3-a456-4266141740000",  /* 37 characters */
    "123e4567e-89b-12d3-a456-426614174000",   /* first dash one late */
    "123e456-7e89b-12d3-a456-426614174000",   /* first dash one early */
    "123e4567-e89b-12d3a-456-426614174000",
    "123e4567-e89b-12d3-a4564-26614174000",
    "123e4567-e89b-12d3-a456_426614174000",   /* underscore for a dash */
    "123e4567+e89b+12d3+a456+426614174000",
    "123e4567e89b12d3a456426614174000",       /* no dashes */
    "123e4567e89b12d3a456426614174000----",   /* 36 chars, dashes at the end */
    "{123e4567-e89b-12d3-a456-426614174000}",
    "123e4567-e89b-12d3-a456-42661417400g",   /* g is not hex */
    "123e4567-e89b-12d3-a456-42661417400 ",
    " 23e4567-e89b-12d3-a456-426614174000",
    "urn:uuid:123e4567-e89b-12d3-a456-426614",
    "123e4567-e89b-12d3-a456-4266141740\xc3\xa9", /* 36 bytes, 35 characters */
};

START_TEST(uuid_rejects_wrong_length_dashes_or_characters)
{
    char out[37];
    ck_assert_msg(parse_uuid(uuid_bad[_i], out) != 0, "accepted \"%s\"", uuid_bad[_i]);
}
END_TEST

START_TEST(uuid_rejects_null)
{
    char out[37];
    ck_assert_int_ne(parse_uuid(NULL, out), 0);
}
END_TEST

/* ---- dates ------------------------------------------------------------------------- */

static const struct {
    const char *in;
    int y, m, d;
} date_good[] = {
    {"2024-02-29", 2024, 2, 29}, /* leap year */
    {"2000-02-29", 2000, 2, 29}, /* divisible by 400 */
    {"2023-02-28", 2023, 2, 28},
    {"1900-01-01", 1900, 1, 1},  /* first accepted year */
    {"2999-12-31", 2999, 12, 31},/* last accepted year */
    {"2024-04-30", 2024, 4, 30},
    {"2024-12-31", 2024, 12, 31},
    {"2024-01-31", 2024, 1, 31},
};

START_TEST(date_accepts_real_days_including_leap_days)
{
    int y = 0, m = 0, d = 0;
    ck_assert_msg(parse_date(date_good[_i].in, &y, &m, &d) == 0, "rejected %s", date_good[_i].in);
    ck_assert_int_eq(y, date_good[_i].y);
    ck_assert_int_eq(m, date_good[_i].m);
    ck_assert_int_eq(d, date_good[_i].d);
}
END_TEST

static const char *const date_bad[] = {
    "2023-02-29", /* not a leap year */
    "1900-02-29", /* divisible by 100, not by 400 */
    "2100-02-29",
    "2024-02-30",
    "2024-04-31",
    "2024-13-01", /* month 13 */
    "2024-00-10", /* month 0 */
    "2024-01-00", /* day 0 */
    "2024-01-32",
    "1899-12-31", /* before 1900 */
    "3000-01-01", /* after 2999 */
    "0000-01-01",
    "2024-1-01",
    "2024-01-1",
    "24-01-01",
    "2024/01/01",
    "2024-01-01T00:00:00Z",
    "2024-01-01 ",
    " 2024-01-01",
    "2024-0a-01",
    "+024-01-01",
    "2024--1-01",
    "20240101",
    "",
};

START_TEST(date_rejects_impossible_days_and_other_shapes)
{
    int y, m, d;
    ck_assert_msg(parse_date(date_bad[_i], &y, &m, &d) != 0, "accepted \"%s\"", date_bad[_i]);
}
END_TEST

static const struct {
    int y, m, days;
} month_rows[] = {
    {2023, 1, 31}, {2023, 2, 28}, {2024, 2, 29}, {1900, 2, 28}, {2000, 2, 29}, {2100, 2, 28},
    {2023, 4, 30}, {2023, 6, 30}, {2023, 9, 30}, {2023, 11, 30}, {2023, 12, 31}, {2023, 0, 0},
    {2023, 13, 0},
};

START_TEST(days_in_month_follows_gregorian_leap_rules)
{
    ck_assert_int_eq(days_in_month(month_rows[_i].y, month_rows[_i].m), month_rows[_i].days);
}
END_TEST

/* ---- integers ---------------------------------------------------------------------- */

static const struct {
    const char *in;
    long min, max, value;
} long_good[] = {
    {"0", 0, 10, 0},
    {"7", 0, 10, 7},
    {"10", 0, 10, 10},
    {"1", 1, 200, 1},
    {"200", 1, 200, 200},
    {"-5", -10, 10, -5},
    {"-10", -10, 10, -10},
    {"9223372036854775807", ZT_LONG_MIN, ZT_LONG_MAX, ZT_LONG_MAX},
    {"-9223372036854775808", ZT_LONG_MIN, ZT_LONG_MAX, ZT_LONG_MIN},
};

START_TEST(parse_long_accepts_plain_decimals_in_range)
{
    long v = 12345;
    ck_assert_msg(parse_long(long_good[_i].in, long_good[_i].min, long_good[_i].max, &v) == 0,
                  "rejected \"%s\"", long_good[_i].in);
    ck_assert_int_eq(v, long_good[_i].value);
}
END_TEST

static const struct {
    const char *in;
    long min, max;
} long_bad[] = {
    {"", 0, 10},
    {"-", -10, 10},
    {"01", 0, 10},    /* leading zero */
    {"00", 0, 10},
    {"007", 0, 10},
    {"-01", -10, 10},
    {"+1", 0, 10},    /* no plus sign */
    {" 1", 0, 10},    /* no spaces */
    {"1 ", 0, 10},
    {"1 0", 0, 100},
    {"1.0", 0, 10},
    {"1e2", 0, 1000},
    {"0x10", 0, 100},
    {"ten", 0, 100},
    {"11", 0, 10},    /* above max */
    {"0", 1, 10},     /* below min */
    {"-1", 0, 10},    /* sign on a non-negative range */
    {"201", 1, 200},
    {"9223372036854775808", ZT_LONG_MIN, ZT_LONG_MAX},   /* overflow */
    {"-9223372036854775809", ZT_LONG_MIN, ZT_LONG_MAX},
    {"99999999999999999999999", ZT_LONG_MIN, ZT_LONG_MAX},
    {"1\n", 0, 10},
};

START_TEST(parse_long_rejects_leading_zeros_signs_spaces_and_overflow)
{
    long v = 12345;
    ck_assert_msg(parse_long(long_bad[_i].in, long_bad[_i].min, long_bad[_i].max, &v) != 0,
                  "accepted \"%s\" in [%ld, %ld]", long_bad[_i].in, long_bad[_i].min, long_bad[_i].max);
    ck_assert_msg(v == 12345, "output written on failure for \"%s\"", long_bad[_i].in);
}
END_TEST

START_TEST(parse_long_rejects_null)
{
    long v;
    ck_assert_int_ne(parse_long(NULL, 0, 10, &v), 0);
}
END_TEST

/* "-0" is a second spelling of 0 and carries a sign: validate.h promises one spelling per
 * number and no sign for non-negative ranges. */
static const struct {
    const char *in;
    long min, max;
} minus_zero[] = {
    {"-0", 0, 10},
    {"-0", -10, 10},
    {"-0", 0, 65535},
};

START_TEST(parse_long_rejects_minus_zero)
{
    long v = 12345;
    ck_assert_msg(parse_long(minus_zero[_i].in, minus_zero[_i].min, minus_zero[_i].max, &v) != 0,
                  "accepted \"-0\" in [%ld, %ld] as %ld", minus_zero[_i].min, minus_zero[_i].max, v);
}
END_TEST

/* ---- unit codes and request ids ---------------------------------------------------- */

static const struct {
    const char *in;
    int ok;
} unit_codes[] = {
    {"A", 1},
    {"DISKOMINFO", 1},
    {"diskominfo", 1},
    {"0", 1},
    {"SETDA.BAG-ORG_1", 1},
    {"a.b_c-d", 1},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd", 1},   /* 40 characters */
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcde", 0},  /* 41 */
    {"", 0},
    {"-ABC", 0},
    {".ABC", 0},
    {"_ABC", 0},
    {"A BC", 0},
    {"A/B", 0},
    {"A:B", 0},
    {"A~B", 0},
    {"DINAS\xc3\x89", 0},
    {"\xc3\x89", 0},
    {"AB\n", 0},
    {NULL, 0},
};

START_TEST(unit_code_shape_is_enforced)
{
    ck_assert_msg(unit_code_valid(unit_codes[_i].in) == unit_codes[_i].ok, "row %d \"%s\"", _i,
                  unit_codes[_i].in ? unit_codes[_i].in : "(null)");
}
END_TEST

static const char rid_128[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
static const char rid_129[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX";

static const struct {
    const char *in;
    int ok;
} request_ids[] = {
    {"a", 1},
    {"req-1", 1},
    {"4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c", 1},
    {"trace:span.1_2-3", 1},
    {"-", 1},
    {rid_128, 1},
    {rid_129, 0},
    {"", 0},
    {"a b", 0},
    {"a/b", 0},
    {"a\"b", 0},
    {"<script>", 0},
    {"a\r\nX-Injected: 1", 0},
    {"caf\xc3\xa9", 0},
    {"a\tb", 0},
    {NULL, 0},
};

START_TEST(request_id_is_echoed_only_when_short_and_plain)
{
    ck_assert_msg(request_id_valid(request_ids[_i].in) == request_ids[_i].ok, "row %d", _i);
}
END_TEST

/* ---- JSON nesting ------------------------------------------------------------------ */

static const struct {
    const char *json;
    int depth;
} nesting[] = {
    {"", 0},
    {"42", 0},
    {"\"[[[[\"", 0},
    {"{}", 1},
    {"[]", 1},
    {"[][][]", 1},
    {"[[{}]]", 3},
    {"{\"a\":{\"b\":[1,{\"c\":[]}]}}", 5},
    {"{\"a\":\"{{{[[[\"}", 1},         /* brackets inside strings are text */
    {"[\"\\\"[[[\"]", 1},               /* an escaped quote does not end the string */
    {"[\"\\\\\",[[]]]", 3},             /* an escaped backslash does: the next [ counts */
    {"[\"\\u005b\\\"\",[]]", 2},
    {"{\"k[\":[\"]\"]}", 2},
};

START_TEST(json_nesting_ignores_brackets_inside_strings)
{
    const char *j = nesting[_i].json;
    ck_assert_msg(json_nesting_depth(j, strlen(j), 32) == nesting[_i].depth, "row %d: %s gives %d", _i, j,
                  json_nesting_depth(j, strlen(j), 32));
}
END_TEST

START_TEST(json_nesting_stops_counting_past_the_limit)
{
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    ck_assert_int_eq(json_nesting_depth(deep, sizeof deep, 32), 33);
    ck_assert_int_eq(json_nesting_depth(deep, sizeof deep, 200), 100);
    ck_assert_int_eq(json_nesting_depth(deep, 32, 32), 32); /* exactly the limit is allowed */
}
END_TEST

START_TEST(json_nesting_reads_only_the_given_length)
{
    const char *j = "[[[[";
    ck_assert_int_eq(json_nesting_depth(j, 2, 32), 2);
}
END_TEST

static const struct {
    const char *date, *today;
    long year;
    const char *violation; /* NULL: none */
} date_rules[] = {
    {"2026-03-18", "2026-12-05", 2026, NULL},
    {"2026-12-05", "2026-12-05", 2026, NULL},   /* today is not the future */
    {"2026-12-06", "2026-12-05", 2026, "in_future"},
    {"2027-01-01", "2026-12-05", 0, "in_future"},
    {"2025-12-31", "2026-12-05", 2026, "year_mismatch"},
    {"2025-12-31", NULL, 2026, "year_mismatch"},
    {"2025-12-31", NULL, 0, NULL},
    {"2026-02-30", "2026-12-05", 2026, "invalid_format"},
};

START_TEST(date_rules_refuse_future_dates_and_dates_outside_their_year)
{
    const char *got = date_rule_violation(date_rules[_i].date, date_rules[_i].today, date_rules[_i].year);
    if (date_rules[_i].violation == NULL)
        ck_assert_ptr_null(got);
    else
        ck_assert_str_eq(got, date_rules[_i].violation);
}
END_TEST

Suite *validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("dates");
    tcase_add_loop_test(tc, date_rules_refuse_future_dates_and_dates_outside_their_year, 0, N_ROWS(date_rules));
    suite_add_tcase(s, tc);
    tc = tcase_create("utf8");
    tcase_add_loop_test(tc, utf8_accepts_well_formed_text_up_to_u10ffff, 0, N_ROWS(utf8_good));
    tcase_add_loop_test(tc, utf8_rejects_overlong_encodings, 0, N_ROWS(utf8_overlong));
    tcase_add_loop_test(tc, utf8_rejects_surrogates, 0, N_ROWS(utf8_surrogate));
    tcase_add_loop_test(tc, utf8_rejects_code_points_above_u10ffff, 0, N_ROWS(utf8_too_big));
    tcase_add_loop_test(tc, utf8_rejects_truncated_sequences, 0, N_ROWS(utf8_truncated));
    tcase_add_loop_test(tc, utf8_rejects_stray_continuation_bytes, 0, N_ROWS(utf8_stray));
    tcase_add_test(tc, utf8_checks_only_the_given_length);
    tcase_add_loop_test(tc, utf8_length_counts_code_points_not_bytes, 0, N_ROWS(utf8_lengths));
    tcase_add_loop_test(tc, control_characters_rejected_but_newlines_allowed_in_text, 0, N_ROWS(control_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("uuid");
    tcase_add_loop_test(tc, uuid_accepted_in_any_case_and_written_lowercase, 0, N_ROWS(uuid_good));
    tcase_add_loop_test(tc, uuid_rejects_wrong_length_dashes_or_characters, 0, N_ROWS(uuid_bad));
    tcase_add_test(tc, uuid_rejects_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("date");
    tcase_add_loop_test(tc, date_accepts_real_days_including_leap_days, 0, N_ROWS(date_good));
    tcase_add_loop_test(tc, date_rejects_impossible_days_and_other_shapes, 0, N_ROWS(date_bad));
    tcase_add_loop_test(tc, days_in_month_follows_gregorian_leap_rules, 0, N_ROWS(month_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("integer");
    tcase_add_loop_test(tc, parse_long_accepts_plain_decimals_in_range, 0, N_ROWS(long_good));
    tcase_add_loop_test(tc, parse_long_rejects_leading_zeros_signs_spaces_and_overflow, 0, N_ROWS(long_bad));
    tcase_add_test(tc, parse_long_rejects_null);
    tcase_add_loop_test(tc, parse_long_rejects_minus_zero, 0, N_ROWS(minus_zero));
    suite_add_tcase(s, tc);

    tc = tcase_create("identifiers");
    tcase_add_loop_test(tc, unit_code_shape_is_enforced, 0, N_ROWS(unit_codes));
    tcase_add_loop_test(tc, request_id_is_echoed_only_when_short_and_plain, 0, N_ROWS(request_ids));
    suite_add_tcase(s, tc);

    tc = tcase_create("json_depth");
    tcase_add_loop_test(tc, json_nesting_ignores_brackets_inside_strings, 0, N_ROWS(nesting));
    tcase_add_test(tc, json_nesting_stops_counting_past_the_limit);
    tcase_add_test(tc, json_nesting_reads_only_the_given_length);
    suite_add_tcase(s, tc);
    return s;
}
