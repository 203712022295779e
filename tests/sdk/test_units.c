/*
 * test_units.c — every units function of libzi against the live server: results, ETags,
 * preconditions, the pagers, and the error paths (400/422 field errors, 401, 404, 409, 412,
 * 428), plus argument checking that sends nothing.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_such_unit = "00000000-0000-4000-8000-000000000000";

/* ---- listUnits -------------------------------------------------------------------------- */

START_TEST(test_list_first_page_defaults)
{
    zi_client *c = th_client_reader();
    json_t *page = NULL;

    th_assert_status(c, zi_units_list(c, NULL, &page), ZI_OK);
    ck_assert(json_is_array(json_object_get(page, "data")));
    ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 50); /* 100 seeded */
    ck_assert(json_is_string(json_object_get(page, "next_cursor")));
    ck_assert_int_eq(zi_last_error(c)->status, ZI_OK);
    ck_assert_int_eq(zi_last_error(c)->http_status, 200);
    ck_assert_str_ne(zi_last_error(c)->request_id, "");
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    json_decref(page);
    zi_client_free(c);
}
END_TEST

START_TEST(test_public_reads_need_no_key)
{
    zi_client *c = th_client_anonymous();
    json_t *v = NULL;

    th_assert_status(c, zi_units_get_by_code(c, "PKM-WATES", &v, NULL), ZI_OK);
    ck_assert_str_eq(th_str(v, "code"), "PKM-WATES");
    json_decref(v);
    zi_client_free(c);
}
END_TEST

START_TEST(test_list_filters_and_sort)
{
    zi_client *c = th_client_reader();
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    json_t *page = NULL;
    json_t *unit;
    size_t i;
    const char *prev = NULL;

    p.kind = "puskesmas";
    p.sort = "-code";
    p.limit = 200;
    p.active = ZI_TRUE;
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    ck_assert_uint_ge(json_array_size(json_object_get(page, "data")), 6);
    json_array_foreach(json_object_get(page, "data"), i, unit) {
        ck_assert_str_eq(th_str(unit, "kind"), "puskesmas");
        ck_assert(json_is_true(json_object_get(unit, "active")));
        if (prev)
            ck_assert_int_ge(strcmp(prev, th_str(unit, "code")), 0);
        prev = th_str(unit, "code");
    }
    ck_assert(json_is_null(json_object_get(page, "next_cursor")));
    json_decref(page);

    p = (zi_unit_list_params)ZI_UNIT_LIST_PARAMS_INIT;
    p.predicate = "wbk";
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    ck_assert_uint_ge(json_array_size(json_object_get(page, "data")), 4); /* the demo data's */
    json_array_foreach(json_object_get(page, "data"), i, unit)
        ck_assert_str_eq(th_str(unit, "predicate"), "wbk");
    json_decref(page);

    p = (zi_unit_list_params)ZI_UNIT_LIST_PARAMS_INIT;
    p.q = "wates"; /* percent-encoding of a plain value; case-insensitive */
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    ck_assert_uint_ge(json_array_size(json_object_get(page, "data")), 1);
    json_decref(page);

    p = (zi_unit_list_params)ZI_UNIT_LIST_PARAMS_INIT;
    p.q = "a&b=c d/é"; /* reserved characters and UTF-8 reach the server as one value */
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 0);
    json_decref(page);
    zi_client_free(c);
}
END_TEST

