//! Decisions from a policy file alone, with no store and no network: what
//! the embeddable policy component (`components/policy`) and
//! `preloop policy decide` answer. A file is loaded and compiled once, then
//! asked any number of times; each answer is the one
//! `POST /api/v1/policy/check` gives ([`super::answer`]), with the file's
//! offline ids (`tool#N`) and the caller described by name, as in a file's
//! `tests` section.

use super::ToolConfiguration;
use super::answer::{Asked, answer, server_of};
use super::document::{PolicyDocument, TestPrincipal};
use super::engine::{CallFacts, PolicySnapshot};
use super::load::{Problem, load};
use super::testing::{configurations, principal_of, snapshot};
use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// The largest request a decision reads: a call's arguments are bounded
/// as the route bounds its body.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// One question: the body `POST /api/v1/policy/check` takes, with the
/// caller named as a file's test cases name it (instead of `api_key_id`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub tool: String,
    #[serde(default)]
    pub arguments: Option<Value>,
    #[serde(default)]
    pub server: Option<String>,
    #[serde(default)]
    pub principal: TestPrincipal,
}

/// A policy file, compiled.
pub struct OfflinePolicy {
    snapshot: PolicySnapshot,
    configurations: Vec<ToolConfiguration>,
}

impl OfflinePolicy {
    /// Loads a policy file (YAML or JSON, what `preloop policy export`
    /// writes); every problem at once, with its position.
    pub fn load(text: &str) -> std::result::Result<OfflinePolicy, Vec<Problem>> {
        let doc: PolicyDocument = load(text)?;
        Ok(OfflinePolicy {
            snapshot: snapshot(&doc),
            configurations: configurations(&doc),
        })
    }

    /// The answer to a question given as JSON.
    pub fn check_json(&self, question: &str, now_ms: i64) -> Result<Value> {
        if question.len() > MAX_REQUEST_BYTES {
            return Err(Error::new(
                ErrorKind::PayloadTooLarge,
                format!("the request body is at most {MAX_REQUEST_BYTES} bytes"),
            ));
        }
        let question: Question = serde_json::from_str(question)
            .map_err(|e| Error::bad_request(format!("invalid JSON body: {e}")))?;
        self.check(&question, now_ms)
    }

    /// The answer to a question, as the route gives it.
    pub fn check(&self, question: &Question, now_ms: i64) -> Result<Value> {
        let arguments = match &question.arguments {
            None | Some(Value::Null) => json!({}),
            Some(v @ Value::Object(_)) => v.clone(),
            Some(_) => return Err(Error::bad_request("'arguments' must be an object")),
        };
        let principal = principal_of(&question.principal);
        let server = server_of(&question.tool, question.server.as_deref());
        let decision = self.snapshot.decide(
            &CallFacts {
                tool: &question.tool,
                server: server.as_deref(),
                args: &arguments,
                principal: &principal,
                now_ms,
            },
            true,
        );
        Ok(answer(
            &Asked {
                tool: &question.tool,
                server: server.as_deref(),
                principal: &principal,
                snapshot: &self.snapshot,
                configurations: &self.configurations,
            },
            &decision,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
version: "1.0"
defaults: {action: deny}
tools:
  - name: fx__deploy
    conditions:
      - name: prod-needs-approval
        expression: args.environment == "prod"
        action: require_approval
        approval_workflow: release
      - action: allow
approval_workflows:
  - name: release
"#;

    #[test]
    fn a_file_answers_as_the_route_does() {
        let policy = OfflinePolicy::load(FILE).unwrap();
        let a = policy
            .check_json(
                r#"{"tool":"fx__deploy","arguments":{"environment":"prod"}}"#,
                0,
            )
            .unwrap();
        assert_eq!(a["decision"], "require_approval");
        assert_eq!(a["matched_rule"]["id"], "fx__deploy#1");
        assert_eq!(a["matched_rule"]["name"], "prod-needs-approval");
        assert_eq!(a["server"], "fx");
        assert_eq!(a["default_action"], "deny");
        let b = policy
            .check_json(
                r#"{"tool":"fx__deploy","arguments":{"environment":"dev"}}"#,
                0,
            )
            .unwrap();
        assert_eq!(b["decision"], "allow");
        assert_eq!(b["matched_rule"]["id"], "fx__deploy#2");
        let c = policy.check_json(r#"{"tool":"fx__other"}"#, 0).unwrap();
        assert_eq!(c["decision"], "deny");
        assert!(c["matched_rule"].is_null());
    }

    #[test]
    fn bad_questions_and_files_are_errors() {
        let policy = OfflinePolicy::load(FILE).unwrap();
        assert!(
            policy
                .check_json(r#"{"tool":"x","arguments":[1]}"#, 0)
                .is_err()
        );
        assert!(
            policy
                .check_json(r#"{"tool":"x","surprise":1}"#, 0)
                .is_err()
        );
        assert!(policy.check_json("not json", 0).is_err());
        let big = format!(
            r#"{{"tool":"x","arguments":{{"s":"{}"}}}}"#,
            "a".repeat(MAX_REQUEST_BYTES)
        );
        assert_eq!(
            policy.check_json(&big, 0).unwrap_err().kind,
            ErrorKind::PayloadTooLarge
        );
        let problems = OfflinePolicy::load("version: \"1.0\"\ntools:\n  - name: t\n    conditions:\n      - expression: \"args.x ==\"\n        action: allow\n").err().unwrap();
        assert!(!problems.is_empty());
        assert!(problems[0].line > 0);
    }
}
