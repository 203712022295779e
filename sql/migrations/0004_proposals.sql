-- WBK/WBBM proposals (issue 10; DOMAIN.md §4): the city-level conditions and the submission
-- window per year, the LKE threshold table (data with an effective date and a source), the
-- proposals with their workflow log and their versioned TPI score sheets.

CREATE TABLE programme_years (
    id                 uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),  -- the journal's resource id
    year               integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    bpk_opinion        text CHECK (bpk_opinion IN ('WTP', 'WDP', 'TW', 'TMP')),
    sakip_grade        text CHECK (sakip_grade IN ('AA', 'A', 'BB', 'B', 'CC', 'C', 'D')),
    rb_index_grade     text CHECK (rb_index_grade IN ('AA', 'A', 'BB', 'B', 'CC', 'C', 'D')),
    submission_opens   date,
    submission_closes  date,
    source             text CHECK (char_length(source) <= 500),
    note               text CHECK (char_length(note) <= 2000),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (submission_closes IS NULL OR submission_opens IS NULL OR submission_closes >= submission_opens)
);
CREATE TRIGGER programme_years_touch BEFORE UPDATE ON programme_years
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
CREATE TRIGGER programme_years_journal AFTER INSERT OR UPDATE ON programme_years
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('programme_year');

CREATE TABLE lke_thresholds (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    predicate             text NOT NULL CHECK (predicate IN ('wbk', 'wbbm')),
    effective_from        date NOT NULL,
    source                text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 500),
    confirmed             boolean NOT NULL DEFAULT false,
    total_min             numeric(6, 2) NOT NULL CHECK (total_min BETWEEN 0 AND 100),
    enablers_min          numeric(6, 2) NOT NULL CHECK (enablers_min BETWEEN 0 AND 60),
    area_min_pct          integer NOT NULL CHECK (area_min_pct BETWEEN 0 AND 100),
    ipak_min              numeric(6, 2) NOT NULL CHECK (ipak_min BETWEEN 0 AND 17.5),
    ipak_survey_min       numeric(6, 2) NOT NULL CHECK (ipak_survey_min BETWEEN 0 AND 4),
    performance_min       numeric(6, 2) NOT NULL CHECK (performance_min BETWEEN 0 AND 5),
    ipkp_min              numeric(6, 2) NOT NULL CHECK (ipkp_min BETWEEN 0 AND 17.5),
    ipkp_survey_min       numeric(6, 2) NOT NULL CHECK (ipkp_survey_min BETWEEN 0 AND 4),
    ipak_performance_min  numeric(6, 2) NOT NULL CHECK (ipak_performance_min BETWEEN 0 AND 22.5),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    version               integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (predicate, effective_from)
);
CREATE TRIGGER lke_thresholds_touch BEFORE UPDATE ON lke_thresholds
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();

-- The thresholds DOMAIN.md §4 names, effective from the 2021 regulation. Every row is
-- unconfirmed (editable): the WBK total is sourced, the WBBM and per-item figures come from
-- a published evaluation tool citing the regulation, not from its text.
INSERT INTO lke_thresholds (predicate, effective_from, source, confirmed, total_min, enablers_min, area_min_pct,
                            ipak_min, ipak_survey_min, performance_min, ipkp_min, ipkp_survey_min,
                            ipak_performance_min)
VALUES ('wbk', '2021-01-01',
        'PermenPAN-RB 90/2021 (total >= 75); per-item minima from a published LKE tool citing it [secondary source]',
        false, 75, 40, 60, 15.75, 3.60, 2.50, 14.00, 3.20, 18.25),
       ('wbbm', '2021-01-01',
        'Published LKE tool citing PermenPAN-RB 90/2021 as amended [secondary source]',
        false, 85, 48, 75, 15.75, 3.60, 3.75, 15.75, 3.60, 19.50);
-- Journalled from here on: the rows above are reference data whose record is this
-- (checksummed) migration, and a fresh database starts with an empty journal.
CREATE TRIGGER lke_thresholds_journal AFTER INSERT OR UPDATE ON lke_thresholds
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('lke_threshold');

CREATE TABLE proposals (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id        uuid NOT NULL REFERENCES units (id),
    -- From 2010, as the predicate history an award appends to.
    year           integer NOT NULL CHECK (year BETWEEN 2010 AND 2100),
    target         text NOT NULL CHECK (target IN ('wbk', 'wbbm')),
    state          text NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'tpi_review', 'tpi_rejected', 'submitted', 'selection_passed',
                                    'selection_passed_with_notes', 'revision', 'selection_failed', 'appeal',
                                    'desk_evaluation', 'field_evaluation', 'awarded', 'not_awarded')),
    note           text CHECK (char_length(note) <= 2000),
    decree_number  text CHECK (char_length(decree_number) <= 200),
    decree_date    date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (state <> 'awarded' OR (decree_number IS NOT NULL AND decree_date IS NOT NULL))
);
-- One open proposal per unit and year.
CREATE UNIQUE INDEX proposals_one_open ON proposals (unit_id, year)
    WHERE state NOT IN ('tpi_rejected', 'awarded', 'not_awarded');
CREATE INDEX proposals_created_idx ON proposals (created_at, id);
CREATE INDEX proposals_year_idx ON proposals (year, state);
CREATE TRIGGER proposals_touch BEFORE UPDATE ON proposals
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
CREATE TRIGGER proposals_journal AFTER INSERT OR UPDATE ON proposals
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('proposal');

CREATE TABLE proposal_transitions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    proposal_id   uuid NOT NULL REFERENCES proposals (id),
    from_state    text NOT NULL,
    to_state      text NOT NULL,
    actor_key_id  uuid,
    occurred_on   date NOT NULL,
    note          text CHECK (char_length(note) <= 2000),
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_transitions_idx ON proposal_transitions (proposal_id, at, id);
CREATE TRIGGER proposal_transitions_journal AFTER INSERT ON proposal_transitions
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('proposal_transition');

-- Every version of a TPI score sheet is kept; the newest is the sheet.
CREATE TABLE score_sheets (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    proposal_id   uuid NOT NULL REFERENCES proposals (id),
    version       integer NOT NULL CHECK (version >= 1),
    inputs        jsonb NOT NULL,
    computed      jsonb NOT NULL,
    checks        jsonb NOT NULL,
    threshold_id  uuid NOT NULL REFERENCES lke_thresholds (id),
    all_met       boolean NOT NULL,
    total         numeric(6, 2) NOT NULL,
    scored_by     uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (proposal_id, version)
);
CREATE TRIGGER score_sheets_journal AFTER INSERT ON score_sheets
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('score_sheet');
