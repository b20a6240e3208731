//! An OpenAI-compatible embeddings endpoint (`POST {base}/embeddings`):
//! OpenAI itself, any server that speaks its format, or Preloop's own
//! gateway with a Preloop key.

use super::{Embedder, MAX_BATCH, normalised};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::model_api::{EndpointConfig, post_json};
use async_trait::async_trait;
use serde_json::{Value, json};

const TIMEOUT_MS: u64 = 60_000;
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
/// The longest vector taken back (pgvector's HNSW indexes up to 2,000).
pub const MAX_DIMS: usize = 2_000;

pub struct OpenAiCompatible {
    config: EndpointConfig,
    name: String,
}

impl OpenAiCompatible {
    pub fn new(config: EndpointConfig) -> Self {
        let name = format!("openai-compatible:{}", config.model);
        OpenAiCompatible { config, name }
    }
}

#[async_trait(?Send)]
impl Embedder for OpenAiCompatible {
    fn model(&self) -> &str {
        &self.name
    }

    async fn embed(&self, env: &Env, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        if texts.len() > MAX_BATCH {
            return Err(Error::internal("too many texts for one embeddings call"));
        }
        let body = json!({"model": self.config.model, "input": texts});
        let v = post_json(
            env,
            &self.config,
            "/embeddings",
            &body,
            TIMEOUT_MS,
            MAX_ANSWER_BYTES,
            "the embeddings endpoint",
        )
        .await?;
        let data = v
            .get("data")
            .and_then(Value::as_array)
            .filter(|d| d.len() == texts.len())
            .ok_or_else(|| Error::upstream("the embeddings endpoint answered no vectors"))?;
        // Put back in input order (the format carries each one's index).
        let mut out = vec![Vec::new(); texts.len()];
        for (position, item) in data.iter().enumerate() {
            let index = item
                .get("index")
                .and_then(Value::as_u64)
                .map(|i| i as usize)
                .unwrap_or(position);
            let vector: Vec<f32> = item
                .get("embedding")
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty() && a.len() <= MAX_DIMS)
                .ok_or_else(|| Error::upstream("the embeddings endpoint answered a bad vector"))?
                .iter()
                .map(|x| x.as_f64().unwrap_or(0.0) as f32)
                .collect();
            let slot = out
                .get_mut(index)
                .ok_or_else(|| Error::upstream("the embeddings endpoint answered a bad index"))?;
            *slot = normalised(vector);
        }
        let dims = out.first().map(Vec::len).unwrap_or(0);
        if out.iter().any(|v| v.len() != dims) {
            return Err(Error::upstream(
                "the embeddings endpoint answered vectors of different lengths",
            ));
        }
        Ok(out)
    }
}
