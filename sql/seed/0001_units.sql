-- Demo units of Kota Mojokerto (DOMAIN.md §1), for a development database only.
--
-- Loaded once, after sql/migrations/0001_units.sql, inside one transaction opened
-- by the caller, e.g.
--     psql -v ON_ERROR_STOP=1 --single-transaction -f sql/seed/0001_units.sql
-- Plain INSERT statements only (no BEGIN/COMMIT, no psql meta-commands).
--
-- Provenance
--   * Real units: every row of the city's units list, mojokerto-units.csv
--     (columns code,name,kind,parent_code,source_url,confidence; 94 units), with its
--     code, name (as published), kind and parent. The public page cited for each
--     unit is that file's source_url column; it is repeated in the comment above
--     each INSERT together with the file's confidence column: "sourced" (the page
--     names the unit) or "inferred" (the list infers the unit rather than citing a
--     page that names it; six SD units).
--   * Sample units: the CSV is thin on some kinds, so the file is topped up to about
--     100 units with made-up units that are unmistakable: name prefixed "[Contoh] "
--     and code prefixed "SAMPLE-". They are not real units and hold no predicate.
--   * address: only the city (and the kecamatan / kelurahan where the unit is one);
--     street addresses are not known. head_name, staff_count, designation_decree
--     and designated_on are NULL for every unit: not known, and no person is invented.
--   * Predicates: written to unit_predicates (history) only; the trigger
--     unit_predicates_sync in the migration sets units.predicate from it.
--
-- parent_id is resolved by code with a subselect; parents are inserted before
-- their children.

-- Perangkat daerah (secretariats, inspectorate, badan, dinas)

-- source: https://kabarterdepan.com/?p=90470 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SETDA', 'Sekretariat Daerah', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://lenterainspiratif.id/tiga-kepala-dinas-di-pemkot-mojokerto-dimutasi-ning-ita-tekankan-inovasi-di-tengah-efisiensi-anggaran/?amp=1&noamp=mobile (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SETWAN', 'Sekretariat DPRD', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://satujurnal.com/2016/06/rachmi-widjajanti-pegang-kendali.html (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('INSPEKTORAT', 'Inspektorat Kota Mojokerto', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://kabarterdepan.com/?p=90470 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('BAPPERIDA', 'Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://kabarterdepan.com/?p=90470 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('BPKPD', 'Badan Pengelolaan Keuangan dan Pendapatan Daerah', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://kabarterdepan.com/?p=90470 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('BAKESBANGPOL', 'Badan Kesatuan Bangsa dan Politik', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://mail.jatimpos.co/jatim/gerbangkertosusila/14738-pj-wali-kota-mojokerto-lakukan-mutasi-dan-pelantikan-pejabat-eselon-ii (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://harianbuana.net/?p=1888 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('BPBD', 'Badan Penanggulangan Bencana Daerah', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DIKBUD', 'Dinas Pendidikan dan Kebudayaan', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://lentera.co/post/item/147967/Pemkot-Mojokerto-Sabet-Penghargaan-Bidang-Kesehatan-Terbanyak-dari-Pemprov-Jatim (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DINKESPPKB', 'Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2025/02/03/dinas-pupr-perakim-kota-mojokerto-tunggu-juknis-dari-pusat-terkait-pelaksanaan-proyek-strategis-2025 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DPUPRPERKIM', 'Dinas Pekerjaan Umum, Penataan Ruang, Perumahan Rakyat dan Kawasan Permukiman', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://transversalmedia.com/2019/01/19/damkar-masuk-naungan-satpol-pp (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SATPOLPP', 'Satuan Polisi Pamong Praja', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/109325/pemkot-mojokerto-gelar-sosialisasi-pengembangan-kelurahan-ramah-perempuan-dan-peduli-anak (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DINSOSP3A', 'Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://wartatransparansi.com/2024/01/23/proses-ruislag-tuntas-tpa-randegan-kota-mojokerto-penuhi-standart-kementrian-lh.html (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DLH', 'Dinas Lingkungan Hidup', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://majalahdetektif.com/masih-ada-warga-belum-rekam-ktp-wali-kota-mojokerto-dorong-warga-tertib-administrasi-kependudukan (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISPENDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://surabayapagi.com/news-250169-balap-karung-dan-makan-krupuk-meriahkan-lomba-kampung-hari-jadi-kota-mojokerto-ke106 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISHUB', 'Dinas Perhubungan', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://mojokerto.disway.id/read/1904/dinas-kominfo-kota-mojokerto-jadi-jujugan-studi-tiru-kabupatenkota-lain (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://www.satujurnal.com/2023/05/wujud-dukung-otoda-pemkot-mojokerto.html (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISKOPUKMPERINDAG', 'Dinas Koperasi, Usaha Kecil Menengah, Perindustrian dan Perdagangan', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://radarmojokerto.jawapos.com/berita-daerah/mojokerto/26/10/2021/mal-pelayanan-publik-bakal-dibuka (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DPMPTSP', 'Dinas Penanaman Modal, Pelayanan Terpadu Satu Pintu dan Tenaga Kerja', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: http://www.harianbuana.com/2022/08/akan-jadi-tuan-rumah-porprov-jatim-2023.html (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISPORAPAR', 'Dinas Pemuda Olahraga dan Pariwisata', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://mail.jatimpos.co/jatim/gerbangkertosusila/14738-pj-wali-kota-mojokerto-lakukan-mutasi-dan-pelantikan-pejabat-eselon-ii (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DISPERPUSIP', 'Dinas Perpustakaan dan Arsip', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://radarmojokerto.jawapos.com/mojokerto/15/03/2023/inovasi-opd-jawa-pos-radar-mojokerto-bentuk-saling-support/ (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('DKPP', 'Dinas Ketahanan Pangan dan Pertanian', 'dinas', NULL, 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Kecamatan

