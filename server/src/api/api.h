#ifndef ZI_API_H
#define ZI_API_H
/*
 * The resource modules: each exports its route table (see http/route.h) and the
 * statements it needs prepared. Handlers are thin: parse what the router validated,
 * ask the domain, call the db layer, pass JSON through.
 */
#include <libpq-fe.h>

#include "../http/request.h"
#include "../http/route.h"

extern const zi_route_table units_table;
extern const zi_route_table system_table;
extern const zi_route_table api_keys_table;
extern const zi_route_table audit_table;
extern const zi_route_table events_table;

/* Sends a keyset page from rows of (json, sort value, id): at most `limit` items, and a
 * cursor when the query fetched limit + 1 rows. Takes ownership of res. */
zi_result api_reply_page(zi_req *r, PGresult *res, long limit, const char *sort);
typedef enum { PAGE_KEY_TEXT, PAGE_KEY_INTEGER } api_page_key;

/* Where a keyset page starts: the request's limit and decoded cursor. */
typedef struct {
    char value_buf[ZI_MAX_SORT_VALUE_BYTES];
    char id_buf[37];
    const char *after_value; /* NULL on the first page */
    const char *after_id;    /* NULL on the first page; "" for lists keyed by value alone */
    long limit;              /* page size; fetch limit + 1 rows to learn whether more follow */
} api_page;

/* Reads `limit` and `cursor` (which must have been made for `sort`, and carry an integer
 * value when key is PAGE_KEY_INTEGER). ZI_E_INVALID with a field error on `cursor` otherwise. */
zi_result api_page_start(zi_req *r, const char *sort, api_page_key key, api_page *p);

#endif
