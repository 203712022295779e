/*
 * test_authz_walk.c — the authorization walk (issue 4 "Authorization walk"): EVERY
 * operation of the OpenAPI document the server serves (GET /v1/openapi.json) × every
 * role (admin, upg, evaluator, unit_officer, employee; the unit-bound ones on an "own"
 * unit, tried on it and on a "foreign" unit wherever the path names a unit {id} or a
 * record of a unit — a declaration, a service pledge, a pact signature — or the body
 * names the unit, as createDeclaration's unit_id does) × no
 * key, a revoked key, a malformed key and a well-formed unknown key, each checked
 * against the matrix the document states:
 *
 *   x-roles        the roles allowed; "public" means no key is needed
 *   x-unit-scope   "own": unit-bound roles act only on the unit of their key
 *
 * Allowed → neither 401 nor 403 (nor 5xx); the request may still fail for other
 * reasons (404, 409, 422 ...). A role not allowed → 403; no key on a non-public
 * operation → 401; a unit-bound role on a foreign unit under x-unit-scope own → 403;
 * a revoked, malformed or unknown key → 401 on every operation but the infrastructure
 * probes, which ignore keys. Under x-unit-scope own-private (a private record: a
 * gratification report) a unit-bound role gets 404 on a foreign unit's record, as for a
 * record that does not exist; and an employee who is not the reporter gets 404 on a
 * report of the own unit too (the walk has a second employee key for that).
 *
 * Confidentiality (issue 11): the walk's two reports (own and foreign unit) carry a
 * reporter's NIK and name; no response to a principal who may not see them (the unit's
 * officer, the evaluator, the other employee, no key or a bad key; the reporter for the
 * foreign unit's report) may hold those values anywhere in its raw body — reads, lists,
 * transitions, accesses, evidence files (issue 11, slice B) and the KPK packet alike. So that
 * the check cannot pass for want of the values, the admin's answers must show them at least
 * once for each report. An operation without x-roles fails the test; so does a
 * write the walk has no request body for (see walk_body), and a path parameter it
 * cannot fill (see fill_path). Writes carry If-Match: * so that preconditions cannot
 * hide the authorization outcome. The matrix of statuses received is printed.
 */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The programme year of the walk's proposals (issue 10): far from any other test's. */
#define PROPOSAL_YEAR_TEXT "2037"

static const char *const KNOWN_ROLES[] = {"public", "admin", "upg", "evaluator", "unit_officer", "employee"};
static const char *const METHODS[] = {"get", "put", "post", "patch", "delete", "options", "head", "trace"};

typedef enum { P_ROLE, P_NONE, P_REVOKED, P_MALFORMED, P_UNKNOWN } principal_kind;

typedef struct principal {
    const char *label; /* column heading */
    principal_kind kind;
    const char *role;  /* P_ROLE */
    bool unit_bound;
    char auth[160];    /* Authorization header, empty for none */
    bool not_reporter; /* an employee whose NIP is not the walk's reports' reporter_nip */
    int sees;          /* reporter identity it may see: 0 none, 1 the own unit's report, 2 all */
} principal;

enum { N_PRINCIPALS = 10, MAX_FAILURES = 40 };

/* The second employee of the own unit: not the reporter of the walk's reports. */
#define OTHER_EMPLOYEE_NIP "197903152006042003" /* valid: born 1979-03-15, appointed 2006-04, female, #003 */
/* The year the walk's calendar PUT writes: far from any year the other suites count over. */
#define CALENDAR_YEAR_TEXT "2099"
/* The retention policy the walk's PATCH names; it sends the policy's own keep_days back, so
 * that an allowed PATCH (or run) changes nothing a later test relies on. */
#define RETENTION_KIND "gratification_reporter_identity"
static long long walk_keep_days = -1;
/* The walk's evidence upload: the PNG signature and four bytes (12 bytes, no NUL). */
#define WALK_PNG "\x89PNG\r\n\x1a\nWALK"

typedef struct walk {
    principal who[N_PRINCIPALS];
    tu_unit own;
    tu_unit foreign;
    tu_key victim; /* target of the api-key operations */
    /* Records of the own and the foreign unit (issue 9), for the paths that name them and
     * for the operations whose unit scope is the record's unit. */
    char declaration[2][37];
    char pledge[2][37];
    char signature[2][37];
    /* Issue 10: a draft proposal of each unit, and a threshold row of the walk's own. */
    char proposal[2][37];
    char threshold[37];
    /* Issue 11: a draft gratification report of each unit (reporter: the walk's employee's
     * NIP), with the identity values no outsider may ever receive; a rule set's id. */
    char report[2][37];
    char report_nik[2][17];
    char report_name[2][96];
    char rule_set[37];
    /* Slice B: an evidence file of each report; a verified report of each unit (same reporter
     * identity) for the packet, which a draft has none of; what the admin's answers showed. */
    char evidence[2][37];
    char verified_report[2][37];
    bool secret_seen[2];
    /* Issue 14: a paused webhook subscription and a delivery of it (a ping). */
    char webhook[37];
    char delivery[37];
    char failures[MAX_FAILURES][400];
    int n_failures;
    int n_requests;
    int n_operations;
} walk;

static void add_failure(walk *w, const char *fmt, ...) TH_PRINTF(2, 3);

static void add_failure(walk *w, const char *fmt, ...)
{
    va_list ap;

    if (w->n_failures < MAX_FAILURES) {
        va_start(ap, fmt);
        vsnprintf(w->failures[w->n_failures], sizeof w->failures[0], fmt, ap);
        va_end(ap);
    }
    w->n_failures++;
}

/* Infrastructure operations (route flag RF_NO_AUTH) never look at Authorization: the
 * document says so with an empty security list, `security: []`. */
static bool is_probe(const json_t *op)
{
    const json_t *security = json_object_get(op, "security");
    return json_is_array(security) && json_array_size(security) == 0;
}

