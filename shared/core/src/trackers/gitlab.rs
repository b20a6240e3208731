//! GitLab's REST API (v4), on gitlab.com or a self-managed instance:
//! groups and their projects, issues and merge requests with their notes
//! and issue links, group webhooks, and the webhook payloads GitLab sends.
//!
//! A personal, group or project access token is sent as `PRIVATE-TOKEN`.
//! Projects are addressed by their URL-encoded full path
//! (`group%2Fsub%2Fproject`). Issues are keyed `group/project#iid`, merge
//! requests `group/project!iid`: the two are numbered apart, so a bare
//! number always means an issue.

use super::client::{Connection, next_link};
use super::events::{Event, EventKind};
use super::webhooks::Reading;
use super::{
    Identity, IssueKind, IssueLink, IssuePage, IssuePatch, NewIssue, RemoteComment, RemoteIssue,
    RemoteOrganization, RemoteProject, SyncCursor, Tracker, TrackerKind, WebhookRegistration, clip,
    parse_time,
};
use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Headers, percent_encode};
use async_trait::async_trait;
use serde_json::{Value, json};

/// The events Preloop's webhook asks GitLab for, as its settings name them.
pub const WEBHOOK_EVENTS: [&str; 3] = ["issues", "notes", "merge requests"];

/// How long before a listing's answer (GitLab's `Date`) everything is
/// taken as listed: the answer is composed after the query ran, and a
/// change committed meanwhile may not be in it.
const DATE_MARGIN_MS: i64 = 60_000;
/// The most labels, assignees and links kept for one issue.
const MAX_NAMES: usize = 100;

pub struct Gitlab<'a> {
    conn: Connection<'a>,
    page_size: u32,
}

impl<'a> Gitlab<'a> {
    /// `base_url` is the instance's root (`https://gitlab.com`); the API
    /// is under `/api/v4` (a root given with it is taken as it is).
    pub fn new(env: &'a Env, base_url: &str, token: &str, page_size: u32) -> Self {
        let root = base_url.trim_end_matches('/');
        let api = if root.ends_with("/api/v4") {
            root.to_string()
        } else {
            format!("{root}/api/v4")
        };
        let mut headers = Headers::new();
        headers.insert("accept", "application/json");
        headers.insert("private-token", token);
        Gitlab {
            conn: Connection {
                env,
                base_url: api,
                headers,
                name: "GitLab",
            },
            page_size: page_size.clamp(1, 100),
        }
    }

    /// The first page of one listing: stage 0 is issues, stage 1 merge
    /// requests, oldest change first, from `since` if given.
    fn listing(&self, project: &str, stage: u8, since: Option<i64>) -> String {
        let what = if stage == 0 {
            "issues"
        } else {
            "merge_requests"
        };
        let mut url = format!(
            "{}/{what}?scope=all&state=all&order_by=updated_at&sort=asc&per_page={}",
            project_path(project),
            self.page_size
        );
        if let Some(since) = since {
            url.push_str(&format!("&updated_after={}", super::format_time(since)));
        }
        url
    }

    async fn issue_links(&self, project: &str, iid: &str) -> Result<Vec<IssueLink>> {
        let url = format!("{}/issues/{iid}/links", project_path(project));
        let answer = self.conn.call("GET", &url, None).await?;
        Ok(answer
            .body
            .as_array()
            .into_iter()
            .flatten()
            .take(MAX_NAMES)
            .filter_map(|l| link_from(project, l))
            .collect())
    }

    /// GitLab assigns by user id; Preloop names users by username.
    async fn user_ids(&self, usernames: &[String]) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for name in usernames.iter().take(20) {
            let url = format!("/users?username={}", percent_encode(name));
            let answer = self.conn.call("GET", &url, None).await?;
            let id = answer
                .body
                .as_array()
                .and_then(|a| a.first())
                .and_then(|u| u.get("id"))
                .and_then(Value::as_i64)
                .ok_or_else(|| Error::bad_request(format!("GitLab has no user {name}")))?;
            ids.push(id);
        }
        Ok(ids)
    }
}

/// `/projects/group%2Fproject`.
fn project_path(project: &str) -> String {
    format!("/projects/{}", percent_encode(project))
}

