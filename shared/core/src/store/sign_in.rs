//! Sign-in sessions, their refresh tokens, and failed sign-ins.
//!
//! A session is one sign-in; access tokens name it (`sid`) and are checked
//! against it on every use, so signing out or a password reset ends them at
//! once. Refresh tokens are opaque, stored by hash, and each is used once:
//! [`claim_refresh`] marks it used in the same statement that finds it, so
//! of two concurrent refreshes with one token exactly one wins, and the
//! other is a reuse, which revokes the session.

use super::sessions::McpSession;
use super::sql::{Row, Sql, Statement, Value};
use crate::access::{Permission, Permissions};
use crate::error::{Error, Result};
use crate::principal::{Credential, Killed, Principal, Role};

/// What an access token may do, by what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The management API (the console, the CLI): everything the person
    /// may do except calling tools, so a person's browser session can
    /// decide approval requests and never make the calls it decides.
    Api,
    /// The MCP endpoint, for an OAuth client acting as the person: calling
    /// tools, within the person's role.
    Mcp,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Api => "api",
            Audience::Mcp => "mcp",
        }
    }
    pub fn parse(s: &str) -> Result<Audience> {
        match s {
            "api" => Ok(Audience::Api),
            "mcp" => Ok(Audience::Mcp),
            _ => Err(Error::internal("a session with an unknown audience")),
        }
    }
    pub fn permissions(self) -> Permissions {
        match self {
            Audience::Api => Permissions::all().without_calls(),
            Audience::Mcp => Permissions::of(&[Permission::ToolsCall]),
        }
    }
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub user_id: &'a str,
    pub method: &'a str,
    pub client_id: Option<&'a str>,
    pub audience: Audience,
    pub scope: Option<&'a str>,
    pub now: i64,
    pub expires_at: i64,
}

pub fn create_session_statement(s: &NewSession<'_>) -> Statement {
    Statement::new(
        "INSERT INTO sign_in_sessions (id, account_id, user_id, method, client_id, audience, scope, created_at, last_used_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
        vec![
            s.id.into(),
            s.account_id.into(),
            s.user_id.into(),
            s.method.into(),
            s.client_id.map(str::to_string).into(),
            s.audience.as_str().into(),
            s.scope.map(str::to_string).into(),
            Value::Int(s.now),
            Value::Int(s.expires_at),
        ],
    )
}

pub fn create_refresh_statement(
    token_hash: &str,
    session_id: &str,
    now: i64,
    expires_at: i64,
) -> Statement {
    Statement::new(
        "INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        vec![
            token_hash.into(),
            session_id.into(),
            Value::Int(now),
            Value::Int(expires_at),
        ],
    )
}

/// The session a refresh token belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub email: String,
    pub client_id: Option<String>,
    pub audience: Audience,
    pub scope: Option<String>,
    pub expires_at: i64,
}

fn session_from_row(r: &Row) -> Result<SessionRow> {
    Ok(SessionRow {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        user_id: r.str("user_id")?,
        email: r.str("email")?,
        client_id: r.opt_str("client_id")?,
        audience: Audience::parse(&r.str("audience")?)?,
        scope: r.opt_str("scope")?,
        expires_at: r.int("expires_at")?,
    })
}

/// What presenting a refresh token came to.
#[derive(Debug, PartialEq)]
pub enum Claimed {
    /// It was unused, and is now used: issue the next one in this session.
    Fresh(SessionRow),
    /// It had been used before: someone else holds a copy. The session
    /// has been revoked.
    Reused(SessionRow),
    /// Unknown, expired, or its session is over.
    Invalid,
}

