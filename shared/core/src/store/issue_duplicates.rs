//! What people decided about pairs of issues that duplicate detection put
//! to them. A pair is kept once, its two ids in order.

use super::sql::{Sql, Value};
use crate::error::{Error, Result};
use serde::Serialize;

/// What a pair was decided to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// One duplicates the other (closed in its tracker, pointing at it).
    Duplicate,
    /// Related, both kept (linked in the tracker).
    Linked,
    /// Not duplicates: never suggested again.
    NotDuplicate,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Duplicate => "duplicate",
            Resolution::Linked => "linked",
            Resolution::NotDuplicate => "not_duplicate",
        }
    }
    pub fn parse(s: &str) -> Result<Resolution> {
        match s {
            "duplicate" => Ok(Resolution::Duplicate),
            "linked" | "link" => Ok(Resolution::Linked),
            "not_duplicate" => Ok(Resolution::NotDuplicate),
            _ => Err(Error::bad_request(
                "resolution is duplicate, linked or not_duplicate",
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decided {
    pub issue_id: String,
    pub other_id: String,
    pub resolution: Resolution,
    pub similarity: Option<f64>,
    pub comment: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: i64,
}

/// The pair in its stored order.
pub fn ordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

#[allow(clippy::too_many_arguments)]
pub async fn decide(
    sql: &dyn Sql,
    id: &str,
    account_id: &str,
    a: &str,
    b: &str,
    resolution: Resolution,
    similarity: Option<f64>,
    comment: Option<&str>,
    decided_by: Option<&str>,
    now: i64,
) -> Result<()> {
    let (first, second) = ordered(a, b);
    sql.execute(
        "INSERT INTO issue_duplicates (id, account_id, issue_id, other_id, resolution, similarity, comment, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (account_id, issue_id, other_id) DO UPDATE SET \
         resolution = excluded.resolution, similarity = excluded.similarity, comment = excluded.comment, \
         decided_by = excluded.decided_by, decided_at = excluded.decided_at",
        &[
            id.into(),
            account_id.into(),
            first.into(),
            second.into(),
            resolution.as_str().into(),
            similarity.map(Value::Float).unwrap_or(Value::Null),
            comment.into(),
            decided_by.into(),
            Value::Int(now),
        ],
    )
    .await
    .map(|_| ())
}

/// Every decision involving `issue_id`.
pub async fn of_issue(sql: &dyn Sql, account_id: &str, issue_id: &str) -> Result<Vec<Decided>> {
    sql.query(
        "SELECT issue_id, other_id, resolution, similarity, comment, decided_by, decided_at FROM issue_duplicates \
         WHERE account_id = $1 AND (issue_id = $2 OR other_id = $2) ORDER BY decided_at DESC LIMIT 1000",
        &[account_id.into(), issue_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Decided {
            issue_id: r.str("issue_id")?,
            other_id: r.str("other_id")?,
            resolution: Resolution::parse(&r.str("resolution")?)
                .map_err(|_| Error::internal("store: unknown resolution"))?,
            similarity: match r.get("similarity") {
                Some(Value::Float(f)) => Some(*f),
                Some(Value::Int(i)) => Some(*i as f64),
                _ => None,
            },
            comment: r.opt_str("comment")?,
            decided_by: r.opt_str("decided_by")?,
            decided_at: r.int("decided_at")?,
        })
    })
    .collect()
}
