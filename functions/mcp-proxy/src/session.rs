//! Sessions of the handshake-era protocol versions (2025-03-26 to
//! 2025-11-25). They live in the store, not in memory, so any instance can
//! serve any request of a session and an instance may die between two.

use preloop_core::auth::Principal;
use preloop_core::store::sessions::{self, McpSession};
use preloop_core::{Env, Result};

pub async fn create(
    env: &Env,
    principal: &Principal,
    protocol_version: &str,
    client_info: &serde_json::Value,
) -> Result<String> {
    // 32 random bytes: a session id must not be guessable.
    let id = preloop_core::ids::random_hex(env.random(), 32);
    let session = McpSession {
        id: id.clone(),
        account_id: principal.account_id.clone(),
        api_key_id: principal.api_key_id.clone(),
        protocol_version: protocol_version.to_string(),
    };
    sessions::create(env.sql(), &session, client_info, env.now_ms()).await?;
    Ok(id)
}

/// The session, if it exists and belongs to this caller's key. A session of
/// another key is reported as missing, never as someone else's.
pub async fn find(env: &Env, principal: &Principal, id: &str) -> Result<Option<McpSession>> {
    Ok(sessions::get(env.sql(), id)
        .await?
        .filter(|s| s.api_key_id == principal.api_key_id && s.account_id == principal.account_id))
}

pub async fn end(env: &Env, id: &str) -> Result<bool> {
    sessions::delete(env.sql(), id).await
}
