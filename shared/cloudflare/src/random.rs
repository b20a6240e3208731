//! `crypto.getRandomValues`, through getrandom's JavaScript backend.

use preloop_core::ports::Random;

pub struct JsRandom;

impl Random for JsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The Web Crypto source does not fail for buffers of the sizes we
        // ask for (ids, keys, tokens); if it ever did, a zeroed buffer must
        // not pass for randomness, so the isolate stops here.
        if getrandom::fill(buf).is_err() {
            std::process::abort();
        }
    }
}
