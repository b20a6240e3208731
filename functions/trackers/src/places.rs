//! `/api/v1/organizations` and `/api/v1/projects`: what the account's
//! trackers hold, and whether each is synced.

use preloop_core::http::{Request, Response};
use preloop_core::ports::QueueMessage;
use preloop_core::store::trackers::{self, Organization, Project};
use preloop_core::trackers::SyncCursor;
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
