//! `POST /openai/v1/chat/completions` to a provider that speaks OpenAI's
//! format.
//!
//! A stream always asks the provider for usage (`stream_options.
//! include_usage`); when the caller did not ask, the usage-only chunk is
//! taken out of what it receives. The cost comment goes before `[DONE]`.

use crate::prices::Usage;
use crate::relay::{StreamReader, Wire, event_json};
use crate::sse;
use crate::target::Target;
use bytes::Bytes;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value, json};

pub const PATH: &str = "/openai/v1/chat/completions";

pub struct ChatCompletions;

impl Wire for ChatCompletions {
    fn endpoint(&self) -> &'static str {
        PATH
    }

    fn prepare(&self, _target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        if !matches!(body.get("messages"), Some(Value::Array(_))) {
            return Err(Error::bad_request("'messages' must be an array"));
        }
        if body.get("stream").and_then(Value::as_bool) == Some(true) {
            let options = body
                .entry("stream_options")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(o) = options {
                o.insert("include_usage".into(), Value::Bool(true));
            }
        }
        Ok(())
    }

    fn upstream_path(&self) -> &'static str {
        "/chat/completions"
    }

    fn headers(&self, target: &Target, _request: &Request) -> Headers {
        let mut headers = Headers::new();
        if let Some(key) = target.key() {
            headers.insert("authorization", format!("Bearer {key}"));
        }
        headers
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        answer.get("usage").and_then(usage_of)
    }

    fn output_field(&self, kind: ProviderKind) -> Option<&'static str> {
        // OpenAI's own API wants the newer field (its reasoning models
        // refuse the older); compatible servers know `max_tokens`.
        Some(if kind == ProviderKind::Openai {
            "max_completion_tokens"
        } else {
            "max_tokens"
        })
    }

    fn via(&self, kind: ProviderKind) -> Option<&'static dyn Wire> {
        (kind == ProviderKind::Anthropic).then_some(&crate::chat_via_messages::ChatViaMessages)
    }

    fn reader(
        &self,
        body: &Map<String, Value>,
        _model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(
            ChatReader {
                asked_usage: false,
                usage: None,
                done: false,
            }
            .asking(body),
        )
    }
}

/// Refuses a model whose provider does not speak OpenAI's format (until
/// the gateway translates).
pub fn openai_format_only(target: &Target) -> Result<()> {
    if target.provider.kind == ProviderKind::Anthropic {
        return Err(Error::bad_request(format!(
            "the model '{}' is served by an Anthropic provider: call it at /anthropic/v1/messages",
            target.model.name
        ))
        .with_detail(json!({"code": "model_not_supported_here"})));
    }
    Ok(())
}

/// The usage object of a chat completion (or a stream's last chunk).
fn usage_of(u: &Value) -> Option<Usage> {
    let input = u.get("prompt_tokens")?.as_i64()?;
    let output = u
        .get("completion_tokens")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let cache_read = u
        .pointer("/prompt_tokens_details/cached_tokens")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    Some(Usage {
        input,
        output,
        cache_read,
        cache_write: 0,
    })
}

struct ChatReader {
    asked_usage: bool,
    usage: Option<Usage>,
    done: bool,
}

impl ChatReader {
    fn asking(mut self, body: &Map<String, Value>) -> Self {
        self.asked_usage = body
            .get("stream_options")
            .and_then(|o| o.get("include_usage"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self
    }

    /// Notes what `event` says; whether the caller gets it.
    fn keeps(&mut self, event: &[u8]) -> bool {
        if is_done(event) {
            self.done = true;
            return true;
        }
        let Some(chunk) = event_json(event) else {
            return true;
        };
        let Some(usage) = chunk.get("usage").filter(|u| !u.is_null()) else {
            return true;
        };
        if let Some(u) = usage_of(usage) {
            self.usage = Some(u);
        }
        // The usage-only chunk (no choices) the caller did not ask for.
        let usage_only = chunk
            .get("choices")
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        self.asked_usage || !usage_only
    }
}

fn is_done(event: &[u8]) -> bool {
    sse::data(event).is_some_and(|d| d.trim() == "[DONE]")
}

impl StreamReader for ChatReader {
    fn read(&mut self, event: Bytes) -> Vec<Bytes> {
        if self.keeps(&event) {
            vec![event]
        } else {
            Vec::new()
        }
    }

    fn usage(&self) -> Option<Usage> {
        self.usage
    }

    fn ended(&self) -> bool {
        self.done
    }

    fn comment_before(&self, event: &[u8]) -> Option<bool> {
        is_done(event).then_some(true)
    }

    fn error_event(&self, message: &str) -> Bytes {
        error_event(message)
    }
}

/// OpenAI's shape for an error inside a stream, which its SDKs raise.
pub fn error_event(message: &str) -> Bytes {
    let event = json!({"error": {"message": message, "type": "server_error", "param": null, "code": "provider_stream_cut"}});
    Bytes::from(format!("data: {event}\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(v: Value) -> Vec<u8> {
        format!("data: {v}\n\n").into_bytes()
    }

    #[test]
    fn the_usage_chunk_is_read_and_dropped_unless_asked_for() {
        let usage = json!({"choices": [], "usage": {"prompt_tokens": 19, "completion_tokens": 10, "prompt_tokens_details": {"cached_tokens": 4}}});
        let mut quiet = ChatReader {
            asked_usage: false,
            usage: None,
            done: false,
        };
        assert!(quiet.keeps(&event(
            json!({"choices": [{"delta": {"content": "hi"}}], "usage": null})
        )));
        assert!(!quiet.keeps(&event(usage.clone())));
        assert_eq!(
            quiet.usage(),
            Some(Usage {
                input: 19,
                output: 10,
                cache_read: 4,
                cache_write: 0
            })
        );
        assert!(!quiet.ended());
        assert!(quiet.keeps(b"data: [DONE]\n\n"));
        assert!(quiet.ended());
        let mut asked = ChatReader {
            asked_usage: true,
            usage: None,
            done: false,
        };
        assert!(asked.keeps(&event(usage)));
    }
}
