//! The queue port natively: a wake-up of the loop in this process that
//! consumes the message (the scheduler, or the tracker sync), which then
//! runs at once instead of at its next interval.

use async_trait::async_trait;
use preloop_core::ports::{Queue, QueueMessage};
use std::sync::Arc;
use tokio::sync::Notify;

/// Shared by every worker thread (senders), the scheduler and the sync
/// (receivers).
#[derive(Clone, Default)]
pub struct SchedulerWake {
    scheduler: Arc<Notify>,
    sync: Arc<Notify>,
}

impl SchedulerWake {
    /// Resolves when a wake-up for the scheduler was sent since the last
    /// one was taken; one sent while it is busy is kept for when it next
    /// waits.
    pub async fn woken(&self) {
        self.scheduler.notified().await;
    }
    /// The same, for the tracker sync.
    pub async fn sync_woken(&self) {
        self.sync.notified().await;
    }
}

#[async_trait(?Send)]
impl Queue for SchedulerWake {
    async fn send(&self, message: &QueueMessage) -> Result<(), String> {
        match message {
            QueueMessage::NotificationsDue => self.scheduler.notify_one(),
            QueueMessage::TrackerWorkDue => self.sync.notify_one(),
        }
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

    #[tokio::test]
    async fn each_message_wakes_its_own_consumer() {
        let wake = SchedulerWake::default();
        assert_eq!(wake.send(&QueueMessage::TrackerWorkDue).await, Ok(()));
        let scheduler = tokio::time::timeout(Duration::from_millis(50), wake.woken()).await;
        assert!(scheduler.is_err());
        let sync = tokio::time::timeout(Duration::from_secs(1), wake.sync_woken()).await;
        assert!(sync.is_ok());
    }
}
