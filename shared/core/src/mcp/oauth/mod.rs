//! Upstream MCP servers that require OAuth (as hosted servers for GitHub,
//! Linear and others do). An admin connects a server once: [`start`]
//! discovers its authorization server ([`discovery`]), registers Preloop as
//! a client there if no client id is given, and returns the authorization
//! URL (PKCE S256, a one-time `state`, the server as the RFC 8707
//! resource); the admin's browser comes back to the callback, where
//! [`finish`] exchanges the code for tokens. The tokens are kept sealed
//! with the deployment's key, refreshed before they expire ([`tokens`]),
//! and sent on that account's requests to that server only. A client's own
//! token is never passed on: what reaches the upstream is Preloop's.

pub mod discovery;
pub mod tokens;

use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{Headers, percent_encode};
use crate::ports::OutboundRequest;
use crate::store::server_oauth::{self, Client, Connection, Flow};
use crate::store::servers::{McpServer, OAuthState};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// How long an admin has to finish a connection once started.
const FLOW_TTL_MS: i64 = 10 * 60 * 1000;
/// The most of an authorization server's answer read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Deadline of one exchange with an authorization server.
const TIMEOUT_MS: u64 = 15_000;
/// Where the admin's browser comes back to, under the public URL.
pub const CALLBACK_PATH: &str = "/api/v1/oauth/callback";

/// What went wrong talking OAuth. Its text is safe to show: it never holds
/// a token, a code or a secret.
#[derive(Debug, Clone, PartialEq)]
pub enum OAuthError {
    /// The server or its authorization server could not be found out.
    Discovery(String),
    /// The authorization server refused (a registration, a code, a
    /// refresh).
    Refused(String),
    /// It could not be reached.
    Unreachable(String),
    /// There is no connection to use: an admin must connect the server.
    NotConnected(String),
}

impl OAuthError {
    pub fn describe(&self) -> String {
        match self {
            OAuthError::Discovery(m) => format!("OAuth discovery failed: {m}"),
            OAuthError::Refused(m) => format!("the authorization server refused: {m}"),
            OAuthError::Unreachable(m) => format!("the authorization server is unreachable: {m}"),
            OAuthError::NotConnected(m) => m.clone(),
        }
    }
}

impl From<OAuthError> for Error {
    fn from(e: OAuthError) -> Self {
        match e {
            OAuthError::Discovery(_) | OAuthError::Refused(_) | OAuthError::NotConnected(_) => {
                Error::bad_request(e.describe())
            }
            OAuthError::Unreachable(_) => Error::upstream(e.describe()),
        }
    }
}

/// An answer from an OAuth endpoint: its status, headers and JSON body
/// (`null` when it was not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: Headers,
    pub json: Value,
}

async fn exchange(
    env: &Env,
    method: &str,
    url: &str,
    mut headers: Headers,
    body: Option<(&str, String)>,
) -> Result<Answer, OAuthError> {
    headers.insert("accept", "application/json");
    let body = match body {
        Some((content_type, body)) => {
            headers.insert("content-type", content_type);
            body.into()
        }
        None => Default::default(),
    };
    let response = env
        .http()
        .send(OutboundRequest {
            method: method.into(),
            url: url.to_string(),
            headers,
            body,
            timeout_ms: TIMEOUT_MS,
        })
        .await
        .map_err(|e| unreachable(url, &e))?;
    let status = response.status;
    let headers = response.headers.clone();
    let bytes = response
        .read_all(MAX_ANSWER_BYTES)
        .await
        .map_err(|e| unreachable(url, &e))?;
    Ok(Answer {
        status,
        headers,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    })
}

/// A failed exchange, said without the HTTP client's own words (which
/// quote the whole URL, query included).
fn unreachable(url: &str, e: &crate::ports::OutboundError) -> OAuthError {
    use crate::ports::OutboundError as E;
    let what = match e {
        E::Connect(_) => "could not connect",
        E::Timeout => "did not answer in time",
        E::Other(_) => "the exchange failed",
        E::TooLarge(_) => "its answer was too large",
    };
    OAuthError::Unreachable(format!("{}: {what}", shown(url)))
}

