#ifndef ZI_EVIDENCE_H
#define ZI_EVIDENCE_H
/*
 * Evidence files of gratification reports (issue 11 §7): which kinds of file are accepted,
 * decided by their content (magic numbers), never by the name or the declared type alone;
 * and which file names are safe to keep. Pure, thread-safe.
 */
#include <stddef.h>

/* The media type the bytes are (image/jpeg, image/png, image/webp, application/pdf), or NULL
 * when they are none of those. */
const char *evidence_sniff(const unsigned char *data, size_t len);
/* The accepted types, NULL-terminated (for messages). */
extern const char *const evidence_types[];
/* 1 when a file name may be kept: 1–200 characters of valid UTF-8, no control characters, no
 * path separators, not "." or "..". */
int evidence_filename_valid(const char *name);

#endif
