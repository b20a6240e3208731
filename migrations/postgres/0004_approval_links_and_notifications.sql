-- Token links for approvers, notification channels, and the delivery outbox.

-- One row per approver link. Only the SHA-256 of the token is kept; rows are
-- deleted when their request is decided, expires or is cancelled.
CREATE TABLE approval_tokens (
    token_hash TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES approval_requests(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX approval_tokens_by_request ON approval_tokens (request_id);

-- Where an account's notifications go. The config (webhook URLs, signing
-- secrets, SMTP passwords) is sealed: it is only ever needed to send.
CREATE TABLE notification_channels (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    config_enc TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

-- The outbox: every notification is a row first, then sent by the scheduled
-- handler (or a queue consumer), retried with backoff, and its outcome kept.
-- The payload holds approver links, so it is sealed.
CREATE TABLE notification_deliveries (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    request_id TEXT REFERENCES approval_requests(id) ON DELETE CASCADE,
    channel_id TEXT,
    kind TEXT NOT NULL,
    recipient TEXT,
    payload_enc TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    last_status BIGINT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX notification_deliveries_by_request ON notification_deliveries (request_id, created_at);

-- The scheduler looks for approved calls cut off mid-execution.
CREATE INDEX approval_requests_running ON approval_requests (execution, executed_at);
