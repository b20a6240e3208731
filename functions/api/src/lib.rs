//! The management API under `/api/v1`: upstream MCP servers, their tool
//! scans and pinned tool definitions under review, tool configurations with their ordered access rules, managed
//! agents, people (users, teams), approval workflows and requests,
//! notification channels and deliveries, API keys, account settings, the
//! kill switch and rate limits. Each route needs the permission the route
//! catalog (`preloop_core::routes`) gives it. Policy files, the audit
//! trail and signing in are functions of their own.

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

mod agents;
mod approval_policies;
mod approval_requests;
mod controls;
mod invitations;
mod keys;
mod notification_channels;
mod oauth;
mod people;
mod servers;
mod settings;
mod tool_configurations;
mod tool_integrity;

use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, Response, segments};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde::de::DeserializeOwned;

pub const PREFIX: &str = "/api/v1/";
/// Liveness and readiness of the deployment (no key needed).
pub const HEALTH_PATH: &str = "/healthz";

/// 200 once the instance is ready and its store answers; 503 otherwise.
/// Anyone may ask, so the answer carries no internals: why the store
/// failed goes to the log.
pub async fn health(env: &Env) -> Response {
    match env.sql().query("SELECT 1 AS ok", &[]).await {
        Ok(_) => Response::json(200, &serde_json::json!({"status": "ok"})),
        Err(e) => {
            tracing::warn!(error = %e.message, "health check: the store does not answer");
            Response::json(503, &serde_json::json!({"status": "unavailable"}))
        }
    }
}

/// What the api Worker and Spin component serve: the API, and `/healthz`
/// for the deployment.
pub async fn handle_with_health(request: &Request, env: &Env) -> Response {
    if request.path == HEALTH_PATH {
        health(env).await
    } else {
        handle(request, env).await
    }
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    // The browser of an admin connecting an OAuth server comes back here
    // with no key (its one-time state is the credential).
    if request.method == "GET" && request.path == preloop_core::mcp::oauth::CALLBACK_PATH {
        return oauth::callback(request, env).await;
    }
    match route(request, env).await {
        Ok(r) => r,
        Err(e) => Response::error(&e),
    }
}

async fn route(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    // The route's permission, from the one catalog. Deciding is checked by
    // the approval flow against the same permission, because a refused
    // decision is audited before it is answered.
    let route =
        preloop_core::routes::find(preloop_core::routes::API, &request.method, &request.path)?;
    if !approval_requests::decides(route.path) {
        route.check(&principal)?;
    }
    let segs = segments(&request.path);
    if request.body.len() > env.config.max_body_bytes {
        return Err(Error::new(
            ErrorKind::PayloadTooLarge,
            "request body too large",
        ));
    }
    let m = request.method.as_str();
    let ctx = Ctx {
        env,
        principal: &principal,
        request,
    };
    match (m, segs.as_slice()) {
        (_, ["api", "v1", "mcp-servers", rest @ ..]) => servers::route(&ctx, m, rest).await,
        (_, ["api", "v1", "tool-configurations", rest @ ..]) => {
            tool_configurations::route(&ctx, m, rest).await
        }
        (_, ["api", "v1", "api-keys", rest @ ..]) => keys::route(&ctx, m, rest).await,
        (_, ["api", "v1", "agents", rest @ ..]) => agents::route(&ctx, m, rest).await,
        (_, ["api", "v1", "settings"]) => settings::route(&ctx, m).await,
        ("GET", ["api", "v1", "roles"]) => people::roles(),
        ("GET", ["api", "v1", "quarantine"]) => tool_integrity::quarantined(&ctx).await,
        (_, ["api", "v1", "kill-switch"]) => controls::kill_switch(&ctx, m).await,
        (_, ["api", "v1", "rate-limits"]) => controls::rate_limits(&ctx, m).await,
        (_, ["api", "v1", "users", rest @ ..]) => people::users(&ctx, m, rest).await,
        (_, ["api", "v1", "invitations", rest @ ..]) => invitations::route(&ctx, m, rest).await,
        (_, ["api", "v1", "teams", rest @ ..]) => people::teams(&ctx, m, rest).await,
        (_, ["api", "v1", "approval-policies", rest @ ..]) => {
            approval_policies::route(&ctx, m, rest).await
        }
        (_, ["api", "v1", "approval-requests", rest @ ..]) => {
            approval_requests::route(&ctx, m, rest).await
        }
        (_, ["api", "v1", "notification-channels", rest @ ..]) => {
            notification_channels::route(&ctx, m, rest).await
        }
        ("GET", ["api", "v1", "notification-deliveries"]) => {
            notification_channels::deliveries(&ctx).await
        }
        _ => Err(Error::not_found(format!(
            "no route for {m} {}",
            request.path
        ))),
    }
}

pub(crate) struct Ctx<'a> {
    pub env: &'a Env,
    pub principal: &'a Principal,
    pub request: &'a Request,
}

impl Ctx<'_> {
    fn account(&self) -> &str {
        &self.principal.account_id
    }
    fn body<T: DeserializeOwned>(&self) -> Result<T> {
        if self.request.body.is_empty() {
            return Err(Error::bad_request("a JSON body is required"));
        }
        self.request.json()
    }
}

pub(crate) fn method_not_allowed(allowed: &str) -> Error {
    Error::new(
        ErrorKind::MethodNotAllowed,
        format!("method not allowed here (allowed: {allowed})"),
    )
}

/// Names people give things (keys, agents, teams, users, channels).
pub(crate) fn validate_name(name: &str) -> Result<()> {
    preloop_core::text::check_name("name", name, 128)
}

pub(crate) fn ok(value: &impl serde::Serialize) -> Result<Response> {
    Ok(Response::json(200, value))
}

pub(crate) fn created(value: &impl serde::Serialize) -> Result<Response> {
    Ok(Response::json(201, value))
}

/// Accepts a JSON field that may be absent (keep), `null` (clear) or a value.
#[derive(Debug, Default)]
pub(crate) enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Patch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            None => Patch::Clear,
            Some(v) => Patch::Set(v),
        })
    }
}

impl<T: Clone> Patch<T> {
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Keep => current,
            Patch::Clear => None,
            Patch::Set(v) => Some(v),
        }
    }
}