START_TEST(test_list_cursor_walk_matches_pager)
{
    zi_client *c = th_client_reader();
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    char *cursor = NULL;
    size_t by_hand = 0;
    size_t by_pager = 0;
    size_t pages = 0;

    /* By hand, following next_cursor. */
    p.limit = 7;
    p.sort = "code";
    for (;;) {
        const char *next;
        p.cursor = cursor;
        th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
        by_hand += json_array_size(json_object_get(page, "data"));
        pages++;
        next = json_string_value(json_object_get(page, "next_cursor"));
        free(cursor);
        cursor = next ? strdup(next) : NULL;
        json_decref(page);
        if (!cursor)
            break;
    }
    /* With the pager. */
    p.cursor = NULL;
    th_assert_status(c, zi_units_pager_new(c, &p, &pager), ZI_OK);
    ck_assert_uint_eq(zi_pager_pages(pager), 0); /* nothing fetched yet */
    for (;;) {
        json_t *unit = NULL;
        zi_status st = zi_pager_next(pager, &unit);
        th_assert_status(c, st, ZI_OK);
        if (!unit)
            break;
        ck_assert(json_is_string(json_object_get(unit, "id")));
        by_pager++;
        json_decref(unit);
    }
    ck_assert_uint_ge(by_hand, 100);
    ck_assert_uint_eq(by_pager, by_hand);
    ck_assert_uint_eq(zi_pager_pages(pager), pages);
    /* Exhausted: keeps answering ZI_OK with no item, without fetching again. */
    {
        json_t *unit = (json_t *)1;
        th_assert_status(c, zi_pager_next(pager, &unit), ZI_OK);
        ck_assert_ptr_null(unit);
        ck_assert_uint_eq(zi_pager_pages(pager), pages);
    }
    zi_pager_free(pager);
    zi_pager_free(NULL);
    zi_client_free(c);
}
END_TEST

START_TEST(test_pager_with_filter_and_start_cursor)
{
    zi_client *c = th_client_reader();
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    zi_pager *pager = NULL;
    json_t *page = NULL;
    size_t n = 0;
    size_t total;

    p.predicate = "wbk";
    p.limit = 200;
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    total = json_array_size(json_object_get(page, "data"));
    ck_assert_uint_ge(total, 4);
    json_decref(page);
    p.limit = 1;
    th_assert_status(c, zi_units_pager_new(c, &p, &pager), ZI_OK);
    for (;;) {
        json_t *unit = NULL;
        th_assert_status(c, zi_pager_next(pager, &unit), ZI_OK);
        if (!unit)
            break;
        ck_assert_str_eq(th_str(unit, "predicate"), "wbk");
        n++;
        json_decref(unit);
    }
    ck_assert_uint_eq(n, total);
    ck_assert_uint_ge(zi_pager_pages(pager), total);
    zi_pager_free(pager);

    /* A pager can start where a page left off. */
    p.limit = 2;
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
    p.cursor = json_string_value(json_object_get(page, "next_cursor"));
    ck_assert_ptr_nonnull(p.cursor);
    th_assert_status(c, zi_units_pager_new(c, &p, &pager), ZI_OK);
    json_decref(page); /* the pager copied the cursor */
    n = 0;
    for (;;) {
        json_t *unit = NULL;
        th_assert_status(c, zi_pager_next(pager, &unit), ZI_OK);
        if (!unit)
            break;
        n++;
        json_decref(unit);
    }
    ck_assert_uint_eq(n, total - 2);
    zi_pager_free(pager);
    zi_client_free(c);
}
END_TEST

