/*
 * test_messages.c — the bilingual texts of domain/messages.h: language negotiation from
 * Accept-Language, problem titles and slugs, detail and field-error templates, and the
 * template renderer.
 */
#include <string.h>

#include "domain/messages.h"
#include "suites.h"

/* ---- Accept-Language --------------------------------------------------------------- */

static const struct {
    const char *header;
    zi_lang expected;
} accept_language[] = {
    {"en", ZI_LANG_EN},
    {"id", ZI_LANG_ID},
    {"EN", ZI_LANG_EN},
    {"en-GB", ZI_LANG_EN},
    {"en-US", ZI_LANG_EN},
    {"id-ID", ZI_LANG_ID},
    {"in", ZI_LANG_ID},                       /* the withdrawn code for Indonesian */
    {"ind", ZI_LANG_ID},
    {"*", ZI_LANG_ID},
    /* Indonesian is also the default, so these prove each spelling is recognised */
    {"en;q=0.5, id", ZI_LANG_ID},
    {"en;q=0.5, ID-id", ZI_LANG_ID},
    {"en;q=0.5, in", ZI_LANG_ID},
    {"en;q=0.5, ind", ZI_LANG_ID},
    {"en;q=0.5, *", ZI_LANG_ID},
    {"en;q=0.5, fr", ZI_LANG_EN},
    {"", ZI_LANG_ID},
    {"fr", ZI_LANG_ID},                       /* unsupported → default */
    {"fr, en;q=0.1", ZI_LANG_EN},             /* any supported beats the default */
    {"id;q=0.5, en;q=0.8", ZI_LANG_EN},       /* q-values decide */
    {"en;q=0.5, id;q=0.8", ZI_LANG_ID},
    {"en;q=0.8, id", ZI_LANG_ID},             /* no q means 1 */
    {"en-GB,en;q=0.9,id;q=0.8", ZI_LANG_EN},
    {"id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7", ZI_LANG_ID},
    {"en, id", ZI_LANG_EN},                   /* ties: the first listed wins */
    {"id, en", ZI_LANG_ID},
    {"en;q=0.5, id;q=0.5", ZI_LANG_EN},
    {"id;q=0.5, en;q=0.5", ZI_LANG_ID},
    {"en;q=0.500, id;q=0.5", ZI_LANG_EN},
    {"en;q=0", ZI_LANG_ID},                   /* q=0 means "not acceptable" */
    {"en;q=0.000", ZI_LANG_ID},
    {"en;q=0.0, fr", ZI_LANG_ID},
    {"*;q=0.5, en;q=0.4", ZI_LANG_ID},        /* * stands for Indonesian */
    {"*;q=0.4, en;q=0.5", ZI_LANG_EN},
    {"en;q=0.5, id;q=0.45", ZI_LANG_EN},      /* 0.5 is 0.500, more than 0.450 */
    {"id;q=0.9, en;q=0.85", ZI_LANG_ID},
    {"en;q=0.001", ZI_LANG_EN},
    {"en;q=1", ZI_LANG_EN},
    {"en;q=1.000", ZI_LANG_EN},
    {"en ; q=0.7 , id ; q=0.6", ZI_LANG_EN},  /* optional whitespace */
    {"en;Q=0.7, id;q=0.6", ZI_LANG_EN},
    {"en;q=1.5", ZI_LANG_ID},                 /* malformed weights make the range ignored */
    {"en;q=2", ZI_LANG_ID},
    {"en;q=-1", ZI_LANG_ID},
    {"en;q=abc", ZI_LANG_ID},
    {"en;q=0.5x", ZI_LANG_ID},
    {"en;q=0.1234", ZI_LANG_ID},              /* at most three decimals */
    {"en;q=", ZI_LANG_ID},
    {"en;q=.5", ZI_LANG_ID},
    {"english", ZI_LANG_ID},
    {"eng", ZI_LANG_ID},
    {"e", ZI_LANG_ID},
    {"en_US", ZI_LANG_ID},
    {";;;,,,", ZI_LANG_ID},
    {",,en", ZI_LANG_EN},
    {"q=1", ZI_LANG_ID},
    {"\xff\xfe", ZI_LANG_ID},
};

