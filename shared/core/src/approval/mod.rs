//! Approval workflows ("approval policies"): who must approve a call that a
//! rule sends for approval, how many distinct people, how long they have, and
//! who is asked next when nobody answers in time.

pub mod flow;
pub mod request;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

pub const MIN_APPROVALS: i64 = 1;
pub const MAX_APPROVALS: i64 = 10;
pub const MIN_TIMEOUT_SECONDS: i64 = 30;
pub const MAX_TIMEOUT_SECONDS: i64 = 30 * 24 * 60 * 60;
pub const CHANNELS: &[&str] = &["email", "slack", "mattermost", "webhook", "push"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The agent must explain the call; without one it is refused.
    Required,
    /// The agent may explain the call.
    Optional,
}

impl Justification {
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::Required => "required",
            Justification::Optional => "optional",
        }
    }
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "required" => Ok(Justification::Required),
            "optional" => Ok(Justification::Optional),
            other => Err(Error::bad_request(format!(
                "unknown justification mode '{other}' (required or optional)"
            ))),
        }
    }
}

/// Who is asked after the first round goes unanswered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub after_seconds: i64,
    #[serde(default)]
    pub user_ids: Vec<String>,
    #[serde(default)]
    pub team_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApprovalPolicy {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The people who decide; with no teams either, the account's admins
    /// (see [`ApprovalPolicy::names_nobody`]).
    pub approver_user_ids: Vec<String>,
    pub approver_team_ids: Vec<String>,
    pub approvals_required: i64,
    pub timeout_seconds: i64,
    pub escalation: Option<Escalation>,
    pub notification_channels: Vec<String>,
    pub async_approval: bool,
    pub justification: Option<Justification>,
    pub is_default: bool,
    /// Four eyes: the person behind the calling key (its owner, or its
    /// agent's owner) cannot count toward the quorum, through any key, link
    /// or team of theirs.
    pub require_different_person: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ApprovalPolicy {
    /// A workflow that names no approvers is decided by the account's
    /// admins, as whoever they are when a request is made.
    pub fn names_nobody(&self) -> bool {
        self.approver_user_ids.is_empty() && self.approver_team_ids.is_empty()
    }
}

/// Checks the parts of a workflow that do not need the store.
pub fn validate(p: &ApprovalPolicy) -> Result<()> {
    crate::text::check_name("name", &p.name, 128)?;
    if !(MIN_APPROVALS..=MAX_APPROVALS).contains(&p.approvals_required) {
        return Err(Error::bad_request(format!(
            "approvals_required must be between {MIN_APPROVALS} and {MAX_APPROVALS}"
        )));
    }
    if !(MIN_TIMEOUT_SECONDS..=MAX_TIMEOUT_SECONDS).contains(&p.timeout_seconds) {
        return Err(Error::bad_request(format!(
            "timeout_seconds must be between {MIN_TIMEOUT_SECONDS} (30 s) and {MAX_TIMEOUT_SECONDS} (30 days)"
        )));
    }
    if let Some(e) = &p.escalation {
        if e.user_ids.is_empty() && e.team_ids.is_empty() {
            return Err(Error::bad_request(
                "escalation needs at least one user or team to escalate to",
            ));
        }
        if e.after_seconds < MIN_TIMEOUT_SECONDS || e.after_seconds >= p.timeout_seconds {
            return Err(Error::bad_request(format!(
                "escalation.after_seconds must be at least {MIN_TIMEOUT_SECONDS} and less than timeout_seconds ({})",
                p.timeout_seconds
            )));
        }
    }
    if let Some(unknown) = p
        .notification_channels
        .iter()
        .find(|c| !CHANNELS.contains(&c.as_str()))
    {
        return Err(Error::bad_request(format!(
            "unknown notification channel '{unknown}' ({})",
            CHANNELS.join(", ")
        )));
    }
    Ok(())
}

/// Checks a workflow against the account's people: its approvers exist, and
/// its quorum can be reached by the distinct people it names.
pub fn check_people(
    p: &ApprovalPolicy,
    users: &[crate::store::people::User],
    teams: &[crate::store::people::Team],
) -> Result<()> {
    let escalation_users = p.escalation.iter().flat_map(|e| e.user_ids.iter());
    let escalation_teams = p.escalation.iter().flat_map(|e| e.team_ids.iter());
    if let Some(u) = p
        .approver_user_ids
        .iter()
        .chain(escalation_users)
        .find(|u| !users.iter().any(|x| &x.id == *u))
    {
        return Err(Error::bad_request(format!("no user {u}")));
    }
    if let Some(t) = p
        .approver_team_ids
        .iter()
        .chain(escalation_teams)
        .find(|t| !teams.iter().any(|x| &x.id == *t))
    {
        return Err(Error::bad_request(format!("no team {t}")));
    }
    // A workflow that names nobody is decided by the account's admins, who
    // come and go: its quorum is a matter for each request, not the file.
    if p.names_nobody() {
        return Ok(());
    }
    // Quorum counts distinct people: a user named directly and through a
    // team counts once.
    let people: std::collections::BTreeSet<&str> = p
        .approver_user_ids
        .iter()
        .map(String::as_str)
        .chain(
            teams
                .iter()
                .filter(|t| p.approver_team_ids.contains(&t.id))
                .flat_map(|t| t.member_ids.iter().map(String::as_str)),
        )
        .collect();
    if (people.len() as i64) < p.approvals_required {
        return Err(Error::bad_request(format!(
            "approvals_required is {} but the approvers are only {} distinct people",
            p.approvals_required,
            people.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ApprovalPolicy {
        ApprovalPolicy {
            id: "p".into(),
            name: "deploys".into(),
            description: None,
            approver_user_ids: vec!["u1".into()],
            approver_team_ids: vec![],
            approvals_required: 1,
            timeout_seconds: 600,
            escalation: None,
            notification_channels: vec!["email".into()],
            async_approval: false,
            require_different_person: false,
            justification: None,
            is_default: false,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn bounds() {
        assert!(validate(&policy()).is_ok());
        let mut p = policy();
        p.approvals_required = 11;
        assert!(validate(&p).is_err());
        let mut p = policy();
        p.timeout_seconds = 29;
        assert!(validate(&p).is_err());
        let mut p = policy();
        p.timeout_seconds = MAX_TIMEOUT_SECONDS + 1;
        assert!(validate(&p).is_err());
        let mut p = policy();
        p.approver_user_ids.clear();
        assert!(p.names_nobody() && validate(&p).is_ok());
        assert!(check_people(&p, &[], &[]).is_ok());
        let mut p = policy();
        p.escalation = Some(Escalation {
            after_seconds: 600,
            user_ids: vec!["u2".into()],
            team_ids: vec![],
        });
        assert!(
            validate(&p).is_err(),
            "escalation must come before the timeout"
        );
        p.escalation = Some(Escalation {
            after_seconds: 300,
            user_ids: vec!["u2".into()],
            team_ids: vec![],
        });
        assert!(validate(&p).is_ok());
        p.notification_channels.push("carrier-pigeon".into());
        assert!(validate(&p).is_err());
        assert!(Justification::parse("maybe").is_err());
    }
}
