//! Issues (and pull and merge requests) as last synced, their comments, and
//! full-text search over them: `tsvector` with a GIN index on Postgres,
//! FTS5 on SQLite and D1 (its copy of the text written in the same batch as
//! the issue).
//!
//! A write carries the tracker's version (`remote_updated_at`): one older
//! than the row is ignored, so a delivery that arrives late never undoes a
//! newer one.

use super::sql::{Dialect, Row, Sql, Statement, Value};
use crate::error::{Error, Result};
use crate::trackers::{IssueKind, IssueLink, RemoteComment, RemoteIssue};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub id: String,
    #[serde(skip)]
    pub account_id: String,
    pub tracker_id: String,
    pub project_id: String,
    pub external_id: String,
    pub key: String,
    pub number: Option<i64>,
    pub kind: IssueKind,
    pub title: String,
    pub body: String,
    pub state: String,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub labels: Vec<String>,
    pub assignees: Vec<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub links: Vec<IssueLink>,
    pub remote_created_at: Option<i64>,
    pub remote_updated_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, account_id, tracker_id, project_id, external_id, key, number, kind, title, body, state, status, priority, labels, assignees, author, url, links, remote_created_at, remote_updated_at, created_at, updated_at";

fn prefixed(prefix: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{prefix}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list_of<T: serde::de::DeserializeOwned>(r: &Row, name: &str) -> Result<Vec<T>> {
    serde_json::from_value(r.json(name)?)
        .map_err(|e| Error::internal(format!("store: issue {name}: {e}")))
}

fn from_row(r: &Row) -> Result<Issue> {
    Ok(Issue {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        tracker_id: r.str("tracker_id")?,
        project_id: r.str("project_id")?,
        external_id: r.str("external_id")?,
        key: r.str("key")?,
        number: r.opt_int("number")?,
        kind: IssueKind::parse(&r.str("kind")?)?,
        title: r.str("title")?,
        body: r.str("body")?,
        state: r.str("state")?,
        status: r.opt_str("status")?,
        priority: r.opt_str("priority")?,
        labels: list_of(r, "labels")?,
        assignees: list_of(r, "assignees")?,
        author: r.opt_str("author")?,
        url: r.opt_str("url")?,
        links: list_of(r, "links")?,
        remote_created_at: r.opt_int("remote_created_at")?,
        remote_updated_at: r.int("remote_updated_at")?,
        created_at: r.int("created_at")?,
        updated_at: r.int("updated_at")?,
    })
}

fn json_text<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_string(v)
        .map(Value::Text)
        .map_err(|e| Error::internal(e.to_string()))
}

/// Where an issue goes: its account, tracker and project.
#[derive(Debug, Clone, Copy)]
pub struct Home<'a> {
    pub account_id: &'a str,
    pub tracker_id: &'a str,
    pub project_id: &'a str,
}

/// The statements that store `issue` if it is not older than what is
/// stored, and refresh its full-text copy (SQLite); the first one's count
/// says whether it was written.
pub fn upsert_statements(
    dialect: Dialect,
    home: Home<'_>,
    new_id: &str,
    issue: &RemoteIssue,
    now: i64,
) -> Result<Vec<Statement>> {
    let mut out = vec![Statement::new(
        format!(
            "INSERT INTO issues ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) \
             ON CONFLICT (tracker_id, external_id) DO UPDATE SET project_id = excluded.project_id, key = excluded.key, number = excluded.number, \
             kind = excluded.kind, title = excluded.title, body = excluded.body, state = excluded.state, status = excluded.status, \
             priority = excluded.priority, labels = excluded.labels, assignees = excluded.assignees, author = excluded.author, \
             url = excluded.url, links = excluded.links, remote_created_at = excluded.remote_created_at, \
             remote_updated_at = excluded.remote_updated_at, updated_at = excluded.updated_at \
             WHERE issues.remote_updated_at <= excluded.remote_updated_at"
        ),
        vec![
            new_id.into(),
            home.account_id.into(),
            home.tracker_id.into(),
            home.project_id.into(),
            issue.external_id.as_str().into(),
            issue.key.as_str().into(),
            issue.number.into(),
            issue.kind.as_str().into(),
            issue.title.as_str().into(),
            issue.body.as_str().into(),
            issue.state.as_str().into(),
            issue.status.clone().into(),
            issue.priority.clone().into(),
            json_text(&issue.labels)?,
            json_text(&issue.assignees)?,
            issue.author.clone().into(),
            issue.url.clone().into(),
            json_text(&issue.links)?,
            issue.created_at.into(),
            Value::Int(issue.updated_at),
            Value::Int(now),
        ],
    )];
    if dialect == Dialect::Sqlite {
        out.extend(fts_refresh(home.tracker_id, &issue.external_id));
    }
    Ok(out)
}

