/*
 * test_commitments.c — the integrity commitments functions of libzi against the live server:
 * declarations (create, get, If-Match update, 409 for a second one, unit scope), integrity
 * pact signatures (one signing, a CSV and a JSON bulk upload, the 422 of a bad upload with
 * every bad row in the problem's "rows", coverage of a unit and of the city, the personal
 * fields each key may see), service pledges (the city's 7S, a unit's pledge based on it,
 * one active at a time, deactivation with If-Match), and argument checking.
 *
 * Every test works on units of its own, so the suite can run twice against one database
 * (run.sh does: forked, then in-process under valgrind).
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_such_id = "00000000-0000-4000-8000-000000000000";

/* "<year>-01-<day>" into buf. */
static const char *jan(char *buf, size_t cap, int year, int day)
{
    snprintf(buf, cap, "%04d-01-%02d", year, day);
    return buf;
}

/* A new unit of kind other; staff_count < 0 leaves it unknown. Returns the Unit (new). */
static json_t *new_unit(zi_client *admin, const char *tag, int staff_count)
{
    char code[48];
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", th_unique_code(code, sizeof code, tag),
                             "name", "[Contoh] SDK commitments unit", "kind", "other");
    json_t *unit = NULL;
    zi_status st;

    if (staff_count >= 0)
        json_object_set_new(body, "staff_count", json_integer(staff_count));
    st = zi_units_create(admin, body, NULL, &unit, NULL);
    json_decref(body);
    th_assert_status(admin, st, ZI_OK);
    return unit;
}

/* What every test starts from: a client with a fresh admin key and one with no key, the
 * current year (UTC), and a new unit of the test's own. */
typedef struct fixture {
    zi_client *admin;
    zi_client *anon;
    int year;
    json_t *unit;        /* the Unit */
    const char *unit_id; /* its id (borrowed from unit) */
} fixture;

/* Fill f; the unit gets a code from tag and staff_count (< 0: unknown). */
static void fixture_open(fixture *f, const char *tag, int staff_count)
{
    f->admin = th_client_admin();
    f->anon = th_client_anonymous();
    f->year = th_utc_year();
    f->unit = new_unit(f->admin, tag, staff_count);
    f->unit_id = th_str(f->unit, "id");
}

static void fixture_close(fixture *f)
{
    json_decref(f->unit);
    zi_client_free(f->anon);
    zi_client_free(f->admin);
}

/* Does the last error of c have a field error (field, code)? */
static int has_field_error(zi_client *c, const char *field, const char *code)
{
    const zi_error *e = zi_last_error(c);
    size_t i;

    for (i = 0; i < e->n_field_errors; i++)
        if (strcmp(e->field_errors[i].field, field) == 0 &&
            strcmp(e->field_errors[i].code, code) == 0)
            return 1;
    return 0;
}

#define assert_field_error(c, field, code)                                                    \
    ck_assert_msg(has_field_error(c, field, code), "no field error %s %s in %s: %s", field,    \
                  code, zi_last_error(c)->type, zi_last_error(c)->detail)

/* ---- declarations ------------------------------------------------------------------------- */

