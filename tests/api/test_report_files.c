/*
 * test_report_files.c — issue 11, slice B, through real HTTP against the spec of the slice:
 * evidence files of a gratification report, the KPK packet, the year's statistics in the
 * summaries (with small groups suppressed) and a unit's own, retention policies and erasure.
 *
 *   - evidence: each accepted type is stored as sent and returned byte for byte, its SHA-256
 *     (computed here, by this file's own implementation) as metadata, ETag and in the journal;
 *     the content decides the type (415 otherwise); file names are checked on the way in and
 *     sanitised on the way out; size, count and closed reports are limits; only the reporter,
 *     the UPG and admins reach the files, and each download is an access record;
 *   - the packet: only once the UPG has verified the report; every member of the spec, as JSON
 *     and as a `field,value` CSV with dotted names; each is an access record;
 *   - statistics: exact for admins and the UPG, small groups and their complements hidden for
 *     everyone else, never for a unit's own figures;
 *   - retention: the policies (admin only, If-Match, bounds), and a run that erases what is
 *     due — and nothing else — with the audit chain still verifying.
 *
 * Tests share one database with each other and with the other suites. Years: the statistics
 * tests count over 2021 (exact figures, with reports on 2020-12-31 and 2022-01-01 just
 * outside) and 2023 (suppression); the retention test files reports in 2019 and closes them
 * early in January 2019, before any other closed report, so that lowering keep_days to
 * "closed on or before that day" erases exactly what the test expects. No other suite files
 * reports received in 2019–2023; each test checks that its year is still untouched before it
 * counts. The retention test restores the policies it changes (and an unchecked teardown
 * restores them even when the test fails midway).
 */
#include "report_support.h"
#include "support.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define P_INVALID "urn:zi:problem:invalid-request"
#define P_CONFLICT "urn:zi:problem:conflict"
#define P_FORBIDDEN "urn:zi:problem:forbidden"
#define P_NOT_FOUND "urn:zi:problem:not-found"
#define P_UNAUTHORIZED "urn:zi:problem:unauthorized"
#define P_MEDIA_TYPE "urn:zi:problem:unsupported-media-type"
#define P_TOO_LARGE "urn:zi:problem:payload-too-large"
#define P_PRECONDITION_REQUIRED "urn:zi:problem:precondition-required"
#define P_PRECONDITION_FAILED "urn:zi:problem:precondition-failed"

#define THIRD_NIP "197903152006042003" /* valid: born 1979-03-15, appointed 2006-04, female, #003 */
#define OTHER_NIP "198001012005012001" /* valid: born 1980-01-01, appointed 2005-01, female, #001 */
#define REPORTS "/v1/gratification-reports"
#define ACCEPT_CSV "Accept: text/csv"
#define MAX_EVIDENCE_BYTES 5242880L

/* The states and kinds a statistics document counts (drafts are not counted). */
static const char *const COUNTED_STATES[] = {"submitted", "verifying",   "incomplete", "lapsed",
                                             "forwarded", "recorded",    "decided",    "handed_over",
                                             "social_aid", "returned_to_giver"};
enum { N_COUNTED_STATES = sizeof COUNTED_STATES / sizeof COUNTED_STATES[0] };
static const char *const KINDS[] = {"money", "goods",   "service", "facility", "discount",
                                    "loan",  "ticket",  "lodging", "food",     "other"};
enum { N_KINDS = sizeof KINDS / sizeof KINDS[0] };

/* ---- SHA-256 (FIPS 180-4), this file's own: the server's hashes are checked against it ---- */

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t bits;
    unsigned char block[64];
    size_t used;
} sha256_ctx;

static const uint32_t SHA256_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(sha256_ctx *c, const unsigned char *p)
{
    uint32_t w[64];
    uint32_t a, b, cc, d, e, f, g, h;

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i];
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));

        h = g, g = f, f = e, e = d + t1, d = cc, cc = b, b = a, a = t1 + t2;
    }
    c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
    c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

/* The SHA-256 of len bytes at data as 64 lowercase hexadecimal digits (out: 65 bytes). */
static void sha256_hex(const void *data, size_t len, char out[65])
{
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    sha256_ctx c;
    const unsigned char *p = data;
    unsigned char pad[128];
    size_t pad_len;

    memcpy(c.h, init, sizeof init);
    c.bits = (uint64_t)len * 8;
    for (; len >= 64; p += 64, len -= 64)
        sha256_block(&c, p);
    /* The tail, 0x80, zeros up to 56 mod 64, then the length in bits (big-endian). */
    memset(pad, 0, sizeof pad);
    memcpy(pad, p, len);
    pad[len] = 0x80;
    pad_len = len < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        pad[pad_len - 1 - (size_t)i] = (unsigned char)(c.bits >> (8 * i));
    sha256_block(&c, pad);
    if (pad_len == 128)
        sha256_block(&c, pad + 64);
    for (int i = 0; i < 8; i++)
        snprintf(out + 8 * i, 9, "%08x", c.h[i]);
}

/* The implementation above against FIPS 180-2's examples (and a multi-block input). */
static void sha256_self_check(void)
{
    static const struct {
        const char *in;
        const char *hex;
    } known[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"The quick brown fox jumps over the lazy dog",
         "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"},
    };
    char hex[65];
    char *million = malloc(1000000);

    if (!million)
        th_fail("out of memory");
    memset(million, 'a', 1000000);
    sha256_hex(million, 1000000, hex);
    free(million);
    if (strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") != 0)
        th_fail("this file's SHA-256 of a million 'a' is %s: fix the test's implementation", hex);

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        sha256_hex(known[i].in, strlen(known[i].in), hex);
        if (strcmp(hex, known[i].hex) != 0)
            th_fail("this file's SHA-256 of \"%s\" is %s, not %s: fix the test's implementation", known[i].in, hex,
                    known[i].hex);
    }
}

/* ---- dates -------------------------------------------------------------------------------- */

static void ymd_of(long z, char out[11])
{
    long era, doe, yoe, doy, mp;
    int y, m, d;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = (int)(doy - (153 * mp + 2) / 5 + 1);
    m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y = (int)(yoe + era * 400 + (m <= 2));
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* YYYY-MM-DD → day number; fails the test on anything else. */
static long day_of(const char *ymd)
{
    int y, m, d;

    if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
        th_fail("not a date: %s", ymd ? ymd : "(null)");
    return days_from_civil(y, m, d);
}

/* ---- requests (as tests/api/test_reports.c) ------------------------------------------------- */

static th_response *vcall(const char *method, const char *auth, const char *h1, const char *body, const char *fmt,
                          va_list ap) TH_PRINTF(5, 0);

static th_response *vcall(const char *method, const char *auth, const char *h1, const char *body, const char *fmt,
                          va_list ap)
{
    char *path = th_vformat(fmt, ap);
    const char *headers[3];
    size_t n = 0;
    th_response *r;

    if (auth)
        headers[n++] = auth;
    if (h1)
        headers[n++] = h1;
    headers[n] = NULL;
    r = th_request(method, path, body, headers);
    free(path);
    return r;
}

/* method path (fmt ...) as auth (NULL: no key) with one extra header h (NULL: none). */
static th_response *call(const char *method, const char *auth, const char *h, const char *body, const char *fmt,
                         ...) TH_PRINTF(5, 6);

static th_response *call(const char *method, const char *auth, const char *h, const char *body, const char *fmt, ...)
{
    va_list ap;
    th_response *r;

    va_start(ap, fmt);
    r = vcall(method, auth, h, body, fmt, ap);
    va_end(ap);
    return r;
}

/* GET (fmt ...) as auth, asserting 200 JSON; the body (new reference). */
static json_t *get_json(const char *auth, const char *fmt, ...) TH_PRINTF(2, 3);

static json_t *get_json(const char *auth, const char *fmt, ...)
{
    va_list ap;
    th_response *r;
    json_t *v;

    va_start(ap, fmt);
    r = vcall("GET", auth, NULL, NULL, fmt, ap);
    va_end(ap);
    if (r->status != 200 || !r->json)
        th_fail("GET %s: expected 200 JSON, got %s", r->target, th_describe(r));
    v = json_incref(r->json);
    th_response_free(r);
    return v;
}

/* Assert obj is an object with exactly the comma-separated members names. */
#define members_are(obj, names, what) members_are_at(__FILE__, __LINE__, (obj), (names), (what))

static void members_are_at(const char *file, int line, const json_t *obj, const char *names, const char *what)
{
    size_t n = 0;

    if (!json_is_object(obj))
        th_fail_at(file, line, "%s: not an object: %.1500s", what, dump(obj));
    for (const char *p = names; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char name[64];

        snprintf(name, sizeof name, "%.*s", (int)len, p);
        if (!json_object_get(obj, name))
            th_fail_at(file, line, "%s: member %s is missing: %.1500s", what, name, dump(obj));
        n++;
        p += len + (comma ? 1 : 0);
    }
    if (json_object_size(obj) != n)
        th_fail_at(file, line, "%s: exactly the members %s expected: %.1500s", what, names, dump(obj));
}

/* Every item of all pages of GET path_query (holding a '?') as auth; new reference. */
static json_t *list_all(const char *auth, const char *path_query)
{
    json_t *all = json_array();
    char *cursor = NULL;

    for (int page = 0;; page++) {
        char *target = cursor ? th_format("%s&cursor=%s", path_query, cursor) : th_format("%s", path_query);
        th_response *r = call("GET", auth, NULL, NULL, "%s", target);
        const char *next;

        if (r->status != 200)
            th_fail("GET %s: expected 200, got %s", target, th_describe(r));
        json_array_extend(all, (json_t *)tu_data(r));
        next = th_json_str(r->json, "next_cursor");
        if (next && (!th_header(r, "Link") || !strstr(th_header(r, "Link"), "next")))
            th_fail("%s: a page with next_cursor but no Link rel=\"next\": %s", target, th_describe(r));
        free(cursor);
        cursor = next ? th_urlencode(next) : NULL;
        th_response_free(r);
        free(target);
        if (!cursor)
            break;
        if (page > 1000)
            th_fail("%s: more than 1000 pages", path_query);
    }
    return all;
}

/* ---- people and reports ----------------------------------------------------------------- */

typedef struct world {
    tu_unit a, b;
    tu_key upg, evaluator, officer_a, officer_b, reporter, employee_a2, employee_b;
} world;

static void make_world(world *w)
{
    memset(w, 0, sizeof *w);
    tu_create_unit(&w->a, NULL);
    tu_create_unit(&w->b, NULL);
    tu_create_key(&w->upg, "upg", NULL, NULL);
    tu_create_key(&w->evaluator, "evaluator", NULL, NULL);
    tu_create_key(&w->officer_a, "unit_officer", w->a.id, NULL);
    tu_create_key(&w->officer_b, "unit_officer", w->b.id, NULL);
    tu_create_key(&w->reporter, "employee", w->a.id, TU_NIP);
    tu_create_key(&w->employee_a2, "employee", w->a.id, THIRD_NIP);
    tu_create_key(&w->employee_b, "employee", w->b.id, OTHER_NIP);
}

/* A reporter identity no other report carries. */
static void fresh_identity(report *rp)
{
    static unsigned long n;
    char tag[64];
    unsigned long mix = (unsigned long)time(NULL) + 7919UL * ++n;

    th_unique(tag, sizeof tag, "");
    snprintf(rp->nik, sizeof rp->nik, "37%06lu%08lu", (unsigned long)getpid() % 1000000UL, mix % 100000000UL);
    snprintf(rp->name, sizeof rp->name, "Pelapor Berkas %s", tag);
    snprintf(rp->address, sizeof rp->address, "Jl. Berkas Rahasia %s", tag);
    snprintf(rp->phone, sizeof rp->phone, "+62 813-%04lu-%04lu", (mix / 10000) % 10000, mix % 10000);
    snprintf(rp->position, sizeof rp->position, "Pengatur %s", tag);
}

/*
 * A createGratificationReport body for unit_id with a fresh identity (into rp): a receipt of
 * Rp1,500,000 in cash from a vendor, received 2026-03-17, job-related. extra (NULL: none) is a
 * JSON object merged over it; a member named "-x" removes member x instead.
 */
static json_t *report_body(report *rp, const char *unit_id, const char *extra)
{
    json_t *b;

    fresh_identity(rp);
    b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b}",
                  "unit_id", unit_id, "type", "receipt", "reporter_nik", rp->nik, "reporter_name", rp->name,
                  "reporter_address", rp->address, "reporter_phone", rp->phone, "reporter_position", rp->position,
                  "giver_name", "[Uji] PT Pemberi Berkas", "giver_relationship", "vendor", "kind", "money",
                  "description", "[Uji] uang tunai", "value_idr", (json_int_t)1500000, "received_on", "2026-03-17",
                  "place", "[Uji] kantor", "occasion", "service", "chronology", "[Uji] pemberi datang ke kantor",
                  "job_related", 1);
    if (!b)
        th_fail("json_pack failed");
    if (extra) {
        json_error_t err;
        json_t *x = json_loads(extra, 0, &err);
        const char *key;
        json_t *v;
        void *tmp;

        if (!json_is_object(x))
            th_fail("report_body: bad extra %s: %s", extra, err.text);
        json_object_foreach_safe(x, tmp, key, v) {
            if (key[0] == '-')
                json_object_del(b, key + 1);
            else
                json_object_set(b, key, v);
        }
        json_decref(x);
    }
    return b;
}

