/*
 * test_service.c — health, ready, metrics, openapi; and the coverage check: every operation
 * of the contract the server serves has its libzi function (the table below), so a new
 * operation in openapi/openapi.yaml fails this test until the SDK grows with it.
 */
#include "harness.h"

#include <string.h>

/* operationId → the libzi function that performs it. Keep in step with sdk/README.md. */
static const struct {
    const char *operation_id;
    const char *function;
} sdk_operations[] = {
    {"health", "zi_health"},
    {"ready", "zi_ready"},
    {"metrics", "zi_metrics"},
    {"openapi", "zi_openapi"},
    {"docs", "zi_docs"},
    {"listUnits", "zi_units_list"},
    {"createUnit", "zi_units_create"},
    {"getUnit", "zi_units_get"},
    {"getUnitByCode", "zi_units_get_by_code"},
    {"updateUnit", "zi_units_update"},
    {"archiveUnit", "zi_units_archive"},
    {"listUnitPredicateHistory", "zi_units_predicate_history"},
    {"createApiKey", "zi_keys_create"},
    {"listApiKeys", "zi_keys_list"},
    {"getApiKey", "zi_keys_get"},
    {"revokeApiKey", "zi_keys_revoke"},
    {"listAudit", "zi_audit_list"},
    {"verifyAudit", "zi_audit_verify"},
    {"getAuditHead", "zi_audit_head"},
    {"listEvents", "zi_events_list"},
    {"listDeclarations", "zi_declarations_list"},
    {"createDeclaration", "zi_declarations_create"},
    {"getDeclaration", "zi_declarations_get"},
    {"updateDeclaration", "zi_declarations_update"},
    {"listPactSignatures", "zi_pacts_list"},
    {"signPact", "zi_pacts_sign"},
    {"getPactSignature", "zi_pacts_get"},
    {"importPactSignatures", "zi_pacts_import_csv, zi_pacts_import_json"},
    {"getPactCoverage", "zi_pacts_coverage"},
    {"getCityPactCoverage", "zi_pacts_city_coverage"},
    {"listCityPledges", "zi_pledges_list_city"},
    {"createCityPledge", "zi_pledges_create_city"},
    {"getServicePledge", "zi_pledges_get"},
    {"deactivateServicePledge", "zi_pledges_deactivate"},
    {"listUnitPledges", "zi_pledges_list_unit"},
    {"createUnitPledge", "zi_pledges_create_unit"},
    {"revokeUnitPredicate", "zi_units_revoke"},
    {"listProgrammeYears", "zi_programme_years_list"},
    {"getProgrammeYear", "zi_programme_years_get"},
    {"putProgrammeYear", "zi_programme_years_put"},
    {"listLkeThresholds", "zi_thresholds_list"},
    {"createLkeThreshold", "zi_thresholds_create"},
    {"getLkeThreshold", "zi_thresholds_get"},
    {"updateLkeThreshold", "zi_thresholds_update"},
    {"listProposals", "zi_proposals_list"},
    {"createProposal", "zi_proposals_create"},
    {"getProposal", "zi_proposals_get"},
    {"transitionProposal", "zi_proposals_transition"},
    {"listProposalTransitions", "zi_proposals_transitions"},
    {"putScoreSheet", "zi_proposals_score_put"},
    {"getScoreSheet", "zi_proposals_score_get"},
    {"listScoreSheetVersions", "zi_proposals_score_history"},
    {"getSummary", "zi_summary"},
    {"getPublicSummary", "zi_public_summary"},
    {"listPublicUnits", "zi_public_units"},
    {"listCalendarYears", "zi_calendar_list"},
    {"getCalendarYear", "zi_calendar_get"},
    {"putCalendarYear", "zi_calendar_put"},
    {"addWorkingDays", "zi_working_days_add"},
    {"listGratificationRuleSets", "zi_rule_sets_list"},
    {"getGratificationRuleSet", "zi_rule_sets_get"},
    {"assessGratification", "zi_reports_assess"},
    {"createGratificationReport", "zi_reports_create"},
    {"listGratificationReports", "zi_reports_list, zi_reports_list_csv"},
    {"getGratificationReport", "zi_reports_get"},
    {"updateGratificationReport", "zi_reports_update"},
    {"transitionGratificationReport", "zi_reports_transition"},
    {"listGratificationReportTransitions", "zi_reports_transitions"},
    {"listGratificationReportAccesses", "zi_reports_accesses"},
    {"exportGratificationReports", "zi_reports_export_csv, zi_reports_export_csv_stream"},
    {"addGratificationEvidence", "zi_reports_evidence_add"},
    {"listGratificationEvidence", "zi_reports_evidence_list"},
    {"getGratificationEvidence", "zi_reports_evidence_get"},
    {"getGratificationPacket", "zi_reports_packet, zi_reports_packet_csv"},
    {"getUnitGratificationSummary", "zi_units_gratification_summary"},
    {"listRetentionPolicies", "zi_retention_policies_list"},
    {"updateRetentionPolicy", "zi_retention_policy_update"},
    {"runRetention", "zi_retention_run"},
    {"createWebhook", "zi_webhooks_create"},
    {"listWebhooks", "zi_webhooks_list"},
    {"getWebhook", "zi_webhooks_get"},
    {"updateWebhook", "zi_webhooks_update"},
    {"deleteWebhook", "zi_webhooks_delete"},
    {"pingWebhook", "zi_webhooks_ping"},
    {"listWebhookDeliveries", "zi_webhook_deliveries_list"},
    {"getWebhookDelivery", "zi_webhook_deliveries_get"},
    {"redeliverWebhookDelivery", "zi_webhook_deliveries_redeliver"},
};

