//! The `Timer` port on tokio.

use async_trait::async_trait;
use preloop_core::ports::Timer;

#[derive(Clone, Copy, Default)]
pub struct TokioTimer;

#[async_trait(?Send)]
impl Timer for TokioTimer {
    async fn sleep(&self, ms: u64) {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}
