#include "messages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *id;
    const char *en;
} text2;

const char *msg_problem_slug(zi_result r)
{
    switch (r) {
    case ZI_OK: return "ok";
    case ZI_E_INVALID: return "invalid-request";
    case ZI_E_MALFORMED: return "malformed-json";
    case ZI_E_UNAUTHORIZED: return "unauthorized";
    case ZI_E_FORBIDDEN: return "forbidden";
    case ZI_E_NOT_FOUND: return "not-found";
    case ZI_E_METHOD: return "method-not-allowed";
    case ZI_E_CONFLICT: return "conflict";
    case ZI_E_PRECONDITION_FAILED: return "precondition-failed";
    case ZI_E_TOO_LARGE: return "payload-too-large";
    case ZI_E_MEDIA_TYPE: return "unsupported-media-type";
    case ZI_E_UNPROCESSABLE: return "unprocessable";
    case ZI_E_PRECONDITION_REQUIRED: return "precondition-required";
    case ZI_E_RATE_LIMITED: return "rate-limited";
    case ZI_E_UNAVAILABLE: return "service-unavailable";
    case ZI_E_INTERNAL: return "internal";
    }
    return "internal";
}

int msg_http_status(zi_result r)
{
    switch (r) {
    case ZI_OK: return 200;
    case ZI_E_INVALID: return 400;
    case ZI_E_MALFORMED: return 400;
    case ZI_E_UNAUTHORIZED: return 401;
    case ZI_E_FORBIDDEN: return 403;
    case ZI_E_NOT_FOUND: return 404;
    case ZI_E_METHOD: return 405;
    case ZI_E_CONFLICT: return 409;
    case ZI_E_PRECONDITION_FAILED: return 412;
    case ZI_E_TOO_LARGE: return 413;
    case ZI_E_MEDIA_TYPE: return 415;
    case ZI_E_UNPROCESSABLE: return 422;
    case ZI_E_PRECONDITION_REQUIRED: return 428;
    case ZI_E_RATE_LIMITED: return 429;
    case ZI_E_UNAVAILABLE: return 503;
    case ZI_E_INTERNAL: return 500;
    }
    return 500;
}

static text2 title_of(zi_result r)
{
    switch (r) {
    case ZI_OK: return (text2){"Berhasil", "OK"};
    case ZI_E_INVALID: return (text2){"Permintaan tidak valid", "Invalid request"};
    case ZI_E_MALFORMED: return (text2){"Badan permintaan bukan JSON yang sah", "Malformed JSON body"};
    case ZI_E_UNAUTHORIZED: return (text2){"Autentikasi diperlukan", "Authentication required"};
    case ZI_E_FORBIDDEN: return (text2){"Akses ditolak", "Forbidden"};
    case ZI_E_NOT_FOUND: return (text2){"Tidak ditemukan", "Not found"};
    case ZI_E_METHOD: return (text2){"Metode tidak diizinkan", "Method not allowed"};
    case ZI_E_CONFLICT: return (text2){"Bertentangan dengan keadaan data", "Conflict with the current state"};
    case ZI_E_PRECONDITION_FAILED: return (text2){"Versi data tidak cocok", "Precondition failed"};
    case ZI_E_TOO_LARGE: return (text2){"Badan permintaan terlalu besar", "Payload too large"};
    case ZI_E_MEDIA_TYPE: return (text2){"Jenis konten tidak didukung", "Unsupported media type"};
    case ZI_E_UNPROCESSABLE: return (text2){"Aturan tidak terpenuhi", "Rule violation"};
    case ZI_E_PRECONDITION_REQUIRED: return (text2){"Header If-Match diperlukan", "Precondition required"};
    case ZI_E_RATE_LIMITED: return (text2){"Terlalu banyak permintaan", "Too many requests"};
    case ZI_E_UNAVAILABLE: return (text2){"Layanan sementara tidak tersedia", "Service unavailable"};
    case ZI_E_INTERNAL: return (text2){"Kesalahan internal", "Internal error"};
    }
    return (text2){"Kesalahan internal", "Internal error"};
}

const char *msg_title(zi_result r, zi_lang lang)
{
    text2 t = title_of(r);
    return lang == ZI_LANG_EN ? t.en : t.id;
}

