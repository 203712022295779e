#ifndef ZI_ETAG_H
#define ZI_ETAG_H
/*
 * Entity tags from a resource's integer version. Every change to a row bumps its
 * version (a database trigger does it), so the version is a strong validator.
 * Thread-safe, no I/O.
 */
#include <stddef.h>

/* Writes "\"<version>\"" to out; returns out. */
char *etag_format(long version, char *out, size_t cap);
/* If-Match semantics (RFC 9110 §13.1.1, strong comparison): 1 when the header lists
 * "*" or the current tag. Weak tags never match. */
int etag_if_match(const char *header, long version);
/* If-None-Match semantics (weak comparison): 1 when the header lists "*" or the current tag. */
int etag_if_none_match(const char *header, long version);

#endif
