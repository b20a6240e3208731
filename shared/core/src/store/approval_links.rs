//! Approver links: one random token per approver and request, stored only
//! as its SHA-256. A token is alive while its row exists and its request is
//! pending; the rows go when the request leaves `pending`.

use super::sql::{Sql, Value};
use crate::error::Result;

/// The user of a link that follows a request without deciding it: the
/// link a 2026-07-28 client is given for the person at the client
/// (`approval/{id}` shows the request; `decide` refuses it).
pub const FOLLOWER: &str = "";

/// Stores the hash of a fresh token for `user_id` on `request_id`.
pub async fn insert(
    sql: &dyn Sql,
    token_hash: &str,
    request_id: &str,
    user_id: &str,
    now: i64,
) -> Result<()> {
    sql.execute(
        "INSERT INTO approval_tokens (token_hash, request_id, user_id, created_at) VALUES ($1, $2, $3, $4)",
        &[token_hash.into(), request_id.into(), user_id.into(), Value::Int(now)],
    )
    .await?;
    Ok(())
}

/// Who a live token belongs to: `(account_id, user_id)` when the token hash
/// is bound to `request_id` and that request is still pending.
pub async fn resolve(
    sql: &dyn Sql,
    request_id: &str,
    token_hash: &str,
) -> Result<Option<(String, String)>> {
    let rows = sql
        .query(
            "SELECT r.account_id, t.user_id FROM approval_tokens t JOIN approval_requests r ON r.id = t.request_id \
             WHERE t.token_hash = $1 AND t.request_id = $2 AND r.status = 'pending'",
            &[token_hash.into(), request_id.into()],
        )
        .await?;
    match rows.first() {
        Some(r) => Ok(Some((r.str("account_id")?, r.str("user_id")?))),
        None => Ok(None),
    }
}