/// Uses a refresh token once (see the module's comment).
pub async fn claim_refresh(sql: &dyn Sql, token_hash: &str, now: i64) -> Result<Claimed> {
    let used = sql
        .execute(
            "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             AND session_id IN (SELECT id FROM sign_in_sessions WHERE revoked_at IS NULL AND expires_at > $2)",
            &[token_hash.into(), Value::Int(now)],
        )
        .await?;
    let rows = sql
        .query(
            "SELECT s.id, s.account_id, s.user_id, u.email, s.client_id, s.audience, s.scope, s.expires_at, \
             s.revoked_at, u.disabled_at, r.used_at \
             FROM refresh_tokens r JOIN sign_in_sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id \
             WHERE r.token_hash = $1",
            &[token_hash.into()],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(Claimed::Invalid);
    };
    let session = session_from_row(row)?;
    if used == 1 {
        if row.opt_int("disabled_at")?.is_some() {
            return Ok(Claimed::Invalid);
        }
        return Ok(Claimed::Fresh(session));
    }
    if row.opt_int("used_at")?.is_some() && row.opt_int("revoked_at")?.is_none() {
        revoke_session(sql, &session.id, "refresh_token_reused", now).await?;
        return Ok(Claimed::Reused(session));
    }
    Ok(Claimed::Invalid)
}

/// Ends one session (signing out, a reused refresh token).
pub async fn revoke_session(sql: &dyn Sql, id: &str, reason: &str, now: i64) -> Result<u64> {
    sql.execute(
        "UPDATE sign_in_sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL",
        &[id.into(), Value::Int(now), reason.into()],
    )
    .await
}

/// Ends every session of a person (a password reset, being disabled).
pub fn revoke_user_sessions_statement(user_id: &str, reason: &str, now: i64) -> Statement {
    Statement::new(
        "UPDATE sign_in_sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL",
        vec![user_id.into(), Value::Int(now), reason.into()],
    )
}

/// Ends a person's sessions but one (the one changing their password).
pub fn revoke_other_sessions_statement(
    user_id: &str,
    keep: &str,
    reason: &str,
    now: i64,
) -> Statement {
    Statement::new(
        "UPDATE sign_in_sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND id <> $4 AND revoked_at IS NULL",
        vec![user_id.into(), Value::Int(now), reason.into(), keep.into()],
    )
}

/// The session a refresh token names, without using it (signing out).
pub async fn session_of_refresh(sql: &dyn Sql, token_hash: &str) -> Result<Option<SessionRow>> {
    sql.query(
        "SELECT s.id, s.account_id, s.user_id, u.email, s.client_id, s.audience, s.scope, s.expires_at \
         FROM refresh_tokens r JOIN sign_in_sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id \
         WHERE r.token_hash = $1 AND s.revoked_at IS NULL",
        &[token_hash.into()],
    )
    .await?
    .first()
    .map(session_from_row)
    .transpose()
}

/// A person who may sign in with a password, by email.
#[derive(Debug, Clone)]
pub struct Login {
    pub user_id: String,
    pub account_id: String,
    pub email: String,
    pub password_hash: String,
    pub disabled: bool,
}

pub async fn login_by_email(sql: &dyn Sql, email: &str) -> Result<Option<Login>> {
    sql.query(
        "SELECT id, account_id, email, password_hash, disabled_at FROM users WHERE email = $1 AND password_hash IS NOT NULL",
        &[email.into()],
    )
    .await?
    .first()
    .map(|r| {
        Ok(Login {
            user_id: r.str("id")?,
            account_id: r.str("account_id")?,
            email: r.str("email")?,
            password_hash: r.str("password_hash")?,
            disabled: r.opt_int("disabled_at")?.is_some(),
        })
    })
    .transpose()
}

