-- The journal: a hash-chained audit log and a change feed, both appended by triggers in
-- the transaction of every write (issue 4), so no writer — not even one with direct SQL
-- access short of superuser — can change data without leaving a record.
--
-- Ordering. journal_head is a single row. Every journal append updates it first, which
-- takes its row lock until the writing transaction ends. So appends are serialised in
-- commit order: audit sequence numbers have no gaps and no forks, and event sequence
-- numbers become visible to readers in increasing order (a reader that has seen event N
-- will never later see an event below N appear). The price is that writing transactions
-- commit one at a time once they have journalled; they journal at their last write.

CREATE TABLE journal_head (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    audit_seq   bigint NOT NULL DEFAULT 0,
    audit_hash  bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex'),
    event_seq   bigint NOT NULL DEFAULT 0
);
INSERT INTO journal_head DEFAULT VALUES;

CREATE TABLE audit_log (
    seq             bigint PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_key_id    uuid,          -- NULL: written directly in the database, not through the API
    action          text NOT NULL, -- "unit.created", "unit.updated", "unit.archived", …
    resource_type   text NOT NULL,
    resource_id     uuid NOT NULL,
    changes         jsonb NOT NULL, -- {"field": {"before": …, "after": …}}
    personal        boolean NOT NULL DEFAULT false, -- holds a reporter's personal data
    prev_hash       bytea NOT NULL,
    hash            bytea NOT NULL
);
CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id, seq);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_key_id, seq);

CREATE TABLE events (
    seq             bigint PRIMARY KEY,
    type            text NOT NULL,  -- same vocabulary as audit actions
    resource_type   text NOT NULL,
    resource_id     uuid NOT NULL,
    version         integer,
    at              timestamptz NOT NULL
);

-- The canonical encoding that is hashed. zi-server's verifier (server/src/domain/audit.c)
-- rebuilds exactly this text from the stored columns; both must change together, and
-- only through a new version tag.
CREATE FUNCTION zi_audit_canonical(p_seq bigint, p_at timestamptz, p_actor uuid, p_action text,
                                   p_rtype text, p_rid uuid, p_changes jsonb, p_personal boolean)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT 'zi-audit-v1' || E'\n' || p_seq::text
        || E'\n' || to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        || E'\n' || coalesce(p_actor::text, '-')
        || E'\n' || p_action || E'\n' || p_rtype || E'\n' || p_rid::text
        || E'\n' || CASE WHEN p_personal THEN 'personal' ELSE 'plain' END
        || E'\n' || p_changes::text
$$;

CREATE FUNCTION zi_journal(p_action text, p_rtype text, p_rid uuid, p_changes jsonb,
                           p_personal boolean, p_version integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    h       journal_head;
    v_actor uuid := nullif(current_setting('zi.actor_key_id', true), '')::uuid;
    v_at    timestamptz;
    v_hash  bytea;
BEGIN
    -- Taking the head's row lock here is what orders the journal (see the top of this file).
    UPDATE journal_head SET audit_seq = audit_seq + 1, event_seq = event_seq + 1 RETURNING * INTO h;
    -- Read the clock under the lock, so that times grow with sequence numbers.
    v_at := clock_timestamp();
    v_hash := sha256(h.audit_hash || convert_to(
        zi_audit_canonical(h.audit_seq, v_at, v_actor, p_action, p_rtype, p_rid, p_changes, p_personal), 'UTF8'));
    INSERT INTO audit_log (seq, at, actor_key_id, action, resource_type, resource_id, changes, personal,
                           prev_hash, hash)
    VALUES (h.audit_seq, v_at, v_actor, p_action, p_rtype, p_rid, p_changes, p_personal, h.audit_hash, v_hash);
    UPDATE journal_head SET audit_hash = v_hash;
    INSERT INTO events (seq, type, resource_type, resource_id, version, at)
    VALUES (h.event_seq, p_action, p_rtype, p_rid, p_version, v_at);
    PERFORM pg_notify('zi_events', h.event_seq::text);
END $$;

-- Generic row trigger: TG_ARGV[0] is the resource type ("unit"); TG_ARGV[1], if given, is a
-- comma-separated list of columns never journalled (secrets, bookkeeping); TG_ARGV[2] lists
-- the columns holding personal data: a record that changes one of them is marked personal,
-- and only roles allowed to see personal data read its changes. An update that changes
-- only ignored columns is not journalled. Setting archived_at makes the action
-- "<type>.archived"; setting revoked_at makes it "<type>.revoked".
CREATE FUNCTION zi_journal_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_rtype   text := TG_ARGV[0];
    v_ignored text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',') || ARRAY['version', 'updated_at'];
    v_personal text[] := string_to_array(coalesce(TG_ARGV[2], ''), ',');
    v_old     jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{}'::jsonb END;
    v_new     jsonb := to_jsonb(NEW);
    v_changes jsonb;
    v_action  text;
BEGIN
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
    PERFORM zi_journal(v_action, v_rtype, (v_new ->> 'id')::uuid, v_changes, v_changes ?| v_personal,
                       (v_new ->> 'version')::integer);
    RETURN NULL;
END $$;

CREATE TRIGGER units_journal AFTER INSERT OR UPDATE ON units
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('unit');
CREATE TRIGGER unit_predicates_journal AFTER INSERT OR UPDATE ON unit_predicates
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('unit_predicate');
CREATE TRIGGER api_keys_journal AFTER INSERT OR UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('api_key', 'key_hash,last_used_at', 'nip');

-- The journal is append-only: rows change only by a superuser bypassing these rules, and
-- that is what the hash chain then detects.
CREATE FUNCTION zi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION zi_append_only();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION zi_append_only();

-- POSTs with an Idempotency-Key (issue 4): the first successful response, kept 24 h.
-- scope is the API key's id, or the zero UUID for requests without a key.
CREATE TABLE idempotency_keys (
    scope           uuid NOT NULL,
    key             text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
    request_hash    bytea NOT NULL,
    status          integer,
    location        text,
    etag            text,
    body            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- API keys become a resource like the others: a version for ETags, bumped only by changes
-- that matter (not by last_used_at bookkeeping).
ALTER TABLE api_keys ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
                     ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
CREATE TRIGGER api_keys_touch BEFORE UPDATE ON api_keys
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
                       OR OLD.role IS DISTINCT FROM NEW.role OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION zi_touch();
CREATE INDEX api_keys_created_idx ON api_keys (created_at, id);
