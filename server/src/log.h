#ifndef ZI_LOG_H
#define ZI_LOG_H
/*
 * Level-checked logging around Yder. Yder formats and allocates before it looks at
 * the level, so the check happens here first and a disabled DEBUG line costs one
 * comparison. Call log_init() once, before any thread starts (Yder keeps its
 * configuration in statics without locking); after that zlog is thread-safe.
 */
#include <yder.h>

extern unsigned long zi_log_level; /* a Y_LOG_LEVEL_* value; read-only after log_init */

/* Starts Yder in callback mode writing one line per message to stderr (stdout
 * stays free for command output such as create-key's key). */
void log_init(const char *app, unsigned long level);
void log_close(void);
/* Every line logged by this thread until the next call carries this request id (borrowed;
 * NULL for none). The dispatcher sets it for the request the thread serves. */
void log_set_request(const char *id);

/* Parses "error" | "warning" | "info" | "debug" | "none"; returns 0 on success. */
int log_parse_level(const char *s, unsigned long *out);

#define zlog(level, ...)                                                     \
    do {                                                                     \
        if ((unsigned long)(level) <= zi_log_level)                          \
            y_log_message((level), __VA_ARGS__);                             \
    } while (0)

#define LOG_ERROR Y_LOG_LEVEL_ERROR
#define LOG_WARN  Y_LOG_LEVEL_WARNING
#define LOG_INFO  Y_LOG_LEVEL_INFO
#define LOG_DEBUG Y_LOG_LEVEL_DEBUG

#endif
