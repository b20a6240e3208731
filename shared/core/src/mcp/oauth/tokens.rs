//! The access token an OAuth server's requests carry: kept in memory per
//! instance while it is fresh, else read from the store, and refreshed when
//! it is about to expire or the upstream refused it. Refresh tokens may be
//! single-use (rotated on every refresh, and a reused one revokes the whole
//! grant), so one refresh runs at a time per server, across instances: it
//! takes a lease in the store, and the others wait for its tokens.

use super::{Answer, OAuthError, error_text, post_form};
use crate::env::Env;
use crate::store::server_oauth::{self, Connection};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

/// A token this close to its expiry is refreshed first.
const SKEW_MS: i64 = 30_000;
/// How long a refresh may hold the lease (past it, another may refresh).
const LEASE_MS: i64 = 20_000;
/// How often a request waiting for another's refresh looks again.
const WAIT_STEP_MS: u64 = 100;

/// A token in memory: what [`bearer`] gives, when it expires (if it
/// said), and when it was read.
type Fresh = (Bearer, Option<i64>, i64);
/// A token is kept in memory at most this long: a reconnection made
/// through another instance is seen within it.
const KEEP_MS: i64 = 60_000;

/// Fresh access tokens by server id.
static FRESH: LazyLock<Mutex<HashMap<String, Fresh>>> = LazyLock::new(Default::default);

fn fresh() -> std::sync::MutexGuard<'static, HashMap<String, Fresh>> {
    FRESH.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Forgets the token kept for a server (a new connection, or a refusal).
pub fn forget(server_id: &str) {
    fresh().remove(server_id);
}

/// A token endpoint's answer.
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: Option<i64>,
}

impl Tokens {
    pub(crate) fn from_answer(answer: &Answer, now: i64) -> Result<Tokens, OAuthError> {
        if answer.status != 200 {
            return Err(OAuthError::Refused(format!(
                "the token endpoint answered {}: {}",
                answer.status,
                error_text(&answer.json)
            )));
        }
        let field = |k: &str| answer.json.get(k).and_then(Value::as_str);
        let access_token = field("access_token")
            .filter(|t| !t.is_empty())
            .ok_or_else(|| OAuthError::Refused("the token endpoint gave no access_token".into()))?;
        if !field("token_type").is_some_and(|t| t.eq_ignore_ascii_case("bearer")) {
            return Err(OAuthError::Refused(
                "the token endpoint gave a token that is not a bearer token".into(),
            ));
        }
        let expires_at = answer
            .json
            .get("expires_in")
            .and_then(Value::as_i64)
            .map(|s| now.saturating_add(s.saturating_mul(1000)));
        Ok(Tokens {
            access_token: access_token.to_string(),
            refresh_token: field("refresh_token").map(str::to_string),
            expires_at,
        })
    }
}

fn usable(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_none_or(|at| at - SKEW_MS > now)
}

/// An access token, and the resource (the server's URL when it was
/// connected) it may be sent to.
#[derive(Debug, Clone)]
pub struct Bearer {
    pub token: String,
    pub resource: String,
}

