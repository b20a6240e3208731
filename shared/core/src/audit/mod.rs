//! The audit trail of tool calls. A record is written before anything is
//! forwarded and completed with the outcome afterwards; callers must refuse
//! the call when [`begin`] fails.

pub mod chain;
pub mod checkpoint;
pub mod verify;

use crate::auth::Principal;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::policy::Decision;
use crate::store::audit::{self, AuditRecord};
use serde_json::Value;

pub struct CallStart<'a> {
    pub request_id: &'a str,
    pub principal: &'a Principal,
    pub server_id: Option<&'a str>,
    pub server_name: Option<&'a str>,
    pub tool: &'a str,
    pub arguments: &'a serde_json::Value,
    pub decision: &'a Decision,
    /// `pending` for a call about to be forwarded; a final outcome for one
    /// that stops here (`denied`, `refused`).
    pub outcome: &'a str,
}

/// Longest string kept in an audit record's copy of the arguments.
pub const MAX_AUDITED_STRING: usize = 16 * 1024;

/// Outcomes of calls refused before policy decided anything: the tool is
/// quarantined, or its arguments failed (or could not be held against) its
/// schema. Simulation does not replay them.
pub const BEFORE_POLICY: &[&str] = &["quarantined", "invalid_arguments", "unchecked_arguments"];

/// The arguments as the audit keeps them: redacted with the account's
/// rules, and long strings cut (a multi-megabyte argument is recorded by
/// its start and length, not stored whole with every call).
pub async fn audited_arguments(env: &Env, principal: &Principal, arguments: &Value) -> Value {
    // Cut first: redaction scans every byte it is given, and a call's
    // arguments may be megabytes. The margin keeps a secret that straddles
    // the cut recognisable; the second cut brings it to size.
    let cut = bounded(arguments.clone(), MAX_AUDITED_STRING + 1024);
    let redacted = match crate::policy::cache::snapshot_for(env, principal).await {
        Ok(snapshot) => snapshot.redactor.value(&cut),
        // The built-in rules still apply when the account's cannot be read.
        Err(_) => crate::redact::redact(&cut),
    };
    bounded(redacted, MAX_AUDITED_STRING)
}

fn bounded(v: Value, max: usize) -> Value {
    match v {
        Value::String(s) if s.len() > max => {
            let mut cut = max;
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            // Cut twice (before and after redaction): say the first length.
            let total = s
                .rsplit_once("…[truncated: ")
                .map(|(_, t)| t.trim_end_matches(" bytes in all]").to_string())
                .unwrap_or_else(|| s.len().to_string());
            Value::String(format!("{}…[truncated: {total} bytes in all]", &s[..cut]))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|i| bounded(i, max)).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, bounded(v, max))).collect())
        }
        other => other,
    }
}

/// Writes the record and returns it (to be completed by [`finish`]).
/// Arguments are redacted first.
pub async fn begin(env: &Env, c: &CallStart<'_>) -> Result<AuditRecord> {
    let arguments = audited_arguments(env, c.principal, c.arguments).await;
    let id = env.new_id();
    let now = env.now_ms();
    let done = c.outcome != "pending";
    let record = AuditRecord {
        id,
        account_id: c.principal.account_id.clone(),
        request_id: c.request_id.to_string(),
        created_at: now,
        api_key_id: Some(c.principal.api_key_id.clone()),
        principal: c.principal.audit_label(),
        server_id: c.server_id.map(str::to_string),
        server_name: c.server_name.map(str::to_string),
        tool: c.tool.to_string(),
        arguments,
        decision: c.decision.action.as_str().to_string(),
        rule_id: c.decision.rule_id.clone(),
        reason: c.decision.reason.clone(),
        outcome: c.outcome.to_string(),
        error: if done {
            c.decision.message.clone()
        } else {
            None
        },
        duration_ms: done.then_some(0),
        completed_at: done.then_some(now),
        trace: serde_json::to_value(&c.decision.trace).ok(),
        instance_id: env.instance_id().map(str::to_string),
        seq: None,
        content_hash: None,
    };
    audit::insert(env.sql(), &record).await.map_err(|e| {
        tracing::error!(error = %e, "audit record could not be written");
        Error::unavailable("the audit log cannot be written; the call was refused")
    })?;
    Ok(record)
}

