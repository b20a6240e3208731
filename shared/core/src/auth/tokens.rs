//! Issuing a sign-in's tokens: the session row, an opaque refresh token
//! (random, stored by its hash, `plr_…`), and a signed access token. Used by
//! password sign-in, registration, single sign-on and the OAuth server
//! alike, so every way in ends in the same kind of session.

use super::jwt::AccessClaims;
use crate::Env;
use crate::error::Result;
use crate::store::sign_in::{self, Audience, NewSession, SessionRow};
use crate::store::sql::Statement;
use serde_json::{Value, json};

pub const REFRESH_PREFIX: &str = "plr_";

/// Who a session is for, and what it may be used for.
pub struct SessionSpec<'a> {
    pub account_id: &'a str,
    pub user_id: &'a str,
    /// `password`, `sso`, `oauth`.
    pub method: &'a str,
    pub client_id: Option<&'a str>,
    pub audience: Audience,
    pub scope: Option<&'a str>,
}

impl<'a> SessionSpec<'a> {
    /// A person's own sign-in (password, invitation, registration): for the
    /// management API, with their role's rights.
    pub fn password(account_id: &'a str, user_id: &'a str) -> Self {
        SessionSpec {
            account_id,
            user_id,
            method: "password",
            client_id: None,
            audience: Audience::Api,
            scope: None,
        }
    }
}

/// A session about to be written: its statements go in the caller's batch
/// (with its audit record); the tokens are handed out once it is written.
pub struct NewTokens {
    pub session_id: String,
    pub refresh_token: String,
    pub statements: Vec<Statement>,
}

pub fn new_refresh_token(env: &Env) -> String {
    format!(
        "{REFRESH_PREFIX}{}",
        crate::ids::random_hex(env.random(), 32)
    )
}

/// The session and its first refresh token.
pub fn new_session(env: &Env, spec: &SessionSpec<'_>) -> NewTokens {
    let now = env.now_ms();
    let session_id = format!("ses_{}", env.new_id());
    let expires_at = now + env.config.session_ttl_s * 1000;
    let refresh_token = new_refresh_token(env);
    let statements = vec![
        sign_in::create_session_statement(&NewSession {
            id: &session_id,
            account_id: spec.account_id,
            user_id: spec.user_id,
            method: spec.method,
            client_id: spec.client_id,
            audience: spec.audience,
            scope: spec.scope,
            now,
            expires_at,
        }),
        sign_in::create_refresh_statement(
            &super::hash_key(&refresh_token),
            &session_id,
            now,
            expires_at,
        ),
    ];
    NewTokens {
        session_id,
        refresh_token,
        statements,
    }
}

/// The next refresh token of a session whose last one was just used.
pub fn next_refresh(env: &Env, session_id: &str, expires_at: i64) -> (String, Statement) {
    let token = new_refresh_token(env);
    let statement = sign_in::create_refresh_statement(
        &super::hash_key(&token),
        session_id,
        env.now_ms(),
        expires_at,
    );
    (token, statement)
}

/// A signed access token for a session.
pub fn access_token(env: &Env, session_id: &str, spec: &SessionSpec<'_>) -> Result<String> {
    let now_s = env.now_ms() / 1000;
    env.config.jwt_keys.sign(&AccessClaims {
        iss: super::issuer(env),
        sub: spec.user_id.to_string(),
        aud: super::audience_url(env, spec.audience),
        exp: now_s + env.config.access_token_ttl_s,
        iat: now_s,
        sid: session_id.to_string(),
        acc: spec.account_id.to_string(),
        client_id: spec.client_id.map(str::to_string),
        scope: spec.scope.map(str::to_string),
    })
}

/// The token response (RFC 6749 section 5.1).
pub fn response(env: &Env, access: &str, refresh: &str, scope: Option<&str>) -> Value {
    let mut body = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": env.config.access_token_ttl_s,
        "refresh_token": refresh,
    });
    if let Some(scope) = scope {
        body["scope"] = json!(scope);
    }
    body
}

/// The next tokens of a session whose refresh token was just used
/// ([`sign_in::claim_refresh`] gave it): a new refresh token, written, and
/// a new access token; the token response.
pub async fn rotate(env: &Env, session: &SessionRow) -> Result<Value> {
    let (next, statement) = next_refresh(env, &session.id, session.expires_at);
    env.sql().batch(&[statement]).await?;
    let spec = SessionSpec {
        account_id: &session.account_id,
        user_id: &session.user_id,
        method: "refresh",
        client_id: session.client_id.as_deref(),
        audience: session.audience,
        scope: session.scope.as_deref(),
    };
    let access = access_token(env, &session.id, &spec)?;
    Ok(response(env, &access, &next, session.scope.as_deref()))
}

/// Audits a refresh token used twice (its session is already ended), or
/// presented where it does not belong (`why`).
pub async fn audit_refused_refresh(
    env: &Env,
    session: &SessionRow,
    why: &str,
    address: Option<&str>,
) -> Result<()> {
    env.sql()
        .batch(&super::events::statements(
            env,
            &session.account_id,
            &format!("user:{}:{}", session.user_id, session.email),
            super::events::AuthEvent::RefreshReused,
            why,
            json!({"user_id": session.user_id, "session_id": session.id, "client_id": session.client_id, "address": address}),
        ))
        .await?;
    Ok(())
}
