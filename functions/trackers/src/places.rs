//! `/api/v1/organizations` and `/api/v1/projects`: what the account's
//! trackers hold, and whether each is synced.

use preloop_core::http::{Request, Response};
use preloop_core::ports::QueueMessage;
use preloop_core::store::trackers::{self, Organization, Project};
use preloop_core::trackers::{RemoteOrganization, RemoteProject, SyncCursor, TrackerKind};
use preloop_core::{Env, Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn organization_json(o: &Organization) -> Value {
    json!({
        "id": o.id,
        "tracker_id": o.tracker_id,
        "external_id": o.external_id,
        "name": o.name,
        "url": o.url,
        "in_scope": o.in_scope,
        "webhook": {
            "status": o.webhook_status,
            "message": o.webhook_message,
            "last_heard_at": o.last_webhook_at,
        },
        "created_at": o.created_at,
        "updated_at": o.updated_at,
    })
}

pub fn project_json(p: &Project) -> Value {
    let phase = match &p.sync_cursor {
        SyncCursor::Start => "not_started",
        SyncCursor::Backfill { .. } => "backfill",
        SyncCursor::Incremental { next: Some(_), .. } => "catching_up",
        SyncCursor::Incremental { next: None, .. } => "up_to_date",
    };
    json!({
        "id": p.id,
        "tracker_id": p.tracker_id,
        "organization_id": p.organization_id,
        "external_id": p.external_id,
        "name": p.name,
        "url": p.url,
        "in_scope": p.in_scope,
        "sync": {
            "phase": phase,
            "synced_up_to": p.sync_cursor.since(),
            "last_sync_at": p.last_sync_at,
            "next_sync_at": p.next_sync_at,
            "last_error": p.last_error,
            "last_webhook_at": p.last_webhook_at,
        },
        "created_at": p.created_at,
        "updated_at": p.updated_at,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeChange {
    in_scope: bool,
}

pub async fn organizations(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let tracker = request.query_param("tracker_id");
            let list = trackers::organizations(env.sql(), account, tracker.as_deref()).await?;
            Ok(Response::json(
                200,
                &json!({"organizations": list.iter().map(organization_json).collect::<Vec<_>>()}),
            ))
        }
        ("GET", [id]) => Ok(Response::json(
            200,
            &organization_json(&organization(env, account, id).await?),
        )),
        ("PUT", [id]) => {
            let body: ScopeChange = request.json()?;
            let o = organization(env, account, id).await?;
            rescope(
                env,
                account,
                &o.tracker_id,
                &o.external_id,
                false,
                body.in_scope,
            )
            .await?;
            trackers::set_in_scope(env.sql(), false, &o.id, body.in_scope, env.now_ms()).await?;
            Ok(Response::json(
                200,
                &organization_json(&organization(env, account, id).await?),
            ))
        }
        ("GET", [id, "projects"]) => {
            let o = organization(env, account, id).await?;
            let list = trackers::projects(env.sql(), account, Some(&o.id)).await?;
            Ok(Response::json(
                200,
                &json!({"projects": list.iter().map(project_json).collect::<Vec<_>>()}),
            ))
        }
        _ => Err(Error::not_found("no such route")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProject {
    tracker_id: String,
    /// owner/repo, group/subgroup/project, or a Jira project key.
    external_id: String,
    #[serde(default)]
    name: Option<String>,
}

/// Adds a project by name, with its organization (GitHub's owner, GitLab's
/// group path; a Jira site's own), taken into the tracker's scope. Its
/// first page of issues says whether it exists.
async fn add_project(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let body: NewProject = request.json()?;
    let name = body.external_id.trim();
    if name.is_empty() || name.len() > 400 || name.chars().any(|c| c.is_control() || c == ' ') {
        return Err(Error::bad_request(
            "external_id is a project's name: owner/repo, group/project or PROJ",
        ));
    }
    let t = trackers::get(env.sql(), account, &body.tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("no such tracker"))?;
    let owner = match t.kind {
        TrackerKind::Jira => preloop_core::trackers::jira::site_of(&t.base_url),
        _ => name
            .rsplit_once('/')
            .map(|(o, _)| o.to_string())
            .filter(|o| !o.is_empty())
            .ok_or_else(|| Error::bad_request("a project's name is owner/repo or group/project"))?,
    };
    let now = env.now_ms();
    let org_id = trackers::upsert_organization(
        env.sql(),
        &env.new_id(),
        account,
        &t.id,
        &RemoteOrganization {
            external_id: owner.clone(),
            name: owner.clone(),
            url: None,
        },
        true,
        now,
    )
    .await?;
    let remote = RemoteProject {
        external_id: name.to_string(),
        name: body
            .name
            .unwrap_or_else(|| name.rsplit('/').next().unwrap_or(name).to_string()),
        url: None,
    };
    let id = trackers::upsert_project(
        env.sql(),
        &env.new_id(),
        account,
        &t.id,
        &org_id,
        &remote,
        true,
        now,
    )
    .await?;
    let mut scoped = t.clone();
    scoped.scope.set(name, true, true);
    if scoped.scope.projects.is_empty() && !scoped.scope.organizations.is_empty() {
        scoped.scope.set(&owner, false, true);
    }
    if scoped.scope != t.scope {
        scoped.updated_at = now;
        trackers::update(env.sql(), &scoped).await?;
    }
    env.wake(QueueMessage::TrackerWorkDue).await;
    Ok(Response::json(
        201,
        &project_json(&project(env, account, &id).await?),
    ))
}

/// Writes a change of scope into the tracker's scope (which every listing
/// applies) and lists again now.
async fn rescope(
    env: &Env,
    account: &str,
    tracker_id: &str,
    name: &str,
    project: bool,
    taken: bool,
) -> Result<()> {
    let mut t = trackers::get(env.sql(), account, tracker_id)
        .await?
        .ok_or_else(|| Error::not_found("no such tracker"))?;
    t.scope.set(name, project, taken);
    t.updated_at = env.now_ms();
    t.next_sync_at = Some(t.updated_at);
    trackers::update(env.sql(), &t).await?;
    env.wake(QueueMessage::TrackerWorkDue).await;
    Ok(())
}

async fn organization(env: &Env, account: &str, id: &str) -> Result<Organization> {
    trackers::organization(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such organization"))
}

pub async fn project(env: &Env, account: &str, id: &str) -> Result<Project> {
    trackers::project(env.sql(), account, id)
        .await?
        .ok_or_else(|| Error::not_found("no such project"))
}

pub async fn projects(
    env: &Env,
    account: &str,
    request: &Request,
    rest: &[&str],
) -> Result<Response> {
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let list = trackers::projects(env.sql(), account, None).await?;
            Ok(Response::json(
                200,
                &json!({"projects": list.iter().map(project_json).collect::<Vec<_>>()}),
            ))
        }
        ("POST", []) => add_project(env, account, request).await,
        ("GET", [id, "compliance"]) => {
            let p = project(env, account, id).await?;
            crate::quality::project_compliance(env, account, &p.id).await
        }
        ("GET", [id, "dependencies"]) => {
            let p = project(env, account, id).await?;
            crate::quality::project_dependencies(env, account, &p.id).await
        }
        ("GET", [id]) => Ok(Response::json(
            200,
            &project_json(&project(env, account, id).await?),
        )),
        ("PUT", [id]) => {
            let body: ScopeChange = request.json()?;
            let p = project(env, account, id).await?;
            rescope(
                env,
                account,
                &p.tracker_id,
                &p.external_id,
                true,
                body.in_scope,
            )
            .await?;
            trackers::set_in_scope(env.sql(), true, &p.id, body.in_scope, env.now_ms()).await?;
            Ok(Response::json(
                200,
                &project_json(&project(env, account, id).await?),
            ))
        }
        _ => Err(Error::not_found("no such route")),
    }
}
