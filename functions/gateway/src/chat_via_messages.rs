//! OpenAI chat completions served by an Anthropic model: the request
//! translated to Anthropic's Messages API (system prompts, text and image
//! parts, tool definitions, tool calls and tool results, the tool choice,
//! stop sequences, the output limit), and the answer translated back, whole
//! or event by event (text, tool calls with their arguments in pieces, the
//! stop reason, usage), so an OpenAI SDK cannot tell.
//!
//! What has no counterpart is refused with a clear error, never dropped
//! silently: `n` above 1, audio and file parts, structured output formats.

use crate::anthropic_messages::{Counts, Messages, MessagesReader};
use crate::openai_chat;
use crate::prices::Usage;
use crate::relay::{StreamReader, Wire, event_json};
use crate::target::Target;
use bytes::Bytes;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Headers, Request};
use preloop_core::store::ai_models::ProviderKind;
use serde_json::{Map, Value, json};

/// The output limit put on a request that names none, when its model has
/// none either: Anthropic requires one.
const DEFAULT_MAX_TOKENS: i64 = 4096;

pub struct ChatViaMessages;

impl Wire for ChatViaMessages {
    fn endpoint(&self) -> &'static str {
        openai_chat::PATH
    }

    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()> {
        let translated = request(body, target.model.max_output_tokens)?;
        *body = translated;
        Ok(())
    }

    fn upstream_path(&self) -> &'static str {
        "/messages"
    }

    fn headers(&self, target: &Target, request: &Request) -> Headers {
        Messages.headers(target, request)
    }

    fn usage(&self, answer: &Value) -> Option<Usage> {
        Messages.usage(answer)
    }

    fn answer(&self, raw: Bytes, model: &str, now_ms: i64) -> Result<Bytes> {
        let message: Value = serde_json::from_slice(&raw)
            .map_err(|_| Error::upstream("the provider's answer is not JSON"))?;
        let out = completion(&message, model, now_ms / 1000);
        Ok(Bytes::from(out.to_string()))
    }

    fn output_field(&self, _kind: ProviderKind) -> Option<&'static str> {
        Some("max_tokens")
    }

    fn reader(&self, body: &Map<String, Value>, model: &str, now_ms: i64) -> Box<dyn StreamReader> {
        Box::new(ChunkWriter {
            messages: MessagesReader::default(),
            asked_usage: body
                .get("stream_options")
                .and_then(|o| o.get("include_usage"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            id: String::new(),
            model: model.to_string(),
            created: now_ms / 1000,
            tools: Vec::new(),
        })
    }
}

fn refuse(what: &str) -> Error {
    Error::bad_request(format!(
        "{what} cannot be translated for an Anthropic model"
    ))
    .with_detail(json!({"code": "not_translatable"}))
}

/// The text of an OpenAI content value (a string or text parts).
fn text_of(content: &Value) -> Result<String> {
    match content {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Array(parts) => {
            let mut out = Vec::new();
            for p in parts {
                match p.get("type").and_then(Value::as_str) {
                    Some("text") => out.push(
                        p.get("text")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string(),
                    ),
                    _ => return Err(refuse("a non-text part of a system or tool message")),
                }
            }
            Ok(out.join("\n"))
        }
        _ => Err(Error::bad_request(
            "a message's content must be a string or an array of parts",
        )),
    }
}

/// An image part as an Anthropic image block: a data URL becomes a base64
/// source, anything else a URL source.
fn image_block(part: &Value) -> Result<Value> {
    let url = part
        .pointer("/image_url/url")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::bad_request("an image_url part needs image_url.url"))?;
    if let Some(rest) = url.strip_prefix("data:") {
        let (media_type, data) = rest
            .split_once(";base64,")
            .ok_or_else(|| Error::bad_request("an image data URL must be base64"))?;
        return Ok(
            json!({"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}),
        );
    }
    Ok(json!({"type": "image", "source": {"type": "url", "url": url}}))
}

/// A user or assistant message's content as Anthropic blocks.
fn blocks(content: &Value) -> Result<Vec<Value>> {
    match content {
        Value::Null => Ok(Vec::new()),
        Value::String(s) if s.is_empty() => Ok(Vec::new()),
        Value::String(s) => Ok(vec![json!({"type": "text", "text": s})]),
        Value::Array(parts) => {
            let mut out = Vec::new();
            for p in parts {
                match p.get("type").and_then(Value::as_str) {
                    Some("text") => {
                        let text = p.get("text").and_then(Value::as_str).unwrap_or_default();
                        if !text.is_empty() {
                            out.push(json!({"type": "text", "text": text}));
                        }
                    }
                    Some("image_url") => out.push(image_block(p)?),
                    Some(other) => return Err(refuse(&format!("a '{other}' part"))),
                    None => return Err(Error::bad_request("a content part needs a type")),
                }
            }
            Ok(out)
        }
        _ => Err(Error::bad_request(
            "a message's content must be a string or an array of parts",
        )),
    }
}

/// Appends `content` as a message of `role`, merged into the last one if
/// it has the same role (Anthropic wants the roles to alternate).
fn push(messages: &mut Vec<Value>, role: &str, content: Vec<Value>) {
    if content.is_empty() {
        return;
    }
    if let Some(last) = messages.last_mut()
        && last.get("role").and_then(Value::as_str) == Some(role)
        && let Some(Value::Array(existing)) = last.get_mut("content")
    {
        existing.extend(content);
        return;
    }
    messages.push(json!({"role": role, "content": content}));
}

/// The Anthropic request for an OpenAI chat request.
fn request(body: &Map<String, Value>, model_limit: Option<i64>) -> Result<Map<String, Value>> {
    if body.get("n").and_then(Value::as_i64).is_some_and(|n| n > 1) {
        return Err(refuse("n above 1"));
    }
    if let Some(format) = body.get("response_format")
        && format.get("type").and_then(Value::as_str) != Some("text")
    {
        return Err(refuse("a response_format other than text"));
    }
    let Some(Value::Array(input)) = body.get("messages") else {
        return Err(Error::bad_request("'messages' must be an array"));
    };
    let mut system = Vec::new();
    let mut messages = Vec::new();
    for m in input {
        let role = m.get("role").and_then(Value::as_str).unwrap_or_default();
        let content = m.get("content").unwrap_or(&Value::Null);
        match role {
            "system" | "developer" => system.push(text_of(content)?),
            "user" => push(&mut messages, "user", blocks(content)?),
            "assistant" => {
                let mut out = blocks(content)?;
                for call in m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let arguments = call
                        .pointer("/function/arguments")
                        .and_then(Value::as_str)
                        .unwrap_or("{}");
                    let input: Value = serde_json::from_str(if arguments.trim().is_empty() {
                        "{}"
                    } else {
                        arguments
                    })
                    .map_err(|_| Error::bad_request("a tool call's arguments are not JSON"))?;
                    out.push(json!({
                        "type": "tool_use",
                        "id": call.get("id").cloned().unwrap_or(Value::Null),
                        "name": call.pointer("/function/name").cloned().unwrap_or(Value::Null),
                        "input": input,
                    }));
                }
                push(&mut messages, "assistant", out);
            }
            "tool" => {
                let result = json!({
                    "type": "tool_result",
                    "tool_use_id": m.get("tool_call_id").cloned().unwrap_or(Value::Null),
                    "content": text_of(content)?,
                });
                push(&mut messages, "user", vec![result]);
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
    if !system.is_empty() {
        out.insert("system".into(), Value::String(system.join("\n\n")));
    }
    let limit = ["max_completion_tokens", "max_tokens"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_i64))
        .or(model_limit)
        .unwrap_or(DEFAULT_MAX_TOKENS);
    out.insert("max_tokens".into(), json!(limit));
    if let Some(t) = body.get("temperature").and_then(Value::as_f64) {
        // OpenAI's range is 0 to 2, Anthropic's 0 to 1.
        out.insert("temperature".into(), json!(t.clamp(0.0, 1.0)));
    }
    if let Some(p) = body.get("top_p") {
        out.insert("top_p".into(), p.clone());
    }
    match body.get("stop") {
        Some(Value::String(s)) => {
            out.insert("stop_sequences".into(), json!([s]));
        }
        Some(Value::Array(list)) => {
            out.insert("stop_sequences".into(), Value::Array(list.clone()));
        }
        _ => {}
    }
    if let Some(user) = body.get("user").and_then(Value::as_str) {
        out.insert("metadata".into(), json!({"user_id": user}));
    }
    if body.get("stream").and_then(Value::as_bool) == Some(true) {
        out.insert("stream".into(), Value::Bool(true));
    }
    if let Some(Value::Array(tools)) = body.get("tools") {
        let mut list = Vec::new();
        for t in tools {
            if t.get("type").and_then(Value::as_str) != Some("function") {
                return Err(refuse("a tool that is not a function"));
            }
            let f = t.get("function").cloned().unwrap_or(Value::Null);
            let mut tool = json!({
                "name": f.get("name").cloned().unwrap_or(Value::Null),
                "input_schema": f.get("parameters").cloned().unwrap_or_else(|| json!({"type": "object"})),
            });
            if let Some(d) = f.get("description") {
                tool["description"] = d.clone();
            }
            list.push(tool);
        }
        out.insert("tools".into(), Value::Array(list));
    }
    let parallel = body.get("parallel_tool_calls").and_then(Value::as_bool);
    let mut choice = match body.get("tool_choice") {
        None => None,
        Some(Value::String(s)) if s == "auto" => Some(json!({"type": "auto"})),
        Some(Value::String(s)) if s == "none" => Some(json!({"type": "none"})),
        Some(Value::String(s)) if s == "required" => Some(json!({"type": "any"})),
        Some(c) => match c.pointer("/function/name") {
            Some(name) => Some(json!({"type": "tool", "name": name})),
            None => return Err(Error::bad_request("tool_choice is not one OpenAI defines")),
        },
    };
    if parallel == Some(false) {
        let c = choice.get_or_insert_with(|| json!({"type": "auto"}));
        c["disable_parallel_tool_use"] = Value::Bool(true);
    }
    if let Some(c) = choice {
        out.insert("tool_choice".into(), c);
    }
    Ok(out)
}

fn finish_reason(stop: Option<&str>) -> Value {
    match stop {
        Some("max_tokens") => json!("length"),
        Some("tool_use") => json!("tool_calls"),
        Some("refusal") => json!("content_filter"),
        Some(_) => json!("stop"),
        None => Value::Null,
    }
}

fn usage_json(u: &Usage) -> Value {
    json!({
        "prompt_tokens": u.input,
        "completion_tokens": u.output,
        "total_tokens": u.input + u.output,
        "prompt_tokens_details": {"cached_tokens": u.cache_read},
    })
}

/// The OpenAI chat completion for an Anthropic message.
fn completion(message: &Value, model: &str, created: i64) -> Value {
    let mut text = Vec::new();
    let mut calls = Vec::new();
    for block in message
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match block.get("type").and_then(Value::as_str) {
            Some("text") => text.push(block.get("text").and_then(Value::as_str).unwrap_or_default()),
            Some("tool_use") => calls.push(json!({
                "id": block.get("id"),
                "type": "function",
                "function": {
                    "name": block.get("name"),
                    "arguments": block.get("input").map_or_else(|| "{}".to_string(), Value::to_string),
                },
            })),
            _ => {}
        }
    }
    let mut msg = json!({
        "role": "assistant",
        "content": if text.is_empty() { Value::Null } else { json!(text.concat()) },
        "refusal": null,
        "annotations": [],
    });
    if !calls.is_empty() {
        msg["tool_calls"] = Value::Array(calls);
    }
    let mut counts = Counts::default();
    if let Some(u) = message.get("usage") {
        counts.note(u);
    }
    let id = message
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    json!({
        "id": format!("chatcmpl-{id}"),
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [{
            "index": 0,
            "message": msg,
            "logprobs": null,
            "finish_reason": finish_reason(message.get("stop_reason").and_then(Value::as_str)),
        }],
        "usage": counts.usage().map_or(Value::Null, |u| usage_json(&u)),
    })
}

/// Anthropic's stream read as it comes, written out as OpenAI chunks.
struct ChunkWriter {
    messages: MessagesReader,
    asked_usage: bool,
    id: String,
    model: String,
    created: i64,
    /// Each content block's tool call index (`None`: not a tool call).
    tools: Vec<Option<usize>>,
}

impl ChunkWriter {
    fn chunk(&self, delta: Value, finish: Value) -> Bytes {
        let mut c = json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
        });
        if self.asked_usage {
            c["usage"] = Value::Null;
        }
        Bytes::from(format!("data: {c}\n\n"))
    }

    fn tool_index(&self, block: usize) -> Option<usize> {
        self.tools.get(block).copied().flatten()
    }
}

