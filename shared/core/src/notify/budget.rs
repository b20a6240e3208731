//! Telling the account that a budget's period passed its soft limit: a
//! [`Notice`] on its channels, sent once per period (the budget's window
//! records that it was sent; see [`crate::store::budgets::claim_soft_notice`]).
//! Answers past the limit also carry a warning header; the notice is for
//! the people who are not reading them.

use super::notice::{Notice, event_starts_with};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The notice's event, as webhooks get it in `x-preloop-event`.
pub const SOFT_LIMIT: &str = "budget.soft_limit";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetNotice {
    pub event: String,
    pub budget_id: String,
    /// `account`, `agent`, `api_key`, `flow` or `flow_execution`.
    pub scope: String,
    pub scope_id: String,
    /// `daily`, `monthly` or `total`.
    pub period: String,
    /// When the period began (epoch milliseconds).
    pub window_start: i64,
    pub soft_limit_pct: i64,
    /// In USD, as decimal strings (exact).
    pub amount_usd: String,
    /// Spent and held by requests on their way, when the notice was made.
    pub used_usd: String,
}

impl BudgetNotice {
    /// Whether a stored payload is one of these.
    pub fn is(payload: &Value) -> bool {
        event_starts_with(payload, "budget.")
    }
}

impl Notice for BudgetNotice {
    fn event(&self) -> &str {
        &self.event
    }

    fn subject(&self) -> String {
        format!(
            "Budget past {}%: {} {}",
            self.soft_limit_pct,
            self.scope.replace('_', " "),
            self.scope_id
        )
    }

    fn lines(&self) -> Vec<String> {
        vec![
            format!(
                "{} USD of {} USD used this period ({}).",
                self.used_usd, self.amount_usd, self.period
            ),
            format!(
                "Requests go on until the budget is spent, then are refused with 429. Budget: {}",
                self.budget_id
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_soft_limit_notice_names_the_budget_and_what_is_used() {
        let n = BudgetNotice {
            event: SOFT_LIMIT.into(),
            budget_id: "b1".into(),
            scope: "api_key".into(),
            scope_id: "k1".into(),
            period: "daily".into(),
            window_start: 0,
            soft_limit_pct: 80,
            amount_usd: "1.000000000".into(),
            used_usd: "0.812000000".into(),
        };
        let slack = n.slack_body()["text"].as_str().unwrap_or("").to_string();
        assert!(
            slack.starts_with("*Budget past 80%: api key k1*"),
            "{slack}"
        );
        assert!(
            slack.contains("0.812000000 USD of 1.000000000 USD"),
            "{slack}"
        );
        let payload = serde_json::to_value(&n).unwrap_or(Value::Null);
        assert!(BudgetNotice::is(&payload));
        assert!(!super::super::integrity::IntegrityNotice::is(&payload));
    }
}
