//! Resource subscriptions: the URIs a client wants to hear are updated.
//!
//! A handshake-era client subscribes with `resources/subscribe` on its
//! session, and hears the updates on its session's stream; a 2026-07-28
//! client names the URIs in its `subscriptions/listen` request. Either way
//! the URIs are an [`Interest`], which the client's stream
//! ([`crate::upstream_notes`]) turns into subscriptions upstream.
//!
//! A session's interest is kept in memory by the process that serves its
//! streams (natively; at the edge nothing is subscribed, and the method is
//! not offered). Subscribing is governed like a read: the URI's
//! `resources:<server>` rules must allow it.

use crate::catalog;
use crate::guarded;
use crate::handler::Call;
use crate::names::{resources_entry, route_uri};
use futures_util::task::AtomicWaker;
use preloop_core::mcp::jsonrpc::{self, RpcError};
use preloop_core::policy::Action;
use preloop_core::store::servers::McpServer;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::task::{Context, Poll};

/// URIs one session may subscribe to, and how long one may be.
const MAX_URIS: usize = 1_000;
pub const MAX_URI_BYTES: usize = 2048;
/// Sessions with subscriptions one process keeps.
const MAX_SESSIONS: usize = 100_000;

/// The resource URIs (as the client knows them) a client stream wants
/// updates of, and a signal when they change.
#[derive(Default)]
pub struct Interest {
    uris: Mutex<BTreeSet<String>>,
    changed: AtomicBool,
    waker: AtomicWaker,
}

impl Interest {
    /// An interest that never changes (a `subscriptions/listen` request's).
    pub fn fixed(uris: impl IntoIterator<Item = String>) -> Arc<Interest> {
        Arc::new(Interest {
            uris: Mutex::new(uris.into_iter().take(MAX_URIS).collect()),
            ..Default::default()
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.uris.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn uris(&self) -> BTreeSet<String> {
        self.lock().clone()
    }

    pub fn contains(&self, uri: &str) -> bool {
        self.lock().contains(uri)
    }

    fn touch(&self) {
        self.changed.store(true, Ordering::Release);
        self.waker.wake();
    }

    /// Resolves once the URIs changed since the last time it resolved.
    pub fn changed(&self) -> Changed<'_> {
        Changed(self)
    }
}

/// See [`Interest::changed`].
pub struct Changed<'a>(&'a Interest);

impl Future for Changed<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.changed.swap(false, Ordering::AcqRel) {
            return Poll::Ready(());
        }
        self.0.waker.register(cx.waker());
        if self.0.changed.swap(false, Ordering::AcqRel) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

static SESSIONS: LazyLock<Mutex<HashMap<String, Arc<Interest>>>> = LazyLock::new(Default::default);

fn sessions() -> std::sync::MutexGuard<'static, HashMap<String, Arc<Interest>>> {
    SESSIONS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The interest of session `session_id` (empty until it subscribes);
/// `None` when this process keeps too many. At the limit, the interests no
/// stream holds (sessions gone quiet, or gone) make room.
pub fn of_session(session_id: &str) -> Option<Arc<Interest>> {
    let mut all = sessions();
    if let Some(i) = all.get(session_id) {
        return Some(i.clone());
    }
    if all.len() >= MAX_SESSIONS {
        all.retain(|_, i| Arc::strong_count(i) > 1);
    }
    if all.len() >= MAX_SESSIONS {
        return None;
    }
    let interest = Arc::new(Interest::default());
    all.insert(session_id.to_string(), interest.clone());
    Some(interest)
}

/// Forgets a session's subscriptions (it ended).
pub fn forget(session_id: &str) {
    sessions().remove(session_id);
}

fn uri_of(params: &Value, method: &str) -> Result<String, RpcError> {
    params
        .get("uri")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| {
            RpcError::new(
                jsonrpc::INVALID_PARAMS,
                format!("{method} needs a string 'uri'"),
            )
        })
}

