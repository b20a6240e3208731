//! The one vocabulary tracker events are read into, whichever tracker sent
//! them: what flows (a later feature) are started from and what the
//! console's activity shows.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    IssueOpened,
    IssueUpdated,
    IssueClosed,
    IssueReopened,
    IssueDeleted,
    CommentCreated,
    CommentUpdated,
    CommentDeleted,
    LabelChanged,
    AssigneeChanged,
    StatusChanged,
    PriorityChanged,
    PullRequestOpened,
    PullRequestUpdated,
    PullRequestClosed,
    PullRequestMerged,
    PullRequestReopened,
    MergeRequestOpened,
    MergeRequestUpdated,
    MergeRequestClosed,
    MergeRequestMerged,
    MergeRequestReopened,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        use EventKind::*;
        match self {
            IssueOpened => "issue_opened",
            IssueUpdated => "issue_updated",
            IssueClosed => "issue_closed",
            IssueReopened => "issue_reopened",
            IssueDeleted => "issue_deleted",
            CommentCreated => "comment_created",
            CommentUpdated => "comment_updated",
            CommentDeleted => "comment_deleted",
            LabelChanged => "label_changed",
            AssigneeChanged => "assignee_changed",
            StatusChanged => "status_changed",
            PriorityChanged => "priority_changed",
            PullRequestOpened => "pull_request_opened",
            PullRequestUpdated => "pull_request_updated",
            PullRequestClosed => "pull_request_closed",
            PullRequestMerged => "pull_request_merged",
            PullRequestReopened => "pull_request_reopened",
            MergeRequestOpened => "merge_request_opened",
            MergeRequestUpdated => "merge_request_updated",
            MergeRequestClosed => "merge_request_closed",
            MergeRequestMerged => "merge_request_merged",
            MergeRequestReopened => "merge_request_reopened",
        }
    }
}

/// One normalised event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    /// owner/repo#12, group/project!3, PROJ-7.
    pub issue_key: Option<String>,
    pub actor: Option<String>,
    /// What changed (a label's name, the old and new status), never the
    /// whole payload.
    pub data: Value,
    pub occurred_at: Option<i64>,
}
