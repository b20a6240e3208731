//! Managed agents: enrolled runtimes with keys of their own, which rules can
//! be scoped to.

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// The person responsible for the agent: under a four-eyes workflow
    /// they cannot approve its calls.
    pub owner_user_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn from_row(r: &Row) -> Result<Agent> {
    Ok(Agent {
        id: r.str("id")?,
        name: r.str("name")?,
        description: r.opt_str("description")?,
        owner_user_id: r.opt_str("owner_user_id")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

const COLUMNS: &str = "id, name, description, owner_user_id, created_at, updated_at";

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<Agent>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM agents WHERE account_id = $1 ORDER BY name"),
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Agent> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM agents WHERE id = $1 AND account_id = $2"),
        &[id.into(), account_id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()?
    .ok_or_else(|| Error::not_found(format!("no agent {id}")))
}

fn conflict(e: Error, name: &str) -> Error {
    if e.kind == ErrorKind::Conflict {
        Error::conflict(format!("an agent named '{name}' already exists"))
    } else {
        e
    }
}

/// The insert and the update bind the same values in the same places; `$5`
/// is the creation time for one and the update time for the other.
fn params(account_id: &str, a: &Agent, at: i64) -> [Value; 6] {
    [
        a.id.as_str().into(),
        account_id.into(),
        a.name.as_str().into(),
        a.description.clone().into(),
        Value::Int(at),
        a.owner_user_id.clone().into(),
    ]
}

pub async fn create(sql: &dyn Sql, account_id: &str, a: &Agent) -> Result<()> {
    sql.execute(
        "INSERT INTO agents (id, account_id, name, description, created_at, updated_at, owner_user_id) VALUES ($1, $2, $3, $4, $5, $5, $6)",
        &params(account_id, a, a.created_at),
    )
    .await
    .map_err(|e| conflict(e, &a.name))?;
    Ok(())
}

pub async fn update(sql: &dyn Sql, account_id: &str, a: &Agent) -> Result<()> {
    let n = sql
        .execute(
            "UPDATE agents SET name = $3, description = $4, updated_at = $5, owner_user_id = $6 WHERE id = $1 AND account_id = $2",
            &params(account_id, a, a.updated_at),
        )
        .await
        .map_err(|e| conflict(e, &a.name))?;
    if n == 0 {
        return Err(Error::not_found(format!("no agent {}", a.id)));
    }
    Ok(())
}

/// Deletes an agent no rule is scoped to, with its keys.
pub async fn delete(sql: &dyn Sql, account_id: &str, id: &str) -> Result<()> {
    get(sql, account_id, id).await?;
    let scoped = sql
        .query(
            "SELECT id FROM access_rules WHERE scope_kind = 'agent' AND scope_id = $1",
            &[id.into()],
        )
        .await?;
    if !scoped.is_empty() {
        return Err(Error::conflict(format!(
            "agent {id} is the scope of {} access rule(s); remove them first",
            scoped.len()
        )));
    }
    sql.batch(&[
        Statement::new(
            "DELETE FROM api_keys WHERE agent_id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ),
        Statement::new(
            "DELETE FROM agents WHERE id = $1 AND account_id = $2",
            vec![id.into(), account_id.into()],
        ),
    ])
    .await?;
    Ok(())
}
