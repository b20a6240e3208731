//! The `tests` section of a policy file: each case is decided by the real
//! engine against the file's own rules, with no store. Offline, a rule's id is
//! `tool#N` (its position in the tool's list), workflows are known by name,
//! and an agent or key in a rule's scope is matched by the name written there.

use super::document::{PolicyDocument, TestCase, TestPrincipal};
use super::engine::{CallFacts, PolicySnapshot};
use super::trace::Trace;
use super::{Action, Rule, Scope, ToolConfiguration};
use crate::auth::{Principal, Role};
use serde::Serialize;
use serde_json::Value as Json;

/// The offline id of a tool's `index`th rule (0-based): `tool#N`, 1-based.
pub fn rule_ref(tool: &str, index: usize) -> String {
    format!("{tool}#{}", index + 1)
}

/// A test case names a rule the tool does not have.
#[derive(Debug)]
pub struct NoSuchRule;

/// Resolves what a test case names as the deciding rule: `Ok(None)` for
/// `default`, `Ok(Some(i))` for the tool's rule `i` (0-based).
pub fn find_rule(
    doc: &PolicyDocument,
    tool: &str,
    reference: &str,
) -> Result<Option<usize>, NoSuchRule> {
    if reference == "default" {
        return Ok(None);
    }
    let rules = doc
        .tools
        .iter()
        .find(|t| t.name == tool)
        .map(|t| t.conditions.as_slice())
        .unwrap_or_default();
    if let Some(i) = rules
        .iter()
        .position(|r| r.name.as_deref() == Some(reference))
    {
        return Ok(Some(i));
    }
    let n: usize = reference
        .strip_prefix(tool)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|n| n.parse().ok())
        .ok_or(NoSuchRule)?;
    if n >= 1 && n <= rules.len() {
        Ok(Some(n - 1))
    } else {
        Err(NoSuchRule)
    }
}

/// The document's tools as the engine takes them, with offline ids.
pub fn configurations(doc: &PolicyDocument) -> Vec<ToolConfiguration> {
    doc.tools
        .iter()
        .map(|t| ToolConfiguration {
            id: t.name.clone(),
            tool_name: t.name.clone(),
            tool_source: t.source.clone(),
            is_enabled: t.enabled,
            description: t.description.clone(),
            approval_policy_id: t.approval_workflow.clone(),
            justification: t.justification.map(Into::into),
            validate_arguments: t.validate_arguments,
            created_at: 0,
            updated_at: 0,
            rules: t
                .conditions
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let scope = match (&r.agent, &r.api_key) {
                        (_, Some(key)) => Scope::ApiKey(key.clone()),
                        (Some(agent), None) => Scope::Agent(agent.clone()),
                        (None, None) => Scope::Account,
                    };
                    Rule {
                        id: rule_ref(&t.name, i),
                        tool_configuration_id: t.name.clone(),
                        name: r.name.clone(),
                        scope_kind: scope.kind().into(),
                        scope_id: scope.id().map(str::to_string),
                        shadow: r.shadow,
                        priority: (i as i64 + 1) * 10,
                        action: r.action.into(),
                        condition: r.expression.clone(),
                        denial_message: r.message.clone(),
                        description: r.description.clone(),
                        enabled: r.enabled,
                        approval_policy_id: r.approval_workflow.clone(),
                        created_at: 0,
                        updated_at: 0,
                    }
                })
                .collect(),
        })
        .collect()
}

pub fn default_action(doc: &PolicyDocument) -> Action {
    doc.defaults.action.map(Into::into).unwrap_or(Action::Deny)
}

/// Compiles the document as the engine would run it.
pub fn snapshot(doc: &PolicyDocument) -> PolicySnapshot {
    PolicySnapshot::compile(0, default_action(doc), configurations(doc))
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub index: usize,
    pub name: Option<String>,
    pub tool: String,
    pub passed: bool,
    /// `require_approval by prod-deploys`, `deny by default`, …
    pub expected: String,
    pub got: String,
    pub trace: Trace,
}

