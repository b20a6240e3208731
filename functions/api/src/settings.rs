//! `/api/v1/settings`: account-wide policy settings.

use crate::{Ctx, method_not_allowed, ok};
use preloop_core::Result;
use preloop_core::http::Response;
use preloop_core::policy::Action;
use preloop_core::redact::Redactor;
use preloop_core::store::accounts;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateSettings {
    #[serde(default)]
    default_action: Option<String>,
    #[serde(default)]
    redaction: Option<Redaction>,
    #[serde(default)]
    hide_default_denied: Option<bool>,
}

/// The account's own redaction, on top of the built-in rules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Redaction {
    #[serde(default)]
    keys: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
}

pub async fn route(ctx: &Ctx<'_>, method: &str) -> Result<Response> {
    let sql = ctx.env.sql();
    match method {
        "GET" => {}
        "PUT" | "PATCH" => {
            let input: UpdateSettings = ctx.body()?;
            if let Some(r) = &input.redaction {
                // Checked (patterns compiled under the size limit) before
                // anything is stored.
                Redactor::with_extras(&r.keys, &r.patterns)?;
            }
            if let Some(a) = &input.default_action {
                accounts::set_default_action(sql, ctx.account(), Action::parse(a)?).await?;
            }
            if let Some(r) = &input.redaction {
                accounts::set_redaction(sql, ctx.account(), &r.keys, &r.patterns).await?;
            }
            if let Some(hide) = input.hide_default_denied {
                sql.batch(&accounts::set_hide_default_denied_statements(
                    ctx.account(),
                    hide,
                ))
                .await?;
            }
        }
        _ => return Err(method_not_allowed("GET, PUT")),
    }
    let (default_action, policy_version) = accounts::settings(sql, ctx.account()).await?;
    let (keys, patterns) = accounts::redaction(sql, ctx.account()).await?;
    let hide_default_denied = accounts::hides_default_denied(sql, ctx.account()).await?;
    ok(&json!({
        "default_action": default_action,
        "hide_default_denied": hide_default_denied,
        "policy_version": policy_version,
        "redaction": {"keys": keys, "patterns": patterns},
        // The deployment's, not the account's: shown, set by REGISTRATION_ENABLED.
        "registration_enabled": ctx.env.config.registration_enabled,
    }))
}
