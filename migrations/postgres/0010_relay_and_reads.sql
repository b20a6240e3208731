-- What a session's client said it can do in its `initialize` (JSON, as
-- sent, bounded): an upstream's own requests (sampling, elicitation, roots)
-- are relayed only to clients that offer them. NULL: nothing.
ALTER TABLE mcp_sessions ADD COLUMN client_capabilities TEXT;
