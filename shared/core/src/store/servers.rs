//! Upstream MCP servers (their tools are [`super::tools`]).

use super::bump_policy_version;
use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use crate::mcp::integrity::{OnChange, OnFinding};
use crate::mcp::upstream::StdioCommand;
use serde::Serialize;
use std::collections::BTreeMap;

/// An upstream server as shown to people: the auth header is never included,
/// only whether one is set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct McpServer {
    pub id: String,
    pub name: String,
    pub url: String,
    pub has_auth_header: bool,
    pub enabled: bool,
    pub timeout_ms: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_scan_at: Option<i64>,
    pub last_scan_error: Option<String>,
    /// The header as a policy file wrote it (`Bearer ${TOKEN}`), if it came
    /// from one; never the secret.
    pub auth_header_template: Option<String>,
    /// What the server said it offers at its last successful scan (the
    /// `capabilities` of its initialize answer); `None` before one.
    pub capabilities: Option<serde_json::Value>,
    /// How the server is spoken to.
    pub transport: crate::mcp::upstream::Transport,
    /// What its tools, prompts and resource URIs are prefixed with, when
    /// not its name; `Some("")` for nothing. See [`McpServer::prefix`].
    #[serde(rename = "prefix")]
    pub prefix_set: Option<String>,
    /// What a stdio server is run as (`transport: stdio`); not secret.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub command: Option<StdioCommand>,
    /// The names of the variables a stdio server's environment sets; their
    /// values are secret and never shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env_names: Vec<String>,
    #[serde(skip)]
    pub auth_header_enc: Option<String>,
    /// The environment's values, sealed (a JSON object).
    #[serde(skip)]
    pub env_enc: Option<String>,
    /// The environment as a policy file wrote it (`${VAR}`), by name; `None`
    /// for a value set through the API.
    #[serde(skip)]
    pub env_template: Option<BTreeMap<String, Option<String>>>,
    /// Whether the server is reached with OAuth tokens Preloop keeps, and
    /// where its connection stands (see [`crate::mcp::oauth`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth: Option<OAuthState>,
    /// What a scan does with a tool whose definition changed.
    pub on_change: OnChange,
    /// What a poisoning finding does to its tool.
    pub on_finding: OnFinding,
    /// Whether tool results pass through the account's redaction.
    pub redact_results: bool,
}

/// Where an OAuth server's connection stands.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OAuthState {
    /// A connection was started; none was made yet.
    Pending,
    Connected,
    /// Its tokens could not be refreshed: an admin must connect it again.
    Broken,
}

impl OAuthState {
    pub fn as_str(self) -> &'static str {
        match self {
            OAuthState::Pending => "pending",
            OAuthState::Connected => "connected",
            OAuthState::Broken => "broken",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "pending" => Ok(OAuthState::Pending),
            "connected" => Ok(OAuthState::Connected),
            "broken" => Ok(OAuthState::Broken),
            other => Err(Error::internal(format!("unknown OAuth state '{other}'"))),
        }
    }
}

impl McpServer {
    pub fn integrity(&self) -> crate::mcp::integrity::Settings {
        crate::mcp::integrity::Settings {
            on_change: self.on_change,
            on_finding: self.on_finding,
        }
    }

    /// The prefix in force: the one set, else the server's name.
    pub fn prefix(&self) -> &str {
        self.prefix_set.as_deref().unwrap_or(&self.name)
    }

    /// Whether the last scan found the server offering `feature`
    /// (`resources`, `prompts`, `completions`, `logging`, `tools`).
    pub fn offers(&self, feature: &str) -> bool {
        self.capabilities
            .as_ref()
            .and_then(|c| c.get(feature))
            .is_some_and(|f| !f.is_null())
    }

    /// Whether the last scan found the server declaring the capability
    /// flag at `pointer` (`/resources/subscribe`, `/tools/listChanged`, …).
    pub fn declares(&self, pointer: &str) -> bool {
        self.capabilities
            .as_ref()
            .and_then(|c| c.pointer(pointer))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    }
}

pub(crate) const SERVER_COLUMNS: &str = "id, name, url, auth_header_enc, auth_header_template, enabled, timeout_ms, created_at, updated_at, last_scan_at, last_scan_error, capabilities, transport, prefix, command, env_enc, env_template, oauth, on_change, on_finding, redact_results";

/// A column Preloop wrote as JSON; one that does not parse is a broken
/// store, reported rather than guessed at.
fn json_column<T: serde::de::DeserializeOwned>(row: &Row, column: &str) -> Result<Option<T>> {
    row.opt_str(column)?
        .map(|text| {
            serde_json::from_str(&text)
                .map_err(|e| Error::internal(format!("mcp_servers.{column} is not valid: {e}")))
        })
        .transpose()
}

