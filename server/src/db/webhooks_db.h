#ifndef ZI_WEBHOOKS_DB_H
#define ZI_WEBHOOKS_DB_H
/*
 * Webhook subscriptions and their delivery log (issue 14): the API's statements and the
 * delivery workers' (claim a subscription, find its next event, record an attempt).
 * Thread-safety: as pool.h — a db_conn belongs to one thread.
 */
#include "pool.h"

extern const db_stmt webhooks_db_statements[];
extern const zi_sort webhooks_db_sorts[];
extern const zi_sort webhooks_db_delivery_sorts[];

/* ---- the API ---- */
/* body: the validated request body as JSON text; *json, *id owned. */
zi_result webhooks_db_create(db_conn *c, const char *body, const char *secret, const char *created_by, char **json,
                             long *version, char **id);
zi_result webhooks_db_get(db_conn *c, const char *id, char **json, long *version);
zi_result webhooks_db_list(db_conn *c, const char *status, const char *after_value, const char *after_id, long limit,
                           db_page *page);
/* Locks the subscription until the transaction ends: its version, and *archived. */
zi_result webhooks_db_lock(db_conn *c, const char *id, long *version, int *archived);
zi_result webhooks_db_update(db_conn *c, const char *id, const char *body, char **json, long *version);
zi_result webhooks_db_archive(db_conn *c, const char *id, char **json, long *version);
/* A ping, or a redelivery of delivery_id (ZI_E_NOT_FOUND when that delivery is not the
 * subscription's): a pending delivery the workers take next; *json and *id owned. */
zi_result webhooks_db_ping(db_conn *c, const char *id, char **json, char **delivery_id);
zi_result webhooks_db_redeliver(db_conn *c, const char *id, const char *delivery_id, char **json, char **new_id);
zi_result webhooks_db_delivery(db_conn *c, const char *id, const char *delivery_id, char **json);
zi_result webhooks_db_deliveries(db_conn *c, const char *id, const char *status, const char *after_value,
                                 const char *after_id, long limit, db_page *page);

/* ---- the delivery workers (outside any request; each call is one statement) ---- */
typedef struct {
    char id[37];
    char *url;        /* owned */
    char *secret;     /* owned */
    int attempt;      /* failed attempts of the head-of-line event so far */
    /* what to send: */
    char delivery_id[37];
    char kind[12];    /* "event", "ping", "redelivery" */
    long long seq;    /* the event's sequence number; 0 for a ping */
    char *body;       /* owned: the event as /v1/events shows it */
} webhook_job;

void webhook_job_clear(webhook_job *j);

/* Takes a subscription with work due (a manual delivery, or events after its position) that
 * no live lease holds, for lease_ms, and fills the job with its next delivery. ZI_E_NOT_FOUND
 * when nothing is due anywhere. A subscription whose types no new event matches is moved to
 * the head of the feed and released in passing. */
zi_result webhooks_db_claim(db_conn *c, const char *owner, long lease_ms, webhook_job *job);

typedef struct {
    int ok;               /* 2xx */
    int code;             /* HTTP status, 0 when none came */
    long duration_ms;
    const char *error;    /* NULL, or why (at most 300 characters kept) */
    long retry_in_ms;     /* event deliveries that failed: when to try again */
    long retry_for_s;     /* … unless the head-of-line event has failed for this long */
} webhook_outcome;

/* Records an attempt and releases the lease (nothing happens when the lease was lost). For
 * an event: success moves the subscription past it; failure schedules the retry or, after
 * retry_for_s, marks the subscription failing. Pings and redeliveries are tried once. */
zi_result webhooks_db_record(db_conn *c, const char *owner, const webhook_job *job, const webhook_outcome *o);

/* Deletes finished deliveries older than keep_days; *deleted rows. */
zi_result webhooks_db_prune(db_conn *c, long keep_days, long *deleted);

#endif
