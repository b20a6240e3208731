//! Anthropic messages served by a model whose provider speaks OpenAI's
//! chat format: the request translated to a chat completion (system,
//! text and image blocks, tool definitions, tool uses and tool results,
//! the tool choice, stop sequences, the output limit), and the answer
//! translated back, whole or as Anthropic's stream events, so an Anthropic
//! SDK cannot tell.
//!
//! What has no counterpart is refused with a clear error, never dropped
//! silently: `top_k`, thinking, documents, server tools.

use crate::openai_chat;
use crate::prices::Usage;
use crate::relay::{StreamReader, Wire, event_json};
use crate::sse;
use crate::target::Target;
use bytes::Bytes;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value, json};

pub struct MessagesViaChat;

impl Wire for MessagesViaChat {
    fn endpoint(&self) -> &'static str {
        crate::anthropic_messages::PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        *body = request(body, target.provider.kind)?;
        Ok(())
    }

    fn upstream_path(&self) -> &'static str {
        "/chat/completions"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        openai_chat::ChatCompletions.headers(target, request)
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        openai_chat::ChatCompletions.usage(answer)
    }

    fn answer(&self, raw: Bytes, model: &str, _now_ms: i64) -> Result<Bytes> {
        let completion: Value = serde_json::from_slice(&raw)
            .map_err(|_| Error::upstream("the provider's answer is not JSON"))?;
        Ok(Bytes::from(message(&completion, model).to_string()))
    }

    fn output_field(&self, kind: ProviderKind) -> Option<&'static str> {
        openai_chat::ChatCompletions.output_field(kind)
    }

    fn reader(
        &self,
        _body: &Map<String, Value>,
        model: &str,
        _now_ms: i64,
    ) -> Box<dyn StreamReader> {
        Box::new(EventWriter {
            model: model.to_string(),
            started: false,
            open: None,
            blocks: 0,
            tools: Vec::new(),
            finish: None,
            usage: None,
            done: false,
        })
    }
}

fn refuse(what: &str) -> Error {
    Error::bad_request(format!(
        "{what} cannot be translated for a model in OpenAI's format"
    ))
    .with_detail(json!({"code": "not_translatable"}))
}

