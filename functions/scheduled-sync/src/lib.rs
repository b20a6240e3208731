//! The tracker sync: one run works the webhook deliveries that are waiting
//! ([`deliveries`]) and then pages through the projects whose poll is due
//! ([`projects`]). A cron trigger runs it at the edge, a timer in
//! `preloop serve`, and any cron through `POST /internal/sync/run` on
//! Spin; the webhook ingest wakes it through the queue port.
//!
//! Everything it does is kept in the store as it goes (each page's cursor,
//! each delivery's state), so a run cut off anywhere is taken up by the
//! next, and two runs never work the same project or delivery at once.

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

pub mod deliveries;
pub mod projects;

use preloop_core::auth;
use preloop_core::http::{Request, Response};
use preloop_core::ports::QueueMessage;
use preloop_core::{Env, Result};
use serde::Serialize;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tick {
    /// Webhook deliveries worked, and the normalised events they made.
    pub deliveries: usize,
    pub events: usize,
    /// Deliveries that failed (to be tried again, or for good).
    pub delivery_errors: usize,
    /// Trackers whose organizations and projects were listed again.
    pub discovered: usize,
    /// Pages of issues read, and issues written (newer than stored).
    pub pages: usize,
    pub issues: usize,
    /// Projects whose sync failed this run (rate limits included).
    pub project_errors: usize,
    /// Issues embedded (new, changed, or made by another model).
    pub embedded: usize,
}

impl Tick {
    fn add(&mut self, other: Tick) {
        self.deliveries += other.deliveries;
        self.events += other.events;
        self.delivery_errors += other.delivery_errors;
        self.discovered += other.discovered;
        self.pages += other.pages;
        self.issues += other.issues;
        self.project_errors += other.project_errors;
        self.embedded += other.embedded;
    }
}

/// Where hosts without a timer of their own (Spin) ask for a run.
pub const RUN_PATH: &str = "/internal/sync/run";

/// Issues embedded per run at most (the built-in model does thousands a
/// second; an endpoint is asked in batches of 64).
const EMBEDDED_PER_RUN: usize = 2_000;

/// One run: deliveries first (they are fresher than any poll), then the
/// projects that are due, then the vectors of what changed. A failing
/// embedder does not stop the rest: search falls back to text.
pub async fn run(env: &Env) -> Result<Tick> {
    let mut tick = deliveries::work_due(env).await?;
    tick.add(projects::sync_due(env).await?);
    match preloop_core::trackers::vectors::embed_stale(env, EMBEDDED_PER_RUN).await {
        Ok(n) => tick.embedded = n,
        Err(e) => tracing::warn!(error = %e.message, "embedding issues failed; retrying next run"),
    }
    Ok(tick)
}

/// Work handed over through the queue: deliveries were stored or a sync
/// was asked for. Duplicates cost nothing (the work is claimed row by row).
pub async fn consume(env: &Env, messages: &[QueueMessage]) -> Result<Tick> {
    if messages.contains(&QueueMessage::TrackerWorkDue) {
        return run(env).await;
    }
    Ok(Tick::default())
}

/// `POST /internal/sync/run` with a key that may change settings: one
/// run, answered with what it did.
pub async fn handle_run_request(request: &Request, env: &Env) -> Response {
    auth::run_on_request(request, env, RUN_PATH, run).await
}
