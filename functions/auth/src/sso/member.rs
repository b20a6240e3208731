//! Who a provider's sign-in is here, and with what role.
//!
//! - A subject signed in before is the person it was linked to.
//! - Otherwise the person with the same email, if the provider says the
//!   email is verified (an unverified one could be anyone's), is linked.
//! - Otherwise the person is created, just in time.
//!
//! Their role is the one the group → role table gives their groups (first
//! match wins; `default_role` when none matches; refused when there is no
//! default), set again at every sign-in: the provider is where roles of
//! people signing in this way are managed. Owners are the exception: the
//! table cannot name `owner`, and an owner signing in stays one (only
//! owners make or unmake owners).

use preloop_core::access::Role;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::http::Request;
use preloop_core::store::people::{self, User};
use preloop_core::store::sql::Statement;
use preloop_core::store::sso::{self, Provider};
use preloop_core::store::tickets::Ticket;
use preloop_core::{Env, Error, Result};
use serde_json::{Map, Value, json};

/// At most this many of a person's groups are looked at.
const MAX_GROUPS: usize = 1000;
/// A group name longer than this matches nothing.
const MAX_GROUP_LEN: usize = 256;

/// The person signed in, and what to write for it (a new person, a link,
/// a role change and their audit records).
pub struct Person {
    pub user_id: String,
    pub statements: Vec<Statement>,
}

/// The groups the configured claim lists (an array of names, or one name).
pub fn groups(claims: &Map<String, Value>, claim: &str) -> Vec<String> {
    match claims.get(claim) {
        Some(Value::Array(items)) => items
            .iter()
            .take(MAX_GROUPS)
            .filter_map(Value::as_str)
            .filter(|g| g.len() <= MAX_GROUP_LEN)
            .map(str::to_string)
            .collect(),
        Some(Value::String(g)) if g.len() <= MAX_GROUP_LEN => vec![g.clone()],
        _ => Vec::new(),
    }
}

/// The role `groups` map to.
pub fn role_for(provider: &Provider, groups: &[String]) -> Option<Role> {
    provider
        .group_roles
        .iter()
        .find(|line| groups.contains(&line.group))
        .map(|line| line.role)
        .or(provider.default_role)
}

fn claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

/// Finds, links or creates the person `claims` are about.
pub async fn sign_in(
    env: &Env,
    request: &Request,
    provider: &Provider,
    claims: &Map<String, Value>,
) -> Result<Person> {
    let sql = env.sql();
    let account_id = &provider.account_id;
    let subject = claim(claims, "sub").unwrap_or_default();
    let groups = groups(claims, &provider.groups_claim);
    let role = role_for(provider, &groups).ok_or_else(|| {
        Error::forbidden(
            "your identity provider puts you in no group that has a role here: ask an admin of the account",
        )
    })?;
    let email = claim(claims, "email").map(crate::grant::email).transpose();
    let verified = claims.get("email_verified").and_then(Value::as_bool) == Some(true);
    let now = env.now_ms();
    let mut statements = Vec::new();
    let linked = sso::linked_user(sql, account_id, &provider.issuer, subject).await?;
    let user = match linked {
        Some(id) => people::get_user(sql, account_id, &id).await?,
        None => {
            let email = email?.ok_or_else(|| {
                Error::forbidden(
                    "the identity provider gave no email address (ask for the 'email' scope)",
                )
            })?;
            match people::find_by_email(sql, account_id, &email).await? {
                Some(_) if !verified => {
                    return Err(Error::forbidden(
                        "someone in this account already has this email, and the identity provider does not say it is verified",
                    ));
                }
                Some(user) => user,
                None => {
                    let name = claim(claims, "name")
                        .map(str::trim)
                        .filter(|n| !n.is_empty() && n.chars().count() <= 128)
                        .unwrap_or(&email)
                        .to_string();
                    let user = User {
                        id: env.new_id(),
                        name,
                        email,
                        role,
                        password_set: false,
                        disabled_at: None,
                        created_at: now,
                    };
                    statements.push(people::create_user_statement(account_id, &user, None));
                    statements.extend(events::statements(
                        env,
                        account_id,
                        &format!("user:{}:{}", user.id, user.email),
                        AuthEvent::Joined,
                        &format!("joined by single sign-on as {}", role.as_str()),
                        json!({"user_id": user.id, "email": user.email, "role": role, "issuer": provider.issuer, "groups": groups, "address": request.client_addr}),
                    ));
                    statements.push(sso::link_statement(
                        account_id,
                        &provider.issuer,
                        subject,
                        &user.id,
                        now,
                    ));
                    return Ok(Person {
                        user_id: user.id,
                        statements,
                    });
                }
            }
        }
    };
    if user.disabled_at.is_some() {
        return Err(Error::forbidden(
            "this person's access is disabled: ask an admin of the account",
        ));
    }
    if user.role != role && user.role != Role::Owner {
        statements.push(people::set_role_statement(account_id, &user.id, role));
        statements.extend(events::statements(
            env,
            account_id,
            &format!("sso:{}", provider.issuer),
            AuthEvent::RoleChanged,
            &format!(
                "single sign-on: their groups give {} (was {})",
                role.as_str(),
                user.role.as_str()
            ),
            json!({"user_id": user.id, "email": user.email, "role": role, "previous_role": user.role, "groups": groups, "change": "sso"}),
        ));
    }
    let user_id = user.id;
    statements.push(sso::link_statement(
        account_id,
        &provider.issuer,
        subject,
        &user_id,
        now,
    ));
    Ok(Person {
        user_id,
        statements,
    })
}

/// Whether the person a hand-back code names may still sign in.
pub async fn check_enabled(env: &Env, ticket: &Ticket) -> Result<()> {
    let user = people::get_user(env.sql(), &ticket.account_id, &ticket.user_id).await?;
    if user.disabled_at.is_some() {
        return Err(Error::forbidden(
            "this person's access is disabled: ask an admin of the account",
        ));
    }
    Ok(())
}
