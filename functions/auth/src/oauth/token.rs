//! `/oauth/token` and `/oauth/revoke`.
//!
//! An authorization code is used once: the exchange marks it used in the
//! statement that finds it, and a code presented again revokes the session
//! it started (RFC 6749 section 4.1.2). PKCE is S256 only, compared in
//! constant time. Refresh tokens rotate as a password sign-in's do, and
//! belong to the client they were issued to.

use super::authorize::CodeGrant;
use super::{SCOPE, error, is_our_resource};
use crate::grant::Fields;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use preloop_core::Env;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::hash_key;
use preloop_core::auth::tokens::{self as issue, SessionSpec};
use preloop_core::http::{Request, Response};
use preloop_core::store::sign_in::{self, Audience, Claimed};
use preloop_core::store::tickets::{self, TicketKind};
use serde_json::json;
use sha2::{Digest, Sha256};

/// RFC 7636 section 4.1: 43 to 128 unreserved characters.
fn verifier_ok(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` hashes to `challenge` (S256), in constant time.
fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    computed.len() == challenge.len()
        && computed
            .bytes()
            .zip(challenge.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    let fields = match Fields::read(request) {
        Ok(f) => f,
        Err(e) => return error("invalid_request", &e.message),
    };
    match fields.get("grant_type") {
        Some("authorization_code") => code(request, env, &fields).await,
        Some("refresh_token") => refresh(request, env, &fields).await,
        Some(_) => error(
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        ),
        None => error("invalid_request", "grant_type is required"),
    }
    .with_header("cache-control", "no-store")
    .with_header("pragma", "no-cache")
}

async fn code(request: &Request, env: &Env, fields: &Fields) -> Response {
    let (Some(code), Some(client_id), Some(verifier)) = (
        fields.get("code"),
        fields.get("client_id"),
        fields.get("code_verifier"),
    ) else {
        return error(
            "invalid_request",
            "code, client_id and code_verifier are required",
        );
    };
    if let Some(resource) = fields.get("resource")
        && !is_our_resource(env, resource)
    {
        return error(
            "invalid_target",
            "resource must be this deployment's MCP endpoint",
        );
    }
    let sql = env.sql();
    let now = env.now_ms();
    let token_hash = hash_key(code);
    let ticket = match tickets::claim(sql, TicketKind::AuthorizationCode, &token_hash, now).await {
        Ok(Some(t)) => t,
        Ok(None) => return replayed_or_unknown(env, &token_hash).await,
        Err(e) => return Response::error(&e),
    };
    let Some(grant) = ticket
        .data
        .as_deref()
        .and_then(|d| serde_json::from_str::<CodeGrant>(d).ok())
    else {
        return error("invalid_grant", "the code is not valid");
    };
    // The code is used up whatever follows: a wrong verifier or redirect
    // URI gets nothing, now or later.
    if grant.client_id != client_id {
        return error("invalid_grant", "the code was issued to another client");
    }
    if fields.get("redirect_uri").unwrap_or("") != grant.redirect_uri {
        return error(
            "invalid_grant",
            "redirect_uri differs from the one the code was issued for",
        );
    }
    if !verifier_ok(verifier) || !pkce_matches(verifier, &grant.code_challenge) {
        return error("invalid_grant", "the PKCE code_verifier does not match");
    }
    let client_name = match super::clients::resolve(env, client_id).await {
        Ok(c) => c.name,
        Err(_) => client_id.to_string(),
    };
    let spec = SessionSpec {
        account_id: &ticket.account_id,
        user_id: &ticket.user_id,
        method: "oauth",
        client_id: Some(client_id),
        audience: Audience::Mcp,
        scope: Some(SCOPE),
    };
    let session = issue::new_session(env, &spec);
    let access = match issue::access_token(env, &session.session_id, &spec) {
        Ok(a) => a,
        Err(e) => return Response::error(&e),
    };
    let started = CodeGrant {
        session_id: Some(session.session_id.clone()),
        ..grant
    };
    let mut batch = session.statements;
    if let Ok(data) = serde_json::to_string(&started) {
        batch.push(tickets::set_data_statement(&token_hash, &data));
    }
    batch.extend(events::statements(
        env,
        &ticket.account_id,
        &format!("user:{}:{}", ticket.user_id, ticket.email),
        AuthEvent::SignedIn,
        &format!("signed in through {client_name} (OAuth)"),
        json!({"user_id": ticket.user_id, "email": ticket.email, "method": "oauth", "client_id": client_id, "client_name": client_name, "session_id": session.session_id, "address": request.client_addr}),
    ));
    if let Err(e) = sql.batch(&batch).await {
        return Response::error(&e);
    }
    Response::json(
        200,
        &issue::response(env, &access, &session.refresh_token, Some(SCOPE)),
    )
}

/// A code that is not live: unknown or expired, or used before, in which
/// case whatever it started is revoked.
async fn replayed_or_unknown(env: &Env, token_hash: &str) -> Response {
    let used = tickets::find_any(env.sql(), TicketKind::AuthorizationCode, token_hash).await;
    if let Ok(Some(ticket)) = used
        && let Some(session) = ticket
            .data
            .as_deref()
            .and_then(|d| serde_json::from_str::<CodeGrant>(d).ok())
            .and_then(|g| g.session_id)
    {
        let now = env.now_ms();
        let revoked =
            sign_in::revoke_session(env.sql(), &session, "authorization_code_reused", now).await;
        if matches!(revoked, Ok(1)) {
            let _ = env
                .sql()
                .batch(&events::statements(
                    env,
                    &ticket.account_id,
                    &format!("user:{}:{}", ticket.user_id, ticket.email),
                    AuthEvent::RefreshReused,
                    "an authorization code was presented again: the session it started is ended",
                    json!({"user_id": ticket.user_id, "session_id": session}),
                ))
                .await;
        }
    }
    error(
        "invalid_grant",
        "the code is not valid: unknown, expired, or already used",
    )
}

async fn refresh(request: &Request, env: &Env, fields: &Fields) -> Response {
    let (Some(token), Some(client_id)) = (fields.get("refresh_token"), fields.get("client_id"))
    else {
        return error(
            "invalid_request",
            "refresh_token and client_id are required",
        );
    };
    let sql = env.sql();
    let now = env.now_ms();
    let address = request.client_addr.as_deref();
    let claimed = sign_in::claim_refresh(sql, &hash_key(token), now).await;
    match claimed {
        Ok(Claimed::Fresh(session)) if session.client_id.as_deref() == Some(client_id) => {
            match issue::rotate(env, &session).await {
                Ok(body) => Response::json(200, &body),
                Err(e) => Response::error(&e),
            }
        }
        // Presented by another client (or a person's sign-in's token): the
        // token is spent, and the session is not this client's to continue.
        Ok(Claimed::Fresh(session)) => {
            let _ =
                sign_in::revoke_session(sql, &session.id, "refresh_by_another_client", now).await;
            let why = "a refresh token was presented by another client: the session is ended";
            if let Err(e) = issue::audit_refused_refresh(env, &session, why, address).await {
                return Response::error(&e);
            }
            error(
                "invalid_grant",
                "the refresh token was issued to another client",
            )
        }
        Ok(Claimed::Reused(session)) => {
            let why = "a refresh token was used twice: the session is ended";
            if let Err(e) = issue::audit_refused_refresh(env, &session, why, address).await {
                return Response::error(&e);
            }
            error(
                "invalid_grant",
                "the refresh token was already used, so its session has been ended",
            )
        }
        Ok(Claimed::Invalid) => error("invalid_grant", "invalid or expired refresh token"),
        Err(e) => Response::error(&e),
    }
}

/// `POST /oauth/revoke` (RFC 7009): ends the session a refresh token (or
/// an access token) belongs to; 200 whatever the token.
pub async fn revoke(request: &Request, env: &Env) -> Response {
    let fields = match Fields::read(request) {
        Ok(f) => f,
        Err(e) => return error("invalid_request", &e.message),
    };
    let Some(token) = fields.get("token") else {
        return error("invalid_request", "token is required");
    };
    let sql = env.sql();
    let session = if preloop_core::auth::jwt::looks_like_jwt(token) {
        let mcp = preloop_core::auth::audience_url(env, Audience::Mcp);
        env.config
            .jwt_keys
            .verify(
                token,
                &preloop_core::auth::issuer(env),
                &mcp,
                env.now_ms() / 1000,
            )
            .ok()
            .map(|c| c.sid)
    } else {
        sign_in::session_of_refresh(sql, &hash_key(token))
            .await
            .ok()
            .flatten()
            .map(|s| s.id)
    };
    if let Some(id) = session {
        let _ = sign_in::revoke_session(sql, &id, "revoked", env.now_ms()).await;
    }
    Response::new(200).with_header("cache-control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_is_s256_of_a_well_formed_verifier() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(verifier_ok(verifier));
        assert!(pkce_matches(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!pkce_matches(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"
        ));
        assert!(!pkce_matches(
            "x",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!verifier_ok("short"));
        assert!(!verifier_ok(&"a".repeat(129)));
        assert!(!verifier_ok(&format!("{}!", "a".repeat(50))));
    }
}
