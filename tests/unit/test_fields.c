/*
 * test_fields.c — declarative validation of JSON bodies (domain/fields.h). Bodies are
 * JSON texts; validate() parses, checks and frees them before any assertion, so a
 * failing test leaks nothing under CK_FORK=no. zi_errors is plain data (codes and hints
 * are static strings), so it outlives the body.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/fields.h"
#include "suites.h"

static const char *const kinds[] = {"dinas", "badan", "kecamatan", "kelurahan", NULL};

/* A resource shaped like the units table (api/units.c), with one field of each kind. */
static const zi_field_spec spec[] = {
    {"code", FT_CODE, F_REQUIRED | F_CREATE_ONLY, 1, 40, NULL, "unit code", NULL, 0, 0},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, 0, 0},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, kinds, "dinas, badan, kecamatan, kelurahan", NULL, 0, 0},
    {"address", FT_TEXT, F_NULLABLE, 0, 500, NULL, NULL, NULL, 0, 0},
    {"head_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL, 0, 0},
    {"staff_count", FT_INT, F_NULLABLE, 0, 100000, NULL, NULL, NULL, 0, 0},
    {"level", FT_INT, 0, 1, 5, NULL, NULL, NULL, 0, 0},
    {"designated_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"parent_id", FT_UUID, F_NULLABLE, 0, 0, NULL, NULL, NULL, 0, 0},
    {"id", FT_UUID, F_READ_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
    {"version", FT_INT, F_READ_ONLY, 0, 0, NULL, NULL, NULL, 0, 0},
};
#define NSPEC (sizeof spec / sizeof spec[0])

#define VALID_CREATE "{\"code\":\"DISKOMINFO\",\"name\":\"Dinas Kominfo\",\"kind\":\"dinas\"}"

/* Parses text (aborting the test if it is not JSON), validates it and frees it. */
static size_t validate(const char *text, zi_fmode mode, zi_errors *errs)
{
    json_error_t jerr;
    json_t *obj = json_loads(text, 0, &jerr);
    ck_assert_msg(obj != NULL, "test body is not JSON: %s (%s)", text, jerr.text);
    const json_t *out[NSPEC];
    errors_init(errs);
    size_t n = fields_validate(obj, spec, NSPEC, mode, out, errs);
    json_decref(obj);
    return n;
}

/* Index of the error with this field and code, or -1. */
static int find_error(const zi_errors *e, const char *field, const char *code)
{
    for (size_t i = 0; i < e->count; i++) {
        if (strcmp(e->items[i].field, field) == 0 && strcmp(e->items[i].code, code) == 0)
            return (int)i;
    }
    return -1;
}

/* "field:code, …" for failure messages. */
static const char *describe(const zi_errors *e)
{
    static char buf[1024];
    size_t j = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->count && j < sizeof buf; i++) {
        int n = snprintf(buf + j, sizeof buf - j, "%s%s:%s", i ? ", " : "", e->items[i].field, e->items[i].code);
        if (n < 0)
            break;
        j += (size_t)n;
    }
    return e->count ? buf : "(none)";
}

/* ---- table: one body, one expected error ------------------------------------------- */

typedef struct {
    const char *body;
    zi_fmode mode;
    const char *field; /* NULL: the body is valid */
    const char *code;
} body_row;

#define C FV_CREATE
#define P FV_PATCH

/* Bodies that are valid. */
static const body_row accepted[] = {
    {VALID_CREATE, C, NULL, NULL},
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"kelurahan\",\"address\":null,\"head_name\":null,"
     "\"staff_count\":null,\"designated_on\":null,\"parent_id\":null}",
     C, NULL, NULL},                                                        /* nullable nulls */
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"staff_count\":0,\"level\":1}", C, NULL, NULL},
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"staff_count\":100000,\"level\":5}", C, NULL, NULL},
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"designated_on\":\"2024-02-29\"}", C, NULL, NULL},
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"parent_id\":\"4B7E2A8C-3F1D-4E5A-9C6B-7D8E9F0A1B2C\"}", C,
     NULL, NULL},
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"address\":\"Jl. Gajah Mada 145\\nMojokerto\\r\\n\\tJawa "
     "Timur\"}",
     C, NULL, NULL},                                                        /* newlines and tabs in FT_TEXT */
    {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"badan\",\"head_name\":\"\"}", C, NULL, NULL}, /* min 0 */
    {"{\"name\":\"Dinas Baru\"}", P, NULL, NULL},                           /* patch needs no required field */
    {"{\"address\":null}", P, NULL, NULL},
    {"{\"name\":\"Caf\\u00e9 \\ud83d\\ude00\"}", P, NULL, NULL},
};

