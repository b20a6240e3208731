//! `allowed_outbound_hosts`, as Spin enforces it: every outgoing HTTP
//! request and every database connection must match an entry of the
//! component's list, `scheme://host:port`, where the scheme and host may be
//! `*`, the host may be `*.domain`, and the port may be `*`, a number or a
//! range `a..b`; a missing port is the scheme's well-known one. A request
//! that matches nothing is refused with `HttpRequestDenied` before any
//! connection is made.

use http_body_util::BodyExt as _;
use std::future::Future;
use std::sync::Arc;
use wasmtime_wasi_http::{Error as HttpError, RequestOptions, WasiBody, WasiHttpHooks};

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Any,
    Exact(String),
    /// `*.example.com`: any name below the domain, not the domain itself.
    Subdomains(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PortPattern {
    Any,
    Range(u16, u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Allowed {
    scheme: Option<String>,
    host: HostPattern,
    port: PortPattern,
}

/// A component's `allowed_outbound_hosts`.
#[derive(Debug, Default)]
pub struct AllowedHosts(Vec<Allowed>);

pub fn well_known_port(scheme: &str) -> Option<u16> {
    Some(match scheme {
        "http" | "ws" => 80,
        "https" | "wss" => 443,
        "postgres" => 5432,
        "mysql" => 3306,
        "redis" => 6379,
        "mqtt" => 1883,
        _ => return None,
    })
}

fn parse_entry(entry: &str) -> Result<Allowed, String> {
    let bad = |why: &str| format!("allowed_outbound_hosts: {entry:?}: {why}");
    let (scheme, rest) = entry
        .split_once("://")
        .ok_or_else(|| bad("write it as scheme://host:port"))?;
    if rest.contains('/') {
        return Err(bad("no path is allowed"));
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || rest.starts_with('[') => (h, Some(p)),
        _ => (rest, None),
    };
    let host = match host {
        "" => return Err(bad("no host")),
        "*" => HostPattern::Any,
        h => match h.strip_prefix("*.") {
            Some(domain) if !domain.is_empty() && !domain.contains('*') => {
                HostPattern::Subdomains(domain.to_ascii_lowercase())
            }
            _ if h.contains('*') => return Err(bad("a wildcard host is * or *.domain")),
            _ => HostPattern::Exact(h.to_ascii_lowercase()),
        },
    };
    let scheme = match scheme {
        "*" => None,
        s if !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            Some(s.to_ascii_lowercase())
        }
        _ => return Err(bad("the scheme is a word or *")),
    };
    let port = match port {
        Some("*") => PortPattern::Any,
        Some(p) => match p.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (a.parse::<u16>(), b.parse::<u16>());
                match (a, b) {
                    (Ok(a), Ok(b)) if a < b => PortPattern::Range(a, b - 1),
                    _ => return Err(bad("a port range is low..high")),
                }
            }
            None => {
                let n = p
                    .parse::<u16>()
                    .map_err(|_| bad("the port is a number, a range or *"))?;
                PortPattern::Range(n, n)
            }
        },
        None => match scheme.as_deref().and_then(well_known_port) {
            Some(n) => PortPattern::Range(n, n),
            None => return Err(bad("name the port: this scheme has no well-known one")),
        },
    };
    Ok(Allowed { scheme, host, port })
}

impl AllowedHosts {
    pub fn parse(entries: &[String]) -> Result<AllowedHosts, String> {
        entries
            .iter()
            .map(|e| parse_entry(e))
            .collect::<Result<_, _>>()
            .map(AllowedHosts)
    }

    pub fn allows(&self, scheme: &str, host: &str, port: u16) -> bool {
        let scheme = scheme.to_ascii_lowercase();
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        self.0.iter().any(|a| {
            a.scheme.as_ref().is_none_or(|s| *s == scheme)
                && match &a.host {
                    HostPattern::Any => true,
                    HostPattern::Exact(h) => {
                        h.trim_start_matches('[').trim_end_matches(']') == host
                    }
                    HostPattern::Subdomains(d) => host
                        .strip_suffix(d.as_str())
                        .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.')),
                }
                && match a.port {
                    PortPattern::Any => true,
                    PortPattern::Range(lo, hi) => (lo..=hi).contains(&port),
                }
        })
    }

