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
