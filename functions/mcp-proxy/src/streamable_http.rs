//! The Streamable HTTP transport, for every protocol generation clients use:
//! the handshake era (2025-03-26, 2025-06-18, 2025-11-25: `initialize`,
//! `Mcp-Session-Id`, DELETE to end a session) and the stateless 2026-07-28
//! (`server/discover`, the version in every request's `_meta`, and the
//! `MCP-Protocol-Version` / `Mcp-Method` / `Mcp-Name` headers checked against
//! the body).

use crate::asks;
use crate::handler::{self, Call};
use crate::hold::{self, HeldStream};
use crate::listen::{ChangeStream, Subscription};
use crate::live::{self, LiveStream};
use crate::session;
use crate::subscriptions;
use futures_util::future::Either;
use preloop_core::Env;
use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, Response, WWW_AUTHENTICATE, media_type_of};
use preloop_core::mcp::jsonrpc::{self, Message, RpcError};
use preloop_core::mcp::versions::{
    self, HEADER_METHOD, HEADER_NAME, HEADER_PROTOCOL_VERSION, HEADER_SESSION_ID,
    META_CLIENT_CAPABILITIES, META_PROTOCOL_VERSION,
};
use preloop_core::store::sessions::McpSession;
use serde_json::{Value, json};

/// A transport-level failure: an HTTP status and the JSON-RPC error to carry.
struct Reject {
    status: u16,
    id: Option<Value>,
    error: RpcError,
}

impl Reject {
    fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Reject {
            status,
            id: None,
            error: RpcError::new(code, message),
        }
    }
    fn from_error(e: &preloop_core::Error) -> Self {
        Reject {
            status: e.status(),
            id: None,
            error: RpcError::from(e),
        }
    }
    fn response(self) -> Response {
        let r = Response::json(self.status, &jsonrpc::error(self.id.as_ref(), &self.error));
        let missing = self
            .error
            .data
            .as_ref()
            .and_then(|d| d.get("required_permission"))
            .and_then(Value::as_str);
        match (self.status, missing) {
            (401, _) => r.with_header("www-authenticate", WWW_AUTHENTICATE),
            // OAuth clients learn which scope they lack (RFC 6750 3.1).
            (403, Some(scope)) => r.with_header(
                "www-authenticate",
                format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\""),
            ),
            _ => r,
        }
    }
}

/// Points a challenge at the endpoint's protected resource metadata (RFC
/// 9728 section 5.1), where OAuth clients find how to get a token: a 401
/// without a token is a bare challenge, with one an `invalid_token`.
fn with_resource_metadata(env: &Env, request: &Request, response: Response) -> Response {
    let Some(challenge) = response.headers.get("www-authenticate") else {
        return response;
    };
    let at = preloop_core::auth::resource_metadata_url(env, &request.path);
    let value = if response.status == 401 {
        match request.bearer_token() {
            Some(_) => format!(
                "Bearer realm=\"preloop\", error=\"invalid_token\", resource_metadata=\"{at}\""
            ),
            None => format!("Bearer realm=\"preloop\", resource_metadata=\"{at}\""),
        }
    } else {
        format!("{challenge}, resource_metadata=\"{at}\"")
    };
    response.with_header("www-authenticate", value)
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    let origin = request.headers.get("origin");
    if let Some(o) = origin
        && !env.config.origin_allowed(o)
    {
        return Reject::new(
            403,
            jsonrpc::INVALID_REQUEST,
            format!("Origin '{o}' is not allowed"),
        )
        .response();
    }
    let response = match request.method.as_str() {
        "POST" => post(request, env).await.unwrap_or_else(Reject::response),
        "DELETE" => delete(request, env).await.unwrap_or_else(Reject::response),
        "GET" if crate::listen::offered(env) => listen(request, env).await.unwrap_or_else(|r| {
            let status = r.status;
            let response = r.response();
            if status == 405 {
                response.with_header("allow", "GET, POST, DELETE, OPTIONS")
            } else {
                response
            }
        }),
        "OPTIONS" => Response::no_content()
            .with_header("access-control-allow-methods", "GET, POST, DELETE, OPTIONS")
            .with_header(
                "access-control-allow-headers",
                "authorization, content-type, accept, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id",
            )
            .with_header("access-control-max-age", "600"),
        // A host without the notification stream (see `listen::offered`):
        // the spec lets a server answer GET with 405.
        _ => Reject::new(405, jsonrpc::INVALID_REQUEST, "Method not allowed: use POST (or DELETE to end a session)")
            .response()
            .with_header("allow", "POST, DELETE, OPTIONS"),
    };
    let response = with_resource_metadata(env, request, response);
    match origin {
        Some(o) => response
            .with_header("access-control-allow-origin", o)
            .with_header(
                "access-control-expose-headers",
                "mcp-session-id, mcp-protocol-version, www-authenticate",
            )
            .with_header("vary", "origin"),
        None => response,
    }
}

