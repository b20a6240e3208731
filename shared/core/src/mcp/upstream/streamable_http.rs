//! Upstreams that speak Streamable HTTP (2025-03-26 and later): the
//! `initialize` handshake, session ids kept per instance, JSON or SSE
//! answers, and one transparent re-initialize when an upstream forgets our
//! session.

use super::{
    Incoming, Relay, Target, UpstreamError, cancelled_note, classify, relayable, until_cancelled,
};
use crate::env::Env;
use crate::http::Headers;
use crate::mcp::jsonrpc;
use crate::mcp::sse;
use crate::mcp::versions::{self, HEADER_PROTOCOL_VERSION, HEADER_SESSION_ID};
use crate::ports::OutboundResponse;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone)]
pub(super) struct Session {
    session_id: Option<String>,
    protocol_version: String,
}

/// Upstream sessions of this instance, by server id. Only an optimisation:
/// a lost entry costs one new handshake.
/// Cloning shares the cache: clones of one `Env` see the same entries.
#[derive(Clone, Default)]
pub struct UpstreamSessions {
    map: Rc<RefCell<HashMap<String, Session>>>,
}

impl UpstreamSessions {
    fn get(&self, server_id: &str) -> Option<Session> {
        self.map.borrow().get(server_id).cloned()
    }
    fn put(&self, server_id: &str, s: Session) {
        self.map.borrow_mut().insert(server_id.to_string(), s);
    }
    pub fn forget(&self, server_id: &str) {
        self.map.borrow_mut().remove(server_id);
    }
}

/// Sends one request upstream and returns its `result`.
pub(super) async fn call(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    params: Value,
    relay: Relay<'_>,
) -> Result<Value, UpstreamError> {
    let session = match env.upstream_sessions.get(target.server_id) {
        Some(s) => s,
        None => initialize(env, target).await?,
    };
    match request(env, target, &session, method, params.clone(), relay).await {
        // An upstream that restarted forgets our session and answers 404:
        // start a new one and try once more.
        Err(UpstreamError::Http(404)) if session.session_id.is_some() => {
            env.upstream_sessions.forget(target.server_id);
            let session = initialize(env, target).await?;
            request(env, target, &session, method, params, relay).await
        }
        other => other,
    }
}

/// Starts a new session with the upstream (forgetting any this instance
/// had) and returns what the server says it offers: its `capabilities`.
pub(super) async fn handshake(env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
    env.upstream_sessions.forget(target.server_id);
    let (_, capabilities) = open_session(env, target).await?;
    Ok(capabilities)
}

async fn initialize(env: &Env, target: &Target<'_>) -> Result<Session, UpstreamError> {
    open_session(env, target).await.map(|(session, _)| session)
}

/// Starts a new session with the upstream, kept in the instance's cache.
async fn open_session(env: &Env, target: &Target<'_>) -> Result<(Session, Value), UpstreamError> {
    let (session, capabilities) = own_session(env, target).await?;
    env.upstream_sessions.put(target.server_id, session.clone());
    Ok((session, capabilities))
}

/// Starts a new session with the upstream that is the caller's own (not
/// cached): a [`super::watch`]'s.
pub(super) async fn own_session(
    env: &Env,
    target: &Target<'_>,
) -> Result<(Session, Value), UpstreamError> {
    let bare = Session {
        session_id: None,
        protocol_version: versions::LATEST_HANDSHAKE.to_string(),
    };
    let id = Value::String(env.new_id());
    let body = jsonrpc::request(&id, "initialize", super::initialize_params());
    let response = post(env, target, &bare, &body, false).await?;
    let session_id = response.headers.get(HEADER_SESSION_ID).map(str::to_string);
    let result = read_result(env, target, &bare, response, &id, Relay::default()).await?;
    let version = result
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or(versions::LATEST_HANDSHAKE)
        .to_string();
    let session = Session {
        session_id,
        protocol_version: version,
    };
    let initialized = jsonrpc::notification("notifications/initialized", json!({}));
    let ack = post(env, target, &session, &initialized, true).await?;
    if !(200..300).contains(&ack.status) {
        return Err(UpstreamError::Http(ack.status));
    }
    Ok((session, super::capabilities_of(&result)))
}

