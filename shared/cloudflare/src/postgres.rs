//! Postgres from a Worker: tokio-postgres over a `worker::Socket`.
//!
//! A Worker's sockets belong to the request that opened them, so the
//! connection is opened on the request's first statement and closed when
//! its response is finished ([`WorkerPostgres::close`]); Hyperdrive keeps the
//! real connections to the database warm between requests. Statements
//! prepared on the connection are reused for the rest of the request.

use async_trait::async_trait;
use futures_channel::oneshot;
use futures_util::FutureExt;
use futures_util::lock::Mutex;
use preloop_core::error::{Error, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value};
use preloop_postgres::map_error;
use std::collections::HashMap;
use std::time::Duration;
use tokio_postgres::Client;
use worker::{SecureTransport, Socket};

/// Connecting gives up after this; the request then fails with 503.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How to reach the database.
pub enum Target {
    /// The Hyperdrive binding: its own host, port and credentials, TLS
    /// negotiated by the socket (the Postgres handshake passes through).
    Hyperdrive(worker::Hyperdrive),
    /// A `postgres://` URL reached directly (no TLS: local development or a
    /// private network).
    Direct(String),
}

struct Connection {
    client: Client,
    /// Resolves when the connection task has finished (socket closed).
    finished: oneshot::Receiver<()>,
    statements: HashMap<String, tokio_postgres::Statement>,
}

pub struct WorkerPostgres {
    target: Target,
    connection: Mutex<Option<Connection>>,
}

fn unavailable(detail: impl std::fmt::Display) -> Error {
    tracing::warn!(error = %detail, "postgres unavailable");
    Error::unavailable("the store cannot be reached")
}

impl WorkerPostgres {
    pub fn new(target: Target) -> Self {
        WorkerPostgres {
            target,
            connection: Mutex::new(None),
        }
    }

    async fn connect(&self) -> Result<Connection> {
        let attempt = async {
            let (client, connection) = match &self.target {
                Target::Hyperdrive(h) => {
                    let config: tokio_postgres::Config = h
                        .connection_string()
                        .parse()
                        .map_err(|e| unavailable(format!("hyperdrive connection string: {e}")))?;
                    let socket = Socket::builder()
                        .secure_transport(SecureTransport::StartTls)
                        .connect(h.host(), h.port())
                        .map_err(unavailable)?;
                    let (client, connection) = config
                        .connect_raw(socket, worker::postgres_tls::PassthroughTls)
                        .await
                        .map_err(map_error)?;
                    (client, connection.boxed_local())
                }
                Target::Direct(url) => {
                    let config: tokio_postgres::Config = url.parse().map_err(|_| {
                        Error::unavailable("DATABASE_URL is not a valid Postgres connection string")
                    })?;
                    let host = config
                        .get_hosts()
                        .iter()
                        .find_map(|h| match h {
                            tokio_postgres::config::Host::Tcp(name) => Some(name.clone()),
                            #[allow(unreachable_patterns)]
                            _ => None,
                        })
                        .unwrap_or_else(|| "localhost".into());
                    let port = config.get_ports().first().copied().unwrap_or(5432);
                    let socket = Socket::builder().connect(host, port).map_err(unavailable)?;
                    let (client, connection) = config
                        .connect_raw(socket, tokio_postgres::NoTls)
                        .await
                        .map_err(map_error)?;
                    (client, connection.boxed_local())
                }
            };
            let (done, finished) = oneshot::channel();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = connection.await {
                    tracing::warn!(error = %e, "postgres connection ended with an error");
                }
                let _ = done.send(());
            });
            Ok(Connection {
                client,
                finished,
                statements: HashMap::new(),
            })
        };
        let timeout = worker::Delay::from(CONNECT_TIMEOUT);
        match futures_util::future::select(Box::pin(attempt), timeout).await {
            futures_util::future::Either::Left((connected, _)) => connected,
            futures_util::future::Either::Right(_) => Err(unavailable("connect timed out")),
        }
    }

    /// Runs `f` on the request's connection, opening it first if needed.
    /// Holding the lock for the whole operation keeps a transaction's
    /// statements from interleaving with another part of the same request.
    async fn with_connection<T>(
        &self,
        f: impl AsyncFnOnce(&mut Connection) -> Result<T>,
    ) -> Result<T> {
        let mut slot = self.connection.lock().await;
        if slot.as_ref().is_none_or(|c| c.client.is_closed()) {
            *slot = Some(self.connect().await?);
        }
        let Some(connection) = slot.as_mut() else {
            return Err(unavailable("no connection"));
        };
        let result = f(connection).await;
        if connection.client.is_closed() {
            *slot = None;
        }
        result
    }

    /// Ends the connection and waits until its socket is closed. Called
    /// when the request's response is complete: a socket left open past
    /// that point is an error to the Workers runtime.
    pub async fn close(&self) {
        let taken = self.connection.lock().await.take();
        if let Some(Connection {
            client, finished, ..
        }) = taken
        {
            drop(client);
            let _ = finished.await;
        }
    }
}

