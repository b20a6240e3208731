//! OAuth connections of upstream servers (the tokens Preloop keeps for
//! them, sealed) and the connections in progress.

use super::servers::OAuthState;
use super::sql::{Row, Sql, Statement, Value};
use crate::error::Result;

/// Who an OAuth server's tokens come from, and for what.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub issuer: String,
    pub token_endpoint: String,
    pub client_id: String,
    pub client_secret_enc: Option<String>,
    /// The RFC 8707 resource the tokens are for.
    pub resource: String,
    pub scope: Option<String>,
}

/// A server's connection: its client and its tokens, sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub server_id: String,
    pub account_id: String,
    pub client: Client,
    pub access_token_enc: Option<String>,
    pub refresh_token_enc: Option<String>,
    pub expires_at: Option<i64>,
    pub connected_at: Option<i64>,
    pub connected_by: Option<String>,
    pub version: i64,
}

/// A connection in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub state_hash: String,
    pub account_id: String,
    pub server_id: String,
    pub client: Client,
    pub verifier_enc: String,
    pub redirect_uri: String,
    pub started_by: String,
    pub expires_at: i64,
}

fn client_from_row(r: &Row) -> Result<Client> {
    Ok(Client {
        issuer: r.str("issuer")?,
        token_endpoint: r.str("token_endpoint")?,
        client_id: r.str("client_id")?,
        client_secret_enc: r.opt_str("client_secret_enc")?,
        resource: r.str("resource")?,
        scope: r.opt_str("scope")?,
    })
}

pub async fn get(sql: &dyn Sql, server_id: &str) -> Result<Option<Connection>> {
    let rows = sql
        .query(
            "SELECT server_id, account_id, issuer, token_endpoint, client_id, client_secret_enc, resource, scope, \
             access_token_enc, refresh_token_enc, expires_at, connected_at, connected_by, version \
             FROM mcp_server_oauth WHERE server_id = $1",
            &[server_id.into()],
        )
        .await?;
    rows.first()
        .map(|r| {
            Ok(Connection {
                server_id: r.str("server_id")?,
                account_id: r.str("account_id")?,
                client: client_from_row(r)?,
                access_token_enc: r.opt_str("access_token_enc")?,
                refresh_token_enc: r.opt_str("refresh_token_enc")?,
                expires_at: r.opt_int("expires_at")?,
                connected_at: r.opt_int("connected_at")?,
                connected_by: r.opt_str("connected_by")?,
                version: r.int("version")?,
            })
        })
        .transpose()
}

/// Stores a new connection (replacing any), and marks its server connected.
pub async fn connect(sql: &dyn Sql, c: &Connection, now: i64) -> Result<()> {
    let upsert = Statement::new(
        "INSERT INTO mcp_server_oauth (server_id, account_id, issuer, token_endpoint, client_id, client_secret_enc, \
         resource, scope, access_token_enc, refresh_token_enc, expires_at, connected_at, connected_by, version, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $12) \
         ON CONFLICT (server_id) DO UPDATE SET issuer = excluded.issuer, token_endpoint = excluded.token_endpoint, \
         client_id = excluded.client_id, client_secret_enc = excluded.client_secret_enc, resource = excluded.resource, \
         scope = excluded.scope, access_token_enc = excluded.access_token_enc, refresh_token_enc = excluded.refresh_token_enc, \
         expires_at = excluded.expires_at, connected_at = excluded.connected_at, connected_by = excluded.connected_by, \
         version = mcp_server_oauth.version + 1, updated_at = excluded.updated_at, refreshing_until = NULL",
        vec![
            c.server_id.as_str().into(),
            c.account_id.as_str().into(),
            c.client.issuer.as_str().into(),
            c.client.token_endpoint.as_str().into(),
            c.client.client_id.as_str().into(),
            c.client.client_secret_enc.clone().into(),
            c.client.resource.as_str().into(),
            c.client.scope.clone().into(),
            c.access_token_enc.clone().into(),
            c.refresh_token_enc.clone().into(),
            c.expires_at.into(),
            Value::Int(now),
            c.connected_by.clone().into(),
        ],
    );
    sql.batch(&[
        upsert,
        state_statement(&c.account_id, &c.server_id, Some(OAuthState::Connected)),
        super::bump_policy_version(&c.account_id),
    ])
    .await?;
    Ok(())
}

/// Sets where a server's connection stands. Callers add
/// [`super::bump_policy_version`] where it changes whether the server is
/// reached with OAuth: instances keep servers with the policy version.
fn state_statement(account_id: &str, server_id: &str, state: Option<OAuthState>) -> Statement {
    Statement::new(
        "UPDATE mcp_servers SET oauth = $3 WHERE id = $1 AND account_id = $2",
        vec![
            server_id.into(),
            account_id.into(),
            state.map(|s| s.as_str().to_string()).into(),
        ],
    )
}

/// Takes the refresh lease of a server's connection, as of `version`,
/// until `until`; false when another holds it or the tokens changed since.
pub async fn claim_refresh(
    sql: &dyn Sql,
    server_id: &str,
    version: i64,
    now: i64,
    until: i64,
) -> Result<bool> {
    let changed = sql
        .execute(
            "UPDATE mcp_server_oauth SET refreshing_until = $3 WHERE server_id = $1 AND version = $4 \
             AND (refreshing_until IS NULL OR refreshing_until < $2)",
            &[
                server_id.into(),
                Value::Int(now),
                Value::Int(until),
                Value::Int(version),
            ],
        )
        .await?;
    Ok(changed == 1)
}

