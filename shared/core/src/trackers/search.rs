//! Issue search: full text (tsvector or FTS5) and similarity (the
//! account's issue vectors, made by the current embedder) ranked together
//! by reciprocal rank fusion, so an issue both find comes first and either
//! alone still counts. Without an embedder it is full text alone.

use crate::env::Env;
use crate::error::Result;
use crate::store::embeddings;
use crate::store::issues::{self, Issue};
use serde::Serialize;
use std::collections::HashMap;

/// How far down each list is read before fusing them.
const CANDIDATES: usize = 50;
/// The fusion's constant (the usual 60: later ranks still count a little).
const RRF_K: f64 = 60.0;

/// Which searches a query runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Hybrid,
    Text,
    Similarity,
}

impl Mode {
    pub fn parse(s: Option<&str>) -> crate::error::Result<Mode> {
        match s {
            None | Some("hybrid") => Ok(Mode::Hybrid),
            Some("text") => Ok(Mode::Text),
            Some("similarity") => Ok(Mode::Similarity),
            Some(_) => Err(crate::error::Error::bad_request(
                "mode is hybrid, text or similarity",
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub issue: Issue,
    /// The fused score (higher is better; compare within one answer).
    pub score: f64,
    /// Cosine similarity to the query, when the vectors found it.
    pub similarity: Option<f32>,
    /// `text`, `similarity` or both.
    pub matched_by: Vec<&'static str>,
}

pub async fn hybrid(
    env: &Env,
    account_id: &str,
    query: &str,
    project_id: Option<&str>,
    limit: usize,
) -> Result<Vec<Hit>> {
    run(env, account_id, query, project_id, limit, Mode::Hybrid).await
}

pub async fn run(
    env: &Env,
    account_id: &str,
    query: &str,
    project_id: Option<&str>,
    limit: usize,
    mode: Mode,
) -> Result<Vec<Hit>> {
    let text = if mode == Mode::Similarity {
        Vec::new()
    } else {
        issues::search_text(env.sql(), account_id, query, project_id, CANDIDATES).await?
    };
    let mut hits: HashMap<String, Hit> = HashMap::new();
    for (rank, (issue, _)) in text.into_iter().enumerate() {
        hits.insert(
            issue.id.clone(),
            Hit {
                issue,
                score: 1.0 / (RRF_K + rank as f64 + 1.0),
                similarity: None,
                matched_by: vec!["text"],
            },
        );
    }
    if let Some(embedder) = env.embedder().filter(|_| mode != Mode::Text) {
        let vector = embedder
            .embed(
                env,
                &[crate::trackers::clip(query, crate::embed::MAX_TEXT_CHARS)],
            )
            .await?
            .pop()
            .unwrap_or_default();
        if vector.iter().any(|x| *x != 0.0) {
            let near = embeddings::nearest(
                env.sql(),
                account_id,
                "issue",
                embedder.model(),
                &vector,
                CANDIDATES * 2,
            )
            .await?;
            let missing: Vec<String> = near
                .iter()
                .filter(|n| !hits.contains_key(&n.ref_id))
                .map(|n| n.ref_id.clone())
                .collect();
            let mut found: HashMap<String, Issue> =
                issues::get_many(env.sql(), account_id, &missing)
                    .await?
                    .into_iter()
                    .map(|i| (i.id.clone(), i))
                    .collect();
            let mut rank = 0usize;
            for n in near {
                let similarity = 1.0 - n.distance;
                let bonus = |rank: usize| 1.0 / (RRF_K + rank as f64 + 1.0);
                if let Some(hit) = hits.get_mut(&n.ref_id) {
                    hit.score += bonus(rank);
                    hit.similarity = Some(similarity);
                    hit.matched_by.push("similarity");
                    rank += 1;
                } else if let Some(issue) = found.remove(&n.ref_id)
                    && project_id.is_none_or(|p| issue.project_id == p)
                {
                    hits.insert(
                        n.ref_id,
                        Hit {
                            issue,
                            score: bonus(rank),
                            similarity: Some(similarity),
                            matched_by: vec!["similarity"],
                        },
                    );
                    rank += 1;
                }
                if rank >= CANDIDATES {
                    break;
                }
            }
        }
    }
    let mut out: Vec<Hit> = hits.into_values().collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.issue.id.cmp(&b.issue.id))
    });
    out.truncate(limit);
    Ok(out)
}
