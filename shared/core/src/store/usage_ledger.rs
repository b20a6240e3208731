//! The gateway's usage ledger: one row per model request, refused ones
//! included, with the provider's own token counts and the cost they came to
//! at the price version that was used.

use super::budgets::{self, Hold};
use super::sql::{Row, Sql, Statement, Value};
use crate::error::Result;
use serde::Serialize;

/// How a gateway request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// On its way to the provider: written before the request goes out,
    /// so a request that never ends still has its row.
    Pending,
    /// The provider answered and the answer reached the caller.
    Ok,
    /// Preloop refused it (unknown or unpriced model, not allowed, bad
    /// request); nothing went to the provider.
    Refused,
    /// The provider failed, timed out, or cut its stream.
    ProviderError,
    /// The caller went away before the answer ended.
    Cancelled,
    /// The host stopped before the answer ended (found by the scheduled
    /// sweep): its most possible cost is counted, since what the provider
    /// charged is unknown.
    Interrupted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::ProviderError => "provider_error",
            Outcome::Cancelled => "cancelled",
            Outcome::Interrupted => "interrupted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub account_id: String,
    pub api_key_id: Option<String>,
    pub agent_id: Option<String>,
    /// The flow and flow execution of the runtime token, when it has them.
    pub flow_id: Option<String>,
    pub flow_execution_id: Option<String>,
    /// The route, e.g. `/openai/v1/chat/completions`.
    pub endpoint: String,
    pub requested_model: Option<String>,
    pub model_id: Option<String>,
    pub provider_id: Option<String>,
    pub upstream_model: Option<String>,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    /// Of the input, how many were read from the provider's cache.
    pub cached_tokens: Option<i64>,
    /// In nano-dollars; `None` when unpriced or nothing was used.
    pub cost_nanousd: Option<i64>,
    pub price_version: Option<String>,
    pub outcome: Outcome,
    /// The HTTP status the caller got.
    pub status: i64,
    /// What went wrong, in words safe to show (never a key).
    pub error: Option<String>,
    pub streamed: bool,
    pub latency_ms: Option<i64>,
    pub ttfb_ms: Option<i64>,
    /// What the request holds on its budgets until it settles.
    pub reservations: Vec<Hold>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, api_key_id, agent_id, flow_id, flow_execution_id, endpoint, requested_model, model_id, provider_id, upstream_model, input_tokens, output_tokens, cached_tokens, cost_nanousd, price_version, outcome, status, error, streamed, latency_ms, ttfb_ms, reservations, created_at";

/// Writes a row (in a batch of the caller's).
pub fn insert_statement(e: &Entry) -> Statement {
    Statement::new(
        format!(
            "INSERT INTO usage_ledger ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
        ),
        vec![
            e.id.as_str().into(),
            e.account_id.as_str().into(),
            e.api_key_id.clone().into(),
            e.agent_id.clone().into(),
            e.flow_id.clone().into(),
            e.flow_execution_id.clone().into(),
            e.endpoint.as_str().into(),
            e.requested_model.clone().into(),
            e.model_id.clone().into(),
            e.provider_id.clone().into(),
            e.upstream_model.clone().into(),
            e.input_tokens.into(),
            e.output_tokens.into(),
            e.cached_tokens.into(),
            e.cost_nanousd.into(),
            e.price_version.clone().into(),
            e.outcome.as_str().into(),
            Value::Int(e.status),
            e.error.clone().into(),
            Value::Bool(e.streamed),
            e.latency_ms.into(),
            e.ttfb_ms.into(),
            holds_json(&e.reservations).into(),
            Value::Int(e.created_at),
        ],
    )
}

pub async fn insert(sql: &dyn Sql, e: &Entry) -> Result<()> {
    let s = insert_statement(e);
    sql.execute(&s.sql, &s.params).await.map(|_| ())
}

/// Turns a pending row into a refusal (its budgets would have been
/// passed), in the batch that gives its holds back.
pub fn refuse_statement(account_id: &str, id: &str, status: i64, error: &str) -> Statement {
    Statement::new(
        "UPDATE usage_ledger SET outcome = 'refused', status = $3, error = $4, latency_ms = 0, \
         reservations = NULL WHERE account_id = $1 AND id = $2 AND outcome = 'pending'",
        vec![
            account_id.into(),
            id.into(),
            Value::Int(status),
            error.into(),
        ],
    )
}

fn holds_json(holds: &[Hold]) -> Option<String> {
    (!holds.is_empty())
        .then(|| serde_json::to_string(holds).ok())
        .flatten()
}

/// How a pending row ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub cached_tokens: Option<i64>,
    pub cost_nanousd: Option<i64>,
    pub outcome: Outcome,
    pub status: i64,
    pub error: Option<String>,
    pub latency_ms: Option<i64>,
    pub ttfb_ms: Option<i64>,
}

