//! Invitations and password resets, as JSON endpoints and as the pages
//! their links open (`/auth/invitation`, `/auth/reset-password`: a form, no
//! script, no cookie).

use crate::grant::{self, Fields};
use crate::pages::{escape, html};
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::links::LinkKind;
use preloop_core::auth::tokens::{self as issue, SessionSpec};
use preloop_core::auth::{self, links, passwords};
use preloop_core::http::{Request, Response};
use preloop_core::store::sign_in;
use preloop_core::store::tickets::{self, Ticket, TicketKind};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde_json::{Value, json};

fn dead_link(kind: LinkKind) -> Error {
    Error::unauthorized(match kind {
        LinkKind::Invitation => {
            "this invitation link is not valid: it was used, withdrawn or has expired; ask for a new one"
        }
        LinkKind::PasswordReset => {
            "this reset link is not valid: it was used or has expired; ask for a new one"
        }
    })
}

/// Accepts an invitation: sets the person's password and signs them in.
async fn accept(request: &Request, env: &Env, token: &str, password: &str) -> Result<Value> {
    let hash = passwords::hash(env.random(), password)?;
    let sql = env.sql();
    let now = env.now_ms();
    let token_hash = auth::hash_key(token);
    let ticket = tickets::find(sql, TicketKind::Invitation, &token_hash, now)
        .await?
        .ok_or_else(|| dead_link(LinkKind::Invitation))?;
    // One account per signing-in email: refused before the link is used up.
    if let Some(other) = sign_in::login_by_email(sql, &ticket.email).await?
        && other.user_id != ticket.user_id
    {
        return Err(taken(&ticket));
    }
    let ticket = tickets::claim(sql, TicketKind::Invitation, &token_hash, now)
        .await?
        .ok_or_else(|| dead_link(LinkKind::Invitation))?;
    let spec = SessionSpec::password(&ticket.account_id, &ticket.user_id);
    let session = issue::new_session(env, &spec);
    let access = issue::access_token(env, &session.session_id, &spec)?;
    let actor = format!("user:{}:{}", ticket.user_id, ticket.email);
    let mut batch = vec![tickets::set_password_statement(&ticket.user_id, &hash)];
    batch.extend(session.statements);
    batch.extend(events::statements(
        env,
        &ticket.account_id,
        &actor,
        AuthEvent::InvitationAccepted,
        "accepted an invitation and set a password",
        json!({"user_id": ticket.user_id, "email": ticket.email, "invitation_id": ticket.id, "address": request.client_addr}),
    ));
    sql.batch(&batch).await.map_err(|e| {
        if e.kind == ErrorKind::Conflict {
            taken(&ticket)
        } else {
            e
        }
    })?;
    let mut body = issue::response(env, &access, &session.refresh_token, None);
    body["account_id"] = json!(ticket.account_id);
    Ok(body)
}

fn taken(ticket: &Ticket) -> Error {
    Error::conflict(format!(
        "{} already signs in to another account: one email signs in to one account",
        ticket.email
    ))
}

/// Sets a new password with a reset link; every session of the person ends.
async fn reset(request: &Request, env: &Env, token: &str, password: &str) -> Result<()> {
    let hash = passwords::hash(env.random(), password)?;
    let sql = env.sql();
    let now = env.now_ms();
    let ticket = tickets::claim(sql, TicketKind::PasswordReset, &auth::hash_key(token), now)
        .await?
        .ok_or_else(|| dead_link(LinkKind::PasswordReset))?;
    let mut batch = vec![
        tickets::set_password_statement(&ticket.user_id, &hash),
        sign_in::revoke_user_sessions_statement(&ticket.user_id, "password_reset", now),
    ];
    batch.extend(events::statements(
        env,
        &ticket.account_id,
        &format!("user:{}:{}", ticket.user_id, ticket.email),
        AuthEvent::PasswordReset,
        "set a new password with a reset link: every session ended",
        json!({"user_id": ticket.user_id, "email": ticket.email, "address": request.client_addr}),
    ));
    sql.batch(&batch).await?;
    // A lockout was about guessing the old password.
    sign_in::clear_failures(sql, &format!("email:{}", auth::hash_key(&ticket.email))).await?;
    Ok(())
}

/// At most this many reset mails per email in a throttling window.
const MAX_RESETS: i64 = 3;

