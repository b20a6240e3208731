//! Audit records: written before a call is forwarded, completed after.

use super::sql::{Row, Sql, Statement, Value};
use crate::audit::chain;
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
    /// The record's place in its account's chain, given when it is final.
    pub seq: Option<i64>,
    /// SHA-256 of the final record's content ([`chain::Content`]).
    pub content_hash: Option<String>,
}

impl AuditRecord {
    /// A record of something that happened (a decision on an approval, a
    /// switch turned, a connection made) rather than a call: final when
    /// written, of no duration. Callers set what it is about over these
    /// defaults (`..AuditRecord::event(…)`).
    pub fn event(id: String, account_id: &str, now: i64) -> Self {
        AuditRecord {
            request_id: id.clone(),
            id,
            account_id: account_id.to_string(),
            created_at: now,
            api_key_id: None,
            principal: String::new(),
            server_id: None,
            server_name: None,
            tool: String::new(),
            arguments: serde_json::Value::Object(Default::default()),
            decision: "allow".into(),
            rule_id: None,
            reason: String::new(),
            outcome: String::new(),
            error: None,
            duration_ms: Some(0),
            completed_at: Some(now),
            trace: None,
            instance_id: None,
            seq: None,
            content_hash: None,
        }
    }

    /// The hash of this record's content, as it is (or will be) stored.
    pub fn hash(&self) -> String {
        let arguments = self.arguments.to_string();
        let trace = self.trace.as_ref().map(|t| t.to_string());
        self.hash_with(&arguments, trace.as_deref())
    }

    /// The hash over the exact text stored for the JSON fields (a record
    /// read back from the store may not serialise to the same text: floats
    /// do not all round-trip).
    pub fn hash_with(&self, arguments: &str, trace: Option<&str>) -> String {
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
            arguments,
            decision: &self.decision,
            rule_id: self.rule_id.as_deref(),
            reason: &self.reason,
            outcome: &self.outcome,
            error: self.error.as_deref(),
            duration_ms: self.duration_ms,
            completed_at: self.completed_at,
            trace,
            instance_id: self.instance_id.as_deref(),
        }
        .hash()
    }
    pub fn is_final(&self) -> bool {
        self.outcome != "pending"
    }
}

const COLUMNS: &str = "id, account_id, request_id, created_at, api_key_id, principal, server_id, server_name, tool, arguments, decision, rule_id, reason, outcome, error, duration_ms, completed_at, trace, instance_id, seq, content_hash";

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
        seq: row.opt_int("seq")?,
        content_hash: row.opt_str("content_hash")?,
    })
}

/// What must hold, in the same transaction, for a record to be written:
/// the record goes with the change it tells of, and not without it.
#[derive(Debug, Clone, Copy)]
pub enum Guard<'a> {
    /// An approval request still carries this write token.
    Approval { request_id: &'a str, token: &'a str },
    /// A tool is pinned to this definition with nothing held back.
    ToolPinned {
        server_id: &'a str,
        name: &'a str,
        hash: &'a str,
    },
    /// A prompt or resource template is, likewise.
    EntryPinned {
        server_id: &'a str,
        kind: &'a str,
        name: &'a str,
        hash: &'a str,
    },
}

impl Guard<'_> {
    /// The condition, its placeholders numbered from `first`, and their
    /// values.
    fn condition(&self, first: usize) -> (String, Vec<Value>) {
        let (a, b, c) = (first, first + 1, first + 2);
        match *self {
            Guard::Approval { request_id, token } => (
                format!(
                    "EXISTS (SELECT 1 FROM approval_requests WHERE id = ${a} AND write_token = ${b})"
                ),
                vec![request_id.into(), token.into()],
            ),
            Guard::ToolPinned {
                server_id,
                name,
                hash,
            } => (
                format!(
                    "EXISTS (SELECT 1 FROM mcp_tools WHERE server_id = ${a} AND name = ${b} AND hash = ${c} AND quarantine IS NULL AND pending_hash IS NULL)"
                ),
                vec![server_id.into(), name.into(), hash.into()],
            ),
            Guard::EntryPinned {
                server_id,
                kind,
                name,
                hash,
            } => (
                format!(
                    "EXISTS (SELECT 1 FROM mcp_entries WHERE server_id = ${a} AND kind = ${b} AND name = ${c} AND hash = ${} AND quarantine IS NULL AND pending_hash IS NULL)",
                    first + 3
                ),
                vec![server_id.into(), kind.into(), name.into(), hash.into()],
            ),
        }
    }
}

