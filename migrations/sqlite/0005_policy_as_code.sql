-- Policy as code: named, scoped and shadow rules; tool-level approval
-- settings; managed agents and their keys; header templates for servers set
-- from a policy file; numbered policy revisions; decision traces in the audit.
ALTER TABLE access_rules ADD COLUMN name TEXT;
ALTER TABLE access_rules ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0;
-- account, agent or api_key; scope_id is the agent's or key's id.
ALTER TABLE access_rules ADD COLUMN scope_kind TEXT NOT NULL DEFAULT 'account';
ALTER TABLE access_rules ADD COLUMN scope_id TEXT;

ALTER TABLE tool_configurations ADD COLUMN approval_policy_id TEXT REFERENCES approval_policies(id);
ALTER TABLE tool_configurations ADD COLUMN justification TEXT;

-- The header as written in the policy file (`Bearer ${TOKEN}`), never the
-- secret: what an export shows.
ALTER TABLE mcp_servers ADD COLUMN auth_header_template TEXT;

CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
);
ALTER TABLE api_keys ADD COLUMN agent_id TEXT REFERENCES agents(id) ON DELETE CASCADE;

-- Every apply or rollback that changed something. The document is the file
-- as applied (secrets as `${VAR}` references); the values those references
-- had are sealed beside it so a rollback can restore them.
CREATE TABLE policy_revisions (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    document TEXT NOT NULL,
    secrets_enc TEXT,
    kind TEXT NOT NULL,
    source_number INTEGER,
    applied_by TEXT,
    summary TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, number)
);

ALTER TABLE audit_events ADD COLUMN trace TEXT;
