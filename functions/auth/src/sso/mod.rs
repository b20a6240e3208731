//! Single sign-on with an account's OpenID provider: authorization code
//! with PKCE (S256), `state` and `nonce`, the ID token's signature and
//! claims checked ([`id_token`]), people created the first time they sign
//! in and given the role their groups map to ([`member`]).
//!
//! - `GET /auth/sso/start?account=…&return_to=/…` sends the browser to the
//!   provider;
//! - `GET /auth/sso/callback` is where it comes back: the person is found
//!   or created, and the browser goes on to `return_to` with a one-time
//!   `sso_code` (two minutes), never a token in an address;
//! - `POST /api/v1/auth/sso/exchange` turns that code into a session (the
//!   console's way in); the OAuth consent page takes it instead of a
//!   password;
//! - `/api/v1/auth/sso` is the account's configuration ([`config`]).

pub mod config;
mod id_token;
mod member;
mod provider;

use crate::grant::Fields;
use crate::pages::{escape, html};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::tokens::SessionSpec;
use preloop_core::http::{Request, Response, percent_encode};
use preloop_core::mcp::oauth::OAuthError;
use preloop_core::store::sso::{self, Flow};
use preloop_core::store::tickets::{self, NewTicket, Ticket, TicketKind};
use preloop_core::{Env, Error, Result};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const START_PATH: &str = "/auth/sso/start";
pub const CALLBACK_PATH: &str = "/auth/sso/callback";
pub const EXCHANGE_PATH: &str = "/api/v1/auth/sso/exchange";
pub const CONFIG_PATH: &str = "/api/v1/auth/sso";

/// How long a person has at the provider.
const FLOW_TTL_MS: i64 = 10 * 60 * 1000;
/// How long the code handed back lives.
const CODE_TTL_MS: i64 = 2 * 60 * 1000;
/// Sign-ins one address may start within the throttling window (each is a
/// row until it comes back or expires).
const MAX_STARTS_PER_ADDRESS: i64 = 120;
/// The longest `return_to` kept.
const MAX_RETURN_TO: usize = 4096;
/// The hand-back code's prefix.
const CODE_PREFIX: &str = "pls_";

/// Where the provider sends the browser back: register this at the
/// provider.
pub fn redirect_uri(env: &Env) -> String {
    format!("{}{CALLBACK_PATH}", preloop_core::auth::issuer(env))
}

/// The address people of `account_id` start signing in at.
pub fn sign_in_url(env: &Env, account_id: &str) -> String {
    format!(
        "{}{START_PATH}?account={}",
        preloop_core::auth::issuer(env),
        percent_encode(account_id)
    )
}

fn problem(status: u16, why: &str) -> Response {
    html(
        status,
        "Single sign-on",
        &format!("<p role=\"alert\">{}</p>", escape(why)),
    )
    .with_header("cache-control", "no-store")
}

/// A path on this deployment to send the browser to: never another site.
fn check_return_to(raw: &str) -> std::result::Result<String, Error> {
    let path = if raw.is_empty() { "/" } else { raw };
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= MAX_RETURN_TO
        && !path.chars().any(|c| c.is_control() || c == '\\');
    if !ok {
        return Err(Error::bad_request(
            "return_to must be a path on this deployment (starting with a single '/')",
        ));
    }
    Ok(path.to_string())
}

/// The cookie that ties a sign-in to the browser that started it, named
/// after its `state`: whoever comes back with that state must carry it.
/// Without it, someone could start a sign-in as themselves and have
/// another person's browser finish it, signing that person in to the
/// wrong identity (login CSRF). It authenticates nothing, and is only
/// sent to the callback.
fn binding_cookie(state: &str) -> String {
    let id: String = preloop_core::auth::hash_key(state)
        .chars()
        .take(16)
        .collect();
    format!("preloop_sso_{id}")
}

fn set_binding(env: &Env, state: &str) -> String {
    let secure = if preloop_core::auth::issuer(env).starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}=1; Path={CALLBACK_PATH}; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        binding_cookie(state),
        FLOW_TTL_MS / 1000
    )
}

fn carries_binding(request: &Request, state: &str) -> bool {
    let name = binding_cookie(state);
    request
        .headers
        .get_all("cookie")
        .flat_map(|h| h.split(';'))
        .any(|c| {
            c.trim()
                .split_once('=')
                .is_some_and(|(k, v)| k == name && v == "1")
        })
}

/// `GET /auth/sso/start`.
pub async fn start(request: &Request, env: &Env) -> Response {
    match begin(request, env).await {
        Ok(started) if started.from_page => html(
            200,
            "Single sign-on",
            &format!(
                "<meta http-equiv=\"refresh\" content=\"0;url={0}\"><p><a href=\"{0}\">Continue to your identity provider</a></p>",
                escape(&started.location)
            ),
        )
        .with_header("cache-control", "no-store")
        .with_header("set-cookie", started.cookie),
        Ok(started) => Response::new(302)
            .with_header("location", started.location)
            .with_header("set-cookie", started.cookie)
            .with_header("cache-control", "no-store")
            .with_header("referrer-policy", "no-referrer"),
        Err(e) => problem(e.status(), &e.message),
    }
}

