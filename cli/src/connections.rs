//! Bounds on client connections: how many may be open, how long a client
//! may take to send a request's headers, and how long an idle keep-alive
//! connection is kept. Without them a few hundred half-sent requests hold
//! every file descriptor and nothing else is served.
//!
//! Each connection has a watchdog beside hyper. The socket is wrapped so
//! reads are seen; the service says when a request starts and ends. With no
//! request in progress, a connection that has started sending one must
//! finish its headers within the header timeout, and one that sends nothing
//! is closed after the idle timeout (a new connection: the header timeout).
//! Requests in progress are never cut off by these timers: their own bounds
//! (body timeout, upstream timeouts, the approval hold) apply.
//!
//! At the cap, a new connection takes the place of the longest-waiting
//! connection that has no request in progress (half-sent or idle), on the
//! same worker; only when every connection is busy is it answered 503. So a
//! flood of connections that never finish a request cannot keep anyone else
//! out: it only churns itself.

use std::cell::{Cell, RefCell};
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;

#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub body_timeout: Duration,
    /// Bodies larger than this are read only after the key is checked.
    pub unauthenticated_body_bytes: usize,
}

/// Open connections across every worker thread.
#[derive(Clone, Default)]
pub struct ConnectionCount(Arc<AtomicUsize>);

impl ConnectionCount {
    /// A slot for one more connection, or `None` at the cap.
    pub fn admit(&self, max: usize) -> Option<Slot> {
        self.admit_within(max)
    }

    /// A slot beyond the cap, for a connection that evicted another (whose
    /// slot frees as soon as it closes).
    pub fn admit_evicting(&self) -> Slot {
        self.0.fetch_add(1, Ordering::AcqRel);
        Slot(self.0.clone())
    }

    fn admit_within(&self, max: usize) -> Option<Slot> {
        let mut current = self.0.load(Ordering::Relaxed);
        loop {
            if current >= max {
                return None;
            }
            match self.0.compare_exchange_weak(
                current,
                current + 1,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(Slot(self.0.clone())),
                Err(now) => current = now,
            }
        }
    }
}

/// Frees its connection's place when dropped.
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers a connection over the cap with a 503 and closes it, instead of
/// leaving it in the kernel's backlog or failing to accept.
pub async fn refuse(mut stream: TcpStream) {
    let body =
        br#"{"error":{"code":"unavailable","message":"too many connections; retry shortly"}}"#;
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let write = async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

/// What the watchdog needs to know about one connection.
pub struct Activity {
    in_request: Cell<u32>,
    /// When the connection became idle (accepted, or its last request ended).
    idle_since: Cell<Instant>,
    /// When bytes of a next request first arrived while idle.
    head_started: Cell<Option<Instant>>,
    fresh: Cell<bool>,
    /// Since when a request's body has been read (before its key is known
    /// to be good, a body read is no more deserving than idling).
    reading_body: Cell<Option<Instant>>,
    evicted: Cell<bool>,
    wake: tokio::sync::Notify,
}

impl Activity {
    pub fn new() -> Rc<Activity> {
        Rc::new(Activity {
            in_request: Cell::new(0),
            idle_since: Cell::new(Instant::now()),
            head_started: Cell::new(None),
            fresh: Cell::new(true),
            reading_body: Cell::new(None),
            evicted: Cell::new(false),
            wake: tokio::sync::Notify::new(),
        })
    }
    /// Since when the connection has been waiting without a request in
    /// progress, if it is: what eviction orders by.
    fn waiting_since(&self) -> Option<Instant> {
        if self.evicted.get() {
            return None;
        }
        if self.in_request.get() > 0 {
            return self.reading_body.get();
        }
        Some(match self.head_started.get() {
            Some(t) => t.min(self.idle_since.get()),
            None => self.idle_since.get(),
        })
    }
    fn evict(&self) {
        self.evicted.set(true);
        self.wake.notify_one();
    }
    /// A request's headers have arrived; the service has it until the
    /// returned guard is dropped (after its response body, streamed or not).
    pub fn request_started(self: &Rc<Self>) -> InRequest {
        self.in_request.set(self.in_request.get() + 1);
        self.head_started.set(None);
        self.fresh.set(false);
        InRequest(self.clone())
    }
    fn request_ended(&self) {
        self.in_request.set(self.in_request.get().saturating_sub(1));
        self.reading_body.set(None);
        self.idle_since.set(Instant::now());
    }
    fn saw_bytes(&self) {
        if self.in_request.get() == 0 && self.head_started.get().is_none() {
            self.head_started.set(Some(Instant::now()));
        }
    }
    /// Why the connection should be closed now, if it should.
    pub fn expired(&self, limits: &ConnectionLimits) -> Option<&'static str> {
        if self.evicted.get() {
            return Some("evicted for a new connection at the cap");
        }
        if self.in_request.get() > 0 {
            return None;
        }
        match self.head_started.get() {
            Some(t) if t.elapsed() > limits.header_timeout => Some("headers not sent in time"),
            Some(_) => None,
            None if self.fresh.get() && self.idle_since.get().elapsed() > limits.header_timeout => {
                Some("no request sent")
            }
            None if self.idle_since.get().elapsed() > limits.idle_timeout => Some("idle"),
            None => None,
        }
    }
}

/// One request on a connection, from its headers to the end of its
/// response body.
pub struct InRequest(Rc<Activity>);

