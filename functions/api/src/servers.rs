//! `/api/v1/mcp-servers`: upstream MCP servers, their scans and tools.

use crate::tool_integrity::Kind;
use crate::{Ctx, Patch, created, method_not_allowed, ok};
use preloop_core::http::{Response, percent_decode};
use preloop_core::mcp::integrity::{OnChange, OnFinding};
use preloop_core::mcp::server_settings::{
    validate_name, validate_prefix, validate_timeout, validate_url,
};
use preloop_core::mcp::upstream::{StdioCommand, Transport, stdio};
use preloop_core::store::servers::{self, McpServer, ServerFields};
use preloop_core::store::tools;
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

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
            forget_connections(ctx, id);
            Ok(Response::no_content())
        }
        ("POST", [id, "scan"]) => scan(ctx, id).await,
        ("POST", [id, "oauth"]) => crate::oauth::connect(ctx, id).await,
        ("DELETE", [id, "oauth"]) => crate::oauth::disconnect(ctx, id).await,
        ("GET", [id, "tools"]) => {
            servers::get(ctx.env.sql(), ctx.account(), id).await?;
            ok(&json!({"tools": tools::list_tools(ctx.env.sql(), id).await?}))
        }
        ("GET", [id, what, name]) if let Some(kind) = Kind::from_segment(what) => {
            crate::tool_integrity::show(ctx, kind, id, &percent_decode(name)).await
        }
        ("POST", [id, what, name, "approve"]) if let Some(kind) = Kind::from_segment(what) => {
            crate::tool_integrity::approve(ctx, kind, id, &percent_decode(name)).await
        }
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        _ => Err(Error::not_found("no such route under /api/v1/mcp-servers")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateServer {
    name: String,
    /// Where an HTTP server answers; none for a stdio server.
    #[serde(default)]
    url: String,
    /// A stdio server's program, arguments and environment.
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    auth_header: Option<String>,
    #[serde(default)]
    enabled: Option<bool>,
    #[serde(default)]
    timeout_ms: Option<i64>,
    /// `streamable_http` (the default), `sse` or `stdio`.
    #[serde(default)]
    transport: Option<String>,
    /// What its tools, prompts and URIs carry; `""` for nothing. Default:
    /// the name.
    #[serde(default)]
    prefix: Option<String>,
    /// Tool integrity: `quarantine` (default), `notify` or `accept` a
    /// changed definition; `quarantine` (default) or `warn` on a finding;
    /// redact secrets in tool results.
    #[serde(default)]
    on_change: Option<OnChange>,
    #[serde(default)]
    on_finding: Option<OnFinding>,
    #[serde(default)]
    redact_results: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct UpdateServer {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    args: Option<Vec<String>>,
    /// Replaces the whole environment; `null` clears it.
    #[serde(default)]
    env: Patch<BTreeMap<String, String>>,
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
    /// Tool integrity: `quarantine` (default), `notify` or `accept` a
    /// changed definition; `quarantine` (default) or `warn` on a finding;
    /// redact secrets in tool results.
    #[serde(default)]
    on_change: Option<OnChange>,
    #[serde(default)]
    on_finding: Option<OnFinding>,
    #[serde(default)]
    redact_results: Option<bool>,
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

/// Where a server runs: an HTTP URL the egress policy allows, or a command
/// (stdio) on a host that runs processes. The other kind's fields are
/// refused rather than kept unused.
fn check_reach(
    ctx: &Ctx<'_>,
    transport: Transport,
    url: &str,
    command: Option<&StdioCommand>,
) -> Result<()> {
    match (transport, command) {
        (Transport::Stdio, Some(c)) => {
            stdio::check_host(ctx.env)?;
            if !url.is_empty() {
                return Err(Error::bad_request(
                    "a stdio server has a command, not a url",
                ));
            }
            c.validate()
        }
        (Transport::Stdio, None) => {
            stdio::check_host(ctx.env)?;
            Err(Error::bad_request("a stdio server needs a command"))
        }
        (_, Some(_)) => Err(Error::bad_request(
            "command, args and env are for stdio servers: set transport to stdio",
        )),
        (_, None) => validate_url(url, &ctx.env.config.egress),
    }
}

/// Seals an environment set through the API. Its values are not templates:
/// an export says to keep them (`keep_env`) rather than showing them.
#[allow(clippy::type_complexity)]
fn seal_env(
    ctx: &Ctx<'_>,
    values: &BTreeMap<String, String>,
) -> Result<(Option<String>, Option<BTreeMap<String, Option<String>>>)> {
    stdio::validate_env(values)?;
    let template = (!values.is_empty()).then(|| values.keys().map(|k| (k.clone(), None)).collect());
    Ok((stdio::seal_env(ctx.env, values)?, template))
}

/// What this instance keeps for a server: its upstream session, its process.
fn forget_connections(ctx: &Ctx<'_>, id: &str) {
    ctx.env.upstream_sessions.forget(id);
    if let Some(processes) = ctx.env.processes() {
        processes.stop(id);
    }
}

async fn create(ctx: &Ctx<'_>) -> Result<Response> {
    let input: CreateServer = ctx.body()?;
    validate_name(&input.name)?;
    let transport = input
        .transport
        .as_deref()
        .map(Transport::parse)
        .transpose()?
        .unwrap_or_default();
    let command = input.command.map(|command| StdioCommand {
        command,
        args: input.args,
    });
    if command.is_none() && !input.env.is_empty() {
        return Err(Error::bad_request(
            "env is for stdio servers, with a command",
        ));
    }
    check_reach(ctx, transport, &input.url, command.as_ref())?;
    let timeout_ms = validate_timeout(
        input
            .timeout_ms
            .unwrap_or(ctx.env.config.upstream_timeout_ms as i64),
    )?;
    if let Some(p) = &input.prefix {
        validate_prefix(p)?;
    }
    let (env_enc, env_template) = seal_env(ctx, &input.env)?;
    let fields = ServerFields {
        name: input.name,
        url: input.url,
        auth_header_enc: seal(ctx, input.auth_header)?,
        auth_header_template: None,
        enabled: input.enabled.unwrap_or(true),
        timeout_ms,
        transport,
        prefix: input.prefix,
        command,
        env_enc,
        env_template,
        on_change: input.on_change.unwrap_or_default(),
        on_finding: input.on_finding.unwrap_or_default(),
        redact_results: input.redact_results.unwrap_or(false),
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
    let transport = match input.transport.as_deref() {
        Some(t) => Transport::parse(t)?,
        None => current.transport,
    };
    let command = match (input.command, current.command) {
        (Some(command), current) => Some(StdioCommand {
            command,
            args: input
                .args
                .or_else(|| current.map(|c| c.args))
                .unwrap_or_default(),
        }),
        (None, Some(current)) => Some(StdioCommand {
            args: input.args.unwrap_or(current.args),
            ..current
        }),
        (None, None) => None,
    }
    // A server moved to HTTP leaves its command behind.
    .filter(|_| transport == Transport::Stdio);
    check_reach(ctx, transport, &url, command.as_ref())?;
    // An environment set here replaces any policy file's templates.
    let (env_enc, env_template) = match input.env {
        Patch::Keep if command.is_some() => (current.env_enc, current.env_template),
        Patch::Keep | Patch::Clear => (None, None),
        Patch::Set(_) if command.is_none() => {
            return Err(Error::bad_request(
                "env is for stdio servers, with a command",
            ));
        }
        Patch::Set(values) => seal_env(ctx, &values)?,
    };
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
        transport,
        prefix: match input.prefix {
            Patch::Keep => current.prefix_set,
            Patch::Clear => None,
            Patch::Set(p) => Some(p),
        },
        command,
        env_enc,
        env_template,
        on_change: input.on_change.unwrap_or(current.on_change),
        on_finding: input.on_finding.unwrap_or(current.on_finding),
        redact_results: input.redact_results.unwrap_or(current.redact_results),
    };
    if let Some(p) = &fields.prefix {
        validate_prefix(p)?;
    }
    servers::update(ctx.env.sql(), ctx.account(), id, &fields, ctx.env.now_ms()).await?;
    forget_connections(ctx, id);
    ok(&servers::get(ctx.env.sql(), ctx.account(), id).await?)
}

/// Discovers the upstream's tools and stores them; the proxy lists what the
/// last successful scan found.
async fn scan(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let server: McpServer = servers::get(ctx.env.sql(), ctx.account(), id).await?;
    let tools = preloop_core::mcp::scan::scan(ctx.env, &server).await?;
    ok(&json!({"server_id": server.id, "count": tools.len(), "tools": tools}))
}
