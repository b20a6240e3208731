//! The Cloudflare Queue that wakes the notification sender: announcing an
//! approval writes outbox rows and then sends one small message here, and
//! the scheduler Worker's queue consumer sends what is due at once instead
//! of at its next cron tick. The outbox stays the source of truth: a lost or
//! duplicated message changes nothing but timing.

use crate::settings::QUEUE_BINDING;

/// Sends a wake-up if the Worker has the queue bound; silently nothing
/// otherwise (the cron tick still sends).
pub async fn wake_sender(env: &worker::Env) {
    let Ok(queue) = env.queue(QUEUE_BINDING) else {
        return;
    };
    if let Err(e) = queue
        .send(serde_json::json!({"wake": "notifications"}))
        .await
    {
        tracing::warn!(error = %e, "could not wake the notification sender");
    }
}
