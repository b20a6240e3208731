//! `/api/v1/ai-providers` and `/api/v1/ai-models`: an account's providers
//! (their keys sealed on the way in and shown only by their last four
//! characters) and the models callers name, with the prices each is
//! charged at and where those come from.

use crate::prices;
use crate::scope;
use crate::target;
use preloop_core::Env;
use preloop_core::auth::Principal;
use preloop_core::custody;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::ai_models::{self, Model, ModelPrices, Provider, ProviderKind};
use preloop_core::store::model_access;
use serde::Deserialize;
use serde_json::{Value, json};

const MAX_NAME: usize = 100;
const MAX_TOKENS_LIMIT: i64 = 100_000_000;
/// The range a provider's timeout is set in: a second to an hour.
const MIN_TIMEOUT_MS: i64 = 1_000;
const MAX_TIMEOUT_MS: i64 = 3_600_000;

pub fn check_name(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Error::bad_request(format!(
            "{what} must be 1 to {MAX_NAME} printable characters"
        )));
    }
    Ok(())
}

pub fn provider_json(p: &Provider) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "kind": p.kind.as_str(),
        "base_url": p.base_url,
        "has_api_key": p.api_key_enc.is_some() || p.api_key_ref.is_some(),
        "api_key_ref": p.api_key_ref,
        "api_key_hint": p.key_hint.as_ref().map(|h| format!("…{h}")),
        "key_custody": p.key_custody().map(|(secrets, _)| secrets.name()),
        "timeout_ms": p.timeout_ms.unwrap_or(target::PROVIDER_TIMEOUT_MS),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    })
}

fn model_json(m: &Model, provider: Option<&Provider>) -> Value {
    let priced = match (&m.prices, provider) {
        (Some(own), _) => prices::from_entry(own, &m.id, m.updated_at).ok(),
        (None, Some(p)) => prices::lookup(p.kind, &m.upstream_model),
        (None, None) => None,
    };
    json!({
        "id": m.id,
        "name": m.name,
        "provider_id": m.provider_id,
        "upstream_model": m.upstream_model,
        "context_window": m.context_window,
        "max_output_tokens": m.max_output_tokens,
        "prices": m.prices,
        "allow_unpriced": m.allow_unpriced,
        "effective_prices": priced.as_ref().map(|p| p.shown(0)),
        "price_source": match (&m.prices, &priced) {
            (Some(_), _) => Some("model"),
            (None, Some(_)) => Some("table"),
            (None, None) => None,
        },
        "price_version": priced.map(|p| p.version),
        "created_at": m.created_at,
        "updated_at": m.updated_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProvider {
    name: String,
    kind: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    api_key: Option<String>,
    /// Where the key is kept instead: `vault:<mount>/data/<path>#<field>`.
    #[serde(default)]
    api_key_ref: Option<String>,
    /// How long the provider has for a whole answer (default ten minutes).
    #[serde(default)]
    timeout_ms: Option<i64>,
}

pub async fn providers(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let list = ai_models::providers(env.sql(), account).await?;
            Ok(Response::json(
                200,
                &json!({"providers": list.iter().map(provider_json).collect::<Vec<_>>()}),
            ))
        }
        ("POST", []) => create_provider(env, account, request).await,
        ("GET", [id]) => {
            let p = ai_models::provider(env.sql(), account, id)
                .await?
                .ok_or_else(|| Error::not_found("no such provider"))?;
            Ok(Response::json(200, &provider_json(&p)))
        }
        ("PATCH", [id]) => change_provider(env, account, id, request).await,
        ("DELETE", [id]) => scope::removed(
            ai_models::delete_provider(env.sql(), account, id).await?,
            "provider",
        ),
        _ => Err(Error::not_found("no such route")),
    }
}

/// A provider's base URL, checked: http(s), and allowed by egress.
fn checked_base_url(env: &Env, url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/').to_string();
    if url.len() > 2048 || !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::bad_request("base_url must be an http(s) URL"));
    }
    env.config.egress.check_url(&url)?;
    Ok(url)
}

fn check_timeout(timeout_ms: Option<i64>) -> Result<()> {
    if timeout_ms.is_some_and(|t| !(MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&t)) {
        return Err(Error::bad_request(format!(
            "timeout_ms must be from {MIN_TIMEOUT_MS} to {MAX_TIMEOUT_MS}"
        )));
    }
    Ok(())
}

/// The key a provider is given (sealed, with its hint), or the reference
/// to it: one or the other.
async fn key_fields(
    env: &Env,
    api_key: Option<String>,
    api_key_ref: Option<String>,
) -> Result<(Option<String>, Option<String>, Option<String>)> {
    let stored = custody::store(env, "api_key", api_key, api_key_ref).await?;
    Ok((stored.sealed, stored.reference, stored.hint))
}

