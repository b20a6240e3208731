//! Signatures on outgoing webhooks, so receivers can tell Preloop's posts from
//! forgeries and replays: `X-Preloop-Signature: t=<unix seconds>,v1=<hex>`,
//! where `v1` is HMAC-SHA256 over `"<t>.<body>"` with the channel's secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const HEADER: &str = "x-preloop-signature";

pub fn sign(secret: &str, timestamp_s: i64, body: &[u8]) -> String {
    format!(
        "t={timestamp_s},v1={}",
        hex::encode(mac(secret, timestamp_s, body))
    )
}

fn mac(secret: &str, timestamp_s: i64, body: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length; this cannot fail.
    let mut m = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return Vec::new(),
    };
    m.update(timestamp_s.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

/// Checks a signature header (what a receiver does), in constant time.
pub fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1 = hex::decode(v).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(given)) = (t, v1) else {
        return false;
    };
    let Ok(mut m) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies() {
        let h = sign("0123456789abcdef", 1_700_000_000, b"{\"a\":1}");
        assert!(h.starts_with("t=1700000000,v1="));
        assert!(verify("0123456789abcdef", &h, b"{\"a\":1}"));
        assert!(!verify("0123456789abcdef", &h, b"{\"a\":2}"));
        assert!(!verify("another-secret-xx", &h, b"{\"a\":1}"));
        assert!(!verify("0123456789abcdef", "t=1,v1=zz", b"{}"));
    }
}
