//! A request's row in the usage ledger, from before it goes out to after
//! its last byte: written `pending` first (a request whose row cannot be
//! written does not go out), then settled with the provider's own counts
//! and what they cost. Refusals get a row of their own.

use crate::budget;
use crate::prices::{Priced, Usage};
use crate::target::Target;
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::error::{Error, Result};
use preloop_core::store::budgets::{self, Hold};
use preloop_core::store::usage_ledger::{self, Entry, Outcome, Settlement};

/// What the ledger records for a request with no price (allowed by its
/// model): never a cost of 0.
pub const UNPRICED: &str = "unpriced";

/// Who asked for what, through which endpoint.
pub struct Caller<'a> {
    pub principal: &'a Principal,
    pub endpoint: &'a str,
    pub requested_model: Option<&'a str>,
    pub streamed: bool,
}

impl Caller<'_> {
    fn entry(&self, env: &Env, outcome: Outcome, status: i64) -> Entry {
        Entry {
            id: env.new_id(),
            account_id: self.principal.account_id.clone(),
            api_key_id: Some(self.principal.api_key_id.clone()),
            agent_id: self.principal.agent_id.clone(),
            flow_id: self.principal.flow_id.clone(),
            flow_execution_id: self.principal.flow_execution_id.clone(),
            endpoint: self.endpoint.to_string(),
            requested_model: self.requested_model.map(|m| m.chars().take(200).collect()),
            model_id: None,
            provider_id: None,
            upstream_model: None,
            input_tokens: None,
            output_tokens: None,
            cached_tokens: None,
            cost_nanousd: None,
            price_version: None,
            outcome,
            status,
            error: None,
            streamed: self.streamed,
            latency_ms: Some(0),
            ttfb_ms: None,
            reservations: Vec::new(),
            created_at: env.now_ms(),
        }
    }

    /// Records a request Preloop refused before any provider saw it. A
    /// refusal whose row cannot be written is still a refusal: nothing
    /// was spent, and the error says so in the log.
    pub async fn refused(&self, env: &Env, e: &Error) {
        let mut entry = self.entry(env, Outcome::Refused, i64::from(e.status()));
        entry.error = Some(e.message.chars().take(500).collect());
        if let Err(w) = usage_ledger::insert(env.sql(), &entry).await {
            tracing::warn!(error = %w.message, "a refused model request's ledger row was not written");
        }
    }
}

/// A request on its way: its pending row, and the clock since it began.
pub struct Meter {
    pub id: String,
    account_id: String,
    started_us: u64,
    first_byte_us: Option<u64>,
    priced: Option<Priced>,
    holds: Vec<Hold>,
}

impl Meter {
    /// Writes the pending row and, in the same transaction, reserves the
    /// most the request can cost (`most`, when budgets apply) on every
    /// budget of the caller. A budget that would be passed refuses the
    /// request (429; the row says so and its holds are given back); a row
    /// that cannot be written keeps it from going out (503).
    pub async fn open(
        env: &Env,
        caller: &Caller<'_>,
        target: &Target,
        most: Option<i64>,
    ) -> Result<Meter> {
        let now = env.now_ms();
        let (budgets, holds) = match most {
            Some(m) => (
                target.budgets.as_slice(),
                budgets::holds_for(&target.budgets, m, now),
            ),
            None => (&[][..], Vec::new()),
        };
        let mut entry = caller.entry(env, Outcome::Pending, 0);
        entry.model_id = Some(target.model.id.clone());
        entry.provider_id = Some(target.provider.id.clone());
        entry.upstream_model = Some(target.model.upstream_model.clone());
        entry.price_version = Some(
            target
                .priced
                .as_ref()
                .map_or_else(|| UNPRICED.to_string(), |p| p.version.clone()),
        );
        entry.latency_ms = None;
        entry.reservations = holds.clone();
        let insert = usage_ledger::insert_statement(&entry);
        let undo =
            usage_ledger::refuse_statement(&entry.account_id, &entry.id, 429, "budget exceeded");
        match budgets::reserve(env.sql(), budgets, &holds, vec![insert], vec![undo], now).await {
            Ok(Ok(())) => {}
            Ok(Err(exceeded)) => return Err(budget::exceeded(&exceeded, most.unwrap_or(0))),
            Err(e) => {
                tracing::warn!(error = %e.message, "ledger row not written: request refused");
                return Err(Error::unavailable(
                    "the usage ledger cannot be written: the request was not sent",
                ));
            }
        }
        Ok(Meter {
            id: entry.id,
            account_id: entry.account_id,
            started_us: env.clock().monotonic_us(),
            first_byte_us: None,
            priced: target.priced.clone(),
            holds,
        })
    }

    /// Notes the provider's first byte (the first time only).
    pub fn first_byte(&mut self, env: &Env) {
        if self.first_byte_us.is_none() {
            self.first_byte_us = Some(env.clock().monotonic_us());
        }
    }

    /// What `usage` costs at this request's prices, in nano-dollars.
    pub fn cost(&self, usage: &Usage) -> Option<i64> {
        self.priced.as_ref().map(|p| p.cost_nanousd(usage))
    }

    /// Ends the row: the provider's counts (if it reported any), how it
    /// ended and the status the caller got.
    pub async fn settle(
        &self,
        env: &Env,
        usage: Option<Usage>,
        outcome: Outcome,
        status: u16,
        error: Option<String>,
    ) {
        let settlement = self.settlement(env, usage, outcome, status, error);
        self.write(env, settlement).await;
    }

    /// How the request ended, timed now (the latency is the caller's).
    pub fn settlement(
        &self,
        env: &Env,
        usage: Option<Usage>,
        outcome: Outcome,
        status: u16,
        error: Option<String>,
    ) -> Settlement {
        let now = env.clock().monotonic_us();
        let ms = |us: u64| i64::try_from(us.saturating_sub(self.started_us) / 1000).ok();
        Settlement {
            input_tokens: usage.map(|u| u.input),
            output_tokens: usage.map(|u| u.output),
            cached_tokens: usage.map(|u| u.cache_read),
            cost_nanousd: usage.and_then(|u| self.cost(&u)),
            outcome,
            status: i64::from(status),
            error: error.map(|e| e.chars().take(500).collect()),
            latency_ms: ms(now),
            ttfb_ms: self.first_byte_us.and_then(ms),
        }
    }

    /// Writes `settlement` to the row, and moves the holds to spending.
    pub async fn write(&self, env: &Env, settlement: Settlement) {
        let token = env.new_id();
        if let Err(e) = usage_ledger::settle(
            env.sql(),
            &self.account_id,
            &self.id,
            &settlement,
            &self.holds,
            &token,
        )
        .await
        {
            tracing::error!(error = %e.message, id = %self.id, "a ledger row was left pending");
        }
    }
}

/// A cost in nano-dollars as USD, for headers and API answers.
pub fn usd(nano: i64) -> String {
    let sign = if nano < 0 { "-" } else { "" };
    let n = nano.unsigned_abs();
    format!("{sign}{}.{:09}", n / 1_000_000_000, n % 1_000_000_000)
}

#[cfg(test)]
mod tests {
    use super::usd;

    #[test]
    fn costs_show_as_exact_usd() {
        assert_eq!(usd(420_000), "0.000420000");
        assert_eq!(usd(1_500_000_001), "1.500000001");
        assert_eq!(usd(0), "0.000000000");
    }
}