START_TEST(valid_bodies_pass_without_errors)
{
    zi_errors e;
    size_t n = validate(accepted[_i].body, accepted[_i].mode, &e);
    ck_assert_msg(n == 0 && e.count == 0, "%s → %s", accepted[_i].body, describe(&e));
}
END_TEST

/* Bodies with exactly one thing wrong. */
static const body_row rejected[] = {
    /* unknown and read-only members */
    {"{\"colour\":\"red\"}", P, "/colour", "unknown_field"},
    {"{\"Name\":\"X\"}", P, "/Name", "unknown_field"},                     /* names are case-sensitive */
    {"{\"a/b~c\":1}", P, "/a~1b~0c", "unknown_field"},                     /* RFC 6901 escaping */
    {"{\"\":1}", P, "/", "unknown_field"},
    {"{\"id\":\"4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c\"}", P, "/id", "read_only"},
    {"{\"version\":3}", P, "/version", "read_only"},
    {"{\"code\":\"NEW\"}", P, "/code", "read_only"},                       /* create-only on patch */
    /* required on create */
    {"{\"code\":\"A\",\"kind\":\"dinas\"}", C, "/name", "required"},
    {"{\"name\":\"X\",\"kind\":\"dinas\"}", C, "/code", "required"},
    {"{\"code\":\"A\",\"name\":\"X\"}", C, "/kind", "required"},
    /* null */
    {"{\"name\":null}", P, "/name", "invalid_type"},                       /* not nullable */
    {"{\"level\":null}", P, "/level", "invalid_type"},
    {"{\"code\":\"A\",\"name\":null,\"kind\":\"dinas\"}", C, "/name", "invalid_type"},
    /* types */
    {"{\"name\":5}", P, "/name", "invalid_type"},
    {"{\"name\":true}", P, "/name", "invalid_type"},
    {"{\"name\":[\"X\"]}", P, "/name", "invalid_type"},
    {"{\"name\":{\"id\":\"X\"}}", P, "/name", "invalid_type"},
    {"{\"staff_count\":5.0}", P, "/staff_count", "invalid_type"},          /* JSON real where int expected */
    {"{\"staff_count\":1e2}", P, "/staff_count", "invalid_type"},
    {"{\"staff_count\":\"5\"}", P, "/staff_count", "invalid_type"},
    {"{\"staff_count\":false}", P, "/staff_count", "invalid_type"},
    {"{\"parent_id\":42}", P, "/parent_id", "invalid_type"},
    /* ranges */
    {"{\"staff_count\":-1}", P, "/staff_count", "out_of_range"},
    {"{\"staff_count\":100001}", P, "/staff_count", "out_of_range"},
    {"{\"staff_count\":9223372036854775807}", P, "/staff_count", "out_of_range"},
    {"{\"level\":0}", P, "/level", "out_of_range"},
    {"{\"level\":6}", P, "/level", "out_of_range"},
    /* strings */
    {"{\"name\":\"\"}", P, "/name", "too_short"},
    {"{\"name\":\"   \"}", P, "/name", "too_short"},                       /* blank is empty */
    {"{\"name\":\"a\\tb\"}", P, "/name", "control_character"},             /* tab: one-line string */
    {"{\"name\":\"a\\nb\"}", P, "/name", "control_character"},
    {"{\"name\":\"a\\u0001b\"}", P, "/name", "control_character"},
    {"{\"name\":\"a\\u007fb\"}", P, "/name", "control_character"},         /* DEL */
    {"{\"address\":\"a\\u001bb\"}", P, "/address", "control_character"},   /* ESC even in FT_TEXT */
    {"{\"address\":\"a\\fb\"}", P, "/address", "control_character"},
    /* formats */
    {"{\"designated_on\":\"2023-02-29\"}", P, "/designated_on", "invalid_format"},
    {"{\"designated_on\":\"29-02-2024\"}", P, "/designated_on", "invalid_format"},
    {"{\"parent_id\":\"4b7e2a8c3f1d4e5a9c6b7d8e9f0a1b2c\"}", P, "/parent_id", "invalid_format"},
    {"{\"code\":\"-X\",\"name\":\"X\",\"kind\":\"dinas\"}", C, "/code", "invalid_format"},
    {"{\"code\":\"A B\",\"name\":\"X\",\"kind\":\"dinas\"}", C, "/code", "invalid_format"},
    /* enums */
    {"{\"kind\":\"Dinas\"}", P, "/kind", "invalid_value"},                 /* case-sensitive */
    {"{\"kind\":\"\"}", P, "/kind", "invalid_value"},
    {"{\"kind\":\"dinas \"}", P, "/kind", "invalid_value"},
    /* patch with nothing to change */
    {"{}", P, "", "empty_patch"},
};

