//! Approval requests, votes and events. State changes are optimistic: each
//! save names the version it started from; its UPDATE (which also takes the
//! row lock on Postgres, held to commit) moves the version on and stamps a
//! write token of its own, and the vote and event rows are only inserted
//! where that token is in place. A writer that lost the race to another
//! instance therefore changes nothing, and [`save`] tells it to load and retry.

use super::audit::AuditRecord;
use super::sql::{Row, Sql, Statement, Value};
use crate::approval::request::{ApprovalRequest, Event, Stage, Status, Vote};
use crate::error::{Error, Result};
use serde::Serialize;

/// A request with what it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRequest {
    #[serde(flatten)]
    pub request: ApprovalRequest,
    pub account_id: String,
    pub policy_id: String,
    pub rule_id: Option<String>,
    pub api_key_id: String,
    pub principal: String,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool: String,
    #[serde(skip)]
    pub arguments_enc: String,
    pub arguments: serde_json::Value,
    pub justification: Option<String>,
    #[serde(skip)]
    pub version: i64,
    /// `none`, `running` (claimed by one caller) or `done`.
    pub execution: String,
    /// The upstream's result once executed; only ever returned to the agent.
    #[serde(skip)]
    pub result: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: String,
    pub kind: String,
    pub actor: Option<String>,
    pub detail: serde_json::Value,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, policy_id, rule_id, api_key_id, principal, server_id, server_name, tool, \
                       arguments_enc, arguments_redacted, call_hash, justification, status, stage, approvals_required, \
                       created_at, expires_at, escalate_at, decided_at, version";
const READ_COLUMNS: &str = "id, account_id, policy_id, rule_id, api_key_id, principal, server_id, server_name, tool, \
                       arguments_enc, arguments_redacted, call_hash, justification, status, stage, approvals_required, \
                       created_at, expires_at, escalate_at, decided_at, version, execution, result";

fn stage_str(s: Stage) -> &'static str {
    match s {
        Stage::Approvers => "approvers",
        Stage::Escalation => "escalation",
    }
}

fn from_row(r: &Row, votes: Vec<Vote>) -> Result<StoredRequest> {
    Ok(StoredRequest {
        request: ApprovalRequest {
            id: r.str("id")?,
            status: Status::parse(&r.str("status")?)?,
            stage: if r.str("stage")? == "escalation" {
                Stage::Escalation
            } else {
                Stage::Approvers
            },
            approvals_required: r.int("approvals_required")?,
            created_at: r.int("created_at")?,
            expires_at: r.int("expires_at")?,
            escalate_at: r.opt_int("escalate_at")?,
            decided_at: r.opt_int("decided_at")?,
            votes,
            call_hash: r.str("call_hash")?,
        },
        account_id: r.str("account_id")?,
        policy_id: r.str("policy_id")?,
        rule_id: r.opt_str("rule_id")?,
        api_key_id: r.str("api_key_id")?,
        principal: r.str("principal")?,
        server_id: r.opt_str("server_id")?,
        server_name: r.opt_str("server_name")?,
        tool: r.str("tool")?,
        arguments_enc: r.str("arguments_enc")?,
        arguments: r.json("arguments_redacted")?,
        justification: r.opt_str("justification")?,
        version: r.int("version")?,
        execution: r.str("execution")?,
        result: match r.json("result")? {
            serde_json::Value::Null => None,
            v => Some(v),
        },
    })
}

/// An event as stored: its kind and its serialized detail.
struct Described {
    kind: String,
    detail: serde_json::Value,
}

fn describe(event: &Event) -> Described {
    let detail = serde_json::to_value(event).unwrap_or(serde_json::Value::Null);
    let kind = detail
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or("unknown")
        .to_string();
    Described { kind, detail }
}

fn event_statement(
    request_id: &str,
    token: &str,
    id: String,
    event: &Described,
    actor: Option<&str>,
    now: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO approval_events (id, request_id, kind, actor, detail, created_at) \
         SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM approval_requests WHERE id = $2 AND write_token = $7)",
        vec![
            id.into(),
            request_id.into(),
            event.kind.as_str().into(),
            actor.map(str::to_string).into(),
            Value::Text(event.detail.to_string()),
            Value::Int(now),
            token.into(),
        ],
    )
}

