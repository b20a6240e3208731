//! Working stored webhook deliveries: each is claimed (so one worker
//! has it), read into events and the issue it carries, and marked done;
//! a failure is tried again with backoff, then marked failed with its
//! reason.

use crate::Tick;
use preloop_core::store::tracker_inbox::{self, MAX_ATTEMPTS};
use preloop_core::trackers::apply;
use preloop_core::{Env, Result};

/// How long a claimed delivery is held before another worker may take it.
const CLAIM_MS: i64 = 60_000;
/// Deliveries worked per run; the rest wait for the next (which a busy
/// ingest wakes at once).
const PER_RUN: usize = 200;

pub async fn work_due(env: &Env) -> Result<Tick> {
    let mut tick = Tick {
        delivery_errors: tracker_inbox::give_up(env.sql(), env.now_ms()).await? as usize,
        ..Tick::default()
    };
    for id in tracker_inbox::due(env.sql(), env.now_ms(), PER_RUN).await? {
        let now = env.now_ms();
        let Some(d) = tracker_inbox::claim(env.sql(), &id, now, now + CLAIM_MS).await? else {
            continue;
        };
        match apply::delivery(env, &d).await {
            Ok(worked) => {
                tracker_inbox::finish(env.sql(), &d.id, env.now_ms(), None, None).await?;
                tick.deliveries += 1;
                tick.events += worked.events;
            }
            Err(e) => {
                let retry_at = (d.attempts < MAX_ATTEMPTS)
                    .then(|| env.now_ms() + 1_000 * (1 << d.attempts.clamp(0, 10)));
                tracing::warn!(delivery = %d.delivery_id, attempt = d.attempts, error = %e.message, "a tracker delivery was not worked");
                tracker_inbox::finish(env.sql(), &d.id, env.now_ms(), Some(&e.message), retry_at)
                    .await?;
                tick.delivery_errors += 1;
            }
        }
    }
    Ok(tick)
}
