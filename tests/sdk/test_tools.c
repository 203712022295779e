/*
 * test_tools.c — what is built around the library: the export list against the built
 * library (both ways), the examples and the zi command run against the live server, and an
 * out-of-tree build from an installed prefix with pkg-config (tests/sdk/oot.sh).
 * Programs run with ZI_SDK_TEST_WRAP in front (valgrind, when run.sh sets it).
 */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SYMS 256

/* Names listed in sdk/exports.txt ('#' comments and blank lines skipped). */
static size_t read_exports(char names[][64])
{
    FILE *f = fopen("sdk/exports.txt", "r");
    char line[256];
    size_t n = 0;

    ck_assert_msg(f != NULL, "cannot open sdk/exports.txt (run from the repository root)");
    while (fgets(line, sizeof line, f)) {
        char name[64];
        if (line[0] == '#' || sscanf(line, "%63s", name) != 1)
            continue;
        ck_assert_uint_lt(n, MAX_SYMS);
        snprintf(names[n++], 64, "%s", name);
    }
    fclose(f);
    return n;
}

static int listed(char names[][64], size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

START_TEST(test_exports_match_the_library)
{
    static char expected[MAX_SYMS][64];
    static char actual[MAX_SYMS][64];
    size_t n_expected = read_exports(expected);
    size_t n_actual = 0;
    char cmd[512];
    char *out = NULL;
    char *line;
    char *save = NULL;
    size_t i;

    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s/lib/libzi.so.%d'", th_build(),
             ZI_VERSION_MAJOR);
    ck_assert_int_eq(th_run(cmd, 0, &out), 0);
    for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char addr[64];
        char type[8];
        char name[64];
        if (sscanf(line, "%63s %7s %63s", addr, type, name) != 3)
            continue;
        ck_assert_uint_lt(n_actual, MAX_SYMS);
        snprintf(actual[n_actual++], 64, "%s", name);
    }
    free(out);
    for (i = 0; i < n_expected; i++)
        ck_assert_msg(listed(actual, n_actual, expected[i]),
                      "%s is in sdk/exports.txt but not exported by libzi", expected[i]);
    for (i = 0; i < n_actual; i++)
        ck_assert_msg(listed(expected, n_expected, actual[i]),
                      "libzi exports %s, which sdk/exports.txt does not list", actual[i]);
    ck_assert_uint_eq(n_actual, n_expected);
    /* The SONAME is the major version. */
    snprintf(cmd, sizeof cmd, "readelf -d '%s/lib/libzi.so' | grep -F '[libzi.so.%d]'", th_build(),
             ZI_VERSION_MAJOR);
    ck_assert_int_eq(th_run(cmd, 1, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "SONAME"));
    free(out);
}
END_TEST

/* The terminal's locale the programs run with: none by default, so that what the machine
 * running the tests has set (an English LANG, say) changes no answer. */
static const char *terminal_locale = "LC_ALL= LC_MESSAGES= LANG= ZI_LANG=";

/* Run a program of the build with the wrap prefix, ZI_URL and ZI_API_KEY=key (NULL: none);
 * stdout into *out. */
static int run_prog(const char *prog_and_args, const char *key, char **out)
{
    char cmd[2048];

    /* stderr (error messages, valgrind reports) goes to a log, not the test output. */
    snprintf(cmd, sizeof cmd, "ZI_URL='%s' ZI_API_KEY='%s' %s %s %s/bin/%s 2>>'%s/test-logs/sdk-programs.log'",
             th_url(), key ? key : "", terminal_locale, th_wrap(), th_build(), prog_and_args,
             th_build());
    return th_run(cmd, 0, out);
}

/* The number of units c finds across every page of listUnits with p (NULL: no filters). */
static size_t count_units(zi_client *c, const zi_unit_list_params *p)
{
    zi_pager *pager = NULL;
    json_t *items;
    size_t n;

    th_assert_status(c, zi_units_pager_new(c, p, &pager), ZI_OK);
    items = th_drain(c, pager);
    n = json_array_size(items);
    json_decref(items);
    zi_pager_free(pager);
    return n;
}

START_TEST(test_example_list_units)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, NULL);
    size_t expected = count_units(c, NULL);
    char *out = NULL;
    char want[64];

    zi_client_free(c);

    ck_assert_int_eq(run_prog("zi-example-list-units 9", key, &out), 0);
    snprintf(want, sizeof want, "\n%zu units in %zu pages\n", expected, (expected + 8) / 9);
    ck_assert_msg(strstr(out, want) != NULL, "want \"%s\" in:\n%s", want + 1, out);
    ck_assert_ptr_nonnull(strstr(out, "PKM-WATES\tPuskesmas Wates\n"));
    free(out);
    free(key);
}
END_TEST

START_TEST(test_example_create_update)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out = NULL;
    char code[48];
    char args[128];

    snprintf(args, sizeof args, "zi-example-create-update %s", th_unique_code(code, sizeof code, "ex"));
    ck_assert_int_eq(run_prog(args, key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "created "));
    ck_assert_ptr_nonnull(strstr(out, "etag=\"1\""));
    ck_assert_ptr_nonnull(strstr(out, "updated staff_count=12 version=2 etag=\"2\""));
    ck_assert_ptr_nonnull(strstr(out, "stale If-Match refused: urn:zi:problem:precondition-failed"));
    ck_assert_ptr_nonnull(strstr(out, "same create, same key: replayed=1 same id=yes"));
    ck_assert_ptr_nonnull(strstr(out, "archived active=false"));
    free(out);
    free(key);
}

START_TEST(test_example_follow_events)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, NULL);
    zi_event_list_params p = ZI_EVENT_LIST_PARAMS_INIT;
    json_t *page = NULL;
    long long last;
    char args[128];
    char want[64];
    char *out = NULL;

    /* Where the feed ends now: follow it to the end with one big page after another. */
    p.limit = 1000;
    for (;;) {
        th_assert_status(c, zi_events_list(c, &p, &page), ZI_OK);
        last = json_integer_value(json_object_get(page, "last_seq"));
        if (json_array_size(json_object_get(page, "data")) == 0) {
            json_decref(page);
            break;
        }
        p.after = last;
        json_decref(page);
    }
    ck_assert_int_ge(last, 3);
    snprintf(args, sizeof args, "zi-example-follow-events %lld", last - 3);
    ck_assert_int_eq(run_prog(args, key, &out), 0);
    snprintf(want, sizeof want, "%lld ", last - 2);
    ck_assert_ptr_nonnull(strstr(out, want));
    snprintf(want, sizeof want, "caught up at seq %lld\n", last);
    ck_assert_msg(strstr(out, want) != NULL, "want \"%s\" in:\n%s", want, out);
    free(out);
    zi_client_free(c);
    free(key);
}
END_TEST
END_TEST

/* ---- the zi command --------------------------------------------------------------------------- */

#define PRINTF_LIKE(fmt, first) __attribute__((format(printf, fmt, first)))

static json_t *parse(const char *out)
{
    json_error_t err;
    json_t *v = json_loads(out, 0, &err);

    ck_assert_msg(v != NULL, "not JSON (%s): %s", err.text, out);
    return v;
}

/* Run the zi command line fmt ... (run_prog: "zi ..." with key, NULL: none), assert it exits
 * with rc, and return its stdout (new, free). */
static char *vzi(const char *key, int rc, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);

static char *vzi(const char *key, int rc, const char *fmt, va_list ap)
{
    char cmd[1024];
    char *out = NULL;
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    int got;

    ck_assert_msg(n >= 0 && (size_t)n < sizeof cmd, "command line too long: %s", fmt);
    got = run_prog(cmd, key, &out);
    ck_assert_msg(got == rc, "`%s` exited %d, want %d; stdout:\n%s", cmd, got, rc, out);
    return out;
}

static char *zi_run(const char *key, int rc, const char *fmt, ...) PRINTF_LIKE(3, 4);

static char *zi_run(const char *key, int rc, const char *fmt, ...)
{
    va_list ap;
    char *out;

    va_start(ap, fmt);
    out = vzi(key, rc, fmt, ap);
    va_end(ap);
    return out;
}

