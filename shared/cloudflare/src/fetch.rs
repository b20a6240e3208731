//! Outbound HTTP through the Workers Fetch API (upstream MCP servers,
//! webhooks, chat and mail APIs). The deadline covers the whole exchange:
//! the request and every chunk of the body read afterwards.

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::future::{Either, select};
use preloop_core::http::Headers;
use preloop_core::ports::{
    BodyStream, HttpClient, OutboundError, OutboundRequest, OutboundResponse,
};
use std::time::Duration;
use worker::{AbortController, ByteStream, Fetch, Method, RequestInit};

pub struct FetchHttp;

/// Resolves with what `future` gives, or `Timeout` when `deadline_ms`
/// (epoch milliseconds) passes first.
async fn before<T>(
    deadline_ms: f64,
    future: impl std::future::Future<Output = T>,
) -> Result<T, OutboundError> {
    let left = (deadline_ms - js_sys::Date::now()).max(0.0) as u64;
    let timer = worker::Delay::from(Duration::from_millis(left));
    match select(Box::pin(future), timer).await {
        Either::Left((value, _)) => Ok(value),
        Either::Right(_) => Err(OutboundError::Timeout),
    }
}

struct FetchBody {
    stream: ByteStream,
    deadline_ms: f64,
    /// Aborting on drop is not needed (an unread body is released with the
    /// request), but the controller must live as long as the body.
    _abort: AbortController,
}

#[async_trait(?Send)]
impl BodyStream for FetchBody {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, OutboundError> {
        match before(self.deadline_ms, self.stream.next()).await? {
            None => Ok(None),
            Some(Ok(chunk)) => Ok(Some(Bytes::from(chunk))),
            Some(Err(e)) => Err(OutboundError::Other(format!("connection broke: {e}"))),
        }
    }
}

#[async_trait(?Send)]
impl HttpClient for FetchHttp {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, OutboundError> {
        let deadline_ms = js_sys::Date::now() + request.timeout_ms as f64;
        let headers = worker::Headers::new();
        for (name, value) in request.headers.iter() {
            headers
                .append(name, value)
                .map_err(|_| OutboundError::Other(format!("invalid header {name}")))?;
        }
        let mut init = RequestInit::new();
        // Redirects are not followed (as natively): a 30x could carry a
        // credential header to another host.
        init.with_method(Method::from(request.method.clone()))
            .with_headers(headers)
            .with_redirect(worker::RequestRedirect::Manual);
        if !request.body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(request.body.as_ref()).into()));
        }
        let outbound = worker::Request::new_with_init(&request.url, &init)
            .map_err(|e| OutboundError::Other(format!("invalid request: {e}")))?;
        let abort = AbortController::default();
        let signal = abort.signal();
        let fetch = Fetch::Request(outbound);
        let mut response = match before(deadline_ms, fetch.send_with_signal(&signal)).await {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Err(OutboundError::Connect(e.to_string())),
            Err(timeout) => {
                abort.abort();
                return Err(timeout);
            }
        };
        let mut out_headers = Headers::new();
        for (name, value) in response.headers().entries() {
            out_headers.append(&name, value);
        }
        let status = response.status_code();
        let body: Box<dyn BodyStream> = match response.stream() {
            Ok(stream) => Box::new(FetchBody {
                stream,
                deadline_ms,
                _abort: abort,
            }),
            // No body (204, HEAD).
            Err(_) => Box::new(preloop_core::ports::FullBody(None)),
        };
        Ok(OutboundResponse {
            status,
            headers: out_headers,
            body,
        })
    }
}
