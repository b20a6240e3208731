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
    /// Write-time bounds on a CEL condition (length, nesting, tree size).
    pub condition_limits: crate::policy::bounds::ConditionLimits,
    /// Cost units one decision may spend evaluating conditions.
    pub cel_budget: u64,
    /// Bounds on a policy file (size, depth, values with aliases expanded).
    pub policy_file_limits: crate::policy::yaml::YamlLimits,
    /// Which non-public networks upstreams and notification endpoints may
    /// be on (`PRELOOP_EGRESS_ALLOW`).
    pub egress: crate::egress::EgressPolicy,
    /// The Ed25519 seed (hex) that signs audit checkpoints. Kept in memory
    /// only; without it no checkpoints are written.
    pub audit_signing_key: Option<String>,
    /// Public keys (hex) whose checkpoints are trusted besides the signing
    /// key's own: earlier keys after a rotation.
    pub audit_public_keys: Vec<String>,
    /// How often each account's audit chain is checkpointed and signed.
    pub audit_checkpoint_ms: u64,
    /// How often the scheduled function scans each server again to notice
    /// a changed tool definition; 0: never (scans on request and on
    /// `list_changed` still do).
    pub tool_check_ms: u64,
    /// Records older than this many days are removed (only up to a signed
    /// checkpoint); none when unset.
    pub audit_retention_days: Option<u64>,
    /// Answers carry `Server-Timing: store;desc="N round trips"`: how many
    /// exchanges with the store the request waited for. A diagnostic, off
    /// by default.
    pub server_timing: bool,
    /// The keys access tokens are signed and verified with
    /// (`PRELOOP_JWT_KEYS`, `kid:hex,…`; the first signs). Without any,
    /// nobody can sign in and access tokens are refused.
    pub jwt_keys: crate::auth::jwt::JwtKeys,
    /// How long an access token lives, in seconds (`PRELOOP_ACCESS_TOKEN_TTL_S`).
    pub access_token_ttl_s: i64,
    /// How long a sign-in lasts without signing in again, in seconds
    /// (`PRELOOP_SESSION_TTL_S`): its refresh tokens expire with it.
    pub session_ttl_s: i64,
    /// Whether anyone may create an account (`REGISTRATION_ENABLED`).
    pub registration_enabled: bool,
    /// Vault or OpenBao, for secrets named by reference
    /// (`PRELOOP_VAULT_ADDR` and a token or AppRole); `None`: only sealed
    /// values in the store.
    pub vault: Option<crate::custody::VaultConfig>,
    /// An OpenAI-compatible embeddings endpoint for issue search
    /// (`PRELOOP_EMBEDDINGS_URL`, `_MODEL`, `_API_KEY`), Preloop's own
    /// gateway included; `None`: the host's built-in model, where it has one.
    pub embeddings: Option<crate::model_api::EndpointConfig>,
    /// An OpenAI-compatible chat model that evaluates issues against the
    /// definition of ready (`PRELOOP_COMPLIANCE_URL`, `_MODEL`, `_API_KEY`),
    /// Preloop's own gateway included; `None`: the rule-based scorer alone.
    pub compliance_model: Option<crate::model_api::EndpointConfig>,
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
            condition_limits: crate::policy::bounds::ConditionLimits::default(),
            cel_budget: crate::policy::bounds::DEFAULT_BUDGET,
            policy_file_limits: crate::policy::yaml::YamlLimits::default(),
            egress: crate::egress::EgressPolicy::default(),
            audit_signing_key: None,
            audit_public_keys: Vec::new(),
            audit_checkpoint_ms: 600_000,
            tool_check_ms: 900_000,
            audit_retention_days: None,
            server_timing: false,
            jwt_keys: Default::default(),
            access_token_ttl_s: crate::auth::jwt::DEFAULT_ACCESS_TTL_S,
            session_ttl_s: 30 * 24 * 3600,
            registration_enabled: true,
            vault: None,
            embeddings: None,
            compliance_model: None,
        }
    }
}

