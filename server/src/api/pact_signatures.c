/*
 * Integrity pact signatures (issue 9, DOMAIN §2): one per person, unit and year; signed one at
 * a time or a whole ceremony at once (JSON or CSV, all or nothing); coverage per unit and for
 * the city. Who signed is personal data: names, NIPs and positions reach admins, the UPG, the
 * unit's own officer and the signer; everyone else sees the records without them (counts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/pacts_db.h"
#include "../db/units_db.h"
#include "../domain/csv.h"
#include "../domain/nip.h"
#include "../domain/validate.h"
#include "api.h"

#define SIGNERS (ROLE_ADMIN | ROLE_UNIT_OFFICER)
#define BULK_MAX_ROWS 5000
#define BULK_MAX_BYTES (2L * 1024 * 1024)
#define BULK_MAX_COLUMNS 16

static const char *const triggers[] = {"annual", "appointment", "transfer", "declaration", NULL};

/* The person behind a signature: admins, the UPG, the unit's own officer, and the signer. */
static const zi_visibility personal = {ROLE_ADMIN | ROLE_UPG, ROLE_UNIT_OFFICER, 1};

static const zi_field_spec pact_field_specs[] = {
    {"year", FT_INT, F_REQUIRED, 2000, 2100, NULL, NULL, NULL, 0, 0},
    {"nip", FT_STRING, F_NULLABLE, 18, 18, NULL, NULL, &personal, 0, 0},
    {"name", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, &personal, 0, 0},
    {"position", FT_STRING, F_REQUIRED, 1, 200, NULL, NULL, &personal, 0, 0},
    {"signed_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL, 0, 0},
    {"witness_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, &personal, 0, 0},
    {"witness_position", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, &personal, 0, 0},
    {"trigger", FT_ENUM, F_REQUIRED, 0, 0, triggers, NULL, NULL, 0, 0},
    ZI_FIELD_READ_ONLY("id", FT_UUID),
    ZI_FIELD_READ_ONLY("unit_id", FT_UUID),
    ZI_FIELD_READ_ONLY("civil_servant", FT_STRING),
    ZI_FIELD_READ_ONLY("created_at", FT_STRING),
    ZI_FIELD_READ_ONLY("updated_at", FT_STRING),
    ZI_FIELD_READ_ONLY("version", FT_INT),
};
static const zi_fieldset pact_fields = ZI_FIELDSET("pact_signature", pact_field_specs, "unit_id", "nip");

static const zi_text MSG_SIGNATURE_NOT_FOUND[1] = {{"Tanda tangan pakta tidak ditemukan.", "Pact signature not found."}};
static const zi_text MSG_ALREADY_SIGNED[1] = {{"Orang ini sudah menandatangani pakta integritas unit ini tahun itu.",
                                               "This person already signed the unit's integrity pact that year."}};
static const zi_text MSG_ROWS_INVALID[1] = {
    {"{a} baris tidak dapat diterima; tidak ada yang disimpan. Lihat `rows`.",
     "{a} rows cannot be accepted; nothing was saved. See `rows`."}};
static const zi_text MSG_CSV_MALFORMED[1] = {{"CSV tidak sah di baris {a}: {s}.", "Malformed CSV at line {a}: {s}."}};
static const zi_text MSG_CSV_HEADER[1] = {
    {"Baris judul CSV bermasalah pada kolom \"{s}\"; lihat `errors`. Kolom yang dikenal: year, nip, name, position, "
     "signed_on, witness_name, witness_position, trigger.",
     "The CSV header is wrong at column \"{s}\"; see `errors`. Known columns: year, nip, name, position, signed_on, "
     "witness_name, witness_position, trigger."}};
static const zi_msg pact_messages[] = {MSG_SIGNATURE_NOT_FOUND, MSG_ALREADY_SIGNED, MSG_ROWS_INVALID,
                                       MSG_CSV_MALFORMED, MSG_CSV_HEADER, NULL};

/* The rules beyond field shapes, for one signature (a body or an upload row): the NIP's
 * structure and the signing date. Errors go to errs as /nip, /signed_on. */
static void check_signature(const json_t *row, const char *today, zi_errors *errs)
{
    const char *nip = json_string_value(json_object_get(row, "nip"));
    if (nip && strlen(nip) == 18) {
        nip_status ns = nip_check(nip);
        if (ns != NIP_OK)
            errors_add(errs, ZI_IN_BODY, "/nip", "invalid_format", 0, 0, nip_status_name(ns));
    }
    const json_t *year = json_object_get(row, "year");
    const char *signed_on = json_string_value(json_object_get(row, "signed_on"));
    const char *code = signed_on && json_is_integer(year)
                           ? date_rule_violation(signed_on, today, (long)json_integer_value(year))
                           : NULL;
    if (code && strcmp(code, "invalid_format") != 0)
        errors_add(errs, ZI_IN_BODY, "/signed_on", code, 0, 0, NULL);
}

static zi_result sign_pact(zi_req *r)
{
    const char *unit_id = req_path(r, "id");
    char today[11];
    api_today(today);
    check_signature(r->body, today, &r->errors);
    if (r->errors.count) {
        /* A malformed NIP is a bad value (400); a date against the rules is a rule (422). */
        int malformed = 0;
        for (size_t k = 0; k < r->errors.count; k++)
            malformed |= strcmp(r->errors.items[k].code, "invalid_format") == 0;
        return malformed ? ZI_E_INVALID : ZI_E_UNPROCESSABLE;
    }
    zi_result rc = api_path_unit(r, 1);
    char *body = rc == ZI_OK ? req_body_text(r) : NULL;
    char *json = NULL, *id = NULL;
    long version = 0;
    int has_nip = json_string_value(req_field(r, "nip")) != NULL;
    if (rc == ZI_OK)
        rc = body ? pacts_db_sign(r->db, unit_id, body, has_nip, &r->errors, &json, &version, &id) : ZI_E_INTERNAL;
    free(body);
    if (rc == ZI_E_CONFLICT && r->detail == MSG_NONE)
        req_detail(r, MSG_ALREADY_SIGNED, 0, NULL);
    char location[128];
    snprintf(location, sizeof location, "/v1/units/%s/pact-signatures/%s", unit_id, id ? id : "");
    free(id);
    return api_reply_record(r, rc, 201, json, version, location, NULL);
}

static zi_result get_pact(zi_req *r)
{
    char *json = NULL;
    long version = 0;
    zi_result rc = pacts_db_get(r->db, req_path(r, "id"), req_path(r, "signature_id"), &json, &version);
    return api_reply_record(r, rc, 200, json, version, NULL, MSG_SIGNATURE_NOT_FOUND);
}

static zi_result list_pacts(zi_req *r)
{
    api_page p;
    zi_result rc = api_page_start(r, pacts_db_sorts, &p);
    if (rc != ZI_OK)
        return rc;
    const char *unit_id = req_path(r, "id");
    if ((rc = api_path_unit(r, 0)) != ZI_OK)
        return rc;
    db_page page;
    rc = pacts_db_list(r->db, unit_id, req_query_str(r, "year"), req_query_bool(r, "civil_servant"), p.after_value,
                       p.after_id, p.limit, &page);
    return rc == ZI_OK ? api_reply_page(r, &page, &p) : rc;
}

static long coverage_year(const zi_req *r)
{
    char today[11];
    api_today(today);
    return req_query_int(r, "year", strtol(today, NULL, 10));
}

static zi_result unit_coverage(zi_req *r)
{
    char *json = NULL;
    zi_result rc = pacts_db_coverage(r->db, req_path(r, "id"), coverage_year(r), &json);
    return api_reply_record(r, rc, 200, json, 0, NULL, MSG_UNIT_NOT_FOUND);
}

static zi_result city_coverage(zi_req *r)
{
    char *json = NULL;
    zi_result rc = pacts_db_city_coverage(r->db, coverage_year(r), &json);
    return api_reply_record(r, rc, 200, json, 0, NULL, NULL);
}

/* ---- bulk signing ------------------------------------------------------------------ */

/* The rows of an upload and the line each came from (CSV: its physical line; JSON: its
 * place from 1). */
typedef struct {
    json_t *rows; /* owned array of objects */
    long *lines;  /* owned */
    char *ragged; /* owned: 1 where a CSV record's cells do not match the header's columns */
} upload;

static void upload_free(upload *u)
{
    json_decref(u->rows);
    free(u->lines);
    free(u->ragged);
}

static zi_result too_many_rows(zi_req *r)
{
    req_field_error(r, ZI_IN_BODY, "/rows", "too_many", BULK_MAX_ROWS, 0, NULL);
    return ZI_E_UNPROCESSABLE;
}

static zi_result no_rows(zi_req *r, const char *pointer)
{
    req_field_error(r, ZI_IN_BODY, pointer, "item_count", 1, BULK_MAX_ROWS, NULL);
    return ZI_E_INVALID;
}

static zi_result upload_from_json(zi_req *r, upload *u)
{
    const char *key;
    const json_t *value;
    json_object_foreach(r->body, key, value) {
        if (strcmp(key, "signatures") != 0)
            errors_add_member(&r->errors, key, "unknown_field", 0, 0, NULL);
    }
    if (r->errors.count)
        return ZI_E_INVALID;
    const json_t *list = json_object_get(r->body, "signatures");
    if (list == NULL) {
        req_field_error(r, ZI_IN_BODY, "/signatures", "required", 0, 0, NULL);
        return ZI_E_INVALID;
    }
    if (!json_is_array(list)) {
        req_field_error(r, ZI_IN_BODY, "/signatures", "invalid_type", 0, 0, "array of objects");
        return ZI_E_INVALID;
    }
    size_t n = json_array_size(list);
    if (n == 0)
        return no_rows(r, "/signatures");
    if (n > BULK_MAX_ROWS)
        return too_many_rows(r);
    u->rows = json_deep_copy(list);
    u->lines = calloc(n, sizeof *u->lines);
    u->ragged = calloc(n, 1);
    if (u->rows == NULL || u->lines == NULL || u->ragged == NULL)
        return ZI_E_INTERNAL;
    for (size_t i = 0; i < n; i++)
        u->lines[i] = (long)i + 1;
    return ZI_OK;
}

/* A CSV cell as the JSON value the field expects: integers for integer columns (a cell
 * that is not one stays text, and validation says so); an empty cell is absent. */
static json_t *cell_value(const zi_field_spec *f, const char *cell)
{
    long v;
    if (f->type == FT_INT && parse_long(cell, -2147483647L, 2147483647L, &v) == 0)
        return json_integer(v);
    return json_string(cell);
}

static void header_error(zi_req *r, const char *code, const char *column)
{
    if (r->errors.count == 0)
        req_detail(r, MSG_CSV_HEADER, 0, column);
    req_field_error(r, ZI_IN_BODY, "/header", code, 0, 0, NULL);
}

static zi_result upload_from_csv(zi_req *r, upload *u)
{
    csv_doc doc;
    long line = 0;
    csv_status st = csv_parse(r->csv, r->csv_len, BULK_MAX_ROWS + 1, BULK_MAX_COLUMNS, &doc, &line);
    if (st == CSV_TOO_MANY_RECORDS)
        return too_many_rows(r);
    if (st == CSV_NO_MEMORY)
        return ZI_E_INTERNAL;
    if (st != CSV_OK) {
        const char *why = st == CSV_UNTERMINATED_QUOTE ? "unterminated quote"
                          : st == CSV_BAD_QUOTE        ? "a quote inside an unquoted field"
                                                       : "too many columns";
        req_detail(r, MSG_CSV_MALFORMED, line, why);
        char pointer[48];
        snprintf(pointer, sizeof pointer, "/rows/%ld", line);
        req_field_error(r, ZI_IN_BODY, pointer, "invalid_format", 0, 0, "RFC 4180 CSV");
        return ZI_E_INVALID;
    }
    zi_result rc = ZI_OK;
    if (doc.count < 2)
        rc = no_rows(r, "/rows");
    /* The header names the columns: body fields, each once; the required ones present. */
    const zi_field_spec *columns[BULK_MAX_COLUMNS] = {NULL};
    for (size_t c = 0; rc == ZI_OK && c < doc.records[0].count; c++) {
        /* Errors name the header; the detail names the first column at fault. */
        const char *name = doc.records[0].fields[c];
        int i = fields_index(&pact_fields, name);
        if (i < 0 || (pact_fields.fields[i].flags & F_READ_ONLY)) {
            header_error(r, "unknown_field", name);
            continue;
        }
        for (size_t k = 0; k < c; k++) {
            if (columns[k] == &pact_fields.fields[i])
                header_error(r, "duplicate", name);
        }
        columns[c] = &pact_fields.fields[i];
    }
    for (size_t i = 0; rc == ZI_OK && i < pact_fields.count; i++) {
        const zi_field_spec *f = &pact_fields.fields[i];
        int present = 0;
        for (size_t c = 0; c < doc.records[0].count; c++)
            present |= columns[c] == f;
        if ((f->flags & F_REQUIRED) && !present)
            header_error(r, "required", f->name);
    }
    if (rc == ZI_OK && r->errors.count)
        rc = ZI_E_INVALID;
    if (rc == ZI_OK) {
        size_t n = doc.count - 1;
        u->rows = json_array();
        u->lines = calloc(n, sizeof *u->lines);
        u->ragged = calloc(n, 1);
        if (u->rows == NULL || u->lines == NULL || u->ragged == NULL)
            rc = ZI_E_INTERNAL;
        for (size_t i = 0; rc == ZI_OK && i < n; i++) {
            const csv_record *rec = &doc.records[i + 1];
            json_t *row = json_object();
            u->lines[i] = rec->line;
            /* A row with the wrong number of cells keeps what it has; validation names the gap. */
            for (size_t c = 0; c < rec->count && c < doc.records[0].count; c++) {
                if (rec->fields[c][0] != '\0')
                    json_object_set_new(row, columns[c]->name, cell_value(columns[c], rec->fields[c]));
            }
            u->ragged[i] = rec->count != doc.records[0].count;
            json_array_append_new(u->rows, row);
        }
    }
    csv_doc_free(&doc);
    return rc;
}

/* Adds one bad row to the problem's `rows` (and its first errors to `errors`). */
static void report_row(zi_req *r, json_t *bad, long line, const zi_errors *errs)
{
    json_t *list = json_array();
    for (size_t k = 0; k < errs->count; k++) {
        const zi_field_error *fe = &errs->items[k];
        const char *field = fe->field[0] == '/' ? fe->field + 1 : fe->field;
        char message[512];
        msg_render(message, sizeof message, msg_field_template(fe->code, r->lang), fe->a, fe->b, fe->hint);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "field", field, "code", fe->code, "message", message));
        char pointer[128];
        snprintf(pointer, sizeof pointer, field[0] ? "/rows/%ld/%.90s" : "/rows/%ld%.0s", line, field);
        errors_add(&r->errors, ZI_IN_BODY, pointer, fe->code, fe->a, fe->b, fe->hint[0] ? fe->hint : NULL);
    }
    json_array_append_new(bad, json_pack("{s:I, s:o}", "line", (json_int_t)line, "errors", list));
}

