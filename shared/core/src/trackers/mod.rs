//! Issue trackers: GitHub, GitLab and Jira behind one [`Tracker`] port, the
//! normalised shapes their issues, comments and events are read into, and
//! the checks and readers for the webhooks they send.
//!
//! Each kind is one file ([`github`], [`gitlab`], [`jira`]); [`client`] is what they share on
//! the wire (authentication headers, bounded reads, rate limits, `Link`
//! pagination). Nothing here touches the store: the sync
//! (`functions/scheduled-sync`) and the API (`functions/trackers`) write
//! what a tracker answers.

pub mod apply;
pub mod client;
pub mod compliance;
pub mod compliance_model;
pub mod connect;
pub mod dependencies;
pub mod discover;
pub mod duplicates;
pub mod events;
pub mod github;
pub mod gitlab;
pub mod jira;
pub mod refs;
pub mod search;
pub mod tool_relay;
pub mod tools;
pub mod vectors;
pub mod webhooks;

use crate::error::{Error, Result};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which tracker a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackerKind {
    Github,
    Gitlab,
    Jira,
}

impl TrackerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TrackerKind::Github => "github",
            TrackerKind::Gitlab => "gitlab",
            TrackerKind::Jira => "jira",
        }
    }
    pub fn parse(s: &str) -> Result<TrackerKind> {
        match s {
            "github" => Ok(TrackerKind::Github),
            "gitlab" => Ok(TrackerKind::Gitlab),
            "jira" => Ok(TrackerKind::Jira),
            _ => Err(Error::bad_request("kind must be github, gitlab or jira")),
        }
    }
    /// The API root a tracker of this kind has when none is given.
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            TrackerKind::Github => Some("https://api.github.com"),
            TrackerKind::Gitlab => Some("https://gitlab.com"),
            TrackerKind::Jira => None,
        }
    }
}

/// Issues, pull requests and merge requests are all "issues" here, told
/// apart by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    Issue,
    PullRequest,
    MergeRequest,
}

impl IssueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Issue => "issue",
            IssueKind::PullRequest => "pull_request",
            IssueKind::MergeRequest => "merge_request",
        }
    }
    pub fn parse(s: &str) -> Result<IssueKind> {
        match s {
            "issue" => Ok(IssueKind::Issue),
            "pull_request" => Ok(IssueKind::PullRequest),
            "merge_request" => Ok(IssueKind::MergeRequest),
            _ => Err(Error::internal("store: unknown issue kind")),
        }
    }
}

/// Who the credentials are, as the tracker says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    pub login: Option<String>,
    /// The token's scopes where the tracker says them (GitHub's classic
    /// tokens), so a missing one is named before it fails a sync.
    pub scopes: Option<Vec<String>>,
    /// Requests left in the current rate-limit window, where told.
    pub rate_remaining: Option<i64>,
}

/// An organization (GitHub owner, GitLab group, Jira site) as the tracker
/// has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteOrganization {
    pub external_id: String,
    pub name: String,
    pub url: Option<String>,
}

/// A project (repository, GitLab project, Jira project).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteProject {
    /// owner/repo, group/project, or the Jira project key.
    pub external_id: String,
    pub name: String,
    pub url: Option<String>,
}

/// A link the tracker itself keeps between two issues (Jira's issue links,
/// GitLab's related issues).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueLink {
    /// blocks, is_blocked_by, relates_to, duplicates, is_duplicated_by.
    #[serde(rename = "type")]
    pub kind: String,
    pub key: String,
}