START_TEST(each_defect_is_reported_with_its_pointer_and_code)
{
    const body_row *r = &rejected[_i];
    zi_errors e;
    size_t n = validate(r->body, r->mode, &e);
    ck_assert_msg(n == 1 && e.count == 1 && find_error(&e, r->field, r->code) == 0, "%s → %s, expected %s:%s",
                  r->body, describe(&e), r->field, r->code);
    ck_assert_int_eq(e.items[0].in, ZI_IN_BODY);
}
END_TEST

START_TEST(nul_inside_a_string_never_reaches_the_validator)
{
    json_error_t jerr;
    json_t *obj = json_loads("{\"address\":\"a\\u0000b\"}", 0, &jerr);
    int refused = obj == NULL;
    json_decref(obj);
    ck_assert_msg(refused, "Jansson accepted \\u0000 without JSON_ALLOW_NUL");
}
END_TEST

/* ---- lengths in code points ------------------------------------------------------- */

/* {"name":"<n copies of ch>"} in buf. */
static const char *name_of(char *buf, size_t cap, const char *ch, int n)
{
    size_t w = strlen(ch), j = 0;
    memcpy(buf, "{\"name\":\"", 9);
    j = 9;
    for (int k = 0; k < n && j + w + 3 < cap; k++, j += w)
        memcpy(buf + j, ch, w);
    memcpy(buf + j, "\"}", 3);
    return buf;
}

static const struct {
    const char *ch; /* one code point, UTF-8 */
    int count;
    int ok;
} lengths[] = {
    {"a", 200, 1},
    {"a", 201, 0},
    {"\xc3\xa9", 200, 1},         /* é: 400 bytes, 200 characters */
    {"\xc3\xa9", 201, 0},
    {"\xe2\x82\xac", 200, 1},     /* €: 600 bytes */
    {"\xf0\x9f\x98\x80", 200, 1}, /* 😀: 800 bytes */
    {"\xf0\x9f\x98\x80", 201, 0},
    {"\xc3\xa9", 1, 1},
};

START_TEST(too_long_is_counted_in_code_points_not_bytes)
{
    char buf[1024];
    zi_errors e;
    size_t n = validate(name_of(buf, sizeof buf, lengths[_i].ch, lengths[_i].count), FV_PATCH, &e);
    if (lengths[_i].ok) {
        ck_assert_msg(n == 0, "%d × U+%s rejected: %s", lengths[_i].count, lengths[_i].ch, describe(&e));
    } else {
        ck_assert_msg(n == 1 && find_error(&e, "/name", "too_long") == 0, "%d characters: %s", lengths[_i].count,
                      describe(&e));
        ck_assert_int_eq(e.items[0].a, 200); /* the message says "at most 200" */
    }
}
END_TEST

/* ---- the numbers and hints messages need ------------------------------------------ */

