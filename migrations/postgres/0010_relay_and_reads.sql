-- What a session's client said it can do in its `initialize` (JSON, as
-- sent, bounded): an upstream's own requests (sampling, elicitation, roots)
-- are relayed only to clients that offer them. NULL: nothing.
ALTER TABLE mcp_sessions ADD COLUMN client_capabilities TEXT;

-- A read or a prompt get asked again after it was sent for approval finds
-- its request (the same key, the same call) instead of opening another.
CREATE INDEX approval_requests_by_call ON approval_requests (account_id, api_key_id, call_hash);
