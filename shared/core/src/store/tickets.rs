//! One-time tokens: invitations and password resets (links), OAuth
//! authorization codes, and single sign-on's hand-backs, stored by the hash of their token and used once
//! ([`claim`] marks one used in the statement that finds it).

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Invitation,
    PasswordReset,
    AuthorizationCode,
    /// What a single sign-on hands the browser back: exchanged once for a
    /// session, or for the consent of an MCP client.
    SsoSignIn,
}

impl TicketKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Invitation => "invitation",
            TicketKind::PasswordReset => "password_reset",
            TicketKind::AuthorizationCode => "authorization_code",
            TicketKind::SsoSignIn => "sso_sign_in",
        }
    }
}

/// A ticket as admins see it (never its token).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ticket {
    pub id: String,
    pub kind: TicketKind,
    pub account_id: String,
    pub user_id: String,
    pub email: String,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// What it was issued for (an authorization code's request).
    #[serde(skip)]
    pub data: Option<String>,
}

fn from_row(kind: TicketKind, r: &Row) -> Result<Ticket> {
    Ok(Ticket {
        id: r.str("id")?,
        kind,
        account_id: r.str("account_id")?,
        user_id: r.str("user_id")?,
        email: r.str("email")?,
        created_by: r.opt_str("created_by")?,
        created_at: r.int("created_at")?,
        expires_at: r.int("expires_at")?,
        used_at: r.opt_int("used_at")?,
        data: r.opt_str("data")?,
    })
}

pub struct NewTicket<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub kind: TicketKind,
    pub account_id: &'a str,
    pub user_id: &'a str,
    pub created_by: Option<&'a str>,
    pub now: i64,
    pub expires_at: i64,
    pub data: Option<&'a str>,
}

/// A new ticket. A new link withdraws the person's earlier unused ones of
/// its kind (only the newest link works); codes stand side by side.
pub fn create_statements(t: &NewTicket<'_>) -> Vec<Statement> {
    let mut out = Vec::new();
    if t.kind != TicketKind::AuthorizationCode {
        out.push(Statement::new(
            "UPDATE auth_tickets SET used_at = $3 WHERE user_id = $1 AND kind = $2 AND used_at IS NULL",
            vec![t.user_id.into(), t.kind.as_str().into(), Value::Int(t.now)],
        ));
    }
    out.push(Statement::new(
            "INSERT INTO auth_tickets (token_hash, id, kind, account_id, user_id, created_by, created_at, expires_at, data) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            vec![
                t.token_hash.into(),
                t.id.into(),
                t.kind.as_str().into(),
                t.account_id.into(),
                t.user_id.into(),
                t.created_by.map(str::to_string).into(),
                Value::Int(t.now),
                Value::Int(t.expires_at),
                t.data.map(str::to_string).into(),
            ],
        ));
    out
}

const COLUMNS: &str = "t.id, t.account_id, t.user_id, u.email, t.created_by, t.created_at, t.expires_at, t.used_at, t.data";

/// The live ticket a token names, without using it (to show its page).
pub async fn find(
    sql: &dyn Sql,
    kind: TicketKind,
    token_hash: &str,
    now: i64,
) -> Result<Option<Ticket>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM auth_tickets t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.kind = $2 AND t.used_at IS NULL AND t.expires_at > $3"
        ),
        &[token_hash.into(), kind.as_str().into(), Value::Int(now)],
    )
    .await?
    .first()
    .map(|r| from_row(kind, r))
    .transpose()
}

/// Uses a ticket: it is returned only to the one caller that marked it
/// used; an unknown, used or expired one is `None`.
pub async fn claim(
    sql: &dyn Sql,
    kind: TicketKind,
    token_hash: &str,
    now: i64,
) -> Result<Option<Ticket>> {
    let ticket = find(sql, kind, token_hash, now).await?;
    let used = sql
        .execute(
            "UPDATE auth_tickets SET used_at = $3 WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3",
            &[token_hash.into(), kind.as_str().into(), Value::Int(now)],
        )
        .await?;
    Ok(ticket.filter(|_| used == 1))
}

/// The account's tickets of a kind that are still open.
pub async fn list_open(
    sql: &dyn Sql,
    account_id: &str,
    kind: TicketKind,
    now: i64,
) -> Result<Vec<Ticket>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM auth_tickets t JOIN users u ON u.id = t.user_id \
             WHERE t.account_id = $1 AND t.kind = $2 AND t.used_at IS NULL AND t.expires_at > $3 ORDER BY t.created_at, t.id"
        ),
        &[account_id.into(), kind.as_str().into(), Value::Int(now)],
    )
    .await?
    .iter()
    .map(|r| from_row(kind, r))
    .collect()
}

/// A ticket whatever its state (to notice a code presented twice).
pub async fn find_any(sql: &dyn Sql, kind: TicketKind, token_hash: &str) -> Result<Option<Ticket>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM auth_tickets t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.kind = $2"
        ),
        &[token_hash.into(), kind.as_str().into()],
    )
    .await?
    .first()
    .map(|r| from_row(kind, r))
    .transpose()
}

/// Records what a used ticket led to (an authorization code's session).
pub fn set_data_statement(token_hash: &str, data: &str) -> Statement {
    Statement::new(
        "UPDATE auth_tickets SET data = $2 WHERE token_hash = $1",
        vec![token_hash.into(), data.into()],
    )
}

/// Withdraws an open ticket of the account.
pub async fn withdraw(sql: &dyn Sql, account_id: &str, id: &str, now: i64) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE auth_tickets SET used_at = $3 WHERE id = $1 AND account_id = $2 AND used_at IS NULL",
            &[id.into(), account_id.into(), Value::Int(now)],
        )
        .await?;
    if n == 0 {
        return Err(Error::not_found(format!("no open invitation {id}")));
    }
    Ok(())
}

/// Sets a person's password (a new one replaces the old).
pub fn set_password_statement(user_id: &str, password_hash: &str) -> Statement {
    Statement::new(
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        vec![user_id.into(), password_hash.into()],
    )
}
