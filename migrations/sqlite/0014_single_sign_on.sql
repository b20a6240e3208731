-- Single sign-on with an account's OpenID provider (ARCHITECTURE.md
-- "Single sign-on").
--
-- One provider per account, known by its issuer URL. Preloop is a client
-- there (client_id, and a secret sealed with the deployment's key when the
-- client is confidential). The provider's groups map to roles through
-- group_roles: a JSON array of {"group", "role"}, first match wins;
-- default_role is for people in none of them (NULL: they are refused).
CREATE TABLE sso_providers (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret_enc TEXT,
    -- Space-separated scopes asked for besides openid.
    scopes TEXT NOT NULL,
    -- The claim that lists a person's groups (ID token or userinfo).
    groups_claim TEXT NOT NULL,
    group_roles TEXT NOT NULL,
    default_role TEXT,
    enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Who a provider's subject is here: found by (issuer, subject), never by
-- email alone once linked.
CREATE TABLE sso_identities (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_sign_in_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, issuer, subject)
);
CREATE INDEX sso_identities_by_user ON sso_identities (user_id);

-- Sign-ins on their way through the provider, by the hash of their
-- `state`; taken (deleted) when the browser comes back.
CREATE TABLE sso_flows (
    state_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    verifier_enc TEXT NOT NULL,
    nonce TEXT NOT NULL,
    -- Where the browser goes once signed in (a path on this deployment).
    return_to TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
