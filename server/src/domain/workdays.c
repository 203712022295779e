#include "workdays.h"

#include <string.h>

#include "validate.h"

/* Days from civil date, after Howard Hinnant's public-domain algorithm (eras of 400 years). */
static wd_day from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (wd_day)(era * 146097 + doe - 719468);
}

static void to_civil(wd_day z, int *y, int *m, int *d)
{
    long zz = (long)z + 719468;
    long era = (zz >= 0 ? zz : zz - 146096) / 146097;
    long doe = zz - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int wd_parse(const char *ymd, wd_day *out)
{
    int y, m, d;
    if (ymd == NULL || parse_date(ymd, &y, &m, &d) != 0)
        return -1;
    *out = from_civil(y, m, d);
    return 0;
}

void wd_format(wd_day day, char out[11])
{
    int y, m, d;
    to_civil(day, &y, &m, &d);
    /* By hand: years outside 0–9999 never occur, and the compiler cannot know that. */
    unsigned v[3] = {(unsigned)(y < 0 ? 0 : y % 10000), (unsigned)m, (unsigned)d};
    out[0] = (char)('0' + v[0] / 1000);
    out[1] = (char)('0' + v[0] / 100 % 10);
    out[2] = (char)('0' + v[0] / 10 % 10);
    out[3] = (char)('0' + v[0] % 10);
    out[4] = '-';
    out[5] = (char)('0' + v[1] / 10);
    out[6] = (char)('0' + v[1] % 10);
    out[7] = '-';
    out[8] = (char)('0' + v[2] / 10);
    out[9] = (char)('0' + v[2] % 10);
    out[10] = '\0';
}

int wd_year(wd_day day)
{
    int y, m, d;
    to_civil(day, &y, &m, &d);
    return y;
}

int wd_weekday(wd_day day)
{
    /* 1970-01-01 was a Thursday (3 counting from Monday = 0). */
    long w = ((long)day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

void wd_init(wd_calendar *c, int first_year, int nyears)
{
    memset(c, 0, sizeof *c);
    c->first_year = first_year;
    c->nyears = nyears < 0 ? 0 : nyears > WD_MAX_YEARS ? WD_MAX_YEARS : nyears;
}

void wd_mark_complete(wd_calendar *c, int year)
{
    int i = year - c->first_year;
    if (i >= 0 && i < c->nyears)
        c->loaded[i] = 1;
}

/* Index of the first listed day ≥ d. */
static size_t lower_bound(const wd_calendar *c, wd_day d)
{
    size_t lo = 0, hi = c->noff;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->off[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int wd_add_off(wd_calendar *c, wd_day d)
{
    size_t at = lower_bound(c, d);
    if (at < c->noff && c->off[at] == d)
        return 0;
    if (c->noff == WD_MAX_DAYS)
        return -1;
    memmove(&c->off[at + 1], &c->off[at], (c->noff - at) * sizeof c->off[0]);
    c->off[at] = d;
    c->noff++;
    return 0;
}

int wd_is_working(const wd_calendar *c, wd_day d)
{
    if (wd_weekday(d) >= 5)
        return 0;
    size_t at = lower_bound(c, d);
    return !(at < c->noff && c->off[at] == d);
}

static int year_complete(const wd_calendar *c, int year)
{
    int i = year - c->first_year;
    return i >= 0 && i < c->nyears && c->loaded[i];
}

/* Whether every year of [a, b] is complete. */
static int span_complete(const wd_calendar *c, wd_day a, wd_day b)
{
    for (int y = wd_year(a), last = wd_year(b); y <= last; y++) {
        if (!year_complete(c, y))
            return 0;
    }
    return 1;
}

wd_day wd_add(const wd_calendar *c, wd_day from, int n, int *complete)
{
    wd_day d = from;
    for (int counted = 0; counted < n;) {
        d++;
        counted += wd_is_working(c, d);
    }
    if (complete)
        *complete = span_complete(c, from + (n > 0), d);
    return d;
}

long wd_between(const wd_calendar *c, wd_day from, wd_day to, int *complete)
{
    int sign = 1;
    if (to < from) {
        wd_day t = from;
        from = to;
        to = t;
        sign = -1;
    }
    long n = 0;
    for (wd_day d = from + 1; d <= to; d++)
        n += wd_is_working(c, d);
    if (complete)
        *complete = to == from || span_complete(c, from + 1, to);
    return sign * n;
}
