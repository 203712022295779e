#include "ratelimit.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RL_STRIPES 64
#define RL_BUCKETS_PER_STRIPE 64
#define RL_IDLE_S 600.0 /* an idle full bucket is forgotten after this */

typedef struct rl_entry {
    char id[48]; /* "k:<key id>" or "a:<address>" */
    double tokens;
    double last;
    struct rl_entry *next;
} rl_entry;

typedef struct {
    pthread_mutex_t lock;
    rl_entry *heads[RL_BUCKETS_PER_STRIPE];
} rl_stripe;

static rl_stripe *stripes;
static double rate_per_s, burst;

int ratelimit_init(long per_minute, long burst_tokens)
{
    rate_per_s = (double)per_minute / 60.0;
    burst = (double)(burst_tokens > 0 ? burst_tokens : 1);
    if (per_minute <= 0)
        return 0;
    stripes = calloc(RL_STRIPES, sizeof *stripes);
    if (stripes == NULL)
        return -1;
    for (int i = 0; i < RL_STRIPES; i++)
        pthread_mutex_init(&stripes[i].lock, NULL);
    return 0;
}

void ratelimit_free(void)
{
    if (stripes == NULL)
        return;
    for (int i = 0; i < RL_STRIPES; i++) {
        for (int b = 0; b < RL_BUCKETS_PER_STRIPE; b++) {
            rl_entry *e = stripes[i].heads[b];
            while (e) {
                rl_entry *next = e->next;
                free(e);
                e = next;
            }
        }
        pthread_mutex_destroy(&stripes[i].lock);
    }
    free(stripes);
    stripes = NULL;
}

static unsigned long fnv1a(const char *s)
{
    unsigned long h = 1469598103934665603UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void identity(const zi_req *r, char *out, size_t cap)
{
    if (r->who.key_id[0]) {
        snprintf(out, cap, "k:%s", r->who.key_id);
        return;
    }
    char addr[INET6_ADDRSTRLEN] = "?";
    const struct sockaddr *sa = r->u->client_address;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr, sizeof addr);
    snprintf(out, cap, "a:%s", addr);
}

zi_result ratelimit_take(zi_req *r)
{
    if (stripes == NULL)
        return ZI_OK;
    char id[48];
    identity(r, id, sizeof id);
    unsigned long h = fnv1a(id);
    rl_stripe *st = &stripes[h % RL_STRIPES];
    rl_entry **head = &st->heads[(h / RL_STRIPES) % RL_BUCKETS_PER_STRIPE];
    double now = now_s();

    pthread_mutex_lock(&st->lock);
    rl_entry *found = NULL;
    for (rl_entry **pp = head; *pp;) {
        rl_entry *e = *pp;
        if (strcmp(e->id, id) == 0) {
            found = e;
            pp = &e->next;
        } else if (now - e->last > RL_IDLE_S) {
            *pp = e->next; /* refilled long ago: forgetting it changes nothing */
            free(e);
        } else {
            pp = &e->next;
        }
    }
    if (found == NULL) {
        found = calloc(1, sizeof *found);
        if (found == NULL) {
            pthread_mutex_unlock(&st->lock);
            return ZI_OK; /* never refuse service because bookkeeping failed */
        }
        snprintf(found->id, sizeof found->id, "%s", id);
        found->tokens = burst;
        found->last = now;
        found->next = *head;
        *head = found;
    }
    found->tokens = fmin(burst, found->tokens + (now - found->last) * rate_per_s);
    found->last = now;
    int allowed = found->tokens >= 1.0;
    if (allowed)
        found->tokens -= 1.0;
    double tokens = found->tokens;
    pthread_mutex_unlock(&st->lock);

    char v[32];
    snprintf(v, sizeof v, "%.0f", burst);
    reply_header(r, "RateLimit-Limit", v);
    snprintf(v, sizeof v, "%.0f", floor(tokens));
    reply_header(r, "RateLimit-Remaining", v);
    snprintf(v, sizeof v, "%.0f", ceil((burst - tokens) / rate_per_s));
    reply_header(r, "RateLimit-Reset", v);
    if (allowed)
        return ZI_OK;
    r->retry_after = (int)ceil((1.0 - tokens) / rate_per_s);
    if (r->retry_after < 1)
        r->retry_after = 1;
    req_detail(r, MSG_RATE_LIMITED, r->retry_after, NULL);
    return ZI_E_RATE_LIMITED;
}
