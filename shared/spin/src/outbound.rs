//! Outbound HTTP through Spin (`wasi:http` 0.3): upstream MCP servers,
//! webhooks, chat and mail APIs. Spin only lets a component reach the hosts
//! in its `allowed_outbound_hosts`; anything else fails as a refused
//! connection. The deadline covers the whole exchange: the request and
//! every chunk of the body read afterwards.

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::future::{Either, select};
use http_body_util::BodyDataStream;
use preloop_core::http::Headers;
use preloop_core::ports::{
    BodyStream, Clock, HttpClient, OutboundError, OutboundRequest, OutboundResponse,
};
use spin_sdk::http::{EmptyBody, FullBody, OptionalBody};
use spin_sdk::wasip3::http::types::ErrorCode;
use spin_sdk::wasip3::http_compat::IncomingResponseBody;
use std::time::Duration;

use crate::WasiClock;

pub struct SpinHttp;

/// Resolves with what `future` gives, or `Timeout` when `deadline_ms`
/// (epoch milliseconds) passes first.
async fn before<T>(
    deadline_ms: i64,
    future: impl std::future::Future<Output = T>,
) -> Result<T, OutboundError> {
    let left = (deadline_ms - WasiClock.now_ms()).max(0) as u64;
    let timer = Box::pin(spin_sdk::time::sleep(Duration::from_millis(left)));
    match select(Box::pin(future), timer).await {
        Either::Left((value, _)) => Ok(value),
        Either::Right(_) => Err(OutboundError::Timeout),
    }
}

/// How a failed exchange is reported: refused and unreachable hosts are
/// connection failures (the upstream is down), the rest broke mid-way.
fn classify(code: &ErrorCode) -> OutboundError {
    match code {
        ErrorCode::DnsTimeout | ErrorCode::ConnectionTimeout => OutboundError::Timeout,
        ErrorCode::DnsError(_)
        | ErrorCode::DestinationNotFound
        | ErrorCode::DestinationUnavailable
        | ErrorCode::DestinationIpProhibited
        | ErrorCode::DestinationIpUnroutable
        | ErrorCode::ConnectionRefused
        | ErrorCode::HttpRequestDenied => OutboundError::Connect(format!("{code:?}")),
        other => OutboundError::Other(format!("{other:?}")),
    }
}

struct SpinBody {
    stream: BodyDataStream<IncomingResponseBody>,
    deadline_ms: i64,
}

#[async_trait(?Send)]
impl BodyStream for SpinBody {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, OutboundError> {
        match before(self.deadline_ms, self.stream.next()).await? {
            None => Ok(None),
            Some(Ok(chunk)) => Ok(Some(chunk)),
            Some(Err(e)) => Err(OutboundError::Other(format!("connection broke: {e:?}"))),
        }
    }
}

fn build(request: &OutboundRequest) -> Result<http::Request<OptionalBody<Bytes>>, OutboundError> {
    let body = if request.body.is_empty() {
        OptionalBody::Right(EmptyBody::new())
    } else {
        OptionalBody::Left(FullBody::new(request.body.clone()))
    };
    let mut builder = http::Request::builder()
        .method(request.method.as_str())
        .uri(request.url.as_str());
    for (name, value) in request.headers.iter() {
        builder = builder.header(name, value);
    }
    // wasi:http sends a body of unknown length chunked, and spin-sdk does
    // not say its length: servers that read only `content-length` (as
    // Python's http.server does) would see an empty body and answer before
    // the request ends. The body is whole here, so say how long it is.
    if !request.body.is_empty()
        && !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        builder = builder.header("content-length", request.body.len());
    }
    builder
        .body(body)
        .map_err(|e| OutboundError::Other(format!("invalid request: {e}")))
}

#[async_trait(?Send)]
impl HttpClient for SpinHttp {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, OutboundError> {
        let deadline_ms = WasiClock.now_ms() + request.timeout_ms as i64;
        let outbound = build(&request)?;
        let response = match before(deadline_ms, spin_sdk::http::send(outbound)).await? {
            Ok(response) => response,
            Err(code) => {
                // The code says what failed; the URL may carry a secret.
                tracing::warn!(error = ?code, "outbound request failed");
                return Err(classify(&code));
            }
        };
        let mut headers = Headers::new();
        for (name, value) in response.headers() {
            if let Ok(value) = value.to_str() {
                headers.append(name.as_str(), value);
            }
        }
        let status = response.status().as_u16();
        Ok(OutboundResponse {
            status,
            headers,
            body: Box::new(SpinBody {
                stream: BodyDataStream::new(response.into_body()),
                deadline_ms,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use preloop_core::http::Headers;

    #[test]
    fn requests_carry_method_url_headers_and_body() {
        let mut headers = Headers::new();
        headers.append("authorization", "Bearer x");
        let request = OutboundRequest {
            method: "POST".into(),
            url: "https://upstream.example/mcp".into(),
            headers,
            body: Bytes::from_static(b"{}"),
            timeout_ms: 1000,
        };
        let built = build(&request).ok();
        assert_eq!(built.as_ref().map(|r| r.method().as_str()), Some("POST"));
        assert_eq!(
            built
                .as_ref()
                .and_then(|r| r.headers().get("content-length"))
                .and_then(|v| v.to_str().ok()),
            Some("2")
        );
        assert_eq!(
            built.as_ref().map(|r| r.uri().to_string()),
            Some("https://upstream.example/mcp".into())
        );
        assert_eq!(
            built
                .as_ref()
                .and_then(|r| r.headers().get("authorization"))
                .and_then(|v| v.to_str().ok()),
            Some("Bearer x")
        );
        let bad = OutboundRequest {
            url: "not a url with spaces".into(),
            ..request
        };
        assert!(matches!(build(&bad), Err(OutboundError::Other(_))));
    }

    #[test]
    fn refused_hosts_are_connection_failures() {
        assert!(matches!(
            classify(&ErrorCode::ConnectionRefused),
            OutboundError::Connect(_)
        ));
        assert!(matches!(
            classify(&ErrorCode::HttpRequestDenied),
            OutboundError::Connect(_)
        ));
        assert!(matches!(
            classify(&ErrorCode::ConnectionTimeout),
            OutboundError::Timeout
        ));
    }
}
