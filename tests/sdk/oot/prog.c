/*
 * prog.c — a program outside the tree that knows libzi only through its installed header
 * and pkg-config file (tests/sdk/oot.sh builds it with `cc prog.c $(pkg-config --cflags
 * --libs zi)`). It asks the server named by ZI_URL for one unit.
 */
#include <zi/zi.h>

#include <stdio.h>
#include <stdlib.h>

#if !ZI_AT_LEAST_VERSION(0, 1, 0)
#error "needs libzi 0.1.0 or later"
#endif

int main(void)
{
    const char *url = getenv("ZI_URL");
    zi_client *client = NULL;
    json_t *unit = NULL;
    zi_status st;

    st = zi_client_new(url ? url : "http://127.0.0.1:8080", NULL, NULL, &client);
    if (st == ZI_OK)
        st = zi_units_get_by_code(client, "PKM-WATES", &unit, NULL);
    if (st != ZI_OK) {
        fprintf(stderr, "oot: %s: %s\n", zi_strerror(st), zi_last_error(client)->detail);
        zi_client_free(client);
        return 1;
    }
    printf("oot: PKM-WATES holds %s (libzi %s, header %s)\n",
           json_string_value(json_object_get(unit, "predicate")), zi_version(), ZI_VERSION_STRING);
    json_decref(unit);
    zi_client_free(client);
    zi_global_cleanup();
    return 0;
}
