//! What Preloop tells a client without being asked, on the stream the
//! client opens for it: the session's GET stream (the handshake-era
//! protocol versions), or a `subscriptions/listen` request (2026-07-28).
//! That is `notifications/tools/list_changed`, sent when a scan, a server
//! change or a policy change alters the tools this caller may see (not on
//! every change: the caller's own list is compared), and what upstreams
//! say outside requests ([`crate::upstream_notes`]): their prompt and
//! resource list changes, and updates of the resources the client
//! subscribed to.
//!
//! The stream looks at the store (one query: the key, its session and the
//! account's policy version, as every request does), so a change made
//! through any instance is seen, a revoked key or an ended session ends the
//! stream, and nothing needs to be shared between instances.

use crate::handler::Call;
use crate::subscriptions::{self, Interest};
use crate::tools;
use crate::upstream_notes::{Heard, UpstreamNotes, Wants};
use bytes::Bytes;
use preloop_core::Env;
use preloop_core::auth::{self, Principal};
use preloop_core::http::{Request, StreamingBody};
use preloop_core::mcp::jsonrpc::RpcError;
use preloop_core::mcp::sse;
use preloop_core::mcp::versions::HEADER_SESSION_ID;
use serde_json::{Value, json};
use std::hash::{Hash, Hasher};

/// Whether this host serves the stream: one that can wait and outlives its
/// requests (natively). At the edge a stream would hold an invocation, billed
/// by its duration, and poll the store, for every open session; there GET
/// stays 405 and `tools.listChanged` false.
pub fn offered(env: &Env) -> bool {
    // Only natively: no WebAssembly host names an instance, and saying so
    // at compile time leaves the streams' code out of the edge builds.
    !cfg!(target_arch = "wasm32") && env.timer().is_some() && env.instance_id().is_some()
}

/// How often the store is asked whether anything changed.
const LOOK_EVERY_MS: u64 = 2_000;
/// A quiet stream still sends a comment this often, so that the client and
/// any proxy on the way keep it open.
const KEEPALIVE_MS: i64 = 15_000;
/// A stream ends after this long (the client opens another): no
/// connection is held forever, and a key's rights are read afresh.
const MAX_OPEN_MS: i64 = 10 * 60 * 1000;

/// A `subscriptions/listen` request (2026-07-28): its id, which every
/// message on its stream carries, and what it asked for.
pub struct Subscription {
    pub id: Value,
    /// `toolsListChanged`.
    pub tools: bool,
    /// `promptsListChanged`, `resourcesListChanged`.
    pub prompts: bool,
    pub resources: bool,
    /// `resourceSubscriptions`: the URIs to hear updates of (those Preloop
    /// honours, once the stream is open).
    pub uris: Vec<String>,
}

