//! Numbered policy revisions: the document each apply or rollback left in
//! force, with the values its `${VAR}` references had (sealed).

use super::sql::{Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub number: i64,
    /// `apply` or `rollback`.
    pub kind: String,
    /// For a rollback: the revision whose document was restored.
    pub source_number: Option<i64>,
    /// The API key that applied it.
    pub applied_by: Option<String>,
    /// Counts of what changed, and the document's metadata name.
    pub summary: serde_json::Value,
    pub created_at: i64,
    #[serde(skip)]
    pub document: String,
    #[serde(skip)]
    pub secrets_enc: Option<String>,
}

const COLUMNS: &str =
    "number, kind, source_number, applied_by, summary, created_at, document, secrets_enc";

fn from_row(r: &Row) -> Result<Revision> {
    Ok(Revision {
        number: r.int("number")?,
        kind: r.str("kind")?,
        source_number: r.opt_int("source_number")?,
        applied_by: r.opt_str("applied_by")?,
        summary: r.json("summary")?,
        created_at: r.int("created_at")?,
        document: r.str("document")?,
        secrets_enc: r.opt_str("secrets_enc")?,
    })
}

/// Newest first.
pub async fn list(sql: &dyn Sql, account_id: &str, limit: i64) -> Result<Vec<Revision>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM policy_revisions WHERE account_id = $1 ORDER BY number DESC LIMIT $2"
        ),
        &[account_id.into(), Value::Int(limit)],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn latest(sql: &dyn Sql, account_id: &str) -> Result<Option<Revision>> {
    Ok(list(sql, account_id, 1).await?.into_iter().next())
}

pub async fn get(sql: &dyn Sql, account_id: &str, number: i64) -> Result<Revision> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM policy_revisions WHERE account_id = $1 AND number = $2"),
        &[account_id.into(), Value::Int(number)],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()?
    .ok_or_else(|| Error::not_found(format!("no policy version {number}")))
}

/// Records a revision, but only while the account's policy is still at
/// `expected_policy_version`: otherwise the number is NULL, the insert fails,
/// and the whole batch it leads is rolled back. Put it first in the batch.
pub fn insert_guarded(account_id: &str, r: &Revision, expected_policy_version: i64) -> Statement {
    Statement::new(
        "INSERT INTO policy_revisions (account_id, number, document, secrets_enc, kind, source_number, applied_by, summary, created_at) \
         VALUES ($1, (SELECT CAST($2 AS BIGINT) FROM accounts WHERE id = $1 AND policy_version = $3), $4, $5, $6, $7, $8, $9, $10)",
        vec![
            account_id.into(),
            Value::Int(r.number),
            Value::Int(expected_policy_version),
            r.document.as_str().into(),
            r.secrets_enc.clone().into(),
            r.kind.as_str().into(),
            r.source_number.into(),
            r.applied_by.clone().into(),
            Value::Text(r.summary.to_string()),
            Value::Int(r.created_at),
        ],
    )
}
