//! `/api/v1/users` and `/api/v1/teams`: the people who approve calls, the
//! teams they belong to, and API keys of their own.

use crate::{Ctx, created, keys, method_not_allowed, ok, validate_name};
use preloop_core::access::{self, Permission, Role};
use preloop_core::auth::events::{self, AuthEvent};
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
    role: Option<String>,
    /// Disables (or enables again) the person: a disabled person cannot
    /// sign in, their sessions end and their keys do nothing.
    disabled: Option<bool>,
}

/// People added without a role are approvers: people are added to decide.
pub(crate) const DEFAULT_ROLE: Role = Role::Approver;

/// `GET /api/v1/roles`: the table, as the code has it.
pub fn roles() -> Result<Response> {
    let roles: Vec<_> = access::ROLE_PERMISSIONS
        .iter()
        .map(|(role, permissions)| json!({"role": role, "permissions": permissions}))
        .collect();
    let all: Vec<_> = Permission::ALL.iter().map(|p| p.as_str()).collect();
    ok(&json!({"roles": roles, "permissions": all}))
}

/// Whether the caller may give someone `to` in place of `from`: it takes
/// `members.assign_role`; a role with more than the caller's own
/// permissions is never given; owners are made and unmade only by owners
/// (or by whoever may assign roles while the account has none), and the
/// last owner stays one.
pub(crate) async fn check_role_change(ctx: &Ctx<'_>, from: Option<Role>, to: Role) -> Result<()> {
    ctx.principal.require(Permission::MembersAssignRole)?;
    if !to.for_people() {
        return Err(Error::bad_request(
            "the agent role is for machines' keys: create an agent and give it keys",
        ));
    }
    if !ctx
        .principal
        .permissions
        .contains(to.permissions().without_calls())
    {
        return Err(Error::forbidden(format!(
            "a credential cannot give a role with more rights than its own ({} is more than yours)",
            to.as_str()
        )));
    }
    let owners = people::count_owners(ctx.env.sql(), ctx.account()).await?;
    let touches_owner = to == Role::Owner || from == Some(Role::Owner);
    if touches_owner && owners > 0 && ctx.principal.role != Role::Owner {
        return Err(Error::forbidden("only an owner makes or unmakes owners"));
    }
    if from == Some(Role::Owner) && to != Role::Owner && owners <= 1 {
        return Err(Error::conflict(
            "the account's last owner stays one: make someone else owner first",
        ));
    }
    Ok(())
}

/// Disables or enables a person, as one who may assign their role: an
/// owner only by an owner, never the last owner, never oneself.
async fn set_disabled(ctx: &Ctx<'_>, person: &User, disabled: bool) -> Result<()> {
    ctx.principal.require(Permission::MembersAssignRole)?;
    if ctx.principal.user_id.as_deref() == Some(person.id.as_str()) {
        return Err(Error::conflict("a person cannot disable themselves"));
    }
    if person.role == Role::Owner {
        if ctx.principal.role != Role::Owner {
            return Err(Error::forbidden("only an owner disables an owner"));
        }
        if disabled && people::count_owners(ctx.env.sql(), ctx.account()).await? <= 1 {
            return Err(Error::conflict(
                "the account's last owner cannot be disabled: make someone else owner first",
            ));
        }
    }
    let now = ctx.env.now_ms();
    let mut batch = vec![people::set_disabled_statement(
        ctx.account(),
        &person.id,
        disabled.then_some(now),
    )];
    if disabled {
        batch.push(
            preloop_core::store::sign_in::revoke_user_sessions_statement(
                &person.id, "disabled", now,
            ),
        );
    }
    let (event, what) = if disabled {
        (AuthEvent::Disabled, "disabled")
    } else {
        (AuthEvent::Enabled, "enabled again")
    };
    batch.extend(events::statements(
        ctx.env,
        ctx.account(),
        &ctx.principal.audit_label(),
        event,
        &format!("{} {what}", person.email),
        json!({"user_id": person.id, "email": person.email}),
    ));
    ctx.env.sql().batch(&batch).await?;
    Ok(())
}

/// The audit records of people gaining or losing a team's role by joining
/// or leaving it (or its removal).
fn membership_audit(
    ctx: &Ctx<'_>,
    team: &Team,
    role: Role,
    what: &str,
    user_ids: &[String],
) -> Vec<preloop_core::store::sql::Statement> {
    user_ids
        .iter()
        .flat_map(|user| {
            events::statements(
                ctx.env,
                ctx.account(),
                &ctx.principal.audit_label(),
                AuthEvent::RoleChanged,
                &format!("{what}: team {} grants {}", team.name, role.as_str()),
                json!({"user_id": user, "team_id": team.id, "team": team.name, "role": role, "change": what}),
            )
        })
        .collect()
}

pub(crate) fn parse_role(role: &str) -> Result<Role> {
    Role::parse(role)
}

/// A role a team may grant: any a person may hold but `owner`, which is
/// held in person, so that "only owners make owners" and "the last owner
/// stays" count exactly the people who are owners.
fn parse_team_role(role: &str) -> Result<Role> {
    match Role::parse(role)? {
        Role::Owner => Err(Error::bad_request(
            "a team cannot grant owner: make people owners one by one",
        )),
        role => Ok(role),
    }
}

