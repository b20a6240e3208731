//! Replaying recorded calls through a candidate policy: every call in the
//! audit trail since a moment is decided again by the candidate's rules, as
//! the caller who made it, and each decision that would change is reported
//! with counts per deciding rule. Nothing is written.
//!
//! Calls are replayed with the arguments as recorded, which are redacted
//! (secret-looking values replaced), and at the time they were made.

use super::apply::load_state;
use super::engine::{CallFacts, PolicySnapshot};
use super::load::{self, problems_error};
use super::testing::{self, rule_ref};
use super::{Action, Scope};
use crate::auth::{Principal, Role};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::audit::{self, AuditFilter};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most records one simulation reads.
pub const MAX_RECORDS: usize = 50_000;

/// The audit reason of a call run after its approval: the same call was
/// already recorded (and decided) when it was sent for approval.
pub const APPROVED_REASON_PREFIX: &str = "approved (approval request";

/// `90s`, `30m`, `24h`, `7d` → milliseconds.
pub fn parse_duration(s: &str) -> Result<i64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: i64 = n
        .parse()
        .map_err(|_| Error::bad_request(format!("'{s}' is not a duration (e.g. 30m, 24h, 7d)")))?;
    let ms = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => {
            return Err(Error::bad_request(format!(
                "'{s}' is not a duration (units: s, m, h, d)"
            )));
        }
    };
    Ok(n.saturating_mul(ms))
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Decided {
    pub decision: Action,
    /// The deciding rule (name or `tool#N` for the candidate; name or id for
    /// what was recorded), or `default`.
    pub rule: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ChangedCall {
    pub audit_id: String,
    pub created_at: i64,
    pub tool: String,
    pub principal: String,
    pub recorded: Decided,
    pub simulated: Decided,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct RuleCount {
    pub rule: String,
    pub changed: usize,
    /// `allow → deny` and the like, with how many calls each.
    pub transitions: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Simulation {
    pub since_ms: i64,
    pub replayed: usize,
    pub unchanged: usize,
    pub changed: usize,
    /// Whether more than [`MAX_RECORDS`] calls were in the window.
    pub truncated: bool,
    pub by_rule: Vec<RuleCount>,
    pub calls: Vec<ChangedCall>,
}

pub async fn simulate(
    env: &Env,
    account_id: &str,
    text: &str,
    since_ms: i64,
) -> Result<Simulation> {
    let doc = load::load(text).map_err(|p| problems_error(&p))?;
    let state = load_state(env, account_id).await?;
    // The candidate's scopes name agents and keys; calls carry their ids.
    let mut configs = testing::configurations(&doc);
    for c in &mut configs {
        for r in &mut c.rules {
            // Resolved as apply would; a name that would not apply is left
            // as written and matches no caller.
            let resolved = match r.scope() {
                Scope::Account => None,
                Scope::Agent(name) => state.agent_id(&name).ok().map(str::to_string),
                Scope::ApiKey(name) => state.key_id(&name).ok().map(str::to_string),
            };
            if resolved.is_some() {
                r.scope_id = resolved;
            }
        }
    }
    let candidate = PolicySnapshot::compile(0, testing::default_action(&doc), configs);
    let recorded_rules: BTreeMap<&str, String> = state
        .configs
        .iter()
        .flat_map(|c| c.rules.iter())
        .map(|r| (r.id.as_str(), r.label().to_string()))
        .collect();
    let candidate_label = |tool: &str, id: &str| -> String {
        doc.tools
            .iter()
            .find(|t| t.name == tool)
            .and_then(|t| {
                t.conditions
                    .iter()
                    .enumerate()
                    .find(|(i, _)| rule_ref(tool, *i) == id)
                    .and_then(|(_, r)| r.name.clone())
            })
            .unwrap_or_else(|| id.to_string())
    };

    let mut sim = Simulation {
        since_ms,
        replayed: 0,
        unchanged: 0,
        changed: 0,
        truncated: false,
        by_rule: Vec::new(),
        calls: Vec::new(),
    };
    let mut counts: BTreeMap<String, RuleCount> = BTreeMap::new();
    let mut cursor = None;
    let mut read = 0usize;
    loop {
        let page = audit::list(
            env.sql(),
            account_id,
            &AuditFilter {
                since_ms: Some(since_ms),
                limit: 500,
                cursor: cursor.take(),
                ..AuditFilter::default()
            },
        )
        .await?;
        for rec in &page.records {
            read += 1;
            // Calls that never reached the policy (unknown tools, the
            // built-in approval tools, quarantined tools, arguments that
            // failed their schema), Preloop's own events (`preloop:…`), and
            // the second record of an approved call are not decisions to
            // replay.
            if rec.server_id.is_none()
                || rec.tool.starts_with("preloop:")
                || crate::audit::BEFORE_POLICY.contains(&rec.outcome.as_str())
                || rec.reason.starts_with(APPROVED_REASON_PREFIX)
            {
                continue;
            }
            let Ok(recorded_action) = Action::parse(&rec.decision) else {
                continue;
            };
            let key = rec
                .api_key_id
                .as_deref()
                .and_then(|id| state.keys.iter().find(|k| k.id == id));
            let role = key.map(|k| k.role).unwrap_or(Role::Agent);
            let principal = Principal {
                account_id: account_id.to_string(),
                api_key_id: rec.api_key_id.clone().unwrap_or_default(),
                key_name: key.map(|k| k.name.clone()).unwrap_or_default(),
                role,
                permissions: role.permissions(),
                credential: crate::principal::Credential::ApiKey,
                user_id: key.and_then(|k| k.user_id.clone()),
                agent_id: key.and_then(|k| k.agent_id.clone()),
                agent_name: key
                    .and_then(|k| k.agent_id.as_deref())
                    .map(|id| state.agent_ref(id)),
                policy_version: 0,
                default_action: String::new(),
                killed: None,
                rate_limit_per_minute: None,
                flow_id: None,
                flow_execution_id: None,
            };
            let d = candidate.decide(
                &CallFacts {
                    tool: &rec.tool,
                    server: rec.server_name.as_deref(),
                    args: &rec.arguments,
                    principal: &principal,
                    now_ms: rec.created_at,
                },
                false,
            );
            sim.replayed += 1;
            if d.action == recorded_action {
                sim.unchanged += 1;
                continue;
            }
            sim.changed += 1;
            let simulated_rule = d
                .rule_id
                .as_deref()
                .map(|id| candidate_label(&rec.tool, id))
                .unwrap_or_else(|| "default".into());
            let recorded_rule = rec
                .rule_id
                .as_deref()
                .map(|id| {
                    recorded_rules
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string())
                })
                .unwrap_or_else(|| "default".into());
            let entry = counts
                .entry(format!("{}: {simulated_rule}", rec.tool))
                .or_insert_with(|| RuleCount {
                    rule: format!("{}: {simulated_rule}", rec.tool),
                    changed: 0,
                    transitions: BTreeMap::new(),
                });
            entry.changed += 1;
            *entry
                .transitions
                .entry(format!(
                    "{} → {}",
                    recorded_action.as_str(),
                    d.action.as_str()
                ))
                .or_default() += 1;
            sim.calls.push(ChangedCall {
                audit_id: rec.id.clone(),
                created_at: rec.created_at,
                tool: rec.tool.clone(),
                principal: rec.principal.clone(),
                recorded: Decided {
                    decision: recorded_action,
                    rule: recorded_rule,
                },
                simulated: Decided {
                    decision: d.action,
                    rule: simulated_rule,
                },
            });
        }
        if read >= MAX_RECORDS {
            sim.truncated = page.next_cursor.is_some();
            break;
        }
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut by_rule: Vec<RuleCount> = counts.into_values().collect();
    by_rule.sort_by(|a, b| b.changed.cmp(&a.changed).then(a.rule.cmp(&b.rule)));
    sim.by_rule = by_rule;
    Ok(sim)
}

/// A simulation as people read it.
pub fn render(sim: &Simulation) -> String {
    let mut out = format!(
        "Replayed {} recorded calls: {} would change, {} unchanged.{}\n",
        sim.replayed,
        sim.changed,
        sim.unchanged,
        if sim.truncated {
            format!(" (only the newest {MAX_RECORDS} were read)")
        } else {
            String::new()
        }
    );
    if !sim.by_rule.is_empty() {
        out.push_str("\nBy rule:\n");
        for r in &sim.by_rule {
            let t: Vec<String> = r
                .transitions
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            out.push_str(&format!(
                "  {:>5}  {}  ({})\n",
                r.changed,
                r.rule,
                t.join(", ")
            ));
        }
        out.push_str("\nCalls:\n");
        for c in &sim.calls {
            out.push_str(&format!(
                "  {} {} by {}: {} ({}) → {} ({})\n",
                c.audit_id,
                c.tool,
                c.principal,
                c.recorded.decision.as_str(),
                c.recorded.rule,
                c.simulated.decision.as_str(),
                c.simulated.rule
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s").unwrap(), 90_000);
        assert_eq!(parse_duration("24h").unwrap(), 86_400_000);
        assert_eq!(parse_duration("7d").unwrap(), 604_800_000);
        assert!(parse_duration("1w").is_err());
        assert!(parse_duration("h").is_err());
    }
}