START_TEST(accept_language_picks_the_highest_q_first_on_ties)
{
    ck_assert_msg(msg_pick_language(accept_language[_i].header) == accept_language[_i].expected,
                  "Accept-Language: \"%s\" should give %s", accept_language[_i].header,
                  accept_language[_i].expected == ZI_LANG_EN ? "en" : "id");
}
END_TEST

START_TEST(accept_language_absent_means_indonesian)
{
    ck_assert_int_eq(msg_pick_language(NULL), ZI_LANG_ID);
}
END_TEST

/* ---- titles, slugs, statuses ------------------------------------------------------- */

static const struct {
    zi_result r;
    int status;
    const char *slug;
} results[] = {
    {ZI_OK, 200, "ok"},
    {ZI_E_INVALID, 400, "invalid-request"},
    {ZI_E_MALFORMED, 400, "malformed-json"},
    {ZI_E_UNAUTHORIZED, 401, "unauthorized"},
    {ZI_E_FORBIDDEN, 403, "forbidden"},
    {ZI_E_NOT_FOUND, 404, "not-found"},
    {ZI_E_METHOD, 405, "method-not-allowed"},
    {ZI_E_CONFLICT, 409, "conflict"},
    {ZI_E_PRECONDITION_FAILED, 412, "precondition-failed"},
    {ZI_E_TOO_LARGE, 413, "payload-too-large"},
    {ZI_E_MEDIA_TYPE, 415, "unsupported-media-type"},
    {ZI_E_UNPROCESSABLE, 422, "unprocessable"},
    {ZI_E_PRECONDITION_REQUIRED, 428, "precondition-required"},
    {ZI_E_RATE_LIMITED, 429, "rate-limited"},
    {ZI_E_UNAVAILABLE, 503, "service-unavailable"},
    {ZI_E_INTERNAL, 500, "internal"},
};

START_TEST(every_result_is_listed_once_in_this_table)
{
    /* A new code must be added to the table above. */
    ck_assert_int_eq(N_ROWS(results), ZI_RESULT__COUNT);
    for (int i = 0; i < N_ROWS(results); i++)
        ck_assert_int_eq(results[i].r, i);
}
END_TEST

START_TEST(every_result_has_a_title_in_both_languages_and_a_slug)
{
    zi_result r = results[_i].r;
    const char *id = msg_title(r, ZI_LANG_ID), *en = msg_title(r, ZI_LANG_EN);
    ck_assert_ptr_nonnull(id);
    ck_assert_ptr_nonnull(en);
    ck_assert_uint_gt(strlen(id), 0);
    ck_assert_uint_gt(strlen(en), 0);
    ck_assert_str_ne(id, en);
    ck_assert_str_eq(msg_problem_slug(r), results[_i].slug);
    ck_assert_int_eq(msg_http_status(r), results[_i].status);
    /* slugs are URN tails: lowercase letters and dashes */
    const char *slug = msg_problem_slug(r);
    ck_assert_uint_eq(strspn(slug, "abcdefghijklmnopqrstuvwxyz-"), strlen(slug));
}
END_TEST

START_TEST(problem_slugs_and_titles_are_unique)
{
    for (int i = 0; i < N_ROWS(results); i++) {
        for (int j = 0; j < i; j++) {
            ck_assert_str_ne(msg_problem_slug(results[i].r), msg_problem_slug(results[j].r));
            ck_assert_str_ne(msg_title(results[i].r, ZI_LANG_ID), msg_title(results[j].r, ZI_LANG_ID));
            ck_assert_str_ne(msg_title(results[i].r, ZI_LANG_EN), msg_title(results[j].r, ZI_LANG_EN));
        }
    }
}
END_TEST

/* ---- templates --------------------------------------------------------------------- */



START_TEST(every_field_error_code_has_distinct_indonesian_and_english_messages)
{
    const char *generic_id = msg_field_template("no-such-code", ZI_LANG_ID);
    const char *generic_en = msg_field_template("no-such-code", ZI_LANG_EN);
    size_t n = 0;
    const char *code;
    for (size_t i = 0; (code = msg_field_code(i)) != NULL; i++, n++) {
        const char *const *c = &code;
        const char *id = msg_field_template(*c, ZI_LANG_ID), *en = msg_field_template(*c, ZI_LANG_EN);
        ck_assert_msg(id && *id, "%s: empty Indonesian message", *c);
        ck_assert_msg(en && *en, "%s: empty English message", *c);
        ck_assert_msg(strcmp(id, en) != 0, "%s: Indonesian and English are the same: %s", *c, id);
        ck_assert_msg(strcmp(id, generic_id) != 0 && strcmp(en, generic_en) != 0,
                      "%s: falls back to the generic message", *c);
        ck_assert_msg(msg_placeholders(id) == msg_placeholders(en), "%s: the two languages use different placeholders",
                      *c);
        ck_assert_msg((msg_placeholders(id) & 8u) == 0, "%s: unknown placeholder", *c);
    }
    ck_assert_uint_ge(n, 20);
}
END_TEST

