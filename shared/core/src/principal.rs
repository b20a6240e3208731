//! Who a request acts as: the roles keys carry and the principal resolved
//! from a key. Below both `auth` (which resolves keys) and `store` (which
//! reads them), so neither imports the other for it.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the account: servers, policies, keys, audit. May call tools.
    Admin,
    /// Calls tools through the MCP endpoint and asks for policy decisions.
    Agent,
    /// A person's key for deciding approval requests. It cannot call tools,
    /// so an agent holding it could not have made the call it decides.
    Approver,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::Approver => "approver",
        }
    }
    pub fn parse(s: &str) -> Result<Role> {
        match s {
            "admin" => Ok(Role::Admin),
            "agent" => Ok(Role::Agent),
            "approver" => Ok(Role::Approver),
            other => Err(Error::bad_request(format!(
                "unknown role '{other}' (admin, agent or approver)"
            ))),
        }
    }
    /// Whether keys of this role may call tools (MCP, the decision API).
    pub fn calls_tools(self) -> bool {
        matches!(self, Role::Admin | Role::Agent)
    }
}

/// Who a request acts for, as resolved from its API key. It also carries the
/// account's policy version, read in the same query, so the policy cache can
/// be validated without a second round trip to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub account_id: String,
    pub api_key_id: String,
    pub key_name: String,
    pub role: Role,
    /// The person behind the key, for keys that belong to a user.
    pub user_id: Option<String>,
    /// The managed agent the key was issued to, if any.
    pub agent_id: Option<String>,
    pub agent_name: Option<String>,
    pub policy_version: i64,
    pub default_action: String,
    /// Set when a kill switch covers this key (its own, its agent's or its
    /// account's): every tool call and model request is refused.
    pub killed: Option<Killed>,
    /// Calls per minute this key may make: its own limit, else its
    /// agent's, else its account's.
    pub rate_limit_per_minute: Option<i64>,
}

/// Which kill switch stops a key, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Killed {
    /// `account`, `agent` or `api_key`: the widest that is on.
    pub scope: &'static str,
    pub reason: Option<String>,
    pub at: i64,
}

impl Principal {
    pub fn require_admin(&self) -> Result<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(Error::forbidden(format!(
                "this API key may not manage the account (role: {})",
                self.role.as_str()
            )))
        }
    }
    /// Approver keys decide; they never call tools.
    pub fn require_tool_caller(&self) -> Result<()> {
        if self.role.calls_tools() {
            Ok(())
        } else {
            Err(Error::forbidden(
                "approver keys decide approval requests; they cannot call tools",
            ))
        }
    }
    /// The principal as a compact string for audit records: `key:<id>`.
    pub fn audit_label(&self) -> String {
        format!("key:{}:{}", self.api_key_id, self.key_name)
    }
}
