//! Relaying what an upstream says about a request before it answers it
//! (`notifications/progress`, `notifications/message`) to the client that
//! asked, as it arrives.
//!
//! The answer stays JSON unless there is something to relay: the request
//! runs, and only if a notification arrives before its answer does the
//! response become an event stream, carrying the notifications as they come
//! and then the answer. So a request whose upstream says nothing first (most
//! of them) costs what it did, and one that reports progress is heard live.
//! Only clients that accept `text/event-stream` are relayed to. An
//! upstream's own requests to the client ([`crate::asks`]) travel the same
//! way.

use crate::handler::{self, Call};
use crate::hold::Held;
use crate::streamable_http::rpc_body;
use bytes::Bytes;
use futures_util::future::{Either, select};
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::http::{AfterResponse, StreamingBody};
use preloop_core::mcp::jsonrpc::RpcError;
use preloop_core::mcp::sse;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The methods whose answers come from an upstream, which may speak first.
pub fn relays(method: &str) -> bool {
    matches!(
        method,
        "tools/call" | "resources/read" | "prompts/get" | "completion/complete"
    )
}

/// Log levels from least to most severe (RFC 5424, as MCP names them).
pub const LEVELS: [&str; 8] = [
    "debug",
    "info",
    "notice",
    "warning",
    "error",
    "critical",
    "alert",
    "emergency",
];

fn severity(level: &str) -> Option<usize> {
    LEVELS.iter().position(|l| *l == level)
}

/// Notifications waiting to be sent, and who waits for them.
#[derive(Default)]
pub struct Notes {
    queue: VecDeque<Value>,
    waker: Option<Waker>,
}

pub type Shared = Rc<RefCell<Notes>>;

/// The relay a request's upstream calls with each notification: log
/// messages less severe than the session's level (`logging/setLevel`) are
/// dropped, the rest queued for the client.
pub fn relay(notes: &Shared, min_level: Option<&str>) -> Rc<dyn Fn(Value)> {
    let notes = notes.clone();
    let floor = min_level.and_then(severity);
    Rc::new(move |note: Value| {
        if let Some(floor) = floor
            && note.get("method").and_then(Value::as_str) == Some("notifications/message")
        {
            let level = note
                .pointer("/params/level")
                .and_then(Value::as_str)
                .and_then(severity);
            if level.is_none_or(|l| l < floor) {
                return;
            }
        }
        let mut n = notes.borrow_mut();
        n.queue.push_back(note);
        if let Some(w) = n.waker.take() {
            w.wake();
        }
    })
}

/// Resolves once a notification is waiting.
struct Arrival<'a>(&'a Shared);

