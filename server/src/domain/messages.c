#include "messages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const zi_text MSG_INVALID_FIELDS[1] = {{"Periksa bagian yang disebut dalam `errors`.", "See `errors` for what is wrong."}};
const zi_text MSG_ROUTE_NOT_FOUND[1] = {{"Tidak ada sumber daya di alamat ini.", "There is no resource at this address."}};
const zi_text MSG_RESOURCE_NOT_FOUND[1] = {{"Data yang diminta tidak ditemukan.", "The requested record was not found."}};
const zi_text MSG_METHOD[1] = {{"Metode {s} tidak diizinkan di alamat ini; lihat header Allow.",
                                "Method {s} is not allowed here; see the Allow header."}};
const zi_text MSG_BODY_TOO_LARGE[1] = {
    {"Ukuran badan permintaan paling besar {a} byte.", "The request body may be at most {a} bytes."}};
const zi_text MSG_MEDIA_TYPE[1] = {{"Kirim badan permintaan sebagai application/json; charset=utf-8.",
                                    "Send the request body as application/json; charset=utf-8."}};
const zi_text MSG_JSON_SYNTAX[1] = {{"JSON tidak sah di dekat byte {a}: {s}", "Invalid JSON near byte {a}: {s}"}};
const zi_text MSG_JSON_NOT_OBJECT[1] = {
    {"Badan permintaan harus berupa objek JSON.", "The request body must be a JSON object."}};
const zi_text MSG_JSON_DUPLICATE[1] = {{"Objek JSON memuat kunci ganda.", "The JSON object repeats a key."}};
const zi_text MSG_JSON_UTF8[1] = {{"Badan permintaan bukan UTF-8 yang sah.", "The request body is not valid UTF-8."}};
const zi_text MSG_JSON_NUL[1] = {
    {"Karakter NUL tidak diizinkan dalam string.", "NUL characters are not allowed in strings."}};
const zi_text MSG_JSON_DEPTH[1] = {{"JSON bersarang lebih dari {a} tingkat.", "The JSON nests deeper than {a} levels."}};
const zi_text MSG_BODY_REQUIRED[1] = {
    {"Operasi ini memerlukan badan permintaan JSON.", "This operation needs a JSON request body."}};
const zi_text MSG_FRAMING[1] = {
    {"Panjang badan permintaan tidak jelas (Content-Length ganda atau bertentangan, atau bersama Transfer-Encoding); "
     "koneksi ditutup.",
     "The request's length is ambiguous (Content-Length repeated or malformed, or sent with Transfer-Encoding); "
     "the connection is closed."}};
const zi_text MSG_FILE_REQUIRED[1] = {{"Operasi ini memerlukan isi berkas sebagai badan permintaan.",
                                      "This operation needs the file's bytes as the request body."}};
const zi_text MSG_BODY_REQUIRED_ANY[1] = {{"Operasi ini memerlukan badan permintaan JSON atau CSV (text/csv).",
                                           "This operation needs a JSON or CSV (text/csv) request body."}};
const zi_text MSG_MISSING_KEY[1] = {
    {"Kirim header Authorization: Bearer <kunci API>.", "Send an Authorization: Bearer <API key> header."}};
const zi_text MSG_BAD_KEY[1] = {
    {"Kunci API tidak dikenal, sudah dicabut, atau formatnya salah.", "The API key is unknown, revoked or malformed."}};
const zi_text MSG_FORBIDDEN_ROLE[1] = {{"Peran kunci API ini tidak boleh melakukan operasi ini.",
                                        "The role of this API key may not perform this operation."}};
const zi_text MSG_IF_MATCH_REQUIRED[1] = {{"Kirim header If-Match berisi ETag terakhir yang Anda baca.",
                                           "Send an If-Match header with the ETag you last read."}};
const zi_text MSG_IF_MATCH_STALE[1] = {
    {"Data sudah berubah sejak Anda membacanya (versi sekarang {a}); baca ulang lalu ulangi.",
     "The resource changed since you read it (now version {a}); read it again and retry."}};
const zi_text MSG_DB_DOWN[1] = {
    {"Basis data tidak dapat dijangkau; coba lagi dalam {a} detik.", "The database is unreachable; retry in {a} seconds."}};