/* Every code the validators emit is one of the documented codes. */
static const char *const emitted_codes[] = {
    "required",  "unknown_field",  "read_only",   "invalid_type",      "too_long",
    "too_short", "out_of_range",   "invalid_format", "invalid_value", "control_character",
    "empty_patch", "invalid_utf8", "duplicate_key", "nul_character",   "too_deep",
    "not_found", "archived",       "duplicate",   "cycle",
};

START_TEST(codes_emitted_by_the_server_have_messages)
{
    int found = 0;
    const char *code;
    for (size_t i = 0; (code = msg_field_code(i)) != NULL; i++)
        found |= strcmp(code, emitted_codes[_i]) == 0;
    ck_assert_msg(found, "%s has no message", emitted_codes[_i]);
}
END_TEST

START_TEST(unknown_field_code_gets_a_generic_message_in_both_languages)
{
    const char *id = msg_field_template("no-such-code", ZI_LANG_ID);
    const char *en = msg_field_template("no-such-code", ZI_LANG_EN);
    ck_assert_uint_gt(strlen(id), 0);
    ck_assert_uint_gt(strlen(en), 0);
    ck_assert_str_ne(id, en);
}
END_TEST

START_TEST(every_detail_message_exists_in_both_languages)
{
    zi_msg m = msg_core_details[_i];
    ck_assert_int_eq(msg_text_check(m), 0);
    const char *id = msg_detail_template(m, ZI_LANG_ID), *en = msg_detail_template(m, ZI_LANG_EN);
    ck_assert_msg(id && *id, "message %d: empty Indonesian", _i + 1);
    ck_assert_msg(en && *en, "message %d: empty English", _i + 1);
    ck_assert_msg(strcmp(id, en) != 0, "message %d: same text in both languages", _i + 1);
    ck_assert_msg(msg_placeholders(id) == msg_placeholders(en), "message %d: different placeholders", _i + 1);
    ck_assert_msg((msg_placeholders(id) & 8u) == 0, "message %d: unknown placeholder", _i + 1);
}
END_TEST

START_TEST(detail_outside_the_table_is_empty)
{
    ck_assert_str_eq(msg_detail_template(MSG_NONE, ZI_LANG_ID), "");
    ck_assert_str_eq(msg_detail_template(MSG_NONE, ZI_LANG_EN), "");
    static const zi_text half[1] = {{"ada", NULL}};
    ck_assert_str_eq(msg_detail_template(half, ZI_LANG_EN), "");
    ck_assert_int_ne(msg_text_check(half), 0);
    ck_assert_int_ne(msg_text_check(MSG_NONE), 0);
}
END_TEST

/* ---- rendering --------------------------------------------------------------------- */

static const struct {
    const char *tmpl;
    long a, b;
    const char *s;
    const char *expected;
} renders[] = {
    {"Harus antara {a} dan {b}.", 0, 100000, NULL, "Harus antara 0 dan 100000."},
    {"{b} {a} {b}", 1, 2, NULL, "2 1 2"},
    {"{a}", -42, 0, NULL, "-42"},
    {"{a}", ZT_LONG_MIN, 0, NULL, "-9223372036854775808"},
    {"Metode {s} tidak diizinkan", 0, 0, "TRACE", "Metode TRACE tidak diizinkan"},
    {"[{s}]", 0, 0, NULL, "[]"},                      /* NULL string renders as nothing */
    {"[{s}]", 0, 0, "{a}", "[{a}]"},                  /* inserted text is not expanded again */
    {"{x} {} {a", 7, 0, NULL, "{x} {} {a"},           /* not placeholders: copied */
    {"{", 0, 0, NULL, "{"},
    {"{{a}}", 5, 0, NULL, "{5}"},
    {"no placeholders", 1, 2, "s", "no placeholders"},
    {"", 1, 2, "s", ""},
    {"caf\xc3\xa9 {s}", 0, 0, "\xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac"},
};