static const text2 details[MSG__COUNT] = {
    [MSG_NONE] = {"", ""},
    [MSG_INVALID_FIELDS] = {"Periksa bagian yang disebut dalam `errors`.", "See `errors` for what is wrong."},
    [MSG_ROUTE_NOT_FOUND] = {"Tidak ada sumber daya di alamat ini.", "There is no resource at this address."},
    [MSG_UNIT_NOT_FOUND] = {"Unit tidak ditemukan.", "Unit not found."},
    [MSG_METHOD] = {"Metode {s} tidak diizinkan di alamat ini; lihat header Allow.",
                    "Method {s} is not allowed here; see the Allow header."},
    [MSG_BODY_TOO_LARGE] = {"Ukuran badan permintaan paling besar {a} byte.", "The request body may be at most {a} bytes."},
    [MSG_MEDIA_TYPE] = {"Kirim badan permintaan sebagai application/json; charset=utf-8.",
                        "Send the request body as application/json; charset=utf-8."},
    [MSG_JSON_SYNTAX] = {"JSON tidak sah di dekat byte {a}: {s}", "Invalid JSON near byte {a}: {s}"},
    [MSG_JSON_NOT_OBJECT] = {"Badan permintaan harus berupa objek JSON.", "The request body must be a JSON object."},
    [MSG_JSON_DUPLICATE] = {"Objek JSON memuat kunci ganda.", "The JSON object repeats a key."},
    [MSG_JSON_UTF8] = {"Badan permintaan bukan UTF-8 yang sah.", "The request body is not valid UTF-8."},
    [MSG_JSON_NUL] = {"Karakter NUL tidak diizinkan dalam string.", "NUL characters are not allowed in strings."},
    [MSG_JSON_DEPTH] = {"JSON bersarang lebih dari {a} tingkat.", "The JSON nests deeper than {a} levels."},
    [MSG_BODY_REQUIRED] = {"Operasi ini memerlukan badan permintaan JSON.", "This operation needs a JSON request body."},
    [MSG_MISSING_KEY] = {"Kirim header Authorization: Bearer <kunci API>.", "Send an Authorization: Bearer <API key> header."},
    [MSG_BAD_KEY] = {"Kunci API tidak dikenal, sudah dicabut, atau formatnya salah.",
                     "The API key is unknown, revoked or malformed."},
    [MSG_FORBIDDEN_ROLE] = {"Peran kunci API ini tidak boleh melakukan operasi ini.",
                            "The role of this API key may not perform this operation."},
    [MSG_IF_MATCH_REQUIRED] = {"Kirim header If-Match berisi ETag terakhir yang Anda baca.",
                               "Send an If-Match header with the ETag you last read."},
    [MSG_IF_MATCH_STALE] = {"Data sudah berubah sejak Anda membacanya (versi sekarang {a}); baca ulang lalu ulangi.",
                            "The resource changed since you read it (now version {a}); read it again and retry."},
    [MSG_DB_DOWN] = {"Basis data tidak dapat dijangkau; coba lagi dalam {a} detik.",
                     "The database is unreachable; retry in {a} seconds."},
    [MSG_BUSY] = {"Server sedang penuh; coba lagi dalam {a} detik.", "The server is busy; retry in {a} seconds."},
    [MSG_INTERNAL] = {"Terjadi kesalahan tak terduga; sebutkan id permintaan ini saat melapor.",
                      "An unexpected error occurred; quote this request id when reporting it."},
    [MSG_CODE_TAKEN] = {"Kode unit sudah dipakai unit lain (huruf besar/kecil tidak dibedakan).",
                        "The unit code is already used by another unit (case-insensitively)."},
    [MSG_UNIT_ARCHIVED] = {"Unit sudah diarsipkan dan tidak dapat diubah.", "The unit is archived and cannot be changed."},
    [MSG_UNIT_HAS_CHILDREN] = {"Unit masih memiliki {a} unit anak yang aktif; arsipkan atau pindahkan dahulu.",
                               "The unit still has {a} active child units; archive or move them first."},
    [MSG_PARENT_INVALID] = {"Induk unit tidak sah; lihat `errors`.", "The parent unit is not valid; see `errors`."},
    [MSG_NOT_READY] = {"Server belum siap: {s}.", "The server is not ready: {s}."},
    [MSG_SHUTTING_DOWN] = {"Server sedang berhenti; coba lagi sebentar lagi.", "The server is shutting down; retry shortly."},
    [MSG_IDEMPOTENCY_MISMATCH] = {"Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru.",
                                  "This Idempotency-Key was used for a different request; use a new key."},
    [MSG_KEY_NOT_FOUND] = {"Kunci API tidak ditemukan.", "API key not found."},
    [MSG_RATE_LIMITED] = {"Terlalu banyak permintaan; coba lagi dalam {a} detik.",
                          "Too many requests; retry in {a} seconds."},
    [MSG_ROLE_NEEDS_UNIT] = {"Peran ini memerlukan unit (dan pegawai juga NIP); lihat `errors`.",
                             "This role needs a unit (and an employee also a NIP); see `errors`."},
    [MSG_FORBIDDEN_UNIT] = {"Kunci API ini hanya berlaku untuk unitnya sendiri.",
                            "This API key may act only on its own unit."},
    [MSG_TOO_MANY_WAITING] = {"Terlalu banyak pembaca yang sedang menunggu umpan perubahan; coba lagi dalam {a} detik.",
                              "Too many readers are waiting on the change feed; retry in {a} seconds."},
    [MSG_FORBIDDEN_FIELD] = {"Peran kunci API ini tidak boleh mengubah kolom yang disebut dalam `errors`.",
                             "The role of this API key may not change the fields named in `errors`."},
};

