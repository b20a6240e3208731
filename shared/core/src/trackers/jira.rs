//! Jira's REST API: Jira Cloud (v3, descriptions and comments in the
//! Atlassian Document Format) and Jira Server / Data Center (v2, plain
//! text); projects, issues found by JQL, comments, workflow transitions,
//! issue links, admin webhooks, and the webhook payloads Jira sends.
//!
//! Cloud is reached with an account's email and API token (HTTP Basic),
//! Server and Data Center with a personal access token (`Bearer`). The
//! organization is the site itself, named by its host.

use super::client::Connection;
use super::events::{Event, EventKind};
use super::webhooks::Reading;
use super::{
    Identity, IssueKind, IssueLink, IssuePage, IssuePatch, NewIssue, RemoteComment, RemoteIssue,
    RemoteOrganization, RemoteProject, SyncCursor, Tracker, TrackerKind, WebhookRegistration, clip,
    cursor_after_page, parse_time,
};
use crate::env::Env;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Headers, percent_encode};
use crate::store::trackers::TrackerSettings;
use async_trait::async_trait;
use base64::Engine;
use serde_json::{Value, json};

/// The events Preloop's webhook asks Jira for.
pub const WEBHOOK_EVENTS: [&str; 6] = [
    "jira:issue_created",
    "jira:issue_updated",
    "jira:issue_deleted",
    "comment_created",
    "comment_updated",
    "comment_deleted",
];

/// The fields a search asks for (Cloud's enhanced search answers only ids
/// unless told).
const FIELDS: &str = "summary,description,status,priority,labels,assignee,reporter,created,updated,issuelinks,issuetype,resolution";
/// The deepest an ADF document is walked, and the most nodes visited.
const MAX_ADF_DEPTH: usize = 64;
const MAX_ADF_NODES: usize = 100_000;
/// Minutes added to an incremental search's window, for the difference
/// between Preloop's clock and Jira's.
const CLOCK_MARGIN_MIN: i64 = 5;
const MAX_NAMES: usize = 100;

pub struct Jira<'a> {
    conn: Connection<'a>,
    page_size: u32,
    cloud: bool,
    site: String,
    root: String,
}

