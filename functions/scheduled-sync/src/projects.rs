//! Polling projects: each due project is claimed, paged through from its
//! stored cursor with the tracker's own pagination, and its cursor saved
//! after every page, so a run cut off resumes at the page it stopped on.
//!
//! A rate limit stops the tracker's projects until the tracker says it
//! ends. A project whose organization's webhooks are heard is not polled:
//! its next poll waits until they have been quiet for a day.

use crate::Tick;
use preloop_core::error::ErrorKind;
use preloop_core::store::trackers::{self, Project, Tracker as StoredTracker};
use preloop_core::trackers::{SyncCursor, apply, connect, discover};
use preloop_core::{Env, Result};
use std::collections::HashMap;

/// How long a claimed project is held before another run may take it.
const CLAIM_MS: i64 = trackers::SYNC_LEASE_MS;
/// Projects and pages per run; what is left is due at once for the next.
const PROJECTS_PER_RUN: usize = 50;
const PAGES_PER_PROJECT: usize = 20;
/// Webhooks heard within this long make polling needless.
pub const WEBHOOKS_FRESH_MS: i64 = 24 * 60 * 60_000;
/// How long a failed project waits before it is tried again.
const RETRY_MS: i64 = 5 * 60_000;
/// How often a tracker's organizations and projects are listed again.
const DISCOVER_EVERY_MS: i64 = 6 * 60 * 60_000;

pub async fn sync_due(env: &Env) -> Result<Tick> {
    let mut tick = Tick {
        discovered: discover_due(env).await?,
        ..Tick::default()
    };
    let mut trackers_seen: HashMap<String, Option<StoredTracker>> = HashMap::new();
    // Trackers that said "rate limited" this run: their other projects wait.
    let mut limited: HashMap<String, i64> = HashMap::new();
    for project in trackers::due(env.sql(), env.now_ms(), PROJECTS_PER_RUN).await? {
        let now = env.now_ms();
        if let Some(until) = limited.get(&project.tracker_id)
            && trackers::claim(env.sql(), &project.id, now, now + CLAIM_MS).await?
        {
            trackers::save_progress(
                env.sql(),
                &project.id,
                &project.sync_cursor,
                env.now_ms(),
                Some(*until),
                project.last_error.as_deref(),
            )
            .await?;
            continue;
        }
        if limited.contains_key(&project.tracker_id)
            || !trackers::claim(env.sql(), &project.id, now, now + CLAIM_MS).await?
        {
            continue;
        }
        let tracker = match trackers_seen.get(&project.tracker_id) {
            Some(t) => t.clone(),
            None => {
                let t = trackers::by_id(env.sql(), &project.tracker_id).await?;
                trackers_seen.insert(project.tracker_id.clone(), t.clone());
                t
            }
        };
        let Some(tracker) = tracker else { continue };
        match sync_project(env, &tracker, &project, &mut tick).await? {
            Outcome::Limited(until) => {
                limited.insert(tracker.id.clone(), until);
                tick.project_errors += 1;
            }
            Outcome::Failed => tick.project_errors += 1,
            Outcome::Done => {}
        }
    }
    Ok(tick)
}

enum Outcome {
    Done,
    Failed,
    Limited(i64),
}

