//! `/api/v1/users` and `/api/v1/teams`: the people who approve calls, the
//! teams they belong to, and API keys of their own.

use crate::{Ctx, created, keys, method_not_allowed, ok, validate_name};
use preloop_core::http::Response;
use preloop_core::store::accounts;
use preloop_core::store::people::{self, Team, User};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserInput {
    name: Option<String>,
    email: Option<String>,
}

fn validate_user(name: &str, email: &str) -> Result<()> {
    validate_name(name)?;
    let well_formed = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if !well_formed {
        return Err(Error::bad_request(format!(
            "'{email}' is not an email address"
        )));
    }
    Ok(())
}

pub async fn users(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => ok(&json!({"users": people::list_users(sql, ctx.account()).await?})),
        ("POST", []) => {
            let input: UserInput = ctx.body()?;
            let (name, email) = (
                input.name.unwrap_or_default(),
                input.email.unwrap_or_default().to_ascii_lowercase(),
            );
            validate_user(&name, &email)?;
            let user = User {
                id: ctx.env.new_id(),
                name,
                email,
                created_at: ctx.env.now_ms(),
            };
            people::create_user(sql, ctx.account(), &user).await?;
            created(&user)
        }
        ("GET", [id]) => ok(&people::get_user(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: UserInput = ctx.body()?;
            let current = people::get_user(sql, ctx.account(), id).await?;
            let name = input.name.unwrap_or(current.name);
            let email = input
                .email
                .map(|e| e.to_ascii_lowercase())
                .unwrap_or(current.email);
            validate_user(&name, &email)?;
            people::update_user(sql, ctx.account(), id, &name, &email).await?;
            ok(&people::get_user(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id]) => {
            if ctx.principal.user_id.as_deref() == Some(*id) {
                return Err(Error::conflict(
                    "a user cannot delete themselves with their own key",
                ));
            }
            people::delete_user(sql, ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        ("GET", [id, "api-keys"]) => {
            people::get_user(sql, ctx.account(), id).await?;
            let keys: Vec<_> = accounts::list_keys(sql, ctx.account())
                .await?
                .into_iter()
                .filter(|k| k.user_id.as_deref() == Some(*id))
                .collect();
            ok(&json!({"api_keys": keys}))
        }
        ("POST", [id, "api-keys"]) => {
            people::get_user(sql, ctx.account(), id).await?;
            keys::create(ctx, keys::Owner::User(id)).await
        }
        (_, [] | [_] | [_, "api-keys"]) => Err(method_not_allowed("GET, POST, PUT, DELETE")),
        _ => Err(Error::not_found("no such route under /api/v1/users")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamInput {
    name: Option<String>,
    #[serde(default)]
    member_ids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberInput {
    user_id: String,
}

pub async fn teams(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => ok(&json!({"teams": people::list_teams(sql, ctx.account()).await?})),
        ("POST", []) => {
            let input: TeamInput = ctx.body()?;
            let name = input.name.unwrap_or_default();
            validate_name(&name)?;
            let mut member_ids = input.member_ids;
            member_ids.sort();
            member_ids.dedup();
            let missing = people::missing_users(sql, ctx.account(), &member_ids).await?;
            if let Some(m) = missing.first() {
                return Err(Error::bad_request(format!("no user {m}")));
            }
            let team = Team {
                id: ctx.env.new_id(),
                name,
                member_ids,
                created_at: ctx.env.now_ms(),
            };
            people::create_team(sql, ctx.account(), &team).await?;
            created(&people::get_team(sql, ctx.account(), &team.id).await?)
        }
        ("GET", [id]) => ok(&people::get_team(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: TeamInput = ctx.body()?;
            let name = input
                .name
                .ok_or_else(|| Error::bad_request("name is required"))?;
            validate_name(&name)?;
            people::rename_team(sql, ctx.account(), id, &name).await?;
            ok(&people::get_team(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id]) => {
            people::delete_team(sql, ctx.account(), id).await?;
            Ok(Response::no_content())
        }
        ("POST", [id, "members"]) => {
            let input: MemberInput = ctx.body()?;
            people::add_member(sql, ctx.account(), id, &input.user_id, ctx.env.now_ms()).await?;
            created(&people::get_team(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id, "members", user_id]) => {
            people::remove_member(sql, ctx.account(), id, user_id).await?;
            Ok(Response::no_content())
        }
        (_, [] | [_] | [_, "members"] | [_, "members", _]) => {
            Err(method_not_allowed("GET, POST, PUT, DELETE"))
        }
        _ => Err(Error::not_found("no such route under /api/v1/teams")),
    }
}
