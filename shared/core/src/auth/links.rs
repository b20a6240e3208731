//! Invitation and password-reset links: a one-time token (`pli_…`,
//! stored by its hash) in a link to a page of the auth function, mailed
//! through the account's email channel when it has one.

use crate::Env;
use crate::notify::account_mail::{self, AccountMail};
use crate::store::sql::Statement;
use crate::store::tickets::{self, NewTicket, TicketKind};

/// An invitation is good for a week; a reset link for an hour.
pub const INVITATION_TTL_MS: i64 = 7 * 24 * 3600 * 1000;
pub const RESET_TTL_MS: i64 = 3600 * 1000;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Invitation,
    PasswordReset,
}

impl LinkKind {
    pub fn ticket(self) -> TicketKind {
        match self {
            LinkKind::Invitation => TicketKind::Invitation,
            LinkKind::PasswordReset => TicketKind::PasswordReset,
        }
    }
}

pub const INVITATION_PATH: &str = "/auth/invitation";
pub const RESET_PATH: &str = "/auth/reset-password";

/// A link about to be made: its statements go in the caller's batch.
pub struct NewLink {
    pub ticket_id: String,
    pub url: String,
    pub expires_at: i64,
    pub statements: Vec<Statement>,
}

pub fn new_link(
    env: &Env,
    kind: LinkKind,
    account_id: &str,
    user_id: &str,
    created_by: Option<&str>,
) -> NewLink {
    let now = env.now_ms();
    let token = format!("pli_{}", crate::ids::random_hex(env.random(), 32));
    let ticket_id = env.new_id();
    let expires_at = now
        + match kind {
            LinkKind::Invitation => INVITATION_TTL_MS,
            LinkKind::PasswordReset => RESET_TTL_MS,
        };
    let path = match kind {
        LinkKind::Invitation => INVITATION_PATH,
        LinkKind::PasswordReset => RESET_PATH,
    };
    let statements = tickets::create_statements(&NewTicket {
        id: &ticket_id,
        token_hash: &super::hash_key(&token),
        kind: kind.ticket(),
        account_id,
        user_id,
        created_by,
        now,
        expires_at,
        data: None,
    });
    NewLink {
        ticket_id,
        url: format!("{}{path}?token={token}", super::issuer(env)),
        expires_at,
        statements,
    }
}

/// Mails a link to `to`. `false`: the account has no email channel.
pub async fn mail(
    env: &Env,
    kind: LinkKind,
    account_id: &str,
    to: &str,
    url: &str,
) -> crate::Result<bool> {
    let (event, subject, text) = match kind {
        LinkKind::Invitation => (
            "account.invitation",
            "You are invited to Preloop",
            format!(
                "You have been invited to an account on Preloop.\n\nSet your password here (the link works once, for 7 days):\n{url}\n"
            ),
        ),
        LinkKind::PasswordReset => (
            "account.password_reset",
            "Reset your Preloop password",
            format!(
                "Someone asked to reset the password of this address on Preloop.\n\nSet a new one here (the link works once, for an hour; it signs you out everywhere):\n{url}\n\nIf it was not you, ignore this mail: nothing changes.\n"
            ),
        ),
    };
    account_mail::queue(
        env,
        account_id,
        &AccountMail {
            event: event.into(),
            to: to.into(),
            subject: subject.into(),
            text,
        },
    )
    .await
}
