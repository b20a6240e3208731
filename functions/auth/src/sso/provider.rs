//! Talking to an account's OpenID provider: its discovery document
//! (OpenID Connect Discovery 1.0), its keys, the code exchange and the
//! userinfo endpoint. Every URL it names is held to the rule upstream
//! OAuth servers are: https, or http on loopback.

use preloop_core::Env;
use preloop_core::http::Headers;
use preloop_core::mcp::oauth::discovery::check_endpoint;
use preloop_core::mcp::oauth::{self, OAuthError};
use preloop_core::store::server_oauth::Client;
use preloop_core::store::sso::Provider;
use serde_json::Value;

/// The provider's endpoints, as its discovery document names them.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub authorization: String,
    pub token: String,
    pub jwks: String,
    pub userinfo: Option<String>,
}

/// Reads `issuer`'s discovery document: it must name the same issuer
/// exactly, the endpoints a code flow needs, and PKCE with S256 where it
/// says which methods it supports.
pub async fn discover(env: &Env, issuer: &str) -> Result<Endpoints, OAuthError> {
    check_endpoint(issuer)?;
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let meta = oauth::get_json(env, &url).await?;
    let field = |k: &str| meta.get(k).and_then(Value::as_str).map(str::to_string);
    if field("issuer").as_deref() != Some(issuer) {
        return Err(OAuthError::Discovery(format!(
            "the provider's discovery document names another issuer than '{issuer}' (they must match exactly)"
        )));
    }
    let require = |k: &str| {
        field(k).ok_or_else(|| {
            OAuthError::Discovery(format!("the provider's discovery document has no {k}"))
        })
    };
    let endpoints = Endpoints {
        authorization: require("authorization_endpoint")?,
        token: require("token_endpoint")?,
        jwks: require("jwks_uri")?,
        userinfo: field("userinfo_endpoint"),
    };
    if let Some(methods) = meta
        .get("code_challenge_methods_supported")
        .and_then(Value::as_array)
        && !methods.iter().any(|m| m.as_str() == Some("S256"))
    {
        return Err(OAuthError::Discovery(
            "the provider does not support PKCE with S256".into(),
        ));
    }
    for url in [&endpoints.authorization, &endpoints.token, &endpoints.jwks]
        .into_iter()
        .chain(endpoints.userinfo.as_ref())
    {
        check_endpoint(url)?;
    }
    Ok(endpoints)
}

/// What the token endpoint answered for a code.
pub struct Issued {
    pub id_token: String,
    pub access_token: Option<String>,
}

/// Exchanges a code (with its PKCE verifier) at the token endpoint.
pub async fn exchange_code(
    env: &Env,
    provider: &Provider,
    endpoints: &Endpoints,
    code: &str,
    verifier: &str,
    redirect_uri: &str,
) -> Result<Issued, OAuthError> {
    let client = Client {
        issuer: provider.issuer.clone(),
        token_endpoint: endpoints.token.clone(),
        client_id: provider.client_id.clone(),
        client_secret_enc: provider.client_secret_enc.clone(),
        resource: String::new(),
        scope: None,
    };
    let answer = oauth::post_form(
        env,
        &client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ],
    )
    .await?;
    if answer.status != 200 {
        return Err(OAuthError::Refused(format!(
            "the code exchange answered {}: {}",
            answer.status,
            oauth::error_text(&answer.json)
        )));
    }
    let text = |k: &str| {
        answer
            .json
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let id_token = text("id_token").ok_or_else(|| {
        OAuthError::Refused(
            "the provider returned no ID token (is 'openid' allowed for this client?)".into(),
        )
    })?;
    Ok(Issued {
        id_token,
        access_token: text("access_token"),
    })
}

/// The provider's signing keys.
pub async fn keys(env: &Env, endpoints: &Endpoints) -> Result<Value, OAuthError> {
    oauth::get_json(env, &endpoints.jwks).await
}

/// The person's claims from the userinfo endpoint, if the provider has one
/// and gave an access token.
pub async fn userinfo(
    env: &Env,
    endpoints: &Endpoints,
    access_token: Option<&str>,
) -> Result<Option<Value>, OAuthError> {
    let (Some(url), Some(token)) = (&endpoints.userinfo, access_token) else {
        return Ok(None);
    };
    let mut headers = Headers::new();
    headers.insert("authorization", format!("Bearer {token}"));
    oauth::get_json_with(env, url, headers).await.map(Some)
}
