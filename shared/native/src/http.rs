//! Outbound HTTP on reqwest (rustls), with bodies read chunk by chunk, and
//! every address checked against the egress policy when it is connected to
//! (literal addresses before sending, names as they resolve), so DNS
//! rebinding cannot turn an allowed name into a metadata address.

use async_trait::async_trait;
use bytes::Bytes;
use preloop_core::egress::EgressPolicy;
use preloop_core::http::Headers;
use preloop_core::ports::{
    BodyStream, HttpClient, OutboundError, OutboundRequest, OutboundResponse,
};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct ReqwestHttp {
    client: reqwest::Client,
    egress: EgressPolicy,
}

impl ReqwestHttp {
    pub fn new(egress: EgressPolicy) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .pool_idle_timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver(egress)))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(ReqwestHttp { client, egress })
    }

    /// The same client with a connection pool of its own, for one thread.
    /// A pooled connection is driven by a task on the runtime that opened
    /// it; with one pool shared by every worker thread (each with its own
    /// runtime), most requests would wait for another thread to wake up.
    pub fn for_this_thread(&self) -> Self {
        Self::new(self.egress).unwrap_or_else(|_| self.clone())
    }
}

/// Resolves with the system resolver and keeps only the addresses the
/// egress policy allows; none left is a connection error.
struct GuardedResolver(EgressPolicy);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.0;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| policy.check_ip(a.ip()).is_ok())
                .collect();
            if allowed.is_empty() {
                let why = found
                    .first()
                    .and_then(|a| policy.check_ip(a.ip()).err())
                    .map(|e| e.message)
                    .unwrap_or_else(|| "no address".into());
                return Err(format!("{host} resolves to a refused address: {why}").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
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
        let url = reqwest::Url::parse(&request.url)
            .map_err(|_| OutboundError::Other("invalid URL".into()))?;
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal {
            self.egress
                .check_ip(ip)
                .map_err(|e| OutboundError::Connect(e.message))?;
        }
        let mut builder = self
            .client
            .request(method, url)
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
