#ifndef ZI_SEALER_H
#define ZI_SEALER_H
/*
 * The journal's sealer (issue 12, sql/migrations/0008_journal_sealing.sql). Writes append
 * unsealed records in their own transactions; one background thread with its own
 * connection moves them into the audit chain and the change feed by calling zi_seal(), in
 * batches, one sealing transaction at a time (instances take turns on journal_head's row).
 *
 * It seals when woken by sealer_kick (the pool calls it after every write transaction that
 * commits, so a write is normally sealed within one sealing transaction of its commit) and
 * every `interval_ms` besides (records written directly in SQL, or left by an instance that
 * stopped between a commit and its seal). Readers of the journal do not wait for it: they
 * seal synchronously first (http/router.c, RF_SEALED). It reconnects by itself after a
 * database restart. Thread-safe.
 */

/* Starts the thread. 0 on success. */
int sealer_start(const char *url, int interval_ms);
/* Seals what is left (once, within the statement timeout) and stops the thread. */
void sealer_stop(void);
/* Asks for a seal soon; returns at once. Safe from any thread, also before start/after stop. */
void sealer_kick(void);

#endif