fn principal_for(case: &TestCase) -> Principal {
    principal_of(&case.principal)
}

/// The caller a test case (or an offline decision) describes: a key of an
/// account called `test`, by its name.
pub fn principal_of(p: &TestPrincipal) -> Principal {
    let key = p.api_key.clone().unwrap_or_else(|| "test-key".into());
    let role = p
        .role
        .as_deref()
        .and_then(|r| Role::parse(r).ok())
        .unwrap_or(Role::Agent);
    Principal {
        account_id: "test".into(),
        api_key_id: key.clone(),
        key_name: key,
        role,
        permissions: role.permissions(),
        credential: crate::principal::Credential::ApiKey,
        user_id: None,
        agent_id: p.agent.clone(),
        agent_name: p.agent.clone(),
        policy_version: 0,
        default_action: String::new(),
        killed: None,
        rate_limit_per_minute: None,
        flow_id: None,
        flow_execution_id: None,
    }
}

fn describe(action: Action, rule: Option<&str>) -> String {
    match rule {
        Some(r) => format!("{} by {r}", action.as_str()),
        None => format!("{} by default", action.as_str()),
    }
}

/// Runs every case of the document's `tests` section.
pub fn run(doc: &PolicyDocument, now_ms: i64) -> Vec<CaseResult> {
    let snapshot = snapshot(doc);
    doc.tests
        .iter()
        .enumerate()
        .map(|(index, case)| {
            let principal = principal_for(case);
            let args = Json::Object(case.arguments.clone());
            let server = case
                .server
                .clone()
                .or_else(|| case.tool.split_once("__").map(|(s, _)| s.to_string()));
            let d = snapshot.decide(
                &CallFacts {
                    tool: &case.tool,
                    server: server.as_deref(),
                    args: &args,
                    principal: &principal,
                    now_ms,
                },
                true,
            );
            let label = |id: &str| -> String {
                // `tool#N` → the rule's name when it has one.
                let by_name = doc
                    .tools
                    .iter()
                    .find(|t| t.name == case.tool)
                    .and_then(|t| {
                        t.conditions
                            .iter()
                            .enumerate()
                            .find(|(i, _)| rule_ref(&t.name, *i) == id)
                            .and_then(|(_, r)| r.name.clone())
                    });
                by_name.unwrap_or_else(|| id.to_string())
            };
            let got_rule = d.rule_id.as_deref().map(label);
            let expected_action: Action = case.expect.decision.into();
            let rule_ok = match case.expect.rule.as_deref() {
                None => true,
                Some(reference) => match find_rule(doc, &case.tool, reference) {
                    Ok(None) => d.rule_id.is_none(),
                    Ok(Some(i)) => d.rule_id.as_deref() == Some(rule_ref(&case.tool, i).as_str()),
                    Err(NoSuchRule) => false,
                },
            };
            let expected = match case.expect.rule.as_deref() {
                None => case.expect.decision_str().to_string(),
                Some("default") => describe(expected_action, None),
                Some(r) => describe(expected_action, Some(r)),
            };
            CaseResult {
                index,
                name: case.name.clone(),
                tool: case.tool.clone(),
                passed: d.action == expected_action && rule_ok,
                expected,
                got: describe(d.action, got_rule.as_deref()),
                trace: d.trace,
            }
        })
        .collect()
}

impl super::document::Expectation {
    fn decision_str(&self) -> &'static str {
        Action::from(self.decision).as_str()
    }
}

/// A failing case as people read it: what was expected, what happened, and
/// the rules the engine went through.
pub fn explain_failure(r: &CaseResult) -> String {
    let mut out = format!(
        "test {} ({}{}) failed: expected {}, got {}\n",
        r.index + 1,
        r.name
            .as_deref()
            .map(|n| format!("{n}: "))
            .unwrap_or_default(),
        r.tool,
        r.expected,
        r.got
    );
    out.push_str(&render_trace(&r.trace));
    out
}

