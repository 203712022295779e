#include "fields.h"

#include <stdio.h>
#include <string.h>

#include "lke.h"
#include "validate.h"

static const zi_field_spec *find_spec(const zi_field_spec *spec, size_t n, const char *name, size_t *index)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(spec[i].name, name) == 0) {
            *index = i;
            return &spec[i];
        }
    }
    return NULL;
}

static void check_string(const json_t *v, const zi_field_spec *f, zi_errors *errs)
{
    const char *s = json_string_value(v);
    size_t len = utf8_length(s);
    if (has_control_chars(s, f->type == FT_TEXT)) {
        errors_add_member(errs, f->name, "control_character", 0, 0, NULL);
        return;
    }
    switch (f->type) {
    case FT_STRING:
    case FT_TEXT:
        if ((long)len < f->min)
            errors_add_member(errs, f->name, "too_short", f->min, 0, NULL);
        else if ((long)len > f->max)
            errors_add_member(errs, f->name, "too_long", f->max, 0, NULL);
        else if (f->min > 0 && strspn(s, " \t\r\n") == strlen(s))
            errors_add_member(errs, f->name, "too_short", f->min, 0, NULL);
        return;
    case FT_DATE: {
        int y, m, d;
        if (parse_date(s, &y, &m, &d) != 0)
            errors_add_member(errs, f->name, "invalid_format", 0, 0, "YYYY-MM-DD");
        return;
    }
    case FT_UUID: {
        char id[37];
        if (parse_uuid(s, id) != 0)
            errors_add_member(errs, f->name, "invalid_format", 0, 0, "UUID");
        return;
    }
    case FT_ENUM:
        for (const char *const *p = f->values; *p; p++) {
            if (strcmp(*p, s) == 0)
                return;
        }
        if (f->hint == NULL) {
            char hint[192];
            errors_add_member(errs, f->name, "invalid_value", 0, 0, errors_join(f->values, hint, sizeof hint));
        } else {
            errors_add_member(errs, f->name, "invalid_value", 0, 0, f->hint);
        }
        return;
    case FT_CODE:
        if (!unit_code_valid(s))
            errors_add_member(errs, f->name, "invalid_format", 0, 0, f->hint);
        return;
    case FT_INT:
    case FT_LIST:
    case FT_BOOL:
    case FT_DECIMAL:
        return;
    }
}

/* An array of one-line strings: its length, then each item (errors name the item:
 * /witnesses/2). */
static void check_list(const json_t *v, const zi_field_spec *f, zi_errors *errs)
{
    if (!json_is_array(v)) {
        errors_add_member(errs, f->name, "invalid_type", 0, 0, "array of strings");
        return;
    }
    size_t n = json_array_size(v);
    if ((long)n < f->min || (long)n > f->max) {
        errors_add_member(errs, f->name, "item_count", f->min, f->max, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_array_get(v, i);
        char ptr[96]; /* field names are plain identifiers: no JSON-pointer escaping needed */
        snprintf(ptr, sizeof ptr, "/%.60s/%zu", f->name, i);
        const char *s = json_string_value(item);
        if (s == NULL)
            errors_add(errs, ZI_IN_BODY, ptr, "invalid_type", 0, 0, "string");
        else if (has_control_chars(s, 0))
            errors_add(errs, ZI_IN_BODY, ptr, "control_character", 0, 0, NULL);
        else if (utf8_length(s) < 1 || strspn(s, " \t") == strlen(s))
            errors_add(errs, ZI_IN_BODY, ptr, "too_short", 1, 0, NULL);
        else if ((long)utf8_length(s) > f->item_max)
            errors_add(errs, ZI_IN_BODY, ptr, "too_long", f->item_max, 0, NULL);
    }
}

static void check_value(const json_t *v, const zi_field_spec *f, zi_errors *errs)
{
    if (json_is_null(v)) {
        if (!(f->flags & F_NULLABLE))
            errors_add_member(errs, f->name, "invalid_type", 0, 0,
                              f->type == FT_INT      ? "integer"
                              : f->type == FT_LIST   ? "array of strings"
                              : f->type == FT_BOOL   ? "boolean"
                              : f->type == FT_DECIMAL ? "number"
                                                      : "string");
        return;
    }
    if (f->type == FT_LIST) {
        check_list(v, f, errs);
        return;
    }
    if (f->type == FT_BOOL) {
        if (!json_is_boolean(v))
            errors_add_member(errs, f->name, "invalid_type", 0, 0, "boolean");
        return;
    }
    if (f->type == FT_DECIMAL) {
        long centi;
        if (!json_is_number(v))
            errors_add_member(errs, f->name, "invalid_type", 0, 0, "number");
        else if (lke_centi(v, &centi) != 0)
            errors_add_member(errs, f->name, "invalid_format", 0, 0, "at most 2 decimals");
        else if (centi < f->min || centi > f->max)
            errors_add_member(errs, f->name, "out_of_range", f->min / 100, f->max / 100, NULL);
        return;
    }
    if (f->type == FT_INT) {
        if (!json_is_integer(v)) {
            errors_add_member(errs, f->name, "invalid_type", 0, 0, "integer");
            return;
        }
        json_int_t x = json_integer_value(v);
        if (x < f->min || x > f->max)
            errors_add_member(errs, f->name, "out_of_range", f->min, f->max, NULL);
        return;
    }
    if (!json_is_string(v)) {
        errors_add_member(errs, f->name, "invalid_type", 0, 0, "string");
        return;
    }
    check_string(v, f, errs);
}

size_t fields_validate(const json_t *obj, const zi_field_spec *spec, size_t n, zi_fmode mode,
                       const json_t **out, zi_errors *errs)
{
    size_t before = errs->count + errs->dropped;
    size_t writable = 0;
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value) {
        size_t idx = 0;
        const zi_field_spec *f = find_spec(spec, n, key, &idx);
        if (f == NULL) {
            errors_add_member(errs, key, "unknown_field", 0, 0, NULL);
            continue;
        }
        if ((f->flags & F_READ_ONLY) || (mode == FV_PATCH && (f->flags & F_CREATE_ONLY))) {
            errors_add_member(errs, key, "read_only", 0, 0, NULL);
            continue;
        }
        out[idx] = value;
        writable++;
        check_value(value, f, errs);
    }
    if (mode == FV_CREATE) {
        for (size_t i = 0; i < n; i++) {
            if ((spec[i].flags & F_REQUIRED) && out[i] == NULL && json_object_get(obj, spec[i].name) == NULL)
                errors_add_member(errs, spec[i].name, "required", 0, 0, NULL);
        }
    } else if (writable == 0 && errs->count + errs->dropped == before) {
        errors_add(errs, ZI_IN_BODY, "", "empty_patch", 0, 0, NULL);
    }
    return errs->count + errs->dropped - before;
}

