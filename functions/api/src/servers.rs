//! `/api/v1/mcp-servers`: upstream MCP servers, their scans and tools.

use crate::{Ctx, Patch, created, method_not_allowed, ok};
use preloop_core::http::Response;
use preloop_core::mcp::server_settings::{
    validate_name, validate_prefix, validate_timeout, validate_url,
};
use preloop_core::mcp::upstream::Transport;
use preloop_core::store::servers::{self, McpServer, ServerFields};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    match (method, rest) {
        ("GET", []) => {
            ok(&json!({"mcp_servers": servers::list(ctx.env.sql(), ctx.account()).await?}))
        }
        ("POST", []) => create(ctx).await,
        ("GET", [id]) => ok(&servers::get(ctx.env.sql(), ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => update(ctx, id).await,
        ("DELETE", [id]) => {
            servers::delete(ctx.env.sql(), ctx.account(), id).await?;
            ctx.env.upstream_sessions.forget(id);
            Ok(Response::no_content())
        }
        ("POST", [id, "scan"]) => scan(ctx, id).await,
        ("GET", [id, "tools"]) => {
            servers::get(ctx.env.sql(), ctx.account(), id).await?;
            ok(&json!({"tools": servers::list_tools(ctx.env.sql(), id).await?}))
        }
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        _ => Err(Error::not_found("no such route under /api/v1/mcp-servers")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateServer {
    name: String,
    url: String,
    #[serde(default)]
    auth_header: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    timeout_ms: Option<i64>,
    /// `streamable_http` (the default) or `sse`.
    #[serde(default)]
    transport: Option<String>,
    /// What its tools, prompts and URIs carry; `""` for nothing. Default:
    /// the name.
    #[serde(default)]
    prefix: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UpdateServer {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    auth_header: Patch<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    timeout_ms: Option<i64>,
    #[serde(default)]
    transport: Option<String>,
    /// `null` goes back to the name.
    #[serde(default)]
    prefix: Patch<String>,
}

/// Checks a header value when it is set (a CRLF or a non-ASCII byte would
/// fail, or split the request, on every later call) and seals it.
fn seal(ctx: &Ctx<'_>, header: Option<String>) -> Result<Option<String>> {
    header
        .filter(|h| !h.trim().is_empty())
        .map(|h| {
            preloop_core::text::check_header_value("auth_header", &h)?;
            ctx.env.cipher().seal(ctx.env.random(), &h)
        })
        .transpose()
}

async fn create(ctx: &Ctx<'_>) -> Result<Response> {
    let input: CreateServer = ctx.body()?;
    validate_name(&input.name)?;
    validate_url(&input.url, &ctx.env.config.egress)?;
    let timeout_ms = validate_timeout(
        input
            .timeout_ms
            .unwrap_or(ctx.env.config.upstream_timeout_ms as i64),
    )?;
    if let Some(p) = &input.prefix {
        validate_prefix(p)?;
    }
    let fields = ServerFields {
        name: input.name,
        url: input.url,
        auth_header_enc: seal(ctx, input.auth_header)?,
        auth_header_template: None,
        enabled: input.enabled.unwrap_or(true),
        timeout_ms,
        transport: input
            .transport
            .as_deref()
            .map(Transport::parse)
            .transpose()?
            .unwrap_or_default(),
        prefix: input.prefix,
    };
    let id = ctx.env.new_id();
    servers::create(ctx.env.sql(), ctx.account(), &id, &fields, ctx.env.now_ms()).await?;
    created(&servers::get(ctx.env.sql(), ctx.account(), &id).await?)
}

async fn update(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let input: UpdateServer = ctx.body()?;
    let current = servers::get(ctx.env.sql(), ctx.account(), id).await?;
    let name = input.name.unwrap_or(current.name);
    validate_name(&name)?;
    let url = input.url.unwrap_or(current.url);
    validate_url(&url, &ctx.env.config.egress)?;
    // A header set here replaces any policy file's template.
    let (auth_header_enc, auth_header_template) = match input.auth_header {
        Patch::Keep => (current.auth_header_enc, current.auth_header_template),
        Patch::Clear => (None, None),
        Patch::Set(h) => (seal(ctx, Some(h))?, None),
    };
    let fields = ServerFields {
        name,
        url,
        auth_header_enc,
        auth_header_template,
        enabled: input.enabled.unwrap_or(current.enabled),
        timeout_ms: validate_timeout(input.timeout_ms.unwrap_or(current.timeout_ms))?,
        transport: match input.transport.as_deref() {
            Some(t) => Transport::parse(t)?,
            None => current.transport,
        },
        prefix: match input.prefix {
            Patch::Keep => current.prefix_set,
            Patch::Clear => None,
            Patch::Set(p) => Some(p),
        },
    };
    if let Some(p) = &fields.prefix {
        validate_prefix(p)?;
    }
    servers::update(ctx.env.sql(), ctx.account(), id, &fields, ctx.env.now_ms()).await?;
    ctx.env.upstream_sessions.forget(id);
    ok(&servers::get(ctx.env.sql(), ctx.account(), id).await?)
}

/// Discovers the upstream's tools and stores them; the proxy lists what the
/// last successful scan found.
async fn scan(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let server: McpServer = servers::get(ctx.env.sql(), ctx.account(), id).await?;
    let tools = preloop_core::mcp::scan::scan(ctx.env, &server).await?;
    ok(&json!({"server_id": server.id, "count": tools.len(), "tools": tools}))
}
