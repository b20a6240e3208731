//! What an upstream says outside any request: list changes and resource
//! updates, on the stream a client opens with a GET (Streamable HTTP
//! upstreams). A client stream that wants to hear them keeps one
//! [`Watch`] per upstream: a session of its own with the upstream (its
//! resource subscriptions are that session's, and a server serves one such
//! stream per session), and that session's stream.
//!
//! The upstream session is kept for its owner (a client's session, or a
//! key's `subscriptions/listen`) across the owner's streams, so that a
//! client reopening its stream does not leave a session behind upstream;
//! [`end`] closes them when the owner's session ends.

use super::streamable_http::{self, Session};
use super::{Relay, Target, Transport, UpstreamError};
use crate::env::Env;
use crate::mcp::sse;
use crate::ports::BodyStream;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::{LazyLock, Mutex, PoisonError};

/// Upstream sessions kept for their owners, by owner and server id.
static SESSIONS: LazyLock<Mutex<HashMap<(String, String), Session>>> =
    LazyLock::new(Default::default);

/// Owners' sessions kept at most: past it a watch's session is its
/// stream's alone.
const MAX_KEPT: usize = 10_000;

fn sessions() -> std::sync::MutexGuard<'static, HashMap<(String, String), Session>> {
    SESSIONS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One upstream's stream of messages outside requests, on a session of the
/// watch's own.
pub struct Watch {
    session: Session,
    /// Whether the session is kept for its owner (else it is the watch's
    /// alone, and [`Watch::close`] ends it).
    kept: bool,
    body: Box<dyn BodyStream>,
    parser: sse::Parser,
    queued: VecDeque<sse::Event>,
    /// Bytes since the last complete event: one event is bounded like an
    /// answer.
    since_event: usize,
}

impl Watch {
    /// Opens `owner`'s watch of `target` for up to `open_ms`, on the
    /// session it had if the upstream still knows it. Only Streamable HTTP
    /// upstreams are watched; one that serves no stream answers
    /// [`UpstreamError::Http`] (405).
    pub async fn open(
        env: &Env,
        target: &Target<'_>,
        owner: &str,
        open_ms: u64,
    ) -> Result<Watch, UpstreamError> {
        if target.transport != Transport::StreamableHttp {
            return Err(UpstreamError::Protocol(
                "only Streamable HTTP upstreams are watched".into(),
            ));
        }
        let key = (owner.to_string(), target.server_id.to_string());
        let kept = sessions().get(&key).cloned();
        if let Some(session) = kept {
            match streamable_http::open_stream(env, target, &session, open_ms).await {
                Ok(response) => return Ok(Watch::on(session, response.body, true)),
                // Forgotten upstream (restarted): a new session below.
                Err(UpstreamError::Http(404 | 400)) => {
                    sessions().remove(&key);
                }
                // Its stream is taken (another of the owner's streams):
                // this one gets a session of its own.
                Err(UpstreamError::Http(409)) => {}
                Err(e) => return Err(e),
            }
        }
        let (session, _) = streamable_http::own_session(env, target).await?;
        let response = match streamable_http::open_stream(env, target, &session, open_ms).await {
            Ok(r) => r,
            Err(e) => {
                streamable_http::end_session(env, target, &session).await;
                return Err(e);
            }
        };
        let mut all = sessions();
        let kept = all.len() < MAX_KEPT && !all.contains_key(&key);
        if kept {
            all.insert(key, session.clone());
        }
        drop(all);
        Ok(Watch::on(session, response.body, kept))
    }

    fn on(session: Session, body: Box<dyn BodyStream>, kept: bool) -> Watch {
        Watch {
            session,
            kept,
            body,
            parser: sse::Parser::default(),
            queued: VecDeque::new(),
            since_event: 0,
        }
    }

    /// The next notification the upstream sends. The server's own requests
    /// on the stream are answered (`ping`) or refused; an error means the
    /// stream is over (the caller may open another).
    pub async fn next(&mut self, env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
        let limit = env.config.max_upstream_response_bytes;
        loop {
            if let Some(event) = self.queued.pop_front() {
                if event.event != "message" || event.data.trim().is_empty() {
                    continue;
                }
                // A message that is not JSON is skipped, as a client would.
                let Ok(message) = serde_json::from_str::<Value>(&event.data) else {
                    continue;
                };
                match (message.get("method"), message.get("id")) {
                    (Some(_), None) => return Ok(message),
                    (Some(_), Some(_)) => {
                        // No client to ask here: `ping` is answered, the rest
                        // refused.
                        let answer = Relay::default().answer(message.clone()).await;
                        let _ = streamable_http::post_on(env, target, &self.session, &answer).await;
                    }
                    _ => {}
                }
                continue;
            }
            let Some(chunk) = self.body.next_chunk().await? else {
                return Err(UpstreamError::Protocol(
                    "the upstream ended its stream".into(),
                ));
            };
            self.since_event += chunk.len();
            if self.since_event > limit {
                return Err(UpstreamError::Protocol(format!(
                    "an event larger than {limit} bytes"
                )));
            }
            let events = self.parser.push(&chunk);
            if !events.is_empty() {
                self.since_event = 0;
            }
            self.queued.extend(events);
        }
    }

    /// Done with the watch: its session is ended upstream unless it is kept
    /// for its owner.
    pub async fn close(self, env: &Env, target: &Target<'_>) {
        if !self.kept {
            streamable_http::end_session(env, target, &self.session).await;
        }
    }

    /// A request on the watch's session (`resources/subscribe`, …).
    pub async fn request(
        &self,
        env: &Env,
        target: &Target<'_>,
        method: &str,
        params: Value,
    ) -> Result<Value, UpstreamError> {
        streamable_http::request_on(env, target, &self.session, method, params).await
    }
}

/// Ends the upstream sessions kept for `owner` (its client session ended),
/// asking `targets` (the owner's account's servers) to close them.
pub async fn end(env: &Env, owner: &str, targets: &[Target<'_>]) {
    for target in targets {
        let key = (owner.to_string(), target.server_id.to_string());
        let session = sessions().remove(&key);
        if let Some(session) = session {
            streamable_http::end_session(env, target, &session).await;
        }
    }
}
