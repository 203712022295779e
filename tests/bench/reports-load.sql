-- The 1,000,000-report data set of `make bench` (tests/bench/reports.sh), loaded in one
-- INSERT ... SELECT from generate_series: run by psql -v n=COUNT in a database that is
-- migrated and holds the demo units, in one transaction (--single-transaction).
--
-- Why session_replication_role = replica: it turns off every ordinary trigger in this session
-- only, above all the journal's (a million audit records would take far longer than the rows
-- and are not what the list measures). It also turns off what the triggers would have done
-- for us, so this file does it itself, within the table's CHECKs (0005_gratification.sql):
--   - gratification_reports_derive: rule_set_id is the rule set in force on received_on
--     (kpk-2026 from 2026-01-20), high_value is value_idr >= that set's high_value_idr;
--   - the foreign keys (triggers too): unit_id and rule_set_id are taken from their tables;
--   - next_due (zi-server computes it from the working-day calendar): approximated here as
--     14 calendar days (about 10 working days) after the step that started the running
--     deadline, due_stale false, so that no list request starts by recomputing a million
--     due dates. The figures are plausible, not what the server would compute to the day;
--     the queue's shape (a few old overdue reports, the recent ones due soon) is what matters.
--
-- The shape: created_at spread evenly from 2020-01-01 to 2026-11-30 (one report every ~3.7
-- minutes at 1,000,000), over all units round-robin; the older 97 % closed (recorded,
-- social_aid, returned_to_giver, decided, handed_over, lapsed), except one in 997 left open
-- (the forgotten ones that top the UPG's queue); the newest 3 % open (submitted, verifying,
-- incomplete, forwarded), one in 50 of them a draft. Values 0..20,000,000 IDR (about half
-- high-value), every reporter identity complete, half with a NIP.
SET session_replication_role = replica;
SET maintenance_work_mem = '256MB';

SELECT id AS rs2019, high_value_idr AS hv2019 FROM gratification_rule_sets WHERE code = 'kpk-2019' \gset
SELECT id AS rs2026, high_value_idr AS hv2026, effective_from AS from2026 FROM gratification_rule_sets
 WHERE code = 'kpk-2026' \gset

INSERT INTO gratification_reports (
    unit_id, type, state, reporter_nik, reporter_nip, reporter_name, reporter_address, reporter_phone,
    reporter_position, giver_name, giver_address, giver_relationship, kind, description, value_idr,
    received_on, place, occasion, chronology, job_related, perishable, found_by_audit, rule_set_id,
    high_value, reported_on, late, returned_on, gol_reference, forwarded_on, kpk_letter_number,
    kpk_letter_date, outcome, closed_on, next_due, due_stale, sample, created_at, updated_at)
SELECT u.ids[1 + s.i % cardinality(u.ids)],
       CASE WHEN s.i % 3 = 0 THEN 'refusal' ELSE 'receipt' END,
       st.state,
       (3576010000000000 + s.i)::text,
       CASE WHEN s.i % 2 = 0 THEN (198001012000000000 + s.i)::text END,
       'Pelapor Bench ' || s.i,
       'Alamat bench ' || s.i || ', Kota Mojokerto',
       '0812-' || lpad((s.i % 10000000)::text, 7, '0'),
       'Staf pelaksana',
       'Pemberi ' || (s.i % 5000),
       CASE WHEN s.i % 4 = 0 THEN 'Jalan Contoh ' || (s.i % 300) END,
       (ARRAY['family', 'colleague', 'service_user', 'vendor', 'other_official', 'other'])[1 + s.i % 6],
       (ARRAY['money', 'goods', 'service', 'facility', 'discount', 'loan', 'ticket', 'lodging', 'food',
              'other'])[1 + s.i % 10],
       'Pemberian bench nomor ' || s.i,
       d.value,
       d.received,
       'Kantor unit ' || (s.i % cardinality(u.ids)),
       (ARRAY['wedding', 'birth', 'religious', 'farewell', 'birthday', 'seminar', 'promotion', 'public_prize',
              'honorarium', 'flowers', 'shared_food', 'to_institution', 'service', 'other'])[1 + s.i % 14],
       'Kronologi bench: pemberian diterima di kantor sesudah layanan selesai, pemberi tidak dapat '
           || 'dihubungi kembali, dan barang diserahkan kepada UPG untuk ditindaklanjuti. Nomor ' || s.i || '.',
       s.i % 2 = 0,
       s.i % 9 = 0,
       false,
       CASE WHEN d.received >= :'from2026'::date THEN :'rs2026'::uuid ELSE :'rs2019'::uuid END,
       d.value >= CASE WHEN d.received >= :'from2026'::date THEN :hv2026 ELSE :hv2019 END,
       CASE WHEN st.state <> 'draft' THEN d.created::date END,
       false,
       CASE WHEN st.state = 'incomplete' THEN d.created::date + 3 END,
       CASE WHEN st.state IN ('forwarded', 'decided', 'handed_over') THEN 'GOL-BENCH-' || s.i END,
       CASE WHEN st.state IN ('forwarded', 'decided', 'handed_over') THEN d.created::date + 5 END,
       CASE WHEN st.state IN ('decided', 'handed_over') THEN 'KPK/BENCH/' || s.i END,
       CASE WHEN st.state IN ('decided', 'handed_over') THEN d.created::date + 30 END,
       CASE WHEN st.state IN ('decided', 'handed_over') THEN
           (ARRAY['state_property', 'state_property_compensated', 'recipient_property', 'not_followed_up'])[1 + s.i % 4]
       END,
       CASE WHEN NOT st.open THEN d.created::date + 40 END,
       CASE st.state WHEN 'draft' THEN NULL
                     WHEN 'incomplete' THEN d.created::date + 17
                     WHEN 'forwarded' THEN d.created::date + 35
                     ELSE CASE WHEN st.open THEN d.created::date + 14 END END,
       false,
       false,
       d.created,
       d.created
  FROM generate_series(1, :n) AS s(i)
 CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids FROM units) AS u
 CROSS JOIN LATERAL (
       SELECT timestamptz '2020-01-01 00:00:00+00'
                  + (timestamptz '2026-11-30 00:00:00+00' - timestamptz '2020-01-01 00:00:00+00') * (s.i::float8 / :n)
                  AS created,
              ((s.i::bigint * 7919) % 20000001) AS value) AS c
 CROSS JOIN LATERAL (SELECT c.created, c.value, c.created::date - (s.i % 7) AS received) AS d
 CROSS JOIN LATERAL (SELECT s.i > :n * 0.97 OR s.i % 997 = 0 AS open) AS o
 CROSS JOIN LATERAL (
       SELECT o.open,
              CASE WHEN o.open AND s.i > :n * 0.97 AND s.i % 50 = 0 THEN 'draft'
                   WHEN o.open THEN (ARRAY['submitted', 'verifying', 'incomplete', 'forwarded'])[1 + s.i % 4]
                   ELSE (ARRAY['recorded', 'social_aid', 'returned_to_giver', 'decided', 'handed_over',
                               'lapsed'])[1 + s.i % 6] END AS state) AS st;
