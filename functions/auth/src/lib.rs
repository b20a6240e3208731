//! Signing in: `/api/v1/auth/*`.
//!
//! - `token`: email and password (JSON, or the OAuth password form) for a
//!   short-lived access token (a JWT) and a refresh token;
//! - `refresh`: a refresh token for new ones (each is used once; a reused
//!   one ends its session);
//! - `logout`: ends a session;
//! - `register`: a new account and its owner, unless registration is off;
//! - `me`: who a credential acts as and what it may do;
//! - invitations accepted and passwords reset, by the links mailed for
//!   them (and the pages those links open).
//!
//! Sign-in is throttled per email and per address, and every sign-in,
//! failure, lockout, sign-out and registration is audited in the account.
//!
//! People of an account with an OpenID provider sign in through it
//! ([`sso`]: `/auth/sso/*`, configured at `/api/v1/auth/sso`).
//!
//! It is also the OAuth authorization server of the MCP endpoint
//! ([`oauth`]: `/oauth/*`, `/.well-known/oauth-*`), and serves the
//! deployment's public descriptions: the OpenAPI document (`/openapi.json`)
//! and the reference page (`/docs`).

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

mod grant;
mod links;
mod oauth;
mod pages;
mod password;
mod register;
mod sso;
mod tokens;

use preloop_core::http::{Request, Response};
use preloop_core::{Env, Error, Result};
use serde_json::json;

pub const PREFIX: &str = "/api/v1/auth/";
/// The API's description, served from here with the other public paths.
pub const OPENAPI_PATH: &str = "/openapi.json";
pub const DOCS_PATH: &str = "/docs";

/// Whether this function serves `path`.
pub fn serves(path: &str) -> bool {
    path.starts_with(PREFIX)
        || path.starts_with("/oauth/")
        || path.starts_with("/.well-known/")
        || path == OPENAPI_PATH
        || path == DOCS_PATH
        || path == preloop_core::auth::links::INVITATION_PATH
        || path == preloop_core::auth::links::RESET_PATH
        || path.starts_with("/auth/sso/")
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    if request.body.len() > MAX_BODY_BYTES {
        return Response::error(&Error::new(
            preloop_core::ErrorKind::PayloadTooLarge,
            format!("a sign-in request is at most {MAX_BODY_BYTES} bytes"),
        ));
    }
    use preloop_core::auth::links::LinkKind;
    use preloop_core::auth::links::{INVITATION_PATH, RESET_PATH};
    // The pages a link opens answer in HTML, errors included.
    let page = match request.path.as_str() {
        INVITATION_PATH => Some(LinkKind::Invitation),
        RESET_PATH => Some(LinkKind::PasswordReset),
        _ => None,
    };
    if let Some(response) = oauth_route(request, env).await {
        return response;
    }
    // The pages of a single sign-on answer in HTML.
    if matches!(request.path.as_str(), sso::START_PATH | sso::CALLBACK_PATH) {
        if let Err(e) =
            preloop_core::routes::find(preloop_core::routes::AUTH, &request.method, &request.path)
        {
            return Response::error(&e);
        }
        return if request.path == sso::START_PATH {
            sso::start(request, env).await
        } else {
            sso::callback(request, env).await
        };
    }
    if let Some(kind) = page {
        if let Err(e) =
            preloop_core::routes::find(preloop_core::routes::AUTH, &request.method, &request.path)
        {
            return Response::error(&e);
        }
        return links::page(request, env, kind)
            .await
            .with_header("cache-control", "no-store");
    }
    match route(request, env).await {
        Ok(r) => r.with_header("cache-control", "no-store"),
        Err(e) => Response::error(&e).with_header("cache-control", "no-store"),
    }
}

/// The OAuth server's paths, which answer in OAuth's shapes (or HTML).
async fn oauth_route(request: &Request, env: &Env) -> Option<Response> {
    use oauth::{AUTHORIZE_PATH, REGISTER_PATH, REVOKE_PATH, TOKEN_PATH, metadata};
    let path = request.path.as_str();
    let ours = [
        AUTHORIZE_PATH,
        TOKEN_PATH,
        REGISTER_PATH,
        REVOKE_PATH,
        metadata::SERVER_PATH,
        metadata::RESOURCE_PATH,
        metadata::RESOURCE_PATH_MCP,
        metadata::RESOURCE_PATH_MCP_ALIAS,
    ];
    if !ours.contains(&path) {
        return None;
    }
    if let Err(e) = preloop_core::routes::find(preloop_core::routes::AUTH, &request.method, path) {
        return Some(Response::error(&e));
    }
    Some(match path {
        AUTHORIZE_PATH => oauth::authorize::handle(request, env).await,
        TOKEN_PATH => oauth::token::handle(request, env).await,
        REGISTER_PATH => oauth::clients::register(request, env).await,
        REVOKE_PATH => oauth::token::revoke(request, env).await,
        metadata::SERVER_PATH => metadata::server(env),
        _ => metadata::resource(env, path),
    })
}

async fn route(request: &Request, env: &Env) -> Result<Response> {
    preloop_core::routes::find(preloop_core::routes::AUTH, &request.method, &request.path)?;
    match request.path.trim_end_matches('/') {
        "/api/v1/auth/token" => tokens::sign_in(request, env).await,
        "/api/v1/auth/refresh" => tokens::refresh(request, env).await,
        "/api/v1/auth/logout" => tokens::logout(request, env).await,
        "/api/v1/auth/register" => register::register(request, env).await,
        "/api/v1/auth/me" => me(request, env).await,
        password::PATH => password::change(request, env).await,
        "/api/v1/auth/invitations/accept" => links::accept_json(request, env).await,
        "/api/v1/auth/password-reset" => links::request_reset(request, env).await,
        "/api/v1/auth/password-reset/confirm" => links::reset_json(request, env).await,
        sso::CONFIG_PATH => sso::config::handle(request, env).await,
        sso::EXCHANGE_PATH => sso::exchange(request, env).await,
        OPENAPI_PATH => Ok(Response::json(
            200,
            &preloop_core::routes::openapi::document(&preloop_core::auth::issuer(env)),
        )),
        DOCS_PATH => Ok(Response::text(
            200,
            "text/html; charset=utf-8",
            preloop_core::routes::docs::page(),
        )),
        _ => Err(Error::not_found("no such route under /api/v1/auth")),
    }
}

/// Sign-in bodies are small: an email, a password, a token.
const MAX_BODY_BYTES: usize = 16 * 1024;

async fn me(request: &Request, env: &Env) -> Result<Response> {
    let p = preloop_core::auth::authenticate(env, request).await?;
    let person = match &p.user_id {
        Some(id) => {
            Some(preloop_core::store::people::get_user(env.sql(), &p.account_id, id).await?)
        }
        None => None,
    };
    Ok(Response::json(
        200,
        &json!({
            "account_id": p.account_id,
            "user": person,
            "role": p.role,
            "permissions": p.permissions,
            "credential": match &p.credential {
                preloop_core::principal::Credential::ApiKey => json!({"kind": "api_key", "id": p.api_key_id, "name": p.key_name}),
                preloop_core::principal::Credential::Session => json!({"kind": "session", "id": p.api_key_id}),
                preloop_core::principal::Credential::OAuth { client_id, client_name } =>
                    json!({"kind": "oauth", "id": p.api_key_id, "client_id": client_id, "client_name": client_name}),
            },
        }),
    ))
}
