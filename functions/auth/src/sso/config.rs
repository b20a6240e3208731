//! `/api/v1/auth/sso`: an account's single sign-on, read by those who may
//! read its members and set by those who may change its settings. Setting
//! it reads the provider's discovery document first, so a provider that
//! cannot be used is refused then, not at someone's first sign-in. The
//! client secret is sealed, and never shown again.

use super::{provider, redirect_uri, sign_in_url};
use preloop_core::access::Role;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::http::{Request, Response};
use preloop_core::routes::{self, AUTH};
use preloop_core::store::sso::{self, GroupRole, Provider};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// The most lines a group → role table may have.
const MAX_GROUP_ROLES: usize = 100;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    issuer: String,
    client_id: String,
    /// Absent: keep the stored one; `null`: a public client.
    #[serde(default, deserialize_with = "present")]
    client_secret: Option<Option<String>>,
    #[serde(default)]
    scopes: Option<String>,
    #[serde(default)]
    groups_claim: Option<String>,
    #[serde(default)]
    group_roles: Vec<GroupRole>,
    #[serde(default)]
    default_role: Option<Role>,
    #[serde(default)]
    enabled: Option<bool>,
}

/// Tells an absent field (outer `None`) from `null` (`Some(None)`).
fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn shown(env: &Env, p: &Provider) -> Value {
    json!({
        "issuer": p.issuer,
        "client_id": p.client_id,
        "client_secret_set": p.client_secret_enc.is_some(),
        "scopes": p.scopes,
        "groups_claim": p.groups_claim,
        "group_roles": p.group_roles,
        "default_role": p.default_role,
        "enabled": p.enabled,
        "redirect_uri": redirect_uri(env),
        "sign_in_url": sign_in_url(env, &p.account_id),
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    })
}

fn check_text(name: &str, value: &str, max: usize) -> Result<()> {
    if value.is_empty() || value.len() > max || value.chars().any(char::is_control) {
        return Err(Error::bad_request(format!(
            "'{name}' must be 1 to {max} characters, with no control characters"
        )));
    }
    Ok(())
}

/// What a table may grant: a person's roles, but not `owner` (only owners
/// make owners) nor `agent` (a machine's).
fn check_role(role: Role) -> Result<()> {
    if matches!(role, Role::Owner | Role::Agent) {
        return Err(Error::bad_request(format!(
            "single sign-on cannot grant '{}': map groups to admin, approver, auditor or viewer",
            role.as_str()
        )));
    }
    Ok(())
}

pub async fn handle(request: &Request, env: &Env) -> Result<Response> {
    let principal = preloop_core::auth::authenticate(env, request).await?;
    routes::authorize(AUTH, &request.method, &request.path, &principal)?;
    let account_id = principal.account_id.as_str();
    let sql = env.sql();
    let stored = sso::get(sql, account_id).await?;
    match request.method.as_str() {
        "GET" | "HEAD" => {
            let p = stored.ok_or_else(|| Error::not_found("single sign-on is not set up"))?;
            Ok(Response::json(200, &shown(env, &p)))
        }
        "DELETE" => {
            if stored.is_none() {
                return Err(Error::not_found("single sign-on is not set up"));
            }
            let mut batch = sso::delete_statements(account_id);
            batch.extend(events::statements(
                env,
                account_id,
                &principal.audit_label(),
                AuthEvent::SsoRemoved,
                "single sign-on removed",
                json!({}),
            ));
            sql.batch(&batch).await?;
            Ok(Response::new(204))
        }
        _ => {
            let body: Body = request.json()?;
            let issuer = body.issuer.trim().to_string();
            check_text("issuer", &issuer, 512)?;
            check_text("client_id", &body.client_id, 256)?;
            let scopes = body.scopes.unwrap_or_else(|| "email profile".into());
            if scopes.len() > 512
                || !scopes
                    .chars()
                    .all(|c| (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ')
            {
                return Err(Error::bad_request(
                    "'scopes' must be space-separated scope names (at most 512 characters)",
                ));
            }
            let groups_claim = body.groups_claim.unwrap_or_else(|| "groups".into());
            check_text("groups_claim", &groups_claim, 128)?;
            if body.group_roles.len() > MAX_GROUP_ROLES {
                return Err(Error::bad_request(format!(
                    "'group_roles' has at most {MAX_GROUP_ROLES} lines"
                )));
            }
            for line in &body.group_roles {
                check_text("group_roles[].group", &line.group, 256)?;
                check_role(line.role)?;
            }
            if let Some(role) = body.default_role {
                check_role(role)?;
            }
            let client_secret_enc = match body.client_secret {
                None => stored.as_ref().and_then(|p| p.client_secret_enc.clone()),
                Some(None) => None,
                Some(Some(secret)) => {
                    check_text("client_secret", &secret, 1024)?;
                    Some(env.cipher().seal(env.random(), &secret)?)
                }
            };
            provider::discover(env, &issuer)
                .await
                .map_err(Error::from)?;
            let now = env.now_ms();
            let p = Provider {
                account_id: account_id.to_string(),
                issuer,
                client_id: body.client_id,
                client_secret_enc,
                scopes,
                groups_claim,
                group_roles: body.group_roles,
                default_role: body.default_role,
                enabled: body.enabled.unwrap_or(true),
                created_at: stored.as_ref().map_or(now, |p| p.created_at),
                updated_at: now,
            };
            let mut batch = vec![sso::put_statement(&p)];
            batch.extend(events::statements(
                env,
                account_id,
                &principal.audit_label(),
                AuthEvent::SsoConfigured,
                &format!("single sign-on set to {}", p.issuer),
                json!({"issuer": p.issuer, "client_id": p.client_id, "group_roles": p.group_roles, "default_role": p.default_role, "enabled": p.enabled}),
            ));
            sql.batch(&batch).await?;
            Ok(Response::json(200, &shown(env, &p)))
        }
    }
}
