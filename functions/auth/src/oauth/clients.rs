//! Who may ask for tokens: clients registered here (RFC 7591, public, with
//! PKCE), and clients whose id is the URL of their metadata document (the
//! MCP spec's Client ID Metadata Documents), fetched and kept for an hour.

use preloop_core::http::{Request, Response};
use preloop_core::store::oauth_clients::{self, OAuthClient};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

const MAX_REDIRECT_URIS: usize = 10;
const MAX_URI_BYTES: usize = 512;
const MAX_NAME_CHARS: usize = 128;
/// A metadata document is fetched again after this long.
const DOCUMENT_TTL_MS: i64 = 3600 * 1000;
/// Registrations from one address within the sign-in throttling window.
const MAX_REGISTRATIONS: i64 = 30;

/// A redirect URI a client may register: HTTPS, plain HTTP on loopback
/// (native apps, RFC 8252 section 7.3), or a private-use scheme named after
/// a domain (`com.example.app:/callback`, section 7.1); never a fragment.
pub fn check_redirect_uri(uri: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::bad_request(format!(
            "redirect URI '{}' {why}",
            uri.chars().take(80).collect::<String>()
        )))
    };
    if uri.len() > MAX_URI_BYTES || uri.contains('#') || uri.chars().any(char::is_whitespace) {
        return bad("is too long, or has a fragment or spaces");
    }
    let Some((scheme, rest)) = uri.split_once(':') else {
        return bad("is not absolute");
    };
    match scheme {
        "https" if rest.starts_with("//") && rest.len() > 2 => Ok(()),
        "http" => {
            let host = rest
                .strip_prefix("//")
                .and_then(|r| r.split(['/', '?']).next())
                .map(|h| h.rsplit_once(':').map_or(h, |(h, _)| h));
            match host {
                Some("127.0.0.1" | "localhost" | "[::1]") => Ok(()),
                _ => bad("is plain HTTP on a host other than loopback"),
            }
        }
        s if s.contains('.')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')) =>
        {
            Ok(())
        }
        _ => bad("must be HTTPS, loopback HTTP, or a private-use scheme like com.example.app"),
    }
}

fn check_uris(uris: &[String]) -> Result<()> {
    if uris.is_empty() || uris.len() > MAX_REDIRECT_URIS {
        return Err(Error::bad_request(format!(
            "redirect_uris must list 1 to {MAX_REDIRECT_URIS} URIs"
        )));
    }
    uris.iter().try_for_each(|u| check_redirect_uri(u))
}

fn name_of(given: Option<&str>, fallback: &str) -> String {
    let name: String = given
        .unwrap_or(fallback)
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    if name.trim().is_empty() {
        fallback.chars().take(MAX_NAME_CHARS).collect()
    } else {
        name
    }
}

#[derive(Deserialize)]
struct Registration {
    redirect_uris: Vec<String>,
    #[serde(default)]
    client_name: Option<String>,
    #[serde(default)]
    grant_types: Option<Vec<String>>,
    #[serde(default)]
    response_types: Option<Vec<String>>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
}

/// `POST /oauth/register`: a public client (no secret: PKCE proves the
/// client that asked is the one that exchanges the code).
pub async fn register(request: &Request, env: &Env) -> Response {
    match registered(request, env).await {
        Ok(body) => Response::json(201, &body).with_header("cache-control", "no-store"),
        Err(e) => super::error("invalid_client_metadata", &e.message),
    }
}