/// Which of a project's issues or merge requests `number` names: digits
/// (an issue's iid), or a key (`group/project#12`, `group/project!3`).
/// Only the digits are ever put in a path.
fn target_path(project: &str, number: &str) -> Result<(IssueKind, String)> {
    let bad = || Error::bad_request("a GitLab issue is named by its iid or key (group/project#12)");
    let (kind, iid) = match number.rfind(['#', '!']) {
        Some(at) => {
            let kind = if number[at..].starts_with('!') {
                IssueKind::MergeRequest
            } else {
                IssueKind::Issue
            };
            (kind, &number[at + 1..])
        }
        None => (IssueKind::Issue, number),
    };
    if iid.is_empty() || iid.len() > 12 || !iid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let what = match kind {
        IssueKind::MergeRequest => "merge_requests",
        _ => "issues",
    };
    Ok((kind, format!("{}/{what}/{iid}", project_path(project))))
}

/// An id (a number, or a number as a string).
fn id_of(v: Option<&Value>) -> Option<String> {
    let v = v?;
    v.as_i64()
        .map(|n| n.to_string())
        .or_else(|| v.as_str().map(str::to_string))
}

/// Label names, whether listed as names (the REST API) or as objects
/// (webhooks, `with_labels_details`).
fn label_names(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|l| {
                    l.as_str()
                        .or_else(|| l.get("title").and_then(Value::as_str))
                        .or_else(|| l.get("name").and_then(Value::as_str))
                })
                .map(str::to_string)
                .take(MAX_NAMES)
                .collect()
        })
        .unwrap_or_default()
}

fn usernames(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|u| u.get("username").and_then(Value::as_str))
                .map(str::to_string)
                .take(MAX_NAMES)
                .collect()
        })
        .unwrap_or_default()
}

/// A priority label's value: GitLab's scoped `priority::high`, or the
/// `priority: high` / `priority/high` forms.
fn priority_of(labels: &[String]) -> Option<String> {
    labels.iter().find_map(|l| {
        let lower = l.to_ascii_lowercase();
        lower
            .strip_prefix("priority::")
            .or_else(|| lower.strip_prefix("priority:"))
            .or_else(|| lower.strip_prefix("priority/"))
            .map(|p| p.trim().to_string())
    })
}

/// The external id of a merge request: GitLab numbers issues and merge
/// requests in separate sequences, so the two ids could meet.
fn external_id(kind: IssueKind, id: &str) -> String {
    match kind {
        IssueKind::MergeRequest => format!("mr:{id}"),
        _ => id.to_string(),
    }
}

/// An issue or merge request from the REST API, or a webhook's
/// `object_attributes` (or the `issue` / `merge_request` of a note event).
pub fn issue_from(project: &str, kind: IssueKind, v: &Value) -> Result<RemoteIssue> {
    let id =
        id_of(v.get("id")).ok_or_else(|| Error::upstream("GitLab sent an issue without an id"))?;
    let iid = v.get("iid").and_then(Value::as_i64);
    let state = v.get("state").and_then(Value::as_str).unwrap_or("opened");
    let labels = label_names(v.get("labels"));
    let sign = if kind == IssueKind::MergeRequest {
        '!'
    } else {
        '#'
    };
    Ok(RemoteIssue {
        key: format!(
            "{project}{sign}{}",
            iid.map(|n| n.to_string()).unwrap_or(id.clone())
        ),
        external_id: external_id(kind, &id),
        number: iid,
        kind,
        title: clip(
            v.get("title").and_then(Value::as_str).unwrap_or(""),
            super::MAX_TITLE_CHARS,
        ),
        body: clip(
            v.get("description").and_then(Value::as_str).unwrap_or(""),
            super::MAX_BODY_CHARS,
        ),
        state: if state == "opened" { "open" } else { "closed" }.to_string(),
        status: (state == "merged" || state == "locked").then(|| state.to_string()),
        priority: priority_of(&labels),
        labels,
        assignees: usernames(v.get("assignees")),
        author: v
            .pointer("/author/username")
            .and_then(Value::as_str)
            .map(str::to_string),
        url: v
            .get("web_url")
            .or_else(|| v.get("url"))
            .and_then(Value::as_str)
            .map(str::to_string),
        links: Vec::new(),
        created_at: v.get("created_at").and_then(parse_time),
        updated_at: v
            .get("updated_at")
            .and_then(parse_time)
            .ok_or_else(|| Error::upstream("GitLab sent an issue without updated_at"))?,
    })
}

