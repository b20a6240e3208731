//! Duplicate detection: issues whose vectors are close, above a threshold
//! the caller may tune. Pairs people decided are not duplicates are never
//! suggested again; pairs decided either way are shown as decided.
//!
//! The default threshold and the precision and recall it gives come from
//! the labelled set in `tests/fixtures/duplicates` (README, "Duplicate
//! detection"): `cargo run -p preloop-bench --bin duplicates-eval`.

use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::embeddings;
use crate::store::issue_duplicates::{self, Resolution};
use crate::store::issues::{self, Filter, Issue};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Cosine similarity from which two issues are suggested as duplicates
/// with the built-in model (best F1 on the labelled set).
pub const DEFAULT_THRESHOLD: f32 = 0.75;
/// Neighbours read per issue.
const NEIGHBOURS: usize = 20;
/// Open issues compared in one project-wide scan (the most recently
/// changed first).
pub const MAX_SCAN: usize = 200;

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub issue: Issue,
    pub similarity: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub issue: Issue,
    pub other: Issue,
    pub similarity: f32,
}

/// A threshold from a request, within 0..=1.
pub fn threshold_of(value: Option<String>) -> Result<f32> {
    match value {
        None => Ok(DEFAULT_THRESHOLD),
        Some(v) => v
            .parse::<f32>()
            .ok()
            .filter(|t| (0.0..=1.0).contains(t))
            .ok_or_else(|| Error::bad_request("threshold is a number from 0 to 1")),
    }
}

/// The pairs decided not to be duplicates, involving `issue_id`.
async fn refused(env: &Env, account_id: &str, issue_id: &str) -> Result<HashSet<String>> {
    Ok(issue_duplicates::of_issue(env.sql(), account_id, issue_id)
        .await?
        .into_iter()
        .filter(|d| d.resolution == Resolution::NotDuplicate)
        .map(|d| {
            if d.issue_id == issue_id {
                d.other_id
            } else {
                d.issue_id
            }
        })
        .collect())
}

/// Issues close to `issue` (by its stored vector), most similar first.
pub async fn candidates(
    env: &Env,
    account_id: &str,
    issue: &Issue,
    threshold: f32,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let Some((model, vector)) = embeddings::vector_of(env.sql(), &issue.id).await? else {
        return Ok(Vec::new());
    };
    let near = embeddings::nearest(
        env.sql(),
        account_id,
        "issue",
        &model,
        &vector,
        NEIGHBOURS.max(limit + 1),
    )
    .await?;
    let refused = refused(env, account_id, &issue.id).await?;
    let close: Vec<(String, f32)> = near
        .into_iter()
        .map(|n| (n.ref_id, 1.0 - n.distance))
        .filter(|(id, similarity)| {
            *id != issue.id && *similarity >= threshold && !refused.contains(id)
        })
        .collect();
    let ids: Vec<String> = close.iter().map(|(id, _)| id.clone()).collect();
    let mut found: HashMap<String, Issue> = issues::get_many(env.sql(), account_id, &ids)
        .await?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    Ok(close
        .into_iter()
        .filter_map(|(id, similarity)| {
            found
                .remove(&id)
                .map(|issue| Candidate { issue, similarity })
        })
        .take(limit)
        .collect())
}

/// Pairs of open issues above the threshold among the most recently
/// changed (of a project, or the account), most similar first.
pub async fn scan(
    env: &Env,
    account_id: &str,
    project_id: Option<String>,
    threshold: f32,
    limit: usize,
) -> Result<Vec<Pair>> {
    let open = issues::list(
        env.sql(),
        account_id,
        &Filter {
            project_id: project_id.clone(),
            state: Some("open".into()),
            ..Filter::default()
        },
        MAX_SCAN,
    )
    .await?;
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut pairs = Vec::new();
    for issue in &open {
        for c in candidates(env, account_id, issue, threshold, 5).await? {
            if c.issue.state != "open"
                || project_id
                    .as_deref()
                    .is_some_and(|p| c.issue.project_id != p)
            {
                continue;
            }
            let (a, b) = issue_duplicates::ordered(&issue.id, &c.issue.id);
            if seen.insert((a.to_string(), b.to_string())) {
                pairs.push(Pair {
                    issue: issue.clone(),
                    other: c.issue,
                    similarity: c.similarity,
                });
            }
        }
    }
    pairs.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    pairs.truncate(limit);
    Ok(pairs)
}
