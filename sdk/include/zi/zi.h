/*
 * zi.h — libzi, the C client of the Zona Integritas API (zi-server).
 *
 *     #include <zi/zi.h>          cc prog.c $(pkg-config --cflags --libs zi)
 *
 * Shape
 *   An opaque zi_client made from a base URL, an API key and options; one function per API
 *   operation; every function returns a zi_status and fills out-parameters only on ZI_OK.
 *   Details of a failure (HTTP status, problem document, field errors, request id) are read
 *   with zi_last_error(). See sdk/README.md for a tour.
 *
 * Ownership (the words used in every comment below)
 *   new       the caller owns the object: json_t * results are released with json_decref(),
 *             zi_client with zi_client_free(), zi_pager with zi_pager_free().
 *   borrowed  the library owns it; the comment says until when it stays valid.
 *   copied    the library copies the argument; the caller may free it after the call.
 *   Arguments are never stolen: JSON bodies passed in are only read (not even incref'd).
 *   Every result is a Jansson json_t * (an object, except zi_metrics, zi_docs and the CSV
 *   functions zi_reports_list_csv, zi_reports_export_csv and zi_reports_packet_csv: a
 *   string), but for two: zi_reports_evidence_get gives a zi_file (zi_file_free), and
 *   zi_reports_export_csv_stream hands the body to the caller's callback as it arrives.
 *
 * Thread rules
 *   A zi_client, and every zi_pager made from it, is used by one thread at a time: calls on
 *   one client must not overlap. Different clients are independent and may be used from
 *   different threads at the same time (one client per thread is the intended pattern).
 *   zi_global_init() / zi_global_cleanup() are thread-safe; zi_strerror() and zi_version()
 *   are thread-safe and return static strings.
 *
 * Transport (libcurl)
 *   One persistent connection per client, reused across calls (keep-alive). Connect and
 *   total timeouts; TLS certificate and host verification on by default; a cap on the
 *   response size. Retries with exponential backoff and jitter: GET and DELETE (revoking is
 *   idempotent) always; POST too, because every POST carries an Idempotency-Key (the
 *   caller's or one the SDK generates, the same on every attempt), so the server replays
 *   its first answer instead of acting twice; PATCH and PUT only when the request never
 *   reached the server (connect failure).
 *   Retried: connect failures, timeouts, broken connections, 429, 502, 503 and 504 (waiting
 *   Retry-After when the server sends it; a Retry-After above zi_options.retry_after_max_ms is
 *   not waited for: the call fails with ZI_E_RATE_LIMITED / ZI_E_UNAVAILABLE and
 *   zi_error.retry_after_s says how long the server asked for). Never retried: 4xx answers
 *   other than 429, TLS failures, ZI_E_TOO_LARGE. Each attempt has its own timeout_ms, so a
 *   call may take up to (max_retries + 1) * timeout_ms plus the waits.
 *
 * ABI
 *   Only the functions marked ZI_EXPORT are exported (sdk/exports.txt lists them). Structs
 *   that the caller fills in (zi_options, zi_*_params) begin with struct_size, set by their
 *   ZI_*_INIT initialiser, so later versions can append members; zero in any member means
 *   "default / not given". Enum values are fixed numbers and never reused.
 */
#ifndef ZI_H
#define ZI_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "zi_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ZI_BUILDING_LIBRARY) && defined(__GNUC__)
#define ZI_EXPORT __attribute__((visibility("default")))
#else
#define ZI_EXPORT
#endif

/* ---- status ------------------------------------------------------------------------- */

/* The result of every call. Values are stable across versions; new ones are appended. */
typedef enum zi_status {
    ZI_OK = 0,
    /* Nothing was sent. */
    ZI_E_ARGUMENT = 1,  /* invalid handle, missing or invalid argument, bad base URL */
    ZI_E_NOMEM = 2,     /* out of memory */
    /* No usable HTTP answer. */
    ZI_E_CONNECT = 10,   /* could not connect: refused, unreachable, name not resolved */
    ZI_E_TIMEOUT = 11,   /* connect timeout or total timeout (zi_options) */
    ZI_E_TLS = 12,       /* TLS handshake or certificate verification failed */
    ZI_E_TRANSPORT = 13, /* other transport failure: connection reset, empty reply, ... */
    ZI_E_TOO_LARGE = 14, /* the response exceeds zi_options.max_response_bytes */
    ZI_E_PROTOCOL = 15,  /* the answer is not what the contract says (e.g. not JSON) */
    ZI_E_ABORTED = 16,   /* the caller's callback stopped the transfer (since 0.4.0) */
    /* The server answered with an error (a problem document; see zi_last_error). */
    ZI_E_BAD_REQUEST = 20,           /* 400 invalid-request, malformed-json */
    ZI_E_UNAUTHORIZED = 21,          /* 401 no key, unknown or revoked key */
    ZI_E_FORBIDDEN = 22,             /* 403 the key's role may not do this */
    ZI_E_NOT_FOUND = 23,             /* 404 */
    ZI_E_CONFLICT = 24,              /* 409 conflicts with the current state */
    ZI_E_PRECONDITION_FAILED = 25,   /* 412 If-Match is stale: read again */
    ZI_E_UNPROCESSABLE = 26,         /* 422 a rule is violated */
    ZI_E_PRECONDITION_REQUIRED = 27, /* 428 If-Match missing */
    ZI_E_RATE_LIMITED = 28,          /* 429 */
    ZI_E_UNAVAILABLE = 29,           /* 503 the database is unavailable */
    ZI_E_SERVER = 30,                /* another 5xx */
    ZI_E_HTTP = 31,                  /* another non-2xx status (413, 415, 405, ...) */
    /* A received webhook delivery failed zi_webhook_verify (since 0.5.0). No request. */
    ZI_E_WEBHOOK_MALFORMED = 40, /* Zi-Timestamp or Zi-Signature missing or malformed */
    ZI_E_WEBHOOK_SIGNATURE = 41, /* the signature does not match: wrong secret or altered */
    ZI_E_WEBHOOK_STALE = 42,     /* authentic, but older than the tolerance: a replay? */
    ZI_E_WEBHOOK_FUTURE = 43     /* authentic, but dated later than now + the tolerance */
} zi_status;

/* A short English description of status (borrowed: a static string, never NULL; an
 * unknown value gives "unknown status"). Thread-safe. */
ZI_EXPORT const char *zi_strerror(zi_status status);

/* ---- version ------------------------------------------------------------------------ */

/* The library's version as "MAJOR.MINOR.PATCH" (borrowed: static). Compare with
 * ZI_VERSION_STRING to detect a header / library mismatch. Thread-safe. */
ZI_EXPORT const char *zi_version(void);
/* The library's ZI_VERSION_NUM (0xMMmmpp). Thread-safe. */
ZI_EXPORT unsigned long zi_version_num(void);

/* ---- process-wide setup --------------------------------------------------------------- */

/* Initialises libcurl for the process (reference counted, thread-safe). Optional: the first
 * zi_client_new() does it when nobody did. Call it before starting threads if the process
 * also uses libcurl elsewhere. Returns ZI_OK or ZI_E_NOMEM. */
ZI_EXPORT zi_status zi_global_init(void);
/* Drops one zi_global_init() reference (and the implicit one zi_client_new() took); the last
 * releases libcurl's global state. Call after every client is freed. Thread-safe. */
ZI_EXPORT void zi_global_cleanup(void);

/* ---- the client ----------------------------------------------------------------------- */

typedef struct zi_client zi_client;

/* max_retries value meaning "never retry". */
#define ZI_RETRIES_NONE (-1)

/* Client options. Declare with ZI_OPTIONS_INIT; zero in a member means its default. */
typedef struct zi_options {
    size_t struct_size;          /* sizeof(zi_options), set by ZI_OPTIONS_INIT */
    long connect_timeout_ms;     /* default 5000 */
    long timeout_ms;             /* whole exchange of one attempt; default 30000 */
    size_t max_response_bytes;   /* body size cap; default 8 MiB; beyond: ZI_E_TOO_LARGE */
    int max_retries;             /* retries after the first attempt; default 2;
                                    ZI_RETRIES_NONE for none */
    long retry_base_ms;          /* backoff before retry n: base * 2^(n-1), jittered; default 200 */
    long retry_after_max_ms;     /* longest Retry-After honoured; default 10000 */
    int insecure_skip_tls_verify; /* nonzero disables certificate and host checks (testing only) */
    const char *ca_file;         /* PEM bundle to trust instead of the system's; copied */
    const char *user_agent;      /* default "libzi/<version>"; copied */
    const char *accept_language; /* "en" or "id" for problem texts; default: none (server: id);
                                    copied */
} zi_options;

#define ZI_OPTIONS_INIT { .struct_size = sizeof(zi_options) }

/*
 * Creates a client for the API at base_url ("http://host:port" or "https://…", optionally
 * with a path prefix; a trailing slash is ignored). api_key is sent as
 * "Authorization: Bearer <api_key>"; NULL or "" sends no key (public reads only).
 * opts NULL means all defaults. Nothing is sent over the network here.
 * Returns ZI_OK and *out = a new client (free with zi_client_free), or ZI_E_ARGUMENT (NULL
 * out, bad URL or scheme, opts->struct_size 0) / ZI_E_NOMEM with *out = NULL.
 * base_url, api_key and the strings in opts are copied.
 */
ZI_EXPORT zi_status zi_client_new(const char *base_url, const char *api_key,
                                  const zi_options *opts, zi_client **out);

/* Closes the client's connection and frees it. NULL-safe. Every pager made from the client
 * must be freed first; pointers borrowed from the client become invalid. */
ZI_EXPORT void zi_client_free(zi_client *client);

/* ---- errors --------------------------------------------------------------------------- */

/* One invalid field or parameter of a problem document. */
typedef struct zi_field_error {
    const char *field;   /* JSON pointer into the body ("/name"), or the parameter name */
    const char *in;      /* "body", "query", "path" or "header" */
    const char *code;    /* stable code: "required", "too_long", "not_found", ... */
    const char *message; /* human-readable, in the negotiated language */
} zi_field_error;

/* Details of the last call made on a client. Strings are never NULL ("" when absent). */
typedef struct zi_error {
    zi_status status;     /* what the last call returned */
    long http_status;     /* status of the last HTTP response; 0 when none was received */
    const char *type;     /* problem type, e.g. "urn:zi:problem:precondition-failed" */
    const char *title;    /* problem title */
    const char *detail;   /* problem detail; for other failures what went wrong (e.g.
                             libcurl's message, or which argument was invalid) */
    const char *request_id; /* X-Request-Id of the last response (also after ZI_OK) */
    const zi_field_error *field_errors; /* n_field_errors entries; NULL when none */
    size_t n_field_errors;
    const json_t *problem;  /* the whole problem document, or NULL */
    long retry_after_s;     /* Retry-After of the last response in seconds; -1 when absent */
    int attempts;           /* HTTP attempts of the last call (1 + retries); 0: none sent */
    int replayed;           /* 1 when the server replayed the first answer to an earlier
                               identical POST with the same Idempotency-Key (nothing was done
                               again; Idempotent-Replayed: true) */
} zi_error;

/*
 * Details of the last call on client (borrowed: valid until the next call on the client,
 * zi_pager_next() on one of its pagers included, or zi_client_free). Never NULL: for a NULL
 * or invalid handle it returns a static record with status ZI_E_ARGUMENT.
 */
ZI_EXPORT const zi_error *zi_last_error(const zi_client *client);