/// A note from the notes API, or a note event's `object_attributes` (whose
/// author is the event's user).
pub fn comment_from(v: &Value, author: Option<&str>) -> Result<RemoteComment> {
    let id =
        id_of(v.get("id")).ok_or_else(|| Error::upstream("GitLab sent a note without an id"))?;
    Ok(RemoteComment {
        external_id: id,
        author: v
            .pointer("/author/username")
            .and_then(Value::as_str)
            .or(author)
            .map(str::to_string),
        body: clip(
            v.get("body")
                .or_else(|| v.get("note"))
                .and_then(Value::as_str)
                .unwrap_or(""),
            super::MAX_BODY_CHARS,
        ),
        created_at: v.get("created_at").and_then(parse_time),
        updated_at: v
            .get("updated_at")
            .and_then(parse_time)
            .or_else(|| v.get("created_at").and_then(parse_time))
            .unwrap_or(0),
    })
}

/// A linked issue of the issue links API: its key from GitLab's own
/// reference, else from its web address, else taken as this project's.
fn link_from(project: &str, v: &Value) -> Option<IssueLink> {
    let iid = v.get("iid").and_then(Value::as_i64)?;
    let kind = match v.get("link_type").and_then(Value::as_str).unwrap_or("") {
        "blocks" => "blocks",
        "is_blocked_by" => "is_blocked_by",
        _ => "relates_to",
    };
    let key = v
        .pointer("/references/full")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            let url = v.get("web_url").and_then(Value::as_str)?;
            let (_, rest) = url.split_once("://")?;
            let (_, path) = rest.split_once('/')?;
            let path = path.strip_suffix(&format!("/issues/{iid}"))?;
            let path = path.strip_suffix("/-").unwrap_or(path);
            (!path.is_empty()).then(|| format!("{path}#{iid}"))
        })
        .unwrap_or_else(|| format!("{project}#{iid}"));
    Some(IssueLink {
        kind: kind.to_string(),
        key: clip(&key, 400),
    })
}

fn organization_from(v: &Value) -> Option<RemoteOrganization> {
    let path = v.get("full_path").and_then(Value::as_str)?;
    Some(RemoteOrganization {
        external_id: path.to_string(),
        name: v
            .get("full_name")
            .or_else(|| v.get("name"))
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or(path)
            .to_string(),
        url: v.get("web_url").and_then(Value::as_str).map(str::to_string),
    })
}

fn project_from(v: &Value) -> Option<RemoteProject> {
    let path = v.get("path_with_namespace").and_then(Value::as_str)?;
    Some(RemoteProject {
        external_id: path.to_string(),
        name: v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(path)
            .to_string(),
        url: v.get("web_url").and_then(Value::as_str).map(str::to_string),
    })
}

/// Up to when a finished listing is known complete: its newest change,
/// or (when the answer is dated) a little before GitLab composed it,
/// whichever is later; with neither, where it started.
fn known_up_to(since: i64, newest: i64, headers: &Headers) -> i64 {
    let dated = headers
        .get("date")
        .and_then(|d| chrono::DateTime::parse_from_rfc2822(d.trim()).ok())
        .map(|d| d.timestamp_millis() - DATE_MARGIN_MS);
    since.max(newest).max(dated.unwrap_or(i64::MIN))
}

/// The next page of a GitLab listing: its `Link` header, else the page
/// `X-Next-Page` names (instances behind proxies that drop `Link`).
fn next_page(url: &str, headers: &Headers) -> Option<String> {
    if let Some(next) = next_link(headers) {
        return Some(next);
    }
    let page = headers.get("x-next-page")?.trim();
    if page.is_empty() || page.len() > 9 || !page.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .collect();
    let page_param = format!("page={page}");
    params.push(&page_param);
    Some(format!("{path}?{}", params.join("&")))
}