/// Gives the refresh lease back (a refresh that failed).
pub async fn release_refresh(sql: &dyn Sql, server_id: &str) -> Result<()> {
    sql.execute(
        "UPDATE mcp_server_oauth SET refreshing_until = NULL WHERE server_id = $1",
        &[server_id.into()],
    )
    .await?;
    Ok(())
}

/// Stores refreshed tokens over the version they were refreshed from (and
/// gives the lease back); false when the connection changed meanwhile (a
/// new one was made: use that).
pub async fn refreshed(
    sql: &dyn Sql,
    server_id: &str,
    version: i64,
    access_token_enc: &str,
    refresh_token_enc: Option<&str>,
    expires_at: Option<i64>,
    now: i64,
) -> Result<bool> {
    let changed = sql
        .execute(
            "UPDATE mcp_server_oauth SET access_token_enc = $3, refresh_token_enc = COALESCE($4, refresh_token_enc), \
             expires_at = $5, version = version + 1, updated_at = $6, refreshing_until = NULL \
             WHERE server_id = $1 AND version = $2",
            &[
                server_id.into(),
                Value::Int(version),
                access_token_enc.into(),
                refresh_token_enc.map(str::to_string).into(),
                expires_at.into(),
                Value::Int(now),
            ],
        )
        .await?;
    Ok(changed == 1)
}

/// Marks a server's connection broken (its tokens cannot be refreshed).
pub async fn broken(sql: &dyn Sql, account_id: &str, server_id: &str) -> Result<()> {
    sql.batch(&[state_statement(
        account_id,
        server_id,
        Some(OAuthState::Broken),
    )])
    .await?;
    Ok(())
}

/// Forgets a server's connection and any in progress: it is no longer an
/// OAuth server.
pub async fn disconnect(sql: &dyn Sql, account_id: &str, server_id: &str) -> Result<()> {
    sql.batch(&[
        Statement::new(
            "DELETE FROM mcp_server_oauth WHERE server_id = $1 AND account_id = $2",
            vec![server_id.into(), account_id.into()],
        ),
        Statement::new(
            "DELETE FROM oauth_flows WHERE server_id = $1 AND account_id = $2",
            vec![server_id.into(), account_id.into()],
        ),
        state_statement(account_id, server_id, None),
        super::bump_policy_version(account_id),
    ])
    .await?;
    Ok(())
}

/// Records a connection in progress; a server not connected yet is marked
/// pending. Flows past their expiry are cleared on the way.
pub async fn start(sql: &dyn Sql, f: &Flow, now: i64, connected: bool) -> Result<()> {
    let mut statements = vec![
        Statement::new(
            "DELETE FROM oauth_flows WHERE expires_at < $1",
            vec![Value::Int(now)],
        ),
        Statement::new(
            "INSERT INTO oauth_flows (state_hash, account_id, server_id, issuer, token_endpoint, client_id, \
             client_secret_enc, resource, scope, verifier_enc, redirect_uri, started_by, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            vec![
                f.state_hash.as_str().into(),
                f.account_id.as_str().into(),
                f.server_id.as_str().into(),
                f.client.issuer.as_str().into(),
                f.client.token_endpoint.as_str().into(),
                f.client.client_id.as_str().into(),
                f.client.client_secret_enc.clone().into(),
                f.client.resource.as_str().into(),
                f.client.scope.clone().into(),
                f.verifier_enc.as_str().into(),
                f.redirect_uri.as_str().into(),
                f.started_by.as_str().into(),
                Value::Int(f.expires_at),
            ],
        ),
    ];
    if !connected {
        statements.push(state_statement(
            &f.account_id,
            &f.server_id,
            Some(OAuthState::Pending),
        ));
        statements.push(super::bump_policy_version(&f.account_id));
    }
    sql.batch(&statements).await?;
    Ok(())
}

/// Takes the connection in progress whose state hashes to `state_hash`: it
/// is gone once taken, so a state works once.
pub async fn take(sql: &dyn Sql, state_hash: &str) -> Result<Option<Flow>> {
    let rows = sql
        .query(
            "SELECT state_hash, account_id, server_id, issuer, token_endpoint, client_id, client_secret_enc, resource, \
             scope, verifier_enc, redirect_uri, started_by, expires_at FROM oauth_flows WHERE state_hash = $1",
            &[state_hash.into()],
        )
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let flow = Flow {
        state_hash: r.str("state_hash")?,
        account_id: r.str("account_id")?,
        server_id: r.str("server_id")?,
        client: client_from_row(r)?,
        verifier_enc: r.str("verifier_enc")?,
        redirect_uri: r.str("redirect_uri")?,
        started_by: r.str("started_by")?,
        expires_at: r.int("expires_at")?,
    };
    // Whoever deletes it, of two takers, is the one that may use it.
    let deleted = sql
        .execute(
            "DELETE FROM oauth_flows WHERE state_hash = $1",
            &[state_hash.into()],
        )
        .await?;
    Ok((deleted == 1).then_some(flow))
}
