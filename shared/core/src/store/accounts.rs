//! Accounts and their API keys.

use super::sessions::McpSession;
use super::sql::{Row, Sql, Statement, Value};
use crate::access::Permissions;
use crate::error::{Error, Result};
use crate::principal::{Credential, Killed, Principal, Role};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ApiKey {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    /// The person the key belongs to, if any.
    pub user_id: Option<String>,
    /// The managed agent the key was issued to, if any.
    pub agent_id: Option<String>,
    /// The permissions it is narrowed to, if it is.
    pub scopes: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

fn key_from_row(row: &Row) -> Result<ApiKey> {
    Ok(ApiKey {
        id: row.str("id")?,
        account_id: row.str("account_id")?,
        name: row.str("name")?,
        prefix: row.str("prefix")?,
        role: Role::parse(&row.str("role")?)?,
        user_id: row.opt_str("user_id")?,
        agent_id: row.opt_str("agent_id")?,
        scopes: row.opt_str("scopes")?,
        created_at: row.int("created_at")?,
        revoked_at: row.opt_int("revoked_at")?,
    })
}

pub async fn principal_for_key_hash(
    sql: &dyn Sql,
    key_hash: &str,
    now: i64,
) -> Result<Option<Principal>> {
    Ok(principal_and_session(sql, key_hash, None, now)
        .await?
        .map(|(principal, _)| principal))
}

/// The key's principal and, in the same round trip, the MCP session named
/// by `session_id` if it exists and belongs to that key (a session of
/// another key is not returned).
pub async fn principal_and_session(
    sql: &dyn Sql,
    key_hash: &str,
    session_id: Option<&str>,
    now: i64,
) -> Result<Option<(Principal, Option<McpSession>)>> {
    let rows = sql
        .query(
            "SELECT k.id, k.account_id, k.name, k.role, k.user_id, k.agent_id, g.name AS agent_name, a.policy_version, a.default_action, \
             a.killed_at AS account_killed_at, a.kill_reason AS account_kill_reason, \
             g.killed_at AS agent_killed_at, g.kill_reason AS agent_kill_reason, \
             k.killed_at AS key_killed_at, k.kill_reason AS key_kill_reason, \
             COALESCE(k.rate_limit_per_minute, g.rate_limit_per_minute, a.rate_limit_per_minute) AS rate_limit, \
             s.id AS session_id, s.protocol_version AS session_protocol_version, s.last_seen_at AS session_last_seen_at, \
             s.log_level AS session_log_level, s.client_capabilities AS session_client_capabilities, \
             k.scopes, k.flow_id, k.flow_execution_id, u.role AS user_role, u.disabled_at AS user_disabled_at, t.role AS team_role \
             FROM api_keys k JOIN accounts a ON a.id = k.account_id LEFT JOIN agents g ON g.id = k.agent_id \
             LEFT JOIN mcp_sessions s ON s.id = $2 AND s.api_key_id = k.id AND s.account_id = k.account_id \
             LEFT JOIN users u ON u.id = k.user_id \
             LEFT JOIN team_members tm ON tm.user_id = k.user_id LEFT JOIN teams t ON t.id = tm.team_id \
             WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $3)",
            &[key_hash.into(), session_id.map(str::to_string).into(), Value::Int(now)],
        )
        .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let session = match row.opt_str("session_id")? {
        Some(id) => Some(McpSession {
            id,
            account_id: row.str("account_id")?,
            api_key_id: row.str("id")?,
            protocol_version: row.str("session_protocol_version")?,
            last_seen_at: row.int("session_last_seen_at")?,
            log_level: row.opt_str("session_log_level")?,
            client_capabilities: super::sessions::parse_capabilities(
                row.opt_str("session_client_capabilities")?,
            ),
        }),
        None => None,
    };
    Ok(Some((principal_from_rows(&rows)?, session)))
}

/// A key's principal from its rows (one per team its person is in). Its
/// permissions are its role's, within its owner's: a person's role and
/// their teams' roles, or an agent's; then narrowed by the key's scopes.
/// A key of a disabled person may do nothing.
fn principal_from_rows(rows: &[Row]) -> Result<Principal> {
    let Some(row) = rows.first() else {
        return Err(Error::internal("a key's principal without a row"));
    };
    let role = Role::parse(&row.str("role")?)?;
    let owner = if row.opt_str("user_id")?.is_some() {
        let disabled = row.opt_int("user_disabled_at")?.is_some();
        match row.opt_str("user_role")? {
            _ if disabled => Permissions::NONE,
            // A person's agent key is a machine acting for them, like a
            // managed agent they own: it calls tools whatever their role.
            _ if role == Role::Agent => Role::Agent.permissions(),
            Some(r) => super::people::with_team_roles(Role::parse(&r)?, rows)?,
            None => Permissions::NONE,
        }
    } else if row.opt_str("agent_id")?.is_some() {
        Role::Agent.permissions()
    } else {
        Permissions::all()
    };
    let scopes = match row.opt_str("scopes")? {
        Some(s) => Permissions::parse_scope(&s)?,
        None => Permissions::all(),
    };
    Ok(Principal {
        account_id: row.str("account_id")?,
        api_key_id: row.str("id")?,
        key_name: row.str("name")?,
        role,
        permissions: role.permissions().intersect(owner).intersect(scopes),
        credential: Credential::ApiKey,
        user_id: row.opt_str("user_id")?,
        agent_id: row.opt_str("agent_id")?,
        agent_name: row.opt_str("agent_name")?,
        policy_version: row.int("policy_version")?,
        default_action: row.str("default_action")?,
        killed: killed(row)?,
        rate_limit_per_minute: row.opt_int("rate_limit")?,
        flow_id: row.opt_str("flow_id")?,
        flow_execution_id: row.opt_str("flow_execution_id")?,
    })
}

/// The widest kill switch that is on for a key's row.
fn killed(row: &Row) -> Result<Option<Killed>> {
    for scope in ["account", "agent", "api_key"] {
        let prefix = if scope == "api_key" { "key" } else { scope };
        if let Some(at) = row.opt_int(&format!("{prefix}_killed_at"))? {
            return Ok(Some(Killed {
                scope,
                reason: row.opt_str(&format!("{prefix}_kill_reason"))?,
                at,
            }));
        }
    }
    Ok(None)
}

pub async fn count_accounts(sql: &dyn Sql) -> Result<i64> {
    let rows = sql.query("SELECT COUNT(*) AS n FROM accounts", &[]).await?;
    rows.first().map(|r| r.int("n")).unwrap_or(Ok(0))
}

pub async fn first_account_id(sql: &dyn Sql) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT id FROM accounts ORDER BY created_at, id LIMIT 1",
            &[],
        )
        .await?;
    rows.first().map(|r| r.str("id")).transpose()
}

