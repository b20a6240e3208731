//! Outbound HTTP on reqwest (rustls), with bodies read chunk by chunk.

use async_trait::async_trait;
use bytes::Bytes;
use preloop_core::http::Headers;
use preloop_core::ports::{
    BodyStream, HttpClient, OutboundError, OutboundRequest, OutboundResponse,
};
use std::time::Duration;

#[derive(Clone)]
pub struct ReqwestHttp {
    client: reqwest::Client,
}

impl ReqwestHttp {
    pub fn new() -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(ReqwestHttp { client })
    }
}

fn map_error(e: &reqwest::Error) -> OutboundError {
    if e.is_timeout() {
        OutboundError::Timeout
    } else if e.is_connect() {
        OutboundError::Connect(root_cause(e))
    } else {
        OutboundError::Other(root_cause(e))
    }
}

/// The innermost error's text: "connection refused" rather than reqwest's
/// wrapper, which repeats the URL.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

struct ReqwestBody(reqwest::Response);

#[async_trait(?Send)]
impl BodyStream for ReqwestBody {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, OutboundError> {
        self.0.chunk().await.map_err(|e| map_error(&e))
    }
}

#[async_trait(?Send)]
impl HttpClient for ReqwestHttp {
    async fn send(&self, request: OutboundRequest) -> Result<OutboundResponse, OutboundError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| OutboundError::Other(format!("invalid method {}", request.method)))?;
        let mut builder = self
            .client
            .request(method, &request.url)
            .timeout(Duration::from_millis(request.timeout_ms.max(1)))
            .body(request.body);
        for (k, v) in request.headers.iter() {
            builder = builder.header(k, v);
        }
        let response = builder.send().await.map_err(|e| map_error(&e))?;
        let mut headers = Headers::new();
        for (k, v) in response.headers() {
            if let Ok(v) = v.to_str() {
                headers.append(k.as_str(), v);
            }
        }
        Ok(OutboundResponse {
            status: response.status().as_u16(),
            headers,
            body: Box::new(ReqwestBody(response)),
        })
    }
}
