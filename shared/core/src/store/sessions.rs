//! MCP sessions of the handshake-era protocol versions, kept in the store so
//! that any instance can serve any request of a session.

use super::sql::{Sql, Value};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct McpSession {
    pub id: String,
    pub account_id: String,
    pub api_key_id: String,
    pub protocol_version: String,
    pub last_seen_at: i64,
    /// What the client asked for with `logging/setLevel`; `None`: all.
    pub log_level: Option<String>,
    /// The `capabilities` the client declared in its `initialize`
    /// (`Null` when it declared none, or too much to keep).
    pub client_capabilities: serde_json::Value,
}

/// The most of a client's declared capabilities a session keeps: a client
/// that declares more is treated as declaring nothing.
const MAX_CAPABILITIES_BYTES: usize = 8 * 1024;

/// What the `client_capabilities` column holds for `capabilities`.
fn capabilities_column(capabilities: &serde_json::Value) -> Value {
    let text = capabilities.to_string();
    if capabilities.is_object() && text.len() <= MAX_CAPABILITIES_BYTES {
        Value::Text(text)
    } else {
        Value::Null
    }
}

/// A `client_capabilities` column read back (a value it cannot parse is
/// nothing declared).
pub fn parse_capabilities(column: Option<String>) -> serde_json::Value {
    column
        .and_then(|c| serde_json::from_str(&c).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Creates a session; `s.last_seen_at` is its creation time.
pub async fn create(sql: &dyn Sql, s: &McpSession, client_info: &serde_json::Value) -> Result<()> {
    sql.execute(
        "INSERT INTO mcp_sessions (id, account_id, api_key_id, protocol_version, client_info, created_at, last_seen_at, client_capabilities) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
        &[
            s.id.as_str().into(),
            s.account_id.as_str().into(),
            s.api_key_id.as_str().into(),
            s.protocol_version.as_str().into(),
            Value::Text(client_info.to_string()),
            Value::Int(s.last_seen_at),
            capabilities_column(&s.client_capabilities),
        ],
    )
    .await?;
    Ok(())
}

pub async fn get(sql: &dyn Sql, id: &str) -> Result<Option<McpSession>> {
    let rows = sql
        .query(
            "SELECT id, account_id, api_key_id, protocol_version, last_seen_at, log_level, client_capabilities FROM mcp_sessions WHERE id = $1",
            &[id.into()],
        )
        .await?;
    rows.first()
        .map(|r| {
            Ok(McpSession {
                id: r.str("id")?,
                account_id: r.str("account_id")?,
                api_key_id: r.str("api_key_id")?,
                protocol_version: r.str("protocol_version")?,
                last_seen_at: r.int("last_seen_at")?,
                log_level: r.opt_str("log_level")?,
                client_capabilities: parse_capabilities(r.opt_str("client_capabilities")?),
            })
        })
        .transpose()
}

/// Records the level a session's client asked for.
pub async fn set_log_level(sql: &dyn Sql, id: &str, level: &str) -> Result<()> {
    sql.execute(
        "UPDATE mcp_sessions SET log_level = $2 WHERE id = $1",
        &[id.into(), level.into()],
    )
    .await?;
    Ok(())
}

pub async fn delete(sql: &dyn Sql, id: &str) -> Result<bool> {
    Ok(sql
        .execute("DELETE FROM mcp_sessions WHERE id = $1", &[id.into()])
        .await?
        > 0)
}

pub async fn touch(sql: &dyn Sql, id: &str, now: i64) -> Result<()> {
    sql.execute(
        "UPDATE mcp_sessions SET last_seen_at = $2 WHERE id = $1",
        &[id.into(), Value::Int(now)],
    )
    .await?;
    Ok(())
}

/// Deletes sessions not seen since `before`; returns how many.
pub async fn purge_idle(sql: &dyn Sql, before: i64) -> Result<u64> {
    sql.execute(
        "DELETE FROM mcp_sessions WHERE last_seen_at < $1",
        &[Value::Int(before)],
    )
    .await
}
