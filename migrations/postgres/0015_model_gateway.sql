-- The model gateway (ARCHITECTURE.md "The model gateway"): an account's
-- model providers, the models its callers may name, and the usage ledger.
--
-- A provider's API key is sealed with the deployment's key, or kept in
-- Vault or OpenBao and named by reference; either way shown only by its
-- last four characters (key_hint).
CREATE TABLE ai_providers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- openai, anthropic or openai-compatible.
    kind TEXT NOT NULL,
    base_url TEXT NOT NULL,
    api_key_enc TEXT,
    -- Or where the key is kept: vault:<mount>/data/<path>#<field>, read
    -- from Vault or OpenBao when a request needs it.
    api_key_ref TEXT,
    key_hint TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

-- A model as callers name it, and what it resolves to. prices is NULL to
-- use the shipped price table, or a JSON object of USD per million tokens
-- ({"input", "output", "cache_read", "cache_write"}) that overrides it.
CREATE TABLE ai_models (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    provider_id TEXT NOT NULL REFERENCES ai_providers(id) ON DELETE CASCADE,
    upstream_model TEXT NOT NULL,
    context_window BIGINT,
    max_output_tokens BIGINT,
    prices TEXT,
    allow_unpriced BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

-- One row per gateway request, refused ones included. Costs are in
-- nano-dollars (1e-9 USD), exact in a 64-bit integer; cost_nanousd is NULL
-- when the model had no price (unpriced), never 0 for it.
CREATE TABLE usage_ledger (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    api_key_id TEXT,
    agent_id TEXT,
    -- The flow and flow execution a runtime token was issued for.
    flow_id TEXT,
    flow_execution_id TEXT,
    endpoint TEXT NOT NULL,
    requested_model TEXT,
    model_id TEXT,
    provider_id TEXT,
    upstream_model TEXT,
    input_tokens BIGINT,
    output_tokens BIGINT,
    cached_tokens BIGINT,
    cost_nanousd BIGINT,
    price_version TEXT,
    -- ok, refused, provider_error, cancelled.
    outcome TEXT NOT NULL,
    status BIGINT NOT NULL,
    error TEXT,
    streamed BOOLEAN NOT NULL,
    latency_ms BIGINT,
    ttfb_ms BIGINT,
    -- What the request held on its budgets while on its way: a JSON array
    -- of [budget_id, window_start, nano-dollars], released when it settles.
    reservations TEXT,
    -- Set by whoever settles the row, so only that settlement releases.
    settled_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX usage_ledger_by_account ON usage_ledger (account_id, created_at);
CREATE INDEX usage_ledger_by_execution ON usage_ledger (account_id, flow_execution_id);

-- Budgets: USD amounts (in nano-dollars) an account, agent or API key may
-- spend per day, month or in total. scope_id is the agent's or key's id,
-- or the account's own for an account budget.
CREATE TABLE budgets (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    amount_nanousd BIGINT NOT NULL,
    period TEXT NOT NULL,
    soft_limit_pct BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (account_id, scope, scope_id, period)
);

-- A budget's counters for one period (window_start: the UTC day or month
-- it began, 0 for a total). A request reserves its most possible cost here
-- before it goes out, with a conditional update that cannot pass the
-- amount, and settles to what it cost.
CREATE TABLE budget_windows (
    budget_id TEXT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
    window_start BIGINT NOT NULL,
    spent_nanousd BIGINT NOT NULL,
    reserved_nanousd BIGINT NOT NULL,
    PRIMARY KEY (budget_id, window_start)
);

-- Which models a scope may use: a JSON array of model names for the
-- account, an agent or an API key. The narrowest list that exists decides
-- (the key's, else its agent's, else the account's); with none, every
-- model of the account may be used.
CREATE TABLE model_access (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    models TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, scope, scope_id)
);

-- Runtime tokens are API keys that expire (at most a day after they are
-- issued), for a managed agent's run, a flow or a flow execution.
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN flow_id TEXT;
ALTER TABLE api_keys ADD COLUMN flow_execution_id TEXT;