START_TEST(errors_carry_the_limits_and_hints_for_their_messages)
{
    zi_errors e;
    validate("{\"staff_count\":-1,\"kind\":\"x\",\"level\":null,\"name\":\"\",\"parent_id\":\"x\","
             "\"designated_on\":\"x\",\"head_name\":5}",
             FV_PATCH, &e);
    int range = find_error(&e, "/staff_count", "out_of_range");
    int kind = find_error(&e, "/kind", "invalid_value");
    int level = find_error(&e, "/level", "invalid_type");
    int name = find_error(&e, "/name", "too_short");
    int uuid = find_error(&e, "/parent_id", "invalid_format");
    int date = find_error(&e, "/designated_on", "invalid_format");
    int head = find_error(&e, "/head_name", "invalid_type");
    ck_assert_msg(range >= 0 && kind >= 0 && level >= 0 && name >= 0 && uuid >= 0 && date >= 0 && head >= 0, "%s",
                  describe(&e));
    ck_assert_int_eq(e.items[range].a, 0);
    ck_assert_int_eq(e.items[range].b, 100000);
    ck_assert_str_eq(e.items[kind].hint, "dinas, badan, kecamatan, kelurahan");
    ck_assert_str_eq(e.items[level].hint, "integer");
    ck_assert_int_eq(e.items[name].a, 1);
    ck_assert_str_eq(e.items[uuid].hint, "UUID");
    ck_assert_str_eq(e.items[date].hint, "YYYY-MM-DD");
    ck_assert_str_eq(e.items[head].hint, "string");
}
END_TEST

/* ---- whole-body behaviour ---------------------------------------------------------- */

START_TEST(every_problem_is_reported_not_just_the_first)
{
    zi_errors e;
    size_t n = validate("{\"name\":5,\"level\":9,\"colour\":1,\"id\":\"x\"}", FV_CREATE, &e);
    /* name wrong type, level out of range, colour unknown, id read-only, code and kind missing */
    ck_assert_msg(n == 6 && e.count == 6, "%s", describe(&e));
    ck_assert_int_ge(find_error(&e, "/name", "invalid_type"), 0);
    ck_assert_int_ge(find_error(&e, "/level", "out_of_range"), 0);
    ck_assert_int_ge(find_error(&e, "/colour", "unknown_field"), 0);
    ck_assert_int_ge(find_error(&e, "/id", "read_only"), 0);
    ck_assert_int_ge(find_error(&e, "/code", "required"), 0);
    ck_assert_int_ge(find_error(&e, "/kind", "required"), 0);
}
END_TEST

START_TEST(required_field_present_but_invalid_is_not_also_missing)
{
    zi_errors e;
    validate("{\"code\":\"A\",\"name\":\"\",\"kind\":\"dinas\"}", FV_CREATE, &e);
    ck_assert_int_eq(find_error(&e, "/name", "required"), -1);
    ck_assert_int_ge(find_error(&e, "/name", "too_short"), 0);
}
END_TEST

START_TEST(read_only_field_on_create_is_rejected)
{
    zi_errors e;
    size_t n = validate("{\"code\":\"A\",\"name\":\"X\",\"kind\":\"dinas\",\"version\":1}", FV_CREATE, &e);
    ck_assert_msg(n == 1 && find_error(&e, "/version", "read_only") == 0, "%s", describe(&e));
}
END_TEST

START_TEST(patch_with_only_rejected_members_is_not_also_empty)
{
    zi_errors e;
    size_t n = validate("{\"id\":\"x\",\"colour\":1}", FV_PATCH, &e);
    ck_assert_msg(n == 2 && find_error(&e, "", "empty_patch") == -1, "%s", describe(&e));
}
END_TEST

START_TEST(empty_patch_is_reported_on_the_whole_body)
{
    zi_errors e;
    size_t n = validate("{}", FV_PATCH, &e);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(e.items[0].field, "");
    ck_assert_str_eq(e.items[0].code, "empty_patch");
    /* on create an empty body is three missing fields, not an empty patch */
    n = validate("{}", FV_CREATE, &e);
    ck_assert_msg(n == 3 && find_error(&e, "", "empty_patch") == -1, "%s", describe(&e));
}
END_TEST

START_TEST(validation_counts_only_the_errors_it_adds)
{
    json_t *obj = json_loads("{\"name\":\"\"}", 0, NULL);
    ck_assert_ptr_nonnull(obj);
    const json_t *out[NSPEC];
    zi_errors e;
    errors_init(&e);
    errors_add(&e, ZI_IN_QUERY, "limit", "out_of_range", 1, 200, NULL);
    size_t n = fields_validate(obj, spec, NSPEC, FV_PATCH, out, &e);
    json_decref(obj);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(e.count, 2);
    ck_assert_str_eq(e.items[0].field, "limit");
}
END_TEST