pub fn create_account_statement(id: &str, name: &str, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO accounts (id, name, default_action, policy_version, created_at) VALUES ($1, $2, 'deny', 1, $3)",
        vec![id.into(), name.into(), Value::Int(now)],
    )
}

/// Creates the deployment's first account, and nothing if one exists.
pub fn create_first_account_statement(id: &str, name: &str, now: i64) -> Statement {
    Statement::new(
        "INSERT INTO accounts (id, name, default_action, policy_version, created_at) SELECT $1, $2, 'deny', 1, $3 WHERE NOT EXISTS (SELECT 1 FROM accounts)",
        vec![id.into(), name.into(), Value::Int(now)],
    )
}

pub struct NewKey<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub name: &'a str,
    pub key_hash: &'a str,
    pub prefix: &'a str,
    pub role: Role,
    /// Space-separated permissions the key is narrowed to; `None`: its
    /// role's.
    pub scopes: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub agent_id: Option<&'a str>,
    /// When a runtime token stops working; `None` for a key.
    pub expires_at: Option<i64>,
    /// The flow and flow execution a runtime token was issued for.
    pub flow_id: Option<&'a str>,
    pub flow_execution_id: Option<&'a str>,
    pub now: i64,
}

pub fn create_key_statement(k: &NewKey<'_>) -> Statement {
    Statement::new(
        "INSERT INTO api_keys (id, account_id, name, key_hash, prefix, role, created_at, user_id, agent_id, scopes, expires_at, flow_id, flow_execution_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        vec![
            k.id.into(),
            k.account_id.into(),
            k.name.into(),
            k.key_hash.into(),
            k.prefix.into(),
            k.role.as_str().into(),
            Value::Int(k.now),
            k.user_id.map(str::to_string).into(),
            k.agent_id.map(str::to_string).into(),
            k.scopes.map(str::to_string).into(),
            k.expires_at.into(),
            k.flow_id.map(str::to_string).into(),
            k.flow_execution_id.map(str::to_string).into(),
        ],
    )
}

