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
#include "principal.h"

typedef enum {
    FT_STRING,  /* one line: no control characters */
    FT_TEXT,    /* free text: newlines and tabs allowed */
    FT_INT,
    FT_DATE,    /* YYYY-MM-DD */
    FT_UUID,
    FT_ENUM,    /* one of values[] */
    FT_CODE,    /* unit code shape */
    FT_LIST,    /* an array of one-line strings: min..max items, each 1..item_max characters */
    FT_BOOL,
    FT_DECIMAL  /* a number with at most two decimals; min/max in hundredths */
} zi_ftype;

enum {
    F_REQUIRED = 1u << 0,   /* must be present on create */
    F_NULLABLE = 1u << 1,   /* JSON null accepted */
    F_READ_ONLY = 1u << 2,  /* part of the representation, never writable through this body */
    F_CREATE_ONLY = 1u << 3 /* writable on create, read-only on patch */
};

/*
 * Who may see a field (DESIGN §2: "a gratification report's reporter identity is visible
 * only to its reporter, upg and admin"). A field without a visibility is seen by whoever
 * may read the record. Declared once on the field and applied by fields_filter on every way
 * out — single reads, lists, CSV exports, audit records — so no handler decides it.
 */
typedef struct {
    unsigned roles;    /* ROLE_* that see the field on every record they may read */
    unsigned own_unit; /* unit-bound ROLE_* that see it on records of their own unit */
    int owner;         /* the record's owner (fieldset owner_member = the caller's key id or NIP) */
} zi_visibility;

typedef struct {
    const char *name;
    zi_ftype type;
    unsigned flags;
    long min, max;              /* characters for strings, value for integers */
    const char *const *values;  /* FT_ENUM: NULL-terminated */
    const char *hint;           /* allowed values / format, shown in messages */
    const zi_visibility *vis;   /* NULL: visible to every reader of the record */
    unsigned writers;           /* ROLE_* that may write it; 0: every role the route admits */
    long item_max;              /* FT_LIST: characters of one item */
} zi_field_spec;

/* A resource's fields: its request bodies and its representation. */
typedef struct {
    const char *resource_type;  /* as in audit records and events: "unit", "api_key" */
    const zi_field_spec *fields;
    size_t count;
    const char *unit_member;    /* member naming the record's unit (own_unit visibility), or NULL */
    const char *owner_member;   /* member naming the record's owner (owner visibility), or NULL */
} zi_fieldset;

/* A member of the representation that no body may write (id, timestamps, version …). */
#define ZI_FIELD_READ_ONLY(name, type) {name, type, F_READ_ONLY, 0, 0, NULL, NULL, NULL, 0, 0}
#define ZI_FIELD_READ_ONLY_ENUM(name, values) {name, FT_ENUM, F_READ_ONLY, 0, 0, values, NULL, NULL, 0, 0}
#define ZI_FIELD_READ_ONLY_SEEN_BY(name, type, vis) {name, type, F_READ_ONLY, 0, 0, NULL, NULL, vis, 0, 0}

#define ZI_FIELDSET(type, array, unit_m, owner_m) {type, array, sizeof array / sizeof array[0], unit_m, owner_m}

typedef enum { FV_CREATE, FV_PATCH } zi_fmode;

/* Checks obj against spec[0..n). On return out[i] is the (borrowed) value of spec[i] or NULL
 * when absent. Returns the number of errors added to errs (0 = valid). For FV_PATCH an
 * object with no writable member adds an empty_patch error. */
size_t fields_validate(const json_t *obj, const zi_field_spec *spec, size_t n, zi_fmode mode,
                       const json_t **out, zi_errors *errs);

/* Adds a not_allowed error for each present member (out[] of fields_validate) whose field
 * names writers that exclude role. Returns the number added. */
size_t fields_check_writers(const json_t *const *out, const zi_fieldset *fs, unsigned role, zi_errors *errs);

/* Index of a field by name, or -1. */
int fields_index(const zi_fieldset *fs, const char *name);

/* Does field i reach `who` on a record of unit record_unit owned by record_owner (either may
 * be NULL when unknown: then only `roles` count)? */
int fields_visible(const zi_fieldset *fs, size_t i, const zi_principal *who, const char *record_unit,
                   const char *record_owner);
/* 1 when some field of fs may be hidden from who on some record (the slow path: responses
 * must be filtered); 0 when who sees every field of every record it may read. */
int fields_may_hide(const zi_fieldset *fs, const zi_principal *who);
/* Removes from the representation obj every member who may not see (unit and owner read
 * from obj itself). Returns the number removed. The one filter of every way out. */
size_t fields_filter(json_t *obj, const zi_fieldset *fs, const zi_principal *who);
/* Removes from an audit record's changes {"field": {"before", "after"}} every field who
 * may not see on any record (a change record does not say whose record it was).
 * Returns the number removed. */
size_t fields_filter_changes(json_t *changes, const zi_fieldset *fs, const zi_principal *who);

/* The text form of a validated value for a SQL parameter: NULL for absent or JSON null,
 * the borrowed string for strings, a decimal in buf for integers, the canonical UUID in buf. */
const char *fields_param(const json_t *v, const zi_field_spec *f, char *buf, size_t cap);

#endif