/// The statement that moves an account's chain counter on by one (taking
/// its row lock on Postgres until commit, which orders finalisations),
/// only while `guard` holds.
fn advance_head(account_id: &str, guard: Option<Guard<'_>>) -> Statement {
    match guard {
        None => Statement::new(
            "INSERT INTO audit_heads (account_id, seq) VALUES ($1, 1) \
             ON CONFLICT (account_id) DO UPDATE SET seq = audit_heads.seq + 1",
            vec![account_id.into()],
        ),
        Some(guard) => {
            let (condition, values) = guard.condition(2);
            let mut params = vec![account_id.into()];
            params.extend(values);
            Statement::new(
                format!(
                    "INSERT INTO audit_heads (account_id, seq) SELECT $1, 1 WHERE {condition} \
                     ON CONFLICT (account_id) DO UPDATE SET seq = audit_heads.seq + 1"
                ),
                params,
            )
        }
    }
}

/// The statements that write a record. A final record takes the next place
/// in its account's chain in the same transaction; a pending one gets its
/// place when it is completed. With a `guard`, nothing is written unless
/// it holds.
pub fn insert_statements(r: &AuditRecord, guard: Option<Guard<'_>>) -> Vec<Statement> {
    let chained = r.is_final();
    let mut params: Vec<Value> = vec![
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
        chained.then(|| r.hash()).into(),
    ];
    let seq = if chained {
        "(SELECT seq FROM audit_heads WHERE account_id = $2)"
    } else {
        "NULL"
    };
    let only_if = match guard {
        None => "1 = 1".to_string(),
        Some(guard) => {
            let (condition, values) = guard.condition(params.len() + 1);
            params.extend(values);
            condition
        }
    };
    let insert = Statement::new(
        format!(
            "INSERT INTO audit_events ({COLUMNS}) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, {seq}, $20 WHERE {only_if}"
        ),
        params,
    );
    if chained {
        vec![advance_head(&r.account_id, guard), insert]
    } else {
        vec![insert]
    }
}

/// Writes a record (see [`insert_statements`]).
pub async fn insert(sql: &dyn Sql, r: &AuditRecord) -> Result<()> {
    sql.batch(&insert_statements(r, None)).await?;
    Ok(())
}

/// Gives a pending record its outcome and its place in the chain. Only a
/// pending record changes: the first final outcome stands, and `Ok(false)`
/// says the record was already final (its counter move is rolled back with
/// the batch, so the chain has no gap).
pub async fn complete(
    sql: &dyn Sql,
    pending: &AuditRecord,
    outcome: &str,
    error: Option<&str>,
    duration_ms: i64,
    now: i64,
) -> Result<bool> {
    let arguments = pending.arguments.to_string();
    let trace = pending.trace.as_ref().map(|t| t.to_string());
    complete_stored(
        sql,
        pending,
        (&arguments, trace.as_deref()),
        outcome,
        error,
        duration_ms,
        now,
    )
    .await
}

/// [`complete`], given the text the record's JSON fields are stored as.
async fn complete_stored(
    sql: &dyn Sql,
    pending: &AuditRecord,
    stored: (&str, Option<&str>),
    outcome: &str,
    error: Option<&str>,
    duration_ms: i64,
    now: i64,
) -> Result<bool> {
    let done = AuditRecord {
        outcome: outcome.to_string(),
        error: error.map(str::to_string),
        duration_ms: Some(duration_ms),
        completed_at: Some(now),
        ..pending.clone()
    };
    let account = pending.account_id.as_str();
    let result = sql
        .batch(&[
            advance_head(account, None),
            Statement::new(
                "UPDATE audit_events SET outcome = $2, error = $3, duration_ms = $4, completed_at = $5, content_hash = $6, \
                 seq = (SELECT seq FROM audit_heads WHERE account_id = $7) WHERE id = $1 AND outcome = 'pending'",
                vec![
                    pending.id.as_str().into(),
                    outcome.into(),
                    error.map(str::to_string).into(),
                    Value::Int(duration_ms),
                    Value::Int(now),
                    done.hash_with(stored.0, stored.1).into(),
                    account.into(),
                ],
            ),
            Statement::new(
                "INSERT INTO audit_guard (must_hold) SELECT NULL WHERE NOT EXISTS \
                 (SELECT 1 FROM audit_events WHERE id = $1 AND seq = (SELECT seq FROM audit_heads WHERE account_id = $2))",
                vec![pending.id.as_str().into(), account.into()],
            ),
        ])
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) => match get(sql, &pending.id).await? {
            Some(r) if r.is_final() => Ok(false),
            _ => Err(e),
        },
    }
}

