//! What the configuration routes share: whose a budget or a model list is
//! (the account, one of its agents, one of its keys), and the answer to a
//! removal.

use preloop_core::Env;
use preloop_core::error::{Error, Result};
use preloop_core::http::Response;
use preloop_core::store::budgets::{self, Scope};

/// The scope a body names, checked to be the account's: the account itself
/// needs no id; an agent or a key does.
pub async fn resolve(
    env: &Env,
    account: &str,
    scope: &str,
    scope_id: Option<String>,
) -> Result<(Scope, String)> {
    let scope = Scope::parse(scope)?;
    let scope_id = match (scope, scope_id) {
        (Scope::Account, None) => account.to_string(),
        (_, Some(id)) if id.len() <= 100 => id,
        _ => return Err(Error::bad_request("scope_id names the agent or API key")),
    };
    if !budgets::scope_exists(env.sql(), account, scope, &scope_id).await? {
        return Err(Error::bad_request(format!(
            "scope_id names no {} of this account",
            scope.as_str()
        )));
    }
    Ok((scope, scope_id))
}

/// 204 when something was removed, 404 naming `what` when nothing was.
pub fn removed(existed: bool, what: &str) -> Result<Response> {
    if existed {
        Ok(Response::no_content())
    } else {
        Err(Error::not_found(format!("no such {what}")))
    }
}
