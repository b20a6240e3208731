//! The queue port natively: a wake-up of the scheduler loop in this
//! process, which then runs at once instead of at its next interval.

use async_trait::async_trait;
use preloop_core::ports::{Queue, QueueMessage};
use std::sync::Arc;
use tokio::sync::Notify;

/// Shared by every worker thread (senders) and the scheduler (receiver).
#[derive(Clone, Default)]
pub struct SchedulerWake(Arc<Notify>);

impl SchedulerWake {
    /// Resolves when a wake-up was sent since the last one was taken; one
    /// sent while the scheduler is busy is kept for when it next waits.
    pub async fn woken(&self) {
        self.0.notified().await;
    }
}

#[async_trait(?Send)]
impl Queue for SchedulerWake {
    async fn send(&self, _message: &QueueMessage) -> Result<(), String> {
        self.0.notify_one();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_wake_up_sent_before_waiting_is_kept() {
        let wake = SchedulerWake::default();
        let sender = wake.clone();
        assert_eq!(sender.send(&QueueMessage::NotificationsDue).await, Ok(()));
        let woken = tokio::time::timeout(Duration::from_secs(1), wake.woken()).await;
        assert!(woken.is_ok());
        // Taken: the next wait waits.
        let again = tokio::time::timeout(Duration::from_millis(50), wake.woken()).await;
        assert!(again.is_err());
    }
}