/// The audit-trail record of one transition, written in the same
/// transaction as the transition itself (and only under its write token), so
/// the audit never misses a change nor records one that did not happen.
fn audit_statement(
    r: &StoredRequest,
    token: &str,
    id: String,
    event: &Described,
    actor: Option<&str>,
    now: i64,
) -> Vec<Statement> {
    super::audit::insert_statements(
        &transition_record(r, id, event, actor, now),
        Some(super::audit::Guard::Approval {
            request_id: &r.request.id,
            token,
        }),
    )
}

/// The audit record of a transition: about the held call, by whoever made
/// the change, with `approval_<kind>` as its outcome.
fn transition_record(
    r: &StoredRequest,
    id: String,
    event: &Described,
    actor: Option<&str>,
    now: i64,
) -> AuditRecord {
    let (kind, detail) = (&event.kind, &event.detail);
    let by = actor.unwrap_or("time");
    let mut reason = format!("approval request {}: {kind} ({by})", r.request.id);
    if let Some(c) = detail.get("comment").and_then(|c| c.as_str()) {
        reason.push_str(&format!(": {c}"));
    }
    AuditRecord {
        request_id: r.request.id.clone(),
        api_key_id: Some(r.api_key_id.clone()),
        principal: match actor {
            Some(a) if a.starts_with("key:") || a.starts_with("user:") => a.to_string(),
            Some(a) => format!("user:{a}"),
            // Escalation and expiry: time did it, whoever applied it.
            None => "preloop:time".to_string(),
        },
        server_id: r.server_id.clone(),
        server_name: r.server_name.clone(),
        tool: r.tool.clone(),
        arguments: r.arguments.clone(),
        decision: "require_approval".into(),
        rule_id: r.rule_id.clone(),
        reason,
        outcome: format!("approval_{kind}"),
        ..AuditRecord::event(id, &r.account_id, now)
    }
}

/// Inserts a new request (version 1) with its `created` event.
pub async fn create(sql: &dyn Sql, r: &StoredRequest, event_id: String, actor: &str) -> Result<()> {
    let q = &r.request;
    let created = Statement::new(
        format!(
            "INSERT INTO approval_requests ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1)"
        ),
        vec![
            q.id.as_str().into(),
            r.account_id.as_str().into(),
            r.policy_id.as_str().into(),
            r.rule_id.clone().into(),
            r.api_key_id.as_str().into(),
            r.principal.as_str().into(),
            r.server_id.clone().into(),
            r.server_name.clone().into(),
            r.tool.as_str().into(),
            r.arguments_enc.as_str().into(),
            Value::Text(r.arguments.to_string()),
            q.call_hash.as_str().into(),
            r.justification.clone().into(),
            q.status.as_str().into(),
            stage_str(q.stage).into(),
            Value::Int(q.approvals_required),
            Value::Int(q.created_at),
            Value::Int(q.expires_at),
            q.escalate_at.into(),
            q.decided_at.into(),
        ],
    );
    let detail = serde_json::json!({"kind": "created", "tool": r.tool, "approvals_required": q.approvals_required});
    let event = Statement::new(
        "INSERT INTO approval_events (id, request_id, kind, actor, detail, created_at) VALUES ($1, $2, 'created', $3, $4, $5)",
        vec![
            event_id.into(),
            q.id.as_str().into(),
            actor.into(),
            Value::Text(detail.to_string()),
            Value::Int(q.created_at),
        ],
    );
    // Opening is a transition too: the audit trail (and with it the
    // console's live stream) hears of the request in the same write.
    let opened = Described {
        kind: "created".into(),
        detail,
    };
    let mut statements = vec![created, event];
    statements.extend(super::audit::insert_statements(
        &transition_record(
            r,
            format!("{}-a00", q.id),
            &opened,
            Some(actor),
            q.created_at,
        ),
        None,
    ));
    sql.batch(&statements).await?;
    Ok(())
}