/*
 * Number of TCP connections the client has opened since it was created (libcurl's
 * CURLINFO_NUM_CONNECTS summed over every attempt). With keep-alive working, any number of
 * sequential calls to a live server open one. Returns -1 for a NULL or invalid handle.
 */
ZI_EXPORT long zi_client_connections(const zi_client *client);

/* ---- common call parameters --------------------------------------------------------- */

/* Longest ETag kept, terminating NUL included. A longer ETag fails a call that asked for it
 * (etag_out not NULL) with ZI_E_PROTOCOL. */
#define ZI_ETAG_MAX 256

/* An ETag as received, e.g. "\"3\"" (quotes included). Caller-allocated; empty string when
 * the response had none. Frozen shape. */
typedef struct zi_etag {
    char value[ZI_ETAG_MAX];
} zi_etag;

/* The If-Match precondition of a write: the ETag the caller read (etag, sent verbatim) or,
 * when etag is NULL, the version the caller read (version >= 1, sent as "\"<version>\"").
 * Frozen shape. */
typedef struct zi_if_match {
    const char *etag;
    int64_t version;
} zi_if_match;

/* A boolean filter that may be left out. */
typedef enum zi_tristate { ZI_ANY = 0, ZI_TRUE = 1, ZI_FALSE = 2 } zi_tristate;

/* An integer filter that may be left out, for filters where 0 is a meaningful value
 * (value_max 0, due_within 0): sent only when set is nonzero. Zero-initialised: not sent.
 * ZI_INT(n) makes a set one (C; in C++ write zi_opt_int{1, n}):  params.due_within = ZI_INT(0);
 * Frozen shape (since 0.4.0). */
typedef struct zi_opt_int {
    int set;
    int64_t value;
} zi_opt_int;

#define ZI_INT(n) ((zi_opt_int){1, (int64_t)(n)})

/* Paging of a list without filters. Declare with ZI_PAGE_PARAMS_INIT. */
typedef struct zi_page_params {
    size_t struct_size; /* sizeof(zi_page_params), set by ZI_PAGE_PARAMS_INIT */
    int limit;          /* 1..200; 0: the server's default (50) */
    const char *cursor; /* next_cursor of the previous page; NULL: the first page */
} zi_page_params;

#define ZI_PAGE_PARAMS_INIT { .struct_size = sizeof(zi_page_params) }

/*
 * A callback that receives a response body as it arrives (zi_reports_export_csv_stream):
 * len bytes at data (borrowed: valid during the call only; len >= 1), in order, the chunks
 * together being the body byte for byte. userdata is the caller's, passed through. Return 0
 * to go on, anything else to stop the transfer: the call then fails with ZI_E_ABORTED. It
 * runs on the calling thread, inside the call; it must not call libzi on the same client.
 */
typedef int (*zi_data_fn)(const char *data, size_t len, void *userdata);

/*
 * A downloaded file (zi_reports_evidence_get). Only the library allocates it (later versions
 * may append members): release it with zi_file_free. Every member is valid until then.
 */
typedef struct zi_file {
    unsigned char *data; /* size bytes, then a NUL that size does not count; never NULL */
    size_t size;
    char *media_type;    /* the Content-Type as sent, e.g. "image/png"; never NULL */
    char *filename;      /* the file name of Content-Disposition (quotes removed), as the
                            server sent it; NULL when it sent none. Not a safe path: check it
                            before using it as one */
    char sha256[65];     /* the SHA-256 the ETag carries, 64 lowercase hex digits; the
                            library checked data against it (a mismatch fails the call with
                            ZI_E_PROTOCOL). "" when the ETag is not a SHA-256 (not checked) */
    zi_etag etag;        /* the ETag as received */
} zi_file;

/* Frees file and everything it holds. NULL-safe. */
ZI_EXPORT void zi_file_free(zi_file *file);

/* ---- units --------------------------------------------------------------------------- */

/* Filters and paging of zi_units_list. Declare with ZI_UNIT_LIST_PARAMS_INIT; NULL / 0 /
 * ZI_ANY members are not sent. Strings are only read during the call. */
typedef struct zi_unit_list_params {
    size_t struct_size;    /* sizeof(zi_unit_list_params), set by ZI_UNIT_LIST_PARAMS_INIT */
    int limit;             /* 1..200; 0: the server's default (50) */
    const char *cursor;    /* next_cursor of the previous page (same sort and filters) */
    const char *sort;      /* name (default), -name, code, -code, created_at, -created_at */
    const char *kind;      /* sd, smp, puskesmas, rsud, dinas, kecamatan, kelurahan, mpp, other */
    const char *predicate; /* none, wbk, wbbm */
    const char *parent_id; /* only the direct children of this unit */
    const char *q;         /* case-insensitive substring of name or code */
    zi_tristate active;    /* ZI_TRUE: not archived; ZI_FALSE: archived only */
} zi_unit_list_params;

#define ZI_UNIT_LIST_PARAMS_INIT { .struct_size = sizeof(zi_unit_list_params) }

/* listUnits — GET /v1/units. One page: *page_out = new {"data": [Unit...], "next_cursor":
 * string|null}. params NULL: first page, no filters. To walk every page use
 * zi_units_pager_new. Public (no key needed). */
ZI_EXPORT zi_status zi_units_list(zi_client *client, const zi_unit_list_params *params,
                                  json_t **page_out);

/* createUnit — POST /v1/units. unit is the UnitCreate object (code, name, kind required;
 * read, not stolen). idempotency_key: sent as Idempotency-Key (copied); NULL: the SDK
 * generates a random one, the same for every retry of this call. *unit_out = new Unit;
 * etag_out (may be NULL) receives its ETag. Needs an admin key. */
ZI_EXPORT zi_status zi_units_create(zi_client *client, const json_t *unit,
                                    const char *idempotency_key, json_t **unit_out,
                                    zi_etag *etag_out);

/* getUnit — GET /v1/units/{id}. *unit_out = new Unit; etag_out (may be NULL) receives the
 * ETag to pass to zi_units_update / zi_units_archive. Public. */
ZI_EXPORT zi_status zi_units_get(zi_client *client, const char *id, json_t **unit_out,
                                 zi_etag *etag_out);

/* getUnitByCode — GET /v1/units/by-code/{code}; the code is compared ignoring case.
 * Results as zi_units_get. Public. */
ZI_EXPORT zi_status zi_units_get_by_code(zi_client *client, const char *code,
                                         json_t **unit_out, zi_etag *etag_out);

/* updateUnit — PATCH /v1/units/{id} with If-Match. patch is the UnitPatch object (the fields
 * to change; null clears a nullable field; read, not stolen). if_match NULL sends no
 * If-Match (the server answers 428). A stale one gives ZI_E_PRECONDITION_FAILED and changes
 * nothing. *unit_out = new Unit as changed; etag_out (may be NULL) its new ETag. Admin. */
ZI_EXPORT zi_status zi_units_update(zi_client *client, const char *id,
                                    const zi_if_match *if_match, const json_t *patch,
                                    json_t **unit_out, zi_etag *etag_out);

/* archiveUnit — POST /v1/units/{id}/archive with If-Match (as zi_units_update) and an
 * Idempotency-Key (as zi_units_create). *unit_out = new Unit, now archived; etag_out (may
 * be NULL) its new ETag. Admin. */
ZI_EXPORT zi_status zi_units_archive(zi_client *client, const char *id,
                                     const zi_if_match *if_match, const char *idempotency_key,
                                     json_t **unit_out, zi_etag *etag_out);

/* listUnitPredicateHistory — GET /v1/units/{id}/predicate-history. One page, newest first:
 * *page_out = new {"data": [PredicateRecord...], "next_cursor": string|null}. params NULL:
 * first page. Public. */
ZI_EXPORT zi_status zi_units_predicate_history(zi_client *client, const char *id,
                                               const zi_page_params *params,
                                               json_t **page_out);

/* revokeUnitPredicate — POST /v1/units/{id}/revocations. revocation is the body: reason
 * (1-2000 characters) and revoked_on (a date, not in the future) required, decree_number
 * optional (read, not stolen). The unit's active predicate row becomes "revoked" and its
 * predicate none; for two years after revoked_on no new proposal for the unit is accepted
 * (revoked_recently). idempotency_key as zi_units_create. *record_out = new PredicateRecord
 * (the revoked row, HTTP 201). A unit without an active predicate: ZI_E_CONFLICT; an unknown
 * unit: ZI_E_NOT_FOUND. Admin. */
ZI_EXPORT zi_status zi_units_revoke(zi_client *client, const char *id, const json_t *revocation,
                                    const char *idempotency_key, json_t **record_out);

/* ---- API keys (admin only) ------------------------------------------------------------ */

/* Filters and paging of zi_keys_list. Declare with ZI_KEY_LIST_PARAMS_INIT. */
typedef struct zi_key_list_params {
    size_t struct_size;  /* sizeof(zi_key_list_params), set by ZI_KEY_LIST_PARAMS_INIT */
    int limit;           /* 1..200; 0: the server's default (50) */
    const char *cursor;  /* next_cursor of the previous page */
    const char *role;    /* admin, upg, evaluator, unit_officer, employee */
    const char *unit_id; /* only keys bound to this unit */
    zi_tristate active;  /* ZI_TRUE: not revoked; ZI_FALSE: revoked only */
} zi_key_list_params;

#define ZI_KEY_LIST_PARAMS_INIT { .struct_size = sizeof(zi_key_list_params) }

/* createApiKey — POST /v1/api-keys. key is the ApiKeyCreate object (role and name; unit_id
 * for unit_officer and employee; nip for employee; read, not stolen). idempotency_key as
 * zi_units_create. *key_out = new ApiKeyCreated: the key with its secret in "key", shown
 * only in this answer (and its replays). etag_out may be NULL. Admin. */
ZI_EXPORT zi_status zi_keys_create(zi_client *client, const json_t *key,
                                   const char *idempotency_key, json_t **key_out,
                                   zi_etag *etag_out);

/* listApiKeys — GET /v1/api-keys, oldest first. *page_out = new {"data": [ApiKey...],
 * "next_cursor": ...}; never holds secrets. params NULL: first page, no filters. Admin. */
ZI_EXPORT zi_status zi_keys_list(zi_client *client, const zi_key_list_params *params,
                                 json_t **page_out);

/* getApiKey — GET /v1/api-keys/{id}. *key_out = new ApiKey (no secret). Admin. */
ZI_EXPORT zi_status zi_keys_get(zi_client *client, const char *id, json_t **key_out,
                                zi_etag *etag_out);

/* revokeApiKey — DELETE /v1/api-keys/{id}. From the next request on the key is refused
 * (401). Idempotent: revoking a revoked key answers the same. *key_out = new ApiKey with
 * active false. Admin. */
ZI_EXPORT zi_status zi_keys_revoke(zi_client *client, const char *id, json_t **key_out,
                                   zi_etag *etag_out);

/* ---- audit -------------------------------------------------------------------------------- */

/* Filters and paging of zi_audit_list. Declare with ZI_AUDIT_LIST_PARAMS_INIT. */
typedef struct zi_audit_list_params {
    size_t struct_size;       /* sizeof(zi_audit_list_params), set by ZI_AUDIT_LIST_PARAMS_INIT */
    int limit;                /* 1..200; 0: the server's default (50) */
    const char *cursor;       /* next_cursor of the previous page */
    const char *resource_type; /* unit, unit_predicate, api_key, ... */
    const char *resource_id;  /* only records about this resource */
    const char *actor_key_id; /* only records written with this API key */
    const char *action;       /* e.g. "unit.archived" */
} zi_audit_list_params;