impl Future for Arrival<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut n = self.0.borrow_mut();
        if n.queue.is_empty() {
            n.waker = Some(cx.waker().clone());
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

/// What a request came to.
pub struct Finished {
    pub result: Result<Value, RpcError>,
    pub held: Option<Held>,
    pub after: Vec<AfterResponse>,
}

pub type Work = Pin<Box<dyn Future<Output = Finished>>>;

/// Runs `method` as its own future (so that it can outlive the handler
/// that started it, inside a stream), with `relay` (and `ask`, see
/// [`crate::asks`]) for its upstream.
#[allow(clippy::too_many_arguments)]
pub fn work(
    env: Env,
    principal: Principal,
    request_id: String,
    modern: bool,
    protocol_version: String,
    client_request: Option<String>,
    method: String,
    params: Value,
    relay: Rc<dyn Fn(Value)>,
    ask: Option<Rc<preloop_core::mcp::upstream::asks::Ask>>,
) -> Work {
    Box::pin(async move {
        let call = Call {
            after: Some(Default::default()),
            client_request,
            relay: Some(relay),
            ask,
            progress_token: handler::progress_token(&params),
            ..Call::new(&env, &principal, request_id, modern, protocol_version)
        };
        let result = handler::dispatch(&call, &method, &params).await;
        Finished {
            result,
            held: call.held.take(),
            after: call.after.as_ref().map(|a| a.take()).unwrap_or_default(),
        }
    })
}

/// The request's answer, if it came before anything to relay; else the
/// request still running, to be streamed.
pub async fn first(work: Work, notes: &Shared) -> Either<Finished, Work> {
    match select(work, Arrival(notes)).await {
        // The work may have relayed and finished in one poll (a stdio
        // server's progress and answer read together): what it relayed
        // still goes first, on a stream.
        Either::Left((finished, _)) if !notes.borrow().queue.is_empty() => {
            Either::Right(Box::pin(std::future::ready(finished)))
        }
        Either::Left((finished, _)) => Either::Left(finished),
        Either::Right(((), work)) => Either::Right(work),
    }
}

/// The event stream of a request that had something to relay: the
/// notifications as they come, then the answer.
pub struct LiveStream {
    work: Option<Work>,
    notes: Shared,
    rpc_id: Value,
    modern: bool,
    answered: bool,
}

impl LiveStream {
    pub fn new(work: Work, notes: Shared, rpc_id: Value, modern: bool) -> Self {
        LiveStream {
            work: Some(work),
            notes,
            rpc_id,
            modern,
            answered: false,
        }
    }

    fn pop(&self) -> Option<Value> {
        self.notes.borrow_mut().queue.pop_front()
    }
}

#[async_trait::async_trait(?Send)]
impl StreamingBody for LiveStream {
    async fn next_chunk(&mut self) -> Option<Bytes> {
        loop {
            if let Some(note) = self.pop() {
                return Some(Bytes::from(sse::message_event(&note, None)));
            }
            if self.answered {
                return None;
            }
            let work = self.work.as_mut()?;
            let finished = match select(work.as_mut(), Arrival(&self.notes)).await {
                Either::Left((finished, _)) => finished,
                Either::Right(((), _)) => continue,
            };
            self.work = None;
            // The record is completed before the answer goes: a stream has
            // no "after" of its own.
            for after in finished.after {
                after.await;
            }
            let result = match (finished.result, finished.held) {
                // A call that opened an approval request answers with its
                // handle here (it was relayed to, so it went upstream: only
                // an approved call run by the status tool can).
                (Ok(_), Some(held)) => held.shape.answer(held.pending),
                (result, _) => result,
            };
            // Notifications that came with the answer go before it.
            let mut out = Vec::new();
            while let Some(note) = self.pop() {
                out.extend_from_slice(sse::message_event(&note, None).as_bytes());
            }
            let (_, body) = rpc_body(&self.rpc_id, result, self.modern);
            out.extend_from_slice(sse::message_event(&body, None).as_bytes());
            self.answered = true;
            return Some(Bytes::from(out));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answered_after(relay: Rc<dyn Fn(Value)>) -> Work {
        Box::pin(async move {
            relay(json!({"method": "notifications/progress", "params": {"progress": 1}}));
            Finished {
                result: Ok(json!({"content": []})),
                held: None,
                after: Vec::new(),
            }
        })
    }

    #[tokio::test]
    async fn what_is_relayed_in_the_answers_own_poll_still_goes_first() {
        let notes = Shared::default();
        let work = answered_after(relay(&notes, None));
        let Either::Right(work) = first(work, &notes).await else {
            panic!("a relayed note was dropped for a JSON answer");
        };
        let mut stream = LiveStream::new(work, notes, json!(1), false);
        let mut body = Vec::new();
        while let Some(chunk) = stream.next_chunk().await {
            body.extend_from_slice(&chunk);
        }
        let body = String::from_utf8(body).unwrap();
        let progress = body.find("notifications/progress").unwrap();
        let answer = body.find("\"result\"").unwrap();
        assert!(progress < answer, "{body}");
    }

    #[tokio::test]
    async fn an_answer_with_nothing_relayed_stays_json() {
        let notes = Shared::default();
        let work: Work = Box::pin(async {
            Finished {
                result: Ok(json!({})),
                held: None,
                after: Vec::new(),
            }
        });
        assert!(matches!(first(work, &notes).await, Either::Left(_)));
    }
}