/* File a report as auth (asserting 201 and state draft) into rp; its JSON (new reference). */
static json_t *file_json(report *rp, const char *auth, const char *unit_id, const char *extra)
{
    json_t *body = report_body(rp, unit_id, extra);
    th_response *r = th_request_json("POST", REPORTS, body, (const char *const[]){auth, NULL});
    json_t *v;

    json_decref(body);
    if (r->status != 201 || !th_is_uuid(th_json_str(r->json, "id")))
        th_fail("filing a report: expected 201 with an id, got %s", th_describe(r));
    snprintf(rp->id, sizeof rp->id, "%s", th_json_str(r->json, "id"));
    str_is(r->json, "state", "draft", "a new report");
    rp->version = (long)th_json_int(r->json, "version");
    v = json_incref(r->json);
    th_response_free(r);
    return v;
}

static void file_report(report *rp, const char *auth, const char *unit_id, const char *extra)
{
    json_decref(file_json(rp, auth, unit_id, extra));
}

/* A transition that must succeed, as auth with If-Match of rp's version; members is "" or
 * members starting with ','. Asserts 200 and the new state; the report (new reference). */
#define step_json(auth, rp, to, members) step_json_at(__FILE__, __LINE__, (auth), (rp), (to), (members))

static json_t *step_json_at(const char *file, int line, const char *auth, report *rp, const char *to,
                            const char *members)
{
    char *body = th_format("{\"to\":\"%s\"%s}", to, members ? members : "");
    char im[48];
    th_response *r;
    json_t *v;

    snprintf(im, sizeof im, "If-Match: \"%ld\"", rp->version);
    r = call("POST", auth, im, body, REPORTS "/%s/transitions", rp->id);
    free(body);
    if (r->status != 200)
        th_fail_at(file, line, "transition to %s: expected 200, got %s", to, th_describe(r));
    str_is_at(file, line, r->json, "state", to, "the transitioned report");
    rp->version = (long)th_json_int(r->json, "version");
    v = json_incref(r->json);
    th_response_free(r);
    return v;
}

#define step(auth, rp, to, members) json_decref(step_json_at(__FILE__, __LINE__, (auth), (rp), (to), (members)))

/* Walk rp (filed, draft, received on received) to state by the admin through the steps of the
 * slice-A table, the n-th step (from 0) on received + n days (occurred_on). outcome: for decided
 * and handed_over. A lapse needs the incomplete_lapse deadline overdue: the dates must be old. */
static void walk_to(report *rp, const char *received, const char *state, const char *outcome)
{
    const char *path[8];
    size_t n = 0;
    long day = day_of(received);

    if (strcmp(state, "draft") == 0)
        return;
    path[n++] = "submitted";
    if (strcmp(state, "submitted") != 0)
        path[n++] = "verifying";
    if (strcmp(state, "incomplete") == 0 || strcmp(state, "lapsed") == 0)
        path[n++] = "incomplete";
    if (strcmp(state, "lapsed") == 0)
        path[n++] = "lapsed";
    if (strcmp(state, "forwarded") == 0 || strcmp(state, "decided") == 0 || strcmp(state, "handed_over") == 0)
        path[n++] = "forwarded";
    if (strcmp(state, "decided") == 0 || strcmp(state, "handed_over") == 0)
        path[n++] = "decided";
    if (strcmp(state, "handed_over") == 0 || strcmp(state, "recorded") == 0 || strcmp(state, "social_aid") == 0 ||
        strcmp(state, "returned_to_giver") == 0)
        path[n++] = state;
    for (size_t i = 0; i < n; i++) {
        char on[11];
        char *members;

        ymd_of(day + (long)i, on);
        if (strcmp(path[i], "incomplete") == 0 || strcmp(path[i], "social_aid") == 0 ||
            strcmp(path[i], "returned_to_giver") == 0)
            members = th_format(",\"occurred_on\":\"%s\",\"note\":\"[Uji] catatan\"", on);
        else if (strcmp(path[i], "forwarded") == 0)
            members = th_format(",\"occurred_on\":\"%s\",\"gol_reference\":\"[Uji] GOL-%s\"", on, on);
        else if (strcmp(path[i], "decided") == 0)
            members = th_format(",\"occurred_on\":\"%s\",\"kpk_letter_number\":\"[Uji] B/%s\","
                                "\"kpk_letter_date\":\"%s\",\"outcome\":\"%s\"",
                                on, on, on, outcome ? outcome : "state_property");
        else if (strcmp(path[i], "lapsed") == 0)
            members = th_format("%s", ""); /* today: the lapse deadline is long overdue */
        else
            members = th_format(",\"occurred_on\":\"%s\"", on);
        step(th_admin_auth(), rp, path[i], members);
        free(members);
    }
}

/* The accesses of a report (all pages, as the admin); new reference. */
static json_t *accesses_of(const char *report_id)
{
    char *q = th_format(REPORTS "/%s/accesses?limit=200", report_id);
    json_t *all = list_all(th_admin_auth(), q);

    free(q);
    return all;
}

/* ---- evidence files ----------------------------------------------------------------------- */

/* A file to upload: its bytes (owned) and what the server must say of it. */
typedef struct efile {
    unsigned char *data;
    size_t len;
    const char *media_type;
    char sha[65];
} efile;

/* A tiny efile of media type kind ("jpeg", "png", "webp", "pdf", "text") with the right magic
 * numbers (or, for "text", none), unique to this call: a tag follows the header. */
static void make_file(efile *f, const char *kind)
{
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F', 'I', 'F', 0x00,
                                         0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xfe};
    static const unsigned char png[] = {0x89, 'P',  'N',  'G',  '\r', '\n', 0x1a, '\n', 0x00, 0x00, 0x00,
                                        0x0d, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                        0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89};
    static const unsigned char webp[] = {'R', 'I', 'F', 'F', 0x24, 0x00, 0x00, 0x00, 'W',  'E',  'B', 'P',
                                         'V', 'P', '8', 'L', 0x0d, 0x00, 0x00, 0x00, 0x2f, 0x00, 0x00, 0x00};
    static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n";
    static const char text[] = "Ini bukan gambar, hanya teks biasa.\n";
    const unsigned char *head;
    size_t head_len;
    char tag[64];
    size_t tag_len;

    th_unique(tag, sizeof tag, " zt-evidence-");
    tag_len = strlen(tag);
    if (strcmp(kind, "jpeg") == 0)
        head = jpeg, head_len = sizeof jpeg, f->media_type = "image/jpeg";
    else if (strcmp(kind, "png") == 0)
        head = png, head_len = sizeof png, f->media_type = "image/png";
    else if (strcmp(kind, "webp") == 0)
        head = webp, head_len = sizeof webp, f->media_type = "image/webp";
    else if (strcmp(kind, "pdf") == 0)
        head = (const unsigned char *)pdf, head_len = sizeof pdf - 1, f->media_type = "application/pdf";
    else
        head = (const unsigned char *)text, head_len = sizeof text - 1, f->media_type = "text/plain";
    f->len = head_len + tag_len;
    f->data = malloc(f->len);
    if (!f->data)
        th_fail("out of memory");
    memcpy(f->data, head, head_len);
    memcpy(f->data + head_len, tag, tag_len);
    sha256_hex(f->data, f->len, f->sha);
}

/* A file of exactly len bytes: the PNG signature and header, then filler. */
static void make_sized_png(efile *f, size_t len)
{
    static const unsigned char sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0x00, 0x00, 0x00, 0x0d};

    f->len = len;
    f->data = malloc(len);
    if (!f->data)
        th_fail("out of memory");
    for (size_t i = 0; i < len; i++)
        f->data[i] = (unsigned char)(i * 131u + 7u);
    memcpy(f->data, sig, len < sizeof sig ? len : sizeof sig);
    f->media_type = "image/png";
    sha256_hex(f->data, f->len, f->sha);
}

static void free_file(efile *f)
{
    free(f->data);
    f->data = NULL;
}

/* POST the bytes as auth to the report's evidence with Content-Type content_type (NULL: none)
 * and the query filename (NULL: none; percent-encoded here). Owned response. */
static th_response *upload_raw(const char *auth, const char *report_id, const char *content_type, const void *data,
                               size_t len, const char *filename)
{
    char *enc = filename ? th_urlencode(filename) : NULL;
    char *path = enc ? th_format(REPORTS "/%s/evidence?filename=%s", report_id, enc)
                     : th_format(REPORTS "/%s/evidence", report_id);
    char *ct = content_type ? th_format("Content-Type: %s", content_type) : NULL;
    const char *headers[3];
    size_t n = 0;
    th_response *r;

    if (auth)
        headers[n++] = auth;
    if (ct)
        headers[n++] = ct;
    headers[n] = NULL;
    r = th_request_bytes("POST", path, (const char *)data, len, headers);
    free(ct);
    free(path);
    free(enc);
    return r;
}

static th_response *upload(const char *auth, const char *report_id, const efile *f, const char *filename)
{
    return upload_raw(auth, report_id, f->media_type, f->data, f->len, filename);
}

/* Upload f as auth (key id uploader) and assert 201, Location, no ETag and the metadata of the
 * spec; the new file's id into id. */
#define uploaded(auth, uploader, rp, f, filename, id) \
    uploaded_at(__FILE__, __LINE__, (auth), (uploader), (rp), (f), (filename), (id))

static void uploaded_at(const char *file_name, int line, const char *auth, const char *uploader, const report *rp,
                        const efile *f, const char *filename, char id[37])
{
    th_response *r = upload(auth, rp->id, f, filename);
    char *loc_want;
    const char *loc;

    if (r->status != 201 || !r->json)
        th_fail_at(file_name, line, "uploading a %s: expected 201, got %s", f->media_type, th_describe(r));
    members_are_at(file_name, line, r->json,
                   "id,report_id,filename,media_type,size_bytes,sha256,erased,uploaded_by,created_at",
                   "an uploaded file's metadata");
    if (!th_is_uuid(th_json_str(r->json, "id")))
        th_fail_at(file_name, line, "an uploaded file without an id: %s", th_describe(r));
    snprintf(id, 37, "%s", th_json_str(r->json, "id"));
    str_is_at(file_name, line, r->json, "report_id", rp->id, "an uploaded file");
    if (filename)
        str_is_at(file_name, line, r->json, "filename", filename, "an uploaded file");
    else
        null_is_at(file_name, line, r->json, "filename", "an uploaded file without a name");
    str_is_at(file_name, line, r->json, "media_type", f->media_type, "an uploaded file");
    int_is_at(file_name, line, r->json, "size_bytes", (long long)f->len, "an uploaded file");
    str_is_at(file_name, line, r->json, "sha256", f->sha, "an uploaded file (SHA-256 of its bytes)");
    bool_is_at(file_name, line, r->json, "erased", false, "an uploaded file");
    str_is_at(file_name, line, r->json, "uploaded_by", uploader, "an uploaded file");
    if (!th_json_str(r->json, "created_at") || strlen(th_json_str(r->json, "created_at")) < 20)
        th_fail_at(file_name, line, "an uploaded file without created_at: %s", th_describe(r));
    loc_want = th_format(REPORTS "/%s/evidence/%s", rp->id, id);
    loc = th_header(r, "Location");
    if (!loc || !(strcmp(loc, loc_want) == 0 ||
                  (strlen(loc) > strlen(loc_want) && strcmp(loc + strlen(loc) - strlen(loc_want), loc_want) == 0)))
        th_fail_at(file_name, line, "Location should be %s: %s", loc_want, th_describe(r));
    if (th_header(r, "ETag"))
        th_fail_at(file_name, line, "the upload's answer carries an ETag (the spec says none): %s", th_describe(r));
    free(loc_want);
    th_response_free(r);
}

/* The Content-Disposition the spec promises for a stored name (NULL: none): every byte that is
 * not printable ASCII, and '"', '\\', ';', becomes '_'; no name: plain "attachment". */
static char *disposition_for(const char *name)
{
    char buf[512];
    size_t n = 0;

    for (const char *p = name ? name : ""; *p && n < sizeof buf - 1; p++) {
        unsigned char ch = (unsigned char)*p;

        buf[n++] = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != ';' ? (char)ch : '_';
    }
    buf[n] = '\0';
    return n ? th_format("attachment; filename=\"%s\"", buf) : th_format("attachment");
}

/* GET one file as auth and assert 200 with exactly f's bytes, its type, the disposition for
 * filename, nosniff and ETag "<sha256>". */
#define downloaded(auth, rp, id, f, filename) downloaded_at(__FILE__, __LINE__, (auth), (rp), (id), (f), (filename))

static void downloaded_at(const char *file_name, int line, const char *auth, const report *rp, const char *id,
                          const efile *f, const char *filename)
{
    th_response *r = call("GET", auth, NULL, NULL, REPORTS "/%s/evidence/%s", rp->id, id);
    char *want_disposition = disposition_for(filename);
    char want_etag[80];
    const char *ct;

    snprintf(want_etag, sizeof want_etag, "\"%s\"", f->sha);
    if (r->status != 200)
        th_fail_at(file_name, line, "downloading a %s: expected 200, got %s", f->media_type, th_describe(r));
    if (r->body_len != f->len || memcmp(r->body, f->data, f->len) != 0)
        th_fail_at(file_name, line, "the downloaded %s is not the uploaded bytes (%zu bytes, %zu expected)",
                   f->media_type, r->body_len, f->len);
    ct = th_header(r, "Content-Type");
    if (!ct || strcmp(ct, f->media_type) != 0)
        th_fail_at(file_name, line, "Content-Type should be %s: %s", f->media_type, ct ? ct : "(none)");
    if (!th_header(r, "Content-Disposition") || strcmp(th_header(r, "Content-Disposition"), want_disposition) != 0)
        th_fail_at(file_name, line, "Content-Disposition should be %s, got %s", want_disposition,
                   th_header(r, "Content-Disposition") ? th_header(r, "Content-Disposition") : "(none)");
    if (!th_header(r, "X-Content-Type-Options") || strcmp(th_header(r, "X-Content-Type-Options"), "nosniff") != 0)
        th_fail_at(file_name, line, "X-Content-Type-Options: nosniff expected: %s", th_describe(r));
    if (!th_header(r, "ETag") || strcmp(th_header(r, "ETag"), want_etag) != 0)
        th_fail_at(file_name, line, "ETag should be %s, got %s", want_etag,
                   th_header(r, "ETag") ? th_header(r, "ETag") : "(none)");
    free(want_disposition);
    th_response_free(r);
}

