//! Preloop's policy engine as a WebAssembly component: it exports
//! `preloop:policy/decide` (`wit/preloop-policy.wit`). A host loads a policy
//! file into a `policy` resource once, then asks it about calls; each answer
//! is the one `POST /api/v1/policy/check` gives for that file, computed
//! in-process by the same engine, with no store and no network.
//!
//! Build: `scripts/build-policy-component.sh` (wasm32-wasip2).

use preloop_core::policy::document::TestPrincipal;
use preloop_core::policy::offline::{OfflinePolicy, Question};
use preloop_policy_abi::exports::preloop::policy::decide::{
    Action, Call, Decision, Guest, GuestPolicy, Policy as PolicyHandle, Principal, Problem,
};
use serde_json::Value;

struct Component;

/// The host side of the `policy` resource.
pub struct Compiled(OfflinePolicy);

impl Guest for Component {
    type Policy = Compiled;
}

fn problem(p: preloop_core::policy::load::Problem) -> Problem {
    Problem {
        path: p.path,
        line: u32::try_from(p.line).unwrap_or(u32::MAX),
        column: u32::try_from(p.column).unwrap_or(u32::MAX),
        message: p.message,
    }
}

fn error_text(e: preloop_core::Error) -> String {
    e.message
}

/// A rule as the answer shows it: its name, or its `tool#N` id.
fn rule_label(rule: &Value) -> Option<String> {
    rule.get("name")
        .and_then(Value::as_str)
        .or_else(|| rule.get("id").and_then(Value::as_str))
        .map(str::to_string)
}

fn decision(answer: Value) -> Result<Decision, String> {
    let action = match answer["decision"].as_str() {
        Some("allow") => Action::Allow,
        Some("require_approval") => Action::RequireApproval,
        _ => Action::Deny,
    };
    Ok(Decision {
        action,
        rule: rule_label(&answer["matched_rule"]),
        reason: answer["reason"].as_str().unwrap_or_default().to_string(),
        message: answer["message"].as_str().map(str::to_string),
        also_matched: answer["also_matched"]
            .as_array()
            .map(|rules| rules.iter().filter_map(rule_label).collect())
            .unwrap_or_default(),
        answer_json: serde_json::to_string(&answer).map_err(|e| e.to_string())?,
    })
}

impl GuestPolicy for Compiled {
    fn load(document: String) -> Result<PolicyHandle, Vec<Problem>> {
        OfflinePolicy::load(&document)
            .map(|p| PolicyHandle::new(Compiled(p)))
            .map_err(|problems| problems.into_iter().map(problem).collect())
    }

    fn check(&self, call: Call) -> Result<Decision, String> {
        let arguments: Value = serde_json::from_str(&call.arguments_json)
            .map_err(|e| format!("arguments-json is not JSON: {e}"))?;
        let Principal {
            api_key,
            agent,
            role,
        } = call.principal;
        let question = Question {
            tool: call.tool,
            arguments: Some(arguments),
            server: call.server,
            principal: TestPrincipal {
                api_key,
                agent,
                role,
            },
        };
        let answer = self.0.check(&question, call.now_ms).map_err(error_text)?;
        decision(answer)
    }

    fn check_json(&self, request_json: String, now_ms: i64) -> Result<String, String> {
        let answer = self
            .0
            .check_json(&request_json, now_ms)
            .map_err(error_text)?;
        serde_json::to_string(&answer).map_err(|e| e.to_string())
    }
}

preloop_policy_abi::export!(Component);