/// The access token for `server_id`'s requests. `refused` is a token the
/// upstream just refused: it is not used again, and the connection is
/// refreshed unless another refresh already replaced it.
pub async fn bearer(
    env: &Env,
    server_id: &str,
    refused: Option<&str>,
) -> Result<Bearer, OAuthError> {
    let now = env.now_ms();
    if refused.is_none()
        && let Some((bearer, expires_at, read_at)) = fresh().get(server_id).cloned()
        && usable(expires_at, now)
        && now - read_at < KEEP_MS
    {
        return Ok(bearer);
    }
    forget(server_id);
    let deadline = now + LEASE_MS;
    loop {
        let now = env.now_ms();
        let connection = load(env, server_id).await?;
        let stored = connection
            .access_token_enc
            .as_deref()
            .map(|t| env.cipher().open(t))
            .transpose()
            .map_err(|e| OAuthError::NotConnected(e.message))?;
        if let Some(token) = stored
            && usable(connection.expires_at, now)
            && refused != Some(token.as_str())
        {
            let bearer = Bearer {
                token,
                resource: connection.client.resource.clone(),
            };
            fresh().insert(
                server_id.to_string(),
                (bearer.clone(), connection.expires_at, now),
            );
            return Ok(bearer);
        }
        // The lease is for the tokens just read: a refresh another stored
        // meanwhile is read again rather than refreshed with a spent token.
        if server_oauth::claim_refresh(
            env.sql(),
            server_id,
            connection.version,
            now,
            now + LEASE_MS,
        )
        .await
        .map_err(|e| OAuthError::Unreachable(e.message))?
        {
            let refreshed = refresh(env, &connection).await;
            if !matches!(refreshed, Ok(Some(_))) {
                let _ = server_oauth::release_refresh(env.sql(), server_id).await;
            }
            if let Some(token) = refreshed? {
                return Ok(token);
            }
            continue;
        }
        // Another is refreshing: its tokens are awaited.
        match env.timer() {
            Some(timer) if env.now_ms() < deadline => timer.sleep(WAIT_STEP_MS).await,
            _ => {
                return Err(OAuthError::Unreachable(
                    "the server's tokens are being refreshed; try again".into(),
                ));
            }
        }
    }
}

async fn load(env: &Env, server_id: &str) -> Result<Connection, OAuthError> {
    server_oauth::get(env.sql(), server_id)
        .await
        .map_err(|e| OAuthError::Unreachable(e.message))?
        .ok_or_else(|| {
            OAuthError::NotConnected(
                "the server needs OAuth and is not connected: an admin must connect it (POST /api/v1/mcp-servers/{id}/oauth)".into(),
            )
        })
}

/// Refreshes `connection`'s tokens; `None` when another refresh stored its
/// own first.
async fn refresh(env: &Env, connection: &Connection) -> Result<Option<Bearer>, OAuthError> {
    let broken = |why: String| async move {
        // Nothing more can be done without a person: say so on the server.
        let _ =
            server_oauth::broken(env.sql(), &connection.account_id, &connection.server_id).await;
        Err(OAuthError::NotConnected(format!(
            "the server's OAuth connection has lapsed ({why}): an admin must connect it again"
        )))
    };
    let Some(refresh_token) = connection
        .refresh_token_enc
        .as_deref()
        .map(|t| env.cipher().open(t))
        .transpose()
        .map_err(|e| OAuthError::NotConnected(e.message))?
    else {
        return broken("its access token expired and there is no refresh token".into()).await;
    };
    let answer = post_form(
        env,
        &connection.client,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh_token),
            ("resource", &connection.client.resource),
        ],
    )
    .await?;
    let now = env.now_ms();
    let tokens = match Tokens::from_answer(&answer, now) {
        Ok(t) => t,
        // The authorization server says the grant (or the client) is gone;
        // anything else (throttled, down) may pass.
        Err(OAuthError::Refused(why))
            if matches!(
                answer.json.get("error").and_then(Value::as_str),
                Some("invalid_grant" | "invalid_client" | "unauthorized_client")
            ) =>
        {
            return broken(why).await;
        }
        Err(e) => return Err(e),
    };
    let random = env.random();
    let sealed = |t: &str| {
        env.cipher()
            .seal(random, t)
            .map_err(|e| OAuthError::Unreachable(e.message))
    };
    let access_enc = sealed(&tokens.access_token)?;
    let refresh_enc = tokens.refresh_token.as_deref().map(sealed).transpose()?;
    let stored = server_oauth::refreshed(
        env.sql(),
        &connection.server_id,
        connection.version,
        &access_enc,
        refresh_enc.as_deref(),
        tokens.expires_at,
        now,
    )
    .await
    .map_err(|e| OAuthError::Unreachable(e.message))?;
    if !stored {
        return Ok(None);
    }
    let bearer = Bearer {
        token: tokens.access_token,
        resource: connection.client.resource.clone(),
    };
    fresh().insert(
        connection.server_id.clone(),
        (bearer.clone(), tokens.expires_at, now),
    );
    Ok(Some(bearer))
}