    /// Whether a URL (`scheme://host[:port]/…`) may be reached.
    pub fn allows_url(&self, url: &http::Uri) -> bool {
        let (Some(scheme), Some(host)) = (url.scheme_str(), url.host()) else {
            return false;
        };
        let Some(port) = url.port_u16().or_else(|| well_known_port(scheme)) else {
            return false;
        };
        self.allows(scheme, host, port)
    }
}

/// wasi:http's hooks for one request's store: the component's outbound
/// list is checked before wasmtime's own client sends anything.
pub struct OutboundHooks {
    component: String,
    allowed: Arc<AllowedHosts>,
}

impl OutboundHooks {
    pub fn new(component: String, allowed: Arc<AllowedHosts>) -> OutboundHooks {
        OutboundHooks { component, allowed }
    }
}

type Sent = Result<
    (
        http::Response<WasiBody>,
        Box<dyn Future<Output = Result<(), HttpError>> + Send>,
    ),
    HttpError,
>;

impl WasiHttpHooks for OutboundHooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = Result<(), HttpError>> + Send>,
    ) -> Box<dyn Future<Output = Sent> + Send> {
        drop(fut);
        if !self.allowed.allows_url(request.uri()) {
            eprintln!(
                "[spin-host] {}: outbound request to {} denied: not in allowed_outbound_hosts",
                self.component,
                request.uri()
            );
            return Box::new(async { Err(HttpError::HttpRequestDenied) });
        }
        let component = self.component.clone();
        let uri = request.uri().clone();
        Box::new(async move {
            let (response, io) = wasmtime_wasi_http::default_send_request(request, options)
                .await
                .inspect_err(|e| {
                    eprintln!("[spin-host] {component}: outbound request to {uri} failed: {e:?}")
                })?;
            Ok((
                response.map(|b| b.map_err(Into::into).boxed_unsync()),
                Box::new(io) as Box<dyn Future<Output = _> + Send>,
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(entries: &[&str]) -> AllowedHosts {
        AllowedHosts::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn entries_match_as_spin_documents() {
        let h = hosts(&[
            "https://*.example.com",
            "http://127.0.0.1:8000..8010",
            "postgres://db:*",
        ]);
        assert!(h.allows("https", "api.example.com", 443));
        assert!(!h.allows("https", "example.com", 443));
        assert!(!h.allows("https", "api.example.com", 8443));
        assert!(!h.allows("http", "api.example.com", 443));
        assert!(h.allows("http", "127.0.0.1", 8009));
        assert!(!h.allows("http", "127.0.0.1", 8010));
        assert!(h.allows("postgres", "db", 6543));
        assert!(!h.allows("postgres", "other", 5432));
        let any = hosts(&["*://*:*"]);
        assert!(any.allows("https", "anything", 1));
        assert!(!AllowedHosts::default().allows("http", "127.0.0.1", 80));
    }

    #[test]
    fn urls_take_the_schemes_port() {
        let h = hosts(&["http://localhost"]);
        let url = |s: &str| {
            s.parse::<http::Uri>()
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        assert!(h.allows_url(&url("http://localhost/x")));
        assert!(h.allows_url(&url("http://localhost:80/x")));
        assert!(!h.allows_url(&url("http://localhost:81/x")));
        assert!(!h.allows_url(&url("https://localhost/x")));
    }

    #[test]
    fn malformed_entries_are_refused() {
        for bad in [
            "localhost",
            "http://",
            "http://a/b",
            "http://a:x",
            "http://a:9..3",
            "foo://a",
            "http://a*b",
        ] {
            assert!(AllowedHosts::parse(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
