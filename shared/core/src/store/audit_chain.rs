//! The audit chain in the store: heads (each account's counter), the
//! records in chain order with their raw stored content, and checkpoints.

use super::sql::{Row, Sql, Statement, Value};
use crate::audit::chain;
use crate::error::{ErrorKind, Result};
use serde::{Deserialize, Serialize};

/// An account's chain counter: the last `seq` given, and the last given
/// before the chain existed (those records had no hash when written).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Head {
    pub account_id: String,
    pub seq: i64,
    pub legacy_through: i64,
}

fn head_from(r: &Row) -> Result<Head> {
    Ok(Head {
        account_id: r.str("account_id")?,
        seq: r.int("seq")?,
        legacy_through: r.int("legacy_through")?,
    })
}

pub async fn heads(sql: &dyn Sql) -> Result<Vec<Head>> {
    sql.query(
        "SELECT account_id, seq, legacy_through FROM audit_heads ORDER BY account_id",
        &[],
    )
    .await?
    .iter()
    .map(head_from)
    .collect()
}

pub async fn head(sql: &dyn Sql, account_id: &str) -> Result<Head> {
    Ok(sql
        .query(
            "SELECT account_id, seq, legacy_through FROM audit_heads WHERE account_id = $1",
            &[account_id.into()],
        )
        .await?
        .first()
        .map(head_from)
        .transpose()?
        .unwrap_or(Head {
            account_id: account_id.to_string(),
            ..Head::default()
        }))
}

/// A signed statement about the chain: the value it had after `seq_to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCheckpoint {
    pub id: String,
    pub account_id: String,
    pub seq_from: i64,
    pub seq_to: i64,
    pub prev_root: String,
    pub root: String,
    pub kind: String,
    pub created_at: i64,
    pub key_id: String,
    pub signature: String,
}

const CHECKPOINT_COLUMNS: &str =
    "id, account_id, seq_from, seq_to, prev_root, root, kind, created_at, key_id, signature";

fn checkpoint_from(r: &Row) -> Result<StoredCheckpoint> {
    Ok(StoredCheckpoint {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        seq_from: r.int("seq_from")?,
        seq_to: r.int("seq_to")?,
        prev_root: r.str("prev_root")?,
        root: r.str("root")?,
        kind: r.str("kind")?,
        created_at: r.int("created_at")?,
        key_id: r.str("key_id")?,
        signature: r.str("signature")?,
    })
}

pub async fn checkpoints(sql: &dyn Sql, account_id: &str) -> Result<Vec<StoredCheckpoint>> {
    sql.query(
        &format!("SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE account_id = $1 ORDER BY seq_to"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(checkpoint_from)
    .collect()
}

pub async fn last_checkpoint(sql: &dyn Sql, account_id: &str) -> Result<Option<StoredCheckpoint>> {
    sql.query(
        &format!("SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE account_id = $1 ORDER BY seq_to DESC LIMIT 1"),
        &[account_id.into()],
    )
    .await?
    .first()
    .map(checkpoint_from)
    .transpose()
}

/// A chained record as stored: exactly the text its hash was computed over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainRow {
    pub id: String,
    pub account_id: String,
    pub request_id: String,
    pub created_at: i64,
    pub api_key_id: Option<String>,
    pub principal: String,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool: String,
    pub arguments: String,
    pub decision: String,
    pub rule_id: Option<String>,
    pub reason: String,
    pub outcome: String,
    pub error: Option<String>,
    pub duration_ms: Option<i64>,
    pub completed_at: Option<i64>,
    pub trace: Option<String>,
    pub instance_id: Option<String>,
    pub seq: i64,
    pub content_hash: Option<String>,
    pub chain_hash: Option<String>,
}

impl ChainRow {
    pub fn content(&self) -> chain::Content<'_> {
        chain::Content {
            id: &self.id,
            account_id: &self.account_id,
            request_id: &self.request_id,
            created_at: self.created_at,
            api_key_id: self.api_key_id.as_deref(),
            principal: &self.principal,
            server_id: self.server_id.as_deref(),
            server_name: self.server_name.as_deref(),
            tool: &self.tool,
            arguments: &self.arguments,
            decision: &self.decision,
            rule_id: self.rule_id.as_deref(),
            reason: &self.reason,
            outcome: &self.outcome,
            error: self.error.as_deref(),
            duration_ms: self.duration_ms,
            completed_at: self.completed_at,
            trace: self.trace.as_deref(),
            instance_id: self.instance_id.as_deref(),
        }
    }
}

const ROW_COLUMNS: &str = "id, account_id, request_id, created_at, api_key_id, principal, server_id, server_name, tool, arguments, decision, rule_id, reason, outcome, error, duration_ms, completed_at, trace, instance_id, seq, content_hash, chain_hash";

fn chain_row(r: &Row) -> Result<ChainRow> {
    Ok(ChainRow {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        request_id: r.str("request_id")?,
        created_at: r.int("created_at")?,
        api_key_id: r.opt_str("api_key_id")?,
        principal: r.str("principal")?,
        server_id: r.opt_str("server_id")?,
        server_name: r.opt_str("server_name")?,
        tool: r.str("tool")?,
        arguments: r.str("arguments")?,
        decision: r.str("decision")?,
        rule_id: r.opt_str("rule_id")?,
        reason: r.str("reason")?,
        outcome: r.str("outcome")?,
        error: r.opt_str("error")?,
        duration_ms: r.opt_int("duration_ms")?,
        completed_at: r.opt_int("completed_at")?,
        trace: r.opt_str("trace")?,
        instance_id: r.opt_str("instance_id")?,
        seq: r.int("seq")?,
        content_hash: r.opt_str("content_hash")?,
        chain_hash: r.opt_str("chain_hash")?,
    })
}