async fn create_provider(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewProvider = request.json()?;
    check_name("name", &body.name)?;
    let kind = ProviderKind::parse(&body.kind)?;
    let base_url = match (body.base_url, kind.default_base_url()) {
        (Some(url), _) => checked_base_url(env, &url)?,
        (None, Some(default)) => default.to_string(),
        (None, None) => {
            return Err(Error::bad_request(
                "an openai-compatible provider needs its base_url",
            ));
        }
    };
    check_timeout(body.timeout_ms)?;
    let (api_key_enc, api_key_ref, key_hint) =
        key_fields(env, body.api_key, body.api_key_ref).await?;
    let now = env.now_ms();
    let provider = Provider {
        id: env.new_id(),
        account_id: account.to_string(),
        name: body.name,
        kind,
        base_url,
        api_key_enc,
        api_key_ref,
        key_hint,
        timeout_ms: body.timeout_ms,
        created_at: now,
        updated_at: now,
    };
    ai_models::insert_provider(env.sql(), &provider)
        .await
        .map_err(|e| conflict(e, "a provider with this name exists"))?;
    Ok(Response::json(201, &provider_json(&provider)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderChange {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    /// A new key (rotation): replaces the key or reference it had.
    #[serde(default)]
    api_key: Option<String>,
    #[serde(default)]
    api_key_ref: Option<String>,
    /// `null` goes back to the default.
    #[serde(default, deserialize_with = "present")]
    timeout_ms: Option<Option<i64>>,
}

/// A field that is there, `null` included (`Some(None)`), as opposed to
/// one left out (`None`, by `default`).
fn present<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

async fn change_provider(
    env: &Env,
    account: &str,
    id: &str,
    request: &Request,
) -> Result<Response> {
    let body: ProviderChange = request.json()?;
    let mut p = ai_models::provider(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such provider"))?;
    if let Some(name) = body.name {
        check_name("name", &name)?;
        p.name = name;
    }
    if let Some(url) = body.base_url {
        let url = checked_base_url(env, &url)?;
        // A key goes only where it was given for: sent to a new address
        // without being given again, it could be read there by whoever
        // may change providers but never saw the key.
        if url != p.base_url
            && p.key_custody().is_some()
            && body.api_key.is_none()
            && body.api_key_ref.is_none()
        {
            return Err(Error::bad_request(
                "a new base_url needs the key again (api_key or api_key_ref): a provider's key goes only to the address it was given for",
            ));
        }
        p.base_url = url;
    }
    if let Some(t) = body.timeout_ms {
        check_timeout(t)?;
        p.timeout_ms = t;
    }
    if body.api_key.is_some() || body.api_key_ref.is_some() {
        (p.api_key_enc, p.api_key_ref, p.key_hint) =
            key_fields(env, body.api_key, body.api_key_ref).await?;
    }
    p.updated_at = env.now_ms();
    let found = ai_models::update_provider(env.sql(), &p)
        .await
        .map_err(|e| conflict(e, "a provider with this name exists"))?;
    if !found {
        return Err(Error::not_found("no such provider"));
    }
    Ok(Response::json(200, &provider_json(&p)))
}

fn conflict(e: Error, message: &str) -> Error {
    if e.status() == 409 {
        Error::conflict(message)
    } else {
        e
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewModel {
    name: String,
    provider_id: String,
    #[serde(default)]
    upstream_model: Option<String>,
    #[serde(default)]
    context_window: Option<i64>,
    #[serde(default)]
    max_output_tokens: Option<i64>,
    #[serde(default)]
    prices: Option<ModelPrices>,
    #[serde(default)]
    allow_unpriced: bool,
}

pub async fn models(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let providers = ai_models::providers(env.sql(), account).await?;
            let list = ai_models::models(env.sql(), account).await?;
            let shown: Vec<Value> = list
                .iter()
                .map(|m| model_json(m, providers.iter().find(|p| p.id == m.provider_id)))
                .collect();
            Ok(Response::json(
                200,
                &json!({"models": shown, "price_table": prices::table_version()}),
            ))
        }
        ("POST", []) => create_model(env, account, request).await,
        ("GET", [id]) => {
            let m = ai_models::model(env.sql(), account, id)
                .await?
                .ok_or_else(|| Error::not_found("no such model"))?;
            let p = ai_models::provider(env.sql(), account, &m.provider_id).await?;
            Ok(Response::json(200, &model_json(&m, p.as_ref())))
        }
        ("PATCH", [id]) => change_model(env, account, id, request).await,
        ("DELETE", [id]) => scope::removed(
            ai_models::delete_model(env.sql(), account, id).await?,
            "model",
        ),
        _ => Err(Error::not_found("no such route")),
    }
}

fn check_upstream(upstream: &str) -> Result<()> {
    if upstream.is_empty() || upstream.len() > 200 || upstream.chars().any(char::is_control) {
        return Err(Error::bad_request(
            "upstream_model must be 1 to 200 printable characters",
        ));
    }
    Ok(())
}

fn check_limit(what: &str, v: Option<i64>) -> Result<()> {
    if v.is_some_and(|v| !(1..=MAX_TOKENS_LIMIT).contains(&v)) {
        return Err(Error::bad_request(format!(
            "{what} must be from 1 to {MAX_TOKENS_LIMIT}"
        )));
    }
    Ok(())
}

async fn account_provider(env: &Env, account: &str, id: &str) -> Result<Provider> {
    ai_models::provider(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::bad_request("provider_id names no provider of this account"))
}

async fn create_model(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewModel = request.json()?;
    check_name("name", &body.name)?;
    let upstream = body.upstream_model.unwrap_or_else(|| body.name.clone());
    check_upstream(&upstream)?;
    check_limit("context_window", body.context_window)?;
    check_limit("max_output_tokens", body.max_output_tokens)?;
    let provider = account_provider(env, account, &body.provider_id).await?;
    let now = env.now_ms();
    let model = Model {
        id: env.new_id(),
        account_id: account.to_string(),
        name: body.name,
        provider_id: provider.id.clone(),
        upstream_model: upstream,
        context_window: body.context_window,
        max_output_tokens: body.max_output_tokens,
        prices: body.prices,
        allow_unpriced: body.allow_unpriced,
        created_at: now,
        updated_at: now,
    };
    if let Some(own) = &model.prices {
        prices::from_entry(own, &model.id, now)?;
    }
    ai_models::insert_model(env.sql(), &model)
        .await
        .map_err(|e| conflict(e, "a model with this name exists"))?;
    Ok(Response::json(201, &model_json(&model, Some(&provider))))
}

/// A model's fields to change; `null` clears a limit, or the model's own
/// prices (the shipped table's apply again).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelChange {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    provider_id: Option<String>,
    #[serde(default)]
    upstream_model: Option<String>,
    #[serde(default, deserialize_with = "present")]
    context_window: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    max_output_tokens: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    prices: Option<Option<ModelPrices>>,
    #[serde(default)]
    allow_unpriced: Option<bool>,
}

async fn change_model(env: &Env, account: &str, id: &str, request: &Request) -> Result<Response> {
    let body: ModelChange = request.json()?;
    let mut m = ai_models::model(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such model"))?;
    if let Some(name) = body.name {
        check_name("name", &name)?;
        m.name = name;
    }
    if let Some(upstream) = body.upstream_model {
        check_upstream(&upstream)?;
        m.upstream_model = upstream;
    }
    if let Some(v) = body.context_window {
        check_limit("context_window", v)?;
        m.context_window = v;
    }
    if let Some(v) = body.max_output_tokens {
        check_limit("max_output_tokens", v)?;
        m.max_output_tokens = v;
    }
    if let Some(p) = body.prices {
        m.prices = p;
    }
    if let Some(a) = body.allow_unpriced {
        m.allow_unpriced = a;
    }
    let provider = account_provider(
        env,
        account,
        body.provider_id.as_deref().unwrap_or(&m.provider_id),
    )
    .await?;
    m.provider_id = provider.id.clone();
    m.updated_at = env.now_ms();
    if let Some(own) = &m.prices {
        prices::from_entry(own, &m.id, m.updated_at)?;
    }
    let found = ai_models::update_model(env.sql(), &m)
        .await
        .map_err(|e| conflict(e, "a model with this name exists"))?;
    if !found {
        return Err(Error::not_found("no such model"));
    }
    Ok(Response::json(200, &model_json(&m, Some(&provider))))
}

/// The account's models this caller may use.
async fn usable(env: &Env, principal: &Principal) -> Result<Vec<Model>> {
    let account = principal.account_id.as_str();
    let allowed = model_access::allowed(env.sql(), account, target::asker(principal)).await?;
    let mut models = ai_models::models(env.sql(), account).await?;
    if let Some(allowed) = allowed {
        models.retain(|m| allowed.contains(&m.name));
    }
    Ok(models)
}

/// `GET /openai/v1/models`: what the caller may use, in OpenAI's format.
pub async fn openai_list(env: &Env, principal: &Principal) -> Result<Response> {
    let providers = ai_models::providers(env.sql(), &principal.account_id).await?;
    let data: Vec<Value> = usable(env, principal)
        .await?
        .iter()
        .map(|m| {
            json!({
                "id": m.name,
                "object": "model",
                "created": m.created_at / 1000,
                "owned_by": providers
                    .iter()
                    .find(|p| p.id == m.provider_id)
                    .map_or("preloop", |p| p.name.as_str()),
            })
        })
        .collect();
    Ok(Response::json(
        200,
        &json!({"object": "list", "data": data}),
    ))
}

/// `GET /anthropic/v1/models`: the same list in Anthropic's format.
pub async fn anthropic_list(env: &Env, principal: &Principal) -> Result<Response> {
    let models = usable(env, principal).await?;
    let data: Vec<Value> = models
        .iter()
        .map(|m| {
            json!({
                "type": "model",
                "id": m.name,
                "display_name": m.name,
                "created_at": rfc3339(m.created_at),
            })
        })
        .collect();
    Ok(Response::json(
        200,
        &json!({
            "data": data,
            "has_more": false,
            "first_id": models.first().map(|m| m.name.clone()),
            "last_id": models.last().map(|m| m.name.clone()),
        }),
    ))
}

/// Epoch milliseconds as an RFC 3339 UTC time.
fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}
