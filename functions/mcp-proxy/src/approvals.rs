//! The agent's side of approvals. A call that needs approval opens a request;
//! by default the transport holds the call open until it is decided (see
//! `hold`), and past the hold — or at once for async workflows — the agent
//! gets a pending handle (a tool error: the call has not happened). The
//! built-in `get_approval_status` reports the state and, once approved, runs
//! the approved call exactly once (later polls get the same result);
//! `request_approval` asks people about anything the agent describes.

use crate::guarded::{audit_refusal, internal, record};
use crate::handler::Call;
use crate::hold::Held;
use crate::tools::{forward, tool_error};
use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::approval::{ApprovalPolicy, Justification};
use preloop_core::mcp::integrity::arguments::{self, Checked};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::cache::snapshot_for;
use preloop_core::policy::trace::Trace;
use preloop_core::policy::{Action, Decision};
use preloop_core::store::approval_policies;
use preloop_core::store::approval_requests::{self, StoredRequest};
use preloop_core::store::servers::{self, McpServer};
use preloop_core::store::tools;
use preloop_core::{Error, ErrorKind};
use serde_json::{Value, json};

pub use crate::names::{REQUEST_TOOL, STATUS_TOOL};

/// Preloop's own tools, listed beside the upstreams'. They only ever show a
/// caller its own requests, so policy does not gate them.
pub fn builtin_tools() -> Vec<Value> {
    vec![
        json!({
            "name": STATUS_TOOL,
            "title": "Approval status",
            "description": "Check an approval request opened by a call that needs human approval. Once approved, this runs the approved call (exactly once) and returns its result.",
            "inputSchema": {
                "type": "object",
                "properties": {"request_id": {"type": "string", "description": "The id returned when approval was requested"}},
                "required": ["request_id"]
            }
        }),
        json!({
            "name": REQUEST_TOOL,
            "title": "Request human approval",
            "description": "Ask a human to approve an operation before you do it (anything, not only a tool call). Waits for the decision when it can; otherwise returns a request id to check with get_approval_status.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "operation": {"type": "string", "description": "What you want to do, in one sentence"},
                    "details": {"type": "object", "description": "Facts the approver needs (targets, amounts, commands)"},
                    "justification": {"type": "string", "description": "Why it is needed"},
                    "workflow": {"type": "string", "description": "The approval workflow's name; the account's default when omitted"}
                },
                "required": ["operation"]
            }
        }),
    ]
}

/// The `justification` argument added to the input schema of tools whose
/// approval workflow asks for one.
pub fn with_justification(schema: &mut Value, mode: Justification) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let props = obj.entry("properties").or_insert_with(|| json!({}));
    if let Some(props) = props.as_object_mut() {
        props.insert(
            "justification".into(),
            json!({"type": "string", "description": match mode {
                Justification::Required => "Required: why this call is needed. Shown to the people who approve it; not passed to the tool.",
                Justification::Optional => "Optional: why this call is needed. Shown to the people who approve it; not passed to the tool.",
            }}),
        );
    }
    if mode == Justification::Required {
        let required = obj.entry("required").or_insert_with(|| json!([]));
        if let Some(list) = required.as_array_mut()
            && !list.iter().any(|v| v == "justification")
        {
            list.push(json!("justification"));
        }
    }
}

/// The justification mode of a tool: its own when it sets one, else the
/// strictest among the workflows its calls may go to (`policies`: the
/// account's workflows).
pub fn justification_mode(
    tool_mode: Option<Justification>,
    workflows: &[Option<String>],
    policies: &[ApprovalPolicy],
) -> Option<Justification> {
    if workflows.is_empty() {
        return None;
    }
    tool_mode.or_else(|| {
        workflows
            .iter()
            .filter_map(|w| match w {
                Some(id) => policies.iter().find(|p| &p.id == id),
                None => policies.iter().find(|p| p.is_default),
            })
            .filter_map(|p| p.justification)
            .max_by_key(|j| matches!(j, Justification::Required))
    })
}

fn text_result(text: &str) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": false})
}

