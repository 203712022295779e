#ifndef ZI_PROBLEM_H
#define ZI_PROBLEM_H
/*
 * The one place that turns an internal result into an HTTP response: status, RFC 9457
 * problem document in the request's language, and the headers some statuses need
 * (Retry-After, WWW-Authenticate). Thread-safe.
 */
#include "../domain/result.h"
#include "request.h"

void problem_send(zi_req *r, zi_result rc);

#endif