impl StreamReader for ChunkWriter {
    fn read(&mut self, event: Bytes) -> Vec<Bytes> {
        let Some(data) = event_json(&event) else {
            return Vec::new();
        };
        self.messages.note(&data);
        let block = data.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
        match data.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                let id = data.pointer("/message/id").and_then(Value::as_str).unwrap_or_default();
                self.id = format!("chatcmpl-{id}");
                vec![self.chunk(json!({"role": "assistant", "content": ""}), Value::Null)]
            }
            Some("content_block_start") => {
                let start = data.get("content_block").cloned().unwrap_or(Value::Null);
                if self.tools.len() <= block {
                    self.tools.resize(block + 1, None);
                }
                if start.get("type").and_then(Value::as_str) != Some("tool_use") {
                    return Vec::new();
                }
                let index = self.tools.iter().flatten().count();
                self.tools[block] = Some(index);
                vec![self.chunk(
                    json!({"tool_calls": [{"index": index, "id": start.get("id"), "type": "function",
                        "function": {"name": start.get("name"), "arguments": ""}}]}),
                    Value::Null,
                )]
            }
            Some("content_block_delta") => match data.pointer("/delta/type").and_then(Value::as_str) {
                Some("text_delta") => vec![self.chunk(
                    json!({"content": data.pointer("/delta/text").cloned().unwrap_or(Value::Null)}),
                    Value::Null,
                )],
                Some("input_json_delta") => match self.tool_index(block) {
                    Some(index) => vec![self.chunk(
                        json!({"tool_calls": [{"index": index, "function": {
                            "arguments": data.pointer("/delta/partial_json").cloned().unwrap_or(json!(""))}}]}),
                        Value::Null,
                    )],
                    None => Vec::new(),
                },
                _ => Vec::new(),
            },
            Some("message_delta") => {
                let stop = data.pointer("/delta/stop_reason").and_then(Value::as_str);
                vec![self.chunk(json!({}), finish_reason(stop))]
            }
            Some("message_stop") => {
                let mut out = Vec::new();
                if self.asked_usage
                    && let Some(u) = self.messages.usage()
                {
                    let c = json!({
                        "id": self.id, "object": "chat.completion.chunk", "created": self.created,
                        "model": self.model, "choices": [], "usage": usage_json(&u),
                    });
                    out.push(Bytes::from(format!("data: {c}\n\n")));
                }
                out.push(Bytes::from_static(b"data: [DONE]\n\n"));
                out
            }
            Some("error") => {
                let message = data
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .unwrap_or("the provider failed");
                vec![openai_chat::error_event(message)]
            }
            _ => Vec::new(),
        }
    }

    fn usage(&self) -> Option<Usage> {
        self.messages.usage()
    }

    fn ended(&self) -> bool {
        self.messages.ended()
    }

    fn comment_before(&self, event: &[u8]) -> Option<bool> {
        let stop = event_json(event)
            .is_some_and(|d| d.get("type").and_then(Value::as_str) == Some("message_stop"));
        stop.then_some(true)
    }

    fn error_event(&self, message: &str) -> Bytes {
        openai_chat::error_event(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conversation_with_tools_becomes_anthropic_messages() {
        let body = json!({
            "model": "claude", "max_completion_tokens": 50, "temperature": 1.5, "stop": "END",
            "parallel_tool_calls": false, "tool_choice": "required",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "developer", "content": [{"type": "text", "text": "Use tools."}]},
                {"role": "user", "content": [{"type": "text", "text": "Weather?"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR"}}]},
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
                {"role": "tool", "tool_call_id": "call_2", "content": "noon"},
            ],
            "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
        });
        let Value::Object(body) = body else {
            unreachable!()
        };
        let out = Value::Object(request(&body, None).unwrap());
        assert_eq!(out["system"], "Be brief.\n\nUse tools.");
        assert_eq!(out["max_tokens"], 50);
        assert_eq!(out["temperature"], 1.0);
        assert_eq!(out["stop_sequences"], json!(["END"]));
        assert_eq!(
            out["tool_choice"],
            json!({"type": "any", "disable_parallel_tool_use": true})
        );
        assert_eq!(
            out["tools"][0]["input_schema"]["properties"]["city"]["type"],
            "string"
        );
        let messages = out["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(
            messages[0]["content"][1]["source"],
            json!({"type": "base64", "media_type": "image/png", "data": "iVBOR"})
        );
        assert_eq!(
            messages[1]["content"][0],
            json!({"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}})
        );
        assert_eq!(messages[1]["content"][1]["input"], json!({}));
        // Both results in one user message, as Anthropic wants.
        assert_eq!(
            messages[2]["content"][1],
            json!({"type": "tool_result", "tool_use_id": "call_2", "content": "noon"})
        );
    }

    #[test]
    fn what_has_no_counterpart_is_refused() {
        for extra in [
            json!({"n": 2}),
            json!({"response_format": {"type": "json_schema"}}),
        ] {
            let mut body = json!({"model": "m", "messages": [{"role": "user", "content": "x"}]});
            for (k, v) in extra.as_object().unwrap() {
                body[k] = v.clone();
            }
            let Value::Object(body) = body else {
                unreachable!()
            };
            assert!(request(&body, None).is_err(), "{extra}");
        }
        let Value::Object(audio) = json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}]})
        else {
            unreachable!()
        };
        assert!(request(&audio, None).is_err());
    }

    #[test]
    fn an_anthropic_message_reads_as_a_chat_completion() {
        let message = json!({"id": "msg_1", "content": [{"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}],
            "stop_reason": "tool_use", "usage": {"input_tokens": 10, "cache_read_input_tokens": 5, "output_tokens": 7}});
        let c = completion(&message, "fast", 1);
        assert_eq!(c["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(c["choices"][0]["message"]["content"], "Let me check.");
        assert_eq!(
            c["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"],
            "{\"city\":\"Paris\"}"
        );
        assert_eq!(c["usage"]["prompt_tokens"], 15);
        assert_eq!(c["usage"]["prompt_tokens_details"]["cached_tokens"], 5);
        assert_eq!(c["model"], "fast");
    }
}
