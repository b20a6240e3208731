//! Finding what a tracker holds: the organizations and projects its
//! credentials reach, which of them the tracker's scope takes, and
//! Preloop's webhook registered on each organization taken (or the reason
//! it could not be).

use super::{RemoteOrganization, RemoteProject, Tracker, WebhookRegistration};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::store::trackers::{self, Tracker as StoredTracker};
use serde::Serialize;

/// The webhook address of one organization.
pub fn webhook_url(env: &Env, kind: &str, organization_id: &str) -> String {
    format!(
        "{}/api/v1/private/webhooks/{kind}/{organization_id}",
        env.config.public_url.trim_end_matches('/')
    )
}

#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Discovered {
    pub organizations: usize,
    pub projects: usize,
    pub webhooks_registered: usize,
    pub webhooks_manual: usize,
}

/// Lists and stores the tracker's organizations and projects, marking what
/// its scope takes; registers webhooks where none is yet.
pub async fn discover(env: &Env, t: &StoredTracker, client: &dyn Tracker) -> Result<Discovered> {
    let mut found = Discovered::default();
    let scope = &t.scope;
    // Named organizations (and the owners of named projects) are read one
    // by one; with none named, everything the credentials reach.
    let mut names: Vec<String> = scope.organizations.clone();
    for p in &scope.projects {
        if let Some((owner, _)) = p.rsplit_once('/').or(Some((p.as_str(), "")))
            && !owner.is_empty()
            && t.kind != super::TrackerKind::Jira
            && !names.iter().any(|n| n.eq_ignore_ascii_case(owner))
        {
            names.push(owner.to_string());
        }
    }
    let organizations: Vec<RemoteOrganization> = if names.is_empty() {
        client.organizations().await?
    } else {
        let mut out = Vec::new();
        for name in names.iter().take(100) {
            out.push(client.organization(name).await?);
        }
        out
    };
    let now = env.now_ms();
    for org in organizations.iter().take(1_000) {
        let taken = scope.takes_organization(&org.external_id);
        let org_id = trackers::upsert_organization(
            env.sql(),
            &env.new_id(),
            &t.account_id,
            &t.id,
            org,
            taken,
            now,
        )
        .await?;
        found.organizations += 1;
        if !taken {
            continue;
        }
        // Projects named in the scope are taken as named (their first page
        // of issues says whether they exist), which saves a request each.
        let named: Vec<RemoteProject> = scope
            .projects
            .iter()
            .filter(|p| belongs_to(t, p, &org.external_id))
            .map(|p| RemoteProject {
                external_id: p.clone(),
                name: p.rsplit('/').next().unwrap_or(p).to_string(),
                url: None,
            })
            .collect();
        let projects = if scope.projects.is_empty() {
            client.projects(&org.external_id).await?
        } else {
            named
        };
        for p in projects.iter().take(5_000) {
            trackers::upsert_project(
                env.sql(),
                &env.new_id(),
                &t.account_id,
                &t.id,
                &org_id,
                p,
                scope.takes_project(&org.external_id, &p.external_id),
                now,
            )
            .await?;
            found.projects += 1;
        }
        let stored = trackers::organization(env.sql(), &t.account_id, &org_id)
            .await?
            .ok_or_else(|| Error::internal("the organization just stored is gone"))?;
        if stored.webhook_status.as_deref() == Some("registered") {
            continue;
        }
        let secret = super::connect::webhook_secret(env, t)?;
        let url = webhook_url(env, t.kind.as_str(), &org_id);
        let (status, message, external) = match client
            .register_webhook(&org.external_id, &url, &secret)
            .await
        {
            Ok(WebhookRegistration::Registered { external_id }) => {
                found.webhooks_registered += 1;
                ("registered", None, Some(external_id))
            }
            Ok(WebhookRegistration::Manual { message }) => {
                found.webhooks_manual += 1;
                ("manual", Some(message), None)
            }
            Err(e) => ("failed", Some(e.message), None),
        };
        trackers::set_webhook(
            env.sql(),
            &org_id,
            status,
            message.as_deref(),
            external.as_deref(),
            env.now_ms(),
        )
        .await?;
    }
    Ok(found)
}

/// Whether a scoped project belongs to `organization`: GitHub's and
/// GitLab's organization is the path before the last `/`; a Jira tracker
/// has one organization, its site, and every project is the site's.
fn belongs_to(t: &StoredTracker, project: &str, organization: &str) -> bool {
    match t.kind {
        super::TrackerKind::Jira => true,
        _ => project
            .rsplit_once('/')
            .is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(organization)),
    }
}