const zi_text MSG_BUSY[1] = {{"Server sedang penuh; coba lagi dalam {a} detik.", "The server is busy; retry in {a} seconds."}};
const zi_text MSG_INTERNAL[1] = {{"Terjadi kesalahan tak terduga; sebutkan id permintaan ini saat melapor.",
                                  "An unexpected error occurred; quote this request id when reporting it."}};
const zi_text MSG_NOT_READY[1] = {{"Server belum siap: {s}.", "The server is not ready: {s}."}};
const zi_text MSG_SHUTTING_DOWN[1] = {
    {"Server sedang berhenti; coba lagi sebentar lagi.", "The server is shutting down; retry shortly."}};
const zi_text MSG_IDEMPOTENCY_MISMATCH[1] = {{"Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru.",
                                              "This Idempotency-Key was used for a different request; use a new key."}};
const zi_text MSG_RATE_LIMITED[1] = {
    {"Terlalu banyak permintaan; coba lagi dalam {a} detik.", "Too many requests; retry in {a} seconds."}};
const zi_text MSG_FORBIDDEN_UNIT[1] = {
    {"Kunci API ini hanya berlaku untuk unitnya sendiri.", "This API key may act only on its own unit."}};
const zi_text MSG_FORBIDDEN_FIELD[1] = {{"Peran kunci API ini tidak boleh mengubah kolom yang disebut dalam `errors`.",
                                         "The role of this API key may not change the fields named in `errors`."}};
const zi_text MSG_TOO_MANY_WAITING[1] = {
    {"Terlalu banyak pembaca yang sedang menunggu umpan perubahan; coba lagi dalam {a} detik.",
     "Too many readers are waiting on the change feed; retry in {a} seconds."}};
const zi_text MSG_CONFLICT_RETRY[1] = {{"Permintaan lain mengubah data yang sama pada saat bersamaan; ulangi.",
                                        "Another request changed the same data at the same time; retry."}};

const zi_text MSG_UNIT_NOT_FOUND[1] = {{"Unit tidak ditemukan.", "Unit not found."}};
const zi_text MSG_UNIT_ARCHIVED[1] = {
    {"Unit sudah diarsipkan dan tidak dapat diubah.", "The unit is archived and cannot be changed."}};

const zi_msg msg_core_details[] = {
    MSG_UNIT_NOT_FOUND, MSG_UNIT_ARCHIVED,
    MSG_INVALID_FIELDS, MSG_ROUTE_NOT_FOUND, MSG_RESOURCE_NOT_FOUND, MSG_METHOD, MSG_BODY_TOO_LARGE, MSG_MEDIA_TYPE,
    MSG_JSON_SYNTAX, MSG_JSON_NOT_OBJECT, MSG_JSON_DUPLICATE, MSG_JSON_UTF8, MSG_JSON_NUL, MSG_JSON_DEPTH,
    MSG_BODY_REQUIRED, MSG_BODY_REQUIRED_ANY, MSG_FILE_REQUIRED, MSG_FRAMING, MSG_MISSING_KEY, MSG_BAD_KEY, MSG_FORBIDDEN_ROLE, MSG_IF_MATCH_REQUIRED, MSG_IF_MATCH_STALE,
    MSG_DB_DOWN, MSG_BUSY, MSG_INTERNAL, MSG_NOT_READY, MSG_SHUTTING_DOWN, MSG_IDEMPOTENCY_MISMATCH,
    MSG_RATE_LIMITED, MSG_FORBIDDEN_UNIT, MSG_FORBIDDEN_FIELD, MSG_TOO_MANY_WAITING, MSG_CONFLICT_RETRY, NULL,
};

