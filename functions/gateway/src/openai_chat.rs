//! `POST /openai/v1/chat/completions` to a provider that speaks OpenAI's
//! format: the model name swapped for the provider's id, the provider's
//! key put on, and the answer passed back as it comes, event by event when
//! streamed, its usage metered into the ledger.
//!
//! A stream always asks the provider for usage (`stream_options.
//! include_usage`); when the caller did not ask, the usage-only chunk is
//! taken out of what it receives. Before `[DONE]` the caller gets an SSE
//! comment with the request's id and cost, which SDKs skip.

use crate::budget;
use crate::meter::{Caller, Meter, usd};
use crate::prices::Usage;
use crate::sse::{self, Splitter};
use crate::target::{self, Target};
use async_trait::async_trait;
use bytes::Bytes;
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::http::{Headers, Request, Response, StreamingBody};
use preloop_core::ports::{BodyStream, OutboundError, OutboundRequest};
use preloop_core::store::ai_models::ProviderKind;
use preloop_core::store::usage_ledger::Outcome;
use serde_json::{Map, Value, json};

pub const PATH: &str = "/openai/v1/chat/completions";

/// How long a provider has for the whole answer, a stream's last event
/// included: long generations run for minutes.
pub const PROVIDER_TIMEOUT_MS: u64 = 600_000;

