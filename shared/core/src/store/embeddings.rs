//! Embeddings and nearest-neighbour search. Postgres ranks with pgvector's
//! cosine distance operator in SQL; SQLite stores the vector as bytes and
//! ranks in Rust, which is fine at the sizes an embedded store holds.

use super::sql::{Dialect, Sql, Value};
use crate::error::Result;

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
}

pub async fn upsert(sql: &dyn Sql, e: &Embedding<'_>, now: i64) -> Result<()> {
    let vector = match sql.dialect() {
        Dialect::Postgres => Value::Text(super::sql::vector_literal(e.vector)),
        Dialect::Sqlite => Value::Bytes(e.vector.iter().flat_map(|f| f.to_le_bytes()).collect()),
    };
    // The vector goes as text on Postgres (see `vector_literal`): Spin's
    // Postgres interface has no pgvector type.
    let placeholder = match sql.dialect() {
        Dialect::Postgres => "$6::text::vector",
        Dialect::Sqlite => "$6",
    };
    sql.execute(
        &format!("INSERT INTO embeddings (id, account_id, kind, ref_id, content, embedding, created_at) VALUES ($1, $2, $3, $4, $5, {placeholder}, $7) \
         ON CONFLICT (id) DO UPDATE SET content = excluded.content, embedding = excluded.embedding"),
        &[
            e.id.into(),
            e.account_id.into(),
            e.kind.into(),
            e.ref_id.into(),
            e.content.into(),
            vector,
            Value::Int(now),
        ],
    )
    .await?;
    Ok(())
}

pub async fn nearest(
    sql: &dyn Sql,
    account_id: &str,
    kind: &str,
    query: &[f32],
    limit: usize,
) -> Result<Vec<Neighbour>> {
    match sql.dialect() {
        Dialect::Postgres => {
            let rows = sql
                .query(
                    &format!(
                        "SELECT ref_id, content, (embedding <=> $3::text::vector)::float8 AS distance FROM embeddings \
                         WHERE account_id = $1 AND kind = $2 ORDER BY embedding <=> $3::text::vector LIMIT {}",
                        limit.max(1)
                    ),
                    &[
                        account_id.into(),
                        kind.into(),
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
                    "SELECT ref_id, content, embedding FROM embeddings WHERE account_id = $1 AND kind = $2",
                    &[account_id.into(), kind.into()],
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
            scored.truncate(limit.max(1));
            Ok(scored)
        }
    }
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
