//! Notification channels (where an account's notifications go) and the
//! delivery outbox (each notification, its attempts and its outcome).

use super::sql::{Row, Sql, Value};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

/// A channel as stored: its config stays sealed until a notification is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredChannel {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub config_enc: String,
    pub enabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

fn channel_from_row(r: &Row) -> Result<StoredChannel> {
    Ok(StoredChannel {
        id: r.str("id")?,
        kind: r.str("kind")?,
        name: r.str("name")?,
        config_enc: r.str("config_enc")?,
        enabled: r.bool("enabled")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

const CHANNEL_COLUMNS: &str = "id, kind, name, config_enc, enabled, created_at, updated_at";

pub async fn create_channel(sql: &dyn Sql, account_id: &str, c: &StoredChannel) -> Result<()> {
    sql.execute(
        "INSERT INTO notification_channels (id, account_id, kind, name, config_enc, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            c.id.as_str().into(),
            account_id.into(),
            c.kind.as_str().into(),
            c.name.as_str().into(),
            c.config_enc.as_str().into(),
            Value::Bool(c.enabled),
            Value::Int(c.created_at),
            Value::Int(c.updated_at),
        ],
    )
    .await
    .map_err(|e| name_taken(e, &c.name))?;
    Ok(())
}

pub async fn update_channel(sql: &dyn Sql, account_id: &str, c: &StoredChannel) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE notification_channels SET name = $3, config_enc = $4, enabled = $5, updated_at = $6 \
             WHERE id = $1 AND account_id = $2",
            &[
                c.id.as_str().into(),
                account_id.into(),
                c.name.as_str().into(),
                c.config_enc.as_str().into(),
                Value::Bool(c.enabled),
                Value::Int(c.updated_at),
            ],
        )
        .await
        .map_err(|e| name_taken(e, &c.name))?;
    if n == 0 {
        return Err(Error::not_found(format!(
            "no notification channel {}",
            c.id
        )));
    }
    Ok(())
}

fn name_taken(e: Error, name: &str) -> Error {
    if e.kind == ErrorKind::Conflict {
        Error::conflict(format!(
            "a notification channel named '{name}' already exists"
        ))
    } else {
        e
    }
}

pub async fn get_channel(sql: &dyn Sql, account_id: &str, id: &str) -> Result<StoredChannel> {
    let rows = sql
        .query(
            &format!("SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE id = $1 AND account_id = $2"),
            &[id.into(), account_id.into()],
        )
        .await?;
    rows.first()
        .map(channel_from_row)
        .transpose()?
        .ok_or_else(|| Error::not_found(format!("no notification channel {id}")))
}