/// Every name [`Config::from_vars`] reads, for hosts that must fetch their
/// settings before reading them (Spin's variables are async and must each
/// be declared in `spin.toml`).
pub const VARIABLES: &[&str] = &[
    "PRELOOP_MAX_BODY_BYTES",
    "PRELOOP_ALLOWED_ORIGINS",
    "PRELOOP_UPSTREAM_TIMEOUT_MS",
    "PRELOOP_PUBLIC_URL",
    "PRELOOP_APPROVAL_HOLD_MS",
    "PRELOOP_NOTIFY_RETRY_BASE_MS",
    "PUSH_PROXY_URL",
    "PUSH_PROXY_API_KEY",
    "PRELOOP_CONDITION_MAX_LENGTH",
    "PRELOOP_CONDITION_MAX_DEPTH",
    "PRELOOP_CONDITION_MAX_NODES",
    "PRELOOP_CEL_BUDGET",
    "PRELOOP_SERVER_TIMING",
    "PRELOOP_POLICY_MAX_BYTES",
    "PRELOOP_POLICY_MAX_DEPTH",
    "PRELOOP_POLICY_MAX_NODES",
    "PRELOOP_EGRESS_ALLOW",
    "PRELOOP_AUDIT_SIGNING_KEY",
    "PRELOOP_AUDIT_PUBLIC_KEYS",
    "PRELOOP_AUDIT_CHECKPOINT_MS",
    "PRELOOP_AUDIT_RETENTION_DAYS",
    "PRELOOP_TOOL_CHECK_MS",
    "PRELOOP_JWT_KEYS",
    "PRELOOP_ACCESS_TOKEN_TTL_S",
    "PRELOOP_SESSION_TTL_S",
    "REGISTRATION_ENABLED",
    "PRELOOP_VAULT_ADDR",
    "PRELOOP_VAULT_TOKEN",
    "PRELOOP_VAULT_ROLE_ID",
    "PRELOOP_VAULT_SECRET_ID",
    "PRELOOP_VAULT_NAMESPACE",
    "PRELOOP_EMBEDDINGS_URL",
    "PRELOOP_EMBEDDINGS_MODEL",
    "PRELOOP_EMBEDDINGS_API_KEY",
    "PRELOOP_COMPLIANCE_URL",
    "PRELOOP_COMPLIANCE_MODEL",
    "PRELOOP_COMPLIANCE_API_KEY",
];

/// `true`/`1` or `false`/`0`.
fn parse_flag(name: &str, value: &str) -> Result<bool, String> {
    match value.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        other => Err(format!("{name} must be true or false, not {other:?}")),
    }
}