const char *fields_param(const json_t *v, const zi_field_spec *f, char *buf, size_t cap)
{
    if (v == NULL || json_is_null(v))
        return NULL;
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (f->type == FT_UUID && cap >= 37 && parse_uuid(json_string_value(v), buf) == 0)
        return buf;
    return json_string_value(v);
}

int fields_index(const zi_fieldset *fs, const char *name)
{
    for (size_t i = 0; i < fs->count; i++) {
        if (strcmp(fs->fields[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

size_t fields_check_writers(const json_t *const *out, const zi_fieldset *fs, unsigned role, zi_errors *errs)
{
    size_t added = 0;
    for (size_t i = 0; i < fs->count; i++) {
        if (out[i] && fs->fields[i].writers && !(fs->fields[i].writers & role)) {
            errors_add_member(errs, fs->fields[i].name, "not_allowed", 0, 0, NULL);
            added++;
        }
    }
    return added;
}

static int same_id(const char *a, const char *b)
{
    return a && b && a[0] && strcmp(a, b) == 0;
}

int fields_visible(const zi_fieldset *fs, size_t i, const zi_principal *who, const char *record_unit,
                   const char *record_owner)
{
    const zi_visibility *v = fs->fields[i].vis;
    if (v == NULL || (v->roles & who->role))
        return 1;
    if ((v->own_unit & who->role) && same_id(record_unit, who->unit_id))
        return 1;
    /* A record's owner is named by key id or by NIP (a report filed by the UPG on someone's
     * behalf names the person, not the key that typed it). */
    return v->owner && who->role != ROLE_PUBLIC && (same_id(record_owner, who->key_id) || same_id(record_owner, who->nip));
}

int fields_may_hide(const zi_fieldset *fs, const zi_principal *who)
{
    for (size_t i = 0; fs && i < fs->count; i++) {
        const zi_visibility *v = fs->fields[i].vis;
        if (v && !(v->roles & who->role))
            return 1;
    }
    return 0;
}

static const char *member_text(const json_t *obj, const char *name)
{
    return name ? json_string_value(json_object_get(obj, name)) : NULL;
}

size_t fields_filter(json_t *obj, const zi_fieldset *fs, const zi_principal *who)
{
    if (!json_is_object(obj) || !fields_may_hide(fs, who))
        return 0;
    /* Read unit and owner before removing anything: either may itself be confidential. */
    char unit[40] = "", owner[40] = "";
    const char *u = member_text(obj, fs->unit_member), *o = member_text(obj, fs->owner_member);
    snprintf(unit, sizeof unit, "%s", u ? u : "");
    snprintf(owner, sizeof owner, "%s", o ? o : "");
    size_t removed = 0;
    for (size_t i = 0; i < fs->count; i++) {
        if (!fields_visible(fs, i, who, unit, owner) && json_object_del(obj, fs->fields[i].name) == 0)
            removed++;
    }
    return removed;
}

size_t fields_filter_changes(json_t *changes, const zi_fieldset *fs, const zi_principal *who)
{
    if (!json_is_object(changes) || !fields_may_hide(fs, who))
        return 0;
    size_t removed = 0;
    for (size_t i = 0; i < fs->count; i++) {
        if (!fields_visible(fs, i, who, NULL, NULL) && json_object_del(changes, fs->fields[i].name) == 0)
            removed++;
    }
    return removed;
}
