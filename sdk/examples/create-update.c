/*
 * create-update — create a unit with an idempotency key, then change it with If-Match.
 *
 *     ZI_URL=http://127.0.0.1:8080 ZI_API_KEY=<admin key> zi-example-create-update [CODE]
 *
 * 1. creates unit CODE (default EXAMPLE-<pid>) with an Idempotency-Key of our choosing (keep
 *    the key with the request and a retry, even after a restart, cannot create it twice);
 * 2. sends the same create again with the same key, as a client that lost the first answer
 *    would: the server replays the first answer (same unit) and creates nothing;
 * 3. changes its staff count with If-Match set to the ETag the create returned;
 * 4. tries the same change with the old ETag: the server refuses (412) and changes nothing;
 * 5. archives it with If-Match given as the version we read.
 * Exit 0 when every step behaved as described, 1 otherwise.
 */
#include <zi/zi.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fail(zi_client *client, const char *step, zi_status st)
{
    const zi_error *e = zi_last_error(client);
    size_t i;

    fprintf(stderr, "create-update: %s: %s (HTTP %ld) %s %s\n", step, zi_strerror(st),
            e->http_status, e->title, e->detail);
    for (i = 0; i < e->n_field_errors; i++)
        fprintf(stderr, "  %s: %s (%s)\n", e->field_errors[i].field, e->field_errors[i].code,
                e->field_errors[i].message);
    return 1;
}

static int run(zi_client *client, const char *code)
{
    char key[96];
    json_t *body;
    json_t *unit = NULL;
    json_t *changed = NULL;
    json_t *stale = NULL;
    json_t *archived = NULL;
    zi_etag etag;
    zi_etag etag2;
    zi_if_match m = {0};
    zi_status st;
    int rc = 1;

    /* 1. create with our own idempotency key */
    snprintf(key, sizeof key, "example-create-%s", code);
    body = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", "[Contoh] Unit dari contoh SDK",
                     "kind", "other", "address", "Kota Mojokerto");
    st = zi_units_create(client, body, key, &unit, &etag);
    if (st != ZI_OK) {
        json_decref(body);
        return fail(client, "create", st);
    }
    printf("created %s id=%s etag=%s\n", code, json_string_value(json_object_get(unit, "id")),
           etag.value);

    /* 2. the same request with the same key: replayed, not done again */
    st = zi_units_create(client, body, key, &stale, NULL);
    if (st != ZI_OK) {
        rc = fail(client, "create again", st);
        goto out;
    }
    printf("same create, same key: replayed=%d same id=%s\n", zi_last_error(client)->replayed,
           json_equal(json_object_get(stale, "id"), json_object_get(unit, "id")) ? "yes" : "no");
    json_decref(stale);
    stale = NULL;
    json_decref(body);

    /* 3. change it, If-Match = the ETag we got */
    m.etag = etag.value;
    body = json_pack("{s:i}", "staff_count", 12);
    st = zi_units_update(client, json_string_value(json_object_get(unit, "id")), &m, body,
                         &changed, &etag2);
    if (st != ZI_OK) {
        rc = fail(client, "update", st);
        goto out;
    }
    printf("updated staff_count=%lld version=%lld etag=%s\n",
           json_integer_value(json_object_get(changed, "staff_count")),
           json_integer_value(json_object_get(changed, "version")), etag2.value);

    /* 4. the same change with the old ETag: refused, nothing changed */
    st = zi_units_update(client, json_string_value(json_object_get(unit, "id")), &m, body, &stale,
                         NULL);
    if (st != ZI_E_PRECONDITION_FAILED) {
        fprintf(stderr, "create-update: a stale If-Match gave %s, not 412\n", zi_strerror(st));
        goto out;
    }
    printf("stale If-Match refused: %s (%s)\n", zi_last_error(client)->type,
           zi_strerror(st));

    /* 5. archive, If-Match from the version we read */
    m.etag = NULL;
    m.version = json_integer_value(json_object_get(changed, "version"));
    st = zi_units_archive(client, json_string_value(json_object_get(unit, "id")), &m, NULL,
                          &archived, NULL);
    if (st != ZI_OK) {
        rc = fail(client, "archive", st);
        goto out;
    }
    printf("archived active=%s\n", json_is_true(json_object_get(archived, "active")) ? "true" : "false");
    rc = 0;
out:
    json_decref(body);
    json_decref(unit);
    json_decref(changed);
    json_decref(stale);
    json_decref(archived);
    return rc;
}

int main(int argc, char **argv)
{
    const char *url = getenv("ZI_URL");
    const char *api_key = getenv("ZI_API_KEY");
    char code[41];
    zi_client *client = NULL;
    zi_status st;
    int rc;

    if (argc > 1)
        snprintf(code, sizeof code, "%s", argv[1]);
    else
        snprintf(code, sizeof code, "EXAMPLE-%ld", (long)getpid());
    if (zi_global_init() != ZI_OK)
        return 1;
    st = zi_client_new(url ? url : "http://127.0.0.1:8080", api_key, NULL, &client);
    if (st != ZI_OK) {
        fprintf(stderr, "create-update: %s\n", zi_strerror(st));
        zi_global_cleanup();
        return 1;
    }
    rc = run(client, code);
    zi_client_free(client);
    zi_global_cleanup();
    return rc;
}