/// The principal an access token acts as, checked against its session
/// (not revoked, not expired, its person not disabled), and the MCP session
/// `mcp_session_id` names if it is this credential's, in one round trip.
/// Its permissions are the person's (their role and their teams'), within
/// what the token is for and the scope it was granted.
pub async fn principal_for_session(
    sql: &dyn Sql,
    session_id: &str,
    user_id: &str,
    account_id: &str,
    now: i64,
    mcp_session_id: Option<&str>,
) -> Result<Option<(Principal, Option<McpSession>)>> {
    let rows = sql
        .query(
            "SELECT s.id, s.account_id, s.user_id, s.audience, s.scope, s.client_id, u.email, u.role AS user_role, \
             t.role AS team_role, a.policy_version, a.default_action, a.killed_at AS account_killed_at, \
             a.kill_reason AS account_kill_reason, a.rate_limit_per_minute AS rate_limit, \
             m.id AS mcp_id, m.protocol_version AS mcp_protocol_version, m.last_seen_at AS mcp_last_seen_at, \
             m.log_level AS mcp_log_level, m.client_capabilities AS mcp_client_capabilities, c.name AS client_name \
             FROM sign_in_sessions s JOIN users u ON u.id = s.user_id JOIN accounts a ON a.id = s.account_id \
             LEFT JOIN oauth_clients c ON c.client_id = s.client_id \
             LEFT JOIN team_members tm ON tm.user_id = s.user_id LEFT JOIN teams t ON t.id = tm.team_id \
             LEFT JOIN mcp_sessions m ON m.id = $5 AND m.api_key_id = s.id AND m.account_id = s.account_id \
             WHERE s.id = $1 AND s.user_id = $2 AND s.account_id = $3 AND s.revoked_at IS NULL \
             AND s.expires_at > $4 AND u.disabled_at IS NULL",
            &[
                session_id.into(),
                user_id.into(),
                account_id.into(),
                Value::Int(now),
                mcp_session_id.map(str::to_string).into(),
            ],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let role = Role::parse(&row.str("user_role")?)?;
    let held = super::people::with_team_roles(role, &rows)?;
    let audience = Audience::parse(&row.str("audience")?)?;
    let scope = match row.opt_str("scope")? {
        Some(s) => Permissions::parse_scope(&s)?,
        None => Permissions::all(),
    };
    let email = row.str("email")?;
    let credential = match row.opt_str("client_id")? {
        Some(client_id) => Credential::OAuth {
            client_name: row
                .opt_str("client_name")?
                .unwrap_or_else(|| client_id.clone()),
            client_id,
        },
        None => Credential::Session,
    };
    let principal = Principal {
        account_id: row.str("account_id")?,
        api_key_id: row.str("id")?,
        key_name: email,
        role,
        permissions: held.intersect(audience.permissions()).intersect(scope),
        credential,
        user_id: Some(row.str("user_id")?),
        agent_id: None,
        agent_name: None,
        policy_version: row.int("policy_version")?,
        default_action: row.str("default_action")?,
        killed: match row.opt_int("account_killed_at")? {
            Some(at) => Some(Killed {
                scope: "account",
                reason: row.opt_str("account_kill_reason")?,
                at,
            }),
            None => None,
        },
        rate_limit_per_minute: row.opt_int("rate_limit")?,
        flow_id: None,
        flow_execution_id: None,
    };
    let mcp = match row.opt_str("mcp_id")? {
        Some(id) => Some(McpSession {
            id,
            account_id: principal.account_id.clone(),
            api_key_id: principal.api_key_id.clone(),
            protocol_version: row.str("mcp_protocol_version")?,
            last_seen_at: row.int("mcp_last_seen_at")?,
            log_level: row.opt_str("mcp_log_level")?,
            client_capabilities: super::sessions::parse_capabilities(
                row.opt_str("mcp_client_capabilities")?,
            ),
        }),
        None => None,
    };
    Ok(Some((principal, mcp)))
}

// --- throttling -----------------------------------------------------------

/// Failures counted in one window, and how long a lockout lasts.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// An email locks after this many failures in a window; an address after
/// more (many people may share one).
pub const MAX_EMAIL_FAILURES: i64 = 5;
pub const MAX_ADDRESS_FAILURES: i64 = 20;

/// When the key (`email:…`, `addr:…`) is locked until, if it is now.
pub async fn locked_until(sql: &dyn Sql, keys: &[&str], now: i64) -> Result<Option<i64>> {
    let mut until = None;
    for key in keys {
        let rows = sql
            .query(
                "SELECT locked_until FROM sign_in_failures WHERE key = $1",
                &[(*key).into()],
            )
            .await?;
        if let Some(t) = rows
            .first()
            .map(|r| r.opt_int("locked_until"))
            .transpose()?
            .flatten()
            && t > now
        {
            until = Some(until.map_or(t, |u: i64| u.max(t)));
        }
    }
    Ok(until)
}

/// Counts a failure against `key`; locks it for a window once it has had
/// `max` failures in the current one. Returns whether it is now locked.
pub async fn record_failure(sql: &dyn Sql, key: &str, max: i64, now: i64) -> Result<bool> {
    sql.batch(&[
        // A window that has passed starts over.
        Statement::new(
            "DELETE FROM sign_in_failures WHERE key = $1 AND window_started_at <= $2 AND (locked_until IS NULL OR locked_until <= $3)",
            vec![key.into(), Value::Int(now - WINDOW_MS), Value::Int(now)],
        ),
        Statement::new(
            "INSERT INTO sign_in_failures (key, failures, window_started_at) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET failures = sign_in_failures.failures + 1",
            vec![key.into(), Value::Int(now)],
        ),
        Statement::new(
            "UPDATE sign_in_failures SET locked_until = $3 WHERE key = $1 AND failures >= $2 AND locked_until IS NULL",
            vec![key.into(), Value::Int(max), Value::Int(now + WINDOW_MS)],
        ),
    ])
    .await?;
    Ok(locked_until(sql, &[key], now).await?.is_some())
}

/// A successful sign-in clears the email's count (not the address's: one
/// good password does not excuse guesses at others from there).
pub async fn clear_failures(sql: &dyn Sql, key: &str) -> Result<()> {
    sql.execute("DELETE FROM sign_in_failures WHERE key = $1", &[key.into()])
        .await?;
    Ok(())
}

/// How long ended sessions, used or expired one-time tickets and unused
/// registered clients are kept before the scheduled run removes them.
pub const KEPT_AFTER_END_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Removes what sign-in leaves behind once it can no longer be used:
/// sessions (and their refresh tokens) ended or expired a week ago,
/// tickets used or expired a week ago, single sign-on flows past their
/// time, failure counts whose window and lock have passed, and registered
/// OAuth clients no session has used for a week. Rows removed.
pub async fn purge(sql: &dyn Sql, now: i64) -> Result<u64> {
    let before = Value::Int(now - KEPT_AFTER_END_MS);
    let done = sql
        .batch(&[
            Statement::new(
                "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sign_in_sessions \
                 WHERE expires_at < $1 OR revoked_at < $1)",
                vec![before.clone()],
            ),
            Statement::new(
                "DELETE FROM sign_in_sessions WHERE expires_at < $1 OR revoked_at < $1",
                vec![before.clone()],
            ),
            Statement::new(
                "DELETE FROM auth_tickets WHERE expires_at < $1 OR used_at < $1",
                vec![before.clone()],
            ),
            Statement::new(
                "DELETE FROM sso_flows WHERE expires_at < $1",
                vec![Value::Int(now)],
            ),
            Statement::new(
                "DELETE FROM sign_in_failures WHERE window_started_at <= $1 AND (locked_until IS NULL OR locked_until <= $2)",
                vec![Value::Int(now - WINDOW_MS), Value::Int(now)],
            ),
            Statement::new(
                "DELETE FROM oauth_clients WHERE kind = 'registered' AND created_at < $1 \
                 AND NOT EXISTS (SELECT 1 FROM sign_in_sessions s WHERE s.client_id = oauth_clients.client_id)",
                vec![before],
            ),
        ])
        .await?;
    Ok(done.iter().sum())
}
