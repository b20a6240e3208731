-- Pending audit records have no place in the chain yet (seq is NULL): the
-- chain's unique index covers only the records that have one, so writing a
-- pending record, the one write before a call goes upstream, touches one
-- index fewer, and completing it adds an entry instead of moving one.
DROP INDEX audit_events_chain;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (account_id, seq) WHERE seq IS NOT NULL;
