//! Sessions of the handshake-era protocol versions (2025-03-26 to
//! 2025-11-25). They live in the store, not in memory, so any instance can
//! serve any request of a session and an instance may die between two.

use preloop_core::auth::Principal;
use preloop_core::store::sessions::{self, McpSession};
use preloop_core::{Env, Result};

/// How long a session may sit unused before it is forgotten.
pub const IDLE_TTL_MS: i64 = 24 * 60 * 60 * 1000;
/// `last_seen_at` is refreshed at most this often: a write per request
/// would cost more than the precision is worth.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

pub async fn create(
    env: &Env,
    principal: &Principal,
    protocol_version: &str,
    client_info: &serde_json::Value,
    client_capabilities: &serde_json::Value,
) -> Result<String> {
    let now = env.now_ms();
    // Housekeeping rides on session creation: no scheduler is needed, and a
    // failure here must not stop a client from connecting.
    if let Err(e) = sessions::purge_idle(env.sql(), now - IDLE_TTL_MS).await {
        tracing::warn!(error = %e, "could not purge idle MCP sessions");
    }
    // 32 random bytes: a session id must not be guessable.
    let id = preloop_core::ids::random_hex(env.random(), 32);
    let session = McpSession {
        id: id.clone(),
        account_id: principal.account_id.clone(),
        api_key_id: principal.api_key_id.clone(),
        protocol_version: protocol_version.to_string(),
        last_seen_at: now,
        log_level: None,
        client_capabilities: client_capabilities.clone(),
    };
    sessions::create(env.sql(), &session, client_info).await?;
    Ok(id)
}

/// The session, if it exists and belongs to this caller's key. A session of
/// another key is reported as missing, never as someone else's.
pub async fn find(env: &Env, principal: &Principal, id: &str) -> Result<Option<McpSession>> {
    let found = sessions::get(env.sql(), id)
        .await?
        .filter(|s| s.api_key_id == principal.api_key_id && s.account_id == principal.account_id);
    still_open(env, found).await
}

/// A session looked up with its key ([`preloop_core::auth::authenticate_with_session`]),
/// unless it has sat idle too long (then it is forgotten).
pub async fn still_open(env: &Env, found: Option<McpSession>) -> Result<Option<McpSession>> {
    let Some(session) = found else {
        return Ok(None);
    };
    let id = session.id.as_str();
    let now = env.now_ms();
    let idle = now - session.last_seen_at;
    if idle > IDLE_TTL_MS {
        sessions::delete(env.sql(), id).await?;
        return Ok(None);
    }
    if idle > TOUCH_EVERY_MS {
        sessions::touch(env.sql(), id, now).await?;
    }
    Ok(Some(session))
}

pub async fn end(env: &Env, id: &str) -> Result<bool> {
    sessions::delete(env.sql(), id).await
}
