//! Controls set on an account, a managed agent or a key: the kill switch
//! and the rate limit.

use super::sql::{Sql, Value};
use crate::error::{Error, Result};
use serde::Serialize;

/// What a control covers: the account, a managed agent or one key (the
/// same scopes rules have).
pub use crate::policy::Scope;

/// A switch that is on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Active {
    pub scope: &'static str,
    pub id: String,
    pub reason: Option<String>,
    pub since: i64,
}

/// Sets (`Some(at)`) or clears (`None`) a kill switch.
pub async fn set_kill(
    sql: &dyn Sql,
    account_id: &str,
    scope: &Scope,
    at: Option<i64>,
    reason: Option<&str>,
) -> Result<()> {
    let reason = at.and(reason).map(str::to_string);
    let (statement, params): (&str, Vec<Value>) = match scope {
        Scope::Account => (
            "UPDATE accounts SET killed_at = $2, kill_reason = $3 WHERE id = $1",
            vec![account_id.into(), at.into(), reason.into()],
        ),
        Scope::Agent(id) => (
            "UPDATE agents SET killed_at = $3, kill_reason = $4 WHERE id = $1 AND account_id = $2",
            vec![
                id.as_str().into(),
                account_id.into(),
                at.into(),
                reason.into(),
            ],
        ),
        Scope::ApiKey(id) => (
            "UPDATE api_keys SET killed_at = $3, kill_reason = $4 WHERE id = $1 AND account_id = $2",
            vec![
                id.as_str().into(),
                account_id.into(),
                at.into(),
                reason.into(),
            ],
        ),
    };
    if sql.execute(statement, &params).await? == 0 {
        return Err(Error::not_found(format!("no {} to switch", scope.kind())));
    }
    Ok(())
}

/// The kill switches that are on in an account.
pub async fn active_kills(sql: &dyn Sql, account_id: &str) -> Result<Vec<Active>> {
    let rows = sql
        .query(
            "SELECT 'account' AS kind, id, kill_reason, killed_at FROM accounts WHERE id = $1 AND killed_at IS NOT NULL \
             UNION ALL SELECT 'agent', id, kill_reason, killed_at FROM agents WHERE account_id = $1 AND killed_at IS NOT NULL \
             UNION ALL SELECT 'api_key', id, kill_reason, killed_at FROM api_keys WHERE account_id = $1 AND killed_at IS NOT NULL",
            &[account_id.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Active {
                scope: match r.str("kind")?.as_str() {
                    "account" => "account",
                    "agent" => "agent",
                    _ => "api_key",
                },
                id: r.str("id")?,
                reason: r.opt_str("kill_reason")?,
                since: r.int("killed_at")?,
            })
        })
        .collect()
}

/// Pending approval requests of calls the switch covers.
pub async fn pending_requests(
    sql: &dyn Sql,
    account_id: &str,
    scope: &Scope,
) -> Result<Vec<String>> {
    let (filter, params): (&str, Vec<Value>) = match scope {
        Scope::Account => ("", vec![account_id.into()]),
        Scope::Agent(id) => (
            " AND api_key_id IN (SELECT id FROM api_keys WHERE agent_id = $2)",
            vec![account_id.into(), id.as_str().into()],
        ),
        Scope::ApiKey(id) => (
            " AND api_key_id = $2",
            vec![account_id.into(), id.as_str().into()],
        ),
    };
    sql.query(
        &format!(
            "SELECT id FROM approval_requests WHERE account_id = $1 AND status = 'pending'{filter}"
        ),
        &params,
    )
    .await?
    .iter()
    .map(|r| r.str("id"))
    .collect()
}

/// Sets or clears (`None`) the calls per minute at one level.
pub async fn set_rate_limit(
    sql: &dyn Sql,
    account_id: &str,
    scope: &Scope,
    per_minute: Option<i64>,
) -> Result<()> {
    if per_minute.is_some_and(|n| !(1..=1_000_000).contains(&n)) {
        return Err(Error::bad_request(
            "rate_limit_per_minute must be between 1 and 1000000 (or null for none)",
        ));
    }
    let (statement, params): (&str, Vec<Value>) = match scope {
        Scope::Account => (
            "UPDATE accounts SET rate_limit_per_minute = $2 WHERE id = $1",
            vec![account_id.into(), per_minute.into()],
        ),
        Scope::Agent(id) => (
            "UPDATE agents SET rate_limit_per_minute = $3 WHERE id = $1 AND account_id = $2",
            vec![id.as_str().into(), account_id.into(), per_minute.into()],
        ),
        Scope::ApiKey(id) => (
            "UPDATE api_keys SET rate_limit_per_minute = $3 WHERE id = $1 AND account_id = $2",
            vec![id.as_str().into(), account_id.into(), per_minute.into()],
        ),
    };
    if sql.execute(statement, &params).await? == 0 {
        return Err(Error::not_found(format!("no {} to limit", scope.kind())));
    }
    Ok(())
}

/// The limit set at one level (not inherited).
pub async fn rate_limit(sql: &dyn Sql, account_id: &str, scope: &Scope) -> Result<Option<i64>> {
    let (statement, params): (&str, Vec<Value>) = match scope {
        Scope::Account => (
            "SELECT rate_limit_per_minute AS n FROM accounts WHERE id = $1",
            vec![account_id.into()],
        ),
        Scope::Agent(id) => (
            "SELECT rate_limit_per_minute AS n FROM agents WHERE id = $1 AND account_id = $2",
            vec![id.as_str().into(), account_id.into()],
        ),
        Scope::ApiKey(id) => (
            "SELECT rate_limit_per_minute AS n FROM api_keys WHERE id = $1 AND account_id = $2",
            vec![id.as_str().into(), account_id.into()],
        ),
    };
    match sql.query(statement, &params).await?.first() {
        Some(r) => r.opt_int("n"),
        None => Err(Error::not_found(format!("no {}", scope.kind()))),
    }
}

/// Whether a kill switch covers a key right now (its own, its agent's or
/// its account's): read fresh, for work that outlives the request that
/// checked it (an approved call run later).
pub async fn key_is_killed(sql: &dyn Sql, key_id: &str) -> Result<bool> {
    let rows = sql
        .query(
            "SELECT 1 AS killed FROM api_keys k JOIN accounts a ON a.id = k.account_id \
             LEFT JOIN agents g ON g.id = k.agent_id \
             WHERE k.id = $1 AND (k.killed_at IS NOT NULL OR g.killed_at IS NOT NULL OR a.killed_at IS NOT NULL)",
            &[key_id.into()],
        )
        .await?;
    Ok(!rows.is_empty())
}