pub(crate) fn validate_user(name: &str, email: &str) -> Result<()> {
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
            let role = input.role.as_deref().map(parse_role).transpose()?;
            if let Some(role) = role
                && role != DEFAULT_ROLE
            {
                check_role_change(ctx, None, role).await?;
            }
            let user = User {
                id: ctx.env.new_id(),
                name,
                email,
                role: role.unwrap_or(DEFAULT_ROLE),
                password_set: false,
                disabled_at: None,
                created_at: ctx.env.now_ms(),
            };
            people::create_user(sql, ctx.account(), &user).await?;
            created(&user)
        }
        ("GET", [id]) => ok(&people::get_user(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: UserInput = ctx.body()?;
            let current = people::get_user(sql, ctx.account(), id).await?;
            let name = input.name.unwrap_or(current.name.clone());
            let email = input
                .email
                .map(|e| e.to_ascii_lowercase())
                .unwrap_or(current.email.clone());
            validate_user(&name, &email)?;
            let role = input.role.as_deref().map(parse_role).transpose()?;
            if let Some(role) = role
                && role != current.role
            {
                check_role_change(ctx, Some(current.role), role).await?;
                let mut batch = vec![people::set_role_statement(ctx.account(), id, role)];
                batch.extend(events::statements(
                    ctx.env,
                    ctx.account(),
                    &ctx.principal.audit_label(),
                    AuthEvent::RoleChanged,
                    &format!("{} is now {}", current.email, role.as_str()),
                    json!({"user_id": id, "email": current.email, "from": current.role, "to": role}),
                ));
                sql.batch(&batch).await?;
            }
            if let Some(disabled) = input.disabled
                && disabled != current.disabled_at.is_some()
            {
                set_disabled(ctx, &current, disabled).await?;
            }
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
        ("POST", [id, "password-reset"]) => crate::invitations::reset_link(ctx, id).await,
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
    /// The role membership grants (`null`: none).
    #[serde(default)]
    role: crate::Patch<String>,
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
            let role = input
                .role
                .apply(None)
                .as_deref()
                .map(parse_team_role)
                .transpose()?;
            if let Some(role) = role {
                check_role_change(ctx, None, role).await?;
            }
            let team = Team {
                id: ctx.env.new_id(),
                name,
                role,
                member_ids,
                created_at: ctx.env.now_ms(),
            };
            let also = match team.role {
                Some(role) => membership_audit(ctx, &team, role, "joined", &team.member_ids),
                None => Vec::new(),
            };
            people::create_team(sql, ctx.account(), &team, also).await?;
            created(&people::get_team(sql, ctx.account(), &team.id).await?)
        }
        ("GET", [id]) => ok(&people::get_team(sql, ctx.account(), id).await?),
        ("PUT", [id]) | ("PATCH", [id]) => {
            let input: TeamInput = ctx.body()?;
            let current = people::get_team(sql, ctx.account(), id).await?;
            let name = input.name.unwrap_or(current.name.clone());
            validate_name(&name)?;
            let role = input
                .role
                .apply(current.role.map(|r| r.as_str().to_string()))
                .as_deref()
                .map(parse_team_role)
                .transpose()?;
            let mut batch = vec![people::update_team_statement(
                ctx.account(),
                id,
                &name,
                role,
            )];
            if role != current.role
                && let Some(to) = role.or(current.role)
            {
                check_role_change(ctx, current.role, to).await?;
                batch.extend(events::statements(
                    ctx.env,
                    ctx.account(),
                    &ctx.principal.audit_label(),
                    AuthEvent::RoleChanged,
                    &format!(
                        "team {} now grants {}",
                        current.name,
                        role.map_or("no role", Role::as_str)
                    ),
                    json!({"team_id": id, "team": current.name, "from": current.role, "to": role}),
                ));
            }
            people::update_team(sql, id, &name, &batch).await?;
            ok(&people::get_team(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id]) => {
            let team = people::get_team(sql, ctx.account(), id).await?;
            let also = match team.role {
                Some(role) => {
                    check_role_change(ctx, Some(role), role).await?;
                    membership_audit(ctx, &team, role, "team removed", &team.member_ids)
                }
                None => Vec::new(),
            };
            people::delete_team(sql, ctx.account(), id, also).await?;
            Ok(Response::no_content())
        }
        ("POST", [id, "members"]) => {
            let input: MemberInput = ctx.body()?;
            let team = people::get_team(sql, ctx.account(), id).await?;
            let also = match team.role {
                Some(role) => {
                    check_role_change(ctx, None, role).await?;
                    membership_audit(
                        ctx,
                        &team,
                        role,
                        "joined",
                        std::slice::from_ref(&input.user_id),
                    )
                }
                None => Vec::new(),
            };
            people::add_member(
                sql,
                ctx.account(),
                id,
                &input.user_id,
                ctx.env.now_ms(),
                also,
            )
            .await?;
            created(&people::get_team(sql, ctx.account(), id).await?)
        }
        ("DELETE", [id, "members", user_id]) => {
            let team = people::get_team(sql, ctx.account(), id).await?;
            if !team.member_ids.iter().any(|m| m == user_id) {
                return Err(Error::not_found(format!(
                    "user {user_id} is not a member of team {id}"
                )));
            }
            let also = match team.role {
                Some(role) => {
                    check_role_change(ctx, Some(role), role).await?;
                    membership_audit(ctx, &team, role, "left", &[user_id.to_string()])
                }
                None => Vec::new(),
            };
            people::remove_member(sql, ctx.account(), id, user_id, also).await?;
            Ok(Response::no_content())
        }
        (_, [] | [_] | [_, "members"] | [_, "members", _]) => {
            Err(method_not_allowed("GET, POST, PUT, DELETE"))
        }
        _ => Err(Error::not_found("no such route under /api/v1/teams")),
    }
}