/* The same, for the exit code alone. */
static void zi_exit(const char *key, int rc, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void zi_exit(const char *key, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    free(vzi(key, rc, fmt, ap));
    va_end(ap);
}

/* The same, asserting that stdout holds text. */
static void zi_says(const char *key, int rc, const char *text, const char *fmt, ...)
    PRINTF_LIKE(4, 5);

static void zi_says(const char *key, int rc, const char *text, const char *fmt, ...)
{
    va_list ap;
    char *out;

    va_start(ap, fmt);
    out = vzi(key, rc, fmt, ap);
    va_end(ap);
    ck_assert_msg(strstr(out, text) != NULL, "want \"%s\" in:\n%s", text, out);
    free(out);
}

/* The same, for a command that prints JSON: its stdout parsed (new reference). */
static json_t *zi_json(const char *key, int rc, const char *fmt, ...) PRINTF_LIKE(3, 4);

static json_t *zi_json(const char *key, int rc, const char *fmt, ...)
{
    va_list ap;
    char *out;
    json_t *v;

    va_start(ap, fmt);
    out = vzi(key, rc, fmt, ap);
    va_end(ap);
    v = parse(out);
    free(out);
    return v;
}

/* The same, for a list command that succeeds: the number of items in its "data". */
static size_t zi_count(const char *key, const char *fmt, ...) PRINTF_LIKE(2, 3);

static size_t zi_count(const char *key, const char *fmt, ...)
{
    va_list ap;
    char *out;
    json_t *v;
    size_t n;

    va_start(ap, fmt);
    out = vzi(key, 0, fmt, ap);
    va_end(ap);
    v = parse(out);
    n = th_data_size(v);
    json_decref(v);
    free(out);
    return n;
}

/* The same, for a command the server refuses: exit 1 and the problem document (JSON mode) of
 * that type on stdout; returns it (new reference). */
static json_t *zi_problem(const char *key, const char *type, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static json_t *zi_problem(const char *key, const char *type, const char *fmt, ...)
{
    va_list ap;
    char *out;
    json_t *v;

    va_start(ap, fmt);
    out = vzi(key, 1, fmt, ap);
    va_end(ap);
    v = parse(out);
    ck_assert_str_eq(th_str(v, "type"), type);
    free(out);
    return v;
}

/* The "id" of a created resource (v) into id (64 bytes). */
static void id_of(char id[64], const json_t *v)
{
    snprintf(id, 64, "%s", th_str(v, "id"));
}

/* Offset of the second column of a table line (after the first run of spaces); -1 if none. */
static int second_column(const char *line)
{
    const char *sp = strchr(line, ' ');
    const char *nl = strchr(line, '\n');

    if (!sp || (nl && sp > nl))
        return -1;
    return (int)(sp - line) + (int)strspn(sp, " ");
}

START_TEST(test_cli_reads)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    char *out;
    json_t *v;

    out = zi_run(key, 0, "zi --help");
    ck_assert_ptr_nonnull(strstr(out, "Exit codes:"));
    ck_assert_ptr_nonnull(strstr(out, "units list"));
    free(out);
    zi_says(key, 0, "--parent-id ID", "zi units list --help");
    zi_says(key, 0, ZI_VERSION_STRING, "zi --version");

    /* stdout is a pipe here: JSON by default. */
    v = zi_json(key, 0, "zi health");
    ck_assert_str_eq(th_str(v, "status"), "ok");
    json_decref(v);
    zi_exit(key, 0, "zi ready");
    v = zi_json(key, 0, "zi units list --limit 3");
    ck_assert_uint_eq(th_data_size(v), 3);
    ck_assert(json_is_string(json_object_get(v, "next_cursor")));
    json_decref(v);
    {
        /* --all follows every page: as many kelurahan as the library finds (18 in the demo
         * data, plus any other tests added), with the CLI's page size of 200 or ours of 5. */
        zi_client *c = th_client_for(th_url(), key, NULL);
        zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
        size_t n;

        p.kind = "kelurahan";
        p.limit = 5;
        n = count_units(c, &p);
        zi_client_free(c);
        ck_assert_uint_ge(n, 18);
        v = zi_json(key, 0, "zi units list --all --kind kelurahan --sort code");
        ck_assert_uint_eq(th_data_size(v), n);
        ck_assert(json_is_null(json_object_get(v, "next_cursor")));
        json_decref(v);
    }
    v = zi_json(key, 0, "zi units get --code pkm-wates");
    ck_assert_str_eq(th_str(v, "predicate"), "wbk");
    json_decref(v);

    /* --table forces aligned columns. */
    out = zi_run(key, 0, "zi units list --table --limit 2 --sort code");
    ck_assert_int_eq(strncmp(out, "CODE ", 5), 0);
    {
        /* The second column starts at the same offset on every line. */
        const char *l2 = strchr(out, '\n');
        const char *l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
        ck_assert_ptr_nonnull(l3);
        ck_assert_int_gt(second_column(out), 0);
        ck_assert_int_eq(second_column(l2 + 1), second_column(out));
        ck_assert_int_eq(second_column(l3 + 1), second_column(out));
    }
    free(out);
    zi_says(key, 0, "\netag ", "zi units get --table --code PKM-WATES");
    zi_says(key, 0, "# TYPE", "zi metrics");
    zi_says(key, 0, "listUnits", "zi docs");
    v = zi_json(key, 0, "zi openapi");
    ck_assert(json_is_object(json_object_get(v, "paths")));
    json_decref(v);
    free(key);
}
END_TEST

START_TEST(test_cli_writes_and_history)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out;
    char code[48];
    char id[64];
    json_t *v;
    static const char update[] = "zi units update %s --version 1 --name 'CLI unit 2' "
                                 "--data '{\"address\": \"Jl. Majapahit\"}'";

    v = zi_json(key, 0, "zi units create --code %s --name 'CLI unit' --kind sd --staff-count 4",
                th_unique_code(code, sizeof code, "cli"));
    id_of(id, v);
    ck_assert_int_eq(th_int(v, "staff_count"), 4);
    json_decref(v);

    v = zi_json(key, 0, update, id);
    ck_assert_int_eq(th_int(v, "version"), 2);
    ck_assert_str_eq(th_str(v, "address"), "Jl. Majapahit");
    json_decref(v);

    /* Stale: exit 1, the problem document on stdout (JSON mode). */
    json_decref(zi_problem(key, "urn:zi:problem:precondition-failed", update, id));

    v = zi_json(key, 0, "zi units archive %s --if-match '\"2\"'", id);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);

    ck_assert_uint_eq(zi_count(key, "zi units history %s --all", id), 0);

    /* The audit trail of what we just did, and the feed. */
    v = zi_json(key, 0, "zi audit list --resource-id %s --all", id);
    ck_assert_uint_eq(th_data_size(v), 3); /* created, updated, archived */
    ck_assert_str_eq(th_str(json_array_get(json_object_get(v, "data"), 2), "action"),
                     "unit.archived");
    json_decref(v);
    v = zi_json(key, 0, "zi audit verify");
    ck_assert(json_is_true(json_object_get(v, "ok")));
    json_decref(v);
    v = zi_json(NULL, 0, "zi audit head"); /* public */
    ck_assert_uint_eq(strlen(th_str(v, "hash")), 64);
    json_decref(v);
    v = zi_json(key, 0, "zi events list --limit 2");
    ck_assert_uint_eq(th_data_size(v), 2);
    ck_assert_int_eq(th_int(v, "last_seq"), 2);
    json_decref(v);
    out = zi_run(key, 0, "zi events follow --until-idle --max 3");
    ck_assert_int_eq(strncmp(out, "{\"seq\":1,", 9), 0); /* one JSON object per line */
    ck_assert_ptr_nonnull(strstr(out, "\n{\"seq\":3,"));
    free(out);
    free(key);
}

START_TEST(test_cli_keys)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char id[64];
    char secret[64];
    json_t *v;

    v = zi_json(key, 0, "zi keys create --role evaluator --name 'CLI key'");
    id_of(id, v);
    snprintf(secret, sizeof secret, "%s", th_str(v, "key"));
    ck_assert_int_eq(strncmp(secret, "zi_", 3), 0);
    json_decref(v);
    v = zi_json(key, 0, "zi keys get %s", id);
    ck_assert_ptr_null(json_object_get(v, "key")); /* the secret is never shown again */
    json_decref(v);
    zi_says(key, 0, id, "zi keys list --role evaluator --active true --all");
    /* The new key works, until it is revoked. */
    zi_exit(secret, 0, "zi units get --code PKM-WATES");
    v = zi_json(key, 0, "zi keys revoke %s", id);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);
    zi_exit(secret, 1, "zi units get --code PKM-WATES"); /* 401 */
    /* An evaluator may not manage keys: 403, exit 1. */
    zi_exit(secret, 1, "zi keys list");
    free(key);
}
END_TEST
END_TEST

