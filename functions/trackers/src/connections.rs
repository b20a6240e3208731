//! `/api/v1/trackers`: connecting a tracker (its credentials checked
//! first), changing and removing it, testing its credentials, asking for
//! a sync, and its status: the last sync, the next, and what failed.

use preloop_core::custody;
use preloop_core::http::{Request, Response};
use preloop_core::ports::QueueMessage;
use preloop_core::store::trackers::{self, Scope, Tracker, TrackerSettings};
use preloop_core::store::{issues, tracker_inbox};
use preloop_core::trackers::discover::webhook_url;
use preloop_core::trackers::{Identity, TrackerKind, connect};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde::Deserialize;
use serde_json::{Value, json};

const MAX_NAME: usize = 200;
const MAX_SCOPE_ENTRIES: usize = 500;

pub async fn route(env: &Env, account: &str, request: &Request, rest: &[&str]) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let list = trackers::list(env.sql(), account).await?;
            Ok(Response::json(
                200,
                &json!({"trackers": list.iter().map(tracker_json).collect::<Vec<_>>()}),
            ))
        }
        ("POST", []) => create(env, account, request).await,
        ("POST", ["test-connection"]) => {
            let body: NewTracker = request.json()?;
            let (kind, base_url) = kind_and_url(env, &body.kind, body.base_url.as_deref())?;
            let settings = body.settings.unwrap_or_default();
            let token = body
                .token
                .filter(|t| !t.is_empty())
                .ok_or_else(|| Error::bad_request("token is required"))?;
            let identity = check(env, kind, &base_url, &token, &settings).await?;
            Ok(Response::json(
                200,
                &json!({"ok": true, "identity": identity}),
            ))
        }
        ("GET", [id]) => status(env, account, id).await,
        ("PUT", [id]) => change(env, account, id, request).await,
        ("DELETE", [id]) => {
            if trackers::delete(env.sql(), account, id).await? {
                Ok(Response::no_content())
            } else {
                Err(Error::not_found("no such tracker"))
            }
        }
        ("POST", [id, "test-connection"]) => {
            let t = get(env, account, id).await?;
            let client = connect::connect(env, &t).await?;
            let identity = client.check().await.map_err(credentials_refused)?;
            Ok(Response::json(
                200,
                &json!({"ok": true, "identity": identity}),
            ))
        }
        ("POST", [id, "sync"]) => {
            let t = get(env, account, id).await?;
            trackers::make_due(env.sql(), &t.id, env.now_ms()).await?;
            env.wake(QueueMessage::TrackerWorkDue).await;
            Ok(Response::json(202, &json!({"sync": "queued"})))
        }
        ("GET", [id, "events"]) => {
            let t = get(env, account, id).await?;
            let limit = crate::limit_of(request, 100, 500)?;
            let events = tracker_inbox::events(env.sql(), account, Some(&t.id), limit).await?;
            Ok(Response::json(200, &json!({"events": events})))
        }
        _ => Err(Error::not_found("no such route")),
    }
}

async fn get(env: &Env, account: &str, id: &str) -> Result<Tracker> {
    trackers::get(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such tracker"))
}

/// A tracker as the API shows it: never its token or webhook secret.
pub fn tracker_json(t: &Tracker) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "kind": t.kind.as_str(),
        "base_url": t.base_url,
        "settings": t.settings,
        "scope": t.scope,
        "enabled": t.enabled,
        "has_token": t.token_custody().is_some(),
        "token_hint": t.token_hint,
        "token_custody": t.token_custody().map(|(s, _)| s.name()),
        "token_ref": t.token_ref,
        "last_sync_at": t.last_sync_at,
        "next_sync_at": t.next_sync_at,
        "last_error": t.last_error,
        "last_error_at": t.last_error_at,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewTracker {
    #[serde(default)]
    name: Option<String>,
    kind: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    token_ref: Option<String>,
    /// The secret webhooks are signed with; one is made when not given.
    #[serde(default)]
    webhook_secret: Option<String>,
    #[serde(default)]
    scope: Option<Scope>,
    #[serde(default)]
    settings: Option<TrackerSettings>,
    #[serde(default)]
    enabled: Option<bool>,
}

fn kind_and_url(env: &Env, kind: &str, base_url: Option<&str>) -> Result<(TrackerKind, String)> {
    let kind = TrackerKind::parse(kind)?;
    let url = match (base_url, kind.default_base_url()) {
        (Some(url), _) => url.trim().trim_end_matches('/').to_string(),
        (None, Some(default)) => default.to_string(),
        (None, None) => return Err(Error::bad_request("a Jira tracker needs its base_url")),
    };
    if url.len() > 2048 || !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::bad_request("base_url must be an http(s) URL"));
    }
    env.config.egress.check_url(&url)?;
    Ok((kind, url))
}

