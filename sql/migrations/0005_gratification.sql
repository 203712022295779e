-- Gratification reports (issue 11; DOMAIN.md §3 and §5): the working-day calendar and the KPK
-- rule sets as data, the reports with their workflow log, and the record of who saw a
-- reporter's identity.

-- One row per year: its holidays and cuti bersama, kept as one sorted list so that a change
-- of the year's list is one journalled change. `complete` false (or no row) means deadlines
-- over that year are computed with weekends only and say so.
CREATE TABLE calendar_years (
    id          uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),  -- the journal's resource id
    year        integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    complete    boolean NOT NULL,
    source      text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 500),
    note        text CHECK (char_length(note) <= 2000),
    days        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(days) = 'array' AND jsonb_array_length(days) <= 60),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE TRIGGER calendar_years_touch BEFORE UPDATE ON calendar_years
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();

-- KPK's rules by effective date (Peraturan KPK 2/2019, amended by 1/2026): deadlines in working
-- days, the high-value mark, and the exceptions the advice endpoint applies.
CREATE TABLE gratification_rule_sets (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code               text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{1,32}$'),
    name               text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    regulation         text NOT NULL CHECK (char_length(regulation) BETWEEN 1 AND 500),
    effective_from     date NOT NULL UNIQUE,
    confirmed          boolean NOT NULL DEFAULT false,
    source             text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 1000),
    legal_days         integer NOT NULL DEFAULT 30 CHECK (legal_days BETWEEN 1 AND 260),
    staff_days         integer NOT NULL DEFAULT 10 CHECK (staff_days BETWEEN 1 AND 260),
    upg_days           integer NOT NULL DEFAULT 10 CHECK (upg_days BETWEEN 1 AND 260),
    lapse_days         integer NOT NULL CHECK (lapse_days BETWEEN 1 AND 260),
    kpk_decision_days  integer NOT NULL DEFAULT 30 CHECK (kpk_decision_days BETWEEN 1 AND 260),
    handover_days      integer NOT NULL DEFAULT 7 CHECK (handover_days BETWEEN 1 AND 260),
    high_value_idr     bigint NOT NULL DEFAULT 10000000 CHECK (high_value_idr > 0),
    exceptions         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(exceptions) = 'array'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE TRIGGER gratification_rule_sets_touch BEFORE UPDATE ON gratification_rule_sets
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();

