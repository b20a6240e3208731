//! Keeping issues' vectors current: issues whose vector is missing, was
//! made by another model, or predates their last change are embedded again
//! in batches; one whose text did not change (a label was added) is only
//! marked current. The sync runs this after its other work.

use crate::embed::{Embedder, MAX_BATCH, issue_text};
use crate::env::Env;
use crate::error::Result;
use crate::store::embeddings::{self, Embedding};
use crate::store::issues::{self, Unembedded};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;

/// How far before the last write seen a run looks again: writes of other
/// instances may commit a little out of order.
const SKEW_MS: i64 = 60_000;

thread_local! {
    /// Per model, the latest issue write this instance has embedded up to
    /// (an instance that starts, or a model that changes, looks at all).
    static SEEN_UP_TO: RefCell<HashMap<String, i64>> = RefCell::new(HashMap::new());
}

/// A short hash of the text a vector is made from.
pub fn text_hash(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..16])
}

/// Embeds up to `limit` issues that need it; how many were embedded.
pub async fn embed_stale(env: &Env, limit: usize) -> Result<usize> {
    let Some(embedder) = env.embedder() else {
        return Ok(0);
    };
    let model = embedder.model().to_string();
    let since = SEEN_UP_TO
        .with(|s| s.borrow().get(&model).copied())
        .map(|at| at - SKEW_MS)
        .unwrap_or(i64::MIN);
    let stale = issues::unembedded(env.sql(), &model, since, limit).await?;
    // Up to where this run gets: all of it when the answer was not cut
    // short, else up to its last (the oldest writes come first).
    let reached = match stale.last() {
        Some(last) if stale.len() >= limit => last.updated_at,
        _ => env.now_ms(),
    };
    let mut current = Vec::new();
    let mut todo: Vec<(Unembedded, String, String)> = Vec::new();
    for issue in stale {
        let text = issue_text(&issue.title, &issue.body);
        let hash = text_hash(&text);
        if issue.model.as_deref() == Some(model.as_str())
            && issue.content_hash.as_deref() == Some(hash.as_str())
        {
            current.push(issue.id);
        } else {
            todo.push((issue, text, hash));
        }
    }
    issues::vectors_current(env.sql(), &current, env.now_ms()).await?;
    let mut done = 0;
    for chunk in todo.chunks(MAX_BATCH) {
        done += embed_chunk(env, embedder.as_ref(), &model, chunk).await?;
    }
    SEEN_UP_TO.with(|s| s.borrow_mut().insert(model, reached));
    Ok(done)
}

async fn embed_chunk(
    env: &Env,
    embedder: &dyn Embedder,
    model: &str,
    chunk: &[(Unembedded, String, String)],
) -> Result<usize> {
    let texts: Vec<String> = chunk.iter().map(|(_, text, _)| text.clone()).collect();
    let vectors = embedder.embed(env, &texts).await?;
    let rows: Vec<Embedding<'_>> = chunk
        .iter()
        .zip(&vectors)
        .map(|((issue, _, hash), vector)| Embedding {
            id: &issue.id,
            account_id: &issue.account_id,
            kind: "issue",
            ref_id: &issue.id,
            content: "",
            vector,
            model,
            content_hash: Some(hash),
        })
        .collect();
    embeddings::upsert_all(env.sql(), &rows, env.now_ms()).await?;
    Ok(rows.len())
}
