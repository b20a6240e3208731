//! Time from WASI 0.3's clocks.

use preloop_core::ports::Clock;
use spin_sdk::wasip3::clocks::{monotonic_clock, system_clock};

pub struct WasiClock;

impl Clock for WasiClock {
    fn now_ms(&self) -> i64 {
        let now = system_clock::now();
        now.seconds * 1000 + i64::from(now.nanoseconds / 1_000_000)
    }

    fn monotonic_us(&self) -> u64 {
        monotonic_clock::now() / 1000
    }
}
