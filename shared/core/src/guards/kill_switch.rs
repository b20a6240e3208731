//! The kill switch: one call stops every tool call (and model request) of
//! an account, a managed agent or a key, on every instance at once, since
//! every request reads its key's state from the store. Turning it off
//! clears the mark and nothing else, so everything is as it was.

use super::{CallGuard, Refusal};
use crate::approval::flow;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::principal::Principal;
use crate::store::controls::{self as store, Scope};
use async_trait::async_trait;

pub struct KillSwitch;

#[async_trait(?Send)]
impl CallGuard for KillSwitch {
    async fn check(&self, _env: &Env, principal: &Principal) -> Result<Option<Refusal>> {
        Ok(principal.killed.as_ref().map(|k| Refusal {
            outcome: "killed",
            message: format!(
                "Stopped by the kill switch ({}){}. No tool calls go through until it is turned off.",
                k.scope,
                k.reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ),
            retry_after: None,
        }))
    }
}

/// Turns a switch on (cancelling the approval requests it covers, so held
/// calls answer at once) or off. Returns the requests cancelled.
pub async fn set(
    env: &Env,
    account_id: &str,
    scope: &Scope,
    on: bool,
    reason: Option<&str>,
    by: &str,
) -> Result<usize> {
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(Error::bad_request("reason is longer than 500 characters"));
    }
    store::set_kill(
        env.sql(),
        account_id,
        scope,
        on.then(|| env.now_ms()),
        reason,
    )
    .await?;
    if !on {
        return Ok(0);
    }
    let mut cancelled = 0;
    for id in store::pending_requests(env.sql(), account_id, scope).await? {
        match flow::cancel(env, account_id, &id, by).await {
            Ok(_) => cancelled += 1,
            // Decided meanwhile: nothing to cancel.
            Err(e) if e.kind == crate::error::ErrorKind::Conflict => {}
            Err(e) => return Err(e),
        }
    }
    Ok(cancelled)
}
