#ifndef ZI_PRINCIPAL_H
#define ZI_PRINCIPAL_H
/* Who is calling: the role of the API key (or public) and what the key is bound to. */

enum {
    ROLE_PUBLIC = 1u << 0, /* no key needed */
    ROLE_ADMIN = 1u << 1,
    ROLE_UPG = 1u << 2,
    ROLE_EVALUATOR = 1u << 3,
    ROLE_UNIT_OFFICER = 1u << 4,
    ROLE_EMPLOYEE = 1u << 5,
};

/* Every role a key can have, and the roles bound to one unit. */
#define ROLE_ANY_KEY (ROLE_ADMIN | ROLE_UPG | ROLE_EVALUATOR | ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)
#define ROLE_UNIT_BOUND (ROLE_UNIT_OFFICER | ROLE_EMPLOYEE)

typedef struct {
    unsigned role;       /* one ROLE_* bit; ROLE_PUBLIC when no key was given */
    char key_id[37];
    char unit_id[37];    /* empty unless the key is bound to a unit */
    char nip[19];
} zi_principal;

/* ROLE_* bit of a role name ("admin", …); 0 when unknown. */
unsigned principal_role_from_name(const char *name);

#endif
