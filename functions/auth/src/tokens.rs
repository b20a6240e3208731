//! Password sign-in, refresh and sign-out.

use crate::grant::{self, Fields};
use preloop_core::auth::events::{self, AuthEvent};
use preloop_core::auth::tokens::{self as issue, SessionSpec};
use preloop_core::auth::{self, passwords};
use preloop_core::http::{Request, Response};
use preloop_core::store::sign_in::{self, Claimed};
use preloop_core::{Env, Error, Result};
use serde_json::json;

fn email_key(email: &str) -> String {
    format!("email:{}", auth::hash_key(email))
}

fn address_key(request: &Request) -> Option<String> {
    request.client_addr.as_ref().map(|a| format!("addr:{a}"))
}

fn locked(until: i64, now: i64) -> Error {
    let minutes = ((until - now) / 60_000).max(1);
    Error::too_many_requests(
        format!(
            "too many failed sign-ins: signing in is locked for {minutes} more minute{}; reset the password or wait",
            if minutes == 1 { "" } else { "s" }
        ),
        ((until - now) / 1000).max(1) as u64,
    )
}

fn wrong() -> Error {
    Error::unauthorized("wrong email or password")
}

/// `POST /api/v1/auth/token`.
pub async fn sign_in(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    if let Some(grant) = fields.get("grant_type")
        && grant != "password"
    {
        return Err(Error::bad_request(
            "grant_type must be 'password' here (refresh tokens go to /api/v1/auth/refresh)",
        ));
    }
    let email = grant::email(fields.get("username").or(fields.get("email")).unwrap_or(""))?;
    let login = check_password(request, env, &email, fields.require("password")?).await?;
    let spec = SessionSpec::password(&login.account_id, &login.user_id);
    open_session(
        request,
        env,
        &spec,
        &login.email,
        "signed in with a password",
    )
    .await
}

/// Starts a person's session, audits the sign-in in the same batch, and
/// answers with the session's tokens.
pub async fn open_session(
    request: &Request,
    env: &Env,
    spec: &SessionSpec<'_>,
    email: &str,
    how: &str,
) -> Result<Response> {
    let tokens = issue::new_session(env, spec);
    let access = issue::access_token(env, &tokens.session_id, spec)?;
    let mut batch = tokens.statements;
    batch.extend(events::statements(
        env,
        spec.account_id,
        &format!("user:{}:{email}", spec.user_id),
        AuthEvent::SignedIn,
        how,
        json!({"user_id": spec.user_id, "email": email, "method": spec.method, "address": request.client_addr, "session_id": tokens.session_id}),
    ));
    env.sql().batch(&batch).await?;
    Ok(Response::json(
        200,
        &issue::response(env, &access, &tokens.refresh_token, None),
    ))
}

/// Checks a person's email and password, throttled: a locked email or
/// address is refused before anything is checked; a failure is counted and
/// audited; success clears the email's count. Password sign-in and the
/// OAuth consent page both come through here.
pub async fn check_password(
    request: &Request,
    env: &Env,
    email: &str,
    password: &str,
) -> Result<sign_in::Login> {
    let sql = env.sql();
    let now = env.now_ms();
    let by_email = email_key(email);
    let by_address = address_key(request);
    let mut keys = vec![by_email.as_str()];
    keys.extend(by_address.as_deref());
    if let Some(until) = sign_in::locked_until(sql, &keys, now).await? {
        return Err(locked(until, now));
    }
    let login = sign_in::login_by_email(sql, email).await?;
    let matched = match &login {
        Some(l) => passwords::verify(&l.password_hash, password),
        None => {
            // As long as a wrong password takes.
            passwords::verify(passwords::DECOY, password);
            false
        }
    };
    let Some(login) = login.filter(|_| matched) else {
        return Err(failed(request, env, email, &keys).await);
    };
    if login.disabled {
        return Err(Error::forbidden(
            "this person's access is disabled: ask an admin of the account",
        ));
    }
    sign_in::clear_failures(sql, &by_email).await?;
    Ok(login)
}

