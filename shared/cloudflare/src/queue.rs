//! The queue port on a Cloudflare Queue: a message wakes the scheduler
//! Worker, whose queue consumer sends what is due at once instead of on
//! its next cron tick.

use async_trait::async_trait;
use preloop_core::ports::{Queue, QueueMessage};

/// The producer binding every Worker that queues notifications has.
pub const QUEUE_BINDING: &str = "PRELOOP_QUEUE";

pub struct CloudflareQueue(worker::Queue);

impl CloudflareQueue {
    /// The bound queue, when this Worker has one.
    pub fn bound(env: &worker::Env) -> Option<Self> {
        env.queue(QUEUE_BINDING).ok().map(CloudflareQueue)
    }
}

#[async_trait(?Send)]
impl Queue for CloudflareQueue {
    async fn send(&self, message: &QueueMessage) -> Result<(), String> {
        self.0.send(message).await.map_err(|e| e.to_string())
    }
}