START_TEST(test_declarations)
{
    fixture f;
    char date[24];
    json_t *body;
    json_t *decl = NULL;
    json_t *got = NULL;
    json_t *out = NULL;
    json_t *patch;
    json_t *page = NULL;
    json_t *items;
    json_t *d;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_declaration_list_params p = ZI_DECLARATION_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t i;
    size_t n = 0;
    char id[64];

    fixture_open(&f, "decl", -1);
    body = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:[s, s]}", "unit_id", f.unit_id, "year",
                     f.year, "declared_on", jan(date, sizeof date, f.year, 1), "place",
                     "Aula [Contoh]", "signer_name", "[Contoh] Kepala Unit", "signer_position",
                     "Kepala", "witnesses", "Saksi Satu", "Saksi Dua");
    th_assert_status(f.admin, zi_declarations_create(f.admin, body, NULL, &decl, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(decl, "scope"), "unit");
    ck_assert_str_eq(th_str(decl, "unit_id"), f.unit_id);
    ck_assert_int_eq(th_int(decl, "year"), f.year);
    ck_assert_int_eq(th_int(decl, "version"), 1);
    ck_assert_uint_eq(json_array_size(json_object_get(decl, "witnesses")), 2);
    ck_assert(json_is_null(json_object_get(decl, "document_ref")));
    snprintf(id, sizeof id, "%s", th_str(decl, "id"));

    /* Public read, with the same ETag. */
    th_assert_status(f.anon, zi_declarations_get(f.anon, id, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"1\"");
    ck_assert_msg(json_equal(got, decl), "getDeclaration differs from what createDeclaration answered");
    json_decref(got);

    /* Update with If-Match from the ETag; then the same ETag is stale; none at all is 428. */
    patch = json_pack("{s:s, s:s}", "note", "Diperbarui oleh SDK", "document_ref",
                      "800/SDK/417.101/2026");
    m.etag = etag.value;
    th_assert_status(f.admin, zi_declarations_update(f.admin, id, &m, patch, &out, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_str_eq(th_str(out, "note"), "Diperbarui oleh SDK");
    ck_assert_int_eq(th_int(out, "version"), 2);
    json_decref(out);
    th_assert_status(f.admin, zi_declarations_update(f.admin, id, &m, patch, &out, NULL),
                     ZI_E_PRECONDITION_FAILED);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 412);
    th_assert_status(f.admin, zi_declarations_update(f.admin, id, NULL, patch, &out, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 428);
    json_decref(patch);
    /* year is create-only. */
    patch = json_pack("{s:i}", "year", f.year - 1);
    m.etag = NULL;
    m.version = 2;
    th_assert_status(f.admin, zi_declarations_update(f.admin, id, &m, patch, &out, NULL),
                     ZI_E_BAD_REQUEST);
    assert_field_error(f.admin, "/year", "read_only");
    json_decref(patch);

    /* A second declaration for the same unit and year: 409, field /year code duplicate. */
    json_object_set_new(body, "place", json_string("Tempat lain"));
    th_assert_status(f.admin, zi_declarations_create(f.admin, body, NULL, &out, NULL),
                     ZI_E_CONFLICT);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 409);
    ck_assert_str_eq(zi_last_error(f.admin)->type, "urn:zi:problem:conflict");
    assert_field_error(f.admin, "/year", "duplicate");
    ck_assert_ptr_null(out);

    /* An unknown unit: 422 /unit_id not_found. */
    json_object_set_new(body, "unit_id", json_string(no_such_id));
    th_assert_status(f.admin, zi_declarations_create(f.admin, body, NULL, &out, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.admin, "/unit_id", "not_found");
    json_decref(body);

    /* Lists: by unit, by year and scope, and the pager. */
    p.unit_id = f.unit_id;
    th_assert_status(f.anon, zi_declarations_list(f.anon, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "id"), id);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "note"),
                     "Diperbarui oleh SDK");
    json_decref(page);
    p = (zi_declaration_list_params)ZI_DECLARATION_LIST_PARAMS_INIT;
    p.year = 2023;
    p.scope = "city";
    th_assert_status(f.anon, zi_declarations_list(f.anon, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1); /* the demo data's */
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "signer_name"),
                     "Ika Puspitasari");
    ck_assert(json_is_null(json_object_get(json_array_get(json_object_get(page, "data"), 0),
                                           "unit_id")));
    json_decref(page);
    p = (zi_declaration_list_params)ZI_DECLARATION_LIST_PARAMS_INIT;
    p.scope = "unit";
    p.year = f.year;
    p.sort = "declared_on";
    p.limit = 2;
    th_assert_status(f.anon, zi_declarations_pager_new(f.anon, &p, &pager), ZI_OK);
    items = th_drain(f.anon, pager);
    json_array_foreach(items, i, d) {
        ck_assert_str_eq(th_str(d, "scope"), "unit");
        ck_assert_int_eq(th_int(d, "year"), f.year);
        if (strcmp(th_str(d, "id"), id) == 0)
            n++;
    }
    ck_assert_uint_eq(n, 1);
    json_decref(items);
    zi_pager_free(pager);

    th_assert_status(f.anon, zi_declarations_get(f.anon, no_such_id, &out, NULL), ZI_E_NOT_FOUND);
    json_decref(decl);
    fixture_close(&f);
}
END_TEST

START_TEST(test_declarations_unit_scope)
{
    fixture f;
    char date[24];
    json_t *other;
    zi_client *officer;
    json_t *body;
    json_t *decl = NULL;
    json_t *out = NULL;
    json_t *patch = json_pack("{s:s}", "place", "Ruang rapat");
    zi_if_match m = {.version = 1};

    fixture_open(&f, "declown", -1);
    other = new_unit(f.admin, "declother", -1);
    officer = th_client_with("unit_officer", f.unit_id, NULL);
    body = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s}", "unit_id", f.unit_id, "year", f.year,
                     "declared_on", jan(date, sizeof date, f.year, 1), "place", "Aula",
                     "signer_name", "[Contoh] Kepala", "signer_position", "Kepala");
    th_assert_status(officer, zi_declarations_create(officer, body, NULL, &decl, NULL), ZI_OK);
    th_assert_status(officer, zi_declarations_update(officer, th_str(decl, "id"), &m, patch, &out,
                                                     NULL),
                     ZI_OK);
    json_decref(out);
    /* Another unit, or the whole city: 403. */
    json_object_set_new(body, "unit_id", json_string(th_str(other, "id")));
    th_assert_status(officer, zi_declarations_create(officer, body, NULL, &out, NULL),
                     ZI_E_FORBIDDEN);
    json_object_del(body, "unit_id");
    th_assert_status(officer, zi_declarations_create(officer, body, NULL, &out, NULL),
                     ZI_E_FORBIDDEN);
    /* The future: 422 in_future. */
    json_object_set_new(body, "unit_id", json_string(th_str(other, "id")));
    json_object_set_new(body, "year", json_integer(f.year + 1));
    snprintf(date, sizeof date, "%04d-12-31", f.year + 1);
    json_object_set_new(body, "declared_on", json_string(date));
    th_assert_status(f.admin, zi_declarations_create(f.admin, body, NULL, &out, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.admin, "/declared_on", "in_future");
    json_decref(patch);
    json_decref(body);
    json_decref(decl);
    json_decref(other);
    zi_client_free(officer);
    fixture_close(&f);
}
END_TEST

/* ---- integrity pact signatures ---------------------------------------------------------------- */

/* The one signature of test_pacts, and the NIPs of its CSV upload. */
#define SIGNER_NIP "198507142010011002"

/* 12 rows: 8 civil servants (with a NIP) and 4 without; columns in an unusual order, CRLF,
 * quoted cells with commas and quotes, empty cells for null. %d is the year (x12). */
