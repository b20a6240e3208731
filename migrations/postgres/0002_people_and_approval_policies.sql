-- People who can approve, and the approval workflows rules point at.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, email)
);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

ALTER TABLE api_keys ADD COLUMN user_id TEXT REFERENCES users(id) ON DELETE CASCADE;

CREATE TABLE approval_policies (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    approvals_required BIGINT NOT NULL,
    timeout_seconds BIGINT NOT NULL,
    escalation_delay_seconds BIGINT,
    notification_channels TEXT NOT NULL,
    async_approval BOOLEAN NOT NULL,
    is_default BOOLEAN NOT NULL,
    justification TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

-- Who approves: users or teams, in the first round or after escalation.
CREATE TABLE approval_policy_members (
    policy_id TEXT NOT NULL REFERENCES approval_policies(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    member_kind TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (policy_id, stage, member_kind, member_id)
);

ALTER TABLE access_rules ADD COLUMN approval_policy_id TEXT REFERENCES approval_policies(id);