START_TEST(errors_past_the_capacity_are_counted_as_dropped)
{
    char body[1024];
    size_t j = 0;
    body[j++] = '{';
    for (int k = 0; k < ZI_MAX_FIELD_ERRORS + 4; k++)
        j += (size_t)snprintf(body + j, sizeof body - j, "%s\"x%d\":1", k ? "," : "", k);
    body[j++] = '}';
    body[j] = '\0';
    zi_errors e;
    size_t n = validate(body, FV_PATCH, &e);
    ck_assert_uint_eq(n, ZI_MAX_FIELD_ERRORS + 4);
    ck_assert_uint_eq(e.count, ZI_MAX_FIELD_ERRORS);
    ck_assert_uint_eq(e.dropped, 4);
}
END_TEST

START_TEST(validated_values_are_returned_by_spec_position)
{
    json_t *obj = json_loads("{\"name\":\"X\",\"address\":null,\"staff_count\":7}", 0, NULL);
    ck_assert_ptr_nonnull(obj);
    const json_t *out[NSPEC];
    zi_errors e;
    errors_init(&e);
    size_t n = fields_validate(obj, spec, NSPEC, FV_PATCH, out, &e);
    int name_ok = out[1] == json_object_get(obj, "name");
    int addr_ok = out[3] != NULL && json_is_null(out[3]); /* present as null ≠ absent */
    int count_ok = out[5] == json_object_get(obj, "staff_count");
    int absent_ok = out[0] == NULL && out[2] == NULL && out[4] == NULL && out[6] == NULL && out[7] == NULL &&
                    out[8] == NULL && out[9] == NULL && out[10] == NULL;
    json_decref(obj);
    ck_assert_uint_eq(n, 0);
    ck_assert(name_ok);
    ck_assert(addr_ok);
    ck_assert(count_ok);
    ck_assert(absent_ok);
}
END_TEST

START_TEST(rejected_members_are_not_returned)
{
    json_t *obj = json_loads("{\"id\":\"4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c\",\"code\":\"X\"}", 0, NULL);
    ck_assert_ptr_nonnull(obj);
    const json_t *out[NSPEC];
    zi_errors e;
    errors_init(&e);
    fields_validate(obj, spec, NSPEC, FV_PATCH, out, &e);
    int none = out[0] == NULL && out[9] == NULL;
    json_decref(obj);
    ck_assert(none);
}
END_TEST

/* ---- SQL parameters ---------------------------------------------------------------- */

START_TEST(params_are_text_or_null)
{
    json_t *obj = json_loads("{\"name\":\"Dinas\",\"staff_count\":-12,\"address\":null,"
                             "\"parent_id\":\"4B7E2A8C-3F1D-4E5A-9C6B-7D8E9F0A1B2C\"}",
                             0, NULL);
    ck_assert_ptr_nonnull(obj);
    char buf[40];
    char got_int[40] = "", got_uuid[40] = "", got_name[40] = "";
    const char *p;
    int absent_null = fields_param(NULL, &spec[1], buf, sizeof buf) == NULL;
    int json_null = fields_param(json_object_get(obj, "address"), &spec[3], buf, sizeof buf) == NULL;
    p = fields_param(json_object_get(obj, "staff_count"), &spec[5], buf, sizeof buf);
    snprintf(got_int, sizeof got_int, "%s", p ? p : "(null)");
    p = fields_param(json_object_get(obj, "parent_id"), &spec[8], buf, sizeof buf);
    snprintf(got_uuid, sizeof got_uuid, "%s", p ? p : "(null)");
    p = fields_param(json_object_get(obj, "name"), &spec[1], buf, sizeof buf);
    int borrowed = p == json_string_value(json_object_get(obj, "name"));
    snprintf(got_name, sizeof got_name, "%s", p ? p : "(null)");
    json_decref(obj);
    ck_assert(absent_null);
    ck_assert(json_null);
    ck_assert_str_eq(got_int, "-12");
    ck_assert_str_eq(got_uuid, "4b7e2a8c-3f1d-4e5a-9c6b-7d8e9f0a1b2c");
    ck_assert_str_eq(got_name, "Dinas");
    ck_assert(borrowed);
}
END_TEST


/* ---- visibility -------------------------------------------------------------------- */

