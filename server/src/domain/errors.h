#ifndef ZI_ERRORS_H
#define ZI_ERRORS_H
/*
 * Field errors collected while validating one request. Fixed capacity (no heap):
 * errors past ZI_MAX_FIELD_ERRORS are counted in `dropped`. A field error stores a
 * stable machine code and the numbers its message needs; the human message is
 * rendered later in the caller's language (domain/messages.c).
 */
#include <stddef.h>

#include "../zi_limits.h"

typedef enum { ZI_IN_BODY, ZI_IN_QUERY, ZI_IN_PATH, ZI_IN_HEADER } zi_location;

typedef struct {
    zi_location in;
    char field[96];      /* JSON pointer for the body, parameter name otherwise */
    const char *code;    /* static string: "required", "too_long", … */
    long a, b;           /* numbers used by the message (limits) */
    char hint[192];      /* copied text used by the message (allowed values, format), or "" */
} zi_field_error;

typedef struct {
    zi_field_error items[ZI_MAX_FIELD_ERRORS];
    size_t count;
    size_t dropped;
} zi_errors;

void errors_init(zi_errors *e);
/* Adds one error; `code` must be a static string; `hint` (NULL for none) is copied. */
void errors_add(zi_errors *e, zi_location in, const char *field, const char *code, long a, long b,
                const char *hint);
/* Adds an error whose field is the JSON pointer "/" + name (name escaped per RFC 6901). */
void errors_add_member(zi_errors *e, const char *name, const char *code, long a, long b, const char *hint);
const char *errors_location_name(zi_location in);
/* Joins a NULL-terminated list of values with ", " into buf (truncated to cap). Returns buf. */
char *errors_join(const char *const *values, char *buf, size_t cap);

#endif