#define ZI_AUDIT_LIST_PARAMS_INIT { .struct_size = sizeof(zi_audit_list_params) }

/* listAudit — GET /v1/audit, in chain order. *page_out = new {"data": [AuditRecord...],
 * "next_cursor": ...}. params NULL: first page, no filters. Admin. */
ZI_EXPORT zi_status zi_audit_list(zi_client *client, const zi_audit_list_params *params,
                                  json_t **page_out);

/* verifyAudit — GET /v1/audit/verify: the server recomputes the whole chain.
 * *verdict_out = new {"ok", "checked", "first_broken_seq", "head_seq", "head_hash"}; a
 * broken chain is ZI_OK with "ok": false (the call worked; the verdict is the answer). Admin. */
ZI_EXPORT zi_status zi_audit_verify(zi_client *client, json_t **verdict_out);

/* getAuditHead — GET /v1/audit/head. *head_out = new {"seq", "hash", "at"}: the value to
 * publish. Public. */
ZI_EXPORT zi_status zi_audit_head(zi_client *client, json_t **head_out);

/* ---- events (the change feed) ----------------------------------------------------------- */

/* Position and paging of zi_events_list. Declare with ZI_EVENT_LIST_PARAMS_INIT. */
typedef struct zi_event_list_params {
    size_t struct_size; /* sizeof(zi_event_list_params), set by ZI_EVENT_LIST_PARAMS_INIT */
    int64_t after;      /* only events with seq > after; 0: from the start of the feed */
    int limit;          /* 1..1000; 0: the server's default (50) */
    int wait_s;         /* 0..25: with nothing after `after` yet, wait up to this long for an
                           event (long poll); keep zi_options.timeout_ms above it */
} zi_event_list_params;

#define ZI_EVENT_LIST_PARAMS_INIT { .struct_size = sizeof(zi_event_list_params) }

/* listEvents — GET /v1/events. *page_out = new {"data": [Event...], "last_seq": n}: pass
 * last_seq as params->after next time (the feed has no end). Any API key (no key: 401). */
ZI_EXPORT zi_status zi_events_list(zi_client *client, const zi_event_list_params *params,
                                   json_t **page_out);

/* ---- integrity commitments: declarations (pencanangan ZI) ------------------------------ */

/* Filters and paging of zi_declarations_list. Declare with ZI_DECLARATION_LIST_PARAMS_INIT;
 * NULL / 0 members are not sent. Strings are only read during the call. */
typedef struct zi_declaration_list_params {
    size_t struct_size;  /* sizeof(zi_declaration_list_params), set by the initialiser */
    int limit;           /* 1..200; 0: the server's default (50) */
    const char *cursor;  /* next_cursor of the previous page (same sort and filters) */
    const char *sort;    /* -declared_on (default), declared_on */
    int year;            /* 2000..2100; 0: every year */
    const char *unit_id; /* only this unit's declarations */
    const char *scope;   /* city, unit */
} zi_declaration_list_params;

#define ZI_DECLARATION_LIST_PARAMS_INIT { .struct_size = sizeof(zi_declaration_list_params) }

/* listDeclarations — GET /v1/declarations. One page: *page_out = new {"data":
 * [Declaration...], "next_cursor": string|null}. params NULL: first page, no filters.
 * To walk every page use zi_declarations_pager_new. Public. */
ZI_EXPORT zi_status zi_declarations_list(zi_client *client,
                                         const zi_declaration_list_params *params,
                                         json_t **page_out);

/* createDeclaration — POST /v1/declarations. declaration is the body (year, declared_on,
 * place, signer_name, signer_position required; unit_id null/absent = city-wide; read, not
 * stolen). idempotency_key as zi_units_create. *declaration_out = new Declaration; etag_out
 * (may be NULL) its ETag. A second declaration for the same unit (or the city) and year is
 * ZI_E_CONFLICT (HTTP 409, field /year code duplicate). Admin, or a unit_officer for its own
 * unit (another unit or city-wide: ZI_E_FORBIDDEN). */
ZI_EXPORT zi_status zi_declarations_create(zi_client *client, const json_t *declaration,
                                           const char *idempotency_key,
                                           json_t **declaration_out, zi_etag *etag_out);

/* getDeclaration — GET /v1/declarations/{id}. *declaration_out = new Declaration; etag_out
 * (may be NULL) the ETag to pass to zi_declarations_update. Public. */
ZI_EXPORT zi_status zi_declarations_get(zi_client *client, const char *id,
                                        json_t **declaration_out, zi_etag *etag_out);

/* updateDeclaration — PATCH /v1/declarations/{id} with If-Match (as zi_units_update).
 * patch holds the fields to change (unit_id and year are create-only: ZI_E_BAD_REQUEST
 * read_only; read, not stolen). *declaration_out = new Declaration as changed; etag_out (may
 * be NULL) its new ETag. Admin, or a unit_officer of the declaration's unit. */
ZI_EXPORT zi_status zi_declarations_update(zi_client *client, const char *id,
                                           const zi_if_match *if_match, const json_t *patch,
                                           json_t **declaration_out, zi_etag *etag_out);

/* ---- integrity commitments: pact signatures ---------------------------------------------- */

/* Filters and paging of zi_pacts_list. Declare with ZI_PACT_LIST_PARAMS_INIT. */
typedef struct zi_pact_list_params {
    size_t struct_size;        /* sizeof(zi_pact_list_params), set by ZI_PACT_LIST_PARAMS_INIT */
    int limit;                 /* 1..200; 0: the server's default (50) */
    const char *cursor;        /* next_cursor of the previous page */
    int year;                  /* 2000..2100; 0: every year */
    zi_tristate civil_servant; /* ZI_TRUE: only signers with a NIP; ZI_FALSE: only without */
} zi_pact_list_params;

#define ZI_PACT_LIST_PARAMS_INIT { .struct_size = sizeof(zi_pact_list_params) }

/* signPact — POST /v1/units/{unit_id}/pact-signatures. signature is the body (year, name,
 * position, signed_on, trigger required; nip null/absent for staff who are not civil
 * servants; read, not stolen). idempotency_key as zi_units_create. *signature_out = new
 * PactSignature; etag_out (may be NULL) its ETag. The same NIP (or, without one, name and
 * position) twice for a unit and year is ZI_E_CONFLICT. Admin, or a unit_officer of that
 * unit. */
ZI_EXPORT zi_status zi_pacts_sign(zi_client *client, const char *unit_id,
                                  const json_t *signature, const char *idempotency_key,
                                  json_t **signature_out, zi_etag *etag_out);

/*
 * importPactSignatures — POST /v1/units/{unit_id}/pact-signatures/bulk with a CSV body
 * (Content-Type: text/csv; charset=utf-8): csv_len bytes at csv (UTF-8, RFC 4180, a header
 * record naming the columns; only read during the call, sent as it is). All or nothing: on
 * ZI_OK *result_out = new {"unit_id", "created", "ids": [...] (in row order)}.
 * Any bad row fails the whole upload with ZI_E_UNPROCESSABLE (HTTP 422) and nothing is
 * written; zi_last_error() then has the first 16 field errors in field_errors (field
 * "/rows/<line>/<field>") and, in its problem document, the extension members "rows" —
 * every bad row, [{"line": n, "errors": [{"field", "code", "message"}...]}...], line being
 * the CSV physical line of the record (the header is line 1) — "rows_total" and
 * "rows_invalid":
 *
 *     const json_t *rows = json_object_get(zi_last_error(client)->problem, "rows");
 *
 * (borrowed like the rest of zi_last_error). More than 5000 rows: ZI_E_UNPROCESSABLE (field
 * /rows, code too_many); a body over 2 MiB: ZI_E_HTTP (413); a bad header: ZI_E_BAD_REQUEST
 * (field /header). idempotency_key as zi_units_create. Admin, or a unit_officer of that unit.
 */
ZI_EXPORT zi_status zi_pacts_import_csv(zi_client *client, const char *unit_id,
                                        const char *csv, size_t csv_len,
                                        const char *idempotency_key, json_t **result_out);

/* importPactSignatures with a JSON body: rows is an array of signature objects (the body
 * fields of zi_pacts_sign; 1..5000), sent as {"signatures": rows} (read, not stolen nor
 * referenced). Results and failures as zi_pacts_import_csv; in "rows" of a 422, line is the
 * row's index + 1. */
ZI_EXPORT zi_status zi_pacts_import_json(zi_client *client, const char *unit_id,
                                         const json_t *rows, const char *idempotency_key,
                                         json_t **result_out);

/* listPactSignatures — GET /v1/units/{unit_id}/pact-signatures, oldest first. One page:
 * *page_out = new {"data": [PactSignature...], "next_cursor": ...}. params NULL: first page,
 * no filters. The personal members (nip, name, position, witness_name, witness_position) are
 * present only for admin, upg, a unit_officer of the unit and the signer (an employee key
 * with the same NIP); for every other caller they are absent from each item. Any API key. */
ZI_EXPORT zi_status zi_pacts_list(zi_client *client, const char *unit_id,
                                  const zi_pact_list_params *params, json_t **page_out);

/* getPactSignature — GET /v1/units/{unit_id}/pact-signatures/{signature_id}.
 * *signature_out = new PactSignature (personal members as zi_pacts_list); etag_out may be
 * NULL. ZI_E_NOT_FOUND when absent or of another unit. Any API key. */
ZI_EXPORT zi_status zi_pacts_get(zi_client *client, const char *unit_id,
                                 const char *signature_id, json_t **signature_out,
                                 zi_etag *etag_out);

/* getPactCoverage — GET /v1/units/{unit_id}/pact-coverage?year=. year 0: the current year
 * (UTC, decided by the server). *coverage_out = new {"unit_id", "year", "signed",
 * "civil_servants", "non_civil_servants", "staff_count", "staff_count_known", "unsigned",
 * "ratio"} (staff_count, unsigned and ratio null when the unit's staff count is unknown).
 * Public. */
ZI_EXPORT zi_status zi_pacts_coverage(zi_client *client, const char *unit_id, int year,
                                      json_t **coverage_out);

/* getCityPactCoverage — GET /v1/pact-coverage?year= (active units; year 0 as above).
 * *coverage_out = new {"year", "units", "units_with_signatures", "units_with_staff_count",
 * "signed", "signed_in_units_with_staff_count", "staff_count", "ratio"}. Public. */
ZI_EXPORT zi_status zi_pacts_city_coverage(zi_client *client, int year, json_t **coverage_out);

/* ---- integrity commitments: service pledges (e.g. the city's 7S) ------------------------ */

/* Filters and paging of zi_pledges_list_city and zi_pledges_list_unit. Declare with
 * ZI_PLEDGE_LIST_PARAMS_INIT. */
typedef struct zi_pledge_list_params {
    size_t struct_size; /* sizeof(zi_pledge_list_params), set by ZI_PLEDGE_LIST_PARAMS_INIT */
    int limit;          /* 1..200; 0: the server's default (50) */
    const char *cursor; /* next_cursor of the previous page */
    zi_tristate active; /* ZI_TRUE: only the active pledge; ZI_FALSE: only inactive ones */
} zi_pledge_list_params;

#define ZI_PLEDGE_LIST_PARAMS_INIT { .struct_size = sizeof(zi_pledge_list_params) }

/* listCityPledges — GET /v1/service-pledges: city-wide pledges, newest adopted first.
 * *page_out = new {"data": [ServicePledge...], "next_cursor": ...}. params NULL: first
 * page, no filters. Public. */
