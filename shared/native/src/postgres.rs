//! The Postgres store: tokio-postgres behind a deadpool pool, with pgvector.
//!
//! Values cross the wire through `preloop-postgres`, shared with the
//! Cloudflare store.

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use preloop_core::error::{Error, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value};
use preloop_postgres::map_error;
use tokio_postgres::NoTls;

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

#[async_trait(?Send)]
impl Sql for PostgresSql {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
        preloop_postgres::query(&**client, &stmt, values).await
    }

    async fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
        preloop_postgres::execute(&**client, &stmt, values).await
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(map_error)?;
        let mut counts = Vec::with_capacity(statements.len());
        for s in statements {
            let stmt = tx.prepare_cached(&s.sql).await.map_err(map_error)?;
            counts.push(preloop_postgres::execute(&*tx, &stmt, &s.params).await?);
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
