//! One model request through the gateway, whatever the endpoint: resolve
//! the model, reserve on the budgets, write the pending ledger row, send it
//! with the provider's key, and pass the answer back (JSON whole, a stream
//! event by event) while its usage is read; then settle. What differs by
//! endpoint (the provider's wire format) is a [`Wire`].

use crate::budget;
use crate::meter::{Caller, Meter, usd};
use crate::prices::Usage;
use crate::sse::{self, Splitter};
use crate::target::{self, Prefetched, Target};
use async_trait::async_trait;
use bytes::Bytes;
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::error::{Error, ErrorKind, Result};
use preloop_core::http::{AfterResponse, Headers, Request, Response, StreamingBody};
use preloop_core::ports::{BodyStream, OutboundError, OutboundRequest};
use preloop_core::store::ai_models::ProviderKind;
use preloop_core::store::usage_ledger::Outcome;
use serde_json::{Map, Value, json};

/// A provider's error body is read up to this much.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// What one endpoint's wire format needs.
pub trait Wire {
    /// The endpoint, as the ledger names it.
    fn endpoint(&self) -> &'static str;
    /// Checks the request can go to `target`'s provider and shapes the
    /// body for it (the model id is already the provider's).
    fn prepare(&self, target: &Target, body: &mut Map<String, Value>) -> Result<()>;
    /// The path at the provider's base URL.
    fn upstream_path(&self) -> &'static str;
    /// The headers the provider needs: its key, and what the caller sent
    /// that the provider reads (API version, betas).
    fn headers(&self, target: &Target, request: &Request) -> Headers;
    /// The usage of a whole JSON answer.
    fn usage(&self, answer: &Value) -> Option<Usage>;
    /// The wire to use instead when the model's provider speaks another
    /// format (the gateway translates), if this endpoint can reach it.
    fn via(&self, _kind: ProviderKind) -> Option<&'static dyn Wire> {
        None
    }
    /// A whole JSON answer as the caller gets it (translated, if the
    /// provider speaks another format).
    fn answer(&self, raw: Bytes, _model: &str, _now_ms: i64) -> Result<Bytes> {
        Ok(raw)
    }
    /// Where this format limits a request's output (`None`: it makes no
    /// output, as embeddings), for a provider of `kind`.
    fn output_field(&self, kind: ProviderKind) -> Option<&'static str>;
    /// A reader for this endpoint's stream, given the caller's own body,
    /// the model name it asked for, and the time.
    fn reader(&self, body: &Map<String, Value>, model: &str, now_ms: i64) -> Box<dyn StreamReader>;
}

/// Reads a stream's events as they pass.
pub trait StreamReader {
    /// Notes what `event` says (usage, the end), and gives what the caller
    /// gets for it: the event itself, nothing, or its translation.
    fn read(&mut self, event: Bytes) -> Vec<Bytes>;
    fn usage(&self) -> Option<Usage>;
    /// Whether the provider ended its answer properly (its last event).
    fn ended(&self) -> bool;
    /// Whether `event` is the last one: the cost comment goes before it
    /// (`true`) or after it (`false`) as the format allows.
    fn comment_before(&self, event: &[u8]) -> Option<bool>;
    /// The event that tells the caller its stream was cut, in the format's
    /// own error shape (which its SDK raises).
    fn error_event(&self, message: &str) -> Bytes;
}

/// A model request's body: read before the caller is known, so that the
/// model it names can be looked up beside the caller's key.
pub fn read_body(request: &Request) -> Result<Map<String, Value>> {
    match request.json()? {
        Value::Object(body) => Ok(body),
        _ => Err(Error::bad_request("the body must be a JSON object")),
    }
}

/// The model a body names, if it names one.
pub fn model_of(body: &Result<Map<String, Value>>) -> Option<&str> {
    body.as_ref().ok()?.get("model")?.as_str()
}