/// The site a Jira base URL names (its host, and port if any): the one
/// organization of a Jira tracker.
pub fn site_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl<'a> Jira<'a> {
    /// `settings.edition` says Cloud or Server; unsaid, a site on
    /// `atlassian.net` is Cloud. Cloud needs the account's email
    /// (`settings.username`).
    pub fn new(
        env: &'a Env,
        base_url: &str,
        token: &str,
        settings: &TrackerSettings,
    ) -> Result<Self> {
        let root = base_url.trim_end_matches('/').to_string();
        let site = site_of(&root);
        let cloud = match settings.edition.as_deref() {
            Some("cloud") => true,
            Some("server") => false,
            Some(_) => {
                return Err(Error::bad_request(
                    "settings.edition must be cloud or server",
                ));
            }
            None => site.ends_with(".atlassian.net"),
        };
        let mut headers = Headers::new();
        headers.insert("accept", "application/json");
        if cloud {
            let user = settings
                .username
                .as_deref()
                .filter(|u| !u.is_empty())
                .ok_or_else(|| {
                    Error::bad_request(
                        "a Jira Cloud tracker needs settings.username (the account's email)",
                    )
                })?;
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{token}"));
            headers.insert("authorization", format!("Basic {basic}"));
        } else {
            headers.insert("authorization", format!("Bearer {token}"));
        }
        Ok(Jira {
            conn: Connection {
                env,
                base_url: root.clone(),
                headers,
                name: "Jira",
            },
            page_size: settings.page_size.clamp(1, 100),
            cloud,
            site,
            root,
        })
    }

    fn api(&self) -> &'static str {
        if self.cloud {
            "/rest/api/3"
        } else {
            "/rest/api/2"
        }
    }

    fn site_organization(&self) -> RemoteOrganization {
        RemoteOrganization {
            external_id: self.site.clone(),
            name: self.site.clone(),
            url: Some(self.root.clone()),
        }
    }

    /// The search for a project's issues, oldest change first; from
    /// `since` when given. JQL reads an absolute time in the user's own
    /// time zone, which Preloop does not know, so the window is said
    /// relative to Jira's clock instead (`updated >= "-90m"`).
    fn search(&self, project: &str, since: Option<i64>) -> String {
        let mut jql = format!("project = \"{project}\"");
        if let Some(since) = since {
            let minutes = (self.conn.env.now_ms() - since).max(0) / 60_000 + 1 + CLOCK_MARGIN_MIN;
            jql.push_str(&format!(" AND updated >= \"-{minutes}m\""));
        }
        jql.push_str(" ORDER BY updated ASC, key ASC");
        let path = if self.cloud {
            "/rest/api/3/search/jql"
        } else {
            "/rest/api/2/search"
        };
        let mut url = format!(
            "{path}?jql={}&maxResults={}&fields={FIELDS}",
            percent_encode(&jql),
            self.page_size
        );
        if !self.cloud {
            url.push_str("&startAt=0");
        }
        url
    }

    fn issue_path(&self, project: &str, key: &str) -> Result<String> {
        check_key(project, key)?;
        Ok(format!("{}/issue/{key}", self.api()))
    }

    async fn fetch_issue(&self, key: &str) -> Result<RemoteIssue> {
        let url = format!("{}/issue/{key}?fields={FIELDS}", self.api());
        let answer = self.conn.call("GET", &url, None).await?;
        issue_from(&self.root, &answer.body)
    }

    /// A description or comment as this edition takes it.
    fn text_field(&self, text: &str) -> Value {
        if self.cloud {
            adf_from_text(text)
        } else {
            json!(text)
        }
    }

    /// A user as this edition names one in a field.
    fn user_field(&self, name: &str) -> Value {
        if self.cloud {
            json!({"accountId": name})
        } else {
            json!({"name": name})
        }
    }

    /// Moves an issue through its workflow to `wanted`: a transition or
    /// target status of that name, or (for `open` / `closed`) the first
    /// transition into a status of that category.
    async fn transition(&self, path: &str, wanted: &str) -> Result<()> {
        let answer = self
            .conn
            .call("GET", &format!("{path}/transitions"), None)
            .await?;
        let transitions: Vec<&Value> = answer
            .body
            .get("transitions")
            .and_then(Value::as_array)
            .map(|a| a.iter().take(200).collect())
            .unwrap_or_default();
        let name_of = |t: &Value, p: &str| {
            t.pointer(p)
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
        };
        let category = match wanted.to_ascii_lowercase().as_str() {
            "closed" | "close" | "done" => Some("done"),
            "open" | "opened" | "reopen" | "to do" => Some("new"),
            _ => None,
        };
        let chosen = transitions
            .iter()
            .find(|t| name_of(t, "/name"))
            .or_else(|| transitions.iter().find(|t| name_of(t, "/to/name")))
            .or_else(|| {
                let category = category?;
                transitions.iter().find(|t| {
                    t.pointer("/to/statusCategory/key").and_then(Value::as_str) == Some(category)
                })
            })
            .ok_or_else(|| {
                let names: Vec<&str> = transitions
                    .iter()
                    .filter_map(|t| t.get("name").and_then(Value::as_str))
                    .take(20)
                    .collect();
                Error::bad_request(format!(
                    "Jira has no transition to {} for this issue; it offers: {}",
                    clip(wanted, 100),
                    names.join(", ")
                ))
            })?;
        let id = chosen
            .get("id")
            .and_then(|i| {
                i.as_str()
                    .map(str::to_string)
                    .or(i.as_i64().map(|n| n.to_string()))
            })
            .ok_or_else(|| Error::upstream("Jira sent a transition without an id"))?;
        self.conn
            .call(
                "POST",
                &format!("{path}/transitions"),
                Some(&json!({"transition": {"id": id}})),
            )
            .await?;
        Ok(())
    }
}

/// A project key: letters, digits and underscores, starting with a letter.
fn check_project(project: &str) -> Result<()> {
    let ok = !project.is_empty()
        && project.len() <= 64
        && project.starts_with(|c: char| c.is_ascii_alphabetic())
        && project
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::bad_request(
            "a Jira project is named by its key (PROJ)",
        ))
    }
}

/// An issue key of `project`: `PROJ-123`.
fn check_key(project: &str, key: &str) -> Result<()> {
    check_project(project)?;
    let bad = || {
        Error::bad_request(format!(
            "a {project} issue is named by its key ({project}-12)"
        ))
    };
    let (prefix, number) = key.rsplit_once('-').ok_or_else(bad)?;
    if !prefix.eq_ignore_ascii_case(project)
        || number.is_empty()
        || number.len() > 12
        || !number.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    Ok(())
}

fn id_of(v: Option<&Value>) -> Option<String> {
    let v = v?;
    v.as_str()
        .map(str::to_string)
        .or_else(|| v.as_i64().map(|n| n.to_string()))
}

