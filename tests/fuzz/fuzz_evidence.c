/*
 * Evidence uploads of gratification reports (domain/evidence.c): the type decided by the
 * content's magic numbers, whatever the name or the declared type say, and which file names
 * may be kept. A type that is sniffed is one of the accepted types.
 *
 * Input: the file name up to the first NUL byte, then the file's bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/evidence.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const uint8_t *nul = memchr(data, '\0', n);
    size_t name_len = nul ? (size_t)(nul - data) : n;
    char *name = fuzz_strndup(data, name_len);
    (void)evidence_filename_valid(name);
    size_t skip = nul ? name_len + 1 : 0;
    /* The bytes alone, in a buffer of exactly their size, so a read past them is caught. */
    unsigned char *file = malloc(n - skip ? n - skip : 1);
    if (file == NULL)
        abort();
    memcpy(file, data + skip, n - skip);
    const char *type = evidence_sniff(file, n - skip);
    if (type) {
        int known = 0;
        for (const char *const *t = evidence_types; *t; t++)
            known |= strcmp(*t, type) == 0;
        if (!known)
            abort();
    }
    free(file);
    free(name);
    return 0;
}