/* The one mapping from a result to HTTP (DESIGN §2, STYLE §4). */
static const struct {
    int status;
    const char *slug;
    zi_text title;
    zi_msg detail;
} results[] = {
    [ZI_OK] = {200, "ok", {"Berhasil", "OK"}, MSG_NONE},
    [ZI_E_INVALID] = {400, "invalid-request", {"Permintaan tidak valid", "Invalid request"}, MSG_INVALID_FIELDS},
    [ZI_E_MALFORMED] = {400, "malformed-json", {"Badan permintaan bukan JSON yang sah", "Malformed JSON body"},
                        MSG_JSON_NOT_OBJECT},
    [ZI_E_UNAUTHORIZED] = {401, "unauthorized", {"Autentikasi diperlukan", "Authentication required"}, MSG_MISSING_KEY},
    [ZI_E_FORBIDDEN] = {403, "forbidden", {"Akses ditolak", "Forbidden"}, MSG_FORBIDDEN_ROLE},
    [ZI_E_NOT_FOUND] = {404, "not-found", {"Tidak ditemukan", "Not found"}, MSG_ROUTE_NOT_FOUND},
    [ZI_E_METHOD] = {405, "method-not-allowed", {"Metode tidak diizinkan", "Method not allowed"}, MSG_METHOD},
    [ZI_E_CONFLICT] = {409, "conflict", {"Bertentangan dengan keadaan data", "Conflict with the current state"},
                       MSG_INVALID_FIELDS},
    [ZI_E_PRECONDITION_FAILED] = {412, "precondition-failed", {"Versi data tidak cocok", "Precondition failed"},
                                  MSG_IF_MATCH_STALE},
    [ZI_E_TOO_LARGE] = {413, "payload-too-large", {"Badan permintaan terlalu besar", "Payload too large"},
                        MSG_BODY_TOO_LARGE},
    [ZI_E_MEDIA_TYPE] = {415, "unsupported-media-type", {"Jenis konten tidak didukung", "Unsupported media type"},
                         MSG_MEDIA_TYPE},
    [ZI_E_UNPROCESSABLE] = {422, "unprocessable", {"Aturan tidak terpenuhi", "Rule violation"}, MSG_INVALID_FIELDS},
    [ZI_E_PRECONDITION_REQUIRED] = {428, "precondition-required",
                                    {"Header If-Match diperlukan", "Precondition required"}, MSG_IF_MATCH_REQUIRED},
    [ZI_E_RATE_LIMITED] = {429, "rate-limited", {"Terlalu banyak permintaan", "Too many requests"}, MSG_RATE_LIMITED},
    [ZI_E_UNAVAILABLE] = {503, "service-unavailable", {"Layanan sementara tidak tersedia", "Service unavailable"},
                          MSG_DB_DOWN},
    [ZI_E_INTERNAL] = {500, "internal", {"Kesalahan internal", "Internal error"}, MSG_INTERNAL},
};
_Static_assert(sizeof results / sizeof results[0] == ZI_RESULT__COUNT, "every zi_result has a row in results");

static int known(zi_result r)
{
    return (int)r >= 0 && r < ZI_RESULT__COUNT && results[r].slug != NULL;
}

const char *msg_problem_slug(zi_result r)
{
    return known(r) ? results[r].slug : results[ZI_E_INTERNAL].slug;
}

int msg_http_status(zi_result r)
{
    return known(r) ? results[r].status : 500;
}

const char *msg_title(zi_result r, zi_lang lang)
{
    const zi_text *t = known(r) ? &results[r].title : &results[ZI_E_INTERNAL].title;
    return lang == ZI_LANG_EN ? t->en : t->id;
}

zi_msg msg_default_detail(zi_result r)
{
    return known(r) ? results[r].detail : MSG_INTERNAL;
}

const char *msg_detail_template(zi_msg m, zi_lang lang)
{
    if (m == NULL)
        return "";
    const char *t = lang == ZI_LANG_EN ? m->en : m->id;
    return t ? t : "";
}

unsigned msg_placeholders(const char *t)
{
    unsigned set = 0;
    for (const char *p = t; *p; p++) {
        if (p[0] != '{' || p[1] == '\0' || p[2] != '}')
            continue;
        set |= p[1] == 'a' ? 1u : p[1] == 'b' ? 2u : p[1] == 's' ? 4u : 8u;
    }
    return set;
}

int msg_text_check(zi_msg m)
{
    if (m == NULL || m->id == NULL || m->en == NULL || m->id[0] == '\0' || m->en[0] == '\0' ||
        strcmp(m->id, m->en) == 0)
        return -1;
    unsigned p = msg_placeholders(m->id);
    return p == msg_placeholders(m->en) && (p & 8u) == 0 ? 0 : -1;
}