-- Seeded before the journal triggers exist, as the LKE thresholds are (0004): part of the
-- checksummed schema, and a fresh database starts with an empty journal.
INSERT INTO calendar_years (year, complete, source, days) VALUES
    (2025, true, 'SKB 3 Menteri on national holidays and cuti bersama 2025, with the 7 Aug 2025 addition of 18 Aug (DOMAIN.md §5)', '[{"date": "2025-01-01", "kind": "holiday", "name": "Tahun Baru 2025 Masehi"}, {"date": "2025-01-27", "kind": "holiday", "name": "Isra Mikraj Nabi Muhammad SAW"}, {"date": "2025-01-28", "kind": "cuti_bersama", "name": "Cuti bersama Tahun Baru Imlek"}, {"date": "2025-01-29", "kind": "holiday", "name": "Tahun Baru Imlek 2576 Kongzili"}, {"date": "2025-03-28", "kind": "cuti_bersama", "name": "Cuti bersama Hari Suci Nyepi"}, {"date": "2025-03-29", "kind": "holiday", "name": "Hari Suci Nyepi Tahun Baru Saka 1947"}, {"date": "2025-03-31", "kind": "holiday", "name": "Idul Fitri 1446 H"}, {"date": "2025-04-01", "kind": "holiday", "name": "Idul Fitri 1446 H (hari kedua)"}, {"date": "2025-04-02", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2025-04-03", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2025-04-04", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2025-04-07", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2025-04-18", "kind": "holiday", "name": "Wafat Yesus Kristus"}, {"date": "2025-04-20", "kind": "holiday", "name": "Kebangkitan Yesus Kristus (Paskah)"}, {"date": "2025-05-01", "kind": "holiday", "name": "Hari Buruh Internasional"}, {"date": "2025-05-12", "kind": "holiday", "name": "Hari Raya Waisak 2569 BE"}, {"date": "2025-05-13", "kind": "cuti_bersama", "name": "Cuti bersama Waisak"}, {"date": "2025-05-29", "kind": "holiday", "name": "Kenaikan Yesus Kristus"}, {"date": "2025-05-30", "kind": "cuti_bersama", "name": "Cuti bersama Kenaikan Yesus Kristus"}, {"date": "2025-06-01", "kind": "holiday", "name": "Hari Lahir Pancasila"}, {"date": "2025-06-06", "kind": "holiday", "name": "Idul Adha 1446 H"}, {"date": "2025-06-09", "kind": "cuti_bersama", "name": "Cuti bersama Idul Adha"}, {"date": "2025-06-27", "kind": "holiday", "name": "Tahun Baru Islam 1447 H"}, {"date": "2025-08-17", "kind": "holiday", "name": "Proklamasi Kemerdekaan"}, {"date": "2025-08-18", "kind": "cuti_bersama", "name": "Cuti bersama Proklamasi Kemerdekaan (ditetapkan 7 Agustus 2025)"}, {"date": "2025-09-05", "kind": "holiday", "name": "Maulid Nabi Muhammad SAW"}, {"date": "2025-12-25", "kind": "holiday", "name": "Kelahiran Yesus Kristus"}, {"date": "2025-12-26", "kind": "cuti_bersama", "name": "Cuti bersama Kelahiran Yesus Kristus"}]'),
    (2026, true, 'SKB 3 Menteri on national holidays and cuti bersama 2026 (DOMAIN.md §5)', '[{"date": "2026-01-01", "kind": "holiday", "name": "Tahun Baru 2026 Masehi"}, {"date": "2026-01-16", "kind": "holiday", "name": "Isra Mikraj Nabi Muhammad SAW"}, {"date": "2026-02-16", "kind": "cuti_bersama", "name": "Cuti bersama Tahun Baru Imlek"}, {"date": "2026-02-17", "kind": "holiday", "name": "Tahun Baru Imlek 2577 Kongzili"}, {"date": "2026-03-18", "kind": "cuti_bersama", "name": "Cuti bersama Hari Suci Nyepi"}, {"date": "2026-03-19", "kind": "holiday", "name": "Hari Suci Nyepi Tahun Baru Saka 1948"}, {"date": "2026-03-20", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2026-03-21", "kind": "holiday", "name": "Idul Fitri 1447 H"}, {"date": "2026-03-22", "kind": "holiday", "name": "Idul Fitri 1447 H (hari kedua)"}, {"date": "2026-03-23", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2026-03-24", "kind": "cuti_bersama", "name": "Cuti bersama Idul Fitri"}, {"date": "2026-04-03", "kind": "holiday", "name": "Wafat Yesus Kristus"}, {"date": "2026-04-05", "kind": "holiday", "name": "Kebangkitan Yesus Kristus (Paskah)"}, {"date": "2026-05-01", "kind": "holiday", "name": "Hari Buruh Internasional"}, {"date": "2026-05-14", "kind": "holiday", "name": "Kenaikan Yesus Kristus"}, {"date": "2026-05-15", "kind": "cuti_bersama", "name": "Cuti bersama Kenaikan Yesus Kristus"}, {"date": "2026-05-27", "kind": "holiday", "name": "Idul Adha 1447 H"}, {"date": "2026-05-28", "kind": "cuti_bersama", "name": "Cuti bersama Idul Adha"}, {"date": "2026-05-31", "kind": "holiday", "name": "Hari Raya Waisak 2570 BE"}, {"date": "2026-06-01", "kind": "holiday", "name": "Hari Lahir Pancasila"}, {"date": "2026-06-16", "kind": "holiday", "name": "Tahun Baru Islam 1448 H"}, {"date": "2026-08-17", "kind": "holiday", "name": "Proklamasi Kemerdekaan"}, {"date": "2026-08-25", "kind": "holiday", "name": "Maulid Nabi Muhammad SAW"}, {"date": "2026-12-24", "kind": "cuti_bersama", "name": "Cuti bersama Kelahiran Yesus Kristus"}, {"date": "2026-12-25", "kind": "holiday", "name": "Kelahiran Yesus Kristus"}]');
