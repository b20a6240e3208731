//! The JSON-RPC methods the MCP endpoint answers.

use crate::{completion, prompts, resources, tasks, tools};
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::http::AfterResponse;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::mcp::upstream::{Relay, cancel};
use preloop_core::mcp::versions;
use serde_json::{Value, json};

/// One request being served.
pub struct Call<'a> {
    pub env: &'a Env,
    pub principal: &'a Principal,
    /// Also written to the audit record and returned as `x-request-id`.
    pub request_id: String,
    /// True on the stateless 2026-07-28 path.
    pub modern: bool,
    pub protocol_version: String,
    /// Set by a call that opened an approval request the transport may
    /// hold open until it is decided.
    pub held: std::cell::RefCell<Option<crate::hold::Held>>,
    /// Where the transport takes work for after the response (completing
    /// an audit record); `None` runs such work at once.
    pub after: Option<std::cell::RefCell<Vec<AfterResponse>>>,
    /// The client request this is (see [`client_request`]), on the session
    /// path, where the client can cancel it.
    pub client_request: Option<String>,
    /// Where an upstream's progress and log messages about this request go
    /// ([`crate::live`]), when the client can be told.
    pub relay: Option<std::rc::Rc<dyn Fn(Value)>>,
    /// Where an upstream's own requests during this request go
    /// ([`crate::asks`]), when the client can answer them.
    pub ask: Option<std::rc::Rc<preloop_core::mcp::upstream::asks::Ask>>,
    /// The client's `_meta.progressToken`: passed upstream, so that the
    /// upstream's progress names the client's own request.
    pub progress_token: Option<Value>,
}

/// The client's `_meta.progressToken` in a request's parameters.
pub fn progress_token(params: &Value) -> Option<Value> {
    params
        .get("_meta")
        .and_then(|m| m.get("progressToken"))
        .cloned()
}

/// How a client request is named for its `notifications/cancelled`: its
/// session and its JSON-RPC id.
pub fn client_request(session_id: &str, id: &Value) -> String {
    format!("{session_id} {id}")
}

/// A client's `notifications/cancelled` on a session: a request forwarded
/// upstream is cancelled there and ends (audited `cancelled`); a call held
/// for approval is withdrawn (its request cancelled, which the audit
/// records as `approval_cancelled`), and the held answer ends. Best effort,
/// as the protocol makes it: nothing to cancel is not an error.
pub async fn cancelled(env: &Env, principal: &Principal, session_id: &str, params: &Value) {
    let Some(id) = params.get("requestId") else {
        return;
    };
    let key = client_request(session_id, id);
    // A request forwarded upstream and in flight on this instance. The
    // reason goes upstream and into the audit: bounded, and redacted like
    // any text that is kept.
    let reason = params
        .get("reason")
        .and_then(Value::as_str)
        .map(|r| preloop_core::redact::redact_text(&r.chars().take(200).collect::<String>()));
    if cancel::cancel(&key, reason) {
        return;
    }
    let account = &principal.account_id;
    let found = preloop_core::store::approval_requests::pending_for_client_request(
        env.sql(),
        account,
        &key,
    )
    .await;
    match found {
        Ok(Some(approval)) => {
            let by = principal.audit_label();
            if let Err(e) = preloop_core::approval::flow::cancel(env, account, &approval, &by).await
            {
                tracing::warn!(error = %e.message, approval = %approval, "cancelling a held call failed");
            }
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e.message, "cancelling a held call failed"),
    }
}

impl<'a> Call<'a> {
    /// A call with nothing but who makes it and in which protocol: no
    /// approval held, its after-response work run at once, no client
    /// request to cancel, nothing relayed.
    pub fn new(
        env: &'a Env,
        principal: &'a Principal,
        request_id: String,
        modern: bool,
        protocol_version: String,
    ) -> Self {
        Call {
            env,
            principal,
            request_id,
            modern,
            protocol_version,
            held: Default::default(),
            after: None,
            client_request: None,
            relay: None,
            ask: None,
            progress_token: None,
        }
    }

    /// A look a stream takes for its caller (what it may list, whether it
    /// may hear of a resource): no request of the client's, nothing sent.
    pub fn looking(env: &'a Env, principal: &'a Principal, protocol_version: String) -> Self {
        Call::new(env, principal, String::new(), false, protocol_version)
    }

    /// A request's parameters as sent upstream: `params`, and the client's
    /// progress token when there is a relay to bring progress back.
    pub fn upstream_params(&self, mut params: Value) -> Value {
        if let (Some(token), Some(_), Value::Object(map)) =
            (&self.progress_token, &self.relay, &mut params)
        {
            map.insert("_meta".into(), json!({ "progressToken": token }));
        }
        params
    }

    /// Where a request forwarded upstream may be cancelled from: on the
    /// session path, the client's request in the instance's registry (kept
    /// while the returned registration lives). Natively only: a Worker may
    /// not wake one request's work from another's (workerd aborts it), so at
    /// the edge a forwarded request runs to its end.
    pub fn cancellable(&self) -> Option<cancel::Registration> {
        if cfg!(target_arch = "wasm32") {
            return None;
        }
        self.env.instance_id()?;
        self.client_request.as_deref().map(cancel::register)
    }

