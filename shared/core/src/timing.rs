//! What a request waited for, for `Server-Timing` when
//! `PRELOOP_SERVER_TIMING` is on: its round trips to the store and the time
//! they took, and the time its upstream requests took to answer (to the
//! response headers). Each call of the [`Sql`] port is one exchange with the
//! store: a batch is one too, as hosts send it as one pipelined transaction.

use crate::env::Env;
use crate::error::Result;
use crate::http::Response;
use crate::ports::{Clock, HttpClient, OutboundError, OutboundRequest, OutboundResponse};
use crate::store::sql::{Dialect, Row, Sql, Statement, Value};
use async_trait::async_trait;
use std::cell::Cell;
use std::rc::Rc;

/// One request's counters.
#[derive(Default)]
pub struct Timings {
    store_round_trips: Cell<u32>,
    store_us: Cell<u64>,
    upstream_requests: Cell<u32>,
    upstream_us: Cell<u64>,
}

impl Timings {
    /// The `Server-Timing` header value.
    pub fn header(&self) -> String {
        format!(
            "store;desc=\"{} round trips\";dur={:.3}, upstream;desc=\"{} requests\";dur={:.3}",
            self.store_round_trips.get(),
            self.store_us.get() as f64 / 1000.0,
            self.upstream_requests.get(),
            self.upstream_us.get() as f64 / 1000.0,
        )
    }
}

/// Runs `work` (serving one request) and, when `PRELOOP_SERVER_TIMING` is
/// on, with the store and upstream timed, the answer saying what it waited
/// for. What `work` leaves for after the answer is not counted.
pub async fn timed(env: &Env, work: impl AsyncFnOnce(&Env) -> Response) -> Response {
    if !env.config.server_timing {
        return work(env).await;
    }
    let (timed_env, timings) = env.timed();
    work(&timed_env)
        .await
        .with_header("server-timing", timings.header())
}

/// [`timed`] for hosts whose work ends with the response (a Worker's
/// request, whose store connection closes with it; a Spin instance): what
/// was left for after the answer runs first, and is counted.
pub async fn to_completion(env: &Env, work: impl AsyncFnOnce(&Env) -> Response) -> Response {
    timed(env, async |env| {
        let mut response = work(env).await;
        response.run_after().await;
        response
    })
    .await
}

fn add(counter: &Cell<u32>, total: &Cell<u64>, since_us: u64, clock: &dyn Clock) {
    counter.set(counter.get().saturating_add(1));
    total.set(
        total
            .get()
            .saturating_add(clock.monotonic_us().saturating_sub(since_us)),
    );
}

/// The store, timed.
pub struct TimedSql {
    pub inner: Rc<dyn Sql>,
    pub clock: Rc<dyn Clock>,
    pub timings: Rc<Timings>,
}

impl TimedSql {
    async fn timed<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        let start = self.clock.monotonic_us();
        let out = work.await;
        add(
            &self.timings.store_round_trips,
            &self.timings.store_us,
            start,
            self.clock.as_ref(),
        );
        out
    }
}

#[async_trait(?Send)]
impl Sql for TimedSql {
    fn dialect(&self) -> Dialect {
        self.inner.dialect()
    }
    async fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.timed(self.inner.query(sql, params)).await
    }
    async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        self.timed(self.inner.execute(sql, params)).await
    }
    async fn batch(&self, statements: &[Statement]) -> Result<Vec<u64>> {
        self.timed(self.inner.batch(statements)).await
    }
    async fn execute_script(&self, script: &str) -> Result<()> {
        self.timed(self.inner.execute_script(script)).await
    }
}

/// Outbound HTTP, timed to the response headers.
pub struct TimedHttp {
    pub inner: Rc<dyn HttpClient>,
    pub clock: Rc<dyn Clock>,
    pub timings: Rc<Timings>,
}

#[async_trait(?Send)]
impl HttpClient for TimedHttp {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, OutboundError> {
        let start = self.clock.monotonic_us();
        let out = self.inner.send(request).await;
        add(
            &self.timings.upstream_requests,
            &self.timings.upstream_us,
            start,
            self.clock.as_ref(),
        );
        out
    }
}
