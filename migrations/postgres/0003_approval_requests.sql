-- Approval requests, their votes and their event log.
CREATE TABLE approval_requests (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    policy_id TEXT NOT NULL,
    rule_id TEXT,
    api_key_id TEXT NOT NULL,
    principal TEXT NOT NULL,
    server_id TEXT,
    server_name TEXT,
    tool TEXT NOT NULL,
    -- Sealed: exactly the arguments that run once approved.
    arguments_enc TEXT NOT NULL,
    -- What approvers are shown: secret-looking values redacted.
    arguments_redacted TEXT NOT NULL,
    call_hash TEXT NOT NULL,
    justification TEXT,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    approvals_required BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    escalate_at BIGINT,
    decided_at BIGINT,
    -- Every state change bumps the version and stamps its own write token;
    -- rows that belong to a change are only written under that token.
    version BIGINT NOT NULL,
    write_token TEXT,
    -- Once approved the call runs exactly once: 'none' → 'running' is claimed
    -- by one writer, 'done' keeps the upstream's result for later polls.
    execution TEXT NOT NULL DEFAULT 'none',
    result TEXT,
    executed_at BIGINT
);
CREATE INDEX approval_requests_open ON approval_requests (status, expires_at);
CREATE INDEX approval_requests_by_account ON approval_requests (account_id, created_at DESC);

CREATE TABLE approval_votes (
    request_id TEXT NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    approve BOOLEAN NOT NULL,
    comment TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

CREATE TABLE approval_events (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor TEXT,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX approval_events_by_request ON approval_events (request_id, created_at);
