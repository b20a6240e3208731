//! `/api/v1/agents`: managed agents, enrolled runtimes with keys of their own.
//! Rules scoped to an agent apply to calls made with its keys.

use crate::keys::{self, Owner};
use crate::{Ctx, Patch, created, method_not_allowed, ok, validate_name};
use preloop_core::http::Response;
use preloop_core::store::accounts;
use preloop_core::store::agents::{self, Agent};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentInput {
    name: Option<String>,
    #[serde(default)]
    description: Patch<String>,
    /// The person responsible for the agent (four-eyes workflows keep
    /// them from approving its calls).
    #[serde(default)]
    owner_user_id: Patch<String>,
}

/// The owner must be a user of the account.
async fn owner(
    ctx: &Ctx<'_>,
    patch: Patch<String>,
    current: Option<String>,
) -> Result<Option<String>> {
    let owner = patch.apply(current);
    if let Some(id) = &owner {
        preloop_core::store::people::get_user(ctx.env.sql(), ctx.account(), id)
            .await
            .map_err(|_| Error::bad_request(format!("owner_user_id: no user {id}")))?;
    }
    Ok(owner)
}

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => ok(&json!({"agents": agents::list(sql, ctx.account()).await?})),
        ("POST", []) => {
            let input: AgentInput = ctx.body()?;
            let name = input
                .name
                .ok_or_else(|| Error::bad_request("an agent needs a name"))?;
            validate_name(&name)?;
            let now = ctx.env.now_ms();
            let agent = Agent {
                id: ctx.env.new_id(),
                name,
                description: input.description.apply(None),
                owner_user_id: owner(ctx, input.owner_user_id, None).await?,
                created_at: now,
                updated_at: now,
            };
            agents::create(sql, ctx.account(), &agent).await?;
            created(&agents::get(sql, ctx.account(), &agent.id).await?)
        }
        ("GET", [id]) => ok(&agents::get(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: AgentInput = ctx.body()?;
            let mut agent = agents::get(sql, ctx.account(), id).await?;
            if let Some(n) = input.name {
                validate_name(&n)?;
                agent.name = n;
            }
            agent.description = input.description.apply(agent.description);
            agent.owner_user_id = owner(ctx, input.owner_user_id, agent.owner_user_id).await?;
            agent.updated_at = ctx.env.now_ms();
            agents::update(sql, ctx.account(), &agent).await?;
            ok(&agents::get(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id]) => {
            agents::delete(sql, ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        ("GET", [id, "keys"]) => {
            agents::get(sql, ctx.account(), id).await?;
            let keys: Vec<_> = accounts::list_keys(sql, ctx.account())
                .await?
                .into_iter()
                .filter(|k| k.agent_id.as_deref() == Some(id))
                .collect();
            ok(&json!({ "api_keys": keys }))
        }
        ("POST", [id, "keys"]) => {
            agents::get(sql, ctx.account(), id).await?;
            keys::create(ctx, Owner::Agent(id)).await
        }
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        (_, [_, "keys"]) => Err(method_not_allowed("GET, POST")),
        _ => Err(Error::not_found("no such route under /api/v1/agents")),
    }
}
