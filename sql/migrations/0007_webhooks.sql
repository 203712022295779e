-- Webhook subscriptions (issue 14): the city's other systems hear about changes without
-- polling. Deliveries are read from the same journal as /v1/events, per subscription in
-- sequence order, at least once, signed with the subscription's secret.
--
-- Progress. after_seq is the last event the subscription has dealt with (delivered, or not
-- of its types). The head-of-line event is retried with backoff (attempt, next_attempt_at,
-- first_failed_at) until it is delivered or the retry window ends; then failing_since is set
-- and event deliveries stop until an admin sets active again. A zi-server instance holds a
-- subscription while it delivers (lease_owner, lease_until) so that several instances share
-- the work without delivering one event twice at once; an expired lease is taken over.

CREATE TABLE webhook_subscriptions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url              text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
    description      text CHECK (char_length(description) <= 500),
    event_types      text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 20),
    secret           text NOT NULL,
    active           boolean NOT NULL DEFAULT true,
    failing_since    timestamptz,
    archived_at      timestamptz,
    created_by       uuid REFERENCES api_keys (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- delivery bookkeeping: never journalled, never versioned
    after_seq        bigint NOT NULL DEFAULT 0,
    attempt          integer NOT NULL DEFAULT 0,
    first_failed_at  timestamptz,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_owner      text,
    lease_until      timestamptz
);
CREATE INDEX webhook_subscriptions_created_idx ON webhook_subscriptions (created_at, id);

-- A new subscription hears what happens from now on, not the journal's history.
CREATE FUNCTION zi_webhook_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.after_seq := (SELECT event_seq FROM journal_head);
    RETURN NEW;
END $$;
CREATE TRIGGER webhook_subscriptions_start BEFORE INSERT ON webhook_subscriptions
    FOR EACH ROW EXECUTE FUNCTION zi_webhook_start();

CREATE TRIGGER webhook_subscriptions_touch BEFORE UPDATE ON webhook_subscriptions
    FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url OR OLD.description IS DISTINCT FROM NEW.description
                       OR OLD.event_types IS DISTINCT FROM NEW.event_types OR OLD.active IS DISTINCT FROM NEW.active
                       OR OLD.failing_since IS DISTINCT FROM NEW.failing_since
                       OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
    EXECUTE FUNCTION zi_touch();
CREATE TRIGGER webhook_subscriptions_journal AFTER INSERT OR UPDATE ON webhook_subscriptions
    FOR EACH ROW EXECUTE FUNCTION zi_journal_row('webhook',
        'secret,failing_since,after_seq,attempt,first_failed_at,next_attempt_at,lease_owner,lease_until');

-- Giving up on a receiver, and coming back to it, are events of their own
-- ("webhook.failing", "webhook.recovered"), so a subscriber to webhook.* hears of it.
CREATE FUNCTION zi_webhook_failing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM zi_journal(CASE WHEN NEW.failing_since IS NULL THEN 'webhook.recovered' ELSE 'webhook.failing' END,
                       'webhook', NEW.id,
                       jsonb_build_object('failing_since', jsonb_build_object('before', to_jsonb(OLD.failing_since),
                                                                              'after', to_jsonb(NEW.failing_since))),
                       false, NEW.version);
    RETURN NULL;
END $$;
CREATE TRIGGER webhook_subscriptions_failing AFTER UPDATE ON webhook_subscriptions
    FOR EACH ROW WHEN (OLD.failing_since IS DISTINCT FROM NEW.failing_since)
    EXECUTE FUNCTION zi_webhook_failing();

-- The delivery log: one row per event (or ping, or manual redelivery) per subscription,
-- updated at each attempt. Not journalled: it is the record of our calls to the receiver.
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id       uuid NOT NULL REFERENCES webhook_subscriptions (id),
    kind             text NOT NULL CHECK (kind IN ('event', 'ping', 'redelivery')),
    event_seq        bigint,          -- NULL for a ping
    event_type       text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    response_code    integer,
    duration_ms      integer,
    error            text CHECK (char_length(error) <= 300),
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_attempt_at  timestamptz,
    next_attempt_at  timestamptz,
    completed_at     timestamptz,
    CHECK ((kind = 'ping') = (event_seq IS NULL))
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (webhook_id, event_seq) WHERE kind = 'event';
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_manual_idx ON webhook_deliveries (webhook_id, created_at)
    WHERE kind <> 'event' AND status = 'pending';

-- Which events a subscription's patterns take: "*", "unit.*" or "unit.created".
CREATE FUNCTION zi_webhook_matches(p_patterns text[], p_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT EXISTS (SELECT 1 FROM unnest(p_patterns) AS p
                    WHERE p = '*' OR p = p_type
                       OR (right(p, 2) = '.*' AND left(p_type, char_length(p) - 1) = left(p, char_length(p) - 1)))
$$;