#[async_trait(?Send)]
impl Tracker for Gitlab<'_> {
    fn kind(&self) -> TrackerKind {
        TrackerKind::Gitlab
    }

    async fn check(&self) -> Result<Identity> {
        let me = self.conn.call("GET", "/user", None).await?;
        Ok(Identity {
            login: me
                .body
                .get("username")
                .and_then(Value::as_str)
                .map(str::to_string),
            scopes: None,
            rate_remaining: me
                .headers
                .get("ratelimit-remaining")
                .and_then(|r| r.trim().parse().ok()),
        })
    }

    async fn organizations(&self) -> Result<Vec<RemoteOrganization>> {
        let mut next = Some("/groups?min_access_level=10&per_page=100".to_string());
        let mut out = Vec::new();
        while let Some(url) = next.take() {
            let answer = self.conn.call("GET", &url, None).await?;
            out.extend(
                answer
                    .body
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(organization_from),
            );
            if out.len() < 1_000 {
                next = next_page(&url, &answer.headers);
            }
        }
        Ok(out)
    }

    async fn organization(&self, external_id: &str) -> Result<RemoteOrganization> {
        let escaped = percent_encode(external_id);
        // A user's own projects are in a user namespace, not a group.
        let answer = self
            .conn
            .get_or(
                &format!("/groups/{escaped}"),
                &format!("/namespaces/{escaped}"),
            )
            .await?;
        organization_from(&answer.body)
            .ok_or_else(|| Error::upstream("GitLab sent a group without a path"))
    }

    async fn projects(&self, organization: &str) -> Result<Vec<RemoteProject>> {
        let escaped = percent_encode(organization);
        let mut next = Some(format!(
            "/groups/{escaped}/projects?include_subgroups=true&archived=false&per_page=100"
        ));
        let mut out = Vec::new();
        let mut first = true;
        while let Some(url) = next.take() {
            let (url, answer) = match self.conn.call("GET", &url, None).await {
                Err(e) if first && e.kind == ErrorKind::NotFound => {
                    let user = format!("/users/{escaped}/projects?per_page=100");
                    let answer = self.conn.call("GET", &user, None).await?;
                    (user, answer)
                }
                other => (url, other?),
            };
            first = false;
            out.extend(
                answer
                    .body
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(project_from),
            );
            if out.len() < 1_000 {
                next = next_page(&url, &answer.headers);
            }
        }
        Ok(out)
    }

    async fn project(&self, external_id: &str) -> Result<RemoteProject> {
        let answer = self
            .conn
            .call("GET", &project_path(external_id), None)
            .await?;
        project_from(&answer.body)
            .ok_or_else(|| Error::upstream("GitLab sent a project without a path"))
    }

    async fn issues_page(&self, project: &str, cursor: &SyncCursor) -> Result<IssuePage> {
        // Two listings, issues then merge requests, in the backfill and in
        // every incremental pass. A pass's next `since` is the lower of
        // the two listings' known-complete points, so a change made in
        // one while the other was read is read again, never skipped.
        let (url, stage, since, floor) = match cursor {
            SyncCursor::Start => (self.listing(project, 0, None), 0, None, None),
            SyncCursor::Backfill {
                stage,
                next,
                high_water,
            } => (
                next.clone()
                    .unwrap_or_else(|| self.listing(project, *stage, None)),
                *stage,
                None,
                (*stage > 0).then_some(*high_water),
            ),
            SyncCursor::Incremental {
                since,
                next,
                stage,
                reached,
            } => (
                next.clone()
                    .unwrap_or_else(|| self.listing(project, *stage, Some(*since))),
                *stage,
                Some(*since),
                *reached,
            ),
        };
        let kind = if stage == 0 {
            IssueKind::Issue
        } else {
            IssueKind::MergeRequest
        };
        let answer = self.conn.call("GET", &url, None).await?;
        let issues = answer
            .body
            .as_array()
            .ok_or_else(|| Error::upstream("GitLab sent a page that is not a list"))?
            .iter()
            .map(|v| issue_from(project, kind, v))
            .collect::<Result<Vec<_>>>()?;
        let newest = issues.iter().map(|i| i.updated_at).max().unwrap_or(0);
        let next = next_page(&url, &answer.headers);
        let start = since.unwrap_or(0);
        let (cursor, done) = match (since, next) {
            (Some(since), Some(next)) => (
                SyncCursor::Incremental {
                    since,
                    next: Some(next),
                    stage,
                    reached: floor,
                },
                false,
            ),
            (None, Some(next)) => (
                SyncCursor::Backfill {
                    stage,
                    next: Some(next),
                    high_water: floor.unwrap_or(0),
                },
                false,
            ),
            (since, None) => {
                let known = known_up_to(start, newest, &answer.headers);
                match (since, stage) {
                    (None, 0) => (
                        SyncCursor::Backfill {
                            stage: 1,
                            next: None,
                            high_water: known,
                        },
                        false,
                    ),
                    (Some(since), 0) => (
                        SyncCursor::Incremental {
                            since,
                            next: None,
                            stage: 1,
                            reached: Some(known),
                        },
                        false,
                    ),
                    (since, _) => {
                        let low = floor.map_or(known, |f| f.min(known));
                        (
                            SyncCursor::Incremental {
                                since: since.map_or(low, |s| s.max(low)),
                                next: None,
                                stage: 0,
                                reached: None,
                            },
                            true,
                        )
                    }
                }
            }
        };
        Ok(IssuePage {
            issues,
            cursor,
            done,
        })
    }

    async fn issue(&self, project: &str, number: &str) -> Result<RemoteIssue> {
        let (kind, path) = target_path(project, number)?;
        let answer = self.conn.call("GET", &path, None).await?;
        let mut issue = issue_from(project, kind, &answer.body)?;
        // Links are read for one issue at a time (a request each), never
        // for a listing's pages.
        if kind == IssueKind::Issue
            && let Some(iid) = issue.number
        {
            issue.links = self.issue_links(project, &iid.to_string()).await?;
        }
        Ok(issue)
    }

    async fn comments(&self, project: &str, number: &str) -> Result<Vec<RemoteComment>> {
        let (_, path) = target_path(project, number)?;
        let url = format!("{path}/notes?sort=asc&order_by=created_at&per_page=100");
        let answer = self.conn.call("GET", &url, None).await?;
        // System notes ("changed the label", "closed") are GitLab's record
        // of changes, not anyone's comment.
        answer
            .body
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n.get("system").and_then(Value::as_bool) != Some(true))
            .map(|n| comment_from(n, None))
            .collect()
    }

    async fn create_issue(&self, project: &str, new: &NewIssue) -> Result<RemoteIssue> {
        let mut body = json!({"title": new.title});
        if let Some(b) = &new.body {
            body["description"] = json!(b);
        }
        let mut labels = new.labels.clone();
        if let Some(p) = &new.priority {
            labels.push(format!("priority::{p}"));
        }
        if !labels.is_empty() {
            body["labels"] = json!(labels.join(","));
        }
        if !new.assignees.is_empty() {
            body["assignee_ids"] = json!(self.user_ids(&new.assignees).await?);
        }
        let url = format!("{}/issues", project_path(project));
        let answer = self.conn.call("POST", &url, Some(&body)).await?;
        issue_from(project, IssueKind::Issue, &answer.body)
    }

    async fn update_issue(
        &self,
        project: &str,
        number: &str,
        patch: &IssuePatch,
    ) -> Result<RemoteIssue> {
        let (kind, path) = target_path(project, number)?;
        let mut body = json!({});
        if let Some(t) = &patch.title {
            body["title"] = json!(t);
        }
        if let Some(b) = &patch.body {
            body["description"] = json!(b);
        }
        if let Some(s) = &patch.state {
            body["state_event"] = match s.to_ascii_lowercase().as_str() {
                "open" | "opened" | "reopen" => json!("reopen"),
                "closed" | "close" => json!("close"),
                _ => {
                    return Err(Error::bad_request(
                        "a GitLab issue's state is open or closed",
                    ));
                }
            };
        }
        let mut labels = patch.labels.clone();
        if let Some(p) = &patch.priority {
            let list = labels.get_or_insert_with(Vec::new);
            list.retain(|l| priority_of(std::slice::from_ref(l)).is_none());
            list.push(format!("priority::{p}"));
        }
        if let Some(l) = &labels {
            if patch.labels.is_some() {
                body["labels"] = json!(l.join(","));
            } else {
                // Only a priority was given: the other labels stay.
                body["add_labels"] = json!(l.join(","));
            }
        }
        if let Some(a) = &patch.assignees {
            body["assignee_ids"] = json!(self.user_ids(a).await?);
        }
        let answer = self.conn.call("PUT", &path, Some(&body)).await?;
        let mut issue = issue_from(project, kind, &answer.body)?;
        // One issue is changed at a time, so its links are read with it
        // (the answer stored replaces the issue, links and all).
        if kind == IssueKind::Issue
            && let Some(iid) = issue.number
        {
            issue.links = self.issue_links(project, &iid.to_string()).await?;
        }
        Ok(issue)
    }

    async fn add_comment(&self, project: &str, number: &str, body: &str) -> Result<RemoteComment> {
        let (_, path) = target_path(project, number)?;
        let answer = self
            .conn
            .call(
                "POST",
                &format!("{path}/notes"),
                Some(&json!({"body": body})),
            )
            .await?;
        comment_from(&answer.body, None)
    }

    async fn register_webhook(
        &self,
        organization: &str,
        url: &str,
        secret: &str,
    ) -> Result<WebhookRegistration> {
        let body = json!({
            "url": url,
            "token": secret,
            "issues_events": true,
            "note_events": true,
            "confidential_issues_events": true,
            "confidential_note_events": true,
            "merge_requests_events": true,
            "push_events": false,
            "enable_ssl_verification": true,
        });
        let path = format!("/groups/{}/hooks", percent_encode(organization));
        match self.conn.call("POST", &path, Some(&body)).await {
            Ok(answer) => Ok(WebhookRegistration::Registered {
                external_id: id_of(answer.body.get("id")).unwrap_or_default(),
            }),
            // Group webhooks need GitLab Premium and the group's Owner
            // role; without them GitLab answers 403 or 404.
            Err(e)
                if matches!(
                    e.kind,
                    ErrorKind::NotFound | ErrorKind::Upstream | ErrorKind::BadRequest
                ) =>
            {
                Ok(WebhookRegistration::Manual {
                    message: format!(
                        "GitLab did not let these credentials add a group webhook to {organization} ({}); \
                         group webhooks need GitLab Premium and the Owner role. Add one by hand, on the \
                         group or on each project (Settings → Webhooks), with URL {url}, as secret token \
                         the webhook secret set on this tracker (webhook_secret), and the triggers: {}.",
                        e.message,
                        WEBHOOK_EVENTS.join(", ")
                    ),
                })
            }
            Err(e) => Err(e),
        }
    }
}

