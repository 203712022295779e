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
/* For RF_OWN_UNIT routes: a unit-bound key acts only on its own unit (403 otherwise).
 * Runs after the path parameters are validated. */
zi_result auth_check_unit(zi_req *r);

#endif
