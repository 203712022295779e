/*
 * test_strbuf.c — the growable buffer of common/strbuf.h: appends, growth, ownership
 * hand-over, JSON string escaping and URL encoding. Every test takes or frees its buffer
 * before asserting, so a failure leaks nothing under CK_FORK=no.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "suites.h"

/* Result of one build, copied out so the buffer is freed before assertions. */
typedef struct {
    char text[1024];
    size_t len;
    int was_null;
} taken;

static taken take(strbuf *sb)
{
    taken t = {.text = "", .len = 0, .was_null = 0};
    size_t len = 0;
    char *s = sb_take(sb, &len);
    if (s == NULL) {
        t.was_null = 1;
        return t;
    }
    t.len = len;
    memcpy(t.text, s, len < sizeof t.text ? len + 1 : sizeof t.text);
    t.text[sizeof t.text - 1] = '\0';
    free(s);
    return t;
}

/* ---- JSON strings ------------------------------------------------------------------ */

static const struct {
    const char *in;
    const char *json;
} json_rows[] = {
    {"", "\"\""},
    {"abc", "\"abc\""},
    {"a\"b", "\"a\\\"b\""},
    {"a\\b", "\"a\\\\b\""},
    {"\\\"", "\"\\\\\\\"\""},
    {"a\nb", "\"a\\nb\""},
    {"\r\n\t", "\"\\r\\n\\t\""},
    {"\x01", "\"\\u0001\""},
    {"\x08\x0c", "\"\\u0008\\u000c\""},
    {"\x1f", "\"\\u001f\""},
    {"\x1b[0m", "\"\\u001b[0m\""},
    {"/", "\"/\""},                                        /* solidus needs no escape */
    {"\x7f", "\"\x7f\""},                                  /* DEL is legal in JSON strings */
    {"caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\""}, /* UTF-8 passes through */
    {"</script>", "\"</script>\""},
};

START_TEST(json_string_escapes_quotes_backslashes_and_control_characters)
{
    strbuf sb;
    sb_init(&sb);
    sb_json_string(&sb, json_rows[_i].in);
    taken t = take(&sb);
    ck_assert_str_eq(t.text, json_rows[_i].json);
    ck_assert_uint_eq(t.len, strlen(json_rows[_i].json));
}
END_TEST

/* Every byte 1..127 survives a trip through sb_json_string and a real JSON parser. */
START_TEST(json_string_output_parses_back_to_the_input)
{
    char in[128];
    for (int c = 1; c < 128; c++)
        in[c - 1] = (char)c;
    in[127] = '\0';
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "[");
    sb_json_string(&sb, in);
    sb_puts(&sb, "]");
    char *text = sb_take(&sb, NULL);
    ck_assert_ptr_nonnull(text);
    json_error_t err;
    json_t *arr = json_loads(text, 0, &err);
    free(text);
    int same = arr && json_is_string(json_array_get(arr, 0)) &&
               strcmp(json_string_value(json_array_get(arr, 0)), in) == 0;
    json_decref(arr);
    ck_assert_msg(same, "escaped text does not parse back: %s", err.text);
}
END_TEST

/* ---- URL encoding ------------------------------------------------------------------ */

static const struct {
    const char *in;
    const char *encoded;
} url_rows[] = {
    {"", ""},
    {"ABCxyz019", "ABCxyz019"},
    {"-._~", "-._~"},                       /* RFC 3986 unreserved stay */
    {" ", "%20"},
    {"a+b", "a%2Bb"},
    {"a b&c=d", "a%20b%26c%3Dd"},
    {"/?#[]@", "%2F%3F%23%5B%5D%40"},
    {"!$'()*,;:", "%21%24%27%28%29%2A%2C%3B%3A"},
    {"%", "%25"},
    {"\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D"},
    {"\n\x7f", "%0A%7F"},
    {"caf\xc3\xa9", "caf%C3%A9"},           /* UTF-8 bytes, uppercase hex */
    {"\xff", "%FF"},
    {"eyJhIjoxfQ-_", "eyJhIjoxfQ-_"},       /* base64url cursors pass unchanged */
};

START_TEST(url_encoding_keeps_unreserved_and_percent_encodes_the_rest)
{
    strbuf sb;
    sb_init(&sb);
    sb_url_encode(&sb, url_rows[_i].in);
    taken t = take(&sb);
    ck_assert_str_eq(t.text, url_rows[_i].encoded);
}
END_TEST

/* ---- building ---------------------------------------------------------------------- */

START_TEST(appends_accumulate_in_order)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "ab");
    sb_putc(&sb, 'c');
    sb_append(&sb, "defXXX", 3);
    sb_printf(&sb, "-%d-%s-%05.1f", 42, "x", 2.5);
    sb_puts(&sb, "");
    taken t = take(&sb);
    ck_assert_str_eq(t.text, "abcdef-42-x-002.5");
    ck_assert_uint_eq(t.len, 17);
}
END_TEST

