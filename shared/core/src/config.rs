//! Settings every function reads, whatever runtime it is on. Hosts fill this
//! from their own environment (process env, Worker vars, Spin variables).

#[derive(Debug, Clone)]
pub struct Config {
    /// Request bodies larger than this are refused with 413.
    pub max_body_bytes: usize,
    /// Browser origins allowed to call the MCP endpoint. Requests with no
    /// `Origin` header (every non-browser client) are always allowed; an
    /// `Origin` of a loopback host is allowed when `allow_loopback_origins`.
    pub allowed_origins: Vec<String>,
    pub allow_loopback_origins: bool,
    /// Upper bound for one upstream exchange when a server sets none.
    pub upstream_timeout_ms: u64,
    /// Largest upstream response accepted.
    pub max_upstream_response_bytes: usize,
    /// Where people reach this deployment (`https://preloop.example.com`):
    /// approval links in notifications start with it.
    pub public_url: String,
    /// How long a `tools/call` that needs approval is held open (with
    /// progress notifications) before it returns a pending handle. Kept under
    /// the 30–60 s after which common MCP clients give up.
    pub approval_hold_ms: u64,
    /// First retry delay of a failed notification; each retry doubles it.
    pub notify_retry_base_ms: i64,
    /// The mobile push proxy (`PUSH_PROXY_URL`, `PUSH_PROXY_API_KEY`).
    pub push_proxy_url: Option<String>,
    pub push_proxy_api_key: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body_bytes: 4 * 1024 * 1024,
            allowed_origins: Vec::new(),
            allow_loopback_origins: true,
            upstream_timeout_ms: 30_000,
            max_upstream_response_bytes: 16 * 1024 * 1024,
            public_url: "http://127.0.0.1:8080".into(),
            approval_hold_ms: 25_000,
            notify_retry_base_ms: 5_000,
            push_proxy_url: None,
            push_proxy_api_key: None,
        }
    }
}

impl Config {
    /// Whether a browser `Origin` may talk to us (DNS-rebinding protection).
    pub fn origin_allowed(&self, origin: &str) -> bool {
        if self
            .allowed_origins
            .iter()
            .any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
        {
            return true;
        }
        if !self.allow_loopback_origins {
            return false;
        }
        let rest = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        let host = if let Some(v6) = rest.strip_prefix('[') {
            v6.split(']')
                .next()
                .map(|h| format!("[{h}]"))
                .unwrap_or_default()
        } else {
            rest.split(':').next().unwrap_or("").to_string()
        };
        matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let mut c = Config::default();
        assert!(c.origin_allowed("http://localhost:3000"));
        assert!(c.origin_allowed("http://127.0.0.1"));
        assert!(c.origin_allowed("http://[::1]:8787"));
        assert!(!c.origin_allowed("http://evil.example"));
        assert!(!c.origin_allowed("http://localhost.evil.example"));
        c.allowed_origins.push("https://console.example".into());
        assert!(c.origin_allowed("https://console.example"));
        c.allow_loopback_origins = false;
        assert!(!c.origin_allowed("http://localhost:3000"));
    }
}