ZI_EXPORT zi_status zi_pledges_list_city(zi_client *client, const zi_pledge_list_params *params,
                                         json_t **page_out);

/* createCityPledge — POST /v1/service-pledges. pledge is the body (name, principles,
 * adopted_on required; read, not stolen). The new pledge becomes the city's active one (the
 * previous one turns inactive). idempotency_key as zi_units_create. *pledge_out = new
 * ServicePledge; etag_out may be NULL. Admin. */
ZI_EXPORT zi_status zi_pledges_create_city(zi_client *client, const json_t *pledge,
                                           const char *idempotency_key, json_t **pledge_out,
                                           zi_etag *etag_out);

/* getServicePledge — GET /v1/service-pledges/{id}: any pledge, city-wide or a unit's.
 * *pledge_out = new ServicePledge; etag_out (may be NULL) the ETag for
 * zi_pledges_deactivate. Public. */
ZI_EXPORT zi_status zi_pledges_get(zi_client *client, const char *id, json_t **pledge_out,
                                   zi_etag *etag_out);

/* deactivateServicePledge — POST /v1/service-pledges/{id}/deactivate with If-Match (as
 * zi_units_update) and an Idempotency-Key (as zi_units_create); no body. An inactive pledge
 * stays as it is (ZI_OK). *pledge_out = new ServicePledge; etag_out may be NULL. Admin, or a
 * unit_officer of the pledge's unit (a city-wide pledge: ZI_E_FORBIDDEN). */
ZI_EXPORT zi_status zi_pledges_deactivate(zi_client *client, const char *id,
                                          const zi_if_match *if_match,
                                          const char *idempotency_key, json_t **pledge_out,
                                          zi_etag *etag_out);

/* listUnitPledges — GET /v1/units/{unit_id}/service-pledges, newest first. As
 * zi_pledges_list_city. Public. */
ZI_EXPORT zi_status zi_pledges_list_unit(zi_client *client, const char *unit_id,
                                         const zi_pledge_list_params *params, json_t **page_out);

/* createUnitPledge — POST /v1/units/{unit_id}/service-pledges. pledge as for
 * zi_pledges_create_city; with based_on_id (a city-wide pledge) principles may be left out
 * and are copied from it. The new pledge becomes the unit's active one. Admin, or a
 * unit_officer of that unit. */
ZI_EXPORT zi_status zi_pledges_create_unit(zi_client *client, const char *unit_id,
                                           const json_t *pledge, const char *idempotency_key,
                                           json_t **pledge_out, zi_etag *etag_out);

/* ---- WBK/WBBM programme: programme years and LKE thresholds ------------------------------ */

/* listProgrammeYears — GET /v1/programme-years, newest year first. One page: *page_out = new
 * {"data": [ProgrammeYear...], "next_cursor": string|null}; a ProgrammeYear holds the year's
 * city conditions (bpk_opinion, sakip_grade, rb_index_grade) and submission window
 * (submission_opens, submission_closes). params NULL: first page. Public. */
ZI_EXPORT zi_status zi_programme_years_list(zi_client *client, const zi_page_params *params,
                                            json_t **page_out);

/* getProgrammeYear — GET /v1/programme-years/{year}. *year_out = new ProgrammeYear; etag_out
 * (may be NULL) the ETag to pass to zi_programme_years_put. A year not recorded:
 * ZI_E_NOT_FOUND; a year outside 2000..2100: ZI_E_BAD_REQUEST (field "year", in path). Public. */
ZI_EXPORT zi_status zi_programme_years_get(zi_client *client, int year, json_t **year_out,
                                           zi_etag *etag_out);

/* putProgrammeYear — PUT /v1/programme-years/{year}. body holds the members to record
 * (bpk_opinion WTP|WDP|TW|TMP, sakip_grade and rb_index_grade AA|A|BB|B|CC|C|D,
 * submission_opens, submission_closes, source, note; all optional and nullable; read, not
 * stolen). A year not recorded yet is created (HTTP 201; absent members are null): pass
 * if_match NULL, or one with etag NULL and version 0. A recorded year gets the given members
 * replaced (HTTP 200) and needs if_match as zi_units_update (none: ZI_E_PRECONDITION_REQUIRED;
 * stale: ZI_E_PRECONDITION_FAILED). A window closing before it opens: ZI_E_UNPROCESSABLE
 * (field /submission_closes, code before_opens). Not retried after the request may have
 * reached the server (a replayed create would be refused as a change). *year_out = new
 * ProgrammeYear; etag_out (may be NULL) its ETag. Admin. */
ZI_EXPORT zi_status zi_programme_years_put(zi_client *client, int year,
                                           const zi_if_match *if_match, const json_t *body,
                                           json_t **year_out, zi_etag *etag_out);

/* Filters and paging of zi_thresholds_list. Declare with ZI_THRESHOLD_LIST_PARAMS_INIT. */
typedef struct zi_threshold_list_params {
    size_t struct_size;    /* sizeof(zi_threshold_list_params), set by the initialiser */
    int limit;             /* 1..200; 0: the server's default (50) */
    const char *cursor;    /* next_cursor of the previous page */
    const char *predicate; /* wbk, wbbm; NULL: both */
} zi_threshold_list_params;

#define ZI_THRESHOLD_LIST_PARAMS_INIT { .struct_size = sizeof(zi_threshold_list_params) }

/* listLkeThresholds — GET /v1/lke-thresholds, by predicate, newest effective_from first.
 * *page_out = new {"data": [LkeThreshold...], "next_cursor": ...}. params NULL: first page,
 * both predicates. Public. */
ZI_EXPORT zi_status zi_thresholds_list(zi_client *client,
                                       const zi_threshold_list_params *params,
                                       json_t **page_out);

/* createLkeThreshold — POST /v1/lke-thresholds. threshold is the body: predicate,
 * effective_from, source and every minimum (total_min, enablers_min, area_min_pct, ipak_min,
 * ipak_survey_min, performance_min, ipkp_min, ipkp_survey_min, ipak_performance_min; numbers
 * with at most 2 decimals) required, confirmed optional (default false); read, not stolen.
 * A second row for the same predicate and effective_from: ZI_E_CONFLICT (field
 * /effective_from, code duplicate). A proposal is scored against the row of its target with
 * the latest effective_from on or before 31 December of its year. idempotency_key as
 * zi_units_create. *threshold_out = new LkeThreshold; etag_out may be NULL. Admin. */
ZI_EXPORT zi_status zi_thresholds_create(zi_client *client, const json_t *threshold,
                                         const char *idempotency_key, json_t **threshold_out,
                                         zi_etag *etag_out);

/* getLkeThreshold — GET /v1/lke-thresholds/{id}. *threshold_out = new LkeThreshold; etag_out
 * (may be NULL) the ETag to pass to zi_thresholds_update. Public. */
ZI_EXPORT zi_status zi_thresholds_get(zi_client *client, const char *id, json_t **threshold_out,
                                      zi_etag *etag_out);

/* updateLkeThreshold — PATCH /v1/lke-thresholds/{id} with If-Match (as zi_units_update).
 * patch holds the members to change (predicate and effective_from are create-only:
 * ZI_E_BAD_REQUEST read_only; read, not stolen). Only while the row is not confirmed: a
 * confirmed row is ZI_E_CONFLICT. *threshold_out = new LkeThreshold as changed; etag_out (may
 * be NULL) its new ETag. Admin. */
ZI_EXPORT zi_status zi_thresholds_update(zi_client *client, const char *id,
                                         const zi_if_match *if_match, const json_t *patch,
                                         json_t **threshold_out, zi_etag *etag_out);

/* ---- WBK/WBBM programme: proposals and score sheets ---------------------------------------- */

/* Filters and paging of zi_proposals_list. Declare with ZI_PROPOSAL_LIST_PARAMS_INIT; NULL / 0
 * members are not sent. Strings are only read during the call. */
typedef struct zi_proposal_list_params {
    size_t struct_size;  /* sizeof(zi_proposal_list_params), set by the initialiser */
    int limit;           /* 1..200; 0: the server's default (50) */
    const char *cursor;  /* next_cursor of the previous page (same filters) */
    int year;            /* 2000..2100; 0: every year */
    const char *unit_id; /* only this unit's proposals */
    const char *state;   /* draft, tpi_review, tpi_rejected, submitted, selection_passed,
                            selection_passed_with_notes, revision, selection_failed, appeal,
                            desk_evaluation, field_evaluation, awarded, not_awarded */
    const char *target;  /* wbk, wbbm */
} zi_proposal_list_params;

#define ZI_PROPOSAL_LIST_PARAMS_INIT { .struct_size = sizeof(zi_proposal_list_params) }

/* listProposals — GET /v1/proposals, oldest first. One page: *page_out = new {"data":
 * [Proposal...], "next_cursor": ...}; the items carry "allowed_next" and "score" but no
 * "evidence" (see zi_proposals_get). params NULL: first page, no filters. Any API key. */
ZI_EXPORT zi_status zi_proposals_list(zi_client *client, const zi_proposal_list_params *params,
                                      json_t **page_out);

/* createProposal — POST /v1/proposals. proposal is the body (unit_id, year, target wbk|wbbm
 * required; note optional; read, not stolen). The proposal starts in "draft". Every
 * eligibility rule but the submission window is checked at today's date: a refusal is
 * ZI_E_UNPROCESSABLE with one field error per failing rule (code designation_missing,
 * designation_too_recent, wbk_required, already_holds, revoked_recently,
 * open_proposal_exists on /unit_id; city_conditions on /year, the problem's detail naming the
 * condition); an unknown unit is /unit_id not_found, an archived one /unit_id archived.
 * idempotency_key as zi_units_create. *proposal_out = new Proposal (with "evidence");
 * etag_out (may be NULL) its ETag. Admin, or a unit_officer for its own unit (another unit:
 * ZI_E_FORBIDDEN). */
ZI_EXPORT zi_status zi_proposals_create(zi_client *client, const json_t *proposal,
                                        const char *idempotency_key, json_t **proposal_out,
                                        zi_etag *etag_out);

/* getProposal — GET /v1/proposals/{id}. *proposal_out = new Proposal with "allowed_next"
 * (the states reachable from its own, whoever owns the step), "score" (null, or the sheet's
 * version, total and all_met) and "evidence" (the unit's declaration of the year, its pact
 * coverage of the year, its active service pledge); etag_out (may be NULL) the ETag to pass
 * to zi_proposals_transition. Any API key. */
ZI_EXPORT zi_status zi_proposals_get(zi_client *client, const char *id, json_t **proposal_out,
                                     zi_etag *etag_out);

/*
 * transitionProposal — POST /v1/proposals/{id}/transitions: one step of the workflow, with
 * If-Match (as zi_units_update; the proposal's ETag or version) and an Idempotency-Key (as
 * zi_units_create). step is the body (read, not stolen): {"to": state} required; "note",
 * "occurred_on" (a date, default today UTC, not in the future) and, for "awarded",
 * "decree_number" and "decree_date" (both required then: ZI_E_BAD_REQUEST). Refusals:
 *   ZI_E_CONFLICT        "to" is not reachable from the current state; the problem document
 *                        has the extension members "state" and "allowed_next":
 *                            json_object_get(zi_last_error(client)->problem, "allowed_next")
 *   ZI_E_FORBIDDEN       reachable, but the step belongs to another role
 *   ZI_E_UNPROCESSABLE   "submitted": a rule fails at occurred_on (the window included:
 *                        /occurred_on outside_window) or the score sheet is missing or fails
 *                        a threshold (/score_sheet thresholds_not_met, plus one field error
 *                        /score_sheet/checks/<rule> per failed check)
 *   ZI_E_PRECONDITION_FAILED  stale If-Match (of two concurrent steps one wins)
 * "awarded" also sets the unit's predicate (a new active predicate history row; the previous
 * one superseded). *proposal_out = new Proposal as moved (with "evidence"); etag_out (may be
 * NULL) its new ETag. Admin, evaluator, or a unit_officer of the proposal's unit, each for
 * the steps its role owns (draft→tpi_review: admin, unit_officer; tpi_review→tpi_rejected |
 * submitted: evaluator; the national team's steps: admin).
 */