static int line_cmp(const void *a, const void *b)
{
    long x = json_integer_value(json_object_get(*(json_t *const *)a, "line"));
    long y = json_integer_value(json_object_get(*(json_t *const *)b, "line"));
    return (x > y) - (x < y);
}

/* Every row checked; the valid ones (with their place "i") collected for the duplicate check. */
static zi_result check_upload(zi_req *r, const upload *u, json_t *bad, json_t *valid)
{
    size_t n = json_array_size(u->rows);
    char today[11];
    api_today(today);
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(u->rows, i);
        zi_errors errs;
        errors_init(&errs);
        const json_t *got[ZI_MAX_FIELDS];
        if (u->ragged[i])
            errors_add(&errs, ZI_IN_BODY, "", "invalid_format", 0, 0, "one cell per header column");
        else if (!json_is_object(row))
            errors_add(&errs, ZI_IN_BODY, "", "invalid_type", 0, 0, "object");
        else if (fields_validate(row, pact_fields.fields, pact_fields.count, FV_CREATE, got, &errs) == 0)
            check_signature(row, today, &errs);
        if (errs.count) {
            report_row(r, bad, u->lines[i], &errs);
            continue;
        }
        json_t *copy = json_copy(row);
        json_object_set_new(copy, "i", json_integer((json_int_t)i + 1));
        json_array_append_new(valid, copy);
    }
    if (json_array_size(valid) == 0)
        return ZI_OK;
    char *text = json_dumps(valid, JSON_COMPACT);
    if (text == NULL)
        return ZI_E_INTERNAL;
    PGresult *res;
    zi_result rc = pacts_db_duplicates(r->db, req_path(r, "id"), text, &res);
    free(text);
    if (rc != ZI_OK)
        return rc;
    for (int k = 0; k < PQntuples(res); k++) {
        long i = strtol(PQgetvalue(res, k, 0), NULL, 10);
        const json_t *row = json_array_get(u->rows, (size_t)(i - 1));
        zi_errors errs;
        errors_init(&errs);
        errors_add(&errs, ZI_IN_BODY, json_string_value(json_object_get(row, "nip")) ? "/nip" : "/name", "duplicate",
                   0, 0, NULL);
        report_row(r, bad, u->lines[i - 1], &errs);
    }
    PQclear(res);
    /* Rows in line order, whichever check found them. */
    size_t nbad = json_array_size(bad);
    json_t **items = malloc((nbad ? nbad : 1) * sizeof *items);
    if (items == NULL)
        return ZI_E_INTERNAL;
    for (size_t k = 0; k < nbad; k++)
        items[k] = json_incref(json_array_get(bad, k));
    qsort(items, nbad, sizeof *items, line_cmp);
    json_array_clear(bad);
    for (size_t k = 0; k < nbad; k++)
        json_array_append_new(bad, items[k]);
    free(items);
    return ZI_OK;
}

