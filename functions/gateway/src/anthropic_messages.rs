//! `POST /anthropic/v1/messages` to a provider that speaks Anthropic's
//! format. Usage comes from `message_start` (the prompt, cache reads and
//! writes) and the cumulative counts on `message_delta`; the cost comment
//! goes after `message_stop`.

use crate::prices::Usage;
use crate::relay::{StreamReader, Wire, event_json};
use crate::target::Target;
use bytes::Bytes;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value, json};

pub const PATH: &str = "/anthropic/v1/messages";

/// The API version sent when the caller names none (the one every
/// Anthropic SDK sends).
const DEFAULT_VERSION: &str = "2023-06-01";

pub struct Messages;

impl Wire for Messages {
    fn endpoint(&self) -> &'static str {
        PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        if !matches!(body.get("messages"), Some(Value::Array(_))) {
            return Err(Error::bad_request("'messages' must be an array"));
        }
        if target.provider.kind != ProviderKind::Anthropic {
            return Err(Error::bad_request(format!(
                "the model '{}' is served by an OpenAI-format provider: call it at /openai/v1/chat/completions",
                target.model.name
            ))
            .with_detail(json!({"code": "model_not_supported_here"})));
        }
        Ok(())
    }

    fn upstream_path(&self) -> &'static str {
        "/messages"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        let mut headers = Headers::new();
        if let Some(key) = target.key() {
            headers.insert("x-api-key", key);
        }
        let version = request
            .headers
            .get("anthropic-version")
            .filter(|v| v.len() <= 64)
            .unwrap_or(DEFAULT_VERSION);
        headers.insert("anthropic-version", version);
        if let Some(beta) = request
            .headers
            .get("anthropic-beta")
            .filter(|v| v.len() <= 1024)
        {
            headers.insert("anthropic-beta", beta);
        }
        headers
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        let mut counts = Counts::default();
        counts.note(answer.get("usage")?);
        counts.usage()
    }

    fn via(&self, kind: ProviderKind) -> Option<&'static dyn Wire> {
        (kind != ProviderKind::Anthropic).then_some(&crate::messages_via_chat::MessagesViaChat)
    }

    fn output_field(&self, _kind: ProviderKind) -> Option<&'static str> {
        Some("max_tokens")
    }

    fn reader(
        &self,
        _body: &Map<String, Value>,
        _model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(MessagesReader::default())
    }
}

/// Anthropic's usage fields, as they arrive (a stream's later counts
/// replace its earlier ones).
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    input: Option<i64>,
    output: Option<i64>,
    cache_read: Option<i64>,
    cache_write: Option<i64>,
}

impl Counts {
    pub fn note(&mut self, u: &Value) {
        let get = |k: &str| u.get(k).and_then(Value::as_i64);
        self.input = get("input_tokens").or(self.input);
        self.output = get("output_tokens").or(self.output);
        self.cache_read = get("cache_read_input_tokens").or(self.cache_read);
        self.cache_write = get("cache_creation_input_tokens").or(self.cache_write);
    }

    /// Anthropic counts cache reads and writes apart from `input_tokens`:
    /// the prompt is all three.
    pub fn usage(&self) -> Option<Usage> {
        let cache_read = self.cache_read.unwrap_or(0);
        let cache_write = self.cache_write.unwrap_or(0);
        Some(Usage {
            input: self.input? + cache_read + cache_write,
            output: self.output.unwrap_or(0),
            cache_read,
            cache_write,
        })
    }
}

#[derive(Default)]
pub struct MessagesReader {
    counts: Counts,
    stopped: bool,
}

impl MessagesReader {
    /// Notes the usage and the end an event carries.
    pub fn note(&mut self, data: &Value) {
        match data.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                if let Some(u) = data.pointer("/message/usage") {
                    self.counts.note(u);
                }
            }
            Some("message_delta") => {
                if let Some(u) = data.get("usage") {
                    self.counts.note(u);
                }
            }
            Some("message_stop") => self.stopped = true,
            _ => {}
        }
    }
}

impl StreamReader for MessagesReader {
    fn read(&mut self, event: Bytes) -> Vec<Bytes> {
        if let Some(data) = event_json(&event) {
            self.note(&data);
        }
        vec![event]
    }

    fn usage(&self) -> Option<Usage> {
        self.counts.usage()
    }

    fn ended(&self) -> bool {
        self.stopped
    }

    fn comment_before(&self, event: &[u8]) -> Option<bool> {
        let stop = event_json(event)
            .is_some_and(|d| d.get("type").and_then(Value::as_str) == Some("message_stop"));
        stop.then_some(false)
    }

    fn error_event(&self, message: &str) -> Bytes {
        error_event(message)
    }
}

/// Anthropic's error event, which its SDKs raise.
pub fn error_event(message: &str) -> Bytes {
    let data = json!({"type": "error", "error": {"type": "api_error", "message": message}});
    Bytes::from(format!("event: error\ndata: {data}\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, v: Value) -> Vec<u8> {
        format!("event: {name}\ndata: {v}\n\n").into_bytes()
    }

    #[test]
    fn usage_is_the_start_then_the_cumulative_deltas() {
        let mut r = MessagesReader::default();
        r.read(Bytes::from(event("message_start", json!({"type": "message_start", "message": {"usage": {"input_tokens": 20, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 0, "output_tokens": 1}}}))));
        r.read(Bytes::from(event(
            "message_delta",
            json!({"type": "message_delta", "usage": {"output_tokens": 12}}),
        )));
        assert!(!r.ended());
        assert_eq!(
            r.comment_before(&event("message_stop", json!({"type": "message_stop"}))),
            Some(false)
        );
        r.read(Bytes::from(event(
            "message_stop",
            json!({"type": "message_stop"}),
        )));
        assert!(r.ended());
        assert_eq!(
            r.usage(),
            Some(Usage {
                input: 120,
                output: 12,
                cache_read: 100,
                cache_write: 0
            })
        );
    }
}
