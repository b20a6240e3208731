//! The tools scanned from upstream servers, each with its pinned definition
//! and where its integrity stands (see [`crate::mcp::integrity`]).

use super::audit::{AuditRecord, Guard, insert_statements};
use super::entries::{EntryKind, PinnedEntry};
use super::servers::{McpServer, SERVER_COLUMNS, server_from_row};
use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use crate::mcp::integrity::findings::Finding;
use crate::mcp::integrity::{Pin, Pinned, Quarantine, definition};
use serde::Serialize;

/// A tool of an upstream server, as pinned: the definition callers list and
/// arguments are checked against, and any change waiting for a person.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ScannedTool {
    pub server_id: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub input_schema: serde_json::Value,
    pub output_schema: Option<serde_json::Value>,
    pub annotations: Option<serde_json::Value>,
    pub scanned_at: i64,
    #[serde(flatten)]
    pub pin: Pin,
}

const TOOL_COLUMNS: &str = "t.server_id, t.name, t.title, t.description, t.input_schema, t.output_schema, t.annotations, t.scanned_at, \
     t.hash, t.quarantine, t.pending, t.pending_hash, t.findings, t.approved_hash, t.changed_at";

fn tool_from_row(row: &Row) -> Result<ScannedTool> {
    tool_from(row, "name")
}

/// A tool from a row whose tool name is in column `name` (a join with its
/// server renames it).
fn tool_from(row: &Row, name: &str) -> Result<ScannedTool> {
    let opt_json = |name: &str| -> Result<Option<serde_json::Value>> {
        Ok(match row.json(name)? {
            serde_json::Value::Null => None,
            v => Some(v),
        })
    };
    let mut tool = ScannedTool {
        server_id: row.str("server_id")?,
        name: row.str(name)?,
        title: row.opt_str("title")?,
        description: row.opt_str("description")?,
        input_schema: row.json("input_schema")?,
        output_schema: opt_json("output_schema")?,
        annotations: opt_json("annotations")?,
        scanned_at: row.int("scanned_at")?,
        pin: pin_from_row(row, "mcp_tools")?,
    };
    // Rows scanned before definitions were pinned carry no hash: theirs is
    // the definition they hold.
    if tool.pin.hash.is_empty() {
        tool.pin.hash = definition::hash(&tool);
    }
    Ok(tool)
}

/// A pin's columns, as [`pin_params`] writes them.
pub(crate) fn pin_from_row(row: &Row, table: &str) -> Result<Pin> {
    let opt_json = |name: &str| -> Result<Option<serde_json::Value>> {
        Ok(match row.json(name)? {
            serde_json::Value::Null => None,
            v => Some(v),
        })
    };
    Ok(Pin {
        hash: row.opt_str("hash")?.unwrap_or_default(),
        quarantine: row
            .opt_str("quarantine")?
            .as_deref()
            .map(Quarantine::parse)
            .transpose()
            .map_err(|e| Error::internal(format!("{table}.quarantine: {}", e.message)))?,
        pending: opt_json("pending")?,
        pending_hash: row.opt_str("pending_hash")?,
        findings: match opt_json("findings")? {
            Some(f) => serde_json::from_value(f)
                .map_err(|e| Error::internal(format!("{table}.findings is not valid: {e}")))?,
            None => Vec::new(),
        },
        approved_hash: row.opt_str("approved_hash")?,
        changed_at: row.opt_int("changed_at")?,
    })
}

/// A pin's columns' values: hash, quarantine, pending, pending_hash,
/// findings, approved_hash, changed_at.
pub(crate) fn pin_params(p: &Pin) -> [Value; 7] {
    [
        p.hash.as_str().into(),
        p.quarantine.map(|q| q.as_str().to_string()).into(),
        json_text(p.pending.as_ref()),
        p.pending_hash.clone().into(),
        findings_text(&p.findings),
        p.approved_hash.clone().into(),
        p.changed_at.into(),
    ]
}

pub(crate) fn json_text(v: Option<&serde_json::Value>) -> Value {
    v.map(|v| Value::Text(v.to_string())).unwrap_or(Value::Null)
}

