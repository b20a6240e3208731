//! The built-in issue tools, run: the proxy has already decided the call
//! (policy, approval) and audits it; this reads the arguments, finds the
//! issue, pull or merge request they name, and asks its tracker or the
//! store. What goes wrong that the agent can act on is a tool error
//! (`isError`), with the reason.

use crate::issues::tracker_ref;
use async_trait::async_trait;
use preloop_core::http::{Request, Response};
use preloop_core::ports::{IssueToolCall, IssueTools};
use preloop_core::store::issues::{self, Filter, Issue};
use preloop_core::store::trackers::{self, Project};
use preloop_core::trackers::refs::{self, Ref};
use preloop_core::trackers::tools::*;
use preloop_core::trackers::{
    IssueKind, IssuePatch, NewIssue, apply, compliance, compliance_model, connect, search,
    tool_relay,
};
use preloop_core::{Env, Error, ErrorKind, Result};
use serde::Deserialize;
use serde_json::{Value, json};

/// The built-in issue tools in this process (natively and on Spin).
pub struct InProcess;

#[async_trait(?Send)]
impl IssueTools for InProcess {
    async fn run(&self, env: &Env, call: &IssueToolCall<'_>) -> std::result::Result<Value, String> {
        match run(env, call).await {
            Ok(v) => Ok(v),
            // Store failures and the like: the call did not happen.
            Err(e) if e.status() >= 500 && e.kind != ErrorKind::Upstream => Err(e.message),
            // The tracker's or the caller's: the agent hears why.
            Err(e) => Ok(error_result(&e.message)),
        }
    }
}

/// A call the proxy's Worker relayed (`tool_relay`), run here once its
/// proof holds.
pub async fn relayed(request: &Request, env: &Env) -> Response {
    if request.method != "POST" {
        return Response::error(&Error::new(
            ErrorKind::MethodNotAllowed,
            "a relayed call is a POST",
        ));
    }
    let relayed = match tool_relay::verified(env.cipher(), env.now_ms(), request) {
        Ok(r) => r,
        Err(e) => return Response::error(&e),
    };
    let answer = match InProcess.run(env, &relayed.call()).await {
        Ok(result) => tool_relay::Answer::Result(result),
        Err(why) => tool_relay::Answer::Error(why),
    };
    Response::json(200, &answer)
}

fn result(value: Value) -> Value {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    json!({"content": [{"type": "text", "text": text}], "structuredContent": value, "isError": false})
}

fn error_result(text: &str) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": true})
}

fn args<T: serde::de::DeserializeOwned>(tool: &str, v: &Value) -> Result<T> {
    serde_json::from_value(v.clone()).map_err(|e| Error::bad_request(format!("{tool}: {e}")))
}

/// The longest text a tool takes in one argument.
const MAX_TEXT: usize = preloop_core::trackers::MAX_BODY_CHARS;

fn bounded(field: &str, v: &Option<String>, max: usize) -> Result<()> {
    if v.as_deref().is_some_and(|s| s.chars().count() > max) {
        return Err(Error::bad_request(format!(
            "{field} is at most {max} characters"
        )));
    }
    Ok(())
}