START_TEST(render_substitutes_a_b_and_s)
{
    char out[128];
    msg_render(out, sizeof out, renders[_i].tmpl, renders[_i].a, renders[_i].b, renders[_i].s);
    ck_assert_str_eq(out, renders[_i].expected);
}
END_TEST

static const struct {
    size_t cap;
    const char *tmpl;
    long a;
    const char *s;
    const char *expected;
} truncations[] = {
    {1, "abc", 0, NULL, ""},
    {2, "abc", 0, NULL, "a"},
    {4, "abc", 0, NULL, "abc"},
    {5, "abcdefgh", 0, NULL, "abcd"},
    {4, "x{a}", 12345, NULL, "x12"},         /* cut inside a number */
    {6, "{s}!", 0, "abcdefgh", "abcde"},     /* cut inside the string */
    {6, "ab{a}cd", 1, NULL, "ab1cd"},
    {3, "{a}{a}", 1, NULL, "11"},
};

START_TEST(render_truncates_to_the_buffer_and_terminates)
{
    char out[32];
    memset(out, '#', sizeof out);
    size_t cap = truncations[_i].cap;
    ck_assert_ptr_eq(msg_render(out, cap, truncations[_i].tmpl, truncations[_i].a, 0, truncations[_i].s), out);
    ck_assert_str_eq(out, truncations[_i].expected);
    ck_assert_int_eq(out[cap], '#'); /* nothing written past cap */
}
END_TEST

START_TEST(render_with_zero_capacity_writes_nothing)
{
    char out[4] = "###";
    msg_render(out, 0, "abc", 0, 0, NULL);
    ck_assert_str_eq(out, "###");
}
END_TEST

START_TEST(render_of_every_template_fits_a_problem_detail)
{
    /* with the largest numbers and a long hint, every template still renders in 512 bytes */
    char out[512], hint[200];
    memset(hint, 'h', sizeof hint - 1);
    hint[sizeof hint - 1] = '\0';
    for (const zi_msg *m = msg_core_details; *m; m++) {
        for (int l = 0; l < 2; l++) {
            msg_render(out, sizeof out, msg_detail_template(*m, (zi_lang)l), ZT_LONG_MIN, ZT_LONG_MIN, hint);
            ck_assert_uint_lt(strlen(out), sizeof out - 1);
        }
    }
}
END_TEST

static int count_core_details(void)
{
    int n = 0;
    while (msg_core_details[n])
        n++;
    return n;
}

Suite *messages_suite(void)
{
    const int N_CORE_DETAILS = count_core_details();
    Suite *s = suite_create("messages");
    TCase *tc = tcase_create("language");
    tcase_add_loop_test(tc, accept_language_picks_the_highest_q_first_on_ties, 0, N_ROWS(accept_language));
    tcase_add_test(tc, accept_language_absent_means_indonesian);
    suite_add_tcase(s, tc);

    tc = tcase_create("titles");
    tcase_add_test(tc, every_result_is_listed_once_in_this_table);
    tcase_add_loop_test(tc, every_result_has_a_title_in_both_languages_and_a_slug, 0, N_ROWS(results));
    tcase_add_test(tc, problem_slugs_and_titles_are_unique);
    suite_add_tcase(s, tc);

    tc = tcase_create("templates");
    tcase_add_test(tc, every_field_error_code_has_distinct_indonesian_and_english_messages);
    tcase_add_loop_test(tc, codes_emitted_by_the_server_have_messages, 0, N_ROWS(emitted_codes));
    tcase_add_test(tc, unknown_field_code_gets_a_generic_message_in_both_languages);
    tcase_add_loop_test(tc, every_detail_message_exists_in_both_languages, 0, N_CORE_DETAILS);
    tcase_add_test(tc, detail_outside_the_table_is_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("render");
    tcase_add_loop_test(tc, render_substitutes_a_b_and_s, 0, N_ROWS(renders));
    tcase_add_loop_test(tc, render_truncates_to_the_buffer_and_terminates, 0, N_ROWS(truncations));
    tcase_add_test(tc, render_with_zero_capacity_writes_nothing);
    tcase_add_test(tc, render_of_every_template_fits_a_problem_detail);
    suite_add_tcase(s, tc);
    return s;
}
