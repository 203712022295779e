#include "mhd_guard.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <ulfius.h>

/* Requests whose URI was logged and whose completion (answer sent, or given up) has not come:
 * a server that stops waits for this to reach 0, not merely for its handlers to return, since
 * libmicrohttpd sends the answer after the handler returns. */
static atomic_int open_requests;

int mhd_guard_open_requests(void)
{
    return atomic_load(&open_requests);
}

/* What the guard keeps for one connection: the Ulfius state of its request in progress. */
typedef struct {
    void *pending;
} guard_slot;

static guard_slot *slot_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? (guard_slot *)info->socket_context : NULL;
}

void *mhd_guard_uri_logged(void *cls, const char *uri, struct MHD_Connection *connection)
{
    void *state = ulfius_uri_logger(cls, uri);
    if (state)
        atomic_fetch_add(&open_requests, 1);
    guard_slot *slot = slot_of(connection);
    if (slot)
        slot->pending = state;
    return state;
}

void mhd_guard_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    guard_slot *slot = slot_of(connection);
    if (slot && slot->pending == *con_cls)
        slot->pending = NULL;
    if (*con_cls)
        atomic_fetch_sub(&open_requests, 1);
    mhd_request_completed(cls, connection, con_cls, toe);
}

void mhd_guard_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = calloc(1, sizeof(guard_slot));
        return;
    }
    guard_slot *slot = *socket_context;
    if (slot && slot->pending) {
        atomic_fetch_sub(&open_requests, 1);
        mhd_request_completed(NULL, connection, &slot->pending, MHD_REQUEST_TERMINATED_WITH_ERROR);
    }
    free(slot);
    *socket_context = NULL;
}
