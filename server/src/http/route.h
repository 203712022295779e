#ifndef ZI_ROUTE_H
#define ZI_ROUTE_H
/*
 * Declarative route tables. Each resource module (server/src/api/) declares one
 * zi_module (api/module.h) holding its routes; the dispatcher (http/router.c) walks every
 * module's routes and enforces centrally what a row declares before the handler runs:
 *
 *   roles        which API-key roles may call it (ROLE_PUBLIC: no key needed)
 *   scope        which unit the addressed record belongs to, so that unit-bound roles
 *                (unit_officer, employee) act only on their own unit (see zi_scope)
 *   query        the query parameter allowlist with types and bounds
 *   body         whether a JSON object is required, and the fields it may hold (validated
 *                here, against the same field specs that shape and filter responses)
 *   transaction  writes run in one transaction the dispatcher opens before the handler and
 *                commits after a 2xx (or rolls back); see the rule below
 *
 * Transactions — the one rule. The dispatcher owns the transaction: for every route whose
 * method is not GET (or that asks with TX_SNAPSHOT) it sends BEGIN before the idempotency
 * claim and the handler, and COMMIT after a successful response, ROLLBACK otherwise. The
 * idempotency record, the handler's statements and the journal triggers' audit records
 * therefore commit together or not at all. Handlers and db_* functions never send BEGIN,
 * COMMIT or ROLLBACK; a handler that must undo part of its work returns an error. Only one
 * Ulfius endpoint is registered (PERF-BASELINE.md §6).
 */
#include <stddef.h>

#include "../db/pool.h"
#include "../domain/fields.h"
#include "../domain/messages.h"
#include "../domain/principal.h"
#include "../domain/result.h"
#include "../zi_limits.h"

typedef struct zi_req zi_req;
typedef zi_result (*zi_handler)(zi_req *r);

typedef enum { QP_INT, QP_STRING, QP_ENUM, QP_UUID, QP_BOOL, QP_CURSOR, QP_SORT, QP_DATE /* YYYY-MM-DD */ } zi_qtype;

/* One allowed query parameter. For QP_INT min/max bound the value, for QP_STRING the
 * length in characters; QP_ENUM takes values, QP_SORT the sorts of the list. Tables end
 * with a row whose name is NULL. */
typedef struct {
    const char *name;
    zi_qtype type;
    long min, max;
    const char *const *values; /* QP_ENUM */
    const zi_sort *sorts;      /* QP_SORT */
    int required;              /* absent → 400 required */
} zi_qparam;

typedef enum {
    BODY_NONE,          /* a body is ignored (GET) */
    BODY_JSON,          /* a JSON object is required */
    BODY_OPTIONAL_JSON, /* empty, or a JSON object */
    BODY_JSON_OR_CSV,   /* a JSON object, or text/csv kept as sent (r->csv; UTF-8 checked) */
    BODY_FILE           /* any non-empty bytes kept as sent (r->raw): the handler checks the type */
} zi_body_rule;

/* The two parameters of every keyset list, the sort parameter, and the row that ends a table. */
#define ZI_QP_PAGE {"limit", QP_INT, 1, ZI_PAGE_MAX, NULL, NULL, 0}, {"cursor", QP_CURSOR, 0, 0, NULL, NULL, 0}
#define ZI_QP_SORT(sort_table) {"sort", QP_SORT, 0, 0, NULL, sort_table, 0}
#define ZI_QP_END {NULL, QP_INT, 0, 0, NULL, NULL, 0}

/*
 * Unit scope: how the dispatcher finds the unit that owns the addressed record, so that a
 * unit-bound role (unit_officer, employee) acts only on its own unit. Other roles are not
 * unit-bound and pass. On another unit's record a unit-bound role gets 403 when the record
 * is public (anyone may read it, so its existence is no secret) and 404 — the same answer
 * as for a record that does not exist — when it is private.
 */
