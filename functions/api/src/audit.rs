//! `GET /api/v1/audit`: the audit trail, newest first, with filters and
//! cursor pagination.

use crate::{Ctx, ok};
use preloop_core::http::Response;
use preloop_core::store::audit::{self, AuditFilter};
use preloop_core::{Error, Result};
use serde_json::json;

/// A time given as epoch milliseconds or RFC 3339.
fn parse_time(name: &str, value: &str) -> Result<i64> {
    if let Ok(ms) = value.parse::<i64>() {
        return Ok(ms);
    }
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            Error::bad_request(format!(
                "{name} must be epoch milliseconds or an RFC 3339 time"
            ))
        })
}

pub async fn list(ctx: &Ctx<'_>) -> Result<Response> {
    let mut f = AuditFilter {
        limit: 50,
        ..Default::default()
    };
    for (k, v) in ctx.request.query_pairs() {
        match k.as_str() {
            "tool" => f.tool = Some(v),
            "decision" => f.decision = Some(v),
            "principal" => f.principal = Some(v),
            "outcome" => f.outcome = Some(v),
            "since" => f.since_ms = Some(parse_time("since", &v)?),
            "until" => f.until_ms = Some(parse_time("until", &v)?),
            "cursor" => f.cursor = Some(v),
            "limit" => {
                f.limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=500).contains(n))
                    .ok_or_else(|| Error::bad_request("limit must be between 1 and 500"))?
            }
            other => {
                return Err(Error::bad_request(format!(
                    "unknown query parameter '{other}'"
                )));
            }
        }
    }
    let page = audit::list(ctx.env.sql(), ctx.account(), &f).await?;
    ok(&json!({"events": page.records, "next_cursor": page.next_cursor}))
}