/* The evidence list of a report as auth (all pages of limit); new reference. */
static json_t *evidence_of(const char *auth, const char *report_id, int limit)
{
    char *q = th_format(REPORTS "/%s/evidence?limit=%d", report_id, limit);
    json_t *all = list_all(auth, q);

    free(q);
    return all;
}

TH_TEST(test_evidence_of_each_accepted_type_is_stored_with_its_sha256_and_returned_byte_for_byte)
{
    static const char *const kinds[] = {"jpeg", "png", "webp", "pdf"};
    static const char *const names[] = {"kuitansi.jpg", "foto amplop.png", "foto-barang.webp", "surat pemberian.pdf"};
    world w;
    report rp;
    efile f[4];
    char id[4][37];
    json_t *list;

    sha256_self_check();
    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    /* The reporter uploads each accepted type; the UPG and the admin too. */
    for (size_t i = 0; i < 4; i++) {
        const char *auth = i == 1 ? w.upg.auth : i == 2 ? th_admin_auth() : w.reporter.auth;

        make_file(&f[i], kinds[i]);
        if (i == 2) {
            /* The admin's key id is not known here: check the rest, then uploaded_by is a uuid. */
            th_response *r = upload(auth, rp.id, &f[i], names[i]);

            th_assert_status(r, 201);
            str_is(r->json, "sha256", f[i].sha, "the admin's upload");
            if (!th_is_uuid(th_json_str(r->json, "uploaded_by")))
                th_fail("uploaded_by should be the admin key's id: %s", th_describe(r));
            snprintf(id[i], sizeof id[i], "%s", th_json_str(r->json, "id"));
            th_response_free(r);
            continue;
        }
        uploaded(auth, i == 1 ? w.upg.id : w.reporter.id, &rp, &f[i], names[i], id[i]);
    }
    /* Each comes back exactly, for each reader. */
    for (size_t i = 0; i < 4; i++) {
        downloaded(w.reporter.auth, &rp, id[i], &f[i], names[i]);
        downloaded(w.upg.auth, &rp, id[i], &f[i], names[i]);
        downloaded(th_admin_auth(), &rp, id[i], &f[i], names[i]);
    }
    /* The list: oldest first, the same metadata, on pages of one. */
    list = evidence_of(w.reporter.auth, rp.id, 1);
    if (json_array_size(list) != 4)
        th_fail("four files expected in the list: %s", dump(list));
    for (size_t i = 0; i < 4; i++) {
        const json_t *item = json_array_get(list, i);

        members_are(item, "id,report_id,filename,media_type,size_bytes,sha256,erased,uploaded_by,created_at",
                    "a listed file");
        str_is(item, "id", id[i], "the list, oldest first");
        str_is(item, "sha256", f[i].sha, "a listed file");
        str_is(item, "media_type", f[i].media_type, "a listed file");
        str_is(item, "filename", names[i], "a listed file");
        int_is(item, "size_bytes", (long long)f[i].len, "a listed file");
        bool_is(item, "erased", false, "a listed file");
    }
    json_decref(list);
    for (size_t i = 0; i < 4; i++)
        free_file(&f[i]);
}

TH_TEST(test_evidence_download_sanitises_a_hostile_filename_and_a_304_makes_no_access_record)
{
    static const char *const hostile = "bukti \"asli\"; filename=x.exe .pdf";
    world w;
    report rp;
    efile f, g, h;
    char id[37], id_noname[37], id_utf8[37];
    char inm[96];
    json_t *before, *after;
    th_response *r;

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&f, "pdf");
    make_file(&g, "png");
    make_file(&h, "jpeg");
    uploaded(w.reporter.auth, w.reporter.id, &rp, &f, hostile, id);
    uploaded(w.reporter.auth, w.reporter.id, &rp, &g, NULL, id_noname);
    uploaded(w.reporter.auth, w.reporter.id, &rp, &h, "kuitansi \xc3\xa9l\xc3\xa9gant.jpg", id_utf8);
    /* Quotes and semicolons cannot break out of the quoted name; no name: "evidence". */
    downloaded(w.upg.auth, &rp, id, &f, hostile);
    downloaded(w.upg.auth, &rp, id_noname, &g, NULL);
    /* A UTF-8 name: the header holds printable ASCII only. */
    r = call("GET", w.upg.auth, NULL, NULL, REPORTS "/%s/evidence/%s", rp.id, id_utf8);
    th_assert_status(r, 200);
    {
        const char *cd = th_header(r, "Content-Disposition");

        if (!cd || strncmp(cd, "attachment; filename=\"kuitansi ", 31) != 0 || strlen(cd) < 41 ||
            strcmp(cd + strlen(cd) - 9, "gant.jpg\"") != 0)
            th_fail("the Content-Disposition of a UTF-8 name: %s", cd ? cd : "(none)");
        for (const char *p = cd; *p; p++) {
            if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
                th_fail("the Content-Disposition holds a byte that is not printable ASCII: %s", cd);
        }
        if (strchr(cd + 22, '"') != cd + strlen(cd) - 1)
            th_fail("a quote inside the quoted file name: %s", cd);
    }
    th_response_free(r);

    /* If-None-Match with the ETag: 304, no body, and no access record. */
    before = accesses_of(rp.id);
    snprintf(inm, sizeof inm, "If-None-Match: \"%s\"", f.sha);
    r = call("GET", w.upg.auth, inm, NULL, REPORTS "/%s/evidence/%s", rp.id, id);
    th_assert_status(r, 304);
    if (r->body_len != 0)
        th_fail("a 304 with a body: %s", th_describe(r));
    th_response_free(r);
    after = accesses_of(rp.id);
    if (json_array_size(after) != json_array_size(before))
        th_fail("a 304 made an access record: %s then %s", dump(before), dump(after));
    json_decref(after);
    /* Another ETag: the file again, and a record way evidence by the reader. */
    r = call("GET", w.upg.auth, "If-None-Match: \"0000000000000000000000000000000000000000000000000000000000000000\"",
             NULL, REPORTS "/%s/evidence/%s", rp.id, id);
    th_assert_status(r, 200);
    if (r->body_len != f.len)
        th_fail("a stale If-None-Match must get the file: %s", th_describe(r));
    th_response_free(r);
    after = accesses_of(rp.id);
    if (json_array_size(after) != json_array_size(before) + 1)
        th_fail("one download, one access record expected: %s then %s", dump(before), dump(after));
    {
        const json_t *last = json_array_get(after, json_array_size(after) - 1);

        str_is(last, "way", "evidence", "the download's access record");
        str_is(last, "key_id", w.upg.id, "the download's access record");
        str_is(last, "key_role", "upg", "the download's access record");
    }
    json_decref(after);
    json_decref(before);
    free_file(&f);
    free_file(&g);
    free_file(&h);
}

TH_TEST(test_every_download_by_the_reporter_upg_or_admin_leaves_an_access_record_way_evidence)
{
    world w;
    report rp;
    efile f;
    char id[37];
    json_t *acc;
    const char *readers[3];

    make_world(&w);
    readers[0] = w.reporter.auth;
    readers[1] = w.upg.auth;
    readers[2] = th_admin_auth();
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&f, "webp");
    uploaded(w.reporter.auth, w.reporter.id, &rp, &f, "foto.webp", id);
    /* Uploads and lists are no accesses. */
    json_decref(evidence_of(w.upg.auth, rp.id, 50));
    acc = accesses_of(rp.id);
    if (json_array_size(acc) != 0)
        th_fail("an upload or a list of metadata made an access record: %s", dump(acc));
    json_decref(acc);
    for (size_t i = 0; i < 3; i++)
        downloaded(readers[i], &rp, id, &f, "foto.webp");
    acc = accesses_of(rp.id);
    if (json_array_size(acc) != 3)
        th_fail("three downloads, three access records: %s", dump(acc));
    {
        static const char *const roles[] = {"employee", "upg", "admin"};

        for (size_t i = 0; i < 3; i++) {
            str_is(json_array_get(acc, i), "way", "evidence", "a download's access record");
            str_is(json_array_get(acc, i), "key_role", roles[i], "a download's access record, oldest first");
        }
        str_is(json_array_get(acc, 0), "key_id", w.reporter.id, "the reporter's download");
    }
    json_decref(acc);
    free_file(&f);
}

TH_TEST(test_evidence_content_decides_the_type_and_a_mismatch_or_unknown_content_is_415)
{
    world w;
    report rp;
    efile png, jpeg, pdf, text;
    json_t *list;
    th_response *r;
    static const unsigned char png11[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'a', 'b', 'c'};
    static const unsigned char png12[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'a', 'b', 'c', 'd'};
    static const char pdf7[] = "%PDF-1.";
    static const char pdf8[] = "%PDF-1.7";
    static const char wave[] = "RIFF\x24\x00\x00\x00WAVEfmt ";
    char sha[65];

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&png, "png");
    make_file(&jpeg, "jpeg");
    make_file(&pdf, "pdf");
    make_file(&text, "text");
    /* A PNG declared as a JPEG, a JPEG as a PDF, a PDF as a PNG: 415, the detail naming the types. */
    r = upload_raw(w.reporter.auth, rp.id, "image/jpeg", png.data, png.len, NULL);
    th_assert_problem(r, 415, P_MEDIA_TYPE);
    {
        const char *detail = th_json_str(r->json, "detail");
        static const char *const accepted[] = {"image/jpeg", "image/png", "image/webp", "application/pdf"};

        for (size_t i = 0; i < 4; i++) {
            if (!detail || !strstr(detail, accepted[i]))
                th_fail("the 415's detail should list the accepted types (%s missing): %s", accepted[i],
                        th_describe(r));
        }
    }
    th_response_free(r);
    refused(upload_raw(w.reporter.auth, rp.id, "application/pdf", jpeg.data, jpeg.len, NULL), 415, P_MEDIA_TYPE,
            NULL, NULL);
    refused(upload_raw(w.reporter.auth, rp.id, "image/png", pdf.data, pdf.len, NULL), 415, P_MEDIA_TYPE, NULL, NULL);
    /* Text declared as a PNG, or as itself; bytes with no Content-Type or a generic one. */
    refused(upload_raw(w.reporter.auth, rp.id, "image/png", text.data, text.len, NULL), 415, P_MEDIA_TYPE, NULL,
            NULL);
    refused(upload_raw(w.reporter.auth, rp.id, "text/plain", text.data, text.len, NULL), 415, P_MEDIA_TYPE, NULL,
            NULL);
    refused(upload_raw(w.reporter.auth, rp.id, NULL, png.data, png.len, NULL), 415, P_MEDIA_TYPE, NULL, NULL);
    refused(upload_raw(w.reporter.auth, rp.id, "application/octet-stream", png.data, png.len, NULL), 415,
            P_MEDIA_TYPE, NULL, NULL);
    /* The magic numbers' minimum lengths: a PNG of 11 bytes and a PDF of 7 are not; 12 and 8 are. */
    refused(upload_raw(w.reporter.auth, rp.id, "image/png", png11, sizeof png11, NULL), 415, P_MEDIA_TYPE, NULL,
            NULL);
    refused(upload_raw(w.reporter.auth, rp.id, "application/pdf", pdf7, sizeof pdf7 - 1, NULL), 415, P_MEDIA_TYPE,
            NULL, NULL);
    /* RIFF, but WAVE, is no WebP. */
    refused(upload_raw(w.reporter.auth, rp.id, "image/webp", wave, sizeof wave - 1, NULL), 415, P_MEDIA_TYPE, NULL,
            NULL);
    list = evidence_of(th_admin_auth(), rp.id, 50);
    if (json_array_size(list) != 0)
        th_fail("refused uploads stored something: %s", dump(list));
    json_decref(list);

    r = upload_raw(w.reporter.auth, rp.id, "image/png", png12, sizeof png12, NULL);
    th_assert_status(r, 201);
    sha256_hex(png12, sizeof png12, sha);
    str_is(r->json, "sha256", sha, "a PNG of 12 bytes");
    th_response_free(r);
    r = upload_raw(w.reporter.auth, rp.id, "application/pdf", pdf8, sizeof pdf8 - 1, NULL);
    th_assert_status(r, 201);
    sha256_hex(pdf8, sizeof pdf8 - 1, sha);
    str_is(r->json, "sha256", sha, "a PDF of 8 bytes");
    int_is(r->json, "size_bytes", 8, "a PDF of 8 bytes");
    th_response_free(r);
    /* Media types are case-insensitive and may carry parameters (RFC 9110 §8.3.1). */
    r = upload_raw(w.reporter.auth, rp.id, "Image/PNG", png.data, png.len, NULL);
    th_assert_status(r, 201);
    str_is(r->json, "media_type", "image/png", "a PNG declared as Image/PNG");
    th_response_free(r);
    free_file(&png);
    free_file(&jpeg);
    free_file(&pdf);
    free_file(&text);
}