async fn votes(sql: &dyn Sql, request_id: &str) -> Result<Vec<Vote>> {
    sql.query(
        "SELECT user_id, approve, comment, created_at FROM approval_votes WHERE request_id = $1 ORDER BY created_at, user_id",
        &[request_id.into()],
    )
    .await?
    .iter()
    .map(|v| {
        Ok(Vote {
            user_id: v.str("user_id")?,
            approve: v.bool("approve")?,
            comment: v.opt_str("comment")?,
            at: v.int("created_at")?,
        })
    })
    .collect()
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<StoredRequest>> {
    let rows = sql
        .query(
            &format!(
                "SELECT {READ_COLUMNS} FROM approval_requests WHERE id = $1 AND account_id = $2"
            ),
            &[id.into(), account_id.into()],
        )
        .await?;
    match rows.first() {
        Some(r) => Ok(Some(from_row(r, votes(sql, id).await?)?)),
        None => Ok(None),
    }
}

/// The account's requests, newest first, optionally in one status.
pub async fn list(
    sql: &dyn Sql,
    account_id: &str,
    status: Option<Status>,
    limit: usize,
) -> Result<Vec<StoredRequest>> {
    let (clause, params): (&str, Vec<Value>) = match status {
        Some(s) => (
            "AND status = $2",
            vec![account_id.into(), s.as_str().into()],
        ),
        None => ("", vec![account_id.into()]),
    };
    let rows = sql
        .query(
            &format!(
                "SELECT {READ_COLUMNS} FROM approval_requests WHERE account_id = $1 {clause} ORDER BY created_at DESC, id DESC LIMIT {}",
                limit.clamp(1, 500)
            ),
            &params,
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = r.str("id")?;
        out.push(from_row(r, votes(sql, &id).await?)?);
    }
    Ok(out)
}

/// Persists a state change made on `r` (loaded at `r.version`): the new
/// state, the votes it gained and its events. Returns `false`, having changed
/// nothing, when another writer got there first.
pub async fn save(
    sql: &dyn Sql,
    r: &StoredRequest,
    new_votes: &[Vote],
    events: &[Event],
    actor: Option<&str>,
    new_id: &dyn Fn() -> String,
    now: i64,
) -> Result<bool> {
    let q = &r.request;
    let token = new_id();
    let mut statements = vec![Statement::new(
        "UPDATE approval_requests SET status = $3, stage = $4, decided_at = $5, version = $2 + 1, write_token = $6 \
         WHERE id = $1 AND version = $2",
        vec![
            q.id.as_str().into(),
            Value::Int(r.version),
            q.status.as_str().into(),
            stage_str(q.stage).into(),
            q.decided_at.into(),
            token.as_str().into(),
        ],
    )];
    for v in new_votes {
        statements.push(Statement::new(
            "INSERT INTO approval_votes (request_id, user_id, approve, comment, created_at) \
             SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM approval_requests WHERE id = $1 AND write_token = $6)",
            vec![
                q.id.as_str().into(),
                v.user_id.as_str().into(),
                Value::Bool(v.approve),
                v.comment.clone().into(),
                Value::Int(v.at),
                token.as_str().into(),
            ],
        ));
    }
    if q.status != Status::Pending {
        // A decided request's links die with the decision, in the same write.
        statements.push(Statement::new(
            "DELETE FROM approval_tokens WHERE request_id = $1 \
             AND EXISTS (SELECT 1 FROM approval_requests WHERE id = $1 AND write_token = $2)",
            vec![q.id.as_str().into(), token.as_str().into()],
        ));
    }
    // One save's events share a millisecond: their ids carry their order.
    // Each event is one row in the request's log and one in the audit trail.
    let described: Vec<Described> = events.iter().map(describe).collect();
    statements.extend(
        described
            .iter()
            .enumerate()
            .map(|(i, e)| event_statement(&q.id, &token, format!("{token}-{i:02}"), e, actor, now)),
    );
    statements.extend(
        described.iter().enumerate().flat_map(|(i, e)| {
            audit_statement(r, &token, format!("{token}-a{i:02}"), e, actor, now)
        }),
    );
    let counts = sql.batch(&statements).await?;
    Ok(counts.first().copied().unwrap_or(0) == 1)
}

pub async fn events(sql: &dyn Sql, request_id: &str) -> Result<Vec<EventRecord>> {
    sql.query(
        "SELECT id, kind, actor, detail, created_at FROM approval_events WHERE request_id = $1 ORDER BY created_at, id",
        &[request_id.into()],
    )
    .await?
    .iter()
    .map(|e| {
        Ok(EventRecord {
            id: e.str("id")?,
            kind: e.str("kind")?,
            actor: e.opt_str("actor")?,
            detail: e.json("detail")?,
            created_at: e.int("created_at")?,
        })
    })
    .collect()
}

/// Requests still pending whose expiry or escalation time has come: what the
/// scheduled handler ticks.
pub async fn due(sql: &dyn Sql, now: i64, limit: usize) -> Result<Vec<(String, String)>> {
    sql.query(
        &format!(
            "SELECT id, account_id FROM approval_requests WHERE status = 'pending' \
             AND (expires_at <= $1 OR (stage = 'approvers' AND escalate_at <= $1)) ORDER BY expires_at LIMIT {}",
            limit.clamp(1, 1000)
        ),
        &[Value::Int(now)],
    )
    .await?
    .iter()
    .map(|r| Ok((r.str("id")?, r.str("account_id")?)))
    .collect()
}

/// Loads a request that must exist.
pub async fn require(sql: &dyn Sql, account_id: &str, id: &str) -> Result<StoredRequest> {
    get(sql, account_id, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("no approval request {id}")))
}

