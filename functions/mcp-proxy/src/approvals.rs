//! The agent's side of approvals: a call that needs approval opens a request
//! and returns a handle at once (as a tool error: the call has not happened); the built-in `get_approval_status` tool
//! reports the request's state and, once it is approved, runs the approved
//! call exactly once and returns its result (later polls get the same result).

use crate::handler::Call;
use crate::tools::{audit_refusal, forward, internal, record, tool_error};
use preloop_core::approval::Justification;
use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::{Action, Decision};
use preloop_core::store::approval_requests::{self, StoredRequest};
use preloop_core::store::servers::{self, McpServer};
use preloop_core::{Error, ErrorKind};
use serde_json::{Value, json};

pub const STATUS_TOOL: &str = "get_approval_status";

/// Preloop's own tools, listed beside the upstreams'. They only ever show a
/// caller its own requests, so policy does not gate them.
pub fn builtin_tools() -> Vec<Value> {
    vec![json!({
        "name": STATUS_TOOL,
        "title": "Approval status",
        "description": "Check an approval request opened by a call that needs human approval. Once approved, this runs the approved call (exactly once) and returns its result.",
        "inputSchema": {
            "type": "object",
            "properties": {"request_id": {"type": "string", "description": "The id returned when approval was requested"}},
            "required": ["request_id"]
        }
    })]
}

fn text_result(text: &str) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": false})
}

/// Opens an approval request for a call a rule sent for approval.
pub async fn request(
    call: &Call<'_>,
    server: &McpServer,
    name: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<Value, RpcError> {
    let env = call.env;
    let account = &call.principal.account_id;
    let refuse = |why: String| async move {
        let mut d = decision.clone();
        d.message = Some(why.clone());
        audit_refusal(call, Some(server), name, arguments, &d).await?;
        Ok(tool_error(&why))
    };
    let Some(policy) = flow::workflow_for(env, account, decision.approval_policy_id.as_deref())
        .await
        .map_err(|e| internal(&e))?
    else {
        let base = decision
            .message
            .clone()
            .unwrap_or_else(|| decision.reason.clone());
        return refuse(format!(
            "{base} No approval workflow is configured for it, so the call was refused."
        ))
        .await;
    };
    // The justification is for people, not for the upstream: it is taken out
    // of the arguments before they are bound and forwarded.
    let mut bound = arguments.clone();
    let justification = match policy.justification {
        Some(_) => bound
            .as_object_mut()
            .and_then(|m| m.remove("justification")),
        None => None,
    };
    let justification = justification
        .as_ref()
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if policy.justification == Some(Justification::Required) && justification.is_none() {
        return refuse(format!(
            "Tool '{name}' needs a justification before it can be sent for approval: call it again with a 'justification' argument explaining why."
        ))
        .await;
    }
    let stored = flow::open(
        env,
        &policy,
        &flow::Call {
            principal: call.principal,
            rule_id: decision.rule_id.as_deref(),
            server_id: Some(&server.id),
            server_name: Some(&server.name),
            tool: name,
            arguments: &bound,
            justification,
        },
    )
    .await
    .map_err(|e| internal(&e))?;
    let mut recorded = decision.clone();
    recorded.reason = format!(
        "{} (approval request {})",
        decision.reason, stored.request.id
    );
    record(
        call,
        Some(server),
        name,
        &bound,
        &recorded,
        "pending_approval",
    )
    .await?;
    // An error result: the call has not happened, and a success without
    // structured content would break tools that declare an output schema.
    Ok(tool_error(&format!(
        "Approval required: request {id} is waiting for {n} approval(s) and expires in {secs} s. Call {STATUS_TOOL} with {{\"request_id\": \"{id}\"}} to check; once approved it runs this call and returns its result.",
        id = stored.request.id,
        n = stored.request.approvals_required,
        secs = policy.timeout_seconds,
    )))
}

/// The built-in `get_approval_status`.
pub async fn status(call: &Call<'_>, arguments: &Value) -> Result<Value, RpcError> {
    let env = call.env;
    let id = arguments
        .get("request_id")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            RpcError::new(
                jsonrpc::INVALID_PARAMS,
                "get_approval_status needs a string 'request_id'",
            )
        })?;
    let not_found = || {
        Ok(tool_error(&format!(
            "There is no approval request {id} for this key."
        )))
    };
    let stored = match flow::load(env, &call.principal.account_id, id).await {
        Ok(s) if s.api_key_id == call.principal.api_key_id => s,
        Ok(_) => return not_found(),
        Err(e) if e.kind == ErrorKind::NotFound => return not_found(),
        Err(e) => return Err(internal(&e)),
    };
    let q = &stored.request;
    match q.status {
        Status::Pending => Ok(text_result(&format!(
            "Request {id} is pending: {} of {} approval(s); it expires in {} s.",
            q.approvals(),
            q.approvals_required,
            ((q.expires_at - env.now_ms()) / 1000).max(0)
        ))),
        Status::Declined => {
            let comment = q
                .votes
                .iter()
                .find(|v| !v.approve)
                .and_then(|v| v.comment.clone());
            Ok(tool_error(&match comment {
                Some(c) => format!("Request {id} was declined: {c}"),
                None => format!("Request {id} was declined."),
            }))
        }
        Status::Expired => Ok(tool_error(&format!(
            "Request {id} expired without a decision; the call was not made."
        ))),
        Status::Cancelled => Ok(tool_error(&format!(
            "Request {id} was cancelled; the call was not made."
        ))),
        Status::Approved => execute_once(call, stored).await,
    }
}

