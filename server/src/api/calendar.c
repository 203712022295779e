/*
 * The working-day calendar (issue 11 §1, DOMAIN §5): each year's holidays and cuti bersama as
 * data, editable by admins, and the working-day arithmetic every deadline uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/calendar_db.h"
#include "../db/reports_db.h"
#include "../domain/validate.h"
#include "../domain/workdays.h"
#include "api.h"

#define MAX_DAYS 60

static const char *const day_kinds[] = {"holiday", "cuti_bersama", NULL};

static const zi_field_spec calendar_field_specs[] = {
    ZI_FIELD_READ_ONLY("year", FT_INT),
    ZI_FIELD_READ_ONLY("complete", FT_BOOL),
    ZI_FIELD_READ_ONLY("source", FT_STRING),
    ZI_FIELD_READ_ONLY("note", FT_TEXT),
    ZI_FIELD_READ_ONLY("days", FT_LIST),
    ZI_FIELD_READ_ONLY("working_days", FT_INT),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset calendar_fields = ZI_FIELDSET("calendar_year", calendar_field_specs, NULL, NULL);

static const zi_text MSG_CALENDAR_NOT_FOUND[1] = {{"Kalender tahun itu belum dimuat.",
                                                   "No calendar has been loaded for that year."}};
static const zi_msg calendar_messages[] = {MSG_CALENDAR_NOT_FOUND, NULL};

zi_result api_load_calendar(zi_req *r, int first_year, wd_calendar *cal)
{
    if (first_year == 0) {
        char today[11];
        api_today(today);
        /* Twelve years back and three ahead of today cover every running deadline. */
        first_year = (int)strtol(today, NULL, 10) - (WD_MAX_YEARS - 4);
    }
    return calendar_db_load(r->db, first_year, cal);
}

/* The year's representation with its count of working days, made by the same domain
 * arithmetic every deadline uses (owned text; NULL when out of memory). */
static char *with_working_days(const zi_req *r, const char *json, size_t len)
{
    (void)r;
    json_t *obj = json_loadb(json, len, 0, NULL);
    if (obj == NULL)
        return NULL;
    int year = (int)json_integer_value(json_object_get(obj, "year"));
    wd_calendar cal;
    wd_init(&cal, year, 1);
    size_t i;
    const json_t *day;
    json_array_foreach(json_object_get(obj, "days"), i, day) {
        wd_day d;
        if (wd_parse(json_string_value(json_object_get(day, "date")), &d) == 0)
            wd_add_off(&cal, d);
    }
    char ymd[16];
    wd_day jan1 = 0, dec31 = 0;
    snprintf(ymd, sizeof ymd, "%04d-01-01", year);
    wd_parse(ymd, &jan1);
    snprintf(ymd, sizeof ymd, "%04d-12-31", year);
    wd_parse(ymd, &dec31);
    json_object_set_new(obj, "working_days", json_integer(wd_between(&cal, jan1 - 1, dec31, NULL)));
    char *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return out;
}

/* api_reply_record for a year's representation (owned json), its working days added. */
static zi_result reply_year(zi_req *r, zi_result rc, int status, char *json, long version, const char *location)
{
    char *shown = rc == ZI_OK && json ? with_working_days(r, json, strlen(json)) : NULL;
    free(json);
    if (rc == ZI_OK && shown == NULL)
        rc = ZI_E_INTERNAL;
    return api_reply_record(r, rc, status, shown, version, location, MSG_CALENDAR_NOT_FOUND);
}

static zi_result get_calendar(zi_req *r)
{
    long year;
    if (api_path_year(r, &year) != 0)
        return ZI_E_INVALID;
    char *json = NULL;
    long version = 0;
    zi_result rc = calendar_db_get(r->db, req_path(r, "year"), &json, &version);
    return reply_year(r, rc, 200, json, version, NULL);
}

static zi_result list_calendars(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, calendar_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    db_page page;
    rc = calendar_db_list(r->db, p.after_value, p.limit, &page);
    return rc == ZI_OK ? api_reply_page_with(r, &page, &p, with_working_days) : rc;
}

static void body_error(zi_req *r, const char *pointer, const char *code, long a, const char *hint)
{
    req_field_error(r, ZI_IN_BODY, pointer, code, a, 0, hint);
}

