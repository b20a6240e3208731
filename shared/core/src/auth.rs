//! API keys and the principal a request acts as.
//!
//! Keys are `pl_` followed by 32 random bytes in hex. Only their SHA-256 is
//! stored; the key itself is shown once, when it is created.

use crate::error::{Error, Result};
use crate::http::Request;
use crate::ports::Random;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const KEY_PREFIX: &str = "pl_";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the account: servers, policies, keys, audit.
    Admin,
    /// Calls tools through the MCP endpoint and asks for policy decisions.
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "admin" => Ok(Role::Admin),
            "agent" => Ok(Role::Agent),
            other => Err(Error::bad_request(format!(
                "unknown role '{other}' (admin or agent)"
            ))),
        }
    }
}

/// Who a request acts for, as resolved from its API key. It also carries the
/// account's policy version, read in the same query, so the policy cache can
/// be validated without a second round trip to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub account_id: String,
    pub api_key_id: String,
    pub key_name: String,
    pub role: Role,
    /// The person behind the key, for keys that belong to a user.
    pub user_id: Option<String>,
    /// The managed agent the key was issued to, if any.
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub policy_version: i64,
    pub default_action: String,
}

impl Principal {
    pub fn require_admin(&self) -> Result<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(Error::forbidden(
                "this API key may not manage the account (role: agent)",
            ))
        }
    }
    /// The principal as a compact string for audit records: `key:<id>`.
    pub fn audit_label(&self) -> String {
        format!("key:{}:{}", self.api_key_id, self.key_name)
    }
}

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
    let token = request.bearer_token().ok_or_else(|| {
        Error::unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    })?;
    crate::store::accounts::principal_for_key_hash(env.sql(), &hash_key(token))
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
        user_id: None,
        agent_id: None,
        agent_name: None,
        policy_version: 1,
        default_action: "deny".into(),
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