/// Rewrites an issue's full-text copy from the row as it now is, found by
/// its own rowid (`issue_fts_rows`).
fn fts_refresh(tracker_id: &str, external_id: &str) -> [Statement; 3] {
    let params = || vec![tracker_id.into(), external_id.into()];
    [
        Statement::new(
            "INSERT INTO issue_fts_rows (issue_id) SELECT id FROM issues WHERE tracker_id = $1 AND external_id = $2 \
             ON CONFLICT (issue_id) DO NOTHING",
            params(),
        ),
        Statement::new(
            "DELETE FROM issues_fts WHERE rowid = (SELECT m.fts_rowid FROM issue_fts_rows m JOIN issues i ON i.id = m.issue_id \
             WHERE i.tracker_id = $1 AND i.external_id = $2)",
            params(),
        ),
        Statement::new(
            "INSERT INTO issues_fts (rowid, issue_id, account_id, title, body) SELECT m.fts_rowid, i.id, i.account_id, i.title, i.body \
             FROM issues i JOIN issue_fts_rows m ON m.issue_id = i.id WHERE i.tracker_id = $1 AND i.external_id = $2",
            params(),
        ),
    ]
}

/// SQLite: the statements that remove the full-text copies of the issues
/// `which` selects (a `SELECT id FROM issues …` taking `params`).
pub fn fts_removal(which: &str, params: Vec<Value>) -> [Statement; 2] {
    [
        Statement::new(
            format!(
                "DELETE FROM issues_fts WHERE rowid IN (SELECT fts_rowid FROM issue_fts_rows WHERE issue_id IN ({which}))"
            ),
            params.clone(),
        ),
        Statement::new(
            format!("DELETE FROM issue_fts_rows WHERE issue_id IN ({which})"),
            params,
        ),
    ]
}

/// Stores `issue` unless what is stored is newer; whether it was written.
pub async fn upsert(
    sql: &dyn Sql,
    home: Home<'_>,
    new_id: &str,
    issue: &RemoteIssue,
    now: i64,
) -> Result<bool> {
    let counts = sql
        .batch(&upsert_statements(sql.dialect(), home, new_id, issue, now)?)
        .await?;
    Ok(counts.first().copied().unwrap_or(0) > 0)
}

/// Removes an issue the tracker deleted.
pub async fn delete_by_external(sql: &dyn Sql, tracker_id: &str, external_id: &str) -> Result<()> {
    let mut statements = Vec::new();
    if sql.dialect() == Dialect::Sqlite {
        statements.extend(fts_removal(
            "SELECT id FROM issues WHERE tracker_id = $1 AND external_id = $2",
            vec![tracker_id.into(), external_id.into()],
        ));
    }
    statements.push(Statement::new(
        "DELETE FROM embeddings WHERE kind = 'issue' AND ref_id IN (SELECT id FROM issues WHERE tracker_id = $1 AND external_id = $2)",
        vec![tracker_id.into(), external_id.into()],
    ));
    statements.push(Statement::new(
        "DELETE FROM issues WHERE tracker_id = $1 AND external_id = $2",
        vec![tracker_id.into(), external_id.into()],
    ));
    sql.batch(&statements).await.map(|_| ())
}