    /// What a forwarded request carries back and from the client: its
    /// relay, its cancellation (see [`Call::cancellable`]) and its asker.
    pub fn relay<'r>(&'r self, registration: Option<&'r cancel::Registration>) -> Relay<'r> {
        Relay {
            notes: self.relay.as_deref(),
            cancel: registration.map(cancel::Registration::cancellation),
            ask: self.ask.as_deref(),
        }
    }

    /// Runs `work` after the response when the transport takes it, else now.
    pub async fn after_response(&self, work: AfterResponse) {
        match &self.after {
            Some(after) => after.borrow_mut().push(work),
            None => work.await,
        }
    }
}

/// The `name` and `arguments` (an object, `{}` when absent) of a
/// `tools/call` or `prompts/get`.
pub fn name_and_arguments<'p>(
    method: &str,
    params: &'p Value,
) -> Result<(&'p str, Value), RpcError> {
    let name = params.get("name").and_then(Value::as_str).ok_or_else(|| {
        RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("{method} needs a string 'name'"),
        )
    })?;
    let arguments = match params.get("arguments") {
        None | Some(Value::Null) => Value::Object(serde_json::Map::new()),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => {
            return Err(RpcError::new(
                jsonrpc::INVALID_PARAMS,
                format!("{method} 'arguments' must be an object"),
            ));
        }
    };
    Ok((name, arguments))
}

const INSTRUCTIONS: &str = "Tools, resources and prompts are proxied through Preloop: every call, read and prompt is checked against your organisation's access rules and recorded in an audit trail. A denied call returns the reason as a tool error.";

fn server_info() -> Value {
    json!({"name": "preloop", "title": "Preloop MCP firewall", "version": env!("CARGO_PKG_VERSION")})
}

/// What this endpoint offers the caller: tools always (Preloop has its
/// own), and resources, prompts, completions and logging when one of the
/// account's enabled upstreams offered them at its last scan. Where
/// notifications are served (natively: the session's GET stream, or
/// 2026-07-28's `subscriptions/listen`, [`crate::listen`]) tool list changes
/// are Preloop's own, and prompt and resource list changes and resource
/// subscriptions are offered when an upstream declared them. On the
/// handshake path (`session`) a client can set the level of the log
/// messages relayed to it ([`crate::live`]).
pub async fn capabilities(
    env: &Env,
    principal: &Principal,
    session: bool,
) -> Result<Value, RpcError> {
    let servers = preloop_core::store::servers::list(env.sql(), &principal.account_id)
        .await
        .map_err(|e| crate::guarded::internal(&e))?;
    let offered = |feature: &str| servers.iter().any(|s| s.enabled && s.offers(feature));
    let listens = crate::listen::offered(env);
    let declared = |flag: &str| listens && servers.iter().any(|s| s.enabled && s.declares(flag));
    let mut caps = json!({"tools": {"listChanged": listens}});
    if offered("resources") {
        caps["resources"] = json!({
            // 2026-07-28 subscribes in `subscriptions/listen`.
            "subscribe": session && declared("/resources/subscribe"),
            "listChanged": declared("/resources/listChanged"),
        });
    }
    if offered("prompts") {
        caps["prompts"] = json!({"listChanged": declared("/prompts/listChanged")});
    }
    if offered("completions") {
        caps["completions"] = json!({});
    }
    if session && offered("logging") {
        caps["logging"] = json!({});
    }
    Ok(caps)
}

pub fn initialize_result(version: &str, capabilities: Value) -> Value {
    json!({
        "protocolVersion": version,
        "capabilities": capabilities,
        "serverInfo": server_info(),
        "instructions": INSTRUCTIONS,
    })
}

async fn discover_result(call: &Call<'_>) -> Result<Value, RpcError> {
    let mut caps = capabilities(call.env, call.principal, false).await?;
    caps["extensions"] = json!({ tasks::EXTENSION: {} });
    Ok(json!({
        // What is offered depends on the caller's account.
        "cacheScope": "private",
        "ttlMs": 300_000,
        "supportedVersions": versions::MODERN,
        // Calls held for approval become tasks for clients that take them.
        "capabilities": caps,
        "serverInfo": server_info(),
        "instructions": INSTRUCTIONS,
    }))
}

pub async fn dispatch(call: &Call<'_>, method: &str, params: &Value) -> Result<Value, RpcError> {
    match method {
        "ping" => Ok(json!({})),
        "server/discover" => discover_result(call).await,
        "tools/list" => tools::list(call).await,
        "tools/call" => tools::call(call, params).await,
        "resources/list" => resources::list(call).await,
        "resources/templates/list" => resources::templates(call).await,
        "resources/read" => resources::read(call, params).await,
        "prompts/list" => prompts::list(call).await,
        "prompts/get" => prompts::get(call, params).await,
        "completion/complete" => completion::complete(call, params).await,
        // The tasks extension is 2026-07-28's (2025-11-25's own tasks are
        // not served).
        "tasks/get" if call.modern => tasks::get(call, params).await,
        "tasks/cancel" if call.modern => tasks::cancel(call, params).await,
        "tasks/update" if call.modern => tasks::update(call, params).await,
        "initialize" => Err(RpcError::new(
            jsonrpc::INVALID_REQUEST,
            "initialize is not used with protocol version 2026-07-28",
        )),
        other => Err(RpcError::new(
            jsonrpc::METHOD_NOT_FOUND,
            format!("Method not found: {other}"),
        )),
    }
}
