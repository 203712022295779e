#ifndef ZI_API_H
#define ZI_API_H
/*
 * What resource handlers share: the replies that carry a resource's representation out of
 * the server. Every way out — one record, a page of a list, its CSV export — goes through
 * these, and they apply the route's field visibility (fields_filter) on the way, so no
 * handler decides who sees what. Handlers are thin: read what the dispatcher validated,
 * ask the domain, call the db layer, reply.
 */
#include "../http/request.h"
#include "../http/route.h"
#include "../domain/workdays.h"
#include "module.h"

/* Where a keyset page starts: the order, the request's limit and decoded cursor. */
typedef struct {
    const zi_sort *sort;
    char value_buf[ZI_MAX_SORT_VALUE_BYTES];
    char id_buf[37];
    const char *after_value; /* NULL on the first page */
    const char *after_id;    /* NULL on the first page; "" for lists keyed by value alone */
    long limit;              /* page size */
} api_page;

/* Reads `sort` (a row of sorts, by req_sort), `limit` and `cursor` (which must have been
 * made for that sort and carry an integer when the sort's key is). ZI_E_INVALID with a field
 * error on `cursor` otherwise. */
zi_result api_page_start(zi_req *r, const zi_sort *sorts, api_page *p);
/* Replies with a page: {"data":[…],"next_cursor":…} plus Link, or CSV when the route allows
 * it (RF_CSV) and the client asks (Accept: text/csv); items filtered by the route's
 * visibility. Clears page in every case. */
zi_result api_reply_page(zi_req *r, db_page *page, const api_page *p);

/* The same with each item passed through item_fn (owned text out; NULL = out of memory),
 * for lists whose items need more than the route's field visibility (audit records). */
typedef char *(*api_item_fn)(const zi_req *r, const char *item, size_t len);
zi_result api_reply_page_with(zi_req *r, db_page *page, const api_page *p, api_item_fn item_fn);

/* One CSV cell (RFC 4180) of a JSON value: text as is, numbers and booleans as JSON prints them,
 * null empty, quoted when needed. */
void api_csv_cell(strbuf *sb, const json_t *v);

/* A CSV export's header row and one record's row (filtered by fs for who; obj is changed):
 * the columns are the fields who could see on some record of the list (of list_unit's
 * records when a path names the unit), so every row of one export has the same columns. */
void api_csv_header(strbuf *sb, const zi_fieldset *fs, const zi_principal *who, const char *list_unit);
void api_csv_row(strbuf *sb, const zi_fieldset *fs, const zi_principal *who, const char *list_unit, json_t *obj);

/* 1 when the route offers CSV and the request asks for it (Accept: text/csv). */
int api_wants_csv(const zi_req *r);

/* Replies with one record: when rc is ZI_E_NOT_FOUND, sets the detail `not_found` and
 * returns it; otherwise (rc ZI_OK) 304 for a GET whose If-None-Match names version, else
 * `status` with ETag and, when given, Location; the representation filtered by the route's
 * visibility. json is owned and freed in every case (NULL-safe). */
zi_result api_reply_record(zi_req *r, zi_result rc, int status, char *json, long version, const char *location,
                           zi_msg not_found);

/* The common read or action on one record named by the path's {id}: fn(db, id, &json,
 * &version), then api_reply_record with 200 and the not-found detail. */
typedef zi_result (*api_record_fn)(db_conn *c, const char *id, char **json, long *version);
zi_result api_record_by_id(zi_req *r, api_record_fn fn, zi_msg not_found);

/* 201 for a record made with a secret (an API key, a webhook's signing secret): the
 * representation json with the string member `member`: secret appended — the one response
 * that ever carries it — and Location <collection>/<id>. json becomes what an
 * Idempotency-Key replay returns (without the secret); json and id are owned and taken.
 * secret must need no JSON escaping. */
zi_result api_reply_created_with_secret(zi_req *r, char *json, long version, char *id, const char *collection,
                                        const char *member, const char *secret);

/* The representation json (owned) with the members the caller may not see removed
 * (owned result; json itself when nothing is hidden; NULL on allocation failure). */
char *api_visible(const zi_req *r, const zi_fieldset *fs, char *json);

/* The common PATCH of one record named by key: lock(db, key, &version) (ZI_E_NOT_FOUND when
 * absent), If-Match against it, update(db, key, validated body as JSON text, &json, &version),
 * then 200 with the new representation. */
typedef zi_result (*api_lock_fn)(db_conn *c, const char *key, long *version);
typedef zi_result (*api_update_fn)(db_conn *c, const char *key, const char *body, char **json, long *version);
zi_result api_update_record(zi_req *r, const char *key, api_lock_fn lock, api_update_fn update, zi_msg not_found);

/* The unit a nested path names ({id} of /v1/units/{id}/…), locked against archiving until the
 * transaction ends: 404 when it does not exist; with `for_change`, 409 when it is archived. */
zi_result api_path_unit(zi_req *r, int for_change);

/* The {year} path parameter: 2000–2100; otherwise 400 naming it (returns -1). */
int api_path_year(zi_req *r, long *year);

/* Today's date in UTC (YYYY-MM-DD): what "not in the future" is measured against. */
void api_today(char out[11]);
/* Applies date_rule_violation to a body date (NULL: nothing to check) and adds the field
 * error at `pointer`. 1 when it added one. */
int api_check_date(zi_req *r, const char *pointer, const char *ymd, long year);

/* The working-day calendar of WD_MAX_YEARS years from first_year (api/calendar.c); 0: around
 * today, the years every running deadline can touch. */
zi_result api_load_calendar(zi_req *r, int first_year, wd_calendar *cal);
/* Recomputes the stored due date of every report marked stale (api/gratification_reports.c),
 * inside the caller's transaction, if any. */
zi_result api_refresh_due_dates(zi_req *r);

/* One year's gratification statistics (issue 11 §9) of a unit or the city (unit_id NULL),
 * small groups suppressed for public_figures and for callers other than admin or UPG (a unit's
 * own figures never are).
 * *out owned. */
zi_result api_report_stats(zi_req *r, long year, const char *unit_id, int public_figures, json_t **out);

#endif
