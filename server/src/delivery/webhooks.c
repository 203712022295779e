#include "webhooks.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "../db/pool.h"
#include "../db/webhooks_db.h"
#include "../log.h"
#include "../version.h"

enum { MAX_WORKERS = 64, PRUNE_EVERY_S = 3600 };

static struct {
    webhook_settings s;
    pthread_t threads[MAX_WORKERS];
    int started;
    atomic_int stop;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    unsigned long kicks;
    char instance[17];
} w = {
    .s = {.workers = 0, .timeout_ms = 10000, .retry_base_ms = 10000, .retry_max_ms = 3600000, .retry_for_s = 86400,
          .poll_ms = 1000, .keep_days = 30},
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

const webhook_settings *webhooks_settings(void)
{
    return &w.s;
}

void webhooks_kick(void)
{
    pthread_mutex_lock(&w.lock);
    w.kicks++;
    pthread_cond_signal(&w.wake);
    pthread_mutex_unlock(&w.lock);
}

static unsigned random32(void)
{
    unsigned v = 0;
    if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
        v = (unsigned)time(NULL) * 2654435761u;
    return v;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- where a delivery may go ---- */

/* The URL's scheme and host (brackets of an IPv6 literal removed), and its port. */
typedef struct {
    char scheme[8];
    char host[256];
    char port[8];
    int has_credentials, has_fragment;
} target;

static int parse_target(const char *url, target *t)
{
    memset(t, 0, sizeof *t);
    CURLU *u = curl_url();
    if (u == NULL)
        return -1;
    int rc = -1;
    char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL, *password = NULL, *fragment = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
        t->has_credentials = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
                             curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK;
        t->has_fragment = curl_url_get(u, CURLUPART_FRAGMENT, &fragment, 0) == CURLUE_OK;
        size_t hl = strlen(host);
        const char *h = host;
        if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
            h = host + 1;
            hl -= 2;
        }
        if (strlen(scheme) < sizeof t->scheme && hl > 0 && hl < sizeof t->host &&
            (port == NULL || strlen(port) < sizeof t->port)) {
            snprintf(t->scheme, sizeof t->scheme, "%s", scheme);
            memcpy(t->host, h, hl);
            t->host[hl] = '\0';
            snprintf(t->port, sizeof t->port, "%s", port ? port : "");
            rc = 0;
        }
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(user);
    curl_free(password);
    curl_free(fragment);
    curl_url_cleanup(u);
    return rc;
}

/* An IP literal's family (4, 6) and bytes; 0 when host is a name. */
static int literal(const char *host, unsigned char addr[16])
{
    if (inet_pton(AF_INET, host, addr) == 1)
        return 4;
    if (inet_pton(AF_INET6, host, addr) == 1)
        return 6;
    return 0;
}

static const char *scheme_problem(const target *t, char *hint, size_t cap)
{
    int https = strcmp(t->scheme, "https") == 0, http = strcmp(t->scheme, "http") == 0;
    if (https || (http && (w.s.allow_http || webhook_host_is_loopback(t->host))))
        return NULL;
    snprintf(hint, cap, "https (plain http only to a loopback address, unless ZI_WEBHOOK_ALLOW_HTTP=1)");
    return "scheme_not_allowed";
}

const char *webhooks_url_problem(const char *url, char *hint, size_t hint_cap)
{
    target t;
    hint[0] = '\0';
    if (parse_target(url, &t) != 0 || t.has_fragment) {
        snprintf(hint, hint_cap, "an absolute https:// URL without a #fragment");
        return "invalid_format";
    }
    const char *why = scheme_problem(&t, hint, hint_cap);
    if (why)
        return why;
    if (t.has_credentials) {
        snprintf(hint, hint_cap, "no user:password@ in the URL; deliveries are signed instead");
        return "credentials_not_allowed";
    }
    unsigned char addr[16];
    int family = literal(t.host, addr);
    why = family ? webhook_address_problem(family, addr, &w.s.allow) : NULL;
    if (why) {
        snprintf(hint, hint_cap, "a %s address (ZI_WEBHOOK_ALLOW_ADDRESSES can allow it)", why);
        return "blocked_address";
    }
    return NULL;
}

/* Resolves the host once and checks every address it has: the connection is then pinned to
 * the address checked (CURLOPT_RESOLVE), so a name that answers differently a moment later
 * (DNS rebinding) cannot steer the delivery elsewhere. */
static int pin_address(const target *t, struct curl_slist **resolve, char *err, size_t cap)
{
    unsigned char addr[16];
    int family = literal(t->host, addr);
    if (family) {
        const char *why = webhook_address_problem(family, addr, &w.s.allow);
        if (why) {
            snprintf(err, cap, "blocked address (%s): %s", why, t->host);
            return -1;
        }
        return 0;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    int rc = getaddrinfo(t->host, t->port, &hints, &ai);
    if (rc != 0) {
        snprintf(err, cap, "cannot resolve %s: %s", t->host, gai_strerror(rc));
        return -1;
    }
    /* Every address, each checked, so that curl can still fall back from one to the next
     * (localhost: ::1, then 127.0.0.1). */
    char chosen[400] = "";
    size_t used = 0;
    for (struct addrinfo *a = ai; a; a = a->ai_next) {
        const unsigned char *bytes;
        int fam;
        if (a->ai_family == AF_INET) {
            bytes = (const unsigned char *)&((const struct sockaddr_in *)(const void *)a->ai_addr)->sin_addr;
            fam = 4;
        } else if (a->ai_family == AF_INET6) {
            bytes = (const unsigned char *)&((const struct sockaddr_in6 *)(const void *)a->ai_addr)->sin6_addr;
            fam = 6;
        } else {
            continue;
        }
        char text[INET6_ADDRSTRLEN];
        inet_ntop(a->ai_family, bytes, text, sizeof text);
        const char *why = webhook_address_problem(fam, bytes, &w.s.allow);
        if (why) {
            /* truncation of a long host name in the log line is fine */
            if (snprintf(err, cap, "blocked address (%s): %s resolves to %s", why, t->host, text) < 0)
                err[0] = '?';
            freeaddrinfo(ai);
            return -1;
        }
        size_t need = strlen(text) + 4;
        if (used + need < sizeof chosen)
            used += (size_t)snprintf(chosen + used, sizeof chosen - used, fam == 6 ? "%s[%s]" : "%s%s",
                                     used ? "," : "", text);
    }
    freeaddrinfo(ai);
    if (chosen[0] == '\0') {
        snprintf(err, cap, "%s has no address", t->host);
        return -1;
    }
    char entry[700];
    snprintf(entry, sizeof entry, "%s:%s:%s", t->host, t->port, chosen);
    *resolve = curl_slist_append(NULL, entry);
    if (*resolve == NULL) {
        snprintf(err, cap, "out of memory");
        return -1;
    }
    return 0;
}

static size_t discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

static struct curl_slist *add_header(struct curl_slist *h, const char *name, const char *value)
{
    char line[512];
    snprintf(line, sizeof line, "%s: %s", name, value);
    struct curl_slist *next = h ? curl_slist_append(h, line) : NULL;
    if (next == NULL)
        curl_slist_free_all(h);
    return next;
}

/* One POST of the job's event to its subscription's URL. */
static void attempt(CURL *curl, const webhook_job *j, webhook_outcome *o, char *err, size_t cap)
{
    memset(o, 0, sizeof *o);
    err[0] = '\0';
    long long start = now_ms();
    target t;
    struct curl_slist *resolve = NULL, *headers = NULL;
    char hint[160];
    if (parse_target(j->url, &t) != 0)
        snprintf(err, cap, "the URL no longer parses");
    else if (scheme_problem(&t, hint, sizeof hint))
        snprintf(err, cap, "scheme not allowed: %s", t.scheme);
    else
        pin_address(&t, &resolve, err, cap);
    if (err[0] == '\0') {
        char ts[24], signature[WEBHOOK_SIGNATURE_LEN + 1], attempt_no[16], event_id[40];
        long long now = (long long)time(NULL);
        snprintf(ts, sizeof ts, "%lld", now);
        snprintf(attempt_no, sizeof attempt_no, "%d", strcmp(j->kind, "event") == 0 ? j->attempt + 1 : 1);
        if (j->seq > 0)
            snprintf(event_id, sizeof event_id, "%lld", j->seq);
        else
            snprintf(event_id, sizeof event_id, "%s", j->delivery_id);
        size_t len = strlen(j->body);
        if (webhook_sign(j->secret, now, j->body, len, signature) != 0) {
            snprintf(err, cap, "cannot sign");
        } else {
            headers = curl_slist_append(NULL, "Content-Type: application/json");
            headers = add_header(headers, "Zi-Event-Id", event_id);
            headers = add_header(headers, "Zi-Delivery-Id", j->delivery_id);
            headers = add_header(headers, "Zi-Timestamp", ts);
            headers = add_header(headers, "Zi-Signature", signature);
            headers = add_header(headers, "Zi-Attempt", attempt_no);
            headers = add_header(headers, "Expect", ""); /* no 100-continue round trip */
        }
        if (err[0] == '\0' && headers == NULL)
            snprintf(err, cap, "out of memory");
        if (err[0] == '\0') {
            char curl_err[CURL_ERROR_SIZE] = "";
            curl_easy_reset(curl);
            curl_easy_setopt(curl, CURLOPT_URL, j->url);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, j->body);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(curl, CURLOPT_USERAGENT, "zi-server/" ZI_SERVER_VERSION " (webhooks)");
            curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, w.s.timeout_ms);
            curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, w.s.timeout_ms);
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            /* Only where the checks above said: no redirects, no proxy from the environment. */
            curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
            curl_easy_setopt(curl, CURLOPT_PROXY, "");
            curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
            curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
            if (resolve)
                curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
            CURLcode rc = curl_easy_perform(curl);
            long code = 0;
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
            o->code = rc == CURLE_OK ? (int)code : 0;
            if (rc == CURLE_OPERATION_TIMEDOUT)
                snprintf(err, cap, "no answer within %ld ms", w.s.timeout_ms);
            else if (rc != CURLE_OK)
                snprintf(err, cap, "%s", curl_err[0] ? curl_err : curl_easy_strerror(rc));
            else if (code < 200 || code > 299)
                snprintf(err, cap, "the receiver answered %ld", code);
            /* The handle outlives these lists: forget them before they are freed. */
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
            curl_easy_setopt(curl, CURLOPT_RESOLVE, NULL);
        }
    }
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
    o->ok = err[0] == '\0';
    o->error = o->ok ? NULL : err;
    o->duration_ms = (long)(now_ms() - start);
    o->retry_in_ms = webhook_backoff_ms(j->attempt + 1, w.s.retry_base_ms, w.s.retry_max_ms, random32());
    o->retry_for_s = w.s.retry_for_s;
}