#define N_SDK_OPS (sizeof sdk_operations / sizeof sdk_operations[0])

START_TEST(test_health_and_ready)
{
    zi_client *c = th_client_reader();
    json_t *v = NULL;

    th_assert_status(c, zi_health(c, &v), ZI_OK);
    ck_assert_str_eq(json_string_value(json_object_get(v, "status")), "ok");
    json_decref(v);
    th_assert_status(c, zi_ready(c, &v), ZI_OK);
    ck_assert_str_eq(json_string_value(json_object_get(v, "status")), "ready");
    ck_assert_str_eq(json_string_value(json_object_get(v, "database")), "ok");
    ck_assert_str_eq(json_string_value(json_object_get(v, "migrations")), "current");
    json_decref(v);
    zi_client_free(c);
}
END_TEST

START_TEST(test_metrics_text)
{
    zi_client *c = th_client_reader();
    json_t *text = NULL;

    th_assert_status(c, zi_metrics(c, &text), ZI_OK);
    ck_assert(json_is_string(text));
    ck_assert_ptr_nonnull(strstr(json_string_value(text), "# TYPE "));
    ck_assert_ptr_nonnull(strstr(json_string_value(text), "zi_http_requests_total"));
    json_decref(text);
    zi_client_free(c);
}
END_TEST

START_TEST(test_docs_page)
{
    zi_client *c = th_client_reader();
    json_t *html = NULL;
    const char *text;

    th_assert_status(c, zi_docs(c, &html), ZI_OK);
    ck_assert(json_is_string(html));
    text = json_string_value(html);
    ck_assert_msg(strstr(text, "<html") != NULL || strstr(text, "<!DOCTYPE") != NULL ||
                      strstr(text, "<!doctype") != NULL,
                  "not HTML: %.200s", text);
    ck_assert_ptr_nonnull(strstr(text, "listUnits")); /* operations are on the page */
    json_decref(html);
    zi_client_free(c);
}
END_TEST

START_TEST(test_openapi_every_operation_has_an_sdk_function)
{
    zi_client *c = th_client_reader();
    json_t *doc = NULL;
    const char *path;
    json_t *item;
    size_t seen = 0;
    size_t i;

    th_assert_status(c, zi_openapi(c, &doc), ZI_OK);
    ck_assert_int_eq(strncmp(json_string_value(json_object_get(doc, "openapi")), "3.1.", 4), 0);
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op) {
            const char *id = json_string_value(json_object_get(op, "operationId"));
            int found = 0;
            if (!id)
                continue; /* "parameters" and other non-operation members */
            for (i = 0; i < N_SDK_OPS; i++)
                if (strcmp(sdk_operations[i].operation_id, id) == 0)
                    found = 1;
            ck_assert_msg(found, "operation %s (%s %s) has no libzi function", id, method, path);
            seen++;
        }
    }
    /* And nothing in the table is stale. */
    ck_assert_uint_eq(seen, N_SDK_OPS);
    json_decref(doc);
    zi_client_free(c);
}
END_TEST

Suite *service_suite(void)
{
    Suite *s = suite_create("service");
    TCase *tc = tcase_create("service");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_health_and_ready);
    tcase_add_test(tc, test_metrics_text);
    tcase_add_test(tc, test_docs_page);
    tcase_add_test(tc, test_openapi_every_operation_has_an_sdk_function);
    suite_add_tcase(s, tc);
    return s;
}