START_TEST(test_cli_exit_codes)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);

    /* 2: usage */
    zi_exit(key, 2, "zi");
    zi_exit(key, 2, "zi frobnicate");
    zi_exit(key, 2, "zi units frob");
    zi_exit(key, 2, "zi units list --bogus");
    zi_exit(key, 2, "zi units list --limit 0");
    zi_exit(key, 2, "zi units get");
    /* no --if-match / --version */
    zi_exit(key, 2, "zi units update 00000000-0000-4000-8000-000000000000 --name x");
    zi_exit(key, 2, "zi --url ftp://x health");
    /* 1: the server said no */
    zi_exit(key, 1, "zi units get 00000000-0000-4000-8000-000000000000");
    zi_exit(key, 1, "zi --key wrong units create --code SDK-X --name x --kind sd");
    zi_says(key, 1, "\"Invalid request\"", "zi units list --kind castle --lang en");
    /* 3: transport */
    zi_exit(key, 3, "zi --url http://127.0.0.1:%d --timeout 2000 health", th_closed_port());
    /* the feed needs a key: 401 */
    zi_exit(NULL, 1, "zi events list");
    free(key);
}
END_TEST

/* zi speaks the terminal's language (issue 14): LC_ALL, then LC_MESSAGES, then LANG pick the
 * problem texts' language; ZI_LANG and --lang win over them; C and POSIX mean the server's own. */
START_TEST(test_cli_speaks_the_terminals_language)
{
    static const struct {
        const char *locale;
        const char *args;
        const char *title;
    } cases[] = {
        {"LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 ZI_LANG=", "", "\"Invalid request\""},
        {"LC_ALL= LC_MESSAGES= LANG=id_ID.UTF-8 ZI_LANG=", "", "\"Permintaan tidak valid\""},
        {"LC_ALL=en_GB.UTF-8 LC_MESSAGES= LANG=id_ID.UTF-8 ZI_LANG=", "", "\"Invalid request\""},
        {"LC_ALL= LC_MESSAGES=en_US LANG=id_ID.UTF-8 ZI_LANG=", "", "\"Invalid request\""},
        {"LC_ALL= LC_MESSAGES= LANG=C.UTF-8 ZI_LANG=", "", "\"Permintaan tidak valid\""},
        {"LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 ZI_LANG=id", "", "\"Permintaan tidak valid\""},
        {"LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 ZI_LANG=", " --lang id", "\"Permintaan tidak valid\""},
        {"LC_ALL=id_ID LC_MESSAGES= LANG= ZI_LANG=", " --lang en", "\"Invalid request\""},
    };
    char *key = th_new_key("evaluator", NULL, NULL, NULL);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        terminal_locale = cases[i].locale;
        char *out = zi_run(key, 1, "zi units list --kind castle%s", cases[i].args);
        ck_assert_msg(strstr(out, cases[i].title) != NULL, "with %s%s: want %s in:\n%s", cases[i].locale,
                      cases[i].args, cases[i].title, out);
        free(out);
    }
    terminal_locale = "LC_ALL= LC_MESSAGES= LANG= ZI_LANG=";
    free(key);
}
END_TEST

/* Write text to a new file /tmp/zi-sdk-<tag>-XXXXXX<suffix>; its name goes to path. */
static void write_temp(char *path, size_t cap, const char *tag, const char *suffix,
                       const char *text)
{
    int fd;
    FILE *f;

    snprintf(path, cap, "/tmp/zi-sdk-%s-XXXXXX%s", tag, suffix);
    fd = mkstemps(path, (int)strlen(suffix));
    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_ge(fputs(text, f), 0);
    ck_assert_int_eq(fclose(f), 0);
}

/* A new unit made with `zi units create --code <fresh code from tag> <options>` (kind, name
 * ...) as key; its id into id (64 bytes). */
static void cli_unit(const char *key, const char *tag, const char *options, char id[64])
{
    char code[48];
    json_t *v = zi_json(key, 0, "zi units create --code %s %s",
                        th_unique_code(code, sizeof code, tag), options);

    id_of(id, v);
    json_decref(v);
}

START_TEST(test_cli_pacts_import_and_coverage)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out;
    char id[64];
    char csv_path[64];
    char json_path[64];
    char bad_path[64];
    char text[1024];
    int y = th_utc_year();
    json_t *v;

    cli_unit(key, "clipact", "--name '[Contoh] CLI pacts' --kind other --staff-count 20", id);

    /* A CSV file: sent as text/csv, 3 signatures. */
    snprintf(text, sizeof text,
             "year,nip,name,position,signed_on,trigger\n"
             "%d,199001012015032001,[Contoh] Siti,Sekretaris,%d-01-02,annual\n"
             "%d,,[Contoh] Slamet,\"Satpam, Shift Malam\",%d-01-02,annual\n"
             "%d,198811232012121001,[Contoh] Agus,Kepala Seksi,%d-01-02,annual\n",
             y, y, y, y, y, y);
    write_temp(csv_path, sizeof csv_path, "pacts", ".csv", text);
    v = zi_json(key, 0, "zi pacts import %s %s", id, csv_path);
    ck_assert_int_eq(th_int(v, "created"), 3);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "ids")), 3);
    json_decref(v);

    /* A .json file: sent as JSON. */
    snprintf(text, sizeof text,
             "[{\"year\": %d, \"nip\": null, \"name\": \"[Contoh] Joko\", \"position\": \"Sopir\","
             " \"signed_on\": \"%d-01-03\", \"trigger\": \"annual\"}]",
             y, y);
    write_temp(json_path, sizeof json_path, "pacts", ".json", text);
    v = zi_json(key, 0, "zi pacts import %s %s", id, json_path);
    ck_assert_int_eq(th_int(v, "created"), 1);
    json_decref(v);

    /* Coverage: 4 of 20 this year, none last year; the city's. */
    v = zi_json(NULL, 0, "zi pacts coverage %s", id); /* public */
    ck_assert_int_eq(th_int(v, "signed"), 4);
    ck_assert_int_eq(th_int(v, "civil_servants"), 2);
    ck_assert_int_eq(th_int(v, "staff_count"), 20);
    ck_assert_int_eq(th_int(v, "unsigned"), 16);
    ck_assert_msg(json_number_value(json_object_get(v, "ratio")) > 0.1999 &&
                      json_number_value(json_object_get(v, "ratio")) < 0.2001,
                  "ratio: %g", json_number_value(json_object_get(v, "ratio")));
    json_decref(v);
    v = zi_json(NULL, 0, "zi pacts coverage %s --year %d", id, y - 1);
    ck_assert_int_eq(th_int(v, "signed"), 0);
    json_decref(v);
    v = zi_json(NULL, 0, "zi pacts coverage --city");
    ck_assert_int_eq(th_int(v, "year"), y);
    ck_assert_int_ge(th_int(v, "signed"), 4);
    ck_assert(json_is_integer(json_object_get(v, "units")));
    json_decref(v);
    zi_exit(NULL, 2, "zi pacts coverage %s --city", id); /* one or the other */

    /* A bad upload: exit 1, the problem with every bad row on stdout, nothing written. */
    snprintf(text, sizeof text,
             "year,nip,name,position,signed_on,trigger\n"
             "%d,199001012015032001,[Contoh] Siti,Sekretaris,%d-01-02,annual\n"
             "%d,19900101,[Contoh] Pendek,Staf,%d-01-02,annual\n",
             y, y, y, y);
    write_temp(bad_path, sizeof bad_path, "pacts-bad", ".csv", text);
    v = zi_problem(key, "urn:zi:problem:unprocessable", "zi pacts import %s %s", id, bad_path);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "rows")), 2);
    json_decref(v);

    /* The list: 4 rows, names shown to an admin (rows of one upload share created_at, so
     * their order is the ids'); --civil-servant filters. */
    out = zi_run(key, 0, "zi pacts list %s --all", id);
    v = parse(out);
    ck_assert_uint_eq(th_data_size(v), 4);
    ck_assert_ptr_nonnull(strstr(out, "\"name\": \"[Contoh] Siti\""));
    ck_assert_ptr_nonnull(strstr(out, "\"name\": \"[Contoh] Joko\""));
    json_decref(v);
    free(out);
    out = zi_run(key, 0, "zi pacts list %s --civil-servant false --table", id);
    ck_assert_int_eq(strncmp(out, "YEAR ", 5), 0);
    ck_assert_ptr_nonnull(strstr(out, "Satpam, Shift Malam"));
    ck_assert_ptr_null(strstr(out, "[Contoh] Siti"));
    free(out);

    /* Declarations and pledges: reads. */
    ck_assert_uint_eq(zi_count(NULL, "zi declarations list --year 2023 --scope city"), 1);
    ck_assert_uint_eq(zi_count(NULL, "zi pledges list --active true"), 1);
    ck_assert_uint_eq(zi_count(NULL, "zi pledges list --unit %s", id), 0);

    unlink(csv_path);
    unlink(json_path);
    unlink(bad_path);
    free(key);
}
END_TEST

