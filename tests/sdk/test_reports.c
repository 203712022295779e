/*
 * test_reports.c — the gratification functions of libzi against the live server: the
 * working-day calendar (the seeded years, a year of its own created with PUT and replaced
 * with If-Match, the 400/422 refusals, the working-day arithmetic checked against the
 * calendar's own days), the KPK rule sets, the advice on a gift, and reports from draft to
 * closed: employee scope and the reporter's NIP, the workflow with its 403/404/409/412/422
 * refusals, deadlines cross-checked with the working-day endpoint, PATCH only while open,
 * every list filter and sort, CSV pages with their Link cursors, who saw a report, and the
 * reporter's identity kept out of the audit trail. And, against a scripted server, how
 * zi_reports_list_csv reads the Link header and refuses an answer that is not CSV.
 *
 * Every test works on units, keys, reports and a calendar year (a random free one from 2060
 * to 2100) of its own, so the suite can run twice against one database (run.sh does: forked,
 * then in-process under valgrind).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const no_such_id = "00000000-0000-4000-8000-000000000000";

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

/* Does array hold the string s? */
static int array_has(const json_t *array, const char *s)
{
    size_t i;
    const json_t *v;

    json_array_foreach(array, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return 1;
    return 0;
}

/* Is array exactly the strings of want (NULL-terminated), in any order? */
static int array_is(const json_t *array, const char *const *want)
{
    size_t n = 0;

    for (; want[n]; n++)
        if (!array_has(array, want[n]))
            return 0;
    return json_array_size(array) == n;
}

/* ---- dates, computed here (proleptic Gregorian) ---------------------------------------------- */

/* Days since 1970-01-01 of y-m-d (H. Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    long era;
    long yoe;
    long doy;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era;
    long doe;
    long yoe;
    long doy;
    long mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Day number of a YYYY-MM-DD date; fails the test on anything else. */
static long day_of(const char *date)
{
    int y;
    int m;
    int d;

    ck_assert_msg(date && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3, "not a date: %s",
                  date ? date : "(null)");
    return days_from_civil(y, m, d);
}

static const char *date_of(long day, char buf[16])
{
    int y;
    int m;
    int d;

    civil_from_days(day, &y, &m, &d);
    snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
    return buf;
}

/* 0 Sunday ... 6 Saturday. */
static int weekday(long day)
{
    return (int)(((day % 7) + 7 + 4) % 7);
}

/* Is day a working day: Monday to Friday and none of the dates of days (an array of
 * calendar day objects, or NULL)? */
static int working(long day, const json_t *days)
{
    size_t i;
    const json_t *d;
    char buf[16];

    if (weekday(day) == 0 || weekday(day) == 6)
        return 0;
    date_of(day, buf);
    json_array_foreach(days, i, d)
        if (strcmp(th_str(d, "date"), buf) == 0)
            return 0;
    return 1;
}

/* The n-th working day after from, by the counting rule of the contract. */
static const char *add_working(const char *from, int n, const json_t *days, char buf[16])
{
    long day = day_of(from);

    while (n > 0) {
        day++;
        if (working(day, days))
            n--;
    }
    return date_of(day, buf);
}

/* The working days of a year. */
static long working_days_of(int year, const json_t *days)
{
    long day;
    long n = 0;

    for (day = days_from_civil(year, 1, 1); day < days_from_civil(year + 1, 1, 1); day++)
        n += working(day, days);
    return n;
}

/* ---- keys and fixtures ------------------------------------------------------------------------ */

/* A valid NIP (birth date, appointment month at 20, sex, sequence) unlikely to be used by
 * anybody else: it derives from the pid, the time and salt. */
static const char *make_nip(char buf[19], unsigned salt)
{
    unsigned v = (unsigned)getpid() * 2654435761u + (unsigned)time(NULL) * 40503u + salt * 7919u;
    int by = 1950 + (int)(v % 50);
    int bm = 1 + (int)(v / 50 % 12);
    int bd = 1 + (int)(v / 600 % 28);
    int seq = 1 + (int)(v / 16800 % 999);

    snprintf(buf, 19, "%04d%02d%02d%04d%02d%c%03d", by, bm, bd, by + 20, bm, (v & 1) ? '1' : '2',
             seq);
    return buf;
}

/* A new unit of kind other. Returns the Unit (new). */
static json_t *new_unit(zi_client *admin, const char *tag)
{
    char code[48];

    return th_create_unit(admin, th_unique_code(code, sizeof code, tag), NULL);
}

typedef struct fixture {
    zi_client *admin;
    zi_client *upg;       /* the UPG */
    zi_client *employee;  /* of the unit, with nip */
    zi_client *colleague; /* of the unit, with colleague_nip */
    zi_client *outsider;  /* an employee of another unit */
    zi_client *officer;   /* a unit officer of the unit */
    zi_client *evaluator;
    zi_client *anon;
    zi_client *days;      /* for the working-day look-ups of the checks */
    char unit_id[64];
    char other_unit_id[64];
    char upg_key_id[64];
    char employee_key_id[64];
    char colleague_key_id[64];
    char nip[19];
    char colleague_nip[19];
    char outsider_nip[19];
} fixture;

static zi_client *client_with_id(const char *role, const char *unit_id, const char *nip,
                                 char id_out[64])
{
    char *secret = th_new_key(role, unit_id, nip, id_out);
    zi_client *c = th_client_for(th_url(), secret, NULL);

    free(secret);
    return c;
}

static void fixture_open(fixture *f)
{
    json_t *unit;

    memset(f, 0, sizeof *f);
    f->admin = th_client_admin();
    unit = new_unit(f->admin, "grat");
    snprintf(f->unit_id, sizeof f->unit_id, "%s", th_str(unit, "id"));
    json_decref(unit);
    unit = new_unit(f->admin, "gratother");
    snprintf(f->other_unit_id, sizeof f->other_unit_id, "%s", th_str(unit, "id"));
    json_decref(unit);
    make_nip(f->nip, 1);
    make_nip(f->colleague_nip, 2);
    make_nip(f->outsider_nip, 3);
    f->upg = client_with_id("upg", NULL, NULL, f->upg_key_id);
    f->employee = client_with_id("employee", f->unit_id, f->nip, f->employee_key_id);
    f->colleague = client_with_id("employee", f->unit_id, f->colleague_nip, f->colleague_key_id);
    f->outsider = th_client_with("employee", f->other_unit_id, f->outsider_nip);
    f->officer = th_client_with("unit_officer", f->unit_id, NULL);
    f->evaluator = th_client_reader();
    f->anon = th_client_anonymous();
    f->days = th_client_reader();
}

static void fixture_close(fixture *f)
{
    zi_client_free(f->days);
    zi_client_free(f->anon);
    zi_client_free(f->evaluator);
    zi_client_free(f->officer);
    zi_client_free(f->outsider);
    zi_client_free(f->colleague);
    zi_client_free(f->employee);
    zi_client_free(f->upg);
    zi_client_free(f->admin);
}

/* Every rule set (a new array), by walking the list. */
static json_t *all_rule_sets(zi_client *c)
{
    zi_pager *pager = NULL;
    json_t *items;

    th_assert_status(c, zi_rule_sets_pager_new(c, NULL, &pager), ZI_OK);
    items = th_drain(c, pager);
    zi_pager_free(pager);
    return items;
}

/* The rule set of rule_sets (borrowed) with this code, or NULL. */
static const json_t *rule_set_by_code(const json_t *rule_sets, const char *code)
{
    size_t i;
    const json_t *r;

    json_array_foreach(rule_sets, i, r)
        if (strcmp(th_str(r, "code"), code) == 0)
            return r;
    return NULL;
}

/* The rule set applying on date: the latest effective_from on or before it (borrowed). */
static const json_t *rule_set_on(const json_t *rule_sets, const char *date)
{
    size_t i;
    const json_t *r;
    const json_t *best = NULL;

    json_array_foreach(rule_sets, i, r) {
        const char *from = th_str(r, "effective_from");
        if (strcmp(from, date) <= 0 && (!best || strcmp(from, th_str(best, "effective_from")) > 0))
            best = r;
    }
    ck_assert_msg(best != NULL, "no rule set applies on %s", date);
    return best;
}

/* ---- the calendar --------------------------------------------------------------------------- */

/* A calendar year (2060-2100, picked at random) that c finds without a calendar (404). */
static int free_calendar_year(zi_client *c)
{
    struct timespec ts;
    unsigned int seed;
    int i;

    clock_gettime(CLOCK_REALTIME, &ts);
    seed = (unsigned int)ts.tv_nsec ^ (unsigned int)getpid() * 2654435761u;
    for (i = 0; i < 41; i++) {
        int year = 2060 + (int)((seed + (unsigned int)i * 7u) % 41u);
        json_t *y = NULL;
        zi_status st = zi_calendar_get(c, year, &y, NULL);

        json_decref(y);
        if (st == ZI_E_NOT_FOUND)
            return year;
        th_assert_status(c, st, ZI_OK);
    }
    ck_abort_msg("every calendar year from 2060 to 2100 is recorded already");
    return 0;
}

/* The calendar year y as c reads it (new), or NULL when it has none. */
static json_t *calendar_or_null(zi_client *c, int y)
{
    json_t *v = NULL;
    zi_status st = zi_calendar_get(c, y, &v, NULL);

    if (st == ZI_E_NOT_FOUND)
        return NULL;
    th_assert_status(c, st, ZI_OK);
    return v;
}

/* Assert that the working-day endpoint adds n to from as the calendar's own days say (days: the
 * days of every year on the way; complete: whether those years are complete). */
static void assert_add(zi_client *c, const char *from, int n, const json_t *days, int complete)
{
    json_t *a = NULL;
    char want[16];

    th_assert_status(c, zi_working_days_add(c, from, n, &a), ZI_OK);
    add_working(from, n, days, want);
    ck_assert_msg(strcmp(th_str(a, "date"), want) == 0, "%s + %d working days: %s, want %s", from,
                  n, th_str(a, "date"), want);
    ck_assert_str_eq(th_str(a, "from"), from);
    ck_assert_int_eq(th_int(a, "add"), n);
    ck_assert_msg(json_is_boolean(json_object_get(a, "calendar_complete")) &&
                      json_is_true(json_object_get(a, "calendar_complete")) == complete,
                  "%s + %d: calendar_complete is not %d", from, n, complete);
    ck_assert_uint_gt(strlen(th_str(a, "counting")), 0);
    json_decref(a);
}

/* A day object. */
static json_t *day(const char *date, const char *kind, const char *name)
{
    return json_pack("{s:s, s:s, s:s}", "date", date, "kind", kind, "name", name);
}

START_TEST(test_calendar_seeded_years_and_counting)
{
    zi_client *c = th_client_reader();
    zi_client *anon = th_client_anonymous();
    json_t *y2025 = NULL;
    json_t *y2026 = NULL;
    json_t *y2027;
    json_t *both;
    json_t *page = NULL;
    json_t *items;
    json_t *a = NULL;
    zi_etag etag;
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t i;
    const json_t *d;
    int seen2025 = 0;
    int seen2026 = 0;
    long last = 0;

    /* 2025 and 2026 are seeded complete, their days sorted, of the two kinds, named; the
     * working days are what the days say. Public: no key needed. */
    th_assert_status(anon, zi_calendar_get(anon, 2026, &y2026, &etag), ZI_OK);
    th_assert_status(c, zi_calendar_get(c, 2025, &y2025, NULL), ZI_OK);
    ck_assert_msg(etag.value[0] == '"', "ETag %s", etag.value);
    ck_assert_int_eq(th_int(y2026, "year"), 2026);
    ck_assert(json_is_true(json_object_get(y2026, "complete")));
    ck_assert(json_is_true(json_object_get(y2025, "complete")));
    ck_assert_uint_gt(strlen(th_str(y2026, "source")), 0);
    ck_assert_uint_ge(json_array_size(json_object_get(y2026, "days")), 10);
    json_array_foreach(json_object_get(y2026, "days"), i, d) {
        ck_assert_msg(strcmp(th_str(d, "kind"), "holiday") == 0 ||
                          strcmp(th_str(d, "kind"), "cuti_bersama") == 0,
                      "kind %s", th_str(d, "kind"));
        ck_assert_int_eq(strncmp(th_str(d, "date"), "2026-", 5), 0);
        ck_assert_uint_gt(strlen(th_str(d, "name")), 0);
        if (i > 0)
            ck_assert_msg(strcmp(th_str(json_array_get(json_object_get(y2026, "days"), i - 1),
                                        "date"),
                                 th_str(d, "date")) < 0,
                          "days not sorted at %s", th_str(d, "date"));
    }
    ck_assert_int_eq(th_int(y2026, "working_days"),
                     working_days_of(2026, json_object_get(y2026, "days")));
    ck_assert_int_eq(th_int(y2025, "working_days"),
                     working_days_of(2025, json_object_get(y2025, "days")));

    /* The contract's hand-checked examples, and the same sums done here from the days. */
    both = json_array();
    json_array_extend(both, json_object_get(y2025, "days"));
    json_array_extend(both, json_object_get(y2026, "days"));
    th_assert_status(anon, zi_working_days_add(anon, "2026-03-17", 30, &a), ZI_OK);
    ck_assert_str_eq(th_str(a, "date"), "2026-05-07");
    ck_assert(json_is_true(json_object_get(a, "calendar_complete")));
    json_decref(a);
    assert_add(c, "2026-03-17", 30, both, 1);
    th_assert_status(c, zi_working_days_add(c, "2025-12-23", 3, &a), ZI_OK);
    ck_assert_str_eq(th_str(a, "date"), "2025-12-30");
    json_decref(a);
    assert_add(c, "2025-12-23", 3, both, 1);
    assert_add(c, "2025-01-01", 400, both, 1); /* across the two years */
    assert_add(c, "2026-02-13", 1, both, 1);   /* from a Friday */
    /* Into 2027: complete only if 2027 has a complete calendar (the seed has none). */
    y2027 = calendar_or_null(c, 2027);
    th_assert_status(c, zi_working_days_add(c, "2026-12-31", 1, &a), ZI_OK);
    ck_assert_msg(json_is_true(json_object_get(a, "calendar_complete")) ==
                      (y2027 && json_is_true(json_object_get(y2027, "complete"))),
                  "2026-12-31 + 1: calendar_complete says %s",
                  json_is_true(json_object_get(a, "calendar_complete")) ? "true" : "false");
    if (!y2027)
        ck_assert_str_eq(th_str(a, "date"), "2027-01-01"); /* a Friday: weekends only */
    json_decref(a);
    json_decref(y2027);
    json_decref(both);

    /* Refusals: a bad date, add out of range, the year out of range, a year without a
     * calendar; from NULL is refused before anything is sent. */
    th_assert_status(c, zi_working_days_add(c, "2026-02-30", 1, &a), ZI_E_BAD_REQUEST);
    assert_field_error(c, "from", "invalid_format");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].in, "query");
    th_assert_status(c, zi_working_days_add(c, "2026-03-17", 0, &a), ZI_E_BAD_REQUEST);
    assert_field_error(c, "add", "out_of_range");
    th_assert_status(c, zi_working_days_add(c, "2026-03-17", 401, &a), ZI_E_BAD_REQUEST);
    assert_field_error(c, "add", "out_of_range");
    th_assert_status(c, zi_working_days_add(c, NULL, 1, &a), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 0);
    th_assert_status(c, zi_working_days_add(c, "2026-03-17", 1, NULL), ZI_E_ARGUMENT);
    ck_assert_ptr_null(a);
    th_assert_status(c, zi_calendar_get(c, 1999, &a, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(c, "year", "out_of_range");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].in, "path");
    th_assert_status(c, zi_calendar_get(c, 2101, &a, NULL), ZI_E_BAD_REQUEST);

    /* The list, ascending, with the seeded years; across pages of 1. */
    th_assert_status(anon, zi_calendar_list(anon, NULL, &page), ZI_OK);
    ck_assert_uint_ge(th_data_size(page), 2);
    json_decref(page);
    p.limit = 1;
    th_assert_status(c, zi_calendar_list(c, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    json_decref(page);
    th_assert_status(c, zi_calendar_pager_new(c, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    ck_assert_uint_ge(zi_pager_pages(pager), json_array_size(items)); /* one year a page */
    json_array_foreach(items, i, d) {
        ck_assert_int_gt(th_int(d, "year"), last);
        last = th_int(d, "year");
        if (last == 2025) {
            seen2025 = 1;
            ck_assert_msg(json_equal((json_t *)d, y2025), "2025 in the list differs from GET");
        }
        seen2026 |= last == 2026;
    }
    ck_assert(seen2025 && seen2026);
    json_decref(items);
    zi_pager_free(pager);
    p.struct_size = 0;
    th_assert_status(c, zi_calendar_list(c, &p, &page), ZI_E_ARGUMENT);
    th_assert_status(c, zi_calendar_pager_new(c, &p, &pager), ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);

    json_decref(y2025);
    json_decref(y2026);
    zi_client_free(anon);
    zi_client_free(c);
}
END_TEST

START_TEST(test_calendar_put_year)
{
    zi_client *admin = th_client_admin();
    zi_client *upg = th_client_with("upg", NULL, NULL);
    zi_client *anon = th_client_anonymous();
    int y = free_calendar_year(anon);
    char d[6][32];
    char from[16];
    json_t *days;
    json_t *body;
    json_t *year = NULL;
    json_t *got = NULL;
    json_t *next_year;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    size_t i;
    const json_t *item;
    long first_monday_of_march;

    /* A new year's Day, a Monday holiday and the Tuesday after as cuti bersama, Christmas;
     * sent out of order. */
    first_monday_of_march = days_from_civil(y, 3, 1);
    while (weekday(first_monday_of_march) != 1)
        first_monday_of_march++;
    snprintf(d[0], sizeof d[0], "%04d-12-25", y);
    date_of(first_monday_of_march, d[1]);
    date_of(first_monday_of_march + 1, d[2]);
    snprintf(d[3], sizeof d[3], "%04d-01-01", y);
    days = json_pack("[o, o, o, o]", day(d[0], "holiday", "Hari Raya Natal"),
                     day(d[1], "holiday", "[Contoh] Hari libur SDK"),
                     day(d[2], "cuti_bersama", "[Contoh] Cuti bersama SDK"),
                     day(d[3], "holiday", "Tahun Baru Masehi"));
    body = json_pack("{s:b, s:s, s:n, s:O}", "complete", 1, "source", "[Contoh] SDK test calendar",
                     "note", "days", days);

    /* Not an admin: 403. Created without If-Match: 201. */
    th_assert_status(upg, zi_calendar_put(upg, y, NULL, body, &year, NULL), ZI_E_FORBIDDEN);
    th_assert_status(admin, zi_calendar_put(admin, y, NULL, body, &year, &etag), ZI_OK);
    ck_assert_int_eq(zi_last_error(admin)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_int_eq(th_int(year, "year"), y);
    ck_assert_int_eq(th_int(year, "version"), 1);
    ck_assert(json_is_true(json_object_get(year, "complete")));
    ck_assert(json_is_null(json_object_get(year, "note")));
    ck_assert_uint_eq(json_array_size(json_object_get(year, "days")), 4);
    json_array_foreach(json_object_get(year, "days"), i, item)
        if (i > 0)
            ck_assert_msg(strcmp(th_str(json_array_get(json_object_get(year, "days"), i - 1),
                                        "date"),
                                 th_str(item, "date")) < 0,
                          "days not sorted");
    ck_assert_str_eq(th_str(json_array_get(json_object_get(year, "days"), 0), "date"), d[3]);
    ck_assert_int_eq(th_int(year, "working_days"), working_days_of(y, days));

    /* Public read: the same. */
    th_assert_status(anon, zi_calendar_get(anon, y, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"1\"");
    ck_assert_msg(json_equal(got, year), "getCalendarYear differs from what the PUT answered");
    json_decref(got);
    json_decref(year);

    /* Counting over the new year skips its days; into the next year the calendar is complete
     * only when that year has a complete one too. */
    date_of(first_monday_of_march - 3, from); /* the Friday before */
    assert_add(anon, from, 1, days, 1);
    assert_add(anon, from, 15, days, 1);
    next_year = calendar_or_null(anon, y + 1);
    snprintf(from, sizeof from, "%04d-12-20", y);
    if (!next_year)
        assert_add(anon, from, 20, days, 0);
    json_decref(next_year);

    /* It exists now: without If-Match 428. With it the year is replaced as a whole: no days,
     * incomplete. The old ETag is then stale. */
    json_decref(body);
    body = json_pack("{s:b, s:s, s:s, s:[]}", "complete", 0, "source", "[Contoh] SDK, replaced",
                     "note", "[Contoh] belum lengkap", "days");
    th_assert_status(admin, zi_calendar_put(admin, y, NULL, body, &year, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    m.etag = etag.value;
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, &etag2), ZI_OK);
    ck_assert_int_eq(zi_last_error(admin)->http_status, 200);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_int_eq(th_int(year, "version"), 2);
    ck_assert(json_is_false(json_object_get(year, "complete")));
    ck_assert_uint_eq(json_array_size(json_object_get(year, "days")), 0);
    ck_assert_str_eq(th_str(year, "note"), "[Contoh] belum lengkap");
    ck_assert_int_eq(th_int(year, "working_days"), working_days_of(y, NULL));
    json_decref(year);
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL),
                     ZI_E_PRECONDITION_FAILED);
    date_of(first_monday_of_march - 3, from);
    assert_add(anon, from, 15, NULL, 0); /* incomplete: weekends only, and it says so */

    /* Rules: a date of another year, a date twice: 422 on the item. Shapes: 400. */
    m.etag = NULL;
    m.version = 2;
    json_decref(body);
    snprintf(d[4], sizeof d[4], "%04d-01-01", y + 1);
    body = json_pack("{s:b, s:s, s:[o]}", "complete", 1, "source", "[Contoh] SDK", "days",
                     day(d[4], "holiday", "Tahun Baru Masehi"));
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/days/0/date", "year_mismatch");
    json_decref(body);
    body = json_pack("{s:b, s:s, s:[o, o]}", "complete", 1, "source", "[Contoh] SDK", "days",
                     day(d[3], "holiday", "Tahun Baru Masehi"), day(d[3], "cuti_bersama", "Lagi"));
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_UNPROCESSABLE);
    assert_field_error(admin, "/days/1/date", "duplicate");
    json_decref(body);
    body = json_pack("{s:b, s:s, s:[o]}", "complete", 1, "source", "[Contoh] SDK", "days",
                     day(d[3], "libur", "Tahun Baru Masehi"));
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(admin, "/days/0/kind", "invalid_value");
    json_object_set_new(json_array_get(json_object_get(body, "days"), 0), "kind",
                        json_string("holiday"));
    json_object_set_new(json_array_get(json_object_get(body, "days"), 0), "colour",
                        json_string("red"));
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(admin, "/days/0/colour", "unknown_field");
    json_object_del(body, "source");
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(admin, "/source", "required");
    json_decref(body);
    body = json_pack("{s:s, s:s, s:[]}", "complete", "yes", "source", "[Contoh] SDK", "days");
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(admin, "/complete", "invalid_type");
    ck_assert_ptr_null(year);
    /* Nothing of that was saved. */
    th_assert_status(anon, zi_calendar_get(anon, y, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"2\"");
    json_decref(got);

    /* Arguments. */
    th_assert_status(admin, zi_calendar_put(admin, y, &m, NULL, &year, NULL), ZI_E_ARGUMENT);
    m.version = -1;
    th_assert_status(admin, zi_calendar_put(admin, y, &m, body, &year, NULL), ZI_E_ARGUMENT);
    th_assert_status(admin, zi_calendar_get(admin, y, NULL, NULL), ZI_E_ARGUMENT);

    json_decref(body);
    json_decref(days);
    zi_client_free(anon);
    zi_client_free(upg);
    zi_client_free(admin);
}
END_TEST

/* ---- rule sets ------------------------------------------------------------------------------ */

/* The codes of the exceptions of rule set r, in order, joined by spaces (into buf). */
static const char *exception_codes(const json_t *r, char *buf, size_t cap)
{
    size_t i;
    const json_t *e;
    size_t n = 0;

    buf[0] = '\0';
    json_array_foreach(json_object_get(r, "exceptions"), i, e)
        n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", i ? " " : "",
                              th_str(e, "code"));
    return buf;
}

/* The exception code of rule set r (borrowed), or NULL. */
static const json_t *exception_of(const json_t *r, const char *code)
{
    size_t i;
    const json_t *e;

    json_array_foreach(json_object_get(r, "exceptions"), i, e)
        if (strcmp(th_str(e, "code"), code) == 0)
            return e;
    return NULL;
}

START_TEST(test_rule_sets)
{
    zi_client *c = th_client_anonymous();
    zi_client *k = th_client_reader();
    json_t *all = all_rule_sets(c);
    json_t *got = NULL;
    json_t *page = NULL;
    const json_t *r2019 = rule_set_by_code(all, "kpk-2019");
    const json_t *r2026 = rule_set_by_code(all, "kpk-2026");
    const json_t *e;
    const json_t *r;
    zi_etag etag;
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    char codes[512];
    size_t i;

    ck_assert_msg(r2019 && r2026, "the seeded rule sets kpk-2019 and kpk-2026 are not listed");
    /* Ascending effective_from. */
    json_array_foreach(all, i, r)
        if (i > 0)
            ck_assert_msg(strcmp(th_str(json_array_get(all, i - 1), "effective_from"),
                                 th_str(r, "effective_from")) <= 0,
                          "rule sets not in effective_from order");

    /* The seeded figures of Peraturan KPK 2/2019 and 1/2026. */
    ck_assert_str_eq(th_str(r2019, "effective_from"), "2019-01-01");
    ck_assert(json_is_false(json_object_get(r2019, "confirmed")));
    ck_assert_str_eq(th_str(r2026, "effective_from"), "2026-01-20");
    ck_assert(json_is_true(json_object_get(r2026, "confirmed")));
    ck_assert_int_eq(th_int(r2019, "lapse_days"), 30);
    ck_assert_int_eq(th_int(r2026, "lapse_days"), 20);
    for (i = 0; i < 2; i++) {
        r = i ? r2026 : r2019;
        ck_assert_int_eq(th_int(r, "legal_days"), 30);
        ck_assert_int_eq(th_int(r, "staff_days"), 10);
        ck_assert_int_eq(th_int(r, "upg_days"), 10);
        ck_assert_int_eq(th_int(r, "kpk_decision_days"), 30);
        ck_assert_int_eq(th_int(r, "handover_days"), 7);
        ck_assert_int_eq(th_int(r, "high_value_idr"), 10000000);
        ck_assert_uint_gt(strlen(th_str(r, "regulation")), 0);
        e = exception_of(r, "family");
        ck_assert(array_is(json_object_get(e, "relationships"), (const char *const[]){"family", NULL}));
        ck_assert(json_is_null(json_object_get(e, "occasions")));
        ck_assert(json_is_null(json_object_get(e, "max_per_gift_idr")));
        e = exception_of(r, "colleague_gift");
        ck_assert(json_is_true(json_object_get(e, "non_cash_only")));
        ck_assert(array_is(json_object_get(exception_of(r, "celebration"), "occasions"),
                           (const char *const[]){"wedding", "birth", "religious", NULL}));
    }
    ck_assert_str_eq(exception_codes(r2019, codes, sizeof codes),
                     "family celebration colleague_gift farewell_birthday seminar_kit "
                     "promotional_item public_prize honorarium flowers shared_food to_institution");
    ck_assert_str_eq(exception_codes(r2026, codes, sizeof codes),
                     "family celebration colleague_gift seminar_kit promotional_item public_prize "
                     "honorarium flowers shared_food to_institution");
    ck_assert_int_eq(th_int(exception_of(r2019, "celebration"), "max_per_gift_idr"), 1000000);
    ck_assert_int_eq(th_int(exception_of(r2026, "celebration"), "max_per_gift_idr"), 1500000);
    ck_assert_int_eq(th_int(exception_of(r2019, "colleague_gift"), "max_per_gift_idr"), 200000);
    ck_assert_int_eq(th_int(exception_of(r2026, "colleague_gift"), "max_per_gift_idr"), 500000);
    ck_assert_int_eq(th_int(exception_of(r2019, "colleague_gift"), "max_per_giver_year_idr"),
                     1000000);
    ck_assert_int_eq(th_int(exception_of(r2026, "colleague_gift"), "max_per_giver_year_idr"),
                     1500000);
    e = exception_of(r2019, "farewell_birthday");
    ck_assert_int_eq(th_int(e, "max_per_gift_idr"), 300000);
    ck_assert(array_is(json_object_get(e, "occasions"), (const char *const[]){"farewell", "birthday", NULL}));
    ck_assert(array_is(json_object_get(exception_of(r2026, "seminar_kit"), "occasions"),
                       (const char *const[]){"seminar", NULL}));

    /* One by id, public and with a key: as listed. Unknown: 404. */
    th_assert_status(c, zi_rule_sets_get(c, th_str(r2026, "id"), &got, &etag), ZI_OK);
    ck_assert_msg(json_equal(got, (json_t *)r2026), "getGratificationRuleSet differs from the list");
    ck_assert_msg(etag.value[0] == '"', "ETag %s", etag.value);
    json_decref(got);
    th_assert_status(k, zi_rule_sets_get(k, th_str(r2019, "id"), &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "code"), "kpk-2019");
    json_decref(got);
    th_assert_status(c, zi_rule_sets_get(c, no_such_id, &got, NULL), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_rule_sets_get(c, NULL, &got, NULL), ZI_E_ARGUMENT);

    /* Pages of 1. */
    p.limit = 1;
    th_assert_status(k, zi_rule_sets_list(k, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    ck_assert_msg(json_equal(json_array_get(json_object_get(page, "data"), 0), json_array_get(all, 0)),
                  "the first page is not the first rule set");
    json_decref(page);
    p.struct_size = 0;
    th_assert_status(k, zi_rule_sets_list(k, &p, &page), ZI_E_ARGUMENT);

    json_decref(all);
    zi_client_free(k);
    zi_client_free(c);
}
END_TEST

/* ---- advice ----------------------------------------------------------------------------------- */

/* Advice (new) on a gift, asserting ZI_OK. */
static json_t *assess(zi_client *c, const char *kind, long long value, const char *relationship,
                      const char *occasion, int job_related, const char *date,
                      long long given_this_year)
{
    json_t *facts = json_pack("{s:s, s:I, s:s, s:s, s:b, s:s}", "kind", kind, "value_idr",
                              (json_int_t)value, "giver_relationship", relationship, "occasion",
                              occasion, "job_related", job_related, "date", date);
    json_t *advice = NULL;
    zi_status st;

    if (given_this_year >= 0)
        json_object_set_new(facts, "given_this_year_idr", json_integer(given_this_year));
    st = zi_reports_assess(c, facts, &advice);
    json_decref(facts);
    th_assert_status(c, st, ZI_OK);
    return advice;
}

/* Do the reasons of advice have exactly the codes of want (NULL-terminated)? */
static int reasons_are(const json_t *advice, const char *const *want)
{
    json_t *codes = json_array();
    size_t i;
    const json_t *r;
    int ok;

    json_array_foreach(json_object_get(advice, "reasons"), i, r) {
        ck_assert_uint_gt(strlen(th_str(r, "message")), 0);
        json_array_append_new(codes, json_string(th_str(r, "code")));
    }
    ok = array_is(codes, want);
    json_decref(codes);
    return ok;
}

#define assert_advice(a, want_advice, want_exception, ...)                                        \
    do {                                                                                          \
        ck_assert_str_eq(th_str(a, "advice"), want_advice);                                       \
        if (want_exception)                                                                       \
            ck_assert_str_eq(th_str(json_object_get(a, "exception"), "code"),                     \
                             (const char *)want_exception);                                       \
        else                                                                                      \
            ck_assert(json_is_null(json_object_get(a, "exception")));                            \
        ck_assert_msg(reasons_are(a, (const char *const[]){__VA_ARGS__, NULL}), "reasons: %s",   \
                      json_dumps(json_object_get(a, "reasons"), JSON_COMPACT));                   \
        ck_assert(json_is_true(json_object_get(a, "advisory_only")));                             \
    } while (0)

START_TEST(test_assess)
{
    zi_client *c = th_client_anonymous();
    zi_client *days = th_client_reader();
    json_t *rule_sets = all_rule_sets(days);
    json_t *a;
    json_t *w = NULL;
    json_t *facts;
    const json_t *rs;

    /* A vendor's cash for a service: refuse, for both reasons; the deadline is the contract's
     * example, and what the working-day endpoint says for legal_days. */
    a = assess(c, "money", 1500000, "vendor", "service", 1, "2026-03-17", -1);
    assert_advice(a, "must_refuse", NULL, "job_related", "giver_vendor");
    rs = rule_set_on(rule_sets, "2026-03-17");
    ck_assert_str_eq(th_str(json_object_get(a, "rule_set"), "code"), th_str(rs, "code"));
    ck_assert_str_eq(th_str(json_object_get(a, "rule_set"), "id"), th_str(rs, "id"));
    ck_assert_str_eq(th_str(json_object_get(a, "rule_set"), "effective_from"),
                     th_str(rs, "effective_from"));
    ck_assert(json_is_false(json_object_get(a, "high_value")));
    ck_assert_str_eq(th_str(a, "report_due_on"), "2026-05-07");
    th_assert_status(days, zi_working_days_add(days, "2026-03-17", (int)th_int(rs, "legal_days"), &w),
                     ZI_OK);
    ck_assert_str_eq(th_str(a, "report_due_on"), th_str(w, "date"));
    ck_assert(json_equal(json_object_get(a, "calendar_complete"), json_object_get(w, "calendar_complete")));
    json_decref(w);
    json_decref(a);
    a = assess(c, "goods", 100000, "service_user", "other", 0, "2026-03-17", 0);
    assert_advice(a, "must_refuse", NULL, "giver_service_user");
    json_decref(a);

    /* A wedding gift: exempt up to the limit of the rule set of the date (1.5 million in 2026,
     * 1 million under the 2019 rules); beyond it, report. */
    a = assess(c, "money", 1500000, "other", "wedding", 0, "2026-03-17", -1);
    assert_advice(a, "may_be_exempt", "celebration", "exception_applies");
    ck_assert_int_eq(th_int(json_object_get(a, "exception"), "max_per_gift_idr"), 1500000);
    json_decref(a);
    a = assess(c, "money", 1500001, "other", "wedding", 0, "2026-03-17", -1);
    assert_advice(a, "must_report", "celebration", "exceeds_limit");
    json_decref(a);
    a = assess(c, "money", 1200000, "other", "wedding", 0, "2025-06-01", -1);
    assert_advice(a, "must_report", "celebration", "exceeds_limit");
    ck_assert_str_eq(th_str(json_object_get(a, "rule_set"), "code"),
                     th_str(rule_set_on(rule_sets, "2025-06-01"), "code"));
    json_decref(a);

    /* A colleague: never cash; goods up to 500,000 a gift and 1.5 million a year from one giver. */
    a = assess(c, "money", 100000, "colleague", "other", 0, "2026-06-01", -1);
    assert_advice(a, "must_report", NULL, "no_exception");
    json_decref(a);
    a = assess(c, "goods", 400000, "colleague", "other", 0, "2026-06-01", 1000000);
    assert_advice(a, "may_be_exempt", "colleague_gift", "exception_applies");
    json_decref(a);
    a = assess(c, "goods", 400000, "colleague", "other", 0, "2026-06-01", 1200000);
    assert_advice(a, "must_report", "colleague_gift", "exceeds_limit");
    json_decref(a);
    /* The 2019 rules have farewell_birthday for colleagues; 2026 does not. */
    a = assess(c, "goods", 150000, "colleague", "farewell", 0, "2025-06-01", -1);
    assert_advice(a, "may_be_exempt", "colleague_gift", "exception_applies"); /* tried first */
    json_decref(a);
    a = assess(c, "money", 250000, "colleague", "farewell", 0, "2025-06-01", -1);
    assert_advice(a, "may_be_exempt", "farewell_birthday", "exception_applies");
    json_decref(a);
    a = assess(c, "money", 250000, "colleague", "farewell", 0, "2026-06-01", -1);
    assert_advice(a, "must_report", NULL, "no_exception");
    json_decref(a);

    /* Family: no limit, even above the high-value threshold. */
    a = assess(c, "money", 50000000, "family", "other", 0, "2026-06-01", -1);
    assert_advice(a, "may_be_exempt", "family", "exception_applies");
    ck_assert(json_is_true(json_object_get(a, "high_value")));
    json_decref(a);
    a = assess(c, "goods", 10000000, "other", "other", 0, "2099-01-01", -1); /* future: fine */
    assert_advice(a, "must_report", NULL, "no_exception");
    ck_assert(json_is_true(json_object_get(a, "high_value")));
    json_decref(a);

    /* Refusals: before every rule set 422; shapes 400. */
    facts = json_pack("{s:s, s:i, s:s, s:s, s:b, s:s}", "kind", "money", "value_idr", 1000,
                      "giver_relationship", "other", "occasion", "other", "job_related", 0, "date",
                      "2018-12-31");
    th_assert_status(c, zi_reports_assess(c, facts, &a), ZI_E_UNPROCESSABLE);
    assert_field_error(c, "/date", "no_rule_set");
    json_object_set_new(facts, "date", json_string("2026-06-01"));
    json_object_set_new(facts, "kind", json_string("cash"));
    th_assert_status(c, zi_reports_assess(c, facts, &a), ZI_E_BAD_REQUEST);
    assert_field_error(c, "/kind", "invalid_value");
    json_object_del(facts, "kind");
    json_object_set_new(facts, "value_idr", json_integer(-1));
    th_assert_status(c, zi_reports_assess(c, facts, &a), ZI_E_BAD_REQUEST);
    assert_field_error(c, "/kind", "required");
    assert_field_error(c, "/value_idr", "out_of_range");
    ck_assert_ptr_null(a);
    th_assert_status(c, zi_reports_assess(c, NULL, &a), ZI_E_ARGUMENT);
    json_decref(facts);

    json_decref(rule_sets);
    zi_client_free(days);
    zi_client_free(c);
}
END_TEST

/* ---- reports ------------------------------------------------------------------------------------ */

/* The body of a report (new) with every required member and no reporter_nip. */
static json_t *report_body(const char *unit_id, const char *type, const char *kind,
                           long long value, const char *received_on, const char *relationship)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s,"
                     " s:s, s:s, s:b}",
                     "unit_id", unit_id, "type", type, "reporter_nik", "3404011203850001",
                     "reporter_name", "[Contoh] Pelapor SDK Rahasia", "reporter_address",
                     "[Contoh] Jl. Rahasia 7, Wates", "reporter_phone", "+62 812-0000-0777",
                     "reporter_position", "[Contoh] Staf Pelayanan", "giver_name",
                     "[Contoh] PT Pemberi", "giver_relationship", relationship, "kind", kind,
                     "description", "[Contoh] Amplop ucapan terima kasih", "value_idr",
                     (json_int_t)value, "received_on", received_on, "place",
                     "[Contoh] Kantor pelayanan", "occasion", "service", "chronology",
                     "[Contoh] Diberikan setelah layanan selesai.", "job_related",
                     strcmp(relationship, "vendor") == 0);
}

/* File body (released here) as c, asserting ZI_OK; the report (new). */
static json_t *file(zi_client *c, json_t *body)
{
    json_t *report = NULL;
    zi_status st = zi_reports_create(c, body, NULL, &report, NULL);

    json_decref(body);
    th_assert_status(c, st, ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    ck_assert_str_eq(th_str(report, "state"), "draft");
    return report;
}

/* Create body (released here) as c and expect want. */
static void file_refused(zi_client *c, json_t *body, zi_status want)
{
    json_t *report = NULL;
    zi_status st = zi_reports_create(c, body, NULL, &report, NULL);

    json_decref(body);
    th_assert_status(c, st, want);
    ck_assert_ptr_null(report);
}

/* One step of report id as c with body (released here), If-Match version; *out the answer. */
static zi_status step(zi_client *c, const char *id, int64_t version, json_t *body, json_t **out)
{
    zi_if_match m = {NULL, version};
    zi_status st = zi_reports_transition(c, id, &m, body, NULL, out, NULL);

    json_decref(body);
    return st;
}

/* Move *report to `to` as c with the members of extra (an object, released here; may be
 * NULL), asserting ZI_OK; *report becomes the answer. */
static void step_ok(zi_client *c, const char *to, json_t *extra, json_t **report)
{
    int64_t version = th_int(*report, "version");
    json_t *body = extra ? extra : json_object();
    json_t *next = NULL;
    char id[64];

    snprintf(id, sizeof id, "%s", th_str(*report, "id"));
    json_object_set_new(body, "to", json_string(to));
    th_assert_status(c, step(c, id, version, body, &next), ZI_OK);
    json_decref(*report);
    *report = next;
    ck_assert_str_eq(th_str(*report, "state"), to);
    ck_assert_int_eq(th_int(*report, "version"), version + 1);
}

/* The rule set member holding the working days of a deadline kind. */
static const char *days_member(const char *kind)
{
    static const char *const map[][2] = {
        {"staff_to_upg", "staff_days"},      {"legal_report_to_kpk", "legal_days"},
        {"upg_to_kpk", "upg_days"},          {"upg_review", "upg_days"},
        {"incomplete_lapse", "lapse_days"},  {"kpk_decision", "kpk_decision_days"},
        {"handover", "handover_days"},
    };
    size_t i;

    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], kind) == 0)
            return map[i][1];
    ck_abort_msg("unknown deadline kind %s", kind);
    return NULL;
}