async fn authenticate(request: &Request, env: &Env) -> Result<Principal, Reject> {
    authenticate_with_session(request, env)
        .await
        .map(|(principal, _)| principal)
}

/// The caller, and the session its `Mcp-Session-Id` names if that is the
/// key's own: one store round trip for both.
async fn authenticate_with_session(
    request: &Request,
    env: &Env,
) -> Result<(Principal, Option<McpSession>), Reject> {
    let (principal, session) =
        auth::authenticate_with_session(env, request, request.headers.get(HEADER_SESSION_ID))
            .await
            .map_err(|e| Reject::from_error(&e))?;
    principal
        .require_tool_caller()
        .map_err(|e| Reject::from_error(&e))?;
    Ok((principal, session))
}

/// GET: a session's stream of Preloop's own notifications
/// ([`crate::listen`]). Only the handshake-era generations have one; their
/// session must be the caller's.
async fn listen(request: &Request, env: &Env) -> Result<Response, Reject> {
    let (principal, found) = authenticate_with_session(request, env).await?;
    if request.headers.get(HEADER_SESSION_ID).is_none() {
        return Err(Reject::new(
            405,
            jsonrpc::INVALID_REQUEST,
            "Method not allowed: GET opens a session's notification stream (send Mcp-Session-Id); 2026-07-28 has none",
        ));
    }
    let accepts_sse = request.headers.get("accept").is_some_and(|a| {
        a.split(',')
            .map(media_type_of)
            .any(|r| r == "text/event-stream")
    });
    if !accepts_sse {
        return Err(Reject::new(
            406,
            jsonrpc::INVALID_REQUEST,
            "Not Acceptable: the notification stream is text/event-stream",
        ));
    }
    let session = session::still_open(env, found)
        .await
        .map_err(|e| Reject::from_error(&e))?
        .ok_or_else(session_not_found)?;
    let stream = ChangeStream::open(env, request, principal, session.protocol_version, None)
        .await
        .map_err(|error| Reject {
            status: 500,
            id: None,
            error,
        })?;
    Ok(
        Response::streaming(200, "text/event-stream", Box::new(stream))
            .with_header("cache-control", "no-cache"),
    )
}

/// `subscriptions/listen` (2026-07-28): the request's answer is the stream
/// of Preloop's own notifications ([`crate::listen`]), acknowledged first
/// and closed with the answer. Where no stream is served (at the edge) the
/// subscription is acknowledged with nothing honoured and closed at once.
async fn subscribe(
    request: &Request,
    env: &Env,
    principal: &Principal,
    id: Value,
    params: &Value,
    protocol_version: String,
) -> Response {
    let subscription = Subscription::asked(id.clone(), params);
    let sse = |r: Response| r.with_header("cache-control", "no-cache");
    if !crate::listen::offered(env) {
        return sse(Response::text(
            200,
            "text/event-stream",
            subscription.declined(),
        ));
    }
    match ChangeStream::open(
        env,
        request,
        principal.clone(),
        protocol_version,
        Some(subscription),
    )
    .await
    {
        Ok(stream) => sse(Response::streaming(
            200,
            "text/event-stream",
            Box::new(stream),
        )),
        Err(error) => respond(&id, Err(error), true),
    }
}

async fn delete(request: &Request, env: &Env) -> Result<Response, Reject> {
    let principal = authenticate(request, env).await?;
    let id = request.headers.get(HEADER_SESSION_ID).ok_or_else(|| {
        Reject::new(
            400,
            jsonrpc::INVALID_REQUEST,
            "Bad Request: missing Mcp-Session-Id header",
        )
    })?;
    let found = session::find(env, &principal, id)
        .await
        .map_err(|e| Reject::from_error(&e))?;
    if found.is_none() {
        return Err(session_not_found());
    }
    session::end(env, id)
        .await
        .map_err(|e| Reject::from_error(&e))?;
    // What this instance kept for the session's streams goes with it.
    if crate::listen::offered(env) {
        subscriptions::forget(id);
        crate::upstream_notes::end(env, &principal, id).await;
    }
    Ok(Response::no_content())
}