/// scheme://host:port of a URL, lower case.
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    )
}

fn check_settings(s: &TrackerSettings) -> Result<()> {
    if !(1..=100).contains(&s.page_size) {
        return Err(Error::bad_request("settings.page_size must be 1 to 100"));
    }
    if !(60..=7 * 86_400).contains(&s.poll_interval_s) {
        return Err(Error::bad_request(
            "settings.poll_interval_s must be 60 to 604800",
        ));
    }
    if let Some(e) = &s.edition
        && e != "cloud"
        && e != "server"
    {
        return Err(Error::bad_request(
            "settings.edition must be cloud or server",
        ));
    }
    Ok(())
}

fn check_scope(s: &Scope) -> Result<()> {
    let all = s.organizations.iter().chain(&s.projects);
    if s.organizations.len() + s.projects.len() > MAX_SCOPE_ENTRIES {
        return Err(Error::bad_request(format!(
            "a scope names at most {MAX_SCOPE_ENTRIES} organizations and projects"
        )));
    }
    for name in all {
        if name.is_empty() || name.len() > 400 || name.chars().any(|c| c.is_control() || c == ' ') {
            return Err(Error::bad_request(
                "scope entries are names like owner, owner/repo or PROJ",
            ));
        }
    }
    Ok(())
}

fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(Error::bad_request(format!(
            "name must be 1 to {MAX_NAME} printable characters"
        )));
    }
    Ok(())
}

fn check_secret(secret: &str) -> Result<()> {
    if secret.len() < 16 || secret.len() > 256 || secret.chars().any(char::is_control) {
        return Err(Error::bad_request(
            "webhook_secret must be 16 to 256 printable characters",
        ));
    }
    Ok(())
}

/// A refusal of the credentials, said as the caller's mistake (400) and
/// not the tracker's failure.
fn credentials_refused(e: Error) -> Error {
    let status = e
        .detail
        .as_ref()
        .and_then(|d| d.get("tracker_status"))
        .and_then(Value::as_u64);
    match status {
        Some(401 | 403) => Error::bad_request(e.message),
        _ => e,
    }
}

/// Asks the tracker who the credentials are, before anything is saved.
async fn check(
    env: &Env,
    kind: TrackerKind,
    base_url: &str,
    token: &str,
    settings: &TrackerSettings,
) -> Result<Identity> {
    connect::client(env, kind, base_url, token, settings)?
        .check()
        .await
        .map_err(credentials_refused)
}

