/*
 * test_cases.c — data-driven bad-input cases (STYLE.md item 10).
 *
 * $ZI_TEST_CASES_DIR holds one folder per resource (units, api-keys ...), each holding one
 * folder per case, named NN-name. A case folder holds:
 *
 *   fixtures  optional; one request per line, "NAME METHOD /target [Header:value ...]
 *             [JSON body]", sent with the admin key before the case; each must answer 2xx,
 *             and its JSON answer is then known as $NAME.
 *   request   first line "METHOD /path?query"; then header lines; then an empty line;
 *             then the body, byte for byte (no empty line: no body).
 *   expect    lines "status 400", "type urn:zi:problem:<slug>", and optionally
 *             "field /name" and "code unknown_field" (an error in the problem's
 *             errors[] with that field and/or code). '#' starts a comment line.
 *
 * In fixture lines (target, headers, body) and anywhere in request: $ADMIN is the admin
 * key, $RAND a token unique to this case run, $NAME.member a top-level member of the JSON
 * answer of fixture NAME, and $$ a literal '$'. Any other $word is an error.
 *
 * The layout is checked strictly: a file or folder the runner does not expect (a misspelt
 * "reqeust", a stray file, a case folder not named NN-name) fails the run, since a
 * skipped case looks exactly like a passing one. tests/api/cases/README.md has the details.
 *
 * One test runs every case and reports all failing cases and misplaced entries by path.
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { MAX_CASE_FILE = 1024 * 1024, MAX_CASE_HEADERS = 32, MAX_FIXTURES = 16, MAX_FIXTURE_HEADERS = 8, MAX_NAME = 64 };

/* A growable byte string, always NUL-terminated (bodies may hold NUL bytes: len counts). */
typedef struct bytes {
    char *p;
    size_t len;
    size_t cap;
} bytes;

/* A fixture's answer, for $NAME.member. */
typedef struct fixture {
    char name[MAX_NAME];
    json_t *json; /* owned; NULL when the answer was not a JSON object */
} fixture;

/* What the substitutions of one case run stand for. */
typedef struct case_env {
    char rand[64];
    fixture fixtures[MAX_FIXTURES];
    size_t n_fixtures;
} case_env;

typedef struct bad_case {
    char method[16];
    char *target;
    char *headers[MAX_CASE_HEADERS + 1];
    size_t n_headers;
    const char *body; /* points into text; NULL when none */
    size_t body_len;
    bytes text; /* the request file after substitution */
    /* expect */
    long status;
    char type[128];
    char field[128];
    char code[64];
} bad_case;

/* The whole walk: counts and the failures found so far. */
typedef struct walk {
    const char *root;
    int ran;
    int failed;
    char summary[4000];
    size_t used;
    char counts[512]; /* "units 50, api-keys 20" for the closing line */
    size_t counts_used;
} walk;

