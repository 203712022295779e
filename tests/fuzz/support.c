#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "db/keycache.h"
#include "http/auth.h"
#include "http/router.h"
#include "log.h"

const unsigned fuzz_roles[] = {ROLE_PUBLIC, ROLE_ADMIN, ROLE_UPG, ROLE_EVALUATOR, ROLE_UNIT_OFFICER, ROLE_EMPLOYEE};
const size_t fuzz_nroles = sizeof fuzz_roles / sizeof fuzz_roles[0];

/* zi_ + 32 base64url characters each; the seed corpora use them. */
static const struct {
    unsigned role;
    const char *key;
    const char *key_id;
} keys[] = {
    {ROLE_ADMIN, "zi_fuzzadminAAAAAAAAAAAAAAAAAAAAAAA", "00000000-0000-4000-8000-000000000001"},
    {ROLE_UPG, "zi_fuzzupgAAAAAAAAAAAAAAAAAAAAAAAAA", "00000000-0000-4000-8000-000000000002"},
    {ROLE_EVALUATOR, "zi_fuzzevaluatorAAAAAAAAAAAAAAAAAAA", "00000000-0000-4000-8000-000000000003"},
    {ROLE_UNIT_OFFICER, "zi_fuzzofficerAAAAAAAAAAAAAAAAAAAAA", "00000000-0000-4000-8000-000000000004"},
    {ROLE_EMPLOYEE, "zi_fuzzemployeeAAAAAAAAAAAAAAAAAAAA", "00000000-0000-4000-8000-000000000005"},
};
#define NKEYS (sizeof keys / sizeof keys[0])
static char key_hash[NKEYS][65];

/* The unit of unit-bound keys, and an employee's NIP (a valid one). */
#define FUZZ_UNIT "11111111-1111-4111-8111-111111111111"
#define FUZZ_NIP "198001012005011001"

char *fuzz_strndup(const uint8_t *data, size_t n)
{
    char *s = malloc(n + 1);
    if (s == NULL)
        abort();
    if (n)
        memcpy(s, data, n);
    s[n] = '\0';
    return s;
}

const char *fuzz_role_key(unsigned role)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (keys[i].role == role)
            return keys[i].key;
    }
    return NULL;
}

void fuzz_principal(zi_principal *who, unsigned role)
{
    memset(who, 0, sizeof *who);
    who->role = role;
    for (size_t i = 0; i < NKEYS; i++) {
        if (keys[i].role == role)
            snprintf(who->key_id, sizeof who->key_id, "%s", keys[i].key_id);
    }
    if (role & ROLE_UNIT_BOUND)
        snprintf(who->unit_id, sizeof who->unit_id, "%s", FUZZ_UNIT);
    if (role == ROLE_EMPLOYEE)
        snprintf(who->nip, sizeof who->nip, "%s", FUZZ_NIP);
}

void fuzz_prime_keys(void)
{
    for (size_t i = 0; i < NKEYS; i++) {
        zi_principal who;
        fuzz_principal(&who, keys[i].role);
        keycache_put(key_hash[i], &who, keycache_generation());
    }
}

void fuzz_init_server(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    zi_log_level = Y_LOG_LEVEL_NONE;
    modules_use(1);
    if (modules_check() != 0 || router_init(modules_in_service()) != 0) {
        fprintf(stderr, "fuzz: the module declarations do not load\n");
        abort();
    }
    for (size_t i = 0; i < NKEYS; i++) {
        if (!apikey_well_formed(keys[i].key) || apikey_hash_hex(keys[i].key, key_hash[i]) != 0)
            abort();
    }
    keycache_set_enabled(1);
}

void fuzz_req_init(fuzz_request *f, const char *method, const char *url)
{
    memset(f, 0, sizeof *f);
    if (ulfius_init_request(&f->u) != U_OK || ulfius_init_response(&f->resp) != U_OK)
        abort();
    f->u.http_verb = o_strdup(method);
    f->u.http_url = o_strdup(url);
    f->r.u = &f->u;
    f->r.resp = &f->resp;
    errors_init(&f->r.errors);
}

void fuzz_req_header(fuzz_request *f, const char *name, const char *value)
{
    const char *old = u_map_get(f->u.map_header, name);
    if (old == NULL) {
        u_map_put(f->u.map_header, name, value);
        return;
    }
    size_t n = strlen(old) + strlen(value) + 2;
    char *joined = malloc(n);
    if (joined == NULL)
        abort();
    snprintf(joined, n, "%s,%s", old, value);
    u_map_put(f->u.map_header, name, joined);
    free(joined);
}

void fuzz_req_body(fuzz_request *f, const void *data, size_t n)
{
    o_free(f->u.binary_body);
    f->u.binary_body = NULL;
    f->u.binary_body_length = 0;
    if (n == 0)
        return;
    f->u.binary_body = o_malloc(n);
    if (f->u.binary_body == NULL)
        abort();
    memcpy(f->u.binary_body, data, n);
    f->u.binary_body_length = n;
}

void fuzz_req_free(fuzz_request *f)
{
    for (int i = 0; i < f->r.nquery; i++)
        free(f->r.query[i].value);
    json_decref(f->r.body);
    json_decref(f->r.problem_extra);
    free(f->r.idem_body);
    ulfius_clean_request(&f->u);
    ulfius_clean_response(&f->resp);
}
