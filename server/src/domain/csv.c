#include "csv.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t len, cap;
} field_buf;

static int fb_put(field_buf *f, char c)
{
    if (f->len + 1 >= f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        char *p = realloc(f->buf, cap);
        if (p == NULL)
            return -1;
        f->buf = p;
        f->cap = cap;
    }
    f->buf[f->len++] = c;
    return 0;
}

static void free_record(csv_record *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->fields[i]);
    free(r->fields);
    r->fields = NULL;
    r->count = 0;
}

void csv_doc_free(csv_doc *doc)
{
    if (doc == NULL)
        return;
    for (size_t i = 0; i < doc->count; i++)
        free_record(&doc->records[i]);
    free(doc->records);
    doc->records = NULL;
    doc->count = 0;
}

/* Ends the current field: appends it to rec. */
static int end_field(csv_record *rec, field_buf *f, size_t max_fields, csv_status *st)
{
    if (rec->count >= max_fields) {
        *st = CSV_TOO_MANY_FIELDS;
        return -1;
    }
    char **fields = realloc(rec->fields, (rec->count + 1) * sizeof *fields);
    char *text = malloc(f->len + 1);
    if (fields == NULL || text == NULL) {
        if (fields)
            rec->fields = fields;
        free(text);
        *st = CSV_NO_MEMORY;
        return -1;
    }
    rec->fields = fields;
    if (f->len)
        memcpy(text, f->buf, f->len);
    text[f->len] = '\0';
    rec->fields[rec->count++] = text;
    f->len = 0;
    return 0;
}

static int end_record(csv_doc *doc, csv_record *rec, size_t max_records, csv_status *st)
{
    /* A line with nothing on it is no record. */
    if (rec->count == 1 && rec->fields[0][0] == '\0') {
        free_record(rec);
        return 0;
    }
    if (doc->count >= max_records) {
        free_record(rec);
        *st = CSV_TOO_MANY_RECORDS;
        return -1;
    }
    csv_record *records = realloc(doc->records, (doc->count + 1) * sizeof *records);
    if (records == NULL) {
        free_record(rec);
        *st = CSV_NO_MEMORY;
        return -1;
    }
    doc->records = records;
    doc->records[doc->count++] = *rec;
    rec->fields = NULL;
    rec->count = 0;
    return 0;
}

csv_status csv_parse(const char *buf, size_t len, size_t max_records, size_t max_fields, csv_doc *out,
                     long *err_line)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF)
        i = 3;
    field_buf f = {NULL, 0, 0};
    csv_record rec = {NULL, 0, 1};
    csv_status st = CSV_OK;
    long line = 1;
    int quoted = 0, after_quote = 0, at_field_start = 1, pending = 0;
    for (; i < len && st == CSV_OK; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < len && buf[i + 1] == '"') {
                    if (fb_put(&f, '"') != 0)
                        st = CSV_NO_MEMORY;
                    i++;
                } else {
                    quoted = 0;
                    after_quote = 1;
                }
            } else {
                if (c == '\n')
                    line++;
                if (fb_put(&f, c) != 0)
                    st = CSV_NO_MEMORY;
            }
            continue;
        }
        if (c == ',') {
            if (end_field(&rec, &f, max_fields, &st) != 0)
                break;
            after_quote = 0;
            at_field_start = 1;
            pending = 1;
            continue;
        }
        if (c == '\r' && i + 1 < len && buf[i + 1] == '\n')
            continue; /* the \n ends the record */
        if (c == '\n') {
            if (end_field(&rec, &f, max_fields, &st) != 0 || end_record(out, &rec, max_records, &st) != 0)
                break;
            line++;
            rec.line = line;
            after_quote = 0;
            at_field_start = 1;
            pending = 0;
            continue;
        }
        if (after_quote) {
            st = CSV_BAD_QUOTE;
            break;
        }
        if (c == '"') {
            if (!at_field_start) {
                st = CSV_BAD_QUOTE;
                break;
            }
            quoted = 1;
            at_field_start = 0;
            pending = 1;
            continue;
        }
        at_field_start = 0;
        pending = 1;
        if (fb_put(&f, c) != 0)
            st = CSV_NO_MEMORY;
    }
    if (st == CSV_OK && quoted)
        st = CSV_UNTERMINATED_QUOTE;
    if (st == CSV_OK && (pending || f.len > 0)) {
        if (end_field(&rec, &f, max_fields, &st) == 0)
            end_record(out, &rec, max_records, &st);
    }
    free(f.buf);
    free_record(&rec);
    if (st != CSV_OK) {
        *err_line = st == CSV_UNTERMINATED_QUOTE ? rec.line : line;
        csv_doc_free(out);
    }
    return st;
}
