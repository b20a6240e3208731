//! The `Sql` port: typed parameters in, typed rows out, in one of two dialects.
//!
//! Queries are written once with `$1`-style placeholders; the SQLite executors
//! rewrite them to `?1`. Times are `BIGINT` epoch milliseconds and JSON is
//! `TEXT` in both dialects, so the same statement binds the same values
//! everywhere; the few real differences are branched on [`Dialect`] in the
//! repository that needs them.

use crate::error::{Error, Result};
use async_trait::async_trait;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Sqlite,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
    /// A pgvector `vector` on Postgres; little-endian f32 bytes on SQLite.
    Vector(Vec<f32>),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Text(s.clone())
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

/// One statement of a batch.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sql: String,
    pub params: Vec<Value>,
}

impl Statement {
    pub fn new(sql: impl Into<String>, params: Vec<Value>) -> Self {
        Statement {
            sql: sql.into(),
            params,
        }
    }
}

/// A result row; columns are looked up by name.
#[derive(Debug, Clone)]
pub struct Row {
    pub columns: Arc<[String]>,
    pub values: Vec<Value>,
}

impl Row {
    fn value(&self, name: &str) -> Result<&Value> {
        self.columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| self.values.get(i))
            .ok_or_else(|| Error::internal(format!("store: missing column {name}")))
    }
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.value(name).ok()
    }
    pub fn str(&self, name: &str) -> Result<String> {
        match self.value(name)? {
            Value::Text(s) => Ok(s.clone()),
            other => Err(type_error(name, "text", other)),
        }
    }
    pub fn opt_str(&self, name: &str) -> Result<Option<String>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Text(s) => Ok(Some(s.clone())),
            other => Err(type_error(name, "text", other)),
        }
    }
    pub fn int(&self, name: &str) -> Result<i64> {
        match self.value(name)? {
            Value::Int(i) => Ok(*i),
            other => Err(type_error(name, "integer", other)),
        }
    }
    pub fn opt_int(&self, name: &str) -> Result<Option<i64>> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            other => Err(type_error(name, "integer", other)),
        }
    }
    /// Booleans are `BOOLEAN` on Postgres and `INTEGER` 0/1 on SQLite.
    pub fn bool(&self, name: &str) -> Result<bool> {
        match self.value(name)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            other => Err(type_error(name, "boolean", other)),
        }
    }
    pub fn json(&self, name: &str) -> Result<serde_json::Value> {
        match self.value(name)? {
            Value::Null => Ok(serde_json::Value::Null),
            Value::Text(s) => serde_json::from_str(s)
                .map_err(|_| Error::internal(format!("store: column {name} holds invalid JSON"))),
            other => Err(type_error(name, "json text", other)),
        }
    }
    pub fn vector(&self, name: &str) -> Result<Vec<f32>> {
        match self.value(name)? {
            Value::Vector(v) => Ok(v.clone()),
            Value::Bytes(b) => Ok(b
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()),
            other => Err(type_error(name, "vector", other)),
        }
    }
}

fn type_error(name: &str, want: &str, got: &Value) -> Error {
    Error::internal(format!("store: column {name} is not {want} ({got:?})"))
}

#[async_trait(?Send)]
pub trait Sql {
    fn dialect(&self) -> Dialect;
    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs a statement; returns the number of rows it changed.
    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs all statements in one transaction: all or nothing. Returns each
    /// statement's changed-row count.
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>>;
    /// Runs a multi-statement script (a migration) in one transaction.
    async fn execute_script(&self, script: &str) -> Result<()>;
}

/// Postgres' SQLSTATE for a unique violation.
pub const PG_UNIQUE_VIOLATION: &str = "23505";

/// Whether a Postgres error code means the server is out of reach rather
/// than the statement wrong: connection exceptions (class 08), operator
/// intervention (57: the backend was terminated, the server is shutting
/// down, the query was cancelled) and insufficient resources (53: too many
/// connections). These are 503s; anything else is a bug, a 500.
pub fn pg_unavailable(sqlstate: &str) -> bool {
    matches!(sqlstate.get(..2), Some("08" | "57" | "53"))
}

/// A vector as pgvector's text form (`[1,-0.5]`), for hosts that can only
/// send it as text (statements cast it: `$1::text::vector`).
pub fn vector_literal(v: &[f32]) -> String {
    let items: Vec<String> = v.iter().map(|f| f.to_string()).collect();
    format!("[{}]", items.join(","))
}

/// Rewrites `$N` placeholders to SQLite's `?N`, leaving string literals,
/// quoted identifiers and comments alone.
pub fn to_sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                '$' if chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('?'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// Splits a script into its statements at top-level `;`, for executors that
/// run one statement at a time (D1 batches, Spin). Semicolons inside string
/// literals, quoted identifiers and comments do not split; comments are
/// dropped and empty statements skipped.
pub fn split_statements(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = script.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            current.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                current.push(c);
            }
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        current.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                current.push(' ');
            }
            ';' => {
                let statement = current.trim();
                if !statement.is_empty() {
                    out.push(statement.to_string());
                }
                current.clear();
            }
            _ => current.push(c),
        }
    }
    let statement = current.trim();
    if !statement.is_empty() {
        out.push(statement.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_outages_are_told_from_bugs() {
        for code in ["57P01", "57P02", "57014", "08006", "08001", "53300"] {
            assert!(pg_unavailable(code), "{code}");
        }
        for code in ["23505", "42P01", "42601", "22P02", ""] {
            assert!(!pg_unavailable(code), "{code}");
        }
    }

    #[test]
    fn scripts_split_at_top_level_semicolons() {
        let script = "-- a comment; not a split\nCREATE TABLE t (a TEXT DEFAULT ';');\n/* x; y */ INSERT INTO t VALUES ('a;b');;\n  \nSELECT 1";
        assert_eq!(
            split_statements(script),
            vec![
                "CREATE TABLE t (a TEXT DEFAULT ';')",
                "INSERT INTO t VALUES ('a;b')",
                "SELECT 1"
            ]
        );
    }

    #[test]
    fn placeholders_rewritten_outside_literals() {
        assert_eq!(
            to_sqlite_placeholders("SELECT '$1', $1, \"$2\" FROM t WHERE a = $12"),
            "SELECT '$1', ?1, \"$2\" FROM t WHERE a = ?12"
        );
    }

    #[test]
    fn row_accessors() {
        let row = Row {
            columns: vec!["a".to_string(), "b".to_string(), "c".to_string()].into(),
            values: vec![Value::Int(1), Value::Null, Value::Text("{\"x\":1}".into())],
        };
        assert!(row.bool("a").unwrap_or(false));
        assert_eq!(row.opt_str("b").ok(), Some(None));
        assert_eq!(
            row.json("c").ok().map(|v| v["x"].clone()),
            Some(serde_json::json!(1))
        );
        assert!(row.str("a").is_err());
        assert!(row.int("zzz").is_err());
    }
}
