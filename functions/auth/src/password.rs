//! `POST /api/v1/auth/password`: a signed-in person changes their own
//! password. The current one is asked, and checked as a sign-in is
//! (throttled, failures audited), so a session left open on someone else's
//! screen cannot lock its owner out; the person's other sessions end.

use crate::grant::Fields;
use crate::tokens;
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::{self, passwords};
use preloop_core::http::{Request, Response};
use preloop_core::principal::Credential;
use preloop_core::store::{people, sign_in, tickets};
use preloop_core::{Env, Error, Result};
use serde_json::json;

pub const PATH: &str = "/api/v1/auth/password";

pub async fn change(request: &Request, env: &Env) -> Result<Response> {
    let principal = auth::authenticate(env, request).await?;
    let (Credential::Session, Some(user_id)) = (&principal.credential, &principal.user_id) else {
        return Err(Error::forbidden(
            "only a person signed in with their password changes it here (keys have none)",
        ));
    };
    let fields = Fields::read(request)?;
    let current = fields.require("current_password")?;
    let new = fields.require("new_password")?;
    let sql = env.sql();
    let person = people::get_user(sql, &principal.account_id, user_id).await?;
    let login = tokens::check_password(request, env, &person.email, current).await?;
    if login.user_id != *user_id {
        return Err(Error::forbidden("this is not your sign-in"));
    }
    if current == new {
        return Err(Error::bad_request(
            "the new password is the current one: choose another",
        ));
    }
    let hash = passwords::hash(env.random(), new)?;
    let now = env.now_ms();
    let mut batch = vec![
        tickets::set_password_statement(user_id, &hash),
        sign_in::revoke_other_sessions_statement(
            user_id,
            &principal.api_key_id,
            "password_changed",
            now,
        ),
    ];
    batch.extend(events::statements(
        env,
        &principal.account_id,
        &principal.audit_label(),
        AuthEvent::PasswordChanged,
        "changed their password: every other session ended",
        json!({"user_id": user_id, "email": person.email, "address": request.client_addr}),
    ));
    sql.batch(&batch).await?;
    Ok(Response::no_content())
}
