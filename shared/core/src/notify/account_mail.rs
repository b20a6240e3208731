//! Mail to one person about their own access: an invitation, a password
//! reset link. Sent through the account's email channel by the same outbox
//! as approval notices (sealed there: the link in it is a credential).

use crate::env::Env;
use crate::error::Result;
use crate::ports::QueueMessage;
use crate::store::notifications;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountMail {
    /// `account.invitation` or `account.password_reset`.
    pub event: String,
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl AccountMail {
    /// Whether a stored payload is one of these.
    pub fn is(payload: &Value) -> bool {
        payload
            .get("event")
            .and_then(Value::as_str)
            .is_some_and(|e| e.starts_with("account."))
    }
}

/// Queues `mail` on the account's first enabled email channel. `false`:
/// the account has none, and nothing was queued.
pub async fn queue(env: &Env, account_id: &str, mail: &AccountMail) -> Result<bool> {
    let channel = notifications::list_channels(env.sql(), account_id)
        .await?
        .into_iter()
        .find(|c| c.enabled && c.kind == "email");
    let Some(channel) = channel else {
        return Ok(false);
    };
    let payload = serde_json::to_string(mail).map_err(|e| crate::Error::internal(e.to_string()))?;
    let delivery = super::announce::queued(
        env,
        account_id,
        None,
        Some(channel.id),
        "email",
        Some(&mail.to),
        &payload,
    )?;
    notifications::enqueue(env.sql(), &delivery).await?;
    env.wake(QueueMessage::NotificationsDue).await;
    Ok(true)
}
