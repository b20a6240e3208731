//! Upstreams run as child processes that speak MCP over stdin and stdout
//! (the `stdio` transport). Running them is the host's
//! ([`crate::ports::Processes`]): only `preloop serve` can, so configuring
//! one where no host runs processes is refused with the reason. What is
//! here: what a server is run as, its checks, its sealed environment, and
//! turning the host's answers into results.

use super::{Target, UpstreamError, result_of};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::ports::ProcessSpec;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a stdio server is run as: a program (a path, or a name looked up on
/// the host's `PATH`) and its arguments. Not secret: shown to admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StdioCommand {
    pub command: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

const MAX_PART_CHARS: usize = 4096;
const MAX_ARGS: usize = 256;
const MAX_ENV: usize = 100;
const MAX_ENV_VALUE_BYTES: usize = 32 * 1024;

/// Why a server of this kind cannot run here, for hosts without processes.
pub const NOT_HERE: &str = "stdio servers run as child processes of `preloop serve`; Workers and Spin components cannot start processes, so use an HTTP transport (streamable_http or sse) here";

/// Refuses stdio servers on a host that cannot run them.
pub fn check_host(env: &Env) -> Result<()> {
    if env.processes().is_none() {
        return Err(Error::bad_request(NOT_HERE));
    }
    Ok(())
}

fn check_part(what: &str, s: &str) -> Result<()> {
    if s.chars().count() > MAX_PART_CHARS {
        return Err(Error::bad_request(format!(
            "{what} is longer than {MAX_PART_CHARS} characters"
        )));
    }
    if s.contains('\0') {
        return Err(Error::bad_request(format!(
            "{what} contains a NUL character"
        )));
    }
    Ok(())
}

impl StdioCommand {
    pub fn validate(&self) -> Result<()> {
        if self.command.trim().is_empty() {
            return Err(Error::bad_request("command must not be empty"));
        }
        check_part("command", &self.command)?;
        if self.args.len() > MAX_ARGS {
            return Err(Error::bad_request(format!(
                "args may hold at most {MAX_ARGS} arguments"
            )));
        }
        for a in &self.args {
            check_part("an argument", a)?;
        }
        Ok(())
    }
}

/// Checks a stdio server's environment: portable names, bounded values.
pub fn validate_env(env: &BTreeMap<String, String>) -> Result<()> {
    if env.len() > MAX_ENV {
        return Err(Error::bad_request(format!(
            "env may set at most {MAX_ENV} variables"
        )));
    }
    for (name, value) in env {
        let mut chars = name.chars();
        let portable = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= 128;
        if !portable {
            return Err(Error::bad_request(format!(
                "env name '{}' must be letters, digits and '_', not starting with a digit",
                name.chars().take(40).collect::<String>()
            )));
        }
        if value.len() > MAX_ENV_VALUE_BYTES || value.contains('\0') {
            return Err(Error::bad_request(format!(
                "env {name}: a value must be at most {MAX_ENV_VALUE_BYTES} bytes, without NUL"
            )));
        }
    }
    Ok(())
}

/// Seals an environment for the store (`None` when it sets nothing).
pub fn seal_env(env: &Env, values: &BTreeMap<String, String>) -> Result<Option<String>> {
    if values.is_empty() {
        return Ok(None);
    }
    let text = serde_json::to_string(values).map_err(|e| Error::internal(e.to_string()))?;
    env.cipher().seal(env.random(), &text).map(Some)
}

/// A sealed environment, opened.
pub fn open_env(env: &Env, sealed: Option<&str>) -> Result<BTreeMap<String, String>> {
    let Some(sealed) = sealed else {
        return Ok(BTreeMap::new());
    };
    serde_json::from_str(&env.cipher().open(sealed)?)
        .map_err(|_| Error::internal("a stored environment could not be read"))
}

fn host(env: &Env) -> Result<&dyn crate::ports::Processes, UpstreamError> {
    env.processes()
        .ok_or_else(|| UpstreamError::Unreachable(NOT_HERE.into()))
}

fn spec<'t>(target: &'t Target<'_>) -> Result<&'t ProcessSpec, UpstreamError> {
    target
        .process
        .as_ref()
        .ok_or_else(|| UpstreamError::Protocol("a stdio server without a command".into()))
}

/// Sends one request to the server's process and returns its `result`;
/// what the server says about it meanwhile goes to `relay`.
pub(super) async fn call(
    env: &Env,
    target: &Target<'_>,
    method: &str,
    params: Value,
    relay: super::Relay<'_>,
) -> Result<Value, UpstreamError> {
    let answer = host(env)?
        .request(
            target.server_id,
            spec(target)?,
            method,
            params,
            target.timeout_ms,
            relay,
        )
        .await?;
    result_of(&answer)
}

/// What the server's handshake declared (starting its process if need be).
pub(super) async fn handshake(env: &Env, target: &Target<'_>) -> Result<Value, UpstreamError> {
    let capabilities = host(env)?
        .capabilities(target.server_id, spec(target)?, target.timeout_ms)
        .await?;
    Ok(capabilities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_environments_are_bounded() {
        let ok = StdioCommand {
            command: "uvx".into(),
            args: vec!["mcp-server-time".into()],
        };
        assert!(ok.validate().is_ok());
        let empty = StdioCommand {
            command: " ".into(),
            args: vec![],
        };
        assert!(empty.validate().is_err());
        let nul = StdioCommand {
            command: "x".into(),
            args: vec!["a\0b".into()],
        };
        assert!(nul.validate().is_err());
        let many = StdioCommand {
            command: "x".into(),
            args: vec!["a".into(); MAX_ARGS + 1],
        };
        assert!(many.validate().is_err());
        let env = |k: &str| BTreeMap::from([(k.to_string(), "v".to_string())]);
        assert!(validate_env(&env("GITHUB_TOKEN")).is_ok());
        for bad in ["", "1A", "A-B", "A B", "A=B"] {
            assert!(validate_env(&env(bad)).is_err(), "{bad}");
        }
    }
}
