//! API keys: generating, hashing, and resolving a request's key to its
//! [`Principal`].
//!
//! Keys are `pl_` followed by 32 random bytes in hex. Only their SHA-256 is
//! stored; the key itself is shown once, when it is created.

use crate::error::{Error, Result};
use crate::http::Request;
use crate::ports::Random;
use crate::store::sessions::McpSession;
use sha2::{Digest, Sha256};

pub mod jwt;
pub mod passwords;

pub const KEY_PREFIX: &str = "pl_";

pub use crate::principal::{Principal, Role};

pub fn generate_key(random: &dyn Random) -> String {
    format!("{KEY_PREFIX}{}", crate::ids::random_hex(random, 32))
}

pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The first characters of a key, stored to help people tell keys apart.
pub fn display_prefix(key: &str) -> String {
    key.chars().take(KEY_PREFIX.len() + 6).collect()
}

/// Authenticates a request by its bearer token against the store.
pub async fn authenticate(env: &crate::Env, request: &Request) -> Result<Principal> {
    authenticate_with_session(env, request, None)
        .await
        .map(|(principal, _)| principal)
}

/// [`authenticate`], and the MCP session `session_id` names if it is the
/// key's own, in one store round trip.
pub async fn authenticate_with_session(
    env: &crate::Env,
    request: &Request,
    session_id: Option<&str>,
) -> Result<(Principal, Option<McpSession>)> {
    let token = request.bearer_token().ok_or_else(|| {
        Error::unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    })?;
    crate::store::accounts::principal_and_session(env.sql(), &hash_key(token), session_id)
        .await?
        .ok_or_else(|| Error::unauthorized("invalid or revoked API key"))
}

/// An agent principal for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) fn test_principal() -> Principal {
    Principal {
        account_id: "acc".into(),
        api_key_id: "key".into(),
        key_name: "ci".into(),
        role: Role::Agent,
        permissions: Role::Agent.permissions(),
        credential: crate::principal::Credential::ApiKey,
        user_id: None,
        agent_id: None,
        agent_name: None,
        policy_version: 1,
        default_action: "deny".into(),
        killed: None,
        rate_limit_per_minute: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter;
    impl Random for Counter {
        fn fill(&self, buf: &mut [u8]) {
            for (i, b) in buf.iter_mut().enumerate() {
                *b = i as u8;
            }
        }
    }

    #[test]
    fn keys_hash_and_prefix() {
        let key = generate_key(&Counter);
        assert!(key.starts_with("pl_000102"));
        assert_eq!(key.len(), 3 + 64);
        assert_eq!(hash_key(&key).len(), 64);
        assert_ne!(hash_key(&key), hash_key("pl_other"));
        assert_eq!(display_prefix(&key), "pl_000102");
        assert!(Role::parse("root").is_err());
    }
}
