//! `/api/v1/api-keys`: the account's API keys. A new key is shown once, in
//! the response that creates it; only its hash is kept.

use crate::{Ctx, created, method_not_allowed, ok, validate_name};
use preloop_core::access::Permissions;
use preloop_core::auth::{self, Role};
use preloop_core::http::Response;
use preloop_core::store::accounts::{self, NewKey};
use preloop_core::store::people;
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

/// Whom a new key is issued to, besides the account.
#[derive(Clone, Copy)]
pub enum Owner<'a> {
    Account,
    User(&'a str),
    Agent(&'a str),
}

/// Creates a key and shows it once. An agent's keys act as that agent. A
/// person's keys are approver keys unless another role is asked for. A key
/// may be narrowed to some of its role's permissions (`scopes`); it never
/// has more than its owner (a person's role and teams, checked again on
/// every use) or than the credential that creates it.
pub async fn create(ctx: &Ctx<'_>, owner: Owner<'_>) -> Result<Response> {
    let input: CreateKey = ctx.body()?;
    validate_name(&input.name)?;
    let role = input
        .role
        .as_deref()
        .map(Role::parse)
        .transpose()?
        .unwrap_or(match owner {
            Owner::User(_) => Role::Approver,
            Owner::Account | Owner::Agent(_) => Role::Agent,
        });
    if role == Role::Approver && !matches!(owner, Owner::User(_)) {
        return Err(Error::bad_request(
            "approver keys belong to a person: create them with POST /api/v1/users/{id}/api-keys",
        ));
    }
    let (user_id, agent_id) = match owner {
        Owner::Account => (None, None),
        Owner::User(u) => (Some(u), None),
        Owner::Agent(a) => (None, Some(a)),
    };
    if agent_id.is_some() && role != Role::Agent {
        return Err(Error::bad_request("an agent's keys have the agent role"));
    }
    // Owners' rights include making owners: only an owner hands them out.
    if role == Role::Owner && ctx.principal.role != Role::Owner {
        return Err(Error::forbidden("only an owner makes an owner key"));
    }
    let scopes = input
        .scopes
        .as_deref()
        .map(|s| Permissions::parse_scope(&s.join(" ")))
        .transpose()?;
    let granted = role
        .permissions()
        .intersect(scopes.unwrap_or_else(Permissions::all));
    if let Some(s) = scopes
        && !role.permissions().contains(s)
    {
        return Err(Error::bad_request(format!(
            "scopes may only narrow the key's role: {} is not part of {}",
            s.iter()
                .find(|p| !role.permissions().has(*p))
                .map_or("", |p| p.as_str()),
            role.as_str()
        )));
    }
    // The creator's own rights bound what it hands out (calling tools and
    // models aside: an admin's browser session cannot call them, yet makes
    // agents' keys).
    let beyond = granted
        .without_calls()
        .iter()
        .find(|p| !ctx.principal.permissions.has(*p));
    if let Some(p) = beyond {
        return Err(Error::forbidden(format!(
            "a key cannot have more rights than the credential creating it ({} is not yours)",
            p.as_str()
        )));
    }
    // A person's key acts within their rights (an agent key aside: it is
    // a machine acting for them).
    if let Some(user) = user_id
        && role != Role::Agent
    {
        people::get_user(ctx.env.sql(), ctx.account(), user).await?;
        let held = people::held_permissions(ctx.env.sql(), ctx.account(), user).await?;
        if let Some(p) = granted.iter().find(|p| !held.has(*p)) {
            return Err(Error::forbidden(format!(
                "a person's key cannot have more rights than they do: a {} key needs {}, which this person's role does not give",
                role.as_str(),
                p.as_str()
            )));
        }
    }
    let key = auth::generate_key(ctx.env.random());
    let id = ctx.env.new_id();
    let hash = auth::hash_key(&key);
    let prefix = auth::display_prefix(&key);
    let scope_text = scopes.map(|_| granted.to_scope());
    ctx.env
        .sql()
        .batch(&[accounts::create_key_statement(&NewKey {
            id: &id,
            account_id: ctx.account(),
            name: &input.name,
            key_hash: &hash,
            prefix: &prefix,
            role,
            scopes: scope_text.as_deref(),
            user_id,
            agent_id,
            expires_at: None,
            flow_id: None,
            flow_execution_id: None,
            now: ctx.env.now_ms(),
        })])
        .await?;
    created(
        &json!({"id": id, "name": input.name, "role": role, "scopes": scope_text.map(|_| granted), "prefix": prefix, "user_id": user_id, "agent_id": agent_id, "key": key}),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateKey {
    name: String,
    #[serde(default)]
    role: Option<String>,
    /// Permission names the key is narrowed to.
    #[serde(default)]
    scopes: Option<Vec<String>>,
}

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    match (method, rest) {
        ("GET", []) => {
            ok(&json!({"api_keys": accounts::list_keys(ctx.env.sql(), ctx.account()).await?}))
        }
        ("POST", []) => create(ctx, Owner::Account).await,
        ("DELETE", [id]) => {
            if *id == ctx.principal.api_key_id {
                return Err(Error::conflict("a key cannot revoke itself"));
            }
            accounts::revoke_key(ctx.env.sql(), ctx.account(), id, ctx.env.now_ms()).await?;
            Ok(Response::no_content())
        }
        (_, [] | [_]) => Err(method_not_allowed("GET, POST, DELETE")),
        _ => Err(Error::not_found("no such route under /api/v1/api-keys")),
    }
}