/*
 * The concrete path for template tmpl: {id} after "units" is the unit (own or foreign),
 * {code} after "by-code" the own unit's code, {id} after "api-keys" the victim key;
 * {id} after "declarations" or "service-pledges" a declaration or a pledge of that unit,
 * and the parameter after "pact-signatures" a signature of that unit (issue 9): their
 * unit scope is the record's unit; {id} after "webhooks" the walk's webhook subscription and
 * {delivery_id} its ping (issue 14). Sets *unit_path when a unit {id} or a record of the
 * unit was filled. NULL (with a failure recorded) for a parameter the walk does not know:
 * teach it here when the document grows.
 */
static char *fill_path(walk *w, const char *op_id, const char *tmpl, const tu_unit *unit, bool *unit_path)
{
    char out[1024] = "";
    size_t n = 0;
    char prev[128] = "";
    const char *p = tmpl;

    *unit_path = false;
    while (*p) {
        const char *end;
        size_t len;
        char seg[128];

        if (*p != '/') {
            add_failure(w, "%s: path %s does not start with /", op_id, tmpl);
            return NULL;
        }
        p++;
        end = strchr(p, '/');
        len = end ? (size_t)(end - p) : strlen(p);
        if (len >= sizeof seg) {
            add_failure(w, "%s: path segment too long in %s", op_id, tmpl);
            return NULL;
        }
        memcpy(seg, p, len);
        seg[len] = '\0';
        if (seg[0] == '{') {
            const char *value = NULL;

            if (strcmp(seg, "{id}") == 0 && strcmp(prev, "units") == 0) {
                value = unit->id;
                *unit_path = true;
            } else if (strcmp(seg, "{code}") == 0 && strcmp(prev, "by-code") == 0) {
                value = w->own.code;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "api-keys") == 0) {
                value = w->victim.id;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "declarations") == 0) {
                value = w->declaration[unit == &w->own ? 0 : 1];
                *unit_path = true;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "service-pledges") == 0) {
                value = w->pledge[unit == &w->own ? 0 : 1];
                *unit_path = true;
            } else if (strcmp(prev, "pact-signatures") == 0) {
                value = w->signature[unit == &w->own ? 0 : 1];
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "proposals") == 0) {
                value = w->proposal[unit == &w->own ? 0 : 1];
                *unit_path = true;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "lke-thresholds") == 0) {
                value = w->threshold;
            } else if (strcmp(seg, "{year}") == 0 && strcmp(prev, "programme-years") == 0) {
                value = PROPOSAL_YEAR_TEXT;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "gratification-reports") == 0) {
                /* The packet is made of verified reports only (a draft's is a 409 for everyone). */
                value = strcmp(op_id, "getGratificationPacket") == 0 ? w->verified_report[unit == &w->own ? 0 : 1]
                                                                     : w->report[unit == &w->own ? 0 : 1];
                *unit_path = true;
            } else if (strcmp(seg, "{evidence_id}") == 0 && strcmp(prev, "evidence") == 0) {
                value = w->evidence[unit == &w->own ? 0 : 1];
            } else if (strcmp(seg, "{kind}") == 0 && strcmp(prev, "retention-policies") == 0) {
                value = RETENTION_KIND;
            } else if (strcmp(seg, "{year}") == 0 && strcmp(prev, "calendar") == 0) {
                value = CALENDAR_YEAR_TEXT;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "gratification-rule-sets") == 0) {
                value = w->rule_set;
            } else if (strcmp(seg, "{id}") == 0 && strcmp(prev, "webhooks") == 0) {
                value = w->webhook;
            } else if (strcmp(seg, "{delivery_id}") == 0 && strcmp(prev, "deliveries") == 0) {
                value = w->delivery;
            }
            if (!value) {
                add_failure(w, "%s: the walk has no value for %s in %s (teach fill_path)", op_id, seg, tmpl);
                return NULL;
            }
            n += (size_t)snprintf(out + n, n < sizeof out ? sizeof out - n : 0, "/%s", value);
        } else {
            n += (size_t)snprintf(out + n, n < sizeof out ? sizeof out - n : 0, "/%s", seg);
        }
        if (n >= sizeof out) {
            add_failure(w, "%s: path %s too long", op_id, tmpl);
            return NULL;
        }
        snprintf(prev, sizeof prev, "%s", seg);
        p += len;
    }
    return th_format("%s", out);
}

/* The walk's signatures and pledges are dated in this past year, so that no date is in
 * the future; the records made in setup use SETUP_YEAR, and the walk's own declarations
 * (one per unit and year) the years before it. */
enum { WALK_YEAR = 2021, SETUP_YEAR = 2020 };

/*
 * The request body the walk sends to a write, by operationId: a minimal valid one, so
 * that an allowed role really acts. *known is false for a write the table lacks.
 * *body_unit is set when the body names the unit the operation concerns (its unit scope
 * is the body's unit_id): then the walk tries it with the own and the foreign unit.
 */
