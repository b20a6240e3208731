//! Encryption at rest for credentials we must be able to use again (an
//! upstream server's auth header): ChaCha20-Poly1305 with a 256-bit key the
//! host supplies. Ciphertexts are `v1.<base64(nonce ‖ sealed)>`.

use crate::error::{Error, Result};
use crate::ports::Random;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

#[derive(Clone)]
pub struct Cipher {
    aead: ChaCha20Poly1305,
    /// Signs calls between this deployment's own functions (a service
    /// binding's request): derived from the key for that purpose alone, so
    /// it is never the key that seals credentials. (`None` cannot happen
    /// with HMAC; if it did, no call would verify.)
    internal_mac_key: Option<[u8; 32]>,
}

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

impl Cipher {
    pub fn new(key: &[u8; 32]) -> Self {
        let internal_mac_key = <HmacSha256 as hmac::Mac>::new_from_slice(key)
            .map(|mut m| {
                hmac::Mac::update(&mut m, b"preloop internal calls v1");
                hmac::Mac::finalize(m).into_bytes().into()
            })
            .ok();
        Cipher {
            aead: ChaCha20Poly1305::new(Key::from_slice(key)),
            internal_mac_key,
        }
    }

    fn internal_hmac(&self, message: &[u8]) -> Option<HmacSha256> {
        let key = self.internal_mac_key.as_ref()?;
        let mut m = <HmacSha256 as hmac::Mac>::new_from_slice(key).ok()?;
        hmac::Mac::update(&mut m, message);
        Some(m)
    }

    /// The MAC of a message between this deployment's functions.
    pub fn internal_mac(&self, message: &[u8]) -> Vec<u8> {
        self.internal_hmac(message)
            .map(|m| hmac::Mac::finalize(m).into_bytes().to_vec())
            .unwrap_or_default()
    }

    /// Whether `mac` is the message's, compared in constant time.
    pub fn internal_mac_matches(&self, message: &[u8], mac: &[u8]) -> bool {
        self.internal_hmac(message)
            .is_some_and(|m| hmac::Mac::verify_slice(m, mac).is_ok())
    }

    /// Parses a key given as 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<Self> {
        let bytes = hex::decode(hex_key.trim())
            .map_err(|_| Error::bad_request("secret key must be 64 hex characters"))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::bad_request("secret key must be 64 hex characters"))?;
        Ok(Cipher::new(&key))
    }

    pub fn seal(&self, random: &dyn Random, plaintext: &str) -> Result<String> {
        let mut nonce = [0u8; 12];
        random.fill(&mut nonce);
        let sealed = self
            .aead
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .map_err(|_| Error::internal("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("v1.{}", STANDARD_NO_PAD.encode(out)))
    }

    pub fn open(&self, sealed: &str) -> Result<String> {
        let fail = || {
            Error::internal("a stored secret could not be decrypted (was the secret key changed?)")
        };
        let body = sealed.strip_prefix("v1.").ok_or_else(fail)?;
        let raw = STANDARD_NO_PAD.decode(body).map_err(|_| fail())?;
        if raw.len() < 12 {
            return Err(fail());
        }
        let (nonce, data) = raw.split_at(12);
        let plain = self
            .aead
            .decrypt(Nonce::from_slice(nonce), data)
            .map_err(|_| fail())?;
        String::from_utf8(plain).map_err(|_| fail())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(u8);
    impl Random for Fixed {
        fn fill(&self, buf: &mut [u8]) {
            buf.fill(self.0);
        }
    }

    #[test]
    fn round_trip_and_tamper() {
        let c = Cipher::new(&[7u8; 32]);
        let sealed = c.seal(&Fixed(1), "Bearer s3cr3t").unwrap_or_default();
        assert!(!sealed.contains("s3cr3t"));
        assert_eq!(c.open(&sealed).ok().as_deref(), Some("Bearer s3cr3t"));
        let other = Cipher::new(&[8u8; 32]);
        assert!(other.open(&sealed).is_err());
        assert!(c.open("v1.AAAA").is_err());
        assert!(Cipher::from_hex("zz").is_err());
    }
}
