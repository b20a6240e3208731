//! The public reference servers' input schemas (as they list them,
//! `tests/fixtures/integrity/reference`) can all be checked: none is
//! refused as past the bounds, and a call with no arguments gets a verdict.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use preloop_core::ports::Verdict;
use serde_json::{Value, json};

#[test]
fn every_reference_schema_is_usable() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/integrity/reference");
    let checker = preloop_schema::Checker::default();
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let server: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for tool in server["tools"].as_array().unwrap() {
            let name = tool["name"].as_str().unwrap();
            let verdict = checker.verdict(name, &tool["inputSchema"], &json!({}));
            assert!(
                !matches!(verdict, Verdict::Unusable { .. }),
                "{name}: {verdict:?}"
            );
            checked += 1;
        }
    }
    println!("{checked} reference input schemas checked");
    assert!(checked >= 36);
}