pub async fn get(sql: &dyn Sql, account_id: &str, id: &str) -> Result<Option<Issue>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM issues WHERE account_id = $1 AND id = $2"),
        &[account_id.into(), id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

/// An issue by how people write it (`owner/repo#12`, `PROJ-7`).
pub async fn by_key(sql: &dyn Sql, account_id: &str, key: &str) -> Result<Option<Issue>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM issues WHERE account_id = $1 AND key = $2 ORDER BY updated_at DESC LIMIT 1"),
        &[account_id.into(), key.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

pub async fn by_external(
    sql: &dyn Sql,
    tracker_id: &str,
    external_id: &str,
) -> Result<Option<Issue>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM issues WHERE tracker_id = $1 AND external_id = $2"),
        &[tracker_id.into(), external_id.into()],
    )
    .await?
    .first()
    .map(from_row)
    .transpose()
}

pub async fn count_of_tracker(sql: &dyn Sql, tracker_id: &str) -> Result<i64> {
    sql.query(
        "SELECT COUNT(*) AS n FROM issues WHERE tracker_id = $1",
        &[tracker_id.into()],
    )
    .await?
    .first()
    .map(|r| r.int("n"))
    .transpose()
    .map(|n| n.unwrap_or(0))
}

/// Issues by id, in no particular order (at most 500).
pub async fn get_many(sql: &dyn Sql, account_id: &str, ids: &[String]) -> Result<Vec<Issue>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = &ids[..ids.len().min(500)];
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let mut params: Vec<Value> = vec![account_id.into()];
    params.extend(ids.iter().map(|id| Value::from(id.as_str())));
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM issues WHERE account_id = $1 AND id IN ({})",
            placeholders.join(", ")
        ),
        &params,
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// An issue whose vector is missing, of another model, or older than the
/// issue's last change.
#[derive(Debug, Clone, PartialEq)]
pub struct Unembedded {
    pub id: String,
    /// When the issue was last written here.
    pub updated_at: i64,
    pub account_id: String,
    pub title: String,
    pub body: String,
    /// The stored vector's model and text hash, if it has one.
    pub model: Option<String>,
    pub content_hash: Option<String>,
}

/// Among issues written at or after `since` (an index range, so a store of
/// 100,000 issues is not read whole on every run), oldest write first.
pub async fn unembedded(
    sql: &dyn Sql,
    model: &str,
    since: i64,
    limit: usize,
) -> Result<Vec<Unembedded>> {
    sql.query(
        &format!(
            "SELECT i.id, i.account_id, i.title, i.body, i.updated_at, e.model, e.content_hash FROM issues i \
             LEFT JOIN embeddings e ON e.id = i.id \
             WHERE i.updated_at >= $2 AND (e.id IS NULL OR e.model <> $1 OR e.created_at < i.updated_at) \
             ORDER BY i.updated_at LIMIT {}",
            limit.clamp(1, 10_000)
        ),
        &[model.into(), Value::Int(since)],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Unembedded {
            updated_at: r.int("updated_at")?,
            id: r.str("id")?,
            account_id: r.str("account_id")?,
            title: r.str("title")?,
            body: r.str("body")?,
            model: r.opt_str("model")?,
            content_hash: r.opt_str("content_hash")?,
        })
    })
    .collect()
}

/// Marks vectors current without making them again (their text did not
/// change, only the issue's labels or state).
pub async fn vectors_current(sql: &dyn Sql, ids: &[String], now: i64) -> Result<()> {
    let statements: Vec<Statement> = ids
        .iter()
        .map(|id| {
            Statement::new(
                "UPDATE embeddings SET created_at = $2 WHERE id = $1",
                vec![id.as_str().into(), Value::Int(now)],
            )
        })
        .collect();
    if statements.is_empty() {
        return Ok(());
    }
    sql.batch(&statements).await.map(|_| ())
}

