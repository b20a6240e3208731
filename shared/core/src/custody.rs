//! Secret custody: credentials Preloop uses but does not keep. Besides the
//! sealed values in the store (`local_encrypted`, [`crate::secrets`]), a
//! secret may live in Vault or OpenBao's KV version 2 and be named by a
//! reference such as `vault:secret/data/preloop/openai#api_key`; it is read
//! when it is needed, through the HTTP port (so the same code runs natively,
//! in a Worker and on Spin), and kept in memory for a minute.
//!
//! Authentication is a token (`PRELOOP_VAULT_TOKEN`) or AppRole
//! (`PRELOOP_VAULT_ROLE_ID` and `PRELOOP_VAULT_SECRET_ID`, logged in on
//! first use and again when the token is refused or its lease ends).

use crate::Env;
use crate::error::{Error, Result};
use crate::http::Headers;
use crate::ports::OutboundRequest;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// How to reach Vault or OpenBao. Its token and AppRole secret are never
/// printed.
#[derive(Clone, Default, PartialEq)]
pub struct VaultConfig {
    /// `https://vault.internal:8200`.
    pub addr: String,
    pub token: Option<String>,
    pub role_id: Option<String>,
    pub secret_id: Option<String>,
    /// Vault Enterprise's namespace header, if one is used.
    pub namespace: Option<String>,
}

impl std::fmt::Debug for VaultConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultConfig")
            .field("addr", &self.addr)
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .field("role_id", &self.role_id)
            .field("secret_id", &self.secret_id.as_ref().map(|_| "[REDACTED]"))
            .field("namespace", &self.namespace)
            .finish()
    }
}

/// A secret in KV version 2: the mount, the path under it, the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub mount: String,
    pub path: String,
    pub field: String,
}

/// The longest reference accepted.
const MAX_REFERENCE: usize = 512;
/// How long a secret read is kept in memory, in milliseconds.
const CACHE_MS: i64 = 60_000;
/// A secret larger than this is not a credential.
const MAX_SECRET_BYTES: usize = 64 * 1024;

impl Reference {
    /// Reads `vault:<mount>/data/<path>#<field>`.
    pub fn parse(text: &str) -> Result<Reference> {
        let bad = || {
            Error::bad_request(
                "a secret reference reads vault:<mount>/data/<path>#<field> (KV version 2)",
            )
        };
        if text.len() > MAX_REFERENCE {
            return Err(bad());
        }
        let rest = text.strip_prefix("vault:").ok_or_else(bad)?;
        let (location, field) = rest.rsplit_once('#').ok_or_else(bad)?;
        let (mount, path) = location.split_once("/data/").ok_or_else(bad)?;
        let clean = |s: &str| {
            !s.is_empty()
                && s.split('/').all(|part| {
                    !part.is_empty()
                        && part != ".."
                        && part != "."
                        && part
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                })
        };
        if !clean(mount) || !clean(path) || !clean(field) || field.contains('/') {
            return Err(bad());
        }
        Ok(Reference {
            mount: mount.to_string(),
            path: path.to_string(),
            field: field.to_string(),
        })
    }
}

thread_local! {
    /// Secrets read lately, by reference, with when they stop being kept.
    static SECRETS: RefCell<HashMap<String, (String, i64)>> = RefCell::new(HashMap::new());
    /// The AppRole login's token and when its lease ends.
    static LOGIN: RefCell<Option<(String, i64)>> = const { RefCell::new(None) };
}

fn vault(env: &Env) -> Result<&VaultConfig> {
    env.config.vault.as_ref().ok_or_else(|| {
        Error::bad_request(
            "no secret store is configured: set PRELOOP_VAULT_ADDR and a token or AppRole",
        )
    })
}

fn base_headers(v: &VaultConfig) -> Headers {
    let mut h = Headers::new();
    h.insert("accept", "application/json");
    if let Some(ns) = &v.namespace {
        h.insert("x-vault-namespace", ns.as_str());
    }
    h
}

/// Sends one request to Vault: its status and JSON body. An unreachable
/// Vault is an outage (the request that needed it fails closed).
async fn send(
    env: &Env,
    method: &str,
    url: String,
    headers: Headers,
    body: Option<Value>,
) -> Result<(u16, Value)> {
    let request = OutboundRequest {
        method: method.into(),
        url,
        headers,
        body: body.map(|b| b.to_string()).unwrap_or_default().into(),
        timeout_ms: env.config.upstream_timeout_ms,
    };
    let response = env.http().send(request).await.map_err(|e| {
        tracing::warn!(error = %e, "the secret store cannot be reached");
        Error::unavailable("the secret store cannot be reached")
    })?;
    let status = response.status;
    let raw = response
        .read_all(MAX_SECRET_BYTES * 2)
        .await
        .map_err(|_| Error::unavailable("the secret store's answer broke off"))?;
    Ok((status, serde_json::from_slice(&raw).unwrap_or(Value::Null)))
}

