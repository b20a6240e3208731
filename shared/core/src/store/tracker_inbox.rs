//! Webhook deliveries as received (each stored once, by the tracker's
//! delivery id), worked after they were acknowledged; and the normalised
//! events they became, kept in order for flows to start from.

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use crate::trackers::events::Event;
use sha2::{Digest, Sha256};

/// Attempts at working a delivery before it is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub account_id: String,
    pub tracker_id: String,
    pub organization_id: String,
    pub delivery_id: String,
    pub event: String,
    pub payload: String,
    pub attempts: i64,
    pub received_at: i64,
}

pub struct Received<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub tracker_id: &'a str,
    pub organization_id: &'a str,
    pub delivery_id: &'a str,
    pub event: &'a str,
    pub payload: &'a str,
}

/// Stores a delivery; false if it was stored before (a repeat).
pub async fn receive(sql: &dyn Sql, d: &Received<'_>, now: i64) -> Result<bool> {
    let counts = sql
        .batch(&[
            Statement::new(
                "INSERT INTO tracker_deliveries (id, account_id, tracker_id, organization_id, delivery_id, event, payload, payload_sha256, status, attempts, received_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $9, 'pending', 0, $8) ON CONFLICT DO NOTHING",
                vec![
                    d.id.into(),
                    d.account_id.into(),
                    d.tracker_id.into(),
                    d.organization_id.into(),
                    d.delivery_id.into(),
                    d.event.into(),
                    d.payload.into(),
                    Value::Int(now),
                    hex::encode(Sha256::digest(d.payload.as_bytes())).into(),
                ],
            ),
            // Heard: the organization's webhooks are alive.
            Statement::new(
                "UPDATE tracker_organizations SET last_webhook_at = $2 WHERE id = $1",
                vec![d.organization_id.into(), Value::Int(now)],
            ),
        ])
        .await?;
    Ok(counts.first().copied().unwrap_or(0) > 0)
}

fn from_row(r: &Row) -> Result<Delivery> {
    Ok(Delivery {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        tracker_id: r.str("tracker_id")?,
        organization_id: r.str("organization_id")?,
        delivery_id: r.str("delivery_id")?,
        event: r.str("event")?,
        payload: r.str("payload")?,
        attempts: r.int("attempts")?,
        received_at: r.int("received_at")?,
    })
}

/// Pending deliveries not held by another worker, oldest first.
pub async fn due(sql: &dyn Sql, now: i64, limit: usize) -> Result<Vec<String>> {
    sql.query(
        &format!(
            "SELECT id FROM tracker_deliveries WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < $1) \
             AND attempts < $2 ORDER BY received_at, id LIMIT {}",
            limit.clamp(1, 1000)
        ),
        &[Value::Int(now), Value::Int(MAX_ATTEMPTS)],
    )
    .await?
    .iter()
    .map(|r| r.str("id"))
    .collect()
}

/// Marks failed the deliveries whose every attempt was cut off (a worker
/// that died with each): they are not tried again.
pub async fn give_up(sql: &dyn Sql, now: i64) -> Result<u64> {
    sql.execute(
        "UPDATE tracker_deliveries SET status = 'failed', error = 'every attempt was cut off', processed_at = $1 \
         WHERE status = 'pending' AND attempts >= $2 AND claimed_until < $1",
        &[Value::Int(now), Value::Int(MAX_ATTEMPTS)],
    )
    .await
}

/// Takes a delivery to work until `until`; `None` if another has it.
pub async fn claim(sql: &dyn Sql, id: &str, now: i64, until: i64) -> Result<Option<Delivery>> {
    let n = sql
        .execute(
            "UPDATE tracker_deliveries SET claimed_until = $3, attempts = attempts + 1 WHERE id = $1 \
             AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $2) AND attempts < $4",
            &[id.into(), Value::Int(now), Value::Int(until), Value::Int(MAX_ATTEMPTS)],
        )
        .await?;
    if n == 0 {
        return Ok(None);
    }
    sql.query(
        "SELECT id, account_id, tracker_id, organization_id, delivery_id, event, payload, attempts, received_at \
         FROM tracker_deliveries WHERE id = $1",
        &[id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// The statements that record a delivery's normalised events (once each:
/// a delivery worked twice adds nothing).
pub fn event_statements(
    new_ids: &[String],
    account_id: &str,
    tracker_id: &str,
    project_id: Option<&str>,
    delivery_id: &str,
    events: &[Event],
    now: i64,
) -> Result<Vec<Statement>> {
    if new_ids.len() < events.len() {
        return Err(Error::internal("an id for each event"));
    }
    events
        .iter()
        .zip(new_ids)
        .map(|(e, id)| {
            Ok(Statement::new(
                "INSERT INTO tracker_events (id, account_id, tracker_id, project_id, delivery_id, event, issue_key, actor, data, occurred_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (delivery_id, event, COALESCE(issue_key, '')) DO NOTHING",
                vec![
                    id.as_str().into(),
                    account_id.into(),
                    tracker_id.into(),
                    project_id.into(),
                    delivery_id.into(),
                    e.kind.as_str().into(),
                    e.issue_key.clone().into(),
                    e.actor.clone().into(),
                    Value::Text(e.data.to_string()),
                    Value::Int(e.occurred_at.unwrap_or(now)),
                    Value::Int(now),
                ],
            ))
        })
        .collect()
}

/// Marks a delivery worked: `error` None is done; otherwise it is tried
/// again after `retry_at`, or failed for good when that is None.
pub async fn finish(
    sql: &dyn Sql,
    id: &str,
    now: i64,
    error: Option<&str>,
    retry_at: Option<i64>,
) -> Result<()> {
    let status = match (error, retry_at) {
        (None, _) => "done",
        (Some(_), Some(_)) => "pending",
        (Some(_), None) => "failed",
    };
    sql.execute(
        "UPDATE tracker_deliveries SET status = $2, error = $3, claimed_until = $4, processed_at = $5 WHERE id = $1",
        &[id.into(), status.into(), error.into(), retry_at.into(), Value::Int(now)],
    )
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredEvent {
    pub id: String,
    pub tracker_id: String,
    pub project_id: Option<String>,
    pub event: String,
    pub issue_key: Option<String>,
    pub actor: Option<String>,
    pub data: serde_json::Value,
    pub occurred_at: i64,
    pub created_at: i64,
}

/// The account's events, newest first.
pub async fn events(
    sql: &dyn Sql,
    account_id: &str,
    tracker_id: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredEvent>> {
    sql.query(
        &format!(
            "SELECT id, tracker_id, project_id, event, issue_key, actor, data, occurred_at, created_at FROM tracker_events \
             WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR tracker_id = $2) ORDER BY created_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 500)
        ),
        &[account_id.into(), tracker_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(StoredEvent {
            id: r.str("id")?,
            tracker_id: r.str("tracker_id")?,
            project_id: r.opt_str("project_id")?,
            event: r.str("event")?,
            issue_key: r.opt_str("issue_key")?,
            actor: r.opt_str("actor")?,
            data: r.json("data")?,
            occurred_at: r.int("occurred_at")?,
            created_at: r.int("created_at")?,
        })
    })
    .collect()
}

/// Counts by status, for a tracker's status.
pub async fn counts(sql: &dyn Sql, tracker_id: &str) -> Result<Vec<(String, i64)>> {
    sql.query(
        "SELECT status, COUNT(*) AS n FROM tracker_deliveries WHERE tracker_id = $1 GROUP BY status ORDER BY status",
        &[tracker_id.into()],
    )
    .await?
    .iter()
    .map(|r| Ok((r.str("status")?, r.int("n")?)))
    .collect()
}