pub async fn get_json(env: &Env, url: &str) -> Result<Value, OAuthError> {
    get_json_with(env, url, Headers::new()).await
}

/// [`get_json`] with headers (a bearer token, for a userinfo endpoint).
pub async fn get_json_with(env: &Env, url: &str, headers: Headers) -> Result<Value, OAuthError> {
    let answer = exchange(env, "GET", url, headers, None).await?;
    if answer.status != 200 || !answer.json.is_object() {
        return Err(OAuthError::Discovery(format!(
            "{} answered {}",
            shown(url),
            answer.status
        )));
    }
    Ok(answer.json)
}

pub(crate) async fn post_json(
    env: &Env,
    url: &str,
    headers: Headers,
    body: &Value,
) -> Result<Answer, OAuthError> {
    exchange(
        env,
        "POST",
        url,
        headers,
        Some(("application/json", body.to_string())),
    )
    .await
}

/// A form POST to a token endpoint, authenticated as `client`.
pub async fn post_form(
    env: &Env,
    client: &Client,
    fields: &[(&str, &str)],
) -> Result<Answer, OAuthError> {
    let mut headers = Headers::new();
    let mut fields: Vec<(&str, &str)> = fields.to_vec();
    let secret = client
        .client_secret_enc
        .as_deref()
        .map(|s| env.cipher().open(s))
        .transpose()
        .map_err(|e| OAuthError::NotConnected(e.message))?;
    match &secret {
        // client_secret_basic, its parts form-encoded (RFC 6749 §2.3.1).
        Some(secret) => {
            let pair = format!(
                "{}:{}",
                percent_encode(&client.client_id),
                percent_encode(secret)
            );
            headers.insert(
                "authorization",
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ),
            );
        }
        None => fields.push(("client_id", &client.client_id)),
    }
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    exchange(
        env,
        "POST",
        &client.token_endpoint,
        headers,
        Some(("application/x-www-form-urlencoded", body)),
    )
    .await
}

/// An OAuth error answer's code (`invalid_grant`, …). Only the code: its
/// description is the authorization server's free text, which goes on to
/// agents and the audit.
pub fn error_text(json: &Value) -> String {
    let code: String = json
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect();
    if code.is_empty() {
        "no reason given".into()
    } else {
        code
    }
}

/// A URL as it may be shown: scheme, host and path (a query may carry a
/// key).
pub fn shown(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn hash(state: &str) -> String {
    hex::encode(Sha256::digest(state.as_bytes()))
}

/// What an admin may say when connecting a server.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// A client registered at the authorization server beforehand (else
    /// Preloop registers itself, where the server allows it).
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// The scope to ask for (else what the server asked for or lists).
    pub scope: Option<String>,
}

/// A connection started: where to send the admin.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Started {
    pub authorization_url: String,
    pub redirect_uri: String,
    pub expires_at: i64,
}