pub async fn relay(
    env: &Env,
    principal: &Principal,
    request: &Request,
    body: Result<Map<String, Value>>,
    prefetched: Option<Prefetched>,
    wire: &dyn Wire,
) -> Result<Response> {
    let mut body = body?;
    let streamed = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let requested = body
        .get("model")
        .and_then(Value::as_str)
        .map(str::to_string);
    let caller = Caller {
        principal,
        endpoint: wire.endpoint(),
        requested_model: requested.as_deref(),
        streamed,
    };
    let prepared = async {
        let name = requested
            .as_deref()
            .ok_or_else(|| Error::bad_request("'model' is required"))?;
        let target = target::resolve(env, principal, name, prefetched).await?;
        let wire = wire.via(target.provider.kind).unwrap_or(wire);
        // Made before the body is shaped for the provider: it reads what
        // the caller asked for.
        let reader = wire.reader(&body, name, env.now_ms());
        body.insert(
            "model".into(),
            Value::String(target.model.upstream_model.clone()),
        );
        wire.prepare(&target, &mut body)?;
        let most = budget::most(&target, &mut body, wire.output_field(target.provider.kind))?;
        Ok::<_, Error>((target, most, wire, reader))
    }
    .await;
    let (target, most, wire, reader) = match prepared {
        Ok(ok) => ok,
        Err(e) => {
            caller.refused(env, &e).await;
            return Err(e);
        }
    };
    // The row, and the reservation with it: a refusal here has its row.
    let mut meter = Meter::open(env, &caller, &target, most).await?;
    // A warning that cannot be read (or a notice that cannot be queued) is
    // no reason to stop a reserved request.
    let warning = if target.budgets.iter().any(|b| b.soft_limit_pct.is_some()) {
        budget::soft_limits(env, &principal.account_id, &target.budgets)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e.message, "budget soft limits not read");
                None
            })
    } else {
        None
    };
    let mut headers = wire.headers(&target, request);
    headers.insert("content-type", "application/json");
    headers.insert(
        "accept",
        if streamed {
            "text/event-stream"
        } else {
            "application/json"
        },
    );
    let outbound = OutboundRequest {
        method: "POST".into(),
        url: target.url(wire.upstream_path()),
        headers,
        body: serde_json::to_vec(&Value::Object(body))
            .map_err(|_| Error::internal("request body"))?
            .into(),
        timeout_ms: target.timeout_ms(),
    };
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
            return Err(fail(env, &meter, status, message).await);
        }
    };
    meter.first_byte(env);
    if !(200..300).contains(&response.status) {
        let status = response.status;
        let raw = response
            .read_all(ERROR_BODY_LIMIT)
            .await
            .unwrap_or_default();
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
        // failures (and its refusal of our key) are a bad gateway.
        let shown = if (400..500).contains(&status) && status != 401 && status != 403 {
            status
        } else {
            502
        };
        return Err(fail(env, &meter, shown, message).await);
    }
    if streamed {
        let id = meter.id.clone();
        let stream = RelayedStream {
            env: env.clone(),
            upstream: Some(response.body),
            splitter: Splitter::default(),
            reader,
            meter: Some(meter),
            queue: Vec::new(),
        };
        let r = Response::streaming(200, "text/event-stream", Box::new(stream))
            .with_header("cache-control", "no-cache")
            .with_header("x-preloop-request-id", id);
        return Ok(with_warning(r, warning));
    }
    let raw = match response
        .read_all(env.config.max_upstream_response_bytes)
        .await
    {
        Ok(raw) => raw,
        Err(OutboundError::TooLarge(limit)) => {
            let message = format!("the provider's answer is larger than {limit} bytes");
            return Err(fail(env, &meter, 502, message).await);
        }
        Err(e) => {
            let message = format!("the provider's answer broke off ({})", kind_of(&e));
            return Err(fail(env, &meter, 502, message).await);
        }
    };
    let usage = serde_json::from_slice::<Value>(&raw)
        .ok()
        .and_then(|v| wire.usage(&v));
    let settlement = meter.settlement(env, usage, Outcome::Ok, 200, None);
    let answer = match wire.answer(raw, &target.model.name, env.now_ms()) {
        Ok(answer) => answer,
        Err(e) => {
            meter.write(env, settlement).await;
            return Err(e);
        }
    };
    let mut r = Response::text(200, "application/json", answer)
        .with_header("x-preloop-request-id", meter.id.clone());
    if let Some(c) = usage.and_then(|u| meter.cost(&u)) {
        r = r.with_header("x-preloop-cost-usd", usd(c));
    }
    // Settled once the answer is on its way: the holds stay counted until
    // then, so the budget is never short, and a host that dies first
    // leaves the row to the sweep (counted in full).
    let env = env.clone();
    let settle: AfterResponse = Box::pin(async move { meter.write(&env, settlement).await });
    Ok(with_warning(r, warning).with_after([settle]))
}

/// Settles a request the provider failed, and the error the caller gets.
async fn fail(env: &Env, meter: &Meter, status: u16, message: String) -> Error {
    meter
        .settle(
            env,
            None,
            Outcome::ProviderError,
            status,
            Some(message.clone()),
        )
        .await;
    let detail = json!({"request_id": meter.id});
    match status {
        404 => Error::not_found(message).with_detail(detail),
        429 => Error::too_many_requests(message, 1)
            .with_detail(json!({"request_id": meter.id, "retry_after": 1})),
        400..=499 => Error::bad_request(message).with_detail(detail),
        504 => Error::new(ErrorKind::UpstreamTimeout, message).with_detail(detail),
        _ => Error::new(ErrorKind::Upstream, message).with_detail(detail),
    }
}