/// A trace as indented lines.
pub fn render_trace(t: &Trace) -> String {
    let mut out = String::new();
    if !t.scope.is_empty() {
        out.push_str(&format!("  scope: {}\n", t.scope));
    }
    for s in &t.rules {
        let outcome = match (s.outcome, &s.error) {
            (_, Some(e)) => format!("error: {e}"),
            (o, None) => serde_json::to_value(o)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        };
        out.push_str(&format!(
            "  - {}{} [{}] {} when {} → {}\n",
            s.rule.name.as_deref().unwrap_or(&s.rule.rule_id),
            if s.rule.shadow { " (shadow)" } else { "" },
            s.rule.scope,
            s.rule.action.as_str(),
            s.rule.condition.as_deref().unwrap_or("always"),
            outcome
        ));
    }
    out.push_str(&format!("  why: {}\n", t.why));
    if let Some(sh) = &t.shadow {
        out.push_str(&format!(
            "  shadow: {} would have decided {}{}\n",
            sh.name.as_deref().unwrap_or(&sh.rule_id),
            sh.action.as_str(),
            if sh.changes_decision {
                " (a different decision)"
            } else {
                ""
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::load::load;

    const DOC: &str = r#"version: "1.0"
defaults: {action: allow}
tools:
  - name: bash
    conditions:
      - name: block-rm
        expression: "args.command.startsWith('rm ')"
        action: deny
      - expression: "args.command.contains('deploy')"
        action: require_approval
      - name: ci-only
        agent: ci
        action: allow
      - name: watch-curl
        expression: "args.command.contains('curl')"
        action: deny
        shadow: true
tests:
  - name: rm is blocked
    tool: bash
    arguments: {command: "rm -rf /"}
    expect: {decision: deny, rule: block-rm}
  - tool: bash
    arguments: {command: "deploy prod"}
    expect: {decision: require_approval, rule: "bash#2"}
  - name: the ci agent has its own rules
    principal: {agent: ci}
    tool: bash
    arguments: {command: "rm -rf /"}
    expect: {decision: allow, rule: ci-only}
  - tool: other
    expect: {decision: allow, rule: default}
  - name: shadow rules never decide
    tool: bash
    arguments: {command: "curl x"}
    expect: {decision: allow, rule: default}
"#;

    #[test]
    fn cases_run_on_the_real_engine() {
        let doc = load(DOC).unwrap();
        let results = run(&doc, 0);
        assert!(results.iter().all(|r| r.passed), "{results:#?}");
        // The shadow rule was recorded.
        let shadow = results[4].trace.shadow.clone().unwrap();
        assert_eq!(shadow.name.as_deref(), Some("watch-curl"));
        assert!(shadow.changes_decision);
    }

    #[test]
    fn a_failing_case_shows_its_trace() {
        let doc = load(&DOC.replace(
            "expect: {decision: deny, rule: block-rm}",
            "expect: {decision: allow}",
        ))
        .unwrap();
        let results = run(&doc, 0);
        assert!(!results[0].passed);
        let text = explain_failure(&results[0]);
        assert!(
            text.starts_with(
                "test 1 (rm is blocked: bash) failed: expected allow, got deny by block-rm"
            ),
            "{text}"
        );
        assert!(
            text.contains("block-rm [account] deny when args.command.startsWith('rm ') → matched"),
            "{text}"
        );
        assert!(
            text.contains(
                "bash#2 [account] require_approval when args.command.contains('deploy') → no_match"
            ),
            "{text}"
        );
    }

    #[test]
    fn references_to_missing_rules_are_refused() {
        let problems = load(&DOC.replace("rule: \"bash#2\"", "rule: \"bash#9\"")).unwrap_err();
        assert_eq!(problems[0].path, "tests[1].expect.rule");
    }
}
