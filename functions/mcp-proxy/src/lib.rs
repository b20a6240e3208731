//! The MCP firewall: Preloop's MCP endpoint (`/mcp/v1`, also at `/mcp`).
//!
//! Agents connect here as to any MCP server. Every `tools/call`,
//! `resources/read` and `prompts/get` is decided by policy, written to the
//! audit log before anything leaves, and only then forwarded to the upstream
//! server that owns it. The module split follows the protocol:
//! [`streamable_http`] is the transport, [`session`] the handshake-era
//! sessions and [`listen`] their notification stream, [`live`] the relay
//! of an upstream's progress and log messages, [`handler`] the JSON-RPC methods; [`tools`], [`resources`],
//! [`prompts`] and [`completion`] the server features, gathered by
//! [`catalog`] and named by [`names`]; [`guarded`] the guarded call they
//! share with [`approvals`], which 2026-07-28 clients meet as tasks
//! ([`tasks`]) or multi round-trip requests ([`mrtr`]).

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

pub mod approvals;
pub mod asks;
pub mod catalog;
pub mod completion;
pub mod entry_approvals;
pub mod guarded;
pub mod handler;
pub mod hold;
pub mod issue_tools;
pub mod listen;
pub mod live;
pub mod mrtr;
pub mod names;
pub mod pins;
pub mod prompts;
pub mod resources;
pub mod session;
pub mod streamable_http;
pub mod subscriptions;
pub mod tasks;
pub mod tools;
pub mod upstream_notes;

use preloop_core::Env;
use preloop_core::http::{Request, Response};

/// The path this function serves.
pub const PATH: &str = "/mcp/v1";
/// Everything under it is routed here (`/mcp*` at the edge).
pub const PREFIX: &str = "/mcp";

/// Whether `path` is the MCP endpoint: `/mcp/v1`, or `/mcp`, where clients
/// such as the MCP Inspector's CLI look for it (each with a trailing `/`).
pub fn serves(path: &str) -> bool {
    matches!(path, "/mcp/v1" | "/mcp/v1/" | "/mcp" | "/mcp/")
}

/// Handles one HTTP request to the MCP endpoint.
pub async fn handle(request: &Request, env: &Env) -> Response {
    if !serves(&request.path) {
        return streamable_http::refusal_response(&preloop_core::Error::not_found(format!(
            "no MCP endpoint at {}; it is {PATH}",
            request.path
        )));
    }
    streamable_http::handle(request, env).await
}
