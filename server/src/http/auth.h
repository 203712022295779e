#ifndef ZI_AUTH_H
#define ZI_AUTH_H
/*
 * API keys: `zi_` followed by 32 base64url characters (192 random bits). Only the
 * SHA-256 of a key is stored. Thread-safe.
 */
#include <stddef.h>

#include "../domain/result.h"

#define ZI_KEY_PREFIX "zi_"
#define ZI_KEY_RANDOM_BYTES 24
#define ZI_KEY_LEN (3 + 32)

typedef struct zi_req zi_req;

/* 1 when the key has the shape of one of ours. */
int apikey_well_formed(const char *key);
/* Writes the lowercase hex SHA-256 of key (65 bytes with NUL). 0 on success. */
int apikey_hash_hex(const char *key, char out[65]);
/* Makes a new random key into out (ZI_KEY_LEN + 1 bytes). 0 on success. */
int apikey_generate(char out[ZI_KEY_LEN + 1]);
/* Resolves the request's Authorization header into r->who and checks the route's roles:
 * ZI_OK, ZI_E_UNAUTHORIZED, ZI_E_FORBIDDEN or ZI_E_UNAVAILABLE. Needs r->db when a key is sent. */
zi_result auth_check(zi_req *r);
/* The route's unit scope (http/route.h) for path and resolved scopes: sets r->scope_unit;
 * a unit-bound caller on another unit's record gets 403 (public record) or 404 (private).
 * Runs after the path parameters are validated; a resolver needs r->db. */
zi_result auth_check_scope(zi_req *r);
/* The same for SCOPE_BODY, once the body fields are validated: the unit named by the body
 * member (a unit-bound caller's own unit when absent). */
zi_result auth_check_body_scope(zi_req *r);

#endif