INSERT INTO gratification_rule_sets (code, name, regulation, effective_from, confirmed, source, lapse_days, exceptions) VALUES
    ('kpk-2019', 'Peraturan KPK 2/2019', 'Peraturan Komisi Pemberantasan Korupsi Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi', '2019-01-01', false,
     'Peraturan KPK 2/2019 as summarised by public sources (DOMAIN.md §3); the effective date is unconfirmed; the internal 10 + 10 split is the city default, unconfirmed', 30, '[{"code": "family", "description": "Pemberian dari keluarga, sepanjang tidak ada konflik kepentingan.", "relationships": ["family"], "occasions": null, "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "celebration", "description": "Hadiah pernikahan, kelahiran atau upacara keagamaan, per pemberi.", "relationships": null, "occasions": ["wedding", "birth", "religious"], "non_cash_only": false, "max_per_gift_idr": 1000000, "max_per_giver_year_idr": null}, {"code": "colleague_gift", "description": "Pemberian non-uang dari rekan kerja, per pemberian, dengan batas setahun dari pemberi yang sama.", "relationships": ["colleague"], "occasions": null, "non_cash_only": true, "max_per_gift_idr": 200000, "max_per_giver_year_idr": 1000000}, {"code": "farewell_birthday", "description": "Pemberian rekan kerja pada pisah sambut, pensiun atau ulang tahun (dihapus pada 2026).", "relationships": ["colleague"], "occasions": ["farewell", "birthday"], "non_cash_only": false, "max_per_gift_idr": 300000, "max_per_giver_year_idr": 1000000}, {"code": "seminar_kit", "description": "Seminar kit dan sertifikat dari kegiatan resmi.", "relationships": null, "occasions": ["seminar"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "promotional_item", "description": "Barang promosi berlogo yang berlaku umum.", "relationships": null, "occasions": ["promotion"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "public_prize", "description": "Hadiah atau diskon yang berlaku umum.", "relationships": null, "occasions": ["public_prize"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "honorarium", "description": "Honorarium resmi sesuai standar biaya.", "relationships": null, "occasions": ["honorarium"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "flowers", "description": "Karangan bunga.", "relationships": null, "occasions": ["flowers"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "shared_food", "description": "Hidangan yang disajikan untuk semua yang hadir.", "relationships": null, "occasions": ["shared_food"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "to_institution", "description": "Pemberian kepada instansi, bukan pribadi.", "relationships": null, "occasions": ["to_institution"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}]'),
    ('kpk-2026', 'Peraturan KPK 1/2026', 'Peraturan Komisi Pemberantasan Korupsi Nomor 1 Tahun 2026 tentang Perubahan atas Peraturan KPK Nomor 2 Tahun 2019', '2026-01-20', true,
     'Peraturan KPK 1/2026, in force 20 Jan 2026, as summarised by public sources (DOMAIN.md §3); per-gift vs per-giver wording unconfirmed; the internal 10 + 10 split is the city default, unconfirmed', 20, '[{"code": "family", "description": "Pemberian dari keluarga, sepanjang tidak ada konflik kepentingan.", "relationships": ["family"], "occasions": null, "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "celebration", "description": "Hadiah pernikahan, kelahiran atau upacara keagamaan, per pemberi.", "relationships": null, "occasions": ["wedding", "birth", "religious"], "non_cash_only": false, "max_per_gift_idr": 1500000, "max_per_giver_year_idr": null}, {"code": "colleague_gift", "description": "Pemberian non-uang dari rekan kerja, per pemberian, dengan batas setahun dari pemberi yang sama.", "relationships": ["colleague"], "occasions": null, "non_cash_only": true, "max_per_gift_idr": 500000, "max_per_giver_year_idr": 1500000}, {"code": "seminar_kit", "description": "Seminar kit dan sertifikat dari kegiatan resmi.", "relationships": null, "occasions": ["seminar"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "promotional_item", "description": "Barang promosi berlogo yang berlaku umum.", "relationships": null, "occasions": ["promotion"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "public_prize", "description": "Hadiah atau diskon yang berlaku umum.", "relationships": null, "occasions": ["public_prize"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "honorarium", "description": "Honorarium resmi sesuai standar biaya.", "relationships": null, "occasions": ["honorarium"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "flowers", "description": "Karangan bunga.", "relationships": null, "occasions": ["flowers"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "shared_food", "description": "Hidangan yang disajikan untuk semua yang hadir.", "relationships": null, "occasions": ["shared_food"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}, {"code": "to_institution", "description": "Pemberian kepada instansi, bukan pribadi.", "relationships": null, "occasions": ["to_institution"], "non_cash_only": false, "max_per_gift_idr": null, "max_per_giver_year_idr": null}]');