ZI_EXPORT zi_status zi_proposals_transition(zi_client *client, const char *id,
                                            const zi_if_match *if_match, const json_t *step,
                                            const char *idempotency_key, json_t **proposal_out,
                                            zi_etag *etag_out);

/* listProposalTransitions — GET /v1/proposals/{id}/transitions, oldest first. *page_out = new
 * {"data": [{"id", "from", "to", "actor_key_id", "occurred_on", "note", "at"}...],
 * "next_cursor": ...}. params NULL: first page. An unknown proposal: ZI_E_NOT_FOUND. Any API
 * key. */
ZI_EXPORT zi_status zi_proposals_transitions(zi_client *client, const char *id,
                                             const zi_page_params *params, json_t **page_out);

/*
 * putScoreSheet — PUT /v1/proposals/{id}/score-sheet: saves the TPI's LKE worksheet as a new
 * version. sheet is the body (read, not stolen), every member required but "note":
 *     {"enablers": {"change_management": {"fulfilment": 3.2, "reform": 3.2},
 *                   "business_process": {...}, "hr_management": {...},
 *                   "performance_accountability": {...}, "supervision": {...},
 *                   "public_service": {...}},
 *      "ipak_survey": 3.7, "ipkp_survey": 3.4, "performance": 4.2, "note": null}
 * (each half in points from 0 to half the area's weight, surveys 1.00-4.00, performance 0-5,
 * at most 2 decimals; else ZI_E_BAD_REQUEST). The first sheet is created (HTTP 201): pass
 * if_match NULL, or one with etag NULL and version 0. Later ones need if_match with the
 * sheet's ETag or version (none: ZI_E_PRECONDITION_REQUIRED; stale:
 * ZI_E_PRECONDITION_FAILED). A sheet that misses a threshold is saved all the same with
 * "all_met": false. A proposal not in tpi_review: ZI_E_CONFLICT. Not retried after the
 * request may have reached the server. *sheet_out = new ScoreSheet (the inputs, "computed",
 * "thresholds", "checks", "all_met", "version"); etag_out (may be NULL) its ETag. Evaluator.
 */
ZI_EXPORT zi_status zi_proposals_score_put(zi_client *client, const char *id,
                                           const zi_if_match *if_match, const json_t *sheet,
                                           json_t **sheet_out, zi_etag *etag_out);

/* getScoreSheet — GET /v1/proposals/{id}/score-sheet: the newest version. *sheet_out = new
 * ScoreSheet; etag_out (may be NULL) the ETag to pass to zi_proposals_score_put. No sheet (or
 * no such proposal): ZI_E_NOT_FOUND. Any API key. */
ZI_EXPORT zi_status zi_proposals_score_get(zi_client *client, const char *id,
                                           json_t **sheet_out, zi_etag *etag_out);

/* listScoreSheetVersions — GET /v1/proposals/{id}/score-sheet/history, newest first: every
 * version as it was saved. *page_out = new {"data": [ScoreSheet...], "next_cursor": ...};
 * none yet: an empty page. params NULL: first page. An unknown proposal: ZI_E_NOT_FOUND. Any
 * API key. */
ZI_EXPORT zi_status zi_proposals_score_history(zi_client *client, const char *id,
                                               const zi_page_params *params, json_t **page_out);

/* ---- WBK/WBBM programme: summary and the public directory --------------------------------- */

/* getSummary — GET /v1/summary?year=. year 0: the current year (UTC, decided by the server).
 * *summary_out = new {"year", "units": {"total", "by_kind", "by_predicate"}, "holders",
 * "declarations", "pact_coverage", "proposals": {"by_state", "proposed", "open"},
 * "projected_holders", "gratification"} (active units only; "gratification" as
 * zi_units_gratification_summary for the whole city, where for callers other than admin and
 * upg counts of 1-2 are null, with the smallest other count of a group when it hid one, and
 * "suppressed_below": 3 is added); etag_out (may be NULL) its ETag (a digest of the body). Any
 * API key. */
ZI_EXPORT zi_status zi_summary(zi_client *client, int year, json_t **summary_out,
                               zi_etag *etag_out);

/* getPublicSummary — GET /v1/public/summary?year=. As zi_summary; public (no key needed). */
ZI_EXPORT zi_status zi_public_summary(zi_client *client, int year, json_t **summary_out,
                                      zi_etag *etag_out);

/*
 * getUnitGratificationSummary — GET /v1/units/{id}/gratification-summary?year=: the year's
 * gratification reports of unit id (by received date, drafts not counted) — the document
 * that zi_summary and zi_public_summary carry as "gratification": {"year", "total",
 * "by_state": {state: n...}, "by_type": {"refusal", "receipt"}, "value_by_kind": {kind:
 * {"count", "total_idr"}...}, "overdue", "high_value"}. Never suppressed (in the summaries,
 * callers other than admin and upg get counts of 1-2 as null and "suppressed_below": 3).
 * year 0: the current year (UTC). *summary_out = new. An unknown unit: ZI_E_NOT_FOUND.
 * Admin, upg, a unit_officer of that unit (another unit: ZI_E_FORBIDDEN).
 */
ZI_EXPORT zi_status zi_units_gratification_summary(zi_client *client, const char *id, int year,
                                                   json_t **summary_out);

/* listPublicUnits — GET /v1/public/units: the public directory of active units by name, as
 * JSON. *page_out = new {"data": [{"id", "code", "name", "kind", "predicate",
 * "predicate_year", "decree_number", "decree_date", "declared_on", "pledge"}...],
 * "next_cursor": ...}; no personal data. params NULL: first page. Public. */
ZI_EXPORT zi_status zi_public_units(zi_client *client, const zi_page_params *params,
                                    json_t **page_out);

/* ---- gratification: the working-day calendar --------------------------------------------- */

/* listCalendarYears — GET /v1/calendar, ascending year. One page: *page_out = new {"data":
 * [CalendarYear...], "next_cursor": string|null}; a CalendarYear is {"year", "complete",
 * "source", "note", "days": [{"date", "kind" (holiday | cuti_bersama), "name"}...] (sorted by
 * date), "working_days" (Monday to Friday of the year minus its days), "created_at",
 * "updated_at", "version"}. params NULL: first page. Public. */
ZI_EXPORT zi_status zi_calendar_list(zi_client *client, const zi_page_params *params,
                                     json_t **page_out);

/* getCalendarYear — GET /v1/calendar/{year}. *year_out = new CalendarYear; etag_out (may be
 * NULL) the ETag to pass to zi_calendar_put. A year without a calendar: ZI_E_NOT_FOUND; a year
 * outside 2000..2100: ZI_E_BAD_REQUEST (field "year", in path, code out_of_range). Public. */
ZI_EXPORT zi_status zi_calendar_get(zi_client *client, int year, json_t **year_out,
                                    zi_etag *etag_out);

/*
 * putCalendarYear — PUT /v1/calendar/{year}: records the year's holidays and cuti bersama.
 * body is the whole year (read, not stolen): "complete" (boolean), "source" (1-500
 * characters) and "days" (0-60 objects of exactly "date", "kind" holiday | cuti_bersama and
 * "name" 1-200 characters) required, "note" optional (nullable). The list replaces the year's
 * days. Refusals: a malformed member ZI_E_BAD_REQUEST (pointers such as /days/3/date); a date
 * outside the year (/days/N/date year_mismatch) or twice (/days/N/date duplicate)
 * ZI_E_UNPROCESSABLE. A year without a calendar is created (HTTP 201): pass if_match NULL, or
 * one with etag NULL and version 0. A recorded year is replaced (HTTP 200) and needs if_match
 * as zi_units_update (none: ZI_E_PRECONDITION_REQUIRED; stale: ZI_E_PRECONDITION_FAILED).
 * Saving recomputes the due dates of open gratification reports. Not retried after the
 * request may have reached the server. *year_out = new CalendarYear; etag_out (may be NULL)
 * its ETag. Admin.
 */
ZI_EXPORT zi_status zi_calendar_put(zi_client *client, int year, const zi_if_match *if_match,
                                    const json_t *body, json_t **year_out, zi_etag *etag_out);

/*
 * addWorkingDays — GET /v1/working-days?from=&add=: the add-th working day after from (a
 * date, YYYY-MM-DD; copied into the query). Day 1 is the first working day after from;
 * working days are Monday to Friday minus the calendar's days. *answer_out = new {"from",
 * "add", "date", "calendar_complete", "counting"}: calendar_complete is false when a year
 * crossed has no calendar or an incomplete one (weekends are still skipped). add is sent as
 * given (the server takes 1..400: otherwise ZI_E_BAD_REQUEST, field "add"); a malformed from
 * is ZI_E_BAD_REQUEST (field "from", invalid_format). from NULL: ZI_E_ARGUMENT (nothing sent).
 * Public.
 */
ZI_EXPORT zi_status zi_working_days_add(zi_client *client, const char *from, int add,
                                        json_t **answer_out);

/* ---- gratification: KPK rule sets -------------------------------------------------------- */

/* listGratificationRuleSets — GET /v1/gratification-rule-sets, ascending effective_from.
 * *page_out = new {"data": [GratificationRuleSet...], "next_cursor": ...}; a rule set has
 * "id", "code" (e.g. "kpk-2026"), "name", "regulation", "effective_from", "confirmed",
 * "source", the deadlines in working days ("legal_days", "staff_days", "upg_days",
 * "lapse_days", "kpk_decision_days", "handover_days"), "high_value_idr" and "exceptions"
 * [{"code", "description", "relationships", "occasions", "non_cash_only",
 * "max_per_gift_idr", "max_per_giver_year_idr"}...] in the order they are tried. The one
 * applying to a date is the one with the latest effective_from on or before it. params
 * NULL: first page. Public. */
ZI_EXPORT zi_status zi_rule_sets_list(zi_client *client, const zi_page_params *params,
                                      json_t **page_out);

/* getGratificationRuleSet — GET /v1/gratification-rule-sets/{id}. *rule_set_out = new
 * GratificationRuleSet; etag_out may be NULL. Unknown id: ZI_E_NOT_FOUND. Public. */
ZI_EXPORT zi_status zi_rule_sets_get(zi_client *client, const char *id, json_t **rule_set_out,
                                     zi_etag *etag_out);

/* ---- gratification: reports ------------------------------------------------------------- */

/* Filters and paging of zi_reports_list and zi_reports_list_csv, and the filters of
 * zi_reports_export_csv(_stream). Declare with ZI_REPORT_LIST_PARAMS_INIT; NULL / ZI_ANY /
 * unset members are not sent. Strings are only read during the call (a pager copies what it
 * needs). */
