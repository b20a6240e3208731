//! The aggregated tool catalog and the guarded `tools/call`. Upstream tools
//! are exposed as `<server>__<tool>` (see [`crate::names`]).

use crate::guarded::{self, Sent, audit_refusal, internal, record};
use crate::handler::Call;
use crate::names::{exposed_name, own_name, split_name};
use preloop_core::guards;
use preloop_core::mcp::integrity::Quarantine;
use preloop_core::mcp::integrity::arguments::{self, Checked};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::mcp::upstream::{self, Target, UpstreamError};
use preloop_core::policy::cache::snapshot_for;
use preloop_core::policy::engine::CallFacts;
use preloop_core::policy::engine::PolicySnapshot;
use preloop_core::policy::engine::Route;
use preloop_core::policy::{Action, Decision};
use preloop_core::store::servers::McpServer;
use preloop_core::store::tools::{self, ScannedTool};
use preloop_core::store::{accounts, approval_policies};
use serde_json::{Map, Value, json};
use std::rc::Rc;

pub async fn list(call: &Call<'_>) -> Result<Value, RpcError> {
    let env = call.env;
    let tools = tools::list_account_tools(env.sql(), &call.principal.account_id)
        .await
        .map_err(|e| internal(&e))?;
    let snapshot = snapshot_for(env, call.principal)
        .await
        .map_err(|e| internal(&e))?;
    // An account may choose not to list what only its deny default decides.
    let hide_defaulted = snapshot.default_action == Action::Deny
        && accounts::hides_default_denied(env.sql(), &call.principal.account_id)
            .await
            .map_err(|e| internal(&e))?;
    // Workflows are read only when some tool can be sent for approval.
    let workflows = if tools.iter().any(|(server, t)| {
        !snapshot
            .approval_workflows(&exposed_name(server, &t.name))
            .is_empty()
    }) {
        approval_policies::list(env.sql(), &call.principal.account_id)
            .await
            .map_err(|e| internal(&e))?
    } else {
        Vec::new()
    };
    let listed: Vec<Value> = tools
        .into_iter()
        .filter_map(|(server, mut t)| {
            let name = exposed_name(&server, &t.name);
            // What would not route back (see `names::own_name`) is not listed,
            // nor is a tool held back for review.
            own_name(&server, &name)?;
            if t.pin.quarantine.is_some() {
                return None;
            }
            if snapshot.denies_outright(&name, call.principal)
                || (hide_defaulted && snapshot.left_to_default(&name, call.principal))
            {
                return None;
            }
            if let Some(mode) = crate::approvals::justification_mode(
                snapshot.justification(&name),
                &snapshot.approval_workflows(&name),
                &workflows,
            ) {
                crate::approvals::with_justification(&mut t.input_schema, mode);
            }
            let mut obj = Map::new();
            obj.insert("name".into(), json!(name));
            if let Some(title) = t.title {
                obj.insert("title".into(), json!(title));
            }
            obj.insert(
                "description".into(),
                json!(t.description.unwrap_or_default()),
            );
            obj.insert("inputSchema".into(), t.input_schema);
            if let Some(o) = t.output_schema {
                obj.insert("outputSchema".into(), o);
            }
            if let Some(a) = t.annotations {
                obj.insert("annotations".into(), a);
            }
            Some(Value::Object(obj))
        })
        .collect();
    let issue_tools = if crate::issue_tools::available(call).await? {
        crate::issue_tools::listed(call, &snapshot, hide_defaulted)
    } else {
        Vec::new()
    };
    let listed: Vec<Value> = crate::approvals::builtin_tools()
        .into_iter()
        .chain(issue_tools)
        .chain(listed)
        .collect();
    if call.modern {
        // The list is the caller's own (policy hides the tools its scope
        // denies outright) and
        // changes whenever policy does, so it may not be shared or kept.
        return Ok(json!({"tools": listed, "cacheScope": "private", "ttlMs": 0}));
    }
    Ok(json!({ "tools": listed }))
}

/// A tool result the agent sees as a failed call, with our explanation.
pub fn tool_error(text: &str) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": true})
}