/// Puts the soft-limit warning on an answer, if there is one.
fn with_warning(r: Response, warning: Option<String>) -> Response {
    match warning {
        Some(w) => r.with_header("x-preloop-budget-warning", w),
        None => r,
    }
}

/// A failure's kind, without the URL or anything the provider sent.
fn kind_of(e: &OutboundError) -> &'static str {
    match e {
        OutboundError::Connect(_) => "connection refused",
        OutboundError::Timeout => "timed out",
        OutboundError::Other(_) => "connection broken",
        OutboundError::TooLarge(_) => "too large",
    }
}

/// A provider's stream on its way to the caller.
struct RelayedStream {
    env: Env,
    upstream: Option<Box<dyn BodyStream>>,
    splitter: Splitter,
    reader: Box<dyn StreamReader>,
    /// Taken when the row is settled.
    meter: Option<Meter>,
    /// Events ready to go, in order.
    queue: Vec<Bytes>,
}

impl RelayedStream {
    /// The comment with the request's id and cost, which SDKs skip.
    fn cost_comment(&self) -> Bytes {
        let Some(meter) = &self.meter else {
            return Bytes::new();
        };
        let cost = self
            .reader
            .usage()
            .and_then(|u| meter.cost(&u))
            .map_or_else(|| "unknown".to_string(), usd);
        Bytes::from(format!(
            ": preloop request_id={} cost_usd={cost}\n\n",
            meter.id
        ))
    }

    fn take(&mut self, event: Bytes) {
        let placement = self.reader.comment_before(&event);
        let out = self.reader.read(event);
        if placement == Some(true) {
            let comment = self.cost_comment();
            self.queue.push(comment);
        }
        self.queue.extend(out);
        if placement == Some(false) {
            let comment = self.cost_comment();
            self.queue.push(comment);
        }
    }

    async fn settle(&mut self, outcome: Outcome, status: u16, error: Option<String>) {
        if let Some(meter) = self.meter.take() {
            meter
                .settle(&self.env, self.reader.usage(), outcome, status, error)
                .await;
        }
    }

    /// Ends a cut stream: settled as the provider's failure, and the
    /// caller told in its format.
    async fn cut(&mut self, message: String) -> Bytes {
        self.upstream = None;
        self.settle(Outcome::ProviderError, 502, Some(message.clone()))
            .await;
        self.reader.error_event(&message)
    }
}

#[async_trait(?Send)]
impl StreamingBody for RelayedStream {
    /// A caller that goes away stops the provider too (its connection is
    /// closed, so it stops generating, and charging).
    fn outlives_client(&self) -> bool {
        false
    }

    /// Settled as cancelled, to what the provider had reported (an
    /// Anthropic stream reports as it goes; an OpenAI one at its end, so
    /// its holds are released); or as done, if the provider's last event
    /// was already passed on (a client may hang up right after it).
    async fn client_gone(&mut self) {
        self.upstream = None;
        if self.reader.ended() {
            self.settle(Outcome::Ok, 200, None).await;
        } else {
            self.settle(
                Outcome::Cancelled,
                499,
                Some("the caller went away before the answer ended".into()),
            )
            .await;
        }
    }

    async fn next_chunk(&mut self) -> Option<Bytes> {
        loop {
            if !self.queue.is_empty() {
                return Some(self.queue.remove(0));
            }
            let upstream = self.upstream.as_mut()?;
            match upstream.next_chunk().await {
                Ok(Some(chunk)) => match self.splitter.push(&chunk) {
                    Ok(events) => events.into_iter().for_each(|e| self.take(e)),
                    Err(message) => return Some(self.cut(message).await),
                },
                Ok(None) => {
                    self.upstream = None;
                    if let Some(rest) = self.splitter.finish() {
                        self.take(rest);
                    }
                    if self.reader.ended() {
                        self.settle(Outcome::Ok, 200, None).await;
                    } else {
                        let message = "the provider's stream ended before its last event";
                        let event = self.cut(message.to_string()).await;
                        self.queue.push(event);
                    }
                }
                Err(e) => {
                    let message = format!("the provider's stream broke off ({})", kind_of(&e));
                    return Some(self.cut(message).await);
                }
            }
        }
    }
}

/// An event's JSON data, if it has any.
pub fn event_json(event: &[u8]) -> Option<Value> {
    sse::data(event).and_then(|d| serde_json::from_str(&d).ok())
}

/// The reader of an endpoint that never streams (its `prepare` refuses a
/// request that asks).
pub struct NoStream;

impl StreamReader for NoStream {
    fn read(&mut self, event: Bytes) -> Vec<Bytes> {
        vec![event]
    }
    fn usage(&self) -> Option<Usage> {
        None
    }
    fn ended(&self) -> bool {
        true
    }
    fn comment_before(&self, _event: &[u8]) -> Option<bool> {
        None
    }
    fn error_event(&self, _message: &str) -> Bytes {
        Bytes::new()
    }
}
