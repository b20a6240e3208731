//! An upstream's own requests during a forwarded request (sampling,
//! elicitation, roots), put to the client that made the request.
//!
//! Only where the client can answer: on a session (the answer is a message
//! of the session's), on a request whose answer is an event stream (the
//! question travels on it), natively (a Worker may not wake one request's
//! work from another's), and only for what the client declared in its
//! `initialize`. Anything else is answered for the client with an error, at
//! once, so that the upstream does not wait for an answer that cannot come.

use crate::handler;
use preloop_core::Env;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::mcp::upstream::asks::{self, Ask};
use serde_json::{Value, json};
use std::cell::Cell;
use std::rc::Rc;

/// How long a client has to answer one question: sampling runs a model
/// and elicitation waits for a person, so it is long; past it the upstream
/// is told the client did not answer. The call's own deadline (the
/// server's `timeout_ms`, which covers the whole exchange with the
/// upstream) still holds: a server whose tools ask people needs a long one.
const ANSWER_WAIT_MS: u64 = 10 * 60 * 1000;

/// Questions one forwarded request may put to its client: an upstream that
/// asks without end is refused past it.
const MAX_QUESTIONS: u32 = 64;

/// What the client must have declared for an upstream's request, or why
/// it cannot be put to it at all.
fn needs<'c>(request: &Value, declared: &'c Value) -> Result<&'c Value, String> {
    let method = request
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let capability = match method {
        "sampling/createMessage" => "sampling",
        "elicitation/create" => "elicitation",
        "roots/list" => "roots",
        other => return Err(format!("Preloop does not relay '{other}' to clients")),
    };
    let offered = declared
        .get(capability)
        .filter(|c| c.is_object())
        .ok_or_else(|| format!("the client does not offer {capability}"))?;
    // A URL elicitation needs the client to take URLs; a form one is the
    // default (2025-06-18 clients declare `elicitation: {}`).
    if capability == "elicitation"
        && request.pointer("/params/mode").and_then(Value::as_str) == Some("url")
        && offered.get("url").is_none()
    {
        return Err("the client does not offer URL elicitation".into());
    }
    Ok(offered)
}

/// The response to the upstream's request `upstream_id` made of the
/// client's `answer` (its result or its error, nothing else).
fn response_for(upstream_id: &Value, answer: &Value) -> Value {
    if let Some(result) = answer.get("result") {
        return json!({"jsonrpc": "2.0", "id": upstream_id, "result": result});
    }
    match answer.get("error").filter(|e| e.is_object()) {
        Some(error) => json!({"jsonrpc": "2.0", "id": upstream_id, "error": error}),
        None => refused(
            upstream_id,
            jsonrpc::INTERNAL_ERROR,
            "the client answered with neither a result nor an error",
        ),
    }
}

fn refused(upstream_id: &Value, code: i64, message: impl Into<String>) -> Value {
    jsonrpc::error(Some(upstream_id), &RpcError::new(code, message))
}