/// How a user is named: Server's username, Cloud's account id, or the
/// display name where neither is given.
fn user_name(v: Option<&Value>) -> Option<String> {
    let v = v?;
    ["name", "accountId", "displayName"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()))
        .map(str::to_string)
}

/// A text field: plain text (v2, webhooks) or an ADF document (v3).
fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => clip(s, super::MAX_BODY_CHARS),
        Some(doc @ Value::Object(_)) => adf_to_text(doc),
        _ => String::new(),
    }
}

/// The plain text of an Atlassian Document Format document: paragraphs,
/// headings and code blocks apart by a blank line, list items on lines of
/// their own, hard breaks as line breaks; marks dropped. Bounded in depth,
/// nodes visited and length.
pub fn adf_to_text(doc: &Value) -> String {
    struct Walk {
        out: String,
        nodes: usize,
    }
    fn block_end(w: &mut Walk) {
        let trimmed = w.out.trim_end_matches([' ', '\n']).len();
        w.out.truncate(trimmed);
        if !w.out.is_empty() {
            w.out.push_str("\n\n");
        }
    }
    fn walk(w: &mut Walk, node: &Value, depth: usize) {
        w.nodes += 1;
        if depth > MAX_ADF_DEPTH
            || w.nodes > MAX_ADF_NODES
            || w.out.len() > super::MAX_BODY_CHARS * 4
        {
            return;
        }
        let kind = node.get("type").and_then(Value::as_str).unwrap_or("");
        let attr = |name: &str| {
            node.pointer(&format!("/attrs/{name}"))
                .and_then(Value::as_str)
        };
        match kind {
            "text" => w
                .out
                .push_str(node.get("text").and_then(Value::as_str).unwrap_or("")),
            "hardBreak" => w.out.push('\n'),
            "mention" | "emoji" => w
                .out
                .push_str(attr("text").or(attr("shortName")).unwrap_or("")),
            "inlineCard" | "blockCard" => w.out.push_str(attr("url").unwrap_or("")),
            "rule" => {
                block_end(w);
                w.out.push_str("---");
                block_end(w);
            }
            "listItem" => {
                // Items are on lines of their own; a list after a block
                // keeps the blank line between them.
                if !w.out.is_empty() && !w.out.ends_with('\n') {
                    w.out.push('\n');
                }
                w.out.push_str("- ");
                children(w, node, depth);
                let trimmed = w.out.trim_end_matches([' ', '\n']).len();
                w.out.truncate(trimmed);
                w.out.push('\n');
            }
            "paragraph" | "heading" | "codeBlock" | "blockquote" | "panel" | "bulletList"
            | "orderedList" | "table" | "tableRow" | "tableCell" | "tableHeader" => {
                children(w, node, depth);
                block_end(w);
            }
            _ => children(w, node, depth),
        }
    }
    fn children(w: &mut Walk, node: &Value, depth: usize) {
        if let Some(content) = node.get("content").and_then(Value::as_array) {
            for child in content {
                walk(w, child, depth + 1);
            }
        }
    }
    let mut w = Walk {
        out: String::new(),
        nodes: 0,
    };
    walk(&mut w, doc, 0);
    clip(w.out.trim_end(), super::MAX_BODY_CHARS)
}

/// A minimal ADF document of plain text: a paragraph for each block of
/// lines apart by a blank line, a hard break for each line break.
pub fn adf_from_text(text: &str) -> Value {
    let normal = text.replace("\r\n", "\n");
    let paragraphs: Vec<Value> = normal
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut content = Vec::new();
            for (i, line) in p.split('\n').enumerate() {
                if i > 0 {
                    content.push(json!({"type": "hardBreak"}));
                }
                if !line.is_empty() {
                    content.push(json!({"type": "text", "text": line}));
                }
            }
            json!({"type": "paragraph", "content": content})
        })
        .collect();
    json!({"type": "doc", "version": 1, "content": paragraphs})
}

/// Jira's link names, as Preloop's link kinds: `blocks`, `is_blocked_by`,
/// `duplicates`, `is_duplicated_by`; any other relation `relates_to`.
fn link_kind(name: &str) -> &'static str {
    match name.trim().to_ascii_lowercase().as_str() {
        "blocks" | "is depended by" => "blocks",
        "is blocked by" | "depends on" => "is_blocked_by",
        "duplicates" => "duplicates",
        "is duplicated by" => "is_duplicated_by",
        _ => "relates_to",
    }
}

