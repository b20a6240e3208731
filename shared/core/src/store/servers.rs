//! Upstream MCP servers and the tools scanned from them.

use super::bump_policy_version;
use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
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

const SERVER_COLUMNS: &str = "id, name, url, auth_header_enc, auth_header_template, enabled, timeout_ms, created_at, updated_at, last_scan_at, last_scan_error, capabilities, transport, prefix, command, env_enc, env_template, oauth";

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

fn server_from_row(row: &Row) -> Result<McpServer> {
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
    ]
}

pub(crate) fn create_statement(
    account_id: &str,
    id: &str,
    f: &ServerFields,
    now: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO mcp_servers (id, account_id, name, url, auth_header_enc, enabled, timeout_ms, created_at, updated_at, auth_header_template, transport, prefix, command, env_enc, env_template) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14)",
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
         auth_header_template = $9, transport = $10, prefix = $11, command = $12, env_enc = $13, env_template = $14 \
         WHERE id = $1 AND account_id = $2",
        params(account_id, id, f, now),
    )
}

/// Tools go with their server (ON DELETE CASCADE needs foreign keys on in
/// SQLite; deleting them explicitly keeps both dialects honest).
pub(crate) fn delete_statements(account_id: &str, id: &str) -> [Statement; 2] {
    [
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
    let [tools, server] = delete_statements(account_id, id);
    let counts = sql
        .batch(&[tools, server, bump_policy_version(account_id)])
        .await?;
    if counts.get(1).copied().unwrap_or(0) == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// The enabled server whose prefix is `prefix` if its last scan found
/// `tool_name`: what a `tools/call` for `prefix__tool_name` (or, for the
/// server without a prefix, `tool_name`) resolves to, in one query.
pub async fn resolve_tool(
    sql: &dyn Sql,
    account_id: &str,
    prefix: &str,
    tool_name: &str,
) -> Result<Option<McpServer>> {
    let columns = SERVER_COLUMNS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sql
        .query(
            &format!(
                "SELECT {columns} FROM mcp_servers s JOIN mcp_tools t ON t.server_id = s.id \
                 WHERE s.account_id = $1 AND COALESCE(s.prefix, s.name) = $2 AND s.enabled = $3 AND t.name = $4"
            ),
            &[
                account_id.into(),
                prefix.into(),
                Value::Bool(true),
                tool_name.into(),
            ],
        )
        .await?;
    rows.first().map(server_from_row).transpose()
}

/// A tool as discovered on an upstream server.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScannedTool {
    pub server_id: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub input_schema: serde_json::Value,
    pub output_schema: Option<serde_json::Value>,
    pub annotations: Option<serde_json::Value>,
    pub scanned_at: i64,
}

fn tool_from_row(row: &Row) -> Result<ScannedTool> {
    let opt_json = |name: &str| -> Result<Option<serde_json::Value>> {
        Ok(match row.json(name)? {
            serde_json::Value::Null => None,
            v => Some(v),
        })
    };
    Ok(ScannedTool {
        server_id: row.str("server_id")?,
        name: row.str("name")?,
        title: row.opt_str("title")?,
        description: row.opt_str("description")?,
        input_schema: row.json("input_schema")?,
        output_schema: opt_json("output_schema")?,
        annotations: opt_json("annotations")?,
        scanned_at: row.int("scanned_at")?,
    })
}

/// Replaces a server's tools (and what it offers) with a fresh scan,
/// atomically. A scan moves
/// the account's policy version in the same transaction, like any other
/// change to what can be called: which tool names reach which server is
/// cached per version ([`crate::policy::engine::PolicySnapshot::routes`]).
/// (Only when the names changed would be cheaper, but two scans of one
/// server racing could then remove a tool without moving the version.)
pub async fn replace_tools(
    sql: &dyn Sql,
    server_id: &str,
    capabilities: &serde_json::Value,
    tools: &[ScannedTool],
    now: i64,
) -> Result<()> {
    let json_text = |v: &Option<serde_json::Value>| -> Value {
        v.as_ref()
            .map(|v| Value::Text(v.to_string()))
            .unwrap_or(Value::Null)
    };
    let mut statements = vec![Statement::new(
        "DELETE FROM mcp_tools WHERE server_id = $1",
        vec![server_id.into()],
    )];
    for t in tools {
        statements.push(Statement::new(
            "INSERT INTO mcp_tools (server_id, name, title, description, input_schema, output_schema, annotations, scanned_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                server_id.into(),
                t.name.as_str().into(),
                t.title.clone().into(),
                t.description.clone().into(),
                Value::Text(t.input_schema.to_string()),
                json_text(&t.output_schema),
                json_text(&t.annotations),
                Value::Int(now),
            ],
        ));
    }
    statements.push(Statement::new(
        "UPDATE mcp_servers SET last_scan_at = $2, last_scan_error = NULL, capabilities = $3 WHERE id = $1",
        vec![
            server_id.into(),
            Value::Int(now),
            Value::Text(capabilities.to_string()),
        ],
    ));
    statements.push(Statement::new(
        "UPDATE accounts SET policy_version = policy_version + 1 \
         WHERE id = (SELECT account_id FROM mcp_servers WHERE id = $1)",
        vec![server_id.into()],
    ));
    sql.batch(&statements).await?;
    Ok(())
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

const TOOL_COLUMNS: &str = "t.server_id, t.name, t.title, t.description, t.input_schema, t.output_schema, t.annotations, t.scanned_at";

pub async fn list_tools(sql: &dyn Sql, server_id: &str) -> Result<Vec<ScannedTool>> {
    sql.query(
        &format!("SELECT {TOOL_COLUMNS} FROM mcp_tools t WHERE t.server_id = $1 ORDER BY t.name"),
        &[server_id.into()],
    )
    .await?
    .iter()
    .map(tool_from_row)
    .collect()
}

/// Every tool of every enabled server of the account, with its server's
/// prefix ([`McpServer::prefix`]).
pub async fn list_account_tools(
    sql: &dyn Sql,
    account_id: &str,
) -> Result<Vec<(String, ScannedTool)>> {
    sql.query(
        &format!(
            "SELECT COALESCE(s.prefix, s.name) AS server_prefix, {TOOL_COLUMNS} FROM mcp_tools t JOIN mcp_servers s ON s.id = t.server_id \
             WHERE s.account_id = $1 AND s.enabled = $2 ORDER BY s.name, t.name"
        ),
        &[account_id.into(), Value::Bool(true)],
    )
    .await?
    .iter()
    .map(|row| Ok((row.str("server_prefix")?, tool_from_row(row)?)))
    .collect()
}