START_TEST(test_list_400_field_errors)
{
    char *key = th_new_key("evaluator", NULL, NULL, NULL);
    zi_client *c = th_client_for(th_url(), key, &(zi_options){
        .struct_size = sizeof(zi_options), .accept_language = "en"});
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    json_t *page = (json_t *)1;
    const zi_error *e;

    p.limit = 500;
    p.kind = "castle";
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_E_BAD_REQUEST);
    ck_assert_ptr_null(page);
    e = zi_last_error(c);
    ck_assert_int_eq(e->status, ZI_E_BAD_REQUEST);
    ck_assert_int_eq(e->http_status, 400);
    ck_assert_str_eq(e->type, "urn:zi:problem:invalid-request");
    ck_assert_str_eq(e->title, "Invalid request"); /* Accept-Language: en */
    ck_assert_str_ne(e->request_id, "");
    ck_assert_ptr_nonnull(e->problem);
    ck_assert_str_eq(th_str(e->problem, "instance"), e->request_id);
    ck_assert_uint_eq(e->n_field_errors, 2);
    ck_assert_int_eq(e->attempts, 1); /* a 400 is not retried */
    {
        size_t i;
        int saw_limit = 0;
        int saw_kind = 0;
        for (i = 0; i < e->n_field_errors; i++) {
            const zi_field_error *f = &e->field_errors[i];
            ck_assert_str_eq(f->in, "query");
            ck_assert_str_ne(f->message, "");
            if (strcmp(f->field, "limit") == 0) {
                ck_assert_str_eq(f->code, "out_of_range");
                saw_limit = 1;
            }
            if (strcmp(f->field, "kind") == 0) {
                ck_assert_str_eq(f->code, "invalid_value");
                saw_kind = 1;
            }
        }
        ck_assert(saw_limit && saw_kind);
    }
    /* The next successful call clears the record. */
    th_assert_status(c, zi_units_list(c, NULL, &page), ZI_OK);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 0);
    ck_assert_ptr_null(zi_last_error(c)->problem);
    ck_assert_str_eq(zi_last_error(c)->type, "");
    json_decref(page);
    zi_client_free(c);
    free(key);
}
END_TEST

START_TEST(test_list_bad_cursor)
{
    zi_client *c = th_client_reader();
    zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
    json_t *page = NULL;

    p.cursor = "not-a-cursor";
    th_assert_status(c, zi_units_list(c, &p, &page), ZI_E_BAD_REQUEST);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "invalid_cursor");
    zi_client_free(c);
}
END_TEST

/* ---- createUnit / getUnit / getUnitByCode ----------------------------------------------------- */

START_TEST(test_create_get_by_id_and_code)
{
    zi_client *c = th_client_admin();
    char code[48];
    char lower[48];
    json_t *body;
    json_t *unit = NULL;
    json_t *got = NULL;
    zi_etag etag;
    zi_etag etag2;
    size_t i;

    th_unique_code(code, sizeof code, "create");
    body = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "code", code, "name", "[Contoh] Buat",
                     "kind", "sd", "address", "Jl. Contoh 1", "staff_count", 24, "designated_on",
                     "2024-02-01");
    th_assert_status(c, zi_units_create(c, body, "sdk-test-own-key", &unit, &etag), ZI_OK);
    json_decref(body);
    ck_assert_int_eq(zi_last_error(c)->http_status, 201);
    ck_assert_str_eq(etag.value, "\"1\"");
    ck_assert_str_eq(th_str(unit, "code"), code);
    ck_assert_str_eq(th_str(unit, "predicate"), "none");
    ck_assert_int_eq(json_integer_value(json_object_get(unit, "staff_count")), 24);
    ck_assert_int_eq(json_integer_value(json_object_get(unit, "version")), 1);

    th_assert_status(c, zi_units_get(c, th_str(unit, "id"), &got, &etag2), ZI_OK);
    ck_assert(json_equal(got, unit));
    ck_assert_str_eq(etag2.value, "\"1\"");
    json_decref(got);

    for (i = 0; code[i]; i++)
        lower[i] = (char)((code[i] >= 'A' && code[i] <= 'Z') ? code[i] + 32 : code[i]);
    lower[i] = '\0';
    th_assert_status(c, zi_units_get_by_code(c, lower, &got, NULL), ZI_OK);
    ck_assert_str_eq(th_str(got, "id"), th_str(unit, "id"));
    json_decref(got);
    json_decref(unit);
    zi_client_free(c);
}
END_TEST

START_TEST(test_create_409_duplicate_code)
{
    zi_client *c = th_client_admin();
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", "pkm-wates", "name", "Duplikat", "kind",
                             "puskesmas");
    json_t *unit = (json_t *)1;
    zi_etag etag = {"junk"};

    th_assert_status(c, zi_units_create(c, body, NULL, &unit, &etag), ZI_E_CONFLICT);
    ck_assert_ptr_null(unit);
    ck_assert_str_eq(etag.value, ""); /* out-parameters are cleared on failure */
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:conflict");
    ck_assert_int_eq(zi_last_error(c)->http_status, 409);
    json_decref(body);
    zi_client_free(c);
}
END_TEST

