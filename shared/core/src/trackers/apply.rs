//! Writing what a tracker said into the store: an issue or comment from a
//! sync page, an API answer or a webhook delivery, and a delivery's
//! normalised events.

use super::webhooks::{self, Reading};
use super::{RemoteComment, RemoteIssue, TrackerKind};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::issues::{self, Home};
use crate::store::tracker_inbox::{self, Delivery};
use crate::store::trackers::{self, Project, Tracker};

/// Stores an issue unless what is stored is newer; whether it was written.
pub async fn issue(env: &Env, project: &Project, issue: &RemoteIssue) -> Result<bool> {
    issues::upsert(
        env.sql(),
        Home {
            account_id: &project.account_id,
            tracker_id: &project.tracker_id,
            project_id: &project.id,
        },
        &env.new_id(),
        issue,
        env.now_ms(),
    )
    .await
}

/// Stores a comment of the issue with the tracker's id `issue_external`,
/// if that issue is known.
pub async fn comment(
    env: &Env,
    tracker_id: &str,
    issue_external: &str,
    c: &RemoteComment,
) -> Result<bool> {
    let Some(stored) = issues::by_external(env.sql(), tracker_id, issue_external).await? else {
        return Ok(false);
    };
    issues::upsert_comment(
        env.sql(),
        &stored.account_id,
        &stored.id,
        &env.new_id(),
        c,
        env.now_ms(),
    )
    .await
}

/// What working a delivery came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Worked {
    pub events: usize,
    pub indexed: bool,
}

/// Works one claimed delivery: its events are recorded first, in one
/// batch, so flows hear of them even if indexing the issue then fails.
pub async fn delivery(env: &Env, d: &Delivery) -> Result<Worked> {
    let tracker = trackers::by_id(env.sql(), &d.tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("the delivery's tracker is gone"))?;
    let payload: serde_json::Value = serde_json::from_str(&d.payload)
        .map_err(|_| Error::bad_request("the delivery is not JSON"))?;
    let reading = webhooks::read(tracker.kind, &d.event, &payload)?;
    let project = match &reading.project {
        Some(p) => trackers::project_by_external(env.sql(), &tracker.id, p).await?,
        None => None,
    };
    // What is outside the sync starts nothing: its events are not kept.
    let in_scope = project.as_ref().is_some_and(|p| p.in_scope);
    if in_scope && !reading.events.is_empty() {
        let ids: Vec<String> = reading.events.iter().map(|_| env.new_id()).collect();
        let statements = tracker_inbox::event_statements(
            &ids,
            &tracker.account_id,
            &tracker.id,
            project.as_ref().map(|p| p.id.as_str()),
            &d.id,
            &reading.events,
            env.now_ms(),
        )?;
        env.sql().batch(&statements).await?;
    }
    let indexed = index(env, &tracker, project.as_ref(), &reading).await?;
    if let Some(p) = &reading.project {
        trackers::heard_webhook(env.sql(), &d.organization_id, Some(p), env.now_ms()).await?;
    }
    Ok(Worked {
        events: reading.events.len(),
        indexed,
    })
}

/// Brings the issue and comment a delivery carries into the store. A
/// project out of scope (or not yet listed) is not indexed.
async fn index(
    env: &Env,
    tracker: &Tracker,
    project: Option<&Project>,
    reading: &Reading,
) -> Result<bool> {
    let Some(project) = project.filter(|p| p.in_scope) else {
        return Ok(false);
    };
    if let Some(gone) = &reading.deleted_issue {
        issues::delete_by_external(env.sql(), &tracker.id, gone).await?;
        return Ok(true);
    }
    let mut written = false;
    if let Some(i) = &reading.issue {
        written |= issue(env, project, i).await?;
    }
    if let Some((issue_external, c)) = &reading.comment {
        written |= comment(env, &tracker.id, issue_external, c).await?;
    }
    Ok(written)
}

/// The kind a webhook path names (`/private/webhooks/{kind}/…`).
pub fn kind_of_path(segment: &str) -> Result<TrackerKind> {
    TrackerKind::parse(segment).map_err(|_| Error::not_found("no such webhook"))
}
