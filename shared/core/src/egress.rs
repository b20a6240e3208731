//! Where Preloop may send requests: upstream MCP servers and notification
//! endpoints are URLs an admin configures, and a URL is a way to reach
//! anything the host can (cloud metadata services, the admin ports of
//! services beside it). Link-local and metadata addresses are never
//! reached; loopback and private ranges only when a setting allows them.
//!
//! URLs are checked when they are set. Host names are checked again when
//! they are resolved, on every connection (natively, by the HTTP client's
//! resolver), so a name that resolves to a public address when registered
//! and to 169.254.169.254 later (DNS rebinding) is still refused.

use crate::error::{Error, Result};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Which non-public networks outbound requests may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EgressPolicy {
    /// 127.0.0.0/8, ::1, `localhost`.
    pub loopback: bool,
    /// 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), fc00::/7.
    pub private: bool,
}

impl Default for EgressPolicy {
    /// Loopback only: a single-machine set-up works out of the box; a
    /// deployment that reaches upstreams on its private network says so.
    fn default() -> Self {
        EgressPolicy {
            loopback: true,
            private: false,
        }
    }
}

impl EgressPolicy {
    /// Loopback and private networks allowed: what can be checked without
    /// knowing a deployment's setting (link-local, metadata, credentials).
    pub const ANY_NETWORK: EgressPolicy = EgressPolicy {
        loopback: true,
        private: true,
    };

    /// From `PRELOOP_EGRESS_ALLOW`: a comma-separated list of `loopback`,
    /// `private`; `none` or empty allows only public addresses.
    pub fn parse(s: &str) -> std::result::Result<EgressPolicy, String> {
        let mut p = EgressPolicy {
            loopback: false,
            private: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "loopback" => p.loopback = true,
                "private" => p.private = true,
                "none" => {}
                other => {
                    return Err(format!(
                        "PRELOOP_EGRESS_ALLOW: unknown network '{other}' (loopback, private or none)"
                    ));
                }
            }
        }
        Ok(p)
    }

    /// Whether a resolved address may be connected to.
    pub fn check_ip(&self, ip: IpAddr) -> Result<()> {
        let refuse = |what: &str| {
            Err(Error::bad_request(format!(
                "{ip} is {what}; outbound requests may not reach it"
            )))
        };
        match kind(ip) {
            Kind::Public => Ok(()),
            Kind::Loopback if self.loopback => Ok(()),
            Kind::Private if self.private => Ok(()),
            Kind::Loopback => {
                refuse("a loopback address (allow it with PRELOOP_EGRESS_ALLOW=loopback)")
            }
            Kind::Private => {
                refuse("a private address (allow it with PRELOOP_EGRESS_ALLOW=private)")
            }
            Kind::LinkLocal => refuse("a link-local or cloud metadata address"),
            Kind::Unroutable => refuse("not a routable address"),
        }
    }

    /// Checks a URL as it is set: absolute http(s), no credentials in it,
    /// and a host that is not a refused address or metadata name.
    pub fn check_url(&self, url: &str) -> Result<()> {
        let host = parse_host(url)?;
        match host {
            Host::Ip(ip) => self.check_ip(ip),
            Host::Name(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if METADATA_NAMES.contains(&name.as_str()) {
                    return Err(Error::bad_request(format!(
                        "{name} is a cloud metadata service; outbound requests may not reach it"
                    )));
                }
                if name == "localhost" || name.ends_with(".localhost") {
                    return self.check_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
                }
                Ok(())
            }
        }
    }
}

/// Names of metadata services that resolve to link-local addresses only
/// inside their clouds (refused by name, since resolution happens there).
const METADATA_NAMES: &[&str] = &[
    "metadata.google.internal",
    "metadata",
    "metadata.azure.internal",
    "instance-data",
    "instance-data.ec2.internal",
];

enum Kind {
    Public,
    Loopback,
    Private,
    LinkLocal,
    Unroutable,
}

fn kind(ip: IpAddr) -> Kind {
    match ip {
        IpAddr::V4(v4) => kind_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return kind_v4(v4);
            }
            let s = v6.segments();
            if s[0] == 0x2001 && s[1] == 0 {
                // Teredo hides the client's IPv4 address: refuse rather
                // than guess where it leads.
                return Kind::Unroutable;
            }
            if v6.is_loopback() {
                Kind::Loopback
            } else if v6.is_unspecified() || v6.is_multicast() {
                Kind::Unroutable
            } else if (s[0] & 0xffc0) == 0xfe80 || v6 == AWS_METADATA_V6 {
                Kind::LinkLocal
            } else if (s[0] & 0xfe00) == 0xfc00 {
                Kind::Private
            } else {
                Kind::Public
            }
        }
    }
}