-- source: https://id.wikipedia.org/wiki/Magersari,_Mojokerto (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEC-MAGERSARI', 'Kecamatan Magersari', 'kecamatan', NULL, 'Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEC-PRAJURITKULON', 'Kecamatan Prajurit Kulon', 'kecamatan', NULL, 'Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://satujurnal.com/2016/06/rachmi-widjajanti-pegang-kendali.html (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEC-KRANGGAN', 'Kecamatan Kranggan', 'kecamatan', NULL, 'Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Other units (UPT / UPTD) under a perangkat daerah

-- source: https://bangsaonline.com/berita/115401/damkar-kota-mojokerto-gelar-simulasi-tanggap-darurat-kebakaran (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('UPT-DAMKAR', 'UPT Pemadam Kebakaran (Damkar)', 'other', (SELECT id FROM units WHERE code = 'SATPOLPP'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://inilahmojokerto.com/2024/12/19/uptd-ppa-kota-mojokerto-raih-penghargaan-pemprov-jatim (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('UPTD-PPA', 'UPTD Perlindungan Perempuan dan Anak (PPA)', 'other', (SELECT id FROM units WHERE code = 'DINSOSP3A'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Mal Pelayanan Publik, run by DPMPTSP

-- source: https://beritalima.com/walikota-mojokerto-dampingi-menteri-panrb-melaunching-mpp-gajah-mada (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('MPP-GAJAHMADA', 'Mal Pelayanan Publik (MPP) Gajah Mada', 'mpp', (SELECT id FROM units WHERE code = 'DPMPTSP'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- City hospital, under the health agency

-- source: https://majamojokerto.net/2023/06/23/rsu-kota-mojokerto-mulai-kembangkan-diri-sebagai-rs-pendidikan-ini-harapan-wali-kota (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('RSUD-WAHIDIN', 'RSUD dr. Wahidin Sudiro Husodo', 'rsud', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Puskesmas, under the health agency