/// An issue as a tracker answered it, in Preloop's shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteIssue {
    pub external_id: String,
    pub key: String,
    pub number: Option<i64>,
    pub kind: IssueKind,
    pub title: String,
    pub body: String,
    /// open or closed.
    pub state: String,
    /// The tracker's finer status where it has one (Jira's workflow
    /// status; merged for merged pull and merge requests).
    pub status: Option<String>,
    pub priority: Option<String>,
    pub labels: Vec<String>,
    pub assignees: Vec<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub links: Vec<IssueLink>,
    pub created_at: Option<i64>,
    /// The tracker's version of it: newer replaces older, never the other
    /// way round.
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteComment {
    pub external_id: String,
    pub author: Option<String>,
    pub body: String,
    pub created_at: Option<i64>,
    pub updated_at: i64,
}

/// Where a project's sync stands, kept between runs so an interrupted one
/// resumes at the page it stopped on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncCursor {
    /// Nothing read yet.
    #[default]
    Start,
    /// Reading everything once; `next` is the next page's address (the
    /// tracker's own, from its pagination), `stage` says which listing.
    Backfill {
        stage: u8,
        next: Option<String>,
        /// The newest update seen so far, where the incremental phase
        /// will start.
        high_water: i64,
    },
    /// Reading what changed since `since` (epoch ms).
    Incremental {
        since: i64,
        next: Option<String>,
        /// Trackers that read changes from more than one listing (GitLab:
        /// issues, then merge requests) say which one `next` is in...
        #[serde(default, skip_serializing_if = "is_zero")]
        stage: u8,
        /// ...and how far the listings already read are known to be
        /// complete: the next `since` is the lowest of them, so nothing
        /// that changed in one listing while another was read is skipped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reached: Option<i64>,
    },
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl SyncCursor {
    /// The time everything up to is known, if the backfill is done.
    pub fn since(&self) -> Option<i64> {
        match self {
            SyncCursor::Incremental { since, .. } => Some(*since),
            _ => None,
        }
    }
}

/// Where a sync goes on from after a page, for a tracker whose backfill
/// reads listings `0..=last_stage` in turn, then one incremental listing:
/// `since` is set while the incremental pass reads, `stage` is the
/// backfill's listing, `next` the tracker's next page, `newest` the newest
/// change on this page. Also whether the pass is done.
pub fn cursor_after_page(
    since: Option<i64>,
    stage: u8,
    last_stage: u8,
    next: Option<String>,
    high_water: i64,
    newest: i64,
) -> (SyncCursor, bool) {
    match (since, next) {
        (Some(since), next) => {
            let done = next.is_none();
            // Once a listing is through, the next starts from the newest
            // change seen (the trackers' `since` is inclusive, so that
            // issue comes again and is ignored as not newer).
            let since = if done { since.max(newest) } else { since };
            (
                SyncCursor::Incremental {
                    since,
                    next,
                    stage: 0,
                    reached: None,
                },
                done,
            )
        }
        (None, Some(next)) => (
            SyncCursor::Backfill {
                stage,
                next: Some(next),
                high_water: high_water.max(newest),
            },
            false,
        ),
        (None, None) if stage < last_stage => (
            SyncCursor::Backfill {
                stage: stage + 1,
                next: None,
                high_water: high_water.max(newest),
            },
            false,
        ),
        (None, None) => (
            SyncCursor::Incremental {
                since: high_water.max(newest),
                next: None,
                stage: 0,
                reached: None,
            },
            true,
        ),
    }
}

/// One page of issues and where the next one is.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuePage {
    pub issues: Vec<RemoteIssue>,
    /// Where to go on from; `done` when this listing has no more pages.
    pub cursor: SyncCursor,
    pub done: bool,
}

/// A new issue.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIssue {
    pub title: String,
    #[serde(default, alias = "description")]
    pub body: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub assignees: Vec<String>,
    #[serde(default)]
    pub priority: Option<String>,
    /// Jira's issue type (Task, Bug, Story); others ignore it.
    #[serde(default)]
    pub issue_type: Option<String>,
}

/// What an update changes; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuePatch {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, alias = "description")]
    pub body: Option<String>,
    /// open or closed (GitHub, GitLab), or a Jira status name.
    #[serde(default, alias = "status")]
    pub state: Option<String>,
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    #[serde(default)]
    pub assignees: Option<Vec<String>>,
    #[serde(default)]
    pub priority: Option<String>,
}

