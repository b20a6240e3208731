//! Approvals in the terms of the 2026-07-28 protocol: multi round-trip
//! requests. A client that can open a URL for its user (it declares
//! `elicitation.url` in the request's `_meta`) is not held while people
//! decide: a call that needs approval opens its request and is answered at
//! once with an `input_required` result. Its one input request is a URL
//! elicitation pointing at a page that follows the approval request; its
//! `requestState` binds the retry to this key, this exact call and an
//! expiry. The client retries with that state; the retry waits for the
//! decision up to the hold, then runs the approved call exactly once (as
//! `get_approval_status` does), or answers `input_required` again with the
//! state alone (the client retries without asking its user again).
//! Declining the elicitation withdraws the request.

use crate::approvals::{self, Opened};
use crate::guarded::internal;
use crate::handler::Call;
use crate::hold::{self, Held};
use crate::tools::tool_error;
use preloop_core::approval::flow;
use preloop_core::approval::request::{Status, call_hash};
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::Decision;
use preloop_core::store::approval_requests::StoredRequest;
use preloop_core::store::servers::McpServer;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The key of Preloop's input request in `inputRequests` and
/// `inputResponses`.
pub const INPUT_KEY: &str = "preloop_approval";

/// What a `requestState` of ours starts with (the rest is sealed).
const STATE_PREFIX: &str = "plrs1.";

/// How long past the approval request's expiry a state is still read, so
/// that a late retry hears "expired" from the request rather than a bare
/// refusal of the state.
const STATE_GRACE_MS: i64 = 60_000;

/// Whether this 2026-07-28 request's client can be sent a URL to open: it
/// declares `elicitation.url` among the capabilities in its `_meta`.
pub fn offered(call: &Call<'_>, params: &Value) -> bool {
    call.modern
        && params
            .pointer("/_meta/io.modelcontextprotocol~1clientCapabilities/elicitation/url")
            .is_some()
}

/// What a `requestState` carries, sealed with the instance's secret key
/// (AEAD: a state that was altered, or not made by Preloop, does not open).
#[derive(Serialize, Deserialize)]
struct State {
    /// The account and key that made the call.
    account: String,
    key: String,
    /// The approval request.
    request: String,
    /// The digest of the tool's name and arguments (see [`call_digest`]).
    call: String,
    /// Past this (ms since the epoch) the state is refused.
    expires_at: i64,
}

/// The digest of a call: its exposed name and its arguments as the client
/// sent them, hashed as approval requests hash theirs.
fn call_digest(name: &str, arguments: &Value) -> String {
    call_hash(name, None, arguments)
}

fn seal(call: &Call<'_>, state: &State) -> Result<String, RpcError> {
    let text = serde_json::to_string(state).map_err(|e| {
        RpcError::new(
            jsonrpc::INTERNAL_ERROR,
            format!("the request state could not be written: {e}"),
        )
    })?;
    let sealed = call
        .env
        .cipher()
        .seal(call.env.random(), &text)
        .map_err(|e| internal(&e))?;
    Ok(format!("{STATE_PREFIX}{sealed}"))
}

/// Opens and checks a `requestState` presented with `name` and `arguments`:
/// made by Preloop, for this key, for this exact call, not expired.
fn open_state(
    call: &Call<'_>,
    name: &str,
    arguments: &Value,
    state: &Value,
) -> Result<State, RpcError> {
    let refuse = |why: &str| {
        RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("requestState refused: {why}"),
        )
    };
    let text = state.as_str().ok_or_else(|| refuse("it is not a string"))?;
    let sealed = text
        .strip_prefix(STATE_PREFIX)
        .ok_or_else(|| refuse("it was not issued by Preloop"))?;
    let opened = call
        .env
        .cipher()
        .open(sealed)
        .map_err(|_| refuse("it was not issued by this Preloop, or it was altered"))?;
    let state: State =
        serde_json::from_str(&opened).map_err(|_| refuse("it was not issued by Preloop"))?;
    if state.account != call.principal.account_id || state.key != call.principal.api_key_id {
        return Err(refuse("it was issued to another key"));
    }
    if state.call != call_digest(name, arguments) {
        return Err(refuse(
            "it was issued for another call (the tool or its arguments differ)",
        ));
    }
    if call.env.now_ms() > state.expires_at {
        return Err(refuse("it has expired"));
    }
    Ok(state)
}

