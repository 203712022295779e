#ifndef ZI_LKE_H
#define ZI_LKE_H
/*
 * The evaluation worksheet (LKE) of PermenPAN-RB 90/2021 (DOMAIN §4): six enabler areas, each
 * scored in points for fulfilment and reform (half the area's weight each), and the results —
 * IPAK and IPKP from survey indices on 1–4, performance in points. Totals are computed here and
 * compared with a threshold row (data: the figures may change by date). All numbers are in
 * hundredths (centi-points) so that nothing is rounded twice. Pure, thread-safe.
 */
#include <jansson.h>
#include <stddef.h>

typedef enum {
    LKE_CHANGE_MANAGEMENT,
    LKE_BUSINESS_PROCESS,
    LKE_HR_MANAGEMENT,
    LKE_PERFORMANCE_ACCOUNTABILITY,
    LKE_SUPERVISION,
    LKE_PUBLIC_SERVICE,
    LKE_AREAS
} lke_area;

/* Name and weight (hundredths of a point) of each area; the weights sum to 6000. */
extern const struct lke_area_info {
    const char *name;
    long weight;
} lke_areas[LKE_AREAS];

#define LKE_IPAK_WEIGHT 1750
#define LKE_IPKP_WEIGHT 1750
#define LKE_PERFORMANCE_WEIGHT 500
#define LKE_SURVEY_MIN 100
#define LKE_SURVEY_MAX 400

typedef struct {
    long fulfilment[LKE_AREAS], reform[LKE_AREAS];
    long ipak_survey, ipkp_survey, performance;
} lke_sheet;

typedef struct {
    long total_min, enablers_min, area_min_pct, ipak_min, ipak_survey_min, performance_min, ipkp_min,
        ipkp_survey_min, ipak_performance_min;
} lke_thresholds;

typedef struct {
    long area[LKE_AREAS], enablers, ipak, ipkp, results, total;
} lke_totals;

enum { LKE_MAX_CHECKS = 16 };
typedef struct {
    char rule[48];
    long required, actual;
    int met;
} lke_check;

/* Totals of a sheet and its checks against t; returns 1 when every check is met. */
int lke_compute(const lke_sheet *s, const lke_thresholds *t, lke_totals *out, lke_check checks[LKE_MAX_CHECKS],
                size_t *nchecks);

/* A JSON number with at most two decimals as hundredths: 0, or -1 when v is not a number
 * or has more decimals. */
int lke_centi(const json_t *v, long *out);

#endif
