//! `GET /api/v1/usage/events`: the usage ledger, newest first, a page at a
//! time (the cursor is the last row's time and id); `GET
//! /api/v1/usage/summary`: its totals by model, key, agent, provider or
//! endpoint over a time range.

use crate::meter::usd;
use preloop_core::Env;
use preloop_core::error::{Error, Result};
use preloop_core::http::{Request, Response};
use preloop_core::store::usage_ledger;
use serde_json::json;

const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 1000;

pub async fn events(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let limit = match request.query_param("limit") {
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| Error::bad_request(format!("limit must be from 1 to {MAX_PAGE}")))?,
        None => DEFAULT_PAGE,
    };
    let cursor = request.query_param("cursor");
    let before = match cursor.as_deref() {
        Some(c) => {
            let (at, id) = c
                .split_once('.')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id)))
                .ok_or_else(|| Error::bad_request("cursor is not one this API gave"))?;
            Some((at, id))
        }
        None => None,
    };
    let rows = usage_ledger::page(env.sql(), account, before, limit).await?;
    let next = (rows.len() == limit)
        .then(|| rows.last().map(|r| format!("{}.{}", r.created_at, r.id)))
        .flatten();
    let events: Vec<_> = rows
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or_default();
            v["cost_usd"] = json!(r.cost_nanousd.map(usd));
            v
        })
        .collect();
    Ok(Response::json(
        200,
        &json!({"events": events, "next_cursor": next}),
    ))
}

/// The longest range a summary covers: a year and a bit.
const MAX_RANGE_MS: i64 = 400 * 86_400_000;

pub async fn summary(env: &Env, account: &str, request: &Request) -> Result<Response> {
    let by = usage_ledger::GroupBy::parse(request.query_param("by").as_deref().unwrap_or("model"))?;
    let ms = |name: &str, default: i64| -> Result<i64> {
        match request.query_param(name) {
            Some(v) => v
                .parse::<i64>()
                .map_err(|_| Error::bad_request(format!("{name} is epoch milliseconds"))),
            None => Ok(default),
        }
    };
    let to = ms("to", env.now_ms() + 1)?;
    let from = ms("from", to - 30 * 86_400_000)?;
    if from >= to || to - from > MAX_RANGE_MS {
        return Err(Error::bad_request(
            "from must be before to, at most 400 days apart",
        ));
    }
    let groups = usage_ledger::summary(env.sql(), account, by, from, to).await?;
    let total_cost: i64 = groups.iter().map(|g| g.cost_nanousd).sum();
    let shown: Vec<_> = groups
        .iter()
        .map(|g| {
            let mut v = serde_json::to_value(g).unwrap_or_default();
            v["cost_usd"] = json!(usd(g.cost_nanousd));
            v
        })
        .collect();
    Ok(Response::json(
        200,
        &json!({
            "from": from,
            "to": to,
            "by": request.query_param("by").unwrap_or_else(|| "model".into()),
            "groups": shown,
            "total_requests": groups.iter().map(|g| g.requests).sum::<i64>(),
            "total_cost_nanousd": total_cost,
            "total_cost_usd": usd(total_cost),
        }),
    ))
}

/// `GET /api/v1/flows/executions/{id}/gateway-events`: the ledger rows of
/// one flow execution's runtime tokens, oldest first.
pub async fn for_execution(env: &Env, account: &str, execution_id: &str) -> Result<Response> {
    let rows = usage_ledger::for_execution(env.sql(), account, execution_id, 10_000).await?;
    let total: i64 = rows.iter().filter_map(|r| r.cost_nanousd).sum();
    Ok(Response::json(
        200,
        &json!({
            "flow_execution_id": execution_id,
            "events": rows,
            "total_cost_nanousd": total,
            "total_cost_usd": usd(total),
        }),
    ))
}
