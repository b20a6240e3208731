//! GitHub's REST API (v3): repositories' issues and pull requests, their
//! comments, organization webhooks, and the webhook payloads GitHub sends.
//!
//! A personal access token (classic or fine-grained) or an app
//! installation's token is sent as `Authorization: token …`. Listing
//! follows GitHub's `Link` headers as given.

use super::client::{Connection, next_link};
use super::events::{Event, EventKind};
use super::webhooks::Reading;
use super::{
    Identity, IssueKind, IssuePage, IssuePatch, NewIssue, RemoteComment, RemoteIssue,
    RemoteOrganization, RemoteProject, SyncCursor, Tracker, TrackerKind, WebhookRegistration, clip,
    cursor_after_page, parse_time,
};
use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Headers, percent_encode};
use async_trait::async_trait;
use serde_json::{Value, json};

/// The events Preloop's webhook asks GitHub for.
pub const WEBHOOK_EVENTS: [&str; 5] = [
    "issues",
    "issue_comment",
    "pull_request",
    "pull_request_review_comment",
    "label",
];

pub struct Github<'a> {
    conn: Connection<'a>,
    page_size: u32,
}

impl<'a> Github<'a> {
    pub fn new(env: &'a Env, base_url: &str, token: &str, page_size: u32) -> Self {
        let mut headers = Headers::new();
        headers.insert("accept", "application/vnd.github.v3+json");
        headers.insert("authorization", format!("token {token}"));
        Github {
            conn: Connection {
                env,
                base_url: base_url.trim_end_matches('/').to_string(),
                headers,
                name: "GitHub",
            },
            page_size: page_size.clamp(1, 100),
        }
    }

    /// The first page of each backfill stage: open issues (GitHub's
    /// default listing), then closed ones.
    fn backfill_start(&self, project: &str, stage: u8) -> String {
        let path = repo_path(project);
        match stage {
            0 => format!("{path}/issues?per_page={}", self.page_size),
            _ => format!("{path}/issues?state=closed&per_page={}", self.page_size),
        }
    }
}

/// `/repos/owner/repo`, each part escaped.
fn repo_path(project: &str) -> String {
    let (owner, repo) = project.split_once('/').unwrap_or((project, ""));
    format!("/repos/{}/{}", percent_encode(owner), percent_encode(repo))
}

/// GitHub numbers issues and pull requests in one sequence; a number is
/// all digits.
fn number_path(project: &str, number: &str) -> Result<String> {
    if number.is_empty() || number.len() > 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::bad_request("a GitHub issue number is digits"));
    }
    Ok(format!("{}/issues/{number}", repo_path(project)))
}

