/*
 * cli.h — the `zi` command: what its files share.
 *
 * Commands live in tables, one per resource file (cmd_units.c, cmd_service.c, ...): each
 * row names the command ("units" "list"), its options and positional arguments, its help,
 * and the function that runs it. main.c walks the tables listed in cli_tables[]: adding
 * `zi keys …` is a new cmd_keys.c with its table and one line in cli_tables[]. Central code
 * parses options against the row, answers --help, builds the client and maps statuses to
 * exit codes, so a command function only calls the SDK and prints.
 *
 * Single-threaded; everything here lives until the process exits.
 */
#ifndef ZI_CLI_H
#define ZI_CLI_H

#include <zi/zi.h>

#include <stddef.h>

/* Exit codes (documented in `zi --help` and sdk/README.md). */
enum {
    CLI_EXIT_OK = 0,        /* success */
    CLI_EXIT_API = 1,       /* the server answered with an error (4xx/5xx problem) */
    CLI_EXIT_USAGE = 2,     /* bad command line */
    CLI_EXIT_TRANSPORT = 3, /* no usable answer: connect, timeout, TLS, size cap */
    CLI_EXIT_RESPONSE = 4,  /* an answer that does not follow the contract */
    CLI_EXIT_INTERNAL = 5,  /* out of memory or another local failure */
    CLI_EXIT_CHECK = 6      /* a check failed: zi audit verify found the chain broken */
};

#define N_COLS(a) (sizeof(a) / sizeof((a)[0]))

#define CLI_MAX_OPTS 40
#define CLI_MAX_POS 8

/* One long option: --name, or --name VALUE when arg (its placeholder) is set. */
typedef struct cli_opt {
    const char *name;
    const char *arg;
    const char *help;
} cli_opt;

/* Rows of option tables that many commands share. --limit, --cursor and --all of a list
 * command (cli_page_opts, cli_want_all): */
#define CLI_PAGE_OPTS                                                                   \
    {"limit", "N", "page size 1-200 (default 50; 200 with --all)"},                     \
        {"cursor", "CURSOR", "start at this page (the next_cursor of the previous one)"}, \
        {"all", NULL, "fetch every page"}
/* --idempotency-key of a command that POSTs. */
#define CLI_IDEMPOTENCY_OPT {"idempotency-key", "KEY", "Idempotency-Key to send (default: a random one)"}
/* --data of a command that sends a body built by cli_build_body. */
#define CLI_DATA_OPT {"data", "JSON", "the body as JSON, @FILE or - (stdin); field options override it"}
/* --if-match and --version (cli_precondition): etag is an example ETag's number, read_with the
 * command that shows them, thing what they are of ("unit"). */
#define CLI_PRECONDITION_OPTS(etag, read_with, thing)                                          \
    {"if-match", "ETAG", "the ETag you read, e.g. '\"" etag "\"' (" read_with " shows it)"}, \
        {"version", "N", "the version you read (the " thing "'s \"version\"), instead of --if-match"}

/* The parsed command line of one command. Values are borrowed from argv. */
typedef struct cli_args {
    const cli_opt *spec[CLI_MAX_OPTS];
    const char *value[CLI_MAX_OPTS]; /* the value, or "" for a flag; NULL: not given */
    size_t n_spec;
    char *pos[CLI_MAX_POS];
    int n_pos;
} cli_args;

typedef struct cli_ctx cli_ctx;

typedef struct cli_command {
    const char *group;    /* "units"; NULL for a top-level command such as "health" */
    const char *name;     /* "list" */
    const char *synopsis; /* after the command words, e.g. "<id> (--if-match ETAG | --version N)" */
    const char *summary;  /* one line for `zi --help` */
    const char *details;  /* more text for `zi <command> --help`, or NULL */
    const cli_opt *opts;  /* the command's own options, ended by {NULL, NULL, NULL} */
    int min_pos;
    int max_pos;
    int (*run)(cli_ctx *ctx); /* returns an exit code */
} cli_command;

