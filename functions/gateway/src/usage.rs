//! `GET /api/v1/usage/events`: the usage ledger, newest first, a page at a
//! time (the cursor is the last row's time and id).

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
