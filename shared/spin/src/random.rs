//! Randomness from WASI 0.3's secure source.

use preloop_core::ports::Random;
use spin_sdk::wasip3::random::random::get_random_bytes;

pub struct WasiRandom;

impl Random for WasiRandom {
    fn fill(&self, buf: &mut [u8]) {
        // The source may return fewer bytes than asked for.
        let mut filled = 0;
        while filled < buf.len() {
            let bytes = get_random_bytes((buf.len() - filled) as u64);
            let n = bytes.len().min(buf.len() - filled);
            buf[filled..filled + n].copy_from_slice(&bytes[..n]);
            filled += n;
        }
    }
}
