/*
 * test_config.c — config_parse: defaults, ZI_* environment, flags (--flag=value and
 * --flag value), subcommands and error messages. The environment is a table handed to
 * config_parse through a lookup function; the real environment is never read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "zi_limits.h"
#include "log.h"
#include "suites.h"

/* ---- a fake environment ------------------------------------------------------------ */

static const char *const *fake_env; /* NULL-terminated name, value, name, value, … */
static char asked[64][40];          /* names config_parse looked up */
static int n_asked;

static const char *lookup(const char *name)
{
    if (n_asked < 64)
        snprintf(asked[n_asked++], sizeof asked[0], "%s", name);
    for (const char *const *p = fake_env; p && p[0]; p += 2) {
        if (strcmp(p[0], name) == 0)
            return p[1];
    }
    return NULL;
}

/* argv as config_parse sees it: argv[0] is the program, NULL-terminated. */
#define ARGV(...) ((char *[]){"zi-server", __VA_ARGS__, NULL})

typedef struct {
    zi_config cfg;
    int rc;
    char err[256];
} parsed;

static parsed parse(const char *const *env, char **argv)
{
    parsed p;
    int argc = 0;
    while (argv[argc])
        argc++;
    fake_env = env;
    n_asked = 0;
    memset(p.err, 0, sizeof p.err);
    p.rc = config_parse(&p.cfg, argc, argv, lookup, p.err, sizeof p.err);
    return p;
}

static parsed parse_args(char **argv)
{
    return parse(NULL, argv);
}

static const char *const no_env[] = {NULL};

/* ---- defaults ---------------------------------------------------------------------- */

START_TEST(defaults_apply_without_env_or_flags)
{
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(no_env, argv);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "serve");
    ck_assert_str_eq(p.cfg.database_url, "");
    ck_assert_str_eq(p.cfg.listen_host, "127.0.0.1");
    ck_assert_int_eq(p.cfg.listen_port, 8080);
    ck_assert_int_eq(p.cfg.pool_size, 8);
    ck_assert_int_eq(p.cfg.threads, 8);
    ck_assert_int_eq(p.cfg.max_long_polls, 256);
    ck_assert_uint_eq(p.cfg.log_level, Y_LOG_LEVEL_INFO);
    ck_assert_int_eq(p.cfg.max_body_bytes, 65536);
    ck_assert_str_eq(p.cfg.cors_origins, "");
    ck_assert_int_eq(p.cfg.statement_timeout_ms, 5000);
    ck_assert_str_eq(p.cfg.role, "");
    ck_assert_str_eq(p.cfg.name, "");
    ck_assert_str_eq(p.cfg.unit, "");
    ck_assert_str_eq(p.cfg.nip, "");
}
END_TEST

START_TEST(defaults_agree_with_limits_h)
{
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(no_env, argv);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(p.cfg.pool_size, ZI_DEFAULT_POOL_SIZE);
    ck_assert_int_eq(p.cfg.threads, ZI_DEFAULT_THREADS);
    ck_assert_int_eq(p.cfg.max_body_bytes, ZI_DEFAULT_MAX_BODY_BYTES);
    ck_assert_int_eq(p.cfg.statement_timeout_ms, ZI_DEFAULT_STATEMENT_TIMEOUT_MS);
}
END_TEST

START_TEST(no_env_function_means_defaults)
{
    zi_config cfg;
    char err[128] = "";
    char *argv[] = {"zi-server", NULL};
    ck_assert_int_eq(config_parse(&cfg, 1, argv, NULL, err, sizeof err), 0);
    ck_assert_int_eq(cfg.pool_size, 8);
    ck_assert_str_eq(cfg.listen_host, "127.0.0.1");
}
END_TEST

/* ---- environment ------------------------------------------------------------------- */