CREATE TRIGGER calendar_years_journal AFTER INSERT OR UPDATE ON calendar_years
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('calendar_year');
CREATE TRIGGER gratification_rule_sets_journal AFTER INSERT OR UPDATE ON gratification_rule_sets
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('gratification_rule_set');

CREATE TABLE gratification_reports (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id                 uuid NOT NULL REFERENCES units (id),
    type                    text NOT NULL CHECK (type IN ('refusal', 'receipt')),
    state                   text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'verifying',
                                'incomplete', 'lapsed', 'forwarded', 'recorded', 'decided', 'handed_over',
                                'social_aid', 'returned_to_giver')),
    -- The reporter (confidential: the reporter, the UPG and admins only). NULL only once erased
    -- after the retention period; the salt makes the journal's digests of these columns
    -- unlinkable once it is erased with them.
    reporter_nik            text CHECK (reporter_nik ~ '^[0-9]{16}$'),
    reporter_nip            text CHECK (reporter_nip ~ '^[0-9]{18}$'),
    reporter_name           text CHECK (char_length(reporter_name) BETWEEN 1 AND 200),
    reporter_address        text CHECK (char_length(reporter_address) BETWEEN 1 AND 500),
    reporter_phone          text CHECK (reporter_phone ~ '^\+?[0-9][0-9 -]{5,19}$'),
    reporter_position       text CHECK (char_length(reporter_position) BETWEEN 1 AND 200),
    identity_salt           bytea DEFAULT uuid_send(gen_random_uuid()),
    identity_erased_at      timestamptz,
    filed_by_key_id         uuid,
    giver_name              text NOT NULL CHECK (char_length(giver_name) BETWEEN 1 AND 200),
    giver_address           text CHECK (char_length(giver_address) <= 500),
    giver_relationship      text NOT NULL CHECK (giver_relationship IN ('family', 'colleague', 'service_user',
                                'vendor', 'other_official', 'other')),
    kind                    text NOT NULL CHECK (kind IN ('money', 'goods', 'service', 'facility', 'discount',
                                'loan', 'ticket', 'lodging', 'food', 'other')),
    description             text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 1000),
    value_idr               bigint NOT NULL CHECK (value_idr BETWEEN 0 AND 1000000000000),
    received_on             date NOT NULL,
    place                   text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 300),
    occasion                text NOT NULL CHECK (occasion IN ('wedding', 'birth', 'religious', 'farewell',
                                'birthday', 'seminar', 'promotion', 'public_prize', 'honorarium', 'flowers',
                                'shared_food', 'to_institution', 'service', 'other')),
    chronology              text NOT NULL CHECK (char_length(chronology) BETWEEN 1 AND 10000),
    job_related             boolean NOT NULL,
    perishable              boolean NOT NULL DEFAULT false,
    deposit_receipt_number  text CHECK (char_length(deposit_receipt_number) BETWEEN 1 AND 100),
    found_by_audit          boolean NOT NULL DEFAULT false,
    rule_set_id             uuid NOT NULL REFERENCES gratification_rule_sets (id),
    high_value              boolean NOT NULL DEFAULT false,
    reported_on             date,
    late                    boolean NOT NULL DEFAULT false,
    returned_on             date,
    gol_reference           text CHECK (char_length(gol_reference) BETWEEN 1 AND 100),
    forwarded_on            date,
    kpk_letter_number       text CHECK (char_length(kpk_letter_number) BETWEEN 1 AND 100),
    kpk_letter_date         date,
    outcome                 text CHECK (outcome IN ('state_property', 'state_property_compensated',
                                'recipient_property', 'not_followed_up')),
    closed_on               date,
    -- The earliest due date of the running deadlines, computed by zi-server from the working-day
    -- calendar (domain/workdays.c) for the queue's order and filters; due_stale marks rows whose
    -- figure must be recomputed (demo rows, a changed calendar).
    next_due                date,
    due_stale               boolean NOT NULL DEFAULT true,
    sample                  boolean NOT NULL DEFAULT false,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (identity_erased_at IS NOT NULL OR (reporter_nik IS NOT NULL AND reporter_name IS NOT NULL
           AND reporter_address IS NOT NULL AND reporter_phone IS NOT NULL AND reporter_position IS NOT NULL)),
    CHECK (reported_on IS NULL OR reported_on >= received_on),
    CHECK (state NOT IN ('forwarded', 'decided', 'handed_over') OR (gol_reference IS NOT NULL AND forwarded_on IS NOT NULL)),
    CHECK (state NOT IN ('decided', 'handed_over') OR (kpk_letter_number IS NOT NULL AND kpk_letter_date IS NOT NULL
           AND outcome IS NOT NULL)),
    CHECK (state = 'draft' OR reported_on IS NOT NULL)
);
CREATE INDEX gratification_reports_created_idx ON gratification_reports (created_at, id);
CREATE INDEX gratification_reports_due_idx ON gratification_reports ((coalesce(next_due, 'infinity'::date)), id);
CREATE INDEX gratification_reports_reporter_idx ON gratification_reports (reporter_nip, created_at, id);
CREATE INDEX gratification_reports_unit_idx ON gratification_reports (unit_id, created_at, id);
CREATE INDEX gratification_reports_stale_idx ON gratification_reports (id) WHERE due_stale;

