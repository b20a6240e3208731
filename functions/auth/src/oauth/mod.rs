//! Preloop as the OAuth 2.1 authorization server of its MCP endpoint, so
//! that MCP clients (Claude Code, Cursor, the SDKs) connect with no key
//! pasted anywhere:
//!
//! - metadata: RFC 8414 for the server, RFC 9728 for `/mcp/v1` as a
//!   protected resource ([`metadata`]);
//! - clients: dynamic registration (RFC 7591) and Client ID Metadata
//!   Documents ([`clients`]);
//! - `/oauth/authorize`: the consent page, where the person signs in and
//!   allows the client ([`authorize`]);
//! - `/oauth/token` (authorization code with PKCE S256 only, refresh with
//!   rotation) and `/oauth/revoke` ([`token`]).
//!
//! Tokens are sessions like a password sign-in's, for the MCP resource
//! only: they call tools as the person who consented, within their role,
//! and the audit names them through the client.

pub mod authorize;
pub mod clients;
pub mod metadata;
pub mod token;

use preloop_core::Env;
use preloop_core::http::Response;
use serde_json::json;

pub const AUTHORIZE_PATH: &str = "/oauth/authorize";
pub const TOKEN_PATH: &str = "/oauth/token";
pub const REGISTER_PATH: &str = "/oauth/register";
pub const REVOKE_PATH: &str = "/oauth/revoke";

/// The one scope the MCP resource knows: calling tools.
pub const SCOPE: &str = "tools.call";

/// An authorization code is good for this long.
pub const CODE_TTL_MS: i64 = 2 * 60 * 1000;

/// An OAuth error answer (RFC 6749 section 5.2). Grants that fail (a code
/// or refresh token replayed, a PKCE verifier that does not match, a
/// redirect URI that differs) are 401, as are unknown clients.
pub fn error(error: &str, description: &str) -> Response {
    let status = match error {
        "invalid_grant" | "invalid_client" | "unauthorized_client" => 401,
        _ => 400,
    };
    Response::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
    .with_header("cache-control", "no-store")
}

/// The MCP resource tokens are issued for.
pub fn resource(env: &Env) -> String {
    preloop_core::auth::audience_url(env, preloop_core::store::sign_in::Audience::Mcp)
}

/// The endpoint's other name (`/mcp`), as a resource.
pub fn resource_alias(env: &Env) -> String {
    format!(
        "{}{}",
        preloop_core::auth::issuer(env),
        preloop_core::auth::MCP_ALIAS_PATH
    )
}

/// Whether a client's `resource` parameter names our MCP endpoint (RFC
/// 8707): the endpoint itself under either of its addresses, or the
/// deployment's root. Tokens name it as `/mcp/v1` whichever was asked for.
pub fn is_our_resource(env: &Env, asked: &str) -> bool {
    let asked = asked.trim_end_matches('/');
    asked == resource(env)
        || asked == resource_alias(env)
        || asked == preloop_core::auth::issuer(env)
}
