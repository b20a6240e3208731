//! Who a request acts as: the roles keys carry and the principal resolved
//! from a key. Below both `auth` (which resolves keys) and `store` (which
//! reads them), so neither imports the other for it.

use crate::access::{Permission, Permissions};
use crate::error::{Error, Result};

pub use crate::access::Role;

/// Who a request acts for, as resolved from its credential: an API key, or
/// a signed-in person's access token. It also carries the account's policy
/// version, read in the same query, so the policy cache can be validated
/// without a second round trip to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub account_id: String,
    /// The credential's id: an API key's, or a sign-in session's (the
    /// refresh-token family an access token was issued from). What the
    /// audit, MCP sessions and approval requests name as "the key".
    pub api_key_id: String,
    /// The key's name; a session's person (their email).
    pub key_name: String,
    /// The role the credential acts in: a key's own, a person's.
    pub role: Role,
    /// What this credential may do: its role's permissions, within its
    /// owner's (a key never outranks the person or agent it belongs to),
    /// narrowed by its scopes.
    pub permissions: Permissions,
    /// How the credential was presented.
    pub credential: Credential,
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
    /// The flow and flow execution a runtime token was issued for.
    pub flow_id: Option<String>,
    pub flow_execution_id: Option<String>,
}

/// Which kill switch stops a key, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Killed {
    /// `account`, `agent` or `api_key`: the widest that is on.
    pub scope: &'static str,
    pub reason: Option<String>,
    pub at: i64,
}

/// How a request proved who it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Credential {
    ApiKey,
    /// A person's access token from signing in (password or single
    /// sign-on): for the management API, never for calling tools.
    Session,
    /// An access token an OAuth client obtained with a person's consent:
    /// for the MCP endpoint only, as that person, through that client.
    OAuth {
        client_id: String,
        client_name: String,
    },
}

impl Principal {
    /// Refuses unless this credential has `permission`, saying which.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.permissions.has(permission) {
            return Ok(());
        }
        Err(Error::forbidden(format!(
            "this credential lacks the permission '{}' (role: {})",
            permission.as_str(),
            self.role.as_str()
        ))
        .with_detail(serde_json::json!({"required_permission": permission.as_str()})))
    }
    /// Tool calls (MCP) need `tools.call`.
    pub fn require_tool_caller(&self) -> Result<()> {
        if self.permissions.has(Permission::ToolsCall) {
            return Ok(());
        }
        Err(Error::forbidden(format!(
            "this credential cannot call tools: it lacks the permission 'tools.call' (role: {})",
            self.role.as_str()
        ))
        .with_detail(serde_json::json!({"required_permission": "tools.call"})))
    }
    /// The principal as a compact string for audit records: `key:<id>:<name>`
    /// for keys, `user:<id>:<email>` for people, and for an OAuth client
    /// `user:<id>:<email> via <client>`.
    pub fn audit_label(&self) -> String {
        match &self.credential {
            Credential::ApiKey => format!("key:{}:{}", self.api_key_id, self.key_name),
            Credential::Session => format!(
                "user:{}:{}",
                self.user_id.as_deref().unwrap_or("-"),
                self.key_name
            ),
            Credential::OAuth { client_name, .. } => format!(
                "user:{}:{} via {}",
                self.user_id.as_deref().unwrap_or("-"),
                self.key_name,
                client_name
            ),
        }
    }
}