static const char csv_12[] =
    "name,nip,position,year,signed_on,trigger,witness_name,witness_position\r\n"
    "[Contoh] Siti Aminah,199001012015032001,Sekretaris,%d,%d-01-03,annual,,\r\n"
    "[Contoh] Agus Prasetyo,198811232012121001,\"Kepala Seksi, Pelayanan\",%d,%d-01-03,annual,[Contoh] Budi Santoso,Kepala Unit\r\n"
    "[Contoh] Dewi Lestari,197903152005012004,\"Staf \"\"Loket\"\" 2\",%d,%d-01-03,annual,,\r\n"
    "[Contoh] Rudi Hartono,199205202019031002,Bendahara,%d,%d-01-03,appointment,,\r\n"
    "[Contoh] Nur Aini,198002292006042001,Perawat,%d,%d-01-04,annual,,\r\n"
    "[Contoh] Eko Saputro,199512312020121003,Analis,%d,%d-01-04,transfer,,\r\n"
    "[Contoh] Lina Marlina,198601012010012005,Bidan,%d,%d-01-04,annual,,\r\n"
    "[Contoh] Hendra Wijaya,198209092008011007,Pengadministrasi,%d,%d-01-04,declaration,,\r\n"
    "[Contoh] Slamet,,Satpam,%d,%d-01-05,annual,,\r\n"
    "[Contoh] Sri Wahyuni,,Petugas Kebersihan,%d,%d-01-05,annual,,\r\n"
    "[Contoh] Joko,,Sopir,%d,%d-01-05,annual,,\r\n"
    "[Contoh] Ani,,\"Pramu Bakti, Tenaga Kontrak\",%d,%d-01-05,annual,,\r\n";

/* line 2: a new, valid row; line 3: a NIP already stored; line 4: month 13 in the NIP. */
static const char csv_bad[] =
    "year,nip,name,position,signed_on,trigger\n"
    "%d,199709172022032001,[Contoh] Baru,Staf,%d-01-06,annual\n"
    "%d,199001012015032001,[Contoh] Siti Aminah,Sekretaris,%d-01-06,annual\n"
    "%d,198513452010011002,[Contoh] Salah NIP,Staf,%d-01-06,annual\n";

static const char *const personal[] = {"nip", "name", "position", "witness_name",
                                       "witness_position"};

/* csv_12 for year y into csv (cap bytes); returns its length. */
static size_t csv_12_of(char *csv, size_t cap, int y)
{
    int n = snprintf(csv, cap, csv_12, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y, y,
                     y, y, y, y);

    ck_assert_int_lt(n, (int)cap);
    return (size_t)n;
}

