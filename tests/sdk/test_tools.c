/*
 * test_tools.c — what is built around the library: the export list against the built
 * library (both ways), the examples and the zi command run against the live server, and an
 * out-of-tree build from an installed prefix with pkg-config (tests/sdk/oot.sh).
 * Programs run with ZI_SDK_TEST_WRAP in front (valgrind, when run.sh sets it).
 */
#include "harness.h"

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

/* Run a program of the build with the wrap prefix, ZI_URL and ZI_API_KEY=key (NULL: none);
 * stdout into *out. */
static int run_prog(const char *prog_and_args, const char *key, char **out)
{
    char cmd[2048];

    /* stderr (error messages, valgrind reports) goes to a log, not the test output. */
    snprintf(cmd, sizeof cmd, "ZI_URL='%s' ZI_API_KEY='%s' %s %s/bin/%s 2>>'%s/test-logs/sdk-programs.log'",
             th_url(), key ? key : "", th_wrap(), th_build(), prog_and_args,
             th_build());
    return th_run(cmd, 0, out);
}

START_TEST(test_example_list_units)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, NULL);
    zi_pager *pager = NULL;
    size_t expected = 0;
    char *out = NULL;
    char want[64];

    th_assert_status(c, zi_units_pager_new(c, NULL, &pager), ZI_OK);
    for (;;) {
        json_t *u = NULL;
        th_assert_status(c, zi_pager_next(pager, &u), ZI_OK);
        if (!u)
            break;
        expected++;
        json_decref(u);
    }
    zi_pager_free(pager);
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

static json_t *parse(const char *out)
{
    json_error_t err;
    json_t *v = json_loads(out, 0, &err);

    ck_assert_msg(v != NULL, "not JSON (%s): %s", err.text, out);
    return v;
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
    char *out = NULL;
    json_t *v;

    ck_assert_int_eq(run_prog("zi --help", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "Exit codes:"));
    ck_assert_ptr_nonnull(strstr(out, "units list"));
    free(out);
    ck_assert_int_eq(run_prog("zi units list --help", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "--parent-id ID"));
    free(out);
    ck_assert_int_eq(run_prog("zi --version", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, ZI_VERSION_STRING));
    free(out);

    /* stdout is a pipe here: JSON by default. */
    ck_assert_int_eq(run_prog("zi health", key, &out), 0);
    v = parse(out);
    ck_assert_str_eq(json_string_value(json_object_get(v, "status")), "ok");
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi ready", key, &out), 0);
    free(out);
    ck_assert_int_eq(run_prog("zi units list --limit 3", key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 3);
    ck_assert(json_is_string(json_object_get(v, "next_cursor")));
    json_decref(v);
    free(out);
    {
        /* --all follows every page: as many kelurahan as the library finds (18 in the demo
         * data, plus any other tests added), with the CLI's page size of 200 or ours of 5. */
        zi_client *c = th_client_for(th_url(), key, NULL);
        zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
        zi_pager *pager = NULL;
        size_t n = 0;

        p.kind = "kelurahan";
        p.limit = 5;
        th_assert_status(c, zi_units_pager_new(c, &p, &pager), ZI_OK);
        for (;;) {
            json_t *u = NULL;
            th_assert_status(c, zi_pager_next(pager, &u), ZI_OK);
            if (!u)
                break;
            n++;
            json_decref(u);
        }
        zi_pager_free(pager);
        zi_client_free(c);
        ck_assert_uint_ge(n, 18);
        ck_assert_int_eq(run_prog("zi units list --all --kind kelurahan --sort code", key, &out), 0);
        v = parse(out);
        ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), n);
        ck_assert(json_is_null(json_object_get(v, "next_cursor")));
        json_decref(v);
        free(out);
    }
    ck_assert_int_eq(run_prog("zi units get --code pkm-wates", key, &out), 0);
    v = parse(out);
    ck_assert_str_eq(json_string_value(json_object_get(v, "predicate")), "wbk");
    json_decref(v);
    free(out);

    /* --table forces aligned columns. */
    ck_assert_int_eq(run_prog("zi units list --table --limit 2 --sort code", key, &out), 0);
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
    ck_assert_int_eq(run_prog("zi units get --table --code PKM-WATES", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "\netag "));
    free(out);
    ck_assert_int_eq(run_prog("zi metrics", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "# TYPE"));
    free(out);
    ck_assert_int_eq(run_prog("zi docs", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "listUnits"));
    free(out);
    ck_assert_int_eq(run_prog("zi openapi", key, &out), 0);
    v = parse(out);
    ck_assert(json_is_object(json_object_get(v, "paths")));
    json_decref(v);
    free(out);
    free(key);
}
END_TEST

