//! Sleeping without blocking the isolate (held approval calls).

use async_trait::async_trait;
use preloop_core::ports::Timer;
use std::time::Duration;

pub struct JsTimer;

#[async_trait(?Send)]
impl Timer for JsTimer {
    async fn sleep(&self, ms: u64) {
        worker::Delay::from(Duration::from_millis(ms)).await;
    }
}