static const zi_visibility owner_and_upg = {ROLE_UPG, 0, 1};
static const zi_visibility own_unit_vis = {ROLE_ADMIN | ROLE_UPG, ROLE_UNIT_OFFICER | ROLE_EMPLOYEE, 0};
static const zi_field_spec report_spec[] = {
    {"unit_id", FT_UUID, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"title", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, NULL, ROLE_ADMIN, 0},
    {"reporter", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, &owner_and_upg, 0, 0},
    {"note", FT_TEXT, F_NULLABLE, 0, 200, NULL, NULL, &own_unit_vis, ROLE_ADMIN | ROLE_UNIT_OFFICER, 0},
};
static const zi_fieldset reports = ZI_FIELDSET("report", report_spec, "unit_id", "reporter");

#define UNIT_A "11111111-1111-4111-8111-111111111111"
#define UNIT_B "22222222-2222-4222-8222-222222222222"
#define NIP_A "198507142010011002"

static json_t *report(void)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "unit_id", UNIT_A, "title", "t", "reporter", NIP_A, "note", "n");
}

static zi_principal who(unsigned role, const char *unit, const char *nip)
{
    zi_principal p;
    memset(&p, 0, sizeof p);
    p.role = role;
    snprintf(p.key_id, sizeof p.key_id, "%s", role == ROLE_PUBLIC ? "" : "33333333-3333-4333-8333-333333333333");
    snprintf(p.unit_id, sizeof p.unit_id, "%s", unit ? unit : "");
    snprintf(p.nip, sizeof p.nip, "%s", nip ? nip : "");
    return p;
}

static const struct {
    const char *label;
    unsigned role;
    const char *unit, *nip;
    int sees_reporter, sees_note;
} viewers[] = {
    {"public", ROLE_PUBLIC, NULL, NULL, 0, 0},
    {"admin", ROLE_ADMIN, NULL, NULL, 0, 1},
    {"upg", ROLE_UPG, NULL, NULL, 1, 1},
    {"evaluator", ROLE_EVALUATOR, NULL, NULL, 0, 0},
    {"officer of the record's unit", ROLE_UNIT_OFFICER, UNIT_A, NULL, 0, 1},
    {"officer of another unit", ROLE_UNIT_OFFICER, UNIT_B, NULL, 0, 0},
    {"the reporter (employee, by NIP)", ROLE_EMPLOYEE, UNIT_A, NIP_A, 1, 1},
    {"an employee of the unit, not the reporter", ROLE_EMPLOYEE, UNIT_A, "198001012005012001", 0, 1},
    {"the reporter's NIP, moved to another unit", ROLE_EMPLOYEE, UNIT_B, NIP_A, 1, 0},
};

START_TEST(filter_removes_exactly_the_fields_a_viewer_may_not_see)
{
    zi_principal p = who(viewers[_i].role, viewers[_i].unit, viewers[_i].nip);
    json_t *obj = report();
    size_t removed = fields_filter(obj, &reports, &p);
    ck_assert_msg((json_object_get(obj, "reporter") != NULL) == viewers[_i].sees_reporter, "%s: reporter",
                  viewers[_i].label);
    ck_assert_msg((json_object_get(obj, "note") != NULL) == viewers[_i].sees_note, "%s: note", viewers[_i].label);
    ck_assert_ptr_nonnull(json_object_get(obj, "title"));
    ck_assert_ptr_nonnull(json_object_get(obj, "unit_id"));
    ck_assert_uint_eq(removed, (size_t)(2 - viewers[_i].sees_reporter - viewers[_i].sees_note));
    json_decref(obj);
}
END_TEST

START_TEST(may_hide_is_false_only_for_roles_that_see_everything)
{
    zi_principal upg = who(ROLE_UPG, NULL, NULL), admin = who(ROLE_ADMIN, NULL, NULL);
    ck_assert_int_eq(fields_may_hide(&reports, &upg), 0);
    ck_assert_int_eq(fields_may_hide(&reports, &admin), 1); /* admins do not see the reporter here */
    ck_assert_int_eq(fields_may_hide(NULL, &admin), 0);
}
END_TEST