typedef struct zi_report_list_params {
    size_t struct_size;        /* sizeof(zi_report_list_params), set by the initialiser */
    int limit;                 /* 1..200; 0: the server's default (50) */
    const char *cursor;        /* next_cursor of the previous page (same sort and filters) */
    const char *state;         /* draft, submitted, verifying, incomplete, lapsed, forwarded,
                                  recorded, decided, handed_over, social_aid,
                                  returned_to_giver */
    const char *type;          /* refusal, receipt */
    const char *kind;          /* money, goods, service, facility, discount, loan, ticket,
                                  lodging, food, other */
    const char *unit_id;       /* only this unit's reports */
    zi_tristate overdue;       /* ZI_TRUE: next_due before today; ZI_FALSE: not overdue
                                  (next_due today or later, or no running deadline) */
    zi_opt_int due_within;     /* 0..260: next_due at most this many working days after today
                                  (the overdue ones included); ZI_INT(0): due today or overdue */
    zi_opt_int value_min;      /* value_idr at least this (0..1000000000000) */
    zi_opt_int value_max;      /* value_idr at most this (0..1000000000000) */
    const char *received_from; /* received_on on or after this date (YYYY-MM-DD) */
    const char *received_to;   /* received_on on or before this date (YYYY-MM-DD) */
    const char *sort;          /* created_at (default, oldest first) or next_due (soonest
                                  first; reports without a running deadline last) */
} zi_report_list_params;

#define ZI_REPORT_LIST_PARAMS_INIT { .struct_size = sizeof(zi_report_list_params) }

/*
 * assessGratification — POST /v1/gratification-reports/assess: advice on a gift, before
 * anything is filed; nothing is written. facts is the body (read, not stolen): "kind",
 * "value_idr" (0..1000000000000), "giver_relationship", "occasion", "job_related"
 * (boolean) and "date" (YYYY-MM-DD, future allowed) required, "given_this_year_idr" (what the
 * same giver already gave this year, default 0) optional. *advice_out = new {"advice":
 * "must_refuse" | "may_be_exempt" | "must_report", "reasons": [{"code", "message"}...],
 * "exception" (the exception of the rule set that applies, or null), "rule_set": {"id",
 * "code", "name", "effective_from"}, "high_value", "report_due_on" (date + the rule set's
 * legal_days working days), "calendar_complete", "advisory_only": true}. A date before every
 * rule set: ZI_E_UNPROCESSABLE (/date no_rule_set). Public.
 */
ZI_EXPORT zi_status zi_reports_assess(zi_client *client, const json_t *facts,
                                      json_t **advice_out);

/*
 * createGratificationReport — POST /v1/gratification-reports: files a refusal or receipt
 * report, which starts in "draft". report is the body (read, not stolen): unit_id, type,
 * reporter_nik, reporter_name, reporter_address, reporter_phone, reporter_position,
 * giver_name, giver_relationship, kind, description, value_idr, received_on, place, occasion,
 * chronology and job_related required; reporter_nip, giver_address, perishable,
 * deposit_receipt_number and found_by_audit optional. An employee files for themselves:
 * reporter_nip left out becomes the key's NIP; another NIP (or null) is ZI_E_FORBIDDEN
 * (/reporter_nip not_allowed), as are another unit and found_by_audit (/found_by_audit
 * not_allowed). Malformed members are ZI_E_BAD_REQUEST, checked in two rounds: types,
 * lengths, enums, required and unknown members first; then the formats of reporter_nik (16
 * digits), reporter_nip (a NIP) and reporter_phone (invalid_format). Rules: received_on in
 * the future (/received_on in_future) or before every rule set (/received_on no_rule_set),
 * an unknown or archived unit (/unit_id not_found, archived): ZI_E_UNPROCESSABLE.
 * idempotency_key as zi_units_create. *report_out = new GratificationReport (see
 * zi_reports_get); etag_out (may be NULL) its ETag. Admin, upg (for anyone), employee.
 */
ZI_EXPORT zi_status zi_reports_create(zi_client *client, const json_t *report,
                                      const char *idempotency_key, json_t **report_out,
                                      zi_etag *etag_out);

/* listGratificationReports — GET /v1/gratification-reports (params: filters and sort; NULL:
 * first page, no filters). One page: *page_out = new {"data": [GratificationReport...],
 * "next_cursor": ...}. An employee sees only their own reports (by NIP). A page with reports
 * is recorded as seen by the key (way "list", see zi_reports_accesses). Admin, upg,
 * employee. */
ZI_EXPORT zi_status zi_reports_list(zi_client *client, const zi_report_list_params *params,
                                    json_t **page_out);

/*
 * listGratificationReports with Accept: text/csv — the same page as zi_reports_list, as CSV
 * (RFC 4180, UTF-8, CRLF line ends, a header row naming the columns, then one record per
 * report; the members the key may not see are not columns). *csv_out = new JSON string
 * holding the CSV text exactly as received (json_string_value() reads it,
 * json_string_length() gives its length in bytes). next_cursor_out (may be NULL) = new JSON
 * string: the cursor of the next page (from the response's Link rel="next"; pass it as
 * params->cursor), or NULL on the last page. Every page starts with the header row. A page
 * with reports is recorded as seen by the key (way "csv"). An answer that is not text/csv:
 * ZI_E_PROTOCOL. Admin, upg, employee (their own reports). For the whole queue in one go use
 * zi_reports_export_csv.
 */
ZI_EXPORT zi_status zi_reports_list_csv(zi_client *client, const zi_report_list_params *params,
                                        json_t **csv_out, json_t **next_cursor_out);

/*
 * exportGratificationReports — GET /v1/gratification-reports/export: every report matching
 * the filters of params (NULL: every report the key may see) as one CSV document, oldest
 * first (created_at, id): the header row, then the same columns and cells as
 * zi_reports_list_csv. params->limit, ->cursor and ->sort must be left unset (the export has
 * no pages and one order): ZI_E_ARGUMENT otherwise, nothing sent. *csv_out = new JSON string
 * holding the whole body (json_string_value, json_string_length). The server streams it
 * (chunked) and records the reports as seen by the key (way "csv") 200 at a time, before
 * sending them; if it cannot, it cuts the connection, and the call fails with
 * ZI_E_TRANSPORT (retried as any GET: each attempt starts over). The body counts against
 * zi_options.max_response_bytes (ZI_E_TOO_LARGE beyond) and the transfer against timeout_ms:
 * for a large queue use zi_reports_export_csv_stream. An employee gets their own reports of
 * their own unit (another unit_id: the header row alone). An answer that is not text/csv:
 * ZI_E_PROTOCOL. Admin, upg, employee.
 */
ZI_EXPORT zi_status zi_reports_export_csv(zi_client *client,
                                          const zi_report_list_params *params, json_t **csv_out);

/*
 * exportGratificationReports as zi_reports_export_csv, but the body goes to on_data (with
 * userdata) chunk by chunk as it arrives instead of into memory: no size cap applies
 * (timeout_ms still bounds the transfer of one attempt). on_data sees only the body of a
 * successful text/csv answer; an error answer is read as a problem document as usual
 * (zi_last_error), and then on_data was never called. A transfer is retried (as any GET)
 * only while nothing has been handed to on_data; once it has, a broken or cut transfer
 * fails the call with ZI_E_TRANSPORT and the caller holds an incomplete document (detail
 * says how many bytes were delivered) — discard it. on_data returning non-zero stops the
 * transfer: ZI_E_ABORTED. A 2xx answer that is not text/csv: ZI_E_PROTOCOL before any byte
 * reaches on_data. ZI_OK means on_data has received the whole document.
 */
ZI_EXPORT zi_status zi_reports_export_csv_stream(zi_client *client,
                                                 const zi_report_list_params *params,
                                                 zi_data_fn on_data, void *userdata);

/*
 * getGratificationReport — GET /v1/gratification-reports/{id}. *report_out = new
 * GratificationReport: the facts of the body, "state", "allowed_next" (the states reachable
 * for this report's type, perishable and outcome, whoever owns the step), "high_value",
 * "reported_on", "late", "rule_set" {"id", "code"}, the workflow dates and KPK members
 * ("returned_on", "gol_reference", "forwarded_on", "kpk_letter_number", "kpk_letter_date",
 * "outcome", "closed_on"), "deadlines" (the running ones, computed now: [{"kind",
 * "start_on", "working_days", "due_on", "working_days_left", "overdue",
 * "calendar_complete", "rule_set", "counting"}...]), "next_due", "sample", "version". The six
 * reporter_* members are confidential: present for admin, upg and the reporter only. The
 * read is recorded as seen by the key (way "read"). etag_out (may be NULL) the ETag to pass
 * to zi_reports_update / zi_reports_transition. ZI_E_NOT_FOUND also for an employee who is
 * not the reporter. Admin, upg, employee (the reporter).
 */
ZI_EXPORT zi_status zi_reports_get(zi_client *client, const char *id, json_t **report_out,
                                   zi_etag *etag_out);

/* updateGratificationReport — PATCH /v1/gratification-reports/{id} with If-Match (as
 * zi_units_update). patch holds the members to change (unit_id and type are create-only:
 * ZI_E_BAD_REQUEST read_only; read, not stolen). Only in draft or incomplete: otherwise
 * ZI_E_CONFLICT. *report_out = new GratificationReport as changed; etag_out (may be NULL) its
 * new ETag. Admin, upg, employee (the reporter). */
ZI_EXPORT zi_status zi_reports_update(zi_client *client, const char *id,
                                      const zi_if_match *if_match, const json_t *patch,
                                      json_t **report_out, zi_etag *etag_out);

/*
 * transitionGratificationReport — POST /v1/gratification-reports/{id}/transitions: one step
 * of the workflow, with If-Match (the report's ETag or version) and an Idempotency-Key (as
 * zi_units_create). step is the body (read, not stolen): {"to": state} required; "note",
 * "occurred_on" (a date, default today UTC) and, as the step needs them, "gol_reference"
 * (forwarded), "kpk_letter_number", "kpk_letter_date" and "outcome" (decided). Refusals:
 *   ZI_E_CONFLICT        "to" is not reachable from the current state for this report (or
 *                        lapsed before its incomplete_lapse deadline is overdue); the problem
 *                        document has the extension members "state" and "allowed_next"
 *   ZI_E_FORBIDDEN       reachable, but not the caller's step
 *   ZI_E_UNPROCESSABLE   a member the step needs is missing (required) or one it does not
 *                        take is given (not_applicable); a date in the future (in_future),
 *                        occurred_on before received_on (before_received), kpk_letter_date
 *                        before forwarded_on (before_forwarded)
 *   ZI_E_PRECONDITION_FAILED  stale If-Match
 * *report_out = new GratificationReport as moved; etag_out (may be NULL) its new ETag.
 * Admin and upg for every step; the reporter (employee) for draft→submitted and
 * incomplete→verifying.
 */
ZI_EXPORT zi_status zi_reports_transition(zi_client *client, const char *id,
                                          const zi_if_match *if_match, const json_t *step,
                                          const char *idempotency_key, json_t **report_out,
                                          zi_etag *etag_out);

/* listGratificationReportTransitions — GET /v1/gratification-reports/{id}/transitions, oldest
 * first. *page_out = new {"data": [{"id", "from", "to", "actor_key_id", "occurred_on",
 * "note", "at"}...], "next_cursor": ...}. params NULL: first page. Admin, upg, employee (the
 * reporter). */
ZI_EXPORT zi_status zi_reports_transitions(zi_client *client, const char *id,
                                           const zi_page_params *params, json_t **page_out);

/* listGratificationReportAccesses — GET /v1/gratification-reports/{id}/accesses: who saw the
 * report, oldest first. *page_out = new {"data": [{"seq", "at", "key_id", "key_name",
 * "key_role", "way" (read | list | csv | evidence | packet)}...], "next_cursor": ...}.
 * params NULL: first page. Admin, employee (the reporter); upg: ZI_E_FORBIDDEN. */