START_TEST(test_create_400_body_field_errors)
{
    zi_client *c = th_client_admin();
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "code", "bad code", "name", "", "kind",
                             "castle", "predicate", "wbbm");
    json_t *unit = NULL;
    const zi_error *e;
    size_t i;
    int seen = 0;

    th_assert_status(c, zi_units_create(c, body, NULL, &unit, NULL), ZI_E_BAD_REQUEST);
    e = zi_last_error(c);
    ck_assert_uint_ge(e->n_field_errors, 3);
    for (i = 0; i < e->n_field_errors; i++) {
        ck_assert_str_eq(e->field_errors[i].in, "body");
        if (strcmp(e->field_errors[i].field, "/code") == 0)
            seen |= 1;
        if (strcmp(e->field_errors[i].field, "/kind") == 0)
            seen |= 2;
        if (strcmp(e->field_errors[i].field, "/predicate") == 0 &&
            strcmp(e->field_errors[i].code, "read_only") == 0)
            seen |= 4;
    }
    ck_assert_int_eq(seen, 7);
    json_decref(body);
    zi_client_free(c);
}
END_TEST

START_TEST(test_create_422_unknown_parent)
{
    zi_client *c = th_client_admin();
    char code[48];
    json_t *body;
    json_t *unit = NULL;
    const zi_error *e;

    th_unique_code(code, sizeof code, "orphan");
    body = json_pack("{s:s, s:s, s:s, s:s}", "code", code, "name", "Yatim", "kind", "sd",
                     "parent_id", no_such_unit);
    th_assert_status(c, zi_units_create(c, body, NULL, &unit, NULL), ZI_E_UNPROCESSABLE);
    e = zi_last_error(c);
    ck_assert_str_eq(e->type, "urn:zi:problem:unprocessable");
    ck_assert_uint_eq(e->n_field_errors, 1);
    ck_assert_str_eq(e->field_errors[0].field, "/parent_id");
    ck_assert_str_eq(e->field_errors[0].in, "body");
    ck_assert_str_eq(e->field_errors[0].code, "not_found");
    json_decref(body);
    zi_client_free(c);
}
END_TEST

START_TEST(test_401_without_or_with_a_wrong_key)
{
    zi_client *anon = th_client_anonymous();
    zi_client *wrong = th_client_for(th_url(), "zi_not-a-real-key", NULL);
    json_t *body = json_pack("{s:s, s:s, s:s}", "code", "SDK-NOAUTH", "name", "x", "kind", "sd");
    json_t *unit = NULL;

    th_assert_status(anon, zi_units_create(anon, body, NULL, &unit, NULL), ZI_E_UNAUTHORIZED);
    ck_assert_str_eq(zi_last_error(anon)->type, "urn:zi:problem:unauthorized");
    ck_assert_int_eq(zi_last_error(anon)->http_status, 401);
    th_assert_status(wrong, zi_units_create(wrong, body, NULL, &unit, NULL), ZI_E_UNAUTHORIZED);
    ck_assert_ptr_null(unit);
    json_decref(body);
    zi_client_free(anon);
    zi_client_free(wrong);
}
END_TEST

START_TEST(test_get_404_and_400_path)
{
    zi_client *c = th_client_reader();
    json_t *unit = NULL;

    th_assert_status(c, zi_units_get(c, no_such_unit, &unit, NULL), ZI_E_NOT_FOUND);
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:not-found");
    ck_assert_str_ne(zi_last_error(c)->detail, "");
    th_assert_status(c, zi_units_get_by_code(c, "NO-SUCH-UNIT-EVER", &unit, NULL), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_units_get(c, "not-a-uuid", &unit, NULL), ZI_E_BAD_REQUEST);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].in, "path");
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].field, "id");
    /* A "/" in an id is escaped, never a path separator. */
    th_assert_status(c, zi_units_get(c, "x/../../healthz", &unit, NULL), ZI_E_BAD_REQUEST);
    ck_assert_ptr_null(unit);
    zi_client_free(c);
}
END_TEST

