/*
 * The scalar parsers every path, query and body value goes through (domain/validate.c,
 * nip.c, workdays.c, digest.c, evidence.c, cursor.c): dates, UUIDs, integers, UTF-8 and
 * control characters, JSON nesting, unit codes, request ids, the programme's date rule, NIP,
 * working-day dates, hex, base64url, evidence file names and score-sheet numbers (a JSON
 * number with at most two decimals) — each on the same input. Where
 * two parsers must agree they are checked against each other: a date parse_date accepts is
 * one wd_parse accepts and wd_format spells back identically; an accepted UUID comes out
 * in lowercase; an accepted NIP is 18 digits whose first eight are a date.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cursor.h"
#include "domain/digest.h"
#include "domain/evidence.h"
#include "domain/lke.h"
#include "domain/nip.h"
#include "domain/validate.h"
#include "domain/workdays.h"
#include "fuzz.h"

static void dates(const char *s)
{
    int y, m, d;
    wd_day day;
    int ok = parse_date(s, &y, &m, &d) == 0;
    if (ok != (wd_parse(s, &day) == 0))
        abort();
    if (ok) {
        char back[11];
        wd_format(day, back);
        if (strcmp(back, s) != 0 || wd_year(day) != y)
            abort();
        (void)wd_weekday(day);
    }
    (void)date_rule_violation(s, "2026-03-01", 2026);
    (void)date_rule_violation(s, NULL, 0);
}

static void uuids(const char *s)
{
    char out[37];
    if (parse_uuid(s, out) != 0)
        return;
    for (size_t i = 0; i < 36; i++) {
        if (out[i] != tolower((unsigned char)s[i]))
            abort();
    }
}

static void nips(const char *s)
{
    nip_status st = nip_check(s);
    (void)nip_status_name(st);
    if (st == NIP_OK) {
        char date[11] = {s[0], s[1], s[2], s[3], '-', s[4], s[5], '-', s[6], s[7], '\0'};
        int y, m, d;
        if (strlen(s) != 18 || parse_date(date, &y, &m, &d) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    char *s = fuzz_strndup(data, n);
    (void)utf8_valid((const char *)data, n);
    (void)json_nesting_depth((const char *)data, n, ZI_MAX_JSON_DEPTH);
    (void)utf8_length(s);
    (void)has_control_chars(s, 0);
    (void)has_control_chars(s, 1);
    dates(s);
    uuids(s);
    nips(s);
    long v;
    (void)parse_long(s, 1, ZI_PAGE_MAX, &v);
    (void)parse_long(s, -(1L << 62), 1L << 62, &v);
    (void)parse_long(s, 0, 0x7fffffffL, &v);
    (void)unit_code_valid(s);
    (void)request_id_valid(s);
    (void)evidence_filename_valid(s);
    unsigned char bytes[32];
    (void)hex_decode(s, bytes, sizeof bytes);
    (void)hex_decode(s, bytes, 1);
    unsigned char raw[256];
    (void)b64url_decode(s, raw, sizeof raw);
    json_t *number = json_loadb((const char *)data, n, JSON_DECODE_ANY, NULL);
    if (number && lke_centi(number, &v) == 0 && (v > 100000000L || v < -100000000L))
        abort();
    json_decref(number);
    free(s);
    return 0;
}