/// Chained records from `from_seq` on, in chain order.
pub async fn rows_from(
    sql: &dyn Sql,
    account_id: &str,
    from_seq: i64,
    limit: usize,
) -> Result<Vec<ChainRow>> {
    sql.query(
        &format!(
            "SELECT {ROW_COLUMNS} FROM audit_events WHERE account_id = $1 AND seq >= $2 ORDER BY seq LIMIT {}",
            limit.clamp(1, 10_000)
        ),
        &[account_id.into(), Value::Int(from_seq)],
    )
    .await?
    .iter()
    .map(chain_row)
    .collect()
}

/// Final records that never took a place in the chain (written around it),
/// or took one the chain never gives.
pub async fn unchained(sql: &dyn Sql, account_id: &str) -> Result<Vec<String>> {
    sql.query(
        "SELECT id FROM audit_events WHERE account_id = $1 AND outcome <> 'pending' AND (seq IS NULL OR seq < 1) ORDER BY created_at LIMIT 100",
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(|r| r.str("id"))
    .collect()
}

/// The first chained record after `after_seq` completed before `before`.
pub async fn first_unsigned(
    sql: &dyn Sql,
    account_id: &str,
    after_seq: i64,
    before: i64,
) -> Result<Option<(i64, String)>> {
    sql.query(
        "SELECT seq, id FROM audit_events WHERE account_id = $1 AND seq > $2 AND completed_at < $3 ORDER BY seq LIMIT 1",
        &[account_id.into(), Value::Int(after_seq), Value::Int(before)],
    )
    .await?
    .first()
    .map(|r| Ok((r.int("seq")?, r.str("id")?)))
    .transpose()
}

/// Stores the chain values of a checkpoint's records and the checkpoint,
/// in one transaction. `false` when another run wrote the same checkpoint.
pub async fn write_checkpoint(
    sql: &dyn Sql,
    c: &StoredCheckpoint,
    links: &[(String, String, String)],
) -> Result<bool> {
    let mut statements: Vec<Statement> = links
        .iter()
        .map(|(id, content_hash, chain_hash)| {
            Statement::new(
                "UPDATE audit_events SET content_hash = COALESCE(content_hash, $2), chain_hash = $3 WHERE id = $1",
                vec![id.as_str().into(), content_hash.as_str().into(), chain_hash.as_str().into()],
            )
        })
        .collect();
    statements.push(insert_checkpoint(c));
    match sql.batch(&statements).await {
        Ok(_) => Ok(true),
        Err(e) if e.kind == ErrorKind::Conflict => Ok(false),
        Err(e) => Err(e),
    }
}

fn insert_checkpoint(c: &StoredCheckpoint) -> Statement {
    Statement::new(
        format!(
            "INSERT INTO audit_checkpoints ({CHECKPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ),
        vec![
            c.id.as_str().into(),
            c.account_id.as_str().into(),
            Value::Int(c.seq_from),
            Value::Int(c.seq_to),
            c.prev_root.as_str().into(),
            c.root.as_str().into(),
            c.kind.as_str().into(),
            Value::Int(c.created_at),
            c.key_id.as_str().into(),
            c.signature.as_str().into(),
        ],
    )
}

/// The latest periodic checkpoint all of whose records (and all before
/// them) were created before `before`: how far retention may remove.
pub async fn purgeable_checkpoint(
    sql: &dyn Sql,
    account_id: &str,
    before: i64,
) -> Result<Option<StoredCheckpoint>> {
    sql.query(
        &format!(
            "SELECT {CHECKPOINT_COLUMNS} FROM audit_checkpoints c WHERE c.account_id = $1 AND c.kind = 'periodic' \
             AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.account_id = $1 AND e.seq <= c.seq_to AND e.created_at >= $2) \
             AND EXISTS (SELECT 1 FROM audit_events e WHERE e.account_id = $1 AND e.seq <= c.seq_to) \
             ORDER BY c.seq_to DESC LIMIT 1"
        ),
        &[account_id.into(), Value::Int(before)],
    )
    .await?
    .first()
    .map(checkpoint_from)
    .transpose()
}

/// Removes the records and checkpoints up to the marker's `seq_to` and
/// stores the marker, in one transaction. Returns the records removed.
pub async fn purge_through(sql: &dyn Sql, marker: &StoredCheckpoint) -> Result<u64> {
    let counts = sql
        .batch(&[
            Statement::new(
                "DELETE FROM audit_events WHERE account_id = $1 AND seq <= $2",
                vec![marker.account_id.as_str().into(), Value::Int(marker.seq_to)],
            ),
            Statement::new(
                "DELETE FROM audit_checkpoints WHERE account_id = $1 AND seq_to <= $2",
                vec![marker.account_id.as_str().into(), Value::Int(marker.seq_to)],
            ),
            insert_checkpoint(marker),
        ])
        .await?;
    Ok(counts.first().copied().unwrap_or(0))
}