/// Opens an approval request for a call a rule sent for approval, and
/// answers with the pending handle (and the hold, see [`pending`]).
pub async fn request(
    call: &Call<'_>,
    server: Option<&McpServer>,
    name: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<Value, RpcError> {
    match open(call, server, name, arguments, decision).await? {
        Opened::Refused(answer) => Ok(answer),
        Opened::Request { policy, stored } => Ok(pending(
            call,
            &policy,
            &stored,
            "runs this call and returns its result",
        )),
    }
}

/// What asking for approval of a call came to.
pub enum Opened {
    /// Nobody can be asked (no workflow, a justification missing): the
    /// refusal to answer with, already audited.
    Refused(Value),
    /// The request is open and the call audited as `pending_approval`.
    Request {
        policy: Box<ApprovalPolicy>,
        stored: Box<StoredRequest>,
    },
}

/// Opens an approval request for a call a rule sent for approval: the
/// request, bound to the arguments (without the justification), and the
/// call's `pending_approval` record.
pub async fn open(
    call: &Call<'_>,
    server: Option<&McpServer>,
    name: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<Opened, RpcError> {
    let env = call.env;
    let account = &call.principal.account_id;
    let refuse = |why: String| async move {
        let mut d = decision.clone();
        d.message = Some(why.clone());
        audit_refusal(call, server, name, arguments, &d).await?;
        Ok(Opened::Refused(tool_error(&why)))
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
    let mode = decision.justification.or(policy.justification);
    let justification = match mode {
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
    if mode == Some(Justification::Required) && justification.is_none() {
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
            server_id: server.map(|s| s.id.as_str()),
            server_name: server.map(|s| s.name.as_str()),
            tool: name,
            arguments: &bound,
            justification,
        },
    )
    .await
    .map_err(|e| internal(&e))?;
    if let Some(key) = &call.client_request {
        // Without it the client cannot cancel the held call; the request
        // itself stands either way.
        if let Err(e) = approval_requests::set_client_request(
            env.sql(),
            &call.principal.account_id,
            &stored.request.id,
            key,
        )
        .await
        {
            tracing::warn!(error = %e.message, "the held call cannot be cancelled by its client");
        }
    }
    let mut recorded = decision.clone();
    recorded.reason = format!(
        "{} (approval request {})",
        decision.reason, stored.request.id
    );
    record(call, server, name, &bound, &recorded, "pending_approval").await?;
    Ok(Opened::Request {
        policy: Box::new(policy),
        stored: Box::new(stored),
    })
}

/// A link for the person at the client to follow `stored` with. It shows
/// the request and cannot decide it: the URL reaches the client, where the
/// agent may read it too, and the credential that made a call never
/// approves it.
pub async fn follower_link(call: &Call<'_>, stored: &StoredRequest) -> Result<String, RpcError> {
    preloop_core::notify::announce::link(
        call.env,
        &stored.request.id,
        preloop_core::store::approval_links::FOLLOWER,
    )
    .await
    .map_err(|e| internal(&e))
}

/// The pending handle, and — unless the workflow is async — the hold.
pub fn pending(
    call: &Call<'_>,
    policy: &ApprovalPolicy,
    stored: &StoredRequest,
    then: &str,
) -> Value {
    let env = call.env;
    // An error result: the call has not happened, and a success without
    // structured content would break tools that declare an output schema.
    let handle = tool_error(&format!(
        "Approval required: request {id} is waiting for {n} approval(s) and expires in {secs} s. Call {STATUS_TOOL} with {{\"request_id\": \"{id}\"}} to check; once approved it {then}.",
        id = stored.request.id,
        n = stored.request.approvals_required,
        secs = stored.request.seconds_left(env.now_ms()),
    ));
    if !policy.async_approval && env.config.approval_hold_ms > 0 && env.timer().is_some() {
        let hold = i64::try_from(env.config.approval_hold_ms).unwrap_or(i64::MAX);
        *call.held.borrow_mut() = Some(Held {
            approval_id: stored.request.id.clone(),
            deadline_ms: env
                .now_ms()
                .saturating_add(hold)
                .min(stored.request.expires_at),
            pending: handle.clone(),
            shape: crate::hold::Shape::of(&stored.tool),
        });
    }
    handle
}

/// The built-in `request_approval`: standalone approval for an operation
/// the agent describes. Nothing runs upstream; approval is the answer.
pub async fn request_standalone(call: &Call<'_>, arguments: &Value) -> Result<Value, RpcError> {
    let env = call.env;
    let invalid = |m: &str| RpcError::new(jsonrpc::INVALID_PARAMS, m.to_string());
    let operation = arguments
        .get("operation")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| invalid("request_approval needs a non-empty string 'operation'"))?;
    if operation.chars().count() > 1000 {
        return Err(invalid("'operation' is longer than 1000 characters"));
    }
    let details = arguments.get("details").cloned().unwrap_or(Value::Null);
    if !(details.is_null() || details.is_object()) {
        return Err(invalid("'details' must be an object"));
    }
    let justification = arguments
        .get("justification")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let account = &call.principal.account_id;
    let policies = approval_policies::list(env.sql(), account)
        .await
        .map_err(|e| internal(&e))?;
    let policy = match arguments.get("workflow").and_then(Value::as_str) {
        Some(name) => policies.into_iter().find(|p| p.name == name),
        None => policies.into_iter().find(|p| p.is_default),
    };
    let Some(policy) = policy else {
        return Ok(tool_error(
            "No approval workflow is available for this request (name one with 'workflow', or ask an admin to set a default).",
        ));
    };
    if policy.justification == Some(Justification::Required) && justification.is_none() {
        return Ok(tool_error(
            "This approval workflow needs a justification: call request_approval again with a 'justification'.",
        ));
    }
    let bound = json!({"operation": operation, "details": details});
    let stored = flow::open(
        env,
        &policy,
        &flow::Call {
            principal: call.principal,
            rule_id: None,
            server_id: None,
            server_name: None,
            tool: REQUEST_TOOL,
            arguments: &bound,
            justification,
        },
    )
    .await
    .map_err(|e| internal(&e))?;
    let decision = Decision {
        action: Action::RequireApproval,
        rule_id: None,
        reason: format!(
            "standalone approval requested (approval request {})",
            stored.request.id
        ),
        message: None,
        also_matched: Vec::new(),
        approval_policy_id: Some(policy.id.clone()),
        justification: None,
        trace: Trace {
            why: "the agent asked for approval itself (request_approval)".into(),
            ..Trace::default()
        },
    };
    record(
        call,
        None,
        REQUEST_TOOL,
        &bound,
        &decision,
        "pending_approval",
    )
    .await?;
    Ok(pending(
        call,
        &policy,
        &stored,
        "tells you the operation may proceed",
    ))
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
    // A read's or a get's result, told as a tool result.
    let entry = crate::names::is_entry(&stored.tool).then(|| stored.tool.clone());
    let settled = settle(call, stored).await?;
    Ok(match entry {
        Some(entry) => crate::entry_approvals::as_tool_result(&entry, settled),
        None => settled,
    })
}

/// Where an approval request (the caller's own: checked by whoever asks)
/// stands, as a tool result: pending, refused in some way, or — approved —
/// the call's own result, run exactly once (later looks get the same).
pub async fn settle(call: &Call<'_>, stored: StoredRequest) -> Result<Value, RpcError> {
    let env = call.env;
    let id = stored.request.id.clone();
    let q = &stored.request;
    match q.status {
        Status::Pending => Ok(text_result(&format!(
            "Request {id} is pending: {} of {} approval(s); it expires in {} s.",
            q.approvals(),
            q.approvals_required,
            q.seconds_left(env.now_ms())
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
    // The kill switch may have been turned on since the call was checked
    // (a held call waits for minutes): look again before anything runs.
    if stored.execution == "none"
        && preloop_core::store::controls::key_is_killed(env.sql(), &stored.api_key_id)
            .await
            .map_err(|e| internal(&e))?
    {
        return Ok(tool_error(
            "Stopped by the kill switch: the approved call was not run. It can run once the switch is off.",
        ));
    }
    if stored.execution == "none"
        && approval_requests::claim_execution(env.sql(), &id, env.now_ms())
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
    let Some(server_id) = stored.server_id.as_deref() else {
        if preloop_core::trackers::tools::is_issue_tool(&stored.tool) {
            return crate::issue_tools::run_approved(call, stored).await;
        }
        // A standalone request: the approval itself is the answer.
        let comments: Vec<String> = stored
            .request
            .votes
            .iter()
            .filter_map(|v| v.comment.clone())
            .collect();
        let mut text = format!(
            "Approved (request {}): the operation may proceed.",
            stored.request.id
        );
        if !comments.is_empty() {
            text.push_str(&format!(" Approver comments: {}", comments.join(" | ")));
        }
        return Ok(text_result(&text));
    };
    let server = servers::get(env.sql(), &call.principal.account_id, server_id)
        .await
        .map_err(|e| internal(&e))?;
    if crate::names::is_entry(&stored.tool) {
        return crate::entry_approvals::run(call, &server, stored).await;
    }
    // A prefix changed since the request makes the name not the server's
    // any more: refused rather than guessed.
    let upstream_tool = crate::names::own_name(server.prefix(), &stored.tool)
        .map(str::to_string)
        .ok_or_else(|| {
            internal(&Error::internal(
                "the approved tool is no longer named so on its server (its prefix changed)",
            ))
        })?;
    let arguments = match approved_arguments(call, Some(&server), stored).await? {
        Ok(a) => a,
        Err(refused) => return Ok(refused),
    };
    let decision = approved_decision(stored);
    // The tool as pinned now: one held back, gone, or redefined since the
    // request is refused or checked again.
    let tool = match tools::get(
        env.sql(),
        &call.principal.account_id,
        &server.id,
        &upstream_tool,
    )
    .await
    {
        Ok(t) => t,
        Err(e) if e.kind == ErrorKind::NotFound => {
            let refusal = Decision::deny(format!(
                "approval request {}: server '{}' no longer lists the tool",
                stored.request.id, server.name
            ));
            audit_refusal(call, Some(&server), &stored.tool, &arguments, &refusal).await?;
            return Ok(tool_error(&refusal.reason));
        }
        Err(e) => return Err(internal(&e)),
    };
    let snapshot = snapshot_for(env, call.principal)
        .await
        .map_err(|e| internal(&e))?;
    if snapshot.validates_arguments(&stored.tool) {
        let checked = arguments::check(env, &tool, &arguments).await;
        if checked != Checked::Valid {
            return crate::tools::refuse_unchecked(
                call,
                &server,
                &stored.tool,
                &arguments,
                &checked,
            )
            .await;
        }
    }
    forward(
        call,
        &server,
        &tool,
        &upstream_tool,
        &stored.tool,
        &arguments,
        &decision,
    )
    .await
}

/// Exactly the arguments that were approved, or (audited) the refusal to
/// answer with when they cannot be had (tampered with, or sealed with a key
/// no longer held).
pub async fn approved_arguments(
    call: &Call<'_>,
    server: Option<&McpServer>,
    stored: &StoredRequest,
) -> Result<Result<Value, Value>, RpcError> {
    match flow::approved_arguments(call.env, stored) {
        Ok(a) => Ok(Ok(a)),
        Err(e) if e.kind == ErrorKind::Forbidden => {
            let refusal = Decision::deny(format!(
                "approval request {}: {}",
                stored.request.id, e.message
            ));
            audit_refusal(call, server, &stored.tool, &stored.arguments, &refusal).await?;
            Ok(Err(tool_error(&format!(
                "Request {}: {}",
                stored.request.id, e.message
            ))))
        }
        Err(e) => Err(internal(&e)),
    }
}

/// The decision an approved call runs under, as its audit record shows it.
pub fn approved_decision(stored: &StoredRequest) -> Decision {
    Decision {
        action: Action::RequireApproval,
        rule_id: stored.rule_id.clone(),
        reason: format!(
            "{} {})",
            preloop_core::policy::simulate::APPROVED_REASON_PREFIX,
            stored.request.id
        ),
        message: None,
        also_matched: Vec::new(),
        approval_policy_id: Some(stored.policy_id.clone()),
        justification: None,
        trace: Trace {
            why: format!("approved under approval request {}", stored.request.id),
            ..Trace::default()
        },
    }
}