-- What follows from the received date and the value is derived here, so no writer can get it
-- wrong: the rule set in force on the received date, and the high-value mark (Art. 12B).
CREATE FUNCTION gratification_reports_derive() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rs gratification_rule_sets;
BEGIN
    SELECT * INTO rs FROM gratification_rule_sets WHERE effective_from <= NEW.received_on
     ORDER BY effective_from DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no gratification rule set in force on %', NEW.received_on USING ERRCODE = 'check_violation';
    END IF;
    NEW.rule_set_id := rs.id;
    NEW.high_value := NEW.value_idr >= rs.high_value_idr;
    RETURN NEW;
END $$;
CREATE TRIGGER gratification_reports_derive BEFORE INSERT OR UPDATE OF received_on, value_idr ON gratification_reports
    FOR EACH ROW EXECUTE FUNCTION gratification_reports_derive();
-- Refreshing the computed due date (next_due, due_stale) is bookkeeping: no new version.
CREATE TRIGGER gratification_reports_touch BEFORE UPDATE ON gratification_reports
    FOR EACH ROW WHEN ((to_jsonb(OLD) - 'next_due' - 'due_stale') IS DISTINCT FROM (to_jsonb(NEW) - 'next_due' - 'due_stale'))
    EXECUTE FUNCTION zi_touch();

