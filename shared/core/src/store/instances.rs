//! Native instances say they are alive, so that the calls a dead one left
//! pending can be closed (`audit::close_abandoned`).

use super::sql::{Sql, Value};
use crate::error::Result;

/// Registers an instance, or refreshes it: its heartbeat.
pub async fn heartbeat(sql: &dyn Sql, id: &str, now: i64) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE instances SET last_seen_at = $2 WHERE id = $1",
            &[id.into(), Value::Int(now)],
        )
        .await?;
    if n == 0 {
        sql.execute(
            "INSERT INTO instances (id, started_at, last_seen_at) VALUES ($1, $2, $2)",
            &[id.into(), Value::Int(now)],
        )
        .await?;
    }
    Ok(())
}

/// Forgets an instance that stopped cleanly, and those long dead.
pub async fn remove(sql: &dyn Sql, id: &str) -> Result<()> {
    sql.execute("DELETE FROM instances WHERE id = $1", &[id.into()])
        .await?;
    Ok(())
}

/// Forgets instances not seen since `before` (their records are closed by
/// then: a missing instance counts as dead).
pub async fn forget_dead(sql: &dyn Sql, before: i64) -> Result<u64> {
    sql.execute(
        "DELETE FROM instances WHERE last_seen_at < $1",
        &[Value::Int(before)],
    )
    .await
}
