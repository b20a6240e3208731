//! Which function serves which path. The same table is what `wrangler.toml`
//! routes and `spin.toml` components express at the edge.

use preloop_core::http::{Request, Response};
use preloop_core::{Env, Error, ErrorKind};

pub async fn route(request: &Request, env: &Env) -> Response {
    let path = request.path.as_str();
    if path.starts_with(preloop_mcp_proxy::PREFIX) {
        preloop_mcp_proxy::handle(request, env).await
    } else if preloop_console::serves(path) {
        preloop_console::handle(request, env).await
    } else if preloop_auth::serves(path) {
        preloop_auth::handle(request, env).await
    } else if preloop_policy_check::serves(path) {
        preloop_policy_check::handle(request, env).await
    } else if path.starts_with(preloop_approval_page::PREFIX) {
        preloop_approval_page::handle(request, env).await
    } else if path == preloop_policies::PREFIX || path.starts_with("/api/v1/policies/") {
        preloop_policies::handle(request, env).await
    } else if preloop_gateway::serves(path) {
        preloop_gateway::handle(request, env).await
    } else if preloop_webhook_ingest::serves(path) {
        preloop_webhook_ingest::handle(request, env).await
    } else if preloop_trackers::serves(path) {
        preloop_trackers::handle(request, env).await
    } else if path == preloop_audit::PREFIX || path.starts_with("/api/v1/audit/") {
        preloop_audit::handle(request, env).await
    } else if path.starts_with(preloop_api::PREFIX) {
        preloop_api::handle(request, env).await
    } else if path == preloop_scheduler::RUN_PATH {
        // Besides the timer: any cron may run the scheduled work now.
        preloop_scheduler::handle_run_request(request, env).await
    } else if path == preloop_scheduled_sync::RUN_PATH {
        preloop_scheduled_sync::handle_run_request(request, env).await
    } else if path == preloop_api::HEALTH_PATH {
        preloop_api::health(env).await
    } else {
        Response::error(&Error::not_found(format!("no route for {path}")))
    }
}

/// A refusal the host makes before a function sees the request, in the
/// dialect of the path's function.
pub fn refusal(path: &str, e: &Error) -> Response {
    if path.starts_with(preloop_mcp_proxy::PREFIX) {
        preloop_mcp_proxy::streamable_http::refusal_response(e)
    } else if preloop_gateway::serves(path) {
        preloop_gateway::error_response(path, e)
    } else {
        Response::error(e)
    }
}

/// The answer to a body over the limit, in the dialect of the path's function.
pub fn too_large(path: &str, limit: usize) -> Response {
    if path.starts_with(preloop_mcp_proxy::PREFIX) {
        preloop_mcp_proxy::streamable_http::too_large_response(limit)
    } else if preloop_gateway::serves(path) {
        preloop_gateway::error_response(
            path,
            &Error::new(
                ErrorKind::PayloadTooLarge,
                format!("request body exceeds the limit of {limit} bytes"),
            ),
        )
    } else {
        Response::error(&Error::new(
            ErrorKind::PayloadTooLarge,
            format!("request body exceeds the limit of {limit} bytes"),
        ))
    }
}