/// `resources/subscribe` on session `session_id`: the URI must be one of
/// a server's, and readable by the caller without approval.
pub async fn subscribe(
    call: &Call<'_>,
    session_id: &str,
    params: &Value,
) -> Result<Value, RpcError> {
    let uri = uri_of(params, "resources/subscribe")?;
    allowed(call, &uri, true).await?;
    let interest = of_session(session_id).ok_or_else(too_many)?;
    {
        let mut uris = interest.lock();
        if !uris.contains(&uri) && uris.len() >= MAX_URIS {
            return Err(RpcError::new(
                jsonrpc::INVALID_PARAMS,
                format!("a session may subscribe to at most {MAX_URIS} resources"),
            ));
        }
        uris.insert(uri);
    }
    interest.touch();
    Ok(json!({}))
}

/// Whether the caller may subscribe to `uri` (or hear of it): it is a
/// resource of a server that takes subscriptions, and the caller's rules
/// allow reading it without approval. A `request` (a client's
/// `resources/subscribe`) passes the call guards too, and its refusal is
/// audited; a subscription's URIs and updates are only decided.
pub async fn allowed(call: &Call<'_>, uri: &str, request: bool) -> Result<(), RpcError> {
    let servers = catalog::offering(call, "resources").await?;
    allowed_among(call, &servers, uri, request).await
}

/// [`allowed`], among `servers` (the account's enabled servers offering
/// resources, as a caller that has them already found them).
pub async fn allowed_among(
    call: &Call<'_>,
    servers: &[McpServer],
    uri: &str,
    request: bool,
) -> Result<(), RpcError> {
    if uri.len() > MAX_URI_BYTES {
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("a resource URI is at most {MAX_URI_BYTES} bytes"),
        ));
    }
    let Some((server, own_uri)) = route_uri(servers, uri) else {
        let mut e = RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("Resource not found: {uri}"),
        );
        e.data = Some(json!({ "uri": uri }));
        return Err(e);
    };
    let entry = resources_entry(&server.name);
    let seen = json!({ "uri": own_uri });
    if !server.declares("/resources/subscribe") {
        return Err(RpcError::new(
            jsonrpc::INVALID_PARAMS,
            format!("server '{}' takes no resource subscriptions", server.name),
        ));
    }
    if !request {
        let decision = guarded::policy_decision(call, server, &entry, &seen).await?;
        if decision.action != Action::Allow {
            return Err(RpcError::new(jsonrpc::FORBIDDEN, "not allowed"));
        }
        return Ok(());
    }
    let decision = guarded::decide(call, server, &entry, &seen).await?;
    if decision.action != Action::Allow {
        return Err(guarded::refuse(
            call,
            server,
            &entry,
            &seen,
            &decision,
            "resources/subscribe",
        )
        .await);
    }
    Ok(())
}

/// `resources/unsubscribe` on session `session_id` (a URI it never
/// subscribed to is no error).
pub fn unsubscribe(session_id: &str, params: &Value) -> Result<Value, RpcError> {
    let uri = uri_of(params, "resources/unsubscribe")?;
    let found = sessions().get(session_id).cloned();
    if let Some(interest) = found
        && interest.lock().remove(&uri)
    {
        interest.touch();
    }
    Ok(json!({}))
}

fn too_many() -> RpcError {
    RpcError::new(
        jsonrpc::INTERNAL_ERROR,
        "this instance keeps no more subscriptions; try again later",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_is_heard_once_and_unsubscribing_forgets_the_uri() {
        let interest = of_session("sess-t1").unwrap();
        interest.lock().insert("preloop://docs/a".into());
        interest.touch();
        interest.changed().await;
        assert!(interest.contains("preloop://docs/a"));
        unsubscribe("sess-t1", &json!({"uri": "preloop://docs/a"})).unwrap();
        interest.changed().await;
        assert!(interest.uris().is_empty());
        assert!(unsubscribe("sess-t1", &json!({})).is_err());
        forget("sess-t1");
        assert!(!Arc::ptr_eq(&interest, &of_session("sess-t1").unwrap()));
        forget("sess-t1");
    }
}