async fn execute_once(call: &Call<'_>, stored: StoredRequest) -> Result<Value, RpcError> {
    let env = call.env;
    let id = stored.request.id.clone();
    if stored.execution == "none"
        && approval_requests::claim_execution(env.sql(), &id)
            .await
            .map_err(|e| internal(&e))?
    {
        let result = run_approved(call, &stored).await;
        let kept = match &result {
            Ok(v) => v.clone(),
            Err(e) => tool_error(&format!("The approved call failed: {}", e.message)),
        };
        approval_requests::finish_execution(env.sql(), &id, &kept, env.now_ms())
            .await
            .map_err(|e| internal(&e))?;
        return result;
    }
    let current = approval_requests::require(env.sql(), &call.principal.account_id, &id)
        .await
        .map_err(|e| internal(&e))?;
    match current.result {
        Some(result) => Ok(result),
        None => Ok(text_result(&format!(
            "Request {id} is approved and its call is running; check again shortly."
        ))),
    }
}

/// Runs the approved call with exactly the arguments that were approved.
async fn run_approved(call: &Call<'_>, stored: &StoredRequest) -> Result<Value, RpcError> {
    let env = call.env;
    let server_id = stored
        .server_id
        .as_deref()
        .ok_or_else(|| internal(&Error::internal("the approved call has no server")))?;
    let server = servers::get(env.sql(), &call.principal.account_id, server_id)
        .await
        .map_err(|e| internal(&e))?;
    let upstream_tool = crate::tools::split_name(&stored.tool)
        .map(|(_, t)| t.to_string())
        .ok_or_else(|| {
            internal(&Error::internal(
                "the approved tool name is not server__tool",
            ))
        })?;
    let arguments = flow::approved_arguments(env, stored).map_err(|e| internal(&e))?;
    let decision = Decision {
        action: Action::RequireApproval,
        rule_id: stored.rule_id.clone(),
        reason: format!("approved (approval request {})", stored.request.id),
        message: None,
        also_matched: Vec::new(),
        approval_policy_id: Some(stored.policy_id.clone()),
    };
    forward(
        call,
        &server,
        &upstream_tool,
        &stored.tool,
        &arguments,
        &decision,
    )
    .await
}