/* A string member: present, a string, 1..max characters of one line (or text). */
static const char *read_text(zi_req *r, const json_t *obj, const char *member, const char *pointer, long min,
                             long max, int nullable, int lines)
{
    const json_t *v = json_object_get(obj, member);
    if (v == NULL || (nullable && json_is_null(v))) {
        if (v == NULL && !nullable)
            body_error(r, pointer, "required", 0, NULL);
        return NULL;
    }
    if (!json_is_string(v)) {
        body_error(r, pointer, "invalid_type", 0, "string");
        return NULL;
    }
    const char *s = json_string_value(v);
    long len = (long)utf8_length(s);
    if (strlen(s) != json_string_length(v))
        body_error(r, pointer, "nul_character", 0, NULL);
    else if (has_control_chars(s, lines))
        body_error(r, pointer, "control_character", 0, NULL);
    else if (len < min)
        body_error(r, pointer, "too_short", min, NULL);
    else if (len > max)
        body_error(r, pointer, "too_long", max, NULL);
    else
        return s;
    return NULL;
}

static int by_date(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "date"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "date"));
    return strcmp(x, y);
}

/* Checks the PUT body (issue 11 §1) and builds the sorted day list (owned). NULL with
 * errors in r otherwise. */
static json_t *read_calendar(zi_req *r, long year, int *complete, const char **source, const char **note)
{
    static const char *const members[] = {"complete", "source", "note", "days", NULL};
    const char *key;
    json_t *value;
    json_object_foreach(r->body, key, value) {
        int known = 0;
        for (const char *const *m = members; *m; m++)
            known |= strcmp(*m, key) == 0;
        if (!known)
            errors_add_member(&r->errors, key, fields_index(&calendar_fields, key) >= 0 ? "read_only" : "unknown_field",
                              0, 0, NULL);
    }
    const json_t *c = json_object_get(r->body, "complete");
    if (!json_is_boolean(c))
        body_error(r, "/complete", c ? "invalid_type" : "required", 0, c ? "boolean" : NULL);
    *complete = json_is_true(c);
    *source = read_text(r, r->body, "source", "/source", 1, 500, 0, 0);
    *note = read_text(r, r->body, "note", "/note", 0, 2000, 1, 1);
    const json_t *days = json_object_get(r->body, "days");
    if (!json_is_array(days)) {
        body_error(r, "/days", days ? "invalid_type" : "required", 0, days ? "array" : NULL);
        return NULL;
    }
    if (json_array_size(days) > MAX_DAYS) {
        body_error(r, "/days", "too_many", MAX_DAYS, NULL);
        return NULL;
    }
    json_t *out = json_array();
    size_t i;
    json_t *day;
    json_array_foreach(days, i, day) {
        char at[48];
        snprintf(at, sizeof at, "/days/%zu", i);
        if (!json_is_object(day)) {
            body_error(r, at, "invalid_type", 0, "object");
            continue;
        }
        json_object_foreach(day, key, value) {
            if (strcmp(key, "date") != 0 && strcmp(key, "kind") != 0 && strcmp(key, "name") != 0) {
                char p[128];
                snprintf(p, sizeof p, "%s/%.60s", at, key);
                body_error(r, p, "unknown_field", 0, NULL);
            }
        }
        char p_date[64], p_kind[64], p_name[64];
        snprintf(p_date, sizeof p_date, "%s/date", at);
        snprintf(p_kind, sizeof p_kind, "%s/kind", at);
        snprintf(p_name, sizeof p_name, "%s/name", at);
        const char *date = read_text(r, day, "date", p_date, 10, 10, 0, 0);
        int y, m, d;
        if (date && parse_date(date, &y, &m, &d) != 0) {
            body_error(r, p_date, "invalid_format", 0, "YYYY-MM-DD");
            date = NULL;
        }
        const char *kind = read_text(r, day, "kind", p_kind, 1, 32, 0, 0);
        if (kind && strcmp(kind, "holiday") != 0 && strcmp(kind, "cuti_bersama") != 0) {
            char hint[64];
            body_error(r, p_kind, "invalid_value", 0, errors_join(day_kinds, hint, sizeof hint));
            kind = NULL;
        }
        const char *name = read_text(r, day, "name", p_name, 1, 200, 0, 0);
        if (date && kind && name)
            json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:I}", "date", date, "kind", kind, "name", name,
                                                 "at", (json_int_t)i));
    }
    if (r->errors.count) {
        json_decref(out);
        return NULL;
    }
    /* Rules (422) once every shape is right: each date in the year, once. */
    size_t n = json_array_size(out);
    json_t **items = calloc(n ? n : 1, sizeof *items);
    if (items == NULL) {
        json_decref(out);
        return NULL;
    }
    for (i = 0; i < n; i++)
        items[i] = json_array_get(out, i);
    for (i = 0; i < n; i++) {
        const char *date = json_string_value(json_object_get(items[i], "date"));
        char p[64];
        snprintf(p, sizeof p, "/days/%lld/date", (long long)json_integer_value(json_object_get(items[i], "at")));
        if (strtol(date, NULL, 10) != year)
            body_error(r, p, "year_mismatch", 0, NULL);
        for (size_t k = 0; k < i; k++) {
            if (strcmp(date, json_string_value(json_object_get(items[k], "date"))) == 0) {
                body_error(r, p, "duplicate", 0, NULL);
                break;
            }
        }
    }
    qsort(items, n, sizeof *items, by_date);
    json_t *sorted = json_array();
    for (i = 0; i < n; i++) {
        json_t *copy = json_deep_copy(items[i]);
        json_object_del(copy, "at");
        json_array_append_new(sorted, copy);
    }
    free(items);
    json_decref(out);
    return sorted;
}

