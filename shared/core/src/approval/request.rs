//! An approval request as a state machine, free of I/O:
//! `pending → approved | declined | expired | cancelled`, with votes counted
//! over distinct people, an escalation round, and an event for every change.
//! The store persists what this decides; the scheduled handler and every
//! read call [`ApprovalRequest::tick`] so that time is applied even when
//! nobody is polling.

use super::ApprovalPolicy;
use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    Approved,
    Declined,
    Expired,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Declined => "declined",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Result<Status> {
        Ok(match s {
            "pending" => Status::Pending,
            "approved" => Status::Approved,
            "declined" => Status::Declined,
            "expired" => Status::Expired,
            "cancelled" => Status::Cancelled,
            other => {
                return Err(Error::internal(format!(
                    "unknown approval status '{other}'"
                )));
            }
        })
    }
}

/// Which approvers are being asked: the first round, or after escalation
/// (when the first round's approvers may still answer too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Approvers,
    Escalation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub user_id: String,
    pub approve: bool,
    pub comment: Option<String>,
    pub at: i64,
}

/// What happened, for the event log and for notifications.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    Voted {
        user_id: String,
        approve: bool,
        comment: Option<String>,
    },
    Approved,
    Declined {
        user_id: String,
        comment: Option<String>,
    },
    Escalated,
    Expired,
    Cancelled {
        by: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalRequest {
    pub id: String,
    pub status: Status,
    pub stage: Stage,
    pub approvals_required: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub escalate_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub votes: Vec<Vote>,
    /// Binds the request to the exact call: see [`call_hash`].
    pub call_hash: String,
}

impl ApprovalRequest {
    pub fn new(id: String, policy: &ApprovalPolicy, call_hash: String, now: i64) -> Self {
        ApprovalRequest {
            id,
            status: Status::Pending,
            stage: Stage::Approvers,
            approvals_required: policy.approvals_required,
            created_at: now,
            expires_at: now + policy.timeout_seconds * 1000,
            escalate_at: policy
                .escalation
                .as_ref()
                .map(|e| now + e.after_seconds * 1000),
            decided_at: None,
            votes: Vec::new(),
            call_hash,
        }
    }

    /// Applies the passage of time: escalation, then expiry.
    pub fn tick(&mut self, now: i64) -> Vec<Event> {
        let mut events = Vec::new();
        if self.status != Status::Pending {
            return events;
        }
        if self.stage == Stage::Approvers && self.escalate_at.is_some_and(|at| now >= at) {
            self.stage = Stage::Escalation;
            events.push(Event::Escalated);
        }
        if now >= self.expires_at {
            self.status = Status::Expired;
            self.decided_at = Some(now);
            events.push(Event::Expired);
        }
        events
    }

    /// Whole seconds until the request expires at `now` (0 once past).
    pub fn seconds_left(&self, now: i64) -> i64 {
        ((self.expires_at - now) / 1000).max(0)
    }

    /// Distinct people who approved.
    pub fn approvals(&self) -> usize {
        self.votes.iter().filter(|v| v.approve).count()
    }

    /// Records a vote by `user_id`, who must be in `eligible` (the people the
    /// current stage asks). One person counts once: repeating the same vote
    /// changes nothing; changing it is refused. One decline declines.
    pub fn vote(
        &mut self,
        user_id: &str,
        approve: bool,
        comment: Option<String>,
        eligible: &[String],
        now: i64,
    ) -> Result<Vec<Event>> {
        let mut events = self.tick(now);
        if self.status != Status::Pending {
            return Err(Error::conflict(format!(
                "the request is already {}",
                self.status.as_str()
            )));
        }
        if !eligible.iter().any(|e| e == user_id) {
            return Err(Error::new(
                ErrorKind::Forbidden,
                "you are not an approver of this request",
            ));
        }
        if let Some(previous) = self.votes.iter().find(|v| v.user_id == user_id) {
            if previous.approve == approve {
                return Ok(events);
            }
            return Err(Error::conflict(
                "you already voted the other way on this request",
            ));
        }
        self.votes.push(Vote {
            user_id: user_id.to_string(),
            approve,
            comment: comment.clone(),
            at: now,
        });
        events.push(Event::Voted {
            user_id: user_id.to_string(),
            approve,
            comment: comment.clone(),
        });
        if !approve {
            self.status = Status::Declined;
            self.decided_at = Some(now);
            events.push(Event::Declined {
                user_id: user_id.to_string(),
                comment,
            });
        } else if self.approvals() as i64 >= self.approvals_required {
            self.status = Status::Approved;
            self.decided_at = Some(now);
            events.push(Event::Approved);
        }
        Ok(events)
    }

    pub fn cancel(&mut self, by: &str, now: i64) -> Result<Vec<Event>> {
        let mut events = self.tick(now);
        if self.status != Status::Pending {
            return Err(Error::conflict(format!(
                "the request is already {}",
                self.status.as_str()
            )));
        }
        self.status = Status::Cancelled;
        self.decided_at = Some(now);
        events.push(Event::Cancelled { by: by.to_string() });
        Ok(events)
    }
}

/// SHA-256 over the canonical JSON of tool, server and arguments (object
/// keys sorted at every depth), so that the same call always hashes the same
/// and any change to an argument gives another hash.
pub fn call_hash(tool: &str, server: Option<&str>, arguments: &Value) -> String {
    let canonical = canonical_json(
        &serde_json::json!({"tool": tool, "server": server, "arguments": arguments}),
    );
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

fn canonical_json(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let body: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", body.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::Escalation;
    use serde_json::json;

    fn policy(required: i64, escalation: Option<i64>) -> ApprovalPolicy {
        ApprovalPolicy {
            id: "p".into(),
            name: "p".into(),
            description: None,
            approver_user_ids: vec!["a".into(), "b".into()],
            approver_team_ids: vec![],
            approvals_required: required,
            timeout_seconds: 600,
            escalation: escalation.map(|after_seconds| Escalation {
                after_seconds,
                user_ids: vec!["cto".into()],
                team_ids: vec![],
            }),
            notification_channels: vec![],
            async_approval: false,
            require_different_person: false,
            justification: None,
            is_default: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn eligible() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn quorum_counts_distinct_people() {
        let mut r = ApprovalRequest::new("r".into(), &policy(2, None), "h".into(), 0);
        assert!(r.vote("a", true, None, &eligible(), 10).is_ok());
        assert_eq!(r.status, Status::Pending);
        // The same person again counts once.
        assert_eq!(r.vote("a", true, None, &eligible(), 11).ok(), Some(vec![]));
        assert_eq!(r.status, Status::Pending);
        let events = r
            .vote("b", true, Some("ok".into()), &eligible(), 12)
            .unwrap_or_default();
        assert_eq!(r.status, Status::Approved);
        assert_eq!(r.decided_at, Some(12));
        assert!(events.contains(&Event::Approved));
        assert_eq!(
            r.vote("b", true, None, &eligible(), 13)
                .err()
                .map(|e| e.kind),
            Some(ErrorKind::Conflict)
        );
    }

    #[test]
    fn one_decline_declines_and_strangers_cannot_vote() {
        let mut r = ApprovalRequest::new("r".into(), &policy(2, None), "h".into(), 0);
        assert_eq!(
            r.vote("mallory", true, None, &eligible(), 1)
                .err()
                .map(|e| e.kind),
            Some(ErrorKind::Forbidden)
        );
        r.vote("a", true, None, &eligible(), 2).ok();
        assert_eq!(
            r.vote("a", false, None, &eligible(), 3)
                .err()
                .map(|e| e.kind),
            Some(ErrorKind::Conflict)
        );
        let events = r
            .vote("b", false, Some("not today".into()), &eligible(), 4)
            .unwrap_or_default();
        assert_eq!(r.status, Status::Declined);
        assert!(events.contains(&Event::Declined {
            user_id: "b".into(),
            comment: Some("not today".into())
        }));
    }

    #[test]
    fn time_escalates_then_expires() {
        let mut r = ApprovalRequest::new("r".into(), &policy(1, Some(60)), "h".into(), 1_000);
        assert_eq!(r.escalate_at, Some(61_000));
        assert!(r.tick(60_999).is_empty());
        assert_eq!(r.tick(61_000), vec![Event::Escalated]);
        assert_eq!(r.stage, Stage::Escalation);
        assert!(r.tick(62_000).is_empty(), "escalation happens once");
        assert_eq!(r.tick(601_000), vec![Event::Expired]);
        assert_eq!(r.status, Status::Expired);
        assert_eq!(
            r.vote("a", true, None, &eligible(), 601_001)
                .err()
                .map(|e| e.kind),
            Some(ErrorKind::Conflict)
        );
        // A vote after the deadline finds the request expired even if nobody ticked.
        let mut late = ApprovalRequest::new("r".into(), &policy(1, None), "h".into(), 0);
        assert!(late.vote("a", true, None, &eligible(), 600_000).is_err());
        assert_eq!(late.status, Status::Expired);
    }

    #[test]
    fn cancel_only_while_pending() {
        let mut r = ApprovalRequest::new("r".into(), &policy(1, None), "h".into(), 0);
        assert!(r.cancel("agent", 5).is_ok());
        assert_eq!(r.status, Status::Cancelled);
        assert!(r.cancel("agent", 6).is_err());
    }

    #[test]
    fn call_hash_binds_the_exact_call() {
        let a = call_hash(
            "fx__deploy",
            Some("fx"),
            &json!({"env": "prod", "opts": {"b": 1, "a": [1, 2]}}),
        );
        let same = call_hash(
            "fx__deploy",
            Some("fx"),
            &json!({"opts": {"a": [1, 2], "b": 1}, "env": "prod"}),
        );
        assert_eq!(a, same, "key order does not matter");
        assert_ne!(
            a,
            call_hash(
                "fx__deploy",
                Some("fx"),
                &json!({"env": "prod", "opts": {"b": 1, "a": [2, 1]}})
            )
        );
        assert_ne!(
            a,
            call_hash(
                "fx__deploy",
                Some("fx"),
                &json!({"env": "staging", "opts": {"b": 1, "a": [1, 2]}})
            )
        );
        assert_ne!(
            a,
            call_hash(
                "fx__deploy2",
                Some("fx"),
                &json!({"env": "prod", "opts": {"b": 1, "a": [1, 2]}})
            )
        );
        assert_ne!(
            a,
            call_hash(
                "fx__deploy",
                None,
                &json!({"env": "prod", "opts": {"b": 1, "a": [1, 2]}})
            )
        );
    }
}
