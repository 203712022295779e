-- Demo proposals (DOMAIN.md §1 and §4, issue 10), for a development database only. Loaded after
-- 0001_units.sql and 0002_commitments.sql, in one transaction opened by the caller.
--
-- Provenance
--   * In 2023 the city proposed UPT Puskesmas Mentikan, Kedundung and Blooto for WBK ("if all three
--     pass, seven" holders with the four of DOMAIN §1). They are recorded here as three WBK
--     proposals for 2023 in the TPI review, so that a walk through the API can score, submit,
--     evaluate and award them.
--   * Not public in our sources, and assumed for the demo (said so in `source`): the 2023 city
--     conditions (BPK opinion WTP, SAKIP grade B, RB index grade CC), the 2023 submission window
--     (the whole year), and the three puskesmas' designation date (10 January 2022; the decree
--     number is left empty rather than invented).
--   * The LKE threshold rows are reference data of migration 0004, not demo data.

INSERT INTO programme_years (year, bpk_opinion, sakip_grade, rb_index_grade, submission_opens, submission_closes,
                             source, note)
VALUES (2023, 'WTP', 'B', 'CC', '2023-01-01', '2023-12-31',
        'assumed for the demo: the 2023 figures and window are not in our public sources',
        'Tiga puskesmas diusulkan WBK tahun ini.');

UPDATE units SET designated_on = '2022-01-10' WHERE code IN ('PKM-MENTIKAN', 'PKM-KEDUNDUNG', 'PKM-BLOOTO');

INSERT INTO proposals (unit_id, year, target, state, note)
SELECT id, 2023, 'wbk', 'tpi_review', 'Diusulkan WBK 2023 (data contoh: tahapan sebelum reviu TPI tidak tercatat).'
  FROM units WHERE code IN ('PKM-MENTIKAN', 'PKM-KEDUNDUNG', 'PKM-BLOOTO');
