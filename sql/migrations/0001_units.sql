-- Units of Kota Mojokerto and the history of their ZI predicate (DOMAIN §1).
-- Rules live here too, so that no client can bypass them: kinds, code shape,
-- case-insensitive unique codes, one active predicate per unit, and the unit's
-- predicate column derived from its history by trigger, never written directly.

CREATE TABLE units (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code                text NOT NULL
                        CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    kind                text NOT NULL CHECK (kind IN ('sd', 'smp', 'puskesmas', 'rsud', 'dinas',
                                                      'kecamatan', 'kelurahan', 'mpp', 'other')),
    parent_id           uuid REFERENCES units (id),
    address             text CHECK (char_length(address) <= 500),
    head_name           text CHECK (char_length(head_name) <= 200),
    staff_count         integer CHECK (staff_count BETWEEN 0 AND 100000),
    designation_decree  text CHECK (char_length(designation_decree) <= 200),
    designated_on       date,
    predicate           text NOT NULL DEFAULT 'none' CHECK (predicate IN ('none', 'wbk', 'wbbm')),
    archived_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE UNIQUE INDEX units_code_ci_key ON units (lower(code));
CREATE INDEX units_name_id_idx ON units (name, id);
CREATE INDEX units_code_id_idx ON units (code, id);
CREATE INDEX units_created_id_idx ON units (created_at, id);
CREATE INDEX units_parent_idx ON units (parent_id);

-- Every change bumps version and updated_at, whoever makes it, so ETags and
-- If-Match stay truthful even for changes made by triggers or by hand.
CREATE FUNCTION zi_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER units_touch BEFORE UPDATE ON units
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();

CREATE TABLE unit_predicates (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id         uuid NOT NULL REFERENCES units (id),
    level           text NOT NULL CHECK (level IN ('wbk', 'wbbm')),
    -- NULL only for records taken from public sources that do not give the year.
    year            integer CHECK (year BETWEEN 2010 AND 2100),
    decree_number   text CHECK (char_length(decree_number) <= 200),
    decree_date     date,
    status          text NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'superseded', 'revoked')),
    revoked_at      timestamptz,
    revoke_reason   text CHECK (char_length(revoke_reason) <= 2000),
    source          text CHECK (char_length(source) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);

CREATE UNIQUE INDEX unit_predicates_one_active ON unit_predicates (unit_id) WHERE status = 'active';
CREATE INDEX unit_predicates_unit_idx ON unit_predicates (unit_id, created_at, id);

CREATE FUNCTION zi_sync_unit_predicate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE units u
       SET predicate = coalesce((SELECT p.level FROM unit_predicates p
                                  WHERE p.unit_id = u.id AND p.status = 'active'), 'none')
     WHERE u.id = NEW.unit_id;
    RETURN NULL;
END $$;

CREATE TRIGGER unit_predicates_sync AFTER INSERT OR UPDATE ON unit_predicates
    FOR EACH ROW EXECUTE FUNCTION zi_sync_unit_predicate();

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prefix          text NOT NULL,
    key_hash        bytea NOT NULL UNIQUE,
    role            text NOT NULL CHECK (role IN ('admin', 'upg', 'evaluator', 'unit_officer', 'employee')),
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    unit_id         uuid REFERENCES units (id),
    nip             text CHECK (nip ~ '^[0-9]{18}$'),
    created_by      uuid REFERENCES api_keys (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    CHECK (role NOT IN ('unit_officer', 'employee') OR unit_id IS NOT NULL),
    CHECK (role <> 'employee' OR nip IS NOT NULL)
);
