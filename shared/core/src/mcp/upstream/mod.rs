//! The client side of MCP, used to reach upstream servers, one file per
//! kind of upstream: [`streamable_http`] (sessions kept per instance),
//! [`sse`] (the 2024-11-05 HTTP+SSE transport) and [`stdio`] (child
//! processes, run by the host). What is common to them is here: the target,
//! errors, matching a response to its request, listing; a client's
//! [`cancel`]lation of a request in flight; and the upstream's own requests
//! put to the client ([`asks`]).

pub mod asks;
pub mod cancel;
mod sse;
pub mod stdio;
mod streamable_http;
pub mod watch;

pub use stdio::StdioCommand;
pub use streamable_http::UpstreamSessions;

use super::jsonrpc::{self, RpcError};
use crate::env::Env;
use crate::ports::{OutboundError, ProcessSpec};
use crate::store::servers::McpServer;
use serde_json::{Value, json};

/// How an upstream server is spoken to (shown, and written in policy
/// files, as `as_str` says).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// Streamable HTTP (2025-03-26 and later): one endpoint, POST.
    #[default]
    StreamableHttp,
    /// HTTP+SSE (2024-11-05): the URL is the event stream's, which names
    /// the endpoint to POST to and carries the answers.
    Sse,
    /// A child process of the native host, spoken to over stdin/stdout.
    Stdio,
}

impl Transport {
    pub fn parse(s: &str) -> crate::error::Result<Self> {
        match s {
            "streamable_http" => Ok(Transport::StreamableHttp),
            "sse" => Ok(Transport::Sse),
            "stdio" => Ok(Transport::Stdio),
            other => Err(crate::error::Error::bad_request(format!(
                "unknown transport '{other}' (streamable_http, sse or stdio)"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Transport::StreamableHttp => "streamable_http",
            Transport::Sse => "sse",
            Transport::Stdio => "stdio",
        }
    }
}

/// Where and how to reach one upstream server, with its credentials
/// decrypted: made for a request and dropped after it.
pub struct Target<'a> {
    pub server_id: &'a str,
    pub url: &'a str,
    /// The value of the `Authorization` header.
    pub auth_header: Option<String>,
    pub timeout_ms: u64,
    pub transport: Transport,
    /// What a stdio server runs as, its environment opened.
    pub process: Option<ProcessSpec>,
    /// Where the server's OAuth connection stands, if it has one: once
    /// connected, requests carry the token Preloop keeps for it instead of
    /// `auth_header` (see [`crate::mcp::oauth`]).
    pub oauth: Option<crate::store::servers::OAuthState>,
}

impl<'a> Target<'a> {
    /// The target of a stored server, its secrets opened.
    pub fn open(env: &Env, server: &'a McpServer) -> crate::error::Result<Self> {
        let process = match (&server.command, server.transport) {
            (Some(c), Transport::Stdio) => Some(ProcessSpec {
                command: c.command.clone(),
                args: c.args.clone(),
                env: stdio::open_env(env, server.env_enc.as_deref())?
                    .into_iter()
                    .collect(),
            }),
            _ => None,
        };
        Ok(Target {
            server_id: &server.id,
            url: &server.url,
            auth_header: server
                .auth_header_enc
                .as_deref()
                .map(|s| env.cipher().open(s))
                .transpose()?,
            timeout_ms: u64::try_from(server.timeout_ms).unwrap_or(env.config.upstream_timeout_ms),
            transport: server.transport,
            process,
            oauth: server.oauth,
        })
    }
}

impl Target<'_> {
    /// Sends one request to `url` on this target's behalf: its credentials
    /// and deadline, with `headers` besides.
    async fn send(
        &self,
        env: &Env,
        method: &str,
        url: &str,
        headers: crate::http::Headers,
        body: Option<&Value>,
    ) -> Result<crate::ports::OutboundResponse, UpstreamError> {
        self.send_for(env, method, url, headers, body, self.timeout_ms)
            .await
    }

    /// [`Target::send`] with a deadline of its own (a stream kept open).
    /// An OAuth server's request carries its access token; one the server
    /// refuses (401) is refreshed and the request sent once more.
    async fn send_for(
        &self,
        env: &Env,
        method: &str,
        url: &str,
        mut headers: crate::http::Headers,
        body: Option<&Value>,
        timeout_ms: u64,
    ) -> Result<crate::ports::OutboundResponse, UpstreamError> {
        if body.is_some() {
            headers.insert("content-type", "application/json");
        }
        let body: bytes::Bytes = body.map(|b| b.to_string().into()).unwrap_or_default();
        let request = |authorization: Option<&str>| {
            let mut headers = headers.clone();
            if let Some(a) = authorization {
                headers.insert("authorization", a);
            }
            crate::ports::OutboundRequest {
                method: method.into(),
                url: url.to_string(),
                headers,
                body: body.clone(),
                timeout_ms,
            }
        };
        use crate::store::servers::OAuthState;
        match self.oauth {
            // Not connected yet: as before the connection was started.
            None | Some(OAuthState::Pending) => {
                return Ok(env
                    .http()
                    .send(request(self.auth_header.as_deref()))
                    .await?);
            }
            Some(OAuthState::Broken) => {
                return Err(UpstreamError::Unauthorized(
                    "the server's OAuth connection has lapsed: an admin must connect it again"
                        .into(),
                ));
            }
            Some(OAuthState::Connected) => {}
        }
        // Boxed: the token's future (a refresh, its store round trips) would
        // otherwise be nested into every upstream request's.
        let bearer = Box::pin(crate::mcp::oauth::tokens::bearer(env, self.server_id, None))
            .await
            .map_err(|e| UpstreamError::Unauthorized(e.describe()))?;
        // The token is for the server it was granted for: not for a URL
        // the server was moved to since.
        let origin = crate::mcp::oauth::discovery::origin;
        if origin(url).is_none() || origin(url) != origin(&bearer.resource) {
            return Err(UpstreamError::Unauthorized(
                "the server's URL changed since it was connected with OAuth: connect it again"
                    .into(),
            ));
        }
        let response = env
            .http()
            .send(request(Some(&format!("Bearer {}", bearer.token))))
            .await?;
        if response.status != 401 {
            return Ok(response);
        }
        let bearer = Box::pin(crate::mcp::oauth::tokens::bearer(
            env,
            self.server_id,
            Some(&bearer.token),
        ))
        .await
        .map_err(|e| UpstreamError::Unauthorized(e.describe()))?;
        Ok(env
            .http()
            .send(request(Some(&format!("Bearer {}", bearer.token))))
            .await?)
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
    /// The client cancelled the request (the upstream was told).
    Cancelled(Option<String>),
    /// No credential the server takes could be had (an OAuth server not
    /// connected, or whose tokens lapsed).
    Unauthorized(String),
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
            UpstreamError::Cancelled(None) => "cancelled by the client".into(),
            UpstreamError::Cancelled(Some(why)) => format!("cancelled by the client: {why}"),
            UpstreamError::Unauthorized(m) => format!("upstream authorization failed: {m}"),
        }
    }
}

