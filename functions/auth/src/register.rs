//! `POST /api/v1/auth/register`: a new account with its owner, signed in.
//! Refused (403) when `REGISTRATION_ENABLED=false`: people are then
//! invited by an admin of an account.

use crate::grant::{self, Fields};
use preloop_core::access::Role;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::passwords;
use preloop_core::auth::tokens::{self as issue, SessionSpec};
use preloop_core::http::{Request, Response};
use preloop_core::store::accounts;
use preloop_core::store::people::{self, User};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde_json::json;

/// Accounts one address may register within the throttling window.
const MAX_ACCOUNTS_PER_ADDRESS: i64 = 60;

pub async fn register(request: &Request, env: &Env) -> Result<Response> {
    if !env.config.registration_enabled {
        return Err(Error::forbidden(
            "registration is disabled here (REGISTRATION_ENABLED=false): ask an admin for an invitation",
        ));
    }
    // Accounts from one address are bounded (each is rows in the store).
    grant::throttle_address(
        request,
        env,
        "register-account",
        MAX_ACCOUNTS_PER_ADDRESS,
        "too many accounts registered from this address: try again later",
    )
    .await?;
    let fields = Fields::read(request)?;
    let email = grant::email(fields.require("email")?)?;
    let password = fields.require("password")?;
    let name = fields.get("name").unwrap_or(&email).trim().to_string();
    preloop_core::text::check_name("name", &name, 128)?;
    let account_name = fields
        .get("account_name")
        .unwrap_or(&name)
        .trim()
        .to_string();
    preloop_core::text::check_name("account_name", &account_name, 128)?;
    let hash = passwords::hash(env.random(), password)?;
    let now = env.now_ms();
    let account_id = env.new_id();
    let owner = User {
        id: env.new_id(),
        name,
        email: email.clone(),
        role: Role::Owner,
        password_set: true,
        disabled_at: None,
        created_at: now,
    };
    let spec = SessionSpec::password(&account_id, &owner.id);
    let tokens = issue::new_session(env, &spec);
    let access = issue::access_token(env, &tokens.session_id, &spec)?;
    let mut batch = vec![
        accounts::create_account_statement(&account_id, &account_name, now),
        people::create_user_statement(&account_id, &owner, Some(&hash)),
    ];
    batch.extend(tokens.statements);
    batch.extend(events::statements(
        env,
        &account_id,
        &format!("user:{}:{}", owner.id, owner.email),
        AuthEvent::Registered,
        "registered a new account",
        json!({"user_id": owner.id, "email": owner.email, "address": request.client_addr}),
    ));
    env.sql().batch(&batch).await.map_err(|e| {
        if e.kind == ErrorKind::Conflict {
            Error::conflict(
                "that email already signs in to an account: sign in, or reset its password",
            )
        } else {
            e
        }
    })?;
    let mut body = issue::response(env, &access, &tokens.refresh_token, None);
    body["account_id"] = json!(account_id);
    body["user"] = json!(owner);
    Ok(Response::json(201, &body))
}
