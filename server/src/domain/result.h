#ifndef ZI_RESULT_H
#define ZI_RESULT_H
/*
 * The one internal result type. Every layer returns it; exactly one table
 * (domain/messages.c: `results`) turns it into an HTTP status, an RFC 9457 problem type,
 * a title and a default detail; a new code without a row there fails to compile.
 */
typedef enum {
    ZI_OK = 0,
    ZI_E_INVALID,                 /* 400 invalid-request: errors[] names the fields */
    ZI_E_MALFORMED,               /* 400 malformed-json */
    ZI_E_UNAUTHORIZED,            /* 401 */
    ZI_E_FORBIDDEN,               /* 403 */
    ZI_E_NOT_FOUND,               /* 404 */
    ZI_E_METHOD,                  /* 405 */
    ZI_E_CONFLICT,                /* 409 */
    ZI_E_PRECONDITION_FAILED,     /* 412 */
    ZI_E_TOO_LARGE,               /* 413 */
    ZI_E_MEDIA_TYPE,              /* 415 */
    ZI_E_UNPROCESSABLE,           /* 422 */
    ZI_E_PRECONDITION_REQUIRED,   /* 428 */
    ZI_E_RATE_LIMITED,            /* 429 */
    ZI_E_UNAVAILABLE,             /* 503 */
    ZI_E_INTERNAL,                /* 500 */
    ZI_RESULT__COUNT
} zi_result;

#endif
