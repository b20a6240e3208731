//! The Postgres store: tokio-postgres behind a deadpool pool, with pgvector.
//!
//! Parameters are bound through [`PgParam`], which accepts whatever type the
//! server inferred for a placeholder and encodes our `Value` as that type, so
//! the same `$1`-style statement works on both dialects without casts.

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value};
use std::sync::Arc;
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

#[derive(Clone)]
pub struct PostgresSql {
    pool: Pool,
}

impl PostgresSql {
    /// Connects lazily: the pool opens connections on first use, so a
    /// database that is down makes requests fail with 503, not start-up hang.
    pub fn connect(url: &str, max_size: usize) -> Result<Self> {
        let config: tokio_postgres::Config = url.parse().map_err(|_| {
            Error::bad_request("DATABASE_URL is not a valid Postgres connection string")
        })?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(max_size)
            .wait_timeout(Some(std::time::Duration::from_secs(10)))
            .create_timeout(Some(std::time::Duration::from_secs(10)))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| Error::internal(format!("postgres pool: {e}")))?;
        Ok(PostgresSql { pool })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        self.pool.get().await.map_err(|e| {
            tracing::warn!(error = %e, "postgres unavailable");
            Error::unavailable("the store cannot be reached")
        })
    }
}

#[derive(Debug)]
struct PgParam<'a>(&'a Value);

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Float(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(s) => match *ty {
                Type::JSONB => {
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                Type::JSON => {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => s.as_str().to_sql(ty, out),
            },
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
            Value::Vector(v) => pgvector::Vector::from(v.clone()).to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn map_error(e: tokio_postgres::Error) -> Error {
    if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
        return Error::new(ErrorKind::Conflict, "already exists");
    }
    if e.is_closed() || e.code().is_none() {
        tracing::warn!(error = %e, "postgres connection failed");
        return Error::unavailable("the store cannot be reached");
    }
    tracing::error!(error = %e, "postgres error");
    Error::internal("store error")
}

fn convert_row(row: &tokio_postgres::Row, columns: &Arc<[String]>) -> Result<Row> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let get_err = |e: tokio_postgres::Error| map_error(e);
        let v = match *ty {
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)
                .map_err(get_err)?
                .map(|v| Value::Int(v.into())),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)
                .map_err(get_err)?
                .map(|v| Value::Int(v.into())),
            Type::INT8 => row
                .try_get::<_, Option<i64>>(i)
                .map_err(get_err)?
                .map(Value::Int),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)
                .map_err(get_err)?
                .map(|v| Value::Float(v.into())),
            Type::FLOAT8 => row
                .try_get::<_, Option<f64>>(i)
                .map_err(get_err)?
                .map(Value::Float),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)
                .map_err(get_err)?
                .map(Value::Bool),
            Type::BYTEA => row
                .try_get::<_, Option<Vec<u8>>>(i)
                .map_err(get_err)?
                .map(Value::Bytes),
            Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => row
                .try_get::<_, Option<String>>(i)
                .map_err(get_err)?
                .map(Value::Text),
            _ if ty.name() == "vector" => row
                .try_get::<_, Option<pgvector::Vector>>(i)
                .map_err(get_err)?
                .map(|v| Value::Vector(v.to_vec())),
            _ => {
                return Err(Error::internal(format!(
                    "store: column {} has unsupported type {}",
                    col.name(),
                    ty.name()
                )));
            }
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row {
        columns: columns.clone(),
        values,
    })
}

fn params(values: &[Value]) -> Vec<PgParam<'_>> {
    values.iter().map(PgParam).collect()
}

fn refs<'a>(p: &'a [PgParam<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    p.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

#[async_trait(?Send)]
impl Sql for PostgresSql {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
        let columns: Arc<[String]> = stmt
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        let p = params(values);
        let rows = client.query(&stmt, &refs(&p)).await.map_err(map_error)?;
        rows.iter().map(|r| convert_row(r, &columns)).collect()
    }

    async fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
        let p = params(values);
        client.execute(&stmt, &refs(&p)).await.map_err(map_error)
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(map_error)?;
        let mut counts = Vec::with_capacity(statements.len());
        for s in statements {
            let stmt = tx.prepare_cached(&s.sql).await.map_err(map_error)?;
            let p = params(&s.params);
            counts.push(tx.execute(&stmt, &refs(&p)).await.map_err(map_error)?);
        }
        tx.commit().await.map_err(map_error)?;
        Ok(counts)
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(map_error)?;
        tx.batch_execute(script).await.map_err(map_error)?;
        tx.commit().await.map_err(map_error)
    }
}