fn links_of(fields: &Value) -> Vec<IssueLink> {
    fields
        .get("issuelinks")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .take(MAX_NAMES)
                .filter_map(|l| {
                    let (other, side) = match (l.get("outwardIssue"), l.get("inwardIssue")) {
                        (Some(o), _) => (o, "/type/outward"),
                        (None, Some(i)) => (i, "/type/inward"),
                        _ => return None,
                    };
                    let key = other.get("key").and_then(Value::as_str)?;
                    let name = l.pointer(side).and_then(Value::as_str).unwrap_or("");
                    Some(IssueLink {
                        kind: link_kind(name).to_string(),
                        key: clip(key, 100),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// An issue from a search, a single issue, or a webhook; `root` is the
/// site's address its page is under. The version is `fields.updated`
/// (a webhook that lacks it is dated by its own timestamp).
pub fn issue_from(root: &str, v: &Value) -> Result<RemoteIssue> {
    issue_dated(root, v, None)
}

fn issue_dated(root: &str, v: &Value, fallback: Option<i64>) -> Result<RemoteIssue> {
    let key = v
        .get("key")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::upstream("Jira sent an issue without a key"))?;
    let id = id_of(v.get("id")).unwrap_or_else(|| key.to_string());
    let empty = json!({});
    let f = v.get("fields").unwrap_or(&empty);
    let category = f
        .pointer("/status/statusCategory/key")
        .and_then(Value::as_str);
    let resolved = f.get("resolution").is_some_and(|r| !r.is_null());
    let closed = category == Some("done") || (category.is_none() && resolved);
    Ok(RemoteIssue {
        external_id: id,
        key: clip(key, 100),
        number: None,
        kind: IssueKind::Issue,
        title: clip(
            f.get("summary").and_then(Value::as_str).unwrap_or(""),
            super::MAX_TITLE_CHARS,
        ),
        body: text_of(f.get("description")),
        state: if closed { "closed" } else { "open" }.to_string(),
        status: f
            .pointer("/status/name")
            .and_then(Value::as_str)
            .map(str::to_string),
        priority: f
            .pointer("/priority/name")
            .or_else(|| f.get("priority").filter(|p| p.is_string()))
            .and_then(Value::as_str)
            .map(str::to_string),
        labels: f
            .get("labels")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .take(MAX_NAMES)
                    .collect()
            })
            .unwrap_or_default(),
        assignees: user_name(f.get("assignee")).into_iter().collect(),
        author: user_name(f.get("reporter")),
        url: Some(format!("{}/browse/{}", root.trim_end_matches('/'), key)),
        links: links_of(f),
        created_at: f.get("created").and_then(parse_time),
        updated_at: f
            .get("updated")
            .and_then(parse_time)
            .or(fallback)
            .ok_or_else(|| Error::upstream("Jira sent an issue without fields.updated"))?,
    })
}

pub fn comment_from(v: &Value) -> Result<RemoteComment> {
    let id =
        id_of(v.get("id")).ok_or_else(|| Error::upstream("Jira sent a comment without an id"))?;
    Ok(RemoteComment {
        external_id: id,
        author: user_name(v.get("author")),
        body: text_of(v.get("body")),
        created_at: v.get("created").and_then(parse_time),
        updated_at: v
            .get("updated")
            .and_then(parse_time)
            .or_else(|| v.get("created").and_then(parse_time))
            .unwrap_or(0),
    })
}

fn project_from(root: &str, v: &Value) -> Option<RemoteProject> {
    let key = v.get("key").and_then(Value::as_str)?;
    Some(RemoteProject {
        external_id: key.to_string(),
        name: v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string(),
        url: Some(format!("{}/browse/{key}", root.trim_end_matches('/'))),
    })
}

/// `url` with its `name` parameter set to `value` (the next page's token
/// or offset; the rest of the search, its JQL included, stays as it was).
fn with_param(url: &str, name: &str, value: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let prefix = format!("{name}=");
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    params.push(format!("{prefix}{}", percent_encode(value)));
    format!("{path}?{}", params.join("&"))
}

/// The `startAt` of a Server search address.
fn start_of(url: &str) -> i64 {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("startAt="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[async_trait(?Send)]
impl Tracker for Jira<'_> {
    fn kind(&self) -> TrackerKind {
        TrackerKind::Jira
    }

    async fn check(&self) -> Result<Identity> {
        let me = self
            .conn
            .call("GET", &format!("{}/myself", self.api()), None)
            .await?;
        Ok(Identity {
            login: ["emailAddress", "name", "accountId"]
                .iter()
                .find_map(|k| me.body.get(*k).and_then(Value::as_str))
                .map(str::to_string),
            scopes: None,
            rate_remaining: me
                .headers
                .get("x-ratelimit-remaining")
                .and_then(|r| r.trim().parse().ok()),
        })
    }

    async fn organizations(&self) -> Result<Vec<RemoteOrganization>> {
        Ok(vec![self.site_organization()])
    }

    async fn organization(&self, external_id: &str) -> Result<RemoteOrganization> {
        let asked = site_of(external_id);
        if asked == self.site || external_id.eq_ignore_ascii_case(&self.site) {
            Ok(self.site_organization())
        } else {
            Err(Error::not_found(format!(
                "a Jira tracker's one organization is its site, {}",
                self.site
            )))
        }
    }

    async fn projects(&self, _organization: &str) -> Result<Vec<RemoteProject>> {
        if !self.cloud {
            let answer = self.conn.call("GET", "/rest/api/2/project", None).await?;
            return Ok(answer
                .body
                .as_array()
                .into_iter()
                .flatten()
                .take(5_000)
                .filter_map(|p| project_from(&self.root, p))
                .collect());
        }
        let mut out = Vec::new();
        let mut start = 0;
        loop {
            let url = format!("/rest/api/3/project/search?startAt={start}&maxResults=50");
            let answer = self.conn.call("GET", &url, None).await?;
            let values = answer
                .body
                .get("values")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            out.extend(values.iter().filter_map(|p| project_from(&self.root, p)));
            let last = answer
                .body
                .get("isLast")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            if last || values.is_empty() || out.len() >= 1_000 {
                return Ok(out);
            }
            start += values.len();
        }
    }

    async fn project(&self, external_id: &str) -> Result<RemoteProject> {
        check_project(external_id)?;
        let url = format!("{}/project/{external_id}", self.api());
        let answer = self.conn.call("GET", &url, None).await?;
        project_from(&self.root, &answer.body)
            .ok_or_else(|| Error::upstream("Jira sent a project without a key"))
    }

    async fn issues_page(&self, project: &str, cursor: &SyncCursor) -> Result<IssuePage> {
        check_project(project)?;
        let (url, high_water, since) = match cursor {
            SyncCursor::Start => (self.search(project, None), 0, None),
            SyncCursor::Backfill {
                next, high_water, ..
            } => (
                next.clone().unwrap_or_else(|| self.search(project, None)),
                *high_water,
                None,
            ),
            SyncCursor::Incremental { since, next, .. } => (
                next.clone()
                    .unwrap_or_else(|| self.search(project, Some(*since))),
                0,
                Some(*since),
            ),
        };
        let answer = self.conn.call("GET", &url, None).await?;
        let list = answer
            .body
            .get("issues")
            .and_then(Value::as_array)
            .ok_or_else(|| Error::upstream("Jira sent a search without issues"))?;
        let issues = list
            .iter()
            .map(|v| issue_from(&self.root, v))
            .collect::<Result<Vec<_>>>()?;
        let newest = issues.iter().map(|i| i.updated_at).max().unwrap_or(0);
        let next = if self.cloud {
            let token = answer
                .body
                .get("nextPageToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty() && t.len() <= 2_048);
            let last = answer.body.get("isLast").and_then(Value::as_bool) == Some(true);
            token
                .filter(|_| !last)
                .map(|t| with_param(&url, "nextPageToken", t))
        } else {
            let start = start_of(&url);
            let total = answer
                .body
                .get("total")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let after = start + issues.len() as i64;
            (!issues.is_empty() && after < total)
                .then(|| with_param(&url, "startAt", &after.to_string()))
        };
        // One backfill listing, then what changed.
        let (cursor, done) = cursor_after_page(since, 0, 0, next, high_water, newest);
        Ok(IssuePage {
            issues,
            cursor,
            done,
        })
    }

    async fn issue(&self, project: &str, number: &str) -> Result<RemoteIssue> {
        check_key(project, number)?;
        self.fetch_issue(number).await
    }

    async fn comments(&self, project: &str, number: &str) -> Result<Vec<RemoteComment>> {
        let url = format!(
            "{}/comment?maxResults=100&orderBy=created",
            self.issue_path(project, number)?
        );
        let answer = self.conn.call("GET", &url, None).await?;
        answer
            .body
            .get("comments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(comment_from)
            .collect()
    }

    async fn create_issue(&self, project: &str, new: &NewIssue) -> Result<RemoteIssue> {
        check_project(project)?;
        let mut fields = json!({
            "project": {"key": project},
            "summary": new.title,
            "issuetype": {"name": new.issue_type.as_deref().unwrap_or("Task")},
        });
        if let Some(b) = new.body.as_deref().filter(|b| !b.is_empty()) {
            fields["description"] = self.text_field(b);
        }
        if !new.labels.is_empty() {
            fields["labels"] = json!(new.labels);
        }
        if let Some(p) = &new.priority {
            fields["priority"] = json!({"name": p});
        }
        if let Some(a) = new.assignees.first() {
            fields["assignee"] = self.user_field(a);
        }
        let url = format!("{}/issue", self.api());
        let answer = self
            .conn
            .call("POST", &url, Some(&json!({"fields": fields})))
            .await?;
        let key = answer
            .body
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::upstream("Jira created an issue but sent no key"))?;
        check_key(project, key)?;
        // Jira answers a creation with the key only: the issue is read
        // back to store it whole.
        self.fetch_issue(key).await
    }

    async fn update_issue(
        &self,
        project: &str,
        number: &str,
        patch: &IssuePatch,
    ) -> Result<RemoteIssue> {
        let path = self.issue_path(project, number)?;
        let mut fields = serde_json::Map::new();
        if let Some(t) = &patch.title {
            fields.insert("summary".into(), json!(t));
        }
        if let Some(b) = &patch.body {
            fields.insert("description".into(), self.text_field(b));
        }
        if let Some(l) = &patch.labels {
            fields.insert("labels".into(), json!(l));
        }
        if let Some(p) = &patch.priority {
            fields.insert("priority".into(), json!({"name": p}));
        }
        if let Some(a) = &patch.assignees {
            fields.insert(
                "assignee".into(),
                a.first().map_or(Value::Null, |a| self.user_field(a)),
            );
        }
        if !fields.is_empty() {
            self.conn
                .call("PUT", &path, Some(&json!({"fields": fields})))
                .await?;
        }
        // A status is never set as a field: Jira moves an issue only
        // through its workflow's transitions.
        if let Some(s) = &patch.state {
            self.transition(&path, s).await?;
        }
        self.fetch_issue(number).await
    }

    async fn add_comment(&self, project: &str, number: &str, body: &str) -> Result<RemoteComment> {
        let url = format!("{}/comment", self.issue_path(project, number)?);
        let answer = self
            .conn
            .call("POST", &url, Some(&json!({"body": self.text_field(body)})))
            .await?;
        comment_from(&answer.body)
    }

    async fn register_webhook(
        &self,
        _organization: &str,
        url: &str,
        secret: &str,
    ) -> Result<WebhookRegistration> {
        let body = json!({
            "name": "Preloop",
            "url": url,
            "events": WEBHOOK_EVENTS,
            "excludeBody": false,
            "secret": secret,
        });
        match self
            .conn
            .call("POST", "/rest/webhooks/1.0/webhook", Some(&body))
            .await
        {
            Ok(answer) => Ok(WebhookRegistration::Registered {
                // Jira answers with the webhook's own address; its id ends it.
                external_id: answer
                    .body
                    .get("self")
                    .and_then(Value::as_str)
                    .and_then(|s| s.rsplit('/').next())
                    .map(|s| clip(s, 64))
                    .unwrap_or_default(),
            }),
            // Admin webhooks need the Administer Jira permission.
            Err(e)
                if matches!(
                    e.kind,
                    ErrorKind::NotFound | ErrorKind::Upstream | ErrorKind::BadRequest
                ) =>
            {
                Ok(WebhookRegistration::Manual {
                    message: format!(
                        "Jira did not let these credentials add a webhook to {} ({}); that needs the \
                         Administer Jira permission. Have an administrator add one (System → WebHooks) \
                         with URL {url}, as secret the webhook secret set on this tracker \
                         (webhook_secret), and the events: issue created, updated and deleted; \
                         comment created, updated and deleted.",
                        self.site, e.message
                    ),
                })
            }
            Err(e) => Err(e),
        }
    }
}

/// Reads a verified Jira delivery (its `webhookEvent` names it).
pub fn read_webhook(_event: &str, p: &Value) -> Result<Reading> {
    let Some(issue_value) = p.get("issue") else {
        return Ok(Reading::default());
    };
    let event = p.get("webhookEvent").and_then(Value::as_str).unwrap_or("");
    // Cloud dates a delivery in epoch ms, Server in Jira's time form.
    let stamp = p
        .get("timestamp")
        .and_then(|t| t.as_i64().or_else(|| parse_time(t)));
    let root = issue_value
        .get("self")
        .and_then(Value::as_str)
        .and_then(|s| s.split_once("/rest/api/"))
        .map(|(root, _)| root.to_string())
        .unwrap_or_default();
    let issue = issue_dated(&root, issue_value, stamp)?;
    let project = issue_value
        .pointer("/fields/project/key")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| issue.key.rsplit_once('-').map(|(p, _)| p.to_string()));
    let actor = user_name(p.get("user"));
    let mut reading = Reading {
        project,
        ..Reading::default()
    };
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
    use EventKind::*;
    let comment = p.get("comment").map(comment_from).transpose()?;
    match event {
        "jira:issue_created" => push(IssueOpened, json!({"title": issue.title})),
        "jira:issue_deleted" => push(IssueDeleted, json!({})),
        "jira:issue_updated" => {
            let items: Vec<&Value> = p
                .pointer("/changelog/items")
                .and_then(Value::as_array)
                .map(|a| a.iter().take(50).collect())
                .unwrap_or_default();
            let fields: Vec<&str> = items
                .iter()
                .filter_map(|i| i.get("field").and_then(Value::as_str))
                .collect();
            if !items.is_empty() {
                push(IssueUpdated, json!({"changed": fields}));
            }
            for item in &items {
                let change = || {
                    json!({
                        "from": item.get("fromString"),
                        "to": item.get("toString"),
                    })
                };
                match item.get("field").and_then(Value::as_str).unwrap_or("") {
                    "status" => push(StatusChanged, change()),
                    "priority" => push(PriorityChanged, change()),
                    "labels" => push(LabelChanged, change()),
                    "assignee" => push(AssigneeChanged, change()),
                    _ => {}
                }
            }
            match p.get("issue_event_type_name").and_then(Value::as_str) {
                Some("issue_commented") => push(
                    CommentCreated,
                    json!({"comment_id": comment.as_ref().map(|c| c.external_id.clone())}),
                ),
                Some("issue_comment_edited") => push(
                    CommentUpdated,
                    json!({"comment_id": comment.as_ref().map(|c| c.external_id.clone())}),
                ),
                _ => {}
            }
        }
        "comment_created" | "comment_updated" | "comment_deleted" => {
            let kind = match event {
                "comment_created" => CommentCreated,
                "comment_updated" => CommentUpdated,
                _ => CommentDeleted,
            };
            push(
                kind,
                json!({
                    "comment_id": comment.as_ref().map(|c| c.external_id.clone()),
                    "author": comment.as_ref().and_then(|c| c.author.clone()),
                }),
            );
        }
        _ => {}
    }
    match event {
        "jira:issue_deleted" => reading.deleted_issue = Some(issue.external_id.clone()),
        // The issue a comment event carries is a partial one (no
        // description or status): only its id is taken.
        "comment_created" | "comment_updated" | "comment_deleted" => {}
        "jira:issue_created" | "jira:issue_updated" => reading.issue = Some(issue.clone()),
        _ => {}
    }
    if event != "comment_deleted" && event != "jira:issue_deleted" {
        reading.comment = comment.map(|c| (issue.external_id.clone(), c));
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/../../tests/fixtures/jira/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn a_documented_cloud_search_reads_with_adf_and_links() {
        let page = fixture("cloud_search_jql.json");
        let i = issue_from("https://your-domain.atlassian.net", &page["issues"][0]).unwrap();
        assert_eq!(i.key, "ED-1");
        assert_eq!(i.external_id, "10002");
        assert_eq!(i.number, None);
        assert_eq!(i.body, "Main order flow broken");
        assert_eq!(
            i.links,
            vec![
                IssueLink {
                    kind: "blocks".into(),
                    key: "PR-2".into()
                },
                IssueLink {
                    kind: "is_blocked_by".into(),
                    key: "PR-3".into()
                },
            ]
        );
        assert_eq!(
            i.url.as_deref(),
            Some("https://your-domain.atlassian.net/browse/ED-1")
        );
    }

    #[test]
    fn a_documented_server_search_reads_plain_text() {
        let page = fixture("server_search.json");
        let i = issue_from("http://kelpie9:8081", &page["issues"][0]).unwrap();
        assert_eq!(i.key, "BULK-62");
        assert_eq!(i.title, "testing");
        assert_eq!(i.status.as_deref(), Some("Open"));
        assert_eq!(i.assignees, vec!["fred"]);
    }

    #[test]
    fn the_documented_issue_updated_webhook_reads() {
        let p = fixture("webhook_issue_updated.json");
        let r = read_webhook("jira:issue_updated", &p).unwrap();
        assert_eq!(r.project.as_deref(), Some("JRA"));
        let issue = r.issue.unwrap();
        assert_eq!(issue.key, "JRA-20002");
        assert_eq!(issue.priority.as_deref(), Some("Minor"));
        assert_eq!(issue.labels, vec!["UI", "dialogue", "move"]);
        assert_eq!(issue.body, "Make the issue nav load 10x faster");
        // The example has no fields.updated: the delivery's time dates it.
        assert_eq!(
            issue.updated_at,
            parse_time(&json!("2011-06-07T10:31:26.805-0500")).unwrap()
        );
        assert_eq!(r.events[0].kind, EventKind::IssueUpdated);
        assert_eq!(
            r.events[0].data,
            json!({"changed": ["summary", "issuetype"]})
        );
        assert_eq!(r.events[0].actor.as_deref(), Some("brollins"));
        let (on, comment) = r.comment.unwrap();
        assert_eq!(on, "99291");
        assert_eq!(comment.body, "Just in time for AtlasCamp!");

        let mut status = p.clone();
        status["changelog"]["items"] = json!([
            {"field": "status", "fromString": "To Do", "toString": "Done"},
            {"field": "priority", "fromString": "Minor", "toString": "Major"},
            {"field": "labels", "fromString": "UI", "toString": "UI move"}
        ]);
        let kinds: Vec<EventKind> = read_webhook("", &status)
            .unwrap()
            .events
            .iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                EventKind::IssueUpdated,
                EventKind::StatusChanged,
                EventKind::PriorityChanged,
                EventKind::LabelChanged
            ]
        );
        let mut deleted = p.clone();
        deleted["webhookEvent"] = json!("jira:issue_deleted");
        let r = read_webhook("", &deleted).unwrap();
        assert_eq!(r.deleted_issue.as_deref(), Some("99291"));
        assert!(r.comment.is_none() && r.issue.is_none());
    }

    #[test]
    fn adf_reads_as_text_within_bounds() {
        let doc = json!({"type": "doc", "version": 1, "content": [
            {"type": "heading", "attrs": {"level": 1}, "content": [{"type": "text", "text": "Title"}]},
            {"type": "paragraph", "content": [
                {"type": "text", "text": "one", "marks": [{"type": "strong"}]},
                {"type": "hardBreak"},
                {"type": "text", "text": "two"}
            ]},
            {"type": "bulletList", "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}]},
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "b"}]}]}
            ]},
            {"type": "codeBlock", "content": [{"type": "text", "text": "x = 1"}]}
        ]});
        assert_eq!(adf_to_text(&doc), "Title\n\none\ntwo\n\n- a\n- b\n\nx = 1");
        // Nested deeper than the bound: what is past it is not read.
        let mut deep = json!({"type": "text", "text": "bottom"});
        for _ in 0..200 {
            deep = json!({"type": "paragraph", "content": [deep]});
        }
        assert_eq!(adf_to_text(&deep), "");
        let back = adf_from_text("one\ntwo\n\nthree");
        assert_eq!(adf_to_text(&back), "one\ntwo\n\nthree");
        assert_eq!(adf_from_text("")["content"], json!([]));
    }

    #[test]
    fn keys_are_checked_against_the_project() {
        assert!(check_key("PROJ", "PROJ-12").is_ok());
        assert!(check_key("PROJ", "proj-12").is_ok());
        for bad in [
            "OTHER-1",
            "PROJ-",
            "PROJ-1a",
            "PROJ-1/../x",
            "12",
            "PROJ-9999999999999",
        ] {
            assert!(check_key("PROJ", bad).is_err(), "{bad}");
        }
        assert!(check_project("A B").is_err() && check_project("1X").is_err());
    }

    #[test]
    fn pages_keep_their_search() {
        let url = "/rest/api/2/search?jql=project%20%3D%20X&maxResults=2&startAt=0";
        let next = with_param(url, "startAt", "2");
        assert_eq!(
            next,
            "/rest/api/2/search?jql=project%20%3D%20X&maxResults=2&startAt=2"
        );
        assert_eq!(start_of(&next), 2);
        assert_eq!(
            with_param("/s?jql=a", "nextPageToken", "a&b=c"),
            "/s?jql=a&nextPageToken=a%26b%3Dc"
        );
        assert_eq!(
            site_of("https://Example.atlassian.net/jira"),
            "example.atlassian.net"
        );
        assert_eq!(site_of("http://127.0.0.1:8080"), "127.0.0.1:8080");
    }
}