/// A sign-in sent on to the provider.
struct Started {
    location: String,
    cookie: String,
    from_page: bool,
}

/// The provider's authorization URL for a new flow, and whether it was
/// asked for by our own consent page's form (whose page may submit only to
/// this deployment, a rule browsers apply to the redirects after it too:
/// it is answered with a page that moves on by itself).
async fn begin(request: &Request, env: &Env) -> Result<Started> {
    let q = Fields::from_pairs(request.query_pairs());
    let account_id = q.require("account")?;
    let return_to = check_return_to(q.get("return_to").unwrap_or(""))?;
    crate::grant::throttle_address(
        request,
        env,
        "sso-start",
        MAX_STARTS_PER_ADDRESS,
        "too many sign-ins started from this address: try again later",
    )
    .await?;
    let provider = sso::get(env.sql(), account_id)
        .await?
        .filter(|p| p.enabled)
        .ok_or_else(|| Error::not_found("single sign-on is not set up for this account"))?;
    let endpoints = provider::discover(env, &provider.issuer)
        .await
        .map_err(Error::from)?;
    let state = preloop_core::ids::random_hex(env.random(), 32);
    let verifier = preloop_core::ids::random_hex(env.random(), 32);
    let nonce = preloop_core::ids::random_hex(env.random(), 16);
    let challenge = B64.encode(Sha256::digest(verifier.as_bytes()));
    let now = env.now_ms();
    env.sql()
        .batch(&sso::start_statements(&Flow {
            state_hash: preloop_core::auth::hash_key(&state),
            account_id: provider.account_id.clone(),
            verifier_enc: env.cipher().seal(env.random(), &verifier)?,
            nonce: nonce.clone(),
            return_to,
            created_at: now,
            expires_at: now + FLOW_TTL_MS,
        }))
        .await?;
    let scope = std::iter::once("openid")
        .chain(
            provider
                .scopes
                .split(' ')
                .filter(|s| !s.is_empty() && *s != "openid"),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let redirect = redirect_uri(env);
    let params = [
        ("response_type", "code"),
        ("client_id", provider.client_id.as_str()),
        ("redirect_uri", redirect.as_str()),
        ("scope", scope.as_str()),
        ("state", state.as_str()),
        ("nonce", nonce.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let mut url = endpoints.authorization.clone();
    let mut sep = if url.contains('?') { '&' } else { '?' };
    for (k, v) in params {
        url.push(sep);
        url.push_str(k);
        url.push('=');
        url.push_str(&percent_encode(v));
        sep = '&';
    }
    Ok(Started {
        location: url,
        cookie: set_binding(env, &state),
        from_page: q.get("from") == Some("consent"),
    })
}

/// `GET /auth/sso/callback`.
pub async fn callback(request: &Request, env: &Env) -> Response {
    let q = Fields::from_pairs(request.query_pairs());
    let state = q.get("state").unwrap_or_default();
    let flow = match state {
        "" => None,
        state => match sso::take(
            env.sql(),
            &preloop_core::auth::hash_key(state),
            env.now_ms(),
        )
        .await
        {
            Ok(flow) => flow,
            Err(e) => return problem(e.status(), &e.message),
        },
    };
    let Some(flow) = flow else {
        return problem(
            400,
            "this sign-in is unknown, already finished or expired: start again",
        );
    };
    let clear = format!(
        "{}=; Path={CALLBACK_PATH}; Max-Age=0; HttpOnly; SameSite=Lax",
        binding_cookie(state)
    );
    let outcome = if carries_binding(request, state) {
        finish(request, env, &flow, &q).await
    } else {
        Err(Error::unauthorized(
            "this sign-in was started in another browser: start again here",
        ))
    };
    let response = match outcome {
        Ok(code) => {
            let sep = if flow.return_to.contains('?') {
                '&'
            } else {
                '?'
            };
            Response::new(302)
                .with_header(
                    "location",
                    format!("{}{sep}sso_code={code}", flow.return_to),
                )
                .with_header("cache-control", "no-store")
                .with_header("referrer-policy", "no-referrer")
        }
        Err(e) => {
            // Filed in the account the sign-in was for; if even that
            // cannot be written, the page still says why.
            let _ = env
                .sql()
                .batch(&events::statements(
                    env,
                    &flow.account_id,
                    "sso",
                    AuthEvent::SignInFailed,
                    &format!("single sign-on failed: {}", e.message),
                    json!({"method": "sso", "address": request.client_addr}),
                ))
                .await;
            problem(e.status(), &e.message)
        }
    };
    response.with_header("set-cookie", clear)
}

fn refused_by_provider(e: OAuthError) -> Error {
    Error::unauthorized(e.describe())
}

/// Checks what the provider sent back, and hands back a code for the
/// person it signed in.
async fn finish(request: &Request, env: &Env, flow: &Flow, q: &Fields) -> Result<String> {
    if let Some(error) = q.get("error") {
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        return Err(Error::unauthorized(format!(
            "the identity provider did not sign you in ({code})"
        )));
    }
    let provider = sso::get(env.sql(), &flow.account_id)
        .await?
        .filter(|p| p.enabled)
        .ok_or_else(|| Error::not_found("single sign-on is no longer set up for this account"))?;
    // RFC 9207: where the provider names itself, it must be this one.
    if q.get("iss").is_some_and(|iss| iss != provider.issuer) {
        return Err(Error::unauthorized(
            "the answer names another issuer than this account's provider",
        ));
    }
    let code = q.require("code")?;
    let endpoints = provider::discover(env, &provider.issuer)
        .await
        .map_err(Error::from)?;
    let verifier = env.cipher().open(&flow.verifier_enc)?;
    let issued = provider::exchange_code(
        env,
        &provider,
        &endpoints,
        code,
        &verifier,
        &redirect_uri(env),
    )
    .await
    .map_err(refused_by_provider)?;
    let jwks = provider::keys(env, &endpoints).await.map_err(Error::from)?;
    let mut claims = id_token::verify(
        &issued.id_token,
        &jwks,
        &id_token::Expect {
            issuer: &provider.issuer,
            client_id: &provider.client_id,
            nonce: &flow.nonce,
            now_s: env.now_ms() / 1000,
        },
    )
    .map_err(|e| Error::unauthorized(e.0))?;
    // OpenID Connect Core 5.3.2: userinfo is about the same subject, or
    // not used at all.
    if let Some(info) = provider::userinfo(env, &endpoints, issued.access_token.as_deref())
        .await
        .map_err(refused_by_provider)?
    {
        if info.get("sub") != claims.get("sub") {
            return Err(Error::unauthorized(
                "the provider's userinfo is about another subject than its ID token",
            ));
        }
        if let Some(info) = info.as_object() {
            for (k, v) in info {
                claims.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    let person = member::sign_in(env, request, &provider, &claims).await?;
    let code = format!(
        "{CODE_PREFIX}{}",
        preloop_core::ids::random_hex(env.random(), 32)
    );
    let now = env.now_ms();
    let mut batch = person.statements;
    batch.extend(tickets::create_statements(&NewTicket {
        id: &env.new_id(),
        token_hash: &preloop_core::auth::hash_key(&code),
        kind: TicketKind::SsoSignIn,
        account_id: &flow.account_id,
        user_id: &person.user_id,
        created_by: None,
        now,
        expires_at: now + CODE_TTL_MS,
        data: None,
    }));
    env.sql().batch(&batch).await?;
    Ok(code)
}

/// The live hand-back code `code` names, without using it.
pub async fn peek(env: &Env, code: &str) -> Result<Option<Ticket>> {
    tickets::find(
        env.sql(),
        TicketKind::SsoSignIn,
        &preloop_core::auth::hash_key(code),
        env.now_ms(),
    )
    .await
}

/// Uses a hand-back code: the person it signed in, once.
pub async fn claim(env: &Env, code: &str) -> Result<Ticket> {
    let ticket = tickets::claim(
        env.sql(),
        TicketKind::SsoSignIn,
        &preloop_core::auth::hash_key(code),
        env.now_ms(),
    )
    .await?
    .ok_or_else(|| {
        Error::unauthorized("this sign-in code is unknown, used or expired: sign in again")
    })?;
    member::check_enabled(env, &ticket).await?;
    Ok(ticket)
}

/// `POST /api/v1/auth/sso/exchange`: a hand-back code for a session.
pub async fn exchange(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    let ticket = claim(env, fields.require("sso_code")?).await?;
    let spec = SessionSpec {
        method: "sso",
        ..SessionSpec::password(&ticket.account_id, &ticket.user_id)
    };
    crate::tokens::open_session(
        request,
        env,
        &spec,
        &ticket.email,
        "signed in with single sign-on",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_stays_on_this_deployment() {
        assert_eq!(check_return_to("").unwrap(), "/");
        assert_eq!(
            check_return_to("/oauth/authorize?a=1").unwrap(),
            "/oauth/authorize?a=1"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a\nb",
        ] {
            assert!(check_return_to(bad).is_err(), "{bad}");
        }
        assert!(check_return_to(&format!("/{}", "a".repeat(MAX_RETURN_TO))).is_err());
    }
}
