/*
 * internal.h — what the files of libzi share; never installed.
 *
 * An operation is one small function (see pacts.c): enter the client, describe the request
 * in a zi_call (method, path template, query, body, preconditions, where the result goes),
 * and hand it to zi_call_run(), which does the transport, the retries, the parsing and the
 * error record. Argument errors found while describing the call are latched in the call
 * and reported by zi_call_run(), so operations read straight through without early exits.
 * The common shapes (a read by id, a list and its pager, a create, an update, a
 * create-or-replace, an action such as archive) are one call each: zi_call_simple,
 * zi_call_list, zi_call_list_pager, zi_call_create, zi_call_update, zi_call_put,
 * zi_call_action (see units.c and programme.c).
 */
#ifndef ZI_SDK_INTERNAL_H
#define ZI_SDK_INTERNAL_H

#include "zi/zi.h"

#include <curl/curl.h>
#include <stddef.h>

#define ZI_CLIENT_MAGIC 0x5a49434cu /* "ZICL" */
#define ZI_PAGER_MAGIC 0x5a495047u  /* "ZIPG" */
#define ZI_FREED_MAGIC 0xdeadf00du  /* written on free: a use after free fails the check */

/* Defaults of zi_options (README.md documents them). */
#define ZI_DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define ZI_DEFAULT_TIMEOUT_MS 30000L
#define ZI_DEFAULT_MAX_RESPONSE_BYTES ((size_t)8 * 1024 * 1024)
#define ZI_DEFAULT_MAX_RETRIES 2
#define ZI_DEFAULT_RETRY_BASE_MS 200L
#define ZI_DEFAULT_RETRY_AFTER_MAX_MS 10000L
#define ZI_MAX_BACKOFF_MS 30000L /* one backoff wait never exceeds this */
#define ZI_MAX_RETRIES_LIMIT 10  /* larger max_retries are clamped */
#define ZI_IDEMPOTENCY_KEY_MAX 255 /* the contract: 1-255 visible ASCII characters */

/* Reads member m of a caller-filled extensible struct p of type T: its value when the
 * caller's struct_size covers it (a caller built against an older header passes a shorter
 * struct), else zero. */
#define ZI_MEMBER(p, T, m) \
    ((p)->struct_size >= offsetof(T, m) + sizeof(((T *)0)->m) ? (p)->m : 0)
/* The same for a member whose zero is not a plain 0 (a struct): dflt when not covered. */
#define ZI_MEMBER_OR(p, T, m, dflt) \
    ((p)->struct_size >= offsetof(T, m) + sizeof(((T *)0)->m) ? (p)->m : (dflt))
/* The cursor of list params p of type T (may be NULL): NULL when there is none, or when p is
 * NULL or not initialised (struct_size 0, which the list's query latches as an error). */
#define ZI_CURSOR(p, T) ((p) && (p)->struct_size ? ZI_MEMBER(p, T, cursor) : NULL)

/* ---- growable buffer (util.c) ---------------------------------------------------------- */

typedef struct zi_buf {
    char *data; /* NUL-terminated once anything was appended; NULL before */
    size_t len;
    size_t cap;
} zi_buf;

/* Append n bytes / a string. Return 0, or -1 when out of memory (b unchanged). */
int zi_buf_append(zi_buf *b, const char *s, size_t n);
int zi_buf_puts(zi_buf *b, const char *s);
/* Append s percent-encoded (RFC 3986 unreserved characters kept). 0 or -1 (nomem). */
int zi_buf_put_escaped(zi_buf *b, const char *s);
/* Forget the contents, keep the memory. */
void zi_buf_clear(zi_buf *b);
/* Release the memory. NULL-safe; b is reusable (empty) afterwards. */
void zi_buf_free(zi_buf *b);
/* Take the contents (new, free()) and leave b empty; NULL when nothing was appended. */
char *zi_buf_take(zi_buf *b);

