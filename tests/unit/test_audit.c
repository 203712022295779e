/*
 * test_audit.c — the audit chain's arithmetic (domain/audit.c) and the SHA-256 / hex helpers
 * it rests on (domain/digest.c). The equality of the C canonical text with the SQL function
 * zi_audit_canonical is proven end to end by the API tests (a sound chain verifies).
 */
#include <string.h>

#include "domain/audit.h"
#include "domain/digest.h"
#include "suites.h"

#define N_RECORDS 5

/* A small sound chain: hashes[i] is record i's hash; records[i].seq = i + 1. */
typedef struct {
    audit_fields records[N_RECORDS];
    unsigned char prev[N_RECORDS][32];
    unsigned char hash[N_RECORDS][32];
} chain;

static void build_chain(chain *c)
{
    static const char *const actions[N_RECORDS] = {"unit.created", "unit.updated", "unit.archived",
                                                   "api_key.created", "api_key.revoked"};
    unsigned char prev[32] = {0};
    for (int i = 0; i < N_RECORDS; i++) {
        c->records[i] = (audit_fields){
            .seq = i + 1,
            .at = "2026-11-26T12:00:00.000001Z",
            .actor = i == 0 ? "-" : "8d3c53f5-851c-49b1-bb8d-06844a5b57b3",
            .action = actions[i],
            .resource_type = "unit",
            .resource_id = "4ec8897b-45b8-4a84-be68-b6262f38cab8",
            .personal = i == 3,
            .changes = "{\"name\": {\"after\": \"SDN Contoh\"}}",
        };
        memcpy(c->prev[i], prev, 32);
        ck_assert_int_eq(audit_hash(prev, &c->records[i], c->hash[i]), 0);
        memcpy(prev, c->hash[i], 32);
    }
}

/* Feeds records in order (skipping `skip`, -1 for none); returns the verdict after finish. */
static audit_verdict verify(const chain *c, int skip, long long head_seq, const unsigned char *head_hash)
{
    audit_verifier av;
    audit_verifier_init(&av);
    for (int i = 0; i < N_RECORDS; i++) {
        if (i == skip)
            continue;
        if (audit_verifier_feed(&av, &c->records[i], c->prev[i], c->hash[i]))
            break;
    }
    audit_verifier_finish(&av, head_seq, head_hash);
    return av.v;
}

START_TEST(sha256_matches_the_fips_180_test_vector)
{
    char hex[65];
    ck_assert_int_eq(sha256_hex("abc", 3, hex), 0);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unsigned char two[32], one[32];
    ck_assert_int_eq(sha256_two("ab", 2, "c", 1, two), 0);
    ck_assert_int_eq(sha256_two("abc", 3, NULL, 0, one), 0);
    ck_assert_mem_eq(one, two, 32);
}
END_TEST

START_TEST(hex_round_trips_and_accepts_the_bytea_prefix)
{
    unsigned char in[4] = {0x00, 0x7f, 0x80, 0xff}, out[4];
    char hex[9];
    hex_encode(in, 4, hex);
    ck_assert_str_eq(hex, "007f80ff");
    ck_assert_int_eq(hex_decode(hex, out, 4), 0);
    ck_assert_mem_eq(in, out, 4);
    ck_assert_int_eq(hex_decode("\\x007F80FF", out, 4), 0);
    ck_assert_mem_eq(in, out, 4);
    ck_assert_int_ne(hex_decode("007f80f", out, 4), 0);
    ck_assert_int_ne(hex_decode("007f80fg", out, 4), 0);
    ck_assert_int_eq(hex_digit('a'), 10);
    ck_assert_int_eq(hex_digit('G'), -1);
}
END_TEST

START_TEST(a_sound_chain_verifies_up_to_its_head)
{
    chain c;
    build_chain(&c);
    audit_verdict v = verify(&c, -1, N_RECORDS, c.hash[N_RECORDS - 1]);
    ck_assert(v.ok);
    ck_assert_int_eq(v.checked, N_RECORDS);
    ck_assert_int_eq(v.first_broken_seq, 0);
}
END_TEST

