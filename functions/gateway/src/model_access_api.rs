//! `/api/v1/model-access`: which models the account, an agent or a key may
//! use. The narrowest list that exists decides; the gateway checks it on
//! every request and `/models` lists only what it allows.

use crate::catalog::check_name;
use crate::scope;
use preloop_core::Env;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::budgets::Scope;
use preloop_core::store::model_access::{self, Access};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetAccess {
    scope: String,
    #[serde(default)]
    scope_id: Option<String>,
    models: Vec<String>,
}

/// The most names one list may hold.
const MAX_LISTED: usize = 1000;

/// `/api/v1/model-access`: which models the account, an agent or a key may
/// use (the narrowest list set decides).
pub async fn handle(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => Ok(Response::json(
            200,
            &json!({"model_access": model_access::list(env.sql(), account).await?}),
        )),
        ("PUT", []) => {
            let body: SetAccess = request.json()?;
            let (scope, scope_id) =
                scope::resolve(env, account, &body.scope, body.scope_id).await?;
            if body.models.len() > MAX_LISTED {
                return Err(Error::bad_request(format!(
                    "at most {MAX_LISTED} models in a list"
                )));
            }
            for m in &body.models {
                check_name("a model name", m)?;
            }
            let entry = Access {
                scope,
                scope_id,
                models: body.models,
                updated_at: env.now_ms(),
            };
            model_access::put(env.sql(), account, &entry).await?;
            Ok(Response::json(200, &entry))
        }
        ("DELETE", [scope, scope_id]) => {
            let scope = Scope::parse(scope)?;
            let existed = model_access::delete(env.sql(), account, scope, scope_id).await?;
            scope::removed(existed, "model list for this scope")
        }
        _ => Err(Error::not_found("no such route")),
    }
}
