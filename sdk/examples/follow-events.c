/*
 * follow-events — read the change feed from a position until caught up, as a consumer that
 * stores its position would.
 *
 *     ZI_URL=http://127.0.0.1:8080 ZI_API_KEY=<any key> zi-example-follow-events [AFTER [WAIT]]
 *
 * Prints "SEQ TYPE RESOURCE_ID" per event after AFTER (default 0), then "caught up at seq N":
 * N is what to store and pass as AFTER next time. With WAIT > 0 (seconds, at most 25) it
 * waits that long for news once more before stopping. Exit 0 on success, 1 on an error.
 */
#include <zi/zi.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *url = getenv("ZI_URL");
    zi_client *client = NULL;
    zi_pager *feed = NULL;
    zi_event_list_params params = ZI_EVENT_LIST_PARAMS_INIT;
    long long position;
    int rounds;
    zi_status st;

    params.after = argc > 1 ? strtoll(argv[1], NULL, 10) : 0;
    params.wait_s = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0;
    params.limit = 200;
    position = params.after;
    rounds = params.wait_s > 0 ? 2 : 1; /* caught up once, then (with WAIT) one long poll */
    if (zi_global_init() != ZI_OK)
        return 1;
    st = zi_client_new(url ? url : "http://127.0.0.1:8080", getenv("ZI_API_KEY"), NULL, &client);
    if (st == ZI_OK)
        st = zi_events_pager_new(client, &params, &feed);
    while (st == ZI_OK && rounds > 0) {
        json_t *event = NULL;

        st = zi_pager_next(feed, &event);
        if (st != ZI_OK)
            break;
        if (event == NULL) { /* caught up for now */
            rounds--;
            continue;
        }
        position = json_integer_value(json_object_get(event, "seq"));
        printf("%lld %s %s\n", position, json_string_value(json_object_get(event, "type")),
               json_string_value(json_object_get(event, "resource_id")));
        json_decref(event);
    }
    if (st == ZI_OK)
        printf("caught up at seq %lld\n", position);
    else
        fprintf(stderr, "follow-events: %s: %s\n", zi_strerror(st), zi_last_error(client)->detail);
    zi_pager_free(feed);
    zi_client_free(client);
    zi_global_cleanup();
    return st == ZI_OK ? 0 : 1;
}