impl From<OutboundError> for UpstreamError {
    fn from(e: OutboundError) -> Self {
        match e {
            OutboundError::Connect(m) => UpstreamError::Unreachable(m),
            OutboundError::Timeout => UpstreamError::Timeout,
            OutboundError::Other(m) => UpstreamError::Unreachable(m),
            too_large @ OutboundError::TooLarge(_) => {
                UpstreamError::Unreachable(too_large.to_string())
            }
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
    call_relayed(env, target, method, params, Relay::default()).await
}

/// [`call`], with the upstream's [`relayable`] notifications about the
/// request handed to `relay.notes` as they arrive, its own requests put to
/// `relay.ask`, and the request ended when `relay.cancel` fires.
pub async fn call_relayed(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    params: Value,
    relay: Relay<'_>,
) -> Result<Value, UpstreamError> {
    match target.transport {
        Transport::StreamableHttp => {
            streamable_http::call(env, target, method, params, relay).await
        }
        Transport::Sse => sse::call(env, target, method, params, relay).await,
        // The host tells the process when a request is dropped.
        Transport::Stdio => until_cancelled(
            relay.cancel,
            stdio::call(env, target, method, params, relay),
        )
        .await
        .unwrap_or_else(|why| Err(UpstreamError::Cancelled(why))),
    }
}

/// Runs `work` unless `cancel` fires first; then its reason.
pub(super) async fn until_cancelled<T>(
    cancel: Option<&cancel::Cancellation>,
    work: impl std::future::Future<Output = T>,
) -> Result<T, Option<String>> {
    let Some(cancel) = cancel else {
        return Ok(work.await);
    };
    match futures_util::future::select(std::pin::pin!(work), cancel.cancelled()).await {
        futures_util::future::Either::Left((done, _)) => Ok(done),
        futures_util::future::Either::Right(((), _)) => Err(cancel.reason()),
    }
}

/// The `notifications/cancelled` that tells an upstream we gave up on its
/// request `id`.
pub(super) fn cancelled_note(id: &Value, reason: Option<&str>) -> Value {
    let mut params = json!({ "requestId": id });
    if let Some(reason) = reason {
        params["reason"] = json!(reason);
    }
    jsonrpc::notification("notifications/cancelled", params)
}

/// Starts a new session with the upstream (forgetting any this instance
/// had) and returns what the server says it offers: its `capabilities`.
pub async fn handshake(env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
    match target.transport {
        Transport::StreamableHttp => streamable_http::handshake(env, target).await,
        Transport::Sse => sse::handshake(env, target).await,
        Transport::Stdio => stdio::handshake(env, target).await,
    }
}

/// What an `initialize` answer says the server offers (`{}` when it says
/// nothing usable).
fn capabilities_of(result: &Value) -> Value {
    match result.get("capabilities") {
        Some(c @ Value::Object(_)) => c.clone(),
        _ => json!({}),
    }
}

/// The parameters of our `initialize`: the newest handshake version, and
/// as client capabilities what Preloop can put to its clients during a
/// request (sampling and elicitation; a client that does not offer one is
/// answered for, with an error). Roots are not declared: they are each
/// client's own, and an upstream session is shared by the account's
/// clients.
pub fn initialize_params() -> Value {
    json!({
        "protocolVersion": crate::mcp::versions::LATEST_HANDSHAKE,
        "capabilities": {"sampling": {}, "elicitation": {"form": {}, "url": {}}},
        "clientInfo": {"name": "preloop", "version": env!("CARGO_PKG_VERSION")},
    })
}

/// What an upstream sent on a request's stream.
pub(super) enum Incoming {
    /// The answer to the request.
    Answer(Result<Value, UpstreamError>),
    /// A request of the server's own (sampling, elicitation, roots): it
    /// waits for an answer, which the client gives ([`Relay::ask`]) or
    /// Preloop refuses at once ([`refusal`]).
    Request(Value),
    /// A notification (progress, a log message): see [`Relay`].
    Notification(Value),
    /// An answer to another request, or an empty event.
    Other,
}

/// What a forwarded request carries back to its client and from it.
#[derive(Clone, Copy, Default)]
pub struct Relay<'r> {
    /// Where an upstream's notifications during the request go (progress
    /// and log messages about it): the caller's answer stream, when it has
    /// one.
    pub notes: Option<&'r dyn Fn(Value)>,
    /// The client's cancellation of the request, when it can cancel it.
    pub cancel: Option<&'r cancel::Cancellation>,
    /// Puts the upstream's own requests to the client, when it can answer.
    pub ask: Option<&'r asks::Ask>,
}

impl Relay<'_> {
    /// The response to the upstream's own `request`: `ping` answered here,
    /// the rest the client's, or a refusal when there is no client to ask.
    pub async fn answer(&self, request: Value) -> Value {
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        if request.get("method").and_then(Value::as_str) == Some("ping") {
            return json!({"jsonrpc": "2.0", "id": id, "result": {}});
        }
        match self.ask {
            Some(ask) => ask(request).await,
            None => refusal(&id),
        }
    }
}

