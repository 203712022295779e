#ifndef ZI_ROUTE_H
#define ZI_ROUTE_H
/*
 * Declarative route tables. Each resource module (server/src/api/) exports one table;
 * the dispatcher (http/router.c) walks all tables and enforces centrally what a row
 * declares — roles, query parameter allowlist with types, body rules — before the
 * handler runs. Only one endpoint is registered with Ulfius (PERF-BASELINE.md §6).
 */
#include <stddef.h>

#include "../domain/principal.h"
#include "../domain/result.h"
#include "../zi_limits.h"

typedef struct zi_req zi_req;
typedef zi_result (*zi_handler)(zi_req *r);

typedef enum { QP_INT, QP_STRING, QP_ENUM, QP_UUID, QP_BOOL, QP_CURSOR } zi_qtype;

/* One allowed query parameter. For QP_INT min/max bound the value, for QP_STRING the
 * length in characters. Tables end with a row whose name is NULL. */
typedef struct {
    const char *name;
    zi_qtype type;
    long min, max;
    const char *const *values; /* QP_ENUM */
    const char *hint;          /* QP_ENUM: allowed values for messages */
} zi_qparam;


typedef enum {
    BODY_NONE,          /* a body is ignored (GET) */
    BODY_JSON,          /* a JSON object is required */
    BODY_OPTIONAL_JSON  /* empty, or a JSON object */
} zi_body_rule;

/* The two parameters of every keyset list, and the row that ends a table. */
#define ZI_QP_PAGE                                                                             \
    {"limit", QP_INT, 1, ZI_PAGE_MAX, NULL, NULL}, {"cursor", QP_CURSOR, 0, 0, NULL, NULL}
#define ZI_QP_END {NULL, QP_INT, 0, 0, NULL, NULL}

enum {
    RF_NO_DB = 1u << 0,   /* does not touch the database (health, metrics, contract) */
    RF_NO_AUTH = 1u << 1, /* infrastructure probe: Authorization is not even looked at */
    RF_OWN_UNIT = 1u << 2, /* unit-bound roles (unit_officer, employee) may act only on the unit
                              named by the {id} path parameter of their own key: 403 otherwise */
};

typedef struct zi_route {
    const char *method;       /* "GET", "POST", "PATCH" */
    const char *pattern;      /* "/v1/units/{id}"; {id} and {*_id} segments must be UUIDs */
    const char *operation_id; /* as in openapi/openapi.yaml */
    zi_handler handler;
    unsigned roles;           /* ROLE_* bits allowed */
    zi_body_rule body;
    unsigned flags;           /* RF_* */
    const zi_qparam *query;   /* allowlist, or NULL for none */
} zi_route;

typedef struct {
    const zi_route *routes;
    size_t count;
} zi_route_table;

#endif