const char *msg_detail_template(zi_msg m, zi_lang lang)
{
    if ((int)m < 0 || m >= MSG__COUNT || details[m].id == NULL)
        return "";
    return lang == ZI_LANG_EN ? details[m].en : details[m].id;
}

static const struct {
    const char *code;
    text2 text;
} field_texts[] = {
    {"required", {"Wajib diisi.", "Required."}},
    {"unknown_field", {"Kolom ini tidak dikenal.", "Unknown field."}},
    {"read_only", {"Kolom ini hanya-baca dan tidak dapat diubah di sini.", "This field is read-only here."}},
    {"invalid_type", {"Harus bertipe {s}.", "Must be of type {s}."}},
    {"too_long", {"Paling banyak {a} karakter.", "At most {a} characters."}},
    {"too_short", {"Paling sedikit {a} karakter.", "At least {a} characters."}},
    {"out_of_range", {"Harus antara {a} dan {b}.", "Must be between {a} and {b}."}},
    {"invalid_format", {"Format tidak sah; yang diharapkan: {s}.", "Invalid format; expected: {s}."}},
    {"invalid_value", {"Nilai yang diizinkan: {s}.", "Allowed values: {s}."}},
    {"not_found", {"Tidak ditemukan.", "Not found."}},
    {"archived", {"Sudah diarsipkan.", "Archived."}},
    {"duplicate", {"Sudah dipakai.", "Already in use."}},
    {"cycle", {"Akan membentuk siklus dalam pohon unit.", "Would create a cycle in the unit tree."}},
    {"unknown_parameter", {"Parameter ini tidak dikenal.", "Unknown parameter."}},
    {"repeated_parameter", {"Parameter ini diberikan lebih dari sekali.", "This parameter is given more than once."}},
    {"invalid_cursor", {"Kursor tidak sah untuk permintaan ini.", "The cursor is not valid for this request."}},
    {"duplicate_key", {"Kunci ini muncul lebih dari sekali.", "This key appears more than once."}},
    {"invalid_utf8", {"Bukan UTF-8 yang sah.", "Not valid UTF-8."}},
    {"nul_character", {"Karakter NUL tidak diizinkan.", "NUL characters are not allowed."}},
    {"control_character", {"Karakter kontrol tidak diizinkan.", "Control characters are not allowed."}},
    {"too_deep", {"Bersarang lebih dari {a} tingkat.", "Nested deeper than {a} levels."}},
    {"empty_patch", {"Kirim paling sedikit satu kolom untuk diubah.", "Send at least one field to change."}},
    {"too_many", {"Terlalu banyak parameter (paling banyak {a}).", "Too many parameters (at most {a})."}},
    {"idempotency_key_reused", {"Sudah dipakai untuk permintaan yang berbeda.", "Already used for a different request."}},
    {"not_allowed", {"Peran Anda tidak boleh mengubah kolom ini.", "Your role may not change this field."}},
    {"not_applicable", {"Tidak berlaku untuk peran ini.", "Does not apply to this role."}},
    {NULL, {NULL, NULL}},
};

