//! `/api/v1/issues/duplicates` and `/api/v1/issues/{id}/duplicates`:
//! duplicate candidates and what people decide about them. Deciding
//! "duplicate" closes the issue in its tracker with a comment naming the
//! other ("Duplicate of …", which GitHub itself reads as a duplicate
//! mark); "linked" comments on it; either can stay in Preloop alone
//! (`in_tracker: false`).

use crate::places::project;
use preloop_core::auth::Principal;
use preloop_core::http::{Request, Response};
use preloop_core::store::issue_duplicates::{self, Resolution};
use preloop_core::store::issues::{self, Issue};
use preloop_core::store::trackers;
use preloop_core::trackers::{IssuePatch, apply, connect, duplicates};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::json;

pub async fn scan(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let threshold = duplicates::threshold_of(request.query_param("threshold"))?;
    let limit = crate::limit_of(request, 50, 500)?;
    let pairs = duplicates::scan(
        env,
        account,
        request.query_param("project_id"),
        threshold,
        limit,
    )
    .await?;
    Ok(Response::json(
        200,
        &json!({"threshold": threshold, "scanned_at_most": duplicates::MAX_SCAN, "pairs": pairs}),
    ))
}

pub async fn of_issue(
    env: &Env,
    account: &str,
    issue: &Issue,
    request: &Request,
) -> Result<Response> {
    let threshold = duplicates::threshold_of(request.query_param("threshold"))?;
    let limit = crate::limit_of(request, 10, 100)?;
    let candidates = duplicates::candidates(env, account, issue, threshold, limit).await?;
    let decided = issue_duplicates::of_issue(env.sql(), account, &issue.id).await?;
    Ok(Response::json(
        200,
        &json!({"threshold": threshold, "candidates": candidates, "decided": decided}),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Decision {
    other_id: String,
    resolution: String,
    #[serde(default)]
    comment: Option<String>,
    /// Whether a duplicate or link is also made in the tracker.
    #[serde(default = "yes")]
    in_tracker: bool,
}

fn yes() -> bool {
    true
}

pub async fn decide(
    env: &Env,
    principal: &Principal,
    issue: &Issue,
    request: &Request,
) -> Result<Response> {
    let account = principal.account_id.as_str();
    let body: Decision = request.json()?;
    let resolution = Resolution::parse(&body.resolution)?;
    if body
        .comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > 4_000)
    {
        return Err(Error::bad_request("comment is at most 4000 characters"));
    }
    if body.other_id == issue.id {
        return Err(Error::bad_request("an issue is not its own duplicate"));
    }
    let other = issues::get(env.sql(), account, &body.other_id)
        .await?
        .ok_or_else(|| Error::not_found("no such other issue"))?;
    let similarity = duplicates::candidates(env, account, issue, 0.0, 100)
        .await?
        .into_iter()
        .find(|c| c.issue.id == other.id)
        .map(|c| f64::from(c.similarity));
    if body.in_tracker && resolution != Resolution::NotDuplicate {
        act_in_tracker(
            env,
            account,
            issue,
            &other,
            resolution,
            body.comment.as_deref(),
        )
        .await?;
    }
    issue_duplicates::decide(
        env.sql(),
        &env.new_id(),
        account,
        &issue.id,
        &other.id,
        resolution,
        similarity,
        body.comment.as_deref(),
        Some(principal.audit_label().as_str()),
        env.now_ms(),
    )
    .await?;
    let decided = issue_duplicates::of_issue(env.sql(), account, &issue.id).await?;
    Ok(Response::json(200, &json!({"decided": decided})))
}

/// Says it in the issue's tracker: "Duplicate of …" and closed, or
/// "Related to …".
async fn act_in_tracker(
    env: &Env,
    account: &str,
    issue: &Issue,
    other: &Issue,
    resolution: Resolution,
    comment: Option<&str>,
) -> Result<()> {
    let p = project(env, account, &issue.project_id).await?;
    let t = trackers::get(env.sql(), account, &p.tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("the issue's tracker is gone"))?;
    let client = connect::connect(env, &t).await?;
    let same_project = other.project_id == issue.project_id;
    let name = match (&other.number, same_project) {
        (Some(n), true) if other.kind == issue.kind || other.key.contains('#') => format!("#{n}"),
        _ => other.key.clone(),
    };
    let said = match resolution {
        Resolution::Duplicate => format!("Duplicate of {name}"),
        _ => format!("Related to {name}"),
    };
    let text = match comment {
        Some(c) if !c.trim().is_empty() => format!("{said}\n\n{c}"),
        _ => said,
    };
    let number = crate::issues::tracker_ref(issue);
    let posted = client.add_comment(&p.external_id, &number, &text).await?;
    apply::comment(env, &t.id, &issue.external_id, &posted).await?;
    if resolution == Resolution::Duplicate && issue.state == "open" {
        let closed = client
            .update_issue(
                &p.external_id,
                &number,
                &IssuePatch {
                    state: Some("closed".into()),
                    ..IssuePatch::default()
                },
            )
            .await?;
        apply::issue(env, &p, &closed).await?;
    }
    Ok(())
}