START_TEST(env_overrides_defaults)
{
    static const char *const env[] = {
        "ZI_DATABASE_URL", "postgresql://zi@localhost/zi",
        "ZI_LISTEN", "0.0.0.0:9000",
        "ZI_POOL_SIZE", "16",
        "ZI_THREADS", "32",
        "ZI_LOG_LEVEL", "debug",
        "ZI_MAX_BODY_BYTES", "1024",
        "ZI_CORS_ORIGINS", "https://zi.mojokertokota.go.id",
        "ZI_STATEMENT_TIMEOUT_MS", "100",
        "ZI_MAX_LONG_POLLS", "12",
        NULL,
    };
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(env, argv);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_str_eq(p.cfg.database_url, "postgresql://zi@localhost/zi");
    ck_assert_str_eq(p.cfg.listen_host, "0.0.0.0");
    ck_assert_int_eq(p.cfg.listen_port, 9000);
    ck_assert_int_eq(p.cfg.pool_size, 16);
    ck_assert_int_eq(p.cfg.threads, 32);
    ck_assert_uint_eq(p.cfg.log_level, Y_LOG_LEVEL_DEBUG);
    ck_assert_int_eq(p.cfg.max_body_bytes, 1024);
    ck_assert_str_eq(p.cfg.cors_origins, "https://zi.mojokertokota.go.id");
    ck_assert_int_eq(p.cfg.statement_timeout_ms, 100);
    ck_assert_int_eq(p.cfg.max_long_polls, 12);
}
END_TEST

START_TEST(empty_env_value_keeps_the_default)
{
    static const char *const env[] = {"ZI_POOL_SIZE", "", "ZI_LISTEN", "", NULL};
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(env, argv);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_int_eq(p.cfg.pool_size, 8);
    ck_assert_int_eq(p.cfg.listen_port, 8080);
}
END_TEST

START_TEST(only_the_documented_variables_are_read)
{
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(no_env, argv);
    ck_assert_int_eq(p.rc, 0);
    static const char *const documented[] = {"ZI_DATABASE_URL",   "ZI_LISTEN",       "ZI_POOL_SIZE",
                                             "ZI_THREADS",        "ZI_LOG_LEVEL",    "ZI_MAX_BODY_BYTES",
                                             "ZI_CORS_ORIGINS",   "ZI_STATEMENT_TIMEOUT_MS",
                                             "ZI_RATE_LIMIT_PER_MIN", "ZI_RATE_LIMIT_BURST",
                                             "ZI_MAX_CONNECTIONS_PER_ADDRESS", "ZI_MAX_LONG_POLLS", "ZI_JOURNAL_SEAL_INTERVAL_MS",
                                             "ZI_WEBHOOK_WORKERS",
                                             "ZI_WEBHOOK_TIMEOUT_MS", "ZI_WEBHOOK_RETRY_BASE_MS",
                                             "ZI_WEBHOOK_RETRY_MAX_MS", "ZI_WEBHOOK_RETRY_FOR_S",
                                             "ZI_WEBHOOK_POLL_MS", "ZI_WEBHOOK_KEEP_DAYS",
                                             "ZI_WEBHOOK_ALLOW_HTTP", "ZI_WEBHOOK_ALLOW_ADDRESSES"};
    ck_assert_int_eq(n_asked, (int)(sizeof documented / sizeof documented[0]));
    for (int i = 0; i < n_asked; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof documented / sizeof documented[0]; k++)
            known |= strcmp(asked[i], documented[k]) == 0;
        ck_assert_msg(known, "config_parse read %s", asked[i]);
    }
}
END_TEST

START_TEST(bad_env_value_is_an_error_naming_the_variable)
{
    static const char *const env[] = {"ZI_POOL_SIZE", "lots", NULL};
    char *argv[] = {"zi-server", NULL};
    parsed p = parse(env, argv);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(strstr(p.err, "ZI_POOL_SIZE"));
    ck_assert_ptr_nonnull(strstr(p.err, "lots"));
}
END_TEST

/* ---- flags ------------------------------------------------------------------------- */

START_TEST(flags_override_env)
{
    static const char *const env[] = {"ZI_POOL_SIZE", "16", "ZI_LISTEN", "0.0.0.0:9000", "ZI_LOG_LEVEL", "debug",
                                      NULL};
    char **argv = ARGV("--pool-size=4", "--listen", "127.0.0.1:7000", "--log-level=error");
    parsed p = parse(env, argv);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_int_eq(p.cfg.pool_size, 4);
    ck_assert_str_eq(p.cfg.listen_host, "127.0.0.1");
    ck_assert_int_eq(p.cfg.listen_port, 7000);
    ck_assert_uint_eq(p.cfg.log_level, Y_LOG_LEVEL_ERROR);
}
END_TEST