/* ---- updateUnit / archiveUnit ------------------------------------------------------------------ */

START_TEST(test_update_with_etag_and_version_412_428)
{
    zi_client *c = th_client_admin();
    char code[48];
    zi_etag etag;
    zi_etag etag2;
    json_t *unit;
    json_t *changed = NULL;
    json_t *patch;
    zi_if_match m = {0};
    const char *id;

    unit = th_create_unit(c, th_unique_code(code, sizeof code, "update"), &etag);
    id = th_str(unit, "id");

    /* If-Match from the ETag. */
    patch = json_pack("{s:i, s:n}", "staff_count", 7, "address");
    m.etag = etag.value;
    th_assert_status(c, zi_units_update(c, id, &m, patch, &changed, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"2\"");
    ck_assert_int_eq(json_integer_value(json_object_get(changed, "staff_count")), 7);
    ck_assert(json_is_null(json_object_get(changed, "address")));
    json_decref(changed);

    /* The same ETag again is stale: 412, nothing changed. */
    json_object_set_new(patch, "staff_count", json_integer(99));
    th_assert_status(c, zi_units_update(c, id, &m, patch, &changed, NULL), ZI_E_PRECONDITION_FAILED);
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:precondition-failed");
    ck_assert_int_eq(zi_last_error(c)->http_status, 412);
    ck_assert_int_eq(zi_last_error(c)->attempts, 1);
    th_assert_status(c, zi_units_get(c, id, &changed, NULL), ZI_OK);
    ck_assert_int_eq(json_integer_value(json_object_get(changed, "staff_count")), 7);
    json_decref(changed);

    /* If-Match from the version. */
    m.etag = NULL;
    m.version = 2;
    th_assert_status(c, zi_units_update(c, id, &m, patch, &changed, &etag2), ZI_OK);
    ck_assert_str_eq(etag2.value, "\"3\"");
    json_decref(changed);

    /* No If-Match at all: 428. */
    th_assert_status(c, zi_units_update(c, id, NULL, patch, &changed, NULL),
                     ZI_E_PRECONDITION_REQUIRED);
    ck_assert_str_eq(zi_last_error(c)->type, "urn:zi:problem:precondition-required");

    /* An empty patch: 400 empty_patch. */
    m.version = 3;
    json_decref(patch);
    patch = json_object();
    th_assert_status(c, zi_units_update(c, id, &m, patch, &changed, NULL), ZI_E_BAD_REQUEST);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "empty_patch");
    json_decref(patch);
    json_decref(unit);
    zi_client_free(c);
}
END_TEST

START_TEST(test_update_422_cycle)
{
    zi_client *c = th_client_admin();
    char code[48];
    zi_etag etag;
    json_t *unit = th_create_unit(c, th_unique_code(code, sizeof code, "cycle"), &etag);
    json_t *patch = json_pack("{s:s}", "parent_id", th_str(unit, "id"));
    json_t *changed = NULL;
    zi_if_match m = {.etag = etag.value};

    th_assert_status(c, zi_units_update(c, th_str(unit, "id"), &m, patch, &changed, NULL),
                     ZI_E_UNPROCESSABLE);
    ck_assert_uint_eq(zi_last_error(c)->n_field_errors, 1);
    ck_assert_str_eq(zi_last_error(c)->field_errors[0].code, "cycle");
    json_decref(patch);
    json_decref(unit);
    zi_client_free(c);
}
END_TEST

