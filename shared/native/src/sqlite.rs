//! The embedded default store: SQLite through rusqlite (bundled), one
//! connection in WAL mode shared by every worker thread behind a mutex.
//!
//! Statements run synchronously while the lock is held; they take
//! microseconds on a local file, far less than handing them to a blocking
//! thread pool would cost. The one slow thing SQLite does on its own, the WAL
//! checkpoint with its fsync, is taken off the request path: automatic
//! checkpoints are off on the shared connection and a background thread with
//! its own connection checkpoints several times a second (see
//! [`spawn_checkpointer`] for how the log is kept bounded under load).

use async_trait::async_trait;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{Dialect, Row, Sql, Statement, Value, to_sqlite_placeholders};
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{Connection, ToSql};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone)]
pub struct SqliteSql {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteSql {
    pub fn open(path: &Path) -> Result<Self> {
        let open = || {
            Connection::open(path).map_err(|e| {
                Error::unavailable(format!(
                    "cannot open the SQLite store at {}: {e}",
                    path.display()
                ))
            })
        };
        let store = Self::configure(open()?)?;
        store
            .lock()?
            .execute_batch(&format!(
                "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {LOG_BYTES_LIMIT};"
            ))
            .map_err(map_error)?;
        spawn_checkpointer(open()?, Arc::downgrade(&store.conn));
        Ok(store)
    }

    fn configure(conn: Connection) -> Result<Self> {
        // rusqlite keeps 16 prepared statements by default; the store uses
        // more than that, and a re-prepare costs more than the query itself.
        conn.set_prepared_statement_cache_capacity(256);
        // The bundled SQLite has STAT4, which lets the planner look at bound
        // values and so expires a cached statement whenever one is rebound:
        // every query was parsed again. A stable plan is what we want anyway.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(map_error)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        )
        .map_err(map_error)?;
        Ok(SqliteSql {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| {
            Error::unavailable("the SQLite store is unusable after a failed statement")
        })
    }
}

/// How often the checkpointer folds the log back into the database.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(200);
/// Log pages past which a checkpoint also restarts the log (16 MiB with
/// 4 KiB pages), and the size a restarted log file is cut back to.
const LOG_PAGES_LIMIT: i64 = 4096;
const LOG_BYTES_LIMIT: i64 = 16 << 20;

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] until the store is dropped.
///
/// PASSIVE never waits for readers or writers, so requests are not held up
/// by it; it copies what is in the log when it starts. But SQLite only
/// starts the log over once a checkpoint has copied *all* of it, and under
/// writes that never pause there is always a newer frame: the log grew by
/// the whole load (gigabytes in a long bench). So once the log is past
/// [`LOG_PAGES_LIMIT`], the passive pass (which did the bulk of the copying
/// without blocking) is followed by a RESTART: it holds new writers back
/// only while it copies what arrived since, and the next write starts the
/// log from the beginning, cut back to [`LOG_BYTES_LIMIT`].
fn spawn_checkpointer(conn: Connection, alive: std::sync::Weak<Mutex<Connection>>) {
    let fallback = alive.clone();
    let spawned = std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            // RESTART waits for the writer in flight: a statement takes
            // microseconds, so a second is only reached by something stuck.
            if let Err(e) = conn.busy_timeout(std::time::Duration::from_secs(1)) {
                tracing::warn!(error = %e, "sqlite checkpoint connection");
            }
            while alive.strong_count() > 0 {
                std::thread::sleep(CHECKPOINT_EVERY);
                if let Err(e) = checkpoint(&conn) {
                    tracing::warn!(error = %e, "sqlite checkpoint failed");
                }
            }
        });
    if let Err(e) = spawned {
        // Without the thread the WAL is never folded back; keep SQLite's own
        // checkpoints instead of growing it without bound.
        tracing::warn!(error = %e, "no checkpoint thread; using automatic checkpoints");
        if let Some(shared) = fallback.upgrade()
            && let Ok(c) = shared.lock()
        {
            let _ = c.execute_batch("PRAGMA wal_autocheckpoint = 1000;");
        }
    }
}