/// Notifications an upstream sends about a request in flight, which a
/// client may be shown: the rest (list changes, resource updates) concern
/// the session, not the request.
pub fn relayable(notification: &Value) -> bool {
    matches!(
        notification.get("method").and_then(Value::as_str),
        Some("notifications/progress" | "notifications/message")
    )
}

/// Classifies one message `data` an upstream sent while we wait for the
/// answer to `id`.
pub(super) fn classify(data: &str, id: &Value) -> Result<Incoming, UpstreamError> {
    // 2025-11-25 servers open a stream with an empty "priming" event that
    // only carries an event id for resumption.
    if data.trim().is_empty() {
        return Ok(Incoming::Other);
    }
    let value: Value = serde_json::from_str(data)
        .map_err(|e| UpstreamError::Protocol(format!("invalid JSON: {e}")))?;
    if value.get("method").is_some() {
        return Ok(match value.get("id") {
            Some(_) => Incoming::Request(value),
            None => Incoming::Notification(value),
        });
    }
    if value.get("id") != Some(id) {
        return Ok(Incoming::Other);
    }
    Ok(Incoming::Answer(result_of(&value)))
}

/// The answer to a server's own request when there is no client to put it
/// to (a server waiting for sampling or elicitation would otherwise wait
/// for ever).
pub(super) fn refusal(request_id: &Value) -> Value {
    jsonrpc::error(
        Some(request_id),
        &RpcError::new(
            jsonrpc::METHOD_NOT_FOUND,
            "Preloop does not answer requests from upstream servers",
        ),
    )
}

/// The `result` of a response message, or its `error` as an
/// [`UpstreamError::Rpc`].
fn result_of(value: &Value) -> Result<Value, UpstreamError> {
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
        return Err(UpstreamError::Rpc(e));
    }
    match value.get("result") {
        Some(r) => Ok(r.clone()),
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
