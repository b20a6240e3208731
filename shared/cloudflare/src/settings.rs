//! Settings from the Worker's environment: `[vars]` and secrets by the same
//! names the native host reads from its process environment, plus which
//! store the bindings point at.

use preloop_core::config::Config;
use preloop_core::secrets::Cipher;

/// The Hyperdrive binding that fronts Postgres when deployed.
pub const HYPERDRIVE_BINDING: &str = "HYPERDRIVE";
/// The D1 database used when no Postgres is configured.
pub const D1_BINDING: &str = "DB";

/// Where this deployment keeps its data.
pub enum StoreChoice {
    /// Postgres through the Hyperdrive binding (deployed).
    Hyperdrive,
    /// Postgres straight over a socket (`DATABASE_URL`; local development
    /// and databases reachable without Hyperdrive).
    Direct(String),
    /// D1: no external database at all.
    D1,
}

pub struct Settings {
    pub config: Config,
    pub cipher: Cipher,
    pub admin_key: Option<String>,
    pub store: StoreChoice,
}

/// A text binding, whether declared as a var or a secret.
pub fn text(env: &worker::Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()
        .filter(|v| !v.is_empty())
}

impl Settings {
    /// Reads everything a request needs. The error names the setting and
    /// how to fix it; it never contains a secret's value.
    pub fn read(env: &worker::Env) -> Result<Settings, String> {
        let config = Config::from_vars(&|name| text(env, name))?;
        let cipher = match text(env, "PRELOOP_SECRET_KEY") {
            Some(hex) => {
                Cipher::from_hex(&hex).map_err(|e| format!("PRELOOP_SECRET_KEY: {}", e.message))?
            }
            None => {
                return Err(
                    "PRELOOP_SECRET_KEY is not set (wrangler secret put PRELOOP_SECRET_KEY; 64 hex characters)"
                        .into(),
                );
            }
        };
        let store = if env.hyperdrive(HYPERDRIVE_BINDING).is_ok() {
            StoreChoice::Hyperdrive
        } else if let Some(url) = text(env, "DATABASE_URL") {
            StoreChoice::Direct(url)
        } else if env.d1(D1_BINDING).is_ok() {
            StoreChoice::D1
        } else {
            return Err(format!(
                "no store: bind Hyperdrive as {HYPERDRIVE_BINDING}, set DATABASE_URL, or bind a D1 database as {D1_BINDING}"
            ));
        };
        Ok(Settings {
            config,
            cipher,
            admin_key: text(env, "PRELOOP_ADMIN_KEY"),
            store,
        })
    }
}
