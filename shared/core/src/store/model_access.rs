//! Which models a caller may use: lists of model names set for the
//! account, an agent or an API key, the narrowest that exists deciding.

use super::budgets::{Scope, callers_scopes, narrowest_first};
use super::sql::{Sql, Value};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Access {
    pub scope: Scope,
    pub scope_id: String,
    pub models: Vec<String>,
    pub updated_at: i64,
}

fn parse(scope: &str, scope_id: String, models: &str, updated_at: i64) -> Result<Access> {
    Ok(Access {
        scope: Scope::parse(scope)?,
        scope_id,
        models: serde_json::from_str(models)
            .map_err(|_| Error::internal("a stored model list does not parse"))?,
        updated_at,
    })
}

pub async fn list(sql: &dyn Sql, account_id: &str) -> Result<Vec<Access>> {
    sql.query(
        "SELECT scope, scope_id, models, updated_at FROM model_access WHERE account_id = $1 ORDER BY scope, scope_id",
        &[account_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        parse(
            &r.str("scope")?,
            r.str("scope_id")?,
            &r.str("models")?,
            r.int("updated_at")?,
        )
    })
    .collect()
}

pub async fn put(sql: &dyn Sql, account_id: &str, access: &Access) -> Result<()> {
    let models =
        serde_json::to_string(&access.models).map_err(|_| Error::internal("model list"))?;
    sql.execute(
        "INSERT INTO model_access (account_id, scope, scope_id, models, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (account_id, scope, scope_id) DO UPDATE SET models = excluded.models, updated_at = excluded.updated_at",
        &[
            account_id.into(),
            access.scope.as_str().into(),
            access.scope_id.as_str().into(),
            models.into(),
            Value::Int(access.updated_at),
        ],
    )
    .await
    .map(|_| ())
}

pub async fn delete(sql: &dyn Sql, account_id: &str, scope: Scope, scope_id: &str) -> Result<bool> {
    Ok(sql
        .execute(
            "DELETE FROM model_access WHERE account_id = $1 AND scope = $2 AND scope_id = $3",
            &[account_id.into(), scope.as_str().into(), scope_id.into()],
        )
        .await?
        > 0)
}

/// The models a caller may use: the narrowest list set, or `None` when no
/// list applies (every model may be used).
pub async fn allowed(
    sql: &dyn Sql,
    account_id: &str,
    asker: super::ai_models::Asker<'_>,
) -> Result<Option<Vec<String>>> {
    let rows = sql
        .query(
            &format!(
                "SELECT a.models FROM model_access a WHERE a.account_id = $1 AND {} ORDER BY {} LIMIT 1",
                callers_scopes("a", 1),
                narrowest_first("a")
            ),
            &[
                account_id.into(),
                asker.agent_id.map(str::to_string).into(),
                asker.api_key_id.into(),
                asker.flow_id.map(str::to_string).into(),
                asker.flow_execution_id.map(str::to_string).into(),
            ],
        )
        .await?;
    rows.first()
        .map(|r| {
            serde_json::from_str(&r.str("models")?)
                .map_err(|_| Error::internal("a stored model list does not parse"))
        })
        .transpose()
}