impl Connection {
    async fn prepare(&mut self, sql: &str) -> Result<tokio_postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let statement = self.client.prepare(sql).await.map_err(map_error)?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    /// Prepares every statement not prepared yet on this connection, all
    /// in one round trip (the requests are pipelined).
    async fn prepare_all(&mut self, sqls: &[&str]) -> Result<Vec<tokio_postgres::Statement>> {
        let missing: Vec<&str> = sqls
            .iter()
            .copied()
            .filter(|sql| !self.statements.contains_key(*sql))
            .collect();
        let prepared =
            futures_util::future::join_all(missing.iter().map(|sql| self.client.prepare(sql)))
                .await;
        for (sql, statement) in missing.iter().zip(prepared) {
            self.statements
                .insert(sql.to_string(), statement.map_err(map_error)?);
        }
        sqls.iter()
            .map(|sql| {
                self.statements
                    .get(*sql)
                    .cloned()
                    .ok_or_else(|| unavailable("a statement was not prepared"))
            })
            .collect()
    }
}

#[async_trait(?Send)]
impl Sql for WorkerPostgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        self.with_connection(async |c| {
            let statement = c.prepare(sql).await?;
            preloop_postgres::query(&c.client, &statement, values).await
        })
        .await
    }

    async fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        self.with_connection(async |c| {
            let statement = c.prepare(sql).await?;
            preloop_postgres::execute(&c.client, &statement, values).await
        })
        .await
    }

    /// As natively: statements prepared together, then BEGIN, the
    /// statements and COMMIT pipelined (a failed statement makes Postgres
    /// answer the COMMIT with a rollback); a lone statement without either.
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        self.with_connection(async |c| {
            let sqls: Vec<&str> = statements.iter().map(|s| s.sql.as_str()).collect();
            let prepared = c.prepare_all(&sqls).await?;
            if let ([statement], [s]) = (prepared.as_slice(), statements) {
                return Ok(vec![
                    preloop_postgres::execute(&c.client, statement, &s.params).await?,
                ]);
            }
            let executes = prepared
                .iter()
                .zip(statements)
                .map(|(p, s)| preloop_postgres::execute(&c.client, p, &s.params));
            let (begin, counts, commit) = futures_util::future::join3(
                c.client.batch_execute("BEGIN"),
                futures_util::future::join_all(executes),
                c.client.batch_execute("COMMIT"),
            )
            .await;
            begin.map_err(map_error)?;
            let counts = counts.into_iter().collect::<Result<Vec<u64>>>()?;
            commit.map_err(map_error)?;
            Ok(counts)
        })
        .await
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        self.with_connection(async |c| {
            let tx = c.client.transaction().await.map_err(map_error)?;
            tx.batch_execute(script).await.map_err(map_error)?;
            tx.commit().await.map_err(map_error)
        })
        .await
    }
}
