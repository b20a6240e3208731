//! `/api/v1/invitations`: inviting someone by email. The invitation is a
//! link that works once, for a week, to set a password and join; it is
//! mailed through the account's email channel, and shown once to whoever
//! made it (to pass on where no channel is set up). Also a person's
//! password-reset link, made by an admin.

use crate::people::{DEFAULT_ROLE, check_role_change, parse_role, validate_user};
use crate::{Ctx, created, ok};
use preloop_core::access::{Permissions, Role};
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::links::{self, LinkKind};
use preloop_core::http::Response;
use preloop_core::store::people::{self, User};
use preloop_core::store::tickets::{self, TicketKind};
use preloop_core::{Error, Result};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invite {
    email: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

pub async fn route(ctx: &Ctx<'_>, method: &str, rest: &[&str]) -> Result<Response> {
    let sql = ctx.env.sql();
    match (method, rest) {
        ("GET", []) => {
            let open =
                tickets::list_open(sql, ctx.account(), TicketKind::Invitation, ctx.env.now_ms())
                    .await?;
            ok(&json!({"invitations": open}))
        }
        ("POST", []) => invite(ctx).await,
        ("DELETE", [id]) => {
            tickets::withdraw(sql, ctx.account(), id, ctx.env.now_ms()).await?;
            Ok(Response::no_content())
        }
        _ => Err(Error::not_found("no such route under /api/v1/invitations")),
    }
}

async fn invite(ctx: &Ctx<'_>) -> Result<Response> {
    let input: Invite = ctx.body()?;
    let email = input.email.trim().to_ascii_lowercase();
    let name = input
        .name
        .unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string());
    validate_user(&name, &email)?;
    let sql = ctx.env.sql();
    let role = input.role.as_deref().map(parse_role).transpose()?;
    let existing = people::find_by_email(sql, ctx.account(), &email).await?;
    if existing.as_ref().is_some_and(|u| u.password_set) {
        return Err(Error::conflict(format!(
            "{email} is already a member who signs in"
        )));
    }
    let mut batch = Vec::new();
    let person = match existing {
        Some(u) => {
            if let Some(role) = role
                && role != u.role
            {
                check_role_change(ctx, Some(u.role), role).await?;
                batch.push(people::set_role_statement(ctx.account(), &u.id, role));
            }
            User {
                role: role.unwrap_or(u.role),
                ..u
            }
        }
        None => {
            if let Some(role) = role
                && role != DEFAULT_ROLE
            {
                check_role_change(ctx, None, role).await?;
            }
            let u = User {
                id: ctx.env.new_id(),
                name,
                email: email.clone(),
                role: role.unwrap_or(DEFAULT_ROLE),
                password_set: false,
                disabled_at: None,
                created_at: ctx.env.now_ms(),
            };
            batch.push(people::create_user_statement(ctx.account(), &u, None));
            u
        }
    };
    let by = ctx.principal.audit_label();
    let link = links::new_link(
        ctx.env,
        LinkKind::Invitation,
        ctx.account(),
        &person.id,
        Some(&by),
    );
    batch.extend(link.statements);
    batch.extend(events::statements(
        ctx.env,
        ctx.account(),
        &by,
        AuthEvent::Invited,
        &format!("invited {} as {}", person.email, person.role.as_str()),
        json!({"user_id": person.id, "email": person.email, "role": person.role, "invitation_id": link.ticket_id}),
    ));
    sql.batch(&batch).await?;
    let emailed = links::mail(
        ctx.env,
        LinkKind::Invitation,
        ctx.account(),
        &person.email,
        &link.url,
    )
    .await?;
    created(&json!({
        "invitation": {"id": link.ticket_id, "user_id": person.id, "email": person.email, "role": person.role, "expires_at": link.expires_at},
        "invitation_url": link.url,
        "emailed": emailed,
    }))
}

/// `POST /api/v1/users/{id}/password-reset`: a reset link for a person,
/// shown once and mailed. Only for someone with no more rights than the
/// caller (an admin cannot take over an owner's sign-in).
pub async fn reset_link(ctx: &Ctx<'_>, id: &str) -> Result<Response> {
    let sql = ctx.env.sql();
    let person = people::get_user(sql, ctx.account(), id).await?;
    let roles = people::roles_held(sql, ctx.account(), id).await?;
    if roles.contains(&Role::Owner) && ctx.principal.role != Role::Owner {
        return Err(Error::forbidden(
            "only an owner makes a reset link for an owner: they reset their own password",
        ));
    }
    let held = roles
        .iter()
        .fold(Permissions::NONE, |held, r| held.union(r.permissions()));
    let theirs_beyond = held
        .without_calls()
        .iter()
        .find(|p| !ctx.principal.permissions.has(*p));
    if let Some(p) = theirs_beyond {
        return Err(Error::forbidden(format!(
            "this person has rights you do not ({}): they reset their own password",
            p.as_str()
        )));
    }
    let by = ctx.principal.audit_label();
    let link = links::new_link(
        ctx.env,
        LinkKind::PasswordReset,
        ctx.account(),
        id,
        Some(&by),
    );
    let mut batch = link.statements;
    batch.extend(events::statements(
        ctx.env,
        ctx.account(),
        &by,
        AuthEvent::PasswordResetRequested,
        &format!("a reset link for {}", person.email),
        json!({"user_id": id, "email": person.email}),
    ));
    sql.batch(&batch).await?;
    let emailed = links::mail(
        ctx.env,
        LinkKind::PasswordReset,
        ctx.account(),
        &person.email,
        &link.url,
    )
    .await?;
    created(&json!({"reset_url": link.url, "expires_at": link.expires_at, "emailed": emailed}))
}