pub(crate) fn findings_text(findings: &[Finding]) -> Value {
    if findings.is_empty() {
        Value::Null
    } else {
        Value::Text(serde_json::json!(findings).to_string())
    }
}

fn insert_statement(server_id: &str, t: &ScannedTool) -> Statement {
    let mut params = vec![
        server_id.into(),
        t.name.as_str().into(),
        t.title.clone().into(),
        t.description.clone().into(),
        Value::Text(t.input_schema.to_string()),
        json_text(t.output_schema.as_ref()),
        json_text(t.annotations.as_ref()),
        Value::Int(t.scanned_at),
    ];
    params.extend(pin_params(&t.pin));
    Statement::new(
        "INSERT INTO mcp_tools (server_id, name, title, description, input_schema, output_schema, annotations, scanned_at, \
         hash, quarantine, pending, pending_hash, findings, approved_hash, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        params,
    )
}

/// Replaces a server's tools (and what it offers), and its prompts and
/// resource templates of the kinds scanned, with what a scan made of them,
/// with the audit records of what changed, atomically: no record, no
/// change. A scan moves the account's policy version in the same
/// transaction, like any other change to what can be called: which tool
/// names reach which server, and with which definition, is cached per
/// version ([`crate::policy::engine::PolicySnapshot::routes`]).
pub async fn apply_scan(
    sql: &dyn Sql,
    server_id: &str,
    capabilities: &serde_json::Value,
    tools: &[ScannedTool],
    entries: &[(EntryKind, Vec<PinnedEntry>)],
    audit: &[AuditRecord],
    now: i64,
) -> Result<()> {
    let mut statements = vec![Statement::new(
        "DELETE FROM mcp_tools WHERE server_id = $1",
        vec![server_id.into()],
    )];
    statements.extend(tools.iter().map(|t| insert_statement(server_id, t)));
    for (kind, pins) in entries {
        statements.extend(super::entries::replace_statements(server_id, *kind, pins));
    }
    statements.push(Statement::new(
        "UPDATE mcp_servers SET last_scan_at = $2, last_scan_error = NULL, capabilities = $3 WHERE id = $1",
        vec![
            server_id.into(),
            Value::Int(now),
            Value::Text(capabilities.to_string()),
        ],
    ));
    statements.push(bump_for_server(server_id));
    for r in audit {
        statements.extend(insert_statements(r, None));
    }
    sql.batch(&statements).await?;
    Ok(())
}

pub(crate) fn bump_for_server(server_id: &str) -> Statement {
    Statement::new(
        "UPDATE accounts SET policy_version = policy_version + 1 \
         WHERE id = (SELECT account_id FROM mcp_servers WHERE id = $1)",
        vec![server_id.into()],
    )
}

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
/// prefix ([`McpServer::prefix`]); quarantined ones too (callers filter).
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

/// The names of the tools of the other enabled servers of `server_id`'s
/// account, as the upstreams call them: what a description that names
/// them may be shadowing.
pub async fn names_elsewhere(sql: &dyn Sql, server_id: &str) -> Result<Vec<String>> {
    sql.query(
        "SELECT DISTINCT t.name FROM mcp_tools t JOIN mcp_servers s ON s.id = t.server_id \
         WHERE s.account_id = (SELECT account_id FROM mcp_servers WHERE id = $1) AND s.id <> $1 AND s.enabled = $2",
        &[server_id.into(), Value::Bool(true)],
    )
    .await?
    .iter()
    .map(|row| row.str("name"))
    .collect()
}