/// Reads a verified GitLab delivery. The payload's `object_kind` says what
/// it is (`X-Gitlab-Event` says the same in words).
pub fn read_webhook(_event: &str, p: &Value) -> Result<Reading> {
    let Some(project) = p
        .pointer("/project/path_with_namespace")
        .and_then(Value::as_str)
    else {
        return Ok(Reading::default());
    };
    let mut reading = Reading {
        project: Some(project.to_string()),
        ..Reading::default()
    };
    let actor = p
        .pointer("/user/username")
        .and_then(Value::as_str)
        .map(str::to_string);
    let kind = p.get("object_kind").and_then(Value::as_str).unwrap_or("");
    let attributes = p.get("object_attributes").unwrap_or(&Value::Null);
    let action = attributes
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("");
    use EventKind::*;
    match kind {
        "issue" | "merge_request" => {
            let is_mr = kind == "merge_request";
            let issue_kind = if is_mr {
                IssueKind::MergeRequest
            } else {
                IssueKind::Issue
            };
            let mut issue = issue_from(project, issue_kind, attributes)?;
            // A webhook's attributes name no assignee or author by name:
            // the payload's `assignees` do, and whoever opened it wrote it.
            issue.assignees = usernames(p.get("assignees"));
            if action == "open" {
                issue.author = actor.clone();
            }
            let mut events = Vec::new();
            let main = match (is_mr, action) {
                (false, "open") => Some((IssueOpened, json!({"title": issue.title}))),
                (false, "close") => Some((IssueClosed, json!({}))),
                (false, "reopen") => Some((IssueReopened, json!({}))),
                (false, "update") => Some((IssueUpdated, json!({"changed": changed_fields(p)}))),
                (true, "open") => Some((MergeRequestOpened, json!({"title": issue.title}))),
                (true, "merge") => Some((MergeRequestMerged, json!({}))),
                (true, "close") => Some((MergeRequestClosed, json!({}))),
                (true, "reopen") => Some((MergeRequestReopened, json!({}))),
                (true, _) if !action.is_empty() => {
                    Some((MergeRequestUpdated, json!({"action": action})))
                }
                _ => None,
            };
            events.extend(main);
            if let Some(change) = p.pointer("/changes/labels") {
                let before = label_names(change.get("previous"));
                let after = label_names(change.get("current"));
                let added: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
                let removed: Vec<&String> = before.iter().filter(|l| !after.contains(l)).collect();
                if !added.is_empty() || !removed.is_empty() {
                    events.push((LabelChanged, json!({"added": added, "removed": removed})));
                }
                if priority_of(&before) != priority_of(&after) {
                    events.push((PriorityChanged, json!({"priority": issue.priority})));
                }
            }
            if let Some(change) = p.pointer("/changes/assignees") {
                events.push((
                    AssigneeChanged,
                    json!({
                        "previous": usernames(change.get("previous")),
                        "current": usernames(change.get("current")),
                    }),
                ));
            }
            for (kind, data) in events {
                reading.events.push(Event {
                    kind,
                    issue_key: Some(issue.key.clone()),
                    actor: actor.clone(),
                    data,
                    occurred_at: Some(issue.updated_at),
                });
            }
            reading.issue = Some(issue);
        }
        "note" => {
            let noteable = attributes
                .get("noteable_type")
                .and_then(Value::as_str)
                .unwrap_or("");
            let (issue_kind, subject) = match noteable {
                "Issue" => (IssueKind::Issue, p.get("issue")),
                "MergeRequest" => (IssueKind::MergeRequest, p.get("merge_request")),
                // Notes on commits and snippets are not on an issue.
                _ => (IssueKind::Issue, None),
            };
            let Some(subject) = subject else {
                return Ok(reading);
            };
            // The issue a note event carries is a partial one (no
            // assignees, no author): only its key and id are taken.
            let issue = issue_from(project, issue_kind, subject)?;
            let comment = comment_from(attributes, actor.as_deref())?;
            let kind = if action == "update" {
                CommentUpdated
            } else {
                CommentCreated
            };
            reading.events.push(Event {
                kind,
                issue_key: Some(issue.key.clone()),
                actor: actor.clone(),
                data: json!({"comment_id": comment.external_id, "author": comment.author}),
                occurred_at: Some(comment.updated_at),
            });
            reading.comment = Some((issue.external_id, comment));
        }
        _ => {}
    }
    Ok(reading)
}

