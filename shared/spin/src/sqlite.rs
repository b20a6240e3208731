//! Spin's SQLite as the SQLite-dialect store: an application with no
//! external database (`spin up` keeps it in `.spin/`, Fermyon Cloud hosts it).
//!
//! Statements are the same `$1` texts as everywhere, rewritten to `?1`. A
//! batch or a migration script runs between `BEGIN IMMEDIATE` and `COMMIT`
//! on the request's one connection, so it is all or nothing.

use crate::transaction::OneConnection;
use async_trait::async_trait;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value, to_sqlite_placeholders};
use spin_sdk::sqlite::{Connection, Error as SqliteError, Value as SqliteValue};
use std::sync::Arc;

pub struct SpinSqlite {
    conn: Connection,
}

pub(crate) fn map_error(e: SqliteError) -> Error {
    match e {
        SqliteError::Io(message) if message.contains("UNIQUE constraint failed") => {
            Error::new(ErrorKind::Conflict, "already exists")
        }
        SqliteError::Io(message) => {
            // The statement itself failed: a bug, not an outage.
            tracing::error!(error = %message, "sqlite error");
            Error::internal("store error")
        }
        SqliteError::DatabaseFull => Error::unavailable("the store is full"),
        SqliteError::NoSuchDatabase | SqliteError::AccessDenied => Error::unavailable(
            "the SQLite database is not available to this component (spin.toml: sqlite_databases)",
        ),
        SqliteError::InvalidConnection => Error::unavailable("the store cannot be reached"),
    }
}

pub(crate) fn bind(v: &Value) -> SqliteValue {
    match v {
        Value::Null => SqliteValue::Null,
        Value::Int(i) => SqliteValue::Integer(*i),
        Value::Float(f) => SqliteValue::Real(*f),
        Value::Text(s) => SqliteValue::Text(s.clone()),
        Value::Bool(b) => SqliteValue::Integer(i64::from(*b)),
        Value::Bytes(b) => SqliteValue::Blob(b.clone()),
        Value::Vector(v) => SqliteValue::Blob(v.iter().flat_map(|f| f.to_le_bytes()).collect()),
    }
}

pub(crate) fn read(v: SqliteValue) -> Value {
    match v {
        SqliteValue::Null => Value::Null,
        SqliteValue::Integer(i) => Value::Int(i),
        SqliteValue::Real(f) => Value::Float(f),
        SqliteValue::Text(s) => Value::Text(s),
        SqliteValue::Blob(b) => Value::Bytes(b),
    }
}

impl SpinSqlite {
    /// Opens the database by its `spin.toml` label.
    pub async fn open(label: &str) -> Result<Self> {
        let conn = Connection::open(label).await.map_err(map_error)?;
        let db = SpinSqlite { conn };
        // Per connection, as the native store does; D1 enforces them too.
        db.run("PRAGMA foreign_keys = ON", &[]).await?;
        Ok(db)
    }

    async fn run(&self, sql: &str, params: &[Value]) -> Result<(Vec<String>, Vec<Vec<Value>>)> {
        let result = self
            .conn
            .execute(to_sqlite_placeholders(sql), params.iter().map(bind))
            .await
            .map_err(map_error)?;
        let columns = result.columns().to_vec();
        let rows = result.collect().await.map_err(map_error)?;
        let rows = rows
            .into_iter()
            .map(|r| r.values.into_iter().map(read).collect())
            .collect();
        Ok((columns, rows))
    }
}

#[async_trait(?Send)]
impl OneConnection for SpinSqlite {
    const BEGIN: &'static str = "BEGIN IMMEDIATE";

    async fn run_changes(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.run(sql, params).await?;
        Ok(self.conn.changes().await)
    }
}

#[async_trait(?Send)]
impl Sql for SpinSqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let (columns, rows) = self.run(sql, params).await?;
        let columns: Arc<[String]> = columns.into();
        Ok(rows
            .into_iter()
            .map(|values| Row {
                columns: columns.clone(),
                values,
            })
            .collect())
    }

    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.run_changes(sql, params).await
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        self.batch_in_transaction(statements).await
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        self.script_in_transaction(script).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        for v in [
            Value::Null,
            Value::Int(-7),
            Value::Float(1.5),
            Value::Text("a'b".into()),
            Value::Bytes(vec![0, 255]),
        ] {
            assert_eq!(read(bind(&v)), v);
        }
        assert_eq!(read(bind(&Value::Bool(true))), Value::Int(1));
        assert_eq!(
            read(bind(&Value::Vector(vec![1.0]))),
            Value::Bytes(1.0f32.to_le_bytes().to_vec())
        );
    }

    #[test]
    fn errors_are_classified() {
        let conflict = map_error(SqliteError::Io(
            "UNIQUE constraint failed: api_keys.name".into(),
        ));
        assert_eq!(conflict.kind, ErrorKind::Conflict);
        assert!(!conflict.message.contains("api_keys"));
        assert_eq!(
            map_error(SqliteError::Io("no such table: x".into())).kind,
            ErrorKind::Internal
        );
        assert_eq!(
            map_error(SqliteError::NoSuchDatabase).kind,
            ErrorKind::Unavailable
        );
    }
}