START_TEST(flag_value_may_follow_an_equals_sign_or_be_the_next_argument)
{
    char **a = ARGV("--threads=12", "--database-url", "host=/tmp dbname=zi", "--cors-origins=*");
    parsed p = parse_args(a);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_int_eq(p.cfg.threads, 12);
    ck_assert_str_eq(p.cfg.database_url, "host=/tmp dbname=zi");
    ck_assert_str_eq(p.cfg.cors_origins, "*");
    /* the value after "=" may itself contain "=" */
    char **b = ARGV("--database-url=postgresql://localhost/zi?sslmode=disable");
    p = parse_args(b);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_str_eq(p.cfg.database_url, "postgresql://localhost/zi?sslmode=disable");
}
END_TEST

START_TEST(later_flag_wins)
{
    char **a = ARGV("--pool-size=4", "--pool-size", "5");
    parsed p = parse_args(a);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(p.cfg.pool_size, 5);
}
END_TEST

START_TEST(flag_without_value_is_an_error)
{
    char **a = ARGV("--pool-size");
    parsed p = parse_args(a);
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(strstr(p.err, "--pool-size"));
}
END_TEST

START_TEST(create_key_options_are_read_from_flags)
{
    char **a = ARGV("create-key", "--role", "employee", "--name=Budi Santoso", "--unit", "DISKOMINFO", "--nip",
                    "198507142010011002");
    parsed p = parse_args(a);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_str_eq(p.cfg.command, "create-key");
    ck_assert_str_eq(p.cfg.role, "employee");
    ck_assert_str_eq(p.cfg.name, "Budi Santoso");
    ck_assert_str_eq(p.cfg.unit, "DISKOMINFO");
    ck_assert_str_eq(p.cfg.nip, "198507142010011002");
}
END_TEST

START_TEST(string_options_longer_than_their_field_are_errors)
{
    char role_ok[32], role_long[33], name_ok[201], name_long[202];
    memset(role_ok, 'r', 31);
    role_ok[31] = '\0';
    memset(role_long, 'r', 32);
    role_long[32] = '\0';
    memset(name_ok, 'n', 200);
    name_ok[200] = '\0';
    memset(name_long, 'n', 201);
    name_long[201] = '\0';
    parsed p = parse_args(ARGV("--role", role_ok));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.role, role_ok);
    p = parse_args(ARGV("--role", role_long));
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(strstr(p.err, "--role"));
    p = parse_args(ARGV("--name", name_ok));
    ck_assert_int_eq(p.rc, 0);
    p = parse_args(ARGV("--name", name_long));
    ck_assert_int_eq(p.rc, -1);
}
END_TEST

/* ---- bad values -------------------------------------------------------------------- */

static const char *const bad_listen[] = {
    "127.0.0.1:65536", /* port above 65535 */
    "127.0.0.1:99999999999999999999",
    "127.0.0.1:-1",
    "127.0.0.1:",
    "127.0.0.1",
    "127.0.0.1:80a",
    "127.0.0.1: 80",
    "127.0.0.1:080",   /* leading zero */
    "127.0.0.1:+80",
    ":8080",           /* no host */
    "8080",
    "",
    "a-host-name-that-is-far-too-long-to-fit-the-sixty-four-byte-buffer.example:80",
};

START_TEST(bad_listen_address_or_port_is_an_error)
{
    char *argv[] = {"zi-server", "--listen", (char *)bad_listen[_i], NULL};
    parsed p = parse_args(argv);
    ck_assert_msg(p.rc == -1, "accepted --listen \"%s\"", bad_listen[_i]);
    ck_assert_ptr_nonnull(strstr(p.err, "--listen"));
}
END_TEST

static const struct {
    const char *listen;
    const char *host;
    int port;
} good_listen[] = {
    {"0.0.0.0:80", "0.0.0.0", 80},
    {"localhost:65535", "localhost", 65535},
    {"127.0.0.1:1", "127.0.0.1", 1},
    {"[::1]:8080", "[::1]", 8080}, /* the last colon separates the port */
};

START_TEST(listen_splits_host_and_port_at_the_last_colon)
{
    char *argv[] = {"zi-server", "--listen", (char *)good_listen[_i].listen, NULL};
    parsed p = parse_args(argv);
    ck_assert_msg(p.rc == 0, "%s", p.err);
    ck_assert_str_eq(p.cfg.listen_host, good_listen[_i].host);
    ck_assert_int_eq(p.cfg.listen_port, good_listen[_i].port);
}
END_TEST