/// The fields an `update` changed (GitLab's `changes`), bookkeeping left
/// out.
fn changed_fields(p: &Value) -> Vec<String> {
    p.get("changes")
        .and_then(Value::as_object)
        .map(|o| {
            o.keys()
                .filter(|k| !matches!(k.as_str(), "updated_at" | "updated_by_id"))
                .take(20)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/../../tests/fixtures/gitlab/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_documented_issue_listing_reads() {
        let page = fixture("issues_list.json");
        let i = issue_from("my-group/my-project", IssueKind::Issue, &page[0]).unwrap();
        assert_eq!(i.key, "my-group/my-project#1");
        assert_eq!(i.external_id, "41");
        assert_eq!(i.number, Some(1));
        assert_eq!(i.state, "closed");
        assert_eq!(i.labels, vec!["foo", "bar"]);
        assert_eq!(i.assignees, vec!["lennie"]);
        assert_eq!(i.author.as_deref(), Some("root"));
        assert_eq!(i.body, "Omnis vero earum sunt corporis dolor et placeat.");
        assert_eq!(
            i.updated_at,
            parse_time(&json!("2016-01-04T15:31:46.176Z")).unwrap()
        );
        let created = fixture("issue_new.json");
        let c = issue_from("my-group/my-project", IssueKind::Issue, &created).unwrap();
        assert_eq!(
            (c.key.as_str(), c.state.as_str()),
            ("my-group/my-project#14", "open")
        );
        assert_eq!(c.body, "");
    }

    #[test]
    fn documented_notes_and_links_read() {
        let notes = fixture("notes_list.json");
        let all: Vec<RemoteComment> = notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| comment_from(n, None).unwrap())
            .collect();
        assert_eq!(all[1].body, "Text of the comment\r\n");
        assert_eq!(all[0].author.as_deref(), Some("pipin"));
        let links = fixture("issue_links.json");
        let l = link_from("my-group/my-project", &links[0]).unwrap();
        assert_eq!(l.kind, "relates_to");
        assert_eq!(l.key, "example/example#14");
        let mut blocking = links[0].clone();
        blocking["link_type"] = json!("is_blocked_by");
        blocking["references"] = json!({"full": "g/p#3"});
        let l = link_from("x/y", &blocking).unwrap();
        assert_eq!(
            (l.kind.as_str(), l.key.as_str()),
            ("is_blocked_by", "g/p#3")
        );
    }

    #[test]
    fn the_documented_issue_event_reads() {
        let p = fixture("webhook_issue.json");
        let r = read_webhook("Issue Hook", &p).unwrap();
        assert_eq!(r.project.as_deref(), Some("gitlabhq/gitlab-test"));
        let issue = r.issue.unwrap();
        assert_eq!(issue.key, "gitlabhq/gitlab-test#23");
        assert_eq!(issue.external_id, "301");
        assert_eq!(issue.labels, vec!["API"]);
        assert_eq!(issue.assignees, vec!["user1"]);
        assert_eq!(issue.author.as_deref(), Some("root"));
        let kinds: Vec<EventKind> = r.events.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec![EventKind::IssueOpened, EventKind::LabelChanged]);
        assert_eq!(
            r.events[1].data,
            json!({"added": ["Platform"], "removed": ["API"]})
        );
    }

    #[test]
    fn documented_note_and_merge_request_events_read() {
        let note = fixture("webhook_note_issue.json");
        let r = read_webhook("Note Hook", &note).unwrap();
        assert_eq!(r.events[0].kind, EventKind::CommentCreated);
        assert_eq!(
            r.events[0].issue_key.as_deref(),
            Some("gitlab-org/gitlab-test#17")
        );
        let (issue, comment) = r.comment.unwrap();
        assert_eq!(issue, "92");
        assert_eq!(comment.body, "Hello world");
        assert_eq!(comment.author.as_deref(), Some("root"));
        assert_eq!(
            comment.updated_at,
            parse_time(&json!("2015-05-17T17:06:40Z")).unwrap()
        );
        assert!(r.issue.is_none());

        let mr = fixture("webhook_merge_request.json");
        let r = read_webhook("Merge Request Hook", &mr).unwrap();
        let i = r.issue.unwrap();
        assert_eq!(i.kind, IssueKind::MergeRequest);
        assert_eq!(i.key, "gitlabhq/gitlab-test!1");
        assert_eq!(i.external_id, "mr:99");
        assert_eq!(r.events[0].kind, EventKind::MergeRequestOpened);
        let mut merged = mr.clone();
        merged["object_attributes"]["action"] = json!("merge");
        merged["object_attributes"]["state"] = json!("merged");
        let r = read_webhook("Merge Request Hook", &merged).unwrap();
        assert_eq!(r.events[0].kind, EventKind::MergeRequestMerged);
        assert_eq!(r.issue.unwrap().status.as_deref(), Some("merged"));
        // Other kinds (a push) read as nothing.
        let push = json!({"object_kind": "push", "project": {"path_with_namespace": "a/b"}});
        assert!(read_webhook("Push Hook", &push).unwrap().events.is_empty());
    }

    #[test]
    fn numbers_and_keys_are_path_checked() {
        let p = "g/sub/p";
        assert_eq!(
            target_path(p, "12").unwrap(),
            (
                IssueKind::Issue,
                "/projects/g%2Fsub%2Fp/issues/12".to_string()
            )
        );
        assert_eq!(
            target_path(p, "g/sub/p!3").unwrap(),
            (
                IssueKind::MergeRequest,
                "/projects/g%2Fsub%2Fp/merge_requests/3".to_string()
            )
        );
        assert_eq!(target_path(p, "g/sub/p#7").unwrap().0, IssueKind::Issue);
        for bad in [
            "",
            "1/../../x",
            "12a",
            "9999999999999",
            "#",
            "p!1/2",
            "x#1?y=2",
        ] {
            assert!(target_path(p, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_follow_link_then_x_next_page() {
        let mut h = Headers::new();
        h.insert("x-next-page", "3");
        assert_eq!(
            next_page("/projects/1/issues?per_page=2&page=2", &h).as_deref(),
            Some("/projects/1/issues?per_page=2&page=3")
        );
        h.insert(
            "link",
            "<https://gitlab.example.com/api/v4/x?page=9>; rel=\"next\"",
        );
        assert_eq!(
            next_page("/x", &h).as_deref(),
            Some("https://gitlab.example.com/api/v4/x?page=9")
        );
        let mut last = Headers::new();
        last.insert("x-next-page", "");
        assert_eq!(next_page("/x", &last), None);
        let mut hostile = Headers::new();
        hostile.insert("x-next-page", "2&private_token=x");
        assert_eq!(next_page("/x", &hostile), None);
    }

    #[test]
    fn a_pass_resumes_from_the_lower_of_its_listings() {
        let mut h = Headers::new();
        h.insert("date", "Wed, 21 Oct 2015 07:28:00 GMT");
        let date = parse_time(&json!("2015-10-21T07:28:00Z")).unwrap();
        assert_eq!(known_up_to(0, 5, &h), date - DATE_MARGIN_MS);
        assert_eq!(known_up_to(7, 5, &Headers::new()), 7);
        assert_eq!(known_up_to(0, i64::MAX, &h), i64::MAX);
    }
}
