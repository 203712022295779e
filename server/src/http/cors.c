#include "cors.h"

#include <stdlib.h>
#include <string.h>

#define CORS_MAX_ORIGINS 32
#define CORS_ALLOW_HEADERS \
    "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, Accept-Language"
#define CORS_EXPOSE_HEADERS                                                                               \
    "ETag, Link, Location, Retry-After, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, " \
    "Idempotent-Replayed"
#define CORS_MAX_AGE "600"

static char *origins_copy;
static const char *origins[CORS_MAX_ORIGINS];
static int norigins;
static int any_origin;

int cors_init(const char *list)
{
    norigins = 0;
    any_origin = 0;
    free(origins_copy);
    origins_copy = strdup(list ? list : "");
    if (origins_copy == NULL)
        return -1;
    char *save = NULL;
    for (char *tok = strtok_r(origins_copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        size_t n = strlen(tok);
        while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '/'))
            tok[--n] = '\0';
        if (n == 0)
            continue;
        if (strcmp(tok, "*") == 0)
            any_origin = 1;
        else if (norigins < CORS_MAX_ORIGINS)
            origins[norigins++] = tok;
        else
            return -1;
    }
    return 0;
}

void cors_free(void)
{
    free(origins_copy);
    origins_copy = NULL;
    norigins = 0;
}

static int origin_allowed(const char *origin)
{
    if (origin == NULL || *origin == '\0')
        return 0;
    if (any_origin)
        return 1;
    for (int i = 0; i < norigins; i++) {
        if (strcmp(origins[i], origin) == 0)
            return 1;
    }
    return 0;
}

void cors_apply(zi_req *r, int preflight, const char *allow)
{
    const char *origin = req_header(r, "Origin");
    /* Responses differ by Origin whenever CORS is on, allowed or not: caches must know. */
    if (any_origin || norigins)
        reply_header(r, "Vary", "Origin");
    if (!origin_allowed(origin))
        return;
    reply_header(r, "Access-Control-Allow-Origin", any_origin ? "*" : origin);
    if (preflight) {
        reply_header(r, "Access-Control-Allow-Methods", allow);
        reply_header(r, "Access-Control-Allow-Headers", CORS_ALLOW_HEADERS);
        reply_header(r, "Access-Control-Max-Age", CORS_MAX_AGE);
    } else {
        reply_header(r, "Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
    }
}