START_TEST(every_field_is_covered_by_the_hash)
{
    chain c;
    build_chain(&c);
    audit_fields edited[8];
    for (int k = 0; k < 8; k++)
        edited[k] = c.records[2];
    edited[0].seq = 9;
    edited[1].at = "2026-11-26T12:00:00.000002Z";
    edited[2].actor = "-";
    edited[3].action = "unit.updated";
    edited[4].resource_type = "api_key";
    edited[5].resource_id = "00000000-0000-0000-0000-000000000000";
    edited[6].personal = 1;
    edited[7].changes = "{\"name\": {\"after\": \"SDN Palsu\"}}";
    for (int k = 0; k < 8; k++) {
        unsigned char h[32];
        ck_assert_int_eq(audit_hash(c.prev[2], &edited[k], h), 0);
        ck_assert_msg(memcmp(h, c.hash[2], 32) != 0, "field %d is not covered by the hash", k);
    }
}
END_TEST

START_TEST(an_edited_record_breaks_the_chain_at_its_own_seq)
{
    chain c;
    build_chain(&c);
    c.records[2].changes = "{\"name\": {\"after\": \"forged\"}}";
    audit_verdict v = verify(&c, -1, N_RECORDS, c.hash[N_RECORDS - 1]);
    ck_assert(!v.ok);
    ck_assert_int_eq(v.first_broken_seq, 3);
    ck_assert_int_eq(v.checked, 2);
}
END_TEST

START_TEST(a_deleted_record_breaks_the_chain_at_the_missing_seq)
{
    chain c;
    build_chain(&c);
    audit_verdict v = verify(&c, 1, N_RECORDS, c.hash[N_RECORDS - 1]);
    ck_assert(!v.ok);
    ck_assert_int_eq(v.first_broken_seq, 2);
}
END_TEST

START_TEST(a_cut_tail_is_caught_by_the_head)
{
    chain c;
    build_chain(&c);
    audit_verifier av;
    audit_verifier_init(&av);
    for (int i = 0; i < N_RECORDS - 2; i++)
        ck_assert_int_eq(audit_verifier_feed(&av, &c.records[i], c.prev[i], c.hash[i]), 0);
    audit_verifier_finish(&av, N_RECORDS, c.hash[N_RECORDS - 1]);
    ck_assert(!av.v.ok);
    ck_assert_int_eq(av.v.first_broken_seq, N_RECORDS - 1);
}
END_TEST

START_TEST(a_replaced_head_hash_is_caught)
{
    chain c;
    build_chain(&c);
    unsigned char other[32];
    memcpy(other, c.hash[N_RECORDS - 1], 32);
    other[0] ^= 1;
    audit_verdict v = verify(&c, -1, N_RECORDS, other);
    ck_assert(!v.ok);
    ck_assert_int_eq(v.first_broken_seq, N_RECORDS);
}
END_TEST

START_TEST(a_record_pointing_at_the_wrong_predecessor_is_broken)
{
    chain c;
    build_chain(&c);
    c.prev[3][5] ^= 0x40;
    audit_verdict v = verify(&c, -1, N_RECORDS, c.hash[N_RECORDS - 1]);
    ck_assert(!v.ok);
    ck_assert_int_eq(v.first_broken_seq, 4);
}
END_TEST

Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("chain");
    tcase_add_test(tc, sha256_matches_the_fips_180_test_vector);
    tcase_add_test(tc, hex_round_trips_and_accepts_the_bytea_prefix);
    tcase_add_test(tc, a_sound_chain_verifies_up_to_its_head);
    tcase_add_test(tc, every_field_is_covered_by_the_hash);
    tcase_add_test(tc, an_edited_record_breaks_the_chain_at_its_own_seq);
    tcase_add_test(tc, a_deleted_record_breaks_the_chain_at_the_missing_seq);
    tcase_add_test(tc, a_cut_tail_is_caught_by_the_head);
    tcase_add_test(tc, a_replaced_head_hash_is_caught);
    tcase_add_test(tc, a_record_pointing_at_the_wrong_predecessor_is_broken);
    suite_add_tcase(s, tc);
    return s;
}