fn session_not_found() -> Reject {
    Reject::new(
        404,
        -32001,
        "Session not found: start a new one with initialize",
    )
}

fn check_media_types(request: &Request, env: &Env) -> Result<(), Reject> {
    if request.body.len() > env.config.max_body_bytes {
        return Err(too_large(env.config.max_body_bytes));
    }
    if request.media_type().as_deref() != Some("application/json") {
        return Err(Reject::new(
            415,
            jsonrpc::INVALID_REQUEST,
            "Unsupported Media Type: Content-Type must be application/json",
        ));
    }
    if let Some(accept) = request.headers.get("accept") {
        let ranges: Vec<String> = accept.split(',').map(media_type_of).collect();
        if !ranges.iter().any(|r| {
            matches!(
                r.as_str(),
                "application/json" | "text/event-stream" | "*/*" | "application/*" | "text/*"
            )
        }) {
            return Err(Reject::new(
                406,
                jsonrpc::INVALID_REQUEST,
                "Not Acceptable: Accept must include application/json and text/event-stream",
            ));
        }
    }
    Ok(())
}

/// The 413 answer for a body over the configured limit.
fn too_large(limit: usize) -> Reject {
    Reject::new(
        413,
        jsonrpc::INVALID_REQUEST,
        format!("Request body exceeds the limit of {limit} bytes"),
    )
}

/// The 413 response, for hosts that stop reading a body at the limit.
pub fn too_large_response(limit: usize) -> Response {
    too_large(limit).response()
}

/// Any refusal made before the request reached the proxy (by the host:
/// authentication before a large body, a body that timed out), in the
/// proxy's JSON-RPC dialect.
pub fn refusal_response(e: &preloop_core::Error) -> Response {
    Reject::from_error(e).response().with_error_headers(e)
}

async fn post(request: &Request, env: &Env) -> Result<Response, Reject> {
    let (principal, session) = authenticate_with_session(request, env).await?;
    check_media_types(request, env)?;
    let message = jsonrpc::parse(&request.body).map_err(|(id, error)| Reject {
        status: 400,
        id,
        error,
    })?;
    if message.is_response {
        // The answer to a question an upstream put to this session's client
        // (see `asks`); a response outside a session answers nothing.
        if let Some(session) = &session
            && let Ok(answer) = serde_json::from_slice::<Value>(&request.body)
        {
            asks::answered(&session.id, answer);
        }
        return Ok(Response::new(202));
    }
    let method = message.method.clone().unwrap_or_default();
    if method == "initialize" {
        return initialize(env, &principal, &message).await;
    }
    if is_modern(request, &message) {
        return modern(request, env, &principal, &message).await;
    }
    legacy(request, env, &principal, session, &message).await
}

fn is_modern(request: &Request, message: &Message) -> bool {
    message.method.as_deref() == Some("server/discover")
        || message
            .params
            .get("_meta")
            .and_then(|m| m.get(META_PROTOCOL_VERSION))
            .is_some()
        || request
            .headers
            .get(HEADER_PROTOCOL_VERSION)
            .is_some_and(|v| versions::MODERN.contains(&v))
}

async fn initialize(
    env: &Env,
    principal: &Principal,
    message: &Message,
) -> Result<Response, Reject> {
    let Some(id) = message.id.clone() else {
        return Err(Reject::new(
            400,
            jsonrpc::INVALID_REQUEST,
            "Invalid Request: initialize must be a request with an id",
        ));
    };
    let requested = message
        .params
        .get("protocolVersion")
        .and_then(Value::as_str);
    let version = versions::negotiate(requested);
    let client_info = message
        .params
        .get("clientInfo")
        .cloned()
        .unwrap_or(Value::Null);
    let capabilities = match handler::capabilities(env, principal, true).await {
        Ok(c) => c,
        Err(e) => return Ok(respond(&id, Err(e), false)),
    };
    let client_capabilities = message
        .params
        .get("capabilities")
        .cloned()
        .unwrap_or(Value::Null);
    let session_id = session::create(env, principal, version, &client_info, &client_capabilities)
        .await
        .map_err(|e| Reject::from_error(&e))?;
    let result = handler::initialize_result(version, capabilities);
    Ok(respond(&id, Ok(result), false).with_header(HEADER_SESSION_ID, session_id))
}

