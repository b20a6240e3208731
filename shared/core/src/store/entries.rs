//! The prompts and resource templates scanned from upstream servers, each
//! pinned like a tool ([`crate::mcp::integrity`]): kept as the definition
//! the upstream listed, with where its integrity stands.

use super::audit::{AuditRecord, Guard, insert_statements};
use super::sql::{Row, Sql, Statement, Value};
use super::tools::{findings_text, pin_from_row, pin_params};
use crate::error::{Error, Result};
use crate::mcp::integrity::{Pin, Pinned, definition};
use serde::Serialize;
use std::collections::HashMap;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Prompt,
    ResourceTemplate,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Prompt => "prompt",
            EntryKind::ResourceTemplate => "resource_template",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s {
            "prompt" => Ok(EntryKind::Prompt),
            "resource_template" => Ok(EntryKind::ResourceTemplate),
            other => Err(Error::internal(format!("mcp_entries.kind '{other}'"))),
        }
    }

    /// The list method, the key of its answer, the capability that offers
    /// it, and the field that names an entry.
    pub fn listing(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            EntryKind::Prompt => ("prompts/list", "prompts", "prompts", "name"),
            EntryKind::ResourceTemplate => (
                "resources/templates/list",
                "resourceTemplates",
                "resources",
                "uriTemplate",
            ),
        }
    }
}

/// A prompt or resource template as pinned.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PinnedEntry {
    pub server_id: String,
    pub kind: EntryKind,
    /// A prompt's name, a template's URI template.
    pub name: String,
    /// What the upstream listed (without `_meta`).
    pub definition: serde_json::Value,
    pub scanned_at: i64,
    #[serde(flatten)]
    pub pin: Pin,
}

impl PinnedEntry {
    /// An entry as an upstream lists it, or `None` without its naming field.
    pub fn listed(
        server_id: &str,
        kind: EntryKind,
        listed: &serde_json::Value,
        now: i64,
    ) -> Option<Self> {
        let name = listed.get(kind.listing().3)?.as_str()?.to_string();
        Some(PinnedEntry {
            server_id: server_id.to_string(),
            kind,
            name,
            definition: definition_of(listed),
            scanned_at: now,
            pin: Pin::default(),
        })
    }

    /// The hash of what an upstream lists now.
    pub fn hash_of(listed: &serde_json::Value) -> String {
        definition::hash_value(&definition_of(listed))
    }
}

/// What is pinned of an entry as listed: all of it but `_meta`, protocol
/// metadata rather than what a model reads.
fn definition_of(listed: &serde_json::Value) -> serde_json::Value {
    let mut d = listed.clone();
    if let Some(m) = d.as_object_mut() {
        m.remove("_meta");
    }
    d
}