async fn registered(request: &Request, env: &Env) -> Result<Value> {
    crate::grant::throttle_address(
        request,
        env,
        "register",
        MAX_REGISTRATIONS,
        "too many registrations from this address: try again later",
    )
    .await?;
    let now = env.now_ms();
    let r: Registration = request.json()?;
    check_uris(&r.redirect_uris)?;
    if let Some(method) = r.token_endpoint_auth_method.as_deref()
        && method != "none"
    {
        return Err(Error::bad_request(
            "only public clients are registered here: token_endpoint_auth_method must be 'none' (PKCE stands in for a secret)",
        ));
    }
    let grants = r
        .grant_types
        .unwrap_or_else(|| vec!["authorization_code".into()]);
    if grants
        .iter()
        .any(|g| g != "authorization_code" && g != "refresh_token")
    {
        return Err(Error::bad_request(
            "grant_types may be authorization_code and refresh_token only",
        ));
    }
    if r.response_types
        .is_some_and(|t| t.iter().any(|t| t != "code"))
    {
        return Err(Error::bad_request("response_types may be code only"));
    }
    let client = OAuthClient {
        client_id: format!("plc_{}", preloop_core::ids::random_hex(env.random(), 16)),
        kind: "registered".into(),
        name: name_of(r.client_name.as_deref(), "an MCP client"),
        redirect_uris: r.redirect_uris,
        created_at: now,
        fetched_at: None,
    };
    env.sql()
        .batch(&[oauth_clients::upsert_statement(&client)])
        .await?;
    Ok(json!({
        "client_id": client.client_id,
        "client_id_issued_at": now / 1000,
        "client_name": client.name,
        "redirect_uris": client.redirect_uris,
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
    }))
}

/// The client `client_id` names: registered here, or its metadata
/// document (fetched if not kept, or kept too long).
pub async fn resolve(env: &Env, client_id: &str) -> Result<OAuthClient> {
    if client_id.len() > MAX_URI_BYTES {
        return Err(Error::unauthorized("unknown client"));
    }
    let kept = oauth_clients::get(env.sql(), client_id).await?;
    let is_document = client_id.starts_with("https://") || client_id.starts_with("http://");
    match kept {
        Some(c) if !is_document => Ok(c),
        Some(c)
            if c.fetched_at
                .is_some_and(|t| env.now_ms() - t < DOCUMENT_TTL_MS) =>
        {
            Ok(c)
        }
        _ if is_document => fetch_document(env, client_id).await,
        _ => Err(Error::unauthorized("unknown client: register it first")),
    }
}

async fn fetch_document(env: &Env, url: &str) -> Result<OAuthClient> {
    let unusable =
        |why: String| Error::unauthorized(format!("the client's metadata document {why}"));
    preloop_core::mcp::oauth::discovery::check_endpoint(url)
        .map_err(|e| unusable(format!("is not at a usable address: {}", e.describe())))?;
    let doc = preloop_core::mcp::oauth::get_json(env, url)
        .await
        .map_err(|e| unusable(format!("could not be fetched: {}", e.describe())))?;
    if doc.get("client_id").and_then(Value::as_str) != Some(url) {
        return Err(unusable("does not name itself as its client_id".into()));
    }
    let uris: Vec<String> = doc
        .get("redirect_uris")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    check_uris(&uris).map_err(|e| unusable(e.message))?;
    let host = url.split('/').nth(2).unwrap_or(url);
    let now = env.now_ms();
    let client = OAuthClient {
        client_id: url.to_string(),
        kind: "metadata_document".into(),
        name: name_of(doc.get("client_name").and_then(Value::as_str), host),
        redirect_uris: uris,
        created_at: now,
        fetched_at: Some(now),
    };
    env.sql()
        .batch(&[oauth_clients::upsert_statement(&client)])
        .await?;
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_are_https_loopback_or_private_use() {
        for ok in [
            "https://app.example.com/cb",
            "http://127.0.0.1:33418/callback",
            "http://localhost/cb",
            "http://[::1]:8080/cb",
            "com.example.app:/oauth2redirect",
        ] {
            assert!(check_redirect_uri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://evil.example.com/cb",
            "https://app.example.com/cb#frag",
            "javascript:alert(1)",
            "data:text/html,x",
            "/relative",
            "https://",
            "http://127.0.0.1.evil.com/cb",
        ] {
            assert!(check_redirect_uri(bad).is_err(), "{bad}");
        }
        assert!(check_uris(&[]).is_err());
    }
}
