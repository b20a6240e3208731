//! A client's `notifications/cancelled` for a request Preloop forwarded.
//!
//! The notification arrives as a request of its own, which a native host
//! may serve on another thread than the forwarded request's, so the
//! requests a client may cancel are kept in one registry per process (per
//! isolate at the edge, where a cancellation that reaches another isolate
//! finds nothing, as the protocol allows: cancellation is best effort). The
//! forwarded request waits on its [`Cancellation`] beside the upstream's
//! answer; when it fires, the upstream is told (`notifications/cancelled`
//! with the upstream's own request id) and the request ends.

use futures_util::task::AtomicWaker;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::task::{Context, Poll};

/// The cancellation of one forwarded request: set once, from any thread.
#[derive(Default)]
pub struct Cancellation {
    set: AtomicBool,
    waker: AtomicWaker,
    reason: Mutex<Option<String>>,
}

impl Cancellation {
    fn cancel(&self, reason: Option<String>) {
        *self.reason.lock().unwrap_or_else(PoisonError::into_inner) = reason;
        self.set.store(true, Ordering::Release);
        self.waker.wake();
    }

    /// Why the client cancelled, when it said.
    pub fn reason(&self) -> Option<String> {
        self.reason
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Resolves once the client has cancelled.
    pub fn cancelled(&self) -> Cancelled<'_> {
        Cancelled(self)
    }
}

/// See [`Cancellation::cancelled`].
pub struct Cancelled<'a>(&'a Cancellation);

impl Future for Cancelled<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Registered before the second look, so a cancel between the two
        // still wakes this task.
        if self.0.set.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        self.0.waker.register(cx.waker());
        if self.0.set.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// The forwarded requests of this process that a client may cancel, by the
/// client request's key (its session and JSON-RPC id).
static IN_FLIGHT: LazyLock<Mutex<HashMap<String, Arc<Cancellation>>>> =
    LazyLock::new(Default::default);

fn in_flight() -> std::sync::MutexGuard<'static, HashMap<String, Arc<Cancellation>>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A forwarded request's place in the registry, removed when it is dropped
/// (the request ended, however it ended).
pub struct Registration {
    key: String,
    cancellation: Arc<Cancellation>,
}

impl Registration {
    pub fn cancellation(&self) -> &Cancellation {
        &self.cancellation
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut map = in_flight();
        // Only our own entry: a client that reused the id meanwhile has its
        // own.
        if map
            .get(&self.key)
            .is_some_and(|c| Arc::ptr_eq(c, &self.cancellation))
        {
            map.remove(&self.key);
        }
    }
}

/// Registers the forwarded request the client knows as `key`.
pub fn register(key: &str) -> Registration {
    let cancellation = Arc::new(Cancellation::default());
    in_flight().insert(key.to_string(), cancellation.clone());
    Registration {
        key: key.to_string(),
        cancellation,
    }
}

/// Cancels the forwarded request the client knows as `key`; false when
/// none is in flight here.
pub fn cancel(key: &str, reason: Option<String>) -> bool {
    let found = in_flight().get(key).cloned();
    match found {
        Some(c) => {
            c.cancel(reason);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_reaches_the_registered_request_and_only_while_it_runs() {
        let r = register("s1 7");
        assert!(!cancel("s1 8", None), "another id is not this request");
        assert!(cancel("s1 7", Some("user pressed stop".into())));
        futures_executor::block_on(r.cancellation().cancelled());
        assert_eq!(
            r.cancellation().reason().as_deref(),
            Some("user pressed stop")
        );
        drop(r);
        assert!(!cancel("s1 7", None), "gone once the request ended");
    }

    #[test]
    fn a_cancel_from_another_thread_wakes_the_waiting_request() {
        let r = register("s2 1");
        let t = std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            cancel("s2 1", None)
        });
        futures_executor::block_on(r.cancellation().cancelled());
        assert!(t.join().unwrap());
    }
}
