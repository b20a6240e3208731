//! Finding an MCP server's authorization server, as the MCP authorization
//! spec has clients do: the server's `401` names its protected resource
//! metadata (RFC 9728, else the well-known paths), which names the
//! authorization server, whose metadata (RFC 8414, else OpenID discovery)
//! names its endpoints; and registering Preloop as a client there (RFC 7591)
//! when no client id is given.

use super::{OAuthError, get_json, post_json, shown};
use crate::env::Env;
use crate::http::Headers;
use serde_json::{Value, json};

/// What Preloop needs of an authorization server.
#[derive(Debug, Clone)]
pub struct AuthServer {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub registration_endpoint: Option<String>,
    pub scopes_supported: Vec<String>,
}

/// What the MCP server says of itself as a protected resource.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The resource tokens are asked for (RFC 8707).
    pub resource: String,
    /// The authorization server it names (the first, if several).
    pub issuer: String,
    pub scopes_supported: Vec<String>,
    /// The scope its `401` asked for, if it named one.
    pub challenge_scope: Option<String>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The origin (`scheme://host[:port]`) of a URL.
pub fn origin(url: &str) -> Option<&str> {
    split_url(url).ok().map(|(o, _)| o)
}

/// `https://host[:port]` of a URL, and its path (no query).
fn split_url(url: &str) -> Result<(&str, &str), OAuthError> {
    let start = url
        .find("://")
        .map(|i| i + 3)
        .ok_or_else(|| OAuthError::Discovery(format!("'{}' is not an absolute URL", shown(url))))?;
    let end = url[start..]
        .find('/')
        .map(|i| start + i)
        .unwrap_or(url.len());
    let path = url[end..].split(['?', '#']).next().unwrap_or("");
    Ok((&url[..end], path.trim_end_matches('/')))
}

/// Authorization endpoints must be HTTPS; plain HTTP is allowed on
/// loopback only (a local server, or tests).
pub fn check_endpoint(url: &str) -> Result<(), OAuthError> {
    if url.starts_with("https://") {
        return Ok(());
    }
    let (origin, _) = split_url(url)?;
    let host = origin
        .strip_prefix("http://")
        .map(|h| h.rsplit_once(':').map(|(h, _)| h).unwrap_or(h));
    match host {
        Some("127.0.0.1" | "localhost" | "[::1]") => Ok(()),
        _ => Err(OAuthError::Discovery(format!(
            "'{}' is not HTTPS (plain HTTP is allowed on loopback only)",
            shown(url)
        ))),
    }
}

/// A parameter of a `WWW-Authenticate: Bearer …` challenge.
fn challenge_param(header: &str, name: &str) -> Option<String> {
    let at = header.find(&format!("{name}="))? + name.len() + 1;
    let rest = &header[at..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([',', ' ']).next()?,
    };
    Some(value.to_string())
}

/// The MCP server at `server_url` as a protected resource.
pub async fn resource(env: &Env, server_url: &str) -> Result<Resource, OAuthError> {
    // An unauthenticated initialize: a server that wants a token says 401
    // and where its metadata is.
    let mut headers = Headers::new();
    headers.insert("accept", "application/json, text/event-stream");
    let hello = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": crate::mcp::upstream::initialize_params()});
    let answer = post_json(env, server_url, headers, &hello).await?;
    let challenge = (answer.status == 401)
        .then(|| answer.headers.get("www-authenticate").map(str::to_string))
        .flatten();
    let named = challenge
        .as_deref()
        .and_then(|c| challenge_param(c, "resource_metadata"));
    let (origin, path) = split_url(server_url)?;
    let mut candidates = Vec::new();
    if let Some(url) = named {
        candidates.push(url);
    }
    if !path.is_empty() {
        candidates.push(format!(
            "{origin}/.well-known/oauth-protected-resource{path}"
        ));
    }
    candidates.push(format!("{origin}/.well-known/oauth-protected-resource"));
    for url in candidates {
        let Ok(meta) = get_json(env, &url).await else {
            continue;
        };
        let resource = meta
            .get("resource")
            .and_then(Value::as_str)
            .unwrap_or(server_url)
            .to_string();
        // The metadata must be for this server (RFC 9728 §3.3): its
        // resource is the server's URL or a prefix of it, on its origin.
        let (resource_origin, _) = split_url(&resource)?;
        if resource_origin != origin || !server_url.starts_with(resource.trim_end_matches('/')) {
            return Err(OAuthError::Discovery(format!(
                "the protected resource metadata is for '{}', not for '{}'",
                shown(&resource),
                shown(server_url)
            )));
        }
        let servers = strings(meta.get("authorization_servers"));
        let Some(issuer) = servers.first() else {
            return Err(OAuthError::Discovery(
                "the protected resource metadata names no authorization server".into(),
            ));
        };
        return Ok(Resource {
            issuer: issuer.clone(),
            resource,
            scopes_supported: strings(meta.get("scopes_supported")),
            challenge_scope: challenge
                .as_deref()
                .and_then(|c| challenge_param(c, "scope")),
        });
    }
    Err(OAuthError::Discovery(match answer.status {
        401 => "the server asks for a token but publishes no protected resource metadata".into(),
        s => format!(
            "the server answered {s} without a token and publishes no protected resource metadata: it does not look like an OAuth server"
        ),
    }))
}

