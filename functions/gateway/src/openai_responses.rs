//! `POST /openai/v1/responses` to a provider that speaks OpenAI's format.
//! Usage comes from the final response (`response.completed`, or
//! `response.incomplete` / `response.failed`), after which the cost comment
//! goes.

use crate::openai_chat;
use crate::prices::Usage;
use crate::relay::{StreamReader, Wire, event_json};
use crate::target::Target;
use bytes::Bytes;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value};

pub const PATH: &str = "/openai/v1/responses";

/// The events that end a response stream, carrying the final response.
const FINAL_EVENTS: [&str; 3] = [
    "response.completed",
    "response.incomplete",
    "response.failed",
];

pub struct Responses;

impl Wire for Responses {
    fn endpoint(&self) -> &'static str {
        PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        if !body.contains_key("input") {
            return Err(Error::bad_request("'input' is required"));
        }
        openai_chat::openai_format_only(target)
    }

    fn upstream_path(&self) -> &'static str {
        "/responses"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        openai_chat::ChatCompletions.headers(target, request)
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        answer.get("usage").and_then(usage_of)
    }

    fn output_field(&self, _kind: ProviderKind) -> Option<&'static str> {
        Some("max_output_tokens")
    }

    fn reader(
        &self,
        _body: &Map<String, Value>,
        _model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(ResponsesReader::default())
    }
}

fn usage_of(u: &Value) -> Option<Usage> {
    Some(Usage {
        input: u.get("input_tokens")?.as_i64()?,
        output: u.get("output_tokens").and_then(Value::as_i64).unwrap_or(0),
        cache_read: u
            .pointer("/input_tokens_details/cached_tokens")
            .and_then(Value::as_i64)
            .unwrap_or(0),
        cache_write: 0,
    })
}

fn is_final(data: &Value) -> bool {
    data.get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| FINAL_EVENTS.contains(&t))
}

#[derive(Default)]
struct ResponsesReader {
    usage: Option<Usage>,
    ended: bool,
}

impl StreamReader for ResponsesReader {
    fn read(&mut self, event: Bytes) -> Vec<Bytes> {
        if let Some(data) = event_json(&event).filter(is_final) {
            self.ended = true;
            self.usage = data.pointer("/response/usage").and_then(usage_of);
        }
        vec![event]
    }

    fn usage(&self) -> Option<Usage> {
        self.usage
    }

    fn ended(&self) -> bool {
        self.ended
    }

    fn comment_before(&self, event: &[u8]) -> Option<bool> {
        event_json(event).filter(is_final).map(|_| false)
    }

    fn error_event(&self, message: &str) -> Bytes {
        openai_chat::error_event(message)
    }
}
