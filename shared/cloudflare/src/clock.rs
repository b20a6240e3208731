//! The isolate's clock. Workers advance `Date.now()` only across I/O, which
//! is all a duration measured here needs.

use preloop_core::ports::Clock;

pub struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
    fn monotonic_us(&self) -> u64 {
        (js_sys::Date::now() * 1000.0) as u64
    }
}
