#include "principal.h"

#include <string.h>

unsigned principal_role_from_name(const char *name)
{
    static const struct { const char *name; unsigned bit; } roles[] = {
        {"admin", ROLE_ADMIN},
        {"upg", ROLE_UPG},
        {"evaluator", ROLE_EVALUATOR},
        {"unit_officer", ROLE_UNIT_OFFICER},
        {"employee", ROLE_EMPLOYEE},
    };
    for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++) {
        if (strcmp(roles[i].name, name) == 0)
            return roles[i].bit;
    }
    return 0;
}
