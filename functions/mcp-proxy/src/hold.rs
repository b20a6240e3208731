//! Holding a `tools/call` (or a `resources/read` or `prompts/get`) open
//! while people decide. The call that opened an approval request waits
//! (polling the store, so any instance's decision is seen) up to the
//! configured hold, streaming `notifications/progress` to a client that
//! takes SSE; then it answers with the upstream's result, the decline, or —
//! past the hold — the pending handle for `get_approval_status` (for a read
//! or a get, an error that says to ask again once approved; see
//! [`Shape`]).

use crate::approvals;
use crate::guarded::internal;
use crate::handler::Call;
use crate::streamable_http::rpc_body;
use bytes::Bytes;
use preloop_core::Env;
use preloop_core::approval::flow;
use preloop_core::approval::request::Status;
use preloop_core::auth::Principal;
use preloop_core::http::StreamingBody;
use preloop_core::mcp::jsonrpc::RpcError;
use preloop_core::mcp::sse;
use serde_json::{Value, json};

/// How often the store is asked whether the request was decided.
const POLL_MS: i64 = 400;
/// How often a waiting client hears from us.
const PROGRESS_EVERY_MS: i64 = 5_000;

/// A call that may be held: its approval request and the answer to give if
/// nobody decides before the deadline.
pub struct Held {
    pub approval_id: String,
    pub deadline_ms: i64,
    /// Tool-shaped, like every answer the approval machinery gives; the
    /// shape turns it into the request's own.
    pub pending: Value,
    pub shape: Shape,
}

/// What kind of answer a held request gives: a tool result, or a read's or
/// a get's own result where a tool error becomes a JSON-RPC error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Tool,
    Entry,
}

impl Shape {
    /// The shape of a request decided by the policy entry (or tool) `name`.
    pub fn of(name: &str) -> Shape {
        if crate::names::is_entry(name) {
            Shape::Entry
        } else {
            Shape::Tool
        }
    }

    /// The request's own answer made of a tool-shaped one.
    pub fn answer(self, tool_shaped: Value) -> Result<Value, RpcError> {
        match self {
            Shape::Tool => Ok(tool_shaped),
            Shape::Entry => crate::entry_approvals::entry_answer(tool_shaped),
        }
    }
}

enum Look {
    Waiting {
        approvals: usize,
        required: i64,
        expires_at: i64,
    },
    Settled(Value),
}

async fn look(call: &Call<'_>, id: &str) -> Result<Look, RpcError> {
    let stored = flow::load(call.env, &call.principal.account_id, id)
        .await
        .map_err(|e| internal(&e))?;
    let q = &stored.request;
    if q.status == Status::Pending {
        return Ok(Look::Waiting {
            approvals: q.approvals(),
            required: q.approvals_required,
            expires_at: q.expires_at,
        });
    }
    // Run exactly once when approved; the rest worded as the status tool
    // words it.
    approvals::settle(call, stored).await.map(Look::Settled)
}

fn pause(env: &Env, deadline: i64) -> u64 {
    (deadline - env.now_ms()).clamp(1, POLL_MS) as u64
}

/// Waits without streaming (the client takes only JSON), looking at least
/// once.
pub async fn wait(call: &Call<'_>, held: Held) -> Result<Value, RpcError> {
    loop {
        if let Look::Settled(v) = look(call, &held.approval_id).await? {
            return held.shape.answer(v);
        }
        let Some(timer) = call.env.timer() else {
            return held.shape.answer(held.pending);
        };
        if call.env.now_ms() >= held.deadline_ms {
            return held.shape.answer(held.pending);
        }
        timer.sleep(pause(call.env, held.deadline_ms)).await;
    }
}

/// The SSE body of a held call: progress events, then the answer.
pub struct HeldStream {
    pub env: Env,
    pub principal: Principal,
    pub request_id: String,
    pub modern: bool,
    pub protocol_version: String,
    pub rpc_id: Value,
    pub progress_token: Option<Value>,
    pub held: Held,
    next_progress_at: i64,
    progress: u64,
    done: bool,
}

impl HeldStream {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: Env,
        principal: Principal,
        request_id: String,
        modern: bool,
        protocol_version: String,
        rpc_id: Value,
        progress_token: Option<Value>,
        held: Held,
    ) -> Self {
        HeldStream {
            env,
            principal,
            request_id,
            modern,
            protocol_version,
            rpc_id,
            progress_token,
            held,
            next_progress_at: 0,
            progress: 0,
            done: false,
        }
    }

    fn progress_event(&mut self, approvals: usize, required: i64, expires_at: i64) -> Bytes {
        self.progress += 1;
        let message = format!(
            "Waiting for human approval: request {} has {approvals} of {required} approval(s) and expires in {} s.",
            self.held.approval_id,
            ((expires_at - self.env.now_ms()) / 1000).max(0)
        );
        match &self.progress_token {
            Some(token) => Bytes::from(sse::message_event(
                &json!({
                    "jsonrpc": "2.0",
                    "method": "notifications/progress",
                    "params": {"progressToken": token, "progress": self.progress, "message": message},
                }),
                None,
            )),
            // No token to report progress against: an SSE comment keeps the
            // connection (and any proxy on the way) alive.
            None => Bytes::from(format!(": {message}\n\n")),
        }
    }

    fn answer(&mut self, result: Result<Value, RpcError>) -> Bytes {
        self.done = true;
        let (_, body) = rpc_body(&self.rpc_id, result, self.modern);
        Bytes::from(sse::message_event(&body, None))
    }
}

#[async_trait::async_trait(?Send)]
impl StreamingBody for HeldStream {
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if self.done {
            return None;
        }
        loop {
            let env = self.env.clone();
            let principal = self.principal.clone();
            let call = Call::new(
                &env,
                &principal,
                self.request_id.clone(),
                self.modern,
                self.protocol_version.clone(),
            );
            let now = env.now_ms();
            match look(&call, &self.held.approval_id).await {
                Err(e) => return Some(self.answer(Err(e))),
                Ok(Look::Settled(v)) => return Some(self.answer(self.held.shape.answer(v))),
                Ok(Look::Waiting { .. }) if now >= self.held.deadline_ms => {
                    let pending = self.held.pending.clone();
                    return Some(self.answer(self.held.shape.answer(pending)));
                }
                Ok(Look::Waiting {
                    approvals,
                    required,
                    expires_at,
                }) if now >= self.next_progress_at => {
                    self.next_progress_at = now + PROGRESS_EVERY_MS;
                    return Some(self.progress_event(approvals, required, expires_at));
                }
                Ok(Look::Waiting { .. }) => {}
            }
            match env.timer() {
                Some(timer) => timer.sleep(pause(&env, self.held.deadline_ms)).await,
                None => {
                    let pending = self.held.pending.clone();
                    return Some(self.answer(self.held.shape.answer(pending)));
                }
            }
        }
    }
}
