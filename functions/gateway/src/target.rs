//! Where a model request goes: the model a caller named, the provider that
//! serves it, the prices it is charged at, and the provider's key (opened
//! here, used for one request, never written anywhere).

use crate::prices::{self, Priced};
use preloop_core::auth::Principal;
use preloop_core::error::{Error, Result};
use preloop_core::store::ai_models::{self, Asker, Model, Provider, Resolved};
use preloop_core::store::budgets::Budget;
use preloop_core::{Env, auth, redact};
use serde_json::json;

pub struct Target {
    pub model: Model,
    pub provider: Provider,
    /// The budgets that limit the caller, in budget-id order.
    pub budgets: Vec<Budget>,
    /// `None`: unpriced, which the model allows.
    pub priced: Option<Priced>,
    key: Option<String>,
}

/// Who asks, as the store reads lists and budgets for: the key, its agent,
/// and a runtime token's flow and execution.
pub fn asker(principal: &Principal) -> Asker<'_> {
    Asker {
        api_key_id: &principal.api_key_id,
        agent_id: principal.agent_id.as_deref(),
        flow_id: principal.flow_id.as_deref(),
        flow_execution_id: principal.flow_execution_id.as_deref(),
    }
}

/// A key's last four characters: all that is ever shown of it.
pub fn key_hint(key: &str) -> String {
    preloop_core::custody::hint(key)
}

/// How long a provider has for a whole answer, a stream's last event
/// included, unless it is given its own: long generations run for minutes.
pub const PROVIDER_TIMEOUT_MS: i64 = 600_000;

/// The longest model name a caller may send.
const MAX_MODEL_NAME: usize = 200;

/// Whether `name` may be a model's name at all.
pub fn check_model_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > MAX_MODEL_NAME {
        return Err(Error::bad_request(format!(
            "model must be a name of 1 to {MAX_MODEL_NAME} characters"
        )));
    }
    Ok(())
}

/// The model `name`, looked up by the key `token` before the key itself is
/// checked (see [`ai_models::resolve_for_key`]); `None` when there is
/// nothing to look up or the lookup failed ([`resolve`] then asks again,
/// and fails closed).
pub async fn prefetch(env: &Env, token: Option<&str>, name: Option<&str>) -> Option<Prefetched> {
    let (token, name) = (token?, name?);
    if auth::jwt::looks_like_jwt(token) || check_model_name(name).is_err() {
        return None;
    }
    ai_models::resolve_for_key(env.sql(), &auth::hash_key(token), name)
        .await
        .ok()
        .flatten()
        .map(|(key_id, resolved)| Prefetched {
            key_id,
            name: name.to_string(),
            resolved,
        })
}

/// A model resolved for a key before the key was checked.
pub struct Prefetched {
    key_id: String,
    name: String,
    resolved: Resolved,
}

/// Resolves `name` in the caller's account (or takes what was prefetched
/// for this key and name). Refuses an unknown model, one the caller may not
/// use, and one with no price unless the model allows it.
pub async fn resolve(
    env: &Env,
    principal: &Principal,
    name: &str,
    prefetched: Option<Prefetched>,
) -> Result<Target> {
    let account_id = principal.account_id.as_str();
    check_model_name(name)?;
    let found = match prefetched {
        Some(p) if p.key_id == principal.api_key_id && p.name == name => Some(p.resolved),
        _ => ai_models::resolve(env.sql(), account_id, name, asker(principal)).await?,
    };
    let resolved = found.ok_or_else(|| {
        Error::not_found(format!(
            "the model '{name}' does not exist or you do not have access to it"
        ))
        .with_detail(json!({"code": "model_not_found"}))
    })?;
    if let Some(allowed) = &resolved.allowed
        && !allowed.iter().any(|m| m == name)
    {
        return Err(
            Error::forbidden(format!("this credential may not use the model '{name}'"))
                .with_detail(json!({"code": "model_not_allowed"})),
        );
    }
    let Resolved {
        model,
        provider,
        budgets,
        ..
    } = resolved;
    let priced = match &model.prices {
        Some(own) => Some(prices::from_entry(own, &model.id, model.updated_at)?),
        None => prices::lookup(provider.kind, &model.upstream_model),
    };
    if priced.is_none() && !model.allow_unpriced {
        return Err(Error::bad_request(format!(
            "the model '{name}' has no known price: give it prices, or allow it unpriced"
        ))
        .with_detail(json!({"code": "model_unpriced"})));
    }
    let key = match provider.key_custody() {
        Some((secrets, handle)) => Some(secrets.reveal(env, handle).await?),
        None => None,
    };
    Ok(Target {
        model,
        provider,
        budgets,
        priced,
        key,
    })
}

impl Target {
    /// The URL of `path` (e.g. `/chat/completions`) at the provider.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.provider.base_url.trim_end_matches('/'))
    }

    /// How long the provider has for the whole answer.
    pub fn timeout_ms(&self) -> u64 {
        // Stored timeouts are checked to be positive when set.
        self.provider
            .timeout_ms
            .unwrap_or(PROVIDER_TIMEOUT_MS)
            .unsigned_abs()
    }

    /// The provider's key, for the request's auth header.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// A provider's error message made safe to pass on: the key removed,
    /// credentials of any known shape redacted, and messages about the key
    /// replaced whole (a provider may quote part of it).
    pub fn safe_message(&self, message: &str) -> String {
        let lower = message.to_ascii_lowercase();
        let key = self.key.as_deref().unwrap_or("");
        let tail = key_hint(key);
        if lower.contains("api key")
            || lower.contains("api_key")
            || lower.contains("apikey")
            || (!key.is_empty() && message.contains(key))
            || (tail.len() == 4 && message.contains(&tail))
        {
            return "the provider did not accept the key Preloop holds for it".into();
        }
        redact::redact_text(message).chars().take(500).collect()
    }
}
