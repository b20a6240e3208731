//! Connecting upstream servers that require OAuth
//! (`/api/v1/mcp-servers/{id}/oauth`), and the callback the admin's browser
//! comes back to (`/api/v1/oauth/callback`, which needs no key: the
//! one-time `state` it carries is the credential). See
//! [`preloop_core::mcp::oauth`].

use crate::{Ctx, ok};
use preloop_core::http::{Request, Response};
use preloop_core::mcp::oauth::{self, Options};
use preloop_core::store::audit::{self, AuditRecord};
use preloop_core::store::{server_oauth, servers};
use preloop_core::{Env, Result};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Connect {
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

/// `POST …/oauth`: starts connecting the server; the answer's
/// `authorization_url` is for the admin's browser.
pub async fn connect(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let server = servers::get(ctx.env.sql(), ctx.account(), id).await?;
    let body: Connect = if ctx.request.body.is_empty() {
        Connect::default()
    } else {
        ctx.request.json()?
    };
    for (name, value) in [
        ("client_id", &body.client_id),
        ("client_secret", &body.client_secret),
        ("scope", &body.scope),
    ] {
        if let Some(v) = value {
            preloop_core::text::check_header_value(name, v)?;
        }
    }
    let by = ctx.principal.audit_label();
    let started = oauth::start(
        ctx.env,
        ctx.account(),
        &server,
        &by,
        Options {
            client_id: body.client_id,
            client_secret: body.client_secret,
            scope: body.scope,
        },
    )
    .await?;
    record(
        ctx.env,
        ctx.account(),
        &by,
        &server,
        "oauth_started",
        "an OAuth connection was started",
    )
    .await?;
    ok(&started)
}

/// `DELETE …/oauth`: the server is no longer reached with OAuth; its
/// tokens are forgotten.
pub async fn disconnect(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let server = servers::get(ctx.env.sql(), ctx.account(), id).await?;
    server_oauth::disconnect(ctx.env.sql(), ctx.account(), id).await?;
    oauth::tokens::forget(id);
    let by = ctx.principal.audit_label();
    record(
        ctx.env,
        ctx.account(),
        &by,
        &server,
        "oauth_disconnected",
        "the OAuth connection was removed",
    )
    .await?;
    Ok(Response::no_content())
}

/// `GET /api/v1/oauth/callback`: the authorization server sent the admin
/// back. Answers a page for a person.
pub async fn callback(request: &Request, env: &Env) -> Response {
    let param = |name: &str| request.query_param(name);
    let outcome = match (param("state"), param("code"), param("error")) {
        (_, _, Some(error)) => Err(format!(
            "The authorization server did not grant access ({}).",
            error.chars().take(100).collect::<String>()
        )),
        (Some(state), Some(code), None) => {
            match connected(env, &state, &code, param("iss").as_deref()).await {
                Ok(name) => Ok(name),
                // Refusals say why (a used link, another issuer); anything
                // else is for the log, not for an unauthenticated page.
                Err(e) if e.kind == preloop_core::ErrorKind::BadRequest => Err(e.message),
                Err(e) => {
                    tracing::warn!(error = %e.message, "an OAuth connection could not be finished");
                    Err("Preloop could not finish the connection; try again, and see Preloop's log if it fails again.".into())
                }
            }
        }
        _ => Err("This link is missing its state or code.".into()),
    };
    let (status, title, text) = match outcome {
        Ok(name) => (
            200,
            "Connected",
            format!("Preloop is connected to the MCP server '{name}'. You can close this window."),
        ),
        Err(why) => (400, "Not connected", why),
    };
    Response::text(status, "text/html; charset=utf-8", page(title, &text))
        .with_header("cache-control", "no-store")
        .with_header("referrer-policy", "no-referrer")
}

/// Finishes a connection and audits it; the server's name.
async fn connected(env: &Env, state: &str, code: &str, iss: Option<&str>) -> Result<String> {
    let done = oauth::finish(env, state, code, iss).await?;
    let server = servers::get(env.sql(), &done.account_id, &done.server_id).await?;
    record(
        env,
        &done.account_id,
        &done.by,
        &server,
        "oauth_connected",
        "the server was connected with OAuth",
    )
    .await?;
    Ok(server.name)
}

fn page(title: &str, text: &str) -> String {
    let escape = preloop_core::text::escape_html;
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{t}</title></head><body><h1>{t}</h1><p>{x}</p></body></html>",
        t = escape(title),
        x = escape(text)
    )
}

/// An audit record of a change to a server's OAuth connection.
async fn record(
    env: &Env,
    account_id: &str,
    by: &str,
    server: &servers::McpServer,
    outcome: &str,
    reason: &str,
) -> Result<()> {
    let now = env.now_ms();
    audit::insert(
        env.sql(),
        &AuditRecord {
            principal: by.to_string(),
            server_id: Some(server.id.clone()),
            server_name: Some(server.name.clone()),
            tool: "preloop:oauth".into(),
            reason: reason.into(),
            outcome: outcome.into(),
            instance_id: env.instance_id().map(str::to_string),
            ..AuditRecord::event(env.new_id(), account_id, now)
        },
    )
    .await
    .inspect_err(
        |e| tracing::warn!(error = %e.message, "an OAuth connection change could not be audited"),
    )
}