/// Opens `session`'s stream of the server's messages outside requests (a
/// GET), kept open up to `open_ms`.
pub(super) async fn open_stream(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    open_ms: u64,
) -> Result<OutboundResponse, UpstreamError> {
    let mut headers = Headers::new();
    headers.insert("accept", "text/event-stream");
    if let Some(sid) = &session.session_id {
        headers.insert(HEADER_SESSION_ID, sid.clone());
    }
    headers.insert(HEADER_PROTOCOL_VERSION, session.protocol_version.clone());
    let response = target
        .send_for(env, "GET", target.url, headers, None, open_ms)
        .await?;
    let event_stream = response
        .headers
        .get("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("text/event-stream"));
    if !(200..300).contains(&response.status) || !event_stream {
        return Err(UpstreamError::Http(response.status));
    }
    Ok(response)
}

/// Ends `session` upstream (best effort: a server may not allow it).
pub(super) async fn end_session(env: &Env, target: &Target<'_>, session: &Session) {
    let Some(sid) = &session.session_id else {
        return;
    };
    let mut headers = Headers::new();
    headers.insert(HEADER_SESSION_ID, sid.clone());
    headers.insert(HEADER_PROTOCOL_VERSION, session.protocol_version.clone());
    let _ = target.send(env, "DELETE", target.url, headers, None).await;
}

/// A request on `session`, nothing relayed.
pub(super) async fn request_on(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    method: &str,
    params: Value,
) -> Result<Value, UpstreamError> {
    request(env, target, session, method, params, Relay::default()).await
}

/// A message (a notification, or an answer to the server's request) on
/// `session`.
pub(super) async fn post_on(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    message: &Value,
) -> Result<(), UpstreamError> {
    let response = post(env, target, session, message, true).await?;
    if !(200..300).contains(&response.status) {
        return Err(UpstreamError::Http(response.status));
    }
    Ok(())
}

async fn request(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    method: &str,
    params: Value,
    relay: Relay<'_>,
) -> Result<Value, UpstreamError> {
    let id = Value::String(env.new_id());
    let body = jsonrpc::request(&id, method, params);
    let exchange = async {
        let response = post(env, target, session, &body, true).await?;
        read_result(env, target, session, response, &id, relay).await
    };
    match until_cancelled(relay.cancel, exchange).await {
        Ok(done) => done,
        Err(why) => {
            // Best effort, as the protocol makes cancellation.
            let _ = post(
                env,
                target,
                session,
                &cancelled_note(&id, why.as_deref()),
                true,
            )
            .await;
            Err(UpstreamError::Cancelled(why))
        }
    }
}

async fn post(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    body: &Value,
    versioned: bool,
) -> Result<OutboundResponse, UpstreamError> {
    let mut headers = Headers::new();
    headers.insert("accept", "application/json, text/event-stream");
    if let Some(sid) = &session.session_id {
        headers.insert(HEADER_SESSION_ID, sid.clone());
    }
    if versioned {
        headers.insert(HEADER_PROTOCOL_VERSION, session.protocol_version.clone());
    }
    let response = target
        .send(env, "POST", target.url, headers, Some(body))
        .await?;
    Ok(response)
}

/// How long the rest of an event stream is waited for once its answer is
/// in. Servers end the stream right after the answer, and a connection whose
/// response was read to the end goes back to the pool (one dropped halfway is
/// closed, and the next call opens a new one). A server that keeps the
/// stream open past this has it dropped.
const STREAM_END_WAIT_MS: u64 = 2;

async fn await_stream_end(env: &Env, body: &mut Box<dyn crate::ports::BodyStream>, limit: usize) {
    let Some(timer) = env.timer() else {
        return;
    };
    let rest = async {
        let mut seen = 0usize;
        while let Ok(Some(chunk)) = body.next_chunk().await {
            seen += chunk.len();
            if seen > limit {
                break;
            }
        }
    };
    let _ = futures_util::future::select(
        std::pin::pin!(rest),
        std::pin::pin!(timer.sleep(STREAM_END_WAIT_MS)),
    )
    .await;
}

async fn read_result(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    response: OutboundResponse,
    id: &Value,
    relay: Relay<'_>,
) -> Result<Value, UpstreamError> {
    if !(200..300).contains(&response.status) {
        return Err(UpstreamError::Http(response.status));
    }
    let content_type = response
        .headers
        .get("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let limit = env.config.max_upstream_response_bytes;
    if content_type.starts_with("text/event-stream") {
        let mut body = response.body;
        let mut parser = sse::Parser::default();
        let mut seen = 0usize;
        loop {
            let chunk = body.next_chunk().await?;
            let events = match &chunk {
                Some(c) => {
                    seen += c.len();
                    if seen > limit {
                        return Err(UpstreamError::Protocol(format!(
                            "answer larger than {limit} bytes"
                        )));
                    }
                    parser.push(c)
                }
                None => parser.finish().into_iter().collect(),
            };
            for event in events {
                match classify(&event.data, id)? {
                    Incoming::Answer(result) => {
                        if chunk.is_some() {
                            await_stream_end(env, &mut body, limit.saturating_sub(seen)).await;
                        }
                        return result;
                    }
                    Incoming::Request(request) => {
                        // Best effort: a server that cannot take the answer
                        // still answers our request, or times out.
                        let answer = relay.answer(request).await;
                        let _ = post(env, target, session, &answer, true).await;
                    }
                    Incoming::Notification(note) => {
                        if let Some(notes) = relay.notes
                            && relayable(&note)
                        {
                            notes(note);
                        }
                    }
                    Incoming::Other => {}
                }
            }
            if chunk.is_none() {
                return Err(UpstreamError::Protocol(
                    "the event stream ended without an answer".into(),
                ));
            }
        }
    }
    if content_type.starts_with("application/json") {
        let bytes = response.read_all(limit).await?;
        let text = String::from_utf8_lossy(&bytes);
        return match classify(&text, id)? {
            Incoming::Answer(result) => result,
            _ => Err(UpstreamError::Protocol(
                "the answer was for another request".into(),
            )),
        };
    }
    Err(UpstreamError::Protocol(format!(
        "unexpected content type '{content_type}'"
    )))
}