/* ---- the workers ---- */

/* Sleeps until kicked or poll_ms pass; *seen is the kick count already acted on. */
static void idle(unsigned long *seen)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    long ms = w.s.poll_ms;
    deadline.tv_sec += ms / 1000;
    deadline.tv_nsec += (ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w.lock);
    while (w.kicks == *seen && !atomic_load(&w.stop)) {
        if (pthread_cond_timedwait(&w.wake, &w.lock, &deadline) != 0)
            break;
    }
    *seen = w.kicks;
    pthread_mutex_unlock(&w.lock);
}

/* One round: claim, deliver outside any transaction, record. 1 when a delivery was made. */
static int one_delivery(CURL *curl, const char *owner)
{
    db_conn *c;
    if (db_acquire(&c) != ZI_OK)
        return 0;
    webhook_job job;
    /* The lease outlasts the longest attempt, so a live worker never loses it mid-delivery. */
    zi_result rc = webhooks_db_claim(c, owner, w.s.timeout_ms + 30000, &job);
    db_release(c);
    if (rc != ZI_OK) {
        if (rc != ZI_E_NOT_FOUND)
            zlog(LOG_WARN, "webhooks: cannot claim work (%d)", (int)rc);
        return 0;
    }
    char err[320];
    webhook_outcome o;
    attempt(curl, &job, &o, err, sizeof err);
    zlog(o.ok ? LOG_DEBUG : LOG_INFO, "webhooks: %s delivery %s (event %lld) to subscription %s: %s (%ld ms)",
         job.kind, job.delivery_id, job.seq, job.id, o.ok ? "delivered" : err, o.duration_ms);
    /* If this fails the lease runs out and the event is delivered again: at least once. */
    if (db_acquire(&c) == ZI_OK) {
        if (webhooks_db_record(c, owner, &job, &o) != ZI_OK)
            zlog(LOG_WARN, "webhooks: cannot record delivery %s; it will be retried", job.delivery_id);
        db_release(c);
    }
    webhook_job_clear(&job);
    return 1;
}

