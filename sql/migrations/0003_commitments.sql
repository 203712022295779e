-- Integrity commitments (issue 9; DOMAIN.md §2): ZI declarations (pencanangan), integrity
-- pact signatures of every staff member, and service pledges such as the city's 7S.

CREATE TABLE declarations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id          uuid REFERENCES units (id),          -- NULL: the whole city
    year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    declared_on      date NOT NULL,
    place            text NOT NULL CHECK (char_length(place) BETWEEN 1 AND 200),
    signer_name      text NOT NULL CHECK (char_length(signer_name) BETWEEN 1 AND 200),
    signer_position  text NOT NULL CHECK (char_length(signer_position) BETWEEN 1 AND 200),
    witnesses        jsonb NOT NULL DEFAULT '[]'
                     CHECK (jsonb_typeof(witnesses) = 'array' AND jsonb_array_length(witnesses) <= 20),
    document_ref     text CHECK (char_length(document_ref) <= 200),
    note             text CHECK (char_length(note) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (extract(year FROM declared_on) = year)
);
-- At most one declaration per unit (or for the city) and year.
CREATE UNIQUE INDEX declarations_one_per_year
    ON declarations (coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), year);
CREATE INDEX declarations_declared_idx ON declarations (declared_on, id);
CREATE TRIGGER declarations_touch BEFORE UPDATE ON declarations
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
CREATE TRIGGER declarations_journal AFTER INSERT OR UPDATE ON declarations
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('declaration');

CREATE TABLE pact_signatures (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id           uuid NOT NULL REFERENCES units (id),
    year              integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    nip               text CHECK (nip ~ '^[0-9]{18}$'),  -- NULL: not a civil servant
    name              text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    position          text NOT NULL CHECK (char_length(position) BETWEEN 1 AND 200),
    signed_on         date NOT NULL,
    witness_name      text CHECK (char_length(witness_name) <= 200),
    witness_position  text CHECK (char_length(witness_position) <= 200),
    trigger           text NOT NULL CHECK (trigger IN ('annual', 'appointment', 'transfer', 'declaration')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (extract(year FROM signed_on) = year)
);
-- One signature per person, unit and year: by NIP for civil servants, by name and position
-- (case-insensitively) for staff without one.
CREATE UNIQUE INDEX pact_signatures_one_per_nip ON pact_signatures (unit_id, year, nip) WHERE nip IS NOT NULL;
CREATE UNIQUE INDEX pact_signatures_one_per_person ON pact_signatures (unit_id, year, lower(name), lower(position))
    WHERE nip IS NULL;
CREATE INDEX pact_signatures_unit_idx ON pact_signatures (unit_id, created_at, id);
CREATE INDEX pact_signatures_year_idx ON pact_signatures (year, unit_id);
CREATE TRIGGER pact_signatures_touch BEFORE UPDATE ON pact_signatures
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
CREATE TRIGGER pact_signatures_journal AFTER INSERT OR UPDATE ON pact_signatures
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('pact_signature', '',
                                                 'nip,name,position,witness_name,witness_position');

CREATE TABLE service_pledges (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id       uuid REFERENCES units (id),             -- NULL: the city-wide pledge units adopt
    name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    principles    jsonb NOT NULL
                  CHECK (jsonb_typeof(principles) = 'array' AND jsonb_array_length(principles) BETWEEN 1 AND 20),
    adopted_on    date NOT NULL,
    document_ref  text CHECK (char_length(document_ref) <= 200),
    based_on_id   uuid REFERENCES service_pledges (id),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
-- At most one active pledge per unit, and one city-wide.
CREATE UNIQUE INDEX service_pledges_one_active
    ON service_pledges (coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE active;
CREATE INDEX service_pledges_unit_idx ON service_pledges (unit_id, created_at, id);
CREATE TRIGGER service_pledges_touch BEFORE UPDATE ON service_pledges
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
CREATE TRIGGER service_pledges_journal AFTER INSERT OR UPDATE ON service_pledges
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('service_pledge');

-- Bulk writes (a ceremony's whole list of signatures) keep one audit record per row but
-- announce themselves with one summary event: a transaction that sets zi.events_off
-- journals its rows without events and then calls zi_event once.
CREATE OR REPLACE FUNCTION zi_journal(p_action text, p_rtype text, p_rid uuid, p_changes jsonb,
                                      p_personal boolean, p_version integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    h       journal_head;
    v_actor uuid := nullif(current_setting('zi.actor_key_id', true), '')::uuid;
    v_events boolean := coalesce(current_setting('zi.events_off', true), '') <> 'on';
    v_at    timestamptz;
    v_hash  bytea;
BEGIN
    -- Taking the head's row lock here is what orders the journal (see 0002_journal.sql).
    UPDATE journal_head SET audit_seq = audit_seq + 1,
                            event_seq = event_seq + CASE WHEN v_events THEN 1 ELSE 0 END
     RETURNING * INTO h;
    v_at := clock_timestamp();
    v_hash := sha256(h.audit_hash || convert_to(
        zi_audit_canonical(h.audit_seq, v_at, v_actor, p_action, p_rtype, p_rid, p_changes, p_personal), 'UTF8'));
    INSERT INTO audit_log (seq, at, actor_key_id, action, resource_type, resource_id, changes, personal,
                           prev_hash, hash)
    VALUES (h.audit_seq, v_at, v_actor, p_action, p_rtype, p_rid, p_changes, p_personal, h.audit_hash, v_hash);
    UPDATE journal_head SET audit_hash = v_hash;
    IF v_events THEN
        INSERT INTO events (seq, type, resource_type, resource_id, version, at)
        VALUES (h.event_seq, p_action, p_rtype, p_rid, p_version, v_at);
        PERFORM pg_notify('zi_events', h.event_seq::text);
    END IF;
END $$;

-- One event without an audit record of its own (the rows it sums up have theirs).
CREATE FUNCTION zi_event(p_type text, p_rtype text, p_rid uuid, p_version integer)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_seq bigint;
BEGIN
    UPDATE journal_head SET event_seq = event_seq + 1 RETURNING event_seq INTO v_seq;
    INSERT INTO events (seq, type, resource_type, resource_id, version, at)
    VALUES (v_seq, p_type, p_rtype, p_rid, p_version, clock_timestamp());
    PERFORM pg_notify('zi_events', v_seq::text);
    RETURN v_seq;
END $$;