/// One record by id.
pub async fn get(sql: &dyn Sql, id: &str) -> Result<Option<AuditRecord>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM audit_events WHERE id = $1"),
        &[id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// Closes as `interrupted` the pending records of one instance (its own,
/// when a drain runs out of time). Returns how many.
pub async fn interrupt_instance(sql: &dyn Sql, instance_id: &str, now: i64) -> Result<u64> {
    let pending = query_records(
        sql,
        "outcome = 'pending' AND instance_id = $1",
        &[instance_id.into()],
    )
    .await?;
    interrupt(
        sql,
        &pending,
        "the instance stopped before the call finished (drain deadline passed)",
        now,
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
    let pending = query_records(
        sql,
        "outcome = 'pending' AND ( \
           (instance_id IS NOT NULL AND created_at < $1 AND NOT EXISTS \
              (SELECT 1 FROM instances i WHERE i.id = audit_events.instance_id AND i.last_seen_at >= $1)) \
           OR (instance_id IS NULL AND created_at < $2)) ORDER BY created_at LIMIT 1000",
        &[Value::Int(stale_before), Value::Int(old_before)],
    )
    .await?;
    interrupt(
        sql,
        &pending,
        &format!("the call's instance stopped before it finished; found at {found}"),
        now,
    )
    .await
}

async fn interrupt(sql: &dyn Sql, records: &[Stored], why: &str, now: i64) -> Result<u64> {
    let mut closed = 0;
    for (r, arguments, trace) in records {
        let duration = now.saturating_sub(r.created_at);
        let stored = (arguments.as_str(), trace.as_deref());
        if complete_stored(sql, r, stored, "interrupted", Some(why), duration, now).await? {
            closed += 1;
        }
    }
    Ok(closed)
}

/// A record read back, with the text its JSON fields are stored as.
type Stored = (AuditRecord, String, Option<String>);

async fn query_records(sql: &dyn Sql, filter: &str, params: &[Value]) -> Result<Vec<Stored>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM audit_events WHERE {filter}"),
        params,
    )
    .await?
    .iter()
    .map(|row| Ok((from_row(row)?, row.str("arguments")?, row.opt_str("trace")?)))
    .collect()
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
    // The API bounds a page (500) and a download (10,000) by itself.
    let limit = f.limit.clamp(1, 10_000);
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

/// Calls only: not the control plane's records, nor approvals' transitions.
const CALLS_ONLY: &str =
    "substr(tool, 1, 8) <> 'preloop:' AND substr(outcome, 1, 9) <> 'approval_'";

/// Counts of an account's calls in `[since, until)`: per time bucket and
/// decision, per outcome, and the busiest tools. Grouped in the store over
/// the time index, so a long trail is never read out.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub since: i64,
    pub until: i64,
    pub bucket_ms: i64,
    /// `(bucket start, decision, count)`, in time order.
    pub buckets: Vec<(i64, String, i64)>,
    pub outcomes: Vec<(String, i64)>,
    pub tools: Vec<(String, i64)>,
}

pub async fn stats(
    sql: &dyn Sql,
    account_id: &str,
    since: i64,
    until: i64,
    bucket_ms: i64,
) -> Result<Stats> {
    let range = [account_id.into(), Value::Int(since), Value::Int(until)];
    let filter =
        format!("account_id = $1 AND created_at >= $2 AND created_at < $3 AND {CALLS_ONLY}");
    let buckets = sql
        .query(
            &format!(
                // D1 binds numbers as doubles: the cast keeps the bucket whole.
                "SELECT CAST((created_at - $2) / {bucket_ms} AS BIGINT) AS b, decision, COUNT(*) AS n FROM audit_events \
                 WHERE {filter} GROUP BY b, decision ORDER BY b, decision"
            ),
            &range,
        )
        .await?
        .iter()
        .map(|r| Ok((since + r.int("b")? * bucket_ms, r.str("decision")?, r.int("n")?)))
        .collect::<Result<_>>()?;
    let counted = |column: &'static str, limit: usize| {
        format!(
            "SELECT {column} AS k, COUNT(*) AS n FROM audit_events WHERE {filter} \
             GROUP BY {column} ORDER BY n DESC, k LIMIT {limit}"
        )
    };
    let pairs = |rows: Vec<Row>| -> Result<Vec<(String, i64)>> {
        rows.iter()
            .map(|r| Ok((r.str("k")?, r.int("n")?)))
            .collect()
    };
    let outcomes = pairs(sql.query(&counted("outcome", 50), &range).await?)?;
    let tools = pairs(sql.query(&counted("tool", 10), &range).await?)?;
    Ok(Stats {
        since,
        until,
        bucket_ms,
        buckets,
        outcomes,
        tools,
    })
}

/// The account's final records after place `after` in its chain, in chain
/// order: what the console's live stream sends. Places are given in commit
/// order (the chain head's row lock), so a reader that has seen place `n`
/// has seen every place below it: no gap, and none twice.
pub async fn after_seq(
    sql: &dyn Sql,
    account_id: &str,
    after: i64,
    limit: usize,
) -> Result<Vec<AuditRecord>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM audit_events WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT {}",
            limit.clamp(1, 500)
        ),
        &[account_id.into(), Value::Int(after)],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The first place still kept in the account's chain (retention removes
/// the oldest), if any record is.
pub async fn first_seq(sql: &dyn Sql, account_id: &str) -> Result<Option<i64>> {
    Ok(sql
        .query(
            "SELECT MIN(seq) AS seq FROM audit_events WHERE account_id = $1 AND seq IS NOT NULL",
            &[account_id.into()],
        )
        .await?
        .first()
        .map(|r| r.opt_int("seq"))
        .transpose()?
        .flatten())
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
