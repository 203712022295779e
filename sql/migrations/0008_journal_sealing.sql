-- The journal without one lock held to commit (issue 12). Until now every journalled write
-- updated the single journal_head row and held its row lock through its own commit (and the
-- NOTIFY it sent took the database's notify lock at commit too), so writers committed one at a
-- time, each waiting for the previous one's WAL flush.
--
-- Now a write appends an unsealed record to journal_pending in its own transaction: no shared
-- row, no NOTIFY, so concurrent writers commit together (group commit). An acknowledged write
-- is therefore journalled: its pending record commits with it or not at all. A sealer,
-- zi_seal(), then takes journal_head's row lock and, in one transaction per batch, moves the
-- committed pending records into audit_log and events: it gives them sequence numbers and
-- hashes in the order they were appended (the identity column; a record of a transaction that
-- commits later than the batch is sealed by a later batch), sets journal_head, and NOTIFYs
-- once. Only the sealer writes audit_log, events and journal_head, one batch at a time, so
-- the old promises hold: sequence numbers without gaps or forks, events visible in increasing
-- order (a reader that has seen event N never later sees one below N appear), a verifiable
-- hash chain, and "events up to journal_head.event_seq are visible" for the webhook workers.
--
-- Who seals: zi-server runs a sealer thread that is woken after every write it commits and
-- also seals every ZI_JOURNAL_SEAL_INTERVAL_MS (writes made directly in SQL, or by an instance
-- that died between commit and sealing); and every read of the journal through the API
-- (audit, events, access logs) seals first, so a client that got its 2xx sees its change
-- there, whichever instance it asks. The records' times stay those of the writes (the clock
-- of the writing transaction), raised to the previous record's time where a record is sealed
-- after a later-written one, so that times never decrease along the chain.

CREATE TABLE journal_pending (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    written_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_key_id    uuid,
    action          text NOT NULL,
    resource_type   text NOT NULL,
    resource_id     uuid NOT NULL,
    changes         jsonb,          -- NULL: an event only (zi_event), no audit record
    personal        boolean NOT NULL DEFAULT false,
    version         integer,
    evented         boolean NOT NULL -- false: an audit record only (zi.events_off)
);
-- A queue: every row is deleted within milliseconds of its commit. Vacuum it by the number of
-- dead rows, not by a fraction of a table that is nearly always empty, so that looking for
-- work does not wade through what was sealed.
ALTER TABLE journal_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                 autovacuum_vacuum_cost_delay = 0);

ALTER TABLE journal_head ADD COLUMN last_at timestamptz;
UPDATE journal_head SET last_at = (SELECT max(at) FROM (SELECT max(at) AS at FROM audit_log
                                                        UNION ALL SELECT max(at) FROM events) AS t);

-- Access records of gratification reports point at their audit record, which exists only
-- once sealed: until then pending_id names the pending record and seq is NULL.
ALTER TABLE gratification_report_accesses DROP CONSTRAINT gratification_report_accesses_pkey;
ALTER TABLE gratification_report_accesses ALTER COLUMN seq DROP NOT NULL,
                                          ADD COLUMN pending_id bigint;
CREATE UNIQUE INDEX gratification_report_accesses_seq_idx ON gratification_report_accesses (report_id, seq);
CREATE INDEX gratification_report_accesses_pending_idx ON gratification_report_accesses (pending_id)
    WHERE seq IS NULL;