pub async fn call(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let env = call.env;
    let (name, arguments) = crate::handler::name_and_arguments("tools/call", params)?;

    // The kill switch and rate limits come before anything else, the
    // built-in tools included (they may run an approved call).
    match guards::check_call(env, call.principal).await {
        Ok(None) => {}
        Ok(Some(refusal)) => {
            let decision = Decision::deny(refusal.message.clone());
            record(call, None, name, &arguments, &decision, refusal.outcome).await?;
            return Ok(tool_error(&refusal.message));
        }
        Err(e) => {
            return Err(RpcError::new(
                jsonrpc::INTERNAL_ERROR,
                format!("call guards unavailable, call refused: {}", e.message),
            ));
        }
    }
    if name == crate::approvals::STATUS_TOOL {
        return crate::approvals::status(call, &arguments).await;
    }
    if name == crate::approvals::REQUEST_TOOL {
        return crate::approvals::request_standalone(call, &arguments).await;
    }
    if preloop_core::trackers::tools::is_issue_tool(name)
        && crate::issue_tools::available(call).await?
    {
        return crate::issue_tools::call(call, params, name, arguments).await;
    }
    // A policy that cannot be loaded refuses the call.
    let snapshot = snapshot_for(env, call.principal).await.map_err(|e| {
        RpcError::new(
            jsonrpc::INTERNAL_ERROR,
            format!("policy unavailable, call refused: {}", e.message),
        )
    })?;
    let Some((route, upstream_tool)) = resolve(call, &snapshot, name).await? else {
        let decision = Decision::deny(format!("unknown tool '{name}'"));
        audit_refusal(call, None, name, &arguments, &decision).await?;
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("Unknown tool: {name}"),
        ));
    };

    let (server, tool) = (&route.server, &route.tool);
    if tool.pin.quarantine.is_some() {
        return refuse_quarantined(call, server, tool, name, &arguments).await;
    }
    // Arguments are checked against the pinned schema before policy: rules
    // see only calls the tool would accept.
    let validate = snapshot.validates_arguments(name);
    if validate {
        let checked = arguments::check(env, tool, &arguments).await;
        if checked != Checked::Valid {
            return refuse_unchecked(call, server, name, &arguments, &checked).await;
        }
    }
    let mut decision = snapshot.decide(
        &CallFacts {
            tool: name,
            server: Some(&server.name),
            args: &arguments,
            principal: call.principal,
            now_ms: env.now_ms(),
        },
        false,
    );
    if !validate {
        decision.trace.arguments_unchecked =
            Some("argument validation is turned off for this tool".into());
    }
    match decision.action {
        Action::Allow => {
            let arguments = without_justification(call, &snapshot, name, arguments).await?;
            forward(
                call,
                server,
                tool,
                upstream_tool,
                name,
                &arguments,
                &decision,
            )
            .await
        }
        // A 2026-07-28 client that takes tasks gets one; one that can open a
        // URL gets the multi round-trip pattern; every other client is held
        // (see `approvals`).
        Action::RequireApproval => match params.get("requestState") {
            Some(state) if call.modern => {
                let responses = params.get("inputResponses");
                crate::mrtr::resume(call, name, &arguments, state, responses).await
            }
            _ if crate::tasks::offered(call, params) => {
                crate::tasks::create(call, Some(server), name, &arguments, &decision).await
            }
            _ if crate::mrtr::offered(call, params) => {
                crate::mrtr::ask(call, Some(server), name, &arguments, &decision).await
            }
            _ => crate::approvals::request(call, Some(server), name, &arguments, &decision).await,
        },
        Action::Deny => {
            audit_refusal(call, Some(server), name, &arguments, &decision).await?;
            let text = decision
                .message
                .clone()
                .unwrap_or_else(|| decision.reason.clone());
            Ok(tool_error(&text))
        }
    }
}

/// The upstream server of this account that has the tool `name` names,
/// the tool as pinned there, and its own name there: the server whose
/// prefix the name carries, or for a name without `__`, the server without
/// a prefix. Found routes are kept with the policy version (any change to
/// servers or their tools moves it).
async fn resolve<'n>(
    call: &Call<'_>,
    snapshot: &PolicySnapshot,
    name: &'n str,
) -> Result<Option<(Route, &'n str)>, RpcError> {
    if let Some(route) = snapshot.routes.get(name) {
        return Ok(own_name(route.server.prefix(), name).map(|own| (route, own)));
    }
    let prefix = split_name(name).map(|(p, _)| p).unwrap_or("");
    let Some(own) = own_name(prefix, name) else {
        return Ok(None);
    };
    let found = tools::resolve_tool(call.env.sql(), &call.principal.account_id, prefix, own)
        .await
        .map_err(|e| internal(&e))?;
    let Some((server, tool)) = found else {
        return Ok(None);
    };
    let route = Route {
        server: Rc::new(server),
        tool: Rc::new(tool),
    };
    snapshot.routes.put(name, route.clone());
    Ok(own_name(route.server.prefix(), name).map(|own| (route, own)))
}

/// Refuses (and audits) a call whose arguments did not pass the check
/// against the tool's schema: -32602 for arguments that do not match, a
/// tool error for a schema that cannot check them, an internal error when
/// no check could be made.
pub async fn refuse_unchecked(
    call: &Call<'_>,
    server: &McpServer,
    name: &str,
    arguments: &Value,
    checked: &Checked,
) -> Result<Value, RpcError> {
    let why = checked.refusal(name);
    let outcome = match checked {
        Checked::Invalid { .. } => "invalid_arguments",
        _ => "unchecked_arguments",
    };
    record(
        call,
        Some(server),
        name,
        arguments,
        &Decision::deny(why.clone()),
        outcome,
    )
    .await?;
    match checked {
        Checked::Invalid { .. } => Err(RpcError::new(jsonrpc::INVALID_PARAMS, why)),
        Checked::Unavailable(_) => Err(RpcError::new(jsonrpc::INTERNAL_ERROR, why)),
        _ => Ok(tool_error(&why)),
    }
}

