#include "mhd_guard.h"

#include <stdlib.h>
#include <ulfius.h>

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
    if (slot && slot->pending)
        mhd_request_completed(NULL, connection, &slot->pending, MHD_REQUEST_TERMINATED_WITH_ERROR);
    free(slot);
    *socket_context = NULL;
}
