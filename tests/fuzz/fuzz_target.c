/*
 * Request targets and query strings: the path split into percent-decoded segments, the route
 * found among every module's routes, UUID path parameters, and the query string checked against
 * the route's allowlist (percent-decoding, '+', repeats, unknown names, each parameter type).
 * Then what handlers read from it — path parameters, typed query values, the sort — and the
 * Link header of a next page, which echoes the query back.
 *
 * Input: one byte choosing the method, then the target as received ("/v1/units?limit=5").
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/router.h"

static const char *const methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE"};

/* Every query accessor a handler could use on the parameters the route allows. */
static void read_back(zi_req *r)
{
    for (const zi_qparam *q = r->route->query; q && q->name; q++) {
        switch (q->type) {
        case QP_INT:
            (void)req_query_int(r, q->name, 0);
            break;
        case QP_BOOL:
            (void)req_query_bool(r, q->name);
            break;
        case QP_SORT:
            (void)req_sort(r, q->sorts);
            break;
        case QP_STRING:
        case QP_ENUM:
        case QP_UUID:
        case QP_CURSOR:
        case QP_DATE:
        default:
            (void)req_query_str(r, q->name);
            break;
        }
    }
    static const char *const params[] = {"id", "code", "year", "key_id", "report_id", "file_id", "unit_id"};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        (void)req_path(r, params[i]);
    (void)reply_next_link(r, "next-cursor");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_init_server();
    if (n < 1)
        return 0;
    const char *method = methods[data[0] % (sizeof methods / sizeof methods[0])];
    char *target = fuzz_strndup(data + 1, n - 1);
    char *qmark = strchr(target, '?');
    if (qmark)
        *qmark = '\0';
    fuzz_request f;
    fuzz_req_init(&f, method, "/");
    f.r.raw_path = target;
    if (router_match_target(&f.r, method, qmark ? qmark + 1 : NULL) == ZI_OK)
        read_back(&f.r);
    fuzz_req_free(&f);
    free(target);
    return 0;
}