START_TEST(test_cli_declarations_and_pledges)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out;
    char unit_id[64];
    char id[64];
    char city_id[64];
    int y = th_utc_year();
    json_t *v;
    static const char create[] =
        "zi declarations create --unit-id %s --year %d --declared-on %d-01-01 --place Aula "
        "--signer-name '[Contoh] Kepala' --signer-position Kepala "
        "--witnesses 'Saksi Satu; Saksi Dua, S.H.'";

    cli_unit(key, "clidecl", "--name '[Contoh] CLI ZI' --kind other", unit_id);

    v = zi_json(key, 0, create, unit_id, y, y);
    id_of(id, v);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "witnesses")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "witnesses"), 1)),
                     "Saksi Dua, S.H.");
    json_decref(v);
    /* the same unit and year again: 409 */
    json_decref(zi_problem(key, "urn:zi:problem:conflict", create, unit_id, y, y));
    v = zi_json(key, 0, "zi declarations update %s --version 1 --note 'Diperbarui'", id);
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    zi_exit(key, 2, "zi declarations update %s --note x", id); /* no precondition */
    zi_says(NULL, 0, "\netag ", "zi declarations get %s --table", id);
    ck_assert_uint_eq(zi_count(NULL, "zi declarations list --unit-id %s", unit_id), 1);

    /* Pledges: the city's active one, a unit pledge based on it, deactivated. */
    v = zi_json(NULL, 0, "zi pledges list --active true");
    snprintf(city_id, sizeof city_id, "%s",
             th_str(json_array_get(json_object_get(v, "data"), 0), "id"));
    json_decref(v);
    v = zi_json(key, 0,
                "zi pledges create --unit %s --name '7S Unit' --based-on-id %s --adopted-on %d-01-02",
                unit_id, city_id, y);
    id_of(id, v);
    ck_assert(json_is_true(json_object_get(v, "active")));
    ck_assert_uint_ge(json_array_size(json_object_get(v, "principles")), 1);
    json_decref(v);
    v = zi_json(key, 0, "zi pledges deactivate %s --if-match '\"1\"'", id);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);
    v = zi_json(NULL, 0, "zi pledges get %s", id);
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    v = zi_json(key, 0,
                "zi pledges create --unit %s --name 'Janji' --principles '[\"Cepat\", \"Tepat\"]' "
                "--adopted-on %d-01-03",
                unit_id, y);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "principles")), 2);
    json_decref(v);
    out = zi_run(NULL, 0, "zi pledges list --unit %s --all --table", unit_id);
    ck_assert_int_eq(strncmp(out, "NAME ", 5), 0);
    ck_assert_ptr_nonnull(strstr(out, "7S Unit"));
    free(out);
    free(key);
}
END_TEST

/* The members of the score sheet file of test_cli_proposals: each area's halves at 80 % of
 * half its weight, IPAK 3.7, IPKP 3.4, performance 4.2 (total 83.27, every WBK minimum met). */
static const char cli_sheet[] =
    "{\"enablers\": {\"change_management\": {\"fulfilment\": 3.2, \"reform\": 3.2},\n"
    "  \"business_process\": {\"fulfilment\": 2.8, \"reform\": 2.8},\n"
    "  \"hr_management\": {\"fulfilment\": 4, \"reform\": 4},\n"
    "  \"performance_accountability\": {\"fulfilment\": 4, \"reform\": 4},\n"
    "  \"supervision\": {\"fulfilment\": 6, \"reform\": 6},\n"
    "  \"public_service\": {\"fulfilment\": 4, \"reform\": 4}},\n"
    " \"ipak_survey\": 3.7, \"ipkp_survey\": 3.4, \"performance\": 4.2}\n";

START_TEST(test_cli_summary)
{
    char *key = th_new_key("upg", NULL, NULL, NULL);
    const json_t *by_state;
    json_t *v;
    json_t *w;
    char *out;

    /* The public summary of the demo year (no key needed); the one for keys is the same. */
    v = zi_json(NULL, 0, "zi summary --year 2023 --public");
    ck_assert_int_eq(th_int(v, "year"), 2023);
    ck_assert_int_ge(th_int(json_object_get(v, "units"), "total"), 100);
    ck_assert(json_is_object(json_object_get(json_object_get(v, "units"), "by_kind")));
    by_state = json_object_get(json_object_get(v, "proposals"), "by_state");
    ck_assert_uint_eq(json_object_size(by_state), 13); /* every state */
    ck_assert(json_is_integer(json_object_get(by_state, "awarded")));
    ck_assert(json_is_true(json_object_get(json_object_get(v, "declarations"), "city")));
    ck_assert_int_ge(th_int(v, "projected_holders"), th_int(v, "holders"));
    w = zi_json(key, 0, "zi summary --year 2023");
    /* Only the gratification figures differ: the public ones hide small groups (the key is
     * the UPG's, which sees them). */
    ck_assert_int_eq(th_int(json_object_get(v, "gratification"), "suppressed_below"), 3);
    ck_assert_ptr_null(json_object_get(json_object_get(w, "gratification"), "suppressed_below"));
    ck_assert_int_eq(th_int(json_object_get(w, "gratification"), "year"), 2023);
    json_object_del(v, "gratification");
    json_object_del(w, "gratification");
    ck_assert_msg(json_equal(v, w), "the summary for keys differs from the public one");
    json_decref(w);
    json_decref(v);
    json_decref(zi_problem(NULL, "urn:zi:problem:unauthorized", "zi summary --year 2023"));
    zi_exit(NULL, 2, "zi summary --year 1999 --public");
    v = zi_json(NULL, 0, "zi summary --public"); /* the current year */
    ck_assert_int_eq(th_int(v, "year"), th_utc_year());
    json_decref(v);
    out = zi_run(NULL, 0, "zi summary --year 2023 --public --table");
    ck_assert_ptr_nonnull(strstr(out, "\nholders "));
    free(out);

    /* The public directory. */
    v = zi_json(NULL, 0, "zi public-units --limit 3");
    ck_assert_uint_eq(th_data_size(v), 3);
    ck_assert(json_is_string(json_object_get(v, "next_cursor")));
    json_decref(v);
    out = zi_run(NULL, 0, "zi public-units --limit 2 --table");
    ck_assert_int_eq(strncmp(out, "CODE ", 5), 0);
    free(out);
    free(key);
}
END_TEST

