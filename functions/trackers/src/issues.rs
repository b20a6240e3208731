//! `/api/v1/issues`: the issues synced from the account's trackers, found
//! by listing or by text, and created, changed and commented on in the
//! tracker itself (the tracker's answer is stored at once, so the change
//! is seen here before its webhook arrives).

use crate::places::project;
use preloop_core::auth::Principal;
use preloop_core::http::{Request, Response};
use preloop_core::store::issues::{self, Filter, Issue};
use preloop_core::store::trackers::{self, Project};
use preloop_core::trackers::{IssueKind, IssuePatch, NewIssue, apply, connect, search};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::json;

/// The longest search query taken.
const MAX_QUERY: usize = 1_000;
const MAX_COMMENT: usize = 65_536;

pub async fn route(
    env: &Env,
    principal: &Principal,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    let account = principal.account_id.as_str();
    match (request.method.as_str(), rest) {
        ("GET", []) => list(env, account, request).await,
        ("GET", ["search"]) => search(env, account, request).await,
        ("GET", ["duplicates"]) => crate::duplicates::scan(env, account, request).await,
        ("POST", []) => create(env, account, request).await,
        ("GET", [id]) => Ok(Response::json(200, &get(env, account, id).await?)),
        ("PUT", [id]) => change(env, account, id, request).await,
        ("GET", [id, "comments"]) => {
            let issue = get(env, account, id).await?;
            let comments = issues::comments(env.sql(), &issue.id, 1000).await?;
            Ok(Response::json(200, &json!({"comments": comments})))
        }
        ("POST", [id, "comments"]) => comment(env, account, id, request).await,
        ("GET", [id, "compliance"]) => {
            let issue = get(env, account, id).await?;
            crate::quality::issue_compliance(env, account, &issue, request).await
        }
        ("GET", [id, "dependencies"]) => {
            let issue = get(env, account, id).await?;
            crate::quality::issue_dependencies(env, account, issue).await
        }
        ("GET", [id, "duplicates"]) => {
            let issue = get(env, account, id).await?;
            crate::duplicates::of_issue(env, account, &issue, request).await
        }
        ("POST", [id, "duplicates"]) => {
            let issue = get(env, account, id).await?;
            crate::duplicates::decide(env, principal, &issue, request).await
        }
        _ => Err(Error::not_found("no such route")),
    }
}

async fn get(env: &Env, account: &str, id: &str) -> Result<Issue> {
    issues::get(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such issue"))
}

async fn list(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let limit = crate::limit_of(request, 50, 500)?;
    if let Some(key) = request.query_param("key") {
        let found = issues::by_key(env.sql(), account, &key).await?;
        return Ok(Response::json(
            200,
            &json!({"issues": found.into_iter().collect::<Vec<_>>()}),
        ));
    }
    let before = match request.query_param("cursor") {
        Some(c) => {
            let (at, id) = c
                .split_once('.')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_string())))
                .ok_or_else(|| Error::bad_request("cursor is not one this API gave"))?;
            Some((at, id))
        }
        None => None,
    };
    let filter = Filter {
        project_id: request.query_param("project_id"),
        state: request.query_param("state"),
        kind: request.query_param("kind"),
        before,
    };
    let found = issues::list(env.sql(), account, &filter, limit).await?;
    let next = (found.len() == limit)
        .then(|| {
            found
                .last()
                .map(|i| format!("{}.{}", i.remote_updated_at, i.id))
        })
        .flatten();
    Ok(Response::json(
        200,
        &json!({"issues": found, "next_cursor": next}),
    ))
}

