/*
 * pager.c — one iterator for every list operation: it repeats the list GET with
 * cursor=<next_cursor> until a page says next_cursor: null. Any list operation gets a pager
 * from its request description (zi_pager_from_call), so a new list needs no new iterator.
 * Thread rules: those of the client it borrows.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct zi_pager {
    unsigned magic;
    zi_client *client; /* borrowed */
    char *target;      /* path and query without the cursor */
    int n_query;
    char *cursor;      /* cursor of the next page to fetch; NULL: the first page */
    int last_fetched;  /* the page held is the last one (cursor mode) */
    int feed;          /* paged by sequence number: after=<last_seq> */
    long long after;   /* feed: last_seq of the newest page */
    json_t *page;      /* the page being walked, or NULL */
    size_t index;      /* next item of page->data */
    size_t pages;
};

/* The common part of both constructors. */
static zi_status pager_new(zi_client *c, zi_call *call, const char *start_cursor, int feed,
                           long long start_after, zi_pager **out)
{
    zi_pager *p;

    if (!out)
        zi_call_fail(call, ZI_E_ARGUMENT, "the pager pointer is NULL");
    else
        *out = NULL;
    if (call->status != ZI_OK) {
        zi_status st = zi_record(c, call->status, call->what);
        zi_call_dispose(call);
        return st;
    }
    p = calloc(1, sizeof *p);
    if (p) {
        p->magic = ZI_PAGER_MAGIC;
        p->client = c;
        p->n_query = call->n_query;
        p->target = zi_buf_take(&call->target);
        p->cursor = zi_strdup(start_cursor);
        p->feed = feed;
        p->after = start_after;
    }
    zi_call_dispose(call);
    if (!p || !p->target || (start_cursor && !p->cursor)) {
        zi_pager_free(p);
        return zi_record(c, ZI_E_NOMEM, "out of memory while creating a pager");
    }
    *out = p;
    return ZI_OK;
}

zi_status zi_pager_from_call(zi_client *c, zi_call *call, const char *start_cursor,
                             zi_pager **out)
{
    return pager_new(c, call, start_cursor, 0, 0, out);
}

zi_status zi_pager_feed_from_call(zi_client *c, zi_call *call, long long start_after,
                                  zi_pager **out)
{
    return pager_new(c, call, NULL, 1, start_after, out);
}

/* Check a feed page and move the position to its last_seq. */
static zi_status take_feed_page(zi_pager *p, json_t *page)
{
    json_t *last = json_object_get(page, "last_seq");

    if (!json_is_array(json_object_get(page, "data")) || !json_is_integer(last) ||
        json_integer_value(last) < p->after) {
        json_decref(page);
        return zi_record(p->client, ZI_E_PROTOCOL, "a feed page without data[] and last_seq");
    }
    p->after = json_integer_value(last);
    return ZI_OK;
}

/* Fetch the next page (at p->cursor, or after p->after for a feed) and make it the current
 * one. */
static zi_status fetch(zi_pager *p)
{
    zi_client *c = p->client;
    zi_call call;
    json_t *page = NULL;
    json_t *next;
    zi_status st;

    zi_call_init(&call, ZI_GET, &page, NULL);
    if (zi_buf_puts(&call.target, p->target) != 0)
        zi_call_fail(&call, ZI_E_NOMEM, "out of memory while building the request");
    call.n_query = p->n_query;
    if (p->feed)
        zi_call_query_int(&call, "after", p->after);
    else
        zi_call_query_str(&call, "cursor", p->cursor);
    st = zi_call_run(c, &call);
    if (st != ZI_OK)
        return st;
    if (p->feed) {
        st = take_feed_page(p, page);
        if (st != ZI_OK)
            return st;
        json_decref(p->page);
        p->page = page;
        p->index = 0;
        p->pages++;
        return ZI_OK;
    }
    next = json_object_get(page, "next_cursor");
    if (!json_is_array(json_object_get(page, "data")) || !(json_is_string(next) || json_is_null(next))) {
        json_decref(page);
        return zi_record(c, ZI_E_PROTOCOL, "a list page without data[] and next_cursor");
    }
    if (json_is_string(next) && p->cursor && strcmp(p->cursor, json_string_value(next)) == 0) {
        json_decref(page);
        return zi_record(c, ZI_E_PROTOCOL, "the server returned the same cursor again");
    }
    free(p->cursor);
    p->cursor = NULL;
    if (json_is_string(next)) {
        p->cursor = zi_strdup(json_string_value(next));
        if (!p->cursor) {
            json_decref(page);
            return zi_record(c, ZI_E_NOMEM, "out of memory while paging");
        }
    }
    json_decref(p->page);
    p->page = page;
    p->index = 0;
    p->last_fetched = p->cursor == NULL;
    p->pages++;
    return ZI_OK;
}

ZI_EXPORT zi_status zi_pager_next(zi_pager *pager, json_t **item_out)
{
    if (item_out)
        *item_out = NULL;
    if (!pager || pager->magic != ZI_PAGER_MAGIC)
        return ZI_E_ARGUMENT;
    ZI_ENTER(pager->client);
    if (!item_out)
        return zi_record(pager->client, ZI_E_ARGUMENT, "the item pointer is NULL");
    for (;;) {
        json_t *data = json_object_get(pager->page, "data");
        zi_status st;

        if (pager->page && pager->index < json_array_size(data)) {
            *item_out = json_incref(json_array_get(data, pager->index++));
            return ZI_OK;
        }
        if (pager->page && !pager->feed && pager->last_fetched)
            return ZI_OK; /* every page read: *item_out stays NULL */
        st = fetch(pager);
        if (st != ZI_OK)
            return st;
        /* A feed with nothing new: caught up for now (the next call asks again). A list
         * page may be empty yet not the last one: keep going. */
        if (pager->feed && json_array_size(json_object_get(pager->page, "data")) == 0)
            return ZI_OK;
    }
}

ZI_EXPORT size_t zi_pager_pages(const zi_pager *pager)
{
    if (!pager || pager->magic != ZI_PAGER_MAGIC)
        return 0;
    return pager->pages;
}

ZI_EXPORT void zi_pager_free(zi_pager *pager)
{
    if (!pager || pager->magic != ZI_PAGER_MAGIC)
        return;
    json_decref(pager->page);
    free(pager->target);
    free(pager->cursor);
    pager->magic = ZI_FREED_MAGIC;
    free(pager);
}
