//! The explanation that goes with every decision: which scope was used, the
//! rules considered in order with what each did, why the winner won, and what
//! a shadow rule would have decided.

use super::{Action, Rule};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Trace {
    /// The scope whose rules decided: `account`, `agent:<id>`, `api_key:<id>`
    /// (empty when no rule was considered).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Step>,
    /// Why the decision is what it is, in one sentence.
    pub why: String,
    /// Set when a shadow rule would have decided this call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<ShadowOutcome>,
    /// Set when the call's arguments were not checked against the tool's
    /// input schema, and why (validation turned off for the tool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments_unchecked: Option<String>,
    /// Set when the tool's result was passed through the account's secret
    /// redaction before the agent saw it (a server setting).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub results_redacted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Matched,
    NoMatch,
    /// The condition could not be evaluated.
    Error,
    /// Not evaluated: an earlier rule had already decided.
    NotReached,
}

/// A rule as traces show it; built once per compiled policy and shared by
/// every trace that mentions the rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub rule_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub scope: String,
    pub priority: i64,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shadow: bool,
}

impl RuleInfo {
    pub fn new(rule: &Rule) -> Self {
        RuleInfo {
            rule_id: rule.id.clone(),
            name: rule.name.clone(),
            scope: rule.scope().label(),
            priority: rule.priority,
            action: rule.action,
            condition: rule.condition.clone(),
            shadow: rule.shadow,
        }
    }
}

/// One rule as the engine considered it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    #[serde(flatten)]
    pub rule: Arc<RuleInfo>,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a shadow rule would have decided, had it been enforced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShadowOutcome {
    pub rule_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub action: Action,
    /// Whether enforcing it would have changed the decision.
    pub changes_decision: bool,
}
