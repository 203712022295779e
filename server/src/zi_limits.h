#ifndef ZI_LIMITS_H
#define ZI_LIMITS_H
/*
 * Every limit the server enforces, in one place. Each one is either fixed by the
 * contract (openapi/openapi.yaml states it) or is the default of a configuration
 * variable (see config.h). A breach maps to exactly one status:
 * body → 413, nesting → 400, page size → 400, pool wait → 503 + Retry-After.
 */

#define ZI_DEFAULT_MAX_BODY_BYTES   (64 * 1024)   /* ZI_MAX_BODY_BYTES */
#define ZI_MAX_BODY_BYTES_CEILING   (16 * 1024 * 1024)
#define ZI_MAX_JSON_DEPTH           32            /* deeper bodies → 400 too_deep */
#define ZI_MAX_QUERY_PARAMS         16            /* more → 400 */
#define ZI_MAX_PARAM_BYTES          2048          /* one decoded query value (a cursor is the longest) */
#define ZI_MAX_PATH_SEGMENTS        8
#define ZI_MAX_ROUTES               128           /* operations in all route tables */
#define ZI_MAX_PATH_SEGMENT_BYTES   128
#define ZI_MAX_FIELDS               64            /* fields of one resource's field set */
#define ZI_MAX_FIELD_ERRORS         16            /* further errors are dropped, not lost: the count says so */
#define ZI_PAGE_DEFAULT             50
#define ZI_PAGE_MAX                 200
#define ZI_MAX_REQUEST_ID           128
#define ZI_MAX_CURSOR_BYTES         2048          /* base64url of [sort, 200-character value, id] */
#define ZI_MAX_SORT_VALUE_BYTES     1024          /* a sort key: 200 characters of up to 4 bytes */

#define ZI_DEFAULT_POOL_SIZE        8             /* ZI_POOL_SIZE: threads = connections ≈ 4 × cores */
#define ZI_DEFAULT_THREADS          8             /* ZI_THREADS */
#define ZI_DEFAULT_STATEMENT_TIMEOUT_MS 5000      /* ZI_STATEMENT_TIMEOUT_MS */
#define ZI_POOL_WAIT_MS             1500          /* checkout deadline before 503 */
#define ZI_DB_CONNECT_TIMEOUT_S     2             /* libpq's minimum useful value */
#define ZI_DB_RETRY_AFTER_S         2             /* Retry-After sent with 503 */
#define ZI_DB_DOWN_BACKOFF_MS       500           /* after a failed connect, fail fast this long */
#define ZI_CONNECTION_TIMEOUT_S     30            /* idle / slow-header clients */
#define ZI_MAX_CONNECTIONS          1000
#define ZI_MAX_HEADER_BYTES         (16 * 1024)   /* all request header names and values */
/* libmicrohttpd's memory per connection (its default is 32 KiB): the request line, headers
 * and a ~56-byte record per query argument must fit, or it drops the request without an
 * answer (http/mhd_guard.h frees what Ulfius took). At 128 KiB a thousand arguments still
 * reach the router, which refuses more than 16 with a problem document; only larger floods
 * are dropped unanswered. Pages are touched only as used. */
#define ZI_MHD_CONNECTION_MEMORY    (128 * 1024)
#define ZI_SHUTDOWN_DRAIN_S         10
/* … then at most this long for the answers of finished handlers to be sent. */
#define ZI_SHUTDOWN_SEND_MS         500

#endif
