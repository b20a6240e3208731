//! `/api/v1/kill-switch` and `/api/v1/rate-limits`: the controls an admin
//! sets on the whole account, a managed agent or one key.

use crate::{Ctx, method_not_allowed, ok};
use preloop_core::guards::kill_switch;
use preloop_core::http::Response;
use preloop_core::store::audit::{self, AuditRecord};
use preloop_core::store::controls::{self, Scope};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

/// What a control applies to: `scope` is `account` (the default), `agent`
/// or `api_key`, with the agent's or key's `id`.
struct Target {
    scope: Option<String>,
    id: Option<String>,
}

impl Target {
    fn scope(self) -> Result<Scope> {
        match (self.scope.as_deref().unwrap_or("account"), self.id) {
            ("account", None) => Ok(Scope::Account),
            ("agent", Some(id)) => Ok(Scope::Agent(id)),
            ("api_key", Some(id)) => Ok(Scope::ApiKey(id)),
            ("account", Some(_)) => Err(Error::bad_request("the account scope takes no id")),
            ("agent" | "api_key", None) => Err(Error::bad_request("give the agent's or key's id")),
            (other, _) => Err(Error::bad_request(format!(
                "unknown scope '{other}' (account, agent or api_key)"
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Switch {
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    id: Option<String>,
    on: bool,
    #[serde(default)]
    reason: Option<String>,
}

pub async fn kill_switch(ctx: &Ctx<'_>, method: &str) -> Result<Response> {
    match method {
        "GET" => {}
        "POST" => {
            let input: Switch = ctx.body()?;
            let scope = Target {
                scope: input.scope,
                id: input.id,
            }
            .scope()?;
            let by = ctx.principal.audit_label();
            let cancelled = kill_switch::set(
                ctx.env,
                ctx.account(),
                &scope,
                input.on,
                input.reason.as_deref(),
                &by,
            )
            .await?;
            record(ctx, &scope, input.on, input.reason.as_deref(), cancelled).await?;
            return ok(&json!({
                "scope": scope.kind(),
                "id": scope.id(),
                "on": input.on,
                "cancelled_requests": cancelled,
                "active": controls::active_kills(ctx.env.sql(), ctx.account()).await?,
            }));
        }
        _ => return Err(method_not_allowed("GET, POST")),
    }
    ok(&json!({"active": controls::active_kills(ctx.env.sql(), ctx.account()).await?}))
}

/// Who turned a switch on or off goes in the audit trail beside the calls
/// it stopped.
async fn record(
    ctx: &Ctx<'_>,
    scope: &Scope,
    on: bool,
    reason: Option<&str>,
    cancelled: usize,
) -> Result<()> {
    let now = ctx.env.now_ms();
    let what = format!(
        "kill switch {} for {}{}{}",
        if on { "on" } else { "off" },
        scope.kind(),
        scope.id().map(|id| format!(" {id}")).unwrap_or_default(),
        reason.map(|r| format!(": {r}")).unwrap_or_default()
    );
    audit::insert(
        ctx.env.sql(),
        &AuditRecord {
            api_key_id: Some(ctx.principal.api_key_id.clone()),
            principal: ctx.principal.audit_label(),
            tool: "preloop:kill_switch".into(),
            arguments: json!({"scope": scope.kind(), "id": scope.id(), "on": on, "cancelled_requests": cancelled}),
            decision: if on { "deny" } else { "allow" }.into(),
            reason: what,
            outcome: if on { "kill_switch_on" } else { "kill_switch_off" }.into(),
            instance_id: ctx.env.instance_id().map(str::to_string),
            ..AuditRecord::event(ctx.env.new_id(), ctx.account(), now)
        },
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Limit {
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    id: Option<String>,
    /// Calls per minute per key; `null` removes the limit at this level.
    per_minute: Option<i64>,
}

pub async fn rate_limits(ctx: &Ctx<'_>, method: &str) -> Result<Response> {
    let sql = ctx.env.sql();
    match method {
        "GET" => {
            let scope = Target {
                scope: ctx.request.query_param("scope"),
                id: ctx.request.query_param("id"),
            }
            .scope()?;
            let per_minute = controls::rate_limit(sql, ctx.account(), &scope).await?;
            ok(&json!({"scope": scope.kind(), "id": scope.id(), "per_minute": per_minute}))
        }
        "PUT" => {
            let input: Limit = ctx.body()?;
            let scope = Target {
                scope: input.scope,
                id: input.id,
            }
            .scope()?;
            controls::set_rate_limit(sql, ctx.account(), &scope, input.per_minute).await?;
            ok(&json!({"scope": scope.kind(), "id": scope.id(), "per_minute": input.per_minute}))
        }
        _ => Err(method_not_allowed("GET, PUT")),
    }
}