/* The date (into buf) the working-day endpoint gives for from + n; *complete its
 * calendar_complete (may be NULL). */
static const char *endpoint_add(zi_client *c, const char *from, long n, char buf[16],
                                int *complete)
{
    json_t *a = NULL;

    th_assert_status(c, zi_working_days_add(c, from, (int)n, &a), ZI_OK);
    snprintf(buf, 16, "%s", th_str(a, "date"));
    if (complete)
        *complete = json_is_true(json_object_get(a, "calendar_complete"));
    json_decref(a);
    return buf;
}

typedef struct want_deadline {
    const char *kind;
    const char *start_on;
} want_deadline;

/*
 * The running deadlines of report are exactly want[0..n): each starts on its date, lasts its
 * rule set's working days, falls due on what the working-day endpoint (c) says, and its
 * overdue, working_days_left and calendar_complete agree with today; next_due is the earliest.
 */
static void assert_deadlines(zi_client *c, const json_t *report, const json_t *rule_set,
                             const want_deadline *want, size_t n)
{
    const json_t *deadlines = json_object_get(report, "deadlines");
    const char *earliest = NULL;
    char today[16];
    size_t i;
    size_t j;

    th_date(today, sizeof today, 0);
    ck_assert_msg(json_is_array(deadlines) && json_array_size(deadlines) == n,
                  "%zu deadlines, want %zu", json_array_size(deadlines), n);
    for (i = 0; i < n; i++) {
        const json_t *d = NULL;
        const char *due;
        char want_due[16];
        char probe[16];
        int complete = 0;
        long long days;
        long long left;
        int overdue;

        for (j = 0; j < n; j++)
            if (strcmp(th_str(json_array_get(deadlines, j), "kind"), want[i].kind) == 0)
                d = json_array_get(deadlines, j);
        ck_assert_msg(d != NULL, "no %s deadline", want[i].kind);
        ck_assert_str_eq(th_str(d, "start_on"), want[i].start_on);
        days = th_int(rule_set, days_member(want[i].kind));
        ck_assert_int_eq(th_int(d, "working_days"), days);
        ck_assert_str_eq(th_str(d, "rule_set"), th_str(rule_set, "code"));
        ck_assert_uint_gt(strlen(th_str(d, "counting")), 0);
        due = th_str(d, "due_on");
        endpoint_add(c, want[i].start_on, (long)days, want_due, &complete);
        ck_assert_msg(strcmp(due, want_due) == 0, "%s due %s, the working-day endpoint says %s",
                      want[i].kind, due, want_due);
        ck_assert_int_eq(json_is_true(json_object_get(d, "calendar_complete")), complete);
        overdue = strcmp(today, due) > 0;
        ck_assert_int_eq(json_is_true(json_object_get(d, "overdue")), overdue);
        left = th_int(d, "working_days_left");
        if (strcmp(today, due) == 0) {
            ck_assert_int_eq(left, 0);
        } else if (overdue) {
            /* minus the working days after due_on up to today */
            ck_assert_int_le(left, 0);
            if (left < 0)
                ck_assert_str_le(endpoint_add(c, due, (long)-left, probe, NULL), today);
            ck_assert_str_gt(endpoint_add(c, due, (long)(1 - left), probe, NULL), today);
        } else {
            ck_assert_int_gt(left, 0);
            ck_assert_str_eq(endpoint_add(c, today, (long)left, probe, NULL), due);
        }
        if (!earliest || strcmp(due, earliest) < 0)
            earliest = due;
    }
    if (earliest)
        ck_assert_str_eq(th_str(report, "next_due"), earliest);
    else
        ck_assert(json_is_null(json_object_get(report, "next_due")));
}

