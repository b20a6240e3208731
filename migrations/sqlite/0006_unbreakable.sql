-- Separation of duties: four-eyes workflows, and the person responsible for
-- a managed agent (who then cannot approve its calls under four eyes).
ALTER TABLE approval_policies ADD COLUMN require_different_person INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN owner_user_id TEXT;

-- Every call's record reaches a final outcome: records name the instance
-- that wrote them, and instances say they are alive, so the records a dead
-- instance left `pending` can be closed as `interrupted` (records written at
-- the edge carry no instance and are closed by age).
ALTER TABLE audit_events ADD COLUMN instance_id TEXT;
CREATE INDEX audit_events_pending ON audit_events (created_at) WHERE outcome = 'pending';
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

-- The kill switch (set: calls are refused; cleared: as before) and rate
-- limits in calls per minute, at each level; a key's own limit wins over
-- its agent's, which wins over its account's. Counts are kept per key in
-- one-minute windows.
ALTER TABLE accounts ADD COLUMN killed_at INTEGER;
ALTER TABLE accounts ADD COLUMN kill_reason TEXT;
ALTER TABLE accounts ADD COLUMN rate_limit_per_minute INTEGER;
ALTER TABLE agents ADD COLUMN killed_at INTEGER;
ALTER TABLE agents ADD COLUMN kill_reason TEXT;
ALTER TABLE agents ADD COLUMN rate_limit_per_minute INTEGER;
ALTER TABLE api_keys ADD COLUMN killed_at INTEGER;
ALTER TABLE api_keys ADD COLUMN kill_reason TEXT;
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER;
CREATE TABLE rate_windows (
    subject TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (subject, window_start)
);

-- An account's own redaction: more secret field names and patterns (JSON
-- arrays), on top of the built-in rules.
ALTER TABLE accounts ADD COLUMN redaction_keys TEXT;
ALTER TABLE accounts ADD COLUMN redaction_patterns TEXT;
