//! A model's evaluation of an issue, kept per issue, prompt version and
//! model, and reused while the issue's revision (what the model was shown)
//! is unchanged.

use super::sql::Sql;
use crate::error::Result;

/// Which evaluation: the issue, the prompt version and the model.
#[derive(Debug, Clone, Copy)]
pub struct Key<'a> {
    pub account_id: &'a str,
    pub issue_id: &'a str,
    pub prompt_version: &'a str,
    pub model: &'a str,
}

/// The stored answer (JSON), if it was made for this `revision`.
pub async fn get(sql: &dyn Sql, key: Key<'_>, revision: &str) -> Result<Option<String>> {
    let rows = sql
        .query(
            "SELECT answer FROM issue_evaluations WHERE issue_id = $1 AND account_id = $2 \
             AND prompt_version = $3 AND model = $4 AND revision = $5",
            &[
                key.issue_id.into(),
                key.account_id.into(),
                key.prompt_version.into(),
                key.model.into(),
                revision.into(),
            ],
        )
        .await?;
    rows.first().map(|r| r.str("answer")).transpose()
}

/// Keeps `answer` as the evaluation of `revision`, replacing an older one.
pub async fn put(
    sql: &dyn Sql,
    key: Key<'_>,
    revision: &str,
    answer: &str,
    now: i64,
) -> Result<()> {
    sql.execute(
        "INSERT INTO issue_evaluations (issue_id, account_id, prompt_version, model, revision, answer, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issue_id, prompt_version, model) DO UPDATE SET \
         revision = excluded.revision, answer = excluded.answer, created_at = excluded.created_at",
        &[
            key.issue_id.into(),
            key.account_id.into(),
            key.prompt_version.into(),
            key.model.into(),
            revision.into(),
            answer.into(),
            now.into(),
        ],
    )
    .await?;
    Ok(())
}
