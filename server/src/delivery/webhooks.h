#ifndef ZI_DELIVERY_WEBHOOKS_H
#define ZI_DELIVERY_WEBHOOKS_H
/*
 * Webhook delivery workers (issue 14). A few threads per zi-server instance take
 * subscriptions with work due from the database (a lease per subscription, claimed with
 * FOR UPDATE SKIP LOCKED, so instances share the work and one event is never in flight twice),
 * POST the next event to the receiver with libcurl — never on an HTTP worker thread, never
 * inside a transaction — and record the attempt. A receiver that hangs is cut at the timeout
 * and holds one delivery thread for that long; other subscriptions go on on the others.
 *
 * Thread-safety: webhooks_start/stop from the main thread, once; webhooks_kick and
 * webhooks_settings from any thread. curl_global_init must have run before webhooks_start.
 */
#include <stddef.h>

#include "../domain/webhook.h"

typedef struct {
    int workers;          /* delivery threads; 0: this instance delivers nothing */
    long timeout_ms;      /* one attempt, connection included */
    long retry_base_ms;   /* first retry delay, doubled per failure … */
    long retry_max_ms;    /* … up to this */
    long retry_for_s;     /* give up on a receiver (mark it failing) after this */
    long poll_ms;         /* look for due work at least this often */
    long keep_days;       /* finished deliveries are kept this long */
    int allow_http;       /* plain http to any host, not only loopback */
    webhook_allowlist allow; /* blocked ranges a delivery may reach anyway */
} webhook_settings;

/* Starts the workers (none when workers is 0). The settings are copied. 0 on success. */
int webhooks_start(const webhook_settings *s);
/* Stops and joins them; a delivery in flight is finished or cut at its timeout. */
void webhooks_stop(void);
/* Work may be due (a new event, a ping): wake one idle worker of this instance now. */
void webhooks_kick(void);
/* The settings in force (defaults before webhooks_start). */
const webhook_settings *webhooks_settings(void);

/* Why url may not be a subscription's target under the settings: NULL when it may;
 * otherwise a field error code ("invalid_format", "scheme_not_allowed",
 * "credentials_not_allowed", "blocked_address"), with a hint in hint. Names resolved only at
 * delivery are checked then too (and on every attempt, against DNS rebinding). */
const char *webhooks_url_problem(const char *url, char *hint, size_t hint_cap);

#endif
