//! Connected trackers, and the organizations and projects they hold: what
//! is synced, where each project's sync stands, and whether its webhooks
//! are heard.

use super::sql::{Dialect, Row, Sql, Statement, Value};
use crate::custody::{LocalEncrypted, Secrets, VaultKv2};
use crate::error::{Error, Result};
use crate::trackers::{SyncCursor, TrackerKind};
use serde::{Deserialize, Serialize};

/// A tracker kind's own settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackerSettings {
    /// Issues per page when listing (the tracker's maximum is 100).
    #[serde(default = "default_page_size")]
    pub page_size: u32,
    /// How often a project whose webhooks are not heard is polled.
    #[serde(default = "default_poll_interval")]
    pub poll_interval_s: u64,
    /// Jira: `cloud` (REST v3) or `server` (Server and Data Center, REST v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Jira Cloud: the account's email, sent with the API token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

fn default_page_size() -> u32 {
    100
}
fn default_poll_interval() -> u64 {
    900
}

impl Default for TrackerSettings {
    fn default() -> Self {
        TrackerSettings {
            page_size: default_page_size(),
            poll_interval_s: default_poll_interval(),
            edition: None,
            username: None,
        }
    }
}

/// Which organizations and projects are synced: an empty list takes all
/// the credentials reach; `exclude` leaves out organizations or projects
/// the lists would take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub projects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

