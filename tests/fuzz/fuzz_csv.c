/*
 * CSV bulk uploads (domain/csv.c): quoting, doubled quotes, CR LF and LF, a byte order mark,
 * empty lines, line numbers of records that span lines, and the record and field limits —
 * both the pact import's and small ones that the fuzzer reaches quickly. A parsed document
 * must hold no more than the limits allow, and its records must start on increasing lines.
 *
 * Input: one byte choosing the limits, then the upload.
 */
#include <stdlib.h>

#include "domain/csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (n < 1)
        return 0;
    size_t max_records = (data[0] & 1) ? 5001 : (size_t)(data[0] >> 4) + 1;
    size_t max_fields = (data[0] & 2) ? 32 : (size_t)((data[0] >> 2) & 3) + 1;
    csv_doc doc;
    long line = 0;
    csv_status st = csv_parse((const char *)data + 1, n - 1, max_records, max_fields, &doc, &line);
    if (st == CSV_OK) {
        if (doc.count > max_records)
            abort();
        long last = 0;
        for (size_t i = 0; i < doc.count; i++) {
            const csv_record *rec = &doc.records[i];
            if (rec->count == 0 || rec->count > max_fields || rec->line <= last)
                abort();
            last = rec->line;
            for (size_t k = 0; k < rec->count; k++) {
                if (rec->fields[k] == NULL)
                    abort();
            }
        }
    } else if (doc.count != 0 || doc.records != NULL || line < 1) {
        abort();
    }
    csv_doc_free(&doc);
    csv_doc_free(&doc);
    return 0;
}