pub async fn handle(env: &Env, principal: &Principal, request: &Request) -> Result<Response> {
    let body: Value = request.json()?;
    let Value::Object(mut body) = body else {
        return Err(Error::bad_request("the body must be a JSON object"));
    };
    let streamed = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let requested = body
        .get("model")
        .and_then(Value::as_str)
        .map(str::to_string);
    let caller = Caller {
        principal,
        endpoint: PATH,
        requested_model: requested.as_deref(),
        streamed,
    };
    let target = match prepare(env, principal, requested.as_deref(), &mut body).await {
        Ok(t) => t,
        Err(e) => {
            caller.refused(env, &e).await;
            return Err(e);
        }
    };
    let asked_usage = streamed
        && body
            .get("stream_options")
            .and_then(|o| o.get("include_usage"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
    if streamed {
        let options = body
            .entry("stream_options")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(o) = options {
            o.insert("include_usage".into(), Value::Bool(true));
        }
    }
    let reservation = match budget::reserve(env, principal, &target, &mut body).await {
        Ok(r) => r,
        Err(e) => {
            caller.refused(env, &e).await;
            return Err(e);
        }
    };
    let warning = reservation.warning.clone();
    let mut meter = Meter::open(
        env,
        &caller,
        &target.model,
        &target.provider,
        target.priced.clone(),
        reservation.holds,
    )
    .await?;
    let outbound = outbound(&target, streamed, &Value::Object(body))?;
    let response = match env.http().send(outbound).await {
        Ok(r) => r,
        Err(e) => {
            let (status, message) = match e {
                OutboundError::Timeout => (504, "the provider did not answer in time".to_string()),
                other => (
                    502,
                    format!("the provider could not be reached ({})", kind_of(&other)),
                ),
            };
            meter
                .settle(
                    env,
                    None,
                    Outcome::ProviderError,
                    status,
                    Some(message.clone()),
                )
                .await;
            return Err(provider_error(status, message, &meter.id));
        }
    };
    meter.first_byte(env);
    if !(200..300).contains(&response.status) {
        let status = response.status;
        let raw = response.read_all(64 * 1024).await.unwrap_or_default();
        let said = serde_json::from_slice::<Value>(&raw)
            .ok()
            .and_then(|v| {
                v.pointer("/error/message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let message = format!(
            "the provider answered {status}: {}",
            target.safe_message(&said)
        );
        // The caller's own mistakes keep their status; the provider's
        // failures are a bad gateway.
        let shown = if (400..500).contains(&status) && status != 401 && status != 403 {
            status
        } else {
            502
        };
        meter
            .settle(
                env,
                None,
                Outcome::ProviderError,
                shown,
                Some(message.clone()),
            )
            .await;
        return Err(provider_error(shown, message, &meter.id));
    }
    if streamed {
        let stream = ChatStream {
            env: env.clone(),
            upstream: Some(response.body),
            splitter: Splitter::default(),
            asked_usage,
            usage: None,
            meter: Some(meter),
            queue: Vec::new(),
            done: false,
        };
        let r = Response::streaming(200, "text/event-stream", Box::new(stream))
            .with_header("cache-control", "no-cache");
        return Ok(with_warning(r, warning));
    }
    let limit = env.config.max_upstream_response_bytes;
    let raw = match response.read_all(limit).await {
        Ok(raw) => raw,
        Err(e) => {
            let message = format!("the provider's answer broke off ({})", kind_of(&e));
            meter
                .settle(
                    env,
                    None,
                    Outcome::ProviderError,
                    502,
                    Some(message.clone()),
                )
                .await;
            return Err(provider_error(502, message, &meter.id));
        }
    };
    let usage = serde_json::from_slice::<Value>(&raw)
        .ok()
        .and_then(|v| v.get("usage").and_then(usage_of));
    meter.settle(env, usage, Outcome::Ok, 200, None).await;
    let cost = usage.and_then(|u| meter.cost(&u));
    let mut r = Response::text(200, "application/json", raw)
        .with_header("x-preloop-request-id", meter.id.clone());
    if let Some(c) = cost {
        r = r.with_header("x-preloop-cost-usd", usd(c));
    }
    Ok(with_warning(r, warning))
}

/// Puts the soft-limit warning on an answer, if there is one.
fn with_warning(r: Response, warning: Option<String>) -> Response {
    match warning {
        Some(w) => r.with_header("x-preloop-budget-warning", w),
        None => r,
    }
}

/// Resolves the model and checks the request can go to its provider.
async fn prepare(
    env: &Env,
    principal: &Principal,
    requested: Option<&str>,
    body: &mut Map<String, Value>,
) -> Result<Target> {
    let name = requested.ok_or_else(|| Error::bad_request("'model' is required"))?;
    if !matches!(body.get("messages"), Some(Value::Array(_))) {
        return Err(Error::bad_request("'messages' must be an array"));
    }
    let target = target::resolve(env, &principal.account_id, name).await?;
    if target.provider.kind == ProviderKind::Anthropic {
        return Err(Error::bad_request(format!(
            "the model '{name}' is served by an Anthropic provider: call it at /anthropic/v1/messages"
        ))
        .with_detail(json!({"code": "model_not_supported_here"})));
    }
    body.insert(
        "model".into(),
        Value::String(target.model.upstream_model.clone()),
    );
    Ok(target)
}

fn outbound(target: &Target, streamed: bool, body: &Value) -> Result<OutboundRequest> {
    let mut headers = Headers::new();
    headers.insert("content-type", "application/json");
    headers.insert(
        "accept",
        if streamed {
            "text/event-stream"
        } else {
            "application/json"
        },
    );
    if let Some(key) = target.key() {
        headers.insert("authorization", format!("Bearer {key}"));
    }
    Ok(OutboundRequest {
        method: "POST".into(),
        url: target.url("/chat/completions"),
        headers,
        body: serde_json::to_vec(body)
            .map_err(|_| Error::internal("request body"))?
            .into(),
        timeout_ms: PROVIDER_TIMEOUT_MS,
    })
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

/// A failure's kind, without the URL or anything the provider sent.
fn kind_of(e: &OutboundError) -> &'static str {
    match e {
        OutboundError::Connect(_) => "connection refused",
        OutboundError::Timeout => "timed out",
        OutboundError::Other(_) => "connection broken",
    }
}

fn provider_error(status: u16, message: String, request_id: &str) -> Error {
    let kind = match status {
        504 => ErrorKind::Upstream,
        400..=499 => ErrorKind::BadRequest,
        _ => ErrorKind::Upstream,
    };
    let mut e = Error::new(kind, message).with_detail(json!({"request_id": request_id}));
    if status == 404 {
        e.kind = ErrorKind::NotFound;
    } else if status == 429 {
        e = Error::too_many_requests(e.message, 1)
            .with_detail(json!({"request_id": request_id, "retry_after": 1}));
    }
    e
}

/// The event that tells a caller its stream was cut: OpenAI's own shape
/// for an error inside a stream, which its SDKs raise as an API error.
fn error_event(message: &str) -> Bytes {
    let event = json!({"error": {"message": message, "type": "server_error", "param": null, "code": "provider_stream_cut"}});
    Bytes::from(format!("data: {event}\n\n"))
}

/// A provider's stream on its way to the caller.
struct ChatStream {
    env: Env,
    upstream: Option<Box<dyn BodyStream>>,
    splitter: Splitter,
    asked_usage: bool,
    usage: Option<Usage>,
    /// Taken when the row is settled.
    meter: Option<Meter>,
    /// Events ready to go, in order.
    queue: Vec<Bytes>,
    /// Whether the provider said `[DONE]`: a stream that ends without it
    /// was cut.
    done: bool,
}

impl ChatStream {
    /// Reads one event: keeps its usage, and says whether the caller gets it.
    fn pass(&mut self, event: &[u8]) -> bool {
        let Some(data) = sse::data(event) else {
            return true;
        };
        if data.trim() == "[DONE]" {
            return true;
        }
        let Ok(chunk) = serde_json::from_str::<Value>(&data) else {
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

    /// The comment with the request's id and cost, before `[DONE]`.
    fn cost_comment(&self) -> Bytes {
        let Some(meter) = &self.meter else {
            return Bytes::new();
        };
        let cost = self
            .usage
            .and_then(|u| meter.cost(&u))
            .map_or_else(|| "unknown".to_string(), usd);
        Bytes::from(format!(
            ": preloop request_id={} cost_usd={cost}\n\n",
            meter.id
        ))
    }

    async fn settle(&mut self, outcome: Outcome, status: u16, error: Option<String>) {
        if let Some(meter) = self.meter.take() {
            meter
                .settle(&self.env, self.usage, outcome, status, error)
                .await;
        }
    }
}

#[async_trait(?Send)]
impl StreamingBody for ChatStream {
    async fn next_chunk(&mut self) -> Option<Bytes> {
        loop {
            if !self.queue.is_empty() {
                return Some(self.queue.remove(0));
            }
            let upstream = self.upstream.as_mut()?;
            match upstream.next_chunk().await {
                Ok(Some(chunk)) => match self.splitter.push(&chunk) {
                    Ok(events) => {
                        for event in events {
                            let done = sse::data(&event).is_some_and(|d| d.trim() == "[DONE]");
                            if done {
                                self.done = true;
                                let comment = self.cost_comment();
                                self.queue.push(comment);
                            }
                            if self.pass(&event) {
                                self.queue.push(event);
                            }
                        }
                    }
                    Err(message) => {
                        self.upstream = None;
                        self.settle(Outcome::ProviderError, 502, Some(message.clone()))
                            .await;
                        return Some(error_event(&message));
                    }
                },
                Ok(None) => {
                    self.upstream = None;
                    if let Some(rest) = self.splitter.finish()
                        && self.pass(&rest)
                    {
                        self.queue.push(rest);
                    }
                    if self.done {
                        self.settle(Outcome::Ok, 200, None).await;
                    } else {
                        let message = "the provider's stream ended before [DONE]".to_string();
                        self.settle(Outcome::ProviderError, 502, Some(message.clone()))
                            .await;
                        self.queue.push(error_event(&message));
                    }
                }
                Err(e) => {
                    self.upstream = None;
                    let message = format!("the provider's stream broke off ({})", kind_of(&e));
                    self.settle(Outcome::ProviderError, 502, Some(message.clone()))
                        .await;
                    return Some(error_event(&message));
                }
            }
        }
    }
}
