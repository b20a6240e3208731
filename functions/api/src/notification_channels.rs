//! `/api/v1/notification-channels`: where approval notifications go (email,
//! Slack, Mattermost, signed webhook, push proxy), and
//! `/api/v1/notification-deliveries`: what was sent, attempts and outcomes.
//! Channel settings are sealed at rest and never returned: only a summary.
//! `POST /api/v1/notification-channels/{id}/test` tries a channel now.

use crate::{Ctx, created, method_not_allowed, ok, validate_name};
use preloop_core::http::Response;
use preloop_core::notify::channel::ChannelSettings;
use preloop_core::store::notifications::{self, StoredChannel};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    match (method, rest) {
        ("GET", []) => {
            let channels = notifications::list_channels(ctx.env.sql(), ctx.account()).await?;
            let views: Vec<Value> = channels.iter().map(|c| view(ctx, c)).collect();
            ok(&json!({"notification_channels": views}))
        }
        ("POST", []) => create(ctx).await,
        ("GET", [id]) => {
            let c = notifications::get_channel(ctx.env.sql(), ctx.account(), id).await?;
            ok(&view(ctx, &c))
        }
        ("PUT", [id]) | ("PATCH", [id]) => update(ctx, id).await,
        ("DELETE", [id]) => {
            notifications::delete_channel(ctx.env.sql(), ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        ("POST", [id, "test"]) => test(ctx, id).await,
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        _ => Err(Error::not_found(
            "no such route under /api/v1/notification-channels",
        )),
    }
}

/// Sends a test message at once and says what the channel answered. An
/// email channel's test goes to the person asking.
async fn test(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let mail_to = match &ctx.principal.user_id {
        Some(user) => Some(
            preloop_core::store::people::get_user(ctx.env.sql(), ctx.account(), user)
                .await?
                .email,
        ),
        None => None,
    };
    let tried = preloop_core::notify::test_send::try_channel(
        ctx.env,
        ctx.account(),
        id,
        &ctx.principal.audit_label(),
        mail_to.as_deref(),
    )
    .await?;
    ok(&json!(tried))
}

pub async fn deliveries(ctx: &Ctx<'_>) -> Result<Response> {
    let request_id = ctx.request.query_param("request_id");
    let list =
        notifications::list(ctx.env.sql(), ctx.account(), request_id.as_deref(), 200).await?;
    ok(&json!({"notification_deliveries": list}))
}

fn view(ctx: &Ctx<'_>, c: &StoredChannel) -> Value {
    let summary = ctx
        .env
        .cipher()
        .open(&c.config_enc)
        .ok()
        .and_then(|plain| serde_json::from_str::<Value>(&plain).ok())
        .and_then(|v| ChannelSettings::parse(&c.kind, &v).ok())
        .map(|s| s.summary())
        .unwrap_or_else(|| "settings cannot be read with this server's key".into());
    json!({
        "id": c.id, "kind": c.kind, "name": c.name, "enabled": c.enabled,
        "summary": summary, "created_at": c.created_at, "updated_at": c.updated_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateChannel {
    kind: String,
    name: String,
    config: Value,
    #[serde(default)]
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateChannel {
    #[serde(default)]
    name: Option<String>,
    /// Replaces the whole config (secrets are never read back to merge).
    #[serde(default)]
    config: Option<Value>,
    #[serde(default)]
    enabled: Option<bool>,
}

fn seal(ctx: &Ctx<'_>, settings: &ChannelSettings) -> Result<String> {
    ctx.env
        .cipher()
        .seal(ctx.env.random(), &settings.to_json().to_string())
}

async fn create(ctx: &Ctx<'_>) -> Result<Response> {
    let input: CreateChannel = ctx.body()?;
    validate_name(&input.name)?;
    let settings = ChannelSettings::parse(&input.kind, &input.config)?;
    let now = ctx.env.now_ms();
    let channel = StoredChannel {
        id: ctx.env.new_id(),
        kind: input.kind,
        name: input.name.trim().to_string(),
        config_enc: seal(ctx, &settings)?,
        enabled: input.enabled.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    notifications::create_channel(ctx.env.sql(), ctx.account(), &channel).await?;
    created(&view(ctx, &channel))
}

async fn update(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let input: UpdateChannel = ctx.body()?;
    let mut channel = notifications::get_channel(ctx.env.sql(), ctx.account(), id).await?;
    if let Some(name) = input.name {
        validate_name(&name)?;
        channel.name = name.trim().to_string();
    }
    if let Some(config) = input.config {
        channel.config_enc = seal(ctx, &ChannelSettings::parse(&channel.kind, &config)?)?;
    }
    if let Some(enabled) = input.enabled {
        channel.enabled = enabled;
    }
    channel.updated_at = ctx.env.now_ms();
    notifications::update_channel(ctx.env.sql(), ctx.account(), &channel).await?;
    ok(&view(ctx, &channel))
}
