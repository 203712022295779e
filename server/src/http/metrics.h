#ifndef ZI_METRICS_H
#define ZI_METRICS_H
/*
 * Prometheus counters kept in lock-free atomics: requests by route and status, a latency
 * histogram by route, pool gauges read at scrape time. Route i is the i-th route of
 * router_routes(); index `count` stands for requests that matched no route.
 * metrics_init once before threads start; the rest is thread-safe.
 */
#include <stddef.h>

int metrics_init(size_t route_count);
void metrics_free(void);
void metrics_observe(size_t route, int status, double seconds);
/* Renders the exposition text; names[i] labels route i. Caller frees. */
char *metrics_render(const char *const *names, size_t *len);

#endif
