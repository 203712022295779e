/* The one registration list of resource modules. Adding a resource adds one line here. */
#include <stdio.h>
#include <string.h>

#include "module.h"

extern const zi_module system_module, units_module, api_keys_module, audit_module, events_module,
    declarations_module, pact_signatures_module, service_pledges_module, proposals_module, summary_module, calendar_module,
    gratification_reports_module, webhooks_module;

const zi_module *const zi_modules[] = {
    &system_module, &units_module, &api_keys_module, &audit_module, &events_module, &declarations_module,
    &pact_signatures_module, &service_pledges_module, &proposals_module, &summary_module, &calendar_module,
    &gratification_reports_module, &webhooks_module, NULL,
};

enum { MAX_MODULES = 32 };
static const zi_module *in_service[MAX_MODULES + 1];

void modules_use(int with_test_fixture)
{
    size_t n = 0;
    for (const zi_module *const *m = zi_modules; *m && n < MAX_MODULES; m++)
        in_service[n++] = *m;
    if (with_test_fixture && n < MAX_MODULES)
        in_service[n++] = &test_fixture_module;
    in_service[n] = NULL;
}

const zi_module *const *modules_in_service(void)
{
    if (in_service[0] == NULL)
        modules_use(0);
    return in_service;
}

const zi_fieldset *modules_fieldset(const char *resource_type)
{
    for (const zi_module *const *m = modules_in_service(); *m; m++) {
        if ((*m)->fields && resource_type && strcmp((*m)->fields->resource_type, resource_type) == 0)
            return (*m)->fields;
    }
    return NULL;
}

static int check_fieldset(const zi_module *m, const zi_fieldset *fs)
{
    if (fs == NULL)
        return 0;
    if (fs->count > ZI_MAX_FIELDS) {
        fprintf(stderr, "module %s: field set %s has more than %d fields\n", m->name, fs->resource_type,
                ZI_MAX_FIELDS);
        return -1;
    }
    if ((fs->unit_member && fields_index(fs, fs->unit_member) < 0) ||
        (fs->owner_member && fields_index(fs, fs->owner_member) < 0)) {
        fprintf(stderr, "module %s: field set %s names a unit or owner member it lacks\n", m->name,
                fs->resource_type);
        return -1;
    }
    return 0;
}

int modules_check(void)
{
    int bad = 0;
    for (const zi_module *const *m = modules_in_service(); *m; m++) {
        for (const zi_msg *msg = (*m)->messages; msg && *msg; msg++) {
            if (msg_text_check(*msg) != 0) {
                fprintf(stderr, "module %s: a message lacks a text in one language: \"%s\"\n", (*m)->name,
                        (*msg)->id ? (*msg)->id : "(null)");
                bad = 1;
            }
        }
        bad |= check_fieldset(*m, (*m)->fields) != 0;
        for (size_t i = 0; i < (*m)->nroutes; i++) {
            const zi_route *rt = &(*m)->routes[i];
            bad |= check_fieldset(*m, rt->fields) != 0 || check_fieldset(*m, rt->shows) != 0;
            if (rt->scope.kind == SCOPE_RESOLVE && rt->scope.resolve == NULL) {
                fprintf(stderr, "module %s: %s resolves its unit without a statement\n", (*m)->name, rt->operation_id);
                bad = 1;
            }
        }
    }
    return bad ? -1 : 0;
}
