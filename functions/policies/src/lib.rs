//! Policy as code, `/api/v1/policies…`: the whole configuration as one
//! YAML file to export, validate, test, diff, apply (all or nothing, as a
//! numbered version), roll back and simulate against the audit trail.
//! Admin keys only. Its own function because the YAML reader, the policy
//! document and its planner are most of its size.

#[cfg(feature = "cloudflare")]
mod cloudflare;
mod routes;
#[cfg(feature = "spin")]
mod spin;

use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, Response, segments};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde::de::DeserializeOwned;

pub const PREFIX: &str = "/api/v1/policies";

pub async fn handle(request: &Request, env: &Env) -> Response {
    match route(request, env).await {
        Ok(r) => r,
        Err(e) => Response::error(&e),
    }
}

async fn route(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    preloop_core::routes::authorize(
        preloop_core::routes::POLICIES,
        &request.method,
        &request.path,
        &principal,
    )?;
    if request.body.len() > env.config.max_body_bytes {
        return Err(Error::new(
            ErrorKind::PayloadTooLarge,
            "request body too large",
        ));
    }
    let segs = segments(&request.path);
    let ctx = Ctx {
        env,
        principal: &principal,
        request,
    };
    match segs.as_slice() {
        ["api", "v1", "policies", rest @ ..] => {
            routes::route(&ctx, request.method.as_str(), rest).await
        }
        _ => Err(Error::not_found(format!("no route for {}", request.path))),
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

pub(crate) fn ok(value: &impl serde::Serialize) -> Result<Response> {
    Ok(Response::json(200, value))
}
