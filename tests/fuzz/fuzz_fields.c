/*
 * The body validator (domain/fields.c) against every field set the modules declare: each
 * module's representation and each route's body and response field sets, found by walking
 * the registration list, so a new resource is fuzzed as soon as it is registered. For each
 * body: fields_validate in create and patch mode, who may write what, the SQL parameter text
 * of every accepted value, the messages of every field error (they echo names and hints),
 * and the visibility filter applied to the body as if it were a representation.
 *
 * Input: one byte choosing the field set, one byte choosing the mode and role, then JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "api/module.h"
#include "fuzz.h"

enum { MAX_SETS = 4 * ZI_MAX_ROUTES };
static const zi_fieldset *sets[MAX_SETS];
static size_t nsets;

static void add_set(const zi_fieldset *fs)
{
    if (fs == NULL)
        return;
    for (size_t i = 0; i < nsets; i++) {
        if (sets[i] == fs)
            return;
    }
    if (nsets == MAX_SETS)
        abort();
    sets[nsets++] = fs;
}

static void collect(void)
{
    for (const zi_module *const *m = modules_in_service(); *m; m++) {
        add_set((*m)->fields);
        for (size_t i = 0; i < (*m)->nroutes; i++) {
            add_set((*m)->routes[i].fields);
            add_set((*m)->routes[i].shows);
        }
    }
    if (nsets == 0)
        abort();
}

static void render(const zi_errors *errs)
{
    char out[512];
    for (size_t i = 0; i < errs->count; i++) {
        const zi_field_error *e = &errs->items[i];
        for (int lang = ZI_LANG_ID; lang <= ZI_LANG_EN; lang++)
            msg_render(out, sizeof out, msg_field_template(e->code, (zi_lang)lang), e->a, e->b, e->hint);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_init_server();
    if (nsets == 0)
        collect();
    if (n < 2)
        return 0;
    const zi_fieldset *fs = sets[data[0] % nsets];
    zi_fmode mode = (data[1] & 1) ? FV_PATCH : FV_CREATE;
    unsigned role = fuzz_roles[(data[1] >> 1) % fuzz_nroles];
    json_error_t err;
    json_t *obj = json_loadb((const char *)data + 2, n - 2, JSON_REJECT_DUPLICATES, &err);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return 0;
    }
    const json_t *got[ZI_MAX_FIELDS];
    zi_errors errs;
    errors_init(&errs);
    if (fields_validate(obj, fs->fields, fs->count, mode, got, &errs) == 0) {
        (void)fields_check_writers(got, fs, role, &errs);
        char buf[64];
        for (size_t i = 0; i < fs->count; i++)
            (void)fields_param(got[i], &fs->fields[i], buf, sizeof buf);
    }
    render(&errs);
    zi_principal who;
    fuzz_principal(&who, role);
    (void)fields_filter(obj, fs, &who);
    json_decref(obj);
    return 0;
}