START_TEST(test_cli_proposals)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *ev = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, NULL);
    int year = th_free_programme_year(c);
    char opens[16];
    char closes[16];
    char designated[16];
    char today[16];
    char sheet_path[64];
    char options[160];
    char unit_id[64];
    char id[64];
    json_t *v;
    char *out;

    zi_client_free(c);
    th_date(opens, sizeof opens, -30);
    th_date(closes, sizeof closes, 30);
    th_date(designated, sizeof designated, -730);
    th_date(today, sizeof today, 0);

    /* The year (window open today) and its WBK minima, from the command line. */
    v = zi_json(key, 0,
                "zi programme-years put %d --bpk-opinion WTP --sakip-grade B --rb-index-grade CC "
                "--submission-opens %s --submission-closes %s --source '[Contoh] CLI'",
                year, opens, closes);
    ck_assert_int_eq(th_int(v, "version"), 1);
    json_decref(v);
    json_decref(zi_problem(key, "urn:zi:problem:precondition-required",
                           "zi programme-years put %d --note x", year));
    v = zi_json(key, 0, "zi programme-years put %d --version 1 --note '[Contoh] catatan'", year);
    ck_assert_int_eq(th_int(v, "version"), 2);
    ck_assert_str_eq(th_str(v, "sakip_grade"), "B");
    json_decref(v);
    zi_says(NULL, 0, "\netag ", "zi programme-years get %d --table", year);
    zi_exit(NULL, 2, "zi programme-years get 1999");
    zi_says(NULL, 0, "\"CC\"", "zi programme-years list --all");
    v = zi_json(key, 0,
                "zi thresholds create --predicate wbk --effective-from %d-01-01 "
                "--source '[Contoh] CLI row' --total-min 75 --enablers-min 40 --area-min-pct 60 "
                "--ipak-min 15.75 --ipak-survey-min 3.6 --performance-min 2.5 --ipkp-min 14 "
                "--ipkp-survey-min 3.2 --ipak-performance-min 18.25",
                year);
    ck_assert_str_eq(th_str(v, "predicate"), "wbk");
    ck_assert(json_is_false(json_object_get(v, "confirmed")));
    snprintf(id, sizeof id, "%s", th_str(v, "id"));
    json_decref(v);
    v = zi_json(key, 0, "zi thresholds update %s --version 1 --source '[Contoh] CLI row, checked'",
                id);
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    zi_exit(key, 2, "zi thresholds update %s --version 2 --confirmed maybe", id);
    zi_says(NULL, 0, id, "zi thresholds list --predicate wbk --all");
    zi_says(NULL, 0, "[Contoh] CLI row, checked", "zi thresholds get %s", id);

    /* A unit designated two years ago, proposed; draft -> tpi_review. */
    snprintf(options, sizeof options,
             "--name '[Contoh] CLI proposal' --kind other --designated-on %s", designated);
    cli_unit(key, "cliprop", options, unit_id);
    v = zi_json(key, 0, "zi proposals create --unit-id %s --year %d --target wbk --note '[Contoh] CLI'",
                unit_id, year);
    ck_assert_str_eq(th_str(v, "state"), "draft");
    id_of(id, v);
    json_decref(v);
    zi_exit(key, 2, "zi proposals transition %s --to tpi_review", id); /* no precondition */
    v = zi_json(key, 0, "zi proposals transition %s --version 1 --to tpi_review --note 'ke TPI'", id);
    ck_assert_str_eq(th_str(v, "state"), "tpi_review");
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    /* Not a step from tpi_review: exit 1, the problem names the state and the way on. */
    v = zi_problem(key, "urn:zi:problem:conflict", "zi proposals transition %s --version 2 --to awarded",
                   id);
    ck_assert_str_eq(th_str(v, "state"), "tpi_review");
    ck_assert_uint_eq(json_array_size(json_object_get(v, "allowed_next")), 2);
    json_decref(v);
    json_decref(zi_problem(key, "urn:zi:problem:precondition-failed",
                           "zi proposals transition %s --version 1 --to tpi_review", id));

    /* The TPI scores (a file; an option overrides a member of it) and forwards. */
    zi_exit(ev, 1, "zi proposals score %s", id); /* none yet: 404 */
    write_temp(sheet_path, sizeof sheet_path, "sheet", ".json", cli_sheet);
    v = zi_json(ev, 0, "zi proposals score %s --data @%s --ipkp-survey 3.0", id, sheet_path);
    ck_assert_int_eq(th_int(v, "version"), 1);
    ck_assert(json_is_false(json_object_get(v, "all_met")));
    json_decref(v);
    json_decref(zi_problem(ev, "urn:zi:problem:precondition-required",
                           "zi proposals score %s --data @%s", id, sheet_path));
    zi_says(ev, 1, "thresholds_not_met", "zi proposals transition %s --version 2 --to submitted", id);
    v = zi_json(ev, 0, "zi proposals score %s --version 1 --data @%s --note '[Contoh] LKE'", id,
                sheet_path);
    ck_assert_int_eq(th_int(v, "version"), 2);
    ck_assert(json_is_true(json_object_get(v, "all_met")));
    ck_assert_msg(json_number_value(json_object_get(json_object_get(v, "computed"), "total")) > 83.26 &&
                      json_number_value(json_object_get(json_object_get(v, "computed"), "total")) < 83.28,
                  "total");
    json_decref(v);
    v = zi_json(key, 0, "zi proposals score %s", id); /* any key reads it */
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    json_decref(zi_problem(key, "urn:zi:problem:forbidden",
                           "zi proposals transition %s --version 2 --to submitted", id));
    v = zi_json(ev, 0, "zi proposals transition %s --if-match '\"2\"' --to submitted", id);
    ck_assert_str_eq(th_str(v, "state"), "submitted");
    json_decref(v);

    /* The record: steps, sheet versions, lists, the summary of the year. */
    ck_assert_uint_eq(zi_count(ev, "zi proposals transitions %s --all", id), 2);
    ck_assert_uint_eq(zi_count(ev, "zi proposals score-history %s --all", id), 2);
    ck_assert_uint_eq(zi_count(ev, "zi proposals list --unit-id %s --state submitted", unit_id), 1);
    ck_assert_uint_eq(zi_count(ev, "zi proposals list --year %d --all", year), 1);
    out = zi_run(ev, 0, "zi proposals transitions %s --table", id);
    ck_assert_int_eq(strncmp(out, "AT ", 3), 0);
    ck_assert_ptr_nonnull(strstr(out, "ke TPI"));
    free(out);
    zi_says(ev, 0, "\netag ", "zi proposals get %s --table", id);
    v = zi_json(ev, 0, "zi summary --year %d", year);
    ck_assert_int_eq(th_int(json_object_get(json_object_get(v, "proposals"), "by_state"), "submitted"),
                     1);
    ck_assert_int_eq(th_int(json_object_get(v, "proposals"), "proposed"), 1);
    ck_assert_int_eq(th_int(json_object_get(v, "proposals"), "open"), 1);
    json_decref(v);

    /* A unit without a predicate cannot lose it: 409. */
    json_decref(zi_problem(key, "urn:zi:problem:conflict",
                           "zi units revoke %s --reason '[Contoh] hipotetis' --revoked-on %s",
                           unit_id, today));
    zi_exit(key, 2, "zi units revoke %s", unit_id); /* no reason, no date */

    unlink(sheet_path);
    free(ev);
    free(key);
}
END_TEST

/* The body of a report for `zi reports file --data @FILE` (unit and type come as options). */
static const char cli_report[] =
    "{\"reporter_nik\": \"3404011203850002\", \"reporter_name\": \"[Contoh] Pelapor CLI\",\n"
    " \"reporter_address\": \"[Contoh] Jl. CLI 1\", \"reporter_phone\": \"0812-0000-0002\",\n"
    " \"reporter_position\": \"[Contoh] Staf\", \"giver_name\": \"[Contoh] CV Pemberi\",\n"
    " \"giver_relationship\": \"vendor\", \"kind\": \"money\", \"description\": \"[Contoh] Amplop\",\n"
    " \"value_idr\": 1500000, \"received_on\": \"2026-03-17\", \"place\": \"[Contoh] Loket\",\n"
    " \"occasion\": \"service\", \"chronology\": \"[Contoh] Setelah layanan.\", \"job_related\": true}\n";

/* The file at path holds exactly the len bytes at want. */
static void assert_file_holds(const char *path, const void *want, size_t len)
{
    unsigned char buf[4096];
    FILE *f = fopen(path, "rb");
    size_t n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    ck_assert_uint_eq(n, len);
    ck_assert_int_eq(memcmp(buf, want, len), 0);
}

/* A calendar year from 2060 to 2100 without a calendar yet, as c finds it. */
static int cli_free_calendar_year(zi_client *c)
{
    int start = (int)((unsigned)getpid() * 7u % 41u);
    int i;

    for (i = 0; i < 41; i++) {
        int year = 2060 + (start + i) % 41;
        json_t *y = NULL;
        zi_status st = zi_calendar_get(c, year, &y, NULL);

        json_decref(y);
        if (st == ZI_E_NOT_FOUND)
            return year;
        th_assert_status(c, st, ZI_OK);
    }
    ck_abort_msg("every calendar year from 2060 to 2100 is recorded already");
    return 0;
}