static zi_result put_calendar(zi_req *r)
{
    long year, current = 0;
    if (api_path_year(r, &year) != 0)
        return ZI_E_INVALID;
    int complete = 0;
    const char *source = NULL, *note = NULL;
    json_t *days = read_calendar(r, year, &complete, &source, &note);
    if (days == NULL || r->errors.count) {
        json_decref(days);
        int rules = 0;
        for (size_t k = 0; k < r->errors.count; k++)
            rules |= strcmp(r->errors.items[k].code, "year_mismatch") == 0 ||
                     strcmp(r->errors.items[k].code, "duplicate") == 0;
        return r->errors.count == 0 ? ZI_E_INTERNAL : rules ? ZI_E_UNPROCESSABLE : ZI_E_INVALID;
    }
    const char *y = req_path(r, "year");
    zi_result rc = calendar_db_lock(r->db, y, &current);
    int exists = rc == ZI_OK;
    if (rc == ZI_E_NOT_FOUND)
        rc = ZI_OK;
    if (rc == ZI_OK && exists)
        rc = req_check_if_match(r, current);
    char *days_text = rc == ZI_OK ? json_dumps(days, JSON_COMPACT) : NULL;
    json_decref(days);
    char *json = NULL;
    long version = 0;
    if (rc == ZI_OK)
        rc = days_text ? calendar_db_put(r->db, y, exists, complete ? "true" : "false", source, note, days_text,
                                         &json, &version)
                       : ZI_E_INTERNAL;
    free(days_text);
    /* Every open report's due date follows the new calendar, in this same transaction. */
    if (rc == ZI_OK)
        rc = reports_db_mark_stale(r->db);
    if (rc == ZI_OK)
        rc = api_refresh_due_dates(r);
    char location[48];
    snprintf(location, sizeof location, "/v1/calendar/%ld", year);
    return reply_year(r, rc, exists ? 200 : 201, json, version, exists ? NULL : location);
}

static zi_result add_working_days(zi_req *r)
{
    const char *from = req_query_str(r, "from");
    long add = req_query_int(r, "add", 0);
    wd_day start;
    if (wd_parse(from, &start) != 0)
        return ZI_E_INTERNAL; /* the router checked the date */
    wd_calendar cal;
    /* From the year before `from`: 400 working days reach less than two years ahead. */
    zi_result rc = api_load_calendar(r, wd_year(start) - 1, &cal);
    if (rc != ZI_OK)
        return rc;
    int complete = 0;
    char due[11];
    wd_format(wd_add(&cal, start, (int)add, &complete), due);
    json_t *out = json_pack("{s:s, s:I, s:s, s:b, s:s}", "from", from, "add", (json_int_t)add, "date", due,
                            "calendar_complete", complete, "counting", "day 1 is the first working day after from");
    char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
    json_decref(out);
    return text ? reply_json_owned(r, 200, text, 0, NULL) : ZI_E_INTERNAL;
}

static const zi_qparam page_query[] = {ZI_QP_PAGE, ZI_QP_END};
static const zi_qparam add_query[] = {
    {"from", QP_DATE, 0, 0, NULL, NULL, 1},
    {"add", QP_INT, 1, 400, NULL, NULL, 1},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/calendar", .operation_id = "listCalendarYears", .handler = list_calendars,
     .roles = ROLE_PUBLIC, .query = page_query, .shows = &calendar_fields},
    {.method = "GET", .pattern = "/v1/calendar/{year}", .operation_id = "getCalendarYear", .handler = get_calendar,
     .roles = ROLE_PUBLIC, .shows = &calendar_fields},
    {.method = "PUT", .pattern = "/v1/calendar/{year}", .operation_id = "putCalendarYear", .handler = put_calendar,
     .roles = ROLE_ADMIN, .body = BODY_JSON, .shows = &calendar_fields},
    {.method = "GET", .pattern = "/v1/working-days", .operation_id = "addWorkingDays", .handler = add_working_days,
     .roles = ROLE_PUBLIC, .query = add_query},
};

const zi_module calendar_module = ZI_MODULE("calendar", routes, calendar_db_statements, &calendar_fields,
                                            calendar_messages);