/// Refuses (and audits) a call to a tool held back for review, saying why.
pub async fn refuse_quarantined(
    call: &Call<'_>,
    server: &McpServer,
    tool: &ScannedTool,
    name: &str,
    arguments: &Value,
) -> Result<Value, RpcError> {
    let why = match tool.pin.quarantine {
        Some(Quarantine::Findings) => format!(
            "Tool '{name}' is quarantined: its description or schema contains text aimed at the model ({}). An admin must review the tool and approve it before it can be called.",
            tool.pin
                .findings
                .iter()
                .map(|f| f.rule.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!(
            "Tool '{name}' is quarantined: server '{}' changed its definition since it was approved. An admin must review the change and approve it before the tool can be called.",
            server.name
        ),
    };
    let decision = Decision::deny(why.clone());
    record(
        call,
        Some(server),
        name,
        arguments,
        &decision,
        "quarantined",
    )
    .await?;
    Ok(tool_error(&why))
}

/// The `justification` argument Preloop added to a tool's schema is for
/// approvers: an allowed call does not pass it on to the tool.
async fn without_justification(
    call: &Call<'_>,
    snapshot: &PolicySnapshot,
    name: &str,
    mut arguments: Value,
) -> Result<Value, RpcError> {
    let workflows = snapshot.approval_workflows(name);
    if workflows.is_empty() || arguments.get("justification").is_none() {
        return Ok(arguments);
    }
    let policies = approval_policies::list(call.env.sql(), &call.principal.account_id)
        .await
        .map_err(|e| internal(&e))?;
    if crate::approvals::justification_mode(snapshot.justification(name), &workflows, &policies)
        .is_some()
        && let Some(m) = arguments.as_object_mut()
    {
        m.remove("justification");
    }
    Ok(arguments)
}

/// Forwards a decided `tools/call` upstream, guarded (see
/// [`guarded::forward`]), to the tool as pinned: one held back since is
/// refused.
pub async fn forward(
    call: &Call<'_>,
    server: &McpServer,
    tool: &ScannedTool,
    upstream_tool: &str,
    name: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<Value, RpcError> {
    if tool.pin.quarantine.is_some() {
        return refuse_quarantined(call, server, tool, name, arguments).await;
    }
    // A server whose results are redacted says so in each call's trace.
    let marked;
    let decision = if server.redact_results {
        let mut d = decision.clone();
        d.trace.results_redacted = true;
        marked = d;
        &marked
    } else {
        decision
    };
    guarded::forward(
        call,
        Some(server),
        name,
        arguments,
        decision,
        call_upstream(call, server, upstream_tool, name, arguments),
    )
    .await
}

/// The upstream half of [`forward`]: the answer for the caller, and the
/// outcome (with what went wrong) for the audit record.
async fn call_upstream(
    call: &Call<'_>,
    server: &McpServer,
    upstream_tool: &str,
    name: &str,
    arguments: &Value,
) -> Sent {
    let env = call.env;
    let target = match Target::open(env, server) {
        Ok(t) => t,
        Err(e) => {
            return Sent {
                answer: Ok(tool_error(&format!(
                    "Preloop could not use the credentials of server '{}'.",
                    server.name
                ))),
                outcome: "upstream_error",
                error: Some(e.message),
            };
        }
    };
    let forwarded = call.upstream_params(json!({"name": upstream_tool, "arguments": arguments}));
    let registration = call.cancellable();
    let relay = call.relay(registration.as_ref());
    match upstream::call_relayed(env, &target, "tools/call", forwarded, relay).await {
        Ok(mut result) => {
            if server.redact_results {
                match snapshot_for(env, call.principal).await {
                    Ok(snapshot) => result = snapshot.redactor.value(&result),
                    // The result is not passed on unredacted.
                    Err(e) => {
                        return Sent {
                            answer: Ok(tool_error(&format!(
                                "Tool '{name}' answered, but its result could not be redacted, so it is withheld."
                            ))),
                            outcome: "upstream_error",
                            error: Some(format!("redaction unavailable: {}", e.message)),
                        };
                    }
                }
            }
            let is_error = result
                .get("isError")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            Sent {
                answer: Ok(result),
                outcome: if is_error { "tool_error" } else { "ok" },
                error: None,
            }
        }
        Err(UpstreamError::Rpc(e)) => Sent::rpc_error(e),
        Err(e @ UpstreamError::Cancelled(_)) => Sent::cancelled(&e, |why| Ok(tool_error(&why))),
        Err(e) => {
            let why = e.describe();
            tracing::warn!(server = %server.name, tool = name, error = %preloop_core::redact::redact_text(&why), "upstream call failed");
            let answer = tool_error(&format!(
                "Tool '{name}' failed: {why} (server '{}').",
                server.name
            ));
            Sent {
                answer: Ok(answer),
                outcome: "upstream_error",
                error: Some(why),
            }
        }
    }
}
