#ifndef ZI_ROUTER_H
#define ZI_ROUTER_H
/*
 * The HTTP side of zi-server: one Ulfius endpoint, our own dispatch over the route
 * tables, and the lifecycle (start on a libmicrohttpd epoll thread pool, drain on
 * SIGTERM/SIGINT). server_run blocks until a signal arrives.
 */
#include <stddef.h>

#include "../config.h"
#include "route.h"

/* Registers the routes of the modules (NULL-terminated, borrowed; must outlive the
 * server). 0 on success. */
int router_init(const zi_module *const *modules);
void router_free(void);
/* Every registered route, in a stable order (metrics, readiness, tests). */
const zi_route *router_route(size_t i);
size_t router_count(void);
/* 1 while serving, 0 once draining: /readyz reports it. */
int router_accepting(void);

/* Serves until SIGTERM/SIGINT; returns the process exit code. */
int server_run(const zi_config *cfg);

#endif
