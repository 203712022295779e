/*
 * test_cases.c — data-driven bad-input cases (STYLE.md item 10).
 *
 * Each directory under $ZI_TEST_CASES_DIR is one case with two files:
 *
 *   request  first line "METHOD /path?query"; then header lines; then an empty
 *            line; then the body, byte for byte (no empty line: no body). In
 *            header lines "$ADMIN" stands for the admin key.
 *   expect   lines "status 400", "type urn:zi:problem:<slug>", and optionally
 *            "field /name" and "code unknown_field" (an error in the problem's
 *            errors[] with that field and/or code). '#' starts a comment line.
 *
 * One test runs every case and reports all failing cases by name.
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_CASE_FILE = 1024 * 1024, MAX_CASE_HEADERS = 32 };

typedef struct bad_case {
    char method[16];
    char *target;
    char *headers[MAX_CASE_HEADERS + 1];
    size_t n_headers;
    const char *body; /* points into raw; NULL when none */
    size_t body_len;
    char *raw;
    /* expect */
    long status;
    char type[128];
    char field[128];
    char code[64];
} bad_case;

/* Read a whole file; malloc'ed and NUL-terminated; NULL with errno on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0;

    if (!f)
        return NULL;
    data = malloc(MAX_CASE_FILE + 1);
    if (data) {
        n = fread(data, 1, MAX_CASE_FILE + 1, f);
        if (ferror(f) || n > MAX_CASE_FILE) {
            free(data);
            data = NULL;
            errno = EFBIG;
        } else {
            data[n] = '\0';
        }
    }
    fclose(f);
    if (len)
        *len = n;
    return data;
}

/* Copy of line with every "$ADMIN" replaced by the admin key; malloc'ed. */
static char *substitute_admin(const char *line, size_t len)
{
    static const char token[] = "$ADMIN";
    char *out = th_format("%.*s", (int)len, line);
    size_t from = 0;

    for (;;) {
        char *at = strstr(out + from, token);
        char *next;

        if (!at)
            break;
        next = th_format("%.*s%s%s", (int)(at - out), out, th_admin_key(), at + sizeof token - 1);
        from = (size_t)(at - out) + strlen(th_admin_key());
        free(out);
        out = next;
    }
    return out;
}

/* Parse dir/request into c; false with the reason in why. */
static bool parse_request(const char *dir, bad_case *c, char *why, size_t why_size)
{
    char *path = th_format("%s/request", dir);
    size_t len;
    const char *p;
    const char *end;
    const char *eol;
    const char *space;

    c->raw = read_file(path, &len);
    free(path);
    if (!c->raw) {
        snprintf(why, why_size, "cannot read request: %s", strerror(errno));
        return false;
    }
    p = c->raw;
    end = c->raw + len;
    eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    space = memchr(p, ' ', (size_t)(eol - p));
    if (!space || (size_t)(space - p) >= sizeof c->method) {
        snprintf(why, why_size, "request line is not \"METHOD /target\"");
        return false;
    }
    snprintf(c->method, sizeof c->method, "%.*s", (int)(space - p), p);
    {
        const char *t = space + 1;
        const char *t_end = eol;

        if (t_end > t && t_end[-1] == '\r')
            t_end--;
        c->target = th_format("%.*s", (int)(t_end - t), t);
    }
    p = eol < end ? eol + 1 : end;
    while (p < end) {
        size_t line_len;

        eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        line_len = (size_t)(eol - p);
        if (line_len > 0 && p[line_len - 1] == '\r')
            line_len--;
        if (line_len == 0) {
            /* The body is everything after the empty line, exactly. */
            c->body = eol < end ? eol + 1 : end;
            c->body_len = (size_t)(end - c->body);
            return true;
        }
        if (c->n_headers >= MAX_CASE_HEADERS) {
            snprintf(why, why_size, "more than %d header lines", MAX_CASE_HEADERS);
            return false;
        }
        c->headers[c->n_headers++] = substitute_admin(p, line_len);
        p = eol < end ? eol + 1 : end;
    }
    c->body = NULL; /* no empty line: no body */
    return true;
}

