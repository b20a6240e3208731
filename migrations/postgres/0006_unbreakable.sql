-- Separation of duties: four-eyes workflows, and the person responsible for
-- a managed agent (who then cannot approve its calls under four eyes).
ALTER TABLE approval_policies ADD COLUMN require_different_person BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE agents ADD COLUMN owner_user_id TEXT;

-- Every call's record reaches a final outcome: records name the instance
-- that wrote them, and instances say they are alive, so the records a dead
-- instance left `pending` can be closed as `interrupted` (records written at
-- the edge carry no instance and are closed by age).
ALTER TABLE audit_events ADD COLUMN instance_id TEXT;
CREATE INDEX audit_events_pending ON audit_events (created_at) WHERE outcome = 'pending';
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    started_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

-- The kill switch (set: calls are refused; cleared: as before) and rate
-- limits in calls per minute, at each level; a key's own limit wins over
-- its agent's, which wins over its account's. Counts are kept per key in
-- one-minute windows.
ALTER TABLE accounts ADD COLUMN killed_at BIGINT;
ALTER TABLE accounts ADD COLUMN kill_reason TEXT;
ALTER TABLE accounts ADD COLUMN rate_limit_per_minute BIGINT;
ALTER TABLE agents ADD COLUMN killed_at BIGINT;
ALTER TABLE agents ADD COLUMN kill_reason TEXT;
ALTER TABLE agents ADD COLUMN rate_limit_per_minute BIGINT;
ALTER TABLE api_keys ADD COLUMN killed_at BIGINT;
ALTER TABLE api_keys ADD COLUMN kill_reason TEXT;
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute BIGINT;
CREATE TABLE rate_windows (
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (subject, window_start)
);

-- An account's own redaction: more secret field names and patterns (JSON
-- arrays), on top of the built-in rules.
ALTER TABLE accounts ADD COLUMN redaction_keys TEXT;
ALTER TABLE accounts ADD COLUMN redaction_patterns TEXT;

-- A tamper-evident audit trail: each final record gets its place in its
-- account's sequence (no gaps: a counter moved in the same transaction) and
-- the hash of its content; checkpoints fold records into a hash chain and
-- sign it (ARCHITECTURE.md, "the audit trail is a signed hash chain").
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
ALTER TABLE audit_events ADD COLUMN content_hash TEXT;
ALTER TABLE audit_events ADD COLUMN chain_hash TEXT;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (account_id, seq);
CREATE TABLE audit_heads (
    account_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    -- Places given before this migration: their records were written
    -- without a content hash, which the first checkpoint computes.
    legacy_through BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE audit_checkpoints (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    -- Covers seq_from..=seq_to; prev_root is the chain value before it.
    seq_from BIGINT NOT NULL,
    seq_to BIGINT NOT NULL,
    prev_root TEXT NOT NULL,
    root TEXT NOT NULL,
    -- 'periodic', or 'purge' when records up to seq_to were removed by retention.
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
    -- Two checkpointers racing cannot both cover a range from one start.
    UNIQUE (account_id, seq_to),
    UNIQUE (account_id, seq_from)
);
-- A statement inserting NULL here makes its batch fail: how a finalisation
-- that lost a race rolls its counter back.
CREATE TABLE audit_guard (must_hold BIGINT NOT NULL);
-- Records final before this migration take their places in creation order.
UPDATE audit_events SET seq = ranked.n FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY created_at, id) AS n
    FROM audit_events WHERE outcome <> 'pending'
) AS ranked WHERE audit_events.id = ranked.id;
INSERT INTO audit_heads (account_id, seq, legacy_through)
    SELECT account_id, MAX(seq), MAX(seq) FROM audit_events WHERE seq IS NOT NULL GROUP BY account_id;
