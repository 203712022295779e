/*
 * test_threads.c — N threads, each with its own client, at the same time (the thread rule:
 * a client belongs to one thread at a time; different clients are independent). Each thread
 * reads, pages and writes; failures are counted per thread and asserted by the test thread
 * (Check's assertions are for the test thread only).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_THREADS 8
#define ROUNDS 20

typedef struct job {
    int index;
    const char *url;
    char *key; /* its own API key (a rate-limit bucket of its own) */
    int failures;
    char first_failure[256];
    long connections;
    long calls;
    size_t n_smp; /* how many smp units the pager must find (counted before the threads start) */
} job;

static void failed(job *j, zi_client *c, const char *what, zi_status st)
{
    if (j->failures++ == 0)
        snprintf(j->first_failure, sizeof j->first_failure, "%s: %s (HTTP %ld) %s", what,
                 zi_strerror(st), zi_last_error(c)->http_status, zi_last_error(c)->detail);
}

static void *worker(void *arg)
{
    job *j = arg;
    zi_client *c = NULL;
    zi_status st;
    int r;
    char code[48];

    st = zi_client_new(j->url, j->key, NULL, &c);
    if (st != ZI_OK) {
        j->failures++;
        snprintf(j->first_failure, sizeof j->first_failure, "zi_client_new: %s", zi_strerror(st));
        return NULL;
    }
    for (r = 0; r < ROUNDS; r++) {
        zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
        json_t *v = NULL;

        p.limit = 5;
        p.kind = (r % 2) ? "sd" : "kelurahan";
        st = zi_units_list(c, &p, &v);
        j->calls++;
        if (st != ZI_OK || json_array_size(json_object_get(v, "data")) != 5)
            failed(j, c, "list", st);
        json_decref(v);
        st = zi_units_get_by_code(c, "PKM-WATES", &v, NULL);
        j->calls++;
        if (st != ZI_OK || strcmp(json_string_value(json_object_get(v, "code")), "PKM-WATES") != 0)
            failed(j, c, "get_by_code", st);
        json_decref(v);
    }
    {
        /* Page through the SMPs, two at a time. */
        zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
        zi_pager *pager = NULL;
        int n = 0;

        p.kind = "smp";
        p.limit = 2;
        st = zi_units_pager_new(c, &p, &pager);
        while (st == ZI_OK) {
            json_t *u = NULL;
            st = zi_pager_next(pager, &u);
            if (!u)
                break;
            n++;
            json_decref(u);
        }
        j->calls += (long)zi_pager_pages(pager);
        if (st != ZI_OK || (size_t)n != j->n_smp)
            failed(j, c, "pager over smp", st);
        zi_pager_free(pager);
    }
    {
        /* A write of its own: create, then update with the ETag. */
        json_t *body = json_pack("{s:s, s:s, s:s}", "code",
                                 th_unique_code(code, sizeof code, "thread"), "name",
                                 "[Contoh] thread", "kind", "other");
        json_t *unit = NULL;
        json_t *changed = NULL;
        zi_etag etag;
        zi_if_match m = {.etag = etag.value};

        st = zi_units_create(c, body, NULL, &unit, &etag);
        j->calls++;
        if (st != ZI_OK)
            failed(j, c, "create", st);
        json_decref(body);
        if (st == ZI_OK) {
            body = json_pack("{s:i}", "staff_count", j->index);
            st = zi_units_update(c, json_string_value(json_object_get(unit, "id")), &m, body,
                                 &changed, NULL);
            j->calls++;
            if (st != ZI_OK)
                failed(j, c, "update", st);
            json_decref(body);
        }
        json_decref(unit);
        json_decref(changed);
    }
    j->connections = zi_client_connections(c);
    zi_client_free(c);
    return NULL;
}

START_TEST(test_n_threads_n_clients)
{
    pthread_t threads[N_THREADS];
    job jobs[N_THREADS];
    int i;
    zi_client *reader = th_client_reader();
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    json_t *page = NULL;
    size_t n_smp;

    p.kind = "smp";
    p.limit = 200;
    th_assert_status(reader, zi_units_list(reader, &p, &page), ZI_OK);
    n_smp = json_array_size(json_object_get(page, "data"));
    ck_assert_uint_ge(n_smp, 9); /* the demo data's SMPs, and any the API tests added */
    json_decref(page);
    zi_client_free(reader);

    for (i = 0; i < N_THREADS; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        jobs[i].index = i;
        jobs[i].url = th_url();
        jobs[i].key = th_new_key("admin", NULL, NULL, NULL);
        jobs[i].n_smp = n_smp;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, worker, &jobs[i]), 0);
    }
    for (i = 0; i < N_THREADS; i++) {
        pthread_join(threads[i], NULL);
        free(jobs[i].key);
    }
    for (i = 0; i < N_THREADS; i++) {
        ck_assert_msg(jobs[i].failures == 0, "thread %d: %d failures, first: %s", i,
                      jobs[i].failures, jobs[i].first_failure);
        ck_assert_int_ge(jobs[i].calls, 2 * ROUNDS + 5 + 2); /* >= 9 SMPs: at least 5 pages */
        /* Each client kept its one connection through all its calls. */
        ck_assert_int_eq(jobs[i].connections, 1);
    }
}
END_TEST

Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_n_threads_n_clients);
    suite_add_tcase(s, tc);
    return s;
}