pub async fn list_channels(sql: &dyn Sql, account_id: &str) -> Result<Vec<StoredChannel>> {
    sql.query(
        &format!("SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(channel_from_row)
    .collect()
}

pub async fn delete_channel(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    let n = sql
        .execute(
            "DELETE FROM notification_channels WHERE id = $1 AND account_id = $2",
            &[id.into(), account_id.into()],
        )
        .await?;
    if n == 0 {
        return Err(Error::not_found(format!("no notification channel {id}")));
    }
    Ok(())
}

/// One notification in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub id: String,
    pub account_id: String,
    pub request_id: Option<String>,
    pub channel_id: Option<String>,
    pub kind: String,
    /// The user it is addressed to, for per-person channels (email, push).
    pub recipient: Option<String>,
    #[serde(skip)]
    pub payload_enc: String,
    /// `queued`, `delivered` or `failed` (gave up after the last attempt).
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub last_status: Option<i64>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

const DELIVERY_COLUMNS: &str = "id, account_id, request_id, channel_id, kind, recipient, payload_enc, status, attempts, \
     next_attempt_at, last_error, last_status, created_at, delivered_at";

fn delivery_from_row(r: &Row) -> Result<Delivery> {
    Ok(Delivery {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        request_id: r.opt_str("request_id")?,
        channel_id: r.opt_str("channel_id")?,
        kind: r.str("kind")?,
        recipient: r.opt_str("recipient")?,
        payload_enc: r.str("payload_enc")?,
        status: r.str("status")?,
        attempts: r.int("attempts")?,
        next_attempt_at: r.int("next_attempt_at")?,
        last_error: r.opt_str("last_error")?,
        last_status: r.opt_int("last_status")?,
        created_at: r.int("created_at")?,
        delivered_at: r.opt_int("delivered_at")?,
    })
}

pub async fn enqueue(sql: &dyn Sql, d: &Delivery) -> Result<()> {
    sql.execute(
        &format!("INSERT INTO notification_deliveries ({DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"),
        &[
            d.id.as_str().into(),
            d.account_id.as_str().into(),
            d.request_id.clone().into(),
            d.channel_id.clone().into(),
            d.kind.as_str().into(),
            d.recipient.clone().into(),
            d.payload_enc.as_str().into(),
            d.status.as_str().into(),
            Value::Int(d.attempts),
            Value::Int(d.next_attempt_at),
            d.last_error.clone().into(),
            d.last_status.into(),
            Value::Int(d.created_at),
            d.delivered_at.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Ids of queued deliveries whose next attempt is due.
pub async fn due(sql: &dyn Sql, now: i64, limit: usize) -> Result<Vec<String>> {
    sql.query(
        &format!(
            "SELECT id FROM notification_deliveries WHERE status = 'queued' AND next_attempt_at <= $1 \
             AND (locked_until IS NULL OR locked_until <= $1) ORDER BY next_attempt_at LIMIT {}",
            limit.clamp(1, 1000)
        ),
        &[Value::Int(now)],
    )
    .await?
    .iter()
    .map(|r| r.str("id"))
    .collect()
}

/// Claims one attempt at a due delivery until `lock_until`; exactly one
/// sender on any instance gets it. Returns the delivery with its attempt
/// counted.
pub async fn claim(sql: &dyn Sql, id: &str, now: i64, lock_until: i64) -> Result<Option<Delivery>> {
    let n = sql
        .execute(
            "UPDATE notification_deliveries SET locked_until = $3, attempts = attempts + 1 \
             WHERE id = $1 AND status = 'queued' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)",
            &[id.into(), Value::Int(now), Value::Int(lock_until)],
        )
        .await?;
    if n != 1 {
        return Ok(None);
    }
    let rows = sql
        .query(
            &format!("SELECT {DELIVERY_COLUMNS} FROM notification_deliveries WHERE id = $1"),
            &[id.into()],
        )
        .await?;
    rows.first().map(delivery_from_row).transpose()
}

/// How an attempt ended.
pub enum Outcome<'a> {
    Delivered {
        status: Option<u16>,
    },
    /// Try again at `retry_at`, or give up when it is `None`.
    Failed {
        error: &'a str,
        status: Option<u16>,
        retry_at: Option<i64>,
    },
}

pub async fn finish(sql: &dyn Sql, id: &str, outcome: Outcome<'_>, now: i64) -> Result<()> {
    let (sql_text, params): (&str, Vec<Value>) = match outcome {
        Outcome::Delivered { status } => (
            "UPDATE notification_deliveries SET status = 'delivered', delivered_at = $2, last_status = $3, \
             last_error = NULL, locked_until = NULL WHERE id = $1",
            vec![id.into(), Value::Int(now), status.map(i64::from).into()],
        ),
        Outcome::Failed {
            error,
            status,
            retry_at,
        } => (
            "UPDATE notification_deliveries SET status = $2, next_attempt_at = $3, last_error = $4, \
             last_status = $5, locked_until = NULL WHERE id = $1",
            vec![
                id.into(),
                if retry_at.is_some() {
                    "queued"
                } else {
                    "failed"
                }
                .into(),
                Value::Int(retry_at.unwrap_or(now)),
                error.into(),
                status.map(i64::from).into(),
            ],
        ),
    };
    sql.execute(sql_text, &params).await?;
    Ok(())
}

/// The account's deliveries, newest first, optionally for one request.
pub async fn list(
    sql: &dyn Sql,
    account_id: &str,
    request_id: Option<&str>,
    limit: usize,
) -> Result<Vec<Delivery>> {
    let (clause, params): (&str, Vec<Value>) = match request_id {
        Some(r) => ("AND request_id = $2", vec![account_id.into(), r.into()]),
        None => ("", vec![account_id.into()]),
    };
    sql.query(
        &format!(
            "SELECT {DELIVERY_COLUMNS} FROM notification_deliveries WHERE account_id = $1 {clause} \
             ORDER BY created_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 500)
        ),
        &params,
    )
    .await?
    .iter()
    .map(delivery_from_row)
    .collect()
}
