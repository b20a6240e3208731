//! Duplicate detection measured on a labelled set of real public issues
//! (`tests/fixtures/duplicates`: pairs closed as duplicates, and hard
//! negatives from the same repositories): the built-in model's vectors,
//! compared by cosine similarity as Preloop compares them, at a threshold.

use preloop_embedder::StaticModel;
use serde_json::Value;
use std::collections::HashMap;

pub struct Labelled {
    pub similarity: f32,
    pub duplicate: bool,
}

/// Precision, recall and F1 at one threshold.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub threshold: f32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

fn read_jsonl(path: &str) -> Result<Vec<Value>, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("{path}: {e}"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{path}: {e}")))
        .collect()
}

/// Every labelled pair with its similarity.
pub fn labelled(dir: &str) -> Result<Vec<Labelled>, String> {
    let model = StaticModel::potion_base_2m().map_err(|e| e.message)?;
    let mut vectors: HashMap<String, Vec<f32>> = HashMap::new();
    for issue in read_jsonl(&format!("{dir}/issues.jsonl"))? {
        let id = issue["id"].as_str().ok_or("an issue without an id")?;
        let text = preloop_core::embed::issue_text(
            issue["title"].as_str().unwrap_or(""),
            issue["body"].as_str().unwrap_or(""),
        );
        vectors.insert(id.to_string(), model.embed(&text));
    }
    read_jsonl(&format!("{dir}/pairs.jsonl"))?
        .iter()
        .map(|p| {
            let a = vectors
                .get(p["a"].as_str().unwrap_or(""))
                .ok_or("a pair names an unknown issue")?;
            let b = vectors
                .get(p["b"].as_str().unwrap_or(""))
                .ok_or("a pair names an unknown issue")?;
            Ok(Labelled {
                similarity: preloop_core::embed::cosine(a, b),
                duplicate: p["duplicate"].as_bool().unwrap_or(false),
            })
        })
        .collect()
}

pub fn score(pairs: &[Labelled], threshold: f32) -> Score {
    let suggested = |l: &&Labelled| l.similarity >= threshold;
    let tp = pairs
        .iter()
        .filter(suggested)
        .filter(|l| l.duplicate)
        .count() as f64;
    let fp = pairs
        .iter()
        .filter(suggested)
        .filter(|l| !l.duplicate)
        .count() as f64;
    let positives = pairs.iter().filter(|l| l.duplicate).count() as f64;
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if positives > 0.0 { tp / positives } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        threshold,
        precision,
        recall,
        f1,
    }
}
