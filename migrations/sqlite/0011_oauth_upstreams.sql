-- Upstream servers that require OAuth. An admin connects each once through
-- the upstream's own authorization server; Preloop keeps the tokens, sealed
-- with the deployment's key like an auth header, and refreshes them.
-- `oauth` on the server: NULL (not an OAuth server), 'pending' (a
-- connection was started and none made yet), 'connected', or 'broken' (a
-- refresh failed: an admin must connect it again).
ALTER TABLE mcp_servers ADD COLUMN oauth TEXT;

CREATE TABLE mcp_server_oauth (
    server_id TEXT PRIMARY KEY REFERENCES mcp_servers(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    issuer TEXT NOT NULL,
    token_endpoint TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_enc TEXT,
    -- The RFC 8707 resource the tokens are for: the server's own.
    resource TEXT NOT NULL,
    scope TEXT,
    access_token_enc TEXT,
    refresh_token_enc TEXT,
    expires_at INTEGER,
    connected_at INTEGER,
    connected_by TEXT,
    -- Bumped by every token write: a refresh stores its tokens only over
    -- the ones it refreshed.
    version INTEGER NOT NULL,
    -- Refresh tokens may be single-use: one refresh at a time, by whoever
    -- holds this lease (until then).
    refreshing_until INTEGER,
    updated_at INTEGER NOT NULL
);

-- Connections in progress, by a hash of their `state` (the browser carries
-- the state itself), with the client they registered and the PKCE verifier
-- sealed: the connection above is written only when one succeeds, so a
-- server keeps working on its old tokens meanwhile. Used once, for minutes.
CREATE TABLE oauth_flows (
    state_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    token_endpoint TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_enc TEXT,
    resource TEXT NOT NULL,
    scope TEXT,
    verifier_enc TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    started_by TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
