#ifndef ZI_CURSOR_H
#define ZI_CURSOR_H
/*
 * Opaque keyset cursors. A cursor names the sort it belongs to, the last row's sort
 * value and the last row's id, encoded as base64url (no padding) of a small JSON
 * array. Clients must treat it as opaque; the server rejects a cursor made for
 * another sort. Thread-safe, no I/O.
 */
#include <stddef.h>

/* Returns a new base64url cursor (caller frees with free()), or NULL on allocation failure. */
char *cursor_encode(const char *sort, const char *value, const char *id);
/* Decodes a cursor; 0 on success when it is well-formed, made for `sort`, its id is a UUID
 * (or empty, for lists keyed by a unique value alone) and its value fits in value_cap.
 * Writes the value and the canonical id. */
int cursor_decode(const char *cursor, const char *sort, char *value, size_t value_cap, char id[37]);

/* base64url without padding; out must hold 4*ceil(n/3)+1 bytes. Returns the length written. */
size_t b64url_encode(const unsigned char *in, size_t n, char *out);
/* Decodes unpadded base64url; returns the decoded length or -1 on any invalid input. out holds ≥ 3*strlen/4. */
long b64url_decode(const char *in, unsigned char *out, size_t cap);

#endif