/// The token to read with: the configured one, or an AppRole login's.
async fn token(env: &Env, v: &VaultConfig, fresh: bool) -> Result<String> {
    if let Some(t) = &v.token {
        return Ok(t.clone());
    }
    let (Some(role_id), Some(secret_id)) = (&v.role_id, &v.secret_id) else {
        return Err(Error::bad_request(
            "the secret store needs PRELOOP_VAULT_TOKEN, or PRELOOP_VAULT_ROLE_ID and PRELOOP_VAULT_SECRET_ID",
        ));
    };
    let now = env.now_ms();
    if !fresh
        && let Some(t) = LOGIN.with(|l| {
            l.borrow()
                .as_ref()
                .filter(|(_, until)| *until > now)
                .map(|(t, _)| t.clone())
        })
    {
        return Ok(t);
    }
    let mut headers = base_headers(v);
    headers.insert("content-type", "application/json");
    let (status, body) = send(
        env,
        "POST",
        format!("{}/v1/auth/approle/login", v.addr.trim_end_matches('/')),
        headers,
        Some(serde_json::json!({"role_id": role_id, "secret_id": secret_id})),
    )
    .await?;
    let token = body
        .pointer("/auth/client_token")
        .and_then(Value::as_str)
        .filter(|_| status == 200)
        .ok_or_else(|| {
            tracing::warn!(status, "AppRole login to the secret store was refused");
            Error::unavailable("the secret store refused Preloop's AppRole login")
        })?
        .to_string();
    let lease_ms = body
        .pointer("/auth/lease_duration")
        .and_then(Value::as_i64)
        .unwrap_or(300)
        .saturating_mul(1000);
    // Renewed a little before the lease ends.
    let until = now + (lease_ms * 9 / 10);
    LOGIN.with(|l| *l.borrow_mut() = Some((token.clone(), until)));
    Ok(token)
}

/// The `Secrets` port: where a credential Preloop uses is kept, and how it
/// is read back for the one request that needs it. Two backends:
/// [`LocalEncrypted`] (sealed in the store with the deployment's key) and
/// [`VaultKv2`] (Vault or OpenBao, named by reference). A credential's
/// stored form says which it is in.
#[async_trait::async_trait(?Send)]
pub trait Secrets {
    /// The backend's name, as the API and the docs say it.
    fn name(&self) -> &'static str;
    /// The credential `handle` names: a sealed value, or a reference.
    /// Errors never carry the secret.
    async fn reveal(&self, env: &Env, handle: &str) -> Result<String>;
}

/// Sealed in the store with the deployment's key ([`crate::secrets`]).
pub struct LocalEncrypted;

#[async_trait::async_trait(?Send)]
impl Secrets for LocalEncrypted {
    fn name(&self) -> &'static str {
        "local_encrypted"
    }
    async fn reveal(&self, env: &Env, handle: &str) -> Result<String> {
        env.cipher().open(handle)
    }
}

/// Kept in Vault or OpenBao's KV version 2, named by a [`Reference`].
pub struct VaultKv2;

#[async_trait::async_trait(?Send)]
impl Secrets for VaultKv2 {
    fn name(&self) -> &'static str {
        "vault"
    }
    async fn reveal(&self, env: &Env, handle: &str) -> Result<String> {
        read(env, handle).await
    }
}

/// A credential as it is stored: sealed with the deployment's key, or the
/// reference to where it is kept; and its last four characters, to tell
/// credentials apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stored {
    pub sealed: Option<String>,
    pub reference: Option<String>,
    pub hint: Option<String>,
}

/// The longest credential taken.
pub const MAX_CREDENTIAL: usize = 4096;

/// The last four characters of a credential.
pub fn hint(credential: &str) -> String {
    let tail: Vec<char> = credential.chars().rev().take(4).collect();
    tail.into_iter().rev().collect()
}