async fn legacy(
    request: &Request,
    env: &Env,
    principal: &Principal,
    found: Option<McpSession>,
    message: &Message,
) -> Result<Response, Reject> {
    if request.headers.get(HEADER_SESSION_ID).is_none() {
        return Err(Reject::new(
            400,
            jsonrpc::INVALID_REQUEST,
            "Bad Request: missing Mcp-Session-Id header (send initialize first)",
        ));
    }
    // `found` was looked up with the key (a session of another key is not).
    let session = session::still_open(env, found)
        .await
        .map_err(|e| Reject::from_error(&e))?
        .ok_or_else(session_not_found)?;
    if let Some(v) = request.headers.get(HEADER_PROTOCOL_VERSION)
        && !versions::HANDSHAKE.contains(&v)
    {
        return Err(Reject::new(
            400,
            jsonrpc::INVALID_REQUEST,
            format!("Bad Request: unsupported MCP-Protocol-Version '{v}'"),
        ));
    }
    let version = session.protocol_version.clone();
    Ok(serve(
        request,
        env,
        principal,
        message,
        false,
        version,
        Some(&session),
    )
    .await)
}

async fn modern(
    request: &Request,
    env: &Env,
    principal: &Principal,
    message: &Message,
) -> Result<Response, Reject> {
    let version = classify_modern(request, message).map_err(|error| Reject {
        status: modern_status(error.code),
        id: message.id.clone(),
        error,
    })?;
    Ok(serve(request, env, principal, message, true, version, None).await)
}

/// Answers a message that passed its generation's checks: 202 for a
/// notification, the method's result or error for a request.
async fn serve(
    request: &Request,
    env: &Env,
    principal: &Principal,
    message: &Message,
    modern: bool,
    protocol_version: String,
    session: Option<&McpSession>,
) -> Response {
    let Some(id) = message.id.clone() else {
        if let (Some("notifications/cancelled"), Some(s)) = (message.method.as_deref(), session) {
            handler::cancelled(env, principal, &s.id, &message.params).await;
        }
        return Response::new(202);
    };
    let method = message.method.as_deref().unwrap_or_default();
    if method == "subscriptions/listen" && modern {
        return subscribe(
            request,
            env,
            principal,
            id,
            &message.params,
            protocol_version,
        )
        .await;
    }
    if method == "logging/setLevel" {
        return respond(
            &id,
            set_log_level(env, session, &message.params).await,
            modern,
        );
    }
    let request_id = env.new_id();
    let client_request = session.map(|s| handler::client_request(&s.id, &id));
    let call = || Call {
        after: Some(Default::default()),
        client_request: client_request.clone(),
        ..Call::new(
            env,
            principal,
            request_id.clone(),
            modern,
            protocol_version.clone(),
        )
    };
    if matches!(method, "resources/subscribe" | "resources/unsubscribe") {
        let result = match session {
            // Updates come on the session's stream, where one is served.
            Some(s) if crate::listen::offered(env) => {
                if method == "resources/subscribe" {
                    subscriptions::subscribe(&call(), &s.id, &message.params).await
                } else {
                    subscriptions::unsubscribe(&s.id, &message.params)
                }
            }
            _ => Err(RpcError::new(
                jsonrpc::METHOD_NOT_FOUND,
                format!(
                    "Method not found: {method} (resource updates come on a session's stream, which only `preloop serve` serves)"
                ),
            )),
        };
        return respond(&id, result, modern).with_header("x-request-id", request_id);
    }
    let finished = if wants_sse(request) && live::relays(method) {
        let notes = live::Shared::default();
        let relay = live::relay(&notes, session.and_then(|s| s.log_level.as_deref()));
        let ask =
            session.and_then(|s| asks::asker(env, &s.id, &s.client_capabilities, relay.clone()));
        let work = live::work(
            env.clone(),
            principal.clone(),
            request_id.clone(),
            modern,
            protocol_version.clone(),
            client_request.clone(),
            method.to_string(),
            message.params.clone(),
            relay,
            ask,
        );
        match live::first(work, &notes).await {
            Either::Left(finished) => finished,
            Either::Right(work) => {
                let stream = LiveStream::new(work, notes, id, modern);
                return Response::streaming(200, "text/event-stream", Box::new(stream))
                    .with_header("cache-control", "no-cache")
                    .with_header("x-request-id", request_id);
            }
        }
    } else {
        let call = call();
        let result = handler::dispatch(&call, method, &message.params).await;
        live::Finished {
            result,
            held: call.held.take(),
            after: call.after.as_ref().map(|a| a.take()).unwrap_or_default(),
        }
    };
    let live::Finished {
        mut result,
        held,
        after,
    } = finished;
    if let Some(held) = held
        && result.is_ok()
    {
        if wants_sse(request) {
            let progress_token = handler::progress_token(&message.params);
            let stream = HeldStream::new(
                env.clone(),
                principal.clone(),
                request_id.clone(),
                modern,
                protocol_version.clone(),
                id,
                progress_token,
                held,
            );
            return Response::streaming(200, "text/event-stream", Box::new(stream))
                .with_header("cache-control", "no-cache")
                .with_header("x-request-id", request_id)
                .with_after(after);
        }
        result = hold::wait(&call(), held).await;
    }
    respond(&id, result, modern)
        .with_header("x-request-id", request_id)
        .with_after(after)
}

