//! An upstream's own requests during a request Preloop forwarded to it
//! (sampling, elicitation, roots), put to the client that made the request.
//!
//! The question goes to the client on its request's event stream; the
//! client answers with a message of its own, a POST that a native host may
//! serve on another thread. So the questions waiting for an answer are kept
//! in one registry per process, by the client's session and the id Preloop
//! gave the question (random, so that no one else can answer it).

use futures_util::task::AtomicWaker;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::task::{Context, Poll};

/// Puts an upstream's request to the client and resolves to the response
/// message for the upstream (its own id, the client's result or error).
pub type Ask = dyn Fn(Value) -> Pin<Box<dyn Future<Output = Value>>>;

/// Where one question's answer lands: set once, from any thread.
#[derive(Default)]
struct Slot {
    answer: Mutex<Option<Value>>,
    waker: AtomicWaker,
}

static WAITING: LazyLock<Mutex<HashMap<String, Arc<Slot>>>> = LazyLock::new(Default::default);

fn waiting() -> std::sync::MutexGuard<'static, HashMap<String, Arc<Slot>>> {
    WAITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A question put to a client, in the registry until it is dropped.
pub struct Question {
    key: String,
    slot: Arc<Slot>,
}

impl Question {
    /// Resolves to the client's response message.
    pub fn answered(&self) -> Answered<'_> {
        Answered(&self.slot)
    }
}

impl Drop for Question {
    fn drop(&mut self) {
        let mut map = waiting();
        if map
            .get(&self.key)
            .is_some_and(|s| Arc::ptr_eq(s, &self.slot))
        {
            map.remove(&self.key);
        }
    }
}

/// See [`Question::answered`].
pub struct Answered<'a>(&'a Slot);

impl Future for Answered<'_> {
    type Output = Value;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Value> {
        let take = || {
            self.0
                .answer
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
        };
        if let Some(answer) = take() {
            return Poll::Ready(answer);
        }
        // Registered before the second look, so an answer between the two
        // still wakes this task.
        self.0.waker.register(cx.waker());
        match take() {
            Some(answer) => Poll::Ready(answer),
            None => Poll::Pending,
        }
    }
}

/// Registers the question the client will answer as `key`.
pub fn pose(key: &str) -> Question {
    let slot = Arc::new(Slot::default());
    waiting().insert(key.to_string(), slot.clone());
    Question {
        key: key.to_string(),
        slot,
    }
}

/// Hands the client's response `message` to the question it answers;
/// false when no question of that key waits here (answered already, given
/// up on, or never asked).
pub fn answer(key: &str, message: Value) -> bool {
    let Some(slot) = waiting().remove(key) else {
        return false;
    };
    *slot.answer.lock().unwrap_or_else(PoisonError::into_inner) = Some(message);
    slot.waker.wake();
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_answer_reaches_its_question_once_and_from_another_thread() {
        let q = pose("s1 \"q1\"");
        assert!(
            !answer("s1 \"q2\"", json!({})),
            "another id is not this question"
        );
        let t = std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            answer("s1 \"q1\"", json!({"result": {"ok": true}}))
        });
        let got = futures_executor::block_on(q.answered());
        assert_eq!(got["result"]["ok"], true);
        assert!(t.join().unwrap());
        assert!(
            !answer("s1 \"q1\"", json!({})),
            "a question is answered once"
        );
    }

    #[test]
    fn a_question_given_up_on_takes_no_answer() {
        drop(pose("s2 1"));
        assert!(!answer("s2 1", json!({})));
    }
}