/// The enabled server whose prefix is `prefix` and its pinned tool
/// `tool_name`: what a `tools/call` for `prefix__tool_name` (or, for the
/// server without a prefix, `tool_name`) resolves to, in one query.
pub async fn resolve_tool(
    sql: &dyn Sql,
    account_id: &str,
    prefix: &str,
    tool_name: &str,
) -> Result<Option<(McpServer, ScannedTool)>> {
    let columns = SERVER_COLUMNS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Server and tool columns share no name but `name`: the tool's comes
    // back as `tool_name`.
    let tool_columns = TOOL_COLUMNS.replace("t.name", "t.name AS tool_name");
    let rows = sql
        .query(
            &format!(
                "SELECT {columns}, {tool_columns} FROM mcp_servers s JOIN mcp_tools t ON t.server_id = s.id \
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
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let server = server_from_row(row)?;
    let mut tool = tool_from(row, "tool_name")?;
    tool.server_id = server.id.clone();
    Ok(Some((server, tool)))
}

/// One tool of one of the account's servers.
pub async fn get(
    sql: &dyn Sql,
    account_id: &str,
    server_id: &str,
    name: &str,
) -> Result<ScannedTool> {
    sql.query(
        &format!(
            "SELECT {TOOL_COLUMNS} FROM mcp_tools t JOIN mcp_servers s ON s.id = t.server_id \
             WHERE s.account_id = $1 AND t.server_id = $2 AND t.name = $3"
        ),
        &[account_id.into(), server_id.into(), name.into()],
    )
    .await?
    .first()
    .map(tool_from_row)
    .transpose()?
    .ok_or_else(|| Error::not_found(format!("no tool '{name}' on MCP server {server_id}")))
}

/// Every held-back tool of the account, with its server's name.
pub async fn quarantined(sql: &dyn Sql, account_id: &str) -> Result<Vec<(String, ScannedTool)>> {
    sql.query(
        &format!(
            "SELECT s.name AS server_name, {TOOL_COLUMNS} FROM mcp_tools t JOIN mcp_servers s ON s.id = t.server_id \
             WHERE s.account_id = $1 AND t.quarantine IS NOT NULL ORDER BY s.name, t.name"
        ),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(|row| Ok((row.str("server_name")?, tool_from_row(row)?)))
    .collect()
}

/// Stores a tool as a person's approval made it, if it is still as they saw
/// it (`seen`: its pinned and pending hashes), with the approval's audit
/// record; `false` (and nothing written) if it changed meanwhile.
pub async fn store_approved(
    sql: &dyn Sql,
    tool: &ScannedTool,
    seen: (&str, Option<&str>),
    record: &AuditRecord,
) -> Result<bool> {
    let (pinned, pending) = seen;
    let mut statements = vec![Statement::new(
        "UPDATE mcp_tools SET title = $5, description = $6, input_schema = $7, output_schema = $8, annotations = $9, \
         hash = $10, quarantine = NULL, pending = NULL, pending_hash = NULL, findings = $11, approved_hash = $10 \
         WHERE server_id = $1 AND name = $2 AND COALESCE(hash, '') = $3 AND COALESCE(pending_hash, '') = $4",
        vec![
            tool.server_id.as_str().into(),
            tool.name.as_str().into(),
            pinned.into(),
            pending.unwrap_or("").into(),
            tool.title.clone().into(),
            tool.description.clone().into(),
            Value::Text(tool.input_schema.to_string()),
            json_text(tool.output_schema.as_ref()),
            json_text(tool.annotations.as_ref()),
            tool.pin.hash.as_str().into(),
            findings_text(&tool.pin.findings),
        ],
    )];
    statements.push(bump_for_server(&tool.server_id));
    // The record is written only if the update was: the tool is then
    // pinned to what was approved.
    statements.extend(insert_statements(
        record,
        Some(Guard::ToolPinned {
            server_id: &tool.server_id,
            name: &tool.name,
            hash: &tool.pin.hash,
        }),
    ));
    let counts = sql.batch(&statements).await?;
    Ok(counts.first().copied().unwrap_or(0) == 1)
}

impl Pinned for ScannedTool {
    fn name(&self) -> &str {
        &self.name
    }
    fn definition(&self) -> serde_json::Value {
        definition::of(self)
    }
    fn redefine(&mut self, d: &serde_json::Value) {
        let pin = std::mem::take(&mut self.pin);
        let (server_id, scanned_at) = (std::mem::take(&mut self.server_id), self.scanned_at);
        *self = ScannedTool {
            server_id,
            scanned_at,
            pin,
            ..definition::to_tool("", d)
        };
    }
    fn pin(&self) -> &Pin {
        &self.pin
    }
    fn pin_mut(&mut self) -> &mut Pin {
        &mut self.pin
    }
    fn scanned_at(&self) -> i64 {
        self.scanned_at
    }
    fn set_scanned_at(&mut self, at: i64) {
        self.scanned_at = at;
    }
}
