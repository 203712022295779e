#include <stdlib.h>
#include <string.h>

#include "../common/strbuf.h"
#include "../domain/cursor.h"
#include "../domain/validate.h"
#include "api.h"

zi_result api_reply_page(zi_req *r, PGresult *res, long limit, const char *sort)
{
    int rows = PQntuples(res);
    int shown = rows > limit ? (int)limit : rows;
    strbuf items;
    sb_init(&items);
    for (int i = 0; i < shown; i++) {
        if (i)
            sb_putc(&items, ',');
        sb_append(&items, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
    }
    char *cursor = NULL;
    if (rows > limit && shown > 0) {
        cursor = cursor_encode(sort, PQgetvalue(res, shown - 1, 1),
                               PQnfields(res) > 2 ? PQgetvalue(res, shown - 1, 2) : "");
        if (cursor == NULL)
            items.failed = 1;
    }
    PQclear(res);
    size_t len;
    char *text = sb_take(&items, &len);
    zi_result rc = text ? reply_list(r, text, len, cursor) : ZI_E_INTERNAL;
    free(text);
    free(cursor);
    return rc;
}

zi_result api_page_start(zi_req *r, const char *sort, api_page_key key, api_page *p)
{
    const char *cursor = req_query_str(r, "cursor");
    long micros;
    p->after_value = NULL;
    p->after_id = NULL;
    p->limit = req_query_int(r, "limit", ZI_PAGE_DEFAULT);
    if (cursor == NULL)
        return ZI_OK;
    if (cursor_decode(cursor, sort, p->value_buf, sizeof p->value_buf, p->id_buf) != 0 ||
        (key == PAGE_KEY_INTEGER && parse_long(p->value_buf, -(1L << 62), 1L << 62, &micros) != 0)) {
        req_field_error(r, ZI_IN_QUERY, "cursor", "invalid_cursor", 0, 0, NULL);
        return ZI_E_INVALID;
    }
    p->after_value = p->value_buf;
    p->after_id = p->id_buf;
    return ZI_OK;
}