async fn create(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewTracker = request.json()?;
    let (kind, base_url) = kind_and_url(env, &body.kind, body.base_url.as_deref())?;
    let name = body.name.unwrap_or_else(|| kind.as_str().to_string());
    check_name(&name)?;
    let settings = body.settings.unwrap_or_default();
    check_settings(&settings)?;
    let scope = body.scope.unwrap_or_default();
    check_scope(&scope)?;
    let secret = match body.webhook_secret {
        Some(s) => {
            check_secret(&s)?;
            s
        }
        None => preloop_core::ids::random_hex(env.random(), 32),
    };
    if body.token.as_deref().is_none_or(str::is_empty) && body.token_ref.is_none() {
        return Err(Error::bad_request("token or token_ref is required"));
    }
    let token = custody::store(env, "token", body.token.clone(), body.token_ref).await?;
    let revealed = match (&body.token, &token.reference) {
        (Some(t), _) if !t.is_empty() => t.clone(),
        (_, Some(r)) => custody::read(env, r).await?,
        _ => return Err(Error::bad_request("token or token_ref is required")),
    };
    let identity = check(env, kind, &base_url, &revealed, &settings).await?;
    let now = env.now_ms();
    let enabled = body.enabled.unwrap_or(true);
    let t = Tracker {
        id: env.new_id(),
        account_id: account.to_string(),
        name,
        kind,
        base_url,
        settings,
        token_enc: token.sealed,
        token_ref: token.reference,
        token_hint: token.hint,
        webhook_secret_enc: env.cipher().seal(env.random(), &secret)?,
        scope,
        enabled,
        last_sync_at: None,
        // Due at once: the sync lists its organizations and projects.
        next_sync_at: Some(now),
        last_error: None,
        last_error_at: None,
        created_at: now,
        updated_at: now,
    };
    trackers::insert(env.sql(), &t).await.map_err(|e| {
        if e.kind == ErrorKind::Conflict {
            Error::conflict("a tracker with this name exists")
        } else {
            e
        }
    })?;
    if enabled {
        env.wake(QueueMessage::TrackerWorkDue).await;
    }
    let mut out = tracker_json(&t);
    out["identity"] = json!(identity);
    Ok(Response::json(201, &out))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrackerChange {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    token_ref: Option<String>,
    #[serde(default)]
    webhook_secret: Option<String>,
    #[serde(default)]
    scope: Option<Scope>,
    #[serde(default)]
    settings: Option<TrackerSettings>,
    #[serde(default)]
    enabled: Option<bool>,
}

async fn change(env: &Env, account: &str, id: &str, request: &Request) -> Result<Response> {
    let body: TrackerChange = request.json()?;
    let mut t = get(env, account, id).await?;
    if let Some(name) = body.name {
        check_name(&name)?;
        t.name = name;
    }
    if let Some(url) = body.base_url {
        let url = kind_and_url(env, t.kind.as_str(), Some(&url))?.1;
        // The stored token never goes to an address it was not given for.
        if origin_of(&url) != origin_of(&t.base_url)
            && body.token.is_none()
            && body.token_ref.is_none()
        {
            return Err(Error::bad_request(
                "a new base_url on another host needs the token (or token_ref) again",
            ));
        }
        t.base_url = url;
    }
    if body.token.is_some() || body.token_ref.is_some() {
        let stored = custody::store(env, "token", body.token, body.token_ref).await?;
        (t.token_enc, t.token_ref, t.token_hint) = (stored.sealed, stored.reference, stored.hint);
    }
    if let Some(secret) = body.webhook_secret {
        check_secret(&secret)?;
        t.webhook_secret_enc = env.cipher().seal(env.random(), &secret)?;
    }
    let rescope = body.scope.is_some();
    if let Some(scope) = body.scope {
        check_scope(&scope)?;
        t.scope = scope;
    }
    if let Some(settings) = body.settings {
        check_settings(&settings)?;
        t.settings = settings;
    }
    if let Some(enabled) = body.enabled {
        t.enabled = enabled;
    }
    t.updated_at = env.now_ms();
    if rescope {
        // A new scope is applied by listing again, now.
        t.next_sync_at = Some(t.updated_at);
    }
    if !trackers::update(env.sql(), &t).await? {
        return Err(Error::not_found("no such tracker"));
    }
    if rescope && t.enabled {
        env.wake(QueueMessage::TrackerWorkDue).await;
    }
    Ok(Response::json(200, &tracker_json(&t)))
}

/// A tracker with its organizations (and their webhooks), its projects
/// (and where each sync stands) and its deliveries by state.
async fn status(env: &Env, account: &str, id: &str) -> Result<Response> {
    let t = get(env, account, id).await?;
    let organizations = trackers::organizations(env.sql(), account, Some(&t.id)).await?;
    let projects = trackers::projects_of_tracker(env.sql(), &t.id).await?;
    let deliveries: serde_json::Map<String, Value> = tracker_inbox::counts(env.sql(), &t.id)
        .await?
        .into_iter()
        .map(|(status, n)| (status, json!(n)))
        .collect();
    let issue_count = issues::count_of_tracker(env.sql(), &t.id).await?;
    let mut out = tracker_json(&t);
    out["organizations"] = organizations
        .iter()
        .map(|o| {
            let mut v = crate::places::organization_json(o);
            v["webhook_url"] = json!(webhook_url(env, t.kind.as_str(), &o.id));
            v
        })
        .collect();
    out["projects"] = projects.iter().map(crate::places::project_json).collect();
    out["deliveries"] = Value::Object(deliveries);
    out["issues"] = json!(issue_count);
    Ok(Response::json(200, &out))
}
