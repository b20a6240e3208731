//! The guarded call, one home for every kind (tools, resource reads,
//! prompt gets, calls run once approved): the audit record is written first
//! (no record, no call), then the request goes upstream, then the record
//! gets its outcome, after the answer where the host allows it.

use crate::handler::Call;
use preloop_core::audit::{self, CallStart};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::mcp::upstream::{self, Target, UpstreamError};
use preloop_core::policy::{Action, Decision};
use preloop_core::store::audit::AuditRecord;
use preloop_core::store::servers::McpServer;
use serde_json::Value;
use std::future::Future;

pub fn internal(e: &preloop_core::Error) -> RpcError {
    RpcError::new(jsonrpc::INTERNAL_ERROR, e.message.clone())
}

/// What an upstream request came to: the answer for the caller, and the
/// outcome (with what went wrong) for the audit record.
pub struct Sent {
    pub answer: Result<Value, RpcError>,
    pub outcome: &'static str,
    pub error: Option<String>,
}

impl Sent {
    /// A request the client cancelled: the upstream was told, the record
    /// says `cancelled`, and the client (which ignores it) gets `answer`.
    pub fn cancelled(
        e: &UpstreamError,
        answer: impl FnOnce(String) -> Result<Value, RpcError>,
    ) -> Self {
        let why = e.describe();
        Sent {
            answer: answer(why.clone()),
            outcome: "cancelled",
            error: Some(why),
        }
    }

    /// The upstream's own JSON-RPC error, passed on to the caller.
    pub fn rpc_error(e: RpcError) -> Self {
        let why = UpstreamError::Rpc(e.clone()).describe();
        Sent {
            answer: Err(e),
            outcome: "upstream_error",
            error: Some(why),
        }
    }
}

/// Forwards a decided request: `send` (not started yet: a future runs only
/// when awaited) goes upstream only once the `pending` record is written.
/// `entry` and `arguments` are what the record shows and policy decided on.
pub async fn forward(
    call: &Call<'_>,
    server: Option<&McpServer>,
    entry: &str,
    arguments: &Value,
    decision: &Decision,
    send: impl Future<Output = Sent>,
) -> Result<Value, RpcError> {
    let env = call.env;
    let started = env.clock().monotonic_us();
    let pending = record(call, server, entry, arguments, decision, "pending").await?;
    let sent = send.await;
    // The record is final once the outcome is written: after the answer is
    // on its way where the host allows it (the record says `pending` until
    // then, and a process that dies meanwhile has it closed `interrupted`).
    let duration_ms = (env.clock().monotonic_us().saturating_sub(started) / 1000) as i64;
    let env = env.clone();
    let (outcome, error) = (sent.outcome, sent.error);
    call.after_response(Box::pin(async move {
        audit::finish(&env, &pending, outcome, error.as_deref(), duration_ms).await;
    }))
    .await;
    sent.answer
}

/// Writes the audit record of a call through this proxy and returns it.
pub async fn record(
    call: &Call<'_>,
    server: Option<&McpServer>,
    tool: &str,
    arguments: &Value,
    decision: &Decision,
    outcome: &str,
) -> Result<AuditRecord, RpcError> {
    audit::begin(
        call.env,
        &CallStart {
            request_id: &call.request_id,
            principal: call.principal,
            server_id: server.map(|s| s.id.as_str()),
            server_name: server.map(|s| s.name.as_str()),
            tool,
            arguments,
            decision,
            outcome,
        },
    )
    .await
    .map_err(|e| internal(&e))
}