/// `POST /api/v1/auth/password-reset`: mails a link if the email signs in
/// here. The answer is the same either way (no one learns who has an
/// account); asking too often quietly sends nothing more.
pub async fn request_reset(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    let email = grant::email(fields.require("email")?)?;
    let sql = env.sql();
    let now = env.now_ms();
    let accepted = Response::json(
        202,
        &json!({"message": "if this address signs in here, a reset link is on its way"}),
    );
    let throttle = format!("reset:{}", auth::hash_key(&email));
    if sign_in::locked_until(sql, &[&throttle], now)
        .await?
        .is_some()
    {
        return Ok(accepted);
    }
    sign_in::record_failure(sql, &throttle, MAX_RESETS, now).await?;
    let Some(login) = sign_in::login_by_email(sql, &email).await? else {
        return Ok(accepted);
    };
    if login.disabled {
        return Ok(accepted);
    }
    let link = links::new_link(
        env,
        LinkKind::PasswordReset,
        &login.account_id,
        &login.user_id,
        None,
    );
    let mut batch = link.statements;
    batch.extend(events::statements(
        env,
        &login.account_id,
        &format!("user:{}:{}", login.user_id, login.email),
        AuthEvent::PasswordResetRequested,
        "asked for a password reset link",
        json!({"user_id": login.user_id, "email": login.email, "address": request.client_addr}),
    ));
    sql.batch(&batch).await?;
    let sent = links::mail(
        env,
        LinkKind::PasswordReset,
        &login.account_id,
        &login.email,
        &link.url,
    )
    .await?;
    if !sent {
        tracing::warn!(
            account = %login.account_id,
            "a password reset was asked for, but the account has no email channel to send it"
        );
    }
    Ok(accepted)
}

/// `POST /api/v1/auth/invitations/accept` `{token, password}`.
pub async fn accept_json(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    let body = accept(
        request,
        env,
        fields.require("token")?,
        fields.require("password")?,
    )
    .await?;
    Ok(Response::json(200, &body))
}

/// `POST /api/v1/auth/password-reset/confirm` `{token, password}`.
pub async fn reset_json(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    reset(
        request,
        env,
        fields.require("token")?,
        fields.require("password")?,
    )
    .await?;
    Ok(Response::no_content())
}

// --- the pages --------------------------------------------------------------

/// `GET|POST /auth/invitation`, `GET|POST /auth/reset-password`.
pub async fn page(request: &Request, env: &Env, kind: LinkKind) -> Response {
    let (title, action) = match kind {
        LinkKind::Invitation => ("Join Preloop", links::INVITATION_PATH),
        LinkKind::PasswordReset => ("Set a new password", links::RESET_PATH),
    };
    if request.method == "GET" || request.method == "HEAD" {
        let token = request.query_param("token").unwrap_or_default();
        let found = tickets::find(
            env.sql(),
            kind.ticket(),
            &auth::hash_key(&token),
            env.now_ms(),
        )
        .await;
        return match found {
            Ok(Some(ticket)) => html(
                200,
                title,
                &format!(
                    "<p>For <b>{}</b>. At least {} characters.</p>\
                     <form method=\"post\" action=\"{action}\">\
                     <input type=\"hidden\" name=\"token\" value=\"{}\">\
                     <label>Password <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required minlength=\"{}\"></label>\
                     <label>Again <input type=\"password\" name=\"again\" autocomplete=\"new-password\" required></label>\
                     <button>Save</button></form>",
                    escape(&ticket.email),
                    passwords::MIN_LENGTH,
                    escape(&token),
                    passwords::MIN_LENGTH,
                ),
            ),
            Ok(None) => html(
                401,
                title,
                &format!("<p>{}</p>", escape(&dead_link(kind).message)),
            ),
            Err(e) => html(e.status(), title, &format!("<p>{}</p>", escape(&e.message))),
        };
    }
    let form = Form(request.form_pairs());
    let token = form.get("token").unwrap_or("");
    let password = form.get("password").unwrap_or("");
    if form.get("again") != Some(password) {
        return html(
            400,
            title,
            "<p>The two passwords differ: go back and type them again.</p>",
        );
    }
    let done = match kind {
        LinkKind::Invitation => accept(request, env, token, password).await.map(|_| {
            "<p>Your password is set. Sign in with your email and it.</p>"
        }),
        LinkKind::PasswordReset => reset(request, env, token, password).await.map(|_| {
            "<p>Your password is changed, and every session of yours has ended. Sign in with the new one.</p>"
        }),
    };
    match done {
        Ok(message) => html(200, title, message),
        Err(e) => html(e.status(), title, &format!("<p>{}</p>", escape(&e.message))),
    }
}

struct Form(Vec<(String, String)>);

impl Form {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
