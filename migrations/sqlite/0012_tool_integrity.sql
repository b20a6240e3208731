-- Tool integrity (ARCHITECTURE.md "Tool integrity"). A tool's row holds
-- its pinned definition: the one first seen or last approved, which is
-- what callers list and what arguments are checked against. A scan that
-- finds it changed records the new one as `pending` and, by the server's
-- `on_change`, quarantines the tool ('quarantine'), or takes the new
-- definition and says so ('notify', 'accept').
ALTER TABLE mcp_servers ADD COLUMN on_change TEXT NOT NULL DEFAULT 'quarantine';
-- Whether a poisoning finding quarantines the tool ('quarantine') or is
-- only reported ('warn').
ALTER TABLE mcp_servers ADD COLUMN on_finding TEXT NOT NULL DEFAULT 'quarantine';
-- Whether tool results are passed through the account's redaction.
ALTER TABLE mcp_servers ADD COLUMN redact_results INTEGER NOT NULL DEFAULT 0;

-- The pinned definition's hash (sha256 of its canonical JSON).
ALTER TABLE mcp_tools ADD COLUMN hash TEXT;
-- NULL, or why the tool is held back: 'changed' or 'findings'.
ALTER TABLE mcp_tools ADD COLUMN quarantine TEXT;
-- The definition the upstream now gives, when it differs from the pin.
ALTER TABLE mcp_tools ADD COLUMN pending TEXT;
ALTER TABLE mcp_tools ADD COLUMN pending_hash TEXT;
-- What the poisoning scan found in the definition under review (a JSON
-- array), and the hash a person approved despite findings.
ALTER TABLE mcp_tools ADD COLUMN findings TEXT;
ALTER TABLE mcp_tools ADD COLUMN approved_hash TEXT;
ALTER TABLE mcp_tools ADD COLUMN changed_at INTEGER;

-- Arguments are checked against the tool's pinned input schema unless this
-- is turned off (for upstreams whose schemas are wrong).
ALTER TABLE tool_configurations ADD COLUMN validate_arguments INTEGER NOT NULL DEFAULT 1;

-- Prompts and resource templates, pinned like tools: the definition as the
-- upstream listed it (a JSON object), and the same integrity columns.
CREATE TABLE mcp_entries (
    server_id TEXT NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    scanned_at INTEGER NOT NULL,
    hash TEXT NOT NULL,
    quarantine TEXT,
    pending TEXT,
    pending_hash TEXT,
    findings TEXT,
    approved_hash TEXT,
    changed_at INTEGER,
    PRIMARY KEY (server_id, kind, name)
);
