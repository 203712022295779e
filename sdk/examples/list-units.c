/*
 * list-units — every unit of the city, across all pages, with the pagination iterator.
 *
 *     ZI_URL=http://127.0.0.1:8080 [ZI_API_KEY=<a key>] zi-example-list-units [PAGE_SIZE]
 *
 * Reads are public; a key is used when given (its rate limit is its own).
 *
 * Prints "CODE<TAB>NAME" per unit and a last line "N units in P pages". Exit 0 on success,
 * 1 on an error (printed on stderr).
 */
#include <zi/zi.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *url = getenv("ZI_URL");
    zi_client *client = NULL;
    zi_pager *pager = NULL;
    zi_unit_list_params params = ZI_UNIT_LIST_PARAMS_INIT;
    size_t count = 0;
    zi_status st;

    if (zi_global_init() != ZI_OK)
        return 1;
    params.sort = "code";
    params.limit = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 25;
    st = zi_client_new(url ? url : "http://127.0.0.1:8080", getenv("ZI_API_KEY"), NULL, &client);
    if (st == ZI_OK)
        st = zi_units_pager_new(client, &params, &pager);
    for (; st == ZI_OK;) {
        json_t *unit = NULL;

        st = zi_pager_next(pager, &unit);
        if (st != ZI_OK || unit == NULL)
            break;
        printf("%s\t%s\n", json_string_value(json_object_get(unit, "code")),
               json_string_value(json_object_get(unit, "name")));
        count++;
        json_decref(unit);
    }
    if (st == ZI_OK)
        printf("%zu units in %zu pages\n", count, zi_pager_pages(pager));
    else
        fprintf(stderr, "list-units: %s: %s\n", zi_strerror(st), zi_last_error(client)->detail);
    zi_pager_free(pager);
    zi_client_free(client);
    zi_global_cleanup();
    return st == ZI_OK ? 0 : 1;
}