/* The six confidential members are present (with the values of report_body). */
static void assert_reporter_shown(const json_t *report, const char *nip)
{
    ck_assert_str_eq(th_str(report, "reporter_nik"), "3404011203850001");
    ck_assert_str_eq(th_str(report, "reporter_nip"), nip);
    ck_assert_str_eq(th_str(report, "reporter_name"), "[Contoh] Pelapor SDK Rahasia");
    ck_assert_str_eq(th_str(report, "reporter_address"), "[Contoh] Jl. Rahasia 7, Wates");
    ck_assert_str_eq(th_str(report, "reporter_phone"), "+62 812-0000-0777");
    ck_assert_str_eq(th_str(report, "reporter_position"), "[Contoh] Staf Pelayanan");
}

/* The accesses of report id as c (every page): a new array. */
static json_t *accesses(zi_client *c, const char *id)
{
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *items;

    p.limit = 2;
    th_assert_status(c, zi_reports_accesses_pager_new(c, id, &p, &pager), ZI_OK);
    items = th_drain(c, pager);
    zi_pager_free(pager);
    return items;
}

/* Is there an access by key_id of the way given (and role) in items? */
static int accessed(const json_t *items, const char *key_id, const char *way, const char *role)
{
    size_t i;
    const json_t *a;

    json_array_foreach(items, i, a)
        if (strcmp(th_str(a, "key_id"), key_id) == 0 && strcmp(th_str(a, "way"), way) == 0 &&
            strcmp(th_str(a, "key_role"), role) == 0)
            return 1;
    return 0;
}