impl InRequest {
    /// Marks the body as being read (evictable at the cap) or read.
    pub fn reading_body(&self, reading: bool) {
        self.0.reading_body.set(reading.then(Instant::now));
    }
}

impl Drop for InRequest {
    fn drop(&mut self) {
        self.0.request_ended();
    }
}

/// The client socket, telling its connection's [`Activity`] when bytes come.
pub struct WatchedStream {
    inner: TcpStream,
    activity: Rc<Activity>,
}

impl WatchedStream {
    pub fn new(inner: TcpStream, activity: Rc<Activity>) -> Self {
        WatchedStream { inner, activity }
    }
}

impl AsyncRead for WatchedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.saw_bytes();
        }
        polled
    }
}

impl AsyncWrite for WatchedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Resolves when the connection should be closed by its watchdog.
pub async fn watchdog(activity: Rc<Activity>, limits: ConnectionLimits) -> &'static str {
    let tick = Duration::from_millis(250);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = activity.wake.notified() => {}
        }
        if let Some(why) = activity.expired(&limits) {
            return why;
        }
    }
}

/// One worker's open connections, for eviction at the cap.
#[derive(Default)]
pub struct Registry {
    open: RefCell<Vec<std::rc::Weak<Activity>>>,
}

impl Registry {
    pub fn add(&self, a: &Rc<Activity>) {
        let mut open = self.open.borrow_mut();
        open.retain(|w| w.strong_count() > 0);
        open.push(Rc::downgrade(a));
    }
    /// Evicts the connection that has waited longest without a request in
    /// progress; false when every connection is busy.
    pub fn evict_one(&self) -> bool {
        let open = self.open.borrow();
        let victim = open
            .iter()
            .filter_map(|w| w.upgrade())
            .filter_map(|a| a.waiting_since().map(|t| (t, a)))
            .min_by_key(|(t, _)| *t);
        match victim {
            Some((_, a)) => {
                a.evict();
                true
            }
            None => false,
        }
    }
}

/// Raises this process's open-file limit to the hard limit, and returns
/// the connection cap that leaves room under it for the store, upstream
/// connections and the listener.
pub fn fit_cap(wanted: usize) -> usize {
    const RESERVED: u64 = 128;
    let limit = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let room = limit.saturating_sub(RESERVED).max(16) as usize;
    if room < wanted {
        tracing::warn!(
            open_files = limit,
            cap = room,
            "the open-file limit only allows {room} connections; raise it (ulimit -n) for more"
        );
    }
    wanted.min(room)
}

/// A log line at most every ten seconds for a repeated failure (accept
/// errors under descriptor exhaustion would otherwise fill the log).
pub struct Throttled {
    last: Cell<Option<Instant>>,
    suppressed: Cell<u64>,
}

impl Throttled {
    pub fn new() -> Self {
        Throttled {
            last: Cell::new(None),
            suppressed: Cell::new(0),
        }
    }
    /// `Some(n)` when a line may be written, with how many were skipped.
    pub fn allow(&self) -> Option<u64> {
        let now = Instant::now();
        match self.last.get() {
            Some(t) if now.duration_since(t) < Duration::from_secs(10) => {
                self.suppressed.set(self.suppressed.get() + 1);
                None
            }
            _ => {
                self.last.set(Some(now));
                Some(self.suppressed.replace(0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ConnectionLimits {
        ConnectionLimits {
            max_connections: 2,
            header_timeout: Duration::from_millis(50),
            idle_timeout: Duration::from_millis(200),
            body_timeout: Duration::from_secs(1),
            unauthenticated_body_bytes: 1,
        }
    }

    #[test]
    fn the_cap_admits_and_frees() {
        let count = ConnectionCount::default();
        let a = count.admit(2);
        let b = count.admit(2);
        assert!(a.is_some() && b.is_some());
        assert!(count.admit(2).is_none());
        drop(a);
        assert!(count.admit(2).is_some());
    }

    #[test]
    fn timers_apply_only_between_requests() {
        let l = limits();
        let a = Activity::new();
        assert_eq!(a.expired(&l), None);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(a.expired(&l), Some("no request sent"));
        let request = a.request_started();
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(a.expired(&l), None, "a request in progress is never cut");
        drop(request);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(a.expired(&l), None, "idle, within the idle timeout");
        a.saw_bytes();
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(a.expired(&l), Some("headers not sent in time"));
        drop(a.request_started());
        std::thread::sleep(Duration::from_millis(210));
        assert_eq!(a.expired(&l), Some("idle"));
    }

    #[test]
    fn eviction_takes_the_longest_waiting_idle_connection() {
        let registry = Registry::default();
        let (busy, old, young) = (Activity::new(), Activity::new(), Activity::new());
        let _busy = busy.request_started();
        let reading = Activity::new();
        let body = reading.request_started();
        std::thread::sleep(Duration::from_millis(5));
        drop(young.request_started());
        for a in [&busy, &old, &young] {
            registry.add(a);
        }
        assert!(registry.evict_one());
        assert!(old.evicted.get() && !young.evicted.get() && !busy.evicted.get());
        assert!(registry.evict_one());
        assert!(young.evicted.get());
        assert!(!registry.evict_one(), "busy connections are never evicted");
        // A request still sending its body (key not yet checked) can be.
        registry.add(&reading);
        body.reading_body(true);
        assert!(registry.evict_one());
        assert!(reading.evicted.get());
    }
}