/* Every item of unit_id's signatures as seen by c (walked with a pager of page size 5). */
static json_t *all_signatures(zi_client *c, const char *unit_id, size_t *pages)
{
    zi_pact_list_params p = ZI_PACT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *items;

    p.limit = 5;
    th_assert_status(c, zi_pacts_pager_new(c, unit_id, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    if (pages)
        *pages = zi_pager_pages(pager);
    zi_pager_free(pager);
    return items;
}

/* The row of a 422 bulk problem's "rows" with that line, or NULL. */
static const json_t *bad_row(const json_t *problem, long long line)
{
    size_t i;
    const json_t *row;

    json_array_foreach(json_object_get(problem, "rows"), i, row)
        if (th_int(row, "line") == line)
            return row;
    return NULL;
}

/* Does a bad row have an error (field, code)? */
static int row_has(const json_t *row, const char *field, const char *code)
{
    size_t i;
    const json_t *e;

    json_array_foreach(json_object_get(row, "errors"), i, e)
        if (strcmp(th_str(e, "field"), field) == 0 && strcmp(th_str(e, "code"), code) == 0)
            return 1;
    return 0;
}

START_TEST(test_pacts_sign_import_coverage)
{
    fixture f;
    int y;
    char date[24];
    char csv[4096];
    json_t *unknown;
    json_t *body;
    json_t *sig = NULL;
    json_t *out = NULL;
    json_t *cov = NULL;
    zi_etag etag;
    char sig_id[64];
    size_t n;

    fixture_open(&f, "pact", 40);
    y = f.year;
    unknown = new_unit(f.admin, "pactnostaff", -1);

    /* One signing. */
    body = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "year", y, "nip", SIGNER_NIP,
                     "name", "[Contoh] Budi Santoso", "position", "Kepala Unit", "signed_on",
                     jan(date, sizeof date, y, 2), "witness_name", "[Contoh] Ika",
                     "witness_position", "Sekretaris", "trigger", "annual");
    th_assert_status(f.admin, zi_pacts_sign(f.admin, f.unit_id, body, NULL, &sig, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert(json_is_true(json_object_get(sig, "civil_servant")));
    ck_assert_str_eq(th_str(sig, "nip"), SIGNER_NIP);
    ck_assert_str_eq(th_str(sig, "unit_id"), f.unit_id);
    snprintf(sig_id, sizeof sig_id, "%s", th_str(sig, "id"));
    th_assert_status(f.admin, zi_pacts_get(f.admin, f.unit_id, sig_id, &out, &etag), ZI_OK);
    ck_assert_msg(json_equal(out, sig), "getPactSignature differs from what signPact answered");
    ck_assert_str_eq(etag.value, "\"1\"");
    json_decref(out);
    /* The same NIP again: 409 /nip duplicate. */
    th_assert_status(f.admin, zi_pacts_sign(f.admin, f.unit_id, body, NULL, &out, NULL),
                     ZI_E_CONFLICT);
    assert_field_error(f.admin, "/nip", "duplicate");
    json_decref(body);

    /* 12 more from a CSV. */
    n = csv_12_of(csv, sizeof csv, y);
    th_assert_status(f.admin, zi_pacts_import_csv(f.admin, f.unit_id, csv, n, NULL, &out), ZI_OK);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 201);
    ck_assert_int_eq(th_int(out, "created"), 12);
    ck_assert_str_eq(th_str(out, "unit_id"), f.unit_id);
    ck_assert_uint_eq(json_array_size(json_object_get(out, "ids")), 12);
    {
        /* ids in row order: the third row is the quoted one. */
        json_t *third = NULL;
        th_assert_status(f.admin, zi_pacts_get(f.admin, f.unit_id,
                                               json_string_value(json_array_get(
                                                   json_object_get(out, "ids"), 2)),
                                               &third, NULL),
                         ZI_OK);
        ck_assert_str_eq(th_str(third, "position"), "Staf \"Loket\" 2");
        ck_assert_str_eq(th_str(third, "nip"), "197903152005012004");
        json_decref(third);
    }
    json_decref(out);

    /* Coverage: 13 of 40 (the default year is this one). */
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, f.unit_id, 0, &cov), ZI_OK);
    ck_assert_str_eq(th_str(cov, "unit_id"), f.unit_id);
    ck_assert_int_eq(th_int(cov, "year"), y);
    ck_assert_int_eq(th_int(cov, "signed"), 13);
    ck_assert_int_eq(th_int(cov, "civil_servants"), 9);
    ck_assert_int_eq(th_int(cov, "non_civil_servants"), 4);
    ck_assert_int_eq(th_int(cov, "staff_count"), 40);
    ck_assert(json_is_true(json_object_get(cov, "staff_count_known")));
    ck_assert_int_eq(th_int(cov, "unsigned"), 27);
    ck_assert_msg(fabs(json_number_value(json_object_get(cov, "ratio")) - 0.325) < 1e-9,
                  "ratio %g, want 0.325", json_number_value(json_object_get(cov, "ratio")));
    json_decref(cov);
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, f.unit_id, y, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "signed"), 13);
    json_decref(cov);
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, f.unit_id, y - 1, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "signed"), 0);
    ck_assert_int_eq(th_int(cov, "year"), y - 1);
    json_decref(cov);
    /* Unknown staff count: never invented. */
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, th_str(unknown, "id"), 0, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "signed"), 0);
    ck_assert(json_is_false(json_object_get(cov, "staff_count_known")));
    ck_assert(json_is_null(json_object_get(cov, "staff_count")));
    ck_assert(json_is_null(json_object_get(cov, "unsigned")));
    ck_assert(json_is_null(json_object_get(cov, "ratio")));
    json_decref(cov);
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, no_such_id, 0, &cov), ZI_E_NOT_FOUND);
    /* The city. */
    th_assert_status(f.anon, zi_pacts_city_coverage(f.anon, 0, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "year"), y);
    ck_assert_int_ge(th_int(cov, "signed"), 13);
    ck_assert_int_ge(th_int(cov, "units_with_signatures"), 1);
    ck_assert_int_ge(th_int(cov, "units"), th_int(cov, "units_with_signatures"));
    ck_assert_int_ge(th_int(cov, "staff_count"), 40);
    ck_assert_int_ge(th_int(cov, "signed_in_units_with_staff_count"), 13);
    ck_assert(json_is_number(json_object_get(cov, "ratio")));
    json_decref(cov);
    th_assert_status(f.anon, zi_pacts_city_coverage(f.anon, y - 1, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "year"), y - 1);
    json_decref(cov);

    /* A bad upload: a valid row, a duplicate NIP, an invalid NIP. 422, every bad row named,
     * nothing written. */
    n = (size_t)snprintf(csv, sizeof csv, csv_bad, y, y, y, y, y, y);
    th_assert_status(f.admin, zi_pacts_import_csv(f.admin, f.unit_id, csv, n, NULL, &out),
                     ZI_E_UNPROCESSABLE);
    ck_assert_ptr_null(out);
    {
        const zi_error *e = zi_last_error(f.admin);
        const json_t *row;

        ck_assert_int_eq(e->http_status, 422);
        ck_assert_str_eq(e->type, "urn:zi:problem:unprocessable");
        ck_assert_ptr_nonnull(e->problem);
        ck_assert_uint_eq(json_array_size(json_object_get(e->problem, "rows")), 2);
        ck_assert_int_eq(th_int(e->problem, "rows_total"), 3);
        ck_assert_int_eq(th_int(e->problem, "rows_invalid"), 2);
        row = bad_row(e->problem, 3);
        ck_assert_ptr_nonnull(row);
        ck_assert_msg(row_has(row, "nip", "duplicate"), "line 3 is not a duplicate nip");
        row = bad_row(e->problem, 4);
        ck_assert_ptr_nonnull(row);
        ck_assert_msg(row_has(row, "nip", "invalid_format"), "line 4 is not an invalid nip");
        ck_assert_ptr_null(bad_row(e->problem, 2));
        assert_field_error(f.admin, "/rows/3/nip", "duplicate");
        assert_field_error(f.admin, "/rows/4/nip", "invalid_format");
    }
    th_assert_status(f.anon, zi_pacts_coverage(f.anon, f.unit_id, 0, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "signed"), 13);
    json_decref(cov);

    /* A header naming an unknown column: 400, field /header (the server names the column
     * too: /header/shoe_size). */
    {
        const zi_error *e;

        n = (size_t)snprintf(csv, sizeof csv,
                             "year,name,position,signed_on,trigger,shoe_size\n"
                             "%d,[Contoh] Kaki,Staf,%d-01-02,annual,42\n", y, y);
        th_assert_status(f.admin, zi_pacts_import_csv(f.admin, f.unit_id, csv, n, NULL, &out),
                         ZI_E_BAD_REQUEST);
        e = zi_last_error(f.admin);
        ck_assert_uint_eq(e->n_field_errors, 1);
        ck_assert_msg(strcmp(e->field_errors[0].field, "/header") == 0 ||
                          strcmp(e->field_errors[0].field, "/header/shoe_size") == 0,
                      "field %s", e->field_errors[0].field);
        ck_assert_str_eq(e->field_errors[0].code, "unknown_field");
    }
    json_decref(sig);
    json_decref(unknown);
    fixture_close(&f);
}
END_TEST

