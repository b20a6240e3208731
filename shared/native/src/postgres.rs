//! The Postgres store: tokio-postgres behind a deadpool pool, with pgvector.
//!
//! Values cross the wire through `preloop-postgres`, shared with the
//! Cloudflare store.

use async_trait::async_trait;
use deadpool_postgres::Object;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value};
use preloop_postgres::map_error;
use tokio_postgres::NoTls;

#[derive(Clone)]
pub struct PostgresSql {
    pool: Pool,
    /// Kept to open a pool of the same database for another thread.
    config: std::sync::Arc<tokio_postgres::Config>,
    max_size: usize,
}

impl PostgresSql {
    /// Connects lazily: the pool opens connections on first use, so a
    /// database that is down makes requests fail with 503, not start-up hang.
    pub fn connect(url: &str, max_size: usize) -> Result<Self> {
        let config: tokio_postgres::Config = url.parse().map_err(|_| {
            Error::bad_request("DATABASE_URL is not a valid Postgres connection string")
        })?;
        Self::with_config(config, max_size)
    }

    fn with_config(config: tokio_postgres::Config, max_size: usize) -> Result<Self> {
        let manager = Manager::from_config(
            config.clone(),
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
        Ok(PostgresSql {
            pool,
            config: std::sync::Arc::new(config),
            max_size,
        })
    }

    /// The same store with a pool of its own, for one thread. A connection
    /// is driven by a task on the runtime that opened it; with one pool
    /// shared by every worker thread (each with its own runtime), most
    /// queries would wait for another thread to wake up.
    pub fn for_this_thread(&self) -> Self {
        Self::with_config((*self.config).clone(), self.max_size).unwrap_or_else(|_| self.clone())
    }

    async fn client(&self) -> Result<Object> {
        self.pool.get().await.map_err(|e| {
            tracing::warn!(error = %e, "postgres unavailable");
            Error::unavailable("the store cannot be reached")
        })
    }
}

/// Keeps a connection in the pool only if it still works. A connection
/// that failed as unreachable (closed, terminated by the server) is taken
/// out at once: the pool's own check (`is_closed`) only sees it once the
/// connection's task has noticed, and until then it would hand the dead
/// connection to the next request.
fn settle<T>(client: Object, result: Result<T>) -> Result<T> {
    if matches!(&result, Err(e) if e.kind == ErrorKind::Unavailable) {
        drop(Object::take(client));
    }
    result
}

#[async_trait(?Send)]
impl Sql for PostgresSql {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let client = self.client().await?;
        let result = async {
            let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
            preloop_postgres::query(&**client, &stmt, values).await
        }
        .await;
        settle(client, result)
    }

    async fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        let client = self.client().await?;
        let result = async {
            let stmt = client.prepare_cached(sql).await.map_err(map_error)?;
            preloop_postgres::execute(&**client, &stmt, values).await
        }
        .await;
        settle(client, result)
    }

    /// All or nothing, in one round trip once the statements are prepared
    /// (they are cached per connection): BEGIN, the statements and COMMIT
    /// are pipelined. If a statement fails, Postgres answers the COMMIT of
    /// the aborted transaction with a rollback, and the error is returned.
    /// A lone statement is its own transaction and needs neither.
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let client = self.client().await?;
        let result = Self::batch_on(&client, statements).await;
        settle(client, result)
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        let mut client = self.client().await?;
        let result = async {
            let tx = client.transaction().await.map_err(map_error)?;
            tx.batch_execute(script).await.map_err(map_error)?;
            tx.commit().await.map_err(map_error)
        }
        .await;
        settle(client, result)
    }
}

impl PostgresSql {
    async fn batch_on(pooled: &Object, statements: &[Statement]) -> Result<Vec<u64>> {
        let client: &deadpool_postgres::ClientWrapper = pooled;
        let mut prepared = Vec::with_capacity(statements.len());
        for s in statements {
            prepared.push(client.prepare_cached(&s.sql).await.map_err(map_error)?);
        }
        if let ([stmt], [s]) = (prepared.as_slice(), statements) {
            return Ok(vec![
                preloop_postgres::execute(&**client, stmt, &s.params).await?,
            ]);
        }
        let executes = prepared
            .iter()
            .zip(statements)
            .map(|(stmt, s)| preloop_postgres::execute(&**client, stmt, &s.params));
        let (begin, counts, commit) = futures_util::future::join3(
            client.batch_execute("BEGIN"),
            futures_util::future::join_all(executes),
            client.batch_execute("COMMIT"),
        )
        .await;
        begin.map_err(map_error)?;
        let counts = counts.into_iter().collect::<Result<Vec<u64>>>()?;
        commit.map_err(map_error)?;
        Ok(counts)
    }
}
