/* The change feed (issue 4): events in commit order after a sequence number, with long-poll. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/strbuf.h"
#include "../db/audit_db.h"
#include "../db/notify.h"
#include "../http/router.h"
#include "api.h"

#define EVENTS_PAGE_MAX 1000
#define EVENTS_WAIT_MAX 25 /* seconds; below the connection timeout */
#define EVENTS_WAIT_SLICE_MS 1000 /* a waiting reader notices a shutdown this soon */

/* Events name what changed (type, resource, id, version, time) and carry no field values,
 * so no field visibility applies: a reader learns values only through the resource's own
 * reads, which filter them. */
static zi_result reply_events(zi_req *r, db_page *page, long long after, long limit)
{
    long long last = page->count ? strtoll(db_page_last_sort(page), NULL, 10) : after;
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"data\":[");
    for (int i = 0; i < page->count; i++) {
        size_t len;
        const char *item = db_page_item(page, i, &len);
        if (i)
            sb_putc(&sb, ',');
        sb_append(&sb, item, len);
    }
    sb_printf(&sb, "],\"last_seq\":%lld}", last);
    db_page_clear(page);
    char link[128];
    /* The feed has no end: the next page is always "after what you have seen". */
    snprintf(link, sizeof link, "</v1/events?after=%lld&limit=%ld>; rel=\"next\"", last, limit);
    reply_header(r, "Link", link);
    return reply_strbuf(r, 200, &sb);
}

/* Replies with the rows; an empty page answers with the newest sequence the feed has
 * reached, never with a number from the future the client made up. */
static zi_result reply_page(zi_req *r, db_page *page, long long after, long limit)
{
    if (page->count == 0) {
        long long head = 0;
        zi_result rc = events_db_head(r->db, &head);
        if (rc != ZI_OK) {
            db_page_clear(page);
            return rc;
        }
        if (after > head)
            after = head;
    }
    return reply_events(r, page, after, limit);
}

/* Milliseconds from now until deadline (CLOCK_MONOTONIC); 0 once it has passed. */
static long ms_until(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms > 0 ? ms : 0;
}

/* Waits for an event after `after` until deadline, in slices, so that a server told to stop
 * answers its waiting readers within a slice instead of holding its exit for the rest of their
 * wait. 1: something was announced (read again), 0: nothing came, or the server stops, -1: too
 * many readers wait already. *waited becomes 1 once the reader has had a place. */
static int wait_for_event(long long after, const struct timespec *deadline, int *waited)
{
    long left;
    while ((left = ms_until(deadline)) > 0 && router_accepting()) {
        int got = notify_wait(after, left < EVENTS_WAIT_SLICE_MS ? (int)left : EVENTS_WAIT_SLICE_MS);
        if (got >= 0)
            *waited = 1;
        if (got != 0)
            return got;
    }
    return 0;
}

static zi_result list_events(zi_req *r)
{
    long long after = req_query_int(r, "after", 0);
    long limit = req_query_int(r, "limit", ZI_PAGE_DEFAULT);
    long wait = req_query_int(r, "wait", 0);
    char after_text[24];
    snprintf(after_text, sizeof after_text, "%lld", after);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += wait;
    int waited = 0, refused = 0;
    for (;;) {
        db_page page;
        zi_result rc = events_db_list(r->db, after_text, limit, &page);
        if (rc != ZI_OK)
            return rc;
        /* An announcement is a reason to read again, not a promise of rows (the listener also
         * wakes everyone after it reconnects): with nothing to show, wait out the rest. */
        if (page.count > 0 || refused || ms_until(&deadline) == 0 || !router_accepting())
            return reply_page(r, &page, after, limit);
        db_page_clear(&page);
        /* Nothing yet: give the connection back while waiting, so waiting readers never
         * starve writers of database connections. */
        db_release(r->db);
        r->db = NULL;
        refused = wait_for_event(after, &deadline, &waited) < 0;
        if (refused && !waited) {
            req_detail(r, MSG_TOO_MANY_WAITING, 1, NULL);
            r->retry_after = 1;
            return ZI_E_UNAVAILABLE;
        }
        if ((rc = db_acquire(&r->db)) != ZI_OK)
            return rc;
    }
}

static const zi_qparam list_query[] = {
    {"after", QP_INT, 0, 0x7fffffffffffffffL, NULL, NULL, 0},
    {"limit", QP_INT, 1, EVENTS_PAGE_MAX, NULL, NULL, 0},
    {"wait", QP_INT, 0, EVENTS_WAIT_MAX, NULL, NULL, 0},
    ZI_QP_END,
};


static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/events", .operation_id = "listEvents", .handler = list_events,
     .roles = ROLE_ANY_KEY, .flags = RF_SEALED, .query = list_query},
};

const zi_module events_module = ZI_MODULE("events", routes, NULL, NULL, NULL);