/// `logging/setLevel`: the least severe log message an upstream may relay
/// to this session ([`crate::live`]). Kept with the session; upstreams are
/// not told, since their sessions with Preloop serve every caller.
async fn set_log_level(
    env: &Env,
    session: Option<&McpSession>,
    params: &Value,
) -> Result<Value, RpcError> {
    let Some(session) = session else {
        return Err(RpcError::new(
            jsonrpc::METHOD_NOT_FOUND,
            "logging/setLevel is not part of protocol version 2026-07-28",
        ));
    };
    let level = params
        .get("level")
        .and_then(Value::as_str)
        .filter(|l| live::LEVELS.contains(l))
        .ok_or_else(|| {
            RpcError::new(
                jsonrpc::INVALID_PARAMS,
                format!("level must be one of {}", live::LEVELS.join(", ")),
            )
        })?;
    preloop_core::store::sessions::set_log_level(env.sql(), &session.id, level)
        .await
        .map_err(|e| crate::guarded::internal(&e))?;
    Ok(json!({}))
}

fn wants_sse(request: &Request) -> bool {
    request
        .headers
        .get("accept")
        .is_some_and(|a| a.to_ascii_lowercase().contains("text/event-stream"))
}

/// The 2026-07-28 checks, first failure wins: the `_meta` envelope, the
/// routing headers against the body, then the version itself.
fn classify_modern(request: &Request, message: &Message) -> Result<String, RpcError> {
    let meta = message.params.get("_meta").and_then(Value::as_object).ok_or_else(|| {
        RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("params._meta must be an object carrying '{META_PROTOCOL_VERSION}' and '{META_CLIENT_CAPABILITIES}'"),
        )
    })?;
    let missing: Vec<&str> = [META_PROTOCOL_VERSION, META_CLIENT_CAPABILITIES]
        .into_iter()
        .filter(|k| !meta.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("params._meta is missing: {}", missing.join(", ")),
        ));
    }
    let body_version = meta
        .get(META_PROTOCOL_VERSION)
        .cloned()
        .unwrap_or(Value::Null);
    for header in [HEADER_PROTOCOL_VERSION, HEADER_METHOD, HEADER_NAME] {
        if request.headers.get_all(header).count() > 1 {
            return Err(RpcError::new(
                jsonrpc::HEADER_MISMATCH,
                format!("{header} header sent more than once"),
            ));
        }
    }
    let mismatch = |h: &str, what: &str| {
        RpcError::new(
            jsonrpc::HEADER_MISMATCH,
            format!("{h} header does not match the request's {what}"),
        )
    };
    if request
        .headers
        .get(HEADER_PROTOCOL_VERSION)
        .map(|v| Value::String(v.to_string()))
        != Some(body_version.clone())
    {
        return Err(mismatch("MCP-Protocol-Version", "protocol version"));
    }
    if request.headers.get(HEADER_METHOD) != message.method.as_deref() {
        return Err(mismatch("Mcp-Method", "method"));
    }
    if message.method.as_deref() == Some("tools/call")
        && let Some(name) = message.params.get("name").and_then(Value::as_str)
    {
        let header = request
            .headers
            .get(HEADER_NAME)
            .and_then(decode_header_value);
        if header.as_deref() != Some(name) {
            return Err(mismatch("Mcp-Name", "tool name"));
        }
    }
    let Value::String(version) = body_version else {
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            "the protocol version must be a string",
        ));
    };
    if !versions::MODERN.contains(&version.as_str()) {
        return Err(RpcError::new(
            jsonrpc::UNSUPPORTED_PROTOCOL_VERSION,
            "Unsupported protocol version",
        )
        .with_data(json!({"supported": versions::MODERN, "requested": version})));
    }
    Ok(version)
}