static char *walk_body(const char *op_id, const char *method, const tu_unit *unit, bool *known, bool *body_unit)
{
    char tag[64];

    *known = true;
    *body_unit = false;
    th_unique(tag, sizeof tag, "zt-walk-");
    if (strcmp(op_id, "createDeclaration") == 0) {
        /* One declaration per unit and year: each call takes another year (the units are the
         * walk's own), so an allowed role really declares. A repeat would answer 409, which
         * the walk accepts too (neither 401 nor 403). */
        static int calls;
        int year = 2001 + calls++ % (SETUP_YEAR - 2001);

        *body_unit = true;
        return th_format("{\"unit_id\":\"%s\",\"year\":%d,\"declared_on\":\"%d-03-01\",\"place\":\"[Uji] aula\","
                         "\"signer_name\":\"[Uji] kepala\",\"signer_position\":\"Kepala Unit\"}",
                         unit->id, year, year);
    }
    if (strcmp(op_id, "updateDeclaration") == 0)
        return th_format("{\"note\":\"[Uji] jalan otorisasi %s\"}", tag);
    if (strcmp(op_id, "signPact") == 0)
        return th_format("{\"year\":%d,\"name\":\"[Uji] %s\",\"position\":\"Satpam\",\"signed_on\":\"%d-01-04\","
                         "\"trigger\":\"annual\"}",
                         WALK_YEAR, tag, WALK_YEAR);
    if (strcmp(op_id, "importPactSignatures") == 0)
        return th_format("{\"signatures\":[{\"year\":%d,\"name\":\"[Uji] %s\",\"position\":\"Satpam\","
                         "\"signed_on\":\"%d-01-04\",\"trigger\":\"annual\"}]}",
                         WALK_YEAR, tag, WALK_YEAR);
    if (strcmp(op_id, "createCityPledge") == 0 || strcmp(op_id, "createUnitPledge") == 0)
        return th_format("{\"name\":\"[Uji] janji %s\",\"principles\":[\"Senyum\"],\"adopted_on\":\"%d-02-01\"}", tag,
                         WALK_YEAR);
    if (strcmp(op_id, "deactivateServicePledge") == 0)
        return th_format("{}"); /* "body empty or {}": {} whether or not the document requires one */
    if (strcmp(op_id, "putProgrammeYear") == 0)
        return th_format("{\"note\":\"[Uji] jalan otorisasi %s\"}", tag);
    if (strcmp(op_id, "createLkeThreshold") == 0) {
        /* One row per predicate and date: each call takes another day. */
        static int calls;
        int day = calls++;
        return th_format("{\"predicate\":\"wbk\",\"effective_from\":\"2035-%02d-%02d\",\"source\":\"[Uji] %s\","
                         "\"total_min\":75,\"enablers_min\":40,\"area_min_pct\":60,\"ipak_min\":15.75,"
                         "\"ipak_survey_min\":3.6,\"performance_min\":2.5,\"ipkp_min\":14,\"ipkp_survey_min\":3.2,"
                         "\"ipak_performance_min\":18.25}",
                         1 + day / 28 % 12, 1 + day % 28, tag);
    }
    if (strcmp(op_id, "updateLkeThreshold") == 0)
        return th_format("{\"source\":\"[Uji] jalan otorisasi %s\"}", tag);
    if (strcmp(op_id, "createProposal") == 0) {
        *body_unit = true;
        return th_format("{\"unit_id\":\"%s\",\"year\":%s,\"target\":\"wbk\"}", unit->id, PROPOSAL_YEAR_TEXT);
    }
    /* A step that is no step from draft: every role the route admits gets 409 (the route's
     * roles are checked before the step's own, which is another role's for most callers). */
    if (strcmp(op_id, "transitionProposal") == 0)
        return th_format("{\"to\":\"awarded\"}");
    if (strcmp(op_id, "putScoreSheet") == 0)
        return th_format("{\"enablers\":{},\"ipak_survey\":3,\"ipkp_survey\":3,\"performance\":3}");
    if (strcmp(op_id, "revokeUnitPredicate") == 0)
        return th_format("{\"reason\":\"[Uji] %s\",\"revoked_on\":\"2021-01-01\"}", tag);
    /* Issue 11. */
    if (strcmp(op_id, "createGratificationReport") == 0) {
        *body_unit = true;
        return th_format("{\"unit_id\":\"%s\",\"type\":\"receipt\",\"reporter_nik\":\"3500000000000001\","
                         "\"reporter_name\":\"[Uji] pelapor jalan\",\"reporter_address\":\"[Uji] Jl. Jalan\","
                         "\"reporter_phone\":\"0321-000000\",\"reporter_position\":\"Staf\","
                         "\"giver_name\":\"[Uji] pemberi\",\"giver_relationship\":\"vendor\",\"kind\":\"money\","
                         "\"description\":\"[Uji] %s\",\"value_idr\":1000,\"received_on\":\"2026-03-17\","
                         "\"place\":\"[Uji] kantor\",\"occasion\":\"service\",\"chronology\":\"[Uji] jalan\","
                         "\"job_related\":true}",
                         unit->id, tag);
    }
    if (strcmp(op_id, "updateGratificationReport") == 0)
        return th_format("{\"place\":\"[Uji] jalan otorisasi %s\"}", tag);
    /* No step from draft for a receipt: every role the route admits gets 409. */
    if (strcmp(op_id, "transitionGratificationReport") == 0)
        return th_format("{\"to\":\"recorded\"}");
    /* Slice B. The evidence upload is a raw PNG (try_one sends it as image/png); the policy
     * PATCH writes the value the policy holds; the run takes no body. */
    if (strcmp(op_id, "addGratificationEvidence") == 0)
        return th_format("%s", WALK_PNG);
    if (strcmp(op_id, "updateRetentionPolicy") == 0)
        return th_format("{\"keep_days\":%lld}", walk_keep_days);
    if (strcmp(op_id, "runRetention") == 0)
        return NULL;
    if (strcmp(op_id, "putCalendarYear") == 0)
        return th_format("{\"complete\":false,\"source\":\"[Uji] jalan otorisasi %s\",\"days\":[]}", tag);
    if (strcmp(op_id, "assessGratification") == 0)
        return th_format("{\"kind\":\"goods\",\"value_idr\":100000,\"giver_relationship\":\"colleague\","
                         "\"occasion\":\"other\",\"job_related\":false,\"date\":\"2026-03-17\"}");
    if (strcmp(op_id, "createUnit") == 0) {
        char code[64];

        th_unique(code, sizeof code, "zt-walk-");
        return th_format("{\"code\":\"%s\",\"name\":\"[Uji] jalan otorisasi\",\"kind\":\"other\"}", code);
    }
    if (strcmp(op_id, "updateUnit") == 0)
        return th_format("{\"staff_count\":3}");
    if (strcmp(op_id, "archiveUnit") == 0)
        return NULL;
    if (strcmp(op_id, "createApiKey") == 0)
        return th_format("{\"role\":\"evaluator\",\"name\":\"[Uji] jalan otorisasi\"}");
    /* Issue 14. Paused, at a loopback port nobody listens on: an allowed create makes no
     * delivery worker call anywhere (a ping is refused at once). */
    if (strcmp(op_id, "createWebhook") == 0)
        return th_format("{\"url\":\"http://127.0.0.1:9/%s\",\"event_types\":[\"unit.*\"],\"active\":false}", tag);
    if (strcmp(op_id, "updateWebhook") == 0)
        return th_format("{\"description\":\"[Uji] jalan otorisasi %s\"}", tag);
    if (strcmp(op_id, "pingWebhook") == 0 || strcmp(op_id, "redeliverWebhookDelivery") == 0)
        return th_format("{}"); /* "body empty or {}" */
    if (strcmp(op_id, "deleteWebhook") == 0)
        return NULL;
    if (strcmp(op_id, "revokeApiKey") == 0)
        return NULL;
    *known = strcmp(method, "get") == 0 || strcmp(method, "head") == 0;
    return NULL;
}

