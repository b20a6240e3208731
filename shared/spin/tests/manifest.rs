//! spin.toml against the code: every setting the components read is
//! declared and passed to every component, each function is a component
//! built by scripts/build-spin.sh, and Spin routes each function the paths
//! that wrangler.toml routes to its Worker.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_core::config;
use preloop_spin::variable_name;
use std::collections::BTreeSet;
use toml::Value;

const FUNCTIONS: &[&str] = &[
    "mcp-proxy",
    "policy-check",
    "auth",
    "audit",
    "policies",
    "api",
    "approval-page",
    "scheduler",
    "gateway",
    "console",
    "trackers",
    "webhook-ingest",
    "scheduled-sync",
];

fn load(name: &str) -> Value {
    let path = format!("{}/../../{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn keys(v: Option<&Value>) -> BTreeSet<String> {
    v.and_then(Value::as_table)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn every_setting_is_declared_and_passed_to_every_component() {
    let spin = load("spin.toml");
    let wanted: BTreeSet<String> = config::VARIABLES
        .iter()
        .chain(preloop_spin::settings_read_besides_config())
        .map(|n| variable_name(n))
        .collect();
    assert_eq!(keys(spin.get("variables")), wanted);
    for f in FUNCTIONS {
        let component = &spin["component"][*f];
        let passed = keys(component.get("variables"));
        assert_eq!(passed, wanted, "component {f}");
        for v in &passed {
            assert_eq!(
                component["variables"][v.as_str()].as_str(),
                Some(format!("{{{{ {v} }}}}").as_str()),
                "component {f} variable {v}"
            );
        }
        assert_eq!(
            component["source"].as_str(),
            Some(format!("build/spin/{f}.wasm").as_str())
        );
        assert_eq!(
            component["build"]["command"].as_str(),
            Some(format!("scripts/build-spin.sh {f}").as_str())
        );
    }
    assert_eq!(
        keys(spin.get("component")),
        FUNCTIONS.iter().map(|f| f.to_string()).collect()
    );
}

/// A route's path in one common form: `/mcp*` (wrangler) and
/// `/mcp/...` (Spin) both become `/mcp`.
fn path_of(route: &str) -> String {
    let path = route.find('/').map(|i| &route[i..]).unwrap_or(route);
    path.trim_end_matches("...")
        .trim_end_matches('*')
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn spin_routes_match_the_workers_routes() {
    let spin = load("spin.toml");
    let wrangler = load("wrangler.toml");
    let triggers = spin["trigger"]["http"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for f in FUNCTIONS {
        let on_spin: BTreeSet<String> = triggers
            .iter()
            .filter(|t| t["component"].as_str() == Some(*f))
            .filter_map(|t| t["route"].as_str().map(path_of))
            .collect();
        let env = &wrangler["env"][*f];
        let on_workers: BTreeSet<String> = env
            .get("routes")
            .and_then(Value::as_array)
            .map(|routes| {
                routes
                    .iter()
                    .filter_map(|r| r["pattern"].as_str().map(path_of))
                    .collect()
            })
            .unwrap_or_default();
        if *f == "scheduler" || *f == "scheduled-sync" {
            // A cron trigger on Workers; an HTTP route Spin's users call
            // from their own cron.
            assert!(on_workers.is_empty());
            let run = if *f == "scheduler" {
                "/internal/scheduler/run"
            } else {
                "/internal/sync/run"
            };
            assert_eq!(on_spin, BTreeSet::from([run.to_string()]));
        } else {
            assert_eq!(on_spin, on_workers, "routes of {f}");
        }
    }
}