struct cli_ctx {
    const cli_command *cmd;
    cli_args args;
    int json;          /* output JSON (else aligned tables) */
    zi_client *client; /* made by cli_client() */
};

/* The command tables, each ended by a row whose name is NULL. */
extern const cli_command cli_service_commands[];
extern const cli_command cli_units_commands[];
extern const cli_command cli_keys_commands[];
extern const cli_command cli_audit_commands[];
extern const cli_command cli_events_commands[];
extern const cli_command cli_declarations_commands[];
extern const cli_command cli_pacts_commands[];
extern const cli_command cli_pledges_commands[];
extern const cli_command cli_programme_commands[];
extern const cli_command cli_proposals_commands[];
extern const cli_command cli_summary_commands[];
extern const cli_command cli_calendar_commands[];
extern const cli_command cli_rule_sets_commands[];
extern const cli_command cli_reports_commands[];
extern const cli_command cli_retention_commands[];
extern const cli_command cli_webhooks_commands[];

/* ---- args.c ------------------------------------------------------------------------------- */

/* Options every command accepts (--url, --key, --json, --table, --timeout, --lang, --help). */
extern const cli_opt cli_global_opts[];

/* Parse argv (the command words removed) against cmd's options and the global ones.
 * 0 on success; -1 with a message on stderr on a usage error. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *out);
/* The value of option name ("" for a flag), or NULL when it was not given. */
const char *cli_opt_value(const cli_args *a, const char *name);
/* Does the global option name take a value? (main.c uses it to find the command words.) */
int cli_global_takes_value(const char *arg);
/* Strict integer parsing of option name; 0 ok (or absent: *out untouched), -1 usage error
 * (message printed). */
int cli_opt_long(const cli_args *a, const char *name, long min, long max, long *out);
/* --active true|false into a zi_tristate; 0 ok (absent: ZI_ANY), -1 usage error. */
int cli_opt_tristate(const cli_args *a, const char *name, zi_tristate *out);
/* --year (2000-2100) into *out; 0 ok (absent: *out untouched), -1 usage error (message
 * printed). */
int cli_opt_year(const cli_args *a, int *out);
/* Positional argument i as a year (2000-2100) into *out; 0 ok, -1 usage error (message
 * printed). */
int cli_pos_year(const cli_args *a, int i, int *out);
/* --limit (1-200) and --cursor of a list command into *limit (0 if not given) and *cursor;
 * -1, after saying why, if --limit is invalid. */
int cli_page_opts(const cli_ctx *ctx, int *limit, const char **cursor);
/* Whether --all was given; if so a page size left at 0 becomes the largest, 200. */
int cli_want_all(const cli_ctx *ctx, int *limit);
/* --data: a JSON object inline, @FILE, or - (stdin). *out = new object, or NULL when the
 * option is absent; 0 ok, -1 usage error (message printed). */
int cli_read_data(const cli_args *a, json_t **out);

/* How a field option becomes a body member. */
typedef enum cli_field_kind {
    CLI_FIELD_STRING, /* the value as a string */
    CLI_FIELD_INT,    /* an integer from min to max */
    CLI_FIELD_LIST,   /* an array of strings: a JSON array ('["a", "b"]') or "a; b; c" */
    CLI_FIELD_NUMBER, /* a JSON number: 3.7, 75 */
    CLI_FIELD_BOOL,   /* true or false */
    CLI_FIELD_JSON    /* any JSON value, inline ('[{"a": 1}]') or @FILE */
} cli_field_kind;

/* A writable field as an option: --head-name sets "head_name". */
typedef struct cli_field {
    const char *opt;
    const char *member;
    cli_field_kind kind;
    long min; /* CLI_FIELD_INT */
    long max;
} cli_field;

/* The request body: --data, then each of fields[0..n) given as an option on top of it (an
 * option not in the command's table is never given). *out = new object, empty when nothing
 * was given; 0 ok, -1 usage error (message printed). */
