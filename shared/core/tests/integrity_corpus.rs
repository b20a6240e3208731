//! The poisoning scan's measured precision: the tools of the public
//! reference MCP servers (as they list them, `tests/fixtures/integrity/
//! reference`) give no finding, each scanned with the others' tool names
//! as another server's; every published poisoned description
//! (`poisoned.json`) gives at least one. Prints the figures.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_core::mcp::integrity::findings;
use preloop_core::store::tools::ScannedTool;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/integrity")
}

fn read(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn tool(t: &Value) -> ScannedTool {
    ScannedTool {
        name: t["name"].as_str().unwrap().into(),
        title: t["title"].as_str().map(str::to_string),
        description: t["description"].as_str().map(str::to_string),
        input_schema: t["inputSchema"].clone(),
        output_schema: t.get("outputSchema").cloned(),
        annotations: t.get("annotations").cloned(),
        ..ScannedTool::default()
    }
}

#[test]
fn reference_servers_give_no_finding_and_poisoned_descriptions_all_do() {
    let servers: Vec<Value> = [
        "server-everything",
        "server-filesystem",
        "mcp-server-time",
        "mcp-server-fetch",
    ]
    .iter()
    .map(|s| read(fixtures().join(format!("reference/{s}.json"))))
    .collect();
    let names = |s: &Value| -> Vec<String> {
        s["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (mut definitions, mut false_positives) = (0, Vec::new());
    for (i, server) in servers.iter().enumerate() {
        let own = names(server);
        let elsewhere: Vec<String> = servers
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, s)| names(s))
            .collect();
        for t in server["tools"].as_array().unwrap() {
            definitions += 1;
            let found = findings::scan(&tool(t), &elsewhere, &own);
            if !found.is_empty() {
                false_positives.push((server["package"].clone(), t["name"].clone(), found));
            }
        }
        println!(
            "{} {}: {} tools",
            server["package"].as_str().unwrap_or("?"),
            server["version"].as_str().unwrap_or("?"),
            own.len()
        );
    }
    let poisoned = read(fixtures().join("poisoned.json"));
    let poisoned = poisoned.as_array().unwrap();
    let mut missed = Vec::new();
    for p in poisoned {
        // Shadowing examples name a tool of another server the account has.
        let found = findings::scan(&tool(p), &["send_email".into(), "send_message".into()], &[]);
        if found.is_empty() {
            missed.push(p["name"].clone());
        }
    }
    println!(
        "poisoning scan: {} findings on {definitions} reference tool definitions; {}/{} published poisoned descriptions flagged",
        false_positives.len(),
        poisoned.len() - missed.len(),
        poisoned.len()
    );
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    assert!(missed.is_empty(), "not flagged: {missed:?}");
}