/// Takes a credential given as a value (sealed here) or as a reference to
/// Vault or OpenBao: one or the other, named `field` and `{field}_ref` in
/// errors. A reference is read once now, so nothing is saved with a
/// credential that cannot be found, and its hint comes from the credential
/// itself.
pub async fn store(
    env: &Env,
    field: &str,
    value: Option<String>,
    reference: Option<String>,
) -> Result<Stored> {
    let value = value.filter(|k| !k.is_empty());
    if let Some(k) = &value
        && (k.len() > MAX_CREDENTIAL || k.chars().any(|c| c.is_control() || c == ' '))
    {
        return Err(Error::bad_request(format!(
            "{field} must be one token of at most {MAX_CREDENTIAL} characters"
        )));
    }
    if value.is_some() && reference.is_some() {
        return Err(Error::bad_request(format!(
            "give {field} or {field}_ref, not both"
        )));
    }
    let referenced = match &reference {
        Some(r) => Some(VaultKv2.reveal(env, r).await?),
        None => None,
    };
    let sealed = value
        .as_deref()
        .map(|k| env.cipher().seal(env.random(), k))
        .transpose()?;
    let hint = value.as_deref().or(referenced.as_deref()).map(hint);
    Ok(Stored {
        sealed,
        reference,
        hint,
    })
}

/// Reads the secret `reference` names. Errors never carry the secret or
/// the store's token.
pub async fn read(env: &Env, reference: &str) -> Result<String> {
    let r = Reference::parse(reference)?;
    let now = env.now_ms();
    if let Some(value) = SECRETS.with(|s| {
        s.borrow()
            .get(reference)
            .filter(|(_, until)| *until > now)
            .map(|(v, _)| v.clone())
    }) {
        return Ok(value);
    }
    let v = vault(env)?;
    let url = format!(
        "{}/v1/{}/data/{}",
        v.addr.trim_end_matches('/'),
        r.mount,
        r.path
    );
    let mut answer = None;
    for fresh in [false, true] {
        let mut headers = base_headers(v);
        headers.insert("x-vault-token", token(env, v, fresh).await?);
        let (status, body) = send(env, "GET", url.clone(), headers, None).await?;
        // A login's token that was refused (expired, revoked) is renewed
        // once; a configured token is what it is.
        if status == 403 && v.token.is_none() && !fresh {
            continue;
        }
        answer = Some((status, body));
        break;
    }
    let Some((status, body)) = answer else {
        return Err(Error::unavailable("the secret store refused Preloop"));
    };
    match status {
        200 => {}
        404 => {
            return Err(Error::bad_request(format!(
                "the secret store has no secret at {}/data/{}",
                r.mount, r.path
            )));
        }
        403 => {
            // An operator's business (a policy that does not cover the
            // path): said in the log, with the path but never the token.
            tracing::warn!(
                path = %format!("{}/data/{}", r.mount, r.path),
                status = 403,
                "the secret store refused Preloop's token"
            );
            return Err(Error::unavailable(
                "the secret store refused Preloop's token",
            ));
        }
        other => {
            tracing::warn!(status = other, "the secret store failed a read");
            return Err(Error::unavailable("the secret store failed"));
        }
    }
    let value = body
        .pointer("/data/data")
        .and_then(|d| d.get(&r.field))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty() && s.len() <= MAX_SECRET_BYTES)
        .ok_or_else(|| {
            Error::bad_request(format!(
                "the secret at {}/data/{} has no field '{}'",
                r.mount, r.path, r.field
            ))
        })?
        .to_string();
    SECRETS.with(|s| {
        let mut s = s.borrow_mut();
        s.retain(|_, (_, until)| *until > now);
        s.insert(reference.to_string(), (value.clone(), now + CACHE_MS));
    });
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_a_kv2_field_and_nothing_else() {
        let r = Reference::parse("vault:secret/data/preloop/openai#api_key").unwrap();
        assert_eq!(
            (r.mount.as_str(), r.path.as_str(), r.field.as_str()),
            ("secret", "preloop/openai", "api_key")
        );
        for bad in [
            "secret/data/x#k",
            "vault:secret/x#k",
            "vault:secret/data/x",
            "vault:secret/data/../sys#k",
            "vault:secret/data/x#",
            "vault:secret/data/a b#k",
            "vault:/data/x#k",
        ] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
        assert!(Reference::parse(&format!("vault:s/data/{}#k", "a".repeat(600))).is_err());
    }

    #[test]
    fn the_config_never_prints_its_secrets() {
        let v = VaultConfig {
            addr: "http://127.0.0.1:8200".into(),
            token: Some("hvs.topsecret".into()),
            role_id: None,
            secret_id: Some("s3cr3t-id".into()),
            namespace: None,
        };
        let shown = format!("{v:?}");
        assert!(!shown.contains("topsecret") && !shown.contains("s3cr3t-id"));
    }
}