impl Config {
    /// Reads the settings by their environment names (`PRELOOP_PUBLIC_URL`,
    /// …) through `get`: a Worker's vars, Spin's variables. The native host
    /// reads the same names through its command-line parser. Unset names keep
    /// their defaults; a value that does not parse is an error naming it.
    pub fn from_vars(get: &dyn Fn(&str) -> Option<String>) -> Result<Config, String> {
        fn number<T: std::str::FromStr>(
            get: &dyn Fn(&str) -> Option<String>,
            name: &str,
            default: T,
        ) -> Result<T, String> {
            match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse()
                    .map_err(|_| format!("{name} must be a number, not {v:?}")),
            }
        }
        let d = Config::default();
        let text = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        Ok(Config {
            max_body_bytes: number(get, "PRELOOP_MAX_BODY_BYTES", d.max_body_bytes)?,
            allowed_origins: text("PRELOOP_ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_string())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            allow_loopback_origins: d.allow_loopback_origins,
            upstream_timeout_ms: number(get, "PRELOOP_UPSTREAM_TIMEOUT_MS", d.upstream_timeout_ms)?,
            max_upstream_response_bytes: d.max_upstream_response_bytes,
            public_url: text("PRELOOP_PUBLIC_URL").unwrap_or(d.public_url),
            approval_hold_ms: number(get, "PRELOOP_APPROVAL_HOLD_MS", d.approval_hold_ms)?,
            notify_retry_base_ms: number(
                get,
                "PRELOOP_NOTIFY_RETRY_BASE_MS",
                d.notify_retry_base_ms,
            )?,
            push_proxy_url: text("PUSH_PROXY_URL"),
            push_proxy_api_key: text("PUSH_PROXY_API_KEY"),
            condition_limits: crate::policy::bounds::ConditionLimits {
                max_length: number(
                    get,
                    "PRELOOP_CONDITION_MAX_LENGTH",
                    d.condition_limits.max_length,
                )?,
                max_depth: number(
                    get,
                    "PRELOOP_CONDITION_MAX_DEPTH",
                    d.condition_limits.max_depth,
                )?,
                max_nodes: number(
                    get,
                    "PRELOOP_CONDITION_MAX_NODES",
                    d.condition_limits.max_nodes,
                )?,
            },
            cel_budget: number(get, "PRELOOP_CEL_BUDGET", d.cel_budget)?,
            server_timing: match text("PRELOOP_SERVER_TIMING") {
                Some(v) => parse_flag("PRELOOP_SERVER_TIMING", &v)?,
                None => d.server_timing,
            },
            policy_file_limits: crate::policy::yaml::YamlLimits {
                max_bytes: number(
                    get,
                    "PRELOOP_POLICY_MAX_BYTES",
                    d.policy_file_limits.max_bytes,
                )?,
                max_depth: number(
                    get,
                    "PRELOOP_POLICY_MAX_DEPTH",
                    d.policy_file_limits.max_depth,
                )?,
                max_nodes: number(
                    get,
                    "PRELOOP_POLICY_MAX_NODES",
                    d.policy_file_limits.max_nodes,
                )?,
            },
            egress: match text("PRELOOP_EGRESS_ALLOW") {
                Some(v) => crate::egress::EgressPolicy::parse(&v)?,
                None => d.egress,
            },
            audit_signing_key: text("PRELOOP_AUDIT_SIGNING_KEY"),
            audit_public_keys: text("PRELOOP_AUDIT_PUBLIC_KEYS")
                .map(|v| {
                    v.split(',')
                        .map(|k| k.trim().to_string())
                        .filter(|k| !k.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            audit_checkpoint_ms: number(get, "PRELOOP_AUDIT_CHECKPOINT_MS", d.audit_checkpoint_ms)?,
            tool_check_ms: number(get, "PRELOOP_TOOL_CHECK_MS", d.tool_check_ms)?,
            jwt_keys: match text("PRELOOP_JWT_KEYS") {
                Some(v) => crate::auth::jwt::JwtKeys::parse(&v)?,
                None => d.jwt_keys,
            },
            access_token_ttl_s: number(get, "PRELOOP_ACCESS_TOKEN_TTL_S", d.access_token_ttl_s)?,
            session_ttl_s: number(get, "PRELOOP_SESSION_TTL_S", d.session_ttl_s)?,
            registration_enabled: match text("REGISTRATION_ENABLED") {
                Some(v) => parse_flag("REGISTRATION_ENABLED", &v)?,
                None => d.registration_enabled,
            },
            vault: {
                // Every name is read, set or not (hosts list what they fetch).
                let (token, role_id, secret_id, namespace) = (
                    text("PRELOOP_VAULT_TOKEN"),
                    text("PRELOOP_VAULT_ROLE_ID"),
                    text("PRELOOP_VAULT_SECRET_ID"),
                    text("PRELOOP_VAULT_NAMESPACE"),
                );
                text("PRELOOP_VAULT_ADDR").map(|addr| crate::custody::VaultConfig {
                    addr,
                    token,
                    role_id,
                    secret_id,
                    namespace,
                })
            },
            embeddings: crate::model_api::EndpointConfig::from_settings(
                "PRELOOP_EMBEDDINGS",
                text("PRELOOP_EMBEDDINGS_URL"),
                text("PRELOOP_EMBEDDINGS_MODEL"),
                text("PRELOOP_EMBEDDINGS_API_KEY"),
            )?,
            compliance_model: crate::model_api::EndpointConfig::from_settings(
                "PRELOOP_COMPLIANCE",
                text("PRELOOP_COMPLIANCE_URL"),
                text("PRELOOP_COMPLIANCE_MODEL"),
                text("PRELOOP_COMPLIANCE_API_KEY"),
            )?,
            audit_retention_days: match text("PRELOOP_AUDIT_RETENTION_DAYS") {
                Some(_) => Some(number(get, "PRELOOP_AUDIT_RETENTION_DAYS", 0u64)?),
                None => None,
            },
        })
    }

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

    #[test]
    fn variables_lists_every_name_from_vars_reads() {
        let asked = std::cell::RefCell::new(Vec::new());
        let _ = Config::from_vars(&|name: &str| {
            asked.borrow_mut().push(name.to_string());
            None
        });
        let mut asked = asked.into_inner();
        let mut listed: Vec<String> = VARIABLES.iter().map(|v| v.to_string()).collect();
        asked.sort();
        listed.sort();
        assert_eq!(asked, listed);
    }

    #[test]
    fn from_vars_reads_names_and_refuses_garbage() {
        let vars = |name: &str| match name {
            "PRELOOP_MAX_BODY_BYTES" => Some("1024".to_string()),
            "PRELOOP_ALLOWED_ORIGINS" => Some("https://a.example, https://b.example".into()),
            "PRELOOP_PUBLIC_URL" => Some("https://preloop.example".into()),
            "PRELOOP_APPROVAL_HOLD_MS" => Some("".into()),
            _ => None,
        };
        let c = Config::from_vars(&vars).unwrap_or_default();
        assert_eq!(c.max_body_bytes, 1024);
        assert_eq!(
            c.allowed_origins,
            vec!["https://a.example", "https://b.example"]
        );
        assert_eq!(c.public_url, "https://preloop.example");
        assert_eq!(c.approval_hold_ms, Config::default().approval_hold_ms);

        let bad = |name: &str| (name == "PRELOOP_UPSTREAM_TIMEOUT_MS").then(|| "soon".to_string());
        let err = Config::from_vars(&bad).err().unwrap_or_default();
        assert!(err.contains("PRELOOP_UPSTREAM_TIMEOUT_MS"), "{err}");
    }
}
