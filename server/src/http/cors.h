#ifndef ZI_CORS_H
#define ZI_CORS_H
/*
 * CORS (issue 4) from ZI_CORS_ORIGINS: "" (off), "*", or a comma-separated list of
 * origins. Allowed origins get Access-Control-Allow-Origin (the origin itself, or "*"),
 * Vary: Origin and the exposed headers on every response; preflights (OPTIONS with
 * Access-Control-Request-Method) are answered 204 with the path's methods and the
 * request headers the API reads. Credentials are never allowed: keys travel in the
 * Authorization header, not cookies. cors_init once before threads start.
 */
#include "request.h"

int cors_init(const char *origins);
void cors_free(void);
/* Adds the CORS headers for the request's Origin (if allowed) to the response. For a
 * preflight also the Allow-Methods/Headers/Max-Age; `allow` is the path's method list. */
void cors_apply(zi_req *r, int preflight, const char *allow);

#endif
