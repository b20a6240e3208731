//! Passwords: hashed with argon2id, verified in constant time.
//!
//! Parameters (ARCHITECTURE.md "Decision: argon2id at 19 MiB, two
//! passes"): m = 19,456 KiB, t = 2, p = 1, OWASP's first recommended
//! argon2id configuration. The memory is what makes guessing expensive on
//! GPUs; one lane because Workers and Spin components run one thread.
//! The parameters are stored in each hash (PHC string), so raising them
//! later leaves existing hashes verifiable.

use crate::error::{Error, Result};
use crate::ports::Random;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;
pub const MIN_LENGTH: usize = 10;
/// Longer passwords are refused before hashing: argon2 reads all of it.
pub const MAX_LENGTH: usize = 256;

fn argon2() -> Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None)
        .map_err(|_| Error::internal("argon2 parameters"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Whether a new password is acceptable: long enough, not too long.
pub fn check_new(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(Error::bad_request(format!(
            "a password needs at least {MIN_LENGTH} characters"
        )));
    }
    if password.len() > MAX_LENGTH {
        return Err(Error::bad_request(format!(
            "a password may be at most {MAX_LENGTH} bytes"
        )));
    }
    Ok(())
}

/// The PHC string for a new password, with a fresh 16-byte salt.
pub fn hash(random: &dyn Random, password: &str) -> Result<String> {
    check_new(password)?;
    let mut salt = [0u8; 16];
    random.fill(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|_| Error::internal("password salt"))?;
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| Error::internal("a password could not be hashed"))
}

/// Whether `password` matches the stored hash. A hash that does not parse
/// matches nothing.
pub fn verify(stored: &str, password: &str) -> bool {
    if password.len() > MAX_LENGTH {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    // The stored string's own parameters are used (they may be older).
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash no password matches, verified when the email is unknown so that
/// an unknown email takes as long as a wrong password.
pub const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$Vf6ZIcAHn1lVqPBhwNeR0plXLEEGBlzZkp1Da0QzvyU";

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
    fn hashes_are_argon2id_with_our_parameters_and_verify() {
        let h = hash(&Fixed(7), "correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify(&h, "correct horse battery"));
        assert!(!verify(&h, "correct horse batterY"));
        assert_ne!(h, hash(&Fixed(8), "correct horse battery").unwrap());
        assert!(!verify("not a hash", "x"));
        assert!(!verify(DECOY, "correct horse battery"));
        assert!(PasswordHash::new(DECOY).is_ok());
    }

    #[test]
    fn new_passwords_are_bounded() {
        assert!(hash(&Fixed(1), "short").is_err());
        assert!(hash(&Fixed(1), &"x".repeat(MAX_LENGTH + 1)).is_err());
        assert!(!verify(DECOY, &"x".repeat(10_000)));
    }
}
