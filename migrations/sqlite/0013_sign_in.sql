-- People sign in (ARCHITECTURE.md "Sign-in and roles").
--
-- A person's role in the account (access::ROLE_PERMISSIONS). People were
-- added to decide approval requests, so those already here are approvers,
-- or admins where they hold an admin key.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'approver';
UPDATE users SET role = 'admin'
 WHERE id IN (SELECT user_id FROM api_keys WHERE role = 'admin' AND user_id IS NOT NULL);
-- An argon2id PHC string; NULL: the person cannot sign in with a password.
ALTER TABLE users ADD COLUMN password_hash TEXT;
-- Set when the person may no longer sign in (their sessions are revoked).
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- A password sign-in names no account, so an email that signs in with a
-- password does so in one account only (emails are stored lowercased).
CREATE UNIQUE INDEX users_sign_in_email ON users (email) WHERE password_hash IS NOT NULL;

-- Membership of a team may grant a role besides the person's own. Every
-- key lookup now joins a person's teams, by the person.
ALTER TABLE teams ADD COLUMN role TEXT;
CREATE INDEX team_members_by_user ON team_members (user_id);

-- A key may be narrowed to some of its role's permissions (space-separated
-- names); NULL: all of them.
ALTER TABLE api_keys ADD COLUMN scopes TEXT;

-- A sign-in: what access tokens are issued from and checked against, and
-- the family of its refresh tokens (revoking it signs the session out).
CREATE TABLE sign_in_sessions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- How the person signed in: 'password', 'sso', 'oauth'.
    method TEXT NOT NULL,
    -- The OAuth client acting for the person; NULL for Preloop's own.
    client_id TEXT,
    -- What its access tokens are for (the API, or the MCP resource).
    audience TEXT NOT NULL,
    -- The permissions granted (space-separated); NULL: the person's.
    scope TEXT,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_reason TEXT
);
CREATE INDEX sign_in_sessions_by_user ON sign_in_sessions (user_id);

-- Refresh tokens, by the hash of the opaque token. Each is used once: the
-- refresh that uses it issues the next, and a second use revokes the
-- session (someone else holds a copy).
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sign_in_sessions(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

-- Failed sign-ins per email and per address, for throttling and lockout.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_started_at INTEGER NOT NULL,
    locked_until INTEGER
);

-- One-time links: invitations (a person sets their password and joins) and
-- password resets. By the hash of the token in the link; used once.
CREATE TABLE auth_tickets (
    token_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    -- 'invitation', 'password_reset' or 'authorization_code'.
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- Who made it (an audit label); NULL when the person asked themselves.
    created_by TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    -- What an authorization code was issued for (JSON: client, redirect
    -- URI, PKCE challenge, scope) and, once exchanged, the session it
    -- started (revoked if the code is presented again).
    data TEXT
);
CREATE INDEX auth_tickets_by_account ON auth_tickets (account_id, kind);

-- OAuth clients of the MCP endpoint: registered (RFC 7591, client_id
-- `plc_…`) or known by their Client ID Metadata Document (client_id is the
-- document's URL; kept here as fetched, and fetched again when stale).
CREATE TABLE oauth_clients (
    client_id TEXT PRIMARY KEY,
    -- 'registered' or 'metadata_document'.
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    -- JSON array of the exact redirect URIs allowed.
    redirect_uris TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    fetched_at INTEGER
);