/// The asker of one forwarded request on session `session_id`, whose
/// client declared `declared`: each question goes to the client through
/// `relay` (the request's event stream) with an id of Preloop's, and its
/// answer is awaited ([`asks`]). `None` where the client cannot answer.
pub fn asker(
    env: &Env,
    session_id: &str,
    declared: &Value,
    relay: Rc<dyn Fn(Value)>,
) -> Option<Rc<Ask>> {
    // Only natively (the answer may reach another instance's request): no
    // WebAssembly host names an instance, and saying so at compile time
    // leaves this out of the edge builds.
    if cfg!(target_arch = "wasm32") {
        return None;
    }
    env.instance_id()?;
    let env = env.clone();
    let session_id = session_id.to_string();
    let declared = declared.clone();
    let asked = Rc::new(Cell::new(0u32));
    Some(Rc::new(move |request: Value| {
        let env = env.clone();
        let session_id = session_id.clone();
        let declared = declared.clone();
        let relay = relay.clone();
        let asked = asked.clone();
        Box::pin(async move {
            let upstream_id = request.get("id").cloned().unwrap_or(Value::Null);
            if let Err(why) = needs(&request, &declared) {
                return refused(&upstream_id, jsonrpc::METHOD_NOT_FOUND, why);
            }
            asked.set(asked.get() + 1);
            if asked.get() > MAX_QUESTIONS {
                return refused(
                    &upstream_id,
                    jsonrpc::INVALID_REQUEST,
                    format!("more than {MAX_QUESTIONS} requests to the client in one call"),
                );
            }
            let id = json!(format!(
                "preloop-{}",
                preloop_core::ids::random_hex(env.random(), 16)
            ));
            let question = asks::pose(&handler::client_request(&session_id, &id));
            let mut put = request;
            put["id"] = id.clone();
            relay(put);
            // However the wait ends without an answer (the call cancelled or
            // timed out, the question past its time), the client is told the
            // question is withdrawn.
            let mut withdraw = Withdraw {
                relay: relay.clone(),
                id: Some(id.clone()),
            };
            let answered = question.answered();
            let answer = match env.timer() {
                Some(timer) => {
                    let wait = std::pin::pin!(timer.sleep(ANSWER_WAIT_MS));
                    match futures_util::future::select(std::pin::pin!(answered), wait).await {
                        futures_util::future::Either::Left((answer, _)) => Some(answer),
                        futures_util::future::Either::Right(_) => None,
                    }
                }
                None => Some(answered.await),
            };
            match answer {
                Some(answer) => {
                    withdraw.id = None;
                    response_for(&upstream_id, &answer)
                }
                None => refused(
                    &upstream_id,
                    jsonrpc::INTERNAL_ERROR,
                    format!(
                        "the client did not answer within {} s",
                        ANSWER_WAIT_MS / 1000
                    ),
                ),
            }
        })
    }))
}

/// Tells the client a question put to it is withdrawn, unless it was
/// answered (`id` taken).
struct Withdraw {
    relay: Rc<dyn Fn(Value)>,
    id: Option<Value>,
}

impl Drop for Withdraw {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            (self.relay)(jsonrpc::notification(
                "notifications/cancelled",
                json!({"requestId": id, "reason": "the question was withdrawn"}),
            ));
        }
    }
}

/// A client's response on session `session_id`: the answer to a question
/// put to it, if one waits here (else dropped: nothing asked for it).
pub fn answered(session_id: &str, message: Value) {
    let Some(id) = message.get("id") else {
        return;
    };
    let key = handler::client_request(session_id, id);
    if !asks::answer(&key, message) {
        tracing::debug!("a client's response answered nothing waiting");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_goes_only_to_a_client_that_offers_what_it_needs() {
        let sampling = json!({"method": "sampling/createMessage", "id": 1});
        let url = json!({"method": "elicitation/create", "id": 2, "params": {"mode": "url"}});
        let form = json!({"method": "elicitation/create", "id": 3, "params": {}});
        let declared = json!({"sampling": {}, "elicitation": {}});
        assert!(needs(&sampling, &declared).is_ok());
        assert!(needs(&form, &declared).is_ok());
        assert_eq!(
            needs(&url, &declared).unwrap_err(),
            "the client does not offer URL elicitation"
        );
        assert!(needs(&url, &json!({"elicitation": {"url": {}}})).is_ok());
        assert_eq!(
            needs(&sampling, &Value::Null).unwrap_err(),
            "the client does not offer sampling"
        );
        assert!(needs(&json!({"method": "tools/call", "id": 4}), &declared).is_err());
    }

    #[test]
    fn the_upstream_gets_the_clients_result_or_error_under_its_own_id() {
        let r = response_for(&json!(7), &json!({"id": "preloop-x", "result": {"a": 1}}));
        assert_eq!(r, json!({"jsonrpc": "2.0", "id": 7, "result": {"a": 1}}));
        let e = response_for(
            &json!("u"),
            &json!({"id": "preloop-x", "error": {"code": -1, "message": "no"}}),
        );
        assert_eq!(e["id"], "u");
        assert_eq!(e["error"]["message"], "no");
        assert_eq!(
            response_for(&json!(1), &json!({"id": 1}))["error"]["code"],
            jsonrpc::INTERNAL_ERROR
        );
    }
}
