//! The policy decision for a tool with 5 CEL rules, timed one decision at a
//! time so that percentiles can be reported. The rule that matches is the
//! last one, so every decision evaluates all five conditions.
//!
//!     cargo bench -p preloop-core --bench policy_decision

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_core::auth::{Principal, Role};
use preloop_core::policy::engine::{CallFacts, PolicySnapshot};
use preloop_core::policy::{Action, Rule, ToolConfiguration};
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

fn rule(i: i64, action: Action, condition: &str) -> Rule {
    Rule {
        id: format!("r{i}"),
        tool_configuration_id: "tc".into(),
        name: None,
        scope_kind: "account".into(),
        scope_id: None,
        shadow: false,
        priority: i * 10,
        action,
        condition: Some(condition.into()),
        denial_message: None,
        description: None,
        enabled: true,
        approval_policy_id: None,
        created_at: 0,
        updated_at: 0,
    }
}

fn main() {
    let snapshot = PolicySnapshot::compile(
        1,
        Action::Deny,
        vec![ToolConfiguration {
            id: "tc".into(),
            tool_name: "infra__deploy".into(),
            tool_source: "mcp".into(),
            is_enabled: true,
            description: None,
            approval_policy_id: None,
            justification: None,
            validate_arguments: true,
            created_at: 0,
            updated_at: 0,
            rules: vec![
                rule(
                    1,
                    Action::Deny,
                    "args.environment == 'production' && args.service.startsWith('billing')",
                ),
                rule(2, Action::RequireApproval, "args.replicas > 20"),
                rule(3, Action::Deny, "args.command.contains('rm -rf')"),
                rule(
                    4,
                    Action::Deny,
                    "principal.role == 'agent' && tool.endsWith('__drop_table')",
                ),
                rule(
                    5,
                    Action::Allow,
                    "args.environment in ['staging', 'dev', 'production']",
                ),
            ],
        }],
    );
    let principal = Principal {
        account_id: "acc".into(),
        api_key_id: "key".into(),
        key_name: "ci".into(),
        role: Role::Agent,
        permissions: Role::Agent.permissions(),
        credential: preloop_core::principal::Credential::ApiKey,
        user_id: None,
        agent_id: None,
        agent_name: None,
        policy_version: 1,
        default_action: "deny".into(),
        killed: None,
        rate_limit_per_minute: None,
        flow_id: None,
        flow_execution_id: None,
    };
    let args = json!({"environment": "production", "service": "api", "replicas": 3, "command": "kubectl rollout restart"});
    let facts = CallFacts {
        tool: "infra__deploy",
        server: Some("infra"),
        args: &args,
        principal: &principal,
        now_ms: 1_700_000_000_000,
    };
    let decision = snapshot.decide(&facts, false);
    assert_eq!(decision.action, Action::Allow);
    assert_eq!(decision.rule_id.as_deref(), Some("r5"));

    for _ in 0..20_000 {
        black_box(snapshot.decide(black_box(&facts), false));
    }
    const N: usize = 200_000;
    let mut samples = Vec::with_capacity(N);
    let total = Instant::now();
    for _ in 0..N {
        let t = Instant::now();
        black_box(snapshot.decide(black_box(&facts), false));
        samples.push(t.elapsed().as_nanos() as u64);
    }
    let wall = total.elapsed();
    samples.sort_unstable();
    let pct = |p: f64| {
        samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)] as f64 / 1000.0
    };
    println!("policy decision, 5 CEL rules (all evaluated), {N} decisions:");
    println!(
        "  p50 {:.2} µs   p90 {:.2} µs   p99 {:.2} µs   max {:.2} µs",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    println!(
        "  throughput {:.0} decisions/s on one core",
        N as f64 / wall.as_secs_f64()
    );
}
