//! A compiled policy snapshot and the decision procedure.

use super::bounds::{self, Budget, InputSize, Shape};
use super::condition::{cel_env, compile_bounded, json_to_cel};
use super::fast::{self, Facts, Fast};
use super::trace::{Outcome, RuleInfo, ShadowOutcome, Step, Trace};
use super::{Action, Decision, Rule, Scope, ToolConfiguration};
use crate::approval::Justification;
use crate::auth::Principal;
use cel::{Context, Program, Value as CelValue};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;

/// One call, as the engine sees it.
pub struct CallFacts<'a> {
    pub tool: &'a str,
    pub server: Option<&'a str>,
    pub args: &'a Json,
    pub principal: &'a Principal,
    pub now_ms: i64,
}

struct CompiledRule {
    rule: Rule,
    info: Arc<RuleInfo>,
    /// `None` for a rule without a condition (matches every call).
    program: Option<Result<Program, String>>,
    /// What evaluating the condition may cost on the interpreter.
    shape: Shape,
    /// The same condition compiled for direct evaluation, when it can be.
    fast: Option<Fast>,
}

/// One scope's enabled rules for a tool, in evaluation order.
struct ScopeGroup {
    scope: Scope,
    label: String,
    /// Whether any of its rules is enforced (not shadow).
    enforced: bool,
    rules: Vec<CompiledRule>,
}

struct CompiledTool {
    enabled: bool,
    approval_policy_id: Option<String>,
    justification: Option<Justification>,
    validate_arguments: bool,
    groups: Vec<ScopeGroup>,
}

impl CompiledTool {
    /// The narrowest scope of the caller's with rules here (enforced ones
    /// only, unless `with_shadow`): the key's, its agent's, the account's.
    fn scope_for(&self, p: &Principal, with_shadow: bool) -> Option<&ScopeGroup> {
        let usable = |g: &&ScopeGroup| with_shadow || g.enforced;
        let find = |pred: &dyn Fn(&Scope) -> bool| {
            self.groups.iter().filter(usable).find(|g| pred(&g.scope))
        };
        find(&|s| matches!(s, Scope::ApiKey(id) if *id == p.api_key_id))
            .or_else(|| find(&|s| matches!(s, Scope::Agent(id) if p.agent_id.as_ref() == Some(id))))
            .or_else(|| find(&|s| *s == Scope::Account))
    }
    fn rules(&self) -> impl Iterator<Item = &CompiledRule> {
        self.groups.iter().flat_map(|g| g.rules.iter())
    }
    fn workflow_of(&self, rule: &Rule) -> Option<String> {
        rule.approval_policy_id
            .clone()
            .or_else(|| self.approval_policy_id.clone())
    }
}

/// Every tool's rules for one account at one policy version, with each CEL
/// program compiled exactly once.
pub struct PolicySnapshot {
    pub version: i64,
    pub default_action: Action,
    tools: HashMap<String, CompiledTool>,
    /// The account's redaction (built-in rules plus its own), compiled with
    /// the policy and cached with it.
    pub redactor: crate::redact::Redactor,
    /// Which server each called tool name reaches, as looked up at this
    /// version (every change to servers or their tool lists moves it).
    pub routes: Routes,
}

/// Where a called tool name leads: its server and the tool as pinned there.
#[derive(Clone)]
pub struct Route {
    pub server: std::rc::Rc<crate::store::servers::McpServer>,
    pub tool: std::rc::Rc<crate::store::tools::ScannedTool>,
}

/// A bounded memo of tool name → route for one policy version. Only found
/// tools are kept, so unknown names cannot grow it; when full it starts
/// over.
#[derive(Default)]
pub struct Routes(std::cell::RefCell<HashMap<String, Route>>);

impl Routes {
    const MAX: usize = 4096;

    pub fn get(&self, name: &str) -> Option<Route> {
        self.0.borrow().get(name).cloned()
    }

