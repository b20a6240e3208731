//! Who a request is: resolving its bearer token (an API key, or an access
//! token from signing in or from OAuth) to its [`Principal`], and the parts
//! of signing in every function shares: access tokens ([`jwt`]), passwords,
//! sessions' tokens, one-time links, and sign-in events for the audit.
//!
//! API keys are `pl_` followed by 32 random bytes in hex. Only their
//! SHA-256 is stored; the key itself is shown once, when it is created.

use crate::error::{Error, Result};
use crate::http::Request;
use crate::ports::Random;
use crate::store::sessions::McpSession;
use crate::store::sign_in::Audience;
use sha2::{Digest, Sha256};

pub mod events;
pub mod jwt;
pub mod links;
pub mod passwords;
pub mod tokens;

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
/// `POST <path>` with a key that may change settings, answered with what
/// `run` did: how hosts without a timer of their own (Spin, any cron) run
/// the scheduled functions now.
pub async fn run_on_request<T: serde::Serialize>(
    request: &Request,
    env: &crate::Env,
    path: &str,
    run: impl AsyncFnOnce(&crate::Env) -> Result<T>,
) -> crate::http::Response {
    use crate::http::Response;
    if request.path != path {
        return Response::error(&crate::Error::not_found("no such endpoint"));
    }
    if request.method != "POST" {
        return Response::error(&crate::Error::new(
            crate::ErrorKind::MethodNotAllowed,
            "use POST",
        ));
    }
    let admin = match authenticate(env, request).await {
        Ok(principal) => principal.require(crate::access::Permission::SettingsWrite),
        Err(e) => Err(e),
    };
    if let Err(e) = admin {
        return Response::error(&e);
    }
    match run(env).await {
        Ok(done) => Response::json(200, &done),
        Err(e) => Response::error(&e),
    }
}

pub async fn authenticate(env: &crate::Env, request: &Request) -> Result<Principal> {
    authenticate_with_session(env, request, None)
        .await
        .map(|(principal, _)| principal)
}

/// [`authenticate`], and the MCP session `session_id` names if it is the
/// credential's own, in one store round trip. The bearer token is an API
/// key, or an access token: a person's for the API, or an OAuth client's
/// for the MCP endpoint (each is refused at the other: its audience is the
/// resource it was issued for).
pub async fn authenticate_with_session(
    env: &crate::Env,
    request: &Request,
    session_id: Option<&str>,
) -> Result<(Principal, Option<McpSession>)> {
    let token = request.bearer_token().ok_or_else(|| {
        Error::unauthorized(
            "missing credentials: send 'Authorization: Bearer <API key or access token>'",
        )
    })?;
    if jwt::looks_like_jwt(token) {
        let audience = audience_for(&request.path);
        let now = env.now_ms();
        let claims = env.config.jwt_keys.verify(
            token,
            &issuer(env),
            &audience_url(env, audience),
            now / 1000,
        )?;
        return crate::store::sign_in::principal_for_session(
            env.sql(),
            &claims.sid,
            &claims.sub,
            &claims.acc,
            now,
            session_id,
        )
        .await?
        .ok_or_else(|| Error::unauthorized("the session has ended: sign in again"));
    }
    crate::store::accounts::principal_and_session(
        env.sql(),
        &hash_key(token),
        session_id,
        env.now_ms(),
    )
    .await?
    .ok_or_else(|| Error::unauthorized("invalid, revoked or expired API key"))
}

/// What a request's access token must have been issued for.
pub fn audience_for(path: &str) -> Audience {
    if path == "/mcp" || path.starts_with("/mcp/") {
        Audience::Mcp
    } else {
        Audience::Api
    }
}

/// Our issuer identifier (RFC 8414): the deployment's public URL.
pub fn issuer(env: &crate::Env) -> String {
    env.config.public_url.trim_end_matches('/').to_string()
}

/// The MCP endpoint's other address: `/mcp/v1` is also served at `/mcp`
/// (where some clients look for it), and is the same protected resource
/// under either name.
pub const MCP_ALIAS_PATH: &str = "/mcp";

/// Where the MCP endpoint's protected resource metadata is (RFC 9728): what
/// its 401 names, under the address the client used (clients check that
/// the metadata's `resource` is the URL they connected to).
pub fn resource_metadata_url(env: &crate::Env, path: &str) -> String {
    let suffix = if path.trim_end_matches('/') == MCP_ALIAS_PATH {
        MCP_ALIAS_PATH
    } else {
        "/mcp/v1"
    };
    format!(
        "{}/.well-known/oauth-protected-resource{suffix}",
        issuer(env)
    )
}

/// The resource an audience names, as tokens carry it (`aud`).
pub fn audience_url(env: &crate::Env, audience: Audience) -> String {
    match audience {
        Audience::Api => format!("{}/api/v1", issuer(env)),
        Audience::Mcp => format!("{}/mcp/v1", issuer(env)),
    }
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
        flow_id: None,
        flow_execution_id: None,
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
