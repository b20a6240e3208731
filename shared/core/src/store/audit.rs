//! Audit records: written before a call is forwarded, completed after.

use super::sql::{Row, Sql, Value};
use crate::error::{Error, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditRecord {
    pub id: String,
    pub account_id: String,
    pub request_id: String,
    pub created_at: i64,
    pub api_key_id: Option<String>,
    pub principal: String,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool: String,
    /// Already redacted.
    pub arguments: serde_json::Value,
    pub decision: String,
    pub rule_id: Option<String>,
    pub reason: String,
    /// `pending` until completed; then `ok`, `tool_error`, `upstream_error`,
    /// `denied` or `refused`.
    pub outcome: String,
    pub error: Option<String>,
    pub duration_ms: Option<i64>,
    pub completed_at: Option<i64>,
    /// How the decision was reached (rules considered, shadow outcome).
    pub trace: Option<serde_json::Value>,
    /// The native instance that wrote the record (none at the edge): if it
    /// dies while the call is pending, the record is closed `interrupted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

const COLUMNS: &str = "id, account_id, request_id, created_at, api_key_id, principal, server_id, server_name, tool, arguments, decision, rule_id, reason, outcome, error, duration_ms, completed_at, trace, instance_id";

fn from_row(row: &Row) -> Result<AuditRecord> {
    Ok(AuditRecord {
        id: row.str("id")?,
        account_id: row.str("account_id")?,
        request_id: row.str("request_id")?,
        created_at: row.int("created_at")?,
        api_key_id: row.opt_str("api_key_id")?,
        principal: row.str("principal")?,
        server_id: row.opt_str("server_id")?,
        server_name: row.opt_str("server_name")?,
        tool: row.str("tool")?,
        arguments: row.json("arguments")?,
        decision: row.str("decision")?,
        rule_id: row.opt_str("rule_id")?,
        reason: row.str("reason")?,
        outcome: row.str("outcome")?,
        error: row.opt_str("error")?,
        duration_ms: row.opt_int("duration_ms")?,
        completed_at: row.opt_int("completed_at")?,
        trace: row
            .opt_str("trace")?
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| Error::internal(format!("store: bad trace JSON: {e}")))?,
        instance_id: row.opt_str("instance_id")?,
    })
}

pub async fn insert(sql: &dyn Sql, r: &AuditRecord) -> Result<()> {
    sql.execute(
        &format!("INSERT INTO audit_events ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"),
        &[
            r.id.as_str().into(),
            r.account_id.as_str().into(),
            r.request_id.as_str().into(),
            Value::Int(r.created_at),
            r.api_key_id.clone().into(),
            r.principal.as_str().into(),
            r.server_id.clone().into(),
            r.server_name.clone().into(),
            r.tool.as_str().into(),
            Value::Text(r.arguments.to_string()),
            r.decision.as_str().into(),
            r.rule_id.clone().into(),
            r.reason.as_str().into(),
            r.outcome.as_str().into(),
            r.error.clone().into(),
            r.duration_ms.into(),
            r.completed_at.into(),
            r.trace.as_ref().map(|t| t.to_string()).into(),
            r.instance_id.clone().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Gives a pending record its outcome. Only a pending record changes: the
/// first final outcome stands (a call finishing after its instance was
/// declared dead keeps `interrupted`).
pub async fn complete(
    sql: &dyn Sql,
    id: &str,
    outcome: &str,
    error: Option<&str>,
    duration_ms: i64,
    now: i64,
) -> Result<()> {
    sql.execute(
        "UPDATE audit_events SET outcome = $2, error = $3, duration_ms = $4, completed_at = $5 WHERE id = $1 AND outcome = 'pending'",
        &[
            id.into(),
            outcome.into(),
            error.map(str::to_string).into(),
            Value::Int(duration_ms),
            Value::Int(now),
        ],
    )
    .await?;
    Ok(())
}

/// Closes as `interrupted` the pending records of one instance (its own,
/// when a drain runs out of time). Returns how many.
pub async fn interrupt_instance(sql: &dyn Sql, instance_id: &str, now: i64) -> Result<u64> {
    sql.execute(
        "UPDATE audit_events SET outcome = 'interrupted', completed_at = $2, \
         error = 'the instance stopped before the call finished (drain deadline passed)' \
         WHERE outcome = 'pending' AND instance_id = $1",
        &[instance_id.into(), Value::Int(now)],
    )
    .await
}

/// Closes as `interrupted` the pending records nobody will finish: those of
/// instances that stopped saying they are alive (seen before `stale_before`,
/// or gone), and those written without an instance (at the edge) before
/// `old_before`. The error says when this was found. Returns how many.
pub async fn close_abandoned(
    sql: &dyn Sql,
    now: i64,
    stale_before: i64,
    old_before: i64,
) -> Result<u64> {
    let found = chrono::DateTime::from_timestamp_millis(now)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default();
    sql.execute(
        "UPDATE audit_events SET outcome = 'interrupted', completed_at = $1, error = $4 \
         WHERE outcome = 'pending' AND ( \
           (instance_id IS NOT NULL AND created_at < $2 AND NOT EXISTS \
              (SELECT 1 FROM instances i WHERE i.id = audit_events.instance_id AND i.last_seen_at >= $2)) \
           OR (instance_id IS NULL AND created_at < $3))",
        &[
            Value::Int(now),
            Value::Int(stale_before),
            Value::Int(old_before),
            format!("the call's instance stopped before it finished; found at {found}").into(),
        ],
    )
    .await
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub tool: Option<String>,
    pub decision: Option<String>,
    /// Matches the API key id or the principal label.
    pub principal: Option<String>,
    pub outcome: Option<String>,
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub limit: usize,
    pub cursor: Option<String>,
}

pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    pub next_cursor: Option<String>,
}

fn encode_cursor(created_at: i64, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{created_at}:{id}"))
}

fn decode_cursor(cursor: &str) -> Result<(i64, String)> {
    let bad = || Error::bad_request("invalid cursor");
    let raw = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (t, id) = text.split_once(':').ok_or_else(bad)?;
    Ok((t.parse().map_err(|_| bad())?, id.to_string()))
}

/// Newest first; `next_cursor` continues after the last record returned.
pub async fn list(sql: &dyn Sql, account_id: &str, f: &AuditFilter) -> Result<AuditPage> {
    let mut clauses = vec!["account_id = $1".to_string()];
    let mut params: Vec<Value> = vec![account_id.into()];
    // Each filter binds one value and refers to it by its position.
    fn bind(clauses: &mut Vec<String>, params: &mut Vec<Value>, clause: &str, value: Value) {
        params.push(value);
        clauses.push(clause.replace('?', &format!("${}", params.len())));
    }
    if let Some(t) = &f.tool {
        bind(&mut clauses, &mut params, "tool = ?", t.into());
    }
    if let Some(d) = &f.decision {
        bind(&mut clauses, &mut params, "decision = ?", d.into());
    }
    if let Some(o) = &f.outcome {
        bind(&mut clauses, &mut params, "outcome = ?", o.into());
    }
    if let Some(p) = &f.principal {
        bind(
            &mut clauses,
            &mut params,
            "(api_key_id = ? OR principal = ?)",
            p.into(),
        );
    }
    if let Some(s) = f.since_ms {
        bind(&mut clauses, &mut params, "created_at >= ?", Value::Int(s));
    }
    if let Some(u) = f.until_ms {
        bind(&mut clauses, &mut params, "created_at < ?", Value::Int(u));
    }
    if let Some(c) = &f.cursor {
        let (t, id) = decode_cursor(c)?;
        bind(
            &mut clauses,
            &mut params,
            "(created_at < ? OR (created_at = ?",
            Value::Int(t),
        );
        if let Some(last) = clauses.pop() {
            params.push(id.into());
            clauses.push(format!("{last} AND id < ${}))", params.len()));
        }
    }
    let limit = f.limit.clamp(1, 500);
    let sql_text = format!(
        "SELECT {COLUMNS} FROM audit_events WHERE {} ORDER BY created_at DESC, id DESC LIMIT {}",
        clauses.join(" AND "),
        limit + 1
    );
    let rows = sql.query(&sql_text, &params).await?;
    let mut records: Vec<AuditRecord> = rows.iter().map(from_row).collect::<Result<_>>()?;
    let next_cursor = if records.len() > limit {
        records.truncate(limit);
        records.last().map(|r| encode_cursor(r.created_at, &r.id))
    } else {
        None
    };
    Ok(AuditPage {
        records,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip() {
        let c = encode_cursor(42, "01ABC");
        assert_eq!(decode_cursor(&c).ok(), Some((42, "01ABC".to_string())));
        assert!(decode_cursor("!!!").is_err());
    }
}