/* Operations that change their target for good: walked after all the others. */
static bool destructive(const char *op_id)
{
    return strcmp(op_id, "archiveUnit") == 0 || strcmp(op_id, "revokeApiKey") == 0 ||
           strcmp(op_id, "deleteWebhook") == 0;
}

static bool roles_contain(const json_t *roles, const char *role)
{
    size_t i;
    const json_t *v;

    json_array_foreach(roles, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), role) == 0)
            return true;
    }
    return false;
}

typedef enum { EXPECT_ALLOWED, EXPECT_401, EXPECT_403, EXPECT_404 } expectation;

/* A path naming one gratification report: private to its reporter among employees. */
static bool names_a_report(const char *tmpl)
{
    return strstr(tmpl, "/gratification-reports/{") != NULL;
}

static expectation expected(const principal *who, const json_t *roles, bool own_scope, bool private_scope,
                            bool probe, bool foreign, bool report_path)
{
    bool public_op = roles_contain(roles, "public");

    switch (who->kind) {
    case P_NONE:
        return public_op ? EXPECT_ALLOWED : EXPECT_401;
    case P_REVOKED:
    case P_MALFORMED:
    case P_UNKNOWN:
        return probe ? EXPECT_ALLOWED : EXPECT_401;
    case P_ROLE:
        break;
    }
    if (!public_op && !roles_contain(roles, who->role))
        return EXPECT_403;
    if (own_scope && who->unit_bound && foreign)
        return private_scope ? EXPECT_404 : EXPECT_403;
    if (report_path && who->not_reporter)
        return EXPECT_404;
    return EXPECT_ALLOWED;
}

/* True when the raw body of r (any bytes) holds needle. */
static bool body_holds(const th_response *r, const char *needle)
{
    size_t n = strlen(needle);

    if (!r->body || n == 0 || r->body_len < n)
        return false;
    for (size_t i = 0; i + n <= r->body_len; i++) {
        if (r->body[i] == needle[0] && memcmp(r->body + i, needle, n) == 0)
            return true;
    }
    return false;
}

/* Send one request; returns the status, negated (and a failure recorded) when it is not
 * as expected. */
static long try_one(walk *w, const char *op_id, const char *method, const char *path, const char *body,
                    const principal *who, expectation want, const char *where)
{
    const char *headers[5] = {NULL, NULL, NULL, NULL, NULL};
    size_t n = 0;
    th_response *r;
    long status;
    char why[512];
    char upper[16];
    int failures_before;

    for (size_t i = 0; i < sizeof upper - 1 && method[i]; i++) {
        upper[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ? method[i] - 32 : method[i]);
        upper[i + 1] = '\0';
    }
    if (who->auth[0])
        headers[n++] = who->auth;
    if (strcmp(upper, "GET") != 0 && strcmp(upper, "HEAD") != 0)
        headers[n++] = "If-Match: *";
    if (strcmp(op_id, "addGratificationEvidence") == 0)
        headers[n++] = "Content-Type: image/png"; /* the body is the file itself */
    r = th_request(upper, path, body, headers);
    status = r->status;
    failures_before = w->n_failures;
    w->n_requests++;
    switch (want) {
    case EXPECT_ALLOWED:
        if (status == 401 || status == 403 || status >= 500 || status < 100)
            add_failure(w, "%s %s %s as %s%s: allowed by the document, got %s", op_id, upper, path, who->label,
                        where, th_describe(r));
        break;
    case EXPECT_401:
        if (!th_check_problem(r, 401, "urn:zi:problem:unauthorized", why, sizeof why))
            add_failure(w, "%s %s %s as %s%s: expected 401 (%s)", op_id, upper, path, who->label, where, why);
        break;
    case EXPECT_403:
        if (!th_check_problem(r, 403, "urn:zi:problem:forbidden", why, sizeof why))
            add_failure(w, "%s %s %s as %s%s: expected 403 (%s)", op_id, upper, path, who->label, where, why);
        break;
    case EXPECT_404:
        if (!th_check_problem(r, 404, "urn:zi:problem:not-found", why, sizeof why))
            add_failure(w, "%s %s %s as %s%s: expected 404 (%s)", op_id, upper, path, who->label, where, why);
        break;
    }
    /* The admin's answers show each report's identity somewhere (or the check below is void). */
    for (int k = 0; who->kind == P_ROLE && who->sees == 2 && k < 2; k++)
        w->secret_seen[k] = w->secret_seen[k] || (w->report_nik[k][0] && body_holds(r, w->report_nik[k]) &&
                                                  body_holds(r, w->report_name[k]));
    /* No reporter identity to whoever may not see it, whatever the operation. */
    for (int k = who->sees; k < 2; k++) {
        int slot = who->sees == 1 ? 1 : k; /* the reporter may see the own unit's report only */
        const char *secrets[] = {w->report_nik[slot], w->report_name[slot]};

        for (size_t s = 0; s < 2; s++) {
            if (secrets[s][0] && body_holds(r, secrets[s]))
                add_failure(w, "%s %s %s as %s%s: the body holds a reporter's %s: %.200s", op_id, upper, path,
                            who->label, where, s ? "name" : "NIK", r->body ? r->body : "");
        }
    }
    th_response_free(r);
    return w->n_failures > failures_before ? -status : status;
}