int cli_build_body(const cli_args *a, const cli_field *fields, size_t n, json_t **out);
/* The body of a create or update command: cli_build_body of fields[0..n), which must give
 * something. 0 with *out = new object; else the exit code of a usage error, after saying
 * "invalid <what> fields" or, for an empty body, empty_msg. */
int cli_command_body(const cli_ctx *ctx, const cli_field *fields, size_t n, const char *what,
                     const char *empty_msg, json_t **out);
/* --if-match ETAG or --version N, exactly one, into *m (borrowing the ETag from argv).
 * read_with names the command that shows them ("zi units get"). 0 ok, -1 usage error
 * (message printed). */
int cli_precondition(const cli_args *a, const char *read_with, zi_if_match *m);
/* As cli_precondition, but neither may be given: then *m = {NULL, 0}, which a create-or-replace
 * (PUT) sends as no If-Match (the record is created). 0 ok, -1 usage error (message printed). */
int cli_precondition_optional(const cli_args *a, const char *read_with, zi_if_match *m);
/* The whole of a file ("-": stdin) into *out (new, NUL-terminated, free()) and *len.
 * 0 ok, -1 after saying why. */
int cli_read_file(const char *path, char **out, size_t *len);

/* ---- output.c ------------------------------------------------------------------------------ */

/* Column of a table: header text and the member of each row object shown under it. */
typedef struct cli_column {
    const char *header;
    const char *key;
} cli_column;

/* Print v as indented JSON on stdout. */
void cli_print_json(const json_t *v);
/* Print the rows of array items under cols, aligned (table mode). */
void cli_print_rows(const json_t *items, const cli_column *cols, size_t n_cols);
/* Print an object as aligned "key  value" lines (table mode); extra_key/extra_value (may be
 * NULL) add one more line. */
void cli_print_object(const json_t *obj, const char *extra_key, const char *extra_value);
/* Print v as JSON or, in table mode, as an object. */
void cli_print_result(const cli_ctx *ctx, const json_t *v);
/* Print a single resource: JSON as it is; a table of its members plus its ETag. */
void cli_print_resource(const cli_ctx *ctx, const json_t *obj, const zi_etag *etag);
/* Print a list page: JSON as the API returns it; in table mode the rows of "data" under
 * cols, and on stderr how to get the next page. */
void cli_print_page(const cli_ctx *ctx, const json_t *page, const cli_column *cols,
                    size_t n_cols);
/* Drain a pager into *out = new {"data": [...], "next_cursor": null}. */
zi_status cli_drain(zi_pager *pager, json_t **out);
/* made is what the *_pager_new call that set *pager returned: if ZI_OK, cli_drain() the
 * pager into *out. Frees *pager (NULL-safe) either way and returns the status. */
zi_status cli_drain_new(zi_status made, zi_pager **pager, json_t **out);

/* Report a failed SDK call (stderr; the problem document also on stdout in JSON mode) and
 * return the exit code for st. */
int cli_fail(const cli_ctx *ctx, zi_status st);
/* The end of a command that reads or writes one resource: on ZI_OK print it (and its
 * ETag) and return CLI_EXIT_OK, else cli_fail. Releases obj (NULL-safe) either way. */
int cli_finish_resource(const cli_ctx *ctx, zi_status st, json_t *obj, const zi_etag *etag);
/* The end of a list command: on ZI_OK print the page under cols and return CLI_EXIT_OK,
 * else cli_fail. Releases page (NULL-safe) either way. */
int cli_finish_page(const cli_ctx *ctx, zi_status st, json_t *page, const cli_column *cols,
                    size_t n_cols);
/* The end of a command that prints one answer v: on ZI_OK cli_print_result() and return
 * CLI_EXIT_OK, else cli_fail. Releases v (NULL-safe) either way. */
