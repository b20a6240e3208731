//! Text embeddings for search and duplicate detection, behind one
//! [`Embedder`] port with two kinds: a static model in process (the host
//! provides it: `shared/embedder`, potion-base-2M, no network), and any
//! OpenAI-compatible embeddings endpoint ([`openai::OpenAiCompatible`]),
//! Preloop's own gateway included. Every vector is stored with the name of
//! the model that made it, so a change of model makes them again.

pub mod openai;

use crate::env::Env;
use crate::error::Result;
use async_trait::async_trait;

/// Turns texts into vectors of one length, L2-normalised.
#[async_trait(?Send)]
pub trait Embedder {
    /// The model's name as it is stored beside each vector
    /// (`potion-base-2M`, `openai-compatible:text-embedding-3-small`).
    fn model(&self) -> &str;
    /// One vector per text, in order. At most [`MAX_BATCH`] texts.
    async fn embed(&self, env: &Env, texts: &[String]) -> Result<Vec<Vec<f32>>>;
}

/// The most texts one call embeds.
pub const MAX_BATCH: usize = 64;
/// The most characters of a text that are embedded (model2vec's own cut is
/// 512 tokens of about 6 characters).
pub const MAX_TEXT_CHARS: usize = 512 * 6;

/// What an issue is embedded as: its title, then its body.
pub fn issue_text(title: &str, body: &str) -> String {
    let mut text = String::with_capacity(title.len() + body.len() + 1);
    text.push_str(title);
    text.push('\n');
    text.push_str(body);
    crate::trackers::clip(&text, MAX_TEXT_CHARS)
}

/// A vector scaled to length 1 (a zero vector stays zero).
pub fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            *x /= norm;
        }
    }
    v
}

/// Cosine similarity of two vectors (0 when their lengths differ).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    1.0 - crate::store::embeddings::cosine_distance(a, b)
}