static const struct {
    const char *flag;
    const char *value;
    int ok;
} ranges[] = {
    {"--pool-size", "1", 1},
    {"--pool-size", "256", 1},
    {"--pool-size", "0", 0},
    {"--pool-size", "257", 0},
    {"--pool-size", "-1", 0},
    {"--pool-size", "8.5", 0},
    {"--pool-size", "", 0},
    {"--pool-size", "08", 0},
    {"--threads", "0", 0},
    {"--threads", "256", 1},
    {"--threads", "1000", 0},
    /* a waiting reader holds a connection: at most half of the 1000 may wait */
    {"--max-long-polls", "1", 1},
    {"--max-long-polls", "500", 1},
    {"--max-long-polls", "0", 0},
    {"--max-long-polls", "501", 0},
    {"--max-body-bytes", "1024", 1},
    {"--max-body-bytes", "1023", 0},
    {"--max-body-bytes", "16777216", 1},
    {"--max-body-bytes", "16777217", 0},
    {"--statement-timeout-ms", "99", 0},
    {"--statement-timeout-ms", "600000", 1},
    {"--statement-timeout-ms", "600001", 0},
    {"--log-level", "none", 1},
    {"--log-level", "warning", 1},
    {"--log-level", "warn", 1},
    {"--log-level", "verbose", 0},
    {"--log-level", "INFO", 0},
    {"--log-level", "", 0},
};

START_TEST(numeric_and_level_options_are_range_checked)
{
    char arg[64];
    snprintf(arg, sizeof arg, "%s=%s", ranges[_i].flag, ranges[_i].value);
    char *argv[] = {"zi-server", arg, NULL};
    parsed p = parse_args(argv);
    if (ranges[_i].ok) {
        ck_assert_msg(p.rc == 0, "%s rejected: %s", arg, p.err);
    } else {
        ck_assert_msg(p.rc == -1, "%s accepted", arg);
        ck_assert_msg(strstr(p.err, ranges[_i].flag) != NULL, "error does not name the flag: %s", p.err);
    }
}
END_TEST

START_TEST(max_body_bytes_is_stored_as_long)
{
    parsed p = parse_args(ARGV("--max-body-bytes=16777216"));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(p.cfg.max_body_bytes, 16777216L);
    ck_assert_int_eq(p.cfg.pool_size, 8); /* neighbours untouched */
    ck_assert_int_eq(p.cfg.statement_timeout_ms, 5000);
}
END_TEST

/* ---- unknown options and commands -------------------------------------------------- */

static const char *const unknown_options[] = {
    "--bogus", "--bogus=1", "--pool", "--pool-size-max=3", "--POOL-SIZE=3", "-p", "-", "--",
    "--ZI_POOL_SIZE=3",
};

START_TEST(unknown_option_is_an_error_naming_it)
{
    char *argv[] = {"zi-server", (char *)unknown_options[_i], NULL};
    parsed p = parse_args(argv);
    ck_assert_msg(p.rc == -1, "accepted %s", unknown_options[_i]);
    char name[64];
    snprintf(name, sizeof name, "\"%.*s\"", (int)strcspn(unknown_options[_i], "="), unknown_options[_i]);
    ck_assert_msg(strstr(p.err, name) != NULL, "error \"%s\" does not name %s", p.err, name);
}
END_TEST

START_TEST(known_commands_are_accepted)
{
    static const char *const commands[] = {"serve", "migrate", "create-key"};
    for (size_t i = 0; i < 3; i++) {
        char *argv[] = {"zi-server", (char *)commands[i], "--pool-size=3", NULL};
        parsed p = parse_args(argv);
        ck_assert_msg(p.rc == 0, "%s: %s", commands[i], p.err);
        ck_assert_str_eq(p.cfg.command, commands[i]);
        ck_assert_int_eq(p.cfg.pool_size, 3);
    }
    /* the command may also come after the options */
    parsed p = parse_args(ARGV("--pool-size=3", "migrate"));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "migrate");
}
END_TEST

static const char *const unknown_commands[] = {"frobnicate", "Serve", "help", "version", "run"};

START_TEST(unknown_command_is_an_error)
{
    char *argv[] = {"zi-server", (char *)unknown_commands[_i], NULL};
    parsed p = parse_args(argv);
    ck_assert_msg(p.rc == -1, "accepted command %s", unknown_commands[_i]);
    ck_assert_ptr_nonnull(strstr(p.err, unknown_commands[_i]));
}
END_TEST