/* strdup that accepts NULL (returns NULL). */
char *zi_strdup(const char *s);
/* Fill buf with n random bytes (getrandom, else /dev/urandom). 0, or -1 when neither works. */
int zi_random_bytes(void *buf, size_t n);
/* 1 when s contains a control character (CR, LF, ...), which must not reach a header. */
int zi_has_ctl(const char *s);
/* The SHA-256 of len bytes at data as 64 lowercase hex digits and a NUL in hex (sha256.c). */
void zi_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- the client (client.c) -------------------------------------------------------------- */

struct zi_client {
    unsigned magic;
    CURL *curl;
    char *base_url;    /* without the trailing slash */
    char *auth_header; /* "Authorization: Bearer <key>", or NULL */
    char *lang_header; /* "Accept-Language: <lang>", or NULL */
    char *user_agent;
    char *ca_file;
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_response_bytes;
    int max_retries;
    long retry_base_ms;
    long retry_after_max_ms;
    int insecure;

    /* The response of the current attempt (reset before each one). */
    zi_buf body;
    int body_too_large;
    int body_nomem;
    char etag[ZI_ETAG_MAX];
    int etag_too_long;
    char *resp_request_id;
    int resp_replayed; /* Idempotent-Replayed: true */
    char *resp_link;   /* the Link header (first one), or NULL */
    char *resp_disposition; /* the Content-Disposition header, or NULL */
    char errbuf[CURL_ERROR_SIZE];

    /* A call that streams its body (zi_call.sink): set for the call's duration only. A 2xx
     * answer of sink_type goes to the sink as it arrives (not buffered, no size cap);
     * anything else (a problem document) is buffered as usual. */
    zi_data_fn sink;
    void *sink_data;
    const char *sink_type;
    int sink_state;        /* ZI_SINK_*: what this attempt's body is doing */
    int sink_aborted;      /* the sink asked to stop */
    int sink_bad_type;     /* a 2xx answer that is not sink_type */
    size_t sink_delivered; /* bytes handed to the sink during the whole call */

    /* Details of the last call, exposed through zi_last_error(). */
    zi_error err;
    json_t *problem;
    zi_field_error *field_errors;
    char *err_detail;     /* owned text behind err.detail when it is not from the problem */
    char *err_request_id; /* owned text behind err.request_id */

    long connections; /* CURLINFO_NUM_CONNECTS summed */
};

/* Check the handle and clear the last-call record. ZI_OK, or ZI_E_ARGUMENT for a NULL or
 * invalid handle (nothing is recorded then: there is nowhere to record it). */
zi_status zi_enter(zi_client *c);

#define ZI_ENTER(c)                  \
    do {                             \
        zi_status enter_ = zi_enter(c); \
        if (enter_ != ZI_OK)         \
            return enter_;           \
    } while (0)

/* Record a failure that has no HTTP response behind it; detail is copied (may be NULL).
 * Returns st. */
zi_status zi_record(zi_client *c, zi_status st, const char *detail);
/* Forget the last-call record (frees what it owns) and set it to ZI_OK. */
void zi_record_clear(zi_client *c);

/* ---- calls (call.c) ------------------------------------------------------------------------ */

typedef enum zi_method { ZI_GET, ZI_POST, ZI_PATCH, ZI_DELETE, ZI_PUT } zi_method;

typedef enum zi_result_kind {
    ZI_RESULT_OBJECT, /* the body is a JSON object */
    ZI_RESULT_TEXT,   /* the body is text, returned as a JSON string */
    ZI_RESULT_FILE,   /* the body is bytes, returned as a zi_file (file_out) */
    ZI_RESULT_STREAM  /* the body went to the sink; no result */
} zi_result_kind;

/* zi_client.sink_state. */
enum { ZI_SINK_UNDECIDED = 0, ZI_SINK_PASS = 1, ZI_SINK_BUFFER = 2 };

