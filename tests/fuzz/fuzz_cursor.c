/*
 * Keyset cursors as clients send them back (domain/cursor.c, api/page.c): unpadded base64url,
 * then a JSON array [sort, value, id] that must name the list's sort, carry a UUID (or empty)
 * id, a value that fits, and an integer for integer-keyed sorts. A cursor that decodes must
 * survive a round trip: encoding what it decoded to decodes to the same value and id.
 *
 * Input: the sort name up to the first newline, then the cursor.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/cursor.h"
#include "fuzz.h"

static void round_trip(const char *sort, const char *value, const char *id)
{
    char *again = cursor_encode(sort, value, id);
    if (again == NULL)
        return; /* the sort name is not UTF-8: no list has such a sort */
    char value2[ZI_MAX_SORT_VALUE_BYTES], id2[37];
    if (cursor_decode(again, sort, value2, sizeof value2, id2) != 0 || strcmp(value, value2) != 0 ||
        strcmp(id, id2) != 0)
        abort();
    free(again);
}

/* api_page_start with the cursor as the router would have stored it, for a sort of each key kind. */
static void page_start(const char *sort, const char *cursor)
{
    for (int key = PAGE_KEY_TEXT; key <= PAGE_KEY_INTEGER; key++) {
        zi_sort sorts[] = {{sort, NULL, (zi_page_key)key}, {NULL, NULL, PAGE_KEY_TEXT}};
        fuzz_request f;
        fuzz_req_init(&f, "GET", "/");
        f.r.query[0].name = "cursor";
        f.r.query[0].value = strdup(cursor);
        if (f.r.query[0].value == NULL)
            abort();
        f.r.nquery = 1;
        api_page p;
        (void)api_page_start(&f.r, sorts, &p);
        fuzz_req_free(&f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const uint8_t *nl = memchr(data, '\n', n);
    size_t sort_len = nl ? (size_t)(nl - data) : 0;
    char *sort = fuzz_strndup(data, sort_len);
    size_t skip = nl ? sort_len + 1 : 0;
    char *cursor = fuzz_strndup(data + skip, n - skip);

    unsigned char raw[ZI_MAX_CURSOR_BYTES];
    (void)b64url_decode(cursor, raw, sizeof raw);
    char value[ZI_MAX_SORT_VALUE_BYTES], id[37];
    if (cursor_decode(cursor, sort, value, sizeof value, id) == 0)
        round_trip(sort, value, id);
    page_start(sort, cursor);
    free(cursor);
    free(sort);
    return 0;
}