/// Ends a pending row and settles its holds to its cost, in one
/// transaction; whether this call was the one that ended it. The row is
/// claimed with `token` first, and the holds are settled only for the
/// claimant, so a row is settled once even if two hosts try.
pub async fn settle(
    sql: &dyn Sql,
    account_id: &str,
    id: &str,
    s: &Settlement,
    holds: &[Hold],
    token: &str,
) -> Result<bool> {
    let mut statements = vec![Statement::new(
        "UPDATE usage_ledger SET input_tokens = $3, output_tokens = $4, cached_tokens = $5, \
         cost_nanousd = $6, outcome = $7, status = $8, error = $9, latency_ms = $10, ttfb_ms = $11, \
         settled_by = $12 WHERE account_id = $1 AND id = $2 AND outcome = 'pending'",
        vec![
            account_id.into(),
            id.into(),
            s.input_tokens.into(),
            s.output_tokens.into(),
            s.cached_tokens.into(),
            s.cost_nanousd.into(),
            s.outcome.as_str().into(),
            Value::Int(s.status),
            s.error.clone().into(),
            s.latency_ms.into(),
            s.ttfb_ms.into(),
            token.into(),
        ],
    )];
    statements.extend(budgets::settle_statements(
        holds,
        s.cost_nanousd.unwrap_or(0),
        id,
        token,
    ));
    let changed = sql.batch(&statements).await?;
    Ok(changed.first() == Some(&1))
}

/// Ends the rows a host left pending before `cutoff_ms` (it stopped while
/// their answers ran), counting each at the most it could have cost on its
/// budgets; how many.
pub async fn close_stale(sql: &dyn Sql, cutoff_ms: i64, now_ms: i64) -> Result<u64> {
    let rows = sql
        .query(
            &format!(
                "SELECT {COLUMNS} FROM usage_ledger WHERE outcome = 'pending' AND created_at < $1 \
                 ORDER BY created_at LIMIT 200"
            ),
            &[Value::Int(cutoff_ms)],
        )
        .await?;
    let mut closed = 0;
    for row in &rows {
        let e = from_row(row)?;
        let most = e.reservations.first().map(|h| h.amount_nanousd);
        let settlement = Settlement {
            input_tokens: None,
            output_tokens: None,
            cached_tokens: None,
            cost_nanousd: most,
            outcome: Outcome::Interrupted,
            status: 0,
            error: Some(
                "the host stopped before the answer ended; the most it could cost is counted"
                    .into(),
            ),
            latency_ms: Some(now_ms - e.created_at),
            ttfb_ms: None,
        };
        let token = format!("sweep:{}:{now_ms}", e.id);
        if settle(
            sql,
            &e.account_id,
            &e.id,
            &settlement,
            &e.reservations,
            &token,
        )
        .await?
        {
            closed += 1;
        }
    }
    Ok(closed)
}

fn outcome(s: &str) -> Outcome {
    match s {
        "pending" => Outcome::Pending,
        "ok" => Outcome::Ok,
        "refused" => Outcome::Refused,
        "cancelled" => Outcome::Cancelled,
        "interrupted" => Outcome::Interrupted,
        _ => Outcome::ProviderError,
    }
}

fn from_row(r: &Row) -> Result<Entry> {
    Ok(Entry {
        id: r.str("id")?,
        account_id: r.str("account_id")?,
        api_key_id: r.opt_str("api_key_id")?,
        agent_id: r.opt_str("agent_id")?,
        flow_id: r.opt_str("flow_id")?,
        flow_execution_id: r.opt_str("flow_execution_id")?,
        endpoint: r.str("endpoint")?,
        requested_model: r.opt_str("requested_model")?,
        model_id: r.opt_str("model_id")?,
        provider_id: r.opt_str("provider_id")?,
        upstream_model: r.opt_str("upstream_model")?,
        input_tokens: r.opt_int("input_tokens")?,
        output_tokens: r.opt_int("output_tokens")?,
        cached_tokens: r.opt_int("cached_tokens")?,
        cost_nanousd: r.opt_int("cost_nanousd")?,
        price_version: r.opt_str("price_version")?,
        outcome: outcome(&r.str("outcome")?),
        status: r.int("status")?,
        error: r.opt_str("error")?,
        streamed: r.bool("streamed")?,
        latency_ms: r.opt_int("latency_ms")?,
        ttfb_ms: r.opt_int("ttfb_ms")?,
        reservations: r
            .opt_str("reservations")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default(),
        created_at: r.int("created_at")?,
    })
}

