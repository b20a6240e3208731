//! Preloop as a client of an OpenAI-compatible model API: where it is
//! ([`EndpointConfig`]) and one bounded JSON call to it ([`post_json`]).
//! Issue embeddings and the LLM compliance evaluation both use it; either
//! can point at OpenAI itself, any server that speaks its format, or
//! Preloop's own gateway with a Preloop key (so the calls are metered and
//! budgeted like an agent's).

use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::Headers;
use crate::ports::OutboundRequest;
use bytes::Bytes;
use serde_json::Value;

/// Where an OpenAI-compatible endpoint is, and what to ask it for. The key
/// is never printed.
#[derive(Clone, PartialEq)]
pub struct EndpointConfig {
    /// The API's base, `https://api.openai.com/v1` or
    /// `https://preloop.example.com/openai/v1`.
    pub url: String,
    pub model: String,
    pub api_key: Option<String>,
}

impl std::fmt::Debug for EndpointConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointConfig")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl EndpointConfig {
    /// An endpoint from its three settings (`{PREFIX}_URL`, `_MODEL`,
    /// `_API_KEY`): none without a URL, and a URL needs a model.
    pub fn from_settings(
        prefix: &str,
        url: Option<String>,
        model: Option<String>,
        api_key: Option<String>,
    ) -> std::result::Result<Option<EndpointConfig>, String> {
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let model = model
            .filter(|m| !m.trim().is_empty())
            .ok_or_else(|| format!("{prefix}_MODEL is required with {prefix}_URL"))?;
        Ok(Some(EndpointConfig {
            url: url.trim().trim_end_matches('/').to_string(),
            model,
            api_key: api_key.filter(|k| !k.is_empty()),
        }))
    }
}

/// One JSON request, `POST {url}{path}`, and its JSON answer. `what` names
/// the endpoint in errors ("the embeddings endpoint"); an error never
/// carries the key or the answer's text, which may echo what was sent.
pub async fn post_json(
    env: &Env,
    config: &EndpointConfig,
    path: &str,
    body: &Value,
    timeout_ms: u64,
    max_answer_bytes: usize,
    what: &str,
) -> Result<Value> {
    let url = format!("{}{path}", config.url);
    env.config.egress.check_url(&url)?;
    let mut headers = Headers::new();
    headers.insert("content-type", "application/json");
    if let Some(key) = &config.api_key {
        headers.insert("authorization", format!("Bearer {key}"));
    }
    let answer = env
        .http()
        .send(OutboundRequest {
            method: "POST".into(),
            url,
            headers,
            body: Bytes::from(body.to_string()),
            timeout_ms,
        })
        .await
        .map_err(|e| Error::upstream(format!("{what} failed: {e}")))?;
    let status = answer.status;
    let bytes = answer
        .read_all(max_answer_bytes)
        .await
        .map_err(|e| Error::upstream(format!("{what} failed: {e}")))?;
    if !(200..300).contains(&status) {
        return Err(Error::upstream(format!("{what} answered {status}")));
    }
    serde_json::from_slice(&bytes).map_err(|_| Error::upstream(format!("{what} answered no JSON")))
}
