#ifndef ZI_EDGE_H
#define ZI_EDGE_H
/*
 * The HTTP edge (issue 13): what a request's framing must look like before anything else is
 * read. libmicrohttpd takes the first of two Content-Length headers and honours
 * Transfer-Encoding over Content-Length, so a request a proxy in front frames differently
 * would let bytes of one client's request run as another's (request smuggling). Refused here,
 * with 400 and the connection closed so that nothing after it on the socket is read as a
 * request: a repeated, comma-joined or non-numeric Content-Length, and Transfer-Encoding with
 * Content-Length. A transfer coding other than chunked never reaches us: libmicrohttpd then
 * reads the body until the client closes or the connection times out (ZI_CONNECTION_TIMEOUT_S)
 * and drops the connection without dispatching it (tests/api/test_http_edge.c shows it), so
 * no 501 can be sent from here.
 */
#include "request.h"

zi_result edge_check_framing(zi_req *r);

#endif