static const struct {
    const char *code;
    zi_text text;
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
    {"control_character", {"Karakter kontrol atau karakter tak terlihat tidak diizinkan.",
                           "Control characters and invisible characters are not allowed."}},
    {"too_deep", {"Bersarang lebih dari {a} tingkat.", "Nested deeper than {a} levels."}},
    {"empty_patch", {"Kirim paling sedikit satu kolom untuk diubah.", "Send at least one field to change."}},
    {"too_many", {"Terlalu banyak (paling banyak {a}).", "Too many (at most {a})."}},
    {"idempotency_key_reused", {"Sudah dipakai untuk permintaan yang berbeda.", "Already used for a different request."}},
    {"not_allowed", {"Peran Anda tidak boleh mengubah kolom ini.", "Your role may not change this field."}},
    {"not_applicable", {"Tidak berlaku di sini (untuk peran atau langkah ini).", "Does not apply here (to this role or step)."}},
    {"item_count", {"Jumlah butir harus antara {a} dan {b}.", "Must have between {a} and {b} items."}},
    {"in_future", {"Tanggal tidak boleh di masa depan.", "The date may not be in the future."}},
    {"designation_missing", {"Unit belum ditetapkan sebagai unit ZI (tanggal SK penetapan kosong).",
                             "The unit has not been designated a ZI unit (no designation date)."}},
    {"designation_too_recent", {"Unit ditetapkan kurang dari 1 tahun sebelumnya.",
                                "The unit was designated less than 1 year before."}},
    {"wbk_required", {"Usulan WBBM memerlukan predikat WBK yang aktif.", "A WBBM proposal needs an active WBK."}},
    {"already_holds", {"Unit sudah memegang predikat ini atau yang lebih tinggi.",
                       "The unit already holds this predicate or a higher one."}},
    {"revoked_recently", {"Predikat unit dicabut kurang dari 2 tahun sebelumnya.",
                          "A predicate of the unit was revoked less than 2 years before."}},
    {"open_proposal_exists", {"Sudah ada usulan terbuka untuk unit ini pada tahun yang sama.",
                              "Another open proposal exists for this unit and year."}},
    {"outside_window", {"Di luar jendela pengusulan tahun itu (atau jendela belum ditetapkan).",
                        "Outside the year's submission window (or the year has none)."}},
    {"city_conditions", {"Syarat tingkat kota tidak terpenuhi: {s}.", "A city-level condition is not met: {s}."}},
    {"thresholds_not_met", {"Lembar nilai LKE belum ada atau belum memenuhi batas ({s}).",
                            "The LKE score sheet is missing or fails a threshold ({s})."}},
    {"before_opens", {"Tidak boleh sebelum tanggal pembukaan.", "May not be before the opening date."}},
    {"year_mismatch", {"Tahun tanggal ini harus sama dengan `year`.", "This date must fall in `year`."}},
    {"no_rule_set", {"Tidak ada aturan KPK yang berlaku pada tanggal ini.", "No KPK rule set is in force on this date."}},
    {"before_received", {"Tidak boleh sebelum tanggal penerimaan (received_on).",
                         "May not be before the received date (received_on)."}},
    {"ambiguous_framing", {"Kepala ini bertentangan dengan cara panjang badan ditentukan.",
                           "This header conflicts with how the body's length is given."}},
    {"before_forwarded", {"Tidak boleh sebelum tanggal penyampaian ke KPK (forwarded_on).",
                          "May not be before the date it was forwarded to KPK (forwarded_on)."}},
    {"unknown_event_type", {"Tidak ada peristiwa dengan jenis sumber daya ini; daftarnya ada di README (webhook).",
                            "No event carries this resource type; the README's webhook section lists them."}},
    {"scheme_not_allowed", {"Skema URL ini tidak diizinkan; gunakan {s}.", "This URL scheme is not allowed; use {s}."}},
    {"credentials_not_allowed", {"URL tidak boleh memuat nama pengguna atau kata sandi.",
                                 "The URL may not carry a user name or password."}},
    {"blocked_address", {"Webhook tidak boleh menuju alamat ini: {s}.", "Webhooks may not reach this address: {s}."}},
    {NULL, {NULL, NULL}},
};

const char *msg_field_code(size_t i)
{
    return i < sizeof field_texts / sizeof field_texts[0] ? field_texts[i].code : NULL;
}

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
