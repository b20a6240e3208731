//! What upstreams say outside requests, heard for one client stream (a
//! session's GET stream, or a `subscriptions/listen`), natively.
//!
//! The stream keeps a [`Watch`] on each of the account's Streamable HTTP
//! upstreams that declared something to hear (list changes, resource
//! subscriptions): reopened with backoff when it drops, left alone for good
//! when the upstream serves no stream (405). What is heard:
//! - `tools/list_changed`: the server is scanned again (at most every few
//!   seconds), which moves the policy version; the stream then compares
//!   what its caller may list and tells it if that changed;
//! - `resources/list_changed`, `prompts/list_changed`: passed on when the
//!   client wants them;
//! - `resources/updated`: passed on, its URI namespaced, when the client
//!   subscribed to that URI (the client's [`Interest`], kept in step with
//!   subscriptions on each watch's session).
//!
//! A stdio server needs no session of its own: its one process (the
//! account's) is heard through the host ([`preloop_core::ports::Processes::hear`]),
//! and subscribed on like any request. Legacy SSE upstreams are not watched:
//! their notifications outside requests are not heard yet.

use crate::handler::Call;
use crate::names::{exposed_uri, route_uri};
use crate::subscriptions::{self, Interest};
use futures_util::future::{Either, select, select_all};
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::mcp::upstream::watch::{self, Watch};
use preloop_core::mcp::upstream::{self, Target, Transport, UpstreamError};
use preloop_core::ports::ProcessNotes;
use preloop_core::store::servers::{self, McpServer};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// What a client stream wants to hear from upstreams.
pub struct Wants {
    pub prompts: bool,
    pub resources: bool,
    /// The resource URIs (as the client knows them) it wants updates of.
    pub updates: Arc<Interest>,
}

/// Something heard that concerns the client.
pub enum Heard {
    /// A notification to pass on, as the client should see it.
    Note(Value),
    /// An upstream's tools changed (and it was scanned again): what the
    /// caller may list should be compared now.
    Tools,
}

/// Where a watched upstream is heard.
enum Source {
    /// A Streamable HTTP server's stream, on a session of the watch's.
    Http(Watch),
    /// A stdio server's process, as the host hears it.
    Process(Box<dyn ProcessNotes>),
}

impl Source {
    async fn open(
        env: &Env,
        target: &Target<'_>,
        owner: &str,
        open_ms: u64,
    ) -> Result<Source, UpstreamError> {
        if target.transport == Transport::Stdio {
            let host = env
                .processes()
                .ok_or_else(|| UpstreamError::Protocol("no processes here".into()))?;
            return Ok(Source::Process(host.hear(target.server_id)));
        }
        Watch::open(env, target, owner, open_ms)
            .await
            .map(Source::Http)
    }

    async fn next(&mut self, env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
        match self {
            Source::Http(watch) => watch.next(env, target).await,
            Source::Process(heard) => heard
                .next()
                .await
                .ok_or_else(|| UpstreamError::Protocol("the process host stopped".into())),
        }
    }

    async fn request(
        &self,
        env: &Env,
        target: &Target<'_>,
        method: &str,
        params: Value,
    ) -> Result<Value, UpstreamError> {
        match self {
            Source::Http(watch) => watch.request(env, target, method, params).await,
            // The account's one process: its subscriptions serve every
            // stream of the account (each hears only what it asked for).
            Source::Process(_) => upstream::call(env, target, method, params).await,
        }
    }

    async fn close(self, env: &Env, target: &Target<'_>) {
        if let Source::Http(watch) = self {
            watch.close(env, target).await;
        }
    }
}

/// A watched upstream.
struct Watched {
    server: McpServer,
    watch: Option<Source>,
    /// When to try opening the watch again (ms).
    retry_at: i64,
    failures: u32,
    /// The upstream URIs subscribed on the current watch's session, and
    /// those it refused (not asked again until the watch is reopened).
    subscribed: BTreeSet<String>,
    refused: BTreeSet<String>,
}

/// The upstreams one client stream hears.
pub struct UpstreamNotes {
    env: Env,
    /// Who listens: updates are passed on only while its rules let it read.
    principal: Principal,
    protocol_version: String,
    /// Whose upstream sessions the watches are (see [`watch`]).
    owner: String,
    wants: Wants,
    watched: Vec<Watched>,
    /// Every server offering resources: where a client URI routes.
    routable: Vec<McpServer>,
    /// How long a watch is kept open upstream.
    open_ms: u64,
}

/// Waits between tries to open a watch: doubled per failure, up to this.
const MAX_BACKOFF_MS: i64 = 60_000;
/// A server is scanned again for its `tools/list_changed` at most this
/// often, however many streams hear it.
const RESCAN_EVERY_MS: i64 = 5_000;

