-- Demo gratification reports (DOMAIN.md §3, issue 11), for a development database only. Loaded
-- after 0001_units.sql, in one transaction opened by the caller.
--
-- Provenance: none of these is a real report. Reporters, givers and numbers are invented and
-- every row is marked `sample`. They show the shapes the UPG meets: the Rp2,000 parking
-- refusal the city's own materials use as the example ("it is not about how many rupiah"), a
-- cash "thank you" refused at the civil registry, a perishable Lebaran parcel given away as
-- social aid, a vendor's cash forwarded to KPK (received 17 March 2026, the Lebaran run), a
-- receipt from November 2025 still being verified (overdue), and one returned as incomplete.
-- Due dates are computed by zi-server from the calendar (rows start with due_stale).

CREATE TEMP TABLE demo_reports (code text, type text, state text, nik text, nip text, name text, position text,
                                giver text, relationship text, kind text, description text, value bigint,
                                received date, place text, occasion text, chronology text, job boolean,
                                perishable boolean, reported date, returned date, gol text, forwarded date,
                                closed date) ON COMMIT DROP;
INSERT INTO demo_reports VALUES
    ('MPP-GAJAHMADA', 'refusal', 'recorded', '3576010101900001', NULL, 'Contoh Pelapor Satu', 'Petugas parkir (tenaga kontrak)',
     'Pengguna layanan MPP', 'service_user', 'money', 'Uang tip parkir', 2000, '2025-06-10', 'Halaman parkir MPP Gajah Mada',
     'service', 'Seorang pengunjung menyodorkan Rp2.000 sebagai "uang parkir" tambahan. Saya tolak dan jelaskan bahwa layanan parkir gratis.',
     true, false, '2025-06-10', NULL, NULL, NULL, '2025-06-16'),
    ('DISPENDUKCAPIL', 'refusal', 'submitted', '3576014202880002', '198802122014032003', 'Contoh Pelapor Dua', 'Operator loket KTP-el',
     'Pemohon KTP-el', 'service_user', 'money', 'Uang "terima kasih" dalam amplop', 50000, '2026-11-30', 'Loket Dispendukcapil',
     'service', 'Setelah KTP-el selesai, pemohon meninggalkan amplop berisi Rp50.000. Saya kembalikan di tempat disaksikan rekan.',
     true, false, '2026-12-01', NULL, NULL, NULL, NULL),
    ('RSUD-WAHIDIN', 'receipt', 'social_aid', '3576015507850003', '198507152009022002', 'Contoh Pelapor Tiga', 'Kepala ruang rawat inap',
     'Keluarga pasien', 'other', 'food', 'Parsel Lebaran berisi kue dan buah', 750000, '2026-03-16', 'Ruang rawat inap RSUD',
     'religious', 'Parsel diantar ke ruangan tanpa sepengetahuan saya, pengirim tidak dapat dihubungi. Isinya mudah rusak; diserahkan ke UPG.',
     true, true, '2026-03-25', NULL, NULL, NULL, '2026-03-27'),
    ('DPMPTSP', 'receipt', 'forwarded', '3576012003800004', '198003202006041001', 'Contoh Pelapor Empat', 'Analis perizinan',
     'CV Contoh Rekanan', 'vendor', 'money', 'Uang tunai dalam amplop', 1500000, '2026-03-17', 'Kantor DPMPTSP',
     'service', 'Amplop ditinggalkan di meja setelah izin usaha terbit. Diserahkan ke UPG dengan tanda terima.',
     true, false, '2026-03-26', NULL, 'GOL-2026-000123', '2026-04-06', NULL),
    ('PKM-WATES', 'receipt', 'verifying', '3576016610920005', NULL, 'Contoh Pelapor Lima', 'Bidan (tenaga kontrak)',
     'Keluarga pasien', 'service_user', 'goods', 'Kain batik', 400000, '2025-11-03', 'Ruang KIA Puskesmas Wates',
     'service', 'Kain batik diberikan sesudah persalinan dan tidak dapat ditolak karena pemberi langsung pergi.',
     true, false, '2025-11-10', NULL, NULL, NULL, NULL),
    ('DISHUB', 'receipt', 'incomplete', '3576010805870006', '198705082011011002', 'Contoh Pelapor Enam', 'Penguji kendaraan bermotor',
     'Pemilik armada angkutan', 'service_user', 'other', 'Voucher belanja', 300000, '2026-11-16', 'Kantor UPT Pengujian Kendaraan',
     'service', 'Voucher diselipkan di map dokumen uji KIR.',
     true, false, '2026-11-20', '2026-11-25', NULL, NULL, NULL);

INSERT INTO gratification_reports (unit_id, type, state, reporter_nik, reporter_nip, reporter_name, reporter_address,
                                   reporter_phone, reporter_position, giver_name, giver_relationship, kind,
                                   description, value_idr, received_on, place, occasion, chronology, job_related,
                                   perishable, reported_on, returned_on, gol_reference, forwarded_on, closed_on, sample)
SELECT u.id, d.type, d.state, d.nik, d.nip, d.name, 'Alamat contoh, Kota Mojokerto', '0812-0000-000' || right(d.nik, 1),
       d.position, d.giver, d.relationship, d.kind, d.description, d.value, d.received, d.place, d.occasion,
       d.chronology, d.job, d.perishable, d.reported, d.returned, d.gol, d.forwarded, d.closed, true
  FROM demo_reports d JOIN units u ON u.code = d.code;

-- The workflow log of each, as the UPG would have left it.
INSERT INTO gratification_report_transitions (report_id, from_state, to_state, occurred_on, note)
SELECT g.id, s.from_state, s.to_state, s.occurred_on, s.note
  FROM gratification_reports g
  CROSS JOIN LATERAL (VALUES
      ('draft', 'submitted', g.reported_on, NULL::text, 1),
      ('submitted', 'verifying', g.reported_on, NULL, 2),
      ('verifying', 'incomplete', g.returned_on, 'Foto voucher dan tanda terima penyerahan belum dilampirkan.', 3),
      ('verifying', 'forwarded', g.forwarded_on, 'Disampaikan melalui GOL KPK.', 3),
      ('verifying', 'recorded', g.closed_on, 'Penolakan dicatat; masuk rekap ke KPK.', 3),
      ('verifying', 'social_aid', g.closed_on, 'Makanan mudah rusak disalurkan ke panti asuhan; rekap dikirim ke KPK.', 3)
  ) AS s(from_state, to_state, occurred_on, note, step)
 WHERE g.sample AND s.occurred_on IS NOT NULL
   AND (s.step = 1
        OR (s.step = 2 AND g.state <> 'submitted')
        OR (s.step = 3 AND s.to_state = g.state));