static zi_result import_pacts(zi_req *r)
{
    const char *unit_id = req_path(r, "id");
    zi_result rc = api_path_unit(r, 1);
    upload u = {NULL, NULL, NULL};
    if (rc == ZI_OK)
        rc = r->csv ? upload_from_csv(r, &u) : upload_from_json(r, &u);
    json_t *bad = json_array(), *valid = json_array();
    if (rc == ZI_OK)
        rc = check_upload(r, &u, bad, valid);
    if (rc == ZI_OK && json_array_size(bad) > 0) {
        /* The field errors above keep their first ZI_MAX_FIELD_ERRORS; `rows` names every bad row. */
        r->problem_extra = json_pack("{s:O, s:I, s:I}", "rows", bad, "rows_total",
                                     (json_int_t)json_array_size(u.rows), "rows_invalid",
                                     (json_int_t)json_array_size(bad));
        req_detail(r, MSG_ROWS_INVALID, (long)json_array_size(bad), NULL);
        rc = ZI_E_UNPROCESSABLE;
    }
    char *rows = rc == ZI_OK ? json_dumps(u.rows, JSON_COMPACT) : NULL;
    long created = 0;
    char *ids = NULL;
    if (rc == ZI_OK)
        rc = rows ? pacts_db_import(r->db, unit_id, rows, &created, &ids) : ZI_E_INTERNAL;
    if (rc == ZI_E_CONFLICT)
        req_detail(r, MSG_ALREADY_SIGNED, 0, NULL);
    free(rows);
    json_decref(bad);
    json_decref(valid);
    upload_free(&u);
    if (rc != ZI_OK) {
        free(ids);
        return rc;
    }
    strbuf sb;
    sb_init(&sb);
    sb_puts(&sb, "{\"unit_id\":");
    sb_json_string(&sb, unit_id);
    sb_printf(&sb, ",\"created\":%ld,\"ids\":%s}", created, ids);
    free(ids);
    char *text = sb_take(&sb, NULL);
    return text ? reply_json_owned(r, 201, text, 0, NULL) : ZI_E_INTERNAL;
}