/* Walk one operation: print its row of the matrix. */
static void walk_operation(walk *w, const char *tmpl, const char *method, const json_t *op)
{
    const char *op_id = th_json_str(op, "operationId");
    const json_t *roles = json_object_get(op, "x-roles");
    const char *scope = th_json_str(op, "x-unit-scope");
    bool own_scope;
    bool private_scope;
    bool probe = is_probe(op);
    bool unit_path = false;
    bool body_unit = false;
    bool known;
    char *probe_path;
    char row[512];
    size_t len;

    w->n_operations++;
    if (!op_id) {
        add_failure(w, "%s %s has no operationId", method, tmpl);
        op_id = "(no operationId)";
    }
    if (!json_is_array(roles) || json_array_size(roles) == 0) {
        add_failure(w, "%s (%s %s) has no x-roles: it is missing from the matrix", op_id, method, tmpl);
        printf("  %-28s %-6s (no x-roles)\n", op_id, method);
        return;
    }
    {
        size_t i;
        const json_t *v;

        json_array_foreach(roles, i, v) {
            bool ok = false;

            for (size_t k = 0; json_is_string(v) && k < sizeof KNOWN_ROLES / sizeof KNOWN_ROLES[0]; k++)
                ok = ok || strcmp(json_string_value(v), KNOWN_ROLES[k]) == 0;
            if (!ok)
                add_failure(w, "%s: x-roles holds an unknown role", op_id);
        }
    }
    if (scope && strcmp(scope, "own") != 0 && strcmp(scope, "own-private") != 0 && strcmp(scope, "none") != 0)
        add_failure(w, "%s: x-unit-scope is \"%s\" (expected own, own-private or none)", op_id, scope);
    private_scope = scope && strcmp(scope, "own-private") == 0;
    own_scope = private_scope || (scope && strcmp(scope, "own") == 0);

    /* Does the path name a unit? (Also validates the path parameters.) */
    probe_path = fill_path(w, op_id, tmpl, &w->own, &unit_path);
    if (!probe_path)
        return;
    free(probe_path);
    {
        char *b = walk_body(op_id, method, &w->own, &known, &body_unit);

        const json_t *rb = json_object_get(op, "requestBody");
        bool required = json_is_true(json_object_get(rb, "required"));

        if (!known) {
            free(b);
            add_failure(w, "%s (%s %s): the walk has no request body for this write (add it to walk_body)", op_id,
                        method, tmpl);
            return;
        }
        if (required && !b) {
            add_failure(w, "%s (%s %s): the document requires a request body, walk_body sends none", op_id, method,
                        tmpl);
            return;
        }
        free(b);
    }
    /* A private list (own-private without a unit in path or body) confines unit-bound callers
     * to their unit: nothing to try on a foreign unit. */
    if (own_scope && !unit_path && !body_unit && !private_scope)
        add_failure(w, "%s: x-unit-scope own on a path without a unit {id} or a record of a unit, and a body "
                       "naming no unit: the walk cannot try it",
                    op_id);
    unit_path = unit_path || body_unit;

    len = (size_t)snprintf(row, sizeof row, "  %-28s %-6s", op_id, method);
    for (int i = 0; i < N_PRINCIPALS; i++) {
        const principal *who = &w->who[i];
        int variants = unit_path && who->kind == P_ROLE ? 2 : 1;

        for (int v = 0; v < 2; v++) {
            const tu_unit *unit = v == 0 ? &w->own : &w->foreign;
            bool dummy;
            bool dummy_unit;
            char *path;
            char *body;
            long status;

            if (v >= variants) {
                if (who->kind == P_ROLE)
                    len += (size_t)snprintf(row + len, sizeof row - len, "    ");
                continue;
            }
            path = fill_path(w, op_id, tmpl, unit, &dummy);
            body = walk_body(op_id, method, unit, &known, &dummy_unit);
            status = try_one(w, op_id, method, path, body, who,
                             expected(who, roles, own_scope, private_scope, probe, v == 1, names_a_report(tmpl)),
                             v == 1 ? " on a foreign unit" : "");
            /* A status that is not as the document says is marked with '!'. */
            len += (size_t)snprintf(row + len, sizeof row - len, status < 0 ? "!%3ld" : " %3ld",
                                    status < 0 ? -status : status);
            free(body);
            free(path);
            if (who->kind != P_ROLE)
                break;
        }
    }
    {
        size_t i;
        const json_t *v;

        len += (size_t)snprintf(row + len, sizeof row - len, "  x-roles:");
        json_array_foreach(roles, i, v) {
            len += (size_t)snprintf(row + len, sizeof row - len, "%s%s", i ? "," : " ",
                                    json_is_string(v) ? json_string_value(v) : "?");
        }
        if (own_scope)
            snprintf(row + len, sizeof row - len, "; x-unit-scope: %s", private_scope ? "own-private" : "own");
    }
    printf("%s\n", row);
}

