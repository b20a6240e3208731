//! How ready issues are, and what they depend on: the definition-of-ready
//! scorer and the dependency graph, per issue and per project.

use preloop_core::http::Response;
use preloop_core::store::issues::{self, Filter, Issue};
use preloop_core::trackers::{compliance, dependencies};
use preloop_core::{Env, Result};
use serde_json::json;

/// Open issues a project summary reads (the most recently changed).
const SUMMARY_ISSUES: usize = 500;

pub async fn project_compliance(env: &Env, account: &str, project_id: &str) -> Result<Response> {
    let open = issues::list(
        env.sql(),
        account,
        &Filter {
            project_id: Some(project_id.to_string()),
            state: Some("open".into()),
            ..Filter::default()
        },
        SUMMARY_ISSUES,
    )
    .await?;
    let mut assessed: Vec<(String, compliance::Assessment)> = open
        .iter()
        .map(|i| (i.id.clone(), compliance::assess(i)))
        .collect();
    let summary =
        compliance::summarise(&assessed.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>());
    // Least ready first: what to fix next.
    assessed.sort_by(|a, b| a.1.score.total_cmp(&b.1.score));
    let issues: Vec<serde_json::Value> = assessed
        .into_iter()
        .map(|(id, a)| {
            let mut v = json!(a);
            v["issue_id"] = json!(id);
            v
        })
        .collect();
    Ok(Response::json(
        200,
        &json!({"project_id": project_id, "summary": summary, "issues": issues}),
    ))
}

pub fn issue_compliance(issue: &Issue) -> Response {
    Response::json(200, &compliance::assess(issue))
}

pub async fn issue_dependencies(env: &Env, account: &str, issue: Issue) -> Result<Response> {
    Ok(Response::json(
        200,
        &dependencies::of_issue(env, account, issue).await?,
    ))
}

pub async fn project_dependencies(env: &Env, account: &str, project_id: &str) -> Result<Response> {
    Ok(Response::json(
        200,
        &dependencies::of_project(env, account, project_id).await?,
    ))
}