/// Counts a failed sign-in against the email and the address, audits it in
/// the account the email signs in to (if any), and says why.
async fn failed(request: &Request, env: &Env, email: &str, keys: &[&str]) -> Error {
    let sql = env.sql();
    let now = env.now_ms();
    let mut now_locked = false;
    for key in keys {
        let max = if key.starts_with("email:") {
            sign_in::MAX_EMAIL_FAILURES
        } else {
            sign_in::MAX_ADDRESS_FAILURES
        };
        match sign_in::record_failure(sql, key, max, now).await {
            Ok(locked) => now_locked |= locked,
            Err(e) => return e,
        }
    }
    // Failures at an email that signs in nowhere are throttled, not
    // audited: there is no account to file them in.
    if let Ok(Some(person)) = preloop_core::store::sign_in::login_by_email(sql, email).await {
        let event = if now_locked {
            AuthEvent::LockedOut
        } else {
            AuthEvent::SignInFailed
        };
        let written = sql
            .batch(&events::statements(
                env,
                &person.account_id,
                &format!("user:{}:{}", person.user_id, person.email),
                event,
                if now_locked {
                    "too many failed sign-ins: locked"
                } else {
                    "wrong password"
                },
                json!({"user_id": person.user_id, "email": person.email, "address": request.client_addr}),
            ))
            .await;
        if let Err(e) = written {
            return e;
        }
    }
    if now_locked {
        return match sign_in::locked_until(sql, keys, now).await {
            Ok(Some(until)) => locked(until, now),
            Ok(None) => wrong(),
            Err(e) => e,
        };
    }
    wrong()
}

/// `POST /api/v1/auth/refresh`.
pub async fn refresh(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    if let Some(grant) = fields.get("grant_type")
        && grant != "refresh_token"
    {
        return Err(Error::bad_request(
            "grant_type must be 'refresh_token' here",
        ));
    }
    let token = fields.require("refresh_token")?;
    let sql = env.sql();
    let now = env.now_ms();
    match sign_in::claim_refresh(sql, &auth::hash_key(token), now).await? {
        Claimed::Fresh(session) if session.client_id.is_none() => {
            Ok(Response::json(200, &issue::rotate(env, &session).await?))
        }
        // An OAuth client's token, presented here: not this endpoint's to
        // continue, and whoever holds it is not that client.
        Claimed::Fresh(session) => {
            sign_in::revoke_session(sql, &session.id, "refresh_at_wrong_endpoint", now).await?;
            let why = "an OAuth client's refresh token was presented to /api/v1/auth/refresh: the session is ended";
            issue::audit_refused_refresh(env, &session, why, request.client_addr.as_deref())
                .await?;
            Err(Error::unauthorized(
                "this refresh token belongs to an OAuth client: its session has been ended",
            ))
        }
        Claimed::Reused(session) => {
            let why = "a refresh token was used twice: the session is ended";
            issue::audit_refused_refresh(env, &session, why, request.client_addr.as_deref())
                .await?;
            Err(Error::unauthorized(
                "this refresh token was already used, so the session has been ended: sign in again",
            ))
        }
        Claimed::Invalid => Err(Error::unauthorized(
            "invalid or expired refresh token: sign in again",
        )),
    }
}

/// `POST /api/v1/auth/logout`: ends the session of the refresh token given
/// (or of the access token presented). Unknown tokens are no error
/// (RFC 7009): the answer is the same either way.
pub async fn logout(request: &Request, env: &Env) -> Result<Response> {
    let fields = Fields::read(request)?;
    let sql = env.sql();
    let now = env.now_ms();
    let session = match fields.get("refresh_token").or(fields.get("token")) {
        Some(token) => sign_in::session_of_refresh(sql, &auth::hash_key(token))
            .await?
            .map(|s| (s.id, s.account_id, s.user_id, s.email)),
        None => {
            let p = auth::authenticate(env, request).await?;
            match (&p.credential, &p.user_id) {
                (preloop_core::principal::Credential::ApiKey, _) | (_, None) => {
                    return Err(Error::bad_request(
                        "send the refresh_token to end its session (API keys are revoked, not signed out)",
                    ));
                }
                (_, Some(user)) => Some((
                    p.api_key_id.clone(),
                    p.account_id.clone(),
                    user.clone(),
                    p.key_name.clone(),
                )),
            }
        }
    };
    if let Some((id, account_id, user_id, email)) = session
        && sign_in::revoke_session(sql, &id, "signed_out", now).await? == 1
    {
        sql.batch(&events::statements(
            env,
            &account_id,
            &format!("user:{user_id}:{email}"),
            AuthEvent::SignedOut,
            "signed out",
            json!({"user_id": user_id, "session_id": id}),
        ))
        .await?;
    }
    Ok(Response::no_content())
}
