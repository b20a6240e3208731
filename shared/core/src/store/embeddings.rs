//! Embeddings and nearest-neighbour search. Each vector is kept with the
//! model that made it, its length and a hash of its text. Postgres ranks
//! with pgvector's cosine distance, through an HNSW index per vector
//! length (a partial expression index: `embedding::vector(N)`); SQLite and
//! D1 keep the vector as bytes and rank exactly, in Rust.

use super::sql::{Dialect, Sql, Statement, Value};
use crate::error::Result;
use std::cell::RefCell;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub ref_id: String,
    pub content: String,
    /// Cosine distance: 0 for the same direction, up to 2 for opposite.
    pub distance: f32,
}

/// One embedded piece of content.
pub struct Embedding<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    /// What was embedded: `tool`, `issue`, …
    pub kind: &'a str,
    pub ref_id: &'a str,
    pub content: &'a str,
    pub vector: &'a [f32],
    /// The model that made it.
    pub model: &'a str,
    /// A hash of the text it was made from.
    pub content_hash: Option<&'a str>,
}

/// The statement that stores (or replaces) one embedding.
pub fn upsert_statement(dialect: Dialect, e: &Embedding<'_>, now: i64) -> Statement {
    let vector = match dialect {
        Dialect::Postgres => Value::Text(super::sql::vector_literal(e.vector)),
        Dialect::Sqlite => Value::Bytes(e.vector.iter().flat_map(|f| f.to_le_bytes()).collect()),
    };
    // The vector goes as text on Postgres (see `vector_literal`): Spin's
    // Postgres interface has no pgvector type.
    let placeholder = match dialect {
        Dialect::Postgres => "$6::text::vector",
        Dialect::Sqlite => "$6",
    };
    Statement::new(
        format!(
            "INSERT INTO embeddings (id, account_id, kind, ref_id, content, embedding, created_at, model, dims, content_hash) \
             VALUES ($1, $2, $3, $4, $5, {placeholder}, $7, $8, $9, $10) \
             ON CONFLICT (id) DO UPDATE SET content = excluded.content, embedding = excluded.embedding, \
             created_at = excluded.created_at, model = excluded.model, dims = excluded.dims, content_hash = excluded.content_hash"
        ),
        vec![
            e.id.into(),
            e.account_id.into(),
            e.kind.into(),
            e.ref_id.into(),
            e.content.into(),
            vector,
            Value::Int(now),
            e.model.into(),
            Value::Int(e.vector.len() as i64),
            e.content_hash.into(),
        ],
    )
}

pub async fn upsert(sql: &dyn Sql, e: &Embedding<'_>, now: i64) -> Result<()> {
    ensure_index(sql, e.vector.len()).await?;
    let s = upsert_statement(sql.dialect(), e, now);
    sql.execute(&s.sql, &s.params).await.map(|_| ())
}

/// Stores several embeddings in one transaction.
pub async fn upsert_all(sql: &dyn Sql, all: &[Embedding<'_>], now: i64) -> Result<()> {
    if let Some(first) = all.first() {
        ensure_index(sql, first.vector.len()).await?;
    }
    let statements: Vec<Statement> = all
        .iter()
        .map(|e| upsert_statement(sql.dialect(), e, now))
        .collect();
    sql.batch(&statements).await.map(|_| ())
}

thread_local! {
    /// Vector lengths whose HNSW index this instance knows exists.
    static INDEXED: RefCell<HashSet<usize>> = RefCell::new(HashSet::from([64]));
}

/// Postgres: the HNSW index for vectors of this length (64, the built-in
/// model's, comes with the schema; another model's is made when its first
/// vector is stored). pgvector indexes up to 2,000 dimensions.
async fn ensure_index(sql: &dyn Sql, dims: usize) -> Result<()> {
    if sql.dialect() != Dialect::Postgres
        || dims == 0
        || dims > 2_000
        || INDEXED.with(|i| i.borrow().contains(&dims))
    {
        return Ok(());
    }
    sql.execute(
        &format!(
            "CREATE INDEX IF NOT EXISTS embeddings_hnsw_{dims} ON embeddings USING hnsw \
             ((embedding::vector({dims})) vector_cosine_ops) WHERE dims = {dims}"
        ),
        &[],
    )
    .await?;
    INDEXED.with(|i| i.borrow_mut().insert(dims));
    Ok(())
}

/// The `limit` nearest of `kind` made by `model`, nearest first.
pub async fn nearest(
    sql: &dyn Sql,
    account_id: &str,
    kind: &str,
    model: &str,
    query: &[f32],
    limit: usize,
) -> Result<Vec<Neighbour>> {
    let limit = limit.clamp(1, 1000);
    match sql.dialect() {
        Dialect::Postgres => {
            let dims = query.len();
            let rows = sql
                .query(
                    &format!(
                        "SELECT ref_id, content, (embedding::vector({dims}) <=> $4::text::vector({dims}))::float8 AS distance \
                         FROM embeddings WHERE dims = {dims} AND account_id = $1 AND kind = $2 AND model = $3 \
                         ORDER BY embedding::vector({dims}) <=> $4::text::vector({dims}) LIMIT {limit}"
                    ),
                    &[
                        account_id.into(),
                        kind.into(),
                        model.into(),
                        Value::Text(super::sql::vector_literal(query)),
                    ],
                )
                .await?;
            rows.iter()
                .map(|r| {
                    let distance = match r.get("distance") {
                        Some(Value::Float(f)) => *f as f32,
                        _ => f32::NAN,
                    };
                    Ok(Neighbour {
                        ref_id: r.str("ref_id")?,
                        content: r.str("content")?,
                        distance,
                    })
                })
                .collect()
        }
        Dialect::Sqlite => {
            let rows = sql
                .query(
                    "SELECT ref_id, content, embedding FROM embeddings WHERE account_id = $1 AND kind = $2 AND model = $3",
                    &[account_id.into(), kind.into(), model.into()],
                )
                .await?;
            let mut scored = rows
                .iter()
                .map(|r| {
                    Ok(Neighbour {
                        ref_id: r.str("ref_id")?,
                        content: r.str("content")?,
                        distance: cosine_distance(query, &r.vector("embedding")?),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            scored.sort_by(|a, b| a.distance.total_cmp(&b.distance));
            scored.truncate(limit);
            Ok(scored)
        }
    }
}

/// A stored vector and the model that made it.
pub async fn vector_of(sql: &dyn Sql, id: &str) -> Result<Option<(String, Vec<f32>)>> {
    let column = match sql.dialect() {
        // As text on Postgres, the form every host reads back.
        Dialect::Postgres => "embedding::text AS embedding",
        Dialect::Sqlite => "embedding",
    };
    let rows = sql
        .query(
            &format!("SELECT model, {column} FROM embeddings WHERE id = $1"),
            &[id.into()],
        )
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let vector = match (sql.dialect(), r.get("embedding")) {
        (Dialect::Postgres, Some(Value::Text(t))) => t
            .trim_matches(['[', ']'])
            .split(',')
            .filter_map(|x| x.trim().parse::<f32>().ok())
            .collect(),
        _ => r.vector("embedding")?,
    };
    Ok(Some((r.str("model")?, vector)))
}

pub fn cosine_distance(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return f32::INFINITY;
    }
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        return 1.0;
    }
    1.0 - dot / (na.sqrt() * nb.sqrt())
}
