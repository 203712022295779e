#ifndef ZI_FUZZ_H
#define ZI_FUZZ_H
/*
 * What the libFuzzer targets of tests/fuzz/ share: a request as Ulfius would hand it to the
 * dispatcher (built from fuzz bytes, no socket), the registered modules and routes, and API
 * keys of every role that authenticate without a database (primed into the key cache).
 * The database is always down (stub_pool.c). Single-threaded, as libFuzzer runs a target.
 */
#include <stddef.h>
#include <stdint.h>
#include <ulfius.h>

#include "http/request.h"

/* One request and its response. r.u and r.resp point into the same object: keep it in place. */
typedef struct {
    struct _u_request u;
    struct _u_response resp;
    zi_req r;
} fuzz_request;

/* Once per process: logging off, every module (the test fixture included) registered with
 * the router, the key cache on. Idempotent. */
void fuzz_init_server(void);

/* Starts a request (method and url copied). */
void fuzz_req_init(fuzz_request *f, const char *method, const char *url);
/* Adds a header as libmicrohttpd delivers it through Ulfius: a repeat of the same spelling is
 * joined to the first with ','. */
void fuzz_req_header(fuzz_request *f, const char *name, const char *value);
/* Sets the body (copied). */
void fuzz_req_body(fuzz_request *f, const void *data, size_t n);
/* Frees what the request and whatever ran on it own (query values, body, problem members). */
void fuzz_req_free(fuzz_request *f);

/* A NUL-terminated copy of data[0..n) (owned, free()); never NULL (aborts when out of memory). */
char *fuzz_strndup(const uint8_t *data, size_t n);

/* Roles a fuzz request may act as: ROLE_PUBLIC and each key role. */
extern const unsigned fuzz_roles[];
extern const size_t fuzz_nroles;
/* The API key (well-formed) that authenticates as role, or NULL for ROLE_PUBLIC. */
const char *fuzz_role_key(unsigned role);
/* Puts every role's key into the key cache (entries expire: call before each request). */
void fuzz_prime_keys(void);
/* The principal of a role's key: a key id, a unit for unit-bound roles, a NIP for employees. */
void fuzz_principal(zi_principal *who, unsigned role);

#endif
