//! Checks every tool call passes before policy is asked, behind one trait:
//! the kill switch, then the rate limit. A guard that cannot be evaluated
//! (its store unreachable) refuses the call: fail closed.

pub mod kill_switch;
pub mod rate_limit;

use crate::env::Env;
use crate::error::Result;
use crate::principal::Principal;
use async_trait::async_trait;

/// Why a guard stopped a call: what the agent is told, and what the audit
/// record says.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The audit outcome: `killed`, `rate_limited`.
    pub outcome: &'static str,
    pub message: String,
    /// Seconds after which trying again may succeed.
    pub retry_after: Option<u64>,
}

#[async_trait(?Send)]
pub trait CallGuard {
    /// `Some` stops the call.
    async fn check(&self, env: &Env, principal: &Principal) -> Result<Option<Refusal>>;
}

/// Every guard, in order; the first refusal wins.
pub async fn check_call(env: &Env, principal: &Principal) -> Result<Option<Refusal>> {
    let guards: [&dyn CallGuard; 2] = [&kill_switch::KillSwitch, &rate_limit::RateLimit];
    for guard in guards {
        if let Some(refusal) = guard.check(env, principal).await? {
            return Ok(Some(refusal));
        }
    }
    Ok(None)
}