/// Audits a call that stops here. If even that cannot be written the call
/// is still refused, and the caller hears that the audit log is down.
pub async fn audit_refusal(
    call: &Call<'_>,
    server: Option<&McpServer>,
    tool: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<(), RpcError> {
    let outcome = if decision.action == Action::RequireApproval {
        "refused"
    } else {
        "denied"
    };
    record(call, server, tool, arguments, decision, outcome)
        .await
        .map(|_| ())
}

/// A request for one server's resource or prompt (`resources/read`,
/// `prompts/get`), governed like a tool call: the call guards, then the
/// policy `entry` decides on `arguments` (what rules see, what the audit
/// records, and all the upstream is sent), and an allowed request is
/// forwarded as `method`; one that needs approval goes the way a tool
/// call's does ([`crate::entry_approvals`], which reads the client's own
/// `client_params`). The result names what it holds as the caller knows it.
pub async fn request(
    call: &Call<'_>,
    server: &McpServer,
    entry: &str,
    arguments: &Value,
    method: &str,
    client_params: &Value,
) -> Result<Value, RpcError> {
    let decision = decide(call, server, entry, arguments).await?;
    match decision.action {
        Action::Allow => {
            let send = send(call, server, method, arguments.clone());
            let mut result = forward(call, Some(server), entry, arguments, &decision, send).await?;
            outward(method, server, &mut result);
            Ok(result)
        }
        Action::RequireApproval => {
            crate::entry_approvals::request(
                call,
                server,
                entry,
                arguments,
                &decision,
                client_params,
            )
            .await
        }
        Action::Deny => Err(refuse(call, server, entry, arguments, &decision, method).await),
    }
}

/// A read's or a get's result from `server`, its URIs named as the caller
/// knows them.
pub fn outward(method: &str, server: &McpServer, result: &mut Value) {
    match method {
        "resources/read" => crate::resources::outward(result, server.prefix()),
        "prompts/get" => crate::prompts::outward(result, server.prefix()),
        _ => {}
    }
}

/// Audits a resource or prompt request that policy stopped, and the error
/// that tells the caller why.
pub async fn refuse(
    call: &Call<'_>,
    server: &McpServer,
    entry: &str,
    arguments: &Value,
    decision: &Decision,
    method: &str,
) -> RpcError {
    if let Err(e) = audit_refusal(call, Some(server), entry, arguments, decision).await {
        return e;
    }
    let why = match decision.action {
        Action::RequireApproval => format!(
            "{method} needs approval under rule {}",
            decision.rule_id.as_deref().unwrap_or("(default)")
        ),
        _ => decision
            .message
            .clone()
            .unwrap_or_else(|| decision.reason.clone()),
    };
    RpcError::new(jsonrpc::FORBIDDEN, why)
}

/// The decision on a request for one server's resource or prompt: the
/// call guards (a refusal is recorded and returned as the error), then the
/// policy `entry` on `arguments`.
pub async fn decide(
    call: &Call<'_>,
    server: &McpServer,
    entry: &str,
    arguments: &Value,
) -> Result<Decision, RpcError> {
    let env = call.env;
    match preloop_core::guards::check_call(env, call.principal).await {
        Ok(None) => {}
        Ok(Some(refusal)) => {
            let decision = Decision::deny(refusal.message.clone());
            record(
                call,
                Some(server),
                entry,
                arguments,
                &decision,
                refusal.outcome,
            )
            .await?;
            let code = if refusal.outcome == "rate_limited" {
                jsonrpc::RATE_LIMITED
            } else {
                jsonrpc::FORBIDDEN
            };
            return Err(RpcError::new(code, refusal.message));
        }
        Err(e) => {
            return Err(RpcError::new(
                jsonrpc::INTERNAL_ERROR,
                format!("call guards unavailable, request refused: {}", e.message),
            ));
        }
    }
    policy_decision(call, server, entry, arguments).await
}

/// The rules' decision alone (no call guards, nothing recorded): for what
/// is not a call, such as whether a subscription's update may be passed on.
pub async fn policy_decision(
    call: &Call<'_>,
    server: &McpServer,
    entry: &str,
    arguments: &Value,
) -> Result<Decision, RpcError> {
    let env = call.env;
    // A policy that cannot be loaded refuses the request.
    let snapshot = preloop_core::policy::cache::snapshot_for(env, call.principal)
        .await
        .map_err(|e| {
            RpcError::new(
                jsonrpc::INTERNAL_ERROR,
                format!("policy unavailable, request refused: {}", e.message),
            )
        })?;
    Ok(snapshot.decide(
        &preloop_core::policy::engine::CallFacts {
            tool: entry,
            server: Some(&server.name),
            args: arguments,
            principal: call.principal,
            now_ms: env.now_ms(),
        },
        false,
    ))
}

/// Sends one request to a server; its answer, or what went wrong.
pub async fn send(call: &Call<'_>, server: &McpServer, method: &str, params: Value) -> Sent {
    let env = call.env;
    let target = match Target::open(env, server) {
        Ok(t) => t,
        Err(e) => {
            return Sent {
                answer: Err(RpcError::new(
                    jsonrpc::INTERNAL_ERROR,
                    format!(
                        "Preloop could not use the credentials of server '{}'",
                        server.name
                    ),
                )),
                outcome: "upstream_error",
                error: Some(e.message),
            };
        }
    };
    let params = call.upstream_params(params);
    let registration = call.cancellable();
    let relay = call.relay(registration.as_ref());
    match upstream::call_relayed(env, &target, method, params, relay).await {
        Ok(result) => Sent {
            answer: Ok(result),
            outcome: "ok",
            error: None,
        },
        Err(UpstreamError::Rpc(e)) => Sent::rpc_error(e),
        Err(e @ UpstreamError::Cancelled(_)) => Sent::cancelled(&e, |why| {
            Err(RpcError::new(jsonrpc::REQUEST_CANCELLED, why))
        }),
        Err(e) => {
            let why = e.describe();
            tracing::warn!(server = %server.name, method, error = %preloop_core::redact::redact_text(&why), "upstream request failed");
            Sent {
                answer: Err(RpcError::new(
                    jsonrpc::INTERNAL_ERROR,
                    format!("{why} (server '{}')", server.name),
                )),
                outcome: "upstream_error",
                error: Some(why),
            }
        }
    }
}
