#include "nip.h"

#include <string.h>

#include "validate.h"

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

nip_status nip_check(const char *nip)
{
    if (nip == NULL || strlen(nip) != 18)
        return NIP_BAD_LENGTH;
    for (int i = 0; i < 18; i++) {
        if (nip[i] < '0' || nip[i] > '9')
            return NIP_NOT_DIGITS;
    }
    int by = num(nip, 4), bm = num(nip + 4, 2), bd = num(nip + 6, 2);
    if (by < 1930 || by > 2015 || bm < 1 || bm > 12 || bd < 1 || bd > days_in_month(by, bm))
        return NIP_BAD_BIRTH_DATE;
    int ay = num(nip + 8, 4), am = num(nip + 12, 2);
    /* Appointed at 15 or later: compare months, not just years. */
    if (am < 1 || am > 12 || ay * 12 + am < (by + 15) * 12 + bm || ay > 2100)
        return NIP_BAD_APPOINTMENT;
    if (nip[14] != '1' && nip[14] != '2')
        return NIP_BAD_SEX;
    if (num(nip + 15, 3) == 0)
        return NIP_BAD_SEQUENCE;
    return NIP_OK;
}

const char *nip_status_name(nip_status s)
{
    switch (s) {
    case NIP_OK: return "ok";
    case NIP_BAD_LENGTH: return "18 digits";
    case NIP_NOT_DIGITS: return "digits only";
    case NIP_BAD_BIRTH_DATE: return "digits 1-8 a birth date YYYYMMDD";
    case NIP_BAD_APPOINTMENT: return "digits 9-14 an appointment month YYYYMM";
    case NIP_BAD_SEX: return "digit 15 is 1 or 2";
    case NIP_BAD_SEQUENCE: return "digits 16-18 a sequence from 001";
    }
    return "NIP";
}
