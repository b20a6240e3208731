//! DNS-rebinding protection for a loopback bind. A web page on
//! `evil.example` whose name its owner points at 127.0.0.1 reaches a local
//! Preloop from the victim's browser as same-origin, so `Origin` is no help;
//! the `Host` header still says `evil.example`. On a loopback bind only
//! loopback names, the public URL's host and the hosts named in
//! `PRELOOP_ALLOWED_HOSTS` are served. On any other bind every host is.

use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct HostGuard {
    /// `None`: any host (not a loopback bind).
    allowed: Option<Vec<String>>,
}

impl HostGuard {
    pub fn new(bind: SocketAddr, public_url: Option<&str>, extra: &[String]) -> Self {
        if !bind.ip().is_loopback() {
            return HostGuard { allowed: None };
        }
        let mut allowed: Vec<String> = extra
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        if let Some(host) = public_url.and_then(url_host) {
            allowed.push(host);
        }
        HostGuard {
            allowed: Some(allowed),
        }
    }

    /// Whether a request with this `Host` header is served. One without
    /// (HTTP/1.0) comes from no browser, which always sends it.
    pub fn allows(&self, host_header: Option<&str>) -> bool {
        let (Some(allowed), Some(header)) = (&self.allowed, host_header) else {
            return true;
        };
        let host = without_port(header.trim()).to_ascii_lowercase();
        is_loopback_name(&host) || allowed.iter().any(|a| a == "*" || *a == host)
    }
}

fn is_loopback_name(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `example.com:8443` → `example.com`; `[::1]:8787` → `[::1]`.
fn without_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.split(':').next().unwrap_or(host)
}

fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = without_port(authority.rsplit('@').next()?);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(public_url: Option<&str>, extra: &[&str]) -> HostGuard {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        HostGuard::new(
            "127.0.0.1:8787".parse().unwrap_or_else(|_| unreachable!()),
            public_url,
            &extra,
        )
    }

    #[test]
    fn a_loopback_bind_serves_loopback_names_and_the_ones_configured() {
        let g = loopback(
            Some("https://preloop.example.com/base"),
            &["proxy.internal"],
        );
        for ok in [
            "localhost",
            "localhost:8787",
            "LOCALHOST:8787",
            "127.0.0.1:8787",
            "127.0.0.2",
            "[::1]:8787",
            "app.localhost:3000",
            "preloop.example.com",
            "preloop.example.com:443",
            "proxy.internal:8080",
        ] {
            assert!(g.allows(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8787",
            "127.0.0.1.evil.example",
            "[::2]",
            "localhost.evil.example",
            "",
        ] {
            assert!(!g.allows(Some(bad)), "{bad}");
        }
        assert!(g.allows(None));
    }

    #[test]
    fn other_binds_serve_every_host() {
        let g = HostGuard::new(
            "0.0.0.0:8787".parse().unwrap_or_else(|_| unreachable!()),
            None,
            &[],
        );
        assert!(g.allows(Some("evil.example")));
        assert!(loopback(None, &["*"]).allows(Some("anything.example")));
    }
}