/// An `input_required` result: the URL elicitation when `url` is given,
/// and the state to retry with.
fn input_required(
    call: &Call<'_>,
    stored: &StoredRequest,
    name: &str,
    arguments: &Value,
    url: Option<String>,
) -> Result<Value, RpcError> {
    let state = seal(
        call,
        &State {
            account: call.principal.account_id.clone(),
            key: call.principal.api_key_id.clone(),
            request: stored.request.id.clone(),
            call: call_digest(name, arguments),
            expires_at: stored.request.expires_at.saturating_add(STATE_GRACE_MS),
        },
    )?;
    let mut result = json!({"resultType": "input_required", "requestState": state});
    if let Some(url) = url {
        let q = &stored.request;
        let message = format!(
            "{name} needs human approval: request {id} waits for {n} approval(s) and expires in {secs} s. The people who can approve it have been asked; the link follows the request. Accept to wait for the decision: the call runs once it is approved.",
            id = q.id,
            n = q.approvals_required,
            secs = q.seconds_left(call.env.now_ms()),
        );
        result["inputRequests"] = json!({
            INPUT_KEY: {
                "method": "elicitation/create",
                "params": {"mode": "url", "message": message, "url": url},
            }
        });
    }
    Ok(result)
}

/// The first round: opens the approval request and answers at once with
/// the URL to follow it and the state to retry with.
pub async fn ask(
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
            input_required(call, &stored, name, arguments, Some(url))
        }
    }
}

/// A retry with our `requestState`: the decision if there is one by the
/// end of the hold (an approved call runs, exactly once), else the state
/// again. A declined or cancelled elicitation withdraws the request.
pub async fn resume(
    call: &Call<'_>,
    name: &str,
    arguments: &Value,
    state: &Value,
    responses: Option<&Value>,
) -> Result<Value, RpcError> {
    let env = call.env;
    let state = open_state(call, name, arguments, state)?;
    let account = &call.principal.account_id;
    let stored = flow::load(env, account, &state.request)
        .await
        .map_err(|e| internal(&e))?;
    let answered = responses
        .and_then(|r| r.get(INPUT_KEY))
        .and_then(|r| r.get("action"))
        .and_then(Value::as_str);
    if let Some(action @ ("decline" | "cancel")) = answered {
        if stored.request.status == Status::Pending {
            flow::cancel(
                env,
                account,
                &stored.request.id,
                &call.principal.audit_label(),
            )
            .await
            .map_err(|e| internal(&e))?;
        }
        return Ok(tool_error(&format!(
            "The call was withdrawn ({action}d at the client): approval request {} is cancelled and the call was not made.",
            stored.request.id
        )));
    }
    let policy = flow::workflow_for(env, account, Some(&stored.policy_id))
        .await
        .map_err(|e| internal(&e))?;
    let waits = policy.is_some_and(|p| !p.async_approval);
    let again = input_required(call, &stored, name, arguments, None)?;
    let hold = i64::try_from(env.config.approval_hold_ms).unwrap_or(i64::MAX);
    let deadline = if waits && stored.request.status == Status::Pending {
        env.now_ms()
            .saturating_add(hold)
            .min(stored.request.expires_at)
    } else {
        // Decided already, or an async workflow: look once.
        env.now_ms()
    };
    hold::wait(
        call,
        Held {
            approval_id: stored.request.id.clone(),
            deadline_ms: deadline,
            pending: again,
            shape: hold::Shape::of(name),
        },
    )
    .await
}
