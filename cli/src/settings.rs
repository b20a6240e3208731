//! Command-line flags and their environment variables.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Args, Clone)]
pub struct StoreArgs {
    /// Where the embedded store and the generated secret key live.
    #[arg(long, env = "PRELOOP_DATA_DIR", default_value = "./.preloop")]
    pub data_dir: PathBuf,
    /// Use Postgres instead of the embedded SQLite store.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Most Postgres connections per worker thread.
    #[arg(long, env = "PRELOOP_DB_POOL_SIZE", default_value_t = 8)]
    pub db_pool_size: usize,
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on.
    #[arg(long, env = "PRELOOP_LISTEN", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Use this as the first admin API key instead of generating one.
    #[arg(long, env = "PRELOOP_ADMIN_KEY", hide_env_values = true)]
    pub admin_key: Option<String>,
    /// 64 hex characters; encrypts upstream credentials at rest. Generated
    /// into the data directory when not given.
    #[arg(long, env = "PRELOOP_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Request bodies larger than this are refused with 413.
    #[arg(long, env = "PRELOOP_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Extra browser origins allowed on the MCP endpoint (comma-separated);
    /// loopback origins are always allowed.
    #[arg(long, env = "PRELOOP_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,
    /// On a loopback bind, `Host` names served besides loopback names and
    /// the public URL's host (comma-separated; `*` for any).
    #[arg(long, env = "PRELOOP_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Default upper bound for one upstream call, in milliseconds.
    #[arg(long, env = "PRELOOP_UPSTREAM_TIMEOUT_MS", default_value_t = 30_000)]
    pub upstream_timeout_ms: u64,
    /// Worker threads, each with its own event loop.
    #[arg(long, env = "PRELOOP_WORKERS")]
    pub workers: Option<usize>,
    /// The address people use to reach this server; approval links in
    /// notifications start with it. Defaults to `http://<listen address>`.
    #[arg(long, env = "PRELOOP_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How long a tool call that needs approval is held open before it
    /// returns a pending handle, in milliseconds (0: return at once).
    #[arg(long, env = "PRELOOP_APPROVAL_HOLD_MS", default_value_t = 25_000)]
    pub approval_hold_ms: u64,
    /// How often the scheduled work runs (expiry, escalation, notifications).
    #[arg(long, env = "PRELOOP_SCHEDULER_INTERVAL_MS", default_value_t = 1_000)]
    pub scheduler_interval_ms: u64,
    /// First retry delay of a failed notification, in milliseconds; each
    /// further retry doubles it.
    #[arg(long, env = "PRELOOP_NOTIFY_RETRY_BASE_MS", default_value_t = 5_000)]
    pub notify_retry_base_ms: i64,
    /// A mobile push proxy for the `push` channel.
    /// Longest CEL condition accepted, in bytes.
    #[arg(long, env = "PRELOOP_CONDITION_MAX_LENGTH", default_value_t = 4096)]
    pub condition_max_length: usize,
    /// Deepest nesting of a CEL condition (brackets, unary runs, tree depth).
    #[arg(long, env = "PRELOOP_CONDITION_MAX_DEPTH", default_value_t = 32)]
    pub condition_max_depth: usize,
    /// Most nodes of a CEL condition's tree (macros expanded).
    #[arg(long, env = "PRELOOP_CONDITION_MAX_NODES", default_value_t = 500)]
    pub condition_max_nodes: usize,
    /// Cost units one policy decision may spend; over it the call is denied.
    #[arg(long, env = "PRELOOP_CEL_BUDGET", default_value_t = 1_000_000)]
    pub cel_budget: u64,
    /// Largest policy file accepted, in bytes.
    #[arg(long, env = "PRELOOP_POLICY_MAX_BYTES", default_value_t = 1 << 20)]
    pub policy_max_bytes: usize,
    /// Deepest nesting of a policy file.
    #[arg(long, env = "PRELOOP_POLICY_MAX_DEPTH", default_value_t = 64)]
    pub policy_max_depth: usize,
    /// Most values in a policy file, aliases expanded.
    #[arg(long, env = "PRELOOP_POLICY_MAX_NODES", default_value_t = 100_000)]
    pub policy_max_nodes: usize,
    /// Non-public networks upstream servers and notification endpoints may
    /// be on: `loopback`, `private` (comma-separated), or `none`.
    /// Link-local and cloud metadata addresses are always refused.
    #[arg(long, env = "PRELOOP_EGRESS_ALLOW", default_value = "loopback")]
    pub egress_allow: String,
    /// Most client connections open at once; more are answered 503. Capped
    /// to what the open-file limit allows.
    #[arg(long, env = "PRELOOP_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// How long a client may take to send a request's headers (and a new
    /// connection its first request).
    #[arg(long, env = "PRELOOP_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// How long a client may take to send a request's body.
    #[arg(long, env = "PRELOOP_BODY_TIMEOUT_MS", default_value_t = 30_000)]
    pub body_timeout_ms: u64,
    /// How long an idle keep-alive connection is kept.
    #[arg(long, env = "PRELOOP_IDLE_TIMEOUT_MS", default_value_t = 60_000)]
    pub idle_timeout_ms: u64,
    /// Bodies larger than this (or of unknown length) are read only after
    /// the request's key is checked.
    #[arg(
        long,
        env = "PRELOOP_UNAUTHENTICATED_BODY_BYTES",
        default_value_t = 65_536
    )]
    pub unauthenticated_body_bytes: usize,
    /// On SIGTERM, how long calls in flight may finish before the rest are
    /// recorded as interrupted and the process exits.
    #[arg(long, env = "PRELOOP_DRAIN_MS", default_value_t = 25_000)]
    pub drain_ms: u64,
    /// Ed25519 seed (64 hex) that signs audit checkpoints; by default a key
    /// file in the data directory (`audit-signing.key`), created on first start.
    #[arg(long, env = "PRELOOP_AUDIT_SIGNING_KEY", hide_env_values = true)]
    pub audit_signing_key: Option<String>,
    /// Earlier audit public keys (64 hex, comma-separated) whose checkpoints
    /// stay trusted after a rotation.
    #[arg(long, env = "PRELOOP_AUDIT_PUBLIC_KEYS", value_delimiter = ',')]
    pub audit_public_keys: Vec<String>,
    /// How often each account's audit chain is checkpointed and signed.
    #[arg(long, env = "PRELOOP_AUDIT_CHECKPOINT_MS", default_value_t = 600_000)]
    pub audit_checkpoint_ms: u64,
    /// How often each server is scanned again to notice a changed tool
    /// definition (0: only on request and when it says its list changed).
    #[arg(long, env = "PRELOOP_TOOL_CHECK_MS", default_value_t = 900_000)]
    pub tool_check_ms: u64,
    /// Remove audit records older than this many days (only up to a signed
    /// checkpoint, which keeps the rest verifiable). Unset: keep everything.
    #[arg(long, env = "PRELOOP_AUDIT_RETENTION_DAYS")]
    pub audit_retention_days: Option<u64>,
    /// Add `Server-Timing: store;desc="N round trips"` to answers: how many
    /// exchanges with the store the request waited for (a diagnostic).
    #[arg(long, env = "PRELOOP_SERVER_TIMING", default_value_t = false, action = clap::ArgAction::Set)]
    pub server_timing: bool,
    /// Keys that sign access tokens, `kid:hex` (at least 32 bytes), comma-
    /// separated; the first signs, all verify (put a new key first to
    /// rotate). By default a key file in the data directory
    /// (`jwt-signing.key`), created on first start.
    #[arg(long, env = "PRELOOP_JWT_KEYS", hide_env_values = true)]
    pub jwt_keys: Option<String>,
    /// How long an access token lives, in seconds.
    #[arg(long, env = "PRELOOP_ACCESS_TOKEN_TTL_S", default_value_t = 900)]
    pub access_token_ttl_s: i64,
    /// How long a sign-in lasts before signing in again, in seconds.
    #[arg(long, env = "PRELOOP_SESSION_TTL_S", default_value_t = 30 * 24 * 3600)]
    pub session_ttl_s: i64,
    /// Whether anyone may create an account (`POST /api/v1/auth/register`);
    /// with false, people join by invitation.
    #[arg(long, env = "REGISTRATION_ENABLED", default_value_t = true, action = clap::ArgAction::Set)]
    pub registration_enabled: bool,
    #[arg(long, env = "PUSH_PROXY_URL")]
    pub push_proxy_url: Option<String>,
    #[arg(long, env = "PUSH_PROXY_API_KEY", hide_env_values = true)]
    pub push_proxy_api_key: Option<String>,
    /// Vault or OpenBao (KV version 2) holding provider keys given as
    /// references (`vault:secret/data/…#field`).
    #[arg(long, env = "PRELOOP_VAULT_ADDR")]
    pub vault_addr: Option<String>,
    #[arg(long, env = "PRELOOP_VAULT_TOKEN", hide_env_values = true)]
    pub vault_token: Option<String>,
    /// AppRole instead of a token: the role id and its secret id.
    #[arg(long, env = "PRELOOP_VAULT_ROLE_ID")]
    pub vault_role_id: Option<String>,
    #[arg(long, env = "PRELOOP_VAULT_SECRET_ID", hide_env_values = true)]
    pub vault_secret_id: Option<String>,
    #[arg(long, env = "PRELOOP_VAULT_NAMESPACE")]
    pub vault_namespace: Option<String>,
    /// An OpenAI-compatible embeddings endpoint for issue search (its base
    /// URL, `…/v1`), instead of the built-in model (potion-base-2M).
    #[arg(long, env = "PRELOOP_EMBEDDINGS_URL")]
    pub embeddings_url: Option<String>,
    #[arg(long, env = "PRELOOP_EMBEDDINGS_MODEL")]
    pub embeddings_model: Option<String>,
    #[arg(long, env = "PRELOOP_EMBEDDINGS_API_KEY", hide_env_values = true)]
    pub embeddings_api_key: Option<String>,
    /// An OpenAI-compatible chat model (its base URL, `…/v1`; Preloop's own
    /// gateway works) that evaluates issues against the definition of
    /// ready beside the rule-based scorer.
    #[arg(long, env = "PRELOOP_COMPLIANCE_URL")]
    pub compliance_url: Option<String>,
    #[arg(long, env = "PRELOOP_COMPLIANCE_MODEL")]
    pub compliance_model: Option<String>,
    #[arg(long, env = "PRELOOP_COMPLIANCE_API_KEY", hide_env_values = true)]
    pub compliance_api_key: Option<String>,
}
