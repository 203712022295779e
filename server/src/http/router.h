#ifndef ZI_ROUTER_H
#define ZI_ROUTER_H
/*
 * The HTTP side of zi-server: one Ulfius endpoint, our own dispatch over the route
 * tables, and the lifecycle (start libmicrohttpd with a thread per connection, drain on
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

/* The request target's part of dispatching, without I/O, authentication or a database (for
 * the fuzz targets in tests/fuzz/; the dispatcher runs the same steps with authentication in
 * between): splits r->raw_path, finds the route for method (ZI_E_NOT_FOUND, ZI_E_METHOD) and
 * sets r->route, checks the UUID path parameters and parses query (the text after '?', or
 * NULL) against the route's allowlist (ZI_E_INVALID with field errors in r->errors). The
 * values stored in r->query are owned by r, freed as for a dispatched request. */
zi_result router_match_target(zi_req *r, const char *method, const char *query);

/* Serves until SIGTERM/SIGINT; returns the process exit code. */
int server_run(const zi_config *cfg);

#endif