/// One checkpoint pass: passive, then a restart if the log is past the limit.
fn checkpoint(conn: &Connection) -> rusqlite::Result<()> {
    // (busy, pages in the log, pages copied)
    let pass = |mode: &str| {
        conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
            r.get::<_, i64>(1)
        })
    };
    if pass("PASSIVE")? > LOG_PAGES_LIMIT {
        // A second passive pass copies what arrived during the first, still
        // without blocking, so the restart that follows has little left to
        // copy while it holds writers back (a few ms at 25k writes/s in
        // `tests/sqlite_wal.rs`).
        pass("PASSIVE")?;
        pass("RESTART")?;
    }
    Ok(())
}

struct Param<'a>(&'a Value);

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Owned(SqlValue::Null),
            Value::Int(i) => ToSqlOutput::Owned(SqlValue::Integer(*i)),
            Value::Float(f) => ToSqlOutput::Owned(SqlValue::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(i64::from(*b))),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
            Value::Vector(v) => ToSqlOutput::Owned(SqlValue::Blob(
                v.iter().flat_map(|f| f.to_le_bytes()).collect(),
            )),
        })
    }
}

fn map_error(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(code, _) = &e {
        if code.code == rusqlite::ErrorCode::ConstraintViolation {
            return Error::new(ErrorKind::Conflict, "already exists");
        }
        if matches!(
            code.code,
            rusqlite::ErrorCode::DatabaseBusy
                | rusqlite::ErrorCode::DatabaseLocked
                | rusqlite::ErrorCode::CannotOpen
        ) {
            tracing::warn!(error = %e, "sqlite unavailable");
            return Error::unavailable("the store is busy or cannot be opened");
        }
    }
    tracing::error!(error = %e, "sqlite error");
    Error::internal("store error")
}

fn run_query(conn: &Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
    let sql = to_sqlite_placeholders(sql);
    let mut stmt = conn.prepare_cached(&sql).map_err(map_error)?;
    let columns: Arc<[String]> = stmt.column_names().map(|c| c.to_string()).collect();
    let params: Vec<Param<'_>> = params.iter().map(Param).collect();
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params.iter()))
        .map_err(map_error)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(map_error)? {
        let mut values = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            values.push(match row.get_ref(i).map_err(map_error)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(f) => Value::Float(f),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
            });
        }
        out.push(Row {
            columns: columns.clone(),
            values,
        });
    }
    Ok(out)
}

fn run_execute(conn: &Connection, sql: &str, params: &[Value]) -> Result<u64> {
    let sql = to_sqlite_placeholders(sql);
    let mut stmt = conn.prepare_cached(&sql).map_err(map_error)?;
    let params: Vec<Param<'_>> = params.iter().map(Param).collect();
    let n = stmt
        .execute(rusqlite::params_from_iter(params.iter()))
        .map_err(map_error)?;
    Ok(n as u64)
}

#[async_trait(?Send)]
impl Sql for SqliteSql {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let conn = self.lock()?;
        run_query(&conn, sql, params)
    }

    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let conn = self.lock()?;
        run_execute(&conn, sql, params)
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let mut conn = self.lock()?;
        // A lone statement is its own transaction: BEGIN and COMMIT would
        // only add two statements to parse and run (the `pending` audit
        // record, on every call's path, is one).
        if let [s] = statements {
            return Ok(vec![run_execute(&conn, &s.sql, &s.params)?]);
        }
        let tx = conn.transaction().map_err(map_error)?;
        let mut counts = Vec::with_capacity(statements.len());
        for s in statements {
            counts.push(run_execute(&tx, &s.sql, &s.params)?);
        }
        tx.commit().map_err(map_error)?;
        Ok(counts)
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        let mut conn = self.lock()?;
        let tx = conn.transaction().map_err(map_error)?;
        tx.execute_batch(script).map_err(map_error)?;
        tx.commit().map_err(map_error)
    }
}
