#ifndef ZI_REPORT_SUPPORT_H
#define ZI_REPORT_SUPPORT_H
/*
 * report_support.h — what the gratification-report suites (test_reports.c,
 * test_report_files.c) share. Assertions take the caller's file and line through their macros;
 * the ones given a th_response free it.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* A report filed by a test and the identity it was filed with (searched for in answers). */
typedef struct report {
    char id[37];
    char nik[17];
    char name[96];
    char address[128];
    char phone[24];
    char position[96];
    long version;
} report;

/* The six members of a report that say who reported it (confidential), in representation order. */
enum { N_IDENTITY = 6 };
extern const char *const IDENTITY[N_IDENTITY];

#define refused(r, status, type, field, code) refused_at(__FILE__, __LINE__, (r), (status), (type), (field), (code))
#define status_is(r, status) status_is_at(__FILE__, __LINE__, (r), (status))
#define str_is(obj, key, want, what) str_is_at(__FILE__, __LINE__, (obj), (key), (want), (what))
#define int_is(obj, key, want, what) int_is_at(__FILE__, __LINE__, (obj), (key), (want), (what))
#define bool_is(obj, key, want, what) bool_is_at(__FILE__, __LINE__, (obj), (key), (want), (what))
#define null_is(obj, key, what) null_is_at(__FILE__, __LINE__, (obj), (key), (what))

/* Assert r is the problem (status, type) with, when field or code is not NULL, such an error; frees r. */
void refused_at(const char *file, int line, th_response *r, long status, const char *type, const char *field,
                const char *code);

/* Assert r's status; frees r. */
void status_is_at(const char *file, int line, th_response *r, long status);

/* v as compact JSON, "(null)" for NULL; malloc'ed. */
char *dump(const json_t *v);

/* Assert obj's member key is the string want / the integer want / the boolean want / present
 * and null; what names the object in the failure. */
void str_is_at(const char *file, int line, const json_t *obj, const char *key, const char *want, const char *what);
void int_is_at(const char *file, int line, const json_t *obj, const char *key, long long want, const char *what);void bool_is_at(const char *file, int line, const json_t *obj, const char *key, bool want, const char *what);
void null_is_at(const char *file, int line, const json_t *obj, const char *key, const char *what);

/* The first item of items whose member key is the string value (borrowed), or NULL. */
const json_t *item_by(const json_t *items, const char *key, const char *value);

/* The bytes of needle anywhere in the first len bytes of hay (which may hold NULs). */
bool contains(const char *hay, size_t len, const char *needle);

/* Strip the per-request members of a problem (instance) so two answers can be compared. */
json_t *problem_sans_instance(const th_response *r);

/* Fail when body (len bytes) holds any of rp's identity values. */
void no_identity_in(const report *rp, const char *body, size_t len, const char *what);

/* RFC 4180: records of fields (CRLF or LF), quoted fields with "" and line breaks. New
 * reference: an array of arrays of strings; fails the test on malformed input. */
json_t *parse_csv(const char *s, size_t len);

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
long days_from_civil(int y, int m, int d);

/* Today (UTC) in days since 1970-01-01. */
long today(void);

#endif