/// The IPv4 address an IPv6 address carries and leads to: mapped
/// (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`,
/// `64:ff9b:1::/48`) and 6to4 (`2002:AABB:CCDD::/48`).
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let low =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[..6] == [0, 0, 0, 0, 0, 0] && !v6.is_loopback() && !v6.is_unspecified() {
        return Some(low(s[6], s[7]));
    }
    if s[0] == 0x64 && s[1] == 0xff9b && (s[2] == 0 || s[2] == 1) {
        return Some(low(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return Some(low(s[1], s[2]));
    }
    None
}

/// AWS's IPv6 instance metadata endpoint (inside fc00::/7, but never
/// reachable on purpose).
const AWS_METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);

fn kind_v4(v4: Ipv4Addr) -> Kind {
    let o = v4.octets();
    if v4.is_loopback() {
        Kind::Loopback
    } else if v4.is_link_local() || v4 == Ipv4Addr::new(100, 100, 100, 200) {
        // 169.254/16 (AWS, GCP, Azure metadata), Alibaba's 100.100.100.200.
        Kind::LinkLocal
    } else if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() || o[0] == 0 {
        Kind::Unroutable
    } else if v4.is_private() || (o[0] == 100 && (o[1] & 0xc0) == 64) {
        Kind::Private
    } else {
        Kind::Public
    }
}

enum Host {
    Ip(IpAddr),
    Name(String),
}

/// The host of an absolute http(s) URL, refusing user info. A last label
/// that is numeric makes URL parsers read the host as an IPv4 address in
/// any of several notations (`2130706433`, `0x7f.1`); only the dotted quad
/// is accepted, so what is checked is what will be connected to.
fn parse_host(url: &str) -> Result<Host> {
    let bad = || Error::bad_request("url must be an absolute http:// or https:// URL");
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(bad)?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(Error::bad_request(
            "url may not carry credentials (user:password@); give them as auth_header",
        ));
    }
    if authority.contains('\\') {
        return Err(bad());
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        let (addr, _) = v6.split_once(']').ok_or_else(bad)?;
        let ip: Ipv6Addr = addr.parse().map_err(|_| bad())?;
        return Ok(Host::Ip(IpAddr::V6(ip)));
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if port.is_some_and(|p| p.parse::<u16>().is_err()) {
            return Err(bad());
        }
        host
    };
    // Names as DNS has them: letters, digits, '-', '_' and dots. Anything
    // else is read differently by different URL parsers, so it is refused.
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Error::bad_request(
            "url: the host is not a valid name or address",
        ));
    }
    let last = host.trim_end_matches('.').rsplit('.').next().unwrap_or("");
    let numeric = last.starts_with(|c: char| c.is_ascii_digit());
    if numeric {
        return host
            .trim_end_matches('.')
            .parse::<Ipv4Addr>()
            .map(|ip| Host::Ip(IpAddr::V4(ip)))
            .map_err(|_| {
                Error::bad_request("url: write an IPv4 host as four decimal numbers (a.b.c.d)")
            });
    }
    Ok(Host::Name(host.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_as_set() {
        let p = EgressPolicy::default();
        for ok in [
            "http://127.0.0.1:9/mcp",
            "http://localhost:3000/mcp",
            "https://mcp.example.com/mcp",
            "https://mcp.example.com",
            "http://[::1]:8080/x",
            "http://8.8.8.8/",
        ] {
            assert!(p.check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/",
            "http://[fd00:ec2::254]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[64:ff9b::10.0.0.1]/",
            "http://[2002:a9fe:a9fe::1]/",
            "http://[::169.254.169.254]/",
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
            "http://100.100.100.200/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://user:secret@mcp.example.com/mcp",
            "https://token@mcp.example.com/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://10.0.0.5/mcp",
            "http://192.168.1.2/",
            "http://0.0.0.0/",
            "ftp://x",
            "http://",
            "http://a b/",
            "http://host:99999/",
        ] {
            assert!(p.check_url(bad).is_err(), "{bad}");
        }
        let private = EgressPolicy {
            loopback: false,
            private: true,
        };
        assert!(private.check_url("http://10.0.0.5/mcp").is_ok());
        assert!(private.check_url("http://127.0.0.1/").is_err());
        assert!(private.check_url("http://localhost/").is_err());
        assert!(private.check_url("http://169.254.169.254/").is_err());
    }

    #[test]
    fn parsing_the_setting() {
        assert_eq!(
            EgressPolicy::parse("loopback,private"),
            Ok(EgressPolicy {
                loopback: true,
                private: true
            })
        );
        assert_eq!(
            EgressPolicy::parse("none"),
            Ok(EgressPolicy {
                loopback: false,
                private: false
            })
        );
        assert!(EgressPolicy::parse("everything").is_err());
    }
}
