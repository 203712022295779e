#ifndef ZI_IDEMPOTENCY_H
#define ZI_IDEMPOTENCY_H
/*
 * Idempotency-Key on POST (DESIGN §2). The router runs a POST's handler through
 * idempotent_call: without the header it just calls the handler; with it, the key is
 * first claimed in PostgreSQL in the request's transaction (http/route.h), and the
 * successful response is stored in the same transaction. A retry with the same key and the same
 * request gets the stored status, body, Location and ETag (plus Idempotent-Replayed:
 * true) without acting again, on any instance; the same key with a different request is
 * 422; two identical requests in flight at once produce one effect (the second waits on
 * the first's claim). Failed requests store nothing: they had no effect, so a retry acts.
 */
#include "request.h"

/* Runs handler (the route's, behind the dispatcher's checks) under the request's
 * Idempotency-Key, inside the transaction the dispatcher opened. */
zi_result idempotent_call(zi_req *r, zi_handler handler);

#endif
