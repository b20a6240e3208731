-- Issue trackers (ARCHITECTURE.md "Trackers"): the trackers an account
-- connects, the organizations and projects they hold, the issues synced
-- from them, the webhook deliveries they send, and the normalised events
-- those become.
--
-- A tracker's token is sealed with the deployment's key or named by a
-- Vault/OpenBao reference (token_ref), and shown only by its last four
-- characters; the secret its webhooks are signed with is sealed too (it has
-- to be read back to check a signature, so it cannot be hashed).
CREATE TABLE trackers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- github, gitlab or jira.
    kind TEXT NOT NULL,
    -- The API's root: https://api.github.com, https://gitlab.example.com,
    -- https://example.atlassian.net.
    base_url TEXT NOT NULL,
    -- JSON: the kind's own settings (Jira's edition and user name, the
    -- page size, the poll interval).
    settings TEXT NOT NULL,
    token_enc TEXT,
    token_ref TEXT,
    token_hint TEXT,
    webhook_secret_enc TEXT NOT NULL,
    -- JSON: {"organizations": [...], "projects": [...]}; an empty list
    -- takes everything the credentials reach.
    scope TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    last_sync_at INTEGER,
    next_sync_at INTEGER,
    last_error TEXT,
    last_error_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE tracker_organizations (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    -- The tracker's name for it: a GitHub login, a GitLab group's path, a
    -- Jira site.
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT,
    in_scope INTEGER NOT NULL,
    -- registered, manual (the credentials may not register one: the
    -- message says what to set up by hand) or failed.
    webhook_status TEXT,
    webhook_message TEXT,
    webhook_external_id TEXT,
    last_webhook_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tracker_id, external_id)
);

CREATE TABLE tracker_projects (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES tracker_organizations(id) ON DELETE CASCADE,
    -- owner/repo, group/subgroup/project, or a Jira project key.
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT,
    in_scope INTEGER NOT NULL,
    -- JSON: where the sync stands (its phase, the next page's address,
    -- the time it has seen up to), so an interrupted run resumes there.
    sync_cursor TEXT,
    -- Who holds the project's sync, until when (a lease, so two runs never
    -- page the same project at once and a dead one's lease runs out).
    sync_claimed_until INTEGER,
    last_sync_at INTEGER,
    next_sync_at INTEGER,
    last_error TEXT,
    last_webhook_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tracker_id, external_id)
);
CREATE INDEX tracker_projects_due ON tracker_projects (next_sync_at);

-- Issues, pull requests and merge requests as last seen. remote_updated_at
-- is the tracker's version: an update older than the row is ignored.
CREATE TABLE issues (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES tracker_projects(id) ON DELETE CASCADE,
    -- The tracker's own id for it.
    external_id TEXT NOT NULL,
    -- How people write it: owner/repo#12, group/project!12, PROJ-12.
    key TEXT NOT NULL,
    number INTEGER,
    -- issue, pull_request or merge_request.
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- open or closed (merged ones are closed, with status merged).
    state TEXT NOT NULL,
    status TEXT,
    priority TEXT,
    labels TEXT NOT NULL,
    assignees TEXT NOT NULL,
    author TEXT,
    url TEXT,
    -- JSON: the tracker's own links, [{"type": "blocks", "key": "PROJ-2"}].
    links TEXT NOT NULL,
    remote_created_at INTEGER,
    remote_updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tracker_id, external_id)
);
CREATE INDEX issues_by_project ON issues (project_id, remote_updated_at);
CREATE INDEX issues_by_key ON issues (account_id, key);
CREATE INDEX issues_by_write ON issues (updated_at);
-- Full text: FTS5 with its own copy of the text, kept beside each write of
-- the issue in the same batch (no triggers: D1 and the statement splitter
-- take one statement at a time).
CREATE VIRTUAL TABLE issues_fts USING fts5(issue_id UNINDEXED, account_id UNINDEXED, title, body, tokenize = 'porter unicode61');
-- Each issue's row in issues_fts, by a rowid of its own (an INTEGER
-- PRIMARY KEY, so VACUUM keeps it): an FTS5 column cannot be indexed, and
-- finding an issue's row by issue_id would read them all.
CREATE TABLE issue_fts_rows (
    fts_rowid INTEGER PRIMARY KEY,
    issue_id TEXT NOT NULL UNIQUE
);

CREATE TABLE issue_comments (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    author TEXT,
    body TEXT NOT NULL,
    remote_created_at INTEGER,
    remote_updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (issue_id, external_id)
);

-- What people decided about a pair of issues duplicate detection put to
-- them (issue_id < other_id): duplicate, linked or not_duplicate. A pair
-- decided not_duplicate is never suggested again.
CREATE TABLE issue_duplicates (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    resolution TEXT NOT NULL,
    similarity REAL,
    comment TEXT,
    decided_by TEXT,
    decided_at INTEGER NOT NULL,
    UNIQUE (account_id, issue_id, other_id)
);

-- Webhook deliveries as received, once each (the tracker's delivery id),
-- worked after they were acknowledged.
CREATE TABLE tracker_deliveries (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    -- The tracker's name for the event (GitHub's X-GitHub-Event, …).
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- The payload's SHA-256: the delivery id is not signed, so the same
    -- signed body sent again under another id is a repeat too.
    payload_sha256 TEXT NOT NULL,
    -- pending, done or failed.
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT,
    claimed_until INTEGER,
    received_at INTEGER NOT NULL,
    processed_at INTEGER,
    UNIQUE (tracker_id, delivery_id),
    UNIQUE (tracker_id, payload_sha256)
);
CREATE INDEX tracker_deliveries_pending ON tracker_deliveries (status, received_at);

-- Normalised events (issue_opened, comment_created, …), in the order they
-- were worked: what flows are started from.
CREATE TABLE tracker_events (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL,
    project_id TEXT,
    delivery_id TEXT NOT NULL,
    event TEXT NOT NULL,
    issue_key TEXT,
    actor TEXT,
    data TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
-- A delivery worked twice records its events once, those about no issue
-- too (a NULL would never equal another in a plain UNIQUE).
CREATE UNIQUE INDEX tracker_events_once ON tracker_events (delivery_id, event, COALESCE(issue_key, ''));
CREATE INDEX tracker_events_by_account ON tracker_events (account_id, created_at);

-- Which model made a vector, its length, and a hash of the text it was
-- made from: a vector of another model, or of text since changed, is made
-- again. An issue's vector has the issue's id.
ALTER TABLE embeddings ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE embeddings ADD COLUMN dims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE embeddings ADD COLUMN content_hash TEXT;
CREATE INDEX embeddings_by_model ON embeddings (account_id, kind, model);