TH_TEST(test_evidence_upload_refuses_a_path_in_the_filename_a_201_character_name_and_over_5_mib)
{
    world w;
    report rp;
    efile f, big, over;
    char id[37];
    char name200[201];
    char name201[202];
    json_t *list;
    static const char *const bad_names[] = {"../etc/passwd", "bukti/foto.png", "C:\\bukti\\foto.png", "..", "."};

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&f, "png");
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++)
        refused(upload(w.reporter.auth, rp.id, &f, bad_names[i]), 400, P_INVALID, "filename", "invalid_format");
    /* 1–200 characters. */
    memset(name200, 'a', 196);
    memcpy(name200 + 196, ".png", 5);
    memset(name201, 'a', 197);
    memcpy(name201 + 197, ".png", 5);
    refused(upload(w.reporter.auth, rp.id, &f, name201), 400, P_INVALID, "filename", NULL);
    refused(upload(w.reporter.auth, rp.id, &f, ""), 400, P_INVALID, "filename", NULL);
    uploaded(w.reporter.auth, w.reporter.id, &rp, &f, name200, id);

    /* 5 MiB exactly is accepted (and hashed right); one byte more is 413. */
    make_sized_png(&big, (size_t)MAX_EVIDENCE_BYTES);
    uploaded(w.reporter.auth, w.reporter.id, &rp, &big, "besar.png", id);
    downloaded(w.upg.auth, &rp, id, &big, "besar.png");
    make_sized_png(&over, (size_t)MAX_EVIDENCE_BYTES + 1);
    refused(upload(w.reporter.auth, rp.id, &over, "terlalu-besar.png"), 413, P_TOO_LARGE, NULL, NULL);
    list = evidence_of(th_admin_auth(), rp.id, 50);
    if (json_array_size(list) != 2)
        th_fail("two files (the 200-character name, the 5 MiB one) expected: %s", dump(list));
    json_decref(list);
    free_file(&f);
    free_file(&big);
    free_file(&over);
}

/* A file name with control characters is 400 `filename` `control_character` (the code every
 * query string of the API gives them); a CR LF must never reach a header. */
TH_TEST(test_evidence_filename_with_control_characters_is_400_control_character)
{
    static const char *const control_names[] = {"foto\r\nX-Evil: 1.png", "foto\t.png", "foto\x7f.png"};
    world w;
    report rp;
    efile f;
    json_t *list;

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&f, "png");
    for (size_t i = 0; i < sizeof control_names / sizeof control_names[0]; i++)
        refused(upload(w.reporter.auth, rp.id, &f, control_names[i]), 400, P_INVALID, "filename", "control_character");
    list = evidence_of(th_admin_auth(), rp.id, 50);
    if (json_array_size(list) != 0)
        th_fail("a name with control characters was stored: %s", dump(list));
    json_decref(list);
    free_file(&f);
}

/* Spec: an empty body is 400. Where the spec is silent: the problem does not pretend a JSON
 * body was expected — a file upload answered "malformed JSON body" misleads its client. */
TH_TEST(test_evidence_upload_of_an_empty_body_is_400_and_not_a_json_problem)
{
    world w;
    report rp;
    th_response *r;
    json_t *list;

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    r = upload_raw(w.reporter.auth, rp.id, "image/png", "", 0, NULL);
    if (r->status != 400 || !th_header(r, "Content-Type") ||
        strncmp(th_header(r, "Content-Type"), "application/problem+json", 24) != 0)
        th_fail("an empty upload: expected a 400 problem, got %s", th_describe(r));
    list = evidence_of(th_admin_auth(), rp.id, 50);
    if (json_array_size(list) != 0)
        th_fail("an empty upload was stored: %s", dump(list));
    json_decref(list);
    if (contains(r->body, r->body_len, "JSON") || contains(r->body, r->body_len, "malformed-json"))
        th_fail("an empty file upload is answered as if a JSON body were expected: %s", th_describe(r));
    th_response_free(r);
}