typedef struct zi_call {
    zi_status status;  /* first error met while describing the call (latched) */
    char *what;        /* its explanation (owned) */
    zi_method method;
    zi_result_kind result_kind;
    const char *accept; /* the Accept header's media type; NULL: what result_kind implies */
    const char *want_type; /* the media type a successful answer must have (ZI_E_PROTOCOL
                              otherwise); NULL: not checked */
    zi_buf target;     /* path and query, escaped, relative to the base URL */
    int n_query;
    const json_t *body; /* borrowed from the caller; NULL: no body */
    const char *raw;    /* a body sent as it is (instead of body): borrowed from the caller,
                           or raw_buf's data; NULL: none */
    size_t raw_len;
    const char *raw_type; /* its media type (static string), e.g. "text/csv; charset=utf-8" */
    zi_buf raw_buf;     /* a body the SDK composed (owned) */
    char if_match[ZI_ETAG_MAX];
    char idempotency_key[ZI_IDEMPOTENCY_KEY_MAX + 1];
    json_t **result;   /* where the result goes; set to NULL at init */
    zi_etag *etag_out; /* may be NULL */
    json_t **next_out; /* where the cursor of the answer's Link rel="next" goes (a new JSON
                          string, or NULL when there is none); NULL: not wanted */
    zi_file **file_out; /* ZI_RESULT_FILE: where the file goes */
    zi_data_fn sink;    /* ZI_RESULT_STREAM: the caller's callback and its argument; a 2xx
                           body of want_type goes there as it arrives */
    void *sink_data;
} zi_call;

/* Start describing a call. result and etag_out are cleared now, so every failure leaves
 * them empty; a NULL result is latched as ZI_E_ARGUMENT. POST calls get a generated
 * Idempotency-Key unless zi_call_idempotency_key() gives one. */
void zi_call_init(zi_call *call, zi_method method, json_t **result, zi_etag *etag_out);
/* Latch an argument error (the first one wins). what is copied. */
void zi_call_fail(zi_call *call, zi_status st, const char *what);
/* Set the path from a template whose "{}" placeholders take the following const char *
 * arguments, percent-encoded; a NULL or empty argument is latched as ZI_E_ARGUMENT naming
 * the placeholder's position. Call once, before any query parameter. */
void zi_call_path(zi_call *call, const char *tmpl, ...);
/* Query parameters; NULL / 0 / ZI_ANY values are not sent. */
void zi_call_query_str(zi_call *call, const char *name, const char *value);
void zi_call_query_int(zi_call *call, const char *name, long long value);
void zi_call_query_tristate(zi_call *call, const char *name, zi_tristate value);
/* An optional integer: sent when value.set, whatever its value (0 included). */
void zi_call_query_opt_int(zi_call *call, const char *name, zi_opt_int value);
/* An integer sent whatever its value (0 and negative numbers included). */
void zi_call_query_long(zi_call *call, const char *name, long long value);
/* Where the cursor of the answer's Link rel="next" goes (see zi_call.next_out); *next_out
 * is cleared now. NULL: not wanted. */
void zi_call_next_cursor(zi_call *call, json_t **next_out);
/* The cursor of a Link header's rel="next" URL (its "cursor" query parameter, decoded):
 * 0 with *out = new string (free) or NULL when there is no next link; -1 when the link has
 * no cursor or memory ran out. */
int zi_link_next_cursor(const char *link, char **out);
/* The JSON body (borrowed until zi_call_run returns); NULL is latched as ZI_E_ARGUMENT
 * naming what. */
void zi_call_body(zi_call *call, const json_t *body, const char *what);
/* A body sent byte for byte: len bytes at data (borrowed until zi_call_run returns) with
 * Content-Type media_type (a static string). NULL data is latched as ZI_E_ARGUMENT naming
 * what. */
void zi_call_raw_body(zi_call *call, const char *data, size_t len, const char *media_type,
                      const char *what);
/* The JSON body {"<member>": value}, encoded into the call's own buffer (value is only read:
 * not copied, not referenced). NULL value is latched as ZI_E_ARGUMENT naming what. */
void zi_call_body_member(zi_call *call, const char *member, const json_t *value,
                         const char *what);
/* The If-Match header from an ETag or a version; NULL m sends none. */
void zi_call_if_match(zi_call *call, const zi_if_match *m);
/* The caller's Idempotency-Key (copied; 1-255 visible ASCII characters, else latched as
 * ZI_E_ARGUMENT); NULL keeps the generated one. */
void zi_call_idempotency_key(zi_call *call, const char *key);
/* Validate extensible params: NULL is fine (returns 0: use no params); struct_size 0 is
 * latched as ZI_E_ARGUMENT. Returns 1 when the params may be read. */
