//! `spin:sqlite/sqlite@3.1.0` on rusqlite: each label a component is
//! granted (`sqlite_databases`) is a file; `default` is `sqlite_db.db` in
//! the state directory, as `spin up` keeps it in `.spin/`.
//!
//! Each `open` is a connection of its own, as Spin's local SQLite gives
//! (so a component's `BEGIN … COMMIT` is its own); `execute` prepares one
//! statement and reads all its rows.

use crate::state::bindings::spin::sqlite::sqlite as wit;
use crate::state::{Spin, SpinView, State};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use wasmtime::component::{Accessor, FutureReader, Resource, StreamReader};

/// The databases a component may open, by label.
pub struct SqliteGrant {
    pub labels: Vec<String>,
    pub dir: PathBuf,
}

/// The host side of a `connection` resource.
pub struct SqliteConnection(Arc<Mutex<rusqlite::Connection>>);

fn io(e: impl std::fmt::Display) -> wit::Error {
    wit::Error::Io(e.to_string())
}

fn to_sql(v: wit::Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        wit::Value::Integer(i) => V::Integer(i),
        wit::Value::Real(f) => V::Real(f),
        wit::Value::Text(s) => V::Text(s),
        wit::Value::Blob(b) => V::Blob(b),
        wit::Value::Null => V::Null,
    }
}

fn from_sql(v: rusqlite::types::ValueRef<'_>) -> wit::Value {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Integer(i) => wit::Value::Integer(i),
        V::Real(f) => wit::Value::Real(f),
        V::Text(t) => wit::Value::Text(String::from_utf8_lossy(t).into_owned()),
        V::Blob(b) => wit::Value::Blob(b.to_vec()),
        V::Null => wit::Value::Null,
    }
}

/// Runs one statement and reads every row it yields.
fn run(
    conn: &Mutex<rusqlite::Connection>,
    statement: &str,
    parameters: Vec<wit::Value>,
) -> Result<(Vec<String>, Vec<wit::RowResult>), wit::Error> {
    let conn = conn.lock().map_err(|_| wit::Error::InvalidConnection)?;
    let mut stmt = conn.prepare_cached(statement).map_err(io)?;
    let columns: Vec<String> = stmt.column_names().map(String::from).collect();
    let params = rusqlite::params_from_iter(parameters.into_iter().map(to_sql));
    let mut rows = stmt.query(params).map_err(io)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(io)? {
        let values = (0..columns.len())
            .map(|i| row.get_ref(i).map(from_sql).map_err(io))
            .collect::<Result<_, _>>()?;
        out.push(wit::RowResult { values });
    }
    Ok((columns, out))
}

impl SpinView<'_> {
    fn sqlite_open(&mut self, label: &str) -> Result<Resource<SqliteConnection>, wit::Error> {
        let grant = &self.grants.sqlite;
        if !grant.labels.iter().any(|l| l == label) {
            return Err(wit::Error::AccessDenied);
        }
        if label != "default" {
            // Spin needs runtime configuration for any other label.
            return Err(wit::Error::NoSuchDatabase);
        }
        // rusqlite waits up to five seconds for another connection's lock,
        // as Spin's (same crate) does.
        let conn = rusqlite::Connection::open(grant.dir.join("sqlite_db.db")).map_err(io)?;
        self.table
            .push(SqliteConnection(Arc::new(Mutex::new(conn))))
            .map_err(io)
    }

    fn sqlite_connection(
        &self,
        r: &Resource<SqliteConnection>,
    ) -> Result<Arc<Mutex<rusqlite::Connection>>, wit::Error> {
        self.table
            .get(r)
            .map(|c| c.0.clone())
            .map_err(|_| wit::Error::InvalidConnection)
    }
}

/// A connection's counter; 0 for a connection that is gone, as SQLite
/// gives before any statement.
fn counter<T: Default>(
    conn: Result<Arc<Mutex<rusqlite::Connection>>, wit::Error>,
    read: impl Fn(&rusqlite::Connection) -> T,
) -> T {
    conn.ok()
        .and_then(|c| c.lock().ok().map(|c| read(&c)))
        .unwrap_or_default()
}

impl wit::Host for SpinView<'_> {}

impl wit::HostConnection for SpinView<'_> {
    fn open(&mut self, database: String) -> Result<Resource<SqliteConnection>, wit::Error> {
        self.sqlite_open(&database)
    }

    fn execute(
        &mut self,
        self_: Resource<SqliteConnection>,
        statement: String,
        parameters: Vec<wit::Value>,
    ) -> Result<wit::QueryResult, wit::Error> {
        let conn = self.sqlite_connection(&self_)?;
        let (columns, rows) = run(&conn, &statement, parameters)?;
        Ok(wit::QueryResult { columns, rows })
    }

    fn last_insert_rowid(&mut self, self_: Resource<SqliteConnection>) -> i64 {
        counter(self.sqlite_connection(&self_), |c| c.last_insert_rowid())
    }

    fn changes(&mut self, self_: Resource<SqliteConnection>) -> u64 {
        counter(self.sqlite_connection(&self_), |c| c.changes())
    }

    fn drop(&mut self, rep: Resource<SqliteConnection>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

type Rows = (
    Vec<String>,
    StreamReader<wit::RowResult>,
    FutureReader<Result<(), wit::Error>>,
);

impl wit::HostConnectionWithStore<State> for Spin {
    async fn open_async(
        accessor: &Accessor<State, Self>,
        database: String,
    ) -> Result<Resource<SqliteConnection>, wit::Error> {
        accessor.with(|mut a| a.get().sqlite_open(&database))
    }

    async fn execute_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<SqliteConnection>,
        statement: String,
        parameters: Vec<wit::Value>,
    ) -> Result<Rows, wit::Error> {
        let conn = accessor.with(|mut a| a.get().sqlite_connection(&self_))?;
        // SQLite blocks (on the disk, or on another connection's lock).
        let ran = tokio::task::spawn_blocking(move || run(&conn, &statement, parameters))
            .await
            .map_err(io)?;
        // As Spin's `execute-async`: the call itself succeeds, and a failed
        // statement's error comes through the completion future, with no
        // columns and no rows.
        let (columns, rows, outcome) = match ran {
            Ok((columns, rows)) => (columns, rows, Ok(())),
            Err(e) => (Vec::new(), Vec::new(), Err(e)),
        };
        accessor.with(|mut a| {
            // Every row is read already: the stream is the list.
            let stream = StreamReader::new(&mut a, rows).map_err(io)?;
            let done = FutureReader::new(&mut a, async move { wasmtime::error::Ok(outcome) })
                .map_err(io)?;
            Ok((columns, stream, done))
        })
    }

    async fn last_insert_rowid_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<SqliteConnection>,
    ) -> i64 {
        accessor.with(|mut a| wit::HostConnection::last_insert_rowid(&mut a.get(), self_))
    }

    async fn changes_async(
        accessor: &Accessor<State, Self>,
        self_: Resource<SqliteConnection>,
    ) -> u64 {
        accessor.with(|mut a| wit::HostConnection::changes(&mut a.get(), self_))
    }
}
