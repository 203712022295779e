#ifndef ZI_VALIDATE_H
#define ZI_VALIDATE_H
/*
 * Strict parsers for the scalar types of the API. Each one consumes the whole input
 * or fails; none allocates; all are thread-safe. Pure: no I/O.
 */
#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* Number of code points of a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* 1 if s contains a C0 control character or DEL (tab/newline allowed when allow_newlines), a
 * C1 control, or an invisible or reordering code point (bidi controls, zero width space, BOM,
 * line separators, noncharacters: see validate.c). */
int has_control_chars(const char *s, int allow_newlines);
/* Parses a UUID in 8-4-4-4-12 hex form (any case); writes the lowercase form to out. 0 on success. */
int parse_uuid(const char *s, char out[37]);
/* Parses a calendar date YYYY-MM-DD (years 1900..2999, real day of month). 0 on success. */
int parse_date(const char *s, int *y, int *m, int *d);
/* Parses a decimal integer in [min, max] (no sign for non-negative ranges, no spaces). 0 on success. */
int parse_long(const char *s, long min, long max, long *out);
/* 1 if s is a unit code: ^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$ */
int unit_code_valid(const char *s);
/* 1 if the request id is acceptable to echo: 1..128 of [A-Za-z0-9._:-] */
int request_id_valid(const char *s);
/* Deepest nesting of arrays/objects in a JSON text (strings skipped); stops counting at limit+1. */
int json_nesting_depth(const char *buf, size_t n, int limit);
/* Days in a month of a year (Gregorian). */
int days_in_month(int y, int m);

/* The rules every event date of the programme follows: NULL when ymd (YYYY-MM-DD) is not
 * after today (YYYY-MM-DD; NULL: no check) and falls in `year` (0: no check); otherwise the
 * field error code: "invalid_format", "in_future" or "year_mismatch". */
const char *date_rule_violation(const char *ymd, const char *today, long year);

#endif
