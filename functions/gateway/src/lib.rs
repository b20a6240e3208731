//! The model gateway. Callers send model requests here in the provider's
//! own format (`/openai/v1/…`, `/anthropic/v1/…`) with a Preloop key; the
//! gateway resolves the model they name to one of their account's
//! providers, sends it on with the provider's key (which never leaves
//! Preloop), streams the answer back as it comes, and writes every
//! request, refused ones included, into the usage ledger at a versioned
//! price. It also serves the configuration (`/api/v1/ai-providers`,
//! `/api/v1/ai-models`), the ledger (`/api/v1/usage/events`) and the
//! budgets every request reserves on before it goes out (`/api/v1/budgets`).

mod anthropic_count_tokens;
mod anthropic_messages;
mod budget;
mod budgets_api;
mod catalog;
mod chat_via_messages;
#[cfg(feature = "cloudflare")]
mod cloudflare;
mod dialect;
mod messages_via_chat;
mod meter;
mod model_access_api;
mod openai_chat;
mod openai_embeddings;
mod openai_responses;
mod prices;
mod relay;
mod runtime_tokens;
mod scope;
#[cfg(feature = "spin")]
mod spin;
mod sse;
mod target;
mod usage;

use dialect::Dialect;
use futures_util::future::join;
use preloop_core::http::{Request, Response, segments};
use preloop_core::{Env, Error, Result, auth, routes};

/// Whether a path is the gateway's.
pub fn serves(path: &str) -> bool {
    ["/openai/", "/anthropic/"]
        .iter()
        .any(|p| path.starts_with(p))
        || [
            "/api/v1/ai-providers",
            "/api/v1/ai-models",
            "/api/v1/usage",
            "/api/v1/budgets",
            "/api/v1/model-access",
            "/api/v1/runtime-tokens",
        ]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
        || (path.starts_with("/api/v1/flows/executions/") && path.ends_with("/gateway-events"))
}

/// An error in the dialect of `path`'s endpoint (for refusals a host makes
/// before the gateway sees the request).
pub fn error_response(path: &str, e: &Error) -> Response {
    Dialect::of(path).error(e)
}

pub async fn handle(request: &Request, env: &Env) -> Response {
    let dialect = Dialect::of(&request.path);
    match route(request, env).await {
        Ok(r) => r,
        Err(e) => dialect.error(&e),
    }
}

/// The Anthropic SDK sends its key as `x-api-key`: read it as the bearer
/// token when there is no `Authorization` header.
fn with_api_key_header(request: &Request) -> Option<Request> {
    if request.headers.get("authorization").is_some() {
        return None;
    }
    let key = request.headers.get("x-api-key")?.trim();
    let mut copy = Request::new(&request.method, &request.path);
    copy.headers
        .insert("authorization", format!("Bearer {key}"));
    Some(copy)
}

/// The wire of a model endpoint.
fn wire_for(parts: &[&str]) -> Option<&'static dyn relay::Wire> {
    Some(match parts {
        ["openai", "v1", "chat", "completions"] => &openai_chat::ChatCompletions,
        ["openai", "v1", "responses"] => &openai_responses::Responses,
        ["openai", "v1", "embeddings"] => &openai_embeddings::Embeddings,
        ["anthropic", "v1", "messages", "count_tokens"] => &anthropic_count_tokens::CountTokens,
        ["anthropic", "v1", "messages"] => &anthropic_messages::Messages,
        _ => return None,
    })
}

async fn route(request: &Request, env: &Env) -> Result<Response> {
    let keyed = with_api_key_header(request);
    let credentials = keyed.as_ref().unwrap_or(request);
    let parts = segments(&request.path);
    let wire = wire_for(&parts).filter(|_| request.method == "POST");
    // A model request's model is looked up beside its key (not after it):
    // on Postgres the two queries run at once, on two connections. What
    // is found is used only if the key then checks out as that key.
    let (principal, model_request) = match wire {
        Some(wire) => {
            let body = relay::read_body(request);
            let (principal, prefetched) = join(
                auth::authenticate(env, credentials),
                target::prefetch(env, credentials.bearer_token(), relay::model_of(&body)),
            )
            .await;
            (principal?, Some((wire, body, prefetched)))
        }
        None => (auth::authenticate(env, credentials).await?, None),
    };
    routes::authorize(routes::GATEWAY, &request.method, &request.path, &principal)?;
    if let Some(k) = &principal.killed {
        return Err(Error::forbidden(format!(
            "a kill switch ({}) stops every model request of this key",
            k.scope
        )));
    }
    if let Some((wire, body, prefetched)) = model_request {
        return relay::relay(env, &principal, request, body, prefetched, wire).await;
    }
    let account = principal.account_id.as_str();
    match parts.as_slice() {
        ["openai", "v1", "models"] => catalog::openai_list(env, &principal).await,
        ["anthropic", "v1", "models"] => catalog::anthropic_list(env, &principal).await,
        ["api", "v1", "ai-providers", rest @ ..] => {
            catalog::providers(env, account, request, rest).await
        }
        ["api", "v1", "ai-models", rest @ ..] => catalog::models(env, account, request, rest).await,
        ["api", "v1", "usage", "events"] => usage::events(env, account, request).await,
        ["api", "v1", "usage", "summary"] => usage::summary(env, account, request).await,
        ["api", "v1", "model-access", rest @ ..] => {
            model_access_api::handle(env, account, request, rest).await
        }
        ["api", "v1", "runtime-tokens", rest @ ..] => {
            runtime_tokens::handle(env, account, request, rest).await
        }
        ["api", "v1", "flows", "executions", id, "gateway-events"] => {
            usage::for_execution(env, account, id).await
        }
        ["api", "v1", "budgets", rest @ ..] => {
            budgets_api::handle(env, account, request, rest).await
        }
        _ => Err(Error::not_found(format!(
            "no route for {}",
            request.path.chars().take(200).collect::<String>()
        ))),
    }
}
