#ifndef ZI_REQUEST_H
#define ZI_REQUEST_H
/*
 * The per-request context every handler receives, and the typed accessors handlers use
 * instead of reading Ulfius maps. One zi_req lives on the stack of the dispatching
 * thread for the duration of one request; nothing in it is shared between threads.
 */
#include <jansson.h>
#include <stddef.h>
#include <ulfius.h>

#include "../common/strbuf.h"
#include "../db/pool.h"
#include "../domain/errors.h"
#include "../domain/messages.h"
#include "../zi_limits.h"
#include "route.h"


typedef struct {
    const char *name;    /* borrowed from the route's table */
    char *value;         /* decoded, owned (freed with the request) */
    long ival;           /* QP_INT, QP_BOOL (0/1) */
} zi_qvalue;

struct zi_req {
    const struct _u_request *u;
    struct _u_response *resp;
    const zi_route *route;
    zi_lang lang;
    char request_id[ZI_MAX_REQUEST_ID + 1];
    const char *raw_path;                  /* the path as received, up to '?', NUL-terminated copy */
    char segs[ZI_MAX_PATH_SEGMENTS][ZI_MAX_PATH_SEGMENT_BYTES];
    int nsegs;
    zi_qvalue query[ZI_MAX_QUERY_PARAMS];
    int nquery;
    json_t *body;                          /* owned; NULL when no body */
    const char *csv;                       /* BODY_JSON_OR_CSV sent as text/csv: the body as
                                              received (borrowed, not NUL-terminated), else NULL */
    size_t csv_len;
    const unsigned char *raw;              /* BODY_FILE: the body as received (borrowed) */
    size_t raw_len;
    json_t *problem_extra;                 /* owned: members added to a problem document
                                              (e.g. the rows of a refused bulk upload) */
    const json_t *got[ZI_MAX_FIELDS];      /* body members by the route's field set (borrowed
                                              from body; NULL when absent): req_field */
    char scope_unit[37];                   /* the unit of the addressed record when the route
                                              declares a scope and it is known, else "" */
    zi_principal who;
    db_conn *db;                           /* checked out for the handler, released by the router */
    zi_errors errors;                      /* field errors for 400/409/422 */
    zi_msg detail;                         /* detail message of a problem */
    long detail_a;
    char detail_s[128];
    int retry_after;                       /* seconds, for 503 */
    int status;                            /* final HTTP status, for logs and metrics */
    void (*after_commit)(void);            /* run once the request's transaction has committed,
                                              before the response leaves (NULL: nothing) */
    const void *handler_ctx;               /* borrowed: what a handler lends the item function of
                                              one reply (e.g. the working-day calendar) */
    char *idem_body;                       /* owned: what an Idempotency-Key replay returns instead
                                              of the response body (a response holding a secret
                                              is stored without it); NULL = the body itself */
};

/* A body member of the route's field set, validated by the dispatcher (borrowed; NULL when
 * absent, JSON null when sent as null). */
const json_t *req_field(const zi_req *r, const char *name);
/* The validated body as compact JSON text for a write statement (owned, free()); NULL on
 * allocation failure. */
char *req_body_text(const zi_req *r);
/* For a SCOPE_LIST route: the unit a unit-bound caller is confined to, else NULL (no filter). */
const char *req_unit_filter(const zi_req *r);
/* The order a list was asked for: the `sort` parameter's row, or the first row of sorts. */
const zi_sort *req_sort(const zi_req *r, const zi_sort *sorts);

/* Path parameter by name ("id", "code"); borrowed, valid for the request. NULL if absent. */
const char *req_path(const zi_req *r, const char *name);
/* Query accessors; return the default when the parameter is absent. The router has
 * already validated type and range, so they cannot fail. */
long req_query_int(const zi_req *r, const char *name, long dflt);
const char *req_query_str(const zi_req *r, const char *name);
/* -1 absent, 0 false, 1 true */
int req_query_bool(const zi_req *r, const char *name);
/* A request header (case-insensitive), borrowed; NULL if absent. */
const char *req_header(const zi_req *r, const char *name);

/* Sets the detail message of the problem the handler is about to return. */
void req_detail(zi_req *r, zi_msg msg, long a, const char *s);
/* Adds a field error (convenience around errors_add). */
void req_field_error(zi_req *r, zi_location in, const char *field, const char *code, long a, long b,
                     const char *hint);

/* Sends a JSON body (copied). Adds ETag when version > 0, Location when non-NULL. */
zi_result reply_json(zi_req *r, int status, const char *body, size_t len, long version, const char *location);
/* reply_json with a body the caller owned: json (NUL-terminated) is freed in any case. */
zi_result reply_json_owned(zi_req *r, int status, char *json, long version, const char *location);
/* Sends 304 with the ETag. */
zi_result reply_not_modified(zi_req *r, long version);
/* Sends a list body {"data":[items],"next_cursor":…} plus a Link header for the next page.
 * `items` is the comma-separated JSON of the rows. */
zi_result reply_list(zi_req *r, const char *items, size_t items_len, const char *next_cursor);
/* Adds the Link header of the next page: this request with the cursor replaced. */
zi_result reply_next_link(zi_req *r, const char *cursor);
/* Sends the JSON text built in sb (which it empties) with no ETag; ZI_E_INTERNAL when the
 * buffer ran out of memory. */
zi_result reply_strbuf(zi_req *r, int status, strbuf *sb);
/* Sends any body with a content type (copied). */
zi_result reply_raw(zi_req *r, int status, const char *content_type, const char *body, size_t len);
/* Adds a response header. */
void reply_header(zi_req *r, const char *name, const char *value);

/* If-Match handling for a write on a resource at `version`: ZI_OK when the header matches,
 * 428 when absent, 412 (detail with the current version) when stale. */
zi_result req_check_if_match(zi_req *r, long version);

#endif
