/*
 * Strict request bodies (http/body.c): the announced Content-Length against the limit, the
 * Content-Type (application/json or text/csv, with or without a charset parameter), UTF-8,
 * NUL characters, nesting depth (counted before Jansson parses), duplicate keys, a non-object
 * top level — for each body rule a route can declare.
 *
 * Input: one byte choosing the rule and whether a Content-Length is sent; the Content-Type
 * value up to the first newline; when sent, the Content-Length value up to the next; the body.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/body.h"

static const zi_body_rule rules[] = {BODY_JSON, BODY_OPTIONAL_JSON, BODY_JSON_OR_CSV, BODY_FILE};

/* The text of data[*at..n) up to a newline (owned). */
static char *field(const uint8_t *data, size_t n, size_t *at)
{
    const uint8_t *start = data + *at;
    const uint8_t *nl = memchr(start, '\n', n - *at);
    size_t len = nl ? (size_t)(nl - start) : n - *at;
    *at += len + (nl != NULL);
    return fuzz_strndup(start, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_init_server();
    if (n < 1)
        return 0;
    zi_route route = {.method = "POST", .pattern = "/v1/fuzz", .operation_id = "fuzzBody"};
    route.body = rules[data[0] % (sizeof rules / sizeof rules[0])];
    size_t at = 1;
    fuzz_request f;
    fuzz_req_init(&f, "POST", "/v1/fuzz");
    f.r.route = &route;
    char *ct = field(data, n, &at);
    if (ct[0])
        fuzz_req_header(&f, "Content-Type", ct);
    char *cl = NULL;
    if (data[0] & 0x80) {
        cl = field(data, n, &at);
        fuzz_req_header(&f, "Content-Length", cl);
    }
    fuzz_req_body(&f, data + at, n - at);
    /* A small limit as well as the default, so that both sides of it are reached. */
    (void)body_parse(&f.r, (data[0] & 0x40) ? 64 : ZI_DEFAULT_MAX_BODY_BYTES);
    fuzz_req_free(&f);
    free(cl);
    free(ct);
    return 0;
}
