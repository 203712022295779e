#include "evidence.h"

#include <string.h>

#include "validate.h"

const char *const evidence_types[] = {"image/jpeg", "image/png", "image/webp", "application/pdf", NULL};

const char *evidence_sniff(const unsigned char *d, size_t len)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (d == NULL)
        return NULL;
    if (len >= 4 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return "image/jpeg";
    if (len >= sizeof png + 4 && memcmp(d, png, sizeof png) == 0)
        return "image/png";
    if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return "image/webp";
    if (len >= 8 && memcmp(d, "%PDF-", 5) == 0)
        return "application/pdf";
    return NULL;
}

int evidence_filename_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || !utf8_valid(name, n) || utf8_length(name) > 200 || has_control_chars(name, 0))
        return 0;
    if (strchr(name, '/') || strchr(name, '\\') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    return 1;
}