/// An account's rows, newest first: at most `limit`, older than the
/// cursor `before` (a row's `created_at` and `id`) when given.
pub async fn page(
    sql: &dyn Sql,
    account_id: &str,
    before: Option<(i64, &str)>,
    limit: usize,
) -> Result<Vec<Entry>> {
    let limit = Value::Int(limit.min(1000) as i64);
    let rows = match before {
        Some((at, id)) => {
            sql.query(
                &format!(
                    "SELECT {COLUMNS} FROM usage_ledger WHERE account_id = $1 \
                     AND (created_at < $2 OR (created_at = $2 AND id < $3)) \
                     ORDER BY created_at DESC, id DESC LIMIT $4"
                ),
                &[account_id.into(), Value::Int(at), id.into(), limit],
            )
            .await?
        }
        None => {
            sql.query(
                &format!(
                    "SELECT {COLUMNS} FROM usage_ledger WHERE account_id = $1 \
                     ORDER BY created_at DESC, id DESC LIMIT $2"
                ),
                &[account_id.into(), limit],
            )
            .await?
        }
    };
    rows.iter().map(from_row).collect()
}

/// What a summary groups the ledger by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Model,
    ApiKey,
    Agent,
    Provider,
    Endpoint,
    Flow,
    FlowExecution,
}

impl GroupBy {
    pub fn parse(s: &str) -> Result<GroupBy> {
        match s {
            "model" => Ok(GroupBy::Model),
            "api_key" => Ok(GroupBy::ApiKey),
            "agent" => Ok(GroupBy::Agent),
            "provider" => Ok(GroupBy::Provider),
            "endpoint" => Ok(GroupBy::Endpoint),
            "flow" => Ok(GroupBy::Flow),
            "flow_execution" => Ok(GroupBy::FlowExecution),
            _ => Err(crate::error::Error::bad_request(
                "by must be model, api_key, agent, provider, endpoint, flow or flow_execution",
            )),
        }
    }
    fn column(self) -> &'static str {
        match self {
            GroupBy::Model => "requested_model",
            GroupBy::ApiKey => "api_key_id",
            GroupBy::Agent => "agent_id",
            GroupBy::Provider => "provider_id",
            GroupBy::Endpoint => "endpoint",
            GroupBy::Flow => "flow_id",
            GroupBy::FlowExecution => "flow_execution_id",
        }
    }
}

/// One group's totals over a time range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The model name, key, agent, provider or endpoint (`None`: rows
    /// without one, such as requests of keys with no agent).
    pub key: Option<String>,
    pub requests: i64,
    pub refused: i64,
    pub failed: i64,
    /// Requests that went through with no price.
    pub unpriced: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cached_tokens: i64,
    pub cost_nanousd: i64,
}

/// The ledger's totals per group, for rows created in `[from, to)`.
pub async fn summary(
    sql: &dyn Sql,
    account_id: &str,
    by: GroupBy,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<Group>> {
    let column = by.column();
    let rows = sql
        .query(
            &format!(
                "SELECT {column} AS group_key, COUNT(*) AS requests, \
                 CAST(SUM(CASE WHEN outcome = 'refused' THEN 1 ELSE 0 END) AS BIGINT) AS refused, \
                 CAST(SUM(CASE WHEN outcome IN ('provider_error', 'interrupted') THEN 1 ELSE 0 END) AS BIGINT) AS failed, \
                 CAST(SUM(CASE WHEN outcome = 'ok' AND price_version = 'unpriced' THEN 1 ELSE 0 END) AS BIGINT) AS unpriced, \
                 CAST(COALESCE(SUM(input_tokens), 0) AS BIGINT) AS input_tokens, \
                 CAST(COALESCE(SUM(output_tokens), 0) AS BIGINT) AS output_tokens, \
                 CAST(COALESCE(SUM(cached_tokens), 0) AS BIGINT) AS cached_tokens, \
                 CAST(COALESCE(SUM(cost_nanousd), 0) AS BIGINT) AS cost \
                 FROM usage_ledger WHERE account_id = $1 AND created_at >= $2 AND created_at < $3 \
                 GROUP BY {column} ORDER BY cost DESC, requests DESC LIMIT 1000"
            ),
            &[account_id.into(), Value::Int(from_ms), Value::Int(to_ms)],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Group {
                key: r.opt_str("group_key")?,
                requests: r.int("requests")?,
                refused: r.int("refused")?,
                failed: r.int("failed")?,
                unpriced: r.int("unpriced")?,
                input_tokens: r.int("input_tokens")?,
                output_tokens: r.int("output_tokens")?,
                cached_tokens: r.int("cached_tokens")?,
                cost_nanousd: r.int("cost")?,
            })
        })
        .collect()
}

/// A flow execution's rows, oldest first (at most `limit`).
pub async fn for_execution(
    sql: &dyn Sql,
    account_id: &str,
    execution_id: &str,
    limit: usize,
) -> Result<Vec<Entry>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM usage_ledger WHERE account_id = $1 AND flow_execution_id = $2 \
             ORDER BY created_at, id LIMIT $3"
        ),
        &[
            account_id.into(),
            execution_id.into(),
            Value::Int(limit.min(10_000) as i64),
        ],
    )
    .await?
    .iter()
    .map(from_row)
    .collect()
}