static RESCANNED: LazyLock<Mutex<HashMap<String, i64>>> = LazyLock::new(Default::default);

/// Whether `server` is due a scan for its list change now (and notes it).
fn rescan_due(server_id: &str, now: i64) -> bool {
    let mut last = RESCANNED.lock().unwrap_or_else(PoisonError::into_inner);
    match last.get(server_id) {
        Some(at) if now - at < RESCAN_EVERY_MS => false,
        _ => {
            last.insert(server_id.to_string(), now);
            true
        }
    }
}

impl UpstreamNotes {
    /// The upstreams of `principal`'s account worth watching for `wants`.
    pub async fn open(
        env: &Env,
        principal: &Principal,
        protocol_version: &str,
        owner: String,
        wants: Wants,
        open_ms: u64,
    ) -> preloop_core::Result<Self> {
        let all = servers::list(env.sql(), &principal.account_id).await?;
        let enabled: Vec<McpServer> = all.into_iter().filter(|s| s.enabled).collect();
        let routable = enabled
            .iter()
            .filter(|s| s.offers("resources"))
            .cloned()
            .collect();
        let watched = enabled
            .into_iter()
            .filter(|s| {
                matches!(s.transport, Transport::StreamableHttp | Transport::Stdio)
                    && (s.declares("/tools/listChanged")
                        || (wants.prompts && s.declares("/prompts/listChanged"))
                        || (wants.resources && s.declares("/resources/listChanged"))
                        || s.declares("/resources/subscribe"))
            })
            .map(|server| Watched {
                server,
                watch: None,
                retry_at: 0,
                failures: 0,
                subscribed: BTreeSet::new(),
                refused: BTreeSet::new(),
            })
            .collect();
        Ok(UpstreamNotes {
            env: env.clone(),
            principal: principal.clone(),
            protocol_version: protocol_version.to_string(),
            owner,
            wants,
            watched,
            routable,
            open_ms,
        })
    }

    /// Opens the watches that are due, and brings every open watch's
    /// subscriptions in step with the client's interest.
    async fn tend(&mut self) {
        let env = &self.env;
        let now = env.now_ms();
        let wanted = self.wants.updates.uris();
        for w in &mut self.watched {
            let Ok(target) = Target::open(env, &w.server) else {
                w.retry_at = i64::MAX;
                continue;
            };
            if w.watch.is_none() && now >= w.retry_at {
                // An upstream slow to open its stream holds the client's for
                // its timeout at most (the stream itself stays open longer).
                let opening = std::pin::pin!(Source::open(env, &target, &self.owner, self.open_ms));
                let opened = match env.timer() {
                    Some(timer) => {
                        let late = std::pin::pin!(timer.sleep(target.timeout_ms));
                        match select(opening, late).await {
                            Either::Left((opened, _)) => opened,
                            Either::Right(_) => Err(UpstreamError::Timeout),
                        }
                    }
                    None => opening.await,
                };
                match opened {
                    Ok(watch) => {
                        w.watch = Some(watch);
                        w.failures = 0;
                        w.subscribed.clear();
                        w.refused.clear();
                    }
                    // It serves no stream: there is nothing to hear.
                    Err(UpstreamError::Http(405)) => w.retry_at = i64::MAX,
                    Err(e) => {
                        w.failures = w.failures.saturating_add(1);
                        let backoff = (1000i64 << w.failures.min(6)).min(MAX_BACKOFF_MS);
                        w.retry_at = now + backoff;
                        tracing::debug!(server = %w.server.name, error = %e.describe(), "watching an upstream failed");
                    }
                }
            }
            let Some(watch) = &w.watch else {
                continue;
            };
            if !w.server.declares("/resources/subscribe") {
                continue;
            }
            // The upstream URIs of this server the client wants.
            let own: BTreeSet<String> = wanted
                .iter()
                .filter_map(|uri| route_uri(&self.routable, uri))
                .filter(|(s, _)| s.id == w.server.id)
                .map(|(_, own)| own.to_string())
                .collect();
            let asked: BTreeSet<String> = w.subscribed.union(&w.refused).cloned().collect();
            for uri in own.difference(&asked) {
                let params = json!({ "uri": uri });
                match watch
                    .request(env, &target, "resources/subscribe", params)
                    .await
                {
                    Ok(_) => w.subscribed.insert(uri.clone()),
                    Err(_) => w.refused.insert(uri.clone()),
                };
            }
            for uri in w.subscribed.clone().difference(&own) {
                // A process's subscriptions serve the whole account: another
                // stream may still want the URI, so it stays subscribed there.
                if matches!(watch, Source::Http(_)) {
                    let params = json!({ "uri": uri });
                    let _ = watch
                        .request(env, &target, "resources/unsubscribe", params)
                        .await;
                }
                w.subscribed.remove(uri);
            }
        }
    }