START_TEST(audit_changes_show_only_what_the_role_sees_on_every_record)
{
    json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}, s:{s:n, s:s}}", "title", "before", "after", "t",
                                "reporter", "before", "after", NIP_A, "note", "before", "after", "n");
    /* Even the reporter's own unit officer: a change record does not say whose it was. */
    zi_principal officer = who(ROLE_UNIT_OFFICER, UNIT_A, NULL);
    json_t *copy = json_deep_copy(changes);
    ck_assert_uint_eq(fields_filter_changes(copy, &reports, &officer), 2);
    ck_assert_ptr_nonnull(json_object_get(copy, "title"));
    json_decref(copy);
    zi_principal admin = who(ROLE_ADMIN, NULL, NULL);
    ck_assert_uint_eq(fields_filter_changes(changes, &reports, &admin), 1);
    ck_assert_ptr_null(json_object_get(changes, "reporter"));
    ck_assert_ptr_nonnull(json_object_get(changes, "note"));
    json_decref(changes);
}
END_TEST

START_TEST(writers_refuse_fields_outside_a_role)
{
    const json_t *got[4] = {NULL};
    json_t *title = json_string("x"), *note = json_string("y");
    got[1] = title;
    got[3] = note;
    zi_errors e;
    errors_init(&e);
    ck_assert_uint_eq(fields_check_writers(got, &reports, ROLE_UNIT_OFFICER, &e), 1);
    ck_assert_str_eq(e.items[0].field, "/title");
    ck_assert_str_eq(e.items[0].code, "not_allowed");
    errors_init(&e);
    ck_assert_uint_eq(fields_check_writers(got, &reports, ROLE_ADMIN, &e), 0);
    json_decref(title);
    json_decref(note);
}
END_TEST

START_TEST(enum_errors_list_the_values_when_no_hint_is_given)
{
    static const char *const colours[] = {"red", "green", NULL};
    static const zi_field_spec one[] = {{"colour", FT_ENUM, 0, 0, 0, colours, NULL, NULL, 0, 0}};
    json_t *obj = json_pack("{s:s}", "colour", "blue");
    const json_t *got[1];
    zi_errors e;
    errors_init(&e);
    ck_assert_uint_eq(fields_validate(obj, one, 1, FV_CREATE, got, &e), 1);
    ck_assert_str_eq(e.items[0].hint, "red, green");
    json_decref(obj);
}
END_TEST

Suite *fields_suite(void)
{
    Suite *s = suite_create("fields");
    TCase *tc = tcase_create("members");
    tcase_add_loop_test(tc, valid_bodies_pass_without_errors, 0, N_ROWS(accepted));
    tcase_add_loop_test(tc, each_defect_is_reported_with_its_pointer_and_code, 0, N_ROWS(rejected));
    tcase_add_test(tc, nul_inside_a_string_never_reaches_the_validator);
    tcase_add_loop_test(tc, too_long_is_counted_in_code_points_not_bytes, 0, N_ROWS(lengths));
    tcase_add_test(tc, errors_carry_the_limits_and_hints_for_their_messages);
    suite_add_tcase(s, tc);

    tc = tcase_create("body");
    tcase_add_test(tc, every_problem_is_reported_not_just_the_first);
    tcase_add_test(tc, required_field_present_but_invalid_is_not_also_missing);
    tcase_add_test(tc, read_only_field_on_create_is_rejected);
    tcase_add_test(tc, patch_with_only_rejected_members_is_not_also_empty);
    tcase_add_test(tc, empty_patch_is_reported_on_the_whole_body);
    tcase_add_test(tc, validation_counts_only_the_errors_it_adds);
    tcase_add_test(tc, errors_past_the_capacity_are_counted_as_dropped);
    tcase_add_test(tc, validated_values_are_returned_by_spec_position);
    tcase_add_test(tc, rejected_members_are_not_returned);
    tcase_add_test(tc, params_are_text_or_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("visibility");
    tcase_add_loop_test(tc, filter_removes_exactly_the_fields_a_viewer_may_not_see, 0, N_ROWS(viewers));
    tcase_add_test(tc, may_hide_is_false_only_for_roles_that_see_everything);
    tcase_add_test(tc, audit_changes_show_only_what_the_role_sees_on_every_record);
    tcase_add_test(tc, writers_refuse_fields_outside_a_role);
    tcase_add_test(tc, enum_errors_list_the_values_when_no_hint_is_given);
    suite_add_tcase(s, tc);
    return s;
}
