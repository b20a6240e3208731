//! Approvals for resource reads and prompt gets: the same requests, holds,
//! multi round-trips and exactly-once runs as a tool call's (see
//! [`crate::approvals`]), told in a read's or a get's own terms.
//!
//! The approval request is for the policy entry (`resources:<server>`,
//! `prompts:<server>`) and what its rules saw (`{uri}`, `{name, arguments}`),
//! which is also exactly what runs once approved. Where a tool call's
//! answers are tool results, a read's or a get's are its own result or a
//! JSON-RPC error (-32003) saying why not: the pending handle becomes an
//! error that says to ask again once approved. Asking again (the same key,
//! the same read) does not open another request: it waits on the open one,
//! or runs the approved one, exactly once.

use crate::approvals::{self, Opened};
use crate::guarded::{self, internal};
use crate::handler::Call;
use crate::hold::Shape;
use preloop_core::approval::flow;
use preloop_core::approval::request::call_hash;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::Decision;
use preloop_core::store::approval_requests::{self, StoredRequest};
use preloop_core::store::servers::McpServer;
use serde_json::{Value, json};

/// A read or a get that a rule sent for approval. `arguments` is what the
/// rules saw (and what will run); `params` the client's own parameters
/// (for a 2026-07-28 client's `requestState` and capabilities).
pub async fn request(
    call: &Call<'_>,
    server: &McpServer,
    entry: &str,
    arguments: &Value,
    decision: &Decision,
    params: &Value,
) -> Result<Value, RpcError> {
    if call.modern {
        if let Some(state) = params.get("requestState") {
            let responses = params.get("inputResponses");
            let answer = crate::mrtr::resume(call, entry, arguments, state, responses).await?;
            return Shape::Entry.answer(answer);
        }
        if crate::mrtr::offered(call, params) {
            let answer = crate::mrtr::ask(call, Some(server), entry, arguments, decision).await?;
            return Shape::Entry.answer(answer);
        }
    }
    // The same read asked again: its request, if one is open or approved
    // and not run yet.
    let hash = call_hash(entry, Some(&server.name), arguments);
    let open = approval_requests::open_for_call(
        call.env.sql(),
        &call.principal.account_id,
        &call.principal.api_key_id,
        &hash,
        call.env.now_ms(),
    )
    .await
    .map_err(|e| internal(&e))?;
    let answer = match open {
        Some(id) => again(call, &id).await?,
        None => match approvals::open(call, Some(server), entry, arguments, decision).await? {
            Opened::Refused(answer) => answer,
            Opened::Request { policy, stored } => {
                approvals::pending(call, &policy, &stored, READ_AGAIN)
            }
        },
    };
    // A held request is answered by the transport, in this shape.
    if call.held.borrow().is_some() {
        return Ok(answer);
    }
    Shape::Entry.answer(answer)
}

/// What the pending handle says happens once the request is approved.
const READ_AGAIN: &str =
    "runs when the same request is made again (or through get_approval_status)";

/// A request already open for this read: held on while pending, run (once)
/// when approved.
async fn again(call: &Call<'_>, id: &str) -> Result<Value, RpcError> {
    let env = call.env;
    let account = &call.principal.account_id;
    let stored = flow::load(env, account, id)
        .await
        .map_err(|e| internal(&e))?;
    if stored.request.status != preloop_core::approval::request::Status::Pending {
        return approvals::settle(call, stored).await;
    }
    let policy = flow::workflow_for(env, account, Some(&stored.policy_id))
        .await
        .map_err(|e| internal(&e))?;
    match policy {
        Some(policy) => Ok(approvals::pending(call, &policy, &stored, READ_AGAIN)),
        None => approvals::settle(call, stored).await,
    }
}

/// A read's or a get's own answer made of the tool-shaped one the approval
/// machinery gives: a tool error (pending, declined, expired, failed)
/// becomes a JSON-RPC error with its text; anything else is the result.
pub fn entry_answer(tool_shaped: Value) -> Result<Value, RpcError> {
    let is_error = tool_shaped.get("isError").and_then(Value::as_bool) == Some(true);
    // Still pending or running: a tool result of text alone, no error.
    let only_text = tool_shaped.get("content").is_some()
        && tool_shaped.get("contents").is_none()
        && tool_shaped.get("messages").is_none()
        && tool_shaped.get("resultType").is_none();
    if !is_error && !only_text {
        return Ok(tool_shaped);
    }
    let text: Vec<&str> = tool_shaped
        .get("content")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|x| x.get("text").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    Err(RpcError::new(jsonrpc::FORBIDDEN, text.join(" ")))
}

/// An approved read or get, run: exactly the approved arguments, audited
/// like a call, its result named as the caller knows it.
pub async fn run(
    call: &Call<'_>,
    server: &McpServer,
    stored: &StoredRequest,
) -> Result<Value, RpcError> {
    let arguments = match approvals::approved_arguments(call, Some(server), stored).await? {
        Ok(a) => a,
        Err(refused) => return Ok(refused),
    };
    let (method, params) = if stored.tool.starts_with("resources:") {
        ("resources/read", json!({ "uri": arguments.get("uri") }))
    } else {
        (
            "prompts/get",
            json!({ "name": arguments.get("name"), "arguments": arguments.get("arguments") }),
        )
    };
    let decision = approvals::approved_decision(stored);
    let send = guarded::send(call, server, method, params);
    let mut result = guarded::forward(
        call,
        Some(server),
        &stored.tool,
        &arguments,
        &decision,
        send,
    )
    .await?;
    guarded::outward(method, server, &mut result);
    Ok(result)
}

/// An approved read's or get's result as `get_approval_status` answers it:
/// a read's contents as embedded resources, a prompt's messages as their
/// contents; anything else (pending, refused) as it is.
pub fn as_tool_result(entry: &str, settled: Value) -> Value {
    let embedded: Option<Vec<Value>> = if entry.starts_with("resources:") {
        settled.get("contents").and_then(Value::as_array).map(|c| {
            c.iter()
                .map(|r| json!({"type": "resource", "resource": r}))
                .collect()
        })
    } else {
        settled.get("messages").and_then(Value::as_array).map(|m| {
            m.iter()
                .filter_map(|msg| msg.get("content").cloned())
                .collect()
        })
    };
    match embedded {
        Some(content) => json!({"content": content, "isError": false}),
        None => settled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_errors_and_waiting_become_errors_and_results_stay() {
        let read = json!({"contents": [{"uri": "x", "text": "hi"}]});
        assert_eq!(entry_answer(read.clone()).unwrap(), read);
        let declined = json!({"content": [{"type": "text", "text": "Request r was declined."}], "isError": true});
        let e = entry_answer(declined).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (jsonrpc::FORBIDDEN, "Request r was declined.")
        );
        let running = json!({"content": [{"type": "text", "text": "running"}], "isError": false});
        assert!(entry_answer(running).is_err());
        let again = json!({"resultType": "input_required", "content": []});
        assert!(entry_answer(again).is_ok());
    }

    #[test]
    fn the_status_tool_tells_a_read_as_embedded_resources() {
        let read = json!({"contents": [{"uri": "preloop://d/x", "text": "hi"}]});
        let told = as_tool_result("resources:d", read);
        assert_eq!(told["content"][0]["type"], "resource");
        assert_eq!(told["content"][0]["resource"]["text"], "hi");
        let got =
            json!({"messages": [{"role": "user", "content": {"type": "text", "text": "go"}}]});
        assert_eq!(as_tool_result("prompts:d", got)["content"][0]["text"], "go");
    }
}