static void bytes_add(bytes *b, const char *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);

        if (!p)
            th_fail("out of memory (%zu bytes)", cap);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void bytes_free(bytes *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

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

/* ---- substitution ------------------------------------------------------------------ */

static bool is_ident_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_ident_char(char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* Length of the identifier at s (at most n bytes); 0 when none starts there. */
static size_t ident_len(const char *s, size_t n)
{
    size_t i = 0;

    if (n == 0 || !is_ident_start(s[0]))
        return 0;
    while (i < n && is_ident_char(s[i]))
        i++;
    return i;
}

static const fixture *find_fixture(const case_env *env, const char *name, size_t len)
{
    for (size_t i = 0; i < env->n_fixtures; i++)
        if (strlen(env->fixtures[i].name) == len && memcmp(env->fixtures[i].name, name, len) == 0)
            return &env->fixtures[i];
    return NULL;
}

/* Append member (len bytes) of fixture fx, as text; false with the reason in why. */
static bool append_member(bytes *out, const fixture *fx, const char *member, size_t len, char *why, size_t why_size)
{
    char key[MAX_NAME];
    const json_t *v;
    char *text = NULL;

    if (!fx->json) {
        snprintf(why, why_size, "$%s.%.*s: fixture %s did not answer a JSON object", fx->name, (int)len, member,
                 fx->name);
        return false;
    }
    snprintf(key, sizeof key, "%.*s", (int)len, member);
    v = json_object_get(fx->json, key);
    if (!v) {
        snprintf(why, why_size, "$%s.%s: the answer of fixture %s has no member %s", fx->name, key, fx->name, key);
        return false;
    }
    if (json_is_string(v)) {
        bytes_add(out, json_string_value(v), json_string_length(v));
        return true;
    }
    if (json_is_object(v) || json_is_array(v)) {
        snprintf(why, why_size, "$%s.%s is not a string, number, boolean or null", fx->name, key);
        return false;
    }
    /* Numbers, booleans and null read as their JSON text. */
    text = json_dumps(v, JSON_ENCODE_ANY);
    if (!text)
        th_fail("out of memory");
    bytes_add(out, text, strlen(text));
    free(text);
    return true;
}

/*
 * Append in (len bytes, any bytes) to out with $ADMIN, $RAND, $NAME.member and $$ replaced.
 * A '$' not followed by a letter or '_' stays as it is. Any other $word is a mistake in the
 * case (a misspelt fixture name would otherwise send the literal text and pass or fail for
 * the wrong reason): false with the reason in why.
 */
static bool substitute(const case_env *env, const char *in, size_t len, bytes *out, char *why, size_t why_size)
{
    size_t i = 0;

    while (i < len) {
        const char *dollar = memchr(in + i, '$', len - i);
        const char *name;
        size_t name_len;
        size_t member_len;
        const fixture *fx;

        if (!dollar) {
            bytes_add(out, in + i, len - i);
            break;
        }
        bytes_add(out, in + i, (size_t)(dollar - (in + i)));
        i = (size_t)(dollar - in) + 1;
        if (i < len && in[i] == '$') {
            bytes_add(out, "$", 1);
            i++;
            continue;
        }
        name = in + i;
        name_len = ident_len(name, len - i);
        if (name_len == 0) {
            bytes_add(out, "$", 1);
            continue;
        }
        i += name_len;
        if (name_len == 5 && memcmp(name, "ADMIN", 5) == 0) {
            bytes_add(out, th_admin_key(), strlen(th_admin_key()));
            continue;
        }
        if (name_len == 4 && memcmp(name, "RAND", 4) == 0) {
            bytes_add(out, env->rand, strlen(env->rand));
            continue;
        }
        fx = find_fixture(env, name, name_len);
        if (!fx) {
            snprintf(why, why_size, "unknown $%.*s (not $ADMIN, $RAND, nor a fixture defined before it)",
                     (int)(name_len > 40 ? 40 : name_len), name);
            return false;
        }
        member_len = i + 1 < len && in[i] == '.' ? ident_len(in + i + 1, len - i - 1) : 0;
        if (member_len == 0) {
            snprintf(why, why_size, "$%s needs a member: $%s.id, $%s.version ...", fx->name, fx->name, fx->name);
            return false;
        }
        if (!append_member(out, fx, in + i + 1, member_len, why, why_size))
            return false;
        i += 1 + member_len;
    }
    if (!out->p)
        bytes_add(out, "", 0);
    return true;
}

/* ---- fixtures ---------------------------------------------------------------------- */

static void free_env(case_env *env)
{
    for (size_t i = 0; i < env->n_fixtures; i++)
        json_decref(env->fixtures[i].json);
    env->n_fixtures = 0;
}

/* The next space-separated word of line at *p (advanced past it); NULL at the end. */
static const char *next_word(const char **p, size_t *len)
{
    const char *s = *p;
    const char *e;

    while (*s == ' ')
        s++;
    if (*s == '\0')
        return NULL;
    e = s;
    while (*e && *e != ' ')
        e++;
    *len = (size_t)(e - s);
    *p = e;
    return s;
}

/* True when word (len bytes) is "Header-Name:value" with a non-empty token name. */
static bool is_header_word(const char *word, size_t len)
{
    const char *colon = memchr(word, ':', len);

    if (!colon || colon == word)
        return false;
    for (const char *c = word; c < colon; c++)
        if (!is_ident_char(*c) && *c != '-')
            return false;
    return true;
}

/*
 * Send one fixture line (NUL-terminated, no newline) and record its answer in env; false
 * with the reason in why. Substitution happens per part, after splitting, so that a value
 * with spaces cannot change how the line splits.
 */
static bool run_fixture_line(case_env *env, const char *line, char *why, size_t why_size)
{
    const char *p = line;
    const char *name;
    const char *method;
    const char *target;
    size_t name_len = 0;
    size_t method_len = 0;
    size_t target_len = 0;
    const char *body = NULL;
    char *headers[MAX_FIXTURE_HEADERS + 2] = {0};
    size_t n_headers = 0;
    bool has_auth = false;
    bytes target_text = {0};
    bytes body_text = {0};
    char method_text[16];
    th_response *r = NULL;
    bool ok = false;
    fixture *fx;

    name = next_word(&p, &name_len);
    method = name ? next_word(&p, &method_len) : NULL;
    target = method ? next_word(&p, &target_len) : NULL;
    if (!target || target[0] != '/') {
        snprintf(why, why_size, "not \"NAME METHOD /target [Header:value ...] [body]\"");
        return false;
    }
    if (ident_len(name, name_len) != name_len || name_len >= MAX_NAME ||
        (name_len == 5 && memcmp(name, "ADMIN", 5) == 0) || (name_len == 4 && memcmp(name, "RAND", 4) == 0)) {
        snprintf(why, why_size, "fixture name \"%.*s\" is not a name (letters, digits, '_'; not ADMIN or RAND)",
                 (int)(name_len > 40 ? 40 : name_len), name);
        return false;
    }
    if (find_fixture(env, name, name_len)) {
        snprintf(why, why_size, "fixture name %.*s used twice", (int)name_len, name);
        return false;
    }
    if (env->n_fixtures >= MAX_FIXTURES) {
        snprintf(why, why_size, "more than %d fixtures", MAX_FIXTURES);
        return false;
    }
    if (method_len >= sizeof method_text) {
        snprintf(why, why_size, "method \"%.*s\" is too long", (int)method_len, method);
        return false;
    }
    snprintf(method_text, sizeof method_text, "%.*s", (int)method_len, method);
    if (!substitute(env, target, target_len, &target_text, why, why_size))
        goto done;
    for (;;) {
        size_t word_len = 0;
        const char *word = next_word(&p, &word_len);
        bytes header = {0};

        if (!word)
            break;
        if (word[0] == '{' || word[0] == '[') {
            body = word; /* the body is the rest of the line, spaces and all */
            break;
        }
        if (!is_header_word(word, word_len)) {
            snprintf(why, why_size, "\"%.*s\" is neither Header:value nor a JSON body ({ or [)",
                     (int)(word_len > 60 ? 60 : word_len), word);
            goto done;
        }
        if (n_headers >= MAX_FIXTURE_HEADERS) {
            snprintf(why, why_size, "more than %d headers", MAX_FIXTURE_HEADERS);
            goto done;
        }
        if (!substitute(env, word, word_len, &header, why, why_size)) {
            bytes_free(&header);
            goto done;
        }
        {
            const char *colon = strchr(header.p, ':');
            size_t hname_len = (size_t)(colon - header.p);

            if (hname_len == strlen("Authorization") && strncasecmp(header.p, "Authorization", hname_len) == 0)
                has_auth = true;
            headers[n_headers++] = th_format("%.*s: %s", (int)hname_len, header.p, colon + 1);
        }
        bytes_free(&header);
    }
    if (!has_auth)
        headers[n_headers++] = th_format("%s", th_admin_auth());
    if (body && !substitute(env, body, strlen(body), &body_text, why, why_size))
        goto done;
    /* th_request adds Content-Type: application/json to a body unless a header names one. */
    r = th_request(method_text, target_text.p, body ? body_text.p : NULL, (const char *const *)headers);
    if (r->status < 200 || r->status > 299) {
        snprintf(why, why_size, "not 2xx: %s", th_describe(r));
        goto done;
    }
    fx = &env->fixtures[env->n_fixtures++];
    snprintf(fx->name, sizeof fx->name, "%.*s", (int)name_len, name);
    fx->json = json_is_object(r->json) ? json_incref(r->json) : NULL;
    ok = true;
done:
    th_response_free(r);
    for (size_t i = 0; i < n_headers; i++)
        free(headers[i]);
    bytes_free(&target_text);
    bytes_free(&body_text);
    return ok;
}

/* Run dir/fixtures line by line; false with the failing line and reason in why. */
static bool run_fixtures(case_env *env, const char *dir, char *why, size_t why_size)
{
    char *path = th_format("%s/fixtures", dir);
    char *text = read_file(path, NULL);
    char *line;
    int line_no = 0;
    bool ok = true;

    free(path);
    if (!text) {
        snprintf(why, why_size, "cannot read fixtures: %s", strerror(errno));
        return false;
    }
    line = text;
    while (ok && line && *line) {
        char *eol = strchr(line, '\n');
        char reason[1500];

        line_no++;
        if (eol)
            *eol = '\0';
        if (eol && eol > line && eol[-1] == '\r')
            eol[-1] = '\0';
        if (line[0] != '#' && line[0] != '\0' && !run_fixture_line(env, line, reason, sizeof reason)) {
            snprintf(why, why_size, "fixtures line %d (%.60s): %s", line_no, line, reason);
            ok = false;
        }
        line = eol ? eol + 1 : NULL;
    }
    free(text);
    return ok;
}

/* ---- request and expect -------------------------------------------------------------- */

/* Parse c->text (the substituted request file) into c; false with the reason in why. */
static bool parse_request(bad_case *c, char *why, size_t why_size)
{
    const char *p = c->text.p;
    const char *end = c->text.p + c->text.len;
    const char *eol;
    const char *space;

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
        c->headers[c->n_headers++] = th_format("%.*s", (int)line_len, p);
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
    bytes_free(&c->text);
}

/* Run the case in dir; false with the reason in why. */
static bool run_case(const char *dir, bool has_fixtures, char *why, size_t why_size)
{
    bad_case c = {0};
    case_env env = {0};
    char *path = th_format("%s/request", dir);
    size_t raw_len = 0;
    char *raw = read_file(path, &raw_len);
    th_response *r;
    bool ok;

    free(path);
    if (!raw) {
        snprintf(why, why_size, "cannot read request: %s", strerror(errno));
        return false;
    }
    /* Unique per case run, so that a case re-run against the same database (or the other
     * server variant's run) creates fresh codes and names. */
    th_unique(env.rand, sizeof env.rand, "");
    ok = parse_expect(dir, &c, why, why_size) && (!has_fixtures || run_fixtures(&env, dir, why, why_size)) &&
         substitute(&env, raw, raw_len, &c.text, why, why_size) && parse_request(&c, why, why_size);
    free(raw);
    if (!ok) {
        free_env(&env);
        free_case(&c);
        return false;
    }
    r = th_request_bytes(c.method, c.target, c.body, c.body_len, (const char *const *)c.headers);
    ok = th_check_problem(r, c.status, c.type, why, why_size);
    if (ok && (c.field[0] || c.code[0]) &&
        !th_find_field_error(r, c.field[0] ? c.field : NULL, c.code[0] ? c.code : NULL)) {
        snprintf(why, why_size, "no error with field %s and code %s", c.field[0] ? c.field : "(any)",
                 c.code[0] ? c.code : "(any)");
        ok = false;
    }
    if (!ok) {
        size_t n = strlen(why);

        snprintf(why + n, why_size - n, "; got %s", th_describe(r));
    }
    th_response_free(r);
    free_env(&env);
    free_case(&c);
    return ok;
}

/* ---- the walk ---------------------------------------------------------------------- */

static void add_failure(walk *w, const char *what, const char *fmt, ...) TH_PRINTF(3, 4);

/* Record a failure of what (a path under the cases root): on stderr in full, in the
 * summary (for the test's message) shortened. */
static void add_failure(walk *w, const char *what, const char *fmt, ...)
{
    char why[2048];
    va_list ap;
    int n;

    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    w->failed++;
    fprintf(stderr, "bad-input case %s FAILED: %s\n", what, why);
    n = snprintf(w->summary + w->used, sizeof w->summary - w->used, "\n  %s: %.200s", what, why);
    if (n > 0 && w->used + (size_t)n < sizeof w->summary)
        w->used += (size_t)n;
}

static int not_dot_or_dotdot(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/* Entries of path in name order (scandir's list: free each and the array); -1 on error. */
static int list_dir(const char *path, struct dirent ***entries)
{
    return scandir(path, entries, not_dot_or_dotdot, alphasort);
}

static void free_list(struct dirent **entries, int n)
{
    for (int i = 0; i < n; i++)
        free(entries[i]);
    free(entries);
}

/* The stat mode of path; 0 when it cannot be read. */
static mode_t mode_of(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? st.st_mode : 0;
}

/* Lower-case letters, digits and '-', starting with a letter or digit. */
static bool is_slug(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* "NN-slug" with two or more digits; *number gets NN. */
static bool is_case_name(const char *s, long *number)
{
    const char *p = s;

    *number = 0;
    while (*p >= '0' && *p <= '9') {
        if (*number < 100000)
            *number = *number * 10 + (*p - '0');
        p++;
    }
    return p - s >= 2 && *p == '-' && is_slug(p + 1);
}

/* Check the entries of one case folder, then run it; failures go to w. */
static void walk_case(walk *w, const char *resource, const char *name)
{
    char *dir = th_format("%s/%s/%s", w->root, resource, name);
    char *rel = th_format("%s/%s", resource, name);
    char *test_name = th_format("test_bad_input_cases/%s", rel);
    struct dirent **entries = NULL;
    int n = list_dir(dir, &entries);
    bool has_request = false;
    bool has_expect = false;
    bool has_fixtures = false;
    bool misplaced = false;
    char why[2048];

    w->ran++;
    if (n < 0) {
        add_failure(w, rel, "cannot read the case folder: %s", strerror(errno));
        goto done;
    }
    for (int i = 0; i < n; i++) {
        const char *e = entries[i]->d_name;
        char *path = th_format("%s/%s", dir, e);
        bool regular = S_ISREG(mode_of(path));
        char *what = th_format("%s/%s", rel, e);

        if (regular && strcmp(e, "request") == 0) {
            has_request = true;
        } else if (regular && strcmp(e, "expect") == 0) {
            has_expect = true;
        } else if (regular && strcmp(e, "fixtures") == 0) {
            has_fixtures = true;
        } else {
            add_failure(w, what,
                        "unexpected entry: a case folder holds only the files request, expect and "
                        "(optionally) fixtures");
            misplaced = true;
        }
        free(what);
        free(path);
    }
    free_list(entries, n);
    if (!has_request || !has_expect) {
        add_failure(w, rel, "the case has no %s file", !has_request ? "request" : "expect");
        goto done;
    }
    if (misplaced)
        goto done; /* already counted; running it would hide what the stray file was meant to be */
    th_set_test(test_name);
    if (!run_case(dir, has_fixtures, why, sizeof why))
        add_failure(w, rel, "%s", why);
done:
    free(test_name);
    free(rel);
    free(dir);
}

/* Check and run every case folder of one resource folder; failures go to w. */
static void walk_resource(walk *w, const char *resource)
{
    char *dir = th_format("%s/%s", w->root, resource);
    struct dirent **entries = NULL;
    int n = list_dir(dir, &entries);
    int cases = 0;
    long previous = -1;

    if (n < 0) {
        add_failure(w, resource, "cannot read the resource folder: %s", strerror(errno));
        free(dir);
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *e = entries[i]->d_name;
        char *path = th_format("%s/%s", dir, e);
        char *what = th_format("%s/%s", resource, e);
        mode_t mode = mode_of(path);
        long number;

        if (strcmp(e, "README.md") == 0 && S_ISREG(mode)) {
            /* notes on the resource's cases */
        } else if (!S_ISDIR(mode)) {
            add_failure(w, what,
                        "unexpected entry: a resource folder holds only case folders (NN-name) "
                        "and README.md");
        } else if (!is_case_name(e, &number)) {
            add_failure(w, what,
                        "a case folder is named NN-name (two or more digits, '-', lower-case "
                        "letters, digits and '-')");
        } else {
            /* alphasort puts equal numbers next to each other. */
            if (number == previous)
                add_failure(w, what, "case number %02ld is used twice in %s", number, resource);
            previous = number;
            walk_case(w, resource, e);
            cases++;
        }
        free(what);
        free(path);
    }
    free_list(entries, n);
    if (cases == 0)
        add_failure(w, resource, "the resource folder holds no case folders");
    {
        int c = snprintf(w->counts + w->counts_used, sizeof w->counts - w->counts_used, "%s%s %d",
                         w->counts_used ? ", " : "", resource, cases);

        if (c > 0 && w->counts_used + (size_t)c < sizeof w->counts)
            w->counts_used += (size_t)c;
    }
    free(dir);
}

static const char *cases_dir(void)
{
    const char *dir = getenv("ZI_TEST_CASES_DIR");

    if (!dir || !*dir)
        th_fail("ZI_TEST_CASES_DIR is not set (the path of tests/api/cases)");
    return dir;
}

TH_TEST(test_bad_input_cases)
{
    walk w = {.root = cases_dir()};
    struct dirent **entries = NULL;
    int n = list_dir(w.root, &entries);
    int resources = 0;

    if (n < 0)
        th_fail("cannot read ZI_TEST_CASES_DIR %s: %s", w.root, strerror(errno));
    for (int i = 0; i < n; i++) {
        const char *e = entries[i]->d_name;
        char *path = th_format("%s/%s", w.root, e);
        mode_t mode = mode_of(path);

        if (strcmp(e, "README.md") == 0 && S_ISREG(mode)) {
            /* the format, documented */
        } else if (!S_ISDIR(mode) || !is_slug(e)) {
            add_failure(&w, e,
                        "unexpected entry: the cases folder holds only resource folders "
                        "(lower-case letters, digits and '-') and README.md");
        } else {
            walk_resource(&w, e);
            resources++;
        }
        free(path);
    }
    free_list(entries, n);
    th_set_test("test_bad_input_cases");
    printf("bad-input cases: %d in %d resource folders (%s), %d failed\n", w.ran, resources,
           w.counts_used ? w.counts : "none", w.failed);
    fflush(stdout);
    if (w.ran == 0)
        th_fail("no cases found in %s", w.root);
    if (w.failed)
        th_fail("%d failures among %d bad-input cases in %s (details on stderr):%s", w.failed, w.ran, w.root,
                w.summary);
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
