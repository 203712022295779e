#ifndef ZI_BODY_H
#define ZI_BODY_H
/*
 * Strict JSON request bodies: size limit (413), media type (415), nesting depth,
 * duplicate keys, invalid UTF-8, NUL characters, non-object top level (400). On success
 * r->body holds the parsed object (or stays NULL for an allowed empty body).
 */
#include "request.h"

zi_result body_parse(zi_req *r, long max_bytes);

#endif
