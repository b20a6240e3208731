-- Preloop schema, SQLite dialect (the embedded default store, D1 and Spin).
-- Mirrors migrations/postgres/0001_init.sql column for column; booleans are
-- INTEGER 0/1 and embeddings are little-endian f32 BLOBs.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    default_action TEXT NOT NULL DEFAULT 'deny',
    policy_version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE mcp_servers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    auth_header_enc TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    timeout_ms INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_scan_at INTEGER,
    last_scan_error TEXT,
    UNIQUE (account_id, name)
);

CREATE TABLE mcp_tools (
    server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT,
    description TEXT,
    input_schema TEXT NOT NULL,
    output_schema TEXT,
    annotations TEXT,
    scanned_at INTEGER NOT NULL,
    PRIMARY KEY (server_id, name)
);

CREATE TABLE tool_configurations (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tool_name TEXT NOT NULL,
    tool_source TEXT NOT NULL,
    is_enabled INTEGER NOT NULL DEFAULT 1,
    description TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, tool_name)
);

CREATE TABLE access_rules (
    id TEXT PRIMARY KEY,
    tool_configuration_id TEXT NOT NULL REFERENCES tool_configurations(id) ON DELETE CASCADE,
    priority INTEGER NOT NULL,
    action TEXT NOT NULL,
    condition TEXT,
    denial_message TEXT,
    description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX access_rules_by_tool ON access_rules (tool_configuration_id, priority);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    api_key_id TEXT,
    principal TEXT NOT NULL,
    server_id TEXT,
    server_name TEXT,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    decision TEXT NOT NULL,
    rule_id TEXT,
    reason TEXT NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT,
    duration_ms INTEGER,
    completed_at INTEGER
);
CREATE INDEX audit_events_by_time ON audit_events (account_id, created_at DESC, id DESC);
CREATE INDEX audit_events_by_tool ON audit_events (account_id, tool, created_at DESC);

CREATE TABLE mcp_sessions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    api_key_id TEXT NOT NULL,
    protocol_version TEXT NOT NULL,
    client_info TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE TABLE embeddings (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    content TEXT NOT NULL,
    embedding BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX embeddings_by_kind ON embeddings (account_id, kind);