-- source: http://old.mojokertokota.go.id/home/readmore_berita/nw2015120411132261 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-WATES', 'Puskesmas Wates', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://pwmu.co/314518/09/04/puskesmas-kedundung-gandeng-halal-center-um-surabaya (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-KEDUNDUNG', 'Puskesmas Kedundung', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suarajawatimur.com/?p=74047 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-GEDONGAN', 'Puskesmas Gedongan', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suarajawatimur.com/?p=74047 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-MENTIKAN', 'Puskesmas Mentikan', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suarajawatimur.com/?p=74047 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-BLOOTO', 'Puskesmas Blooto', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/?p=5528 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('PKM-KRANGGAN', 'Puskesmas Kranggan', 'puskesmas', (SELECT id FROM units WHERE code = 'DINKESPPKB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Kelurahan, under their kecamatan

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-GUNUNGGEDANGAN', 'Kelurahan Gunung Gedangan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Gunung Gedangan, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-KEDUNDUNG', 'Kelurahan Kedundung', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Kedundung, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-BALONGSARI', 'Kelurahan Balongsari', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Balongsari, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-GEDONGAN', 'Kelurahan Gedongan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Gedongan, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-MAGERSARI', 'Kelurahan Magersari', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Magersari, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-WATES', 'Kelurahan Wates', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-MAGERSARI'), 'Kelurahan Wates, Kecamatan Magersari, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-SURODINAWAN', 'Kelurahan Surodinawan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Surodinawan, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-PRAJURITKULON', 'Kelurahan Prajurit Kulon', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Prajurit Kulon, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-BLOOTO', 'Kelurahan Blooto', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Blooto, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-MENTIKAN', 'Kelurahan Mentikan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Mentikan, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-KAUMAN', 'Kelurahan Kauman', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Kauman, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-PULOREJO', 'Kelurahan Pulorejo', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-PRAJURITKULON'), 'Kelurahan Pulorejo, Kecamatan Prajurit Kulon, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-KRANGGAN', 'Kelurahan Kranggan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Kranggan, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-MIJI', 'Kelurahan Miji', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Miji, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-MERI', 'Kelurahan Meri', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Meri, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-JAGALAN', 'Kelurahan Jagalan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Jagalan, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-SENTANAN', 'Kelurahan Sentanan', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Sentanan, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/10879/berkas-pemekaran-wilayah-pemkot-mojokerto-segera-diajukan-ke-gubernur?page=2 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('KEL-PURWOTENGAH', 'Kelurahan Purwotengah', 'kelurahan', (SELECT id FROM units WHERE code = 'KEC-KRANGGAN'), 'Kelurahan Purwotengah, Kecamatan Kranggan, Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- SMP negeri, under the education agency

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-1', 'SMPN 1 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-2', 'SMPN 2 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-3', 'SMPN 3 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-4', 'SMPN 4 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-5', 'SMPN 5 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-6', 'SMPN 6 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-7', 'SMPN 7 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-8', 'SMPN 8 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2024/03/28/dinas-p-dan-k-kota-mojokerto-mulai-sosialisasi-ppdb-2024-dibagi-tiga-zonasi-kuota-2-112-kursi-di-jenjang-smp-negeri (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SMPN-9', 'SMPN 9 Kota Mojokerto', 'smp', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- SD negeri, under the education agency

-- source: https://kasironline.xyz/dikbud-merger-sekolah-kota-mojokerto/ (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BALONGSARI-1', 'SDN Balongsari 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://b-news.id/baca-7886-atap-ruang-kelas-sdn-balongsari-2-kota-mojokerto-jebol-kadikbud-tidak-ada-korban-jiwa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BALONGSARI-2', 'SDN Balongsari 2', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2023/05/19/ada-8-sekolah-negeri-di-mojokerto-dimerger-berlaku-mulai-ppdb-tahun-ini (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BALONGSARI-3', 'SDN Balongsari 3', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://kasironline.xyz/dikbud-merger-sekolah-kota-mojokerto/ (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BALONGSARI-4', 'SDN Balongsari 4', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://www.gonews.id/revitalisasi-sdn-balongsari-5-mojokerto-dimulai-tahun-ini/ (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BALONGSARI-5', 'SDN Balongsari 5', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2023/05/19/ada-8-sekolah-negeri-di-mojokerto-dimerger-berlaku-mulai-ppdb-tahun-ini (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-GEDONGAN-1', 'SDN Gedongan 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2023/05/19/ada-8-sekolah-negeri-di-mojokerto-dimerger-berlaku-mulai-ppdb-tahun-ini (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MERI', 'SDN Meri', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2023/05/19/ada-8-sekolah-negeri-di-mojokerto-dimerger-berlaku-mulai-ppdb-tahun-ini (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-BLOOTO', 'SDN Blooto', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://memorandum.disway.id/read/59667/memorandum.co.id (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-PURWOTENGAH', 'SDN Purwotengah', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://memorandum.disway.id/read/59667/memorandum.co.id (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KAUMAN', 'SDN Kauman', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://memorandum.disway.id/read/59667/memorandum.co.id (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MENTIKAN-2', 'SDN Mentikan 2', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://www.tvonenews.com/daerah/jatim/227411-sdn-mentikan-3-mojokerto-hanya-dapat-5-siswa-baru-ini-alasannya (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MENTIKAN-3', 'SDN Mentikan 3', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://sdnkedundung1.sch.id/news.php?id=beritaSekolah_1287 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KEDUNDUNG-1', 'SDN Kedundung 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://jatimnow.com/iOS/baca-18034-12-sd-negeri-di-kota-mojokerto-kekurangan-siswa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-WATES-2', 'SDN Wates II', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-WATES-3', 'SDN Wates 3', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://surabaya.tribunnews.com/2022/11/02/intensitas-hujan-lebat-dua-sekolah-di-kota-mojokerto-terendam-banjir (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-WATES-5', 'SDN Wates 5', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KRANGGAN-1', 'SDN Kranggan 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2018/01/02/sd-di-mojokerto-disegel-stit-raden-wijaya-siap-tampung-siswa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KRANGGAN-3', 'SDN Kranggan 3', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KRANGGAN-4', 'SDN Kranggan 4', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://suaramojokerto.com/2018/01/02/sd-di-mojokerto-disegel-stit-raden-wijaya-siap-tampung-siswa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KRANGGAN-5', 'SDN Kranggan 5', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://jatimnow.com/iOS/baca-18034-12-sd-negeri-di-kota-mojokerto-kekurangan-siswa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MIJI-3', 'SDN Miji III', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MIJI-4', 'SDN Miji 4', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-PULOREJO', 'SDN Pulorejo', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://jatimnow.com/iOS/baca-18034-12-sd-negeri-di-kota-mojokerto-kekurangan-siswa (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-JAGALAN', 'SDN Jagalan', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: http://old.mojokertokota.go.id/home/readmore_berita/nw2014063010241215 (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-SURODINAWAN', 'SDN Surodinawan', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://www.gosumut.com/artikel/ragam/2017/02/20/mojokerto-dikepung-banjir-4-sekolah-diliburkan/ (sourced)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-GUNUNGGEDANGAN-1', 'SDN 1 Gununggedangan', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-WATES-1', 'SDN Wates 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-WATES-4', 'SDN Wates 4', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-KRANGGAN-2', 'SDN Kranggan 2', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MIJI-1', 'SDN Miji 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://bangsaonline.com/berita/137876/7-sekolah-di-kota-mojokerto-raih-penghargaan-adiwiyata-2024 (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MIJI-2', 'SDN Miji 2', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- source: https://www.tvonenews.com/daerah/jatim/227411-sdn-mentikan-3-mojokerto-hanya-dapat-5-siswa-baru-ini-alasannya (inferred)
INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SDN-MENTIKAN-1', 'SDN Mentikan 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Sample units (made up, NOT real units of Kota Mojokerto): more SD and `other`
-- units, the kinds the CSV is thin on, so lists, filters and the tree have
-- something to show. Recognisable by the "[Contoh] " name prefix and the
-- "SAMPLE-" code prefix. No predicate is recorded for any of them.

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-SD-1', '[Contoh] SDN Sampel 1', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-SD-2', '[Contoh] SDN Sampel 2', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-SD-3', '[Contoh] SDN Sampel 3', 'sd', (SELECT id FROM units WHERE code = 'DIKBUD'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-UPT-PASAR', '[Contoh] UPT Pengelolaan Pasar', 'other', (SELECT id FROM units WHERE code = 'DISKOPUKMPERINDAG'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-UPT-TERMINAL', '[Contoh] UPT Pengelolaan Terminal', 'other', (SELECT id FROM units WHERE code = 'DISHUB'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

INSERT INTO units (code, name, kind, parent_id, address, head_name, staff_count, designation_decree, designated_on)
VALUES ('SAMPLE-UPT-LABLING', '[Contoh] UPT Laboratorium Lingkungan', 'other', (SELECT id FROM units WHERE code = 'DLH'), 'Kota Mojokerto, Jawa Timur', NULL, NULL, NULL, NULL);

-- Predicates held by 2023 (DOMAIN.md §1): UPT Puskesmas Wates, RSUD dr. Wahidin
-- Sudirohusodo, Dinas Kependudukan dan Pencatatan Sipil and UPT Puskesmas Gedongan
-- (named as in the CSV above). The public sources say these four held a predicate
-- but not which is WBK and which WBBM, nor the year or the decree. All four are
-- therefore recorded at the lower level, WBK, which every predicate holder has at
-- least reached (a WBBM requires an active WBK), with year, decree number and decree
-- date NULL and the reason in `source`; correct the rows when the decrees are known.
-- Their designation (designated_on, designation_decree) is unknown and stays NULL.
-- unit_id is NOT NULL, so a missing code fails the load instead of being skipped.

INSERT INTO unit_predicates (unit_id, level, year, decree_number, decree_date, status, source)
VALUES ((SELECT id FROM units WHERE code = 'PKM-WATES'), 'wbk', NULL, NULL, NULL, 'active',
        'DOMAIN.md §1: held a predicate by 2023; level not given by the sources, recorded as WBK');

INSERT INTO unit_predicates (unit_id, level, year, decree_number, decree_date, status, source)
VALUES ((SELECT id FROM units WHERE code = 'RSUD-WAHIDIN'), 'wbk', NULL, NULL, NULL, 'active',
        'DOMAIN.md §1: held a predicate by 2023; level not given by the sources, recorded as WBK');

INSERT INTO unit_predicates (unit_id, level, year, decree_number, decree_date, status, source)
VALUES ((SELECT id FROM units WHERE code = 'DISPENDUKCAPIL'), 'wbk', NULL, NULL, NULL, 'active',
        'DOMAIN.md §1: held a predicate by 2023; level not given by the sources, recorded as WBK');

INSERT INTO unit_predicates (unit_id, level, year, decree_number, decree_date, status, source)
VALUES ((SELECT id FROM units WHERE code = 'PKM-GEDONGAN'), 'wbk', NULL, NULL, NULL, 'active',
        'DOMAIN.md §1: held a predicate by 2023; level not given by the sources, recorded as WBK');
