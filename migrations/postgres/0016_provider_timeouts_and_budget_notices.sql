-- How long a provider has for a whole answer (a stream's last event
-- included), in milliseconds; NULL: the gateway's default of ten minutes.
ALTER TABLE ai_providers ADD COLUMN timeout_ms BIGINT;

-- When the account was told a budget's period passed its soft limit: set
-- once, by a conditional update, so one notice goes out per period however
-- many requests cross the line at once. (The ledger's outcome, for the
-- record, as 0015 should have listed it: pending, ok, refused,
-- provider_error, cancelled or interrupted.)
ALTER TABLE budget_windows ADD COLUMN soft_noticed_at BIGINT;
