#ifndef ZI_MHD_GUARD_H
#define ZI_MHD_GUARD_H
/*
 * Frees what Ulfius allocated for a request that libmicrohttpd gave up on before dispatching.
 *
 * Ulfius allocates its per-request state in libmicrohttpd's URI log callback
 * (ulfius_uri_logger) and frees it in the request-completed callback (mhd_request_completed).
 * When libmicrohttpd 0.9.75 runs out of its per-connection pool while parsing the request
 * line's arguments (a thousand query parameters), it closes the connection without an answer
 * and without calling the completed callback: ~7 KB was lost per such request, so one client
 * could grow the server by megabytes a second (issue 13). The guard remembers, per
 * connection, the state of the request in progress, and when the connection closes with it
 * still unclaimed, hands it to Ulfius's own completed callback to free.
 *
 * Use these three callbacks in place of Ulfius's two in the daemon's options
 * (MHD_OPTION_URI_LOG_CALLBACK, MHD_OPTION_NOTIFY_COMPLETED, MHD_OPTION_NOTIFY_CONNECTION).
 * Thread-safety: libmicrohttpd calls them on the thread that owns the connection.
 */
#include <microhttpd.h>

void *mhd_guard_uri_logged(void *cls, const char *uri, struct MHD_Connection *connection);
void mhd_guard_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe);
void mhd_guard_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe);
/* Requests begun and not yet completed (answered and sent, or dropped). Thread-safe. */
int mhd_guard_open_requests(void);

#endif