typedef enum {
    SCOPE_NONE,    /* not unit-bound (or nothing to own) */
    SCOPE_PATH,    /* the path parameter `param` is the unit's id */
    SCOPE_RESOLVE, /* the path parameter `param` is the record's id; `resolve` finds its unit */
    SCOPE_BODY,    /* the body member `param` names the unit the record is created in */
    SCOPE_LIST     /* a list: unit-bound roles see only their unit's records (req_unit_filter) */
} zi_scope_kind;

typedef struct {
    zi_scope_kind kind;
    const char *param;
    const db_stmt *resolve; /* SCOPE_RESOLVE: $1 = the id → one row whose column 0 is the
                               unit id; no row when the record does not exist */
    int private_record;     /* another unit's record is answered 404, not 403 */
} zi_scope;

#define SCOPE_UNIT_PATH(p) {SCOPE_PATH, p, NULL, 0}
#define SCOPE_RESOLVED(p, stmt, priv) {SCOPE_RESOLVE, p, stmt, priv}
#define SCOPE_UNIT_BODY(p) {SCOPE_BODY, p, NULL, 0}
#define SCOPE_OWN_LIST {SCOPE_LIST, NULL, NULL, 1}

enum {
    RF_NO_DB = 1u << 0,   /* does not touch the database (health, metrics, contract) */
    RF_NO_AUTH = 1u << 1, /* infrastructure probe: Authorization is not even looked at */
    RF_SNAPSHOT = 1u << 3, /* a read that needs one consistent snapshot (REPEATABLE READ, READ ONLY) */
    RF_CSV = 1u << 4,     /* a list that also answers Accept: text/csv */
    RF_DIGEST = 1u << 5,  /* a cacheable read without a version: its ETag is a digest of the body,
                             and If-None-Match gets 304 (summaries, public directories) */
    RF_SEALED = 1u << 6,  /* reads the journal: pending records are sealed first (db_seal), so that
                             every write acknowledged before the request is in the answer */
};

typedef struct zi_route {
    const char *method;       /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern;      /* "/v1/units/{id}"; {id} and {*_id} segments must be UUIDs */
    const char *operation_id; /* as in openapi/openapi.yaml */
    zi_handler handler;
    unsigned roles;           /* ROLE_* bits allowed */
    zi_body_rule body;
    unsigned flags;           /* RF_* */
    const zi_qparam *query;   /* allowlist, or NULL for none */
    zi_scope scope;
    /* Body fields checked before the handler runs (FV_CREATE for POST, FV_PATCH for PATCH);
     * the handler reads them with req_field. NULL: the handler validates the body itself. */
    const zi_fieldset *fields;
    /* The representation the route answers with: what field visibility filters. */
    const zi_fieldset *shows;
    /* Largest body this route accepts, in bytes; 0: the configured ZI_MAX_BODY_BYTES. */
    long max_body;
} zi_route;

/*
 * A resource module: everything the server needs to know about one resource, declared in
 * one place (server/src/api/<resource>.c) and registered by one line in api/modules.c.
 * Like redis's command table, a resource is mostly a declaration — its fields with types,
 * limits and who may see them; its routes with roles, unit scope, query allowlist and body
 * fields; its statements and sorts (in db/<resource>_db.c); its own messages — plus a few
 * handlers for what a declaration cannot say.
 */
typedef struct zi_module {
    const char *name;              /* "units": for logs and start-up errors */
    const zi_route *routes;
    size_t nroutes;
    const db_stmt *statements;     /* prepared on every pooled connection; NULL for none */
    const zi_fieldset *fields;     /* its representation: what audit records of its
                                      resource_type are filtered by; NULL for none */
    const zi_msg *messages;        /* its own detail messages, NULL-terminated (checked at start) */
} zi_module;

#define ZI_MODULE(name, routes, statements, fields, messages)                                     \
    {name, routes, sizeof routes / sizeof routes[0], statements, fields, messages}

#endif
