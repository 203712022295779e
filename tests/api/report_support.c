/*
 * report_support.c — what the gratification-report suites (test_reports.c, test_report_files.c)
 * share: assertions that name the caller's file and line, CSV parsing, the identity search and
 * day arithmetic.
 */
#include "report_support.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

const char *const IDENTITY[N_IDENTITY] = {"reporter_nik",     "reporter_nip",   "reporter_name",
                                          "reporter_address", "reporter_phone", "reporter_position"};

/* Assert r is the problem (status, type) with, when field or code is not NULL, such an error; frees r. */
void refused_at(const char *file, int line, th_response *r, long status, const char *type, const char *field,
                const char *code)
{
    th_assert_problem_at(file, line, r, status, type);
    if (field || code)
        th_assert_field_error_at(file, line, r, field, code);
    th_response_free(r);
}

void status_is_at(const char *file, int line, th_response *r, long status)
{
    th_assert_status_at(file, line, r, status);
    th_response_free(r);
}

char *dump(const json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

    return s ? s : th_format("(null)");
}

void str_is_at(const char *file, int line, const json_t *obj, const char *key, const char *want, const char *what)
{
    const char *got = th_json_str(obj, key);

    if (!got || strcmp(got, want) != 0)
        th_fail_at(file, line, "%s: %s should be \"%s\": %.1500s", what, key, want, dump(obj));
}

void int_is_at(const char *file, int line, const json_t *obj, const char *key, long long want, const char *what)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_integer(v) || json_integer_value(v) != want)
        th_fail_at(file, line, "%s: %s should be %lld: %.1500s", what, key, want, dump(obj));
}

void bool_is_at(const char *file, int line, const json_t *obj, const char *key, bool want, const char *what)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_boolean(v) || json_is_true(v) != want)
        th_fail_at(file, line, "%s: %s should be %s: %.1500s", what, key, want ? "true" : "false", dump(obj));
}

void null_is_at(const char *file, int line, const json_t *obj, const char *key, const char *what)
{
    if (!json_is_null(json_object_get(obj, key)))
        th_fail_at(file, line, "%s: %s should be present and null: %.1500s", what, key, dump(obj));
}

const json_t *item_by(const json_t *items, const char *key, const char *value)
{
    size_t i;
    const json_t *item;

    json_array_foreach(items, i, item) {
        if (th_json_str(item, key) && strcmp(th_json_str(item, key), value) == 0)
            return item;
    }
    return NULL;
}

/* The bytes of needle anywhere in the first len bytes of hay (which may hold NULs). */
bool contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0 || !hay || len < n)
        return false;
    for (size_t i = 0; i + n <= len; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return true;
    }
    return false;
}

/* Strip the per-request members of a problem (instance) so two answers can be compared. */
json_t *problem_sans_instance(const th_response *r)
{
    json_t *copy = json_deep_copy(r->json);

    json_object_del(copy, "instance");
    return copy;
}

/* Fail when body (len bytes) holds any of rp's identity values. */
void no_identity_in(const report *rp, const char *body, size_t len, const char *what)
{
    const char *values[] = {rp->nik, rp->name, rp->address, rp->phone, rp->position};

    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        if (contains(body, len, values[i]))
            th_fail("%s: the body holds the reporter's %s (%s): %.600s", what, IDENTITY[i == 0 ? 0 : i + 1],
                    values[i], body ? body : "");
    }
}

/* RFC 4180: records of fields (CRLF or LF), quoted fields with "" and line breaks. New
 * reference: an array of arrays of strings; fails the test on malformed input. */
json_t *parse_csv(const char *s, size_t len)
{
    json_t *rows = json_array();
    json_t *row = json_array();
    char *field = malloc(len + 1);
    size_t n = 0;
    size_t i = 0;
    bool quoted_field = false;

    if (!field)
        th_fail("out of memory");
    while (i <= len) {
        if (i < len && s[i] == '"' && n == 0 && !quoted_field) {
            quoted_field = true;
            i++;
            for (;;) {
                if (i >= len)
                    th_fail("CSV: unterminated quoted field");
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                    field[n++] = '"';
                    i += 2;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    field[n++] = s[i++];
                }
            }
            if (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
                th_fail("CSV: text after a closing quote at byte %zu", i);
            continue;
        }
        if (i == len || s[i] == ',' || s[i] == '\r' || s[i] == '\n') {
            bool end_of_record = i == len || s[i] != ',';

            json_array_append_new(row, json_stringn(field, n));
            n = 0;
            quoted_field = false;
            if (end_of_record) {
                if (!(json_array_size(row) == 1 && json_string_length(json_array_get(row, 0)) == 0))
                    json_array_append(rows, row);
                json_decref(row);
                row = json_array();
                if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
                    i++;
            }
            i++;
            continue;
        }
        if (s[i] == '"')
            th_fail("CSV: a quote inside an unquoted field at byte %zu", i);
        field[n++] = s[i++];
    }
    json_decref(row);
    free(field);
    return rows;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
long days_from_civil(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

long today(void)
{
    return (long)(time(NULL) / 86400);
}