START_TEST(test_cli_reports)
{
    char *admin = th_new_key("admin", NULL, NULL, NULL);
    char *upg = th_new_key("upg", NULL, NULL, NULL);
    char *employee;
    char *colleague;
    zi_client *c = th_client_for(th_url(), admin, NULL);
    int year = cli_free_calendar_year(c);
    char nip[19];
    char unit_id[64];
    char id[64];
    char second[64];
    char rule_set_id[64];
    char path[64];
    char *out;
    json_t *v;

    zi_client_free(c);
    snprintf(nip, sizeof nip, "1980%02u%02u2003%02u1%03u", 1u + (unsigned)getpid() % 12u,
             1u + (unsigned)getpid() % 28u, 1u + (unsigned)getpid() % 12u,
             1u + (unsigned)((unsigned long)time(NULL) % 999u));
    cli_unit(admin, "clirep", "--name '[Contoh] CLI gratifikasi' --kind other", unit_id);
    employee = th_new_key("employee", unit_id, nip, NULL);
    {
        char nip2[19];
        snprintf(nip2, sizeof nip2, "%s", nip);
        nip2[17] = nip2[17] == '9' ? '1' : (char)(nip2[17] + 1); /* another sequence number */
        colleague = th_new_key("employee", unit_id, nip2, NULL);
    }

    /* Advice, public: the contract's example. Missing facts: the server's 400 (exit 1); a
     * value that is no number: exit 2. */
    v = zi_json(NULL, 0,
                "zi reports assess --kind money --value-idr 1500000 --giver-relationship vendor "
                "--occasion service --job-related true --date 2026-03-17");
    ck_assert_str_eq(th_str(v, "advice"), "must_refuse");
    ck_assert_str_eq(th_str(v, "report_due_on"), "2026-05-07");
    ck_assert_str_eq(th_str(json_object_get(v, "rule_set"), "code"), "kpk-2026");
    json_decref(v);
    json_decref(zi_problem(NULL, "urn:zi:problem:invalid-request", "zi reports assess --kind money"));
    zi_exit(NULL, 2, "zi reports assess --kind money --value-idr lots");
    zi_exit(NULL, 2, "zi reports assess");

    /* The calendar: a seeded year, the counting, a year of our own. */
    v = zi_json(NULL, 0, "zi calendar show 2026");
    ck_assert_int_eq(th_int(v, "year"), 2026);
    ck_assert(json_is_true(json_object_get(v, "complete")));
    json_decref(v);
    zi_says(NULL, 0, "\netag ", "zi calendar show 2026 --table");
    zi_exit(NULL, 2, "zi calendar show 1999");
    v = zi_json(NULL, 0, "zi calendar add 2026-03-17 30");
    ck_assert_str_eq(th_str(v, "date"), "2026-05-07");
    ck_assert(json_is_true(json_object_get(v, "calendar_complete")));
    json_decref(v);
    zi_exit(NULL, 2, "zi calendar add 2026-03-17 0");
    zi_exit(NULL, 2, "zi calendar add 2026-03-17");
    zi_exit(NULL, 1, "zi calendar add 2026-02-30 1");
    ck_assert_uint_ge(zi_count(NULL, "zi calendar list --all"), 2);
    v = zi_json(admin, 0,
                "zi calendar put %d --complete true --source '[Contoh] CLI' --days "
                "'[{\"date\": \"%d-01-01\", \"kind\": \"holiday\", \"name\": \"Tahun Baru Masehi\"}]'",
                year, year);
    ck_assert_int_eq(th_int(v, "version"), 1);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "days")), 1);
    json_decref(v);
    json_decref(zi_problem(admin, "urn:zi:problem:precondition-required",
                           "zi calendar put %d --complete true --source x --days '[]'", year));
    write_temp(path, sizeof path, "days", ".json", "[]");
    v = zi_json(admin, 0, "zi calendar put %d --version 1 --complete false --source '[Contoh] CLI 2' "
                          "--days @%s", year, path);
    ck_assert_int_eq(th_int(v, "version"), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "days")), 0);
    json_decref(v);
    unlink(path);
    zi_exit(admin, 2, "zi calendar put %d --version 2 --complete true --source x --days '[oops'", year);
    zi_exit(admin, 2, "zi calendar put %d --version 2", year); /* nothing to record */

    /* The rule sets, by id or by code. */
    ck_assert_uint_ge(zi_count(NULL, "zi rule-sets list --all"), 2);
    v = zi_json(NULL, 0, "zi rule-sets show kpk-2026");
    ck_assert_str_eq(th_str(v, "code"), "kpk-2026");
    snprintf(rule_set_id, sizeof rule_set_id, "%s", th_str(v, "id"));
    json_decref(v);
    zi_says(NULL, 0, "\"kpk-2026\"", "zi rule-sets show %s", rule_set_id);
    zi_exit(NULL, 1, "zi rule-sets show kpk-1900");
    out = zi_run(NULL, 0, "zi rule-sets list --table");
    ck_assert_int_eq(strncmp(out, "CODE ", 5), 0);
    free(out);

    /* A report filed by the employee (a file, an option on top), changed, submitted. */
    write_temp(path, sizeof path, "report", ".json", cli_report);
    v = zi_json(employee, 0, "zi reports file --unit-id %s --type receipt --data @%s --place "
                             "'[Contoh] Loket 2'", unit_id, path);
    ck_assert_str_eq(th_str(v, "state"), "draft");
    ck_assert_str_eq(th_str(v, "reporter_nip"), nip);
    ck_assert_str_eq(th_str(v, "place"), "[Contoh] Loket 2");
    id_of(id, v);
    json_decref(v);
    zi_exit(employee, 2, "zi reports file --unit-id %s --type receipt --value-idr -5", unit_id);
    zi_exit(employee, 2, "zi reports file");
    zi_says(employee, 0, "\netag ", "zi reports show %s --table", id);
    v = zi_json(employee, 0, "zi reports update %s --version 1 --description '[Contoh] Amplop tebal'",
                id);
    ck_assert_int_eq(th_int(v, "version"), 2);
    json_decref(v);
    zi_exit(employee, 2, "zi reports update %s --version 2 --type refusal", id); /* create-only */
    zi_exit(employee, 2, "zi reports transition %s --to submitted", id);        /* no precondition */
    v = zi_problem(employee, "urn:zi:problem:conflict", "zi reports transition %s --version 2 --to recorded",
                   id);
    ck_assert_str_eq(th_str(v, "state"), "draft");
    json_decref(v);
    v = zi_json(employee, 0, "zi reports transition %s --if-match '\"2\"' --to submitted", id);
    ck_assert_str_eq(th_str(v, "state"), "submitted");
    json_decref(v);

    /* The UPG takes it on: verifying, then forwarded (the GOL reference required). */
    json_decref(zi_problem(employee, "urn:zi:problem:forbidden",
                           "zi reports transition %s --version 3 --to verifying", id));
    v = zi_json(upg, 0, "zi reports transition %s --version 3 --to verifying --note 'diperiksa'", id);
    ck_assert_int_eq(th_int(v, "version"), 4);
    json_decref(v);
    zi_says(upg, 1, "/gol_reference", "zi reports transition %s --version 4 --to forwarded", id);
    v = zi_json(upg, 0, "zi reports transition %s --version 4 --to forwarded --gol-reference "
                        "'[Contoh] GOL-CLI'", id);
    ck_assert_str_eq(th_str(v, "state"), "forwarded");
    json_decref(v);

    /* Lists and their filters; a second report (a draft refusal) for the pages. */
    v = zi_json(employee, 0, "zi reports file --unit-id %s --type refusal --data @%s --value-idr 0 "
                             "--giver-relationship service_user", unit_id, path);
    id_of(second, v);
    json_decref(v);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s", unit_id), 2);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --type refusal", unit_id), 1);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --value-max 0", unit_id), 1);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --value-min 1500000", unit_id), 1);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --overdue true", unit_id), 0);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --state forwarded --due-within 260",
                               unit_id), 1);
    ck_assert_uint_eq(zi_count(employee, "zi reports list --unit-id %s --limit 1 --all", unit_id), 2);
    ck_assert_uint_eq(zi_count(upg, "zi reports list --unit-id %s --sort next_due", unit_id), 2);
    zi_exit(upg, 2, "zi reports list --overdue maybe");
    zi_exit(upg, 2, "zi reports list --due-within 261");
    out = zi_run(upg, 0, "zi reports list --unit-id %s --table", unit_id);
    ck_assert_int_eq(strncmp(out, "RECEIVED ", 9), 0);
    free(out);

    /* CSV: the streamed export, one header row and every report; not JSON. */
    out = zi_run(upg, 0, "zi reports export --unit-id %s", unit_id);
    ck_assert_msg(strncmp(out, "id,", 3) == 0 || strstr(out, ",id,") != NULL, "CSV: %s", out);
    ck_assert_ptr_nonnull(strstr(out, id));
    ck_assert_ptr_nonnull(strstr(out, second));
    {
        size_t lines = 0;
        const char *p;
        for (p = out; (p = strstr(p, "\r\n")) != NULL; p += 2)
            lines++;
        ck_assert_uint_eq(lines, 3);
    }
    free(out);
    out = zi_run(upg, 0, "zi reports export --unit-id %s --type refusal --json", unit_id);
    ck_assert_int_eq(out[0] == '{', 0);
    ck_assert_ptr_null(strstr(out, id));
    ck_assert_ptr_nonnull(strstr(out, second));
    free(out);
    zi_exit(upg, 2, "zi reports export --value-min x");
    zi_exit(upg, 2, "zi reports export --limit 1"); /* no pages: the whole queue */
    json_decref(zi_problem(NULL, "urn:zi:problem:unauthorized", "zi reports export"));

    /* Evidence: a PNG (its type read from the content, its name from the path), listed,
     * downloaded to a file and to stdout, byte for byte. */
    {
        static const unsigned char png[] = {
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05, 0x18, 0xd8, 0x4e, 0x00,
            0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
        };
        char png_path[64];
        char got_path[80];
        char evid[64];
        const char *base;
        FILE *fp;
        int fd;

        snprintf(png_path, sizeof png_path, "/tmp/zi-sdk-ev-XXXXXX.png");
        fd = mkstemps(png_path, 4);
        ck_assert_int_ge(fd, 0);
        fp = fdopen(fd, "wb");
        ck_assert_ptr_nonnull(fp);
        ck_assert_uint_eq(fwrite(png, 1, sizeof png, fp), sizeof png);
        ck_assert_int_eq(fclose(fp), 0);
        snprintf(got_path, sizeof got_path, "%s.got", png_path);
        base = strrchr(png_path, '/') + 1;

        v = zi_json(employee, 0, "zi reports evidence add %s %s", id, png_path);
        ck_assert_str_eq(th_str(v, "media_type"), "image/png");
        ck_assert_str_eq(th_str(v, "filename"), base);
        ck_assert_int_eq(th_int(v, "size_bytes"), (long long)sizeof png);
        id_of(evid, v);
        json_decref(v);
        ck_assert_uint_eq(zi_count(employee, "zi reports evidence list %s", id), 1);
        out = zi_run(upg, 0, "zi reports evidence list %s --table", id);
        ck_assert_int_eq(strncmp(out, "CREATED ", 8), 0);
        free(out);
        v = zi_json(employee, 0, "zi reports evidence get %s %s --output %s", id, evid, got_path);
        ck_assert_str_eq(th_str(v, "output"), got_path);
        ck_assert_int_eq(th_int(v, "size_bytes"), (long long)sizeof png);
        ck_assert_str_eq(th_str(v, "filename"), base);
        ck_assert_uint_eq(strlen(th_str(v, "sha256")), 64);
        json_decref(v);
        assert_file_holds(got_path, png, sizeof png);
        unlink(got_path);
        zi_exit(upg, 0, "zi reports evidence get %s %s > %s", id, evid, got_path);
        assert_file_holds(got_path, png, sizeof png);
        unlink(got_path);
        /* Refused: not the reporter (404), the wrong declared type (415), no known type and
         * no --type (usage), an option of another action, an unknown action. */
        json_decref(zi_problem(colleague, "urn:zi:problem:not-found",
                               "zi reports evidence get %s %s --output %s", id, evid, got_path));
        ck_assert_int_ne(access(got_path, F_OK), 0); /* nothing written */
        zi_exit(employee, 1, "zi reports evidence add %s %s --type image/jpeg", id, png_path);
        zi_exit(employee, 2, "zi reports evidence add %s %s", id, path); /* JSON, not a picture */
        zi_exit(employee, 2, "zi reports evidence add %s %s --output x", id, png_path);
        zi_exit(employee, 2, "zi reports evidence list %s --filename x", id);
        zi_exit(employee, 2, "zi reports evidence frob %s", id);
        zi_exit(employee, 2, "zi reports evidence get %s", id);
        unlink(png_path);

        /* The packet (the UPG): JSON with the file, or field,value rows. */
        v = zi_json(upg, 0, "zi reports packet %s", id);
        ck_assert_str_eq(th_str(v, "report_id"), id);
        ck_assert_str_eq(th_str(json_object_get(v, "reporter"), "nip"), nip);
        ck_assert_uint_eq(json_array_size(json_object_get(v, "evidence")), 1);
        json_decref(v);
        out = zi_run(upg, 0, "zi reports packet %s --csv --json", id);
        ck_assert_int_eq(strncmp(out, "field,value\r\n", 13), 0);
        ck_assert_ptr_nonnull(strstr(out, "\r\nevidence.1.id,"));
        free(out);
        json_decref(zi_problem(employee, "urn:zi:problem:forbidden", "zi reports packet %s", id));
        json_decref(zi_problem(upg, "urn:zi:problem:conflict", "zi reports packet %s", second));
    }

    /* The unit's figures: the forwarded report (the draft not counted). */
    v = zi_json(upg, 0, "zi units gratification-summary %s", unit_id);
    ck_assert_int_eq(th_int(v, "total"), 1);
    ck_assert_int_eq(th_int(json_object_get(v, "by_state"), "forwarded"), 1);
    ck_assert_int_eq(th_int(v, "year"), th_utc_year());
    json_decref(v);
    v = zi_json(upg, 0, "zi units gratification-summary %s --year 2025", unit_id);
    ck_assert_int_eq(th_int(v, "total"), 0);
    json_decref(v);
    zi_exit(upg, 2, "zi units gratification-summary %s --year 1999", unit_id);
    zi_exit(upg, 2, "zi units gratification-summary");
    json_decref(zi_problem(employee, "urn:zi:problem:forbidden", "zi units gratification-summary %s",
                           unit_id));

    /* Retention (admin): the policies; one kept a day longer and put back; a run. */
    {
        json_t *list = zi_json(admin, 0, "zi retention list --all");
        const json_t *pol = json_array_get(json_object_get(list, "data"), 0);
        char kind[64];
        long long version = th_int(pol, "version");
        long long days = th_int(pol, "keep_days");

        ck_assert_uint_eq(th_data_size(list), 2);
        snprintf(kind, sizeof kind, "%s", th_str(pol, "kind"));
        json_decref(list);
        v = zi_json(admin, 0, "zi retention update %s --version %lld --keep-days %lld", kind,
                    version, days + 1);
        ck_assert_int_eq(th_int(v, "version"), version + 1);
        ck_assert_int_eq(th_int(v, "keep_days"), days + 1);
        json_decref(v);
        v = zi_json(admin, 0, "zi retention update %s --if-match '\"%lld\"' --data '{\"keep_days\": %lld}'",
                    kind, version + 1, days);
        ck_assert_int_eq(th_int(v, "version"), version + 2);
        ck_assert_int_eq(th_int(v, "keep_days"), days);
        json_decref(v);
        json_decref(zi_problem(admin, "urn:zi:problem:precondition-failed",
                               "zi retention update %s --version %lld --keep-days %lld", kind,
                               version, days));
        zi_exit(admin, 2, "zi retention update %s --keep-days 10", kind);  /* no precondition */
        zi_exit(admin, 2, "zi retention update %s --version 1 --keep-days 0", kind);
        zi_exit(admin, 2, "zi retention update %s --version 1", kind);     /* nothing to change */
        json_decref(zi_problem(admin, "urn:zi:problem:not-found",
                               "zi retention update nothing --version 1 --keep-days 10"));
        v = zi_json(admin, 0, "zi retention run");
        ck_assert(json_is_string(json_object_get(v, "as_of")));
        ck_assert(json_is_integer(json_object_get(v, "identities_erased")));
        ck_assert(json_is_integer(json_object_get(v, "evidence_erased")));
        json_decref(v);
        json_decref(zi_problem(upg, "urn:zi:problem:forbidden", "zi retention run"));
        out = zi_run(admin, 0, "zi retention list --table");
        ck_assert_int_eq(strncmp(out, "KIND ", 5), 0);
        free(out);
    }

    /* The steps and who saw it (the reporter may look, the UPG may not). */
    ck_assert_uint_eq(zi_count(upg, "zi reports transitions %s --all", id), 3);
    ck_assert_uint_ge(zi_count(employee, "zi reports accesses %s", id), 1);
    json_decref(zi_problem(upg, "urn:zi:problem:forbidden", "zi reports accesses %s", id));
    out = zi_run(employee, 0, "zi reports accesses %s --table", id);
    ck_assert_int_eq(strncmp(out, "SEQ ", 4), 0);
    free(out);
    zi_says(NULL, 0, "usage: zi reports file", "zi reports file --help");

    unlink(path);
    free(colleague);
    free(employee);
    free(upg);
    free(admin);
}
END_TEST

