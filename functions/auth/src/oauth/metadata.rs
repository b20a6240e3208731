//! Discovery documents: the authorization server's (RFC 8414) and the MCP
//! endpoint's as a protected resource (RFC 9728), at the root well-known
//! path and at the path-suffixed one.

use super::{AUTHORIZE_PATH, REGISTER_PATH, REVOKE_PATH, SCOPE, TOKEN_PATH};
use preloop_core::Env;
use preloop_core::auth::issuer;
use preloop_core::http::Response;
use serde_json::json;

pub const SERVER_PATH: &str = "/.well-known/oauth-authorization-server";
pub const RESOURCE_PATH: &str = "/.well-known/oauth-protected-resource";
pub const RESOURCE_PATH_MCP: &str = "/.well-known/oauth-protected-resource/mcp/v1";
pub const RESOURCE_PATH_MCP_ALIAS: &str = "/.well-known/oauth-protected-resource/mcp";

pub fn server(env: &Env) -> Response {
    let iss = issuer(env);
    Response::json(
        200,
        &json!({
            "issuer": iss,
            "authorization_endpoint": format!("{iss}{AUTHORIZE_PATH}"),
            "token_endpoint": format!("{iss}{TOKEN_PATH}"),
            "registration_endpoint": format!("{iss}{REGISTER_PATH}"),
            "revocation_endpoint": format!("{iss}{REVOKE_PATH}"),
            "scopes_supported": [SCOPE],
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["none"],
            "revocation_endpoint_auth_methods_supported": ["none"],
            "authorization_response_iss_parameter_supported": true,
            "client_id_metadata_document_supported": true,
            "service_documentation": format!("{iss}/docs"),
        }),
    )
}

/// The resource's metadata; at the alias's path-suffixed address, under
/// the alias's name.
pub fn resource(env: &Env, path: &str) -> Response {
    let name = if path == RESOURCE_PATH_MCP_ALIAS {
        super::resource_alias(env)
    } else {
        super::resource(env)
    };
    Response::json(
        200,
        &json!({
            "resource": name,
            "authorization_servers": [issuer(env)],
            "scopes_supported": [SCOPE],
            "bearer_methods_supported": ["header"],
            "resource_name": "Preloop",
            "resource_documentation": format!("{}/docs", issuer(env)),
        }),
    )
}
