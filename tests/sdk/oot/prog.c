/*
 * prog.c — a program outside the tree that knows libzi only through its installed header
 * and pkg-config file (tests/sdk/oot.sh builds it with `cc prog.c $(pkg-config --cflags
 * --libs zi)`). It asks the server named by ZI_URL for one unit, and checks a webhook
 * signature (GnuTLS, which libzi links for it, must come along).
 */
#include <zi/zi.h>

#include <stdio.h>
#include <stdlib.h>

#if !ZI_AT_LEAST_VERSION(0, 5, 0)
#error "needs libzi 0.5.0 or later"
#endif

/* HMAC-SHA256 keyed "whsec_oot" of "1796371200.{\"seq\":1}", made with the openssl command. */
#define OOT_SIGNATURE "v1=aebecd68c1cc2a2c6f0853f332e2b8357a5f543f144f012c98e594628ad7bffe"

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
    if (zi_webhook_verify("whsec_oot", "1796371200", OOT_SIGNATURE, "{\"seq\":1}", 9, 0,
                          1796371200) != ZI_OK ||
        zi_webhook_verify("whsec_oot", "1796371200", OOT_SIGNATURE, "{\"seq\":2}", 9, 0,
                          1796371200) != ZI_E_WEBHOOK_SIGNATURE) {
        fprintf(stderr, "oot: zi_webhook_verify does not check signatures\n");
        json_decref(unit);
        zi_client_free(client);
        return 1;
    }
    printf("oot: webhook signature checked\n");
    printf("oot: PKM-WATES holds %s (libzi %s, header %s)\n",
           json_string_value(json_object_get(unit, "predicate")), zi_version(), ZI_VERSION_STRING);
    json_decref(unit);
    zi_client_free(client);
    zi_global_cleanup();
    return 0;
}