START_TEST(test_report_receipt_workflow)
{
    fixture f;
    json_t *rule_sets;
    const json_t *rs;
    json_t *report;
    json_t *got = NULL;
    json_t *body;
    json_t *page = NULL;
    json_t *items;
    json_t *unit;
    const json_t *problem;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_page_params pp = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    zi_audit_list_params ap = ZI_AUDIT_LIST_PARAMS_INIT;
    char id[64];
    char today[16];
    char tomorrow[16];
    char yesterday[16];
    char *dump;
    size_t i;
    const char *received = "2026-03-17";

    fixture_open(&f);
    rule_sets = all_rule_sets(f.anon);
    rs = rule_set_on(rule_sets, received);
    th_date(today, sizeof today, 0);
    th_date(tomorrow, sizeof tomorrow, 1);
    th_date(yesterday, sizeof yesterday, -1);

    /* Who may not file: other roles, another unit, someone else's NIP, found_by_audit. */
    file_refused(f.officer, report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor"),
                 ZI_E_FORBIDDEN);
    file_refused(f.evaluator, report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor"),
                 ZI_E_FORBIDDEN);
    file_refused(f.anon, report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor"),
                 ZI_E_UNAUTHORIZED);
    file_refused(f.employee,
                 report_body(f.other_unit_id, "receipt", "money", 1500000, received, "vendor"),
                 ZI_E_FORBIDDEN);
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "reporter_nip", json_string(f.colleague_nip));
    file_refused(f.employee, body, ZI_E_FORBIDDEN);
    assert_field_error(f.employee, "/reporter_nip", "not_allowed");
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "reporter_nip", json_null());
    file_refused(f.employee, body, ZI_E_FORBIDDEN);
    assert_field_error(f.employee, "/reporter_nip", "not_allowed");
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "found_by_audit", json_true());
    file_refused(f.employee, body, ZI_E_FORBIDDEN);
    assert_field_error(f.employee, "/found_by_audit", "not_allowed");

    /* Rules (422) and shapes (400). */
    file_refused(f.employee, report_body(f.unit_id, "receipt", "money", 1500000, tomorrow, "vendor"),
                 ZI_E_UNPROCESSABLE);
    assert_field_error(f.employee, "/received_on", "in_future");
    file_refused(f.employee,
                 report_body(f.unit_id, "receipt", "money", 1500000, "2018-06-01", "vendor"),
                 ZI_E_UNPROCESSABLE);
    assert_field_error(f.employee, "/received_on", "no_rule_set");
    file_refused(f.upg, report_body(no_such_id, "receipt", "money", 1500000, received, "vendor"),
                 ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/unit_id", "not_found");
    unit = new_unit(f.admin, "gratarch");
    m.version = 1;
    th_assert_status(f.admin, zi_units_archive(f.admin, th_str(unit, "id"), &m, NULL, &got, NULL),
                     ZI_OK);
    json_decref(got);
    file_refused(f.upg, report_body(th_str(unit, "id"), "receipt", "money", 1, received, "vendor"),
                 ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/unit_id", "archived");
    json_decref(unit);
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "kind", json_string("cash"));
    json_object_set_new(body, "colour", json_string("red"));
    json_object_del(body, "place");
    file_refused(f.employee, body, ZI_E_BAD_REQUEST);
    assert_field_error(f.employee, "/kind", "invalid_value");
    assert_field_error(f.employee, "/colour", "unknown_field");
    assert_field_error(f.employee, "/place", "required");
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "reporter_nik", json_string("34040112038500AB"));
    json_object_set_new(body, "reporter_phone", json_string("phone 0812"));
    file_refused(f.upg, body, ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "/reporter_nik", "invalid_format");
    assert_field_error(f.upg, "/reporter_phone", "invalid_format");
    body = report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor");
    json_object_set_new(body, "reporter_nip", json_string("123456789012345678")); /* no birth date */
    file_refused(f.upg, body, ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "/reporter_nip", "invalid_format");

    /* The employee files a receipt for themselves: draft, their NIP, the rule set of the
     * received date, the two deadlines of a draft receipt. */
    report = file(f.employee, report_body(f.unit_id, "receipt", "money", 1500000, received, "vendor"));
    snprintf(id, sizeof id, "%s", th_str(report, "id"));
    ck_assert_str_eq(th_str(report, "unit_id"), f.unit_id);
    ck_assert_str_eq(th_str(report, "type"), "receipt");
    assert_reporter_shown(report, f.nip);
    ck_assert_int_eq(th_int(report, "version"), 1);
    ck_assert(array_is(json_object_get(report, "allowed_next"), (const char *const[]){"submitted", NULL}));
    ck_assert_str_eq(th_str(json_object_get(report, "rule_set"), "code"), th_str(rs, "code"));
    ck_assert_str_eq(th_str(json_object_get(report, "rule_set"), "id"), th_str(rs, "id"));
    ck_assert(json_is_false(json_object_get(report, "high_value")));
    ck_assert(json_is_false(json_object_get(report, "perishable")));
    ck_assert(json_is_false(json_object_get(report, "found_by_audit")));
    ck_assert(json_is_false(json_object_get(report, "sample")));
    ck_assert(json_is_null(json_object_get(report, "reported_on")));
    ck_assert(json_is_null(json_object_get(report, "closed_on")));
    ck_assert(json_is_null(json_object_get(report, "giver_address")));
    assert_deadlines(f.days, report, rs,
                     (const want_deadline[]){{"staff_to_upg", received},
                                             {"legal_report_to_kpk", received}},
                     2);

    /* Reads: the reporter and the UPG see it all; a colleague of the same unit and an employee
     * of another unit get 404; other roles 403. */
    th_assert_status(f.employee, zi_reports_get(f.employee, id, &got, &etag), ZI_OK);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_msg(json_equal(got, report), "getGratificationReport differs from the create");
    json_decref(got);
    th_assert_status(f.upg, zi_reports_get(f.upg, id, &got, NULL), ZI_OK);
    assert_reporter_shown(got, f.nip);
    json_decref(got);
    th_assert_status(f.colleague, zi_reports_get(f.colleague, id, &got, NULL), ZI_E_NOT_FOUND);
    th_assert_status(f.outsider, zi_reports_get(f.outsider, id, &got, NULL), ZI_E_NOT_FOUND);
    th_assert_status(f.officer, zi_reports_get(f.officer, id, &got, NULL), ZI_E_FORBIDDEN);
    th_assert_status(f.evaluator, zi_reports_get(f.evaluator, id, &got, NULL), ZI_E_FORBIDDEN);
    th_assert_status(f.upg, zi_reports_get(f.upg, no_such_id, &got, NULL), ZI_E_NOT_FOUND);
    ck_assert_ptr_null(got);

    /* PATCH by the reporter with If-Match; create-only members 400; stale 412; none 428; not
     * the reporter 404. */
    body = json_pack("{s:s, s:s}", "description", "[Contoh] Amplop berisi uang tunai",
                     "giver_address", "[Contoh] Jl. Pemberi 1");
    m.version = 0;
    m.etag = etag.value;
    th_assert_status(f.employee, zi_reports_update(f.employee, id, &m, body, &got, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_str_eq(th_str(got, "description"), "[Contoh] Amplop berisi uang tunai");
    ck_assert_str_eq(th_str(got, "giver_address"), "[Contoh] Jl. Pemberi 1");
    ck_assert_str_eq(th_str(got, "place"), "[Contoh] Kantor pelayanan"); /* unchanged */
    json_decref(got);
    th_assert_status(f.employee, zi_reports_update(f.employee, id, &m, body, &got, NULL),
                     ZI_E_PRECONDITION_FAILED);
    th_assert_status(f.employee, zi_reports_update(f.employee, id, NULL, body, &got, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    m.etag = NULL;
    m.version = 2;
    th_assert_status(f.colleague, zi_reports_update(f.colleague, id, &m, body, &got, NULL),
                     ZI_E_NOT_FOUND);
    json_decref(body);
    body = json_pack("{s:s, s:s}", "unit_id", f.other_unit_id, "type", "refusal");
    th_assert_status(f.upg, zi_reports_update(f.upg, id, &m, body, &got, NULL), ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "/unit_id", "read_only");
    assert_field_error(f.upg, "/type", "read_only");
    json_decref(body);
    json_decref(report);
    th_assert_status(f.employee, zi_reports_get(f.employee, id, &report, NULL), ZI_OK);

    /* draft → submitted by the reporter: not in the future, not before the receipt; with an
     * Idempotency-Key, sent twice, the first answer comes back. Reported today, 30 working
     * days after 17 March: late. */
    th_assert_status(f.employee,
                     step(f.employee, id, 2,
                          json_pack("{s:s, s:s}", "to", "submitted", "occurred_on", tomorrow), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.employee, "/occurred_on", "in_future");
    th_assert_status(f.employee,
                     step(f.employee, id, 2,
                          json_pack("{s:s, s:s}", "to", "submitted", "occurred_on", "2026-03-16"),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.employee, "/occurred_on", "before_received");
    th_assert_status(f.employee,
                     step(f.employee, id, 2,
                          json_pack("{s:s, s:s}", "to", "submitted", "gol_reference", "GOL-1"),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.employee, "/gol_reference", "not_applicable");
    {
        char key[96];
        json_t *again = NULL;

        snprintf(key, sizeof key, "sdk-report-step-%s", id);
        body = json_pack("{s:s}", "to", "submitted");
        m.version = 2;
        th_assert_status(f.employee,
                         zi_reports_transition(f.employee, id, &m, body, key, &got, &etag), ZI_OK);
        ck_assert_str_eq(etag.value, "\"3\"");
        th_assert_status(f.employee,
                         zi_reports_transition(f.employee, id, &m, body, key, &again, NULL), ZI_OK);
        ck_assert_int_eq(zi_last_error(f.employee)->replayed, 1);
        ck_assert_int_eq(th_int(again, "version"), 3);
        json_decref(again);
        json_decref(body);
        json_decref(report);
        report = got;
        got = NULL;
    }
    ck_assert_str_eq(th_str(report, "state"), "submitted");
    ck_assert_str_eq(th_str(report, "reported_on"), today);
    {
        char legal_due[16];
        endpoint_add(f.days, received, th_int(rs, "legal_days"), legal_due, NULL);
        ck_assert_int_eq(json_is_true(json_object_get(report, "late")), strcmp(today, legal_due) > 0);
    }
    ck_assert(array_is(json_object_get(report, "allowed_next"), (const char *const[]){"verifying", NULL}));
    assert_deadlines(f.days, report, rs,
                     (const want_deadline[]){{"legal_report_to_kpk", received},
                                             {"upg_to_kpk", today}},
                     2);

    /* Not the reporter's step: 403. Not a step from here: 409 with state and allowed_next.
     * Stale: 412. Submitted: no more PATCH (409). */
    th_assert_status(f.employee, step(f.employee, id, 3, json_pack("{s:s}", "to", "verifying"), &got),
                     ZI_E_FORBIDDEN);
    th_assert_status(f.upg, step(f.upg, id, 3, json_pack("{s:s}", "to", "recorded"), &got),
                     ZI_E_CONFLICT);
    problem = zi_last_error(f.upg)->problem;
    ck_assert_str_eq(th_str(problem, "state"), "submitted");
    ck_assert(array_is(json_object_get(problem, "allowed_next"), (const char *const[]){"verifying", NULL}));
    th_assert_status(f.upg, step(f.upg, id, 2, json_pack("{s:s}", "to", "verifying"), &got),
                     ZI_E_PRECONDITION_FAILED);
    body = json_pack("{s:s}", "description", "[Contoh] terlambat");
    m.version = 3;
    th_assert_status(f.employee, zi_reports_update(f.employee, id, &m, body, &got, NULL),
                     ZI_E_CONFLICT);
    json_decref(body);

    /* The UPG verifies and returns it incomplete (a note is required). */
    step_ok(f.upg, "verifying", NULL, &report);
    th_assert_status(f.upg, step(f.upg, id, 4, json_pack("{s:s}", "to", "incomplete"), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/note", "required");
    step_ok(f.upg, "incomplete", json_pack("{s:s}", "note", "[Contoh] Foto amplop belum ada"),
            &report);
    ck_assert_str_eq(th_str(report, "returned_on"), today);
    assert_deadlines(f.days, report, rs,
                     (const want_deadline[]){{"legal_report_to_kpk", received},
                                             {"upg_to_kpk", today},
                                             {"incomplete_lapse", today}},
                     3);
    /* It cannot lapse before its lapse deadline (409, the detail says when). */
    th_assert_status(f.upg, step(f.upg, id, 5, json_pack("{s:s}", "to", "lapsed"), &got),
                     ZI_E_CONFLICT);
    ck_assert_uint_gt(strlen(zi_last_error(f.upg)->detail), 0);

    /* The reporter completes it (PATCH in incomplete) and sends it back to verifying. */
    body = json_pack("{s:s}", "deposit_receipt_number", "[Contoh] TT-UPG-001");
    m.version = 5;
    th_assert_status(f.employee, zi_reports_update(f.employee, id, &m, body, &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "deposit_receipt_number"), "[Contoh] TT-UPG-001");
    json_decref(body);
    json_decref(report);
    report = got;
    got = NULL;
    step_ok(f.employee, "verifying", NULL, &report);

    /* Forwarded to the KPK: the GOL reference required, KPK letter members not applicable; a
     * non-perishable receipt cannot go to social aid (409). */
    th_assert_status(f.upg, step(f.upg, id, 7, json_pack("{s:s}", "to", "forwarded"), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/gol_reference", "required");
    th_assert_status(f.upg,
                     step(f.upg, id, 7,
                          json_pack("{s:s, s:s, s:s}", "to", "forwarded", "gol_reference",
                                    "[Contoh] GOL-SDK-1", "kpk_letter_number", "[Contoh] 1"),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/kpk_letter_number", "not_applicable");
    th_assert_status(f.upg,
                     step(f.upg, id, 7,
                          json_pack("{s:s, s:s}", "to", "social_aid", "note", "[Contoh] x"), &got),
                     ZI_E_CONFLICT);
    ck_assert(!array_has(json_object_get(zi_last_error(f.upg)->problem, "allowed_next"),
                         "social_aid"));
    step_ok(f.upg, "forwarded", json_pack("{s:s}", "gol_reference", "[Contoh] GOL-SDK-1"), &report);
    ck_assert_str_eq(th_str(report, "forwarded_on"), today);
    ck_assert_str_eq(th_str(report, "gol_reference"), "[Contoh] GOL-SDK-1");
    ck_assert(array_has(json_object_get(report, "allowed_next"), "decided"));
    ck_assert(array_has(json_object_get(report, "allowed_next"), "returned_to_giver"));
    ck_assert(!array_has(json_object_get(report, "allowed_next"), "social_aid"));
    assert_deadlines(f.days, report, rs, (const want_deadline[]){{"kpk_decision", today}}, 1);

    /* Decided: letter number, date and outcome required; the letter not before forwarding
     * nor in the future. State property: not closed yet, the handover runs. */
    th_assert_status(f.upg, step(f.upg, id, 8, json_pack("{s:s}", "to", "decided"), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/kpk_letter_number", "required");
    assert_field_error(f.upg, "/kpk_letter_date", "required");
    assert_field_error(f.upg, "/outcome", "required");
    th_assert_status(f.upg,
                     step(f.upg, id, 8,
                          json_pack("{s:s, s:s, s:s, s:s}", "to", "decided", "kpk_letter_number",
                                    "[Contoh] B/1/2026", "kpk_letter_date", yesterday, "outcome",
                                    "state_property"),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/kpk_letter_date", "before_forwarded");
    th_assert_status(f.upg,
                     step(f.upg, id, 8,
                          json_pack("{s:s, s:s, s:s, s:s}", "to", "decided", "kpk_letter_number",
                                    "[Contoh] B/1/2026", "kpk_letter_date", tomorrow, "outcome",
                                    "state_property"),
                          &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/kpk_letter_date", "in_future");
    step_ok(f.upg, "decided",
            json_pack("{s:s, s:s, s:s}", "kpk_letter_number", "[Contoh] B/1/2026",
                      "kpk_letter_date", today, "outcome", "state_property"),
            &report);
    ck_assert_str_eq(th_str(report, "outcome"), "state_property");
    ck_assert_str_eq(th_str(report, "kpk_letter_date"), today);
    ck_assert(json_is_null(json_object_get(report, "closed_on")));
    ck_assert(array_is(json_object_get(report, "allowed_next"), (const char *const[]){"handed_over", NULL}));
    assert_deadlines(f.days, report, rs, (const want_deadline[]){{"handover", today}}, 1);

    /* Handed over: closed, nothing runs, nowhere to go (409 with allowed_next []). */
    step_ok(f.upg, "handed_over", NULL, &report);
    ck_assert_str_eq(th_str(report, "closed_on"), today);
    ck_assert_uint_eq(json_array_size(json_object_get(report, "allowed_next")), 0);
    assert_deadlines(f.days, report, rs, NULL, 0);
    th_assert_status(f.upg, step(f.upg, id, 10, json_pack("{s:s}", "to", "verifying"), &got),
                     ZI_E_CONFLICT);
    ck_assert_str_eq(th_str(zi_last_error(f.upg)->problem, "state"), "handed_over");
    ck_assert_uint_eq(json_array_size(json_object_get(zi_last_error(f.upg)->problem, "allowed_next")),
                      0);

    /* The steps, oldest first, by whom; the reporter may read them, a colleague may not. */
    th_assert_status(f.employee, zi_reports_transitions(f.employee, id, NULL, &page), ZI_OK);
    {
        static const char *const from[] = {"draft", "submitted", "verifying", "incomplete",
                                           "verifying", "forwarded", "decided"};
        static const char *const to[] = {"submitted", "verifying", "incomplete", "verifying",
                                         "forwarded", "decided", "handed_over"};
        const json_t *data = json_object_get(page, "data");

        ck_assert_uint_eq(json_array_size(data), 7);
        for (i = 0; i < 7; i++) {
            ck_assert_str_eq(th_str(json_array_get(data, i), "from"), from[i]);
            ck_assert_str_eq(th_str(json_array_get(data, i), "to"), to[i]);
            ck_assert_str_eq(th_str(json_array_get(data, i), "occurred_on"), today);
        }
        ck_assert_str_eq(th_str(json_array_get(data, 0), "actor_key_id"), f.employee_key_id);
        ck_assert_str_eq(th_str(json_array_get(data, 1), "actor_key_id"), f.upg_key_id);
        ck_assert_str_eq(th_str(json_array_get(data, 2), "note"), "[Contoh] Foto amplop belum ada");
        ck_assert_str_eq(th_str(json_array_get(data, 3), "actor_key_id"), f.employee_key_id);
    }
    json_decref(page);
    pp.limit = 3;
    th_assert_status(f.upg, zi_reports_transitions_pager_new(f.upg, id, &pp, &pager), ZI_OK);
    items = th_drain(f.upg, pager);
    ck_assert_uint_eq(json_array_size(items), 7);
    ck_assert_uint_eq(zi_pager_pages(pager), 3);
    json_decref(items);
    zi_pager_free(pager);
    th_assert_status(f.colleague, zi_reports_transitions(f.colleague, id, NULL, &page),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.officer, zi_reports_transitions(f.officer, id, NULL, &page), ZI_E_FORBIDDEN);

    /* Who saw it: the UPG's read is there; the reporter and admins may look, the UPG may not. */
    items = accesses(f.employee, id);
    ck_assert_msg(accessed(items, f.upg_key_id, "read", "upg"), "the UPG's read is not recorded");
    ck_assert_msg(accessed(items, f.employee_key_id, "read", "employee"),
                  "the reporter's read is not recorded");
    for (i = 1; i < json_array_size(items); i++)
        ck_assert_int_gt(th_int(json_array_get(items, i), "seq"),
                         th_int(json_array_get(items, i - 1), "seq"));
    ck_assert_uint_gt(strlen(th_str(json_array_get(items, 0), "key_name")), 0);
    json_decref(items);
    th_assert_status(f.admin, zi_reports_accesses(f.admin, id, NULL, &page), ZI_OK);
    ck_assert_uint_ge(th_data_size(page), 2);
    json_decref(page);
    th_assert_status(f.upg, zi_reports_accesses(f.upg, id, NULL, &page), ZI_E_FORBIDDEN);
    th_assert_status(f.colleague, zi_reports_accesses(f.colleague, id, NULL, &page),
                     ZI_E_NOT_FOUND);

    /* The audit trail holds the reporter's identity only as digests. */
    ap.resource_id = id;
    ap.limit = 200;
    th_assert_status(f.admin, zi_audit_list(f.admin, &ap, &page), ZI_OK);
    ck_assert_uint_ge(th_data_size(page), 2);
    dump = json_dumps(page, JSON_COMPACT);
    ck_assert_ptr_nonnull(dump);
    ck_assert_msg(strstr(dump, "Pelapor SDK Rahasia") == NULL, "the reporter's name is in the audit");
    ck_assert_msg(strstr(dump, "Jl. Rahasia 7") == NULL, "the reporter's address is in the audit");
    ck_assert_msg(strstr(dump, "3404011203850001") == NULL, "the reporter's NIK is in the audit");
    ck_assert_msg(strstr(dump, f.nip) == NULL, "the reporter's NIP is in the audit");
    ck_assert_msg(strstr(dump, "sha256:") != NULL, "no identity digest in the audit");
    ck_assert_msg(strstr(dump, "gratification_report.created") != NULL, "no created record");
    free(dump);
    json_decref(page);

    /* Arguments. */
    th_assert_status(f.upg, zi_reports_transition(f.upg, id, &m, NULL, NULL, &got, NULL),
                     ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_get(f.upg, NULL, &got, NULL), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_update(f.upg, id, &m, NULL, &got, NULL), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_create(f.upg, NULL, NULL, &got, NULL), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_accesses(f.upg, "", NULL, &page), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_transitions(f.upg, NULL, NULL, &page), ZI_E_ARGUMENT);
    pp.struct_size = 0;
    th_assert_status(f.upg, zi_reports_accesses_pager_new(f.upg, id, &pp, &pager), ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);

    json_decref(report);
    json_decref(rule_sets);
    fixture_close(&f);
}
END_TEST

/* The ids of the items of a list page or array, in order, joined by spaces (into buf). */
static const char *ids_of(const json_t *items, char *buf, size_t cap)
{
    size_t i;
    const json_t *it;
    size_t n = 0;

    if (json_is_object(items))
        items = json_object_get(items, "data");
    buf[0] = '\0';
    json_array_foreach(items, i, it)
        n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", i ? " " : "",
                              th_str(it, "id"));
    return buf;
}

/* The ids of reports r[...] named by the indexes of which (-1 ends), in that order. */
static const char *ids_in(json_t *const *r, const int *which, char *buf, size_t cap)
{
    size_t n = 0;
    int i;

    buf[0] = '\0';
    for (i = 0; which[i] >= 0; i++)
        n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", i ? " " : "",
                              th_str(r[which[i]], "id"));
    return buf;
}

/* The list of c with p (and the unit filter of the fixture) has exactly the reports of which,
 * in that order. */
#define assert_list(c, p, r, ...)                                                                 \
    do {                                                                                          \
        json_t *page_ = NULL;                                                                     \
        char ids_got_[512];                                                                       \
        char ids_want_[512];                                                                      \
        th_assert_status(c, zi_reports_list(c, p, &page_), ZI_OK);                                \
        ck_assert_msg(strcmp(ids_of(page_, ids_got_, sizeof ids_got_),                            \
                             ids_in(r, (const int[]){__VA_ARGS__, -1}, ids_want_,                 \
                                    sizeof ids_want_)) == 0,                                      \
                      "list %s: got [%s], want [%s]", #__VA_ARGS__, ids_got_, ids_want_);        \
        json_decref(page_);                                                                       \
    } while (0)

/* Is p found (not NULL) and before end? */
static int before(const char *p, const char *end)
{
    return p != NULL && p < end;
}

/* The number of CSV records (CRLF-ended lines) of text, the header row included. */
static size_t csv_lines(const char *text)
{
    size_t n = 0;

    for (; (text = strstr(text, "\r\n")) != NULL; text += 2)
        n++;
    return n;
}

START_TEST(test_report_lists_filters_and_csv)
{
    fixture f;
    json_t *rule_sets;
    json_t *r[5];
    json_t *body;
    json_t *got = NULL;
    json_t *page = NULL;
    json_t *items;
    json_t *csv = NULL;
    json_t *next = NULL;
    json_t *all_csv;
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    char today[16];
    char d33[16];
    char d4[16];
    char d1[16];
    char buf[512];
    const char *header_end;
    size_t i;
    int k;

    fixture_open(&f);
    rule_sets = all_rule_sets(f.anon);
    th_date(today, sizeof today, 0);
    th_date(d33, sizeof d33, -33);
    th_date(d4, sizeof d4, -4);
    th_date(d1, sizeof d1, -1);

    /* r0: the employee's receipt, forwarded, then returned to the giver (no deadline runs). */
    r[0] = file(f.employee, report_body(f.unit_id, "receipt", "money", 1500000, "2026-03-17", "vendor"));
    step_ok(f.employee, "submitted", NULL, &r[0]);
    step_ok(f.upg, "verifying", NULL, &r[0]);
    step_ok(f.upg, "forwarded", json_pack("{s:s}", "gol_reference", "[Contoh] GOL-SDK-2"), &r[0]);
    step_ok(f.upg, "returned_to_giver", json_pack("{s:s}", "note", "[Contoh] dikembalikan"), &r[0]);
    ck_assert_str_eq(th_str(r[0], "closed_on"), today);
    /* r1: the employee's refusal, recorded; a refusal cannot be forwarded. */
    r[1] = file(f.employee, report_body(f.unit_id, "refusal", "money", 50000, d33, "service_user"));
    assert_deadlines(f.days, r[1], rule_set_on(rule_sets, d33), NULL, 0); /* none in draft */
    step_ok(f.employee, "submitted", NULL, &r[1]);
    assert_deadlines(f.days, r[1], rule_set_on(rule_sets, d33),
                     (const want_deadline[]){{"upg_review", today}}, 1);
    step_ok(f.upg, "verifying", NULL, &r[1]);
    ck_assert(array_is(json_object_get(r[1], "allowed_next"),
                       (const char *const[]){"incomplete", "recorded", NULL}));
    th_assert_status(f.upg,
                     step(f.upg, th_str(r[1], "id"), th_int(r[1], "version"),
                          json_pack("{s:s, s:s}", "to", "forwarded", "gol_reference", "GOL"), &got),
                     ZI_E_CONFLICT);
    step_ok(f.upg, "recorded", NULL, &r[1]);
    ck_assert_str_eq(th_str(r[1], "closed_on"), today);
    /* r2: perishable food filed by the UPG on the colleague's behalf, found by an audit; to
     * social aid (a note required). */
    body = report_body(f.unit_id, "receipt", "food", 750000, d4, "other");
    json_object_set_new(body, "reporter_nip", json_string(f.colleague_nip));
    json_object_set_new(body, "perishable", json_true());
    json_object_set_new(body, "found_by_audit", json_true());
    r[2] = file(f.upg, body);
    ck_assert_str_eq(th_str(r[2], "reporter_nip"), f.colleague_nip);
    ck_assert(json_is_true(json_object_get(r[2], "found_by_audit")));
    step_ok(f.upg, "submitted", NULL, &r[2]);
    ck_assert(json_is_false(json_object_get(r[2], "late")));
    step_ok(f.upg, "verifying", NULL, &r[2]);
    ck_assert(array_has(json_object_get(r[2], "allowed_next"), "social_aid"));
    th_assert_status(f.upg,
                     step(f.upg, th_str(r[2], "id"), th_int(r[2], "version"),
                          json_pack("{s:s}", "to", "social_aid"), &got),
                     ZI_E_UNPROCESSABLE);
    assert_field_error(f.upg, "/note", "required");
    step_ok(f.upg, "social_aid", json_pack("{s:s}", "note", "[Contoh] Panti asuhan"), &r[2]);
    ck_assert_str_eq(th_str(r[2], "closed_on"), today);
    /* r3: high-value goods, still a draft from June: its staff deadline is overdue. */
    r[3] = file(f.employee, report_body(f.unit_id, "receipt", "goods", 10000000, "2026-06-01", "other"));
    ck_assert(json_is_true(json_object_get(r[3], "high_value")));
    ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(r[3], "deadlines"), 0),
                                           "overdue")));
    /* r4: a refusal of something worth nothing, submitted yesterday's offer: under review. */
    r[4] = file(f.employee, report_body(f.unit_id, "refusal", "service", 0, d1, "service_user"));
    step_ok(f.employee, "submitted", NULL, &r[4]);

    /* The filters, each on the fixture's unit (oldest first by default). */
    p.unit_id = f.unit_id;
    assert_list(f.upg, &p, r, 0, 1, 2, 3, 4);
    p.state = "draft";
    assert_list(f.upg, &p, r, 3);
    p.state = NULL;
    p.type = "refusal";
    assert_list(f.upg, &p, r, 1, 4);
    p.type = NULL;
    p.kind = "food";
    assert_list(f.upg, &p, r, 2);
    p.kind = NULL;
    p.value_min = ZI_INT(750000);
    assert_list(f.upg, &p, r, 0, 2, 3);
    p.value_min = ZI_INT(0);
    assert_list(f.upg, &p, r, 0, 1, 2, 3, 4);
    p.value_min = (zi_opt_int){0, 0};
    p.value_max = ZI_INT(750000);
    assert_list(f.upg, &p, r, 1, 2, 4);
    p.value_max = ZI_INT(0); /* sent: only the worthless one */
    assert_list(f.upg, &p, r, 4);
    p.value_min = ZI_INT(750000);
    p.value_max = ZI_INT(750000);
    assert_list(f.upg, &p, r, 2);
    p.value_min = p.value_max = (zi_opt_int){0, 0};
    p.received_from = d33;
    assert_list(f.upg, &p, r, 1, 2, 4);
    p.received_from = NULL;
    p.received_to = "2026-06-01";
    assert_list(f.upg, &p, r, 0, 3);
    p.received_from = p.received_to = d4;
    assert_list(f.upg, &p, r, 2);
    p.received_from = p.received_to = NULL;
    p.overdue = ZI_TRUE;
    assert_list(f.upg, &p, r, 3);
    p.overdue = ZI_FALSE;
    assert_list(f.upg, &p, r, 0, 1, 2, 4);
    p.overdue = ZI_ANY;
    p.due_within = ZI_INT(0); /* due today or overdue */
    assert_list(f.upg, &p, r, 3);
    p.due_within = ZI_INT(260);
    assert_list(f.upg, &p, r, 3, 4);
    p.due_within = (zi_opt_int){0, 0};
    p.sort = "next_due";
    th_assert_status(f.upg, zi_reports_list(f.upg, &p, &page), ZI_OK);
    items = json_object_get(page, "data");
    ck_assert_uint_eq(json_array_size(items), 5);
    ck_assert_str_eq(th_str(json_array_get(items, 0), "id"), th_str(r[3], "id"));
    ck_assert_str_eq(th_str(json_array_get(items, 1), "id"), th_str(r[4], "id"));
    for (i = 2; i < 5; i++)
        ck_assert(json_is_null(json_object_get(json_array_get(items, i), "next_due")));
    json_decref(page);
    p.sort = NULL;

    /* Bad filters: 400 naming the parameter. */
    p.state = "open";
    th_assert_status(f.upg, zi_reports_list(f.upg, &p, &page), ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "state", "invalid_value");
    p.state = NULL;
    p.received_from = "2026-13-01";
    th_assert_status(f.upg, zi_reports_list(f.upg, &p, &page), ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "received_from", "invalid_format");
    p.received_from = NULL;
    p.due_within = ZI_INT(261);
    th_assert_status(f.upg, zi_reports_list(f.upg, &p, &page), ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "due_within", "out_of_range");
    p.due_within = (zi_opt_int){0, 0};
    ck_assert_ptr_null(page);

    /* Employees see their own reports only (by NIP): the colleague the one filed on their
     * behalf, the outsider none of them. Other roles: 403. */
    assert_list(f.employee, &p, r, 0, 1, 3, 4);
    assert_list(f.colleague, &p, r, 2);
    p.unit_id = NULL;
    th_assert_status(f.outsider, zi_reports_list(f.outsider, &p, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 0); /* a fresh NIP: nothing of its own */
    json_decref(page);
    th_assert_status(f.employee, zi_reports_pager_new(f.employee, &p, &pager), ZI_OK);
    items = th_drain(f.employee, pager);
    zi_pager_free(pager);
    ck_assert_uint_ge(json_array_size(items), 4);
    json_array_foreach(items, i, got)
        assert_reporter_shown(got, f.nip);
    got = NULL;
    json_decref(items);
    p.unit_id = f.unit_id;
    th_assert_status(f.officer, zi_reports_list(f.officer, &p, &page), ZI_E_FORBIDDEN);
    th_assert_status(f.evaluator, zi_reports_list(f.evaluator, &p, &page), ZI_E_FORBIDDEN);
    th_assert_status(f.anon, zi_reports_list(f.anon, &p, &page), ZI_E_UNAUTHORIZED);

    /* The pager: pages of 2, every report once. */
    p.limit = 2;
    th_assert_status(f.upg, zi_reports_pager_new(f.upg, &p, &pager), ZI_OK);
    items = th_drain(f.upg, pager);
    ck_assert_uint_eq(zi_pager_pages(pager), 3);
    {
        char want[512];
        ck_assert_str_eq(ids_of(items, buf, sizeof buf),
                         ids_in(r, (const int[]){0, 1, 2, 3, 4, -1}, want, sizeof want));
    }
    json_decref(items);
    zi_pager_free(pager);

    /* CSV, pages of 2: a header row on each page, the next page's cursor from the Link
     * header, every report once across the pages, none after the last. The UPG's columns
     * include the reporter's. */
    all_csv = json_array();
    p.cursor = NULL;
    for (k = 0;; k++) {
        json_t *cursor = next;

        ck_assert_int_lt(k, 3);
        p.cursor = cursor ? json_string_value(cursor) : NULL;
        th_assert_status(f.upg, zi_reports_list_csv(f.upg, &p, &csv, &next), ZI_OK);
        json_decref(cursor);
        ck_assert(json_is_string(csv));
        header_end = strstr(json_string_value(csv), "\r\n");
        ck_assert_ptr_nonnull(header_end);
        ck_assert_msg(strncmp(json_string_value(csv), "id,", 3) == 0 ||
                          before(strstr(json_string_value(csv), ",id,"), header_end),
                      "no id column: %.200s", json_string_value(csv));
        ck_assert_msg(before(strstr(json_string_value(csv), "reporter_name"), header_end),
                      "no reporter_name column for the UPG: %.300s", json_string_value(csv));
        ck_assert_uint_eq(csv_lines(json_string_value(csv)), k < 2 ? 3 : 2);
        json_array_append(all_csv, csv);
        json_decref(csv);
        csv = NULL;
        if (!next)
            break;
        ck_assert(json_is_string(next));
    }
    ck_assert_int_eq(k, 2);
    p.cursor = NULL; /* it pointed into the last cursor, released */
    for (i = 0; i < 5; i++) {
        size_t hits = 0;
        size_t j;
        for (j = 0; j < json_array_size(all_csv); j++)
            hits += strstr(json_string_value(json_array_get(all_csv, j)), th_str(r[i], "id")) != NULL;
        ck_assert_msg(hits == 1, "report %zu is on %zu CSV pages", i, hits);
    }
    ck_assert_ptr_nonnull(strstr(json_string_value(json_array_get(all_csv, 0)),
                                 "[Contoh] Pelapor SDK Rahasia"));
    json_decref(all_csv);
    /* With a filter and no match: the header row alone, no next page; next_cursor_out may be
     * NULL. */
    p.limit = 0;
    p.kind = "ticket";
    th_assert_status(f.upg, zi_reports_list_csv(f.upg, &p, &csv, &next), ZI_OK);
    ck_assert_uint_eq(csv_lines(json_string_value(csv)), 1);
    ck_assert_ptr_null(next);
    json_decref(csv);
    p.kind = NULL;
    th_assert_status(f.colleague, zi_reports_list_csv(f.colleague, &p, &csv, NULL), ZI_OK);
    ck_assert_uint_eq(csv_lines(json_string_value(csv)), 2); /* r2 only */
    ck_assert_ptr_nonnull(strstr(json_string_value(csv), th_str(r[2], "id")));
    json_decref(csv);
    th_assert_status(f.officer, zi_reports_list_csv(f.officer, &p, &csv, &next), ZI_E_FORBIDDEN);
    ck_assert_ptr_null(csv);
    ck_assert_ptr_null(next);

    /* Each way out is recorded: the UPG's list and CSV pages, the colleague's CSV. */
    items = accesses(f.admin, th_str(r[2], "id"));
    ck_assert_msg(accessed(items, f.upg_key_id, "list", "upg"), "the UPG's list is not recorded");
    ck_assert_msg(accessed(items, f.upg_key_id, "csv", "upg"), "the UPG's CSV is not recorded");
    ck_assert_msg(accessed(items, f.colleague_key_id, "csv", "employee"),
                  "the colleague's CSV is not recorded");
    json_decref(items);

    /* Arguments. */
    p.struct_size = 0;
    th_assert_status(f.upg, zi_reports_list(f.upg, &p, &page), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_list_csv(f.upg, &p, &csv, &next), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_pager_new(f.upg, &p, &pager), ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);
    th_assert_status(f.upg, zi_reports_list_csv(f.upg, NULL, NULL, &next), ZI_E_ARGUMENT);

    for (i = 0; i < 5; i++)
        json_decref(r[i]);
    json_decref(rule_sets);
    fixture_close(&f);
}
END_TEST

/* ---- CSV pages against a scripted server ------------------------------------------------ */

static const char *response(char *buf, size_t cap, const char *status, const char *headers,
                            const char *body)
{
    snprintf(buf, cap, "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n\r\n%s", status, headers,
             strlen(body), body);
    return buf;
}

START_TEST(test_list_csv_reads_link_and_content_type)
{
    static char r1[1024];
    static char r2[1024];
    static char r3[1024];
    static char r4[1024];
    static const char csv1[] = "id,state\r\na,draft\r\n";
    th_server s = {.mode = TH_SCRIPT};
    zi_client *c;
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    json_t *csv = NULL;
    json_t *next = NULL;
    char url[64];
    char accept[256];

    /* 1: a page with a next link among others (cursor percent-encoded); 2: the last page;
     * 3: JSON although CSV was asked for; 4: a next link without a cursor. */
    s.script[0] = response(r1, sizeof r1, "200 OK",
                           "Content-Type: text/csv; charset=utf-8; header=present\r\n"
                           "Link: </v1/x?cursor=old>; rel=\"prev\", "
                           "</v1/gratification-reports?limit=1&state=draft&cursor=eyJrIjo%2B%3D>;"
                           " rel=\"next\"\r\n",
                           csv1);
    s.script[1] = response(r2, sizeof r2, "200 OK", "Content-Type: text/csv\r\n",
                           "id,state\r\nb,draft\r\n");
    s.script[2] = response(r3, sizeof r3, "200 OK", "Content-Type: application/json\r\n",
                           "{\"data\":[],\"next_cursor\":null}");
    s.script[3] = response(r4, sizeof r4, "200 OK",
                           "Content-Type: text/csv\r\nLink: </v1/gratification-reports?limit=1>; "
                           "rel=next\r\n",
                           csv1);
    s.n_script = 4;
    th_server_start(&s);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
    c = th_client_for(url, "secret-key", NULL);

    p.limit = 1;
    p.state = "draft";
    p.overdue = ZI_FALSE;
    p.due_within = ZI_INT(0);
    p.value_max = ZI_INT(0);
    p.received_from = "2026-01-01";
    p.sort = "next_due";
    th_assert_status(c, zi_reports_list_csv(c, &p, &csv, &next), ZI_OK);
    ck_assert_str_eq(json_string_value(csv), csv1);
    ck_assert_uint_eq(json_string_length(csv), strlen(csv1));
    ck_assert_str_eq(json_string_value(next), "eyJrIjo+=");
    json_decref(csv);
    p.cursor = json_string_value(next);
    th_assert_status(c, zi_reports_list_csv(c, &p, &csv, NULL), ZI_OK);
    ck_assert_str_eq(json_string_value(csv), "id,state\r\nb,draft\r\n");
    json_decref(csv);
    json_decref(next);
    p.cursor = NULL;
    th_assert_status(c, zi_reports_list_csv(c, &p, &csv, &next), ZI_E_PROTOCOL);
    ck_assert_ptr_null(csv);
    ck_assert_ptr_null(next);
    th_assert_status(c, zi_reports_list_csv(c, &p, &csv, &next), ZI_E_PROTOCOL);
    ck_assert_ptr_null(csv);
    zi_client_free(c);
    th_server_stop(&s);

    /* What was asked: text/csv, every filter given (the zeros too), the cursor. */
    ck_assert_int_eq(s.requests, 4);
    ck_assert_ptr_nonnull(th_header_of(s.recorded[0], "Accept", accept, sizeof accept));
    ck_assert_int_eq(strncmp(accept, "text/csv", 8), 0);
    ck_assert_msg(strstr(s.recorded[0],
                         "GET /v1/gratification-reports?limit=1&state=draft&overdue=false&"
                         "due_within=0&value_max=0&received_from=2026-01-01&sort=next_due ") != NULL,
                  "request: %s", s.recorded[0]);
    ck_assert_msg(strstr(s.recorded[1], "&sort=next_due&cursor=eyJrIjo%2B%3D ") != NULL,
                  "request: %s", s.recorded[1]);
}
END_TEST

/* ---- evidence files and the KPK packet --------------------------------------------------------- */

/* A 1x1 PNG (67 bytes). */
static const unsigned char tiny_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
    0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
    0x0f, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05, 0x18, 0xd8, 0x4e, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static const char tiny_pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/* The SHA-256 of len bytes at data as sha256sum(1) computes it (64 hex digits into out). */
static const char *sha256_of(const void *data, size_t len, char out[65])
{
    char path[64];
    char cmd[128];
    char *text = NULL;
    int fd;

    snprintf(path, sizeof path, "/tmp/zi-sdk-sha-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    ck_assert_int_eq(close(fd), 0);
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    ck_assert_int_eq(th_run(cmd, 0, &text), 0);
    unlink(path);
    ck_assert_msg(text && strlen(text) > 64 && text[64] == ' ', "sha256sum said: %s",
                  text ? text : "");
    memcpy(out, text, 64);
    out[64] = '\0';
    free(text);
    return out;
}

/* Upload len bytes at data to report id as c, expecting want; the answer (new, or NULL). */
static json_t *add_evidence(zi_client *c, const char *id, const void *data, size_t len,
                            const char *type, const char *filename, zi_status want)
{
    json_t *ev = NULL;

    th_assert_status(c, zi_reports_evidence_add(c, id, data, len, type, filename, NULL, &ev),
                     want);
    if (want == ZI_OK)
        ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    else
        ck_assert_ptr_null(ev);
    return ev;
}

/* Is there a row "name,..." among the CRLF-ended rows of csv? */
static int csv_has_row(const char *csv, const char *name)
{
    size_t n = strlen(name);
    const char *p = csv;

    while (p && *p) {
        if (strncmp(p, name, n) == 0 && p[n] == ',')
            return 1;
        p = strstr(p, "\r\n");
        if (p)
            p += 2;
    }
    return 0;
}

/* Every leaf of v under the dotted name prefix has its row in csv (arrays counted from 1);
 * returns the number of leaves. */
static size_t assert_packet_rows(const char *csv, const char *prefix, const json_t *v)
{
    char name[160];
    size_t n = 0;

    if (json_is_object(v)) {
        const char *k;
        const json_t *m;
        json_object_foreach((json_t *)v, k, m) {
            snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", k);
            n += assert_packet_rows(csv, name, m);
        }
        return n;
    }
    if (json_is_array(v)) {
        size_t i;
        const json_t *m;
        json_array_foreach(v, i, m) {
            snprintf(name, sizeof name, "%s.%zu", prefix, i + 1);
            n += assert_packet_rows(csv, name, m);
        }
        return n;
    }
    ck_assert_msg(csv_has_row(csv, prefix), "no CSV row %s", prefix);
    return 1;
}

START_TEST(test_evidence_files_and_packet)
{
    fixture f;
    json_t *report;
    json_t *ev1;
    json_t *ev2;
    json_t *again = NULL;
    json_t *page = NULL;
    json_t *items;
    json_t *packet = NULL;
    json_t *csv = NULL;
    zi_file *dl = NULL;
    zi_pager *pager = NULL;
    zi_page_params pp = ZI_PAGE_PARAMS_INIT;
    char id[64];
    char sha_png[65];
    char sha_pdf[65];
    char etag[80];
    char row[200];
    char today[16];
    unsigned char *big;
    const json_t *files;
    size_t leaves;

    fixture_open(&f);
    th_date(today, sizeof today, 0);
    report = file(f.employee, report_body(f.unit_id, "receipt", "money", 1500000, today, "vendor"));
    snprintf(id, sizeof id, "%s", th_str(report, "id"));

    /* The reporter attaches a PNG: its record carries the size and the SHA-256 of the bytes. */
    sha256_of(tiny_png, sizeof tiny_png, sha_png);
    ev1 = add_evidence(f.employee, id, tiny_png, sizeof tiny_png, "image/png", "kuitansi 1.png",
                       ZI_OK);
    ck_assert_str_eq(th_str(ev1, "report_id"), id);
    ck_assert_str_eq(th_str(ev1, "filename"), "kuitansi 1.png");
    ck_assert_str_eq(th_str(ev1, "media_type"), "image/png");
    ck_assert_int_eq(th_int(ev1, "size_bytes"), (long long)sizeof tiny_png);
    ck_assert_str_eq(th_str(ev1, "sha256"), sha_png);
    ck_assert(json_is_false(json_object_get(ev1, "erased")));
    ck_assert_str_eq(th_str(ev1, "uploaded_by"), f.employee_key_id);

    /* Downloaded: the same bytes, type, name and SHA-256 (the ETag). */
    th_assert_status(f.employee,
                     zi_reports_evidence_get(f.employee, id, th_str(ev1, "id"), &dl), ZI_OK);
    ck_assert_uint_eq(dl->size, sizeof tiny_png);
    ck_assert_int_eq(memcmp(dl->data, tiny_png, sizeof tiny_png), 0);
    ck_assert_int_eq(dl->data[dl->size], 0);
    ck_assert_str_eq(dl->media_type, "image/png");
    ck_assert_str_eq(dl->filename, "kuitansi 1.png");
    ck_assert_str_eq(dl->sha256, sha_png);
    snprintf(etag, sizeof etag, "\"%s\"", sha_png);
    ck_assert_str_eq(dl->etag.value, etag);
    zi_file_free(dl);
    dl = NULL;

    /* The UPG adds a PDF without a name; sent twice with one Idempotency-Key it is one file. */
    sha256_of(tiny_pdf, strlen(tiny_pdf), sha_pdf);
    th_assert_status(f.upg,
                     zi_reports_evidence_add(f.upg, id, tiny_pdf, strlen(tiny_pdf),
                                             "application/pdf", NULL, "sdk-evidence-pdf-1", &ev2),
                     ZI_OK);
    ck_assert(json_is_null(json_object_get(ev2, "filename")));
    ck_assert_str_eq(th_str(ev2, "sha256"), sha_pdf);
    th_assert_status(f.upg,
                     zi_reports_evidence_add(f.upg, id, tiny_pdf, strlen(tiny_pdf),
                                             "application/pdf", NULL, "sdk-evidence-pdf-1", &again),
                     ZI_OK);
    ck_assert_int_eq(zi_last_error(f.upg)->replayed, 1);
    ck_assert_str_eq(th_str(again, "id"), th_str(ev2, "id"));
    json_decref(again);
    th_assert_status(f.upg, zi_reports_evidence_get(f.upg, id, th_str(ev2, "id"), &dl), ZI_OK);
    ck_assert_uint_eq(dl->size, strlen(tiny_pdf));
    ck_assert_int_eq(memcmp(dl->data, tiny_pdf, dl->size), 0);
    ck_assert_str_eq(dl->media_type, "application/pdf");
    ck_assert_str_eq(dl->sha256, sha_pdf);
    ck_assert_ptr_null(dl->filename); /* a file sent without a name comes back without one */
    zi_file_free(dl);
    dl = NULL;

    /* Refused uploads: content that is not what it says (415), nothing (400), a name with a
     * slash (400 filename), too big (413); not the reporter's (404), not a report role (403). */
    add_evidence(f.employee, id, tiny_png, sizeof tiny_png, "image/jpeg", NULL, ZI_E_HTTP);
    ck_assert_int_eq(zi_last_error(f.employee)->http_status, 415);
    add_evidence(f.employee, id, "hello, world", 12, "image/png", NULL, ZI_E_HTTP);
    ck_assert_int_eq(zi_last_error(f.employee)->http_status, 415);
    add_evidence(f.employee, id, tiny_png, 0, "image/png", NULL, ZI_E_BAD_REQUEST);
    add_evidence(f.employee, id, tiny_png, sizeof tiny_png, "image/png", "../x.png",
                 ZI_E_BAD_REQUEST);
    assert_field_error(f.employee, "filename", "invalid_format");
    big = calloc(1, 5242881);
    ck_assert_ptr_nonnull(big);
    memcpy(big, tiny_png, sizeof tiny_png);
    add_evidence(f.employee, id, big, 5242881, "image/png", NULL, ZI_E_HTTP);
    ck_assert_int_eq(zi_last_error(f.employee)->http_status, 413);
    free(big);
    add_evidence(f.colleague, id, tiny_png, sizeof tiny_png, "image/png", NULL, ZI_E_NOT_FOUND);
    add_evidence(f.officer, id, tiny_png, sizeof tiny_png, "image/png", NULL, ZI_E_FORBIDDEN);
    add_evidence(f.employee, no_such_id, tiny_png, sizeof tiny_png, "image/png", NULL,
                 ZI_E_NOT_FOUND);
    /* Arguments: nothing sent. */
    add_evidence(f.employee, id, NULL, 0, "image/png", NULL, ZI_E_ARGUMENT);
    add_evidence(f.employee, id, tiny_png, sizeof tiny_png, NULL, NULL, ZI_E_ARGUMENT);
    add_evidence(f.employee, id, tiny_png, sizeof tiny_png, "image/png\r\nX-Evil: 1", NULL,
                 ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(f.employee)->attempts, 0);
    th_assert_status(f.employee,
                     zi_reports_evidence_add(f.employee, id, tiny_png, sizeof tiny_png,
                                             "image/png", NULL, NULL, NULL),
                     ZI_E_ARGUMENT);

    /* The list, oldest first, in pages of one; the colleague may not look. */
    pp.limit = 1;
    th_assert_status(f.employee, zi_reports_evidence_list(f.employee, id, &pp, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    json_decref(page);
    th_assert_status(f.upg, zi_reports_evidence_pager_new(f.upg, id, &pp, &pager), ZI_OK);
    items = th_drain(f.upg, pager);
    zi_pager_free(pager);
    ck_assert_uint_eq(json_array_size(items), 2);
    ck_assert(json_equal(json_array_get(items, 0), ev1));
    ck_assert(json_equal(json_array_get(items, 1), ev2));
    json_decref(items);
    th_assert_status(f.colleague, zi_reports_evidence_list(f.colleague, id, NULL, &page),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.officer, zi_reports_evidence_list(f.officer, id, NULL, &page),
                     ZI_E_FORBIDDEN);
    ck_assert_ptr_null(page);

    /* Downloads refused: another employee, an unknown file; arguments. */
    th_assert_status(f.colleague,
                     zi_reports_evidence_get(f.colleague, id, th_str(ev1, "id"), &dl),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.upg, zi_reports_evidence_get(f.upg, id, no_such_id, &dl), ZI_E_NOT_FOUND);
    ck_assert_ptr_null(dl);
    th_assert_status(f.upg, zi_reports_evidence_get(f.upg, id, NULL, &dl), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_evidence_get(f.upg, id, th_str(ev1, "id"), NULL),
                     ZI_E_ARGUMENT);

    /* The packet: only once the UPG has verified the report. */
    th_assert_status(f.upg, zi_reports_packet(f.upg, id, &packet), ZI_E_CONFLICT);
    step_ok(f.employee, "submitted", NULL, &report);
    th_assert_status(f.upg, zi_reports_packet(f.upg, id, &packet), ZI_E_CONFLICT);
    th_assert_status(f.upg, zi_reports_packet_csv(f.upg, id, &csv), ZI_E_CONFLICT);
    ck_assert_ptr_null(csv);
    step_ok(f.upg, "verifying", NULL, &report);
    th_assert_status(f.upg, zi_reports_packet(f.upg, id, &packet), ZI_OK);
    ck_assert_str_eq(th_str(packet, "report_id"), id);
    ck_assert_str_eq(th_str(packet, "rule_set"), th_str(json_object_get(report, "rule_set"), "code"));
    ck_assert_str_eq(th_str(json_object_get(packet, "reporter"), "nip"), f.nip);
    ck_assert_str_eq(th_str(json_object_get(packet, "reporter"), "nik"), "3404011203850001");
    ck_assert_str_eq(th_str(json_object_get(json_object_get(packet, "reporter"), "unit"), "id"),
                     f.unit_id);
    ck_assert_str_eq(th_str(json_object_get(packet, "giver"), "relationship"), "vendor");
    ck_assert_int_eq(th_int(json_object_get(packet, "object"), "value_idr"), 1500000);
    ck_assert_str_eq(th_str(json_object_get(packet, "object"), "received_on"), today);
    ck_assert_str_eq(th_str(json_object_get(packet, "report"), "state"), "verifying");
    ck_assert_str_eq(th_str(json_object_get(packet, "report"), "reported_on"), today);
    ck_assert_str_eq(th_str(packet, "chronology"), th_str(report, "chronology"));
    files = json_object_get(packet, "evidence");
    ck_assert_uint_eq(json_array_size(files), 2);
    ck_assert_str_eq(th_str(json_array_get(files, 0), "sha256"), sha_png);
    ck_assert_str_eq(th_str(json_array_get(files, 1), "sha256"), sha_pdf);
    th_assert_status(f.upg, zi_reports_packet_csv(f.upg, id, &csv), ZI_OK);
    ck_assert_int_eq(strncmp(json_string_value(csv), "field,value\r\n", 13), 0);
    leaves = assert_packet_rows(json_string_value(csv), "", packet);
    ck_assert_uint_eq(csv_lines(json_string_value(csv)), leaves + 1); /* and the header */
    snprintf(row, sizeof row, "\r\nreporter.nip,%s\r\n", f.nip);
    ck_assert_ptr_nonnull(strstr(json_string_value(csv), row));
    snprintf(row, sizeof row, "\r\nevidence.2.sha256,%s\r\n", sha_pdf);
    ck_assert_ptr_nonnull(strstr(json_string_value(csv), row));
    ck_assert_ptr_nonnull(strstr(json_string_value(csv), "\r\nevidence.2.filename,\r\n"));
    json_decref(csv);
    json_decref(packet);
    packet = NULL;
    th_assert_status(f.admin, zi_reports_packet(f.admin, id, &packet), ZI_OK);
    json_decref(packet);
    th_assert_status(f.employee, zi_reports_packet(f.employee, id, &packet), ZI_E_FORBIDDEN);
    th_assert_status(f.officer, zi_reports_packet_csv(f.officer, id, &csv), ZI_E_FORBIDDEN);
    th_assert_status(f.upg, zi_reports_packet(f.upg, no_such_id, &packet), ZI_E_NOT_FOUND);
    ck_assert_ptr_null(packet);

    /* Each way out is recorded: the downloads (evidence), the packets. */
    items = accesses(f.admin, id);
    ck_assert_msg(accessed(items, f.employee_key_id, "evidence", "employee"),
                  "the reporter's download is not recorded");
    ck_assert_msg(accessed(items, f.upg_key_id, "evidence", "upg"),
                  "the UPG's download is not recorded");
    ck_assert_msg(accessed(items, f.upg_key_id, "packet", "upg"), "the packet is not recorded");
    json_decref(items);

    /* Closed: no more files. */
    step_ok(f.upg, "forwarded", json_pack("{s:s}", "gol_reference", "[Contoh] GOL-SDK-EV"), &report);
    step_ok(f.upg, "returned_to_giver", json_pack("{s:s}", "note", "[Contoh] dikembalikan"),
            &report);
    add_evidence(f.upg, id, tiny_png, sizeof tiny_png, "image/png", NULL, ZI_E_CONFLICT);

    json_decref(ev1);
    json_decref(ev2);
    json_decref(report);
    fixture_close(&f);
}
END_TEST

/* ---- the streamed export --------------------------------------------------------------------- */

/* The records of a CSV text (RFC 4180: a CRLF inside quotes belongs to the cell), each
 * without its CRLF: a new array of strings. */
static json_t *csv_records(const char *text, size_t len)
{
    json_t *out = json_array();
    size_t start = 0;
    size_t i;
    int quoted = 0;

    for (i = 0; i < len; i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (!quoted && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') {
            json_array_append_new(out, json_stringn(text + start, i - start));
            start = i + 2;
            i++;
        }
    }
    ck_assert_msg(start == len, "the CSV does not end with CRLF (%zu of %zu bytes)", start, len);
    return out;
}

/* The text of the first cell (up to the first comma) of a record (into buf). */
static const char *first_cell(const char *record, char *buf, size_t cap)
{
    size_t n = strcspn(record, ",");

    snprintf(buf, cap, "%.*s", (int)n, record);
    return buf;
}

/* What zi_data_fn of the tests collects: the bytes, the calls, and when to stop. */
typedef struct sink {
    char *data;
    size_t len;
    size_t cap;
    int calls;
    int stop_after; /* answer "stop" on this call (1-based); 0: never */
} sink;

static int collect(const char *data, size_t len, void *userdata)
{
    sink *s = userdata;

    ck_assert_uint_gt(len, 0);
    s->calls++;
    if (s->len + len + 1 > s->cap) {
        size_t cap = (s->len + len + 1) * 2;
        char *p = realloc(s->data, cap);
        ck_assert_ptr_nonnull(p);
        s->data = p;
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return s->stop_after && s->calls >= s->stop_after;
}

START_TEST(test_export_streams_every_report)
{
    fixture f;
    json_t *r[3];
    json_t *csv = NULL;
    json_t *next = NULL;
    json_t *page_rows;
    json_t *records;
    json_t *items;
    json_t *all_ids;
    zi_report_list_params p = ZI_REPORT_LIST_PARAMS_INIT;
    zi_report_list_params lp = ZI_REPORT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    sink s = {0};
    char d2[16];
    char cell[64];
    char header[4096];
    size_t i;
    int k;

    fixture_open(&f);
    th_date(d2, sizeof d2, -2);
    r[0] = file(f.employee, report_body(f.unit_id, "receipt", "money", 250000, d2, "vendor"));
    r[1] = file(f.employee, report_body(f.unit_id, "refusal", "goods", 90000, d2, "service_user"));
    r[2] = file(f.colleague, report_body(f.unit_id, "receipt", "food", 300000, d2, "other"));

    /* The CSV pages of the list, two reports a page: their rows under one header. */
    lp.unit_id = f.unit_id;
    lp.limit = 2;
    page_rows = json_array();
    header[0] = '\0';
    for (k = 0;; k++) {
        json_t *cursor = next;
        json_t *recs;

        ck_assert_int_lt(k, 3);
        lp.cursor = cursor ? json_string_value(cursor) : NULL;
        th_assert_status(f.upg, zi_reports_list_csv(f.upg, &lp, &csv, &next), ZI_OK);
        json_decref(cursor);
        recs = csv_records(json_string_value(csv), json_string_length(csv));
        if (!header[0])
            snprintf(header, sizeof header, "%s", json_string_value(json_array_get(recs, 0)));
        ck_assert_str_eq(json_string_value(json_array_get(recs, 0)), header);
        for (i = 1; i < json_array_size(recs); i++)
            json_array_append(page_rows, json_array_get(recs, i));
        json_decref(recs);
        json_decref(csv);
        csv = NULL;
        if (!next)
            break;
    }
    lp.cursor = NULL;
    ck_assert_uint_eq(json_array_size(page_rows), 3);

    /* The export of the same filter: that header and exactly those rows, in that order. */
    p.unit_id = f.unit_id;
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_OK);
    records = csv_records(json_string_value(csv), json_string_length(csv));
    ck_assert_str_eq(json_string_value(json_array_get(records, 0)), header);
    json_array_remove(records, 0);
    ck_assert_msg(json_equal(records, page_rows), "the export's rows differ from the pages' rows");
    for (i = 0; i < 3; i++)
        ck_assert_str_eq(first_cell(json_string_value(json_array_get(records, i)), cell,
                                    sizeof cell),
                         th_str(r[i], "id"));
    json_decref(records);

    /* Streamed: the same bytes, handed over as they arrive. */
    th_assert_status(f.upg, zi_reports_export_csv_stream(f.upg, &p, collect, &s), ZI_OK);
    ck_assert_int_ge(s.calls, 1);
    ck_assert_uint_eq(s.len, json_string_length(csv));
    ck_assert_int_eq(memcmp(s.data, json_string_value(csv), s.len), 0);
    json_decref(csv);
    csv = NULL;
    /* The callback says stop: ZI_E_ABORTED after its first chunk. */
    s.len = 0;
    s.calls = 0;
    s.stop_after = 1;
    th_assert_status(f.upg, zi_reports_export_csv_stream(f.upg, &p, collect, &s), ZI_E_ABORTED);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_ptr_nonnull(strstr(zi_last_error(f.upg)->detail, "callback"));
    s.stop_after = 0;

    /* A filter narrows it; an employee exports their own reports of their own unit, and
     * another unit's just the header row. */
    p.kind = "food";
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_OK);
    records = csv_records(json_string_value(csv), json_string_length(csv));
    ck_assert_uint_eq(json_array_size(records), 2);
    ck_assert_str_eq(first_cell(json_string_value(json_array_get(records, 1)), cell, sizeof cell),
                     th_str(r[2], "id"));
    json_decref(records);
    json_decref(csv);
    p.kind = NULL;
    th_assert_status(f.employee, zi_reports_export_csv(f.employee, &p, &csv), ZI_OK);
    records = csv_records(json_string_value(csv), json_string_length(csv));
    ck_assert_uint_eq(json_array_size(records), 3); /* header, r0, r1 */
    ck_assert_str_eq(first_cell(json_string_value(json_array_get(records, 1)), cell, sizeof cell),
                     th_str(r[0], "id"));
    ck_assert_str_eq(first_cell(json_string_value(json_array_get(records, 2)), cell, sizeof cell),
                     th_str(r[1], "id"));
    json_decref(records);
    json_decref(csv);
    p.unit_id = f.other_unit_id;
    th_assert_status(f.employee, zi_reports_export_csv(f.employee, &p, &csv), ZI_OK);
    ck_assert_uint_eq(csv_lines(json_string_value(csv)), 1);
    json_decref(csv);
    p.unit_id = f.unit_id;

    /* Refusals: other roles (the callback never called), bad filters, arguments. */
    s.len = 0;
    s.calls = 0;
    th_assert_status(f.officer, zi_reports_export_csv_stream(f.officer, &p, collect, &s),
                     ZI_E_FORBIDDEN);
    ck_assert_int_eq(s.calls, 0);
    ck_assert_str_eq(zi_last_error(f.officer)->type, "urn:zi:problem:forbidden");
    th_assert_status(f.anon, zi_reports_export_csv(f.anon, &p, &csv), ZI_E_UNAUTHORIZED);
    ck_assert_ptr_null(csv);
    p.received_from = "2026-02-30";
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_E_BAD_REQUEST);
    assert_field_error(f.upg, "received_from", "invalid_format");
    p.received_from = NULL;
    p.limit = 10;
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_E_ARGUMENT);
    p.limit = 0;
    p.sort = "next_due";
    th_assert_status(f.upg, zi_reports_export_csv_stream(f.upg, &p, collect, &s), ZI_E_ARGUMENT);
    p.sort = NULL;
    p.cursor = "abc";
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_E_ARGUMENT);
    p.cursor = NULL;
    th_assert_status(f.upg, zi_reports_export_csv_stream(f.upg, &p, NULL, &s), ZI_E_ARGUMENT);
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, NULL), ZI_E_ARGUMENT);
    p.struct_size = 0;
    th_assert_status(f.upg, zi_reports_export_csv(f.upg, &p, &csv), ZI_E_ARGUMENT);
    p.struct_size = sizeof p;
    ck_assert_int_eq(s.calls, 0);

    /* The whole queue: every report the admin may see, once, in the list's order (the
     * server reads it 200 rows at a time). */
    lp.unit_id = NULL;
    lp.limit = 200;
    th_assert_status(f.admin, zi_reports_pager_new(f.admin, &lp, &pager), ZI_OK);
    items = th_drain(f.admin, pager);
    zi_pager_free(pager);
    all_ids = json_array();
    for (i = 0; i < json_array_size(items); i++)
        json_array_append_new(all_ids, json_string(th_str(json_array_get(items, i), "id")));
    json_decref(items);
    s.len = 0;
    s.calls = 0;
    th_assert_status(f.admin, zi_reports_export_csv_stream(f.admin, NULL, collect, &s), ZI_OK);
    records = csv_records(s.data, s.len);
    ck_assert_uint_eq(json_array_size(records), json_array_size(all_ids) + 1);
    for (i = 1; i < json_array_size(records); i++)
        ck_assert_str_eq(first_cell(json_string_value(json_array_get(records, i)), cell,
                                    sizeof cell),
                         json_string_value(json_array_get(all_ids, i - 1)));
    json_decref(records);
    json_decref(all_ids);

    /* Recorded as seen (way csv) by the exporting keys. */
    items = accesses(f.admin, th_str(r[0], "id"));
    ck_assert_msg(accessed(items, f.upg_key_id, "csv", "upg"), "the UPG's export is not recorded");
    ck_assert_msg(accessed(items, f.employee_key_id, "csv", "employee"),
                  "the employee's export is not recorded");
    json_decref(items);

    free(s.data);
    json_decref(page_rows);
    for (i = 0; i < 3; i++)
        json_decref(r[i]);
    fixture_close(&f);
}
END_TEST

/* ---- the export and downloads against a scripted server ------------------------------------- */

START_TEST(test_export_stream_and_download_against_a_scripted_server)
{
    static char r_unavailable[512];
    static char r_bad_type[512];
    static char r_file[512];
    static char r_tampered[512];
    static char r_no_etag[512];
    static const char cut[] = "HTTP/1.1 200 OK\r\nContent-Type: text/csv; charset=utf-8\r\n"
                              "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                              "a\r\nid,state\r\n\r\n"; /* a chunk, then the end never comes */
    static const char whole[] = "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n"
                                "a\r\nid,state\r\n\r\n9\r\na,draft\r\n\r\n0\r\n\r\n";
    th_server s = {.mode = TH_SCRIPT};
    zi_options o = ZI_OPTIONS_INIT;
    zi_client *c;
    sink k = {0};
    json_t *csv = NULL;
    zi_file *f = NULL;
    char url[64];
    char hex[65];

    o.retry_base_ms = 1;
    /* 1: cut after the first chunk; 2: 503 then 3: a whole body; 4: JSON instead of CSV; then
     * the whole-body variant: 5, 6, 7 cut three times (retried, then given up). */
    response(r_unavailable, sizeof r_unavailable, "503 Service Unavailable",
             "Content-Type: application/problem+json\r\n",
             "{\"type\":\"urn:zi:problem:unavailable\",\"title\":\"x\",\"status\":503}");
    response(r_bad_type, sizeof r_bad_type, "200 OK", "Content-Type: application/json\r\n", "{}");
    s.script[0] = cut;
    s.script[1] = r_unavailable;
    s.script[2] = whole;
    s.script[3] = r_bad_type;
    s.script[4] = cut;
    s.n_script = 5;
    th_server_start(&s);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
    c = th_client_for(url, "secret-key", &o);

    th_assert_status(c, zi_reports_export_csv_stream(c, NULL, collect, &k), ZI_E_TRANSPORT);
    ck_assert_str_eq(k.data, "id,state\r\n"); /* what came before the cut */
    ck_assert_int_eq(zi_last_error(c)->attempts, 1); /* not retried: the callback had bytes */
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "10 bytes"));
    k.len = 0;
    k.calls = 0;
    th_assert_status(c, zi_reports_export_csv_stream(c, NULL, collect, &k), ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->attempts, 2); /* the 503 retried; its body kept out */
    ck_assert_str_eq(k.data, "id,state\r\na,draft\r\n");
    k.len = 0;
    k.calls = 0;
    th_assert_status(c, zi_reports_export_csv_stream(c, NULL, collect, &k), ZI_E_PROTOCOL);
    ck_assert_int_eq(k.calls, 0);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "application/json"));
    th_assert_status(c, zi_reports_export_csv(c, NULL, &csv), ZI_E_TRANSPORT);
    ck_assert_int_eq(zi_last_error(c)->attempts, 3); /* nothing handed out: retried */
    ck_assert_ptr_null(csv);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_int_eq(s.requests, 7);
    ck_assert_msg(strstr(s.recorded[0], "GET /v1/gratification-reports/export ") != NULL,
                  "request: %s", s.recorded[0]);

    /* Downloads: the file with its name (escapes undone) and SHA-256; bytes that do not match
     * their ETag; no ETag at all (nothing to check). */
    memset(&s, 0, sizeof s);
    s.mode = TH_SCRIPT;
    sha256_of("evidence bytes", 14, hex);
    {
        char headers[256];
        snprintf(headers, sizeof headers,
                 "Content-Type: image/png\r\nETag: \"%s\"\r\n"
                 "Content-Disposition: attachment; filename=\"a \\\"b\\\".png\"\r\n",
                 hex);
        response(r_file, sizeof r_file, "200 OK", headers, "evidence bytes");
        response(r_tampered, sizeof r_tampered, "200 OK", headers, "evidence bytez");
    }
    response(r_no_etag, sizeof r_no_etag, "200 OK", "Content-Type: application/pdf\r\n", "%PDF-1.4");
    s.script[0] = r_file;
    s.script[1] = r_tampered;
    s.script[2] = r_no_etag;
    s.n_script = 3;
    th_server_start(&s);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", s.port);
    c = th_client_for(url, "secret-key", &o);
    th_assert_status(c, zi_reports_evidence_get(c, "r1", "e1", &f), ZI_OK);
    ck_assert_uint_eq(f->size, 14);
    ck_assert_str_eq((const char *)f->data, "evidence bytes");
    ck_assert_str_eq(f->filename, "a \"b\".png");
    ck_assert_str_eq(f->media_type, "image/png");
    ck_assert_str_eq(f->sha256, hex);
    zi_file_free(f);
    f = NULL;
    th_assert_status(c, zi_reports_evidence_get(c, "r1", "e1", &f), ZI_E_PROTOCOL);
    ck_assert_ptr_null(f);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, hex));
    th_assert_status(c, zi_reports_evidence_get(c, "r1", "e1", &f), ZI_OK);
    ck_assert_str_eq(f->sha256, "");
    ck_assert_ptr_null(f->filename);
    ck_assert_str_eq(f->media_type, "application/pdf");
    ck_assert_uint_eq(f->size, 8);
    zi_file_free(f);
    zi_file_free(NULL);
    zi_client_free(c);
    th_server_stop(&s);
    ck_assert_msg(strstr(s.recorded[0], "GET /v1/gratification-reports/r1/evidence/e1 ") != NULL,
                  "request: %s", s.recorded[0]);
    free(k.data);
}
END_TEST

/* ---- statistics --------------------------------------------------------------------------------- */

static const char *const counted_states[] = {"submitted", "verifying", "incomplete", "lapsed",
                                             "forwarded", "recorded",  "decided",    "handed_over",
                                             "social_aid", "returned_to_giver", NULL};
static const char *const all_kinds[] = {"money", "goods", "service", "facility", "discount",
                                        "loan",  "ticket", "lodging", "food",    "other", NULL};

/* The sum of the integer members of group (nulls count 0). */
static long long group_sum(const json_t *group)
{
    const char *k;
    const json_t *v;
    long long n = 0;

    json_object_foreach((json_t *)group, k, v)
        n += json_is_object(v) ? json_integer_value(json_object_get(v, "count"))
                               : json_integer_value(v);
    return n;
}

/* A public cell against the same cell unsuppressed: shown as it is, or (for 1-2, or as the
 * second cell hidden in its group) null; never a shown count of 1 or 2. */
static void assert_cell(const json_t *pub, const json_t *full, const char *what)
{
    long long n = json_integer_value(full);

    ck_assert_msg(json_is_integer(full), "%s: not a count in the unsuppressed document", what);
    if (json_is_null(pub)) {
        ck_assert_msg(n > 0, "%s: 0 hidden", what);
        return;
    }
    ck_assert_msg(json_is_integer(pub) && json_integer_value(pub) == n,
                  "%s: public %lld, unsuppressed %lld", what, json_integer_value(pub), n);
    ck_assert_msg(n == 0 || n >= 3, "%s: a count of %lld shown", what, n);
}

START_TEST(test_gratification_figures)
{
    fixture f;
    zi_client *other_officer;
    json_t *r;
    json_t *mine = NULL;
    json_t *as_officer = NULL;
    json_t *summary = NULL;
    json_t *pub = NULL;
    json_t *eval = NULL;
    const json_t *g;
    const json_t *pg;
    const json_t *kind;
    char today[16];
    int year = th_utc_year();
    size_t i;

    fixture_open(&f);
    other_officer = th_client_with("unit_officer", f.other_unit_id, NULL);
    th_date(today, sizeof today, 0);
    r = file(f.employee, report_body(f.unit_id, "receipt", "money", 200000, today, "vendor"));
    step_ok(f.employee, "submitted", NULL, &r);
    json_decref(r);
    r = file(f.employee, report_body(f.unit_id, "receipt", "money", 300000, today, "other"));
    step_ok(f.employee, "submitted", NULL, &r);
    step_ok(f.upg, "verifying", NULL, &r);
    json_decref(r);
    r = file(f.employee, report_body(f.unit_id, "refusal", "goods", 50000, today, "service_user"));
    step_ok(f.employee, "submitted", NULL, &r);
    json_decref(r);
    json_decref(file(f.employee, report_body(f.unit_id, "receipt", "food", 75000, today, "other")));

    /* The unit's figures of this year: drafts not counted, nothing hidden. */
    th_assert_status(f.upg, zi_units_gratification_summary(f.upg, f.unit_id, 0, &mine), ZI_OK);
    ck_assert_int_eq(th_int(mine, "year"), year);
    ck_assert_int_eq(th_int(mine, "total"), 3);
    g = json_object_get(mine, "by_state");
    ck_assert_uint_eq(json_object_size(g), 10);
    for (i = 0; counted_states[i]; i++)
        ck_assert(json_is_integer(json_object_get(g, counted_states[i])));
    ck_assert_int_eq(th_int(g, "submitted"), 2);
    ck_assert_int_eq(th_int(g, "verifying"), 1);
    ck_assert_int_eq(group_sum(g), 3);
    g = json_object_get(mine, "by_type");
    ck_assert_int_eq(th_int(g, "receipt"), 2);
    ck_assert_int_eq(th_int(g, "refusal"), 1);
    g = json_object_get(mine, "value_by_kind");
    ck_assert_uint_eq(json_object_size(g), 10);
    for (i = 0; all_kinds[i]; i++)
        ck_assert(json_is_object(json_object_get(g, all_kinds[i])));
    ck_assert_int_eq(th_int(json_object_get(g, "money"), "count"), 2);
    ck_assert_int_eq(th_int(json_object_get(g, "money"), "total_idr"), 500000);
    ck_assert_int_eq(th_int(json_object_get(g, "goods"), "count"), 1);
    ck_assert_int_eq(th_int(json_object_get(g, "goods"), "total_idr"), 50000);
    ck_assert_int_eq(th_int(json_object_get(g, "food"), "count"), 0);
    ck_assert_int_eq(th_int(mine, "overdue"), 0);
    ck_assert_int_eq(th_int(mine, "high_value"), 0);
    ck_assert_ptr_null(json_object_get(mine, "suppressed_below"));
    /* The unit's officer sees the same figures (1 and 2 included); the year asked for. */
    th_assert_status(f.officer, zi_units_gratification_summary(f.officer, f.unit_id, year, &as_officer),
                     ZI_OK);
    ck_assert_msg(json_equal(mine, as_officer), "the officer's figures differ from the UPG's");
    json_decref(as_officer);
    th_assert_status(f.admin, zi_units_gratification_summary(f.admin, f.unit_id, year - 1, &as_officer),
                     ZI_OK);
    ck_assert_int_eq(th_int(as_officer, "year"), year - 1);
    ck_assert_int_eq(th_int(as_officer, "total"), 0);
    json_decref(as_officer);
    as_officer = NULL;
    /* Refused: another unit's officer, other roles, an unknown unit, a bad year. */
    th_assert_status(other_officer,
                     zi_units_gratification_summary(other_officer, f.unit_id, 0, &as_officer),
                     ZI_E_FORBIDDEN);
    th_assert_status(f.employee, zi_units_gratification_summary(f.employee, f.unit_id, 0, &as_officer),
                     ZI_E_FORBIDDEN);
    th_assert_status(f.evaluator, zi_units_gratification_summary(f.evaluator, f.unit_id, 0, &as_officer),
                     ZI_E_FORBIDDEN);
    th_assert_status(f.anon, zi_units_gratification_summary(f.anon, f.unit_id, 0, &as_officer),
                     ZI_E_UNAUTHORIZED);
    th_assert_status(f.admin, zi_units_gratification_summary(f.admin, no_such_id, 0, &as_officer),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.admin, zi_units_gratification_summary(f.admin, f.unit_id, 1999, &as_officer),
                     ZI_E_BAD_REQUEST);
    assert_field_error(f.admin, "year", "out_of_range");
    th_assert_status(f.admin, zi_units_gratification_summary(f.admin, NULL, 0, &as_officer),
                     ZI_E_ARGUMENT);
    ck_assert_ptr_null(as_officer);

    /* The city's figures: the UPG sees every count, which add up; the public sees small
     * groups hidden (suppressed_below 3), the rest equal; an evaluator sees what the public
     * sees. */
    th_assert_status(f.upg, zi_summary(f.upg, year, &summary, NULL), ZI_OK);
    g = json_object_get(summary, "gratification");
    ck_assert_int_eq(th_int(g, "year"), year);
    ck_assert_int_ge(th_int(g, "total"), 3);
    ck_assert_int_eq(group_sum(json_object_get(g, "by_state")), th_int(g, "total"));
    ck_assert_int_eq(group_sum(json_object_get(g, "by_type")), th_int(g, "total"));
    ck_assert_int_eq(group_sum(json_object_get(g, "value_by_kind")), th_int(g, "total"));
    ck_assert_ptr_null(json_object_get(g, "suppressed_below"));
    th_assert_status(f.anon, zi_public_summary(f.anon, year, &pub, NULL), ZI_OK);
    pg = json_object_get(pub, "gratification");
    ck_assert_int_eq(th_int(pg, "suppressed_below"), 3);
    ck_assert_int_eq(th_int(pg, "year"), year);
    assert_cell(json_object_get(pg, "total"), json_object_get(g, "total"), "total");
    assert_cell(json_object_get(pg, "overdue"), json_object_get(g, "overdue"), "overdue");
    assert_cell(json_object_get(pg, "high_value"), json_object_get(g, "high_value"), "high_value");
    for (i = 0; counted_states[i]; i++)
        assert_cell(json_object_get(json_object_get(pg, "by_state"), counted_states[i]),
                    json_object_get(json_object_get(g, "by_state"), counted_states[i]),
                    counted_states[i]);
    assert_cell(json_object_get(json_object_get(pg, "by_type"), "refusal"),
                json_object_get(json_object_get(g, "by_type"), "refusal"), "refusal");
    assert_cell(json_object_get(json_object_get(pg, "by_type"), "receipt"),
                json_object_get(json_object_get(g, "by_type"), "receipt"), "receipt");
    for (i = 0; all_kinds[i]; i++) {
        kind = json_object_get(json_object_get(pg, "value_by_kind"), all_kinds[i]);
        assert_cell(json_object_get(kind, "count"),
                    json_object_get(json_object_get(json_object_get(g, "value_by_kind"),
                                                    all_kinds[i]),
                                    "count"),
                    all_kinds[i]);
        if (json_is_null(json_object_get(kind, "count")))
            ck_assert(json_is_null(json_object_get(kind, "total_idr")));
        else
            ck_assert_int_eq(th_int(kind, "total_idr"),
                             th_int(json_object_get(json_object_get(g, "value_by_kind"),
                                                    all_kinds[i]),
                                    "total_idr"));
    }
    th_assert_status(f.evaluator, zi_summary(f.evaluator, year, &eval, NULL), ZI_OK);
    ck_assert_msg(json_equal(json_object_get(eval, "gratification"), pg),
                  "an evaluator's figures differ from the public ones");

    json_decref(eval);
    json_decref(pub);
    json_decref(summary);
    json_decref(mine);
    zi_client_free(other_officer);
    fixture_close(&f);
}
END_TEST

/* ---- retention ---------------------------------------------------------------------------------- */

/* Every retention policy as c (a new array). */
static json_t *all_policies(zi_client *c)
{
    zi_page_params pp = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *items;

    pp.limit = 1;
    th_assert_status(c, zi_retention_policies_pager_new(c, &pp, &pager), ZI_OK);
    items = th_drain(c, pager);
    zi_pager_free(pager);
    return items;
}

static const json_t *policy_of(const json_t *policies, const char *kind)
{
    size_t i;
    const json_t *p;

    json_array_foreach(policies, i, p)
        if (strcmp(th_str(p, "kind"), kind) == 0)
            return p;
    ck_abort_msg("no retention policy %s", kind);
    return NULL;
}

/* Set policy kind to body (released here) as c, If-Match *version; *version becomes the new
 * one. The answer's status. */
static zi_status set_policy(zi_client *c, const char *kind, int64_t *version, json_t *body)
{
    zi_if_match m = {NULL, *version};
    json_t *got = NULL;
    zi_etag etag;
    zi_status st = zi_retention_policy_update(c, kind, &m, body, &got, &etag);

    json_decref(body);
    if (st == ZI_OK) {
        char want[32];
        *version = th_int(got, "version");
        snprintf(want, sizeof want, "\"%lld\"", (long long)*version);
        ck_assert_str_eq(etag.value, want);
    }
    json_decref(got);
    return st;
}

static const char *const identity_members[] = {"reporter_nik",     "reporter_nip",
                                               "reporter_name",    "reporter_address",
                                               "reporter_phone",   "reporter_position", NULL};

START_TEST(test_retention_policies_and_run)
{
    static const char *const kinds[] = {"gratification_reporter_identity",
                                        "gratification_evidence"};
    fixture f;
    json_t *policies;
    json_t *old;
    json_t *fresh;
    json_t *ev_old;
    json_t *ev_fresh;
    json_t *old_after_first = NULL;
    json_t *old_after = NULL;
    json_t *run1 = NULL;
    json_t *run2 = NULL;
    json_t *page = NULL;
    json_t *got = NULL;
    json_t *restored;
    zi_file *file_ = NULL;
    zi_status st[6];
    int64_t version[2];
    long long orig_days[2];
    char orig_source[2][512];
    char today[16];
    long long keep;
    size_t i;

    fixture_open(&f);
    th_date(today, sizeof today, 0);
    /* A refusal closed on 2019-03-01 with a file, and one closed today with a file. */
    old = file(f.employee, report_body(f.unit_id, "refusal", "money", 100000, "2019-02-01",
                                       "service_user"));
    ev_old = add_evidence(f.employee, th_str(old, "id"), tiny_png, sizeof tiny_png, "image/png",
                          "lama.png", ZI_OK);
    step_ok(f.employee, "submitted", json_pack("{s:s}", "occurred_on", "2019-02-02"), &old);
    step_ok(f.upg, "verifying", json_pack("{s:s}", "occurred_on", "2019-02-03"), &old);
    step_ok(f.upg, "recorded", json_pack("{s:s}", "occurred_on", "2019-03-01"), &old);
    ck_assert_str_eq(th_str(old, "closed_on"), "2019-03-01");
    fresh = file(f.employee, report_body(f.unit_id, "refusal", "money", 100000, today,
                                         "service_user"));
    ev_fresh = add_evidence(f.employee, th_str(fresh, "id"), tiny_png, sizeof tiny_png,
                            "image/png", "baru.png", ZI_OK);
    step_ok(f.employee, "submitted", NULL, &fresh);
    step_ok(f.upg, "verifying", NULL, &fresh);
    step_ok(f.upg, "recorded", NULL, &fresh);

    /* The two policies. */
    policies = all_policies(f.admin);
    ck_assert_uint_eq(json_array_size(policies), 2);
    for (i = 0; i < 2; i++) {
        const json_t *p = policy_of(policies, kinds[i]);
        version[i] = th_int(p, "version");
        orig_days[i] = th_int(p, "keep_days");
        snprintf(orig_source[i], sizeof orig_source[i], "%s", th_str(p, "source"));
        ck_assert_int_ge(orig_days[i], 1);
    }
    json_decref(policies);

    /* Shared with other tests: change, run, put back, and only then look at the results.
     * 1: keep for the longest time: the 2019 report stays. 2: keep exactly as long as the
     * 2019 report is closed: it goes (and nothing closed later). */
    keep = day_of(today) - day_of("2019-03-01");
    for (i = 0; i < 2; i++)
        st[i] = set_policy(f.admin, kinds[i], &version[i], json_pack("{s:i}", "keep_days", 36500));
    th_assert_status(f.admin, zi_retention_run(f.admin, NULL, &run1), ZI_OK);
    th_assert_status(f.upg, zi_reports_get(f.upg, th_str(old, "id"), &old_after_first, NULL), ZI_OK);
    for (i = 0; i < 2; i++)
        st[2 + i] = set_policy(f.admin, kinds[i], &version[i],
                               json_pack("{s:I}", "keep_days", (json_int_t)keep));
    th_assert_status(f.admin, zi_retention_run(f.admin, NULL, &run2), ZI_OK);
    for (i = 0; i < 2; i++)
        st[4 + i] = set_policy(f.admin, kinds[i], &version[i],
                               json_pack("{s:I, s:s}", "keep_days", (json_int_t)orig_days[i],
                                         "source", orig_source[i]));
    for (i = 0; i < 6; i++)
        ck_assert_msg(st[i] == ZI_OK, "policy update %zu: %s", i, zi_strerror(st[i]));
    restored = all_policies(f.admin);
    for (i = 0; i < 2; i++) {
        const json_t *p = policy_of(restored, kinds[i]);
        ck_assert_int_eq(th_int(p, "keep_days"), orig_days[i]);
        ck_assert_str_eq(th_str(p, "source"), orig_source[i]);
        ck_assert_int_eq(th_int(p, "version"), version[i]);
    }
    json_decref(restored);

    /* Run 1 kept the report; run 2 erased its reporter and its file, and nothing of the one
     * closed today. */
    ck_assert_str_eq(th_str(run1, "as_of"), today);
    ck_assert(json_is_integer(json_object_get(run1, "identities_erased")));
    ck_assert_str_eq(th_str(old_after_first, "reporter_nip"), f.nip);
    ck_assert(json_is_null(json_object_get(old_after_first, "identity_erased_at")));
    ck_assert_str_eq(th_str(run2, "as_of"), today);
    ck_assert_int_ge(th_int(run2, "identities_erased"), 1);
    ck_assert_int_ge(th_int(run2, "evidence_erased"), 1);
    th_assert_status(f.upg, zi_reports_get(f.upg, th_str(old, "id"), &old_after, NULL), ZI_OK);
    for (i = 0; identity_members[i]; i++)
        ck_assert_msg(json_is_null(json_object_get(old_after, identity_members[i])),
                      "%s survived the erasure", identity_members[i]);
    ck_assert(json_is_string(json_object_get(old_after, "identity_erased_at")));
    ck_assert_str_eq(th_str(old_after, "description"), th_str(old, "description"));
    /* The former reporter no longer sees it; its file is listed as erased and is gone. */
    th_assert_status(f.employee, zi_reports_get(f.employee, th_str(old, "id"), &got, NULL),
                     ZI_E_NOT_FOUND);
    th_assert_status(f.upg, zi_reports_evidence_list(f.upg, th_str(old, "id"), NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 1);
    ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(page, "data"), 0),
                                           "erased")));
    ck_assert_str_eq(th_str(json_array_get(json_object_get(page, "data"), 0), "sha256"),
                     th_str(ev_old, "sha256"));
    json_decref(page);
    th_assert_status(f.upg, zi_reports_evidence_get(f.upg, th_str(old, "id"), th_str(ev_old, "id"),
                                                    &file_),
                     ZI_E_NOT_FOUND);
    ck_assert_uint_gt(strlen(zi_last_error(f.upg)->detail), 0);
    /* Closed today: untouched. */
    th_assert_status(f.employee, zi_reports_get(f.employee, th_str(fresh, "id"), &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "reporter_nip"), f.nip);
    ck_assert(json_is_null(json_object_get(got, "identity_erased_at")));
    json_decref(got);
    th_assert_status(f.employee, zi_reports_evidence_get(f.employee, th_str(fresh, "id"),
                                                         th_str(ev_fresh, "id"), &file_),
                     ZI_OK);
    ck_assert_uint_eq(file_->size, sizeof tiny_png);
    zi_file_free(file_);
    /* The chain still verifies. */
    th_assert_status(f.admin, zi_audit_verify(f.admin, &got), ZI_OK);
    ck_assert(json_is_true(json_object_get(got, "ok")));
    json_decref(got);
    got = NULL;

    /* Refusals: a stale or missing If-Match, an unknown kind, a bad period; other roles. */
    {
        zi_if_match stale = {NULL, version[0] - 1};
        json_t *body = json_pack("{s:i}", "keep_days", 1826);
        th_assert_status(f.admin, zi_retention_policy_update(f.admin, kinds[0], &stale, body, &got,
                                                             NULL),
                         ZI_E_PRECONDITION_FAILED);
        th_assert_status(f.admin, zi_retention_policy_update(f.admin, kinds[0], NULL, body, &got,
                                                             NULL),
                         ZI_E_PRECONDITION_REQUIRED);
        th_assert_status(f.admin, zi_retention_policy_update(f.admin, "gratification_photos",
                                                             &stale, body, &got, NULL),
                         ZI_E_NOT_FOUND);
        th_assert_status(f.upg, zi_retention_policy_update(f.upg, kinds[0], &stale, body, &got,
                                                           NULL),
                         ZI_E_FORBIDDEN);
        th_assert_status(f.admin, zi_retention_policy_update(f.admin, kinds[0], &stale, NULL,
                                                             &got, NULL),
                         ZI_E_ARGUMENT);
        json_decref(body);
        body = json_pack("{s:i}", "keep_days", 0);
        stale.version = version[0];
        th_assert_status(f.admin, zi_retention_policy_update(f.admin, kinds[0], &stale, body, &got,
                                                             NULL),
                         ZI_E_BAD_REQUEST);
        assert_field_error(f.admin, "/keep_days", "out_of_range");
        json_decref(body);
        ck_assert_ptr_null(got);
    }
    th_assert_status(f.upg, zi_retention_policies_list(f.upg, NULL, &page), ZI_E_FORBIDDEN);
    th_assert_status(f.upg, zi_retention_run(f.upg, NULL, &got), ZI_E_FORBIDDEN);
    th_assert_status(f.anon, zi_retention_run(f.anon, NULL, &got), ZI_E_UNAUTHORIZED);
    th_assert_status(f.admin, zi_retention_run(f.admin, NULL, NULL), ZI_E_ARGUMENT);
    ck_assert_ptr_null(got);
    th_assert_status(f.admin, zi_retention_policies_list(f.admin, NULL, &page), ZI_OK);
    ck_assert_uint_eq(th_data_size(page), 2);
    json_decref(page);

    json_decref(run1);
    json_decref(run2);
    json_decref(old_after_first);
    json_decref(old_after);
    json_decref(ev_old);
    json_decref(ev_fresh);
    json_decref(old);
    json_decref(fresh);
    fixture_close(&f);
}
END_TEST

Suite *reports_suite(void)
{
    Suite *s = suite_create("reports");
    TCase *tc = tcase_create("reports");

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_list_csv_reads_link_and_content_type);
    tcase_add_test(tc, test_calendar_seeded_years_and_counting);
    tcase_add_test(tc, test_calendar_put_year);
    tcase_add_test(tc, test_rule_sets);
    tcase_add_test(tc, test_assess);
    tcase_add_test(tc, test_report_receipt_workflow);
    tcase_add_test(tc, test_report_lists_filters_and_csv);
    tcase_add_test(tc, test_export_stream_and_download_against_a_scripted_server);
    tcase_add_test(tc, test_evidence_files_and_packet);
    tcase_add_test(tc, test_export_streams_every_report);
    tcase_add_test(tc, test_gratification_figures);
    tcase_add_test(tc, test_retention_policies_and_run);
    suite_add_tcase(s, tc);
    return s;
}
