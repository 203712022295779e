#ifndef ZI_MODULE_H
#define ZI_MODULE_H
/*
 * The registry of resource modules (zi_module: http/route.h). Each module is declared in
 * server/src/api/<resource>.c and registered by one line in api/modules.c.
 */
#include <stddef.h>

#include "../http/route.h"

/* The registration list (api/modules.c), NULL-terminated. */
extern const zi_module *const zi_modules[];
/* The test-only fixture resource (api/test_fixture.c), served only with --test-fixtures. */
extern const zi_module test_fixture_module;

/* The modules in service (zi_modules, plus the fixture when enabled), NULL-terminated.
 * Set once at start-up, before threads. */
void modules_use(int with_test_fixture);
const zi_module *const *modules_in_service(void);
/* The field set of a resource type ("unit"), for filtering audit records; NULL if none. */
const zi_fieldset *modules_fieldset(const char *resource_type);
/* Checks every module's declarations (messages in both languages, field sets within
 * ZI_MAX_FIELDS, route fields known). 0 when sound; else prints what is wrong to stderr. */
int modules_check(void);

#endif