START_TEST(buffer_grows_past_its_first_allocation)
{
    strbuf sb;
    sb_init(&sb);
    char expect[1000];
    for (int k = 0; k < 999; k++) {
        sb_putc(&sb, (char)('a' + k % 26));
        expect[k] = (char)('a' + k % 26);
    }
    expect[999] = '\0';
    int terminated = sb.data != NULL && sb.data[sb.len] == '\0';
    taken t = take(&sb);
    ck_assert(terminated);
    ck_assert_uint_eq(t.len, 999);
    ck_assert_str_eq(t.text, expect);
}
END_TEST

START_TEST(printf_grows_the_buffer_for_long_output)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "<");
    sb_printf(&sb, "%0700d|%s", 7, "end");
    taken t = take(&sb);
    ck_assert_uint_eq(t.len, 1 + 700 + 4);
    ck_assert_int_eq(t.text[0], '<');
    ck_assert_int_eq(t.text[700], '7');
    ck_assert_str_eq(t.text + 701, "|end");
}
END_TEST

START_TEST(embedded_nul_bytes_are_kept_by_append)
{
    strbuf sb;
    sb_init(&sb);
    sb_append(&sb, "a\0b", 3);
    sb_putc(&sb, '\0');
    size_t len = 0;
    char *s = sb_take(&sb, &len);
    ck_assert_ptr_nonnull(s);
    int same = memcmp(s, "a\0b\0", 5) == 0;
    free(s);
    ck_assert_uint_eq(len, 4);
    ck_assert(same);
}
END_TEST

START_TEST(take_of_an_empty_buffer_is_an_empty_string)
{
    strbuf sb;
    sb_init(&sb);
    size_t len = 99;
    char *s = sb_take(&sb, &len);
    ck_assert_ptr_nonnull(s);
    int empty = s[0] == '\0';
    free(s);
    ck_assert(empty);
    ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(take_hands_over_ownership_and_resets_the_buffer)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "first");
    char *a = sb_take(&sb, NULL);
    int reset = sb.data == NULL && sb.len == 0 && sb.cap == 0 && sb.failed == 0;
    sb_puts(&sb, "second");
    char *b = sb_take(&sb, NULL);
    int ok = a && b && strcmp(a, "first") == 0 && strcmp(b, "second") == 0 && a != b;
    free(a);
    free(b);
    ck_assert(reset);
    ck_assert(ok);
}
END_TEST

START_TEST(free_releases_and_may_be_repeated)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "something");
    sb_free(&sb);
    ck_assert_ptr_null(sb.data);
    ck_assert_uint_eq(sb.len, 0);
    sb_free(&sb);
    sb_puts(&sb, "again");
    taken t = take(&sb);
    ck_assert_str_eq(t.text, "again");
}
END_TEST

/* An append too large to allocate marks the buffer failed: later appends do nothing and
 * sb_take frees what was built and returns NULL, so callers check once at the end. */
START_TEST(failed_allocation_is_sticky_and_take_returns_null)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "kept so far");
    sb_append(&sb, "x", SIZE_MAX / 2 + 2); /* cannot be reserved: fails before any copy */
    int failed = sb.failed;
    size_t len_after = sb.len;
    sb_puts(&sb, "more");
    sb_printf(&sb, "%d", 1);
    size_t len_later = sb.len;
    taken t = take(&sb);
    ck_assert(failed);
    ck_assert_uint_eq(len_after, 11);
    ck_assert_uint_eq(len_later, 11);
    ck_assert(t.was_null);
    ck_assert_ptr_null(sb.data); /* freed by sb_take */
}
END_TEST

Suite *strbuf_suite(void)
{
    Suite *s = suite_create("strbuf");
    TCase *tc = tcase_create("escaping");
    tcase_add_loop_test(tc, json_string_escapes_quotes_backslashes_and_control_characters, 0, N_ROWS(json_rows));
    tcase_add_test(tc, json_string_output_parses_back_to_the_input);
    tcase_add_loop_test(tc, url_encoding_keeps_unreserved_and_percent_encodes_the_rest, 0, N_ROWS(url_rows));
    suite_add_tcase(s, tc);

    tc = tcase_create("building");
    tcase_add_test(tc, appends_accumulate_in_order);
    tcase_add_test(tc, buffer_grows_past_its_first_allocation);
    tcase_add_test(tc, printf_grows_the_buffer_for_long_output);
    tcase_add_test(tc, embedded_nul_bytes_are_kept_by_append);
    tcase_add_test(tc, take_of_an_empty_buffer_is_an_empty_string);
    tcase_add_test(tc, take_hands_over_ownership_and_resets_the_buffer);
    tcase_add_test(tc, free_releases_and_may_be_repeated);
    tcase_add_test(tc, failed_allocation_is_sticky_and_take_returns_null);
    suite_add_tcase(s, tc);
    return s;
}