pub(crate) fn server_from_row(row: &Row) -> Result<McpServer> {
    let auth_header_enc = row.opt_str("auth_header_enc")?;
    let env_template: Option<BTreeMap<String, Option<String>>> = json_column(row, "env_template")?;
    Ok(McpServer {
        id: row.str("id")?,
        name: row.str("name")?,
        url: row.str("url")?,
        has_auth_header: auth_header_enc.is_some(),
        enabled: row.bool("enabled")?,
        timeout_ms: row.int("timeout_ms")?,
        created_at: row.int("created_at")?,
        updated_at: row.int("updated_at")?,
        last_scan_at: row.opt_int("last_scan_at")?,
        last_scan_error: row.opt_str("last_scan_error")?,
        auth_header_template: row.opt_str("auth_header_template")?,
        // Written by Preloop from a parsed answer; unreadable is as unknown.
        capabilities: row
            .opt_str("capabilities")?
            .and_then(|c| serde_json::from_str(&c).ok()),
        transport: crate::mcp::upstream::Transport::parse(&row.str("transport")?)?,
        prefix_set: row.opt_str("prefix")?,
        command: json_column(row, "command")?,
        env_names: env_template
            .as_ref()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default(),
        auth_header_enc,
        env_enc: row.opt_str("env_enc")?,
        env_template,
        oauth: row
            .opt_str("oauth")?
            .as_deref()
            .map(OAuthState::parse)
            .transpose()?,
        on_change: OnChange::parse(&row.str("on_change")?)?,
        on_finding: OnFinding::parse(&row.str("on_finding")?)?,
        redact_results: row.bool("redact_results")?,
    })
}

/// Records where `server_id`'s OAuth connection stands (`None`: the server
/// is not an OAuth server any more).
pub async fn set_oauth(
    sql: &dyn Sql,
    account_id: &str,
    server_id: &str,
    state: Option<OAuthState>,
) -> Result<()> {
    sql.execute(
        "UPDATE mcp_servers SET oauth = $3 WHERE id = $1 AND account_id = $2",
        &[
            server_id.into(),
            account_id.into(),
            state.map(|s| s.as_str().to_string()).into(),
        ],
    )
    .await?;
    Ok(())
}

pub struct ServerFields {
    pub name: String,
    pub url: String,
    pub auth_header_enc: Option<String>,
    pub auth_header_template: Option<String>,
    pub enabled: bool,
    pub timeout_ms: i64,
    pub transport: crate::mcp::upstream::Transport,
    pub prefix: Option<String>,
    pub command: Option<StdioCommand>,
    pub env_enc: Option<String>,
    pub env_template: Option<BTreeMap<String, Option<String>>>,
    pub on_change: OnChange,
    pub on_finding: OnFinding,
    pub redact_results: bool,
}

/// The insert and the update bind the same values in the same places.
fn params(account_id: &str, id: &str, f: &ServerFields, now: i64) -> Vec<Value> {
    vec![
        id.into(),
        account_id.into(),
        f.name.as_str().into(),
        f.url.as_str().into(),
        f.auth_header_enc.clone().into(),
        Value::Bool(f.enabled),
        Value::Int(f.timeout_ms),
        Value::Int(now),
        f.auth_header_template.clone().into(),
        f.transport.as_str().into(),
        f.prefix.clone().into(),
        f.command
            .as_ref()
            .map(|c| serde_json::json!(c).to_string())
            .into(),
        f.env_enc.clone().into(),
        f.env_template
            .as_ref()
            .map(|t| serde_json::json!(t).to_string())
            .into(),
        f.on_change.as_str().into(),
        f.on_finding.as_str().into(),
        Value::Bool(f.redact_results),
    ]
}

pub(crate) fn create_statement(
    account_id: &str,
    id: &str,
    f: &ServerFields,
    now: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO mcp_servers (id, account_id, name, url, auth_header_enc, enabled, timeout_ms, created_at, updated_at, auth_header_template, transport, prefix, command, env_enc, env_template, on_change, on_finding, redact_results) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        params(account_id, id, f, now),
    )
}

pub(crate) fn update_statement(
    account_id: &str,
    id: &str,
    f: &ServerFields,
    now: i64,
) -> Statement {
    Statement::new(
        "UPDATE mcp_servers SET name = $3, url = $4, auth_header_enc = $5, enabled = $6, timeout_ms = $7, updated_at = $8, \
         auth_header_template = $9, transport = $10, prefix = $11, command = $12, env_enc = $13, env_template = $14, \
         on_change = $15, on_finding = $16, redact_results = $17 \
         WHERE id = $1 AND account_id = $2",
        params(account_id, id, f, now),
    )
}