pub async fn run(env: &Env, call: &IssueToolCall<'_>) -> Result<Value> {
    let account = call.account_id;
    let a = call.arguments;
    match call.tool {
        GET_ISSUE => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                issue: String,
            }
            let x: A = args(call.tool, a)?;
            let issue = find(env, account, &x.issue, None).await?;
            let comments = issues::comments(env.sql(), &issue.id, 100).await?;
            Ok(result(json!({"issue": issue, "comments": comments})))
        }
        GET_PULL_REQUEST | GET_MERGE_REQUEST => {
            let field = if call.tool == GET_PULL_REQUEST {
                "pull_request"
            } else {
                "merge_request"
            };
            let reference = a.get(field).and_then(Value::as_str).ok_or_else(|| {
                Error::bad_request(format!("{}: '{field}' is required", call.tool))
            })?;
            if a.as_object().is_some_and(|o| o.len() > 1) {
                return Err(Error::bad_request(format!(
                    "{}: only '{field}' is taken",
                    call.tool
                )));
            }
            let kind = if call.tool == GET_PULL_REQUEST {
                IssueKind::PullRequest
            } else {
                IssueKind::MergeRequest
            };
            let issue = find(env, account, reference, Some(kind)).await?;
            // Fresh from the tracker: a pull request changes by the minute.
            let issue = refresh(env, account, &issue).await.unwrap_or(issue);
            let comments = issues::comments(env.sql(), &issue.id, 100).await?;
            Ok(result(json!({field: issue, "comments": comments})))
        }
        CREATE_ISSUE => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                project: String,
                title: String,
                #[serde(default)]
                description: Option<String>,
                #[serde(default)]
                labels: Vec<String>,
                #[serde(default)]
                assignees: Vec<String>,
                #[serde(default)]
                priority: Option<String>,
            }
            let x: A = args(call.tool, a)?;
            if x.title.trim().is_empty() {
                return Err(Error::bad_request("create_issue: title is empty"));
            }
            bounded(
                "title",
                &Some(x.title.clone()),
                preloop_core::trackers::MAX_TITLE_CHARS,
            )?;
            bounded("description", &x.description, MAX_TEXT)?;
            let project = project_named(env, account, &x.project).await?;
            let t = tracker(env, account, &project).await?;
            let client = connect::connect(env, &t).await?;
            let created = client
                .create_issue(
                    &project.external_id,
                    &NewIssue {
                        title: x.title,
                        body: x.description,
                        labels: x.labels,
                        assignees: x.assignees,
                        priority: x.priority,
                        issue_type: None,
                    },
                )
                .await?;
            apply::issue(env, &project, &created).await?;
            let stored = issues::by_external(env.sql(), &project.tracker_id, &created.external_id)
                .await?
                .ok_or_else(|| Error::internal("the issue just stored is gone"))?;
            Ok(result(json!({"created": stored})))
        }
        UPDATE_ISSUE | UPDATE_PULL_REQUEST | UPDATE_MERGE_REQUEST => {
            let (field, kind) = match call.tool {
                UPDATE_ISSUE => ("issue", None),
                UPDATE_PULL_REQUEST => ("pull_request", Some(IssueKind::PullRequest)),
                _ => ("merge_request", Some(IssueKind::MergeRequest)),
            };
            let mut fields = a.clone();
            let reference = fields
                .as_object_mut()
                .and_then(|o| o.remove(field))
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or_else(|| {
                    Error::bad_request(format!("{}: '{field}' is required", call.tool))
                })?;
            let patch: IssuePatch = args(call.tool, &fields)?;
            bounded(
                "title",
                &patch.title,
                preloop_core::trackers::MAX_TITLE_CHARS,
            )?;
            bounded("description", &patch.body, MAX_TEXT)?;
            let issue = find(env, account, &reference, kind).await?;
            let project = crate::places::project(env, account, &issue.project_id).await?;
            let t = tracker(env, account, &project).await?;
            let client = connect::connect(env, &t).await?;
            let updated = client
                .update_issue(&project.external_id, &tracker_ref(&issue), &patch)
                .await?;
            apply::issue(env, &project, &updated).await?;
            let stored = issues::get(env.sql(), account, &issue.id).await?;
            Ok(result(json!({"updated": stored})))
        }
        ADD_COMMENT => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                target: String,
                comment: String,
            }
            let x: A = args(call.tool, a)?;
            if x.comment.trim().is_empty() {
                return Err(Error::bad_request("add_comment: comment is empty"));
            }
            bounded("comment", &Some(x.comment.clone()), MAX_TEXT)?;
            let issue = find(env, account, &x.target, None).await?;
            let project = crate::places::project(env, account, &issue.project_id).await?;
            let t = tracker(env, account, &project).await?;
            let client = connect::connect(env, &t).await?;
            let posted = client
                .add_comment(&project.external_id, &tracker_ref(&issue), &x.comment)
                .await?;
            apply::comment(env, &t.id, &issue.external_id, &posted).await?;
            Ok(result(json!({"comment": posted, "on": issue.key})))
        }
        SEARCH => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                query: String,
                #[serde(default)]
                project: Option<String>,
                #[serde(default)]
                limit: Option<usize>,
            }
            let x: A = args(call.tool, a)?;
            bounded("query", &Some(x.query.clone()), 1_000)?;
            let project_id = match &x.project {
                Some(p) => Some(project_named(env, account, p).await?.id),
                None => None,
            };
            let hits = search::hybrid(
                env,
                account,
                &x.query,
                project_id.as_deref(),
                x.limit.unwrap_or(10).clamp(1, 50),
            )
            .await?;
            // Compact: what an agent needs to pick one and ask for more.
            let found: Vec<Value> = hits
                .iter()
                .map(|h| {
                    json!({
                        "key": h.issue.key, "title": h.issue.title, "state": h.issue.state,
                        "kind": h.issue.kind, "url": h.issue.url, "score": h.score,
                        "matched_by": h.matched_by,
                    })
                })
                .collect();
            Ok(result(json!({"results": found})))
        }
        ESTIMATE_COMPLIANCE => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                #[serde(default)]
                issues: Vec<String>,
                #[serde(default)]
                project: Option<String>,
            }
            let x: A = args(call.tool, a)?;
            let chosen: Vec<Issue> = match (&x.project, x.issues.is_empty()) {
                (Some(p), true) => {
                    let project = project_named(env, account, p).await?;
                    issues::list(
                        env.sql(),
                        account,
                        &Filter {
                            project_id: Some(project.id),
                            state: Some("open".into()),
                            ..Filter::default()
                        },
                        200,
                    )
                    .await?
                }
                (None, false) => {
                    let mut out = Vec::new();
                    for r in x.issues.iter().take(100) {
                        out.push(find(env, account, r, None).await?);
                    }
                    out
                }
                _ => {
                    return Err(Error::bad_request(
                        "estimate_compliance: give issues or a project",
                    ));
                }
            };
            // Named issues are judged by the model (the first few; each
            // uncached one is a model call), a whole project by the rules.
            let named = x.project.is_none();
            let mut assessed = Vec::with_capacity(chosen.len());
            for (i, issue) in chosen.iter().enumerate() {
                let use_model = named && i < compliance_model::MAX_MODEL_ISSUES;
                assessed.push(compliance_model::assess(env, account, issue, use_model).await);
            }
            let summary = compliance::summarise(
                &assessed
                    .iter()
                    .map(|e| e.assessment.clone())
                    .collect::<Vec<_>>(),
            );
            Ok(result(json!({"summary": summary, "issues": assessed})))
        }
        IMPROVE_COMPLIANCE => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct A {
                issue: String,
            }
            let x: A = args(call.tool, a)?;
            let issue = find(env, account, &x.issue, None).await?;
            let evaluated = compliance_model::assess(env, account, &issue, true).await;
            let assessed = &evaluated.assessment;
            let suggestions: Vec<Value> = assessed
                .findings
                .iter()
                .filter(|f| !f.passed)
                .map(|f| json!({"check": f.check, "suggestion": f.suggestion}))
                .collect();
            Ok(result(json!({
                "issue": issue.key, "score": assessed.score, "ready": assessed.ready,
                "suggestions": suggestions, "scorer": assessed.scorer,
                "model_error": evaluated.model_error,
            })))
        }
        other => Err(Error::bad_request(format!(
            "no built-in tool named {other}"
        ))),
    }
}

