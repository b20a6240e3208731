//! Telling people that a tool, prompt or resource template changed its
//! definition or was flagged by the poisoning scan (see
//! [`crate::mcp::integrity`]), on the account's Slack, Mattermost and
//! webhook channels, through the same outbox as approval requests. The
//! audit record is what counts; a notice is best effort on top of it.

use super::message::escape_slack;
use crate::env::Env;
use crate::error::Result;
use crate::ports::QueueMessage;
use crate::store::notifications;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The channel kinds a notice goes to: email and push reach approvers of
/// a request, and a notice has none.
pub const KINDS: &[&str] = &["slack", "mattermost", "webhook"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntegrityNotice {
    /// `integrity.changed` or `integrity.flagged`.
    pub event: String,
    pub server: String,
    pub server_id: String,
    /// `tool`, `prompt` or `resource_template`.
    pub kind: String,
    pub name: String,
    /// One sentence, as the audit record says it.
    pub reason: String,
    pub quarantined: bool,
    /// The rules that found something, if any.
    pub rules: Vec<String>,
}

impl IntegrityNotice {
    /// Whether a stored payload is one of these.
    pub fn is(payload: &Value) -> bool {
        payload
            .get("event")
            .and_then(Value::as_str)
            .is_some_and(|e| e.starts_with("integrity."))
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.reason.clone(), format!("Server: {}", self.server)];
        if !self.rules.is_empty() {
            lines.push(format!("Findings: {}", self.rules.join(", ")));
        }
        if self.quarantined {
            lines.push(format!(
                "Review it: preloop tools review {} {} --kind {}",
                self.server,
                self.name,
                self.kind.replace('_', "-")
            ));
        }
        lines
    }

    fn subject(&self) -> String {
        let what = self.kind.replace('_', " ");
        match (self.event.as_str(), self.quarantined) {
            (_, true) => format!("Quarantined {what}: {}", self.name),
            ("integrity.flagged", false) => format!("Flagged {what}: {}", self.name),
            _ => format!("Changed {what}: {}", self.name),
        }
    }

    pub fn slack_body(&self) -> Value {
        let mut text = format!("*{}*\n", escape_slack(&self.subject()));
        for l in self.lines() {
            text.push_str(&escape_slack(&l));
            text.push('\n');
        }
        json!({ "text": text })
    }

    pub fn mattermost_body(&self, channel: Option<&str>) -> Value {
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

/// Queues `notices` for every enabled channel of `account_id` that takes
/// them, and wakes the sender. Returns how many deliveries were queued.
pub async fn queue(env: &Env, account_id: &str, notices: &[IntegrityNotice]) -> Result<usize> {
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
        let payload = serde_json::to_string(notice)
            .map_err(|_| crate::Error::internal("integrity notice payload"))?;
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
