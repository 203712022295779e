-- The test-only fixture resource (server/src/api/test_fixture.c), served by zi-server only
-- with --test-fixtures: a private, unit-scoped record with fields of every visibility class,
-- journalled like a real resource. tests/run-api.sh applies this file to the test database
-- after the migrations; it is never part of a migration.
CREATE TABLE IF NOT EXISTS test_fixtures (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id     uuid NOT NULL REFERENCES units (id),
    title       text NOT NULL,
    secret      text,                  -- seen by its owner and the UPG only (not even admins)
    unit_note   text,                  -- seen by admins, the UPG and the record's own unit
    owner       text NOT NULL,         -- key id or NIP of whoever filed it
    flagged     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS test_fixtures_created_idx ON test_fixtures (created_at, id);
DROP TRIGGER IF EXISTS test_fixtures_touch ON test_fixtures;
CREATE TRIGGER test_fixtures_touch BEFORE UPDATE ON test_fixtures
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zi_touch();
DROP TRIGGER IF EXISTS test_fixtures_journal ON test_fixtures;
CREATE TRIGGER test_fixtures_journal AFTER INSERT OR UPDATE ON test_fixtures
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('test_fixture', '', 'secret,owner');