START_TEST(test_archive_then_409)
{
    zi_client *c = th_client_admin();
    char code[48];
    zi_etag etag;
    zi_etag etag2;
    json_t *unit = th_create_unit(c, th_unique_code(code, sizeof code, "archive"), &etag);
    json_t *archived = NULL;
    zi_if_match m = {.etag = NULL, .version = 1};

    th_assert_status(c, zi_units_archive(c, th_str(unit, "id"), &m, NULL, &archived, &etag2),
                     ZI_OK);
    ck_assert(json_is_false(json_object_get(archived, "active")));
    ck_assert(json_is_string(json_object_get(archived, "archived_at")));
    ck_assert_str_eq(etag2.value, "\"2\"");
    json_decref(archived);

    /* Archived already: 409 even with the current ETag. */
    m.etag = etag2.value;
    th_assert_status(c, zi_units_archive(c, th_str(unit, "id"), &m, "sdk-archive-again", &archived,
                                         NULL),
                     ZI_E_CONFLICT);
    /* A stale one: 412. */
    m.etag = etag.value;
    th_assert_status(c, zi_units_archive(c, th_str(unit, "id"), &m, NULL, &archived, NULL),
                     ZI_E_PRECONDITION_FAILED);
    /* And archived units are listed as inactive. */
    {
        zi_unit_list_params p = ZI_UNIT_LIST_PARAMS_INIT;
        json_t *page = NULL;
        p.q = code;
        p.active = ZI_FALSE;
        th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
        ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 1);
        json_decref(page);
        p.active = ZI_TRUE;
        th_assert_status(c, zi_units_list(c, &p, &page), ZI_OK);
        ck_assert_uint_eq(json_array_size(json_object_get(page, "data")), 0);
        json_decref(page);
    }
    json_decref(unit);
    zi_client_free(c);
}
END_TEST

/* ---- listUnitPredicateHistory --------------------------------------------------------------------- */

START_TEST(test_predicate_history_and_pager)
{
    zi_client *c = th_client_reader();
    json_t *unit = NULL;
    json_t *page = NULL;
    json_t *rec;
    zi_page_params p = ZI_PAGE_PARAMS_INIT;
    zi_pager *pager = NULL;
    size_t n = 0;

    th_assert_status(c, zi_units_get_by_code(c, "PKM-WATES", &unit, NULL), ZI_OK);
    th_assert_status(c, zi_units_predicate_history(c, th_str(unit, "id"), NULL, &page), ZI_OK);
    ck_assert_uint_ge(json_array_size(json_object_get(page, "data")), 1);
    rec = json_array_get(json_object_get(page, "data"), 0);
    ck_assert_str_eq(th_str(rec, "level"), "wbk");
    ck_assert_str_eq(th_str(rec, "unit_id"), th_str(unit, "id"));
    json_decref(page);

    p.limit = 1;
    th_assert_status(c, zi_units_predicate_history_pager_new(c, th_str(unit, "id"), &p, &pager),
                     ZI_OK);
    for (;;) {
        json_t *item = NULL;
        th_assert_status(c, zi_pager_next(pager, &item), ZI_OK);
        if (!item)
            break;
        n++;
        json_decref(item);
    }
    ck_assert_uint_ge(n, 1);
    zi_pager_free(pager);

    /* An unknown unit: 404, also through a pager (reported by zi_pager_next). */
    th_assert_status(c, zi_units_predicate_history(c, no_such_unit, &p, &page), ZI_E_NOT_FOUND);
    th_assert_status(c, zi_units_predicate_history_pager_new(c, no_such_unit, NULL, &pager), ZI_OK);
    {
        json_t *item = (json_t *)1;
        th_assert_status(c, zi_pager_next(pager, &item), ZI_E_NOT_FOUND);
        ck_assert_ptr_null(item);
    }
    zi_pager_free(pager);
    json_decref(unit);
    zi_client_free(c);
}
END_TEST

/* ---- argument checking: nothing is sent ---------------------------------------------------------- */