int cli_finish_result(const cli_ctx *ctx, zi_status st, json_t *v);
/* A command that prints the one answer of op(client, &answer) with cli_print_result(). */
int cli_run_simple(cli_ctx *ctx, zi_status (*op)(zi_client *, json_t **));
/* A command that reads or changes the one resource named by its first argument:
 * op(client, id, &resource, &etag), then cli_finish_resource(). */
int cli_run_by_id(cli_ctx *ctx, zi_status (*op)(zi_client *, const char *, json_t **, zi_etag *));
/* The end of a list command that asked for one page (page) or, with --all, for a pager (made
 * by a *_pager_new call that returned st): drain the pager into a page, then
 * cli_finish_page(). Frees pager (NULL-safe) and page either way. */
int cli_finish_list(const cli_ctx *ctx, zi_status st, zi_pager *pager, json_t *page,
                    const cli_column *cols, size_t n_cols);
/* A list command with only --limit, --cursor and --all: one page of list(), or with --all
 * every page of pager_new(), printed under cols. */
int cli_run_page_list(cli_ctx *ctx,
                      zi_status (*pager_new)(zi_client *, const zi_page_params *, zi_pager **),
                      zi_status (*list)(zi_client *, const zi_page_params *, json_t **),
                      const cli_column *cols, size_t n_cols);
/* As cli_run_page_list, for the list of the resource named by the first argument. */
int cli_run_sub_list(cli_ctx *ctx,
                     zi_status (*pager_new)(zi_client *, const char *, const zi_page_params *,
                                            zi_pager **),
                     zi_status (*list)(zi_client *, const char *, const zi_page_params *,
                                       json_t **),
                     const cli_column *cols, size_t n_cols);
/* A create command: the body of fields[0..n) (cli_command_body with what and empty_msg),
 * op(client, body, --idempotency-key, &resource, &etag), then cli_finish_resource(). */
int cli_run_create(cli_ctx *ctx, const cli_field *fields, size_t n, const char *what,
                   const char *empty_msg,
                   zi_status (*op)(zi_client *, const json_t *, const char *, json_t **, zi_etag *));
/* An update command of the resource named by the first argument: --if-match/--version
 * (cli_precondition with read_with), the body of fields[0..n) (cli_command_body with what and
 * empty_msg), op(client, id, &precondition, body, &resource, &etag), then
 * cli_finish_resource(). */
int cli_run_update(cli_ctx *ctx, const char *read_with, const cli_field *fields, size_t n,
                   const char *what, const char *empty_msg,
                   zi_status (*op)(zi_client *, const char *, const zi_if_match *, const json_t *,
                                   json_t **, zi_etag *));
/* Report a refused workflow step: cli_fail(), then, when the problem document has
 * "allowed_next" (a 409), "the <thing> is in state S; allowed next: ..." on stderr. Returns
 * the exit code. */
int cli_fail_transition(const cli_ctx *ctx, zi_status st, const char *thing);
/* A transition command of the resource named by the first argument: --if-match/--version
 * (cli_precondition with read_with), the step from fields[0..n) (which must give something:
 * "give the step: --to STATE (or --data)"), op(client, id, &precondition, step,
 * --idempotency-key, &resource, &etag); a refusal through cli_fail_transition(thing), else
 * cli_finish_resource(). */
int cli_run_transition(cli_ctx *ctx, const char *read_with, const cli_field *fields, size_t n,
                       const char *thing,
                       zi_status (*op)(zi_client *, const char *, const zi_if_match *,
                                       const json_t *, const char *, json_t **, zi_etag *));
/* Print a usage error (msg may be NULL) and the command's synopsis; return CLI_EXIT_USAGE. */
int cli_usage_error(const cli_ctx *ctx, const char *msg);

/* ---- main.c ------------------------------------------------------------------------------- */

/* The client for this run (created on first use from --url/ZI_URL, --key/ZI_API_KEY,
 * --timeout, --lang). NULL after printing why (the caller returns CLI_EXIT_USAGE or
 * CLI_EXIT_INTERNAL through *exit_code). */
zi_client *cli_client(cli_ctx *ctx, int *exit_code);

#endif