    pub fn put(&self, name: &str, server: Route) {
        let mut map = self.0.borrow_mut();
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(name.to_string(), server);
    }
}

/// The winners of one walk over a scope's rules.
#[derive(Default)]
struct Walk<'r> {
    /// The first enforced rule that matched, or failed to evaluate.
    winner: Option<(&'r Rule, Option<String>)>,
    /// The first rule of any kind that matched or failed: what would decide
    /// if shadow rules were enforced.
    would_be: Option<(&'r Rule, Option<String>)>,
    also_matched: Vec<String>,
    steps: Vec<Step>,
}

impl PolicySnapshot {
    pub fn compile(version: i64, default_action: Action, configs: Vec<ToolConfiguration>) -> Self {
        let tools = configs
            .into_iter()
            .map(|config| {
                let mut rules: Vec<(Scope, CompiledRule)> = config
                    .rules
                    .into_iter()
                    .filter(|r| r.enabled)
                    .map(|rule| {
                        // A condition that was valid when written but no longer
                        // compiles (e.g. after an upgrade) is kept and denies
                        // when reached, rather than silently vanishing.
                        // Stored conditions are checked against the bounds
                        // again: one written before a limit was lowered
                        // denies rather than running unbounded.
                        let compiled = rule
                            .condition
                            .as_deref()
                            .map(|c| compile_bounded(c).map_err(|e| e.message));
                        let shape = match &compiled {
                            Some(Ok((_, shape))) => *shape,
                            _ => Shape::default(),
                        };
                        let program = compiled.map(|c| c.map(|(p, _)| p));
                        let fast = match &program {
                            Some(Ok(p)) => fast::compile(p.expression()),
                            _ => None,
                        };
                        (
                            rule.scope(),
                            CompiledRule {
                                info: Arc::new(RuleInfo::new(&rule)),
                                rule,
                                program,
                                shape,
                                fast,
                            },
                        )
                    })
                    .collect();
                rules.sort_by(|(sa, a), (sb, b)| {
                    (sa, a.rule.priority, a.rule.created_at, &a.rule.id).cmp(&(
                        sb,
                        b.rule.priority,
                        b.rule.created_at,
                        &b.rule.id,
                    ))
                });
                let mut groups: Vec<ScopeGroup> = Vec::new();
                for (scope, rule) in rules {
                    match groups.last_mut() {
                        Some(g) if g.scope == scope => {
                            g.enforced |= !rule.rule.shadow;
                            g.rules.push(rule);
                        }
                        _ => groups.push(ScopeGroup {
                            label: scope.label(),
                            scope,
                            enforced: !rule.rule.shadow,
                            rules: vec![rule],
                        }),
                    }
                }
                (
                    config.tool_name,
                    CompiledTool {
                        enabled: config.is_enabled,
                        approval_policy_id: config.approval_policy_id,
                        justification: config.justification,
                        validate_arguments: config.validate_arguments,
                        groups,
                    },
                )
            })
            .collect();
        PolicySnapshot {
            redactor: crate::redact::Redactor::default(),
            routes: Routes::default(),
            version,
            default_action,
            tools,
        }
    }

    pub fn is_configured(&self, tool: &str) -> bool {
        self.tools.contains_key(tool)
    }

    /// The workflows a call to `tool` may be sent to: one entry per enabled
    /// `require_approval` rule (`None`: the account's default workflow).
    pub fn approval_workflows(&self, tool: &str) -> Vec<Option<String>> {
        match self.tools.get(tool) {
            Some(t) => t
                .rules()
                .filter(|c| !c.rule.shadow && c.rule.action == Action::RequireApproval)
                .map(|c| t.workflow_of(&c.rule))
                .collect(),
            None if self.default_action == Action::RequireApproval => vec![None],
            None => Vec::new(),
        }
    }

    /// Whether a call's arguments are checked against the tool's schema.
    pub fn validates_arguments(&self, tool: &str) -> bool {
        self.tools.get(tool).is_none_or(|t| t.validate_arguments)
    }

    /// The tool's own justification mode, when it overrides its workflows'.
    pub fn justification(&self, tool: &str) -> Option<Justification> {
        self.tools.get(tool).and_then(|t| t.justification)
    }

    /// Whether the caller's scope denies every call to `tool` whatever its
    /// arguments: the tool is disabled, or the first enforced rule of the
    /// narrowest scope with rules for this caller denies unconditionally.
    /// (A tool no rule covers is left to the default action and still shown.)
    /// Whether a call of `tool` by `principal` can only be decided by the
    /// account default: the tool has no configuration, or none of its rules
    /// are in the caller's scope.
    pub fn left_to_default(&self, tool: &str, principal: &Principal) -> bool {
        match self.tools.get(tool) {
            None => true,
            Some(t) => t.enabled && t.scope_for(principal, false).is_none(),
        }
    }

    pub fn denies_outright(&self, tool: &str, principal: &Principal) -> bool {
        let Some(t) = self.tools.get(tool) else {
            return false;
        };
        if !t.enabled {
            return true;
        }
        t.scope_for(principal, false).is_some_and(|group| {
            group
                .rules
                .iter()
                .find(|r| !r.rule.shadow)
                .is_some_and(|r| r.rule.action == Action::Deny && r.rule.condition.is_none())
        })
    }

    /// Decides one call. With `explain`, every rule of the deciding scope is
    /// evaluated so that the trace shows each one's outcome and the decision
    /// lists the other rules that matched; the winner is the same either way.
    pub fn decide(&self, facts: &CallFacts<'_>, explain: bool) -> Decision {
        let Some(tool) = self.tools.get(facts.tool) else {
            return self.default_decision(
                facts.tool,
                "the tool has no configuration",
                Trace::default(),
            );
        };
        if !tool.enabled {
            return Decision::deny(format!("tool '{}' is disabled", facts.tool));
        }
        let mut context: Option<Context<'_, '_>> = None;
        let budget = Budget::new(bounds::decision_budget());
        let enforced = tool.scope_for(facts.principal, false);
        let shadowed = tool.scope_for(facts.principal, true);
        let mut walk = match enforced {
            Some(group) => walk_scope(group, facts, &mut context, &budget, explain),
            None => Walk::default(),
        };
        // A narrower scope holding only shadow rules: what it would decide.
        if let Some(group) = shadowed.filter(|s| !enforced.is_some_and(|e| std::ptr::eq(*s, e))) {
            let shadow_walk = walk_scope(group, facts, &mut context, &budget, false);
            walk.would_be = shadow_walk.would_be;
            let mut steps = shadow_walk.steps;
            steps.append(&mut walk.steps);
            walk.steps = steps;
        }
        let mut trace = Trace {
            scope: enforced.map(|g| g.label.clone()).unwrap_or_default(),
            rules: std::mem::take(&mut walk.steps),
            why: String::new(),
            ..Trace::default()
        };
        let mut decision = match walk.winner {
            Some((rule, None)) => {
                trace.why = format!(
                    "rule {} is the first rule of scope {} that matched (rules are tried in priority order; the narrowest scope with rules decides)",
                    rule.label(),
                    trace.scope
                );
                rule_decision(
                    rule,
                    facts.tool,
                    walk.also_matched,
                    tool.workflow_of(rule),
                    tool.justification,
                    trace,
                )
            }
            Some((rule, Some(e))) => {
                // Fail closed: a rule we cannot evaluate may have been the
                // one meant to stop this call.
                let mut d = Decision::deny(format!(
                    "rule {} could not be evaluated ({e}); denied",
                    rule.id
                ));
                d.rule_id = Some(rule.id.clone());
                d.message = Some(format!(
                    "Denied: policy rule {} could not be evaluated for this call.",
                    rule.id
                ));
                trace.why = format!(
                    "rule {} could not be evaluated, so the call is denied (fail closed)",
                    rule.label()
                );
                d.trace = trace;
                d
            }
            None => {
                let why = if enforced.is_some() {
                    "no rule matched"
                } else {
                    "no rule applies to this caller"
                };
                self.default_decision(facts.tool, why, trace)
            }
        };
        if let Some((rule, error)) = walk.would_be.filter(|(r, _)| r.shadow) {
            let action = if error.is_some() {
                Action::Deny
            } else {
                rule.action
            };
            decision.trace.shadow = Some(ShadowOutcome {
                rule_id: rule.id.clone(),
                name: rule.name.clone(),
                action,
                changes_decision: action != decision.action,
            });
        }
        decision
    }

    fn default_decision(&self, tool: &str, why: &str, mut trace: Trace) -> Decision {
        let action = self.default_action;
        let message = match action {
            Action::Allow => None,
            Action::Deny => Some(format!(
                "Tool '{tool}' is not allowed by policy ({why}; the default action is deny)."
            )),
            Action::RequireApproval => Some(format!(
                "Tool '{tool}' requires approval by default ({why})."
            )),
        };
        let reason = format!("{why}; default action {}", action.as_str());
        trace.why = format!(
            "{why}, so the account's default action ({}) applies",
            action.as_str()
        );
        Decision {
            action,
            rule_id: None,
            reason,
            message,
            also_matched: Vec::new(),
            approval_policy_id: None,
            justification: None,
            trace,
        }
    }
}

fn walk_scope<'r>(
    group: &'r ScopeGroup,
    facts: &CallFacts<'_>,
    context: &mut Option<Context<'_, '_>>,
    budget: &Budget,
    explain: bool,
) -> Walk<'r> {
    let fast_facts = Facts {
        args: facts.args,
        tool: facts.tool,
        server: facts.server,
        principal: facts.principal,
        budget,
    };
    let mut input: Option<InputSize> = None;
    let mut walk = Walk::default();
    for compiled in &group.rules {
        let rule = &compiled.rule;
        if walk.winner.is_some() && !explain {
            walk.steps.push(Step {
                rule: compiled.info.clone(),
                outcome: Outcome::NotReached,
                error: None,
            });
            continue;
        }
        let matched = match (&compiled.program, &compiled.fast) {
            (_, Some(f)) => fast::eval_bool(f, &fast_facts),
            (None, None) => Ok(true),
            (Some(Err(compile_error)), None) => Err(compile_error.clone()),
            (Some(Ok(program)), None) => {
                // The interpreter cannot be stopped once running, so it is
                // charged its worst case for these arguments up front.
                let size = *input.get_or_insert_with(|| InputSize::of(facts.args));
                match budget.charge(bounds::interpreter_cost(&compiled.shape, &size)) {
                    Err(over) => Err(over),
                    Ok(()) => {
                        let ctx = context.get_or_insert_with(|| build_context(facts));
                        match program.execute(ctx) {
                            Ok(CelValue::Bool(b)) => Ok(b),
                            Ok(other) => Err(format!(
                                "condition returned {:?}, not a boolean",
                                other.type_of()
                            )),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                }
            }
        };
        let (outcome, error) = match matched {
            Ok(true) => (Outcome::Matched, None),
            Ok(false) => (Outcome::NoMatch, None),
            Err(e) => (Outcome::Error, Some(e)),
        };
        walk.steps.push(Step {
            rule: compiled.info.clone(),
            outcome,
            error: error.clone(),
        });
        if outcome == Outcome::NoMatch {
            continue;
        }
        if walk.would_be.is_none() {
            walk.would_be = Some((rule, error.clone()));
        }
        if rule.shadow {
            continue;
        }
        match walk.winner {
            None => walk.winner = Some((rule, error)),
            Some(_) if outcome == Outcome::Matched => walk.also_matched.push(rule.id.clone()),
            Some(_) => {}
        }
    }
    walk
}

fn rule_decision(
    rule: &Rule,
    tool: &str,
    also_matched: Vec<String>,
    approval_policy_id: Option<String>,
    justification: Option<Justification>,
    trace: Trace,
) -> Decision {
    let what = rule
        .description
        .clone()
        .or_else(|| rule.condition.clone())
        .unwrap_or_else(|| "no condition".into());
    let message = match rule.action {
        Action::Allow => None,
        Action::Deny => Some(rule.denial_message.clone().unwrap_or_else(|| {
            format!("Tool '{tool}' was denied by policy rule {}.", rule.label())
        })),
        Action::RequireApproval => Some(format!(
            "Tool '{tool}' requires approval under rule {}{}.",
            rule.label(),
            rule.denial_message
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        )),
    };
    Decision {
        action: rule.action,
        rule_id: Some(rule.id.clone()),
        reason: format!(
            "rule {} (priority {}) matched: {what}",
            rule.label(),
            rule.priority
        ),
        message,
        also_matched,
        approval_policy_id: if rule.action == Action::RequireApproval {
            approval_policy_id
        } else {
            None
        },
        justification,
        trace,
    }
}

pub(crate) fn build_context<'a>(facts: &CallFacts<'_>) -> Context<'a, 'a> {
    let mut ctx = Context::with_env(cel_env());
    ctx.add_variable_from_value("args", json_to_cel(facts.args));
    ctx.add_variable_from_value("tool", CelValue::String(Arc::new(facts.tool.to_string())));
    ctx.add_variable_from_value(
        "server",
        facts
            .server
            .map(|s| CelValue::String(Arc::new(s.to_string())))
            .unwrap_or(CelValue::Null),
    );
    let p = facts.principal;
    let mut principal = serde_json::json!({
        "account": p.account_id,
        "key": p.api_key_id,
        "key_name": p.key_name,
        "role": p.role.as_str(),
    });
    if let (Some(agent), Some(m)) = (&p.agent_name, principal.as_object_mut()) {
        m.insert("agent".into(), serde_json::json!(agent));
    }
    ctx.add_variable_from_value("principal", json_to_cel(&principal));
    ctx.add_variable_from_value("now", CelValue::Timestamp(timestamp(facts.now_ms)));
    ctx
}

