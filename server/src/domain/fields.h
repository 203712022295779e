#ifndef ZI_FIELDS_H
#define ZI_FIELDS_H
/*
 * Declarative validation of JSON request bodies. A resource describes its fields
 * once (type, bounds, whether required on create, nullable, writable); one function
 * checks a body against that table and reports every problem as a field error with
 * a JSON pointer. Unknown members → unknown_field; read-only members → read_only.
 * Pure (Jansson only, no I/O), thread-safe.
 */
#include <jansson.h>
#include <stddef.h>

#include "errors.h"

typedef enum {
    FT_STRING,  /* one line: no control characters */
    FT_TEXT,    /* free text: newlines and tabs allowed */
    FT_INT,
    FT_DATE,    /* YYYY-MM-DD */
    FT_UUID,
    FT_ENUM,    /* one of values[] */
    FT_CODE     /* unit code shape */
} zi_ftype;

enum {
    F_REQUIRED = 1u << 0,   /* must be present on create */
    F_NULLABLE = 1u << 1,   /* JSON null accepted */
    F_READ_ONLY = 1u << 2,  /* part of the representation, never writable through this body */
    F_CREATE_ONLY = 1u << 3 /* writable on create, read-only on patch */
};

typedef struct {
    const char *name;
    zi_ftype type;
    unsigned flags;
    long min, max;              /* characters for strings, value for integers */
    const char *const *values;  /* FT_ENUM: NULL-terminated */
    const char *hint;           /* allowed values / format, shown in messages */
} zi_field_spec;

typedef enum { FV_CREATE, FV_PATCH } zi_fmode;

/* Checks obj against spec[0..n). On return out[i] is the (borrowed) value of spec[i] or NULL
 * when absent. Returns the number of errors added to errs (0 = valid). For FV_PATCH an
 * object with no writable member adds an empty_patch error. */
size_t fields_validate(const json_t *obj, const zi_field_spec *spec, size_t n, zi_fmode mode,
                       const json_t **out, zi_errors *errs);

/* The text form of a validated value for a SQL parameter: NULL for absent or JSON null,
 * the borrowed string for strings, a decimal in buf for integers, the canonical UUID in buf. */
const char *fields_param(const json_t *v, const zi_field_spec *f, char *buf, size_t cap);

#endif