START_TEST(test_cli_writes_and_history)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out = NULL;
    char cmd[512];
    char code[48];
    char id[64];
    json_t *v;

    th_unique_code(code, sizeof code, "cli");
    snprintf(cmd, sizeof cmd, "zi units create --code %s --name 'CLI unit' --kind sd --staff-count 4",
             code);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(v, "id")));
    ck_assert_int_eq(json_integer_value(json_object_get(v, "staff_count")), 4);
    json_decref(v);
    free(out);

    snprintf(cmd, sizeof cmd, "zi units update %s --version 1 --name 'CLI unit 2' "
                              "--data '{\"address\": \"Jl. Majapahit\"}'", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "version")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(v, "address")), "Jl. Majapahit");
    json_decref(v);
    free(out);

    /* Stale: exit 1, the problem document on stdout (JSON mode). */
    ck_assert_int_eq(run_prog(cmd, key, &out), 1);
    v = parse(out);
    ck_assert_str_eq(json_string_value(json_object_get(v, "type")),
                     "urn:zi:problem:precondition-failed");
    json_decref(v);
    free(out);

    snprintf(cmd, sizeof cmd, "zi units archive %s --if-match '\"2\"'", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);
    free(out);

    snprintf(cmd, sizeof cmd, "zi units history %s --all", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 0);
    json_decref(v);
    free(out);

    /* The audit trail of what we just did, and the feed. */
    snprintf(cmd, sizeof cmd, "zi audit list --resource-id %s --all", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 3); /* created, updated, archived */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(v, "data"), 2),
                                                       "action")),
                     "unit.archived");
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi audit verify", key, &out), 0);
    v = parse(out);
    ck_assert(json_is_true(json_object_get(v, "ok")));
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi audit head", NULL, &out), 0); /* public */
    v = parse(out);
    ck_assert_uint_eq(strlen(json_string_value(json_object_get(v, "hash"))), 64);
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi events list --limit 2", key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "last_seq")), 2);
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi events follow --until-idle --max 3", key, &out), 0);
    ck_assert_int_eq(strncmp(out, "{\"seq\":1,", 9), 0); /* one JSON object per line */
    ck_assert_ptr_nonnull(strstr(out, "\n{\"seq\":3,"));
    free(out);
    free(key);
}

START_TEST(test_cli_keys)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out = NULL;
    char cmd[512];
    char id[64];
    char secret[64];
    json_t *v;

    ck_assert_int_eq(run_prog("zi keys create --role evaluator --name 'CLI key'", key, &out), 0);
    v = parse(out);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(v, "id")));
    snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(v, "key")));
    ck_assert_int_eq(strncmp(secret, "zi_", 3), 0);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi keys get %s", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_ptr_null(json_object_get(v, "key")); /* the secret is never shown again */
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi keys list --role evaluator --active true --all", key, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, id));
    free(out);
    /* The new key works, until it is revoked. */
    ck_assert_int_eq(run_prog("zi units get --code PKM-WATES", secret, &out), 0);
    free(out);
    snprintf(cmd, sizeof cmd, "zi keys revoke %s", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi units get --code PKM-WATES", secret, &out), 1); /* 401 */
    free(out);
    /* An evaluator may not manage keys: 403, exit 1. */
    ck_assert_int_eq(run_prog("zi keys list", secret, &out), 1);
    free(out);
    free(key);
}
END_TEST
END_TEST

