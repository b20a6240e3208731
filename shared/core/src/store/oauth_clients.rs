//! OAuth clients of the MCP endpoint: registered ones (RFC 7591) and those
//! known by their Client ID Metadata Document.

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OAuthClient {
    pub client_id: String,
    /// `registered` or `metadata_document`.
    pub kind: String,
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub created_at: i64,
    pub fetched_at: Option<i64>,
}

fn from_row(r: &Row) -> Result<OAuthClient> {
    Ok(OAuthClient {
        client_id: r.str("client_id")?,
        kind: r.str("kind")?,
        name: r.str("name")?,
        redirect_uris: serde_json::from_str(&r.str("redirect_uris")?)
            .map_err(|_| Error::internal("a stored client's redirect URIs do not parse"))?,
        created_at: r.int("created_at")?,
        fetched_at: r.opt_int("fetched_at")?,
    })
}

pub async fn get(sql: &dyn Sql, client_id: &str) -> Result<Option<OAuthClient>> {
    sql.query(
        "SELECT client_id, kind, name, redirect_uris, created_at, fetched_at FROM oauth_clients WHERE client_id = $1",
        &[client_id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// Stores a client; a metadata document fetched again replaces what was
/// kept of it.
pub fn upsert_statement(c: &OAuthClient) -> Statement {
    Statement::new(
        "INSERT INTO oauth_clients (client_id, kind, name, redirect_uris, created_at, fetched_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, redirect_uris = excluded.redirect_uris, fetched_at = excluded.fetched_at",
        vec![
            c.client_id.as_str().into(),
            c.kind.as_str().into(),
            c.name.as_str().into(),
            Value::Text(serde_json::to_string(&c.redirect_uris).unwrap_or_else(|_| "[]".into())),
            Value::Int(c.created_at),
            c.fetched_at.into(),
        ],
    )
}
