//! Calls per minute per key, counted in the store in fixed one-minute
//! windows, so every instance (and every Worker isolate) shares the count.
//! A key with no limit (its own, its agent's or its account's) costs
//! nothing: the count is kept only where a limit is set.

use super::{CallGuard, Refusal};
use crate::env::Env;
use crate::error::Result;
use crate::principal::Principal;
use crate::store::rate_windows;
use async_trait::async_trait;

pub const WINDOW_MS: i64 = 60_000;

pub struct RateLimit;

#[async_trait(?Send)]
impl CallGuard for RateLimit {
    async fn check(&self, env: &Env, principal: &Principal) -> Result<Option<Refusal>> {
        let Some(limit) = principal.rate_limit_per_minute else {
            return Ok(None);
        };
        let now = env.now_ms();
        let window = now - now.rem_euclid(WINDOW_MS);
        let count = rate_windows::count(env.sql(), &principal.api_key_id, window).await?;
        if count <= limit {
            return Ok(None);
        }
        let retry_after = ((window + WINDOW_MS - now + 999) / 1000).max(1) as u64;
        Ok(Some(Refusal {
            outcome: "rate_limited",
            message: format!(
                "Rate limit reached: this key may make {limit} tool calls per minute. Retry after {retry_after} s."
            ),
            retry_after: Some(retry_after),
        }))
    }
}
