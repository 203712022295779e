#include "metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "../common/strbuf.h"
#include "../db/pool.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                               412, 413, 415, 422, 428, 429, 500, 503};
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1) /* last slot: any other status */
static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBUCKET (sizeof buckets / sizeof buckets[0])

typedef struct {
    atomic_ulong by_status[NSTATUS];
    atomic_ulong bucket[NBUCKET]; /* not cumulative; summed when rendered */
    atomic_ulong count;
    atomic_ulong sum_us;
} route_metrics;

static route_metrics *m;
static size_t nroutes;

int metrics_init(size_t route_count)
{
    nroutes = route_count;
    m = calloc(route_count + 1, sizeof *m);
    return m ? 0 : -1;
}

void metrics_free(void)
{
    free(m);
    m = NULL;
}

void metrics_observe(size_t route, int status, double seconds)
{
    if (m == NULL)
        return;
    if (route > nroutes)
        route = nroutes;
    route_metrics *rm = &m[route];
    size_t s = NSTATUS - 1;
    for (size_t i = 0; i + 1 < NSTATUS; i++) {
        if (statuses[i] == status) {
            s = i;
            break;
        }
    }
    atomic_fetch_add_explicit(&rm->by_status[s], 1, memory_order_relaxed);
    for (size_t b = 0; b < NBUCKET; b++) {
        if (seconds <= buckets[b]) {
            atomic_fetch_add_explicit(&rm->bucket[b], 1, memory_order_relaxed);
            break;
        }
    }
    atomic_fetch_add_explicit(&rm->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&rm->sum_us, (unsigned long)(seconds * 1e6), memory_order_relaxed);
}

char *metrics_render(const char *const *names, size_t *len)
{
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "# HELP zi_http_requests_total HTTP requests by route (operation id) and status.\n"
                 "# TYPE zi_http_requests_total counter\n");
    for (size_t r = 0; r <= nroutes; r++) {
        const char *name = r < nroutes ? names[r] : "unmatched";
        for (size_t s = 0; s < NSTATUS; s++) {
            unsigned long v = atomic_load_explicit(&m[r].by_status[s], memory_order_relaxed);
            if (v == 0)
                continue;
            if (s + 1 < NSTATUS)
                sb_printf(&sb, "zi_http_requests_total{route=\"%s\",status=\"%d\"} %lu\n", name, statuses[s], v);
            else
                sb_printf(&sb, "zi_http_requests_total{route=\"%s\",status=\"other\"} %lu\n", name, v);
        }
    }
    sb_puts(&sb, "# HELP zi_http_request_duration_seconds Time from request to response, by route.\n"
                 "# TYPE zi_http_request_duration_seconds histogram\n");
    for (size_t r = 0; r <= nroutes; r++) {
        const char *name = r < nroutes ? names[r] : "unmatched";
        unsigned long count = atomic_load_explicit(&m[r].count, memory_order_relaxed);
        if (count == 0)
            continue;
        unsigned long cumulative = 0;
        for (size_t b = 0; b < NBUCKET; b++) {
            cumulative += atomic_load_explicit(&m[r].bucket[b], memory_order_relaxed);
            sb_printf(&sb, "zi_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n", name,
                      buckets[b], cumulative);
        }
        sb_printf(&sb, "zi_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n", name, count);
        sb_printf(&sb, "zi_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                  (double)atomic_load_explicit(&m[r].sum_us, memory_order_relaxed) / 1e6);
        sb_printf(&sb, "zi_http_request_duration_seconds_count{route=\"%s\"} %lu\n", name, count);
    }
    db_pool_stats ps;
    db_stats(&ps);
    sb_printf(&sb,
              "# HELP zi_db_pool_connections Database connections in the pool.\n"
              "# TYPE zi_db_pool_connections gauge\nzi_db_pool_connections %d\n"
              "# HELP zi_db_pool_in_use Connections checked out by requests.\n"
              "# TYPE zi_db_pool_in_use gauge\nzi_db_pool_in_use %d\n"
              "# HELP zi_db_pool_waiting Requests waiting for a connection.\n"
              "# TYPE zi_db_pool_waiting gauge\nzi_db_pool_waiting %d\n"
              "# HELP zi_db_up Whether the last connection attempt to the database succeeded.\n"
              "# TYPE zi_db_up gauge\nzi_db_up %d\n",
              ps.size, ps.in_use, ps.waiting, ps.up);
    return sb_take(&sb, len);
}