START_TEST(test_arguments_are_checked)
{
    zi_client *c = th_client_admin();
    json_t *out = (json_t *)1;
    json_t *body = json_object();
    zi_unit_list_params zero = {0};
    zi_if_match none = {0};
    zi_if_match crlf = {.etag = "\"1\"\r\nX-Evil: 1"};
    zi_pager *pager = (zi_pager *)1;
    union {
        long align;
        unsigned char bytes[256];
    } junk = {0};

    ck_assert_int_eq(zi_units_get(NULL, "x", &out, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_units_get((zi_client *)&junk, "x", &out, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_last_error(NULL)->status, ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error((zi_client *)&junk)->detail, "invalid zi_client handle");
    ck_assert_int_eq(zi_client_connections(NULL), -1);

    th_assert_status(c, zi_units_get(c, NULL, &out, NULL), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "id is required (a non-empty string)");
    ck_assert_int_eq(zi_last_error(c)->attempts, 0);
    ck_assert_int_eq(zi_last_error(c)->http_status, 0);
    th_assert_status(c, zi_units_get(c, "", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_get(c, "..", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_get_by_code(c, NULL, &out, NULL), ZI_E_ARGUMENT);
    ck_assert_str_eq(zi_last_error(c)->detail, "code is required (a non-empty string)");
    th_assert_status(c, zi_units_get(c, no_such_unit, NULL, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_list(c, &zero, &out), ZI_E_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(zi_last_error(c)->detail, "ZI_UNIT_LIST_PARAMS_INIT"));
    th_assert_status(c, zi_units_create(c, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_create(c, body, "", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_create(c, body, "bad\nkey", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_update(c, no_such_unit, &none, body, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_update(c, no_such_unit, &crlf, body, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_update(c, no_such_unit, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_archive(c, NULL, &none, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_predicate_history(c, NULL, NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_pager_new(c, &zero, &pager), ZI_E_ARGUMENT);
    ck_assert_ptr_null(pager);
    th_assert_status(c, zi_units_pager_new(c, NULL, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_units_predicate_history_pager_new(c, "", NULL, &pager), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_pager_next(NULL, &out), ZI_E_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(zi_pager_pages(NULL), 0);
    th_assert_status(c, zi_keys_get(c, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_keys_revoke(c, "", &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_keys_create(c, NULL, NULL, &out, NULL), ZI_E_ARGUMENT);
    th_assert_status(c, zi_keys_list(c, &(zi_key_list_params){0}, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_audit_list(c, &(zi_audit_list_params){0}, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_events_list(c, &(zi_event_list_params){0}, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_events_pager_new(c, &(zi_event_list_params){0}, &pager), ZI_E_ARGUMENT);
    th_assert_status(c, zi_audit_verify(c, NULL), ZI_E_ARGUMENT);
    ck_assert_int_eq(zi_health(NULL, &out), ZI_E_ARGUMENT);
    th_assert_status(c, zi_health(c, NULL), ZI_E_ARGUMENT);
    /* None of that reached the network. */
    ck_assert_int_eq(zi_client_connections(c), 0);
    json_decref(body);
    zi_client_free(c);
}
END_TEST

Suite *units_suite(void)
{
    Suite *s = suite_create("units");
    TCase *tc = tcase_create("units");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_list_first_page_defaults);
    tcase_add_test(tc, test_public_reads_need_no_key);
    tcase_add_test(tc, test_list_filters_and_sort);
    tcase_add_test(tc, test_list_cursor_walk_matches_pager);
    tcase_add_test(tc, test_pager_with_filter_and_start_cursor);
    tcase_add_test(tc, test_list_400_field_errors);
    tcase_add_test(tc, test_list_bad_cursor);
    tcase_add_test(tc, test_create_get_by_id_and_code);
    tcase_add_test(tc, test_create_409_duplicate_code);
    tcase_add_test(tc, test_create_400_body_field_errors);
    tcase_add_test(tc, test_create_422_unknown_parent);
    tcase_add_test(tc, test_401_without_or_with_a_wrong_key);
    tcase_add_test(tc, test_get_404_and_400_path);
    tcase_add_test(tc, test_update_with_etag_and_version_412_428);
    tcase_add_test(tc, test_update_422_cycle);
    tcase_add_test(tc, test_archive_then_409);
    tcase_add_test(tc, test_predicate_history_and_pager);
    tcase_add_test(tc, test_arguments_are_checked);
    suite_add_tcase(s, tc);
    return s;
}
