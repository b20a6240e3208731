//! The client side of MCP over Streamable HTTP, used to reach upstream
//! servers: the `initialize` handshake, session ids, JSON or SSE answers, and
//! one transparent re-initialize when an upstream forgets our session.

use super::jsonrpc::{self, RpcError};
use super::sse;
use super::versions::{self, HEADER_PROTOCOL_VERSION, HEADER_SESSION_ID};
use crate::env::Env;
use crate::http::Headers;
use crate::ports::{OutboundError, OutboundRequest, OutboundResponse};
use crate::store::servers::McpServer;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Where and how to reach one upstream server.
pub struct Target<'a> {
    pub server_id: &'a str,
    pub url: &'a str,
    /// The value of the `Authorization` header, already decrypted.
    pub auth_header: Option<&'a str>,
    pub timeout_ms: u64,
}

impl<'a> Target<'a> {
    /// The target of a stored server, with its header as decrypted by
    /// [`auth_header`].
    pub fn of(env: &Env, server: &'a McpServer, auth_header: Option<&'a str>) -> Self {
        Target {
            server_id: &server.id,
            url: &server.url,
            auth_header,
            timeout_ms: u64::try_from(server.timeout_ms).unwrap_or(env.config.upstream_timeout_ms),
        }
    }
}

/// A stored server's `Authorization` header, decrypted.
pub fn auth_header(env: &Env, server: &McpServer) -> crate::error::Result<Option<String>> {
    server
        .auth_header_enc
        .as_deref()
        .map(|s| env.cipher().open(s))
        .transpose()
}

