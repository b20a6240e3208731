//! `/api/v1/ai-providers` and `/api/v1/ai-models`: an account's providers
//! (their keys sealed on the way in and shown only by their last four
//! characters) and the models callers name, with the prices each is
//! charged at and where those come from.

use crate::prices;
use crate::scope;
use crate::target;
use preloop_core::auth::Principal;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::ai_models::{self, Model, ModelPrices, Provider, ProviderKind};
use preloop_core::store::model_access;
use preloop_core::{Env, custody};
use serde::Deserialize;
use serde_json::{Value, json};

const MAX_NAME: usize = 100;
const MAX_KEY: usize = 4096;
const MAX_TOKENS_LIMIT: i64 = 100_000_000;

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
        ("DELETE", [id]) => scope::removed(
            ai_models::delete_provider(env.sql(), account, id).await?,
            "provider",
        ),
        _ => Err(Error::not_found("no such route")),
    }
}

async fn create_provider(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewProvider = request.json()?;
    check_name("name", &body.name)?;
    let kind = ProviderKind::parse(&body.kind)?;
    let base_url = match (body.base_url, kind.default_base_url()) {
        (Some(url), _) => url.trim().trim_end_matches('/').to_string(),
        (None, Some(default)) => default.to_string(),
        (None, None) => {
            return Err(Error::bad_request(
                "an openai-compatible provider needs its base_url",
            ));
        }
    };
    if base_url.len() > 2048
        || !(base_url.starts_with("https://") || base_url.starts_with("http://"))
    {
        return Err(Error::bad_request("base_url must be an http(s) URL"));
    }
    env.config.egress.check_url(&base_url)?;
    let api_key = body.api_key.filter(|k| !k.is_empty());
    if let Some(k) = &api_key
        && (k.len() > MAX_KEY || k.chars().any(|c| c.is_control() || c == ' '))
    {
        return Err(Error::bad_request(
            "api_key must be one token of at most 4096 characters",
        ));
    }
    if api_key.is_some() && body.api_key_ref.is_some() {
        return Err(Error::bad_request("give api_key or api_key_ref, not both"));
    }
    // A reference is read once now: a provider is never saved with a key
    // that cannot be found, and its hint comes from the key itself.
    let referenced = match &body.api_key_ref {
        Some(reference) => Some(custody::read(env, reference).await?),
        None => None,
    };
    let now = env.now_ms();
    let provider = Provider {
        id: env.new_id(),
        account_id: account.to_string(),
        name: body.name,
        kind,
        base_url,
        api_key_enc: api_key
            .as_deref()
            .map(|k| env.cipher().seal(env.random(), k))
            .transpose()?,
        api_key_ref: body.api_key_ref,
        key_hint: api_key
            .as_deref()
            .or(referenced.as_deref())
            .map(target::key_hint),
        created_at: now,
        updated_at: now,
    };
    ai_models::insert_provider(env.sql(), &provider)
        .await
        .map_err(|e| conflict(e, "a provider with this name exists"))?;
    Ok(Response::json(201, &provider_json(&provider)))
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
        ("DELETE", [id]) => scope::removed(
            ai_models::delete_model(env.sql(), account, id).await?,
            "model",
        ),
        _ => Err(Error::not_found("no such route")),
    }
}

async fn create_model(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewModel = request.json()?;
    check_name("name", &body.name)?;
    let upstream = body.upstream_model.unwrap_or_else(|| body.name.clone());
    if upstream.is_empty() || upstream.len() > 200 || upstream.chars().any(char::is_control) {
        return Err(Error::bad_request(
            "upstream_model must be 1 to 200 printable characters",
        ));
    }
    for (what, v) in [
        ("context_window", body.context_window),
        ("max_output_tokens", body.max_output_tokens),
    ] {
        if v.is_some_and(|v| !(1..=MAX_TOKENS_LIMIT).contains(&v)) {
            return Err(Error::bad_request(format!(
                "{what} must be from 1 to {MAX_TOKENS_LIMIT}"
            )));
        }
    }
    let provider = ai_models::provider(env.sql(), account, &body.provider_id)
        .await?
        .ok_or_else(|| Error::bad_request("provider_id names no provider of this account"))?;
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