const char *const msg_field_codes[] = {
    "required", "unknown_field", "read_only", "invalid_type", "too_long", "too_short", "out_of_range",
    "invalid_format", "invalid_value", "not_found", "archived", "duplicate", "cycle", "unknown_parameter",
    "repeated_parameter", "invalid_cursor", "duplicate_key", "invalid_utf8", "nul_character",
    "control_character", "too_deep", "empty_patch", "too_many", "idempotency_key_reused", "not_allowed",
    "not_applicable", NULL,
};

const char *msg_field_template(const char *code, zi_lang lang)
{
    for (size_t i = 0; field_texts[i].code; i++) {
        if (strcmp(field_texts[i].code, code) == 0)
            return lang == ZI_LANG_EN ? field_texts[i].text.en : field_texts[i].text.id;
    }
    return lang == ZI_LANG_EN ? "Invalid value." : "Nilai tidak sah.";
}

char *msg_render(char *out, size_t cap, const char *tmpl, long a, long b, const char *s)
{
    size_t j = 0;
    if (cap == 0)
        return out;
    for (const char *p = tmpl; *p && j + 1 < cap; p++) {
        char num[24];
        const char *ins = NULL;
        if (p[0] == '{' && p[1] && p[2] == '}') {
            if (p[1] == 'a') {
                snprintf(num, sizeof num, "%ld", a);
                ins = num;
            } else if (p[1] == 'b') {
                snprintf(num, sizeof num, "%ld", b);
                ins = num;
            } else if (p[1] == 's') {
                ins = s ? s : "";
            }
        }
        if (ins) {
            for (; *ins && j + 1 < cap; ins++)
                out[j++] = *ins;
            p += 2;
        } else {
            out[j++] = *p;
        }
    }
    out[j] = '\0';
    return out;
}

/* Parses one q-value ("q=0.5"); returns the weight in thousandths, or -1 if malformed. */
static int parse_qvalue(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
        return -1;
    p += 2;
    int whole = 0, frac = 0, digits = 0;
    if (p < end && (*p == '0' || *p == '1'))
        whole = *p++ - '0';
    else
        return -1;
    if (p < end && *p == '.') {
        p++;
        while (p < end && isdigit((unsigned char)*p) && digits < 3) {
            frac = frac * 10 + (*p++ - '0');
            digits++;
        }
    }
    while (digits++ < 3)
        frac *= 10;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p != end)
        return -1;
    int q = whole * 1000 + frac;
    return q > 1000 ? -1 : q;
}

zi_lang msg_pick_language(const char *header)
{
    if (header == NULL)
        return ZI_LANG_ID;
    zi_lang best = ZI_LANG_ID;
    int best_q = 0;
    const char *p = header;
    while (*p) {
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *tag_end = semi ? semi : end;
        while (p < tag_end && (*p == ' ' || *p == '\t'))
            p++;
        while (tag_end > p && (tag_end[-1] == ' ' || tag_end[-1] == '\t'))
            tag_end--;
        int q = semi ? parse_qvalue(semi + 1, end) : 1000;
        size_t primary = 0;
        while (p + primary < tag_end && p[primary] != '-')
            primary++;
        int lang = -1;
        if (primary == 2 && strncasecmp(p, "en", 2) == 0)
            lang = ZI_LANG_EN;
        else if ((primary == 2 && (strncasecmp(p, "id", 2) == 0 || strncasecmp(p, "in", 2) == 0)) ||
                 (primary == 3 && strncasecmp(p, "ind", 3) == 0))
            lang = ZI_LANG_ID;
        else if (primary == 1 && p[0] == '*')
            lang = ZI_LANG_ID;
        /* Strictly greater: among equal weights the first listed wins. */
        if (lang >= 0 && q > best_q) {
            best_q = q;
            best = (zi_lang)lang;
        }
        p = *end ? end + 1 : end;
    }
    return best;
}
