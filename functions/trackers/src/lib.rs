//! The tracker API: connecting trackers ([`connections`]), the
//! organizations and projects they hold and whether each is synced
//! ([`places`]), and the issues synced from them: listing, search,
//! creating, changing and commenting in the tracker itself ([`issues`]),
//! duplicates and their resolutions ([`duplicates`]), readiness and
//! dependencies ([`quality`]); and the built-in issue tools MCP clients
//! call through the proxy ([`tools`]).

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

pub mod connections;
pub mod duplicates;
pub mod issues;
pub mod places;
pub mod quality;
pub mod tools;

use preloop_core::http::{Request, Response, segments};
use preloop_core::{Env, Error, Result, auth, routes};

/// Whether this function serves `path`.
pub fn serves(path: &str) -> bool {
    [
        "/api/v1/trackers",
        "/api/v1/organizations",
        "/api/v1/projects",
        "/api/v1/issues",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    // The proxy's Worker relays built-in tool calls over a service binding
    // (no public route leads here; the call carries its own proof).
    if request.path == preloop_core::trackers::tool_relay::PATH {
        return tools::relayed(request, env).await;
    }
    match route(request, env).await {
        Ok(r) => r,
        Err(e) => Response::error(&e),
    }
}

/// The longest JSON body taken.
const MAX_BODY: usize = 256 * 1024;

async fn route(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    routes::authorize(routes::TRACKERS, &request.method, &request.path, &principal)?;
    if request.body.len() > MAX_BODY {
        return Err(Error::new(
            preloop_core::ErrorKind::PayloadTooLarge,
            format!("the request body is at most {MAX_BODY} bytes"),
        ));
    }
    let account = principal.account_id.as_str();
    let parts = segments(&request.path);
    match parts.as_slice() {
        ["api", "v1", "trackers", rest @ ..] => {
            connections::route(env, account, request, rest).await
        }
        ["api", "v1", "organizations", rest @ ..] => {
            places::organizations(env, account, request, rest).await
        }
        ["api", "v1", "projects", rest @ ..] => places::projects(env, account, request, rest).await,
        ["api", "v1", "issues", rest @ ..] => issues::route(env, &principal, request, rest).await,
        _ => Err(Error::not_found("no such route")),
    }
}

/// A limit from the query, within `1..=max`.
pub(crate) fn limit_of(request: &Request, default: usize, max: usize) -> Result<usize> {
    match request.query_param("limit") {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| Error::bad_request(format!("limit must be 1 to {max}"))),
    }
}