ZI_EXPORT zi_status zi_reports_accesses(zi_client *client, const char *id,
                                        const zi_page_params *params, json_t **page_out);

/* ---- gratification: evidence files and the KPK packet ------------------------------------ */

/*
 * addGratificationEvidence — POST /v1/gratification-reports/{id}/evidence: attaches a file
 * to report id. len bytes at data (only read during the call, sent as they are; data NULL:
 * ZI_E_ARGUMENT) with Content-Type media_type: "image/jpeg", "image/png", "image/webp" or
 * "application/pdf" (copied into the request; NULL, empty or with control characters:
 * ZI_E_ARGUMENT). The server decides the type from the content: content of none of those
 * types, or of another type than media_type, is ZI_E_HTTP (HTTP 415, the detail lists the
 * accepted types); an empty file ZI_E_BAD_REQUEST; more than 5 MiB ZI_E_HTTP (413).
 * filename (may be NULL: none) is the file's name, sent as the query parameter (1-200
 * characters without "/", "\" or control characters, not "." or "..": else
 * ZI_E_BAD_REQUEST, field "filename"). A closed report or one holding 20 files already:
 * ZI_E_CONFLICT. idempotency_key as zi_units_create. *evidence_out = new
 * GratificationEvidence {"id", "report_id", "filename", "media_type", "size_bytes", "sha256"
 * (64 lowercase hex), "erased": false, "uploaded_by", "created_at"} (HTTP 201). Admin, upg,
 * employee (the reporter; anyone else ZI_E_NOT_FOUND).
 */
ZI_EXPORT zi_status zi_reports_evidence_add(zi_client *client, const char *id, const void *data,
                                            size_t len, const char *media_type,
                                            const char *filename, const char *idempotency_key,
                                            json_t **evidence_out);

/* listGratificationEvidence — GET /v1/gratification-reports/{id}/evidence, oldest first.
 * *page_out = new {"data": [GratificationEvidence...], "next_cursor": ...}; a file erased
 * after the retention period is listed with "erased": true. params NULL: first page. Admin,
 * upg, employee (the reporter). */
ZI_EXPORT zi_status zi_reports_evidence_list(zi_client *client, const char *id,
                                             const zi_page_params *params, json_t **page_out);

/*
 * getGratificationEvidence — GET /v1/gratification-reports/{id}/evidence/{evidence_id}: the
 * file's bytes. *file_out = new zi_file (zi_file_free): the bytes, the media type and file
 * name the server sent (Content-Type, Content-Disposition) and the SHA-256 of its ETag, which
 * the library checks the bytes against (a mismatch: ZI_E_PROTOCOL). The body counts against
 * zi_options.max_response_bytes (files are at most 5 MiB; the default cap is 8 MiB). The
 * download is recorded as seen by the key (way "evidence"). An unknown file, or one whose
 * bytes were erased after the retention period (the detail says so): ZI_E_NOT_FOUND. Admin,
 * upg, employee (the reporter).
 */
ZI_EXPORT zi_status zi_reports_evidence_get(zi_client *client, const char *id,
                                            const char *evidence_id, zi_file **file_out);

/*
 * getGratificationPacket — GET /v1/gratification-reports/{id}/packet: what the UPG sends to
 * the KPK. *packet_out = new {"report_id", "generated_at", "rule_set" (its code), "reporter":
 * {"nik", "nip", "name", "address", "phone", "position", "unit": {"id", "code", "name"}},
 * "giver": {"name", "address", "relationship"}, "object": {"kind", "description",
 * "value_idr", "high_value", "received_on", "place", "occasion", "job_related",
 * "perishable"}, "chronology", "report": {"type", "state", "reported_on", "late",
 * "found_by_audit", "deposit_receipt_number", "gol_reference", "forwarded_on"}, "evidence":
 * [{"id", "filename", "media_type", "size_bytes", "sha256"}...]}. Recorded as seen by the key
 * (way "packet"). A report the UPG has not verified (draft, submitted, incomplete, lapsed):
 * ZI_E_CONFLICT. Admin, upg.
 */
ZI_EXPORT zi_status zi_reports_packet(zi_client *client, const char *id, json_t **packet_out);

/* getGratificationPacket with Accept: text/csv — the packet as CSV: the header row
 * "field,value", then one row per leaf with dotted names ("reporter.nik",
 * "reporter.unit.code", "evidence.1.sha256"; null: an empty cell). *csv_out = new JSON string
 * holding the text as received. An answer that is not text/csv: ZI_E_PROTOCOL. Otherwise as
 * zi_reports_packet. */
ZI_EXPORT zi_status zi_reports_packet_csv(zi_client *client, const char *id, json_t **csv_out);

/* ---- gratification: retention of personal data (UU 27/2022) --------------------------------- */

/* listRetentionPolicies — GET /v1/retention-policies. *page_out = new {"data": [{"kind"
 * (gratification_reporter_identity | gratification_evidence), "keep_days" (after the report
 * was closed), "source", "created_at", "updated_at", "version"}...], "next_cursor": ...}.
 * params NULL: first page. Admin. */
ZI_EXPORT zi_status zi_retention_policies_list(zi_client *client, const zi_page_params *params,
                                               json_t **page_out);

/* updateRetentionPolicy — PATCH /v1/retention-policies/{kind} with If-Match (as
 * zi_units_update). patch holds "keep_days" (1..36500) and/or "source" (1-500 characters;
 * read, not stolen). An unknown kind: ZI_E_NOT_FOUND. *policy_out = new policy as changed;
 * etag_out (may be NULL) its new ETag. Admin. */
ZI_EXPORT zi_status zi_retention_policy_update(zi_client *client, const char *kind,
                                               const zi_if_match *if_match, const json_t *patch,
                                               json_t **policy_out, zi_etag *etag_out);

/*
 * runRetention — POST /v1/retention/run (no body): erases what is due as of today (UTC): of
 * every report closed at least the policy's keep_days ago, the six reporter_* members become
 * null and "identity_erased_at" is set (the former reporter no longer sees the report), and
 * its evidence files lose their bytes ("erased": true; zi_reports_evidence_get then
 * ZI_E_NOT_FOUND). The audit chain still verifies. Not undoable. idempotency_key as
 * zi_units_create (a replay answers the first run's result without running again).
 * *result_out = new {"as_of", "identities_erased", "evidence_erased"}. Admin.
 */
ZI_EXPORT zi_status zi_retention_run(zi_client *client, const char *idempotency_key,
                                     json_t **result_out);

/* ---- webhooks (admin only; since 0.5.0) ---------------------------------------------------- */

/* Filters and paging of zi_webhooks_list. Declare with ZI_WEBHOOK_LIST_PARAMS_INIT; NULL / 0
 * members are not sent. */
typedef struct zi_webhook_list_params {
    size_t struct_size; /* sizeof(zi_webhook_list_params), set by ZI_WEBHOOK_LIST_PARAMS_INIT */
    int limit;          /* 1..200; 0: the server's default (50) */
    const char *cursor; /* next_cursor of the previous page (same filters) */
    const char *status; /* active, paused, failing, archived */
} zi_webhook_list_params;

#define ZI_WEBHOOK_LIST_PARAMS_INIT { .struct_size = sizeof(zi_webhook_list_params) }

/* Filters and paging of zi_webhook_deliveries_list. Declare with
 * ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT; NULL / 0 members are not sent. */
typedef struct zi_webhook_delivery_list_params {
    size_t struct_size; /* sizeof(zi_webhook_delivery_list_params), set by the initialiser */
    int limit;          /* 1..200; 0: the server's default (50) */
    const char *cursor; /* next_cursor of the previous page (same filters) */
    const char *status; /* pending, succeeded, failed */
} zi_webhook_delivery_list_params;

#define ZI_WEBHOOK_DELIVERY_LIST_PARAMS_INIT \
    { .struct_size = sizeof(zi_webhook_delivery_list_params) }

/*
 * createWebhook — POST /v1/webhooks: subscribes a URL to events of the change feed (only
 * those journalled from now on). webhook is the body (read, not stolen): "url" (https; http
 * only to a loopback host unless the server allows it) and "event_types" (1-20 of "*",
 * "<type>.*" or "<type>.<action>", e.g. "unit.*", "gratification_report.created") required;
 * "description" (1-500 characters or null) and "active" (default true) optional. A refused
 * URL is ZI_E_UNPROCESSABLE, field /url, code invalid_format, scheme_not_allowed,
 * credentials_not_allowed or blocked_address; an unknown event type /event_types/<i>
 * unknown_event_type. idempotency_key as zi_units_create. *webhook_out = new Webhook {"id",
 * "url", "description", "event_types", "active", "status" (active | paused | failing |
 * archived), "failing_since", "created_by", "created_at", "updated_at", "archived_at",
 * "version"} plus "secret" ("whsec_..."): the HMAC key of the deliveries' signatures, shown
 * in this answer only (a replay of it by Idempotency-Key has none) — store it now. etag_out
 * may be NULL. Admin.
 */
ZI_EXPORT zi_status zi_webhooks_create(zi_client *client, const json_t *webhook,
                                       const char *idempotency_key, json_t **webhook_out,
                                       zi_etag *etag_out);

/* listWebhooks — GET /v1/webhooks, oldest first. One page: *page_out = new {"data":
 * [Webhook...], "next_cursor": ...}; never holds secrets. params NULL: first page, no
 * filters. To walk every page use zi_webhooks_pager_new. Admin. */
ZI_EXPORT zi_status zi_webhooks_list(zi_client *client, const zi_webhook_list_params *params,
                                     json_t **page_out);

/* getWebhook — GET /v1/webhooks/{id}. *webhook_out = new Webhook (no secret); etag_out (may
 * be NULL) the ETag to pass to zi_webhooks_update. A deleted subscription is still shown,
 * with status "archived". Admin. */
ZI_EXPORT zi_status zi_webhooks_get(zi_client *client, const char *id, json_t **webhook_out,
                                    zi_etag *etag_out);

/* updateWebhook — PATCH /v1/webhooks/{id} with If-Match (as zi_units_update). patch holds
 * any of "url", "event_types", "description", "active" (read, not stolen). "active": false
 * pauses deliveries (events wait in the journal); true resumes them, and for a failing
 * subscription clears failing_since and retries its waiting event now. A deleted
 * subscription: ZI_E_CONFLICT. *webhook_out = new Webhook as changed; etag_out (may be NULL)
 * its new ETag. Admin. */
ZI_EXPORT zi_status zi_webhooks_update(zi_client *client, const char *id,
                                       const zi_if_match *if_match, const json_t *patch,
                                       json_t **webhook_out, zi_etag *etag_out);

/* deleteWebhook — DELETE /v1/webhooks/{id}: deliveries stop for good; the record stays,
 * with status "archived" and "archived_at". Idempotent: deleting again answers the same
 * (archived_at unchanged), so the call is retried like a GET. *webhook_out = new Webhook;
 * etag_out may be NULL. Admin. */
ZI_EXPORT zi_status zi_webhooks_delete(zi_client *client, const char *id, json_t **webhook_out,
                                       zi_etag *etag_out);

/*
 * pingWebhook — POST /v1/webhooks/{id}/ping (no body): queues a delivery of kind "ping"
 * (event_type "webhook.ping"), tried once, ahead of waiting events, also while the
 * subscription is paused or failing. idempotency_key as zi_units_create. *delivery_out = new
 * WebhookDelivery {"id", "webhook_id", "kind" (event | ping | redelivery), "event_seq" (null
 * for a ping), "event_type", "status" (pending | succeeded | failed), "attempts",
 * "response_code", "duration_ms", "error", "created_at", "last_attempt_at",
 * "next_attempt_at", "completed_at"}, still "pending" (HTTP 202): read it again with
 * zi_webhook_deliveries_get to see how it went. A deleted subscription: ZI_E_CONFLICT.
 * Admin.
 */