async fn sync_project(
    env: &Env,
    tracker: &StoredTracker,
    project: &Project,
    tick: &mut Tick,
) -> Result<Outcome> {
    let poll_ms = (tracker.settings.poll_interval_s.clamp(60, 7 * 86_400) * 1000) as i64;
    let mut cursor = project.sync_cursor.clone();
    // Webhooks first: once the backfill is done, a project whose
    // organization's webhooks are heard waits for them to go quiet.
    if matches!(cursor, SyncCursor::Incremental { next: None, .. }) {
        let heard = heard_at(env, project).await?;
        if let Some(at) = heard.filter(|at| *at + WEBHOOKS_FRESH_MS > env.now_ms()) {
            trackers::save_progress(
                env.sql(),
                &project.id,
                &cursor,
                env.now_ms(),
                Some(at + WEBHOOKS_FRESH_MS),
                None,
            )
            .await?;
            return Ok(Outcome::Done);
        }
    }
    let client = match connect::connect(env, tracker).await {
        Ok(c) => c,
        Err(e) => return failed(env, project, &cursor, &e.message, RETRY_MS).await,
    };
    for _ in 0..PAGES_PER_PROJECT {
        let page = match client.issues_page(&project.external_id, &cursor).await {
            Ok(page) => page,
            Err(e) if e.kind == ErrorKind::TooManyRequests => {
                let wait = e.retry_after().unwrap_or(60) as i64 * 1000;
                failed(env, project, &cursor, &e.message, wait).await?;
                return Ok(Outcome::Limited(env.now_ms() + wait));
            }
            Err(e) => return failed(env, project, &cursor, &e.message, RETRY_MS).await,
        };
        tick.pages += 1;
        for issue in &page.issues {
            if apply::issue(env, project, issue).await? {
                tick.issues += 1;
            }
        }
        cursor = page.cursor;
        if page.done {
            trackers::save_progress(
                env.sql(),
                &project.id,
                &cursor,
                env.now_ms(),
                Some(env.now_ms() + poll_ms),
                None,
            )
            .await?;
            return Ok(Outcome::Done);
        }
        // Kept after every page: a run cut off here resumes from this one.
        trackers::save_progress(env.sql(), &project.id, &cursor, env.now_ms(), None, None).await?;
    }
    // Out of pages for this run: due again at once, for the next.
    trackers::save_progress(
        env.sql(),
        &project.id,
        &cursor,
        env.now_ms(),
        Some(env.now_ms()),
        None,
    )
    .await?;
    Ok(Outcome::Done)
}

async fn failed(
    env: &Env,
    project: &Project,
    cursor: &SyncCursor,
    message: &str,
    wait_ms: i64,
) -> Result<Outcome> {
    tracing::warn!(project = %project.external_id, error = %message, "a project's sync failed");
    trackers::save_progress(
        env.sql(),
        &project.id,
        cursor,
        env.now_ms(),
        Some(env.now_ms() + wait_ms),
        Some(message),
    )
    .await?;
    Ok(Outcome::Failed)
}

/// When the project's organization last sent a webhook.
async fn heard_at(env: &Env, project: &Project) -> Result<Option<i64>> {
    Ok(
        trackers::organization(env.sql(), &project.account_id, &project.organization_id)
            .await?
            .and_then(|o| o.last_webhook_at)
            .max(project.last_webhook_at),
    )
}

/// Lists organizations and projects again for trackers that are due (new
/// ones at once): `next_sync_at` on the tracker is its next listing.
async fn discover_due(env: &Env) -> Result<usize> {
    let mut n = 0;
    for t in trackers::due_for_discovery(env.sql(), env.now_ms(), 20).await? {
        let outcome = match connect::connect(env, &t).await {
            Ok(client) => discover::discover(env, &t, client.as_ref()).await,
            Err(e) => Err(e),
        };
        let now = env.now_ms();
        match outcome {
            Ok(_) => {
                trackers::record_sync(env.sql(), &t.id, now, Some(now + DISCOVER_EVERY_MS), None)
                    .await?;
                n += 1;
            }
            Err(e) => {
                let wait = if e.kind == ErrorKind::TooManyRequests {
                    e.retry_after().unwrap_or(60) as i64 * 1000
                } else {
                    RETRY_MS
                };
                tracing::warn!(tracker = %t.id, error = %e.message, "listing a tracker's projects failed");
                trackers::record_sync(env.sql(), &t.id, now, Some(now + wait), Some(&e.message))
                    .await?;
            }
        }
    }
    Ok(n)
}