/// What registering a webhook came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum WebhookRegistration {
    Registered {
        external_id: String,
    },
    /// The credentials may not register one: what to set up by hand.
    Manual {
        message: String,
    },
}

/// A tracker, spoken to with one account's credentials. Errors never carry
/// the credentials.
#[async_trait(?Send)]
pub trait Tracker {
    fn kind(&self) -> TrackerKind;
    /// Checks the credentials: who they are, what they may do.
    async fn check(&self) -> Result<Identity>;
    /// The organizations the credentials reach.
    async fn organizations(&self) -> Result<Vec<RemoteOrganization>>;
    async fn organization(&self, external_id: &str) -> Result<RemoteOrganization>;
    /// The projects of an organization.
    async fn projects(&self, organization: &str) -> Result<Vec<RemoteProject>>;
    async fn project(&self, external_id: &str) -> Result<RemoteProject>;
    /// The page of a project's issues `cursor` points at.
    async fn issues_page(&self, project: &str, cursor: &SyncCursor) -> Result<IssuePage>;
    async fn issue(&self, project: &str, number: &str) -> Result<RemoteIssue>;
    async fn comments(&self, project: &str, number: &str) -> Result<Vec<RemoteComment>>;
    async fn create_issue(&self, project: &str, new: &NewIssue) -> Result<RemoteIssue>;
    async fn update_issue(
        &self,
        project: &str,
        number: &str,
        patch: &IssuePatch,
    ) -> Result<RemoteIssue>;
    async fn add_comment(&self, project: &str, number: &str, body: &str) -> Result<RemoteComment>;
    /// Registers Preloop's webhook on an organization (or says how to).
    async fn register_webhook(
        &self,
        organization: &str,
        url: &str,
        secret: &str,
    ) -> Result<WebhookRegistration>;
}

/// The longest title and body kept for an issue (GitHub's own limit on a
/// body is 65,536 characters).
pub const MAX_TITLE_CHARS: usize = 1_024;
pub const MAX_BODY_CHARS: usize = 65_536;

/// `s` cut to at most `max` characters.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => s[..at].to_string(),
        None => s.to_string(),
    }
}

/// An RFC 3339 time as epoch milliseconds; also Jira's form
/// (`2009-12-16T23:46:10.612-0600`) and the one GitLab's webhooks use for
/// some fields (`2015-05-17 18:08:09 UTC`).
pub fn parse_time(v: &Value) -> Option<i64> {
    let s = v.as_str()?;
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z").ok())
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f %z").ok())
        .map(|t| t.timestamp_millis())
        .or_else(|| {
            let bare = s.strip_suffix(" UTC")?;
            chrono::NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc().timestamp_millis())
        })
}

/// Epoch milliseconds as RFC 3339 (UTC, seconds).
pub fn format_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_both_offsets_and_jiras_form() {
        assert_eq!(
            parse_time(&Value::from("2017-11-11T00:00:00Z")),
            Some(1_510_358_400_000)
        );
        assert_eq!(
            parse_time(&Value::from("2017-11-11T01:00:00.000+0100")),
            Some(1_510_358_400_000)
        );
        assert_eq!(format_time(1_510_358_400_000), "2017-11-11T00:00:00Z");
        assert_eq!(
            parse_time(&Value::from("2017-11-11 00:00:00 UTC")),
            Some(1_510_358_400_000)
        );
        assert_eq!(
            parse_time(&Value::from("2021-04-28 21:50:00 +0200")),
            Some(1_619_639_400_000)
        );
        assert_eq!(parse_time(&Value::from("yesterday")), None);
    }

    #[test]
    fn clipping_counts_characters_not_bytes() {
        assert_eq!(clip("héllo", 2), "hé");
        assert_eq!(clip("hi", 5), "hi");
    }
}