CREATE OR REPLACE FUNCTION zi_journal(p_action text, p_rtype text, p_rid uuid, p_changes jsonb,
                                      p_personal boolean, p_version integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO journal_pending (actor_key_id, action, resource_type, resource_id, changes, personal, version, evented)
    VALUES (nullif(current_setting('zi.actor_key_id', true), '')::uuid, p_action, p_rtype, p_rid, p_changes,
            p_personal, p_version, coalesce(current_setting('zi.events_off', true), '') <> 'on');
END $$;

-- One event without an audit record of its own (the rows it sums up have theirs). Returns
-- the pending record's id: the event's sequence number exists only once sealed.
CREATE OR REPLACE FUNCTION zi_event(p_type text, p_rtype text, p_rid uuid, p_version integer)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO journal_pending (action, resource_type, resource_id, changes, version, evented)
    VALUES (p_type, p_rtype, p_rid, NULL, p_version, true)
    RETURNING id
$$;

-- Appends one access record (no event: nothing changed) for the reports a response carries.
CREATE OR REPLACE FUNCTION zi_report_access(p_way text, p_ids uuid[], p_key uuid) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO journal_pending (written_at, actor_key_id, action, resource_type, resource_id, changes, evented)
    VALUES (clock_timestamp(), p_key, 'gratification_report.accessed', 'gratification_report_access', p_ids[1],
            jsonb_build_object('way', p_way, 'report_ids', to_jsonb(p_ids)), false)
    RETURNING id INTO v_id;
    INSERT INTO gratification_report_accesses (report_id, seq, pending_id, at, key_id, way)
    SELECT DISTINCT id, NULL::bigint, v_id, clock_timestamp(), p_key, p_way FROM unnest(p_ids) AS id;
    RETURN v_id;
END $$;

-- Seals up to p_max committed pending records (see the top of this file); returns how many.
-- Safe to call from any number of sessions at once: they take turns on journal_head's row.
-- Must run in its own transaction: the lock it takes is held until that transaction ends.
CREATE FUNCTION zi_seal(p_max integer DEFAULT 5000) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    h      journal_head;
    r      journal_pending;
    v_at   timestamptz;
    v_hash bytea;
    v_n    integer := 0;
    v_ev   boolean := false;
BEGIN
    -- Cheap when there is nothing to do, and no lock is taken then.
    IF NOT EXISTS (SELECT 1 FROM journal_pending ORDER BY id LIMIT 1) THEN
        RETURN 0;
    END IF;
    SELECT * INTO h FROM journal_head FOR UPDATE;
    v_at := h.last_at;
    FOR r IN WITH d AS (DELETE FROM journal_pending
                         WHERE id IN (SELECT id FROM journal_pending ORDER BY id LIMIT p_max) RETURNING *)
             SELECT * FROM d ORDER BY id LOOP
        v_at := greatest(r.written_at, v_at);
        IF r.changes IS NOT NULL THEN
            h.audit_seq := h.audit_seq + 1;
            v_hash := sha256(h.audit_hash || convert_to(
                zi_audit_canonical(h.audit_seq, v_at, r.actor_key_id, r.action, r.resource_type, r.resource_id,
                                   r.changes, r.personal), 'UTF8'));
            INSERT INTO audit_log (seq, at, actor_key_id, action, resource_type, resource_id, changes, personal,
                                   prev_hash, hash)
            VALUES (h.audit_seq, v_at, r.actor_key_id, r.action, r.resource_type, r.resource_id, r.changes,
                    r.personal, h.audit_hash, v_hash);
            h.audit_hash := v_hash;
            IF r.resource_type = 'gratification_report_access' THEN
                UPDATE gratification_report_accesses SET seq = h.audit_seq, at = v_at, pending_id = NULL
                 WHERE pending_id = r.id AND seq IS NULL;
            END IF;
        END IF;
        IF r.evented THEN
            h.event_seq := h.event_seq + 1;
            INSERT INTO events (seq, type, resource_type, resource_id, version, at)
            VALUES (h.event_seq, r.action, r.resource_type, r.resource_id, r.version, v_at);
            v_ev := true;
        END IF;
        v_n := v_n + 1;
    END LOOP;
    IF v_n > 0 THEN
        UPDATE journal_head SET audit_seq = h.audit_seq, audit_hash = h.audit_hash, event_seq = h.event_seq,
                                last_at = v_at;
    END IF;
    IF v_ev THEN
        PERFORM pg_notify('zi_events', h.event_seq::text);
    END IF;
    RETURN v_n;
END $$;