async fn search(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let query = request
        .query_param("query")
        .or_else(|| request.query_param("q"))
        .ok_or_else(|| Error::bad_request("query is required"))?;
    if query.chars().count() > MAX_QUERY {
        return Err(Error::bad_request(format!(
            "a query is at most {MAX_QUERY} characters"
        )));
    }
    let limit = crate::limit_of(request, 10, 100)?;
    let project_id = request.query_param("project_id");
    let mode = search::Mode::parse(request.query_param("mode").as_deref())?;
    let results = search::run(env, account, &query, project_id.as_deref(), limit, mode).await?;
    // Which model's vectors ranked by meaning (none: words alone).
    let model = env
        .embedder()
        .filter(|_| mode != search::Mode::Text)
        .map(|e| e.model().to_string());
    Ok(Response::json(
        200,
        &json!({"query": query, "results": results, "embedding_model": model}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    project_id: String,
    title: String,
    #[serde(default, alias = "description")]
    body: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    assignees: Vec<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    issue_type: Option<String>,
}

fn check_text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::bad_request(format!(
            "{field} is at most {max} characters"
        )));
    }
    Ok(())
}

async fn create(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let raw: CreateBody = request.json()?;
    let (project_id, new) = (
        raw.project_id,
        NewIssue {
            title: raw.title,
            body: raw.body,
            labels: raw.labels,
            assignees: raw.assignees,
            priority: raw.priority,
            issue_type: raw.issue_type,
        },
    );
    if new.title.trim().is_empty() {
        return Err(Error::bad_request("title is required"));
    }
    check_text("title", &new.title, preloop_core::trackers::MAX_TITLE_CHARS)?;
    check_text(
        "body",
        new.body.as_deref().unwrap_or(""),
        preloop_core::trackers::MAX_BODY_CHARS,
    )?;
    let p = project(env, account, &project_id).await?;
    let t = tracker_of(env, account, &p).await?;
    let client = connect::connect(env, &t).await?;
    let created = client.create_issue(&p.external_id, &new).await?;
    apply::issue(env, &p, &created).await?;
    let stored = issues::by_external(env.sql(), &p.tracker_id, &created.external_id)
        .await?
        .ok_or_else(|| Error::internal("the issue just stored is gone"))?;
    Ok(Response::json(201, &stored))
}

async fn tracker_of(env: &Env, account: &str, p: &Project) -> Result<trackers::Tracker> {
    trackers::get(env.sql(), account, &p.tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("the project's tracker is gone"))
}

/// How the tracker names an issue in its API: GitHub's and GitLab's
/// number, Jira's key. A GitLab merge request is named by its key
/// (`group/project!3`): its number is in a sequence of its own.
pub(crate) fn tracker_ref(issue: &Issue) -> String {
    match (issue.kind, issue.number) {
        (IssueKind::MergeRequest, _) | (_, None) => issue.key.clone(),
        (_, Some(n)) => n.to_string(),
    }
}

async fn change(env: &Env, account: &str, id: &str, request: &Request) -> Result<Response> {
    let patch: IssuePatch = request.json()?;
    if let Some(t) = &patch.title {
        check_text("title", t, preloop_core::trackers::MAX_TITLE_CHARS)?;
    }
    if let Some(b) = &patch.body {
        check_text("body", b, preloop_core::trackers::MAX_BODY_CHARS)?;
    }
    let issue = get(env, account, id).await?;
    let p = project(env, account, &issue.project_id).await?;
    let t = tracker_of(env, account, &p).await?;
    let client = connect::connect(env, &t).await?;
    let updated = client
        .update_issue(&p.external_id, &tracker_ref(&issue), &patch)
        .await?;
    apply::issue(env, &p, &updated).await?;
    Ok(Response::json(200, &get(env, account, id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentBody {
    #[serde(alias = "comment")]
    body: String,
}

async fn comment(env: &Env, account: &str, id: &str, request: &Request) -> Result<Response> {
    let body: CommentBody = request.json()?;
    if body.body.trim().is_empty() {
        return Err(Error::bad_request("body is required"));
    }
    check_text("body", &body.body, MAX_COMMENT)?;
    let issue = get(env, account, id).await?;
    let p = project(env, account, &issue.project_id).await?;
    let t = tracker_of(env, account, &p).await?;
    let client = connect::connect(env, &t).await?;
    let created = client
        .add_comment(&p.external_id, &tracker_ref(&issue), &body.body)
        .await?;
    apply::comment(env, &t.id, &issue.external_id, &created).await?;
    Ok(Response::json(201, &created))
}
