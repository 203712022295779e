#ifndef ZI_DIGEST_H
#define ZI_DIGEST_H
/* SHA-256 (through GnuTLS) and hex helpers. Thread-safe, no I/O. */
#include <stddef.h>

/* SHA-256 of a[0..alen) followed by b[0..blen) (b may be NULL). 0 on success. */
int sha256_two(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[32]);
/* Lowercase hex SHA-256 of data[0..n); out holds 65 bytes. 0 on success. */
int sha256_hex(const void *data, size_t n, char out[65]);
/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);
/* Value of one hex digit, or -1. */
int hex_digit(char c);
/* Decodes exactly 2*n hex digits (optionally after a "\\x" prefix, PostgreSQL's bytea
 * text form) into n bytes. 0 on success. */
int hex_decode(const char *in, unsigned char *out, size_t n);

#endif