/// Other issues whose text names `issue`: by its key anywhere in the
/// account, or as `#N` / `!N` within its project.
pub async fn mentioning(
    sql: &dyn Sql,
    account_id: &str,
    issue: &Issue,
    limit: usize,
) -> Result<Vec<Issue>> {
    let local = match (issue.number, issue.kind) {
        (Some(n), IssueKind::MergeRequest) => format!("%!{n}%"),
        (Some(n), _) => format!("%#{n}%"),
        (None, _) => format!("%{}%", issue.key),
    };
    let candidates: Vec<Issue> = sql
        .query(
            &format!(
                "SELECT {COLUMNS} FROM issues WHERE account_id = $1 AND id <> $2 \
                 AND (body LIKE $3 OR (project_id = $4 AND body LIKE $5)) ORDER BY remote_updated_at DESC LIMIT {}",
                (limit * 4).clamp(1, 1000)
            ),
            &[
                account_id.into(),
                issue.id.as_str().into(),
                format!("%{}%", issue.key).into(),
                issue.project_id.as_str().into(),
                local.into(),
            ],
        )
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_>>()?;
    // LIKE finds `#12` inside `#123` too: keep only real references.
    let here = |i: &Issue| i.key.rsplit_once(['#', '!']).map(|(p, _)| p.to_string());
    Ok(candidates
        .into_iter()
        .filter(|other| {
            crate::trackers::refs::find_all(&other.body)
                .iter()
                .any(|r| r.key(here(other).as_deref()).as_deref() == Some(issue.key.as_str()))
        })
        .take(limit)
        .collect())
}

/// What a listing is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub project_id: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
    /// Issues before this one in the listing (newest update first).
    pub before: Option<(i64, String)>,
}

pub async fn list(sql: &dyn Sql, account_id: &str, f: &Filter, limit: usize) -> Result<Vec<Issue>> {
    let (before_at, before_id) = match &f.before {
        Some((at, id)) => (Value::Int(*at), Value::Text(id.clone())),
        None => (Value::Null, Value::Null),
    };
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM issues WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR project_id = $2) \
             AND (CAST($3 AS TEXT) IS NULL OR state = $3) AND (CAST($4 AS TEXT) IS NULL OR kind = $4) \
             AND (CAST($5 AS BIGINT) IS NULL OR remote_updated_at < $5 OR (remote_updated_at = $5 AND id < $6)) \
             ORDER BY remote_updated_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 500)
        ),
        &[
            account_id.into(),
            f.project_id.clone().into(),
            f.state.clone().into(),
            f.kind.clone().into(),
            before_at,
            before_id,
        ],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The words of a query, as the full-text engines are asked them: letters
/// and digits only (so nothing in a query is the engines' own syntax), at
/// most 32, each at most 64 characters.
pub fn query_words(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(64).collect::<String>().to_lowercase())
        .take(32)
        .collect()
}

/// Issues matching the query's words, best first, with the engine's score
/// (higher is better; scores compare only within one answer): those with
/// every word, and when they are fewer than `limit`, those with any (so a
/// common word does not make the engine rank the whole store).
pub async fn search_text(
    sql: &dyn Sql,
    account_id: &str,
    query: &str,
    project_id: Option<&str>,
    limit: usize,
) -> Result<Vec<(Issue, f64)>> {
    let words = query_words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let limit = limit.clamp(1, 500);
    let mut found = matching(sql, account_id, &words, true, project_id, limit).await?;
    if found.len() < limit && words.len() > 1 {
        for (issue, score) in matching(sql, account_id, &words, false, project_id, limit).await? {
            if found.len() >= limit {
                break;
            }
            if !found.iter().any(|(i, _)| i.id == issue.id) {
                found.push((issue, score));
            }
        }
    }
    Ok(found)
}

