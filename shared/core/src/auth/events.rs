//! Sign-in and membership events as audit records (`preloop:auth`): every
//! sign-in and failure, refresh-token reuse, sign-out, registration, and
//! role change is in the account's trail. Only what identifies the event
//! is recorded: never a password, a token, or its hash.

use crate::Env;
use crate::store::audit::AuditRecord;
use crate::store::sql::Statement;
use serde_json::Value;

/// What audit records of these events are filed under.
pub const AUTH_TOOL: &str = "preloop:auth";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthEvent {
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    Refreshed,
    RefreshReused,
    Registered,
    RoleChanged,
    Invited,
    InvitationAccepted,
    PasswordResetRequested,
    PasswordReset,
    PasswordChanged,
    ClientAuthorized,
    SsoConfigured,
    SsoRemoved,
    /// A person created at their first single sign-on.
    Joined,
    Disabled,
    Enabled,
}

impl AuthEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthEvent::SignedIn => "signed_in",
            AuthEvent::SignInFailed => "sign_in_failed",
            AuthEvent::LockedOut => "locked_out",
            AuthEvent::SignedOut => "signed_out",
            AuthEvent::Refreshed => "refreshed",
            AuthEvent::RefreshReused => "refresh_token_reused",
            AuthEvent::Registered => "registered",
            AuthEvent::RoleChanged => "role_changed",
            AuthEvent::Invited => "invited",
            AuthEvent::InvitationAccepted => "invitation_accepted",
            AuthEvent::PasswordResetRequested => "password_reset_requested",
            AuthEvent::PasswordReset => "password_reset",
            AuthEvent::PasswordChanged => "password_changed",
            AuthEvent::ClientAuthorized => "client_authorized",
            AuthEvent::SsoConfigured => "sso_configured",
            AuthEvent::SsoRemoved => "sso_removed",
            AuthEvent::Joined => "joined",
            AuthEvent::Disabled => "disabled",
            AuthEvent::Enabled => "enabled",
        }
    }
    fn refused(self) -> bool {
        matches!(
            self,
            AuthEvent::SignInFailed | AuthEvent::LockedOut | AuthEvent::RefreshReused
        )
    }
}

/// The record of `event` in `account_id`'s trail, by `actor` (an audit
/// label: `user:…`, `key:…`), with `details` (who, how, from where).
pub fn record(
    env: &Env,
    account_id: &str,
    actor: &str,
    event: AuthEvent,
    reason: &str,
    details: Value,
) -> AuditRecord {
    AuditRecord {
        principal: actor.to_string(),
        tool: AUTH_TOOL.into(),
        arguments: details,
        decision: if event.refused() { "deny" } else { "allow" }.into(),
        reason: reason.to_string(),
        outcome: event.as_str().into(),
        instance_id: env.instance_id().map(str::to_string),
        ..AuditRecord::event(env.new_id(), account_id, env.now_ms())
    }
}

/// The statements that write [`record`].
pub fn statements(
    env: &Env,
    account_id: &str,
    actor: &str,
    event: AuthEvent,
    reason: &str,
    details: Value,
) -> Vec<Statement> {
    crate::store::audit::insert_statements(
        &record(env, account_id, actor, event, reason, details),
        None,
    )
}
