-- Servers run as child processes of `preloop serve` (transport `stdio`):
-- what to run, as JSON `{"command": "...", "args": ["..."]}` (shown to
-- admins; not secret), and its environment, sealed like an auth header
-- (a JSON object of names to values, encrypted with the deployment's key).
-- `env_template` keeps the values as a policy file wrote them (`${VAR}`),
-- so that an export never shows a secret. Their `url` is empty.
ALTER TABLE mcp_servers ADD COLUMN command TEXT;
ALTER TABLE mcp_servers ADD COLUMN env_enc TEXT;
ALTER TABLE mcp_servers ADD COLUMN env_template TEXT;

-- The least severe log level a session's client asked for with
-- logging/setLevel: upstreams' log messages relayed to it below this are
-- dropped. NULL: everything.
ALTER TABLE mcp_sessions ADD COLUMN log_level TEXT;