impl Subscription {
    /// The subscription a `subscriptions/listen` request's `params` ask for.
    pub fn asked(id: Value, params: &Value) -> Self {
        let flag = |name: &str| {
            params
                .pointer(&format!("/notifications/{name}"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let uris = params
            .pointer("/notifications/resourceSubscriptions")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .take(MAX_LISTEN_URIS)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Subscription {
            id,
            tools: flag("toolsListChanged"),
            prompts: flag("promptsListChanged"),
            resources: flag("resourcesListChanged"),
            uris,
        }
    }

    fn meta(&self) -> Value {
        json!({ SUBSCRIPTION_ID: self.id })
    }

    /// The first message: what of the request is honoured (by the time
    /// the stream opens, only what some upstream offers is left asked).
    fn acknowledgement(&self) -> Value {
        let mut honoured = json!({});
        for (asked, name) in [
            (self.tools, "toolsListChanged"),
            (self.prompts, "promptsListChanged"),
            (self.resources, "resourcesListChanged"),
        ] {
            if asked {
                honoured[name] = json!(true);
            }
        }
        if !self.uris.is_empty() {
            honoured["resourceSubscriptions"] = json!(self.uris);
        }
        json!({
            "jsonrpc": "2.0",
            "method": "notifications/subscriptions/acknowledged",
            "params": {"_meta": self.meta(), "notifications": honoured},
        })
    }

    /// The answer to the listen request, which closes the stream
    /// gracefully.
    fn closing(&self) -> Value {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "result": {"resultType": "complete", "_meta": self.meta()},
        })
    }

    /// A subscription's whole stream where no notification is served (at
    /// the edge): acknowledged with nothing honoured, then closed.
    pub fn declined(&self) -> String {
        let nothing = Subscription {
            id: self.id.clone(),
            tools: false,
            prompts: false,
            resources: false,
            uris: Vec::new(),
        };
        format!(
            "{}{}",
            sse::message_event(&nothing.acknowledgement(), None),
            sse::message_event(&nothing.closing(), None)
        )
    }
}

/// Where a notification on a subscription's stream names it.
const SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// Resource URIs one `subscriptions/listen` may name (more are not
/// honoured).
const MAX_LISTEN_URIS: usize = 100;

pub struct ChangeStream {
    env: Env,
    /// The request the stream was opened with (headers only): each look
    /// authenticates it again.
    request: Request,
    principal: Principal,
    protocol_version: String,
    /// On 2026-07-28, the subscription this stream serves; `None` on a
    /// session's GET stream.
    subscription: Option<Subscription>,
    acknowledged: bool,
    /// What upstreams say outside requests, heard for this stream.
    upstream: Option<UpstreamNotes>,
    /// A digest of the tools the caller was last told about.
    listed: u64,
    opened_at: i64,
    quiet_since: i64,
    closed: bool,
}

impl ChangeStream {
    pub async fn open(
        env: &Env,
        request: &Request,
        principal: Principal,
        protocol_version: String,
        subscription: Option<Subscription>,
    ) -> Result<Self, RpcError> {
        let mut request = request.clone();
        request.body = Bytes::new();
        let now = env.now_ms();
        let mut subscription = subscription;
        let upstream = upstream_notes(
            env,
            &request,
            &principal,
            &protocol_version,
            subscription.as_mut(),
        )
        .await?;
        let mut stream = ChangeStream {
            env: env.clone(),
            request,
            principal,
            protocol_version,
            subscription,
            acknowledged: false,
            upstream,
            listed: 0,
            opened_at: now,
            quiet_since: now,
            closed: false,
        };
        stream.listed = stream.digest().await?;
        Ok(stream)
    }

    /// A notification heard upstream, as this stream sends it.
    fn heard(&self, mut note: Value) -> Bytes {
        if let Some(s) = &self.subscription {
            note["params"]["_meta"] = s.meta();
        }
        Self::event(&note)
    }

    fn event(message: &Value) -> Bytes {
        Bytes::from(sse::message_event(message, None))
    }

    /// What the caller may see now, as a digest: a change to it is what
    /// the notification announces.
    async fn digest(&self) -> Result<u64, RpcError> {
        let call = Call::looking(&self.env, &self.principal, self.protocol_version.clone());
        let listed = tools::list(&call).await?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        listed.to_string().hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// The caller again, as the store has it now; `None` when the key was
    /// revoked or (on a session's stream) the session ended.
    async fn reauthenticate(&self) -> Option<Principal> {
        let session_id = self.request.headers.get(HEADER_SESSION_ID);
        match auth::authenticate_with_session(&self.env, &self.request, session_id).await {
            Ok((principal, Some(_))) => Some(principal),
            Ok((principal, None)) if self.subscription.is_some() => Some(principal),
            _ => None,
        }
    }
}

#[async_trait::async_trait(?Send)]
impl StreamingBody for ChangeStream {
    /// Nothing is lost when nobody listens: the client reopens it.
    fn outlives_client(&self) -> bool {
        false
    }

