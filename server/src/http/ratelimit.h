#ifndef ZI_RATELIMIT_H
#define ZI_RATELIMIT_H
/*
 * Token-bucket rate limits (issue 4), per API key, and per client address for requests
 * without a key. State lives in this process: with several instances behind a load
 * balancer each enforces its own budget (README says so). Thread-safe after
 * ratelimit_init (striped locks).
 */
#include "request.h"

/* per_minute tokens per minute refill, burst the bucket size; per_minute 0 turns limits off. */
int ratelimit_init(long per_minute, long burst);
void ratelimit_free(void);
/* Takes a token for the request's identity and sets the RateLimit-* headers.
 * ZI_E_RATE_LIMITED (with r->retry_after) when the bucket is empty. */
zi_result ratelimit_take(zi_req *r);

#endif
