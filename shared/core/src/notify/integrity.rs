//! Telling people that a tool, prompt or resource template changed its
//! definition or was flagged by the poisoning scan (see
//! [`crate::mcp::integrity`]): a [`Notice`] on the account's channels. The
//! audit record is what counts; a notice is best effort on top of it.

use super::notice::{Notice, event_starts_with};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
        event_starts_with(payload, "integrity.")
    }
}

impl Notice for IntegrityNotice {
    fn event(&self) -> &str {
        &self.event
    }

    fn subject(&self) -> String {
        let what = self.kind.replace('_', " ");
        match (self.event.as_str(), self.quarantined) {
            (_, true) => format!("Quarantined {what}: {}", self.name),
            ("integrity.flagged", false) => format!("Flagged {what}: {}", self.name),
            _ => format!("Changed {what}: {}", self.name),
        }
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
}