/// An issue or pull request from the issues API, a pull request from the
/// pulls API, or either from a webhook payload.
pub fn issue_from(project: &str, v: &Value) -> Result<RemoteIssue> {
    let number = v.get("number").and_then(Value::as_i64);
    let id = v
        .get("id")
        .and_then(|i| {
            i.as_i64()
                .map(|n| n.to_string())
                .or(i.as_str().map(str::to_string))
        })
        .ok_or_else(|| Error::upstream("GitHub sent an issue without an id"))?;
    let is_pull =
        v.get("pull_request").is_some() || v.get("merged").is_some() || v.get("head").is_some();
    let merged = v.get("merged").and_then(Value::as_bool).unwrap_or(false)
        || v.pointer("/pull_request/merged_at")
            .is_some_and(|m| !m.is_null());
    let state = v.get("state").and_then(Value::as_str).unwrap_or("open");
    let names = |field: &str, key: &str| -> Vec<String> {
        v.get(field)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get(key).and_then(Value::as_str))
                    .map(str::to_string)
                    .take(100)
                    .collect()
            })
            .unwrap_or_default()
    };
    let labels = names("labels", "name");
    let priority = labels.iter().find_map(|l| {
        let lower = l.to_ascii_lowercase();
        lower
            .strip_prefix("priority:")
            .or_else(|| lower.strip_prefix("priority/"))
            .or_else(|| lower.strip_prefix("p-"))
            .map(|p| p.trim().to_string())
    });
    let key = match number {
        Some(n) => format!("{project}#{n}"),
        None => format!("{project}#{id}"),
    };
    Ok(RemoteIssue {
        // The issues API and the pulls API give a pull request different
        // ids; its number is the same in both.
        external_id: key.clone(),
        key,
        number,
        kind: if is_pull {
            IssueKind::PullRequest
        } else {
            IssueKind::Issue
        },
        title: clip(
            v.get("title").and_then(Value::as_str).unwrap_or(""),
            super::MAX_TITLE_CHARS,
        ),
        body: clip(
            v.get("body").and_then(Value::as_str).unwrap_or(""),
            super::MAX_BODY_CHARS,
        ),
        state: if state == "closed" { "closed" } else { "open" }.to_string(),
        status: if merged {
            Some("merged".to_string())
        } else {
            v.get("state_reason")
                .and_then(Value::as_str)
                .map(str::to_string)
        },
        priority,
        labels,
        assignees: names("assignees", "login"),
        author: v
            .pointer("/user/login")
            .and_then(Value::as_str)
            .map(str::to_string),
        url: v
            .get("html_url")
            .and_then(Value::as_str)
            .map(str::to_string),
        links: Vec::new(),
        created_at: v.get("created_at").and_then(parse_time),
        updated_at: v
            .get("updated_at")
            .and_then(parse_time)
            .ok_or_else(|| Error::upstream("GitHub sent an issue without updated_at"))?,
    })
}

