//! Approvals as tasks, for 2026-07-28 clients that declare the tasks
//! extension (`io.modelcontextprotocol/tasks`). A call that needs approval
//! is answered at once with a task whose id is its approval request's;
//! `tasks/get` reports it `working` while people decide, and once approved
//! runs the call exactly once (the claim `get_approval_status` uses) and
//! reports it `completed` with the call's result. A declined or expired
//! request completes with the tool error the held call would have given;
//! `tasks/cancel` withdraws a pending request (audited as
//! `approval_cancelled`). Only the key that made the call sees its task.

use crate::approvals::{self, Opened};
use crate::guarded::internal;
use crate::handler::Call;
use preloop_core::ErrorKind;
use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::notify::message::iso8601;
use preloop_core::policy::Decision;
use preloop_core::store::approval_requests::StoredRequest;
use preloop_core::store::servers::McpServer;
use serde_json::{Value, json};

/// The extension's name, in client and server capabilities.
pub const EXTENSION: &str = "io.modelcontextprotocol/tasks";

/// How often a client is asked to poll, in ms.
const POLL_INTERVAL_MS: i64 = 2_000;

/// Whether this 2026-07-28 request's client takes a task: it declares the
/// extension among the capabilities in its `_meta`.
pub fn offered(call: &Call<'_>, params: &Value) -> bool {
    call.modern
        && params
            .pointer("/_meta/io.modelcontextprotocol~1clientCapabilities/extensions")
            .and_then(|e| e.get(EXTENSION))
            .is_some()
}

/// The fields every task carries, for the request as it stands.
fn task(stored: &StoredRequest, status: &str, message: String) -> Value {
    let q = &stored.request;
    let updated = q
        .votes
        .iter()
        .map(|v| v.at)
        .chain(q.decided_at)
        .fold(q.created_at, i64::max);
    // The task lives as long as its request may still be decided; the
    // result stays with the request after that.
    let ttl = (q.expires_at - q.created_at).max(0);
    json!({
        "taskId": q.id,
        "status": status,
        "statusMessage": message,
        "createdAt": iso8601(q.created_at),
        "lastUpdatedAt": iso8601(updated),
        "ttlMs": ttl,
        "pollIntervalMs": POLL_INTERVAL_MS,
    })
}

fn waiting(call: &Call<'_>, stored: &StoredRequest) -> String {
    let q = &stored.request;
    format!(
        "Waiting for human approval of {}: {} of {} approval(s); expires in {} s.",
        stored.tool,
        q.approvals(),
        q.approvals_required,
        q.seconds_left(call.env.now_ms())
    )
}

/// Opens the approval request and answers with its task.
pub async fn create(
    call: &Call<'_>,
    server: Option<&McpServer>,
    name: &str,
    arguments: &Value,
    decision: &Decision,
) -> Result<Value, RpcError> {
    match approvals::open(call, server, name, arguments, decision).await? {
        Opened::Refused(answer) => Ok(answer),
        Opened::Request { stored, .. } => {
            let url = approvals::follower_link(call, &stored).await?;
            let message = format!("{} Follow it at {url}", waiting(call, &stored));
            let mut result = task(&stored, "working", message);
            result["resultType"] = json!("task");
            Ok(result)
        }
    }
}

fn task_id(params: &Value) -> Result<&str, RpcError> {
    params.get("taskId").and_then(Value::as_str).ok_or_else(|| {
        RpcError::new(
            jsonrpc::INVALID_PARAMS,
            "the request needs a string 'taskId'",
        )
    })
}

/// The caller's own task: another key's, or none, is the same unknown id.
async fn load(call: &Call<'_>, id: &str) -> Result<StoredRequest, RpcError> {
    let unknown = || RpcError::new(jsonrpc::INVALID_PARAMS, format!("Unknown task: {id}"));
    match flow::load(call.env, &call.principal.account_id, id).await {
        Ok(s) if s.api_key_id == call.principal.api_key_id => Ok(s),
        Ok(_) => Err(unknown()),
        Err(e) if e.kind == ErrorKind::NotFound => Err(unknown()),
        Err(e) => Err(internal(&e)),
    }
}

/// `tasks/get`.
pub async fn get(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let id = task_id(params)?;
    let stored = load(call, id).await?;
    let (status, message, result) = match stored.request.status {
        Status::Pending => ("working", waiting(call, &stored), None),
        // Claimed by another poll and still running upstream.
        Status::Approved if stored.execution == "running" => (
            "working",
            "Approved; the call is running.".to_string(),
            None,
        ),
        Status::Cancelled => (
            "cancelled",
            "The approval request was cancelled; the call was not made.".to_string(),
            None,
        ),
        // Approved (the call runs now, once), declined or expired: what the
        // held call would have answered.
        _ => {
            let answer = approvals::status(call, &json!({"request_id": id})).await?;
            let summary = match stored.request.status {
                Status::Approved => "Approved; the call ran.",
                Status::Declined => "Declined; the call was not made.",
                _ => "Expired without a decision; the call was not made.",
            };
            ("completed", summary.to_string(), Some(answer))
        }
    };
    // Reloaded after running, so the times say when it finished.
    let stored = match result {
        Some(_) => load(call, id).await?,
        None => stored,
    };
    let mut out = task(&stored, status, message);
    if let Some(result) = result {
        out["result"] = result;
    }
    Ok(out)
}

/// `tasks/cancel`: withdraws a pending request; a task already finished
/// stays as it is (cancellation is cooperative).
pub async fn cancel(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    let id = task_id(params)?;
    let stored = load(call, id).await?;
    if stored.request.status == Status::Pending {
        flow::cancel(
            call.env,
            &call.principal.account_id,
            id,
            &call.principal.audit_label(),
        )
        .await
        .map_err(|e| internal(&e))?;
    }
    Ok(json!({}))
}

/// `tasks/update`: an approval task asks for no input, so there is nothing
/// to take (the extension says to ignore responses to unknown keys); the
/// task must still be the caller's.
pub async fn update(call: &Call<'_>, params: &Value) -> Result<Value, RpcError> {
    load(call, task_id(params)?).await?;
    Ok(json!({}))
}
