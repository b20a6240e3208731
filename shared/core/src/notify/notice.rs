//! Notices: what the account's Slack, Mattermost and webhook channels are
//! told about the account itself (a tool's definition changed, a budget
//! passed its soft limit), as opposed to requests that wait for an
//! approver. They go through the same outbox as approval requests: queued
//! here, sent (and retried) by [`super::send`]. What they report is
//! recorded elsewhere first (the audit, the budget's counters); a notice is
//! best effort on top of it.

use super::message::escape_slack;
use crate::env::Env;
use crate::error::Result;
use crate::ports::QueueMessage;
use crate::store::notifications;
use serde::Serialize;
use serde_json::{Value, json};

/// The channel kinds a notice goes to: email and push reach approvers of
/// a request, and a notice has none.
pub const KINDS: &[&str] = &["slack", "mattermost", "webhook"];

/// One kind of notice: its webhook body is its JSON, whose `event` field
/// names it (and is sent as `x-preloop-event`).
pub trait Notice: Serialize {
    fn event(&self) -> &str;
    /// The first line.
    fn subject(&self) -> String;
    /// The lines under it.
    fn lines(&self) -> Vec<String>;

    fn slack_body(&self) -> Value {
        let mut text = format!("*{}*\n", escape_slack(&self.subject()));
        for l in self.lines() {
            text.push_str(&escape_slack(&l));
            text.push('\n');
        }
        json!({ "text": text })
    }

    fn mattermost_body(&self, channel: Option<&str>) -> Value {
        let mut text = format!("#### {}\n", self.subject());
        for l in self.lines() {
            text.push_str(&format!("- {l}\n"));
        }
        let mut body = json!({"text": text, "username": "Preloop"});
        if let Some(c) = channel {
            body["channel"] = json!(c);
        }
        body
    }
}

/// Whether a stored payload's `event` starts with `prefix`.
pub fn event_starts_with(payload: &Value, prefix: &str) -> bool {
    payload
        .get("event")
        .and_then(Value::as_str)
        .is_some_and(|e| e.starts_with(prefix))
}

/// Queues `notices` for every enabled channel of `account_id` that takes
/// them, and wakes the sender. Returns how many deliveries were queued.
pub async fn queue<N: Notice>(env: &Env, account_id: &str, notices: &[N]) -> Result<usize> {
    if notices.is_empty() {
        return Ok(0);
    }
    let channels: Vec<_> = notifications::list_channels(env.sql(), account_id)
        .await?
        .into_iter()
        .filter(|c| c.enabled && KINDS.contains(&c.kind.as_str()))
        .collect();
    let mut queued = 0;
    for notice in notices {
        let payload =
            serde_json::to_string(notice).map_err(|_| crate::Error::internal("notice payload"))?;
        for c in &channels {
            let d = super::announce::queued(
                env,
                account_id,
                None,
                Some(c.id.clone()),
                &c.kind,
                None,
                &payload,
            )?;
            notifications::enqueue(env.sql(), &d).await?;
            queued += 1;
        }
    }
    if queued > 0 {
        env.wake(QueueMessage::NotificationsDue).await;
    }
    Ok(queued)
}