pub fn comment_from(v: &Value) -> Result<RemoteComment> {
    let id = v
        .get("id")
        .and_then(Value::as_i64)
        .ok_or_else(|| Error::upstream("GitHub sent a comment without an id"))?;
    Ok(RemoteComment {
        external_id: id.to_string(),
        author: v
            .pointer("/user/login")
            .and_then(Value::as_str)
            .map(str::to_string),
        body: clip(
            v.get("body").and_then(Value::as_str).unwrap_or(""),
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

fn organization_from(v: &Value) -> Option<RemoteOrganization> {
    let login = v.get("login").and_then(Value::as_str)?;
    Some(RemoteOrganization {
        external_id: login.to_string(),
        name: v
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or(login)
            .to_string(),
        url: v
            .get("html_url")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

fn project_from(v: &Value) -> Option<RemoteProject> {
    let full = v.get("full_name").and_then(Value::as_str)?;
    Some(RemoteProject {
        external_id: full.to_string(),
        name: v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(full)
            .to_string(),
        url: v
            .get("html_url")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

#[async_trait(?Send)]
impl Tracker for Github<'_> {
    fn kind(&self) -> TrackerKind {
        TrackerKind::Github
    }

    async fn check(&self) -> Result<Identity> {
        // The API's root answers any valid token (and refuses a bad one),
        // with the token's scopes and the rate limit in its headers.
        let root = self.conn.call("GET", "/", None).await?;
        let scopes = root.headers.get("x-oauth-scopes").map(|s| {
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        });
        Ok(Identity {
            login: None,
            scopes,
            rate_remaining: root
                .headers
                .get("x-ratelimit-remaining")
                .and_then(|r| r.trim().parse().ok()),
        })
    }

    async fn organizations(&self) -> Result<Vec<RemoteOrganization>> {
        let answer = self
            .conn
            .call("GET", "/user/orgs?per_page=100", None)
            .await?;
        Ok(answer
            .body
            .as_array()
            .map(|a| a.iter().filter_map(organization_from).collect())
            .unwrap_or_default())
    }

    async fn organization(&self, external_id: &str) -> Result<RemoteOrganization> {
        let escaped = percent_encode(external_id);
        // A user's own repositories have a user, not an organization.
        let answer = self
            .conn
            .get_or(&format!("/orgs/{escaped}"), &format!("/users/{escaped}"))
            .await?;
        organization_from(&answer.body)
            .ok_or_else(|| Error::upstream("GitHub sent an organization without a login"))
    }

    async fn projects(&self, organization: &str) -> Result<Vec<RemoteProject>> {
        let escaped = percent_encode(organization);
        let mut next = Some(format!("/orgs/{escaped}/repos?per_page=100"));
        let mut out = Vec::new();
        let mut first = true;
        let mut pages = 0;
        while let Some(url) = next.take() {
            let answer = match self.conn.call("GET", &url, None).await {
                Err(e) if first && e.kind == ErrorKind::NotFound => {
                    self.conn
                        .call("GET", &format!("/users/{escaped}/repos?per_page=100"), None)
                        .await?
                }
                other => other?,
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
            pages += 1;
            // Ten pages (1,000 repositories) at most in one listing, and a
            // page that points at itself ends it.
            if out.len() < 1_000 && pages < 10 {
                next = next_link(&answer.headers).filter(|n| *n != url);
            }
        }
        Ok(out)
    }

    async fn project(&self, external_id: &str) -> Result<RemoteProject> {
        let answer = self.conn.call("GET", &repo_path(external_id), None).await?;
        project_from(&answer.body)
            .ok_or_else(|| Error::upstream("GitHub sent a repository without a name"))
    }

    async fn issues_page(&self, project: &str, cursor: &SyncCursor) -> Result<IssuePage> {
        let (url, stage, high_water, since) = match cursor {
            // Changes made while the backfill reads are caught by the
            // incremental pass, which starts from when it began.
            SyncCursor::Start => (
                self.backfill_start(project, 0),
                0,
                self.conn.env.now_ms(),
                None,
            ),
            SyncCursor::Backfill {
                stage,
                next,
                high_water,
            } => (
                next.clone()
                    .unwrap_or_else(|| self.backfill_start(project, *stage)),
                *stage,
                *high_water,
                None,
            ),
            SyncCursor::Incremental { since, next, .. } => (
                next.clone().unwrap_or_else(|| {
                    format!(
                        "{}/issues?state=all&sort=updated&direction=asc&since={}&per_page={}",
                        repo_path(project),
                        super::format_time(*since),
                        self.page_size
                    )
                }),
                0,
                0,
                Some(*since),
            ),
        };
        let answer = self.conn.call("GET", &url, None).await?;
        let issues = answer
            .body
            .as_array()
            .ok_or_else(|| Error::upstream("GitHub sent a page that is not a list"))?
            .iter()
            .map(|v| issue_from(project, v))
            .collect::<Result<Vec<_>>>()?;
        let newest = issues.iter().map(|i| i.updated_at).max().unwrap_or(0);
        let next = next_link(&answer.headers);
        // Open issues, then closed ones, then what changed.
        let (cursor, done) = cursor_after_page(since, stage, 1, next, high_water, newest);
        Ok(IssuePage {
            issues,
            cursor,
            done,
        })
    }

    async fn issue(&self, project: &str, number: &str) -> Result<RemoteIssue> {
        let answer = self
            .conn
            .call("GET", &number_path(project, number)?, None)
            .await?;
        issue_from(project, &answer.body)
    }

    async fn comments(&self, project: &str, number: &str) -> Result<Vec<RemoteComment>> {
        let url = format!("{}/comments?per_page=100", number_path(project, number)?);
        let answer = self.conn.call("GET", &url, None).await?;
        answer
            .body
            .as_array()
            .into_iter()
            .flatten()
            .map(comment_from)
            .collect()
    }

    async fn create_issue(&self, project: &str, new: &NewIssue) -> Result<RemoteIssue> {
        let mut body = json!({"title": new.title});
        if let Some(b) = &new.body {
            body["body"] = json!(b);
        }
        let mut labels = new.labels.clone();
        if let Some(p) = &new.priority {
            labels.push(format!("priority: {p}"));
        }
        if !labels.is_empty() {
            body["labels"] = json!(labels);
        }
        if !new.assignees.is_empty() {
            body["assignees"] = json!(new.assignees);
        }
        let url = format!("{}/issues", repo_path(project));
        let answer = self.conn.call("POST", &url, Some(&body)).await?;
        issue_from(project, &answer.body)
    }

    async fn update_issue(
        &self,
        project: &str,
        number: &str,
        patch: &IssuePatch,
    ) -> Result<RemoteIssue> {
        let mut body = json!({});
        if let Some(t) = &patch.title {
            body["title"] = json!(t);
        }
        if let Some(b) = &patch.body {
            body["body"] = json!(b);
        }
        if let Some(s) = &patch.state {
            let s = s.to_ascii_lowercase();
            if s != "open" && s != "closed" {
                return Err(Error::bad_request(
                    "a GitHub issue's state is open or closed",
                ));
            }
            body["state"] = json!(s);
        }
        if let Some(l) = &patch.labels {
            body["labels"] = json!(l);
        }
        if let Some(a) = &patch.assignees {
            body["assignees"] = json!(a);
        }
        let answer = self
            .conn
            .call("PATCH", &number_path(project, number)?, Some(&body))
            .await?;
        issue_from(project, &answer.body)
    }

    async fn add_comment(&self, project: &str, number: &str, body: &str) -> Result<RemoteComment> {
        let url = format!("{}/comments", number_path(project, number)?);
        let answer = self
            .conn
            .call("POST", &url, Some(&json!({"body": body})))
            .await?;
        comment_from(&answer.body)
    }

    async fn register_webhook(
        &self,
        organization: &str,
        url: &str,
        secret: &str,
    ) -> Result<WebhookRegistration> {
        let body = json!({
            "name": "web",
            "active": true,
            "events": WEBHOOK_EVENTS,
            "config": {"url": url, "content_type": "json", "secret": secret, "insecure_ssl": "0"},
        });
        let path = format!("/orgs/{}/hooks", percent_encode(organization));
        match self.conn.call("POST", &path, Some(&body)).await {
            Ok(answer) => Ok(WebhookRegistration::Registered {
                external_id: answer
                    .body
                    .get("id")
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            }),
            Err(e)
                if matches!(
                    e.kind,
                    ErrorKind::NotFound | ErrorKind::Upstream | ErrorKind::BadRequest
                ) =>
            {
                Ok(WebhookRegistration::Manual {
                    message: format!(
                        "GitHub did not let these credentials add a webhook to {organization} ({}). \
                         Add one by hand (Settings → Webhooks) with payload URL {url}, content type \
                         application/json, events: issues, issue comments, pull requests, labels, and a secret \
                         of your choosing; then set the same secret on this tracker (webhook_secret).",
                        e.message
                    ),
                })
            }
            Err(e) => Err(e),
        }
    }
}

/// Reads a verified GitHub delivery (`X-GitHub-Event` names it).
pub fn read_webhook(event: &str, p: &Value) -> Result<Reading> {
    let Some(project) = p.pointer("/repository/full_name").and_then(Value::as_str) else {
        return Ok(Reading::default());
    };
    let action = p.get("action").and_then(Value::as_str).unwrap_or("");
    let actor = p
        .pointer("/sender/login")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut reading = Reading {
        project: Some(project.to_string()),
        ..Reading::default()
    };
    let subject = match event {
        "issues" | "issue_comment" => p.get("issue"),
        "pull_request" | "pull_request_review_comment" => p.get("pull_request"),
        _ => None,
    };
    let Some(subject) = subject else {
        return Ok(reading);
    };
    let issue = issue_from(project, subject)?;
    let key = Some(issue.key.clone());
    let at = Some(issue.updated_at);
    let mut push = |kind: EventKind, data: Value| {
        reading.events.push(Event {
            kind,
            issue_key: key.clone(),
            actor: actor.clone(),
            data,
            occurred_at: at,
        })
    };
    let label = p.pointer("/label/name").and_then(Value::as_str);
    let label_data = |change: &str| json!({"change": change, "label": label});
    let is_priority = label.is_some_and(|l| l.to_ascii_lowercase().starts_with("priority"));
    use EventKind::*;
    match (event, action) {
        ("issues", "opened") => push(IssueOpened, json!({"title": issue.title})),
        ("issues", "closed") => push(IssueClosed, json!({"reason": issue.status})),
        ("issues", "reopened") => push(IssueReopened, json!({})),
        ("issues", "edited") => push(IssueUpdated, json!({"changed": changed_fields(p)})),
        ("issues", "deleted") => {
            push(IssueDeleted, json!({}));
            reading.deleted_issue = Some(issue.external_id.clone());
        }
        ("issues" | "pull_request", "labeled" | "unlabeled") => {
            let change = if action == "labeled" {
                "added"
            } else {
                "removed"
            };
            push(LabelChanged, label_data(change));
            if is_priority {
                push(PriorityChanged, json!({"priority": issue.priority}));
            }
        }
        ("issues" | "pull_request", "assigned" | "unassigned") => push(
            AssigneeChanged,
            json!({"change": action, "assignee": p.pointer("/assignee/login")}),
        ),
        ("issue_comment" | "pull_request_review_comment", _) => {
            let comment = p.get("comment").map(comment_from).transpose()?;
            let kind = match action {
                "created" => Some(CommentCreated),
                "edited" => Some(CommentUpdated),
                "deleted" => Some(CommentDeleted),
                _ => None,
            };
            if let (Some(kind), Some(c)) = (kind, &comment) {
                push(
                    kind,
                    json!({"comment_id": c.external_id, "author": c.author}),
                );
            }
            if action != "deleted" {
                reading.comment = comment.map(|c| (issue.external_id.clone(), c));
            }
        }
        ("pull_request", "opened") => push(PullRequestOpened, json!({"title": issue.title})),
        ("pull_request", "closed") if issue.status.as_deref() == Some("merged") => {
            push(PullRequestMerged, json!({}))
        }
        ("pull_request", "closed") => push(PullRequestClosed, json!({})),
        ("pull_request", "reopened") => push(PullRequestReopened, json!({})),
        ("pull_request", "edited" | "synchronize" | "ready_for_review") => {
            push(PullRequestUpdated, json!({"action": action}))
        }
        _ => {}
    }
    reading.issue = Some(issue);
    Ok(reading)
}

/// The fields an `edited` action changed (GitHub's `changes`).
fn changed_fields(p: &Value) -> Vec<String> {
    p.get("changes")
        .and_then(Value::as_object)
        .map(|o| o.keys().take(20).cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_issue_and_a_pull_request_are_told_apart() {
        let issue = json!({
            "id": 1000, "number": 13, "title": "Test issue 13", "body": null, "state": "open",
            "labels": [{"name": "bug"}, {"name": "priority: high"}], "assignees": [{"login": "a"}],
            "user": {"login": "octokit-fixture-user-a"}, "html_url": "https://github.com/o/r/issues/13",
            "created_at": "2017-10-10T16:00:00Z", "updated_at": "2017-10-10T16:00:00Z"
        });
        let i = issue_from("o/r", &issue)
            .ok()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(i.key, "o/r#13");
        assert_eq!(i.kind, IssueKind::Issue);
        assert_eq!(i.priority.as_deref(), Some("high"));
        assert_eq!(i.body, "");
        let mut pull = issue.clone();
        pull["pull_request"] = json!({"merged_at": "2017-10-11T00:00:00Z"});
        pull["state"] = json!("closed");
        let p = issue_from("o/r", &pull)
            .ok()
            .unwrap_or_else(|| unreachable!());
        assert_eq!(p.kind, IssueKind::PullRequest);
        assert_eq!(p.status.as_deref(), Some("merged"));
        assert_eq!(p.state, "closed");
    }

    #[test]
    fn numbers_are_digits_only() {
        assert!(number_path("o/r", "12").is_ok());
        for bad in ["", "1/../../x", "12a", "9999999999999"] {
            assert!(number_path("o/r", bad).is_err(), "{bad}");
        }
        assert_eq!(repo_path("o/r x"), "/repos/o/r%20x");
    }
}
