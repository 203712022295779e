/*
 * test_cursor.c — base64url (RFC 4648 §5, unpadded) and the opaque keyset cursors of
 * domain/cursor.h. Allocated cursors are freed before any assertion, so a failing test
 * leaks nothing under CK_FORK=no.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/cursor.h"
#include "zi_limits.h"
#include "suites.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* ---- base64url --------------------------------------------------------------------- */

static const struct {
    const char *plain;
    const char *encoded;
} b64_vectors[] = {
    /* RFC 4648 §10, without padding */
    {"", ""},
    {"f", "Zg"},
    {"fo", "Zm8"},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg"},
    {"fooba", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy"},
    /* the two characters that differ from standard base64 */
    {"\xfb\xff", "-_8"},
    {"\xff\xff\xff", "____"},
    {"\xfb\xef\xbe", "----"},
};

START_TEST(b64url_matches_rfc4648_vectors_without_padding)
{
    char out[32];
    unsigned char back[32];
    const char *plain = b64_vectors[_i].plain;
    size_t n = strlen(plain);
    ck_assert_uint_eq(b64url_encode((const unsigned char *)plain, n, out), strlen(b64_vectors[_i].encoded));
    ck_assert_str_eq(out, b64_vectors[_i].encoded);
    ck_assert_int_eq(b64url_decode(b64_vectors[_i].encoded, back, sizeof back), (long)n);
    ck_assert_mem_eq(back, plain, n);
}
END_TEST

/* Every length 0..64 with bytes covering all 256 values round-trips, with the unpadded
 * length and only alphabet characters. */
START_TEST(b64url_round_trips_every_length_up_to_64)
{
    size_t n = (size_t)_i;
    unsigned char in[64], back[64];
    char out[4 * 22 + 1];
    for (size_t k = 0; k < n; k++)
        in[k] = (unsigned char)(k * 97 + n * 31 + 255 * (k & 1));
    size_t want = n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
    ck_assert_uint_eq(b64url_encode(in, n, out), want);
    ck_assert_uint_eq(strlen(out), want);
    ck_assert_uint_eq(strspn(out, alphabet), want);
    memset(back, 0xAA, sizeof back);
    ck_assert_int_eq(b64url_decode(out, back, sizeof back), (long)n);
    ck_assert_mem_eq(back, in, n);
}
END_TEST

START_TEST(b64url_round_trips_all_byte_values)
{
    unsigned char in[256], back[256];
    char out[4 * 86 + 1];
    for (int k = 0; k < 256; k++)
        in[k] = (unsigned char)k;
    b64url_encode(in, sizeof in, out);
    ck_assert_int_eq(b64url_decode(out, back, sizeof back), 256);
    ck_assert_mem_eq(back, in, sizeof in);
}
END_TEST

static const char *const b64_bad[] = {
    "Zg==",     /* padding */
    "Zm8=",
    "Zm9v=",
    "=",
    "Zm+v",     /* standard-alphabet characters */
    "Zm/v",
    "Zm9v YQ",  /* space */
    "Zm9v\n",
    "Zm.v",
    "Zm~v",
    "Z",        /* length 1 mod 4 can never be produced */
    "A",        /* … not even when the six bits are zero */
    "Zm9vY",
    "Zm9vA",
    "Zm9vYmFyZ",
    "Zm9vYmFyA",
    "Zh",       /* non-canonical: leftover bits not zero ("Zg" is canonical) */
    "Zm9",      /* "Zm8" is canonical */
    "Zm9vYh",
    "Zm9vYmF",
    "Zm\xc3\xa9", /* non-ASCII */
};

START_TEST(b64url_rejects_invalid_characters_padding_and_noncanonical_bits)
{
    unsigned char out[64];
    ck_assert_msg(b64url_decode(b64_bad[_i], out, sizeof out) == -1, "accepted \"%s\"", b64_bad[_i]);
}
END_TEST

START_TEST(b64url_decode_never_writes_past_cap)
{
    unsigned char out[8];
    memset(out, 0x5A, sizeof out);
    ck_assert_int_eq(b64url_decode("Zm9vYmFy", out, 5), -1); /* needs 6 */
    ck_assert_int_eq(out[5], 0x5A);
    ck_assert_int_eq(b64url_decode("Zm9vYmFy", out, 6), 6);
    ck_assert_int_eq(out[6], 0x5A);
}
END_TEST

/* ---- cursors ----------------------------------------------------------------------- */

#define ID1 "4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c"

static const struct {
    const char *sort;
    const char *value;
} cursor_rows[] = {
    {"name", "Dinas Komunikasi dan Informatika"},
    {"-code", "DISKOMINFO"},
    {"created_at", "1717171717000000"},
    {"name", ""},
    {"name", "quote \" backslash \\ slash / tab \t newline \n"},
    {"name", "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
    {"name", "[\"name\",\"x\",\"" ID1 "\"]"},
};

START_TEST(cursor_round_trips_sort_value_and_id)
{
    char *c = cursor_encode(cursor_rows[_i].sort, cursor_rows[_i].value, ID1);
    ck_assert_ptr_nonnull(c);
    char value[256] = "untouched", id[37] = "";
    int rc = cursor_decode(c, cursor_rows[_i].sort, value, sizeof value, id);
    size_t alpha = strspn(c, alphabet), len = strlen(c);
    free(c);
    ck_assert_uint_eq(alpha, len); /* URL-safe as is */
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(value, cursor_rows[_i].value);
    ck_assert_str_eq(id, ID1);
}
END_TEST

START_TEST(cursor_made_for_another_sort_is_rejected)
{
    char *c = cursor_encode("name", "Dinas", ID1);
    ck_assert_ptr_nonnull(c);
    char value[64], id[37];
    int other = cursor_decode(c, "-name", value, sizeof value, id);
    int prefix = cursor_decode(c, "nam", value, sizeof value, id);
    int longer = cursor_decode(c, "name2", value, sizeof value, id);
    int same = cursor_decode(c, "name", value, sizeof value, id);
    free(c);
    ck_assert_int_ne(other, 0);
    ck_assert_int_ne(prefix, 0);
    ck_assert_int_ne(longer, 0);
    ck_assert_int_eq(same, 0);
}
END_TEST

START_TEST(cursor_id_is_returned_in_canonical_lowercase)
{
    char *c = cursor_encode("name", "x", "4B7E2A8C-3F1D-4E5A-9C6B-7D8E9F0A1B2C");
    ck_assert_ptr_nonnull(c);
    char value[8], id[37];
    int rc = cursor_decode(c, "name", value, sizeof value, id);
    free(c);
    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(id, ID1);
}
END_TEST

START_TEST(cursor_value_must_fit_the_callers_buffer)
{
    char *c = cursor_encode("name", "12345678", ID1); /* 8 characters + NUL = 9 */
    ck_assert_ptr_nonnull(c);
    char value[9], id[37];
    int too_small = cursor_decode(c, "name", value, 8, id);
    int exact = cursor_decode(c, "name", value, 9, id);
    free(c);
    ck_assert_int_ne(too_small, 0);
    ck_assert_int_eq(exact, 0);
    ck_assert_str_eq(value, "12345678");
}
END_TEST

/* Hand-made payloads: what a client could send after editing a cursor. */
static const char *const forged_payloads[] = {
    "[\"name\",\"x\"]",                               /* id missing */
    "[\"name\",\"x\",\"" ID1 "\",\"extra\"]",         /* one element too many */
    "[\"name\",\"x\",\"not-a-uuid\"]",
    "[\"name\",\"x\",\"" ID1 "0\"]",
    "[\"name\",5,\"" ID1 "\"]",                       /* value not a string */
    "[\"name\",null,\"" ID1 "\"]",
    "[null,\"x\",\"" ID1 "\"]",
    "{\"sort\":\"name\",\"value\":\"x\",\"id\":\"" ID1 "\"}",
    "\"name\"",
    "[\"name\",\"x\",\"" ID1 "\"]garbage",            /* trailing bytes */
    "[\"name\",\"x\",\"" ID1 "\"",                    /* truncated */
    "[\"name\",\"x\\u0000y\",\"" ID1 "\"]",           /* NUL inside the value */
    "",
};

START_TEST(cursor_with_forged_payload_is_rejected)
{
    const char *p = forged_payloads[_i];
    char enc[512], value[64], id[37];
    b64url_encode((const unsigned char *)p, strlen(p), enc);
    ck_assert_msg(cursor_decode(enc, "name", value, sizeof value, id) != 0, "accepted payload %s", p);
}
END_TEST

START_TEST(cursor_damaged_in_transit_is_rejected)
{
    char *c = cursor_encode("name", "Dinas", ID1);
    ck_assert_ptr_nonnull(c);
    size_t n = strlen(c);
    char buf[600], value[64], id[37];
    int fails[6];
    /* truncated by one and by four characters */
    memcpy(buf, c, n - 1);
    buf[n - 1] = '\0';
    fails[0] = cursor_decode(buf, "name", value, sizeof value, id);
    memcpy(buf, c, n - 4);
    buf[n - 4] = '\0';
    fails[1] = cursor_decode(buf, "name", value, sizeof value, id);
    /* standard base64 padding appended */
    memcpy(buf, c, n);
    memcpy(buf + n, "==", 3);
    fails[2] = cursor_decode(buf, "name", value, sizeof value, id);
    /* first character changed: the JSON no longer starts with [ */
    memcpy(buf, c, n + 1);
    buf[0] = buf[0] == 'A' ? 'B' : 'A';
    fails[3] = cursor_decode(buf, "name", value, sizeof value, id);
    /* a character outside the alphabet in the middle */
    memcpy(buf, c, n + 1);
    buf[n / 2] = '+';
    fails[4] = cursor_decode(buf, "name", value, sizeof value, id);
    /* a space appended (as a careless copy-paste would) */
    memcpy(buf, c, n);
    memcpy(buf + n, " ", 2);
    fails[5] = cursor_decode(buf, "name", value, sizeof value, id);
    free(c);
    for (int k = 0; k < 6; k++)
        ck_assert_msg(fails[k] != 0, "damage %d accepted", k);
}
END_TEST

START_TEST(cursor_longer_than_the_limit_is_rejected)
{
    char value[2048], id[37];
    char big[ZI_MAX_CURSOR_BYTES * 2];
    memset(value, 'v', 1600);
    value[1600] = '\0';
    char *c = cursor_encode("name", value, ID1);
    ck_assert_ptr_nonnull(c);
    size_t n = strlen(c);
    int rc = cursor_decode(c, "name", value, sizeof value, id);
    free(c);
    ck_assert_uint_gt(n, ZI_MAX_CURSOR_BYTES);
    ck_assert_int_ne(rc, 0);
    /* and a long run of valid alphabet characters must not overrun the decode buffer */
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_ne(cursor_decode(big, "name", value, sizeof value, id), 0);
}
END_TEST

START_TEST(cursor_rejects_null_and_empty)
{
    char value[8], id[37];
    ck_assert_int_ne(cursor_decode(NULL, "name", value, sizeof value, id), 0);
    ck_assert_int_ne(cursor_decode("", "name", value, sizeof value, id), 0);
}
END_TEST

Suite *cursor_suite(void)
{
    Suite *s = suite_create("cursor");
    TCase *tc = tcase_create("base64url");
    tcase_add_loop_test(tc, b64url_matches_rfc4648_vectors_without_padding, 0, N_ROWS(b64_vectors));
    tcase_add_loop_test(tc, b64url_round_trips_every_length_up_to_64, 0, 65);
    tcase_add_test(tc, b64url_round_trips_all_byte_values);
    tcase_add_loop_test(tc, b64url_rejects_invalid_characters_padding_and_noncanonical_bits, 0, N_ROWS(b64_bad));
    tcase_add_test(tc, b64url_decode_never_writes_past_cap);
    suite_add_tcase(s, tc);

    tc = tcase_create("cursor");
    tcase_add_loop_test(tc, cursor_round_trips_sort_value_and_id, 0, N_ROWS(cursor_rows));
    tcase_add_test(tc, cursor_made_for_another_sort_is_rejected);
    tcase_add_test(tc, cursor_id_is_returned_in_canonical_lowercase);
    tcase_add_test(tc, cursor_value_must_fit_the_callers_buffer);
    tcase_add_loop_test(tc, cursor_with_forged_payload_is_rejected, 0, N_ROWS(forged_payloads));
    tcase_add_test(tc, cursor_damaged_in_transit_is_rejected);
    tcase_add_test(tc, cursor_longer_than_the_limit_is_rejected);
    tcase_add_test(tc, cursor_rejects_null_and_empty);
    suite_add_tcase(s, tc);
    return s;
}
