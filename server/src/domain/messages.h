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

/* A human text in both languages. Detail messages are zi_text objects with static storage:
 * the ones every module may use are declared below; a resource module declares its own
 * next to its routes (and lists them in its zi_module, so start-up checks both texts exist).
 * Declared as one-element arrays so that the name is already the pointer a zi_msg holds. */
typedef struct zi_text {
    const char *id;
    const char *en;
} zi_text;
typedef const zi_text *zi_msg;
#define MSG_NONE ((zi_msg)0)

extern const zi_text MSG_INVALID_FIELDS[1], MSG_ROUTE_NOT_FOUND[1], MSG_RESOURCE_NOT_FOUND[1], MSG_METHOD[1],
    MSG_BODY_TOO_LARGE[1], MSG_MEDIA_TYPE[1], MSG_JSON_SYNTAX[1], MSG_JSON_NOT_OBJECT[1], MSG_JSON_DUPLICATE[1],
    MSG_JSON_UTF8[1], MSG_JSON_NUL[1], MSG_JSON_DEPTH[1], MSG_BODY_REQUIRED[1], MSG_BODY_REQUIRED_ANY[1], MSG_FILE_REQUIRED[1], MSG_FRAMING[1], MSG_MISSING_KEY[1], MSG_BAD_KEY[1],
    MSG_FORBIDDEN_ROLE[1], MSG_IF_MATCH_REQUIRED[1], MSG_IF_MATCH_STALE[1], MSG_DB_DOWN[1], MSG_BUSY[1],
    MSG_INTERNAL[1], MSG_NOT_READY[1], MSG_SHUTTING_DOWN[1], MSG_IDEMPOTENCY_MISMATCH[1], MSG_RATE_LIMITED[1],
    MSG_FORBIDDEN_UNIT[1], MSG_FORBIDDEN_FIELD[1], MSG_TOO_MANY_WAITING[1], MSG_CONFLICT_RETRY[1],
    /* Every resource hangs off a unit: its absence and its archive are told the same way. */
    MSG_UNIT_NOT_FOUND[1], MSG_UNIT_ARCHIVED[1];

/* Every detail message declared above, NULL-terminated (for tests and start-up checks). */
extern const zi_msg msg_core_details[];

/* Bit set of the placeholders {a} {b} {s} in a template; bit 3 marks any other {x}. */
unsigned msg_placeholders(const char *tmpl);
/* 0 when both texts of m are present, different, and use the same placeholders. */
int msg_text_check(zi_msg m);

/* The one table from a result to HTTP: status, problem slug, title, default detail. */
/* Problem title for a result in a language (static string). */
const char *msg_title(zi_result r, zi_lang lang);
/* Problem slug, the tail of `urn:zi:problem:<slug>` (static string). */
const char *msg_problem_slug(zi_result r);
/* HTTP status of a result. */
int msg_http_status(zi_result r);
/* The detail a problem carries when the handler set none. */
zi_msg msg_default_detail(zi_result r);
/* Template of a detail message (static string, may contain {a} {b} {s}); "" for MSG_NONE. */
const char *msg_detail_template(zi_msg m, zi_lang lang);
/* Template of a field-error message for a code (static; a generic one for unknown codes). */
const char *msg_field_template(const char *code, zi_lang lang);
/* Renders a template into out (always NUL-terminated, truncated to cap). Returns out. */
char *msg_render(char *out, size_t cap, const char *tmpl, long a, long b, const char *s);
/* Picks the language from an Accept-Language header value (NULL → Indonesian). */
zi_lang msg_pick_language(const char *accept_language);
/* The i-th field error code that has a message; NULL past the last (for tests). */
const char *msg_field_code(size_t i);

#endif