    /// The next thing heard, or `None` once `wait_ms` passed without any.
    pub async fn next(&mut self, wait_ms: u64) -> Option<Heard> {
        let env = self.env.clone();
        let timer = env.timer()?;
        let deadline = self.env.now_ms() + i64::try_from(wait_ms).unwrap_or(i64::MAX);
        loop {
            self.tend().await;
            let now = self.env.now_ms();
            if now >= deadline {
                return None;
            }
            // Wake for a watch to retry, if one is due before the deadline.
            let retry = self
                .watched
                .iter()
                .filter(|w| w.watch.is_none())
                .map(|w| w.retry_at)
                .min()
                .unwrap_or(i64::MAX);
            let until = retry.min(deadline).max(now);
            let sleep = std::pin::pin!(timer.sleep(u64::try_from(until - now).unwrap_or(0)));
            let interest = self.wants.updates.clone();
            let changed = std::pin::pin!(interest.changed());
            let woken = select(sleep, changed);
            let heard = {
                let env = &env;
                let mut listening: Vec<Pin<Box<dyn Future<Output = _> + '_>>> = Vec::new();
                for (i, w) in self.watched.iter_mut().enumerate() {
                    let Watched { server, watch, .. } = w;
                    if let Some(watch) = watch.as_mut() {
                        listening.push(Box::pin(async move {
                            let heard = match Target::open(env, server) {
                                Ok(target) => watch.next(env, &target).await,
                                Err(e) => Err(UpstreamError::Protocol(e.message)),
                            };
                            (i, heard)
                        }));
                    }
                }
                if listening.is_empty() {
                    woken.await;
                    None
                } else {
                    match select(woken, select_all(listening)).await {
                        Either::Left(_) => None,
                        Either::Right((((i, heard), _, _), _)) => Some((i, heard)),
                    }
                }
            };
            let Some((i, heard)) = heard else {
                continue;
            };
            match heard {
                Ok(note) => {
                    if let Some(heard) = self.concerning(i, note).await {
                        return Some(heard);
                    }
                }
                Err(e) => {
                    if let Some(w) = self.watched.get_mut(i) {
                        tracing::debug!(server = %w.server.name, error = %e.describe(), "an upstream's stream ended");
                        if let (Some(old), Ok(target)) =
                            (w.watch.take(), Target::open(&env, &w.server))
                        {
                            old.close(&env, &target).await;
                        }
                        w.retry_at = self.env.now_ms() + 1000;
                    }
                }
            }
        }
    }

    /// What an upstream's `note` means for the client, if anything.
    async fn concerning(&self, i: usize, note: Value) -> Option<Heard> {
        let server = &self.watched.get(i)?.server;
        match note.get("method").and_then(Value::as_str)? {
            // Scanned again, at most every few seconds however many streams
            // hear it; only then may the caller's list have changed.
            "notifications/tools/list_changed" => {
                if !rescan_due(&server.id, self.env.now_ms()) {
                    return None;
                }
                if let Err(e) = preloop_core::mcp::scan::scan(&self.env, server).await {
                    tracing::warn!(server = %server.name, error = %e.message, "scanning an upstream for its list change failed");
                }
                Some(Heard::Tools)
            }
            "notifications/resources/list_changed" if self.wants.resources => Some(Heard::Note(
                json!({"jsonrpc": "2.0", "method": "notifications/resources/list_changed"}),
            )),
            "notifications/prompts/list_changed" if self.wants.prompts => Some(Heard::Note(
                json!({"jsonrpc": "2.0", "method": "notifications/prompts/list_changed"}),
            )),
            "notifications/resources/updated" => {
                let own = note.pointer("/params/uri").and_then(Value::as_str)?;
                let uri = exposed_uri(server.prefix(), own);
                if !self.wants.updates.contains(&uri) {
                    return None;
                }
                // Rules may have changed since the subscription: an update
                // of what the caller may no longer read is not passed on.
                let call = Call::looking(&self.env, &self.principal, self.protocol_version.clone());
                subscriptions::allowed_among(&call, &self.routable, &uri, false)
                    .await
                    .ok()?;
                Some(Heard::Note(json!({
                    "jsonrpc": "2.0",
                    "method": "notifications/resources/updated",
                    "params": {"uri": uri},
                })))
            }
            _ => None,
        }
    }
}

/// Ends the upstream sessions watches kept for `owner` (its session
/// ended).
pub async fn end(env: &Env, principal: &Principal, owner: &str) {
    let Ok(all) = servers::list(env.sql(), &principal.account_id).await else {
        return;
    };
    let targets: Vec<Target> = all
        .iter()
        .filter(|s| s.transport == Transport::StreamableHttp)
        .filter_map(|s| Target::open(env, s).ok())
        .collect();
    watch::end(env, owner, &targets).await;
}