fn named(list: &[String], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

impl Scope {
    /// Takes `name` (an organization, or a project when `project`) in, or
    /// leaves it out.
    pub fn set(&mut self, name: &str, project: bool, taken: bool) {
        self.exclude.retain(|n| !n.eq_ignore_ascii_case(name));
        let list = if project {
            &mut self.projects
        } else {
            &mut self.organizations
        };
        if taken {
            if !list.is_empty() && !named(list, name) {
                list.push(name.to_string());
            }
        } else {
            list.retain(|n| !n.eq_ignore_ascii_case(name));
            self.exclude.push(name.to_string());
        }
    }

    pub fn takes_organization(&self, external_id: &str) -> bool {
        if named(&self.exclude, external_id) {
            return false;
        }
        self.organizations.is_empty()
            || self
                .organizations
                .iter()
                .any(|o| o.eq_ignore_ascii_case(external_id))
            || self.projects.iter().any(|p| {
                p.rsplit_once('/')
                    .is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(external_id))
            })
    }
    pub fn takes_project(&self, organization: &str, external_id: &str) -> bool {
        if named(&self.exclude, external_id) || named(&self.exclude, organization) {
            return false;
        }
        if self.projects.is_empty() {
            return self.organizations.is_empty()
                || self
                    .organizations
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(organization));
        }
        self.projects
            .iter()
            .any(|p| p.eq_ignore_ascii_case(external_id))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tracker {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub kind: TrackerKind,
    pub base_url: String,
    pub settings: TrackerSettings,
    pub token_enc: Option<String>,
    pub token_ref: Option<String>,
    pub token_hint: Option<String>,
    pub webhook_secret_enc: String,
    pub scope: Scope,
    pub enabled: bool,
    pub last_sync_at: Option<i64>,
    pub next_sync_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Tracker {
    /// Where the token is kept, and its handle there.
    pub fn token_custody(&self) -> Option<(&'static dyn Secrets, &str)> {
        match (&self.token_enc, &self.token_ref) {
            (Some(sealed), _) => Some((&LocalEncrypted, sealed.as_str())),
            (None, Some(reference)) => Some((&VaultKv2, reference.as_str())),
            (None, None) => None,
        }
    }
}

const TRACKER_COLUMNS: &str = "id, account_id, name, kind, base_url, settings, token_enc, token_ref, token_hint, webhook_secret_enc, scope, enabled, last_sync_at, next_sync_at, last_error, last_error_at, created_at, updated_at";

fn tracker_from_row(r: &Row) -> Result<Tracker> {
    Ok(Tracker {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        name: r.str("name")?,
        kind: TrackerKind::parse(&r.str("kind")?)
            .map_err(|_| Error::internal("store: unknown tracker kind"))?,
        base_url: r.str("base_url")?,
        settings: serde_json::from_value(r.json("settings")?)
            .map_err(|e| Error::internal(format!("store: tracker settings: {e}")))?,
        token_enc: r.opt_str("token_enc")?,
        token_ref: r.opt_str("token_ref")?,
        token_hint: r.opt_str("token_hint")?,
        webhook_secret_enc: r.str("webhook_secret_enc")?,
        scope: serde_json::from_value(r.json("scope")?)
            .map_err(|e| Error::internal(format!("store: tracker scope: {e}")))?,
        enabled: r.bool("enabled")?,
        last_sync_at: r.opt_int("last_sync_at")?,
        next_sync_at: r.opt_int("next_sync_at")?,
        last_error: r.opt_str("last_error")?,
        last_error_at: r.opt_int("last_error_at")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

fn json_text<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_string(v)
        .map(Value::Text)
        .map_err(|e| Error::internal(e.to_string()))
}

fn tracker_params(t: &Tracker) -> Result<Vec<Value>> {
    Ok(vec![
        t.id.as_str().into(),
        t.account_id.as_str().into(),
        t.name.as_str().into(),
        t.kind.as_str().into(),
        t.base_url.as_str().into(),
        json_text(&t.settings)?,
        t.token_enc.clone().into(),
        t.token_ref.clone().into(),
        t.token_hint.clone().into(),
        t.webhook_secret_enc.as_str().into(),
        json_text(&t.scope)?,
        t.enabled.into(),
        t.last_sync_at.into(),
        t.next_sync_at.into(),
        t.last_error.clone().into(),
        t.last_error_at.into(),
        Value::Int(t.created_at),
        Value::Int(t.updated_at),
    ])
}

pub async fn insert(sql: &dyn Sql, t: &Tracker) -> Result<()> {
    sql.execute(
        &format!(
            "INSERT INTO trackers ({TRACKER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
        ),
        &tracker_params(t)?,
    )
    .await
    .map(|_| ())
}

/// Saves what an update may change; whether the tracker existed.
pub async fn update(sql: &dyn Sql, t: &Tracker) -> Result<bool> {
    let n = sql
        .execute(
            "UPDATE trackers SET name = $3, base_url = $5, settings = $6, token_enc = $7, token_ref = $8, token_hint = $9, \
             webhook_secret_enc = $10, scope = $11, enabled = $12, next_sync_at = $14, updated_at = $18 \
             WHERE id = $1 AND account_id = $2",
            &{
                // Only what the statement names; the rest are the row's own.
                let p = tracker_params(t)?;
                let keep = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17];
                let mut out = vec![Value::Null; 18];
                for i in keep {
                    out[i] = p[i].clone();
                }
                out
            },
        )
        .await?;
    Ok(n > 0)
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Tracker>> {
    sql.query(
        &format!("SELECT {TRACKER_COLUMNS} FROM trackers WHERE account_id = $1 AND id = $2"),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(tracker_from_row)
    .transpose()
}

/// A tracker by id alone: for the sync and webhooks, which act for the
/// tracker's account.
pub async fn by_id(sql: &dyn Sql, id: &str) -> Result<Option<Tracker>> {
    sql.query(
        &format!("SELECT {TRACKER_COLUMNS} FROM trackers WHERE id = $1"),
        &[id.into()],
    )
    .await?
    .first()
    .map(tracker_from_row)
    .transpose()
}

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<Tracker>> {
    sql.query(
        &format!("SELECT {TRACKER_COLUMNS} FROM trackers WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(tracker_from_row)
    .collect()
}

/// Whether the account has a tracker connected (the built-in issue tools
/// exist only then; one that is not polled still answers them).
pub async fn any_connected(sql: &dyn Sql, account_id: &str) -> Result<bool> {
    Ok(!sql
        .query(
            "SELECT id FROM trackers WHERE account_id = $1 LIMIT 1",
            &[account_id.into()],
        )
        .await?
        .is_empty())
}

/// Removes a tracker with everything synced from it; whether it existed.
pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<bool> {
    let mut statements = Vec::new();
    if sql.dialect() == Dialect::Sqlite {
        // The full-text copy is not a foreign key's child.
        statements.extend(super::issues::fts_removal(
            "SELECT id FROM issues WHERE tracker_id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ));
    }
    statements.push(Statement::new(
        "DELETE FROM embeddings WHERE kind = 'issue' AND account_id = $2 AND ref_id IN (SELECT id FROM issues WHERE tracker_id = $1)",
        vec![id.into(), account_id.into()],
    ));
    statements.push(Statement::new(
        "DELETE FROM tracker_events WHERE tracker_id = $1 AND account_id = $2",
        vec![id.into(), account_id.into()],
    ));
    statements.push(Statement::new(
        "DELETE FROM trackers WHERE id = $1 AND account_id = $2",
        vec![id.into(), account_id.into()],
    ));
    let counts = sql.batch(&statements).await?;
    Ok(counts.last().copied().unwrap_or(0) > 0)
}

/// Enabled trackers whose organizations and projects are due to be listed
/// again (`next_sync_at`; a new tracker's is its creation).
pub async fn due_for_discovery(sql: &dyn Sql, now: i64, limit: usize) -> Result<Vec<Tracker>> {
    sql.query(
        &format!(
            "SELECT {TRACKER_COLUMNS} FROM trackers WHERE enabled = $1 AND next_sync_at IS NOT NULL AND next_sync_at <= $2 \
             ORDER BY next_sync_at LIMIT {}",
            limit.clamp(1, 100)
        ),
        &[true.into(), Value::Int(now)],
    )
    .await?
    .iter()
    .map(tracker_from_row)
    .collect()
}

/// Records how a sync of the tracker went.
pub async fn record_sync(
    sql: &dyn Sql,
    id: &str,
    at: i64,
    next_at: Option<i64>,
    error: Option<&str>,
) -> Result<()> {
    sql.execute(
        "UPDATE trackers SET last_sync_at = $2, next_sync_at = $3, last_error = $4, \
         last_error_at = CASE WHEN $5 THEN $2 ELSE last_error_at END WHERE id = $1",
        &[
            id.into(),
            Value::Int(at),
            next_at.into(),
            error.into(),
            error.is_some().into(),
        ],
    )
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    pub id: String,
    pub account_id: String,
    pub tracker_id: String,
    pub external_id: String,
    pub name: String,
    pub url: Option<String>,
    pub in_scope: bool,
    pub webhook_status: Option<String>,
    pub webhook_message: Option<String>,
    pub webhook_external_id: Option<String>,
    pub last_webhook_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ORG_COLUMNS: &str = "id, account_id, tracker_id, external_id, name, url, in_scope, webhook_status, webhook_message, webhook_external_id, last_webhook_at, created_at, updated_at";

fn org_from_row(r: &Row) -> Result<Organization> {
    Ok(Organization {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        tracker_id: r.str("tracker_id")?,
        external_id: r.str("external_id")?,
        name: r.str("name")?,
        url: r.opt_str("url")?,
        in_scope: r.bool("in_scope")?,
        webhook_status: r.opt_str("webhook_status")?,
        webhook_message: r.opt_str("webhook_message")?,
        webhook_external_id: r.opt_str("webhook_external_id")?,
        last_webhook_at: r.opt_int("last_webhook_at")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

/// Adds an organization or refreshes its name and scope; its id.
pub async fn upsert_organization(
    sql: &dyn Sql,
    new_id: &str,
    account_id: &str,
    tracker_id: &str,
    remote: &crate::trackers::RemoteOrganization,
    in_scope: bool,
    now: i64,
) -> Result<String> {
    let rows = sql
        .query(
            "INSERT INTO tracker_organizations (id, account_id, tracker_id, external_id, name, url, in_scope, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
             ON CONFLICT (tracker_id, external_id) DO UPDATE SET name = excluded.name, url = excluded.url, \
             in_scope = excluded.in_scope, updated_at = excluded.updated_at RETURNING id",
            &[
                new_id.into(),
                account_id.into(),
                tracker_id.into(),
                remote.external_id.as_str().into(),
                remote.name.as_str().into(),
                remote.url.clone().into(),
                in_scope.into(),
                Value::Int(now),
            ],
        )
        .await?;
    rows.first()
        .map(|r| r.str("id"))
        .transpose()?
        .ok_or_else(|| Error::internal("store: organization upsert returned nothing"))
}

pub async fn organizations(
    sql: &dyn Sql,
    account_id: &str,
    tracker_id: Option<&str>,
) -> Result<Vec<Organization>> {
    sql.query(
        &format!(
            "SELECT {ORG_COLUMNS} FROM tracker_organizations WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR tracker_id = $2) ORDER BY external_id"
        ),
        &[account_id.into(), tracker_id.into()],
    )
    .await?
    .iter()
    .map(org_from_row)
    .collect()
}

pub async fn organization(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
) -> Result<Option<Organization>> {
    sql.query(
        &format!(
            "SELECT {ORG_COLUMNS} FROM tracker_organizations WHERE account_id = $1 AND id = $2"
        ),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(org_from_row)
    .transpose()
}

/// An organization by id alone (a webhook's address names it).
pub async fn organization_by_id(sql: &dyn Sql, id: &str) -> Result<Option<Organization>> {
    sql.query(
        &format!("SELECT {ORG_COLUMNS} FROM tracker_organizations WHERE id = $1"),
        &[id.into()],
    )
    .await?
    .first()
    .map(org_from_row)
    .transpose()
}

pub async fn set_webhook(
    sql: &dyn Sql,
    id: &str,
    status: &str,
    message: Option<&str>,
    external_id: Option<&str>,
    now: i64,
) -> Result<()> {
    sql.execute(
        "UPDATE tracker_organizations SET webhook_status = $2, webhook_message = $3, webhook_external_id = $4, updated_at = $5 WHERE id = $1",
        &[id.into(), status.into(), message.into(), external_id.into(), Value::Int(now)],
    )
    .await
    .map(|_| ())
}

/// A webhook of the organization was heard now (and, for the project it
/// named, that project's).
pub async fn heard_webhook(
    sql: &dyn Sql,
    organization_id: &str,
    project: Option<&str>,
    now: i64,
) -> Result<()> {
    let mut statements = vec![Statement::new(
        "UPDATE tracker_organizations SET last_webhook_at = $2 WHERE id = $1",
        vec![organization_id.into(), Value::Int(now)],
    )];
    if let Some(p) = project {
        statements.push(Statement::new(
            "UPDATE tracker_projects SET last_webhook_at = $3 WHERE organization_id = $1 AND external_id = $2",
            vec![organization_id.into(), p.into(), Value::Int(now)],
        ));
    }
    sql.batch(&statements).await.map(|_| ())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: String,
    pub account_id: String,
    pub tracker_id: String,
    pub organization_id: String,
    pub external_id: String,
    pub name: String,
    pub url: Option<String>,
    pub in_scope: bool,
    pub sync_cursor: SyncCursor,
    pub last_sync_at: Option<i64>,
    pub next_sync_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_webhook_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const PROJECT_COLUMNS: &str = "id, account_id, tracker_id, organization_id, external_id, name, url, in_scope, sync_cursor, last_sync_at, next_sync_at, last_error, last_webhook_at, created_at, updated_at";

fn project_from_row(r: &Row) -> Result<Project> {
    Ok(Project {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        tracker_id: r.str("tracker_id")?,
        organization_id: r.str("organization_id")?,
        external_id: r.str("external_id")?,
        name: r.str("name")?,
        url: r.opt_str("url")?,
        in_scope: r.bool("in_scope")?,
        sync_cursor: match r.opt_str("sync_cursor")? {
            Some(text) => serde_json::from_str(&text).unwrap_or_default(),
            None => SyncCursor::Start,
        },
        last_sync_at: r.opt_int("last_sync_at")?,
        next_sync_at: r.opt_int("next_sync_at")?,
        last_error: r.opt_str("last_error")?,
        last_webhook_at: r.opt_int("last_webhook_at")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

/// Adds a project or refreshes its name and scope; its id. A project that
/// comes into scope is due at once.
#[allow(clippy::too_many_arguments)]
pub async fn upsert_project(
    sql: &dyn Sql,
    new_id: &str,
    account_id: &str,
    tracker_id: &str,
    organization_id: &str,
    remote: &crate::trackers::RemoteProject,
    in_scope: bool,
    now: i64,
) -> Result<String> {
    let rows = sql
        .query(
            "INSERT INTO tracker_projects (id, account_id, tracker_id, organization_id, external_id, name, url, in_scope, next_sync_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) \
             ON CONFLICT (tracker_id, external_id) DO UPDATE SET name = excluded.name, url = excluded.url, \
             in_scope = excluded.in_scope, updated_at = excluded.updated_at, \
             next_sync_at = CASE WHEN excluded.in_scope AND NOT tracker_projects.in_scope THEN excluded.next_sync_at ELSE tracker_projects.next_sync_at END \
             RETURNING id",
            &[
                new_id.into(),
                account_id.into(),
                tracker_id.into(),
                organization_id.into(),
                remote.external_id.as_str().into(),
                remote.name.as_str().into(),
                remote.url.clone().into(),
                in_scope.into(),
                Value::Int(now),
            ],
        )
        .await?;
    rows.first()
        .map(|r| r.str("id"))
        .transpose()?
        .ok_or_else(|| Error::internal("store: project upsert returned nothing"))
}

pub async fn projects(
    sql: &dyn Sql,
    account_id: &str,
    organization_id: Option<&str>,
) -> Result<Vec<Project>> {
    sql.query(
        &format!(
            "SELECT {PROJECT_COLUMNS} FROM tracker_projects WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR organization_id = $2) ORDER BY external_id"
        ),
        &[account_id.into(), organization_id.into()],
    )
    .await?
    .iter()
    .map(project_from_row)
    .collect()
}

pub async fn projects_of_tracker(sql: &dyn Sql, tracker_id: &str) -> Result<Vec<Project>> {
    sql.query(
        &format!("SELECT {PROJECT_COLUMNS} FROM tracker_projects WHERE tracker_id = $1 ORDER BY external_id"),
        &[tracker_id.into()],
    )
    .await?
    .iter()
    .map(project_from_row)
    .collect()
}

pub async fn project(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Project>> {
    sql.query(
        &format!(
            "SELECT {PROJECT_COLUMNS} FROM tracker_projects WHERE account_id = $1 AND id = $2"
        ),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(project_from_row)
    .transpose()
}

/// A project by the tracker's name for it.
pub async fn project_by_external(
    sql: &dyn Sql,
    tracker_id: &str,
    external_id: &str,
) -> Result<Option<Project>> {
    sql.query(
        &format!("SELECT {PROJECT_COLUMNS} FROM tracker_projects WHERE tracker_id = $1 AND external_id = $2"),
        &[tracker_id.into(), external_id.into()],
    )
    .await?
    .first()
    .map(project_from_row)
    .transpose()
}

/// Projects in scope whose sync is due and not held by another run, of
/// enabled trackers.
pub async fn due(sql: &dyn Sql, now: i64, limit: usize) -> Result<Vec<Project>> {
    sql.query(
        &format!(
            "SELECT {} FROM tracker_projects p JOIN trackers t ON t.id = p.tracker_id \
             WHERE p.in_scope = $1 AND t.enabled = $1 AND p.next_sync_at IS NOT NULL AND p.next_sync_at <= $2 \
             AND (p.sync_claimed_until IS NULL OR p.sync_claimed_until < $2) ORDER BY p.next_sync_at LIMIT {}",
            PROJECT_COLUMNS
                .split(", ")
                .map(|c| format!("p.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            limit.clamp(1, 1000)
        ),
        &[true.into(), Value::Int(now)],
    )
    .await?
    .iter()
    .map(project_from_row)
    .collect()
}

/// How long a project's sync is held by the run paging it, renewed with
/// every page.
pub const SYNC_LEASE_MS: i64 = 5 * 60_000;

/// Takes a project's sync until `until`, if no other run holds it.
pub async fn claim(sql: &dyn Sql, id: &str, now: i64, until: i64) -> Result<bool> {
    let n = sql
        .execute(
            "UPDATE tracker_projects SET sync_claimed_until = $3 WHERE id = $1 \
             AND (sync_claimed_until IS NULL OR sync_claimed_until < $2)",
            &[id.into(), Value::Int(now), Value::Int(until)],
        )
        .await?;
    Ok(n > 0)
}

/// Saves where a project's sync stands; `next_at` is when it is due again
/// (`None` keeps the claim, to go on in the same run).
pub async fn save_progress(
    sql: &dyn Sql,
    id: &str,
    cursor: &SyncCursor,
    now: i64,
    next_at: Option<i64>,
    error: Option<&str>,
) -> Result<()> {
    let released = next_at.is_some();
    // Going on: the lease is renewed with each page saved.
    sql.execute(
        "UPDATE tracker_projects SET sync_cursor = $2, last_sync_at = $3, next_sync_at = COALESCE($4, next_sync_at), \
         last_error = $5, sync_claimed_until = CASE WHEN $6 THEN NULL ELSE CAST($7 AS BIGINT) END, updated_at = $3 WHERE id = $1",
        &[
            id.into(),
            json_text(cursor)?,
            Value::Int(now),
            next_at.into(),
            error.into(),
            released.into(),
            Value::Int(now + SYNC_LEASE_MS),
        ],
    )
    .await
    .map(|_| ())
}

/// Takes an organization or project (`table`) in or out now; the
/// tracker's scope says so for good.
pub async fn set_in_scope(
    sql: &dyn Sql,
    project: bool,
    id: &str,
    taken: bool,
    now: i64,
) -> Result<()> {
    let table = if project {
        "tracker_projects"
    } else {
        "tracker_organizations"
    };
    sql.execute(
        &format!("UPDATE {table} SET in_scope = $2, updated_at = $3 WHERE id = $1"),
        &[id.into(), taken.into(), Value::Int(now)],
    )
    .await
    .map(|_| ())
}

/// Makes a tracker's listing and every project of it due now (a sync
/// asked for).
pub async fn make_due(sql: &dyn Sql, tracker_id: &str, now: i64) -> Result<()> {
    sql.batch(&[
        Statement::new(
            "UPDATE trackers SET next_sync_at = $2 WHERE id = $1",
            vec![tracker_id.into(), Value::Int(now)],
        ),
        Statement::new(
            "UPDATE tracker_projects SET next_sync_at = $2 WHERE tracker_id = $1 AND in_scope = $3",
            vec![tracker_id.into(), Value::Int(now), true.into()],
        ),
    ])
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_takes_listed_projects_and_their_owners() {
        let all = Scope::default();
        assert!(all.takes_organization("any") && all.takes_project("any", "any/x"));
        let orgs = Scope {
            organizations: vec!["Octo".into()],
            ..Scope::default()
        };
        assert!(orgs.takes_organization("octo"));
        assert!(orgs.takes_project("octo", "octo/a"));
        assert!(!orgs.takes_project("other", "other/a"));
        let mut projects = Scope {
            projects: vec!["octo/a".into()],
            ..Scope::default()
        };
        assert!(projects.takes_organization("octo"));
        assert!(projects.takes_project("octo", "octo/a"));
        assert!(!projects.takes_project("octo", "octo/b"));
        projects.set("octo/b", true, true);
        assert!(projects.takes_project("octo", "octo/b"));
        projects.set("octo/a", true, false);
        assert!(!projects.takes_project("octo", "octo/a"));
        let mut everything = Scope::default();
        everything.set("noisy", false, false);
        assert!(!everything.takes_organization("noisy"));
        assert!(!everything.takes_project("noisy", "noisy/x"));
        assert!(everything.takes_project("calm", "calm/x"));
    }
}