impl Pinned for PinnedEntry {
    fn name(&self) -> &str {
        &self.name
    }
    fn definition(&self) -> serde_json::Value {
        self.definition.clone()
    }
    fn redefine(&mut self, d: &serde_json::Value) {
        self.definition = d.clone();
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

const COLUMNS: &str = "e.server_id, e.kind, e.name, e.definition, e.scanned_at, e.hash, e.quarantine, e.pending, e.pending_hash, e.findings, e.approved_hash, e.changed_at";

fn from_row(row: &Row) -> Result<PinnedEntry> {
    let mut e = PinnedEntry {
        server_id: row.str("server_id")?,
        kind: EntryKind::parse(&row.str("kind")?)?,
        name: row.str("name")?,
        definition: row.json("definition")?,
        scanned_at: row.int("scanned_at")?,
        pin: pin_from_row(row, "mcp_entries")?,
    };
    if e.pin.hash.is_empty() {
        e.pin.hash = definition::hash_value(&e.definition);
    }
    Ok(e)
}

/// The statements that replace a server's entries of `kind` with a scan's.
pub(crate) fn replace_statements(
    server_id: &str,
    kind: EntryKind,
    entries: &[PinnedEntry],
) -> Vec<Statement> {
    let mut statements = vec![Statement::new(
        "DELETE FROM mcp_entries WHERE server_id = $1 AND kind = $2",
        vec![server_id.into(), kind.as_str().into()],
    )];
    for e in entries {
        let mut params = vec![
            server_id.into(),
            kind.as_str().into(),
            e.name.as_str().into(),
            Value::Text(e.definition.to_string()),
            Value::Int(e.scanned_at),
        ];
        params.extend(pin_params(&e.pin));
        statements.push(Statement::new(
            "INSERT INTO mcp_entries (server_id, kind, name, definition, scanned_at, hash, quarantine, pending, pending_hash, findings, approved_hash, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            params,
        ));
    }
    statements
}

/// A server's entries of `kind`.
pub async fn list(sql: &dyn Sql, server_id: &str, kind: EntryKind) -> Result<Vec<PinnedEntry>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM mcp_entries e WHERE e.server_id = $1 AND e.kind = $2 ORDER BY e.name"),
        &[server_id.into(), kind.as_str().into()],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The pins of every entry of `kind` of the account, by server and name:
/// what a live list is held against.
pub async fn pins(
    sql: &dyn Sql,
    account_id: &str,
    kind: EntryKind,
) -> Result<HashMap<(String, String), PinnedEntry>> {
    Ok(sql
        .query(
            &format!(
                "SELECT {COLUMNS} FROM mcp_entries e JOIN mcp_servers s ON s.id = e.server_id \
                 WHERE s.account_id = $1 AND e.kind = $2"
            ),
            &[account_id.into(), kind.as_str().into()],
        )
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .map(|e| ((e.server_id.clone(), e.name.clone()), e))
        .collect())
}

/// One entry of one of the account's servers, if pinned.
pub async fn find(
    sql: &dyn Sql,
    account_id: &str,
    server_id: &str,
    kind: EntryKind,
    name: &str,
) -> Result<Option<PinnedEntry>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM mcp_entries e JOIN mcp_servers s ON s.id = e.server_id \
             WHERE s.account_id = $1 AND e.server_id = $2 AND e.kind = $3 AND e.name = $4"
        ),
        &[
            account_id.into(),
            server_id.into(),
            kind.as_str().into(),
            name.into(),
        ],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// Every held-back entry of the account, with its server's name.
pub async fn quarantined(sql: &dyn Sql, account_id: &str) -> Result<Vec<(String, PinnedEntry)>> {
    sql.query(
        &format!(
            "SELECT s.name AS server_name, {COLUMNS} FROM mcp_entries e JOIN mcp_servers s ON s.id = e.server_id \
             WHERE s.account_id = $1 AND e.quarantine IS NOT NULL ORDER BY s.name, e.kind, e.name"
        ),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(|row| Ok((row.str("server_name")?, from_row(row)?)))
    .collect()
}

/// Stores an entry as a person's approval made it, if it is still as they
/// saw it (`seen`: its pinned and pending hashes), with the approval's audit
/// record; `false` (and nothing written) if it changed meanwhile.
pub async fn store_approved(
    sql: &dyn Sql,
    e: &PinnedEntry,
    seen: (&str, Option<&str>),
    record: &AuditRecord,
) -> Result<bool> {
    let (pinned, pending) = seen;
    let mut statements = vec![Statement::new(
        "UPDATE mcp_entries SET definition = $6, hash = $7, quarantine = NULL, pending = NULL, pending_hash = NULL, \
         findings = $8, approved_hash = $7 \
         WHERE server_id = $1 AND kind = $2 AND name = $3 AND COALESCE(hash, '') = $4 AND COALESCE(pending_hash, '') = $5",
        vec![
            e.server_id.as_str().into(),
            e.kind.as_str().into(),
            e.name.as_str().into(),
            pinned.into(),
            pending.unwrap_or("").into(),
            Value::Text(e.definition.to_string()),
            e.pin.hash.as_str().into(),
            findings_text(&e.pin.findings),
        ],
    )];
    statements.push(super::tools::bump_for_server(&e.server_id));
    statements.extend(insert_statements(
        record,
        Some(Guard::EntryPinned {
            server_id: &e.server_id,
            kind: e.kind.as_str(),
            name: &e.name,
            hash: &e.pin.hash,
        }),
    ));
    let counts = sql.batch(&statements).await?;
    Ok(counts.first().copied().unwrap_or(0) == 1)
}