/// How often a native instance says it is alive.
pub const HEARTBEAT_MS: i64 = 3_000;
/// An instance not heard from for this long is dead: its pending records
/// are closed `interrupted`. Well above the store's own waits (a pool
/// checkout gives up after 10 s), so a busy instance is not taken for dead
/// and its live calls closed under it.
pub const INSTANCE_STALE_MS: i64 = 30_000;
/// Records written without an instance (at the edge) still pending after
/// this long are closed `interrupted`: longer than the longest upstream
/// timeout a server may set (10 min).
pub const PENDING_MAX_AGE_MS: i64 = 15 * 60 * 1000;

/// Closes the records no instance will finish (see
/// [`crate::store::audit::close_abandoned`]). Run by the scheduled function.
pub async fn close_abandoned(env: &Env) -> Result<u64> {
    let now = env.now_ms();
    crate::store::audit::close_abandoned(
        env.sql(),
        now,
        now - INSTANCE_STALE_MS,
        now - PENDING_MAX_AGE_MS,
    )
    .await
}

/// Completes a record with the call's outcome. A failure here is logged: the
/// call already happened, and the pending record still shows it was attempted.
pub async fn finish(
    env: &Env,
    pending: &AuditRecord,
    outcome: &str,
    error: Option<&str>,
    duration_ms: i64,
) {
    // Upstream errors can echo what they were sent.
    let error = error.map(crate::redact::redact_text);
    let error = error.as_deref();
    match audit::complete(
        env.sql(),
        pending,
        outcome,
        error,
        duration_ms,
        env.now_ms(),
    )
    .await
    {
        Ok(true) => {}
        // Declared interrupted meanwhile (its instance looked dead): the
        // first final outcome stands.
        Ok(false) => {
            tracing::warn!(audit_id = %pending.id, outcome, "the call finished after its record was closed");
        }
        Err(e) => {
            tracing::error!(error = %e, audit_id = %pending.id, "audit record could not be completed");
        }
    }
}

/// Verifies an account's whole audit trail in the store. Records written
/// after the head was read are left for the next run.
pub async fn verify_account(env: &Env, account_id: &str) -> Result<verify::Report> {
    use crate::store::audit_chain;
    let keys = checkpoint::trusted_keys(env)?;
    let head = audit_chain::head(env.sql(), account_id).await?;
    let checkpoints = audit_chain::checkpoints(env.sql(), account_id).await?;
    let mut verifier = verify::Verifier::new(
        account_id,
        &keys,
        checkpoints,
        head.seq,
        head.legacy_through,
    );
    let mut from = 1;
    let mut newer: Vec<(i64, String)> = Vec::new();
    'pages: loop {
        let rows = audit_chain::rows_from(env.sql(), account_id, from, 2_000).await?;
        for row in &rows {
            if row.seq > head.seq {
                newer.push((row.seq, row.id.clone()));
                if newer.len() >= 100 {
                    break 'pages;
                }
                continue;
            }
            verifier.feed(row);
        }
        match rows.last() {
            Some(last) if rows.len() == 2_000 => from = last.seq + 1,
            _ => break,
        }
    }
    // With a signing key, every record older than two checkpoint intervals
    // (and a minute) is under a signed checkpoint, unless checkpoints were
    // removed or the checkpointer stopped.
    if !keys.is_empty() && env.config.audit_signing_key.is_some() {
        let overdue = env.now_ms() - 2 * env.config.audit_checkpoint_ms as i64 - 60_000;
        if let Some((seq, id)) =
            audit_chain::first_unsigned(env.sql(), account_id, verifier.signed_through(), overdue)
                .await?
        {
            verifier.unsigned(
                seq,
                &id,
                format!("no signed checkpoint covers seq {seq} (record {id}), written long enough ago to be covered: checkpoints were removed, or the checkpointer is not running"),
            );
        }
    }
    // Records past the head as first read were written meanwhile, unless
    // they are past the counter even now: then they were added around it.
    if !newer.is_empty() {
        let now = audit_chain::head(env.sql(), account_id).await?;
        for (seq, id) in newer.iter().filter(|(seq, _)| *seq > now.seq) {
            verifier.found(
                "inserted",
                *seq,
                id,
                format!(
                    "record {id} claims place {seq}, past the chain's counter ({})",
                    now.seq
                ),
            );
        }
    }
    let unchained = audit_chain::unchained(env.sql(), account_id).await?;
    Ok(verifier.finish(&unchained))
}
