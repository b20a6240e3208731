//! Waiting on WASI 0.3's monotonic clock (a held call polling its decision).

use async_trait::async_trait;
use preloop_core::ports::Timer;
use std::time::Duration;

pub struct WasiTimer;

#[async_trait(?Send)]
impl Timer for WasiTimer {
    async fn sleep(&self, ms: u64) {
        spin_sdk::time::sleep(Duration::from_millis(ms)).await;
    }
}