/// The authorization server the resource metadata at `server_url` names.
pub async fn authorization_server(
    env: &Env,
    server_url: &str,
) -> Result<(Resource, AuthServer), OAuthError> {
    let resource = resource(env, server_url).await?;
    let issuer = resource.issuer.clone();
    check_endpoint(&issuer)?;
    let (origin, path) = split_url(&issuer)?;
    let candidates = [
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
        format!("{origin}/.well-known/openid-configuration{path}"),
        format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        ),
    ];
    for url in candidates {
        let Ok(meta) = get_json(env, &url).await else {
            continue;
        };
        let field = |k: &str| meta.get(k).and_then(Value::as_str).map(str::to_string);
        if field("issuer").as_deref().map(|i| i.trim_end_matches('/'))
            != Some(issuer.trim_end_matches('/'))
        {
            continue;
        }
        let (Some(authorization_endpoint), Some(token_endpoint)) =
            (field("authorization_endpoint"), field("token_endpoint"))
        else {
            return Err(OAuthError::Discovery(
                "the authorization server's metadata has no authorization or token endpoint".into(),
            ));
        };
        // PKCE is required, and only S256 is used.
        if !strings(meta.get("code_challenge_methods_supported"))
            .iter()
            .any(|m| m == "S256")
        {
            return Err(OAuthError::Discovery(
                "the authorization server does not support PKCE with S256".into(),
            ));
        }
        check_endpoint(&authorization_endpoint)?;
        check_endpoint(&token_endpoint)?;
        let registration_endpoint = field("registration_endpoint");
        if let Some(r) = &registration_endpoint {
            check_endpoint(r)?;
        }
        return Ok((
            resource,
            AuthServer {
                issuer,
                authorization_endpoint,
                token_endpoint,
                registration_endpoint,
                scopes_supported: strings(meta.get("scopes_supported")),
            },
        ));
    }
    Err(OAuthError::Discovery(format!(
        "no authorization server metadata found for '{issuer}'"
    )))
}

/// Registers Preloop as a public client (PKCE, no secret) that comes back
/// to `redirect_uri`; its client id, and secret if the server gave one.
pub async fn register(
    env: &Env,
    server: &AuthServer,
    redirect_uri: &str,
) -> Result<(String, Option<String>), OAuthError> {
    let Some(endpoint) = &server.registration_endpoint else {
        return Err(OAuthError::Discovery(
            "the authorization server does not register clients: give a client_id (and client_secret) registered there".into(),
        ));
    };
    // No scope: servers check it against their own list, which need not
    // name the resource's scopes; the authorization asks for them.
    let body = json!({
        "client_name": "Preloop",
        "redirect_uris": [redirect_uri],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "none",
    });
    let answer = post_json(env, endpoint, Headers::new(), &body).await?;
    if !(200..300).contains(&answer.status) {
        return Err(OAuthError::Refused(format!(
            "client registration answered {}: {}",
            answer.status,
            super::error_text(&answer.json)
        )));
    }
    let client_id = answer
        .json
        .get("client_id")
        .and_then(Value::as_str)
        .ok_or_else(|| OAuthError::Refused("client registration returned no client_id".into()))?;
    let secret = answer
        .json
        .get("client_secret")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((client_id.to_string(), secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_are_read_quoted_or_not() {
        let h = r#"Bearer error="invalid_token", resource_metadata="http://127.0.0.1:9/.well-known/oauth-protected-resource", scope=mcp"#;
        assert_eq!(
            challenge_param(h, "resource_metadata").as_deref(),
            Some("http://127.0.0.1:9/.well-known/oauth-protected-resource")
        );
        assert_eq!(challenge_param(h, "scope").as_deref(), Some("mcp"));
        assert_eq!(challenge_param(h, "realm"), None);
    }

    #[test]
    fn endpoints_are_https_except_on_loopback() {
        assert!(check_endpoint("https://auth.example/token").is_ok());
        assert!(check_endpoint("http://127.0.0.1:4444/token").is_ok());
        assert!(check_endpoint("http://localhost/token").is_ok());
        assert!(check_endpoint("http://auth.example/token").is_err());
        assert!(check_endpoint("http://127.0.0.1.evil.example/token").is_err());
    }

    #[test]
    fn urls_split_into_origin_and_path() {
        assert_eq!(
            split_url("http://127.0.0.1:9/mcp/?x=1").unwrap(),
            ("http://127.0.0.1:9", "/mcp")
        );
        assert_eq!(
            split_url("https://a.example").unwrap(),
            ("https://a.example", "")
        );
    }
}
