//! The policy engine: per-tool ordered access rules with CEL conditions.
//!
//! A tool's rules are evaluated by priority (lowest number first; ties by
//! creation order); the first enabled rule whose condition holds decides. A
//! tool with no matching rule falls to the account's default action (`deny`
//! out of the box). Anything that cannot be evaluated denies.

pub mod cache;
pub mod condition;
pub mod engine;
pub mod fast;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Allow,
    Deny,
    RequireApproval,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Deny => "deny",
            Action::RequireApproval => "require_approval",
        }
    }
    pub fn parse(s: &str) -> Result<Action> {
        match s {
            "allow" => Ok(Action::Allow),
            "deny" => Ok(Action::Deny),
            "require_approval" => Ok(Action::RequireApproval),
            other => Err(Error::bad_request(format!(
                "unknown action '{other}' (allow, deny or require_approval)"
            ))),
        }
    }
}

/// An access rule as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: String,
    pub tool_configuration_id: String,
    pub priority: i64,
    pub action: Action,
    pub condition: Option<String>,
    pub denial_message: Option<String>,
    pub description: Option<String>,
    pub enabled: bool,
    /// The approval workflow a `require_approval` rule sends calls to.
    pub approval_policy_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A tool's configuration as stored: whether it may be used at all, and its rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolConfiguration {
    pub id: String,
    pub tool_name: String,
    pub tool_source: String,
    pub is_enabled: bool,
    pub description: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub rules: Vec<Rule>,
}

/// What the engine decided for one call, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub action: Action,
    /// The rule that decided, if a rule did (not the default, not an error).
    pub rule_id: Option<String>,
    pub reason: String,
    /// The message shown to the agent when the call does not go through.
    pub message: Option<String>,
    /// Other enabled rules whose conditions also held (explain mode only).
    pub also_matched: Vec<String>,
    /// For `require_approval` by a rule: the workflow that rule names.
    pub approval_policy_id: Option<String>,
}

impl Decision {
    pub fn deny(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Decision {
            action: Action::Deny,
            rule_id: None,
            message: Some(reason.clone()),
            reason,
            also_matched: Vec::new(),
            approval_policy_id: None,
        }
    }
}