/* ---- webhooks --------------------------------------------------------------------------------- */

/* The number of times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;

    for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
        n++;
    return n;
}

START_TEST(test_cli_webhooks)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char url[64];
    char id[64];
    char delivery[64];
    char secret[64];
    char *out;
    json_t *v;

    snprintf(url, sizeof url, "http://127.0.0.1:%d/cli-hook", th_closed_port());
    v = zi_json(key, 0, "zi webhooks create --webhook-url %s --events 'unit.*, proposal.created' "
                        "--description 'CLI hook'", url);
    id_of(id, v);
    snprintf(secret, sizeof secret, "%s", th_str(v, "secret"));
    ck_assert_int_eq(strncmp(secret, "whsec_", 6), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "event_types")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "event_types"), 1)),
                     "proposal.created");
    ck_assert_str_eq(th_str(v, "status"), "active");
    json_decref(v);
    /* For a person: the secret once, set apart from the table. */
    out = zi_run(key, 0, "zi webhooks create --table --webhook-url %s --events '*' --inactive", url);
    ck_assert_ptr_nonnull(strstr(out, "\nSigning secret, shown only now"));
    ck_assert_int_eq(occurrences(out, "whsec_"), 1);
    ck_assert_ptr_nonnull(strstr(out, "paused"));
    free(out);

    v = zi_json(key, 0, "zi webhooks get %s", id);
    ck_assert_ptr_null(json_object_get(v, "secret")); /* never shown again */
    ck_assert_str_eq(th_str(v, "description"), "CLI hook");
    json_decref(v);
    zi_says(key, 0, id, "zi webhooks list --all");
    ck_assert_uint_ge(zi_count(key, "zi webhooks list --status paused --all"), 1);
    out = zi_run(key, 0, "zi webhooks list --status active --all");
    ck_assert_ptr_null(strstr(out, "\"paused\""));
    free(out);

    /* Update with the version read; stale: exit 1 (412); none given: a usage error. */
    v = zi_json(key, 0, "zi webhooks update %s --version 1 --active false --events unit.created",
                id);
    ck_assert_str_eq(th_str(v, "status"), "paused");
    ck_assert_uint_eq(json_array_size(json_object_get(v, "event_types")), 1);
    json_decref(v);
    json_decref(zi_problem(key, "urn:zi:problem:precondition-failed",
                           "zi webhooks update %s --version 1 --active true", id));
    zi_exit(key, 2, "zi webhooks update %s --active true", id);
    zi_exit(key, 2, "zi webhooks create --webhook-url %s --events ' , '", url);

    /* A ping (also while paused), read back, listed, redelivered. */
    v = zi_json(key, 0, "zi webhooks ping %s", id);
    ck_assert_str_eq(th_str(v, "kind"), "ping");
    ck_assert_str_eq(th_str(v, "status"), "pending");
    id_of(delivery, v);
    json_decref(v);
    v = zi_json(key, 0, "zi webhooks delivery %s %s", id, delivery);
    ck_assert_str_eq(th_str(v, "id"), delivery);
    json_decref(v);
    ck_assert_uint_eq(zi_count(key, "zi webhooks deliveries %s --all", id), 1);
    v = zi_json(key, 0, "zi webhooks redeliver %s %s", id, delivery);
    ck_assert_str_eq(th_str(v, "kind"), "ping");
    ck_assert_str_ne(th_str(v, "id"), delivery);
    json_decref(v);
    ck_assert_uint_eq(zi_count(key, "zi webhooks deliveries %s --limit 1 --all", id), 2);
    zi_exit(key, 1, "zi webhooks delivery %s 00000000-0000-4000-8000-000000000000", id);

    /* Deleted: archived, and no more pings (409). */
    v = zi_json(key, 0, "zi webhooks delete %s", id);
    ck_assert_str_eq(th_str(v, "status"), "archived");
    json_decref(v);
    json_decref(zi_problem(key, "urn:zi:problem:conflict", "zi webhooks ping %s", id));
    free(key);
}
END_TEST

