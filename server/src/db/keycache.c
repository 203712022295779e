#include "keycache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "../domain/digest.h"

#define SLOTS 4096 /* a power of two; a collision simply replaces the older entry */
#define STRIPES 64

typedef struct {
    char hash[65];
    zi_principal who;
    unsigned long gen;
    time_t at;
} entry;

static struct {
    pthread_mutex_t lock[STRIPES];
    entry slot[SLOTS];
    atomic_ulong gen;
    atomic_int enabled;
} kc;
static pthread_once_t kc_once = PTHREAD_ONCE_INIT;

static void kc_init(void)
{
    for (int i = 0; i < STRIPES; i++)
        pthread_mutex_init(&kc.lock[i], NULL);
}

static pthread_mutex_t *stripe(size_t i)
{
    pthread_once(&kc_once, kc_init);
    return &kc.lock[i % STRIPES];
}

static time_t now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

/* The key hashes are SHA-256: their first hex digits are already uniformly spread. */
static size_t slot_of(const char *hash_hex)
{
    size_t v = 0;
    for (int i = 0; i < 6 && hash_hex[i]; i++)
        v = v << 4 | (size_t)(hex_digit(hash_hex[i]) & 15);
    return v & (SLOTS - 1);
}

unsigned long keycache_generation(void)
{
    return atomic_load(&kc.gen);
}

int keycache_get(const char *hash_hex, zi_principal *who)
{
    if (!atomic_load(&kc.enabled) || strlen(hash_hex) != 64)
        return 0;
    size_t i = slot_of(hash_hex);
    pthread_mutex_t *lock = stripe(i);
    pthread_mutex_lock(lock);
    const entry *e = &kc.slot[i];
    int hit = e->gen == atomic_load(&kc.gen) && e->hash[0] && strcmp(e->hash, hash_hex) == 0 &&
              now_s() - e->at < KEYCACHE_TTL_S;
    if (hit)
        *who = e->who;
    pthread_mutex_unlock(lock);
    return hit;
}

void keycache_put(const char *hash_hex, const zi_principal *who, unsigned long gen)
{
    if (!atomic_load(&kc.enabled) || strlen(hash_hex) != 64)
        return;
    size_t i = slot_of(hash_hex);
    pthread_mutex_t *lock = stripe(i);
    pthread_mutex_lock(lock);
    /* Checked under the lock: a flush after our read makes the generation move on, and
     * an entry stored with the old one is never served. */
    if (gen == atomic_load(&kc.gen)) {
        entry *e = &kc.slot[i];
        memcpy(e->hash, hash_hex, 65);
        e->who = *who;
        e->gen = gen;
        e->at = now_s();
    }
    pthread_mutex_unlock(lock);
}

void keycache_flush(void)
{
    atomic_fetch_add(&kc.gen, 1);
}

void keycache_set_enabled(int on)
{
    atomic_store(&kc.enabled, on ? 1 : 0);
    keycache_flush();
}
