//! The definition of ready judged by a model: an OpenAI-compatible chat
//! model (Preloop's own gateway works, and then the calls are metered and
//! budgeted) is shown the issue with a versioned prompt and answers JSON,
//! which is checked as strictly as any other input and kept per issue
//! revision, so the same text is never paid for twice.
//!
//! The rule-based scorer (`compliance`) always answers beside it, and alone
//! when no model is configured, when `scorer=rules` is asked, or when the
//! model fails (the failure is said, never hidden).

use super::compliance::{self, Assessment, Check, Finding};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::model_api::{EndpointConfig, post_json};
use crate::store::issue_evaluations::{self, Key};
use crate::store::issues::Issue;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The prompt's version: stored with each evaluation, so a new prompt asks
/// again instead of reusing answers to the old one.
pub const PROMPT_VERSION: &str = "compliance-v1";

const SYSTEM_PROMPT: &str = r#"You review one issue from a software issue tracker against a definition of ready. The issue is given as JSON: its kind, title, body, labels, priority, state and links. Judge only what is written; do not assume what is not there.

Answer with one JSON object and nothing else, of this form:
{"checks": {"<check>": {"applies": true or false, "passed": true or false, "suggestion": "<what to add or change>" or null}}}
with exactly these seven checks:
- clear_title: the title says what is wrong or wanted, specifically enough to tell this issue apart from others.
- description: the body explains the problem or the need: who is affected, what happens, why it matters.
- acceptance_criteria: the body says what must be true when the work is done. Does not apply to bug reports.
- reproduction_steps: the body gives steps to reproduce, and the expected and the actual behaviour. Applies only to bug reports.
- labels: the issue has labels that say its type or area.
- priority: the issue has a priority, as a field or a label.
- linked_dependencies: the work the body says this depends on, or is blocked by, is linked or referenced. Applies only when the body mentions such a dependency.
A suggestion is one or two sentences specific to this issue, and null when the check passed or does not apply."#;

/// The most characters of an issue's body the model is shown.
const MAX_BODY_CHARS: usize = 8_000;
/// The answer's output limit (a gateway under a budget requires one).
const MAX_OUTPUT_TOKENS: u64 = 800;
const TIMEOUT_MS: u64 = 60_000;
/// The most bytes of the model API's answer that are read.
const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// The most characters of a suggestion that are kept.
const MAX_SUGGESTION_CHARS: usize = 400;
/// The most issues one request has a model evaluate (the rest are scored
/// by the rules): each is a model call when it is not cached.
pub const MAX_MODEL_ISSUES: usize = 10;

/// An assessment, and when a model made it, what it was asked with.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluated {
    #[serde(flatten)]
    pub assessment: Assessment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_version: Option<&'static str>,
    /// The SHA-256 of what the model was shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Whether the evaluation was reused rather than asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cached: Option<bool>,
    /// The rule-based scorer's answer, beside a model's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Assessment>,
    /// Why a configured model did not answer (this is then the rules').
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_error: Option<String>,
}

impl Evaluated {
    fn rules(issue: &Issue) -> Evaluated {
        Evaluated {
            assessment: compliance::assess(issue),
            prompt_version: None,
            revision: None,
            cached: None,
            rules: None,
            model_error: None,
        }
    }
}

/// The issue judged: by the configured model when there is one and
/// `use_model` is set, else (or when the model fails) by the rules.
pub async fn assess(env: &Env, account: &str, issue: &Issue, use_model: bool) -> Evaluated {
    let Some(endpoint) = env.config.compliance_model.as_ref().filter(|_| use_model) else {
        return Evaluated::rules(issue);
    };
    match evaluate(env, endpoint, account, issue).await {
        Ok((assessment, revision, cached)) => Evaluated {
            assessment,
            prompt_version: Some(PROMPT_VERSION),
            revision: Some(revision),
            cached: Some(cached),
            rules: Some(compliance::assess(issue)),
            model_error: None,
        },
        Err(e) => {
            tracing::warn!(issue = %issue.id, error = %e.message, "compliance model failed");
            Evaluated {
                model_error: Some(e.message),
                ..Evaluated::rules(issue)
            }
        }
    }
}

/// What the model is shown of an issue (its revision is this text's hash).
pub fn shown(issue: &Issue) -> String {
    json!({
        "kind": issue.kind.as_str(),
        "title": issue.title,
        "body": super::clip(&issue.body, MAX_BODY_CHARS),
        "labels": issue.labels,
        "priority": issue.priority,
        "state": issue.state,
        "links": issue.links,
    })
    .to_string()
}

async fn evaluate(
    env: &Env,
    endpoint: &EndpointConfig,
    account: &str,
    issue: &Issue,
) -> Result<(Assessment, String, bool)> {
    let shown = shown(issue);
    let revision = hex::encode(Sha256::digest(shown.as_bytes()));
    let key = Key {
        account_id: account,
        issue_id: &issue.id,
        prompt_version: PROMPT_VERSION,
        model: &endpoint.model,
    };
    if let Some(stored) = issue_evaluations::get(env.sql(), key, &revision).await? {
        let findings = read_answer(&stored)?;
        return Ok((
            compliance::scored(&issue.key, findings, &endpoint.model),
            revision,
            true,
        ));
    }
    let body = json!({
        "model": endpoint.model,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": shown},
        ],
        "response_format": {"type": "json_object"},
        "temperature": 0,
        "max_tokens": MAX_OUTPUT_TOKENS,
    });
    let answer = post_json(
        env,
        endpoint,
        "/chat/completions",
        &body,
        TIMEOUT_MS,
        MAX_ANSWER_BYTES,
        "the compliance model",
    )
    .await?;
    let content = answer
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::upstream("the compliance model answered no message"))?;
    let findings = read_answer(content)?;
    // What is kept is the checked findings, not the model's raw text.
    let checked = json!({"checks": findings_json(&findings)}).to_string();
    issue_evaluations::put(env.sql(), key, &revision, &checked, env.now_ms()).await?;
    Ok((
        compliance::scored(&issue.key, findings, &endpoint.model),
        revision,
        false,
    ))
}

