//! Per-key call counts in one-minute windows.

use super::sql::{Sql, Value};
use crate::error::{Error, Result};

/// Counts one call in `subject`'s window and returns the window's count,
/// in one statement (an upsert that returns the new count), so concurrent
/// instances never lose a count.
pub async fn count(sql: &dyn Sql, subject: &str, window_start: i64) -> Result<i64> {
    let rows = sql
        .query(
            "INSERT INTO rate_windows (subject, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (subject, window_start) DO UPDATE SET count = rate_windows.count + 1 \
             RETURNING count",
            &[subject.into(), Value::Int(window_start)],
        )
        .await?;
    rows.first()
        .map(|r| r.int("count"))
        .transpose()?
        .ok_or_else(|| Error::internal("store: the rate window returned no count"))
}

/// Drops windows that ended before `before`.
pub async fn purge(sql: &dyn Sql, before: i64) -> Result<u64> {
    sql.execute(
        "DELETE FROM rate_windows WHERE window_start < $1",
        &[Value::Int(before)],
    )
    .await
}
