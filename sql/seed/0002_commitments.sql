-- Demo integrity commitments (DOMAIN.md §2, issue 9), for a development database only.
-- Loaded after sql/seed/0001_units.sql, in one transaction opened by the caller. Plain SQL only.
--
-- Provenance
--   * The city-wide declaration (pencanangan ZI) of 15 November 2023 at the Ballroom Ayola Hotel
--     Sunrise, before the heads of offices, sub-districts, schools and puskesmas (DOMAIN.md §1 and
--     the commitments issue). Signed by the mayor: Ika Puspitasari was Wali Kota Mojokerto then.
--     The charter's document number is not public: NULL.
--   * The 7S service standard (Senyum, Salam, Sapa, Semangat, Sopan, Santun, Solutif) as the city
--     pledge, and DPMPTSP's own adoption of it at its socialisation of 1 September 2025. The city's
--     own adoption date is not public: the same date is used and says so in document_ref.
--   * Integrity pact signatures: made up, for the sample unit SAMPLE-SD-1 only (its staff count of
--     24 is made up too): names prefixed "[Contoh] ", NIPs structurally valid but invented.

INSERT INTO declarations (unit_id, year, declared_on, place, signer_name, signer_position, witnesses, document_ref, note)
VALUES (NULL, 2023, '2023-11-15', 'Ballroom Ayola Hotel Sunrise, Kota Mojokerto', 'Ika Puspitasari',
        'Wali Kota Mojokerto',
        '["Kepala perangkat daerah", "Camat", "Kepala sekolah", "Kepala puskesmas"]'::jsonb, NULL,
        'Pencanangan Zona Integritas tingkat Kota Mojokerto.');

INSERT INTO service_pledges (unit_id, name, principles, adopted_on, document_ref, active)
VALUES (NULL, '7S', '["Senyum", "Salam", "Sapa", "Semangat", "Sopan", "Santun", "Solutif"]'::jsonb, '2025-09-01',
        'tanggal adopsi tingkat kota tidak dipublikasikan; tanggal sosialisasi DPMPTSP dipakai', true);

INSERT INTO service_pledges (unit_id, name, principles, adopted_on, document_ref, based_on_id, active)
SELECT u.id, '7S', p.principles, '2025-09-01', NULL, p.id, true
  FROM units u, service_pledges p
 WHERE u.code = 'DPMPTSP' AND p.unit_id IS NULL AND p.name = '7S';

UPDATE units SET staff_count = 24 WHERE code = 'SAMPLE-SD-1';

INSERT INTO pact_signatures (unit_id, year, nip, name, position, signed_on, witness_name, witness_position, trigger)
SELECT u.id, 2026, s.nip, s.name, s.position, DATE '2026-01-05', '[Contoh] Kepala Sekolah', 'Kepala Sekolah',
       'annual'
  FROM units u,
       (VALUES ('198001012005011001', '[Contoh] Guru Kelas 1', 'Guru Kelas'),
               ('198203152008012002', '[Contoh] Guru Kelas 2', 'Guru Kelas'),
               ('199005202015031003', '[Contoh] Guru Olahraga', 'Guru Pendidikan Jasmani'),
               ('197812102003121004', '[Contoh] Operator Sekolah', 'Pengadministrasi'),
               (NULL, '[Contoh] Penjaga Sekolah', 'Penjaga Sekolah (non-ASN)'),
               (NULL, '[Contoh] Tenaga Kebersihan', 'Tenaga Kebersihan (non-ASN)')) AS s(nip, name, position)
 WHERE u.code = 'SAMPLE-SD-1';
