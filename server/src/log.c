#include "log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

unsigned long zi_log_level = Y_LOG_LEVEL_INFO;
static _Thread_local const char *request_id;

void log_set_request(const char *id)
{
    request_id = id;
}

static void log_to_stderr(void *cls, const char *app, const time_t date, const unsigned long level,
                          const char *message)
{
    (void)cls;
    struct tm tm;
    char ts[32];
    const char *name = level == Y_LOG_LEVEL_ERROR     ? "ERROR"
                       : level == Y_LOG_LEVEL_WARNING ? "WARN"
                       : level == Y_LOG_LEVEL_INFO    ? "INFO"
                                                      : "DEBUG";
    gmtime_r(&date, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* One fprintf per line: stdio's lock keeps lines from interleaving. Yder calls back on
     * the logging thread, so the request that thread serves names the line ("-": none). */
    fprintf(stderr, "%s %s %s: %s %s\n", ts, app, name, request_id ? request_id : "-", message);
}

void log_init(const char *app, unsigned long level)
{
    zi_log_level = level;
    if (level == Y_LOG_LEVEL_NONE)
        return;
    y_init_logs(app, Y_LOG_MODE_CALLBACK, level, NULL, NULL);
    y_set_logs_callback(log_to_stderr, NULL, NULL);
}

void log_close(void)
{
    if (zi_log_level != Y_LOG_LEVEL_NONE)
        y_close_logs();
}

int log_parse_level(const char *s, unsigned long *out)
{
    static const struct { const char *name; unsigned long level; } levels[] = {
        {"none", Y_LOG_LEVEL_NONE},   {"error", Y_LOG_LEVEL_ERROR}, {"warning", Y_LOG_LEVEL_WARNING},
        {"warn", Y_LOG_LEVEL_WARNING}, {"info", Y_LOG_LEVEL_INFO},   {"debug", Y_LOG_LEVEL_DEBUG},
    };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        if (strcmp(s, levels[i].name) == 0) {
            *out = levels[i].level;
            return 0;
        }
    }
    return -1;
}
