-- API keys are cached by each zi-server instance (issue 12, server/src/db/keycache.h): every
-- change that matters to authentication is announced on channel zi_keys, at commit, so that
-- every instance forgets what it cached.
CREATE FUNCTION zi_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('zi_keys', OLD.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER api_keys_changed AFTER UPDATE ON api_keys
    FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.role IS DISTINCT FROM NEW.role
                       OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.nip IS DISTINCT FROM NEW.nip
                       OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
    EXECUTE FUNCTION zi_keys_changed();
CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION zi_keys_changed();
