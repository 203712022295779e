#ifndef ZI_WORKDAYS_H
#define ZI_WORKDAYS_H
/*
 * Indonesian government working days (DOMAIN §5): Monday to Friday, minus the national
 * holidays and cuti bersama of each year, which are data (the calendar tables), never code.
 * Counting rule, the same everywhere: day 1 is the first working day AFTER the start date.
 * A year the calendar does not hold, or holds as incomplete, still has its weekends skipped
 * but every result touching it says so (complete = 0) — holidays are never silently assumed
 * to be working days. Pure (no I/O); a calendar is read-only once built, so thread-safe.
 */
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (proleptic Gregorian); negative before. */
typedef int32_t wd_day;

/* Parses YYYY-MM-DD (a real date); 0 on success. */
int wd_parse(const char *ymd, wd_day *out);
/* Writes YYYY-MM-DD into out. */
void wd_format(wd_day d, char out[11]);
/* The year of a day. */
int wd_year(wd_day d);
/* 0 Monday … 6 Sunday. */
int wd_weekday(wd_day d);

#define WD_MAX_YEARS 16
#define WD_MAX_DAYS 1024

/* A working-day calendar over a window of years. */
typedef struct {
    int first_year;               /* years [first_year, first_year + nyears) are described */
    int nyears;
    unsigned char loaded[WD_MAX_YEARS]; /* 1: the year has a calendar row marked complete */
    wd_day off[WD_MAX_DAYS];      /* holidays and cuti bersama of loaded years, sorted, unique */
    size_t noff;
} wd_calendar;

/* An empty calendar for years [first_year, first_year + nyears) (nyears ≤ WD_MAX_YEARS). */
void wd_init(wd_calendar *c, int first_year, int nyears);
/* Marks a year complete (it has a calendar row with complete = true). */
void wd_mark_complete(wd_calendar *c, int year);
/* Adds a non-working day (kept sorted). 0 on success, -1 when full. */
int wd_add_off(wd_calendar *c, wd_day d);

/* 1 when d is a working day as far as the calendar knows (weekends and listed days are not). */
int wd_is_working(const wd_calendar *c, wd_day d);

/* The n-th working day after `from` (n ≥ 1). *complete is set to 0 when any year from `from`
 * to the result is not complete in c (outside the window counts as not complete). */
wd_day wd_add(const wd_calendar *c, wd_day from, int n, int *complete);

/* Working days in (from, to] — positive when to > from, negative (minus those in (to, from])
 * when to < from, 0 when equal. *complete as for wd_add over the days counted. */
long wd_between(const wd_calendar *c, wd_day from, wd_day to, int *complete);

#endif