static const zi_qparam list_query[] = {
    ZI_QP_PAGE,
    {"year", QP_INT, 2000, 2100, NULL, NULL, 0},
    {"civil_servant", QP_BOOL, 0, 0, NULL, NULL, 0},
    ZI_QP_END,
};

static const zi_qparam year_query[] = {
    {"year", QP_INT, 2000, 2100, NULL, NULL, 0},
    ZI_QP_END,
};

static const zi_route routes[] = {
    {.method = "GET", .pattern = "/v1/units/{id}/pact-signatures", .operation_id = "listPactSignatures",
     .handler = list_pacts, .roles = ROLE_ANY_KEY, .flags = RF_CSV, .query = list_query, .shows = &pact_fields},
    {.method = "POST", .pattern = "/v1/units/{id}/pact-signatures", .operation_id = "signPact", .handler = sign_pact,
     .roles = SIGNERS, .body = BODY_JSON, .scope = SCOPE_UNIT_PATH("id"), .fields = &pact_fields,
     .shows = &pact_fields},
    {.method = "GET", .pattern = "/v1/units/{id}/pact-signatures/{signature_id}", .operation_id = "getPactSignature",
     .handler = get_pact, .roles = ROLE_ANY_KEY, .shows = &pact_fields},
    {.method = "POST", .pattern = "/v1/units/{id}/pact-signatures/bulk", .operation_id = "importPactSignatures",
     .handler = import_pacts, .roles = SIGNERS, .body = BODY_JSON_OR_CSV, .scope = SCOPE_UNIT_PATH("id"),
     .max_body = BULK_MAX_BYTES},
    {.method = "GET", .pattern = "/v1/units/{id}/pact-coverage", .operation_id = "getPactCoverage",
     .handler = unit_coverage, .roles = ROLE_PUBLIC, .query = year_query},
    {.method = "GET", .pattern = "/v1/pact-coverage", .operation_id = "getCityPactCoverage", .handler = city_coverage,
     .roles = ROLE_PUBLIC, .query = year_query},
};

const zi_module pact_signatures_module =
    ZI_MODULE("pact-signatures", routes, pacts_db_statements, &pact_fields, pact_messages);
