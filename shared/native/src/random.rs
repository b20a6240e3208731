//! Randomness: a thread-local CSPRNG seeded from the operating system.

use preloop_core::ports::Random;
use rand::RngCore;

#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        rand::rng().fill_bytes(buf);
    }
}
