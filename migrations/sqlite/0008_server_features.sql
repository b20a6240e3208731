-- What each upstream said it offers when it was last scanned (the
-- `capabilities` of its initialize answer, JSON): the proxy advertises the
-- union to its clients and asks only the servers that offer a feature.
ALTER TABLE mcp_servers ADD COLUMN capabilities TEXT;
