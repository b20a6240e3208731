//! A channel tried now, from the console: one message sent at once, not
//! through the outbox, and the channel's answer given back (delivered, the
//! HTTP status, or why not). Slack, Mattermost and webhook channels get a
//! [`Notice`]; an email channel mails the person who asked. Nothing is
//! queued, retried or recorded: it is a check, not a notification.

use super::notice::Notice;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::notifications;
use serde::Serialize;

/// The test's event, as webhooks get it in `x-preloop-event`.
pub const TEST: &str = "channel.test";

#[derive(Debug, Clone, Serialize)]
pub struct TestNotice {
    pub event: String,
    pub channel_id: String,
    pub channel: String,
    pub sent_by: String,
    pub sent_at: i64,
}

impl Notice for TestNotice {
    fn event(&self) -> &str {
        &self.event
    }
    fn subject(&self) -> String {
        format!("Preloop: a test of the channel {}", self.channel)
    }
    fn lines(&self) -> Vec<String> {
        vec![
            format!(
                "Sent by {} to check that this channel reaches you.",
                self.sent_by
            ),
            "Nothing is waiting for a decision.".to_string(),
        ]
    }
}

/// What the channel answered.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tried {
    pub delivered: bool,
    pub status: Option<u16>,
    pub error: Option<String>,
}

/// Sends the test to `channel_id` now. `mail_to` is the address an email
/// channel's test goes to (the person asking).
pub async fn try_channel(
    env: &Env,
    account_id: &str,
    channel_id: &str,
    sent_by: &str,
    mail_to: Option<&str>,
) -> Result<Tried> {
    let channel = notifications::get_channel(env.sql(), account_id, channel_id).await?;
    if channel.kind == "push" {
        return Err(Error::bad_request(
            "a push channel reaches approvers' devices through the push proxy: it has no address of its own to test",
        ));
    }
    if channel.kind == "email" && mail_to.is_none() {
        return Err(Error::bad_request(
            "an email channel's test goes to the person asking: sign in as a person to send it",
        ));
    }
    let notice = TestNotice {
        event: TEST.to_string(),
        channel_id: channel.id.clone(),
        channel: channel.name.clone(),
        sent_by: sent_by.to_string(),
        sent_at: env.now_ms(),
    };
    Ok(super::send::attempt_test(env, account_id, &channel, &notice, mail_to).await)
}
