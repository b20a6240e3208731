//! The scheduled handler. Time-driven work lives here and not in a timer in
//! memory, so it happens even when no one is polling and any instance may
//! run it: a cron trigger at the edge, a loop in `preloop serve`.
//!
//! Each run (1) applies time to every approval request whose expiry or
//! escalation has come (escalation queues the new round's notifications),
//! (2) sends the notifications that are due, with retries, and (3) closes
//! approved calls whose execution was cut off by a crash, and model
//! requests' ledger rows a crash left pending (releasing their budgets).

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

use preloop_core::approval::flow;
use preloop_core::auth;
use preloop_core::http::{Request, Response};
use preloop_core::notify;
use preloop_core::ports::QueueMessage;
use preloop_core::store::approval_requests;
use preloop_core::{Env, Result};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tick {
    /// Requests whose expiry or escalation was applied.
    pub requests: usize,
    pub delivered: usize,
    pub retrying: usize,
    pub failed: usize,
    /// Approved calls found cut off mid-execution and closed.
    pub abandoned: usize,
    /// Audit records and model requests' ledger rows left pending by an
    /// instance that died, closed `interrupted`.
    pub interrupted: usize,
    /// Signed audit checkpoints written, and rows removed: audit records
    /// past retention, and what sign-in no longer needs.
    pub checkpoints: usize,
    pub purged: usize,
    /// Servers scanned again because they said their lists changed.
    pub rescanned: usize,
    /// Servers scanned again because their last scan is older than the
    /// tool check interval (a changed definition is noticed so).
    pub checked: usize,
}

/// At most this many servers are checked per run: the rest wait for the
/// next (the oldest scans go first).
const CHECKS_PER_RUN: i64 = 10;

/// Longer than the longest upstream timeout a server may set (10 min).
const ABANDONED_AFTER_MS: i64 = 15 * 60 * 1000;

/// Instances not heard from for a day are forgotten (their records were
/// closed long before).
const INSTANCES_FORGOTTEN_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// Work handed over through the queue, done now: the messages say what
/// (today only that notifications are due). Duplicates cost nothing: the
/// outbox is claimed row by row.
pub async fn consume(env: &Env, messages: &[QueueMessage]) -> Result<Tick> {
    let mut tick = Tick::default();
    if messages.contains(&QueueMessage::NotificationsDue) {
        let report = notify::deliver_due(env).await?;
        tick.delivered = report.delivered;
        tick.retrying = report.retrying;
        tick.failed = report.failed;
    }
    Ok(tick)
}

/// Where hosts without a timer of their own (Spin) ask for a run.
pub const RUN_PATH: &str = "/internal/scheduler/run";

/// `POST /internal/scheduler/run` with the admin key: one run, answered
/// with what it did.
pub async fn handle_run_request(request: &Request, env: &Env) -> Response {
    auth::run_on_request(request, env, RUN_PATH, run).await
}

/// One run of the scheduled work.
pub async fn run(env: &Env) -> Result<Tick> {
    let mut tick = Tick::default();
    for (id, account_id) in approval_requests::due(env.sql(), env.now_ms(), 200).await? {
        // Loading applies time and saves it (once, whoever gets there first).
        match flow::load(env, &account_id, &id).await {
            Ok(_) => tick.requests += 1,
            Err(e) => {
                tracing::warn!(request = %id, error = %e.message, "could not apply time to an approval request")
            }
        }
    }
    let report = notify::deliver_due(env).await?;
    tick.abandoned = approval_requests::close_abandoned_executions(
        env.sql(),
        env.now_ms() - ABANDONED_AFTER_MS,
        &json!({"content": [{"type": "text", "text": "The approved call was cut off (Preloop stopped while it ran); whether the upstream acted is unknown, and it was not run again."}], "isError": true}),
    )
    .await? as usize;
    tick.interrupted = preloop_core::audit::close_abandoned(env).await? as usize;
    tick.interrupted += preloop_core::store::usage_ledger::close_stale(
        env.sql(),
        env.now_ms() - ABANDONED_AFTER_MS,
        env.now_ms(),
    )
    .await? as usize;
    let sealed = preloop_core::audit::checkpoint::run(env).await?;
    tick.checkpoints = sealed.checkpoints;
    tick.purged = sealed.purged;
    preloop_core::store::instances::forget_dead(
        env.sql(),
        env.now_ms() - INSTANCES_FORGOTTEN_AFTER_MS,
    )
    .await?;
    preloop_core::store::rate_windows::purge(
        env.sql(),
        env.now_ms() - 2 * preloop_core::guards::rate_limit::WINDOW_MS,
    )
    .await?;
    tick.purged += preloop_core::store::sign_in::purge(env.sql(), env.now_ms()).await? as usize;
    tick.rescanned = rescan_changed(env).await;
    tick.checked = check_tools(env).await?;
    tick.delivered = report.delivered;
    tick.retrying = report.retrying;
    tick.failed = report.failed;
    Ok(tick)
}

/// Scans again the servers whose last scan is older than the tool check
/// interval: a server that changed a tool without saying so (or that no
/// one listens to) is noticed here. A scan that fails is recorded on its
/// server, as any scan, and does not stop the others.
async fn check_tools(env: &Env) -> Result<usize> {
    let every = env.config.tool_check_ms as i64;
    if every <= 0 {
        return Ok(0);
    }
    let due = preloop_core::store::servers::due_for_check(
        env.sql(),
        env.now_ms() - every,
        env.processes().is_some(),
        CHECKS_PER_RUN,
    )
    .await?;
    let mut checked = 0;
    for server in due {
        match preloop_core::mcp::scan::scan(env, &server).await {
            Ok(_) => checked += 1,
            Err(e) => {
                tracing::warn!(server = %server.name, error = %e.message, "periodic tool check failed")
            }
        }
    }
    Ok(checked)
}

/// Servers that said a list of theirs changed (stdio servers, on the native
/// host) are scanned again: what callers may list follows, and their open
/// sessions hear of it (`notifications/tools/list_changed`). A scan that
/// fails is recorded on the server, as any scan.
async fn rescan_changed(env: &Env) -> usize {
    let Some(processes) = env.processes() else {
        return 0;
    };
    let mut rescanned = 0;
    for id in processes.take_changed() {
        match preloop_core::store::servers::get_unscoped(env.sql(), &id).await {
            Ok(Some(server)) if server.enabled => {
                match preloop_core::mcp::scan::scan(env, &server).await {
                    Ok(_) => rescanned += 1,
                    Err(e) => {
                        tracing::warn!(server = %server.name, error = %e.message, "rescan after a list change failed")
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(server = %id, error = %e.message, "rescan after a list change failed")
            }
        }
    }
    rescanned
}