START_TEST(test_cli_exit_codes)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    char *out = NULL;
    char cmd[256];

    /* 2: usage */
    ck_assert_int_eq(run_prog("zi", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi frobnicate", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi units frob", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi units list --bogus", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi units list --limit 0", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi units get", key, &out), 2);
    free(out);
    ck_assert_int_eq(run_prog("zi units update 00000000-0000-4000-8000-000000000000 --name x", key,
                              &out),
                     2); /* no --if-match / --version */
    free(out);
    ck_assert_int_eq(run_prog("zi --url ftp://x health", key, &out), 2);
    free(out);
    /* 1: the server said no */
    ck_assert_int_eq(run_prog("zi units get 00000000-0000-4000-8000-000000000000", key, &out), 1);
    free(out);
    ck_assert_int_eq(run_prog("zi --key wrong units create --code SDK-X --name x --kind sd", key, &out),
                     1);
    free(out);
    ck_assert_int_eq(run_prog("zi units list --kind castle --lang en", key, &out), 1);
    ck_assert_ptr_nonnull(strstr(out, "\"Invalid request\""));
    free(out);
    /* 3: transport */
    snprintf(cmd, sizeof cmd, "zi --url http://127.0.0.1:%d --timeout 2000 health", th_closed_port());
    ck_assert_int_eq(run_prog(cmd, key, &out), 3);
    free(out);
    /* the feed needs a key: 401 */
    ck_assert_int_eq(run_prog("zi events list", NULL, &out), 1);
    free(out);
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

START_TEST(test_cli_pacts_import_and_coverage)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out = NULL;
    char cmd[1024];
    char code[48];
    char id[64];
    char csv_path[64];
    char json_path[64];
    char bad_path[64];
    char text[1024];
    time_t now = time(NULL);
    struct tm tm;
    int y;
    json_t *v;

    gmtime_r(&now, &tm);
    y = tm.tm_year + 1900;
    th_unique_code(code, sizeof code, "clipact");
    snprintf(cmd, sizeof cmd,
             "zi units create --code %s --name '[Contoh] CLI pacts' --kind other --staff-count 20",
             code);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(v, "id")));
    json_decref(v);
    free(out);

    /* A CSV file: sent as text/csv, 3 signatures. */
    snprintf(text, sizeof text,
             "year,nip,name,position,signed_on,trigger\n"
             "%d,199001012015032001,[Contoh] Siti,Sekretaris,%d-01-02,annual\n"
             "%d,,[Contoh] Slamet,\"Satpam, Shift Malam\",%d-01-02,annual\n"
             "%d,198811232012121001,[Contoh] Agus,Kepala Seksi,%d-01-02,annual\n",
             y, y, y, y, y, y);
    write_temp(csv_path, sizeof csv_path, "pacts", ".csv", text);
    snprintf(cmd, sizeof cmd, "zi pacts import %s %s", id, csv_path);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "created")), 3);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "ids")), 3);
    json_decref(v);
    free(out);

    /* A .json file: sent as JSON. */
    snprintf(text, sizeof text,
             "[{\"year\": %d, \"nip\": null, \"name\": \"[Contoh] Joko\", \"position\": \"Sopir\","
             " \"signed_on\": \"%d-01-03\", \"trigger\": \"annual\"}]",
             y, y);
    write_temp(json_path, sizeof json_path, "pacts", ".json", text);
    snprintf(cmd, sizeof cmd, "zi pacts import %s %s", id, json_path);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "created")), 1);
    json_decref(v);
    free(out);

    /* Coverage: 4 of 20 this year, none last year; the city's. */
    snprintf(cmd, sizeof cmd, "zi pacts coverage %s", id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0); /* public */
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "signed")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "civil_servants")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "staff_count")), 20);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "unsigned")), 16);
    ck_assert_msg(json_number_value(json_object_get(v, "ratio")) > 0.1999 &&
                      json_number_value(json_object_get(v, "ratio")) < 0.2001,
                  "ratio: %s", out);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pacts coverage %s --year %d", id, y - 1);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "signed")), 0);
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi pacts coverage --city", NULL, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "year")), y);
    ck_assert_int_ge(json_integer_value(json_object_get(v, "signed")), 4);
    ck_assert(json_is_integer(json_object_get(v, "units")));
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pacts coverage %s --city", id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 2); /* one or the other */
    free(out);

    /* A bad upload: exit 1, the problem with every bad row on stdout, nothing written. */
    snprintf(text, sizeof text,
             "year,nip,name,position,signed_on,trigger\n"
             "%d,199001012015032001,[Contoh] Siti,Sekretaris,%d-01-02,annual\n"
             "%d,19900101,[Contoh] Pendek,Staf,%d-01-02,annual\n",
             y, y, y, y);
    write_temp(bad_path, sizeof bad_path, "pacts-bad", ".csv", text);
    snprintf(cmd, sizeof cmd, "zi pacts import %s %s", id, bad_path);
    ck_assert_int_eq(run_prog(cmd, key, &out), 1);
    v = parse(out);
    ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "urn:zi:problem:unprocessable");
    ck_assert_uint_eq(json_array_size(json_object_get(v, "rows")), 2);
    json_decref(v);
    free(out);

    /* The list: 4 rows, names shown to an admin (rows of one upload share created_at, so
     * their order is the ids'); --civil-servant filters. */
    snprintf(cmd, sizeof cmd, "zi pacts list %s --all", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 4);
    ck_assert_ptr_nonnull(strstr(out, "\"name\": \"[Contoh] Siti\""));
    ck_assert_ptr_nonnull(strstr(out, "\"name\": \"[Contoh] Joko\""));
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pacts list %s --civil-servant false --table", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    ck_assert_int_eq(strncmp(out, "YEAR ", 5), 0);
    ck_assert_ptr_nonnull(strstr(out, "Satpam, Shift Malam"));
    ck_assert_ptr_null(strstr(out, "[Contoh] Siti"));
    free(out);

    /* Declarations and pledges: reads. */
    ck_assert_int_eq(run_prog("zi declarations list --year 2023 --scope city", NULL, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 1);
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog("zi pledges list --active true", NULL, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 1);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pledges list --unit %s", id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 0);
    json_decref(v);
    free(out);

    unlink(csv_path);
    unlink(json_path);
    unlink(bad_path);
    free(key);
}
END_TEST