async fn matching(
    sql: &dyn Sql,
    account_id: &str,
    words: &[String],
    all: bool,
    project_id: Option<&str>,
    limit: usize,
) -> Result<Vec<(Issue, f64)>> {
    let rows = match sql.dialect() {
        Dialect::Postgres => {
            sql.query(
                &format!(
                    "SELECT {}, ts_rank_cd(i.search, q)::float8 AS score FROM issues i, to_tsquery('english', $2) q \
                     WHERE i.account_id = $1 AND i.search @@ q AND (CAST($3 AS TEXT) IS NULL OR i.project_id = $3) \
                     ORDER BY score DESC, i.id LIMIT {limit}",
                    prefixed("i")
                ),
                &[
                    account_id.into(),
                    words.join(if all { " & " } else { " | " }).into(),
                    project_id.into(),
                ],
            )
            .await?
        }
        Dialect::Sqlite => {
            let match_query = words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(if all { " AND " } else { " OR " });
            sql.query(
                &format!(
                    "SELECT {}, -bm25(issues_fts, 0.0, 0.0, 4.0, 1.0) AS score FROM issues_fts f JOIN issues i ON i.id = f.issue_id \
                     WHERE issues_fts MATCH $2 AND f.account_id = $1 AND (CAST($3 AS TEXT) IS NULL OR i.project_id = $3) \
                     ORDER BY bm25(issues_fts, 0.0, 0.0, 4.0, 1.0), i.id LIMIT {limit}",
                    prefixed("i")
                ),
                &[account_id.into(), match_query.into(), project_id.into()],
            )
            .await?
        }
    };
    rows.iter()
        .map(|r| {
            let score = match r.get("score") {
                Some(Value::Float(f)) => *f,
                Some(Value::Int(i)) => *i as f64,
                _ => 0.0,
            };
            Ok((from_row(r)?, score))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub id: String,
    pub external_id: String,
    pub author: Option<String>,
    pub body: String,
    pub remote_created_at: Option<i64>,
    pub remote_updated_at: i64,
}

/// Stores a comment unless what is stored is newer; whether it was written.
pub async fn upsert_comment(
    sql: &dyn Sql,
    account_id: &str,
    issue_id: &str,
    new_id: &str,
    c: &RemoteComment,
    now: i64,
) -> Result<bool> {
    let n = sql
        .execute(
            "INSERT INTO issue_comments (id, account_id, issue_id, external_id, author, body, remote_created_at, remote_updated_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (issue_id, external_id) DO UPDATE SET \
             author = excluded.author, body = excluded.body, remote_updated_at = excluded.remote_updated_at \
             WHERE issue_comments.remote_updated_at <= excluded.remote_updated_at",
            &[
                new_id.into(),
                account_id.into(),
                issue_id.into(),
                c.external_id.as_str().into(),
                c.author.clone().into(),
                c.body.as_str().into(),
                c.created_at.into(),
                Value::Int(c.updated_at),
                Value::Int(now),
            ],
        )
        .await?;
    Ok(n > 0)
}

pub async fn delete_comment(sql: &dyn Sql, issue_id: &str, external_id: &str) -> Result<()> {
    sql.execute(
        "DELETE FROM issue_comments WHERE issue_id = $1 AND external_id = $2",
        &[issue_id.into(), external_id.into()],
    )
    .await
    .map(|_| ())
}

pub async fn comments(sql: &dyn Sql, issue_id: &str, limit: usize) -> Result<Vec<Comment>> {
    sql.query(
        &format!(
            "SELECT id, external_id, author, body, remote_created_at, remote_updated_at FROM issue_comments \
             WHERE issue_id = $1 ORDER BY remote_created_at, id LIMIT {}",
            limit.clamp(1, 1000)
        ),
        &[issue_id.into()],
    )
    .await?
    .iter()
    .map(|r| {
        Ok(Comment {
            id: r.str("id")?,
            external_id: r.str("external_id")?,
            author: r.opt_str("author")?,
            body: r.str("body")?,
            remote_created_at: r.opt_int("remote_created_at")?,
            remote_updated_at: r.int("remote_updated_at")?,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_carry_no_engine_syntax() {
        assert_eq!(
            query_words("login \"fails\" OR (NEAR*) -500 ü"),
            vec!["login", "fails", "or", "near", "500", "ü"]
        );
        assert!(query_words("\"*()-:").is_empty());
        assert_eq!(query_words(&"a ".repeat(100)).len(), 32);
    }
}