fn findings_json(findings: &[Finding]) -> Value {
    let mut out = Map::new();
    for f in findings {
        out.insert(
            f.check.as_str().into(),
            json!({"applies": f.applies, "passed": f.passed, "suggestion": f.suggestion}),
        );
    }
    Value::Object(out)
}

/// The model's answer, checked: a JSON object (a Markdown code fence around
/// it is tolerated) with each of the seven checks, each with two booleans
/// and a suggestion that is text or null. Anything else is refused.
pub fn read_answer(content: &str) -> Result<Vec<Finding>> {
    let bad = |why: &str| Error::upstream(format!("the compliance model's answer {why}"));
    let text = content.trim();
    let text = text
        .strip_prefix("```json")
        .or_else(|| text.strip_prefix("```"))
        .and_then(|t| t.strip_suffix("```"))
        .unwrap_or(text);
    let v: Value = serde_json::from_str(text.trim()).map_err(|_| bad("is not JSON"))?;
    let checks = v
        .get("checks")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("has no checks"))?;
    Check::ALL
        .into_iter()
        .map(|check| {
            let c = checks
                .get(check.as_str())
                .and_then(Value::as_object)
                .ok_or_else(|| bad(&format!("lacks the {} check", check.as_str())))?;
            let flag = |name: &str| {
                c.get(name)
                    .and_then(Value::as_bool)
                    .ok_or_else(|| bad(&format!("has no {name} flag for {}", check.as_str())))
            };
            let (applies, passed) = (flag("applies")?, flag("passed")?);
            let suggestion = match c.get("suggestion") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    Some(super::clip(s.trim(), MAX_SUGGESTION_CHARS))
                }
                Some(Value::String(_)) => None,
                Some(_) => {
                    return Err(bad(&format!(
                        "has a suggestion for {} that is not text",
                        check.as_str()
                    )));
                }
            };
            let failed = applies && !passed;
            Ok(Finding {
                check,
                applies,
                passed: !failed,
                suggestion: if failed { suggestion } else { None },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(overrides: Value) -> String {
        let mut checks = Map::new();
        for c in Check::ALL {
            checks.insert(
                c.as_str().into(),
                json!({"applies": true, "passed": true, "suggestion": null}),
            );
        }
        if let Value::Object(o) = overrides {
            checks.extend(o);
        }
        json!({"checks": checks}).to_string()
    }

    #[test]
    fn a_complete_answer_reads_in_check_order() {
        let text = answer(json!({
            "acceptance_criteria": {"applies": true, "passed": false, "suggestion": "  Say when the export is done.  "},
            "reproduction_steps": {"applies": false, "passed": false, "suggestion": "ignored"},
        }));
        let findings = read_answer(&text).unwrap();
        assert_eq!(
            findings.iter().map(|f| f.check).collect::<Vec<_>>(),
            Check::ALL
        );
        let ac = &findings[2];
        assert!(!ac.passed);
        assert_eq!(
            ac.suggestion.as_deref(),
            Some("Say when the export is done.")
        );
        // One that does not apply counts as passed and carries nothing.
        let repro = &findings[3];
        assert!(repro.passed && !repro.applies && repro.suggestion.is_none());
        let a = compliance::scored("o/r#1", findings, "judge");
        assert_eq!((a.score, a.ready), (0.83, false));
    }

    #[test]
    fn a_fenced_answer_is_read() {
        let text = format!("```json\n{}\n```", answer(json!({})));
        assert_eq!(read_answer(&text).unwrap().len(), 7);
    }

    #[test]
    fn a_malformed_answer_is_refused_with_what_is_wrong() {
        let cases = [
            ("I think it is fine.".to_string(), "is not JSON"),
            ("{}".into(), "has no checks"),
            (
                json!({"checks": {"clear_title": {"applies": true, "passed": true}}}).to_string(),
                "lacks the description check",
            ),
            (
                answer(json!({"labels": {"applies": "yes", "passed": true}})),
                "has no applies flag for labels",
            ),
            (
                answer(json!({"priority": {"applies": true, "passed": false, "suggestion": 7}})),
                "suggestion for priority that is not text",
            ),
        ];
        for (text, why) in cases {
            let e = read_answer(&text).unwrap_err();
            assert!(e.message.contains(why), "{text}: {}", e.message);
        }
    }

    #[test]
    fn a_long_suggestion_is_clipped() {
        let text = answer(json!({
            "labels": {"applies": true, "passed": false, "suggestion": "x".repeat(10_000)},
        }));
        let f = read_answer(&text).unwrap();
        assert!(f[4].suggestion.as_ref().unwrap().chars().count() <= MAX_SUGGESTION_CHARS);
    }
}