pub async fn key_hash_exists(sql: &dyn Sql, key_hash: &str) -> Result<bool> {
    Ok(!sql
        .query(
            "SELECT id FROM api_keys WHERE key_hash = $1",
            &[key_hash.into()],
        )
        .await?
        .is_empty())
}

/// The person behind a key: the user it belongs to, or the owner of the
/// agent it was issued to. Revoked keys count too: a call made before its
/// key was revoked still has the same person behind it.
pub async fn person_behind_key(
    sql: &dyn Sql,
    account_id: &str,
    key_id: &str,
) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT k.user_id AS user_id, a.owner_user_id AS owner_user_id FROM api_keys k \
             LEFT JOIN agents a ON a.id = k.agent_id WHERE k.id = $1 AND k.account_id = $2",
            &[key_id.into(), account_id.into()],
        )
        .await?;
    Ok(match rows.first() {
        Some(r) => r.opt_str("user_id")?.or(r.opt_str("owner_user_id")?),
        None => None,
    })
}

/// The account's admins: the people whose role, or a team of theirs,
/// makes them an owner or an admin.
pub async fn admin_user_ids(sql: &dyn Sql, account_id: &str) -> Result<Vec<String>> {
    sql.query(
        "SELECT id AS user_id FROM users WHERE account_id = $1 AND role IN ('owner', 'admin') AND disabled_at IS NULL \
         UNION SELECT m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id \
         WHERE t.account_id = $1 AND t.role IN ('owner', 'admin') AND u.disabled_at IS NULL ORDER BY user_id",
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(|r| r.str("user_id"))
    .collect()
}

pub async fn list_keys(sql: &dyn Sql, account_id: &str) -> Result<Vec<ApiKey>> {
    sql.query(
        "SELECT id, account_id, name, prefix, role, user_id, agent_id, scopes, created_at, revoked_at FROM api_keys WHERE account_id = $1 ORDER BY created_at, id",
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(key_from_row)
    .collect()
}

pub async fn revoke_key(sql: &dyn Sql, account_id: &str, key_id: &str, now: i64) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL",
            &[key_id.into(), account_id.into(), Value::Int(now)],
        )
        .await?;
    if n == 0 {
        return Err(Error::not_found(format!("no active API key {key_id}")));
    }
    Ok(())
}

pub async fn set_default_action(
    sql: &dyn Sql,
    account_id: &str,
    action: crate::policy::Action,
) -> Result<()> {
    sql.batch(&[
        Statement::new(
            "UPDATE accounts SET default_action = $2 WHERE id = $1",
            vec![account_id.into(), action.as_str().into()],
        ),
        super::bump_policy_version(account_id),
    ])
    .await?;
    Ok(())
}

/// Whether `tools/list` leaves out the tools only a deny default decides.
pub async fn hides_default_denied(sql: &dyn Sql, account_id: &str) -> Result<bool> {
    let rows = sql
        .query(
            "SELECT hide_default_denied FROM accounts WHERE id = $1",
            &[account_id.into()],
        )
        .await?;
    rows.first()
        .map(|r| r.bool("hide_default_denied"))
        .transpose()
        .map(|b| b.unwrap_or(false))
}

