-- The model gateway (ARCHITECTURE.md "The model gateway"): an account's
-- model providers, the models its callers may name, and the usage ledger.
--
-- A provider's API key is sealed with the deployment's key and shown only
-- by its last four characters (key_hint).
CREATE TABLE ai_providers (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- openai, anthropic or openai-compatible.
    kind TEXT NOT NULL,
    base_url TEXT NOT NULL,
    api_key_enc TEXT,
    key_hint TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
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
    context_window INTEGER,
    max_output_tokens INTEGER,
    prices TEXT,
    allow_unpriced INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
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
    endpoint TEXT NOT NULL,
    requested_model TEXT,
    model_id TEXT,
    provider_id TEXT,
    upstream_model TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    cached_tokens INTEGER,
    cost_nanousd INTEGER,
    price_version TEXT,
    -- ok, refused, provider_error, cancelled.
    outcome TEXT NOT NULL,
    status INTEGER NOT NULL,
    error TEXT,
    streamed INTEGER NOT NULL,
    latency_ms INTEGER,
    ttfb_ms INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX usage_ledger_by_account ON usage_ledger (account_id, created_at);
