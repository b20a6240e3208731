//! What a notification says, and how each channel says it. The payload is
//! built once when a request is announced and stored sealed in the outbox;
//! the sender renders it for its channel.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The key facts an approver needs to decide, as the token page shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestFacts {
    pub id: String,
    pub tool: String,
    pub server: Option<String>,
    /// Secret-looking values already redacted.
    pub arguments: Value,
    pub justification: Option<String>,
    pub requester: String,
    pub rule_id: Option<String>,
    pub approvals_required: i64,
    pub created_at: i64,
    pub expires_at: i64,
}

/// One approver's own link (carries their token: never log it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApproverLink {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// `approval.requested`, `approval.escalated`, or the outcome:
    /// `approval.approved`, `.declined`, `.expired`, `.cancelled`.
    pub event: String,
    pub request: RequestFacts,
    pub approvers: Vec<ApproverLink>,
}

impl Notification {
    pub fn escalated(&self) -> bool {
        self.event == "approval.escalated"
    }

    pub fn subject(&self) -> String {
        let what = if self.escalated() {
            "Escalated approval needed"
        } else {
            "Approval needed"
        };
        format!("{what}: {}", self.request.tool)
    }

    /// The facts as plain lines, shared by every text rendering.
    fn fact_lines(&self) -> Vec<String> {
        let r = &self.request;
        let mut lines = vec![
            format!("Tool: {}", r.tool),
            format!("Server: {}", r.server.as_deref().unwrap_or("-")),
            format!("Requested by: {}", r.requester),
            format!("Arguments: {}", compact(&r.arguments, 600)),
        ];
        if let Some(j) = &r.justification {
            lines.push(format!("Justification: {j}"));
        }
        lines.push(format!("Approvals needed: {}", r.approvals_required));
        lines.push(format!("Expires: {}", readable_time(r.expires_at)));
        lines
    }

    /// A plain-text email for one approver.
    pub fn email_text(&self, link: &ApproverLink) -> String {
        let mut out = format!("Hello {},\n\n{}.\n\n", link.name, self.subject());
        for l in self.fact_lines() {
            out.push_str(&l);
            out.push('\n');
        }
        out.push_str(&format!(
            "\nReview and decide: {}\n\nThis link is yours alone and stops working once the request is decided or expires.\n",
            link.url
        ));
        out
    }

    /// Slack's incoming-webhook body (mrkdwn).
    pub fn slack_body(&self) -> Value {
        let mut text = format!("*{}*\n", escape_slack(&self.subject()));
        for l in self.fact_lines() {
            text.push_str(&escape_slack(&l));
            text.push('\n');
        }
        for a in &self.approvers {
            text.push_str(&format!(
                "<{}|Review as {}>\n",
                a.url,
                escape_slack(&a.name)
            ));
        }
        json!({"text": text})
    }

    /// Mattermost's incoming-webhook body (Markdown).
    pub fn mattermost_body(&self, channel: Option<&str>) -> Value {
        let mut text = format!("#### {}\n", self.subject());
        for l in self.fact_lines() {
            text.push_str(&format!("- {l}\n"));
        }
        for a in &self.approvers {
            text.push_str(&format!("[Review as {}]({})\n", a.name, a.url));
        }
        let mut body = json!({"text": text, "username": "Preloop"});
        if let Some(c) = channel {
            body["channel"] = json!(c);
        }
        body
    }

    /// The push proxy's body, for one approver.
    pub fn push_body(&self, link: &ApproverLink) -> Value {
        json!({
            "user_id": link.user_id,
            "email": link.email,
            "title": self.subject(),
            "body": format!("{} wants to call {}", self.request.requester, self.request.tool),
            "url": link.url,
            "request_id": self.request.id,
            "event": self.event,
        })
    }
}

pub(crate) fn escape_slack(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// JSON on one line, cut at `max` characters.
pub fn compact(v: &Value, max: usize) -> String {
    let s = v.to_string();
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

/// Epoch milliseconds as a UTC time for people to read
/// (`2026-11-30 05:50:15 UTC`).
pub fn readable_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| ms.to_string())
}

/// Epoch milliseconds as an RFC 3339 UTC timestamp for machines
/// (`2026-11-30T05:50:15.000Z`).
pub fn iso8601(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Notification {
        Notification {
            event: "approval.requested".into(),
            request: RequestFacts {
                id: "R1".into(),
                tool: "fx__deploy".into(),
                server: Some("fx".into()),
                arguments: json!({"env": "prod <x>"}),
                justification: Some("hotfix".into()),
                requester: "key:K:ci".into(),
                rule_id: None,
                approvals_required: 2,
                created_at: 0,
                expires_at: 60_000,
            },
            approvers: vec![ApproverLink {
                user_id: "U1".into(),
                name: "Ann".into(),
                email: "ann@example.com".into(),
                url: "http://h/approval/R1?token=t".into(),
            }],
        }
    }

    #[test]
    fn renders_every_channel() {
        let n = sample();
        let slack = n.slack_body()["text"].as_str().unwrap().to_string();
        assert!(slack.contains("<http://h/approval/R1?token=t|Review as Ann>"));
        assert!(slack.contains("prod &lt;x&gt;"));
        let mm = n.mattermost_body(Some("ops"));
        assert_eq!(mm["channel"], "ops");
        assert!(
            mm["text"]
                .as_str()
                .unwrap()
                .contains("[Review as Ann](http://h/approval/R1?token=t)")
        );
        let mail = n.email_text(&n.approvers[0]);
        assert!(mail.contains("Justification: hotfix"));
        assert!(mail.contains("Expires: 1970-01-01 00:01:00 UTC"));
        assert_eq!(
            n.push_body(&n.approvers[0])["url"],
            "http://h/approval/R1?token=t"
        );
        assert_eq!(compact(&json!("x".repeat(10)), 4), "\"xxx…");
    }
}
