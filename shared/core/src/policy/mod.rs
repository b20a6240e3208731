//! The policy engine: per-tool ordered access rules with CEL conditions.
//!
//! A tool's rules are attached to a scope: the account, a managed agent or a
//! single API key. The narrowest scope that has rules for the caller decides
//! (key over agent over account); within it rules are evaluated by priority
//! (lowest number first; ties by creation order) and the first enabled rule
//! whose condition holds decides. A tool with no matching rule falls to the
//! account's default action (`deny` out of the box). Anything that cannot be
//! evaluated denies. Shadow rules are evaluated and recorded, never enforced.
//!
//! Every decision carries a [`trace`]. The same configuration is also a YAML
//! document ([`document`]), read with positions ([`yaml`], [`load`]),
//! exported ([`export`]), compared ([`diff`]), applied ([`apply`]), checked
//! against its own test cases ([`testing`]), replayed against the audit
//! trail ([`simulate`]), and decided from alone, with no store
//! ([`offline`]: the embeddable policy component).

pub mod answer;
pub mod apply;
pub mod bounds;
pub mod cache;
pub mod condition;
pub mod diff;
pub mod document;
pub mod engine;
pub mod export;
pub mod fast;
pub mod load;
pub mod offline;
pub mod simulate;
pub mod testing;
pub mod trace;
pub mod yaml;

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

/// Rule names are how tests refer to rules beside `tool#N` and `default`,
/// so they may be neither.
pub fn validate_rule_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.contains('#') || name == "default" {
        return Err(Error::bad_request(
            "a rule name may not be empty, contain '#' or be 'default'",
        ));
    }
    crate::text::check_name("rule name", name, 128)
}

/// Who a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Account,
    Agent(String),
    ApiKey(String),
}

impl Scope {
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Agent(_) => "agent",
            Scope::ApiKey(_) => "api_key",
        }
    }
    pub fn id(&self) -> Option<&str> {
        match self {
            Scope::Account => None,
            Scope::Agent(id) | Scope::ApiKey(id) => Some(id),
        }
    }
    pub fn parse(kind: &str, id: Option<String>) -> Result<Scope> {
        match (kind, id) {
            ("account", _) => Ok(Scope::Account),
            ("agent", Some(id)) => Ok(Scope::Agent(id)),
            ("api_key", Some(id)) => Ok(Scope::ApiKey(id)),
            (other, _) => Err(Error::bad_request(format!(
                "unknown scope '{other}' (account, agent with an id, or api_key with an id)"
            ))),
        }
    }
    /// `account`, `agent:<id>` or `api_key:<id>`.
    pub fn label(&self) -> String {
        match self.id() {
            Some(id) => format!("{}:{id}", self.kind()),
            None => "account".into(),
        }
    }
}

/// An access rule as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: String,
    pub tool_configuration_id: String,
    /// A handle unique within the tool (tests and traces refer to it).
    pub name: Option<String>,
    /// `account`, `agent` or `api_key`.
    pub scope_kind: String,
    /// The agent's or key's id for the narrower scopes.
    pub scope_id: Option<String>,
    /// Evaluated and recorded, never enforced.
    pub shadow: bool,
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

impl Rule {
    pub fn scope(&self) -> Scope {
        Scope::parse(&self.scope_kind, self.scope_id.clone()).unwrap_or(Scope::Account)
    }
    /// How people refer to the rule: its name, else its id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// A tool's configuration as stored: whether it may be used at all, and its rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolConfiguration {
    pub id: String,
    pub tool_name: String,
    pub tool_source: String,
    pub is_enabled: bool,
    pub description: Option<String>,
    /// The workflow this tool's `require_approval` rules use unless a rule
    /// names its own.
    pub approval_policy_id: Option<String>,
    /// Overrides the workflow's justification mode for this tool.
    pub justification: Option<crate::approval::Justification>,
    /// Whether calls' arguments are checked against the tool's pinned input
    /// schema (on unless turned off for an upstream with a wrong schema).
    pub validate_arguments: bool,
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
    /// For `require_approval` by a rule: the workflow that rule (or its
    /// tool) names.
    pub approval_policy_id: Option<String>,
    /// The tool's own justification mode, when it overrides the workflow's.
    pub justification: Option<crate::approval::Justification>,
    /// How the decision was reached.
    pub trace: trace::Trace,
}

impl Decision {
    pub fn deny(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Decision {
            action: Action::Deny,
            rule_id: None,
            message: Some(reason.clone()),
            also_matched: Vec::new(),
            approval_policy_id: None,
            justification: None,
            trace: trace::Trace {
                why: reason.clone(),
                ..trace::Trace::default()
            },
            reason,
        }
    }
}