TH_TEST(test_evidence_is_refused_on_a_closed_report_and_beyond_twenty_files)
{
    world w;
    report closed, full;
    efile f;
    char id[37];
    json_t *list;
    th_response *r;

    make_world(&w);
    /* A refusal recorded by the UPG is closed: no file may be added, not even by the admin. */
    file_report(&closed, w.reporter.auth, w.a.id, "{\"type\":\"refusal\"}");
    make_file(&f, "png");
    uploaded(w.reporter.auth, w.reporter.id, &closed, &f, "sebelum-ditutup.png", id);
    free_file(&f);
    walk_to(&closed, "2026-03-17", "recorded", NULL);
    make_file(&f, "png");
    r = upload(w.reporter.auth, closed.id, &f, NULL);
    th_assert_problem(r, 409, P_CONFLICT);
    if (!th_json_str(r->json, "detail"))
        th_fail("the 409 should say why: %s", th_describe(r));
    th_response_free(r);
    refused(upload(th_admin_auth(), closed.id, &f, NULL), 409, P_CONFLICT, NULL, NULL);
    free_file(&f);
    list = evidence_of(th_admin_auth(), closed.id, 50);
    if (json_array_size(list) != 1)
        th_fail("the closed report keeps its one file: %s", dump(list));
    json_decref(list);
    /* ... while its file stays readable. */
    status_is(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s/evidence/%s", closed.id, id), 200);

    /* Twenty files, then 409. */
    file_report(&full, w.reporter.auth, w.a.id, NULL);
    for (int i = 0; i < 20; i++) {
        make_file(&f, i % 2 ? "jpeg" : "pdf");
        uploaded(i % 3 ? w.reporter.auth : w.upg.auth, i % 3 ? w.reporter.id : w.upg.id, &full, &f, NULL, id);
        free_file(&f);
    }
    make_file(&f, "png");
    r = upload(w.reporter.auth, full.id, &f, "ke-21.png");
    th_assert_problem(r, 409, P_CONFLICT);
    if (!th_json_str(r->json, "detail") || !strstr(th_json_str(r->json, "detail"), "20"))
        th_fail("the 409 should name the limit of 20: %s", th_describe(r));
    th_response_free(r);
    refused(upload(th_admin_auth(), full.id, &f, "ke-21.png"), 409, P_CONFLICT, NULL, NULL);
    free_file(&f);
    list = evidence_of(th_admin_auth(), full.id, 7);
    if (json_array_size(list) != 20)
        th_fail("exactly twenty files expected: %zu", json_array_size(list));
    json_decref(list);
}

TH_TEST(test_evidence_is_reached_by_the_reporter_upg_and_admin_only_and_a_404_for_other_employees)
{
    world w;
    report rp, other;
    efile f;
    char id[37], missing[37];
    th_response *r;
    char *leak = NULL; /* the first answer that tells another's report from a missing one */

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    file_report(&other, th_admin_auth(), w.a.id, NULL);
    make_file(&f, "jpeg");
    uploaded(w.reporter.auth, w.reporter.id, &rp, &f, "kuitansi.jpg", id);
    th_random_uuid(missing);

    /* The unit's officer and evaluators: 403 everywhere; no key: 401. */
    {
        const struct {
            const char *label;
            const char *auth;
            long status;
            const char *type;
        } refused_roles[] = {
            {"the unit's officer", w.officer_a.auth, 403, P_FORBIDDEN},
            {"an evaluator", w.evaluator.auth, 403, P_FORBIDDEN},
            {"no key", NULL, 401, P_UNAUTHORIZED},
        };

        for (size_t i = 0; i < sizeof refused_roles / sizeof refused_roles[0]; i++) {
            const char *auth = refused_roles[i].auth;

            r = call("GET", auth, NULL, NULL, REPORTS "/%s/evidence", rp.id);
            th_assert_problem(r, refused_roles[i].status, refused_roles[i].type);
            no_identity_in(&rp, r->body, r->body_len, refused_roles[i].label);
            th_response_free(r);
            r = call("GET", auth, NULL, NULL, REPORTS "/%s/evidence/%s", rp.id, id);
            th_assert_problem(r, refused_roles[i].status, refused_roles[i].type);
            if (contains(r->body, r->body_len, "zt-evidence-"))
                th_fail("%s received the file's bytes: %s", refused_roles[i].label, th_describe(r));
            th_response_free(r);
            refused(upload(auth, rp.id, &f, NULL), refused_roles[i].status, refused_roles[i].type, NULL, NULL);
        }
    }
    /* Another employee, of the unit or not: 404, as for a report that does not exist. */
    {
        const char *others[] = {w.employee_a2.auth, w.employee_b.auth};

        for (size_t i = 0; i < 2; i++) {
            const char *ways[] = {"/evidence", NULL};
            char *with_id = th_format("/evidence/%s", id);

            ways[1] = with_id;
            for (size_t k = 0; k < 2; k++) {
                th_response *absent;
                json_t *mine, *theirs;

                r = call("GET", others[i], NULL, NULL, REPORTS "/%s%s", rp.id, ways[k]);
                th_assert_problem(r, 404, P_NOT_FOUND);
                if (contains(r->body, r->body_len, "zt-evidence-"))
                    th_fail("another employee received the file's bytes: %s", th_describe(r));
                absent = call("GET", others[i], NULL, NULL, REPORTS "/%s%s", missing, ways[k]);
                mine = problem_sans_instance(r);
                theirs = problem_sans_instance(absent);
                if (!json_equal(mine, theirs) && !leak)
                    leak = th_format("GET …%s by another employee: another's report answers otherwise than a "
                                     "missing report (an existence oracle): %s vs %s",
                                     ways[k], r->body, absent->body);
                json_decref(mine);
                json_decref(theirs);
                th_response_free(absent);
                th_response_free(r);
            }
            free(with_id);
            refused(upload(others[i], rp.id, &f, NULL), 404, P_NOT_FOUND, NULL, NULL);
        }
    }
    /* The reporter of rp is no reader of another report of the unit. */
    refused(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s/evidence", other.id), 404, P_NOT_FOUND, NULL, NULL);
    /* An unknown file, a file of another report: 404. */
    refused(call("GET", th_admin_auth(), NULL, NULL, REPORTS "/%s/evidence/%s", rp.id, missing), 404, P_NOT_FOUND,
            NULL, NULL);
    refused(call("GET", th_admin_auth(), NULL, NULL, REPORTS "/%s/evidence/%s", other.id, id), 404, P_NOT_FOUND, NULL,
            NULL);
    refused(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s/evidence/%s", missing, id), 404, P_NOT_FOUND, NULL,
            NULL);
    /* Nothing was stored by the refused uploads; the readers read. */
    {
        json_t *list = evidence_of(w.upg.auth, rp.id, 50);

        if (json_array_size(list) != 1)
            th_fail("refused uploads stored files: %s", dump(list));
        json_decref(list);
    }
    downloaded(w.reporter.auth, &rp, id, &f, "kuitansi.jpg");
    free_file(&f);
    if (leak)
        th_fail("%s", leak);
}

TH_TEST(test_evidence_audit_record_holds_the_sha256_and_neither_the_file_name_nor_the_bytes)
{
    world w;
    report rp;
    efile f;
    char id[37];
    char name[96];
    char tag[64];
    char *q;
    json_t *records;
    const json_t *created = NULL;
    size_t i;
    const json_t *rec;
    char *text;
    char hex_head[17];

    make_world(&w);
    file_report(&rp, w.reporter.auth, w.a.id, NULL);
    make_file(&f, "pdf");
    th_unique(tag, sizeof tag, "");
    snprintf(name, sizeof name, "surat-rahasia-%s.pdf", tag);
    uploaded(w.reporter.auth, w.reporter.id, &rp, &f, name, id);
    q = th_format("/v1/audit?resource_type=gratification_evidence&resource_id=%s&limit=200", id);
    records = list_all(th_admin_auth(), q);
    free(q);
    json_array_foreach(records, i, rec) {
        if (th_json_str(rec, "action") && strcmp(th_json_str(rec, "action"), "gratification_evidence.created") == 0)
            created = rec;
    }
    if (!created)
        th_fail("no gratification_evidence.created record for the file: %s", dump(records));
    str_is(created, "resource_id", id, "the evidence's audit record");
    {
        const json_t *changes = json_object_get(created, "changes");
        const char *const kept[] = {"report_id", "media_type", "size_bytes", "sha256", "uploaded_by"};

        for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
            if (!json_object_get(json_object_get(changes, kept[k]), "after"))
                th_fail("the evidence's audit record lacks %s: %s", kept[k], dump(created));
        }
        str_is(json_object_get(changes, "sha256"), "after", f.sha, "the audit record's sha256");
        str_is(json_object_get(changes, "report_id"), "after", rp.id, "the audit record's report_id");
        str_is(json_object_get(changes, "media_type"), "after", "application/pdf", "the audit record's media_type");
        int_is(json_object_get(changes, "size_bytes"), "after", (long long)f.len, "the audit record's size_bytes");
        str_is(json_object_get(changes, "uploaded_by"), "after", w.reporter.id, "the audit record's uploaded_by");
        if (json_object_get(changes, "filename") || json_object_get(changes, "content"))
            th_fail("the evidence's audit record holds the file name or the content: %s", dump(created));
    }
    /* Neither the name nor the bytes (as text, hex or base64's telling part) anywhere. */
    text = dump(records);
    for (size_t k = 0; k < 8; k++)
        snprintf(hex_head + 2 * k, 3, "%02x", f.data[k]);
    if (strstr(text, tag) || strstr(text, "zt-evidence-") || strstr(text, hex_head) || strstr(text, "JVBERi0"))
        th_fail("the evidence's audit records hold the name or the bytes: %.1500s", text);
    free(text);
    json_decref(records);
    free_file(&f);
}

/* ---- the KPK packet --------------------------------------------------------------------- */

TH_TEST(test_packet_is_409_until_the_upg_has_verified_the_report)
{
    world w;
    static const char *const early[] = {"draft", "submitted", "incomplete", "lapsed"};
    static const char *const verified[] = {"verifying", "forwarded", "recorded"};
    report rp;

    make_world(&w);
    for (size_t i = 0; i < sizeof early / sizeof early[0]; i++) {
        th_response *r;

        file_report(&rp, th_admin_auth(), w.a.id, NULL);
        walk_to(&rp, "2026-03-17", early[i], NULL);
        r = call("GET", w.upg.auth, NULL, NULL, REPORTS "/%s/packet", rp.id);
        th_assert_problem(r, 409, P_CONFLICT);
        if (!th_json_str(r->json, "detail") || !strstr(th_json_str(r->json, "detail"), early[i]))
            th_fail("the packet of a %s report: the 409 should name the state: %s", early[i], th_describe(r));
        no_identity_in(&rp, r->body, r->body_len, "a refused packet");
        th_response_free(r);
        refused(call("GET", th_admin_auth(), ACCEPT_CSV, NULL, REPORTS "/%s/packet", rp.id), 409, P_CONFLICT, NULL,
                NULL);
        /* No packet, no access record. */
        {
            json_t *acc = accesses_of(rp.id);

            if (json_array_size(acc) != 0)
                th_fail("a refused packet made an access record: %s", dump(acc));
            json_decref(acc);
        }
    }
    for (size_t i = 0; i < sizeof verified / sizeof verified[0]; i++) {
        json_t *p;

        file_report(&rp, th_admin_auth(), w.a.id,
                    strcmp(verified[i], "recorded") == 0 ? "{\"type\":\"refusal\"}" : NULL);
        walk_to(&rp, "2026-03-17", verified[i], NULL);
        p = get_json(w.upg.auth, REPORTS "/%s/packet", rp.id);
        str_is(json_object_get(p, "report"), "state", verified[i], "the packet of a verified report");
        json_decref(p);
    }
    refused(call("GET", w.upg.auth, NULL, NULL, REPORTS "/00000000-0000-4000-8000-000000000000/packet"), 404,
            P_NOT_FOUND, NULL, NULL);
}

/* A report forwarded to KPK with every member of the packet filled, and two files. */
typedef struct packet_case {
    world w;
    report rp;
    efile f[2];
    char file_id[2][37];
    const char *names[2];
    json_t *report_json; /* as the admin reads it */
    json_t *unit_json;
} packet_case;

/* Commas, quotes, a semicolon and a line break: what RFC 4180 quoting is for. */
#define CHRONOLOGY \
    "[Uji] Pemberi datang, berkata \"ini sekadar terima kasih\", lalu pergi;\nuang dikembalikan, 2 hari kemudian."

static void make_packet_case(packet_case *pc)
{
    memset(pc, 0, sizeof *pc);
    make_world(&pc->w);
    {
        json_t *extra = json_pack("{s:s, s:s, s:s, s:I, s:b}", "giver_address", "[Uji] Jl. Pemberi 7, Mojokerto",
                                  "deposit_receipt_number", "[Uji] TT-07/2026", "chronology", CHRONOLOGY,
                                  "value_idr", (json_int_t)12500000, "perishable", 0);
        char *text = json_dumps(extra, JSON_COMPACT);

        file_report(&pc->rp, pc->w.reporter.auth, pc->w.a.id, text);
        free(text);
        json_decref(extra);
    }
    pc->names[0] = "kuitansi, \"asli\".pdf";
    pc->names[1] = NULL;
    make_file(&pc->f[0], "pdf");
    make_file(&pc->f[1], "jpeg");
    uploaded(pc->w.reporter.auth, pc->w.reporter.id, &pc->rp, &pc->f[0], pc->names[0], pc->file_id[0]);
    uploaded(pc->w.upg.auth, pc->w.upg.id, &pc->rp, &pc->f[1], pc->names[1], pc->file_id[1]);
    walk_to(&pc->rp, "2026-03-17", "forwarded", NULL);
    pc->report_json = get_json(th_admin_auth(), REPORTS "/%s", pc->rp.id);
    pc->unit_json = get_json(th_admin_auth(), "/v1/units/%s", pc->w.a.id);
}

static void free_packet_case(packet_case *pc)
{
    json_decref(pc->report_json);
    json_decref(pc->unit_json);
    free_file(&pc->f[0]);
    free_file(&pc->f[1]);
}

/* Assert member name of obj equals member from of the report (JSON equality, null included). */
static void same_as_report(const packet_case *pc, const json_t *obj, const char *name, const char *from,
                           const char *what)
{
    const json_t *want = json_object_get(pc->report_json, from);
    const json_t *got = json_object_get(obj, name);

    if (!want || !got || !json_equal(want, got))
        th_fail("%s.%s should be the report's %s (%s): %s", what, name, from, dump(want), dump(obj));
}

/* The packet of the spec for pc: every member, with the report's, the unit's and the files' values. */
static void packet_is(const packet_case *pc, const json_t *p)
{
    const json_t *who, *unit, *giver, *object, *rep, *files;
    const char *generated;
    char now[11];

    members_are(p, "report_id,generated_at,rule_set,reporter,giver,object,chronology,report,evidence", "the packet");
    str_is(p, "report_id", pc->rp.id, "the packet");
    str_is(p, "rule_set", "kpk-2026", "the packet of a report received 2026-03-17");
    str_is(p, "chronology", CHRONOLOGY, "the packet");
    ymd_of(today(), now);
    generated = th_json_str(p, "generated_at");
    if (!generated || strncmp(generated, now, 10) != 0 || generated[10] != 'T' ||
        generated[strlen(generated) - 1] != 'Z')
        th_fail("generated_at should be an RFC 3339 UTC time of today (%s): %s", now, dump(p));

    who = json_object_get(p, "reporter");
    members_are(who, "nik,nip,name,address,phone,position,unit", "the packet's reporter");
    str_is(who, "nik", pc->rp.nik, "the packet's reporter");
    str_is(who, "nip", TU_NIP, "the packet's reporter");
    str_is(who, "name", pc->rp.name, "the packet's reporter");
    str_is(who, "address", pc->rp.address, "the packet's reporter");
    str_is(who, "phone", pc->rp.phone, "the packet's reporter");
    str_is(who, "position", pc->rp.position, "the packet's reporter");
    unit = json_object_get(who, "unit");
    members_are(unit, "id,code,name", "the packet's reporter.unit");
    str_is(unit, "id", pc->w.a.id, "the packet's reporter.unit");
    str_is(unit, "code", th_json_str(pc->unit_json, "code"), "the packet's reporter.unit");
    str_is(unit, "name", th_json_str(pc->unit_json, "name"), "the packet's reporter.unit");

    giver = json_object_get(p, "giver");
    members_are(giver, "name,address,relationship", "the packet's giver");
    same_as_report(pc, giver, "name", "giver_name", "giver");
    same_as_report(pc, giver, "address", "giver_address", "giver");
    same_as_report(pc, giver, "relationship", "giver_relationship", "giver");
    str_is(giver, "address", "[Uji] Jl. Pemberi 7, Mojokerto", "the packet's giver");

    object = json_object_get(p, "object");
    members_are(object, "kind,description,value_idr,high_value,received_on,place,occasion,job_related,perishable",
                "the packet's object");
    {
        static const char *const names[] = {"kind",     "description", "value_idr",   "high_value", "received_on",
                                            "place",    "occasion",    "job_related", "perishable"};

        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            same_as_report(pc, object, names[i], names[i], "object");
    }
    int_is(object, "value_idr", 12500000, "the packet's object");
    bool_is(object, "high_value", true, "the packet's object (Rp12,500,000)");

    rep = json_object_get(p, "report");
    members_are(rep, "type,state,reported_on,late,found_by_audit,deposit_receipt_number,gol_reference,forwarded_on",
                "the packet's report");
    {
        static const char *const names[] = {"type",           "state",      "reported_on", "late", "found_by_audit",
                                            "deposit_receipt_number", "gol_reference", "forwarded_on"};

        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            same_as_report(pc, rep, names[i], names[i], "report");
    }
    str_is(rep, "state", "forwarded", "the packet's report");
    str_is(rep, "deposit_receipt_number", "[Uji] TT-07/2026", "the packet's report");
    str_is(rep, "gol_reference", "[Uji] GOL-2026-03-19", "the packet's report");
    str_is(rep, "forwarded_on", "2026-03-19", "the packet's report");
    str_is(rep, "reported_on", "2026-03-17", "the packet's report");

    files = json_object_get(p, "evidence");
    if (!json_is_array(files) || json_array_size(files) != 2)
        th_fail("the packet's evidence should list the two files: %s", dump(p));
    for (size_t i = 0; i < 2; i++) {
        const json_t *e = json_array_get(files, i);

        members_are(e, "id,filename,media_type,size_bytes,sha256", "a file of the packet");
        str_is(e, "id", pc->file_id[i], "the packet's files, oldest first");
        if (pc->names[i])
            str_is(e, "filename", pc->names[i], "a file of the packet");
        else
            null_is(e, "filename", "a file of the packet without a name");
        str_is(e, "media_type", pc->f[i].media_type, "a file of the packet");
        int_is(e, "size_bytes", (long long)pc->f[i].len, "a file of the packet");
        str_is(e, "sha256", pc->f[i].sha, "a file of the packet (SHA-256 of its bytes)");
    }
}

TH_TEST(test_packet_json_holds_every_member_of_the_spec_for_a_verified_report)
{
    packet_case pc;
    json_t *p;

    make_packet_case(&pc);
    p = get_json(pc.w.upg.auth, REPORTS "/%s/packet", pc.rp.id);
    packet_is(&pc, p);
    json_decref(p);
    p = get_json(th_admin_auth(), REPORTS "/%s/packet", pc.rp.id);
    packet_is(&pc, p);
    json_decref(p);
    free_packet_case(&pc);
}

/* The leaves of v as rows [name, text] with dotted names (array items from 1), the way the
 * spec's CSV spells them: null → "", booleans true/false, integers in decimal. */
static void leaves(json_t *out, const char *prefix, const json_t *v)
{
    char name[256];

    if (json_is_object(v)) {
        const char *key;
        json_t *m;

        json_object_foreach((json_t *)v, key, m) {
            snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", key);
            leaves(out, name, m);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *m;

        json_array_foreach(v, i, m) {
            snprintf(name, sizeof name, "%s.%zu", prefix, i + 1);
            leaves(out, name, m);
        }
    } else {
        char *text = json_is_string(v)    ? th_format("%s", json_string_value(v))
                     : json_is_integer(v) ? th_format("%lld", (long long)json_integer_value(v))
                     : json_is_true(v)    ? th_format("true")
                     : json_is_false(v)   ? th_format("false")
                                          : th_format("%s", "");

        json_array_append_new(out, json_pack("[s, s]", prefix, text));
        free(text);
    }
}

TH_TEST(test_packet_csv_has_a_field_value_header_dotted_names_and_rfc_4180_quoting)
{
    packet_case pc;
    json_t *p;
    json_t *want;
    json_t *rows;
    th_response *r;
    size_t i;
    const json_t *leaf;

    make_packet_case(&pc);
    p = get_json(th_admin_auth(), REPORTS "/%s/packet", pc.rp.id);
    packet_is(&pc, p);
    want = json_array();
    leaves(want, "", p);
    r = call("GET", pc.w.upg.auth, ACCEPT_CSV, NULL, REPORTS "/%s/packet", pc.rp.id);
    th_assert_status(r, 200);
    if (!th_header(r, "Content-Type") ||
        strcmp(th_header(r, "Content-Type"), "text/csv; charset=utf-8; header=present") != 0)
        th_fail("the packet's CSV Content-Type should be text/csv; charset=utf-8; header=present: %s", th_describe(r));
    /* RFC 4180 as written: the chronology and the file name quoted, inner quotes doubled, the
     * line break kept inside the quotes; a null as an empty cell. */
    if (!contains(r->body, r->body_len,
                  "\r\nchronology,\"[Uji] Pemberi datang, berkata \"\"ini sekadar terima kasih\"\", lalu pergi;\nuang "
                  "dikembalikan, 2 hari kemudian.\"\r\n"))
        th_fail("the chronology is not quoted as RFC 4180 says: %.3000s", r->body);
    if (!contains(r->body, r->body_len, "\r\nevidence.1.filename,\"kuitansi, \"\"asli\"\".pdf\"\r\n") ||
        !contains(r->body, r->body_len, "\r\nevidence.2.filename,\r\n"))
        th_fail("the files' names are not as RFC 4180 and the spec say (null: an empty cell): %.3000s", r->body);
    if (r->body_len < 13 || memcmp(r->body, "field,value\r\n", 13) != 0)
        th_fail("the packet's CSV should start with the header row field,value: %.200s", r->body);
    rows = parse_csv(r->body, r->body_len);
    if (json_array_size(rows) != json_array_size(want) + 1)
        th_fail("one row per leaf of the packet expected (%zu + header), got %zu: %.3000s", json_array_size(want),
                json_array_size(rows), r->body);
    /* Every leaf of the JSON packet, by its dotted name, with the same value (generated_at: a
     * time of its own request). */
    json_array_foreach(want, i, leaf) {
        const char *name = json_string_value(json_array_get(leaf, 0));
        const json_t *row = NULL;
        size_t k;
        const json_t *cand;

        json_array_foreach(rows, k, cand) {
            if (k > 0 && json_array_size(cand) == 2 && strcmp(json_string_value(json_array_get(cand, 0)), name) == 0)
                row = cand;
        }
        if (!row)
            th_fail("the packet's CSV lacks the row %s: %.3000s", name, r->body);
        if (strcmp(name, "generated_at") == 0)
            continue;
        if (!json_equal(json_array_get(row, 1), json_array_get(leaf, 1)))
            th_fail("the CSV's %s is %s, the JSON's %s", name, dump(json_array_get(row, 1)),
                    dump(json_array_get(leaf, 1)));
    }
    /* The names the spec spells out. */
    {
        static const char *const named[] = {"reporter.nik", "reporter.unit.code", "evidence.1.sha256",
                                            "evidence.2.sha256", "report.gol_reference", "object.value_idr"};

        for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
            char *line = th_format("\r\n%s,", named[k]);

            if (!contains(r->body, r->body_len, line))
                th_fail("the packet's CSV lacks the row %s: %.3000s", named[k], r->body);
            free(line);
        }
    }
    json_decref(rows);
    json_decref(want);
    json_decref(p);
    th_response_free(r);
    free_packet_case(&pc);
}

TH_TEST(test_packet_reads_are_access_records_and_employees_officers_evaluators_are_refused)
{
    packet_case pc;
    json_t *before, *after;
    th_response *r;

    make_packet_case(&pc);
    before = accesses_of(pc.rp.id);
    /* Those who may not: 403 (401 without a key), no identity, no record. */
    {
        const struct {
            const char *label;
            const char *auth;
            long status;
            const char *type;
        } outsiders[] = {
            {"the reporter", pc.w.reporter.auth, 403, P_FORBIDDEN},
            {"another employee of the unit", pc.w.employee_a2.auth, 403, P_FORBIDDEN},
            {"the unit's officer", pc.w.officer_a.auth, 403, P_FORBIDDEN},
            {"an evaluator", pc.w.evaluator.auth, 403, P_FORBIDDEN},
            {"no key", NULL, 401, P_UNAUTHORIZED},
        };

        for (size_t i = 0; i < sizeof outsiders / sizeof outsiders[0]; i++) {
            for (int csv = 0; csv < 2; csv++) {
                r = call("GET", outsiders[i].auth, csv ? ACCEPT_CSV : NULL, NULL, REPORTS "/%s/packet", pc.rp.id);
                th_assert_problem(r, outsiders[i].status, outsiders[i].type);
                no_identity_in(&pc.rp, r->body, r->body_len, outsiders[i].label);
                th_response_free(r);
            }
        }
    }
    after = accesses_of(pc.rp.id);
    if (json_array_size(after) != json_array_size(before))
        th_fail("a refused packet made an access record: %s", dump(after));
    json_decref(after);
    /* The UPG's JSON and CSV, the admin's JSON: three records way packet, oldest first. */
    status_is(call("GET", pc.w.upg.auth, NULL, NULL, REPORTS "/%s/packet", pc.rp.id), 200);
    status_is(call("GET", pc.w.upg.auth, ACCEPT_CSV, NULL, REPORTS "/%s/packet", pc.rp.id), 200);
    status_is(call("GET", th_admin_auth(), NULL, NULL, REPORTS "/%s/packet", pc.rp.id), 200);
    after = accesses_of(pc.rp.id);
    if (json_array_size(after) != json_array_size(before) + 3)
        th_fail("three packets, three access records: %s then %s", dump(before), dump(after));
    for (size_t i = 0; i < 3; i++) {
        const json_t *a = json_array_get(after, json_array_size(before) + i);

        str_is(a, "way", "packet", "a packet's access record");
        str_is(a, "key_role", i < 2 ? "upg" : "admin", "a packet's access record, oldest first");
        if (i < 2)
            str_is(a, "key_id", pc.w.upg.id, "the UPG's packet");
    }
    json_decref(after);
    /* The reporter sees them in the report's accesses too. */
    after = get_json(pc.w.reporter.auth, REPORTS "/%s/accesses?limit=200", pc.rp.id);
    if (json_array_size(json_object_get(after, "data")) != json_array_size(before) + 3)
        th_fail("the reporter's view of the accesses lacks the packets: %s", dump(after));
    json_decref(after);
    json_decref(before);
    free_packet_case(&pc);
}

/* ---- statistics --------------------------------------------------------------------------- */

/* One report of a statistics test. */
typedef struct stat_row {
    int unit; /* 0: the world's unit a, 1: unit b */
    const char *type;
    const char *kind;
    long long value;
    const char *received;
    const char *state;
    const char *outcome; /* for decided and handed_over */
} stat_row;

static bool is_state(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

/* Does a deadline still run in this state (slice A's table)? Then a report of a past year is overdue. */
static bool runs_a_deadline(const stat_row *row)
{
    return is_state(row->state, "submitted") || is_state(row->state, "verifying") ||
           is_state(row->state, "incomplete") || is_state(row->state, "forwarded") ||
           (is_state(row->state, "decided") && row->outcome && strcmp(row->outcome, "state_property") == 0);
}

/* File and walk every row (as the admin, for unit a or b); fails on any refusal. */
static void file_rows(const world *w, const stat_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        report rp;
        bool perishable = is_state(rows[i].state, "social_aid");
        char *extra = th_format("{\"type\":\"%s\",\"kind\":\"%s\",\"value_idr\":%lld,\"received_on\":\"%s\","
                                "\"perishable\":%s}",
                                rows[i].type, rows[i].kind, rows[i].value, rows[i].received,
                                perishable ? "true" : "false");

        file_report(&rp, th_admin_auth(), rows[i].unit == 0 ? w->a.id : w->b.id, extra);
        free(extra);
        walk_to(&rp, rows[i].received, rows[i].state, rows[i].outcome);
    }
}

/* The statistics document the spec promises for year over rows (unit: 0 or 1 for that unit's
 * only, -1 for all), counted here from the rows; new reference. */
static json_t *stats_of(const stat_row *rows, size_t n, int year, int unit)
{
    json_t *by_state = json_object();
    json_t *by_type = json_pack("{s:I, s:I}", "refusal", (json_int_t)0, "receipt", (json_int_t)0);
    json_t *by_kind = json_object();
    long long total = 0, overdue = 0, high = 0;
    char prefix[8];

    snprintf(prefix, sizeof prefix, "%04d-", year);
    for (size_t s = 0; s < N_COUNTED_STATES; s++)
        json_object_set_new(by_state, COUNTED_STATES[s], json_integer(0));
    for (size_t k = 0; k < N_KINDS; k++)
        json_object_set_new(by_kind, KINDS[k], json_pack("{s:I, s:I}", "count", (json_int_t)0, "total_idr",
                                                         (json_int_t)0));
    for (size_t i = 0; i < n; i++) {
        json_t *cell;

        if (is_state(rows[i].state, "draft") || strncmp(rows[i].received, prefix, 5) != 0 ||
            (unit >= 0 && rows[i].unit != unit))
            continue;
        total++;
        overdue += runs_a_deadline(&rows[i]);
        high += rows[i].value >= 10000000;
        json_object_set_new(by_state, rows[i].state,
                            json_integer(json_integer_value(json_object_get(by_state, rows[i].state)) + 1));
        json_object_set_new(by_type, rows[i].type,
                            json_integer(json_integer_value(json_object_get(by_type, rows[i].type)) + 1));
        cell = json_object_get(by_kind, rows[i].kind);
        json_object_set_new(cell, "count", json_integer(json_integer_value(json_object_get(cell, "count")) + 1));
        json_object_set_new(cell, "total_idr",
                            json_integer(json_integer_value(json_object_get(cell, "total_idr")) + rows[i].value));
    }
    return json_pack("{s:i, s:I, s:o, s:o, s:o, s:I, s:I}", "year", year, "total", (json_int_t)total, "by_state",
                     by_state, "by_type", by_type, "value_by_kind", by_kind, "overdue", (json_int_t)overdue,
                     "high_value", (json_int_t)high);
}

/* The gratification member of GET path?year= as auth; new reference. */
static json_t *summary_stats(const char *auth, const char *path, int year)
{
    json_t *doc = get_json(auth, "%s?year=%d", path, year);
    json_t *g = json_incref(json_object_get(doc, "gratification"));

    json_decref(doc);
    if (!json_is_object(g))
        th_fail("GET %s?year=%d has no gratification member", path, year);
    return g;
}

#define stats_equal(got, want, what) stats_equal_at(__FILE__, __LINE__, (got), (want), (what))

static void stats_equal_at(const char *file, int line, const json_t *got, const json_t *want, const char *what)
{
    if (!json_equal(got, want)) {
        char *g = dump(got), *w = dump(want);

        th_fail_at(file, line, "%s:\n  got  %s\n  want %s", what, g, w);
    }
}

/* A year's statistics must be untouched before a test counts over it. */
static void year_is_empty(int year)
{
    json_t *g = summary_stats(th_admin_auth(), "/v1/summary", year);

    if (th_json_int(g, "total") != 0)
        th_fail("the year %d already has counted reports: this test needs it to itself (does another suite file "
                "reports received in %d?): %s",
                year, year, dump(g));
    json_decref(g);
}

TH_TEST(test_year_statistics_are_exact_for_admin_and_upg_without_drafts_and_with_overdue_reports)
{
    /* 2021: every counted state, both types, four kinds, two high values; two drafts; one report
     * on each side of the year. */
    static const stat_row rows[] = {
        {0, "refusal", "money", 2000, "2021-01-01", "submitted", NULL},
        {0, "receipt", "money", 1500000, "2021-02-01", "verifying", NULL},
        {0, "receipt", "goods", 400000, "2021-03-01", "incomplete", NULL},
        {1, "receipt", "food", 300000, "2021-04-01", "lapsed", NULL},
        {1, "receipt", "money", 10000000, "2021-05-03", "forwarded", NULL},
        {0, "refusal", "goods", 50000, "2021-06-01", "recorded", NULL},
        {1, "receipt", "money", 2000000, "2021-07-01", "decided", "recipient_property"},
        {1, "receipt", "goods", 25000000, "2021-08-02", "handed_over", "state_property"},
        {0, "receipt", "food", 500000, "2021-09-01", "social_aid", NULL},
        {0, "receipt", "money", 100000, "2021-10-01", "submitted", NULL},
        {1, "receipt", "money", 3000000, "2021-11-01", "decided", "state_property"},
        {1, "receipt", "ticket", 750000, "2021-12-31", "returned_to_giver", NULL},
        {0, "receipt", "money", 9999999, "2021-11-15", "draft", NULL},
        {1, "refusal", "goods", 1000, "2021-11-16", "draft", NULL},
        {1, "receipt", "money", 999, "2020-12-31", "submitted", NULL},
        {0, "receipt", "money", 777, "2022-01-01", "submitted", NULL},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    world w;
    json_t *want, *got;
    long long before2020, before2022;

    year_is_empty(2021);
    got = summary_stats(th_admin_auth(), "/v1/summary", 2020);
    before2020 = th_json_int(got, "total");
    json_decref(got);
    got = summary_stats(th_admin_auth(), "/v1/summary", 2022);
    before2022 = th_json_int(got, "total");
    json_decref(got);
    make_world(&w);
    file_rows(&w, rows, N);

    want = stats_of(rows, N, 2021, -1);
    /* The dataset is what this test means it to be. */
    int_is(want, "total", 12, "the 2021 rows");
    int_is(want, "overdue", 6, "the 2021 rows");
    int_is(want, "high_value", 2, "the 2021 rows");
    got = summary_stats(th_admin_auth(), "/v1/summary", 2021);
    stats_equal(got, want, "the admin's statistics of 2021");
    json_decref(got);
    got = summary_stats(w.upg.auth, "/v1/summary", 2021);
    stats_equal(got, want, "the UPG's statistics of 2021");
    json_decref(got);
    json_decref(want);
    /* The reports just outside the year count in theirs. */
    got = summary_stats(th_admin_auth(), "/v1/summary", 2020);
    int_is(got, "total", before2020 + 1, "2020 (one report received 2020-12-31)");
    json_decref(got);
    got = summary_stats(th_admin_auth(), "/v1/summary", 2022);
    int_is(got, "total", before2022 + 1, "2022 (one report received 2022-01-01)");
    json_decref(got);

    /* A unit's own figures: exact for its officer, the UPG and the admin, never suppressed. */
    for (int u = 0; u < 2; u++) {
        const char *unit_id = u == 0 ? w.a.id : w.b.id;
        char path[128];

        snprintf(path, sizeof path, "/v1/units/%s/gratification-summary", unit_id);
        want = stats_of(rows, N, 2021, u);
        {
            const char *readers[] = {th_admin_auth(), w.upg.auth, u == 0 ? w.officer_a.auth : w.officer_b.auth};

            for (size_t i = 0; i < 3; i++) {
                got = get_json(readers[i], "%s?year=2021", path);
                stats_equal(got, want, u == 0 ? "unit a's statistics of 2021" : "unit b's statistics of 2021");
                json_decref(got);
            }
        }
        json_decref(want);
    }
    /* No year: this year's (none of these units' reports). */
    {
        char year_text[11];
        json_t *none = stats_of(rows, 0, 0, 0);

        ymd_of(today(), year_text);
        year_text[4] = '\0';
        json_object_set_new(none, "year", json_integer(strtol(year_text, NULL, 10)));
        got = get_json(w.officer_a.auth, "/v1/units/%s/gratification-summary", w.a.id);
        stats_equal(got, none, "unit a's statistics of this year (no year given)");
        json_decref(got);
        json_decref(none);
    }
}

TH_TEST(test_unit_statistics_are_refused_to_other_units_officers_evaluators_employees_404_unknown)
{
    world w;
    char missing[37];

    make_world(&w);
    th_random_uuid(missing);
    refused(call("GET", w.officer_a.auth, NULL, NULL, "/v1/units/%s/gratification-summary?year=2021", w.b.id), 403,
            P_FORBIDDEN, NULL, NULL);
    refused(call("GET", w.evaluator.auth, NULL, NULL, "/v1/units/%s/gratification-summary", w.a.id), 403,
            P_FORBIDDEN, NULL, NULL);
    refused(call("GET", w.reporter.auth, NULL, NULL, "/v1/units/%s/gratification-summary", w.a.id), 403, P_FORBIDDEN,
            NULL, NULL);
    refused(call("GET", NULL, NULL, NULL, "/v1/units/%s/gratification-summary", w.a.id), 401, P_UNAUTHORIZED, NULL,
            NULL);
    refused(call("GET", th_admin_auth(), NULL, NULL, "/v1/units/%s/gratification-summary", missing), 404, P_NOT_FOUND,
            NULL, NULL);
    refused(call("GET", w.upg.auth, NULL, NULL, "/v1/units/%s/gratification-summary?year=1999", w.a.id), 400,
            P_INVALID, "year", NULL);
}

TH_TEST(test_year_statistics_hide_counts_under_three_and_a_complement_from_all_but_admin_and_upg)
{
    /*
     * 2023, designed so that each rule shows:
     *   by_state: submitted 1 (hidden), verifying 3 (hidden with it: the smallest other non-zero
     *     cell, or submitted could be worked out from the total), recorded 4 and forwarded 5 stay,
     *     the zeros stay;
     *   by_type: refusal 5, receipt 8: nothing hidden;
     *   value_by_kind: goods 1 and food 2 hidden (count and total_idr); two hidden cells need no
     *     complement: money 3 (the threshold itself) and service 7 stay;
     *   total 13 and overdue 9 stay; high_value 1 is hidden.
     */
    static const stat_row rows[] = {
        {0, "refusal", "goods", 100000, "2023-01-10", "submitted", NULL},
        {0, "refusal", "food", 50000, "2023-02-10", "recorded", NULL},
        {0, "refusal", "food", 60000, "2023-03-10", "recorded", NULL},
        {0, "refusal", "money", 20000, "2023-04-10", "recorded", NULL},
        {0, "refusal", "money", 30000, "2023-05-10", "recorded", NULL},
        {0, "receipt", "money", 1000000, "2023-06-12", "verifying", NULL},
        {0, "receipt", "service", 200000, "2023-07-10", "verifying", NULL},
        {0, "receipt", "service", 300000, "2023-08-10", "verifying", NULL},
        {0, "receipt", "service", 400000, "2023-09-11", "forwarded", NULL},
        {0, "receipt", "service", 500000, "2023-10-10", "forwarded", NULL},
        {0, "receipt", "service", 600000, "2023-11-10", "forwarded", NULL},
        {0, "receipt", "service", 700000, "2023-11-20", "forwarded", NULL},
        {0, "receipt", "service", 15000000, "2023-12-11", "forwarded", NULL},
        {0, "receipt", "money", 5000, "2023-12-12", "draft", NULL},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    world w;
    json_t *exact, *hidden, *got;

    year_is_empty(2023);
    make_world(&w);
    file_rows(&w, rows, N);
    exact = stats_of(rows, N, 2023, -1);
    /* The design holds. */
    {
        const json_t *st = json_object_get(exact, "by_state");
        const json_t *kinds = json_object_get(exact, "value_by_kind");

        int_is(st, "submitted", 1, "design");
        int_is(st, "verifying", 3, "design");
        int_is(st, "recorded", 4, "design");
        int_is(st, "forwarded", 5, "design");
        int_is(json_object_get(exact, "by_type"), "refusal", 5, "design");
        int_is(json_object_get(kinds, "goods"), "count", 1, "design");
        int_is(json_object_get(kinds, "food"), "count", 2, "design");
        int_is(json_object_get(kinds, "money"), "count", 3, "design");
        int_is(json_object_get(kinds, "service"), "count", 7, "design");
        int_is(exact, "total", 13, "design");
        int_is(exact, "overdue", 9, "design");
        int_is(exact, "high_value", 1, "design");
    }
    hidden = json_deep_copy(exact);
    json_object_set_new(json_object_get(hidden, "by_state"), "submitted", json_null());
    json_object_set_new(json_object_get(hidden, "by_state"), "verifying", json_null());
    json_object_set_new(json_object_get(hidden, "value_by_kind"), "goods",
                        json_pack("{s:n, s:n}", "count", "total_idr"));
    json_object_set_new(json_object_get(hidden, "value_by_kind"), "food",
                        json_pack("{s:n, s:n}", "count", "total_idr"));
    json_object_set_new(hidden, "high_value", json_null());
    json_object_set_new(hidden, "suppressed_below", json_integer(3));

    /* Admins and the UPG: exact, and no suppressed_below. */
    got = summary_stats(th_admin_auth(), "/v1/summary", 2023);
    stats_equal(got, exact, "the admin's statistics of 2023");
    json_decref(got);
    got = summary_stats(w.upg.auth, "/v1/summary", 2023);
    stats_equal(got, exact, "the UPG's statistics of 2023");
    json_decref(got);
    /* Everyone else: suppressed. */
    got = summary_stats(NULL, "/v1/public/summary", 2023);
    stats_equal(got, hidden, "the public statistics of 2023");
    json_decref(got);
    /* The public document is the same whoever asks: an admin's key changes nothing there. */
    got = summary_stats(th_admin_auth(), "/v1/public/summary", 2023);
    stats_equal(got, hidden, "the public statistics of 2023 read with an admin key");
    json_decref(got);
    {
        const struct {
            const char *label;
            const char *auth;
        } others[] = {
            {"an evaluator's statistics of 2023", w.evaluator.auth},
            {"a unit officer's statistics of 2023", w.officer_a.auth},
            {"an employee's statistics of 2023", w.reporter.auth},
        };

        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
            got = summary_stats(others[i].auth, "/v1/summary", 2023);
            stats_equal(got, hidden, others[i].label);
            json_decref(got);
        }
    }
    /* The unit's own figures stay exact for its officer, small groups included. */
    got = get_json(w.officer_a.auth, "/v1/units/%s/gratification-summary?year=2023", w.a.id);
    {
        json_t *unit_exact = stats_of(rows, N, 2023, 0);

        stats_equal(got, unit_exact, "the officer's own unit's statistics of 2023 (never suppressed)");
        json_decref(unit_exact);
    }
    json_decref(got);
    json_decref(hidden);
    json_decref(exact);
}

/* ---- retention ---------------------------------------------------------------------------- */

#define POLICIES "/v1/retention-policies"
#define KIND_IDENTITY "gratification_reporter_identity"
#define KIND_EVIDENCE "gratification_evidence"

/* The policies as the tcase found them (unchecked setup, in the runner process), to restore. */
static json_t *saved_policies;

static json_t *policies_now(void)
{
    json_t *all = list_all(th_admin_auth(), POLICIES "?limit=200");

    return all;
}

/* PATCH a policy as the admin with If-Match of its current version; the answer (owned). */
static th_response *patch_policy(const char *kind, const char *body)
{
    json_t *all = policies_now();
    const json_t *p = item_by(all, "kind", kind);
    char im[48];
    th_response *r;

    if (!p)
        th_fail("no retention policy %s: %s", kind, dump(all));
    snprintf(im, sizeof im, "If-Match: \"%lld\"", th_json_int(p, "version"));
    json_decref(all);
    r = call("PATCH", th_admin_auth(), im, body, POLICIES "/%s", kind);
    return r;
}

static void set_policy(const char *kind, long long keep_days, const char *source)
{
    json_t *body = source ? json_pack("{s:I, s:s}", "keep_days", (json_int_t)keep_days, "source", source)
                          : json_pack("{s:I}", "keep_days", (json_int_t)keep_days);
    char *text = json_dumps(body, JSON_COMPACT);
    th_response *r = patch_policy(kind, text);

    if (r->status != 200)
        th_fail("PATCH %s %s: expected 200, got %s", kind, text, th_describe(r));
    int_is(r->json, "keep_days", keep_days, "the patched policy");
    th_response_free(r);
    free(text);
    json_decref(body);
}

static void save_policies(void)
{
    th_response *r = th_try_request("GET", POLICIES "?limit=200", NULL, (const char *const[]){th_admin_auth(), NULL});

    saved_policies = r && r->status == 200 ? json_incref(json_object_get(r->json, "data")) : NULL;
    th_response_free(r);
}

/* Unchecked teardown: put back keep_days and source of each policy a failed test may have left
 * changed (no assertions: it is not inside a test). */
static void restore_policies(void)
{
    size_t i;
    const json_t *p;

    json_array_foreach(saved_policies, i, p) {
        json_t *body = json_pack("{s:O, s:O}", "keep_days", json_object_get(p, "keep_days"), "source",
                                 json_object_get(p, "source"));
        char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
        char *path = th_format(POLICIES "/%s", th_json_str(p, "kind"));
        th_response *r = text ? th_try_request("PATCH", path, text,
                                               (const char *const[]){th_admin_auth(), "If-Match: *", NULL})
                              : NULL;

        if (!r || r->status != 200)
            fprintf(stderr, "report_files: could not restore retention policy %s\n", th_json_str(p, "kind"));
        th_response_free(r);
        free(path);
        free(text);
        json_decref(body);
    }
    json_decref(saved_policies);
    saved_policies = NULL;
}

TH_TEST(test_retention_policies_are_admin_only_and_change_under_if_match_within_1_to_36500_days)
{
    world w;
    json_t *all, *orig;
    const json_t *p;
    size_t i;
    th_response *r;
    char im[48];
    long long version;
    char *long_source;

    make_world(&w);
    all = policies_now();
    if (json_array_size(all) != 2 || !item_by(all, "kind", KIND_IDENTITY) || !item_by(all, "kind", KIND_EVIDENCE))
        th_fail("exactly the two policies of the spec expected: %s", dump(all));
    json_array_foreach(all, i, p) {
        members_are(p, "kind,keep_days,source,created_at,updated_at,version", "a retention policy");
        int_is(p, "keep_days", 1826, "a seeded retention policy (5 years)");
        if (!th_json_str(p, "source") || !strstr(th_json_str(p, "source"), "unconfirmed"))
            th_fail("a seeded policy's source should say it is unconfirmed: %s", dump(p));
    }
    orig = json_deep_copy(item_by(all, "kind", KIND_EVIDENCE));
    json_decref(all);
    version = th_json_int(orig, "version");

    /* Nobody else lists, changes or runs. */
    {
        const char *others[] = {w.upg.auth, w.evaluator.auth, w.officer_a.auth, w.reporter.auth, NULL};

        for (size_t k = 0; k < 5; k++) {
            long st = others[k] ? 403 : 401;
            const char *type = others[k] ? P_FORBIDDEN : P_UNAUTHORIZED;

            refused(call("GET", others[k], NULL, NULL, POLICIES), st, type, NULL, NULL);
            refused(call("PATCH", others[k], "If-Match: *", "{\"keep_days\":1}", POLICIES "/" KIND_EVIDENCE), st, type,
                    NULL, NULL);
            refused(call("POST", others[k], NULL, NULL, "/v1/retention/run"), st, type, NULL, NULL);
        }
    }
    /* If-Match: absent 428, stale 412. */
    refused(call("PATCH", th_admin_auth(), NULL, "{\"keep_days\":1000}", POLICIES "/" KIND_EVIDENCE), 428,
            P_PRECONDITION_REQUIRED, NULL, NULL);
    snprintf(im, sizeof im, "If-Match: \"%lld\"", version + 7);
    refused(call("PATCH", th_admin_auth(), im, "{\"keep_days\":1000}", POLICIES "/" KIND_EVIDENCE), 412,
            P_PRECONDITION_FAILED, NULL, NULL);
    /* Bounds and members, with the right If-Match. */
    snprintf(im, sizeof im, "If-Match: \"%lld\"", version);
    refused(call("PATCH", th_admin_auth(), im, "{\"keep_days\":0}", POLICIES "/" KIND_EVIDENCE), 400, P_INVALID,
            "/keep_days", "out_of_range");
    refused(call("PATCH", th_admin_auth(), im, "{\"keep_days\":36501}", POLICIES "/" KIND_EVIDENCE), 400, P_INVALID,
            "/keep_days", "out_of_range");
    refused(call("PATCH", th_admin_auth(), im, "{\"keep_days\":\"1826\"}", POLICIES "/" KIND_EVIDENCE), 400,
            P_INVALID, "/keep_days", "invalid_type");
    refused(call("PATCH", th_admin_auth(), im, "{\"source\":\"\"}", POLICIES "/" KIND_EVIDENCE), 400, P_INVALID,
            "/source", "too_short");
    long_source = malloc(520);
    if (!long_source)
        th_fail("out of memory");
    memcpy(long_source, "{\"source\":\"", 11);
    memset(long_source + 11, 'x', 501);
    memcpy(long_source + 512, "\"}", 3);
    refused(call("PATCH", th_admin_auth(), im, long_source, POLICIES "/" KIND_EVIDENCE), 400, P_INVALID, "/source",
            "too_long");
    free(long_source);
    refused(call("PATCH", th_admin_auth(), im, "{\"kind\":\"" KIND_IDENTITY "\"}", POLICIES "/" KIND_EVIDENCE), 400,
            P_INVALID, "/kind", "read_only");
    refused(call("PATCH", th_admin_auth(), im, "{\"keep_years\":5}", POLICIES "/" KIND_EVIDENCE), 400, P_INVALID,
            "/keep_years", "unknown_field");
    refused(call("PATCH", th_admin_auth(), "If-Match: *", "{\"keep_days\":10}", POLICIES "/gratification_everything"),
            404, P_NOT_FOUND, NULL, NULL);
    /* Nothing of that changed it. */
    all = policies_now();
    if (!json_equal(item_by(all, "kind", KIND_EVIDENCE), orig))
        th_fail("a refused PATCH changed the policy: %s", dump(all));
    json_decref(all);

    /* The bounds themselves are accepted; each change raises the version, with its ETag. */
    r = call("PATCH", th_admin_auth(), im, "{\"keep_days\":36500,\"source\":\"[Uji] batas atas\"}",
             POLICIES "/" KIND_EVIDENCE);
    th_assert_status(r, 200);
    members_are(r->json, "kind,keep_days,source,created_at,updated_at,version", "the patched policy");
    int_is(r->json, "keep_days", 36500, "the patched policy");
    str_is(r->json, "source", "[Uji] batas atas", "the patched policy");
    str_is(r->json, "kind", KIND_EVIDENCE, "the patched policy");
    int_is(r->json, "version", version + 1, "the patched policy");
    snprintf(im, sizeof im, "\"%lld\"", version + 1);
    if (!th_header(r, "ETag") || strcmp(th_header(r, "ETag"), im) != 0)
        th_fail("the patched policy's ETag should be %s: %s", im, th_describe(r));
    th_response_free(r);
    snprintf(im, sizeof im, "If-Match: \"%lld\"", version + 1);
    r = call("PATCH", th_admin_auth(), im, "{\"keep_days\":1}", POLICIES "/" KIND_EVIDENCE);
    th_assert_status(r, 200);
    int_is(r->json, "keep_days", 1, "the patched policy");
    str_is(r->json, "source", "[Uji] batas atas", "a PATCH of keep_days only keeps the source");
    th_response_free(r);
    /* The other policy is untouched; restore this one. */
    all = policies_now();
    int_is(item_by(all, "kind", KIND_IDENTITY), "keep_days", 1826, "the other policy");
    json_decref(all);
    set_policy(KIND_EVIDENCE, th_json_int(orig, "keep_days"), th_json_str(orig, "source"));
    all = policies_now();
    int_is(item_by(all, "kind", KIND_EVIDENCE), "keep_days", th_json_int(orig, "keep_days"), "the restored policy");
    str_is(item_by(all, "kind", KIND_EVIDENCE), "source", th_json_str(orig, "source"), "the restored policy");
    json_decref(all);
    json_decref(orig);
}

/* Six reporter members all null (erased) or all rp's. */
static void identity_erased(const json_t *j, bool erased, const report *rp, const char *what)
{
    for (size_t k = 0; k < N_IDENTITY; k++) {
        if (erased)
            null_is(j, IDENTITY[k], what);
    }
    if (erased) {
        if (!th_json_str(j, "identity_erased_at") || strlen(th_json_str(j, "identity_erased_at")) < 20)
            th_fail("%s: identity_erased_at should be set: %s", what, dump(j));
    } else {
        str_is(j, "reporter_nik", rp->nik, what);
        str_is(j, "reporter_name", rp->name, what);
        str_is(j, "reporter_nip", TU_NIP, what);
        null_is(j, "identity_erased_at", what);
    }
}

TH_TEST(test_retention_run_erases_identities_and_files_of_reports_closed_long_enough_ago_and_nothing_else)
{
    world w;
    report r1, r2, r3;
    efile f1, f2, f3;
    char e1[37], e2[37], e3[37];
    long long expect_identities = 0, expect_files = 0;
    long keep_identity, keep_evidence;
    json_t *j, *orig, *items;
    th_response *r;
    char now[11];
    size_t i;
    const json_t *item;

    make_world(&w);
    orig = policies_now();
    /* r1 closed 2019-01-03, r2 2019-01-04 (both filed by the reporter, with files); r3 still open. */
    file_report(&r1, w.reporter.auth, w.a.id, "{\"type\":\"refusal\",\"received_on\":\"2019-01-01\"}");
    file_report(&r2, w.reporter.auth, w.a.id, "{\"type\":\"refusal\",\"received_on\":\"2019-01-02\"}");
    file_report(&r3, w.reporter.auth, w.a.id, "{\"received_on\":\"2019-01-01\"}");
    make_file(&f1, "png");
    make_file(&f2, "pdf");
    make_file(&f3, "jpeg");
    uploaded(w.reporter.auth, w.reporter.id, &r1, &f1, "foto.png", e1);
    uploaded(w.reporter.auth, w.reporter.id, &r1, &f2, "surat.pdf", e2);
    uploaded(w.reporter.auth, w.reporter.id, &r2, &f3, "kuitansi.jpg", e3);
    walk_to(&r1, "2019-01-01", "recorded", NULL);
    walk_to(&r2, "2019-01-02", "recorded", NULL);
    walk_to(&r3, "2019-01-01", "submitted", NULL);
    j = get_json(th_admin_auth(), REPORTS "/%s", r1.id);
    str_is(j, "closed_on", "2019-01-03", "r1");
    json_decref(j);
    j = get_json(th_admin_auth(), REPORTS "/%s", r2.id);
    str_is(j, "closed_on", "2019-01-04", "r2");
    json_decref(j);

    /* Identities kept until 2019-01-03 + keep days = today: r1's is due, r2's one day short.
     * Files kept one day less: both reports' are due. */
    keep_identity = today() - day_of("2019-01-03");
    keep_evidence = today() - day_of("2019-01-04");
    /* What is due, counted from the reports (all closed on or before the cutoffs, of whatever test). */
    items = list_all(th_admin_auth(), REPORTS "?received_to=2019-01-04&limit=200");
    json_array_foreach(items, i, item) {
        const char *closed = th_json_str(item, "closed_on");

        if (!closed)
            continue;
        if (day_of(closed) <= day_of("2019-01-03") && json_is_null(json_object_get(item, "identity_erased_at")))
            expect_identities++;
        if (day_of(closed) <= day_of("2019-01-04")) {
            json_t *files = evidence_of(th_admin_auth(), th_json_str(item, "id"), 200);
            size_t k;
            const json_t *f;

            json_array_foreach(files, k, f) {
                expect_files += json_is_false(json_object_get(f, "erased"));
            }
            json_decref(files);
        }
    }
    json_decref(items);
    if (expect_identities < 1 || expect_files < 3)
        th_fail("the reports of this test should be due (%lld identities, %lld files)", expect_identities,
                expect_files);
    set_policy(KIND_IDENTITY, keep_identity, NULL);
    set_policy(KIND_EVIDENCE, keep_evidence, NULL);

    /* The UPG may not run it; the admin does. */
    refused(call("POST", w.upg.auth, NULL, NULL, "/v1/retention/run"), 403, P_FORBIDDEN, NULL, NULL);
    j = get_json(w.reporter.auth, REPORTS "/%s", r1.id);
    identity_erased(j, false, &r1, "r1 before the run");
    json_decref(j);
    r = call("POST", th_admin_auth(), NULL, NULL, "/v1/retention/run");
    th_assert_status(r, 200);
    ymd_of(today(), now);
    members_are(r->json, "as_of,identities_erased,evidence_erased", "the run's answer");
    str_is(r->json, "as_of", now, "the run's answer");
    int_is(r->json, "identities_erased", expect_identities, "the run's answer");
    int_is(r->json, "evidence_erased", expect_files, "the run's answer");
    th_response_free(r);

    /* r1: no identity any more; the rest of the report stays. */
    j = get_json(th_admin_auth(), REPORTS "/%s", r1.id);
    identity_erased(j, true, &r1, "r1 after the run (admin)");
    str_is(j, "giver_name", "[Uji] PT Pemberi Berkas", "r1 after the run");
    str_is(j, "state", "recorded", "r1 after the run");
    {
        char *text = dump(j);

        no_identity_in(&r1, text, strlen(text), "r1 after the run");
        if (strstr(text, TU_NIP))
            th_fail("r1 after the run still holds the reporter's NIP: %s", text);
        free(text);
    }
    json_decref(j);
    j = get_json(w.upg.auth, REPORTS "/%s", r1.id);
    identity_erased(j, true, &r1, "r1 after the run (upg)");
    json_decref(j);
    /* r2 (closed a day later) and r3 (open) keep theirs. */
    j = get_json(th_admin_auth(), REPORTS "/%s", r2.id);
    identity_erased(j, false, &r2, "r2 after the run");
    json_decref(j);
    j = get_json(th_admin_auth(), REPORTS "/%s", r3.id);
    identity_erased(j, false, &r3, "r3 after the run");
    json_decref(j);

    /* The files of r1 and r2 lost their bytes, not their hashes. */
    {
        const struct {
            const report *rp;
            const char *id;
            const efile *f;
        } gone[] = {{&r1, e1, &f1}, {&r1, e2, &f2}, {&r2, e3, &f3}};

        for (size_t k = 0; k < 3; k++) {
            json_t *files = evidence_of(th_admin_auth(), gone[k].rp->id, 50);
            const json_t *meta = item_by(files, "id", gone[k].id);

            if (!meta)
                th_fail("an erased efile should stay listed: %s", dump(files));
            bool_is(meta, "erased", true, "an erased file");
            str_is(meta, "sha256", gone[k].f->sha, "an erased efile keeps its hash");
            json_decref(files);
            r = call("GET", th_admin_auth(), NULL, NULL, REPORTS "/%s/evidence/%s", gone[k].rp->id, gone[k].id);
            th_assert_problem(r, 404, P_NOT_FOUND);
            if (!th_json_str(r->json, "detail") || r->body_len < 40 ||
                contains(r->body, r->body_len, "zt-evidence-"))
                th_fail("an erased file: a 404 saying so, without the bytes: %s", th_describe(r));
            th_response_free(r);
        }
    }

    /* The former reporter no longer sees r1: nothing ties it to them. */
    refused(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s", r1.id), 404, P_NOT_FOUND, NULL, NULL);
    refused(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s/evidence", r1.id), 404, P_NOT_FOUND, NULL, NULL);
    status_is(call("GET", w.reporter.auth, NULL, NULL, REPORTS "/%s", r2.id), 200);
    items = list_all(w.reporter.auth, REPORTS "?limit=200");
    if (item_by(items, "id", r1.id) || !item_by(items, "id", r2.id) || !item_by(items, "id", r3.id))
        th_fail("the former reporter's list should hold r2 and r3, not r1: %s", dump(items));
    json_decref(items);

    /* The chain still verifies; a second run finds nothing more. */
    j = get_json(th_admin_auth(), "/v1/audit/verify");
    bool_is(j, "ok", true, "the audit chain after the erasure");
    null_is(j, "first_broken_seq", "the audit chain after the erasure");
    json_decref(j);
    r = call("POST", th_admin_auth(), NULL, NULL, "/v1/retention/run");
    th_assert_status(r, 200);
    int_is(r->json, "identities_erased", 0, "a second run");
    int_is(r->json, "evidence_erased", 0, "a second run");
    th_response_free(r);

    /* Put the policies back as they were. */
    json_array_foreach(orig, i, item) {
        set_policy(th_json_str(item, "kind"), th_json_int(item, "keep_days"), th_json_str(item, "source"));
    }
    json_decref(orig);
    free_file(&f1);
    free_file(&f2);
    free_file(&f3);
}

Suite *report_files_suite(void)
{
    Suite *s = suite_create("report_files");
    TCase *evidence = tcase_create("evidence");
    TCase *packet = tcase_create("packet");
    TCase *stats = tcase_create("statistics");
    TCase *retention = tcase_create("retention");

    tcase_set_timeout(evidence, 240);
    tcase_set_timeout(packet, 120);
    tcase_set_timeout(stats, 240);
    tcase_set_timeout(retention, 120);
    tcase_add_test(evidence, test_evidence_of_each_accepted_type_is_stored_with_its_sha256_and_returned_byte_for_byte);
    tcase_add_test(evidence, test_evidence_download_sanitises_a_hostile_filename_and_a_304_makes_no_access_record);
    tcase_add_test(evidence, test_every_download_by_the_reporter_upg_or_admin_leaves_an_access_record_way_evidence);
    tcase_add_test(evidence, test_evidence_content_decides_the_type_and_a_mismatch_or_unknown_content_is_415);
    tcase_add_test(evidence, test_evidence_upload_refuses_a_path_in_the_filename_a_201_character_name_and_over_5_mib);
    tcase_add_test(evidence, test_evidence_filename_with_control_characters_is_400_control_character);
    tcase_add_test(evidence, test_evidence_upload_of_an_empty_body_is_400_and_not_a_json_problem);
    tcase_add_test(evidence, test_evidence_is_refused_on_a_closed_report_and_beyond_twenty_files);
    tcase_add_test(evidence, test_evidence_is_reached_by_the_reporter_upg_and_admin_only_and_a_404_for_other_employees);
    tcase_add_test(evidence, test_evidence_audit_record_holds_the_sha256_and_neither_the_file_name_nor_the_bytes);
    suite_add_tcase(s, evidence);

    tcase_add_test(packet, test_packet_is_409_until_the_upg_has_verified_the_report);
    tcase_add_test(packet, test_packet_json_holds_every_member_of_the_spec_for_a_verified_report);
    tcase_add_test(packet, test_packet_csv_has_a_field_value_header_dotted_names_and_rfc_4180_quoting);
    tcase_add_test(packet, test_packet_reads_are_access_records_and_employees_officers_evaluators_are_refused);
    suite_add_tcase(s, packet);

    tcase_add_test(stats, test_year_statistics_are_exact_for_admin_and_upg_without_drafts_and_with_overdue_reports);
    tcase_add_test(stats, test_year_statistics_hide_counts_under_three_and_a_complement_from_all_but_admin_and_upg);
    tcase_add_test(stats, test_unit_statistics_are_refused_to_other_units_officers_evaluators_employees_404_unknown);
    suite_add_tcase(s, stats);

    /* The policies are shared by the whole database: put back whatever a failed test left. */
    tcase_add_unchecked_fixture(retention, save_policies, restore_policies);
    tcase_add_test(retention, test_retention_policies_are_admin_only_and_change_under_if_match_within_1_to_36500_days);
    tcase_add_test(retention,
                   test_retention_run_erases_identities_and_files_of_reports_closed_long_enough_ago_and_nothing_else);
    suite_add_tcase(s, retention);
    return s;
}
