//! Settings from Spin variables: the native host's environment names in
//! lower case (`PRELOOP_PUBLIC_URL` is the variable `preloop_public_url`),
//! because Spin variable names are lower-case. Each must be declared in
//! `spin.toml`; a declared variable with an empty default counts as unset.

use preloop_core::config::{self, Config};
use preloop_core::secrets::Cipher;
use std::collections::HashMap;

/// Where this application keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreChoice {
    /// Postgres through Spin's Postgres interface (`database_url`).
    Postgres(String),
    /// Spin's `default` SQLite database: no external database at all.
    Sqlite,
}

pub struct Settings {
    pub config: Config,
    pub cipher: Cipher,
    pub admin_key: Option<String>,
    pub store: StoreChoice,
}

/// Settings read besides the ones [`Config`] holds.
const OWN: &[&str] = &["PRELOOP_SECRET_KEY", "PRELOOP_ADMIN_KEY", "DATABASE_URL"];

/// The settings read besides [`config::VARIABLES`], by environment name.
pub fn settings_read_besides_config() -> &'static [&'static str] {
    OWN
}

/// The Spin variable that carries an environment name's setting.
pub fn variable_name(env_name: &str) -> String {
    env_name.to_ascii_lowercase()
}

impl Settings {
    /// Reads every setting from Spin's variables. The error names the
    /// setting and how to fix it; it never contains a secret's value.
    pub async fn read() -> Result<Settings, String> {
        let mut values = HashMap::new();
        for name in config::VARIABLES.iter().chain(OWN) {
            let variable = variable_name(name);
            match spin_sdk::variables::get(&variable).await {
                Ok(value) if !value.trim().is_empty() => {
                    values.insert(*name, value);
                }
                Ok(_) | Err(spin_sdk::variables::Error::Undefined(_)) => {}
                Err(e) => return Err(format!("variable {variable}: {e}")),
            }
        }
        Settings::from_values(&values)
    }

    /// The settings from values already read, by environment name.
    pub fn from_values(values: &HashMap<&str, String>) -> Result<Settings, String> {
        let get = |name: &str| values.get(name).cloned();
        let config = Config::from_vars(&get)?;
        let cipher = match get("PRELOOP_SECRET_KEY") {
            Some(hex) => {
                Cipher::from_hex(&hex).map_err(|e| format!("preloop_secret_key: {}", e.message))?
            }
            None => {
                return Err(
                    "preloop_secret_key is not set (spin up --variable preloop_secret_key=<64 hex>, or SPIN_VARIABLE_PRELOOP_SECRET_KEY)"
                        .into(),
                );
            }
        };
        let store = match get("DATABASE_URL") {
            Some(url) => StoreChoice::Postgres(url),
            None => StoreChoice::Sqlite,
        };
        Ok(Settings {
            config,
            cipher,
            admin_key: get("PRELOOP_ADMIN_KEY"),
            store,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    #[test]
    fn store_and_secrets_from_variables() {
        let mut values = HashMap::new();
        assert!(
            Settings::from_values(&values)
                .err()
                .unwrap_or_default()
                .contains("preloop_secret_key is not set")
        );
        values.insert("PRELOOP_SECRET_KEY", "not hex".to_string());
        let refused = Settings::from_values(&values).err().unwrap_or_default();
        assert!(refused.starts_with("preloop_secret_key:"), "{refused}");
        assert!(!refused.contains("not hex"), "{refused}");

        values.insert("PRELOOP_SECRET_KEY", KEY.to_string());
        values.insert("PRELOOP_PUBLIC_URL", "https://preloop.example".to_string());
        let settings = Settings::from_values(&values).ok();
        let settings = settings.as_ref();
        assert_eq!(settings.map(|s| s.store.clone()), Some(StoreChoice::Sqlite));
        assert_eq!(
            settings.map(|s| s.config.public_url.as_str()),
            Some("https://preloop.example")
        );

        values.insert("DATABASE_URL", "postgres://db/preloop".to_string());
        let settings = Settings::from_values(&values).ok();
        assert_eq!(
            settings.map(|s| s.store),
            Some(StoreChoice::Postgres("postgres://db/preloop".into()))
        );
        assert_eq!(variable_name("PRELOOP_SECRET_KEY"), "preloop_secret_key");
    }
}
