/*
 * util.c — small helpers shared by libzi: a growable buffer, strdup, random bytes.
 * Thread-safe: no shared state.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

static int buf_reserve(zi_buf *b, size_t extra)
{
    size_t need;
    size_t cap;
    char *p;

    if (extra > (size_t)-1 - b->len - 1)
        return -1;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int zi_buf_append(zi_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int zi_buf_puts(zi_buf *b, const char *s)
{
    return zi_buf_append(b, s, strlen(s));
}

int zi_buf_put_escaped(zi_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char enc[3];

        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            if (zi_buf_append(b, (const char *)s, 1) != 0)
                return -1;
            continue;
        }
        enc[0] = '%';
        enc[1] = hex[ch >> 4];
        enc[2] = hex[ch & 15];
        if (zi_buf_append(b, enc, 3) != 0)
            return -1;
    }
    return 0;
}

void zi_buf_clear(zi_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void zi_buf_free(zi_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

char *zi_buf_take(zi_buf *b)
{
    char *p = b->data;

    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

char *zi_strdup(const char *s)
{
    size_t n;
    char *p;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Fill p[*got..n) from getrandom(2) (fd < 0) or from fd, retrying on EINTR, until it is
 * full or a read ends early or fails; *got says how far it came. */
static void fill_random(int fd, unsigned char *p, size_t n, size_t *got)
{
    while (*got < n) {
        ssize_t r = fd < 0 ? getrandom(p + *got, n - *got, 0) : read(fd, p + *got, n - *got);
        if (r > 0) {
            *got += (size_t)r;
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        break;
    }
}

int zi_random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;
    size_t got = 0;
    int fd;

    fill_random(-1, p, n, &got);
    if (got == n)
        return 0;
    /* Kernels without getrandom(2). */
    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    fill_random(fd, p, n, &got);
    close(fd);
    return got == n ? 0 : -1;
}

int zi_has_ctl(const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f)
            return 1;
    }
    return 0;
}