ZI_EXPORT zi_status zi_webhooks_ping(zi_client *client, const char *id,
                                     const char *idempotency_key, json_t **delivery_out);

/* listWebhookDeliveries — GET /v1/webhooks/{id}/deliveries, newest first. *page_out = new
 * {"data": [WebhookDelivery...], "next_cursor": ...}. params NULL: first page, no filters.
 * An unknown subscription: ZI_E_NOT_FOUND. Finished deliveries are kept for 30 days (the
 * server's ZI_WEBHOOK_KEEP_DAYS). Admin. */
ZI_EXPORT zi_status zi_webhook_deliveries_list(zi_client *client, const char *id,
                                               const zi_webhook_delivery_list_params *params,
                                               json_t **page_out);

/* getWebhookDelivery — GET /v1/webhooks/{id}/deliveries/{delivery_id}. *delivery_out = new
 * WebhookDelivery (it has no ETag). An unknown subscription, or a delivery that is not one of
 * its own: ZI_E_NOT_FOUND. Admin. */
ZI_EXPORT zi_status zi_webhook_deliveries_get(zi_client *client, const char *id,
                                              const char *delivery_id, json_t **delivery_out);

/* redeliverWebhookDelivery — POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver (no
 * body): queues the same event again as a new delivery of kind "redelivery" (of a ping: another
 * "ping"), tried once, with the same Zi-Event-Id, so a receiver that dedupes ignores it if it
 * had it. idempotency_key as zi_units_create. *delivery_out = new WebhookDelivery, "pending"
 * (HTTP 202). A deleted subscription: ZI_E_CONFLICT; an unknown delivery: ZI_E_NOT_FOUND.
 * Admin. */
ZI_EXPORT zi_status zi_webhook_deliveries_redeliver(zi_client *client, const char *id,
                                                    const char *delivery_id,
                                                    const char *idempotency_key,
                                                    json_t **delivery_out);

/* The tolerance zi_webhook_verify applies when given 0: five minutes, as the API asks of
 * receivers. */
#define ZI_WEBHOOK_TOLERANCE_DEFAULT_S 300

/*
 * For a program that receives webhook deliveries: is this one authentic and recent? Each
 * delivery is a POST whose headers carry Zi-Timestamp (Unix seconds) and Zi-Signature
 * ("v1=" and the lower-case hex HMAC-SHA256, keyed with the subscription's secret — all of
 * it, "whsec_" included — of "<Zi-Timestamp>.<body>").
 *
 * secret is the subscription's secret (from zi_webhooks_create); timestamp and signature are
 * the two headers' values as received (NULL when absent: ZI_E_WEBHOOK_MALFORMED; spaces or
 * tabs around them are ignored); body_len bytes at body are the request body exactly as
 * received, before any parsing (body may be NULL when body_len is 0). tolerance_s is how far
 * the timestamp may be from now, either way (0: ZI_WEBHOOK_TOLERANCE_DEFAULT_S); now is the
 * current time in Unix seconds (0: the system clock), for tests and for callers that have it.
 *
 * Returns, checked in this order:
 *   ZI_E_ARGUMENT           secret NULL or empty, body NULL with body_len > 0, tolerance_s or
 *                           now negative
 *   ZI_E_WEBHOOK_MALFORMED  a header is missing, the timestamp is not 1-18 digits, or the
 *                           signature is not "v1=" and 64 hex digits
 *   ZI_E_WEBHOOK_SIGNATURE  the signature does not match (compared in constant time): another
 *                           secret, or the timestamp or the body was altered — reject it
 *   ZI_E_WEBHOOK_STALE      authentic, but the timestamp is more than tolerance_s in the past:
 *                           possibly a replay — reject it (a genuine retry is signed anew)
 *   ZI_E_WEBHOOK_FUTURE     authentic, but dated more than tolerance_s ahead (a clock is off)
 *   ZI_OK                   authentic and recent: handle it (deduplicate on Zi-Event-Id)
 *   ZI_E_NOMEM              GnuTLS could not compute the HMAC
 * Needs no client, sends nothing and records nothing (zi_last_error is not involved); the
 * arguments are only read. Thread-safe.
 */
ZI_EXPORT zi_status zi_webhook_verify(const char *secret, const char *timestamp,
                                      const char *signature, const void *body, size_t body_len,
                                      long tolerance_s, int64_t now);

/* ---- system -------------------------------------------------------------------------- */

/* health — GET /healthz. *out = new {"status": "ok"}. Public. */
ZI_EXPORT zi_status zi_health(zi_client *client, json_t **out);

/* ready — GET /readyz. *out = new {"status": "ready", "database": "ok", "migrations":
 * "current"}; not ready is ZI_E_UNAVAILABLE. Public. */
ZI_EXPORT zi_status zi_ready(zi_client *client, json_t **out);

/* metrics — GET /metrics. *text_out = new JSON string holding the Prometheus text
 * exposition (json_string_value() reads it). Public. */
ZI_EXPORT zi_status zi_metrics(zi_client *client, json_t **text_out);

/* openapi — GET /v1/openapi.json. *doc_out = new object: the OpenAPI document. Public. */
ZI_EXPORT zi_status zi_openapi(zi_client *client, json_t **doc_out);

/* docs — GET /docs. *html_out = new JSON string holding the API reference page (one
 * self-contained HTML document). Public. */
ZI_EXPORT zi_status zi_docs(zi_client *client, json_t **html_out);

/* ---- pagination ------------------------------------------------------------------------ */

/* Walks every item of a list operation, page after page, following next_cursor. */
typedef struct zi_pager zi_pager;

/* A pager over zi_units_list with params (filters and sort copied; params->cursor, if set,
 * is where it starts; params->limit is the page size). NULL params: every unit. Nothing is
 * fetched until zi_pager_next. *out = new pager; it borrows client, which must outlive it
 * and follows the client's thread rule. */
ZI_EXPORT zi_status zi_units_pager_new(zi_client *client, const zi_unit_list_params *params,
                                       zi_pager **out);

/* A pager over zi_units_predicate_history of unit id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_units_predicate_history_pager_new(zi_client *client, const char *id,
                                                         const zi_page_params *params,
                                                         zi_pager **out);

/* A pager over zi_keys_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_keys_pager_new(zi_client *client, const zi_key_list_params *params,
                                      zi_pager **out);

/* A pager over zi_audit_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_audit_pager_new(zi_client *client, const zi_audit_list_params *params,
                                       zi_pager **out);

/* A pager over zi_declarations_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_declarations_pager_new(zi_client *client,
                                              const zi_declaration_list_params *params,
                                              zi_pager **out);

/* A pager over zi_pacts_list of unit unit_id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_pacts_pager_new(zi_client *client, const char *unit_id,
                                       const zi_pact_list_params *params, zi_pager **out);

/* A pager over zi_pledges_list_city. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_pledges_city_pager_new(zi_client *client,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out);

/* A pager over zi_pledges_list_unit of unit unit_id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_pledges_unit_pager_new(zi_client *client, const char *unit_id,
                                              const zi_pledge_list_params *params,
                                              zi_pager **out);

/* A pager over zi_programme_years_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_programme_years_pager_new(zi_client *client, const zi_page_params *params,
                                                 zi_pager **out);

/* A pager over zi_thresholds_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_thresholds_pager_new(zi_client *client,
                                            const zi_threshold_list_params *params,
                                            zi_pager **out);

/* A pager over zi_proposals_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_proposals_pager_new(zi_client *client,
                                           const zi_proposal_list_params *params,
                                           zi_pager **out);

/* A pager over zi_proposals_transitions of proposal id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_proposals_transitions_pager_new(zi_client *client, const char *id,
                                                       const zi_page_params *params,
                                                       zi_pager **out);

/* A pager over zi_proposals_score_history of proposal id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_proposals_score_history_pager_new(zi_client *client, const char *id,
                                                         const zi_page_params *params,
                                                         zi_pager **out);

/* A pager over zi_public_units. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_public_units_pager_new(zi_client *client, const zi_page_params *params,
                                              zi_pager **out);

/* A pager over zi_calendar_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_calendar_pager_new(zi_client *client, const zi_page_params *params,
                                          zi_pager **out);

/* A pager over zi_rule_sets_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_rule_sets_pager_new(zi_client *client, const zi_page_params *params,
                                           zi_pager **out);

/* A pager over zi_reports_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_reports_pager_new(zi_client *client, const zi_report_list_params *params,
                                         zi_pager **out);

/* A pager over zi_reports_transitions of report id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_reports_transitions_pager_new(zi_client *client, const char *id,
                                                     const zi_page_params *params,
                                                     zi_pager **out);

/* A pager over zi_reports_accesses of report id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_reports_accesses_pager_new(zi_client *client, const char *id,
                                                  const zi_page_params *params, zi_pager **out);

/* A pager over zi_reports_evidence_list of report id (copied). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_reports_evidence_pager_new(zi_client *client, const char *id,
                                                  const zi_page_params *params, zi_pager **out);

/* A pager over zi_retention_policies_list. As zi_units_pager_new. */
ZI_EXPORT zi_status zi_retention_policies_pager_new(zi_client *client,
                                                    const zi_page_params *params,
                                                    zi_pager **out);

/* A pager over zi_webhooks_list (since 0.5.0). As zi_units_pager_new. */
ZI_EXPORT zi_status zi_webhooks_pager_new(zi_client *client, const zi_webhook_list_params *params,
                                          zi_pager **out);

/* A pager over zi_webhook_deliveries_list of subscription id (copied; since 0.5.0). As
 * zi_units_pager_new. */
ZI_EXPORT zi_status zi_webhook_deliveries_pager_new(zi_client *client, const char *id,
                                                    const zi_webhook_delivery_list_params *params,
                                                    zi_pager **out);

/* A follower of the change feed from params->after (0: the start), params->limit events
 * per request, each request waiting up to params->wait_s for new events. The feed has no
 * end: zi_pager_next answers ZI_OK with *item_out = NULL when it has caught up (after a
 * request that found nothing new, which took up to wait_s), and the next call asks again.
 * Store the "seq" of the last event handled to resume later. */
ZI_EXPORT zi_status zi_events_pager_new(zi_client *client, const zi_event_list_params *params,
                                        zi_pager **out);

/*
 * The next item: ZI_OK and *item_out = new reference to the next item (json_decref it), or
 * ZI_OK and *item_out = NULL when every page has been read (for the change feed: when it
 * has caught up for now; see zi_events_pager_new). On an error *item_out = NULL,
 * zi_last_error() of the pager's client has the details, and calling again retries the
 * same page.
 *
 *     for (;;) {
 *         json_t *unit = NULL;
 *         zi_status st = zi_pager_next(pager, &unit);
 *         if (st != ZI_OK || unit == NULL) break;
 *         ... json_decref(unit);
 *     }
 */
ZI_EXPORT zi_status zi_pager_next(zi_pager *pager, json_t **item_out);

/* Pages fetched so far by pager; 0 for NULL. */
ZI_EXPORT size_t zi_pager_pages(const zi_pager *pager);

/* Frees the pager (and any items not yet returned). NULL-safe. */
ZI_EXPORT void zi_pager_free(zi_pager *pager);

#ifdef __cplusplus
}
#endif

#endif
