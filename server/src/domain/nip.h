#ifndef ZI_NIP_H
#define ZI_NIP_H
/*
 * NIP, the 18-digit civil servant number (DOMAIN §2): birth date YYYYMMDD,
 * appointment YYYYMM, sex digit (1 male, 2 female), 3-digit sequence.
 * Thread-safe, no I/O.
 */
typedef enum {
    NIP_OK = 0,
    NIP_BAD_LENGTH,      /* not exactly 18 characters */
    NIP_NOT_DIGITS,
    NIP_BAD_BIRTH_DATE,  /* not a real date, or outside 1930..2015 */
    NIP_BAD_APPOINTMENT, /* not a real month, or before age 15 */
    NIP_BAD_SEX,         /* digit 15 is neither 1 nor 2 */
    NIP_BAD_SEQUENCE     /* 000 */
} nip_status;

nip_status nip_check(const char *nip);
/* Stable name of a status, used as the field-error hint. */
const char *nip_status_name(nip_status s);

#endif