/// Claims the one execution of an approved request. Exactly one caller, on
/// any instance, gets `true`.
pub async fn claim_execution(sql: &dyn Sql, id: &str, now: i64) -> Result<bool> {
    Ok(sql
        .execute(
            "UPDATE approval_requests SET execution = 'running', executed_at = $2 WHERE id = $1 AND status = 'approved' AND execution = 'none'",
            &[id.into(), Value::Int(now)],
        )
        .await?
        == 1)
}

pub async fn finish_execution(
    sql: &dyn Sql,
    id: &str,
    result: &serde_json::Value,
    now: i64,
) -> Result<()> {
    sql.execute(
        "UPDATE approval_requests SET execution = 'done', result = $2, executed_at = $3 WHERE id = $1",
        &[id.into(), Value::Text(result.to_string()), Value::Int(now)],
    )
    .await?;
    Ok(())
}

/// Executions claimed before `claimed_before` that never finished (the
/// instance died mid-call) are closed with `result`. They are not retried:
/// the upstream may have acted, and an approval runs at most once.
pub async fn close_abandoned_executions(
    sql: &dyn Sql,
    claimed_before: i64,
    result: &serde_json::Value,
) -> Result<u64> {
    sql.execute(
        "UPDATE approval_requests SET execution = 'done', result = $2 WHERE execution = 'running' AND executed_at < $1",
        &[Value::Int(claimed_before), Value::Text(result.to_string())],
    )
    .await
}

/// Notes the client request (its session and JSON-RPC id) a request's call
/// came in as.
pub async fn set_client_request(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    key: &str,
) -> Result<()> {
    sql.execute(
        "UPDATE approval_requests SET client_request = $3 WHERE id = $1 AND account_id = $2",
        &[id.into(), account_id.into(), key.into()],
    )
    .await?;
    Ok(())
}

/// The pending request whose call came in as the client request `key`.
pub async fn pending_for_client_request(
    sql: &dyn Sql,
    account_id: &str,
    key: &str,
) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT id FROM approval_requests WHERE account_id = $1 AND client_request = $2 AND status = 'pending'",
            &[account_id.into(), key.into()],
        )
        .await?;
    rows.first().map(|r| r.str("id")).transpose()
}

/// The request this key opened for the call hashed `call_hash` that can
/// still come to something: pending and not expired, or approved and not
/// run yet (or running: asking again is told so). The newest, if several.
pub async fn open_for_call(
    sql: &dyn Sql,
    account_id: &str,
    api_key_id: &str,
    call_hash: &str,
    now: i64,
) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT id FROM approval_requests WHERE account_id = $1 AND api_key_id = $2 AND call_hash = $3 \
             AND ((status = 'pending' AND expires_at > $4) OR (status = 'approved' AND execution IN ('none', 'running'))) \
             ORDER BY created_at DESC LIMIT 1",
            &[account_id.into(), api_key_id.into(), call_hash.into(), Value::Int(now)],
        )
        .await?;
    rows.first().map(|r| r.str("id")).transpose()
}
