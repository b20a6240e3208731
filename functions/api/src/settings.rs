//! `/api/v1/settings`: account-wide policy settings.

use crate::{Ctx, method_not_allowed, ok};
use preloop_core::Result;
use preloop_core::http::Response;
use preloop_core::policy::Action;
use preloop_core::store::accounts;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateSettings {
    default_action: String,
}

pub async fn route(ctx: &Ctx<'_>, method: &str) -> Result<Response> {
    match method {
        "GET" => {}
        "PUT" | "PATCH" => {
            let input: UpdateSettings = ctx.body()?;
            let action = Action::parse(&input.default_action)?;
            accounts::set_default_action(ctx.env.sql(), ctx.account(), action).await?;
        }
        _ => return Err(method_not_allowed("GET, PUT")),
    }
    let (default_action, policy_version) = accounts::settings(ctx.env.sql(), ctx.account()).await?;
    ok(&json!({"default_action": default_action, "policy_version": policy_version}))
}
