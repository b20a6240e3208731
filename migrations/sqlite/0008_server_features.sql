-- What each upstream said it offers when it was last scanned (the
-- `capabilities` of its initialize answer, JSON): the proxy advertises the
-- union to its clients and asks only the servers that offer a feature.
ALTER TABLE mcp_servers ADD COLUMN capabilities TEXT;

-- Whether tools/list leaves out the tools only the default action decides
-- when that action is deny (the account's choice; off keeps them listed).
ALTER TABLE accounts ADD COLUMN hide_default_denied INTEGER NOT NULL DEFAULT 0;

-- How each upstream is spoken to: streamable_http, or sse (the HTTP+SSE
-- transport of 2024-11-05).
ALTER TABLE mcp_servers ADD COLUMN transport TEXT NOT NULL DEFAULT 'streamable_http';

-- What a server's tools and prompts are prefixed with (`<prefix>__<tool>`)
-- and its resource URIs (`preloop://<prefix>/…`): NULL for its name, empty
-- for none (a lone upstream then looks exactly like itself). Prefixes are
-- unique per account, so at most one server goes without.
ALTER TABLE mcp_servers ADD COLUMN prefix TEXT;
CREATE UNIQUE INDEX mcp_servers_prefix ON mcp_servers (account_id, COALESCE(prefix, name));

-- The client request a held call came in as (its MCP session and JSON-RPC
-- id), so that the client's notifications/cancelled can withdraw it.
ALTER TABLE approval_requests ADD COLUMN client_request TEXT;
CREATE INDEX approval_requests_by_client_request ON approval_requests (account_id, client_request) WHERE client_request IS NOT NULL;
