#ifndef ZI_NOTIFY_H
#define ZI_NOTIFY_H
/*
 * Wakes long-polling readers of the change feed. One background thread holds its own
 * connection LISTENing on channel zi_events (the journal NOTIFYs the new sequence number at
 * commit) and records the highest sequence seen. It reconnects by itself after a database
 * restart; while it is disconnected, waiters simply time out and re-read the table, so a
 * lost notification costs latency, never an event. Thread-safe.
 */

/* Starts the listener thread. 0 on success. */
int notify_start(const char *url);
void notify_stop(void);
/* Blocks until an event with sequence > after has been announced or timeout_ms passes.
 * Returns 1 if one was announced, 0 on timeout, -1 when too many readers already wait
 * (the caller then answers at once). */
int notify_wait(long long after, int timeout_ms);
/* How many long-poll readers may wait at once (each holds its connection's thread). */
void notify_set_max_waiters(int n);

/* Called on the listener thread after every announcement (new events, or a reconnect that
 * may have missed some): must return quickly. NULL to stop. */
typedef void (*notify_hook)(void);
void notify_on_event(notify_hook fn);

#endif
