//! The answer `POST /api/v1/policy/check` gives, built in one place for the
//! route and for decisions from a policy file alone ([`super::offline`]),
//! so the embeddable policy component answers exactly what the route does.

use super::engine::PolicySnapshot;
use super::{Decision, ToolConfiguration};
use crate::auth::Principal;
use serde_json::{Value, json};

/// What was asked and of what.
pub struct Asked<'a> {
    pub tool: &'a str,
    pub server: Option<&'a str>,
    pub principal: &'a Principal,
    pub snapshot: &'a PolicySnapshot,
    /// The configurations the snapshot was compiled from: matched rules are
    /// shown in full, not only by id.
    pub configurations: &'a [ToolConfiguration],
}

pub fn answer(asked: &Asked<'_>, decision: &Decision) -> Value {
    let rule_json = |id: &str| {
        asked
            .configurations
            .iter()
            .flat_map(|c| c.rules.iter())
            .find(|r| r.id == id)
            .map(|r| json!(r))
            .unwrap_or_else(|| json!({"id": id}))
    };
    let principal = asked.principal;
    json!({
        "decision": decision.action,
        "matched_rule": decision.rule_id.as_deref().map(rule_json),
        "reason": decision.reason,
        "message": decision.message,
        "also_matched": decision.also_matched.iter().map(|id| rule_json(id)).collect::<Vec<_>>(),
        "trace": decision.trace,
        "tool": asked.tool,
        "server": asked.server,
        "principal": {"account_id": principal.account_id, "api_key_id": principal.api_key_id, "role": principal.role, "agent_id": principal.agent_id},
        "policy_version": asked.snapshot.version,
        "default_action": asked.snapshot.default_action,
    })
}

/// The server a call names, or the server part of a `server__tool` name.
pub fn server_of(tool: &str, server: Option<&str>) -> Option<String> {
    server
        .map(str::to_string)
        .or_else(|| tool.split_once("__").map(|(s, _)| s.to_string()))
}
