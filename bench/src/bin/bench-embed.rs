//! How long the built-in model takes to embed an issue: every issue of the
//! labelled duplicates set (real titles and bodies, up to 1,500 characters)
//! embedded 20 times over; prints the mean per issue, and the model's
//! first load, as JSON (`scripts/bench` reads it).

use preloop_embedder::StaticModel;
use std::time::Instant;

fn main() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/duplicates/issues.jsonl"
    );
    let texts: Vec<String> = match std::fs::read_to_string(dir) {
        Ok(s) => s
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|v| {
                preloop_core::embed::issue_text(
                    v["title"].as_str().unwrap_or(""),
                    v["body"].as_str().unwrap_or(""),
                )
            })
            .collect(),
        Err(e) => {
            eprintln!("bench-embed: {e}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    let model = match StaticModel::potion_base_2m() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("bench-embed: {}", e.message);
            std::process::exit(1);
        }
    };
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let rounds = 20;
    let started = Instant::now();
    let mut checksum = 0f32;
    for _ in 0..rounds {
        for t in &texts {
            checksum += model.embed(t)[0];
        }
    }
    let per_issue_us = started.elapsed().as_secs_f64() * 1e6 / (rounds * texts.len()) as f64;
    println!(
        "{}",
        serde_json::json!({
            "model": preloop_embedder::MODEL,
            "issues": texts.len(),
            "mean_chars": texts.iter().map(|t| t.chars().count()).sum::<usize>() / texts.len().max(1),
            "per_issue_us": per_issue_us,
            "load_ms": load_ms,
            "checksum": checksum,
        })
    );
}
