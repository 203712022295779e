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

/* Sends a keyset page from rows of (json, sort value, id): at most `limit` items, and a
 * cursor when the query fetched limit + 1 rows. Takes ownership of res. */
zi_result api_reply_page(zi_req *r, PGresult *res, long limit, const char *sort);
/* Decodes the request's `cursor` for `sort` into value/id; ZI_OK when absent (value and id
 * set to NULL) or valid, ZI_E_INVALID (field error on `cursor`) otherwise. */
zi_result api_cursor(zi_req *r, const char *sort, char *value, size_t cap, char id[37], const char **value_out,
                     const char **id_out);

#endif
