//! Preloop's built-in issue tools (`get_issue`, `update_issue`, `search`,
//! …) in the catalog and through the guarded call: listed only to an
//! account with a tracker connected, decided by the same policy (rules
//! name them as they are listed), sent for approval, audited, and only then
//! run by the `IssueTools` port. A built-in tool is never a way around a
//! rule: it has no path that skips [`call`].

use crate::guarded::{self, Sent, audit_refusal, internal};
use crate::handler::Call;
use crate::tools::tool_error;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::cache::snapshot_for;
use preloop_core::policy::engine::{CallFacts, PolicySnapshot};
use preloop_core::policy::{Action, Decision};
use preloop_core::ports::IssueToolCall;
use preloop_core::store::approval_requests::StoredRequest;
use preloop_core::store::trackers;
use preloop_core::trackers::tools as defs;
use serde_json::Value;

/// Whether the caller's account has the built-in issue tools: the host
/// runs them and a tracker is connected.
pub async fn available(call: &Call<'_>) -> Result<bool, RpcError> {
    if call.env.issue_tools().is_none() {
        return Ok(false);
    }
    trackers::any_connected(call.env.sql(), &call.principal.account_id)
        .await
        .map_err(|e| internal(&e))
}

/// The tools as listed to this caller: those policy does not deny it
/// outright (and, where the account hides them, not left to a deny
/// default).
pub fn listed(call: &Call<'_>, snapshot: &PolicySnapshot, hide_defaulted: bool) -> Vec<Value> {
    defs::definitions()
        .into_iter()
        .filter(|t| {
            let name = t["name"].as_str().unwrap_or("");
            !(snapshot.denies_outright(name, call.principal)
                || (hide_defaulted && snapshot.left_to_default(name, call.principal)))
        })
        .collect()
}

/// A `tools/call` of a built-in issue tool, after the call guards.
pub async fn call(
    call: &Call<'_>,
    params: &Value,
    name: &str,
    arguments: Value,
) -> Result<Value, RpcError> {
    let env = call.env;
    if !arguments.is_object() {
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("{name}: arguments must be an object"),
        ));
    }
    let snapshot = snapshot_for(env, call.principal).await.map_err(|e| {
        RpcError::new(
            jsonrpc::INTERNAL_ERROR,
            format!("policy unavailable, call refused: {}", e.message),
        )
    })?;
    let decision = snapshot.decide(
        &CallFacts {
            tool: name,
            server: None,
            args: &arguments,
            principal: call.principal,
            now_ms: env.now_ms(),
        },
        false,
    );
    match decision.action {
        Action::Allow => {
            guarded::forward(
                call,
                None,
                name,
                &arguments,
                &decision,
                run(call, name, &arguments),
            )
            .await
        }
        Action::RequireApproval => match params.get("requestState") {
            Some(state) if call.modern => {
                let responses = params.get("inputResponses");
                crate::mrtr::resume(call, name, &arguments, state, responses).await
            }
            _ if crate::tasks::offered(call, params) => {
                crate::tasks::create(call, None, name, &arguments, &decision).await
            }
            _ if crate::mrtr::offered(call, params) => {
                crate::mrtr::ask(call, None, name, &arguments, &decision).await
            }
            _ => crate::approvals::request(call, None, name, &arguments, &decision).await,
        },
        Action::Deny => {
            audit_refusal(call, None, name, &arguments, &decision).await?;
            Ok(tool_error(
                &decision
                    .message
                    .clone()
                    .unwrap_or_else(|| decision.reason.clone()),
            ))
        }
    }
}

/// Runs an approved built-in call with exactly the arguments approved.
pub async fn run_approved(call: &Call<'_>, stored: &StoredRequest) -> Result<Value, RpcError> {
    if !available(call).await? {
        return Ok(tool_error(
            "The approved call was not run: no tracker is connected any more.",
        ));
    }
    let arguments = match crate::approvals::approved_arguments(call, None, stored).await? {
        Ok(a) => a,
        Err(refused) => return Ok(refused),
    };
    let decision: Decision = crate::approvals::approved_decision(stored);
    guarded::forward(
        call,
        None,
        &stored.tool,
        &arguments,
        &decision,
        run(call, &stored.tool, &arguments),
    )
    .await
}

/// The run itself, as the guarded call records it.
async fn run(call: &Call<'_>, name: &str, arguments: &Value) -> Sent {
    let Some(tools) = call.env.issue_tools() else {
        return Sent {
            answer: Ok(tool_error(
                "The built-in issue tools are not available here.",
            )),
            outcome: "upstream_error",
            error: Some("no issue tools on this host".into()),
        };
    };
    let label = call.principal.audit_label();
    let ran = tools
        .run(
            call.env,
            &IssueToolCall {
                account_id: &call.principal.account_id,
                actor: &label,
                tool: name,
                arguments,
            },
        )
        .await;
    match ran {
        Ok(result) => {
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
        Err(why) => Sent {
            answer: Ok(tool_error(&format!("Tool '{name}' failed: {why}"))),
            outcome: "upstream_error",
            error: Some(why),
        },
    }
}