    async fn next_chunk(&mut self) -> Option<Bytes> {
        if self.closed {
            return None;
        }
        if let Some(s) = &self.subscription
            && !self.acknowledged
        {
            self.acknowledged = true;
            return Some(Self::event(&s.acknowledgement()));
        }
        let timer = self.env.timer()?;
        loop {
            let now = self.env.now_ms();
            if now - self.opened_at >= MAX_OPEN_MS {
                // A subscription is closed with the answer to its request,
                // so the client knows it ended on purpose.
                self.closed = true;
                return self
                    .subscription
                    .as_ref()
                    .map(|s| Self::event(&s.closing()));
            }
            if now - self.quiet_since >= KEEPALIVE_MS {
                self.quiet_since = now;
                return Some(Bytes::from_static(b": keepalive\n\n"));
            }
            let heard = match &mut self.upstream {
                Some(upstream) => upstream.next(LOOK_EVERY_MS).await,
                None => {
                    timer.sleep(LOOK_EVERY_MS).await;
                    None
                }
            };
            // An upstream's tools changed: the caller's list is compared
            // now, whatever the policy version says.
            let tools_changed = match heard {
                Some(Heard::Note(note)) => {
                    self.quiet_since = self.env.now_ms();
                    return Some(self.heard(note));
                }
                Some(Heard::Tools) => true,
                None => false,
            };
            let principal = self.reauthenticate().await?;
            if principal.policy_version == self.principal.policy_version && !tools_changed {
                continue;
            }
            self.principal = principal;
            // A store that cannot be read ends the stream; the client opens
            // another when it can.
            let digest = self.digest().await.ok()?;
            if digest != self.listed {
                self.listed = digest;
                let note = match &self.subscription {
                    None => json!({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"}),
                    // Only what the subscription asked for is sent.
                    Some(s) if !s.tools => continue,
                    Some(s) => json!({
                        "jsonrpc": "2.0",
                        "method": "notifications/tools/list_changed",
                        "params": {"_meta": s.meta()},
                    }),
                };
                self.quiet_since = self.env.now_ms();
                return Some(Self::event(&note));
            }
        }
    }
}

/// What upstreams say that this stream should hear, where streams are
/// served: for a session's GET stream everything (resource updates for the
/// URIs the session subscribed to), for a subscription what it asked and
/// some upstream offers (`subscription` is narrowed to that, and to the
/// URIs the caller may subscribe to).
async fn upstream_notes(
    env: &Env,
    request: &Request,
    principal: &Principal,
    protocol_version: &str,
    subscription: Option<&mut Subscription>,
) -> Result<Option<UpstreamNotes>, RpcError> {
    if !offered(env) {
        return Ok(None);
    }
    let (owner, wants) = match subscription {
        None => {
            let Some(session_id) = request.headers.get(HEADER_SESSION_ID) else {
                return Ok(None);
            };
            let updates = subscriptions::of_session(session_id)
                .unwrap_or_else(|| Interest::fixed(Vec::new()));
            let wants = Wants {
                prompts: true,
                resources: true,
                updates,
            };
            (session_id.to_string(), wants)
        }
        Some(s) => {
            let servers = preloop_core::store::servers::list(env.sql(), &principal.account_id)
                .await
                .map_err(|e| crate::guarded::internal(&e))?;
            let declared = |flag: &str| servers.iter().any(|s| s.enabled && s.declares(flag));
            // Where the subscription's URIs route (as `catalog::offering`
            // finds them), from the list just read.
            let readable: Vec<_> = servers
                .iter()
                .filter(|s| s.enabled && s.offers("resources"))
                .cloned()
                .collect();
            s.prompts &= declared("/prompts/listChanged");
            s.resources &= declared("/resources/listChanged");
            let call = Call::new(
                env,
                principal,
                env.new_id(),
                true,
                protocol_version.to_string(),
            );
            let mut honoured = Vec::new();
            for uri in std::mem::take(&mut s.uris) {
                if subscriptions::allowed_among(&call, &readable, &uri, false)
                    .await
                    .is_ok()
                {
                    honoured.push(uri);
                }
            }
            s.uris = honoured;
            let wants = Wants {
                prompts: s.prompts,
                resources: s.resources,
                updates: Interest::fixed(s.uris.clone()),
            };
            (format!("listen:{}", principal.api_key_id), wants)
        }
    };
    let open_ms = u64::try_from(MAX_OPEN_MS).unwrap_or(u64::MAX) + 60_000;
    UpstreamNotes::open(env, principal, protocol_version, owner, wants, open_ms)
        .await
        .map(Some)
        .map_err(|e| crate::guarded::internal(&e))
}