START_TEST(test_cli_declarations_and_pledges)
{
    char *key = th_new_key("admin", NULL, NULL, NULL);
    char *out = NULL;
    char cmd[1024];
    char code[48];
    char unit_id[64];
    char id[64];
    char city_id[64];
    time_t now = time(NULL);
    struct tm tm;
    int y;
    json_t *v;

    gmtime_r(&now, &tm);
    y = tm.tm_year + 1900;
    snprintf(cmd, sizeof cmd, "zi units create --code %s --name '[Contoh] CLI ZI' --kind other",
             th_unique_code(code, sizeof code, "clidecl"));
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    snprintf(unit_id, sizeof unit_id, "%s", json_string_value(json_object_get(v, "id")));
    json_decref(v);
    free(out);

    snprintf(cmd, sizeof cmd,
             "zi declarations create --unit-id %s --year %d --declared-on %d-01-01 --place Aula "
             "--signer-name '[Contoh] Kepala' --signer-position Kepala "
             "--witnesses 'Saksi Satu; Saksi Dua, S.H.'",
             unit_id, y, y);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(v, "id")));
    ck_assert_uint_eq(json_array_size(json_object_get(v, "witnesses")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "witnesses"), 1)),
                     "Saksi Dua, S.H.");
    json_decref(v);
    free(out);
    ck_assert_int_eq(run_prog(cmd, key, &out), 1); /* the same unit and year again: 409 */
    v = parse(out);
    ck_assert_str_eq(json_string_value(json_object_get(v, "type")), "urn:zi:problem:conflict");
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi declarations update %s --version 1 --note 'Diperbarui'", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "version")), 2);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi declarations update %s --note x", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 2); /* no precondition */
    free(out);
    snprintf(cmd, sizeof cmd, "zi declarations get %s --table", id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "\netag "));
    free(out);
    snprintf(cmd, sizeof cmd, "zi declarations list --unit-id %s", unit_id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "data")), 1);
    json_decref(v);
    free(out);

    /* Pledges: the city's active one, a unit pledge based on it, deactivated. */
    ck_assert_int_eq(run_prog("zi pledges list --active true", NULL, &out), 0);
    v = parse(out);
    snprintf(city_id, sizeof city_id, "%s",
             json_string_value(json_object_get(json_array_get(json_object_get(v, "data"), 0), "id")));
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd,
             "zi pledges create --unit %s --name '7S Unit' --based-on-id %s --adopted-on %d-01-02",
             unit_id, city_id, y);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(v, "id")));
    ck_assert(json_is_true(json_object_get(v, "active")));
    ck_assert_uint_ge(json_array_size(json_object_get(v, "principles")), 1);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pledges deactivate %s --if-match '\"1\"'", id);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert(json_is_false(json_object_get(v, "active")));
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pledges get %s", id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    v = parse(out);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "version")), 2);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd,
             "zi pledges create --unit %s --name 'Janji' --principles '[\"Cepat\", \"Tepat\"]' "
             "--adopted-on %d-01-03",
             unit_id, y);
    ck_assert_int_eq(run_prog(cmd, key, &out), 0);
    v = parse(out);
    ck_assert_uint_eq(json_array_size(json_object_get(v, "principles")), 2);
    json_decref(v);
    free(out);
    snprintf(cmd, sizeof cmd, "zi pledges list --unit %s --all --table", unit_id);
    ck_assert_int_eq(run_prog(cmd, NULL, &out), 0);
    ck_assert_int_eq(strncmp(out, "NAME ", 5), 0);
    ck_assert_ptr_nonnull(strstr(out, "7S Unit"));
    free(out);
    free(key);
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
    tcase_add_test(tc, test_out_of_tree_build_with_pkg_config);
    suite_add_tcase(s, tc);
    return s;
}