fn timestamp(ms: i64) -> DateTime<FixedOffset> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or_default()
        .fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(id: &str, priority: i64, action: Action, condition: Option<&str>) -> Rule {
        Rule {
            id: id.into(),
            tool_configuration_id: "tc".into(),
            name: None,
            scope_kind: "account".into(),
            scope_id: None,
            shadow: false,
            priority,
            action,
            condition: condition.map(Into::into),
            denial_message: Some(format!("msg-{id}")),
            description: None,
            enabled: true,
            approval_policy_id: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn snapshot(rules: Vec<Rule>) -> PolicySnapshot {
        PolicySnapshot::compile(
            1,
            Action::Deny,
            vec![ToolConfiguration {
                id: "tc".into(),
                tool_name: "srv__deploy".into(),
                tool_source: "mcp".into(),
                is_enabled: true,
                description: None,
                approval_policy_id: None,
                justification: None,
                validate_arguments: true,
                created_at: 0,
                updated_at: 0,
                rules,
            }],
        )
    }

    fn decide(s: &PolicySnapshot, tool: &str, args: Json, explain: bool) -> Decision {
        let p = crate::auth::test_principal();
        s.decide(
            &CallFacts {
                tool,
                server: Some("srv"),
                args: &args,
                principal: &p,
                now_ms: 1_700_000_000_000,
            },
            explain,
        )
    }

    /// The attacks of issue 12: each is refused when written, or denied
    /// with a reason naming the budget when decided, never run unbounded.
    #[test]
    fn hostile_conditions_are_refused_or_denied_over_budget() {
        let refused = |c: &str| {
            crate::policy::condition::compile(c)
                .err()
                .map(|e| e.message)
        };
        let long_sum = format!("1{} > 0", " + 1".repeat(4999));
        assert!(
            refused(&long_sum)
                .unwrap_or_default()
                .contains("too complex")
        );
        let deep_has = format!("has(args{})", ".x".repeat(3000));
        assert!(
            refused(&deep_has)
                .unwrap_or_default()
                .contains("too complex")
        );
        let computed = refused("args.s.matches(args.p)").unwrap_or_default();
        assert!(computed.contains("string literal"), "{computed}");
        assert!(refused("args.s.matches('((a{100}){100}){10}')").is_some());

        let over = |condition: &str, args: Json| {
            let s = snapshot(vec![rule("r1", 1, Action::Allow, Some(condition))]);
            decide(&s, "srv__deploy", args, false)
        };
        // A heavy literal pattern over a 3 MB argument (the fast path).
        let email = "args.s.matches('[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,255}')";
        let d = over(email, json!({"s": "a".repeat(3 << 20)}));
        assert_eq!(d.action, Action::Deny);
        assert!(d.reason.contains("evaluation budget"), "{}", d.reason);
        assert_eq!(
            over(email, json!({"s": "me@example.com"})).action,
            Action::Allow
        );
        // Nested loops over a 2,000-item list (the interpreter, charged up front).
        let nested = "args.l.exists(a, args.l.exists(b, a == b + 1000000))";
        let d = over(nested, json!({"l": (0..2000).collect::<Vec<_>>()}));
        assert_eq!(d.action, Action::Deny);
        assert!(d.reason.contains("evaluation budget"), "{}", d.reason);
        // The same rule on a list of ordinary size decides as written.
        let d = over(nested, json!({"l": (0..20).collect::<Vec<_>>()}));
        assert_eq!(d.action, Action::Deny);
        assert!(d.reason.contains("no rule matched"), "{}", d.reason);
        let d = over(nested, json!({"l": [0, 1000000]}));
        assert_eq!(d.action, Action::Allow);
    }

    #[test]
    fn first_match_by_priority_wins() {
        let s = snapshot(vec![
            rule("allow-all", 20, Action::Allow, None),
            rule(
                "deny-prod",
                10,
                Action::Deny,
                Some("args.env == 'production'"),
            ),
        ]);
        let d = decide(&s, "srv__deploy", json!({"env": "production"}), true);
        assert_eq!(d.action, Action::Deny);
        assert_eq!(d.rule_id.as_deref(), Some("deny-prod"));
        assert_eq!(d.message.as_deref(), Some("msg-deny-prod"));
        assert_eq!(d.also_matched, vec!["allow-all".to_string()]);
        let d = decide(&s, "srv__deploy", json!({"env": "staging"}), false);
        assert_eq!(d.action, Action::Allow);
        assert!(d.also_matched.is_empty());
    }

    #[test]
    fn defaults_and_failures_deny() {
        let s = snapshot(vec![rule(
            "big",
            1,
            Action::Allow,
            Some("args.amount > 1000"),
        )]);
        // No match → default deny.
        let d = decide(&s, "srv__deploy", json!({"amount": 5}), false);
        assert_eq!((d.action, d.rule_id.clone()), (Action::Deny, None));
        // Missing key → evaluation error → deny, naming the rule.
        let d = decide(&s, "srv__deploy", json!({}), false);
        assert_eq!(d.action, Action::Deny);
        assert_eq!(d.rule_id.as_deref(), Some("big"));
        // Non-boolean result → deny.
        let s2 = snapshot(vec![rule("str", 1, Action::Allow, Some("tool"))]);
        assert_eq!(
            decide(&s2, "srv__deploy", json!({}), false).action,
            Action::Deny
        );
        // Unconfigured tool → default.
        assert_eq!(
            decide(&s, "srv__other", json!({}), false).action,
            Action::Deny
        );
        let allow_default = PolicySnapshot::compile(1, Action::Allow, vec![]);
        assert_eq!(
            decide(&allow_default, "x", json!({}), false).action,
            Action::Allow
        );
    }

    #[test]
    fn variables_available() {
        let s = snapshot(vec![rule(
            "r",
            1,
            Action::Allow,
            Some(
                "tool == 'srv__deploy' && server == 'srv' && principal.role == 'agent' && now > timestamp('2020-01-01T00:00:00Z') && args.name.startsWith('a')",
            ),
        )]);
        assert_eq!(
            decide(&s, "srv__deploy", json!({"name": "abc"}), false).action,
            Action::Allow
        );
        assert_eq!(
            decide(&s, "srv__deploy", json!({"name": "xbc"}), false).action,
            Action::Deny
        );
    }

    fn scoped(id: &str, action: Action, condition: Option<&str>, scope: Scope) -> Rule {
        let mut r = rule(id, 10, action, condition);
        r.scope_kind = scope.kind().into();
        r.scope_id = scope.id().map(str::to_string);
        r
    }

    fn decide_as(s: &PolicySnapshot, key: &str, agent: Option<&str>, args: Json) -> Decision {
        let mut p = crate::auth::test_principal();
        p.api_key_id = key.into();
        p.agent_id = agent.map(str::to_string);
        p.agent_name = agent.map(|a| format!("{a}-name"));
        s.decide(
            &CallFacts {
                tool: "srv__deploy",
                server: Some("srv"),
                args: &args,
                principal: &p,
                now_ms: 0,
            },
            false,
        )
    }

    #[test]
    fn the_narrowest_scope_with_rules_decides() {
        let s = snapshot(vec![
            scoped("acct", Action::Deny, None, Scope::Account),
            scoped(
                "agent",
                Action::RequireApproval,
                None,
                Scope::Agent("ag1".into()),
            ),
            scoped("key", Action::Allow, None, Scope::ApiKey("k1".into())),
        ]);
        // Key over agent over account.
        let d = decide_as(&s, "k1", Some("ag1"), json!({}));
        assert_eq!(
            (d.action, d.trace.scope.as_str()),
            (Action::Allow, "api_key:k1")
        );
        let d = decide_as(&s, "k2", Some("ag1"), json!({}));
        assert_eq!(
            (d.action, d.trace.scope.as_str()),
            (Action::RequireApproval, "agent:ag1")
        );
        let d = decide_as(&s, "k2", Some("ag2"), json!({}));
        assert_eq!(
            (d.action, d.trace.scope.as_str()),
            (Action::Deny, "account")
        );
        // A narrower scope replaces the wider one entirely: its rules not
        // matching falls to the default, not to the account's rules.
        let s = snapshot(vec![
            scoped("acct", Action::Allow, None, Scope::Account),
            scoped(
                "key",
                Action::Allow,
                Some("args.x == 1"),
                Scope::ApiKey("k1".into()),
            ),
        ]);
        let d = decide_as(&s, "k1", None, json!({"x": 2}));
        assert_eq!((d.action, d.rule_id), (Action::Deny, None));
        assert!(d.trace.why.contains("no rule matched"), "{}", d.trace.why);
        // The agent's name is a CEL variable.
        let s = snapshot(vec![rule(
            "named",
            1,
            Action::Allow,
            Some("principal.agent == 'ag1-name'"),
        )]);
        assert_eq!(
            decide_as(&s, "k", Some("ag1"), json!({})).action,
            Action::Allow
        );
        assert_eq!(decide_as(&s, "k", None, json!({})).action, Action::Deny);
    }

    #[test]
    fn shadow_rules_are_recorded_not_enforced() {
        let mut watch = rule("watch", 5, Action::Deny, Some("args.env == 'prod'"));
        watch.shadow = true;
        let s = snapshot(vec![watch, rule("allow", 10, Action::Allow, None)]);
        let d = decide(&s, "srv__deploy", json!({"env": "prod"}), false);
        assert_eq!(
            (d.action, d.rule_id.as_deref()),
            (Action::Allow, Some("allow"))
        );
        let shadow = d.trace.shadow.expect("shadow outcome");
        assert_eq!(
            (shadow.rule_id.as_str(), shadow.action),
            ("watch", Action::Deny)
        );
        assert!(shadow.changes_decision);
        let d = decide(&s, "srv__deploy", json!({"env": "dev"}), false);
        assert!(d.trace.shadow.is_none());
        // A shadow rule that cannot be evaluated does not deny the call.
        let mut broken = rule("broken", 1, Action::Allow, Some("args.missing > 1"));
        broken.shadow = true;
        let s = snapshot(vec![broken, rule("allow", 10, Action::Allow, None)]);
        let d = decide(&s, "srv__deploy", json!({}), false);
        assert_eq!(d.action, Action::Allow);
        assert_eq!(d.trace.rules[0].outcome, Outcome::Error);
        // A scope holding only shadow rules does not take over enforcement.
        let mut key_shadow = scoped("ks", Action::Deny, None, Scope::ApiKey("k1".into()));
        key_shadow.shadow = true;
        let s = snapshot(vec![rule("allow", 10, Action::Allow, None), key_shadow]);
        let d = decide_as(&s, "k1", None, json!({}));
        assert_eq!(d.action, Action::Allow);
        assert_eq!(d.trace.shadow.map(|s| s.rule_id), Some("ks".to_string()));
    }

    #[test]
    fn traces_list_rules_in_order() {
        let s = snapshot(vec![
            rule("a", 1, Action::Deny, Some("args.x == 1")),
            rule("b", 2, Action::Allow, Some("args.x == 2")),
            rule("c", 3, Action::Allow, None),
        ]);
        let d = decide(&s, "srv__deploy", json!({"x": 2}), false);
        let outcomes: Vec<(&str, Outcome)> = d
            .trace
            .rules
            .iter()
            .map(|r| (r.rule.rule_id.as_str(), r.outcome))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                ("a", Outcome::NoMatch),
                ("b", Outcome::Matched),
                ("c", Outcome::NotReached)
            ]
        );
        let d = decide(&s, "srv__deploy", json!({"x": 2}), true);
        assert_eq!(d.trace.rules[2].outcome, Outcome::Matched);
        assert_eq!(d.also_matched, vec!["c".to_string()]);
    }

    #[test]
    fn tools_denied_outright_per_scope() {
        let s = snapshot(vec![
            scoped("deny-all", Action::Deny, None, Scope::Account),
            scoped(
                "key-cond",
                Action::Deny,
                Some("args.x == 1"),
                Scope::ApiKey("k1".into()),
            ),
        ]);
        let mut p = crate::auth::test_principal();
        assert!(s.denies_outright("srv__deploy", &p));
        p.api_key_id = "k1".into();
        assert!(!s.denies_outright("srv__deploy", &p));
        assert!(!s.denies_outright("srv__unconfigured", &p));
    }

    #[test]
    fn disabled_rules_and_tools() {
        let mut r = rule("off", 1, Action::Allow, None);
        r.enabled = false;
        let s = snapshot(vec![r]);
        assert_eq!(decide(&s, "srv__deploy", json!({}), false).rule_id, None);
        let mut s = snapshot(vec![rule("on", 1, Action::Allow, None)]);
        if let Some(t) = s.tools.get_mut("srv__deploy") {
            t.enabled = false;
        }
        assert_eq!(
            decide(&s, "srv__deploy", json!({}), false).action,
            Action::Deny
        );
    }
}
