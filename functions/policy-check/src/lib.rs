//! The decision API: `POST /api/v1/policy/check`, and
//! `POST /api/v1/policy/conditions/validate` ([`conditions`]), which checks
//! a rule's CEL condition as it is typed.
//!
//! Given a tool and its arguments it answers what the policy decides for the
//! caller (or, for an admin, for another of the account's keys), which rule
//! decided, why, and which other rules also matched. Nothing is recorded and
//! nothing is forwarded.

#[cfg(feature = "cloudflare")]
mod cloudflare;
#[cfg(feature = "spin")]
mod spin;

pub mod conditions;

use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, Response};
use preloop_core::policy::cache::snapshot_for;
use preloop_core::policy::engine::CallFacts;
use preloop_core::store::{accounts, agents, policies};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

pub const PATH: &str = "/api/v1/policy/check";

/// Whether this function serves `path`.
pub fn serves(path: &str) -> bool {
    path == PATH || path == conditions::PATH
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    tool: String,
    #[serde(default)]
    arguments: Option<Value>,
    /// Defaults to the server part of a `server__tool` name.
    #[serde(default)]
    server: Option<String>,
    /// Evaluate as this API key of the account (admins only).
    #[serde(default)]
    api_key_id: Option<String>,
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    if request.method != "POST" {
        return Response::error(&Error::new(
            preloop_core::ErrorKind::MethodNotAllowed,
            "use POST",
        ))
        .with_header("allow", "POST");
    }
    let answer = if request.path == conditions::PATH {
        conditions::validate(request, env).await
    } else {
        check(request, env).await
    };
    match answer {
        Ok(body) => Response::json(200, &body),
        Err(e) => Response::error(&e),
    }
}

/// The caller, allowed on this route, with a body no longer than `max`.
pub(crate) async fn caller(request: &Request, env: &Env, max: usize) -> Result<Principal> {
    let caller = auth::authenticate(env, request).await?;
    preloop_core::routes::authorize(
        preloop_core::routes::POLICY_CHECK,
        &request.method,
        &request.path,
        &caller,
    )?;
    if request.body.len() > max {
        return Err(Error::new(
            preloop_core::ErrorKind::PayloadTooLarge,
            format!("the request body is at most {max} bytes"),
        ));
    }
    Ok(caller)
}

async fn check(request: &Request, env: &Env) -> Result<Value> {
    let caller = caller(request, env, env.config.max_body_bytes).await?;
    let input: CheckRequest = request.json()?;
    let arguments = match input.arguments {
        None | Some(Value::Null) => json!({}),
        Some(v @ Value::Object(_)) => v,
        Some(_) => return Err(Error::bad_request("'arguments' must be an object")),
    };
    // The caller's kill state came with its key; another key's is read.
    let (principal, killed) = match &input.api_key_id {
        Some(key_id) if *key_id != caller.api_key_id => {
            let other = as_other_key(env, &caller, key_id).await?;
            let killed =
                preloop_core::store::controls::key_is_killed(env.sql(), &other.api_key_id).await?;
            (other, killed)
        }
        _ => {
            let killed = caller.killed.is_some();
            (caller, killed)
        }
    };
    let server = preloop_core::policy::answer::server_of(&input.tool, input.server.as_deref());
    let snapshot = snapshot_for(env, &principal).await?;
    let mut decision = snapshot.decide(
        &CallFacts {
            tool: &input.tool,
            server: server.as_deref(),
            args: &arguments,
            principal: &principal,
            now_ms: env.now_ms(),
        },
        true,
    );
    // A kill switch over the key decides before any rule, as it does for
    // real calls.
    if killed {
        decision = preloop_core::policy::Decision::deny(
            "stopped by the kill switch: no tool calls go through until it is turned off",
        );
    }
    let configurations = policies::list(env.sql(), &principal.account_id).await?;
    Ok(preloop_core::policy::answer::answer(
        &preloop_core::policy::answer::Asked {
            tool: &input.tool,
            server: server.as_deref(),
            principal: &principal,
            snapshot: &snapshot,
            configurations: &configurations,
        },
        &decision,
    ))
}

async fn as_other_key(env: &Env, caller: &Principal, key_id: &str) -> Result<Principal> {
    // Deciding as another key shows what that key would be allowed.
    caller.require(preloop_core::access::Permission::KeysRead)?;
    caller.require(preloop_core::access::Permission::PoliciesRead)?;
    let key = accounts::list_keys(env.sql(), &caller.account_id)
        .await?
        .into_iter()
        .find(|k| k.id == key_id && k.revoked_at.is_none())
        .ok_or_else(|| Error::not_found(format!("no active API key {key_id}")))?;
    let agent_name = match &key.agent_id {
        Some(id) => Some(agents::get(env.sql(), &caller.account_id, id).await?.name),
        None => None,
    };
    Ok(Principal {
        api_key_id: key.id,
        key_name: key.name,
        role: key.role,
        permissions: key.role.permissions(),
        credential: preloop_core::principal::Credential::ApiKey,
        user_id: key.user_id,
        agent_id: key.agent_id,
        agent_name,
        ..caller.clone()
    })
}