/// Header values that are not plain ASCII travel as `=?base64?…?=`.
fn decode_header_value(value: &str) -> Option<String> {
    use base64::Engine;
    match value
        .strip_prefix("=?base64?")
        .and_then(|v| v.strip_suffix("?="))
    {
        Some(payload) => base64::engine::general_purpose::STANDARD
            .decode(payload)
            .ok()
            .and_then(|b| String::from_utf8(b).ok()),
        None => Some(value.to_string()),
    }
}

/// HTTP status for a JSON-RPC error on the 2026-07-28 path.
fn modern_status(code: i64) -> u16 {
    match code {
        jsonrpc::PARSE_ERROR
        | jsonrpc::INVALID_REQUEST
        | jsonrpc::INVALID_PARAMS
        | jsonrpc::HEADER_MISMATCH
        | jsonrpc::UNSUPPORTED_PROTOCOL_VERSION
        | -32021 => 400,
        jsonrpc::METHOD_NOT_FOUND => 404,
        _ => 200,
    }
}

/// The JSON-RPC response for a result, and its HTTP status.
pub fn rpc_body(id: &Value, result: Result<Value, RpcError>, modern: bool) -> (u16, Value) {
    match result {
        Ok(mut value) => {
            if modern && let Some(obj) = value.as_object_mut() {
                obj.entry("resultType").or_insert_with(|| json!("complete"));
            }
            (200, jsonrpc::result(id, value))
        }
        Err(e) => (
            if modern { modern_status(e.code) } else { 200 },
            jsonrpc::error(Some(id), &e),
        ),
    }
}

/// An answer that is complete when it is sent goes as JSON, whatever the
/// client accepts: an event stream of one event only costs both sides
/// framing and parsing. Calls held open for approval stream (`HeldStream`).
fn respond(id: &Value, result: Result<Value, RpcError>, modern: bool) -> Response {
    let (status, body) = rpc_body(id, result, modern);
    Response::json(status, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_header_values() {
        assert_eq!(decode_header_value("plain").as_deref(), Some("plain"));
        assert_eq!(
            decode_header_value("=?base64?aMOpbGxv?=").as_deref(),
            Some("héllo")
        );
        assert_eq!(decode_header_value("=?base64?***?="), None);
    }

    fn modern_request(
        method: &str,
        version: &str,
        header_version: &str,
        name_header: Option<&str>,
    ) -> (Request, Message) {
        let body = json!({
            "jsonrpc": "2.0", "id": 1, "method": method,
            "params": {"name": "srv__echo", "_meta": {META_PROTOCOL_VERSION: version, META_CLIENT_CAPABILITIES: {}}}
        });
        let mut r = Request::new("POST", "/mcp/v1")
            .with_header(HEADER_PROTOCOL_VERSION, header_version)
            .with_header(HEADER_METHOD, method);
        if let Some(n) = name_header {
            r = r.with_header(HEADER_NAME, n);
        }
        let m = jsonrpc::from_value(body).unwrap_or_else(|_| Message {
            id: None,
            method: None,
            params: json!({}),
            is_response: false,
        });
        (r, m)
    }

    #[test]
    fn modern_classification() {
        let (r, m) = modern_request("tools/call", "2026-07-28", "2026-07-28", Some("srv__echo"));
        assert_eq!(classify_modern(&r, &m).ok().as_deref(), Some("2026-07-28"));
        let (r, m) = modern_request("tools/call", "2026-07-28", "2026-07-28", Some("other"));
        assert_eq!(
            classify_modern(&r, &m).err().map(|e| e.code),
            Some(jsonrpc::HEADER_MISMATCH)
        );
        let (r, m) = modern_request("tools/list", "2026-07-28", "2025-11-25", None);
        assert_eq!(
            classify_modern(&r, &m).err().map(|e| e.code),
            Some(jsonrpc::HEADER_MISMATCH)
        );
        let (r, m) = modern_request("tools/list", "2027-01-01", "2027-01-01", None);
        let e = classify_modern(&r, &m).err();
        assert_eq!(
            e.as_ref().map(|e| e.code),
            Some(jsonrpc::UNSUPPORTED_PROTOCOL_VERSION)
        );
        assert_eq!(
            e.and_then(|e| e.data).map(|d| d["requested"].clone()),
            Some(json!("2027-01-01"))
        );
    }
}