START_TEST(test_cli_webhooks_verify)
{
    static const char body[] = "{\"seq\":7,\"type\":\"unit.created\",\"resource_type\":\"unit\"}";
    char good[] = "/tmp/zi-sdk-body-XXXXXX";
    char bad[] = "/tmp/zi-sdk-body-XXXXXX";
    int fd_good = mkstemp(good);
    int fd_bad = mkstemp(bad);
    /* A secret in the server's shape; verify needs no server and no key. */
    const char *secret = "whsec_k3Zp9X2q7-YVb_0aWcT1uHn8sLdE4fGjRmQoP5iKx6A";
    char ts[32];
    char old[32];
    char sig[68];
    char old_sig[68];

    ck_assert_int_ge(fd_good, 0);
    ck_assert_int_ge(fd_bad, 0);
    ck_assert_int_eq(write(fd_good, body, strlen(body)), (int)strlen(body));
    ck_assert_int_eq(write(fd_bad, body, strlen(body) - 1), (int)strlen(body) - 1);
    close(fd_good);
    close(fd_bad);
    snprintf(ts, sizeof ts, "%lld", (long long)time(NULL));
    snprintf(old, sizeof old, "%lld", (long long)time(NULL) - 3600);
    th_webhook_sign(secret, ts, body, strlen(body), sig);
    th_webhook_sign(secret, old, body, strlen(body), old_sig);

    zi_exit(NULL, 0, "zi webhooks verify --secret %s --timestamp %s --signature %s < %s", secret,
            ts, sig, good);
    /* The secret from the environment, out of sight of ps. */
    setenv("ZI_WEBHOOK_SECRET", secret, 1);
    zi_exit(NULL, 0, "zi webhooks verify --timestamp %s --signature %s < %s", ts, sig, good);
    unsetenv("ZI_WEBHOOK_SECRET");
    /* Rejected: exit 1. An altered body, another secret, an old delivery, a malformed header. */
    zi_exit(NULL, 1, "zi webhooks verify --secret %s --timestamp %s --signature %s < %s", secret,
            ts, sig, bad);
    zi_exit(NULL, 1, "zi webhooks verify --secret %sX --timestamp %s --signature %s < %s", secret,
            ts, sig, good);
    zi_exit(NULL, 1, "zi webhooks verify --secret %s --timestamp %s --signature %s < %s", secret,
            old, old_sig, good);
    zi_exit(NULL, 0, "zi webhooks verify --secret %s --timestamp %s --signature %s "
                     "--tolerance 7200 < %s", secret, old, old_sig, good);
    zi_exit(NULL, 1, "zi webhooks verify --secret %s --timestamp '' --signature %s < %s", secret,
            sig, good);
    zi_exit(NULL, 1, "zi webhooks verify --secret %s --timestamp %s --signature v1=abc < %s",
            secret, ts, good);
    /* Usage: no secret, no signature. */
    zi_exit(NULL, 2, "zi webhooks verify --timestamp %s --signature %s < %s", ts, sig, good);
    zi_exit(NULL, 2, "zi webhooks verify --secret %s --timestamp %s < %s", secret, ts, good);
    unlink(good);
    unlink(bad);
}
END_TEST

/* ---- out of tree ------------------------------------------------------------------------------ */

START_TEST(test_out_of_tree_build_with_pkg_config)
{
    char cmd[1024];
    char *out = NULL;
    int rc;

    snprintf(cmd, sizeof cmd, "ZI_URL='%s' tests/sdk/oot.sh '%s'", th_url(), th_build());
    rc = th_run(cmd, 1, &out);
    ck_assert_msg(rc == 0, "tests/sdk/oot.sh exited %d:\n%s", rc, out);
    ck_assert_ptr_nonnull(strstr(out, "oot: PKM-WATES holds wbk"));
    ck_assert_ptr_nonnull(strstr(out, "oot: webhook signature checked"));
    ck_assert_ptr_nonnull(strstr(out, "zi " ZI_VERSION_STRING));
    free(out);
}
END_TEST

Suite *tools_suite(void)
{
    Suite *s = suite_create("tools");
    TCase *tc = tcase_create("tools");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_exports_match_the_library);
    tcase_add_test(tc, test_example_list_units);
    tcase_add_test(tc, test_example_create_update);
    tcase_add_test(tc, test_example_follow_events);
    tcase_add_test(tc, test_cli_reads);
    tcase_add_test(tc, test_cli_writes_and_history);
    tcase_add_test(tc, test_cli_keys);
    tcase_add_test(tc, test_cli_exit_codes);
    tcase_add_test(tc, test_cli_pacts_import_and_coverage);
    tcase_add_test(tc, test_cli_declarations_and_pledges);
    tcase_add_test(tc, test_cli_summary);
    tcase_add_test(tc, test_cli_speaks_the_terminals_language);
    tcase_add_test(tc, test_cli_proposals);
    tcase_add_test(tc, test_cli_reports);
    tcase_add_test(tc, test_cli_webhooks);
    tcase_add_test(tc, test_cli_webhooks_verify);
    tcase_add_test(tc, test_out_of_tree_build_with_pkg_config);
    suite_add_tcase(s, tc);
    return s;
}