/// Starts connecting `server` for its account (`by` is who, as the audit
/// names people).
pub async fn start(
    env: &Env,
    account_id: &str,
    server: &McpServer,
    by: &str,
    options: Options,
) -> Result<Started> {
    if server.transport == crate::mcp::upstream::Transport::Stdio {
        return Err(Error::bad_request(
            "a stdio server takes no OAuth: give its credentials in its environment",
        ));
    }
    let (resource, auth) = discovery::authorization_server(env, &server.url).await?;
    let redirect_uri = format!(
        "{}{CALLBACK_PATH}",
        env.config.public_url.trim_end_matches('/')
    );
    let scope = options
        .scope
        .clone()
        .or_else(|| resource.challenge_scope.clone())
        .or_else(|| {
            let mut wanted = resource.scopes_supported.clone();
            // A refresh token, where the server hands them out for it.
            if auth.scopes_supported.iter().any(|s| s == "offline_access")
                && !wanted.iter().any(|s| s == "offline_access")
            {
                wanted.push("offline_access".into());
            }
            (!wanted.is_empty()).then(|| wanted.join(" "))
        });
    let (client_id, client_secret) = match options.client_id {
        Some(id) => (id, options.client_secret),
        None => discovery::register(env, &auth, &redirect_uri).await?,
    };
    let random = env.random();
    let verifier = crate::ids::random_hex(random, 32);
    let state = crate::ids::random_hex(random, 32);
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let client = Client {
        issuer: auth.issuer.clone(),
        token_endpoint: auth.token_endpoint.clone(),
        client_id: client_id.clone(),
        client_secret_enc: client_secret
            .map(|s| env.cipher().seal(random, &s))
            .transpose()?,
        resource: resource.resource.clone(),
        scope: scope.clone(),
    };
    let now = env.now_ms();
    let flow = Flow {
        state_hash: hash(&state),
        account_id: account_id.to_string(),
        server_id: server.id.clone(),
        client,
        verifier_enc: env.cipher().seal(random, &verifier)?,
        redirect_uri: redirect_uri.clone(),
        started_by: by.to_string(),
        expires_at: now + FLOW_TTL_MS,
    };
    let connected = server.oauth == Some(OAuthState::Connected);
    server_oauth::start(env.sql(), &flow, now, connected).await?;
    let mut query = vec![
        ("response_type", "code".to_string()),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri.clone()),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256".into()),
        ("state", state),
        ("resource", resource.resource),
    ];
    if let Some(scope) = scope {
        query.push(("scope", scope));
    }
    let separator = if auth.authorization_endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    let authorization_url = format!(
        "{}{separator}{}",
        auth.authorization_endpoint,
        query
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    );
    Ok(Started {
        authorization_url,
        redirect_uri,
        expires_at: flow.expires_at,
    })
}

/// A connection finished: whose server it was.
#[derive(Debug, Clone)]
pub struct Finished {
    pub account_id: String,
    pub server_id: String,
    pub by: String,
}

/// The admin's browser came back with `state` and `code` (and `iss`, where
/// the authorization server says who it is, RFC 9207): the code is
/// exchanged for tokens, which become the server's connection.
pub async fn finish(env: &Env, state: &str, code: &str, iss: Option<&str>) -> Result<Finished> {
    let refused =
        || Error::bad_request("this connection link is unknown, used or expired: start again");
    let flow = server_oauth::take(env.sql(), &hash(state))
        .await?
        .ok_or_else(refused)?;
    let now = env.now_ms();
    if flow.expires_at < now {
        return Err(refused());
    }
    // A code sent back by another authorization server than the one asked
    // (a mix-up) is not used.
    if iss.is_some_and(|i| i.trim_end_matches('/') != flow.client.issuer.trim_end_matches('/')) {
        return Err(Error::bad_request(
            "the answer came from another authorization server than the one asked",
        ));
    }
    let verifier = env.cipher().open(&flow.verifier_enc)?;
    let answer = post_form(
        env,
        &flow.client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", &flow.redirect_uri),
            ("code_verifier", &verifier),
            ("resource", &flow.client.resource),
        ],
    )
    .await?;
    let tokens = tokens::Tokens::from_answer(&answer, now)?;
    let random = env.random();
    let connection = Connection {
        server_id: flow.server_id.clone(),
        account_id: flow.account_id.clone(),
        client: flow.client.clone(),
        access_token_enc: Some(env.cipher().seal(random, &tokens.access_token)?),
        refresh_token_enc: tokens
            .refresh_token
            .as_deref()
            .map(|t| env.cipher().seal(random, t))
            .transpose()?,
        expires_at: tokens.expires_at,
        connected_at: Some(now),
        connected_by: Some(flow.started_by.clone()),
        version: 0,
    };
    server_oauth::connect(env.sql(), &connection, now).await?;
    tokens::forget(&flow.server_id);
    Ok(Finished {
        account_id: flow.account_id,
        server_id: flow.server_id,
        by: flow.started_by,
    })
}