static void prune(void)
{
    db_conn *c;
    long deleted = 0;
    if (db_acquire(&c) != ZI_OK)
        return;
    if (webhooks_db_prune(c, w.s.keep_days, &deleted) == ZI_OK && deleted > 0)
        zlog(LOG_INFO, "webhooks: pruned %ld finished deliveries older than %ld days", deleted, w.s.keep_days);
    db_release(c);
}

static void *worker(void *arg)
{
    int index = (int)(intptr_t)arg;
    char owner[40];
    snprintf(owner, sizeof owner, "%s/%d", w.instance, index);
    CURL *curl = curl_easy_init();
    if (curl == NULL) {
        zlog(LOG_ERROR, "webhooks: worker %d cannot start libcurl", index);
        return NULL;
    }
    unsigned long seen = 0;
    time_t pruned = 0;
    while (!atomic_load(&w.stop)) {
        if (one_delivery(curl, owner))
            continue;
        if (index == 0 && time(NULL) - pruned >= PRUNE_EVERY_S) {
            prune();
            pruned = time(NULL);
        }
        /* A burst of writes kicks once per event: look at most every 20 ms when idle. */
        struct timespec gap = {0, 20 * 1000000L};
        nanosleep(&gap, NULL);
        idle(&seen);
    }
    curl_easy_cleanup(curl);
    return NULL;
}

int webhooks_start(const webhook_settings *s)
{
    w.s = *s;
    if (w.s.workers > MAX_WORKERS)
        w.s.workers = MAX_WORKERS;
    unsigned char id[8];
    if (getrandom(id, sizeof id, 0) != (ssize_t)sizeof id)
        return -1;
    for (size_t i = 0; i < sizeof id; i++)
        snprintf(w.instance + 2 * i, 3, "%02x", id[i]);
    atomic_store(&w.stop, 0);
    for (int i = 0; i < w.s.workers; i++) {
        if (pthread_create(&w.threads[i], NULL, worker, (void *)(intptr_t)i) != 0) {
            w.s.workers = i;
            webhooks_stop();
            return -1;
        }
        w.started = i + 1;
    }
    return 0;
}

void webhooks_stop(void)
{
    pthread_mutex_lock(&w.lock);
    atomic_store(&w.stop, 1);
    pthread_cond_broadcast(&w.wake);
    pthread_mutex_unlock(&w.lock);
    for (int i = 0; i < w.started; i++)
        pthread_join(w.threads[i], NULL);
    w.started = 0;
}
