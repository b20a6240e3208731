//! `/api/v1/runtime-tokens`: short-lived tokens for a managed agent's run,
//! a flow or a flow execution, so a runtime gets a Preloop token instead of
//! a provider key. A token is an API key that expires (at most a day after
//! it is issued), narrowed to calling models, with its own model list and
//! budget if given; stored hashed and shown once.

use preloop_core::Env;
use preloop_core::access::Role;
use preloop_core::auth;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::accounts::{self, NewKey};
use preloop_core::store::budgets::{self, Budget, Period, Scope};
use preloop_core::store::model_access::{self, Access};
use serde::Deserialize;
use serde_json::json;

/// The longest a runtime token lives.
pub const MAX_TTL_S: i64 = 24 * 60 * 60;
const DEFAULT_TTL_S: i64 = 60 * 60;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Issue {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    agent_id: Option<String>,
    #[serde(default)]
    flow_id: Option<String>,
    #[serde(default)]
    flow_execution_id: Option<String>,
    #[serde(default)]
    ttl_seconds: Option<i64>,
    /// The models it may use (else its agent's or account's list).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// What it may spend in all, in USD.
    #[serde(default)]
    budget_usd: Option<f64>,
}

fn short(what: &str, v: &Option<String>) -> Result<()> {
    match v {
        Some(s) if s.is_empty() || s.len() > 100 || s.chars().any(char::is_control) => Err(
            Error::bad_request(format!("{what} must be 1 to 100 printable characters")),
        ),
        _ => Ok(()),
    }
}

pub async fn handle(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => Ok(Response::json(
            200,
            &json!({"runtime_tokens": accounts::live_runtime_tokens(env.sql(), account, env.now_ms()).await?}),
        )),
        ("POST", []) => issue(env, account, request).await,
        ("DELETE", [id]) => {
            if !accounts::is_runtime_token(env.sql(), account, id).await? {
                return Err(Error::not_found("no such runtime token"));
            }
            accounts::revoke_key(env.sql(), account, id, env.now_ms()).await?;
            Ok(Response::no_content())
        }
        _ => Err(Error::not_found("no such route")),
    }
}

async fn issue(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: Issue = request.json()?;
    short("name", &body.name)?;
    short("flow_id", &body.flow_id)?;
    short("flow_execution_id", &body.flow_execution_id)?;
    let ttl = body.ttl_seconds.unwrap_or(DEFAULT_TTL_S);
    if !(1..=MAX_TTL_S).contains(&ttl) {
        return Err(Error::bad_request(format!(
            "ttl_seconds must be from 1 to {MAX_TTL_S} (a day)"
        )));
    }
    if let Some(agent) = &body.agent_id
        && !budgets::scope_exists(env.sql(), account, Scope::Agent, agent).await?
    {
        return Err(Error::bad_request(
            "agent_id names no agent of this account",
        ));
    }
    if let Some(models) = &body.models
        && (models.len() > 1000 || models.iter().any(|m| m.is_empty() || m.len() > 100))
    {
        return Err(Error::bad_request(
            "models is a list of at most 1000 model names",
        ));
    }
    if let Some(usd) = body.budget_usd
        && !(usd.is_finite() && (0.0..=1_000_000_000.0).contains(&usd))
    {
        return Err(Error::bad_request(
            "budget_usd must be from 0 to 1000000000",
        ));
    }
    let now = env.now_ms();
    let id = env.new_id();
    let expires_at = now + ttl * 1000;
    // Its limits are written before the token exists: a token is never
    // usable without them.
    if let Some(models) = &body.models {
        let access = Access {
            scope: Scope::ApiKey,
            scope_id: id.clone(),
            models: models.clone(),
            updated_at: now,
        };
        model_access::put(env.sql(), account, &access).await?;
    }
    if let Some(usd) = body.budget_usd {
        let budget = Budget {
            id: env.new_id(),
            account_id: account.to_string(),
            scope: Scope::ApiKey,
            scope_id: id.clone(),
            amount_nanousd: (usd * 1e9).round() as i64,
            period: Period::Total,
            soft_limit_pct: None,
            created_at: now,
            updated_at: now,
        };
        budgets::insert(env.sql(), &budget).await?;
    }
    let token = auth::generate_key(env.random());
    let hash = auth::hash_key(&token);
    let prefix = auth::display_prefix(&token);
    let name = body.name.unwrap_or_else(|| "runtime token".into());
    env.sql()
        .batch(&[accounts::create_key_statement(&NewKey {
            id: &id,
            account_id: account,
            name: &name,
            key_hash: &hash,
            prefix: &prefix,
            role: Role::Agent,
            // Models only: a runtime's token is not a way into tools.
            scopes: Some("models.call"),
            user_id: None,
            agent_id: body.agent_id.as_deref(),
            expires_at: Some(expires_at),
            flow_id: body.flow_id.as_deref(),
            flow_execution_id: body.flow_execution_id.as_deref(),
            now,
        })])
        .await?;
    Ok(Response::json(
        201,
        &json!({
            "id": id,
            "token": token,
            "prefix": prefix,
            "name": name,
            "agent_id": body.agent_id,
            "flow_id": body.flow_id,
            "flow_execution_id": body.flow_execution_id,
            "expires_at": expires_at,
            "models": body.models,
            "budget_usd": body.budget_usd,
        }),
    ))
}