/// The text of Anthropic content (a string or text blocks).
fn text_of(content: &Value) -> Result<String> {
    match content {
        Value::String(s) => Ok(s.clone()),
        Value::Array(blocks) => {
            let mut out = Vec::new();
            for b in blocks {
                match b.get("type").and_then(Value::as_str) {
                    Some("text") => out.push(
                        b.get("text")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    _ => return Err(refuse("a non-text block of a system prompt or tool result")),
                }
            }
            Ok(out.join("\n"))
        }
        Value::Null => Ok(String::new()),
        _ => Err(Error::bad_request(
            "content must be a string or an array of blocks",
        )),
    }
}

fn image_part(block: &Value) -> Result<Value> {
    let source = block.get("source").cloned().unwrap_or(Value::Null);
    let url = match source.get("type").and_then(Value::as_str) {
        Some("base64") => format!(
            "data:{};base64,{}",
            source
                .get("media_type")
                .and_then(Value::as_str)
                .unwrap_or("image/png"),
            source
                .get("data")
                .and_then(Value::as_str)
                .unwrap_or_default()
        ),
        Some("url") => source
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => return Err(refuse("an image source other than base64 or a URL")),
    };
    Ok(json!({"type": "image_url", "image_url": {"url": url}}))
}

/// The chat request for an Anthropic messages request.
fn request(body: &Map<String, Value>, kind: ProviderKind) -> Result<Map<String, Value>> {
    for unsupported in ["top_k", "thinking"] {
        if body.contains_key(unsupported) {
            return Err(refuse(&format!("'{unsupported}'")));
        }
    }
    let Some(Value::Array(input)) = body.get("messages") else {
        return Err(Error::bad_request("'messages' must be an array"));
    };
    let mut messages = Vec::new();
    if let Some(system) = body.get("system") {
        messages.push(json!({"role": "system", "content": text_of(system)?}));
    }
    for m in input {
        let role = m.get("role").and_then(Value::as_str).unwrap_or_default();
        let content = m.get("content").unwrap_or(&Value::Null);
        let blocks = match content {
            Value::String(s) => vec![json!({"type": "text", "text": s})],
            Value::Array(b) => b.clone(),
            _ => {
                return Err(Error::bad_request(
                    "content must be a string or an array of blocks",
                ));
            }
        };
        match role {
            "user" => {
                let mut parts = Vec::new();
                for b in &blocks {
                    match b.get("type").and_then(Value::as_str) {
                        Some("text") => parts.push(json!({"type": "text", "text": b.get("text")})),
                        Some("image") => parts.push(image_part(b)?),
                        Some("tool_result") => messages.push(json!({
                            "role": "tool",
                            "tool_call_id": b.get("tool_use_id"),
                            "content": text_of(b.get("content").unwrap_or(&Value::Null))?,
                        })),
                        Some(other) => return Err(refuse(&format!("a '{other}' block"))),
                        None => return Err(Error::bad_request("a content block needs a type")),
                    }
                }
                if !parts.is_empty() {
                    messages.push(json!({"role": "user", "content": parts}));
                }
            }
            "assistant" => {
                let mut text = Vec::new();
                let mut calls = Vec::new();
                for b in &blocks {
                    match b.get("type").and_then(Value::as_str) {
                        Some("text") => text.push(b.get("text").and_then(Value::as_str).unwrap_or_default()),
                        Some("tool_use") => calls.push(json!({
                            "id": b.get("id"),
                            "type": "function",
                            "function": {
                                "name": b.get("name"),
                                "arguments": b.get("input").map_or_else(|| "{}".to_string(), Value::to_string),
                            },
                        })),
                        Some(other) => return Err(refuse(&format!("a '{other}' block"))),
                        None => return Err(Error::bad_request("a content block needs a type")),
                    }
                }
                let mut msg = json!({
                    "role": "assistant",
                    "content": if text.is_empty() { Value::Null } else { json!(text.concat()) },
                });
                if !calls.is_empty() {
                    msg["tool_calls"] = Value::Array(calls);
                }
                messages.push(msg);
            }
            other => {
                return Err(Error::bad_request(format!(
                    "unknown message role '{}'",
                    other.chars().take(40).collect::<String>()
                )));
            }
        }
    }
    let mut out = Map::new();
    out.insert(
        "model".into(),
        body.get("model").cloned().unwrap_or(Value::Null),
    );
    out.insert("messages".into(), Value::Array(messages));
    if let Some(limit) = body.get("max_tokens") {
        let field = if kind == ProviderKind::Openai {
            "max_completion_tokens"
        } else {
            "max_tokens"
        };
        out.insert(field.into(), limit.clone());
    }
    for key in ["temperature", "top_p"] {
        if let Some(v) = body.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(stop) = body.get("stop_sequences") {
        out.insert("stop".into(), stop.clone());
    }
    if let Some(user) = body.get("metadata").and_then(|m| m.get("user_id")) {
        out.insert("user".into(), user.clone());
    }
    if body.get("stream").and_then(Value::as_bool) == Some(true) {
        out.insert("stream".into(), Value::Bool(true));
        out.insert("stream_options".into(), json!({"include_usage": true}));
    }
    if let Some(Value::Array(tools)) = body.get("tools") {
        let mut list = Vec::new();
        for t in tools {
            if t.get("type").is_some_and(|ty| ty != "custom") {
                return Err(refuse("a server tool"));
            }
            let mut function = json!({
                "name": t.get("name"),
                "parameters": t.get("input_schema").cloned().unwrap_or_else(|| json!({"type": "object"})),
            });
            if let Some(d) = t.get("description") {
                function["description"] = d.clone();
            }
            list.push(json!({"type": "function", "function": function}));
        }
        out.insert("tools".into(), Value::Array(list));
    }
    if let Some(choice) = body.get("tool_choice") {
        let mapped = match choice.get("type").and_then(Value::as_str) {
            Some("auto") => json!("auto"),
            Some("any") => json!("required"),
            Some("none") => json!("none"),
            Some("tool") => json!({"type": "function", "function": {"name": choice.get("name")}}),
            _ => {
                return Err(Error::bad_request(
                    "tool_choice is not one Anthropic defines",
                ));
            }
        };
        out.insert("tool_choice".into(), mapped);
        if choice
            .get("disable_parallel_tool_use")
            .and_then(Value::as_bool)
            == Some(true)
        {
            out.insert("parallel_tool_calls".into(), Value::Bool(false));
        }
    }
    Ok(out)
}

fn stop_reason(finish: Option<&str>) -> Value {
    match finish {
        Some("length") => json!("max_tokens"),
        Some("tool_calls") | Some("function_call") => json!("tool_use"),
        Some("content_filter") => json!("refusal"),
        Some(_) => json!("end_turn"),
        None => Value::Null,
    }
}

/// Anthropic's usage object for a chat completion's usage.
fn usage_json(u: &Usage) -> Value {
    json!({
        "input_tokens": u.input - u.cache_read,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": u.cache_read,
        "output_tokens": u.output,
    })
}

/// The Anthropic message for a chat completion.
fn message(completion: &Value, model: &str) -> Value {
    let choice = completion
        .pointer("/choices/0")
        .cloned()
        .unwrap_or(Value::Null);
    let mut content = Vec::new();
    if let Some(text) = choice
        .pointer("/message/content")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
    {
        content.push(json!({"type": "text", "text": text}));
    }
    for call in choice
        .pointer("/message/tool_calls")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let arguments = call
            .pointer("/function/arguments")
            .and_then(Value::as_str)
            .unwrap_or("{}");
        content.push(json!({
            "type": "tool_use",
            "id": call.get("id"),
            "name": call.pointer("/function/name"),
            "input": serde_json::from_str::<Value>(arguments).unwrap_or_else(|_| json!({})),
        }));
    }
    let usage = completion
        .get("usage")
        .and_then(|u| openai_chat::ChatCompletions.usage(&json!({"usage": u})));
    let id = completion
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    json!({
        "id": format!("msg_{}", id.trim_start_matches("chatcmpl-")),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason(choice.get("finish_reason").and_then(Value::as_str)),
        "stop_sequence": null,
        "usage": usage.map_or_else(|| json!({"input_tokens": 0, "output_tokens": 0}), |u| usage_json(&u)),
    })
}

/// Which block is open in the Anthropic stream being written.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Text(usize),
    Tool(usize),
}

