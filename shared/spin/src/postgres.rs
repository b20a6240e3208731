//! Postgres through Spin's Postgres interface (`spin:postgres@4.2.0`).
//!
//! Spin's host, not this component, encodes the parameters, and it picks
//! each one's Postgres type from the variant we send: integers go as
//! `int8`, text as `text`, booleans as `bool`. Every column and comparison
//! in Preloop's schema is one of those types, so the same `$1` statements
//! run unchanged; the one exception, a pgvector parameter, is sent as text
//! and the statement casts it (`$3::text::vector`). A batch or migration
//! script runs between `BEGIN` and `COMMIT` on the request's connection.

use crate::transaction::OneConnection;
use async_trait::async_trait;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{
    Dialect, PG_UNIQUE_VIOLATION, Row, Sql, Statement, Value, pg_unavailable,
};
use spin_sdk::pg::{Connection, DbValue, Error as SdkError, ParameterValue, PgError, QueryError};
use std::sync::Arc;

pub struct SpinPostgres {
    conn: Connection,
}

pub(crate) fn map_error(e: PgError) -> Error {
    match e {
        PgError::QueryFailed(QueryError::DbError(db)) if db.code == PG_UNIQUE_VIOLATION => {
            Error::new(ErrorKind::Conflict, "already exists")
        }
        PgError::QueryFailed(QueryError::DbError(db)) if pg_unavailable(&db.code) => {
            tracing::warn!(code = %db.code, "postgres closed the connection");
            Error::unavailable("the store cannot be reached")
        }
        PgError::ConnectionFailed(message) | PgError::Other(message) => {
            tracing::warn!(error = %message, "postgres connection failed");
            Error::unavailable("the store cannot be reached")
        }
        other => {
            // The statement or a value was wrong: a bug, not an outage.
            tracing::error!(error = ?other, "postgres error");
            Error::internal("store error")
        }
    }
}

fn map_sdk_error(e: SdkError) -> Error {
    match e {
        SdkError::PgError(e) => map_error(e),
        SdkError::Decode(message) => {
            tracing::error!(error = %message, "postgres value");
            Error::internal("store error")
        }
    }
}

pub(crate) fn bind(v: &Value) -> ParameterValue {
    match v {
        Value::Null => ParameterValue::DbNull,
        Value::Int(i) => ParameterValue::Int64(*i),
        Value::Float(f) => ParameterValue::Floating64(*f),
        Value::Text(s) => ParameterValue::Str(s.clone()),
        Value::Bool(b) => ParameterValue::Boolean(*b),
        Value::Bytes(b) => ParameterValue::Binary(b.clone()),
        Value::Vector(v) => ParameterValue::Str(preloop_core::store::sql::vector_literal(v)),
    }
}

pub(crate) fn read(v: DbValue) -> Result<Value> {
    Ok(match v {
        DbValue::DbNull => Value::Null,
        DbValue::Boolean(b) => Value::Bool(b),
        DbValue::Int8(i) => Value::Int(i64::from(i)),
        DbValue::Int16(i) => Value::Int(i64::from(i)),
        DbValue::Int32(i) => Value::Int(i64::from(i)),
        DbValue::Int64(i) => Value::Int(i),
        DbValue::Floating32(f) => Value::Float(f64::from(f)),
        DbValue::Floating64(f) => Value::Float(f),
        DbValue::Str(s) | DbValue::Uuid(s) => Value::Text(s),
        DbValue::Jsonb(bytes) => Value::Text(
            String::from_utf8(bytes).map_err(|_| Error::internal("store: jsonb is not UTF-8"))?,
        ),
        DbValue::Binary(b) => Value::Bytes(b),
        DbValue::Decimal(d) => match d.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(
                d.parse()
                    .map_err(|_| Error::internal("store: unreadable numeric"))?,
            ),
        },
        other => {
            return Err(Error::internal(format!(
                "store: unsupported column type {other:?}"
            )));
        }
    })
}

impl SpinPostgres {
    /// Opens a connection (a URL or `host=… dbname=…`); the host must be in
    /// the component's `allowed_outbound_hosts`.
    pub async fn open(address: &str) -> Result<Self> {
        let conn = Connection::open(address).await.map_err(map_sdk_error)?;
        Ok(SpinPostgres { conn })
    }
}

#[async_trait(?Send)]
impl OneConnection for SpinPostgres {
    const BEGIN: &'static str = "BEGIN";

    async fn run_changes(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.conn
            .execute(sql, params.iter().map(bind).collect::<Vec<_>>())
            .await
            .map_err(map_sdk_error)
    }
}

#[async_trait(?Send)]
impl Sql for SpinPostgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let result = self
            .conn
            .query(sql, params.iter().map(bind).collect::<Vec<_>>())
            .await
            .map_err(map_sdk_error)?;
        let columns: Arc<[String]> = result.columns().iter().map(|c| c.name.clone()).collect();
        let (_, mut rows, done) = result.into_inner();
        let mut out = Vec::new();
        while let Some(values) = rows.next().await {
            out.push(Row {
                columns: columns.clone(),
                values: values.into_iter().map(read).collect::<Result<_>>()?,
            });
        }
        done.await.map_err(map_error)?;
        Ok(out)
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
    use spin_sdk::pg::DbError;

    #[test]
    fn values_cross_as_the_schema_types() {
        assert!(matches!(bind(&Value::Int(3)), ParameterValue::Int64(3)));
        assert!(matches!(
            bind(&Value::Bool(true)),
            ParameterValue::Boolean(true)
        ));
        assert!(matches!(bind(&Value::Null), ParameterValue::DbNull));
        assert!(
            matches!(bind(&Value::Vector(vec![1.0, -0.5])), ParameterValue::Str(s) if s == "[1,-0.5]")
        );
        assert_eq!(read(DbValue::Int32(7)).ok(), Some(Value::Int(7)));
        assert_eq!(
            read(DbValue::Decimal("12".into())).ok(),
            Some(Value::Int(12))
        );
        assert_eq!(
            read(DbValue::Decimal("1.5".into())).ok(),
            Some(Value::Float(1.5))
        );
        assert_eq!(
            read(DbValue::Jsonb(b"{\"a\":1}".to_vec())).ok(),
            Some(Value::Text("{\"a\":1}".into()))
        );
        assert!(read(DbValue::Unsupported(vec![1])).is_err());
    }

    #[test]
    fn errors_are_classified() {
        let db = |code: &str| {
            PgError::QueryFailed(QueryError::DbError(DbError {
                as_text: "duplicate key value violates unique constraint \"api_keys_name\"".into(),
                severity: "ERROR".into(),
                code: code.into(),
                message: "secret detail".into(),
                detail: None,
                extras: Vec::new(),
            }))
        };
        let conflict = map_error(db(PG_UNIQUE_VIOLATION));
        assert_eq!(conflict.kind, ErrorKind::Conflict);
        assert!(!conflict.message.contains("api_keys"));
        assert_eq!(map_error(db("42P01")).kind, ErrorKind::Internal);
        assert_eq!(map_error(db("57P01")).kind, ErrorKind::Unavailable);
        let down = map_error(PgError::ConnectionFailed("password=hunter2 refused".into()));
        assert_eq!(down.kind, ErrorKind::Unavailable);
        assert!(!down.message.contains("hunter2"));
    }
}