/* POST body to path with the admin key, asserting 201; the new record's id into id. */
static void make_record(const char *path, const char *body, char id[37])
{
    th_response *r = th_request("POST", path, body, (const char *const[]){th_admin_auth(), NULL});

    if (r->status != 201 || !th_is_uuid(th_json_str(r->json, "id")))
        th_fail("walk setup: POST %s: expected 201 with an id, got %s", path, th_describe(r));
    snprintf(id, 37, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
}

/* A declaration, a service pledge and a pact signature of unit u (issue 9), into slot i. */
static void make_unit_records(walk *w, const tu_unit *u, int i)
{
    char *body = th_format("{\"unit_id\":\"%s\",\"year\":%d,\"declared_on\":\"%d-05-02\",\"place\":\"[Uji] aula\","
                           "\"signer_name\":\"[Uji] kepala\",\"signer_position\":\"Kepala Unit\"}",
                           u->id, SETUP_YEAR, SETUP_YEAR);
    char *path = th_format("/v1/units/%s/service-pledges", u->id);

    make_record("/v1/declarations", body, w->declaration[i]);
    free(body);
    body = th_format("{\"name\":\"[Uji] janji jalan\",\"principles\":[\"Senyum\",\"Salam\"],\"adopted_on\":\"%d-05-02\"}",
                     SETUP_YEAR);
    make_record(path, body, w->pledge[i]);
    free(body);
    free(path);
    path = th_format("/v1/units/%s/pact-signatures", u->id);
    body = th_format("{\"year\":%d,\"nip\":\"%s\",\"name\":\"[Uji] penanda tangan\",\"position\":\"Staf\","
                     "\"signed_on\":\"%d-05-02\",\"trigger\":\"annual\"}",
                     SETUP_YEAR, TU_NIP, SETUP_YEAR);
    make_record(path, body, w->signature[i]);
    free(body);
    free(path);
    /* A designated unit and a draft proposal of it (issue 10). */
    path = th_format("/v1/units/%s", u->id);
    th_response *r = th_request("PATCH", path, "{\"designated_on\":\"2019-01-10\"}",
                                (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    th_assert_status(r, 200);
    th_response_free(r);
    free(path);
    body = th_format("{\"unit_id\":\"%s\",\"year\":%s,\"target\":\"wbk\"}", u->id, PROPOSAL_YEAR_TEXT);
    make_record("/v1/proposals", body, w->proposal[i]);
    free(body);
    /* A draft gratification report filed by the admin for the walk's employee (issue 11); its
     * NIK and name are what no outsider may receive. */
    {
        char tag[64];

        th_unique(tag, sizeof tag, "");
        snprintf(w->report_nik[i], sizeof w->report_nik[i], "36%06lu%08lu", (unsigned long)getpid() % 1000000UL,
                 (unsigned long)(i + 1) * 10000019UL % 100000000UL);
        snprintf(w->report_name[i], sizeof w->report_name[i], "Pelapor Jalan Rahasia %s", tag);
        body = th_format("{\"unit_id\":\"%s\",\"type\":\"receipt\",\"reporter_nik\":\"%s\","
                         "\"reporter_nip\":\"%s\",\"reporter_name\":\"%s\",\"reporter_address\":\"[Uji] Jl. Rahasia\","
                         "\"reporter_phone\":\"+62 321 000000\",\"reporter_position\":\"Staf\","
                         "\"giver_name\":\"[Uji] pemberi\",\"giver_relationship\":\"vendor\",\"kind\":\"money\","
                         "\"description\":\"[Uji] uang\",\"value_idr\":1500000,\"received_on\":\"2026-03-17\","
                         "\"place\":\"[Uji] kantor\",\"occasion\":\"service\",\"chronology\":\"[Uji] jalan\","
                         "\"job_related\":true}",
                         u->id, w->report_nik[i], TU_NIP, w->report_name[i]);
        make_record("/v1/gratification-reports", body, w->report[i]);
        /* Slice B: a file of the draft; the same reporter's report verified by the UPG (for the
         * packet). */
        {
            char *ev_path = th_format("/v1/gratification-reports/%s/evidence", w->report[i]);
            th_response *up = th_request("POST", ev_path, WALK_PNG,
                                         (const char *const[]){th_admin_auth(), "Content-Type: image/png", NULL});

            if (up->status != 201 || !th_is_uuid(th_json_str(up->json, "id")))
                th_fail("walk setup: POST %s: expected 201 with an id, got %s", ev_path, th_describe(up));
            snprintf(w->evidence[i], sizeof w->evidence[i], "%s", th_json_str(up->json, "id"));
            th_response_free(up);
            free(ev_path);
        }
        make_record("/v1/gratification-reports", body, w->verified_report[i]);
        free(body);
        {
            static const char *const steps[] = {"{\"to\":\"submitted\",\"occurred_on\":\"2026-03-18\"}",
                                                "{\"to\":\"verifying\",\"occurred_on\":\"2026-03-19\"}"};
            char *step_path = th_format("/v1/gratification-reports/%s/transitions", w->verified_report[i]);

            for (size_t k = 0; k < 2; k++) {
                th_response *st = th_request("POST", step_path, steps[k],
                                             (const char *const[]){th_admin_auth(), "If-Match: *", NULL});

                if (st->status != 200)
                    th_fail("walk setup: POST %s %s: expected 200, got %s", step_path, steps[k], th_describe(st));
                th_response_free(st);
            }
            free(step_path);
        }
    }
}

/* A paused webhook subscription (issue 14) and a ping of it, for the paths that name them. */
static void make_webhook_records(walk *w)
{
    th_response *r;
    char *path;

    make_record("/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:9/zt-walk\",\"event_types\":[\"unit.*\"],\"active\":false}",
                w->webhook);
    path = th_format("/v1/webhooks/%s/ping", w->webhook);
    r = th_request("POST", path, NULL, (const char *const[]){th_admin_auth(), NULL});
    if (r->status != 202 || !th_is_uuid(th_json_str(r->json, "id")))
        th_fail("walk setup: POST %s: expected 202 with a delivery id, got %s", path, th_describe(r));
    snprintf(w->delivery, sizeof w->delivery, "%s", th_json_str(r->json, "id"));
    th_response_free(r);
    free(path);
}

/* The programme year of the walk's proposals and a threshold row of its own (issue 10). */
static void make_programme_records(walk *w)
{
    th_response *r = th_request("PUT", "/v1/programme-years/" PROPOSAL_YEAR_TEXT,
                                "{\"bpk_opinion\":\"WTP\",\"sakip_grade\":\"B\",\"rb_index_grade\":\"CC\"}",
                                (const char *const[]){th_admin_auth(), "If-Match: *", NULL});
    if (r->status != 201 && r->status != 200)
        th_fail("walk setup: PUT programme year: %s", th_describe(r));
    th_response_free(r);
    /* A rule set of the seed (issue 11) for the paths that name one. */
    r = th_request("GET", "/v1/gratification-rule-sets?limit=1", NULL, NULL);
    th_assert_status(r, 200);
    if (!th_is_uuid(th_json_str(json_array_get(tu_data(r), 0), "id")))
        th_fail("walk setup: no rule set listed: %s", th_describe(r));
    snprintf(w->rule_set, sizeof w->rule_set, "%s", th_json_str(json_array_get(tu_data(r), 0), "id"));
    th_response_free(r);
    /* The retention policy's own keep_days (slice B), for the PATCH the walk sends. */
    r = th_request("GET", "/v1/retention-policies?limit=200", NULL, (const char *const[]){th_admin_auth(), NULL});
    th_assert_status(r, 200);
    {
        size_t i;
        const json_t *p;

        json_array_foreach(tu_data(r), i, p) {
            if (th_json_str(p, "kind") && strcmp(th_json_str(p, "kind"), RETENTION_KIND) == 0)
                walk_keep_days = th_json_int(p, "keep_days");
        }
    }
    if (walk_keep_days < 1)
        th_fail("walk setup: no retention policy " RETENTION_KIND ": %s", th_describe(r));
    th_response_free(r);
    make_record("/v1/lke-thresholds",
                "{\"predicate\":\"wbbm\",\"effective_from\":\"2036-06-30\",\"source\":\"[Uji] jalan otorisasi\","
                "\"total_min\":85,\"enablers_min\":48,\"area_min_pct\":75,\"ipak_min\":15.75,\"ipak_survey_min\":3.6,"
                "\"performance_min\":3.75,\"ipkp_min\":15.75,\"ipkp_survey_min\":3.6,\"ipak_performance_min\":19.5}",
                w->threshold);
}

static void setup(walk *w)
{
    static const char *const roles[] = {"admin", "upg", "evaluator", "unit_officer", "employee"};
    tu_key revoked;

    memset(w, 0, sizeof *w);
    tu_create_unit(&w->own, NULL);
    tu_create_unit(&w->foreign, NULL);
    tu_create_key(&w->victim, "evaluator", NULL, NULL);
    make_programme_records(w);
    make_webhook_records(w);
    make_unit_records(w, &w->own, 0);
    make_unit_records(w, &w->foreign, 1);
    for (int i = 0; i < 5; i++) {
        tu_key k;
        bool bound = strcmp(roles[i], "unit_officer") == 0 || strcmp(roles[i], "employee") == 0;

        tu_create_key(&k, roles[i], bound ? w->own.id : NULL, strcmp(roles[i], "employee") == 0 ? TU_NIP : NULL);
        w->who[i] = (principal){roles[i], P_ROLE, roles[i], bound, "", false, 0};
        snprintf(w->who[i].auth, sizeof w->who[i].auth, "%s", k.auth);
        /* Reporter identity: admins and the UPG see it; the employee is the reporter of the own
         * unit's report only; the officer and the evaluator see none. */
        w->who[i].sees = strcmp(roles[i], "admin") == 0 || strcmp(roles[i], "upg") == 0 ? 2
                         : strcmp(roles[i], "employee") == 0                              ? 1
                                                                                          : 0;
    }
    {
        tu_key k;

        tu_create_key(&k, "employee", w->own.id, OTHER_EMPLOYEE_NIP);
        w->who[5] = (principal){"emp2", P_ROLE, "employee", true, "", true, 0};
        snprintf(w->who[5].auth, sizeof w->who[5].auth, "%s", k.auth);
    }
    /* The revoked key was an admin's: if revocation were ignored, it would pass everywhere. */
    tu_create_key(&revoked, "admin", NULL, NULL);
    tu_revoke_key(revoked.id);
    w->who[6] = (principal){"none", P_NONE, NULL, false, "", false, 0};
    w->who[7] = (principal){"revoked", P_REVOKED, NULL, false, "", false, 0};
    snprintf(w->who[7].auth, sizeof w->who[7].auth, "%s", revoked.auth);
    w->who[8] = (principal){"malformed", P_MALFORMED, NULL, false, "Authorization: Bearer not-a-zi-key!", false, 0};
    w->who[9] = (principal){"unknown", P_UNKNOWN, NULL, false,
                            "Authorization: Bearer zi_QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", false, 0};
}

TH_TEST(test_every_operation_of_the_document_answers_every_role_and_key_as_its_x_roles_say)
{
    walk *w = calloc(1, sizeof *w);
    th_response *doc;
    const json_t *paths;

    if (!w)
        th_fail("out of memory");
    setup(w);
    doc = th_request("GET", "/v1/openapi.json", NULL, NULL);
    th_assert_status(doc, 200);
    paths = json_object_get(doc->json, "paths");
    if (!json_is_object(paths) || json_object_size(paths) == 0)
        th_fail("GET /v1/openapi.json has no paths: %s", th_describe(doc));

    printf("authorization walk (status per principal; two columns = own unit, foreign unit):\n");
    printf("  %-28s %-6s", "operation", "method");
    for (int i = 0; i < N_PRINCIPALS; i++)
        printf(w->who[i].kind == P_ROLE ? " %-7.7s" : " %-4.4s", w->who[i].label);
    printf("\n");
    for (int pass = 0; pass < 2; pass++) {
        const char *tmpl;
        const json_t *item;

        json_object_foreach((json_t *)paths, tmpl, item) {
            for (size_t m = 0; m < sizeof METHODS / sizeof METHODS[0]; m++) {
                const json_t *op = json_object_get(item, METHODS[m]);
                const char *op_id = th_json_str(op, "operationId");

                if (!json_is_object(op) || destructive(op_id ? op_id : "") != (pass == 1))
                    continue;
                walk_operation(w, tmpl, METHODS[m], op);
            }
        }
    }
    printf("authorization walk: %d operations, %d requests, %d not as the document says\n", w->n_operations,
           w->n_requests, w->n_failures);
    fflush(stdout);
    if (w->n_operations == 0)
        th_fail("the document has no operations: the walk proved nothing");
    if (!w->secret_seen[0] || !w->secret_seen[1])
        th_fail("no answer to the admin showed the NIK and name of the walk's report of the %s unit: the "
                "confidentiality check looks for values that never appear",
                !w->secret_seen[0] ? "own" : "foreign");
    if (w->n_failures > 0) {
        char msg[3800];
        size_t len = 0;

        for (int i = 0; i < w->n_failures && i < MAX_FAILURES && len + 10 < sizeof msg; i++)
            len += (size_t)snprintf(msg + len, sizeof msg - len, "\n  %s", w->failures[i]);
        th_fail("%d check(s) of the walk failed (outcomes against x-roles / x-unit-scope, or the document):%s",
                w->n_failures, msg);
    }
    th_response_free(doc);
    free(w);
}

/*
 * Beyond the matrix: a unit officer keeps its own unit's facts current (address, head,
 * staff count) but may not change what the unit is (code, name, kind, parent) — 403 with
 * not_allowed per field — and acts on no other unit; an employee changes no unit.
 */
TH_TEST(test_unit_officer_changes_only_the_facts_of_its_own_unit)
{
    tu_unit own;
    tu_unit foreign;
    tu_key officer;
    tu_key employee;
    char *own_path;
    char *foreign_path;
    th_response *before;
    th_response *r;
    static const char *const refused[][2] = {
        {"{\"name\":\"[Uji] nama baru\"}", "/name"},
        {"{\"code\":\"zt-renamed-by-officer\"}", "/code"},
        {"{\"kind\":\"sd\"}", "/kind"},
        {"{\"staff_count\":8,\"designation_decree\":\"SK 1/2026\"}", "/designation_decree"},
    };

    tu_create_unit(&own, NULL);
    tu_create_unit(&foreign, NULL);
    tu_create_key(&officer, "unit_officer", own.id, NULL);
    tu_create_key(&employee, "employee", own.id, TU_NIP);
    own_path = th_format("/v1/units/%s", own.id);
    foreign_path = th_format("/v1/units/%s", foreign.id);

    r = th_request("PATCH", own_path, "{\"address\":\"Jl. Uji 1\",\"head_name\":\"Kepala Uji\",\"staff_count\":12}",
                   (const char *const[]){officer.auth, "If-Match: *", NULL});
    th_assert_status(r, 200);
    if (th_json_int(r->json, "staff_count") != 12 || !th_json_str(r->json, "head_name"))
        th_fail("the officer's change did not apply: %s", th_describe(r));
    th_response_free(r);

    before = th_request("GET", own_path, NULL, NULL);
    th_assert_status(before, 200);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        r = th_request("PATCH", own_path, refused[i][0], (const char *const[]){officer.auth, "If-Match: *", NULL});
        th_assert_problem(r, 403, "urn:zi:problem:forbidden");
        if (!th_find_field_error(r, refused[i][1], "not_allowed"))
            th_fail("the officer's PATCH %s: no not_allowed error for %s: %s", refused[i][0], refused[i][1],
                    th_describe(r));
        th_response_free(r);
    }
    r = th_request("GET", own_path, NULL, NULL);
    if (!json_equal(r->json, before->json))
        th_fail("a refused officer's PATCH changed the unit: %s", th_describe(r));
    th_response_free(r);

    r = th_request("PATCH", foreign_path, "{\"staff_count\":13}",
                   (const char *const[]){officer.auth, "If-Match: *", NULL});
    th_assert_problem(r, 403, "urn:zi:problem:forbidden");
    th_response_free(r);
    r = th_request("PATCH", own_path, "{\"staff_count\":14}",
                   (const char *const[]){employee.auth, "If-Match: *", NULL});
    th_assert_problem(r, 403, "urn:zi:problem:forbidden");
    th_response_free(r);
    r = th_request("GET", own_path, NULL, NULL);
    if (th_json_int(r->json, "staff_count") != 12)
        th_fail("a refused PATCH changed the staff count: %s", th_describe(r));
    th_response_free(r);

    th_response_free(before);
    free(foreign_path);
    free(own_path);
}

/* The walk covers the document; this makes sure the document covers what is served. */
TH_TEST(test_every_served_route_is_an_operation_of_the_document_so_the_walk_covers_it)
{
    const char *argv[] = {th_server_bin(), "routes", NULL};
    th_proc *p = th_run(argv, NULL, 20000);
    json_t *routes = json_loads(p->out ? p->out : "", 0, NULL);
    th_response *doc = th_request("GET", "/v1/openapi.json", NULL, NULL);
    const json_t *paths = json_object_get(doc->json, "paths");
    char missing[3000] = "";
    size_t len = 0;
    size_t i;
    const json_t *route;

    th_assert_no_sanitizer_report(p);
    if (p->exit_code != 0 || !json_is_array(routes) || json_array_size(routes) == 0)
        th_fail("zi-server routes failed (exit %d): %.500s %.500s", p->exit_code, p->out, p->err);
    json_array_foreach(routes, i, route) {
        const char *method = th_json_str(route, "method");
        const char *path = th_json_str(route, "path");
        const char *op_id = th_json_str(route, "operationId");
        char lower[16] = "";
        const json_t *op;

        for (size_t k = 0; method && method[k] && k < sizeof lower - 1; k++)
            lower[k] = (char)(method[k] >= 'A' && method[k] <= 'Z' ? method[k] + 32 : method[k]);
        op = path ? json_object_get(json_object_get(paths, path), lower) : NULL;
        if (!op || !th_json_str(op, "operationId") || !op_id || strcmp(th_json_str(op, "operationId"), op_id) != 0)
            len += (size_t)snprintf(missing + len, sizeof missing - len > 0 ? sizeof missing - len : 0,
                                    "\n  %s %s (%s)", method ? method : "?", path ? path : "?",
                                    op_id ? op_id : "?");
        if (len >= sizeof missing)
            break;
    }
    if (missing[0])
        th_fail("served but not in GET /v1/openapi.json, so the authorization walk does not try them:%s", missing);
    th_response_free(doc);
    json_decref(routes);
    th_proc_free(p);
}

Suite *authz_walk_suite(void)
{
    Suite *s = suite_create("authz_walk");
    TCase *tc = tcase_create("walk");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_operation_of_the_document_answers_every_role_and_key_as_its_x_roles_say);
    tcase_add_test(tc, test_every_served_route_is_an_operation_of_the_document_so_the_walk_covers_it);
    tcase_add_test(tc, test_unit_officer_changes_only_the_facts_of_its_own_unit);
    suite_add_tcase(s, tc);
    return s;
}
