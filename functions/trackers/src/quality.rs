//! How ready issues are, and what they depend on: the definition-of-ready
//! scorer and the dependency graph, per issue and per project. A project's
//! summary is the rules' (a model call per issue would make one page cost
//! hundreds); one issue is judged by the configured model too.

use preloop_core::http::{Request, Response};
use preloop_core::store::issues::{self, Filter, Issue};
use preloop_core::trackers::{compliance, compliance_model, dependencies};
use preloop_core::{Env, Error, Result};
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

/// One issue against the definition of ready: by the configured model
/// (with the rules' answer beside it) unless `scorer=rules` is asked.
pub async fn issue_compliance(
    env: &Env,
    account: &str,
    issue: &Issue,
    request: &Request,
) -> Result<Response> {
    let use_model = match request.query_param("scorer").as_deref() {
        None | Some("model") => true,
        Some("rules") => false,
        Some(_) => return Err(Error::bad_request("scorer is model or rules")),
    };
    Ok(Response::json(
        200,
        &compliance_model::assess(env, account, issue, use_model).await,
    ))
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
