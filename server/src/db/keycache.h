#ifndef ZI_KEYCACHE_H
#define ZI_KEYCACHE_H
/*
 * API keys as this instance last read them, so that an authenticated request does not cost
 * a database round trip before its own query (issue 12). PostgreSQL invalidates it: a trigger
 * NOTIFYs zi_keys whenever a key is revoked, deleted or rebound, and the feed listener
 * (db/notify.c) flushes the cache on every such notice, on every reconnect, and turns the
 * cache off while it is not connected. So a revocation is refused by every instance within
 * the delivery time of one notification; an entry is also never used after KEYCACHE_TTL_S
 * (which bounds how stale last_used_at may be).
 *
 * Thread-safe: striped locks; a lookup that started before a flush can never store what it
 * read after the flush (generation check).
 */
#include "../domain/principal.h"

#define KEYCACHE_TTL_S 60

/* The generation to pass to keycache_put for a lookup starting now. */
unsigned long keycache_generation(void);
/* 1 and *who filled when the key whose SHA-256 is hash_hex is cached, fresh and current. */
int keycache_get(const char *hash_hex, zi_principal *who);
/* Remembers a key read from the database by a lookup that started at generation gen. */
void keycache_put(const char *hash_hex, const zi_principal *who, unsigned long gen);
/* Forgets every entry (a key changed somewhere). */
void keycache_flush(void);
/* Turns the cache on (the listener is connected) or off; either way flushes it. */
void keycache_set_enabled(int on);

#endif