START_TEST(test_pacts_lists_and_personal_fields)
{
    fixture f;
    int y;
    char date[24];
    char csv[4096];
    json_t *elsewhere;
    zi_client *stranger;
    zi_client *signer;
    json_t *body;
    json_t *items;
    json_t *item;
    json_t *out = NULL;
    json_t *page = NULL;
    zi_pact_list_params p = ZI_PACT_LIST_PARAMS_INIT;
    size_t pages = 0;
    size_t i;
    size_t k;
    size_t n;
    char sig_id[64];

    fixture_open(&f, "pactlist", 40);
    y = f.year;
    elsewhere = new_unit(f.admin, "pactother", -1);
    stranger = th_client_with("employee", th_str(elsewhere, "id"), "198209092008011001");
    signer = th_client_with("employee", f.unit_id, SIGNER_NIP);
    body = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "year", y, "nip", SIGNER_NIP, "name",
                     "[Contoh] Budi Santoso", "position", "Kepala Unit", "signed_on",
                     jan(date, sizeof date, y, 2), "trigger", "annual");
    th_assert_status(f.admin, zi_pacts_sign(f.admin, f.unit_id, body, NULL, &out, NULL), ZI_OK);
    snprintf(sig_id, sizeof sig_id, "%s", th_str(out, "id"));
    json_decref(out);
    json_decref(body);
    n = csv_12_of(csv, sizeof csv, y);
    th_assert_status(f.admin, zi_pacts_import_csv(f.admin, f.unit_id, csv, n, NULL, &out), ZI_OK);
    json_decref(out);

    /* The admin sees every member; oldest first: the single signing comes first. */
    items = all_signatures(f.admin, f.unit_id, &pages);
    ck_assert_uint_eq(json_array_size(items), 13);
    ck_assert_uint_eq(pages, 3);
    ck_assert_str_eq(th_str(json_array_get(items, 0), "id"), sig_id);
    json_array_foreach(items, i, item) {
        ck_assert_str_ne(th_str(item, "name"), "");
        ck_assert_str_ne(th_str(item, "position"), "");
        ck_assert_ptr_nonnull(json_object_get(item, "nip"));
        ck_assert_int_eq(th_int(item, "year"), y);
    }
    json_decref(items);
    th_assert_status(f.admin, zi_pacts_list(f.admin, f.unit_id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 13);
    ck_assert(json_is_null(json_object_get(page, "next_cursor")));
    json_decref(page);
    p.civil_servant = ZI_TRUE;
    p.year = y;
    th_assert_status(f.admin, zi_pacts_list(f.admin, f.unit_id, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 9);
    json_decref(page);
    p.civil_servant = ZI_FALSE;
    th_assert_status(f.admin, zi_pacts_list(f.admin, f.unit_id, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 4);
    json_array_foreach(json_object_get(page, "data"), i, item) {
        ck_assert(json_is_false(json_object_get(item, "civil_servant")));
        ck_assert(json_is_null(json_object_get(item, "nip")));
    }
    json_decref(page);
    p.civil_servant = ZI_ANY;
    p.year = y - 1;
    th_assert_status(f.admin, zi_pacts_list(f.admin, f.unit_id, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 0);
    json_decref(page);

    /* An employee of another unit sees the rows, without the personal members. */
    items = all_signatures(stranger, f.unit_id, NULL);
    ck_assert_uint_eq(json_array_size(items), 13);
    json_array_foreach(items, i, item) {
        for (k = 0; k < sizeof personal / sizeof personal[0]; k++)
            ck_assert_msg(json_object_get(item, personal[k]) == NULL,
                          "an employee of another unit sees \"%s\"", personal[k]);
        ck_assert(json_is_boolean(json_object_get(item, "civil_servant")));
        ck_assert_str_ne(th_str(item, "signed_on"), "");
        ck_assert_str_ne(th_str(item, "trigger"), "");
    }
    json_decref(items);
    th_assert_status(stranger, zi_pacts_get(stranger, f.unit_id, sig_id, &out, NULL), ZI_OK);
    ck_assert_ptr_null(json_object_get(out, "name"));
    ck_assert_ptr_null(json_object_get(out, "nip"));
    ck_assert(json_is_true(json_object_get(out, "civil_servant")));
    json_decref(out);

    /* The signer sees its own row in full, and only its own. */
    items = all_signatures(signer, f.unit_id, NULL);
    ck_assert_uint_eq(json_array_size(items), 13);
    json_array_foreach(items, i, item) {
        if (strcmp(th_str(item, "id"), sig_id) == 0) {
            ck_assert_str_eq(th_str(item, "nip"), SIGNER_NIP);
            ck_assert_str_eq(th_str(item, "name"), "[Contoh] Budi Santoso");
        } else {
            ck_assert_ptr_null(json_object_get(item, "name"));
            ck_assert_ptr_null(json_object_get(item, "nip"));
        }
    }
    json_decref(items);

    /* Not found: an unknown unit, a signature of another unit; no key: 401. */
    th_assert_status(f.admin, zi_pacts_list(f.admin, no_such_id, NULL, &page), ZI_E_NOT_FOUND);
    th_assert_status(f.admin, zi_pacts_get(f.admin, th_str(elsewhere, "id"), sig_id, &out, NULL),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.anon, zi_pacts_list(f.anon, f.unit_id, NULL, &page), ZI_E_UNAUTHORIZED);
    /* An employee may read but not sign. */
    body = json_pack("{s:i, s:s, s:s, s:s, s:s}", "year", y, "name", "[Contoh] X", "position",
                     "Staf", "signed_on", jan(date, sizeof date, y, 2), "trigger", "annual");
    th_assert_status(stranger, zi_pacts_sign(stranger, th_str(elsewhere, "id"), body, NULL, &out,
                                             NULL),
                     ZI_E_FORBIDDEN);
    json_decref(body);

    zi_client_free(signer);
    zi_client_free(stranger);
    json_decref(elsewhere);
    fixture_close(&f);
}
END_TEST

START_TEST(test_pacts_import_json)
{
    fixture f;
    int y;
    char d1[24];
    char d2[24];
    json_t *rows;
    json_t *out = NULL;
    json_t *cov = NULL;
    const json_t *row;

    fixture_open(&f, "pactjson", 10);
    y = f.year;
    rows = json_pack("[{s:i, s:s, s:s, s:s, s:s, s:s}, {s:i, s:n, s:s, s:s, s:s, s:s}]",
                     "year", y, "nip", "199001012015032001", "name", "[Contoh] Siti", "position",
                     "Sekretaris", "signed_on", jan(d1, sizeof d1, y, 3), "trigger", "annual",
                     "year", y, "nip", "name", "[Contoh] Slamet", "position", "Satpam",
                     "signed_on", jan(d2, sizeof d2, y, 3), "trigger", "annual");
    th_assert_status(f.admin, zi_pacts_import_json(f.admin, f.unit_id, rows, NULL, &out), ZI_OK);
    ck_assert_int_eq(th_int(out, "created"), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(out, "ids")), 2);
    ck_assert_int_eq(rows->refcount, 1); /* read, not referenced */
    json_decref(out);
    th_assert_status(f.admin, zi_pacts_coverage(f.admin, f.unit_id, y, &cov), ZI_OK);
    ck_assert_int_eq(th_int(cov, "signed"), 2);
    ck_assert_int_eq(th_int(cov, "civil_servants"), 1);
    ck_assert_int_eq(th_int(cov, "unsigned"), 8);
    json_decref(cov);

    /* Row 2 of a JSON upload (index 1): a trigger the contract does not know; row 1 is the
     * same person again (duplicate against a stored signature). */
    json_object_set_new(json_array_get(rows, 1), "name", json_string("[Contoh] Joko"));
    json_object_set_new(json_array_get(rows, 1), "trigger", json_string("birthday"));
    th_assert_status(f.admin, zi_pacts_import_json(f.admin, f.unit_id, rows, NULL, &out),
                     ZI_E_UNPROCESSABLE);
    row = bad_row(zi_last_error(f.admin)->problem, 2);
    ck_assert_ptr_nonnull(row);
    ck_assert_msg(row_has(row, "trigger", "invalid_value"), "row 2: no trigger invalid_value");
    row = bad_row(zi_last_error(f.admin)->problem, 1);
    ck_assert_ptr_nonnull(row);
    ck_assert_msg(row_has(row, "nip", "duplicate"), "row 1: no nip duplicate");
    json_decref(rows);

    /* An empty upload is refused (1-5000 rows; the spec leaves 400 or 422 open). */
    rows = json_array();
    {
        zi_status st = zi_pacts_import_json(f.admin, f.unit_id, rows, NULL, &out);
        ck_assert_msg(st == ZI_E_BAD_REQUEST || st == ZI_E_UNPROCESSABLE,
                      "an empty upload: status %d (%s)", (int)st, zi_strerror(st));
        ck_assert_ptr_null(out);
    }
    json_decref(rows);
    fixture_close(&f);
}
END_TEST

/* ---- service pledges ------------------------------------------------------------------------- */

/* How many of unit_id's pledges c lists as active (listUnitPledges?active=true). */
static size_t active_unit_pledges(zi_client *c, const char *unit_id)
{
    zi_pledge_list_params p = ZI_PLEDGE_LIST_PARAMS_INIT;
    json_t *page = NULL;
    size_t n;

    p.active = ZI_TRUE;
    th_assert_status(c, zi_pledges_list_unit(c, unit_id, &p, &page), ZI_OK);
    n = th_data_size(page);
    json_decref(page);
    return n;
}

/* Every item of the pager that the *_pager_new call which returned made set in *pager
 * (made asserted ZI_OK); frees the pager. */
static json_t *all_pledges(zi_client *c, zi_status made, zi_pager **pager)
{
    json_t *items;

    th_assert_status(c, made, ZI_OK);
    items = th_drain(c, *pager);
    zi_pager_free(*pager);
    *pager = NULL;
    return items;
}

START_TEST(test_pledges)
{
    fixture f;
    int y;
    char date[24];
    zi_client *officer;
    json_t *body;
    json_t *city = NULL;
    json_t *first = NULL;
    json_t *second = NULL;
    json_t *out = NULL;
    json_t *page = NULL;
    json_t *items;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_pledge_list_params p = ZI_PLEDGE_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t i;
    json_t *item;

    fixture_open(&f, "pledge", -1);
    y = f.year;
    officer = th_client_with("unit_officer", f.unit_id, NULL);

    /* The city's 7S: the new active city-wide pledge. */
    body = json_pack("{s:s, s:[s, s, s, s, s, s, s], s:s}", "name", "7S", "principles", "Senyum",
                     "Salam", "Sapa", "Semangat", "Sopan", "Santun", "Solutif", "adopted_on",
                     jan(date, sizeof date, y, 1));
    th_assert_status(f.admin, zi_pledges_create_city(f.admin, body, NULL, &city, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(f.admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(city, "scope"), "city");
    ck_assert(json_is_null(json_object_get(city, "unit_id")));
    ck_assert(json_is_true(json_object_get(city, "active")));
    ck_assert_uint_eq(json_array_size(json_object_get(city, "principles")), 7);
    json_decref(body);
    p.active = ZI_TRUE;
    th_assert_status(f.anon, zi_pledges_list_city(f.anon, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "id"),
                     th_str(city, "id"));
    json_decref(page);
    p = (zi_pledge_list_params)ZI_PLEDGE_LIST_PARAMS_INIT;
    p.limit = 1;
    items = all_pledges(f.anon, zi_pledges_city_pager_new(f.anon, &p, &pager), &pager);
    json_array_foreach(items, i, item)
        ck_assert_str_eq(th_str(item, "scope"), "city");
    ck_assert_uint_ge(json_array_size(items), 2); /* the demo data's 7S, now inactive, and ours */
    json_decref(items);

    /* A unit's pledge based on it: principles copied. */
    body = json_pack("{s:s, s:s, s:s}", "name", "7S Unit", "adopted_on",
                     jan(date, sizeof date, y, 2), "based_on_id", th_str(city, "id"));
    th_assert_status(officer, zi_pledges_create_unit(officer, f.unit_id, body, NULL, &first, &etag),
                     ZI_OK);
    ck_assert_str_eq(th_str(first, "scope"), "unit");
    ck_assert_str_eq(th_str(first, "unit_id"), f.unit_id);
    ck_assert_str_eq(th_str(first, "based_on_id"), th_str(city, "id"));
    ck_assert(json_equal(json_object_get(first, "principles"), json_object_get(city, "principles")));
    ck_assert(json_is_true(json_object_get(first, "active")));
    json_decref(body);

    /* A second one replaces it as the active pledge. */
    body = json_pack("{s:s, s:[s, s], s:s, s:s}", "name", "Janji Layanan", "principles",
                     "Cepat", "Tepat", "adopted_on", jan(date, sizeof date, y, 3),
                     "document_ref", "SK/SDK/1");
    th_assert_status(f.admin,
                     zi_pledges_create_unit(f.admin, f.unit_id, body, NULL, &second, &etag2), ZI_OK);
    ck_assert(json_is_null(json_object_get(second, "based_on_id")));
    json_decref(body);
    th_assert_status(f.anon, zi_pledges_get(f.anon, th_str(first, "id"), &out, &etag), ZI_OK);
    ck_assert(json_is_false(json_object_get(out, "active")));
    ck_assert_str_eq(etag.value, "\"2\"");
    json_decref(out);
    th_assert_status(f.anon, zi_pledges_list_unit(f.anon, f.unit_id, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "id"),
                     th_str(second, "id")); /* newest first */
    json_decref(page);
    ck_assert_uint_eq(active_unit_pledges(f.anon, f.unit_id), 1);
    p = (zi_pledge_list_params)ZI_PLEDGE_LIST_PARAMS_INIT;
    p.limit = 1;
    items = all_pledges(f.anon, zi_pledges_unit_pager_new(f.anon, f.unit_id, &p, &pager), &pager);
    json_array_foreach(items, i, item)
        ck_assert_str_eq(th_str(item, "unit_id"), f.unit_id);
    ck_assert_uint_eq(json_array_size(items), 2);
    json_decref(items);

    /* Deactivate: If-Match required and checked; a second time changes nothing. */
    th_assert_status(officer, zi_pledges_deactivate(officer, th_str(second, "id"), NULL, NULL,
                                                    &out, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    m.version = 7;
    th_assert_status(officer, zi_pledges_deactivate(officer, th_str(second, "id"), &m, NULL, &out,
                                                    NULL),
                     ZI_E_PRECONDITION_FAILED);
    m.version = 0;
    m.etag = etag2.value;
    th_assert_status(officer, zi_pledges_deactivate(officer, th_str(second, "id"), &m, NULL, &out,
                                                    &etag),
                     ZI_OK);
    ck_assert(json_is_false(json_object_get(out, "active")));
    ck_assert_str_eq(etag.value, "\"2\"");
    json_decref(out);
    m.etag = etag.value;
    th_assert_status(officer, zi_pledges_deactivate(officer, th_str(second, "id"), &m, NULL, &out,
                                                    &etag2),
                     ZI_OK);
    ck_assert(json_is_false(json_object_get(out, "active")));
    ck_assert_int_eq(th_int(out, "version"), 2);
    json_decref(out);
    ck_assert_uint_eq(active_unit_pledges(f.anon, f.unit_id), 0);

    /* Rules and roles. */
    m.etag = NULL;
    m.version = 1;
    th_assert_status(officer, zi_pledges_deactivate(officer, th_str(city, "id"), &m, NULL, &out,
                                                    NULL),
                     ZI_E_FORBIDDEN);
    body = json_pack("{s:s, s:s, s:s}", "name", "Tanpa prinsip", "adopted_on",
                     jan(date, sizeof date, y, 4), "based_on_id", th_str(first, "id"));
    th_assert_status(f.admin, zi_pledges_create_unit(f.admin, f.unit_id, body, NULL, &out, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.admin, "/based_on_id", "not_found");
    json_object_del(body, "based_on_id");
    th_assert_status(f.admin, zi_pledges_create_unit(f.admin, f.unit_id, body, NULL, &out, NULL),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.admin, "/principles", "required");
    th_assert_status(f.admin, zi_pledges_create_unit(f.admin, no_such_id, body, NULL, &out, NULL),
                     ZI_E_NOT_FOUND);
    th_assert_status(officer, zi_pledges_create_city(officer, body, NULL, &out, NULL),
                     ZI_E_FORBIDDEN);
    th_assert_status(f.anon, zi_pledges_create_city(f.anon, body, NULL, &out, NULL),
                     ZI_E_UNAUTHORIZED);
    th_assert_status(f.anon, zi_pledges_get(f.anon, no_such_id, &out, NULL), ZI_E_NOT_FOUND);
    json_decref(body);
    json_array_foreach(json_object_get(city, "principles"), i, item)
        ck_assert(json_is_string(item));

    json_decref(second);
    json_decref(first);
    json_decref(city);
    zi_client_free(officer);
    fixture_close(&f);
}
END_TEST

/* ---- argument checking: nothing is sent ------------------------------------------------------ */

START_TEST(test_commitments_arguments)
{
    zi_client *c = th_client_admin();
    json_t *out = (json_t *)1;
    json_t *obj = json_object();
    zi_pager *pager = (zi_pager *)1;
    zi_if_match none = {0};

    th_assert_status(c, zi_declarations_list(c, &(zi_declaration_list_params){0}, &out),
                     ZI_E_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "ZI_DECLARATION_LIST_PARAMS_INIT"));
    ck_assert_ptr_null(out);
    th_assert_status(c, zi_declarations_pager_new(c, &(zi_declaration_list_params){0}, &pager),
                     ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);
    th_assert_status(c, zi_declarations_get(c, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_declarations_create(c, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_declarations_update(c, no_such_id, &none, obj, &out, NULL),
                     ZI_E_ARGUMENT);
    th_assert_status(c, zi_declarations_update(c, no_such_id, NULL, NULL, &out, NULL),
                     ZI_E_ARGUMENT);

    th_assert_status(c, zi_pacts_sign(c, NULL, obj, NULL, &out, NULL), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "unit_id is required (a non-empty string)");
    th_assert_status(c, zi_pacts_sign(c, no_such_id, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_import_csv(c, no_such_id, NULL, 0, NULL, &out), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "csv is required (not NULL)");
    th_assert_status(c, zi_pacts_import_csv(c, "", "year\n", 5, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_import_csv(c, no_such_id, "year\n", 5, "bad key", &out),
                     ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_import_csv(c, no_such_id, "year\n", 5, NULL, NULL),
                     ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_import_json(c, no_such_id, NULL, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_import_json(c, no_such_id, obj, NULL, &out), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "rows must be a JSON array of signatures");
    th_assert_status(c, zi_pacts_list(c, NULL, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_list(c, no_such_id, &(zi_pact_list_params){0}, &out),
                     ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_list(c, no_such_id,
                                      &(zi_pact_list_params){.struct_size = sizeof(zi_pact_list_params),
                                                             .civil_servant = (zi_tristate)9},
                                      &out),
                     ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_pager_new(c, "", NULL, &pager), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_get(c, no_such_id, NULL, &out, NULL), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "signature_id is required (a non-empty string)");
    th_assert_status(c, zi_pacts_coverage(c, NULL, 0, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pacts_city_coverage(c, 0, NULL), ZI_E_ARGUMENT);

    th_assert_status(c, zi_pledges_list_city(c, &(zi_pledge_list_params){0}, &out), ZI_E_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "ZI_PLEDGE_LIST_PARAMS_INIT"));
    th_assert_status(c, zi_pledges_list_unit(c, NULL, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_city_pager_new(c, NULL, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_unit_pager_new(c, "..", NULL, &pager), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_create_city(c, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_create_unit(c, NULL, obj, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_get(c, "", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_pledges_deactivate(c, no_such_id, &none, NULL, &out, NULL),
                     ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_pacts_coverage(NULL, no_such_id, 0, &out), ZI_E_ARGUMENT);
    /* None of that reached the network. */
    ck_assert_int_eq(zi_client_connections(c), 0);
    json_decref(obj);
    zi_client_free(c);
}
END_TEST

Suite *commitments_suite(void)
{
    Suite *s = suite_create("commitments");
    TCase *tc = tcase_create("commitments");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_declarations);
    tcase_add_test(tc, test_declarations_unit_scope);
    tcase_add_test(tc, test_pacts_sign_import_coverage);
    tcase_add_test(tc, test_pacts_lists_and_personal_fields);
    tcase_add_test(tc, test_pacts_import_json);
    tcase_add_test(tc, test_pledges);
    tcase_add_test(tc, test_commitments_arguments);
    suite_add_tcase(s, tc);
    return s;
}