-- The journal's row trigger learns a fourth argument: columns journalled only as salted
-- SHA-256 digests ("sha256:<hex>" of salt ‖ value, the salt in column identity_salt), so
-- that the audit chain never holds a reporter's identity, shows that it changed, and stays
-- verifiable after the identity and its salt are erased.
CREATE OR REPLACE FUNCTION zi_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_rtype   text := TG_ARGV[0];
    v_ignored text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',') || ARRAY['version', 'updated_at'];
    v_personal text[] := string_to_array(coalesce(TG_ARGV[2], ''), ',');
    v_digest  text[] := string_to_array(coalesce(TG_ARGV[3], ''), ',');
    v_old     jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{}'::jsonb END;
    v_new     jsonb := to_jsonb(NEW);
    v_changes jsonb;
    v_action  text;
    v_col     text;
BEGIN
    FOREACH v_col IN ARRAY v_digest LOOP
        v_new := jsonb_set(v_new, ARRAY[v_col],
                           coalesce(to_jsonb(zi_identity_digest(v_new ->> 'identity_salt', v_new ->> v_col)), 'null'));
        IF TG_OP = 'UPDATE' THEN
            v_old := jsonb_set(v_old, ARRAY[v_col],
                               coalesce(to_jsonb(zi_identity_digest(v_old ->> 'identity_salt', v_old ->> v_col)), 'null'));
        END IF;
    END LOOP;
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN TG_OP = 'INSERT' THEN jsonb_build_object('after', v_new -> k)
                                             ELSE jsonb_build_object('before', v_old -> k, 'after', v_new -> k) END),
                    '{}'::jsonb)
      INTO v_changes
      FROM jsonb_object_keys(v_new) AS k
     WHERE k <> ALL (v_ignored) AND (TG_OP = 'INSERT' OR (v_old -> k) IS DISTINCT FROM (v_new -> k));
    IF v_changes = '{}'::jsonb THEN
        RETURN NULL;
    END IF;
    v_action := v_rtype || CASE
        WHEN TG_OP = 'INSERT' THEN '.created'
        WHEN v_changes ? 'archived_at' AND v_new ->> 'archived_at' IS NOT NULL THEN '.archived'
        WHEN v_changes ? 'revoked_at' AND v_new ->> 'revoked_at' IS NOT NULL THEN '.revoked'
        ELSE '.updated' END;
    PERFORM zi_journal(v_action, v_rtype, (v_new ->> 'id')::uuid, v_changes,
                       v_changes ?| (v_personal || v_digest), (v_new ->> 'version')::integer);
    RETURN NULL;
END $$;