/// The issue a reference names, from the store; one not synced yet is
/// read from its tracker (and stored) when its project is known.
async fn find(env: &Env, account: &str, reference: &str, kind: Option<IssueKind>) -> Result<Issue> {
    let reference = reference.trim();
    if reference.len() == 26
        && reference.bytes().all(|b| b.is_ascii_alphanumeric())
        && let Some(i) = issues::get(env.sql(), account, reference).await?
    {
        return check_kind(i, kind);
    }
    let parsed = refs::parse(reference).ok_or_else(|| {
        Error::bad_request(format!(
            "'{}' is not an issue reference (a URL, owner/repo#12, group/project!3, PROJ-7 or an id)",
            preloop_core::trackers::clip(reference, 100)
        ))
    })?;
    let parsed = match (parsed, kind) {
        // A pull request's or merge request's number alone names the kind.
        (
            Ref::Numbered {
                project, number, ..
            },
            Some(IssueKind::MergeRequest),
        ) => Ref::Numbered {
            project,
            number,
            change: true,
        },
        (r, _) => r,
    };
    let Some(key) = parsed.key(None) else {
        return Err(Error::bad_request(
            "name the project too: owner/repo#12 rather than #12",
        ));
    };
    // A GitHub pull request's key is written like an issue's.
    let lookup = key.replace(
        '!',
        if kind == Some(IssueKind::PullRequest) {
            "#"
        } else {
            "!"
        },
    );
    if let Some(i) = issues::by_key(env.sql(), account, &lookup).await? {
        return check_kind(i, kind);
    }
    // Not synced (yet): ask the tracker of the project it names.
    if let Ref::Numbered {
        project,
        number,
        change,
    } = &parsed
        && let Ok(p) = project_named(env, account, project).await
    {
        let t = tracker(env, account, &p).await?;
        let client = connect::connect(env, &t).await?;
        let number = if *change && t.kind == preloop_core::trackers::TrackerKind::Gitlab {
            format!("{project}!{number}")
        } else {
            number.to_string()
        };
        let fetched = client.issue(&p.external_id, &number).await?;
        apply::issue(env, &p, &fetched).await?;
        if let Some(i) = issues::by_external(env.sql(), &p.tracker_id, &fetched.external_id).await?
        {
            return check_kind(i, kind);
        }
    }
    Err(Error::not_found(format!(
        "no issue {key} in the connected trackers"
    )))
}