/// Tools, prompts and templates go with their server (ON DELETE CASCADE
/// needs foreign keys on in SQLite; deleting them explicitly keeps both
/// dialects honest).
pub(crate) fn delete_statements(account_id: &str, id: &str) -> [Statement; 3] {
    [
        Statement::new(
            "DELETE FROM mcp_entries WHERE server_id IN (SELECT id FROM mcp_servers WHERE id = $1 AND account_id = $2)",
            vec![id.into(), account_id.into()],
        ),
        Statement::new(
            "DELETE FROM mcp_tools WHERE server_id IN (SELECT id FROM mcp_servers WHERE id = $1 AND account_id = $2)",
            vec![id.into(), account_id.into()],
        ),
        Statement::new(
            "DELETE FROM mcp_servers WHERE id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ),
    ]
}

pub async fn create(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    f: &ServerFields,
    now: i64,
) -> Result<()> {
    sql.batch(&[
        create_statement(account_id, id, f, now),
        bump_policy_version(account_id),
    ])
    .await
    .map_err(|e| conflict_as(e, &f.name))?;
    Ok(())
}

fn conflict_as(e: Error, name: &str) -> Error {
    if e.kind == crate::error::ErrorKind::Conflict {
        Error::conflict(format!(
            "an MCP server named '{name}', or with the same prefix, already exists"
        ))
    } else {
        e
    }
}

pub async fn update(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    f: &ServerFields,
    now: i64,
) -> Result<()> {
    let n = sql
        .batch(&[
            update_statement(account_id, id, f, now),
            bump_policy_version(account_id),
        ])
        .await
        .map(|counts| counts.first().copied().unwrap_or(0))
        .map_err(|e| conflict_as(e, &f.name))?;
    if n == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

fn not_found(id: &str) -> Error {
    Error::not_found(format!("no MCP server {id}"))
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<McpServer> {
    let rows = sql
        .query(
            &format!("SELECT {SERVER_COLUMNS} FROM mcp_servers WHERE id = $1 AND account_id = $2"),
            &[id.into(), account_id.into()],
        )
        .await?;
    rows.first()
        .map(server_from_row)
        .transpose()?
        .ok_or_else(|| not_found(id))
}

/// A server by id alone, whatever its account: for scheduled work that
/// starts from the server (a stdio server that said its tools changed).
pub async fn get_unscoped(sql: &dyn Sql, id: &str) -> Result<Option<McpServer>> {
    let rows = sql
        .query(
            &format!("SELECT {SERVER_COLUMNS} FROM mcp_servers WHERE id = $1"),
            &[id.into()],
        )
        .await?;
    rows.first().map(server_from_row).transpose()
}

pub async fn get_by_name(sql: &dyn Sql, account_id: &str, name: &str) -> Result<Option<McpServer>> {
    let rows = sql
        .query(
            &format!(
                "SELECT {SERVER_COLUMNS} FROM mcp_servers WHERE name = $1 AND account_id = $2"
            ),
            &[name.into(), account_id.into()],
        )
        .await?;
    rows.first().map(server_from_row).transpose()
}

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<McpServer>> {
    sql.query(
        &format!("SELECT {SERVER_COLUMNS} FROM mcp_servers WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(server_from_row)
    .collect()
}

pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    let [entries, tools, server] = delete_statements(account_id, id);
    let counts = sql
        .batch(&[entries, tools, server, bump_policy_version(account_id)])
        .await?;
    if counts.get(2).copied().unwrap_or(0) == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// Enabled servers of any account last scanned before `before`, oldest
/// first: what the periodic tool check scans. A server never scanned is
/// not (its tools are found when someone asks for them); stdio servers
/// only where this host runs processes.
pub async fn due_for_check(
    sql: &dyn Sql,
    before: i64,
    with_stdio: bool,
    limit: i64,
) -> Result<Vec<McpServer>> {
    let stdio = if with_stdio {
        ""
    } else {
        " AND transport <> 'stdio'"
    };
    sql.query(
        &format!(
            "SELECT {SERVER_COLUMNS} FROM mcp_servers WHERE enabled = $1 AND last_scan_at < $2{stdio} \
             ORDER BY last_scan_at LIMIT $3"
        ),
        &[Value::Bool(true), Value::Int(before), Value::Int(limit)],
    )
    .await?
    .iter()
    .map(server_from_row)
    .collect()
}

/// The account a server belongs to.
pub async fn account_of(sql: &dyn Sql, server_id: &str) -> Result<String> {
    sql.query(
        "SELECT account_id FROM mcp_servers WHERE id = $1",
        &[server_id.into()],
    )
    .await?
    .first()
    .map(|r| r.str("account_id"))
    .transpose()?
    .ok_or_else(|| not_found(server_id))
}

pub async fn record_scan_error(
    sql: &dyn Sql,
    server_id: &str,
    error: &str,
    now: i64,
) -> Result<()> {
    sql.execute(
        "UPDATE mcp_servers SET last_scan_at = $2, last_scan_error = $3 WHERE id = $1",
        &[server_id.into(), Value::Int(now), error.into()],
    )
    .await?;
    Ok(())
}