#[derive(Debug, Clone)]
struct Session {
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

#[derive(Debug, Clone, PartialEq)]
pub enum UpstreamError {
    Unreachable(String),
    Timeout,
    /// A non-success HTTP status.
    Http(u16),
    /// The answer was not valid MCP.
    Protocol(String),
    /// The upstream answered with a JSON-RPC error.
    Rpc(RpcError),
}

impl UpstreamError {
    /// A message safe to show the agent and to keep in the audit log.
    pub fn describe(&self) -> String {
        match self {
            UpstreamError::Unreachable(m) => format!("upstream server unreachable: {m}"),
            UpstreamError::Timeout => "upstream server did not answer in time".into(),
            UpstreamError::Http(s) => format!("upstream server answered HTTP {s}"),
            UpstreamError::Protocol(m) => format!("upstream server sent an invalid answer: {m}"),
            UpstreamError::Rpc(e) => format!("upstream server error {}: {}", e.code, e.message),
        }
    }
}

impl From<OutboundError> for UpstreamError {
    fn from(e: OutboundError) -> Self {
        match e {
            OutboundError::Connect(m) => UpstreamError::Unreachable(m),
            OutboundError::Timeout => UpstreamError::Timeout,
            OutboundError::Other(m) => UpstreamError::Unreachable(m),
        }
    }
}

/// Sends one request upstream and returns its `result`.
pub async fn call(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    params: Value,
) -> Result<Value, UpstreamError> {
    let session = match env.upstream_sessions.get(target.server_id) {
        Some(s) => s,
        None => initialize(env, target).await?,
    };
    match request(env, target, &session, method, params.clone()).await {
        // An upstream that restarted forgets our session and answers 404:
        // start a new one and try once more.
        Err(UpstreamError::Http(404)) if session.session_id.is_some() => {
            env.upstream_sessions.forget(target.server_id);
            let session = initialize(env, target).await?;
            request(env, target, &session, method, params).await
        }
        other => other,
    }
}

/// Starts a new session with the upstream (forgetting any this instance
/// had) and returns what the server says it offers: its `capabilities`.
pub async fn handshake(env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
    env.upstream_sessions.forget(target.server_id);
    let (_, capabilities) = open_session(env, target).await?;
    Ok(capabilities)
}

async fn initialize(env: &Env, target: &Target<'_>) -> Result<Session, UpstreamError> {
    open_session(env, target).await.map(|(session, _)| session)
}

async fn open_session(env: &Env, target: &Target<'_>) -> Result<(Session, Value), UpstreamError> {
    let bare = Session {
        session_id: None,
        protocol_version: versions::LATEST_HANDSHAKE.to_string(),
    };
    let id = Value::String(env.new_id());
    let body = jsonrpc::request(
        &id,
        "initialize",
        json!({
            "protocolVersion": versions::LATEST_HANDSHAKE,
            "capabilities": {},
            "clientInfo": {"name": "preloop", "version": env!("CARGO_PKG_VERSION")},
        }),
    );
    let response = post(env, target, &bare, &body, false).await?;
    let session_id = response.headers.get(HEADER_SESSION_ID).map(str::to_string);
    let result = read_result(env, response, &id).await?;
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
    env.upstream_sessions.put(target.server_id, session.clone());
    let capabilities = match result.get("capabilities") {
        Some(c @ Value::Object(_)) => c.clone(),
        _ => json!({}),
    };
    Ok((session, capabilities))
}

async fn request(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    method: &str,
    params: Value,
) -> Result<Value, UpstreamError> {
    let id = Value::String(env.new_id());
    let body = jsonrpc::request(&id, method, params);
    let response = post(env, target, session, &body, true).await?;
    read_result(env, response, &id).await
}

async fn post(
    env: &Env,
    target: &Target<'_>,
    session: &Session,
    body: &Value,
    versioned: bool,
) -> Result<OutboundResponse, UpstreamError> {
    let mut headers = Headers::new();
    headers.insert("content-type", "application/json");
    headers.insert("accept", "application/json, text/event-stream");
    if let Some(sid) = &session.session_id {
        headers.insert(HEADER_SESSION_ID, sid.clone());
    }
    if versioned {
        headers.insert(HEADER_PROTOCOL_VERSION, session.protocol_version.clone());
    }
    if let Some(auth) = target.auth_header {
        headers.insert("authorization", auth);
    }
    let response = env
        .http()
        .send(OutboundRequest {
            method: "POST".into(),
            url: target.url.to_string(),
            headers,
            body: body.to_string().into(),
            timeout_ms: target.timeout_ms,
        })
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
    response: OutboundResponse,
    id: &Value,
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
                if let Some(result) = match_response(&event.data, id)? {
                    if chunk.is_some() {
                        await_stream_end(env, &mut body, limit.saturating_sub(seen)).await;
                    }
                    return result;
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
        return match_response(&text, id)?.unwrap_or_else(|| {
            Err(UpstreamError::Protocol(
                "the answer was for another request".into(),
            ))
        });
    }
    Err(UpstreamError::Protocol(format!(
        "unexpected content type '{content_type}'"
    )))
}

/// `Some` when `data` is the response to `id`; `None` for anything else the
/// server sends on the stream (notifications, its own requests).
fn match_response(
    data: &str,
    id: &Value,
) -> Result<Option<Result<Value, UpstreamError>>, UpstreamError> {
    // 2025-11-25 servers open a stream with an empty "priming" event that
    // only carries an event id for resumption.
    if data.trim().is_empty() {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(data)
        .map_err(|e| UpstreamError::Protocol(format!("invalid JSON: {e}")))?;
    if value.get("id") != Some(id) || value.get("method").is_some() {
        return Ok(None);
    }
    if let Some(error) = value.get("error") {
        let code = error
            .get("code")
            .and_then(Value::as_i64)
            .unwrap_or(jsonrpc::INTERNAL_ERROR);
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut e = RpcError::new(code, message);
        e.data = error.get("data").cloned();
        return Ok(Some(Err(UpstreamError::Rpc(e))));
    }
    match value.get("result") {
        Some(r) => Ok(Some(Ok(r.clone()))),
        None => Err(UpstreamError::Protocol(
            "a response with neither result nor error".into(),
        )),
    }
}

/// Lists every tool of an upstream server, following pagination.
pub async fn list_tools(env: &Env, target: &Target<'_>) -> Result<Vec<Value>, UpstreamError> {
    list_all(env, target, "tools/list", "tools").await
}

/// Pages an upstream may take to list one kind of thing, and entries it
/// may list in all: a server that never stops paging, or lists without
/// end, is an error rather than a proxy that runs out of memory.
const MAX_PAGES: usize = 100;
pub const MAX_LISTED: usize = 10_000;

/// Every entry of a paginated list (`tools/list`, `resources/list`,
/// `prompts/list`, …): the array under `key` of each page, following
/// `nextCursor`.
pub async fn list_all(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    key: &str,
) -> Result<Vec<Value>, UpstreamError> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let params = match &cursor {
            Some(c) => json!({"cursor": c}),
            None => json!({}),
        };
        let mut result = call(env, target, method, params).await?;
        let Some(Value::Array(page)) = result.get_mut(key).map(Value::take) else {
            return Err(UpstreamError::Protocol(format!(
                "{method} result has no {key} array"
            )));
        };
        entries.extend(page);
        if entries.len() > MAX_LISTED {
            return Err(UpstreamError::Protocol(format!(
                "{method} listed more than {MAX_LISTED} entries"
            )));
        }
        cursor = result
            .get("nextCursor")
            .and_then(Value::as_str)
            .map(str::to_string);
        if cursor.is_none() {
            return Ok(entries);
        }
    }
    Err(UpstreamError::Protocol(format!(
        "{method} did not end after {MAX_PAGES} pages"
    )))
}