START_TEST(second_command_is_an_error)
{
    parsed p = parse_args(ARGV("serve", "migrate"));
    ck_assert_int_eq(p.rc, -1);
    ck_assert_ptr_nonnull(strstr(p.err, "migrate"));
}
END_TEST

START_TEST(help_and_version_stop_parsing)
{
    parsed p = parse_args(ARGV("--help"));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "help");
    p = parse_args(ARGV("-h"));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "help");
    p = parse_args(ARGV("migrate", "--help", "--bogus")); /* nothing after --help is parsed */
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "help");
    p = parse_args(ARGV("--version"));
    ck_assert_int_eq(p.rc, 0);
    ck_assert_str_eq(p.cfg.command, "version");
}
END_TEST

START_TEST(error_message_is_truncated_to_the_buffer)
{
    zi_config cfg;
    char err[16];
    memset(err, '#', sizeof err);
    char *argv[] = {"zi-server", "--a-very-long-unknown-option-name", NULL};
    ck_assert_int_eq(config_parse(&cfg, 2, argv, NULL, err, 12), -1);
    ck_assert_uint_eq(strlen(err), 11);
    ck_assert_int_eq(err[12], '#');
}
END_TEST

START_TEST(usage_lists_every_variable_and_its_flag)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    config_usage(f);
    fclose(f);
    static const char *const words[] = {
        "ZI_DATABASE_URL",     "--database-url",     "ZI_LISTEN",         "--listen",
        "127.0.0.1:8080",      "ZI_POOL_SIZE",       "--pool-size",       "ZI_THREADS",
        "--threads",           "ZI_LOG_LEVEL",       "--log-level",       "ZI_MAX_BODY_BYTES",
        "--max-body-bytes",    "65536",              "ZI_CORS_ORIGINS",   "--cors-origins",
        "ZI_STATEMENT_TIMEOUT_MS", "--statement-timeout-ms", "5000",      "create-key",
        "migrate",             "--help",
    };
    const char *missing = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0] && !missing; i++) {
        if (text == NULL || strstr(text, words[i]) == NULL)
            missing = words[i];
    }
    free(text);
    ck_assert_msg(missing == NULL, "--help does not mention %s", missing);
}
END_TEST

Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("sources");
    tcase_add_test(tc, defaults_apply_without_env_or_flags);
    tcase_add_test(tc, defaults_agree_with_limits_h);
    tcase_add_test(tc, no_env_function_means_defaults);
    tcase_add_test(tc, env_overrides_defaults);
    tcase_add_test(tc, empty_env_value_keeps_the_default);
    tcase_add_test(tc, only_the_documented_variables_are_read);
    tcase_add_test(tc, bad_env_value_is_an_error_naming_the_variable);
    tcase_add_test(tc, flags_override_env);
    tcase_add_test(tc, flag_value_may_follow_an_equals_sign_or_be_the_next_argument);
    tcase_add_test(tc, later_flag_wins);
    tcase_add_test(tc, flag_without_value_is_an_error);
    tcase_add_test(tc, create_key_options_are_read_from_flags);
    tcase_add_test(tc, string_options_longer_than_their_field_are_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_add_loop_test(tc, bad_listen_address_or_port_is_an_error, 0, N_ROWS(bad_listen));
    tcase_add_loop_test(tc, listen_splits_host_and_port_at_the_last_colon, 0, N_ROWS(good_listen));
    tcase_add_loop_test(tc, numeric_and_level_options_are_range_checked, 0, N_ROWS(ranges));
    tcase_add_test(tc, max_body_bytes_is_stored_as_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("commands");
    tcase_add_loop_test(tc, unknown_option_is_an_error_naming_it, 0, N_ROWS(unknown_options));
    tcase_add_test(tc, known_commands_are_accepted);
    tcase_add_loop_test(tc, unknown_command_is_an_error, 0, N_ROWS(unknown_commands));
    tcase_add_test(tc, second_command_is_an_error);
    tcase_add_test(tc, help_and_version_stop_parsing);
    tcase_add_test(tc, error_message_is_truncated_to_the_buffer);
    tcase_add_test(tc, usage_lists_every_variable_and_its_flag);
    suite_add_tcase(s, tc);
    return s;
}