-- salt: the bytea column as to_jsonb prints it ("\x…"); NULL salt or value → NULL.
CREATE FUNCTION zi_identity_digest(p_salt text, p_value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_salt IS NULL OR p_value IS NULL THEN NULL
                ELSE 'sha256:' || encode(sha256(decode(substr(p_salt, 3), 'hex') || convert_to(p_value, 'UTF8')), 'hex') END
$$;

CREATE TRIGGER gratification_reports_journal AFTER INSERT OR UPDATE ON gratification_reports
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('gratification_report',
        'identity_salt,filed_by_key_id,next_due,due_stale', '',
        'reporter_nik,reporter_nip,reporter_name,reporter_address,reporter_phone,reporter_position');

CREATE TABLE gratification_report_transitions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    report_id     uuid NOT NULL REFERENCES gratification_reports (id),
    from_state    text NOT NULL,
    to_state      text NOT NULL,
    actor_key_id  uuid,
    occurred_on   date NOT NULL,
    note          text CHECK (char_length(note) <= 2000),
    at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX gratification_report_transitions_idx ON gratification_report_transitions (report_id, at, id);
CREATE TRIGGER gratification_report_transitions_journal AFTER INSERT ON gratification_report_transitions
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('gratification_report_transition');

-- Who saw a reporter's identity (issue 11 §10). The audit record is the access record; this
-- table only indexes it by report, so "who looked at report X" needs no scan of the chain.
CREATE TABLE gratification_report_accesses (
    report_id  uuid NOT NULL REFERENCES gratification_reports (id),
    seq        bigint NOT NULL REFERENCES audit_log (seq),
    at         timestamptz NOT NULL,
    key_id     uuid,
    way        text NOT NULL CHECK (way IN ('read', 'list', 'csv', 'packet', 'evidence')),
    PRIMARY KEY (report_id, seq)
);

-- Appends one access record (no event: nothing changed) for the reports a response carries.
CREATE FUNCTION zi_report_access(p_way text, p_ids uuid[], p_key uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_prev_events text := current_setting('zi.events_off', true);
    v_prev_actor  text := current_setting('zi.actor_key_id', true);
    v_seq bigint;
    v_at  timestamptz;
BEGIN
    PERFORM set_config('zi.events_off', 'on', true);
    PERFORM set_config('zi.actor_key_id', coalesce(p_key::text, ''), true);
    PERFORM zi_journal('gratification_report.accessed', 'gratification_report_access', p_ids[1],
                       jsonb_build_object('way', p_way, 'report_ids', to_jsonb(p_ids)), false, NULL);
    PERFORM set_config('zi.events_off', coalesce(v_prev_events, ''), true);
    PERFORM set_config('zi.actor_key_id', coalesce(v_prev_actor, ''), true);
    SELECT seq, at INTO v_seq, v_at FROM audit_log WHERE seq = (SELECT audit_seq FROM journal_head);
    INSERT INTO gratification_report_accesses (report_id, seq, at, key_id, way)
    SELECT DISTINCT id, v_seq, v_at, p_key, p_way FROM unnest(p_ids) AS id;
    RETURN v_seq;
END $$;

-- Evidence files (issue 11 §7): photos and scans attached to a report, kept in the database.
-- Their SHA-256 goes into the audit chain with the row; the bytes and the file name do not
-- (a name may say who took the photo). Readable under the reporter's confidentiality.
CREATE TABLE gratification_report_evidence (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    report_id    uuid NOT NULL REFERENCES gratification_reports (id),
    filename     text CHECK (char_length(filename) BETWEEN 1 AND 200),
    media_type   text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
    size_bytes   integer NOT NULL CHECK (size_bytes > 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content      bytea,
    erased_at    timestamptz,
    uploaded_by  uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (erased_at IS NOT NULL OR content IS NOT NULL),
    CHECK (content IS NULL OR octet_length(content) = size_bytes)
);
CREATE INDEX gratification_report_evidence_idx ON gratification_report_evidence (report_id, created_at, id);
CREATE TRIGGER gratification_report_evidence_journal AFTER INSERT OR UPDATE ON gratification_report_evidence
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('gratification_evidence', 'content,filename');

-- How long personal data is kept (UU 27/2022 on personal data protection): per kind of
-- record, counted from the day the report was closed. After it, the reporter's identity is
-- erased (with the salt of its journal digests) and evidence files lose their bytes; the
-- report's facts, the hashes and the audit chain stay. The periods are the city's choice
-- (the law sets none): 5 years, to be confirmed.
CREATE TABLE retention_policies (
    id           uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),  -- the journal's resource id
    kind         text PRIMARY KEY CHECK (kind IN ('gratification_reporter_identity', 'gratification_evidence')),
    keep_days    integer NOT NULL CHECK (keep_days BETWEEN 1 AND 36500),
    source       text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 500),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE TRIGGER retention_policies_touch BEFORE UPDATE ON retention_policies
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
INSERT INTO retention_policies (kind, keep_days, source) VALUES
    ('gratification_reporter_identity', 1826, 'city default, unconfirmed: 5 years after the report is closed (UU 27/2022 sets no period)'),
    ('gratification_evidence', 1826, 'city default, unconfirmed: 5 years after the report is closed (UU 27/2022 sets no period)');
CREATE TRIGGER retention_policies_journal AFTER INSERT OR UPDATE ON retention_policies
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('retention_policy');
