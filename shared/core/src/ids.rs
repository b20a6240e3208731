//! Identifiers: ULIDs (time-ordered, 26 Crockford base32 characters), so ids
//! sort by creation time in both SQL dialects and in cursors.

use crate::ports::{Clock, Random};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub fn new_id(clock: &dyn Clock, random: &dyn Random) -> String {
    let mut rnd = [0u8; 10];
    random.fill(&mut rnd);
    encode(clock.now_ms().max(0) as u64, &rnd)
}

fn encode(ms: u64, rnd: &[u8; 10]) -> String {
    let mut value: u128 = (u128::from(ms & 0xFFFF_FFFF_FFFF)) << 80;
    for (i, b) in rnd.iter().enumerate() {
        value |= u128::from(*b) << (72 - 8 * i);
    }
    let mut out = [0u8; 26];
    for (i, slot) in out.iter_mut().enumerate() {
        let shift = 125 - 5 * i as u32;
        *slot = ALPHABET[((value >> shift) & 0x1F) as usize];
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(random: &dyn Random, n: usize) -> String {
    let mut buf = vec![0u8; n];
    random.fill(&mut buf);
    hex::encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_sort_by_time() {
        let a = encode(1_000, &[0xFF; 10]);
        let b = encode(1_001, &[0; 10]);
        assert_eq!(a.len(), 26);
        assert!(a < b);
        assert_eq!(encode(0, &[0; 10]), "00000000000000000000000000");
    }
}
