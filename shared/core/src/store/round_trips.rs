//! Counting a request's store round trips, for `Server-Timing` when
//! `PRELOOP_SERVER_TIMING` is on: each call of the [`Sql`] port is one
//! exchange with the store (a batch is one: hosts send it as one
//! transaction, pipelined where the driver allows).

use super::sql::{Dialect, Row, Sql, Statement, Value};
use crate::error::Result;
use async_trait::async_trait;
use std::cell::Cell;
use std::rc::Rc;

pub struct CountingSql {
    inner: Rc<dyn Sql>,
    count: Rc<Cell<u32>>,
}

impl CountingSql {
    pub fn new(inner: Rc<dyn Sql>, count: Rc<Cell<u32>>) -> Self {
        CountingSql { inner, count }
    }
    fn one(&self) {
        self.count.set(self.count.get().saturating_add(1));
    }
}

#[async_trait(?Send)]
impl Sql for CountingSql {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.one();
        self.inner.query(sql, params).await
    }
    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.one();
        self.inner.execute(sql, params).await
    }
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        self.one();
        self.inner.batch(statements).await
    }
    async fn execute_script(&self, script: &str) -> Result<()> {
        self.one();
        self.inner.execute_script(script).await
    }
}

/// The `Server-Timing` value for `count` round trips.
pub fn server_timing(count: u32) -> String {
    format!("store;desc=\"{count} round trips\"")
}
