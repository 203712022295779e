#ifndef ZI_MESSAGES_H
#define ZI_MESSAGES_H
/*
 * Every human-readable text of the API in Bahasa Indonesia and English. Clients
 * branch on problem `type` and field `code`, never on these texts, so they may be
 * reworded freely. Pure data plus a template renderer; thread-safe (read-only).
 */
#include <stddef.h>

#include "errors.h"
#include "result.h"

typedef enum { ZI_LANG_ID = 0, ZI_LANG_EN = 1 } zi_lang;

typedef enum {
    MSG_NONE = 0,
    MSG_INVALID_FIELDS,
    MSG_ROUTE_NOT_FOUND,
    MSG_UNIT_NOT_FOUND,
    MSG_METHOD,
    MSG_BODY_TOO_LARGE,
    MSG_MEDIA_TYPE,
    MSG_JSON_SYNTAX,
    MSG_JSON_NOT_OBJECT,
    MSG_JSON_DUPLICATE,
    MSG_JSON_UTF8,
    MSG_JSON_NUL,
    MSG_JSON_DEPTH,
    MSG_BODY_REQUIRED,
    MSG_MISSING_KEY,
    MSG_BAD_KEY,
    MSG_FORBIDDEN_ROLE,
    MSG_IF_MATCH_REQUIRED,
    MSG_IF_MATCH_STALE,
    MSG_DB_DOWN,
    MSG_BUSY,
    MSG_INTERNAL,
    MSG_CODE_TAKEN,
    MSG_UNIT_ARCHIVED,
    MSG_UNIT_HAS_CHILDREN,
    MSG_PARENT_INVALID,
    MSG_NOT_READY,
    MSG_SHUTTING_DOWN,
    MSG_IDEMPOTENCY_MISMATCH,
    MSG_KEY_NOT_FOUND,
    MSG_RATE_LIMITED,
    MSG_ROLE_NEEDS_UNIT,
    MSG_FORBIDDEN_UNIT,
    MSG_FORBIDDEN_FIELD,
    MSG_TOO_MANY_WAITING,
    MSG__COUNT
} zi_msg;

/* Problem title for a result in a language (static string). */
const char *msg_title(zi_result r, zi_lang lang);
/* Problem slug, the tail of `urn:zi:problem:<slug>` (static string). */
const char *msg_problem_slug(zi_result r);
/* HTTP status of a result. */
int msg_http_status(zi_result r);
/* Template of a detail message (static string, may contain {a} {b} {s}). */
const char *msg_detail_template(zi_msg m, zi_lang lang);
/* Template of a field-error message for a code (static; a generic one for unknown codes). */
const char *msg_field_template(const char *code, zi_lang lang);
/* Renders a template into out (always NUL-terminated, truncated to cap). Returns out. */
char *msg_render(char *out, size_t cap, const char *tmpl, long a, long b, const char *s);
/* Picks the language from an Accept-Language header value (NULL → Indonesian). */
zi_lang msg_pick_language(const char *accept_language);
/* The field error codes that have a message, NULL-terminated (for tests). */
extern const char *const msg_field_codes[];

#endif