/// OpenAI's chunks read as they come, written out as Anthropic's events.
struct EventWriter {
    model: String,
    started: bool,
    open: Option<Open>,
    /// Blocks started so far.
    blocks: usize,
    /// Each OpenAI tool call index's block.
    tools: Vec<Option<usize>>,
    finish: Option<String>,
    usage: Option<Usage>,
    done: bool,
}

fn event(name: &str, data: Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

impl EventWriter {
    fn close(&mut self, out: &mut Vec<Bytes>) {
        if let Some(Open::Text(i) | Open::Tool(i)) = self.open.take() {
            out.push(event(
                "content_block_stop",
                json!({"type": "content_block_stop", "index": i}),
            ));
        }
    }

    fn start(&mut self, id: &str, out: &mut Vec<Bytes>) {
        if self.started {
            return;
        }
        self.started = true;
        out.push(event(
            "message_start",
            json!({"type": "message_start", "message": {
                "id": format!("msg_{}", id.trim_start_matches("chatcmpl-")), "type": "message",
                "role": "assistant", "model": self.model, "content": [], "stop_reason": null,
                "stop_sequence": null, "usage": {"input_tokens": 0, "output_tokens": 0}}}),
        ));
    }

    fn chunk(&mut self, chunk: &Value) -> Vec<Bytes> {
        let mut out = Vec::new();
        self.start(
            chunk.get("id").and_then(Value::as_str).unwrap_or_default(),
            &mut out,
        );
        if let Some(u) = chunk.get("usage").filter(|u| !u.is_null()) {
            self.usage = openai_chat::ChatCompletions.usage(&json!({"usage": u}));
        }
        let Some(choice) = chunk.pointer("/choices/0") else {
            return out;
        };
        if let Some(text) = choice
            .pointer("/delta/content")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
        {
            let index = match self.open {
                Some(Open::Text(i)) => i,
                _ => {
                    self.close(&mut out);
                    let i = self.blocks;
                    self.blocks += 1;
                    self.open = Some(Open::Text(i));
                    out.push(event("content_block_start", json!({"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}})));
                    i
                }
            };
            out.push(event("content_block_delta", json!({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}})));
        }
        for call in choice
            .pointer("/delta/tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let n = call.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
            if self.tools.len() <= n {
                self.tools.resize(n + 1, None);
            }
            let block = match self.tools[n] {
                Some(b) if call.get("id").is_none() => b,
                _ => {
                    self.close(&mut out);
                    let i = self.blocks;
                    self.blocks += 1;
                    self.tools[n] = Some(i);
                    self.open = Some(Open::Tool(i));
                    out.push(event("content_block_start", json!({"type": "content_block_start", "index": i,
                        "content_block": {"type": "tool_use", "id": call.get("id"), "name": call.pointer("/function/name"), "input": {}}})));
                    i
                }
            };
            if let Some(piece) = call
                .pointer("/function/arguments")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
            {
                out.push(event("content_block_delta", json!({"type": "content_block_delta", "index": block, "delta": {"type": "input_json_delta", "partial_json": piece}})));
            }
        }
        if let Some(f) = choice.get("finish_reason").and_then(Value::as_str) {
            self.finish = Some(f.to_string());
        }
        out
    }

    fn end(&mut self) -> Vec<Bytes> {
        let mut out = Vec::new();
        self.start("", &mut out);
        self.close(&mut out);
        let usage = self
            .usage
            .map_or_else(|| json!({"output_tokens": 0}), |u| usage_json(&u));
        out.push(event(
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": stop_reason(self.finish.as_deref()), "stop_sequence": null}, "usage": usage}),
        ));
        out.push(event("message_stop", json!({"type": "message_stop"})));
        self.done = true;
        out
    }
}

fn is_done(event: &[u8]) -> bool {
    sse::data(event).is_some_and(|d| d.trim() == "[DONE]")
}

impl StreamReader for EventWriter {
    fn read(&mut self, raw: Bytes) -> Vec<Bytes> {
        if is_done(&raw) {
            return self.end();
        }
        match event_json(&raw) {
            Some(data) if data.get("error").is_some() => {
                let message = data
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .unwrap_or("the provider failed");
                vec![self.error_event(message)]
            }
            Some(chunk) => self.chunk(&chunk),
            None => Vec::new(),
        }
    }

    fn usage(&self) -> Option<Usage> {
        self.usage
    }

    fn ended(&self) -> bool {
        self.done
    }

    fn comment_before(&self, event: &[u8]) -> Option<bool> {
        is_done(event).then_some(false)
    }

    fn error_event(&self, message: &str) -> Bytes {
        crate::anthropic_messages::error_event(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anthropic_conversation_with_tools_becomes_chat_messages() {
        let Value::Object(body) = json!({
            "model": "gpt", "max_tokens": 64, "system": [{"type": "text", "text": "Be brief."}],
            "stop_sequences": ["END"], "stream": true,
            "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
            "tools": [{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}],
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "Weather?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}}]},
                {"role": "assistant", "content": [{"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"},
                    {"type": "text", "text": "Thanks"}]},
            ],
        }) else {
            unreachable!()
        };
        let out = Value::Object(request(&body, ProviderKind::Openai).unwrap());
        let m = out["messages"].as_array().unwrap();
        assert_eq!(m[0], json!({"role": "system", "content": "Be brief."}));
        assert_eq!(
            m[1]["content"][1]["image_url"]["url"],
            "data:image/png;base64,iVBOR"
        );
        assert_eq!(
            m[2]["tool_calls"][0]["function"]["arguments"],
            "{\"city\":\"Paris\"}"
        );
        assert_eq!(
            m[3],
            json!({"role": "tool", "tool_call_id": "toolu_1", "content": "sunny"})
        );
        assert_eq!(m[4]["content"][0]["text"], "Thanks");
        assert_eq!(out["max_completion_tokens"], 64);
        assert_eq!(out["stop"], json!(["END"]));
        assert_eq!(out["tool_choice"], "required");
        assert_eq!(out["parallel_tool_calls"], false);
        assert_eq!(out["stream_options"]["include_usage"], true);
        let Value::Object(top_k) =
            json!({"model": "m", "max_tokens": 5, "top_k": 3, "messages": []})
        else {
            unreachable!()
        };
        assert!(request(&top_k, ProviderKind::Openai).is_err());
    }

    #[test]
    fn chunks_become_anthropic_events_in_order() {
        let mut w = EventWriter {
            model: "m".into(),
            started: false,
            open: None,
            blocks: 0,
            tools: Vec::new(),
            finish: None,
            usage: None,
            done: false,
        };
        let chunk = |v: Value| Bytes::from(format!("data: {v}\n\n"));
        let mut names = Vec::new();
        for c in [
            json!({"id": "chatcmpl-1", "choices": [{"delta": {"role": "assistant", "content": "Hi"}}]}),
            json!({"id": "chatcmpl-1", "choices": [{"delta": {"tool_calls": [{"index": 0, "id": "call_1", "function": {"name": "f", "arguments": ""}}]}}]}),
            json!({"id": "chatcmpl-1", "choices": [{"delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}, "finish_reason": "tool_calls"}]}),
            json!({"id": "chatcmpl-1", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 3}}),
        ] {
            for e in w.read(chunk(c)) {
                names.push(
                    String::from_utf8_lossy(&e)
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
        for e in w.read(Bytes::from_static(b"data: [DONE]\n\n")) {
            names.push(
                String::from_utf8_lossy(&e)
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        assert_eq!(
            names,
            [
                "event: message_start",
                "event: content_block_start",
                "event: content_block_delta",
                "event: content_block_stop",
                "event: content_block_start",
                "event: content_block_delta",
                "event: content_block_stop",
                "event: message_delta",
                "event: message_stop",
            ]
        );
        assert!(w.ended());
        assert_eq!(w.usage().map(|u| (u.input, u.output)), Some((9, 3)));
    }
}
