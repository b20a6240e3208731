//! Upstreams that speak the HTTP+SSE transport of 2024-11-05: a GET opens an
//! event stream whose first `endpoint` event names the URL to POST messages
//! to; the answers come back on the stream, not in the POSTs' responses.
//!
//! Each request opens its own stream and session (GET, `initialize`,
//! `notifications/initialized`, the request, then the stream is dropped).
//! Keeping a stream open between requests would need a reader running on
//! its own, which core's hosts do not all give; older servers are reached
//! correctly, at the cost of three more POSTs per request.

use super::{
    Incoming, Relay, Target, UpstreamError, cancelled_note, classify, initialize_params, relayable,
    until_cancelled,
};
use crate::env::Env;
use crate::http::Headers;
use crate::mcp::jsonrpc;
use crate::mcp::sse;
use crate::ports::BodyStream;
use serde_json::{Value, json};

pub(super) async fn call(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    params: Value,
    relay: Relay<'_>,
) -> Result<Value, UpstreamError> {
    let mut session = Session::open(env, target).await?;
    session.request(env, method, params, relay).await
}

pub(super) async fn handshake(env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
    let session = Session::open(env, target).await?;
    Ok(session.capabilities)
}

struct Session<'t> {
    target: &'t Target<'t>,
    stream: Stream,
    endpoint: String,
    capabilities: Value,
}

impl<'t> Session<'t> {
    async fn open(env: &Env, target: &'t Target<'t>) -> Result<Session<'t>, UpstreamError> {
        let mut headers = Headers::new();
        headers.insert("accept", "text/event-stream");
        let response = target.send(env, "GET", target.url, headers, None).await?;
        if !(200..300).contains(&response.status) {
            return Err(UpstreamError::Http(response.status));
        }
        let content_type = response.headers.get("content-type").unwrap_or("");
        if !content_type
            .to_ascii_lowercase()
            .starts_with("text/event-stream")
        {
            return Err(UpstreamError::Protocol(format!(
                "the SSE endpoint answered '{content_type}', not an event stream"
            )));
        }
        let mut stream = Stream {
            body: response.body,
            parser: sse::Parser::default(),
            pending: Vec::new(),
            left: env.config.max_upstream_response_bytes,
        };
        let first = stream.next_event().await?;
        if first.event != "endpoint" {
            return Err(UpstreamError::Protocol(format!(
                "the event stream began with '{}', not the endpoint",
                first.event
            )));
        }
        let endpoint = same_origin_endpoint(target.url, first.data.trim())?;
        let mut session = Session {
            target,
            stream,
            endpoint,
            capabilities: json!({}),
        };
        let result = session
            .request(env, "initialize", initialize_params(), Relay::default())
            .await?;
        session.capabilities = super::capabilities_of(&result);
        session
            .post(
                env,
                &jsonrpc::notification("notifications/initialized", json!({})),
            )
            .await?;
        Ok(session)
    }

    async fn request(
        &mut self,
        env: &Env,
        method: &str,
        params: Value,
        relay: Relay<'_>,
    ) -> Result<Value, UpstreamError> {
        let id = Value::String(env.new_id());
        self.post(env, &jsonrpc::request(&id, method, params))
            .await?;
        match until_cancelled(relay.cancel, self.answer(env, &id, relay)).await {
            Ok(done) => done,
            Err(why) => {
                // Best effort, as the protocol makes cancellation.
                let _ = self.post(env, &cancelled_note(&id, why.as_deref())).await;
                Err(UpstreamError::Cancelled(why))
            }
        }
    }

    /// Reads the stream up to the answer to `id`.
    async fn answer(
        &mut self,
        env: &Env,
        id: &Value,
        relay: Relay<'_>,
    ) -> Result<Value, UpstreamError> {
        loop {
            let event = self.stream.next_event().await?;
            if event.event != "message" {
                continue;
            }
            match classify(&event.data, id)? {
                Incoming::Answer(result) => return result,
                Incoming::Request(request) => {
                    let answer = relay.answer(request).await;
                    let _ = self.post(env, &answer).await;
                }
                Incoming::Notification(note) => {
                    if let Some(notes) = relay.notes
                        && relayable(&note)
                    {
                        notes(note);
                    }
                }
                Incoming::Other => {}
            }
        }
    }

    async fn post(&self, env: &Env, body: &Value) -> Result<(), UpstreamError> {
        let response = self
            .target
            .send(env, "POST", &self.endpoint, Headers::new(), Some(body))
            .await?;
        // The answer comes on the stream; the POST's own body is only an
        // acknowledgement (and is not waited for beyond its status).
        if !(200..300).contains(&response.status) {
            return Err(UpstreamError::Http(response.status));
        }
        Ok(())
    }
}

/// The event stream of one session, bounded in the bytes it may bring.
struct Stream {
    body: Box<dyn BodyStream>,
    parser: sse::Parser,
    pending: Vec<sse::Event>,
    left: usize,
}

impl Stream {
    async fn next_event(&mut self) -> Result<sse::Event, UpstreamError> {
        loop {
            if !self.pending.is_empty() {
                return Ok(self.pending.remove(0));
            }
            match self.body.next_chunk().await? {
                Some(chunk) => {
                    self.left = self.left.checked_sub(chunk.len()).ok_or_else(|| {
                        UpstreamError::Protocol(
                            "the event stream exceeded the answer size limit".into(),
                        )
                    })?;
                    self.pending = self.parser.push(&chunk);
                }
                None => {
                    return Err(UpstreamError::Protocol(
                        "the event stream ended before the answer".into(),
                    ));
                }
            }
        }
    }
}

/// The URL the `endpoint` event names, resolved against the stream's URL.
/// It must be on the same origin: a server may not send our requests (and
/// its credentials) elsewhere.
fn same_origin_endpoint(base: &str, endpoint: &str) -> Result<String, UpstreamError> {
    let origin_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|j| start + j))
        .unwrap_or(base.len());
    let origin = &base[..origin_end];
    // `//host/path` names another host (a network-path reference).
    let resolved = if endpoint.starts_with('/') && !endpoint.starts_with("//") {
        format!("{origin}{endpoint}")
    } else if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        endpoint.to_string()
    } else {
        return Err(UpstreamError::Protocol(format!(
            "the endpoint '{}' is neither absolute nor rooted",
            endpoint.chars().take(200).collect::<String>()
        )));
    };
    let same = resolved
        .strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    if !same {
        return Err(UpstreamError::Protocol(
            "the endpoint is on another origin than the event stream".into(),
        ));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_resolve_on_the_streams_origin_only() {
        let base = "http://127.0.0.1:8000/sse";
        assert_eq!(
            same_origin_endpoint(base, "/messages/?session_id=abc")
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8000/messages/?session_id=abc")
        );
        assert_eq!(
            same_origin_endpoint(base, "http://127.0.0.1:8000/m")
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8000/m")
        );
        for bad in [
            "http://127.0.0.1:8001/m",
            "http://127.0.0.1:8000.evil.example/m",
            "https://evil.example/m",
            "messages",
            "//evil.example/m",
        ] {
            assert!(same_origin_endpoint(base, bad).is_err(), "{bad}");
        }
    }
}