/* Parse dir/expect into c; false with the reason in why. */
static bool parse_expect(const char *dir, bad_case *c, char *why, size_t why_size)
{
    char *path = th_format("%s/expect", dir);
    char *text = read_file(path, NULL);
    char *line;
    bool ok = true;

    free(path);
    if (!text) {
        snprintf(why, why_size, "cannot read expect: %s", strerror(errno));
        return false;
    }
    line = text;
    while (ok && line && *line) {
        char *eol = strchr(line, '\n');
        char *value;
        char *endp;

        if (eol)
            *eol = '\0';
        if (eol && eol > line && eol[-1] == '\r')
            eol[-1] = '\0';
        value = strchr(line, ' ');
        if (line[0] == '#' || line[0] == '\0') {
            /* comment or empty line */
        } else if (!value) {
            snprintf(why, why_size, "expect line \"%s\" has no value", line);
            ok = false;
        } else {
            *value++ = '\0';
            if (strcmp(line, "status") == 0) {
                errno = 0;
                c->status = strtol(value, &endp, 10);
                if (errno || *endp || c->status < 100 || c->status > 599) {
                    snprintf(why, why_size, "bad status \"%s\"", value);
                    ok = false;
                }
            } else if (strcmp(line, "type") == 0) {
                snprintf(c->type, sizeof c->type, "%s", value);
            } else if (strcmp(line, "field") == 0) {
                snprintf(c->field, sizeof c->field, "%s", value);
            } else if (strcmp(line, "code") == 0) {
                snprintf(c->code, sizeof c->code, "%s", value);
            } else {
                snprintf(why, why_size, "unknown expect key \"%s\"", line);
                ok = false;
            }
        }
        line = eol ? eol + 1 : NULL;
    }
    free(text);
    if (ok && (c->status == 0 || c->type[0] == '\0')) {
        snprintf(why, why_size, "expect needs both status and type");
        ok = false;
    }
    return ok;
}

static void free_case(bad_case *c)
{
    for (size_t i = 0; i < c->n_headers; i++)
        free(c->headers[i]);
    free(c->target);
    free(c->raw);
}

/* Run one case; false with the reason in why. */
static bool run_case(const char *dir, char *why, size_t why_size)
{
    bad_case c = {0};
    th_response *r;
    bool ok;

    if (!parse_request(dir, &c, why, why_size) || !parse_expect(dir, &c, why, why_size)) {
        free_case(&c);
        return false;
    }
    r = th_request_bytes(c.method, c.target, c.body, c.body_len, (const char *const *)c.headers);
    ok = th_check_problem(r, c.status, c.type, why, why_size);
    if (ok && (c.field[0] || c.code[0]) &&
        !th_find_field_error(r, c.field[0] ? c.field : NULL, c.code[0] ? c.code : NULL)) {
        snprintf(why, why_size, "no error with field %s and code %s",
                 c.field[0] ? c.field : "(any)", c.code[0] ? c.code : "(any)");
        ok = false;
    }
    if (!ok) {
        size_t n = strlen(why);

        snprintf(why + n, why_size - n, "; got %s", th_describe(r));
    }
    th_response_free(r);
    free_case(&c);
    return ok;
}

static const char *cases_dir(void)
{
    const char *dir = getenv("ZI_TEST_CASES_DIR");

    if (!dir || !*dir)
        th_fail("ZI_TEST_CASES_DIR is not set (the path of tests/api/cases)");
    return dir;
}

static int only_directories(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

TH_TEST(test_bad_input_cases)
{
    const char *dir = cases_dir();
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, only_directories, alphasort);
    int ran = 0;
    int failed = 0;
    char summary[3000] = "";
    size_t used = 0;

    if (n < 0)
        th_fail("cannot read ZI_TEST_CASES_DIR %s: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        char *case_dir = th_format("%s/%s", dir, entries[i]->d_name);
        char *request = th_format("%s/request", case_dir);
        char *test_name = th_format("test_bad_input_cases/%s", entries[i]->d_name);
        char why[2048];
        FILE *probe = fopen(request, "rb");

        if (probe) { /* a case directory; other entries (README ...) are skipped */
            fclose(probe);
            th_set_test(test_name);
            ran++;
            if (!run_case(case_dir, why, sizeof why)) {
                int w;

                failed++;
                fprintf(stderr, "bad-input case %s FAILED: %s\n", entries[i]->d_name, why);
                w = snprintf(summary + used, sizeof summary - used, "\n  %s: %.200s",
                             entries[i]->d_name, why);
                if (w > 0 && used + (size_t)w < sizeof summary)
                    used += (size_t)w;
            }
        }
        free(test_name);
        free(request);
        free(case_dir);
        free(entries[i]);
    }
    free(entries);
    th_set_test("test_bad_input_cases");
    if (ran == 0)
        th_fail("no cases found in %s", dir);
    if (failed)
        th_fail("%d of %d bad-input cases failed (details on stderr):%s", failed, ran, summary);
}

Suite *bad_input_suite(void)
{
    Suite *s = suite_create("bad_input");
    TCase *tc = tcase_create("cases");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_bad_input_cases);
    suite_add_tcase(s, tc);
    return s;
}