/// The statement that sets [`hides_default_denied`]. It moves the policy
/// version like any change a policy file may make.
pub fn set_hide_default_denied_statements(account_id: &str, hide: bool) -> Vec<Statement> {
    vec![
        Statement::new(
            "UPDATE accounts SET hide_default_denied = $2 WHERE id = $1",
            vec![account_id.into(), Value::Bool(hide)],
        ),
        super::bump_policy_version(account_id),
    ]
}

/// An account's own redaction keys and patterns (empty when none are set).
pub async fn redaction(sql: &dyn Sql, account_id: &str) -> Result<(Vec<String>, Vec<String>)> {
    let rows = sql
        .query(
            "SELECT redaction_keys, redaction_patterns FROM accounts WHERE id = $1",
            &[account_id.into()],
        )
        .await?;
    let list = |v: Option<String>| -> Vec<String> {
        v.and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    match rows.first() {
        Some(r) => Ok((
            list(r.opt_str("redaction_keys")?),
            list(r.opt_str("redaction_patterns")?),
        )),
        None => Err(Error::not_found("account not found")),
    }
}

/// Sets the account's own redaction (checked by the caller) and moves the
/// policy version, so every instance's cached redactor is replaced.
pub async fn set_redaction(
    sql: &dyn Sql,
    account_id: &str,
    keys: &[String],
    patterns: &[String],
) -> Result<()> {
    sql.batch(&[
        Statement::new(
            "UPDATE accounts SET redaction_keys = $2, redaction_patterns = $3 WHERE id = $1",
            vec![
                account_id.into(),
                Value::Text(serde_json::Value::from(keys.to_vec()).to_string()),
                Value::Text(serde_json::Value::from(patterns.to_vec()).to_string()),
            ],
        ),
        super::bump_policy_version(account_id),
    ])
    .await?;
    Ok(())
}

pub async fn settings(sql: &dyn Sql, account_id: &str) -> Result<(String, i64)> {
    let rows = sql
        .query(
            "SELECT default_action, policy_version FROM accounts WHERE id = $1",
            &[account_id.into()],
        )
        .await?;
    let row = rows
        .first()
        .ok_or_else(|| Error::not_found("account not found"))?;
    Ok((row.str("default_action")?, row.int("policy_version")?))
}

/// A runtime token as listed: never its hash.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuntimeToken {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub agent_id: Option<String>,
    pub flow_id: Option<String>,
    pub flow_execution_id: Option<String>,
    pub expires_at: i64,
    pub created_at: i64,
}

/// The account's runtime tokens still in force at `now`.
pub async fn live_runtime_tokens(
    sql: &dyn Sql,
    account_id: &str,
    now: i64,
) -> Result<Vec<RuntimeToken>> {
    sql.query(
        "SELECT id, name, prefix, agent_id, flow_id, flow_execution_id, expires_at, created_at FROM api_keys \
         WHERE account_id = $1 AND expires_at IS NOT NULL AND expires_at > $2 AND revoked_at IS NULL \
         ORDER BY created_at, id",
        &[account_id.into(), Value::Int(now)],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(RuntimeToken {
            id: r.str("id")?,
            name: r.str("name")?,
            prefix: r.str("prefix")?,
            agent_id: r.opt_str("agent_id")?,
            flow_id: r.opt_str("flow_id")?,
            flow_execution_id: r.opt_str("flow_execution_id")?,
            expires_at: r.int("expires_at")?,
            created_at: r.int("created_at")?,
        })
    })
    .collect()
}

/// Whether `id` is one of the account's runtime tokens.
pub async fn is_runtime_token(sql: &dyn Sql, account_id: &str, id: &str) -> Result<bool> {
    Ok(!sql
        .query(
            "SELECT id FROM api_keys WHERE account_id = $1 AND id = $2 AND expires_at IS NOT NULL",
            &[account_id.into(), id.into()],
        )
        .await?
        .is_empty())
}
