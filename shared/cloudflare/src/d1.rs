//! D1 as the SQLite-dialect store: a deployment with no external database.
//!
//! Statements are the same `$1` texts as everywhere, rewritten to `?1`. A
//! batch is one D1 `batch()` call, which D1 runs as a single transaction;
//! a migration script is split into its statements and run the same way,
//! so it too is all or nothing.
//!
//! A statement the database refused for contention (locked, overloaded,
//! its storage reset) is tried again after a short wait: each of those
//! answers means the transaction did not commit, so a second try cannot
//! apply it twice. A lost connection is not retried: the statement may
//! have run.

use async_trait::async_trait;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::store::sql::{
    Dialect, Row, Sql, Statement, Value, split_statements, to_sqlite_placeholders,
};
use std::sync::Arc;
use wasm_bindgen::JsValue;
use worker::D1Database;
use worker::d1::D1PreparedStatement;

pub struct D1Sql {
    db: D1Database,
}

/// JavaScript numbers hold integers exactly up to 2^53.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Waits before each further try, in milliseconds: about two seconds in
/// all. A quarter of a second was not enough when several local Workers
/// share one D1 file under a loaded machine (a CI run saw a permission
/// check answer 503 because its key lookup met a writer for longer).
const RETRY_DELAYS_MS: [u64; 5] = [10, 50, 200, 500, 1200];

/// Whether D1 says the statement did not run for contention, so that
/// trying again is safe. "internal error; reference" is how the storage
/// layer's `SQLITE_BUSY` reaches the binding when another process holds
/// the file (Wrangler's local D1 shared between `wrangler dev` processes).
fn is_contention(message: &str) -> bool {
    [
        "SQLITE_BUSY",
        "database is locked",
        "internal error; reference",
        "D1 DB is overloaded",
        "storage caused object to be reset",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// Runs `attempt` until it succeeds, fails for a reason other than
/// contention, or the retries are spent.
async fn retrying<T, F, Fut>(mut attempt: F) -> std::result::Result<T, worker::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<T, worker::Error>>,
{
    let mut delays = RETRY_DELAYS_MS.iter();
    loop {
        match attempt().await {
            Err(e) if is_contention(&e.to_string()) => match delays.next() {
                Some(ms) => worker::Delay::from(std::time::Duration::from_millis(*ms)).await,
                None => return Err(e),
            },
            other => return other,
        }
    }
}

fn map_error(e: worker::Error) -> Error {
    let message = e.to_string();
    if message.contains("UNIQUE constraint failed") {
        return Error::new(ErrorKind::Conflict, "already exists");
    }
    if message.contains("SQLITE_") && !is_contention(&message) {
        // The statement itself failed: a bug, not an outage.
        tracing::error!(error = %message, "d1 error");
        return Error::internal("store error");
    }
    tracing::warn!(error = %message, "d1 unavailable");
    Error::unavailable("the store cannot be reached")
}

fn bind_value(v: &Value) -> Result<JsValue> {
    Ok(match v {
        Value::Null => JsValue::NULL,
        Value::Int(i) if i.abs() <= MAX_SAFE_INTEGER => JsValue::from_f64(*i as f64),
        Value::Int(_) => {
            return Err(Error::internal(
                "store: integer too large for D1 (more than 2^53)",
            ));
        }
        Value::Float(f) => JsValue::from_f64(*f),
        Value::Text(s) => JsValue::from_str(s),
        Value::Bool(b) => JsValue::from_f64(if *b { 1.0 } else { 0.0 }),
        Value::Bytes(b) => js_sys::Uint8Array::from(b.as_slice()).into(),
        Value::Vector(v) => {
            let bytes: Vec<u8> = v.iter().flat_map(|f| f.to_le_bytes()).collect();
            js_sys::Uint8Array::from(bytes.as_slice()).into()
        }
    })
}

fn read_value(v: serde_json::Value) -> Result<Value> {
    Ok(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Int(i64::from(b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                // D1 hands back every number as a double: integral ones
                // came from INTEGER columns.
                if f.fract() == 0.0 && f.abs() <= MAX_SAFE_INTEGER as f64 {
                    Value::Int(f as i64)
                } else {
                    Value::Float(f)
                }
            }
        },
        serde_json::Value::String(s) => Value::Text(s),
        // BLOBs come back as arrays of byte values.
        serde_json::Value::Array(items) => Value::Bytes(
            items
                .iter()
                .map(|b| {
                    b.as_u64()
                        .and_then(|b| u8::try_from(b).ok())
                        .ok_or_else(|| Error::internal("store: unexpected array from D1"))
                })
                .collect::<Result<_>>()?,
        ),
        serde_json::Value::Object(_) => {
            return Err(Error::internal("store: unexpected object from D1"));
        }
    })
}

/// The rows a statement changed, from its result's metadata.
fn changes(result: &worker::d1::D1Result) -> Result<u64> {
    let meta = result.meta().map_err(map_error)?;
    Ok(meta.and_then(|m| m.changes).unwrap_or(0) as u64)
}

impl D1Sql {
    pub fn new(db: D1Database) -> Self {
        D1Sql { db }
    }

    fn prepare(&self, sql: &str, values: &[Value]) -> Result<D1PreparedStatement> {
        let params = values.iter().map(bind_value).collect::<Result<Vec<_>>>()?;
        self.db
            .prepare(to_sqlite_placeholders(sql))
            .bind(&params)
            .map_err(map_error)
    }

    async fn run_batch(&self, statements: Vec<D1PreparedStatement>) -> Result<Vec<u64>> {
        if statements.is_empty() {
            return Ok(Vec::new());
        }
        let results = retrying(|| self.db.batch(statements.clone()))
            .await
            .map_err(map_error)?;
        results.iter().map(changes).collect()
    }
}

#[async_trait(?Send)]
impl Sql for D1Sql {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn query(&self, sql: &str, values: &[Value]) -> Result<Vec<Row>> {
        let statement = self.prepare(sql, values)?;
        let result = retrying(|| statement.all()).await.map_err(map_error)?;
        let objects: Vec<serde_json::Map<String, serde_json::Value>> =
            result.results().map_err(map_error)?;
        let Some(first) = objects.first() else {
            return Ok(Vec::new());
        };
        let columns: Arc<[String]> = first.keys().cloned().collect();
        objects
            .into_iter()
            .map(|mut object| {
                let values = columns
                    .iter()
                    .map(|c| read_value(object.remove(c).unwrap_or(serde_json::Value::Null)))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Row {
                    columns: columns.clone(),
                    values,
                })
            })
            .collect()
    }

    async fn execute(&self, sql: &str, values: &[Value]) -> Result<u64> {
        let statement = self.prepare(sql, values)?;
        let result = retrying(|| statement.run()).await.map_err(map_error)?;
        changes(&result)
    }

    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        let prepared = statements
            .iter()
            .map(|s| self.prepare(&s.sql, &s.params))
            .collect::<Result<Vec<_>>>()?;
        self.run_batch(prepared).await
    }

    async fn execute_script(&self, script: &str) -> Result<()> {
        let prepared = split_statements(script)
            .iter()
            .map(|s| self.prepare(s, &[]))
            .collect::<Result<Vec<_>>>()?;
        self.run_batch(prepared).await.map(|_| ())
    }
}