int zi_call_params_ok(zi_call *call, const void *params, size_t struct_size, const char *init);

/* Perform the call: transport, retries, parsing, the error record. Releases what the call
 * owns, whatever the outcome. Returns the status the operation returns. */
zi_status zi_call_run(zi_client *c, zi_call *call);
/* The whole of an operation that is only a method and a path: ZI_ENTER, zi_call_init,
 * zi_call_path(tmpl, arg) and zi_call_run. arg fills the one placeholder of tmpl (unused
 * when it has none). */
zi_status zi_call_simple(zi_client *c, zi_method method, const char *tmpl, const char *arg,
                         json_t **result, zi_etag *etag_out);

/* How a list operation (listUnits, listDeclarations, ...) describes its GET but for the
 * cursor: zi_call_path with arg (for the template's placeholder; unused when it has none),
 * then the query from params, the operation's own list params type (NULL: none). */
typedef void (*zi_list_query)(zi_call *call, const char *arg, const void *params);
/* The whole of a list operation: ZI_ENTER, a GET described by query(arg, params), then
 * cursor=<cursor> (NULL: none; see ZI_CURSOR) and zi_call_run. */
zi_status zi_call_list(zi_client *c, zi_list_query query, const char *arg, const void *params,
                       const char *cursor, json_t **page_out);
/* The whole of its *_pager_new: ZI_ENTER and the same GET handed to zi_pager_from_call, the
 * first page at cursor. */
zi_status zi_call_list_pager(zi_client *c, zi_list_query query, const char *arg,
                             const void *params, const char *cursor, zi_pager **out);
/* The whole of a create operation: ZI_ENTER, a POST to tmpl (arg as in zi_call_simple) with
 * the JSON body (zi_call_body naming what) and the caller's idempotency_key, zi_call_run. */
zi_status zi_call_create(zi_client *c, const char *tmpl, const char *arg, const json_t *body,
                         const char *what, const char *idempotency_key, json_t **result,
                         zi_etag *etag_out);
/* The whole of an update: ZI_ENTER, a PATCH of tmpl with id, If-Match from if_match and the
 * JSON body patch (named "patch"), zi_call_run. */
zi_status zi_call_update(zi_client *c, const char *tmpl, const char *id,
                         const zi_if_match *if_match, const json_t *patch, json_t **result,
                         zi_etag *etag_out);
/* The whole of a create-or-replace (PUT): ZI_ENTER, a PUT of tmpl with arg, the JSON body
 * (zi_call_body naming what) and If-Match from if_match, where NULL or one with neither an
 * etag nor a version (version 0) sends none (the record does not exist yet), zi_call_run. */
zi_status zi_call_put(zi_client *c, const char *tmpl, const char *arg, const zi_if_match *if_match,
                      const json_t *body, const char *what, json_t **result, zi_etag *etag_out);
/* The whole of an action on a record (archive, deactivate): ZI_ENTER, a POST to tmpl with id,
 * no body, If-Match from if_match and the caller's idempotency_key, zi_call_run. */
zi_status zi_call_action(zi_client *c, const char *tmpl, const char *id,
                         const zi_if_match *if_match, const char *idempotency_key,
                         json_t **result, zi_etag *etag_out);
/* Release what the call owns without performing it. */
void zi_call_dispose(zi_call *call);

/* ---- pagers (pager.c) ---------------------------------------------------------------------- */

/* A pager that repeats the GET described by call (consumed: disposed whatever happens),
 * adding cursor=<next_cursor> for each page; start_cursor (copied, may be NULL) is the
 * first page's cursor. The call's latched error, if any, is returned and recorded. */
zi_status zi_pager_from_call(zi_client *c, zi_call *call, const char *start_cursor,
                             zi_pager **out);
/* The same for a feed paged by sequence number (listEvents): each page adds
 * after=<last_seq of the previous page> (the first: after=start_after, when > 0); an empty
 * page means "caught up for now", not the end. */
zi_status zi_pager_feed_from_call(zi_client *c, zi_call *call, long long start_after,
                                  zi_pager **out);

#endif