fn check_kind(issue: Issue, kind: Option<IssueKind>) -> Result<Issue> {
    match kind {
        Some(k) if issue.kind != k => Err(Error::bad_request(format!(
            "{} is a {}, not a {}",
            issue.key,
            issue.kind.as_str().replace('_', " "),
            k.as_str().replace('_', " ")
        ))),
        _ => Ok(issue),
    }
}

/// Reads an issue again from its tracker and stores it.
async fn refresh(env: &Env, account: &str, issue: &Issue) -> Result<Issue> {
    let project = crate::places::project(env, account, &issue.project_id).await?;
    let t = tracker(env, account, &project).await?;
    let client = connect::connect(env, &t).await?;
    let fresh = client
        .issue(&project.external_id, &tracker_ref(issue))
        .await?;
    apply::issue(env, &project, &fresh).await?;
    issues::get(env.sql(), account, &issue.id)
        .await?
        .ok_or_else(|| Error::not_found("the issue is gone"))
}

/// A project by its id or by the tracker's name for it, among the
/// account's synced projects.
async fn project_named(env: &Env, account: &str, name: &str) -> Result<Project> {
    if let Some(p) = trackers::project(env.sql(), account, name).await? {
        return Ok(p);
    }
    trackers::projects(env.sql(), account, None)
        .await?
        .into_iter()
        .find(|p| p.in_scope && p.external_id.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            Error::not_found(format!(
                "no synced project named {}",
                preloop_core::trackers::clip(name, 200)
            ))
        })
}

async fn tracker(env: &Env, account: &str, p: &Project) -> Result<trackers::Tracker> {
    trackers::get(env.sql(), account, &p.tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("the project's tracker is gone"))
}
