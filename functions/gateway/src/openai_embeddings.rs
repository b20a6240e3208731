//! `POST /openai/v1/embeddings` to a provider that speaks OpenAI's format:
//! prompt tokens only, never streamed.

use crate::openai_chat;
use crate::prices::Usage;
use crate::relay::{NoStream, StreamReader, Wire};
use crate::target::Target;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value};

pub const PATH: &str = "/openai/v1/embeddings";

pub struct Embeddings;

impl Wire for Embeddings {
    fn endpoint(&self) -> &'static str {
        PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        if !body.contains_key("input") {
            return Err(Error::bad_request("'input' is required"));
        }
        if body.get("stream").and_then(Value::as_bool) == Some(true) {
            return Err(Error::bad_request("embeddings are not streamed"));
        }
        openai_chat::openai_format_only(target)
    }

    fn upstream_path(&self) -> &'static str {
        "/embeddings"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        openai_chat::ChatCompletions.headers(target, request)
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        Some(Usage {
            input: answer.pointer("/usage/prompt_tokens")?.as_i64()?,
            ..Usage::default()
        })
    }

    fn output_field(&self, _kind: ProviderKind) -> Option<&'static str> {
        None
    }

    fn reader(
        &self,
        _body: &Map<String, Value>,
        _model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(NoStream)
    }
}
