#include "lke.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const struct lke_area_info lke_areas[LKE_AREAS] = {
    [LKE_CHANGE_MANAGEMENT] = {"change_management", 800},
    [LKE_BUSINESS_PROCESS] = {"business_process", 700},
    [LKE_HR_MANAGEMENT] = {"hr_management", 1000},
    [LKE_PERFORMANCE_ACCOUNTABILITY] = {"performance_accountability", 1000},
    [LKE_SUPERVISION] = {"supervision", 1500},
    [LKE_PUBLIC_SERVICE] = {"public_service", 1000},
};

/* Survey index (hundredths, 1–4) to points (hundredths) of a weight, rounded half up. */
static long survey_points(long survey, long weight)
{
    return (survey * weight + LKE_SURVEY_MAX / 2) / LKE_SURVEY_MAX;
}

static void check(lke_check *c, size_t *n, const char *rule, long required, long actual)
{
    lke_check *k = &c[(*n)++];
    snprintf(k->rule, sizeof k->rule, "%s", rule);
    k->required = required;
    k->actual = actual;
    k->met = actual >= required;
}

int lke_compute(const lke_sheet *s, const lke_thresholds *t, lke_totals *out, lke_check checks[LKE_MAX_CHECKS],
                size_t *nchecks)
{
    memset(out, 0, sizeof *out);
    for (int a = 0; a < LKE_AREAS; a++) {
        out->area[a] = s->fulfilment[a] + s->reform[a];
        out->enablers += out->area[a];
    }
    out->ipak = survey_points(s->ipak_survey, LKE_IPAK_WEIGHT);
    out->ipkp = survey_points(s->ipkp_survey, LKE_IPKP_WEIGHT);
    out->results = out->ipak + s->performance + out->ipkp;
    out->total = out->enablers + out->results;

    size_t n = 0;
    check(checks, &n, "total_min", t->total_min, out->total);
    check(checks, &n, "enablers_min", t->enablers_min, out->enablers);
    for (int a = 0; a < LKE_AREAS; a++) {
        char rule[48];
        snprintf(rule, sizeof rule, "area_min_pct.%s", lke_areas[a].name);
        /* The area's minimum in points: a share of its weight, rounded up (a minimum is never
         * lowered by rounding). */
        check(checks, &n, rule, (lke_areas[a].weight * t->area_min_pct + 99) / 100, out->area[a]);
    }
    check(checks, &n, "ipak_min", t->ipak_min, out->ipak);
    check(checks, &n, "ipak_survey_min", t->ipak_survey_min, s->ipak_survey);
    check(checks, &n, "performance_min", t->performance_min, s->performance);
    check(checks, &n, "ipkp_min", t->ipkp_min, out->ipkp);
    check(checks, &n, "ipkp_survey_min", t->ipkp_survey_min, s->ipkp_survey);
    check(checks, &n, "ipak_performance_min", t->ipak_performance_min, out->ipak + s->performance);
    *nchecks = n;
    int all = 1;
    for (size_t i = 0; i < n; i++)
        all &= checks[i].met;
    return all;
}

int lke_centi(const json_t *v, long *out)
{
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        if (x > 1000000 || x < -1000000)
            return -1;
        *out = (long)x * 100;
        return 0;
    }
    if (!json_is_real(v))
        return -1;
    double x = json_real_value(v) * 100.0;
    double r = round(x);
    if (fabs(x - r) > 1e-6 || fabs(r) > 1e8)
        return -1;
    *out = (long)r;
    return 0;
}
