#ifndef ZI_CSV_H
#define ZI_CSV_H
/*
 * RFC 4180 CSV reading for bulk uploads: records of fields, each record with the physical
 * line it starts on (the header is line 1), so a refusal can name the line a person sees in
 * a spreadsheet. Quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF;
 * a UTF-8 byte order mark is skipped; a final line break is optional; empty lines between
 * records are skipped. Pure (no I/O), thread-safe; the caller checked UTF-8.
 */
#include <stddef.h>

typedef struct {
    char **fields; /* owned, NUL-terminated */
    size_t count;
    long line;     /* physical line the record starts on, from 1 */
} csv_record;

typedef struct {
    csv_record *records; /* owned */
    size_t count;
} csv_doc;

typedef enum {
    CSV_OK = 0,
    CSV_UNTERMINATED_QUOTE, /* a quoted field runs to the end of the input */
    CSV_BAD_QUOTE,          /* a quote inside an unquoted field, or text after a closing quote */
    CSV_TOO_MANY_RECORDS,   /* more than max_records (header included) */
    CSV_TOO_MANY_FIELDS,    /* a record with more than max_fields fields */
    CSV_NO_MEMORY
} csv_status;

/* Parses buf[0..len) into out (cleared first). On an error, *err_line is the line where it
 * was found and out holds nothing. */
csv_status csv_parse(const char *buf, size_t len, size_t max_records, size_t max_fields, csv_doc *out,
                     long *err_line);
/* Frees what csv_parse stored; NULL-safe, idempotent. */
void csv_doc_free(csv_doc *doc);

#endif
